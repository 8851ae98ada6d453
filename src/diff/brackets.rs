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
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => {
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
    text.to_lowercase().contains("agreed ad ref")
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
    }
}
