//! JSON Schemas (2020-12) generated from the DSL's types: what a decision takes and gives,
//! in the JSON conventions of the decision catalogue.

use regel_compiler::ir::{Decision, Expr, OutputSource, Program, Value as IrValue};
use regel_compiler::labels::Kind;
use regel_compiler::ty::Ty;
use serde_json::{Map, Value, json};

use crate::results::Rejection;

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
            Some(e) => {
                let label = |v: &str| program.labels.get(Kind::Variant, &format!("{name}/{v}"));
                let mut schema = json!({"title": name.to_string(), "enum": e.variants});
                let labelled = e.variants.iter().map(|v| (v.as_str(), label(v)));
                titled(&mut schema, labelled.collect());
                schema
            }
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
                titled(&mut schema, codes.iter().map(|c| (*c, label(c))).collect());
                schema
            }
            OutputSource::Citation => {
                let cites = distinct(decision.rules.iter().map(|r| r.cite.as_str()));
                json!({"type": "string", "enum": cites})
            }
            _ => {
                let mut schema = of(program, &out.ty, true);
                coded(program, decision, &out.name, &mut schema);
                schema
            }
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
pub fn rejections(program: &Program, decision: &Decision) -> Vec<Rejection> {
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
        let label = program
            .labels
            .member(Kind::Reason, &decision.name, &r.reason);
        list.push(Rejection {
            reason: r.reason.clone(),
            paragraf: r.cite.clone(),
            description: label.map(str::to_owned),
        });
    }
    list
}

/// Each value of an enumeration with its Swedish label (`oneOf` of `const` and `title`), when
/// one of them has a label.
fn titled(schema: &mut Value, values: Vec<(&str, Option<&str>)>) {
    if values.iter().any(|(_, l)| l.is_some())
        && let Value::Object(map) = schema
    {
        let each = values
            .iter()
            .map(|(v, l)| match l {
                Some(l) => json!({"const": v, "title": l}),
                None => json!({"const": v}),
            })
            .collect();
        map.insert("oneOf".into(), Value::Array(each));
    }
}

/// A text output (or list of texts) whose doc comment labels the codes it gives: the codes,
/// each with its label.
fn coded(program: &Program, decision: &Decision, output: &str, schema: &mut Value) {
    let codes = program.labels.output_codes(&decision.name, output);
    if codes.is_empty() {
        return;
    }
    let target = match schema {
        Value::Object(map) if map.get("type") == Some(&json!("array")) => map.get_mut("items"),
        other => Some(other),
    };
    if let Some(target @ Value::Object(_)) = target
        && target.get("type") == Some(&json!("string"))
    {
        let values = codes.iter().map(|(c, l)| (*c, Some(*l))).collect();
        titled(target, values);
    }
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
