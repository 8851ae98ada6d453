//! Reading revisions into blocks.
//!
//! A revision arrives as zerodraft's own Markdown output (with `<!-- cards: … -->` anchors),
//! hand-written Markdown, plain text (often extracted from a PDF, with hard wraps,
//! hyphenation, page headers and footers) or DOCX. Each is read into a [`Revision`]: a
//! list of [`crate::diff::Block`]s — heading, paragraph, sub-paragraph — with the numbering
//! [`crate::diff::Label`] kept apart from the text, so that alignment can compare texts
//! while renumbering is reported once.
//!
//! - [`labels`]: the label forms (`12 bis.`, `(iii)`, `Article 4`, `PP1`, `Alt 2`, …) and
//!   the roman-or-letter rule;
//! - [`text`]: Markdown and plain/PDF text;
//! - [`html`]: HTML (zerodraft's own, with `data-cards` anchors, or a saved web page);
//! - [`docx`]: Word documents, tracked changes accepted first.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Location};
use crate::diff::Revision;
use crate::Error;

pub mod docx;
pub mod html;
pub mod labels;
pub mod text;

pub use docx::read_docx;
pub use html::read_html;
pub use labels::parse_label;
pub use text::read_text;

/// Reads the revision in the file at `path`. The format is chosen by extension and
/// content: `.docx` (any case), or any file starting with a zip signature (`PK\x03\x04`),
/// is read as DOCX ([`read_docx`]); `.html`/`.htm`/`.xhtml`, or text starting with
/// `<!doctype html` or `<html`, as HTML ([`read_html`]); anything else as Markdown/plain
/// text ([`read_text`]).
/// [`Revision::name`] is the file stem (`rev1` for `drafts/rev1.md`). The path `-` reads
/// standard input (named `stdin`; read as DOCX when it starts with the zip signature).
///
/// # Errors
/// [`Error::Diagnostics`] (located at the file, and at line:col where there is one), so
/// that the problems of several revisions can be reported together: a file that cannot be
/// read (`diff-unreadable-file`: missing, a folder, no permission), a DOCX that is not a
/// valid Word document (`diff-unreadable-docx`), a PDF (`diff-pdf-input`: its text must be
/// extracted first), text that is not UTF-8 (`diff-not-utf8`), or a binary file given as
/// text (`diff-binary-input`).
pub fn read_path(path: &Path) -> Result<Revision, Error> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| unreadable_file(path, &e))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| unreadable_file(path, &e))?
    };
    let name = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    };
    let is_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
        || bytes.starts_with(b"PK\x03\x04");
    if is_docx {
        return docx::read_docx_at(path, &name, &bytes);
    }
    let text = decode_text(path, &bytes)?;
    let is_html = path.extension().is_some_and(|e| {
        ["html", "htm", "xhtml"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    }) || html::looks_like_html(text);
    if is_html {
        return Ok(read_html(&name, text));
    }
    Ok(read_text(&name, text))
}

/// `diff-unreadable-file`: the operating system's reason, and what to do about it.
fn unreadable_file(path: &Path, e: &std::io::Error) -> Error {
    use std::io::ErrorKind;
    let hint = match e.kind() {
        ErrorKind::NotFound => "check the path and the file name",
        ErrorKind::IsADirectory => "give a file, not a folder",
        ErrorKind::PermissionDenied => "check the file's permissions",
        _ => "check that the file exists and can be read",
    };
    Error::Diagnostics(vec![Diagnostic::error(
        "diff-unreadable-file",
        format!("cannot read this revision: {e}"),
    )
    .at(Location::in_file(path, 0, 0))
    .with_hint(hint)])
}

/// Reads two revisions with [`read_path`], the second on a pool worker ([`crate::parallel::join`]) (reading is
/// independent per file, so the results are those of reading one after the other).
///
/// # Errors
/// Each result as [`read_path`]'s.
pub fn read_paths(old: &Path, new: &Path) -> (Result<Revision, Error>, Result<Revision, Error>) {
    let (second, first) = crate::parallel::join(|| read_path(new), || read_path(old));
    (first, second)
}

/// Bytes looked at from the start of a file that is not UTF-8 for a NUL byte, the sign of
/// binary data (as `grep` and `git` decide that a file is binary).
const BINARY_SNIFF: usize = 8000;

/// `Some(big_endian)` when `bytes` look like UTF-16 text without a byte-order mark: in its
/// first 512 bytes (at least 16), nine in ten bytes at odd offsets are zero and fewer than
/// one in ten at even offsets (little-endian: mostly ASCII text), or the other way round.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 16 {
        return None;
    }
    let half = head.len() / 2;
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= half * 9 && even * 10 < half {
        Some(false)
    } else if even * 10 >= half * 9 && odd * 10 < half {
        Some(true)
    } else {
        None
    }
}

/// The bytes of a text file as UTF-8 (a leading byte-order mark is allowed), or a located
/// diagnostic.
fn decode_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Error> {
    if bytes.starts_with(b"%PDF-") {
        return Err(Error::Diagnostics(vec![Diagnostic::error(
            "diff-pdf-input",
            "this is a PDF; revisions are read from its text",
        )
        .at(Location::in_file(path, 1, 1))
        .with_hint(
            "extract the text first, e.g. `pdftotext file.pdf file.txt`, and compare the .txt: \
             page headers, footers, page numbers and hyphenation are undone when reading",
        )]));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Error::Diagnostics(vec![Diagnostic::error(
            "diff-not-utf8",
            "the file is UTF-16 text; revisions are read as UTF-8",
        )
        .at(Location::in_file(path, 1, 1))
        .with_hint(
            "save the file as UTF-8 (in Word: Save As → Plain Text → Unicode (UTF-8)), e.g. \
             `iconv -f UTF-16 -t UTF-8 file.txt > file-utf8.txt`",
        )]));
    }
    if let Some(big_endian) = utf16_without_bom(bytes) {
        return Err(Error::Diagnostics(vec![Diagnostic::error(
            "diff-not-utf8",
            format!(
                "the file looks like UTF-16{} text without a byte-order mark (every other \
                 byte is zero); revisions are read as UTF-8",
                if big_endian { "BE" } else { "LE" }
            ),
        )
        .at(Location::in_file(path, 1, 1))
        .with_hint(format!(
            "save the file as UTF-8 (in Word: Save As → Plain Text → Unicode (UTF-8)), e.g. \
             `iconv -f UTF-16{} -t UTF-8 file.txt > file-utf8.txt`",
            if big_endian { "BE" } else { "LE" }
        ))]));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            // Looked for in bulk first: most texts have none.
            let nul = text::contains_byte(bytes, 0)
                .then(|| text.find('\0'))
                .flatten();
            if let Some(nul) = nul {
                let src: Arc<str> = Arc::from(text);
                return Err(Error::Diagnostics(vec![Diagnostic::error(
                    "diff-binary-input",
                    "the file holds binary data (a NUL byte), not text",
                )
                .at(Location::from_span(path, src, nul..nul))
                .with_hint(
                    "give a Markdown, plain-text or .docx file; extract the text of a PDF first \
                     (e.g. `pdftotext file.pdf`)",
                )]));
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.valid_up_to();
            // A NUL byte before the first undecodable one, or near the start: a binary file
            // (a program, an image, a spreadsheet), not text in another encoding.
            let head = &bytes[..bytes.len().min(valid.max(BINARY_SNIFF))];
            if let Some(nul) = head.iter().position(|&b| b == 0) {
                let shown = std::str::from_utf8(&bytes[..nul.min(valid)]).unwrap_or_default();
                let (line, col) = crate::diagnostic::line_col(shown, shown.len());
                return Err(Error::Diagnostics(vec![Diagnostic::error(
                    "diff-binary-input",
                    format!("the file holds binary data (a NUL byte at byte {nul}), not text"),
                )
                .at(Location::in_file(path, line, col))
                .with_hint(
                    "give a Markdown, plain-text or .docx file; extract the text of a PDF \
                     first (e.g. `pdftotext file.pdf`)",
                )]));
            }
            // The valid prefix locates the bad byte; the source shown is that prefix.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (line, col) = crate::diagnostic::line_col(prefix, prefix.len());
            Err(Error::Diagnostics(vec![Diagnostic::error(
                "diff-not-utf8",
                format!("the file is not valid UTF-8 (byte {valid} cannot be decoded)"),
            )
            .at(Location::in_file(path, line, col))
            .with_hint(
                "save the file as UTF-8, or give the .docx instead",
            )]))
        }
    }
}
