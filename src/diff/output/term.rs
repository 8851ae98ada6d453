//! Terminal redline: a summary, the renumbering once, then every entry that changed, with
//! deletions in red strike-through and insertions in green underline. Without colour
//! (piped, `NO_COLOR`, `--color never`) it falls back to git's word-diff notation
//! `[-deleted-]{+inserted+}`. Unchanged paragraphs are counted, not printed.
//!
//! Text from the revisions never reaches the terminal raw: control characters (an `ESC[8m`
//! in a revision would hide the words after it) are shown as visible placeholders
//! ([`visible_controls`]: `␛`, `␀`, …, U+FFFD for C1 controls); tab and newline are kept.

use std::fmt::Write as _;

use super::super::compare::{BlockRef, Comparison, Op};
use super::super::words::SegmentOp;
use super::{renumbering, summary_lines};
use crate::xml_text::visible_controls;

const RED: &str = "\x1b[31;9m";
const GREEN: &str = "\x1b[32;4m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Renders the redline for a terminal; `color` turns ANSI escapes on (ours only: control
/// characters in the text are shown as placeholders, see the module docs).
pub fn render(c: &Comparison, color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint(
            BOLD,
            &format!(
                "{} → {} ({} → {} blocks)",
                visible_controls(&c.old.name),
                visible_controls(&c.new.name),
                c.old.blocks,
                c.new.blocks
            )
        )
    );
    for l in summary_lines(c) {
        let _ = writeln!(out, "  {}", visible_controls(&l));
    }
    for r in renumbering(c) {
        let _ = writeln!(out, "    {}", visible_controls(&r));
    }
    for n in &c.notices {
        let _ = writeln!(out, "  note: {}", visible_controls(n));
    }
    for e in c.entries.iter().filter(|e| e.op != Op::Unchanged) {
        let where_ = |v: &[BlockRef], side: &str| {
            v.first()
                .map(|b| format!("{side} line {}", b.line))
                .unwrap_or_default()
        };
        let place = [where_(&e.old, "old"), where_(&e.new, "new")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let op = serde_json::to_value(e.op)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let label = visible_controls(&e.label_display()).into_owned();
        let head = if label.is_empty() {
            format!("── {op} ({place})")
        } else {
            format!("── {label} {op} ({place})")
        };
        let _ = writeln!(out, "\n{}", paint(BOLD, &head));
        if e.coarse {
            let _ = writeln!(
                out,
                "{}",
                paint(DIM, "(over budget: whole-paragraph replacement)")
            );
        }
        for s in &e.segments {
            let text = visible_controls(&s.text);
            match (s.op, color) {
                (SegmentOp::Equal, _) => out.push_str(&text),
                (SegmentOp::Delete, true) => out.push_str(&paint(RED, &text)),
                (SegmentOp::Insert, true) => out.push_str(&paint(GREEN, &text)),
                (SegmentOp::Delete, false) => {
                    let _ = write!(out, "[-{text}-]");
                }
                (SegmentOp::Insert, false) => {
                    let _ = write!(out, "{{+{text}+}}");
                }
            }
        }
        out.push('\n');
    }
    out
}
