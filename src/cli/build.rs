//! `zerodraft build`: load the project, refuse to build on findings, render the zero draft
//! and write it atomically.
//!
//! Steps: [`crate::project::load`] (unusable input → exit 2) → [`crate::check::findings`]
//! (any error → the same diagnostics as `check`, exit 1, nothing written; plus the
//! `unsupported-language` warning of [`crate::render::language::check`]) →
//! [`crate::render::render`] → [`crate::atomic::write_all`] into `--out` (nothing replaced on
//! any error).

use std::io::Write;
use std::path::PathBuf;

use crate::cli::ProjectArgs;
use crate::diagnostic::render_text;
use crate::render::{self, Format, RenderOptions};
use crate::{atomic, check, project, Result, Status};

/// Arguments of `zerodraft build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the blueprint and the cards are.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Formats to write, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "md,html,docx"
    )]
    pub format: Vec<Format>,
    /// Folder to write `zero-draft.{md,html,docx}` into (created when missing).
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Folder of handlebars templates replacing the built-in ones file by file
    /// (`markdown.hbs`, `html.hbs`, `html-style.hbs`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Add an annex: a table card id → paragraph → provenance.
    #[arg(long)]
    pub annex: bool,
}

/// Runs `zerodraft build`; reports the files written on `out`, diagnostics on standard error.
///
/// # Errors
/// [`crate::Error::Diagnostics`] for unusable input or a broken template (exit 2);
/// [`crate::Error::Io`] when the output cannot be written (nothing is replaced).
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    let project = project::load(&args.project.blueprint, &args.project.recommendations)?;
    let mut findings = check::findings(&project);
    // A language without fixed words is drafted with the English ones: say so.
    findings.extend(render::language::check(
        &project.blueprint.document,
        Some(&args.project.blueprint),
    ));
    if !findings.is_empty() {
        super::to_stderr(&render_text(&findings));
    }
    let errors = findings.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        super::to_stderr(&format!(
            "error: {errors} problem(s) found; nothing was written\n"
        ));
        return Ok(Status::Findings);
    }
    let options = RenderOptions {
        formats: args.format.clone(),
        templates: args.templates.clone(),
        annex: args.annex,
    };
    let files = render::render(
        &project.blueprint,
        &project.merged,
        &project.placements,
        &options,
    )?;
    let writes: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|f| (args.out.join(&f.name), f.bytes))
        .collect();
    atomic::write_all(&writes)?;
    for (path, bytes) in &writes {
        writeln!(out, "wrote {} ({} bytes)", path.display(), bytes.len())?;
    }
    Ok(Status::Clean)
}
