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
    let mut out = pretty(c, capacity)?;
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

    #[test]
    fn json_is_serde_json_pretty_with_a_newline() {
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
                assert_eq!(json(&c).unwrap(), expected + "\n");
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
            assert_eq!(
                pretty(&v, 0).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
