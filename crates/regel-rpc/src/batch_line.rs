//! `decide.batch` read straight from the bytes of its line: no pass over the whole line
//! before deciding, and no tree of it at all. The request around the inputs is read in order;
//! the inputs array is cut into one stretch per CPU at a guessed element boundary (`},{`),
//! and each thread reads, decides and writes the inputs of its stretch, checking the line's
//! rules (valid JSON, no key twice, numbers read exactly, nesting) as it goes. A thread that
//! reaches the next one's start exactly proves the guess; any other ending, and anything
//! this path does not read itself, gives `None` and the line goes the way it went before
//! (`batch.rs`, then the general path), so this path answers only where those answer the
//! same bytes. The answer is handed over in pieces ([`Pieces`]), written without being joined.
//!
//! What it reads: one request object whose `method` comes before `params`, and whose
//! `params` hold `inputs` last (the other parameters, small, go through the general checks).

use std::io::IoSlice;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use regel_compiler::ir::{Decision, Value as IrValue};
use regel_eval::json::OutputWriter;
use regel_eval::json::reader::Scan;
use regel_eval::{Decider, Engine, InputReader, Limits};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::Server;
use crate::batch::join_all;
use crate::methods::within_budget;
use crate::protocol::{MAX_ANSWER, MAX_DEPTH, MAX_LINE, answer_too_long, response};

/// An answer as the pieces of its text, in order: written one after the other, or joined.
#[derive(Debug, Default)]
pub(crate) struct Pieces(Vec<Vec<u8>>);

impl Pieces {
    fn push(&mut self, piece: Vec<u8>) {
        self.0.push(piece);
    }

    pub(crate) fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }

    /// Writes the pieces and a newline in as few writes as `out` takes them: one `writev`
    /// for a batch's whole answer when `out` is a descriptor (pieces past the buffer's
    /// size go straight through a `BufWriter`).
    pub(crate) fn write_line_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut slices: Vec<IoSlice<'_>> = self.0.iter().map(|p| IoSlice::new(p)).collect();
        slices.push(IoSlice::new(b"\n"));
        let mut slices = slices.as_mut_slice();
        IoSlice::advance_slices(&mut slices, 0);
        while !slices.is_empty() {
            match out.write_vectored(slices) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut slices, n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The answer as one text (`None` if it were not UTF-8, which pieces written from valid
    /// text and JSON never are).
    pub(crate) fn into_string(self) -> Option<String> {
        String::from_utf8(self.0.concat()).ok()
    }
}

/// Inputs read per thread at least, in bytes of the line; a smaller batch runs on one.
const BYTES_PER_THREAD: usize = 256 * 1024;

/// How deeply an input read the serde way may nest: the line nests three levels around it
/// (request, params, inputs), and serde_json refuses a line nesting 128 deep.
const INPUT_DEPTH: usize = MAX_DEPTH - 4;

impl Server {
    /// The answer to `line` when it is a plain `decide.batch` request this path reads;
    /// `None` otherwise (the line is then answered as before).
    pub(crate) fn batch_from_line(&mut self, line: &str) -> Option<Pieces> {
        if line.len() > MAX_LINE {
            return None;
        }
        let mut scan = Scan {
            bytes: line.as_bytes(),
            at: 0,
        };
        let mut envelope = Envelope::default();
        let bytes = line.as_bytes();
        let (engine, version, name) = self.batch_target(envelope.head(bytes, &mut scan)?)?;
        let runs = decide_inputs(&engine, &name, bytes, &mut scan, &self.limits)?;
        let id = envelope.tail(bytes, &mut scan)?;
        answer(&id, &version, &name, runs)
    }
}

/// The members of the request other than `params`, read before the inputs and after them.
#[derive(Default)]
pub(crate) struct Envelope {
    jsonrpc: Option<Value>,
    id: Option<Value>,
    method: Option<Value>,
}

impl Envelope {
    /// Reads the request from its start up to its inputs, the scan left at the inputs'
    /// value: the members before `params` (the method first: the inputs are decided as they
    /// are read), and the params before `inputs` (the other parameters, which it gives).
    /// What it passes over is UTF-8, as every reading of the line's bytes here: keys and
    /// words compared with ASCII, values read by serde_json, which checks.
    pub(crate) fn head(&mut self, line: &[u8], scan: &mut Scan<'_>) -> Option<Map<String, Value>> {
        scan.space();
        scan.byte(b'{')?;
        loop {
            let key = key_at(scan)?;
            if key == b"params" {
                if self.method != Some(Value::String("decide.batch".into())) {
                    return None;
                }
                return params_head(line, scan);
            }
            self.member(key, line, scan)?;
            scan.space();
            scan.byte(b',')?;
        }
    }

    /// Reads the request after its inputs: the end of `params`, the members after it and
    /// the end of the line; gives the request's id.
    pub(crate) fn tail(mut self, line: &[u8], scan: &mut Scan<'_>) -> Option<Value> {
        // The inputs last: whatever follows them would have been needed before.
        scan.space();
        scan.byte(b'}')?;
        loop {
            scan.space();
            if scan.eat(b'}') {
                break;
            }
            scan.byte(b',')?;
            let key = key_at(scan)?;
            self.member(key, line, scan)?;
        }
        scan.space();
        let id = self
            .id
            .filter(|id| id.is_string() || id.is_i64() || id.is_u64())?;
        if scan.at != line.len() || self.jsonrpc != Some(Value::String("2.0".into())) {
            return None;
        }
        Some(id)
    }

    /// Reads the value of `jsonrpc`, `id` or `method`, each once; any other key (`params` a
    /// second time too) is not this path's.
    fn member(&mut self, key: &[u8], line: &[u8], scan: &mut Scan<'_>) -> Option<()> {
        let slot = match key {
            b"jsonrpc" => &mut self.jsonrpc,
            b"id" => &mut self.id,
            b"method" => &mut self.method,
            _ => return None,
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(small_value(line, scan)?);
        Some(())
    }
}

/// A member's key and its colon, spaces around them; the scan left at its value.
fn key_at<'b>(scan: &mut Scan<'b>) -> Option<&'b [u8]> {
    scan.space();
    let key = scan.plain_string()?;
    scan.space();
    scan.byte(b':')?;
    scan.space();
    Some(key)
}

/// Reads `params` (at `{`) up to `inputs`: the other parameters, each at most once.
fn params_head(line: &[u8], scan: &mut Scan<'_>) -> Option<Map<String, Value>> {
    scan.byte(b'{')?;
    let mut rest = Map::new();
    loop {
        let key = std::str::from_utf8(key_at(scan)?).ok()?;
        match key {
            "inputs" => return Some(rest),
            "decision" | "version" | "as_of" | "explain" if !rest.contains_key(key) => {
                let value = small_value(line, scan)?;
                rest.insert(key.to_owned(), value);
            }
            _ => return None,
        }
        scan.space();
        scan.byte(b',')?;
    }
}

/// A value of the request other than the inputs, read the serde way and held to the line's
/// rules; `None` when it breaks one (the general path then says which).
fn small_value(line: &[u8], scan: &mut Scan<'_>) -> Option<Value> {
    let raw = raw_at(line, scan)?;
    plain_raw(raw, 32)?;
    serde_json::from_str(raw).ok()
}

/// The JSON value at the scan's place, as written; the scan passes over it. Its text is
/// UTF-8 (serde_json checks a raw value's bytes): `None` when it is not.
fn raw_at<'l>(line: &'l [u8], scan: &mut Scan<'_>) -> Option<&'l str> {
    let rest = line.get(scan.at..)?;
    let mut de = serde_json::Deserializer::from_slice(rest);
    let raw = <&RawValue>::deserialize(&mut de).ok()?.get();
    // The scan stood on the value's first byte: the raw text starts there.
    if !rest.starts_with(raw.as_bytes()) {
        return None;
    }
    scan.at += raw.len();
    Some(raw)
}

/// `Some` when `raw` keeps the rules the whole line is held to before anything is decided:
/// no key twice in an object, every number read as written, nesting at most `depth` deep.
fn plain_raw(raw: &str, depth: usize) -> Option<()> {
    let plain = crate::protocol::duplicate_key(raw).is_none()
        && crate::numbers::inexact(raw).is_empty()
        && !crate::protocol::depth_exceeds(raw, depth);
    plain.then_some(())
}

/// What one thread made of its stretch of the inputs.
pub(crate) struct Run {
    /// The results, comma-separated, with a gap at each deferred one.
    out: Vec<u8>,
    /// Inputs that go the general way, with the batch's index of each known only once every
    /// thread is done: (place in `out`, index in this run, the input's JSON).
    deferred: Vec<(usize, usize, Range<usize>)>,
    /// Inputs read.
    count: usize,
    /// Where the run stopped: the next run's start, or just past the inputs' `]`.
    pub(crate) end: usize,
    /// Whether it read the closing `]`.
    pub(crate) closed: bool,
}

/// Decides the inputs array at the scan's place (`[`), on every CPU, and passes over it.
fn decide_inputs(
    engine: &Engine,
    name: &str,
    line: &[u8],
    scan: &mut Scan<'_>,
    limits: &Limits,
) -> Option<Vec<Run>> {
    scan.byte(b'[')?;
    scan.space();
    let starts = guessed_starts(line, scan.at);
    let fork = starts.len() > 1;
    let shared = Shared {
        written: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    };
    let runs: Vec<Option<Run>> = std::thread::scope(|scope| {
        let handles: Vec<_> = starts
            .iter()
            .enumerate()
            .map(|(k, &start)| {
                let until = starts.get(k + 1).copied();
                let shared = &shared;
                scope.spawn(move || {
                    let forked = fork.then(|| engine.fork_for(name));
                    let engine = forked.as_ref().unwrap_or(engine);
                    let run = Worker::new(engine, name, *limits)
                        .and_then(|mut worker| worker.read_run(line, start, until, shared));
                    if run.is_none() {
                        shared.stop.store(true, Ordering::Relaxed);
                    }
                    run
                })
            })
            .collect();
        join_all(handles)
    });
    let mut runs: Vec<Run> = runs.into_iter().collect::<Option<_>>()?;
    // Each guess proved by the run before it ending there; the last run closed the array.
    let proved = runs
        .iter()
        .zip(starts.iter().skip(1))
        .all(|(run, &next)| run.end == next && !run.closed);
    if !proved || !runs.last().is_some_and(|r| r.closed) {
        return None;
    }
    scan.at = runs.last()?.end;
    let texts = vec![line; runs.len()];
    finish_runs(engine, name, &texts, limits, &mut runs)?;
    Some(runs)
}

/// The runs of a whole batch, read from `texts` (one for each run), once each has been
/// proved to end where the next begins: the batch held to the rules a batch may run, and
/// the inputs that went the general way given their results.
pub(crate) fn finish_runs(
    engine: &Engine,
    name: &str,
    texts: &[&[u8]],
    limits: &Limits,
    runs: &mut [Run],
) -> Option<()> {
    let total: usize = runs.iter().map(|r| r.count).sum();
    within_budget(engine.program(), name, total).ok()?;
    fill_deferred(engine, name, texts, limits, runs)
}

/// Where each thread starts: the first input, and for each further CPU the first `{` after
/// `},` past its share of the bytes (a guess, proved or refuted by the thread before).
fn guessed_starts(bytes: &[u8], first: usize) -> Vec<usize> {
    let mut starts = vec![first];
    let length = bytes.len().saturating_sub(first);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(length / BYTES_PER_THREAD)
        .max(1);
    for k in 1..threads {
        let from = first + length / threads * k;
        if let Some(start) = next_object_after_comma(bytes, from)
            && starts.last().is_some_and(|&last| start > last)
        {
            starts.push(start);
        }
    }
    starts
}

/// The index of the first `{` at or after `from` that follows `}` and `,` (spaces between).
fn next_object_after_comma(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += memchr::memchr(b'}', bytes.get(at..)?)?;
        let mut scan = Scan { bytes, at: at + 1 };
        scan.space();
        if scan.eat(b',') {
            scan.space();
            if bytes.get(scan.at) == Some(&b'{') {
                return Some(scan.at);
            }
        }
        at += 1;
    }
}

/// What the threads share: the length of the answer so far (counted as the general path
/// counts it) and whether one has given up, which stops the others.
#[derive(Default)]
pub(crate) struct Shared {
    written: AtomicUsize,
    pub(crate) stop: AtomicBool,
}

/// What a thread reads, decides and writes inputs with, kept from one stretch of the line to
/// the next (a streamed line's blocks, `batch_stream.rs`): the reader's order of the keys and
/// its kept lists, the writer's kept texts and the decider's frame carry over, and the
/// writer's tables (every enum of the program) are made once a thread, not once a block.
pub(crate) struct Worker<'e> {
    engine: &'e Engine,
    decision: &'e Arc<Decision>,
    reader: InputReader<'e>,
    writer: OutputWriter,
    decider: Decider,
    values: Vec<IrValue>,
    outputs: Vec<IrValue>,
}

impl<'e> Worker<'e> {
    /// A worker for the decision `name` of `engine`; `None` when it has none of that name.
    pub(crate) fn new(engine: &'e Engine, name: &str, limits: Limits) -> Option<Worker<'e>> {
        let decision = engine.program().decision(name)?.1;
        Some(Worker {
            engine,
            decision,
            reader: InputReader::new(engine, decision, limits),
            writer: OutputWriter::new(engine.program(), decision),
            decider: engine.decider(decision),
            values: Vec::new(),
            outputs: Vec::new(),
        })
    }

    /// Reads, decides and writes the inputs from `start` until `until` (the next run's
    /// start) or the end of the array; `None` when the line must go another way. What a
    /// run passes over is UTF-8 (`bytes` need not be: a run over bytes that are not ends
    /// before them): the reader's plain inputs are ASCII or compared with names, the others
    /// read by serde_json, which checks, and what lies between them is ASCII.
    pub(crate) fn read_run(
        &mut self,
        bytes: &[u8],
        start: usize,
        until: Option<usize>,
        shared: &Shared,
    ) -> Option<Run> {
        let Worker {
            engine,
            decision: d,
            reader,
            writer,
            decider,
            values,
            outputs,
        } = self;
        let (program, d) = (engine.program(), *d);
        let stretch = until.unwrap_or(bytes.len()).saturating_sub(start);
        let mut run = Run {
            out: Vec::with_capacity(stretch),
            deferred: Vec::new(),
            count: 0,
            end: start,
            closed: false,
        };
        let mut scan = Scan { bytes, at: start };
        let mut published = 0;
        loop {
            if until.is_some_and(|until| scan.at >= until) {
                run.end = scan.at;
                return Some(run);
            }
            if run.count > 0 {
                run.out.push(b',');
            }
            let mark = run.out.len();
            let input = scan.at;
            let plain = match reader.read_at(bytes, input, values) {
                Some(end) => {
                    scan.at = end;
                    true
                }
                None => {
                    let raw = raw_at(bytes, &mut scan)?;
                    #[cfg(debug_assertions)]
                    crate::batch::planted_fault(raw);
                    plain_raw(raw, INPUT_DEPTH)?;
                    reader.read(raw, values)
                }
            };
            let written = plain && decider.decide_into(values, outputs).is_ok() && {
                run.out.extend_from_slice(br#"{"output":"#);
                writer.write(program, d, outputs, &mut run.out).is_ok()
            };
            if written {
                run.out.push(b'}');
            } else {
                run.out.truncate(mark);
                run.deferred.push((mark, run.count, input..scan.at));
            }
            run.count += 1;
            // The length of the answer (each result and its comma, as the general path counts)
            // is shared now and then: past its limit, or past the rules a batch may run, or when
            // another thread gave up, every thread stops. The exact count is made at the end.
            if run.count.is_multiple_of(256) {
                let length = run.out.len() + run.count;
                let before = shared
                    .written
                    .fetch_add(length - published, Ordering::Relaxed);
                published = length;
                if before + length > MAX_ANSWER
                    || shared.stop.load(Ordering::Relaxed)
                    || within_budget(program, &d.name, run.count).is_err()
                {
                    return None;
                }
            }
            scan.space();
            if scan.eat(b']') {
                run.end = scan.at;
                run.closed = true;
                return Some(run);
            }
            scan.byte(b',')?;
            scan.space();
        }
    }
}

/// The results of the inputs that went the general way (their errors name their place in
/// the batch), each in its gap, on every CPU as the runs were; `None` when the answer would
/// pass its limit.
fn fill_deferred(
    engine: &Engine,
    name: &str,
    texts: &[&[u8]],
    limits: &Limits,
    runs: &mut [Run],
) -> Option<()> {
    let mut offsets = Vec::with_capacity(runs.len());
    let mut offset = 0;
    for run in runs.iter() {
        offsets.push(offset);
        offset += run.count;
    }
    let fork = runs.iter().filter(|r| !r.deferred.is_empty()).count() > 1;
    let written = AtomicUsize::new(runs.iter().map(|r| r.out.len() + r.count).sum());
    let filled: Vec<Option<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter_mut()
            .zip(offsets)
            .zip(texts)
            .filter(|((run, _), _)| !run.deferred.is_empty())
            .map(|((run, offset), line)| {
                let written = &written;
                scope.spawn(move || {
                    let forked = fork.then(|| engine.fork_for(name));
                    let engine = forked.as_ref().unwrap_or(engine);
                    fill_run(engine, name, line, limits, run, offset, written)
                })
            })
            .collect();
        join_all(handles)
    });
    filled.into_iter().collect()
}

/// [`fill_deferred`] for one run, whose first input is input `offset` of the batch.
fn fill_run(
    engine: &Engine,
    name: &str,
    line: &[u8],
    limits: &Limits,
    run: &mut Run,
    offset: usize,
    written: &AtomicUsize,
) -> Option<()> {
    let mut out = Vec::with_capacity(run.out.len());
    let mut from = 0;
    for (at, index, range) in &run.deferred {
        let input: Value = serde_json::from_slice(line.get(range.clone())?).ok()?;
        let prefix = format!("/inputs/{}", offset + index);
        let result = crate::batch::result(engine, name, &input, &prefix, limits, false);
        out.extend_from_slice(run.out.get(from..*at)?);
        let before = out.len();
        serde_json::to_writer(&mut out, &result).ok()?;
        let length = out.len() - before;
        if written.fetch_add(length, Ordering::Relaxed) + length > MAX_ANSWER {
            return None;
        }
        from = *at;
    }
    out.extend_from_slice(run.out.get(from..)?);
    run.out = out;
    Some(())
}

/// The answer: the results of every run in order, inside the response.
pub(crate) fn answer(id: &Value, version: &str, name: &str, runs: Vec<Run>) -> Option<Pieces> {
    let mut head = br#"{"jsonrpc":"2.0","id":"#.to_vec();
    serde_json::to_writer(&mut head, id).ok()?;
    head.extend_from_slice(br#","result":{"version":"#);
    serde_json::to_writer(&mut head, version).ok()?;
    head.extend_from_slice(br#","decision":"#);
    serde_json::to_writer(&mut head, name).ok()?;
    head.extend_from_slice(br#","results":["#);
    let mut pieces = Pieces::default();
    pieces.push(head);
    let mut first = true;
    for run in runs.into_iter().filter(|r| r.count > 0) {
        if !first {
            pieces.push(b",".to_vec());
        }
        first = false;
        pieces.push(run.out);
    }
    pieces.push(b"]}}".to_vec());
    if pieces.len() >= MAX_ANSWER {
        let error = answer_too_long("the answer");
        let mut text = Vec::new();
        serde_json::to_writer(&mut text, &response(id, Err(error))).ok()?;
        let mut pieces = Pieces::default();
        pieces.push(text);
        return Some(pieces);
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::batch::tests::server;
    use crate::batch_stream::tests::plain;
    use proptest::prelude::*;

    /// The general path's answer to `line`.
    fn general(line: &str) -> Option<String> {
        server().general_only().handle_line(line)
    }

    fn request(params: &str) -> String {
        format!(r#"{{"jsonrpc":"2.0","id":5,"method":"decide.batch","params":{params}}}"#)
    }

    fn batch(inputs: &[String]) -> String {
        request(&format!(
            r#"{{"version":"2023","decision":"listning.byte","inputs":[{}]}}"#,
            inputs.join(",")
        ))
    }

    /// The line read straight from its bytes, which must answer it, as the general path does.
    fn straight(line: &str) -> String {
        let answer = server()
            .batch_from_line(line)
            .map(|p| p.into_string().unwrap());
        let answer = answer.unwrap_or_else(|| panic!("read straight: {line:.300}"));
        assert_eq!(Some(&answer), general(line).as_ref(), "{line:.300}");
        answer
    }

    #[test]
    fn a_plain_batch_is_read_straight_and_answered_as_the_general_path_answers() {
        let inputs: Vec<String> = (0..50).map(plain).collect();
        straight(&batch(&inputs));
        // Spaces wherever JSON allows them, and the request's members in another order.
        let spaced = format!(
            " {{ \"id\" : \"x\" ,\t\"method\":\"decide.batch\" ,\"params\" : {{ \"decision\" : \"listning.byte\" , \"inputs\" : [ {} ] }} , \"jsonrpc\" : \"2.0\" }}\r ",
            inputs
                .iter()
                .map(|i| i.replace(',', " ,\n ").replace(':', " : "))
                .collect::<Vec<_>>()
                .join(" , ")
        );
        straight(&spaced);
    }

    #[test]
    fn a_batch_large_enough_for_every_thread_is_cut_where_the_guess_is_proved() {
        let inputs: Vec<String> = (0..6000).map(plain).collect();
        let line = batch(&inputs);
        assert!(
            guessed_starts(line.as_bytes(), 0).len() > 1
                || std::thread::available_parallelism().map_or(1, usize::from) == 1
        );
        straight(&line);
        // Inputs the general way among them: their errors name their place in the whole batch.
        let mut inputs = inputs;
        for i in [1, 2999, 3000, 3001, 5999] {
            inputs[i] = r#"{"datum":"2023-02-30","tidigare_byten":[]}"#.into();
        }
        inputs[4000] =
            r#"{"datum":"2023-05-10","tidigare_byten":[],"okand":[1,{"a":"},{"}]}"#.into();
        straight(&batch(&inputs));
    }

    #[test]
    fn other_types_are_read_straight_or_the_serde_way_and_answered_the_same() {
        for (decision, inputs) in [
            (
                "kapacitetsstopp.beslut",
                [
                    r#"{"fran":"2023-01-01","till":"2023-03-31","skriftlig_anmalan":true,"risker":["patientsakerhet"]}"#,
                    r#"{"fran":"2023-01-01","till":"2023-03-31","skriftlig_anmalan":true,"risker":["okand"]}"#,
                    r#"{"fran":"2023-01-01","till":"2022-12-31","skriftlig_anmalan":true,"risker":null}"#,
                ],
            ),
            (
                "sanktion.vite",
                [
                    r#"{"manatlig_vardpeng":"1234567.89","storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":100000,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true,"begart_vite":null}"#,
                    r#"{"manatlig_vardpeng":"1.001","storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                ],
            ),
        ] {
            straight(&request(&format!(
                r#"{{"decision":"{decision}","inputs":[{}]}}"#,
                inputs.join(",")
            )));
        }
    }

    #[test]
    fn a_wrong_guess_leaves_the_line_to_the_paths_before() {
        // Texts holding `},{` wherever a thread might start: the guess lands inside them.
        let inputs: Vec<String> = (0..4000)
            .map(|i| {
                format!(
                    r#"{{"datum":"2023-12-31","tidigare_byten":[],"x":"{}"}}"#,
                    "},{\"a\":1}".repeat(i % 9 + 1)
                )
            })
            .collect();
        let line = batch(&inputs);
        let mut server = server();
        let answer = server.handle_line(&line);
        assert_eq!(answer, general(&line));
    }

    #[test]
    fn an_input_nesting_to_the_line_limit_is_answered_one_level_below_it_refused() {
        for depth in [120, 124, 125, 126] {
            let nested = format!("{}{}", "[".repeat(depth - 1), "]".repeat(depth - 1));
            let input = format!(r#"{{"datum":"2023-12-31","tidigare_byten":[],"x":{nested}}}"#);
            let line = batch(&[plain(1), input, plain(2)]);
            assert_eq!(server().handle_line(&line), general(&line), "depth {depth}");
        }
    }

    #[test]
    fn what_this_path_does_not_read_is_answered_as_before() {
        let inputs = [plain(1), plain(2)].join(",");
        for line in [
            // The inputs before another parameter, the method after the params, an escaped
            // key, a key twice, an unknown member, a batch of requests, an empty batch.
            request(&format!(
                r#"{{"inputs":[{inputs}],"decision":"listning.byte"}}"#
            )),
            format!(
                r#"{{"jsonrpc":"2.0","id":1,"params":{{"decision":"listning.byte","inputs":[{inputs}]}},"method":"decide.batch"}}"#
            ),
            request(&format!(
                r#"{{"decisio\u006e":"listning.byte","inputs":[{inputs}]}}"#
            )),
            request(&format!(
                r#"{{"decision":"listning.byte","decision":"listning.byte","inputs":[{inputs}]}}"#
            )),
            request(&format!(
                r#"{{"decision":"listning.byte","inputs":[{inputs}],"okand":1}}"#
            )),
            format!("[{}]", batch(&[plain(1)])),
            batch(&[]),
            // A number that cannot be read exactly, in the params and in an input.
            request(&format!(
                r#"{{"decision":"listning.byte","version":1e400,"inputs":[{inputs}]}}"#
            )),
            batch(&[
                plain(1),
                r#"{"datum":"2023-12-31","tidigare_byten":[],"n":1.00000000000000000001}"#.into(),
            ]),
            // A key twice inside an input, at the top and deeper.
            batch(&[
                plain(1),
                r#"{"datum":"2023-12-31","datum":"2023-12-31","tidigare_byten":[]}"#.into(),
            ]),
            batch(&[
                plain(1),
                r#"{"datum":"2023-12-31","tidigare_byten":[],"x":{"a":1,"a":2}}"#.into(),
            ]),
            // Not JSON after the inputs, or inside one.
            format!("{} x", batch(&[plain(1)])),
            batch(&[
                plain(1),
                r#"{"datum":"2023-12-31","tidigare_byten":[],}"#.into(),
            ]),
            batch(&[
                plain(1),
                r#"{"datum":"2023-12-31","tidigare_byten":["2023-01-01",]}"#.into(),
            ]),
            request(&format!(
                r#"{{"decision":"listning.byte","inputs":[{inputs}]"#
            )),
        ] {
            assert_eq!(server().handle_line(&line), general(&line), "{line}");
        }
    }

    #[test]
    fn a_bug_in_this_path_is_answered_as_a_bug() {
        let line = batch(&[plain(1), r#""regel.debug.panic""#.into(), plain(2)]);
        let mut server = server();
        let answer: Value = serde_json::from_str(&server.handle_line(&line).unwrap()).unwrap();
        assert_eq!(answer["error"]["code"], -32603, "{answer}");
        assert_eq!(answer["id"], 5);
    }

    /// A JSON string holding `text`, with some of its characters escaped.
    fn spelled(text: &str, escape: &[bool]) -> String {
        let mut out = String::from("\"");
        for (i, c) in text.chars().enumerate() {
            match escape.get(i % escape.len().max(1)) {
                Some(true) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                _ => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// A value for an input field: right or wrong, in many spellings.
    fn field_value() -> impl Strategy<Value = String> {
        let date = (1990u32..2030, 0u32..14, 0u32..33)
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
        prop_oneof![
            4 => (date.clone(), prop::collection::vec(any::<bool>(), 1..4)).prop_map(|(d, e)| spelled(&d, &e)),
            2 => prop::collection::vec(date.clone(), 0..5).prop_map(|ds| format!("[{}]", ds.iter().map(|d| format!("\"{d}\"")).collect::<Vec<_>>().join(","))),
            1 => prop::collection::vec(date, 0..3).prop_map(|ds| format!("[ {} ]", ds.iter().map(|d| spelled(d, &[false, true])).collect::<Vec<_>>().join(" ,"))),
            2 => Just("true".to_owned()),
            1 => Just("false".to_owned()),
            1 => Just("null".to_owned()),
            1 => prop_oneof![Just("0"), Just("-0"), Just("12"), Just("1.5"), Just("1e3"), Just("-2.5E-3"), Just("1E+2"), Just("123456789012345678901234567890"), Just("0.1000000000000000000001"), Just("01"), Just("1.")].prop_map(str::to_owned),
            1 => prop_oneof![Just("\"filial\""), Just("\"huvudmottagning\""), Just("\"fi\\u006cial\""), Just("\"ä\\\"\\\\\\n\""), Just("\"\\ud83d\\ude00\""), Just("\"\\ud800\""), Just("\"\u{1F600}\"")].prop_map(str::to_owned),
            1 => prop_oneof![Just("{}"), Just("[[]]"), Just("{\"a\":[1,{\"b\":null}]}"), Just("[1,]"), Just("tru"), Just("\"\t\"")].prop_map(str::to_owned),
        ]
    }

    /// An input: an object of known and unknown fields, or something else.
    fn input() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            4 => Just("\"datum\""),
            4 => Just("\"tidigare_byten\""),
            2 => Just("\"sarskilda_skal\""),
            1 => Just("\"mal_enhet\""),
            1 => Just("\"okand\""),
            1 => Just("\"d\\u0061tum\""),
        ];
        let space = prop_oneof![8 => Just(""), 1 => Just(" "), 1 => Just("\n\t")];
        let field =
            (key, space.clone(), field_value()).prop_map(|(k, s, v)| format!("{k}{s}:{s}{v}"));
        prop_oneof![
            12 => (prop::collection::vec(field, 0..5), space).prop_map(|(fs, s)| format!("{{{s}{}{s}}}", fs.join(","))),
            1 => Just("[1, 2]".to_owned()),
            1 => Just("\"regel\"".to_owned()),
            1 => Just("null".to_owned()),
            1 => Just("{\"datum\":\"2023-12-31\"".to_owned()),
        ]
    }

    /// Any batch of such inputs: the line's answer is the general path's, byte for byte.
    #[test]
    fn any_batch_is_answered_as_the_general_path_answers_it() {
        // The servers are built once (each compiles the policies), with two bounds on lists.
        let short = regel_eval::Limits {
            max_list: 2,
            ..regel_eval::Limits::default()
        };
        let servers = std::cell::RefCell::new([
            (server(), server().general_only()),
            (
                server().with_limits(short),
                server().with_limits(short).general_only(),
            ),
        ]);
        // A fixed seed: the counts below (how many lines each fast way answered) must not
        // depend on the draw; a random one left the streamed count at the bound now and then.
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(
            ProptestConfig::with_cases(400),
            proptest::test_runner::TestRng::deterministic_rng(
                proptest::test_runner::RngAlgorithm::ChaCha,
            ),
        );
        let strategy = (prop::collection::vec(input(), 0..12), 0..2usize);
        let read_straight = std::cell::Cell::new(0);
        let streamed = crate::batch_stream::tests::STREAMED.get();
        let result = runner.run(&strategy, |(inputs, which)| {
            let line = batch(&inputs);
            let mut servers = servers.borrow_mut();
            let (fast, general) = servers.get_mut(which).unwrap();
            let expected = general.handle_line(&line);
            if let Some(pieces) = fast.batch_from_line(&line) {
                read_straight.set(read_straight.get() + 1);
                prop_assert_eq!(pieces.into_string(), expected.clone(), "{}", line);
            }
            prop_assert_eq!(fast.handle_line(&line), expected.clone(), "{}", line);
            // Read while it arrives (the request's head in the first block), in blocks of a few
            // inputs; a line, so no newline in it.
            let line = line.replace('\n', " ");
            let expected = general.handle_line(&line);
            let streamed = crate::batch_stream::tests::served(fast, &format!("{line}\n"), 16, 112);
            prop_assert_eq!(
                streamed,
                expected.map_or(String::new(), |e| e + "\n"),
                "{}",
                line
            );
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
        assert!(
            read_straight.get() > 40,
            "{} read straight",
            read_straight.get()
        );
        let streamed = crate::batch_stream::tests::STREAMED.get() - streamed;
        assert!(streamed > 40, "{streamed} read while they arrived");
    }

    /// Any such batch with a byte put over one of its own (not UTF-8, or another character's
    /// part), read while it arrives: answered as the general way answers the whole line.
    #[test]
    fn any_batch_with_a_byte_changed_is_answered_while_it_arrives_as_the_whole_line_is() {
        use crate::batch_stream::tests::served_bytes;
        let servers = std::cell::RefCell::new((server(), server().general_only()));
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(
            ProptestConfig::with_cases(300),
            proptest::test_runner::TestRng::deterministic_rng(
                proptest::test_runner::RngAlgorithm::ChaCha,
            ),
        );
        let strategy = (
            prop::collection::vec(input(), 1..12),
            any::<prop::sample::Index>(),
            0x80u8..=0xff,
        );
        let not_utf8 = std::cell::Cell::new(0);
        let result = runner.run(&strategy, |(inputs, at, byte)| {
            let mut line = batch(&inputs).replace('\n', " ").into_bytes();
            let at = at.index(line.len());
            line[at] = byte;
            not_utf8.set(not_utf8.get() + usize::from(std::str::from_utf8(&line).is_err()));
            line.push(b'\n');
            let (fast, general) = &mut *servers.borrow_mut();
            prop_assert_eq!(
                served_bytes(fast, &line, 16, 112),
                served_bytes(general, &line, 16, 112),
                "{}",
                String::from_utf8_lossy(&line)
            );
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
        assert!(not_utf8.get() > 250, "{} not UTF-8", not_utf8.get());
    }

    /// Writes `room` bytes, then fails as a pipe whose reader went away does.
    struct ClosedPipe {
        room: usize,
    }

    impl std::io::Write for ClosedPipe {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A writer that takes a few bytes a call from as many slices as they span, now and then
    /// interrupted: what a pipe does to `writev` when a signal comes or the pipe fills.
    struct Dribble {
        out: Vec<u8>,
        step: usize,
        calls: usize,
    }

    impl std::io::Write for Dribble {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.write_vectored(&[IoSlice::new(buf)])
        }
        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(3) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let mut taken = 0;
            for buf in bufs {
                let n = buf.len().min(self.step - taken);
                self.out.extend_from_slice(&buf[..n]);
                taken += n;
            }
            Ok(taken)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_answer_in_pieces_is_written_whole_whatever_each_write_takes() {
        let pieces = Pieces(vec![
            b"{\"a\":[".to_vec(),
            Vec::new(),
            b"1,2".to_vec(),
            b"]}".to_vec(),
        ]);
        for step in [1, 2, 5, 100] {
            let mut out = Dribble {
                out: Vec::new(),
                step,
                calls: 0,
            };
            pieces.write_line_to(&mut out).unwrap();
            assert_eq!(out.out, b"{\"a\":[1,2]}\n", "{step}");
        }
    }

    #[test]
    fn a_closed_pipe_ends_the_loop_with_its_error() {
        let inputs: Vec<String> = (0..100).map(plain).collect();
        let lines = format!("{}\n{}\n", batch(&inputs), batch(&inputs));
        for room in [0, 1, 5000] {
            let mut server = server();
            let result = crate::serve(&mut server, lines.as_bytes(), ClosedPipe { room });
            assert_eq!(
                result.map_err(|e| e.kind()),
                Err(std::io::ErrorKind::BrokenPipe)
            );
        }
        // A line cut short by the end of the input is answered as the line it is.
        let cut = batch(&inputs);
        let cut = cut.get(..cut.len() / 2).unwrap();
        let mut out = Vec::new();
        crate::serve(&mut server(), cut.as_bytes(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}\n", general(cut).unwrap())
        );
    }
}
