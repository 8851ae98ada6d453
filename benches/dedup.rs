//! Benchmarks of `zerodraft::dedup::dedup` on synthetic mass-comment cards (about 90 %
//! form-letter copies; see `zerodraft::dedup::synth`). The 1,000,000-card run with peak
//! memory is done by the evaluation example instead (`/usr/bin/time -v
//! target/release/examples/dedup_eval --cards 1000000`), since divan repeats its samples.
//!
//! `cargo bench --bench dedup`

use zerodraft::dedup::synth::{generate, SynthConfig};
use zerodraft::dedup::{dedup, normalize, Config, Decisions};

fn main() {
    divan::main();
}

/// End to end (normalisation, Tier A, Tier B) on `n` synthetic cards.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn dedup_synthetic(bencher: divan::Bencher, n: usize) {
    let data = generate(&SynthConfig {
        cards: n,
        ..SynthConfig::default()
    });
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench(|| {
            dedup(&data.cards, &Decisions::default(), &Config::default())
                .merged
                .len()
        });
}

/// Normalisation alone, ASCII and Chinese.
#[divan::bench(args = ["Ensure ACCESS to justice for all migrants, regardless of status!", "确保所有移民，不论其身份如何，都能诉诸司法。"])]
fn normalise(text: &str) -> String {
    normalize::normalise(divan::black_box(text))
}
