//! The OpenRPC 1.2 document `rpc.discover` returns. Each method's parameters are generated
//! from its parameter struct (`params.rs`), the one the server reads requests with.

use serde_json::{Value, json};

use crate::params::{Check, Decide, DecideBatch, Describe, Diff, Params, SourceSet};

fn method(name: &str, summary: &str, params: Vec<Value>, result: Value) -> Value {
    json!({"name": name, "summary": summary, "paramStructure": "by-name", "params": params,
           "result": {"name": format!("{name} result"), "schema": result}})
}

/// `method` with the errors it may answer.
fn with_errors(mut method: Value, errors: &[Value]) -> Value {
    if let Value::Object(map) = &mut method {
        map.insert("errors".into(), Value::Array(errors.to_vec()));
    }
    method
}

fn invalid_params() -> Value {
    json!({"code": -32602, "message": "invalid params: the message says what is wrong (a date that is no day of the calendar names its month's length: \"February 2023 has 28 days\")",
        "data": {"path": "the JSON Pointer of the value", "expected": "what it should be", "got": "what it is"}})
}

fn unknown_decision() -> Value {
    json!({"code": -32002, "message": "the version asked (by name, as_of or the newest adopted) has no decision of that name; the message names the version",
        "data": {"decision": "the name asked", "version": "the version that lacks it", "as_of": "the date that chose the version, when given", "known": "the decisions it has"}})
}

fn rejected() -> Value {
    json!({"code": -32004, "message": "a require rejects the input",
        "data": {"reason": "the reason code (one of decisions.describe's rejections)", "paragraf": "its section",
                 "path": "the JSON Pointer of the input the failed condition is about", "motivering": "with explain: the reasons in Swedish"}})
}

fn not_evaluated() -> Value {
    json!({"code": -32005, "message": "the decision cannot be evaluated for this input (an overflow, a date past 9999-12-31): an error of the input or the policy, not of the server",
        "data": {"reason": "the evaluator's words"}})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn diagnostics() -> Value {
    json!({"type": "array", "items": {"type": "object", "required": ["file", "range", "severity", "code", "message"],
        "properties": {"file": {"type": "string"}, "range": {"$ref": "#/components/schemas/Range"},
            "severity": {"enum": ["error", "warning"]}, "code": {"type": "string"}, "message": {"type": "string"},
            "help": {"type": "string", "description": "How to fix it; for a prover's finding, an input that shows it."}}}})
}

pub fn document() -> Value {
    let decided = json!({"type": "object", "required": ["version", "decision", "output"],
        "properties": {"version": {"type": "string"}, "decision": {"type": "string"}, "output": {"type": "object"},
                       "trace": {"type": "array"}}});
    json!({
        "openrpc": "1.2.6",
        "info": {
            "title": "Regel",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Decisions of Region Norrbotten's Beställning Vårdval primärvård, by name, with the reason code and the section each rests on."
        },
        "methods": [
            method("policies.list", "The versions loaded, their coverage and decisions", vec![],
                json!({"type": "array", "items": {"type": "object"}})),
            with_errors(method("decisions.describe", "A decision's section, description and JSON Schemas of its input and output",
                Describe::descriptors(), describe_result()), &[unknown_decision(), invalid_params()]),
            with_errors(method("decide", "Decide one input", Decide::descriptors(), decided),
                &[unknown_decision(), rejected(), not_evaluated(), invalid_params()]),
            method("decide.batch", "Decide many inputs; one bad item never fails the batch",
                DecideBatch::descriptors(),
                json!({"type": "object", "required": ["version", "decision", "results"]})),
            method("check", "Diagnostics of one version, or all", Check::descriptors(),
                json!({"type": "object", "required": ["diagnostics"], "properties": {"diagnostics": diagnostics()}})),
            method("source.set", "Replace one policy file's text in memory (nothing is written to disk)",
                SourceSet::descriptors(),
                json!({"type": "object", "required": ["version", "diagnostics"], "properties": {"version": {"type": "string"}, "diagnostics": diagnostics()}})),
            method("diff", "The semantic difference between two versions", Diff::descriptors(),
                diff_result()),
            method("shutdown", "Answer, flush and exit 0", vec![], json!({"type": "null"})),
            method("rpc.discover", "This document", vec![], json!({"type": "object"}))
        ],
        "components": {
            "schemas": {
                "Range": {"type": "object", "required": ["start", "end"], "properties": {
                    "start": {"$ref": "#/components/schemas/Position"}, "end": {"$ref": "#/components/schemas/Position"}}},
                "Position": {"type": "object", "required": ["line", "character"], "properties": {
                    "line": {"type": "integer", "minimum": 0}, "character": {"type": "integer", "minimum": 0}}}
            }
        }
    })
}

/// What `decisions.describe` answers.
fn describe_result() -> Value {
    let schema = json!({"type": "object", "description": "a JSON Schema (2020-12)"});
    json!({"type": "object", "required": ["name", "label", "paragraf", "doc", "input_schema", "output_schema", "rejections"],
    "properties": {
        "name": string(),
        "label": {"type": ["string", "null"], "description": "the decision's Swedish label: the first line of its doc comment"},
        "paragraf": {"type": "string", "description": "the section the decision rests on"},
        "doc": {"type": "string", "description": "the decision's doc comment (Swedish), with the reading it chose"},
        "input_schema": {"allOf": [schema], "description": "the input: each property described by its Swedish label, with its `default` where it has one; those without one required"},
        "output_schema": {"allOf": [schema], "description": "the output: each property described by its Swedish label; `skal` lists the reason codes the rules give (`oneOf` with each code's label, where it has one) and `paragraf` the sections they cite"},
        "rejections": {"type": "array", "description": "the ways the decision rejects an input (error -32004), in the order they are checked",
            "items": {"type": "object", "required": ["reason", "paragraf"], "properties": {
                "reason": string(), "paragraf": string(),
                "description": {"type": "string", "description": "the reason code's Swedish label"}}}}
    }})
}

/// The diff report's schema, with `rendered` for the Markdown or HTML asked for.
fn diff_result() -> Value {
    let mut schema = regel_diff::schema::report();
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        props.insert(
            "rendered".into(),
            json!({"type": "string", "description": "the report as Markdown or HTML, when `format` asks for it"}),
        );
    }
    schema
}
