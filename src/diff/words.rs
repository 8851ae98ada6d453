//! The word-level redline inside one matched pair of blocks.
//!
//! Texts are cut into Unicode word-boundary tokens (words, runs of spaces, single
//! punctuation marks — so a square bracket is a token of its own) and diffed with
//! `imara-diff` (Histogram: a patience-style diff anchored on the least frequent common
//! tokens, which falls back to Myers with git's heuristics on highly repetitive stretches,
//! so its cost stays near-linear), its hunks merged and slid down by imara-diff's
//! post-processing. A cleanup pass then makes the result readable the way a negotiator
//! reads a redline:
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
//! Cost is bounded by [`WordBudget`]: beyond the token limit, or once the deadline has passed,
//! the pair is shown as a whole-paragraph replacement and flagged `coarse`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Instant;

use imara_diff::{Algorithm, Diff, Token};
use serde::Serialize;
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
    /// Once this instant has passed, pairs not yet diffed are replaced whole.
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
    let ot = tokens(old);
    let nt = tokens(new);
    let over_time = budget.deadline.is_some_and(|d| Instant::now() >= d);
    if ot.len() + nt.len() > budget.max_tokens || over_time {
        return coarse(old, new);
    }
    // The diff runs on token ids (equal ids ⇔ equal tokens); the result is the same as on
    // the strings.
    let (oi, ni, spaces) = intern_pair(&ot, &nt);
    let mut diff = Diff::default();
    diff.compute_with(Algorithm::Histogram, &oi, &ni, spaces.len() as u32);
    // imara-diff's post-processing merges adjacent hunks; an insertion or deletion that
    // could sit at several places (`shall cooperate` → `shall shall cooperate`) is put at
    // the last place where it starts and ends on a word rather than on a space, as a
    // negotiator would mark it.
    let is_space = |t: Token| spaces[t.0 as usize];
    let on_words = |tokens: &[Token], hunk: std::ops::Range<u32>, earliest_end: u32| {
        let len = hunk.end - hunk.start;
        let fits = |end: u32, both: bool| {
            let (first, last) = (tokens[(end - len) as usize], tokens[end as usize - 1]);
            !is_space(last) && (!both || !is_space(first))
        };
        (earliest_end..=hunk.end)
            .rev()
            .find(|&e| fits(e, true))
            .or_else(|| (earliest_end..=hunk.end).rev().find(|&e| fits(e, false)))
            .unwrap_or(hunk.end)
    };
    diff.postprocess_with(&oi, &ni, on_words);
    // Tokens tile their text, so a run of tokens is one slice of it.
    let span = |text: &str, t: &[&str], range: std::ops::Range<u32>| -> String {
        let (at, end) = (range.start as usize, range.end as usize);
        if at >= end {
            return String::new();
        }
        let start = offset(text, t[at]);
        let last = t[end - 1];
        text[start..offset(text, last) + last.len()].to_string()
    };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut kept = 0u32;
    for hunk in diff.hunks() {
        if hunk.before.start > kept {
            pieces.push(Piece::Equal(span(old, &ot, kept..hunk.before.start)));
        }
        kept = hunk.before.end;
        push_change(
            &mut pieces,
            span(old, &ot, hunk.before),
            span(new, &nt, hunk.after),
        );
    }
    if (kept as usize) < ot.len() {
        pieces.push(Piece::Equal(span(old, &ot, kept..ot.len() as u32)));
    }
    cleanup(&mut pieces);
    Redline {
        segments: to_segments(pieces),
        coarse: false,
    }
}

/// Byte offset of `part`, a subslice of `text`, within `text`.
fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The Unicode word-boundary tokens of `text` (UAX #29, as
/// [`UnicodeSegmentation::split_word_bounds`]), which tile it. ASCII text takes a
/// byte-level path that yields the same tokens (`ascii_word_bounds`).
pub fn tokens(text: &str) -> Vec<&str> {
    if text.is_ascii() {
        ascii_word_bounds(text)
    } else {
        text.split_word_bounds().collect()
    }
}

/// UAX #29 word bounds of an ASCII text: runs of spaces; runs of letters, digits and `_`
/// joined across `.` `'` `:` between letters (`e.g`, `don't`) and `.` `,` `;` `'` between
/// digits (`1,000`, `3.14`); CR LF; every other byte on its own. This is the ASCII fast
/// path of `unicode-segmentation` (its `AsciiWordBoundIter`, property-tested there against
/// the general algorithm), which that crate applies to `unicode_words` but not to
/// `split_word_bounds`.
fn ascii_word_bounds(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let core = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let infix = |c: u8, prev: u8, next: u8| match c {
        b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        b'\'' | b'.' | b':' if prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() => true,
        _ => false,
    };
    let mut out = Vec::with_capacity(b.len() / 3 + 1);
    let mut i = 0;
    while i < b.len() {
        let start = i;
        i += 1;
        if b[start] == b' ' {
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
        } else if core(b[start]) {
            while i < b.len()
                && (core(b[i]) || (i + 1 < b.len() && infix(b[i], b[i - 1], b[i + 1])))
            {
                i += 1;
            }
        } else if b[start] == b'\r' && b.get(i) == Some(&b'\n') {
            i += 1;
        }
        // ASCII only: every index is a char boundary.
        out.push(&text[start..i]);
    }
    out
}

/// Token ids for two token lists: equal tokens get equal ids, different tokens different
/// ids, numbered from 0. Returns both lists and, for each id, whether its token is
/// whitespace (so the number of distinct tokens is its length).
fn intern_pair<'t>(a: &[&'t str], b: &[&'t str]) -> (Vec<Token>, Vec<Token>, Vec<bool>) {
    let mut ids: HashMap<&'t str, u32, BuildHasherDefault<WordHasher>> =
        HashMap::with_capacity_and_hasher(a.len() + b.len(), BuildHasherDefault::default());
    let mut spaces = Vec::new();
    let mut id = |t: &'t str| {
        let next = ids.len() as u32;
        Token(*ids.entry(t).or_insert_with(|| {
            spaces.push(t.chars().all(char::is_whitespace));
            next
        }))
    };
    let ai = a.iter().map(|t| id(t)).collect();
    let bi = b.iter().map(|t| id(t)).collect();
    (ai, bi, spaces)
}

/// A fast, deterministic hasher for short keys (word tokens, word ids, text hashes): the
/// rotate-xor-multiply scheme of rustc's `FxHasher`, eight bytes at a time. Not resistant to
/// crafted collisions, which would only cost time, never change a result.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        let mut word = [0u8; 8];
        for chunk in &mut chunks {
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Byte by byte: a copy of a variable length would call memcpy for every word.
            let tail = rest
                .iter()
                .enumerate()
                .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i));
            self.add(tail);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
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

/// Number of words of `text`: `text.unicode_words().count()` (UAX #29 segments holding a
/// letter or digit), by the byte-level tokens on ASCII text.
pub fn word_count(text: &str) -> usize {
    if text.is_ascii() {
        ascii_word_bounds(text)
            .iter()
            .filter(|t| t.bytes().any(|b| b.is_ascii_alphanumeric()))
            .count()
    } else {
        text.unicode_words().count()
    }
}

/// Number of words (Unicode word segments) in the inserted and deleted segments:
/// `(inserted, deleted)`.
pub fn word_counts(segments: &[Segment]) -> (usize, usize) {
    let mut ins = 0;
    let mut del = 0;
    for s in segments {
        match s.op {
            SegmentOp::Insert => ins += word_count(&s.text),
            SegmentOp::Delete => del += word_count(&s.text),
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
    fn ascii_tokens_match_unicode_word_bounds() {
        // Every string of up to 4 characters over an alphabet holding each class the ASCII
        // rules distinguish (letters, digits, `_`, the infixes, space, CR/LF, others).
        let alphabet: Vec<char> = "aZ9_.,;': \r\n-[é".chars().collect();
        let mut checked = 0;
        let mut current: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &current {
                for &c in &alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    let fast = tokens(&t);
                    let slow: Vec<&str> = t.split_word_bounds().collect();
                    assert_eq!(fast, slow, "{t:?}");
                    checked += 1;
                    next.push(t);
                }
            }
            current = next;
        }
        let n = alphabet.len();
        assert_eq!(checked, n + n.pow(2) + n.pow(3) + n.pow(4));
        for t in &current {
            assert_eq!(word_count(t), t.unicode_words().count(), "{t:?}");
        }
        let text = "e.g. 1,000.5 [shall][should] don't  a:b http://x.org 3.14; x_y\r\n";
        assert_eq!(tokens(text), text.split_word_bounds().collect::<Vec<_>>());
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
