//! Reading Word documents (DOCX) into blocks.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::diff::Revision;
use crate::Error;

/// Reads a DOCX revision named `name` from its bytes.
///
/// # Errors
/// [`Error::Diagnostics`] (`diff-unreadable-docx`) when the bytes are not a Word document.
pub fn read_docx(name: &str, bytes: &[u8]) -> Result<Revision, Error> {
    read_docx_at(Path::new(name), name, bytes)
}

/// [`read_docx`] with diagnostics located at `path`.
pub(crate) fn read_docx_at(path: &Path, _name: &str, _bytes: &[u8]) -> Result<Revision, Error> {
    Err(Error::Diagnostics(vec![Diagnostic::error(
        "diff-unreadable-docx",
        "reading DOCX revisions is not available yet",
    )
    .at(Location::in_file(path, 0, 0))]))
}
