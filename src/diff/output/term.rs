//! Terminal redline: a summary, the renumbering once, then every entry that changed, with
//! deletions in red strike-through and insertions in green underline. Without colour
//! (piped, `NO_COLOR`, `--color never`) it falls back to git's word-diff notation
//! `[-deleted-]{+inserted+}`. Unchanged paragraphs are counted, not printed.

use std::fmt::Write as _;

use super::super::compare::{BlockRef, Comparison, Op};
use super::super::words::SegmentOp;
use super::{renumbering, summary_lines};

const RED: &str = "\x1b[31;9m";
const GREEN: &str = "\x1b[32;4m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Renders the redline for a terminal; `color` turns ANSI escapes on.
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
                c.old.name, c.new.name, c.old.blocks, c.new.blocks
            )
        )
    );
    for l in summary_lines(c) {
        let _ = writeln!(out, "  {l}");
    }
    for r in renumbering(c) {
        let _ = writeln!(out, "    {r}");
    }
    for n in &c.notices {
        let _ = writeln!(out, "  note: {n}");
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
        let label = e.label_display();
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
            match (s.op, color) {
                (SegmentOp::Equal, _) => out.push_str(&s.text),
                (SegmentOp::Delete, true) => out.push_str(&paint(RED, &s.text)),
                (SegmentOp::Insert, true) => out.push_str(&paint(GREEN, &s.text)),
                (SegmentOp::Delete, false) => {
                    let _ = write!(out, "[-{}-]", s.text);
                }
                (SegmentOp::Insert, false) => {
                    let _ = write!(out, "{{+{}+}}", s.text);
                }
            }
        }
        out.push('\n');
    }
    out
}
