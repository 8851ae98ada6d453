//! Rendering of the zero draft to Markdown, HTML and DOCX.
//!
//! [`render`] lays the draft out once ([`context::layout`]: sections in blueprint order,
//! paragraphs numbered continuously in UN style, objectives with chapeau and lettered
//! actions, one per placed merged card), then writes each requested format from that one
//! typed context: Markdown and HTML through handlebars templates (built in, overridable file
//! by file with [`RenderOptions::templates`]), DOCX through docx-rs ([`docx`]). Nothing is
//! written to disk here: the caller gets [`RenderedFile`]s and writes them as a set with
//! [`crate::atomic::write_all`].
//!
//! Card anchors (shared with [`crate::diff`], which matches paragraphs by them):
//! - Markdown: an HTML comment at the end of the paragraph, `<!-- cards: ID ID -->`;
//! - HTML: `data-cards="ID ID"` on the paragraph element, `id="para-N"` (actions `para-N-a`);
//!   preambular paragraphs, which have no number, are `id="pp-N"` (N-th preambular paragraph);
//! - DOCX: one bookmark per card, named `zd_` + the card id with `-` replaced by `_`.
//!
//! The IDs are the member card ids of the paragraph's merged card, in member order. (Word
//! keeps bookmark names up to 40 characters: card ids up to 37 characters round-trip.)
//!
//! Templates (see [`templates`]): `markdown.hbs` and `html.hbs` (with the partial
//! `html-style.hbs`, the CSS) receive a [`Draft`] — every field is documented in
//! [`context`], and [`fields`] lists them by scope for the error messages of a template
//! that uses a field the draft does not have. The fixed words of the layout (objective
//! label, default chapeau, contents and annex headings) come from [`language`], in the six
//! UN languages. Values are escaped by the registry of each format (Markdown backslash
//! escapes, see [`markdown::escape`]; HTML entities), so card text is never markup; the
//! Markdown template inserts labels and card ids, which zerodraft generates or validates,
//! raw (`{{{label}}}`).

pub mod context;
pub mod docx;
pub mod fields;
pub mod language;
pub mod markdown;
pub mod templates;

use std::path::PathBuf;

use crate::dedup::MergedCard;
use crate::model::Blueprint;
use crate::place::Placement;
use crate::Error;

pub use context::{layout, Draft};
pub use templates::Templates;

/// An output format of the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// CommonMark, `zero-draft.md`.
    Md,
    /// One self-contained HTML file, `zero-draft.html`.
    Html,
    /// Word (Office Open XML), `zero-draft.docx`.
    Docx,
}

impl Format {
    /// All formats, in output order.
    pub const ALL: [Format; 3] = [Format::Md, Format::Html, Format::Docx];

    /// File name of the rendered draft in this format, e.g. `zero-draft.md`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Md => "zero-draft.md",
            Format::Html => "zero-draft.html",
            Format::Docx => "zero-draft.docx",
        }
    }
}

/// What to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Formats to write, each once, in [`Format::ALL`] order whatever the order given.
    pub formats: Vec<Format>,
    /// Folder whose `*.hbs` files replace the built-in templates of the same name
    /// (`markdown.hbs`, `html.hbs`, `html-style.hbs`).
    pub templates: Option<PathBuf>,
    /// Add the annex: a table card id → paragraph → provenance.
    pub annex: bool,
}

impl Default for RenderOptions {
    /// All three formats, built-in templates, no annex.
    fn default() -> Self {
        RenderOptions {
            formats: Format::ALL.to_vec(),
            templates: None,
            annex: false,
        }
    }
}

/// One rendered output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// File name without folder, e.g. `zero-draft.md`.
    pub name: String,
    /// The file's bytes (UTF-8 text for Markdown and HTML, a zip archive for DOCX).
    pub bytes: Vec<u8>,
}

/// Renders the draft of `blueprint` with the placed `cards` in the requested formats.
///
/// The output depends only on the inputs: the same inputs give byte-identical files (the
/// DOCX has fixed metadata dates and zip timestamps).
///
/// # Errors
/// [`Error::Diagnostics`] with every problem found: the layout's (`unplaced-card`,
/// `unknown-card`, `unknown-section`, `unknown-objective`, `invalid-card-id`, see
/// [`context::layout`]) or the templates' (`unknown-template`, `template-syntax`,
/// `template-render`, see [`Templates`]); [`Error::Io`] when the templates folder cannot be
/// read; [`Error::Other`] when the DOCX archive cannot be written.
pub fn render(
    blueprint: &Blueprint,
    cards: &[MergedCard],
    placements: &[Placement],
    options: &RenderOptions,
) -> Result<Vec<RenderedFile>, Error> {
    let draft = layout(blueprint, cards, placements, options.annex).map_err(Error::Diagnostics)?;
    let mut formats = options.formats.clone();
    formats.sort();
    formats.dedup();
    let needs_templates = formats.iter().any(|f| *f != Format::Docx);
    let templates = if needs_templates || options.templates.is_some() {
        Some(Templates::load(options.templates.as_deref())?)
    } else {
        None
    };
    let mut files = Vec::with_capacity(formats.len());
    for format in formats {
        let bytes = match (format, &templates) {
            (Format::Md, Some(t)) => t.markdown(&draft)?.into_bytes(),
            (Format::Html, Some(t)) => t.html(&draft)?.into_bytes(),
            (Format::Docx, _) => docx::write(&draft)?,
            (_, None) => continue,
        };
        files.push(RenderedFile {
            name: format.file_name().to_string(),
            bytes,
        });
    }
    Ok(files)
}
