//! Which input a failed `require` is about, so that a rejection's JSON Pointer names it.
//!
//! The require's condition is taken apart as it was evaluated: in `a and b` the first part
//! that is false; in `all(xs, x => …)` and `not any(xs, x => …)` the list the failing element
//! came from. What is left is blamed on the inputs it reads (through `let`s too), in their
//! declaration order. This runs only after a rejection, on its values; the decision itself
//! does not change.

use regel_compiler::ir::{Decision, Expr, ListOp, LocalKind, Op, Place, Require, Value};

use crate::closures::evaluate;
use crate::engine::{Engine, Rejection};

/// Puts the input the failed require is about first in `rejection.inputs`.
pub(crate) fn first_failing(
    engine: &Engine,
    d: &Decision,
    inputs: &[Value],
    rejection: &mut Rejection,
) {
    let params = engine.params();
    let mut locals = inputs.to_vec();
    locals.resize(d.locals as usize, Value::Null);
    for (_, slot, value) in &d.lets {
        let v = evaluate(value, params, &locals).unwrap_or(Value::Null);
        if let Some(place) = locals.get_mut(*slot as usize) {
            *place = v;
        }
    }
    let cx = Blame {
        d,
        params,
        locals: &locals,
    };
    let failed = d
        .requires
        .iter()
        .chain(d.rules.iter().flat_map(|r| &r.requires))
        .find(|r: &&Require| r.reason == rejection.reason && cx.is(&r.cond, false));
    let Some(require) = failed else { return };
    let mut order = cx.blame(&require.cond);
    for name in std::mem::take(&mut rejection.inputs) {
        if !order.contains(&name) {
            order.push(name);
        }
    }
    rejection.inputs = order;
}

struct Blame<'a> {
    d: &'a Decision,
    params: &'a [Value],
    locals: &'a [Value],
}

impl Blame<'_> {
    fn is(&self, e: &Expr, b: bool) -> bool {
        evaluate(e, self.params, self.locals).is_ok_and(|v| v == Value::Bool(b))
    }

    /// The inputs `e` (which was false) is about, the most likely first.
    fn blame(&self, e: &Expr) -> Vec<String> {
        match e {
            Expr::Binary(Op::And, a, b) => {
                if self.is(a, false) {
                    self.blame(a)
                } else {
                    self.blame(b)
                }
            }
            Expr::ListOp {
                op: ListOp::All,
                list,
                ..
            } => self.subject_first(list, e),
            Expr::Not(inner) => match &**inner {
                Expr::ListOp {
                    op: ListOp::Any,
                    list,
                    ..
                } => self.subject_first(list, e),
                _ => self.reads(e),
            },
            _ => self.reads(e),
        }
    }

    /// The inputs of the list an element failed in, then the rest `whole` reads.
    fn subject_first(&self, list: &Expr, whole: &Expr) -> Vec<String> {
        let mut names = self.reads(list);
        for name in self.reads(whole) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The inputs `e` reads, directly or through `let`s, in declaration order.
    fn reads(&self, e: &Expr) -> Vec<String> {
        let mut slots = Vec::new();
        self.collect(e, &mut slots, 0);
        slots.sort_unstable();
        slots.dedup();
        slots
            .into_iter()
            .filter_map(|s| self.d.inputs.get(s as usize).map(|i| i.name.clone()))
            .collect()
    }

    fn collect(&self, e: &Expr, out: &mut Vec<u32>, depth: usize) {
        // A `let` reads only earlier names, so the chain ends; the bound keeps it certain.
        if depth > self.d.lets.len() + 1 {
            return;
        }
        e.walk(&mut |x| {
            if let Expr::Load(Place::Local(s)) = x {
                match self.d.local_kind(*s) {
                    LocalKind::Input => out.push(*s),
                    LocalKind::Let(value) => self.collect(value, out, depth + 1),
                    LocalKind::Element => {}
                }
            }
        });
    }
}
