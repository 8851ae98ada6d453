//! Self-contained HTML redline: one file, no scripts, no external resources. A summary at
//! the top (counts, renumbering, notices), then the whole text in two views switched by
//! CSS-only radio buttons — inline (`<del>`/`<ins>`) and side by side (old | new) — with an
//! anchor per paragraph (`#e12`) and a "changes only" filter. Every piece of text from the
//! revisions is HTML-escaped, its control characters and noncharacters replaced by visible
//! placeholders ([`escape`]), so that the page stays valid HTML.

use std::fmt::Write as _;

use super::super::compare::{BlockRef, Comparison, Entry, Op};
use super::super::words::SegmentOp;
use super::{renumbering, summary_lines};
use crate::xml_text::control_picture;

/// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values, and replaces what HTML
/// does not allow in a page: a control character (other than tab and newline) by its
/// [`control_picture`] (`␀` … `␟`, `␡`, U+FFFD for C1 controls), a noncharacter (U+FDD0–U+FDEF,
/// U+xFFFE, U+xFFFF) by U+FFFD.
pub fn escape(s: &str) -> String {
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

fn op_name(op: Op) -> &'static str {
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

fn label(v: &[BlockRef]) -> String {
    v.first()
        .and_then(|b| b.label.clone())
        // The space keeps label and text apart in the side-by-side cells (no `.e` margin
        // there) and when the text is copied.
        .map(|l| format!("<span class=\"label\">{}</span> ", escape(&l)))
        .unwrap_or_default()
}

/// Segments as HTML; `keep` selects which ops are shown (all for inline).
fn segments(e: &Entry, show_del: bool, show_ins: bool) -> String {
    let mut out = String::new();
    for s in &e.segments {
        let t = escape(&s.text);
        match s.op {
            SegmentOp::Equal => out.push_str(&t),
            SegmentOp::Delete if show_del => {
                let _ = write!(out, "<del>{t}</del>");
            }
            SegmentOp::Insert if show_ins => {
                let _ = write!(out, "<ins>{t}</ins>");
            }
            _ => {}
        }
    }
    out
}

fn note(e: &Entry) -> String {
    let old_line = e.old.first().map_or(0, |b| b.line);
    let from = e
        .old
        .first()
        .and_then(|b| b.label.clone())
        .map(|l| format!("{l}, old line {old_line}"))
        .unwrap_or_else(|| format!("old line {old_line}"));
    let mut s = op_name(e.op).to_string();
    match e.op {
        Op::Moved | Op::MovedModified => s = format!("{s} from {from}"),
        Op::Split => s = format!("split from {from} into {} paragraphs", e.new.len()),
        Op::Merged => s = format!("merged from {} paragraphs", e.old.len()),
        _ => {}
    }
    if e.relabelled {
        let _ = write!(s, "; renumbered {}", e.label_display());
    }
    if e.coarse {
        s.push_str("; over budget: whole-paragraph replacement");
    }
    escape(&s)
}

/// Renders the redline as one self-contained HTML page.
pub fn render(c: &Comparison) -> String {
    let title = format!("Redline: {} → {}", c.old.name, c.new.name);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<ul class=\"summary\">\n",
        escape(&title),
        escape(&title)
    );
    for l in summary_lines(c) {
        let _ = writeln!(out, "<li>{}</li>", escape(&l));
    }
    out.push_str("</ul>\n");
    let runs = renumbering(c);
    if !runs.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Renumbering ({} labels)</summary>\n<ul>",
            c.renumbering.len()
        );
        for r in runs {
            let _ = writeln!(out, "<li>{}</li>", escape(&r));
        }
        out.push_str("</ul>\n</details>\n");
    }
    for n in &c.notices {
        let _ = writeln!(out, "<p class=\"notice\">Note: {}</p>", escape(n));
    }
    out.push_str("</header>\n<div class=\"views\">\n");
    out.push_str("<input type=\"radio\" name=\"view\" id=\"view-inline\" checked><label for=\"view-inline\">Inline</label>\n");
    out.push_str("<input type=\"radio\" name=\"view\" id=\"view-side\"><label for=\"view-side\">Side by side</label>\n");
    out.push_str("<input type=\"checkbox\" id=\"changes-only\"><label for=\"changes-only\">Changes only</label>\n");
    out.push_str("<main>\n<section class=\"inline\">\n");
    for e in &c.entries {
        let heading = if e.kind == super::super::BlockKind::Heading {
            " heading"
        } else {
            ""
        };
        let lab = if e.op == Op::Deleted {
            label(&e.old)
        } else {
            label(&e.new)
        };
        let tag = if e.op == Op::Unchanged && !e.relabelled {
            String::new()
        } else {
            format!("<span class=\"tag\">{}</span>", note(e))
        };
        let _ = writeln!(
            out,
            "<p class=\"e op-{op}{heading}\" id=\"{id}\"><a class=\"anchor\" href=\"#{id}\">¶</a>{lab}{}{tag}</p>",
            segments(e, true, true),
            op = op_name(e.op),
            id = e.id,
        );
    }
    out.push_str("</section>\n<table class=\"side\">\n");
    let _ = writeln!(
        out,
        "<tr><th>{}</th><th>{}</th></tr>",
        escape(&c.old.name),
        escape(&c.new.name)
    );
    for e in &c.entries {
        let old = if e.old.is_empty() {
            String::new()
        } else {
            format!("{}{}", label(&e.old), segments(e, true, false))
        };
        let new = if e.new.is_empty() {
            String::new()
        } else {
            format!("{}{}", label(&e.new), segments(e, false, true))
        };
        let _ = writeln!(
            out,
            "<tr class=\"op-{}\" id=\"side-{id}\"><td><a class=\"anchor\" href=\"#side-{id}\">¶</a>{old}</td><td>{new}</td></tr>",
            op_name(e.op),
            id = e.id
        );
    }
    out.push_str("</table>\n</main>\n</div>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
