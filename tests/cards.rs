//! Loading card files: every diagnostic on a fixture (rendered message snapshotted), all
//! problems of a folder in one run, the TOML round trip of a card file, and the
//! `zerodraft cards` command.

use std::path::{Path, PathBuf};
use std::process::Command;

use zerodraft::diagnostic::render_text;
use zerodraft::import::file::{
    write_card_file, CardEntry, CardFile, ListHeader, MeetingHeader, PlacementEntry,
};
use zerodraft::import::{load_cards, parse_card_file};

const FIXTURES: &str = "tests/fixtures/import/load";

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// Loads a fixture folder that must fail; returns the codes and the rendered text.
fn load_err(name: &str) -> (Vec<&'static str>, String) {
    let diagnostics = load_cards(&fixture(name)).expect_err("the fixture has problems");
    let codes = diagnostics.iter().map(|d| d.code).collect();
    (codes, render_text(&diagnostics))
}

#[test]
fn loads_cards_in_sorted_path_order_with_provenance() {
    let cards = load_cards(&fixture("ok")).unwrap();
    let ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    // `decisions.toml` (not a card file) is skipped; `more/02-fur.toml` sorts after
    // `01-wg1.toml`.
    assert_eq!(ids, ["s2019-wg1-01", "s2019-wg1-02", "s2019-fur-01"]);
    let first = &cards[0];
    assert_eq!(first.provenance.list_key, "wg1");
    assert_eq!(first.provenance.place, "Santiago, Chile");
    assert_eq!(first.provenance.proposer.as_deref(), Some("Chile"));
    assert_eq!(first.tags, ["skills", "partnerships"]);
    let origin = first.origin.as_ref().unwrap();
    assert_eq!(
        (origin.file.clone(), origin.line, origin.col),
        (fixture("ok").join("01-wg1.toml"), 15, 6)
    );
    let placement = first.placement.as_ref().unwrap();
    assert_eq!(placement.section, "actionable-commitments");
    assert_eq!(placement.objective.as_deref(), Some("skills-development"));
    let at = placement.location.as_ref().unwrap();
    assert_eq!((at.line, at.col), (20, 25));
    assert_eq!(
        cards[2].provenance.dimension.as_deref(),
        Some("Global dimension")
    );
}

#[test]
fn malformed_toml_is_located() {
    let (codes, text) = load_err("malformed");
    assert_eq!(codes, ["toml-syntax"]);
    insta::assert_snapshot!("malformed", text);
}

#[test]
fn unknown_key_suggests_the_known_one() {
    let (codes, text) = load_err("unknown-key");
    // The misspelt `txet` also leaves the card without its text.
    assert_eq!(codes, ["missing-key", "unknown-key"]);
    insta::assert_snapshot!("unknown_key", text);
}

#[test]
fn missing_text_is_reported() {
    let (codes, text) = load_err("missing-text");
    assert_eq!(codes, ["missing-key"]);
    insta::assert_snapshot!("missing_text", text);
}

#[test]
fn empty_text_is_reported() {
    let (codes, text) = load_err("empty-text");
    assert_eq!(codes, ["empty-text"]);
    insta::assert_snapshot!("empty_text", text);
}

#[test]
fn duplicate_id_across_files_names_both_places() {
    let (codes, text) = load_err("duplicate-id");
    assert_eq!(codes, ["duplicate-id"]);
    insta::assert_snapshot!("duplicate_id", text);
}

/// One run reports the problems of every file, several per file, and a duplicate id in a
/// file that has other problems too.
#[test]
fn all_problems_are_reported_in_one_run() {
    let (codes, text) = load_err("all-at-once");
    assert_eq!(
        codes,
        [
            "toml-syntax",
            "missing-key",
            "unknown-key",
            "empty-text",
            "missing-key",
            "wrong-type",
            "wrong-type",
            "unknown-key",
            "unknown-key",
            "duplicate-id",
        ]
    );
    insta::assert_snapshot!("all_at_once", text);
}

#[test]
fn missing_folder_is_a_diagnostic() {
    let diagnostics = load_cards(&fixture("no-such-folder")).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "missing-folder");
}

fn full_card_file() -> CardFile {
    CardFile {
        meeting: MeetingHeader {
            name: "Regional consultation on labour migration".into(),
            place: "Santiago, Chile".into(),
            dates: "12-13 March 2019".into(),
            document: "Chair's summary".into(),
        },
        list: ListHeader {
            key: "wg1".into(),
            title: "WORKING GROUP 1: SKILLS".into(),
            dimension: Some("Human dimension".into()),
            lead_in: Some("Recommendations included:".into()),
        },
        cards: vec![
            CardEntry {
                id: "s2019-wg1-01".into(),
                position: 1,
                text: "Provide \"one-stop shops\" for migrants' needs — in every city".into(),
                proposer: Some("Côte d'Ivoire".into()),
                tags: vec!["services".into(), "local \"level\"".into()],
                placement: Some(PlacementEntry {
                    section: "actionable-commitments".into(),
                    objective: Some("basic-services".into()),
                    reason: Some("services; see note".into()),
                }),
                notes: Some("First line.\nSecond line with a tab\tand a backslash \\.".into()),
            },
            CardEntry {
                id: "s2019-wg1-02".into(),
                position: 2,
                text: "Expand access to language training".into(),
                proposer: None,
                tags: Vec::new(),
                placement: Some(PlacementEntry {
                    section: "means-of-implementation".into(),
                    objective: None,
                    reason: None,
                }),
                notes: None,
            },
        ],
    }
}

#[test]
fn card_file_round_trips_through_toml() {
    let file = full_card_file();
    let text = write_card_file(&file, "A test file.\n\nSecond paragraph.");
    let loaded = parse_card_file(Path::new("round-trip.toml"), &text).unwrap();
    assert_eq!(loaded.file, file);
    assert_eq!(
        write_card_file(&loaded.file, "A test file.\n\nSecond paragraph."),
        text
    );
    insta::assert_snapshot!("round_trip_toml", text);
}

/// Every shipped card file reads back and writes out unchanged (after its header comment).
#[test]
fn shipped_card_files_round_trip() {
    let mut names: Vec<PathBuf> = std::fs::read_dir("recommendations")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| !p.ends_with("decisions.toml"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 8);
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = parse_card_file(&path, &text).unwrap();
        let body = text
            .split_once("\n[meeting]")
            .map(|(_, rest)| format!("[meeting]{rest}"))
            .unwrap();
        assert_eq!(
            write_card_file(&loaded.file, ""),
            body,
            "{}",
            path.display()
        );
    }
}

fn zerodraft(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cards_json_lists_cards_with_provenance() {
    let dir = fixture("ok");
    let out = zerodraft(&[
        "cards",
        "--format",
        "json",
        "--recommendations",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(3));
    insta::assert_json_snapshot!("cards_json", json);
}

#[test]
fn cards_text_groups_by_list() {
    let dir = fixture("ok");
    let out = zerodraft(&["cards", "--recommendations", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("cards_text", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn cards_on_the_shipped_recommendations() {
    let out = zerodraft(&["cards", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cards = json.as_array().unwrap();
    assert_eq!(cards.len(), 126);
    assert_eq!(cards[0]["id"], "pv2017-ag1-01");
    assert_eq!(cards[125]["provenance"]["list_key"], "fur");
}

#[test]
fn cards_exit_2_on_bad_card_files() {
    let dir = fixture("duplicate-id");
    let out = zerodraft(&["cards", "--recommendations", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(
        "cards_exit_2_stderr",
        String::from_utf8(out.stderr).unwrap()
    );
}

/// Regression guard for "no panics on any input": the loader on random TOML-like text.
#[test]
fn loader_does_not_panic_on_arbitrary_input() {
    const PIECES: &[&str] = &[
        "\n",
        "[meeting]",
        "[list]",
        "[[card]]",
        "[card]",
        "name = \"x\"",
        "id = \"a\"",
        "id = 1",
        "text = \"\"",
        "text = \"é\"",
        "position = 0",
        "position = 4294967296",
        "tags = [1, \"\"]",
        "placement = { section = 2 }",
        "placement = \"x\"",
        "when = 2020-01-01",
        "x = 1979-05-27T07:32:00Z",
        "\"",
        "'",
        "=",
        "é",
        "[",
        "]",
        "{",
        "}",
        " ",
        "card = 3",
        "meeting = []",
        "key = \"k\"",
        "title = \"t\"",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 30) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        if let Err(diagnostics) = parse_card_file(Path::new("fuzz.toml"), &text) {
            assert!(!diagnostics.is_empty());
            let _ = render_text(&diagnostics);
        }
    }
}

/// Regression: a card file that is not UTF-8 used to be reported without line or column.
/// The first undecodable byte (Latin-1 `á` in "Bogotá", line 3) is located, with a hint.
#[test]
fn card_file_not_utf8_is_located_at_the_first_bad_byte() {
    let (codes, text) = load_err("not-utf8");
    assert_eq!(codes, ["unreadable-file"]);
    let d = &load_cards(&fixture("not-utf8")).unwrap_err()[0];
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.col), (3, 15));
    insta::assert_snapshot!("not_utf8", text);
}

/// Regression: naming a card file where the folder is expected used to say "card folder
/// … not found"; it now says the path is a file and names the folder to give instead.
#[test]
fn a_file_given_as_the_card_folder_is_named_as_a_file() {
    let path = fixture("ok").join("01-wg1.toml");
    assert!(path.is_file());
    let diagnostics = load_cards(&path).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "not-a-folder");
    insta::assert_snapshot!("file_as_folder", render_text(&diagnostics));
}

/// Regression: the count line said "1 cards in 1 lists"; nouns follow their number.
#[test]
fn cards_text_counts_one_card_in_the_singular() {
    let dir = fixture("one-card");
    let out = zerodraft(&["cards", "--recommendations", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().last(), Some("1 card in 1 list"));
    insta::assert_snapshot!("cards_text_one_card", stdout);
}
