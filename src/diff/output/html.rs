//! Self-contained HTML redline: one file, no scripts, no external resources. A summary at
//! the top (counts, renumbering, notices), then the whole text in two views switched by
//! CSS-only radio buttons — inline (`<del>`/`<ins>`) and side by side (old | new) — with an
//! anchor per paragraph (`#e12`) and a "changes only" filter. Every piece of text from the
//! revisions is HTML-escaped, its control characters and noncharacters replaced by visible
//! placeholders ([`escape`]), so that the page stays valid HTML.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::super::compare::{BlockRef, Comparison, Entry, Op};
use super::super::words::SegmentOp;
use super::{op_name, renumbering, summary_lines, write_mapped, Sub};
use crate::xml_text::control_picture;

/// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values, and replaces what HTML
/// does not allow in a page: a control character (other than tab and newline) by its
/// [`control_picture`] (`␀` … `␟`, `␡`, U+FFFD for C1 controls), a noncharacter (U+FDD0–U+FDEF,
/// U+xFFFE, U+xFFFF) by U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    // Writing into a `Vec` cannot fail.
    let _ = write_escaped(&mut out, s);
    // `s` with some characters replaced by others or by ASCII: UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes [`escape`]`(s)`.
fn write_escaped<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    write_mapped(out, s, may_need_escape, escaped)
}

/// The substitute of `c` in [`escape`], if any.
fn escaped(c: char) -> Option<Sub> {
    match c {
        '&' => Some(Sub::Str("&amp;")),
        '<' => Some(Sub::Str("&lt;")),
        '>' => Some(Sub::Str("&gt;")),
        '"' => Some(Sub::Str("&quot;")),
        '\'' => Some(Sub::Str("&#39;")),
        _ if is_noncharacter(c) => Some(Sub::Char('\u{FFFD}')),
        _ => control_picture(c).map(Sub::Char),
    }
}

/// True for the bytes that can start a character [`escaped`] replaces: the five markup
/// characters, C0 controls and DEL, 0xC2 (C1 controls), 0xEF (U+FDD0–U+FDEF, U+FFFE, U+FFFF)
/// and 0xF0–0xF4 (the noncharacters of the other planes).
#[inline]
fn may_need_escape(b: u8) -> bool {
    (b < 0x20)
        | (b == b'&')
        | (b == b'<')
        | (b == b'>')
        | (b == b'"')
        | (b == b'\'')
        | (b == 0x7F)
        | (b == 0xC2)
        | (b == 0xEF)
        | (b >= 0xF0)
}

/// True for the Unicode noncharacters, which an HTML page must not contain.
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || u32::from(c) & 0xFFFE == 0xFFFE
}

const STYLE: &str = "body{font-family:Georgia,serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
header{border-bottom:1px solid #ccc;margin-bottom:1rem}
table.counts td{padding:.1rem .6rem}
del{color:#a00;background:#fdd;text-decoration:line-through}
ins{color:#060;background:#dfd;text-decoration:underline}
.e{margin:.6rem 0;padding:.2rem .4rem;border-left:3px solid transparent}
.e .label{font-weight:bold;margin-right:.4rem}
.tag{font:small sans-serif;color:#555;margin-left:.5rem}
.op-added{border-color:#060}.op-deleted{border-color:#a00}
.op-modified,.op-moved-modified,.op-split,.op-merged{border-color:#c80}.op-moved{border-color:#06a}
.op-unchanged{color:#555}
.heading{font-size:1.2em;font-weight:bold}
a.anchor{color:#aaa;text-decoration:none;margin-right:.3rem}
table.side{border-collapse:collapse;width:100%}table.side td{vertical-align:top;width:50%;padding:.3rem;border-top:1px solid #eee}
.views{font-family:sans-serif;margin:1rem 0}
.side{display:none}
#view-side:checked~main .side{display:table}#view-side:checked~main .inline{display:none}
#changes-only:checked~main .op-unchanged{display:none}
";

/// Writes the label of the first block of `v`, if it has one, followed by a space (which
/// keeps label and text apart in the side-by-side cells, where `.e` has no margin, and when
/// the text is copied).
fn write_label<W: Write + ?Sized>(out: &mut W, v: &[BlockRef]) -> io::Result<()> {
    if let Some(l) = v.first().and_then(|b| b.label.as_deref()) {
        out.write_all(b"<span class=\"label\">")?;
        write_escaped(out, l)?;
        out.write_all(b"</span> ")?;
    }
    Ok(())
}

/// Writes the segments as HTML: equal text always, deletions when `show_del`, insertions
/// when `show_ins` (both for the inline view).
fn write_segments<W: Write + ?Sized>(
    out: &mut W,
    e: &Entry,
    show_del: bool,
    show_ins: bool,
) -> io::Result<()> {
    for s in &e.segments {
        let (open, close): (&[u8], &[u8]) = match s.op {
            SegmentOp::Equal => (b"", b""),
            SegmentOp::Delete if show_del => (b"<del>", b"</del>"),
            SegmentOp::Insert if show_ins => (b"<ins>", b"</ins>"),
            _ => continue,
        };
        out.write_all(open)?;
        write_escaped(out, &s.text)?;
        out.write_all(close)?;
    }
    Ok(())
}

/// The tag of a changed (or renumbered) entry: what happened, from where, and the budget
/// fallback; not escaped.
fn note(e: &Entry) -> String {
    let old_line = e.old.first().map_or(0, |b| b.line);
    let from = || {
        e.old
            .first()
            .and_then(|b| b.label.as_deref())
            .map(|l| format!("{l}, old line {old_line}"))
            .unwrap_or_else(|| format!("old line {old_line}"))
    };
    let mut s = match e.op {
        Op::Moved | Op::MovedModified => format!("{} from {}", op_name(e.op), from()),
        Op::Split => format!("split from {} into {} paragraphs", from(), e.new.len()),
        Op::Merged => format!("merged from {} paragraphs", e.old.len()),
        _ => op_name(e.op).to_string(),
    };
    if e.relabelled {
        let _ = write!(s, "; renumbered {}", e.label_display());
    }
    if e.coarse {
        s.push_str("; over budget: whole-paragraph replacement");
    }
    s
}

/// Renders the redline as one self-contained HTML page.
pub fn render(c: &Comparison) -> String {
    let mut out = Vec::new();
    // Writing into a `Vec` cannot fail.
    let _ = write(c, &mut out);
    // Only `&str` pieces are written: the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the page of [`render`] to `out` as it goes.
///
/// # Errors
/// When `out` fails.
pub fn write<W: Write + ?Sized>(c: &Comparison, out: &mut W) -> io::Result<()> {
    let title = format!("Redline: {} → {}", c.old.name, c.new.name);
    out.write_all(
        b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
    )?;
    write_escaped(out, &title)?;
    out.write_all(b"</title>\n<style>\n")?;
    out.write_all(STYLE.as_bytes())?;
    out.write_all(b"</style>\n</head>\n<body>\n<header>\n<h1>")?;
    write_escaped(out, &title)?;
    out.write_all(b"</h1>\n<ul class=\"summary\">\n")?;
    let item = |out: &mut W, text: &str| {
        out.write_all(b"<li>")?;
        write_escaped(out, text)?;
        out.write_all(b"</li>\n")
    };
    for l in summary_lines(c) {
        item(out, &l)?;
    }
    out.write_all(b"</ul>\n")?;
    let runs = renumbering(c);
    if !runs.is_empty() {
        writeln!(
            out,
            "<details><summary>Renumbering ({} labels)</summary>\n<ul>",
            c.renumbering.len()
        )?;
        for r in runs {
            item(out, &r)?;
        }
        out.write_all(b"</ul>\n</details>\n")?;
    }
    for n in &c.notices {
        out.write_all(b"<p class=\"notice\">Note: ")?;
        write_escaped(out, n)?;
        out.write_all(b"</p>\n")?;
    }
    out.write_all(b"</header>\n<div class=\"views\">\n")?;
    out.write_all(b"<input type=\"radio\" name=\"view\" id=\"view-inline\" checked><label for=\"view-inline\">Inline</label>\n")?;
    out.write_all(b"<input type=\"radio\" name=\"view\" id=\"view-side\"><label for=\"view-side\">Side by side</label>\n")?;
    out.write_all(b"<input type=\"checkbox\" id=\"changes-only\"><label for=\"changes-only\">Changes only</label>\n")?;
    out.write_all(b"<main>\n<section class=\"inline\">\n")?;
    for e in &c.entries {
        let id = e.id.as_bytes();
        out.write_all(b"<p class=\"e op-")?;
        out.write_all(op_name(e.op).as_bytes())?;
        if e.kind == super::super::BlockKind::Heading {
            out.write_all(b" heading")?;
        }
        out.write_all(b"\" id=\"")?;
        out.write_all(id)?;
        out.write_all(b"\"><a class=\"anchor\" href=\"#")?;
        out.write_all(id)?;
        out.write_all("\">¶</a>".as_bytes())?;
        write_label(out, if e.op == Op::Deleted { &e.old } else { &e.new })?;
        write_segments(out, e, true, true)?;
        if e.op != Op::Unchanged || e.relabelled {
            out.write_all(b"<span class=\"tag\">")?;
            write_escaped(out, &note(e))?;
            out.write_all(b"</span>")?;
        }
        out.write_all(b"</p>\n")?;
    }
    out.write_all(b"</section>\n<table class=\"side\">\n<tr><th>")?;
    write_escaped(out, &c.old.name)?;
    out.write_all(b"</th><th>")?;
    write_escaped(out, &c.new.name)?;
    out.write_all(b"</th></tr>\n")?;
    for e in &c.entries {
        let id = e.id.as_bytes();
        out.write_all(b"<tr class=\"op-")?;
        out.write_all(op_name(e.op).as_bytes())?;
        out.write_all(b"\" id=\"side-")?;
        out.write_all(id)?;
        out.write_all(b"\"><td><a class=\"anchor\" href=\"#side-")?;
        out.write_all(id)?;
        out.write_all("\">¶</a>".as_bytes())?;
        if !e.old.is_empty() {
            write_label(out, &e.old)?;
            write_segments(out, e, true, false)?;
        }
        out.write_all(b"</td><td>")?;
        if !e.new.is_empty() {
            write_label(out, &e.new)?;
            write_segments(out, e, false, true)?;
        }
        out.write_all(b"</td></tr>\n")?;
    }
    out.write_all(b"</table>\n</main>\n</div>\n</body>\n</html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escape as first written, one character at a time.
    fn escape_by_char(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                _ if is_noncharacter(c) => out.push('\u{FFFD}'),
                _ => out.push(control_picture(c).unwrap_or(c)),
            }
        }
        out
    }

    #[test]
    fn escape_is_the_escape_by_char() {
        for s in super::super::tests::tricky_strings() {
            assert_eq!(escape(&s), escape_by_char(&s), "{s:?}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
