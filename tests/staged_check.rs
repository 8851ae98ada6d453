//! `zerodraft check` reports every problem that can be found in one run, even when some
//! input is unusable (exit status 2): card-file errors do not hide the placement findings of
//! the cards that could be read, decisions errors come all at once, and blueprint key and
//! value errors come with the blueprint's cross-file errors and with the cards' placement
//! overrides checked against the ids that could be read.
//!
//! The fixture `tests/fixtures/staged_check` is the placement fixture with a broken card
//! file and a broken `decisions.toml`; `broken-blueprint.toml` is copied into `blueprint/`
//! for the case with a broken blueprint too.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/staged_check")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Copies the fixture (with `broken-blueprint.toml` moved into `blueprint/` when
/// `broken_blueprint`), runs `zerodraft check ARGS` there; returns exit code, stdout, stderr.
fn run(name: &str, broken_blueprint: bool, args: &[&str]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("zd-staging-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    let extra = dir.join("broken-blueprint.toml");
    if broken_blueprint {
        std::fs::rename(&extra, dir.join("blueprint/zz-broken.toml")).expect("move");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(&dir)
        .arg("check")
        .args(args)
        .output()
        .expect("run zerodraft");
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The codes of the diagnostics in a text report, in order.
fn codes(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("error[")
                .or_else(|| l.strip_prefix("warning["))
        })
        .filter_map(|l| l.split(']').next())
        .collect()
}

fn report((code, out, err): (i32, String, String)) -> String {
    format!("exit: {code}\n--- stdout\n{out}--- stderr\n{err}")
}

/// Card-file errors, decisions errors and the placement findings of the cards that could be
/// read (two override typos with "did you mean", a card no rule places) in one run.
#[test]
fn card_and_decisions_errors_do_not_hide_placement_findings() {
    let r = run("cards", false, &[]);
    assert_eq!(r.0, 2, "{}", r.2);
    assert_eq!(
        codes(&r.2),
        vec![
            // the card file
            "unknown-key",
            "empty-text",
            "unknown-key",
            "duplicate-id",
            // decisions.toml: keys and values, then the decisions
            "invalid-value",
            "unknown-key",
            "unknown-card",
            "decision-too-few-cards",
            // the cards that could be read, placed
            "unknown-section",
            "unknown-objective",
            "unplaced-card",
        ],
        "{}",
        r.2
    );
    // `gv-02` is broken (empty text) but written: a decision naming it is not unknown.
    assert!(!r.2.contains("no card has the id `gv-02`"), "{}", r.2);
    assert!(r.2.contains("did you mean `review`?"), "{}", r.2);
    assert!(r.2.contains("did you mean `data`?"), "{}", r.2);
    assert!(r.2.contains("did you mean `t-ag1-01`?"), "{}", r.2);
    insta::assert_snapshot!(report(r));
}

/// The tester's whole scenario: blueprint key/value errors and cross-file errors
/// (duplicate section and objective ids, an objective in an operative section, rules naming
/// an unknown section and objective, an empty rule), card-file errors, decisions errors and
/// the cards' placement typos, all in a single run.
#[test]
fn every_problem_of_every_input_in_one_run() {
    let r = run("all", true, &[]);
    assert_eq!(r.0, 2, "{}", r.2);
    assert_eq!(
        codes(&r.2),
        vec![
            // blueprint: keys and values of the broken file
            "unknown-key",
            "invalid-value",
            "empty-value",
            "unknown-key",
            // blueprint: cross-file checks on what was read
            "duplicate-id",
            "objective-outside-commitments",
            "duplicate-id",
            "unknown-section",
            "empty-rule",
            "unknown-objective",
            // the card file
            "unknown-key",
            "empty-text",
            "unknown-key",
            "duplicate-id",
            // decisions.toml
            "invalid-value",
            "unknown-key",
            "unknown-card",
            "decision-too-few-cards",
            // the cards' overrides, against the ids that could be read
            "unknown-section",
            "unknown-objective",
        ],
        "{}",
        r.2
    );
    insta::assert_snapshot!(report(r));
}

/// The JSON report of a run with unusable input counts the cards that could be read and
/// placed, and holds the same diagnostics as the text report.
#[test]
fn json_report_of_unusable_input_counts_the_cards_read() {
    let (code, out, err) = run("json", false, &["--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    // 6 + 2 cards of the clean files, and gv-03, gv-04, gv-05 of 03-geneva.toml (the
    // repeated id and the empty text are left out); the three are not placed.
    assert_eq!(v["cards"], 11, "{out}");
    assert_eq!(v["placed"], 8, "{out}");
    assert_eq!(v["errors"], 11, "{out}");
    assert_eq!(v["warnings"], 0, "{out}");
    let json_codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(json_codes, codes(&err));
}

/// `read_cards` gives back the usable cards with every problem: the well-formed cards of a
/// broken file (an unknown key alone leaves a card usable), not the repeated id nor the card
/// with an empty text, and every id written (so that decisions naming them are known).
#[test]
fn read_cards_keeps_the_well_formed_cards_of_a_broken_file() {
    let read = zerodraft::import::read_cards(&fixture().join("recommendations"));
    let ids: Vec<&str> = read.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(&ids[8..], ["gv-03", "gv-04", "gv-05"]);
    assert_eq!(ids.len(), 11);
    assert_eq!(ids.iter().filter(|id| **id == "t-ag1-01").count(), 1);
    assert!(read.ids.iter().any(|id| id == "gv-02"));
    assert!(read.all_ids_known);
    assert_eq!(read.diagnostics.len(), 4);
    let strict = zerodraft::import::load_cards(&fixture().join("recommendations"))
        .expect_err("the fixture has problems");
    assert_eq!(strict.len(), 4);
}

/// A blueprint file that is not TOML at all hides its ids, so a rule naming an unknown
/// section is not reported (it may be in that file), while the other cross-file checks
/// (a repeated section id) still are.
#[test]
fn a_syntax_error_in_a_blueprint_file_skips_only_the_checks_that_depend_on_it() {
    let dir = std::env::temp_dir().join(format!("zd-staging-syntax-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    std::fs::write(
        dir.join("blueprint/zz-broken.toml"),
        "[[section]\nid = \"x\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("blueprint/zz-more.toml"),
        "[[section]]\nid = \"review\"\ntitle = \"Again\"\nkind = \"operative\"\n\n[[rule]]\nid = \"r\"\nsection = \"somewhere\"\nwords = [\"x\"]\n",
    )
    .expect("write");
    let diagnostics =
        zerodraft::model::blueprint::load(&dir.join("blueprint")).expect_err("broken");
    let _ = std::fs::remove_dir_all(&dir);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec!["toml-syntax", "duplicate-id"]);
}
