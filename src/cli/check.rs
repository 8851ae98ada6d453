//! `zerodraft check`: every problem of cards, blueprint and placement decisions at once,
//! for a drafting team's CI.
//!
//! Exit status 0 when clean (warnings allowed), 1 when a finding is an error, 2 when the
//! input is unusable (then the loading diagnostics are printed in the chosen format on
//! standard output as well as in text on standard error).

use std::io::Write;

use serde::Serialize;

use crate::cli::ProjectArgs;
use crate::diagnostic::{render_github, render_text, Diagnostic};
use crate::{check, project, Error, Result, Status};

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// cargo-style: `error[code]: message`, `--> file:line:col`, source line, caret, hint.
    Text,
    /// `{ "cards", "placed", "errors", "warnings", "diagnostics": [...] }`.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=code::…`).
    Github,
}

/// Arguments of `zerodraft check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the blueprint and the cards live.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The JSON report of `check`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Cards loaded (when the input is unusable: the cards that could be read and placed, 0
    /// when the blueprint is unusable).
    pub cards: usize,
    /// Cards placed.
    pub placed: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Every finding, in the order of [`crate::check`].
    pub diagnostics: &'a [Diagnostic],
}

/// Runs `zerodraft check`.
///
/// # Errors
/// [`Error::Diagnostics`] when the blueprint or the cards cannot be loaded (exit status 2);
/// [`Error::Output`] when writing fails.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    let loaded = project::load_all(&args.project.blueprint, &args.project.recommendations);
    if !loaded.errors.is_empty() {
        // Unusable input; the cards that could be read are still placed, and their findings
        // follow the loading errors, so that one run reports every problem.
        let mut diagnostics = loaded.errors;
        let (mut cards, mut placed) = (0, 0);
        if let Some(project) = &loaded.project {
            diagnostics.extend(check::card_findings(project));
            (cards, placed) = counts(project);
        } else if let Some(read) = &loaded.blueprint_read {
            // Nothing can be placed, but overrides naming no place are still found.
            diagnostics.extend(check::override_findings(read, &loaded.cards));
        }
        // Text goes to standard error through `main`; the other formats are for
        // machines, which read standard output.
        if args.format != Format::Text {
            write_report(args.format, cards, placed, &diagnostics, out)?;
        }
        return Err(Error::Diagnostics(diagnostics));
    }
    let Some(project) = loaded.project else {
        return Err(Error::Diagnostics(Vec::new()));
    };
    let mut diagnostics = check::findings(&project);
    // The same language warning `build` gives: the fixed words would be printed in English.
    diagnostics.extend(crate::render::language::check(
        &project.blueprint.document,
        Some(&args.project.blueprint),
    ));
    let (cards, placed) = counts(&project);
    write_report(args.format, cards, placed, &diagnostics, out)?;
    Ok(if diagnostics.iter().any(Diagnostic::is_error) {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// Cards loaded and cards placed.
fn counts(project: &project::Project) -> (usize, usize) {
    let placed = project
        .placements
        .iter()
        .filter(|p| p.target.is_some())
        .map(|p| p.members.len())
        .sum();
    (project.cards.len(), placed)
}

fn write_report(
    format: Format,
    cards: usize,
    placed: usize,
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
) -> Result<()> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match format {
        Format::Text => {
            write!(out, "{}", render_text(diagnostics))?;
            writeln!(
                out,
                "check: {placed} of {cards} cards placed; {errors} error(s), {warnings} warning(s)"
            )?;
        }
        Format::Github => write!(out, "{}", render_github(diagnostics))?,
        Format::Json => {
            let report = Report {
                cards,
                placed,
                errors,
                warnings,
                diagnostics,
            };
            serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
