//! The hand-written peers answer as the policies do: on every test input of their decision in
//! `policies/2023` and on boundary inputs (the year turn, month ends, the leap day, the exact
//! edge of the three-month limit). A bench that times a peer first needs this to hold.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use regel_bench::{kapacitetsstopp, listning};
use regel_compiler::{Database, diagnostics, load_version, program};
use regel_eval::{Engine, decide_json};
use serde_json::{Value as Json, json};

fn engine() -> Engine {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies/2023");
    let files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (format!("2023/{name}"), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let db = Database::default();
    let v = load_version(&db, "2023", files);
    assert!(diagnostics(&db, v).iter().all(|d| !d.is_error()));
    Engine::new(program(&db, v)).unwrap()
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
