//! The types of the language.

use std::fmt;
use std::sync::Arc;

/// Index of an enum in [`crate::ir::Program::enums`] (and in the version's signatures); a
/// value of the runtime's, which enum values carry.
pub use regel_runtime::EnumId;

/// Index of a record in [`crate::ir::Program::records`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub u32);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Bool,
    Int,
    Decimal,
    Money,
    Date,
    Time,
    Duration,
    Text,
    Enum(EnumId, Arc<str>),
    Record(RecordId, Arc<str>),
    List(Box<Ty>),
    Optional(Box<Ty>),
    /// The type of the literal `null`, before it meets an optional.
    Null,
    /// The type of `[]` before its element type is known.
    EmptyList,
    /// Something already reported; never reported again.
    Error,
}

impl Ty {
    pub fn list(of: Ty) -> Ty {
        Ty::List(Box::new(of))
    }

    pub fn optional(of: Ty) -> Ty {
        match of {
            Ty::Optional(_) | Ty::Error | Ty::Null => of,
            other => Ty::Optional(Box::new(other)),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Ty::Error)
    }

    /// The type without its `?`.
    pub fn non_null(&self) -> &Ty {
        match self {
            Ty::Optional(inner) => inner,
            other => other,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Decimal | Ty::Money)
    }

    /// Whether a value of type `self` may stand where `target` is expected.
    pub fn fits(&self, target: &Ty) -> bool {
        match (self, target) {
            (Ty::Error, _) | (_, Ty::Error) => true,
            (Ty::Null, Ty::Optional(_)) => true,
            (Ty::EmptyList, Ty::List(_)) => true,
            (Ty::Int, Ty::Decimal) => true,
            (Ty::Optional(a), Ty::Optional(b)) => a.fits(b),
            (a, Ty::Optional(b)) => a.fits(b),
            (Ty::List(a), Ty::List(b)) => a.fits(b),
            (a, b) => a == b,
        }
    }

    /// The common type of two branches (`if`, `??`, list elements), if there is one.
    pub fn join(&self, other: &Ty) -> Option<Ty> {
        if other.fits(self) {
            Some(self.clone())
        } else if self.fits(other) {
            Some(other.clone())
        } else {
            match (self, other) {
                (Ty::Null, t) | (t, Ty::Null) => Some(Ty::optional(t.clone())),
                (Ty::Optional(a), b) | (b, Ty::Optional(a)) => a.join(b).map(Ty::optional),
                _ => None,
            }
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => f.write_str("Bool"),
            Ty::Int => f.write_str("Int"),
            Ty::Decimal => f.write_str("Decimal"),
            Ty::Money => f.write_str("Money"),
            Ty::Date => f.write_str("Date"),
            Ty::Time => f.write_str("Time"),
            Ty::Duration => f.write_str("Duration"),
            Ty::Text => f.write_str("Text"),
            Ty::Enum(_, name) | Ty::Record(_, name) => f.write_str(name),
            Ty::List(inner) => write!(f, "[{inner}]"),
            Ty::Optional(inner) => write!(f, "{inner}?"),
            Ty::Null => f.write_str("null"),
            Ty::EmptyList => f.write_str("[]"),
            Ty::Error => f.write_str("{unknown}"),
        }
    }
}

/// The names of the built-in types, for resolution and suggestions.
pub const BUILTIN_TYPES: &[&str] = &[
    "Bool", "Int", "Decimal", "Money", "Date", "Time", "Duration", "Text",
];

pub fn builtin_type(name: &str) -> Option<Ty> {
    Some(match name {
        "Bool" => Ty::Bool,
        "Int" => Ty::Int,
        "Decimal" => Ty::Decimal,
        "Money" => Ty::Money,
        "Date" => Ty::Date,
        "Time" => Ty::Time,
        "Duration" => Ty::Duration,
        "Text" => Ty::Text,
        _ => return None,
    })
}
