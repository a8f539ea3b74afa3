//! The OpenRPC 1.2 document `rpc.discover` returns, generated: each method's parameters from
//! its parameter struct (`params.rs`, the one the server reads requests with), its result from
//! its result struct (`results.rs`, the one the method builds its answer as; `diff`'s from the
//! report's own schema), and its errors from the code table every front end answers with
//! (`regel_app::error::CODES`).

use regel_app::error::{CODES, Code};
use serde_json::{Map, Value, json};

use crate::params::{Check, Decide, DecideBatch, Describe, Diff, ParamType, Params, SourceSet};
use crate::protocol::{
    COMPILE_ERRORS, INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, NOT_EVALUATED, REJECTED,
    UNKNOWN_DECISION, UNKNOWN_VERSION,
};
use crate::results::{Batch, Checked, Described, SourceSetResult, VersionSummary};
use regel_app::Decided;

/// The errors any method may answer: a bug of the server, an answer past 64 MiB.
const ANY_METHOD: [i64; 2] = [INVALID_REQUEST, INTERNAL_ERROR];

/// A method: its name, summary, parameters, result schema and the error codes it may answer
/// (besides [`ANY_METHOD`]).
type Method = (&'static str, &'static str, Vec<Value>, Value, Vec<i64>);

fn methods() -> Vec<Method> {
    vec![
        (
            "policies.list",
            "The versions loaded, their coverage and decisions",
            vec![],
            json!({"type": "array", "items": VersionSummary::schema()}),
            vec![],
        ),
        (
            "decisions.describe",
            "A decision's section, description and JSON Schemas of its input and output",
            descriptors::<Describe>(),
            Described::schema(),
            vec![UNKNOWN_VERSION, UNKNOWN_DECISION, INVALID_PARAMS],
        ),
        (
            "decide",
            "Decide one input",
            descriptors::<Decide>(),
            Decided::schema(),
            vec![
                UNKNOWN_VERSION,
                UNKNOWN_DECISION,
                COMPILE_ERRORS,
                REJECTED,
                NOT_EVALUATED,
                INVALID_PARAMS,
            ],
        ),
        (
            "decide.batch",
            "Decide many inputs; one bad item never fails the batch",
            descriptors::<DecideBatch>(),
            Batch::schema(),
            vec![
                UNKNOWN_VERSION,
                UNKNOWN_DECISION,
                COMPILE_ERRORS,
                INVALID_PARAMS,
            ],
        ),
        (
            "check",
            "Diagnostics of one version, or all",
            descriptors::<Check>(),
            Checked::schema(),
            vec![UNKNOWN_VERSION, INVALID_PARAMS],
        ),
        (
            "source.set",
            "Replace one policy file's text in memory (nothing is written to disk)",
            descriptors::<SourceSet>(),
            SourceSetResult::schema(),
            vec![UNKNOWN_VERSION, INVALID_PARAMS],
        ),
        (
            "diff",
            "The semantic difference between two versions",
            descriptors::<Diff>(),
            diff_result(),
            vec![UNKNOWN_VERSION, COMPILE_ERRORS, INVALID_PARAMS],
        ),
        (
            "shutdown",
            "Answer, flush and exit 0",
            vec![],
            json!({"type": "null"}),
            vec![],
        ),
        (
            "rpc.discover",
            "This document",
            vec![],
            json!({"type": "object"}),
            vec![],
        ),
    ]
}

/// Each parameter of `P` as OpenRPC's `ContentDescriptor`: name, required, description, schema.
fn descriptors<P: Params>() -> Vec<Value> {
    P::members()
        .into_iter()
        .map(|m| {
            json!({"name": m.name, "required": m.required, "description": m.description,
                   "schema": m.schema})
        })
        .collect()
}

fn method(name: &str, summary: &str, params: Vec<Value>, result: Value, codes: &[i64]) -> Value {
    let errors: Vec<Value> = codes
        .iter()
        .chain(&ANY_METHOD)
        .filter_map(|c| regel_app::error::code(*c))
        .map(|c| json!({"$ref": format!("#/components/errors/{}", c.name)}))
        .collect();
    json!({"name": name, "summary": summary, "paramStructure": "by-name", "params": params,
           "result": {"name": format!("{name} result"), "schema": result}, "errors": errors})
}

/// An error of the code table, as OpenRPC's `Error` object.
fn error(c: &Code) -> Value {
    let data: Map<String, Value> = c
        .data
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
        .collect();
    if data.is_empty() {
        json!({"code": c.code, "message": c.meaning})
    } else {
        json!({"code": c.code, "message": c.meaning, "data": data})
    }
}

pub fn document() -> Value {
    let errors: Map<String, Value> = CODES
        .iter()
        .map(|c| (c.name.to_owned(), error(c)))
        .collect();
    json!({
        "openrpc": "1.2.6",
        "info": {
            "title": "Regel",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Decisions of Region Norrbotten's Beställning Vårdval primärvård, by name, with the reason code and the section each rests on. A line that is not JSON is answered -32700, a message that is no request -32600, an unknown method -32601 (components.errors lists every code)."
        },
        "methods": methods()
            .into_iter()
            .map(|(name, summary, params, result, codes)| method(name, summary, params, result, &codes))
            .collect::<Vec<Value>>(),
        "components": {"errors": errors}
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::Server;
    use crate::batch::tests::server;
    use crate::protocol::{METHOD_NOT_FOUND, PARSE_ERROR};

    /// Where `value` does not conform to `schema`: unknown or missing members, wrong types,
    /// values outside an `enum` (the keywords the document uses; others are not checked).
    fn conforms(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
        if let Some(Value::Array(options)) = schema.get("anyOf") {
            return match options.iter().any(|o| conforms(o, value, at).is_ok()) {
                true => Ok(()),
                false => Err(format!("{at}: {value} is none of {schema}")),
            };
        }
        if let Some(Value::Array(allowed)) = schema.get("enum")
            && !allowed.contains(value)
        {
            return Err(format!("{at}: {value} is not one of {allowed:?}"));
        }
        let ty = schema.get("type").and_then(Value::as_str);
        let fits = match (ty, value) {
            (None, _) => true,
            (Some("object"), Value::Object(_)) | (Some("array"), Value::Array(_)) => true,
            (Some("string"), Value::String(_)) | (Some("boolean"), Value::Bool(_)) => true,
            (Some("integer"), v) => v.is_u64() || v.is_i64(),
            (Some("null"), Value::Null) => true,
            _ => false,
        };
        if !fits {
            return Err(format!("{at}: {value} is not of type {ty:?}"));
        }
        match value {
            Value::Object(map) => {
                let properties = schema.get("properties").and_then(Value::as_object);
                if let Some(Value::Array(required)) = schema.get("required") {
                    for name in required.iter().filter_map(Value::as_str) {
                        if !map.contains_key(name) {
                            return Err(format!("{at}: `{name}` is required but absent"));
                        }
                    }
                }
                for (name, member) in map {
                    match properties.and_then(|p| p.get(name)) {
                        Some(s) => conforms(s, member, &format!("{at}/{name}"))?,
                        None if schema.get("additionalProperties") == Some(&json!(false)) => {
                            return Err(format!("{at}: `{name}` is not in the document"));
                        }
                        None => {}
                    }
                }
                Ok(())
            }
            Value::Array(items) => match schema.get("items") {
                Some(s) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, item)| conforms(s, item, &format!("{at}/{i}"))),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn call(server: &mut Server, method: &str, params: Value) -> Value {
        let line = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        serde_json::from_str(&server.handle_line(&line.to_string()).unwrap()).unwrap()
    }

    fn method_of<'d>(doc: &'d Value, name: &str) -> &'d Value {
        doc["methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap_or_else(|| panic!("no method {name}"))
    }

    /// The codes a method's errors name (through `components.errors`).
    fn codes_of(doc: &Value, method: &str) -> Vec<i64> {
        method_of(doc, method)["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let name = e["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                doc["components"]["errors"][name]["code"].as_i64().unwrap()
            })
            .collect()
    }

    #[test]
    fn every_result_the_server_answers_is_the_documents() {
        let doc = document();
        let mut s = server();
        let input = json!({"datum": "2023-05-10", "tidigare_byten": ["2023-01-15"]});
        let late = json!({"datum": "2023-05-10", "tidigare_byten": ["2023-06-01"]});
        let text = s
            .policies
            .file(s.policies.named("2023").unwrap(), "2023/listning.regel");
        let text = text.unwrap().text(&s.policies.db).clone();
        let calls = [
            ("policies.list", json!({})),
            (
                "decisions.describe",
                json!({"version": "2023", "decision": "listning.byte"}),
            ),
            (
                "decide",
                json!({"decision": "listning.byte", "version": "2023", "input": input}),
            ),
            (
                "decide",
                json!({"decision": "listning.byte", "version": "2023", "input": input, "explain": true}),
            ),
            (
                "decide.batch",
                json!({"decision": "listning.byte", "version": "2023", "inputs": [input, late, {}]}),
            ),
            (
                "decide.batch",
                json!({"decision": "listning.byte", "version": "2023", "inputs": [input], "explain": true}),
            ),
            ("check", json!({"version": "2023"})),
            (
                "source.set",
                json!({"path": "2023/listning.regel", "text": text}),
            ),
            (
                "source.set",
                json!({"path": "2023/listning.regel", "text": format!("{text}\nparam oanvand: Int = 1\n")}),
            ),
            (
                "diff",
                json!({"from": "2021", "to": "2023", "format": "md"}),
            ),
            ("rpc.discover", json!({})),
            ("shutdown", json!({})),
        ];
        for (method, params) in calls {
            let answer = call(&mut s, method, params.clone());
            let result = answer
                .get("result")
                .unwrap_or_else(|| panic!("{method} {params}: {answer}"));
            let schema = &method_of(&doc, method)["result"]["schema"];
            if let Err(why) = conforms(schema, result, method) {
                panic!("{method} {params} answers what the document does not say: {why}");
            }
        }
    }

    #[test]
    fn the_checker_of_the_document_can_fail() {
        let doc = document();
        let schema = &method_of(&doc, "check")["result"]["schema"];
        let extra = json!({"diagnostics": [], "unexpected": 1});
        assert!(conforms(schema, &extra, "check").is_err());
        assert!(conforms(schema, &json!({}), "check").is_err());
        let severity = json!({"diagnostics": [{"file": "a", "range": {"start": {"line": 0, "character": 0},
            "end": {"line": 0, "character": 1}}, "severity": "fatal", "code": "E1", "message": "m"}]});
        assert!(conforms(schema, &severity, "check").is_err());
    }

    #[test]
    fn every_error_the_server_answers_is_listed_for_its_method() {
        let doc = document();
        let mut s = server();
        let broken = "version \"2023\" { title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\"] }\nparam a: Int = \"x\"\n";
        let calls = [
            (
                "decisions.describe",
                json!({"version": "1999", "decision": "x"}),
                UNKNOWN_VERSION,
            ),
            (
                "decisions.describe",
                json!({"version": "2023", "decision": "x"}),
                UNKNOWN_DECISION,
            ),
            (
                "decisions.describe",
                json!({"version": "2023"}),
                INVALID_PARAMS,
            ),
            (
                "decide",
                json!({"decision": "x", "input": {}, "version": "1999"}),
                UNKNOWN_VERSION,
            ),
            (
                "decide",
                json!({"decision": "x", "input": {}, "version": "2023"}),
                UNKNOWN_DECISION,
            ),
            (
                "decide",
                json!({"decision": "listning.byte", "version": "2023",
                "input": {"datum": "2023-05-10", "tidigare_byten": ["2024-01-01"]}}),
                REJECTED,
            ),
            (
                "decide",
                json!({"decision": "listning.byte", "input": {}, "bogus": 1}),
                INVALID_PARAMS,
            ),
            (
                "decide.batch",
                json!({"decision": "x", "inputs": [], "version": "1999"}),
                UNKNOWN_VERSION,
            ),
            (
                "decide.batch",
                json!({"decision": "x", "inputs": [], "version": "2023"}),
                UNKNOWN_DECISION,
            ),
            (
                "decide.batch",
                json!({"decision": "listning.byte", "inputs": {}}),
                INVALID_PARAMS,
            ),
            ("check", json!({"version": "1999"}), UNKNOWN_VERSION),
            ("check", json!({"version": 7}), INVALID_PARAMS),
            (
                "source.set",
                json!({"path": "1999/a.regel", "text": ""}),
                UNKNOWN_VERSION,
            ),
            (
                "source.set",
                json!({"path": "../etc/passwd", "text": ""}),
                INVALID_PARAMS,
            ),
            (
                "diff",
                json!({"from": "1999", "to": "2023"}),
                UNKNOWN_VERSION,
            ),
            ("diff", json!({"from": "2021"}), INVALID_PARAMS),
            // A version with compile errors, after an edit.
            (
                "source.set",
                json!({"path": "2023/zz.regel", "text": broken}),
                0,
            ),
            (
                "decide",
                json!({"decision": "listning.byte", "input": {}, "version": "2023"}),
                COMPILE_ERRORS,
            ),
            (
                "decide.batch",
                json!({"decision": "listning.byte", "inputs": [], "version": "2023"}),
                COMPILE_ERRORS,
            ),
            (
                "diff",
                json!({"from": "2021", "to": "2023"}),
                COMPILE_ERRORS,
            ),
        ];
        for (method, params, code) in calls {
            let answer = call(&mut s, method, params.clone());
            let got = answer["error"]["code"].as_i64().unwrap_or(0);
            assert_eq!(got, code, "{method} {params}: {answer}");
            if code != 0 {
                assert!(
                    codes_of(&doc, method).contains(&code),
                    "{method} may answer {code}, unlisted"
                );
                assert!(codes_of(&doc, method).contains(&INTERNAL_ERROR), "{method}");
            }
        }
        // The codes a message (not a method) is answered with are in the table too.
        for code in [
            PARSE_ERROR,
            INVALID_REQUEST,
            METHOD_NOT_FOUND,
            NOT_EVALUATED,
        ] {
            assert!(regel_app::error::code(code).is_some(), "{code}");
        }
        let listed: Vec<i64> = doc["components"]["errors"]
            .as_object()
            .unwrap()
            .values()
            .map(|e| e["code"].as_i64().unwrap())
            .collect();
        assert_eq!(listed.len(), CODES.len());
    }
}
