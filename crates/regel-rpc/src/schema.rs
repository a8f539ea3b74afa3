//! JSON Schemas (2020-12) generated from the DSL's types: what a decision takes and gives,
//! in the JSON conventions of the decision catalogue.

use regel_compiler::ir::{Decision, Program};
use regel_compiler::ty::Ty;
use serde_json::{Map, Value, json};

pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

const MONEY_PATTERN: &str = r"^-?[0-9]+(\.[0-9]{1,2})?$";
const DECIMAL_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const TIME_PATTERN: &str = r"^([01][0-9]|2[0-3]):[0-5][0-9]$";

/// The schema of one type. `output`: values the engine produces (money always a string with
/// two decimals) rather than values it accepts (a string or a number).
pub fn of(program: &Program, ty: &Ty, output: bool) -> Value {
    match ty {
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Money if output => json!({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$"}),
        Ty::Money => {
            json!({"anyOf": [{"type": "string", "pattern": MONEY_PATTERN}, {"type": "number"}]})
        }
        Ty::Decimal if output => json!({"type": "string", "pattern": DECIMAL_PATTERN}),
        Ty::Decimal => {
            json!({"anyOf": [{"type": "string", "pattern": DECIMAL_PATTERN}, {"type": "number"}]})
        }
        Ty::Date => json!({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
        Ty::Time => json!({"type": "string", "pattern": TIME_PATTERN}),
        Ty::Duration => json!({"type": "string", "pattern": r"^-?[0-9]+ (day|week|month|year)s?$"}),
        Ty::Text => json!({"type": "string"}),
        Ty::Enum(id, name) => match program.enum_def(*id) {
            Some(e) => json!({"title": name.to_string(), "enum": e.variants}),
            None => json!({"type": "string"}),
        },
        Ty::Record(id, name) => {
            let fields = program
                .records
                .get(id.0 as usize)
                .map(|r| r.fields.as_slice())
                .unwrap_or_default();
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (field, fty) in fields {
                properties.insert(field.clone(), of(program, fty, output));
                if output || !matches!(fty, Ty::Optional(_)) {
                    required.push(Value::String(field.clone()));
                }
            }
            json!({"title": name.to_string(), "type": "object", "properties": properties,
                   "required": required, "additionalProperties": false})
        }
        Ty::List(inner) => json!({"type": "array", "items": of(program, inner, output)}),
        Ty::Optional(inner) => json!({"anyOf": [of(program, inner, output), {"type": "null"}]}),
        Ty::Null => json!({"type": "null"}),
        Ty::EmptyList => json!({"type": "array", "maxItems": 0}),
        Ty::Error => json!({}),
    }
}

/// What `decision` accepts as `input`: every input a property, those without a default
/// required, nothing else allowed.
pub fn input(program: &Program, decision: &Decision) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for input in &decision.inputs {
        properties.insert(input.name.clone(), of(program, &input.ty, false));
        if input.default.is_none() && !matches!(input.ty, Ty::Optional(_)) {
            required.push(Value::String(input.name.clone()));
        }
    }
    json!({"$schema": DIALECT, "title": format!("{} input", decision.name), "type": "object",
           "properties": properties, "required": required, "additionalProperties": false})
}

/// What `decision` gives as `output`: every output, always present.
pub fn output(program: &Program, decision: &Decision) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for out in &decision.outputs {
        properties.insert(out.name.clone(), of(program, &out.ty, true));
        required.push(Value::String(out.name.clone()));
    }
    json!({"$schema": DIALECT, "title": format!("{} output", decision.name), "type": "object",
           "properties": properties, "required": required, "additionalProperties": false})
}
