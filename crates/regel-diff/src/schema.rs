//! The JSON Schema (2020-12) of the JSON report, for the API's OpenRPC document and for
//! consumers that validate what they read.

use serde_json::{Value as Json, json};

/// The schema of [`crate::Report`] serialised as JSON.
pub fn report() -> Json {
    let text = json!({"type": ["string", "null"]});
    let pair = json!({
        "type": ["object", "null"],
        "required": ["old", "new"],
        "properties": {"old": text, "new": text},
        "additionalProperties": false
    });
    let coverage = json!({"enum": ["encoded", "descriptive", "missing", "both", "not_covered"]});
    let side = json!({
        "type": "object",
        "required": ["coverage", "title"],
        "properties": {"coverage": coverage, "title": text},
        "additionalProperties": false
    });
    let decimal = json!({"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"});
    let delta = json!({
        "type": ["object", "null"],
        "required": ["unit", "old", "new", "absolute", "percent"],
        "properties": {
            "unit": {"enum": ["int", "decimal", "money", "mnkr", "percent", "days", "weeks", "months", "years"]},
            "old": decimal, "new": decimal, "absolute": decimal,
            "percent": {"anyOf": [decimal, {"type": "null"}]}
        },
        "additionalProperties": false
    });
    let change = json!({
        "type": "object",
        "required": ["section", "kind", "change", "name", "owner", "old", "new", "delta", "citation", "reason", "renamed_from", "moved"],
        "properties": {
            "section": {"type": "string", "description": "the section number it is listed under; \"\" outside any"},
            "kind": {"enum": ["param", "element", "enum", "variant", "record", "field", "decision",
                               "input", "output", "let", "require", "rule", "order", "value"]},
            "change": {"enum": ["added", "removed", "changed"]},
            "name": {"type": "string"},
            "owner": text,
            "old": {"description": "canonical text (or the value) before; null when added", "type": ["string", "null"]},
            "new": {"description": "canonical text (or the value) after; null when removed", "type": ["string", "null"]},
            "delta": delta,
            "citation": pair,
            "reason": pair,
            "renamed_from": text,
            "moved": pair,
            "doc": {"type": "object", "required": ["old", "new"], "properties": {"old": text, "new": text}, "additionalProperties": false,
                    "description": "the doc comment before and after, when it changed"},
            "label": {"type": "string", "description": "the Swedish label of what changed (its doc comment's first line)"},
            "owner_label": {"type": "string", "description": "the Swedish label of the item it belongs to"},
            "reason_labels": {"type": "object", "required": ["old", "new"], "properties": {"old": text, "new": text}, "additionalProperties": false,
                    "description": "the Swedish labels of the old and new reason code, when the reason code changed"},
            "old_sv": {"type": "string", "description": "a rule, require or decision before, read as Swedish sentences"},
            "new_sv": {"type": "string", "description": "the same after"}
        },
        "additionalProperties": false
    });
    let version = json!({
        "type": "object",
        "required": ["name", "id", "title", "valid_from", "valid_to", "status"],
        "properties": {
            "name": {"type": "string"}, "id": {"type": "string"}, "title": {"type": "string"},
            "valid_from": {"type": ["string", "null"], "format": "date"},
            "valid_to": {"type": ["string", "null"], "format": "date"},
            "status": {"enum": ["fastställd", "utkast"]}
        },
        "additionalProperties": false
    });
    let count = json!({"type": "integer", "minimum": 0});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "regel diff report",
        "description": "What changed between two versions, by section (format regel-diff/2).",
        "type": "object",
        "required": ["format", "from", "to", "summary", "header", "sections", "changes"],
        "properties": {
            "format": {"const": crate::FORMAT},
            "from": version,
            "to": version,
            "summary": {
                "type": "object",
                "required": ["sections", "added", "removed", "changed"],
                "properties": {
                    "sections": count, "added": count, "removed": count, "changed": count,
                    "decisions_with_changed_outcomes": count
                },
                "additionalProperties": false
            },
            "header": {"type": "array", "items": {
                "type": "object",
                "required": ["field", "old", "new"],
                "properties": {
                    "field": {"enum": ["id", "title", "valid_from", "valid_to", "source", "covers", "status"]},
                    "old": text, "new": text
                },
                "additionalProperties": false
            }},
            "sections": {"type": "array", "items": {
                "type": "object",
                "required": ["number", "title", "old", "new"],
                "properties": {
                    "number": {"type": "string"}, "title": {"type": "string"},
                    "old": side, "new": side
                },
                "additionalProperties": false
            }},
            "changes": {"type": "array", "items": change},
            "impact": {"type": "array", "items": impact_item()}
        },
        "additionalProperties": false
    })
}

/// One decision of the report's `impact`.
fn impact_item() -> serde_json::Value {
    json!({
                "type": "object",
                "description": "A decision both versions define whose rules or read parameters changed, compared for every input by the solver.",
                "required": ["decision", "section", "equivalent", "proved", "list_bound", "parameters", "unknown", "changes"],
                "properties": {
                    "decision": {"type": "string"}, "section": {"type": "string"},
                    "label": {"type": "string", "description": "The decision's Swedish label."},
                    "equivalent": {"type": "boolean", "description": "Proved: no valid input is decided differently."},
                    "proved": {"type": "boolean", "description": "Every question answered: `changes` lists every changed part."},
                    "list_bound": {"type": ["integer", "null"], "minimum": 0, "description": "Lists of up to this many elements were considered."},
                    "parameters": {"type": "array", "items": {
                        "type": "object", "required": ["name", "section"],
                        "properties": {"name": {"type": "string"}, "section": {"type": "string"},
                            "label": {"type": "string", "description": "The parameter's Swedish label."}},
                        "additionalProperties": false
                    }},
                    "unknown": {"type": "array", "items": {"type": "string"}},
                    "changes": {"type": "array", "items": {
                        "type": "object",
                        "required": ["condition", "old", "new", "outcome_change", "everywhere", "outputs", "output_labels", "ranges", "witness"],
                        "properties": {
                            "condition": {"type": "string", "description": "The rules' own conditions joined by `and`; empty for every input."},
                            "old": {"type": "string"}, "new": {"type": "string"},
                            "outcome_change": {"type": "boolean"}, "everywhere": {"type": "boolean"},
                            "outputs": {"type": "array", "items": {"type": "string"}},
                            "output_labels": {"type": "array", "items": {"type": "string"}, "description": "The outputs' Swedish labels, in the order of `outputs`."},
                            "ranges": {"type": "array", "items": {
                                "type": "object",
                                "required": ["output", "label", "unit", "least", "most"],
                                "properties": {
                                    "output": {"type": "string"}, "label": {"type": "string", "description": "The output's Swedish label."},
                                    "unit": {"enum": ["kr", "dagar", ""]},
                                    "least": {"type": ["string", "null"]}, "most": {"type": ["string", "null"]}
                                },
                                "additionalProperties": false
                            }},
                            "witness": {
                                "type": "object",
                                "required": ["input", "old", "new"],
                                "properties": {"input": {"type": "object"}, "old": {}, "new": {}},
                                "additionalProperties": false
                            }
                        },
                        "additionalProperties": false
                    }}
                },
                "additionalProperties": false
    })
}
