//! `decide.batch` without a tree of the whole line: the inputs are read as borrowed raw JSON,
//! each is parsed, decided and written into the answer on its own (on every CPU), so a batch
//! of 100 000 inputs costs one input's tree at a time, not 100 000 trees in and out.
//!
//! Only the well-formed common case takes this path: a single `decide.batch` request with a
//! string or number `id`, without `explain` or `overrides`. Anything else, and any error before
//! the first input is decided, returns `None`, and the general path answers the line, so the
//! two paths cannot disagree on errors. Answers are byte for byte those of the general path.

use regel_eval::{Engine, InputReader, Limits, json};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::Server;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::methods::{batch_too_long, within_budget};
use crate::params::{self, DecideBatch};
use crate::protocol::{MAX_ANSWER, response};
use regel_app::fields;

/// A request line read in one pass, the inputs left as raw text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(borrow)]
    jsonrpc: &'a RawValue,
    #[serde(borrow)]
    id: &'a RawValue,
    #[serde(borrow)]
    method: &'a RawValue,
    #[serde(borrow)]
    params: Params<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params<'a> {
    #[serde(borrow)]
    inputs: Vec<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    decision: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    version: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    as_of: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    explain: Option<&'a RawValue>,
}

/// A member that is there, even as `null` (which `Option` alone would take for absent).
fn present<'de, D: Deserializer<'de>>(de: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(de).map(Some)
}

/// Inputs decided per thread at least; a smaller batch runs on one.
const PER_THREAD: usize = 2048;

impl Server {
    /// The engine, version and decision of a batch from its parameters other than `inputs`,
    /// through the general checks; `None` (the general path answers) for `explain` or any
    /// parameter the checks refuse.
    pub(crate) fn batch_target(
        &mut self,
        mut rest: Map<String, Value>,
    ) -> Option<(Engine, String, String)> {
        if rest
            .get("explain")
            .is_some_and(|e| *e != Value::Bool(false))
        {
            return None;
        }
        // The inputs are read apart: the checks see an empty list.
        rest.insert("inputs".to_owned(), Value::Array(Vec::new()));
        let p: DecideBatch = params::parse(&Value::Object(rest)).ok()?;
        let (engine, version, name, _) = self.prepare(&p.target()).ok()?;
        Some((engine, version, name))
    }

    /// The answer to `line` when it is a plain `decide.batch` request; `None` otherwise.
    pub(crate) fn fast_batch(&mut self, line: &str) -> Option<String> {
        // serde_json refuses a line nesting 128 deep, but not when the deepest part is read
        // as raw text (an input): such a line goes the general way, which refuses it.
        if crate::protocol::depth_exceeds(line, crate::protocol::MAX_DEPTH - 1) {
            return None;
        }
        let message: Envelope = serde_json::from_str(line).ok()?;
        if parse(message.jsonrpc)? != "2.0" || parse(message.method)? != "decide.batch" {
            return None;
        }
        let id = parse(message.id).filter(|id| id.is_string() || id.is_i64() || id.is_u64())?;
        let params = &message.params;
        let inputs = &params.inputs;
        // The other parameters are small: as a map, they go through the general checks.
        let mut rest = Map::new();
        for (key, raw) in [
            ("decision", params.decision),
            ("version", params.version),
            ("as_of", params.as_of),
            ("explain", params.explain),
        ] {
            if let Some(raw) = raw {
                rest.insert(key.to_owned(), parse(raw)?);
            }
        }
        let (engine, version, name) = self.batch_target(rest)?;
        within_budget(engine.program(), &name, inputs.len()).ok()?;

        let written = AtomicUsize::new(0);
        let results = decide_all(&engine, &name, inputs, &self.limits, &written)?;
        if written.load(Ordering::Relaxed) > MAX_ANSWER {
            let error = batch_too_long(inputs.len());
            return serde_json::to_string(&response(&id, Err(error))).ok();
        }
        let mut answer = Vec::with_capacity(results.iter().map(Vec::len).sum::<usize>() + 256);
        answer.extend_from_slice(br#"{"jsonrpc":"2.0","id":"#);
        serde_json::to_writer(&mut answer, &id).ok()?;
        answer.extend_from_slice(br#","result":{"version":"#);
        serde_json::to_writer(&mut answer, &version).ok()?;
        answer.extend_from_slice(br#","decision":"#);
        serde_json::to_writer(&mut answer, &name).ok()?;
        answer.extend_from_slice(br#","results":["#);
        let mut first = true;
        for part in results.iter().filter(|p| !p.is_empty()) {
            if !first {
                answer.push(b',');
            }
            answer.extend_from_slice(part);
            first = false;
        }
        answer.extend_from_slice(b"]}}");
        if answer.len() >= MAX_ANSWER {
            let error = crate::protocol::answer_too_long("the answer");
            return serde_json::to_string(&response(&id, Err(error))).ok();
        }
        String::from_utf8(answer).ok()
    }
}

fn parse(raw: &RawValue) -> Option<Value> {
    serde_json::from_str(raw.get()).ok()
}

/// The results of all inputs as comma-separated JSON, one part per thread, in input order;
/// `None` when a thread failed (the general path then answers, and reports a panic).
fn decide_all(
    engine: &Engine,
    name: &str,
    inputs: &[&RawValue],
    limits: &Limits,
    written: &AtomicUsize,
) -> Option<Vec<Vec<u8>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(inputs.len() / PER_THREAD)
        .max(1);
    let chunk = inputs.len().div_ceil(threads).max(1);
    let fork = threads > 1;
    std::thread::scope(|scope| {
        let parts: Vec<_> = inputs
            .chunks(chunk)
            .enumerate()
            .map(|(n, part)| {
                scope.spawn(move || {
                    decide_part(engine, name, part, n * chunk, limits, fork, written)
                })
            })
            .collect();
        join_all(parts)
    })
}

/// Each thread's result, in order. A thread that panicked passes its panic on, to be
/// answered and logged as a bug.
pub(crate) fn join_all<T, C: FromIterator<T>>(
    threads: Vec<std::thread::ScopedJoinHandle<'_, T>>,
) -> C {
    threads
        .into_iter()
        .map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
        .collect()
}

/// Decides `inputs` (the first being input `offset` of the batch) into comma-separated results.
/// A plain input is read straight into values, decided with one frame and written without a
/// tree; any other goes the general way ([`result`]), which gives its exact error.
fn decide_part(
    engine: &Engine,
    name: &str,
    inputs: &[&RawValue],
    offset: usize,
    limits: &Limits,
    fork: bool,
    written: &AtomicUsize,
) -> Option<Vec<u8>> {
    let forked = fork.then(|| engine.fork_for(name));
    let engine = forked.as_ref().unwrap_or(engine);
    let (program, d) = (engine.program(), engine.program().decision(name)?.1);
    let mut reader = InputReader::new(engine, d, *limits);
    let mut decider = engine.decider(d);
    let (mut values, mut outputs) = (Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(inputs.len() * 96);
    for (i, raw) in inputs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        #[cfg(debug_assertions)]
        planted_fault(raw.get());
        let mark = out.len();
        if !(reader.read(raw.get(), &mut values)
            && decider.decide_into(&values, &mut outputs).is_ok()
            && {
                out.extend_from_slice(br#"{"output":"#);
                json::write_outputs(program, d, &outputs, &mut out).is_ok()
            })
        {
            out.truncate(mark);
            let prefix = format!("/inputs/{}", offset + i);
            let input: Value = serde_json::from_str(raw.get()).ok()?;
            let result = result(engine, name, &input, &prefix, limits, false);
            serde_json::to_writer(&mut out, &result).ok()?;
        } else {
            out.push(b'}');
        }
        // Counted as the general path counts (each result and its comma); past the limit
        // of the answer, every thread stops.
        let length = out.len() - mark + 1;
        if written.fetch_add(length, Ordering::Relaxed) + length > MAX_ANSWER {
            break;
        }
    }
    Some(out)
}

/// A fault planted for tests (debug builds only): the input `"regel.debug.panic"` makes the
/// fast path panic, to prove the panic is answered as a bug and not hidden.
#[cfg(debug_assertions)]
#[expect(clippy::panic, reason = "the planted fault exists to panic")]
pub(crate) fn planted_fault(raw: &str) {
    if raw == r#""regel.debug.panic""# {
        panic!("the planted fault of the decide.batch fast path");
    }
}

/// One result of a batch: `{"output": …}` (with `"trace"` when explained) or `{"error": …}`.
pub(crate) fn result(
    engine: &Engine,
    name: &str,
    input: &Value,
    prefix: &str,
    limits: &Limits,
    explain: bool,
) -> Value {
    match regel_app::decide_input(engine, name, input, explain, prefix, limits) {
        Ok(d) => match (d.trace, d.motivering) {
            (Some(trace), Some(m)) => fields([
                ("output", d.output),
                ("trace", trace),
                ("motivering", Value::String(m)),
            ]),
            _ => fields([("output", d.output)]),
        },
        Err(e) => {
            crate::methods::log_internal(&e);
            fields([("error", e.to_json())])
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A server over the bundled 2021 and 2023.
    pub(crate) fn server() -> Server {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
        let versions = ["2021", "2023"]
            .iter()
            .map(|v| {
                let mut files: Vec<(String, String)> = std::fs::read_dir(root.join(v))
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|x| x == "regel"))
                    .map(|p| {
                        let name = p.file_name().unwrap().to_string_lossy().into_owned();
                        (format!("{v}/{name}"), std::fs::read_to_string(&p).unwrap())
                    })
                    .collect();
                files.sort();
                ((*v).to_owned(), files)
            })
            .collect();
        Server::new(versions)
    }

    #[test]
    fn a_panic_in_the_fast_path_is_answered_as_a_bug_not_hidden() {
        let line = r#"{"jsonrpc":"2.0","id":7,"method":"decide.batch","params":{"decision":"listning.byte","version":"2023","inputs":[{"datum":"2023-05-10","tidigare_byten":[]},"regel.debug.panic"]}}"#;
        let fast: Value = serde_json::from_str(&server().handle_line(line).unwrap()).unwrap();
        assert_eq!(fast["id"], 7);
        assert_eq!(fast["error"]["code"], -32603, "{fast}");
        // The general path has no such fault: the differential fuzz target sees them differ.
        let general: Value =
            serde_json::from_str(&server().general_only().handle_line(line).unwrap()).unwrap();
        assert!(general.get("result").is_some(), "{general}");
    }

    /// The general path's answer to `line`, as `handle_line` writes it.
    fn general(server: &mut Server, line: &str) -> String {
        server.answer(line).unwrap()
    }

    fn batch(id: &str, extra: &str, inputs: &[String]) -> String {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"decide.batch","params":{{"decision":"listning.byte"{extra},"inputs":[{}]}}}}"#,
            inputs.join(",")
        )
    }

    /// Inputs that decide, are rejected, are ill-typed, name unknown fields, break the list
    /// bound, or are not objects.
    fn mixed(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| match i % 7 {
                0 => r#"{"datum":"2023-05-10","tidigare_byten":["2022-09-01","2023-01-15"]}"#.into(),
                1 => r#"{"datum":"2023-05-10","tidigare_byten":["2023-06-01"]}"#.into(),
                2 => r#"{"datum":"2023-02-30","tidigare_byten":[]}"#.into(),
                3 => r#"{"datum":"2024-02-29","tidigare_byten":[],"okand":1}"#.into(),
                4 => r#"[1, 2]"#.into(),
                5 => format!(r#"{{"datum":"2024-02-29","tidigare_byten":[],"mal_enhet":"filial","n":{i}}}"#),
                _ => r#"{"datum":"2024-12-31","tidigare_byten":["2024-01-01"],"sarskilda_skal":true}"#.into(),
            })
            .collect()
    }

    #[test]
    fn the_fast_path_answers_byte_for_byte_as_the_general_path() {
        let mut server = server();
        for (id, extra, n) in [
            ("1", "", 0),
            ("\"a\\\"b\"", "", 7),
            ("75", r#","version":"2023""#, 21),
            ("-3", r#","as_of":"2023-06-01","explain":false"#, 14),
            // Enough inputs for every thread to take a part.
            ("42", "", 3 * PER_THREAD + 5),
        ] {
            let line = batch(id, extra, &mixed(n));
            let fast = server
                .fast_batch(&line)
                .expect("a plain batch takes the fast path");
            assert_eq!(fast, general(&mut server, &line), "id {id}, {n} inputs");
            assert_eq!(server.handle_line(&line), Some(fast));
        }
    }

    /// Every type the reader takes plainly or hands over (enums and lists of them, money, an
    /// optional set to null, decimals with domains), right and wrong.
    #[test]
    fn other_decisions_answer_the_same_on_both_paths() {
        let mut server = server();
        let cases: [(&str, &str, &[&str]); 3] = [
            (
                "2023",
                "kapacitetsstopp.beslut",
                &[
                    r#"{"fran":"2023-01-01","till":"2023-03-31","skriftlig_anmalan":true,"risker":["patientsakerhet"]}"#,
                    r#"{"fran":"2024-02-29","till":"2024-05-31","skriftlig_anmalan":false}"#,
                    r#"{"fran":"2023-01-01","till":"2022-12-31","skriftlig_anmalan":true}"#,
                    r#"{"fran":"2023-01-01","till":"2023-03-31","skriftlig_anmalan":true,"risker":["okand"]}"#,
                    r#"{"fran":"2023-01-01","till":"2023-03-31","skriftlig_anmalan":"ja"}"#,
                    r#"{"fran":"2023-01-01","till":"2023-03-31"}"#,
                ],
            ),
            (
                "2023",
                "sanktion.vite",
                &[
                    r#"{"manatlig_vardpeng":"1234567.89","storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":100000,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true,"begart_vite":null}"#,
                    r#"{"manatlig_vardpeng":"100000.00","storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true,"begart_vite":"99999999.00"}"#,
                    r#"{"manatlig_vardpeng":"-1.00","storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":"1.001","storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":"100.00","storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true,"begart_vite":"-5.00"}"#,
                    // Amounts as JSON numbers: plain ones read straight, the others (an
                    // exponent, a negative zero, three decimals) the general way.
                    r#"{"manatlig_vardpeng":1234567.89,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true,"begart_vite":0.5}"#,
                    r#"{"manatlig_vardpeng":1.50,"storre_avvikelse":false,"rattelse_skett":false,"yttrande_mojlighet_given":true,"begart_vite":-0.07}"#,
                    r#"{"manatlig_vardpeng":1234567890123.45,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":12345678901234.56,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":1e5,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":-0,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                    r#"{"manatlig_vardpeng":100.001,"storre_avvikelse":true,"rattelse_skett":false,"yttrande_mojlighet_given":true}"#,
                ],
            ),
            (
                "2021",
                "ersattning.vardpeng",
                &[
                    r#"{"andel_alder":"0.025","andel_acg":"0.031","andel_cni":"0.017"}"#,
                    r#"{"andel_alder":0.5,"andel_acg":1,"andel_cni":0}"#,
                    r#"{"andel_alder":"1.5","andel_acg":"0.031","andel_cni":"0.017"}"#,
                    r#"{"andel_alder":"x","andel_acg":"0.031","andel_cni":"0.017"}"#,
                    r#"{"andel_alder":"0.50","andel_acg":"1","andel_cni":"0.000"}"#,
                    r#"{"andel_alder":"-0.0","andel_acg":"00.5","andel_cni":".5"}"#,
                ],
            ),
        ];
        for (version, decision, inputs) in cases {
            let line = format!(
                r#"{{"jsonrpc":"2.0","id":1,"method":"decide.batch","params":{{"version":"{version}","decision":"{decision}","inputs":[{}]}}}}"#,
                inputs.join(",")
            );
            let fast = server
                .fast_batch(&line)
                .expect("a plain batch takes the fast path");
            assert_eq!(fast, general(&mut server, &line), "{decision}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_the_general_path() {
        let mut server = server();
        let inputs = mixed(3);
        for line in [
            batch("null", "", &inputs),
            batch("[1]", "", &inputs),
            batch("1", r#","explain":true"#, &inputs),
            batch("1", r#","overrides":{"max_byten":3}"#, &inputs),
            batch("1", r#","version":"1999""#, &inputs),
            batch("1", r#","version":"2023","as_of":"2023-01-01""#, &inputs),
            batch("1", r#","okand":1"#, &inputs),
            r#"{"jsonrpc":"2.0","id":1,"method":"decide.batch","params":{"decision":"listning.byte","inputs":{}}}"#.into(),
            r#"[{"jsonrpc":"2.0","id":1,"method":"decide.batch","params":{"decision":"listning.byte","inputs":[]}}]"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"method":"decide.batch","params":{"decision":"ingen","inputs":[]}}"#.into(),
        ] {
            assert_eq!(server.fast_batch(&line), None, "{line}");
            assert!(server.handle_line(&line).is_some(), "{line} is answered");
        }
        // A notification is decided by nobody and answered by nothing.
        let notification = r#"{"jsonrpc":"2.0","method":"decide.batch","params":{"decision":"listning.byte","inputs":[]}}"#;
        assert_eq!(server.fast_batch(notification), None);
        assert_eq!(server.handle_line(notification), None);
    }
}
