//! The closure back end's run of a planned interval kernel ([`RangePlan`], planned by the
//! lowering): `count`, `all` and `any` over a list of dates whose condition is a conjunction of
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
use regel_compiler::ir::{Cmp, ListOp, Value};
use regel_runtime::range::{DateRange, MOST};

use crate::closures::{Frame, Operand, memo, operand};
use crate::lower::RangePlan;

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
    /// The kernel of a plan the lowering made.
    pub fn of(plan: &RangePlan) -> Kernel {
        let mut kernel = Kernel {
            op: plan.op,
            list: plan.list as usize,
            terms: Vec::new(),
            bounds: Vec::new(),
            memos: plan.memos.iter().map(|m| *m as usize).collect(),
        };
        for (op, bound) in &plan.terms {
            kernel.terms.push(Term {
                op: *op,
                bound: kernel.bounds.len(),
            });
            kernel.bounds.push(operand(bound));
        }
        kernel
    }

    /// The operator's value, or `None` when the general closure must run it.
    pub fn value(&self, f: &mut Frame<'_>) -> Option<Value> {
        let n = self.run(f)?;
        Some(match self.op {
            ListOp::Count => Value::Int(n),
            _ => Value::Bool(n != 0),
        })
    }

    /// The count, or for `all` and `any` 1 (true) or 0 (false); `None` when the general
    /// closure must run the operator.
    pub fn run(&self, f: &mut Frame<'_>) -> Option<i64> {
        for m in &self.memos {
            if let Some(memo) = f.memos.get_mut(*m) {
                *memo = None;
            }
        }
        let empty = match f.get(self.list) {
            Some(Value::List(items)) => items.is_empty(),
            Some(Value::Null) => true,
            _ => return None,
        };
        if empty {
            return Some(i64::from(self.op == ListOp::All));
        }
        let bounds = self.bounds(f)?;
        let range = self.range(&bounds);
        let Some(Value::List(items)) = f.get(self.list) else {
            return None;
        };
        scan(self.op, items, |item| match item {
            Value::Date(d) => Some(range.holds(*d)),
            _ => None,
        })
    }

    /// The conjunction as one interval of dates, less the dates `!=` excludes.
    fn range(&self, bounds: &[NaiveDate; MOST]) -> DateRange {
        DateRange::new(self.terms.iter().map(|t| {
            let x = bounds.get(t.bound).copied().unwrap_or(NaiveDate::MIN);
            (t.op, x)
        }))
    }

    fn bounds(&self, f: &mut Frame<'_>) -> Option<[NaiveDate; MOST]> {
        let mut dates = [NaiveDate::MIN; MOST];
        for (date, bound) in dates.iter_mut().zip(&self.bounds) {
            let value = match bound {
                Operand::Local(s) => f.get(*s)?,
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

/// Whether `d` lies in `from..=to`, comparing only with the ends the interval has (`L`: a
/// lower end, `U`: an upper end).
#[inline(always)]
fn inside<const L: bool, const U: bool>(d: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    (!L || from <= d) && (!U || d <= to)
}

/// Whether every element is a date in `from..=to` ([`inside`]); `None` at an element that is
/// not a date (the general closure then runs the operator). Each operator has its own loop
/// over the interval written out: through [`scan`]'s closure the compiler kept an `Option` in
/// memory and wrote it on every date.
#[inline(always)]
pub(crate) fn all_within<const L: bool, const U: bool>(
    items: &[Value],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<bool> {
    counted();
    for item in items {
        let Value::Date(d) = item else { return None };
        if !inside::<L, U>(*d, from, to) {
            return Some(false);
        }
    }
    Some(true)
}

/// Whether some element is a date in `from..=to` ([`all_within`]'s `None`: an element before
/// the first that is in it is not a date).
#[inline(always)]
pub(crate) fn any_within<const L: bool, const U: bool>(
    items: &[Value],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<bool> {
    counted();
    for item in items {
        let Value::Date(d) = item else { return None };
        if inside::<L, U>(*d, from, to) {
            return Some(true);
        }
    }
    Some(false)
}

/// How many elements are dates in `from..=to` ([`all_within`]'s `None`).
#[inline(always)]
pub(crate) fn count_within<const L: bool, const U: bool>(
    items: &[Value],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<i64> {
    counted();
    let mut n = 0i64;
    for item in items {
        let Value::Date(d) = item else { return None };
        n += i64::from(inside::<L, U>(*d, from, to));
    }
    Some(n)
}

/// A fused `require all(…)` and `count(…)` over one list ([`crate::lower::Fused`]) in one
/// pass: whether every element is a date in `all` (`from..=to`, compared with the ends `AL`
/// and `AU` it has) and, if so, how many of them lie in the count's interval, compared only
/// with its ends `CL` and `CU` that the `all` does not already imply; `Some((false, 0))` at
/// the first date outside `all` (the require fails: nothing is counted), `None` at an element
/// before it that is not a date (the general closures then run both).
#[inline(always)]
pub(crate) fn all_then_count<const AL: bool, const AU: bool, const CL: bool, const CU: bool>(
    items: &[Value],
    all: (NaiveDate, NaiveDate),
    count: (NaiveDate, NaiveDate),
) -> Option<(bool, i64)> {
    counted();
    let mut n = 0i64;
    for item in items {
        let Value::Date(d) = item else { return None };
        if !inside::<AL, AU>(*d, all.0, all.1) {
            return Some((false, 0));
        }
        n += i64::from(inside::<CL, CU>(*d, count.0, count.1));
    }
    Some((true, n))
}

/// Counts a kernel loop for [`runs`] (debug builds).
#[inline(always)]
fn counted() {
    #[cfg(debug_assertions)]
    RUNS.with(|runs| runs.set(runs.get() + 1));
}

/// `op` over `items`, `inside` the interval test of one element (`None` when it is not a
/// date: the general closure must run the operator): the count, or for `all` and `any` 1
/// (true) or 0 (false). One loop per operator, so a loop's body is only the test.
#[inline]
pub(crate) fn scan(
    op: ListOp,
    items: &[Value],
    inside: impl Fn(&Value) -> Option<bool>,
) -> Option<i64> {
    counted();
    Some(match op {
        ListOp::All => {
            for item in items {
                if !inside(item)? {
                    return Some(0);
                }
            }
            1
        }
        ListOp::Any => {
            for item in items {
                if inside(item)? {
                    return Some(1);
                }
            }
            0
        }
        _ => {
            let mut n = 0i64;
            for item in items {
                n += i64::from(inside(item)?);
            }
            n
        }
    })
}
