//! A `Decider` reused from one decision to the next writes its outputs over the previous
//! decision's: each decision's outputs are what a fresh engine gives (after a rejection, none),
//! whatever the vector held; a record the caller kept from an earlier decision
//! is not written over.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::LazyLock;

use regel_compiler::ir::Value;
use regel_eval::{Engine, Failure};

const POLICY: &str = r#"
record Delar { hel: Money, halv: Money, antal: Int }

decision d {
  input belopp: Money
  input antal: Int
  input flagga: Bool
  input namn: [Int]

  require antal >= 0 else negativt

  let halva = belopp / 2
  let summa = sum(namn)

  output delar: Delar = Delar { hel: belopp, halv: halva, antal: antal + summa }
  output stor: Bool
  output kvot: Decimal = 100 / antal
  output skal
  output paragraf

  when flagga
    require belopp > 0 kr else inget_belopp
    then { stor: true }
    because flaggad @ "1"
  when belopp > 1000 kr
    then { stor: true }
    because stort @ "1"
  otherwise
    then { stor: false }
    because litet @ "1"
}
"#;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| regel_testing::engine_of(POLICY, &[]));

fn inputs(belopp: i64, antal: i64, flagga: bool, namn: &[i64]) -> Vec<Value> {
    vec![
        Value::Money(belopp.into()),
        Value::Int(antal),
        Value::Bool(flagga),
        Value::List(
            namn.iter()
                .map(|n| Value::Int(*n))
                .collect::<Vec<_>>()
                .into(),
        ),
    ]
}

/// What a fresh engine gives, as `decide_into` reports it.
fn fresh(values: &[Value]) -> (Result<usize, Failure>, Vec<Value>) {
    let d = ENGINE.program().decision("d").unwrap().1.clone();
    match ENGINE.decide(&d, values.to_vec()) {
        Ok(decided) => (Ok(decided.rule), decided.outputs),
        Err(e) => (Err(e), Vec::new()),
    }
}

#[test]
fn a_reused_decider_writes_each_decision_over_the_last() {
    let d = ENGINE.program().decision("d").unwrap().1.clone();
    let mut decider = ENGINE.decider(&d);
    // Every rule, a rejection by a require of the decision and of a rule, a run-time error
    // (a division by zero) in an output, each after each other.
    let cases = [
        inputs(5000, 2, false, &[1, 2]),
        inputs(10, 4, false, &[]),
        inputs(10, 5, true, &[3]),
        inputs(0, 5, true, &[3]),
        inputs(5000, 2, false, &[1, 2]),
        inputs(10, -1, false, &[]),
        inputs(7, 3, true, &[]),
        inputs(7, 0, false, &[]),
        inputs(2000, 1, false, &[9]),
    ];
    let mut outputs = vec![Value::Text("left over".into()); 9];
    for first in &cases {
        for second in &cases {
            for values in [first, second] {
                let got = decider.decide_into(values, &mut outputs);
                let (want, want_outputs) = fresh(values);
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "on {values:?}");
                // A run-time error in an output leaves those computed before it; a rejection
                // none.
                if !matches!(got, Err(Failure::Runtime(_))) {
                    assert_eq!(outputs, want_outputs, "on {values:?}");
                }
            }
        }
    }
}

#[test]
fn a_record_the_caller_kept_is_not_written_over() {
    let d = ENGINE.program().decision("d").unwrap().1.clone();
    let mut decider = ENGINE.decider(&d);
    let mut outputs = Vec::new();
    decider
        .decide_into(&inputs(5000, 2, false, &[1]), &mut outputs)
        .unwrap();
    let kept = outputs.first().cloned().unwrap();
    let Value::Record(before) = &kept else {
        panic!("not a record: {kept:?}")
    };
    let before: Vec<Value> = before.to_vec();
    decider
        .decide_into(&inputs(10, 4, false, &[]), &mut outputs)
        .unwrap();
    let Value::Record(after) = &kept else {
        panic!("not a record: {kept:?}")
    };
    assert_eq!(after.to_vec(), before);
    assert_ne!(outputs.first(), Some(&kept));
    assert_eq!(outputs, fresh(&inputs(10, 4, false, &[])).1);
}
