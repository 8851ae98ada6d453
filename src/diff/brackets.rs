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
    // `[` and `]` are ASCII, so never part of another UTF-8 character: bytes will do.
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

/// True when the text says the paragraph is agreed ad referendum ("agreed ad ref").
pub fn agreed_ad_ref(text: &str) -> bool {
    const PHRASE: &[u8] = b"agreed ad ref";
    text.as_bytes()
        .windows(PHRASE.len())
        .any(|w| w.eq_ignore_ascii_case(PHRASE))
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
    fn ad_ref() {
        assert!(agreed_ad_ref("Decides to … (Agreed ad ref)"));
        assert!(!agreed_ad_ref("Decides to …"));
        assert!(agreed_ad_ref("AGREED AD REF"));
        assert!(!agreed_ad_ref("agreed ad"));
    }
}
