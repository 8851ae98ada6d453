//! `zerodraft check`: every diagnostic with its exit status (0 clean, 1 findings, 2 unusable
//! input), the JSON and GitHub formats, and the shipped data.
//!
//! Each case copies `tests/fixtures/place/base` (which is clean) into a temporary folder,
//! applies a few text edits, and runs the binary there with relative paths, so that the
//! snapshots hold stable `file:line:col` locations.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/place/base")
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

/// A text edit: in `file` (relative to the case folder), replace `from` by `to`.
type Edit<'a> = (&'a str, &'a str, &'a str);

/// Copies the base fixture, applies `edits`, runs `zerodraft check ARGS` there; returns
/// exit code, stdout and stderr.
fn check_case(name: &str, edits: &[Edit], args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run_case(name, edits, &all)
}

/// As [`check_case`], but `args` start with the subcommand.
fn run_case(name: &str, edits: &[Edit], args: &[&str]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("zd-place-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    for (file, from, to) in edits {
        let path = dir.join(file);
        // A missing file reads as empty, so that an edit with an empty `from` creates it.
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            text.contains(from),
            "edit `{from}` does not apply to {file}"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(&dir)
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

fn report((code, out, err): (i32, String, String)) -> String {
    format!("exit: {code}\n--- stdout\n{out}--- stderr\n{err}")
}

const BP: &str = "blueprint/blueprint.toml";
const AG1: &str = "recommendations/01-ag1.toml";

#[test]
fn clean_fixture_exits_0() {
    let (code, out, err) = check_case("clean", &[], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "check: 8 of 8 cards placed; 0 error(s), 0 warning(s)\n"
    );
    assert_eq!(err, "");
}

/// Regression guard for the "a card edited so that no rule matches": exit 1, and the
/// hint names the closest places.
#[test]
fn unplaced_card_exits_1_with_suggestions() {
    let r = check_case(
        "unplaced",
        &[(
            AG1,
            "Improve recruitment data",
            "Report progress to the yearly review",
        )],
        &[],
    );
    assert_eq!(r.0, 1);
    insta::assert_snapshot!(report(r));
}

#[test]
fn override_with_a_typo_gets_did_you_mean() {
    let r = check_case(
        "override-typo",
        &[(
            AG1,
            "placement = { section = \"commitments\"",
            "placement = { section = \"comitments\"",
        )],
        &[],
    );
    assert_eq!(r.0, 1);
    insta::assert_snapshot!(report(r));
}

#[test]
fn override_with_an_unknown_objective_gets_did_you_mean() {
    let r = check_case(
        "override-objective",
        &[(AG1, "objective = \"data\"", "objective = \"dta\"")],
        &[],
    );
    assert_eq!(r.0, 1);
    insta::assert_snapshot!(report(r));
}

#[test]
fn required_empty_section_and_objective_without_actions_exit_1() {
    let r = check_case(
        "empty",
        &[
            (
                BP,
                "[[section]]\nid = \"review\"",
                "[[section]]\nid = \"principles\"\ntitle = \"New and updated principles\"\nkind = \"operative\"\nrequired = true\n\n[[section]]\nid = \"review\"",
            ),
            (
                BP,
                "[[section]]\nid = \"principles\"",
                "[[section.objective]]\nid = \"remittances\"\ntitle = \"Cheaper remittances\"\ncommitment = \"We commit to cheaper remittances.\"\n\n[[section]]\nid = \"principles\"",
            ),
        ],
        &[],
    );
    assert_eq!(r.0, 1);
    insta::assert_snapshot!(report(r));
}

#[test]
fn warnings_alone_exit_0() {
    let r = check_case(
        "warnings",
        &[(
            BP,
            "[[rule]]\nid = \"omit\"",
            "[[rule]]\nid = \"old-list\"\nsection = \"review\"\nlists = [\"ag9\"]\n\n[[rule]]\nid = \"omit\"",
        )],
        &[],
    );
    assert_eq!(r.0, 0);
    insta::assert_snapshot!(report(r));
}

#[test]
fn invalid_toml_in_blueprint_and_cards_reported_together_exit_2() {
    let r = check_case(
        "toml",
        &[
            (BP, "subtitle = \"Zero draft\"", "subtitle = \"Zero draft"),
            (AG1, "position = 2", "positon = 2"),
        ],
        &[],
    );
    assert_eq!(r.0, 2);
    insta::assert_snapshot!(report(r));
}

#[test]
fn unknown_key_in_blueprint_exits_2() {
    let r = check_case(
        "unknown-key",
        &[(
            BP,
            "kind = \"preambular\"",
            "kind = \"preambular\"\ndescripton = \"x\"",
        )],
        &[],
    );
    assert_eq!(r.0, 2);
    insta::assert_snapshot!(report(r));
}

#[test]
fn duplicate_ids_and_bad_rule_targets_exit_2() {
    let r = check_case(
        "duplicates",
        &[
            (BP, "id = \"commit-to-omit\"", "id = \"preamble\""),
            (
                BP,
                "section = \"review\"\nlists",
                "section = \"reviw\"\nlists",
            ),
            (
                BP,
                "objective = \"data\"\nwords",
                "objective = \"dat\"\nwords",
            ),
            (BP, "id = \"data\"\nsection", "id = \"omit\"\nsection"),
        ],
        &[],
    );
    assert_eq!(r.0, 2);
    insta::assert_snapshot!(report(r));
}

#[test]
fn json_format() {
    let (code, out, _) = check_case(
        "json",
        &[(
            AG1,
            "placement = { section = \"commitments\"",
            "placement = { section = \"comitments\"",
        )],
        &["--format", "json"],
    );
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    insta::assert_json_snapshot!(json);
}

#[test]
fn github_format() {
    let r = check_case(
        "github",
        &[
            (
                AG1,
                "placement = { section = \"commitments\"",
                "placement = { section = \"comitments\"",
            ),
            (
                AG1,
                "Improve recruitment data",
                "Share progress on ethical practices",
            ),
        ],
        &["--format", "github"],
    );
    assert_eq!(r.0, 1);
    insta::assert_snapshot!(report(r));
}

#[test]
fn github_format_on_unusable_input_exits_2_with_annotations() {
    let r = check_case(
        "github-toml",
        &[(BP, "subtitle = \"Zero draft\"", "subtitle = \"Zero draft")],
        &["--format", "github"],
    );
    assert_eq!(r.0, 2);
    insta::assert_snapshot!(report(r));
}

#[test]
fn malformed_rules_and_ids_exit_2() {
    let r = check_case(
        "rules",
        &[
            (BP, "id = \"fair-recruitment\"", "id = \"Fair_Recruitment\""),
            (
                BP,
                "objective = \"fair-recruitment\"\nwords = [\"recruitment\"]",
                "words = [\"recruitment agencies\"]",
            ),
            (
                BP,
                "section = \"commit-to-omit\"\nwords = [\"eliminate\", \"end\"]",
                "section = \"commit-to-omit\"\nobjective = \"data\"",
            ),
            (BP, "lists = [\"fur\"]", "lists = [\"\"]"),
        ],
        &[],
    );
    assert_eq!(r.0, 2);
    insta::assert_snapshot!(report(r));
}

/// Two cards with the same text merge (exact duplicates); if their overrides disagree the
/// drafters are warned, and the first member's override is used.
#[test]
fn conflicting_overrides_of_merged_cards_warn() {
    let r = check_case(
        "conflict",
        &[(
            AG1,
            "text = \"Improve recruitment data\"",
            "text = \"End recruitment fees\"\nplacement = { section = \"commit-to-omit\" }",
        )],
        &[],
    );
    assert_eq!(r.0, 0);
    insta::assert_snapshot!(report(r));
}

// ---- The shipped blueprint and recommendations ------------------------------------------

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the shipped `blueprint/` and `recommendations/` into a scratch folder, applies
/// `edits` (paths relative to it) and runs `zerodraft check` there.
fn check_shipped(name: &str, edits: &[Edit]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("zd-place-shipped-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo().join("blueprint"), &dir.join("blueprint"));
    copy_dir(
        &repo().join("recommendations"),
        &dir.join("recommendations"),
    );
    for (file, from, to) in edits {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(from),
            "edit `{from}` does not apply to {file}"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(&dir)
        .arg("check")
        .output()
        .expect("run zerodraft");
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The acceptance line: on the shipped data, `check` exits 0 with 126 of 126 cards
/// placed and nothing to report.
#[test]
fn shipped_data_passes_check() {
    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(repo())
        .arg("check")
        .output()
        .expect("run zerodraft");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "check: 126 of 126 cards placed; 0 error(s), 0 warning(s)\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}

/// Every shipped card is placed exactly once, by a rule (no default, no override), and the
/// counts per section and objective are pinned, so that a change of rules or cards shows
/// in review as a change of this snapshot.
#[test]
fn shipped_data_places_every_card_exactly_once() {
    let project =
        zerodraft::project::load(&repo().join("blueprint"), &repo().join("recommendations"))
            .expect("shipped data loads");
    assert_eq!(project.cards.len(), 126);
    let mut placed: Vec<&str> = project
        .placements
        .iter()
        .filter(|p| p.target.is_some())
        .flat_map(|p| p.members.iter().map(String::as_str))
        .collect();
    placed.sort();
    let mut ids: Vec<&str> = project.cards.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    assert_eq!(placed, ids, "each card placed exactly once");
    assert!(project
        .placements
        .iter()
        .all(|p| p.reason.as_ref().is_some_and(|r| r.rule != "default")));

    let out = Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .current_dir(repo())
        .args(["place", "--summary"])
        .output()
        .expect("run zerodraft");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

/// The issue's "a card edited so that no rule matches makes `check` exit 1 with a
/// suggestion", on the shipped data.
#[test]
fn shipped_card_edited_to_match_no_rule_exits_1_with_suggestions() {
    let r = check_shipped(
        "unplaced",
        &[(
            "recommendations/06-ag6.toml",
            "Reduce visa barriers and simplify conversion of different types of visas",
            "Reduce barriers and simplify conversion of different types of permits",
        )],
    );
    assert_eq!(r.0, 1);
    insta::assert_snapshot!(report(r));
}

/// The "an override with a typo gets did you mean", on the shipped data.
#[test]
fn shipped_card_override_with_a_typo_gets_did_you_mean() {
    let r = check_shipped(
        "typo",
        &[(
            "recommendations/06-ag6.toml",
            "text = \"Adopt ethical recruitment mechanisms and eliminate migrant worker recruitment fees\"",
            "text = \"Adopt ethical recruitment mechanisms and eliminate migrant worker recruitment fees\"\nplacement = { section = \"actionable-commitments\", objective = \"fair-recruitmnet\" }",
        )],
    );
    assert_eq!(r.0, 1);
    insta::assert_snapshot!(report(r));
}

#[test]
fn misplaced_objectives_and_two_defaults_exit_2() {
    let r = check_case(
        "structure",
        &[
            // objectives under an operative section; a commitments section without any
            (BP, "kind = \"commitments\"", "kind = \"operative\""),
            (
                BP,
                "[[section]]\nid = \"review\"",
                "[[section]]\nid = \"more-commitments\"\ntitle = \"More\"\nkind = \"commitments\"\n\n[[section]]\nid = \"review\"",
            ),
            // a `[default]` in each of two files
            (BP, "[document]", "[default]\nsection = \"review\"\n\n[document]"),
            ("blueprint/zz-extra.toml", "", "[default]\nsection = \"preamble\"\n"),
        ],
        &[],
    );
    assert_eq!(r.0, 2);
    insta::assert_snapshot!(report(r));
}

#[test]
fn blueprint_without_document_exits_2() {
    let r = check_case(
        "no-document",
        &[(
            BP,
            "[document]\ntitle = \"Compact on Test Matters\"\nsubtitle = \"Zero draft\"\ndate = \"1 January 2030\"\nlanguage = \"en\"\n",
            "",
        )],
        &["--format", "json"],
    );
    assert_eq!(r.0, 2);
    insta::assert_snapshot!(report(r));
}

/// `dedup` reads no blueprint, so it takes no `--blueprint` (like `cards`): clap rejects
/// the option (exit 2) instead of ignoring a path that may not exist.
#[test]
fn dedup_takes_no_blueprint_option() {
    let (code, _, err) = run_case("dedup-bp", &[], &["dedup", "--blueprint", "/nonexistent"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unexpected argument '--blueprint'"),
        "stderr: {err}"
    );
    let (code, out, _) = run_case(
        "dedup-recs",
        &[],
        &[
            "dedup",
            "--recommendations",
            "recommendations",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("\"clusters\""), "stdout: {out}");
}

/// A card file with a problem does not hide the problems of `decisions.toml`: both come in
/// one run, every problem of the decisions file included (unknown keys, a group too small,
/// an unknown card). A card whose own entry is broken is still known by its id, so a
/// decision naming it is not reported as `unknown-card`.
#[test]
fn decisions_problems_are_reported_alongside_card_problems() {
    let r = check_case(
        "decisions-with-cards",
        &[
            (AG1, "position = 2", "positon = 2"),
            (
                "recommendations/decisions.toml",
                "",
                "[[merge]]\ncards = [\"t-ag1-01\", \"no-such-card\"]\nreson = \"typo\"\n\n[[keep_apart]]\ncards = [\"t-ag1-02\"]\n",
            ),
        ],
        &[],
    );
    assert_eq!(r.0, 2);
    let codes: Vec<&str> =
        r.2.lines()
            .filter_map(|l| l.strip_prefix("error["))
            .filter_map(|l| l.split(']').next())
            .collect();
    assert_eq!(
        codes,
        vec![
            "missing-key",
            "unknown-key",
            "unknown-key",
            "unknown-card",
            "decision-too-few-cards"
        ],
        "{}",
        r.2
    );
    assert_eq!(r.2.matches("error[unknown-card]").count(), 1, "{}", r.2);
    assert!(r.2.contains("no card has the id `no-such-card`"), "{}", r.2);
    insta::assert_snapshot!(report(r));
}

/// Blank text that would be rendered (document title and date, section and objective
/// titles, commitments, chapeaux, authored paragraphs) is rejected, each at its value.
#[test]
fn empty_blueprint_texts_exit_2_each_located() {
    let r = check_case(
        "empty-texts",
        &[
            (BP, "title = \"Compact on Test Matters\"", "title = \"\""),
            (BP, "date = \"1 January 2030\"", "date = \" \""),
            (
                BP,
                "paragraphs = [\"Recalling the test declaration,\"]",
                "paragraphs = [\"Recalling the test declaration,\", \"\"]",
            ),
            (BP, "title = \"Commit to omit\"", "title = \"\""),
            (
                BP,
                "commitment = \"We commit to improve migration data and statistics.\"",
                "commitment = \"\"\nchapeau = \"\\t\"",
            ),
            (
                BP,
                "title = \"Collect and use accurate data\"",
                "title = \"\"",
            ),
        ],
        &[],
    );
    assert_eq!(r.0, 2);
    assert_eq!(r.2.matches("error[empty-value]").count(), 7, "{}", r.2);
    insta::assert_snapshot!(report(r));
}

/// Every unknown key, invalid value and mistyped value of a blueprint file comes in one
/// run, and an unknown `kind` gets "did you mean" with the allowed values (not `toml-syntax`).
#[test]
fn every_key_and_value_problem_of_a_blueprint_file_in_one_run() {
    let r = check_case(
        "bp-all-at-once",
        &[
            (
                BP,
                "kind = \"preambular\"",
                "kind = \"preamblar\"\ncolour = \"blue\"",
            ),
            (
                BP,
                "required = true\ndescription = \"Pledges",
                "required = \"yes\"\ndescription = \"Pledges",
            ),
            (
                BP,
                "priority = 2",
                "priority = 2\nyield-margin = 0\nprio = 1",
            ),
        ],
        &[],
    );
    assert_eq!(r.0, 2);
    let codes: Vec<&str> =
        r.2.lines()
            .filter_map(|l| l.strip_prefix("error["))
            .filter_map(|l| l.split(']').next())
            .collect();
    assert_eq!(
        codes,
        vec![
            "invalid-value",
            "unknown-key",
            "wrong-type",
            "invalid-value",
            "unknown-key"
        ],
        "{}",
        r.2
    );
    assert!(
        r.2.contains(
            "hint: did you mean `preambular`? `kind` is one of `preambular`, `operative`, `commitments`"
        ),
        "{}",
        r.2
    );
    insta::assert_snapshot!(report(r));
}

/// A blueprint language outside the six UN languages is a warning in `check` too (not only
/// in `build`): the fixed words would be printed in English. Warnings alone exit 0.
#[test]
fn unsupported_language_is_a_located_warning() {
    let r = check_shipped(
        "language",
        &[(
            "blueprint/document.toml",
            "language = \"en\"",
            "language = \"tlh\"",
        )],
    );
    assert_eq!(r.0, 0);
    insta::assert_snapshot!(report(r));
}
