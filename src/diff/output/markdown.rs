//! Markdown redline in CriticMarkup (`{++inserted++}`, `{--deleted--}`, `{>>comment<<}`):
//! the whole new text with the changes marked, one paragraph per entry, preceded by the
//! summary and the renumbering. Labels are the new labels (renumbering is listed once at
//! the top, not marked in every paragraph). CriticMarkup delimiters inside the text are
//! broken up with a zero-width space so that they cannot be read as markup, and control
//! characters are shown as visible placeholders (`␛`, `␀`, …; see
//! [`crate::xml_text::visible_controls`]), so that no escape sequence reaches a terminal or
//! viewer.

use std::io::{self, Write};

use super::super::compare::{BlockRef, Comparison, Op};
use super::super::words::SegmentOp;
use super::super::BlockKind;
use super::{next_maybe, renumbering, summary_lines, write_visible};

/// Neutralises CriticMarkup delimiters and control characters occurring in the text itself.
fn escape(s: &str) -> String {
    let mut out = crate::xml_text::visible_controls(s).into_owned();
    for d in [
        "{++", "++}", "{--", "--}", "{>>", "<<}", "{~~", "~~}", "{==", "==}",
    ] {
        if out.contains(d) {
            let mut chars = d.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            out = out.replace(d, &format!("{first}\u{200b}{}", chars.as_str()));
        }
    }
    out
}

/// Writes [`escape`]`(s)`. Every delimiter has a brace, so text without one only needs its
/// control characters made visible.
fn write_escaped<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    let brace = |b: u8| (b == b'{') | (b == b'}');
    if next_maybe(s.as_bytes(), 0, &brace) < s.len() {
        out.write_all(escape(s).as_bytes())
    } else {
        write_visible(out, s)
    }
}

fn label(v: &[BlockRef]) -> Option<&str> {
    v.first().and_then(|b| b.label.as_deref())
}

/// Renders the comparison as CriticMarkup Markdown.
pub fn render(c: &Comparison) -> String {
    let mut out = Vec::new();
    // Writing into a `Vec` cannot fail.
    let _ = write(c, &mut out);
    // Only `&str` pieces are written: the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the Markdown of [`render`] to `out` as it goes.
///
/// # Errors
/// When `out` fails.
pub fn write<W: Write + ?Sized>(c: &Comparison, out: &mut W) -> io::Result<()> {
    out.write_all(b"# Redline: ")?;
    write_escaped(out, &c.old.name)?;
    out.write_all(" → ".as_bytes())?;
    write_escaped(out, &c.new.name)?;
    out.write_all(b"\n\n")?;
    for l in summary_lines(c) {
        out.write_all(b"- ")?;
        write_escaped(out, &l)?;
        out.write_all(b"\n")?;
    }
    for r in renumbering(c) {
        out.write_all(b"  - ")?;
        write_escaped(out, &r)?;
        out.write_all(b"\n")?;
    }
    for n in &c.notices {
        out.write_all(b"- note: ")?;
        write_escaped(out, n)?;
        out.write_all(b"\n")?;
    }
    out.write_all(b"\n")?;
    for e in &c.entries {
        if e.kind == BlockKind::Heading {
            out.write_all(b"## ")?;
        }
        let lab = match e.op {
            Op::Deleted => label(&e.old),
            _ => label(&e.new),
        };
        if let Some(l) = lab {
            let (open, close): (&[u8], &[u8]) = match e.op {
                Op::Deleted => (b"{--", b"--} "),
                Op::Added => (b"{++", b"++} "),
                _ => (b"", b" "),
            };
            out.write_all(open)?;
            write_escaped(out, l)?;
            out.write_all(close)?;
        }
        for s in &e.segments {
            let (open, close): (&[u8], &[u8]) = match s.op {
                SegmentOp::Equal => (b"", b""),
                SegmentOp::Delete => (b"{--", b"--}"),
                SegmentOp::Insert => (b"{++", b"++}"),
            };
            out.write_all(open)?;
            write_escaped(out, &s.text)?;
            out.write_all(close)?;
        }
        let from = || {
            let line = e.old.first().map_or(0, |b| b.line);
            label(&e.old)
                .map(|l| format!("{l} (old line {line})"))
                .unwrap_or_else(|| format!("old line {line}"))
        };
        let note = match e.op {
            Op::Moved | Op::MovedModified => Some(format!("moved from {}", from())),
            Op::Split => Some(format!(
                "split from {} into {} paragraphs",
                from(),
                e.new.len()
            )),
            Op::Merged => Some(format!("merged from {} paragraphs", e.old.len())),
            _ => None,
        };
        if let Some(n) = note {
            out.write_all(b" {>>")?;
            // The whole note, as one string: a delimiter may not hide across its parts.
            write_escaped(out, &n)?;
            out.write_all(b"<<}")?;
        }
        out.write_all(b"\n\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_escaped_is_escape() {
        let mut texts = super::super::tests::tricky_strings();
        texts.extend(
            [
                "{++}",
                "a {--b--} c",
                "{>><<}",
                "{~~a~>b~~}",
                "{==x==}",
                "{",
                "}",
                "{+\u{1b}+}",
            ]
            .map(String::from),
        );
        for s in texts {
            let mut out = Vec::new();
            write_escaped(&mut out, &s).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape(&s), "{s:?}");
        }
    }

    #[test]
    fn delimiters_in_text_are_neutralised() {
        assert_eq!(escape("a {++b++} c"), "a {\u{200b}++b+\u{200b}+} c");
    }
}
