//! zerodraft turns recommendation cards into a numbered zero draft, and compares revisions
//! of a negotiating text.
//!
//! The pipeline, one module per stage, each taking the previous stage's type:
//! [`import`] reads cards ([`model::Card`]) from a chair's summary and loads card files;
//! [`dedup`] merges cards that say the same thing ([`dedup::MergedCard`]); [`place`] puts
//! every merged card into a section of the [`model::Blueprint`] with a reason
//! ([`place::Placement`]); [`render`] writes the draft as Markdown, HTML and DOCX. Beside the
//! pipeline, [`diff`] compares revisions across negotiation rounds and [`check`] validates
//! everything for CI. Problems in the user's data are [`diagnostic::Diagnostic`]s,
//! collected and reported all at once; failures of the program are [`Error`]s.

pub mod atomic;
pub mod check;
pub mod cli;
pub mod dedup;
pub mod diagnostic;
pub mod diff;
mod error;
pub mod import;
pub mod model;
pub mod numbering;
pub mod parallel;
pub mod place;
pub mod project;
pub mod render;
pub mod xml_text;

pub use error::{Error, Result};

/// How a command ended, as its exit status (the convention of diff(1) and linters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: done, nothing to report.
    Clean,
    /// 1: findings (check failures, differences between revisions).
    Findings,
}

impl Status {
    /// The process exit code: 0 or 1. (Unusable input, 2, is an [`Error`].)
    pub fn code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Findings => 1,
        }
    }
}
