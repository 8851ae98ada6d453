//! `zerodraft import`.

use std::io::Write;

use crate::{Error, Result, Status};

/// Arguments of `zerodraft import`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `zerodraft import`.
///
/// # Errors
/// Not implemented yet.
pub fn run(_args: &Args, _out: &mut dyn Write) -> Result<Status> {
    Err(Error::Other(
        "`zerodraft import` is not implemented yet".into(),
    ))
}
