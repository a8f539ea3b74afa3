//! Runs [`Node`]s: the locals of one decision and the memos of its list operators.

use std::sync::Arc;

use regel_compiler::ir::{ListOp, Value};
use regel_syntax::BinaryOp;

use crate::compiled::Node;
use crate::interp::{Eval, RuntimeError, binary_values, call_builtin, fail};
use crate::ops;

pub(crate) struct Vm {
    pub locals: Vec<Value>,
    memos: Vec<Option<Value>>,
}

impl Vm {
    pub fn new(locals: Vec<Value>, memos: u32) -> Vm {
        Vm {
            locals,
            memos: vec![None; memos as usize],
        }
    }

    pub fn eval(&mut self, node: &Node) -> Eval {
        match node {
            Node::Const(v) => Ok(v.clone()),
            Node::Local(s) => self
                .locals
                .get(*s as usize)
                .cloned()
                .ok_or_else(|| fail("read of an unset local")),
            Node::Field(base, i) => match self.eval(base)? {
                Value::Record(fields) => fields
                    .get(*i as usize)
                    .cloned()
                    .ok_or_else(|| fail("no such field")),
                Value::Null => Ok(Value::Null),
                _ => Err(fail("field of a value that is not a record")),
            },
            Node::Not(x) => Ok(Value::Bool(!self.truth(x)?)),
            Node::Neg(x) => ops::negate(&self.eval(x)?).map_err(fail),
            Node::Binary(op, l, r) => self.binary(*op, l, r),
            Node::If(c, a, b) => {
                if self.truth(c)? {
                    self.eval(a)
                } else {
                    self.eval(b)
                }
            }
            Node::List(items) => Ok(Value::List(self.all(items)?.into())),
            Node::Record(items) => Ok(Value::Record(self.all(items)?.into())),
            Node::ListOp {
                op,
                list,
                slot,
                body,
                memos,
            } => {
                for m in memos {
                    if let Some(memo) = self.memos.get_mut(*m as usize) {
                        *memo = None;
                    }
                }
                self.list_op(*op, list, *slot, body.as_deref())
            }
            Node::Memo(m, value) => {
                if let Some(Some(v)) = self.memos.get(*m as usize) {
                    return Ok(v.clone());
                }
                let v = self.eval(value)?;
                if let Some(memo) = self.memos.get_mut(*m as usize) {
                    *memo = Some(v.clone());
                }
                Ok(v)
            }
            Node::Round { mode, to, value } => {
                ops::round(*mode, *to, &self.eval(value)?).map_err(fail)
            }
            Node::Call(builtin, args) => call_builtin(*builtin, &self.all(args)?),
        }
    }

    pub fn truth(&mut self, node: &Node) -> Result<bool, RuntimeError> {
        match self.eval(node)? {
            Value::Bool(b) => Ok(b),
            _ => Err(fail("a condition did not give true or false")),
        }
    }

    fn all(&mut self, items: &[Node]) -> Result<Vec<Value>, RuntimeError> {
        items.iter().map(|i| self.eval(i)).collect()
    }

    fn binary(&mut self, op: BinaryOp, l: &Node, r: &Node) -> Eval {
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

    fn list_op(&mut self, op: ListOp, list: &Node, slot: u32, body: Option<&Node>) -> Eval {
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
        let apply = |vm: &mut Vm, item: &Value| -> Eval {
            match body {
                None => Ok(item.clone()),
                Some(body) => {
                    if let Some(local) = vm.locals.get_mut(slot) {
                        *local = item.clone();
                    }
                    vm.eval(body)
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
                let mut mapped = Vec::with_capacity(items.len());
                for item in items.iter() {
                    mapped.push(apply(self, item)?);
                }
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
}
