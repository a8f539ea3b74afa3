//! "Kör" on a decision: evaluates it on the inputs (and parameter overrides) of its first
//! test, and answers the outcome, the reason and the section, as `regel eval` would decide
//! them. Command `regel.evaluate`, arguments `[uri, decision name]`; the answer is
//! `{ decision, test, outcome, said, reason, label, section, rejected }` (`outcome` the outputs
//! as JSON, or `null` when a `require` rejected the input; `said` the outcome in the words of
//! the motivering, by the outputs' labels, or `null`; `label` the reason code's Swedish label,
//! the words a reviewer reads, or the code where it has none), or an error in words.

use std::sync::Arc;

use regel_compiler::ir::{Program, Test};
use regel_compiler::labels::Kind;
use regel_compiler::program;
use regel_eval::{Engine, Failure as EvalFailure};
use serde_json::{Value as Json, json};

use crate::session::{Doc, Failure, Session};

pub const EVALUATE: &str = "regel.evaluate";

/// The first test of the version that decides `decision`, if any.
pub fn first_test<'p>(program: &'p Program, decision: &str) -> Option<&'p Test> {
    let index = program.decisions.iter().position(|d| d.name == decision)?;
    program
        .tests
        .iter()
        .find(|t| t.decision as usize == index)
        .map(|t| &**t)
}

/// Evaluates `decision` of the document's version on its first test's inputs.
pub fn evaluate(s: &Session, doc: Doc, decision: &str) -> Result<Json, Failure> {
    let db = s.db();
    regel_app::compile_errors(db, doc.version)?;
    let program = program(db, doc.version);
    let (_, d) = regel_app::decision_of(&program, decision, doc.version.name(db), None)?;
    let test = first_test(&program, decision).ok_or_else(|| {
        Failure::failed(format!(
            "`{decision}` har inget test; skriv ett som ger `Kör` dess indata"
        ))
    })?;
    let engine = engine_for(s, &program, test)?;
    let inputs =
        regel_eval::test_inputs(&engine, d, test).map_err(|e| Failure::failed(e.message))?;
    let answer = |outcome: Json, said: Option<String>, reason: &str, section: &str, rejected| {
        let label = program.labels.member(Kind::Reason, decision, reason);
        json!({
            "decision": decision,
            "test": test.name,
            "outcome": outcome,
            "said": said,
            "reason": reason,
            "label": label.unwrap_or(reason),
            "section": section,
            "rejected": rejected,
        })
    };
    match engine.decide(d, inputs) {
        Ok(decided) => {
            let said = regel_eval::motivering::outcome_said(&program, d, &decided);
            let outcome = regel_eval::json::outputs(&program, d, &decided.outputs)
                .map_err(|e| Failure::failed(e.message))?;
            let rule = d.rules.get(decided.rule);
            let reason = rule.map(|r| r.reason.as_str()).unwrap_or_default();
            // The checker gave a rule without a section of its own the decision's.
            let section = rule.map(|r| r.cite.as_str()).unwrap_or_default();
            Ok(answer(outcome, Some(said), reason, section, false))
        }
        Err(EvalFailure::Rejected(r)) => Ok(answer(Json::Null, None, &r.reason, &r.paragraf, true)),
        // As `regel eval` and the API's `decide` answer it.
        Err(EvalFailure::Runtime(e)) => {
            Err(regel_app::decide_error(regel_eval::DecideError::Runtime(e), "").into())
        }
    }
}

/// The version's engine, or one with the test's parameter overrides.
fn engine_for(s: &Session, program: &Arc<Program>, test: &Test) -> Result<Arc<Engine>, Failure> {
    let base = s.engine(program)?;
    if test.overrides.is_empty() {
        return Ok(Arc::new(base));
    }
    let overrides = test
        .overrides
        .iter()
        .map(|(p, e)| Ok((*p, base.constant(e).map_err(|e| e.message)?)))
        .collect::<Result<Vec<_>, String>>()
        .map_err(Failure::failed)?;
    // As the API answers the same overrides: each within its parameter's domain, then all
    // of the parameters evaluable with them.
    for (p, value) in &overrides {
        let ty = program.params.get(*p as usize).map(|def| &def.ty);
        let json = ty.and_then(|ty| regel_eval::json::to_json(program, ty, value).ok());
        let got = json
            .map(|j| regel_eval::json::describe(&j))
            .unwrap_or_default();
        regel_app::engines::within_domain(program, *p, value, &got)?;
    }
    Ok(Arc::new(regel_app::engines::with_overrides(
        program.clone(),
        &overrides,
    )?))
}
