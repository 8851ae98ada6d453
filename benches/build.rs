//! Benchmarks of rendering the zero draft (`zerodraft::render::render`), all three formats.
//!
//! - `shipped_data`: the shipped `blueprint/` and `recommendations/` (126 cards), loaded,
//!   merged and placed once, then rendered; and `shipped_data_with_loading`, the whole
//!   `build` pipeline without the disk writes.
//! - `generated_cards`: 1,000 and 10,000 generated cards across 20 objectives of one
//!   commitments section (plus a preamble and an operative section). Target: 10,000 cards,
//!   all formats, under 1 s on a 2-core machine.
//!
//! Run once with `cargo bench --bench build`.

use zerodraft::dedup::MergedCard;
use zerodraft::model::{Blueprint, Provenance};
use zerodraft::place::{Placement, Target};
use zerodraft::render::{render, RenderOptions};

fn main() {
    divan::main();
}

/// A blueprint with a preamble, 20 objectives and an operative section (built from TOML, as
/// users write it).
fn blueprint() -> Blueprint {
    let mut toml = String::from(
        "[document]\ntitle = \"Generated compact\"\nsubtitle = \"Zero draft\"\n\
         symbol = \"A/CONF.0/1\"\ndate = \"1 January 2030\"\nlanguage = \"en\"\n\n\
         [[section]]\nid = \"preamble\"\ntitle = \"Preamble\"\nkind = \"preambular\"\n\
         paragraphs = [\"Recalling earlier commitments,\"]\n\n\
         [[section]]\nid = \"commitments\"\ntitle = \"Objectives\"\nkind = \"commitments\"\n",
    );
    for k in 1..=20 {
        toml.push_str(&format!(
            "\n[[section.objective]]\nid = \"objective-{k}\"\n\
             title = \"Objective title number {k} on safe, orderly and regular migration\"\n\
             commitment = \"We commit to pursue objective {k} through cooperation.\"\n"
        ));
    }
    toml.push_str("\n[[section]]\nid = \"review\"\ntitle = \"Review\"\nkind = \"operative\"\n");
    ::toml::from_str(&toml).unwrap()
}

/// The generated blueprint and `n` cards spread round-robin over the preamble (1 in 50), the
/// operative section (1 in 50) and the 20 objectives.
fn generate(n: usize) -> (Blueprint, Vec<MergedCard>, Vec<Placement>) {
    let blueprint = blueprint();
    let mut cards = Vec::with_capacity(n);
    let mut placements = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("gen-ag{}-{:05}", i % 6 + 1, i + 1);
        let target = match i % 50 {
            0 => Target {
                section: "preamble".into(),
                objective: None,
            },
            1 => Target {
                section: "review".into(),
                objective: None,
            },
            _ => Target {
                section: "commitments".into(),
                objective: Some(format!("objective-{}", i % 20 + 1)),
            },
        };
        cards.push(MergedCard {
            id: id.clone(),
            members: vec![id.clone()],
            text: format!(
                "Establish and strengthen national mechanisms number {i} to ensure <safe> & fair \
                 access to services for all migrants, regardless of status."
            ),
            sources: vec![Provenance {
                meeting: "Generated meeting".into(),
                place: "Geneva".into(),
                dates: "1-2 January 2030".into(),
                document: "Chair's summary".into(),
                list_key: format!("ag{}", i % 6 + 1),
                list_title: format!("ACTION GROUP {}", i % 6 + 1),
                dimension: None,
                position: i as u32 + 1,
                proposer: None,
            }],
            other_wordings: Vec::new(),
            tags: Vec::new(),
            placement: None,
            explanation: String::new(),
        });
        placements.push(Placement {
            card: id.clone(),
            members: vec![id],
            target: Some(target),
            reason: None,
            suggestions: Vec::new(),
        });
    }
    (blueprint, cards, placements)
}

/// Layout plus Markdown, HTML and DOCX of `n` generated cards.
#[divan::bench(args = [1_000, 10_000], sample_count = 10)]
fn generated_cards(bencher: divan::Bencher, n: usize) {
    let (blueprint, cards, placements) = generate(n);
    let options = RenderOptions::default();
    bencher.bench(|| render(&blueprint, &cards, &placements, &options).unwrap());
}

/// The same with the annex (one table row per card).
#[divan::bench(sample_count = 10)]
fn generated_10000_cards_with_annex(bencher: divan::Bencher) {
    let (blueprint, cards, placements) = generate(10_000);
    let options = RenderOptions {
        annex: true,
        ..RenderOptions::default()
    };
    bencher.bench(|| render(&blueprint, &cards, &placements, &options).unwrap());
}

fn shipped_dirs() -> (std::path::PathBuf, std::path::PathBuf) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    (root.join("blueprint"), root.join("recommendations"))
}

/// Rendering of the shipped data, all three formats.
#[divan::bench(sample_count = 20)]
fn shipped_data(bencher: divan::Bencher) {
    let (b, r) = shipped_dirs();
    let project = zerodraft::project::load(&b, &r).unwrap();
    let options = RenderOptions::default();
    bencher.bench(|| {
        render(
            &project.blueprint,
            &project.merged,
            &project.placements,
            &options,
        )
        .unwrap()
    });
}

/// Loading, merging, placing and rendering the shipped data.
#[divan::bench(sample_count = 20)]
fn shipped_data_with_loading(bencher: divan::Bencher) {
    let (b, r) = shipped_dirs();
    let options = RenderOptions::default();
    bencher.bench(|| {
        let project = zerodraft::project::load(&b, &r).unwrap();
        render(
            &project.blueprint,
            &project.merged,
            &project.placements,
            &options,
        )
        .unwrap()
    });
}
