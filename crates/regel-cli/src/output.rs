//! Every byte the CLI writes goes through here, so that a write error is handled one way.
//!
//! A reader that stopped early (`regel test | head -1`) closes the pipe: the command ends at
//! once, quietly, with exit 141 as a Unix tool killed by `SIGPIPE` does (Rust ignores the
//! signal, so without this the write fails and `outln!` panics). Any other write error (a
//! full disk, `> /dev/full`) is said on standard error and ends the command with exit 2.
//! `clippy.toml` of this crate disallows `out!`, `outln!`, `err!` and `errln!`, so
//! output cannot bypass this module.

use std::io::{ErrorKind, Write};

/// The exit code of a command whose reader closed standard output (128 + `SIGPIPE`).
pub(crate) const PIPE_CLOSED: i32 = 141;

/// Standard output, like `out!`.
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*)) };
}

/// Standard output, like `outln!`.
macro_rules! outln {
    () => { $crate::output::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Standard error, like `err!`.
macro_rules! err {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!($($arg)*)) };
}

/// Standard error, like `errln!`.
macro_rules! errln {
    () => { $crate::output::stderr(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Writes to standard output and flushes; ends the process on a write error.
pub(crate) fn stdout(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        drop(out);
        failed("standard output", &e);
    }
}

/// Writes raw bytes to standard output (a generated module, a report), as `stdout` does.
pub(crate) fn stdout_bytes(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        drop(out);
        failed("standard output", &e);
    }
}

/// Writes to standard error; ends the process on a write error.
pub(crate) fn stderr(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    if let Err(e) = err.write_fmt(args).and_then(|()| err.flush()) {
        drop(err);
        failed("standard error", &e);
    }
}

/// What a write error means: a closed pipe ends quietly, anything else with a message.
fn failed(stream: &str, e: &std::io::Error) -> ! {
    std::process::exit(exit_code(stream, e))
}

fn exit_code(stream: &str, e: &std::io::Error) -> i32 {
    if e.kind() == ErrorKind::BrokenPipe {
        return PIPE_CLOSED;
    }
    if stream != "standard error" {
        // Standard error may still work; if it does not, there is no one left to tell.
        let _ = writeln!(std::io::stderr(), "error: cannot write to {stream}: {e}");
    }
    i32::from(crate::USAGE)
}
