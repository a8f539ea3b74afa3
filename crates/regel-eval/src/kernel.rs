//! `count`, `all` and `any` over a list of dates whose condition is a conjunction of
//! comparisons of the element with values that do not depend on it, as in
//! `count(tidigare_byten, s => s > datum - bytesperiod and s <= datum)`: the bounds are
//! computed once, and the dates are compared in a plain loop, without putting each element in
//! its slot and calling the condition's closures.
//!
//! Such a run is the same as the general one because conditions are pure. When anything is not
//! as planned (an element or a bound that is not a date, a bound that fails to compute), the
//! kernel steps aside and the general closure runs the operator from the start, with its own
//! order of evaluation and errors.

use chrono::NaiveDate;
use regel_compiler::ir::{Cmp, Compared, ListOp, Op, Value};

use regel_runtime::RuntimeError;

use crate::closures::{Frame, Operand, memo, operand};
use crate::lower::Node;

#[cfg(debug_assertions)]
thread_local! {
    /// Kernel loops run on this thread (debug builds): tests assert a kernel was taken.
    static RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many kernel loops ran on this thread so far (debug builds; 0 in release), so that a
/// test can tell the kernel ran and not the general closure.
pub fn runs() -> usize {
    #[cfg(debug_assertions)]
    {
        RUNS.with(std::cell::Cell::get)
    }
    #[cfg(not(debug_assertions))]
    {
        0
    }
}

/// The most comparisons and bounds a kernel takes.
const MOST: usize = 4;

/// `element op bound`.
struct Term {
    op: Cmp,
    bound: usize,
}

pub(crate) struct Kernel {
    op: ListOp,
    list: usize,
    terms: Vec<Term>,
    bounds: Vec<Operand>,
    memos: Vec<usize>,
}

impl Kernel {
    /// The kernel of a list operator, when it has that shape.
    pub fn of(node: &Node) -> Option<Kernel> {
        let Node::ListOp {
            op: op @ (ListOp::Count | ListOp::All | ListOp::Any),
            list,
            slot,
            body: Some(body),
            memos,
            ..
        } = node
        else {
            return None;
        };
        let Node::Local(list) = **list else {
            return None;
        };
        let mut kernel = Kernel {
            op: *op,
            list: list as usize,
            terms: Vec::new(),
            bounds: Vec::new(),
            memos: memos.iter().map(|m| *m as usize).collect(),
        };
        kernel.conjunction(body, *slot)?;
        (kernel.terms.len() <= MOST).then_some(kernel)
    }

    fn conjunction(&mut self, node: &Node, slot: u32) -> Option<()> {
        match node {
            Node::Binary(Op::And, l, r) => {
                self.conjunction(l, slot)?;
                self.conjunction(r, slot)
            }
            // Only dates: the checker's types say which comparisons compare dates.
            Node::Binary(Op::Compare(op, Compared::Date), l, r) => {
                let element = |n: &Node| matches!(n, Node::Local(s) if *s == slot);
                let (op, other) = match (element(l), element(r)) {
                    (true, false) => (*op, &**r),
                    (false, true) => (op.mirrored(), &**l),
                    _ => return None,
                };
                let bound = operand(other);
                if matches!(bound, Operand::Computed(_)) {
                    return None;
                }
                self.terms.push(Term {
                    op,
                    bound: self.bounds.len(),
                });
                self.bounds.push(bound);
                Some(())
            }
            _ => None,
        }
    }

    /// The operator's value, or `None` when the general closure must run it.
    pub fn run(&self, f: &mut Frame) -> Option<Result<Value, RuntimeError>> {
        for m in &self.memos {
            if let Some(memo) = f.memos.get_mut(*m) {
                *memo = None;
            }
        }
        let empty = match f.locals.get(self.list) {
            Some(Value::List(items)) => items.is_empty(),
            Some(Value::Null) => true,
            _ => return None,
        };
        if empty {
            return Some(Ok(match self.op {
                ListOp::Count => Value::Int(0),
                op => Value::Bool(op == ListOp::All),
            }));
        }
        let bounds = self.bounds(f)?;
        let range = self.range(&bounds);
        #[cfg(debug_assertions)]
        RUNS.with(|runs| runs.set(runs.get() + 1));
        let Some(Value::List(items)) = f.locals.get(self.list) else {
            return None;
        };
        // One loop per operator, so the loop body is only the interval test.
        let dates = items.iter().map(|item| match item {
            Value::Date(d) => Some(*d),
            _ => None,
        });
        Some(Ok(match self.op {
            ListOp::All => {
                for d in dates {
                    if !range.holds(d?) {
                        return Some(Ok(Value::Bool(false)));
                    }
                }
                Value::Bool(true)
            }
            ListOp::Any => {
                for d in dates {
                    if range.holds(d?) {
                        return Some(Ok(Value::Bool(true)));
                    }
                }
                Value::Bool(false)
            }
            _ => {
                let mut count = 0i64;
                for d in dates {
                    count += i64::from(range.holds(d?));
                }
                Value::Int(count)
            }
        }))
    }

    /// The conjunction as one interval of dates, less the dates `!=` excludes.
    fn range(&self, bounds: &[NaiveDate; MOST]) -> Range {
        let mut range = Range {
            from: NaiveDate::MIN,
            to: NaiveDate::MAX,
            except: [NaiveDate::MIN; MOST],
            excepted: 0,
        };
        let mut empty = false;
        for t in &self.terms {
            let x = bounds.get(t.bound).copied().unwrap_or(NaiveDate::MIN);
            let (from, to) = match t.op {
                Cmp::Eq => (Some(x), Some(x)),
                Cmp::Ge => (Some(x), None),
                Cmp::Le => (None, Some(x)),
                // Nothing lies after the last date or before the first.
                Cmp::Gt => match x.succ_opt() {
                    Some(next) => (Some(next), None),
                    None => {
                        empty = true;
                        (None, None)
                    }
                },
                Cmp::Lt => match x.pred_opt() {
                    Some(before) => (None, Some(before)),
                    None => {
                        empty = true;
                        (None, None)
                    }
                },
                Cmp::Ne => {
                    if let Some(slot) = range.except.get_mut(range.excepted) {
                        *slot = x;
                        range.excepted += 1;
                    }
                    (None, None)
                }
            };
            range.from = from.map_or(range.from, |f| f.max(range.from));
            range.to = to.map_or(range.to, |t| t.min(range.to));
        }
        if empty {
            (range.from, range.to) = (NaiveDate::MAX, NaiveDate::MIN);
        }
        range
    }

    fn bounds(&self, f: &mut Frame) -> Option<[NaiveDate; MOST]> {
        let mut dates = [NaiveDate::MIN; MOST];
        for (date, bound) in dates.iter_mut().zip(&self.bounds) {
            let value = match bound {
                Operand::Local(s) => f.locals.get(*s)?,
                Operand::Const(v) => v,
                Operand::Memo(m, inner) => memo(f, *m, inner).ok()?,
                Operand::Computed(_) => return None,
            };
            let Value::Date(d) = value else {
                return None;
            };
            *date = *d;
        }
        Some(dates)
    }
}

/// The dates a conjunction of comparisons admits: an interval (empty when `from > to`) less
/// the dates `!=` excludes.
struct Range {
    from: NaiveDate,
    to: NaiveDate,
    except: [NaiveDate; MOST],
    excepted: usize,
}

impl Range {
    #[inline]
    fn holds(&self, d: NaiveDate) -> bool {
        self.from <= d
            && d <= self.to
            && (self.excepted == 0 || !self.except.iter().take(self.excepted).any(|x| *x == d))
    }
}
