//! JSON Schemas (2020-12) generated from the DSL's types: what a decision takes and gives,
//! in the JSON conventions of the decision catalogue.

use regel_compiler::ir::{Decision, Expr, OutputSource, Program, Value as IrValue};
use regel_compiler::labels::Kind;
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

/// What `decision` accepts as `input`: every input a property (described by its Swedish
/// label, with its default), those without a default required, nothing else allowed.
pub fn input(program: &Program, decision: &Decision) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for input in &decision.inputs {
        let mut schema = of(program, &input.ty, false);
        let label = program
            .labels
            .member(Kind::Input, &decision.name, &input.name);
        describe(&mut schema, label);
        if let (Some(default), Value::Object(map)) =
            (input.default.as_ref().and_then(constant), &mut schema)
            && let Ok(json) = regel_eval::json::to_json(program, &input.ty, &default)
        {
            map.insert("default".into(), json);
        }
        properties.insert(input.name.clone(), schema);
        if input.default.is_none() && !matches!(input.ty, Ty::Optional(_)) {
            required.push(Value::String(input.name.clone()));
        }
    }
    let mut schema = json!({"$schema": DIALECT, "title": format!("{} input", decision.name), "type": "object",
           "properties": properties, "required": required, "additionalProperties": false});
    describe(
        &mut schema,
        program.labels.get(Kind::Decision, &decision.name),
    );
    schema
}

/// What `decision` gives as `output`: every output, always present, described by its label;
/// `skal` lists the reason codes its rules give and `paragraf` the sections they cite.
pub fn output(program: &Program, decision: &Decision) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for out in &decision.outputs {
        let mut schema = match out.source {
            OutputSource::Reason => {
                let codes = distinct(decision.rules.iter().map(|r| r.reason.as_str()));
                let label = |c: &str| program.labels.member(Kind::Reason, &decision.name, c);
                let mut schema = json!({"type": "string", "enum": codes});
                // Each code with its Swedish label, where its rule has a doc comment.
                if codes.iter().any(|c| label(c).is_some())
                    && let Value::Object(map) = &mut schema
                {
                    let each = codes
                        .iter()
                        .map(|c| match label(c) {
                            Some(l) => json!({"const": c, "title": l}),
                            None => json!({"const": c}),
                        })
                        .collect();
                    map.insert("oneOf".into(), Value::Array(each));
                }
                schema
            }
            OutputSource::Citation => {
                let cites = distinct(decision.rules.iter().map(|r| r.cite.as_str()));
                json!({"type": "string", "enum": cites})
            }
            _ => of(program, &out.ty, true),
        };
        let label = program
            .labels
            .member(Kind::Output, &decision.name, &out.name);
        describe(&mut schema, label);
        properties.insert(out.name.clone(), schema);
        required.push(Value::String(out.name.clone()));
    }
    let mut schema = json!({"$schema": DIALECT, "title": format!("{} output", decision.name), "type": "object",
           "properties": properties, "required": required, "additionalProperties": false});
    describe(
        &mut schema,
        program.labels.get(Kind::Decision, &decision.name),
    );
    schema
}

/// The ways `decision` rejects an input (error -32004): each `require`'s reason code, its
/// Swedish label and section, in the order they are checked.
pub fn rejections(program: &Program, decision: &Decision) -> Value {
    let requires = decision
        .requires
        .iter()
        .chain(decision.rules.iter().flat_map(|r| &r.requires));
    let mut seen = Vec::new();
    let mut list = Vec::new();
    for r in requires {
        if seen.contains(&(&r.reason, &r.cite)) {
            continue;
        }
        seen.push((&r.reason, &r.cite));
        let mut rejection = json!({"reason": r.reason, "paragraf": r.cite});
        let label = program
            .labels
            .member(Kind::Reason, &decision.name, &r.reason);
        describe(&mut rejection, label);
        list.push(rejection);
    }
    Value::Array(list)
}

/// Adds the Swedish label as the schema's `description`.
fn describe(schema: &mut Value, label: Option<&str>) {
    if let (Some(label), Value::Object(map)) = (label, schema) {
        map.insert("description".into(), Value::String(label.to_owned()));
    }
}

fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The value of a default written as a literal (a constant, or a list of constants).
fn constant(e: &Expr) -> Option<IrValue> {
    match e {
        Expr::Const(v) => Some(v.clone()),
        Expr::List(_, xs) => xs
            .iter()
            .map(constant)
            .collect::<Option<Vec<_>>>()
            .map(|v| IrValue::List(v.into())),
        _ => None,
    }
}
