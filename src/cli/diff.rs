//! `zerodraft diff`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft diff`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft diff`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft diff` is not implemented yet".into(),
    ))
}
