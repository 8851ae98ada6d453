//! Alignment: which blocks of the old revision became which blocks of the new one.
//!
//! Negotiators care about what happened to *their* paragraph, wherever it went, so blocks
//! are matched by what they say, never by their number (numbers change on every
//! renumbering). The steps, each bounded in cost:
//!
//! 1. **Card anchors.** When both revisions carry zerodraft card anchors, blocks with the same
//!    anchor set are paired, then blocks whose anchor sets overlap (Jaccard ≥ 0.5).
//! 2. **Identical text in order.** The sequences of block texts found on both sides are
//!    diffed with `similar` (patience), which pairs identical blocks that kept their
//!    relative order. Short texts that recur (`Option 2: No text`) are left to step 6, which
//!    pairs them by position.
//! 3. **Similar text.** The rest are scored by the Dice coefficient of their word multisets
//!    (case-folded words, labels ignored); candidate pairs come from an inverted index of
//!    uncommon words — for each new block the [`CANDIDATES_PER_BLOCK`] old blocks sharing
//!    the most of them — and are capped in total by [`Budget::max_candidate_pairs`] (beyond
//!    it, only nearby blocks are compared and a notice says so). The blocks of one text
//!    (copies) are indexed, and a pair of texts is scored, once. Pairs are taken greedily,
//!    best score first.
//! 4. **Splits and merges.** One old block whose words are spread over adjacent new blocks
//!    (each new block ≥ 75 % contained in it, together covering ≥ 60 % of it and clearly
//!    more than its in-place partner alone) is a split; the mirror image is a merge.
//! 5. **Moves.** The pairs are put in old order and in new order and the two orders diffed
//!    with `similar` (Myers): pairs outside the common subsequence are moves. A move needs a
//!    higher score ([`MOVE_MIN_SCORE`]) than an in-place edit and at least
//!    [`MIN_MOVE_WORDS`] words (or identical text found once on each side); weaker "moves"
//!    are dropped and their blocks reported as deleted and added.
//!
//! 6. **Rewritten in place.** Blocks still unmatched between the same two in-place
//!    neighbours are paired in order with a lower score ([`GAP_MIN_SCORE`]): of all sets of
//!    pairs that keep the order, the one with the highest total score (dynamic programming
//!    over the stretch, within [`Budget::max_candidate_pairs`]).
//!
//! The result is a list of [`Group`]s; everything not in a group is added or deleted.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::{Duration, Instant};

use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};
use unicode_segmentation::UnicodeSegmentation;

use super::compare::typographic_key;
use super::words::WordHasher;
use super::{Block, BlockKind};

/// Longest a sequence diff over whole blocks may refine before `similar` settles for a
/// coarser (still valid) answer: identical blocks far apart may then show as moved or as
/// deleted and added. Only reached on pathological inputs of many thousand blocks.
pub const SEQUENCE_DEADLINE: Duration = Duration::from_secs(2);

fn sequence_deadline() -> Instant {
    Instant::now() + SEQUENCE_DEADLINE
}

/// Blocks (both sides) from which, without card anchors, identical blocks are paired on one
/// thread while word bags are built on another.
const PARALLEL_ALIGN_BLOCKS: usize = 400;

/// Free new blocks from which similar-text candidates are found and scored on two threads.
const PARALLEL_SCORE_BLOCKS: usize = 64;

/// For each new block, how many old blocks (those sharing the most distinct uncommon words
/// with it) are scored as possible partners.
pub const CANDIDATES_PER_BLOCK: usize = 24;

/// Lowest Dice score for pairing two blocks in place.
pub const PAIR_MIN_SCORE: f64 = 0.5;
/// Lowest Dice score for pairing two blocks left over between the same two in-place
/// neighbours (a paragraph rewritten where it stands).
pub const GAP_MIN_SCORE: f64 = 0.4;
/// Lowest Dice score for pairing, between the same two in-place neighbours, a short block
/// (under [`MIN_FUZZY_WORDS`] words) with a longer one holding all its words (`Zero draft`
/// → `Zero draft Rev.1` scores 0.67; `Option 2:` → `Option 4: {modulators to 3.2}`, 0.5,
/// does not pair).
pub const SHORT_GAP_MIN_SCORE: f64 = 0.6;
/// Lowest Dice score for a pair that turns out to be a move (moves need more evidence).
pub const MOVE_MIN_SCORE: f64 = 0.6;
/// Lowest share of the whole's words found in the pieces together for a split or merge
/// (and it must beat the share found in the paired piece alone by 0.1).
pub const SPLIT_MIN_COVERAGE: f64 = 0.6;
/// Lowest containment of each piece in the whole for a split or merge.
pub const SPLIT_MIN_CONTAINMENT: f64 = 0.75;
/// Blocks with fewer words than this are never reported as moved: a short line such as
/// `Option 2:` recurs all over a negotiating text, so its "move" would be noise. Such
/// blocks out of order are reported as deleted and added.
pub const MIN_MOVE_WORDS: usize = 6;
/// Blocks with fewer words than this are paired only on identical (case-folded) text.
pub const MIN_FUZZY_WORDS: usize = 3;

/// Limits that keep alignment cost bounded on any input.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Most candidate block pairs scored for similar-text matching and move detection.
    pub max_candidate_pairs: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_candidate_pairs: 2_000_000,
        }
    }
}

/// How the blocks of a group relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// One old block, one new block.
    Pair,
    /// One old block became several adjacent new blocks.
    Split,
    /// Several adjacent old blocks became one new block.
    Merge,
}

/// How a pair was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Same card anchors.
    Anchors,
    /// Identical text.
    Identical,
    /// Similar text (Dice score in [`Group::score`]).
    Similar,
}

/// Old blocks matched to new blocks. Indices are into the revisions' `blocks`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Pair, split or merge.
    pub kind: GroupKind,
    /// Old block indices, ascending and adjacent (one unless a merge).
    pub old: Vec<usize>,
    /// New block indices, ascending and adjacent (one unless a split).
    pub new: Vec<usize>,
    /// Dice score of the word multisets, 0..=1.
    pub score: f64,
    /// True when the group left its place relative to the other groups.
    pub moved: bool,
    /// How the pair was found.
    pub evidence: Evidence,
}

/// The outcome of aligning two revisions.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// Matched groups, sorted by first new index.
    pub groups: Vec<Group>,
    /// True when card anchors were used.
    pub by_anchors: bool,
    /// Notices about budget fallbacks, for the output.
    pub notices: Vec<String>,
}

/// Word multiset of a block: its distinct case-folded words as `(word id, count)`, in no
/// particular order (the order of first appearance), and the number of words. Nothing
/// computed from a bag depends on that order: intersections are counted through
/// [`WordCounts`]. The words lie in a list shared by the bags of one side ([`Bags`]) or
/// in an [`OwnedBag`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Bag<'a> {
    words: &'a [(u32, u32)],
    len: usize,
}

impl<'a> Bag<'a> {
    /// Number of words (with repeats).
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The distinct word ids.
    fn distinct(self) -> impl Iterator<Item = u32> + 'a {
        self.words.iter().map(|&(w, _)| w)
    }

    /// Whether `self` and `other` hold the same words as often (in any order). Meant for
    /// short bags: quadratic in their distinct words.
    fn same_words(&self, other: Bag) -> bool {
        self.len == other.len
            && self.words.len() == other.words.len()
            && self.words.iter().all(|p| other.words.contains(p))
    }
}

/// A [`Bag`] with words of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct OwnedBag {
    words: Vec<(u32, u32)>,
    len: usize,
}

impl OwnedBag {
    /// Number of words (with repeats).
    fn len(&self) -> usize {
        self.len
    }

    fn bag(&self) -> Bag<'_> {
        Bag {
            words: &self.words,
            len: self.len,
        }
    }
}

/// The bags of one side's blocks, their words in one list (one allocation, not one per
/// block): block `i`'s are `words[spans[i].0..spans[i].1]`, `spans[i].2` words in all.
#[derive(Default)]
struct Bags {
    words: Vec<(u32, u32)>,
    spans: Vec<(usize, usize, usize)>,
}

impl Bags {
    fn with_capacity(blocks: usize, words: usize) -> Self {
        Bags {
            words: Vec::with_capacity(words),
            spans: Vec::with_capacity(blocks),
        }
    }

    fn get(&self, i: usize) -> Bag<'_> {
        let (start, end, len) = self.spans[i];
        Bag {
            words: &self.words[start..end],
            len,
        }
    }

    /// Adds the next block's bag, of the words of `text` (see [`Interner::bag`]), or an
    /// empty one when `text` is `None`. Returns its number of words.
    fn push(&mut self, interner: &mut Interner, text: Option<&str>) -> usize {
        let start = self.words.len();
        let len = text.map_or(0, |t| interner.bag(t, &mut self.words));
        self.spans.push((start, self.words.len(), len));
        len
    }

    /// Makes block `i`'s bag that of the words of `text`. Returns its number of words.
    fn remake(&mut self, i: usize, interner: &mut Interner, text: &str) -> usize {
        let start = self.words.len();
        let len = interner.bag(text, &mut self.words);
        self.spans[i] = (start, self.words.len(), len);
        len
    }
}

/// Eight bytes of an ASCII text from `i`, little-endian, zero-padded past its end (a zero
/// byte is no letter or digit, so it ends a word as the end of the text does).
#[inline(always)]
fn load8(text: &[u8], i: usize) -> u64 {
    // One length test on the common path; the text's last few bytes byte by byte (a copy
    // of a variable length would call memcpy).
    match text.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        Some(eight) => u64::from_le_bytes(*eight),
        None => load_tail(text, i),
    }
}

/// [`load8`] within eight bytes of the end of `text`: its last eight bytes shifted down,
/// or, in a text shorter than that, its bytes one by one.
#[inline(never)]
fn load_tail(text: &[u8], i: usize) -> u64 {
    let rest = text.len().saturating_sub(i);
    match text.last_chunk::<8>() {
        // `rest` is 1 to 7: the shift is 8 to 56 bits.
        Some(last) if rest > 0 => u64::from_le_bytes(*last) >> (8 * (8 - rest)),
        _ => text
            .get(i..)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .fold(0, |w, (k, &b)| w | u64::from(b) << (8 * k)),
    }
}

/// Bit 7 of each byte of `x`, eight ASCII bytes (all below 0x80), set where the byte is a
/// letter or a digit. Ranges are tested by adding to each byte so that it reaches 0x80
/// exactly from the range's first byte on (below 0x100, so no carry reaches the next
/// byte); a letter is a byte that bit 0x20 turns into `a`–`z`.
fn ascii_alphanumeric_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let from = |x: u64, first: u8| x + ONES * u64::from(0x80 - first);
    let within = |x: u64, first: u8, last: u8| from(x, first) & !from(x, last + 1) & HIGH;
    within(x | ASCII_CASE, b'a', b'z') | within(x, b'0', b'9')
}

/// Bit 0x20 of every byte: set on ASCII letters and digits, it lowercases letters `A`–`Z`
/// and leaves lowercase letters and digits (`0x30`–`0x39`) as they are.
const ASCII_CASE: u64 = 0x2020_2020_2020_2020;

/// Word ids by word. A word is keyed by a 64-bit hash of its case-folded bytes
/// ([`WordHasher`], which is one-to-one on words of up to eight bytes, so only two longer
/// words could ever share an id: a chance of about one in 10¹¹ on a text of 100,000
/// distinct words, which would only nudge a similarity score).
#[derive(Default)]
struct Interner {
    ids: WordIds,
    /// Scratch of [`Self::bag`], one per word id: where the id's `(id, count)` pair is among
    /// those of the block being read, counted from 1 (0, as between blocks, for an id not
    /// in it).
    places: Vec<u32>,
}

impl Interner {
    /// An empty interner sized for texts of `bytes` bytes in all: a table of one slot per
    /// 16 bytes (at least 256, at most 4,096 to begin with), which holds the vocabulary of
    /// most negotiating texts without growing (the Paris drafts, 120 KB, hold about
    /// 1,800 distinct words).
    fn for_text(bytes: usize) -> Self {
        Interner {
            ids: WordIds::with_slots((bytes / 16).clamp(256, 4096).next_power_of_two()),
            places: Vec::new(),
        }
    }

    /// The block's words: runs of letters and digits, case-folded (only when needed). Their
    /// bag's distinct words are added to `out`; returns their number (with repeats).
    fn bag(&mut self, text: &str, out: &mut Vec<(u32, u32)>) -> usize {
        let start = out.len();
        let (mut len, rest) = self.ascii_words(text.as_bytes(), out, start);
        // From the first word of the rest on, through the general path (the rest starts
        // after a separator, so its words are the text's last ones).
        if let Some(rest) = rest.and_then(|i| text.get(i..)) {
            for w in unicode_words(rest) {
                let folded;
                let key = if w.chars().any(char::is_uppercase) {
                    folded = w.to_lowercase();
                    folded.as_str()
                } else {
                    w
                };
                self.add(word_key(key), out, start);
                len += 1;
            }
        }
        for &(w, _) in &out[start..] {
            self.places[w as usize] = 0;
        }
        len
    }

    /// Counts the words of `b` as [`Self::bag`] does, eight bytes at a time, up to the
    /// first eight-byte load holding a byte that is not ASCII. Returns the number of words
    /// counted and, when it stopped early, where the rest starts: the start of the word
    /// being read, or of the load, each right after an ASCII separator (or at 0), so a
    /// char boundary after which the rest's words are the text's remaining ones.
    ///
    /// In ASCII, letters and digits are the alphanumerics and case folding is ASCII
    /// lowercasing. A word is hashed as [`word_key`] hashes it, eight bytes at a time from
    /// its start, the last chunk zero-padded: each load from the word's start is the next
    /// chunk, and the last one shows where the next word starts, when it starts within it.
    #[inline(always)]
    fn ascii_words(
        &mut self,
        b: &[u8],
        out: &mut Vec<(u32, u32)>,
        start: usize,
    ) -> (usize, Option<usize>) {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut len = 0;
        // Where to look for the next word: every byte before it is counted or a separator.
        let mut i = 0;
        loop {
            // The first letter or digit from `i` on.
            let mut word = loop {
                if i >= b.len() {
                    return (len, None);
                }
                let x = load8(b, i);
                if x & HIGH != 0 {
                    return (len, Some(i));
                }
                let bits = ascii_alphanumeric_bits(x);
                if bits != 0 {
                    break i + (bits.trailing_zeros() / 8) as usize;
                }
                i += 8;
            };
            // The words from `word` on, as long as each next one starts within the last
            // load of the one before.
            loop {
                i = word;
                let mut h = WordHasher::default();
                let (bits, run) = loop {
                    let x = load8(b, i);
                    if x & HIGH != 0 {
                        return (len, Some(word));
                    }
                    let bits = ascii_alphanumeric_bits(x);
                    // Letters and digits from `i` on, up to eight.
                    let run = (!bits & HIGH).trailing_zeros() / 8;
                    if run < 8 {
                        if run > 0 {
                            h.write_u64((x | ASCII_CASE) & ((1u64 << (8 * run)) - 1));
                        }
                        break (bits, run);
                    }
                    h.write_u64(x | ASCII_CASE);
                    i += 8;
                };
                self.add(h.finish(), out, start);
                len += 1;
                // Bytes `i + run` (ending the word) to `i + 8` were loaded: the next word
                // starts at the first letter or digit among them, or else further on.
                let after = if run < 7 { bits >> (8 * (run + 1)) } else { 0 };
                if after == 0 {
                    i += 8;
                    break;
                }
                word = i + run as usize + 1 + (after.trailing_zeros() / 8) as usize;
            }
        }
    }

    /// [`Self::bag`] on its own.
    #[cfg(test)]
    fn owned_bag(&mut self, text: &str) -> OwnedBag {
        let mut words = Vec::new();
        let len = self.bag(text, &mut words);
        OwnedBag { words, len }
    }

    /// Counts one occurrence of the word of `key` in the block being read, whose
    /// `(id, count)` pairs are `out[start..]`.
    #[inline(always)]
    fn add(&mut self, key: u64, out: &mut Vec<(u32, u32)>, start: usize) {
        let id = self.ids.id(key);
        // A new word's id is the number of words so far, one past the last place.
        let place = match self.places.get_mut(id as usize) {
            Some(place) => place,
            None => {
                self.places.push(0);
                &mut self.places[id as usize]
            }
        };
        if *place == 0 {
            out.push((id, 1));
            *place = (out.len() - start) as u32;
        } else {
            out[start + *place as usize - 1].1 += 1;
        }
    }

    /// Takes in the words of `other`, whose ids were given on their own: rewrites `bags`
    /// (made with `other`) in this interner's ids, new words numbered after this
    /// interner's in their order in `other`. Returns the merged interner.
    fn absorb(mut self, other: Interner, bags: &mut [(u32, u32)]) -> Interner {
        let mut by_id: Vec<u64> = vec![0; other.len()];
        for (k, i) in other.ids.iter() {
            by_id[i as usize] = k;
        }
        let remap: Vec<u32> = by_id.iter().map(|&k| self.id(k)).collect();
        // Distinct ids stay distinct.
        for (w, _) in bags {
            *w = remap[*w as usize];
        }
        self
    }

    /// The id of the word of `key`, the next free one for a new word.
    #[inline]
    fn id(&mut self, key: u64) -> u32 {
        let id = self.ids.id(key);
        if id as usize == self.places.len() {
            self.places.push(0);
        }
        id
    }

    /// Number of distinct words so far (word ids are below it).
    fn len(&self) -> usize {
        self.ids.len
    }
}

/// The ids of word keys (see [`Interner`]), numbered from 0 in order of first sight: an
/// open-addressing table, at most half full, probed linearly from the key's top bits
/// (the keys are hashes whose top bits are well mixed).
struct WordIds {
    /// `(key, id)` pairs, id [`NO_WORD`] in an empty slot; a power of two long.
    slots: Vec<(u64, u32)>,
    /// The number of keys, at most half the slots.
    len: usize,
    /// 64 minus the base-2 logarithm of the number of slots.
    shift: u32,
}

/// The id of an empty slot of [`WordIds`].
const NO_WORD: u32 = u32::MAX;

impl Default for WordIds {
    fn default() -> Self {
        WordIds::with_slots(256)
    }
}

impl WordIds {
    /// An empty table of `slots` slots (a power of two, at least 2).
    fn with_slots(slots: usize) -> Self {
        WordIds {
            slots: vec![(0, NO_WORD); slots],
            len: 0,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    /// The slot holding `key`, or the empty slot where it belongs.
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key >> self.shift) as usize;
        loop {
            let (k, id) = self.slots[i];
            if id == NO_WORD || k == key {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn id(&mut self, key: u64) -> u32 {
        let i = self.slot(key);
        if self.slots[i].1 != NO_WORD {
            return self.slots[i].1;
        }
        let id = self.len as u32;
        self.slots[i] = (key, id);
        self.len += 1;
        if 2 * self.len > self.slots.len() {
            self.grow();
        }
        id
    }

    /// Doubles the number of slots.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let mut grown = WordIds::with_slots(2 * self.slots.len());
        for (key, id) in self.iter() {
            let j = grown.slot(key);
            grown.slots[j] = (key, id);
        }
        grown.len = self.len;
        *self = grown;
    }

    /// The `(key, id)` pairs, in no particular order.
    fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.slots.iter().copied().filter(|&(_, id)| id != NO_WORD)
    }
}

/// Number of words of `text` as [`Interner::bag`] reads them (runs of letters and digits),
/// without interning them.
fn word_total(text: &str) -> usize {
    if text.is_ascii() {
        let b = text.as_bytes();
        (0..b.len())
            .filter(|&i| {
                b[i].is_ascii_alphanumeric() && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            })
            .count()
    } else {
        unicode_words(text).count()
    }
}

/// The words of a text as alignment counts them: runs of letters and digits, except that
/// each Chinese character and each kana is a word of its own (Chinese and Japanese do not
/// separate words by spaces, so a sentence would otherwise be a single "word" and a
/// one-character edit would make it a different paragraph).
fn unicode_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            let mut rest = w;
            std::iter::from_fn(move || {
                let first = rest.chars().next()?;
                let len = if is_cjk(first) {
                    first.len_utf8()
                } else {
                    rest.find(is_cjk).unwrap_or(rest.len())
                };
                let (word, tail) = rest.split_at(len);
                rest = tail;
                Some(word)
            })
        })
}

/// Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs),
/// hiragana and katakana (full and half width).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3134F}')
}

/// The key of a case-folded word: its bytes eight at a time (little-endian, the last
/// chunk zero-padded) through [`WordHasher`], as the ASCII path of [`Interner::bag`]
/// computes it while it reads.
fn word_key(word: &str) -> u64 {
    let mut h = WordHasher::default();
    for chunk in word.as_bytes().chunks(8) {
        let w = chunk
            .iter()
            .enumerate()
            .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i));
        h.write_u64(w);
    }
    h.finish()
}

/// Hashes a key that is already a hash (of a block's text) for a `HashMap`: its high bits
/// folded onto its low ones, as the table picks buckets by the low bits.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

/// Dice coefficient of two multisets of `a` and `b` words with `common` words in common:
/// 2|A∩B| / (|A|+|B|), 0..=1 (1 when both are empty).
fn dice(common: usize, a: usize, b: usize) -> f64 {
    if a == 0 && b == 0 {
        return 1.0;
    }
    2.0 * common as f64 / (a + b) as f64
}

/// Share of a multiset of `part` words found in another, `common` of them, 0..=1.
fn containment(common: usize, part: usize) -> f64 {
    if part == 0 {
        return 0.0;
    }
    common as f64 / part as f64
}

/// The word counts of one block, indexed by word id: the intersection of that block's words
/// with another block's costs one pass over the other block's distinct words.
struct WordCounts(Vec<u32>);

impl WordCounts {
    /// Zero counts for word ids below `vocabulary`.
    fn new(vocabulary: usize) -> Self {
        WordCounts(vec![0; vocabulary])
    }

    fn load(&mut self, bag: Bag) {
        for &(w, c) in bag.words {
            self.0[w as usize] = c;
        }
    }

    /// Back to zero counts (`bag` as loaded).
    fn unload(&mut self, bag: Bag) {
        for &(w, _) in bag.words {
            self.0[w as usize] = 0;
        }
    }

    /// Size of the intersection of the loaded multiset and `bag`.
    fn common(&self, bag: Bag) -> usize {
        bag.words
            .iter()
            .map(|&(w, c)| c.min(self.0[w as usize]) as usize)
            .sum()
    }

    /// [`Self::common`], or `None` once it is certain to fail `enough`: every eight
    /// distinct words of `bag`, the intersection so far plus all the words of `bag` not
    /// yet looked at (the most it could still reach) is tested. `enough` must be monotone
    /// (true of a number, then of any larger one), as a score rising with the intersection
    /// is; then `None` means that `enough(self.common(bag))` is false.
    fn common_reaching(&self, bag: Bag, enough: impl Fn(usize) -> bool) -> Option<usize> {
        let (mut common, mut unseen) = (0, bag.len());
        for eight in bag.words.chunks(8) {
            for &(w, c) in eight {
                common += c.min(self.0[w as usize]) as usize;
                unseen -= c as usize;
            }
            if !enough(common + unseen) {
                return None;
            }
        }
        // (Tested already unless `bag` is empty.)
        enough(common).then_some(common)
    }
}

/// Candidate partners found for new blocks ([`State::candidates`]), in one list: new
/// block `n`'s are `olds[range]` for each `(n, range)` of `news`, each as `(old block,
/// class)` where the class ([`Postings`]) is [`NO_CLASS`] when the pair of texts is met
/// only there (its score is then not kept for another pair).
struct Candidates {
    news: Vec<(usize, std::ops::Range<usize>)>,
    olds: Vec<(u32, u32)>,
}

/// See [`Candidates`].
const NO_CLASS: u32 = u32::MAX;

/// Inverted index of the free old blocks by word ([`State::postings`]), over their texts:
/// the free blocks of one text make a class, indexed under its first block. The classes
/// whose text holds word `w`, unless it is common, are `postings[starts[w]..starts[w +
/// 1]]`, each once, ascending, as twice its first block, plus one when it has more than
/// one block. (Block indices are below 2³¹: a block takes far more than one byte.)
struct Postings {
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// The class of each free old block, numbered from 0 in order of their first blocks.
    class_of: Vec<u32>,
    /// The next free old block of the same text after each, or [`NO_BLOCK`].
    next_copy: Vec<u32>,
    /// Number of classes.
    classes: usize,
}

/// See [`Postings::next_copy`].
const NO_BLOCK: u32 = u32::MAX;

impl Postings {
    fn classes(&self, w: u32) -> &[u32] {
        let w = w as usize;
        &self.postings[self.starts[w] as usize..self.starts[w + 1] as usize]
    }
}

/// Case-folded words of `text` that are not plain numbers, in order.
fn words_but_numbers(text: &str) -> Vec<String> {
    text.unicode_words()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect()
}

/// `words_but_numbers(a) == words_but_numbers(b)`, most often decided without segmenting
/// either text: in ASCII, each letter lies in a word that is not a plain number and is
/// lowercased with it, so texts whose words agree have the same letters in the same
/// order (case aside); texts whose letters differ are told apart on them.
fn same_words_but_numbers(a: &str, b: &str) -> bool {
    fn letters(t: &str) -> impl Iterator<Item = u8> + '_ {
        t.bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
    }
    if a.is_ascii() && b.is_ascii() && !letters(a).eq(letters(b)) {
        return false;
    }
    words_but_numbers(a) == words_but_numbers(b)
}

fn concat<'a>(bags: impl Iterator<Item = Bag<'a>> + Clone) -> OwnedBag {
    let mut words: Vec<(u32, u32)> = bags.clone().flat_map(|b| b.words.iter().copied()).collect();
    words.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(words.len());
    for (w, c) in words {
        match merged.last_mut() {
            Some((last, count)) if *last == w => *count += c,
            _ => merged.push((w, c)),
        }
    }
    OwnedBag {
        words: merged,
        len: bags.map(|b| b.len()).sum(),
    }
}

fn is_heading(b: &Block) -> bool {
    b.kind == BlockKind::Heading
}

/// Aligns the blocks of `old` with those of `new`. Deterministic for given inputs and budget.
pub fn align(old: &[Block], new: &[Block], budget: &Budget) -> Alignment {
    let (mut st, by_anchors) = State::sure_pairs(old, new, budget);
    st.pair_similar(budget);
    st.splits_and_merges();
    st.classify_moves();
    st.pair_in_gaps(budget);
    let mut groups = st.groups;
    // (Blocks are in one group at most: the keys are distinct, so any sort gives this order.)
    groups.sort_unstable_by_key(|g| g.new[0]);
    Alignment {
        groups,
        by_anchors,
        notices: st.notices,
    }
}

impl<'a> State<'a> {
    /// The state of aligning `old` with `new` once the sure pairs are made: by card anchors
    /// (when both sides have some: the second value is then true), then of identical texts.
    fn sure_pairs(old: &'a [Block], new: &'a [Block], budget: &Budget) -> (Self, bool) {
        let by_anchors =
            old.iter().any(|b| !b.anchors.is_empty()) && new.iter().any(|b| !b.anchors.is_empty());
        // Without anchors, identical blocks are paired first, before any word is interned: the
        // words of a block paired this way are only counted (its bag is made later only if the
        // pair is dropped as a weak move). In a revision most paragraphs are unchanged.
        let (old_keys, new_keys) = (TextKeys::of(old), TextKeys::of(new));
        let identical = (!by_anchors).then(|| {
            identical_pairs(
                old,
                new,
                (&old_keys.typo, &new_keys.typo),
                &vec![None; old.len()],
                &vec![None; new.len()],
            )
        });
        let (mut old_paired, mut new_paired) = (vec![false; old.len()], vec![false; new.len()]);
        for &(o, n) in identical.iter().flatten() {
            old_paired[o] = true;
            new_paired[n] = true;
        }
        // Each side's words are interned on its own (the old side on another thread when the
        // texts are long), then the new side's word ids are mapped onto the old side's.
        let words = |blocks: &[Block], paired: &[bool], keys: &TextKeys| {
            let bytes = blocks
                .iter()
                .zip(paired)
                .filter(|&(_, &paired)| !paired)
                .map(|(b, _)| b.text.len())
                .sum();
            let mut interner = Interner::for_text(bytes);
            let mut lens = Vec::with_capacity(blocks.len());
            // (About one distinct word in eight bytes of a block.)
            let mut bags = Bags::with_capacity(blocks.len(), bytes / 8);
            for (b, &paired) in blocks.iter().zip(paired) {
                if paired {
                    bags.push(&mut interner, None);
                    lens.push(UNCOUNTED);
                } else {
                    lens.push(bags.push(&mut interner, Some(&b.text)));
                }
            }
            let (recurs, first) = recurring(blocks, &keys.raw);
            (interner, bags, lens, recurs, first)
        };
        let (
            (old_words, old_bags, old_lens, old_recurs, old_first),
            (new_words, mut new_bags, new_lens, new_recurs, new_first),
        ) = if old.len() + new.len() < PARALLEL_ALIGN_BLOCKS {
            (
                words(old, &old_paired, &old_keys),
                words(new, &new_paired, &new_keys),
            )
        } else {
            crate::parallel::join(
                || words(old, &old_paired, &old_keys),
                || words(new, &new_paired, &new_keys),
            )
        };
        let interner = old_words.absorb(new_words, &mut new_bags.words);
        let mut st = State {
            old,
            new,
            interner,
            old_lens,
            new_lens,
            old_recurs,
            new_recurs,
            old_first,
            new_first,
            old_bags,
            new_bags,
            old_group: vec![None; old.len()],
            new_group: vec![None; new.len()],
            // Each group holds blocks of both sides, none held twice.
            groups: Vec::with_capacity(old.len().min(new.len())),
            notices: Vec::new(),
        };
        if by_anchors {
            st.pair_by_anchors(budget);
        }
        let identical = identical.unwrap_or_else(|| {
            identical_pairs(
                st.old,
                st.new,
                (&old_keys.typo, &new_keys.typo),
                &st.old_group,
                &st.new_group,
            )
        });
        for (o, n) in identical {
            st.pair(o, n, 1.0, Evidence::Identical);
        }
        (st, by_anchors)
    }
}

struct State<'a> {
    old: &'a [Block],
    new: &'a [Block],
    /// Word ids of both sides.
    interner: Interner,
    /// Number of words of each block (its bag's length), or [`UNCOUNTED`] for a block
    /// paired as identical before bags were made (its bag left empty): see
    /// [`Self::old_len`].
    old_lens: Vec<usize>,
    new_lens: Vec<usize>,
    /// Whether each block's text occurs more than once on its side.
    old_recurs: Vec<bool>,
    new_recurs: Vec<bool>,
    /// The index of the first block of each block's text on its side (see [`recurring`]).
    old_first: Vec<u32>,
    new_first: Vec<u32>,
    old_bags: Bags,
    new_bags: Bags,
    old_group: Vec<Option<usize>>,
    new_group: Vec<Option<usize>>,
    groups: Vec<Group>,
    notices: Vec<String>,
}

impl State<'_> {
    /// Number of distinct words so far (word ids are below it).
    fn vocabulary(&self) -> usize {
        self.interner.len()
    }

    /// Number of words of old block `o`.
    fn old_len(&self, o: usize) -> usize {
        match self.old_lens[o] {
            UNCOUNTED => word_total(&self.old[o].text),
            len => len,
        }
    }

    /// Number of words of new block `n`.
    fn new_len(&self, n: usize) -> usize {
        match self.new_lens[n] {
            UNCOUNTED => word_total(&self.new[n].text),
            len => len,
        }
    }

    fn push(&mut self, group: Group) {
        let id = self.groups.len();
        for &o in &group.old {
            self.old_group[o] = Some(id);
        }
        for &n in &group.new {
            self.new_group[n] = Some(id);
        }
        self.groups.push(group);
    }

    fn pair(&mut self, o: usize, n: usize, score: f64, evidence: Evidence) {
        self.push(Group {
            kind: GroupKind::Pair,
            old: vec![o],
            new: vec![n],
            score,
            moved: false,
            evidence,
        });
    }

    /// Dice score of old block `o` and new block `n` (`counts`: all zero, and so left).
    fn score(&self, o: usize, n: usize, counts: &mut WordCounts) -> f64 {
        let (a, b) = (self.old_bags.get(o), self.new_bags.get(n));
        counts.load(b);
        let common = counts.common(a);
        counts.unload(b);
        dice(common, a.len(), b.len())
    }

    fn pair_by_anchors(&mut self, budget: &Budget) {
        let mut counts = WordCounts::new(self.vocabulary());
        // Identical anchor sets, first unused in document order.
        let mut by_set: HashMap<&[String], Vec<usize>> = HashMap::new();
        for (i, b) in self.old.iter().enumerate() {
            if !b.anchors.is_empty() {
                by_set.entry(b.anchors.as_slice()).or_default().push(i);
            }
        }
        for n in 0..self.new.len() {
            let anchors = self.new[n].anchors.as_slice();
            if anchors.is_empty() {
                continue;
            }
            let found = by_set
                .get_mut(anchors)
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
            if let Some(o) = found {
                let s = self.score(o, n, &mut counts);
                self.pair(o, n, s, Evidence::Anchors);
            }
        }
        // Overlapping anchor sets (Jaccard ≥ 0.5), best first — within the pair budget.
        let free = |v: &[Option<usize>], bs: &[Block]| {
            (0..bs.len())
                .filter(|&i| v[i].is_none() && !bs[i].anchors.is_empty())
                .count()
        };
        let pairs = free(&self.old_group, self.old) * free(&self.new_group, self.new);
        if pairs > budget.max_candidate_pairs {
            self.notices.push(format!(
                "alignment budget: {pairs} pairs of paragraphs with different card anchors \
                 exceed the limit of {}; they were matched by content only",
                budget.max_candidate_pairs
            ));
            return;
        }
        let mut cands = Vec::new();
        for (o, ob) in self.old.iter().enumerate() {
            if self.old_group[o].is_some() || ob.anchors.is_empty() {
                continue;
            }
            for (n, nb) in self.new.iter().enumerate() {
                if self.new_group[n].is_some() || nb.anchors.is_empty() {
                    continue;
                }
                let inter = ob.anchors.iter().filter(|a| nb.anchors.contains(a)).count();
                let union = ob.anchors.len() + nb.anchors.len() - inter;
                let j = inter as f64 / union as f64;
                if j >= 0.5 {
                    cands.push((j, o, n));
                }
            }
        }
        cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, o, n) in cands {
            if self.old_group[o].is_none() && self.new_group[n].is_none() {
                let s = self.score(o, n, &mut counts);
                self.pair(o, n, s, Evidence::Anchors);
            }
        }
    }

    fn pair_similar(&mut self, budget: &Budget) {
        for (s, _, o, n) in self.similar(budget) {
            if self.old_group[o].is_none() && self.new_group[n].is_none() {
                self.pair(o, n, s, Evidence::Similar);
            }
        }
    }

    /// The candidate pairs of free blocks scoring at least [`PAIR_MIN_SCORE`], as
    /// `(score, distance of their relative positions, old, new)`: best score first; nearer
    /// first on ties; then document order (deterministic: each pair is scored once, so the
    /// order is total). A notice is added when the budget makes the search coarser.
    fn similar(&mut self, budget: &Budget) -> Vec<(f64, f64, usize, usize)> {
        // A short text that recurs on its side can only pair in place (step 6): which copy
        // is which is a matter of position, not of words.
        let free_old: Vec<usize> = (0..self.old.len())
            .filter(|&o| {
                self.old_group[o].is_none()
                    && !(self.old_recurs[o] && self.old_len(o) < MIN_MOVE_WORDS)
            })
            .collect();
        let free_new: Vec<usize> = (0..self.new.len())
            .filter(|&n| {
                self.new_group[n].is_none()
                    && !(self.new_recurs[n] && self.new_len(n) < MIN_MOVE_WORDS)
            })
            .collect();
        if free_old.is_empty() || free_new.is_empty() {
            return Vec::new();
        }
        let index = self.postings(&free_old);
        // The free new blocks grouped by text, as `(first block of the text on the new
        // side, block)`: candidates are found and scored once for each text. (The texts
        // that occur once first, in order; then the others, sorted.)
        let mut by_text = Vec::with_capacity(free_new.len());
        let mut recurring = Vec::new();
        for &n in &free_new {
            let key = (self.new_first[n], n as u32);
            if self.new_recurs[n] {
                recurring.push(key);
            } else {
                by_text.push(key);
            }
        }
        recurring.sort_unstable();
        by_text.append(&mut recurring);
        let mut scored: Vec<(f64, f64, usize, usize)> = if free_new.len() * CANDIDATES_PER_BLOCK
            <= budget.max_candidate_pairs
            && free_new.len() >= PARALLEL_SCORE_BLOCKS
        {
            // Within budget whatever the candidates: the new texts are shared out between
            // two threads (halves of equal word count, the copies of a text together),
            // each finding and scoring its blocks' candidates; the results are the same as
            // one after the other.
            let opens_text = |i: usize| i == 0 || by_text[i - 1].0 != by_text[i].0;
            let text_len = |i: usize| self.new_bags.get(by_text[i].1 as usize).len();
            let words: usize = (0..by_text.len())
                .filter(|&i| opens_text(i))
                .map(text_len)
                .sum();
            let mut half = 0;
            let mut so_far = 0;
            while half < by_text.len() && (2 * so_far < words || !opens_text(half)) {
                if opens_text(half) {
                    so_far += text_len(half);
                }
                half += 1;
            }
            let (first, second) = by_text.split_at(half);
            let this = &*self;
            let index = &index;
            let both =
                |chunk: &[(u32, u32)]| this.score_candidates(this.candidates(chunk, index), index);
            let (later, mut scored) = crate::parallel::join(|| both(second), || both(first));
            scored.extend(later);
            scored
        } else {
            let mut per_new = self.candidates(&by_text, &index);
            // (Copies of a new text share their candidates: counted for each block.)
            let total: usize = per_new.news.iter().map(|(_, range)| range.len()).sum();
            if total > budget.max_candidate_pairs {
                // Coarser: compare each new block only with the old blocks nearest its
                // relative position.
                let keep = (budget.max_candidate_pairs / free_new.len()).max(1);
                self.notices.push(format!(
                    "alignment budget: {total} candidate paragraph pairs exceed the limit of \
                     {}; each paragraph was compared only with the {keep} nearest by \
                     position, so long-distance moves may show as deletions and additions",
                    budget.max_candidate_pairs
                ));
                let (lo, ln) = (self.old.len().max(1) as f64, self.new.len().max(1) as f64);
                // Each new block's own list, as copies of a text keep different ones.
                let mut olds = Vec::with_capacity(free_new.len() * keep);
                for (n, range) in &mut per_new.news {
                    let start = olds.len();
                    olds.extend_from_slice(&per_new.olds[range.clone()]);
                    let cands = &mut olds[start..];
                    let pos = *n as f64 / ln;
                    cands.sort_by(|&(a, _), &(b, _)| {
                        let da = (a as f64 / lo - pos).abs();
                        let db = (b as f64 / lo - pos).abs();
                        da.total_cmp(&db).then(a.cmp(&b))
                    });
                    *range = start..start + cands.len().min(keep);
                    olds.truncate(range.end);
                }
                per_new.olds = olds;
            }
            self.score_candidates(per_new, &index)
        };
        scored.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        scored
    }

    /// The inverted index of the free old blocks `free_old` (ascending) by word, over their
    /// texts: blocks of the same text make one class, indexed once.
    fn postings(&self, free_old: &[usize]) -> Postings {
        // `class_of` is filled for the free blocks and, on the way, at the first block of
        // each text on the old side (`old_first`, maybe not free: then no free block's
        // entry). Of each class: its first and last blocks so far, its number of blocks.
        let mut class_of = vec![u32::MAX; self.old.len()];
        let mut next_copy = vec![NO_BLOCK; self.old.len()];
        let mut classes: Vec<(u32, u32, u32)> = Vec::with_capacity(free_old.len());
        for &o in free_old {
            let first = self.old_first[o] as usize;
            let c = class_of[first];
            if c == u32::MAX {
                class_of[first] = classes.len() as u32;
                class_of[o] = classes.len() as u32;
                classes.push((o as u32, o as u32, 1));
            } else {
                class_of[o] = c;
                let class = &mut classes[c as usize];
                next_copy[class.1 as usize] = o as u32;
                class.1 = o as u32;
                class.2 += 1;
            }
        }
        // Word id → the classes whose text holds it, as one list cut by word: the classes
        // of word `w` are `postings[starts[w]..starts[w + 1]]`. Common words (in more than
        // 1/16 of the free blocks, and more than 8, copies counted) propose no candidates
        // — a paraphrase keeps some rarer word; they still count in the score — and are
        // left out.
        let vocabulary = self.vocabulary();
        let common_cap = (free_old.len() / 16).max(8) as u32;
        let mut blocks_with = vec![0u32; vocabulary];
        let mut starts = vec![0u32; vocabulary + 1];
        for &(first, _, size) in &classes {
            for w in self.old_bags.get(first as usize).distinct() {
                blocks_with[w as usize] += size;
                starts[w as usize + 1] += 1;
            }
        }
        // `blocks_with` becomes where the next class of each word goes, `u32::MAX` for a
        // common word.
        for w in 0..vocabulary {
            if blocks_with[w] > common_cap {
                starts[w + 1] = 0;
                blocks_with[w] = u32::MAX;
            } else {
                blocks_with[w] = starts[w];
            }
            starts[w + 1] += starts[w];
        }
        let mut postings = vec![0u32; starts[vocabulary] as usize];
        for &(first, _, size) in &classes {
            let class = first << 1 | u32::from(size > 1);
            for w in self.old_bags.get(first as usize).distinct() {
                let fill = &mut blocks_with[w as usize];
                if *fill != u32::MAX {
                    postings[*fill as usize] = class;
                    *fill += 1;
                }
            }
        }
        Postings {
            starts,
            postings,
            class_of,
            next_copy,
            classes: classes.len(),
        }
    }

    /// For each of the new blocks `by_text`, given as `(first block of its text, block)`
    /// with the copies of a text together, the old blocks sharing the most distinct
    /// uncommon words with it (at most [`CANDIDATES_PER_BLOCK`]), most shared first, then
    /// in document order. Found once for the copies of a text, which share their range of
    /// candidates.
    fn candidates(&self, by_text: &[(u32, u32)], index: &Postings) -> Candidates {
        // Indexed by class as in the postings (twice its first block, plus one if it has
        // copies).
        let mut seen = vec![u32::MAX; 2 * self.old.len()];
        let mut shared = vec![0u32; 2 * self.old.len()];
        let mut per_new = Candidates {
            news: Vec::with_capacity(by_text.len()),
            olds: Vec::with_capacity(by_text.len() * CANDIDATES_PER_BLOCK),
        };
        let (mut cands, mut order, mut more) = (Vec::new(), Vec::new(), Vec::new());
        for (i, &(text, n)) in by_text.iter().enumerate() {
            if i > 0 && by_text[i - 1].0 == text {
                let range = per_new.news[i - 1].1.clone();
                per_new.news.push((n as usize, range));
                continue;
            }
            let copies = by_text.get(i + 1).is_some_and(|&(next, _)| next == text);
            cands.clear();
            for w in self.new_bags.get(n as usize).distinct() {
                for &c in index.classes(w) {
                    let c = c as usize;
                    if seen[c] != n {
                        seen[c] = n;
                        shared[c] = 0;
                        cands.push(c);
                    }
                    shared[c] += 1;
                }
            }
            // The blocks sharing the most distinct uncommon words are the only plausible
            // partners; keeping a fixed number makes the cost linear in the text length.
            // (Selecting them first and sorting only those gives the same list as sorting
            // all: the order is total.) Most shared first, then document order, as one
            // integer per block: `u32::MAX - shared` above twice the block's index (plus
            // one for a class with copies).
            let key = |shared: u32, c: u32| u64::from(u32::MAX - shared) << 32 | u64::from(c);
            // The classes first, by their first blocks: the blocks kept are in the classes
            // whose first block is kept (it comes before the others of its class), at most
            // CANDIDATES_PER_BLOCK of them, which come first among the classes.
            order.clear();
            order.extend(cands.iter().map(|&c| key(shared[c], c as u32)));
            if order.len() > CANDIDATES_PER_BLOCK {
                order.select_nth_unstable(CANDIDATES_PER_BLOCK);
                order.truncate(CANDIDATES_PER_BLOCK);
            }
            order.sort_unstable();
            // Then the other blocks of their classes (at most CANDIDATES_PER_BLOCK of a
            // class: its first ones), in order, merged in.
            more.clear();
            let classes_of_one = order.iter().fold(0, |any, &k| any | k) & 1 == 0;
            if !classes_of_one {
                for &k in order.iter().filter(|&&k| k & 1 != 0) {
                    let high = k & !u64::from(u32::MAX);
                    let mut o = k as u32 >> 1;
                    for _ in 1..CANDIDATES_PER_BLOCK {
                        o = index.next_copy[o as usize];
                        if o == NO_BLOCK {
                            break;
                        }
                        more.push(high | u64::from(o << 1 | 1));
                    }
                }
                more.sort_unstable();
            }
            // Each with its class when a score may serve again: for a class with copies,
            // or when the new text has copies.
            let start = per_new.olds.len();
            let with_class = |k: u64| {
                let o = k as u32 >> 1;
                let class = if copies || k & 1 != 0 {
                    index.class_of[o as usize]
                } else {
                    NO_CLASS
                };
                (o, class)
            };
            if classes_of_one && !copies {
                // (Most often.)
                let olds = order.iter().map(|&k| (k as u32 >> 1, NO_CLASS));
                per_new.olds.extend(olds);
            } else if classes_of_one {
                per_new.olds.extend(order.iter().map(|&k| with_class(k)));
            } else {
                let (mut a, mut b) = (0, 0);
                for _ in 0..CANDIDATES_PER_BLOCK {
                    let k = match (order.get(a), more.get(b)) {
                        (Some(&x), Some(&y)) if y < x => {
                            b += 1;
                            y
                        }
                        (Some(&x), _) => {
                            a += 1;
                            x
                        }
                        (None, Some(&y)) => {
                            b += 1;
                            y
                        }
                        (None, None) => break,
                    };
                    per_new.olds.push(with_class(k));
                }
            }
            per_new.news.push((n as usize, start..per_new.olds.len()));
        }
        per_new
    }

    /// The candidate pairs scoring at least [`PAIR_MIN_SCORE`], as `(score, distance of
    /// their relative positions, old, new)`. A score depends only on the two texts (see
    /// [`Self::pair_score`]): it is computed once for each old text (class of the
    /// candidates) among the candidates of consecutive blocks of one new text.
    fn score_candidates(
        &self,
        per_new: Candidates,
        index: &Postings,
    ) -> Vec<(f64, f64, usize, usize)> {
        let (lo, ln) = (self.old.len().max(1) as f64, self.new.len().max(1) as f64);
        let mut scored = Vec::new();
        let mut counts = WordCounts::new(self.vocabulary());
        // The score of each class with the new text `known[c].0` (its first block).
        let mut known = vec![(u32::MAX, 0.0); index.classes];
        let mut loaded: Option<usize> = None;
        for (n, range) in per_new.news {
            let text = self.new_first[n];
            if loaded.map(|l| self.new_first[l]) != Some(text) {
                if let Some(l) = loaded {
                    counts.unload(self.new_bags.get(l));
                }
                counts.load(self.new_bags.get(n));
                loaded = Some(n);
            }
            for &(o, c) in &per_new.olds[range] {
                let o = o as usize;
                let s = if c == NO_CLASS {
                    self.pair_score(o, n, PAIR_MIN_SCORE, &counts)
                } else {
                    let known = &mut known[c as usize];
                    if known.0 != text {
                        *known = (text, self.pair_score(o, n, PAIR_MIN_SCORE, &counts));
                    }
                    known.1
                };
                if s >= PAIR_MIN_SCORE {
                    let dist = (o as f64 / lo - n as f64 / ln).abs();
                    scored.push((s, dist, o, n));
                }
            }
        }
        scored
    }

    /// Score of pairing old block `o` with new block `n`: the Dice coefficient of their
    /// words; for short blocks 1 when identical, 0.99 when their words agree (numbers
    /// aside), else 0. A heading and a paragraph are scored like any pair (a change of kind
    /// is not an edit).
    /// Returns 0 early when the score cannot reach `min`: when the lengths alone show it
    /// (Dice ≤ 2·min(|A|,|B|) / (|A|+|B|)), or when the words of `o` not yet counted could
    /// no longer lift it to `min` (see [`WordCounts::common_reaching`]). `counts` holds the
    /// words of new block `n` (one new block is scored against many old ones).
    /// The score depends only on the two texts (a block's bag is made from its text alone):
    /// [`Self::score_candidates`] reuses it for copies.
    fn pair_score(&self, o: usize, n: usize, min: f64, counts: &WordCounts) -> f64 {
        let (ob, nb) = (&self.old[o], &self.new[n]);
        let (a, b) = (self.old_bags.get(o), self.new_bags.get(n));
        let (la, lb) = (a.len(), b.len());
        if la >= MIN_FUZZY_WORDS
            && lb >= MIN_FUZZY_WORDS
            && 2.0 * la.min(lb) as f64 / ((la + lb) as f64) < min
        {
            return 0.0;
        }
        if a.len() < MIN_FUZZY_WORDS || b.len() < MIN_FUZZY_WORDS {
            // Short blocks ("**Features**[^5]", "Option 2:") pair only when their words
            // agree, numbers (footnote marks, option numbers) aside; identical ones score 1.
            if ob.text == nb.text {
                1.0
            } else if a.same_words(b)
                || (!a.is_empty() && same_words_but_numbers(&ob.text, &nb.text))
            {
                0.99
            } else {
                0.0
            }
        } else {
            let score = |common: usize| 2.0 * common as f64 / (la + lb) as f64;
            counts
                .common_reaching(a, |most| score(most) >= min)
                .map_or(0.0, score)
        }
    }

    /// Score of pairing two blocks left between the same two in-place neighbours: as
    /// [`Self::pair_score`], except that short blocks also pair on their Dice score when
    /// both are headings, or when the shorter one's words are all in the other and the
    /// score is at least [`SHORT_GAP_MIN_SCORE`] — a renamed
    /// heading (`Mitigation` → `Mitigation and adaptation`) or a title-block line (`Zero
    /// draft` → `Zero draft Rev.1`) is an edit of the line that stands there. `counts`
    /// holds the words of new block `n`.
    fn gap_score(&self, o: usize, n: usize, counts: &WordCounts) -> f64 {
        let s = self.pair_score(o, n, GAP_MIN_SCORE, counts);
        let (a, b) = (self.old_bags.get(o), self.new_bags.get(n));
        let short = a.len() < MIN_FUZZY_WORDS || b.len() < MIN_FUZZY_WORDS;
        // (Blocks that are not short score as in `pair_score`, which may have returned 0
        // for a score below `GAP_MIN_SCORE`; only short ones are scored again.)
        if s > 0.0 || !short || a.is_empty() || b.is_empty() {
            return s;
        }
        let headings = is_heading(&self.old[o]) && is_heading(&self.new[n]);
        let common = counts.common(a);
        let d = dice(common, a.len(), b.len());
        // All the shorter one's words are in the other.
        let contained = common == a.len().min(b.len());
        if short && (headings || (contained && d >= SHORT_GAP_MIN_SCORE)) {
            d
        } else {
            0.0
        }
    }

    /// Pairs what is left between two in-place groups, in order, with the lower
    /// [`GAP_MIN_SCORE`]: a paragraph heavily edited where it stands.
    fn pair_in_gaps(&mut self, budget: &Budget) {
        let mut anchors: Vec<(usize, usize, usize, usize)> = self
            .groups
            .iter()
            .filter(|g| !g.moved)
            .map(|g| {
                (
                    g.old[0],
                    g.old[g.old.len() - 1],
                    g.new[0],
                    g.new[g.new.len() - 1],
                )
            })
            .collect();
        anchors.sort_unstable_by_key(|a| a.2);
        let mut bounds = Vec::with_capacity(anchors.len() + 1);
        let (mut o0, mut n0) = (0, 0);
        for &(ofirst, olast, nfirst, nlast) in &anchors {
            bounds.push((o0..ofirst.max(o0), n0..nfirst.max(n0)));
            o0 = olast + 1;
            n0 = nlast + 1;
        }
        bounds.push((o0..self.old.len().max(o0), n0..self.new.len().max(n0)));
        let mut spent = 0usize;
        let mut counts = WordCounts::new(self.vocabulary());
        let mut skipped = 0usize;
        for (orange, nrange) in bounds {
            let olds: Vec<usize> = orange.filter(|&o| self.old_group[o].is_none()).collect();
            let news: Vec<usize> = nrange.filter(|&n| self.new_group[n].is_none()).collect();
            if olds.is_empty() || news.is_empty() {
                continue;
            }
            let cost = olds.len() * news.len();
            if spent + cost > budget.max_candidate_pairs {
                skipped += 1;
                continue;
            }
            spent += cost;
            // The pairs kept are those in order with the highest total score (a weighted
            // alignment of the two stretches): three copies of a paragraph with the middle
            // one edited pair copy with copy and edit with edit, where taking the best
            // single pairs first could pair the first copy with the third.
            let (a, b) = (olds.len(), news.len());
            let mut score = vec![f64::NAN; a * b];
            for (j, &n) in news.iter().enumerate() {
                counts.load(self.new_bags.get(n));
                for (i, &o) in olds.iter().enumerate() {
                    let s = self.gap_score(o, n, &counts);
                    if s >= GAP_MIN_SCORE {
                        score[i * b + j] = s;
                    }
                }
                counts.unload(self.new_bags.get(n));
            }
            // best[i * (b + 1) + j]: highest total over the first i olds and j news.
            let at = |i: usize, j: usize| i * (b + 1) + j;
            let mut best = vec![0.0f64; (a + 1) * (b + 1)];
            for i in 1..=a {
                for j in 1..=b {
                    let mut v = best[at(i - 1, j)].max(best[at(i, j - 1)]);
                    let s = score[(i - 1) * b + j - 1];
                    if !s.is_nan() {
                        v = v.max(best[at(i - 1, j - 1)] + s);
                    }
                    best[at(i, j)] = v;
                }
            }
            let mut taken = Vec::new();
            let (mut i, mut j) = (a, b);
            // Back from the end; on equal totals a later old block is left out first, so
            // that a new block pairs with the earliest old one that does as well.
            while i > 0 && j > 0 {
                let s = score[(i - 1) * b + j - 1];
                if best[at(i, j)] == best[at(i - 1, j)] {
                    i -= 1;
                } else if !s.is_nan() && best[at(i, j)] == best[at(i - 1, j - 1)] + s {
                    taken.push((olds[i - 1], news[j - 1], s));
                    i -= 1;
                    j -= 1;
                } else {
                    j -= 1;
                }
            }
            for (o, n, s) in taken.into_iter().rev() {
                self.pair(o, n, s, Evidence::Similar);
            }
        }
        if skipped > 0 {
            self.notices.push(format!(
                "alignment budget: {skipped} stretch(es) of unmatched paragraphs were too large \
                 to compare pairwise within the limit of {} pairs; their paragraphs show as \
                 deleted and added",
                budget.max_candidate_pairs
            ));
        }
    }

    fn splits_and_merges(&mut self) {
        let mut counts = WordCounts::new(self.vocabulary());
        // Splits: old block o → adjacent new blocks.
        let windows = seed_windows(&self.old_group, &self.groups, |g| &g.new, self.new.len());
        for (o, window) in windows.into_iter().enumerate() {
            if is_heading(&self.old[o]) {
                continue;
            }
            if let Some((new, score)) = grow(
                o,
                self.old_group[o],
                window,
                &self.groups,
                &self.old_bags,
                &self.new_bags,
                &self.new_group,
                self.new,
                |g| &g.new,
                &mut counts,
            ) {
                self.regroup(GroupKind::Split, vec![o], new, score, self.old_group[o]);
            }
        }
        // Merges: adjacent old blocks → new block n.
        let windows = seed_windows(&self.new_group, &self.groups, |g| &g.old, self.old.len());
        for (n, window) in windows.into_iter().enumerate() {
            if is_heading(&self.new[n]) {
                continue;
            }
            if let Some((old, score)) = grow(
                n,
                self.new_group[n],
                window,
                &self.groups,
                &self.new_bags,
                &self.old_bags,
                &self.old_group,
                self.old,
                |g| &g.old,
                &mut counts,
            ) {
                self.regroup(GroupKind::Merge, old, vec![n], score, self.new_group[n]);
            }
        }
    }

    /// Replaces group `existing` (if any) by a split or merge group.
    fn regroup(
        &mut self,
        kind: GroupKind,
        old: Vec<usize>,
        new: Vec<usize>,
        score: f64,
        existing: Option<usize>,
    ) {
        let group = Group {
            kind,
            old,
            new,
            score,
            moved: false,
            evidence: Evidence::Similar,
        };
        match existing {
            Some(id) => {
                for &o in &group.old {
                    self.old_group[o] = Some(id);
                }
                for &n in &group.new {
                    self.new_group[n] = Some(id);
                }
                self.groups[id] = group;
            }
            None => self.push(group),
        }
    }

    fn classify_moves(&mut self) {
        loop {
            // The groups in old order and in new order: each group once, at its first block
            // (blocks are in one group at most).
            let in_order = |group: &[Option<usize>], first: fn(&Group) -> usize| -> Vec<usize> {
                (0..group.len())
                    .filter_map(|i| group[i].filter(|&g| first(&self.groups[g]) == i))
                    .collect()
            };
            let by_old = in_order(&self.old_group, |g| g.old[0]);
            let by_new = in_order(&self.new_group, |g| g.new[0]);
            debug_assert_eq!(by_old.len(), self.groups.len());
            debug_assert_eq!(by_new.len(), self.groups.len());
            let ops = capture_diff_slices_deadline(
                Algorithm::Myers,
                &by_old,
                &by_new,
                Some(sequence_deadline()),
            );
            let mut in_place = vec![false; self.groups.len()];
            for op in ops {
                if let DiffOp::Equal { old_index, len, .. } = op {
                    for &g in &by_old[old_index..old_index + len] {
                        in_place[g] = true;
                    }
                }
            }
            // Weak moves are not believable: unpair them and classify again.
            let weak: Vec<usize> = (0..self.groups.len())
                .filter(|&g| {
                    let gr = &self.groups[g];
                    if in_place[g] || gr.evidence == Evidence::Anchors {
                        return false;
                    }
                    // Counted only here, for groups out of place: most blocks paired as
                    // identical never need their words counted.
                    let words = gr
                        .old
                        .iter()
                        .map(|&o| self.old_len(o))
                        .sum::<usize>()
                        .min(gr.new.iter().map(|&n| self.new_len(n)).sum());
                    // A short text found once on each side ("Transfer of units/outcomes")
                    // is a believable move; "Option 2: No text" is not.
                    let unique_identical = gr.kind == GroupKind::Pair && {
                        let (o, n) = (gr.old[0], gr.new[0]);
                        self.old[o].text == self.new[n].text
                            && !self.old_recurs[o]
                            && !self.new_recurs[n]
                            && words >= MIN_FUZZY_WORDS
                    };
                    gr.score < MOVE_MIN_SCORE || (words < MIN_MOVE_WORDS && !unique_identical)
                })
                .collect();
            if weak.is_empty() {
                for (g, &p) in in_place.iter().enumerate() {
                    self.groups[g].moved = !p;
                }
                return;
            }
            let mut is_weak = vec![false; self.groups.len()];
            for &g in &weak {
                is_weak[g] = true;
                // Blocks paired as identical had no bag: the later steps need it.
                for &o in &self.groups[g].old {
                    if self.old_lens[o] == UNCOUNTED {
                        let text = &self.old[o].text;
                        self.old_lens[o] = self.old_bags.remake(o, &mut self.interner, text);
                    }
                }
                for &n in &self.groups[g].new {
                    if self.new_lens[n] == UNCOUNTED {
                        let text = &self.new[n].text;
                        self.new_lens[n] = self.new_bags.remake(n, &mut self.interner, text);
                    }
                }
            }
            let capacity = self.groups.capacity();
            let groups = std::mem::replace(&mut self.groups, Vec::with_capacity(capacity));
            self.old_group.iter_mut().for_each(|x| *x = None);
            self.new_group.iter_mut().for_each(|x| *x = None);
            for (g, group) in groups.into_iter().enumerate() {
                if !is_weak[g] {
                    self.push(group);
                }
            }
        }
    }
}

/// A block's word count not yet known (see [`State::old_len`]).
const UNCOUNTED: usize = usize::MAX;

/// 64-bit hashes of the blocks' texts ([`WordHasher`] over their bytes), computed once:
/// `typo` of each text's [`typographic_key`] (identical blocks are found under it), `raw` of
/// the text as it is (the same number when the text is its own key). Equal hashes only
/// suggest equal texts: the texts are compared before anything is decided on them.
struct TextKeys {
    typo: Vec<u64>,
    raw: Vec<u64>,
}

impl TextKeys {
    fn of(blocks: &[Block]) -> Self {
        let (typo, raw) = blocks
            .iter()
            .map(|b| {
                // Most texts are their own key, as the same pass that hashes them finds.
                let (raw, plain) = hash_and_plain(&b.text);
                if plain {
                    return (raw, raw);
                }
                let mut h = WordHasher::default();
                h.write(typographic_key(&b.text).as_bytes());
                (h.finish(), raw)
            })
            .unzip();
        TextKeys { typo, raw }
    }
}

/// The hash of `text` as [`WordHasher`] writes it, and whether `text` is surely its own
/// [`typographic_key`], in one pass over eight bytes at a time instead of five. A text is
/// its own key when it is ASCII without a backtick and without two spaces or two hyphens in
/// a row; `false` may also come for a text holding another pair of `!$%(),` in a row (its
/// key is then looked up the long way).
fn hash_and_plain(text: &str) -> (u64, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of the lowest zero byte of `v` set, and only bits below it besides (so
    // `HIGH & zeros(v) != 0` exactly when some byte of `v` is zero).
    let zeros = |v: u64| v.wrapping_sub(ONES) & !v;
    let (space, backtick) = (ONES * u64::from(b' '), ONES * u64::from(b'`'));
    // The bits by which `-` (0x2d) differs from a space: a byte xor a space, these bits
    // cleared, is zero for a space, a hyphen or one of `!$%(),`.
    const DASH: u64 = ONES * 0x0d;
    let mut h = WordHasher::default();
    // Bit 7 of some byte set when a byte is not ASCII, a backtick, or the second of a pair.
    let mut found = 0;
    // The byte before the first is no space (and no other byte: it is not a pair).
    let mut last = u64::MAX;
    let mut word = |x: u64| {
        h.write_u64(x);
        // Zero where a byte equals the byte before it.
        let repeat = x ^ (x << 8 | last >> 56);
        found |= x | zeros(x ^ backtick) | zeros(repeat | (x ^ space) & !DASH);
        last = x;
    };
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        word(u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Zero-padded, as `WordHasher::write` hashes it; a zero byte is no backtick and
        // not one of a pair looked for.
        word(load8(rest, 0));
    }
    (h.finish(), found & HIGH == 0)
}

/// Whether each block's text occurs more than once among `blocks`, and the index of the
/// first block of the same text (its own for a text that occurs once), given the hashes of
/// the texts (`raw`, as in [`TextKeys`]): blocks are counted by hash, and a text is
/// compared only with the first text of its hash. Should two different texts ever share a
/// hash, the texts themselves are counted instead.
fn recurring(blocks: &[Block], raw: &[u64]) -> (Vec<bool>, Vec<u32>) {
    let mut first: HashMap<u64, (usize, u32), BuildHasherDefault<KeyHasher>> =
        HashMap::with_capacity_and_hasher(blocks.len(), Default::default());
    for (i, (b, &k)) in blocks.iter().zip(raw).enumerate() {
        let (f, count) = first.entry(k).or_insert((i, 0));
        if *f != i && blocks[*f].text != b.text {
            return recurring_texts(blocks);
        }
        *count += 1;
    }
    raw.iter()
        .map(|k| {
            let (f, count) = first[k];
            (count > 1, f as u32)
        })
        .unzip()
}

/// [`recurring`] by the texts themselves.
fn recurring_texts(blocks: &[Block]) -> (Vec<bool>, Vec<u32>) {
    let mut first: HashMap<&str, (usize, u32)> = HashMap::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        first.entry(b.text.as_str()).or_insert((i, 0)).1 += 1;
    }
    blocks
        .iter()
        .map(|b| {
            let (f, count) = first[b.text.as_str()];
            (count > 1, f as u32)
        })
        .unzip()
}

/// Identical blocks (same kind of block, same text) that kept their relative order, among
/// the blocks not yet in a group: `(old index, new index)` pairs in order. `keys` are the
/// hashes of the blocks' typographic keys ([`TextKeys::typo`]), old and new.
fn identical_pairs(
    old: &[Block],
    new: &[Block],
    keys: (&[u64], &[u64]),
    old_group: &[Option<usize>],
    new_group: &[Option<usize>],
) -> Vec<(usize, usize)> {
    // Blocks are compared by a 64-bit hash of their text (fast on long sequences); a
    // pair is kept only when the texts really are equal. (difffix: texts are compared
    // typographically folded, and a heading may pair with a paragraph of the same text:
    // a change of kind or of quote style is not an edit.)
    let keyed = |keys: &[u64], group: &[Option<usize>]| -> Vec<(usize, u64)> {
        (0..keys.len())
            .filter(|&i| group[i].is_none())
            .map(|i| (i, keys[i]))
            .collect()
    };
    let (mut old_keyed, mut new_keyed) = (keyed(keys.0, old_group), keyed(keys.1, new_group));
    // Only texts found on both sides can pair here, so the others are left out first
    // (they would only lengthen the diff, Myers being O((N+M)·D) between the anchors).
    // So are short texts that recur on a side (`Option 2: No text`): which copy is which
    // is decided later by position, between the paragraphs paired around them (step 6,
    // [`GAP_MIN_SCORE`]); here the choice would be arbitrary and could make an unmoved
    // paragraph look moved.
    let mut count: HashMap<u64, (u32, u32), BuildHasherDefault<WordHasher>> =
        HashMap::with_capacity_and_hasher(old_keyed.len() + new_keyed.len(), Default::default());
    for &(_, k) in &old_keyed {
        count.entry(k).or_default().0 += 1;
    }
    for &(_, k) in &new_keyed {
        count.entry(k).or_default().1 += 1;
    }
    let pairable = |blocks: &[Block], (i, k): &(usize, u64)| {
        let (o, n) = count.get(k).copied().unwrap_or_default();
        o > 0
            && n > 0
            && ((o == 1 && n == 1)
                || blocks[*i]
                    .text
                    .split_whitespace()
                    .nth(MIN_MOVE_WORDS - 1)
                    .is_some())
    };
    old_keyed.retain(|e| pairable(old, e));
    new_keyed.retain(|e| pairable(new, e));
    let (free_old, ok): (Vec<usize>, Vec<u64>) = old_keyed.into_iter().unzip();
    let (free_new, nk): (Vec<usize>, Vec<u64>) = new_keyed.into_iter().unzip();
    let ops =
        capture_diff_slices_deadline(Algorithm::Patience, &ok, &nk, Some(sequence_deadline()));
    let mut pairs = Vec::new();
    for op in ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                let (o, n) = (free_old[old_index + k], free_new[new_index + k]);
                let (ob, nb) = (&old[o], &new[n]);
                if ob.text == nb.text || typographic_key(&ob.text) == typographic_key(&nb.text) {
                    pairs.push((o, n));
                }
            }
        }
    }
    pairs
}

/// Most pieces searched for the seed of a split or merge of an unmatched block.
const MAX_SEED_WINDOW: usize = 200;

/// For each block of one side, where on the other side its split pieces (or merge parts)
/// may start: between the partners of its nearest matched neighbours, at most
/// [`MAX_SEED_WINDOW`] blocks, so the search stays linear in the text length.
fn seed_windows(
    whole_group: &[Option<usize>],
    groups: &[Group],
    side: impl Fn(&Group) -> &Vec<usize>,
    pieces: usize,
) -> Vec<std::ops::Range<usize>> {
    let n = whole_group.len();
    let partner = |i: usize| whole_group[i].map(|g| side(&groups[g])[0]);
    let mut prev = Vec::with_capacity(n);
    let mut last = 0;
    for i in 0..n {
        prev.push(last);
        if let Some(p) = partner(i) {
            last = p + 1;
        }
    }
    let mut out = vec![0..0; n];
    let mut next = pieces;
    for i in (0..n).rev() {
        let lo = prev[i].min(next);
        let hi = next.max(lo).min(lo + MAX_SEED_WINDOW);
        out[i] = lo..hi;
        if let Some(p) = partner(i) {
            next = p;
        }
    }
    out
}

/// Tries to grow the whole `w` (an old block for splits, a new block for merges) into a
/// group with adjacent pieces on the other side. Returns the piece indices and the score.
/// `counts`: all zero, and so left.
#[allow(clippy::too_many_arguments)]
fn grow(
    w: usize,
    existing: Option<usize>,
    window: std::ops::Range<usize>,
    groups: &[Group],
    whole_bags: &Bags,
    piece_bags: &Bags,
    piece_group: &[Option<usize>],
    pieces: &[Block],
    side: impl Fn(&Group) -> &Vec<usize>,
    counts: &mut WordCounts,
) -> Option<(Vec<usize>, f64)> {
    let whole = whole_bags.get(w);
    if whole.len() < 2 * MIN_FUZZY_WORDS {
        return None;
    }
    let partner = match existing {
        Some(id) => {
            let g = &groups[id];
            if g.kind != GroupKind::Pair {
                return None;
            }
            Some(side(g)[0])
        }
        None => None,
    };
    counts.load(whole);
    let grown = grow_around(
        whole,
        partner,
        window,
        piece_bags,
        piece_group,
        pieces,
        counts,
    );
    counts.unload(whole);
    grown
}

// The quick test of containment in [`grow_around`] is written for this value.
const _: () = assert!(SPLIT_MIN_CONTAINMENT == 0.75);

/// [`grow`] once the whole's words are loaded in `counts`: from its in-place `partner`, or
/// else from the fitting piece of `window` with the most words in common with it.
fn grow_around(
    whole: Bag,
    partner: Option<usize>,
    window: std::ops::Range<usize>,
    piece_bags: &Bags,
    piece_group: &[Option<usize>],
    pieces: &[Block],
    counts: &WordCounts,
) -> Option<(Vec<usize>, f64)> {
    // The words piece `p` has in common with the whole, if it fits as a piece: free, no
    // heading, long enough, and contained enough in the whole.
    let fit = |p: usize| {
        let bag = piece_bags.get(p);
        // (A piece holding over 4/3 of the whole's words cannot be 3/4 contained in it: at
        // most `whole.len()` of its words are in common.)
        if piece_group[p].is_some()
            || is_heading(&pieces[p])
            || bag.len() < MIN_FUZZY_WORDS
            || 4 * whole.len() < 3 * bag.len()
        {
            return None;
        }
        let common = counts.common(bag);
        (containment(common, bag.len()) >= SPLIT_MIN_CONTAINMENT).then_some(common)
    };
    let (mut lo, mut hi, base) = match partner {
        Some(p) => (
            p,
            p,
            containment(counts.common(piece_bags.get(p)), whole.len()),
        ),
        None => {
            // Most words in common; the first such piece on ties.
            let (_, seed) = window
                .filter_map(|p| fit(p).map(|common| (common, p)))
                .max_by(|&(ca, a), &(cb, b)| ca.cmp(&cb).then(b.cmp(&a)))?;
            (seed, seed, 0.0)
        }
    };
    while lo > 0 && fit(lo - 1).is_some() {
        lo -= 1;
    }
    while hi + 1 < pieces.len() && fit(hi + 1).is_some() {
        hi += 1;
    }
    if hi == lo {
        return None;
    }
    let all = concat((lo..=hi).map(|p| piece_bags.get(p)));
    // The pieces must cover clearly more of the whole than the existing partner alone.
    let common = counts.common(all.bag());
    let coverage = containment(common, whole.len());
    let score = dice(common, whole.len(), all.len());
    (coverage >= SPLIT_MIN_COVERAGE && coverage > base + 0.1).then(|| ((lo..=hi).collect(), score))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Block {
                kind: BlockKind::Paragraph,
                label: None,
                text: (*t).to_string(),
                anchors: Vec::new(),
                level: 0,
                line: i + 1,
            })
            .collect()
    }

    fn summary(a: &Alignment) -> Vec<(GroupKind, Vec<usize>, Vec<usize>, bool)> {
        a.groups
            .iter()
            .map(|g| (g.kind, g.old.clone(), g.new.clone(), g.moved))
            .collect()
    }

    const A: &str = "Decides to establish a technology mechanism for all Parties";
    const B: &str = "Requests the secretariat to prepare a synthesis report on adaptation";
    const C: &str = "Invites Parties to communicate their nationally determined contributions";
    const D: &str = "Urges developed country Parties to scale up their financial support";

    #[test]
    fn ascii_and_unicode_paths_give_the_same_word_ids() {
        let mut interner = Interner::default();
        let ascii =
            interner.owned_bag("Climate FINANCE for capacity-building, 2020 internationally");
        let unicode =
            interner.owned_bag("climate finance – for capacity building 2020 INTERNATIONALLY");
        assert_eq!(ascii, unicode);
        assert_eq!(ascii.len, 7);
        // Words longer than eight bytes, and words differing only past the eighth byte.
        let a = interner.owned_bag("internationally internationalism");
        assert_eq!(a.words.len(), 2);
        assert_eq!(interner.len(), 8);
        for text in [
            "Climate FINANCE, 2020",
            "ab  c-d9 é",
            "",
            "-- --",
            "Ünïcode WORDS",
        ] {
            assert_eq!(word_total(text), interner.owned_bag(text).len, "{text:?}");
        }
    }

    /// Pseudo-random texts (xorshift, fixed seed) over an alphabet of ASCII letters of both
    /// cases, digits, separators, and non-ASCII letters, marks, CJK and punctuation.
    fn random_texts(count: usize, seed: u64) -> Vec<String> {
        const PIECES: &[&str] = &[
            "a",
            "b",
            "Z",
            "Q",
            "x",
            "7",
            "0",
            " ",
            " ",
            "-",
            ",",
            ".",
            "  ",
            "`",
            "--",
            "internationally",
            "INTERNATIONALISM",
            "Parties",
            "parties",
            "é",
            "É",
            "Σ",
            "ς",
            "°",
            "–",
            "締",
            "約",
            "カ",
            "İ",
            "ß",
            "ǅ",
            "\u{301}",
            "\u{2019}",
            "Option",
            "2:",
        ];
        texts_of(PIECES, count, seed | 1, |r| r % 24, |r| r % 2 == 0)
    }

    /// `count` texts of pieces drawn from `pieces` by a xorshift generator started at
    /// `seed`: each text has `len(r)` pieces and only ASCII ones when `ascii_only(r)`
    /// (`r`, a fresh random number each).
    fn texts_of(
        pieces: &[&str],
        count: usize,
        seed: u64,
        len: impl Fn(u64) -> u64,
        ascii_only: impl Fn(u64) -> bool,
    ) -> Vec<String> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..count)
            .map(|_| {
                let n = len(next());
                let ascii_only = ascii_only(next());
                (0..n)
                    .map(|_| loop {
                        let p = pieces[(next() % pieces.len() as u64) as usize];
                        if !ascii_only || p.is_ascii() {
                            break p;
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The bag as first written: every word through [`unicode_words`], lowercased when it
    /// holds an uppercase letter, keyed by [`word_key`]; ids sorted and counted.
    fn reference_bag(ids: &mut HashMap<u64, u32>, text: &str) -> OwnedBag {
        let mut all: Vec<u32> = unicode_words(text)
            .map(|w| {
                let next = ids.len() as u32;
                let key = if w.chars().any(char::is_uppercase) {
                    word_key(&w.to_lowercase())
                } else {
                    word_key(w)
                };
                *ids.entry(key).or_insert(next)
            })
            .collect();
        all.sort_unstable();
        let mut words: Vec<(u32, u32)> = Vec::new();
        for &w in &all {
            match words.last_mut() {
                Some((last, count)) if *last == w => *count += 1,
                _ => words.push((w, 1)),
            }
        }
        OwnedBag {
            words,
            len: all.len(),
        }
    }

    fn sorted(mut bag: OwnedBag) -> OwnedBag {
        bag.words.sort_unstable();
        bag
    }

    #[test]
    fn bags_match_the_straightforward_computation() {
        let texts = random_texts(400, 0x9e37_79b9_7f4a_7c15);
        let mut interner = Interner::default();
        let mut ids = HashMap::new();
        for text in &texts {
            let expected = reference_bag(&mut ids, text);
            assert_eq!(sorted(interner.owned_bag(text)), expected, "{text:?}");
            assert_eq!(word_total(text), expected.len(), "{text:?}");
        }
        // Bags of a second interner, absorbed: the same bags in the merged ids.
        let (first, second) = texts.split_at(200);
        let mut old = Interner::default();
        for text in first {
            old.owned_bag(text);
        }
        let mut new = Interner::default();
        let mut bags = Bags::default();
        for text in second {
            bags.push(&mut new, Some(text));
        }
        let mut merged = old.absorb(new, &mut bags.words);
        assert_eq!(merged.len(), ids.len());
        for (i, text) in second.iter().enumerate() {
            let bag = bags.get(i);
            let bag = OwnedBag {
                words: bag.words.to_vec(),
                len: bag.len,
            };
            assert_eq!(sorted(bag), sorted(merged.owned_bag(text)), "{text:?}");
        }
    }

    #[test]
    fn ascii_words_read_eight_bytes_at_a_time_match_the_straightforward_computation() {
        // Every word length around the eight-byte chunks, at every distance from the start
        // and the end of the text, between every kind of separator and next to the bytes
        // just outside the ranges of letters and digits.
        let mut interner = Interner::default();
        let mut ids = HashMap::new();
        let word = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        for len in 0..=20 {
            for before in ["", " ", "  -", "@[`{/:", "\t\n  , "] {
                for after in ["", ".", " x", "@[`{/:~", "\u{7f}       "] {
                    for start in [0, 5, 16] {
                        let text = format!("{before}{}{after}", &word[start..start + len]);
                        let expected = reference_bag(&mut ids, &text);
                        assert_eq!(sorted(interner.owned_bag(&text)), expected, "{text:?}");
                    }
                }
            }
        }
        let every_byte: String = (0u8..128).map(char::from).collect();
        let expected = reference_bag(&mut ids, &every_byte);
        assert_eq!(sorted(interner.owned_bag(&every_byte)), expected);
        assert_eq!(expected.len(), 3);
        for x in [
            0u64,
            u64::from_le_bytes(*b"09AZaz@["),
            u64::from_le_bytes(*b"/:`{\x7f\0 _"),
        ] {
            let bits = ascii_alphanumeric_bits(x);
            for (k, byte) in x.to_le_bytes().into_iter().enumerate() {
                let set = bits >> (8 * k) & 0xff;
                assert_eq!(set == 0x80, byte.is_ascii_alphanumeric(), "{byte:#x}");
                assert!(set == 0 || set == 0x80);
            }
        }
    }

    #[test]
    fn ascii_words_then_the_general_path_from_the_first_non_ascii_load_match() {
        // A non-ASCII letter, mark, separator or CJK character at every offset around the
        // eight-byte loads, inside, before and after words of every length: the ASCII scan
        // stops at the load holding it and the general path reads the rest.
        let mut interner = Interner::default();
        let mut ids = HashMap::new();
        for odd in ["é", "É", "\u{301}", "–", "締", "İ"] {
            for before in 0..=17 {
                for word in ["", "a", "Abc", "internationally", "Parties7"] {
                    for (k, sep) in [" ", "", "-"].into_iter().enumerate() {
                        let lead = "ab Cd-ef gh ijklmnop q".repeat(2);
                        let lead = &lead[..before];
                        let text = format!("{lead}{sep}{word}{odd}{word} x{odd}{}", k % 2);
                        let expected = reference_bag(&mut ids, &text);
                        assert_eq!(sorted(interner.owned_bag(&text)), expected, "{text:?}");
                        assert_eq!(word_total(&text), expected.len(), "{text:?}");
                    }
                }
            }
        }
        // The zero-padded loads near the end of a text, as the byte-by-byte computation.
        let bytes: Vec<u8> = (1u8..=20).collect();
        for len in 0..=20 {
            let text = &bytes[..len];
            for i in 0..=len + 9 {
                let expected = (0..8)
                    .filter_map(|k| text.get(i + k).map(|&b| u64::from(b) << (8 * k)))
                    .fold(0, |w, b| w | b);
                assert_eq!(load8(text, i), expected, "{len} {i}");
            }
        }
    }

    #[test]
    fn intersections_through_word_counts_match_a_merge_of_sorted_bags() {
        // The merge of two bags sorted by id, as intersections were first counted.
        fn merged(a: &OwnedBag, b: &OwnedBag) -> usize {
            let (a, b) = (sorted(a.clone()).words, sorted(b.clone()).words);
            let (mut i, mut j, mut n) = (0, 0, 0);
            while i < a.len() && j < b.len() {
                match a[i].0.cmp(&b[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        n += a[i].1.min(b[j].1) as usize;
                        i += 1;
                        j += 1;
                    }
                }
            }
            n
        }
        let mut interner = Interner::default();
        let mut bags: Vec<OwnedBag> = random_texts(120, 0x2545_f491_4f6c_dd1d)
            .iter()
            .map(|t| interner.owned_bag(t))
            .collect();
        // Short bags with the same words in another order.
        bags.push(interner.owned_bag("b a"));
        bags.push(interner.owned_bag("A B"));
        bags.push(interner.owned_bag("a a b"));
        bags.push(interner.owned_bag("b a a"));
        let mut counts = WordCounts::new(interner.len());
        for a in &bags {
            counts.load(a.bag());
            for b in &bags {
                let common = merged(a, b);
                assert_eq!(counts.common(b.bag()), common);
                // Given up on exactly when the intersection falls short.
                for least in 0..=b.len() + 1 {
                    let reaching = counts.common_reaching(b.bag(), |most| most >= least);
                    let expected = (common >= least).then_some(common);
                    assert_eq!(reaching, expected, "{least}");
                }
                assert_eq!(
                    a.bag().same_words(b.bag()),
                    sorted(a.clone()) == sorted(b.clone())
                );
                let (la, lb) = (a.len(), b.len());
                let both_empty = la == 0 && lb == 0;
                let d = if both_empty {
                    1.0
                } else {
                    2.0 * common as f64 / (la + lb) as f64
                };
                assert_eq!(dice(common, la, lb), d);
            }
            counts.unload(a.bag());
            assert!(counts.0.iter().all(|&c| c == 0));
        }
    }

    #[test]
    fn words_but_numbers_compared_on_letters_first_match_the_full_comparison() {
        // Short texts over a small alphabet, so that many pairs agree.
        const PIECES: &[&str] = &[
            "Option", "option", "OPTION", "2", "3.1", "2a", " ", ":", ".", "'", "a", "A", "b", "_",
            "-", "e.g.", "can't", "No", "text", "é", "K", "\u{212a}", "ς", "Σ",
        ];
        let texts = texts_of(
            PIECES,
            300,
            0x1234_5678_9abc_def1,
            |r| 1 + r % 5,
            |r| r % 4 != 0,
        );
        let mut agreeing = 0;
        for a in &texts {
            for b in &texts {
                let expected = words_but_numbers(a) == words_but_numbers(b);
                assert_eq!(same_words_but_numbers(a, b), expected, "{a:?} {b:?}");
                agreeing += usize::from(expected && a != b);
            }
        }
        assert!(agreeing > 100, "{agreeing}");
    }

    #[test]
    fn recurring_texts_found_by_hash_match_the_texts() {
        let texts = ["a", "b", "a", "c", "b b", "d", "b b", "a"];
        let old = blocks(&texts);
        let keys = TextKeys::of(&old);
        let expected = recurring_texts(&old);
        assert_eq!(
            expected,
            (
                vec![true, false, true, false, true, false, true, true],
                vec![0, 1, 0, 3, 4, 5, 4, 0]
            )
        );
        assert_eq!(recurring(&old, &keys.raw), expected);
        // Hashes that collide (all equal) fall back on the texts.
        assert_eq!(recurring(&old, &[7; 8]), expected);
        // Typographic keys: the same hash for texts differing only in quote style.
        let quoted = blocks(&["it\u{2019}s", "it's", "it's  so", "it's so"]);
        let keys = TextKeys::of(&quoted);
        assert_eq!(keys.typo[0], keys.typo[1]);
        assert_ne!(keys.raw[0], keys.raw[1]);
        assert_eq!(keys.raw[1], keys.typo[1]);
        assert_eq!(keys.typo[2], keys.typo[3]);
        for (b, (&t, &r)) in quoted.iter().zip(keys.typo.iter().zip(&keys.raw)) {
            let mut h = WordHasher::default();
            h.write(typographic_key(&b.text).as_bytes());
            assert_eq!(t, h.finish());
            let mut h = WordHasher::default();
            h.write(b.text.as_bytes());
            assert_eq!(r, h.finish());
        }
    }

    #[test]
    fn text_hashes_read_eight_bytes_at_a_time_match_the_straightforward_computation() {
        let check = |text: &str| {
            let mut h = WordHasher::default();
            h.write(text.as_bytes());
            let own_key = matches!(typographic_key(text), std::borrow::Cow::Borrowed(_));
            let (hash, plain) = hash_and_plain(text);
            assert_eq!(hash, h.finish(), "{text:?}");
            // Surely its own key; or else not, or holding a pair of the other bytes.
            let other_pair = ["!!", "$$", "%%", "((", "))", ",,"]
                .iter()
                .any(|p| text.contains(p));
            assert_eq!(plain, own_key && !other_pair, "{text:?}");
        };
        // Each pair that makes a text its own key or not, at every offset around the
        // eight-byte words (and so across their boundary), among near misses.
        for pair in [
            "  ", "--", "`", " -", "- ", "\t\t", "\n ", "é", "\u{2019}", "\u{7f}", "\0\0", "))",
            "((", ",,", ")(", "..", "ee", "!$", "\"\"", "\u{ff}",
        ] {
            for before in 0..=17 {
                for after in 0..=9 {
                    let filler = |n: usize| "a b-c".repeat(4)[..n].to_string();
                    check(&format!("{}{pair}{}", filler(before), filler(after)));
                }
            }
        }
        for text in random_texts(400, 0x5851_f42d_4c95_7f2d) {
            check(&text);
        }
        check("");
    }

    #[test]
    fn moved_paragraph_is_one_move() {
        let a = align(
            &blocks(&[A, B, C, D]),
            &blocks(&[B, C, A, D]),
            &Budget::default(),
        );
        let moved: Vec<_> = summary(&a).into_iter().filter(|g| g.3).collect();
        assert_eq!(moved, vec![(GroupKind::Pair, vec![0], vec![2], true)]);
        assert_eq!(a.groups.len(), 4);
    }

    #[test]
    fn split_and_merge() {
        let whole = format!("{A} and {B}");
        let a = align(
            &blocks(&[&whole, C]),
            &blocks(&[A, B, C]),
            &Budget::default(),
        );
        assert_eq!(
            summary(&a),
            vec![
                (GroupKind::Split, vec![0], vec![0, 1], false),
                (GroupKind::Pair, vec![1], vec![2], false)
            ]
        );
        let a = align(
            &blocks(&[A, B, C]),
            &blocks(&[&whole, C]),
            &Budget::default(),
        );
        assert_eq!(
            summary(&a),
            vec![
                (GroupKind::Merge, vec![0, 1], vec![0], false),
                (GroupKind::Pair, vec![2], vec![1], false)
            ]
        );
    }

    #[test]
    fn long_texts_pair_identical_blocks_among_many_one_sided_ones() {
        // 1,200 blocks a side, every other one rewritten: the one-sided blocks are left out
        // before diffing, and the identical ones still pair in place.
        let old: Vec<String> = (0..1200)
            .map(|i| format!("Paragraph w{i} x{i} y{i} as agreed"))
            .collect();
        let new: Vec<String> = (0..1200)
            .map(|i| {
                if i % 2 == 0 {
                    old[i].clone()
                } else {
                    format!("Rewritten v{i} z{i} q{i} entirely")
                }
            })
            .collect();
        let (old, new): (Vec<&str>, Vec<&str>) = (
            old.iter().map(String::as_str).collect(),
            new.iter().map(String::as_str).collect(),
        );
        let a = align(&blocks(&old), &blocks(&new), &Budget::default());
        let identical: Vec<(usize, usize)> = a
            .groups
            .iter()
            .filter(|g| g.evidence == Evidence::Identical && !g.moved)
            .map(|g| (g.old[0], g.new[0]))
            .collect();
        assert_eq!(identical.len(), 600);
        assert!(identical.iter().all(|&(o, n)| o == n && o % 2 == 0));
        assert_eq!(a.groups.len(), 600);
    }

    #[test]
    fn recurring_short_text_pairs_with_the_copy_beside_its_paragraph() {
        // `Option 2: No text` follows each option 1; the first option 1 is deleted and the
        // second edited. Its `Option 2` is the one kept, and nothing shows as moved.
        const N: &str = "Option 2: No text";
        let a = align(
            &blocks(&[A, N, B, N, C]),
            &blocks(&[&B.replace("synthesis", "summary"), N, C]),
            &Budget::default(),
        );
        assert_eq!(
            summary(&a),
            vec![
                (GroupKind::Pair, vec![2], vec![0], false),
                (GroupKind::Pair, vec![3], vec![1], false),
                (GroupKind::Pair, vec![4], vec![2], false),
            ]
        );
        assert_eq!(a.groups[1].score, 1.0);
    }

    #[test]
    fn renamed_heading_and_title_line_are_edits_in_place() {
        let heading = |t: &str| Block {
            kind: BlockKind::Heading,
            ..blocks(&[t])[0].clone()
        };
        let mut old = blocks(&["Zero draft", "intro", A, "x", B]);
        old[3] = heading("Mitigation");
        let mut new = blocks(&["Zero draft Rev.1", "intro", A, "x", B]);
        new[3] = heading("Mitigation and adaptation");
        let a = align(&old, &new, &Budget::default());
        assert_eq!(
            summary(&a),
            (0..5)
                .map(|i| (GroupKind::Pair, vec![i], vec![i], false))
                .collect::<Vec<_>>()
        );
        // Unrelated short lines in the same place stay a deletion and an addition.
        let a = align(
            &blocks(&["Zero draft", A]),
            &blocks(&["Annex", A]),
            &Budget::default(),
        );
        assert_eq!(
            summary(&a),
            vec![(GroupKind::Pair, vec![1], vec![1], false)]
        );
    }

    #[test]
    fn scoring_on_two_threads_matches_one_thread() {
        // 120 edited paragraphs, a few moved: enough free blocks for the two-thread path;
        // a budget just under 24 × 120 forces the one-thread path (which then trims
        // nothing, as each block has a single candidate).
        let old: Vec<String> = (0..120)
            .map(|i| format!("Paragraph {i} on topic t{i} with terms u{i} v{i} w{i} and x{i}"))
            .collect();
        let mut new: Vec<String> = old.iter().map(|t| t.replace(" and ", " or ")).collect();
        new.swap(10, 90);
        new.swap(40, 41);
        let (old, new): (Vec<&str>, Vec<&str>) = (
            old.iter().map(String::as_str).collect(),
            new.iter().map(String::as_str).collect(),
        );
        let two = align(&blocks(&old), &blocks(&new), &Budget::default());
        let one = align(
            &blocks(&old),
            &blocks(&new),
            &Budget {
                max_candidate_pairs: 120 * CANDIDATES_PER_BLOCK - 1,
            },
        );
        assert_eq!(summary(&two), summary(&one));
        assert!(one.notices.is_empty());
        assert_eq!(two.groups.len(), 120);
        // 10 and 90 swapped: both out of order; 40 and 41: one of them.
        assert_eq!(two.groups.iter().filter(|g| g.moved).count(), 3);
    }

    #[test]
    fn copies_of_a_paragraph_pair_in_order_around_an_edited_copy() {
        // Short recurring texts are paired by position only: copy with copy, edit with edit.
        const P: &str = "The Parties shall reduce emissions.";
        let a = align(
            &blocks(&[P, P, P]),
            &blocks(&[P, &P.replace("reduce", "cut"), P]),
            &Budget::default(),
        );
        assert_eq!(
            summary(&a),
            (0..3)
                .map(|i| (GroupKind::Pair, vec![i], vec![i], false))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn chinese_and_japanese_sentences_pair_on_their_characters() {
        assert_eq!(
            unicode_words("締約国は排出量を削減する。COP21 の決定").collect::<Vec<_>>(),
            [
                "締", "約", "国", "は", "排", "出", "量", "を", "削", "減", "す", "る", "COP21",
                "の", "決", "定"
            ]
        );
        let a = align(
            &blocks(&["締約国は排出量を削減する。", "各締約国は貢献を通報する。"]),
            &blocks(&["締約国は排出量を削除する。", "各締約国は貢献を通報する。"]),
            &Budget::default(),
        );
        assert_eq!(
            summary(&a),
            vec![
                (GroupKind::Pair, vec![0], vec![0], false),
                (GroupKind::Pair, vec![1], vec![1], false)
            ]
        );
        assert_eq!(word_total("締約国は排出量"), 7);
    }

    #[test]
    fn tight_budget_still_aligns_nearby_blocks() {
        let ed = |t: &str| t.replace("Parties", "developing country Parties");
        let a = align(
            &blocks(&[A, C, D]),
            &blocks(&[&ed(A), &ed(C), &ed(D)]),
            &Budget {
                max_candidate_pairs: 1,
            },
        );
        assert_eq!(a.groups.len(), 3);
        assert_eq!(a.notices.len(), 1);
    }

    // The similarity step as it was before the blocks of one text were indexed, and their
    // candidates found and scored, once: the reference for
    // `similar_pairs_found_once_for_each_text_match_those_found_for_each_block`.

    struct FormerCandidates {
        news: Vec<(usize, std::ops::Range<usize>)>,
        olds: Vec<usize>,
    }

    struct FormerPostings {
        starts: Vec<u32>,
        postings: Vec<u32>,
        common_cap: usize,
    }

    impl FormerPostings {
        fn blocks(&self, w: u32) -> &[u32] {
            let w = w as usize;
            &self.postings[self.starts[w] as usize..self.starts[w + 1] as usize]
        }
    }

    impl State<'_> {
        fn former_similar(&mut self, budget: &Budget) -> Vec<(f64, f64, usize, usize)> {
            // A short text that recurs on its side can only pair in place (step 6): which copy
            // is which is a matter of position, not of words.
            let free_old: Vec<usize> = (0..self.old.len())
                .filter(|&o| {
                    self.old_group[o].is_none()
                        && !(self.old_recurs[o] && self.old_len(o) < MIN_MOVE_WORDS)
                })
                .collect();
            let free_new: Vec<usize> = (0..self.new.len())
                .filter(|&n| {
                    self.new_group[n].is_none()
                        && !(self.new_recurs[n] && self.new_len(n) < MIN_MOVE_WORDS)
                })
                .collect();
            if free_old.is_empty() || free_new.is_empty() {
                return Vec::new();
            }
            // Inverted index: word id → free old blocks containing it (each once), as one list
            // cut by word: the blocks of word `w` are `postings[starts[w]..starts[w + 1]]`.
            let mut starts = vec![0u32; self.vocabulary() + 1];
            for &o in &free_old {
                for w in self.old_bags.get(o).distinct() {
                    starts[w as usize + 1] += 1;
                }
            }
            for w in 0..self.vocabulary() {
                starts[w + 1] += starts[w];
            }
            let mut fill = starts.clone();
            let mut postings = vec![0u32; starts[self.vocabulary()] as usize];
            for &o in &free_old {
                for w in self.old_bags.get(o).distinct() {
                    postings[fill[w as usize] as usize] = o as u32;
                    fill[w as usize] += 1;
                }
            }
            // Common words (in more than 1/16 of the blocks, and more than 8) do not propose
            // candidates — a paraphrase keeps some rarer word; they still count in the score.
            let index = FormerPostings {
                starts,
                postings,
                common_cap: (free_old.len() / 16).max(8),
            };
            let mut scored: Vec<(f64, f64, usize, usize)> = if free_new.len() * CANDIDATES_PER_BLOCK
                <= budget.max_candidate_pairs
                && free_new.len() >= PARALLEL_SCORE_BLOCKS
            {
                // Within budget whatever the candidates: the new blocks are shared out between
                // two threads (halves of equal word count), each finding and scoring its
                // blocks' candidates; the results are the same as one after the other.
                let words: usize = free_new.iter().map(|&n| self.new_bags.get(n).len()).sum();
                let mut half = 0;
                let mut so_far = 0;
                while half < free_new.len() && 2 * so_far < words {
                    so_far += self.new_bags.get(free_new[half]).len();
                    half += 1;
                }
                let (first, second) = free_new.split_at(half);
                let this = &*self;
                let index = &index;
                let both = |chunk: &[usize]| {
                    this.former_score_candidates(this.former_candidates(chunk, index))
                };
                std::thread::scope(|scope| {
                    let later = scope.spawn(|| both(second));
                    let mut scored = both(first);
                    scored.extend(
                        later
                            .join()
                            .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                    );
                    scored
                })
            } else {
                let mut per_new = self.former_candidates(&free_new, &index);
                let total = per_new.olds.len();
                if total > budget.max_candidate_pairs {
                    // Coarser: compare each new block only with the old blocks nearest its
                    // relative position.
                    let keep = (budget.max_candidate_pairs / free_new.len()).max(1);
                    self.notices.push(format!(
                        "alignment budget: {total} candidate paragraph pairs exceed the limit of \
                         {}; each paragraph was compared only with the {keep} nearest by \
                         position, so long-distance moves may show as deletions and additions",
                        budget.max_candidate_pairs
                    ));
                    let (lo, ln) = (self.old.len().max(1) as f64, self.new.len().max(1) as f64);
                    for (n, range) in &mut per_new.news {
                        let cands = &mut per_new.olds[range.clone()];
                        let pos = *n as f64 / ln;
                        cands.sort_by(|&a, &b| {
                            let da = (a as f64 / lo - pos).abs();
                            let db = (b as f64 / lo - pos).abs();
                            da.total_cmp(&db).then(a.cmp(&b))
                        });
                        range.end = range.start + range.len().min(keep);
                    }
                }
                self.former_score_candidates(per_new)
            };
            // Best score first; nearer first on ties; then document order (deterministic: each
            // pair is scored once, so the order is total).
            scored.sort_unstable_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then(a.1.total_cmp(&b.1))
                    .then(a.2.cmp(&b.2))
                    .then(a.3.cmp(&b.3))
            });
            scored
        }

        /// For each of the new blocks `news`, the old blocks sharing the most distinct uncommon
        /// words with it (at most [`CANDIDATES_PER_BLOCK`]), most shared first.
        fn former_candidates(&self, news: &[usize], index: &FormerPostings) -> FormerCandidates {
            let mut seen = vec![usize::MAX; self.old.len()];
            let mut shared = vec![0u32; self.old.len()];
            let mut per_new = FormerCandidates {
                news: Vec::with_capacity(news.len()),
                olds: Vec::with_capacity(news.len() * CANDIDATES_PER_BLOCK),
            };
            let (mut cands, mut order) = (Vec::new(), Vec::new());
            for &n in news {
                cands.clear();
                for w in self.new_bags.get(n).distinct() {
                    let list = index.blocks(w);
                    if list.len() > index.common_cap {
                        continue;
                    }
                    for &o in list {
                        let o = o as usize;
                        if seen[o] != n {
                            seen[o] = n;
                            shared[o] = 0;
                            cands.push(o);
                        }
                        shared[o] += 1;
                    }
                }
                // The blocks sharing the most distinct uncommon words are the only plausible
                // partners; keeping a fixed number makes the cost linear in the text length.
                // (Selecting them first and sorting only those gives the same list as sorting
                // all: the order is total.) Most shared first, then document order, as one
                // integer per block.
                order.clear();
                order.extend(
                    cands
                        .iter()
                        .map(|&o: &usize| u64::from(u32::MAX - shared[o]) << 32 | o as u64),
                );
                if order.len() > CANDIDATES_PER_BLOCK {
                    order.select_nth_unstable(CANDIDATES_PER_BLOCK);
                    order.truncate(CANDIDATES_PER_BLOCK);
                }
                order.sort_unstable();
                let start = per_new.olds.len();
                per_new
                    .olds
                    .extend(order.iter().map(|&k| k as u32 as usize));
                per_new.news.push((n, start..per_new.olds.len()));
            }
            per_new
        }

        /// The candidate pairs scoring at least [`PAIR_MIN_SCORE`], as `(score, distance of
        /// their relative positions, old, new)`, in the order given.
        fn former_score_candidates(
            &self,
            per_new: FormerCandidates,
        ) -> Vec<(f64, f64, usize, usize)> {
            let (lo, ln) = (self.old.len().max(1) as f64, self.new.len().max(1) as f64);
            let mut scored = Vec::new();
            let mut counts = WordCounts::new(self.vocabulary());
            for (n, range) in per_new.news {
                counts.load(self.new_bags.get(n));
                for &o in &per_new.olds[range] {
                    let s = self.pair_score(o, n, PAIR_MIN_SCORE, &counts);
                    if s >= PAIR_MIN_SCORE {
                        let dist = (o as f64 / lo - n as f64 / ln).abs();
                        scored.push((s, dist, o, n));
                    }
                }
                counts.unload(self.new_bags.get(n));
            }
            scored
        }
    }

    /// Revisions of `count` paragraphs drawn from `bases` random texts (copies when
    /// `bases` is smaller), over `words` words, common ones more often, some short,
    /// some numbered; the new revision keeps, edits, drops, replaces or copies them, a few
    /// moved.
    fn revisions(count: usize, bases: usize, words: u64, seed: u64) -> (Vec<String>, Vec<String>) {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let word = |next: &mut dyn FnMut() -> u64| {
            let k = (next() % words).min(next() % words);
            match k {
                0 => "Option".to_string(),
                1 => (next() % 4).to_string(),
                2 => "the".to_string(),
                _ => format!("w{k}"),
            }
        };
        let text = |next: &mut dyn FnMut() -> u64| {
            let len = match next() % 8 {
                0 => 1 + next() % 3,
                1 => 4 + next() % 3,
                _ => 6 + next() % 18,
            };
            (0..len)
                .map(|_| word(&mut *next))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let base: Vec<String> = (0..bases).map(|_| text(&mut next)).collect();
        let old: Vec<String> = (0..count)
            .map(|_| base[(next() % bases as u64) as usize].clone())
            .collect();
        let mut new = Vec::with_capacity(count);
        for t in &old {
            match next() % 10 {
                0..=3 => new.push(t.clone()),
                4..=6 => {
                    let mut words: Vec<String> = t.split(' ').map(str::to_string).collect();
                    let at = (next() % words.len() as u64) as usize;
                    match next() % 3 {
                        0 => words[at] = word(&mut next),
                        1 if words.len() > 1 => {
                            words.remove(at);
                        }
                        _ => words.insert(at, word(&mut next)),
                    }
                    new.push(words.join(" "));
                }
                7 => {}
                8 => new.push(text(&mut next)),
                _ => new.push(old[(next() % count as u64) as usize].clone()),
            }
        }
        for _ in 0..count / 20 {
            let (a, b) = (next() % new.len() as u64, next() % new.len() as u64);
            new.swap(a as usize, b as usize);
        }
        (old, new)
    }

    #[test]
    fn similar_pairs_found_once_for_each_text_match_those_found_for_each_block() {
        let budgets = [2_000_000, 3000, 800, 100, 1];
        let (mut threaded, mut coarse, mut copies) = (0, 0, 0);
        for seed in 0..48u64 {
            // Many copies, some, hardly any.
            let count = [120, 300][seed as usize % 2];
            let bases = [count / 8, count / 2, count * 4][seed as usize % 3];
            // Few words (most of them common), more, many (long lists of candidates).
            let words = [48, 200, 600, 1500][seed as usize % 4];
            let (old, new) = revisions(count, bases, words, 0x9e37_79b9_7f4a_7c15 ^ seed);
            let (old, new): (Vec<&str>, Vec<&str>) = (
                old.iter().map(String::as_str).collect(),
                new.iter().map(String::as_str).collect(),
            );
            let (old, new) = (blocks(&old), blocks(&new));
            for max_candidate_pairs in budgets {
                let budget = Budget {
                    max_candidate_pairs,
                };
                let (mut st, _) = State::sure_pairs(&old, &new, &budget);
                let (mut former, _) = State::sure_pairs(&old, &new, &budget);
                let found = st.similar(&budget);
                let expected = former.former_similar(&budget);
                let bits = |v: &[(f64, f64, usize, usize)]| -> Vec<(u64, u64, usize, usize)> {
                    v.iter()
                        .map(|&(s, d, o, n)| (s.to_bits(), d.to_bits(), o, n))
                        .collect()
                };
                assert_eq!(
                    bits(&found),
                    bits(&expected),
                    "{seed} {max_candidate_pairs}"
                );
                assert_eq!(st.notices, former.notices);
                coarse += usize::from(!st.notices.is_empty());
                threaded += usize::from(
                    max_candidate_pairs == budgets[0] && found.len() >= PARALLEL_SCORE_BLOCKS,
                );
                copies += found
                    .windows(2)
                    .filter(|w| old[w[0].2].text == old[w[1].2].text)
                    .count();
            }
            // And the whole alignment, once with the former step.
            let budget = Budget::default();
            let (mut former, by_anchors) = State::sure_pairs(&old, &new, &budget);
            for (s, _, o, n) in former.former_similar(&budget) {
                if former.old_group[o].is_none() && former.new_group[n].is_none() {
                    former.pair(o, n, s, Evidence::Similar);
                }
            }
            former.splits_and_merges();
            former.classify_moves();
            former.pair_in_gaps(&budget);
            let mut groups = former.groups;
            groups.sort_unstable_by_key(|g| g.new[0]);
            let a = align(&old, &new, &budget);
            assert_eq!(a.groups, groups);
            assert_eq!(a.by_anchors, by_anchors);
        }
        // Every path taken, and copies met.
        assert!(
            threaded > 0 && coarse > 0 && copies > 100,
            "{threaded} {coarse} {copies}"
        );
    }
}
