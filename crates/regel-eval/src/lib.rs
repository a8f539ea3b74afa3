//! The evaluator: runs a checked [`Program`](regel_compiler::ir::Program) on values.
//!
//! [`Engine`] holds a program with its parameters evaluated and its decisions lowered
//! ([`lower`]) and compiled to closures (`closures.rs`); [`reference`] is the plain evaluator
//! the engine is held to; [`json`] is the boundary the front ends use (JSON in, JSON out,
//! errors with JSON Pointers); [`run_tests`] runs the `test` blocks written next to the
//! rules. The values, operators and calendar are the runtime's (`regel-runtime`); the Rust
//! code generator, the second back end, is `regel-codegen`. No I/O happens here.

mod blame;
pub mod branches;
mod closures;
mod engine;
pub mod json;
mod kernel;
mod limits;
pub mod lower;
pub mod motivering;
mod operators;
mod params;
pub mod phrase;
pub mod reference;
mod testing;
mod typed;

pub use engine::{Decided, Decider, Engine, Failure, Rejection, Step, StepKind, Traced};
pub use json::InputError;
pub use json::decide::{
    DecideError, Explanation, JsonDecision, decide_json, explain_rejection, trace_json,
};
pub use json::reader::InputReader;
pub use limits::Limits;
pub use params::{outside_param_domain, param_values};
pub use regel_runtime::RuntimeError;
pub use testing::{Reached, TestOutcome, TestReport, run_tests, test_inputs};

/// How many list kernels ran on this thread (debug builds only; see `kernel.rs`).
#[doc(hidden)]
pub fn kernel_runs() -> usize {
    kernel::runs()
}
