//! `decide.batch` read while its line arrives: a line that is still coming once a block of
//! it has been read, and that starts as a request `batch_line.rs` reads, is cut into blocks
//! as its bytes come in, each block ending where an input seems to start (`},{`, a guess the
//! block's run must prove by ending there exactly), and every CPU reads, decides and writes
//! whole blocks while later ones are still in the pipe. A block is not checked as UTF-8 apart
//! from its reading: what is read is UTF-8 (plain inputs ASCII or compared with names, the
//! rest checked by serde_json), and a byte that is not stops the block's run. Anything this
//! way does not answer (a guess refuted, an input or a member it does not read, a line not
//! UTF-8) leaves the whole line, put back together, to be answered as before; so the answer
//! is always the one the whole line gets.

use std::any::Any;
use std::io::BufRead;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::sync::mpsc;

use regel_eval::json::reader::Scan;
use regel_eval::{Engine, Limits};

use crate::batch::join_all;
use crate::batch_line::{Envelope, Run, Shared, Worker, answer, finish_runs};
use crate::protocol::MAX_LINE;
use crate::{LimitedLines, Reply, Server, fast_path_bug};

/// Bytes of a line read before it is taken as a batch read while it arrives; a block is cut
/// off and handed to a thread once it holds as many (1 MiB: 13 blocks of a 13 MB batch, each a
/// thread woken; with 256 KiB blocks the median batch took 36.5–52.5 ms instead of 32.2–36.7,
/// BENCHMARKS.md, "Session 14: decide.batch, the threads while the line streams").
pub(crate) const BLOCK_BYTES: usize = 1024 * 1024;

/// What came of reading a line as a batch while it arrived.
pub(crate) enum Streamed {
    /// The line's answer.
    Answer(Reply),
    /// The whole line is in the buffer, to be answered as before.
    Line,
    /// Not a batch this way reads: only what was read before is in the buffer.
    NotBatch,
    /// Longer than [`MAX_LINE`]: passed over up to its newline.
    TooLong,
}

/// A stretch of the line, ending where the next block's first input seems to start.
struct Block {
    index: usize,
    bytes: Vec<u8>,
    /// Where its inputs start (past the request's head, in the first block).
    start: usize,
    /// Whether the line ends with it.
    last: bool,
}

/// A block as a thread left it.
struct Done {
    index: usize,
    last: bool,
    /// The block's bytes: UTF-8 where its run read them (`Worker::read_run`).
    bytes: Vec<u8>,
    run: Option<Run>,
    /// A panic while reading it: a bug, answered as one.
    bug: Option<Box<dyn Any + Send>>,
}

/// The request up to its inputs, read from the first block.
struct Head {
    envelope: Envelope,
    engine: Engine,
    version: String,
    name: String,
    /// Where the first input starts.
    start: usize,
}

impl<R: BufRead> LimitedLines<R> {
    /// Reads the rest of the line whose first bytes are in the buffer, deciding it as a batch
    /// as it comes in when it is one (see the module's text).
    pub(crate) fn stream_batch(&mut self, server: &mut Server) -> std::io::Result<Streamed> {
        let head = catch_unwind(AssertUnwindSafe(|| batch_head(server, &self.buf)));
        let Ok(Some(head)) = head else {
            return Ok(Streamed::NotBatch);
        };
        let first = Block {
            index: 0,
            bytes: std::mem::take(&mut self.buf),
            start: head.start,
            last: false,
        };
        let (ending, mut done) = self.decide_blocks(first, &head.engine, &head.name, server.limits);
        done.sort_by_key(|d| d.index);
        let ending = ending?;
        if ending.is_none() {
            return Ok(Streamed::TooLong);
        }
        if let Some(bug) = done.iter_mut().find_map(|d| d.bug.take()) {
            return Ok(self.as_bug(&done, bug.as_ref()));
        }
        match catch_unwind(AssertUnwindSafe(|| finish(head, server.limits, &mut done))) {
            Ok(Some(pieces)) => {
                #[cfg(test)]
                tests::STREAMED.with(|n| n.set(n.get() + 1));
                Ok(Streamed::Answer(Reply::Pieces(pieces)))
            }
            Ok(None) => {
                self.buf = joined(&done);
                Ok(Streamed::Line)
            }
            Err(bug) => Ok(self.as_bug(&done, bug.as_ref())),
        }
    }

    /// Reads the line's blocks and decides them on every CPU; `Ok(None)` when the line is
    /// too long. The blocks come back as the threads left them, in no order.
    fn decide_blocks(
        &mut self,
        first: Block,
        engine: &Engine,
        name: &str,
        limits: Limits,
    ) -> (std::io::Result<Option<()>>, Vec<Done>) {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let shared = Shared::default();
        let (blocks, queue) = mpsc::channel();
        let queue = Mutex::new(queue);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let (queue, shared) = (&queue, &shared);
                    scope.spawn(move || work(engine, threads > 1, name, &limits, queue, shared))
                })
                .collect();
            let ending = self.read_blocks(first, &blocks);
            if !matches!(ending, Ok(Some(()))) {
                shared.stop.store(true, Ordering::Relaxed);
            }
            drop(blocks);
            let done: Vec<Vec<Done>> = join_all(workers);
            (ending, done.into_iter().flatten().collect())
        })
    }

    /// Reads the rest of the line into blocks, each handed on once it holds a block's
    /// bytes and a guessed start of an input to cut at; `Ok(None)` when the line is longer
    /// than [`MAX_LINE`] (then passed over up to its newline).
    fn read_blocks(
        &mut self,
        first: Block,
        blocks: &mpsc::Sender<Block>,
    ) -> std::io::Result<Option<()>> {
        // Bytes of the line in the blocks handed on, and how far the block has been searched
        // for a start to cut at.
        let (mut block, mut before, mut searched) = (first, 0, 0usize);
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            // A block takes what it lacks of a block's bytes, then (when no input starts in
            // them) as much as has come: blocks of one size, sized once, never regrown.
            let room = (MAX_LINE + 1).saturating_sub(before + block.bytes.len());
            let lacks = self.block.checked_sub(block.bytes.len()).filter(|&n| n > 0);
            let window = available.get(..room.min(lacks.unwrap_or(usize::MAX)));
            let window = window.unwrap_or(available);
            let newline = memchr::memchr(b'\n', window);
            let taken = newline.unwrap_or(window.len());
            block
                .bytes
                .extend_from_slice(window.get(..taken).unwrap_or_default());
            let ended = newline.is_some() || available.is_empty();
            self.input.consume(taken + usize::from(newline.is_some()));
            if ended {
                block.last = true;
                // A thread gone (it panicked) leaves the block with the reader: the panic is
                // passed on when the threads are joined.
                let _gone = blocks.send(block);
                return Ok(Some(()));
            }
            if before + block.bytes.len() > MAX_LINE {
                self.input.skip_until(b'\n')?;
                return Ok(None);
            }
            if block.bytes.len() < self.block {
                continue;
            }
            // A `{` searched before was no start then and is none now.
            let from = block.start.max(searched.saturating_sub(1));
            searched = block.bytes.len();
            if let Some(cut) = last_input_start(&block.bytes, from) {
                let tail = block.bytes.get(cut..).unwrap_or_default();
                let mut bytes = Vec::with_capacity(self.block + tail.len());
                bytes.extend_from_slice(tail);
                block.bytes.truncate(cut);
                let next = Block {
                    index: block.index + 1,
                    bytes,
                    start: 0,
                    last: false,
                };
                (before, searched) = (before + cut, 0);
                let _gone = blocks.send(std::mem::replace(&mut block, next));
            }
        }
    }

    /// The answer to a line whose reading hit a bug: as the line's whole would have it
    /// (a line not UTF-8 is answered as one).
    fn as_bug(&mut self, done: &[Done], bug: &(dyn Any + Send)) -> Streamed {
        self.buf = joined(done);
        match std::str::from_utf8(&self.buf) {
            Ok(text) => {
                let text = text.strip_suffix('\r').unwrap_or(text);
                Streamed::Answer(Reply::Text(fast_path_bug(text, bug)))
            }
            Err(_) => Streamed::Line,
        }
    }
}

/// The request's head, when the line starts as a `decide.batch` request `batch_line.rs`
/// reads, and the first input starts in `bytes`.
fn batch_head(server: &mut Server, bytes: &[u8]) -> Option<Head> {
    // Read from the bytes: what is read of the head is UTF-8 (`Envelope::head`), the rest
    // of the block is its run's.
    let mut scan = Scan { bytes, at: 0 };
    let mut envelope = Envelope::default();
    let (engine, version, name) = server.batch_target(envelope.head(bytes, &mut scan)?)?;
    scan.byte(b'[')?;
    scan.space();
    Some(Head {
        envelope,
        engine,
        version,
        name,
        start: scan.at,
    })
}

/// A thread's share: the blocks it takes from `queue` as they come, each read, decided and
/// written (none once a thread has given up: the line goes another way).
fn work(
    engine: &Engine,
    fork: bool,
    name: &str,
    limits: &Limits,
    queue: &Mutex<mpsc::Receiver<Block>>,
    shared: &Shared,
) -> Vec<Done> {
    let forked = fork.then(|| engine.fork_for(name));
    let engine = forked.as_ref().unwrap_or(engine);
    let mut worker = Worker::new(engine, name, *limits);
    let mut done = Vec::new();
    loop {
        let block = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => break,
        };
        let Ok(block) = block else { break };
        done.push(decide_block(worker.as_mut(), shared, block));
    }
    done
}

/// One block read, decided and written by the thread's worker, as [`Worker::read_run`] does
/// a thread's stretch of a whole line; a block that is not the last must end where the next
/// one starts.
fn decide_block(worker: Option<&mut Worker<'_>>, shared: &Shared, block: Block) -> Done {
    let Block {
        index,
        bytes,
        start,
        last,
    } = block;
    let mut done = Done {
        index,
        last,
        bytes,
        run: None,
        bug: None,
    };
    if shared.stop.load(Ordering::Relaxed) {
        return done;
    }
    // Not checked as UTF-8 first: the run reads only UTF-8, and a block it does not read to
    // its end leaves the line to be answered as before (not UTF-8, if it is not).
    if let Some(worker) = worker {
        let bytes = &done.bytes;
        let until = (!last).then_some(bytes.len());
        match catch_unwind(AssertUnwindSafe(|| {
            worker.read_run(bytes, start, until, shared)
        })) {
            Ok(run) => done.run = run,
            Err(bug) => done.bug = Some(bug),
        }
    }
    if done.run.is_none() {
        shared.stop.store(true, Ordering::Relaxed);
    }
    done
}

/// The answer from the blocks of a whole line, each read: every run ending where the next
/// block starts, the last one closing the inputs, then the rest of the request.
fn finish(head: Head, limits: Limits, done: &mut [Done]) -> Option<crate::batch_line::Pieces> {
    if !done.last()?.last {
        return None;
    }
    let mut texts = Vec::with_capacity(done.len());
    let mut runs = Vec::with_capacity(done.len());
    for d in done.iter_mut() {
        let (bytes, run) = (&d.bytes, d.run.take()?);
        let proved = if d.last {
            run.closed
        } else {
            run.end == bytes.len() && !run.closed
        };
        if !proved {
            return None;
        }
        texts.push(bytes.as_slice());
        runs.push(run);
    }
    // Every byte of the line read as UTF-8: the head, the runs, and now the tail.
    let (last, run) = (texts.last()?, runs.last()?);
    let last = last.strip_suffix(b"\r").unwrap_or(last);
    let mut scan = Scan {
        bytes: last,
        at: run.end,
    };
    let id = head.envelope.tail(last, &mut scan)?;
    finish_runs(&head.engine, &head.name, &texts, &limits, &mut runs)?;
    answer(&id, &head.version, &head.name, runs)
}

/// The line put back together from its blocks.
fn joined(done: &[Done]) -> Vec<u8> {
    let mut line = Vec::with_capacity(done.iter().map(|d| d.bytes.len()).sum());
    for d in done {
        line.extend_from_slice(&d.bytes);
    }
    line
}

/// Where the last input in `bytes` after `from` seems to start: a `{` after `}` and `,`
/// (spaces between).
fn last_input_start(bytes: &[u8], from: usize) -> Option<usize> {
    let mut end = bytes.len();
    loop {
        let at = memchr::memrchr(b'{', bytes.get(..end)?)?;
        if at <= from {
            return None;
        }
        let before = trim_end(bytes.get(..at)?);
        if let Some(before) = before.strip_suffix(b",")
            && trim_end(before).ends_with(b"}")
        {
            return Some(at);
        }
        end = at;
    }
}

/// `bytes` without the JSON spaces they end with.
fn trim_end(bytes: &[u8]) -> &[u8] {
    let kept = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .map_or(0, |last| last + 1);
    bytes.get(..kept).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::batch::tests::server;
    use serde_json::Value;

    thread_local! {
        /// Lines this thread had answered while they arrived.
        pub(crate) static STREAMED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Input that comes in pieces of a few bytes, now and then a read interrupted.
    pub(crate) struct Trickle<'a> {
        pub(crate) bytes: &'a [u8],
        pub(crate) step: usize,
        pub(crate) reads: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.reads += 1;
            if self.reads.is_multiple_of(7) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf
                .len()
                .min(self.bytes.len())
                .min(self.step + self.reads % 5);
            let (piece, rest) = self.bytes.split_at(n);
            buf[..n].copy_from_slice(piece);
            self.bytes = rest;
            Ok(n)
        }
    }

    /// What `server` writes for `input` arriving `step` bytes at a time, blocks of `block`.
    pub(crate) fn served(server: &mut Server, input: &str, step: usize, block: usize) -> String {
        served_bytes(server, input.as_bytes(), step, block)
    }

    /// [`served`] for input that may not be UTF-8.
    pub(crate) fn served_bytes(
        server: &mut Server,
        input: &[u8],
        step: usize,
        block: usize,
    ) -> String {
        let trickle = Trickle {
            bytes: input,
            step,
            reads: 0,
        };
        let mut out = Vec::new();
        crate::serve_in_blocks(server, std::io::BufReader::new(trickle), &mut out, block).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A plain `listning.byte` input, different for each `i` (the batch tests' too).
    pub(crate) fn plain(i: usize) -> String {
        let dates: Vec<String> = (0..i % 7)
            .map(|k| {
                format!(
                    r#""20{}-{:02}-{:02}""#,
                    19 + (i + k) % 5,
                    1 + (i * 7 + k) % 12,
                    1 + (i + 3 * k) % 28
                )
            })
            .collect();
        format!(
            r#"{{"datum":"2023-12-31","tidigare_byten":[{}],"sarskilda_skal":{}}}"#,
            dates.join(","),
            i.is_multiple_of(3)
        )
    }

    pub(crate) fn batch(id: usize, inputs: &[String]) -> String {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"decide.batch","params":{{"version":"2023","decision":"listning.byte","inputs":[{}]}}}}"#,
            inputs.join(",")
        )
    }

    /// Each line's answer from the general path, a newline after each.
    fn general(lines: &[&str]) -> String {
        let mut general = server().general_only();
        lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| general.handle_line(l.strip_suffix('\r').unwrap_or(l)))
            .map(|a| a + "\n")
            .collect()
    }

    #[test]
    fn a_batch_read_while_it_arrives_is_answered_as_the_whole_line_is() {
        let mut inputs: Vec<String> = (0..3000).map(plain).collect();
        let first = batch(1, &inputs);
        // Inputs the general way among them, in blocks of their own and across the cuts;
        // one holding `},{` in a text, where a block might be cut.
        for i in [0, 1, 999, 1500, 2999] {
            inputs[i] = r#"{"datum":"2023-02-30","tidigare_byten":[]}"#.into();
        }
        inputs[700] = r#"{"datum":"2023-05-10","tidigare_byten":[],"okand":"},{\"a\":1}"}"#.into();
        inputs[701] = r#"{ "datum" : "2023-05-10" , "tidigare_byten" : [ ] }"#.into();
        let second = format!("{}\r", batch(2, &inputs));
        // Two lines back to back, the last without its newline.
        let input = format!("{first}\n{second}\n{first}");
        let expected = general(&[&first, &second, &first]);
        let mut server = server();
        for (step, block) in [
            (4096, 4096),
            (1000, 1 << 14),
            (1 << 20, 256),
            (333, 100_000),
        ] {
            let before = STREAMED.get();
            assert_eq!(
                served(&mut server, &input, step, block),
                expected,
                "{step} {block}"
            );
            // A line read whole at once is answered as a whole: with reads of 1 MiB, the
            // first two lines come in the first read, the third in part.
            let streamed = if step < first.len() { 3 } else { 1 };
            assert_eq!(STREAMED.get() - before, streamed, "{step} {block}");
        }
    }

    #[test]
    fn a_line_this_way_does_not_answer_is_answered_as_before() {
        let inputs: Vec<String> = (0..400).map(plain).collect();
        let body = inputs.join(",");
        let mut lines = vec![
            // Wrong guesses everywhere: texts holding `},{`.
            batch(
                3,
                &(0..400)
                    .map(|i| {
                        format!(
                            r#"{{"datum":"2023-12-31","tidigare_byten":[],"x":"{}"}}"#,
                            "},{\"a\":1}".repeat(i % 9 + 1)
                        )
                    })
                    .collect::<Vec<_>>(),
            ),
            // Not JSON after the inputs, another member after them, the id twice after them.
            format!("{} x", batch(4, &inputs)),
            format!(
                r#"{{"jsonrpc":"2.0","id":5,"method":"decide.batch","params":{{"decision":"listning.byte","inputs":[{body}],"okand":1}}}}"#
            ),
            format!(
                r#"{{"jsonrpc":"2.0","id":6,"method":"decide.batch","params":{{"decision":"listning.byte","inputs":[{body}]}},"id":7}}"#
            ),
            // The inputs never closed, not a batch, a method after the params.
            format!(
                r#"{{"jsonrpc":"2.0","id":8,"method":"decide.batch","params":{{"decision":"listning.byte","inputs":[{body},"#
            ),
            format!(
                r#"{{"jsonrpc":"2.0","id":9,"method":"decide","params":{{"decision":"listning.byte","inputs":[{body}]}}}}"#
            ),
            format!(
                r#"{{"jsonrpc":"2.0","id":10,"params":{{"decision":"listning.byte","inputs":[{body}]}},"method":"decide.batch"}}"#
            ),
            // An explained batch, an empty input, spaces before the newline.
            format!(
                r#"{{"jsonrpc":"2.0","id":11,"method":"decide.batch","params":{{"decision":"listning.byte","explain":true,"inputs":[{body}]}}}}"#
            ),
            batch(
                12,
                &[
                    inputs[..200].join(","),
                    String::new(),
                    inputs[200..].join(","),
                ],
            ),
            format!("{} \t ", batch(13, &inputs)),
        ];
        lines.push(String::new());
        let input = lines.join("\n");
        let expected = general(&lines.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(served(&mut server(), &input, 512, 2048), expected);
    }

    #[test]
    fn a_byte_not_utf8_anywhere_in_a_streamed_batch_is_answered_as_the_whole_line_is() {
        let mut inputs: Vec<String> = (0..600).map(plain).collect();
        // Inputs read the serde way too: an unknown member, spaces, a text not ASCII.
        for i in (0..600).step_by(50) {
            inputs[i] =
                r#"{ "datum":"2023-05-10", "tidigare_byten":[], "okand":"å\u00e5" }"#.into();
        }
        let line = format!(
            r#"{{"jsonrpc":"2.0","id":"ä","method":"decide.batch","params":{{"version":"2023","decision":"listning.byte","inputs":[{}]}}}}"#,
            inputs.join(" , ")
        );
        let (fast, general) = (&mut server(), &mut server().general_only());
        let before = STREAMED.get();
        let whole = served(fast, &format!("{line}\n"), 4096, 8192);
        assert_eq!(whole, served(general, &format!("{line}\n"), 4096, 8192));
        assert_eq!(STREAMED.get() - before, 1);
        let bytes = line.as_bytes();
        // Each kind of place: the head's id, a key, a date, a list, a flag, spaces between
        // inputs, a text read the serde way, the tail, the line's last byte; in the first
        // block and in later ones. Each bad byte alone, a character cut short, one too long,
        // a surrogate, one past U+10FFFF.
        let places = [
            line.find("\"ä").unwrap() + 2,
            line.find("datum").unwrap(),
            line.rfind("datum").unwrap() + 2,
            line.find("-12-31").unwrap() + 3,
            line.rfind("\"20").unwrap() + 1,
            line.rfind("[\"").unwrap() + 1,
            line.find("true").unwrap() + 1,
            line.rfind("false").unwrap() + 4,
            line.find(" , ").unwrap(),
            line.rfind(" , ").unwrap() + 2,
            line.find("å\\").unwrap(),
            line.rfind("å\\").unwrap() + 1,
            line.rfind("]}").unwrap() + 1,
            line.len() - 1,
        ];
        for (k, &at) in places.iter().enumerate() {
            for bad in [
                &b"\xff"[..],
                b"\x80",
                b"\xc3",
                b"\xe2\x82",
                b"\xc0\xaf",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
            ] {
                let mut broken = bytes[..at].to_vec();
                broken.extend_from_slice(bad);
                broken.extend_from_slice(&bytes[at + usize::from(k % 2 == 0)..]);
                // Then the whole line again: still answered while it arrives.
                broken.push(b'\n');
                broken.extend_from_slice(line.as_bytes());
                broken.push(b'\n');
                let before = STREAMED.get();
                let answers = served_bytes(fast, &broken, 1000, 8192);
                assert!(
                    answers == served_bytes(general, &broken, 1000, 8192),
                    "{at} {bad:?}"
                );
                // (A bad byte put over a character's may make another: then it is UTF-8.)
                let first = answers.lines().next().unwrap();
                let utf8 = std::str::from_utf8(&broken).is_ok();
                assert_eq!(
                    first.contains("not UTF-8"),
                    !utf8,
                    "{at} {bad:?}: {first:.200}"
                );
                assert!(answers.ends_with(&whole));
                assert_eq!(
                    STREAMED.get() - before,
                    1 + usize::from(utf8),
                    "{at} {bad:?}"
                );
            }
        }
    }

    #[test]
    fn a_line_too_long_or_not_utf8_or_hitting_a_bug_is_answered_as_the_whole_line_is() {
        let inputs: Vec<String> = (0..400).map(plain).collect();
        let mut bad = batch(14, &inputs).into_bytes();
        let at = bad.len() - 100;
        bad[at] = 0xff;
        let mut input = bad;
        input.push(b'\n');
        let mut long = batch(15, &inputs);
        long.truncate(long.len() - 3);
        while long.len() <= MAX_LINE {
            long.push_str(&format!(",{}", plain(long.len())));
        }
        input.extend_from_slice(format!("{long}]}}}}\n").as_bytes());
        let mut bug = inputs.clone();
        bug[300] = r#""regel.debug.panic""#.into();
        input
            .extend_from_slice(format!("{}\n{}\n", batch(16, &bug), batch(17, &inputs)).as_bytes());
        let mut out = Vec::new();
        let trickle = Trickle {
            bytes: &input,
            step: 1 << 16,
            reads: 0,
        };
        crate::serve_in_blocks(
            &mut server(),
            std::io::BufReader::new(trickle),
            &mut out,
            4096,
        )
        .unwrap();
        let lines: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| format!("{l}\n"))
            .collect();
        let answers: Vec<Value> = lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let codes: Vec<&Value> = answers.iter().map(|a| &a["error"]["code"]).collect();
        assert_eq!(codes[..2], [-32700, -32600], "{answers:?}");
        assert_eq!(
            (codes[2], &answers[2]["id"]),
            (&Value::from(-32603), &Value::from(16))
        );
        assert_eq!(lines[3], general(&[&batch(17, &inputs)]));
        assert_eq!(lines.len(), 4);
    }
}
