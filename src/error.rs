//! Failures of the program, as opposed to problems in the user's data (see
//! [`crate::diagnostic`]). Both map to exit status 2 in `main`.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// What can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be used; every problem found is listed.
    #[error("{} problem(s) in the input", .0.len())]
    Diagnostics(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Writing to standard output or error failed (a closed pipe is not reported).
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
    /// Anything else, with a message that says what to do.
    #[error("{0}")]
    Other(String),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
