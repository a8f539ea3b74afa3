//! Operators on values. The checker has already ruled out ill-typed operands; what can still go
//! wrong at run time (overflow, division by zero, a date outside the calendar) is an error.

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::{Arith, BinaryOp, Duration, Num, RoundMode, RoundTo, Value, calendar, decimal};

pub type OpResult = Result<Value, String>;

/// A number as a decimal (whole, decimal or amount); `None` for anything else.
#[inline(always)]
pub(crate) fn numeric(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Decimal(d) | Value::Money(d) => Some(*d),
        _ => None,
    }
}

/// Equality as the language sees it: `1 == 1.0`, lists and records element-wise.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(_) | Value::Decimal(_), Value::Int(_) | Value::Decimal(_)) => {
            numeric(a) == numeric(b)
        }
        (Value::List(x), Value::List(y)) | (Value::Record(x), Value::Record(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equal(p, q))
        }
        _ => a == b,
    }
}

pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        _ => Some(numeric(a)?.cmp(&numeric(b)?)),
    }
}

/// A product or quotient whose result is an amount (`MoneyMulNumber`, `NumberMulMoney`,
/// `MoneyDivNumber`), on its operands as decimals: the one table of these operators that the
/// interpreter's typed closures and generated code share. Sums have their own short ways
/// ([`decimal::add`], [`decimal::sub`]) and are not rounded in one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyOp {
    Mul,
    Div,
}

impl MoneyOp {
    /// The operation of `arith`, `None` for any other operator.
    #[inline(always)]
    pub fn of(arith: Arith) -> Option<MoneyOp> {
        match arith {
            Arith::MoneyMulNumber | Arith::NumberMulMoney => Some(MoneyOp::Mul),
            Arith::MoneyDivNumber => Some(MoneyOp::Div),
            _ => None,
        }
    }

    /// `x * y` or `x / y`; `None` on overflow or a division by zero, which the general
    /// operator reports with its message. `rust_decimal`'s product, whose bits
    /// [`decimal::mul`] gives too (in the same time: session 12).
    #[inline(always)]
    pub fn apply(self, x: Decimal, y: Decimal) -> Option<Decimal> {
        match self {
            MoneyOp::Mul => x.checked_mul(y),
            MoneyOp::Div => x.checked_div(y),
        }
    }

    /// `x * y` or `x / y` rounded to `places` decimals by `strategy` in one step
    /// ([`decimal::round_product`], [`decimal::round_quotient`]), where that is what the
    /// operation and then the rounding give; `None` otherwise.
    #[inline(always)]
    pub fn rounded(
        self,
        x: Decimal,
        y: Decimal,
        places: u32,
        strategy: RoundingStrategy,
    ) -> Option<Decimal> {
        match self {
            MoneyOp::Mul => decimal::round_product(x, y, places, strategy),
            MoneyOp::Div => decimal::round_quotient(x, y, places, strategy),
        }
    }

    /// The operation, then the rounding: out of the one step's line.
    #[cold]
    #[inline(never)]
    pub fn two_steps(
        self,
        mode: RoundMode,
        to: RoundTo,
        x: Decimal,
        y: Decimal,
    ) -> Option<Decimal> {
        Some(round_money(mode, to, self.apply(x, y)?))
    }
}

fn overflow() -> String {
    "the result is too large".into()
}

fn decimal_op(op: BinaryOp, x: Decimal, y: Decimal) -> Result<Decimal, String> {
    let r = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Sub => x.checked_sub(y),
        BinaryOp::Mul => decimal::mul(x, y),
        BinaryOp::Div if y.is_zero() => return Err("division by zero".into()),
        BinaryOp::Div => x.checked_div(y),
        _ => None,
    };
    r.ok_or_else(overflow)
}

fn date_op(op: BinaryOp, date: NaiveDate, d: Duration) -> OpResult {
    let r = match op {
        BinaryOp::Add => calendar::add(date, d),
        _ => calendar::sub(date, d),
    };
    r.map(Value::Date).ok_or_else(|| {
        format!(
            "{date} {} {} is outside the calendar",
            op.symbol(),
            show_duration(d)
        )
    })
}

pub fn show_duration(d: Duration) -> String {
    format!("{} {}", d.amount, d.unit.word(d.amount.unsigned_abs() == 1))
}

/// `+ - *` on whole numbers (as written `op`), checked.
pub fn int_arithmetic(op: BinaryOp, x: i64, y: i64) -> Result<i64, String> {
    let r = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Sub => x.checked_sub(y),
        _ => x.checked_mul(y),
    };
    r.ok_or_else(overflow)
}

/// A date moved by a duration (`DateAddDuration`, `DateSubDuration`).
pub fn shift(op: Arith, date: NaiveDate, d: Duration) -> OpResult {
    date_op(op.written(), date, d)
}

/// A resolved arithmetic operator on two values, neither null. The checker has fixed the
/// operands' types; a value may still stand in another representation of its type (a whole
/// number as a Decimal), which takes the general path, so the answer is the same whatever the
/// representation.
pub fn arith(op: Arith, a: &Value, b: &Value) -> OpResult {
    use Arith::*;
    match (op, a, b) {
        (AddInt | SubInt | MulInt, Value::Int(x), Value::Int(y)) => {
            int_arithmetic(op.written(), *x, *y).map(Value::Int)
        }
        (DateAddDuration | DateSubDuration, Value::Date(date), Value::Duration(d)) => {
            shift(op, *date, *d)
        }
        (DateDiffDays, Value::Date(x), Value::Date(y)) => {
            Ok(Value::Int(x.signed_duration_since(*y).num_days()))
        }
        (Concat, Value::List(x), Value::List(y)) => Ok(join(x, y)),
        (
            AddMoney | SubMoney | MoneyDivNumber,
            Value::Money(x),
            Value::Money(y) | Value::Decimal(y),
        ) => decimal_op(op.written(), *x, *y).map(Value::Money),
        (MoneyMulNumber, Value::Money(x), Value::Decimal(y))
        | (NumberMulMoney, Value::Decimal(x), Value::Money(y)) => {
            decimal_op(BinaryOp::Mul, *x, *y).map(Value::Money)
        }
        (MoneyDivMoney, Value::Money(x), Value::Money(y)) => {
            decimal_op(BinaryOp::Div, *x, *y).map(Value::Decimal)
        }
        (
            AddDecimal | SubDecimal | MulDecimal | DivDecimal | DivInt,
            Value::Decimal(x),
            Value::Decimal(y),
        ) => decimal_op(op.written(), *x, *y).map(Value::Decimal),
        _ => arithmetic(op.written(), a, b),
    }
}

/// `-x` on a number of the given type.
pub fn negate_num(num: Num, v: &Value) -> OpResult {
    match (num, v) {
        (Num::Int, Value::Int(i)) => int_negate(*i).map(Value::Int),
        (Num::Decimal, Value::Decimal(d)) => Ok(Value::Decimal(-*d)),
        (Num::Money, Value::Money(d)) => Ok(Value::Money(-*d)),
        _ => negate(v),
    }
}

/// Two lists joined; joining with an empty list gives the other list itself, not a copy.
pub fn join(x: &Arc<[Value]>, y: &Arc<[Value]>) -> Value {
    if y.is_empty() {
        Value::List(x.clone())
    } else if x.is_empty() {
        Value::List(y.clone())
    } else {
        Value::List(x.iter().chain(y.iter()).cloned().collect::<Vec<_>>().into())
    }
}

/// `+ - * /` (as written `op`) on two values, by their kinds: the path for the
/// representations [`arith`] does not take itself, and for `sum`.
pub fn arithmetic(op: BinaryOp, a: &Value, b: &Value) -> OpResult {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) if op != BinaryOp::Div => {
            int_arithmetic(op, *x, *y).map(Value::Int)
        }
        (Value::Int(x), Value::Int(y)) => {
            decimal_op(op, Decimal::from(*x), Decimal::from(*y)).map(Value::Decimal)
        }
        (Value::Date(date), Value::Duration(d)) => date_op(op, *date, *d),
        (Value::List(x), Value::List(y)) if op == BinaryOp::Add => Ok(join(x, y)),
        (Value::Date(x), Value::Date(y)) => Ok(Value::Int(x.signed_duration_since(*y).num_days())),
        (Value::Duration(d), Value::Int(n)) | (Value::Int(n), Value::Duration(d)) => d
            .amount
            .checked_mul(*n)
            .map(|amount| Value::Duration(Duration { amount, ..*d }))
            .ok_or_else(overflow),
        (Value::Money(x), Value::Money(y)) if op == BinaryOp::Div => {
            decimal_op(op, *x, *y).map(Value::Decimal)
        }
        (Value::Money(_), _) | (_, Value::Money(_)) => {
            let (x, y) = (
                numeric(a).ok_or_else(overflow)?,
                numeric(b).ok_or_else(overflow)?,
            );
            decimal_op(op, x, y).map(Value::Money)
        }
        _ => match (numeric(a), numeric(b)) {
            (Some(x), Some(y)) => decimal_op(op, x, y).map(Value::Decimal),
            _ => Err(format!("`{}` cannot combine these values", op.symbol())),
        },
    }
}

pub fn negate(v: &Value) -> OpResult {
    match v {
        Value::Int(i) => int_negate(*i).map(Value::Int),
        Value::Decimal(d) => Ok(Value::Decimal(-*d)),
        Value::Money(d) => Ok(Value::Money(-*d)),
        _ => Err("only numbers can be negated".into()),
    }
}

pub fn int_negate(i: i64) -> Result<i64, String> {
    i.checked_neg().ok_or_else(overflow)
}

/// Field `i` of a record; a field of `null` is `null`.
pub fn field(v: &Value, i: usize) -> OpResult {
    match v {
        Value::Record(fields) => fields.get(i).cloned().ok_or_else(|| "no such field".into()),
        Value::Null => Ok(Value::Null),
        _ => Err("field of a value that is not a record".into()),
    }
}

pub const NOT_A_LIST: &str = "a list operator was given something that is not a list";

/// The elements a list operator walks; `null` has none.
pub fn items(v: &Value) -> Result<&[Value], String> {
    match v {
        Value::List(items) => Ok(items),
        Value::Null => Ok(&[]),
        _ => Err(NOT_A_LIST.into()),
    }
}

pub fn round(mode: RoundMode, to: RoundTo, v: &Value) -> OpResult {
    match v {
        Value::Money(d) => Ok(Value::Money(round_money(mode, to, *d))),
        Value::Decimal(d) => Ok(Value::Decimal(round_decimal(mode, to, *d))),
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Null => Ok(Value::Null),
        _ => Err("only money and decimals can be rounded".into()),
    }
}

/// A decimal rounded as `round`/`floor`/`ceil` round it, keeping the written number of
/// decimals: 1100 rounded to 1 decimal shows as 1100.0. Inlined into its callers (each
/// rounding of an amount to öre is a call less).
#[inline]
pub fn round_decimal(mode: RoundMode, to: RoundTo, d: Decimal) -> Decimal {
    let (strategy, places) = decimal::rounding(mode, to);
    round_decimal_with(d, places, strategy)
}

/// `d` rounded to `places` decimals by `strategy`, shown with exactly that many.
#[inline]
fn round_decimal_with(d: Decimal, places: u32, strategy: RoundingStrategy) -> Decimal {
    decimal::round(d, places, strategy)
        .unwrap_or_else(|| rounded_by_rust_decimal(d, places, strategy))
}

/// The rounding the short way leaves to `rust_decimal`, out of its line: inlined, it made
/// every rounding save and restore the registers it uses.
#[cold]
#[inline(never)]
fn rounded_by_rust_decimal(d: Decimal, places: u32, strategy: RoundingStrategy) -> Decimal {
    let mut r = d.round_dp_with_strategy(places, strategy);
    r.rescale(places);
    r
}

/// An amount of money rounded, shown in öre.
#[inline]
pub fn round_money(mode: RoundMode, to: RoundTo, d: Decimal) -> Decimal {
    let mut r = round_decimal(mode, to, d);
    // Rounded to öre it is shown in öre already (`rescale` does not look before it works).
    if r.scale() != 2 {
        r.rescale(2);
    }
    r
}

/// The sum of a list of numbers, in the type of its elements.
pub fn sum(values: impl Iterator<Item = Value>, zero: Value) -> OpResult {
    values
        .into_iter()
        .try_fold(zero, |acc, v| arithmetic(BinaryOp::Add, &acc, &v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::tests::Draw;

    #[test]
    fn rounding_by_division_is_rust_decimals_rounding_bit_for_bit() {
        let strategies = [
            RoundingStrategy::MidpointAwayFromZero,
            RoundingStrategy::ToNegativeInfinity,
            RoundingStrategy::ToPositiveInfinity,
        ];
        let mut draw = Draw(0x9e37_79b9_7f4a_7c15);
        let mut by_division = 0;
        for _ in 0..200_000 {
            let d = draw.decimal();
            let places = draw.below(30) as u32;
            for strategy in strategies {
                let want = rounded_by_rust_decimal(d, places, strategy);
                let got = round_decimal_with(d, places, strategy);
                assert_eq!(
                    got.serialize(),
                    want.serialize(),
                    "{d} to {places} places by {strategy:?}: {got} against {want}"
                );
                by_division += usize::from(decimal::round(d, places, strategy).is_some());
            }
        }
        // The short way is taken for most of them, not only the edges.
        assert!(by_division > 200_000, "{by_division}");
    }

    #[test]
    fn the_amounts_of_the_catalogue_round_as_rust_decimal_rounds_them() {
        let cases = [
            ("12479999.975", 2),
            ("123456.789", 2),
            ("-123456.785", 2),
            ("0.004", 2),
            ("-0.004", 2),
            ("0.005", 2),
            ("-0.005", 2),
            ("62.466666666666666666666666667", 2),
            ("79228162514264337593543950335", 0),
            ("7.9228162514264337593543950335", 27),
            ("-7.9228162514264337593543950335", 0),
            ("1.5", 0),
            ("2.5", 0),
            ("-2.5", 0),
        ];
        for (text, places) in cases {
            let d: Decimal = text.parse().unwrap_or_default();
            for strategy in [
                RoundingStrategy::MidpointAwayFromZero,
                RoundingStrategy::ToNegativeInfinity,
                RoundingStrategy::ToPositiveInfinity,
            ] {
                let want = rounded_by_rust_decimal(d, places, strategy);
                let got = round_decimal_with(d, places, strategy);
                assert_eq!(got.serialize(), want.serialize(), "{text} by {strategy:?}");
            }
        }
    }
}
