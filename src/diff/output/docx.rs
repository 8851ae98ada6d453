//! Word redline: the new revision as a DOCX whose differences from the old one are real
//! tracked changes (`w:ins` / `w:del`, author and date set), so that Word and LibreOffice
//! show a redline and "accept all" gives the new text.
//!
//! * Paragraphs edited in place carry word-level insertions and deletions.
//! * Added and deleted paragraphs are inserted or deleted whole, paragraph mark included.
//! * A moved paragraph is deleted at its old place and inserted at its new one; splits and
//!   merges delete the old paragraph(s) and insert the new one(s). (Word's own move
//!   tracking, `w:moveFrom`/`w:moveTo`, is not available in docx-rs.)
//! * Headings use Word's `Heading N` styles.
//! * Labels are written as the new labels, untracked: a renumbering is listed once by the
//!   other formats, never as an edit in every paragraph.
//!
//! Output is deterministic: the date comes from `--date` or the revision, never the clock;
//! docx-rs numbers paragraphs from 1 on each build and writes zip entries with a fixed time.

use docx_rs::{Delete, Docx, Insert, Paragraph, Run, Style, StyleType};

use super::super::compare::{Comparison, Op};
use super::super::words::SegmentOp;
use super::super::{Block, BlockKind, Revision};
use crate::{Error, Result};

/// Author and date of the tracked changes.
#[derive(Debug, Clone)]
pub struct DocxOptions {
    /// Author shown in Word's review pane: the new revision's name or `--author`.
    pub author: String,
    /// ISO 8601 date-time, e.g. `2015-12-04T00:00:00Z`.
    pub date: String,
}

/// The date of the tracked changes as Word wants it (`w:date`, ISO 8601 with time):
/// `2015-12-04` becomes `2015-12-04T00:00:00Z`; `2015-12-04T10:30:00Z` is kept.
///
/// # Errors
/// A message naming the expected forms, for any other value.
pub fn word_date(date: &str) -> Result<String, String> {
    let d = date.trim();
    let digits = |s: &str, at: &[usize]| {
        at.iter()
            .all(|&i| s.as_bytes().get(i).is_some_and(u8::is_ascii_digit))
    };
    let is_day = |s: &str| {
        s.len() == 10
            && digits(s, &[0, 1, 2, 3, 5, 6, 8, 9])
            && s.as_bytes()[4] == b'-'
            && s.as_bytes()[7] == b'-'
    };
    if is_day(d) {
        return Ok(format!("{d}T00:00:00Z"));
    }
    if d.len() == 20
        && d.get(..10).is_some_and(is_day)
        && d.as_bytes()[10] == b'T'
        && digits(d, &[11, 12, 14, 15, 17, 18])
        && d.ends_with('Z')
    {
        return Ok(d.to_string());
    }
    Err(format!(
        "the date `{d}` is not `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`"
    ))
}

struct Writer<'a> {
    o: &'a DocxOptions,
}

/// Heading levels written with Word's built-in heading styles (so readers, zerodraft's
/// included, see headings).
const HEADING_LEVELS: u8 = 6;

/// A new paragraph, in `Heading N` style for a heading of level N.
fn paragraph(b: &Block) -> Paragraph {
    if b.kind == BlockKind::Heading {
        let level = b.level.clamp(1, HEADING_LEVELS);
        Paragraph::new().style(&format!("Heading{level}"))
    } else {
        Paragraph::new()
    }
}

impl Writer<'_> {
    fn ins(&self, text: &str) -> Insert {
        Insert::new(Run::new().add_text(text))
            .author(&self.o.author)
            .date(&self.o.date)
    }

    fn del(&self, text: &str) -> Delete {
        Delete::new()
            .add_run(Run::new().add_delete_text(text))
            .author(&self.o.author)
            .date(&self.o.date)
    }

    /// A whole paragraph inserted (text and paragraph mark).
    fn inserted(&self, b: &Block) -> Paragraph {
        let mut p = paragraph(b);
        if let Some(l) = &b.label {
            p = p.add_insert(self.ins(&format!("{} ", l.raw)));
        }
        p.add_insert(self.ins(&b.text))
            .insert(&self.o.author, &self.o.date)
    }

    /// A whole paragraph deleted (text and paragraph mark).
    fn deleted(&self, b: &Block) -> Paragraph {
        let mut p = paragraph(b);
        if let Some(l) = &b.label {
            p = p.add_delete(self.del(&format!("{} ", l.raw)));
        }
        p.add_delete(self.del(&b.text))
            .delete(&self.o.author, &self.o.date)
    }
}

/// Builds the DOCX bytes of the redline of `c` (computed from `old` and `new`).
///
/// # Errors
/// [`Error::Other`] if docx-rs fails to pack the archive.
pub fn render(c: &Comparison, old: &Revision, new: &Revision, o: &DocxOptions) -> Result<Vec<u8>> {
    let w = Writer { o };
    let moved = |op: Op| matches!(op, Op::Moved | Op::MovedModified);
    // Where a moved paragraph's deletion goes: before the first in-place entry that comes
    // after it in the old text.
    let mut pending: Vec<Vec<usize>> = vec![Vec::new(); c.entries.len() + 1];
    for (m, e) in c.entries.iter().enumerate().filter(|(_, e)| moved(e.op)) {
        let oi = e.old.first().map_or(0, |b| b.index);
        let k = c
            .entries
            .iter()
            .position(|x| !moved(x.op) && x.old.first().is_some_and(|b| b.index > oi))
            .unwrap_or(c.entries.len());
        pending[k].push(m);
    }
    let old_para = |docx: Docx, i: usize| docx.add_paragraph(w.deleted(&old.blocks[i]));
    let mut docx = Docx::new().created_at(&o.date).updated_at(&o.date);
    for level in 1..=HEADING_LEVELS {
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .bold()
                .size(usize::from(36 - 4 * level.min(4))),
        );
    }
    for (k, e) in c.entries.iter().enumerate() {
        for &m in &pending[k] {
            for b in &c.entries[m].old {
                docx = old_para(docx, b.index);
            }
        }
        match e.op {
            Op::Unchanged | Op::Modified => {
                let Some(nb) = e.new.first().and_then(|b| new.blocks.get(b.index)) else {
                    continue;
                };
                let mut p = paragraph(nb);
                if let Some(l) = &nb.label {
                    p = p.add_run(Run::new().add_text(format!("{} ", l.raw)));
                }
                for s in &e.segments {
                    p = match s.op {
                        SegmentOp::Equal => p.add_run(Run::new().add_text(&s.text)),
                        SegmentOp::Delete => p.add_delete(w.del(&s.text)),
                        SegmentOp::Insert => p.add_insert(w.ins(&s.text)),
                    };
                }
                docx = docx.add_paragraph(p);
            }
            Op::Deleted => {
                for b in &e.old {
                    docx = old_para(docx, b.index);
                }
            }
            Op::Split | Op::Merged | Op::Moved | Op::MovedModified | Op::Added => {
                if matches!(e.op, Op::Split | Op::Merged) {
                    for b in &e.old {
                        docx = old_para(docx, b.index);
                    }
                }
                for b in &e.new {
                    docx = docx.add_paragraph(w.inserted(&new.blocks[b.index]));
                }
            }
        }
    }
    for &m in &pending[c.entries.len()] {
        for b in &c.entries[m].old {
            docx = old_para(docx, b.index);
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| Error::Other(format!("writing the DOCX redline: {e}")))?;
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_for_word() {
        assert_eq!(
            word_date("2015-12-04").as_deref(),
            Ok("2015-12-04T00:00:00Z")
        );
        assert_eq!(
            word_date("2015-12-04T10:30:00Z").as_deref(),
            Ok("2015-12-04T10:30:00Z")
        );
        assert!(word_date("4 Dec 2015").is_err());
        assert!(word_date("2015-12-04T10:30:00+01:00").is_err());
        // Multi-byte characters around byte 10 must not panic.
        assert!(word_date("2015-12-0é4T10:30:00Z").is_err());
    }
}
