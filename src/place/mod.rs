//! Placement: every (merged) card goes into one section, and in an actionable-commitments
//! section into one objective, with the reason that decided it.

use serde::Serialize;

/// Where a card goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Target {
    /// Section id of the blueprint.
    pub section: String,
    /// Objective id, for cards placed in a commitments section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
}

/// Which kind of rule decided a placement, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The card's own `placement` override.
    Override,
    /// A rule on the card's provenance (its source list).
    Provenance,
    /// A rule on the card's words or phrases.
    Text,
    /// The blueprint's default.
    Default,
}

/// Why a card was placed where it was.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// Kind of rule.
    pub kind: RuleKind,
    /// Id of the rule (`override` for a card's own override).
    pub rule: String,
    /// Human-readable detail, e.g. `matched words: recruitment, fees`.
    pub detail: String,
}

/// A section or objective offered for an unplaced card.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// Where.
    pub target: Target,
    /// Lexical similarity in [0, 1].
    pub score: f64,
}

/// The placement of one merged card.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    /// Merged card id.
    pub card: String,
    /// Ids of the member cards.
    pub members: Vec<String>,
    /// Where it goes; `None` when unplaced.
    pub target: Option<Target>,
    /// What decided it; `None` when unplaced.
    pub reason: Option<Reason>,
    /// For unplaced cards: the closest sections/objectives, best first.
    pub suggestions: Vec<Suggestion>,
}
