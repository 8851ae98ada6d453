//! Reading Word documents (DOCX) into blocks.
//!
//! Negotiators live in Word, so revisions often arrive as `.docx`, sometimes still holding
//! the tracked changes of the last round. The document is parsed with `docx_rs::read_docx`
//! and walked in order (body paragraphs, then paragraphs inside table cells row by row, and
//! content controls):
//!
//! - **Text** comes from the runs (`w:t`; a tab or line break counts as a space, a
//!   non-breaking hyphen `w:noBreakHyphen` is U+2011, an optional hyphen `w:softHyphen`
//!   nothing). It is unescaped once: typed `AT&amp;T` stays so (docx-rs unescapes run text
//!   twice and drops `w:noBreakHyphen`; the body is then read again from adjusted XML,
//!   `adjust_document_xml`).
//! - **Tracked changes are accepted** before comparing, as Word's "Accept all" would:
//!   inserted runs (`w:ins`, `w:moveTo`) are kept, deleted runs (`w:del`, `w:moveFrom`) are
//!   dropped, a deleted paragraph mark joins the paragraph with the next one. Each such
//!   revision element counts as one change, and the revision's notices say
//!   "N tracked changes were accepted before comparing".
//! - **Numbering.** A paragraph numbered by Word (`w:numPr`, directly or through its style)
//!   gets the label Word would display, rebuilt from `numbering.xml`: the level's `lvlText`
//!   (`%1.`, `(%2)`, `Article %1`) with each `%N` replaced by the counter of level N in that
//!   level's format (`decimal`, `lowerLetter`, `upperLetter`, `lowerRoman`, `upperRoman`).
//!   Counters are kept per abstract numbering (lists sharing one continue each other, as in
//!   Word), a `w:startOverride` restarts a level, and a level resets the levels below it.
//!   Bullets and `none` give no label. A paragraph Word does not number may still carry a
//!   typed label (`12 bis.`), read as in text ([`super::labels`]).
//! - **Headings** are paragraphs whose style is `Title` or `Heading N` / `heading N` (by
//!   style id or name); level N.
//! - **Card anchors** are bookmarks named `zd_<card id with - as _>` (see
//!   [`crate::render`]); a bookmark between paragraphs belongs to the next paragraph.
//!
//! [`Block::line`] is the 1-based index of the paragraph in that walk. The revision's date
//! is the core properties' `dcterms:modified` (else `created`), read from
//! `docProps/core.xml` with the zip crate since docx-rs's reader skips that part.

use std::collections::BTreeMap;
use std::path::Path;

use docx_rs::{
    DocumentChild, Docx, InsertChild, MoveToChild, Paragraph, ParagraphChild, Run, RunChild,
    StructuredDataTagChild, Table, TableCellContent, TableChild, TableRowChild,
};

use super::labels::parse_label;
use super::text::{classify, normalize, resolve_sub_labels};
use crate::diagnostic::{Diagnostic, Location};
use crate::diff::{Block, Label, LabelScheme, Revision};
use crate::Error;

/// Prefix of bookmark names that carry zerodraft card ids.
pub const ANCHOR_PREFIX: &str = "zd_";

/// Reads a DOCX revision named `name` from its bytes; diagnostics name the file `name`.
///
/// # Errors
/// [`Error::Diagnostics`] with code `diff-unreadable-docx` when the bytes are not a Word
/// document (not a zip, no `word/document.xml`, malformed XML). Never panics: a panic inside
/// the DOCX parser is caught and reported the same way.
pub fn read_docx(name: &str, bytes: &[u8]) -> Result<Revision, Error> {
    read_docx_at(Path::new(name), name, bytes)
}

/// [`read_docx`] with diagnostics located at `path`.
pub(crate) fn read_docx_at(path: &Path, name: &str, bytes: &[u8]) -> Result<Revision, Error> {
    let parsed = std::panic::catch_unwind(|| docx_rs::read_docx(bytes));
    let mut docx = match parsed {
        Ok(Ok(docx)) => docx,
        Ok(Err(e)) => return Err(unreadable(path, &e.to_string())),
        Err(_) => return Err(unreadable(path, "the DOCX parser failed on this file")),
    };
    // docx-rs unescapes run text twice and drops `w:noBreakHyphen`: when the body holds
    // either, it is read again from XML adjusted for both (`adjust_document_xml`).
    if let Ok(Some(children)) = std::panic::catch_unwind(|| reread_body(bytes)) {
        docx.document.children = children;
    }
    let mut revision = read_document(name, &docx);
    revision.date = core_date(bytes);
    Ok(revision)
}

/// The date in the document's core properties (`docProps/core.xml`): `dcterms:modified`,
/// else `dcterms:created`, as written (ISO 8601, e.g. `2027-02-05T00:00:00Z`). `None` when
/// absent, not a date, or docx-rs's placeholder `1970-01-01`.
fn core_date(bytes: &[u8]) -> Option<String> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let file = archive.by_name("docProps/core.xml").ok()?;
    let mut xml = String::new();
    file.take(1 << 20).read_to_string(&mut xml).ok()?;
    ["modified", "created"].iter().find_map(|tag| {
        let open = xml.find(&format!("dcterms:{tag}"))?;
        let start = open + xml[open..].find('>')? + 1;
        let end = start + xml[start..].find('<')?;
        let value = xml[start..end].trim();
        let b = value.as_bytes();
        let is_date = b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit);
        (is_date && !value.starts_with("1970-01-01")).then(|| value.to_string())
    })
}

/// Relationship type of the main document part in `_rels/.rels`.
const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// The body of the document read again by docx-rs from its XML as [`adjust_document_xml`]
/// adjusts it, or `None` when nothing needs adjusting (or the part cannot be read).
fn reread_body(bytes: &[u8]) -> Option<Vec<DocumentChild>> {
    use docx_rs::FromXML as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    // The main part is found as docx-rs finds it.
    let path = docx_rs::read_zip(&mut archive, "_rels/.rels")
        .ok()
        .and_then(|rels| docx_rs::Rels::from_xml(&rels[..]).ok())
        .and_then(|rels| rels.find_target(OFFICE_DOCUMENT).map(|r| r.2.clone()))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let xml = docx_rs::read_zip(&mut archive, &path).ok()?;
    let adjusted = adjust_document_xml(&xml)?;
    docx_rs::Document::from_xml(&adjusted[..])
        .ok()
        .map(|d| d.children)
}

/// The document XML adjusted for two faults of docx-rs's reader, or `None` when it has
/// neither to adjust:
///
/// - docx-rs decodes the character references of run text and then decodes `&lt;`,
///   `&amp;`, `&nbsp;`, … in the result again, so that Word text `AT&amp;T` (as typed)
///   reads as `AT&T`. Each `&` of the text (written `&amp;`, `&#38;`, `&#x26;` or in a
///   CDATA section) is therefore written `&amp;amp;`: decoded twice, it is `&` again.
/// - docx-rs drops `w:noBreakHyphen`; it becomes a run text of U+2011 NON-BREAKING
///   HYPHEN (the comparison folds it to `-`). `w:softHyphen`, an optional hyphen, is
///   dropped, as it should be.
///
/// Attribute values, comments and processing instructions are kept as written. All the
/// patterns are ASCII, so the bytes of UTF-8 text are never split.
fn adjust_document_xml(xml: &[u8]) -> Option<Vec<u8>> {
    const AMP: &[u8] = b"&amp;amp;";
    let find = |from: usize, pat: &[u8]| {
        xml.get(from..)
            .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
            .map(|p| from + p)
    };
    let mut out: Vec<u8> = Vec::new();
    // Bytes before `copied` are in `out` (once something changed).
    let mut copied = 0;
    let mut changed = false;
    let mut i = 0;
    while i < xml.len() {
        match xml[i] {
            b'<' => {
                let rest = &xml[i..];
                let end = if rest.starts_with(b"<!--") {
                    find(i + 4, b"-->").map_or(xml.len(), |e| e + 3)
                } else if rest.starts_with(b"<?") {
                    find(i + 2, b"?>").map_or(xml.len(), |e| e + 2)
                } else if rest.starts_with(b"<![CDATA[") {
                    let body = i + 9;
                    let close = find(body, b"]]>").unwrap_or(xml.len());
                    let end = (close + 3).min(xml.len());
                    let content = &xml[body..close];
                    if content.contains(&b'&') {
                        // The section as escaped text.
                        out.extend_from_slice(&xml[copied..i]);
                        for &c in content {
                            match c {
                                b'&' => out.extend_from_slice(AMP),
                                b'<' => out.extend_from_slice(b"&lt;"),
                                _ => out.push(c),
                            }
                        }
                        copied = end;
                        changed = true;
                    }
                    end
                } else {
                    let end = xml_tag_end(xml, i);
                    let tag = &xml[i..end];
                    let closing = tag.starts_with(b"</");
                    let name_start = if closing { 2 } else { 1 };
                    let name_len = tag[name_start..]
                        .iter()
                        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
                        .unwrap_or(tag.len() - name_start);
                    let name = &tag[name_start..name_start + name_len];
                    let (prefix, local) = match name.iter().position(|&c| c == b':') {
                        Some(colon) => (&name[..=colon], &name[colon + 1..]),
                        None => (&name[..0], name),
                    };
                    if local == b"noBreakHyphen" {
                        out.extend_from_slice(&xml[copied..i]);
                        if !closing {
                            for part in
                                [b"<".as_slice(), prefix, b"t>\xe2\x80\x91</", prefix, b"t>"]
                            {
                                out.extend_from_slice(part);
                            }
                        }
                        copied = end;
                        changed = true;
                    }
                    end
                };
                i = end.max(i + 1);
            }
            b'&' => {
                let reference = xml[i + 1..]
                    .iter()
                    .take(12)
                    .position(|&c| c == b';')
                    .map(|e| &xml[i + 1..i + 1 + e]);
                let is_amp = reference.is_some_and(is_ampersand_reference);
                match reference {
                    Some(r) if is_amp => {
                        out.extend_from_slice(&xml[copied..i]);
                        out.extend_from_slice(AMP);
                        i += r.len() + 2;
                        copied = i;
                        changed = true;
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&xml[copied..]);
    Some(out)
}

/// Whether the character reference `&name;` (given `name`) stands for `&`: `amp`, `#38`,
/// `#x26` (leading zeros allowed).
fn is_ampersand_reference(name: &[u8]) -> bool {
    let Some(number) = name.strip_prefix(b"#") else {
        return name == b"amp";
    };
    let value = match number
        .strip_prefix(b"x")
        .or_else(|| number.strip_prefix(b"X"))
    {
        Some(hex) => std::str::from_utf8(hex)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok()),
        None => std::str::from_utf8(number)
            .ok()
            .and_then(|d| d.parse().ok()),
    };
    value == Some(u32::from(b'&'))
}

/// The end (one past the `>`) of the XML tag starting at `xml[lt]`: the first `>` outside
/// a quoted attribute value, or the end of the text.
fn xml_tag_end(xml: &[u8], lt: usize) -> usize {
    let mut quote = None;
    for (i, &c) in xml.iter().enumerate().skip(lt + 1) {
        match (quote, c) {
            (None, b'>') => return i + 1,
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
    }
    xml.len()
}

fn unreadable(path: &Path, detail: &str) -> Error {
    Error::Diagnostics(vec![Diagnostic::error(
        "diff-unreadable-docx",
        format!("this is not a readable Word document: {detail}"),
    )
    .at(Location::in_file(path, 0, 0))
    .with_hint(
        "open it in Word or LibreOffice and save it again as .docx, or give the text as \
         Markdown or plain text",
    )])
}

/// One paragraph as read, before classification.
#[derive(Debug, Default)]
struct RawPara {
    text: String,
    anchors: Vec<String>,
    heading: Option<u8>,
    numbering: Option<(usize, usize)>,
    /// The paragraph mark was deleted: accepting joins this paragraph with the next.
    mark_deleted: bool,
}

/// State of the walk over the document.
#[derive(Default)]
struct Walk {
    paras: Vec<RawPara>,
    pending_anchors: Vec<String>,
    changes: usize,
}

fn read_document(name: &str, docx: &Docx) -> Revision {
    let styles = StyleInfo::new(docx);
    let mut walk = Walk::default();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => walk.paragraph(p, &styles),
            DocumentChild::Table(t) => walk.table(t, &styles),
            DocumentChild::BookmarkStart(b) => walk.bookmark(&b.name),
            DocumentChild::StructuredDataTag(sdt) => walk.sdt(&sdt.children, &styles),
            _ => {}
        }
    }
    if let Some(last) = walk.paras.last_mut() {
        last.anchors.append(&mut walk.pending_anchors);
    }
    let paras = join_deleted_marks(walk.paras);
    let mut numbering = Numbering::new(docx);
    let mut blocks = Vec::new();
    for (i, para) in paras.into_iter().enumerate() {
        let label = para
            .numbering
            .and_then(|(num_id, ilvl)| numbering.next(num_id, ilvl).map(|l| (l, ilvl)));
        let text = normalize(&para.text);
        if text.is_empty() && label.is_none() {
            if let Some(prev) = blocks.last_mut() {
                let prev: &mut Block = prev;
                prev.anchors.extend(para.anchors);
            }
            continue;
        }
        let sub_level = label
            .as_ref()
            .and_then(|(_, ilvl)| (*ilvl > 0).then(|| u8::try_from(*ilvl).unwrap_or(u8::MAX)));
        let (kind, label, body, level) =
            classify(&text, label.map(|(l, _)| l), para.heading, sub_level);
        let mut anchors = para.anchors;
        anchors.sort();
        anchors.dedup();
        blocks.push(Block {
            kind,
            label,
            text: body,
            anchors,
            level,
            line: i + 1,
        });
    }
    for b in &mut blocks {
        b.anchors.sort();
        b.anchors.dedup();
    }
    resolve_sub_labels(&mut blocks);
    let mut notices = Vec::new();
    match walk.changes {
        0 => {}
        1 => notices.push("1 tracked change was accepted before comparing".to_string()),
        n => notices.push(format!(
            "{n} tracked changes were accepted before comparing"
        )),
    }
    Revision {
        name: name.to_string(),
        date: None, // set by the caller from docProps/core.xml
        blocks,
        notices,
    }
}

/// Accepting a deleted paragraph mark joins the paragraph with the one after it. The
/// joined paragraph keeps the properties (style, numbering) of the later paragraph, whose
/// mark survives — as in Word, where a paragraph's properties live in its mark. So a
/// numbered paragraph deleted whole no longer takes a number.
fn join_deleted_marks(paras: Vec<RawPara>) -> Vec<RawPara> {
    let mut out: Vec<RawPara> = Vec::with_capacity(paras.len());
    let mut carry: Option<RawPara> = None;
    for mut p in paras {
        if let Some(mut c) = carry.take() {
            c.text.push_str(&p.text);
            p.text = c.text;
            c.anchors.append(&mut p.anchors);
            p.anchors = c.anchors;
        }
        if p.mark_deleted {
            carry = Some(p);
        } else {
            out.push(p);
        }
    }
    out.extend(carry);
    out
}

impl Walk {
    fn bookmark(&mut self, name: &str) {
        if let Some(id) = name.strip_prefix(ANCHOR_PREFIX) {
            if !id.is_empty() {
                self.pending_anchors.push(id.replace('_', "-"));
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph, styles: &StyleInfo) {
        let mut para = RawPara {
            anchors: std::mem::take(&mut self.pending_anchors),
            ..RawPara::default()
        };
        let style = p.property.style.as_ref().map(|s| s.val.as_str());
        para.heading = style.and_then(|s| styles.heading_level(s));
        let direct = p.property.numbering_property.as_ref().and_then(|n| {
            n.id.as_ref()
                .map(|id| (id.id, n.level.as_ref().map_or(0, |l| l.val)))
        });
        para.numbering = direct
            .or_else(|| style.and_then(|s| styles.numbering(s)))
            .filter(|(id, _)| *id != 0);
        let rp = &p.property.run_property;
        if rp.del.is_some() {
            para.mark_deleted = true;
            self.changes += 1;
        }
        if rp.ins.is_some() {
            self.changes += 1;
        }
        self.children(&p.children, &mut para);
        self.paras.push(para);
    }

    fn children(&mut self, children: &[ParagraphChild], para: &mut RawPara) {
        for child in children {
            match child {
                ParagraphChild::Run(r) => run_text(r, &mut para.text),
                ParagraphChild::Insert(ins) => {
                    self.changes += 1;
                    for c in &ins.children {
                        match c {
                            InsertChild::Run(r) => run_text(r, &mut para.text),
                            InsertChild::Delete(_) => self.changes += 1,
                            _ => {}
                        }
                    }
                }
                // Deleted and moved-away text is dropped; only counted.
                ParagraphChild::Delete(_) | ParagraphChild::MoveFrom(_) => self.changes += 1,
                ParagraphChild::MoveTo(m) => {
                    self.changes += 1;
                    for c in &m.children {
                        match c {
                            MoveToChild::Run(r) => run_text(r, &mut para.text),
                            MoveToChild::Delete(_) => self.changes += 1,
                            _ => {}
                        }
                    }
                }
                ParagraphChild::BookmarkStart(b) => {
                    if let Some(id) = b.name.strip_prefix(ANCHOR_PREFIX) {
                        if !id.is_empty() {
                            para.anchors.push(id.replace('_', "-"));
                        }
                    }
                }
                ParagraphChild::Hyperlink(h) => self.children(&h.children, para),
                ParagraphChild::StructuredDataTag(sdt) => {
                    for c in &sdt.children {
                        if let StructuredDataTagChild::Run(r) = c {
                            run_text(r, &mut para.text);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, t: &Table, styles: &StyleInfo) {
        for TableChild::TableRow(row) in &t.rows {
            for TableRowChild::TableCell(cell) in &row.cells {
                for content in &cell.children {
                    match content {
                        TableCellContent::Paragraph(p) => self.paragraph(p, styles),
                        TableCellContent::Table(inner) => self.table(inner, styles),
                        TableCellContent::StructuredDataTag(sdt) => {
                            self.sdt(&sdt.children, styles);
                        }
                        TableCellContent::TableOfContents(_) => {}
                    }
                }
            }
        }
    }

    fn sdt(&mut self, children: &[StructuredDataTagChild], styles: &StyleInfo) {
        for c in children {
            match c {
                StructuredDataTagChild::Paragraph(p) => self.paragraph(p, styles),
                StructuredDataTagChild::Table(t) => self.table(t, styles),
                StructuredDataTagChild::BookmarkStart(b) => self.bookmark(&b.name),
                StructuredDataTagChild::StructuredDataTag(inner) => {
                    self.sdt(&inner.children, styles);
                }
                _ => {}
            }
        }
    }
}

/// Appends the visible text of a run: text, tabs and breaks as spaces; deleted text and
/// field instructions are not visible.
fn run_text(run: &Run, out: &mut String) {
    if run.run_property.del.is_some() {
        return;
    }
    for c in &run.children {
        match c {
            RunChild::Text(t) => out.push_str(&t.text),
            RunChild::Tab(_)
            | RunChild::PTab(_)
            | RunChild::Break(_)
            | RunChild::CarriageReturn(_) => {
                out.push(' ');
            }
            _ => {}
        }
    }
}

/// A list and level a paragraph is numbered with: (numId, ilvl).
type NumPr = (usize, usize);

/// What the styles say about headings and numbering.
struct StyleInfo {
    /// style id → (heading level, numbering).
    by_id: BTreeMap<String, (Option<u8>, Option<NumPr>)>,
}

impl StyleInfo {
    fn new(docx: &Docx) -> Self {
        let mut by_id = BTreeMap::new();
        for s in &docx.styles.styles {
            let name = serde_json::to_value(&s.name)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let heading = heading_level_of(&s.style_id).or_else(|| heading_level_of(&name));
            let numbering = s
                .paragraph_property
                .numbering_property
                .as_ref()
                .and_then(|n| {
                    n.id.as_ref()
                        .map(|id| (id.id, n.level.as_ref().map_or(0, |l| l.val)))
                });
            by_id.insert(s.style_id.clone(), (heading, numbering));
        }
        StyleInfo { by_id }
    }

    fn heading_level(&self, style_id: &str) -> Option<u8> {
        self.by_id
            .get(style_id)
            .and_then(|(h, _)| *h)
            .or_else(|| heading_level_of(style_id))
    }

    fn numbering(&self, style_id: &str) -> Option<(usize, usize)> {
        self.by_id.get(style_id).and_then(|(_, n)| *n)
    }
}

/// `Title` → 1, `Heading 2` / `heading2` / `Heading2` → 2 (levels 1–9).
fn heading_level_of(s: &str) -> Option<u8> {
    let lower = s.to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = lower.strip_prefix("heading")?.trim_start();
    let n: u8 = rest.parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// One numbering level as far as labels need it.
#[derive(Debug, Clone, Default)]
struct LevelDef {
    start: u32,
    format: String,
    text: String,
}

/// Word list numbering, replayed paragraph by paragraph.
struct Numbering {
    /// numId → abstractNumId.
    nums: BTreeMap<usize, usize>,
    /// abstractNumId → levels by ilvl.
    levels: BTreeMap<usize, BTreeMap<usize, LevelDef>>,
    /// numId → (ilvl → start override).
    overrides: BTreeMap<usize, BTreeMap<usize, u32>>,
    /// abstractNumId → current counter per ilvl (`None` = not started).
    counters: BTreeMap<usize, [Option<u32>; 9]>,
    /// numIds already used (their start overrides applied).
    started: Vec<usize>,
}

impl Numbering {
    fn new(docx: &Docx) -> Self {
        let mut levels = BTreeMap::new();
        for a in &docx.numberings.abstract_nums {
            let mut by_level = BTreeMap::new();
            for l in &a.levels {
                by_level.insert(l.level, level_def(l));
            }
            levels.insert(a.id, by_level);
        }
        let mut nums = BTreeMap::new();
        let mut overrides: BTreeMap<usize, BTreeMap<usize, u32>> = BTreeMap::new();
        for n in &docx.numberings.numberings {
            nums.insert(n.id, n.abstract_num_id);
            for o in &n.level_overrides {
                let start = o
                    .override_start
                    .and_then(|s| u32::try_from(s).ok())
                    .or_else(|| o.override_level.as_ref().map(|l| level_def(l).start));
                if let Some(start) = start {
                    overrides.entry(n.id).or_default().insert(o.level, start);
                }
            }
        }
        Numbering {
            nums,
            levels,
            overrides,
            counters: BTreeMap::new(),
            started: Vec::new(),
        }
    }

    /// Advances list `num_id` at level `ilvl` and returns the label Word shows, or `None`
    /// for bullets, unnumbered levels and unknown lists.
    fn next(&mut self, num_id: usize, ilvl: usize) -> Option<Label> {
        let abs = *self.nums.get(&num_id)?;
        let defs = self.levels.get(&abs)?;
        let ilvl = ilvl.min(8);
        let def = defs.get(&ilvl)?.clone();
        let counters = self.counters.entry(abs).or_insert([None; 9]);
        if !self.started.contains(&num_id) {
            self.started.push(num_id);
            if let Some(ov) = self.overrides.get(&num_id) {
                for (&lvl, &start) in ov {
                    if lvl < 9 {
                        counters[lvl] = Some(start.saturating_sub(1));
                    }
                }
            }
        }
        let value = counters[ilvl].map_or(def.start, |v| v.saturating_add(1));
        counters[ilvl] = Some(value);
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        if matches!(def.format.as_str(), "bullet" | "none" | "") {
            return None;
        }
        // Replace %1..%9 by the counters of those levels, each in its own format.
        let mut raw = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let lvl = (d as usize).saturating_sub(1);
                    let v = counters
                        .get(lvl)
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| defs.get(&lvl).map_or(1, |l| l.start));
                    let fmt = defs.get(&lvl).map_or("decimal", |l| l.format.as_str());
                    raw.push_str(&format_number(v, fmt));
                    continue;
                }
            }
            raw.push(c);
        }
        let raw = raw.trim().to_string();
        if raw.is_empty() {
            return None;
        }
        if let Some((label, rest)) = parse_label(&raw) {
            if rest.is_empty() {
                return Some(label);
            }
        }
        let scheme = match def.format.as_str() {
            "lowerLetter" | "upperLetter" => LabelScheme::Letter,
            "lowerRoman" | "upperRoman" => LabelScheme::Roman,
            _ => LabelScheme::Number,
        };
        Some(Label {
            raw,
            scheme,
            number: Some(value),
            suffix: None,
        })
    }
}

/// Start, format and level text of a Word numbering level. `docx_rs` keeps these fields
/// private but serialises them (`start`, `format`, `text`), so they are read through serde.
fn level_def(level: &docx_rs::Level) -> LevelDef {
    let v = serde_json::to_value(level).unwrap_or_default();
    LevelDef {
        start: v
            .get("start")
            .and_then(serde_json::Value::as_u64)
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(1),
        format: v
            .get("format")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("decimal")
            .to_string(),
        text: v
            .get("text")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string(),
    }
}

/// `n` in a Word number format: `decimal` 3, `lowerLetter` c (27 → aa), `upperLetter` C,
/// `lowerRoman` iii, `upperRoman` III; anything else as decimal.
fn format_number(n: u32, format: &str) -> String {
    match format {
        // Word repeats the letter after z (aa, bbb); past ten rounds, show the number.
        "lowerLetter" | "upperLetter" if (1..=260).contains(&n) => {
            let letter = char::from(b'a' + u8::try_from((n - 1) % 26).unwrap_or(0));
            let times = usize::try_from((n - 1) / 26 + 1).unwrap_or(1);
            let s: String = std::iter::repeat_n(letter, times).collect();
            if format == "upperLetter" {
                s.to_ascii_uppercase()
            } else {
                s
            }
        }
        "lowerRoman" | "upperRoman" => {
            let s = crate::numbering::roman_numeral(n).to_ascii_lowercase();
            if format == "upperRoman" {
                s.to_ascii_uppercase()
            } else {
                s
            }
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(27, "lowerLetter"), "aa");
        assert_eq!(format_number(2, "upperLetter"), "B");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(12, "upperRoman"), "XII");
    }

    #[test]
    fn document_xml_adjustments() {
        let adjust = |xml: &str| {
            adjust_document_xml(xml.as_bytes()).map(|v| String::from_utf8(v).unwrap_or_default())
        };
        // Nothing to adjust: docx-rs's own reading stands.
        assert_eq!(
            adjust(r#"<?p &amp;?><w:t a="&amp;>">x &lt; y<!-- &amp; --></w:t>"#),
            None
        );
        assert_eq!(
            adjust(r#"<w:t a="&amp;>">&amp;lt; &#38; &#x26;&amp</w:t>"#).as_deref(),
            Some(r#"<w:t a="&amp;>">&amp;amp;lt; &amp;amp; &amp;amp;&amp</w:t>"#)
        );
        assert_eq!(
            adjust("<w:r><w:noBreakHyphen/><x:noBreakHyphen></x:noBreakHyphen></w:r>").as_deref(),
            Some("<w:r><w:t>\u{2011}</w:t><x:t>\u{2011}</x:t></w:r>")
        );
        assert_eq!(
            adjust("<w:t><![CDATA[a<&]]></w:t>").as_deref(),
            Some("<w:t>a&lt;&amp;amp;</w:t>")
        );
        assert!(is_ampersand_reference(b"#0038"));
        assert!(!is_ampersand_reference(b"#39"));
        assert!(!is_ampersand_reference(b"ampx"));
    }

    #[test]
    fn heading_styles() {
        assert_eq!(heading_level_of("Heading1"), Some(1));
        assert_eq!(heading_level_of("heading 3"), Some(3));
        assert_eq!(heading_level_of("Title"), Some(1));
        assert_eq!(heading_level_of("Normal"), None);
    }
}
