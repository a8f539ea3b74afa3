//! `regel serve` on the process's own standard input and output: its pipes widened, and the
//! answers written to file descriptor 1 through a buffer of their own rather than the
//! standard library's line buffer, which searches every piece written for a newline (all
//! 9.7 MB of a batch's answer).

use std::io::BufWriter;
use std::os::fd::AsFd;

use crate::{Server, serve};

/// What a widened pipe holds: a batch's 13 MB line passes in 13 reads instead of 200.
/// Linux's default most (`/proc/sys/fs/pipe-max-size`) without privileges.
pub const PIPE_BYTES: usize = 1 << 20;

/// The buffer of the answers: a short answer is one write with its newline; a piece as
/// large (a batch's results) is written straight from where it lies.
const ANSWER_BUFFER: usize = 64 * 1024;

/// Serves requests from standard input to standard output (`regel serve`), as [`serve`]
/// does. The standard output stays locked throughout, so nothing else written there can
/// come between the pieces of an answer.
pub fn serve_stdio(server: &mut Server) -> std::io::Result<()> {
    let input = std::io::stdin().lock();
    let output = std::io::stdout().lock();
    widen_pipe(&input);
    widen_pipe(&output);
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

/// Asks the kernel to let the pipe `fd` hold [`PIPE_BYTES`] when it holds less. Anything
/// but a pipe, or a pipe the kernel will not widen (its limits on a user's pipes), stays
/// as it was: a wider pipe is only faster, never needed.
pub fn widen_pipe(fd: impl AsFd) {
    #[cfg(target_os = "linux")]
    if rustix::pipe::fcntl_getpipe_size(&fd).is_ok_and(|size| size < PIPE_BYTES) {
        let _refused = rustix::pipe::fcntl_setpipe_size(&fd, PIPE_BYTES);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = fd;
}

/// The bytes the pipe `fd` holds (`None`: not a pipe, or not Linux).
pub fn pipe_size(fd: impl AsFd) -> Option<usize> {
    #[cfg(target_os = "linux")]
    return rustix::pipe::fcntl_getpipe_size(&fd).ok();
    #[cfg(not(target_os = "linux"))]
    {
        let _ = fd;
        None
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_pipe_is_widened_and_anything_else_left_as_it_is() {
        let (reader, writer) = std::io::pipe().unwrap();
        assert!(pipe_size(&writer).unwrap() < PIPE_BYTES);
        widen_pipe(&writer);
        // Widened from either end, both see it (unless this system allows less).
        let most = std::fs::read_to_string("/proc/sys/fs/pipe-max-size").unwrap();
        if most.trim().parse::<usize>().unwrap() >= PIPE_BYTES {
            assert_eq!(pipe_size(&reader), Some(PIPE_BYTES));
        }
        // A file is no pipe: asked, nothing happens and nothing fails.
        let file = std::fs::File::open("Cargo.toml").unwrap();
        widen_pipe(&file);
        assert_eq!(pipe_size(&file), None);
    }
}
