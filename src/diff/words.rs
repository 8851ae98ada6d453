//! The word-level redline inside one matched pair of blocks.
//!
//! Texts are cut into Unicode word-boundary tokens (words, runs of spaces, single
//! punctuation marks — so a square bracket is a token of its own) and diffed with `similar`
//! (patience, falling back to Myers, with a deadline). A cleanup pass then makes the result
//! readable the way a negotiator reads a redline:
//!
//! * an unchanged stretch between two changes is folded into them when it is no longer than
//!   the changes on both sides (the "semantic cleanup" of Neil Fraser's diff-match-patch,
//!   applied to words), so that a rewritten sentence shows as one deletion and one insertion
//!   instead of a peppering of kept "the", "of", "and";
//! * a stretch made only of spaces, punctuation and little words (≤ 2 words, from
//!   [`LITTLE_WORDS`]) between two changes that both touch words is always folded in (a
//!   bracket removed around a little word stays two small deletions);
//! * each change is written as the deletion followed by the insertion.
//!
//! A stretch of text around a single changed word is never folded (it is longer than the
//! change), so one changed word never strikes out a sentence.
//!
//! Cost is bounded by [`WordBudget`]: beyond the token limit, or past the deadline, the pair
//! is shown as a whole-paragraph replacement and flagged `coarse`.

use std::time::Instant;

use serde::Serialize;
use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};
use unicode_segmentation::UnicodeSegmentation;

/// English function words that are not evidence of kept wording between two edits.
pub const LITTLE_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of",
    "on", "or", "that", "the", "their", "to", "with",
];

/// What happened to a stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentOp {
    /// Kept.
    Equal,
    /// Only in the new text.
    Insert,
    /// Only in the old text.
    Delete,
}

/// A stretch of text with its operation. Concatenating the `equal` and `delete` segments
/// gives the old text; the `equal` and `insert` segments, the new text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Kept, inserted or deleted.
    pub op: SegmentOp,
    /// The text, spaces included.
    pub text: String,
}

/// Limits for one word diff.
#[derive(Debug, Clone, Copy)]
pub struct WordBudget {
    /// Most tokens (old + new) diffed word by word; above it the pair is replaced whole.
    pub max_tokens: usize,
    /// Past this instant the diff stops refining and the pair is replaced whole.
    pub deadline: Option<Instant>,
}

impl Default for WordBudget {
    fn default() -> Self {
        WordBudget {
            max_tokens: 40_000,
            deadline: None,
        }
    }
}

/// A word redline of one pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redline {
    /// Segments in text order.
    pub segments: Vec<Segment>,
    /// True when the budget forced a whole-paragraph replacement.
    pub coarse: bool,
}

/// Word-level redline from `old` to `new`, cleaned up for reading (see the module docs).
pub fn redline(old: &str, new: &str, budget: &WordBudget) -> Redline {
    if old == new {
        return Redline {
            segments: one(SegmentOp::Equal, old),
            coarse: false,
        };
    }
    let ot: Vec<&str> = old.split_word_bounds().collect();
    let nt: Vec<&str> = new.split_word_bounds().collect();
    let over_time = budget.deadline.is_some_and(|d| Instant::now() >= d);
    if ot.len() + nt.len() > budget.max_tokens || over_time {
        return coarse(old, new);
    }
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &ot, &nt, budget.deadline);
    if budget.deadline.is_some_and(|d| Instant::now() >= d) {
        // The diff may have been cut short; do not present a half-refined result.
        return coarse(old, new);
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                pieces.push(Piece::Equal(ot[old_index..old_index + len].concat()))
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push_change(
                &mut pieces,
                ot[old_index..old_index + old_len].concat(),
                String::new(),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push_change(
                &mut pieces,
                String::new(),
                nt[new_index..new_index + new_len].concat(),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => push_change(
                &mut pieces,
                ot[old_index..old_index + old_len].concat(),
                nt[new_index..new_index + new_len].concat(),
            ),
        }
    }
    cleanup(&mut pieces);
    Redline {
        segments: to_segments(pieces),
        coarse: false,
    }
}

fn one(op: SegmentOp, text: &str) -> Vec<Segment> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            op,
            text: text.to_string(),
        }]
    }
}

fn coarse(old: &str, new: &str) -> Redline {
    let mut segments = one(SegmentOp::Delete, old);
    segments.extend(one(SegmentOp::Insert, new));
    Redline {
        segments,
        coarse: true,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Equal(String),
    Change { del: String, ins: String },
}

fn push_change(pieces: &mut Vec<Piece>, del: String, ins: String) {
    if let Some(Piece::Change { del: d, ins: i }) = pieces.last_mut() {
        d.push_str(&del);
        i.push_str(&ins);
    } else {
        pieces.push(Piece::Change { del, ins });
    }
}

/// True for a stretch made only of spaces, punctuation and at most two little words.
fn is_little(text: &str) -> bool {
    let mut words = 0;
    for w in text.unicode_words() {
        words += 1;
        if words > 2 || !LITTLE_WORDS.contains(&w.to_lowercase().as_str()) {
            return false;
        }
    }
    true
}

fn cleanup(pieces: &mut Vec<Piece>) {
    loop {
        let mut changed = false;
        let mut i = 1;
        while i + 1 < pieces.len() {
            let fold = match (&pieces[i - 1], &pieces[i], &pieces[i + 1]) {
                (
                    Piece::Change { del: d1, ins: i1 },
                    Piece::Equal(e),
                    Piece::Change { del: d2, ins: i2 },
                ) => {
                    let len = e.chars().count();
                    let before = d1.chars().count().max(i1.chars().count());
                    let after = d2.chars().count().max(i2.chars().count());
                    let wordy = |a: &str, b: &str| {
                        a.unicode_words().next().is_some() || b.unicode_words().next().is_some()
                    };
                    (is_little(e) && wordy(d1, i1) && wordy(d2, i2))
                        || (len <= before && len <= after)
                }
                _ => false,
            };
            if fold {
                let next = pieces.remove(i + 1);
                let eq = pieces.remove(i);
                if let (
                    Piece::Change { del, ins },
                    Piece::Equal(e),
                    Piece::Change { del: d2, ins: i2 },
                ) = (&mut pieces[i - 1], eq, next)
                {
                    del.push_str(&e);
                    del.push_str(&d2);
                    ins.push_str(&e);
                    ins.push_str(&i2);
                }
                changed = true;
            } else {
                i += 1;
            }
        }
        if !changed {
            break;
        }
    }
}

fn to_segments(pieces: Vec<Piece>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |op: SegmentOp, text: String| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(&text),
            _ => out.push(Segment { op, text }),
        }
    };
    for p in pieces {
        match p {
            Piece::Equal(e) => push(SegmentOp::Equal, e),
            Piece::Change { del, ins } => {
                push(SegmentOp::Delete, del);
                push(SegmentOp::Insert, ins);
            }
        }
    }
    out
}

/// Number of words (Unicode word segments) in the inserted and deleted segments:
/// `(inserted, deleted)`.
pub fn word_counts(segments: &[Segment]) -> (usize, usize) {
    let mut ins = 0;
    let mut del = 0;
    for s in segments {
        let n = s.text.unicode_words().count();
        match s.op {
            SegmentOp::Insert => ins += n,
            SegmentOp::Delete => del += n,
            SegmentOp::Equal => {}
        }
    }
    (ins, del)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Git-style rendering for compact assertions: `[-old-]{+new+}`.
    fn show(r: &Redline) -> String {
        r.segments
            .iter()
            .map(|s| match s.op {
                SegmentOp::Equal => s.text.clone(),
                SegmentOp::Delete => format!("[-{}-]", s.text),
                SegmentOp::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    fn rl(a: &str, b: &str) -> String {
        show(&redline(a, b, &WordBudget::default()))
    }

    #[test]
    fn one_changed_word_stays_one_word() {
        assert_eq!(
            rl(
                "Decides to establish a technology mechanism for all Parties.",
                "Decides to establish a finance mechanism for all Parties."
            ),
            "Decides to establish a [-technology-]{+finance+} mechanism for all Parties."
        );
    }

    #[test]
    fn little_words_do_not_pepper_a_rewrite() {
        assert_eq!(
            rl(
                "Requests the secretariat to prepare a report on the outcome of the dialogue.",
                "Requests the secretariat to organize a workshop in the context of the review."
            ),
            "Requests the secretariat to [-prepare a report on the outcome of the dialogue-]\
             {+organize a workshop in the context of the review+}."
        );
    }

    #[test]
    fn bracket_removal_is_two_small_deletions() {
        assert_eq!(
            rl(
                "Parties shall [communicate] a contribution every five years.",
                "Parties shall communicate a contribution every five years."
            ),
            "Parties shall [-[-]communicate[-]-] a contribution every five years."
        );
    }

    #[test]
    fn segments_rebuild_both_texts() {
        let (a, b) = (
            "In [furtherance][pursuit] of the objective,",
            "In pursuit of the objective of the Convention,",
        );
        let r = redline(a, b, &WordBudget::default());
        let old: String = r
            .segments
            .iter()
            .filter(|s| s.op != SegmentOp::Insert)
            .map(|s| s.text.as_str())
            .collect();
        let new: String = r
            .segments
            .iter()
            .filter(|s| s.op != SegmentOp::Delete)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!((old.as_str(), new.as_str()), (a, b));
    }

    #[test]
    fn over_budget_is_coarse() {
        let r = redline(
            "one two three",
            "one two four",
            &WordBudget {
                max_tokens: 3,
                deadline: None,
            },
        );
        assert!(r.coarse);
        assert_eq!(show(&r), "[-one two three-]{+one two four+}");
    }
}
