//! `zerodraft diff OLD NEW`: the redline between two revisions of a negotiating text.
//!
//! Exit status as diff(1): 0 when the revisions do not differ, 1 when they do, 2 when an
//! input cannot be used (a located message says why; nothing is written).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diff::align::Budget;
use crate::diff::output::{self, docx::DocxOptions, Format};
use crate::diff::{compare, Comparison, Options, Revision};
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
    /// The old revision (Markdown, plain or PDF-extracted text, zerodraft output, DOCX);
    /// `-` reads it from standard input.
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
    /// Author of the tracked changes in the DOCX (default: the new revision's name); not
    /// blank, no control characters.
    #[arg(long, value_parser = parse_author)]
    pub author: Option<String>,
    /// Date of the tracked changes in the DOCX, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`
    /// (default: the new revision's date — DOCX core properties, Markdown `date:` front
    /// matter, or a date line such as `5 February 2018` in its title block — else
    /// 1970-01-01, so that output never depends on the clock).
    #[arg(long)]
    pub date: Option<String>,
    /// Colour for `--format term`.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Most candidate paragraph pairs compared for moves; beyond it only nearby paragraphs
    /// are compared (and the output says so).
    #[arg(long, value_name = "N", default_value_t = Budget::default().max_candidate_pairs)]
    pub max_pairs: usize,
    /// Most tokens (old + new) in one word-level diff, counting every word, every run of
    /// spaces and every punctuation mark as one token (`Parties, shall act.` is 7 tokens);
    /// longer pairs are shown as whole-paragraph replacements (and the output says so).
    #[arg(long, value_name = "N", default_value_t = Options::default().max_tokens)]
    pub max_tokens: usize,
    /// Time budget in seconds for all word-level diffs: a finite number ≥ 0 (fractions
    /// allowed; more than 86400 counts as 86400); pairs not diffed in time are shown as
    /// whole-paragraph replacements (and the output says so).
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0, value_parser = parse_seconds)]
    pub time_budget: f64,
}

impl Args {
    /// The comparison options from the budget flags.
    pub fn options(&self) -> Options {
        // A NaN cannot come through the parser ([`parse_seconds`]), but `Args` is public.
        let seconds = if self.time_budget.is_nan() {
            0.0
        } else {
            self.time_budget.clamp(0.0, MAX_TIME_BUDGET)
        };
        Options {
            align: Budget {
                max_candidate_pairs: self.max_pairs,
            },
            max_tokens: self.max_tokens,
            time_budget: Duration::from_secs_f64(seconds),
        }
    }
}

/// Most seconds of `--time-budget` that count (one day).
const MAX_TIME_BUDGET: f64 = 86_400.0;

/// `--time-budget`: a finite number of seconds ≥ 0. `NaN`, infinities and negative numbers
/// are refused (clap exits with status 2 and this message).
fn parse_seconds(s: &str) -> std::result::Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds (e.g. 20 or 0.5)"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!(
            "`{s}` is not a finite number of seconds ≥ 0; give e.g. 20 or 0.5 (at most \
             {MAX_TIME_BUDGET} s count)"
        ));
    }
    Ok(v)
}

/// `--author`: refused when it holds a control character (a DOCX cannot carry most of them,
/// and a review pane would not show them), rather than silently changed.
fn parse_author(s: &str) -> std::result::Result<String, String> {
    match s
        .chars()
        .find(|c| c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    {
        Some(c) => Err(format!(
            "the author contains the control character U+{:04X}; give a plain name such as \
             `--author \"Co-facilitators\"`",
            u32::from(c)
        )),
        None => Ok(s.to_string()),
    }
}

/// Reads one revision with the shared reader ([`crate::diff::read::read_path`]).
pub(crate) fn read(path: &std::path::Path) -> Result<Revision> {
    crate::diff::read::read_path(path)
}

/// The error for `-` (standard input) given for more than one revision.
pub(crate) fn stdin_once() -> Error {
    Error::Other(
        "`-` (standard input) can be given for one revision only: it is read once; give the \
         other revisions as files"
            .into(),
    )
}

/// True when `a` and `b` name the same file (same canonical path, or on Unix the same
/// device and inode, which also catches hard links). A path that does not exist is no
/// input.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if ma.dev() == mb.dev() && ma.ino() == mb.ino() {
            return true;
        }
    }
    let _ = (ma, mb);
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// Makes the names of `revisions` (read from `paths`, same order) distinct where their file
/// stems collide: `r0.md` and `r0.docx` become `r0.md` and `r0.docx`; `a/r0.md` and
/// `b/r0.md` become `a/r0.md` and `b/r0.md`; the same path given twice keeps its name.
pub(crate) fn disambiguate_names(paths: &[PathBuf], revisions: &mut [Revision]) {
    let collides = |i: usize, revisions: &[Revision]| {
        revisions
            .iter()
            .enumerate()
            .any(|(j, r)| j != i && r.name == revisions[i].name && paths[j] != paths[i])
    };
    let clashing: Vec<usize> = (0..revisions.len())
        .filter(|&i| collides(i, revisions))
        .collect();
    for &i in &clashing {
        let file = paths[i]
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        if let Some(f) = file {
            revisions[i].name = f;
        }
    }
    let clashing: Vec<usize> = (0..revisions.len())
        .filter(|&i| collides(i, revisions))
        .collect();
    for &i in &clashing {
        revisions[i].name = paths[i].display().to_string();
    }
}

/// Capacity of the buffer between the renderers and standard output: large enough for few
/// writes, small enough to stay in the cache and to cost few fresh pages (each page of it is
/// touched once and then reused: 16 KiB rather than 64 KiB saves 12 page faults on the Paris
/// pair's 150 KB redline for 7 more writes).
const STDOUT_BUFFER: usize = 16 << 10;

/// The formats written as text, as they are rendered.
#[derive(Debug, Clone, Copy)]
enum Text {
    Term { color: bool },
    Html,
    Json,
    Md,
}

/// Writes `c` in the text format `text` to `out`.
fn write_text<W: Write>(c: &Comparison, text: Text, out: &mut W) -> Result<()> {
    match text {
        Text::Term { color } => output::term::write(c, color, out)?,
        Text::Html => output::html::write(c, out)?,
        Text::Md => output::markdown::write(c, out)?,
        Text::Json => output::write_json(c, out).map_err(|e| {
            if e.is_io() {
                Error::Output(e.into())
            } else {
                Error::Other(format!("serialising the comparison: {e}"))
            }
        })?,
    }
    Ok(())
}

/// Writes `c` in the text format `text` to standard output as it is rendered, through a
/// buffer; a closed pipe (`| head -1`) is not an error, so that the exit status still says
/// whether the revisions differ (diff(1) semantics).
fn write_stdout(c: &Comparison, text: Text, out: &mut dyn Write) -> Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(STDOUT_BUFFER, out);
    let written = write_text(c, text, &mut buffered).and_then(|()| Ok(buffered.flush()?));
    // After a failed write, what is still buffered is dropped, not written again.
    let _ = buffered.into_parts();
    match written {
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// The refusal of `--format docx` without `--out`.
fn docx_needs_out() -> Error {
    Error::Other("`--format docx` writes a Word file: give it a name with `--out FILE.docx`".into())
}

/// Runs `zerodraft diff`.
///
/// # Errors
/// [`Error::Diagnostics`] when an input cannot be read or used (both inputs' problems
/// together);
/// [`Error::Other`] for `--format docx` without `--out`, an `--out` that is one of the
/// inputs, a blank `--author` or an invalid `--date`; [`Error::Io`] when the output cannot
/// be written. A closed standard output is not an error.
///
/// Made for the binary, which exits right after: on success the revisions and their
/// comparison are left allocated rather than freed.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    crate::parallel::warm_up();
    let date = match &args.date {
        Some(d) => {
            Some(output::docx::word_date(d).map_err(|m| Error::Other(format!("--date: {m}")))?)
        }
        None => None,
    };
    if args.author.as_deref().is_some_and(|a| a.trim().is_empty()) {
        return Err(Error::Other(
            "--author: the author of the tracked changes cannot be blank; give a name such as \
             `--author \"Co-facilitators\"`, or leave the flag out to use the new revision's name"
                .into(),
        ));
    }
    if args.format == Format::Docx && args.out.is_none() {
        return Err(docx_needs_out());
    }
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        return Err(stdin_once());
    }
    if let Some(o) = &args.out {
        for input in [&args.old, &args.new] {
            if same_file(o, input) {
                return Err(Error::Other(format!(
                    "--out {} is the input revision {}: writing the redline there would destroy \
                     it; nothing was written. Give another file name, e.g. `--out redline.{}`",
                    o.display(),
                    input.display(),
                    match args.format {
                        Format::Docx => "docx",
                        Format::Html => "html",
                        Format::Json => "json",
                        Format::Md => "md",
                        Format::Term => "txt",
                    }
                )));
            }
        }
    }
    let (old, new) = match crate::diff::read::read_paths(&args.old, &args.new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(Error::Diagnostics(mut a)), Err(Error::Diagnostics(b))) => {
            a.extend(b);
            return Err(Error::Diagnostics(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let mut revisions = [old, new];
    disambiguate_names(&[args.old.clone(), args.new.clone()], &mut revisions);
    let [old, new] = revisions;
    let c = compare(&old, &new, &args.options());
    if old.blocks.is_empty() && new.blocks.is_empty() {
        super::to_stderr(&format!(
            "warning: neither revision ({} nor {}) has paragraphs: are they the right files?\n",
            old.name, new.name
        ));
    }
    for (side, rev) in [("old", &old), ("new", &new)] {
        if rev.blocks.is_empty() && !(old.blocks.is_empty() && new.blocks.is_empty()) {
            super::to_stderr(&format!(
                "warning: the {side} revision ({}) has no paragraphs: every paragraph of the \
                 other shows as {}\n",
                rev.name,
                if side == "old" { "added" } else { "deleted" }
            ));
        }
    }
    let text = match args.format {
        Format::Term => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => args.out.is_none() && !no_color && std::io::stdout().is_terminal(),
            };
            Some(Text::Term { color })
        }
        Format::Html => Some(Text::Html),
        Format::Json => Some(Text::Json),
        Format::Md => Some(Text::Md),
        Format::Docx => None,
    };
    match (text, &args.out) {
        (Some(text), None) => write_stdout(&c, text, out)?,
        (Some(text), Some(path)) => {
            let mut bytes = Vec::with_capacity(match text {
                Text::Json => output::json_capacity(&c),
                _ => 0,
            });
            write_text(&c, text, &mut bytes)?;
            crate::atomic::write_all(&[(path.clone(), bytes)])?;
        }
        (None, None) => return Err(docx_needs_out()),
        (None, Some(path)) => {
            let author = args.author.clone().unwrap_or_else(|| new.name.clone());
            // The revision's own date when it is usable (its metadata, else a date line in
            // its title block), else the epoch: never the clock.
            let date = date
                .or_else(|| {
                    new.date.as_deref().and_then(|d| {
                        output::docx::word_date(d)
                            .or_else(|_| output::docx::word_date(d.get(..10).unwrap_or(d)))
                            .ok()
                    })
                })
                .or_else(|| {
                    output::docx::title_block_date(&new.blocks)
                        .and_then(|d| output::docx::word_date(&d).ok())
                })
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
            let bytes = output::docx::render(&c, &old, &new, &DocxOptions { author, date })?;
            crate::atomic::write_all(&[(path.clone(), bytes)])?;
        }
    }
    let status = if c.has_differences() {
        Status::Findings
    } else {
        Status::Clean
    };
    // The process exits right after: freeing the comparison and the revisions (tens of
    // thousands of strings, about a million instructions) would only delay it.
    std::mem::forget((c, old, new));
    Ok(status)
}
