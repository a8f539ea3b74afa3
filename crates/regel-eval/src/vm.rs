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

    /// A condition's value. Comparisons and connectives are decided here without building
    /// `Value::Bool`s, and operands that are locals, constants or memos are compared in place.
    pub fn truth(&mut self, node: &Node) -> Result<bool, RuntimeError> {
        match node {
            Node::Not(x) => Ok(!self.truth(x)?),
            Node::Binary(BinaryOp::And, l, r) => Ok(self.truth(l)? && self.truth(r)?),
            Node::Binary(BinaryOp::Or, l, r) => Ok(self.truth(l)? || self.truth(r)?),
            Node::Binary(
                op @ (BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge),
                l,
                r,
            ) => self.compare_nodes(*op, l, r),
            _ => match self.eval(node)? {
                Value::Bool(b) => Ok(b),
                _ => Err(fail("a condition did not give true or false")),
            },
        }
    }

    fn compare_nodes(&mut self, op: BinaryOp, l: &Node, r: &Node) -> Result<bool, RuntimeError> {
        let left = self.operand(l)?;
        let right = self.operand(r)?;
        let (a, b) = (self.peek(l, &left)?, self.peek(r, &right)?);
        match op {
            BinaryOp::Eq => Ok(ops::equal(a, b)),
            BinaryOp::Ne => Ok(!ops::equal(a, b)),
            _ => {
                if matches!(a, Value::Null) || matches!(b, Value::Null) {
                    return Err(fail("a comparison met a missing (null) value"));
                }
                let order =
                    ops::compare(a, b).ok_or_else(|| fail("these values cannot be compared"))?;
                Ok(match op {
                    BinaryOp::Lt => order.is_lt(),
                    BinaryOp::Le => order.is_le(),
                    BinaryOp::Gt => order.is_gt(),
                    _ => order.is_ge(),
                })
            }
        }
    }

    /// An operand's value when it must be computed; `None` when [`Vm::peek`] can borrow it
    /// (a local, a constant, or a memo, which this computes first if it has to).
    fn operand(&mut self, node: &Node) -> Result<Option<Value>, RuntimeError> {
        match node {
            Node::Local(_) | Node::Const(_) => Ok(None),
            Node::Memo(m, value) => {
                if !matches!(self.memos.get(*m as usize), Some(Some(_))) {
                    let v = self.eval(value)?;
                    if let Some(memo) = self.memos.get_mut(*m as usize) {
                        *memo = Some(v);
                    }
                }
                Ok(None)
            }
            other => self.eval(other).map(Some),
        }
    }

    fn peek<'v>(
        &'v self,
        node: &'v Node,
        computed: &'v Option<Value>,
    ) -> Result<&'v Value, RuntimeError> {
        if let Some(v) = computed {
            return Ok(v);
        }
        match node {
            Node::Const(v) => Ok(v),
            Node::Local(s) => self
                .locals
                .get(*s as usize)
                .ok_or_else(|| fail("read of an unset local")),
            Node::Memo(m, _) => match self.memos.get(*m as usize) {
                Some(Some(v)) => Ok(v),
                _ => Err(fail("internal: a memo read before it was computed")),
            },
            _ => Err(fail("internal: an operand that was not computed")),
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
        // A predicate: the element in its slot, the body decided as a condition.
        let holds = |vm: &mut Vm, item: &Value| -> Result<bool, RuntimeError> {
            match body {
                None => Ok(true),
                Some(body) => {
                    if let Some(local) = vm.locals.get_mut(slot) {
                        *local = item.clone();
                    }
                    vm.truth(body)
                }
            }
        };
        match op {
            ListOp::Count => {
                let mut n = 0i64;
                for item in items.iter() {
                    if holds(self, item)? {
                        n += 1;
                    }
                }
                Ok(Value::Int(n))
            }
            ListOp::Any => {
                for item in items.iter() {
                    if holds(self, item)? {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            ListOp::All => {
                for item in items.iter() {
                    if !holds(self, item)? {
                        return Ok(Value::Bool(false));
                    }
                }
                Ok(Value::Bool(true))
            }
            ListOp::Filter => {
                let mut kept = Vec::new();
                for item in items.iter() {
                    if holds(self, item)? {
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
