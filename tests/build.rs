//! Tests of `zerodraft build`, run as a binary: the rendered files on the fixture project,
//! refusal on findings, atomic writes on a broken template, reproducible bytes, and the
//! freshness of the committed `output/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/render")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zd-build-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn zerodraft(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// `build` on the fixture project, writing into `out`.
fn build_fixture(out: &Path, extra: &[&str]) -> Output {
    let blueprint = fixture().join("blueprint");
    let recommendations = fixture().join("recommendations");
    let mut args = vec![
        "build",
        "--blueprint",
        blueprint.to_str().unwrap(),
        "--recommendations",
        recommendations.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    zerodraft(&root(), &args)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn build_writes_the_three_formats() {
    let dir = temp_dir("formats");
    let out = dir.join("output");
    let o = build_fixture(&out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        names_in(&out),
        ["zero-draft.docx", "zero-draft.html", "zero-draft.md"]
    );
    let stdout = text(&o.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(" (").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            format!("wrote {}", out.join("zero-draft.md").display()),
            format!("wrote {}", out.join("zero-draft.html").display()),
            format!("wrote {}", out.join("zero-draft.docx").display()),
        ]
    );
    insta::assert_snapshot!(std::fs::read_to_string(out.join("zero-draft.md")).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn format_option_selects_the_files() {
    let dir = temp_dir("only-md");
    let o = build_fixture(&dir, &["--format", "md,html"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(names_in(&dir), ["zero-draft.html", "zero-draft.md"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Two builds of the same inputs give the same bytes, DOCX included.
#[test]
fn two_builds_are_byte_identical() {
    let dir = temp_dir("twice");
    let (a, b) = (dir.join("a"), dir.join("b"));
    for out in [&a, &b] {
        let o = build_fixture(out, &["--annex"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    for name in names_in(&a) {
        let x = std::fs::read(a.join(&name)).unwrap();
        let y = std::fs::read(b.join(&name)).unwrap();
        assert!(x == y, "{name} differs between two builds");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A broken template fails the build naming file, line and column, and the files already
/// in the output folder stay as they were.
#[test]
fn broken_template_leaves_existing_output_untouched() {
    let dir = temp_dir("broken");
    let out = dir.join("output");
    std::fs::create_dir_all(&out).unwrap();
    for name in ["zero-draft.md", "zero-draft.html", "zero-draft.docx"] {
        std::fs::write(out.join(name), "old").unwrap();
    }
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("html.hbs"),
        "<html>\n<body>\n{{#each sections}}\n<p>{{title}}</p>\n{{/if}}\n</body>\n",
    )
    .unwrap();
    let o = build_fixture(&out, &["--templates", templates.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("error[template-syntax]: template `html.hbs` does not parse"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:5:1", templates.join("html.hbs").display())),
        "{stderr}"
    );
    assert_eq!(
        names_in(&out),
        ["zero-draft.docx", "zero-draft.html", "zero-draft.md"]
    );
    for name in names_in(&out) {
        assert_eq!(std::fs::read_to_string(out.join(&name)).unwrap(), "old");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A card placed nowhere fails the build with `check`'s diagnostics (exit 1) and writes
/// nothing.
#[test]
fn unplaced_card_fails_and_writes_nothing() {
    let dir = temp_dir("unplaced");
    let recommendations = dir.join("recommendations");
    std::fs::create_dir_all(&recommendations).unwrap();
    let cards = std::fs::read_to_string(fixture().join("recommendations/01-lisbon.toml"))
        .unwrap()
        .replace("placement = { section = \"omit\" }\n", "");
    std::fs::write(recommendations.join("01-lisbon.toml"), cards).unwrap();
    let out = dir.join("output");
    let blueprint = fixture().join("blueprint");
    let o = zerodraft(
        &dir,
        &[
            "build",
            "--blueprint",
            blueprint.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("unplaced-card"), "{stderr}");
    assert!(stderr.contains("rc26-ag1-05"), "{stderr}");
    assert!(!out.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `output/` in the repository is the draft of the shipped data: when this fails, run
/// `cargo run --release -- build` and commit `output/`, so that a pull request shows how the
/// draft changed.
#[test]
fn committed_output_is_up_to_date() {
    let dir = temp_dir("fresh");
    let o = zerodraft(&root(), &["build", "--out", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let committed = root().join("output");
    for name in names_in(&dir) {
        let fresh = std::fs::read(dir.join(&name)).unwrap();
        let old = std::fs::read(committed.join(&name)).unwrap_or_default();
        assert!(
            fresh == old,
            "output/{name} is stale: run `cargo run --release -- build` and commit output/"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// One `<w:p>` (or table) per line: a snapshot diff then shows which paragraph changed.
fn one_paragraph_per_line(xml: &str) -> String {
    xml.replace("<w:p ", "\n<w:p ")
        .replace("<w:p>", "\n<w:p>")
        .replace("<w:tbl>", "\n<w:tbl>")
        .replace("</w:body>", "\n</w:body>")
}

/// Snapshots of the draft of the shipped data (`blueprint/`, `recommendations/`): the
/// Markdown and the normalised `word/document.xml`.
#[test]
fn shipped_data_snapshots() {
    let project =
        zerodraft::project::load(&root().join("blueprint"), &root().join("recommendations"))
            .unwrap();
    let files = zerodraft::render::render(
        &project.blueprint,
        &project.merged,
        &project.placements,
        &zerodraft::render::RenderOptions::default(),
    )
    .unwrap();
    let md = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert_eq!(md.matches("<!-- cards: ").count(), project.merged.len());
    insta::assert_snapshot!("shipped_markdown", md);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&files[2].bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    insta::assert_snapshot!("shipped_document_xml", one_paragraph_per_line(&xml));
}

/// The quick start (a tiny blueprint, two cards, `check`, `build`), as the README shows it:
/// it must keep working as written.
#[test]
fn quick_start_works() {
    let dir = temp_dir("quick-start");
    std::fs::create_dir_all(dir.join("blueprint")).unwrap();
    std::fs::create_dir_all(dir.join("recommendations")).unwrap();
    std::fs::copy(
        fixture().join("quick-start/blueprint/blueprint.toml"),
        dir.join("blueprint/blueprint.toml"),
    )
    .unwrap();
    std::fs::copy(
        fixture().join("quick-start/recommendations/lisbon.toml"),
        dir.join("recommendations/lisbon.toml"),
    )
    .unwrap();
    let check = zerodraft(&dir, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert_eq!(
        text(&check.stdout),
        "check: 2 of 2 cards placed; 0 error(s), 0 warning(s)\n"
    );
    let build = zerodraft(&dir, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    assert_eq!(
        names_in(&dir.join("output")),
        ["zero-draft.docx", "zero-draft.html", "zero-draft.md"]
    );
    insta::assert_snapshot!(std::fs::read_to_string(dir.join("output/zero-draft.md")).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A language other than the six UN languages is drafted with the English fixed words and
/// a warning at the `language` value of the blueprint (exit 0, files written); a French
/// blueprint gets the French words and no warning.
#[test]
fn unsupported_language_warns_and_builds_in_english() {
    let dir = temp_dir("language");
    let blueprint = dir.join("blueprint");
    std::fs::create_dir_all(&blueprint).unwrap();
    let original = std::fs::read_to_string(fixture().join("blueprint/blueprint.toml")).unwrap();
    let recommendations = fixture().join("recommendations");
    let mut stderr = Vec::new();
    for language in ["pt", "fr"] {
        std::fs::write(
            blueprint.join("blueprint.toml"),
            original.replace("language = \"en\"", &format!("language = \"{language}\"")),
        )
        .unwrap();
        let out = dir.join(format!("out-{language}"));
        let o = zerodraft(
            &dir,
            &[
                "build",
                "--blueprint",
                "blueprint",
                "--recommendations",
                recommendations.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--format",
                "md",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let md = std::fs::read_to_string(out.join("zero-draft.md")).unwrap();
        let heading = md.lines().find(|l| l.starts_with("### ")).unwrap_or("");
        stderr.push(format!("{language}: {heading}\n{}", text(&o.stderr)));
    }
    insta::assert_snapshot!(stderr.join("\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}
