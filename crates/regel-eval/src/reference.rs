//! The plain evaluator: the IR walked as it is written, with none of the engine's lowering
//! (no parameter folding, memos, interval kernels or closures). It is slow on purpose and
//! small enough to read beside the language's description; property tests hold the engine
//! (and through it the generated Rust and the prover's replays) to it.

use regel_compiler::ir::{Decision, Expr, ListOp, Op, OutputSource, Place, Value};
use regel_compiler::ty::Ty;
use regel_runtime::builtins::call_builtin;
use regel_runtime::error::{RuntimeError, fail};
use regel_runtime::{BinaryOp, ops};

use crate::engine::{Failure, Rejection};
use crate::operators::binary_values;

/// Decides `decision` on one value per input (defaults applied), with the version's evaluated
/// `params`: the index of the rule that decided and the outputs in declared order.
pub fn decide(
    params: &[Value],
    decision: &Decision,
    inputs: &[Value],
) -> Result<(usize, Vec<Value>), Failure> {
    decide_covering(params, decision, inputs).0
}

/// [`decide`], and which way each `if` it evaluated went, by its key
/// ([`crate::branches::If::key`]): what `regel test --coverage` counts.
pub fn decide_covering(
    params: &[Value],
    decision: &Decision,
    inputs: &[Value],
) -> (Decided, Vec<(usize, bool)>) {
    let mut walk = Walk {
        params,
        locals: inputs.to_vec(),
        taken: Vec::new(),
    };
    let decided = walk.decide(decision);
    (decided, walk.taken)
}

impl Walk<'_> {
    fn decide(&mut self, decision: &Decision) -> Decided {
        self.locals.resize(decision.locals as usize, Value::Null);
        let mut lets_done = 0;
        for require in &decision.requires {
            self.lets(decision, &mut lets_done, require.after_lets as usize)?;
            self.require(&require.cond, &require.reason, &require.cite)?;
        }
        self.lets(decision, &mut lets_done, decision.lets.len())?;
        for (index, rule) in decision.rules.iter().enumerate() {
            let matched = match &rule.when {
                Some(when) => self.truth(when).map_err(Failure::Runtime)?,
                None => true,
            };
            if !matched {
                continue;
            }
            for q in &rule.requires {
                self.require(&q.cond, &q.reason, &q.cite)?;
            }
            let mut outputs = Vec::with_capacity(decision.outputs.len());
            for (j, output) in decision.outputs.iter().enumerate() {
                let set = rule.outcome.iter().find(|(o, _)| *o as usize == j);
                let value = match (&output.source, set) {
                    (_, Some((_, e))) | (OutputSource::Computed(e), None) => {
                        self.value(e).map_err(Failure::Runtime)?
                    }
                    (OutputSource::Reason, None) => Value::Text(rule.reason.as_str().into()),
                    (OutputSource::Citation, None) => Value::Text(rule.cite.as_str().into()),
                    (OutputSource::PerRule, None) => Value::Null,
                };
                outputs.push(value);
            }
            return Ok((index, outputs));
        }
        Err(Failure::Runtime(fail(format!(
            "no rule of `{}` matched",
            decision.name
        ))))
    }
}

/// The index of the rule that decided and the outputs, or why there are none.
type Decided = Result<(usize, Vec<Value>), Failure>;

struct Walk<'p> {
    params: &'p [Value],
    locals: Vec<Value>,
    /// Which way each `if` evaluated went (see [`decide_covering`]).
    taken: Vec<(usize, bool)>,
}

impl Walk<'_> {
    fn lets(&mut self, d: &Decision, done: &mut usize, upto: usize) -> Result<(), Failure> {
        while *done < upto {
            let Some((_, slot, e)) = d.lets.get(*done) else {
                break;
            };
            let v = self.value(e).map_err(Failure::Runtime)?;
            self.set(*slot, v);
            *done += 1;
        }
        Ok(())
    }

    fn require(&mut self, cond: &Expr, reason: &str, cite: &str) -> Result<(), Failure> {
        if self.truth(cond).map_err(Failure::Runtime)? {
            return Ok(());
        }
        Err(Failure::Rejected(Rejection {
            reason: reason.to_owned(),
            paragraf: cite.to_owned(),
            inputs: Vec::new(),
        }))
    }

    fn set(&mut self, slot: u32, v: Value) {
        if let Some(s) = self.locals.get_mut(slot as usize) {
            *s = v;
        }
    }

    fn truth(&mut self, e: &Expr) -> Result<bool, RuntimeError> {
        match self.value(e)? {
            Value::Bool(b) => Ok(b),
            _ => Err(fail("a condition did not give true or false")),
        }
    }

    fn value(&mut self, e: &Expr) -> Result<Value, RuntimeError> {
        Ok(match e {
            Expr::Const(v) => v.clone(),
            Expr::Load(Place::Local(i)) => {
                self.locals.get(*i as usize).cloned().unwrap_or(Value::Null)
            }
            Expr::Load(Place::Param(i)) => {
                self.params.get(*i as usize).cloned().unwrap_or(Value::Null)
            }
            Expr::Field(base, i, _) => ops::field(&self.value(base)?, *i as usize).map_err(fail)?,
            Expr::Not(x) => Value::Bool(!self.truth(x)?),
            Expr::Neg(num, x) => ops::negate_num(*num, &self.value(x)?).map_err(fail)?,
            Expr::Binary(Op::And, l, r) => Value::Bool(self.truth(l)? && self.truth(r)?),
            Expr::Binary(Op::Or, l, r) => Value::Bool(self.truth(l)? || self.truth(r)?),
            Expr::Coalesce(l, r, _) => match self.value(l)? {
                Value::Null => self.value(r)?,
                v => v,
            },
            Expr::Binary(op, l, r) => {
                let (a, b) = (self.value(l)?, self.value(r)?);
                binary_values(*op, &a, &b)?
            }
            Expr::If(c, a, b, _) => {
                let then = self.truth(c)?;
                self.taken.push((crate::branches::key(e), then));
                if then { self.value(a)? } else { self.value(b)? }
            }
            Expr::List(_, xs) => Value::List(self.values(xs)?.into()),
            Expr::Record(_, xs) => Value::Record(self.values(xs)?.into()),
            Expr::ListOp {
                op,
                list,
                slot,
                body,
                ty,
            } => self.list_op(*op, list, *slot, body.as_deref(), ty)?,
            Expr::Round { mode, to, value } => {
                ops::round(*mode, *to, &self.value(value)?).map_err(fail)?
            }
            Expr::Call(builtin, args) => call_builtin(*builtin, &self.values(args)?)?,
        })
    }

    fn values(&mut self, xs: &[Expr]) -> Result<Vec<Value>, RuntimeError> {
        xs.iter().map(|x| self.value(x)).collect()
    }

    /// A list operator, element by element in order, the element in local `slot`; `ty` is
    /// its result type (a `sum` starts from that type's 0).
    fn list_op(
        &mut self,
        op: ListOp,
        list: &Expr,
        slot: u32,
        body: Option<&Expr>,
        ty: &Ty,
    ) -> Result<Value, RuntimeError> {
        let list = self.value(list)?;
        let items = ops::items(&list).map_err(fail)?.to_vec();
        let mut count = 0i64;
        let mut kept = Vec::new();
        let mut total = regel_compiler::ir::zero_of(ty);
        for item in items {
            self.set(slot, item.clone());
            match op {
                ListOp::Count => match body {
                    Some(b) => count += i64::from(self.truth(b)?),
                    None => count += 1,
                },
                ListOp::Any => {
                    if body.map_or(Ok(true), |b| self.truth(b))? {
                        return Ok(Value::Bool(true));
                    }
                }
                ListOp::All => {
                    if !body.map_or(Ok(true), |b| self.truth(b))? {
                        return Ok(Value::Bool(false));
                    }
                }
                ListOp::Filter => {
                    if body.map_or(Ok(true), |b| self.truth(b))? {
                        kept.push(item);
                    }
                }
                ListOp::Map => kept.push(match body {
                    Some(b) => self.value(b)?,
                    None => item,
                }),
                ListOp::Sum => {
                    let v = match body {
                        Some(b) => self.value(b)?,
                        None => item,
                    };
                    total = ops::arithmetic(BinaryOp::Add, &total, &v).map_err(fail)?;
                }
            }
        }
        Ok(match op {
            ListOp::Count => Value::Int(count),
            ListOp::Any => Value::Bool(false),
            ListOp::All => Value::Bool(true),
            ListOp::Filter | ListOp::Map => Value::List(kept.into()),
            ListOp::Sum => total,
        })
    }
}
