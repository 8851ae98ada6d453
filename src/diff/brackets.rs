//! Square brackets: text not yet agreed (UN drafting practice, see `docs/domain.md`).
//!
//! Negotiators report how many bracketed passages a revision still holds and which
//! paragraphs were cleared of brackets (agreed) or newly bracketed (reopened). A pair is an
//! opening `[` matched with the next unmatched `]`, nesting allowed (`[[a][b]]` is three
//! pairs). Stray brackets are not counted as pairs, but they are tallied: a paragraph that
//! still holds one is not "cleared", and the comparison names it.

/// The square brackets of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Matched pairs.
    pub pairs: usize,
    /// `[` never closed.
    pub unclosed: usize,
    /// `]` with no `[` open before it.
    pub unopened: usize,
}

impl Tally {
    /// Whether the text holds any square bracket, matched or not.
    pub fn any(&self) -> bool {
        self.pairs + self.unclosed + self.unopened > 0
    }

    /// Whether some bracket is unmatched.
    pub fn unbalanced(&self) -> bool {
        self.unclosed + self.unopened > 0
    }
}

/// The square brackets of `text`: matched pairs, `[` never closed and `]` never opened.
pub fn tally(text: &str) -> Tally {
    let mut depth = 0usize;
    let mut n = 0usize;
    let mut unopened = 0usize;
    let mut step = |open: bool| {
        if open {
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
            n += 1;
        } else {
            unopened += 1;
        }
    };
    // `[` and `]` are ASCII, so never part of another UTF-8 character: bytes will do. Most
    // eight-byte words hold no bracket and are skipped whole, four at a time; in the others,
    // the brackets are found by bit tricks and taken in order.
    let mut word = |x: u64| {
        let (open, close) = (bytes_equal(x, b'['), bytes_equal(x, b']'));
        let mut both = open | close;
        while both != 0 {
            let first = both & both.wrapping_neg();
            step(open & first != 0);
            both ^= first;
        }
    };
    let read = |b: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[..8]);
        u64::from_le_bytes(w)
    };
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let xs = [
            read(block),
            read(&block[8..]),
            read(&block[16..]),
            read(&block[24..]),
        ];
        let hits = xs.map(may_hold_bracket);
        if hits != [0; 4] {
            for (x, hit) in xs.into_iter().zip(hits) {
                if hit != 0 {
                    word(x);
                }
            }
        }
    }
    let mut words = blocks.remainder().chunks_exact(8);
    for chunk in &mut words {
        word(read(chunk));
    }
    for &b in words.remainder() {
        if b == b'[' || b == b']' {
            step(b == b'[');
        }
    }
    Tally {
        pairs: n,
        unclosed: depth,
        unopened,
    }
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Zero only when none of the eight bytes of `word` is `[` or `]`: setting bits 1 and 2
/// maps both (0x5B, 0x5D) to 0x5F, and a byte of `word | 0x06..` equal to 0x5F shows as a
/// zero byte after `^ 0x5F..`, which the usual test for a zero byte finds. Other bytes (`Y`,
/// `_`, …) may map to 0x5F too; they only cost a closer look.
fn may_hold_bracket(word: u64) -> u64 {
    let x = (word | (0x06 * LOW)) ^ (0x5F * LOW);
    x.wrapping_sub(LOW) & !x & HIGH
}

/// The high bit of each byte of `word` that equals `b`, and no other bit: a byte of
/// `t = word ^ b..` is zero exactly when neither its high bit nor, after adding 0x7F to its
/// low seven bits (which never carries into the next byte), its low bits are set.
fn bytes_equal(word: u64, b: u8) -> u64 {
    let t = word ^ (u64::from(b) * LOW);
    !(((t & !HIGH) + !HIGH) | t) & HIGH
}

/// True when the text says the paragraph is agreed ad referendum ("agreed ad ref").
pub fn agreed_ad_ref(text: &str) -> bool {
    agreed_ad_ref_in(text, &mut String::new())
}

/// [`agreed_ad_ref`], case-folding `text` into `buffer` (so that a run of texts reuses one
/// allocation).
pub(crate) fn agreed_ad_ref_in(text: &str, buffer: &mut String) -> bool {
    const PHRASE: &str = "agreed ad ref";
    if text.len() < PHRASE.len() {
        return false;
    }
    // Case-folded once, then searched with the standard library's fast substring search.
    buffer.clear();
    buffer.push_str(text);
    buffer.make_ascii_lowercase();
    buffer.contains(PHRASE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nested_and_ignores_strays() {
        assert_eq!(tally("In [furtherance][pursuit] of").pairs, 2);
        assert_eq!(tally("[[a][b]]").pairs, 3);
        assert_eq!(tally("] stray [ open").pairs, 0);
        assert_eq!(tally("no brackets").pairs, 0);
        let t = tally("] [a] [[b] ] ]");
        assert_eq!((t.pairs, t.unclosed, t.unopened), (3, 0, 2));
        let t = tally("Parties [shall take action.");
        assert_eq!((t.pairs, t.unclosed, t.unopened), (0, 1, 0));
        assert!(t.any() && t.unbalanced());
        assert!(!tally("agreed text").any());
    }

    #[test]
    fn word_skipping_counts_as_byte_by_byte() {
        fn slow(text: &str) -> Tally {
            let (mut depth, mut n, mut unopened) = (0usize, 0usize, 0usize);
            for b in text.bytes() {
                match b {
                    b'[' => depth += 1,
                    b']' if depth > 0 => {
                        depth -= 1;
                        n += 1;
                    }
                    b']' => unopened += 1,
                    _ => {}
                }
            }
            Tally {
                pairs: n,
                unclosed: depth,
                unopened,
            }
        }
        // Every byte value at every position of a word, next to brackets, in texts short
        // enough to be read word by word and long enough to be read four words at a time.
        for (len, brackets) in [(17, [3, 12, 3, 12]), (75, [3, 12, 40, 66])] {
            for b in 0..=255u8 {
                for at in 0..len {
                    let mut t = vec![b'x'; len];
                    t[at] = b;
                    for (k, i) in brackets.into_iter().enumerate() {
                        if i != at {
                            t[i] = if k % 2 == 0 { b'[' } else { b']' };
                        }
                    }
                    let text = String::from_utf8_lossy(&t);
                    assert_eq!(tally(&text), slow(&text), "{text:?}");
                }
            }
        }
        // Brackets nested and stray across words and blocks of words.
        let mut state = 11u64;
        for _ in 0..5000 {
            let t: String = (0..state % 120)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    ['[', ']', 'x', 'Y', '_', ' ', '\u{e9}'][(state % 7) as usize]
                })
                .collect();
            assert_eq!(tally(&t), slow(&t), "{t:?}");
        }
        let text = "[[a][b]] Y_[x]] [é[ü]] ]]]]]]]]]]]]]]][[[[[[[[[[[[[[[[ [[[[]]]]";
        for end in 0..text.len() {
            if let Some(t) = text.get(..end) {
                assert_eq!(tally(t), slow(t), "{t:?}");
            }
        }
    }

    #[test]
    fn exact_byte_masks() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut w = [b'x'; 8];
                w[at] = b;
                for probe in [b'[', b']', b'f', b'x', 0, 0x80, 0xff] {
                    let expected: u64 = (0..8)
                        .filter(|&i| w[i] == probe)
                        .map(|i| 0x80u64 << (8 * i))
                        .sum();
                    assert_eq!(bytes_equal(u64::from_le_bytes(w), probe), expected);
                }
            }
        }
    }

    #[test]
    fn ad_ref() {
        assert!(agreed_ad_ref("Decides to … (Agreed ad ref)"));
        assert!(!agreed_ad_ref("Decides to …"));
        assert!(agreed_ad_ref("AGREED AD REF"));
        assert!(!agreed_ad_ref("agreed ad"));
        assert!(agreed_ad_ref("agreed ad ref"));
        assert!(agreed_ad_ref("… é Agreed Ad Referendum"));
        assert!(!agreed_ad_ref("agreed  ad ref"));
        assert!(agreed_ad_ref("AgReEd aD rEf"));
        assert!(!agreed_ad_ref("agreed ad re"));
    }
}
