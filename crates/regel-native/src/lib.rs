//! The bundled policies (`policies/<version>`) compiled to Rust when this crate is built, by
//! `regel_eval::rust::generate`: one module per version (`v2023`), one struct per decision
//! implementing [`NativeDecision`]. A program that embeds a fixed version decides at the
//! speed of hand-written Rust; the answers are the interpreter's (`tests/agreement.rs`).
//!
//! ```
//! use regel_eval::native::NativeDecision;
//! use regel_native::v2023::KapacitetsstoppBeslut;
//! # use regel_eval::native::prelude::*;
//! let d = KapacitetsstoppBeslut::new();
//! let inputs = [
//!     Value::Date(rt::date(2023, 1, 1)),
//!     Value::Date(rt::date(2023, 3, 31)),
//!     Value::Bool(true),
//!     Value::List(Arc::from(vec![])),
//! ];
//! let mut outputs = Vec::new();
//! let rule = d.decide_into(&inputs, &mut outputs).unwrap();
//! assert_eq!(rule, 0); // three months from the first of a month: the regiondirektör's
//! ```

pub use regel_eval::native::NativeDecision;

include!(concat!(env!("OUT_DIR"), "/versions.rs"));
