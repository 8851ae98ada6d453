//! The comparison of two revisions: alignment + word redlines + renumbering + counts, as one
//! plain, serialisable result that every output format renders.
//!
//! # JSON schema (`zerodraft diff --format json`), `schema_version` 1
//!
//! ```text
//! {
//!   "schema_version": 1,
//!   "old": { "name": str, "date"?: str, "blocks": int },   // same for "new"
//!   "new": { … },
//!   "method": "anchors" | "content",        // how paragraphs were matched
//!   "counts": Counts,                        // see [`Counts`]; all integers
//!   "renumbering": [ { "old": str, "new": str } ],   // label changes, in new order
//!   "notices": [ str ],                      // reader notices, budget fallbacks, brackets
//!                                            // that do not match across a revision
//!   "entries": [ {                           // new-document order; deletions where they were
//!     "id": "e1",                            // stable within one output; HTML anchor
//!     "op": "unchanged" | "modified" | "moved" | "moved-modified"
//!           | "added" | "deleted" | "split" | "merged",
//!     "kind": "heading" | "paragraph" | "sub-paragraph",
//!     "old": [ { "index": int, "line": int,  // 0-based block index, 1-based line
//!                "label"?: str,              // in context: "14 (a)", "Article 4 › 2."
//!                "raw_label"?: str } ],      // as written: "(a)"
//!     "new": [ … ],
//!     "relabelled": bool,                    // label differs (see "renumbering")
//!     "similarity": float,                   // Dice score of the word bags, 3 decimals
//!     "segments": [ { "op": "equal" | "insert" | "delete", "text": str } ],
//!     "words_inserted": int, "words_deleted": int,
//!     "brackets": { "old": int, "new": int,  // matched pairs within the paragraph(s)
//!                   "change"?: "newly-bracketed"   // no bracket at all before, bracketed after
//!                            | "cleared" },        // bracketed before, no bracket at all after
//!                   // bracketed: a pair of its own or one end of a pair spanning paragraphs
//!     "coarse"?: true,                       // budget forced a whole-paragraph replacement
//!     "typographic"?: int                    // quote/space/dash variants folded (kept text)
//!   } ]
//! }
//! ```
//!
//! Fields are only added in later versions of schema 1; a change in meaning bumps the
//! version.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::align::{align, Budget, GroupKind};
use super::brackets;
use super::words::{word_count, word_counts, Redline, Scratch, Segment, SegmentOp, WordBudget};
use super::{Block, BlockKind, LabelScheme, Revision};

/// Separator between the texts of the paragraphs of a split or merge in the word redline, so
/// that the split point shows as an inserted (or the merge point as a deleted) `¶`.
pub const PARAGRAPH_JOIN: &str = " ¶ ";

/// Version of the JSON schema documented in this module.
pub const SCHEMA_VERSION: u32 = 1;

/// Cost limits of one comparison.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Alignment limits.
    pub align: Budget,
    /// Most tokens (old + new) diffed word by word in one pair. Every word, every run of
    /// spaces and every punctuation mark is a token (`Parties, shall act.` is 7); above it
    /// the pair is shown as a whole-paragraph replacement.
    pub max_tokens: usize,
    /// Wall-clock budget for all word diffs; pairs left when it runs out are shown as
    /// whole-paragraph replacements, and a notice says so.
    pub time_budget: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            align: Budget::default(),
            max_tokens: WordBudget::default().max_tokens,
            time_budget: Duration::from_secs(20),
        }
    }
}

/// Name, date and size of one side.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// Revision name.
    pub name: String,
    /// Revision date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Number of blocks read.
    pub blocks: usize,
}

/// What happened to a paragraph (or heading, or sub-paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// Same text, same place (its label may have changed: see renumbering).
    Unchanged,
    /// Edited in place.
    Modified,
    /// Same text, elsewhere.
    Moved,
    /// Edited and elsewhere.
    MovedModified,
    /// Only in the new revision.
    Added,
    /// Only in the old revision.
    Deleted,
    /// One old paragraph became several new ones.
    Split,
    /// Several old paragraphs became one.
    Merged,
}

/// A block on one side of an entry.
#[derive(Debug, Clone, Serialize)]
pub struct BlockRef {
    /// 0-based index in the revision's blocks.
    pub index: usize,
    /// 1-based line (or DOCX paragraph) where it starts.
    pub line: usize,
    /// Its label in context: `Article 4 › 3.`, `14 (a)` (see [`display_labels`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Its own label as written, without context: `(a)` for `14 (a)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_label: Option<String>,
}

/// Bracket pairs in one entry.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Brackets {
    /// Pairs in the old text.
    pub old: usize,
    /// Pairs in the new text.
    pub new: usize,
    /// Newly bracketed (none before, some now) or cleared (some before, none now).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<BracketChange>,
}

/// A paragraph's change of bracket status (matched paragraphs only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BracketChange {
    /// No square bracket at all in the old text; in the new, a matched pair or one end of
    /// a pair spanning paragraphs (an option bracketed whole).
    NewlyBracketed,
    /// In the old text, a matched pair or one end of a pair spanning paragraphs; no square
    /// bracket at all in the new (agreed). A text that keeps a stray `[` or `]` is not
    /// cleared.
    Cleared,
}

/// One line of the redline: a paragraph (or group of them) and what happened to it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// `e1`, `e2`, … in output order.
    pub id: String,
    /// What happened.
    pub op: Op,
    /// Kind of the (first) block.
    pub kind: BlockKind,
    /// Old blocks (empty when added).
    pub old: Vec<BlockRef>,
    /// New blocks (empty when deleted).
    pub new: Vec<BlockRef>,
    /// True when the label changed.
    pub relabelled: bool,
    /// Dice score of the word bags (1 for identical text, 0 for added/deleted), 3 decimals.
    pub similarity: f64,
    /// Word redline.
    pub segments: Vec<Segment>,
    /// Words inserted.
    pub words_inserted: usize,
    /// Words deleted.
    pub words_deleted: usize,
    /// Square-bracket pairs.
    pub brackets: Brackets,
    /// True when the budget forced a whole-paragraph replacement.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coarse: bool,
    /// Typographic changes folded into the kept text (shown in their new form).
    #[serde(skip_serializing_if = "is_zero")]
    pub typographic: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The text as compared for typographic equality: NFKC (compatibility forms such as
/// ligatures, full-width letters, `…`, and non-breaking and other special spaces become
/// their plain forms), curly and other quotation marks folded to `'` and `"`, hyphen and
/// en-dash variants and the minus sign to `-`, invisible format characters (zero-width
/// space, direction marks and isolates, byte order mark, soft hyphen) dropped, whitespace
/// runs to one space. Used for comparison only: outputs show the new text as written.
pub fn typographic_fold(s: &str) -> String {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    // Most text is already in NFKC (the quick check is a table lookup per character).
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        fold_chars(s.chars(), s.len())
    } else {
        fold_chars(s.nfkc(), s.len())
    }
}

/// The rest of [`typographic_fold`] after NFKC, in one pass: quotation marks and dashes
/// mapped, invisible format characters dropped, each run of exactly two hyphen-minus signs
/// made one (a typewriter en dash: `--` between words is `–` set by hand; a run of three,
/// the typewriter em dash, is left alone, as em dashes are not folded), whitespace runs
/// made one space and leading and trailing whitespace dropped.
fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    // Hyphens not yet written (their run may go on), and whether a space is due before the
    // next character written.
    let (mut hyphens, mut space) = (0usize, false);
    let flush = |out: &mut String, hyphens: &mut usize, space: &mut bool| {
        if *hyphens > 0 {
            if std::mem::take(space) {
                out.push(' ');
            }
            let n = if *hyphens == 2 { 1 } else { *hyphens };
            out.extend(std::iter::repeat_n('-', n));
            *hyphens = 0;
        }
    };
    for c in chars {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
            | '\u{0060}' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => '-',
            // Invisible format characters: zero-width space and joiners, direction marks,
            // embeddings and isolates, word joiner, byte order mark, soft hyphen.
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}' => continue,
            c => c,
        };
        if c == '-' {
            hyphens += 1;
            continue;
        }
        flush(&mut out, &mut hyphens, &mut space);
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        out.push(c);
    }
    flush(&mut out, &mut hyphens, &mut space);
    out
}

/// [`typographic_fold`] without allocating for the common case: ASCII text without a
/// backtick is its own fold (the readers already collapse whitespace).
pub fn typographic_key(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() && !s.contains('`') && !s.contains("  ") && !s.contains("--") {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(typographic_fold(s))
    }
}

/// `typographic_fold(a) == typographic_fold(b)`, without folding ASCII text when it can be
/// helped. On ASCII text the fold only turns a backtick into an apostrophe, a pair of
/// hyphens into one and whitespace runs into single spaces (nothing ASCII is dropped, and
/// NFKC leaves ASCII alone), so it keeps the letters and digits, in order: two ASCII texts
/// whose letters and digits differ fold differently. Plain ASCII texts (no backtick, double
/// hyphen or whitespace other than single spaces) are their own folds, trimmed.
fn typographically_equal(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        if !a
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .eq(b.bytes().filter(u8::is_ascii_alphanumeric))
        {
            return false;
        }
        let plain = |s: &str| {
            let b = s.as_bytes();
            b.iter().enumerate().all(|(i, &c)| match c {
                b'`' => false,
                b'-' | b' ' => b.get(i + 1) != Some(&c),
                c => !c.is_ascii_whitespace(),
            })
        };
        if plain(a) && plain(b) {
            return a.trim() == b.trim();
        }
    }
    typographic_fold(a) == typographic_fold(b)
}

/// Folds every change of `segments` that is only typographic (its deleted and inserted
/// texts are equal under [`typographic_fold`]) into kept text in its new form. Returns the
/// segments, the number of changes folded, and the words inserted and deleted by the
/// changes left ([`word_counts`] of the segments), added up from `change_words` (the words
/// deleted and inserted by each change, see [`Redline::change_words`]).
fn fold_typographic(
    mut segments: Vec<Segment>,
    change_words: &[(usize, usize)],
) -> (Vec<Segment>, usize, (usize, usize)) {
    if segments.iter().all(|s| s.op == SegmentOp::Equal) {
        return (segments, 0, (0, 0));
    }
    let (mut folded, mut changes, mut inserted, mut deleted) = (0, 0, 0, 0);
    // In place: the segments kept are `segments[..kept]`, each read segment moved there or
    // joined to the last one kept when of the same kind (`kept` never passes the segment
    // read, so the place it moves to has been read already).
    let mut kept = 0;
    let put = |segments: &mut Vec<Segment>, kept: &mut usize, at: usize| {
        if *kept > 0 && segments[*kept - 1].op == segments[at].op {
            let text = std::mem::take(&mut segments[at].text);
            segments[*kept - 1].text.push_str(&text);
        } else {
            segments.swap(*kept, at);
            *kept += 1;
        }
    };
    let mut at = 0;
    while at < segments.len() {
        if segments[at].op == SegmentOp::Equal {
            put(&mut segments, &mut kept, at);
            at += 1;
            continue;
        }
        // A run of changes up to the next kept text.
        let start = at;
        while segments.get(at).is_some_and(|s| s.op != SegmentOp::Equal) {
            at += 1;
        }
        let run = start..at;
        let words = change_words.get(changes).copied().unwrap_or_default();
        changes += 1;
        // The deleted and inserted texts of the run, borrowed when one segment holds each
        // (the usual deletion-then-insertion), with where that segment is.
        let joined = |deleted: bool| -> (std::borrow::Cow<'_, str>, Option<usize>) {
            let mut parts = run
                .clone()
                .filter(|&i| (segments[i].op == SegmentOp::Delete) == deleted);
            match (parts.next(), parts.next()) {
                (None, _) => (std::borrow::Cow::Borrowed(""), None),
                (Some(one), None) => (
                    std::borrow::Cow::Borrowed(segments[one].text.as_str()),
                    Some(one),
                ),
                _ => (
                    std::borrow::Cow::Owned(
                        segments[run.clone()]
                            .iter()
                            .filter(|s| (s.op == SegmentOp::Delete) == deleted)
                            .map(|s| s.text.as_str())
                            .collect(),
                    ),
                    None,
                ),
            }
        };
        let ((del, _), (ins, one_ins)) = (joined(true), joined(false));
        // Either side may be empty: a change of spacing alone (`act.` → `act .`) or an
        // invisible mark inserted is typographic too.
        if typographically_equal(&del, &ins) {
            // The inserted text, taken from its segment when one holds it.
            let ins = match ins {
                std::borrow::Cow::Owned(text) => Some(text),
                std::borrow::Cow::Borrowed(_) => None,
            };
            let text = ins.unwrap_or_else(|| {
                one_ins.map_or_else(String::new, |i| std::mem::take(&mut segments[i].text))
            });
            folded += 1;
            if text.is_empty() {
                continue;
            }
            if kept > 0 && segments[kept - 1].op == SegmentOp::Equal {
                segments[kept - 1].text.push_str(&text);
            } else {
                // `kept` is at most the run's start: its segment has been read.
                segments[kept] = Segment {
                    op: SegmentOp::Equal,
                    text,
                };
                kept += 1;
            }
        } else {
            deleted += words.0;
            inserted += words.1;
            for i in run {
                put(&mut segments, &mut kept, i);
            }
        }
    }
    segments.truncate(kept);
    if changes != change_words.len() {
        // Not counted by change: count the words of the segments.
        (inserted, deleted) = word_counts(&segments);
    }
    (segments, folded, (inserted, deleted))
}

impl Entry {
    /// Old text (equal + deleted segments).
    pub fn old_text(&self) -> String {
        self.text_without(SegmentOp::Insert)
    }

    /// New text (equal + inserted segments).
    pub fn new_text(&self) -> String {
        self.text_without(SegmentOp::Delete)
    }

    fn text_without(&self, op: SegmentOp) -> String {
        self.segments
            .iter()
            .filter(|s| s.op != op)
            .map(|s| s.text.as_str())
            .collect()
    }

    /// `old label → new label` or the one label there is, for headings of an entry.
    pub fn label_display(&self) -> String {
        let first = |v: &[BlockRef]| v.first().and_then(|b| b.label.clone());
        match (first(&self.old), first(&self.new)) {
            (Some(o), Some(n)) if o != n => format!("{o} → {n}"),
            (_, Some(n)) => n,
            (Some(o), None) => o,
            (None, None) => String::new(),
        }
    }
}

/// One label change, reported once (not as an edit in the paragraph).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renumbering {
    /// Old label.
    pub old: String,
    /// New label.
    pub new: String,
}

/// Counts negotiators report. Paragraph counts include headings and sub-paragraphs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Blocks only in the new revision.
    pub added: usize,
    /// Blocks only in the old revision.
    pub deleted: usize,
    /// Blocks edited in place.
    pub modified: usize,
    /// Blocks moved (with or without edits).
    pub moved: usize,
    /// Of `moved`, those also edited.
    pub moved_modified: usize,
    /// Old blocks split into several.
    pub split: usize,
    /// New blocks merged from several.
    pub merged: usize,
    /// Blocks kept word for word in place.
    pub unchanged: usize,
    /// Label changes (entries in `renumbering`).
    pub relabelled: usize,
    /// Words inserted over all entries.
    pub words_inserted: usize,
    /// Words deleted over all entries.
    pub words_deleted: usize,
    /// Square-bracket pairs in the whole old revision, a pair spanning paragraphs counted
    /// once (so more than the sum of the entries' `brackets.old`, which count each
    /// paragraph's own pairs).
    pub brackets_old: usize,
    /// Square-bracket pairs in the whole new revision, as [`Counts::brackets_old`].
    pub brackets_new: usize,
    /// Matched paragraphs newly bracketed: no bracket at all before; a pair of their own, or
    /// one end of a pair spanning paragraphs, after.
    pub newly_bracketed: usize,
    /// Matched paragraphs cleared of brackets: a pair of their own, or one end of a pair
    /// spanning paragraphs, before; no bracket at all after.
    pub cleared_of_brackets: usize,
    /// Paragraphs of the new revision marked "agreed ad ref".
    pub agreed_ad_ref: usize,
    /// Pairs shown as whole-paragraph replacements because of the budget.
    pub coarse: usize,
    /// Typographic changes — straight vs curly quotes and apostrophes, non-breaking and
    /// other special spaces, hyphen and en-dash variants, compatibility forms (see
    /// [`typographic_fold`]) — treated as no change of text and counted here instead.
    pub typographic: usize,
}

/// How paragraphs were matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// By zerodraft card anchors (then content for blocks without anchors).
    Anchors,
    /// By content, labels ignored.
    Content,
}

/// The comparison of two revisions. See the module docs for its JSON form.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The old revision.
    pub old: Side,
    /// The new revision.
    pub new: Side,
    /// How paragraphs were matched.
    pub method: Method,
    /// Overall counts.
    pub counts: Counts,
    /// Label changes, in new-document order.
    pub renumbering: Vec<Renumbering>,
    /// Reader notices and budget fallbacks.
    pub notices: Vec<String>,
    /// The redline, in new-document order with deletions where they stood.
    pub entries: Vec<Entry>,
}

impl Comparison {
    /// True when the revisions differ in text, order or labels (exit status 1).
    pub fn has_differences(&self) -> bool {
        !self.renumbering.is_empty()
            || self
                .entries
                .iter()
                .any(|e| e.op != Op::Unchanged || e.relabelled)
    }
}

/// The entry of a block found on one side only: `Op::Deleted` (the block is old, `at` an old
/// reference) or `Op::Added` (new), its whole text struck or inserted; `pairs` is the number
/// of bracket pairs in its text and `words` its [`word_count`].
fn one_sided(op: Op, b: &Block, at: BlockRef, pairs: usize, words: usize) -> Entry {
    let added = op == Op::Added;
    let segments = if b.text.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            op: if added {
                SegmentOp::Insert
            } else {
                SegmentOp::Delete
            },
            text: b.text.clone(),
        }]
    };
    let (words_inserted, words_deleted) = if added { (words, 0) } else { (0, words) };
    let (old, new) = if added {
        (Vec::new(), vec![at])
    } else {
        (vec![at], Vec::new())
    };
    Entry {
        id: String::new(),
        op,
        kind: b.kind,
        old,
        new,
        relabelled: false,
        similarity: 0.0,
        segments,
        words_inserted,
        words_deleted,
        brackets: Brackets {
            old: if added { 0 } else { pairs },
            new: if added { pairs } else { 0 },
            change: None,
        },
        coarse: false,
        typographic: 0,
    }
}

/// Separator between a section heading's label and a paragraph's: `Article 4 › 2.`.
pub const LABEL_PATH_SEPARATOR: &str = " › ";

/// Display labels, with context so that a label is unambiguous in the redline, the
/// renumbering and the history: a paragraph's label is prefixed by its section heading's
/// label (`Article 4 › 2.`), and a sub-paragraph's by its enclosing numbered paragraph's
/// number and enclosing sub-paragraphs, written as the annex of a zerodraft build writes
/// them: `14 (a)`, `14 (a) (iii)`, `Article 4 › 2 (a)`. An unlabelled paragraph between a
/// numbered paragraph and its sub-paragraphs (the chapeau "To realize this commitment, we
/// will draw from the following actions:") does not end the numbered paragraph; a heading
/// does. Unlabelled blocks have no display label.
pub fn display_labels(blocks: &[Block]) -> Vec<Option<String>> {
    // The context is borrowed from the blocks; only the labels returned are allocated.
    let mut section: Option<&str> = None;
    let mut parent: Option<&str> = None;
    // Enclosing sub-paragraphs: (nesting level, label).
    let mut subs: Vec<(u8, &str)> = Vec::new();
    // `section › ` (when there is a section), then `parts` joined by spaces.
    let label = |section: Option<&str>, parts: &[&str]| {
        let len = section.map_or(0, |s| s.len() + LABEL_PATH_SEPARATOR.len())
            + parts.iter().map(|p| p.len() + 1).sum::<usize>();
        let mut out = String::with_capacity(len);
        if let Some(s) = section {
            out.push_str(s);
            out.push_str(LABEL_PATH_SEPARATOR);
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(p);
        }
        out
    };
    let mut parts: Vec<&str> = Vec::new();
    blocks
        .iter()
        .map(|b| {
            let raw = b.label.as_ref().map(|l| l.raw.as_str());
            match b.kind {
                BlockKind::Heading => {
                    section = raw;
                    parent = None;
                    subs.clear();
                    raw.map(str::to_string)
                }
                BlockKind::Paragraph => {
                    if raw.is_some() {
                        parent = raw;
                        subs.clear();
                    }
                    raw.map(|r| label(section, &[r]))
                }
                BlockKind::SubParagraph => {
                    let r = raw?;
                    // Only lettered and roman sub-paragraphs take their parents' labels
                    // (`14 (a) (iii)`); a nested arabic list (`1.` inside `1.`, as in some
                    // negotiating texts) keeps its own label, as `1 3.` would read as nothing.
                    let hierarchical = b.label.as_ref().is_some_and(|l| {
                        matches!(l.scheme, LabelScheme::Letter | LabelScheme::Roman)
                    });
                    if !hierarchical {
                        return Some(label(section, &[r]));
                    }
                    while subs.last().is_some_and(|(level, _)| *level >= b.level) {
                        subs.pop();
                    }
                    parts.clear();
                    if let Some(p) = parent {
                        parts.push(p.trim_end_matches('.'));
                    }
                    parts.extend(subs.iter().map(|(_, l)| *l));
                    parts.push(r);
                    subs.push((b.level, r));
                    Some(label(section, &parts))
                }
            }
        })
        .collect()
}

/// A label as compared: trailing dots and case ignored, spaces collapsed.
fn label_key(b: &Block) -> Option<String> {
    b.label.as_ref().map(|l| {
        l.raw
            .trim_end_matches('.')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    })
}

/// `label_key(a) == label_key(b)`, without building the keys when both labels are ASCII:
/// the words between spaces compared one by one, ignoring ASCII case (a key is its words
/// joined by single spaces, which no word holds, so equal keys are equal word lists).
fn same_label_key(a: &Block, b: &Block) -> bool {
    match (&a.label, &b.label) {
        (None, None) => true,
        (Some(x), Some(y)) if x.raw.is_ascii() && y.raw.is_ascii() => {
            let mut xs = x.raw.trim_end_matches('.').split_whitespace();
            let mut ys = y.raw.trim_end_matches('.').split_whitespace();
            loop {
                match (xs.next(), ys.next()) {
                    (None, None) => return true,
                    (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
                    _ => return false,
                }
            }
        }
        (Some(_), Some(_)) => label_key(a) == label_key(b),
        _ => false,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Least total text (bytes, both sides) for which word redlines are computed on several
/// threads (pool workers, [`crate::parallel::fan_out`]); below it, handing pairs over costs
/// more than it saves.
const PARALLEL_REDLINE_BYTES: usize = 20_000;

/// `each` word redline of the `(old, new)` text pairs, in order, and the result of
/// `meanwhile`, run on this thread. When there is enough text, the threads of
/// [`crate::parallel::threads`] (at most four), this one included once `meanwhile` is done, take the pairs one at
/// a time, each the next pair no thread has taken yet, so that they finish together whatever
/// the pairs cost; each result depends on its pair and `budget` only, so it is the same as
/// one by one.
fn redline_all<S: AsRef<str> + Sync, T, U: Send>(
    pairs: &[(S, S)],
    budget: &WordBudget,
    each: impl Fn(Redline) -> U + Sync,
    meanwhile: impl FnOnce() -> T,
) -> (Vec<U>, T) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let bytes: usize = pairs
        .iter()
        .map(|(a, b)| a.as_ref().len() + b.as_ref().len())
        .sum();
    let threads = crate::parallel::threads().min(pairs.len());
    if threads < 2 || bytes < PARALLEL_REDLINE_BYTES {
        let side = meanwhile();
        let mut scratch = Scratch::default();
        let all = pairs
            .iter()
            .map(|(a, b)| each(scratch.redline(a.as_ref(), b.as_ref(), budget)))
            .collect();
        return (all, side);
    }
    let next = AtomicUsize::new(0);
    // The pairs one thread takes, with their indices, redlined in one scratch memory.
    let take = || -> Vec<(usize, U)> {
        let mut scratch = Scratch::default();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((a, b)) = pairs.get(i) else {
                return done;
            };
            done.push((i, each(scratch.redline(a.as_ref(), b.as_ref(), budget))));
        }
    };
    let mut all: Vec<Option<U>> = Vec::with_capacity(pairs.len());
    all.resize_with(pairs.len(), || None);
    let (done, side) = crate::parallel::fan_out(threads - 1, take, meanwhile);
    for (i, r) in done.into_iter().flatten() {
        all[i] = Some(r);
    }
    // Every index below the length was taken by one thread.
    (all.into_iter().flatten().collect(), side)
}

/// Most places listed per kind in [`unbalanced_brackets_notice`].
const UNBALANCED_LISTED: usize = 5;

/// The square brackets of a revision matched across its paragraphs: a bracket may open in
/// one paragraph and close in a later one (options spanning paragraphs are bracketed
/// whole), so after each paragraph's own pairs, its unmatched brackets are matched over the
/// text in order.
struct Across {
    /// Pairs whose `[` and `]` are in different paragraphs.
    pairs: usize,
    /// For each block: it holds one end of such a pair.
    spanning: Vec<bool>,
    /// `]` with no `[` open before it anywhere: (block, how many).
    unopened: Vec<(usize, usize)>,
    /// `[` never closed: (block, how many).
    unclosed: Vec<(usize, usize)>,
}

/// [`Across`] of the blocks whose [`brackets::Tally`]s are `tallies`, in order.
fn match_across(tallies: &[brackets::Tally]) -> Across {
    let mut across = Across {
        pairs: 0,
        spanning: vec![false; tallies.len()],
        unopened: Vec::new(),
        unclosed: Vec::new(),
    };
    // Blocks holding `[` still open, with how many, innermost last.
    let open = &mut across.unclosed;
    for (i, t) in tallies.iter().enumerate() {
        // Within a paragraph, its unmatched `]` all come where none of its own `[` is
        // open, so they close the text's open brackets before its own unclosed `[` open.
        let mut closes = t.unopened;
        while closes > 0 {
            let Some(top) = open.last_mut() else {
                across.unopened.push((i, closes));
                break;
            };
            let k = top.1.min(closes);
            top.1 -= k;
            closes -= k;
            across.pairs += k;
            across.spanning[top.0] = true;
            across.spanning[i] = true;
            if top.1 == 0 {
                open.pop();
            }
        }
        if t.unclosed > 0 {
            open.push((i, t.unclosed));
        }
    }
    across
}

/// A notice naming where the square brackets of `rev` do not match across the whole text
/// ([`Across`]), or `None` when they all match: a `]` with no `[` open before it, or a `[`
/// never closed, usually a bracket typed or deleted alone. Each is named by the first line
/// of its paragraph, the first [`UNBALANCED_LISTED`] of each kind.
fn unbalanced_brackets_notice(side: &str, rev: &Revision, across: &Across) -> Option<String> {
    if across.unclosed.is_empty() && across.unopened.is_empty() {
        return None;
    }
    let places = |list: &[(usize, usize)], what: &str| -> Option<String> {
        if list.is_empty() {
            return None;
        }
        let total: usize = list.iter().map(|(_, n)| n).sum();
        let mut lines: Vec<String> = list
            .iter()
            .take(UNBALANCED_LISTED)
            .map(|&(block, n)| {
                let line = rev.blocks.get(block).map_or(0, |b| b.line);
                match n {
                    1 => format!("line {line}"),
                    _ => format!("line {line} ({n})"),
                }
            })
            .collect();
        if list.len() > UNBALANCED_LISTED {
            lines.push(format!(
                "and {} more paragraph(s)",
                list.len() - UNBALANCED_LISTED
            ));
        }
        Some(format!(
            "{total} {what} in the paragraph(s) at {}",
            lines.join(", ")
        ))
    };
    let found: Vec<String> = [
        places(&across.unopened, "`]` with no `[` open before it"),
        places(&across.unclosed, "`[` never closed"),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(format!(
        "{side} ({}): square brackets do not match across the text: {}; they are not counted \
         as pairs (check for a bracket typed or deleted alone)",
        rev.name,
        found.join("; ")
    ))
}

/// `e1`, `e2`, …: the id of the `n`-th entry (digits by `itoa`, without the formatting
/// machinery of `format!`).
fn entry_id(n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(1 + digits.len());
    id.push('e');
    id.push_str(digits);
    id
}

/// References to the blocks of one revision, each carrying the block's display label: the
/// label is cloned for every reference but the last one made to its block, which takes it
/// (a block is shown in one entry, so a label is mostly moved, never copied).
struct Refs<'a> {
    blocks: &'a [Block],
    /// Display labels ([`display_labels`]).
    labels: Vec<Option<String>>,
    /// References still to be made to each block.
    uses: Vec<u32>,
}

impl Refs<'_> {
    /// The reference to block `i`.
    fn make(&mut self, i: usize) -> BlockRef {
        self.uses[i] = self.uses[i].saturating_sub(1);
        let label = if self.uses[i] == 0 {
            self.labels[i].take()
        } else {
            self.labels[i].clone()
        };
        let b = &self.blocks[i];
        BlockRef {
            index: i,
            line: b.line,
            label,
            raw_label: b.label.as_ref().map(|l| l.raw.clone()),
        }
    }
}

/// The entries of a comparison as they are built, in output order.
struct Entries<'a> {
    entries: Vec<Entry>,
    old: Refs<'a>,
    new: Refs<'a>,
    /// Square brackets of each old block.
    old_brackets: Vec<brackets::Tally>,
    /// Words of each old block not in a group.
    old_words: Vec<usize>,
    /// Whether each old block is in an alignment group (else it was deleted).
    old_in_group: Vec<bool>,
    /// Old blocks before this index have been shown or are shown by their group.
    cursor: usize,
}

impl Entries<'_> {
    /// Adds `e`, numbering it.
    fn push(&mut self, mut e: Entry) {
        e.id = entry_id(self.entries.len() + 1);
        self.entries.push(e);
    }

    /// Adds the deleted old blocks from the cursor up to `end` (excluded) and moves the
    /// cursor there.
    fn deleted_until(&mut self, end: usize) {
        while self.cursor < end {
            let o = self.cursor;
            if !self.old_in_group[o] {
                let at = self.old.make(o);
                let (b, pairs, words) = (
                    &self.old.blocks[o],
                    self.old_brackets[o].pairs,
                    self.old_words[o],
                );
                let e = one_sided(Op::Deleted, b, at, pairs, words);
                self.push(e);
            }
            self.cursor += 1;
        }
    }
}

/// What the entries of a comparison need to know of the blocks, besides the redlines.
struct BlockFacts {
    /// [`display_labels`] of each side.
    old_labels: Vec<Option<String>>,
    new_labels: Vec<Option<String>>,
    /// Square brackets of each block.
    old_brackets: Vec<brackets::Tally>,
    new_brackets: Vec<brackets::Tally>,
    /// Words of each block not in a group (shown whole as deleted or added), 0 for others.
    old_words: Vec<usize>,
    new_words: Vec<usize>,
    /// Blocks of the new revision marked "agreed ad ref".
    agreed_ad_ref: usize,
}

/// The texts of one side of a group: the block's own text, or the texts of several blocks
/// joined with [`PARAGRAPH_JOIN`].
fn group_text<'a>(blocks: &'a [Block], idx: &[usize]) -> std::borrow::Cow<'a, str> {
    match idx {
        [i] => std::borrow::Cow::Borrowed(blocks[*i].text.as_str()),
        _ => std::borrow::Cow::Owned(
            idx.iter()
                .map(|&i| blocks[i].text.as_str())
                .collect::<Vec<_>>()
                .join(PARAGRAPH_JOIN),
        ),
    }
}

/// Compares two revisions. Never fails; cost is bounded by `options` (fallbacks are listed
/// in `notices`).
pub fn compare(old: &Revision, new: &Revision, options: &Options) -> Comparison {
    let alignment = align(&old.blocks, &new.blocks, &options.align);
    let deadline = Instant::now() + options.time_budget;
    let mut notices: Vec<String> = Vec::new();
    for (side, rev) in [("old", old), ("new", new)] {
        for n in &rev.notices {
            notices.push(format!("{side} ({}): {n}", rev.name));
        }
    }
    for (side, rev) in [("old", old), ("new", new)] {
        if rev.blocks.is_empty() {
            notices.push(format!(
                "{side} ({}): no paragraphs were read from this revision; is it the right file?",
                rev.name
            ));
        }
    }
    notices.extend(alignment.notices.iter().cloned());

    // References each block gets: one per group holding it, or one as added or deleted.
    let mut old_uses = vec![0u32; old.blocks.len()];
    let mut new_uses = vec![0u32; new.blocks.len()];
    let mut group_at_new: Vec<Option<usize>> = vec![None; new.blocks.len()];
    for (gi, g) in alignment.groups.iter().enumerate() {
        group_at_new[g.new[0]] = Some(gi);
        for &o in &g.old {
            old_uses[o] += 1;
        }
        for &n in &g.new {
            new_uses[n] += 1;
        }
    }
    let old_in_group: Vec<bool> = old_uses.iter().map(|&u| u > 0).collect();
    let new_in_group: Vec<bool> = new_uses.iter().map(|&u| u > 0).collect();
    for u in old_uses.iter_mut().chain(new_uses.iter_mut()) {
        *u = (*u).max(1);
    }

    // For each new index, the first old index of the next in-place group at or after it.
    let mut next_in_place: Vec<Option<usize>> = vec![None; new.blocks.len()];
    let mut upcoming = None;
    for n in (0..new.blocks.len()).rev() {
        if let Some(gi) = group_at_new[n] {
            if !alignment.groups[gi].moved {
                upcoming = Some(alignment.groups[gi].old[0]);
            }
        }
        next_in_place[n] = upcoming;
    }
    let mut renumbering = Vec::new();
    // The texts of each group, borrowed from the blocks unless joined.
    let texts: Vec<_> = alignment
        .groups
        .iter()
        .map(|g| {
            (
                group_text(&old.blocks, &g.old),
                group_text(&new.blocks, &g.new),
            )
        })
        .collect();
    let wb = WordBudget {
        max_tokens: options.max_tokens,
        deadline: Some(deadline),
    };
    // What the entries need besides the redlines, worked out while other threads start on
    // the redlines.
    let facts = || {
        // Square brackets of each block, counted once.
        let count_brackets = |rev: &Revision| -> Vec<brackets::Tally> {
            rev.blocks
                .iter()
                .map(|b| brackets::tally(&b.text))
                .collect()
        };
        // Words of the blocks shown whole, as added or deleted.
        let one_sided_words = |rev: &Revision, in_group: &[bool]| -> Vec<usize> {
            rev.blocks
                .iter()
                .zip(in_group)
                .map(|(b, &grouped)| if grouped { 0 } else { word_count(&b.text) })
                .collect()
        };
        let mut buffer = String::new();
        BlockFacts {
            old_labels: display_labels(&old.blocks),
            new_labels: display_labels(&new.blocks),
            old_brackets: count_brackets(old),
            new_brackets: count_brackets(new),
            old_words: one_sided_words(old, &old_in_group),
            new_words: one_sided_words(new, &new_in_group),
            agreed_ad_ref: new
                .blocks
                .iter()
                .filter(|b| brackets::agreed_ad_ref_in(&b.text, &mut buffer))
                .count(),
        }
    };
    // Each redline with its typographic changes folded, on the thread that made it.
    let fold = |r: Redline| {
        let (segments, typographic, words) = fold_typographic(r.segments, &r.change_words);
        (segments, typographic, words, r.coarse)
    };
    let (redlines, facts) = redline_all(&texts, &wb, fold, facts);
    let (old_across, new_across) = (
        match_across(&facts.old_brackets),
        match_across(&facts.new_brackets),
    );
    for (side, rev, across) in [("old", old, &old_across), ("new", new, &new_across)] {
        notices.extend(unbalanced_brackets_notice(side, rev, across));
    }
    let mut redlines: Vec<Option<_>> = redlines.into_iter().map(Some).collect();
    let new_brackets = facts.new_brackets;
    let new_words = facts.new_words;
    let mut out = Entries {
        entries: Vec::with_capacity(old.blocks.len() + new.blocks.len()),
        old: Refs {
            blocks: &old.blocks,
            labels: facts.old_labels,
            uses: old_uses,
        },
        new: Refs {
            blocks: &new.blocks,
            labels: facts.new_labels,
            uses: new_uses,
        },
        old_brackets: facts.old_brackets,
        old_words: facts.old_words,
        old_in_group,
        cursor: 0,
    };
    let mut coarse_pairs = 0usize;
    for n in 0..new.blocks.len() {
        let Some(gi) = group_at_new[n] else {
            if new_in_group[n] {
                continue;
            }
            // Deletions in the same gap come before the additions.
            out.deleted_until(next_in_place[n].unwrap_or(old.blocks.len()));
            let at = out.new.make(n);
            let e = one_sided(
                Op::Added,
                &new.blocks[n],
                at,
                new_brackets[n].pairs,
                new_words[n],
            );
            out.push(e);
            continue;
        };
        let g = &alignment.groups[gi];
        if !g.moved {
            out.deleted_until(g.old[0]);
            out.cursor = out.cursor.max(g.old[g.old.len() - 1] + 1);
        }
        let Some((segments, typographic, (wi, wd), coarse)) = redlines[gi].take() else {
            continue;
        };
        let (ot, nt) = &texts[gi];
        if coarse {
            coarse_pairs += 1;
        }
        let same = segments.iter().all(|s| s.op == SegmentOp::Equal);
        let op = match (g.kind, g.moved, same) {
            (GroupKind::Split, ..) => Op::Split,
            (GroupKind::Merge, ..) => Op::Merged,
            (GroupKind::Pair, false, true) => Op::Unchanged,
            (GroupKind::Pair, false, false) => Op::Modified,
            (GroupKind::Pair, true, true) => Op::Moved,
            (GroupKind::Pair, true, false) => Op::MovedModified,
        };
        let mut relabelled = false;
        if g.kind == GroupKind::Pair {
            let (o, nn) = (g.old[0], g.new[0]);
            if !same_label_key(&old.blocks[o], &new.blocks[nn]) {
                relabelled = true;
                if let (Some(ol), Some(nl)) = (&out.old.labels[o], &out.new.labels[nn]) {
                    renumbering.push(Renumbering {
                        old: ol.clone(),
                        new: nl.clone(),
                    });
                }
            }
        }
        // A joined text (split, merge) may pair a bracket of one block with one of the next.
        let joined = |idx: &[usize], text: &str, counts: &[brackets::Tally]| match idx {
            [i] => counts[*i],
            _ => brackets::tally(text),
        };
        let (to, tn) = (
            joined(&g.old, ot, &out.old_brackets),
            joined(&g.new, nt, &new_brackets),
        );
        let (bo, bn) = (to.pairs, tn.pairs);
        // Bracketed: a pair of its own, or one end of a pair spanning paragraphs. Cleared
        // only when no bracket at all is left (a `]` deleted alone leaves the text
        // bracketed, not agreed); newly bracketed only from text without any bracket.
        let spans = |idx: &[usize], across: &Across| idx.iter().any(|&i| across.spanning[i]);
        let (old_bracketed, new_bracketed) = (
            bo > 0 || spans(&g.old, &old_across),
            bn > 0 || spans(&g.new, &new_across),
        );
        let change = if !to.any() && new_bracketed {
            Some(BracketChange::NewlyBracketed)
        } else if old_bracketed && !tn.any() {
            Some(BracketChange::Cleared)
        } else {
            None
        };
        let entry = Entry {
            id: String::new(),
            op,
            kind: new.blocks[g.new[0]].kind,
            old: g.old.iter().map(|&i| out.old.make(i)).collect(),
            new: g.new.iter().map(|&i| out.new.make(i)).collect(),
            relabelled,
            similarity: round3(g.score),
            segments,
            words_inserted: wi,
            words_deleted: wd,
            brackets: Brackets {
                old: bo,
                new: bn,
                change,
            },
            coarse,
            typographic,
        };
        out.push(entry);
    }
    out.deleted_until(old.blocks.len());
    if coarse_pairs > 0 {
        notices.push(format!(
            "word-diff budget: {coarse_pairs} paragraph pair(s) longer than {} tokens or past \
             the {} s time budget are shown as whole-paragraph replacements",
            options.max_tokens,
            options.time_budget.as_secs_f64()
        ));
    }

    let mut counts = Counts {
        relabelled: renumbering.len(),
        brackets_old: out.old_brackets.iter().map(|t| t.pairs).sum::<usize>() + old_across.pairs,
        brackets_new: new_brackets.iter().map(|t| t.pairs).sum::<usize>() + new_across.pairs,
        agreed_ad_ref: facts.agreed_ad_ref,
        coarse: coarse_pairs,
        ..Counts::default()
    };
    let entries = out.entries;
    for e in &entries {
        match e.op {
            Op::Unchanged => counts.unchanged += 1,
            Op::Modified => counts.modified += 1,
            Op::Moved => counts.moved += 1,
            Op::MovedModified => {
                counts.moved += 1;
                counts.moved_modified += 1;
            }
            Op::Added => counts.added += 1,
            Op::Deleted => counts.deleted += 1,
            Op::Split => counts.split += 1,
            Op::Merged => counts.merged += 1,
        }
        counts.typographic += e.typographic;
        counts.words_inserted += e.words_inserted;
        counts.words_deleted += e.words_deleted;
        match e.brackets.change {
            Some(BracketChange::NewlyBracketed) => counts.newly_bracketed += 1,
            Some(BracketChange::Cleared) => counts.cleared_of_brackets += 1,
            None => {}
        }
    }

    Comparison {
        schema_version: SCHEMA_VERSION,
        old: Side {
            name: old.name.clone(),
            date: old.date.clone(),
            blocks: old.blocks.len(),
        },
        new: Side {
            name: new.name.clone(),
            date: new.date.clone(),
            blocks: new.blocks.len(),
        },
        method: if alignment.by_anchors {
            Method::Anchors
        } else {
            Method::Content
        },
        counts,
        renumbering,
        notices,
        entries,
    }
}

/// Compresses a renumbering into runs that shift by the same amount within the same
/// context: `Article 6 › 14.–15. → Article 6 › 17.–18.` rather than one line each. Labels
/// whose last level is not a plain number stay single.
pub fn renumbering_runs(map: &[Renumbering]) -> Vec<String> {
    renumbering_run_pieces(map).map(|p| p.concat()).collect()
}

/// `s.rfind(LABEL_PATH_SEPARATOR)`, found from its `›` (the separator is `›` between
/// spaces) without setting up a substring search.
fn rfind_label_separator(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut end = s.len();
    while let Some(k) = s.get(..end).and_then(|h| h.rfind('›')) {
        if k > 0 && b[k - 1] == b' ' && b.get(k + '›'.len_utf8()) == Some(&b' ') {
            return Some(k - 1);
        }
        end = k;
    }
    None
}

/// The lines of [`renumbering_runs`], each as pieces borrowed from `map` (some empty), to be
/// written one after another.
pub(crate) fn renumbering_run_pieces(map: &[Renumbering]) -> impl Iterator<Item = [&str; 9]> {
    fn split(s: &str) -> (&str, Option<i64>, &str) {
        let (prefix, last) = match rfind_label_separator(s) {
            Some(i) => (
                &s[..i + LABEL_PATH_SEPARATOR.len()],
                &s[i + LABEL_PATH_SEPARATOR.len()..],
            ),
            None => ("", s),
        };
        (
            prefix,
            last.trim_end_matches('.').trim().parse::<i64>().ok(),
            last,
        )
    }
    // Each label split once: the split of `map[i]`, when already made.
    type Split<'a> = (&'a str, Option<i64>, &'a str);
    fn both(r: &Renumbering) -> (Split<'_>, Split<'_>) {
        (split(&r.old), split(&r.new))
    }
    let mut i = 0;
    let mut next = None;
    std::iter::from_fn(move || {
        let first = map.get(i)?;
        let ((op, on, ol), (np, nn, nl)) = next.take().unwrap_or_else(|| both(first));
        let (mut ol2, mut nl2) = (ol, nl);
        let mut j = i;
        if let (Some(o), Some(n)) = (on, nn) {
            while let Some(r) = map.get(j + 1) {
                let step = (j + 1 - i) as i64;
                let split = both(r);
                let ((op2, on2, l2), (np2, nn2, n2)) = split;
                if op2 == op && np2 == np && on2 == Some(o + step) && nn2 == Some(n + step) {
                    j += 1;
                    (ol2, nl2) = (l2, n2);
                } else {
                    next = Some(split);
                    break;
                }
            }
        }
        let pieces = if j > i {
            [op, ol, "–", ol2, " → ", np, nl, "–", nl2]
        } else {
            [&first.old, " → ", &first.new, "", "", "", "", "", ""]
        };
        i = j + 1;
        Some(pieces)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::testing::rev;
    use crate::diff::words::redline;

    fn cmp(a: &str, b: &str) -> Comparison {
        compare(&rev("Rev.1", a), &rev("Rev.2", b), &Options::default())
    }

    /// `op old-labels→new-labels: redline` per changed entry.
    fn changes(c: &Comparison) -> Vec<String> {
        c.entries
            .iter()
            .filter(|e| e.op != Op::Unchanged)
            .map(|e| {
                let labels = |v: &[BlockRef]| {
                    v.iter()
                        .map(|b| b.label.clone().unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join("+")
                };
                let text: String = e
                    .segments
                    .iter()
                    .map(|s| match s.op {
                        SegmentOp::Equal => s.text.clone(),
                        SegmentOp::Delete => format!("[-{}-]", s.text),
                        SegmentOp::Insert => format!("{{+{}+}}", s.text),
                    })
                    .collect();
                let op = serde_json::to_value(e.op).unwrap();
                format!(
                    "{} {}>{}: {text}",
                    op.as_str().unwrap(),
                    labels(&e.old),
                    labels(&e.new)
                )
            })
            .collect()
    }

    const BASE: &str = "1. Decides to establish a technology mechanism for all Parties.
2. Requests the secretariat to prepare a synthesis report on adaptation.
3. Invites Parties to communicate their nationally determined contributions.
4. Urges developed country Parties to scale up their financial support.";

    /// Regression (second trial): a nested arabic list item read `Article 2 › 1 3.`; only
    /// lettered and roman sub-paragraphs take their parent's number (`14 (a) (iii)`).
    #[test]
    fn only_lettered_and_roman_sub_paragraphs_take_the_parent_number() {
        let block = |kind, raw: &str, scheme, level| Block {
            kind,
            label: Some(crate::diff::Label {
                raw: raw.into(),
                scheme,
                number: None,
                suffix: None,
            }),
            text: "x".into(),
            anchors: Vec::new(),
            level,
            line: 1,
        };
        let blocks = [
            block(BlockKind::Heading, "Article 2", LabelScheme::Article, 1),
            block(BlockKind::Paragraph, "1.", LabelScheme::Number, 0),
            block(BlockKind::SubParagraph, "3.", LabelScheme::Number, 1),
            block(BlockKind::SubParagraph, "(a)", LabelScheme::Letter, 1),
            block(BlockKind::SubParagraph, "(iii)", LabelScheme::Roman, 2),
        ];
        let labels: Vec<String> = display_labels(&blocks).into_iter().flatten().collect();
        assert_eq!(
            labels,
            [
                "Article 2",
                "Article 2 › 1.",
                "Article 2 › 3.",
                "Article 2 › 1 (a)",
                "Article 2 › 1 (a) (iii)"
            ]
        );
    }

    #[test]
    fn relabelled_only_is_one_renumbering_and_no_text_change() {
        let relabelled = BASE
            .replace("4. ", "5. ")
            .replace("3. ", "4. ")
            .replace("2. ", "3. ")
            .replace("1. ", "2. ");
        let c = cmp(BASE, &relabelled);
        assert_eq!(changes(&c), Vec::<String>::new());
        assert_eq!(renumbering_runs(&c.renumbering), vec!["1.–4. → 2.–5."]);
        assert_eq!(
            (c.counts.unchanged, c.counts.modified, c.counts.relabelled),
            (4, 0, 4)
        );
        assert!(c.has_differences());
    }

    #[test]
    fn bis_insertion_is_an_added_paragraph_not_a_renumbering() {
        let with_bis = BASE.replace(
            "3. Invites",
            "2 bis. Encourages Parties to share best practices on resilience.\n3. Invites",
        );
        let c = cmp(BASE, &with_bis);
        assert_eq!(
            changes(&c),
            vec!["added >2 bis.: {+Encourages Parties to share best practices on resilience.+}"]
        );
        assert!(c.renumbering.is_empty());
    }

    #[test]
    fn moved_and_moved_edited() {
        let lines: Vec<&str> = BASE.lines().collect();
        let moved = [lines[1], lines[2], lines[0], lines[3]].join("\n");
        let c = cmp(BASE, &moved);
        assert_eq!(
            changes(&c),
            vec!["moved 1.>1.: Decides to establish a technology mechanism for all Parties."]
        );
        let edited = moved.replace("technology", "finance");
        let c = cmp(BASE, &edited);
        assert_eq!(
            changes(&c),
            vec!["moved-modified 1.>1.: Decides to establish a [-technology-]{+finance+} mechanism for all Parties."]
        );
        assert_eq!((c.counts.moved, c.counts.moved_modified), (1, 1));
    }

    #[test]
    fn split_and_merge() {
        let merged = "1. Decides to establish a technology mechanism for all Parties, and requests the secretariat to prepare a synthesis report on adaptation.
3. Invites Parties to communicate their nationally determined contributions.
4. Urges developed country Parties to scale up their financial support.";
        let c = cmp(BASE, merged);
        assert_eq!(
            changes(&c),
            vec!["merged 1.+2.>1.: Decides to establish a technology mechanism for all Parties[-. ¶ Requests-]{+, and requests+} the secretariat to prepare a synthesis report on adaptation."]
        );
        let c = cmp(merged, BASE);
        assert_eq!(
            changes(&c),
            vec!["split 1.>1.+2.: Decides to establish a technology mechanism for all Parties[-, and requests-]{+. ¶ Requests+} the secretariat to prepare a synthesis report on adaptation."]
        );
        assert_eq!(c.counts.split, 1);
    }

    #[test]
    fn bracket_removed_is_cleared() {
        let bracketed = BASE.replace("their nationally", "[their] nationally");
        let c = cmp(&bracketed, BASE);
        assert_eq!(
            changes(&c),
            vec!["modified 3.>3.: Invites Parties to communicate [-[-]their[-]-] nationally determined contributions."]
        );
        assert_eq!(
            (
                c.counts.brackets_old,
                c.counts.brackets_new,
                c.counts.cleared_of_brackets
            ),
            (1, 0, 1)
        );
    }

    #[test]
    fn closing_bracket_deleted_alone_is_not_cleared_and_is_named() {
        let bracketed = BASE.replace("their nationally", "[their] nationally");
        let stray = BASE.replace("their nationally", "[their nationally");
        let c = cmp(&bracketed, &stray);
        assert_eq!(
            (
                c.counts.brackets_old,
                c.counts.brackets_new,
                c.counts.cleared_of_brackets,
                c.counts.newly_bracketed
            ),
            (1, 0, 0, 0)
        );
        assert_eq!(c.entries[2].brackets.change, None);
        assert_eq!(
            c.notices,
            vec![
                "new (Rev.2): square brackets do not match across the text: 1 `[` never \
                  closed in the paragraph(s) at line 3; they are not counted as pairs (check \
                  for a bracket typed or deleted alone)"
            ]
        );
        // Text with a stray bracket gaining a pair was bracketed already.
        let c = cmp(&stray, &bracketed);
        assert_eq!(
            (c.counts.newly_bracketed, c.counts.cleared_of_brackets),
            (0, 0)
        );
        assert_eq!(c.notices.len(), 1);
        assert!(c.notices[0].starts_with("old (Rev.1): "), "{:?}", c.notices);
    }

    #[test]
    fn brackets_spanning_paragraphs_match_across_them() {
        // An option bracketed whole, over two paragraphs: no stray bracket to report.
        let spanning = BASE.replace("Decides to", "[Option 1: Decides to").replace(
            "nationally determined contributions.",
            "nationally determined contributions.]",
        );
        let c = cmp(&spanning, &spanning);
        assert_eq!(c.notices, Vec::<String>::new());
        // A `]` with nothing open, and two `[` never closed in one paragraph.
        let stray = BASE
            .replace("Decides to", "Decides] to")
            .replace("Invites", "[[Invites");
        let c = cmp(BASE, &stray);
        assert_eq!(
            c.notices,
            vec![
                "new (Rev.2): square brackets do not match across the text: 1 `]` with no \
                  `[` open before it in the paragraph(s) at line 1; 2 `[` never closed in the \
                  paragraph(s) at line 3 (2); they are not counted as pairs (check for a \
                  bracket typed or deleted alone)"
            ]
        );
    }

    #[test]
    fn an_option_bracketed_over_paragraphs_counts_once_and_clears_its_paragraphs() {
        let spanning = BASE.replace("Decides to", "[Option 1: Decides to").replace(
            "nationally determined contributions.",
            "nationally determined contributions.]",
        );
        let c = cmp(&spanning, BASE);
        assert_eq!(
            (
                c.counts.brackets_old,
                c.counts.brackets_new,
                c.counts.cleared_of_brackets,
                c.counts.newly_bracketed
            ),
            (1, 0, 2, 0)
        );
        let cleared: Vec<usize> = c
            .entries
            .iter()
            .filter(|e| e.brackets.change == Some(BracketChange::Cleared))
            .map(|e| e.new[0].index)
            .collect();
        assert_eq!(cleared, [0, 2]);
        assert_eq!(c.notices, Vec::<String>::new());
        // And back: the two paragraphs holding its ends are newly bracketed.
        let c = cmp(BASE, &spanning);
        assert_eq!(
            (
                c.counts.brackets_old,
                c.counts.brackets_new,
                c.counts.newly_bracketed
            ),
            (0, 1, 2)
        );
        // A pair of its own inside the option is counted besides it.
        let nested = spanning.replace("the secretariat", "[the secretariat]");
        let c = cmp(&nested, &nested);
        assert_eq!((c.counts.brackets_old, c.counts.brackets_new), (2, 2));
    }

    #[test]
    fn paragraph_rewritten_in_place_is_modified_not_added_and_deleted() {
        // Dice 0.42: below the global pairing score, above the in-place one.
        let rewritten = BASE.replace(
            "Requests the secretariat to prepare a synthesis report on adaptation.",
            "Requests the executive secretary to compile and publish an information note on adaptation finance.",
        );
        let c = cmp(BASE, &rewritten);
        let ops: Vec<Op> = c.entries.iter().map(|e| e.op).collect();
        assert_eq!(
            ops,
            vec![Op::Unchanged, Op::Modified, Op::Unchanged, Op::Unchanged]
        );
        assert_eq!(c.entries[1].similarity, 0.417);
    }

    #[test]
    fn card_anchors_match_a_rewritten_paragraph() {
        let mut a = rev("Rev.1", "1. Promote safe and regular pathways for labour migration.\n2. Ensure access to basic services for all migrants.");
        let mut b = rev("Rev.2", "1. Guarantee that every migrant can reach health care and schooling.\n2. Expand channels for regular migration of workers.");
        a.blocks[0].anchors = vec!["pv-017".into()];
        a.blocks[1].anchors = vec!["pv-042".into()];
        b.blocks[0].anchors = vec!["pv-042".into()];
        b.blocks[1].anchors = vec!["pv-017".into()];
        let c = compare(&a, &b, &Options::default());
        assert_eq!(c.method, Method::Anchors);
        let pairs: Vec<(Op, usize, usize)> = c
            .entries
            .iter()
            .map(|e| (e.op, e.old[0].index, e.new[0].index))
            .collect();
        assert_eq!(pairs, vec![(Op::MovedModified, 1, 0), (Op::Modified, 0, 1)]);
    }

    #[test]
    fn budgets_fall_back_and_say_so() {
        let edited = BASE.replace("Parties", "all Parties");
        let tight = Options {
            align: Budget {
                max_candidate_pairs: 1,
            },
            max_tokens: 10,
            time_budget: Duration::from_secs(5),
        };
        let c = compare(&rev("a", BASE), &rev("b", &edited), &tight);
        assert_eq!(c.counts.coarse, 3);
        assert_eq!(c.notices.len(), 2, "{:?}", c.notices);
        assert!(c.notices[0].starts_with("alignment budget:"));
        assert!(c.notices[1].starts_with("word-diff budget: 3 paragraph pair(s)"));
    }

    #[test]
    fn odd_inputs_never_panic_in_any_format() {
        use crate::diff::output;
        use crate::diff::{Block, BlockKind};
        let odd = |name: &str, texts: &[&str]| Revision {
            name: name.into(),
            date: Some("not a date".into()),
            blocks: texts
                .iter()
                .map(|t| Block {
                    kind: BlockKind::Paragraph,
                    label: None,
                    text: (*t).into(),
                    anchors: Vec::new(),
                    level: 0,
                    line: 1,
                })
                .collect(),
            notices: Vec::new(),
        };
        let cases = [
            odd("a", &[]),
            odd("b", &["", "", "]]][[["]),
            odd(
                "c",
                &[
                    "e\u{301}\u{301} ﬁ «»",
                    "日本語のテキスト",
                    "{++ <script> --}",
                ],
            ),
            odd("d", &["x"; 40]),
        ];
        for a in &cases {
            for b in &cases {
                let c = compare(a, b, &Options::default());
                let _ = output::term::render(&c, true);
                let _ = output::html::render(&c);
                let _ = output::markdown::render(&c);
                assert!(output::json(&c).is_ok());
                let o = output::docx::DocxOptions {
                    author: "x".into(),
                    date: "1970-01-01T00:00:00Z".into(),
                };
                assert!(output::docx::render(&c, a, b, &o).is_ok());
            }
        }
    }

    /// Regression: `── (a) modified` was ambiguous with 22 objectives each having an (a).
    #[test]
    fn sub_paragraph_labels_carry_their_paragraph_number() {
        let mut r = rev(
            "R",
            "# Objective 1\n\n14. We commit to strengthen the evidence base.\n\nTo realize this commitment, we will draw from the following actions:\n\n(a) Take concrete steps;\n\n(b) Collect data on:\n\n(i) flows;\n\n(ii) stocks;\n\n(c) Share data.\n\n# Objective 2\n\n15. We commit to cooperate.\n\n(a) Map movements of migrants across the region every year.",
        );
        // Roman under a letter is nested one level deeper (as the reader sets it).
        for b in &mut r.blocks {
            if b.label.as_ref().is_some_and(|l| l.raw.starts_with("(i")) {
                b.level = 2;
            }
        }
        let labels: Vec<String> = display_labels(&r.blocks)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        assert_eq!(
            labels,
            [
                "",
                "14.",
                "",
                "14 (a)",
                "14 (b)",
                "14 (b) (i)",
                "14 (b) (ii)",
                "14 (c)",
                "",
                "15.",
                "15 (a)"
            ]
        );
        let edited = rev(
            "R2",
            &r.blocks
                .iter()
                .map(|b| {
                    let l = b
                        .label
                        .as_ref()
                        .map(|l| format!("{} ", l.raw))
                        .unwrap_or_default();
                    let hashes = if b.kind == BlockKind::Heading {
                        "# "
                    } else {
                        ""
                    };
                    format!("{hashes}{l}{}", b.text.replace("Map", "Monitor"))
                })
                .collect::<Vec<_>>()
                .join("\n\n"),
        );
        let c = compare(&r, &edited, &Options::default());
        assert_eq!(
            changes(&c),
            ["modified 15 (a)>15 (a): [-Map-]{+Monitor+} movements of migrants across the region every year."]
        );
        let e = c.entries.iter().find(|e| e.op == Op::Modified).unwrap();
        assert_eq!(e.new[0].raw_label.as_deref(), Some("(a)"));
        let term = crate::diff::output::term::render(&c, false);
        assert!(term.contains("\n── 15 (a) modified (old line "), "{term}");
    }

    /// Regression: `chair's` → `chair’s` (and other typographic variants) counted as word
    /// edits.
    #[test]
    fn typographic_variants_are_not_edits() {
        let old = "1. Takes note of the chair's summary of the \"Puerto Vallarta\" meeting, 4-6 December 2017.\n2. Decides to establish a technology mechanism for all Parties.";
        let new = "1. Takes note of the chair\u{2019}s summary of the \u{201C}Puerto\u{a0}Vallarta\u{201D} meeting, 4\u{2013}6 December 2017.\n2. Decides to establish a technology mechanism for all Parties.";
        let c = cmp(old, new);
        assert_eq!(changes(&c), Vec::<String>::new());
        // The apostrophe, both quotation marks, the non-breaking space, the en dash.
        assert_eq!(c.counts.typographic, 5);
        assert_eq!((c.counts.unchanged, c.counts.words_inserted), (2, 0));
        assert!(!c.has_differences());
        // The kept text is the new one.
        assert!(c.entries[0].new_text().contains("chair\u{2019}s"));
        assert!(crate::diff::output::summary_lines(&c).contains(
            &"typographic changes: 5 (quotes, apostrophes, spaces, dashes; not counted as edits, the new form is shown)".to_string()
        ));
        // A real edit next to a typographic one shows only the real edit.
        let edited = new
            .replace("technology", "finance")
            .replace("Parties.", "Parties\u{2019} benefit.");
        let c = cmp(&old.replace("Parties.", "Parties' benefit."), &edited);
        assert_eq!(
            changes(&c),
            ["modified 2.>2.: Decides to establish a [-technology-]{+finance+} mechanism for all Parties\u{2019} benefit."]
        );
        assert_eq!(c.counts.typographic, 6);
        assert_eq!(
            typographic_fold("\u{FB01}ne \u{2026} \u{2018}x\u{2019}"),
            "fine ... 'x'"
        );
    }

    /// Regression (second trial): `--` → `–` showed as a modification with "0 words"
    /// changed, and kept a nearby curly quote from being folded too.
    #[test]
    fn typewriter_dashes_are_typographic() {
        let c = cmp(
            "1. It is -- in fact -- \"fine\" -- it's agreed.",
            "1. It is \u{2013} in fact \u{2013} \u{201C}fine\u{201D} \u{2013} it\u{2019}s agreed.",
        );
        assert_eq!(changes(&c), Vec::<String>::new());
        assert!(!c.has_differences());
        // Counted per folded change: the redline's cleanup joins the second dash, the
        // quoted word and the third dash into one change (kept text between them is short).
        assert_eq!(c.counts.typographic, 2);
        assert_eq!(typographic_fold("a -- b --- c - d"), "a - b --- c - d");
        assert_eq!(typographic_key("a -- b"), "a - b");
    }

    #[test]
    fn invisible_marks_and_spacing_are_typographic() {
        // Direction marks, a zero-width space and a byte order mark around a word.
        let c = cmp(
            "1. Parties shall reduce emissions by 2030.",
            "1. Parties shall \u{200E}reduce\u{200F} emissions\u{200B} by \u{FEFF}2030.",
        );
        assert_eq!(changes(&c), Vec::<String>::new());
        assert!(!c.has_differences());
        assert!(c.counts.typographic >= 1);
        // A space before a full stop.
        let c = cmp("1. Parties shall act.", "1. Parties shall act .");
        assert_eq!(changes(&c), Vec::<String>::new());
        assert_eq!(c.counts.typographic, 1);
        assert_eq!(c.entries[0].new_text(), "Parties shall act .");
        // A real edit next to a spacing change is still an edit.
        let c = cmp("1. Parties shall act.", "1. Parties must act .");
        assert!(c.has_differences());
    }

    #[test]
    fn redlines_on_threads_equal_redlines_one_by_one() {
        let pairs: Vec<(String, String)> = (0..300)
            .map(|i| {
                let old =
                    format!("Parties shall [communicate] a contribution {i} every five years.");
                let new = if i % 3 == 0 {
                    old.clone()
                } else {
                    format!(
                        "Each Party should communicate a contribution {i} every {} years.",
                        i % 7
                    )
                };
                (old, new)
            })
            .collect();
        let bytes: usize = pairs.iter().map(|(a, b)| a.len() + b.len()).sum();
        assert!(bytes >= PARALLEL_REDLINE_BYTES);
        let budget = WordBudget::default();
        let one_by_one: Vec<Redline> = pairs.iter().map(|(a, b)| redline(a, b, &budget)).collect();
        assert_eq!(redline_all(&pairs, &budget, |r| r, || 7), (one_by_one, 7));
        // One long pair among short ones: threads take unequal numbers of pairs, results
        // still in order.
        let mut uneven = pairs.clone();
        uneven[7] = (uneven[7].0.repeat(60), uneven[7].1.repeat(50));
        let one_by_one: Vec<Redline> = uneven.iter().map(|(a, b)| redline(a, b, &budget)).collect();
        assert_eq!(redline_all(&uneven, &budget, |r| r, || ()).0, one_by_one);
    }

    #[test]
    fn identical_has_no_differences() {
        let c = cmp(BASE, BASE);
        assert!(!c.has_differences());
        assert_eq!(c.counts.unchanged, 4);
    }

    #[test]
    fn deleted_and_added_keep_document_order() {
        let other = BASE
            .replace(
                "2. Requests the secretariat to prepare a synthesis report on adaptation.\n",
                "",
            )
            .replace(
                "4. Urges",
                "5. Welcomes the efforts of all non-Party stakeholders.\n4. Urges",
            );
        let c = cmp(BASE, &other);
        let ops: Vec<Op> = c.entries.iter().map(|e| e.op).collect();
        assert_eq!(
            ops,
            vec![
                Op::Unchanged,
                Op::Deleted,
                Op::Unchanged,
                Op::Added,
                Op::Unchanged
            ]
        );
    }

    /// The typographic fold and equality as first written: mapped and filtered characters
    /// collected, double hyphens folded, whitespace split and joined.
    mod reference {
        use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

        pub fn typographic_fold(s: &str) -> String {
            let chars: Box<dyn Iterator<Item = char>> =
                if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
                    Box::new(s.chars())
                } else {
                    Box::new(s.nfkc())
                };
            let folded: String = chars
                .filter_map(|c| match c {
                    '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
                    | '\u{0060}' | '\u{00B4}' => Some('\''),
                    '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
                    | '\u{00BB}' => Some('"'),
                    '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => Some('-'),
                    '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{FEFF}'
                    | '\u{00AD}' => None,
                    c => Some(c),
                })
                .collect();
            let mut out = String::new();
            let mut run = 0;
            for c in folded.chars().chain(std::iter::once('\0')) {
                if c == '-' {
                    run += 1;
                    continue;
                }
                out.extend(std::iter::repeat_n('-', if run == 2 { 1 } else { run }));
                run = 0;
                if c != '\0' {
                    out.push(c);
                }
            }
            out.split_whitespace().collect::<Vec<_>>().join(" ")
        }

        pub fn typographically_equal(a: &str, b: &str) -> bool {
            let plain = |s: &str| {
                s.is_ascii()
                    && !s.contains('`')
                    && !s.contains("--")
                    && !s.contains("  ")
                    && !s.bytes().any(|c| c.is_ascii_whitespace() && c != b' ')
            };
            if plain(a) && plain(b) {
                a.trim() == b.trim()
            } else {
                typographic_fold(a) == typographic_fold(b)
            }
        }
    }

    #[test]
    fn typographic_fold_and_equality_match_the_reference() {
        // Characters the fold maps, drops or collapses, and some NFKC changes.
        let alphabet: Vec<char> = "ab1 -`'\"\t\n\u{b}\u{2019}\u{201C}\u{2013}\u{2212}\u{200B}\u{AD}\u{FEFF}\u{A0}\u{3000}\u{FB01}\u{FF21}\u{2026}e\u{301}\u{B4}"
            .chars()
            .collect();
        let mut below = crate::diff::testing::below_from(0x2545_f491_4f6c_dd1du64);
        let mut texts: Vec<String> = Vec::new();
        for case in 0..20_000 {
            let len = below(12);
            let ascii_only = case % 3 == 0;
            let t: String = (0..len)
                .map(|_| loop {
                    let c = alphabet[below(alphabet.len())];
                    if !ascii_only || c.is_ascii() {
                        break c;
                    }
                })
                .collect();
            assert_eq!(
                typographic_fold(&t),
                reference::typographic_fold(&t),
                "{t:?}"
            );
            if let Some(other) = texts.get(below(texts.len() + 1)) {
                assert_eq!(
                    typographically_equal(&t, other),
                    reference::typographically_equal(&t, other),
                    "{t:?} {other:?}"
                );
            }
            // Near misses: the same text with whitespace, dashes or quotes changed.
            let variant: String = t
                .chars()
                .map(|c| match c {
                    ' ' => '\u{A0}',
                    '-' => '\u{2013}',
                    '\'' => '`',
                    c => c,
                })
                .collect();
            let doubled = t.replace(' ', "  ").replace('-', "--");
            let tabbed = t.replace(' ', "\t").replace('\'', "`");
            let broken = t.replace(' ', "\n");
            for (a, b) in [
                (&t, &variant),
                (&variant, &t),
                (&t, &doubled),
                (&doubled, &t),
                (&t, &tabbed),
                (&tabbed, &doubled),
                (&broken, &t),
            ] {
                assert_eq!(
                    typographically_equal(a, b),
                    reference::typographically_equal(a, b),
                    "{a:?} {b:?}"
                );
                let spaced = format!(" {b}  -- ");
                assert_eq!(
                    typographically_equal(a, &spaced),
                    reference::typographically_equal(a, &spaced),
                    "{a:?} {spaced:?}"
                );
            }
            texts.push(t);
        }
    }

    #[test]
    fn words_counted_by_change_equal_words_of_the_segments() {
        // Pieces with typographic variants, so that some changes fold and others stay.
        let words = [
            "Parties",
            "shall",
            "chair's",
            "chair\u{2019}s",
            "\"fine\"",
            "\u{201C}fine\u{201D}",
            "4-6",
            "4\u{2013}6",
            "--",
            "\u{2013}",
            "e.g.",
            "1,000",
            "[",
            "]",
            "act",
            "act.",
            "\u{A0}",
            "_x",
            "__",
            "na\u{EF}ve",
        ];
        let mut below = crate::diff::testing::below_from(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..3000 {
            let text = |below: &mut dyn FnMut(usize) -> usize| -> String {
                (0..below(12))
                    .map(|_| words[below(words.len())])
                    .collect::<Vec<_>>()
                    .join(if below(4) == 0 { "  " } else { " " })
            };
            let old = text(&mut below);
            let new: String = old
                .split(' ')
                .map(|w| {
                    if below(3) == 0 {
                        words[below(words.len())]
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            let r = redline(&old, &new, &WordBudget::default());
            let (segments, _, counted) = fold_typographic(r.segments, &r.change_words);
            assert_eq!(counted, word_counts(&segments), "{old:?} → {new:?}");
        }
    }

    #[test]
    fn label_keys_compare_as_built() {
        let labels = [
            "1.",
            "1",
            "1..",
            "12 bis.",
            "12  BIS",
            "12\tbis.",
            "12\u{b}bis",
            "(a)",
            "(A)",
            "(a).",
            "Article 4",
            "ARTICLE 4.",
            "article\u{a0}4",
            "Article\u{a0}4",
            "PP1",
            "Pp 1",
            "\u{3a3}A",
            "\u{3c3}a",
            "\u{3a3}",
            "\u{3c2}",
            " 1. ",
            ".",
            "",
            "  ",
            "Op 3.",
            "op 3",
            "OP3",
        ];
        let block = |raw: Option<&str>| Block {
            kind: BlockKind::Paragraph,
            label: raw.map(|r| crate::diff::Label {
                raw: r.into(),
                scheme: LabelScheme::Number,
                number: None,
                suffix: None,
            }),
            text: String::new(),
            anchors: Vec::new(),
            level: 0,
            line: 1,
        };
        let blocks: Vec<Block> = labels
            .iter()
            .map(|&l| block(Some(l)))
            .chain([block(None)])
            .collect();
        for a in &blocks {
            for b in &blocks {
                assert_eq!(
                    same_label_key(a, b),
                    label_key(a) == label_key(b),
                    "{:?} {:?}",
                    a.label,
                    b.label
                );
            }
        }
    }

    #[test]
    fn entry_ids_count_from_one() {
        for n in [1, 9, 10, 99, 100, 637, 1000, 123_456, usize::MAX] {
            assert_eq!(entry_id(n), format!("e{n}"));
        }
    }

    /// [`renumbering_runs`] as first written, each label split again wherever needed.
    fn reference_runs(map: &[Renumbering]) -> Vec<String> {
        fn split(s: &str) -> (&str, Option<i64>, &str) {
            let (prefix, last) = match s.rfind(LABEL_PATH_SEPARATOR) {
                Some(i) => (
                    &s[..i + LABEL_PATH_SEPARATOR.len()],
                    &s[i + LABEL_PATH_SEPARATOR.len()..],
                ),
                None => ("", s),
            };
            (
                prefix,
                last.trim_end_matches('.').trim().parse::<i64>().ok(),
                last,
            )
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < map.len() {
            let (op, on, ol) = split(&map[i].old);
            let (np, nn, nl) = split(&map[i].new);
            let mut j = i;
            if let (Some(o), Some(n)) = (on, nn) {
                while j + 1 < map.len() {
                    let step = (j + 1 - i) as i64;
                    let (op2, on2, _) = split(&map[j + 1].old);
                    let (np2, nn2, _) = split(&map[j + 1].new);
                    if op2 == op && np2 == np && on2 == Some(o + step) && nn2 == Some(n + step) {
                        j += 1;
                    } else {
                        break;
                    }
                }
            }
            if j > i {
                let (_, _, ol2) = split(&map[j].old);
                let (_, _, nl2) = split(&map[j].new);
                out.push(format!("{op}{ol}–{ol2} → {np}{nl}–{nl2}"));
            } else {
                out.push(format!("{} → {}", map[i].old, map[i].new));
            }
            i = j + 1;
        }
        out
    }

    #[test]
    fn runs_match_the_reference() {
        let labels = [
            "1.",
            "2.",
            "3.",
            "4",
            "5.",
            "(a)",
            "12 bis.",
            "Article 6 › 14.",
            "Article 6 › 15.",
            "Article 6 › 16.",
            "Article 7 › 15.",
            "Article 7 › 16.",
            " › 3.",
            "9 › ",
            "-1.",
        ];
        let mut below = crate::diff::testing::below_from(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..3000 {
            let map: Vec<Renumbering> = (0..below(8))
                .map(|_| Renumbering {
                    old: labels[below(labels.len())].into(),
                    new: labels[below(labels.len())].into(),
                })
                .collect();
            assert_eq!(renumbering_runs(&map), reference_runs(&map), "{map:?}");
        }
    }

    #[test]
    fn label_separator_found_as_rfind_finds_it() {
        let pieces = [" › ", "›", " ", "›  ", "a", "1.", "é", " ›", "› "];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..state % 7 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(pieces[(state >> 9) as usize % pieces.len()]);
            }
            assert_eq!(
                rfind_label_separator(&s),
                s.rfind(LABEL_PATH_SEPARATOR),
                "{s:?}"
            );
        }
    }

    #[test]
    fn runs_compress_shifts() {
        let m = |o: &str, n: &str| Renumbering {
            old: o.into(),
            new: n.into(),
        };
        let map = vec![
            m("3.", "4."),
            m("4.", "5."),
            m("5.", "6."),
            m("9.", "7."),
            m("(a)", "(b)"),
            m("Article 6 › 14.", "Article 6 › 17."),
            m("Article 6 › 15.", "Article 6 › 18."),
            m("Article 7 › 16.", "Article 7 › 19."),
        ];
        assert_eq!(
            renumbering_runs(&map),
            vec![
                "3.–5. → 4.–6.",
                "9. → 7.",
                "(a) → (b)",
                "Article 6 › 14.–15. → Article 6 › 17.–18.",
                "Article 7 › 16. → Article 7 › 19."
            ]
        );
    }
}
