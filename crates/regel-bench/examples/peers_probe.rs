//! Tries a peer encoding read at run time, so that one build serves many drafts: checks it
//! answers as Regel does on every case of `src/peers/cases.rs`, then times it, eval only and
//! JSON in and out, interleaving the drafts given (rounds of about 0.2 s each, the median of
//! the rounds reported), so that before and after are compared under the same load.
//!
//! `peers_probe rego|zen DECISION FILE… [--listing] [--unchecked] [--count[-json]=N]`:
//! DECISION as `listning.byte`; `@` for a FILE is the encoding the bench times; `--listing`
//! prints the RVM program of each Rego file; `--unchecked` times drafts that do not answer as
//! Regel does, to measure a part alone; `--count=N` (`--count-json=N`) only evaluates each
//! draft N times, eval only (JSON in and out), for instruction counts that do not depend on the
//! load: `valgrind --tool=callgrind` with N and 2N, the difference divided by N. The encodings
//! before session 9, for comparison: `git show
//! f8cd074:crates/regel-bench/peers/listning.rego > before.rego` (the zen expressions of that
//! commit are in its `src/peers/zen.rs`). `peers_probe regel DECISION --count=N` runs Regel's
//! interpreter (`Decider`) N times on the same input, for the same counts.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use regel_bench::peers::Decision;
use regel_bench::peers::cases::{bench_input, cases};
use regel_bench::peers::regel::Regel;
use regel_bench::peers::rego::Rvm;
use regel_bench::peers::zen::ZenExpression;

enum Draft {
    Rego(Box<Rvm>, regorus::Value),
    Zen(ZenExpression, zen_expression::variable::Variable),
}

impl Draft {
    fn eval(&mut self) {
        match self {
            Draft::Rego(rvm, v) => {
                black_box(rvm.eval(black_box(v)));
            }
            Draft::Zen(zen, v) => {
                black_box(zen.eval(black_box(v)));
            }
        }
    }

    fn json(&mut self, text: &str) {
        match self {
            Draft::Rego(rvm, _) => {
                black_box(rvm.eval_json(black_box(text)));
            }
            Draft::Zen(zen, _) => {
                black_box(zen.eval_json(black_box(text)));
            }
        }
    }

    fn check(&mut self, decision: Decision, regel: &Regel, file: &str, source: &str) {
        for input in cases(decision) {
            if let Draft::Zen(..) = self
                && let Err(e) = zen_expression::evaluate_expression(source, input.clone().into())
            {
                panic!("{file}: {input}: {e:?}");
            }
            let want = regel.decide(decision, &input);
            let (got, got_json) = match self {
                Draft::Rego(rvm, _) => (rvm.decide(&input), rvm.decide_json(&input)),
                Draft::Zen(zen, _) => (zen.decide(&input), zen.decide_json(&input)),
            };
            assert_eq!(got, want, "{file}: {input}");
            assert_eq!(got_json, want, "{file}, JSON: {input}");
        }
    }
}

/// Nanoseconds per call of `f`, over a round of about 0.2 s.
fn round(mut f: impl FnMut()) -> f64 {
    let mut n = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        let elapsed = start.elapsed();
        if elapsed.as_millis() >= 200 {
            return elapsed.as_nanos() as f64 / n as f64;
        }
        n *= 2;
    }
}

/// Regel's interpreter (`Decider`) on the same input, N times, for the instruction counts.
fn regel_count(decision: Decision, input: &serde_json::Value, n: usize) {
    let regel = Regel::new().unwrap();
    let engine = regel.engine(decision);
    let d = regel.ir(decision).unwrap();
    let values = regel_eval::json::inputs(engine, &d, input, "").unwrap();
    let mut decider = engine.decider(&d);
    let mut outputs = Vec::new();
    for _ in 0..n {
        black_box(decider.decide_into(black_box(&values), &mut outputs)).unwrap();
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let listing = args.iter().any(|a| a == "--listing");
    let unchecked = args.iter().any(|a| a == "--unchecked");
    let count: Option<(usize, bool)> = args.iter().find_map(|a| {
        let (json, n) = match a.strip_prefix("--count=") {
            Some(n) => (false, n),
            None => (true, a.strip_prefix("--count-json=")?),
        };
        Some((n.parse().unwrap(), json))
    });
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [engine, decision, files @ ..] = args.as_slice() else {
        panic!("peers_probe rego|zen DECISION FILE…");
    };
    let decision = *Decision::ALL
        .iter()
        .find(|d| d.name() == decision.as_str())
        .unwrap();
    let input = bench_input(decision);
    if engine.as_str() == "regel" {
        regel_count(decision, &input, count.map_or(1, |(n, _)| n));
        return;
    }
    let text = input.to_string();
    let mut drafts: Vec<(String, Draft, String)> = files
        .iter()
        .map(|file| {
            let source = match (file.as_str(), engine.as_str()) {
                ("@", "rego") => regel_bench::peers::rego::source(decision).to_owned(),
                ("@", _) => regel_bench::peers::zen::source(decision).to_owned(),
                _ => std::fs::read_to_string(file).unwrap(),
            };
            let draft = match engine.as_str() {
                "rego" => {
                    if listing {
                        println!("== {file}\n{}", Rvm::listing(decision, &source).unwrap());
                    }
                    let rvm = Rvm::with_source(decision, &source).unwrap();
                    Draft::Rego(Box::new(rvm), Rvm::input(&input))
                }
                _ => Draft::Zen(
                    ZenExpression::with_source(decision, &source).unwrap(),
                    ZenExpression::input(&input),
                ),
            };
            (file.to_string(), draft, source)
        })
        .collect();
    if let Some((n, json)) = count {
        for (_, draft, _) in &mut drafts {
            for _ in 0..n {
                if json {
                    draft.json(&text);
                } else {
                    draft.eval();
                }
            }
        }
        return;
    }
    let regel = Regel::new().unwrap();
    for (file, draft, source) in &mut drafts {
        if !unchecked {
            draft.check(decision, &regel, file, source);
        }
    }
    let mut times = vec![(Vec::new(), Vec::new()); drafts.len()];
    for _ in 0..5 {
        for ((_, draft, _), (eval, json)) in drafts.iter_mut().zip(&mut times) {
            eval.push(round(|| draft.eval()));
            json.push(round(|| draft.json(&text)));
        }
    }
    for ((file, ..), (eval, json)) in drafts.iter().zip(times) {
        println!(
            "{file}: eval {:.0} ns, JSON {:.0} ns",
            median(eval),
            median(json)
        );
    }
}
