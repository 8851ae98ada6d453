//! Recommendation cards: short proposals submitted at a consultation, with provenance.
//!
//! On disk, cards live in `recommendations/**/*.toml`, one file per source list (see
//! [`crate::import`] for the file format and the loader).

use serde::{Deserialize, Serialize};

use crate::diagnostic::Location;

/// One recommendation card, as loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Stable, human-readable id, unique across all card files: `<meeting>-<list>-<NN>`,
    /// e.g. `pv2017-ag1-01` (meeting key, list key, 1-based position, zero-padded to 2).
    pub id: String,
    /// The recommendation as worded in the source: trimmed, internal whitespace collapsed,
    /// nothing else changed.
    pub text: String,
    /// Where the card came from.
    pub provenance: Provenance,
    /// Free tags set by drafters (e.g. `gender`, `children`); empty when none.
    pub tags: Vec<String>,
    /// A drafter's explicit placement, which wins over every rule.
    pub placement: Option<PlacementOverride>,
    /// Drafters' notes; never rendered into the draft.
    pub notes: Option<String>,
    /// Where the card is defined (its `id` key), for diagnostics.
    #[serde(skip)]
    pub origin: Option<Location>,
}

/// Where a card came from: the meeting, the list it was read from, its position there,
/// and who proposed it when the source says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Meeting name, e.g. `Preparatory (stocktaking) meeting`.
    pub meeting: String,
    /// Place, e.g. `Puerto Vallarta, Mexico`.
    pub place: String,
    /// Dates as written in the source, e.g. `4-6 December 2017`.
    pub dates: String,
    /// Title of the source document, e.g. `Chair's summary`.
    pub document: String,
    /// Short key of the source list, used in ids and provenance rules, e.g. `ag1`,
    /// `implementation`, `follow-up`.
    pub list_key: String,
    /// Title of the source list as printed, e.g. `ACTION GROUP 1: HUMAN DIMENSION`.
    pub list_title: String,
    /// Dimension of the list when it has one, e.g. `Human dimension`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// 1-based position of the card in its list.
    pub position: u32,
    /// Proposing delegation or stakeholder, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposer: Option<String>,
}

/// A drafter's explicit placement of a card: a section id of the blueprint and, inside an
/// actionable-commitments section, an objective id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementOverride {
    /// Section id, e.g. `commit-to-omit`.
    pub section: String,
    /// Objective id inside the section, e.g. `fair-recruitment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// Why the drafter put it there (shown as the placement's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where the override is written (its `section` value), for diagnostics.
    #[serde(skip)]
    pub location: Option<Location>,
    /// Where the override's `objective` value is written, when there is one, for
    /// diagnostics about the objective.
    #[serde(skip)]
    pub objective_location: Option<Location>,
}
