//! `zerodraft import summary <FILE> [--out DIR] [--meeting-key KEY] [--force]`: parses a
//! chair's summary into card files, one TOML file per source list, written atomically
//! (nothing is written when the input has a problem). Importing again into a folder of
//! hand-edited card files keeps each card's proposer, tags, placement and notes, refuses
//! to drop cards or comments unless `--force`, and writes only the files that change
//! (see [`crate::import::reimport`]).

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::diagnostic::{Diagnostic, Location};
use crate::import::reimport::{self, FileStatus, Plan};
use crate::import::summary::{ParsedSummary, SummaryOptions};
use crate::{atomic, import, Error, Result, Status};

/// Arguments of `zerodraft import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to import from.
    #[command(subcommand)]
    pub source: Source,
}

/// The kinds of source documents.
#[derive(Debug, Subcommand)]
pub enum Source {
    /// A chair's summary in plain text (e.g. extracted from a PDF with `pdftotext`).
    Summary(SummaryArgs),
}

/// Arguments of `zerodraft import summary`.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// The summary, UTF-8 plain text.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Folder the card files are written to (created when missing). Importing again keeps
    /// each card's hand-added proposer, tags, placement and notes, and writes only the
    /// files that change.
    #[arg(long, default_value = "recommendations", value_name = "DIR")]
    pub out: PathBuf,
    /// Rewrite the card files even when that loses something: cards not in the summary
    /// (added by hand, or dropped from it) are removed, and so are comments of a file's own;
    /// files that cannot be read back are replaced.
    #[arg(long)]
    pub force: bool,
    /// Meeting key used in card ids (default: initials of the place and the year, e.g.
    /// `pv2017`).
    #[arg(long, value_name = "KEY")]
    pub meeting_key: Option<String>,
}

/// Runs `zerodraft import`: writes the new and changed card files and reports one line per
/// list (cards, new / changed / unchanged, title), then what was carried over, replaced or
/// removed.
///
/// # Errors
/// [`Error::Diagnostics`] when the summary cannot be read (`missing-file`, `not-a-file`,
/// `unreadable-file`), is not UTF-8 or holds no usable list, or when the output folder's
/// files would lose something (see [`reimport::plan`]); [`Error::Io`] when the output
/// cannot be written.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    match &args.source {
        Source::Summary(summary) => run_summary(summary, out),
    }
}

fn run_summary(args: &SummaryArgs, out: &mut dyn Write) -> Result<Status> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Error::Diagnostics(vec![unreadable(&args.file, &e)]))?;
    let text = import::decode_utf8(
        &args.file,
        bytes,
        "save the summary as UTF-8 plain text, or extract it again with \
         `pdftotext -enc UTF-8 summary.pdf`",
    )
    .map_err(Error::Diagnostics)?;
    let options = SummaryOptions {
        source: args.file.clone(),
        meeting_key: args.meeting_key.clone(),
    };
    let (parsed, generated) =
        import::import_summary(&text, &options, &args.out).map_err(Error::Diagnostics)?;
    let plan = reimport::plan(&args.out, generated, args.force).map_err(Error::Diagnostics)?;
    atomic::write_all(&plan.to_write())?;
    report(args, &parsed, &plan, out)?;
    Ok(Status::Clean)
}

/// Up to this many card ids are named on a line of the report; the rest are counted.
const IDS_SHOWN: usize = 8;

/// `a, b, c` or, past [`IDS_SHOWN`], `a, b, … and 12 more`.
fn ids(ids: &[String]) -> String {
    let shown = ids
        .iter()
        .take(IDS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match ids.len().checked_sub(IDS_SHOWN) {
        Some(more) if more > 0 => format!("{shown} and {more} more"),
        _ => shown,
    }
}

/// The report on standard output: the meeting, one line per file (cards, new / changed /
/// unchanged, list title), skipped lists, carried-over fields, replaced texts, removed
/// cards, other card files in the folder, and what was written.
fn report(
    args: &SummaryArgs,
    parsed: &ParsedSummary,
    plan: &Plan,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let m = &parsed.meeting;
    writeln!(
        out,
        "{}: {}, {}, {} (meeting key `{}`)",
        m.document, m.name, m.place, m.dates, m.key
    )?;
    // Paths padded to the longest (at least 28 columns, as for `recommendations/…`).
    let width = plan
        .files
        .iter()
        .map(|f| f.path.display().to_string().chars().count())
        .max()
        .unwrap_or(0)
        .max(28);
    for (file, list) in plan.files.iter().zip(&parsed.lists) {
        writeln!(
            out,
            "  {:<width$} {:>3} {:<5}  {:<9}  {}",
            file.path.display().to_string(),
            file.cards,
            if file.cards == 1 { "card" } else { "cards" },
            file.status.as_str(),
            list.title
        )?;
    }
    for skipped in &parsed.skipped {
        writeln!(
            out,
            "  skipped {} at line {}: {} lead-in does not speak of recommendations, suggestions or proposals",
            count(skipped.bullets, "bullet", "bullets"),
            skipped.line,
            if skipped.bullets == 1 { "its" } else { "their" },
        )?;
    }
    if !plan.kept.is_empty() {
        writeln!(
            out,
            "  kept the hand-added fields (proposer, tags, placement, notes) of {}: {}",
            count(plan.kept.len(), "card", "cards"),
            ids(&plan.kept)
        )?;
    }
    if !plan.replaced_texts.is_empty() {
        writeln!(
            out,
            "  replaced the text of {} with the summary's wording: {}",
            count(plan.replaced_texts.len(), "card", "cards"),
            ids(&plan.replaced_texts)
        )?;
    }
    for removed in &plan.removed {
        writeln!(
            out,
            "  removed card {} from {}: it is not in the summary (--force)",
            removed.id,
            removed.file.display()
        )?;
    }
    for other in &plan.others {
        match other.also_imported {
            Some(n) if n > 0 => writeln!(
                out,
                "  note: {} was not written by this import, yet {} of its {} also written by \
                 it (their hand-added fields were carried over); delete it, or loading will \
                 report duplicate ids",
                other.path.display(),
                n,
                if other.cards == 1 { "card is" } else { "cards are" },
            )?,
            _ => writeln!(
                out,
                "  note: {} was not written by this import; delete it if it is left over from an earlier one",
                other.path.display()
            )?,
        }
    }
    let total: usize = plan.files.iter().map(|f| f.cards).sum();
    let written = plan
        .files
        .iter()
        .filter(|f| f.status != FileStatus::Unchanged)
        .count();
    let files = plan.files.len();
    if written == files {
        writeln!(
            out,
            "wrote {} in {} to {}",
            count(total, "card", "cards"),
            count(files, "file", "files"),
            args.out.display()
        )
    } else if written == 0 {
        writeln!(
            out,
            "nothing written: {} in {} already up to date ({})",
            count(files, "file", "files"),
            args.out.display(),
            count(total, "card", "cards"),
        )
    } else {
        writeln!(
            out,
            "wrote {written} of {files} files to {} ({} unchanged); {} in all",
            args.out.display(),
            files - written,
            count(total, "card", "cards"),
        )
    }
}

/// The diagnostic for a summary that cannot be read: `missing-file` when it does not
/// exist, `not-a-file` when it is a folder, `unreadable-file` otherwise (with the
/// operating system's reason), each located at the path and hinted.
fn unreadable(path: &Path, e: &std::io::Error) -> Diagnostic {
    let at = Location::in_file(path, 0, 0);
    if path.is_dir() {
        return Diagnostic::error(
            "not-a-file",
            format!("`{}` is a folder, not a summary file", path.display()),
        )
        .at(at)
        .with_hint("name the summary's text file inside it, e.g. `recommendations/source/chair-summary-puerto-vallarta-2017.txt`");
    }
    match e.kind() {
        ErrorKind::NotFound => Diagnostic::error(
            "missing-file",
            format!("summary file `{}` not found", path.display()),
        )
        .at(at)
        .with_hint(
            "check the path (relative to the folder you run zerodraft in); the summary is \
             plain text, e.g. `pdftotext -enc UTF-8 summary.pdf summary.txt` makes one from a PDF",
        ),
        _ => Diagnostic::error("unreadable-file", format!("cannot read the summary: {e}"))
            .at(at)
            .with_hint("check the file's permissions"),
    }
}

/// `n` with the noun in the singular when `n` is 1, else in the plural: `1 card`,
/// `0 cards`, `126 cards`.
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}
