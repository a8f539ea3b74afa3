//! Deciding one JSON input, and the errors of deciding, as every front end answers them.

use std::sync::Arc;

use regel_compiler::ir::{Decision, Program};
use regel_compiler::{Database, Version};
use regel_eval::{DecideError, Engine, JsonDecision, Limits, decide_json};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::error::{
    COMPILE_ERRORS, Error, INTERNAL_ERROR, NOT_EVALUATED, REJECTED, UNKNOWN_DECISION,
};
use crate::policies::Policies;
use crate::render::diagnostics_json;

impl Policies {
    /// Refuses a version with compile errors (see [`compile_errors`]).
    pub fn compile_errors(&self, v: Version) -> Result<(), Error> {
        compile_errors(&self.db, v)
    }
}

/// Refuses a version with compile errors (after the prover decided `E0300`), listing them.
pub fn compile_errors(db: &Database, v: Version) -> Result<(), Error> {
    let diagnostics = regel_verify::query::proved_diagnostics(db, v);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let (n, them) = match errors.len() {
        1 => (String::from("1 compile error"), "it"),
        n => (format!("{n} compile errors"), "them"),
    };
    Err(Error::new(
        COMPILE_ERRORS,
        format!("version {} has {n}; fix {them} first", v.name(db)),
    )
    .with(json!({"diagnostics": diagnostics_json(db, v, errors)})))
}

/// The decision `name` of `version`; the error names the version asked (and the date that
/// chose it), since another version may well have the decision.
pub fn decision_of<'p>(
    program: &'p Program,
    name: &str,
    version: &str,
    as_of: Option<&str>,
) -> Result<(u32, &'p Arc<Decision>), Error> {
    program.decision(name).ok_or_else(|| {
        let chosen = match as_of {
            Some(day) => format!("version {version} (in force on {day})"),
            None => format!("version {version}"),
        };
        let known: Vec<String> = program.decisions.iter().map(|d| d.name.clone()).collect();
        let mut data = json!({"decision": name, "version": version, "known": known});
        if let (Some(day), Value::Object(map)) = (as_of, &mut data) {
            map.insert("as_of".into(), Value::String(day.to_owned()));
        }
        Error::new(
            UNKNOWN_DECISION,
            format!("{chosen} has no decision `{name}`"),
        )
        .with(data)
    })
}

/// What `decide` answers (and `regel eval` prints): the version, the decision and the
/// output, with the trace and motivering `explain` asks for. The API's document describes it
/// (`regel-rpc`'s `results.rs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decided {
    pub version: String,
    pub decision: String,
    /// The outputs, with `skal` and `paragraf` (an object).
    pub output: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
}

/// What `decide` answers for one input of `version`'s decision `name` ([`Decided`]).
/// `prefix` is the JSON Pointer of the input in the caller's message (errors name their
/// place with it).
pub fn decide(
    engine: &Engine,
    version: &str,
    name: &str,
    input: &Value,
    explain: bool,
    prefix: &str,
    limits: &Limits,
) -> Result<Decided, Error> {
    let decided = decide_input(engine, name, input, explain, prefix, limits)?;
    Ok(Decided {
        version: version.to_owned(),
        decision: name.to_owned(),
        output: decided.output,
        trace: decided.trace,
        motivering: decided.motivering,
    })
}

/// One input decided within `limits`; a rejection's error carries the motivering and trace
/// when `explain` asks for them.
pub fn decide_input(
    engine: &Engine,
    name: &str,
    input: &Value,
    explain: bool,
    prefix: &str,
    limits: &Limits,
) -> Result<JsonDecision, Error> {
    limits
        .check(input, prefix)
        .map_err(DecideError::Input)
        .and_then(|()| decide_json(engine, name, input, explain, prefix))
        .map_err(|e| {
            let explained = match (&e, explain) {
                (DecideError::Rejected(_), true) => {
                    regel_eval::explain_rejection(engine, name, input, prefix)
                }
                _ => None,
            };
            with_explanation(decide_error(e, prefix), explained)
        })
}

/// A rejection's error with the motivering and trace `explain` asked for, in its `data`.
pub fn with_explanation(mut error: Error, explained: Option<regel_eval::Explanation>) -> Error {
    if let (Some(e), Some(Value::Object(map))) = (explained, error.data.as_mut()) {
        map.insert("motivering".into(), Value::String(e.motivering));
        map.insert("trace".into(), e.trace);
    }
    error
}

/// The error for a decision that gave no output; `prefix` is the input's JSON Pointer.
pub fn decide_error(e: DecideError, prefix: &str) -> Error {
    match e {
        DecideError::UnknownDecision { decision, known } => {
            Error::new(UNKNOWN_DECISION, format!("unknown decision `{decision}`"))
                .with(json!({"decision": decision, "known": known}))
        }
        DecideError::Input(i) => Error::params(i.message, &i.path, &i.expected, &i.got),
        DecideError::Rejected(r) => {
            let mut data = json!({"paragraf": r.paragraf, "reason": r.reason});
            if let (Some(first), Value::Object(map)) = (r.inputs.first(), &mut data) {
                map.insert("path".into(), Value::String(format!("{prefix}/{first}")));
            }
            Error::new(
                REJECTED,
                format!("the policy rejects the input: {}", r.reason),
            )
            .with(data)
        }
        DecideError::Runtime(e) if e.is_internal() => {
            Error::new(INTERNAL_ERROR, format!("internal error: {}", e.message))
        }
        DecideError::Runtime(e) => not_evaluated(&e),
    }
}

/// An input the policy cannot be evaluated for (`listade` near 2^63 divided by a tiny head
/// count, a date plus 100 000 000 years, a huge override): the input's or the policy's,
/// answered as such, not as a fault of the server.
pub fn not_evaluated(e: &regel_eval::RuntimeError) -> Error {
    Error::new(
        NOT_EVALUATED,
        format!(
            "the decision cannot be evaluated for this input: {}",
            e.message
        ),
    )
    .with(json!({"reason": e.message}))
}

/// An object of owned values. (`json!` would copy each value through serde first: for a
/// batch's results, that copy cost more than deciding them.)
pub fn fields<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut map = Map::with_capacity(N);
    for (key, value) in members {
        map.insert(key.to_owned(), value);
    }
    Value::Object(map)
}
