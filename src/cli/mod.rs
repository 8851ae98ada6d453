//! The command line: one file per subcommand, each with its clap `Args` and a `run`
//! function that calls the library and returns a [`Status`].

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::{Result, Status};

pub mod build;
pub mod cards;
pub mod check;
pub mod dedup;
pub mod diff;
pub mod history;
pub mod import;
pub mod place;

/// zerodraft: from recommendation cards to a numbered zero draft, and redlines between
/// negotiation rounds.
#[derive(Debug, Parser)]
#[command(name = "zerodraft", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import recommendation cards from a source document.
    Import(import::Args),
    /// List the loaded recommendation cards with their provenance.
    Cards(cards::Args),
    /// Show duplicate clusters and paraphrase suggestions.
    Dedup(dedup::Args),
    /// Show where every card is placed in the blueprint, and why.
    Place(place::Args),
    /// Validate cards, blueprint and decisions together (for CI).
    Check(check::Args),
    /// Render the zero draft to Markdown, HTML and DOCX.
    Build(build::Args),
    /// Compare two revisions of a negotiating text.
    Diff(diff::Args),
    /// Trace every paragraph across several revisions.
    History(history::Args),
}

/// Where the project's inputs live (shared by the commands that read them).
#[derive(Debug, Clone, clap::Args)]
pub struct ProjectArgs {
    /// Folder of blueprint TOML files.
    #[arg(long, default_value = "blueprint", value_name = "DIR")]
    pub blueprint: PathBuf,
    /// Folder of recommendation card files (`**/*.toml`) and `decisions.toml`.
    #[arg(long, default_value = "recommendations", value_name = "DIR")]
    pub recommendations: PathBuf,
}

/// Runs a parsed command line, writing its report to `out` (diagnostics and progress go
/// to standard error).
///
/// # Errors
/// [`crate::Error`] for unusable input (exit status 2 in `main`).
/// Writes `text` to standard error. Unlike `eprint!`, which panics when standard error is
/// closed (`zerodraft diff a b 2>&1 | head -1`), a failed write is ignored: the message
/// has nowhere else to go, and the exit status still tells.
pub fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

pub fn run(cli: Cli, out: &mut dyn Write) -> Result<Status> {
    match cli.command {
        Command::Import(args) => import::run(&args, out),
        Command::Cards(args) => cards::run(&args, out),
        Command::Dedup(args) => dedup::run(&args, out),
        Command::Place(args) => place::run(&args, out),
        Command::Check(args) => check::run(&args, out),
        Command::Build(args) => build::run(&args, out),
        Command::Diff(args) => diff::run(&args, out),
        Command::History(args) => history::run(&args, out),
    }
}
