//! The generated Rust answers as the interpreter does: on every `test` block of every bundled
//! version (those without parameter overrides: parameters are compiled in), and on random
//! inputs of the right types for every decision, errors included. On the random inputs it is
//! also held to the plain evaluator (`regel_eval::reference`), the oracle that shares neither
//! the lowering nor the kernels with it.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use regel_compiler::ir::{Decision, Duration, Program, Value};
use regel_compiler::ty::{EnumId, Ty};
use regel_eval::{Engine, Failure};
use regel_runtime::DurationUnit;
use regel_runtime::generated::NativeDecision;
use regel_testing::engine_in;
use rust_decimal::Decimal;

const UNITS: [DurationUnit; 4] = [
    DurationUnit::Days,
    DurationUnit::Weeks,
    DurationUnit::Months,
    DurationUnit::Years,
];

/// A version's compiled decisions by name.
type Compiled = HashMap<&'static str, Box<dyn NativeDecision>>;

fn engine(version: &str) -> Engine {
    engine_in("policies", version)
}

fn natives(version: &str) -> Compiled {
    by_name(regel_native::decisions(version).expect("the version is compiled in"))
}

fn by_name(decisions: Vec<Box<dyn NativeDecision>>) -> Compiled {
    decisions.into_iter().map(|d| (d.name(), d)).collect()
}

/// Every bundled version and the code generator's fixture: (label, engine, compiled).
fn all_compiled() -> Vec<(String, Engine, Compiled)> {
    let mut all: Vec<_> = regel_native::VERSIONS
        .iter()
        .map(|v| (format!("policies/{v}"), engine(v), natives(v)))
        .collect();
    all.push((
        "tests/fixtures/codegen/2099".into(),
        engine_in("tests/fixtures/codegen", "2099"),
        by_name(regel_native::fixtures::v2099::decisions()),
    ));
    all
}

/// The matched rule and the outputs, or the failure (the outputs a failure leaves behind
/// are not part of the contract).
type Answer = Result<(usize, Vec<Value>), Failure>;

fn both(
    engine: &Engine,
    d: &Arc<Decision>,
    native: &dyn NativeDecision,
    inputs: &[Value],
) -> (Answer, Answer) {
    let mut outputs = Vec::new();
    let interpreted = engine.decider(d).decide_into(inputs, &mut outputs);
    let interpreted = interpreted.map(|rule| (rule, outputs));
    let mut outputs = Vec::new();
    let compiled = native.decide_into(inputs, &mut outputs);
    (interpreted, compiled.map(|rule| (rule, outputs)))
}

/// What an answer came to, as the plain evaluator can be compared with it: a run-time error's
/// wording is each evaluator's own; that both fail is what must agree.
#[derive(Debug, PartialEq)]
enum Came {
    Decided(usize, Vec<Value>),
    Rejected(String),
    Failed,
}

fn came(answer: &Answer) -> Came {
    match answer {
        Ok((rule, outputs)) => Came::Decided(*rule, outputs.clone()),
        Err(Failure::Rejected(r)) => Came::Rejected(r.reason.clone()),
        Err(Failure::Runtime(_)) => Came::Failed,
    }
}

/// The plain evaluator's answer.
fn oracle(engine: &Engine, d: &Decision, inputs: &[Value]) -> Came {
    came(&regel_eval::reference::decide(engine.params(), d, inputs))
}

#[test]
fn every_bundled_version_is_compiled_in_with_every_decision() {
    assert_eq!(regel_native::VERSIONS, ["2020", "2021", "2023"]);
    for version in regel_native::VERSIONS {
        let engine = engine(version);
        let natives = natives(version);
        let names: Vec<&str> = engine
            .program()
            .decisions
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        let mut compiled: Vec<&str> = natives.keys().copied().collect();
        compiled.sort_unstable();
        let mut expected = names.clone();
        expected.sort_unstable();
        assert_eq!(compiled, expected, "policies/{version}");
    }
    assert!(regel_native::decisions("1999").is_none());
}

#[test]
fn an_empty_sum_of_money_is_0_kr_in_the_generated_code() {
    let natives = by_name(regel_native::fixtures::v2099::decisions());
    let no_rows = [Value::List(Arc::from(Vec::new()))];
    let mut outputs = Vec::new();
    let rule = natives["vardpeng.rader"].decide_into(&no_rows, &mut outputs);
    assert_eq!(rule.ok(), Some(0), "`summa == 0 kr` holds: {outputs:?}");
    assert!(
        matches!(outputs[0], Value::Money(m) if m.is_zero()),
        "{outputs:?}"
    );
    assert!(
        matches!(outputs[1], Value::Decimal(d) if d.is_zero()),
        "{outputs:?}"
    );
}

#[test]
fn the_policies_own_tests_get_the_same_answers() {
    let mut compared = 0;
    for (version, engine, natives) in all_compiled() {
        let program = engine.program().clone();
        for test in program.tests.iter().filter(|t| t.overrides.is_empty()) {
            let d = &program.decisions[test.decision as usize];
            let inputs = regel_eval::test_inputs(&engine, d, test).unwrap();
            let (interpreted, compiled) =
                both(&engine, d, natives[d.name.as_str()].as_ref(), &inputs);
            assert_eq!(
                compiled, interpreted,
                "{version}, test {:?} of {}",
                test.name, d.name
            );
            compared += 1;
        }
    }
    // Every version's tests ran (the three versions hold well over a hundred).
    assert!(compared > 100, "only {compared} tests compared");
}

/// Dates around the policies' years, with month ends and leap days likely, and now and then
/// the calendar's very edge, where date arithmetic fails.
fn date() -> BoxedStrategy<NaiveDate> {
    let near = (
        2019i32..=2025,
        1u32..=12,
        prop_oneof![1u32..=31, 27u32..=31],
    )
        .prop_map(|(y, m, d)| {
            (0..4)
                .find_map(|back| NaiveDate::from_ymd_opt(y, m, d.saturating_sub(back)))
                .unwrap()
        });
    // The days the Beställning's periods turn on: the year's turn, month ends, leap days.
    let turning = prop::sample::select(
        [
            (2022, 12, 31),
            (2023, 1, 1),
            (2023, 1, 31),
            (2023, 2, 28),
            (2023, 3, 1),
            (2023, 3, 31),
            (2023, 4, 30),
            (2023, 12, 31),
            (2024, 1, 1),
            (2024, 2, 28),
            (2024, 2, 29),
            (2024, 3, 1),
            (2024, 12, 31),
            (2025, 2, 28),
        ]
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
        .to_vec(),
    );
    let edge = prop_oneof![
        (0u64..40).prop_map(|n| NaiveDate::MAX - chrono::Days::new(n)),
        (0u64..40).prop_map(|n| NaiveDate::MIN + chrono::Days::new(n)),
    ];
    prop_oneof![12 => near, 8 => turning, 1 => edge].boxed()
}

fn decimal() -> BoxedStrategy<Decimal> {
    prop_oneof![
        (-1_000_000i64..10_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
        Just(Decimal::MAX),
        Just(Decimal::ZERO),
    ]
    .boxed()
}

/// Values of type `ty`, as a caller with well-typed inputs would give them.
fn value(program: &Program, ty: &Ty) -> BoxedStrategy<Value> {
    match ty {
        Ty::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Ty::Int => prop_oneof![
            20 => -3i64..60,
            1 => Just(i64::MAX),
            1 => Just(i64::MIN),
        ]
        .prop_map(Value::Int)
        .boxed(),
        Ty::Decimal => decimal().prop_map(Value::Decimal).boxed(),
        Ty::Money => decimal().prop_map(Value::Money).boxed(),
        Ty::Date => date().prop_map(Value::Date).boxed(),
        Ty::Time => (0u32..86_400)
            .prop_map(|s| {
                Value::Time(chrono::NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap())
            })
            .boxed(),
        Ty::Duration => (-3i64..40, 0usize..4)
            .prop_map(|(amount, u)| {
                Value::Duration(Duration {
                    amount,
                    unit: UNITS[u],
                })
            })
            .boxed(),
        Ty::Text => prop_oneof![Just(""), Just("a"), Just("Luleå"), Just("3.6.1")]
            .prop_map(|t| Value::Text(t.into()))
            .boxed(),
        Ty::Enum(id, _) => {
            let n = program.enum_def(*id).map_or(1, |e| e.variants.len().max(1));
            let id: EnumId = *id;
            (0..n as u32).prop_map(move |i| Value::Enum(id, i)).boxed()
        }
        Ty::Record(rid, _) => {
            let fields: Vec<BoxedStrategy<Value>> = program.records[rid.0 as usize]
                .fields
                .iter()
                .map(|(_, t)| value(program, t))
                .collect();
            fields.prop_map(|vs| Value::Record(vs.into())).boxed()
        }
        Ty::List(of) => prop::collection::vec(value(program, of), 0..7)
            .prop_map(|vs| Value::List(vs.into()))
            .boxed(),
        Ty::Optional(of) => prop_oneof![1 => Just(Value::Null), 4 => value(program, of)].boxed(),
        Ty::Null | Ty::EmptyList | Ty::Error => Just(Value::Null).boxed(),
    }
}

#[test]
fn random_inputs_of_every_decision_get_the_same_answers_as_the_interpreter_and_the_oracle() {
    for (version, engine, natives) in all_compiled() {
        let program = engine.program().clone();
        for d in &program.decisions {
            let native = natives[d.name.as_str()].as_ref();
            let inputs: Vec<BoxedStrategy<Value>> =
                d.inputs.iter().map(|i| value(&program, &i.ty)).collect();
            let mut runner = TestRunner::new(Config {
                cases: 300,
                failure_persistence: None,
                ..Config::default()
            });
            let result = runner.run(&inputs, |inputs| {
                let (interpreted, compiled) = both(&engine, d, native, &inputs);
                if compiled != interpreted {
                    return Err(TestCaseError::fail(format!(
                        "compiled {compiled:?}\ninterpreted {interpreted:?}"
                    )));
                }
                let plain = oracle(&engine, d, &inputs);
                if came(&compiled) != plain {
                    return Err(TestCaseError::fail(format!(
                        "compiled {compiled:?}\nplain {plain:?}"
                    )));
                }
                Ok(())
            });
            if let Err(e) = result {
                panic!("{version}, {}: {e}", d.name);
            }
        }
    }
}

#[test]
fn a_wrong_number_or_kind_of_inputs_is_an_error_not_a_panic() {
    let natives = natives("2023");
    let byte = natives["listning.byte"].as_ref();
    let mut outputs = vec![Value::Null];
    let Err(Failure::Runtime(e)) = byte.decide_into(&[], &mut outputs) else {
        panic!("no inputs should fail");
    };
    assert_eq!(e.message, "expected 7 inputs, got 0");
    assert!(outputs.is_empty(), "outputs are cleared first");
    let mut inputs = vec![Value::Bool(false); 7];
    inputs[0] = Value::Int(3);
    inputs[1] = Value::List(Arc::from(vec![]));
    let Err(Failure::Runtime(e)) = byte.decide_into(&inputs, &mut outputs) else {
        panic!("a whole number for a date should fail");
    };
    assert!(e.message.starts_with("expected a date"), "{}", e.message);
}

/// `decide_into` writes over the outputs the previous decision left (any decision's, of any
/// number of outputs, or a failure's): the answers are those of a fresh vector every time.
#[test]
fn one_output_vector_kept_across_decisions_gets_the_fresh_answers() {
    for (version, engine, natives) in all_compiled() {
        let program = engine.program().clone();
        // `TestRunner::run` takes a `Fn`.
        let kept = std::cell::RefCell::new(vec![Value::Text("left over".into())]);
        let mut runner = TestRunner::new(Config {
            cases: 40,
            failure_persistence: None,
            ..Config::default()
        });
        for d in &program.decisions {
            let native = natives[d.name.as_str()].as_ref();
            let inputs: Vec<BoxedStrategy<Value>> =
                d.inputs.iter().map(|i| value(&program, &i.ty)).collect();
            let result = runner.run(&inputs, |inputs| {
                let mut fresh = Vec::new();
                let fresh = native.decide_into(&inputs, &mut fresh).map(|r| (r, fresh));
                let mut kept = kept.borrow_mut();
                let again = native.decide_into(&inputs, &mut kept);
                match (fresh, again) {
                    (Ok((r, fresh)), Ok(again)) if r == again && fresh == *kept => Ok(()),
                    (Err(_), Err(_)) if kept.is_empty() => Ok(()),
                    (fresh, again) => Err(TestCaseError::fail(format!(
                        "fresh {fresh:?}\nkept {again:?} {kept:?}"
                    ))),
                }
            });
            if let Err(e) = result {
                panic!("{version}, {}: {e}", d.name);
            }
        }
    }
}

/// A list input of plain values is read into a buffer on the stack up to 32 elements and
/// into a vector past that: both read every element, and fail on a wrong one.
#[test]
fn a_list_input_longer_than_the_stack_buffer_is_read_whole() {
    let engine = engine("2023");
    let (_, d) = engine.program().decision("listning.byte").unwrap();
    let byte = &natives("2023")["listning.byte"];
    let datum = NaiveDate::from_ymd_opt(2023, 5, 10).unwrap();
    for n in [0, 1, 31, 32, 33, 40] {
        // All within the year before `datum` but the last, which comes after it.
        let mut dates: Vec<Value> = (0..n)
            .map(|i| Value::Date(datum - chrono::Days::new(i % 300)))
            .collect();
        let mut inputs = vec![Value::Date(datum), Value::Null];
        inputs.extend([false, false, false].map(Value::Bool));
        inputs.push(Value::Enum(EnumId(23), 0));
        inputs.push(Value::Bool(false));
        inputs[1] = Value::List(dates.clone().into());
        let (interpreted, compiled) = both(&engine, d, byte.as_ref(), &inputs);
        assert_eq!(compiled, interpreted, "{n} dates");
        let counted = compiled.unwrap().1[3].clone();
        assert_eq!(counted, Value::Int(i64::try_from(n).unwrap()), "{n} dates");
        if n > 0 {
            dates.push(Value::Date(datum + chrono::Days::new(1)));
            inputs[1] = Value::List(dates.clone().into());
            let (interpreted, compiled) = both(&engine, d, byte.as_ref(), &inputs);
            assert_eq!(compiled, interpreted, "{n} dates and one after datum");
            assert!(
                matches!(compiled, Err(Failure::Rejected(_))),
                "{n} + 1 dates"
            );
            let last = dates.len() - 1;
            dates[last] = Value::Int(1);
            inputs[1] = Value::List(dates.into());
            let mut outputs = Vec::new();
            let Err(Failure::Runtime(e)) = byte.decide_into(&inputs, &mut outputs) else {
                panic!("a whole number among {n} dates should fail");
            };
            assert!(e.message.starts_with("expected a date"), "{}", e.message);
        }
    }
}

/// `listning.byte`'s `require all(tidigare_byten, …)` and its later `count` over the same
/// list run as one loop in the generated code, as in the interpreter's kernel. Where the
/// count cannot be computed (a year before the first day there is), an element after
/// `datum` further on is still rejected by the `all`, as when the two run apart; without one
/// the count's failure stands.
#[test]
fn a_fused_all_and_count_reject_and_fail_as_apart() {
    let engine = engine("2023");
    let (_, d) = engine.program().decision("listning.byte").unwrap();
    let byte = &natives("2023")["listning.byte"];
    let day = |n| Value::Date(NaiveDate::MIN + chrono::Days::new(n));
    let mut inputs = vec![day(6), Value::Null];
    inputs.extend([false, false, false].map(Value::Bool));
    inputs.push(Value::Enum(EnumId(23), 0));
    inputs.push(Value::Bool(false));
    inputs[1] = Value::List(vec![day(5), day(7)].into());
    let (interpreted, compiled) = both(&engine, d, byte.as_ref(), &inputs);
    assert_eq!(compiled, interpreted);
    assert!(
        matches!(compiled, Err(Failure::Rejected(_))),
        "{compiled:?}"
    );
    inputs[1] = Value::List(vec![day(5), day(4)].into());
    let (interpreted, compiled) = both(&engine, d, byte.as_ref(), &inputs);
    assert_eq!(compiled, interpreted);
    assert!(matches!(compiled, Err(Failure::Runtime(_))), "{compiled:?}");
}
