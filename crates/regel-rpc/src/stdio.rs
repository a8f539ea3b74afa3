//! `regel serve` on the process's own standard input and output: the answers written to file
//! descriptor 1 through a buffer of their own rather than the standard library's line
//! buffer, which searches every piece written for a newline (all 9.7 MB of a batch's answer).
//! On Linux the pipes the server is given are widened to [`WIDE_PIPE`]: a batch's 13 MB line
//! and 9.7 MB answer then pass in 1 MiB pieces instead of 64 KiB ones, and the server and
//! its client each wait on a full or empty pipe 16 times less often. Measured at load 7–10
//! (sessions 10 and 12) that was no faster; on a quiet machine (session 15) it took the
//! median batch from 31–35 to 24–27 ms (BENCHMARKS.md, "Session 15: the server's pipes").

use std::io::BufWriter;
use std::os::fd::AsFd;

use crate::{Server, serve};

/// The buffer of the answers: a short answer is one write with its newline; a piece as
/// large (a batch's results) is written straight from where it lies.
const ANSWER_BUFFER: usize = 64 * 1024;

/// What the server asks its pipes to hold: Linux's most without privileges
/// (`/proc/sys/fs/pipe-max-size`). The pipe's pages are the kernel's, not the server's
/// resident memory.
#[cfg(target_os = "linux")]
const WIDE_PIPE: usize = 1 << 20;

/// Serves requests from standard input to standard output (`regel serve`), as [`serve`]
/// does. The standard output stays locked throughout, so nothing else written there can
/// come between the pieces of an answer.
pub fn serve_stdio(server: &mut Server) -> std::io::Result<()> {
    let input = std::io::stdin().lock();
    let output = std::io::stdout().lock();
    widen(&input);
    widen(&output);
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

/// Widens `fd` to [`WIDE_PIPE`] when it is a pipe holding less. Anything else (a file, a
/// terminal, a closed descriptor) and a refusal (a user past `pipe-user-pages-soft`) leave
/// it as it is: only the speed depends on it.
#[cfg(target_os = "linux")]
fn widen(fd: &impl AsFd) {
    if rustix::pipe::fcntl_getpipe_size(fd).is_ok_and(|size| size < WIDE_PIPE) {
        let _unchanged = rustix::pipe::fcntl_setpipe_size(fd, WIDE_PIPE);
    }
}

#[cfg(not(target_os = "linux"))]
fn widen(_fd: &impl AsFd) {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use rustix::pipe::{fcntl_getpipe_size, fcntl_setpipe_size, pipe};

    #[test]
    fn a_pipe_is_widened_and_a_wider_one_or_a_file_is_left_as_it_is() {
        let (reader, writer) = pipe().unwrap();
        widen(&reader);
        assert_eq!(fcntl_getpipe_size(&writer).unwrap(), WIDE_PIPE);
        // Wider than a user may ask for is only for root: then it is not narrowed.
        if fcntl_setpipe_size(&writer, 2 * WIDE_PIPE).is_ok() {
            widen(&writer);
            assert_eq!(fcntl_getpipe_size(&reader).unwrap(), 2 * WIDE_PIPE);
        }
        let file = std::fs::File::open("Cargo.toml").unwrap();
        widen(&file);
        assert!(fcntl_getpipe_size(&file).is_err());
    }
}
