//! Square brackets: text not yet agreed (UN drafting practice, see `docs/domain.md`).
//!
//! Negotiators report how many bracketed passages a revision still holds and which
//! paragraphs were cleared of brackets (agreed) or newly bracketed (reopened). A pair is an
//! opening `[` matched with the next unmatched `]`, nesting allowed (`[[a][b]]` is three
//! pairs). Stray brackets are not counted.

/// Number of matched square-bracket pairs in `text`.
pub fn pairs(text: &str) -> usize {
    let mut depth = 0usize;
    let mut n = 0usize;
    let mut step = |b: u8| match b {
        b'[' => depth += 1,
        b']' if depth > 0 => {
            depth -= 1;
            n += 1;
        }
        _ => {}
    };
    // `[` and `]` are ASCII, so never part of another UTF-8 character: bytes will do. Most
    // eight-byte words hold no bracket and are skipped whole.
    let mut words = text.as_bytes().chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if may_hold_bracket(u64::from_le_bytes(word)) {
            chunk.iter().for_each(|&b| step(b));
        }
    }
    words.remainder().iter().for_each(|&b| step(b));
    n
}

/// False only when none of the eight bytes of `word` is `[` or `]`: setting bits 1 and 2
/// maps both (0x5B, 0x5D) to 0x5F, and a byte of `word | 0x06..` equal to 0x5F shows as a
/// zero byte after `^ 0x5F..`, which the usual test for a zero byte finds. Other bytes (`Y`,
/// `_`, …) may map to 0x5F too; they only cost a closer look.
fn may_hold_bracket(word: u64) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    let x = (word | (0x06 * LOW)) ^ (0x5F * LOW);
    x.wrapping_sub(LOW) & !x & (0x80 * LOW) != 0
}

/// True when the text says the paragraph is agreed ad referendum ("agreed ad ref").
pub fn agreed_ad_ref(text: &str) -> bool {
    // Case-folded once, then searched with the standard library's fast substring search.
    text.len() >= "agreed ad ref".len() && text.to_ascii_lowercase().contains("agreed ad ref")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nested_and_ignores_strays() {
        assert_eq!(pairs("In [furtherance][pursuit] of"), 2);
        assert_eq!(pairs("[[a][b]]"), 3);
        assert_eq!(pairs("] stray [ open"), 0);
        assert_eq!(pairs("no brackets"), 0);
    }

    #[test]
    fn word_skipping_counts_as_byte_by_byte() {
        fn slow(text: &str) -> usize {
            let (mut depth, mut n) = (0usize, 0usize);
            for b in text.bytes() {
                match b {
                    b'[' => depth += 1,
                    b']' if depth > 0 => {
                        depth -= 1;
                        n += 1;
                    }
                    _ => {}
                }
            }
            n
        }
        // Every byte value at every position of a word, next to brackets.
        for b in 0..=255u8 {
            for at in 0..17 {
                let mut t = vec![b'x'; 17];
                t[at] = b;
                for (i, c) in [(3, b'['), (12, b']')] {
                    if i != at {
                        t[i] = c;
                    }
                }
                let text = String::from_utf8_lossy(&t);
                assert_eq!(pairs(&text), slow(&text), "{text:?}");
            }
        }
        let text = "[[a][b]] Y_[x]] [é[ü]] ]]]]]]]]]]]]]]][[[[[[[[[[[[[[[[ [[[[]]]]";
        for end in 0..text.len() {
            if let Some(t) = text.get(..end) {
                assert_eq!(pairs(t), slow(t), "{t:?}");
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
