//! Terminal redline: a summary, the renumbering once, then every entry that changed, with
//! deletions in red strike-through and insertions in green underline. Without colour
//! (piped, `NO_COLOR`, `--color never`) it falls back to git's word-diff notation
//! `[-deleted-]{+inserted+}`. Unchanged paragraphs are counted, not printed.
//!
//! Text from the revisions never reaches the terminal raw: control characters (an `ESC[8m`
//! in a revision would hide the words after it) are shown as visible placeholders
//! ([`visible_controls`]: `␛`, `␀`, …, U+FFFD for C1 controls); tab and newline are kept.
//!
//! [`visible_controls`]: crate::xml_text::visible_controls

use std::io::{self, Write};

use super::super::compare::{renumbering_run_pieces, Comparison, Op};
use super::super::words::SegmentOp;
use super::{label_parts, op_name, summary_lines, write_usize, write_visible};

const RED: &[u8] = b"\x1b[31;9m";
const GREEN: &[u8] = b"\x1b[32;4m";
const BOLD: &[u8] = b"\x1b[1m";
const DIM: &[u8] = b"\x1b[2m";
const RESET: &[u8] = b"\x1b[0m";

/// Renders the redline for a terminal; `color` turns ANSI escapes on (ours only: control
/// characters in the text are shown as placeholders, see the module docs).
pub fn render(c: &Comparison, color: bool) -> String {
    let mut out = Vec::new();
    // Writing into a `Vec` cannot fail.
    let _ = write(c, color, &mut out);
    // Only `&str` pieces and ASCII are written: the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the redline of [`render`] to `out` as it goes.
///
/// # Errors
/// When `out` fails.
pub fn write<W: Write + ?Sized>(c: &Comparison, color: bool, out: &mut W) -> io::Result<()> {
    // `code`, then what `body` writes, then the reset, when in colour.
    let paint = |out: &mut W, code: &[u8], body: &dyn Fn(&mut W) -> io::Result<()>| {
        if color {
            out.write_all(code)?;
        }
        body(out)?;
        if color {
            out.write_all(RESET)?;
        }
        Ok::<(), io::Error>(())
    };
    paint(out, BOLD, &|out| {
        write_visible(out, &c.old.name)?;
        out.write_all(" → ".as_bytes())?;
        write_visible(out, &c.new.name)?;
        out.write_all(b" (")?;
        write_usize(out, c.old.blocks)?;
        out.write_all(" → ".as_bytes())?;
        write_usize(out, c.new.blocks)?;
        out.write_all(b" blocks)")
    })?;
    out.write_all(b"\n")?;
    for l in summary_lines(c) {
        out.write_all(b"  ")?;
        write_visible(out, &l)?;
        out.write_all(b"\n")?;
    }
    // The lines of `renumbering(c)`, written piece by piece.
    for pieces in renumbering_run_pieces(&c.renumbering) {
        out.write_all(b"    ")?;
        for p in pieces.into_iter().filter(|p| !p.is_empty()) {
            write_visible(out, p)?;
        }
        out.write_all(b"\n")?;
    }
    for n in &c.notices {
        out.write_all(b"  note: ")?;
        write_visible(out, n)?;
        out.write_all(b"\n")?;
    }
    for e in c.entries.iter().filter(|e| e.op != Op::Unchanged) {
        // The heading line, bold in colour, each run of fixed bytes in one write.
        out.write_all(if color {
            "\n\x1b[1m── ".as_bytes()
        } else {
            "\n── ".as_bytes()
        })?;
        let (label, other) = label_parts(e);
        if !label.is_empty() || other.is_some() {
            write_visible(out, label)?;
            if let Some(new) = other {
                out.write_all(" → ".as_bytes())?;
                write_visible(out, new)?;
            }
            out.write_all(b" ")?;
        }
        out.write_all(op_name(e.op).as_bytes())?;
        match (e.old.first(), e.new.first()) {
            (Some(o), n) => {
                out.write_all(b" (old line ")?;
                write_usize(out, o.line)?;
                if let Some(n) = n {
                    out.write_all(b", new line ")?;
                    write_usize(out, n.line)?;
                }
            }
            (None, Some(n)) => {
                out.write_all(b" (new line ")?;
                write_usize(out, n.line)?;
            }
            (None, None) => out.write_all(b" (")?,
        }
        out.write_all(if color { b")\x1b[0m\n" } else { &b")\n"[..] })?;
        if e.coarse {
            paint(out, DIM, &|out| {
                out.write_all(b"(over budget: whole-paragraph replacement)")
            })?;
            out.write_all(b"\n")?;
        }
        for s in &e.segments {
            let (open, close): (&[u8], &[u8]) = match (s.op, color) {
                (SegmentOp::Equal, _) => (b"", b""),
                (SegmentOp::Delete, true) => (RED, RESET),
                (SegmentOp::Insert, true) => (GREEN, RESET),
                (SegmentOp::Delete, false) => (b"[-", b"-]"),
                (SegmentOp::Insert, false) => (b"{+", b"+}"),
            };
            out.write_all(open)?;
            write_visible(out, &s.text)?;
            out.write_all(close)?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}
