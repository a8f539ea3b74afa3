//! The JSON boundary of deciding, which the front ends use: a decision looked up by name, a
//! JSON input read and decided, the output (with `explain`, the trace and motivering) as
//! JSON, and every failure as a [`DecideError`].

use regel_compiler::ir::Decision;
use serde_json::{Map, Value as Json, json};

use super::InputError;
use crate::engine::{Engine, Failure, Rejection, Step, StepKind};
use crate::{blame, json, motivering, phrase};
use regel_runtime::RuntimeError;

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
    /// The reasons in Swedish prose (with `explain`).
    pub motivering: Option<String>,
}

/// What `explain` adds to a rejection: the trace up to the `require` that failed, and the
/// motivering.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub trace: Json,
    pub motivering: String,
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
    // A rejection names the input it is about first (read again: the values went to `decide`).
    let failed = |f| match f {
        Failure::Rejected(mut r) => {
            if let Ok(values) = json::inputs(engine, d, input, prefix) {
                blame::first_failing(engine, d, &values, &mut r);
            }
            DecideError::Rejected(r)
        }
        Failure::Runtime(e) => DecideError::Runtime(e),
    };
    if !explain {
        let decided = engine.decide(d, values).map_err(failed)?;
        let output = json::outputs(program, d, &decided.outputs).map_err(DecideError::Runtime)?;
        return Ok(JsonDecision {
            output,
            trace: None,
            motivering: None,
        });
    }
    let traced = engine.decide_traced(d, values);
    let decided = traced.result.as_ref().map_err(|f| failed(f.clone()))?;
    let output = json::outputs(program, d, &decided.outputs).map_err(DecideError::Runtime)?;
    let motivering = motivering::Ending::of(&traced)
        .map(|ending| motivering::motivering(engine, d, &traced.locals, ending));
    Ok(JsonDecision {
        output,
        trace: Some(trace_json(engine, d, &traced.steps)),
        motivering,
    })
}

/// The trace and motivering of an input `decision` rejects (`None` when it does not).
pub fn explain_rejection(
    engine: &Engine,
    decision: &str,
    input: &Json,
    prefix: &str,
) -> Option<Explanation> {
    let (_, d) = engine.program().decision(decision)?;
    let values = json::inputs(engine, d, input, prefix).ok()?;
    let traced = engine.decide_traced(d, values);
    let ending @ motivering::Ending::Rejected(..) = motivering::Ending::of(&traced)? else {
        return None;
    };
    Some(Explanation {
        trace: trace_json(engine, d, &traced.steps),
        motivering: motivering::motivering(engine, d, &traced.locals, ending),
    })
}

/// The trace as JSON: the steps in order, each with its section, place, the condition's
/// text, and the values of the inputs, `let`s and parameters it read. A `require` says
/// whether it `holds` and the reason it rejects with otherwise; a rule whether it `matched`
/// and its reason code.
pub fn trace_json(engine: &Engine, decision: &Decision, steps: &[Step]) -> Json {
    let program = engine.program();
    let steps: Vec<Json> = steps
        .iter()
        .map(|s| {
            let mut values = Map::new();
            for (name, value) in &s.values {
                values.insert(name.clone(), json::untyped(program, value));
            }
            let mut params = Map::new();
            let mut condition = Json::Null;
            if let Some(cond) = &s.condition {
                let mut read = Vec::new();
                motivering::params_read(cond, &mut read);
                for p in read {
                    if let (Some(def), Some(value)) = (
                        program.params.get(p as usize),
                        engine.params().get(p as usize),
                    ) {
                        params.insert(def.name.clone(), json::untyped(program, value));
                    }
                }
                condition = Json::String(phrase::regel_text(program, decision, cond));
            }
            match s.kind {
                StepKind::Require => json!({
                    "kind": "require",
                    "condition": condition,
                    "holds": s.matched,
                    "rejects_with": s.reason,
                    "paragraf": s.paragraf,
                    "values": values,
                    "params": params,
                    "file": s.file,
                    "line": s.line,
                }),
                StepKind::Rule => json!({
                    "kind": "rule",
                    "rule": s.rule,
                    "condition": condition,
                    "matched": s.matched,
                    "skal": s.reason,
                    "paragraf": s.paragraf,
                    "values": values,
                    "params": params,
                    "file": s.file,
                    "line": s.line,
                }),
            }
        })
        .collect();
    Json::Array(steps)
}
