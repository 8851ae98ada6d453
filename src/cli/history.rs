//! `zerodraft history`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft history`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft history`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft history` is not implemented yet".into(),
    ))
}
