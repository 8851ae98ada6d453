//! CLI tests of `zerodraft history` on three small rounds in `tests/fixtures/diff/rounds/`.

use std::path::PathBuf;
use std::process::Command;

fn round(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff/rounds")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn zd(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn table_gives_labels_per_round_and_changed_rounds() {
    let (code, out, err) = zd(&["history", &round("r0.md"), &round("r1.md"), &round("r2.md")]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!(out);
}

#[test]
fn json_lineage() {
    let (code, out, _) = zd(&[
        "history",
        &round("r0.md"),
        &round("r1.md"),
        &round("r2.md"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rounds"], serde_json::json!(["r0", "r1", "r2"]));
    // "Decides to establish …": 1. → 2. → 2., text changed only in round 2.
    let l = v["lineages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["text"].as_str().unwrap().starts_with("Decides"))
        .unwrap();
    assert_eq!(l["labels"], serde_json::json!(["1.", "2.", "2."]));
    assert_eq!(
        (l["first_changed"].as_u64(), l["last_changed"].as_u64()),
        (Some(2), Some(2))
    );
    // The synthesis-report paragraph was deleted in round 2.
    let gone = v["lineages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["text"].as_str().unwrap().starts_with("Requests"))
        .unwrap();
    assert_eq!(gone["labels"], serde_json::json!(["2.", "3.", null]));
    assert_eq!(
        gone["ops"],
        serde_json::json!([null, "unchanged", "deleted"])
    );
}

#[test]
fn one_revision_is_a_usage_error() {
    let (code, out, err) = zd(&["history", &round("r0.md")]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("REVISIONS"), "{err}");
}

fn objectives(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff/objectives")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Regression: a paragraph moved in Rev.1 showed `—` everywhere (the table hid moves), and
/// every objective's action was labelled a bare `(a)`.
#[test]
fn table_shows_moves_and_sub_paragraph_numbers() {
    let (code, out, err) = zd(&["history", &objectives("r0.md"), &objectives("r1.md")]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!(out);
    let (_, json, _) = zd(&[
        "history",
        &objectives("r0.md"),
        &objectives("r1.md"),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let moved: Vec<(&str, &serde_json::Value)> = v["lineages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l.get("moved_in").is_some())
        .map(|l| (l["id"].as_str().unwrap(), &l["moved_in"]))
        .collect();
    assert_eq!(moved, [("L13", &serde_json::json!([1]))]);
}

/// Regression: revisions with the same file stem appeared under the same name.
#[test]
fn rounds_with_the_same_stem_get_distinct_names() {
    let (a, b) = (round("r0.md"), objectives("r0.md"));
    let (code, out, _) = zd(&["history", &a, &b, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rounds"], serde_json::json!([a, b]));
}
