//! Text normalisation for deduplication, for the six UN languages.
//!
//! Two cards that differ only in case, spacing, punctuation, Unicode presentation forms or
//! Arabic vowel marks must compare equal, so every comparison in [`crate::dedup`] works on the
//! *normalised* text produced here:
//!
//! 1. Unicode NFKC (compatibility composition: full-width Latin and punctuation, ligatures,
//!    Arabic presentation forms become their plain letters), via `unicode-normalization`;
//! 2. lower-casing with Unicode's full mapping (`char::to_lowercase`), which serves as case
//!    folding for Latin, Cyrillic and Greek (Arabic and Chinese have no case);
//! 3. removal of Arabic tashkeel (U+064B–U+065F, U+0670: optional vowel marks) and tatweel
//!    (U+0640: a stretching stroke), which writers add or omit freely;
//! 4. an English possessive `'s` at the end of a word is dropped (done first, on the input);
//! 5. every character that is not a letter, a digit or a combining mark becomes a space
//!    (punctuation, symbols, line breaks), and runs of spaces collapse to one.
//!
//! Words are then the Unicode word segments (UAX #29, `unicode-segmentation`) of the
//! normalised text. For Chinese (and Japanese kana), which is written without spaces, UAX #29
//! makes every ideograph its own segment, so the word bigrams used by the near-copy tier are
//! exactly character bigrams there: character n-grams where words do not apply.
//!
//! Pure ASCII input takes a fast path that produces the same result without the Unicode
//! tables (ASCII is invariant under NFKC, and ASCII letter/digit runs are single UAX #29
//! words).

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Normalises `text` for comparison (NFKC, lower case, Arabic marks dropped, punctuation to
/// spaces, whitespace collapsed, trimmed). The result may be empty (a card of punctuation).
///
/// ```
/// use zerodraft::dedup::normalize::normalise;
/// assert_eq!(normalise("  Protect   MIGRANT children!! "), "protect migrant children");
/// assert_eq!(normalise("ＡＢＣ，def"), "abc def");
/// ```
pub fn normalise(text: &str) -> String {
    let text = &*strip_possessive(text);
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase() as char);
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    } else {
        for c in text.nfkc() {
            for lc in c.to_lowercase() {
                if is_arabic_optional_mark(lc) {
                    continue;
                }
                if lc.is_alphanumeric() || unicode_normalization::char::is_combining_mark(lc) {
                    out.push(lc);
                } else if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Drops an English possessive `'s` / `’s` at the end of a word ("the organization's
/// expertise" → "the organization expertise"), so that it does not become a word "s".
fn strip_possessive(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\'', '\u{2019}']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let possessive = matches!(c, '\'' | '\u{2019}')
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && matches!(chars.get(i + 1), Some('s' | 'S'))
            && !chars.get(i + 2).is_some_and(|n| n.is_alphanumeric());
        if possessive {
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Arabic tashkeel (U+064B–U+065F, U+0670) and tatweel (U+0640): optional in writing.
fn is_arabic_optional_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// The words of a normalised text (see [`normalise`]), in order: UAX #29 word segments that
/// contain a letter or digit. Each Chinese ideograph is its own word.
///
/// ```
/// use zerodraft::dedup::normalize::{normalise, words};
/// assert_eq!(words(&normalise("Protect migrant children.")), ["protect", "migrant", "children"]);
/// assert_eq!(words(&normalise("保护移民")), ["保", "护", "移", "民"]);
/// ```
pub fn words(normalised: &str) -> Vec<&str> {
    if normalised.is_ascii() {
        normalised.split(' ').filter(|w| !w.is_empty()).collect()
    } else {
        normalised.unicode_words().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possessive_s_is_dropped_but_not_other_apostrophes() {
        assert_eq!(
            normalise("the organization's expertise, migrants’ rights"),
            "the organization expertise migrants rights"
        );
        assert_eq!(normalise("l'homme's"), "l homme");
        assert_eq!(normalise("it'sa"), "it sa");
    }

    #[test]
    fn case_spacing_and_punctuation_vanish() {
        assert_eq!(
            normalise("Ensure access to justice; ensure   ACCESS to Justice."),
            "ensure access to justice ensure access to justice"
        );
        assert_eq!(normalise("...!"), "");
    }

    #[test]
    fn ascii_fast_path_matches_unicode_path() {
        // The same text with one non-ASCII character appended takes the Unicode path.
        let ascii = "Don't forget: 3 migrants' rights (e.g. labour)";
        let unicode = format!("{ascii}…");
        assert_eq!(normalise(ascii), normalise(&unicode));
        assert_eq!(
            words(&normalise(ascii)),
            words(&normalise(&unicode)).into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn arabic_diacritics_and_tatweel_are_dropped() {
        // "protection of migrants" with and without tashkeel and a tatweel.
        assert_eq!(
            normalise("حِمَايَة المهـــاجرين"),
            normalise("حماية المهاجرين")
        );
        assert_eq!(words(&normalise("حماية المهاجرين")), ["حماية", "المهاجرين"]);
    }

    #[test]
    fn full_width_forms_and_cyrillic_case() {
        assert_eq!(normalise("ЗАЩИТА Мигрантов！"), "защита мигрантов");
        assert_eq!(normalise("保护移民，儿童。"), "保护移民 儿童");
    }
}
