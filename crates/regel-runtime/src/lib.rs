//! Regel's lowest layer, which knows nothing of the compiler: run-time values
//! ([`Value`]), the operators of the language ([`operator`]) and what they do on values
//! ([`ops`], [`builtins`], [`range`]), the calendar of the decision catalogue ([`calendar`]), how
//! evaluation fails ([`error`]), and what Rust generated from a policy calls
//! ([`generated`]). A program embedding generated decisions (`regel-native`) needs this crate
//! only.

pub mod builtins;
pub mod calendar;
pub mod decimal;
pub mod error;
pub mod generated;
pub mod operator;
pub mod ops;
pub mod range;
mod value;

pub use error::{Failure, Rejection, RuntimeError};
pub use operator::{Arith, BinaryOp, Builtin, Cmp, Num, RoundMode, RoundTo};
pub use value::{Duration, DurationUnit, EnumId, Value};
