//! DOCX output through docx-rs: the draft as Word users expect it.
//!
//! - Real styles: `Title`, `Subtitle`, `Heading1`, `Heading2`, `BodyText` (and `Preamble`,
//!   `Chapeau`, `Action` based on it); fonts and size set in the document defaults.
//! - Real Word numbering, not typed numbers: numbered paragraphs share one list
//!   ([`PARAGRAPH_NUM`], decimal `1.`), so Word numbers them continuously across the document;
//!   each objective's actions get their own list instance over one lettered definition
//!   (`(a)`, restarted at 1 by a level override).
//! - Section headings (`Heading1`, except a preambular section's) on one upper-roman list
//!   ([`SECTION_NUM`], `I.`, `II.`, …), the numbers of [`super::context::SectionView::label`].
//! - A4 page (11906 × 16838 twentieths of a point) with explicit margins, page number in the
//!   footer.
//! - Traceability: one bookmark per card around its paragraph, named `zd_` + the card id
//!   with `-` replaced by `_` (Word bookmark names allow letters, digits and `_`).
//! - Core properties ([`core_xml`]): title, subject, creator `zerodraft`, language.
//! - Language: `w:lang` in the style defaults for a draft not in English, with
//!   right-to-left runs and bidirectional paragraphs for Arabic ([`localise_styles`]).
//! - Valid XML whatever the cards say: characters XML 1.0 forbids (control characters, which
//!   a TOML card text can hold as `\u0001`, U+FFFE, U+FFFF) are dropped from every text
//!   ([`xml_chars`]); docx-rs would write them raw.
//! - Reproducible bytes: fixed core-property dates ([`FIXED_DATE`]), paragraph and bookmark
//!   ids numbered from 1 in document order, and zip entries with a fixed timestamp
//!   (1980-01-01, the zip epoch) written in a fixed order.

use std::io::{Cursor, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, IndentLevel, Level, LevelJc, LevelOverride,
    LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph,
    Run, RunFonts, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};

use super::context::{Draft, ParagraphView};
use crate::xml_text::xml_chars;
use crate::Error;

/// The `docProps/core.xml` created and modified dates: fixed, so that two builds of the same
/// inputs are byte-identical (the draft's own date is on its title block).
pub const FIXED_DATE: &str = "2000-01-01T00:00:00Z";

/// Word numbering instance (`w:numId`) of the numbered paragraphs. (docx-rs always writes a
/// default list with id 1, so ours start at 2.)
pub const PARAGRAPH_NUM: usize = 2;
/// Abstract numbering of the numbered paragraphs: decimal, `1.`.
const PARAGRAPH_ABSTRACT: usize = 2;
/// Abstract numbering of the actions: lower letter, `(a)`.
const ACTION_ABSTRACT: usize = 3;
/// Word numbering instance of the numbered section headings (`Heading1`): upper roman, `I.`.
pub const SECTION_NUM: usize = 3;
/// Abstract numbering of the section headings: upper roman, `I.`.
const SECTION_ABSTRACT: usize = 4;
/// The actions of the k-th objective (0-based) use numbering instance `ACTION_NUM_BASE + k`.
pub const ACTION_NUM_BASE: usize = 4;

/// A4 in twentieths of a point (210 × 297 mm).
const A4: (u32, u32) = (11906, 16838);
/// Body text width: A4 width minus the 2.5 cm left and right margins.
const TEXT_WIDTH: usize = 11906 - 2 * 1418;

/// Writes `draft` as a DOCX archive.
///
/// # Errors
/// [`Error::Other`] when the zip archive cannot be written (in memory; not expected).
pub fn write(draft: &Draft) -> Result<Vec<u8>, Error> {
    let mut w = Writer {
        docx: base(),
        para_id: 0,
        bookmark_id: 0,
        objective: 0,
    };
    w.title_block(draft);
    for section in &draft.sections {
        let mut heading = w.paragraph().style("Heading1").keep_next(true);
        if section.number.is_some() {
            // `I.`, `II.`, … from Word's numbering, the same numbers as `section.label`.
            heading = heading.numbering(NumberingId::new(SECTION_NUM), IndentLevel::new(0));
        }
        w.push(heading.add_run(Run::new().add_text(xml_chars(&section.title))));
        for p in &section.paragraphs {
            w.card_paragraph(p);
        }
        for objective in &section.objectives {
            let heading = w.paragraph().style("Heading2").keep_next(true);
            w.push(heading.add_run(Run::new().add_text(xml_chars(&objective.heading))));
            w.card_paragraph(&objective.commitment);
            let num = ACTION_NUM_BASE + w.objective;
            w.objective += 1;
            if objective.actions.is_empty() {
                continue;
            }
            let chapeau = w.paragraph().style("Chapeau").keep_next(true);
            w.push(chapeau.add_run(Run::new().add_text(xml_chars(&objective.chapeau))));
            for action in &objective.actions {
                let p = w
                    .paragraph()
                    .style("Action")
                    .numbering(NumberingId::new(num), IndentLevel::new(0));
                let p = w.with_cards(p, &action.cards, &action.text);
                w.push(p);
            }
        }
    }
    if !draft.annex.is_empty() {
        w.annex(draft);
    }
    // One lettered list per objective, each restarting at (a).
    let mut docx = w.docx;
    for k in 0..w.objective {
        docx = docx.add_numbering(
            Numbering::new(ACTION_NUM_BASE + k, ACTION_ABSTRACT)
                .add_override(LevelOverride::new(0).start(1)),
        );
    }
    pack(docx, core_xml(draft).into_bytes(), draft)
}

/// Sets the document language in the style defaults (`w:lang`, and `w:rtl` / `w:bidi` for a
/// right-to-left language), which docx-rs 0.4 cannot write, by inserting the elements into
/// the `w:docDefaults` docx-rs writes. English is left as docx-rs writes it (Word's own
/// default), so English output does not change. A `styles.xml` without the expected
/// defaults is returned unchanged.
pub fn localise_styles(styles: &[u8], draft: &Draft) -> Vec<u8> {
    let Some(language) = super::language::Language::of(&draft.language) else {
        return styles.to_vec();
    };
    if language.code == "en" {
        return styles.to_vec();
    }
    let Ok(xml) = std::str::from_utf8(styles) else {
        return styles.to_vec();
    };
    const RUN_DEFAULTS_END: &str = "</w:rPr></w:rPrDefault>";
    const PARAGRAPH_DEFAULTS: &str = "<w:pPrDefault><w:pPr>";
    if !xml.contains(RUN_DEFAULTS_END) || !xml.contains(PARAGRAPH_DEFAULTS) {
        return styles.to_vec();
    }
    let tag = xml_escape(&draft.language);
    let mut lang = format!("<w:lang w:val=\"{tag}\"");
    match language.code {
        "zh" => lang.push_str(&format!(" w:eastAsia=\"{tag}\"")),
        "ar" => lang.push_str(&format!(" w:bidi=\"{tag}\"")),
        _ => {}
    }
    lang.push_str(" />");
    let rtl = if language.rtl { "<w:rtl />" } else { "" };
    let out = xml.replacen(
        RUN_DEFAULTS_END,
        &format!("{rtl}{lang}{RUN_DEFAULTS_END}"),
        1,
    );
    let out = if language.rtl {
        out.replacen(PARAGRAPH_DEFAULTS, "<w:pPrDefault><w:pPr><w:bidi />", 1)
    } else {
        out
    };
    out.into_bytes()
}

/// `docProps/core.xml`, written by us because docx-rs 0.4 cannot set a title: title (the
/// document title), subject (the subtitle, e.g. `Zero draft`), creator and last modified by
/// [`CREATOR`], language, revision 1 and the fixed dates ([`FIXED_DATE`]). Word shows these
/// under File › Info; they are the same on every run.
pub fn core_xml(draft: &Draft) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let mut element = |name: &str, value: &str| {
        x.push_str(&format!("<{name}>{}</{name}>", xml_escape(value)));
    };
    element("dc:title", &draft.title);
    element("dc:subject", &draft.subtitle);
    element("dc:creator", CREATOR);
    element("cp:lastModifiedBy", CREATOR);
    element("cp:revision", "1");
    if !draft.language.is_empty() {
        element("dc:language", &draft.language);
    }
    x.push_str(&format!(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{FIXED_DATE}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{FIXED_DATE}</dcterms:modified>\
         </cp:coreProperties>"
    ));
    x
}

/// Author and last editor recorded in the DOCX core properties.
pub const CREATOR: &str = "zerodraft";

/// Escapes text for XML character data and attribute values, dropping characters XML 1.0
/// does not allow (control characters other than tab, newline and carriage return).
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

struct Writer {
    docx: Docx,
    para_id: u32,
    bookmark_id: usize,
    objective: usize,
}

impl Writer {
    /// A new paragraph with the next deterministic id (`w14:paraId`, 8 hex digits).
    fn paragraph(&mut self) -> Paragraph {
        self.para_id += 1;
        Paragraph::new().id(format!("{:08X}", self.para_id))
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// The text of `p` in a run, between one bookmark per card.
    fn with_cards(&mut self, mut p: Paragraph, cards: &[String], text: &str) -> Paragraph {
        let first = self.bookmark_id;
        for card in cards {
            self.bookmark_id += 1;
            p = p.add_bookmark_start(self.bookmark_id, bookmark_name(card));
        }
        p = p.add_run(Run::new().add_text(xml_chars(text)));
        for id in first + 1..=self.bookmark_id {
            p = p.add_bookmark_end(id);
        }
        p
    }

    /// A preambular (unnumbered) or numbered paragraph, with its cards' bookmarks.
    fn card_paragraph(&mut self, view: &ParagraphView) {
        let p = match view.number {
            Some(_) => self
                .paragraph()
                .style("BodyText")
                .numbering(NumberingId::new(PARAGRAPH_NUM), IndentLevel::new(0)),
            None => self.paragraph().style("Preamble"),
        };
        let p = self.with_cards(p, &view.cards, &view.text);
        self.push(p);
    }

    fn title_block(&mut self, draft: &Draft) {
        if let Some(symbol) = &draft.symbol {
            let p = self
                .paragraph()
                .style("BodyText")
                .align(AlignmentType::Right);
            self.push(p.add_run(Run::new().add_text(xml_chars(symbol))));
        }
        let p = self
            .paragraph()
            .style("BodyText")
            .align(AlignmentType::Right);
        self.push(p.add_run(Run::new().add_text(xml_chars(&draft.date))));
        let p = self.paragraph().style("Title");
        self.push(p.add_run(Run::new().add_text(xml_chars(&draft.title))));
        let p = self.paragraph().style("Subtitle");
        self.push(p.add_run(Run::new().add_text(xml_chars(&draft.subtitle))));
    }

    fn annex(&mut self, draft: &Draft) {
        let heading = self
            .paragraph()
            .style("Heading1")
            .keep_next(true)
            .page_break_before(true);
        self.push(heading.add_run(Run::new().add_text(xml_chars(&draft.words.annex_title))));
        let widths = [2000, 1300, TEXT_WIDTH - 3300];
        let mut cell = |text: &str, i: usize, header: bool| {
            let mut run = Run::new().add_text(xml_chars(text)).size(18);
            if header {
                run = run.bold();
            }
            TableCell::new()
                .width(widths[i], WidthType::Dxa)
                .add_paragraph(self.paragraph().add_run(run))
        };
        let mut rows = vec![TableRow::new(vec![
            cell(&draft.words.annex_card, 0, true),
            cell(&draft.words.annex_paragraph, 1, true),
            cell(&draft.words.annex_source, 2, true),
        ])];
        for row in &draft.annex {
            rows.push(TableRow::new(vec![
                cell(&row.card, 0, false),
                cell(&row.paragraph, 1, false),
                cell(&row.source_text, 2, false),
            ]));
        }
        let table = Table::new(rows)
            .set_grid(widths.to_vec())
            .width(TEXT_WIDTH, WidthType::Dxa);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
    }
}

/// Word bookmark name of a card: `zd_` + the id with `-` (and any other character Word does
/// not allow in a bookmark name) replaced by `_`.
pub fn bookmark_name(card: &str) -> String {
    let mut name = String::with_capacity(card.len() + 3);
    name.push_str("zd_");
    name.extend(card.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '_'
        }
    }));
    name
}

/// A one-level Word list definition: numbers in `format` (`decimal`, `lowerLetter`,
/// `upperRoman`) shown as `text` (`%1.`, `(%1)`), the text indented `left` twips (1/1440
/// inch) with the number hanging 567 twips (1 cm) before it.
fn one_level_list(id: usize, format: &str, text: &str, left: i32) -> AbstractNumbering {
    AbstractNumbering::new(id).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(
            Some(left),
            Some(SpecialIndentType::Hanging(567)),
            None,
            None,
        ),
    )
}

/// The document before any content: page, styles, numbering definitions, footer, metadata.
fn base() -> Docx {
    page_and_styles()
        .created_at(FIXED_DATE)
        .updated_at(FIXED_DATE)
        .add_abstract_numbering(one_level_list(PARAGRAPH_ABSTRACT, "decimal", "%1.", 567))
        .add_abstract_numbering(one_level_list(ACTION_ABSTRACT, "lowerLetter", "(%1)", 1134))
        .add_abstract_numbering(one_level_list(SECTION_ABSTRACT, "upperRoman", "%1.", 567))
        .add_numbering(Numbering::new(PARAGRAPH_NUM, PARAGRAPH_ABSTRACT))
        .add_numbering(Numbering::new(SECTION_NUM, SECTION_ABSTRACT))
}

/// The A4 page, margins, default font (Times New Roman 12 pt), page-number footer and the
/// paragraph styles of the draft — `Title`, `Subtitle`, `Heading1`, `Heading2`, `BodyText`,
/// `Preamble`, `Chapeau`, `Action` — with no content, numbering or metadata. Shared with
/// the Word redline of `zerodraft diff` ([`crate::diff::output::docx`]) so that a redline
/// looks like the draft it compares.
pub(crate) fn page_and_styles() -> Docx {
    let font = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let body = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next(id)
            .align(AlignmentType::Both)
            .line_spacing(LineSpacing::new().after(120))
    };
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .id("7FFFFFFF")
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new()),
    );
    Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(1440)
                .bottom(1440)
                .left(1418)
                .right(1418)
                .header(720)
                .footer(720)
                .gutter(0),
        )
        .default_fonts(font)
        .default_size(24)
        .footer(footer)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Subtitle")
                .align(AlignmentType::Center)
                .size(32)
                .bold()
                .line_spacing(LineSpacing::new().before(480).after(120)),
        )
        .add_style(
            Style::new("Subtitle", StyleType::Paragraph)
                .name("Subtitle")
                .based_on("Normal")
                .next("BodyText")
                .align(AlignmentType::Center)
                .size(28)
                .italic()
                .line_spacing(LineSpacing::new().after(480)),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .based_on("Normal")
                .next("BodyText")
                .bold()
                .size(26)
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(360).after(120)),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .based_on("Normal")
                .next("BodyText")
                .bold()
                .italic()
                .size(24)
                .outline_lvl(1)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        )
        .add_style(body("BodyText", "Body Text"))
        .add_style(body("Preamble", "Preambular Paragraph").indent(
            None,
            Some(SpecialIndentType::FirstLine(567)),
            None,
            None,
        ))
        .add_style(body("Chapeau", "Chapeau").indent(Some(567), None, None, None))
        .add_style(body("Action", "Action"))
}

/// Zips the document's parts with fixed timestamps, in a fixed order, deflated; `core` replaces
/// docx-rs's `docProps/core.xml`, and the styles get the document language
/// ([`localise_styles`]).
fn pack(docx: Docx, core: Vec<u8>, draft: &Draft) -> Result<Vec<u8>, Error> {
    let xml = docx.build();
    let styles = localise_styles(&xml.styles, draft);
    let zip_error = |e: zip::result::ZipError| Error::Other(format!("writing the DOCX: {e}"));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), &core),
        ("docProps/custom.xml".into(), &xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), &xml.document_rels),
        ("word/document.xml".into(), &xml.document),
        ("word/styles.xml".into(), &styles),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), &xml.footnotes),
    ];
    for (i, h) in xml.headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(zip_error)?;
        zip.write_all(bytes)
            .map_err(|e| Error::Other(format!("writing the DOCX: {e}")))?;
    }
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::{bookmark_name, xml_escape};

    #[test]
    fn core_property_text_is_escaped() {
        assert_eq!(
            xml_escape("A & B <C> \"d\" 'e'\u{1}"),
            "A &amp; B &lt;C&gt; &quot;d&quot; &apos;e&apos;"
        );
    }

    #[test]
    fn bookmark_names_follow_the_contract() {
        assert_eq!(bookmark_name("pv2017-ag1-01"), "zd_pv2017_ag1_01");
        assert_eq!(bookmark_name("a.b:c"), "zd_a_b_c");
    }
}
