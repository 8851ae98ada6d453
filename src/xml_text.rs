//! Text made safe for the formats that cannot carry every Unicode scalar value: XML 1.0
//! (DOCX parts) and what a terminal, HTML page or Markdown file shows.
//!
//! - [`xml_chars`] drops the characters XML 1.0 forbids (its `Char` production: C0 controls
//!   other than tab, newline and carriage return, and the noncharacters U+FFFE and U+FFFF;
//!   surrogates cannot occur in a Rust string). docx-rs escapes `&`, `<` and `>` but writes
//!   these raw, and one of them makes the whole part unreadable.
//! - [`visible_controls`] replaces control characters by visible placeholders, so that an
//!   escape sequence in a revision (`ESC[8m` hides the words after it) cannot reach the
//!   terminal and every control character still shows where it is.

use std::borrow::Cow;

/// True when XML 1.0 allows `c` in a document (production `Char`).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` without the characters XML 1.0 forbids ([`is_xml_char`]); borrowed when there
/// are none.
pub fn xml_chars(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// The visible stand-in of a control character: the Unicode control picture (U+2400 + code,
/// `␀` … `␟`) for a C0 control, `␡` for DEL, U+FFFD for a C1 control (U+0080–U+009F); `None`
/// for any other character, and for tab and newline, which keep their layout meaning.
pub fn control_picture(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' => Some('\u{FFFD}'),
        _ => None,
    }
}

/// `text` with every control character replaced by its [`control_picture`]; borrowed when it
/// has none.
pub fn visible_controls(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| control_picture(c).is_none()) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| control_picture(c).unwrap_or(c))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_chars_drops_what_xml_forbids() {
        assert_eq!(
            xml_chars("a\u{0}b\u{1}\u{8}\u{B}\u{C}\u{E}\u{1F}c\t\n\r\u{FFFE}\u{FFFF}d\u{85}\u{FFFD}\u{10000}"),
            "abc\t\n\rd\u{85}\u{FFFD}\u{10000}"
        );
        assert!(matches!(xml_chars("plain – text"), Cow::Borrowed(_)));
        for c in ['\u{D7FF}', '\u{E000}', '\u{20}', '\u{10FFFF}'] {
            assert!(is_xml_char(c), "{c:?}");
        }
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(
            visible_controls("a\u{1b}[8mb\u{0}\t\n\r\u{7f}\u{9b}c"),
            "a\u{241b}[8mb\u{2400}\t\n\u{240d}\u{2421}\u{FFFD}c"
        );
        assert!(matches!(
            visible_controls("plain\ttext\n"),
            Cow::Borrowed(_)
        ));
    }
}
