//! Closures specialised by result type: a condition computes a `bool`, a count an `i64`, a date
//! a `NaiveDate`, an amount a `Decimal`, with no [`Value`] built to be taken apart and no
//! [`RuntimeError`](regel_runtime::RuntimeError) carried through each layer.
//!
//! The checker's types say which closure a node gets (a comparison's [`Compared`], an
//! arithmetic operator's [`Arith`], a `let`'s or an output's type). A typed closure gives `None`
//! whenever anything is not as planned: an operand that is null or in another representation
//! of its type, an overflow, a date outside the calendar, a division by zero. Its caller then
//! runs the general closure from the start ([`crate::closures::cond`],
//! [`crate::closures::value`]), which gives the value or fails with its own order of
//! evaluation and its own message. Conditions and values are pure (a memo holds the same
//! value whoever computes it), so running both is the same as running the general one.

use chrono::NaiveDate;
use regel_compiler::ir::{
    Arith, Builtin, Cmp, Compared, Duration, ListOp, Num, Op, RoundMode, RoundTo, Value,
};
use regel_runtime::ops::MoneyOp;
use regel_runtime::{DurationUnit, EnumId};
use regel_runtime::{calendar, decimal, ops};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::closures::{self, Frame};
use crate::kernel;
use crate::lower::{Node, RangePlan};

/// A closure computing one representation, or `None` when the general closure must run.
pub(crate) type Fast<T> = Box<dyn Fn(&mut Frame<'_>) -> Option<T> + Send + Sync>;

/// A representation a typed closure computes.
pub(crate) trait Repr: Copy + Send + Sync + 'static {
    /// The value in this representation, if it is in it.
    fn read(v: &Value) -> Option<Self>;

    /// The closure of a node only this representation has (a comparison, a count, …).
    fn special(_node: &Node) -> Option<Fast<Self>> {
        None
    }
}

/// An amount of money (`Value::Money`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Money(pub Decimal);

/// A number an amount is combined with: a whole number, a decimal or an amount, as a decimal
/// (the general operators take each so).
#[derive(Debug, Clone, Copy)]
struct Amount(Decimal);

/// A whole number or a decimal, compared as numbers (`1 == 1.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Number(Decimal);

/// Amounts and numbers in `Decimal`'s order, by the runtime's comparison (one of a sign and a
/// scale, as amounts in öre are, by their mantissas).
macro_rules! decimal_order {
    ($($t:ty),*) => {$(
        impl Ord for $t {
            #[inline]
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                decimal::cmp(self.0, other.0)
            }
        }

        impl PartialOrd for $t {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
    )*};
}

decimal_order!(Money, Number);

/// An enum's variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Variant(EnumId, u32);

/// `node` as a typed closure, or `None` when some part of it has none (the general closure
/// alone runs it then).
pub(crate) fn compile<T: Repr>(node: &Node) -> Option<Fast<T>> {
    match node {
        Node::Const(_) | Node::Local(_) => {
            let arg = Arg::<T>::of(node)?;
            Some(Box::new(move |f| arg.get(f)))
        }
        Node::Memo(m, inner) => {
            let (m, inner) = (*m as usize, closures::value(inner));
            Some(Box::new(move |f| {
                T::read(closures::memo(f, m, &inner).ok()?)
            }))
        }
        Node::If(c, a, b) => {
            let (c, a, b) = (compile::<bool>(c)?, Arg::<T>::of(a)?, Arg::<T>::of(b)?);
            Some(Box::new(move |f| if c(f)? { a.get(f) } else { b.get(f) }))
        }
        // `begart_vite ?? taket`: null takes the fallback.
        Node::Coalesce(l, r) => {
            let Node::Local(s) = **l else { return None };
            let (s, r) = (s as usize, Arg::<T>::of(r)?);
            Some(Box::new(move |f| match f.get(s)? {
                Value::Null => r.get(f),
                v => T::read(v),
            }))
        }
        _ => T::special(node),
    }
}

/// An operand: a local or a constant is read in place, anything else computed by its closure.
enum Arg<T> {
    Local(usize),
    Const(T),
    Code(Fast<T>),
}

impl<T: Repr> Arg<T> {
    fn of(node: &Node) -> Option<Arg<T>> {
        Some(match node {
            Node::Const(v) => Arg::Const(T::read(v)?),
            Node::Local(s) => Arg::Local(*s as usize),
            other => Arg::Code(compile::<T>(other)?),
        })
    }

    #[inline]
    fn get(&self, f: &mut Frame<'_>) -> Option<T> {
        match self {
            Arg::Local(s) => T::read(f.get(*s)?),
            Arg::Const(c) => Some(*c),
            Arg::Code(code) => code(f),
        }
    }
}

/// Two operands, for a binary operator.
fn pair<A: Repr, B: Repr>(l: &Node, r: &Node) -> Option<(Arg<A>, Arg<B>)> {
    Some((Arg::of(l)?, Arg::of(r)?))
}

impl Repr for bool {
    fn read(v: &Value) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn special(node: &Node) -> Option<Fast<bool>> {
        match node {
            Node::Not(x) => {
                let x = Arg::<bool>::of(x)?;
                Some(Box::new(move |f| Some(!x.get(f)?)))
            }
            Node::Binary(Op::And, l, r) => {
                let (l, r) = pair::<bool, bool>(l, r)?;
                Some(Box::new(
                    move |f| if l.get(f)? { r.get(f) } else { Some(false) },
                ))
            }
            Node::Binary(Op::Or, l, r) => {
                let (l, r) = pair::<bool, bool>(l, r)?;
                Some(Box::new(
                    move |f| if l.get(f)? { Some(true) } else { r.get(f) },
                ))
            }
            Node::Binary(Op::Compare(cmp, compared), l, r) => comparison(*cmp, *compared, l, r),
            Node::Binary(Op::In, l, r) => membership(l, r),
            Node::ListOp {
                op: op @ (ListOp::Any | ListOp::All),
                list,
                slot,
                body: Some(body),
                memos,
                ..
            } => {
                let walk = Walk::of(list, *slot, memos, body)?;
                let want_all = *op == ListOp::All;
                // `all` stops at the first element that fails, `any` at the first that holds.
                Some(Box::new(move |f| {
                    let mut result = want_all;
                    walk.run(f, |holds| {
                        let go_on = holds == want_all;
                        if !go_on {
                            result = !want_all;
                        }
                        go_on
                    })?;
                    Some(result)
                }))
            }
            // Each operator its own closure with its loop inlined: no call to a shared run
            // and no `match` on the operator per call.
            Node::DateRange(plan) if plan.op == ListOp::All => {
                Some(by_ends!(Interval::of(plan)?, kernel::all_within))
            }
            Node::DateRange(plan) if plan.op == ListOp::Any => {
                Some(by_ends!(Interval::of(plan)?, kernel::any_within))
            }
            Node::Call(Builtin::Within, args) => {
                let [from, to, p] = args.as_slice() else {
                    return None;
                };
                let (from, to) = pair::<NaiveDate, NaiveDate>(from, to)?;
                let p = Arg::<Duration>::of(p)?;
                Some(Box::new(move |f| {
                    let (from, to) = (from.get(f)?, to.get(f)?);
                    calendar::within(from, to, p.get(f)?)
                }))
            }
            _ => None,
        }
    }
}

/// `l cmp r` on operands of the type the checker says they have.
fn comparison(cmp: Cmp, compared: Compared, l: &Node, r: &Node) -> Option<Fast<bool>> {
    let equality = matches!(cmp, Cmp::Eq | Cmp::Ne);
    match compared {
        Compared::Int => ordered::<i64>(cmp, l, r),
        Compared::Date => ordered::<NaiveDate>(cmp, l, r),
        Compared::Money => ordered::<Money>(cmp, l, r),
        Compared::Decimal => ordered::<Number>(cmp, l, r),
        Compared::Bool if equality => equal::<bool>(cmp, l, r),
        Compared::Enum if equality => equal::<Variant>(cmp, l, r),
        _ => None,
    }
}

fn ordered<T: Repr + Ord>(cmp: Cmp, l: &Node, r: &Node) -> Option<Fast<bool>> {
    let (l, r) = pair::<T, T>(l, r)?;
    // A local against a constant (`byten >= max_byten`) reads the local alone.
    Some(match (l, r) {
        (Arg::Local(a), Arg::Const(b)) => by_cmp(cmp, move |f| Some((T::read(f.get(a)?)?, b))),
        (l, r) => by_cmp(cmp, move |f| {
            let a = l.get(f)?;
            Some((a, r.get(f)?))
        }),
    })
}

/// The closure of `cmp` on the two values `operands` gives, one closure per comparison, so
/// none matches on the comparison each time it runs.
fn by_cmp<T: Ord + 'static>(
    cmp: Cmp,
    operands: impl Fn(&mut Frame<'_>) -> Option<(T, T)> + Send + Sync + 'static,
) -> Fast<bool> {
    match cmp {
        Cmp::Eq => Box::new(move |f| operands(f).map(|(a, b)| a.cmp(&b).is_eq())),
        Cmp::Ne => Box::new(move |f| operands(f).map(|(a, b)| a.cmp(&b).is_ne())),
        Cmp::Lt => Box::new(move |f| operands(f).map(|(a, b)| a.cmp(&b).is_lt())),
        Cmp::Le => Box::new(move |f| operands(f).map(|(a, b)| a.cmp(&b).is_le())),
        Cmp::Gt => Box::new(move |f| operands(f).map(|(a, b)| a.cmp(&b).is_gt())),
        Cmp::Ge => Box::new(move |f| operands(f).map(|(a, b)| a.cmp(&b).is_ge())),
    }
}

fn equal<T: Repr + PartialEq>(cmp: Cmp, l: &Node, r: &Node) -> Option<Fast<bool>> {
    let (l, r) = pair::<T, T>(l, r)?;
    let want = cmp == Cmp::Eq;
    Some(Box::new(move |f| {
        let a = l.get(f)?;
        Some((a == r.get(f)?) == want)
    }))
}

/// `x in [constants]` over one enum's variants, as one bit test.
fn membership(l: &Node, r: &Node) -> Option<Fast<bool>> {
    let Node::Const(Value::List(items)) = r else {
        return None;
    };
    let (mut id, mut mask) = (None, 0u64);
    for item in items.iter() {
        let Value::Enum(e, v) = item else { return None };
        if *id.get_or_insert(*e) != *e || *v >= 64 {
            return None;
        }
        mask |= 1 << v;
    }
    let (id, needle) = (id?, Arg::<Variant>::of(l)?);
    Some(Box::new(move |f| {
        let Variant(e, v) = needle.get(f)?;
        Some(e == id && v < 64 && (mask >> v) & 1 == 1)
    }))
}

/// A list operator's walk over a list local, with a typed condition on each element.
struct Walk {
    list: usize,
    slot: usize,
    memos: Vec<usize>,
    body: Fast<bool>,
}

impl Walk {
    fn of(list: &Node, slot: u32, memos: &[u32], body: &Node) -> Option<Walk> {
        let Node::Local(list) = *list else {
            return None;
        };
        Some(Walk {
            list: list as usize,
            slot: slot as usize,
            memos: memos.iter().map(|m| *m as usize).collect(),
            body: compile::<bool>(body)?,
        })
    }

    /// Puts each element in the slot and gives `visit` the condition on it until `visit`
    /// says stop (`false`).
    fn run(&self, f: &mut Frame<'_>, mut visit: impl FnMut(bool) -> bool) -> Option<()> {
        for m in &self.memos {
            if let Some(memo) = f.memos.get_mut(*m) {
                *memo = None;
            }
        }
        if f.locals.len() <= self.slot {
            f.locals.resize(self.slot + 1, Value::Null);
        }
        let inputs: &[Value] = f.inputs;
        if let Some(list) = inputs.get(self.list) {
            // An input: walked where the caller holds it.
            let items: &[Value] = match list {
                Value::List(items) => items,
                Value::Null => &[],
                _ => return None,
            };
            for item in items {
                f.set(self.slot, item.clone());
                if !visit((self.body)(f)?) {
                    break;
                }
            }
            return Some(());
        }
        for i in 0.. {
            let item = match f.locals.get(self.list)? {
                Value::List(items) => match items.get(i) {
                    Some(item) => item.clone(),
                    None => break,
                },
                Value::Null => break,
                _ => return None,
            };
            f.set(self.slot, item);
            if !visit((self.body)(f)?) {
                break;
            }
        }
        Some(())
    }
}

/// The closure of an interval kernel: `scan` (one of [`kernel::all_within`],
/// [`kernel::any_within`], [`kernel::count_within`]) with the interval's ends, compiled for
/// the ends it has, so the loop compares each date only with those (`all(xs, s => s <= datum)`
/// has no lower end). An interval with no date in it takes the loop that compares both.
macro_rules! by_ends {
    ($interval:expr, $($scan:ident)::+) => {{
        let interval: Interval = $interval;
        let closure: Fast<_> = match interval.ends() {
            (true, true) => kernel_closure(interval, $($scan)::+::<true, true>, $($scan)::+::<true, true>),
            (true, false) => kernel_closure(interval, $($scan)::+::<true, false>, $($scan)::+::<true, true>),
            (false, true) => kernel_closure(interval, $($scan)::+::<false, true>, $($scan)::+::<true, true>),
            (false, false) => kernel_closure(interval, $($scan)::+::<false, false>, $($scan)::+::<true, true>),
        };
        closure
    }};
}
use by_ends;

/// The closure running `scan` over the interval's list with its ends, or `empty` (which
/// compares both) with an interval no date lies in.
fn kernel_closure<T: 'static>(
    interval: Interval,
    scan: impl Fn(&[Value], NaiveDate, NaiveDate) -> Option<T> + Send + Sync + 'static,
    empty: impl Fn(&[Value], NaiveDate, NaiveDate) -> Option<T> + Send + Sync + 'static,
) -> Fast<T> {
    Box::new(move |f| match interval.interval(f)? {
        Some((from, to)) => scan(interval.items(f)?, from, to),
        None => empty(interval.items(f)?, NaiveDate::MAX, NaiveDate::MIN),
    })
}

/// The test of a fused `require all(…)` ([`crate::lower::Fused`]): the `all` and the `let`'s
/// count over the same list in one pass ([`kernel::all_then_count`]), the count written into
/// local `slot` when the `all` holds. `None` when either has no typed interval (the two then
/// keep their own closures).
pub(crate) fn all_then_count(
    all: &RangePlan,
    count: &RangePlan,
    slot: usize,
) -> Option<Fast<bool>> {
    let (all, count) = (Interval::of(all)?, Interval::of(count)?);
    // `lower::fusions` pairs a require with a count over the same list only; the one pass
    // walks the `all`'s list and counts in it, so a pair over two lists would be wrong.
    debug_assert_eq!(all.list, count.list, "fused over two lists");
    Some(match all.ends() {
        (true, true) => one_pass::<true, true>(all, count, slot),
        (true, false) => one_pass::<true, false>(all, count, slot),
        (false, true) => one_pass::<false, true>(all, count, slot),
        (false, false) => one_pass::<false, false>(all, count, slot),
    })
}

/// [`all_then_count`] for an `all` with the ends `AL` and `AU`. The count's ends that every
/// element inside the `all`'s interval meets anyway (`s <= datum` in both) are not compared.
/// An interval no date lies in takes the general closures.
fn one_pass<const AL: bool, const AU: bool>(
    all: Interval,
    count: Interval,
    slot: usize,
) -> Fast<bool> {
    Box::new(move |f| {
        let a = all.interval(f)??;
        let c = count.interval(f)??;
        let items = all.items(f)?;
        let (holds, n) = match (c.0 > a.0, c.1 < a.1) {
            (true, true) => kernel::all_then_count::<AL, AU, true, true>(items, a, c),
            (true, false) => kernel::all_then_count::<AL, AU, true, false>(items, a, c),
            (false, true) => kernel::all_then_count::<AL, AU, false, true>(items, a, c),
            (false, false) => kernel::all_then_count::<AL, AU, false, false>(items, a, c),
        }?;
        if holds {
            f.set(slot, Value::Int(n));
        }
        Some(holds)
    })
}

/// A planned interval kernel ([`RangePlan`]) with typed bounds: each bound is computed once
/// (a memo's expression directly: within the kernel it is needed once, and no element's
/// condition reads the memo), the interval is two dates, and the loop compares each element
/// with them. A plan that excepts dates (`!=`) keeps the general kernel.
struct Interval {
    list: usize,
    bounds: Bounds,
}

/// How an [`Interval`] finds its ends.
enum Bounds {
    /// At most one lower bound (`>`, `>=`) and one upper bound (`<`, `<=`), as in
    /// `s > datum - bytesperiod and s <= datum`: each end read once, with no loop over terms
    /// and no `match` on each term's comparison.
    Ends(Option<End>, Option<End>),
    /// Any conjunction: each term narrows the interval in turn.
    Terms(Vec<(Cmp, Arg<NaiveDate>)>),
}

/// One end of an interval and whether the comparison excludes it (`>`, `<`).
struct End {
    bound: Bound,
    strict: bool,
}

/// An end's date: an operand, or a local date moved by a constant number of years
/// (`datum - bytesperiod`, the period a parameter), moved in place rather than by a closure
/// of its own and the calendar's shift by any unit.
enum Bound {
    Arg(Arg<NaiveDate>),
    Years(usize, i64),
}

impl Bound {
    fn of(node: &Node) -> Option<Bound> {
        if let Node::Binary(Op::Arith(arith), l, r) = node
            && let (Node::Local(s), Node::Const(Value::Duration(p))) = (&**l, &**r)
            && p.unit == DurationUnit::Years
        {
            let years = match arith {
                Arith::DateAddDuration => Some(p.amount),
                Arith::DateSubDuration => p.amount.checked_neg(),
                _ => None,
            };
            if let Some(years) = years {
                return Some(Bound::Years(*s as usize, years));
            }
        }
        Some(Bound::Arg(Arg::of(node)?))
    }

    /// The date; `None` when it is not as planned (not a date, or moved past the calendar).
    #[inline(always)]
    fn get(&self, f: &mut Frame<'_>) -> Option<NaiveDate> {
        match self {
            Bound::Arg(arg) => arg.get(f),
            Bound::Years(s, years) => calendar::add_years(NaiveDate::read(f.get(*s)?)?, *years),
        }
    }
}

impl Interval {
    fn of(plan: &RangePlan) -> Option<Interval> {
        let mut terms = Vec::new();
        for (cmp, bound) in &plan.terms {
            let bound = match bound {
                Node::Memo(_, inner) => inner,
                other => other,
            };
            if *cmp == Cmp::Ne {
                return None;
            }
            terms.push((*cmp, bound));
        }
        Some(Interval {
            list: plan.list as usize,
            bounds: Bounds::of(terms)?,
        })
    }

    /// Whether the interval has a lower and an upper end (every term counts as both).
    fn ends(&self) -> (bool, bool) {
        match &self.bounds {
            Bounds::Ends(from, to) => (from.is_some(), to.is_some()),
            Bounds::Terms(_) => (true, true),
        }
    }

    /// The list's elements (none for null); `None` when it is not a list.
    #[inline(always)]
    fn items<'f>(&self, f: &'f Frame<'_>) -> Option<&'f [Value]> {
        match f.get(self.list)? {
            Value::List(items) => Some(items),
            Value::Null => Some(&[]),
            _ => None,
        }
    }

    /// The dates every term admits, `from..=to`, as [`regel_runtime::range::DateRange`]
    /// works them out: `Some(None)` when no date lies in it (a strict end past the calendar's
    /// first or last day), `None` when a bound is not as planned.
    #[inline(always)]
    fn interval(&self, f: &mut Frame<'_>) -> Option<Option<(NaiveDate, NaiveDate)>> {
        let terms = match &self.bounds {
            Bounds::Ends(lower, upper) => {
                // Nothing lies after the last date or before the first.
                let from = match lower {
                    Some(end) => match end.get(f, NaiveDate::succ_opt)? {
                        Some(from) => from,
                        None => return Some(None),
                    },
                    None => NaiveDate::MIN,
                };
                let to = match upper {
                    Some(end) => match end.get(f, NaiveDate::pred_opt)? {
                        Some(to) => to,
                        None => return Some(None),
                    },
                    None => NaiveDate::MAX,
                };
                return Some(Some((from, to)));
            }
            Bounds::Terms(terms) => terms,
        };
        let (mut from, mut to) = (NaiveDate::MIN, NaiveDate::MAX);
        for (cmp, bound) in terms {
            let x = bound.get(f)?;
            match cmp {
                Cmp::Eq => (from, to) = (from.max(x), to.min(x)),
                Cmp::Ge => from = from.max(x),
                Cmp::Le => to = to.min(x),
                // Nothing lies after the last date or before the first.
                Cmp::Gt => match x.succ_opt() {
                    Some(next) => from = from.max(next),
                    None => return Some(None),
                },
                Cmp::Lt => match x.pred_opt() {
                    Some(before) => to = to.min(before),
                    None => return Some(None),
                },
                Cmp::Ne => return None,
            }
        }
        Some(Some((from, to)))
    }
}

impl Bounds {
    /// [`Bounds::Ends`] when the terms are at most one lower and one upper bound; `None` when
    /// a bound has no typed form.
    fn of(terms: Vec<(Cmp, &Node)>) -> Option<Bounds> {
        let (mut lowers, mut uppers, mut equal) = (0, 0, false);
        for (cmp, _) in &terms {
            match cmp {
                Cmp::Gt | Cmp::Ge => lowers += 1,
                Cmp::Lt | Cmp::Le => uppers += 1,
                Cmp::Eq | Cmp::Ne => equal = true,
            }
        }
        if equal || lowers > 1 || uppers > 1 {
            let terms = terms
                .into_iter()
                .map(|(cmp, bound)| Some((cmp, Arg::of(bound)?)));
            return Some(Bounds::Terms(terms.collect::<Option<_>>()?));
        }
        let (mut from, mut to) = (None, None);
        for (cmp, bound) in terms {
            let strict = matches!(cmp, Cmp::Gt | Cmp::Lt);
            let end = Some(End {
                bound: Bound::of(bound)?,
                strict,
            });
            if matches!(cmp, Cmp::Gt | Cmp::Ge) {
                from = end;
            } else {
                to = end;
            }
        }
        Some(Bounds::Ends(from, to))
    }
}

impl End {
    /// The end's date, moved by `step` (the next or the previous day) when the comparison
    /// excludes it: `None` when the bound is not as planned, `Some(None)` when there is no
    /// such day.
    #[inline(always)]
    fn get(
        &self,
        f: &mut Frame<'_>,
        step: fn(&NaiveDate) -> Option<NaiveDate>,
    ) -> Option<Option<NaiveDate>> {
        let x = self.bound.get(f)?;
        Some(if self.strict { step(&x) } else { Some(x) })
    }
}

impl Repr for i64 {
    fn read(v: &Value) -> Option<i64> {
        match v {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    fn special(node: &Node) -> Option<Fast<i64>> {
        match node {
            Node::Neg(Num::Int, x) => {
                let x = Arg::<i64>::of(x)?;
                Some(Box::new(move |f| x.get(f)?.checked_neg()))
            }
            Node::Binary(
                Op::Arith(arith @ (Arith::AddInt | Arith::SubInt | Arith::MulInt)),
                l,
                r,
            ) => {
                let (l, r) = pair::<i64, i64>(l, r)?;
                let op: fn(i64, i64) -> Option<i64> = match arith {
                    Arith::AddInt => i64::checked_add,
                    Arith::SubInt => i64::checked_sub,
                    _ => i64::checked_mul,
                };
                Some(Box::new(move |f| {
                    let a = l.get(f)?;
                    op(a, r.get(f)?)
                }))
            }
            Node::Binary(Op::Arith(Arith::DateDiffDays), l, r) => {
                let (l, r) = pair::<NaiveDate, NaiveDate>(l, r)?;
                Some(Box::new(move |f| {
                    let a = l.get(f)?;
                    Some(a.signed_duration_since(r.get(f)?).num_days())
                }))
            }
            Node::ListOp {
                op: ListOp::Count,
                list,
                body: None,
                ..
            } => {
                let Node::Local(s) = **list else { return None };
                let s = s as usize;
                Some(Box::new(move |f| match f.get(s)? {
                    Value::List(items) => Some(i64::try_from(items.len()).unwrap_or(i64::MAX)),
                    Value::Null => Some(0),
                    _ => None,
                }))
            }
            Node::ListOp {
                op: ListOp::Count,
                list,
                slot,
                body: Some(body),
                memos,
                ..
            } => {
                let walk = Walk::of(list, *slot, memos, body)?;
                Some(Box::new(move |f| {
                    let mut n = 0i64;
                    walk.run(f, |holds| {
                        n += i64::from(holds);
                        true
                    })?;
                    Some(n)
                }))
            }
            Node::DateRange(plan) if plan.op == ListOp::Count => {
                Some(by_ends!(Interval::of(plan)?, kernel::count_within))
            }
            _ => None,
        }
    }
}

impl Repr for NaiveDate {
    fn read(v: &Value) -> Option<NaiveDate> {
        match v {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    fn special(node: &Node) -> Option<Fast<NaiveDate>> {
        let Node::Binary(
            Op::Arith(arith @ (Arith::DateAddDuration | Arith::DateSubDuration)),
            l,
            r,
        ) = node
        else {
            return None;
        };
        let (l, r) = pair::<NaiveDate, Duration>(l, r)?;
        let shift = match arith {
            Arith::DateAddDuration => calendar::add,
            _ => calendar::sub,
        };
        Some(Box::new(move |f| {
            let date = l.get(f)?;
            shift(date, r.get(f)?)
        }))
    }
}

impl Repr for Duration {
    fn read(v: &Value) -> Option<Duration> {
        match v {
            Value::Duration(d) => Some(*d),
            _ => None,
        }
    }
}

impl Repr for Variant {
    fn read(v: &Value) -> Option<Variant> {
        match v {
            Value::Enum(e, i) => Some(Variant(*e, *i)),
            _ => None,
        }
    }
}

impl Repr for Number {
    fn read(v: &Value) -> Option<Number> {
        match v {
            Value::Int(n) => Some(Number(Decimal::from(*n))),
            Value::Decimal(d) => Some(Number(*d)),
            _ => None,
        }
    }
}

impl Repr for Amount {
    fn read(v: &Value) -> Option<Amount> {
        match v {
            Value::Int(n) => Some(Amount(Decimal::from(*n))),
            Value::Decimal(d) | Value::Money(d) => Some(Amount(*d)),
            _ => None,
        }
    }
}

impl Repr for Money {
    fn read(v: &Value) -> Option<Money> {
        match v {
            Value::Money(d) => Some(Money(*d)),
            _ => None,
        }
    }

    fn special(node: &Node) -> Option<Fast<Money>> {
        match node {
            Node::Neg(Num::Money, x) => {
                let x = Arg::<Money>::of(x)?;
                Some(Box::new(move |f| Some(Money(-x.get(f)?.0))))
            }
            Node::Round { mode, to, value } => {
                if let Some(fused) = rounded_arith(*mode, *to, value) {
                    return Some(fused);
                }
                let (mode, to, x) = (*mode, *to, Arg::<Money>::of(value)?);
                Some(Box::new(move |f| {
                    Some(Money(ops::round_money(mode, to, x.get(f)?.0)))
                }))
            }
            Node::Binary(Op::Arith(arith), l, r) => money_arith(*arith, l, r),
            _ => None,
        }
    }
}

/// An arithmetic operator whose result is an amount: one operand an amount, the other any
/// number, combined as decimals and checked as the general operator checks them.
fn money_arith(arith: Arith, l: &Node, r: &Node) -> Option<Fast<Money>> {
    // A sum its own closure, with the runtime's addition inlined into it.
    match arith {
        Arith::AddMoney => on_decimals::<Money, Amount>(l, r, |x, y| decimal::add(x, y).map(Money)),
        Arith::SubMoney => on_decimals::<Money, Amount>(l, r, |x, y| decimal::sub(x, y).map(Money)),
        Arith::NumberMulMoney => {
            let op = MoneyOp::of(arith)?;
            on_decimals::<Amount, Money>(l, r, move |x, y| op.apply(x, y).map(Money))
        }
        _ => {
            let op = MoneyOp::of(arith)?;
            on_decimals::<Money, Amount>(l, r, move |x, y| op.apply(x, y).map(Money))
        }
    }
}

/// A value of a representation that is a decimal (an amount, or a number combined with one).
trait Dec: Repr {
    fn dec(self) -> Decimal;
}

impl Dec for Money {
    #[inline]
    fn dec(self) -> Decimal {
        self.0
    }
}

impl Dec for Amount {
    #[inline]
    fn dec(self) -> Decimal {
        self.0
    }
}

/// The closure of `go` on two operands, read as `A` and `B` and taken as decimals.
fn on_decimals<A: Dec, B: Dec>(
    l: &Node,
    r: &Node,
    go: impl Fn(Decimal, Decimal) -> Option<Money> + Send + Sync + 'static,
) -> Option<Fast<Money>> {
    let (l, r) = pair::<A, B>(l, r)?;
    Some(Box::new(move |f| {
        let x = l.get(f)?.dec();
        go(x, r.get(f)?.dec())
    }))
}

/// `round(x * y, ore)`, `round(x / n, ore)` (and `floor`, `ceil`) on amounts as one step: the
/// exact product or quotient rounded once ([`MoneyOp::rounded`]) where that is what the two
/// steps give, and the two steps otherwise. Only to öre, the places an amount is shown with.
fn rounded_arith(mode: RoundMode, to: RoundTo, value: &Node) -> Option<Fast<Money>> {
    let Node::Binary(Op::Arith(arith), l, r) = value else {
        return None;
    };
    let (strategy, places) = decimal::rounding(mode, to);
    if places != 2 {
        return None;
    }
    let op = MoneyOp::of(*arith)?;
    let rounding = Rounding { mode, to, strategy };
    match (arith, &**r) {
        (Arith::MoneyDivNumber, Node::Const(divisor)) => {
            by_constant(l, Amount::read(divisor)?.0, rounding)
        }
        (Arith::NumberMulMoney, _) => fused::<Amount, Money>(l, r, op, rounding),
        _ => fused::<Money, Amount>(l, r, op, rounding),
    }
}

/// How an amount is rounded to öre: as written, and as `rust_decimal` names it.
#[derive(Clone, Copy)]
struct Rounding {
    mode: RoundMode,
    to: RoundTo,
    strategy: RoundingStrategy,
}

/// The closure of `op` rounded in one step on two operands read as `A` and `B`, the operator
/// and the rounding where the one step declines. One closure per operation, so each has its
/// step alone inlined (both in one made every rounding save more registers).
fn fused<A: Dec, B: Dec>(
    l: &Node,
    r: &Node,
    op: MoneyOp,
    rounding: Rounding,
) -> Option<Fast<Money>> {
    match op {
        MoneyOp::Mul => fused_by::<A, B>(
            l,
            r,
            |x, y, s| MoneyOp::Mul.rounded(x, y, 2, s),
            op,
            rounding,
        ),
        MoneyOp::Div => fused_by::<A, B>(
            l,
            r,
            |x, y, s| MoneyOp::Div.rounded(x, y, 2, s),
            op,
            rounding,
        ),
    }
}

fn fused_by<A: Dec, B: Dec>(
    l: &Node,
    r: &Node,
    one_step: impl Fn(Decimal, Decimal, RoundingStrategy) -> Option<Decimal> + Send + Sync + 'static,
    op: MoneyOp,
    rounding: Rounding,
) -> Option<Fast<Money>> {
    on_decimals::<A, B>(l, r, move |x, y| match one_step(x, y, rounding.strategy) {
        Some(d) => Some(Money(d)),
        None => op.two_steps(rounding.mode, rounding.to, x, y).map(Money),
    })
}

/// `round(x / n, ore)` by a constant: the divisor taken apart once ([`decimal::Whole`]), or
/// no fused step when it is not a whole number.
fn by_constant(l: &Node, divisor: Decimal, rounding: Rounding) -> Option<Fast<Money>> {
    let whole = decimal::Whole::of(divisor)?;
    let x = Arg::<Money>::of(l)?;
    Some(Box::new(move |f| {
        let x = x.get(f)?.0;
        match decimal::round_quotient_by(x, whole, 2, rounding.strategy) {
            Some(d) => Some(Money(d)),
            None => MoneyOp::Div
                .two_steps(rounding.mode, rounding.to, x, divisor)
                .map(Money),
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(op: ListOp, list: u32) -> RangePlan {
        RangePlan {
            op,
            list,
            terms: vec![(Cmp::Ge, Node::Local(2))],
            memos: Vec::new(),
            general: Node::Local(list),
        }
    }

    /// `lower::fusions` never pairs two lists; a caller that did is caught in a debug build
    /// rather than given `None` (which would hide the broken pairing behind the slow path).
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "fused over two lists")]
    fn a_fused_pass_over_two_lists_is_a_bug() {
        let _ = all_then_count(&plan(ListOp::All, 0), &plan(ListOp::Count, 1), 3);
    }
}
