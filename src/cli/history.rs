//! `zerodraft history R0 R1 R2 …`: every paragraph's lineage across negotiation rounds.

use std::io::Write;
use std::path::PathBuf;

use crate::diff::history::{history, table};
use crate::{Error, Result, Status};

/// Output format of `zerodraft history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A plain-text table, one row per paragraph lineage.
    Table,
    /// JSON: `{schema_version, rounds, lineages: [{id, labels, ops, first_round,
    /// last_round, first_changed?, last_changed?, moved_in?, text}]}` (rounds are 0-based
    /// indices; `moved_in` lists the rounds in which the paragraph moved).
    Json,
}

/// Arguments of `zerodraft history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revisions, oldest first (at least two).
    #[arg(required = true, num_args = 2..)]
    pub revisions: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `zerodraft history`. Exit status 0 (the history is a report, not a finding).
///
/// Made for the binary, which exits right after: on success the revisions and their
/// history are left allocated rather than freed.
///
/// # Errors
/// [`Error::Diagnostics`]: every unreadable or unusable revision's problems together.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    if args
        .revisions
        .iter()
        .filter(|p| p.as_os_str() == "-")
        .count()
        > 1
    {
        return Err(super::diff::stdin_once());
    }
    crate::parallel::warm_up();
    let mut revisions = Vec::new();
    let mut diagnostics = Vec::new();
    for path in &args.revisions {
        match super::diff::read(path) {
            Ok(r) => revisions.push(r),
            Err(Error::Diagnostics(d)) => diagnostics.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Diagnostics(diagnostics));
    }
    super::diff::disambiguate_names(&args.revisions, &mut revisions);
    let h = history(&revisions, &crate::diff::Options::default());
    match args.format {
        Format::Table => out.write_all(table(&h).as_bytes())?,
        Format::Json => {
            let s = serde_json::to_string_pretty(&h)
                .map_err(|e| Error::Other(format!("serialising the history: {e}")))?;
            writeln!(out, "{s}")?;
        }
    }
    // The process exits right after: freeing the revisions and their history would only
    // delay it.
    std::mem::forget((revisions, h));
    Ok(Status::Clean)
}
