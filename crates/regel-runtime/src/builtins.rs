//! The built-in functions, comparisons and arithmetic on evaluated operands, failing with the
//! messages every back end shares.

use std::cmp::Ordering;

use crate::error::{Eval, OUTSIDE_CALENDAR, RuntimeError, fail};
use crate::{Arith, Builtin, Cmp, Value, calendar, ops};

/// A built-in function on evaluated arguments.
pub fn call_builtin(builtin: Builtin, values: &[Value]) -> Eval {
    let date = |i: usize| match values.get(i) {
        Some(Value::Date(d)) => Ok(*d),
        _ => Err(fail("expected a date")),
    };
    let duration = |i: usize| match values.get(i) {
        Some(Value::Duration(d)) => Ok(*d),
        _ => Err(fail("expected a duration")),
    };
    let int = |i: usize| match values.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        _ => Err(fail("expected a whole number")),
    };
    let outside = || fail(OUTSIDE_CALENDAR);
    match builtin {
        Builtin::Min | Builtin::Max => {
            let (Some(a), Some(b)) = (values.first(), values.get(1)) else {
                return Err(fail("two values needed"));
            };
            let a_first = match compare(a, b)? {
                Ordering::Greater => builtin == Builtin::Max,
                _ => builtin == Builtin::Min,
            };
            Ok(if a_first { a.clone() } else { b.clone() })
        }
        Builtin::Days => Ok(Value::Int(
            date(1)?.signed_duration_since(date(0)?).num_days(),
        )),
        Builtin::Within => calendar::within(date(0)?, date(1)?, duration(2)?)
            .map(Value::Bool)
            .ok_or_else(outside),
        Builtin::PeriodEnd => calendar::period_end(date(0)?, duration(1)?)
            .map(Value::Date)
            .ok_or_else(outside),
        Builtin::Year => Ok(Value::Int(i64::from(chrono::Datelike::year(&date(0)?)))),
        Builtin::Weekday => Ok(Value::Int(calendar::weekday(date(0)?))),
        Builtin::LastDayOfMonth => calendar::last_day_of_month(date(0)?)
            .map(Value::Date)
            .ok_or_else(outside),
        Builtin::MakeDate => {
            let (y, m, d) = (int(0)?, int(1)?, int(2)?);
            let parts = (i32::try_from(y), u32::try_from(m), u32::try_from(d));
            let made = match parts {
                (Ok(y), Ok(m), Ok(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            };
            made.map(Value::Date)
                .ok_or_else(|| fail(format!("{y}-{m:02}-{d:02} is not a date")))
        }
    }
}

fn compare(a: &Value, b: &Value) -> Result<Ordering, RuntimeError> {
    ops::compare(a, b).ok_or_else(|| fail("these values cannot be compared"))
}

/// A comparison of two evaluated operands.
pub fn compare_values(cmp: Cmp, a: &Value, b: &Value) -> Result<bool, RuntimeError> {
    match cmp {
        Cmp::Eq => Ok(ops::equal(a, b)),
        Cmp::Ne => Ok(!ops::equal(a, b)),
        _ => {
            if matches!(a, Value::Null) || matches!(b, Value::Null) {
                return Err(fail("a comparison met a missing (null) value"));
            }
            Ok(cmp.holds(compare(a, b)?))
        }
    }
}

/// `x in list`.
pub fn member(x: &Value, list: &Value) -> Result<bool, RuntimeError> {
    match list {
        Value::List(items) => Ok(items.iter().any(|i| ops::equal(x, i))),
        _ => Err(fail("`in` needs a list")),
    }
}

/// An arithmetic operator on two evaluated operands; a missing operand is an error.
pub fn arith_values(arith: Arith, a: &Value, b: &Value) -> Eval {
    if matches!(a, Value::Null) || matches!(b, Value::Null) {
        return Err(fail("arithmetic met a missing (null) value"));
    }
    ops::arith(arith, a, b).map_err(fail)
}
