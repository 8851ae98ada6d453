//! Test helper: builds a [`Revision`] from one block per line, without the reader
//! (`# Heading`, `12. text`, `12 bis. text`, `(a) text`, or unlabelled text).

use super::{Block, BlockKind, Label, LabelScheme, Revision};

/// One block per non-empty line.
pub fn rev(name: &str, text: &str) -> Revision {
    let blocks = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| block(i + 1, l.trim()))
        .collect();
    Revision {
        name: name.into(),
        date: None,
        blocks,
        notices: Vec::new(),
    }
}

fn block(line: usize, l: &str) -> Block {
    let mk = |kind, label, text: &str, level| Block {
        kind,
        label,
        text: text.to_string(),
        anchors: Vec::new(),
        level,
        line,
    };
    if let Some(h) = l.strip_prefix("# ") {
        return mk(BlockKind::Heading, None, h, 1);
    }
    if l.starts_with('(') {
        if let Some(close) = l.find(')') {
            let raw = &l[..=close];
            let label = Label {
                raw: raw.into(),
                scheme: LabelScheme::Letter,
                number: None,
                suffix: None,
            };
            return mk(
                BlockKind::SubParagraph,
                Some(label),
                l[close + 1..].trim(),
                1,
            );
        }
    }
    if let Some(dot) = l.find(". ") {
        let raw = &l[..=dot];
        let mut parts = raw.trim_end_matches('.').split_whitespace();
        if let Some(Ok(n)) = parts.next().map(str::parse::<u32>) {
            let suffix = parts.next().map(str::to_string);
            let label = Label {
                raw: raw.into(),
                scheme: LabelScheme::Number,
                number: Some(n),
                suffix,
            };
            return mk(BlockKind::Paragraph, Some(label), l[dot + 1..].trim(), 0);
        }
    }
    mk(BlockKind::Paragraph, None, l, 0)
}

/// A deterministic random source for property tests: `below(n)` is a number in `0..n`
/// (`n` ≥ 1), from the xorshift64 generator (Marsaglia 2003, shifts 13, 7, 17) seeded with
/// `seed` (not 0).
pub fn below_from(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
