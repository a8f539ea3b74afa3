//! Literal validation: the parser keeps literal text, the checker turns it into values or a
//! diagnostic that says what is wrong with it.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveTime};
use regel_syntax::{DurationUnit, MoneyUnit, Span};
use rust_decimal::Decimal;

use crate::diagnostic::Diag;
use crate::ir::{Duration, Value};

pub fn int(text: &str, span: Span) -> Result<Value, Diag> {
    text.parse::<i64>().map(Value::Int).map_err(|_| {
        Diag::error("E0402", span, format!("the number `{text}` is too large"))
            .label("does not fit in a 64-bit integer")
    })
}

pub fn decimal(text: &str, span: Span) -> Result<Decimal, Diag> {
    Decimal::from_str(text).map_err(|_| {
        Diag::error(
            "E0403",
            span,
            format!("the number `{text}` cannot be represented exactly"),
        )
        .label("too many digits")
        .help("a decimal has at most 28 significant digits")
    })
}

pub fn money(text: &str, unit: MoneyUnit, span: Span) -> Result<Value, Diag> {
    let amount = decimal(text, span)?;
    let amount = match unit {
        MoneyUnit::Kr => amount,
        MoneyUnit::Mnkr => amount
            .checked_mul(Decimal::from(1_000_000))
            .ok_or_else(|| {
                Diag::error("E0403", span, format!("`{text} mnkr` is too large")).label("overflows")
            })?,
    };
    if amount.normalize().scale() > 2 {
        let (unit, places) = match unit {
            MoneyUnit::Kr => ("kr", "two decimals"),
            MoneyUnit::Mnkr => ("mnkr", "six decimals in `mnkr`"),
        };
        return Err(Diag::error(
            "E0404",
            span,
            format!("`{text} {unit}` is not a whole number of öre"),
        )
        .label("money is counted in whole öre")
        .help(format!("write at most {places}")));
    }
    Ok(Value::Money(amount.round_dp(2)))
}

pub fn percent(text: &str, span: Span) -> Result<Value, Diag> {
    let value = decimal(text, span)? / Decimal::from(100);
    Ok(Value::Decimal(value.normalize()))
}

pub fn date(text: &str, span: Span) -> Result<Value, Diag> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Value::Date(date));
    }
    let diag = Diag::error("E0400", span, format!("`{text}` is not a date"));
    let month: Option<u32> = text.split('-').nth(1).and_then(|m| m.parse().ok());
    Err(match (month, month_length_hint(text)) {
        (Some(m), _) if !(1..=12).contains(&m) => diag
            .label(format!("there is no month {m}"))
            .help("months run from 01 to 12; write dates as YYYY-MM-DD"),
        (_, Some(help)) => diag.label("no such day in the calendar").help(help),
        _ => diag
            .label("not a day in the calendar")
            .help("write dates as YYYY-MM-DD, e.g. `2023-02-28`"),
    })
}

/// "February 2023 has 28 days" when the year and month are fine and the day is not.
fn month_length_hint(text: &str) -> Option<String> {
    let mut parts = text.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let days = next.signed_duration_since(first).num_days();
    let month_name = first.format("%B");
    Some(format!("{month_name} {} has {days} days", first.year()))
}

pub fn time(text: &str, span: Span) -> Result<Value, Diag> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map(Value::Time)
        .map_err(|_| {
            Diag::error("E0401", span, format!("`{text}` is not a time of day"))
                .label("hours run 00–23 and minutes 00–59")
                .help("write times as HH:MM, e.g. `08:00`")
        })
}

pub fn duration(text: &str, unit: DurationUnit, span: Span) -> Result<Value, Diag> {
    match int(text, span)? {
        Value::Int(amount) => Ok(Value::Duration(Duration { amount, unit })),
        other => Ok(other),
    }
}
