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
/// `2015-12-04` becomes `2015-12-04T00:00:00Z`; `2015-12-04T10:30:00Z` is kept. The
/// calendar is checked: month 01–12, a day that exists in that month (leap years
/// included), hour 00–23, minutes and seconds 00–59.
///
/// # Errors
/// A message naming the expected forms, or the field out of range, for any other value.
pub fn word_date(date: &str) -> Result<String, String> {
    let d = date.trim();
    let form = || format!("the date `{d}` is not `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`");
    let num = |s: &str, from: usize, len: usize| -> Option<u32> {
        let part = s.get(from..from + len)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let sep = |s: &str, at: usize, c: u8| s.as_bytes().get(at) == Some(&c);
    let day_part = |s: &str| -> Result<(), String> {
        let (Some(y), Some(m), Some(day)) = (num(s, 0, 4), num(s, 5, 2), num(s, 8, 2)) else {
            return Err(form());
        };
        if !(sep(s, 4, b'-') && sep(s, 7, b'-')) {
            return Err(form());
        }
        if !(1..=12).contains(&m) {
            return Err(format!(
                "the date `{d}` has month {m:02}; months are 01 to 12"
            ));
        }
        let last = days_in_month(y, m);
        if !(1..=last).contains(&day) {
            return Err(format!(
                "the date `{d}` has day {day:02}; {y}-{m:02} has days 01 to {last}"
            ));
        }
        Ok(())
    };
    if d.len() == 10 {
        day_part(d)?;
        return Ok(format!("{d}T00:00:00Z"));
    }
    if d.len() == 20 && sep(d, 10, b'T') && sep(d, 13, b':') && sep(d, 16, b':') && sep(d, 19, b'Z')
    {
        day_part(d)?;
        let (Some(h), Some(mi), Some(sec)) = (num(d, 11, 2), num(d, 14, 2), num(d, 17, 2)) else {
            return Err(form());
        };
        if h > 23 || mi > 59 || sec > 59 {
            return Err(format!(
                "the time in `{d}` is out of range (hours 00–23, minutes and seconds 00–59)"
            ));
        }
        return Ok(d.to_string());
    }
    Err(form())
}

/// Days in month `m` (1–12) of year `y`, Gregorian calendar.
fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date written as UN documents date their title block — `5 February 2018`,
/// `February 5, 2018` or `2018-02-05` — as `YYYY-MM-DD`; `None` for anything else
/// (including impossible days).
pub fn parse_title_date(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches('.');
    if word_date(t).is_ok() && t.len() == 10 {
        return Some(t.to_string());
    }
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month = |w: &str| MONTHS.iter().position(|m| *m == w).map(|i| i as u32 + 1);
    let number = |w: &str| {
        (w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let (day, m, y) = match words.as_slice() {
        [a, b, c] => match (number(a), month(b), month(a), number(b)) {
            (Some(day), Some(m), ..) => (day, m, number(c)?),
            (_, _, Some(m), Some(day)) => (day, m, number(c)?),
            _ => return None,
        },
        _ => return None,
    };
    if !(1000..=9999).contains(&y) || day == 0 || day > days_in_month(y, m) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{day:02}"))
}

/// The date of a revision's title block: the first unlabelled, non-heading block before
/// the first heading or numbered paragraph whose whole text is a date (see
/// [`parse_title_date`]), e.g. the `5 February 2018` line zerodraft writes above the title.
/// Only the first six blocks are looked at.
pub fn title_block_date(blocks: &[Block]) -> Option<String> {
    blocks
        .iter()
        .take(6)
        .take_while(|b| b.label.is_none())
        .filter(|b| b.kind == BlockKind::Paragraph)
        .find_map(|b| parse_title_date(&b.text))
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
    fn title_block_dates() {
        assert_eq!(
            parse_title_date("5 February 2018").as_deref(),
            Some("2018-02-05")
        );
        assert_eq!(
            parse_title_date("February 5, 2018").as_deref(),
            Some("2018-02-05")
        );
        assert_eq!(
            parse_title_date("2015-12-04").as_deref(),
            Some("2015-12-04")
        );
        assert_eq!(parse_title_date("31 February 2018"), None);
        assert_eq!(parse_title_date("5 February 2018 in Geneva"), None);
        assert_eq!(parse_title_date("Zero draft"), None);
    }

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
        assert_eq!(
            word_date("2026-13-45").unwrap_err(),
            "the date `2026-13-45` has month 13; months are 01 to 12"
        );
        assert_eq!(
            word_date("2026-02-29").unwrap_err(),
            "the date `2026-02-29` has day 29; 2026-02 has days 01 to 28"
        );
        assert!(word_date("2024-02-29").is_ok());
        assert!(word_date("2026-02-03T25:61:99Z")
            .unwrap_err()
            .starts_with("the time in `2026-02-03T25:61:99Z` is out of range"));
        assert!(word_date("2026-02-03T23:59:59Z").is_ok());
        assert!(word_date("2015-12-04T10:30:00+01:00").is_err());
        // Multi-byte characters around byte 10 must not panic.
        assert!(word_date("2015-12-0é4T10:30:00Z").is_err());
    }
}
