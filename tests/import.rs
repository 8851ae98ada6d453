//! Import of the chair's summary: counts on the repository's seed copy, rejoined bullets,
//! stable ids, the shipped `recommendations/` being exactly what the importer produces, and
//! the parser's variants (CRLF, BOM, form feeds, bullet styles, lead-ins).

use std::path::{Path, PathBuf};

use zerodraft::import::summary::{parse, parse_summary, CardList, SummaryOptions};

const SEED: &str = "recommendations/source/chair-summary-puerto-vallarta-2017.txt";

fn seed_lists() -> Vec<CardList> {
    let text = std::fs::read_to_string(SEED).unwrap();
    let options = SummaryOptions {
        source: PathBuf::from(SEED),
        meeting_key: None,
    };
    parse(&text, &options).unwrap()
}

fn card_text<'a>(lists: &'a [CardList], id: &str) -> &'a str {
    lists
        .iter()
        .flat_map(|l| &l.cards)
        .find(|c| c.id == id)
        .map(|c| c.text.as_str())
        .unwrap_or_else(|| panic!("no card {id}"))
}

#[test]
fn seed_counts_per_list() {
    let lists = seed_lists();
    let counts: Vec<(&str, usize)> = lists
        .iter()
        .map(|l| (l.key.as_str(), l.cards.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("ag1", 16),
            ("ag2", 13),
            ("ag3", 26),
            ("ag4", 12),
            ("ag5", 18),
            ("ag6", 15),
            ("impl", 14),
            ("fur", 12),
        ]
    );
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 126);
}

/// The mandate bullets a)–d) ("participants were invited:") are not recommendations.
#[test]
fn seed_mandate_bullets_are_skipped() {
    let text = std::fs::read_to_string(SEED).unwrap();
    let options = SummaryOptions {
        source: PathBuf::from(SEED),
        meeting_key: None,
    };
    let parsed = parse_summary(&text, &options).unwrap();
    assert_eq!(parsed.skipped.len(), 1);
    assert_eq!(parsed.skipped[0].bullets, 4);
    assert_eq!(parsed.skipped[0].line, 16);
    assert!(!parsed
        .lists
        .iter()
        .flat_map(|l| &l.cards)
        .any(|c| c.text.starts_with("To take stock")));
}

/// Two bullets are split by a page break in the seed; each must come back whole.
#[test]
fn seed_bullets_broken_across_page_breaks_are_rejoined() {
    let lists = seed_lists();
    assert_eq!(
        card_text(&lists, "pv2017-ag2-09"),
        "Forge partnerships between diaspora and origin communities so that diasporas can \
         contribute effectively to community-level development and reduction of household \
         poverty, including by facilitating the transfer of social remittances, trade, \
         investment, skills and knowledge transfer as well as social and cultural exchange"
    );
    assert_eq!(
        card_text(&lists, "pv2017-ag3-18"),
        "Strengthen the capacities of local authorities and communities in facilitating \
         sustainable return and providing reintegration programmes, including during crises \
         through the establishment of systems that recognize the needs of migrants who may \
         not speak the language and lack knowledge of emergency procedures"
    );
    // The continuation is not a card of its own.
    assert_eq!(
        card_text(&lists, "pv2017-ag2-10"),
        "Promote clear, positive, and fact-based public messaging on migration issues in \
         partnership with community leaders to address misperceptions through factual data \
         and hence support integration, social cohesion and mutual respect in societies"
    );
}

#[test]
fn seed_meeting_and_list_provenance() {
    let lists = seed_lists();
    let first = &lists[0].cards[0];
    assert_eq!(first.id, "pv2017-ag1-01");
    let p = &first.provenance;
    assert_eq!(p.meeting, "Preparatory (stocktaking) meeting");
    assert_eq!(p.place, "Puerto Vallarta, Mexico");
    assert_eq!(p.dates, "4-6 December 2017");
    assert_eq!(p.document, "Chair's summary");
    assert_eq!(p.list_title, "ACTION GROUP 1: HUMAN DIMENSION");
    assert_eq!(p.dimension.as_deref(), Some("Human dimension"));
    assert_eq!(p.position, 1);
    // The source's own typo is kept in the title; the key is still `ag2`.
    assert_eq!(lists[1].title, "ACTIONING GROUP 2: COMMUNITY DIMENSION");
    let titles: Vec<&str> = lists[6..].iter().map(|l| l.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Effective implementation", "Follow-up and review mechanism"]
    );
    assert_eq!(lists[6].dimension, None);
}

#[test]
fn ids_are_identical_across_runs() {
    let ids = |lists: Vec<CardList>| -> Vec<String> {
        lists
            .into_iter()
            .flat_map(|l| l.cards)
            .map(|c| c.id)
            .collect()
    };
    let first = ids(seed_lists());
    let second = ids(seed_lists());
    assert_eq!(first, second);
    assert_eq!(first.len(), 126);
    assert_eq!(first[0], "pv2017-ag1-01");
    assert_eq!(first[125], "pv2017-fur-12");
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 126);
}

/// The shipped `recommendations/*.toml` must be exactly what the importer writes from the
/// repository's copy of the seed (issue 2, item 4).
#[test]
fn shipped_recommendations_are_regenerated() {
    let dir = std::env::temp_dir().join(format!("zd-import-regen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(["import", "summary", SEED, "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let names = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".toml") && n != "decisions.toml")
            .collect();
        v.sort();
        v
    };
    let generated = names(&dir);
    assert_eq!(generated, names(Path::new("recommendations")));
    assert_eq!(generated.len(), 8);
    for name in &generated {
        let fresh = std::fs::read(dir.join(name)).unwrap();
        let shipped = std::fs::read(Path::new("recommendations").join(name)).unwrap();
        assert!(
            fresh == shipped,
            "recommendations/{name} differs from a fresh import; rerun \
             `cargo run -- import summary {SEED}`"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------
// The parser on other layouts (issue 2, item 5): one small fixture per variant.

const VARIANTS: &str = "tests/fixtures/import/summary";

/// Parses a variant fixture and renders what was found, one line per card.
fn variant(name: &str) -> (Vec<u8>, String) {
    let path = Path::new(VARIANTS).join(name);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let options = SummaryOptions {
        source: path,
        meeting_key: None,
    };
    let parsed = parse_summary(&text, &options).unwrap();
    let m = &parsed.meeting;
    let mut out = format!(
        "meeting: {} | {} | {} | {} | key {}\n",
        m.name, m.place, m.dates, m.document, m.key
    );
    for list in &parsed.lists {
        out.push_str(&format!(
            "list {} (line {}): {} | dimension {:?}\n  lead-in: {}\n",
            list.key, list.line, list.title, list.dimension, list.lead_in
        ));
        for card in &list.cards {
            out.push_str(&format!(
                "  {} [{}] {}\n",
                card.id, card.provenance.position, card.text
            ));
        }
    }
    for s in &parsed.skipped {
        out.push_str(&format!(
            "skipped {} bullet(s) at line {} after: {}\n",
            s.bullets, s.line, s.lead_in
        ));
    }
    (bytes, out)
}

#[test]
fn variant_crlf_line_endings() {
    let (bytes, out) = variant("crlf.txt");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    insta::assert_snapshot!("variant_crlf", out);
}

#[test]
fn variant_byte_order_mark_and_dot_bullets() {
    let (bytes, out) = variant("bom.txt");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    // The meeting's name does not start with the invisible mark.
    assert!(out.starts_with("meeting: Thematic session"), "{out}");
    insta::assert_snapshot!("variant_bom", out);
}

#[test]
fn variant_form_feed_page_breaks() {
    let (bytes, out) = variant("form-feed.txt");
    assert_eq!(bytes.iter().filter(|b| **b == 0x0C).count(), 2);
    insta::assert_snapshot!("variant_form_feed", out);
}

#[test]
fn variant_en_dash_bullets() {
    let (_, out) = variant("bullet-en-dash.txt");
    insta::assert_snapshot!("variant_en_dash", out);
}

#[test]
fn variant_star_bullets() {
    let (_, out) = variant("bullet-star.txt");
    insta::assert_snapshot!("variant_star", out);
}

#[test]
fn variant_hyphen_bullets_and_mandate() {
    let (_, out) = variant("bullet-hyphen.txt");
    insta::assert_snapshot!("variant_hyphen", out);
}

#[test]
fn variant_numbered_items() {
    let (_, out) = variant("numbered.txt");
    insta::assert_snapshot!("variant_numbered", out);
}

#[test]
fn variant_lettered_items_under_numbered_paragraphs() {
    let (_, out) = variant("lettered.txt");
    insta::assert_snapshot!("variant_lettered", out);
}

#[test]
fn variant_lead_in_speaking_of_suggestions() {
    let (_, out) = variant("lead-in-suggestions.txt");
    insta::assert_snapshot!("variant_suggestions", out);
}

#[test]
fn variant_lead_in_speaking_of_proposals() {
    let (_, out) = variant("lead-in-proposals.txt");
    insta::assert_snapshot!("variant_proposals", out);
}

#[test]
fn the_same_text_in_every_layout_gives_the_same_cards() {
    // The seed rewritten with CRLF, a BOM and form feeds for its page breaks.
    let seed = std::fs::read_to_string(SEED).unwrap();
    let variant = format!(
        "\u{feff}{}",
        seed.replace("\n\n\n\n", "\n\u{c}\n").replace('\n', "\r\n")
    );
    let options = SummaryOptions {
        source: PathBuf::from("variant.txt"),
        meeting_key: None,
    };
    let texts = |lists: Vec<CardList>| -> Vec<(String, String)> {
        lists
            .into_iter()
            .flat_map(|l| l.cards)
            .map(|c| (c.id, c.text))
            .collect()
    };
    assert_eq!(
        texts(parse(&variant, &options).unwrap()),
        texts(seed_lists())
    );
}

// ---------------------------------------------------------------------------------------
// Unusable input

fn diagnostics_for(text: &str) -> String {
    let options = SummaryOptions {
        source: PathBuf::from("summary.txt"),
        meeting_key: None,
    };
    zerodraft::diagnostic::render_text(&parse(text, &options).unwrap_err())
}

#[test]
fn a_summary_without_meeting_or_lists_is_refused() {
    let out = diagnostics_for("Some notes.\n\n- a bullet without a lead-in\n");
    insta::assert_snapshot!("no_meeting_no_lists", out);
}

#[test]
fn an_empty_bullet_is_refused() {
    let out = diagnostics_for(
        "Meeting on data\n1 May 2020, Lima, Peru\n\nRecommendations included:\n\n- Collect data\n-\n- Share data\n",
    );
    insta::assert_snapshot!("empty_bullet", out);
}

#[test]
fn meeting_key_can_be_overridden() {
    let text = std::fs::read_to_string(SEED).unwrap();
    let options = SummaryOptions {
        source: PathBuf::from(SEED),
        meeting_key: Some("gcm-stocktaking".into()),
    };
    let lists = parse(&text, &options).unwrap();
    assert_eq!(lists[0].cards[0].id, "gcm-stocktaking-ag1-01");
    let bad = SummaryOptions {
        meeting_key: Some("PV 2017".into()),
        ..options
    };
    let diagnostics = parse(&text, &bad).unwrap_err();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["bad-meeting-key"]);
}

// ---------------------------------------------------------------------------------------
// The command line

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zd-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cli_import_summary_writes_one_file_per_list() {
    let dir = temp_dir("cli-ok");
    std::fs::copy(
        Path::new(VARIANTS).join("crlf.txt"),
        dir.join("summary.txt"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args([
            "import",
            "summary",
            "summary.txt",
            "--meeting-key",
            "santiago",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    insta::assert_snapshot!("cli_import_stdout", String::from_utf8(out.stdout).unwrap());
    let written = std::fs::read_to_string(dir.join("recommendations/01-wg1.toml")).unwrap();
    insta::assert_snapshot!("cli_import_file", written);

    // Importing another summary into the same folder names the file it did not write.
    std::fs::copy(Path::new(VARIANTS).join("bom.txt"), dir.join("other.txt")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(["import", "summary", "other.txt"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Co-chairs' summary: Thematic session on return and reintegration, Geneva, \
         20-21 June 2017 (meeting key `g2017`)\n  \
         recommendations/01-list.toml   2 cards  new        RECOMMENDATIONS\n  \
         note: recommendations/01-wg1.toml was not written by this import; delete it if it \
         is left over from an earlier one\nwrote 2 cards in 1 file to recommendations\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_import_exit_2_and_nothing_written_on_unusable_input() {
    let dir = temp_dir("cli-bad");
    std::fs::write(dir.join("notes.txt"), "Notes.\n\n- a stray bullet\n").unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_zerodraft"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let out = run(&["import", "summary", "notes.txt", "--out", "cards"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(
        "cli_import_bad_stderr",
        String::from_utf8(out.stderr).unwrap()
    );
    assert!(!dir.join("cards").exists());

    // Regression: a missing summary used to give the bare OS error; it is now a located,
    // hinted diagnostic (and so is a folder given as the summary).
    let out = run(&["import", "summary", "missing.txt", "--out", "cards"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("cards").exists());
    insta::assert_snapshot!(
        "cli_import_missing_file_stderr",
        String::from_utf8(out.stderr).unwrap()
    );
    std::fs::create_dir(dir.join("source")).unwrap();
    let out = run(&["import", "summary", "source", "--out", "cards"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("cards").exists());
    insta::assert_snapshot!(
        "cli_import_folder_as_file_stderr",
        String::from_utf8(out.stderr).unwrap()
    );

    // Regression: a summary that is not UTF-8 is located at its first bad byte (line 2,
    // column 4: the Latin-1 `é` of "Café"), with a hint.
    std::fs::write(dir.join("latin1.txt"), b"Notes\nCaf\xe9\n").unwrap();
    let out = run(&["import", "summary", "latin1.txt", "--out", "cards"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("cards").exists());
    insta::assert_snapshot!(
        "cli_import_not_utf8_stderr",
        String::from_utf8(out.stderr).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Regression guard for "no panics on any input": the parser on thousands of random
/// documents built from the pieces it treats specially (markers, line endings, page
/// breaks, a BOM, multi-byte text, dates, lead-ins, headings).
#[test]
fn parser_does_not_panic_on_arbitrary_input() {
    const PIECES: &[&str] = &[
        "\n",
        "\r\n",
        "\r",
        "\u{c}",
        "\u{feff}",
        "\n\n\n\n",
        " ",
        "-",
        "- ",
        "• ",
        "– ",
        "* ",
        "1. ",
        "(a) ",
        "a) ",
        "(iv) ",
        "- a) ",
        ":",
        ",",
        "and",
        "é",
        "Ünïcödé ",
        "Δ",
        "𝔘",
        "Recommendations included:",
        "With regard to x, the suggestions:",
        "proposals:",
        "ACTION GROUP 2: X DIMENSION",
        "# Heading",
        "4-6 December 2017, Puerto Vallarta",
        "Meeting",
        "Chair's summary",
        "lower case",
        "Upper",
        "**",
        "\t",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let options = SummaryOptions {
        source: PathBuf::from("fuzz.txt"),
        meeting_key: None,
    };
    let mut parsed = 0;
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        if let Ok(lists) = parse(&text, &options) {
            parsed += 1;
            for card in lists.iter().flat_map(|l| &l.cards) {
                assert!(!card.text.is_empty());
                assert_eq!(card.text.trim(), card.text, "{text:?}");
            }
        }
    }
    // Some random documents do form a usable summary.
    assert!(parsed > 0);
}

/// Card text keeps the source wording: with the seed's whitespace collapsed (which also
/// closes the page breaks), every card's text appears in it verbatim, and the seed's 130
/// bullet lines are the 126 cards plus the four mandate bullets.
#[test]
fn seed_card_texts_are_verbatim() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let collapsed = seed.split_whitespace().collect::<Vec<_>>().join(" ");
    let lists = seed_lists();
    for card in lists.iter().flat_map(|l| &l.cards) {
        assert!(
            collapsed.contains(&format!("- {} ", card.text)),
            "{}: {}",
            card.id,
            card.text
        );
    }
    let bullet_lines = seed.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(bullet_lines, 130);
}

/// Regression: the report said "1 cards" and "1 bullet(s)"; nouns follow their number.
#[test]
fn cli_import_report_counts_one_in_the_singular() {
    let dir = temp_dir("cli-one");
    std::fs::copy(
        Path::new(VARIANTS).join("one-each.txt"),
        dir.join("summary.txt"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(["import", "summary", "summary.txt"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Chair's summary: Expert meeting on remittances, Dakar, Senegal, 9 October 2018 \
         (meeting key `d2018`)\n  \
         recommendations/01-list.toml   1 card   new        Recommendations included\n  \
         skipped 1 bullet at line 8: its lead-in does not speak of recommendations, \
         suggestions or proposals\n\
         wrote 1 card in 1 file to recommendations\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------
// Importing again into a folder of hand-edited card files

/// A temp folder holding a copy of the shipped `recommendations/*.toml` (the seed's
/// fresh import) and of the seed itself as `summary.txt`.
fn shipped_copy(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let cards = dir.join("recommendations");
    std::fs::create_dir_all(&cards).unwrap();
    for entry in std::fs::read_dir("recommendations").unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        if file.ends_with(".toml") && file != "decisions.toml" {
            std::fs::copy(&path, cards.join(file)).unwrap();
        }
    }
    std::fs::copy(SEED, dir.join(SEED_NAME)).unwrap();
    dir
}

/// The seed's file name, named in the header of each card file.
const SEED_NAME: &str = "chair-summary-puerto-vallarta-2017.txt";

/// `text` (a card file) with `lines` added after the `text = …` line of card `id`, where
/// the importer writes hand-added keys.
fn add_after_text(text: &str, id: &str, lines: &str) -> String {
    let card = text.find(&format!("id = \"{id}\"\n")).unwrap();
    let text_line = card + text[card..].find("\ntext = ").unwrap() + 1;
    let end = text_line + text[text_line..].find('\n').unwrap() + 1;
    format!("{}{lines}{}", &text[..end], &text[end..])
}

fn import_in(dir: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zerodraft"))
        .args(["import", "summary", SEED_NAME])
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("recommendations").join(name)).unwrap()
}

/// Importing the seed again into the shipped folder changes no byte and writes nothing.
#[test]
fn reimport_into_the_shipped_folder_changes_nothing() {
    let dir = shipped_copy("reimport-same");
    let ag1 = read(&dir, "01-ag1.toml");
    let out = import_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().last(),
        Some("nothing written: 8 files in recommendations already up to date (126 cards)")
    );
    assert_eq!(stdout.matches(" unchanged ").count(), 8);
    insta::assert_snapshot!("reimport_unchanged_stdout", stdout);
    assert_eq!(read(&dir, "01-ag1.toml"), ag1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Regression: importing again used to rewrite every card file from the summary alone,
/// silently dropping the notes, tags, proposer and placement drafters had added. They are
/// now kept for every card whose id the summary still produces; `text` and `position`
/// come from the summary (a hand-changed text is put back and reported).
#[test]
fn reimport_keeps_hand_added_fields() {
    let dir = shipped_copy("reimport-keep");
    let path = dir.join("recommendations/01-ag1.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let edited = add_after_text(&original, "pv2017-ag1-02", "notes = \"Hand note: keep\"\n");
    let edited = add_after_text(
        &edited,
        "pv2017-ag1-03",
        "proposer = \"Mexico\"\ntags = [\"children\", \"gender\"]\n\
         placement = { section = \"actionable-commitments\", objective = \"protection\", \
         reason = \"names protection\" }\n",
    )
    .replacen("Build and uphold strong", "Build and uphold STRONG", 1);
    assert_ne!(edited, original);
    std::fs::write(&path, &edited).unwrap();

    let out = import_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    insta::assert_snapshot!(
        "reimport_keep_stdout",
        String::from_utf8(out.stdout).unwrap()
    );
    let after = std::fs::read_to_string(&path).unwrap();
    let loaded = zerodraft::import::parse_card_file(&path, &after).unwrap();
    let card = |id: &str| {
        loaded
            .file
            .cards
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        card("pv2017-ag1-02").notes.as_deref(),
        Some("Hand note: keep")
    );
    let c3 = card("pv2017-ag1-03");
    assert_eq!(c3.proposer.as_deref(), Some("Mexico"));
    assert_eq!(c3.tags, ["children", "gender"]);
    let placement = c3.placement.unwrap();
    assert_eq!(placement.section, "actionable-commitments");
    assert_eq!(placement.objective.as_deref(), Some("protection"));
    assert_eq!(placement.reason.as_deref(), Some("names protection"));
    assert!(card("pv2017-ag1-01")
        .text
        .starts_with("Build and uphold strong legal"));
    // The result is the hand-edited file with the summary's wording put back.
    assert_eq!(after, edited.replacen("uphold STRONG", "uphold strong", 1));
    // Importing once more changes nothing and still keeps the fields.
    let out = import_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A card the summary does not produce (added by hand, or dropped from the source) and a
/// comment of the file's own would be lost by rewriting: refused with exit 2 and nothing
/// written, unless `--force`, which removes them and says so.
#[test]
fn reimport_refuses_to_drop_cards_and_comments_unless_forced() {
    let dir = shipped_copy("reimport-drop");
    let ag1 = dir.join("recommendations/01-ag1.toml");
    let mut text = std::fs::read_to_string(&ag1).unwrap();
    text.push_str(
        "\n[[card]]\nid = \"pv2017-ag1-99\"\nposition = 99\ntext = \"A card of my own\"\n",
    );
    std::fs::write(&ag1, &text).unwrap();
    let ag2 = dir.join("recommendations/02-ag2.toml");
    let text2 = std::fs::read_to_string(&ag2).unwrap().replacen(
        "[list]",
        "# Check the title with the secretariat.\n[list]",
        1,
    );
    std::fs::write(&ag2, &text2).unwrap();

    let out = import_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(
        "reimport_refused_stderr",
        String::from_utf8(out.stderr).unwrap()
    );
    assert_eq!(std::fs::read_to_string(&ag1).unwrap(), text);
    assert_eq!(std::fs::read_to_string(&ag2).unwrap(), text2);

    let out = import_in(&dir, &["--force"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    insta::assert_snapshot!(
        "reimport_forced_stdout",
        String::from_utf8(out.stdout).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(&ag1).unwrap(),
        std::fs::read_to_string("recommendations/01-ag1.toml").unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(&ag2).unwrap(),
        std::fs::read_to_string("recommendations/02-ag2.toml").unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A card file of the folder that the import does not write (here: the ag1 list under an
/// older name) is left alone, but the hand-added fields of its cards follow them into the
/// new file, and the report says to delete the old one.
#[test]
fn reimport_carries_fields_over_from_a_file_under_an_older_name() {
    let dir = shipped_copy("reimport-moved");
    let cards = dir.join("recommendations");
    let text = add_after_text(
        &std::fs::read_to_string(cards.join("01-ag1.toml")).unwrap(),
        "pv2017-ag1-05",
        "tags = [\"returns\"]\n",
    );
    std::fs::remove_file(cards.join("01-ag1.toml")).unwrap();
    std::fs::write(cards.join("1-ag1.toml"), &text).unwrap();
    let out = import_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    insta::assert_snapshot!(
        "reimport_moved_stdout",
        String::from_utf8(out.stdout).unwrap()
    );
    // The new file is the old one under its new name, hand-added tag included.
    assert_eq!(read(&dir, "01-ag1.toml"), text);
    assert_eq!(read(&dir, "1-ag1.toml"), text);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A file where the output folder goes, a folder where a card file goes, and a card file
/// that cannot be read back are refused before anything is written.
#[test]
fn reimport_refuses_unusable_output_places() {
    let dir = shipped_copy("reimport-places");
    std::fs::write(dir.join("cards"), "not a folder").unwrap();
    let out = import_in(&dir, &["--out", "cards"]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(
        "reimport_out_is_a_file_stderr",
        String::from_utf8(out.stderr).unwrap()
    );

    let cards = dir.join("recommendations");
    std::fs::remove_file(cards.join("05-ag5.toml")).unwrap();
    std::fs::create_dir(cards.join("05-ag5.toml")).unwrap();
    std::fs::write(cards.join("08-fur.toml"), "[meeting\nname = 1\n").unwrap();
    let before = read(&dir, "01-ag1.toml");
    let out = import_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(
        "reimport_unusable_places_stderr",
        String::from_utf8(out.stderr).unwrap()
    );
    assert_eq!(read(&dir, "01-ag1.toml"), before);
    assert!(!cards.join("06-ag6.toml.zerodraft-tmp").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
