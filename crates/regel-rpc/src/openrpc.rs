//! The OpenRPC 1.2 document `rpc.discover` returns.

use serde_json::{Value, json};

fn param(name: &str, required: bool, schema: Value, description: &str) -> Value {
    json!({"name": name, "required": required, "description": description, "schema": schema})
}

fn method(name: &str, summary: &str, params: Vec<Value>, result: Value) -> Value {
    json!({"name": name, "summary": summary, "paramStructure": "by-name", "params": params,
           "result": {"name": format!("{name} result"), "schema": result}})
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
            method("decisions.describe", "A decision's section, description and JSON Schemas of its input and output",
                vec![param("version", true, string(), "a version folder"), decision()],
                json!({"type": "object", "required": ["name", "paragraf", "doc", "input_schema", "output_schema"]})),
            method("decide", "Decide one input", vec![decision(), param("input", true, json!({"type": "object"}), "the decision's input"), version(), as_of(), explain(), overrides()], decided),
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
                     param("format", false, json!({"enum": ["json", "markdown", "html"]}), "a rendered report besides the changes"),
                     param("impact", false, json!({"type": "boolean"}), "also run both versions on test and generated inputs")],
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
