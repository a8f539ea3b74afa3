//! A solver's model as an input object, in the JSON `decide` takes.

use regel_compiler::ir::Program;
use regel_compiler::ty::Ty;
use rust_decimal::Decimal;
use serde_json::{Map, Value as Json};
use z3::Model;
use z3::ast::{Bool, Int, Real};

use crate::Run;
use crate::calendar;
use crate::encode::Texts;
use crate::sym::Sym;

pub(crate) fn input(run: &Run<'_, '_>, model: &Model) -> Json {
    let mut object = Map::new();
    add_inputs(
        &mut object,
        run.engine.program(),
        &run.encoded.enc.texts,
        model,
        &run.decision.inputs,
        &run.encoded.inputs,
    );
    Json::Object(object)
}

/// The values `model` gives `inputs` (symbolic `syms`), added to `object` by name.
pub(crate) fn add_inputs(
    object: &mut Map<String, Json>,
    program: &Program,
    texts: &Texts,
    model: &Model,
    inputs: &[regel_compiler::ir::Input],
    syms: &[Sym],
) {
    for (input, sym) in inputs.iter().zip(syms) {
        object.insert(
            input.name.clone(),
            value(program, texts, model, &input.ty, sym),
        );
    }
}

fn int(model: &Model, x: &Int) -> i64 {
    model.eval(x, true).and_then(|v| v.as_i64()).unwrap_or(0)
}

fn boolean(model: &Model, x: &Bool) -> bool {
    model
        .eval(x, true)
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A rational as a decimal string (exact when it terminates, else to 10 places).
fn decimal(model: &Model, x: &Real) -> String {
    let Some((num, den)) = model.eval(x, true).and_then(|v| v.as_rational()) else {
        return "0".into();
    };
    let (n, d) = (Decimal::from(num), Decimal::from(den));
    match n.checked_div(d) {
        Some(q) => q.normalize().to_string(),
        None => "0".into(),
    }
}

fn value(program: &Program, texts: &Texts, model: &Model, ty: &Ty, sym: &Sym) -> Json {
    match (ty, sym) {
        (Ty::Optional(inner), Sym::Opt { present, value: v }) => {
            if boolean(model, present) {
                value(program, texts, model, inner, v)
            } else {
                Json::Null
            }
        }
        (_, Sym::Bool(b)) => Json::Bool(boolean(model, b)),
        (_, Sym::Int(i)) => Json::from(int(model, i)),
        (Ty::Money, Sym::Money(r)) => {
            let s = decimal(model, r);
            let mut d: Decimal = s.parse().unwrap_or_default();
            d.rescale(2);
            Json::String(d.to_string())
        }
        (_, Sym::Decimal(r) | Sym::Money(r)) => Json::String(decimal(model, r)),
        (_, Sym::Date(d)) => Json::String(
            calendar::date_of(int(model, d))
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
        (_, Sym::Time(m)) => {
            let m = int(model, m);
            Json::String(format!("{:02}:{:02}", m / 60, m % 60))
        }
        (_, Sym::Text(id)) => Json::String(texts.text(int(model, id))),
        (Ty::Enum(id, _), Sym::Enum(_, i)) => {
            let i = int(model, i);
            let name = program
                .enum_def(*id)
                .and_then(|e| e.variants.get(usize::try_from(i).ok()?))
                .cloned()
                .unwrap_or_default();
            Json::String(name)
        }
        (Ty::List(inner), Sym::List { len, items }) => {
            let n = usize::try_from(int(model, len)).unwrap_or(0);
            Json::Array(
                items
                    .iter()
                    .take(n)
                    .map(|item| value(program, texts, model, inner, item))
                    .collect(),
            )
        }
        (Ty::Record(id, _), Sym::Record(fields)) => {
            let mut object = Map::new();
            if let Some(def) = program.records.get(id.0 as usize) {
                for ((name, fty), f) in def.fields.iter().zip(fields) {
                    object.insert(name.clone(), value(program, texts, model, fty, f));
                }
            }
            Json::Object(object)
        }
        _ => Json::Null,
    }
}

/// Whether the model gives every Decimal input a terminating decimal (a JSON input can hold).
pub(crate) fn decimals_terminate(decimals: &[Real], model: &Model) -> bool {
    decimals.iter().all(|x| {
        let Some((_, den)) = model.eval(x, true).and_then(|v| v.as_rational()) else {
            return false;
        };
        let mut d = den.unsigned_abs();
        for p in [2, 5] {
            while d > 0 && d % p == 0 {
                d /= p;
            }
        }
        d == 1
    })
}

/// The inputs held at the values `model` gives them: asked under this, the solver can only
/// refine the calendar shifts at that one point, which takes a round or two, instead of
/// wandering to new dates that each need lemmas of their own.
pub(crate) fn pinned(inputs: &[Sym], model: &Model) -> Bool {
    let mut equal = Vec::new();
    for sym in inputs {
        pin(sym, model, &mut equal);
    }
    Bool::and(&equal.iter().collect::<Vec<_>>())
}

fn pin(sym: &Sym, model: &Model, out: &mut Vec<Bool>) {
    let int = |x: &Int, out: &mut Vec<Bool>| {
        if let Some(v) = model.eval(x, true) {
            out.push(x.eq(&v));
        }
    };
    match sym {
        Sym::Null => {}
        Sym::Bool(b) => {
            if let Some(v) = model.eval(b, true) {
                out.push(b.eq(&v));
            }
        }
        Sym::Decimal(r) | Sym::Money(r) => {
            if let Some(v) = model.eval(r, true) {
                out.push(r.eq(&v));
            }
        }
        Sym::Int(x) | Sym::Date(x) | Sym::Time(x) | Sym::Duration(x, _) => int(x, out),
        Sym::Text(x) | Sym::Enum(_, x) => int(x, out),
        Sym::Opt { present, value } => {
            pin(&Sym::Bool(present.clone()), model, out);
            pin(value, model, out);
        }
        Sym::List { len, items } => {
            int(len, out);
            for item in items {
                pin(item, model, out);
            }
        }
        Sym::Record(fields) => {
            for f in fields {
                pin(f, model, out);
            }
        }
    }
}

/// What makes an input easy to read: whole kronor up to ten million, decimals of two places
/// between -1000 and 1000, whole numbers between -10 and 10 000, dates in 2020–2030, lists of
/// at most three elements. A witness is looked for among these first.
pub(crate) fn plain(inputs: &[Sym]) -> Bool {
    let mut out = Vec::new();
    for sym in inputs {
        plain_one(sym, &mut out);
    }
    Bool::and(&out.iter().collect::<Vec<_>>())
}

fn plain_one(sym: &Sym, out: &mut Vec<Bool>) {
    use crate::sym::{int, rat};
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).map_or(0, calendar::day_number);
    match sym {
        Sym::Money(r) => {
            out.push(r.is_int());
            out.push(r.ge(rat(0, 1)));
            out.push(r.le(rat(10_000_000, 1)));
        }
        Sym::Decimal(r) => {
            out.push((r * &rat(100, 1)).is_int());
            out.push(r.ge(rat(-1000, 1)));
            out.push(r.le(rat(1000, 1)));
        }
        Sym::Int(x) => {
            out.push(x.ge(int(-10)));
            out.push(x.le(int(10_000)));
        }
        Sym::Date(x) => {
            out.push(x.ge(int(day(2020, 1, 1))));
            out.push(x.le(int(day(2030, 12, 31))));
        }
        Sym::Opt { value, .. } => plain_one(value, out),
        Sym::List { len, items } => {
            out.push(len.le(int(3)));
            for item in items.iter().take(3) {
                plain_one(item, out);
            }
        }
        Sym::Record(fields) => {
            for f in fields {
                plain_one(f, out);
            }
        }
        _ => {}
    }
}
