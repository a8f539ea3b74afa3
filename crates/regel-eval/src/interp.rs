//! What evaluation shares: run-time errors, the operators on two values, the built-ins, and the
//! parameters evaluated in dependency order. Every loop is over a list that is already a
//! value, so evaluation ends.

use std::cmp::Ordering;

use regel_compiler::ir::{Builtin, Cmp, Op, Program, Value};

use crate::calendar;
use crate::ops;

/// A run-time failure: a bug in a policy (overflow, division by zero), not in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeError {
    pub message: String,
}

impl RuntimeError {
    /// A fault of the evaluator itself (its messages begin `internal`), not of the policy
    /// or the input it was given.
    pub fn is_internal(&self) -> bool {
        self.message.starts_with("internal")
    }
}

pub(crate) type Eval = Result<Value, RuntimeError>;

pub(crate) fn fail(message: impl Into<String>) -> RuntimeError {
    RuntimeError {
        message: message.into(),
    }
}

/// A built-in's failure when a date would leave the calendar chrono knows.
pub(crate) const OUTSIDE_CALENDAR: &str = "the date falls outside the calendar";

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

/// A binary operator on two evaluated operands (not `and`, `or`).
pub fn binary_values(op: Op, a: &Value, b: &Value) -> Eval {
    match op {
        Op::Compare(cmp, _) => compare_values(cmp, a, b).map(Value::Bool),
        Op::In => match b {
            Value::List(items) => Ok(Value::Bool(items.iter().any(|i| ops::equal(a, i)))),
            _ => Err(fail("`in` needs a list")),
        },
        Op::Arith(arith) => {
            if matches!(a, Value::Null) || matches!(b, Value::Null) {
                return Err(fail("arithmetic met a missing (null) value"));
            }
            ops::arith(arith, a, b).map_err(fail)
        }
        Op::And | Op::Or => Err(fail("internal: short-circuit operator")),
    }
}

/// Evaluates the parameters of a program in dependency order; `overrides` replace values.
pub fn eval_params(
    program: &Program,
    overrides: &[(u32, Value)],
) -> Result<Vec<Value>, (String, RuntimeError)> {
    let mut params = vec![Value::Null; program.params.len()];
    for &p in &program.param_order {
        let Some(def) = program.params.get(p as usize) else {
            continue;
        };
        let value = match overrides.iter().find(|(i, _)| *i == p) {
            Some((_, v)) => v.clone(),
            None => {
                crate::compiled::constant(&def.value, &params).map_err(|e| (def.name.clone(), e))?
            }
        };
        if let Some(slot) = params.get_mut(p as usize) {
            *slot = value;
        }
        if let Some(domain) = outside_domain(def, p, &params).map_err(|e| (def.name.clone(), e))? {
            let value = params.get(p as usize).unwrap_or(&Value::Null);
            let shown = crate::json::to_json(program, &def.ty, value)
                .map_or_else(|_| "a value".to_owned(), |j| j.to_string());
            let message = format!("`{}` must satisfy `{domain}`, got {shown}", def.name);
            return Err((def.name.clone(), fail(message)));
        }
    }
    Ok(params)
}

/// Every parameter's own value, in the program's order (no overrides): the first that cannot
/// be evaluated, or falls outside its own domain, is the error, with its name.
pub fn param_values(program: &Program) -> Result<Vec<Value>, (String, RuntimeError)> {
    eval_params(program, &[])
}

/// The text of the domain (`where …`) of parameter `index` when its value in `params` is
/// outside it; `None` when it is within (or the parameter has no domain).
fn outside_domain<'d>(
    def: &'d regel_compiler::ir::ParamDef,
    index: u32,
    params: &[Value],
) -> Result<Option<&'d str>, RuntimeError> {
    let Some((cond, text)) = &def.domain else {
        return Ok(None);
    };
    match crate::compiled::constant(cond, params)? {
        Value::Bool(true) => Ok(None),
        Value::Bool(false) => Ok(Some(text)),
        _ => Err(fail(format!(
            "internal: the domain of parameter {index} did not give true or false"
        ))),
    }
}

/// The text of the domain of parameter `index` when `value` is outside it (an override
/// checked before it is used); `None` when it is within.
pub fn outside_param_domain<'p>(
    program: &'p Program,
    index: u32,
    value: &Value,
) -> Result<Option<&'p str>, RuntimeError> {
    let Some(def) = program.params.get(index as usize) else {
        return Ok(None);
    };
    let mut params = vec![Value::Null; program.params.len()];
    if let Some(slot) = params.get_mut(index as usize) {
        *slot = value.clone();
    }
    outside_domain(def, index, &params)
}
