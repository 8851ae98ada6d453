//! Outputs of a [`Comparison`]: terminal, HTML, JSON, CriticMarkup Markdown and Word
//! tracked changes. Display is kept apart from the comparison itself (as difftastic does):
//! every format renders the same plain result.

use super::compare::{renumbering_runs, Comparison, Counts};

pub mod docx;
pub mod html;
pub mod markdown;
pub mod term;

/// Output format of `zerodraft diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Coloured redline for a terminal (plain `[-…-]{+…+}` when piped or `NO_COLOR` is set).
    Term,
    /// Self-contained HTML redline: summary, inline and side-by-side views.
    Html,
    /// JSON, schema documented in [`mod@crate::diff::compare`].
    Json,
    /// Markdown with CriticMarkup `{++ ++}` / `{-- --}`.
    Md,
    /// Word document with tracked changes (`w:ins` / `w:del`); needs `--out`.
    Docx,
}

/// The JSON form of a comparison (pretty-printed, trailing newline).
///
/// # Errors
/// Only if serialisation fails, which the plain data types rule out in practice.
pub fn json(c: &Comparison) -> serde_json::Result<String> {
    let mut s = serde_json::to_string_pretty(c)?;
    s.push('\n');
    Ok(s)
}

/// The summary lines shared by the text formats, e.g.
/// `added 2, deleted 1, modified 5, moved 1 (1 edited), split 0, merged 0, unchanged 40`.
pub fn summary_lines(c: &Comparison) -> Vec<String> {
    let Counts {
        added,
        deleted,
        modified,
        moved,
        moved_modified,
        split,
        merged,
        unchanged,
        relabelled,
        words_inserted,
        words_deleted,
        brackets_old,
        brackets_new,
        newly_bracketed,
        cleared_of_brackets,
        agreed_ad_ref,
        typographic,
        ..
    } = c.counts;
    let mut lines = vec![
        format!(
            "paragraphs: added {added}, deleted {deleted}, modified {modified}, moved {moved} \
             ({moved_modified} edited), split {split}, merged {merged}, unchanged {unchanged}"
        ),
        format!("words: {words_inserted} inserted, {words_deleted} deleted"),
        format!(
            "square-bracket pairs: {brackets_old} → {brackets_new}; \
             {cleared_of_brackets} paragraph(s) cleared of brackets, {newly_bracketed} newly bracketed"
        ),
    ];
    if typographic > 0 {
        lines.push(format!(
            "typographic changes: {typographic} (quotes, apostrophes, spaces, dashes; not \
             counted as edits, the new form is shown)"
        ));
    }
    if agreed_ad_ref > 0 {
        lines.push(format!("agreed ad ref: {agreed_ad_ref} paragraph(s)"));
    }
    lines.push(if relabelled == 0 {
        "renumbering: none".to_string()
    } else {
        format!("renumbering: {relabelled} label(s) changed")
    });
    lines
}

/// The renumbering as compressed runs (see [`renumbering_runs`]).
pub fn renumbering(c: &Comparison) -> Vec<String> {
    renumbering_runs(&c.renumbering)
}
