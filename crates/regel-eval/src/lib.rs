//! The evaluator: runs a checked [`Program`](regel_compiler::ir::Program) on values.
//!
//! [`Engine`] holds a program with its parameters evaluated; [`decide_json`] is the boundary
//! the front ends use (JSON in, JSON out, errors with JSON Pointers); [`run_tests`] runs the
//! `test` blocks written next to the rules. No I/O happens here.

pub mod calendar;
mod code;
mod compiled;
mod engine;
mod interp;
pub mod json;
mod kernel;
mod limits;
pub mod native;
pub mod ops;
mod reader;
pub mod rust;
mod testing;

use serde_json::{Map, Value as Json, json};

pub use engine::{Decided, Decider, Engine, Failure, Rejection, Step, StepKind};
pub use interp::RuntimeError;
pub use json::InputError;
pub use limits::Limits;
pub use reader::InputReader;
pub use testing::{TestOutcome, TestReport, run_tests};

/// Why [`decide_json`] gave no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecideError {
    UnknownDecision {
        decision: String,
        known: Vec<String>,
    },
    Input(InputError),
    Rejected(Rejection),
    Runtime(RuntimeError),
}

/// A decision's output (and trace) as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonDecision {
    pub output: Json,
    pub trace: Option<Json>,
}

/// Decides `decision` on a JSON input object. `prefix` is the JSON Pointer of the input in
/// the caller's message (`/input` in the API), used in error paths.
pub fn decide_json(
    engine: &Engine,
    decision: &str,
    input: &Json,
    explain: bool,
    prefix: &str,
) -> Result<JsonDecision, DecideError> {
    let program = engine.program();
    let Some((_, d)) = program.decision(decision) else {
        return Err(DecideError::UnknownDecision {
            decision: decision.to_owned(),
            known: program.decisions.iter().map(|d| d.name.clone()).collect(),
        });
    };
    let values = json::inputs(engine, d, input, prefix).map_err(DecideError::Input)?;
    let decided = engine.decide(d, values, explain).map_err(|f| match f {
        Failure::Rejected(r) => DecideError::Rejected(r),
        Failure::Runtime(e) => DecideError::Runtime(e),
    })?;
    let output = json::outputs(program, d, &decided.outputs).map_err(DecideError::Runtime)?;
    let trace = decided.trace.map(|steps| trace_json(engine, &steps));
    Ok(JsonDecision { output, trace })
}

/// The trace as JSON: the steps in order, each with its section, place and deciding values.
pub fn trace_json(engine: &Engine, steps: &[Step]) -> Json {
    let program = engine.program();
    let steps: Vec<Json> = steps
        .iter()
        .map(|s| {
            let mut values = Map::new();
            for (name, value) in &s.values {
                values.insert(name.clone(), json::untyped(program, value));
            }
            let kind = match s.kind {
                StepKind::Require => "require",
                StepKind::Rule => "rule",
            };
            json!({
                "kind": kind,
                "rule": s.rule,
                "skal": s.reason,
                "paragraf": s.paragraf,
                "matched": s.matched,
                "values": values,
                "file": s.file,
                "line": s.line,
            })
        })
        .collect();
    Json::Array(steps)
}
