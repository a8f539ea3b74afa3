//! The JSON boundary: JSON in → typed values (errors carry a JSON Pointer), values → JSON out
//! in the conventions of the decision catalogue (money as strings with two decimals, ISO dates).
//! [`reader`] reads a plain input straight from JSON text (the batch's fast path); [`decide`]
//! decides on JSON, as the front ends do.

pub mod decide;
pub mod reader;

use chrono::{Datelike, NaiveDate, NaiveTime};
use regel_compiler::ir::{Decision, Duration, Program, Value};
use regel_compiler::ty::Ty;
use regel_runtime::DurationUnit;
use regel_runtime::calendar::JANUARY_FIRSTS;
use regel_runtime::error::{OUTSIDE_CALENDAR, RuntimeError};
use rust_decimal::Decimal;
use serde_json::{Map, Value as Json};
use std::sync::Arc;

use crate::engine::Engine;

/// An input that does not fit its decision: `path` is a JSON Pointer (`/input/datum`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub expected: String,
    pub got: String,
    pub message: String,
}

fn pointer(prefix: &str, key: &str) -> String {
    format!("{prefix}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// A short description of what a JSON value is, for messages.
pub fn describe(json: &Json) -> String {
    match json {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("{b}"),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) if s.chars().count() > 40 => "a long string".into(),
        Json::String(s) => format!("\"{s}\""),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
    }
}

/// The inputs of `decision` from a JSON object, defaults applied, in input order.
pub fn inputs(
    engine: &Engine,
    decision: &Decision,
    json: &Json,
    prefix: &str,
) -> Result<Vec<Value>, InputError> {
    let Json::Object(fields) = json else {
        return Err(InputError {
            path: prefix.to_owned(),
            expected: "an object of input fields".into(),
            got: describe(json),
            message: format!("the input of `{}` must be a JSON object", decision.name),
        });
    };
    for key in fields.keys() {
        if !decision.inputs.iter().any(|i| i.name == *key) {
            let known: Vec<&str> = decision.inputs.iter().map(|i| i.name.as_str()).collect();
            return Err(InputError {
                path: pointer(prefix, key),
                expected: format!("one of the inputs: {}", known.join(", ")),
                got: format!("`{key}`"),
                message: format!("`{}` has no input `{key}`", decision.name),
            });
        }
    }
    let program = engine.program();
    let mut values = Vec::with_capacity(decision.locals as usize);
    for (index, input) in decision.inputs.iter().enumerate() {
        // The pointer is built only when something is wrong.
        let path = || pointer(prefix, &input.name);
        let value = match (fields.get(&input.name), engine.default_for(decision, index)) {
            (Some(value), _) => {
                from_json_at(program, &input.ty, value, &Path::Key(prefix, &input.name))
            }
            (None, Some(default)) => default.map_err(|e| InputError {
                path: path(),
                expected: input.ty.to_string(),
                got: "nothing".into(),
                message: format!("the default could not be evaluated: {}", e.message),
            }),
            (None, None) if matches!(input.ty, Ty::Optional(_)) => Ok(Value::Null),
            (None, None) => Err(InputError {
                path: path(),
                expected: expected_form(program, &input.ty),
                got: "nothing".into(),
                message: format!("the input `{}` is missing", input.name),
            }),
        };
        values.push(value?);
    }
    check_domains(engine, decision, &values, fields, prefix)?;
    Ok(values)
}

/// Each given input within its own domain (`where …`); a default is trusted.
fn check_domains(
    engine: &Engine,
    decision: &Decision,
    values: &[Value],
    given: &Map<String, Json>,
    prefix: &str,
) -> Result<(), InputError> {
    // One set of slots for every domain checked, made at the first.
    let mut slots = None;
    for (index, input) in decision.inputs.iter().enumerate() {
        let (Some((_, text)), Some(json)) = (&input.domain, given.get(&input.name)) else {
            continue;
        };
        let outside = |message: String| InputError {
            path: pointer(prefix, &input.name),
            expected: format!("{} with {text}", expected_form(engine.program(), &input.ty)),
            got: describe(json),
            message,
        };
        let slots = slots.get_or_insert_with(|| engine.domain_slots(decision));
        match slots.holds(index, values) {
            Ok(true) => {}
            Ok(false) => {
                return Err(outside(format!(
                    "`{}` must satisfy `{text}`, got {}",
                    input.name,
                    describe(json)
                )));
            }
            Err(e) => {
                return Err(outside(format!(
                    "`{}` could not be checked against `{text}`: {}",
                    input.name, e.message
                )));
            }
        }
    }
    Ok(())
}

/// What a type looks like in JSON, for messages.
pub fn expected_form(program: &Program, ty: &Ty) -> String {
    match ty {
        Ty::Bool => "true or false".into(),
        Ty::Int => "a whole number".into(),
        Ty::Decimal => "a decimal number or decimal string".into(),
        Ty::Money => {
            "an amount in SEK as a string with at most two decimals, e.g. \"1234.50\"".into()
        }
        Ty::Date => "a date \"YYYY-MM-DD\"".into(),
        Ty::Time => "a time of day \"HH:MM\"".into(),
        Ty::Duration => "a duration such as \"3 months\"".into(),
        Ty::Text => "a string".into(),
        Ty::Enum(id, name) => match program.enum_def(*id) {
            Some(e) => format!(
                "one of {}",
                e.variants
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("a `{name}`"),
        },
        Ty::Record(_, name) => format!("an object (record `{name}`)"),
        Ty::List(inner) => format!("an array of {}", expected_form(program, inner)),
        Ty::Optional(inner) => format!("{} or null", expected_form(program, inner)),
        Ty::Null | Ty::EmptyList | Ty::Error => "a value".into(),
    }
}

/// Converts one JSON value to a value of type `ty`.
pub fn from_json(program: &Program, ty: &Ty, json: &Json, path: &str) -> Result<Value, InputError> {
    from_json_at(program, ty, json, &Path::Root(path))
}

/// Where a value sits in the caller's message, rendered as a JSON Pointer only for an error:
/// building the pointer of every element of every list would cost more than converting it.
enum Path<'a> {
    Root(&'a str),
    Key(&'a str, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root(p) => (*p).to_owned(),
            Path::Key(prefix, key) => pointer(prefix, key),
            Path::Index(parent, i) => format!("{}/{i}", parent.render()),
        }
    }
}

fn from_json_at(
    program: &Program,
    ty: &Ty,
    json: &Json,
    at: &Path<'_>,
) -> Result<Value, InputError> {
    let wrong = |detail: Option<String>| InputError {
        path: at.render(),
        expected: expected_form(program, ty),
        got: describe(json),
        message: detail.unwrap_or_else(|| {
            format!(
                "expected {}, got {}",
                expected_form(program, ty),
                describe(json)
            )
        }),
    };
    match (ty, json) {
        (Ty::Optional(_), Json::Null) => Ok(Value::Null),
        (Ty::Optional(inner), _) => from_json_at(program, inner, json, at),
        (Ty::Bool, Json::Bool(b)) => Ok(Value::Bool(*b)),
        (Ty::Int, Json::Number(n)) => n.as_i64().map(Value::Int).ok_or_else(|| wrong(None)),
        (Ty::Decimal, _) => decimal(json).map(Value::Decimal).ok_or_else(|| wrong(None)),
        (Ty::Money, _) => {
            let amount = decimal(json).ok_or_else(|| wrong(None))?;
            if amount.normalize().scale() > 2 {
                return Err(wrong(Some(format!(
                    "{} has more than two decimals (öre)",
                    describe(json)
                ))));
            }
            let mut amount = amount;
            amount.rescale(2);
            Ok(Value::Money(amount))
        }
        (Ty::Date, Json::String(s)) => parse_date(s)
            .map(Value::Date)
            .ok_or_else(|| wrong(Some(not_a_date(s)))),
        (Ty::Time, Json::String(s)) => parse_time(s)
            .map(Value::Time)
            .ok_or_else(|| wrong(Some(format!("\"{s}\" is not a time of the form HH:MM")))),
        (Ty::Duration, Json::String(s)) => parse_duration(s)
            .map(Value::Duration)
            .ok_or_else(|| wrong(None)),
        (Ty::Text, Json::String(s)) => Ok(Value::Text(s.as_str().into())),
        (Ty::Enum(id, _), Json::String(s)) => {
            let variants = program
                .enum_def(*id)
                .map(|e| e.variants.as_slice())
                .unwrap_or_default();
            let index = variants
                .iter()
                .position(|v| v == s)
                .ok_or_else(|| wrong(None))?;
            Ok(Value::Enum(*id, u32::try_from(index).unwrap_or(u32::MAX)))
        }
        (Ty::List(inner), Json::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| from_json_at(program, inner, item, &Path::Index(at, i)))
            .collect::<Result<Vec<_>, _>>()
            .map(|v| Value::List(v.into())),
        (Ty::Record(id, name), Json::Object(fields)) => {
            record(program, *id, name, fields, &at.render())
        }
        _ => Err(wrong(None)),
    }
}

fn record(
    program: &Program,
    id: regel_compiler::ty::RecordId,
    name: &str,
    fields: &Map<String, Json>,
    path: &str,
) -> Result<Value, InputError> {
    let Some(def) = program.records.get(id.0 as usize) else {
        return Err(InputError {
            path: path.into(),
            expected: name.into(),
            got: "an object".into(),
            message: format!("unknown record `{name}`"),
        });
    };
    if let Some(key) = fields
        .keys()
        .find(|k| !def.fields.iter().any(|(f, _)| f == *k))
    {
        return Err(InputError {
            path: pointer(path, key),
            expected: format!(
                "a field of `{name}`: {}",
                def.fields
                    .iter()
                    .map(|(f, _)| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            got: format!("`{key}`"),
            message: format!("record `{name}` has no field `{key}`"),
        });
    }
    def.fields
        .iter()
        .map(|(field, ty)| {
            let here = pointer(path, field);
            match fields.get(field) {
                Some(v) => from_json(program, ty, v, &here),
                None if matches!(ty, Ty::Optional(_)) => Ok(Value::Null),
                None => Err(InputError {
                    path: here,
                    expected: expected_form(program, ty),
                    got: "nothing".into(),
                    message: format!("the field `{field}` is missing"),
                }),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|v| Value::Record(v.into()))
}

fn decimal(json: &Json) -> Option<Decimal> {
    match json {
        // No space around the digits: `" 100 "` is refused, as a date with a space is.
        Json::String(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
            if plain { exact_decimal(s) } else { None }
        }
        // The number's value as `serde_json` read it, which the API and `regel eval` made sure
        // is the value written (`regel_rpc::numbers`); a very small or large one is written
        // with an exponent (`1e-7`, `1e20`).
        Json::Number(n) => exact_decimal(&n.to_string()),
        _ => None,
    }
}

/// The decimal `text` spells, exactly: `None` when it has more digits than a decimal holds
/// (28) rather than rounded.
fn exact_decimal(text: &str) -> Option<Decimal> {
    match text.split_once(['e', 'E']) {
        None => Decimal::from_str_exact(text).ok(),
        Some((mantissa, exponent)) => Decimal::from_str_exact(&without_exponent(
            mantissa,
            exponent.trim_start_matches('+').parse().ok()?,
        )?)
        .ok(),
    }
}

/// `1.25e-3` written out as `0.00125` (mantissa `1.25`, exponent -3); `None` past what any
/// decimal could hold.
fn without_exponent(mantissa: &str, exponent: i32) -> Option<String> {
    if exponent.unsigned_abs() > 64 {
        return None;
    }
    let (sign, unsigned) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = format!("{whole}{fraction}");
    let point = i32::try_from(whole.len()).ok()? + exponent;
    let count = i32::try_from(digits.len()).ok()?;
    let zeros = |n: i32| "0".repeat(usize::try_from(n).unwrap_or(0));
    Some(if point <= 0 {
        format!("{sign}0.{}{digits}", zeros(-point))
    } else if point >= count {
        format!("{sign}{digits}{}", zeros(point - count))
    } else {
        let (head, tail) = digits.split_at(usize::try_from(point).ok()?);
        format!("{sign}{head}.{tail}")
    })
}

/// `YYYY-MM-DD`, exactly (no `2023-5-1`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_date_bytes(s.as_bytes())
}

/// [`parse_date`] of the bytes of a text.
pub fn parse_date_bytes(bytes: &[u8]) -> Option<NaiveDate> {
    let (10, Some(head), Some(day)) = (bytes.len(), bytes.first_chunk(), bytes.last_chunk()) else {
        return None;
    };
    // `YYYY-MM-` in one word: the dashes in place, then the eight digits in one word (the
    // month moved down over the first dash, the day put last).
    let head = u64::from_le_bytes(*head);
    const DASHES: u64 = 0xFF00_00FF_0000_0000;
    if head & DASHES != 0x2D00_002D_0000_0000 {
        return None;
    }
    let text = head & 0xFFFF_FFFF
        | (head >> 8) & 0xFFFF_0000_0000
        | u64::from(u16::from_le_bytes(*day)) << 48;
    // The eight digits tested at once (a batch reads millions of dates): every byte's high
    // half is 3 and its low half at most 9 (adding 6 to it does not carry).
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    if text & HIGH != ZEROS || text.wrapping_add(0x0606_0606_0606_0606) & HIGH != ZEROS {
        return None;
    }
    // Each pair of digits made a number at once: ten times a byte plus the next (at most
    // 99, so no byte carries into the next), every other byte kept.
    let digits = text - ZEROS;
    let pairs = (digits * 10 + (digits >> 8)) & 0x00FF_00FF_00FF_00FF;
    let [century, _, years, _, month, _, day, _] = pairs.to_le_bytes().map(u32::from);
    calendar_date(century, years, month, day)
}

/// Each month's days and the days before it in a year that is not a leap year (month 0: none).
const MONTHS: [(u32, u32); 13] = [
    (0, 0),
    (31, 0),
    (28, 31),
    (31, 59),
    (30, 90),
    (31, 120),
    (30, 151),
    (31, 181),
    (31, 212),
    (30, 243),
    (31, 273),
    (30, 304),
    (31, 334),
];

/// The date of year `century * 100 + years` (each below 100), `month` and `day`, if the
/// calendar has it.
fn calendar_date(century: u32, years: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let first = *JANUARY_FIRSTS.get(usize::try_from(century * 100 + years).ok()?)?;
    let &(length, before) = MONTHS.get(usize::try_from(month).ok()?)?;
    // February's 29th and every later day one on in a leap year.
    let leap = u32::from(first.leap_year());
    let length = length + if month == 2 { leap } else { 0 };
    if day == 0 || day > length {
        return None;
    }
    first.with_ordinal(before + day + if month > 2 { leap } else { 0 })
}

/// Why `s` is not a date, for an error message: not of the form `YYYY-MM-DD`, or of that
/// form but no day of the calendar ("February 2023 has 28 days").
pub fn not_a_date(s: &str) -> String {
    let bytes = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes.get(range)?.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let shape = bytes.len() == 10 && bytes.get(4) == Some(&b'-') && bytes.get(7) == Some(&b'-');
    let parts = (digits(0..4), digits(5..7), digits(8..10));
    let (true, (Some(year), Some(month), Some(_))) = (shape, parts) else {
        return format!("\"{s}\" is not a date of the form YYYY-MM-DD");
    };
    let first = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, 1));
    let Some(first) = first else {
        return format!(
            "\"{s}\" is not a date: there is no month {month:02}, months run from 01 to 12"
        );
    };
    let days = first
        .checked_add_months(chrono::Months::new(1))
        .map_or(31, |next| next.signed_duration_since(first).num_days());
    format!(
        "\"{s}\" is not a date: {} {year} has {days} days",
        first.format("%B")
    )
}

/// `HH:MM`, exactly.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    if s.len() != 5 || s.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

fn parse_duration(s: &str) -> Option<Duration> {
    // Exactly `AMOUNT UNIT`, one space between, none around (as money and dates).
    let (amount, unit) = s.split_once(' ')?;
    let unit = match unit {
        "day" | "days" => DurationUnit::Days,
        "week" | "weeks" => DurationUnit::Weeks,
        "month" | "months" => DurationUnit::Months,
        "year" | "years" => DurationUnit::Years,
        _ => return None,
    };
    Some(Duration {
        amount: amount.parse().ok()?,
        unit,
    })
}

/// A value as JSON, shaped by its type.
pub fn to_json(program: &Program, ty: &Ty, value: &Value) -> Result<Json, RuntimeError> {
    Ok(match (value, ty.non_null()) {
        (Value::Null, _) => Json::Null,
        (Value::Bool(b), _) => Json::Bool(*b),
        (Value::Int(i), Ty::Money) => Json::String(money(Decimal::from(*i))?),
        (Value::Int(i), Ty::Decimal) => Json::String(Decimal::from(*i).to_string()),
        (Value::Int(i), _) => Json::from(*i),
        (Value::Money(d), _) => Json::String(money(*d)?),
        (Value::Decimal(d), Ty::Money) => Json::String(money(*d)?),
        (Value::Decimal(d), _) => Json::String(d.to_string()),
        (Value::Date(d), _) => Json::String(date(*d)?),
        (Value::Time(t), _) => Json::String(t.format("%H:%M").to_string()),
        (Value::Duration(d), _) => Json::String(regel_runtime::ops::show_duration(*d)),
        (Value::Text(t), _) => Json::String(t.to_string()),
        (Value::Enum(id, v), _) => {
            let name = program
                .enum_def(*id)
                .and_then(|e| e.variants.get(*v as usize));
            Json::String(name.cloned().unwrap_or_default())
        }
        (Value::List(items), ty) => {
            let inner = match ty {
                Ty::List(inner) => (**inner).clone(),
                _ => Ty::Error,
            };
            Json::Array(
                items
                    .iter()
                    .map(|i| to_json(program, &inner, i))
                    .collect::<Result<_, _>>()?,
            )
        }
        (Value::Record(values), Ty::Record(id, _)) => {
            let def = program.records.get(id.0 as usize);
            let mut map = Map::new();
            for (i, v) in values.iter().enumerate() {
                let Some((name, fty)) = def.and_then(|d| d.fields.get(i)) else {
                    continue;
                };
                map.insert(name.clone(), to_json(program, fty, v)?);
            }
            Json::Object(map)
        }
        (Value::Record(values), _) => Json::Array(
            values
                .iter()
                .map(|v| to_json(program, &Ty::Error, v))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// A date as `YYYY-MM-DD`. A date whose year has no four digits (after 9999-12-31 or before
/// 0000-01-01, reached by adding to a date near the calendar's end) cannot be written in the
/// catalogue's form: it is an error, not a five-digit year such as `+10000-03-29`.
fn date(d: NaiveDate) -> Result<String, RuntimeError> {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        let side = if year > 9999 {
            "after 9999-12-31"
        } else {
            "before 0000-01-01"
        };
        return Err(RuntimeError {
            message: format!(
                "{}: the result is {side}, and an output date has a four-digit year",
                OUTSIDE_CALENDAR
            ),
        });
    }
    Ok(format!("{year:04}-{:02}-{:02}", d.month(), d.day()))
}

/// Money with exactly two decimals; more is a policy that forgot to round.
fn money(d: Decimal) -> Result<String, RuntimeError> {
    if d.normalize().scale() > 2 {
        return Err(RuntimeError {
            message: format!(
                "the amount {d} has more than two decimals: the policy must round it (round, floor or ceil)"
            ),
        });
    }
    let mut d = d;
    d.rescale(2);
    // `rescale` keeps fewer decimals when two would not fit in 28 digits: such an amount
    // would be written with one decimal ("…033.5"), against the contract.
    if d.scale() != 2 {
        return Err(RuntimeError {
            message: format!(
                "the amount {d} is too large to write with two decimals (at most 26 digits before the decimal point)"
            ),
        });
    }
    Ok(d.to_string())
}

/// A decision's outputs as a JSON object, fields in declared order.
pub fn outputs(
    program: &Program,
    decision: &Decision,
    values: &[Value],
) -> Result<Json, RuntimeError> {
    let mut map = Map::new();
    for (output, value) in decision.outputs.iter().zip(values) {
        map.insert(output.name.clone(), to_json(program, &output.ty, value)?);
    }
    Ok(Json::Object(map))
}

/// A decision's outputs written as the JSON text of [`outputs`] (the same bytes that
/// serializing it gives), without building the object: the fast path of a batch.
pub fn write_outputs(
    program: &Program,
    decision: &Decision,
    values: &[Value],
    out: &mut Vec<u8>,
) -> Result<(), RuntimeError> {
    out.push(b'{');
    for (i, (output, value)) in decision.outputs.iter().zip(values).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_text(out, &output.name);
        out.push(b':');
        write_json(program, &output.ty, value, out)?;
    }
    out.push(b'}');
    Ok(())
}

/// Writes a decision's outputs as [`write_outputs`] does, with what is the same for every
/// decision prepared once: each output's key with its separator (`{"utfall":`), and every
/// enum variant as its JSON string. A batch writes one of these per input.
#[derive(Debug, Clone)]
pub struct OutputWriter {
    /// Per output: the bytes before its value.
    keys: Vec<Vec<u8>>,
    /// Per enum of the program, per variant: the variant as a JSON string.
    variants: Vec<Vec<Vec<u8>>>,
    /// Per output: the texts it held, each with its JSON string (a rule's texts are a few
    /// values, each the same `Arc` from one decision to the next). Only the last was kept:
    /// a paragraph that changed from one input to the next (3.6.1 for a refusal, another
    /// for a grant) was written into a new buffer and the old one freed, every input.
    texts: Vec<KeptTexts>,
}

/// The texts an output held ([`OutputWriter`]), and how many times in a row since the
/// last hit its text was none of them once they were [`KEPT_TEXTS`].
#[derive(Debug, Clone, Default)]
struct KeptTexts {
    texts: Vec<(Arc<str>, Vec<u8>)>,
    misses: usize,
}

/// The texts [`OutputWriter`] keeps per output; past them a text is written each time.
const KEPT_TEXTS: usize = 16;

impl OutputWriter {
    pub fn new(program: &Program, decision: &Decision) -> OutputWriter {
        let keys = decision
            .outputs
            .iter()
            .enumerate()
            .map(|(i, output)| {
                let mut key = vec![if i == 0 { b'{' } else { b',' }];
                write_text(&mut key, &output.name);
                key.push(b':');
                key
            })
            .collect();
        let variants = program
            .enums
            .iter()
            .map(|e| {
                e.variants
                    .iter()
                    .map(|v| {
                        let mut text = Vec::with_capacity(v.len() + 2);
                        write_text(&mut text, v);
                        text
                    })
                    .collect()
            })
            .collect();
        OutputWriter {
            keys,
            variants,
            texts: vec![KeptTexts::default(); decision.outputs.len()],
        }
    }

    /// The outputs `values` of the decision as a JSON object, the bytes [`write_outputs`]
    /// writes.
    pub fn write(
        &mut self,
        program: &Program,
        decision: &Decision,
        values: &[Value],
        out: &mut Vec<u8>,
    ) -> Result<(), RuntimeError> {
        if values.is_empty() || decision.outputs.is_empty() {
            out.extend_from_slice(b"{}");
            return Ok(());
        }
        let outputs = self.keys.iter().zip(&mut self.texts).zip(&decision.outputs);
        for (((key, kept), output), value) in outputs.zip(values) {
            out.extend_from_slice(key);
            match (value, output.ty.non_null()) {
                (Value::Enum(id, v), _) => {
                    match self
                        .variants
                        .get(id.0 as usize)
                        .and_then(|e| e.get(*v as usize))
                    {
                        Some(text) => out.extend_from_slice(text),
                        None => write_json(program, &output.ty, value, out)?,
                    }
                }
                (Value::Int(i), Ty::Int) => write_int(out, *i),
                (Value::Text(t), _) => {
                    // An output whose text is none of the kept ones time after time (a text
                    // made from the inputs) compares them by address only: its misses
                    // searched every kept text letter by letter.
                    let by_letters = kept.misses < KEPT_TEXTS;
                    let known = kept
                        .texts
                        .iter()
                        .find(|(text, _)| Arc::ptr_eq(text, t) || (by_letters && **text == **t));
                    match known {
                        Some((_, json)) => {
                            out.extend_from_slice(json);
                            kept.misses = 0;
                        }
                        None if kept.texts.len() < KEPT_TEXTS => {
                            let mut json = Vec::with_capacity(t.len() + 2);
                            write_text(&mut json, t);
                            out.extend_from_slice(&json);
                            kept.texts.push((t.clone(), json));
                        }
                        None => {
                            write_text(out, t);
                            kept.misses += 1;
                        }
                    }
                }
                _ => write_json(program, &output.ty, value, out)?,
            }
        }
        out.push(b'}');
        Ok(())
    }
}

/// A whole number in decimal, as `serde_json` and `write!` write it.
fn write_int(out: &mut Vec<u8>, i: i64) {
    let mut digits = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `n % 10` is below 10: the cast keeps it.
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

fn write_text(out: &mut Vec<u8>, s: &str) {
    // Most texts need no escape: copied as they are.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    // Serializing a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// One value as [`to_json`] would give it, written; the common types without a tree.
fn write_json(
    program: &Program,
    ty: &Ty,
    value: &Value,
    out: &mut Vec<u8>,
) -> Result<(), RuntimeError> {
    use std::io::Write;
    match (value, ty.non_null()) {
        (Value::Null, _) => out.extend_from_slice(b"null"),
        (Value::Bool(b), _) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        (Value::Int(i), Ty::Int) => {
            let _ = write!(out, "{i}");
        }
        (Value::Text(t), _) => write_text(out, t),
        (Value::Enum(id, v), _) => {
            let name = program
                .enum_def(*id)
                .and_then(|e| e.variants.get(*v as usize));
            write_text(out, name.map_or("", String::as_str));
        }
        (Value::Date(d), _) if (0..=9999).contains(&d.year()) => {
            let _ = write!(out, "\"{:04}-{:02}-{:02}\"", d.year(), d.month(), d.day());
        }
        (Value::List(items), Ty::List(inner)) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json(program, inner, item, out)?;
            }
            out.push(b']');
        }
        _ => {
            let json = to_json(program, ty, value)?;
            let _ = serde_json::to_writer(&mut *out, &json);
        }
    }
    Ok(())
}

/// A value as JSON when its type is not at hand (trace values).
pub fn untyped(program: &Program, value: &Value) -> Json {
    let ty = match value {
        Value::Money(_) => Ty::Money,
        _ => Ty::Error,
    };
    to_json(program, &ty, value).unwrap_or(Json::Null)
}

#[cfg(test)]
mod money_tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn money_is_written_with_two_decimals_or_not_at_all() {
        assert_eq!(
            money(Decimal::new(12345, 1)).ok(),
            Some("1234.50".to_owned())
        );
        // 28 digits: two decimals do not fit; once written "…033.5".
        let huge = Decimal::from_str("7922816251426433759354395033.5").unwrap_or_default();
        assert!(money(huge).is_err());
        assert!(money(Decimal::MAX).is_err());
    }

    #[test]
    fn a_decimal_is_read_exactly_or_not_at_all() {
        let read = |s: &str| exact_decimal(s).map(|d| d.to_string());
        assert_eq!(read("1e-7").as_deref(), Some("0.0000001"));
        assert_eq!(read("-1.25E2").as_deref(), Some("-125"));
        assert_eq!(read("1e20").as_deref(), Some("100000000000000000000"));
        assert_eq!(read("12.5e-1").as_deref(), Some("1.25"));
        // More digits than a decimal holds: refused, not rounded.
        assert_eq!(read("1.0000000000000000000000000000001"), None);
        assert_eq!(read("1e-400"), None);
        assert_eq!(read("1e29"), None);
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;
    use proptest::prelude::*;

    /// `YYYY-MM-DD` read one byte at a time: what [`parse_date_bytes`] must agree with.
    fn by_bytes(bytes: &[u8]) -> Option<NaiveDate> {
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *bytes else {
            return None;
        };
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |ds: &[u8]| ds.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
        let year = i32::try_from(n(&digits[..4])).ok()?;
        NaiveDate::from_ymd_opt(year, n(&digits[4..6]), n(&digits[6..]))
    }

    #[test]
    fn dates_are_read_exactly_at_the_edges_of_the_calendar() {
        let read = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(read("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(read("2023-02-29"), None);
        assert_eq!(read("2023-12-31").as_deref(), Some("2023-12-31"));
        assert_eq!(read("2023-13-01"), None);
        assert_eq!(read("2023-00-10"), None);
        assert_eq!(read("0000-01-01").as_deref(), Some("0000-01-01"));
        assert_eq!(read("9999-12-31").as_deref(), Some("9999-12-31"));
        // The bytes either side of the digits ('/' and ':'), and a sign.
        assert_eq!(read("2023-0/-10"), None);
        assert_eq!(read("2023-01-1:"), None);
        assert_eq!(read("+023-01-10"), None);
        assert_eq!(read("2023-1-10"), None);
    }

    #[test]
    fn every_byte_in_every_place_of_a_date_is_read_as_byte_by_byte() {
        for date in ["2024-02-29", "2023-12-31", "1999-09-09", "0000-01-01"] {
            for place in 0..date.len() {
                for byte in 0..=u8::MAX {
                    let mut text = date.as_bytes().to_vec();
                    text[place] = byte;
                    assert_eq!(parse_date_bytes(&text), by_bytes(&text), "{text:?}");
                }
            }
        }
    }

    /// Every year's days and non-days (months 00 to 13, days 00 to 32), and in leap years,
    /// century years and the calendar's ends every month and day of two digits: read as
    /// chrono's `from_ymd_opt` reads them.
    #[test]
    fn every_day_of_every_year_is_read_as_chrono_reads_it() {
        let agrees = |year: u32, month: u32, day: u32| {
            let text = format!("{year:04}-{month:02}-{day:02}");
            let chrono = NaiveDate::from_ymd_opt(year as i32, month, day);
            assert_eq!(parse_date_bytes(text.as_bytes()), chrono, "{text}");
            chrono.is_some()
        };
        let mut days = 0;
        for year in 0..=9999 {
            for month in 0..=13 {
                for day in 0..=32 {
                    days += u32::from(agrees(year, month, day));
                }
            }
        }
        // 10 000 years of 365 days, and a leap day in 2 425 of them (0000 is one).
        assert_eq!(days, 10_000 * 365 + 2_425);
        for year in [
            0, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 2400, 9996, 9999,
        ] {
            for month in 0..=99 {
                for day in 0..=99 {
                    agrees(year, month, day);
                }
            }
        }
    }

    proptest! {
        /// Any ten bytes, mostly digits, mostly with the dashes in place: read at once as read
        /// one byte at a time.
        #[test]
        fn dates_read_at_once_agree_with_dates_read_byte_by_byte(
            mut text in proptest::collection::vec(
                prop_oneof![
                    8 => b'0'..=b'9',
                    1 => prop_oneof![Just(b'-'), Just(b'/'), Just(b':'), Just(0xb0), any::<u8>()],
                ],
                10,
            ),
            dashes in proptest::bool::weighted(0.9),
        ) {
            if dashes {
                text[4] = b'-';
                text[7] = b'-';
            }
            prop_assert_eq!(parse_date_bytes(&text), by_bytes(&text));
        }
    }
}
