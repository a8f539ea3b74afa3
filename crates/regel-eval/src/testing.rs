//! Runs the `test` blocks of a version.

use std::sync::Arc;

use regel_compiler::ir::{Decision, Expectation, Origin, Program, Test, Value};
use regel_compiler::ty::Ty;
use serde_json::{Map, Value as Json};

use regel_runtime::{RuntimeError, ops};

use crate::engine::{Engine, Failure};
use crate::json;

#[derive(Debug, Clone, PartialEq)]
pub struct TestReport {
    pub name: String,
    pub decision: String,
    pub origin: Origin,
    pub outcome: TestOutcome,
    /// What of the decision the test reached, for `regel test --coverage`.
    pub reached: Reached,
    /// Which way each `if` the test's input evaluated went ([`crate::branches::If::key`]).
    pub branches: Vec<(usize, bool)>,
}

/// The part of a decision a test's input reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reached {
    /// The rule (index in the decision's rules) that matched.
    Rule(usize),
    /// A `require` with this reason failed.
    Rejected(String),
    /// Nothing: the test could not run.
    Nothing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestOutcome {
    Passed,
    /// The fields compared: what the test expects and what the decision gave.
    Failed {
        expected: Json,
        actual: Json,
    },
    /// The test could not run as written (its input or the policy failed).
    Error(String),
}

/// Runs every test of the program, in source order.
pub fn run_tests(program: &Arc<Program>) -> Vec<TestReport> {
    program.tests.iter().map(|t| run_test(program, t)).collect()
}

fn run_test(program: &Arc<Program>, test: &Test) -> TestReport {
    let decision = program.decisions.get(test.decision as usize);
    let mut reached = Reached::Nothing;
    let mut branches = Vec::new();
    let outcome = match decision {
        None => TestOutcome::Error("the decision does not exist".into()),
        Some(d) => outcome(program, test, d, &mut reached, &mut branches)
            .unwrap_or_else(TestOutcome::Error),
    };
    TestReport {
        name: test.name.clone(),
        decision: decision.map(|d| d.name.clone()).unwrap_or_default(),
        origin: test.origin.clone(),
        outcome,
        reached,
        branches,
    }
}

/// The inputs `test` gives `d`, one value per input: the test's, else the input's default,
/// else null (as the test runner, the language server's "Kör" and the motivering's sweep
/// read them).
pub fn test_inputs(engine: &Engine, d: &Decision, test: &Test) -> Result<Vec<Value>, RuntimeError> {
    d.inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let given = test.given.iter().find(|(g, _)| *g as usize == i);
            match (given.map(|(_, e)| e), &input.default) {
                (Some(e), _) | (None, Some(e)) => engine.constant(e),
                (None, None) => Ok(Value::Null),
            }
        })
        .collect()
}

fn outcome(
    program: &Arc<Program>,
    test: &Test,
    d: &Decision,
    reached: &mut Reached,
    branches: &mut Vec<(usize, bool)>,
) -> Result<TestOutcome, String> {
    let base =
        Engine::new(program.clone()).map_err(|(p, e)| format!("parameter `{p}`: {}", e.message))?;
    let overrides = test
        .overrides
        .iter()
        .map(|(p, e)| Ok((*p, base.constant(e).map_err(|e| e.message)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let engine = if overrides.is_empty() {
        base
    } else {
        Engine::with_overrides(program.clone(), &overrides)
            .map_err(|(p, e)| format!("parameter `{p}`: {}", e.message))?
    };
    let inputs = test_inputs(&engine, d, test).map_err(|e| e.message)?;
    // The plain evaluator walks the policy as written, so it sees every `if` the engine may
    // have folded or lowered away.
    *branches = crate::reference::decide_covering(engine.params(), d, &inputs).1;
    let result = engine.decide(d, inputs);
    *reached = match &result {
        Ok(decided) => Reached::Rule(decided.rule),
        Err(Failure::Rejected(r)) => Reached::Rejected(r.reason.clone()),
        Err(_) => Reached::Nothing,
    };
    Ok(match (&test.expect, result) {
        (Expectation::Rejected(reason), Err(Failure::Rejected(r))) if r.reason == *reason => {
            TestOutcome::Passed
        }
        (Expectation::Rejected(reason), Err(Failure::Rejected(r))) => TestOutcome::Failed {
            expected: Json::String(format!("rejected {reason}")),
            actual: Json::String(format!("rejected {}", r.reason)),
        },
        (_, Err(Failure::Runtime(e))) => TestOutcome::Error(e.message),
        (Expectation::Output(_), Err(Failure::Rejected(r))) => TestOutcome::Failed {
            expected: Json::String("an output".into()),
            actual: Json::String(format!("rejected {} (§ {})", r.reason, r.paragraf)),
        },
        (Expectation::Rejected(reason), Ok(decided)) => TestOutcome::Failed {
            expected: Json::String(format!("rejected {reason}")),
            actual: json::outputs(program, d, &decided.outputs).unwrap_or(Json::Null),
        },
        (Expectation::Output(fields), Ok(decided)) => {
            let mut expected = Map::new();
            let mut actual = Map::new();
            let mut same = true;
            for (o, e) in fields {
                let Some(output) = d.outputs.get(*o as usize) else {
                    continue;
                };
                let want = engine.constant(e).map_err(|e| e.message)?;
                let got = decided
                    .outputs
                    .get(*o as usize)
                    .cloned()
                    .unwrap_or(Value::Null);
                same &= ops::equal(&want, &got);
                expected.insert(output.name.clone(), shown(program, &output.ty, &want));
                actual.insert(output.name.clone(), shown(program, &output.ty, &got));
            }
            if same {
                TestOutcome::Passed
            } else {
                TestOutcome::Failed {
                    expected: Json::Object(expected),
                    actual: Json::Object(actual),
                }
            }
        }
    })
}

fn shown(program: &Program, ty: &Ty, v: &Value) -> Json {
    json::to_json(program, ty, v).unwrap_or_else(|e| Json::String(e.message))
}
