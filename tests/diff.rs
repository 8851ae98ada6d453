//! CLI tests of `zerodraft diff` on small fixtures in `tests/fixtures/diff/`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zd-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn zd(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn diff_json(old: &str, new: &str) -> (i32, Value) {
    let (o, n) = (fixture(old), fixture(new));
    let (code, stdout, stderr) = zd(&[
        "diff",
        o.to_str().unwrap(),
        n.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(stderr.is_empty(), "{stderr}");
    (code, serde_json::from_str(&stdout).unwrap())
}

/// `op old-labels>new-labels` of every entry that is not unchanged.
fn changed(v: &Value) -> Vec<String> {
    let labels = |side: &Value| {
        side.as_array()
            .unwrap()
            .iter()
            .map(|b| b["label"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
            .join("+")
    };
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op"] != "unchanged")
        .map(|e| {
            format!(
                "{} {}>{}",
                e["op"].as_str().unwrap(),
                labels(&e["old"]),
                labels(&e["new"])
            )
        })
        .collect()
}

fn counts(v: &Value, keys: &[&str]) -> Vec<u64> {
    keys.iter()
        .map(|k| v["counts"][*k].as_u64().unwrap())
        .collect()
}

#[test]
fn identical_inputs_exit_0() {
    let (code, v) = diff_json("base.md", "base.md");
    assert_eq!(code, 0);
    assert_eq!(changed(&v), Vec::<String>::new());
    assert_eq!(counts(&v, &["unchanged", "relabelled"]), vec![6, 0]);
}

#[test]
fn relabelled_only_gives_one_renumbering_and_no_text_change() {
    let (code, v) = diff_json("base.md", "relabelled.md");
    assert_eq!(code, 1);
    assert_eq!(changed(&v), Vec::<String>::new());
    assert_eq!(
        v["renumbering"],
        serde_json::json!([
            {"old": "1.", "new": "11."}, {"old": "2.", "new": "12."}, {"old": "3.", "new": "13."},
            {"old": "4.", "new": "14."}, {"old": "5.", "new": "15."}
        ])
    );
    let (_, term, _) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("relabelled.md").to_str().unwrap(),
    ]);
    assert!(term.contains("\n    1.–5. → 11.–15.\n"), "{term}");
}

#[test]
fn moved_paragraph_is_one_move() {
    let (code, v) = diff_json("base.md", "moved.md");
    assert_eq!(code, 1);
    assert_eq!(changed(&v), vec!["moved 1.>4."]);
    assert_eq!(
        counts(&v, &["moved", "moved_modified", "added", "deleted"]),
        vec![1, 0, 0, 0]
    );
}

#[test]
fn moved_and_edited_paragraph() {
    let (_, v) = diff_json("base.md", "moved-edited.md");
    assert_eq!(changed(&v), vec!["moved-modified 1.>4."]);
    let e = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["op"] == "moved-modified")
        .unwrap();
    assert_eq!(
        e["segments"],
        serde_json::json!([
            {"op": "equal", "text": "Decides to establish a "},
            {"op": "delete", "text": "technology"},
            {"op": "insert", "text": "finance"},
            {"op": "equal", "text": " mechanism to support all Parties in their efforts."}
        ])
    );
}

#[test]
fn split_paragraph() {
    let (_, v) = diff_json("base.md", "split.md");
    assert_eq!(changed(&v), vec!["split 3.>3.+4."]);
    assert_eq!(counts(&v, &["split", "added", "deleted"]), vec![1, 0, 0]);
}

#[test]
fn merged_paragraphs() {
    let (_, v) = diff_json("base.md", "merged.md");
    assert_eq!(changed(&v), vec!["merged 1.+2.>1."]);
    assert_eq!(counts(&v, &["merged", "added", "deleted"]), vec![1, 0, 0]);
}

#[test]
fn bis_insertion_is_a_new_paragraph_not_a_renumbering() {
    let (_, v) = diff_json("base.md", "bis.md");
    assert_eq!(changed(&v), vec!["added >2 bis."]);
    assert_eq!(v["renumbering"], serde_json::json!([]));
}

#[test]
fn bracket_removed_is_agreed() {
    let (_, v) = diff_json("base.md", "agreed.md");
    assert_eq!(changed(&v), vec!["modified 3.>3."]);
    assert_eq!(
        counts(
            &v,
            &[
                "brackets_old",
                "brackets_new",
                "cleared_of_brackets",
                "newly_bracketed"
            ]
        ),
        vec![1, 0, 1, 0]
    );
}

#[test]
fn json_schema_snapshot() {
    let (_, v) = diff_json("base.md", "moved-edited.md");
    insta::assert_json_snapshot!(v);
}

#[test]
fn markdown_criticmarkup_snapshot() {
    let (code, md, _) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("split.md").to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(md);
}

#[test]
fn term_is_plain_when_piped() {
    let (_, out, _) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("agreed.md").to_str().unwrap(),
    ]);
    assert!(!out.contains('\x1b'));
    assert!(
        out.contains("Invites Parties to communicate [-[-]their[-]-] nationally"),
        "{out}"
    );
}

#[test]
fn html_is_self_contained_and_escaped() {
    let dir = temp_dir("html");
    std::fs::write(
        dir.join("a.md"),
        "1. Parties <script>alert(1)</script> shall cooperate on adaptation & will report.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.md"),
        "1. Parties <b>must</b> cooperate on adaptation & will report.\n",
    )
    .unwrap();
    let out = dir.join("redline.html");
    let (code, stdout, _) = zd(&[
        "diff",
        dir.join("a.md").to_str().unwrap(),
        dir.join("b.md").to_str().unwrap(),
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>must"));
    assert!(
        html.contains("Parties &lt;<del>script&gt;alert(1)&lt;/script&gt; shall</del><ins>b&gt;must&lt;/b&gt;</ins> cooperate"),
        "{html}"
    );
    assert!(html.contains("id=\"e1\""));
    assert!(!html.contains("src=") && !html.contains("href=\"http"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_input_exits_2_naming_the_file() {
    let (code, stdout, stderr) = zd(&[
        "diff",
        "no-such-file.md",
        fixture("base.md").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no-such-file.md"), "{stderr}");
}

#[test]
fn every_unreadable_input_is_reported_at_once() {
    let (code, stdout, stderr) = zd(&["diff", "no-such-old.md", "no-such-new.md"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no-such-old.md"), "{stderr}");
    assert!(stderr.contains("no-such-new.md"), "{stderr}");
    assert!(stderr.contains("2 problem(s) found"), "{stderr}");
    let base = fixture("base.md");
    let (code, _, stderr) = zd(&[
        "history",
        base.to_str().unwrap(),
        "no-such-rev.md",
        env!("CARGO_MANIFEST_DIR"),
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr.matches("diff-unreadable-file").count(),
        2,
        "{stderr}"
    );
}

#[test]
fn dash_reads_the_revision_from_standard_input() {
    use std::io::Write as _;
    let base = fixture("base.md");
    let mut child = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(["diff", "--format", "json", "-", base.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(&base).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["old"]["name"], "stdin");
    assert_eq!(v["counts"]["unchanged"], v["new"]["blocks"]);
}

#[test]
fn standard_input_is_read_for_one_revision_only() {
    for args in [vec!["diff", "-", "-"], vec!["history", "-", "-"]] {
        let (code, stdout, stderr) = zd(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("one revision only"), "{stderr}");
    }
}

#[test]
fn a_closed_standard_error_is_no_panic() {
    // `zerodraft diff missing.md x.md 2>&1 | head -0`: the message cannot be written; the
    // exit status still says what happened (it was 101, a panic in `eprint!`).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args([
            "diff",
            "no-such-file.md",
            fixture("base.md").to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(writer)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

#[test]
fn docx_needs_out() {
    let (code, _, stderr) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("base.md").to_str().unwrap(),
        "--format",
        "docx",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--out"), "{stderr}");
}

fn document_xml(path: &std::path::Path) -> String {
    part(path, "word/document.xml")
}

fn part(path: &std::path::Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
    xml
}

/// Texts inside `<tag ...>…</tag>` elements, in order, with the inner `w:t`/`w:delText`
/// contents concatenated.
fn tracked(xml: &str, tag: &str) -> Vec<String> {
    // A tab (between a label and its text) reads as `\t`.
    let xml = xml.replace("<w:tab />", "<w:t>\t</w:t>");
    let xml = xml.as_str();
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i..];
        let Some(j) = after.find(&close) else { break };
        let inner = &after[..j];
        let mut text = String::new();
        let mut s = inner;
        while let Some(k) = [s.find("<w:t>"), s.find("<w:t "), s.find("<w:delText")]
            .into_iter()
            .flatten()
            .min()
        {
            let t = &s[k..];
            let start = t.find('>').unwrap() + 1;
            let end = t.find("</w:").unwrap();
            if start <= end {
                text.push_str(&t[start..end]);
            }
            s = &t[end + 1..];
        }
        if !text.is_empty() {
            out.push(text);
        }
        rest = &after[j..];
    }
    out
}

#[test]
fn docx_has_tracked_changes_read_back() {
    let dir = temp_dir("docx");
    let out = dir.join("redline.docx");
    let run = || {
        zd(&[
            "diff",
            fixture("base.md").to_str().unwrap(),
            fixture("moved-edited.md").to_str().unwrap(),
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
            "--author",
            "Co-facilitators",
            "--date",
            "2015-12-04",
        ])
    };
    let (code, stdout, stderr) = run();
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (1, "", ""));
    let bytes = std::fs::read(&out).unwrap();
    let xml = document_xml(&out);
    assert_eq!(
        tracked(&xml, "w:del"),
        vec![
            "1.\t",
            "Decides to establish a technology mechanism to support all Parties in their efforts."
        ]
    );
    assert_eq!(
        tracked(&xml, "w:ins"),
        vec![
            "4.\t",
            "Decides to establish a finance mechanism to support all Parties in their efforts."
        ]
    );
    // The move is annotated at both places (docx-rs has no w:moveFrom/w:moveTo).
    let comments = part(&out, "word/comments.xml");
    assert_eq!(
        tracked(&comments, "w:comment"),
        ["Moved to 4. (new line 9).", "Moved from 1. (old line 3)."]
    );
    // The draft's styles: headings, numbered paragraphs with a hanging indent.
    let styles: Vec<&str> = xml
        .split("<w:pStyle w:val=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        styles,
        ["Heading1", "BodyText", "BodyText", "BodyText", "BodyText", "BodyText", "BodyText"]
    );
    assert!(
        xml.contains("<w:ind w:left=\"567\" w:right=\"0\" w:hanging=\"567\" />"),
        "{xml}"
    );
    assert!(part(&out, "word/styles.xml").contains("w:styleId=\"BodyText\""));
    assert!(xml.contains("w:author=\"Co-facilitators\""));
    assert!(xml.contains("w:date=\"2015-12-04T00:00:00Z\""));
    // docx-rs reads it back.
    let doc = docx_rs::read_docx(&bytes).unwrap();
    assert_eq!(doc.document.children.len(), 7);
    // Deterministic: a second run writes the same bytes.
    run();
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn docx_word_level_changes_in_place() {
    let dir = temp_dir("docx-words");
    let out = dir.join("agreed.docx");
    let (code, _, _) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("agreed.md").to_str().unwrap(),
        "--format",
        "docx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let xml = document_xml(&out);
    assert_eq!(tracked(&xml, "w:del"), vec!["[", "]"]);
    assert_eq!(tracked(&xml, "w:ins"), Vec::<String>::new());
    assert!(xml.contains("w:author=\"agreed\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pdf_wrapped_text_is_no_substantive_change() {
    // Hard wraps, end-of-line hyphenation, form feeds, a running head and page numbers.
    let (code, v) = diff_json("base.md", "base-pdf.txt");
    assert_eq!(code, 0);
    assert_eq!(changed(&v), Vec::<String>::new());
    assert_eq!(
        counts(&v, &["unchanged", "words_inserted", "words_deleted"]),
        vec![6, 0, 0]
    );
}

/// Word's "accept all changes" on the redline must give the new revision: the reader
/// accepts tracked changes, so diffing the new revision against the redline finds nothing.
#[test]
fn docx_redline_accepted_is_the_new_revision() {
    let dir = temp_dir("docx-accept");
    for new in [
        "moved-edited.md",
        "split.md",
        "merged.md",
        "bis.md",
        "agreed.md",
        "relabelled.md",
    ] {
        let out = dir.join(format!("{new}.docx"));
        let (code, _, err) = zd(&[
            "diff",
            fixture("base.md").to_str().unwrap(),
            fixture(new).to_str().unwrap(),
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!((code, err.as_str()), (1, ""), "{new}");
        let (code, stdout, _) = zd(&[
            "diff",
            fixture(new).to_str().unwrap(),
            out.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let v: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!((code, changed(&v)), (0, Vec::<String>::new()), "{new}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn term_colours_on_request_even_with_no_color_unset() {
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args([
            "diff",
            fixture("base.md").to_str().unwrap(),
            fixture("agreed.md").to_str().unwrap(),
            "--color",
            "always",
        ])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("communicate \u{1b}[31;9m[\u{1b}[0mtheir\u{1b}[31;9m]\u{1b}[0m nationally"),
        "{s:?}"
    );
}

#[test]
fn budget_fallbacks_are_reported() {
    let (code, stdout, _) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("moved-edited.md").to_str().unwrap(),
        "--format",
        "json",
        "--max-tokens",
        "8",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["counts"]["coarse"], 1);
    assert_eq!(
        v["notices"],
        serde_json::json!(["word-diff budget: 1 paragraph pair(s) longer than 8 tokens or past the 20 s time budget are shown as whole-paragraph replacements"])
    );
}

/// Regression: `--out` naming an input revision used to overwrite it with the redline.
#[test]
fn out_equal_to_an_input_is_refused_and_nothing_is_written() {
    let dir = temp_dir("out-is-input");
    let old = dir.join("r0.md");
    let new = dir.join("rev1.md");
    std::fs::copy(fixture("base.md"), &old).unwrap();
    std::fs::copy(fixture("moved.md"), &new).unwrap();
    let before = std::fs::read(&new).unwrap();
    // Another spelling of the same path is caught too (canonical path / inode).
    let other_spelling = dir
        .join("..")
        .join(dir.file_name().unwrap())
        .join("rev1.md");
    for (format, out) in [("md", &new), ("docx", &other_spelling), ("json", &old)] {
        let (code, stdout, stderr) = zd(&[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{format}");
        assert!(
            stderr.starts_with(&format!(
                "error: --out {} is the input revision",
                out.display()
            )),
            "{stderr}"
        );
        assert!(stderr.contains("nothing was written"), "{stderr}");
    }
    assert_eq!(std::fs::read(&new).unwrap(), before);
    assert_eq!(
        std::fs::read(&old).unwrap(),
        std::fs::read(fixture("base.md")).unwrap()
    );
}

/// Regression: with `| head -1` the exit status was 0 although the revisions differ.
#[test]
fn closed_stdout_keeps_exit_status_1() {
    for format in ["html", "json", "term", "md"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
            .args([
                "diff",
                fixture("base.md").to_str().unwrap(),
                fixture("moved-edited.md").to_str().unwrap(),
                "--format",
                format,
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the redline is written: every write hits a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

/// Regression: the side-by-side view ran the label into the text (`1.We share`).
#[test]
fn html_side_by_side_separates_label_and_text() {
    let (code, html, _) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("moved.md").to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert_eq!(code, 1);
    let side = &html[html.find("<table class=\"side\">").unwrap()..];
    assert!(
        side.contains("<span class=\"label\">2.</span> Requests the secretariat"),
        "{side}"
    );
    assert!(!html.contains("</span>Requests"), "{html}");
}

#[test]
fn invalid_date_and_blank_author_are_refused() {
    let dir = temp_dir("bad-flags");
    let out = dir.join("red.docx");
    let run = |extra: &[&str]| {
        let mut args: Vec<String> = vec![
            "diff".into(),
            fixture("base.md").to_str().unwrap().into(),
            fixture("moved.md").to_str().unwrap().into(),
            "--format".into(),
            "docx".into(),
            "--out".into(),
            out.to_str().unwrap().into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        zd(&refs)
    };
    let cases: [(&[&str], &str); 4] = [
        (
            &["--date", "2026-13-45"],
            "error: --date: the date `2026-13-45` has month 13; months are 01 to 12\n",
        ),
        (
            &["--date", "2026-02-03T25:61:99Z"],
            "error: --date: the time in `2026-02-03T25:61:99Z` is out of range (hours 00–23, minutes and seconds 00–59)\n",
        ),
        (
            &["--date", "2026-02-30"],
            "error: --date: the date `2026-02-30` has day 30; 2026-02 has days 01 to 28\n",
        ),
        (
            &["--author", "  "],
            "error: --author: the author of the tracked changes cannot be blank; give a name such as `--author \"Co-facilitators\"`, or leave the flag out to use the new revision's name\n",
        ),
    ];
    for (extra, message) in cases {
        let (code, _, stderr) = run(extra);
        assert_eq!((code, stderr.as_str()), (2, message));
    }
    assert!(!out.exists());
}

/// Regression: tracked changes were dated 1970-01-01 although the revision's title block
/// carries its date.
#[test]
fn docx_date_defaults_to_the_title_block_date() {
    let dir = temp_dir("title-date");
    let new = dir.join("rev1.md");
    let text = std::fs::read_to_string(fixture("moved-edited.md")).unwrap();
    std::fs::write(&new, format!("5 February 2018\n\n{text}")).unwrap();
    let out = dir.join("red.docx");
    let (code, _, stderr) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "docx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let xml = document_xml(&out);
    let dates: std::collections::BTreeSet<&str> = xml
        .split("w:date=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        dates.into_iter().collect::<Vec<_>>(),
        ["2018-02-05T00:00:00Z"]
    );
    assert!(xml.contains("w:author=\"rev1\""), "author is the file stem");
}

#[test]
fn empty_revision_gives_a_warning_and_a_notice() {
    let dir = temp_dir("empty");
    let empty = dir.join("empty.md");
    std::fs::write(&empty, "\n\n").unwrap();
    let (code, stdout, stderr) = zd(&[
        "diff",
        empty.to_str().unwrap(),
        fixture("base.md").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "warning: the old revision (empty) has no paragraphs: every paragraph of the other shows as added\n"
    );
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["notices"],
        serde_json::json!([
            "old (empty): no paragraphs were read from this revision; is it the right file?"
        ])
    );
    assert_eq!(counts(&v, &["added"]), vec![6]);
}

/// Regression: `r0.md` against `r0.docx` was shown as "r0 → r0".
#[test]
fn same_stem_revisions_get_distinct_names() {
    let dir = temp_dir("stems");
    let (a, b) = (dir.join("a"), dir.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::copy(fixture("base.md"), a.join("r0.md")).unwrap();
    std::fs::copy(fixture("moved.md"), a.join("r0.txt")).unwrap();
    std::fs::copy(fixture("moved.md"), b.join("r0.md")).unwrap();
    let names = |x: &PathBuf, y: &PathBuf| {
        let (_, out, _) = zd(&[
            "diff",
            x.to_str().unwrap(),
            y.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let v: Value = serde_json::from_str(&out).unwrap();
        (
            v["old"]["name"].as_str().unwrap().to_string(),
            v["new"]["name"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        names(&a.join("r0.md"), &a.join("r0.txt")),
        ("r0.md".to_string(), "r0.txt".to_string())
    );
    let (o, n) = names(&a.join("r0.md"), &b.join("r0.md"));
    assert_eq!(
        (o, n),
        (
            a.join("r0.md").display().to_string(),
            b.join("r0.md").display().to_string()
        )
    );
    assert_eq!(
        names(&a.join("r0.md"), &a.join("r0.md")),
        ("r0".to_string(), "r0".to_string())
    );
}

/// Regression: a heading in one revision and a plain paragraph with the same text in the
/// other (a pandoc plain-text export) never matched; and a non-breaking hyphen counted as a
/// word edit.
#[test]
fn heading_matches_paragraph_of_same_text_and_typography_is_no_edit() {
    let (code, v) = diff_json("kind-heading.md", "kind-plain.txt");
    assert_eq!(code, 0);
    assert_eq!(changed(&v), Vec::<String>::new());
    let first = &v["entries"][0];
    assert_eq!(
        (first["op"].as_str(), first["kind"].as_str()),
        (Some("unchanged"), Some("paragraph"))
    );
    assert_eq!(
        counts(&v, &["unchanged", "typographic", "words_inserted"]),
        vec![6, 1, 0]
    );
    assert_eq!(v["entries"][5]["typographic"], 1);
}

/// Every XML part of the DOCX at `path` holds only characters XML 1.0 allows: no byte below
/// 0x20 other than tab, newline and carriage return, no U+FFFE or U+FFFF.
fn assert_docx_is_xml_1_0(path: &std::path::Path) {
    common::assert_parts_are_xml_1_0(&std::fs::read(path).unwrap());
    docx_rs::read_docx(&std::fs::read(path).unwrap()).unwrap();
}

/// Regression: characters XML 1.0 forbids (C0 controls, U+FFFE) in a revision's text, in an
/// HTML character reference, or in the file name (the default author) reached
/// `word/document.xml` raw, and Word could not open the redline. They are dropped.
#[test]
fn docx_drops_characters_xml_forbids() {
    let dir = temp_dir("docx-xml-chars");
    let old = dir.join("old.txt");
    std::fs::write(&old, "Parties shall act.\n").unwrap();
    let new = dir.join("new\u{1}.txt");
    std::fs::write(
        &new,
        "Parties \u{1}shall\u{1b}[8m act\u{b}\u{c} \u{fffe}now\u{1f}.\n",
    )
    .unwrap();
    let old_html = dir.join("old.html");
    std::fs::write(&old_html, "<p>Hello</p>").unwrap();
    let new_html = dir.join("new.html");
    std::fs::write(&new_html, "<p>Hello &#x1;x &#0; y</p>").unwrap();
    for (i, (o, n)) in [(&old, &new), (&old_html, &new_html)]
        .into_iter()
        .enumerate()
    {
        let out = dir.join(format!("redline{i}.docx"));
        let (code, _, stderr) = zd(&[
            "diff",
            o.to_str().unwrap(),
            n.to_str().unwrap(),
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{stderr}");
        assert_docx_is_xml_1_0(&out);
        let xml = document_xml(&out);
        if i == 0 {
            assert_eq!(tracked(&xml, "w:ins"), ["[8m act now"], "{xml}");
            assert!(xml.contains("w:author=\"new\""), "{xml}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Regression: `--author` with a control character wrote an unreadable DOCX; it is refused
/// at argument parsing (exit 2) and nothing is written.
#[test]
fn author_with_control_character_is_refused() {
    let dir = temp_dir("author-control");
    let out = dir.join("redline.docx");
    let (code, stdout, stderr) = zd(&[
        "diff",
        fixture("base.md").to_str().unwrap(),
        fixture("agreed.md").to_str().unwrap(),
        "--format",
        "docx",
        "--out",
        out.to_str().unwrap(),
        "--author",
        "Co\u{1}-facilitators",
    ]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("--author") && stderr.contains("control character U+0001"),
        "{stderr}"
    );
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Regression: control characters of a revision (an `ESC[8m` conceals the words after it)
/// reached the terminal raw, even with `--color never`; the HTML and Markdown carried them
/// too. They are shown as control pictures (`␛`, `␀`, …; U+FFFD for C1 controls).
#[test]
fn control_characters_are_shown_not_sent() {
    let dir = temp_dir("term-controls");
    let old = dir.join("a.txt");
    std::fs::write(&old, "Parties shall act.\n").unwrap();
    let new = dir.join("b.txt");
    std::fs::write(
        &new,
        "Parties \u{1b}[8mshall\u{1b}[0m act\u{1} now\u{7f}\u{9b}.\n",
    )
    .unwrap();
    let raw = |s: &str| {
        s.chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\t'))
            .collect::<Vec<_>>()
    };
    let run = |args: &[&str]| {
        let mut all = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = zd(&all);
        assert_eq!(code, 1, "{stderr}");
        stdout
    };
    let plain = run(&["--color", "never"]);
    assert_eq!(raw(&plain), Vec::<char>::new(), "{plain}");
    assert!(
        plain.contains("{+␛[8mshall␛[0m act␁ now␡\u{FFFD}+}"),
        "{plain}"
    );
    // With colour, the only escapes are ours (SGR codes), never the revision's `ESC[8m`.
    let coloured = run(&["--color", "always"]);
    assert!(!coloured.contains("\u{1b}[8m") && !coloured.contains("\u{1b}[0m act"));
    assert!(coloured.contains("␛[8mshall␛[0m"), "{coloured}");
    for format in ["html", "md"] {
        let s = run(&["--format", format]);
        assert_eq!(raw(&s), Vec::<char>::new(), "{format}: {s}");
        assert!(
            s.contains("␛[8mshall␛[0m act␁ now␡\u{FFFD}"),
            "{format}: {s}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Regression: `--time-budget NaN` panicked (exit 101) and negative budgets were silently 0;
/// anything but a finite number ≥ 0 is now refused at argument parsing (exit 2).
#[test]
fn time_budget_must_be_finite_and_not_negative() {
    let (o, n) = (fixture("base.md"), fixture("agreed.md"));
    let run = |v: &str| {
        zd(&[
            "diff",
            o.to_str().unwrap(),
            n.to_str().unwrap(),
            "--format",
            "json",
            &format!("--time-budget={v}"),
        ])
    };
    for bad in [
        "NaN", "nan", "inf", "-inf", "infinity", "-1", "-0.5", "abc", "",
    ] {
        let (code, stdout, stderr) = run(bad);
        assert_eq!((code, stdout.as_str()), (2, ""), "{bad}: {stderr}");
        assert!(stderr.contains("--time-budget"), "{bad}: {stderr}");
        assert!(!stderr.contains("panicked"), "{bad}: {stderr}");
    }
    for good in ["0", "0.5", "20", "1e9"] {
        let (code, _, stderr) = run(good);
        assert_eq!(code, 1, "{good}: {stderr}");
    }
}

/// Regression: the help said `--max-tokens` counted words; it counts every word, run of
/// spaces and punctuation mark.
#[test]
fn max_tokens_help_says_what_a_token_is() {
    let (code, stdout, _) = zd(&["diff", "--help"]);
    assert_eq!(code, 0);
    let help = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains("every run of spaces and every punctuation mark as one token"),
        "{help}"
    );
}

/// Runs the binary like [`zd`], but fails the test instead of hanging when it has not
/// finished after two minutes (the process is killed).
fn zd_within_limit(args: &[&str]) -> (i32, String, String) {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on threads, so that a full pipe cannot stall the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("zerodraft {args:?} did not finish within two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (
        status.code().unwrap_or(-1),
        out.join().unwrap(),
        err.join().unwrap(),
    )
}

/// Regression: a DOCX whose `word/document.xml` is cut short inside a paragraph made
/// docx-rs loop forever (`zerodraft diff` hung at 100 % CPU). It is refused with exit
/// code 2, naming the file, the part and where the open element began.
#[test]
fn truncated_docx_exits_2_instead_of_hanging() {
    use std::io::Write as _;
    let dir = temp_dir("docx-truncated");
    let path = dir.join("cut.docx");
    let parts = [
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#,
        ),
        (
            "word/document.xml",
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>"#,
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    let base = fixture("base.md");
    let (code, stdout, stderr) =
        zd_within_limit(&["diff", base.to_str().unwrap(), path.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(
        stderr.contains(
            "error[diff-unreadable-docx]: this is not a readable Word document: the part \
             word/document.xml ends inside <w:p> (opened at line 1, column 92, byte 91): the \
             file looks truncated"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("cut.docx"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
