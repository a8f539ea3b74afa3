//! Every engine of the peer benchmarks answers as Regel does, on every test input of the four
//! decisions and on their edges: the hand-written functions, Rego (regorus's interpreter and
//! its compiled RVM, eval only and JSON in and out), JDM (zen-engine), bare `zen-expression`
//! (eval only and JSON in and out) and, where the decision is allow/deny, Cedar.
//!
//! `scripts/peers` runs it (with clippy and the bench's build) in the `bench` profile, where the
//! engines are built once for it and the benches: `cargo test -p regel-bench --features peers
//! --profile bench --test peers`.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_bench::peers::Decision;
use regel_bench::peers::cases::cases;
use regel_bench::peers::cedar::Cedar;
use regel_bench::peers::jdm::Jdm;
use regel_bench::peers::regel::Regel;
use regel_bench::peers::rego::{Rego, Rvm};
use regel_bench::peers::zen::ZenExpression;
use regel_bench::{ersattning, kapacitetsstopp, listning, sanktion};
use serde_json::Value as Json;

/// The hand-written function's answer (it has no rejections: `None` there).
pub fn hand_written(decision: Decision, input: &Json) -> Option<Json> {
    match decision {
        Decision::ListningByte => listning::hand_written_json(input),
        Decision::Kapacitetsstopp => kapacitetsstopp::beslut_json(input),
        Decision::SanktionVite => sanktion::vite_json(input),
        Decision::ErsattningVardpeng => ersattning::vardpeng_json(input),
    }
}

/// What Cedar's allow stands for in Regel's output.
fn allowed(decision: Decision, output: &Json) -> Option<bool> {
    match decision {
        Decision::ListningByte => Some(output["utfall"] == "beviljas"),
        Decision::Kapacitetsstopp => Some(output["beslutsfattare"] == "regiondirektor"),
        _ => None,
    }
}

#[test]
fn every_engine_answers_as_regel_on_every_input() {
    let regel = Regel::new().unwrap();
    let mut rego = Rego::new().unwrap();
    let jdm = Jdm::new().unwrap();
    let cedar = Cedar::new().unwrap();
    for decision in Decision::ALL {
        let mut rvm = Rvm::new(decision).unwrap();
        let mut zen = ZenExpression::new(decision).unwrap();
        let inputs = cases(decision);
        assert!(inputs.len() > 4, "{decision:?} has its cases");
        for input in inputs {
            let want = regel
                .decide(decision, &input)
                .unwrap_or_else(|| panic!("{input}"));
            let name = decision.name();
            if want.get("rejected").is_none() {
                assert_eq!(
                    hand_written(decision, &input).as_ref(),
                    Some(&want),
                    "hand-written, {name}, {input}"
                );
                assert_eq!(
                    cedar.decide(decision, &input),
                    allowed(decision, &want),
                    "cedar, {name}, {input}"
                );
            }
            assert_eq!(
                rego.decide(decision, &input).as_ref(),
                Some(&want),
                "regorus, {name}, {input}"
            );
            assert_eq!(
                jdm.decide(decision, &input).as_ref(),
                Some(&want),
                "zen-engine, {name}, {input}"
            );
            for (path, got) in [
                ("regorus RVM", rvm.decide(&input)),
                ("regorus RVM, JSON", rvm.decide_json(&input)),
                ("zen-expression", zen.decide(&input)),
                ("zen-expression, JSON", zen.decide_json(&input)),
            ] {
                assert_eq!(got.as_ref(), Some(&want), "{path}, {name}, {input}");
            }
        }
    }
}
