//! `zerodraft cards`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft cards`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft cards`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft cards` is not implemented yet".into(),
    ))
}
