//! `zerodraft diff OLD NEW`: the redline between two revisions of a negotiating text.
//!
//! Exit status as diff(1): 0 when the revisions do not differ, 1 when they do, 2 when an
//! input cannot be used (a located message says why; nothing is written).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use crate::diff::align::Budget;
use crate::diff::output::{self, docx::DocxOptions, Format};
use crate::diff::{compare, Options, Revision};
use crate::{Error, Result, Status};

/// When to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// When standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `zerodraft diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old revision (Markdown, plain or PDF-extracted text, zerodraft output, DOCX).
    pub old: PathBuf,
    /// The new revision.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "term")]
    pub format: Format,
    /// Write the output to this file (atomically) instead of standard output; required for
    /// `--format docx`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Author of the tracked changes in the DOCX (default: the new revision's name).
    #[arg(long)]
    pub author: Option<String>,
    /// Date of the tracked changes in the DOCX, `YYYY-MM-DD` or RFC 3339 (default: the new
    /// revision's date, else 1970-01-01, so that output never depends on the clock).
    #[arg(long)]
    pub date: Option<String>,
    /// Colour for `--format term`.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Most candidate paragraph pairs compared for moves; beyond it only nearby paragraphs
    /// are compared (and the output says so).
    #[arg(long, value_name = "N", default_value_t = Budget::default().max_candidate_pairs)]
    pub max_pairs: usize,
    /// Most word tokens (old + new) in one word-level diff; longer pairs are shown as
    /// whole-paragraph replacements (and the output says so).
    #[arg(long, value_name = "N", default_value_t = Options::default().max_tokens)]
    pub max_tokens: usize,
    /// Time budget in seconds for all word-level diffs.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0)]
    pub time_budget: f64,
}

impl Args {
    /// The comparison options from the budget flags.
    pub fn options(&self) -> Options {
        Options {
            align: Budget {
                max_candidate_pairs: self.max_pairs,
            },
            max_tokens: self.max_tokens,
            time_budget: Duration::from_secs_f64(self.time_budget.clamp(0.0, 86_400.0)),
        }
    }
}

/// Reads one revision with the shared reader ([`crate::diff::read::read_path`]).
pub(crate) fn read(path: &std::path::Path) -> Result<Revision> {
    crate::diff::read::read_path(path)
}

/// Runs `zerodraft diff`.
///
/// # Errors
/// [`Error::Diagnostics`] or [`Error::Io`] when an input cannot be read;
/// [`Error::Other`] for `--format docx` without `--out`; [`Error::Io`] when the output
/// cannot be written.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    let date = match &args.date {
        Some(d) => {
            Some(output::docx::word_date(d).map_err(|m| Error::Other(format!("--date: {m}")))?)
        }
        None => None,
    };
    if args.format == Format::Docx && args.out.is_none() {
        return Err(Error::Other(
            "`--format docx` writes a Word file: give it a name with `--out FILE.docx`".into(),
        ));
    }
    let (old, new) = match crate::diff::read::read_paths(&args.old, &args.new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(Error::Diagnostics(mut a)), Err(Error::Diagnostics(b))) => {
            a.extend(b);
            return Err(Error::Diagnostics(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let c = compare(&old, &new, &args.options());
    let bytes = match args.format {
        Format::Term => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => args.out.is_none() && !no_color && std::io::stdout().is_terminal(),
            };
            output::term::render(&c, color).into_bytes()
        }
        Format::Html => output::html::render(&c).into_bytes(),
        Format::Json => output::json(&c)
            .map_err(|e| Error::Other(format!("serialising the comparison: {e}")))?
            .into_bytes(),
        Format::Md => output::markdown::render(&c).into_bytes(),
        Format::Docx => {
            let author = args.author.clone().unwrap_or_else(|| new.name.clone());
            // The revision's own date when it is usable, else the epoch: never the clock.
            let date = date
                .or_else(|| {
                    new.date
                        .as_deref()
                        .and_then(|d| output::docx::word_date(d).ok())
                })
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
            output::docx::render(&c, &old, &new, &DocxOptions { author, date })?
        }
    };
    match &args.out {
        Some(path) => crate::atomic::write_all(&[(path.clone(), bytes)])?,
        None => out.write_all(&bytes)?,
    }
    Ok(if c.has_differences() {
        Status::Findings
    } else {
        Status::Clean
    })
}
