//! Word redline: the new revision as a DOCX whose differences from the old one are real
//! tracked changes (`w:ins` / `w:del`, author and date set), so that Word and LibreOffice
//! show a redline and "accept all" gives the new text.
//!
//! * Paragraphs edited in place carry word-level insertions and deletions.
//! * Added and deleted paragraphs are inserted or deleted whole, paragraph mark included.
//! * A moved paragraph is deleted at its old place and inserted at its new one, and both
//!   carry a Word comment saying so — "Moved to 13. (new line 49)." at the old place,
//!   "Moved from 9. (old line 39)." at the new one — as the other formats say "moved from
//!   9." (Word's own move
//!   tracking, `w:moveFrom`/`w:moveTo`, is not available in docx-rs.) Splits and merges
//!   delete the old paragraph(s) and insert the new one(s).
//! * The page, fonts and paragraph styles are the zero draft's own
//!   (`crate::render::docx::page_and_styles`): a centred `Title` and `Subtitle`, `Heading1`
//!   and `Heading2` (plus `Heading3`–`Heading6` for deeper Markdown headings), numbered
//!   paragraphs in `BodyText` with a hanging indent, sub-paragraphs in `Action` indented
//!   one step per level, unlabelled paragraphs in `Preamble` (before the first numbered
//!   paragraph) or `Chapeau` (after it), the title block's date line right-aligned.
//! * Labels are written as the new labels, untracked, followed by a tab (the hanging
//!   indent's stop): a renumbering is listed once by the other formats, never as an edit
//!   in every paragraph.
//!
//! Output is deterministic: the date comes from `--date` or the revision, never the clock;
//! docx-rs numbers paragraphs from 1 on each build and writes zip entries with a fixed time.

use docx_rs::{
    AlignmentType, Comment, Delete, Docx, Insert, LineSpacing, Paragraph, Run, SpecialIndentType,
    Style, StyleType,
};

use super::super::compare::{Comparison, Op};
use super::super::words::SegmentOp;
use super::super::{Block, BlockKind, LabelScheme, Revision};
use crate::xml_text::xml_chars;
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

/// Month names (lower case) in the six official UN languages and the usual English
/// abbreviations, with the month number: English, French, Spanish, Russian (genitive, as
/// in «4 декабря 2015 г.»), Arabic (the Egyptian forms UN documents use, with the common
/// spellings without hamza).
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6),
    ("july", 7), ("august", 8), ("september", 9), ("october", 10), ("november", 11),
    ("december", 12),
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
    ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ("janvier", 1), ("février", 2), ("fevrier", 2), ("mars", 3), ("avril", 4), ("mai", 5),
    ("juin", 6), ("juillet", 7), ("août", 8), ("aout", 8), ("septembre", 9),
    ("octobre", 10), ("novembre", 11), ("décembre", 12), ("decembre", 12),
    ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6),
    ("julio", 7), ("agosto", 8), ("septiembre", 9), ("setiembre", 9), ("octubre", 10),
    ("noviembre", 11), ("diciembre", 12),
    ("января", 1), ("февраля", 2), ("марта", 3), ("апреля", 4), ("мая", 5), ("июня", 6),
    ("июля", 7), ("августа", 8), ("сентября", 9), ("октября", 10), ("ноября", 11),
    ("декабря", 12),
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("مايو", 5),
    ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8), ("اغسطس", 8),
    ("سبتمبر", 9), ("أكتوبر", 10), ("اكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
];

/// Words a date line may hold besides day, month and year: Spanish `de`, Russian `года` /
/// `г.`, French `le`, English `the` / `of`.
const DATE_FILLERS: &[&str] = &["de", "del", "года", "г", "le", "the", "of"];

/// A date written as UN documents date their title block, in any of the six official
/// languages — `5 February 2018`, `February 5, 2018`, `1er février 2018`,
/// `5 de febrero de 2018`, `5 февраля 2018 г.`, `2018年2月5日`, `٥ فبراير ٢٠١٨` — or as
/// `2018-02-05`; returned as `YYYY-MM-DD`. `None` for anything else (including impossible
/// days). Arabic-Indic digits are read as digits; ordinal endings (`1st`, `1er`, `1º`)
/// are dropped.
pub fn parse_title_date(text: &str) -> Option<String> {
    let t: String = text
        .trim()
        .trim_end_matches('.')
        .chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
            c => c,
        })
        .collect();
    let t = t.as_str();
    if word_date(t).is_ok() && t.len() == 10 {
        return Some(t.to_string());
    }
    let valid = |y: u32, m: u32, day: u32| {
        ((1000..=9999).contains(&y)
            && (1..=12).contains(&m)
            && (1..=days_in_month(y, m)).contains(&day))
        .then(|| format!("{y:04}-{m:02}-{day:02}"))
    };
    // Chinese: 2018年2月5日.
    if let Some((y, rest)) = t.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        let day = rest.strip_suffix('日')?;
        let n = |s: &str| s.trim().parse::<u32>().ok();
        return valid(n(y)?, n(m)?, n(day)?);
    }
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .filter(|w| !w.is_empty() && !DATE_FILLERS.contains(&w.as_str()))
        .collect();
    let month = |w: &str| MONTHS.iter().find(|(m, _)| *m == w).map(|&(_, n)| n);
    let number = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic() || c == 'º' || c == '°');
        (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
    };
    let year = |w: &str| {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    match words.as_slice() {
        [a, b, c] => match (number(a), month(b), month(a), number(b)) {
            (Some(day), Some(m), ..) | (_, _, Some(m), Some(day)) => valid(year(c)?, m, day),
            _ => None,
        },
        _ => None,
    }
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

/// Heading levels written with Word's heading styles (so readers, zerodraft's included, see
/// headings).
const HEADING_LEVELS: u8 = 6;

/// One indentation step (1 cm) in twentieths of a point, as the draft's numbering uses.
const INDENT: i32 = 567;

/// How one block is laid out: its paragraph style, and a hanging indent for labelled blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    style: String,
    /// Left indent of a labelled block, in twentieths of a point (hanging by [`INDENT`]).
    hanging: Option<i32>,
    right: bool,
}

impl Layout {
    fn new(style: &str) -> Self {
        Layout {
            style: style.to_string(),
            hanging: None,
            right: false,
        }
    }
}

/// The layout of every block of a revision, in the draft's styles (see the module docs).
/// The title is the revision's only top-level heading, when it is among its first three
/// blocks and other headings sit below it; headings below it become `Heading1`,
/// `Heading2`, ….
fn layouts(blocks: &[Block]) -> Vec<Layout> {
    let levels = || {
        blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .map(|b| b.level)
    };
    let top = levels().min().unwrap_or(1);
    let title = if levels().filter(|&l| l == top).count() == 1 && levels().any(|l| l > top) {
        blocks
            .iter()
            .take(3)
            .position(|b| b.kind == BlockKind::Heading && b.level == top)
    } else {
        None
    };
    let mut numbered_seen = false;
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if Some(i) == title {
                return Layout::new("Title");
            }
            match b.kind {
                BlockKind::Heading => {
                    let below = u8::from(title.is_some());
                    let level = (b.level.saturating_sub(top) + 1)
                        .saturating_sub(below)
                        .clamp(1, HEADING_LEVELS);
                    Layout::new(&format!("Heading{level}"))
                }
                BlockKind::SubParagraph => Layout {
                    hanging: Some(INDENT * (1 + i32::from(b.level.max(1)))),
                    ..Layout::new("Action")
                },
                BlockKind::Paragraph if b.label.is_some() => {
                    if b.label.as_ref().is_some_and(|l| {
                        !matches!(l.scheme, LabelScheme::Preambular | LabelScheme::Alternative)
                    }) {
                        numbered_seen = true;
                    }
                    Layout {
                        hanging: Some(INDENT),
                        ..Layout::new("BodyText")
                    }
                }
                BlockKind::Paragraph => match title {
                    Some(t) if i + 1 == t || (i < t && parse_title_date(&b.text).is_some()) => {
                        Layout {
                            right: true,
                            ..Layout::new("BodyText")
                        }
                    }
                    Some(t) if i == t + 1 && b.text.chars().count() <= 80 => {
                        Layout::new("Subtitle")
                    }
                    _ if numbered_seen => Layout::new("Chapeau"),
                    _ => Layout::new("Preamble"),
                },
            }
        })
        .collect()
}

/// An empty paragraph in `layout`.
fn paragraph(layout: &Layout) -> Paragraph {
    let mut p = Paragraph::new().style(&layout.style);
    if let Some(left) = layout.hanging {
        p = p.indent(
            Some(left),
            Some(SpecialIndentType::Hanging(INDENT)),
            None,
            None,
        );
    }
    if layout.right {
        p = p.align(AlignmentType::Right);
    }
    p
}

struct Writer<'a> {
    o: &'a DocxOptions,
    old: Vec<Layout>,
    new: Vec<Layout>,
    comments: usize,
}

impl Writer<'_> {
    fn ins(&self, run: Run) -> Insert {
        Insert::new(run).author(&self.o.author).date(&self.o.date)
    }

    fn del(&self, run: Run) -> Delete {
        Delete::new()
            .add_run(run)
            .author(&self.o.author)
            .date(&self.o.date)
    }

    /// A whole paragraph inserted (text and paragraph mark).
    fn inserted(&self, i: usize, b: &Block) -> Paragraph {
        let mut p = paragraph(&self.new[i]);
        if let Some(l) = &b.label {
            p = p.add_insert(self.ins(Run::new().add_text(xml_chars(&l.raw)).add_tab()));
        }
        p.add_insert(self.ins(Run::new().add_text(xml_chars(&b.text))))
            .insert(&self.o.author, &self.o.date)
    }

    /// A whole paragraph deleted (text and paragraph mark).
    fn deleted(&self, i: usize, b: &Block) -> Paragraph {
        let mut p = paragraph(&self.old[i]);
        if let Some(l) = &b.label {
            p = p.add_delete(self.del(Run::new().add_delete_text(xml_chars(&l.raw)).add_tab()));
        }
        p.add_delete(self.del(Run::new().add_delete_text(xml_chars(&b.text))))
            .delete(&self.o.author, &self.o.date)
    }

    /// `p` wrapped in a comment holding `note` (a paragraph's whole content).
    fn commented(&mut self, p: Paragraph, note: &str) -> Paragraph {
        self.comments += 1;
        let id = self.comments;
        let comment = Comment::new(id)
            .author(&self.o.author)
            .date(&self.o.date)
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(xml_chars(note))));
        let mut p = p;
        p.children.insert(
            0,
            docx_rs::ParagraphChild::CommentStart(Box::new(docx_rs::CommentRangeStart::new(
                comment,
            ))),
        );
        p.add_comment_end(id)
    }
}

/// Paragraph styles the draft does not define: headings below level 2, as `Heading2`.
fn extra_heading_styles(mut docx: Docx) -> Docx {
    for level in 3..=HEADING_LEVELS {
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("BodyText")
                .bold()
                .italic()
                .size(24)
                .outline_lvl(usize::from(level - 1))
                .line_spacing(LineSpacing::new().before(240).after(120)),
        );
    }
    docx
}

/// Builds the DOCX bytes of the redline of `c` (computed from `old` and `new`). Characters
/// XML 1.0 forbids (control characters, U+FFFE, U+FFFF) are dropped from every text written,
/// the author and date included ([`xml_chars`]): docx-rs writes them raw, and one of them
/// makes the document unreadable.
///
/// # Errors
/// [`Error::Other`] if docx-rs fails to pack the archive.
pub fn render(c: &Comparison, old: &Revision, new: &Revision, o: &DocxOptions) -> Result<Vec<u8>> {
    let o = &DocxOptions {
        author: xml_chars(&o.author).into_owned(),
        date: xml_chars(&o.date).into_owned(),
    };
    let mut w = Writer {
        o,
        old: layouts(&old.blocks),
        new: layouts(&new.blocks),
        comments: 0,
    };
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
    let mut docx = extra_heading_styles(crate::render::docx::page_and_styles())
        .created_at(&o.date)
        .updated_at(&o.date);
    // The old place of a moved paragraph: deleted, with a comment naming where it went.
    let moved_away = |w: &mut Writer, docx: Docx, m: usize| {
        let e = &c.entries[m];
        let new_line = e.new.first().map_or(0, |b| b.line);
        let to = match e.new.first().and_then(|b| b.label.clone()) {
            Some(l) => format!("Moved to {l} (new line {new_line})."),
            None => format!("Moved to new line {new_line}."),
        };
        let mut docx = docx;
        for b in &e.old {
            let p = w.deleted(b.index, &old.blocks[b.index]);
            let p = w.commented(p, &to);
            docx = docx.add_paragraph(p);
        }
        docx
    };
    for (k, e) in c.entries.iter().enumerate() {
        for &m in &pending[k] {
            docx = moved_away(&mut w, docx, m);
        }
        match e.op {
            Op::Unchanged | Op::Modified => {
                let Some((ni, nb)) = e
                    .new
                    .first()
                    .and_then(|b| new.blocks.get(b.index).map(|nb| (b.index, nb)))
                else {
                    continue;
                };
                let mut p = paragraph(&w.new[ni]);
                if let Some(l) = &nb.label {
                    p = p.add_run(Run::new().add_text(xml_chars(&l.raw)).add_tab());
                }
                for s in &e.segments {
                    p = match s.op {
                        SegmentOp::Equal => p.add_run(Run::new().add_text(xml_chars(&s.text))),
                        SegmentOp::Delete => {
                            p.add_delete(w.del(Run::new().add_delete_text(xml_chars(&s.text))))
                        }
                        SegmentOp::Insert => {
                            p.add_insert(w.ins(Run::new().add_text(xml_chars(&s.text))))
                        }
                    };
                }
                docx = docx.add_paragraph(p);
            }
            Op::Deleted => {
                for b in &e.old {
                    docx = docx.add_paragraph(w.deleted(b.index, &old.blocks[b.index]));
                }
            }
            Op::Split | Op::Merged | Op::Added => {
                if matches!(e.op, Op::Split | Op::Merged) {
                    for b in &e.old {
                        docx = docx.add_paragraph(w.deleted(b.index, &old.blocks[b.index]));
                    }
                }
                for b in &e.new {
                    docx = docx.add_paragraph(w.inserted(b.index, &new.blocks[b.index]));
                }
            }
            Op::Moved | Op::MovedModified => {
                let old_line = e.old.first().map_or(0, |b| b.line);
                let from = match e.old.first().and_then(|b| b.label.clone()) {
                    Some(l) => format!("Moved from {l} (old line {old_line})."),
                    None => format!("Moved from old line {old_line}."),
                };
                for b in &e.new {
                    let p = w.inserted(b.index, &new.blocks[b.index]);
                    let p = w.commented(p, &from);
                    docx = docx.add_paragraph(p);
                }
            }
        }
    }
    for &m in &pending[c.entries.len()] {
        docx = moved_away(&mut w, docx, m);
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

    /// Regression: the redline had no title, spacing or indents; it now takes the draft's
    /// styles.
    #[test]
    fn layouts_follow_the_draft_styles() {
        let r = crate::diff::read::read_text(
            "r",
            "5 February 2018\n\n# Global Compact\n\n*Zero draft*\n\n## Preamble\n\nRecalling the New York Declaration,\n\n## Commitments\n\n### Objective 1\n\n14. We commit to strengthen the evidence base.\n\nTo realize this commitment, we will draw from the following actions:\n\n(a) Take concrete steps;\n",
        );
        let got: Vec<String> = layouts(&r.blocks)
            .iter()
            .map(|l| {
                let mut s = l.style.clone();
                if let Some(h) = l.hanging {
                    s.push_str(&format!(" left {h} hanging {INDENT}"));
                }
                if l.right {
                    s.push_str(" right");
                }
                s
            })
            .collect();
        assert_eq!(
            got,
            [
                "BodyText right",
                "Title",
                "Subtitle",
                "Heading1",
                "Preamble",
                "Heading1",
                "Heading2",
                "BodyText left 567 hanging 567",
                "Chapeau",
                "Action left 1134 hanging 567",
            ]
        );
    }

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
        for (text, want) in [
            ("1er février 2018", "2018-02-01"),
            ("5 de febrero de 2018", "2018-02-05"),
            ("5 февраля 2018 г.", "2018-02-05"),
            ("5 февраля 2018 года", "2018-02-05"),
            ("2018年2月5日", "2018-02-05"),
            ("٥ فبراير ٢٠١٨", "2018-02-05"),
            ("4 Dec. 2015", "2015-12-04"),
            ("4th December 2015", "2015-12-04"),
            ("the 4th of December, 2015", "2015-12-04"),
        ] {
            assert_eq!(parse_title_date(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(parse_title_date("2018年2月30日"), None);
        assert_eq!(parse_title_date("5 février 18"), None);
        assert_eq!(parse_title_date("Article 5 2018"), None);
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
