//! What Rust generated from a policy (`regel_codegen::generate`) calls: the run-time half of
//! the code generator. Everything that can fail fails here with the evaluator's own message,
//! so a generated decision and `regel_eval::Decider` answer alike, errors included.

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::builtins::{arith_values, call_builtin, compare_values};
use crate::error::{Failure, OUTSIDE_CALENDAR, RuntimeError, fail};
use crate::ops::MoneyOp;
use crate::{
    Arith, Builtin, Cmp, Duration, Num, RoundMode, RoundTo, Value, calendar, decimal, ops,
};

/// The names generated code uses.
pub mod prelude {
    pub use super::NativeDecision;
    pub use crate::generated as rt;
    pub use crate::{
        Arith, Builtin, Cmp, Duration, DurationUnit, EnumId, Failure, Num, Rejection, RoundMode,
        RoundTo, Value,
    };
    pub use chrono::NaiveDate;
    pub use rust_decimal::Decimal;
    pub use std::sync::Arc;
}

/// A decision compiled to Rust: the same contract as `regel_eval::Decider::decide_into` (one
/// value per input, defaults applied; the outputs in declared order; the matched rule's
/// index), without the trace.
pub trait NativeDecision: Send + Sync {
    /// The decision's qualified name (`listning.byte`).
    fn name(&self) -> &'static str;
    fn decide_into(&self, inputs: &[Value], outputs: &mut Vec<Value>) -> Result<usize, Failure>;
}

type Native<T> = Result<T, Failure>;

#[cold]
fn runtime(e: RuntimeError) -> Failure {
    Failure::Runtime(e)
}

/// An operator's failure message as the evaluator reports it.
#[cold]
fn message(m: String) -> Failure {
    runtime(fail(m))
}

#[cold]
fn wrong(what: &str) -> Failure {
    runtime(fail(format!(
        "expected {what}, found another kind of value"
    )))
}

/// The inputs as an array of `N`, or an error naming how many were expected.
#[inline]
pub fn inputs<const N: usize>(values: &[Value]) -> Native<&[Value; N]> {
    values
        .try_into()
        .map_err(|_| runtime(fail(format!("expected {N} inputs, got {}", values.len()))))
}

/// A decision's answer as it stands; on a failure the outputs are emptied first, as the
/// interpreter leaves them. The index is answered anew, not the answer moved: a move copied
/// the whole `Result` (a `Failure`'s size) in 16-byte loads from where the index had just
/// been stored in 8-byte parts, a store-forwarding stall (22 % of `sanktion.vite`'s samples).
#[inline(always)]
pub fn answered(answer: Native<usize>, outputs: &mut Vec<Value>) -> Native<usize> {
    match answer {
        Ok(rule) => Ok(rule),
        Err(e) => Err(emptied(e, outputs)),
    }
}

#[cold]
fn emptied(e: Failure, outputs: &mut Vec<Value>) -> Failure {
    outputs.clear();
    e
}

/// The `N` output slots, holding the previous decision's outputs when it had as many: the
/// caller writes every slot, over what is there, so an output the same as last time (a
/// constant text, see [`share`]) costs no allocation and no reference count.
#[inline]
pub fn outputs<const N: usize>(outputs: &mut Vec<Value>) -> Native<&mut [Value; N]> {
    if outputs.len() != N {
        outputs.clear();
        outputs.resize(N, Value::Null);
    }
    outputs
        .first_chunk_mut::<N>()
        .ok_or_else(|| runtime(fail("the outputs could not be written")))
}

/// Writes the constant `k` (a reason code, a citation, a list) into an output slot, unless the
/// slot holds that very value already (the same allocation: the previous decision's), so
/// neither its reference count nor the previous one's is touched.
#[inline]
pub fn share(slot: &mut Value, k: &Value) {
    let same = match (&*slot, k) {
        (Value::Text(held), Value::Text(wanted)) => Arc::ptr_eq(held, wanted),
        (Value::List(held), Value::List(wanted)) => Arc::ptr_eq(held, wanted),
        _ => false,
    };
    if !same {
        *slot = k.clone();
    }
}

/// `a + b` of two lists written into an output slot: [`join`]'s answer, the other list
/// [`share`]d when one is empty.
#[inline]
pub fn join_into(slot: &mut Value, a: &Value, b: &Value) -> Native<()> {
    match (a, b) {
        (Value::List(_), Value::List(y)) if y.is_empty() => share(slot, a),
        (Value::List(x), Value::List(_)) if x.is_empty() => share(slot, b),
        _ => *slot = join(a, b)?,
    }
    Ok(())
}

/// A record output written into its slot: into the previous decision's record when the slot
/// holds the only reference to one of as many fields, so it is not allocated and freed
/// each decision.
#[inline]
pub fn set_record<const N: usize>(slot: &mut Value, fields: [Value; N]) {
    if let Value::Record(held) = slot
        && let Some(held) = Arc::get_mut(held)
        && let Ok(held) = <&mut [Value; N]>::try_from(held)
    {
        *held = fields;
        return;
    }
    *slot = Value::Record(Arc::from(fields));
}

/// How many elements of a list input are read into a buffer on the stack.
const ON_STACK: usize = 32;

/// The elements of a list input read as plain values (`read` checks each) and handed to
/// `then` as a slice: from a buffer on the stack up to [`ON_STACK`] elements, so a decision
/// on a short list allocates nothing.
#[inline]
pub fn with_items<T: Copy, R>(
    list: &Value,
    read: impl Fn(&Value) -> Native<T>,
    then: impl FnOnce(&[T]) -> Native<R>,
) -> Native<R> {
    let items = items(list)?;
    match items.first() {
        None => then(&[]),
        Some(first) if items.len() <= ON_STACK => {
            let mut buffer = [read(first)?; ON_STACK];
            for (slot, item) in buffer.iter_mut().zip(items).skip(1) {
                *slot = read(item)?;
            }
            then(buffer.get(..items.len()).unwrap_or_default())
        }
        Some(_) => then(&items.iter().map(read).collect::<Native<Vec<T>>>()?),
    }
}

/// A condition's value (the interpreter's message when it is not a boolean).
#[inline]
pub fn truth(v: &Value) -> Native<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(runtime(fail("a condition did not give true or false"))),
    }
}

#[inline]
pub fn as_int(v: &Value) -> Native<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        _ => Err(wrong("a whole number")),
    }
}

#[inline]
pub fn as_money(v: &Value) -> Native<Decimal> {
    match v {
        Value::Money(d) => Ok(*d),
        _ => Err(wrong("an amount")),
    }
}

#[inline]
pub fn as_date(v: &Value) -> Native<NaiveDate> {
    match v {
        Value::Date(d) => Ok(*d),
        _ => Err(wrong("a date")),
    }
}

#[inline]
pub fn as_duration(v: &Value) -> Native<Duration> {
    match v {
        Value::Duration(d) => Ok(*d),
        _ => Err(wrong("a duration")),
    }
}

/// The variant index of an enum value of the enum `id`.
#[inline]
pub fn as_variant(v: &Value, id: u32) -> Native<u32> {
    match v {
        Value::Enum(e, i) if e.0 == id => Ok(*i),
        _ => Err(wrong("a variant of an enum")),
    }
}

/// A date constant. Generated code writes it `const { rt::date(…) }`, so a date that does
/// not exist stops the compilation; no silent stand-in.
#[allow(clippy::panic)]
pub const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("not a date"),
    }
}

/// A time-of-day constant (seconds from midnight, nanoseconds), written like [`date`].
#[allow(clippy::panic)]
pub const fn time(seconds: u32, nanos: u32) -> chrono::NaiveTime {
    match chrono::NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos) {
        Some(t) => t,
        None => panic!("not a time of day"),
    }
}

/// The elements of a list; `null` has none (as in the interpreter's list operators).
#[inline]
pub fn items(v: &Value) -> Native<&[Value]> {
    ops::items(v).map_err(message)
}

#[inline]
pub fn length(v: &Value) -> Native<i64> {
    Ok(len(items(v)?.len()))
}

/// A list's length as a whole number.
#[inline]
pub fn len(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A variant index outside the enum `name`.
#[cold]
pub fn no_such_variant(name: &str, index: u32) -> Failure {
    runtime(fail(format!("{name} has no variant {index}")))
}

/// A memo of a list operator's body: computed on first use in a run of the operator.
#[inline]
pub fn memo<T: Clone>(slot: &mut Option<T>, compute: impl FnOnce() -> Native<T>) -> Native<T> {
    if let Some(v) = slot {
        return Ok(v.clone());
    }
    let v = compute()?;
    *slot = Some(v.clone());
    Ok(v)
}

/// An arithmetic operator on values. Generated code passes `op` as a constant, so an
/// operator whose result is an amount becomes [`money`]'s `rust_decimal` operation alone
/// (always inlined: as a call, the choice by `op` was made at run time on every use).
#[inline(always)]
pub fn arith(op: Arith, a: &Value, b: &Value) -> Native<Value> {
    if let Some(amount) = money(op, a, b) {
        return Ok(Value::Money(amount));
    }
    arith_values(op, a, b).map_err(runtime)
}

/// An operand of an amount's operator in generated code: an amount held as its decimal (a
/// local, input or output of type `Money`), or any value.
pub trait Operand: Copy {
    /// The amount, when this is one.
    fn amount(self) -> Option<Decimal>;
    /// A number (whole, decimal or amount) as a decimal.
    fn number(self) -> Option<Decimal>;
    /// The value, for the general operator (out of line: it may clone).
    fn value(self) -> Value;
}

impl Operand for Decimal {
    #[inline(always)]
    fn amount(self) -> Option<Decimal> {
        Some(self)
    }

    #[inline(always)]
    fn number(self) -> Option<Decimal> {
        Some(self)
    }

    fn value(self) -> Value {
        Value::Money(self)
    }
}

impl Operand for &Value {
    #[inline(always)]
    fn amount(self) -> Option<Decimal> {
        match self {
            Value::Money(d) => Some(*d),
            _ => None,
        }
    }

    #[inline(always)]
    fn number(self) -> Option<Decimal> {
        ops::numeric(self)
    }

    fn value(self) -> Value {
        self.clone()
    }
}

/// An operator whose result is an amount on the plain decimals, when one operand is an amount
/// and the other a number (whole, decimal or amount): combined as the general operator
/// combines them, and as the interpreter's typed closures do. `None` for anything else, an
/// overflow or a division by zero: the general operator answers then, with its message.
#[inline(always)]
fn money(op: Arith, a: impl Operand, b: impl Operand) -> Option<Decimal> {
    match op {
        Arith::AddMoney => decimal::add(a.amount()?, b.amount()?),
        Arith::SubMoney => decimal::sub(a.amount()?, b.amount()?),
        Arith::NumberMulMoney => MoneyOp::Mul.apply(a.number()?, b.amount()?),
        _ => MoneyOp::of(op)?.apply(a.amount()?, b.number()?),
    }
}

/// An operator whose result is an amount (`+ - * /` with an amount), an operand held as its
/// decimal: [`money`]'s short way, else the general operator (out of line), whose answer is
/// an amount or an error.
#[inline(always)]
pub fn amount(op: Arith, a: impl Operand, b: impl Operand) -> Native<Decimal> {
    match money(op, a, b) {
        Some(d) => Ok(d),
        None => amount_generally(op, a.value(), b.value()),
    }
}

#[cold]
#[inline(never)]
fn amount_generally(op: Arith, a: Value, b: Value) -> Native<Decimal> {
    as_money(&arith_values(op, &a, &b).map_err(runtime)?)
}

/// `a + b` on two lists; joining with an empty list gives the other list without a copy.
#[inline]
pub fn join(a: &Value, b: &Value) -> Native<Value> {
    match (a, b) {
        (Value::List(x), Value::List(y)) => Ok(ops::join(x, y)),
        _ => arith(Arith::Concat, a, b),
    }
}

/// `round(a op b)`, `floor(…)`, `ceil(…)` to öre of a product or quotient of an amount
/// (`MoneyMulNumber`, `NumberMulMoney`, `MoneyDivNumber`; every argument but the operands a
/// constant): the exact result rounded once ([`MoneyOp::rounded`]) where that is what the two
/// steps give, as the interpreter's typed closures do; the operator and then the rounding
/// otherwise.
#[inline(always)]
pub fn round_arith(mode: RoundMode, to: RoundTo, op: Arith, a: &Value, b: &Value) -> Native<Value> {
    match rounded_once(mode, to, op, a, b) {
        Some(d) => Ok(Value::Money(d)),
        None => round(mode, to, &arith(op, a, b)?),
    }
}

/// [`round_arith`] with an operand held as its decimal, the result an amount.
#[inline(always)]
pub fn round_amount(
    mode: RoundMode,
    to: RoundTo,
    op: Arith,
    a: impl Operand,
    b: impl Operand,
) -> Native<Decimal> {
    match rounded_once(mode, to, op, a, b) {
        Some(d) => Ok(d),
        None => round_generally(mode, to, op, a.value(), b.value()),
    }
}

#[cold]
#[inline(never)]
fn round_generally(mode: RoundMode, to: RoundTo, op: Arith, a: Value, b: Value) -> Native<Decimal> {
    as_money(&round(mode, to, &arith(op, &a, &b)?)?)
}

/// `round(x / n, ore)` (`floor`, `ceil`) of an amount by a constant whole divisor `n`, taken
/// apart when the code was generated (`divisor`: [`whole`]); `n` is `divisor` as a value, for
/// the two steps where the one declines.
#[inline(always)]
pub fn round_amount_by(
    mode: RoundMode,
    to: RoundTo,
    x: Decimal,
    divisor: decimal::Whole,
    n: &Value,
) -> Native<Decimal> {
    let (strategy, places) = decimal::rounding(mode, to);
    let once = (places == 2)
        .then(|| decimal::round_quotient_by(x, divisor, places, strategy))
        .flatten();
    match once {
        Some(d) => Ok(d),
        None => round_generally(mode, to, Arith::MoneyDivNumber, Value::Money(x), n.clone()),
    }
}

/// A constant whole divisor taken apart (its reciprocal computed) when generated code is
/// compiled: `const { rt::whole(false, 12) }`. Zero stops the compilation.
#[allow(clippy::panic)]
pub const fn whole(negative: bool, magnitude: u64) -> decimal::Whole {
    match decimal::Whole::new(negative, magnitude) {
        Some(w) => w,
        None => panic!("a divisor of zero"),
    }
}

/// [`round_arith`]'s one step, `None` where it does not apply or gives none.
#[inline(always)]
fn rounded_once(
    mode: RoundMode,
    to: RoundTo,
    op: Arith,
    a: impl Operand,
    b: impl Operand,
) -> Option<Decimal> {
    let (strategy, places) = decimal::rounding(mode, to);
    if places != 2 {
        return None;
    }
    let (x, y) = match op {
        Arith::NumberMulMoney => (a.number()?, b.amount()?),
        _ => (a.amount()?, b.number()?),
    };
    match MoneyOp::of(op)? {
        MoneyOp::Mul => decimal::round_product_in_line(x, y, places, strategy),
        div => div.rounded(x, y, places, strategy),
    }
}

/// An amount rounded (`round`, `floor`, `ceil`), held as its decimal.
#[inline(always)]
pub fn round_money(mode: RoundMode, to: RoundTo, x: Decimal) -> Decimal {
    ops::round_money(mode, to, x)
}

/// `== != < <= > >=` on two amounts held as their decimals.
#[inline(always)]
pub fn compare_amounts(op: Cmp, a: Decimal, b: Decimal) -> bool {
    op.holds(decimal::cmp(a, b))
}

/// An amount output written into its slot: only the decimal when the slot holds an amount
/// already (the previous decision's), so the value is not built on the stack and copied.
#[inline(always)]
pub fn set_money(slot: &mut Value, d: Decimal) {
    match slot {
        Value::Money(held) => *held = d,
        other => *other = Value::Money(d),
    }
}

/// `== != < <= > >=` on values; two amounts as their decimals, in line.
#[inline(always)]
pub fn compare(op: Cmp, a: &Value, b: &Value) -> Native<bool> {
    if let (Value::Money(x), Value::Money(y)) = (a, b) {
        return Ok(op.holds(decimal::cmp(*x, *y)));
    }
    compare_values(op, a, b).map_err(runtime)
}

/// `x in list`.
#[inline]
pub fn member(x: &Value, list: &Value) -> Native<bool> {
    crate::builtins::member(x, list).map_err(runtime)
}

/// `+ - *` on whole numbers (`AddInt`, `SubInt`, `MulInt`), checked.
#[inline]
pub fn int(op: Arith, a: i64, b: i64) -> Native<i64> {
    ops::int_arithmetic(op.written(), a, b).map_err(message)
}

#[inline]
pub fn int_neg(a: i64) -> Native<i64> {
    ops::int_negate(a).map_err(message)
}

/// `date ± duration`, with the interpreter's message outside the calendar.
#[inline]
pub fn shift(op: Arith, date: NaiveDate, d: Duration) -> Native<NaiveDate> {
    let moved = match op {
        Arith::DateAddDuration => calendar::add(date, d),
        _ => calendar::sub(date, d),
    };
    match moved {
        Some(m) => Ok(m),
        None => match arith(op, &Value::Date(date), &Value::Duration(d))? {
            Value::Date(m) => Ok(m),
            _ => Err(wrong("a date")),
        },
    }
}

/// Whole days from `b` to `a` (`a − b`).
#[inline]
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    a.signed_duration_since(b).num_days()
}

#[inline]
pub fn within(from: NaiveDate, to: NaiveDate, p: Duration) -> Native<bool> {
    calendar::within(from, to, p).ok_or_else(|| runtime(fail(OUTSIDE_CALENDAR)))
}

/// The smaller (`max`: larger) of two ordered values; `a` on a tie, like the interpreter.
#[inline]
pub fn min_max<T: Ord>(max: bool, a: T, b: T) -> T {
    let a_first = match a.cmp(&b) {
        Ordering::Greater => max,
        _ => !max,
    };
    if a_first { a } else { b }
}

#[inline]
pub fn call(builtin: Builtin, args: &[Value]) -> Native<Value> {
    call_builtin(builtin, args).map_err(runtime)
}

#[inline]
pub fn negate(num: Num, v: &Value) -> Native<Value> {
    ops::negate_num(num, v).map_err(message)
}

/// `round`, `floor`, `ceil`; an amount's rounding in line (`mode` and `to` constants).
#[inline(always)]
pub fn round(mode: RoundMode, to: RoundTo, v: &Value) -> Native<Value> {
    if let Value::Money(d) = v {
        return Ok(Value::Money(ops::round_money(mode, to, *d)));
    }
    ops::round(mode, to, v).map_err(message)
}

/// `sum` adds with `+`, starting from whole 0.
#[inline]
pub fn add(total: &Value, v: &Value) -> Native<Value> {
    ops::arithmetic(crate::BinaryOp::Add, total, v).map_err(message)
}

/// Field `i` of a record; a field of `null` is `null`.
#[inline]
pub fn field(v: &Value, i: usize) -> Native<Value> {
    ops::field(v, i).map_err(message)
}

#[cold]
pub fn no_rule_matched(decision: &str) -> Failure {
    runtime(RuntimeError {
        message: format!("no rule of `{decision}` matched"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::tests::Draw;

    #[test]
    fn a_record_output_is_written_into_the_previous_one_only_when_nothing_else_holds_it() {
        let money = |n: i64| Value::Money(Decimal::from(n));
        let mut slot = Value::Record(Arc::from([money(1), money(2)]));
        let Value::Record(first) = &slot else {
            unreachable!()
        };
        let (place, kept) = (Arc::as_ptr(first), slot.clone());
        set_record(&mut slot, [money(3), money(4)]);
        assert_eq!(kept, Value::Record(Arc::from([money(1), money(2)])));
        assert!(matches!(&slot, Value::Record(r) if !std::ptr::addr_eq(Arc::as_ptr(r), place)));
        drop(kept);
        let Value::Record(second) = &slot else {
            unreachable!()
        };
        let place = Arc::as_ptr(second);
        set_record(&mut slot, [money(5), money(6)]);
        assert_eq!(slot, Value::Record(Arc::from([money(5), money(6)])));
        assert!(matches!(&slot, Value::Record(r) if std::ptr::addr_eq(Arc::as_ptr(r), place)));
        set_record(&mut slot, [money(7)]);
        assert_eq!(slot, Value::Record(Arc::from([money(7)])));
    }

    #[test]
    fn a_joined_list_output_shares_the_other_list_when_one_is_empty() {
        let list = |xs: &[i64]| Value::List(xs.iter().map(|x| Value::Int(*x)).collect());
        let (empty, one, two) = (list(&[]), list(&[1]), list(&[2]));
        let mut slot = Value::Null;
        for (a, b, want) in [
            (&empty, &one, &one),
            (&two, &empty, &two),
            (&one, &two, &list(&[1, 2])),
        ] {
            assert!(join_into(&mut slot, a, b).is_ok());
            assert_eq!(&slot, want);
        }
        assert!(join_into(&mut slot, &empty, &one).is_ok());
        let (Value::List(held), Value::List(wanted)) = (&slot, &one) else {
            unreachable!()
        };
        assert!(Arc::ptr_eq(held, wanted));
        assert!(join_into(&mut slot, &one, &Value::Int(1)).is_err());
    }

    /// An answer as text: a value, or the failure's message.
    fn shown<T: std::fmt::Debug>(r: Native<T>) -> String {
        match r {
            Ok(v) => format!("{v:?}"),
            Err(Failure::Runtime(e)) => format!("error: {}", e.message),
            Err(other) => format!("{other:?}"),
        }
    }

    /// Operands of every representation an amount's operator may meet: amounts, decimals
    /// and whole numbers of every size (zero and the largest among them), and null.
    fn operand(draw: &mut Draw) -> Value {
        let d = match draw.below(8) {
            0 => Decimal::ZERO,
            1 => Decimal::MAX,
            _ => draw.decimal(),
        };
        match draw.below(6) {
            0..=2 => Value::Money(d),
            3 => Value::Decimal(d),
            4 => Value::Int(i64::try_from(draw.below(40)).unwrap_or(0) - 20),
            _ => Value::Null,
        }
    }

    /// The amounts' operators in line, and a product or quotient rounded in one step, answer as
    /// the general operators do, value for value (`Debug` shows the scale) and message for
    /// message.
    #[test]
    fn amounts_in_line_answer_as_the_general_operators() {
        let mut draw = Draw(0x5eed_cafe);
        let ops = [
            Arith::AddMoney,
            Arith::SubMoney,
            Arith::MoneyMulNumber,
            Arith::NumberMulMoney,
            Arith::MoneyDivNumber,
        ];
        let (mut in_line, mut cases) = (0, 0);
        while cases < 100_000 {
            let (a, b) = (operand(&mut draw), operand(&mut draw));
            for op in ops {
                let general = arith_values(op, &a, &b).map_err(runtime);
                in_line += usize::from(money(op, &a, &b).is_some());
                assert_eq!(
                    shown(arith(op, &a, &b)),
                    shown(general),
                    "{op:?} {a:?} {b:?}"
                );
            }
            for cmp in [Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge] {
                let general = compare_values(cmp, &a, &b).map_err(runtime);
                assert_eq!(
                    shown(compare(cmp, &a, &b)),
                    shown(general),
                    "{cmp:?} {a:?} {b:?}"
                );
            }
            for mode in [RoundMode::Nearest, RoundMode::Down, RoundMode::Up] {
                for to in [RoundTo::Ore, RoundTo::Kronor, RoundTo::Places(3)] {
                    let general = ops::round(mode, to, &a).map_err(message);
                    assert_eq!(shown(round(mode, to, &a)), shown(general), "{mode:?} {a:?}");
                    for op in &ops[2..] {
                        let two_steps = arith_values(*op, &a, &b)
                            .map_err(runtime)
                            .and_then(|v| ops::round(mode, to, &v).map_err(message));
                        let once = round_arith(mode, to, *op, &a, &b);
                        assert_eq!(
                            shown(once),
                            shown(two_steps),
                            "{mode:?} {to:?} {op:?} {a:?} {b:?}"
                        );
                    }
                }
            }
            cases += 1;
        }
        // Most cases took the short way; the rest checked the hand-over.
        assert!(in_line > 100_000, "only {in_line} in line");
    }

    /// The general operator's answer as generated code holds an amount: its decimal, or the
    /// failure (a value other than an amount fails).
    fn as_amount(r: Native<Value>) -> String {
        shown(r.and_then(|v| as_money(&v)))
    }

    /// An amount held as its decimal (a `Money` local, input or output of generated code)
    /// answers as the amount in a `Value` does: `amount`, `round_amount`, `round_amount_by`
    /// (a constant whole divisor taken apart by `whole`), `round_money`, `compare_amounts`,
    /// and `set_money` over any slot.
    #[test]
    fn an_amount_held_as_its_decimal_answers_as_the_value() {
        let mut draw = Draw(0xa11_0ca7e);
        let (mut by_whole, mut cases) = (0, 0);
        while cases < 100_000 {
            let (x, b) = (draw.decimal(), operand(&mut draw));
            let a = Value::Money(x);
            for op in [
                Arith::AddMoney,
                Arith::SubMoney,
                Arith::MoneyMulNumber,
                Arith::MoneyDivNumber,
            ] {
                let want = as_amount(arith(op, &a, &b));
                assert_eq!(shown(amount(op, x, &b)), want, "{op:?} {x:?} {b:?}");
                if let Value::Money(y) = b {
                    assert_eq!(shown(amount(op, x, y)), want, "{op:?} {x:?} {y:?}");
                }
            }
            let want = as_amount(arith(Arith::NumberMulMoney, &b, &a));
            assert_eq!(
                shown(amount(Arith::NumberMulMoney, &b, x)),
                want,
                "{b:?} * {x:?}"
            );
            for mode in [RoundMode::Nearest, RoundMode::Down, RoundMode::Up] {
                for to in [RoundTo::Ore, RoundTo::Kronor, RoundTo::Places(3)] {
                    assert_eq!(
                        shown(Ok(round_money(mode, to, x))),
                        as_amount(round(mode, to, &a)),
                        "{mode:?} {to:?} {x:?}"
                    );
                    for op in [Arith::MoneyMulNumber, Arith::MoneyDivNumber] {
                        let want = as_amount(round_arith(mode, to, op, &a, &b));
                        let got = round_amount(mode, to, op, x, &b);
                        assert_eq!(shown(got), want, "{mode:?} {to:?} {op:?} {x:?} {b:?}");
                    }
                    let want = as_amount(round_arith(mode, to, Arith::NumberMulMoney, &b, &a));
                    let got = round_amount(mode, to, Arith::NumberMulMoney, &b, x);
                    assert_eq!(shown(got), want, "{mode:?} {to:?} {b:?} * {x:?}");
                    let whole = ops::numeric(&b).and_then(decimal::Whole::of);
                    if let Some((negative, magnitude)) = whole.map(decimal::Whole::parts) {
                        let want = as_amount(round_arith(mode, to, Arith::MoneyDivNumber, &a, &b));
                        let divisor = whole_at_run_time(negative, magnitude);
                        let got = round_amount_by(mode, to, x, divisor, &b);
                        assert_eq!(shown(got), want, "{mode:?} {to:?} {x:?} / {b:?}");
                        by_whole += 1;
                    }
                }
            }
            if let Value::Money(y) = b {
                for cmp in [Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge] {
                    let want = shown(compare(cmp, &a, &b));
                    assert_eq!(
                        shown(Ok(compare_amounts(cmp, x, y))),
                        want,
                        "{cmp:?} {x:?} {y:?}"
                    );
                }
            }
            let mut slot = b.clone();
            set_money(&mut slot, x);
            assert_eq!(format!("{slot:?}"), format!("{a:?}"));
            cases += 1;
        }
        // Whole divisors came up often enough to check the constant path.
        assert!(by_whole > 10_000, "only {by_whole} whole divisors");
    }

    /// [`whole`] called at run time (a `const fn`, so the test reaches its body).
    fn whole_at_run_time(negative: bool, magnitude: u64) -> decimal::Whole {
        whole(negative, magnitude)
    }
}
