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
         recommendations/01-list.toml   2 cards  RECOMMENDATIONS\n  \
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
         recommendations/01-list.toml   1 card   Recommendations included\n  \
         skipped 1 bullet at line 8: its lead-in does not speak of recommendations, \
         suggestions or proposals\n\
         wrote 1 card in 1 file to recommendations\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
