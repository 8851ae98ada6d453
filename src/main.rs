//! The `zerodraft` binary: parses arguments, runs the library, maps the outcome to an exit
//! status (0 ok, 1 findings, 2 usage or input errors).

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use zerodraft::{cli, diagnostic, Error};

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // A closed pipe while flushing keeps the command's status: `zerodraft diff a b | head -1`
    // still exits 1 when the revisions differ (diff(1) semantics).
    let result = cli::run(args, &mut out).and_then(|status| match out.flush() {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(status),
    });
    match result {
        Ok(status) => ExitCode::from(status.code()),
        // A closed pipe (`zerodraft cards | head`) is not an error (as ripgrep does it).
        Err(Error::Output(e)) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Error::Diagnostics(diagnostics)) => {
            cli::to_stderr(&diagnostic::render_text(&diagnostics));
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            cli::to_stderr(&format!(
                "error: {errors} problem(s) found; nothing was written\n"
            ));
            ExitCode::from(2)
        }
        Err(e) => {
            cli::to_stderr(&format!("error: {e}\n"));
            ExitCode::from(2)
        }
    }
}
