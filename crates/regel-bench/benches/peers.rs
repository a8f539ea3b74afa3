//! Regel beside its peers on the same four decisions and inputs: the hand-written Rust
//! function, Rego (regorus's interpreter and its compiled RVM), a GoRules JDM graph
//! (zen-engine), a bare compiled `zen-expression` and, for the two decisions that are
//! allow/deny, Cedar. Every engine is first checked to answer as Regel does on the timed input
//! (and `tests/peers.rs` checks them on every case), then each is timed on one decision.
//!
//! Each peer's fastest path, and Regel's, is timed two ways in the same run: eval only (the
//! input prebuilt in the engine's own value type outside the timed call: `regel.decider`,
//! `regel.native`, `regorus.rvm`, `zen-expression`) and end to end, JSON text in and JSON text
//! out (`regel.json`, `regorus.rvm.json`, `zen-expression.json`). Regel's JSON is timed both
//! ways it answers: `regel.json`, serde_json's tree (the path of `decide` and `regel eval`),
//! and `regel.json.batch`, the reader and writer of `decide.batch` on each input.
//!
//! `cargo bench -p regel-bench --features peers --bench peers`
#![allow(clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use regel_bench::listning::{ByteInput, listning_byte};
use regel_bench::native::checked;
use regel_bench::peers::cases::bench_input;
use regel_bench::peers::cedar::Cedar;
use regel_bench::peers::jdm::Jdm;
use regel_bench::peers::regel::Regel;
use regel_bench::peers::rego::{Rego, Rvm};
use regel_bench::peers::zen::ZenExpression;
use regel_bench::peers::{Decision, prepare};
use regel_bench::{ersattning, kapacitetsstopp, sanktion};
use regel_compiler::ir::{Decision as IrDecision, Value};
use regel_eval::json::OutputWriter;
use regel_eval::{Decider, InputReader, Limits, decide_json};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::sync::Arc;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Marks the start of a timed run (`cargo bench` passes `--bench`; a test run times nothing):
/// `peers/ratios.py` keeps only the estimates written after the mark, this run's, however
/// long the run takes.
fn mark_the_run() {
    if std::env::args().any(|a| a == "--bench") {
        let mark = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("peers-run");
        std::fs::write(&mark, b"").unwrap_or_else(|e| panic!("{}: {e}", mark.display()));
    }
}

fn bench_peers(c: &mut Criterion) {
    mark_the_run();
    let regel = Regel::new().unwrap();
    let mut rego = Rego::new().unwrap();
    let jdm = Jdm::new().unwrap();
    let cedar = Cedar::new().unwrap();
    for decision in Decision::ALL {
        let input = bench_input(decision);
        let want = regel.decide(decision, &input).unwrap();
        assert_eq!(
            rego.decide(decision, &input).as_ref(),
            Some(&want),
            "regorus agrees"
        );
        assert_eq!(
            jdm.decide(decision, &input).as_ref(),
            Some(&want),
            "zen-engine agrees"
        );

        let engine = regel.engine(decision);
        let d = regel.ir(decision).unwrap();
        let values = regel_eval::json::inputs(engine, &d, &input, "").unwrap();
        let mut group = c.benchmark_group(format!("peers/{}", decision.name()));
        group.throughput(Throughput::Elements(1));
        group.bench_function("regel.decider", |b| {
            let mut decider = engine.decider(&d);
            let mut outputs = Vec::new();
            b.iter(|| decider.decide_into(black_box(&values), &mut outputs));
        });
        // The decision compiled to Rust (`regel-native`), through its `Value` interface.
        let native = checked(engine, decision.version(), decision.name(), &values).unwrap();
        let mut compiled = Vec::new();
        group.bench_function("regel.native", |b| {
            b.iter(|| native.decide_into(black_box(&values), &mut compiled));
        });
        group.bench_function("regel.engine.decide", |b| {
            b.iter_batched(
                || values.clone(),
                |values| engine.decide(&d, black_box(values)),
                BatchSize::SmallInput,
            );
        });
        group.bench_function("regel.decide_json", |b| {
            b.iter(|| decide_json(engine, decision.name(), black_box(&input), false, ""));
        });
        let text = input.to_string();
        assert_eq!(regel_json(engine, decision, &text), want.to_string());
        group.bench_function("regel.json", |b| {
            b.iter(|| regel_json(engine, decision, black_box(&text)))
        });
        let mut batch = BatchPath::new(engine, &d);
        assert_eq!(
            batch.answer(engine, &d, &text).map(String::from_utf8_lossy),
            Some(want.to_string().into()),
            "the batch path answers as decide_json"
        );
        group.bench_function("regel.json.batch", |b| {
            b.iter(|| batch.answer(engine, &d, black_box(&text)).map(<[u8]>::len))
        });
        hand_written(&mut group, decision, &input);
        group.bench_function("regorus", |b| {
            b.iter(|| rego.decide(decision, black_box(&input)))
        });
        group.bench_function("zen-engine", |b| {
            b.iter(|| jdm.decide(decision, black_box(&input)))
        });
        fastest_peers(&mut group, decision, &input, &want);
        if cedar.decide(decision, &input).is_some() {
            group.bench_function("cedar", |b| {
                b.iter(|| cedar.decide(decision, black_box(&input)))
            });
        }
        // What the JDM peer is handed after the Rust precomputation, timed alone.
        group.bench_function("peer-input-preparation", |b| {
            b.iter(|| prepare(decision, black_box(&input)))
        });
        group.finish();
    }
}

/// Regel end to end as `decide.batch` answers each input of a batch: read from its text
/// straight into values (`InputReader::read_at`, or the typed serde reader for what it does
/// not read), decided by the `Decider`, the answer written as text (`OutputWriter`); the
/// reader, decider and writer kept from input to input as a batch keeps them.
struct BatchPath<'e> {
    reader: InputReader<'e>,
    decider: Decider,
    writer: OutputWriter,
    values: Vec<Value>,
    outputs: Vec<Value>,
    answer: Vec<u8>,
}

impl<'e> BatchPath<'e> {
    fn new(engine: &'e regel_eval::Engine, d: &'e Arc<IrDecision>) -> BatchPath<'e> {
        BatchPath {
            reader: InputReader::new(engine, d, Limits::default()),
            decider: engine.decider(d),
            writer: OutputWriter::new(engine.program(), d),
            values: Vec::new(),
            outputs: Vec::new(),
            answer: Vec::new(),
        }
    }

    /// The answer's text; `None` where a batch would take the general way (an input not
    /// read plainly, a rejection, an error), which this bench does not time.
    fn answer(&mut self, engine: &regel_eval::Engine, d: &IrDecision, text: &str) -> Option<&[u8]> {
        let read = self.reader.read_at(text.as_bytes(), 0, &mut self.values) == Some(text.len())
            || self.reader.read(text, &mut self.values);
        if !read {
            return None;
        }
        self.decider
            .decide_into(&self.values, &mut self.outputs)
            .ok()?;
        self.answer.clear();
        let written = self
            .writer
            .write(engine.program(), d, &self.outputs, &mut self.answer);
        written.ok().map(|()| self.answer.as_slice())
    }
}

/// Regel end to end: JSON text in (parsed by serde_json), JSON text out.
fn regel_json(engine: &regel_eval::Engine, decision: Decision, text: &str) -> String {
    let input: Json = serde_json::from_str(text).unwrap();
    let output = decide_json(engine, decision.name(), &input, false, "").map(|d| d.output);
    serde_json::to_string(&output.unwrap()).unwrap()
}

/// The peers' fastest paths, regorus's RVM and a bare `zen-expression`, each checked to answer
/// as Regel does both ways, then timed eval only and end to end.
fn fastest_peers(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    decision: Decision,
    input: &Json,
    want: &Json,
) {
    let text = input.to_string();
    let mut rvm = Rvm::new(decision).unwrap();
    assert_eq!(rvm.decide(input).as_ref(), Some(want), "regorus RVM agrees");
    assert_eq!(
        rvm.decide_json(input).as_ref(),
        Some(want),
        "regorus RVM, JSON"
    );
    let value = Rvm::input(input);
    group.bench_function("regorus.rvm", |b| b.iter(|| rvm.eval(black_box(&value))));
    group.bench_function("regorus.rvm.json", |b| {
        b.iter(|| rvm.eval_json(black_box(&text)))
    });
    let mut zen = ZenExpression::new(decision).unwrap();
    assert_eq!(
        zen.decide(input).as_ref(),
        Some(want),
        "zen-expression agrees"
    );
    assert_eq!(
        zen.decide_json(input).as_ref(),
        Some(want),
        "zen-expression, JSON"
    );
    let variable = ZenExpression::input(input);
    group.bench_function("zen-expression", |b| {
        b.iter(|| zen.eval(black_box(&variable)))
    });
    group.bench_function("zen-expression.json", |b| {
        b.iter(|| zen.eval_json(black_box(&text)))
    });
}

/// The hand-written function on typed inputs, converted before the timing.
fn hand_written(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    decision: Decision,
    input: &Json,
) {
    match decision {
        Decision::ListningByte => {
            let history: Vec<NaiveDate> = input["tidigare_byten"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| date(s.as_str().unwrap()))
                .collect();
            let typed = ByteInput::plain(date(input["datum"].as_str().unwrap()), &history);
            group.bench_function("hand-written", |b| {
                b.iter(|| listning_byte(black_box(&typed)))
            });
        }
        Decision::Kapacitetsstopp => {
            let (fran, till) = (date("2023-01-01"), date("2023-03-31"));
            group.bench_function("hand-written", |b| {
                b.iter(|| kapacitetsstopp::beslut(black_box(fran), black_box(till), true, 1))
            });
        }
        Decision::SanktionVite => {
            let typed = sanktion::ViteInput {
                manatlig_vardpeng: "1234567.89".parse().unwrap(),
                storre_avvikelse: true,
                rattelse_skett: false,
                yttrande_mojlighet_given: true,
                begart_vite: None,
            };
            group.bench_function("hand-written", |b| {
                b.iter(|| sanktion::vite(black_box(&typed)))
            });
        }
        Decision::ErsattningVardpeng => {
            let share = |s: &str| -> Decimal { s.parse().unwrap() };
            let (a, b2, c) = (share("0.025"), share("0.031"), share("0.017"));
            group.bench_function("hand-written", |b| {
                b.iter(|| ersattning::vardpeng(black_box(a), black_box(b2), black_box(c)))
            });
        }
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_peers
}
criterion_main!(benches);
