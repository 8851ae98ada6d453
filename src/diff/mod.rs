//! Comparison of revisions across negotiation rounds (zero draft → Rev.1 → Rev.2 …).
//!
//! Stages: [`read`] turns a file (zerodraft output, Markdown, plain or PDF-extracted text,
//! DOCX) into a [`Revision`] of [`Block`]s, each with its numbering [`Label`] kept apart
//! from its text; alignment matches blocks (by card anchor, else by content, recognising
//! moves, splits and merges); a word-level redline is computed inside each matched pair;
//! outputs render the result for terminals, HTML, JSON, CriticMarkup and Word tracked changes.

use serde::Serialize;

pub mod read;

pub mod align;
pub mod brackets;
pub mod compare;
pub mod history;
pub mod output;
pub mod words;

#[cfg(test)]
mod testing;

pub use compare::{compare, Comparison, Options};

/// One revision of a negotiating text, read into blocks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Revision {
    /// Display name of the revision, e.g. `Rev.1` or the file stem.
    pub name: String,
    /// Date of the revision when the input says so (e.g. DOCX core properties), ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// Things the user should be told about the reading, e.g. "12 tracked changes were
    /// accepted before comparing".
    pub notices: Vec<String>,
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// A heading (section title, `Article 4` heading line, …).
    Heading,
    /// A paragraph (numbered operative, unnumbered preambular, or plain).
    Paragraph,
    /// A sub-paragraph: `(a)`, `(iii)` and the like.
    SubParagraph,
}

/// One heading, paragraph or sub-paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Heading, paragraph or sub-paragraph.
    pub kind: BlockKind,
    /// The numbering label, kept apart from the text; `None` for unnumbered blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// The text without its label, whitespace collapsed, hard wraps and end-of-line
    /// hyphenation undone.
    pub text: String,
    /// zerodraft card ids anchored to this block (empty for foreign texts), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<String>,
    /// Heading level (1 = top) for headings; nesting depth for sub-paragraphs; 0 otherwise.
    pub level: u8,
    /// 1-based line (text inputs) or paragraph index (DOCX) where the block starts.
    pub line: usize,
}

/// A numbering label such as `12.`, `12 bis.`, `(a)`, `(iii)`, `Article 4`, `PP1`, `Op 3`, `Alt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The label as written, trimmed, e.g. `12 bis.`.
    pub raw: String,
    /// Its scheme.
    pub scheme: LabelScheme,
    /// The number it carries (`12` for `12 bis.`, `3` for `(iii)`, `1` for `(a)`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Latin multiplicative suffix of an inserted paragraph: `bis`, `ter`, `quater`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

/// The numbering scheme of a [`Label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelScheme {
    /// Arabic paragraph number: `1.`, `12 bis.`.
    Number,
    /// Lettered sub-paragraph: `(a)`.
    Letter,
    /// Roman sub-sub-paragraph: `(iii)`.
    Roman,
    /// `Article 4`.
    Article,
    /// Preambular paragraph label: `PP1`, `Pp1`.
    Preambular,
    /// Operative paragraph label: `OP3`, `Op 3`.
    Operative,
    /// An alternative: `Alt`, `Alt 2`.
    Alternative,
}
