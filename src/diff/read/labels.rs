//! Numbering labels at the start of a paragraph: `1.`, `12 bis.`, `5 ter`, `(a)`, `(iii)`,
//! `Article 4`, `PP1`/`Pp1`, `OP3`/`Op 3`, `Alt`/`Alt 2`.
//!
//! Labels are kept apart from the text so that renumbering between revisions (paragraph 12
//! becoming 13) is not mistaken for an edit of the paragraph. The forms follow UN drafting
//! practice (see `docs/domain.md`): arabic paragraph numbers, lettered sub-paragraphs, roman
//! sub-sub-paragraphs, Latin multiplicative suffixes (`bis`, `ter`, `quater`, …) for
//! paragraphs inserted between existing ones, and `Alt` for alternatives.
//!
//! # Roman or letter?
//! `(i)`, `(v)` and `(x)` can be either. [`parse_label`] sees one line only and calls them
//! roman; [`disambiguate`] then applies the document rule: such a label is a **letter** when
//! the sub-paragraph label just before it (letter or roman) is the letter that precedes it in
//! the alphabet — `(i)` after `(h)`, `(v)` after `(u)`, `(x)` after `(w)` — and roman
//! otherwise. Multi-character labels are roman when they are a canonical roman numeral up to
//! 50 (`(ii)`, `(iv)`, `(xii)`); a letter repeated (`(aa)`, `(bb)`, `(cc)`, the sequence
//! after `(z)`) is a letter; `(c)`, `(d)`, `(l)`, `(m)` are always letters.

use crate::diff::{Label, LabelScheme};

/// Latin multiplicative suffixes of inserted paragraphs, in order (`quat` is a common
/// abbreviation of `quater`). Matched case-insensitively, stored lowercase.
const SUFFIXES: &[&str] = &[
    "bis",
    "ter",
    "quater",
    "quat",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "novies",
    "nonies",
    "decies",
    "undecies",
    "duodecies",
];

/// Reads a numbering label at the start of `s` (leading whitespace allowed).
///
/// Returns the label and the rest of the line after it, with leading whitespace removed,
/// or `None` when `s` does not start with a label. A label must be followed by whitespace
/// or the end of `s`, so `12.5tonnes`, `Alternatively` and `(the)` are not labels. A bare
/// number needs a full stop, a closing parenthesis, a suffix or a dotted part to count
/// (`12.`, `12)`, `5 ter`, `3.3`), so that a sentence starting with `2015 was` is not
/// numbered (one starting with a decimal, `2.5 million …`, is read as label `2.5`).
///
/// Recognised forms (case as shown; suffixes and `PP`/`OP` in any case):
///
/// | written            | scheme        | number | suffix |
/// |--------------------|---------------|--------|--------|
/// | `12.` `12)` `(12)` | `Number`      | 12     |        |
/// | `12 bis.` `5 ter` `2bis` `(17bis)` | `Number` | 12 / 5 / 2 / 17 | `bis` / `ter` |
/// | `3.3` `3.3bis` `1.2.` | `Number` | 3 / 3 / 2 | / `bis` / |
/// | `(a)` `a)` `(aa)`  | `Letter`      | 1 / 1 / 27 |     |
/// | `(iii)` `iv)`      | `Roman`       | 3 / 4  |        |
/// | `Article 4` `ARTICLE 2 bis` | `Article` | 4 / 2 | / `bis` |
/// | `PP1` `Pp 1` `PP.1` | `Preambular` | 1      |        |
/// | `OP3` `Op 3`       | `Operative`   | 3      |        |
/// | `Alt` `Alt 2` `Alt.` | `Alternative` | – / 2 |       |
/// | `IV.` `B.` (section headings) | `Roman` / `Letter` | 4 / 2 | |
///
/// `(i)`, `(v)` and `(x)` come back as roman; see [`disambiguate`] for the rule that makes
/// them letters in context.
pub fn parse_label(s: &str) -> Option<(Label, &str)> {
    scan_label(s).map(|(label, rest)| (label.to_label(), rest))
}

/// A label as [`parse_label`] reads it, borrowed from the line: reading one allocates
/// nothing, so that lines can be probed for a label that is then dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LabelRef<'a> {
    /// The label as written (trimmed when made a [`Label`]).
    pub raw: &'a str,
    /// As [`Label::scheme`].
    pub scheme: LabelScheme,
    /// As [`Label::number`].
    pub number: Option<u32>,
    /// The suffix, lowercase, from [`SUFFIXES`].
    pub suffix: Option<&'static str>,
}

impl LabelRef<'_> {
    /// The owned [`Label`].
    pub fn to_label(self) -> Label {
        Label {
            raw: trim_fast(self.raw).to_string(),
            scheme: self.scheme,
            number: self.number,
            suffix: self.suffix.map(str::to_string),
        }
    }

    /// [`is_section_label`] of the label.
    pub fn is_section(&self) -> bool {
        section_form(self.scheme, trim_fast(self.raw))
    }
}

/// [`parse_label`] without allocating: the label borrowed, and the rest of the line.
pub(crate) fn scan_label(s: &str) -> Option<(LabelRef<'_>, &str)> {
    let t = trim_start_fast(s);
    // Every form starts with an ASCII digit, a letter or `(`; only a number or a
    // parenthesised label starts with a digit or `(` (the other readers want letters).
    let first = *t.as_bytes().first()?;
    let (label, len) = if first.is_ascii_digit() {
        number_label(t).or_else(|| paren_label(t))?
    } else if first == b'(' {
        paren_label(t)?
    } else if first.is_ascii_alphabetic() {
        paren_label(t)
            .or_else(|| article_label(t))
            .or_else(|| pp_op_label(t))
            .or_else(|| alt_label(t))
            .or_else(|| section_label(t))?
    } else {
        return None;
    };
    let rest = trim_start_fast(&t[len..]);
    Some((label, rest))
}

/// Applies the roman-or-letter rule in context: `label` (as returned by [`parse_label`])
/// is turned into a letter when it is `(i)`, `(v)` or `(x)` and `previous` — the last
/// lettered or roman sub-paragraph label before it in the same paragraph — is the letter
/// just before it (`h`, `u`, `w`). Any other label is returned unchanged.
pub fn disambiguate(label: Label, previous: Option<&Label>) -> Label {
    if label.scheme != LabelScheme::Roman {
        return label;
    }
    // The ASCII letters of the label, compared in place: exactly one, `i`, `v` or `x`.
    let mut letters = label.raw.bytes().filter(u8::is_ascii_alphabetic);
    let letter_no = match (
        letters.next().map(|b| b.to_ascii_lowercase()),
        letters.next(),
    ) {
        (Some(b'i'), None) => 9,
        (Some(b'v'), None) => 22,
        (Some(b'x'), None) => 24,
        _ => return label,
    };
    let follows_letter = previous.is_some_and(|p| {
        p.scheme == LabelScheme::Letter && p.number == Some(letter_no - 1) && p.suffix.is_none()
    });
    if follows_letter {
        Label {
            scheme: LabelScheme::Letter,
            number: Some(letter_no),
            ..label
        }
    } else {
        label
    }
}

/// True at the end of `s` or before whitespace.
fn boundary(s: &str, at: usize) -> bool {
    match s.as_bytes().get(at) {
        None => true,
        // An ASCII byte is a whole character.
        Some(&b) if b.is_ascii() => is_ascii_white_space(b),
        Some(_) => s[at..].chars().next().is_some_and(char::is_whitespace),
    }
}

/// Whether the ASCII byte `b` is a character with the Unicode White_Space property (as
/// [`char::is_whitespace`]): tab, line feed, vertical tab, form feed, carriage return and
/// space.
#[inline]
pub(super) fn is_ascii_white_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `s.trim_start()`, with the common cases decided by looking at bytes: ASCII whitespace
/// skipped, and then an ASCII character, or the end, ends the trimming.
#[inline]
pub(super) fn trim_start_fast(s: &str) -> &str {
    let skipped = s
        .bytes()
        .position(|b| !is_ascii_white_space(b))
        .unwrap_or(s.len());
    let rest = &s[skipped..];
    match rest.as_bytes().first() {
        Some(b) if !b.is_ascii() => rest.trim_start(),
        _ => rest,
    }
}

/// `s.trim()`: `s` itself when it is empty or starts and ends with a visible ASCII
/// character (the common cases), else [`trim_start_fast`], then [`trim_end_fast`].
#[inline(always)]
pub(super) fn trim_fast(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !(f.is_ascii_graphic() && l.is_ascii_graphic()) => trim_both_ends(s),
        // Empty, or nothing to trim.
        _ => s,
    }
}

/// [`trim_fast`] past its first test (kept out of line, so that the test is inlined).
fn trim_both_ends(s: &str) -> &str {
    trim_end_fast(trim_start_fast(s))
}

/// `s.trim_end()`, with the common cases decided by looking at bytes: ASCII whitespace
/// dropped from the end, and then an ASCII character, or nothing, ends the trimming.
#[inline]
pub(super) fn trim_end_fast(s: &str) -> &str {
    let b = s.as_bytes();
    let kept = b
        .iter()
        .rposition(|&x| !is_ascii_white_space(x))
        .map_or(0, |i| i + 1);
    // Only ASCII bytes were dropped, so `kept` is a char boundary.
    let rest = &s[..kept];
    match rest.as_bytes().last() {
        Some(b) if !b.is_ascii() => rest.trim_end(),
        _ => rest,
    }
}

/// Length of the ASCII digit run at the start of `s`.
fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// A Latin suffix at `s[at..]` (after optional spaces), followed by a non-letter.
/// Returns the suffix (lowercase, from [`SUFFIXES`]) and the byte offset just after it.
fn suffix_at(s: &str, at: usize, allow_no_space: bool) -> Option<(&'static str, usize)> {
    let after = &s[at..];
    // Spaces, tabs and no-break spaces (`C2 A0` in UTF-8) skipped byte by byte.
    let b = after.as_bytes();
    let mut skipped = 0;
    loop {
        match b.get(skipped..) {
            Some([b' ' | b'\t', ..]) => skipped += 1,
            Some([0xc2, 0xa0, ..]) => skipped += 2,
            _ => break,
        }
    }
    let trimmed = &after[skipped..];
    if skipped == 0 && !allow_no_space {
        return None;
    }
    // A non-ASCII character is no ASCII letter, and its first byte none either.
    let word_len = trimmed
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(trimmed.len());
    // The suffixes have 3 to 9 letters: other words are not compared.
    if !(3..=9).contains(&word_len) {
        return None;
    }
    let word = &trimmed[..word_len];
    SUFFIXES
        .iter()
        .find(|s| s.eq_ignore_ascii_case(word))
        .map(|s| (*s, at + skipped + word_len))
}

fn label<'a>(
    raw: &'a str,
    scheme: LabelScheme,
    number: Option<u32>,
    suffix: Option<&'static str>,
) -> LabelRef<'a> {
    LabelRef {
        raw,
        scheme,
        number,
        suffix,
    }
}

/// `12.`, `12)`, `12 bis.`, `5 ter`, `2bis`, and dotted `3.3`, `3.3bis`, `1.2.` (the number
/// is the last component).
fn number_label(t: &str) -> Option<(LabelRef<'_>, usize)> {
    let n = digits(t);
    if n == 0 || n > 4 {
        return None;
    }
    let mut number: u32 = t[..n].parse().ok()?;
    let mut end = n;
    let mut dotted = false;
    // Dotted components: `3.3`, `1.2.4` (at most three levels, each up to three digits).
    for _ in 0..2 {
        let Some(after_dot) = t[end..].strip_prefix('.') else {
            break;
        };
        let m = digits(after_dot);
        if m == 0 || m > 3 {
            break;
        }
        number = after_dot[..m].parse().ok()?;
        end += 1 + m;
        dotted = true;
    }
    let suffix = suffix_at(t, end, true).map(|(s, e)| {
        end = e;
        s
    });
    let mut punct = false;
    if t[end..].starts_with(['.', ')']) || (dotted && t[end..].starts_with(':')) {
        end += 1;
        punct = true;
    }
    if (punct || dotted || suffix.is_some()) && boundary(t, end) {
        Some((
            label(&t[..end], LabelScheme::Number, Some(number), suffix),
            end,
        ))
    } else {
        None
    }
}

/// `(a)`, `a)`, `(iii)`, `(aa)`, `(12)`, optionally followed by a suffix: `(b) bis`.
fn paren_label(t: &str) -> Option<(LabelRef<'_>, usize)> {
    let open = t.starts_with('(');
    let inner_start = usize::from(open);
    let inner_len = t[inner_start..]
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(t.len() - inner_start);
    if inner_len == 0 || inner_len > 6 {
        return None;
    }
    let mut inner = &t[inner_start..inner_start + inner_len];
    let mut end = inner_start + inner_len;
    // A suffix inside the parentheses: `(17bis)`, `(17 bis)`, `(a bis)`.
    let mut suffix = None;
    let n = digits(inner);
    if n > 0 && n < inner.len() {
        let (s, _) = suffix_at(inner, n, true)?;
        if s.len() != inner.len() - n {
            return None;
        }
        suffix = Some(s);
        inner = &inner[..n];
    } else if let Some((s, e)) = suffix_at(t, end, false) {
        if t[e..].starts_with(')') {
            suffix = Some(s);
            end = e;
        }
    }
    if !t[end..].starts_with(')') {
        return None;
    }
    end += 1;
    let (scheme, number) = classify_inner(inner, open)?;
    if suffix.is_none() {
        suffix = suffix_at(t, end, false).map(|(s, e)| {
            end = e;
            s
        });
    }
    if !boundary(t, end) {
        return None;
    }
    Some((label(&t[..end], scheme, Some(number), suffix), end))
}

/// Scheme and number of the inside of a parenthesised label, or `None` if it is not one.
/// Without an opening parenthesis (`a)`), only one or two characters are accepted.
fn classify_inner(inner: &str, open: bool) -> Option<(LabelScheme, u32)> {
    if inner.bytes().all(|b| b.is_ascii_digit()) {
        return Some((LabelScheme::Number, inner.parse().ok()?));
    }
    if !inner.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let same_case = inner.bytes().all(|b| b.is_ascii_lowercase())
        || inner.bytes().all(|b| b.is_ascii_uppercase());
    if !same_case || (!open && inner.len() > 4) {
        return None;
    }
    let lower = inner.to_ascii_lowercase();
    let single_non_roman = matches!(lower.as_str(), "l" | "c" | "d" | "m");
    if !single_non_roman {
        if let Some(v) = roman_value(&lower) {
            if v <= 50 {
                return Some((LabelScheme::Roman, v));
            }
        }
    }
    let first = lower.as_bytes()[0];
    if lower.bytes().all(|b| b == first) && lower.len() <= 3 {
        let index = u32::from(first - b'a') + 1;
        let len = u32::try_from(lower.len()).ok()?;
        return Some((LabelScheme::Letter, (len - 1) * 26 + index));
    }
    None
}

/// Value of a canonical lowercase roman numeral (`iv`, not `iiii`), or `None`.
fn roman_value(s: &str) -> Option<u32> {
    let val = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(val).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= i64::from(*v),
            _ => total += i64::from(*v),
        }
    }
    let total = u32::try_from(total)
        .ok()
        .filter(|t| (1..4000).contains(t))?;
    (crate::numbering::roman_numeral(total).to_ascii_lowercase() == s).then_some(total)
}

/// Optional `.` or `:` after a label, then a boundary. Returns the end offset.
fn closing(t: &str, mut end: usize) -> Option<usize> {
    if t[end..].starts_with(['.', ':']) {
        end += 1;
    }
    boundary(t, end).then_some(end)
}

/// A keyword (`Article`, `PP`, …) followed by a number and an optional suffix.
fn keyword_number(
    t: &str,
    keyword_len: usize,
    allow_dot: bool,
) -> Option<(u32, Option<&'static str>, usize)> {
    let mut at = keyword_len;
    if allow_dot && t[at..].starts_with('.') {
        at += 1;
    }
    let spaces = t[at..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\u{a0}')
        .map(char::len_utf8)
        .sum::<usize>();
    at += spaces;
    let n = digits(&t[at..]);
    if n == 0 || n > 4 {
        return None;
    }
    let number: u32 = t[at..at + n].parse().ok()?;
    let mut end = at + n;
    let suffix = suffix_at(t, end, true).map(|(s, e)| {
        end = e;
        s
    });
    let end = closing(t, end)?;
    Some((number, suffix, end))
}

/// `Article 4`, `ARTICLE 2 bis`, `Article 2bis:`.
fn article_label(t: &str) -> Option<(LabelRef<'_>, usize)> {
    let kw = t.get(..7)?;
    if kw != "Article" && kw != "ARTICLE" {
        return None;
    }
    if !t[7..].starts_with([' ', '\u{a0}']) {
        return None;
    }
    let (number, suffix, end) = keyword_number(t, 7, false)?;
    Some((
        label(&t[..end], LabelScheme::Article, Some(number), suffix),
        end,
    ))
}

/// `PP1`, `Pp 1`, `PP.1`, `OP3`, `Op 3`, `OP 3 bis`.
fn pp_op_label(t: &str) -> Option<(LabelRef<'_>, usize)> {
    let kw = t.get(..2)?;
    let scheme = if kw.eq_ignore_ascii_case("pp") {
        LabelScheme::Preambular
    } else if kw.eq_ignore_ascii_case("op") {
        LabelScheme::Operative
    } else {
        return None;
    };
    let (number, suffix, end) = keyword_number(t, 2, true)?;
    Some((label(&t[..end], scheme, Some(number), suffix), end))
}

/// Section labels of UN reports and outcome documents: an uppercase roman numeral up to 50
/// or a single capital letter, then a full stop — `I.`, `IV.`, `B.` (as in
/// `II. Means of implementation`, `B. Mitigation`). Readers keep them only on heading
/// lines (see [`is_section_label`]).
fn section_label(t: &str) -> Option<(LabelRef<'_>, usize)> {
    let n = t.bytes().take_while(u8::is_ascii_uppercase).count();
    if n == 0 || n > 6 || !t[n..].starts_with('.') || !boundary(t, n + 1) {
        return None;
    }
    let core = &t[..n];
    let lower = core.to_ascii_lowercase();
    if let Some(v) = roman_value(&lower).filter(|v| *v <= 50) {
        if n > 1 || matches!(core, "I" | "V" | "X") {
            return Some((label(&t[..=n], LabelScheme::Roman, Some(v), None), n + 1));
        }
    }
    if n == 1 {
        let index = u32::from(core.as_bytes()[0] - b'A') + 1;
        return Some((
            label(&t[..=n], LabelScheme::Letter, Some(index), None),
            n + 1,
        ));
    }
    None
}

/// Whether `label` is a section label (`I.`, `IV.`, `B.`: uppercase, full stop), which
/// marks a heading, not a paragraph.
pub fn is_section_label(label: &Label) -> bool {
    section_form(label.scheme, &label.raw)
}

/// [`is_section_label`] of a label with `scheme` written `raw` (trimmed).
fn section_form(scheme: LabelScheme, raw: &str) -> bool {
    matches!(scheme, LabelScheme::Roman | LabelScheme::Letter)
        && raw.ends_with('.')
        && raw[..raw.len() - 1].bytes().all(|b| b.is_ascii_uppercase())
}

/// `Alt`, `Alt.`, `Alt 2`, `Alt. 2:`, `ALT 2`.
fn alt_label(t: &str) -> Option<(LabelRef<'_>, usize)> {
    let kw = t.get(..3)?;
    if kw != "Alt" && kw != "ALT" {
        return None;
    }
    if let Some((number, suffix, end)) = keyword_number(t, 3, true) {
        return Some((
            label(&t[..end], LabelScheme::Alternative, Some(number), suffix),
            end,
        ));
    }
    let end = closing(t, 3)?;
    Some((label(&t[..end], LabelScheme::Alternative, None, None), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every label form, with what it must read as. Columns: input, raw, scheme, number,
    /// suffix, rest.
    type Row = (
        &'static str,
        &'static str,
        LabelScheme,
        Option<u32>,
        Option<&'static str>,
        &'static str,
    );

    #[test]
    fn label_forms() {
        use LabelScheme::*;
        let table: &[Row] = &[
            ("1. Decides", "1.", Number, Some(1), None, "Decides"),
            ("12. Requests", "12.", Number, Some(12), None, "Requests"),
            (
                "12 bis. Invites",
                "12 bis.",
                Number,
                Some(12),
                Some("bis"),
                "Invites",
            ),
            (
                "5 ter Urges",
                "5 ter",
                Number,
                Some(5),
                Some("ter"),
                "Urges",
            ),
            (
                "5 TER. Urges",
                "5 TER.",
                Number,
                Some(5),
                Some("ter"),
                "Urges",
            ),
            ("2bis Notes", "2bis", Number, Some(2), Some("bis"), "Notes"),
            (
                "7 quater.",
                "7 quater.",
                Number,
                Some(7),
                Some("quater"),
                "",
            ),
            ("3) text", "3)", Number, Some(3), None, "text"),
            ("(4) text", "(4)", Number, Some(4), None, "text"),
            (
                "(17bis) text",
                "(17bis)",
                Number,
                Some(17),
                Some("bis"),
                "text",
            ),
            (
                "(17 ter) text",
                "(17 ter)",
                Number,
                Some(17),
                Some("ter"),
                "text",
            ),
            (
                "(a bis) text",
                "(a bis)",
                Letter,
                Some(1),
                Some("bis"),
                "text",
            ),
            (
                "3.3 In accordance",
                "3.3",
                Number,
                Some(3),
                None,
                "In accordance",
            ),
            (
                "3.3bis Each",
                "3.3bis",
                Number,
                Some(3),
                Some("bis"),
                "Each",
            ),
            ("1.2. Scope", "1.2.", Number, Some(2), None, "Scope"),
            ("3.3: Each", "3.3:", Number, Some(3), None, "Each"),
            ("(a) Promote", "(a)", Letter, Some(1), None, "Promote"),
            ("b) Ensure", "b)", Letter, Some(2), None, "Ensure"),
            ("(h) x", "(h)", Letter, Some(8), None, "x"),
            ("(c) x", "(c)", Letter, Some(3), None, "x"),
            ("(l) x", "(l)", Letter, Some(12), None, "x"),
            ("(aa) x", "(aa)", Letter, Some(27), None, "x"),
            ("(cc) x", "(cc)", Letter, Some(29), None, "x"),
            ("(b) bis x", "(b) bis", Letter, Some(2), Some("bis"), "x"),
            ("(i) x", "(i)", Roman, Some(1), None, "x"),
            ("(iii) Support", "(iii)", Roman, Some(3), None, "Support"),
            ("(iv) x", "(iv)", Roman, Some(4), None, "x"),
            ("(xii) x", "(xii)", Roman, Some(12), None, "x"),
            ("(v) x", "(v)", Roman, Some(5), None, "x"),
            ("Article 4", "Article 4", Article, Some(4), None, ""),
            (
                "Article 4 (adaptation)",
                "Article 4",
                Article,
                Some(4),
                None,
                "(adaptation)",
            ),
            (
                "Article 2bis *(general)*",
                "Article 2bis",
                Article,
                Some(2),
                Some("bis"),
                "*(general)*",
            ),
            ("ARTICLE 12.", "ARTICLE 12.", Article, Some(12), None, ""),
            (
                "Pp1 Recalling",
                "Pp1",
                Preambular,
                Some(1),
                None,
                "Recalling",
            ),
            (
                "PP1 Recalling",
                "PP1",
                Preambular,
                Some(1),
                None,
                "Recalling",
            ),
            (
                "PP 12 bis Noting",
                "PP 12 bis",
                Preambular,
                Some(12),
                Some("bis"),
                "Noting",
            ),
            ("PP.3 x", "PP.3", Preambular, Some(3), None, "x"),
            ("Op 3 Decides", "Op 3", Operative, Some(3), None, "Decides"),
            ("OP3 Decides", "OP3", Operative, Some(3), None, "Decides"),
            ("OP3: Decides", "OP3:", Operative, Some(3), None, "Decides"),
            (
                "Alt Parties shall",
                "Alt",
                Alternative,
                None,
                None,
                "Parties shall",
            ),
            (
                "Alt 2 Parties",
                "Alt 2",
                Alternative,
                Some(2),
                None,
                "Parties",
            ),
            ("Alt. Parties", "Alt.", Alternative, None, None, "Parties"),
            (
                "Alt 2: Parties",
                "Alt 2:",
                Alternative,
                Some(2),
                None,
                "Parties",
            ),
            ("  12. indented", "12.", Number, Some(12), None, "indented"),
            (
                "II. Means of implementation",
                "II.",
                Roman,
                Some(2),
                None,
                "Means of implementation",
            ),
            ("I. Preamble", "I.", Roman, Some(1), None, "Preamble"),
            ("B. Mitigation", "B.", Letter, Some(2), None, "Mitigation"),
        ];
        for (input, raw, scheme, number, suffix, rest) in table {
            let (label, r) = parse_label(input).unwrap_or_else(|| panic!("no label in {input:?}"));
            assert_eq!(label.raw, *raw, "raw of {input:?}");
            assert_eq!(label.scheme, *scheme, "scheme of {input:?}");
            assert_eq!(label.number, *number, "number of {input:?}");
            assert_eq!(label.suffix.as_deref(), *suffix, "suffix of {input:?}");
            assert_eq!(r, *rest, "rest of {input:?}");
        }
    }

    #[test]
    fn not_labels() {
        for input in [
            "2015 was a year",
            "12.5tonnes",
            "(17xyz) text",
            "Alternatively, Parties",
            "Alternative 2",
            "Articles 4 and 5",
            "Article four",
            "(the) text",
            "(ab) text",
            "(a)text",
            "Options",
            "opium 3",
            "12 bistro",
            "",
            "(",
            "é) x",
            "(é) x",
            "[Article 3bis]",
            "IIII. x",
            "AB. x",
            "UN. x",
            "I.x",
        ] {
            assert!(parse_label(input).is_none(), "{input:?} read as a label");
        }
    }

    /// `suffix_at` and `pp_op_label` compare in place; the result is that of lowercasing
    /// first.
    #[test]
    fn suffixes_and_keywords_match_lowercased_comparison() {
        for (s, at) in [
            ("12 BIS.", 2),
            ("12 Quater", 2),
            ("12bis", 2),
            ("12 bist", 2),
            ("12 quat.", 2),
            ("12 b\u{e9}s", 2),
            ("12\u{a0}ter", 2),
            ("12 ", 2),
            ("12", 2),
            ("12 DuoDecies)", 2),
        ] {
            for allow in [false, true] {
                let after = &s[at..];
                let trimmed = after.trim_start_matches([' ', '\t', '\u{a0}']);
                let skipped = after.len() - trimmed.len();
                let want = if skipped == 0 && !allow {
                    None
                } else {
                    let len = trimmed
                        .char_indices()
                        .find(|(_, c)| !c.is_ascii_alphabetic())
                        .map_or(trimmed.len(), |(i, _)| i);
                    let word = trimmed[..len].to_ascii_lowercase();
                    SUFFIXES
                        .contains(&word.as_str())
                        .then(|| (word, at + skipped + len))
                };
                let got = suffix_at(s, at, allow).map(|(w, e)| (w.to_string(), e));
                assert_eq!(got, want, "{s:?}");
            }
        }
        for (s, scheme) in [
            ("PP1 x", Some(LabelScheme::Preambular)),
            ("pP 2 x", Some(LabelScheme::Preambular)),
            ("Op.3 x", Some(LabelScheme::Operative)),
            ("oP 3 x", Some(LabelScheme::Operative)),
            ("Pq 3 x", None),
            ("\u{e9}p 3", None),
            ("P", None),
        ] {
            assert_eq!(pp_op_label(s).map(|(l, _)| l.scheme), scheme, "{s:?}");
        }
    }

    /// Strings of up to four pieces from a set of label-like bits and whitespace.
    fn label_inputs() -> Vec<String> {
        let pieces = [
            "", " ", "\t", "\u{a0}", "\u{2003}", "1", "12", "(", ")", ".", "a", "i", "I", "B",
            "bis", "Article", "PP", "Op", "Alt", "x", "\u{e9}", ":", "\n",
        ];
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = last
                .iter()
                .flat_map(|p| pieces.iter().map(move |a| format!("{p}{a}")))
                .collect();
            all.extend(next.iter().cloned());
            last = next;
        }
        all
    }

    /// `scan_label` tries only the readers that can match the first byte; every reader in
    /// turn gives the same.
    #[test]
    fn first_byte_dispatch_matches_every_reader() {
        for s in label_inputs() {
            let t = s.trim_start();
            let every = number_label(t)
                .or_else(|| paren_label(t))
                .or_else(|| article_label(t))
                .or_else(|| pp_op_label(t))
                .or_else(|| alt_label(t))
                .or_else(|| section_label(t))
                .map(|(l, len)| (l, t[len..].trim_start()));
            assert_eq!(scan_label(&s), every, "{s:?}");
        }
    }

    #[test]
    fn byte_trims_match_unicode_trims() {
        for s in label_inputs() {
            assert_eq!(trim_fast(&s), s.trim(), "{s:?}");
            assert_eq!(trim_start_fast(&s), s.trim_start(), "{s:?}");
            assert_eq!(trim_end_fast(&s), s.trim_end(), "{s:?}");
            for at in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                let want = s[at..].chars().next().is_none_or(char::is_whitespace);
                assert_eq!(boundary(&s, at), want, "{s:?} {at}");
            }
        }
    }

    /// `disambiguate` compares the label's letters in place; the result is that of
    /// collecting them lowercased first.
    #[test]
    fn letters_compared_in_place() {
        let h = parse_label("(h) x").map(|(l, _)| l);
        for raw in [
            "(i)",
            "(I)",
            "i)",
            "(ii)",
            "(i bis)",
            "(v)",
            "(x)",
            "(X)",
            "(\u{e9}i)",
        ] {
            let label = Label {
                raw: raw.to_string(),
                scheme: LabelScheme::Roman,
                number: Some(1),
                suffix: None,
            };
            let core: String = raw.chars().filter(char::is_ascii_alphabetic).collect();
            let letter = matches!(core.to_ascii_lowercase().as_str(), "i");
            let got = disambiguate(label, h.as_ref());
            assert_eq!(got.scheme == LabelScheme::Letter, letter, "{raw:?}");
        }
    }

    #[test]
    fn roman_after_h_is_a_letter() {
        let h = parse_label("(h) x").unwrap().0;
        let i = parse_label("(i) y").unwrap().0;
        let i_letter = disambiguate(i.clone(), Some(&h));
        assert_eq!(i_letter.scheme, LabelScheme::Letter);
        assert_eq!(i_letter.number, Some(9));
        // After (a), or at the start, (i) stays roman.
        let a = parse_label("(a) x").unwrap().0;
        assert_eq!(disambiguate(i.clone(), Some(&a)).scheme, LabelScheme::Roman);
        assert_eq!(disambiguate(i, None).scheme, LabelScheme::Roman);
        // (v) after (iv) stays roman; (v) after (u) is a letter.
        let iv = parse_label("(iv) x").unwrap().0;
        let v = parse_label("(v) x").unwrap().0;
        assert_eq!(
            disambiguate(v.clone(), Some(&iv)).scheme,
            LabelScheme::Roman
        );
        let u = parse_label("(u) x").unwrap().0;
        assert_eq!(disambiguate(v, Some(&u)).number, Some(22));
    }
}
