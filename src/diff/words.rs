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

use std::hash::Hasher;
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
    /// Words deleted and inserted by each change (each run of deleted and inserted segments
    /// between kept ones), in order: `(deleted, inserted)`, as [`word_count`] counts the
    /// texts of its segments.
    pub change_words: Vec<(usize, usize)>,
}

/// Word-level redline from `old` to `new`, cleaned up for reading (see the module docs).
pub fn redline(old: &str, new: &str, budget: &WordBudget) -> Redline {
    Scratch::default().redline(old, new, budget)
}

/// The working memory of [`redline`], kept from one pair to the next: a run of redlines
/// made with one `Scratch` allocates (and touches fresh memory) only as its largest pair
/// needs. Results do not depend on what it held before.
#[derive(Default)]
pub(crate) struct Scratch {
    interner: Interner,
    old: TokenIds,
    new: TokenIds,
    diff: Diff,
    pieces: Vec<Piece>,
}

impl Scratch {
    /// [`redline`], in this memory.
    pub(crate) fn redline(&mut self, old: &str, new: &str, budget: &WordBudget) -> Redline {
        if old == new {
            return Redline {
                segments: one(SegmentOp::Equal, old),
                coarse: false,
                change_words: Vec::new(),
            };
        }
        let Scratch {
            interner,
            old: ot,
            new: nt,
            diff,
            pieces,
        } = self;
        // The diff runs on token ids (equal ids ⇔ equal tokens); the result is the same as
        // on the strings.
        let pair = Pair { old, new };
        interner.reset(old.len() + new.len());
        interner.tokens(pair, ot);
        interner.tokens_after(pair, ot, nt);
        let over_time = budget.deadline.is_some_and(|d| Instant::now() >= d);
        if ot.len() + nt.len() > budget.max_tokens || over_time {
            return coarse(old, new);
        }
        let kinds = &interner.kinds;
        word_diff(diff, ot.ids(), nt.ids(), kinds.len() as u32, |t| {
            kinds[t.0 as usize].space
        });
        // Pieces are token ranges on both sides; text is only cut out at the end.
        pieces.clear();
        let (mut kept, mut kept_new) = (0usize, 0usize);
        for hunk in diff.hunks() {
            let (before, after) = (to_usize(hunk.before), to_usize(hunk.after));
            if before.start > kept {
                pieces.push(Piece {
                    equal: true,
                    old: kept..before.start,
                    new: kept_new..after.start,
                });
            }
            (kept, kept_new) = (before.end, after.end);
            match pieces.last_mut() {
                // Adjacent hunks: one change.
                Some(last) if !last.equal => {
                    last.old.end = before.end;
                    last.new.end = after.end;
                }
                _ => pieces.push(Piece {
                    equal: false,
                    old: before,
                    new: after,
                }),
            }
        }
        if kept < ot.len() {
            pieces.push(Piece {
                equal: true,
                old: kept..ot.len(),
                new: kept_new..nt.len(),
            });
        }
        let texts = Texts {
            old: (old, ot.starts(), ot.ascii),
            new: (new, nt.starts(), nt.ascii),
        };
        cleanup(pieces, &texts);
        // The words of a change are its word tokens: the tokens of a stretch of text, cut on
        // its own, are the tokens of the pair's text over that stretch.
        let words = |ids: &[Token]| -> usize {
            ids.iter()
                .map(|t| usize::from(interner.kinds[t.0 as usize].word))
                .sum()
        };
        let mut change_words = Vec::with_capacity(pieces.iter().filter(|p| !p.equal).count());
        change_words.extend(pieces.iter().filter(|p| !p.equal).map(|p| {
            (
                words(&ot.ids()[p.old.clone()]),
                words(&nt.ids()[p.new.clone()]),
            )
        }));
        Redline {
            segments: to_segments(pieces, &texts),
            coarse: false,
            change_words,
        }
    }
}

fn to_usize(r: std::ops::Range<u32>) -> std::ops::Range<usize> {
    r.start as usize..r.end as usize
}

/// The word diff of two token-id lists of ids below `ids` (`is_space`: whether a token is
/// whitespace):
/// imara-diff's Histogram, then its post-processing, which merges adjacent hunks; an
/// insertion or deletion that could sit at several places (`shall cooperate` → `shall
/// shall cooperate`) is put at the last place where it starts and ends on a word rather
/// than on a space, as a negotiator would mark it.
fn word_diff(
    diff: &mut Diff,
    before: &[Token],
    after: &[Token],
    ids: u32,
    is_space: impl Fn(Token) -> bool,
) {
    diff.compute_with(Algorithm::Histogram, before, after, ids);
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
    diff.postprocess_with(before, after, on_words);
}

/// The Unicode word-boundary tokens of `text` (UAX #29, as
/// [`UnicodeSegmentation::split_word_bounds`]), which tile it. ASCII stretches take a
/// byte-level path that yields the same tokens (see `word_bounds`).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    word_bounds(text, |start, end| out.push(&text[start..end]));
    out
}

/// The word-boundary tokens of `text` (as [`tokens`]), passed to `token` as byte ranges in
/// text order: the stretches of [`stretches`] cut on their own, the ASCII ones by
/// [`ascii_word_bounds`] and the others by `unicode-segmentation`.
fn word_bounds(text: &str, mut token: impl FnMut(usize, usize)) {
    stretches(text, |from, to, ascii| {
        let part = &text[from..to];
        if ascii {
            for (s, e) in ascii_word_bounds(part) {
                token(from + s, from + e);
            }
        } else {
            for (s, t) in part.split_word_bound_indices() {
                token(from + s, from + s + t.len());
            }
        }
    });
}

/// Cuts `text` into stretches that can be segmented on their own, passed to `stretch` as
/// `(from, to, ascii)` in text order: ASCII stretches, and around each character that is
/// not ASCII, a stretch from the cut before it to the cut after it.
///
/// Cuts are made around each run of ASCII spaces that has an ASCII character other than a
/// space on both sides: UAX #29 breaks on both sides of such a run (no rule joins a space to
/// a preceding non-space, and only Extend, Format and ZWJ characters, which are not ASCII,
/// attach to a preceding space; no rule looks across a space), so the text between cuts is
/// segmented on its own, and so is a run of such pieces. A stretch that is not ASCII ends
/// before such a run and the next one starts with it.
fn stretches(text: &str, mut stretch: impl FnMut(usize, usize, bool)) {
    let b = text.as_bytes();
    // Whether a run of spaces starts at `i` with cuts around it.
    let cut = |i: usize| {
        if i == 0 || b[i] != b' ' || b[i - 1] == b' ' || !b[i - 1].is_ascii() {
            return false;
        }
        let end = i + b[i..].iter().take_while(|&&c| c == b' ').count();
        b.get(end).is_some_and(u8::is_ascii)
    };
    let (mut at, mut search) = (0, 0);
    while let Some(p) = b[search..].iter().position(|c| !c.is_ascii()) {
        let p = search + p;
        // From the end of the cut run of spaces before `p` (or the end of the last stretch)
        // to the start of the cut run after it (or the end of the text).
        let start = (at + 1..p)
            .rev()
            .find(|&i| cut(i))
            .map_or(at, |i| {
                i + b[i..].iter().take_while(|&&c| c == b' ').count()
            })
            .max(at);
        let end = (p + 1..b.len()).find(|&i| cut(i)).unwrap_or(b.len());
        if start > at {
            stretch(at, start, true);
        }
        stretch(start, end, false);
        (at, search) = (end, end);
    }
    if at < b.len() {
        stretch(at, b.len(), true);
    }
}

/// Byte classes for [`ascii_word_bounds`].
const CORE: u8 = 1; // letter, digit or `_`: the body of a word
const ALPHA: u8 = 2;
const DIGIT: u8 = 4;
const NUM_INFIX: u8 = 8; // `.` `,` `;` `'` join digits
const LETTER_INFIX: u8 = 16; // `'` `.` `:` join letters

/// The class of each byte (none for bytes that are not ASCII, so that any byte indexes it).
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphabetic() {
            t[c] = CORE | ALPHA;
        } else if b.is_ascii_digit() {
            t[c] = CORE | DIGIT;
        } else if b == b'_' {
            t[c] = CORE;
        }
        if matches!(b, b'.' | b',' | b';' | b'\'') {
            t[c] |= NUM_INFIX;
        }
        if matches!(b, b'\'' | b'.' | b':') {
            t[c] |= LETTER_INFIX;
        }
        c += 1;
    }
    t
};

/// UAX #29 word bounds of an ASCII text, as byte ranges `(start, end)` in text order: runs
/// of spaces; runs of letters, digits and `_` joined across `.` `'` `:` between letters
/// (`e.g`, `don't`) and `.` `,` `;` `'` between digits (`1,000`, `3.14`); CR LF; every other
/// byte on its own. This is the ASCII fast path of `unicode-segmentation` (its
/// `AsciiWordBoundIter`, property-tested there against the general algorithm), which that
/// crate applies to `unicode_words` but not to `split_word_bounds`.
///
/// On an ASCII text every index is a char boundary.
struct AsciiWordBounds<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn ascii_word_bounds(text: &str) -> AsciiWordBounds<'_> {
    debug_assert!(text.is_ascii());
    AsciiWordBounds {
        bytes: text.as_bytes(),
        at: 0,
    }
}

impl Iterator for AsciiWordBounds<'_> {
    type Item = (usize, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.bytes;
        let class = |c: u8| ASCII_CLASS[usize::from(c)];
        let start = self.at;
        let first = *b.get(start)?;
        let mut i = start + 1;
        if first == b' ' {
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
        } else if class(first) & CORE != 0 {
            while i < b.len() {
                let c = class(b[i]);
                if c & CORE != 0 {
                    i += 1;
                    continue;
                }
                // An infix joins when the bytes on both sides are both digits or both
                // letters.
                let Some(&next) = b.get(i + 1) else { break };
                let (prev, next) = (class(b[i - 1]), class(next));
                let joins = (c & NUM_INFIX != 0 && prev & next & DIGIT != 0)
                    || (c & LETTER_INFIX != 0 && prev & next & ALPHA != 0);
                if !joins {
                    break;
                }
                i += 1;
            }
        } else if first == b'\r' && b.get(i) == Some(&b'\n') {
            i += 1;
        }
        self.at = i;
        Some((start, i))
    }
}

/// The high bit of each byte of `x` (eight ASCII bytes, little-endian) that is a letter, a
/// digit or `_`: the bytes of [`ASCII_CLASS`] `CORE`.
#[inline(always)]
fn core_bytes(x: u64) -> u64 {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // As in `ascii_word_count`: the high bit of each byte of `x` (all below 0x80) in
    // `lo..=hi`.
    let in_range = |x: u64, lo: u8, hi: u8| {
        (x + u64::from(0x80 - lo) * LOW) & !(x + u64::from(0x7f - hi) * LOW) & HIGH
    };
    in_range(x, b'0', b'9') | in_range(x | (0x20 * LOW), b'a', b'z') | in_range(x, b'_', b'_')
}

/// Whether the infix of class `c` joins the bytes of classes `prev` and `next` around it
/// into one word token: both digits or both letters.
#[inline(always)]
fn infix_joins(c: u8, prev: u8, next: u8) -> bool {
    (c & NUM_INFIX != 0 && prev & next & DIGIT != 0)
        || (c & LETTER_INFIX != 0 && prev & next & ALPHA != 0)
}

/// The end of the word token of an ASCII text that starts at `start` (a letter, digit or
/// `_`), as [`AsciiWordBounds`] finds it: letters, digits and `_` up to the first other
/// byte, eight bytes at a time, then across that byte when it is an infix joining two
/// letters or two digits.
#[inline(always)]
fn ascii_word_end(b: &[u8], start: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let class = |c: u8| ASCII_CLASS[usize::from(c)];
    let mut i = start + 1;
    loop {
        // Past letters, digits and `_`.
        loop {
            let Some(chunk) = b.get(i..i + 8) else {
                while i < b.len() && class(b[i]) & CORE != 0 {
                    i += 1;
                }
                break;
            };
            let other = !core_bytes(le_word(chunk)) & HIGH;
            if other != 0 {
                i += other.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        // An infix joins when the bytes on both sides are both digits or both letters.
        let c = b.get(i).map_or(0, |&at| class(at));
        if c & (NUM_INFIX | LETTER_INFIX) == 0 {
            return i;
        }
        let Some(&next) = b.get(i + 1) else {
            return i;
        };
        if !infix_joins(c, class(b[i - 1]), class(next)) {
            return i;
        }
        // The byte after the infix is a letter or digit of the token.
        i += 2;
    }
}

/// The word token of an ASCII text that starts at `start` (a letter, digit or `_`) when it
/// ends within the eight bytes from `start` (most words): `Ok` with its length and those
/// eight bytes as a little-endian number. Else (the text holds fewer than eight bytes from
/// `start`, or the token goes on: eight word bytes, or an infix that joins) `Err` with a
/// byte of the token, a letter, digit or `_`, from which [`ascii_word_end`] finds its end.
/// Ends the token where [`ascii_word_end`] does.
#[inline(always)]
fn short_ascii_word(b: &[u8], start: usize) -> Result<(usize, u64), usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let class = |c: u8| ASCII_CLASS[usize::from(c)];
    let x = le_word(b.get(start..start + 8).ok_or(start)?);
    let other = !core_bytes(x) & HIGH;
    if other == 0 {
        return Err(start + 7);
    }
    // At least 1: the byte at `start` is a word byte.
    let len = other.trailing_zeros() as usize / 8;
    let c = class((x >> (8 * len)) as u8);
    if c & (NUM_INFIX | LETTER_INFIX) != 0 {
        let prev = class((x >> (8 * len).saturating_sub(8)) as u8);
        let next = b.get(start + len + 1).map_or(0, |&n| class(n));
        if infix_joins(c, prev, next) {
            // The byte after the infix.
            return Err(start + len + 1);
        }
    }
    Ok((len, x))
}

/// Where two texts may share their tokens: `(head, tail)` such that `old[..head]` and
/// `new[..head]` are the same text cut into the same tokens, and so are `old[tail..]` and
/// the end of `new` of the same length, the cuts falling on token starts of both (`head`
/// may be 0 and `tail` the length of `old`: nothing shared).
///
/// A cut is made before a space that follows an ASCII character other than a space, both in
/// the shared text: UAX #29 breaks there (see [`word_bounds`]); the tokens before it depend
/// only on the text up to the space (rules that look ahead across a break stop at a space,
/// as they do at the end of the text), and the tokens from it only on the text from it (no
/// rule looks back across a space). The shared end is taken from what is left after the
/// shared start, so the two never overlap.
fn shared_ends(old: &[u8], new: &[u8]) -> (usize, usize) {
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(&old[prefix..], &new[prefix..]);
    let cut = |c: usize| old[c] == b' ' && old[c - 1] != b' ' && old[c - 1].is_ascii();
    let head = (1..prefix).rev().find(|&c| cut(c)).unwrap_or(0);
    let tail = (old.len() - suffix + 1..old.len())
        .find(|&c| cut(c))
        .unwrap_or(old.len());
    (head, tail)
}

/// An eight-byte chunk as a little-endian number.
fn le_word(s: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(s);
    u64::from_le_bytes(w)
}

/// Length of the longest common prefix of `a` and `b`, compared eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let (mut ca, mut cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut n = 0;
    for (x, y) in (&mut ca).zip(&mut cb) {
        let diff = le_word(x) ^ le_word(y);
        if diff != 0 {
            // The first differing byte is the lowest one (little-endian).
            return n + diff.trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Length of the longest common suffix of `a` and `b`, compared eight bytes at a time.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let (mut ca, mut cb) = (a.rchunks_exact(8), b.rchunks_exact(8));
    let mut n = 0;
    for (x, y) in (&mut ca).zip(&mut cb) {
        let diff = le_word(x) ^ le_word(y);
        if diff != 0 {
            // The last differing byte is the highest one (little-endian).
            return n + diff.leading_zeros() as usize / 8;
        }
        n += 8;
    }
    let (ra, rb) = (&a[..a.len() - n], &b[..b.len() - n]);
    n + ra
        .iter()
        .rev()
        .zip(rb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The tokens of one text as ids, with the byte offset where each starts (and, last, the
/// text's length): token `k` is `text[starts[k]..starts[k + 1]]`.
///
/// The lists are kept at the length of the largest text seen (the entries past the tokens
/// are left from earlier texts), so that a token is written in place, without a push, and
/// a text only touches fresh memory when it is the largest yet.
#[derive(Debug, Default)]
struct TokenIds {
    /// Room for the ids: the first `len` are the tokens'.
    ids: Vec<Token>,
    /// Room for the starts: the first `len` are the tokens', the next the text's length
    /// (once [`TokenIds::end`] has set it).
    starts: Vec<usize>,
    /// Number of tokens.
    len: usize,
    /// Whether the text is ASCII.
    ascii: bool,
}

impl TokenIds {
    fn len(&self) -> usize {
        self.len
    }

    /// The ids of the tokens.
    fn ids(&self) -> &[Token] {
        &self.ids[..self.len]
    }

    /// The starts of the tokens, then the text's length.
    fn starts(&self) -> &[usize] {
        &self.starts[..=self.len]
    }

    /// Forgets the tokens.
    fn reset(&mut self) {
        self.len = 0;
    }

    /// Makes room for `more` tokens after those held, and the text's length after them.
    fn room(&mut self, more: usize) {
        let need = self.len + more + 1;
        if self.ids.len() < need {
            self.ids.resize(need, Token(0));
            self.starts.resize(need, 0);
        }
    }

    /// Appends a token.
    fn push(&mut self, id: u32, start: usize) {
        self.room(1);
        self.ids[self.len] = Token(id);
        self.starts[self.len] = start;
        self.len += 1;
    }

    /// Sets the text's length after the tokens.
    fn end(&mut self, text_len: usize) {
        self.room(0);
        self.starts[self.len] = text_len;
    }
}

/// The two texts of a pair. A place in the pair is a byte offset in `old` followed by
/// `new`.
#[derive(Clone, Copy)]
struct Pair<'t> {
    old: &'t str,
    new: &'t str,
}

impl Pair<'_> {
    /// The `len` bytes at `place`.
    fn bytes(&self, (place, len): (usize, usize)) -> Option<&[u8]> {
        match place.checked_sub(self.old.len()) {
            Some(at) => self.new.as_bytes().get(at..at.checked_add(len)?),
            None => self.old.as_bytes().get(place..place.checked_add(len)?),
        }
    }
}

/// Token ids for the two texts of a pair: equal tokens get equal ids, different tokens
/// different ids, numbered from 0 in order of first appearance. Single-byte tokens (a space,
/// a bracket, a comma: half of all tokens) are looked up in a table; longer ones in an
/// open-addressing hash table keyed by [`token_key`], exact for tokens of up to eight bytes
/// (most words), whose bytes are compared on a key match otherwise.
///
/// It holds no text, so that one interner serves pair after pair ([`Interner::reset`]),
/// reusing its memory.
#[derive(Debug)]
struct Interner {
    /// Id of each single-byte token seen (ASCII), `u32::MAX` when not yet seen.
    byte_ids: [u32; 256],
    /// Open-addressing table of the longer tokens; its length is a power of two, at least
    /// twice the number of ids held.
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: a key's home slot is the top bits of its mixed key.
    shift: u32,
    /// What is known of each id's token (so the number of ids is its length).
    kinds: Vec<TokenKind>,
}

/// What [`Interner`] knows of a token: where it first occurs, whether it is whitespace and
/// whether it is a word. One list of these, so that a new id is one push.
#[derive(Debug, Clone, Copy)]
struct TokenKind {
    /// The place of the token's first occurrence in the pair (see [`Pair`]) and its length;
    /// read only for tokens longer than eight bytes.
    place: (usize, usize),
    /// Whether the token is whitespace.
    space: bool,
    /// Whether the token is a word (holds a letter or digit, see [`word_count`]).
    word: bool,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            byte_ids: [u32::MAX; 256],
            slots: Vec::new(),
            shift: 64,
            kinds: Vec::new(),
        }
    }
}

/// One slot of [`Interner`]: a token's key and length, and its id + 1 (0: empty slot).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    id1: u32,
    len: u32,
}

/// The key of a token for [`Interner`]: its bytes as a little-endian number when it has at
/// most eight (so that equal keys and lengths are equal tokens), else a hash of them (the
/// rotate-xor-multiply steps of [`WordHasher`] over eight bytes at a time, the last word
/// read overlapping the one before).
#[inline(always)]
fn token_key(token: &[u8]) -> u64 {
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[..8]);
        u64::from_le_bytes(w)
    };
    let half = |b: &[u8]| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[..4]);
        u64::from(u32::from_le_bytes(w))
    };
    let n = token.len();
    match n {
        // Two overlapping halves: the bytes they share are the same in both.
        4..=8 => half(token) | half(&token[n - 4..]) << (8 * (n - 4)),
        1..=3 => {
            u64::from(token[0])
                | u64::from(token[n / 2]) << (8 * (n / 2))
                | u64::from(token[n - 1]) << (8 * (n - 1))
        }
        0 => 0,
        _ => {
            let mut h = WordHasher(n as u64);
            let mut rest = token;
            while rest.len() > 8 {
                h.add(word(rest));
                rest = &rest[8..];
            }
            h.add(word(&token[n - 8..]));
            h.finish()
        }
    }
}

/// The home slot of a token key in a table of `64 - shift` bits.
#[inline(always)]
fn home(key: u64, len: u32, shift: u32) -> usize {
    (key.wrapping_add(u64::from(len))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        >> shift) as usize
}

impl Interner {
    /// Forgets all ids, ready for a pair of about `bytes` bytes in all.
    fn reset(&mut self, bytes: usize) {
        // About one token in seven bytes is a word, and words recur.
        let size = (bytes / 6).max(16).next_power_of_two();
        self.byte_ids = [u32::MAX; 256];
        self.slots.clear();
        self.slots.resize(size, Slot::default());
        self.shift = 64 - size.trailing_zeros();
        self.kinds.clear();
    }

    /// The tokens of the old text of `pair` (as [`tokens`] cuts it) as ids, into `out`.
    fn tokens(&mut self, pair: Pair, out: &mut TokenIds) {
        out.reset();
        out.ascii = self.push_tokens(pair, pair.old, 0, out);
        out.end(pair.old.len());
    }

    /// The tokens of the new text of `pair` as ids, into `out`, its old text having been
    /// interned as `ot`: the tokens of the stretches the two texts share at their start and
    /// at their end are those of the old text (see [`shared_ends`]), only the rest is cut
    /// and looked up. The same as cutting and looking up the whole new text.
    fn tokens_after(&mut self, pair: Pair, ot: &TokenIds, out: &mut TokenIds) {
        let (old, new) = (pair.old, pair.new);
        let (head, tail) = shared_ends(old.as_bytes(), new.as_bytes());
        // Both cuts fall on token starts of the old text (the last start is its length).
        let (k_head, k_tail) = match (
            ot.starts().binary_search(&head),
            ot.starts().binary_search(&tail),
        ) {
            (Ok(h), Ok(t)) => (h, t),
            _ => (0, ot.len()),
        };
        let (head, tail) = (ot.starts[k_head], ot.starts[k_tail]);
        let new_tail = new.len() - (old.len() - tail);
        out.reset();
        out.room(k_head);
        out.ids[..k_head].copy_from_slice(&ot.ids[..k_head]);
        out.starts[..k_head].copy_from_slice(&ot.starts[..k_head]);
        out.len = k_head;
        let middle = self.push_tokens(pair, &new[head..new_tail], old.len() + head, out);
        // The shared stretches are ASCII when the old text is.
        out.ascii = middle && (ot.ascii || (new[..head].is_ascii() && new[new_tail..].is_ascii()));
        // The tokens of the shared end, then the text's length (the old text's, moved).
        let (from, n) = (out.len, ot.len() - k_tail);
        out.room(n);
        out.ids[from..from + n].copy_from_slice(&ot.ids()[k_tail..]);
        for (to, &s) in out.starts[from..=from + n]
            .iter_mut()
            .zip(&ot.starts()[k_tail..])
        {
            *to = s - tail + new_tail;
        }
        out.len = from + n;
    }

    /// Appends the tokens of `text`, which is at `place` in `pair`, to `out`, with their
    /// starts in the text of `pair` that holds it.
    /// Returns whether `text` is ASCII.
    fn push_tokens(&mut self, pair: Pair, text: &str, place: usize, out: &mut TokenIds) -> bool {
        let offset = place.checked_sub(pair.old.len()).unwrap_or(place);
        if text.is_ascii() {
            self.ascii_tokens(pair, text.as_bytes(), place, offset, out);
            return true;
        }
        stretches(text, |from, to, ascii| {
            let part = &text[from..to];
            if ascii {
                self.ascii_tokens(pair, part.as_bytes(), place + from, offset + from, out);
                return;
            }
            for (s, t) in part.split_word_bound_indices() {
                let start = from + s;
                let id = self.id(pair, t.as_bytes(), place + start);
                out.push(id, offset + start);
            }
        });
        false
    }

    /// The tokens of an ASCII `text` at `place` in `pair`, cut as [`ascii_word_bounds`]
    /// cuts them (the same steps, written out in one loop, words found by
    /// [`short_ascii_word`] or [`ascii_word_end`], a single space after a token taken with
    /// it), appended to `out` as ids and starts moved by `offset`.
    fn ascii_tokens(
        &mut self,
        pair: Pair,
        b: &[u8],
        place: usize,
        offset: usize,
        out: &mut TokenIds,
    ) {
        // Each token holds at least one byte: room for as many tokens as bytes, written in
        // place.
        out.room(b.len());
        let from = out.len;
        let (ids, starts) = (&mut out.ids[from..], &mut out.starts[from..]);
        let class = |c: u8| ASCII_CLASS[usize::from(c)];
        // A word token made only of `_` is not a word (see `word_count`).
        let is_word = |token: &[u8]| {
            token[0].is_ascii_alphanumeric()
                || (token[0] == b'_' && token.iter().any(u8::is_ascii_alphanumeric))
        };
        let mut n = 0;
        let mut i = 0;
        while let Some(&first) = b.get(i) {
            let start = i;
            if class(first) & CORE != 0 {
                match short_ascii_word(b, start) {
                    Ok((len, x)) => {
                        // A short word: its key is its bytes, read already.
                        let end = start + len;
                        let id = if len == 1 {
                            self.byte_id(first)
                        } else {
                            let token = &b[start..end];
                            let key = x & (u64::MAX >> (64 - 8 * len));
                            debug_assert_eq!(key, token_key(token));
                            self.keyed_id(pair, token, key, place + start, || {
                                (false, is_word(token))
                            })
                        };
                        ids[n] = Token(id);
                        starts[n] = offset + start;
                        n += 1;
                        i = end;
                        // Most often a single space follows: a token of its own (the next byte
                        // is not a space).
                        if (x >> (8 * len)) as u8 == b' ' && b.get(end + 1) != Some(&b' ') {
                            ids[n] = Token(self.byte_id(b' '));
                            starts[n] = offset + end;
                            n += 1;
                            i = end + 1;
                        }
                        continue;
                    }
                    Err(from) => i = ascii_word_end(b, from),
                }
            } else {
                i += 1;
                if first == b' ' {
                    while b.get(i) == Some(&b' ') {
                        i += 1;
                    }
                } else if first == b'\r' && b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            let id = if i - start == 1 {
                self.byte_id(first)
            } else {
                // A run of spaces, CR LF, or a word token.
                let token = &b[start..i];
                let space = first == b' ' || first == b'\r';
                self.long_id(pair, token, place + start, || (space, is_word(token)))
            };
            ids[n] = Token(id);
            starts[n] = offset + start;
            n += 1;
            // A single space after a token that is not a space (a comma, a full stop) is a
            // token of its own.
            if first != b' ' && b.get(i) == Some(&b' ') && b.get(i + 1) != Some(&b' ') {
                ids[n] = Token(self.byte_id(b' '));
                starts[n] = offset + i;
                n += 1;
                i += 1;
            }
        }
        out.len = from + n;
    }

    /// The id of `token`, which is at `place` in `pair`.
    #[inline(always)]
    fn id(&mut self, pair: Pair, token: &[u8], place: usize) -> u32 {
        match *token {
            [b @ 0..=0x7f] => self.byte_id(b),
            _ => self.long_id(pair, token, place, || {
                let word = match std::str::from_utf8(token) {
                    Ok(t) if t.is_ascii() => word_count(t) > 0,
                    Ok(t) => has_word(t),
                    Err(_) => false,
                };
                (is_whitespace_bytes(token), word)
            }),
        }
    }

    /// The id of the single-byte token `b` (ASCII).
    #[inline(always)]
    fn byte_id(&mut self, b: u8) -> u32 {
        let at = usize::from(b);
        if self.byte_ids[at] == u32::MAX {
            let space = matches!(b, b'\t'..=b'\r' | b' ');
            self.byte_ids[at] = self.add((usize::MAX, 1), space, b.is_ascii_alphanumeric());
        }
        self.byte_ids[at]
    }

    /// The id of `token`, which is at `place` in `pair` and is not a single ASCII byte;
    /// `kind` tells whether it is whitespace and whether it is a word.
    #[inline(always)]
    fn long_id(
        &mut self,
        pair: Pair,
        token: &[u8],
        place: usize,
        kind: impl FnOnce() -> (bool, bool),
    ) -> u32 {
        self.keyed_id(pair, token, token_key(token), place, kind)
    }

    /// [`Interner::long_id`] of `token`, whose [`token_key`] is `key`.
    #[inline(always)]
    fn keyed_id(
        &mut self,
        pair: Pair,
        token: &[u8],
        key: u64,
        place: usize,
        kind: impl FnOnce() -> (bool, bool),
    ) -> u32 {
        // The length, exact up to the longest tokens compared by their bytes.
        let len = u32::try_from(token.len()).unwrap_or(u32::MAX);
        let mask = self.slots.len() - 1;
        let mut at = home(key, len, self.shift);
        loop {
            let slot = self.slots[at];
            if slot.id1 == 0 {
                break;
            }
            if slot.key == key
                && slot.len == len
                && (len <= 8 || pair.bytes(self.kinds[slot.id1 as usize - 1].place) == Some(token))
            {
                return slot.id1 - 1;
            }
            at = (at + 1) & mask;
        }
        let (space, word) = kind();
        let id = self.add((place, token.len()), space, word);
        self.slots[at] = Slot {
            key,
            id1: id + 1,
            len,
        };
        if 2 * self.kinds.len() > self.slots.len() {
            self.grow();
        }
        id
    }

    /// A new id for a token first found at `place`, of its length.
    fn add(&mut self, place: (usize, usize), space: bool, word: bool) -> u32 {
        let id = self.kinds.len() as u32;
        self.kinds.push(TokenKind { place, space, word });
        id
    }

    /// For each id, whether its token is whitespace.
    #[cfg(test)]
    fn spaces(&self) -> Vec<bool> {
        self.kinds.iter().map(|k| k.space).collect()
    }

    /// Doubles the slots and places the ids held again.
    #[cold]
    fn grow(&mut self) {
        let size = 2 * self.slots.len();
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        self.shift -= 1;
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.id1 != 0) {
            let mut at = home(slot.key, slot.len, self.shift);
            while self.slots[at].id1 != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// [`is_whitespace`] of a token given as bytes (always whole characters).
fn is_whitespace_bytes(token: &[u8]) -> bool {
    match token.iter().find(|b| !matches!(b, b'\t'..=b'\r' | b' ')) {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => std::str::from_utf8(token).is_ok_and(is_whitespace),
    }
}

/// `token.chars().all(char::is_whitespace)`, by bytes up to the first byte that is not ASCII
/// whitespace (tab, LF, VT, FF, CR, space): an ASCII one decides it.
fn is_whitespace(token: &str) -> bool {
    match token.bytes().find(|b| !matches!(b, b'\t'..=b'\r' | b' ')) {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => token.chars().all(char::is_whitespace),
    }
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
        change_words: vec![(word_count(old), word_count(new))],
    }
}

/// A stretch of the redline as token ranges on both sides: kept (`equal`, both ranges
/// holding the same tokens) or changed (`old` deleted, `new` inserted; either may be
/// empty). Pieces tile both token lists in order.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    equal: bool,
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// The two texts of a redline with their token starts (see [`TokenIds`]) and whether each is
/// ASCII.
struct Texts<'a> {
    old: (&'a str, &'a [usize], bool),
    new: (&'a str, &'a [usize], bool),
}

impl Texts<'_> {
    /// The text of a token range of the old (`new == false`) or new side.
    fn text(&self, new: bool, range: &std::ops::Range<usize>) -> &str {
        let (text, starts, _) = if new { self.new } else { self.old };
        &text[starts[range.start]..starts[range.end]]
    }

    /// Number of characters of a token range.
    fn chars(&self, new: bool, range: &std::ops::Range<usize>) -> usize {
        let ascii = if new { self.new.2 } else { self.old.2 };
        let text = self.text(new, range);
        if ascii {
            text.len()
        } else {
            text.chars().count()
        }
    }
}

/// True for a stretch made only of spaces, punctuation and at most two little words.
fn is_little(text: &str) -> bool {
    if text.is_ascii() {
        // The ASCII word tokens are the Unicode words (see `word_count`), and ASCII
        // lowercasing is Unicode lowercasing.
        let mut words = 0;
        for (start, end) in ascii_word_bounds(text) {
            let w = &text.as_bytes()[start..end];
            if w.iter().any(u8::is_ascii_alphanumeric) {
                words += 1;
                if words > 2 || !is_little_word(w) {
                    return false;
                }
            }
        }
        return true;
    }
    is_little_unicode(text)
}

/// Whether the ASCII word `w` is one of [`LITTLE_WORDS`], in any case: its bytes,
/// lowercased, as a little-endian number, looked up among theirs.
fn is_little_word(w: &[u8]) -> bool {
    // Each little word as a number (none is longer than eight bytes).
    const KEYS: [u64; LITTLE_WORDS.len()] = {
        let mut keys = [0u64; LITTLE_WORDS.len()];
        let mut k = 0;
        while k < LITTLE_WORDS.len() {
            let word = LITTLE_WORDS[k].as_bytes();
            assert!(word.len() <= 8);
            let mut i = 0;
            while i < word.len() {
                keys[k] |= (word[i] as u64) << (8 * i);
                i += 1;
            }
            k += 1;
        }
        keys
    };
    w.len() <= 8 && {
        let key = w.iter().enumerate().fold(0u64, |key, (i, &b)| {
            key | u64::from(b.to_ascii_lowercase()) << (8 * i)
        });
        KEYS.contains(&key)
    }
}

/// [`is_little`] by Unicode words, for any text.
fn is_little_unicode(text: &str) -> bool {
    let mut words = 0;
    for w in text.unicode_words() {
        words += 1;
        if words > 2 || !LITTLE_WORDS.contains(&w.to_lowercase().as_str()) {
            return false;
        }
    }
    true
}

/// True when `text` holds a word (`text.unicode_words().next().is_some()`).
fn has_word(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_alphanumeric())
    } else {
        text.unicode_words().next().is_some()
    }
}

/// Folds each kept stretch between two changes into them when it is no longer than either
/// change, or is little (see the module docs), until nothing more folds. Each pass goes
/// left to right, folding a change into the one before it as soon as it is met.
fn cleanup(pieces: &mut Vec<Piece>, texts: &Texts) {
    let fold = |c1: &Piece, e: &Piece, c2: &Piece| {
        let len = texts.chars(false, &e.old);
        let size = |c: &Piece| texts.chars(false, &c.old).max(texts.chars(true, &c.new));
        let wordy =
            |c: &Piece| has_word(texts.text(false, &c.old)) || has_word(texts.text(true, &c.new));
        (len <= size(c1) && len <= size(c2))
            || (is_little(texts.text(false, &e.old)) && wordy(c1) && wordy(c2))
    };
    // Each pass keeps the pieces it has passed (folded) in `pieces[..kept]`, in place.
    loop {
        let mut changed = false;
        let mut kept = 0;
        for i in 0..pieces.len() {
            let p = pieces[i].clone();
            if !p.equal
                && kept >= 2
                && !pieces[kept - 2].equal
                && pieces[kept - 1].equal
                && fold(&pieces[kept - 2], &pieces[kept - 1], &p)
            {
                kept -= 1;
                let c1 = &mut pieces[kept - 1];
                c1.old.end = p.old.end;
                c1.new.end = p.new.end;
                changed = true;
            } else {
                pieces[kept] = p;
                kept += 1;
            }
        }
        pieces.truncate(kept);
        if !changed {
            break;
        }
    }
}

/// The segments of the pieces: each change as its deletion then its insertion; empty texts
/// left out, neighbours of the same kind joined.
fn to_segments(pieces: &[Piece], texts: &Texts) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(2 * pieces.len());
    let mut push = |op: SegmentOp, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(Segment {
                op,
                text: text.to_string(),
            }),
        }
    };
    for p in pieces {
        if p.equal {
            push(SegmentOp::Equal, texts.text(false, &p.old));
        } else {
            push(SegmentOp::Delete, texts.text(false, &p.old));
            push(SegmentOp::Insert, texts.text(true, &p.new));
        }
    }
    out
}

/// Number of words of `text`: `text.unicode_words().count()` (UAX #29 segments holding a
/// letter or digit), in one pass over the bytes on ASCII text (see `ascii_word_count`).
pub fn word_count(text: &str) -> usize {
    let b = text.as_bytes();
    if text.is_ascii() {
        return ascii_word_count(b);
    }
    // A word token starts with a letter, a digit or `_` (then holds a letter or digit).
    let ascii_word = |start: usize, end: usize| {
        b[start].is_ascii_alphanumeric()
            || (b[start] == b'_' && b[start..end].iter().any(u8::is_ascii_alphanumeric))
    };
    // Word tokens by `word_bounds`; a non-ASCII token is a word when it holds a Unicode
    // word (a segment with a letter or digit).
    let mut n = 0;
    word_bounds(text, |start, end| {
        let word = if b[start..end].is_ascii() {
            ascii_word(start, end)
        } else {
            has_word(&text[start..end])
        };
        n += usize::from(word);
    });
    n
}

/// Number of word tokens (see [`ascii_word_bounds`]) of an ASCII text that hold a letter or
/// digit, counted at the first letter or digit of each.
///
/// A letter or digit `b[i]` is the first of its token unless `b[i - 1]` is one too, or is a
/// `_` of a token that already holds one (`a_b`: a run of `_` belongs to the token of the
/// letter or digit before it, if any, as no infix joins a `_`), or is an infix joining
/// `b[i - 2]` and `b[i]` (`e.g`, `1,000`). Eight bytes at a time: the letters and digits
/// that follow neither a letter or digit nor a space are counted by bit tricks, and the few
/// that follow another byte are looked at one by one.
fn ascii_word_count(b: &[u8]) -> usize {
    let mut count = AsciiWordCount {
        n: 0,
        carry_alnum: 0,
        carry_other: 0,
    };
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        count.word(b, at, u64::from_le_bytes(word));
        at += 8;
    }
    // The last bytes, padded with zeros (neither letters nor digits), byte by byte: a copy
    // of a variable length would call memcpy.
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let x = rest
            .iter()
            .enumerate()
            .fold(0u64, |w, (i, &c)| w | u64::from(c) << (8 * i));
        count.word(b, at, x);
    }
    count.n
}

/// The state of [`ascii_word_count`] between eight-byte words.
struct AsciiWordCount {
    n: usize,
    /// Whether the last byte of the previous word is a letter or digit (in bit 7).
    carry_alnum: u64,
    /// Whether it is neither a letter, a digit nor a space (in bit 7).
    carry_other: u64,
}

impl AsciiWordCount {
    /// Counts the words starting in the eight bytes `x` of `b`, at `at`.
    #[inline(always)]
    fn word(&mut self, b: &[u8], at: usize, x: u64) {
        const LOW: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // The high bit of each byte of `x` (all below 0x80) that lies in `lo..=hi`: adding
        // `0x80 - lo` sets it from `lo` up, adding `0x7f - hi` from above `hi`, never
        // carrying into the next byte.
        let in_range = |lo: u8, hi: u8, x: u64| {
            (x + u64::from(0x80 - lo) * LOW) & !(x + u64::from(0x7f - hi) * LOW) & HIGH
        };
        // `x | 0x20` lowercases letters and moves no other byte into `a..=z`.
        let a = in_range(b'0', b'9', x) | in_range(b'a', b'z', x | (0x20 * LOW));
        let other = !a & !in_range(b' ', b' ', x) & HIGH;
        let starts = a & !(a << 8 | self.carry_alnum);
        // The flags are the high bits of the bytes: their sum is the top byte of the product.
        self.n += ((starts >> 7).wrapping_mul(LOW) >> 56) as usize;
        let mut check = starts & (other << 8 | self.carry_other);
        while check != 0 {
            let i = at + check.trailing_zeros() as usize / 8;
            self.n -= usize::from(ascii_joined(b, i));
            check &= check - 1;
        }
        (self.carry_alnum, self.carry_other) = (a >> 56, other >> 56);
    }
}

/// Whether the letter or digit `b[i]`, which follows a byte other than a letter, a digit or
/// a space, continues the token of that byte (see [`ascii_word_count`]).
fn ascii_joined(b: &[u8], i: usize) -> bool {
    let class = |c: u8| ASCII_CLASS[usize::from(c)];
    let (prev, c) = (class(b[i - 1]), class(b[i]));
    if prev & CORE != 0 {
        // A run of `_`: part of the token of a letter or digit just before it.
        let run = b[..i].iter().rev().take_while(|&&x| x == b'_').count();
        return i > run && class(b[i - 1 - run]) & (ALPHA | DIGIT) != 0;
    }
    let before = if i >= 2 { class(b[i - 2]) } else { 0 };
    (prev & NUM_INFIX != 0 && before & c & DIGIT != 0)
        || (prev & LETTER_INFIX != 0 && before & c & ALPHA != 0)
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

    /// The interner's ASCII tokenizer (its short-word path, eight bytes at a time, with the
    /// single space after a word) cuts as `unicode-segmentation` does and numbers tokens in
    /// order of first appearance, on texts dense in the bytes it looks at, around and across
    /// the eight bytes from a word's start.
    #[test]
    fn interner_ascii_tokens_match_unicode_word_bounds() {
        let alphabet = b"aZ9_.,;':  -[\r\n";
        let words = [
            "e.g.",
            "1,000.5",
            "don't",
            "x_y",
            "abcdefg",
            "abcdefgh",
            "a1b2c3d4e",
        ];
        let mut rng = Rng(17);
        let check = |t: &str| {
            let mut interner = Interner::default();
            interner.reset(t.len());
            let pair = Pair { old: t, new: "" };
            let mut ids = TokenIds::default();
            interner.tokens(pair, &mut ids);
            let slow: Vec<&str> = t.split_word_bounds().collect();
            let starts: Vec<usize> = slow
                .iter()
                .map(|w| w.as_ptr() as usize - t.as_ptr() as usize)
                .chain([t.len()])
                .collect();
            assert_eq!(ids.starts(), &starts[..], "{t:?}");
            let (reference, _, spaces) = reference::intern_pair(&slow, &[]);
            assert_eq!(ids.ids(), &reference[..], "{t:?}");
            assert_eq!(interner.spaces(), spaces, "{t:?}");
        };
        for case in 0..30_000 {
            let mut t = String::new();
            for _ in 0..rng.below(if case % 2 == 0 { 12 } else { 40 }) {
                if rng.below(4) == 0 {
                    t.push_str(words[rng.below(words.len())]);
                } else {
                    t.push(char::from(alphabet[rng.below(alphabet.len())]));
                }
            }
            check(&t);
        }
        for t in [
            "abcdefg h",
            "abcdefgh i",
            "abcdef. g",
            "abcdef.g h",
            "abcdef.",
            "abcdef. ",
            "abcdefg.h",
            "1234567,8 x",
            "123456,78 x",
            "a b c d e f g h i",
            "word  word word\r\nword",
            "______a _______ _",
        ] {
            check(t);
        }
    }

    /// The redline as first written (before the token-range pieces and the ASCII fast paths):
    /// Unicode tokens, a `HashMap` interner, `String` pieces cleaned up in place. The
    /// property tests below check that [`redline`] gives the same segments.
    mod reference {
        use std::collections::HashMap;

        use imara_diff::Token;
        use unicode_segmentation::UnicodeSegmentation;

        use super::super::{is_little_unicode, one, word_diff, Segment, SegmentOp, WordHasher};

        pub fn redline(old: &str, new: &str) -> Vec<Segment> {
            if old == new {
                return one(SegmentOp::Equal, old);
            }
            let ot: Vec<&str> = old.split_word_bounds().collect();
            let nt: Vec<&str> = new.split_word_bounds().collect();
            // The diff runs on token ids (equal ids ⇔ equal tokens); the result is the same as on
            // the strings.
            let (oi, ni, spaces) = intern_pair(&ot, &nt);
            let mut diff = imara_diff::Diff::default();
            word_diff(&mut diff, &oi, &ni, spaces.len() as u32, |t| {
                spaces[t.0 as usize]
            });
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
            to_segments(pieces)
        }

        /// Byte offset of `part`, a subslice of `text`, within `text`.
        fn offset(text: &str, part: &str) -> usize {
            part.as_ptr() as usize - text.as_ptr() as usize
        }

        /// Token ids for two token lists: equal tokens get equal ids, different tokens different
        /// ids, numbered from 0. Returns both lists and, for each id, whether its token is
        /// whitespace (so the number of distinct tokens is its length).
        pub fn intern_pair<'t>(
            a: &[&'t str],
            b: &[&'t str],
        ) -> (Vec<Token>, Vec<Token>, Vec<bool>) {
            let mut ids: HashMap<&'t str, u32, std::hash::BuildHasherDefault<WordHasher>> =
                HashMap::with_capacity_and_hasher(
                    a.len() + b.len(),
                    std::hash::BuildHasherDefault::default(),
                );
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
                                a.unicode_words().next().is_some()
                                    || b.unicode_words().next().is_some()
                            };
                            (is_little_unicode(e) && wordy(d1, i1) && wordy(d2, i2))
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
    }

    /// A small deterministic pseudo-random generator (xorshift64*) for the property tests.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    /// Pieces of negotiating text, plain and tricky: little words in both cases, brackets,
    /// numbers and abbreviations with infixes, curly quotes, accents, a combining mark, a
    /// no-break space, an ideographic space, a pilcrow, CR LF.
    const VOCABULARY: &[&str] = &[
        "the",
        "The",
        "OF",
        "of",
        "and",
        "a",
        "An",
        "its",
        "Parties",
        "shall",
        "should",
        "finance",
        "mechanism",
        "developed",
        "country",
        "[",
        "]",
        "(",
        ")",
        ",",
        ".",
        ";",
        ":",
        " ",
        " ",
        " ",
        " ",
        "  ",
        "1,000",
        "3.14",
        "e.g.",
        "don't",
        "x_y",
        "_",
        "-",
        "--",
        "Party\u{2019}s",
        "\u{201C}",
        "\u{201D}",
        "na\u{EF}ve",
        "e\u{301}",
        "\u{A0}",
        "\u{3000}",
        " \u{B6} ",
        "\r\n",
        "\u{FB01}",
        "\u{2013}",
    ];

    fn random_text(rng: &mut Rng, words: usize, ascii: bool) -> String {
        let mut text = String::new();
        while text.len() < words * 4 {
            let w = VOCABULARY[rng.below(VOCABULARY.len())];
            if ascii && !w.is_ascii() {
                continue;
            }
            text.push_str(w);
            if rng.below(3) > 0 {
                text.push(' ');
            }
        }
        text
    }

    /// `text` with a few stretches deleted, replaced or inserted.
    fn edited(rng: &mut Rng, text: &str, ascii: bool) -> String {
        let mut t: Vec<String> = tokens(text).into_iter().map(str::to_string).collect();
        for _ in 0..=rng.below(4) {
            let at = rng.below(t.len() + 1);
            let len = rng.below(6).min(t.len() - at);
            let words = rng.below(4);
            let with = random_text(rng, words, ascii);
            let new: Vec<String> = tokens(&with).into_iter().map(str::to_string).collect();
            t.splice(at..at + len, new);
        }
        t.concat()
    }

    /// The words deleted and inserted by each run of changes, counted on the texts.
    fn change_words(segments: &[Segment]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut in_run = false;
        for s in segments {
            let n = word_count(&s.text);
            match s.op {
                SegmentOp::Equal => in_run = false,
                op => {
                    if !in_run {
                        out.push((0, 0));
                        in_run = true;
                    }
                    let last = out.last_mut().unwrap();
                    if op == SegmentOp::Delete {
                        last.0 += n;
                    } else {
                        last.1 += n;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn redline_equals_the_reference_redline() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // One scratch for all pairs, as in a run of redlines: what it held before does not
        // matter.
        let mut scratch = Scratch::default();
        for case in 0..3000 {
            let ascii = case % 2 == 0;
            let words = 1 + rng.below(40);
            let old = random_text(&mut rng, words, ascii);
            let new = edited(&mut rng, &old, ascii);
            let (old, new) = if case % 3 == 0 {
                (new, old)
            } else {
                (old, new)
            };
            let expected = reference::redline(&old, &new);
            let r = redline(&old, &new, &WordBudget::default());
            assert_eq!(r.segments, expected, "{old:?} → {new:?}");
            assert_eq!(
                r.change_words,
                change_words(&r.segments),
                "{old:?} → {new:?}"
            );
            assert_eq!(
                scratch.redline(&old, &new, &WordBudget::default()).segments,
                expected,
                "{old:?} → {new:?}"
            );
        }
        for (old, new) in [
            ("", "new text"),
            ("old text", ""),
            ("a b", "a b"),
            (
                "In [furtherance][pursuit] of the objective,",
                "In pursuit of the objective of the Convention,",
            ),
        ] {
            assert_eq!(
                redline(old, new, &WordBudget::default()).segments,
                reference::redline(old, new),
            );
        }
    }

    #[test]
    fn mixed_tokens_match_unicode_word_bounds() {
        // Cuts at ASCII space runs: every string of up to 4 characters over an alphabet of
        // characters that UAX #29 treats specially next to a space (an extending mark, ZWJ, a
        // format character, a regional indicator, other spaces, letters, digits, infixes).
        let alphabet: Vec<char> =
            "a9.' \r\n\u{e9}\u{301}\u{200D}\u{2019}\u{3000}\u{1F1EB}\u{AD}\u{5D0}\u{30A2}"
                .chars()
                .collect();
        let mut current: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &current {
                for &c in &alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    assert_eq!(
                        tokens(&t),
                        t.split_word_bounds().collect::<Vec<_>>(),
                        "{t:?}"
                    );
                    next.push(t);
                }
            }
            current = next;
        }
        // Longer strings, from the same alphabet and from words.
        let mut rng = Rng(7);
        for _ in 0..20_000 {
            let t: String = (0..rng.below(24))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            assert_eq!(
                tokens(&t),
                t.split_word_bounds().collect::<Vec<_>>(),
                "{t:?}"
            );
        }
        for _ in 0..2000 {
            let t = random_text(&mut rng, 20, false);
            assert_eq!(
                tokens(&t),
                t.split_word_bounds().collect::<Vec<_>>(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn ascii_word_count_matches_unicode_words() {
        // Dense in the bytes the count looks at: letters and digits next to `_`, infixes,
        // spaces and other punctuation, across the eight-byte words.
        let alphabet = b"aZ9_.,;':  -[\t\r\n";
        let mut rng = Rng(5);
        for case in 0..30_000 {
            let len = rng.below(if case % 2 == 0 { 12 } else { 70 });
            let bytes: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let t = String::from_utf8(bytes).unwrap();
            assert_eq!(word_count(&t), t.unicode_words().count(), "{t:?}");
        }
        for t in [
            "a_b __c ___ _1 1_ _ a._b e.g. 1,000.5 a.1 1.a a'b a''b 1;2 a:b :a: 12345678a",
            "________x",
            "x________y",
            "x.______y z",
            "abcdefg_\n_abcdefg _______a 1234567.8 abcdefg'h",
        ] {
            assert_eq!(word_count(t), t.unicode_words().count(), "{t:?}");
            for end in 0..t.len() {
                assert_eq!(
                    word_count(&t[end..]),
                    t[end..].unicode_words().count(),
                    "{:?}",
                    &t[end..]
                );
            }
        }
    }

    #[test]
    fn little_words_looked_up_by_key() {
        let slow = |w: &str| LITTLE_WORDS.iter().any(|l| l.eq_ignore_ascii_case(w));
        let mut words: Vec<String> = Vec::new();
        for l in LITTLE_WORDS {
            words.push(l.to_string());
            words.push(l.to_uppercase());
            words.push(format!("{}{}", &l[..1].to_uppercase(), &l[1..]));
            words.push(format!("{l}s"));
            words.push(format!("{l}_"));
            words.push(l[1..].to_string());
        }
        words.extend(
            [
                "thee", "theirs", "a1", "x", "intoo", "tothe", "_", "e.g", "don't",
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(is_little_word(w.as_bytes()), slow(w), "{w:?}");
        }
    }

    #[test]
    fn fast_word_tests_match_unicode_ones() {
        let mut rng = Rng(11);
        for case in 0..20_000 {
            let words = rng.below(4);
            let t = random_text(&mut rng, words, case % 2 == 0);
            assert_eq!(is_little(&t), is_little_unicode(&t), "{t:?}");
            assert_eq!(has_word(&t), t.unicode_words().next().is_some(), "{t:?}");
            assert_eq!(word_count(&t), t.unicode_words().count(), "{t:?}");
        }
        for b in 0..=0x7fu8 {
            let t = char::from(b).to_string();
            assert_eq!(
                is_whitespace(&t),
                t.chars().all(char::is_whitespace),
                "{t:?}"
            );
            assert_eq!(has_word(&t), t.unicode_words().next().is_some(), "{t:?}");
        }
        for t in [
            " \u{A0}",
            "\u{3000}",
            "\u{301}",
            " \u{301}",
            "\r\n",
            "\u{B}",
            " \u{3000} x",
            "\t\u{85}",
            "  \u{2003}",
            "x\u{3000}",
        ] {
            assert_eq!(
                is_whitespace(t),
                t.chars().all(char::is_whitespace),
                "{t:?}"
            );
        }
    }

    /// `tokens_after` (the shared start and end copied from the old text) gives the ids and
    /// starts of cutting and looking up the whole new text.
    #[test]
    fn shared_tokens_equal_tokens_cut_anew() {
        // One interner for all pairs, as in a run of redlines.
        let mut interner = Interner::default();
        let mut check = |old: &str, new: &str| {
            let pair = Pair { old, new };
            let (mut ot, mut nt) = (TokenIds::default(), TokenIds::default());
            interner.reset(old.len() + new.len());
            interner.tokens(pair, &mut ot);
            interner.tokens_after(pair, &ot, &mut nt);
            let mut fresh = Interner::default();
            fresh.reset(old.len() + new.len());
            let (mut fresh_old, mut reference) = (TokenIds::default(), TokenIds::default());
            fresh.tokens(pair, &mut fresh_old);
            fresh.push_tokens(pair, new, old.len(), &mut reference);
            reference.end(new.len());
            assert_eq!(ot.ids(), fresh_old.ids(), "{old:?} → {new:?}");
            assert_eq!((ot.ascii, nt.ascii), (old.is_ascii(), new.is_ascii()));
            assert_eq!(nt.ids(), reference.ids(), "{old:?} → {new:?}");
            assert_eq!(nt.starts(), reference.starts(), "{old:?} → {new:?}");
            assert_eq!(interner.spaces(), fresh.spaces(), "{old:?} → {new:?}");
        };
        // Characters that UAX #29 treats specially next to a space or across one: extending
        // and format marks, ZWJ, regional indicators, infixes, other spaces, CR LF.
        let alphabet: Vec<char> =
            "a9.,' :\r\n\u{e9}\u{301}\u{200D}\u{2019}\u{3000}\u{1F1EB}\u{AD}\u{5D0}\u{22}\u{1F600}"
                .chars()
                .collect();
        let mut rng = Rng(13);
        let part = |rng: &mut Rng, most: usize| -> String {
            (0..rng.below(most + 1))
                .map(|_| {
                    if rng.below(3) == 0 {
                        ' '
                    } else {
                        alphabet[rng.below(alphabet.len())]
                    }
                })
                .collect()
        };
        for _ in 0..20_000 {
            let (head, tail) = (part(&mut rng, 10), part(&mut rng, 10));
            let (a, b) = (part(&mut rng, 4), part(&mut rng, 4));
            check(&format!("{head}{a}{tail}"), &format!("{head}{b}{tail}"));
        }
        for case in 0..3000 {
            let ascii = case % 2 == 0;
            let words = 1 + rng.below(40);
            let old = random_text(&mut rng, words, ascii);
            let new = edited(&mut rng, &old, ascii);
            check(&old, &new);
            check(&new, &old);
        }
        for (old, new) in [
            ("", ""),
            ("a b", ""),
            ("", "a b"),
            ("a b c", "a b b c"),
            ("a b", "a b c"),
            ("x a. b", "y a. b"),
            ("a. b x", "a. b y"),
            ("1, 2 x", "1, 2 y"),
            ("x \u{301}b", "y \u{301}b"),
            ("b \u{301}x", "b \u{301}y"),
            ("a \u{1F1EB}\u{1F1EB} x", "a \u{1F1EB}\u{1F1EB} y"),
        ] {
            check(old, new);
            check(new, old);
        }
    }

    #[test]
    fn interner_gives_equal_ids_to_equal_tokens_only() {
        let mut rng = Rng(3);
        for _ in 0..300 {
            let (a, b) = (
                random_text(&mut rng, 60, false),
                random_text(&mut rng, 60, false),
            );
            // A small table, so that it grows.
            let mut interner = Interner::default();
            interner.reset(0);
            let pair = Pair { old: &a, new: &b };
            let (mut ai, mut bi) = (TokenIds::default(), TokenIds::default());
            interner.tokens(pair, &mut ai);
            interner.push_tokens(pair, &b, a.len(), &mut bi);
            let (at, bt) = (tokens(&a), tokens(&b));
            let (reference_a, reference_b, spaces) = reference::intern_pair(&at, &bt);
            assert_eq!((ai.ids(), bi.ids()), (&reference_a[..], &reference_b[..]));
            assert_eq!(interner.spaces(), spaces);
            let starts: Vec<usize> = at
                .iter()
                .map(|t| t.as_ptr() as usize - a.as_ptr() as usize)
                .collect();
            assert_eq!(ai.starts()[..at.len()], starts[..]);
            assert_eq!(ai.starts()[at.len()], a.len());
        }
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
        assert_eq!(r.change_words, [(3, 3)]);
        assert_eq!(r.change_words, change_words(&r.segments));
    }
}
