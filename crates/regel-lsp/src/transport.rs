//! Content-Length framing, read tolerantly: a frame that is not JSON-RPC, too long, or has a
//! bad header is reported and skipped, and reading goes on with the next frame.
//! (lsp-server's own reader stops at the first malformed message and would allocate whatever
//! length a header claims.)

use std::io::{self, BufRead, Read, Write};

use lsp_server::Message;

/// The longest message read; longer ones are skipped unread.
pub const MAX_MESSAGE: usize = 16 * 1024 * 1024;
/// The longest header line.
const MAX_HEADER: u64 = 8 * 1024;

pub enum Frame {
    Message(Message),
    /// A frame that could not be understood, and why.
    Bad(String),
    /// The input ended.
    End,
}

pub fn read(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = input
            .by_ref()
            .take(MAX_HEADER)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(if saw_header {
                Frame::Bad("the input ended inside a message header".into())
            } else {
                Frame::End
            });
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        match line.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse().ok();
                if length.is_none() {
                    bad_header = Some(format!("bad Content-Length `{}`", value.trim()));
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header line `{line}`")),
        }
    }
    let Some(length) = length else {
        return Ok(Frame::Bad(
            bad_header.unwrap_or_else(|| "a message without Content-Length".into()),
        ));
    };
    if length > MAX_MESSAGE {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Frame::Bad(format!(
            "a message of {length} bytes; at most {MAX_MESSAGE} are read"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Bad(format!("the message is not JSON-RPC: {e}")),
    })
}

pub fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(output)
}

/// The answer to a frame that could not be read: a parse error without an id.
pub fn write_parse_error(output: &mut impl Write, why: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": lsp_server::ErrorCode::ParseError as i32, "message": why},
    })
    .to_string();
    write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut input = input.as_bytes();
        let mut out = Vec::new();
        loop {
            match read(&mut input) {
                Ok(Frame::Message(m)) => out.push(format!("message {}", serde_json::json!(m))),
                Ok(Frame::Bad(why)) => out.push(format!("bad {why}")),
                Ok(Frame::End) | Err(_) => return out,
            }
        }
    }

    #[test]
    fn a_bad_frame_is_skipped_and_the_next_one_read() {
        let found = frames(
            "Content-Length: 5\r\n\r\n{oops\
             Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\
             Content-Length: 99999999999\r\n\r\n",
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("bad the message is not JSON-RPC"));
        assert!(found[1].contains("exit"), "{found:?}");
        assert!(found[2].starts_with("bad a message of 99999999999 bytes"));
    }
}
