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

/// The JSON form of a comparison (pretty-printed, trailing newline): the bytes of
/// `serde_json::to_string_pretty` and a newline.
///
/// # Errors
/// Only if serialisation fails, which the plain data types rule out in practice.
pub fn json(c: &Comparison) -> serde_json::Result<String> {
    // The output is about the texts' size again, plus markup: one allocation in most cases.
    let text: usize = c
        .entries
        .iter()
        .flat_map(|e| &e.segments)
        .map(|s| s.text.len())
        .sum();
    let capacity = text + 1024 * (c.entries.len() + c.renumbering.len()) / 2 + 4096;
    let mut fast = JsonWriter {
        out: Vec::with_capacity(capacity),
        fmt: Pretty::default(),
    };
    let mut out = match serde::Serialize::serialize(c, &mut fast) {
        // Valid UTF-8: strings are copied from `&str` or escaped in ASCII.
        Ok(()) => {
            String::from_utf8(fast.out).map_err(<serde_json::Error as serde::ser::Error>::custom)?
        }
        // A shape the fast writer leaves to serde_json.
        Err(_) => pretty(c, capacity)?,
    };
    out.push('\n');
    Ok(out)
}

/// `serde_json::to_string_pretty(value)`, written into a buffer of `capacity` bytes with a
/// formatter that writes indents at once.
fn pretty<T: serde::Serialize + ?Sized>(value: &T, capacity: usize) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(capacity);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    value.serialize(&mut ser)?;
    // serde_json writes valid UTF-8 (strings are copied from `&str` or escaped in ASCII).
    String::from_utf8(out).map_err(<serde_json::Error as serde::ser::Error>::custom)
}

/// A JSON serializer writing the bytes of `serde_json::to_string_pretty` for the shapes a
/// [`Comparison`] has (structs, sequences, strings, numbers, booleans, options, unit enum
/// variants; others are refused, and [`json`] then uses serde_json). It drives the same
/// formatter calls as serde_json's serializer, but escapes strings eight bytes at a time
/// (most of the output is paragraph text that needs no escape).
struct JsonWriter {
    out: Vec<u8>,
    fmt: Pretty,
}

/// A struct or sequence being written; `first` until its first element is.
struct JsonCompound<'a> {
    writer: &'a mut JsonWriter,
    first: bool,
    empty: bool,
}

type JsonResult = Result<(), serde_json::Error>;

fn io(r: std::io::Result<()>) -> JsonResult {
    r.map_err(serde_json::Error::io)
}

fn refuse(what: &str) -> serde_json::Error {
    <serde_json::Error as serde::ser::Error>::custom(format!("{what} left to serde_json"))
}

/// True when one of the eight bytes of `word` needs a JSON escape: a control character
/// (below 0x20), `"` or `\` (the usual tests for a byte below a bound and for a zero byte).
fn needs_escape(word: u64) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * LOW;
    let zero = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    (word.wrapping_sub(0x20 * LOW) & !word & HIGH)
        | zero(word ^ (u64::from(b'"') * LOW))
        | zero(word ^ (u64::from(b'\\') * LOW))
        != 0
}

impl JsonWriter {
    /// `s` as a JSON string, escaped as serde_json escapes it.
    fn string(&mut self, s: &str) -> JsonResult {
        use serde_json::ser::{CharEscape, Formatter};
        io(self.fmt.begin_string(&mut self.out))?;
        let b = s.as_bytes();
        let (mut from, mut at) = (0, 0);
        loop {
            // Whole words without an escape, then byte by byte to the next escape (in the
            // word found to hold one, or in the last few bytes).
            while let Some(chunk) = b.get(at..at + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                if needs_escape(u64::from_le_bytes(word)) {
                    break;
                }
                at += 8;
            }
            let next = b[at..]
                .iter()
                .position(|&c| c < 0x20 || c == b'"' || c == b'\\');
            let Some(next) = next else { break };
            at += next;
            let escape = match b[at] {
                b'"' => CharEscape::Quote,
                b'\\' => CharEscape::ReverseSolidus,
                0x08 => CharEscape::Backspace,
                b'\t' => CharEscape::Tab,
                b'\n' => CharEscape::LineFeed,
                0x0C => CharEscape::FormFeed,
                b'\r' => CharEscape::CarriageReturn,
                c => CharEscape::AsciiControl(c),
            };
            self.out.extend_from_slice(&b[from..at]);
            io(self.fmt.write_char_escape(&mut self.out, escape))?;
            at += 1;
            from = at;
        }
        self.out.extend_from_slice(&b[from..]);
        io(self.fmt.end_string(&mut self.out))
    }

    fn compound(
        &mut self,
        len: Option<usize>,
        array: bool,
    ) -> Result<JsonCompound<'_>, serde_json::Error> {
        use serde_json::ser::Formatter;
        let empty = len == Some(0);
        if array {
            io(self.fmt.begin_array(&mut self.out))?;
            if empty {
                io(self.fmt.end_array(&mut self.out))?;
            }
        } else {
            io(self.fmt.begin_object(&mut self.out))?;
            if empty {
                io(self.fmt.end_object(&mut self.out))?;
            }
        }
        Ok(JsonCompound {
            writer: self,
            first: true,
            empty,
        })
    }
}

impl<'a> serde::Serializer for &'a mut JsonWriter {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = JsonCompound<'a>;
    type SerializeTuple = JsonCompound<'a>;
    type SerializeTupleStruct = JsonCompound<'a>;
    type SerializeTupleVariant = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeMap = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeStruct = JsonCompound<'a>;
    type SerializeStructVariant = serde::ser::Impossible<(), serde_json::Error>;

    fn serialize_bool(self, v: bool) -> JsonResult {
        io(serde_json::ser::Formatter::write_bool(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_i8(self, v: i8) -> JsonResult {
        io(serde_json::ser::Formatter::write_i8(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_i16(self, v: i16) -> JsonResult {
        io(serde_json::ser::Formatter::write_i16(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_i32(self, v: i32) -> JsonResult {
        io(serde_json::ser::Formatter::write_i32(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_i64(self, v: i64) -> JsonResult {
        io(serde_json::ser::Formatter::write_i64(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_u8(self, v: u8) -> JsonResult {
        io(serde_json::ser::Formatter::write_u8(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_u16(self, v: u16) -> JsonResult {
        io(serde_json::ser::Formatter::write_u16(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_u32(self, v: u32) -> JsonResult {
        io(serde_json::ser::Formatter::write_u32(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_u64(self, v: u64) -> JsonResult {
        io(serde_json::ser::Formatter::write_u64(
            &mut self.fmt,
            &mut self.out,
            v,
        ))
    }
    fn serialize_f32(self, v: f32) -> JsonResult {
        if v.is_finite() {
            io(serde_json::ser::Formatter::write_f32(
                &mut self.fmt,
                &mut self.out,
                v,
            ))
        } else {
            self.serialize_unit()
        }
    }
    fn serialize_f64(self, v: f64) -> JsonResult {
        if v.is_finite() {
            io(serde_json::ser::Formatter::write_f64(
                &mut self.fmt,
                &mut self.out,
                v,
            ))
        } else {
            self.serialize_unit()
        }
    }
    fn serialize_char(self, v: char) -> JsonResult {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> JsonResult {
        self.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> JsonResult {
        Err(refuse("bytes"))
    }
    fn serialize_none(self) -> JsonResult {
        self.serialize_unit()
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> JsonResult {
        value.serialize(self)
    }
    fn serialize_unit(self) -> JsonResult {
        io(serde_json::ser::Formatter::write_null(
            &mut self.fmt,
            &mut self.out,
        ))
    }
    fn serialize_unit_struct(self, _: &'static str) -> JsonResult {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> JsonResult {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> JsonResult {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> JsonResult {
        Err(refuse("enum variant with data"))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<JsonCompound<'a>, serde_json::Error> {
        self.compound(len, true)
    }
    fn serialize_tuple(self, len: usize) -> Result<JsonCompound<'a>, serde_json::Error> {
        self.compound(Some(len), true)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<JsonCompound<'a>, serde_json::Error> {
        self.compound(Some(len), true)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(refuse("enum variant with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        Err(refuse("map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<JsonCompound<'a>, serde_json::Error> {
        self.compound(Some(len), false)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(refuse("enum variant with data"))
    }
}

impl JsonCompound<'_> {
    fn element<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> JsonResult {
        use serde_json::ser::Formatter;
        let w = &mut *self.writer;
        io(w.fmt.begin_array_value(&mut w.out, self.first))?;
        self.first = false;
        value.serialize(&mut *w)?;
        io(w.fmt.end_array_value(&mut w.out))
    }

    fn end_array(self) -> JsonResult {
        use serde_json::ser::Formatter;
        if self.empty {
            return Ok(());
        }
        io(self.writer.fmt.end_array(&mut self.writer.out))
    }
}

impl serde::ser::SerializeSeq for JsonCompound<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_element<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> JsonResult {
        self.element(value)
    }
    fn end(self) -> JsonResult {
        self.end_array()
    }
}

impl serde::ser::SerializeTuple for JsonCompound<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_element<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> JsonResult {
        self.element(value)
    }
    fn end(self) -> JsonResult {
        self.end_array()
    }
}

impl serde::ser::SerializeTupleStruct for JsonCompound<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> JsonResult {
        self.element(value)
    }
    fn end(self) -> JsonResult {
        self.end_array()
    }
}

impl serde::ser::SerializeStruct for JsonCompound<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> JsonResult {
        use serde_json::ser::Formatter;
        let w = &mut *self.writer;
        io(w.fmt.begin_object_key(&mut w.out, self.first))?;
        self.first = false;
        w.string(key)?;
        io(w.fmt.end_object_key(&mut w.out))?;
        io(w.fmt.begin_object_value(&mut w.out))?;
        value.serialize(&mut *w)?;
        io(w.fmt.end_object_value(&mut w.out))
    }
    fn end(self) -> JsonResult {
        use serde_json::ser::Formatter;
        if self.empty {
            return Ok(());
        }
        io(self.writer.fmt.end_object(&mut self.writer.out))
    }
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
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        const BREAK: &[u8; 130] = b",\n                                                                                                                                ";
        let from = usize::from(first);
        match BREAK.get(from..2 + 2 * self.level) {
            Some(bytes) => w.write_all(bytes),
            None => {
                w.write_all(&BREAK[from..2])?;
                (0..self.level).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(b"]")
    }

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
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, first)
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast writer's output, or `None` when it refuses the shape.
    fn fast<T: serde::Serialize + ?Sized>(value: &T) -> Option<String> {
        let mut w = JsonWriter {
            out: Vec::new(),
            fmt: Pretty::default(),
        };
        value.serialize(&mut w).ok()?;
        String::from_utf8(w.out).ok()
    }

    #[test]
    fn fast_writer_escapes_as_serde_json() {
        // Every character class at every position of strings shorter and longer than a word.
        let specials = [
            '"', '\\', '\u{0}', '\u{8}', '\t', '\n', '\u{c}', '\r', '\u{1f}', '\u{7f}', 'é', '¶',
            '/',
        ];
        for len in 0..20 {
            for at in 0..len {
                for &c in &specials {
                    let mut t: Vec<char> = "abcdefghijklmnopqrst".chars().take(len).collect();
                    t[at] = c;
                    if len > 3 {
                        t[len - 1] = '"';
                    }
                    let t: String = t.into_iter().collect();
                    assert_eq!(fast(&t), serde_json::to_string_pretty(&t).ok(), "{t:?}");
                }
            }
        }
        for b in 0..=0x7fu8 {
            let t = format!("{}{}", char::from(b), "x".repeat(usize::from(b % 11)));
            assert_eq!(fast(&t), serde_json::to_string_pretty(&t).ok(), "{t:?}");
        }
    }

    #[test]
    fn fast_writer_writes_comparisons_as_serde_json() {
        use crate::diff::testing::rev;
        use crate::diff::{compare, Options};
        let texts = [
            "",
            "1. Decides to establish a technology mechanism.\n2. Requests the \"secretariat\".",
            "1. Decides to establish a finance mechanism.\n3. Urges\tParties [to act] ¶ now.",
            "# Article 1\n\n1. Text\n\n(a) one;\n\n(b) two \u{1}.",
        ];
        for a in texts {
            for b in texts {
                let c = compare(&rev("a", a), &rev("b", b), &Options::default());
                let expected = serde_json::to_string_pretty(&c).unwrap();
                assert_eq!(fast(&c).as_deref(), Some(expected.as_str()));
                assert_eq!(json(&c).unwrap(), expected + "\n");
            }
        }
        // Shapes left to serde_json.
        assert_eq!(fast(&std::collections::BTreeMap::from([("k", 1)])), None);
        assert_eq!(
            fast(&Some([1.5, f64::NAN])),
            serde_json::to_string_pretty(&Some([1.5, f64::NAN])).ok()
        );
        assert_eq!(
            fast(&((), 'x', [0u8; 0])),
            serde_json::to_string_pretty(&((), 'x', [0u8; 0])).ok()
        );
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
            assert_eq!(
                pretty(&v, 0).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
