//! `regel serve`: the JSON-RPC 2.0 API of `shared/spec/api.md` on stdio.
//!
//! [`Server::handle_line`] answers one line and holds no I/O; [`serve`] is the loop over
//! standard input and output. One salsa database lives as long as the server: `source.set`
//! replaces a file's text and the next request recomputes only what the edit touched.

mod batch;
mod batch_line;
mod batch_stream;
mod methods;
pub mod numbers;
mod openrpc;
mod params;
pub mod protocol;
mod results;
pub mod schema;
mod stdio;

use std::io::{BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use regel_app::limits::{duplicate_key, not_json, too_long};
use regel_app::{Engines, Policies};
use serde_json::Value;

use protocol::{
    INTERNAL_ERROR, INVALID_REQUEST, MAX_ANSWER, MAX_DEPTH, MAX_LINE, PARSE_ERROR, RpcError,
    answer_too_long, json_len, response,
};

/// The policies the server answers for, compiled in one database.
pub struct Server {
    policies: Policies,
    engines: Engines,
    /// Bounds on the lists and texts of an input.
    limits: regel_eval::Limits,
    /// Set by `shutdown`: the loop stops after answering.
    pub stopping: bool,
    /// Whether a plain `decide.batch` takes the fast path (`batch.rs`).
    fast_batch: bool,
    /// What is left of [`MAX_ANSWER`] for the answer to the line being handled.
    room: usize,
    /// A request of the line's batch had no room: the rest are answered "not run".
    full: bool,
    /// The results of the `decide.batch` just answered, as JSON text (see [`Server::one`]).
    raw_results: Option<String>,
}

pub use regel_app::VersionFiles;
pub use results::Rejection;
pub use stdio::serve_stdio;

impl Server {
    pub fn new(versions: Vec<VersionFiles>) -> Server {
        Server {
            policies: Policies::new(versions),
            engines: Engines::default(),
            limits: regel_eval::Limits::default(),
            stopping: false,
            fast_batch: true,
            room: MAX_ANSWER,
            full: false,
            raw_results: None,
        }
    }

    /// The server answering every line the general way: the reference the fast batch path
    /// is compared with (tests, the `batch` fuzz target).
    pub fn general_only(mut self) -> Server {
        self.fast_batch = false;
        self
    }

    /// The server with other bounds on inputs than [`regel_eval::Limits::default`].
    pub fn with_limits(mut self, limits: regel_eval::Limits) -> Server {
        self.limits = limits;
        self
    }

    /// The answer to one line, or `None` when it holds only notifications.
    pub fn handle_line(&mut self, line: &str) -> Option<String> {
        match self.reply(line)? {
            Reply::Text(text) => Some(text),
            Reply::Pieces(pieces) => Some(pieces.into_string().unwrap_or_else(|| {
                text(&error_answer(RpcError::new(
                    INTERNAL_ERROR,
                    "internal error: the answer could not be written",
                )))
            })),
        }
    }

    /// The answer to one line, as [`Server::handle_line`] gives it, in pieces when it is a
    /// batch read straight from the line (`batch_line.rs`): written without being joined.
    fn reply(&mut self, line: &str) -> Option<Reply> {
        // What the line has proved shares one solver context, deleted once it is answered:
        // the server does not keep libz3's 17 MB between requests (`regel_verify::prover`).
        let _prover = regel_verify::prover::Session::open();
        self.room = MAX_ANSWER;
        if self.fast_batch {
            match catch_unwind(AssertUnwindSafe(|| self.batch_from_line(line))) {
                Ok(Some(pieces)) => return Some(Reply::Pieces(pieces)),
                Ok(None) => {}
                Err(panic) => return Some(Reply::Text(fast_path_bug(line, panic.as_ref()))),
            }
        }
        // No depth check first: serde_json stops at 128 levels, and any failure of the fast
        // path leaves the line to the general one, which checks.
        let duplicate = protocol::duplicate_key(line);
        let inexact = numbers::inexact(line);
        if self.fast_batch
            && duplicate.is_none()
            && inexact.is_empty()
            && line.len() <= MAX_LINE
            && line.contains("\"decide.batch\"")
        {
            match catch_unwind(AssertUnwindSafe(|| self.fast_batch(line))) {
                Ok(Some(answer)) => return Some(Reply::Text(answer)),
                Ok(None) => {}
                Err(panic) => return Some(Reply::Text(fast_path_bug(line, panic.as_ref()))),
            }
        }
        self.answer_with(line, duplicate, inexact).map(Reply::Text)
    }

    /// The general path's answer (tests compare the fast path with it).
    #[cfg(test)]
    fn answer(&mut self, line: &str) -> Option<String> {
        self.answer_with(line, protocol::duplicate_key(line), numbers::inexact(line))
    }

    /// The general path's answer to one line, as the text written. Each answer of a batch
    /// is written out as soon as it is made, so that a batch holds its answers as text, not
    /// as trees several times larger.
    fn answer_with(
        &mut self,
        line: &str,
        duplicate: Option<String>,
        inexact: Vec<numbers::Inexact>,
    ) -> Option<String> {
        self.room = MAX_ANSWER;
        self.full = false;
        if line.len() > MAX_LINE {
            return Some(text(&error_answer(too_long("the message"))));
        }
        if protocol::depth_exceeds(line, MAX_DEPTH) {
            return Some(text(&error_answer(RpcError::new(
                INVALID_REQUEST,
                "invalid request: arrays and objects nest deeper than 128",
            ))));
        }
        let message: Value = match serde_json::from_str(line) {
            Ok(m) => m,
            Err(e) => return Some(text(&error_answer(not_json("the line", &e)))),
        };
        if let Some(key) = duplicate {
            // Which of the two values counts is not for the server to guess.
            let id = match &message {
                Value::Object(m) => m.get("id").cloned().unwrap_or(Value::Null),
                _ => Value::Null,
            };
            return Some(text(&response(&id, Err(duplicate_key(&key)))));
        }
        match message {
            Value::Array(items) if items.is_empty() => Some(text(&error_answer(RpcError::new(
                INVALID_REQUEST,
                "invalid request: an empty batch",
            )))),
            Value::Array(items) => {
                // Each request keeps room for an error answer of its own (it may be too
                // long, or not run), so that the errors of a full batch cannot carry the
                // line past the limit; a request answered releases its share first.
                let reserves: Vec<usize> = items.iter().map(error_reserve).collect();
                self.room = (MAX_ANSWER - 1).saturating_sub(reserves.iter().sum());
                let mut out = String::from("[");
                for (index, (item, reserve)) in items.iter().zip(reserves).enumerate() {
                    self.room = self.room.saturating_add(reserve);
                    let number = numbers::within(&inexact, &format!("/{index}"));
                    if let Some(answer) = self.one(item, true, number) {
                        if out.len() > 1 {
                            out.push(',');
                        }
                        out.push_str(&answer);
                    }
                }
                out.push(']');
                (out.len() > 2).then_some(out)
            }
            single => self.one(&single, false, numbers::within(&inexact, "")),
        }
    }

    /// Answers one message (of a batch when `batch`); a notification gets no answer, even
    /// when it fails. Once the line's answer has no room left, nothing more is run. A number
    /// in its params that could not be read exactly (`number`) is refused before anything runs.
    fn one(
        &mut self,
        message: &Value,
        batch: bool,
        number: Option<numbers::Inexact>,
    ) -> Option<String> {
        let request = match protocol::request(message) {
            Ok(r) => r,
            Err(bad) => {
                let (id, e) = *bad;
                return Some(text(&response(&id, Err(e))));
            }
        };
        if self.full || self.room == 0 {
            let id = request.id?;
            let answer = text(&response(
                &id,
                Err(answer_too_long(
                    "the answers to this batch (this request was not run)",
                )),
            ));
            self.room = self.room.saturating_sub(answer.len().saturating_add(1));
            return Some(answer);
        }
        self.raw_results = None;
        if let Some(number) = number {
            let id = request.id?;
            return Some(text(&response(&id, Err(number.refusal()))));
        }
        let result = catch_unwind(AssertUnwindSafe(|| {
            self.dispatch(&request.method, request.params)
        }))
        .unwrap_or_else(|panic| {
            let what = panic_text(panic.as_ref());
            eprintln!(
                "regel serve: internal error in `{}` (id {:?}): {what}",
                request.method, request.id
            );
            Err(RpcError::new(
                INTERNAL_ERROR,
                "internal error: the server hit a bug; it keeps serving",
            ))
        });
        if let Err(e) = &result
            && e.code == INTERNAL_ERROR
        {
            eprintln!(
                "regel serve: `{}` (id {:?}): {}",
                request.method, request.id, e.message
            );
        }
        let raw = self.raw_results.take();
        let id = request.id?;
        let mut answer = text(&response(&id, result));
        // `decide.batch` wrote its results as text (`raw_results`), in place of the `null`
        // its answer ends with: a batch's results are never held as trees.
        if let Some(raw) = raw
            && let Some(head) = answer.strip_suffix(r#""results":null}}"#)
        {
            answer = format!(r#"{head}"results":{raw}}}}}"#);
        }
        // The answer must fit in what is left of the line's; if it does not, the error does.
        let length = answer.len().saturating_add(1);
        if length > self.room {
            self.full = true;
            let what = if batch {
                "the answers to this batch"
            } else {
                "the answer"
            };
            let answer = text(&response(&id, Err(answer_too_long(what))));
            self.room = self.room.saturating_sub(answer.len().saturating_add(1));
            return Some(answer);
        }
        self.room -= length;
        Some(answer)
    }
}

/// An answer in pieces or as one text.
enum Reply {
    Text(String),
    Pieces(batch_line::Pieces),
}

/// The answer to `line` when a fast batch path panicked: a bug is a bug, answered and logged
/// as one (not hidden by the general path answering instead, which the differential fuzz
/// target could then never see).
fn fast_path_bug(line: &str, panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic_text(panic);
    eprintln!("regel serve: internal error in the `decide.batch` fast path: {what}");
    let id = serde_json::from_str::<Value>(line)
        .ok()
        .and_then(|m| m.get("id").cloned())
        .unwrap_or(Value::Null);
    text(&response(
        &id,
        Err(RpcError::new(
            INTERNAL_ERROR,
            "internal error: the server hit a bug; it keeps serving",
        )),
    ))
}

/// What a caught panic said.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// The room an error answer to `message` takes in a batch's line: the "not run" answer with
/// the request's id (the longest of the fixed errors), its separator, and a margin for a
/// malformed request's error. A notification gets no answer and keeps none.
fn error_reserve(message: &Value) -> usize {
    let id = match message.get("id") {
        Some(id) => id.clone(),
        None if message.get("method").is_some() => return 0,
        None => Value::Null,
    };
    let not_run = response(
        &id,
        Err(answer_too_long(
            "the answers to this batch (this request was not run)",
        )),
    );
    text(&not_run).len() + 1 + 256
}

/// `answer` as one line of compact JSON.
fn text(answer: &Value) -> String {
    // Sized first: an answer near the limit is not grown by doubling.
    let mut out = Vec::with_capacity(json_len(answer));
    match serde_json::to_writer(&mut out, answer).map(|()| String::from_utf8(out)) {
        Ok(Ok(text)) => text,
        _ => r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"internal error: the answer could not be written"}}"#.into(),
    }
}

/// An error answer to a line whose id cannot be known.
fn error_answer(error: RpcError) -> Value {
    response(&Value::Null, Err(error))
}

/// Serves requests from `input` until it ends or `shutdown` is called.
pub fn serve(server: &mut Server, input: impl BufRead, output: impl Write) -> std::io::Result<()> {
    serve_in_blocks(server, input, output, batch_stream::BLOCK_BYTES)
}

/// [`serve`], a batch's line read while it arrives once `block` bytes of it are in.
fn serve_in_blocks(
    server: &mut Server,
    input: impl BufRead,
    mut output: impl Write,
    block: usize,
) -> std::io::Result<()> {
    // Large reads: a batch of 100 000 inputs is a line of 13 MB.
    let mut lines = LimitedLines {
        input: std::io::BufReader::with_capacity(1 << 20, input),
        buf: Vec::new(),
        block,
    };
    while let Some(line) = lines.next_line(Some(server))? {
        let answer = match line {
            Line::Text(text) if text.trim().is_empty() => None,
            Line::Text(text) => server.reply(text),
            Line::Answered(reply) => Some(reply),
            Line::TooLong => Some(Reply::Text(text(&error_answer(too_long("the message"))))),
            Line::NotUtf8 => Some(Reply::Text(text(&error_answer(RpcError::new(
                PARSE_ERROR,
                "parse error: the line is not UTF-8",
            ))))),
        };
        if let Some(answer) = answer {
            match answer {
                Reply::Text(answer) => {
                    output.write_all(answer.as_bytes())?;
                    output.write_all(b"\n")?;
                }
                Reply::Pieces(pieces) => pieces.write_line_to(&mut output)?,
            }
            output.flush()?;
        }
        if server.stopping {
            break;
        }
    }
    Ok(())
}

enum Line<'a> {
    Text(&'a str),
    /// A batch answered while its line was read (`batch_stream.rs`).
    Answered(Reply),
    TooLong,
    NotUtf8,
}

/// Reads lines without ever holding more than [`MAX_LINE`] bytes of one, into one buffer
/// kept from line to line.
struct LimitedLines<R> {
    input: R,
    buf: Vec<u8>,
    /// A line still coming after this many bytes may be a batch read while it arrives.
    block: usize,
}

impl<R: BufRead> LimitedLines<R> {
    /// The next line; with a `server`, a batch's line may be answered while it is read.
    fn next_line(&mut self, server: Option<&mut Server>) -> std::io::Result<Option<Line<'_>>> {
        self.buf.clear();
        let streams = server.as_ref().is_some_and(|s| s.fast_batch) && self.block > 0;
        let until = if streams { self.block } else { usize::MAX };
        if streams {
            // The first block of a batch, sized once (the buffer kept from line to line
            // holds it already unless a batch took it).
            self.buf.reserve(self.block);
        }
        let (read, mut ended) = self.read_line(until)?;
        if !read {
            return Ok(None);
        }
        if let Some(server) = server
            && streams
            && !ended
            && self.buf.len() >= self.block
        {
            match self.stream_batch(server)? {
                batch_stream::Streamed::Answer(reply) => return Ok(Some(Line::Answered(reply))),
                batch_stream::Streamed::TooLong => return Ok(Some(Line::TooLong)),
                batch_stream::Streamed::Line => ended = true,
                batch_stream::Streamed::NotBatch => ended = self.read_line(usize::MAX)?.1,
            }
        }
        if !ended && self.buf.len() > MAX_LINE {
            self.buf.clear();
            self.input.skip_until(b'\n')?;
            return Ok(Some(Line::TooLong));
        }
        Ok(Some(match std::str::from_utf8(&self.buf) {
            Ok(s) => Line::Text(s.strip_suffix('\r').unwrap_or(s)),
            Err(_) => Line::NotUtf8,
        }))
    }

    /// Reads on into the buffer up to the newline (not kept), the end of the input, one byte
    /// past [`MAX_LINE`], or `until` bytes; whether anything was read and the newline was.
    fn read_line(&mut self, until: usize) -> std::io::Result<(bool, bool)> {
        // The newline found with `memchr` (the standard library's search is a word at a
        // time), in what is read, never past the one byte that makes a line too long.
        let (mut read, mut ended) = (false, false);
        while !ended && self.buf.len() <= MAX_LINE && self.buf.len() < until {
            let available = match self.input.fill_buf() {
                Ok([]) => break,
                Ok(available) => available,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            read = true;
            let room = MAX_LINE + 1 - self.buf.len();
            let window = available.get(..room).unwrap_or(available);
            let taken = match memchr::memchr(b'\n', window) {
                Some(newline) => {
                    ended = true;
                    self.buf
                        .extend_from_slice(window.get(..newline).unwrap_or_default());
                    newline + 1
                }
                None => {
                    self.buf.extend_from_slice(window);
                    window.len()
                }
            };
            self.input.consume(taken);
        }
        Ok((read, ended))
    }
}

#[cfg(test)]
mod line_tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Every line of `input` as read through a buffer of `capacity` bytes, described.
    fn lines(input: &[u8], capacity: usize) -> Vec<String> {
        let mut lines = LimitedLines {
            input: std::io::BufReader::with_capacity(capacity, input),
            buf: Vec::new(),
            block: 0,
        };
        let mut seen = Vec::new();
        while let Some(line) = lines.next_line(None).unwrap() {
            seen.push(match line {
                Line::Text(t) if t.len() > 20 => format!("{} bytes", t.len()),
                Line::Text(t) => t.to_owned(),
                Line::TooLong => "too long".to_owned(),
                Line::NotUtf8 => "not UTF-8".to_owned(),
                Line::Answered(_) => "answered".to_owned(),
            });
        }
        seen
    }

    #[test]
    fn lines_are_cut_at_newlines_and_bounded_wherever_the_reads_end() {
        let mut input = b"a\r\n\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE));
        input.push(b'\n');
        input.extend(std::iter::repeat_n(b'y', MAX_LINE + 1));
        input.extend_from_slice(b"yy\nb\n\xff\n");
        input.extend(std::iter::repeat_n(b'z', MAX_LINE + 1));
        input.extend_from_slice(b"\nc\nend");
        let expected = [
            "a".to_owned(),
            String::new(),
            format!("{MAX_LINE} bytes"),
            "too long".to_owned(),
            "b".to_owned(),
            "not UTF-8".to_owned(),
            "too long".to_owned(),
            "c".to_owned(),
            "end".to_owned(),
        ];
        for capacity in [1, 7, 4096, 1 << 20, 64 << 20] {
            assert_eq!(lines(&input, capacity), expected, "reads of {capacity}");
        }
        // A line too long with nothing after it, and no input at all.
        assert_eq!(lines(&vec![b'q'; MAX_LINE + 1], 4096), ["too long"]);
        assert!(lines(b"", 16).is_empty());
    }
}
