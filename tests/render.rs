//! Tests of the renderer (`zerodraft::render`) on the fixture project in
//! `tests/fixtures/render/`: snapshots of each format, UN numbering, card anchors, escaping,
//! reproducible bytes, and template errors.

mod common;

use std::io::{Cursor, Read};
use std::path::PathBuf;

use zerodraft::dedup::MergedCard;
use zerodraft::model::{Blueprint, Provenance};
use zerodraft::place::{Placement, Target};
use zerodraft::render::{self, Format, RenderOptions, RenderedFile};
use zerodraft::Error;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render")
}

fn blueprint() -> Blueprint {
    let text = std::fs::read_to_string(fixture_dir().join("blueprint/blueprint.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

fn source(list_key: &str, list_title: &str, position: u32, proposer: Option<&str>) -> Provenance {
    Provenance {
        meeting: "Regional consultation".into(),
        place: "Lisbon, Portugal".into(),
        dates: "3-4 May 2026".into(),
        document: "Co-chairs' summary".into(),
        list_key: list_key.into(),
        list_title: list_title.into(),
        dimension: None,
        position,
        proposer: proposer.map(Into::into),
    }
}

/// (merged card, members with their sources, target section, target objective)
type CardSpec<'a> = (&'a str, &'a [(&'a str, u32)], &'a str, Option<&'a str>);

/// Merged cards and placements of the fixture, in card order.
fn cards_and_placements() -> (Vec<MergedCard>, Vec<Placement>) {
    let specs: [CardSpec; 7] = [
        (
            "Acknowledging the contribution of local authorities and cities.",
            &[("rc26-ag2-03", 3)],
            "preamble",
            None,
        ),
        (
            "Eliminate recruitment fees charged to workers.",
            &[("rc26-ag1-01", 1), ("rc26-ag3-04", 4)],
            "commitments",
            Some("fair-work"),
        ),
        (
            "Ensure that contracts are *written* in a language the worker understands;",
            &[("rc26-ag1-02", 2)],
            "commitments",
            Some("fair-work"),
        ),
        (
            "Establish a global data portal [with] national focal_points",
            &[("rc26-ag2-01", 1)],
            "commitments",
            Some("data"),
        ),
        (
            "Adopt a whole-of-society approach to implementation",
            &[("rc26-imp-01", 1)],
            "commitments",
            None,
        ),
        (
            "Refrain from detaining children on the basis of their status.",
            &[("rc26-ag4-02", 2)],
            "omit",
            None,
        ),
        (
            "Hold a review forum every four years, starting in 2030",
            &[("rc26-fu-01", 1)],
            "review",
            None,
        ),
    ];
    let mut cards = Vec::new();
    let mut placements = Vec::new();
    for (text, members, section, objective) in specs {
        let ids: Vec<String> = members.iter().map(|(id, _)| id.to_string()).collect();
        let sources = members
            .iter()
            .map(|(id, pos)| {
                let list = id.split('-').nth(1).unwrap_or("x");
                let proposer = (list == "ag1").then_some("Workers' organizations");
                source(
                    list,
                    &format!("LIST {}", list.to_uppercase()),
                    *pos,
                    proposer,
                )
            })
            .collect();
        cards.push(MergedCard {
            id: ids[0].clone(),
            members: ids.clone(),
            text: text.into(),
            sources,
            other_wordings: Vec::new(),
            tags: Vec::new(),
            placement: None,
            explanation: String::new(),
        });
        placements.push(Placement {
            card: ids[0].clone(),
            members: ids,
            target: Some(Target {
                section: section.into(),
                objective: objective.map(Into::into),
            }),
            reason: None,
            suggestions: Vec::new(),
        });
    }
    (cards, placements)
}

fn render_all(options: &RenderOptions) -> Vec<RenderedFile> {
    let (cards, placements) = cards_and_placements();
    render::render(&blueprint(), &cards, &placements, options).unwrap()
}

fn file<'a>(files: &'a [RenderedFile], name: &str) -> &'a [u8] {
    &files.iter().find(|f| f.name == name).unwrap().bytes
}

fn text(files: &[RenderedFile], name: &str) -> String {
    String::from_utf8(file(files, name).to_vec()).unwrap()
}

fn docx_part(docx: &[u8], part: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut s = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// One XML tag per line, so that a snapshot diff shows which element changed.
fn normalise_xml(xml: &str) -> String {
    xml.replace("><", ">\n<")
}

#[test]
fn markdown_snapshot() {
    let files = render_all(&RenderOptions::default());
    insta::assert_snapshot!(text(&files, "zero-draft.md"));
}

#[test]
fn markdown_with_annex_snapshot() {
    let files = render_all(&RenderOptions {
        formats: vec![Format::Md],
        annex: true,
        ..RenderOptions::default()
    });
    assert_eq!(files.len(), 1);
    insta::assert_snapshot!(text(&files, "zero-draft.md"));
}

#[test]
fn html_snapshot() {
    let files = render_all(&RenderOptions {
        formats: vec![Format::Html],
        annex: true,
        ..RenderOptions::default()
    });
    insta::assert_snapshot!(text(&files, "zero-draft.html"));
}

#[test]
fn docx_document_xml_snapshot() {
    let files = render_all(&RenderOptions::default());
    let docx = file(&files, "zero-draft.docx");
    insta::assert_snapshot!(normalise_xml(&docx_part(docx, "word/document.xml")));
}

#[test]
fn docx_numbering_definitions_snapshot() {
    let files = render_all(&RenderOptions::default());
    let docx = file(&files, "zero-draft.docx");
    insta::assert_snapshot!(normalise_xml(&docx_part(docx, "word/numbering.xml")));
}

#[test]
fn files_come_in_fixed_order_whatever_the_requested_order() {
    let files = render_all(&RenderOptions {
        formats: vec![Format::Docx, Format::Md, Format::Docx],
        ..RenderOptions::default()
    });
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["zero-draft.md", "zero-draft.docx"]);
}

/// UN practice: numbered paragraphs 1, 2, … continuously across sections, preamble
/// unnumbered, actions lettered from (a) again under each objective.
#[test]
fn numbering_is_continuous_across_the_document() {
    let (cards, placements) = cards_and_placements();
    let draft = render::layout(&blueprint(), &cards, &placements, false).unwrap();
    let mut numbers = Vec::new();
    let mut preambular = Vec::new();
    let mut actions = Vec::new();
    for s in &draft.sections {
        for p in &s.paragraphs {
            match p.number {
                Some(n) => numbers.push(n),
                None => preambular.push(p.anchor.clone()),
            }
        }
        for o in &s.objectives {
            numbers.push(o.commitment.number.unwrap());
            let letters: Vec<&str> = o.actions.iter().map(|a| a.label.as_str()).collect();
            actions.push((o.heading.clone(), letters.join(" ")));
        }
    }
    assert_eq!(numbers, (1..=8).collect::<Vec<u32>>());
    assert_eq!(draft.paragraph_count, 8);
    assert_eq!(draft.card_count, 7);
    assert_eq!(preambular, ["pp-1", "pp-2", "pp-3"]);
    assert_eq!(
        actions,
        [
            (
                "Objective 1: Promote fair recruitment and decent work".to_string(),
                "(a) (b)".to_string()
            ),
            (
                "Objective 2: Collect accurate and disaggregated data".to_string(),
                "(a)".to_string()
            ),
            (
                "Objective 3: Strengthen regional cooperation".to_string(),
                String::new()
            ),
        ]
    );
}

/// Actions end with ";" and the last one with "."; the card's own final punctuation is
/// replaced.
#[test]
fn actions_carry_drafting_punctuation() {
    let (cards, placements) = cards_and_placements();
    let draft = render::layout(&blueprint(), &cards, &placements, false).unwrap();
    let texts: Vec<&str> = draft.sections[2].objectives[0]
        .actions
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Eliminate recruitment fees charged to workers;",
            "Ensure that contracts are *written* in a language the worker understands.",
        ]
    );
    assert_eq!(
        draft.sections[0].paragraphs[2].text,
        "Acknowledging the contribution of local authorities and cities,"
    );
}

/// The DOCX read back by docx-rs's reader: paragraph texts in order, numbered paragraphs on
/// the one continuous list, actions on one restarted lettered list per objective.
#[test]
fn docx_reads_back_with_real_numbering() {
    let files = render_all(&RenderOptions::default());
    let docx = docx_rs::read_docx(file(&files, "zero-draft.docx")).unwrap();
    let mut got = Vec::new();
    for child in &docx.document.children {
        if let docx_rs::DocumentChild::Paragraph(p) = child {
            let style = p
                .property
                .style
                .as_ref()
                .map(|s| s.val.clone())
                .unwrap_or_default();
            let num = p
                .property
                .numbering_property
                .as_ref()
                .and_then(|n| n.id.as_ref())
                .map(|id| id.id.to_string())
                .unwrap_or_default();
            got.push(format!("{style}|{num}|{}", p.raw_text()));
        }
    }
    insta::assert_snapshot!(got.join("\n"));
    // Instance 2: numbered paragraphs; 3: section headings (upper roman, abstract 4);
    // instances 4.. restart the lettered list for each objective.
    let nums: Vec<(usize, usize)> = docx
        .numberings
        .numberings
        .iter()
        .map(|n| (n.id, n.abstract_num_id))
        .collect();
    assert_eq!(nums, [(1, 1), (2, 2), (3, 4), (4, 3), (5, 3), (6, 3)]);
}

#[test]
fn docx_has_one_bookmark_per_card() {
    let files = render_all(&RenderOptions::default());
    let xml = docx_part(file(&files, "zero-draft.docx"), "word/document.xml");
    let names: Vec<&str> = xml
        .split("w:name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        names,
        [
            "zd_rc26_ag2_03",
            "zd_rc26_imp_01",
            "zd_rc26_ag1_01",
            "zd_rc26_ag3_04",
            "zd_rc26_ag1_02",
            "zd_rc26_ag2_01",
            "zd_rc26_ag4_02",
            "zd_rc26_fu_01"
        ]
    );
}

#[test]
fn docx_has_a4_page_fixed_dates_and_styles() {
    let files = render_all(&RenderOptions::default());
    let docx = file(&files, "zero-draft.docx");
    let document = docx_part(docx, "word/document.xml");
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
        "{document}"
    );
    let core = docx_part(docx, "docProps/core.xml");
    assert_eq!(core.matches("2000-01-01T00:00:00Z").count(), 2, "{core}");
    // Regression: no title and author "unknown" in File › Info.
    insta::assert_snapshot!("docx_core_properties", normalise_xml(&core));
    let styles = docx_part(docx, "word/styles.xml");
    for id in ["Title", "Subtitle", "Heading1", "Heading2", "BodyText"] {
        assert!(
            styles.contains(&format!(r#"w:styleId="{id}""#)),
            "style {id} missing"
        );
    }
}

/// Card text is data, never markup: a script tag and a handlebars expression must come out
/// escaped and literal in every format.
#[test]
fn hostile_card_text_is_escaped_in_every_format() {
    let (mut cards, placements) = cards_and_placements();
    cards[1].text = "Stop <script>alert(1)</script> and {{x}} & *y*".into();
    let files =
        render::render(&blueprint(), &cards, &placements, &RenderOptions::default()).unwrap();
    let md = text(&files, "zero-draft.md");
    assert!(
        md.contains("(a) Stop \\<script\\>alert(1)\\</script\\> and {{x}} & \\*y\\*; <!-- cards: rc26-ag1-01 rc26-ag3-04 -->"),
        "{md}"
    );
    assert!(!md.contains("<script>"));
    let html = text(&files, "zero-draft.html");
    assert!(
        html.contains("Stop &lt;script&gt;alert(1)&lt;/script&gt; and {{x}} &amp; *y*;"),
        "{html}"
    );
    assert!(!html.contains("<script"));
    let xml = docx_part(file(&files, "zero-draft.docx"), "word/document.xml");
    assert!(
        xml.contains("Stop &lt;script&gt;alert(1)&lt;/script&gt; and {{x}} &amp; *y*;"),
        "{xml}"
    );
}

/// Same inputs, same bytes: no timestamps or random ids in any output.
#[test]
fn two_runs_are_byte_identical() {
    let options = RenderOptions {
        annex: true,
        ..RenderOptions::default()
    };
    let first = render_all(&options);
    let second = render_all(&options);
    assert_eq!(first.len(), 3);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.name, b.name);
        assert!(a.bytes == b.bytes, "{} differs between runs", a.name);
    }
}

#[test]
fn unplaced_and_misplaced_cards_are_reported_together() {
    let (cards, mut placements) = cards_and_placements();
    placements[0].target = None;
    placements[1].target = Some(Target {
        section: "commitments".into(),
        objective: Some("no-such-objective".into()),
    });
    placements[5].target = Some(Target {
        section: "nowhere".into(),
        objective: None,
    });
    let err =
        render::render(&blueprint(), &cards, &placements, &RenderOptions::default()).unwrap_err();
    let Error::Diagnostics(ds) = err else {
        panic!("expected diagnostics, got {err}");
    };
    let codes: Vec<(&str, &str)> = ds.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        codes,
        [
            ("unplaced-card", "card `rc26-ag2-03` is not placed in any section"),
            (
                "unknown-objective",
                "card `rc26-ag1-01` is placed in objective `no-such-objective`, which section `commitments` does not have"
            ),
            (
                "unknown-section",
                "card `rc26-ag4-02` is placed in section `nowhere`, which the blueprint does not have"
            ),
        ]
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zd-render-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn template_error(dir: &std::path::Path) -> Vec<zerodraft::diagnostic::Diagnostic> {
    let (cards, placements) = cards_and_placements();
    let options = RenderOptions {
        templates: Some(dir.to_path_buf()),
        ..RenderOptions::default()
    };
    match render::render(&blueprint(), &cards, &placements, &options) {
        Err(Error::Diagnostics(ds)) => ds,
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

#[test]
fn template_override_replaces_one_file() {
    let dir = temp_dir("override");
    std::fs::write(
        dir.join("markdown.hbs"),
        "{{title}} ({{paragraph_count}} paragraphs)\n",
    )
    .unwrap();
    let (cards, placements) = cards_and_placements();
    let options = RenderOptions {
        templates: Some(dir.clone()),
        ..RenderOptions::default()
    };
    let files = render::render(&blueprint(), &cards, &placements, &options).unwrap();
    assert_eq!(
        text(&files, "zero-draft.md"),
        "Compact on Safe Passage and Fair Work (8 paragraphs)\n"
    );
    // The HTML template was not overridden.
    assert!(text(&files, "zero-draft.html").starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn broken_template_names_file_line_and_column() {
    let dir = temp_dir("syntax");
    std::fs::write(
        dir.join("html.hbs"),
        "<html>\n<body>\n{{#each sections}}\n<p>{{title}}</p>\n{{/if}}\n</body>\n",
    )
    .unwrap();
    std::fs::write(dir.join("markdwn.hbs"), "{{title}}\n").unwrap();
    let ds = template_error(&dir);
    let got: Vec<String> = ds
        .iter()
        .map(|d| {
            let loc = d.location.as_ref().unwrap();
            format!(
                "{} {}:{}:{}",
                d.code,
                loc.file.file_name().unwrap().to_string_lossy(),
                loc.line,
                loc.col
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "unknown-template markdwn.hbs:0:0",
            "template-syntax html.hbs:5:1"
        ]
    );
    assert!(ds[1]
        .message
        .starts_with("template `html.hbs` does not parse: "));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Strict mode: a field the context does not have fails, naming template, line and column.
#[test]
fn missing_field_fails_in_strict_mode() {
    let dir = temp_dir("strict");
    std::fs::write(dir.join("markdown.hbs"), "# {{title}}\n\n{{subtitel}}\n").unwrap();
    let ds = template_error(&dir);
    assert_eq!(ds.len(), 1);
    let loc = ds[0].location.as_ref().unwrap();
    assert_eq!(ds[0].code, "template-render");
    assert_eq!(loc.file, dir.join("markdown.hbs"));
    assert_eq!((loc.line, loc.col), (3, 1));
    assert_eq!(
        ds[0].message,
        "template `markdown.hbs` uses the field `subtitel`, which does not exist there: \
         the draft (top level) has no field `subtitel`"
    );
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(
            "did you mean `subtitle`? fields of the draft (top level) available here: title, \
             subtitle, symbol, date, language, rtl, words, sections, annex, paragraph_count, \
             card_count"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Regression: the hint cited a Rust doc path and the message printed `Some("…")`. Inside
/// blocks the message names the missing field in plain words and lists the fields of that
/// scope.
#[test]
fn missing_field_inside_blocks_lists_the_fields_of_that_scope() {
    let dir = temp_dir("strict-nested");
    std::fs::write(
        dir.join("markdown.hbs"),
        "{{#each sections}}\n{{#each objectives}}\n{{#if actions}}{{commitment.lable}}{{/if}}\n{{/each}}\n{{/each}}\n",
    )
    .unwrap();
    let ds = template_error(&dir);
    assert_eq!(ds.len(), 1);
    let loc = ds[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.col), (3, 16));
    assert_eq!(
        ds[0].message,
        "template `markdown.hbs` uses the field `commitment.lable`, which does not exist there: \
         `commitment` has no field `lable`"
    );
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(
            "did you mean `label`? fields of a paragraph (inside `{{#each paragraphs}}`, or an \
             objective's `commitment`) available here: number, label, anchor, text, cards, cards_attr"
        )
    );
    for d in &ds {
        assert!(!d.message.contains("Some("), "{}", d.message);
        assert!(!d.hint.as_deref().unwrap_or("").contains("::"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What the diff stage reads back from one rendered file: `label|text|anchors` per block.
fn read_back(dir: &std::path::Path, files: &[RenderedFile], name: &str) -> Vec<String> {
    let path = dir.join(name);
    std::fs::write(&path, file(files, name)).unwrap();
    let revision = zerodraft::diff::read::read_path(&path).unwrap();
    revision
        .blocks
        .iter()
        .map(|b| {
            format!(
                "{:?}|{}|{}|{}",
                b.kind,
                b.label.as_ref().map_or("", |l| l.raw.as_str()),
                b.text,
                b.anchors.join(" ")
            )
        })
        .collect()
}

/// The diff stage reads the three formats back into the same blocks: same labels, same
/// texts, same card anchors (the anchor contract in `zerodraft::render`).
#[test]
fn diff_readers_see_the_same_draft_in_every_format() {
    let files = render_all(&RenderOptions::default());
    let dir = temp_dir("read-back");
    let md = read_back(&dir, &files, "zero-draft.md");
    let html = read_back(&dir, &files, "zero-draft.html");
    let docx = read_back(&dir, &files, "zero-draft.docx");
    insta::assert_snapshot!(md.join("\n"));
    assert_eq!(html, md, "HTML read back differs from Markdown");
    assert_eq!(docx, md, "DOCX read back differs from Markdown");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Regression: a card text starting with `<!--` opened an HTML comment in our own Markdown,
/// so the diff reader swallowed the text up to the next anchor and a Markdown-vs-DOCX
/// self-comparison found changes. The three formats must read back alike.
#[test]
fn comment_opener_in_card_text_reads_back_alike() {
    let (mut cards, placements) = cards_and_placements();
    cards[1].text = "<!-- cards: fake-id --> injected comment".into();
    let files =
        render::render(&blueprint(), &cards, &placements, &RenderOptions::default()).unwrap();
    let md = text(&files, "zero-draft.md");
    assert!(
        md.contains(
            "(a) \\<\\!-- cards: fake-id --\\> injected comment; <!-- cards: rc26-ag1-01 rc26-ag3-04 -->"
        ),
        "{md}"
    );
    let dir = temp_dir("comment-opener");
    let md = read_back(&dir, &files, "zero-draft.md");
    let docx = read_back(&dir, &files, "zero-draft.docx");
    let html = read_back(&dir, &files, "zero-draft.html");
    let action: Vec<&String> = md.iter().filter(|b| b.contains("injected")).collect();
    assert_eq!(
        action,
        ["SubParagraph|(a)|<!-- cards: fake-id --> injected comment;|rc26-ag1-01 rc26-ag3-04"]
    );
    assert_eq!(docx, md, "DOCX read back differs from Markdown");
    assert_eq!(html, md, "HTML read back differs from Markdown");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Regression (trial): the first line of a numbered paragraph started one space right of its
/// wrapped lines (a space after the number's span), and the subtitle was left-aligned while
/// the title was centred (`p { text-align: justify }` won over the title block's centring).
#[test]
fn html_numbers_hang_and_title_block_is_centred() {
    let files = render_all(&RenderOptions::default());
    let html = text(&files, "zero-draft.html");
    assert_eq!(
        html.matches("</span> ").count(),
        0,
        "a space follows a span"
    );
    let numbered: Vec<&str> = html
        .lines()
        .filter(|l| l.contains(r#"<span class="num">"#))
        .map(|l| l.split(r#"<span class="num">"#).nth(1).unwrap_or(""))
        .map(|l| l.split("</span>").next().unwrap_or(""))
        .collect();
    // 8 numbered paragraphs and 3 actions, each number followed by its space inside the span.
    assert_eq!(
        numbered,
        ["1. ", "2. ", "3. ", "4. ", "(a) ", "(b) ", "5. ", "(a) ", "6. ", "7. ", "8. "]
    );
    assert!(html.contains(
        ".title-block .subtitle { font-style: italic; font-size: 1.15rem; margin: 0; text-align: center; }"
    ));
}

/// The fixed words of the layout follow `[document] language` (regression: `fr` was accepted
/// but "Objective N:" and the default chapeau stayed English).
fn render_in(language: &str) -> Vec<RenderedFile> {
    let (cards, placements) = cards_and_placements();
    let mut blueprint = blueprint();
    blueprint.document.language = language.into();
    let options = RenderOptions {
        annex: true,
        ..RenderOptions::default()
    };
    render::render(&blueprint, &cards, &placements, &options).unwrap()
}

/// (language, first objective heading, chapeau, annex heading) as the Markdown prints them.
#[test]
fn fixed_words_follow_the_document_language() {
    let mut got = Vec::new();
    for language in ["ar", "zh", "en", "fr", "ru", "es", "fr-CH", "pt"] {
        let md = text(&render_in(language), "zero-draft.md");
        let objective = md.lines().find(|l| l.starts_with("### ")).unwrap_or("");
        let chapeau = md
            .lines()
            .skip_while(|l| !l.starts_with("4. "))
            .nth(2)
            .unwrap_or("");
        let annex = md
            .lines()
            .rev()
            .find(|l| l.starts_with("## "))
            .unwrap_or("");
        got.push(format!("{language} | {objective} | {chapeau} | {annex}"));
    }
    insta::assert_snapshot!(got.join("\n"));
}

/// Arabic is written right to left: `dir="rtl"` on the HTML, right-to-left runs and
/// bidirectional paragraphs in the DOCX style defaults; French gets `w:lang` only.
#[test]
fn arabic_is_right_to_left_in_html_and_docx() {
    let files = render_in("ar");
    let html = text(&files, "zero-draft.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n"));
    assert!(html.contains("<h2 id=\"toc-heading\">المحتويات</h2>"));
    assert!(html.contains("p.numbered { padding-left: 0; padding-right: 2.5em; }"));
    let styles = docx_part(file(&files, "zero-draft.docx"), "word/styles.xml");
    let defaults = styles
        .split("<w:docDefaults>")
        .nth(1)
        .and_then(|s| s.split("</w:docDefaults>").next())
        .unwrap_or("");
    insta::assert_snapshot!("docx_style_defaults_ar", normalise_xml(defaults));
    let styles = docx_part(file(&render_in("fr"), "zero-draft.docx"), "word/styles.xml");
    assert_eq!(styles.matches(r#"<w:lang w:val="fr" />"#).count(), 1);
    assert_eq!(styles.matches("<w:bidi />").count(), 0);
    // English keeps docx-rs's defaults (the output stays byte-identical).
    let styles = docx_part(file(&render_in("en"), "zero-draft.docx"), "word/styles.xml");
    assert_eq!(styles.matches("<w:lang").count(), 0);
    let html = text(&render_in("en"), "zero-draft.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
    assert!(!html.contains("rtl"));
}

/// Regression: a card text with a control character (TOML allows `"\u0001"`) or U+FFFE went
/// raw into `word/document.xml`, which then was not XML and Word could not open the draft.
/// Such characters are dropped from every DOCX part; the rest of the text stays.
#[test]
fn docx_drops_characters_xml_forbids() {
    let (mut cards, placements) = cards_and_placements();
    cards[1].text = "Eliminate\u{1} recruitment\u{1b} fees\u{0}\u{b}\u{c}\u{1f} charged\u{fffe}\u{ffff} to workers.".into();
    let files = render::render(
        &blueprint(),
        &cards,
        &placements,
        &RenderOptions {
            annex: true,
            ..RenderOptions::default()
        },
    )
    .unwrap();
    let docx = file(&files, "zero-draft.docx");
    common::assert_parts_are_xml_1_0(docx);
    let xml = docx_part(docx, "word/document.xml");
    // (The vertical tab and form feed are spacing to the renderer, not dropped.)
    assert!(
        xml.contains("Eliminate recruitment fees") && xml.contains(" charged to workers;"),
        "{xml}"
    );
    docx_rs::read_docx(docx).unwrap();
}
