//! Which outcomes change: both versions decide the same inputs — the test inputs of both
//! versions and inputs generated from each shared decision's input types (boundary values for
//! dates, money and counts, every enum variant and both Booleans) — and every decision whose
//! output differs on some input is reported with the smallest such input.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use regel_compiler::ir::{Decision, Program};
use regel_compiler::ty::Ty;
use regel_eval::{DecideError, Engine, decide_json};
use serde_json::{Map, Value as Json, json};

use crate::model::{Impact, ImpactExample};
use crate::snapshot::Snapshot;

/// The most inputs generated per decision; with the tests' inputs this bounds the work.
pub const MAX_GENERATED: usize = 512;

/// The decisions both versions define whose outcome differs on some input, in the new
/// version's order.
pub fn run(old: &Snapshot, new: &Snapshot) -> Vec<Impact> {
    let (Ok(ea), Ok(eb)) = (
        Engine::new(old.program.clone()),
        Engine::new(new.program.clone()),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for db in &new.program.decisions {
        let Some((_, da)) = old.program.decision(&db.name) else {
            continue;
        };
        let inputs = inputs_for(old, new, &ea, &eb, da, db);
        if let Some(impact) = compare(&ea, &eb, da, db, &inputs) {
            let standing = |s: &Snapshot| {
                s.entry(regel_compiler::ItemTag::Decision, &db.name)
                    .map(|e| e.section.clone())
                    .unwrap_or_default()
            };
            let section = crate::compare::first_of(&standing(old), &standing(new));
            out.push(Impact { section, ..impact });
        }
    }
    out.sort_by(|x, y| {
        crate::compare_numbers(&x.section, &y.section).then_with(|| x.decision.cmp(&y.decision))
    });
    out
}

fn compare(
    ea: &Engine,
    eb: &Engine,
    da: &Decision,
    db: &Decision,
    inputs: &[Json],
) -> Option<Impact> {
    let mut changed = 0;
    let mut example: Option<ImpactExample> = None;
    // The smallest input by (length, text), whatever order the inputs came in.
    let mut smallest = (usize::MAX, String::new());
    for input in inputs {
        let (a, b) = (outcome(ea, da, input), outcome(eb, db, input));
        if a == b {
            continue;
        }
        changed += 1;
        let text = input.to_string();
        let key = (text.len(), text);
        if key < smallest {
            smallest = key;
            example = Some(ImpactExample {
                input: input.clone(),
                old: a,
                new: b,
            });
        }
    }
    Some(Impact {
        decision: db.name.clone(),
        section: String::new(),
        inputs: inputs.len(),
        changed,
        example: example?,
    })
}

/// A decision's outcome as JSON: its output, or why it gave none. Fields the version does not
/// know are left out, so each version sees the input it would accept.
fn outcome(engine: &Engine, decision: &Decision, input: &Json) -> Json {
    let mut known = Map::new();
    if let Json::Object(fields) = input {
        for (k, v) in fields {
            if decision.inputs.iter().any(|i| i.name == *k) {
                known.insert(k.clone(), v.clone());
            }
        }
    }
    match decide_json(engine, &decision.name, &Json::Object(known), false, "") {
        Ok(d) => d.output,
        Err(DecideError::Rejected(r)) => json!({"rejected": r.reason}),
        Err(DecideError::Input(e)) => json!({"invalid_input": e.path, "message": e.message}),
        Err(DecideError::Runtime(e)) => json!({"error": e.message}),
        Err(DecideError::UnknownDecision { .. }) => json!({"error": "unknown decision"}),
    }
}

/// The test inputs of both versions for this decision, then generated ones; no duplicates.
fn inputs_for(
    old: &Snapshot,
    new: &Snapshot,
    ea: &Engine,
    eb: &Engine,
    da: &Decision,
    db: &Decision,
) -> Vec<Json> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut push = |j: Json| {
        if seen.insert(j.to_string()) {
            out.push(j);
        }
    };
    for j in test_inputs(ea, &old.program, da) {
        push(j);
    }
    for j in test_inputs(eb, &new.program, db) {
        push(j);
    }
    for j in generated(&old.program, da, &new.program, db) {
        push(j);
    }
    out
}

fn test_inputs(engine: &Engine, program: &Program, decision: &Decision) -> Vec<Json> {
    let Some((index, _)) = program.decision(&decision.name) else {
        return Vec::new();
    };
    program
        .tests
        .iter()
        .filter(|t| t.decision == index && t.overrides.is_empty())
        .filter_map(|t| {
            let mut map = Map::new();
            for (i, e) in &t.given {
                let input = decision.inputs.get(*i as usize)?;
                let value = engine.constant(e).ok()?;
                let json = regel_eval::json::to_json(program, &input.ty, &value).ok()?;
                map.insert(input.name.clone(), json);
            }
            Some(Json::Object(map))
        })
        .collect()
}

/// Candidate values per input name (the union of both versions' inputs, by name), each the
/// union of both versions' candidates for its type, sorted: the same set whichever version is
/// old, so the diff mirrors. Then a bounded set of combinations: all of them while they fit in
/// [`MAX_GENERATED`], else every input at its first candidate and each input varied alone.
fn generated(pa: &Program, da: &Decision, pb: &Program, db: &Decision) -> Vec<Json> {
    let mut axes: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (p, d) in [(pa, da), (pb, db)] {
        let (from, to) = period(p);
        for input in &d.inputs {
            let cands = axes.entry(input.name.clone()).or_default();
            for c in candidates(p, &input.ty, from, to, 0) {
                cands.insert(c.to_string());
            }
        }
    }
    let axes: Vec<(String, Vec<Json>)> = axes
        .into_iter()
        .map(|(name, cands)| {
            let values = cands
                .iter()
                .filter_map(|c| serde_json::from_str(c).ok())
                .collect();
            (name, values)
        })
        .collect();
    combinations(&axes)
}

fn combinations(axes: &[(String, Vec<Json>)]) -> Vec<Json> {
    let total: usize = axes
        .iter()
        .map(|(_, c)| c.len().max(1))
        .try_fold(1usize, |acc, n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    let object = |pick: &dyn Fn(usize, &[Json]) -> Option<Json>| {
        let mut map = Map::new();
        for (k, (name, cands)) in axes.iter().enumerate() {
            if let Some(v) = pick(k, cands) {
                map.insert(name.clone(), v);
            }
        }
        Json::Object(map)
    };
    let mut out = Vec::new();
    if total <= MAX_GENERATED {
        // Combination n picks candidate (n / stride_k) % len_k on axis k.
        let strides: Vec<usize> = axes
            .iter()
            .scan(1usize, |acc, (_, c)| {
                let stride = *acc;
                *acc = acc.saturating_mul(c.len().max(1));
                Some(stride)
            })
            .collect();
        for n in 0..total {
            out.push(object(&|k, c| {
                let stride = strides.get(k).copied().unwrap_or(1);
                c.get((n / stride) % c.len().max(1)).cloned()
            }));
        }
        return out;
    }
    out.push(object(&|_, c| c.first().cloned()));
    for (k, (_, cands)) in axes.iter().enumerate() {
        for i in 1..cands.len() {
            if out.len() >= MAX_GENERATED {
                return out;
            }
            out.push(object(&|j, c| c.get(if j == k { i } else { 0 }).cloned()));
        }
    }
    out
}

/// The version's validity period, or the calendar year 2023 when the header has none.
fn period(p: &Program) -> (NaiveDate, NaiveDate) {
    let fallback = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap_or_default();
    (
        p.info.valid_from.unwrap_or_else(|| fallback(1, 1)),
        p.info.valid_to.unwrap_or_else(|| fallback(12, 31)),
    )
}

/// Boundary values of a type: the day before and the first day of the period, a month end,
/// the leap day of a leap year in or near it, the last day and the day after; zero, one and a
/// larger amount; every variant; empty, short and three-element lists.
fn candidates(p: &Program, ty: &Ty, from: NaiveDate, to: NaiveDate, depth: u32) -> Vec<Json> {
    let day = |d: NaiveDate| Json::String(d.to_string());
    match ty {
        Ty::Bool => vec![json!(false), json!(true)],
        Ty::Int => vec![json!(0), json!(1), json!(2), json!(3), json!(10)],
        Ty::Decimal => vec![json!("0"), json!("0.5"), json!("1")],
        Ty::Money => vec![json!("0.00"), json!("1000.00"), json!("100000.00")],
        Ty::Date => {
            let mut dates = vec![
                from.checked_sub_days(Days::new(1)),
                Some(from),
                NaiveDate::from_ymd_opt(from.year(), 2, 28),
                leap_day(from.year()),
                NaiveDate::from_ymd_opt(from.year(), 6, 30),
                Some(to),
                to.checked_add_days(Days::new(1)),
            ];
            dates.dedup();
            dates.into_iter().flatten().map(day).collect()
        }
        Ty::Time => vec![json!("00:00"), json!("08:00"), json!("17:00")],
        Ty::Duration => vec![json!("0 days"), json!("3 months"), json!("1 year")],
        Ty::Text => vec![json!(""), json!("a")],
        Ty::Enum(id, _) => p
            .enum_def(*id)
            .map(|e| e.variants.iter().map(|v| json!(v)).collect())
            .unwrap_or_default(),
        Ty::Optional(inner) => {
            let mut v = vec![Json::Null];
            v.extend(candidates(p, inner, from, to, depth));
            v
        }
        Ty::List(inner) if depth < 2 => {
            let items = candidates(p, inner, from, to, depth + 1);
            let mut lists = vec![json!([])];
            if let Some(first) = items.first() {
                lists.push(json!([first]));
            }
            if items.len() >= 3 {
                lists.push(Json::Array(items.iter().take(3).cloned().collect()));
            }
            lists
        }
        Ty::Record(id, _) if depth < 2 => {
            let Some(def) = p.records.get(id.0 as usize) else {
                return Vec::new();
            };
            let mut map = Map::new();
            for (name, fty) in &def.fields {
                if let Some(v) = candidates(p, fty, from, to, depth + 1).into_iter().next() {
                    map.insert(name.clone(), v);
                }
            }
            vec![Json::Object(map)]
        }
        _ => Vec::new(),
    }
}

/// 29 February of the first leap year from `year` on.
fn leap_day(year: i32) -> Option<NaiveDate> {
    (year..year + 4).find_map(|y| NaiveDate::from_ymd_opt(y, 2, 29))
}
