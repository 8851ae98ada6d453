//! Import of recommendation cards from their sources, and loading of card files.
//!
//! Two directions meet here:
//! - [`summary`] parses a chair's summary (plain text extracted from a PDF) into
//!   [`summary::CardList`]s, one per source list, which [`file::write_card_file`] turns
//!   into TOML card files (`zerodraft import summary`); [`reimport::plan`] merges them
//!   with the files already in the output folder, keeping drafters' hand-added fields;
//! - [`load_cards`] reads the card files back, as edited by drafters, into
//!   [`crate::model::Card`]s for the later stages, reporting every problem at once.
//!
//! The card file format is documented in [`mod@file`].

pub mod file;
pub mod load;
pub mod reimport;
pub mod summary;

use std::path::Path;

pub use load::{load_cards, parse_card_file, read_cards, CardsRead, LoadedFile, DECISIONS_FILE};

use crate::diagnostic::{Diagnostic, Location};

use file::{file_name, generated_header, CardFile};
use reimport::Generated;
use summary::{ParsedSummary, SummaryOptions};

/// The card files of a parsed summary, before merging with the output folder
/// ([`reimport::plan`]): `out/NN-key.toml` in source order. `source_name` is named in each
/// file's header.
pub fn card_files(parsed: &ParsedSummary, out: &Path, source_name: &str) -> Vec<Generated> {
    let count = parsed.lists.len();
    parsed
        .lists
        .iter()
        .enumerate()
        .map(|(i, list)| Generated {
            path: out.join(file_name(i, count, &list.key)),
            file: CardFile::from_list(list),
            header: generated_header(list, source_name),
        })
        .collect()
}

/// Parses a chair's summary and returns the parse and its card files (see [`card_files`]).
///
/// # Errors
/// The parser's diagnostics ([`summary::parse_summary`]).
pub fn import_summary(
    text: &str,
    options: &SummaryOptions,
    out: &Path,
) -> Result<(ParsedSummary, Vec<Generated>), Vec<Diagnostic>> {
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
