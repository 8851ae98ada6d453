//! Benchmarks of `zerodraft diff`'s comparison (alignment + word redlines) on generated
//! revisions of 100, 300 and 900 paragraphs (the Paris pair has ~400 blocks a side).
//! Run: `cargo bench --bench diff`.

use zerodraft::diff::{compare, Block, BlockKind, Label, LabelScheme, Options, Revision};

fn main() {
    divan::main();
}

const SYLLABLES: &[&str] = &[
    "ad", "ap", "ca", "cli", "de", "fi", "ga", "in", "ma", "mi", "na", "pa", "ri", "sta", "te",
    "tion", "tra", "un", "ve", "vo",
];

/// A pseudo-word for rank `r`; ranks are drawn skewed towards small values (Zipf-like), so
/// a few words are common and most are rare, as in real texts.
fn word(r: usize) -> String {
    let mut w = String::new();
    let mut r = r + 1;
    while r > 0 {
        w.push_str(SYLLABLES[r % SYLLABLES.len()]);
        r /= SYLLABLES.len();
    }
    w
}

/// A deterministic pseudo-random generator (LCG), so every run benchmarks the same texts.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn skewed(rng: &mut Lcg) -> usize {
    let top = rng.next(4000) + 1;
    rng.next(top)
}

fn paragraph(rng: &mut Lcg) -> String {
    let len = 20 + rng.next(60);
    (0..len)
        .map(|_| word(skewed(rng)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn block(n: usize, text: String) -> Block {
    Block {
        kind: BlockKind::Paragraph,
        label: Some(Label {
            raw: format!("{n}."),
            scheme: LabelScheme::Number,
            number: Some(n as u32),
            suffix: None,
        }),
        text,
        anchors: Vec::new(),
        level: 0,
        line: n,
    }
}

/// An old revision of `n` paragraphs and a new one with ~20 % edited, 5 % deleted, 5 %
/// added and 2 % moved paragraphs, renumbered.
fn pair(n: usize) -> (Revision, Revision) {
    let mut rng = Lcg(42);
    let old: Vec<String> = (0..n).map(|_| paragraph(&mut rng)).collect();
    let mut new: Vec<String> = Vec::new();
    let mut moved = Vec::new();
    for p in &old {
        match rng.next(100) {
            0..=4 => {}
            5..=9 => {
                new.push(p.clone());
                new.push(paragraph(&mut rng));
            }
            10..=11 => moved.push(p.clone()),
            12..=31 => {
                let mut w: Vec<&str> = p.split(' ').collect();
                for _ in 0..3 {
                    let i = rng.next(w.len());
                    w[i] = "amended";
                }
                new.push(w.join(" "));
            }
            _ => new.push(p.clone()),
        }
    }
    for (i, m) in moved.into_iter().enumerate() {
        let at = (i * 7919) % new.len().max(1);
        new.insert(at, m);
    }
    let rev = |name: &str, texts: Vec<String>| Revision {
        name: name.into(),
        date: None,
        blocks: texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| block(i + 1, t))
            .collect(),
        notices: Vec::new(),
    };
    (rev("old", old), rev("new", new))
}

#[divan::bench(args = [100, 300, 900])]
fn compare_revisions(bencher: divan::Bencher, n: usize) {
    let (old, new) = pair(n);
    bencher.bench(|| {
        compare(
            divan::black_box(&old),
            divan::black_box(&new),
            &Options::default(),
        )
    });
}
