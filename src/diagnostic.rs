//! Diagnostics: problems in the user's data (bad TOML, duplicate id, card placed nowhere).
//!
//! A [`Diagnostic`] is data, not an error: commands collect every diagnostic they find and
//! return them all at once, so that a drafter fixes the whole list in one pass. They are
//! printed cargo-style (`file:line:col`, the source line, a caret, a hint) by
//! [`render_text`], as JSON through serde, or as GitHub workflow commands by
//! [`render_github`].
//!
//! Failures of the program itself (I/O, a zip write) are [`crate::Error`], not diagnostics.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// How bad a diagnostic is. `Error` makes `check` exit 1 (findings) or, for unusable input,
/// makes loading fail (exit 2); `Warning` is reported but does not change the exit status
/// unless the user asks for warnings to be errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed.
    Error,
    /// Worth a look; does not fail a run by default.
    Warning,
}

/// Where a diagnostic points: a file, a 1-based line and column (in characters), and the
/// byte span in the file's text used to draw the caret.
#[derive(Debug, Clone, Serialize)]
pub struct Location {
    /// Path as given by the user (relative paths stay relative, for stable output).
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub col: usize,
    /// Byte range in the source text (may be empty: the caret then marks one position).
    #[serde(skip)]
    pub span: Range<usize>,
    /// The whole source text, shared between the diagnostics of one file, when available.
    #[serde(skip)]
    pub source: Option<Arc<str>>,
}

impl Location {
    /// A location for the byte range `span` of `source`, read from `file`.
    /// Line and column are computed from the span start (clamped to the text).
    pub fn from_span(file: impl Into<PathBuf>, source: Arc<str>, span: Range<usize>) -> Self {
        let start = span.start.min(source.len());
        let start = floor_char_boundary(&source, start);
        let end = floor_char_boundary(&source, span.end.clamp(start, source.len()));
        let (line, col) = line_col_indexed(&source, start);
        Location {
            file: file.into(),
            line,
            col,
            span: start..end,
            source: Some(source),
        }
    }

    /// A location known only by file (and optionally line/column), without source text.
    pub fn in_file(file: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            file: file.into(),
            line,
            col,
            span: 0..0,
            source: None,
        }
    }
}

/// One problem in the user's data.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `toml-syntax`, `unknown-key`, `unplaced-card`.
    /// Documented in ARCHITECTURE.md; tools may match on it.
    pub code: &'static str,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where, when the problem has a place in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with a code and message, no location or hint yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    /// A warning with a code and message, no location or hint yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets the location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The closest of `candidates` to `given` by Jaro-Winkler similarity (strsim), when at least
/// 0.8 — close enough to be a misspelling; ties go to the earlier candidate. Used for every
/// "did you mean" hint (keys, ids, values).
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(given, c);
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// The `unknown-key` error for key `key` of the table called `table` (e.g. "`[list]`"), with
/// a hint naming the closest allowed key and listing all of them. Location not set.
pub fn unknown_key(key: &str, table: &str, allowed: &[&str]) -> Diagnostic {
    let listed = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = match did_you_mean(key, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? The keys of {table} are {listed}"),
        None => format!("remove the key; the keys of {table} are {listed}"),
    };
    Diagnostic::error("unknown-key", format!("unknown key `{key}` in {table}")).with_hint(hint)
}

/// 1-based (line, column) of byte offset `offset` in `text`; the column counts chars.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// [`line_col`] for a shared source text, with the text's line starts kept between calls
/// (one text per thread), so that locating every card of a 10,000-card file is linear in
/// the file's size instead of quadratic.
fn line_col_indexed(source: &Arc<str>, offset: usize) -> (usize, usize) {
    use std::cell::RefCell;
    thread_local! {
        static INDEX: RefCell<Option<(Arc<str>, Vec<usize>)>> = const { RefCell::new(None) };
    }
    INDEX.with(|cell| {
        let mut cache = cell.borrow_mut();
        let fresh = !matches!(&*cache, Some((text, _)) if Arc::ptr_eq(text, source));
        if fresh {
            let starts = std::iter::once(0)
                .chain(source.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            *cache = Some((source.clone(), starts));
        }
        let Some((_, starts)) = cache.as_ref() else {
            return line_col(source, offset);
        };
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let col = source[line_start..offset].chars().count() + 1;
        (line, col)
    })
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders diagnostics for a terminal, cargo-style: `error[code]: message`, then
/// `--> file:line:col`, the source line with a caret under the span, and `= hint: …`.
/// Plain text (no colour), one blank line between diagnostics.
pub fn render_text(diagnostics: &[Diagnostic]) -> String {
    use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::{self, Config};

    let config = Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(&d.message);
        if let Some(hint) = &d.hint {
            cs = cs.with_notes(vec![format!("hint: {hint}")]);
        }
        match &d.location {
            Some(
                loc @ Location {
                    source: Some(src), ..
                },
            ) => {
                let name = loc.file.display().to_string();
                let file = SimpleFile::new(name, src.as_ref());
                cs = cs.with_labels(vec![Label::primary((), loc.span.clone())]);
                if term::emit_to_string(&mut out, &config, &file, &cs).is_err() {
                    fallback(&mut out, d);
                    out.push('\n');
                }
            }
            _ => {
                fallback(&mut out, d);
                out.push('\n');
            }
        }
    }
    // A quoted source line may hold control characters (a NUL, an escape sequence): they
    // are shown, never sent to the terminal.
    crate::xml_text::visible_controls(&out).into_owned()
}

/// Diagnostics without source text: `error[code]: message`, `  --> file:line:col`, hint.
fn fallback(out: &mut String, d: &Diagnostic) {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{sev}[{}]: {}", d.code, d.message);
    if let Some(loc) = &d.location {
        let _ = writeln!(out, "  --> {}", display_location(loc));
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "  = hint: {hint}");
    }
}

/// `file:line:col` (or `file` alone when the line is unknown, i.e. 0).
pub fn display_location(loc: &Location) -> String {
    if loc.line == 0 {
        loc.file.display().to_string()
    } else {
        format!("{}:{}:{}", loc.file.display(), loc.line, loc.col)
    }
}

/// Renders diagnostics as GitHub Actions workflow commands, one per line:
/// `::error file=F,line=L,col=C,title=CODE::message (hint)`.
/// Data is escaped as GitHub documents (`%`, `\r`, `\n`, and in properties `:` and `,`).
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(loc) = &d.location {
            props.push(format!(
                "file={}",
                escape_property(&loc.file.display().to_string())
            ));
            if loc.line > 0 {
                props.push(format!("line={}", loc.line));
                props.push(format!("col={}", loc.col));
            }
        }
        props.push(format!("title={}", escape_property(d.code)));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str(" — hint: ");
            message.push_str(hint);
        }
        let _ = writeln!(
            out,
            "::{level} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Converts a `toml` deserialisation error into a located diagnostic for `file`.
/// The code is `unknown-key` when serde reports an unknown field, `toml-syntax` otherwise.
pub fn from_toml_error(file: &Path, source: &Arc<str>, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim().to_string();
    let (code, hint) = if message.starts_with("unknown field") {
        (
            "unknown-key",
            "remove the key or correct its spelling; the expected keys are listed above",
        )
    } else if message.starts_with("missing field") {
        ("missing-key", "add the key named above")
    } else {
        (
            "toml-syntax",
            "fix the TOML at the marked position (see https://toml.io)",
        )
    };
    let mut d = Diagnostic::error(code, message).with_hint(hint);
    let span = err.span().unwrap_or(0..0);
    d.location = Some(Location::from_span(file, source.clone(), span));
    d
}

#[cfg(test)]
mod tests {

    #[test]
    fn quoted_source_lines_show_control_characters() {
        let src: Arc<str> = Arc::from("1. Parties\u{1b}[8m shall act.\n");
        let d =
            Diagnostic::error("diff-test", "a message").at(Location::from_span("a.md", src, 3..10));
        let out = render_text(&[d]);
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("Parties\u{241b}[8m shall act."), "{out}");
    }

    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let text = "a = 1\né = \"x\" z\n";
        let offset = text.find('z').unwrap();
        assert_eq!(line_col(text, offset), (2, 9));
    }

    #[test]
    fn indexed_line_col_agrees_with_plain_scan() {
        let text: Arc<str> = Arc::from("ab\n\néé = 1\nlast");
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                line_col_indexed(&text, offset),
                line_col(&text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let d = Diagnostic::error("unplaced-card", "card a,b: 100%\nnext").at(Location::in_file(
            "recs/a:b.toml",
            3,
            7,
        ));
        assert_eq!(
            render_github(&[d]),
            "::error file=recs/a%3Ab.toml,line=3,col=7,title=unplaced-card::card a,b: 100%25%0Anext\n"
        );
    }

    #[test]
    fn text_rendering_shows_location_source_and_hint() {
        let src: Arc<str> = Arc::from("id = \"x\"\ntxet = \"hello\"\n");
        let d = Diagnostic::error("unknown-key", "unknown field `txet`")
            .at(Location::from_span("cards.toml", src, 9..13))
            .with_hint("did you mean `text`?");
        let out = render_text(&[d]);
        assert!(
            out.starts_with("error[unknown-key]: unknown field `txet`\n"),
            "{out}"
        );
        assert!(out.contains("cards.toml:2:1"), "{out}");
        assert!(out.contains("txet = \"hello\""), "{out}");
        assert!(out.contains("^^^^"), "{out}");
        assert!(out.contains("hint: did you mean `text`?"), "{out}");
    }
}
