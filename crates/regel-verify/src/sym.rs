//! Symbolic values: what an expression of the IR stands for in the solver.
//!
//! The encoding follows the evaluator's values one to one: a `Value::Int` is an integer term,
//! `Money` and `Decimal` exact rationals (money of an input is a whole number of öre), a date
//! its day number (days since 1970-01-01), a time its minute of the day, a text a number that
//! stands for one text (equal texts, equal numbers), an enum variant its index. An optional is
//! a value with a presence flag; a list a symbolic length with at most `N` symbolic elements.

use regel_compiler::ty::EnumId;
use regel_syntax::DurationUnit;
use z3::ast::{Bool, Int, Real};

/// Why a decision could not be encoded exactly: its results are `unknown` with this reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

pub type Enc<T> = Result<T, Unsupported>;

pub fn unsupported<T>(why: impl Into<String>) -> Enc<T> {
    Err(Unsupported(why.into()))
}

#[derive(Debug, Clone)]
pub enum Sym {
    Null,
    Bool(Bool),
    Int(Int),
    Decimal(Real),
    Money(Real),
    /// Days since 1970-01-01.
    Date(Int),
    /// Minutes since midnight.
    Time(Int),
    Duration(Int, DurationUnit),
    /// A text by its number (see [`crate::encode::Texts`]).
    Text(Int),
    Enum(EnumId, Int),
    /// `present` false: the value is `null` and `value` means nothing.
    Opt {
        present: Bool,
        value: Box<Sym>,
    },
    /// A list of `len` elements, `len <= items.len()`.
    List {
        len: Int,
        items: Vec<Sym>,
    },
    Record(Vec<Sym>),
}

pub fn t() -> Bool {
    Bool::from_bool(true)
}

pub fn f() -> Bool {
    Bool::from_bool(false)
}

pub fn int(n: i64) -> Int {
    Int::from_i64(n)
}

pub fn and(xs: &[&Bool]) -> Bool {
    match xs {
        [] => t(),
        [one] => (*one).clone(),
        _ => Bool::and(xs),
    }
}

pub fn or(xs: &[&Bool]) -> Bool {
    match xs {
        [] => f(),
        [one] => (*one).clone(),
        _ => Bool::or(xs),
    }
}

pub fn and2(a: &Bool, b: &Bool) -> Bool {
    and(&[a, b])
}

pub fn or_all(xs: &[Bool]) -> Bool {
    let refs: Vec<&Bool> = xs.iter().collect();
    or(&refs)
}

pub fn and_all(xs: &[Bool]) -> Bool {
    let refs: Vec<&Bool> = xs.iter().collect();
    and(&refs)
}

impl Sym {
    pub fn kind(&self) -> &'static str {
        match self {
            Sym::Null => "null",
            Sym::Bool(_) => "Bool",
            Sym::Int(_) => "Int",
            Sym::Decimal(_) => "Decimal",
            Sym::Money(_) => "Money",
            Sym::Date(_) => "Date",
            Sym::Time(_) => "Time",
            Sym::Duration(..) => "Duration",
            Sym::Text(_) => "Text",
            Sym::Enum(..) => "enum",
            Sym::Opt { .. } => "optional",
            Sym::List { .. } => "list",
            Sym::Record(_) => "record",
        }
    }

    /// The value without its presence flag, and the flag (true for a plain value).
    pub fn unwrap_opt(&self) -> (Bool, Sym) {
        match self {
            Sym::Opt { present, value } => (present.clone(), (**value).clone()),
            Sym::Null => (f(), Sym::Null),
            other => (t(), other.clone()),
        }
    }
}

/// `a` or `b` as one rational (an `Int` widened), for arithmetic that mixes them.
pub fn real_of(s: &Sym) -> Option<Real> {
    match s {
        Sym::Int(i) => Some(Real::from_int(i)),
        Sym::Decimal(r) | Sym::Money(r) => Some(r.clone()),
        _ => None,
    }
}

/// `if c then a else b`, for values of one shape (an `Int` and a `Decimal` meet as a
/// `Decimal`, `null` and a value as an optional).
pub fn merge(c: &Bool, a: &Sym, b: &Sym) -> Enc<Sym> {
    if let Some(v) = c.as_bool() {
        return Ok(if v { a.clone() } else { b.clone() });
    }
    if same(a, b) {
        return Ok(a.clone());
    }
    Ok(match (a, b) {
        (Sym::Null, Sym::Null) => Sym::Null,
        (Sym::Null, other) | (other, Sym::Null) => {
            let (p, v) = other.unwrap_opt();
            let present = if matches!(a, Sym::Null) {
                and2(&c.not(), &p)
            } else {
                and2(c, &p)
            };
            Sym::Opt {
                present,
                value: Box::new(v),
            }
        }
        (Sym::Opt { .. }, _) | (_, Sym::Opt { .. }) => {
            let (pa, va) = a.unwrap_opt();
            let (pb, vb) = b.unwrap_opt();
            Sym::Opt {
                present: c.ite(&pa, &pb),
                value: Box::new(merge(c, &va, &vb)?),
            }
        }
        (Sym::Bool(x), Sym::Bool(y)) => Sym::Bool(c.ite(x, y)),
        (Sym::Int(x), Sym::Int(y)) => Sym::Int(c.ite(x, y)),
        (Sym::Money(x), Sym::Money(y)) => Sym::Money(c.ite(x, y)),
        (Sym::Decimal(_) | Sym::Int(_), Sym::Decimal(_) | Sym::Int(_)) => {
            let (Some(x), Some(y)) = (real_of(a), real_of(b)) else {
                return unsupported("mixed numbers");
            };
            Sym::Decimal(c.ite(&x, &y))
        }
        (Sym::Date(x), Sym::Date(y)) => Sym::Date(c.ite(x, y)),
        (Sym::Time(x), Sym::Time(y)) => Sym::Time(c.ite(x, y)),
        (Sym::Text(x), Sym::Text(y)) => Sym::Text(c.ite(x, y)),
        (Sym::Enum(e, x), Sym::Enum(e2, y)) if e == e2 => Sym::Enum(*e, c.ite(x, y)),
        (Sym::Duration(x, u), Sym::Duration(y, w)) if u == w => Sym::Duration(c.ite(x, y), *u),
        (Sym::Duration(..), Sym::Duration(..)) => {
            return unsupported("a choice between durations of different units");
        }
        (Sym::List { len: la, items: xa }, Sym::List { len: lb, items: xb }) => {
            let n = xa.len().max(xb.len());
            let mut items = Vec::with_capacity(n);
            for i in 0..n {
                items.push(match (xa.get(i), xb.get(i)) {
                    (Some(x), Some(y)) => merge(c, x, y)?,
                    (Some(x), None) | (None, Some(x)) => x.clone(),
                    (None, None) => break,
                });
            }
            Sym::List {
                len: c.ite(la, lb),
                items,
            }
        }
        (Sym::Record(xs), Sym::Record(ys)) if xs.len() == ys.len() => Sym::Record(
            xs.iter()
                .zip(ys)
                .map(|(x, y)| merge(c, x, y))
                .collect::<Enc<Vec<_>>>()?,
        ),
        _ => {
            return unsupported(format!(
                "a choice between a {} and a {}",
                a.kind(),
                b.kind()
            ));
        }
    })
}

/// Whether two values are the same term (Z3 shares equal terms), so a choice between them is
/// either.
fn same(a: &Sym, b: &Sym) -> bool {
    match (a, b) {
        (Sym::Null, Sym::Null) => true,
        (Sym::Bool(x), Sym::Bool(y)) => x == y,
        (Sym::Int(x), Sym::Int(y))
        | (Sym::Date(x), Sym::Date(y))
        | (Sym::Time(x), Sym::Time(y))
        | (Sym::Text(x), Sym::Text(y)) => x == y,
        (Sym::Enum(e, x), Sym::Enum(f, y)) => e == f && x == y,
        (Sym::Duration(x, u), Sym::Duration(y, w)) => u == w && x == y,
        (Sym::Decimal(x), Sym::Decimal(y)) | (Sym::Money(x), Sym::Money(y)) => x == y,
        (
            Sym::Opt {
                present: p,
                value: v,
            },
            Sym::Opt {
                present: q,
                value: w,
            },
        ) => p == q && same(v, w),
        (Sym::List { len: l, items: xs }, Sym::List { len: m, items: ys }) => {
            l == m && xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (Sym::Record(xs), Sym::Record(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        _ => false,
    }
}

/// Equality as the evaluator's `ops::equal` sees it.
pub fn equal(a: &Sym, b: &Sym) -> Enc<Bool> {
    Ok(match (a, b) {
        (Sym::Null, Sym::Null) => t(),
        (Sym::Null, Sym::Opt { present, .. }) | (Sym::Opt { present, .. }, Sym::Null) => {
            present.not()
        }
        (Sym::Null, _) | (_, Sym::Null) => f(),
        (
            Sym::Opt {
                present: pa,
                value: va,
            },
            Sym::Opt {
                present: pb,
                value: vb,
            },
        ) => {
            let both = and(&[pa, pb, &equal(va, vb)?]);
            let neither = and2(&pa.not(), &pb.not());
            or(&[&both, &neither])
        }
        (Sym::Opt { present, value }, other) | (other, Sym::Opt { present, value }) => {
            and2(present, &equal(value, other)?)
        }
        (Sym::Bool(x), Sym::Bool(y)) => x.iff(y),
        (Sym::Int(x), Sym::Int(y)) => x.eq(y),
        (Sym::Int(_) | Sym::Decimal(_), Sym::Int(_) | Sym::Decimal(_)) => {
            let (Some(x), Some(y)) = (real_of(a), real_of(b)) else {
                return unsupported("mixed numbers");
            };
            x.eq(&y)
        }
        (Sym::Money(x), Sym::Money(y)) => x.eq(y),
        (Sym::Date(x), Sym::Date(y))
        | (Sym::Time(x), Sym::Time(y))
        | (Sym::Text(x), Sym::Text(y)) => x.eq(y),
        (Sym::Enum(e, x), Sym::Enum(e2, y)) => {
            if e == e2 {
                x.eq(y)
            } else {
                f()
            }
        }
        (Sym::Duration(x, u), Sym::Duration(y, w)) => {
            if u == w {
                x.eq(y)
            } else {
                f()
            }
        }
        (Sym::List { len: la, items: xa }, Sym::List { len: lb, items: xb }) => {
            let mut parts = vec![la.eq(lb)];
            for (i, (x, y)) in xa.iter().zip(xb).enumerate() {
                let inside = la.gt(int(i as i64));
                parts.push(inside.implies(&equal(x, y)?));
            }
            // Elements one side cannot hold: the lengths must stop before them.
            let shorter = xa.len().min(xb.len()) as i64;
            if xa.len() != xb.len() {
                parts.push(la.le(int(shorter)));
            }
            and_all(&parts)
        }
        (Sym::Record(xs), Sym::Record(ys)) => {
            let parts = xs
                .iter()
                .zip(ys)
                .map(|(x, y)| equal(x, y))
                .collect::<Enc<Vec<_>>>()?;
            and_all(&parts)
        }
        _ => f(),
    })
}

/// The rational `num / den` (Z3 4.8 has no 64-bit fraction constructor).
pub fn rat(num: i64, den: i64) -> Real {
    let n = Real::from_int(&int(num));
    if den == 1 {
        n
    } else {
        n / Real::from_int(&int(den))
    }
}
