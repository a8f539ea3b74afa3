//! The JSON Schemas `decisions.describe` gives (through the real `regel serve`) against every
//! test of the bundled policies: each test's input validates against its decision's input
//! schema, and the output the decision gives on it against the output schema.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_e2e::{decide, engine, regel, stdout};
use serde_json::{Value as Json, json};

/// The input and output schema of every decision of `version`, asked of the server.
fn schemas(version: &str, decisions: &[String]) -> Vec<(Json, Json)> {
    let requests: Vec<String> = decisions
        .iter()
        .enumerate()
        .map(|(id, d)| {
            json!({"jsonrpc": "2.0", "id": id, "method": "decisions.describe",
                   "params": {"version": version, "decision": d}})
            .to_string()
        })
        .collect();
    let out = regel(
        &["serve", "--policies", "policies"],
        &(requests.join("\n") + "\n"),
    );
    stdout(&out)
        .lines()
        .map(|line| {
            let answer: Json = serde_json::from_str(line).unwrap();
            let result = &answer["result"];
            assert!(result.is_object(), "describe failed: {answer}");
            (
                result["input_schema"].clone(),
                result["output_schema"].clone(),
            )
        })
        .collect()
}

fn errors(schema: &Json, value: &Json) -> Vec<String> {
    let validator = jsonschema::validator_for(schema)
        .unwrap_or_else(|e| panic!("not a valid JSON Schema ({e}): {schema}"));
    validator
        .iter_errors(value)
        .map(|e| format!("{e} at `{}`", e.instance_path))
        .collect()
}

#[test]
fn every_test_input_and_output_validates_against_the_described_schemas() {
    for version in ["2020", "2021", "2023"] {
        let engine = engine(version);
        let program = engine.program().clone();
        let names: Vec<String> = program.decisions.iter().map(|d| d.name.clone()).collect();
        let described = schemas(version, &names);
        assert_eq!(described.len(), names.len(), "one answer per decision");
        let (mut inputs, mut outputs) = (0, 0);
        for test in &program.tests {
            let d = &program.decisions[test.decision as usize];
            let (input_schema, output_schema) = &described[test.decision as usize];
            let mut input = serde_json::Map::new();
            for (i, e) in &test.given {
                let decl = &d.inputs[*i as usize];
                let value = engine.constant(e).unwrap();
                let json = regel_eval::json::to_json(&program, &decl.ty, &value).unwrap();
                input.insert(decl.name.clone(), json);
            }
            let input = Json::Object(input);
            let bad = errors(input_schema, &input);
            assert!(
                bad.is_empty(),
                "{version} test {:?}: input {input}: {bad:#?}",
                test.name
            );
            inputs += 1;
            if let Ok(output) = decide(&engine, &d.name, input.clone()) {
                let bad = errors(output_schema, &output);
                assert!(
                    bad.is_empty(),
                    "{version} test {:?}: output {output}: {bad:#?}",
                    test.name
                );
                outputs += 1;
            }
        }
        assert!(
            inputs > 0 && outputs > 0,
            "{version}: {inputs} inputs, {outputs} outputs"
        );
    }
}

#[test]
fn the_schemas_reject_what_the_decision_rejects_as_ill_typed() {
    let names = vec!["listning.byte".to_owned()];
    let (input_schema, _) = &schemas("2023", &names)[0];
    let good = json!({"datum": "2023-05-10", "tidigare_byten": ["2022-09-01"]});
    assert_eq!(errors(input_schema, &good), Vec::<String>::new());
    for bad in [
        json!({"datum": "10 maj 2023", "tidigare_byten": []}),
        json!({"datum": "2023-05-10", "tidigare_byten": "2022-01-01"}),
        json!({"datum": "2023-05-10", "tidigare_byten": [], "okand": 1}),
        json!({"tidigare_byten": []}),
    ] {
        assert!(!errors(input_schema, &bad).is_empty(), "accepted: {bad}");
    }
}
