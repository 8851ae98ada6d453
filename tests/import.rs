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
