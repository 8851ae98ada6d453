//! Reading Markdown and plain text — including text extracted from a PDF — into blocks.
//!
//! One reader serves zerodraft's own Markdown output, hand-written Markdown and plain text,
//! because negotiating texts circulate in all three and often in a mix (a PDF pasted into a
//! Markdown file). The passes, in order:
//!
//! 1. **Pages.** The text is cut into pages at form feeds (`\f`); a text without form feeds
//!    is cut after each line that can only be a page number (`- 12 -`, `Page 3 of 20`)
//!    and, unless it is Markdown, at each run of three or more blank lines (how text copied
//!    from a PDF viewer shows page breaks).
//! 2. **Headers and footers.** On each page the first and last [`ZONE`] non-blank lines are
//!    looked at. A line there is dropped when it is a page number (`12`, `- 12 -`,
//!    `Page 3 of 20`, `3/20`, `iv`) or when the same line, digits ignored, recurs in the
//!    zones of at least two pages and of at least [`RECUR_SHARE`] of all pages (running
//!    heads, document symbols such as `FCCC/ADP/2015/L.6`, dates). Lines that start with a
//!    numbering label are never dropped. A notice says how many lines went, with an
//!    example, so that the user can check nothing of the text was lost.
//! 3. **Page breaks.** Blank lines next to a page break are layout, not paragraph breaks: a
//!    paragraph continues across the break when its last line does not end a sentence
//!    (`.`, `:`, `;`, `!`, `?`, closing bracket after one of those), when the next page starts
//!    in lower case, or when its last line is a full-width line (at least 85 % of the 90th
//!    percentile of line lengths) — unless the next page starts with a label.
//! 4. **Blocks.** Blank lines end a block; so do Markdown headings (`#`, setext underlines),
//!    list items (`-`, `*`, `+`, `•`), table rows (`| a | b |`, one block per row) and
//!    lines that start with a numbering label (in plain
//!    text, an arabic number starts a block only when the line before ends in punctuation
//!    or is short, so that a wrap before `12. of decision …` is not a new paragraph). In
//!    plain text, where PDF extraction often drops blank lines, a short line followed by
//!    one that starts like a paragraph also ends a block (`plain_break`).
//! 5. **Joining lines** (`join_lines`): hard wraps become one space — except after a
//!    `/`, and between `]` and `[` when the text mostly writes options glued
//!    (`[shall][should]`) rather than spaced; end-of-line hyphenation is undone by the rule
//!    in `dehyphenate`.
//! 6. **Cleaning** each block's text: `<!-- cards: ID ID -->` comments become the block's
//!    anchors (sorted, unique), other HTML comments are dropped, Markdown backslash escapes
//!    are resolved, emphasis markers (`*`, `_`) are removed where they pair up as opener
//!    and closer (`strip_emphasis`; a lone footnote star stays), ligatures (`ﬁ`) and soft
//!    hyphens from PDF extraction are undone, whitespace is collapsed and the text put in
//!    Unicode NFC. **Square brackets are never touched**: they are negotiation brackets.
//! 7. **Labels** are read from the start of each block ([`super::labels`]) and the block's
//!    kind and level are set: `Article N` with a short rest is a heading (a paragraph that
//!    merely starts with "Article 4 of the Convention …" keeps its text and gets no label);
//!    `(a)`, `(iii)` are sub-paragraphs; in plain text (no Markdown heading or card anchor
//!    anywhere) a lone short line without closing punctuation is a heading.
//!
//! Lines end with `\n`, `\r\n` or a lone `\r` (old Mac files), each one line break.
//! Before all this, CriticMarkup changes (`{++ ++}`, `{-- --}`, `{~~ ~> ~~}`) — the form
//! of `zerodraft diff --format md` — are accepted, and the revision's notices say how
//! many (`accept_critic_markup`).
//!
//! Markdown front matter (`---` … `---`) is skipped and its `date:` kept as the revision
//! date; kramdown attribute lines (`{:toc}`) and link reference definitions
//! (`[source]: http://…`) are skipped.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::labels::{disambiguate, scan_label, trim_end_fast, trim_fast, LabelRef};
use crate::diff::words::WordHasher;
use crate::diff::{Block, BlockKind, Label, LabelScheme, Revision};

/// Non-blank lines at the top and at the bottom of each page searched for headers/footers.
pub const ZONE: usize = 2;

/// In plain text without form feeds, this many blank lines in a row mark a page break (text
/// pasted from a PDF viewer often shows page breaks so).
pub const BLANK_RUN_PAGE_BREAK: usize = 3;

/// A plain text whose 90th-percentile line is longer than this many characters is not
/// hard-wrapped: each of its lines is a paragraph.
pub const UNWRAPPED_WIDTH: usize = 200;

/// Share of pages on which a line must recur (in the header/footer zone) to be dropped.
pub const RECUR_SHARE: f64 = 0.4;

/// Words that keep their hyphen when a line break falls after them (`non-\nbinding` →
/// `non-binding`). `inter` is deliberately absent: UN texts write `international`,
/// `intergovernmental` solid.
pub const HYPHEN_PREFIXES: &[&str] = &[
    "non", "self", "co", "cross", "multi", "anti", "ex", "semi", "quasi", "post", "pre", "well",
    "half", "all", "low", "high", "long", "short", "small", "large", "full",
];

/// One line of the text with its 1-based number in the input (0 for the blank line that
/// stands for a page break ending a paragraph, once pages are joined).
#[derive(Debug, Clone)]
struct Line<'a> {
    no: usize,
    text: &'a str,
    /// What the line's bytes hold, as [`split_lines`] found it: `BYTE_*` bits. A bit may be
    /// set for a line that turns out not to hold the thing (a part of a line cut at a form
    /// feed keeps the bits of the whole line), never the other way round.
    held: u8,
}

impl<'a> Line<'a> {
    /// A line known to hold no byte of the `BYTE_*` kinds (the blank line of a page break).
    fn plain(no: usize, text: &'a str) -> Self {
        Line { no, text, held: 0 }
    }
}

/// Reads Markdown or plain text into a [`Revision`] named `name`. Never fails: anything that
/// is not recognised as structure is kept as paragraph text.
pub fn read_text(name: &str, text: &str) -> Revision {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first_lines, first_held) = split_lines(text);
    let cr_text = if first_held & BYTE_CR != 0 {
        lone_cr_as_lf(text)
    } else {
        Cow::Borrowed(text)
    };
    // Every CriticMarkup mark opens with `{` and holds no line break, so it is on a line
    // that holds a `{` (making lone carriage returns line feeds moves no mark).
    let marked = first_lines
        .iter()
        .any(|l| l.held & BYTE_BRACE != 0 && has_critic_mark(l.text));
    let (accepted, changes) = if marked {
        accept_critic_markup(&cr_text)
    } else {
        (Cow::Borrowed(&*cr_text), 0)
    };
    let text: &str = &accepted;
    // A text changed by either step is split anew.
    let (mut lines, held) = if matches!(cr_text, Cow::Owned(_)) || matches!(accepted, Cow::Owned(_))
    {
        split_lines(text)
    } else {
        (first_lines, first_held)
    };
    let mut notices = Vec::new();
    match changes {
        0 => {}
        1 => notices
            .push("1 tracked change (CriticMarkup) was accepted before comparing".to_string()),
        n => notices.push(format!(
            "{n} tracked changes (CriticMarkup) were accepted before comparing"
        )),
    }
    let (date, body_start) = front_matter(&lines);
    lines.drain(..body_start);
    let markdown = lines.iter().any(|l| is_atx_heading(l.text).is_some())
        || (held & BYTE_LT != 0 && text.contains("<!-- cards:"));
    // Form feeds in the body only (front matter is not paged).
    let has_ff = held & BYTE_FF != 0 && lines.iter().any(|l| l.held & BYTE_FF != 0);
    let width = typical_width(&lines);
    let pages = split_pages(lines, markdown, has_ff);
    let (flat, removed) = strip_headers_and_join(pages, width);
    notices.extend(removed);
    let words = WordSets::new(&flat);
    let mut finisher = Finisher::new(&flat, markdown, &words);
    segment(&flat, markdown, width, |rb| finisher.add(rb));
    let blocks = finisher.done();
    Revision {
        name: name.to_string(),
        date,
        blocks,
        notices,
    }
}

/// [`Line::held`] bit: a byte of a non-ASCII character.
const BYTE_HIGH: u8 = 1;
/// A `<` (maybe a `<!-- cards: … -->` anchor).
const BYTE_LT: u8 = 1 << 1;
/// A `\\` (maybe an escape to resolve before reading a label).
const BYTE_BACKSLASH: u8 = 1 << 2;
/// A carriage return (in the line, maybe only the one before its line feed, which is not
/// in its text).
const BYTE_CR: u8 = 1 << 3;
/// A form feed (a page break).
const BYTE_FF: u8 = 1 << 4;
/// A `{` (maybe CriticMarkup).
const BYTE_BRACE: u8 = 1 << 5;

/// The `BYTE_*` bits of one byte (zero for most bytes).
#[inline(always)]
fn byte_class(x: u8) -> u8 {
    flag(x >= 0x80, BYTE_HIGH)
        | flag(x == b'<', BYTE_LT)
        | flag(x == b'\\', BYTE_BACKSLASH)
        | flag(x == b'\r', BYTE_CR)
        | flag(x == 0x0c, BYTE_FF)
        | flag(x == b'{', BYTE_BRACE)
}

/// `bits` when `t` holds, else 0 (without a branch, so that it runs on whole vectors).
#[inline(always)]
fn flag(t: bool, bits: u8) -> u8 {
    u8::from(t) * bits
}

/// The lines of `text`, split at `\n` (a `\r` before it dropped), numbered from 1, each
/// with the `BYTE_*` bits of its bytes ([`Line::held`]); and those of the whole text.
///
/// One chunked pass ([`line_end`]) finds the line feeds and tells the lines holding a byte
/// of some `BYTE_*` kind — few, in most texts — from the others, whose bits are then known
/// to be zero; only the former are read again ([`line_bits`]).
fn split_lines(text: &str) -> (Vec<Line<'_>>, u8) {
    let b = text.as_bytes();
    // Room for lines of 48 bytes on average (negotiating texts run longer): most texts
    // need no copy as the list grows, and room not filled is memory never touched.
    let mut lines = Vec::with_capacity(b.len() / 48 + 1);
    let mut whole = 0;
    let mut start = 0;
    loop {
        let (end, rare) = line_end(b, start);
        let held = if rare {
            line_bits(b.get(start..end).unwrap_or_default())
        } else {
            0
        };
        whole |= held;
        // Line feeds are ASCII, so `start` and `end` are char boundaries.
        let t = text.get(start..end).unwrap_or_default();
        lines.push(Line {
            no: lines.len() + 1,
            text: t.strip_suffix('\r').unwrap_or(t),
            held,
        });
        if end >= b.len() {
            return (lines, whole);
        }
        start = end + 1;
    }
}

/// The [`byte_class`] bits of all bytes of `b`, [`CHUNK`] bytes at a time (not inlined, as
/// [`find_byte`]).
#[inline(never)]
fn line_bits(b: &[u8]) -> u8 {
    let mut seen = 0u128;
    let mut chunks = b.chunks_exact(CHUNK);
    for chunk in chunks.by_ref() {
        if let Ok(chunk) = <&[u8; CHUNK]>::try_from(chunk) {
            seen |= lanes(chunk, byte_class);
        }
    }
    let bits = seen.to_le_bytes().iter().fold(0, |h, &x| h | x);
    chunks
        .remainder()
        .iter()
        .fold(bits, |h, &x| h | byte_class(x))
}

/// The ASCII bytes of the `BYTE_*` kinds ([`byte_class`]).
const FLAGGED_ASCII: [u8; 5] = [b'<', b'\\', b'\r', 0x0c, b'{'];

/// Whether `x` is a byte of some `BYTE_*` kind ([`byte_class`]), as all ones or zero;
/// `ascii` is [`FLAGGED_ASCII`].
#[inline(always)]
fn flagged_byte(x: u8, ascii: &[u8; 5]) -> u8 {
    let mask = |t: bool| 0u8.wrapping_sub(u8::from(t));
    ascii.iter().fold(mask(x >= 0x80), |m, &a| m | mask(x == a))
}

/// The end of the line starting at `from` in `b` (the offset of its line feed, or the end
/// of `b`), and whether the line holds a byte of some `BYTE_*` kind ([`byte_class`]).
/// [`CHUNK`] bytes at a time; not inlined, as [`find_byte`].
#[inline(never)]
fn line_end(b: &[u8], from: usize) -> (usize, bool) {
    let tail = b.get(from..).unwrap_or_default();
    let mask = |t: bool| 0u8.wrapping_sub(u8::from(t));
    // The bytes compared with, as values the compiler does not know: with constants, it
    // folds some comparisons into bit tricks (`\r` or form feed as `x & 0xfe == 0x0c`)
    // that it then cannot do on whole vectors.
    let ascii = std::hint::black_box(FLAGGED_ASCII);
    // Per lane, whether a flagged byte was seen there.
    let mut rare = [0u8; CHUNK];
    let mut chunks = tail.chunks_exact(CHUNK);
    let mut at = from;
    for chunk in chunks.by_ref() {
        let Ok(chunk) = <&[u8; CHUNK]>::try_from(chunk) else {
            break;
        };
        let (mut feeds, mut here) = ([0; CHUNK], [0; CHUNK]);
        for k in 0..CHUNK {
            feeds[k] = mask(chunk[k] == b'\n');
            here[k] = flagged_byte(chunk[k], &ascii);
        }
        let feeds = u128::from_le_bytes(feeds);
        if feeds != 0 {
            // Only the lanes before the line feed are of this line.
            let lane = (feeds.trailing_zeros() / 8) as usize;
            let rare = u128::from_le_bytes(rare) | (u128::from_le_bytes(here) & !lanes_from(lane));
            return (at + lane, rare != 0);
        }
        for k in 0..CHUNK {
            rare[k] |= here[k];
        }
        at += CHUNK;
    }
    let mut rare = u128::from_le_bytes(rare) != 0;
    for &x in chunks.remainder() {
        if x == b'\n' {
            return (at, rare);
        }
        rare |= flagged_byte(x, &ascii) != 0;
        at += 1;
    }
    (at, rare)
}

/// A [`lanes`] mask: all ones in lanes `from` and after (none for `from` past the last).
fn lanes_from(from: usize) -> u128 {
    u32::try_from(8 * from)
        .ok()
        .and_then(|bits| u128::MAX.checked_shl(bits))
        .unwrap_or(0)
}

/// Bytes tested per step by the chunked scans ([`split_lines`], [`find_byte`],
/// [`block_bytes`]): 16, one SSE2 register on x86-64.
const CHUNK: usize = 16;

/// `class` of each byte of `chunk` as one number: byte `k` of its little-endian form is
/// `class(chunk[k])`. Written lane by lane, which the compiler makes vector code of (with
/// `class` branch-free: `|` and `&`, not `||` and `&&`).
#[inline(always)]
fn lanes(chunk: &[u8; CHUNK], class: impl Fn(u8) -> u8) -> u128 {
    let mut m = [0u8; CHUNK];
    for (m, &x) in m.iter_mut().zip(chunk) {
        *m = class(x);
    }
    u128::from_le_bytes(m)
}

/// Whether `b` holds `byte`: 64 bytes at a time, each block's comparisons or-ed without
/// stopping (a few vector instructions per block). Not inlined, as [`find_byte`].
#[inline(never)]
pub(super) fn contains_byte(b: &[u8], byte: u8) -> bool {
    let mut blocks = b.chunks_exact(64);
    for block in blocks.by_ref() {
        let Ok(block) = <&[u8; 64]>::try_from(block) else {
            break;
        };
        let mut seen = 0u8;
        for &x in block {
            seen |= u8::from(x == byte);
        }
        if seen != 0 {
            return true;
        }
    }
    blocks.remainder().contains(&byte)
}

/// Offset of the first `byte` in `b` at or after `from` (`None` also when `from` is past
/// the end), [`CHUNK`] bytes at a time. Not inlined: compiled on its own, the chunk loop
/// is vector code, which it need not be once merged into a caller.
#[inline(never)]
fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    find_byte_where(b, from, |x| x == byte)
}

/// Offset of the first byte of `b` at or after `from` for which `hit` holds, [`CHUNK`]
/// bytes at a time (`hit` branch-free). For non-inlined callers ([`find_byte`]).
#[inline(always)]
fn find_byte_where(b: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> Option<usize> {
    let tail = b.get(from..)?;
    let mut chunks = tail.chunks_exact(CHUNK);
    let mut at = from;
    for chunk in chunks.by_ref() {
        let Ok(chunk) = <&[u8; CHUNK]>::try_from(chunk) else {
            break;
        };
        let m = lanes(chunk, |x| 0u8.wrapping_sub(u8::from(hit(x))));
        if m != 0 {
            // The lowest set byte is the first hit.
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += CHUNK;
    }
    chunks
        .remainder()
        .iter()
        .position(|&x| hit(x))
        .map(|p| at + p)
}

/// `text` with each carriage return that is not followed by a line feed — the line end of
/// old Mac files — made a line feed, so that it breaks the line as `\n` and `\r\n` do. The
/// byte length is unchanged, so positions and line numbers (each line end counts one
/// line) stay those of the file. Borrowed when there is no lone carriage return.
fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !text.contains('\r') || !(0..b.len()).any(lone) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('\r').peekable();
    while let Some(part) = parts.next() {
        out.push_str(part);
        if let Some(next) = parts.peek() {
            out.push(if next.starts_with('\n') { '\r' } else { '\n' });
        }
    }
    Cow::Owned(out)
}

/// Accepts CriticMarkup changes, as in a redline saved by `zerodraft diff --format md`:
/// `{++added++}` → `added`, `{--deleted--}` → nothing, `{~~old~>new~~}` → `new`,
/// `{==highlight==}` → `highlight`, `{>>comment<<}` → nothing. Removed text leaves its line
/// breaks behind so that line numbers still point into the file. Returns the text and the
/// number of insertions, deletions and substitutions accepted. A mark without its closer
/// is left as written.
fn accept_critic_markup(text: &str) -> (Cow<'_, str>, usize) {
    const MARKS: [(&str, &str); 5] = [
        ("{++", "++}"),
        ("{--", "--}"),
        ("{~~", "~~}"),
        ("{==", "==}"),
        ("{>>", "<<}"),
    ];
    if !has_critic_mark(text) {
        return (Cow::Borrowed(text), 0);
    }
    let newlines = |s: &str| "\n".repeat(s.matches('\n').count());
    let mut out = String::with_capacity(text.len());
    let mut changes = 0;
    let mut rest = text;
    // Marks found without a closer. The search for a closer runs to the end of the text,
    // so once it fails for one opener it fails for every later opener of that kind: they
    // are not searched again (else `{++` repeated without `++}` takes quadratic time).
    let mut unclosed = [false; MARKS.len()];
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let found = MARKS
            .iter()
            .enumerate()
            .find(|(k, (open, _))| !unclosed[*k] && tail.starts_with(open))
            .and_then(|(k, (open, close))| {
                let end = tail[open.len()..].find(close);
                unclosed[k] = end.is_none();
                end.map(|e| (open, close, e))
            });
        let Some((open, close, end)) = found else {
            out.push('{');
            rest = &tail[1..];
            continue;
        };
        let body = &tail[open.len()..open.len() + end];
        match *open {
            "{++" => {
                out.push_str(body);
                changes += 1;
            }
            "{--" => {
                out.push_str(&newlines(body));
                changes += 1;
            }
            "{~~" => {
                let (old, new) = body.split_once("~>").unwrap_or(("", body));
                out.push_str(&newlines(old));
                out.push_str(new);
                changes += 1;
            }
            "{==" => out.push_str(body),
            _ => out.push_str(&newlines(body)),
        }
        rest = &tail[open.len() + end + close.len()..];
    }
    out.push_str(rest);
    (Cow::Owned(out), changes)
}

/// Whether `text` holds an opening CriticMarkup mark (`{++`, `{--`, `{~~`, `{==`, `{>>`):
/// one pass over the `{`s, instead of one search per mark.
fn has_critic_mark(text: &str) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = find_byte(b, from, b'{') {
        if let [x, y, ..] = b[i + 1..] {
            if x == y && matches!(x, b'+' | b'-' | b'~' | b'=' | b'>') {
                return true;
            }
        }
        from = i + 1;
    }
    false
}

/// Skips YAML front matter starting on one of the first two non-blank lines. Returns the
/// `date:` value when it starts with `YYYY-MM-DD`, and the index of the first body line.
fn front_matter(lines: &[Line]) -> (Option<String>, usize) {
    let non_blank: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .map(|(i, _)| i)
        .take(2)
        .collect();
    for &start in &non_blank {
        if lines[start].text.trim_end() != "---" {
            continue;
        }
        let mut date = None;
        for (i, l) in lines.iter().enumerate().skip(start + 1) {
            let t = l.text.trim_end();
            if t == "---" || t == "..." {
                if i == start + 1 {
                    break;
                }
                return (date, i + 1);
            }
            let Some((key, value)) = t.split_once(':') else {
                break;
            };
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                break;
            }
            let value = value.trim().trim_matches(['"', '\'']);
            if key == "date" && looks_like_date(value) {
                date = Some(value.to_string());
            }
        }
    }
    (None, 0)
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The lines of a text cut into pages: page `p` is `lines[starts[p]..starts[p + 1]]`, the
/// last one running to the end. There is always at least one page; a page may be empty.
struct Pages<'a> {
    lines: Vec<Line<'a>>,
    starts: Vec<usize>,
}

impl<'a> Pages<'a> {
    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Range of page `p` in `lines`.
    fn range(&self, p: usize) -> std::ops::Range<usize> {
        let end = self.starts.get(p + 1).copied().unwrap_or(self.lines.len());
        self.starts.get(p).copied().unwrap_or(end)..end
    }

    fn page(&self, p: usize) -> &[Line<'a>] {
        self.lines.get(self.range(p)).unwrap_or_default()
    }
}

/// Splits at form feeds (`has_ff`: the text holds one), or — when there is none — after
/// lines that can only be page numbers (`- 12 -`, `Page 3 of 20`) and, outside Markdown,
/// at runs of [`BLANK_RUN_PAGE_BREAK`] or more blank lines.
fn split_pages<'a>(lines: Vec<Line<'a>>, markdown: bool, has_ff: bool) -> Pages<'a> {
    let mut starts = vec![0];
    if has_ff {
        // Lines are cut at the form feeds, each part keeping the line's number.
        let mut parted = Vec::with_capacity(lines.len());
        for l in &lines {
            if l.held & BYTE_FF == 0 {
                parted.push(l.clone());
                continue;
            }
            let mut parts = l.text.split('\u{c}');
            if let Some(first) = parts.next() {
                parted.push(Line { text: first, ..*l });
            }
            for part in parts {
                starts.push(parted.len());
                parted.push(Line { text: part, ..*l });
            }
        }
        return Pages {
            lines: parted,
            starts,
        };
    }
    let mut blank_run = 0;
    for (i, l) in lines.iter().enumerate() {
        if !markdown {
            if l.text.trim().is_empty() {
                blank_run += 1;
            } else {
                if blank_run >= BLANK_RUN_PAGE_BREAK && starts.last().is_some_and(|&s| s < i) {
                    starts.push(i);
                }
                blank_run = 0;
            }
        }
        // A page number starts with `-`, `–`, `—`, `p` or `P`: a line starting with
        // another visible ASCII character, or empty, is none.
        let maybe_page = l
            .text
            .as_bytes()
            .first()
            .is_some_and(|&c| !c.is_ascii_graphic() || matches!(c, b'-' | b'p' | b'P'));
        if maybe_page && is_strong_page_number(trim_fast(l.text)) {
            starts.push(i + 1);
        }
    }
    Pages { lines, starts }
}

/// `- 12 -`, `– 12 –`, `Page 3`, `Page 3 of 20`, `p. 3`.
fn is_strong_page_number(t: &str) -> bool {
    // Every form starts with a dash or with `p`/`P` (the only letters lowercasing to `p`).
    if !t.starts_with(['-', '–', '—', 'p', 'P']) {
        return false;
    }
    let dashes = ['-', '–', '—'];
    if let Some(inner) = t.strip_prefix(dashes).and_then(|r| r.strip_suffix(dashes)) {
        let inner = inner.trim();
        return !inner.is_empty() && inner.len() <= 4 && inner.bytes().all(|b| b.is_ascii_digit());
    }
    // Compared without lowercasing the line: no character but `A`, `G`, `E`, `O`, `F`
    // lowercases to `a`, `g`, `e`, `o`, `f`, and none to whitespace, a digit or `/`, so
    // ASCII case folding of the few letters looked at gives the `to_lowercase` result
    // (`page_number_prefixes_fold_as_lowercase` checks it).
    let rest = strip_prefix_ignore_ascii_case(t, "page")
        .or_else(|| strip_prefix_ignore_ascii_case(t, "p."))
        .map(str::trim_start);
    let Some(rest) = rest else {
        return false;
    };
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return false;
    }
    let tail = rest[n..].trim();
    if tail.is_empty() {
        return true;
    }
    let tail = strip_prefix_ignore_ascii_case(tail, "of")
        .or_else(|| tail.strip_prefix('/'))
        .map(str::trim);
    tail.is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
}

/// `t` without `prefix` (ASCII, lowercase) when `t` starts with it in any ASCII case.
fn strip_prefix_ignore_ascii_case<'t>(t: &'t str, prefix: &str) -> Option<&'t str> {
    let head = t.as_bytes().get(..prefix.len())?;
    // `head` is ASCII when it matches, so `prefix.len()` is a char boundary of `t`.
    if head.eq_ignore_ascii_case(prefix.as_bytes()) {
        t.get(prefix.len()..)
    } else {
        None
    }
}

/// Any page number: the strong forms, a bare number, `3/20`, a lowercase roman numeral.
fn is_page_number(t: &str) -> bool {
    if is_strong_page_number(t) {
        return true;
    }
    let b = t.as_bytes();
    if !b.is_empty() && b.len() <= 4 && b.iter().all(u8::is_ascii_digit) {
        return true;
    }
    if let Some((a, c)) = t.split_once('/') {
        let num = |s: &str| {
            let s = s.trim();
            !s.is_empty() && s.len() <= 4 && s.bytes().all(|x| x.is_ascii_digit())
        };
        if num(a) && num(c) {
            return true;
        }
    }
    !t.is_empty() && t.len() <= 6 && t.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}

/// Key under which header/footer lines are compared: whitespace collapsed, digits as `#`.
fn recurrence_key(t: &str) -> String {
    let mut key = String::new();
    for word in t.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c }),
        );
    }
    key
}

/// Indices of the header/footer zone of a page: first and last [`ZONE`] non-blank lines.
fn zone(page: &[Line]) -> Vec<usize> {
    let non_blank: Vec<usize> = page
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    let mut z: Vec<usize> = non_blank.iter().take(ZONE).copied().collect();
    z.extend(non_blank.iter().rev().take(ZONE).copied());
    z.sort_unstable();
    z.dedup();
    z
}

/// Removes headers, footers and page numbers, and joins the pages. Blank lines around a
/// page break are removed when the paragraph continues across it (rule in the module doc).
/// Also returns a notice saying what was removed, when anything was.
fn strip_headers_and_join<'a>(pages: Pages<'a>, width: usize) -> (Vec<Line<'a>>, Option<String>) {
    if pages.len() == 1 {
        // A single page has no header, footer or page break. Nor has it a line that can
        // only be a page number: `split_pages` ends a page after each such line (and a text
        // with form feeds has more than one page).
        return (pages.lines, None);
    }
    let mut drop = vec![false; pages.lines.len()];
    let (mut page_numbers, mut running) = (0usize, 0usize);
    let mut example: Option<&str> = None;
    let zones: Vec<Vec<usize>> = (0..pages.len()).map(|p| zone(pages.page(p))).collect();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for (p, z) in zones.iter().enumerate() {
        let page = pages.page(p);
        let mut keys: Vec<String> = z.iter().map(|&i| recurrence_key(page[i].text)).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    // Precision loss is irrelevant for page counts.
    #[allow(clippy::cast_precision_loss)]
    let needed = (pages.len() as f64 * RECUR_SHARE).ceil().max(2.0);
    for (p, z) in zones.iter().enumerate() {
        let start = pages.range(p).start;
        let page = pages.page(p);
        for &i in z {
            let t = page[i].text.trim();
            if scan_label(t).is_some() {
                continue;
            }
            #[allow(clippy::cast_precision_loss)]
            let recurring = counts
                .get(&recurrence_key(t))
                .is_some_and(|&c| c as f64 >= needed);
            if is_page_number(t) {
                drop[start + i] = true;
                page_numbers += 1;
            } else if recurring {
                drop[start + i] = true;
                running += 1;
                example.get_or_insert(t);
            }
        }
    }
    let notice = removal_notice(page_numbers, running, example, pages.len());
    let mut flat: Vec<Line> = Vec::with_capacity(pages.lines.len() + pages.len());
    for p in 0..pages.len() {
        let range = pages.range(p);
        let kept: Vec<Line> = pages.lines[range.clone()]
            .iter()
            .zip(&drop[range])
            .filter(|(_, d)| !**d)
            .map(|(l, _)| l.clone())
            .collect();
        if p > 0 && continues_across(&flat, &kept, width) {
            while flat.last().is_some_and(|l| l.text.trim().is_empty()) {
                flat.pop();
            }
            flat.extend(kept.into_iter().skip_while(|l| l.text.trim().is_empty()));
        } else {
            if p > 0 {
                flat.push(Line::plain(0, ""));
            }
            flat.extend(kept);
        }
    }
    (flat, notice)
}

/// "Removed 3 page numbers and 3 running header/footer lines (such as "A/RES/80/99") from
/// 3 pages", or `None` when nothing was removed.
fn removal_notice(
    page_numbers: usize,
    running: usize,
    example: Option<&str>,
    pages: usize,
) -> Option<String> {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = Vec::new();
    if page_numbers > 0 {
        parts.push(plural(page_numbers, "page number", "page numbers"));
    }
    if running > 0 {
        let mut part = plural(
            running,
            "running header/footer line",
            "running header/footer lines",
        );
        if let Some(e) = example {
            let e: String = e.chars().take(60).collect();
            part.push_str(&format!(" (such as \"{e}\")"));
        }
        parts.push(part);
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "removed {} from {}",
        parts.join(" and "),
        plural(pages, "page", "pages")
    ))
}

/// Whether the paragraph at the end of `before` continues on the page `after`.
fn continues_across(before: &[Line], after: &[Line], width: usize) -> bool {
    let Some(last) = before.iter().rev().find(|l| !l.text.trim().is_empty()) else {
        return false;
    };
    let Some(first) = after.iter().find(|l| !l.text.trim().is_empty()) else {
        return false;
    };
    let first = first.text.trim();
    if scan_label(first).is_some() || is_atx_heading(first).is_some() || bullet(first).is_some() {
        return false;
    }
    let last = last.text.trim_end();
    if first.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    if !ends_sentence(last) {
        return true;
    }
    last.chars().count() * 100 >= width * 85 && !last.ends_with(':')
}

/// Ends with `.`, `:`, `;`, `!`, `?`, optionally followed by closing brackets/quotes.
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches([']', ')', '"', '\'', '”', '’', '*', '_']);
    t.ends_with(['.', ':', ';', '!', '?'])
}

/// The 90th percentile of non-blank line lengths in characters (0 for an empty text).
fn typical_width(lines: &[Line]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| {
            let t = trim_end_fast(l.text);
            if l.held & BYTE_HIGH == 0 {
                t.len()
            } else {
                t.chars().count()
            }
        })
        .filter(|&n| n > 0)
        .collect();
    if lens.is_empty() {
        return 0;
    }
    // The value a sort would put at that index.
    let at = (lens.len() * 9 / 10).min(lens.len() - 1);
    *lens.select_nth_unstable(at).1
}

/// `#`…`######` heading: returns (level, text without the markers).
fn is_atx_heading(line: &str) -> Option<(u8, &str)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == b'#').count();
    if n == 0 || n > 6 {
        return None;
    }
    let rest = &t[n..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let rest = rest.trim_end_matches('#');
    let rest = if rest.ends_with(' ') || rest.is_empty() {
        rest.trim_end()
    } else {
        // `# C#` keeps its `#`.
        t[n..].trim()
    };
    Some((u8::try_from(n).unwrap_or(6), rest))
}

/// A list bullet (`- `, `* `, `+ `, `• `, `▪ `): returns (indent in columns, rest).
fn bullet(line: &str) -> Option<(u32, &str)> {
    let t = line.trim_start();
    let mut chars = t.chars();
    if !matches!(chars.next(), Some('-' | '*' | '+' | '•' | '▪' | '◦')) {
        return None;
    }
    let rest = chars.as_str();
    if rest.starts_with([' ', '\t']) && !rest.trim().is_empty() {
        return Some((indent_of(line), rest.trim_start()));
    }
    None
}

/// Leading whitespace in columns (a tab counts 4; at most `u32::MAX`).
fn indent_of(line: &str) -> u32 {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .fold(0u32, |n, c| n.saturating_add(if c == '\t' { 4 } else { 1 }))
}

/// `---`, `***`, `___` (three or more, spaces allowed).
fn is_thematic_break(t: &str) -> bool {
    // Without whitespace, three or more of one marker: stops at the first other character.
    let mut marks = t.chars().filter(|c| !c.is_whitespace());
    let Some(first @ ('-' | '*' | '_')) = marks.next() else {
        return false;
    };
    let mut n = 1;
    for c in marks {
        if c != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// kramdown attribute lists and extensions: `{:toc}`, `{:.no_toc}`, `{::options …}`.
fn is_kramdown_attribute(t: &str) -> bool {
    t.starts_with("{:") && t.ends_with('}')
}

/// A Markdown table line (`| a | b |`): `Some(None)` for the delimiter row (`| --- |`),
/// `Some(Some(row))` for a row — its cells joined by ` | ` (see [`join_cells`]) — and
/// `None` for any other line. Each row is a block of its own.
fn table_row(t: &str) -> Option<Option<String>> {
    if !t.starts_with('|') || t.len() < 2 || !t[1..].contains('|') {
        return None;
    }
    if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t')) {
        return Some(None);
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    // The outer pipes leave an empty first and last cell.
    if cells.first().is_some_and(|c| c.trim().is_empty()) {
        cells.remove(0);
    }
    if cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    Some(Some(join_cells(cells.iter().map(|c| c.trim()))))
}

/// The text of a table row: cells joined by ` | `, except that a first cell holding only a
/// label (`12.`, `PP3`) is joined by a space, so that the row reads as that paragraph.
pub(super) fn join_cells<'c>(cells: impl Iterator<Item = &'c str>) -> String {
    let mut out = String::new();
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            let label_only = i == 1 && scan_label(&out).is_some_and(|(_, rest)| rest.is_empty());
            out.push_str(if label_only { " " } else { " | " });
        }
        out.push_str(cell);
    }
    out
}

/// Link reference definition: `[source]: http://…` (not a footnote `[^1]: …`).
fn is_link_definition(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    if rest.starts_with('^') {
        return false;
    }
    let Some(after) = after_link_label(rest) else {
        return false;
    };
    let url = after.trim();
    !url.is_empty()
        && !url.contains(' ')
        && (url.contains("://") || url.starts_with(['/', '#', '<']) || url.starts_with("mailto:"))
}

/// The text after the first `]:` in `t` (as `split_once("]:")`), found by looking at the
/// colons only.
fn after_link_label(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    let mut from = 0;
    while let Some(at) = t[from..].find(':') {
        let i = from + at;
        if i > 0 && b[i - 1] == b']' {
            return t.get(i + 1..);
        }
        from = i + 1;
    }
    None
}

/// What opened a raw block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    Plain,
    Heading(u8),
    Bullet { indent: u32 },
    Labelled { indent: u32 },
}

/// Lines of one block before cleaning: the first (a table row is made anew) and any more.
/// Most blocks have one line, and then nothing is allocated for them.
#[derive(Debug)]
struct RawBlock<'a> {
    opener: Opener,
    line: usize,
    first: Cow<'a, str>,
    more: Vec<&'a str>,
    /// [`scan_label`] of `first` as it is, when it was read so already (the block's label
    /// need not be read again when its text is `first` unchanged).
    scanned: Option<Scanned<'a>>,
}

impl<'a> RawBlock<'a> {
    /// A block of the one line `first`, part of the line `from`.
    fn new(opener: Opener, from: &Line, first: &'a str) -> Self {
        RawBlock {
            opener,
            line: from.no,
            first: Cow::Borrowed(first),
            more: Vec::new(),
            scanned: None,
        }
    }

    fn last_line(&self) -> &str {
        self.more.last().copied().unwrap_or(&self.first)
    }

    fn is_one_line(&self) -> bool {
        self.more.is_empty()
    }
}

/// Cuts the flattened lines into raw blocks (rule 4 of the module doc), handing each to
/// `emit` in order once it is complete (when the next one starts, or at the end): no list
/// of raw blocks is kept.
fn segment<'a>(
    flat: &[Line<'a>],
    markdown: bool,
    width: usize,
    mut emit: impl FnMut(RawBlock<'a>),
) {
    // The last block started, which lines may still join.
    let mut last: Option<RawBlock<'a>> = None;
    let mut push = |block: RawBlock<'a>, last: &mut Option<RawBlock<'a>>| {
        if let Some(done) = last.replace(block) {
            emit(done);
        }
    };
    let mut open = false;
    let mut i = 0;
    while i < flat.len() {
        let l = &flat[i];
        let t = trim_fast(l.text);
        i += 1;
        let Some(&lead) = t.as_bytes().first() else {
            open = false;
            continue;
        };
        // Each Markdown structure below needs one of these first bytes (the lead bytes of
        // `•`, `▪` and `◦` are from 0x80): the others skip the tests.
        let structural = matches!(
            lead,
            b'{' | b'[' | b'*' | b'-' | b'#' | b'_' | b'=' | b'|' | b'+' | 0x80..
        );
        if structural {
            if is_kramdown_attribute(t) || is_link_definition(t) {
                open = false;
                continue;
            }
            if (t == "* TOC" || t == "- TOC")
                && flat
                    .get(i)
                    .is_some_and(|n| n.text.trim().starts_with("{:toc"))
            {
                continue;
            }
            if let Some((level, text)) = is_atx_heading(l.text) {
                push(RawBlock::new(Opener::Heading(level), l, text), &mut last);
                open = false;
                continue;
            }
            if is_thematic_break(t) {
                // A setext underline turns the paragraph above into a heading.
                let setext = open
                    && (t.starts_with('=') || t.starts_with('-'))
                    && last
                        .as_ref()
                        .is_some_and(|b| b.opener == Opener::Plain && b.is_one_line());
                if setext {
                    if let Some(b) = last.as_mut() {
                        b.opener = Opener::Heading(if t.starts_with('=') { 1 } else { 2 });
                    }
                }
                open = false;
                continue;
            }
            if t.chars().all(|c| c == '=') && open {
                if let Some(b) = last.as_mut() {
                    if b.opener == Opener::Plain && b.is_one_line() {
                        b.opener = Opener::Heading(1);
                        open = false;
                        continue;
                    }
                }
            }
            if let Some(row) = table_row(t) {
                if let Some(row) = row {
                    let block = RawBlock {
                        opener: Opener::Plain,
                        line: l.no,
                        first: Cow::Owned(row),
                        more: Vec::new(),
                        scanned: None,
                    };
                    push(block, &mut last);
                }
                open = false;
                continue;
            }
            if let Some((indent, rest)) = bullet(l.text) {
                push(RawBlock::new(Opener::Bullet { indent }, l, rest), &mut last);
                open = true;
                continue;
            }
        }
        let probed = label_probe(t, l.held & BYTE_BACKSLASH != 0);
        if let Some((label, rest)) = probed.label {
            let (prev, in_list) = match last.as_ref() {
                Some(b) if open => (
                    Some(b.last_line()),
                    matches!(b.opener, Opener::Bullet { .. } | Opener::Labelled { .. }),
                ),
                _ => (None, false),
            };
            if starts_block(label, &rest, prev, markdown && !in_list, width)
                || (markdown && in_list)
            {
                let opener = Opener::Labelled {
                    indent: indent_of(l.text),
                };
                let block = RawBlock {
                    scanned: probed.exact,
                    ..RawBlock::new(opener, l, t)
                };
                push(block, &mut last);
                open = true;
                continue;
            }
        }
        if open {
            if let Some(b) = last.as_mut() {
                if markdown || !plain_break(b.last_line(), t, width) {
                    b.more.push(t);
                    continue;
                }
            }
        }
        let block = RawBlock {
            scanned: probed.exact,
            ..RawBlock::new(Opener::Plain, l, t)
        };
        push(block, &mut last);
        open = true;
    }
    if let Some(done) = last {
        emit(done);
    }
}

/// Whether, in plain text, a paragraph ends between the lines `prev` and `next` although
/// no blank line separates them (PDF extraction often drops the blank lines).
///
/// Always when the text is not hard-wrapped (its typical line is longer than
/// [`UNWRAPPED_WIDTH`] characters, so each line is a paragraph). Otherwise `next` must start
/// like a paragraph — its first letter, after any opening brackets or quotes, is a capital
/// (`Recalling`, `[Noting`, `"Party"`), or it starts with a digit — and `prev` must be
/// short (under 60 % of the typical width) or end a sentence or clause (`.`, `;`, `:`, `!`,
/// `?`, or a comma as preambular paragraphs do, closing brackets allowed after them). After
/// a comma a digit does not count (`Articles 6, 7,` / `8 and 9`). A line starting
/// `Option 1:` (see [`is_option_line`]) always starts a paragraph.
///
/// Measured on the Paris texts laid out by LibreOffice and extracted by `pdftotext` (no
/// blank lines between paragraphs): 494 of 578 blocks (23 October 2015) and 370 of 455
/// (4 December 2015) read exactly as from the unwrapped text; with the short-line cue
/// alone, 411 of 578. Most of the rest are paragraphs whose last line is full and ends
/// without punctuation, and words `pdftotext` itself dehyphenated.
fn plain_break(prev: &str, next: &str, width: usize) -> bool {
    if width > UNWRAPPED_WIDTH {
        return true;
    }
    let prev = prev.trim_end();
    let short = prev.chars().count() * 100 < width * 60;
    let comma = prev.trim_end_matches([']', ')']).ends_with(',');
    let closes = ends_sentence(prev) || comma;
    let core = next.trim_start_matches(['[', '"', '“', '\'', '‘', '*', '_']);
    if is_option_line(core) {
        return true;
    }
    let starts_paragraph = match core.chars().next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_ascii_digit() => core.len() == next.len() && (short || !comma),
        _ => false,
    };
    (short || closes) && starts_paragraph
}

/// `Option 1:`, `Option II:`, `Option A` — how negotiating texts present alternatives, each
/// starting a paragraph of its own.
fn is_option_line(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("Option ") else {
        return false;
    };
    let id: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    !id.is_empty()
        && id.len() <= 4
        && (id.chars().all(|c| c.is_ascii_digit())
            || id.chars().all(|c| "IVX".contains(c))
            || (id.len() == 1 && id.chars().all(|c| c.is_ascii_uppercase())))
        && rest[id.len()..].starts_with([':', ' ', '.'])
}

/// The label a line would start with (its scheme and number), and the rest of the line,
/// once Markdown escapes and leading emphasis are removed (`12\\.`, `**12.**`, `*(a)*`).
/// The rest is borrowed from the line when it holds no backslash. `escaped`: the line may
/// hold a backslash (when false, it is not looked for).
fn label_probe(t: &str, escaped: bool) -> Probed<'_> {
    // A label starts with an ASCII letter or digit or `(`, after whitespace: a line
    // starting with another visible ASCII character (but the `*`, `_` and `\\` removed
    // below) starts with none, as it is or unescaped.
    if t.as_bytes().first().is_some_and(|&c| {
        c.is_ascii_graphic()
            && !c.is_ascii_alphanumeric()
            && !matches!(c, b'(' | b'*' | b'_' | b'\\')
    }) {
        return Probed {
            label: None,
            exact: Some(None),
        };
    }
    // `*` and `_` are ASCII, so this is a char boundary.
    let lead = t.bytes().take_while(|&b| b == b'*' || b == b'_').count();
    let t_read = &t[lead..];
    if !escaped || find_byte(t_read.as_bytes(), 0, b'\\').is_none() {
        let scanned = scan_label(t_read);
        return Probed {
            label: scanned.map(|(l, rest)| (Probe::of(l), Cow::Borrowed(rest))),
            exact: (lead == 0).then_some(scanned),
        };
    }
    let unescaped = unescape_simple(t_read);
    Probed {
        label: scan_label(&unescaped).map(|(l, rest)| (Probe::of(l), Cow::Owned(rest.to_string()))),
        exact: None,
    }
}

/// A line's label as [`label_probe`] reads it.
struct Probed<'a> {
    /// Scheme and number of the label the line starts with, if any, and the rest of it.
    label: Option<(Probe, Cow<'a, str>)>,
    /// [`scan_label`] of the line as it is, when that is what was read (no leading
    /// emphasis or escapes removed first). A block whose text is the line unchanged has
    /// this label: [`classify_cow`] need not read it again.
    exact: Option<Scanned<'a>>,
}

/// What [`scan_label`] returns: the label and the rest of the text, or `None`.
type Scanned<'a> = Option<(LabelRef<'a>, &'a str)>;

/// What [`starts_block`] needs of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Probe {
    scheme: LabelScheme,
    number: Option<u32>,
}

impl Probe {
    fn of(l: LabelRef) -> Self {
        Probe {
            scheme: l.scheme,
            number: l.number,
        }
    }
}

/// Resolves backslash escapes of ASCII punctuation (no marker bookkeeping).
fn unescape_simple(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Whether a line starting with `label` (followed by `rest`) opens a new block after the
/// line `prev` of an open block (`None` when no block is open). After a paragraph line
/// (not a list item, which the caller lets through in Markdown), an arabic number opens one
/// only after a line ending in punctuation (or, in plain text, a short line; in Markdown,
/// or when it is 1), so that a sentence wrapped before `2015. The Parties` goes on. In plain text an `Article` label
/// opens a block only as a heading line (short rest, no closing punctuation).
fn starts_block(
    label: Probe,
    rest: &str,
    prev: Option<&str>,
    markdown: bool,
    width: usize,
) -> bool {
    let Some(prev) = prev else {
        return true;
    };
    let prev = prev.trim_end();
    let ends_in_punct = prev.chars().last().is_some_and(|c| !c.is_alphanumeric());
    if markdown {
        // As in CommonMark, a number continues a paragraph wrapped before it
        // (`adopted in` / `2015. The Parties`) unless the line before ends in punctuation
        // or the number is 1; in a list (the caller's concern) an item always starts one.
        return label.scheme != LabelScheme::Number || ends_in_punct || label.number == Some(1);
    }
    if label.scheme == LabelScheme::Article {
        // `… as stated in its` / `Article 2. In order to …` is a wrap, not a heading.
        return article_heading_rest(rest) && rest.chars().count() <= 60;
    }
    if label.scheme != LabelScheme::Number {
        return true;
    }
    let short = prev.chars().count() * 100 < width * 60;
    ends_in_punct || short
}

/// Document-wide word evidence for undoing hyphenation and joining brackets, gathered
/// from all lines on first use only: most texts have no hyphenated line end and no `]`/`[`
/// line break, and then never pay for it.
struct WordSets<'a> {
    lines: &'a [Line<'a>],
    words: OnceCell<Words>,
    glued: OnceCell<bool>,
}

/// Words of the whole text, lowercase.
struct Words {
    /// Words written solid somewhere.
    solid: HashSet<String, BuildHasherDefault<WordHasher>>,
    /// Hyphenated compounds written on one line somewhere.
    hyphenated: HashSet<String, BuildHasherDefault<WordHasher>>,
}

impl Words {
    /// The words of `lines`: each line's tokens (runs of letters, digits and hyphens), less
    /// the first when the line before ended in a hyphen and the last when this one does (the
    /// halves of a word broken at a line end are no evidence), trimmed of hyphens and
    /// lowercased. ASCII lines are cut byte by byte; one buffer of token ranges serves all
    /// lines.
    fn of(lines: &[Line<'_>]) -> Words {
        let mut words = Words {
            solid: HashSet::default(),
            hyphenated: HashSet::default(),
        };
        let mut after_hyphen = false;
        let mut lower = String::new();
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        for line in lines {
            let text = line.text.trim();
            let ends_hyphen = text.ends_with('-');
            tokens.clear();
            if text.is_ascii() {
                let b = text.as_bytes();
                let mut at = 0;
                while at < b.len() {
                    let Some(start) = b[at..]
                        .iter()
                        .position(|&c| c.is_ascii_alphanumeric() || c == b'-')
                    else {
                        break;
                    };
                    let start = at + start;
                    let end = b[start..]
                        .iter()
                        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'-'))
                        .map_or(b.len(), |n| start + n);
                    tokens.push((start, end));
                    at = end;
                }
            } else {
                let mut start = None;
                for (i, c) in text.char_indices() {
                    match (c.is_alphanumeric() || c == '-', start) {
                        (true, None) => start = Some(i),
                        (false, Some(s)) => {
                            tokens.push((s, i));
                            start = None;
                        }
                        _ => {}
                    }
                }
                if let Some(s) = start {
                    tokens.push((s, text.len()));
                }
            }
            let n = tokens.len();
            for (i, &(start, end)) in tokens.iter().enumerate() {
                if (i == 0 && after_hyphen) || (i + 1 == n && ends_hyphen) {
                    continue;
                }
                let token = text[start..end].trim_matches('-');
                if token.is_empty() {
                    continue;
                }
                if token.is_ascii() {
                    lower.clear();
                    lower.push_str(token);
                    lower.make_ascii_lowercase();
                } else {
                    lower = token.to_lowercase();
                }
                let set = if lower.contains('-') {
                    &mut words.hyphenated
                } else {
                    &mut words.solid
                };
                if !set.contains(lower.as_str()) {
                    set.insert(lower.clone());
                }
            }
            if !text.is_empty() {
                after_hyphen = ends_hyphen;
            }
        }
        words
    }
}

impl<'a> WordSets<'a> {
    fn new(lines: &'a [Line<'a>]) -> Self {
        WordSets {
            lines,
            words: OnceCell::new(),
            glued: OnceCell::new(),
        }
    }

    fn words(&self) -> &Words {
        self.words.get_or_init(|| Words::of(self.lines))
    }

    /// Whether the text mostly writes adjacent negotiation brackets without a space
    /// (`[shall][should]`, counted within lines) rather than spaced (`[shall] [should]`), so
    /// that a line break between `]` and `[` is no space either.
    fn brackets_glued(&self) -> bool {
        *self.glued.get_or_init(|| {
            let (mut glued, mut spaced) = (0usize, 0usize);
            // Both patterns start and end with a non-space, so trimming the lines first
            // would change nothing; neither overlaps itself, so each `]` is counted once.
            for line in self.lines {
                let (g, s) = bracket_joins(line.text.as_bytes());
                glued += g;
                spaced += s;
            }
            glued > spaced
        })
    }
}

/// The number of `][` and of `] [` in `b`: chunks of [`CHUNK`] bytes without `]` are
/// passed over whole (not inlined, as [`find_byte`]), and each `]` is looked at.
#[inline(never)]
fn bracket_joins(b: &[u8]) -> (usize, usize) {
    let (mut glued, mut spaced) = (0, 0);
    let mut tally = |i: usize| match (b.get(i + 1), b.get(i + 2)) {
        (Some(b'['), _) => glued += 1,
        (Some(b' '), Some(b'[')) => spaced += 1,
        _ => {}
    };
    let mut chunks = b.chunks_exact(CHUNK);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let Ok(chunk) = <&[u8; CHUNK]>::try_from(chunk) else {
            break;
        };
        // One or-ed comparison passes over a chunk without `]`.
        if chunk.iter().fold(false, |any, &x| any | (x == b']')) {
            for (k, &x) in chunk.iter().enumerate() {
                if x == b']' {
                    tally(at + k);
                }
            }
        }
        at += CHUNK;
    }
    for (k, &x) in chunks.remainder().iter().enumerate() {
        if x == b']' {
            tally(at + k);
        }
    }
    (glued, spaced)
}

/// Joins the lines of a block, `first` and `more` (rule 5 of the module doc). A block of
/// one line — most blocks of Markdown — is that line trimmed, borrowed.
fn join_lines<'l>(first: &'l str, more: &[&str], words: &WordSets) -> Cow<'l, str> {
    if more.is_empty() {
        return Cow::Borrowed(trim_fast(first));
    }
    Cow::Owned(join_lines_general(
        std::iter::once(first).chain(more.iter().copied()),
        words,
    ))
}

/// [`join_lines`] for any number of lines.
fn join_lines_general<'l>(
    lines: impl IntoIterator<Item = &'l str, IntoIter: Clone>,
    words: &WordSets,
) -> String {
    let lines = lines.into_iter();
    // Room for the lines and a space between each two: the joined text is no longer.
    let mut out = String::with_capacity(lines.clone().map(|l| l.len() + 1).sum());
    for (i, line) in lines.enumerate() {
        let line = line.trim();
        if i == 0 {
            out.push_str(line);
            continue;
        }
        if let Some(stripped) = out.strip_suffix('\u{ad}') {
            let len = stripped.len();
            out.truncate(len);
            out.push_str(line);
            continue;
        }
        let join = if out.ends_with('-') {
            dehyphenate(&out, line, words)
        } else {
            None
        };
        match join {
            Some(Join::Solid) => {
                out.pop();
                out.push_str(line);
            }
            Some(Join::KeepHyphen) => out.push_str(line),
            None => {
                let glued = (out.ends_with(']') && line.starts_with('[') && words.brackets_glued())
                    || out.ends_with('/');
                if !glued {
                    out.push(' ');
                }
                out.push_str(line);
            }
        }
    }
    out
}

/// How to join a line ending in a hyphen with the next one.
#[derive(Debug, PartialEq, Eq)]
enum Join {
    /// `imple-` + `mentation` → `implementation`.
    Solid,
    /// `non-` + `binding` → `non-binding`.
    KeepHyphen,
}

/// The end-of-line hyphenation rule. `before` ends with the hyphen (if any), `after` is the
/// next line. `None` when `before` does not end in a hyphen right after a letter or digit,
/// or `after` does not start with one (then the lines are joined with a space: `2015 -` +
/// `2020` stays two words). Otherwise, with `left` the letters/digits before the hyphen and
/// `right` those starting the next line, the first rule that applies decides:
///
/// 1. `left-right` is written on one line elsewhere in the text → keep the hyphen;
/// 2. `leftright` is written solid elsewhere → join solid;
/// 3. `right` starts with a capital or a digit (`anti-\nDumping`, `COVID-\n19`) → keep;
/// 4. `left` is a prefix in [`HYPHEN_PREFIXES`] (`non`, `self`, `co`, `cross`, `multi`, …)
///    → keep;
/// 5. both `left` and `right` are words of three letters or more that occur on their own
///    elsewhere in the text (`capacity-\nbuilding`) → keep;
/// 6. otherwise join solid (`imple-\nmentation` → `implementation`).
fn dehyphenate(before: &str, after: &str, words: &WordSets) -> Option<Join> {
    let stem = before.strip_suffix('-')?;
    let left: String = {
        let mut rev: Vec<char> = stem
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        rev.reverse();
        rev.into_iter().collect()
    };
    if left.is_empty() {
        return None;
    }
    let first = after.chars().next()?;
    if !first.is_alphanumeric() {
        return None;
    }
    let right: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
    let (l, r) = (left.to_lowercase(), right.to_lowercase());
    let words = words.words();
    if words.hyphenated.contains(&format!("{l}-{r}")) {
        return Some(Join::KeepHyphen);
    }
    if words.solid.contains(&format!("{l}{r}")) {
        return Some(Join::Solid);
    }
    if first.is_uppercase() || first.is_ascii_digit() {
        return Some(Join::KeepHyphen);
    }
    if HYPHEN_PREFIXES.contains(&l.as_str()) {
        return Some(Join::KeepHyphen);
    }
    if l.chars().count() >= 3
        && r.chars().count() >= 3
        && words.solid.contains(&l)
        && words.solid.contains(&r)
    {
        return Some(Join::KeepHyphen);
    }
    Some(Join::Solid)
}

/// Card anchors and cleaned text of a block (rule 6 of the module doc). The text is
/// borrowed when cleaning changes nothing. `held` says what `text` may hold (the
/// [`block_bytes`] bits, or more); `scratch` holds buffers reused from block to block.
fn clean_with<'t>(text: &'t str, held: u8, scratch: &mut Scratch) -> (Cow<'t, str>, Vec<String>) {
    if held & (LT_OR_HIGH | EMPHASIS | SPACING) == 0 {
        // ASCII already collapsed, and nothing to strip: the text is clean.
        return (Cow::Borrowed(text), Vec::new());
    }
    if held & LT_OR_HIGH == 0 {
        return (tidy_ascii(text, held, scratch), Vec::new());
    }
    let Some(first) = find_comment(text) else {
        return (tidy(text), Vec::new());
    };
    let mut anchors = Vec::new();
    let mut rest = String::with_capacity(text.len());
    rest.push_str(&text[..first]);
    let mut s = &text[first..];
    while let Some(start) = find_comment(s) {
        rest.push_str(&s[..start]);
        let after = &s[start + 4..];
        let Some(end) = after.find("-->") else {
            // Unclosed comment: keep the text as it is.
            rest.push_str(&s[start..]);
            s = "";
            break;
        };
        let body = after[..end].trim();
        if let Some(ids) = body.strip_prefix("cards:") {
            anchors.extend(
                ids.split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|id| !id.is_empty())
                    .map(str::to_string),
            );
        }
        rest.push(' ');
        s = &after[end + 3..];
    }
    rest.push_str(s);
    anchors.sort();
    anchors.dedup();
    let tidied = owned_if_changed(tidy(&rest));
    (Cow::Owned(tidied.unwrap_or(rest)), anchors)
}

/// [`block_bytes`]: a `<` or a byte of a non-ASCII character (there may be a comment to
/// remove, or characters to normalise: the general path).
const LT_OR_HIGH: u8 = 1;
/// [`block_bytes`]: a `*`, `_` or `\\` (emphasis or an escape to strip, maybe).
const EMPHASIS: u8 = 2;
/// [`block_bytes`]: whitespace to collapse, maybe: a control byte (tab, line feed, …), two
/// spaces in a row, or a space first or last.
const SPACING: u8 = 4;

/// Which of [`LT_OR_HIGH`], [`EMPHASIS`] and [`SPACING`] the text `b` calls for, found in
/// one chunked pass. Not inlined, as [`find_byte`].
#[inline(never)]
fn block_bytes(b: &[u8]) -> u8 {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return 0;
    };
    let mut seen = BlockLanes::default();
    let n = b.len();
    if n <= CHUNK {
        // One window: the text, then bytes that flag nothing.
        let mut pad = [b'a'; CHUNK + 1];
        if let Some(head) = pad.get_mut(..n) {
            head.copy_from_slice(b);
        }
        seen.add_padded(&pad);
    } else {
        // Each byte but the last, with the byte after it, in windows of `CHUNK` bytes; the
        // last window moved back to end at the last byte but one (windows may overlap).
        let mut i = 0;
        loop {
            let start = i.min(n - CHUNK - 1);
            let here = b.get(start..start + CHUNK);
            let next = b.get(start + 1..=start + CHUNK);
            if let (Some(Ok(here)), Some(Ok(next))) = (
                here.map(<&[u8; CHUNK]>::try_from),
                next.map(<&[u8; CHUNK]>::try_from),
            ) {
                seen.add(here, next);
            }
            if start + CHUNK + 1 >= n {
                break;
            }
            i += CHUNK;
        }
        // The last byte, which has none after it.
        let mut pad = [b'a'; CHUNK + 1];
        pad[0] = last;
        seen.add_padded(&pad);
    }
    let mut held = seen.flags();
    if first == b' ' || last == b' ' {
        held |= SPACING;
    }
    held
}

/// Per lane, whether a byte seen there (with the byte after it) calls for each flag of
/// [`block_bytes`]; one array per flag, so that each lane test is a few vector
/// instructions.
#[derive(Default)]
struct BlockLanes {
    lt_or_high: [u8; CHUNK],
    emphasis: [u8; CHUNK],
    spacing: [u8; CHUNK],
}

impl BlockLanes {
    /// Looks at the bytes of `here`, each with the byte after it, `next` being `here`
    /// moved on by one byte.
    #[inline(always)]
    fn add(&mut self, here: &[u8; CHUNK], next: &[u8; CHUNK]) {
        // All ones for true, so that the test is the vector comparison itself.
        let mask = |t: bool| 0u8.wrapping_sub(u8::from(t));
        for k in 0..CHUNK {
            let (x, y) = (here[k], next[k]);
            self.lt_or_high[k] |= mask(x == b'<') | mask(x >= 0x80);
            self.emphasis[k] |= mask(x == b'*') | mask(x == b'_') | mask(x == b'\\');
            self.spacing[k] |= mask(x < 0x20) | (mask(x == b' ') & mask(y == b' '));
        }
    }

    /// [`BlockLanes::add`] of the first [`CHUNK`] bytes of `w`.
    fn add_padded(&mut self, w: &[u8; CHUNK + 1]) {
        let (Ok(here), Ok(next)) = (
            <&[u8; CHUNK]>::try_from(&w[..CHUNK]),
            <&[u8; CHUNK]>::try_from(&w[1..]),
        ) else {
            return;
        };
        self.add(here, next);
    }

    fn flags(&self) -> u8 {
        let any = |lanes: &[u8; CHUNK]| u128::from_le_bytes(*lanes) != 0;
        flag(any(&self.lt_or_high), LT_OR_HIGH)
            | flag(any(&self.emphasis), EMPHASIS)
            | flag(any(&self.spacing), SPACING)
    }
}

/// [`tidy`] of an ASCII text, told by [`block_bytes`] (`held`) which steps can change it.
/// Stripping emphasis never makes whitespace to collapse: an unpaired run stays, and a
/// run that pairs up is left-flanking (followed by no whitespace) or right-flanking
/// (preceded by none); between an opener and its closer some text is kept (a run is as
/// long as it goes, so they are not adjacent), and pairs nest, so whatever stretch of text
/// is removed has kept non-whitespace on one side at least.
fn tidy_ascii<'t>(text: &'t str, held: u8, scratch: &mut Scratch) -> Cow<'t, str> {
    let stripped = if held & EMPHASIS != 0 {
        strip_emphasis_with(text, scratch)
    } else {
        Cow::Borrowed(text)
    };
    if held & SPACING == 0 {
        return stripped;
    }
    match stripped {
        Cow::Borrowed(t) => collapse_ws(t),
        Cow::Owned(t) => Cow::Owned(owned_if_changed(collapse_ws(&t)).unwrap_or(t)),
    }
}

/// Byte offset of the first `<!--` in `s` (as `s.find("<!--")`), looking at the `<`s only.
fn find_comment(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = s[from..].find('<') {
        let i = from + at;
        if s[i..].starts_with("<!--") {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Emphasis stripped ([`strip_emphasis`]), then [`normalize`]d; borrowed when neither
/// changes anything.
fn tidy(text: &str) -> Cow<'_, str> {
    match strip_emphasis(text) {
        Cow::Borrowed(t) => normalize_cow(t),
        Cow::Owned(t) => Cow::Owned(owned_if_changed(normalize_cow(&t)).unwrap_or(t)),
    }
}

/// The new text when `c` is one, `None` when it borrows (the input stands).
fn owned_if_changed(c: Cow<'_, str>) -> Option<String> {
    match c {
        Cow::Owned(t) => Some(t),
        Cow::Borrowed(_) => None,
    }
}

/// Unicode NFC, PDF ligatures (`ﬁ`) spelled out, soft hyphens removed, whitespace
/// collapsed ([`collapse_ws`]).
pub(super) fn normalize(text: &str) -> String {
    normalize_cow(text).into_owned()
}

/// [`normalize`], borrowing `text` when it is already normal (in NFC, without ligature or
/// soft hyphen, whitespace collapsed).
fn normalize_cow(text: &str) -> Cow<'_, str> {
    // ASCII text is in NFC and holds no ligature or soft hyphen: only whitespace to do.
    if text.is_ascii() {
        return collapse_ws(text);
    }
    // One pass over the characters: a soft hyphen or ligature to undo, and whether all of
    // them are plainly in NFC (then the quick check would say so: it is not run).
    let (mut plain, mut undo) = (true, false);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        match c {
            '\u{ad}' | 'ﬀ'..='ﬆ' => undo = true,
            c if plainly_nfc(c) => {}
            _ => plain = false,
        }
    }
    let nfc = plain || is_nfc_quick(text.chars()) == IsNormalized::Yes;
    if nfc && !undo {
        // The loop below would copy every character as it is.
        return collapse_ws(text);
    }
    let mut out = String::with_capacity(text.len());
    let chars: Box<dyn Iterator<Item = char>> = if nfc {
        Box::new(text.chars())
    } else {
        Box::new(text.nfc())
    };
    for c in chars {
        match c {
            '\u{ad}' => {}
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c => out.push(c),
        }
    }
    Cow::Owned(owned_if_changed(collapse_ws(&out)).unwrap_or(out))
}

/// Whether `c` is in a range of characters of canonical combining class 0 that the quick
/// NFC check passes (NFC_QC=Yes): U+0000–U+02FF (ASCII, Latin letters and signs) and
/// U+2002–U+207F (spaces, dashes, quotes and other general punctuation). A text of such
/// characters only is in NFC, as `is_nfc_quick` would say
/// (`plainly_nfc_characters_pass_the_quick_check` checks each).
fn plainly_nfc(c: char) -> bool {
    matches!(c, '\0'..='\u{2ff}' | '\u{2002}'..='\u{207f}')
}

/// Collapses runs of whitespace (any Unicode whitespace, incl. no-break space) to one space
/// and trims. Borrows `s` when it is collapsed already; otherwise the collapsed start of
/// `s` is copied as it is and the rest collapsed word by word.
pub(super) fn collapse_ws(s: &str) -> Cow<'_, str> {
    let Some(at) = first_uncollapsed(s) else {
        return Cow::Borrowed(s);
    };
    // `s[at]` is whitespace, so no word straddles `at`; `s[..at]` holds its words each
    // followed by one space, the last one maybe without.
    let head = s[..at].strip_suffix(' ').unwrap_or(&s[..at]);
    let mut out = String::with_capacity(s.len());
    out.push_str(head);
    let tail = collapse_ws_general(&s[at..]);
    if !out.is_empty() && !tail.is_empty() {
        out.push(' ');
    }
    out.push_str(&tail);
    Cow::Owned(out)
}

/// Byte offset of the first whitespace in `s` that is not a single space between two
/// non-whitespace characters (a leading, trailing or doubled space, a tab, a no-break
/// space, …), or `None` when `s` is collapsed and trimmed already.
fn first_uncollapsed(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // A space here would be leading (at the start) or doubled.
    let mut after_space = true;
    let mut i = 0;
    // Eight bytes at a time while they are printable ASCII and single spaces; any other
    // eight go through `uncollapsed_in` byte by byte.
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(bytes);
        // A byte below 0x20 (0x20 subtracted borrows) or from 0x80 sets its high bit.
        let unusual = (w.wrapping_sub(SWAR_ONES * 0x20) | w) & SWAR_HIGH;
        let spaces = swar_eq(w, b' ');
        // Doubled within the eight, or a space first after one.
        let doubled = spaces & (spaces << 8) != 0 || (after_space && spaces & 0x80 != 0);
        if unusual != 0 || doubled {
            if let Some(at) = uncollapsed_in(s, i, i + 8, &mut after_space) {
                return Some(at);
            }
        } else {
            after_space = spaces >> 63 != 0;
        }
        i += 8;
    }
    if let Some(at) = uncollapsed_in(s, i, b.len(), &mut after_space) {
        return Some(at);
    }
    (after_space && !b.is_empty()).then(|| b.len() - 1)
}

/// [`first_uncollapsed`] byte by byte over `s[from..to]` (byte offsets, `to` at most
/// `s.len()`), `after_space` saying whether the byte before `from` was a space (or
/// `from` is 0) and updated for the byte before `to`.
fn uncollapsed_in(s: &str, from: usize, to: usize, after_space: &mut bool) -> Option<usize> {
    let b = s.as_bytes().get(from..to)?;
    for (k, &c) in b.iter().enumerate() {
        let i = from + k;
        match c {
            // Printable ASCII, the common case.
            0x21..=0x7e => *after_space = false,
            b' ' => {
                if *after_space {
                    return Some(i);
                }
                *after_space = true;
            }
            // The ASCII characters with the Unicode White_Space property besides the space.
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return Some(i),
            // Lead bytes of the other whitespace characters in UTF-8: U+0085 and U+00A0
            // (C2), U+1680 (E1), U+2000–U+205F (E2), U+3000 (E3). A lead byte starts a
            // character, so `i` is a char boundary there.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                if s.get(i..)
                    .and_then(|r| r.chars().next())
                    .is_none_or(char::is_whitespace)
                {
                    return Some(i);
                }
                *after_space = false;
            }
            // Other control characters and the other bytes of non-ASCII characters.
            _ => *after_space = false,
        }
    }
    None
}

/// Whitespace collapsed as [`collapse_ws`] says, for any text, building a new string.
fn collapse_ws_general(s: &str) -> String {
    if s.is_ascii() {
        // Same result byte by byte: the ASCII characters with the Unicode White_Space
        // property are tab, LF, VT, FF, CR and space.
        let ws = |b: u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
        let mut out = Vec::with_capacity(s.len());
        let mut gap = false;
        for &b in s.as_bytes() {
            if ws(b) {
                gap = true;
            } else {
                if gap && !out.is_empty() {
                    out.push(b' ');
                }
                gap = false;
                out.push(b);
            }
        }
        // ASCII bytes in, ASCII bytes out.
        return String::from_utf8(out).unwrap_or_default();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Resolves backslash escapes and removes emphasis delimiters that pair up.
///
/// The pairing follows CommonMark's delimiter rules, simplified: a run of `*` or `_` can
/// open emphasis when it is left-flanking (not followed by whitespace, and not followed by
/// punctuation unless preceded by whitespace or punctuation), and close it when
/// right-flanking (the mirror image); `_` inside a word (`snake_case`) does neither. A
/// closer removes itself and the nearest opener of the same character. Runs that find no
/// partner stay as written, so a footnote star (`[NDMC*]`) or `3 * 4` survives. Escaped
/// characters (`\*`, `\[`) are kept literally, without the backslash. `s` is borrowed
/// when there is nothing to remove.
fn strip_emphasis(s: &str) -> Cow<'_, str> {
    strip_emphasis_with(s, &mut Scratch::default())
}

/// Buffers of [`strip_emphasis`], kept from one block to the next so that cleaning a block
/// allocates nothing but its text.
#[derive(Debug, Default)]
struct Scratch {
    /// Byte ranges to drop.
    remove: Vec<(usize, usize)>,
    /// Open delimiter runs: (byte, start, end).
    openers: Vec<(u8, usize, usize)>,
}

/// [`strip_emphasis`] with the buffers in `scratch`.
fn strip_emphasis_with<'s>(s: &'s str, scratch: &mut Scratch) -> Cow<'s, str> {
    let b = s.as_bytes();
    let Some(first) = find_emphasis_byte(b, 0) else {
        return Cow::Borrowed(s);
    };
    // Worked in byte offsets: the bytes looked for are ASCII, never part of a longer
    // character. A delimiter run is found unescaped exactly when it is reached here, as
    // escapes are consumed left to right; the character before it is then the one ending
    // at its first byte (an escaped character is the last byte of its escape), and the one
    // after it is read through an escape.
    let ws = |x: Option<char>| x.is_none_or(char::is_whitespace);
    let punct = |x: Option<char>| {
        x.is_some_and(|c| c.is_ascii_punctuation() || matches!(c, '“' | '”' | '‘' | '’'))
    };
    // Byte ranges to drop: escaping backslashes and delimiter runs that pair up.
    let remove = &mut scratch.remove;
    remove.clear();
    // Open delimiter runs: (byte, start, end).
    let openers = &mut scratch.openers;
    openers.clear();
    let mut from = first;
    while let Some(i) = find_emphasis_byte(b, from) {
        let c = b[i];
        if c == b'\\' {
            if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                remove.push((i, i + 1));
                from = i + 2;
            } else {
                from = i + 1;
            }
            continue;
        }
        let mut j = i;
        while b.get(j) == Some(&c) {
            j += 1;
        }
        let before = s.get(..i).and_then(|h| h.chars().next_back());
        let after = match (b.get(j), b.get(j + 1)) {
            (Some(b'\\'), Some(&n)) if n.is_ascii_punctuation() => Some(char::from(n)),
            _ => s.get(j..).and_then(|t| t.chars().next()),
        };
        let left = !ws(after) && (!punct(after) || ws(before) || punct(before));
        let right = !ws(before) && (!punct(before) || ws(after) || punct(after));
        let (can_open, can_close) = if c == b'*' {
            (left, right)
        } else {
            (
                left && (!right || punct(before)),
                right && (!left || punct(after)),
            )
        };
        let partner = if can_close {
            openers.iter().rposition(|(oc, _, _)| *oc == c)
        } else {
            None
        };
        if let Some(k) = partner {
            let (_, os, oe) = openers[k];
            remove.push((os, oe));
            remove.push((i, j));
            openers.truncate(k);
        } else if can_open {
            openers.push((c, i, j));
        }
        from = j;
    }
    if remove.is_empty() {
        return Cow::Borrowed(s);
    }
    remove.sort_unstable();
    let mut out = String::with_capacity(s.len());
    let mut kept = 0;
    for &(start, end) in remove.iter() {
        // The ranges are disjoint and lie on ASCII bytes, hence on char boundaries.
        out.push_str(s.get(kept..start).unwrap_or_default());
        kept = end;
    }
    out.push_str(s.get(kept..).unwrap_or_default());
    Cow::Owned(out)
}

/// Eight bytes at a time ("SIMD within a register"): the constants and the exact test for
/// bytes of a given value. `b & 0x7f` plus `0x7f` never carries into the next byte, so
/// each byte of the result is 0x80 exactly where that byte of `w` is `byte`, else 0.
const SWAR_ONES: u64 = 0x0101_0101_0101_0101;
const SWAR_LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const SWAR_HIGH: u64 = 0x8080_8080_8080_8080;

fn swar_eq(w: u64, byte: u8) -> u64 {
    let x = w ^ (SWAR_ONES * u64::from(byte));
    !(((x & SWAR_LOW7).wrapping_add(SWAR_LOW7)) | x | SWAR_LOW7)
}

/// Offset of the first `*`, `_` or `\` in `b` at or after `from` ([`CHUNK`] bytes at a
/// time; not inlined, as [`find_byte`]).
#[inline(never)]
fn find_emphasis_byte(b: &[u8], from: usize) -> Option<usize> {
    find_byte_where(b, from, |x| (x == b'*') | (x == b'_') | (x == b'\\'))
}

/// Whether a block text reads as a heading in plain text: one short line, at most ten
/// words, whose first letter is a capital (quotes may come before it), not opening with a
/// negotiation bracket, not ending in punctuation that continues or closes a sentence.
fn plain_heading(text: &str) -> bool {
    text.chars().count() <= 80
        && text.split_whitespace().count() <= 10
        && text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_uppercase)
        && !text.starts_with('[')
        && !text.ends_with(['.', ',', ';', ':', ']', ')'])
}

/// Whether the rest of an `Article N` line is short enough to be a heading title.
fn article_heading_rest(rest: &str) -> bool {
    rest.chars().count() <= 100 && !rest.ends_with(['.', ',', ';'])
}

/// Kind, label, text without the label, and level of a block whose cleaned text is `text`.
///
/// `given` is a label known from elsewhere (Word numbering); without one the label is read
/// from the start of `text`. `heading` is the heading level when the source marks the block
/// as a heading (`#`, a Word heading style); `sub_level` the nesting depth when the source
/// marks it as nested (an indented Markdown list item, a Word list level above 0). An
/// `Article N` label makes a heading when the rest is short ([`article_heading_rest`]);
/// otherwise it is not a label at all and stays in the text. A section label typed in the
/// text (`II.`, `B.`) likewise makes a heading (level 1 for roman, 2 for a letter) when the rest reads as a
/// heading ([`plain_heading`]), and is no label otherwise. `(a)` and `(iii)` make
/// sub-paragraphs.
pub(super) fn classify(
    text: &str,
    given: Option<Label>,
    heading: Option<u8>,
    sub_level: Option<u8>,
) -> (BlockKind, Option<Label>, String, u8) {
    classify_cow(Cow::Borrowed(text), given, heading, sub_level, None)
}

/// [`classify`] of a text that may be owned already: the text returned is made once, by
/// moving or cutting `text` when it is owned, else by one copy of exactly its length.
/// `scanned` is [`scan_label`] of `text`, when known already.
fn classify_cow(
    text: Cow<'_, str>,
    given: Option<Label>,
    heading: Option<u8>,
    sub_level: Option<u8>,
    scanned: Option<Scanned<'_>>,
) -> (BlockKind, Option<Label>, String, u8) {
    let (mut kind, mut level) = match (heading, sub_level) {
        (Some(n), _) => (BlockKind::Heading, n),
        (None, Some(n)) => (BlockKind::SubParagraph, n),
        (None, None) => (BlockKind::Paragraph, 0),
    };
    // The label kept, and where the text without it starts (0: all of it).
    let (label, body_at) = match given {
        Some(l) => {
            // A given label is kept apart already: the text is all body.
            let keep = match l.scheme {
                LabelScheme::Article if kind != BlockKind::Heading => {
                    let heading_rest = article_heading_rest(&text);
                    if heading_rest {
                        kind = BlockKind::Heading;
                        level = 1;
                    }
                    heading_rest
                }
                LabelScheme::Letter | LabelScheme::Roman if kind == BlockKind::Paragraph => {
                    kind = BlockKind::SubParagraph;
                    level = 1;
                    true
                }
                _ => true,
            };
            (keep.then_some(l), 0)
        }
        None => match scanned.unwrap_or_else(|| scan_label(&text)) {
            None => (None, 0),
            Some((l, rest)) => {
                let at = text.len() - rest.len();
                if l.is_section() {
                    // `II. Means of implementation` is a heading; `A. Smith said` is not a
                    // label.
                    if kind == BlockKind::Heading || plain_heading(rest) {
                        let level_of = if l.scheme == LabelScheme::Roman { 1 } else { 2 };
                        kind = BlockKind::Heading;
                        level = heading.unwrap_or(level_of);
                        (Some(l.to_label()), at)
                    } else {
                        (None, 0)
                    }
                } else {
                    let keep = match l.scheme {
                        LabelScheme::Article if kind != BlockKind::Heading => {
                            let heading_rest = article_heading_rest(rest);
                            if heading_rest {
                                kind = BlockKind::Heading;
                                level = 1;
                            }
                            heading_rest
                        }
                        LabelScheme::Letter | LabelScheme::Roman
                            if kind == BlockKind::Paragraph =>
                        {
                            kind = BlockKind::SubParagraph;
                            level = 1;
                            true
                        }
                        _ => true,
                    };
                    if keep {
                        (Some(l.to_label()), at)
                    } else {
                        (None, 0)
                    }
                }
            }
        },
    };
    let body = match text {
        Cow::Borrowed(t) => t.get(body_at..).unwrap_or_default().to_string(),
        Cow::Owned(mut t) => {
            // `rest` is a slice of the text, so `body_at` is a char boundary.
            if t.is_char_boundary(body_at) {
                t.replace_range(..body_at, "");
            }
            t
        }
    };
    (kind, label, body, level)
}

/// Turns raw blocks into [`Block`]s, one at a time as [`segment`] hands them on: joins,
/// cleans, reads labels, sets kinds and levels.
struct Finisher<'w> {
    blocks: Vec<Block>,
    scratch: Scratch,
    markdown: bool,
    words: &'w WordSets<'w>,
}

impl<'w> Finisher<'w> {
    /// A finisher for the blocks of the lines `flat`. Each block starts on a line of its
    /// own that is not blank, so there are at most as many blocks as such lines: room for
    /// that many is made at once (room not filled is memory never touched).
    fn new(flat: &[Line], markdown: bool, words: &'w WordSets<'w>) -> Self {
        let most = flat
            .iter()
            .filter(|l| !trim_fast(l.text).is_empty())
            .count();
        Finisher {
            blocks: Vec::with_capacity(most),
            scratch: Scratch::default(),
            markdown,
            words,
        }
    }

    /// Finishes the raw block `rb`, the next in document order.
    fn add(&mut self, rb: RawBlock) {
        let markdown = self.markdown;
        let joined = join_lines(&rb.first, &rb.more, self.words);
        let held = block_bytes(joined.as_bytes());
        let (text, anchors) = match joined {
            Cow::Borrowed(t) => clean_with(t, held, &mut self.scratch),
            Cow::Owned(t) => match clean_with(&t, held, &mut self.scratch) {
                (Cow::Owned(c), anchors) => (Cow::Owned(c), anchors),
                (Cow::Borrowed(_), anchors) => (Cow::Owned(t), anchors),
            },
        };
        if text.is_empty() {
            // An anchor comment on a line of its own belongs to the block before it.
            if let Some(prev) = self.blocks.last_mut() {
                prev.anchors.extend(anchors);
                prev.anchors.sort();
                prev.anchors.dedup();
            }
            return;
        }
        let heading = match rb.opener {
            Opener::Heading(n) => Some(n),
            _ => None,
        };
        let sub_level = match rb.opener {
            Opener::Bullet { indent } | Opener::Labelled { indent } if markdown && indent >= 2 => {
                Some(1)
            }
            _ => None,
        };
        // The label read with the line, when the text is that line as it is.
        let scanned = rb
            .scanned
            .filter(|_| rb.is_one_line() && std::ptr::eq(text.as_ref(), rb.first.as_ref()));
        let (mut kind, label, body, mut level) =
            classify_cow(text, None, heading, sub_level, scanned);
        if !markdown
            && label.is_none()
            && kind == BlockKind::Paragraph
            && rb.opener == Opener::Plain
            && rb.is_one_line()
            && plain_heading(&body)
        {
            kind = BlockKind::Heading;
            level = 1;
        }
        self.blocks.push(Block {
            kind,
            label,
            text: body,
            anchors,
            level,
            line: rb.line,
        });
    }

    /// The blocks, once all raw blocks are added.
    fn done(mut self) -> Vec<Block> {
        resolve_sub_labels(&mut self.blocks);
        self.blocks
    }
}

/// Second pass over sub-paragraphs: the roman-or-letter rule ([`disambiguate`]) and levels
/// (roman under a lettered sub-paragraph is level 2).
pub(super) fn resolve_sub_labels(blocks: &mut [Block]) {
    let mut previous: Option<Label> = None;
    let mut letter_seen = false;
    for i in 0..blocks.len() {
        if blocks[i].kind != BlockKind::SubParagraph {
            if blocks[i].kind == BlockKind::Heading
                || blocks[i].label.as_ref().is_some_and(|l| {
                    l.scheme != LabelScheme::Letter && l.scheme != LabelScheme::Roman
                })
            {
                previous = None;
                letter_seen = false;
            }
            continue;
        }
        let Some(label) = blocks[i].label.take() else {
            continue;
        };
        let label = if matches!(label.scheme, LabelScheme::Letter | LabelScheme::Roman) {
            let next = blocks[i + 1..]
                .iter()
                .take_while(|b| b.kind == BlockKind::SubParagraph)
                .find_map(|b| b.label.as_ref());
            let resolved = disambiguate(label, previous.as_ref());
            // `(i)` after `(h)` followed by `(ii)` opens a roman list after all.
            let resolved = match (resolved.scheme, next) {
                (LabelScheme::Letter, Some(n))
                    if n.scheme == LabelScheme::Roman && n.number == Some(2) =>
                {
                    Label {
                        scheme: LabelScheme::Roman,
                        number: Some(1),
                        ..resolved
                    }
                }
                _ => resolved,
            };
            match resolved.scheme {
                LabelScheme::Letter => {
                    letter_seen = true;
                    blocks[i].level = blocks[i].level.max(1);
                }
                LabelScheme::Roman if letter_seen => blocks[i].level = 2,
                _ => {}
            }
            previous = Some(resolved.clone());
            resolved
        } else {
            label
        };
        blocks[i].label = Some(label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> WordSets<'_> {
        let flat: Vec<Line> = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line::plain(i + 1, t))
            .collect();
        // Kept for the test's run: `WordSets` borrows its lines.
        WordSets::new(Box::leak(flat.into_boxed_slice()))
    }

    /// [`clean_with`] as a block is cleaned: its bytes classified first, fresh buffers.
    fn clean(text: &str) -> (Cow<'_, str>, Vec<String>) {
        clean_with(text, block_bytes(text.as_bytes()), &mut Scratch::default())
    }

    #[test]
    fn ascii_whitespace_collapses_as_unicode_whitespace() {
        for s in [
            "",
            " ",
            "a",
            "  a \t b\r\n\x0b\x0c c  ",
            "\x1f a\x1fb ",
            "x  y",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_ws(s), want, "{s:?}");
        }
        assert_eq!(collapse_ws("a\u{a0} b\u{2003}c"), "a b c");
    }

    /// Every string of up to `max` characters from `alphabet`, then `extra` longer ones
    /// drawn from it by a fixed pseudo-random sequence (deterministic).
    fn strings_over(alphabet: &[&str], max: usize, extra: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            let next: Vec<String> = last
                .iter()
                .flat_map(|p| alphabet.iter().map(move |a| format!("{p}{a}")))
                .collect();
            all.extend(next.iter().cloned());
            last = next;
        }
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut draw = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % n
        };
        for _ in 0..extra {
            let len = max + 1 + draw(24);
            all.push((0..len).map(|_| alphabet[draw(alphabet.len())]).collect());
        }
        all
    }

    /// [`Words::of`] as first written (a token list per line, split by a closure on
    /// characters): the reference for the byte scan and the shared range buffer.
    fn words_as_first_written(lines: &[Line<'_>]) -> (Vec<String>, Vec<String>) {
        let mut solid = std::collections::BTreeSet::new();
        let mut hyphenated = std::collections::BTreeSet::new();
        let mut after_hyphen = false;
        for line in lines {
            let text = line.text.trim();
            let ends_hyphen = text.ends_with('-');
            let tokens: Vec<&str> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .filter(|t| !t.is_empty())
                .collect();
            let n = tokens.len();
            for (i, token) in tokens.into_iter().enumerate() {
                if (i == 0 && after_hyphen) || (i + 1 == n && ends_hyphen) {
                    continue;
                }
                let token = token.trim_matches('-');
                if token.is_empty() {
                    continue;
                }
                let lower = token.to_lowercase();
                if lower.contains('-') {
                    hyphenated.insert(lower);
                } else {
                    solid.insert(lower);
                }
            }
            if !text.is_empty() {
                after_hyphen = ends_hyphen;
            }
        }
        (
            solid.into_iter().collect(),
            hyphenated.into_iter().collect(),
        )
    }

    #[test]
    fn document_words_match_the_first_written_rule() {
        // Lines of letters (ASCII, accented, Turkish İ whose lowercase is two characters,
        // Greek), digits, hyphens at any place, spaces (also no-break), punctuation.
        let alphabet = [
            "a", "B", "7", "-", " ", ".", "é", "İ", "Ω", "\u{a0}", "x-", "-\n", "\n", "\n\n",
        ];
        let mut checked = 0;
        for text in strings_over(&alphabet, 4, 20_000) {
            let lines: Vec<Line<'_>> = text
                .split('\n')
                .enumerate()
                .map(|(no, t)| Line::plain(no + 1, t))
                .collect();
            let got = Words::of(&lines);
            let mut solid: Vec<String> = got.solid.into_iter().collect();
            let mut hyphenated: Vec<String> = got.hyphenated.into_iter().collect();
            solid.sort();
            hyphenated.sort();
            assert_eq!(
                (solid, hyphenated),
                words_as_first_written(&lines),
                "{text:?}"
            );
            checked += 1;
        }
        assert!(checked > 20_000);
    }

    /// The collapsing rule as first written for any text: the reference for
    /// [`collapse_ws`], which scans for the first change and borrows when there is none.
    fn collapse_ws_words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// [`normalize`] as first written, character by character.
    fn normalize_chars(text: &str) -> String {
        let mut out = String::new();
        for c in text.nfc() {
            match c {
                '\u{ad}' => {}
                'ﬀ' => out.push_str("ff"),
                'ﬁ' => out.push_str("fi"),
                'ﬂ' => out.push_str("fl"),
                'ﬃ' => out.push_str("ffi"),
                'ﬄ' => out.push_str("ffl"),
                'ﬅ' | 'ﬆ' => out.push_str("st"),
                c => out.push(c),
            }
        }
        collapse_ws_words(&out)
    }

    /// [`clean_with`] as first written: comments out, then the reference emphasis and
    /// normalisation rules, always on a copy.
    fn clean_copying(text: &str) -> (String, Vec<String>) {
        let mut anchors = Vec::new();
        let mut rest = String::new();
        let mut s = text;
        while let Some(start) = s.find("<!--") {
            rest.push_str(&s[..start]);
            let after = &s[start + 4..];
            let Some(end) = after.find("-->") else {
                rest.push_str(&s[start..]);
                s = "";
                break;
            };
            let body = after[..end].trim();
            if let Some(ids) = body.strip_prefix("cards:") {
                anchors.extend(
                    ids.split(|c: char| c.is_whitespace() || c == ',')
                        .filter(|id| !id.is_empty())
                        .map(str::to_string),
                );
            }
            rest.push(' ');
            s = &after[end + 3..];
        }
        rest.push_str(s);
        anchors.sort();
        anchors.dedup();
        (normalize_chars(&strip_emphasis_chars(&rest)), anchors)
    }

    #[test]
    fn emphasis_in_bytes_matches_emphasis_in_chars() {
        let alphabet = [
            "a", " ", "*", "_", "\\", ".", "\u{a0}", "\u{201d}", "\u{e9}", "[",
        ];
        for s in strings_over(&alphabet, 5, 20_000) {
            let got = strip_emphasis(&s);
            assert_eq!(got, strip_emphasis_chars(&s), "{s:?}");
            // Borrowed exactly when nothing changes.
            assert_eq!(matches!(got, Cow::Borrowed(_)), got == s.as_str(), "{s:?}");
        }
        for s in TRICKY_LINES {
            assert_eq!(strip_emphasis(s), strip_emphasis_chars(s), "{s:?}");
        }
    }

    #[test]
    fn collapsing_borrows_only_what_is_collapsed() {
        // Whitespace of every UTF-8 lead byte looked at (C2, E1, E2, E3), and characters
        // that share those lead bytes without being whitespace.
        let alphabet = [
            "a", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1f", "\u{85}", "\u{a0}", "\u{a9}",
            "\u{1680}", "\u{1681}", "\u{2003}", "\u{2010}", "\u{2028}", "\u{202f}", "\u{205f}",
            "\u{3000}", "\u{3001}", "\u{e9}",
        ];
        for s in strings_over(&alphabet, 4, 20_000) {
            let got = collapse_ws(&s);
            assert_eq!(got, collapse_ws_words(&s), "{s:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), got == s.as_str(), "{s:?}");
        }
    }

    /// The eight-bytes-at-a-time scans at every offset of a long line: whitespace and
    /// emphasis bytes put in each place, across and at the edges of the 8-byte words.
    #[test]
    fn word_at_a_time_scans_match_byte_by_byte() {
        let base = "Parties shall [pursue] domestic mitigation measures, with a view to";
        for at in 0..=base.len() {
            for insert in [
                " ", "  ", "\t", "\u{a0}", "\u{2003}", "\u{e9}", "\x7f", "\u{a9}", "\x1f", "*",
                "_", "\\", "**",
            ] {
                let s = format!("{}{insert}{}", &base[..at], &base[at..]);
                assert_eq!(collapse_ws(&s), collapse_ws_words(&s), "{s:?}");
                for from in [0, 1, 7, 8, 9, at] {
                    let want = s
                        .bytes()
                        .enumerate()
                        .skip(from)
                        .find(|(_, c)| matches!(c, b'*' | b'_' | b'\\'))
                        .map(|(i, _)| i);
                    assert_eq!(find_emphasis_byte(s.as_bytes(), from), want, "{s:?} {from}");
                }
            }
        }
        assert_eq!(find_emphasis_byte(b"abc", 5), None);
    }

    #[test]
    fn normalizing_borrows_only_what_is_normal() {
        let alphabet = [
            "a", " ", "\u{ad}", "\u{fb01}", "\u{fb06}", "e", "\u{301}", "\u{e9}", "\u{a0}",
            "\u{212b}", "\t", "\u{2003}",
        ];
        for s in strings_over(&alphabet, 4, 20_000) {
            let got = normalize_cow(&s);
            assert_eq!(got, normalize_chars(&s), "{s:?}");
            assert_eq!(normalize(&s), normalize_chars(&s), "{s:?}");
            // Borrowed when unchanged, unless the quick NFC check cannot tell (`e\u{301}`).
            let quick = is_nfc_quick(s.chars()) == IsNormalized::Yes;
            assert_eq!(
                matches!(got, Cow::Borrowed(_)),
                got == s.as_str() && quick,
                "{s:?}"
            );
        }
    }

    #[test]
    fn cleaning_fast_paths_match_the_copying_form() {
        let mut inputs: Vec<String> = TRICKY_LINES.iter().map(|s| (*s).to_string()).collect();
        inputs.extend(
            [
                "<!-- cards: B A, A -->",
                "text <!-- cards: X1 --> more *em* <!-- note -->",
                "<!--unclosed *a*",
                "a < b <! c <!- d <!-- e --> f",
                "  *Recalling*  decisions\u{a0}1/CP.17 \u{ad}and \u{fb01}nance  ",
                "\\[x\\] <",
            ]
            .map(str::to_string),
        );
        let w = words("");
        for text in &inputs {
            let (got, anchors) = clean(text);
            assert_eq!((got.into_owned(), anchors), clean_copying(text), "{text:?}");
            // One line: borrowed, and what the general join makes of it.
            assert!(matches!(join_lines(text, &[], &w), Cow::Borrowed(_)));
            assert_eq!(
                join_lines(text, &[], &w),
                join_lines_general([text.as_str()], &w),
                "{text:?}"
            );
        }
    }

    /// The hyphenation rule, one row per clause. Columns: context text, line end, next
    /// line, expected join.
    #[test]
    fn hyphenation_rule() {
        let table: &[(&str, &str, &str, &str)] = &[
            ("", "the imple-", "mentation of", "the implementation of"),
            ("", "a non-", "binding text", "a non-binding text"),
            ("", "self-", "determination", "self-determination"),
            ("", "anti-", "Dumping", "anti-Dumping"),
            ("", "COVID-", "19 response", "COVID-19 response"),
            (
                "decision-making matters",
                "decision-",
                "making",
                "decision-making",
            ),
            (
                "co-ordination cooperation",
                "co-",
                "operation",
                "cooperation",
            ),
            (
                "capacity and building",
                "capacity-",
                "building",
                "capacity-building",
            ),
            ("", "inter-", "national", "international"),
            ("", "2015 -", "2020", "2015 - 2020"),
            ("", "5-", "10", "5-10"),
        ];
        for (ctx, a, b, want) in table {
            let w = words(ctx);
            assert_eq!(join_lines(a, &[b], &w), *want, "{a:?} + {b:?}");
        }
    }

    #[test]
    fn emphasis_pairs_are_stripped_brackets_kept() {
        assert_eq!(
            strip_emphasis("*In [furtherance][pursuit]* of the objective"),
            "In [furtherance][pursuit] of the objective"
        );
        assert_eq!(strip_emphasis("r*eaffirming* that"), "reaffirming that");
        assert_eq!(strip_emphasis("**Option 1:** text"), "Option 1: text");
        assert_eq!(strip_emphasis("a footnote*"), "a footnote*");
        assert_eq!(
            strip_emphasis("snake_case_id and _em_"),
            "snake_case_id and em"
        );
        assert_eq!(strip_emphasis(r"12\. \[x\] 3 * 4"), "12. [x] 3 * 4");
        assert_eq!(
            strip_emphasis("**Option 1:** Each Party's [NDMC*][INDC]"),
            "Option 1: Each Party's [NDMC*][INDC]"
        );
        assert_eq!(strip_emphasis("*[Taking* account"), "[Taking account");
        assert_eq!(
            strip_emphasis("{add *following to 3.2 option* 1}"),
            "{add following to 3.2 option 1}"
        );
    }

    /// Paragraph ends without blank lines, one row per cue. Columns: previous line, next
    /// line, expected break (typical width 80).
    #[test]
    fn plain_paragraph_breaks() {
        let table: &[(&str, &str, bool)] = &[
            ("short line", "Next paragraph", true),
            (
                "a line that runs all the way to the right margin of the page, ends,",
                "Recalling",
                true,
            ),
            (
                "a line that runs all the way to the right margin of the page, then the",
                "Parties",
                false,
            ),
            (
                "a line that runs all the way to the right margin of the page, ends;",
                "[Noting that",
                true,
            ),
            (
                "a line that runs all the way to the right margin of the page, ends,",
                "[and] more",
                false,
            ),
            (
                "a line that runs all the way to the right margin in Articles 6, 7,",
                "8 and 9",
                false,
            ),
            (
                "a line that runs all the way to the right margin of the page, ending",
                "Option 2: text",
                true,
            ),
            (
                "a line that runs all the way to the right margin of the page, ends.",
                "continues",
                false,
            ),
        ];
        for (prev, next, want) in table {
            assert_eq!(plain_break(prev, next, 80), *want, "{prev:?} / {next:?}");
        }
        assert!(plain_break("x", "y", UNWRAPPED_WIDTH + 1));
    }

    #[test]
    fn bracket_and_slash_wraps_join_without_space() {
        let glued = words("[shall][should] [a][b] [c][d]");
        assert_eq!(
            join_lines("[shall]", &["[should]"], &glued),
            "[shall][should]"
        );
        let spaced = words("[shall] [should] [a] [b]");
        assert_eq!(
            join_lines("[shall]", &["[should]"], &spaced),
            "[shall] [should]"
        );
        assert_eq!(join_lines("NDMC/", &["NDMCC"], &glued), "NDMC/NDMCC");
    }

    #[test]
    fn critic_markup_is_accepted() {
        let (text, n) = accept_critic_markup(
            "1. Parties {++shall++}{--should--} act {~~now~>soon~~}{>>EU<<}.\n{--2. Gone\n--}3. {==Kept==} {++",
        );
        assert_eq!(text, "1. Parties shall act soon.\n\n3. Kept {++");
        assert_eq!(n, 4);
        let rev = read_text("r", "1. A {++new++} text.\n\n2. B{-- old--}.\n");
        assert_eq!(
            rev.notices,
            ["2 tracked changes (CriticMarkup) were accepted before comparing"]
        );
        assert_eq!(rev.blocks[1].text, "B.");
        assert_eq!(rev.blocks[1].line, 3);
    }

    /// CriticMarkup acceptance as first written, searching for a closer after every
    /// opener (quadratic when closers are missing): the reference that
    /// [`accept_critic_markup`], which remembers the kinds without a closer, must match.
    fn accept_critic_markup_searching(text: &str) -> (String, usize) {
        const MARKS: [(&str, &str); 5] = [
            ("{++", "++}"),
            ("{--", "--}"),
            ("{~~", "~~}"),
            ("{==", "==}"),
            ("{>>", "<<}"),
        ];
        let newlines = |s: &str| "\n".repeat(s.matches('\n').count());
        let mut out = String::new();
        let mut changes = 0;
        let mut rest = text;
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            let found = MARKS.iter().find_map(|(open, close)| {
                tail.starts_with(open)
                    .then(|| tail[open.len()..].find(close).map(|e| (open, close, e)))
                    .flatten()
            });
            let Some((open, close, end)) = found else {
                out.push('{');
                rest = &tail[1..];
                continue;
            };
            let body = &tail[open.len()..open.len() + end];
            match *open {
                "{++" => {
                    out.push_str(body);
                    changes += 1;
                }
                "{--" => {
                    out.push_str(&newlines(body));
                    changes += 1;
                }
                "{~~" => {
                    let (old, new) = body.split_once("~>").unwrap_or(("", body));
                    out.push_str(&newlines(old));
                    out.push_str(new);
                    changes += 1;
                }
                "{==" => out.push_str(body),
                _ => out.push_str(&newlines(body)),
            }
            rest = &tail[open.len() + end + close.len()..];
        }
        out.push_str(rest);
        (out, changes)
    }

    #[test]
    fn critic_markup_skipping_unclosed_kinds_matches_searching() {
        let alphabet = [
            "{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{==", "==}", "{>>", "<<}", "{", "+",
            "}", "x", "\n",
        ];
        for s in strings_over(&alphabet, 3, 30_000) {
            let (got, n) = accept_critic_markup(&s);
            assert_eq!(
                (got.into_owned(), n),
                accept_critic_markup_searching(&s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds() {
        for (text, want) in [
            ("", ""),
            ("a\r\nb", "a\r\nb"),
            ("a\rb", "a\nb"),
            ("\r", "\n"),
            ("\r\r\n\r", "\n\r\n\n"),
            ("\u{e9}\r\u{e9}\n\r", "\u{e9}\n\u{e9}\n\n"),
        ] {
            let got = lone_cr_as_lf(text);
            assert_eq!(got, want, "{text:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), text == want, "{text:?}");
        }
    }

    /// The emphasis rule as first written, character by character: the reference that
    /// [`strip_emphasis`] must match.
    fn strip_emphasis_chars(s: &str) -> String {
        if !s.contains(['*', '_', '\\']) {
            return s.to_string();
        }
        // (char, literal)
        let mut chars: Vec<(char, bool)> = Vec::with_capacity(s.len());
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\\' {
                if let Some(&n) = it.peek() {
                    if n.is_ascii_punctuation() {
                        chars.push((n, true));
                        it.next();
                        continue;
                    }
                }
            }
            chars.push((c, false));
        }
        let ws = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let punct =
            |x: Option<char>| x.is_some_and(|c| c.is_ascii_punctuation() || "“”‘’".contains(c));
        // Delimiter runs: (start, end) of runs marked for removal.
        let mut remove: Vec<(usize, usize)> = Vec::new();
        // Open delimiter runs: (char, start, end).
        let mut openers: Vec<(char, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let (c, lit) = chars[i];
            if lit || (c != '*' && c != '_') {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < chars.len() && chars[j] == (c, false) {
                j += 1;
            }
            let before = i.checked_sub(1).map(|k| chars[k].0);
            let after = chars.get(j).map(|x| x.0);
            let left = !ws(after) && (!punct(after) || ws(before) || punct(before));
            let right = !ws(before) && (!punct(before) || ws(after) || punct(after));
            let (can_open, can_close) = if c == '*' {
                (left, right)
            } else {
                (
                    left && (!right || punct(before)),
                    right && (!left || punct(after)),
                )
            };
            let partner = if can_close {
                openers.iter().rposition(|(oc, _, _)| *oc == c)
            } else {
                None
            };
            if let Some(k) = partner {
                let (_, os, oe) = openers[k];
                remove.push((os, oe));
                remove.push((i, j));
                openers.truncate(k);
            } else if can_open {
                openers.push((c, i, j));
            }
            i = j;
        }
        remove.sort_unstable();
        let mut out = String::with_capacity(s.len());
        let mut r = 0;
        for (k, (c, _)) in chars.iter().enumerate() {
            while r < remove.len() && remove[r].1 <= k {
                r += 1;
            }
            if r < remove.len() && remove[r].0 <= k && k < remove[r].1 {
                continue;
            }
            out.push(*c);
        }
        out
    }

    /// Lines that exercise the scanning fast paths: ASCII and Unicode case and whitespace,
    /// brackets, colons, escapes, marks at the very end.
    const TRICKY_LINES: &[&str] = &[
        "",
        " ",
        "{",
        "{+",
        "{++",
        "a {+-+} b {~~x~>y~~}",
        "{==x==} {>>c<<} {>>",
        "Page 3 of 20",
        "PAGE 3 OF 20",
        "pAgE 3 oF 20",
        "P. 12",
        "p.12 / 14",
        "page 3 o f 20",
        "Page 3 of\u{a0}20",
        "\u{130}age 3",
        "Page\u{2003}3\u{3000}of 20",
        "Paged",
        "Pag",
        "P\u{e9}ge 3",
        "p",
        "- 12 -",
        "\u{2014} 4 \u{2014}",
        "---",
        " - - - ",
        "***",
        "_ _ _",
        "--",
        "-*-",
        "\u{2003}-\u{a0}-\t-",
        "====",
        "[source]: http://example.org",
        "[a]b]: /x",
        "[a] : x",
        "[a]:",
        "]:",
        ":]:x",
        "[shall][should] [may] [can]",
        "]]][[ ] [ ][ ]",
        "] ",
        "]",
        "x] [",
        "12\\. text \\",
        "\\(a\\) text",
        "**12.** \\*x\\*",
        "Article 4\\: title",
    ];

    #[test]
    fn scanning_fast_paths_match_the_general_forms() {
        const MARKS: [&str; 5] = ["{++", "{--", "{~~", "{==", "{>>"];
        let is_strong_lowercasing = |t: &str| -> bool {
            if !t.starts_with(['-', '\u{2013}', '\u{2014}', 'p', 'P']) {
                return false;
            }
            let dashes = ['-', '\u{2013}', '\u{2014}'];
            if let Some(inner) = t.strip_prefix(dashes).and_then(|r| r.strip_suffix(dashes)) {
                let inner = inner.trim();
                return !inner.is_empty()
                    && inner.len() <= 4
                    && inner.bytes().all(|b| b.is_ascii_digit());
            }
            let lower = t.to_lowercase();
            let Some(rest) = lower
                .strip_prefix("page")
                .or_else(|| lower.strip_prefix("p."))
                .map(str::trim_start)
            else {
                return false;
            };
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return false;
            }
            let tail = rest[n..].trim();
            if tail.is_empty() {
                return true;
            }
            let tail = tail
                .strip_prefix("of")
                .or_else(|| tail.strip_prefix('/'))
                .map(str::trim);
            tail.is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        };
        let thematic_collecting = |t: &str| {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            t.len() >= 3
                && (t.chars().all(|c| c == '-')
                    || t.chars().all(|c| c == '*')
                    || t.chars().all(|c| c == '_'))
        };
        for line in TRICKY_LINES {
            assert_eq!(
                has_critic_mark(line),
                MARKS.iter().any(|m| line.contains(m)),
                "{line:?}"
            );
            assert_eq!(
                is_strong_page_number(line),
                is_strong_lowercasing(line),
                "{line:?}"
            );
            assert_eq!(
                is_thematic_break(line),
                thematic_collecting(line),
                "{line:?}"
            );
            assert_eq!(
                after_link_label(line),
                line.split_once("]:").map(|(_, a)| a),
                "{line:?}"
            );
            let unescaped = unescape_simple(line.trim_start_matches(['*', '_']));
            let general = super::super::labels::parse_label(&unescaped)
                .map(|(l, r)| ((l.scheme, l.number), r.to_string()));
            for escaped in [true, line.contains('\\')] {
                let probed = label_probe(line, escaped);
                let probe = probed
                    .label
                    .map(|(p, r)| ((p.scheme, p.number), r.into_owned()));
                assert_eq!(probe, general, "{line:?}");
                // The label read from the line as it is, when that is what was read.
                if let Some(exact) = probed.exact {
                    assert_eq!(exact, scan_label(line), "{line:?}");
                }
            }
            let w = words(line);
            let (glued, spaced) = (
                line.trim().matches("][").count(),
                line.trim().matches("] [").count(),
            );
            assert_eq!(w.brackets_glued(), glued > spaced, "{line:?}");
        }
    }

    /// `count` strings of up to `max_len` characters drawn from `alphabet` by a fixed
    /// pseudo-random sequence (deterministic), long enough to cross the chunks of the
    /// chunked scans at every offset.
    fn long_strings(alphabet: &[&str], count: usize, max_len: usize) -> Vec<String> {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut draw = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % n
        };
        (0..count)
            .map(|_| {
                let len = draw(max_len + 1);
                (0..len).map(|_| alphabet[draw(alphabet.len())]).collect()
            })
            .collect()
    }

    /// Inputs for the chunked scans: short strings of every shape, long ones, and every
    /// byte placed at every offset of a long line.
    fn scan_inputs(alphabet: &[&str]) -> Vec<String> {
        let mut all = strings_over(alphabet, 4, 2_000);
        all.extend(long_strings(alphabet, 2_000, 150));
        let base = "Parties shall [pursue] domestic mitigation measures, with a view to \
                    achieving the objectives of such contributions.";
        for at in 0..=base.len() {
            for piece in alphabet {
                all.push(format!("{}{piece}{}", &base[..at], &base[at..]));
            }
        }
        all
    }

    #[test]
    fn line_scan_matches_byte_by_byte() {
        let alphabet = [
            "a", " ", "\n", "\r", "<", "\\", "{", "\u{c}", "\u{e9}", "*", "\r\n", "\n\n",
        ];
        for text in scan_inputs(&alphabet) {
            let (lines, whole) = split_lines(&text);
            let raw: Vec<&str> = text.split('\n').collect();
            assert_eq!(lines.len(), raw.len(), "{text:?}");
            let mut want_whole = 0;
            for (i, (line, raw)) in lines.iter().zip(&raw).enumerate() {
                assert_eq!(line.no, i + 1, "{text:?}");
                assert_eq!(line.text, raw.strip_suffix('\r').unwrap_or(raw), "{text:?}");
                let want = raw.bytes().fold(0, |h, x| h | byte_class(x));
                assert_eq!(line.held, want, "{text:?} line {i}");
                want_whole |= want;
            }
            assert_eq!(whole, want_whole, "{text:?}");
        }
    }

    #[test]
    fn block_bytes_match_byte_by_byte() {
        let alphabet = [
            "a", " ", "  ", "\t", "<", "*", "_", "\\", "\u{e9}", "\x1f", ".",
        ];
        for text in scan_inputs(&alphabet) {
            let b = text.as_bytes();
            let lt_or_high = b.iter().any(|&x| x == b'<' || x >= 0x80);
            let emphasis = b.iter().any(|x| matches!(x, b'*' | b'_' | b'\\'));
            let spacing = b.iter().any(|&x| x < 0x20)
                || text.contains("  ")
                || text.starts_with(' ')
                || text.ends_with(' ');
            let want =
                flag(lt_or_high, LT_OR_HIGH) | flag(emphasis, EMPHASIS) | flag(spacing, SPACING);
            assert_eq!(block_bytes(b), want, "{text:?}");
        }
    }

    /// The cleaning fast paths — borrowing a text [`block_bytes`] finds nothing in, and
    /// for ASCII text stripping emphasis and collapsing whitespace only when flagged, the
    /// collapsing skipped after stripping when there was nothing to collapse before —
    /// give what the copying form gives.
    #[test]
    fn cleaning_any_text_matches_the_copying_form() {
        let alphabet = [
            "a", " ", "*", "_", "\\", ".", "<", "!--", "\t", "\u{e9}", "\u{a0}",
        ];
        let mut inputs = strings_over(&alphabet, 5, 20_000);
        inputs.extend(long_strings(&alphabet, 2_000, 60));
        for text in &inputs {
            let (got, anchors) = clean(text);
            assert_eq!((got.into_owned(), anchors), clean_copying(text), "{text:?}");
        }
    }

    #[test]
    fn chunked_searches_match_byte_by_byte() {
        let alphabet = [
            "a", " ", "]", "[", "] [", "][", "*", "_", "\\", "\0", "\u{e9}",
        ];
        for text in scan_inputs(&alphabet) {
            let b = text.as_bytes();
            for byte in [b']', b'\\', 0, b'a'] {
                assert_eq!(contains_byte(b, byte), b.contains(&byte), "{text:?}");
                for from in [0, 1, 15, 16, 17, 63, 64, 65, b.len()] {
                    let want = b
                        .get(from..)
                        .and_then(|t| t.iter().position(|&x| x == byte));
                    assert_eq!(
                        find_byte(b, from, byte),
                        want.map(|p| from + p),
                        "{text:?} {from}"
                    );
                }
            }
            assert_eq!(
                bracket_joins(b),
                (text.matches("][").count(), text.matches("] [").count()),
                "{text:?}"
            );
        }
    }

    /// A block whose text is its line as it is takes the label read with the line.
    #[test]
    fn labels_read_with_the_line_are_those_of_the_text() {
        for line in TRICKY_LINES.iter().chain(&[
            "12. Decides",
            "(a) text",
            "Article 4",
            "II. Means",
            "*Recalling* decisions",
        ]) {
            let exact = label_probe(line, true).exact;
            if let Some(scanned) = exact {
                assert_eq!(
                    classify_cow(Cow::Borrowed(line), None, None, None, Some(scanned)),
                    classify_cow(Cow::Borrowed(line), None, None, None, None),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn plainly_nfc_characters_pass_the_quick_check() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\0'..='\u{3000}').filter(|&c| plainly_nfc(c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        // The ends of the ranges are where they should be.
        assert!(!plainly_nfc('\u{300}') && !plainly_nfc('\u{2001}') && !plainly_nfc('\u{2080}'));
    }

    /// A form feed in the front matter pages nothing: the body is paged as a text without
    /// form feeds (here, after the line that can only be a page number).
    #[test]
    fn form_feeds_count_in_the_body_only() {
        let body = "First paragraph of the text\n- 2 -\nSecond paragraph of the text\n";
        let fed = read_text("r", &format!("---\ntitle: a\u{c}b\n---\n{body}"));
        let plain = read_text("r", &format!("---\ntitle: ab\n---\n{body}"));
        assert_eq!(fed.blocks, plain.blocks);
        assert_eq!(fed.notices, plain.notices);
    }

    #[test]
    fn page_numbers() {
        for t in [
            "12",
            "- 12 -",
            "– 3 –",
            "Page 3 of 20",
            "page 3",
            "3/20",
            "iv",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["12.", "Article 3", "FCCC/ADP/2015/L.6", "Paged"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
