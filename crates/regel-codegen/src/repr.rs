//! How generated code holds a value (`Repr`), and a Rust expression with its holding (`Code`)
//! converted to whatever holding its place needs.

use regel_compiler::ir::Value;
use regel_compiler::ty::Ty;

/// The Rust type of a generated expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repr {
    /// A plain Rust value.
    Plain(Scalar),
    /// `&Value`.
    Ref,
    /// `Value`.
    Owned,
    /// `&[T]` of plain values: a list input of the typed interface.
    Slice(Scalar),
}

/// The values generated code holds as plain Rust values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scalar {
    Bool,
    Int,
    Date,
    Duration,
    /// The variant index of a value of enum `id`.
    Enum(u32),
    /// An amount as its `Decimal` (`Value::Money`).
    Money,
}

impl Scalar {
    /// The plain Rust value a value of type `ty` is held as, if any.
    pub(super) fn of_ty(ty: &Ty) -> Option<Scalar> {
        match ty {
            Ty::Bool => Some(Scalar::Bool),
            Ty::Int => Some(Scalar::Int),
            Ty::Date => Some(Scalar::Date),
            Ty::Duration => Some(Scalar::Duration),
            Ty::Enum(id, _) => Some(Scalar::Enum(id.0)),
            Ty::Money => Some(Scalar::Money),
            _ => None,
        }
    }

    /// The plain Rust value a constant is held as, if any.
    pub(super) fn of_value(v: &Value) -> Option<Scalar> {
        match v {
            Value::Bool(_) => Some(Scalar::Bool),
            Value::Int(_) => Some(Scalar::Int),
            Value::Date(_) => Some(Scalar::Date),
            Value::Duration(_) => Some(Scalar::Duration),
            Value::Enum(id, _) => Some(Scalar::Enum(id.0)),
            Value::Money(_) => Some(Scalar::Money),
            _ => None,
        }
    }

    /// The plain value behind the reference `e` of a typed slice.
    pub(super) fn read(self, e: &str) -> String {
        self.plain(&format!("*{e}"))
    }

    /// A value of the typed interface (an enum is a Rust enum there) as a plain value.
    pub(super) fn plain(self, e: &str) -> String {
        match self {
            Scalar::Enum(_) => format!("({e} as u32)"),
            _ => e.to_owned(),
        }
    }

    pub(super) fn rust_type(self) -> &'static str {
        match self {
            Scalar::Bool => "bool",
            Scalar::Int => "i64",
            Scalar::Date => "NaiveDate",
            Scalar::Duration => "Duration",
            Scalar::Enum(_) => "u32",
            Scalar::Money => "Decimal",
        }
    }

    /// The plain value `t` as a `Value`.
    pub(super) fn boxed(self, t: &str) -> String {
        match self {
            Scalar::Bool => format!("Value::Bool({t})"),
            Scalar::Int => format!("Value::Int({t})"),
            Scalar::Date => format!("Value::Date({t})"),
            Scalar::Duration => format!("Value::Duration({t})"),
            Scalar::Enum(id) => format!("Value::Enum(EnumId({id}), {t})"),
            Scalar::Money => format!("Value::Money({t})"),
        }
    }

    /// The `&Value` `v` checked and unpacked.
    pub(super) fn unboxed(self, v: &str) -> String {
        match self {
            Scalar::Bool => format!("rt::truth({v})?"),
            Scalar::Int => format!("rt::as_int({v})?"),
            Scalar::Date => format!("rt::as_date({v})?"),
            Scalar::Duration => format!("rt::as_duration({v})?"),
            Scalar::Enum(id) => format!("rt::as_variant({v}, {id})?"),
            Scalar::Money => format!("rt::as_money({v})?"),
        }
    }
}

impl Repr {
    /// How a value of type `ty` is held: plain when it can be, else a `Value`.
    pub(super) fn of_ty(ty: &Ty) -> Repr {
        Scalar::of_ty(ty).map_or(Repr::Owned, Repr::Plain)
    }

    /// How an input of type `ty` arrives in the typed interface: plain, as a slice of plain
    /// values, or as a `&Value`.
    pub(super) fn of_input(ty: &Ty) -> Repr {
        match ty {
            Ty::List(of) => Scalar::of_ty(of).map_or(Repr::Ref, Repr::Slice),
            other => Scalar::of_ty(other).map_or(Repr::Ref, Repr::Plain),
        }
    }

    pub(super) fn scalar(self) -> Option<Scalar> {
        match self {
            Repr::Plain(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn rust_type(self) -> &'static str {
        self.scalar().map_or("Value", Scalar::rust_type)
    }

    pub(super) fn boxed(self) -> bool {
        self.scalar().is_none()
    }
}

/// A Rust expression and its representation.
pub(super) struct Code {
    pub(super) text: String,
    pub(super) repr: Repr,
    /// The same value as a `&Value` that outlives the decision (a constant of the struct's
    /// table), borrowed where a `&Value` is wanted instead of a value built on the stack.
    held: Option<String>,
}

impl Code {
    pub(super) fn new(text: String, repr: Repr) -> Code {
        Code {
            text,
            repr,
            held: None,
        }
    }

    /// This plain value, held as the `&Value` `held` too.
    pub(super) fn held_as(self, held: String) -> Code {
        Code {
            held: Some(held),
            ..self
        }
    }

    /// As an expression of type `&Value`.
    pub(super) fn borrowed(self) -> String {
        if let Some(held) = self.held {
            return held;
        }
        match self.repr {
            Repr::Ref => self.text,
            Repr::Owned => format!("&({})", self.text),
            _ => format!("&{}", self.owned_unboxed()),
        }
    }

    /// As an expression of type `Value`.
    pub(super) fn owned(self) -> String {
        match self.repr {
            Repr::Ref => format!("({}).clone()", self.text),
            Repr::Owned => self.text,
            _ => self.owned_unboxed(),
        }
    }

    pub(super) fn owned_unboxed(&self) -> String {
        let t = &self.text;
        match self.repr {
            Repr::Slice(scalar) => {
                let item = scalar.boxed(&scalar.read("x"));
                format!("Value::List({t}.iter().map(|x| {item}).collect::<Vec<Value>>().into())")
            }
            Repr::Plain(scalar) => scalar.boxed(t),
            Repr::Ref | Repr::Owned => t.clone(),
        }
    }

    /// As an operand of an amount's operator (`rt::Operand`): an amount held as its decimal,
    /// anything else as a `&Value`.
    pub(super) fn operand(self) -> String {
        if self.repr == Repr::Plain(Scalar::Money) {
            self.text
        } else {
            self.borrowed()
        }
    }

    /// As an expression of representation `want` (a boxed value is checked and unpacked).
    pub(super) fn to(self, want: Repr) -> String {
        if self.repr == want {
            return self.text;
        }
        match want {
            Repr::Ref | Repr::Slice(_) => self.borrowed(),
            Repr::Owned => self.owned(),
            Repr::Plain(scalar) => scalar.unboxed(&self.borrowed()),
        }
    }
}
