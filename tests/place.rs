//! Placement: the rule order (override, provenance, text, default) with its priorities and
//! tie-breaks, on the fixture in `tests/fixtures/place/base`, and the `place` command's
//! text, JSON and summary outputs.

use std::path::{Path, PathBuf};
use std::process::Command;

use zerodraft::place::RuleKind;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/place/base")
}

/// Runs `zerodraft place ARGS` on the fixture (relative paths, so output is stable).
fn place(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(fixture())
        .arg("place")
        .args(args)
        .output()
        .expect("run zerodraft");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn rule_order_priorities_and_tie_breaks() {
    let base = fixture();
    let project = zerodraft::project::load(&base.join("blueprint"), &base.join("recommendations"))
        .expect("fixture loads");
    let got: Vec<(String, String, RuleKind, String)> = project
        .placements
        .iter()
        .map(|p| {
            let t = p.target.as_ref().expect("every fixture card is placed");
            let r = p.reason.as_ref().expect("a placed card has a reason");
            (p.card.clone(), t.display(), r.kind, r.rule.clone())
        })
        .collect();
    let want = [
        // priority 2 beats a text rule of priority 0 with the same score
        ("t-ag1-01", "commit-to-omit", RuleKind::Text, "omit"),
        // equal priority and score: the rule written first
        (
            "t-ag1-02",
            "commitments › fair-recruitment",
            RuleKind::Text,
            "recruitment",
        ),
        // equal priority: the higher score (2 words covered against 1)
        ("t-ag1-03", "commitments › data", RuleKind::Text, "data"),
        // `except = ["to this end"]` keeps `end` from matching
        (
            "t-ag1-04",
            "commitments › fair-recruitment",
            RuleKind::Text,
            "recruitment",
        ),
        // case-insensitive, stemmed
        ("t-ag1-05", "commit-to-omit", RuleKind::Text, "omit"),
        // the card's override beats every rule
        (
            "t-ag1-06",
            "commitments › data",
            RuleKind::Override,
            "override",
        ),
        // provenance rules come before text rules, whatever the priority
        ("t-fur-01", "review", RuleKind::Provenance, "follow-up-list"),
        ("t-fur-02", "review", RuleKind::Provenance, "follow-up-list"),
    ];
    let want: Vec<(String, String, RuleKind, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), *c, d.to_string()))
        .collect();
    assert_eq!(got, want);

    // The matched words are recorded as written in the rule.
    let p3 = &project.placements[2];
    assert_eq!(
        p3.reason.as_ref().map(|r| r.matched.clone()),
        Some(vec!["data".to_string(), "statistics".to_string()])
    );
}

#[test]
fn default_placement_takes_cards_no_rule_places() {
    let dir = std::env::temp_dir().join(format!("zd-place-default-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    let bp = dir.join("blueprint/blueprint.toml");
    let text = std::fs::read_to_string(&bp).unwrap();
    let text = text.replace(
        "[document]",
        "[default]\nsection = \"review\"\n\n[document]",
    );
    std::fs::write(&bp, text).unwrap();
    let cards = dir.join("recommendations/02-fur.toml");
    let text = std::fs::read_to_string(&cards).unwrap();
    std::fs::write(&cards, text.replace("key = \"fur\"", "key = \"other\"")).unwrap();
    let project = zerodraft::project::load(&dir.join("blueprint"), &dir.join("recommendations"))
        .expect("loads");
    let decided: Vec<(String, String)> = project
        .placements
        .iter()
        .skip(6)
        .map(|p| {
            let r = p.reason.as_ref().expect("placed");
            (p.card.clone(), format!("{} {}", r.rule, r.detail))
        })
        .collect();
    assert_eq!(
        decided,
        vec![
            // `eliminate` still matches the text rule once the provenance rule does not
            (
                "t-fur-01".to_string(),
                "omit matched: eliminate (priority 2, score 1)".to_string()
            ),
            (
                "t-fur-02".to_string(),
                "default no override and no rule applied".to_string()
            ),
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn place_text_output() {
    let (code, out, err) = place(&[]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!(out);
}

#[test]
fn place_json_output() {
    let (code, out, err) = place(&["--format", "json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    insta::assert_json_snapshot!(json);
}

#[test]
fn place_summary_text_and_json() {
    let (code, out, _) = place(&["--summary"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("summary_text", out);
    let (code, out, _) = place(&["--summary", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    insta::assert_json_snapshot!("summary_json", json);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn place_exits_1_and_explains_unplaced_cards() {
    let dir = std::env::temp_dir().join(format!("zd-place-unplaced-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    let cards = dir.join("recommendations/01-ag1.toml");
    let text = std::fs::read_to_string(&cards).unwrap();
    let text = text
        .replace(
            "Improve recruitment data",
            "Report progress to the yearly review",
        )
        .replace(
            "section = \"commitments\", objective = \"data\"",
            "section = \"comitments\", objective = \"data\"",
        );
    std::fs::write(&cards, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(&dir)
        .args(["place"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let unplaced: Vec<&str> = stdout.lines().filter(|l| l.contains("unplaced")).collect();
    assert_eq!(
        unplaced,
        vec![
            "t-ag1-02 → unplaced; closest: review (0.433)",
            "t-ag1-06 → unplaced (its placement is invalid: no section `comitments` in the blueprint; did you mean `commitments`?); closest: commitments › fair-recruitment (0.475)",
        ]
    );
}

/// The shipped commit-to-omit rule (priority 2, `yield-margin = 3`) keeps a card whose omit
/// verb competes with weak topic matches, and gives way when a topic rule scores 3 or more
/// above it (one verb is not enough to make a topical recommendation a pledge to omit).
#[test]
fn shipped_commit_to_omit_yields_to_much_stronger_topic_matches() {
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("place")
        .output()
        .expect("run zerodraft");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = |id: &str| -> String {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        line("pv2017-ag6-07"),
        "pv2017-ag6-07 → actionable-commitments › fair-recruitment  [text rule \
         `fair-recruitment`: matched: recruitment, ethical recruitment, migrant workers (score \
         5); gave way: commit-to-omit (priority 2, score 1; yield margin 3)]"
    );
    assert!(
        line("pv2017-ag1-04").starts_with(
            "pv2017-ag1-04 → actionable-commitments › vulnerable-situations  [text rule \
             `vulnerable-situations`"
        ),
        "{}",
        line("pv2017-ag1-04")
    );
    let omitted: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(" → commit-to-omit "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert_eq!(omitted, vec!["pv2017-ag1-02", "pv2017-ag1-11"]);
}
