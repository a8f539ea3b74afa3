//! Tries a peer encoding read at run time, so that one build serves many drafts: checks it
//! answers as Regel does on every case of `src/peers/cases.rs`, then times it, eval only and
//! JSON in and out, interleaving the drafts given (rounds of about 0.2 s each, the median of
//! the rounds reported), so that before and after are compared under the same load.
//!
//! `peers_probe rego|zen DECISION FILE… [--listing] [--unchecked]`: DECISION as
//! `listning.byte`; `@` for a FILE is the encoding the bench times; `--listing` prints the RVM
//! program of each Rego file; `--unchecked` times drafts that do not answer as Regel does, to
//! measure a part alone. The encodings before session 9, for comparison:
//! `git show f8cd074:crates/regel-bench/peers/listning.rego > before.rego` (the zen expressions
//! of that commit are in its `src/peers/zen.rs`).
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

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let listing = args.iter().any(|a| a == "--listing");
    let unchecked = args.iter().any(|a| a == "--unchecked");
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [engine, decision, files @ ..] = args.as_slice() else {
        panic!("peers_probe rego|zen DECISION FILE…");
    };
    let decision = *Decision::ALL
        .iter()
        .find(|d| d.name() == decision.as_str())
        .unwrap();
    let regel = Regel::new().unwrap();
    let input = bench_input(decision);
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
