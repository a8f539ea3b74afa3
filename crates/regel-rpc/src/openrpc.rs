//! The OpenRPC 1.2 document `rpc.discover` returns.

use serde_json::{Value, json};

fn param(name: &str, required: bool, schema: Value, description: &str) -> Value {
    json!({"name": name, "required": required, "description": description, "schema": schema})
}

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

fn string() -> Value {
    json!({"type": "string"})
}

fn date() -> Value {
    json!({"type": "string", "format": "date"})
}

fn diagnostics() -> Value {
    json!({"type": "array", "items": {"type": "object", "required": ["file", "range", "severity", "code", "message"],
        "properties": {"file": {"type": "string"}, "range": {"$ref": "#/components/schemas/Range"},
            "severity": {"enum": ["error", "warning"]}, "code": {"type": "string"}, "message": {"type": "string"},
            "help": {"type": "string", "description": "How to fix it; for a prover's finding, an input that shows it."}}}})
}

pub fn document() -> Value {
    let version = || {
        param(
            "version",
            false,
            string(),
            "a version folder, e.g. \"2023\"; neither this nor as_of: the newest",
        )
    };
    let as_of = || {
        param(
            "as_of",
            false,
            date(),
            "pick the version in force on this date",
        )
    };
    let explain = || {
        param(
            "explain",
            false,
            json!({"type": "boolean"}),
            "add the trace of rules tried",
        )
    };
    let overrides = || {
        param(
            "overrides",
            false,
            json!({"type": "object"}),
            "parameter values to evaluate with instead (what-if)",
        )
    };
    let decision = || {
        param(
            "decision",
            true,
            string(),
            "a decision name, e.g. \"listning.byte\"",
        )
    };
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
                vec![param("version", true, string(), "a version folder"), decision()],
                describe_result()), &[unknown_decision(), invalid_params()]),
            with_errors(method("decide", "Decide one input", vec![decision(), param("input", true, json!({"type": "object"}), "the decision's input"), version(), as_of(), explain(), overrides()], decided),
                &[unknown_decision(), rejected(), invalid_params()]),
            method("decide.batch", "Decide many inputs; one bad item never fails the batch",
                vec![decision(), param("inputs", true, json!({"type": "array", "items": {"type": "object"}}), "the inputs"), version(), as_of(), explain(), overrides()],
                json!({"type": "object", "required": ["version", "decision", "results"]})),
            method("check", "Diagnostics of one version, or all", vec![version()],
                json!({"type": "object", "required": ["diagnostics"], "properties": {"diagnostics": diagnostics()}})),
            method("source.set", "Replace one policy file's text in memory (nothing is written to disk)",
                vec![param("path", true, string(), "relative to the policies folder, e.g. \"2023/listning.regel\""), param("text", true, string(), "the new text")],
                json!({"type": "object", "required": ["version", "diagnostics"], "properties": {"version": {"type": "string"}, "diagnostics": diagnostics()}})),
            method("diff", "The semantic difference between two versions",
                vec![param("from", true, string(), "the older version"), param("to", true, string(), "the newer version"),
                     param("format", false, json!({"enum": ["json", "md", "markdown", "html"]}), "a rendered report besides the changes: the memo as Markdown (\"md\" or \"markdown\") or as one self-contained HTML page"),
                     param("impact", false, json!({"type": "boolean"}), "also prove which inputs each changed decision decides differently (regel_verify::impact)")],
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
