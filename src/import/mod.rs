//! Import of recommendation cards from their sources, and loading of card files.
//!
//! Two directions meet here:
//! - [`summary`] parses a chair's summary (plain text extracted from a PDF) into
//!   [`summary::CardList`]s, one per source list, which [`file::write_card_file`] turns
//!   into TOML card files (`zerodraft import summary`);
//! - [`load_cards`] reads the card files back, as edited by drafters, into
//!   [`crate::model::Card`]s for the later stages, reporting every problem at once.
//!
//! The card file format is documented in [`mod@file`].

pub mod file;
pub mod load;
pub mod summary;

use std::path::{Path, PathBuf};

pub use load::{load_cards, parse_card_file, LoadedFile, DECISIONS_FILE};

use crate::diagnostic::{Diagnostic, Location};

/// Files to write, as `(path, contents)` pairs for [`crate::atomic::write_all`].
pub type FileSet = Vec<(PathBuf, Vec<u8>)>;
use file::{file_name, generated_header, write_card_file, CardFile};
use summary::{ParsedSummary, SummaryOptions};

/// The card files for a parsed summary: `(out/NN-key.toml, contents)` in source order,
/// ready for [`crate::atomic::write_all`]. `source_name` is named in each file's header.
pub fn card_files(
    parsed: &ParsedSummary,
    out: &Path,
    source_name: &str,
) -> Vec<(PathBuf, Vec<u8>)> {
    let count = parsed.lists.len();
    parsed
        .lists
        .iter()
        .enumerate()
        .map(|(i, list)| {
            let text = write_card_file(
                &CardFile::from_list(list),
                &generated_header(list, source_name),
            );
            (out.join(file_name(i, count, &list.key)), text.into_bytes())
        })
        .collect()
}

/// Reads a chair's summary and returns its card files (see [`card_files`]) and the parse.
///
/// # Errors
/// The parser's diagnostics ([`summary::parse_summary`]).
pub fn import_summary(
    text: &str,
    options: &SummaryOptions,
    out: &Path,
) -> Result<(ParsedSummary, FileSet), Vec<Diagnostic>> {
    let parsed = summary::parse_summary(text, options)?;
    let name = options
        .source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the summary".into());
    let files = card_files(&parsed, out, &name);
    Ok((parsed, files))
}

/// `bytes`, read from `path`, as UTF-8 text; a leading byte-order mark is kept (the card
/// loader and the summary parser both accept it).
///
/// # Errors
/// One `unreadable-file` diagnostic: for UTF-16 text (a UTF-16 byte-order mark) at 1:1; for
/// other invalid UTF-8 at the line and column of the first byte that cannot be decoded
/// (counted in the valid text before it, whose last line is shown with a caret after it),
/// with the message naming that byte's offset. `hint` says how to fix it.
pub fn decode_utf8(path: &Path, bytes: Vec<u8>, hint: &str) -> Result<String, Vec<Diagnostic>> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(vec![Diagnostic::error(
            "unreadable-file",
            "the file is UTF-16 text, not UTF-8",
        )
        .at(Location::in_file(path, 1, 1))
        .with_hint(hint)]);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let byte = bytes.get(valid).copied().unwrap_or_default();
        // The valid prefix locates the bad byte: the caret goes right after it.
        let prefix = std::str::from_utf8(bytes.get(..valid).unwrap_or_default()).unwrap_or_default();
        let source: std::sync::Arc<str> = std::sync::Arc::from(prefix);
        vec![Diagnostic::error(
            "unreadable-file",
            format!("the file is not valid UTF-8 (byte 0x{byte:02X} at offset {valid} cannot be decoded)"),
        )
        .at(Location::from_span(path, source, valid..valid))
        .with_hint(hint)]
    })
}
