//! Markdown redline in CriticMarkup (`{++inserted++}`, `{--deleted--}`, `{>>comment<<}`):
//! the whole new text with the changes marked, one paragraph per entry, preceded by the
//! summary and the renumbering. Labels are the new labels (renumbering is listed once at
//! the top, not marked in every paragraph). CriticMarkup delimiters inside the text are
//! broken up with a zero-width space so that they cannot be read as markup, and control
//! characters are shown as visible placeholders (`␛`, `␀`, …; see
//! [`crate::xml_text::visible_controls`]), so that no escape sequence reaches a terminal or
//! viewer.

use std::fmt::Write as _;

use super::super::compare::{BlockRef, Comparison, Op};
use super::super::words::SegmentOp;
use super::super::BlockKind;
use super::{renumbering, summary_lines};

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

fn label(v: &[BlockRef]) -> Option<String> {
    v.first().and_then(|b| b.label.clone())
}

/// Renders the comparison as CriticMarkup Markdown.
pub fn render(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Redline: {} → {}\n",
        escape(&c.old.name),
        escape(&c.new.name)
    );
    for l in summary_lines(c) {
        let _ = writeln!(out, "- {}", escape(&l));
    }
    for r in renumbering(c) {
        let _ = writeln!(out, "  - {}", escape(&r));
    }
    for n in &c.notices {
        let _ = writeln!(out, "- note: {}", escape(n));
    }
    out.push('\n');
    for e in &c.entries {
        let mut line = String::new();
        if e.kind == BlockKind::Heading {
            line.push_str("## ");
        }
        let lab = match e.op {
            Op::Deleted => label(&e.old),
            _ => label(&e.new),
        };
        if let Some(l) = lab {
            match e.op {
                Op::Deleted => {
                    let _ = write!(line, "{{--{}--}} ", escape(&l));
                }
                Op::Added => {
                    let _ = write!(line, "{{++{}++}} ", escape(&l));
                }
                _ => {
                    let _ = write!(line, "{} ", escape(&l));
                }
            }
        }
        for s in &e.segments {
            let t = escape(&s.text);
            match s.op {
                SegmentOp::Equal => line.push_str(&t),
                SegmentOp::Delete => {
                    let _ = write!(line, "{{--{t}--}}");
                }
                SegmentOp::Insert => {
                    let _ = write!(line, "{{++{t}++}}");
                }
            }
        }
        let from = label(&e.old)
            .map(|l| format!("{l} (old line {})", e.old.first().map_or(0, |b| b.line)))
            .unwrap_or_else(|| format!("old line {}", e.old.first().map_or(0, |b| b.line)));
        let note = match e.op {
            Op::Moved | Op::MovedModified => Some(format!("moved from {from}")),
            Op::Split => Some(format!("split from {from} into {} paragraphs", e.new.len())),
            Op::Merged => Some(format!("merged from {} paragraphs", e.old.len())),
            _ => None,
        };
        if let Some(n) = note {
            let _ = write!(line, " {{>>{}<<}}", escape(&n));
        }
        let _ = writeln!(out, "{line}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_in_text_are_neutralised() {
        assert_eq!(escape("a {++b++} c"), "a {\u{200b}++b+\u{200b}+} c");
    }
}
