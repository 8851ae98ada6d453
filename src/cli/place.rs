//! `zerodraft place`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft place`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft place`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft place` is not implemented yet".into(),
    ))
}
