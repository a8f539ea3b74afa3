//! The engine held to the plain evaluator (`regel_eval::reference`): on every test input of the
//! bundled versions, and on random inputs of every decision of 2023 shaped by their types
//! (dates around the year's turns and leap days, amounts, counts, lists, absent optionals),
//! both give the same rule and outputs, or the same rejection, or both fail.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use proptest::prelude::*;
use regel_compiler::ir::{Decision, Duration, Expectation, Program, Value};
use regel_compiler::ty::Ty;
use regel_eval::{Engine, Failure, reference, test_inputs};
use regel_testing::Rng;
use rust_decimal::Decimal;

fn bundled(name: &str) -> Engine {
    regel_testing::engine_in("policies", name)
}

/// What a decision came to, comparable between the two evaluators (a run-time error's
/// wording is the engine's own; that both fail is what must agree).
#[derive(Debug, PartialEq)]
enum Came {
    Decided(usize, Vec<Value>),
    Rejected(String),
    Failed,
}

fn came(r: Result<(usize, Vec<Value>), Failure>) -> Came {
    match r {
        Ok((rule, outputs)) => Came::Decided(rule, outputs),
        Err(Failure::Rejected(r)) => Came::Rejected(r.reason),
        Err(Failure::Runtime(_)) => Came::Failed,
    }
}

/// The engine and the plain evaluator on `inputs`; a `Decider`, which reads the inputs in
/// place, must come to what the engine comes to, its error's message included.
fn both(engine: &Engine, d: &Arc<Decision>, inputs: &[Value]) -> (Came, Came) {
    let fast = engine
        .decide(d, inputs.to_vec())
        .map(|x| (x.rule, x.outputs));
    let mut outputs = Vec::new();
    let decided = engine
        .decider(d)
        .decide_into(inputs, &mut outputs)
        .map(|rule| (rule, outputs));
    assert_eq!(decided, fast, "the Decider on {inputs:?}");
    let plain = reference::decide(engine.params(), d, inputs);
    (came(fast), came(plain))
}

#[test]
fn the_engine_and_the_plain_evaluator_agree_on_every_test_input() {
    let (mut compared, mut without_overrides) = (0, 0);
    for version in ["2020", "2021", "2023"] {
        let engine = bundled(version);
        let tests = &engine.program().tests;
        without_overrides += tests.iter().filter(|t| t.overrides.is_empty()).count();
        for test in tests {
            let Some(d) = engine.program().decisions.get(test.decision as usize) else {
                continue;
            };
            if !test.overrides.is_empty() {
                continue;
            }
            // As the test runner reads them: an optional input left out is null.
            let inputs = test_inputs(&engine, d, test).unwrap();
            let (fast, plain) = both(&engine, d, &inputs);
            assert_eq!(fast, plain, "{version}: test {:?}", test.name);
            if let Expectation::Rejected(reason) = &test.expect {
                assert_eq!(plain, Came::Rejected(reason.clone()), "{}", test.name);
            }
            compared += 1;
        }
    }
    // None is left out: a test that leaves an optional input out is compared too.
    assert_eq!(compared, without_overrides);
    assert!(compared > 200, "only {compared} tests compared");
}

/// Values of the decisions' types, drawn from one seed.
struct Gen(Rng);

impl Gen {
    /// Dates near the days the Beställning's periods turn on: year ends, month ends, leap days.
    fn date(&mut self) -> NaiveDate {
        let anchors = [
            (2022, 12, 31),
            (2023, 1, 1),
            (2023, 2, 28),
            (2024, 2, 29),
            (2023, 6, 30),
            (2023, 5, 31),
        ];
        let (y, m, d) = self.0.pick(&anchors);
        let base = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let shift = self.0.below(800) as i64 - 400;
        base + chrono::Duration::days(shift)
    }

    fn value(&mut self, program: &Program, ty: &Ty) -> Value {
        match ty {
            Ty::Bool => Value::Bool(self.0.below(2) == 1),
            Ty::Int => Value::Int(
                self.0.pick(&[0, 1, 2, 3, 5, 10, 100, 1100, 1101]) - self.0.below(2) as i64,
            ),
            Ty::Decimal => Value::Decimal(Decimal::new(self.0.below(101) as i64, 2)),
            Ty::Money => Value::Money(Decimal::new(self.0.below(20_000_000) as i64, 2)),
            Ty::Date => Value::Date(self.date()),
            Ty::Time => Value::Time(
                chrono::NaiveTime::from_hms_opt(
                    self.0.below(24) as u32,
                    self.0.pick(&[0, 1, 30, 59]),
                    0,
                )
                .unwrap(),
            ),
            Ty::Duration => Value::Duration(Duration {
                amount: self.0.below(13) as i64,
                unit: regel_syntax::DurationUnit::Months,
            }),
            Ty::Text => Value::Text(Arc::from(self.0.pick(&["", "a", "Luleå", "ja"]))),
            Ty::Enum(id, _) => {
                let n = program.enum_def(*id).map_or(1, |e| e.variants.len());
                Value::Enum(*id, self.0.below(n as u64) as u32)
            }
            Ty::Record(id, _) => {
                let fields = program
                    .records
                    .get(id.0 as usize)
                    .map(|r| r.fields.clone())
                    .unwrap_or_default();
                Value::Record(
                    fields
                        .iter()
                        .map(|(_, t)| self.value(program, t))
                        .collect::<Vec<_>>()
                        .into(),
                )
            }
            Ty::List(inner) => {
                let n = self.0.below(5);
                Value::List(
                    (0..n)
                        .map(|_| self.value(program, inner))
                        .collect::<Vec<_>>()
                        .into(),
                )
            }
            Ty::Optional(inner) => {
                if self.0.below(3) == 0 {
                    Value::Null
                } else {
                    self.value(program, inner)
                }
            }
            Ty::Null | Ty::EmptyList | Ty::Error => Value::Null,
        }
    }
}

static ENGINE_2023: LazyLock<Engine> = LazyLock::new(|| bundled("2023"));

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_engine_and_the_plain_evaluator_agree_on_random_inputs(seed in 1u64..u64::MAX) {
        let engine = &*ENGINE_2023;
        let mut g = Gen(Rng(seed));
        for d in &engine.program().decisions {
            for _ in 0..8 {
                let inputs: Vec<Value> =
                    d.inputs.iter().map(|i| g.value(engine.program(), &i.ty)).collect();
                let valid = (0..d.inputs.len()).all(|i| engine.domain_holds(d, i, &inputs).unwrap_or(false));
                if !valid {
                    continue;
                }
                let (fast, plain) = both(engine, d, &inputs);
                prop_assert_eq!(fast, plain, "{} on {:?}", d.name, inputs);
            }
        }
    }
}
