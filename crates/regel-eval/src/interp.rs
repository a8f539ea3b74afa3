//! Walks the IR. Every loop is over a list that is already a value, so evaluation ends.

use std::cmp::Ordering;
use std::sync::Arc;

use regel_compiler::ir::{Builtin, Expr, ListOp, Place, Program, Value};
use regel_syntax::BinaryOp;

use crate::calendar;
use crate::ops;

/// A run-time failure: a bug in a policy (overflow, division by zero), not in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeError {
    pub message: String,
}

type Eval = Result<Value, RuntimeError>;

fn fail(message: impl Into<String>) -> RuntimeError {
    RuntimeError {
        message: message.into(),
    }
}

/// The state of one evaluation: the locals of the decision and the version's parameters.
pub struct Frame<'a> {
    pub locals: Vec<Value>,
    pub params: &'a [Value],
}

impl Frame<'_> {
    pub fn eval(&mut self, e: &Expr) -> Eval {
        match e {
            Expr::Const(v) => Ok(v.clone()),
            Expr::Load(Place::Local(s)) => self
                .locals
                .get(*s as usize)
                .cloned()
                .ok_or_else(|| fail("read of an unset local")),
            Expr::Load(Place::Param(p)) => self
                .params
                .get(*p as usize)
                .cloned()
                .ok_or_else(|| fail("read of an unset parameter")),
            Expr::Field(base, i) => match self.eval(base)? {
                Value::Record(fields) => fields
                    .get(*i as usize)
                    .cloned()
                    .ok_or_else(|| fail("no such field")),
                Value::Null => Ok(Value::Null),
                _ => Err(fail("field of a value that is not a record")),
            },
            Expr::Not(x) => Ok(Value::Bool(!self.truth(x)?)),
            Expr::Neg(x) => ops::negate(&self.eval(x)?).map_err(fail),
            Expr::Binary(op, l, r) => self.binary(*op, l, r),
            Expr::If(c, a, b) => {
                if self.truth(c)? {
                    self.eval(a)
                } else {
                    self.eval(b)
                }
            }
            Expr::List(items) => Ok(Value::List(self.all(items)?.into())),
            Expr::Record(items) => Ok(Value::Record(self.all(items)?.into())),
            Expr::ListOp {
                op,
                list,
                slot,
                body,
            } => self.list_op(*op, list, *slot, body.as_deref()),
            Expr::Round { mode, to, value } => {
                ops::round(*mode, *to, &self.eval(value)?).map_err(fail)
            }
            Expr::Call(builtin, args) => self.call(*builtin, args),
        }
    }

    pub fn truth(&mut self, e: &Expr) -> Result<bool, RuntimeError> {
        match self.eval(e)? {
            Value::Bool(b) => Ok(b),
            _ => Err(fail("a condition did not give true or false")),
        }
    }

    fn all(&mut self, items: &[Expr]) -> Result<Vec<Value>, RuntimeError> {
        items.iter().map(|i| self.eval(i)).collect()
    }

    fn binary(&mut self, op: BinaryOp, l: &Expr, r: &Expr) -> Eval {
        match op {
            BinaryOp::And => Ok(Value::Bool(self.truth(l)? && self.truth(r)?)),
            BinaryOp::Or => Ok(Value::Bool(self.truth(l)? || self.truth(r)?)),
            BinaryOp::Coalesce => match self.eval(l)? {
                Value::Null => self.eval(r),
                v => Ok(v),
            },
            _ => {
                let (a, b) = (self.eval(l)?, self.eval(r)?);
                binary_values(op, &a, &b)
            }
        }
    }

    fn list_op(&mut self, op: ListOp, list: &Expr, slot: u32, body: Option<&Expr>) -> Eval {
        let items = match self.eval(list)? {
            Value::List(items) => items,
            Value::Null => Arc::from(Vec::new()),
            _ => {
                return Err(fail(
                    "a list operator was given something that is not a list",
                ));
            }
        };
        let slot = slot as usize;
        if self.locals.len() <= slot {
            self.locals.resize(slot + 1, Value::Null);
        }
        let apply = |frame: &mut Self, item: &Value| -> Eval {
            match body {
                None => Ok(item.clone()),
                Some(body) => {
                    if let Some(local) = frame.locals.get_mut(slot) {
                        *local = item.clone();
                    }
                    frame.eval(body)
                }
            }
        };
        let is_true = |v: &Value| matches!(v, Value::Bool(true));
        match op {
            ListOp::Count => {
                let mut n = 0i64;
                for item in items.iter() {
                    if body.is_none() || is_true(&apply(self, item)?) {
                        n += 1;
                    }
                }
                Ok(Value::Int(n))
            }
            ListOp::Any => {
                for item in items.iter() {
                    if is_true(&apply(self, item)?) {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            ListOp::All => {
                for item in items.iter() {
                    if !is_true(&apply(self, item)?) {
                        return Ok(Value::Bool(false));
                    }
                }
                Ok(Value::Bool(true))
            }
            ListOp::Filter => {
                let mut kept = Vec::new();
                for item in items.iter() {
                    if is_true(&apply(self, item)?) {
                        kept.push(item.clone());
                    }
                }
                Ok(Value::List(kept.into()))
            }
            ListOp::Map => {
                let mapped = items
                    .iter()
                    .map(|item| apply(self, item))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Value::List(mapped.into()))
            }
            ListOp::Sum => {
                let mut total = Value::Int(0);
                for item in items.iter() {
                    let v = apply(self, item)?;
                    total = ops::arithmetic(BinaryOp::Add, &total, &v).map_err(fail)?;
                }
                Ok(total)
            }
        }
    }

    fn call(&mut self, builtin: Builtin, args: &[Expr]) -> Eval {
        let values = self.all(args)?;
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
        let outside = || fail("the date falls outside the calendar");
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
}

fn compare(a: &Value, b: &Value) -> Result<Ordering, RuntimeError> {
    ops::compare(a, b).ok_or_else(|| fail("these values cannot be compared"))
}

/// A binary operator on two evaluated operands (not `and`, `or`, `??`).
pub fn binary_values(op: BinaryOp, a: &Value, b: &Value) -> Eval {
    let ordered = |want: fn(Ordering) -> bool| -> Eval {
        if matches!(a, Value::Null) || matches!(b, Value::Null) {
            return Err(fail("a comparison met a missing (null) value"));
        }
        Ok(Value::Bool(want(compare(a, b)?)))
    };
    match op {
        BinaryOp::Eq => Ok(Value::Bool(ops::equal(a, b))),
        BinaryOp::Ne => Ok(Value::Bool(!ops::equal(a, b))),
        BinaryOp::Lt => ordered(Ordering::is_lt),
        BinaryOp::Le => ordered(Ordering::is_le),
        BinaryOp::Gt => ordered(Ordering::is_gt),
        BinaryOp::Ge => ordered(Ordering::is_ge),
        BinaryOp::In => match b {
            Value::List(items) => Ok(Value::Bool(items.iter().any(|i| ops::equal(a, i)))),
            _ => Err(fail("`in` needs a list")),
        },
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
            if matches!(a, Value::Null) || matches!(b, Value::Null) {
                return Err(fail("arithmetic met a missing (null) value"));
            }
            ops::arithmetic(op, a, b).map_err(fail)
        }
        BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce => {
            Err(fail("internal: short-circuit operator"))
        }
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
                let mut frame = Frame {
                    locals: Vec::new(),
                    params: &params,
                };
                frame.eval(&def.value).map_err(|e| (def.name.clone(), e))?
            }
        };
        if let Some(slot) = params.get_mut(p as usize) {
            *slot = value;
        }
    }
    Ok(params)
}
