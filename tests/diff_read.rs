//! Reading revisions into blocks: Markdown with card anchors, plain and PDF-extracted text,
//! DOCX, and unusable input. Fixtures are small texts written for these tests.

use std::path::{Path, PathBuf};

use zerodraft::diff::read::{read_path, read_text};
use zerodraft::diff::{Block, BlockKind, LabelScheme};
use zerodraft::Error;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff_read")
        .join(name)
}

/// (kind, label as written, text) of each block: what alignment and the redline see.
fn shape(blocks: &[Block]) -> Vec<(BlockKind, String, String)> {
    blocks
        .iter()
        .map(|b| {
            (
                b.kind,
                b.label.as_ref().map(|l| l.raw.clone()).unwrap_or_default(),
                b.text.clone(),
            )
        })
        .collect()
}

/// A scratch directory, removed again when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("zd-diffread-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

/// A PDF extraction — hard wraps, end-of-line hyphenation (`imple-`/`mentation`, and real
/// hyphens `non-`/`binding`, `self-`/`assessment`, `co-`/`ordination`), a document symbol
/// repeated at the top of every page, `- N -` page numbers, form feeds, and paragraph 2
/// running across two page breaks — reads to exactly the blocks of the clean text.
#[test]
fn pdf_text_reads_like_clean_text() {
    let clean = read_path(&fixture("clean.txt")).expect("clean");
    let pdf = read_path(&fixture("pdf.txt")).expect("pdf");
    assert_eq!(shape(&pdf.blocks), shape(&clean.blocks));
    assert_eq!(clean.blocks.len(), 12);
    let texts: Vec<&str> = pdf.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Draft outcome document",
            "Preamble",
            "Recalling the commitments made at previous conferences on [sustainable] development and on capacity-building,",
            "Recognizing the need for the implementation of non-binding guidance and for self-assessment by Member States,",
            "Operative part",
            "Decides to establish an intergovernmental working group on [capacity-building][technical cooperation], open to all Member States;",
            "Requests the working group to report on the implementation of this resolution, including on the co-ordination of international, regional and national efforts, and on the resources required for the sustained support of developing countries [, in particular the least developed countries], to the General Assembly at its eighty-first session;",
            "Invites Member States to submit their views on the programme of work of the working group;",
            "Encourages:",
            "Member States to share information on national experiences;",
            "Regional organizations to support [national] efforts;",
            "Decides to remain seized of the matter.",
        ]
    );
    // Block lines point into the PDF text: paragraph 2 starts on line 23.
    let p2 = pdf
        .blocks
        .iter()
        .find(|b| b.label.as_ref().is_some_and(|l| l.raw == "2."))
        .expect("paragraph 2");
    assert_eq!(p2.line, 23);
    assert_eq!(pdf.name, "pdf");
    assert_eq!(
        pdf.notices,
        ["removed 3 page numbers and 3 running header/footer lines (such as \"A/RES/80/99\") from 3 pages"]
    );
    assert!(clean.notices.is_empty());
}

/// The same PDF text as pasted from a viewer: no form feeds; page breaks shown by a
/// `Page N of M` footer or by a run of blank lines; the running head still repeated.
#[test]
fn pasted_pdf_text_without_form_feeds_reads_like_clean_text() {
    let clean = read_path(&fixture("clean.txt")).expect("clean");
    let pasted = read_path(&fixture("pdf-pasted.txt")).expect("pasted");
    assert_eq!(shape(&pasted.blocks), shape(&clean.blocks));
}

#[test]
fn bis_and_ter_labels_are_numbers_with_suffix() {
    let rev = read_text(
        "r",
        "2 bis. Invites States;\n\n5 ter Urges States;\n\n(17bis) Notes;\n",
    );
    let labels: Vec<(String, LabelScheme, Option<u32>, Option<String>)> = rev
        .blocks
        .iter()
        .map(|b| {
            let l = b.label.clone().expect("label");
            (l.raw, l.scheme, l.number, l.suffix)
        })
        .collect();
    assert_eq!(
        labels,
        [
            (
                "2 bis.".to_string(),
                LabelScheme::Number,
                Some(2),
                Some("bis".to_string())
            ),
            (
                "5 ter".to_string(),
                LabelScheme::Number,
                Some(5),
                Some("ter".to_string())
            ),
            (
                "(17bis)".to_string(),
                LabelScheme::Number,
                Some(17),
                Some("bis".to_string())
            ),
        ]
    );
    let texts: Vec<&str> = rev.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["Invites States;", "Urges States;", "Notes;"]);
}

#[test]
fn anchors_are_read_from_markdown_comments() {
    let rev = read_path(&fixture("zero-draft.md")).expect("read");
    let anchored: Vec<(String, Vec<String>)> = rev
        .blocks
        .iter()
        .filter(|b| !b.anchors.is_empty())
        .map(|b| (b.text.chars().take(20).collect(), b.anchors.clone()))
        .collect();
    let expect: Vec<(String, Vec<String>)> = [
        ("Recalling the commit", &["rec-0001", "rec-0002"][..]),
        ("Reaffirming the cent", &["rec-0007"]),
        ("We commit to strengt", &["rec-0010"]),
        ("Establish a reposito", &["rec-0011", "rec-0012"]),
        ("We commit to a whole", &["rec-0020"]),
        ("Decides to convene a", &["rec-0030"]),
    ]
    .iter()
    .map(|(t, a)| (t.to_string(), a.iter().map(|s| s.to_string()).collect()))
    .collect();
    assert_eq!(anchored, expect);
    assert_eq!(rev.date.as_deref(), Some("2026-03-02"));
}

/// `(i)` after `(h)` is the ninth letter; `(i)` opening a list followed by `(ii)` is roman.
#[test]
fn roman_or_letter_in_context() {
    let rev = read_path(&fixture("zero-draft.md")).expect("read");
    let subs: Vec<(String, LabelScheme, Option<u32>, u8)> = rev
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::SubParagraph)
        .filter_map(|b| {
            b.label
                .as_ref()
                .map(|l| (l.raw.clone(), l.scheme, l.number, b.level))
        })
        .filter(|(raw, ..)| raw.contains('i'))
        .collect();
    assert_eq!(
        subs,
        [
            ("(i)".to_string(), LabelScheme::Letter, Some(9), 1),
            ("(i)".to_string(), LabelScheme::Roman, Some(1), 1),
            ("(ii)".to_string(), LabelScheme::Roman, Some(2), 1),
            ("(iii)".to_string(), LabelScheme::Roman, Some(3), 1),
        ]
    );
}

/// zerodraft's HTML form of the same draft (`data-cards` attributes, `ol`/`li` numbering,
/// a table, entities, a script and a style to skip) reads to the same blocks and anchors
/// as its Markdown form.
#[test]
fn html_reads_like_markdown() {
    let md = read_path(&fixture("zero-draft.md")).expect("md");
    let html = read_path(&fixture("zero-draft.html")).expect("html");
    assert_eq!(shape(&html.blocks), shape(&md.blocks));
    let anchors = |r: &zerodraft::diff::Revision| -> Vec<Vec<String>> {
        r.blocks.iter().map(|b| b.anchors.clone()).collect()
    };
    assert_eq!(anchors(&html), anchors(&md));
    assert_eq!(html.name, "zero-draft");
}

#[test]
fn markdown_fixture_blocks_snapshot() {
    let rev = read_path(&fixture("zero-draft.md")).expect("read");
    insta::assert_json_snapshot!(rev);
}

/// `II. Means of implementation` and `A. Finance` are section headings; `A. Smith noted`
/// is a sentence, not a label.
#[test]
fn section_labels_make_headings_only_on_heading_lines() {
    let text = "I. Introduction\n\n1. The Assembly met.\n\nII. Means of implementation\n\n\
                A. Finance\n\n2. Parties shall provide support.\n\nA. Smith noted the report.\n";
    let rev = read_text("r", text);
    let got: Vec<(BlockKind, String, String, u8)> = rev
        .blocks
        .iter()
        .map(|b| {
            let label = b.label.as_ref().map(|l| l.raw.clone()).unwrap_or_default();
            (b.kind, label, b.text.clone(), b.level)
        })
        .collect();
    let row = |k, l: &str, t: &str, lv| (k, l.to_string(), t.to_string(), lv);
    assert_eq!(
        got,
        [
            row(BlockKind::Heading, "I.", "Introduction", 1),
            row(BlockKind::Paragraph, "1.", "The Assembly met.", 0),
            row(BlockKind::Heading, "II.", "Means of implementation", 1),
            row(BlockKind::Heading, "A.", "Finance", 2),
            row(
                BlockKind::Paragraph,
                "2.",
                "Parties shall provide support.",
                0
            ),
            row(BlockKind::Paragraph, "", "A. Smith noted the report.", 0),
        ]
    );
}

/// A Markdown paragraph wrapped before a year (`adopted in` / `2015. The`) goes on; list
/// items after `; and` still start their own blocks.
#[test]
fn markdown_numbers_after_a_wrap_continue_the_paragraph() {
    let text =
        "# T\n\nDecides as adopted in\n2015. The Parties agree:\n1. First; and\n2. Second.\n";
    let rev = read_text("r", text);
    let got: Vec<(String, String)> = rev
        .blocks
        .iter()
        .skip(1)
        .map(|b| {
            let label = b.label.as_ref().map(|l| l.raw.clone()).unwrap_or_default();
            (label, b.text.clone())
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                String::new(),
                "Decides as adopted in 2015. The Parties agree:".to_string()
            ),
            ("1.".to_string(), "First; and".to_string()),
            ("2.".to_string(), "Second.".to_string()),
        ]
    );
}

/// Regression guard: square brackets are negotiation brackets, never Markdown links.
#[test]
fn square_brackets_survive_exactly() {
    let text = "*In [furtherance][pursuit]* of the [objective](a) [[nested] text], [^1] \\[x\\]\n";
    let rev = read_text("r", text);
    assert_eq!(
        rev.blocks[0].text,
        "In [furtherance][pursuit] of the [objective](a) [[nested] text], [^1] [x]"
    );
}

#[test]
fn garbage_named_docx_is_a_located_error() {
    let dir = temp_dir("garbage");
    let path = dir.join("rev2.docx");
    std::fs::write(&path, b"\x00\xff\x13garbage, not a zip \x89PNG").expect("write");
    match read_path(&path) {
        Err(Error::Diagnostics(ds)) => {
            assert_eq!(ds.len(), 1);
            assert_eq!(ds[0].code, "diff-unreadable-docx");
            let loc = ds[0].location.as_ref().expect("location");
            assert_eq!(loc.file, path);
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

#[test]
fn text_that_is_not_utf8_is_located() {
    let dir = temp_dir("latin1");
    let path = dir.join("rev1.txt");
    std::fs::write(&path, b"1. First;\n2. Caf\xe9 second;\n").expect("write");
    match read_path(&path) {
        Err(Error::Diagnostics(ds)) => {
            assert_eq!(ds[0].code, "diff-not-utf8");
            let loc = ds[0].location.as_ref().expect("location");
            assert_eq!((loc.line, loc.col), (2, 7));
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

#[test]
fn binary_text_is_a_located_error() {
    let dir = temp_dir("binary");
    let path = dir.join("rev1.md");
    std::fs::write(&path, b"1. First;\n\x00\x01\x02").expect("write");
    match read_path(&path) {
        Err(Error::Diagnostics(ds)) => {
            assert_eq!(ds[0].code, "diff-binary-input");
            let loc = ds[0].location.as_ref().expect("location");
            assert_eq!((loc.line, loc.col), (2, 1));
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

#[test]
fn a_program_is_binary_even_where_it_is_not_utf8_first() {
    // An executable: a NUL at byte 7, an undecodable byte at 24 (as /bin/ls).
    let dir = temp_dir("program");
    let path = dir.join("tool");
    let mut bytes = b"\x7fELF\x02\x01\x01\x00".to_vec();
    bytes.extend_from_slice(&[b'x'; 16]);
    bytes.extend_from_slice(&[0xff, 0xfe, 0x00, 0x41]);
    std::fs::write(&path, &bytes).expect("write");
    match read_path(&path) {
        Err(Error::Diagnostics(ds)) => {
            assert_eq!(ds[0].code, "diff-binary-input");
            assert!(ds[0].message.contains("byte 7"), "{}", ds[0].message);
            let loc = ds[0].location.as_ref().expect("location");
            assert_eq!((loc.line, loc.col), (1, 8));
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

#[test]
fn utf16_without_byte_order_mark_is_named() {
    let dir = temp_dir("utf16");
    let text = "1. Decides to act.\n2. Requests a report.\n";
    for (name, big_endian) in [("le.txt", false), ("be.txt", true)] {
        let path = dir.join(name);
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect();
        std::fs::write(&path, &bytes).expect("write");
        match read_path(&path) {
            Err(Error::Diagnostics(ds)) => {
                assert_eq!(ds[0].code, "diff-not-utf8");
                let form = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
                assert!(ds[0].message.contains(form), "{}", ds[0].message);
                assert!(
                    ds[0].hint.as_deref().is_some_and(|h| h.contains(form)),
                    "{:?}",
                    ds[0].hint
                );
            }
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }
}

#[test]
fn a_missing_file_or_a_folder_is_a_located_diagnostic() {
    let dir = temp_dir("unreadable");
    for (path, hint) in [
        (dir.join("missing.md"), "check the path"),
        (dir.0.clone(), "not a folder"),
    ] {
        match read_path(&path) {
            Err(Error::Diagnostics(ds)) => {
                assert_eq!(ds.len(), 1);
                assert_eq!(ds[0].code, "diff-unreadable-file");
                assert!(
                    ds[0].hint.as_deref().is_some_and(|h| h.contains(hint)),
                    "{:?}",
                    ds[0].hint
                );
                let loc = ds[0].location.as_ref().expect("location");
                assert_eq!(loc.file, path);
            }
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }
}

#[test]
fn pdf_given_directly_says_to_extract_its_text() {
    let dir = temp_dir("pdf");
    let path = dir.join("rev3.pdf");
    std::fs::write(&path, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").expect("write");
    match read_path(&path) {
        Err(Error::Diagnostics(ds)) => {
            assert_eq!(ds[0].code, "diff-pdf-input");
            assert!(ds[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("pdftotext")));
            let loc = ds[0].location.as_ref().expect("location");
            assert_eq!((loc.file.as_path(), loc.line), (path.as_path(), 1));
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

/// No panic on arbitrary bytes read as text: every byte value, odd Unicode, lone markers.
#[test]
fn odd_text_never_panics() {
    let samples = [
        "",
        "\n\n\n",
        "\u{c}\u{c}\u{c}",
        "-",
        "(",
        "#",
        "*",
        "**",
        "<!--",
        "<!-- cards:",
        "1.",
        "Article",
        "Alt",
        "é-\nà",
        "\u{ad}\n\u{ad}",
        "---\ndate: x\n",
        "---\n---\n",
        "a-\n",
        "-\n-\n-",
        "(i)\n(ii)\n(h)\n(i)",
        "ﬁ\u{300}\n=\n-",
        "\r\n\r\n- 1 -\r\n",
    ];
    for s in samples {
        let _ = read_text("r", s);
    }
    let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
    let rev = read_text("r", &all);
    assert!(!rev.blocks.is_empty());
}

/// A Word document built here with docx-rs: a heading, Word-numbered paragraphs with a
/// lettered level, an insertion and a deletion (tracked), a card bookmark.
fn sample_docx() -> Vec<u8> {
    use docx_rs::{
        AbstractNumbering, Delete, Docx, IndentLevel, Insert, Level, LevelJc, LevelText,
        NumberFormat, Numbering, NumberingId, Paragraph, Run, Start,
    };
    let numbered =
        |ilvl: usize| Paragraph::new().numbering(NumberingId::new(7), IndentLevel::new(ilvl));
    let docx = Docx::new()
        .updated_at("2026-03-02T09:30:00Z")
        .add_abstract_numbering(
            AbstractNumbering::new(7)
                .add_level(Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("decimal"),
                    LevelText::new("%1."),
                    LevelJc::new("left"),
                ))
                .add_level(Level::new(
                    1,
                    Start::new(1),
                    NumberFormat::new("lowerLetter"),
                    LevelText::new("(%2)"),
                    LevelJc::new("left"),
                )),
        )
        .add_numbering(Numbering::new(7, 7))
        .add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(Run::new().add_text("Operative part")),
        )
        .add_paragraph(
            numbered(0)
                .add_bookmark_start(1, "zd_rec_0001")
                .add_run(Run::new().add_text("Decides to establish a "))
                .add_insert(
                    Insert::new(Run::new().add_text("[technical] "))
                        .author("G77")
                        .date("2026-03-02T10:00:00Z"),
                )
                .add_run(Run::new().add_text("working group;"))
                .add_bookmark_end(1),
        )
        .add_paragraph(
            numbered(0)
                .add_run(Run::new().add_text("Requests the working group"))
                .add_delete(
                    Delete::new()
                        .add_run(Run::new().add_delete_text(" urgently"))
                        .author("EU")
                        .date("2026-03-02T10:00:00Z"),
                )
                .add_run(Run::new().add_text(" to report:")),
        )
        .add_paragraph(numbered(1).add_run(Run::new().add_text("on progress;")))
        .add_paragraph(numbered(1).add_run(Run::new().add_text("on resources;")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("3 bis. Invites views;")))
        .add_paragraph(numbered(0).add_run(Run::new().add_text("Decides to remain seized.")));
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut buf).expect("pack docx");
    buf.into_inner()
}

#[test]
fn docx_with_numbering_tracked_changes_and_bookmark() {
    let rev = zerodraft::diff::read::read_docx("rev2", &sample_docx()).expect("read docx");
    let got: Vec<(BlockKind, String, String, Vec<String>, u8)> = rev
        .blocks
        .iter()
        .map(|b| {
            (
                b.kind,
                b.label.as_ref().map(|l| l.raw.clone()).unwrap_or_default(),
                b.text.clone(),
                b.anchors.clone(),
                b.level,
            )
        })
        .collect();
    let want: Vec<(BlockKind, String, String, Vec<String>, u8)> = vec![
        (
            BlockKind::Heading,
            "".into(),
            "Operative part".into(),
            vec![],
            1,
        ),
        (
            BlockKind::Paragraph,
            "1.".into(),
            "Decides to establish a [technical] working group;".into(),
            vec!["rec-0001".into()],
            0,
        ),
        (
            BlockKind::Paragraph,
            "2.".into(),
            "Requests the working group to report:".into(),
            vec![],
            0,
        ),
        (
            BlockKind::SubParagraph,
            "(a)".into(),
            "on progress;".into(),
            vec![],
            1,
        ),
        (
            BlockKind::SubParagraph,
            "(b)".into(),
            "on resources;".into(),
            vec![],
            1,
        ),
        (
            BlockKind::Paragraph,
            "3 bis.".into(),
            "Invites views;".into(),
            vec![],
            0,
        ),
        (
            BlockKind::Paragraph,
            "3.".into(),
            "Decides to remain seized.".into(),
            vec![],
            0,
        ),
    ];
    assert_eq!(got, want);
    assert_eq!(
        rev.notices,
        ["2 tracked changes were accepted before comparing"]
    );
    let sub = rev.blocks[3].label.as_ref().expect("label");
    assert_eq!((sub.scheme, sub.number), (LabelScheme::Letter, Some(1)));
    assert_eq!(rev.name, "rev2");
    assert_eq!(rev.date.as_deref(), Some("2026-03-02T09:30:00Z"));
}

/// A numbered paragraph deleted whole (its runs and its paragraph mark) disappears and
/// takes no number; a deleted mark between two paragraphs joins them.
#[test]
fn docx_deleted_paragraph_marks_are_accepted() {
    use docx_rs::{
        AbstractNumbering, Delete, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat,
        Numbering, NumberingId, Paragraph, Run, Start,
    };
    let numbered = || Paragraph::new().numbering(NumberingId::new(3), IndentLevel::new(0));
    let docx = Docx::new()
        .add_abstract_numbering(AbstractNumbering::new(3).add_level(Level::new(
            0,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new("%1."),
            LevelJc::new("left"),
        )))
        .add_numbering(Numbering::new(3, 3))
        .add_paragraph(numbered().add_run(Run::new().add_text("Notes the report;")))
        .add_paragraph(
            numbered()
                .add_delete(Delete::new().add_run(Run::new().add_delete_text("Deleted whole;")))
                .delete("EU", "2026-03-02T10:00:00Z"),
        )
        .add_paragraph(
            numbered()
                .add_run(Run::new().add_text("Requests the "))
                .delete("G77", "2026-03-02T10:00:00Z"),
        )
        .add_paragraph(numbered().add_run(Run::new().add_text("working group to report.")));
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut buf).expect("pack docx");
    let rev = zerodraft::diff::read::read_docx("r", &buf.into_inner()).expect("read");
    let got: Vec<(String, String)> = rev
        .blocks
        .iter()
        .map(|b| {
            let label = b.label.as_ref().map(|l| l.raw.clone()).unwrap_or_default();
            (label, b.text.clone())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1.".to_string(), "Notes the report;".to_string()),
            (
                "2.".to_string(),
                "Requests the working group to report.".to_string()
            ),
        ]
    );
    assert_eq!(
        rev.notices,
        ["3 tracked changes were accepted before comparing"]
    );
}

#[test]
fn docx_is_read_by_extension_through_read_path() {
    let dir = temp_dir("docx");
    let path = dir.join("Rev.1.docx");
    std::fs::write(&path, sample_docx()).expect("write");
    let rev = read_path(&path).expect("read");
    assert_eq!(rev.name, "Rev.1");
    assert_eq!(rev.blocks.len(), 7);
}

/// Truncated or corrupted DOCX bytes give the located diagnostic, never a panic.
#[test]
fn damaged_docx_is_reported_not_panicked() {
    let good = sample_docx();
    let mut flipped = good.clone();
    for i in (40..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5a;
    }
    // (bytes, must fail): a bit flip may land in bytes nobody reads, so it may also read.
    let cases = [
        (good[..good.len() / 2].to_vec(), true),
        (good[..30].to_vec(), true),
        (b"PK\x03\x04".to_vec(), true),
        (Vec::new(), true),
        (flipped, false),
    ];
    for (i, (bytes, must_fail)) in cases.iter().enumerate() {
        match zerodraft::diff::read::read_docx("broken.docx", bytes) {
            Err(Error::Diagnostics(ds)) => {
                assert_eq!(ds[0].code, "diff-unreadable-docx", "case {i}");
                let loc = ds[0].location.as_ref().expect("location");
                assert_eq!(loc.file, Path::new("broken.docx"));
            }
            Ok(_) => assert!(!must_fail, "case {i} read as a document"),
            Err(e) => panic!("case {i}: unexpected error {e}"),
        }
    }
}

/// No panic on broken or hostile HTML.
#[test]
fn odd_html_never_panics() {
    let samples = [
        "",
        "<",
        "<p",
        "<p>&#xFFFFFFFF; &#99999999999; &",
        "<!--",
        "<script>",
        "</ol></ol>",
        "<ol start=x><li>a",
        "<ol type=a><li value=0>x",
        "<ol type=i start=4294967295><li>a<li>b",
        "<li data-cards>x",
        "<p data-cards='a\u{e9}'>é</p>",
        "<h9>x</h9>",
        "<h>x",
        "<<>>",
        "<p>\u{c}</p>",
        "<P DATA-CARDS=\"X\">Y</P>",
    ];
    for s in samples {
        let _ = zerodraft::diff::read::read_html("r", s);
    }
    let rev = zerodraft::diff::read::read_html("r", "<P DATA-CARDS=\"X\">Y</P>");
    assert_eq!(rev.blocks[0].anchors, ["X"]);
}

/// Deterministic fuzzing: texts stitched from the tokens the readers react to, in every
/// format; none may panic, and every block must have text or a label.
#[test]
fn stitched_inputs_never_panic() {
    const TOKENS: &[&str] = &[
        "\n",
        "\n\n",
        "\n\n\n\n",
        "\u{c}",
        " ",
        "-",
        "- ",
        "* ",
        "(",
        ")",
        "i",
        "h)",
        "(i)",
        "(ii)",
        "[",
        "]",
        "][",
        "*",
        "**",
        "_",
        "\\",
        "<!--",
        "-->",
        "<!-- cards: a-1 -->",
        "#",
        "## ",
        "|",
        "| --- |",
        "1.",
        "12 bis.",
        "bis",
        "Article 4",
        "PP1",
        "Op 3",
        "Alt",
        "{++",
        "++}",
        "{--",
        "--}",
        "{~~",
        "~>",
        "~~}",
        "é",
        "\u{ad}",
        "ﬁ",
        "imple-",
        "Page 3 of 9",
        "- 2 -",
        "---",
        "date: 2026-01-01",
        "<p>",
        "</p>",
        "<li data-cards='x'>",
        "<ol type=i>",
        "&amp;",
        "&#x5B;",
        "<table><tr><td>",
        "</td><td>",
        "Option 2:",
        "word",
        "Word",
        ",",
        ";",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..1500 {
        let len = 1 + (next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect();
        let revs = [
            read_text("r", &text),
            zerodraft::diff::read::read_html("r", &text),
            read_text("r", &format!("<!DOCTYPE html>{text}")),
        ];
        for rev in revs {
            for b in &rev.blocks {
                assert!(
                    !b.text.is_empty() || b.label.is_some(),
                    "round {round}: empty block from {text:?}"
                );
            }
        }
    }
}

/// Unclosed CriticMarkup openers (`{++ ` repeated on one line, as a tester sent) are read
/// in linear time and kept as written: once an opener has no closer, no later opener of
/// that kind is searched for one. Quadratic before: 100 000 `{++ ` took 11 s in a release
/// build, 200 000 did not finish.
#[test]
fn unclosed_critic_markup_is_kept_as_written() {
    // 50,000 unclosed openers of each kind (quadratic before the fix: minutes; the reading
    // cost itself is measured in `cargo bench --bench diff`, not here).
    for mark in ["{++ ", "{-- ", "{~~ ", "{>> ", "{== "] {
        let text = mark.repeat(50_000);
        let rev = read_text("r", &text);
        assert!(rev.notices.is_empty(), "{mark:?}: {:?}", rev.notices);
        assert_eq!(rev.blocks.len(), 1, "{mark:?}");
        assert_eq!(rev.blocks[0].text, text.trim_end(), "{mark:?}");
    }
    // An opener without a closer does not stop later marks of other kinds, nor a later
    // closed mark of its kind's neighbours.
    let rev = read_text("r", "1. A {++ x {--gone--} and {~~a~>b~~} {++");
    assert_eq!(rev.blocks[0].text, "A {++ x and b {++");
    assert_eq!(
        rev.notices,
        ["2 tracked changes (CriticMarkup) were accepted before comparing"]
    );
}

/// A file whose lines end with a lone carriage return (old Mac) reads as the same file
/// with line feeds — same blocks, same line numbers; `\r\n` stays one line break, also
/// next to lone ones and around CriticMarkup.
#[test]
fn lone_carriage_returns_end_lines() {
    let lf = "Article 1\n\nThe Parties shall act.\n\nArticle 2\n\nThe Parties shall report.\n";
    let lines = |rev: &zerodraft::diff::Revision| -> Vec<usize> {
        rev.blocks.iter().map(|b| b.line).collect()
    };
    let want = read_text("r", lf);
    assert_eq!(want.blocks.len(), 4);
    assert_eq!(lines(&want), [1, 3, 5, 7]);
    for ends in ["\r", "\r\n"] {
        let text = lf.replace('\n', ends);
        let got = read_text("r", &text);
        assert_eq!(shape(&got.blocks), shape(&want.blocks), "{ends:?}");
        assert_eq!(lines(&got), lines(&want), "{ends:?}");
    }
    // Mixed: CRLF, lone CR, LF; a deletion spanning a lone CR keeps the lines after it.
    let mixed = "1. One.\r\n\r2. Two.{--\r0. Old.\r--}\r3. Three.";
    let got = read_text("r", mixed);
    let texts: Vec<(&str, usize)> = got
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.line))
        .collect();
    assert_eq!(texts, [("One.", 1), ("Two.", 3), ("Three.", 6)]);
    // Through read_path, as the tester's `.txt` files.
    let dir = temp_dir("cr");
    let path = dir.join("old-mac.txt");
    std::fs::write(&path, lf.replace('\n', "\r")).expect("write");
    let rev = read_path(&path).expect("read");
    assert_eq!(shape(&rev.blocks), shape(&want.blocks));
    assert_eq!(lines(&rev), [1, 3, 5, 7]);
}

/// A `>` inside a quoted attribute value does not end the tag.
#[test]
fn html_quoted_attribute_may_hold_a_gt() {
    let read = |html: &str| {
        let rev = zerodraft::diff::read::read_html("r", html);
        rev.blocks
            .iter()
            .map(|b| (b.text.clone(), b.anchors.clone(), b.line))
            .collect::<Vec<_>>()
    };
    let plain = read("<p>The Parties shall act.</p>");
    assert_eq!(read(r#"<p style="a>b">The Parties shall act.</p>"#), plain);
    assert_eq!(read("<p style='a>b' >The Parties shall act.</p>"), plain);
    assert_eq!(
        read("<p title = \"x > y\" data-cards=\"c-1\">T.</p>"),
        [("T.".to_string(), vec!["c-1".to_string()], 1)]
    );
    // Unquoted values and stray quotes end at the first `>`, as before.
    assert_eq!(read("<p a=x>b\">T.</p>")[0].0, "b\">T.");
    // An unclosed quote: the tag ends at its first `>`, the text is kept.
    assert_eq!(read("<p title=\"a>T.</p>")[0].0, "T.");
    // `<` in text, and `<`s with no `>` anywhere after them, stay text.
    assert_eq!(read("<p>a < b")[0].0, "a < b");
    assert_eq!(read("<p>x</p>1 < 2 <3 <!-- c")[1].0, "1 < 2 <3");
}

/// A byte-order mark starting an HTML file is not a paragraph, and text outside any
/// element is located at its own (1-based) line, not at line 0.
#[test]
fn html_bom_and_loose_text_lines() {
    let read = |html: &str| {
        let rev = zerodraft::diff::read::read_html("r", html);
        rev.blocks
            .iter()
            .map(|b| (b.text.clone(), b.line))
            .collect::<Vec<_>>()
    };
    let one = |t: &str, line: usize| vec![(t.to_string(), line)];
    assert_eq!(
        read("\u{feff}<p>The Parties shall act.</p>"),
        one("The Parties shall act.", 1)
    );
    assert_eq!(
        read("Loose text outside any element."),
        one("Loose text outside any element.", 1)
    );
    assert_eq!(read("\n\n  Loose text."), one("Loose text.", 3));
    assert_eq!(
        read("<p>A.</p>\n\n<b>Loose</b> text.\n<p>B.</p>"),
        [
            ("A.".to_string(), 1),
            ("Loose text.".to_string(), 3),
            ("B.".to_string(), 4)
        ]
    );
    // Lone carriage returns break lines here too.
    assert_eq!(
        read("<p>A.</p>\r\r<p>B.</p>\r\nC."),
        [
            ("A.".to_string(), 1),
            ("B.".to_string(), 3),
            ("C.".to_string(), 4)
        ]
    );
    // Through read_path: a `.html` file starting with a BOM.
    let dir = temp_dir("bom");
    let path = dir.join("bom.html");
    std::fs::write(&path, "\u{feff}<p>The Parties shall act.</p>").expect("write");
    let rev = read_path(&path).expect("read");
    assert_eq!(rev.blocks.len(), 1);
    assert_eq!(
        (rev.blocks[0].text.as_str(), rev.blocks[0].line),
        ("The Parties shall act.", 1)
    );
}

/// A minimal Word document whose body is `body` (WordprocessingML, `w:` prefix), zipped
/// by hand: docx-rs's writer cannot write every element the reader must read.
fn raw_docx(body: &str) -> Vec<u8> {
    use std::io::Write as _;
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// The texts of the blocks read from a raw DOCX body.
fn docx_texts(body: &str) -> Vec<String> {
    let rev = zerodraft::diff::read::read_docx("r", &raw_docx(body)).expect("read docx");
    rev.blocks.iter().map(|b| b.text.clone()).collect()
}

/// Word text is unescaped once: the characters `AT&amp;T` typed in Word (stored as
/// `AT&amp;amp;T`) stay `AT&amp;T`, a typed `&lt;` stays `&lt;`. docx-rs decodes run text a
/// second time; the reader undoes that.
#[test]
fn docx_text_is_unescaped_once() {
    let para =
        |xml: &str| format!(r#"<w:p><w:r><w:t xml:space="preserve">{xml}</w:t></w:r></w:p>"#);
    assert_eq!(
        docx_texts(&para(
            "Use the HTML entity &amp;lt; for x &amp;amp; y and AT&amp;amp;T."
        )),
        ["Use the HTML entity &lt; for x &amp; y and AT&amp;T."]
    );
    assert_eq!(
        docx_texts(&para("AT&amp;T &lt;b&gt; &quot;q&quot;")),
        ["AT&T <b> \"q\""]
    );
    // Every spelling of `&`, and a CDATA section, and `&nbsp;` typed out.
    assert_eq!(
        docx_texts(&para("&#38;lt; &#x26;gt; &#x026;amp; &#0038;nbsp;")),
        ["&lt; &gt; &amp; &nbsp;"]
    );
    assert_eq!(
        docx_texts(&para("<![CDATA[a &lt; b & c]]>")),
        ["a &lt; b & c"]
    );
    // Attribute values are not touched: a bookmark anchor with an `&amp;` around it.
    let rev = zerodraft::diff::read::read_docx(
        "r",
        &raw_docx(
            r#"<w:p><w:bookmarkStart w:id="1" w:name="zd_rec_1"/><w:r><w:t>R&amp;amp;D</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>"#,
        ),
    )
    .expect("read");
    assert_eq!(rev.blocks[0].text, "R&amp;D");
    assert_eq!(rev.blocks[0].anchors, ["rec-1"]);
}

/// Special characters of a run: `w:noBreakHyphen` is U+2011 (compared as `-`),
/// `w:softHyphen` is nothing, `w:tab` and `w:br` are spaces.
#[test]
fn docx_run_special_characters() {
    let run = |inner: &str| format!("<w:p><w:r>{inner}</w:r></w:p>");
    assert_eq!(
        docx_texts(&run(
            "<w:t>The co</w:t><w:noBreakHyphen/><w:t>operation of Parties.</w:t>"
        )),
        ["The co\u{2011}operation of Parties."]
    );
    assert_eq!(
        docx_texts(&run(
            "<w:t>co</w:t><w:noBreakHyphen></w:noBreakHyphen><w:t>operation</w:t>"
        )),
        ["co\u{2011}operation"]
    );
    assert_eq!(
        docx_texts(&run("<w:t>co</w:t><w:softHyphen/><w:t>operation</w:t>")),
        ["cooperation"]
    );
    assert_eq!(
        docx_texts(&run(
            "<w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t>"
        )),
        ["a b c d"]
    );
    // A non-breaking hyphen in deleted text stays deleted; in inserted text, it is kept.
    assert_eq!(
        docx_texts(
            r#"<w:p><w:r><w:t xml:space="preserve">self</w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:noBreakHyphen/><w:delText>x</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:noBreakHyphen/><w:t>determination</w:t></w:r></w:ins></w:p>"#
        ),
        ["self\u{2011}determination"]
    );
}
