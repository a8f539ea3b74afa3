//! The hand-written peers answer as the policies do: on every test input of their decision in
//! `policies/2023` and on boundary inputs (the year turn, month ends, the leap day, the exact
//! edge of the three-month limit, the exact cap of a fine, half an öre). A bench that times a peer first needs this to hold.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_bench::{ersattning, kapacitetsstopp, listning, sanktion};
use regel_eval::{Engine, decide_json};
use serde_json::{Value as Json, json};

fn engine() -> Engine {
    engine_of("2023")
}

/// The engine of `policies/<version>`, which must compile.
fn engine_of(version: &str) -> Engine {
    regel_testing::engine_in("policies", version)
}

/// The inputs of the decision's tests (those without parameter overrides), as JSON.
fn test_inputs(engine: &Engine, name: &str) -> Vec<Json> {
    let program = engine.program();
    let (index, d) = program.decision(name).unwrap();
    program
        .tests
        .iter()
        .filter(|t| t.decision == index && t.overrides.is_empty())
        .map(|t| {
            let mut input = serde_json::Map::new();
            for (i, e) in &t.given {
                let decl = &d.inputs[*i as usize];
                let value = engine.constant(e).unwrap();
                input.insert(
                    decl.name.clone(),
                    regel_eval::json::to_json(program, &decl.ty, &value).unwrap(),
                );
            }
            Json::Object(input)
        })
        .collect()
}

fn agree(engine: &Engine, name: &str, inputs: &[Json], peer: fn(&Json) -> Option<Json>) {
    for input in inputs {
        let regel = decide_json(engine, name, input, false, "")
            .ok()
            .map(|d| d.output);
        assert_eq!(peer(input), regel, "{name} on {input}");
    }
}

#[test]
fn listning_byte_by_hand_agrees_with_the_policy() {
    let engine = engine();
    let mut inputs = test_inputs(&engine, "listning.byte");
    assert!(inputs.len() >= 10, "the tests of listning.byte are found");
    // The one-year period around the year turn, month ends and the leap day.
    for (datum, history) in [
        ("2024-01-01", vec!["2023-01-01", "2023-01-02", "2023-12-31"]),
        ("2024-02-29", vec!["2023-02-28", "2023-03-01", "2024-02-28"]),
        ("2023-03-31", vec!["2022-03-31", "2022-04-01", "2023-03-30"]),
        ("2023-03-01", vec!["2022-02-28", "2022-03-01", "2023-02-28"]),
        ("2023-05-10", vec!["2023-05-10", "2023-05-10", "2023-05-10"]),
        ("2023-05-10", vec!["2023-05-11"]),
    ] {
        for skal in [false, true] {
            inputs.push(json!({"datum": datum, "tidigare_byten": history, "sarskilda_skal": skal}));
        }
    }
    agree(
        &engine,
        "listning.byte",
        &inputs,
        listning::hand_written_json,
    );
}

#[test]
fn kapacitetsstopp_by_hand_agrees_with_the_policy() {
    let engine = engine();
    let mut inputs = test_inputs(&engine, "kapacitetsstopp.beslut");
    assert!(
        inputs.len() >= 5,
        "the tests of kapacitetsstopp.beslut are found"
    );
    for (fran, till) in [
        ("2023-01-01", "2023-03-31"),
        ("2023-01-01", "2023-04-01"),
        ("2023-11-30", "2024-02-29"),
        ("2023-12-01", "2024-02-29"),
        ("2023-12-31", "2024-03-30"),
        ("2023-12-31", "2024-03-31"),
        ("2023-05-10", "2023-05-09"),
    ] {
        for (skriftlig, risker) in [(true, json!(["patientsakerhet"])), (false, json!([]))] {
            inputs.push(json!({"fran": fran, "till": till, "skriftlig_anmalan": skriftlig, "risker": risker}));
        }
    }
    agree(
        &engine,
        "kapacitetsstopp.beslut",
        &inputs,
        kapacitetsstopp::beslut_json,
    );
}

#[test]
fn sanktion_vite_by_hand_agrees_with_the_policy() {
    let engine = engine();
    let mut inputs = test_inputs(&engine, "sanktion.vite");
    assert!(inputs.len() >= 8, "the tests of sanktion.vite are found");
    // The cap of 1 234 567.89 kr is 123 456.78 kr (floored): at it, one öre over, and null.
    for begart in [
        json!("123456.78"),
        json!("123456.79"),
        json!(null),
        json!(0),
    ] {
        for (storre, rattelse, yttrande) in [
            (true, false, true),
            (true, true, true),
            (false, false, true),
            (true, false, false),
        ] {
            inputs.push(json!({"manatlig_vardpeng": "1234567.89", "storre_avvikelse": storre,
                "rattelse_skett": rattelse, "yttrande_mojlighet_given": yttrande, "begart_vite": begart}));
        }
    }
    agree(&engine, "sanktion.vite", &inputs, sanktion::vite_json);
}

#[test]
fn ersattning_vardpeng_by_hand_agrees_with_the_policy() {
    let engine = engine_of("2021");
    let mut inputs = test_inputs(&engine, "ersattning.vardpeng");
    assert!(
        inputs.len() >= 5,
        "the tests of ersattning.vardpeng are found"
    );
    // Half an öre of each pot (rounded away from zero) and just below it.
    for share in [
        "0.00000000100160256",
        "0.00000000100160255",
        "0.000000001171875",
        "0.999999999",
    ] {
        inputs.push(json!({"andel_alder": share, "andel_acg": share, "andel_cni": share}));
    }
    agree(
        &engine,
        "ersattning.vardpeng",
        &inputs,
        ersattning::vardpeng_json,
    );
}
