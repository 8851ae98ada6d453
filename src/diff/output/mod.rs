//! Outputs of a [`Comparison`]: terminal, HTML, JSON, CriticMarkup Markdown and Word
//! tracked changes. Display is kept apart from the comparison itself (as difftastic does):
//! every format renders the same plain result.
//!
//! The text formats write to any [`Write`] as they go (standard output goes through a
//! buffer, never through one big string); each also has a `String` form for tests and
//! callers that want one.

use std::io::{self, Write};

use serde::Serialize;

use super::compare::{renumbering_runs, BlockRef, Comparison, Counts, Entry, Op};

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

/// The JSON form of a comparison (pretty-printed, trailing newline): the bytes of
/// `serde_json::to_string_pretty` and a newline.
///
/// # Errors
/// Only if serialisation fails, which the plain data types rule out in practice.
pub fn json(c: &Comparison) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(json_capacity(c));
    write_json(c, &mut out)?;
    // serde_json writes valid UTF-8 (strings are copied from `&str` or escaped in ASCII).
    String::from_utf8(out).map_err(<serde_json::Error as serde::ser::Error>::custom)
}

/// A buffer size that holds the JSON form of `c` without growing (an over-estimate:
/// untouched capacity costs no memory).
pub fn json_capacity(c: &Comparison) -> usize {
    4096 + 128 * (c.renumbering.len() + c.notices.len())
        + c.notices.iter().map(String::len).sum::<usize>()
        + c.entries.iter().map(entry_json_estimate).sum::<usize>() * 5 / 4
}

/// About the size of one entry's JSON: its fixed fields, its block references and its
/// segments (on the Paris pair 8 % above the real size overall).
fn entry_json_estimate(e: &Entry) -> usize {
    let refs = |v: &[BlockRef]| -> usize {
        v.iter()
            .map(|b| {
                100 + 2 * b.label.as_ref().map_or(0, String::len)
                    + b.raw_label.as_ref().map_or(0, String::len)
            })
            .sum()
    };
    let segments: usize = e.segments.iter().map(|s| 70 + s.text.len()).sum();
    380 + refs(&e.old) + refs(&e.new) + segments
}

/// Estimated JSON size of the entries from which the second half is rendered on a pool
/// worker ([`crate::parallel::join`]); below it one thread does all. Measured on a 2-vCPU
/// machine: the second half's buffer is fresh memory (about 70 page faults on the Paris
/// pair, ≈ 0.6 MB of JSON), and splitting from 100 kB instead made no measurable difference
/// there, so the split is kept for outputs of several MiB.
const JSON_PARALLEL_FROM: usize = 4 << 20;

/// Writes the JSON form of `c` (the bytes of [`json`]) to `out` as it goes. Large outputs
/// are rendered in two halves: the second on a pool worker into a buffer of its own while
/// this thread writes the first, each entry with the indentation it has in the whole.
///
/// # Errors
/// When `out` fails (an I/O error inside the `serde_json::Error`), or, in theory,
/// serialisation.
pub fn write_json<W: Write>(c: &Comparison, out: &mut W) -> serde_json::Result<()> {
    write_json_split(c, out, JSON_PARALLEL_FROM)
}

/// [`write_json`], rendering the second half of the entries on a thread when their
/// estimated size reaches `parallel_from` bytes.
fn write_json_split<W: Write>(
    c: &Comparison,
    out: &mut W,
    parallel_from: usize,
) -> serde_json::Result<()> {
    // The object `#[derive(Serialize)]` writes for `Comparison`, field by field, so that the
    // entries can be split; naming every field makes a new one a compile error here.
    let Comparison {
        schema_version,
        old,
        new,
        method,
        counts,
        renumbering,
        notices,
        entries,
    } = c;
    let io = serde_json::Error::io;
    out.write_all(b"{\n  \"schema_version\": ").map_err(io)?;
    json_value(out, 1, schema_version)?;
    out.write_all(b",\n  \"old\": ").map_err(io)?;
    json_value(out, 1, old)?;
    out.write_all(b",\n  \"new\": ").map_err(io)?;
    json_value(out, 1, new)?;
    out.write_all(b",\n  \"method\": ").map_err(io)?;
    json_value(out, 1, method)?;
    out.write_all(b",\n  \"counts\": ").map_err(io)?;
    json_value(out, 1, counts)?;
    out.write_all(b",\n  \"renumbering\": ").map_err(io)?;
    json_value(out, 1, renumbering)?;
    out.write_all(b",\n  \"notices\": ").map_err(io)?;
    json_value(out, 1, notices)?;
    out.write_all(b",\n  \"entries\": ").map_err(io)?;
    if entries.is_empty() {
        out.write_all(b"[]").map_err(io)?;
    } else {
        out.write_all(b"[").map_err(io)?;
        let sizes = || entries.iter().map(entry_json_estimate);
        let total: usize = sizes().sum();
        if total < parallel_from || entries.len() < 2 {
            json_entries(out, entries, true)?;
        } else {
            // The first entry at which half the estimated bytes lie before it.
            let mut before = 0;
            let mid = sizes()
                .position(|n| {
                    before += n;
                    before > total / 2
                })
                .unwrap_or(0)
                .clamp(1, entries.len() - 1);
            let (first, second) = entries.split_at(mid);
            let second_size: usize = second.iter().map(entry_json_estimate).sum();
            let (rest, head) = crate::parallel::join(
                || {
                    let mut buf = Vec::with_capacity(second_size * 5 / 4);
                    json_entries(&mut buf, second, false).map(|()| buf)
                },
                || json_entries(out, first, true),
            );
            head?;
            out.write_all(&rest?).map_err(io)?;
        }
        out.write_all(b"\n  ]").map_err(io)?;
    }
    out.write_all(b"\n}\n").map_err(io)
}

/// Writes `value` as serde_json's pretty printer does at nesting depth `level`.
fn json_value<W: Write, T: Serialize + ?Sized>(
    out: &mut W,
    level: usize,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        Pretty {
            level,
            has_value: false,
        },
    ))
}

/// Writes `entries` as elements of the top-level `entries` array (depth 2), each after its
/// separator; `first` when they begin the array (no comma before the first).
fn json_entries<W: Write>(out: &mut W, entries: &[Entry], first: bool) -> serde_json::Result<()> {
    for (i, e) in entries.iter().enumerate() {
        let sep: &[u8] = if first && i == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        out.write_all(sep).map_err(serde_json::Error::io)?;
        json_value(out, 2, e)?;
    }
    Ok(())
}

/// `serde_json::ser::PrettyFormatter` with a two-space indent, writing each line break and
/// its indent with one write instead of one per level (same bytes).
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// `,` (unless `first`), a line break and the indent of the current level.
    #[inline]
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        match BREAK.get(usize::from(first)..2 + 2 * self.level) {
            Some(bytes) => w.write_all(bytes),
            None => self.deep_line(w, first),
        }
    }

    /// Opens an array or object (`bracket` is `[` or `{`) one level deeper.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object (`bracket` is `]` or `}`): on a line of its own when it
    /// held values, as `serde_json::ser::PrettyFormatter` does.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }

    /// [`Pretty::line`] for levels deeper than `BREAK` reaches.
    #[cold]
    fn deep_line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(&BREAK[usize::from(first)..2])?;
        (0..self.level).try_for_each(|_| w.write_all(b"  "))
    }
}

/// A comma, a line break and the indents of the first 64 levels.
const BREAK: &[u8; 130] = b",\n                                                                                                                                ";

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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

/// The name of an [`Op`] as the JSON (`"op"`) and the outputs write it: `moved-modified`.
pub fn op_name(op: Op) -> &'static str {
    match op {
        Op::Unchanged => "unchanged",
        Op::Modified => "modified",
        Op::Moved => "moved",
        Op::MovedModified => "moved-modified",
        Op::Added => "added",
        Op::Deleted => "deleted",
        Op::Split => "split",
        Op::Merged => "merged",
    }
}

/// [`Entry::label_display`] without building it: `(old, Some(new))` when both first labels
/// exist and differ (shown `old → new`), else `(the one label, None)`, `("", None)` for none.
fn label_parts(e: &Entry) -> (&str, Option<&str>) {
    fn first(v: &[BlockRef]) -> Option<&str> {
        v.first().and_then(|b| b.label.as_deref())
    }
    match (first(&e.old), first(&e.new)) {
        (Some(o), Some(n)) if o != n => (o, Some(n)),
        (_, Some(n)) => (n, None),
        (Some(o), None) => (o, None),
        (None, None) => ("", None),
    }
}

/// Writes `n` in decimal (as `{n}` formats it, by `itoa`, without the formatting machinery).
fn write_usize<W: Write + ?Sized>(out: &mut W, n: usize) -> io::Result<()> {
    out.write_all(itoa::Buffer::new().format(n).as_bytes())
}

/// What [`write_mapped`] writes instead of a character.
enum Sub {
    Str(&'static str),
    Char(char),
}

/// Writes `s` with every character for which `map` gives a substitute replaced by it.
/// `maybe(b)` must hold for the first byte of every character `map` replaces, and only for
/// ASCII bytes and UTF-8 lead bytes (never a continuation byte, 0x80–0xBF): the stretches
/// between such bytes are copied in one write each, and `map` sees only the characters
/// that start with one.
fn write_mapped<W: Write + ?Sized>(
    out: &mut W,
    s: &str,
    maybe: impl Fn(u8) -> bool,
    map: impl Fn(char) -> Option<Sub>,
) -> io::Result<()> {
    let bytes = s.as_bytes();
    // Bytes before `done` are written; `i` is where the search goes on.
    let (mut done, mut i) = (0, 0);
    loop {
        i = next_maybe(bytes, i, &maybe);
        // `i` starts a character (`maybe` holds only for ASCII and lead bytes) or is the end.
        debug_assert!(
            s.is_char_boundary(i),
            "`maybe` holds for a continuation byte"
        );
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let next = i + c.len_utf8();
        if let Some(sub) = map(c) {
            out.write_all(&bytes[done..i])?;
            match sub {
                Sub::Str(t) => out.write_all(t.as_bytes())?,
                Sub::Char(c) => out.write_all(c.encode_utf8(&mut [0; 4]).as_bytes())?,
            }
            done = next;
        }
        i = next;
    }
    out.write_all(&bytes[done..])
}

/// The first index from `i` on whose byte satisfies `maybe`, or `bytes.len()`. Tests 16
/// bytes at a time without branching on each (the compiler vectorises the fold); fewer
/// than 16 bytes left are tested at once as the last 16 bytes of the text, when it has
/// that many, so that the bytes are looked at one by one only near a match.
#[inline]
fn next_maybe(bytes: &[u8], mut i: usize, maybe: &impl Fn(u8) -> bool) -> usize {
    const LANES: usize = 16;
    let any = |chunk: &[u8]| chunk.iter().fold(false, |any, &b| any | maybe(b));
    while let Some(chunk) = bytes.get(i..i + LANES) {
        if any(chunk) {
            break;
        }
        i += LANES;
    }
    if bytes.len().saturating_sub(i) < LANES {
        if let Some(last) = bytes.len().checked_sub(LANES).and_then(|s| bytes.get(s..)) {
            if !any(last) {
                return bytes.len().max(i);
            }
        }
    }
    while bytes.get(i).is_some_and(|&b| !maybe(b)) {
        i += 1;
    }
    i
}

/// True for the bytes that can start a control character ([`control_picture`]): C0
/// controls (tab and newline included, which stay), DEL, and 0xC2, the lead byte of the C1
/// controls U+0080–U+009F.
///
/// [`control_picture`]: crate::xml_text::control_picture
#[inline]
fn may_start_control(b: u8) -> bool {
    (b < 0x20) | (b == 0x7F) | (b == 0xC2)
}

/// Writes [`crate::xml_text::visible_controls`]`(s)`: control characters as their visible
/// placeholders, everything else as it is.
fn write_visible<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    write_mapped(out, s, may_start_control, |c| {
        crate::xml_text::control_picture(c).map(Sub::Char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diff::testing::rev;
    use crate::diff::{compare, Options};

    /// Comparisons of short texts with labels, renumbering, headings, moves, additions,
    /// deletions, controls and markup characters.
    pub(super) fn comparisons() -> Vec<Comparison> {
        let texts = [
            "",
            "1. Decides to establish a technology mechanism.\n2. Requests the \"secretariat\".",
            "1. Decides to establish a finance mechanism.\n3. Urges\tParties [to act] ¶ now.",
            "# Article 1\n\n1. Text\n\n(a) one;\n\n(b) two \u{1}.",
            "# Article 1\n\n2. Text {++x++} <b>&amp;</b>\n\n(b) one;\n\n(a) two \u{1b}[8m \u{85}.",
        ];
        let mut all = Vec::new();
        for a in texts {
            for b in texts {
                all.push(compare(&rev("a", a), &rev("b", b), &Options::default()));
            }
        }
        all
    }

    #[test]
    fn json_is_serde_json_pretty_with_a_newline() {
        for c in comparisons() {
            let expected = serde_json::to_string_pretty(&c).unwrap() + "\n";
            assert_eq!(json(&c).unwrap(), expected);
            // The entries in two halves, the second rendered on a thread.
            let mut halves = Vec::new();
            write_json_split(&c, &mut halves, 0).unwrap();
            assert_eq!(String::from_utf8(halves).unwrap(), expected);
        }
    }

    #[test]
    fn op_names_are_the_json_names() {
        for op in [
            Op::Unchanged,
            Op::Modified,
            Op::Moved,
            Op::MovedModified,
            Op::Added,
            Op::Deleted,
            Op::Split,
            Op::Merged,
        ] {
            assert_eq!(serde_json::to_value(op).unwrap(), op_name(op));
        }
    }

    #[test]
    fn label_parts_make_label_display() {
        let mut seen = 0;
        for c in comparisons() {
            for e in &c.entries {
                let shown = match label_parts(e) {
                    (one, None) => one.to_string(),
                    (old, Some(new)) => {
                        seen += 1;
                        format!("{old} → {new}")
                    }
                };
                assert_eq!(shown, e.label_display());
            }
        }
        assert!(seen > 0, "no relabelled entry tested");
    }

    #[test]
    fn write_usize_writes_decimal() {
        for n in [0, 7, 9, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = Vec::new();
            write_usize(&mut out, n).unwrap();
            assert_eq!(out, n.to_string().as_bytes());
        }
    }

    /// Strings that put every character of interest to the escapers (the first 0x300 code
    /// points, the noncharacters and their neighbours, multi-byte characters) alone, at
    /// every offset around the 16-byte steps of [`next_maybe`], and all together.
    pub(super) fn tricky_strings() -> Vec<String> {
        let mut chars: Vec<char> = (0..0x300).filter_map(char::from_u32).collect();
        chars.extend([
            '\u{2028}',
            '\u{FDCF}',
            '\u{FDD0}',
            '\u{FDEF}',
            '\u{FDF0}',
            '\u{FEFF}',
            '\u{FFFD}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{10000}',
            '\u{1FFFD}',
            '\u{1FFFE}',
            '\u{1FFFF}',
            '\u{10FFFE}',
            '\u{10FFFF}',
            '€',
            '😀',
            '¶',
            '’',
        ]);
        let mut all = vec![String::new(), chars.iter().collect()];
        let line = "Parties shall act, {now} & later; «agreed».";
        for &c in &chars {
            for at in [0, 1, 14, 15, 16, 17, 31, 32, 33] {
                let (a, b) = line.split_at(at);
                all.push(format!("{a}{c}{b}"));
            }
            all.push(format!("{c}{c}{line}{c}"));
        }
        all
    }

    #[test]
    fn write_visible_is_visible_controls() {
        for s in tricky_strings() {
            let mut out = Vec::new();
            write_visible(&mut out, &s).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                crate::xml_text::visible_controls(&s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn next_maybe_finds_the_first_match() {
        let bytes: Vec<u8> = (0..100u8).map(|i| b'a' + i % 26).collect();
        for target in [b'a', b'p', b'z'] {
            for from in 0..bytes.len() {
                let expected = bytes[from..]
                    .iter()
                    .position(|&b| b == target)
                    .map_or(bytes.len(), |i| from + i);
                assert_eq!(next_maybe(&bytes, from, &|b| b == target), expected);
            }
        }
        assert_eq!(next_maybe(&bytes, 0, &|_| false), bytes.len());
        // Every length, start and position of one or two matches.
        for len in 0..50 {
            for at in 0..=len {
                for second in at..=len {
                    let mut bytes = vec![b'x'; len];
                    for p in [at, second] {
                        if let Some(b) = bytes.get_mut(p) {
                            *b = b'!';
                        }
                    }
                    for from in 0..=len {
                        let expected = (from..len).find(|&k| bytes[k] == b'!').unwrap_or(len);
                        assert_eq!(next_maybe(&bytes, from, &|b| b == b'!'), expected);
                    }
                }
            }
        }
    }

    #[test]
    fn pretty_writes_the_bytes_of_serde_json() {
        use serde_json::json;
        let mut deep = json!([]);
        for i in 0..80 {
            deep = json!({ "level": i, "empty": [], "none": {}, "next": [deep, "a\"\n\u{1}é"] });
        }
        for v in [
            json!([]),
            json!({}),
            json!([[], {}, [1, 2.5, null, true]]),
            deep,
        ] {
            let mut out = Vec::new();
            json_value(&mut out, 0, &v).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
