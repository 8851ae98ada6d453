//! Markdown output: escaping of text so that a card's words never become Markdown syntax
//! (emphasis, links, raw HTML, headings, lists) in a CommonMark renderer.
//!
//! Escaping uses CommonMark backslash escapes (spec 0.31, §2.4), which render as the
//! character itself, so the printed text is unchanged.

/// Escapes `text` for use inside a Markdown paragraph (the handlebars escape function of the
/// Markdown templates).
///
/// - `\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `|`, `~`, `#` are backslash-escaped anywhere;
/// - `&` is escaped when it could start an entity (`&amp;`, `&#38;`);
/// - `!` is escaped after `<`, so that the text never holds `<!--`: our own readers
///   ([`crate::diff`]) take `<!--` for the start of an HTML comment (the card anchors
///   `<!-- cards: … -->`), whatever backslash comes before it;
/// - at the start of the text, `-`, `+`, `=` and the `.`/`)` after a leading number are
///   escaped, so that a text can start a line without becoming a list item or a heading;
/// - newlines become spaces (a value is always one paragraph's worth of inline text).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    // Leading ordered-list marker: digits followed by `.` or `)`.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        if let Some(c @ ('.' | ')')) = text[digits..].chars().next() {
            out.push_str(&text[..digits]);
            out.push('\\');
            out.push(c);
            for _ in 0..=digits {
                chars.next();
            }
        }
    } else if let Some(&c @ ('-' | '+' | '=')) = chars.peek() {
        out.push('\\');
        out.push(c);
        chars.next();
    }
    let mut previous = '\0';
    while let Some(c) = chars.next() {
        match c {
            '!' if previous == '<' => {
                out.push_str("\\!");
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' => {
                if chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#')
                {
                    out.push('\\');
                }
                out.push('&');
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(
            escape("<script>alert(1)</script> {{x}}"),
            "\\<script\\>alert(1)\\</script\\> {{x}}"
        );
        assert_eq!(
            escape("*bold* _it_ [l](u) `c`"),
            "\\*bold\\* \\_it\\_ \\[l\\](u) \\`c\\`"
        );
        assert_eq!(escape("A & B &amp; C"), "A & B \\&amp; C");
        assert_eq!(escape("a|b ~c~ #1"), "a\\|b \\~c\\~ \\#1");
    }

    /// Regression: a card text starting with `<!--` opened a comment in our own Markdown and
    /// swallowed the text up to the next card anchor.
    #[test]
    fn html_comment_openers_are_broken_up() {
        assert_eq!(
            escape("<!-- cards: fake-id --> injected"),
            "\\<\\!-- cards: fake-id --\\> injected"
        );
        assert!(!escape("a <!-- b").contains("<!--"));
        assert_eq!(escape("Act now! <b>"), "Act now! \\<b\\>");
    }

    #[test]
    fn line_start_markers_are_escaped() {
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("+ item"), "\\+ item");
        assert_eq!(escape("2030 Agenda"), "2030 Agenda");
        assert_eq!(escape("12. Decides"), "12\\. Decides");
        assert_eq!(escape("3) x"), "3\\) x");
        assert_eq!(escape("well-managed"), "well-managed");
    }

    #[test]
    fn multibyte_text_is_kept() {
        assert_eq!(
            escape("Réaffirmant — «x»\nsuite"),
            "Réaffirmant — «x» suite"
        );
    }
}
