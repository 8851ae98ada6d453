//! The data model shared by every stage: recommendation [`Card`]s with their
//! [`Provenance`], and the [`Blueprint`] of the document to be drafted.
//!
//! All file formats are TOML read with serde and `deny_unknown_fields`, so that a misspelt
//! key is reported (with file, line and column) instead of silently ignored.

pub mod blueprint;
pub mod card;

pub use blueprint::{Blueprint, Document, Objective, Rule, Section, SectionKind};
pub use card::{Card, PlacementOverride, Provenance};
