//! `zerodraft dedup`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft dedup`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft dedup`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft dedup` is not implemented yet".into(),
    ))
}
