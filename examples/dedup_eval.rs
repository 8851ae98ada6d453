//! Evaluation of `zerodraft`'s deduplication on synthetic mass-comment cards.
//!
//! Generates cards with gold clusters (`zerodraft::dedup::synth`), runs the deduplication
//! end to end (Tier A merges and Tier B suggestions), and prints pairwise and B-cubed
//! precision and recall of the merged clusters, with timings.
//!
//! ```text
//! cargo run --release --example dedup_eval -- --cards 100000
//! /usr/bin/time -v target/release/examples/dedup_eval --cards 1000000   # peak memory
//! ```
//!
//! Options: `--cards N` (default 100000), `--seed S` (2017), `--copy-share F` (0.9),
//! `--threads T` (0 = all cores), `--json` (one JSON object instead of text),
//! `--show-misses K` (print K form-letter copies left outside their template's main cluster,
//! with that cluster's representative text).

use std::time::Instant;

use zerodraft::dedup::{self, eval, synth, Config, Decisions};

fn main() {
    let mut cards = 100_000usize;
    let mut seed = 2017u64;
    let mut copy_share = 0.9f64;
    let mut threads = 0usize;
    let mut json = false;
    let mut misses = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--cards" => cards = value().replace('_', "").parse().unwrap_or(cards),
            "--seed" => seed = value().parse().unwrap_or(seed),
            "--copy-share" => copy_share = value().parse().unwrap_or(copy_share),
            "--threads" => threads = value().parse().unwrap_or(threads),
            "--json" => json = true,
            "--show-misses" => misses = value().parse().unwrap_or(5),
            other => {
                eprintln!("unknown option {other}; see the header of examples/dedup_eval.rs");
                std::process::exit(2);
            }
        }
    }

    let start = Instant::now();
    let data = synth::generate(&synth::SynthConfig {
        cards,
        copy_share,
        templates: 0,
        seed,
    });
    let generated = start.elapsed().as_secs_f64();
    let rss_generated = memory_kb("VmRSS");

    let config = Config {
        progress: true,
        threads,
        ..Config::default()
    };
    let start = Instant::now();
    let report = dedup::dedup(&data.cards, &Decisions::default(), &config);
    let seconds = start.elapsed().as_secs_f64();
    let scores = eval::score(&report.cluster_of, &data.gold);
    let rate = cards as f64 / seconds.max(1e-9);
    let peak = memory_kb("VmHWM");

    if misses > 0 {
        show_misses(&data, &report, misses);
    }
    if json {
        let out = serde_json::json!({
            "cards": cards, "seed": seed, "copy_share": copy_share,
            "generate_seconds": generated, "rss_after_generation_kb": rss_generated, "peak_rss_kb": peak, "dedup_seconds": seconds, "cards_per_second": rate,
            "summary": report.summary, "tier_a": scores, "timings": report.timings,
        });
        println!("{out}");
        return;
    }
    let s = &report.summary;
    println!(
        "synthetic cards      {cards} (seed {seed}, {:.0} % form-letter copies)",
        copy_share * 100.0
    );
    println!("gold clusters        {}", scores.gold_clusters);
    println!(
        "generation           {generated:.2} s (resident after: {} MB)",
        rss_generated / 1024
    );
    println!("dedup (end to end)   {seconds:.2} s = {rate:.0} cards/s");
    println!(
        "clusters             {} ({} merged; {} identical copies, {} near-copy edges)",
        s.clusters, s.merged_clusters, s.identical_copies, s.near_copies
    );
    println!("tier-B suggestions   {}", s.suggestions);
    println!(
        "peak resident memory {} MB (VmHWM; Linux only)",
        peak / 1024
    );
    for (stage, t) in &report.timings {
        println!("  {stage:<34} {t:6.2} s");
    }
    println!("Tier A vs gold       precision   recall   F1");
    println!(
        "  pairwise           {:9.4} {:8.4} {:8.4}",
        scores.pairwise_precision, scores.pairwise_recall, scores.pairwise_f1
    );
    println!(
        "  B-cubed            {:9.4} {:8.4} {:8.4}",
        scores.bcubed_precision, scores.bcubed_recall, scores.bcubed_f1
    );
}

/// Prints up to `k` copies whose cluster is not the largest cluster of their gold template.
fn show_misses(data: &synth::Synthetic, report: &dedup::DedupReport, k: usize) {
    use std::collections::HashMap;
    let mut counts: HashMap<(u32, usize), usize> = HashMap::new();
    for (g, c) in data.gold.iter().zip(&report.cluster_of) {
        *counts.entry((*g, *c)).or_default() += 1;
    }
    let mut main: HashMap<u32, (usize, usize)> = HashMap::new();
    for (&(g, c), &n) in &counts {
        let e = main.entry(g).or_insert((c, n));
        if n > e.1 || (n == e.1 && c < e.0) {
            *e = (c, n);
        }
    }
    let mut shown = 0;
    for (i, (g, c)) in data.gold.iter().zip(&report.cluster_of).enumerate() {
        let Some(&(m, size)) = main.get(g) else {
            continue;
        };
        if size > 1 && *c != m && shown < k {
            shown += 1;
            println!("missed  {}: {}", data.cards[i].id, data.cards[i].text);
            println!(
                "  main  {}: {}\n",
                report.merged[m].id, report.merged[m].text
            );
        }
    }
}

/// A memory figure of this process from `/proc/self/status` (`VmRSS`, `VmHWM`), in kB;
/// 0 where unavailable.
fn memory_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
