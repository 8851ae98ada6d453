//! `zerodraft build`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft build`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft build`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft build` is not implemented yet".into(),
    ))
}
