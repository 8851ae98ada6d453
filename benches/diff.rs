//! Benchmarks of `zerodraft diff`, reading and comparing separately, on generated
//! revisions of 100, 300 and 900 paragraphs (the Paris pair has ~500 blocks a side):
//!
//! - `read_markdown`: [`read_text`] on a Markdown rendering of the old revision (numbered
//!   paragraphs with emphasis and negotiation brackets, a heading every 20 paragraphs);
//! - `read_plain`: the same text hard-wrapped at 72 columns with end-of-line hyphenation
//!   and page footers, as text extracted from a PDF;
//! - `compare_revisions`: alignment + word redlines of the old and new revisions.
//!
//! Run: `cargo bench --bench diff`. End to end against `git diff --word-diff`:
//! `scripts/bench-diff.sh OLD NEW`.

use zerodraft::diff::read::read_text;
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

/// Markdown rendering of `n` generated paragraphs: a `##` heading every 20, numbered
/// paragraphs, the first word in emphasis, every seventh word in square brackets.
fn markdown(n: usize) -> String {
    let (old, _) = pair(n);
    let mut out = String::new();
    for (i, b) in old.blocks.iter().enumerate() {
        if i % 20 == 0 {
            out.push_str(&format!("## Section {}\n\n", i / 20 + 1));
        }
        let words: Vec<String> = b
            .text
            .split(' ')
            .enumerate()
            .map(|(k, w)| match k {
                0 => format!("*{w}*"),
                k if k % 7 == 3 => format!("[{w}]"),
                _ => w.to_string(),
            })
            .collect();
        out.push_str(&format!("{}. {}\n\n", i + 1, words.join(" ")));
    }
    out
}

/// The Markdown text as plain text extracted from a PDF: wrapped at 72 columns, long words
/// at a line end hyphenated every third time, a footer and a form feed every 50 lines.
fn plain(n: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut hyphenate = 0usize;
    for para in markdown(n).split("\n\n").filter(|p| !p.is_empty()) {
        let mut line = String::new();
        for w in para.split(' ') {
            if !line.is_empty() && line.len() + 1 + w.len() > 72 {
                hyphenate += 1;
                if w.len() > 8 && w.is_ascii() && hyphenate.is_multiple_of(3) {
                    let (a, b) = w.split_at(w.len() / 2);
                    lines.push(format!("{line} {a}-"));
                    line = b.to_string();
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        lines.push(line);
        lines.push(String::new());
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        out.push('\n');
        if i % 50 == 49 {
            out.push_str(&format!(
                "GE.15-{:05}\n- {} -\n\u{c}",
                20000 + i,
                i / 50 + 1
            ));
        }
    }
    out
}

#[divan::bench(args = [100, 300, 900])]
fn read_markdown(bencher: divan::Bencher, n: usize) {
    let text = markdown(n);
    bencher.bench(|| read_text("rev", divan::black_box(&text)));
}

#[divan::bench(args = [100, 300, 900])]
fn read_plain(bencher: divan::Bencher, n: usize) {
    let text = plain(n);
    bencher.bench(|| read_text("rev", divan::black_box(&text)));
}
