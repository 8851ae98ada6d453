//! The blueprint: the ordered outline of the document to be drafted, read from
//! `blueprint/*.toml`.
//!
//! The shipped blueprint follows the ten elements proposed at the 2017 stocktaking meeting
//! (chair's summary, concluding session): preamble; vision; reaffirmation of existing
//! agreements; new and updated principles; commit to omit; actionable commitments;
//! principle on implementation; means of implementation; review, monitoring and
//! improvement; usage of format.

use serde::{Deserialize, Serialize};

/// A whole blueprint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// Title block and language of the document.
    pub document: Document,
    /// Sections in document order.
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
    /// Placement rules (see [`crate::place`] for the order they are applied in).
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// Document metadata for the title block.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// e.g. `Global Compact for Safe, Orderly and Regular Migration`.
    pub title: String,
    /// e.g. `Zero draft`, `Rev.1`.
    pub subtitle: String,
    /// UN document symbol when one is assigned, e.g. `A/CONF.231/3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// Date as printed on the title block, e.g. `5 February 2018`.
    pub date: String,
    /// BCP 47 language tag of the text, e.g. `en`.
    pub language: String,
}

/// What kind of paragraphs a section holds (UN drafting practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Unnumbered preambular paragraphs.
    Preambular,
    /// Numbered operative paragraphs.
    Operative,
    /// Objectives, each a numbered commitment paragraph with a chapeau and lettered actions.
    Commitments,
}

/// One section of the outline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id, kebab-case, e.g. `commit-to-omit`.
    pub id: String,
    /// Heading, e.g. `Commit to omit`.
    pub title: String,
    /// What belongs here (used for placement suggestions; not rendered).
    #[serde(default)]
    pub description: String,
    /// Paragraph kind.
    pub kind: SectionKind,
    /// A required section must receive at least one paragraph or card.
    #[serde(default)]
    pub required: bool,
    /// Paragraphs written by the co-facilitators, rendered before any card.
    #[serde(default, rename = "paragraphs")]
    pub paragraphs: Vec<String>,
    /// Objectives (only in a `commitments` section).
    #[serde(default, rename = "objective")]
    pub objectives: Vec<Objective>,
}

/// An objective inside the actionable commitments.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Stable id, kebab-case, e.g. `fair-recruitment`.
    pub id: String,
    /// e.g. `Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work`.
    pub title: String,
    /// The commitment sentence, e.g. `We commit to …`.
    pub commitment: String,
    /// Sentence introducing the actions.
    #[serde(default = "default_chapeau")]
    pub chapeau: String,
    /// What belongs here (used for placement suggestions; not rendered).
    #[serde(default)]
    pub description: String,
}

/// The chapeau of the adopted compact (A/RES/73/195): the sentence between an objective's
/// commitment and its lettered actions.
pub fn default_chapeau() -> String {
    "To realize this commitment, we will draw from the following actions:".to_string()
}

/// A placement rule. A card matches when every condition that is set holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, quoted as the placement's reason.
    pub id: String,
    /// Higher wins; ties are broken as documented in [`crate::place`].
    #[serde(default)]
    pub priority: i32,
    /// Target section id.
    pub section: String,
    /// Target objective id (inside a commitments section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// Provenance condition: the card's list key is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<String>,
    /// Text condition: any of these words (case-insensitive, stemmed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Text condition: any of these phrases (case-insensitive, stemmed word by word).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
}
