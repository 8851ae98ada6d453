//! `zerodraft check`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft check`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft check`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft check` is not implemented yet".into(),
    ))
}
