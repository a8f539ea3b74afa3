//! `regel serve` on the process's own standard input and output: the answers written to file
//! descriptor 1 through a buffer of their own rather than the standard library's line
//! buffer, which searches every piece written for a newline (all 9.7 MB of a batch's answer).
//! The pipes are left as the kernel made them: widened to 1 MiB (`F_SETPIPE_SZ`) they were
//! measured no faster in session 10 and slower in session 12, though with fewer system calls
//! and context switches (BENCHMARKS.md, "Session 12: decide.batch over stdio, the CPU time
//! around the work").

use std::io::BufWriter;
use std::os::fd::AsFd;

use crate::{Server, serve};

/// The buffer of the answers: a short answer is one write with its newline; a piece as
/// large (a batch's results) is written straight from where it lies.
const ANSWER_BUFFER: usize = 64 * 1024;

/// Serves requests from standard input to standard output (`regel serve`), as [`serve`]
/// does. The standard output stays locked throughout, so nothing else written there can
/// come between the pieces of an answer.
pub fn serve_stdio(server: &mut Server) -> std::io::Result<()> {
    let input = std::io::stdin().lock();
    let output = std::io::stdout().lock();
    match output.as_fd().try_clone_to_owned() {
        Ok(fd) => {
            let file = std::fs::File::from(fd);
            serve(server, input, BufWriter::with_capacity(ANSWER_BUFFER, file))
        }
        // No descriptor to copy (standard output closed): the standard library's way,
        // which treats a closed standard output as one that takes everything.
        Err(_) => serve(server, input, output),
    }
}
