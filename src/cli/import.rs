//! `zerodraft import summary <FILE> [--out DIR] [--meeting-key KEY]`: parses a chair's
//! summary into card files, one TOML file per source list, written atomically (nothing is
//! written when the input has a problem).

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::diagnostic::{Diagnostic, Location};
use crate::import::summary::SummaryOptions;
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
    /// Folder the card files are written to (created when missing; files of the same name
    /// are replaced).
    #[arg(long, default_value = "recommendations", value_name = "DIR")]
    pub out: PathBuf,
    /// Meeting key used in card ids (default: initials of the place and the year, e.g.
    /// `pv2017`).
    #[arg(long, value_name = "KEY")]
    pub meeting_key: Option<String>,
}

/// Runs `zerodraft import`: writes the card files and reports one line per list.
///
/// # Errors
/// [`Error::Diagnostics`] when the summary cannot be read (`missing-file`, `not-a-file`,
/// `unreadable-file`), is not UTF-8 or holds no usable list; [`Error::Io`] when the output
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
    let (parsed, files) =
        import::import_summary(&text, &options, &args.out).map_err(Error::Diagnostics)?;
    let stale = stale_files(&args.out, &files);
    atomic::write_all(&files)?;
    let total: usize = parsed.lists.iter().map(|l| l.cards.len()).sum();
    let m = &parsed.meeting;
    writeln!(
        out,
        "{}: {}, {}, {} (meeting key `{}`)",
        m.document, m.name, m.place, m.dates, m.key
    )?;
    for ((path, _), list) in files.iter().zip(&parsed.lists) {
        let n = list.cards.len();
        writeln!(
            out,
            "  {:<28} {:>3} {:<5}  {}",
            path.display(),
            n,
            if n == 1 { "card" } else { "cards" },
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
    for path in &stale {
        writeln!(
            out,
            "  note: {} was not written by this import; delete it if it is left over from an earlier one",
            path.display()
        )?;
    }
    writeln!(
        out,
        "wrote {} in {} to {}",
        count(total, "card", "cards"),
        count(files.len(), "file", "files"),
        args.out.display()
    )?;
    Ok(Status::Clean)
}

/// Card files already in `out` (top level, `*.toml` except `decisions.toml`) that this
/// import does not write: left over from an earlier import of another summary, or written
/// by hand. They are kept, and named in the report, since they would be loaded with the
/// new cards. Sorted by path.
fn stale_files(out: &Path, files: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| {
                n.ends_with(".toml") && !n.starts_with('.') && n != import::DECISIONS_FILE
            })
        })
        .filter(|p| !files.iter().any(|(f, _)| f == p))
        .collect();
    stale.sort();
    stale
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
