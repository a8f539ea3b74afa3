//! How evaluation fails: a run-time error (a fault of the policy, such as an overflow) or a
//! rejection (a `require` that does not hold).

/// A run-time failure: a bug in a policy (overflow, division by zero), not in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeError {
    pub message: String,
}

impl RuntimeError {
    /// A fault of the evaluator itself (its messages begin `internal`), not of the policy
    /// or the input it was given.
    pub fn is_internal(&self) -> bool {
        self.message.starts_with("internal")
    }
}

/// A value, or the run-time error that stopped its evaluation.
pub type Eval = Result<crate::Value, RuntimeError>;

/// A run-time error with `message`.
pub fn fail(message: impl Into<String>) -> RuntimeError {
    RuntimeError {
        message: message.into(),
    }
}

/// A built-in's failure when a date would leave the calendar chrono knows.
pub const OUTSIDE_CALENDAR: &str = "the date falls outside the calendar";

/// Why a decision gave no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A `require` failed: the policy rejects the input.
    Rejected(Rejection),
    /// The policy could not be evaluated (overflow, division by zero, …).
    Runtime(RuntimeError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub reason: String,
    pub paragraf: String,
    /// The inputs the failed condition reads.
    pub inputs: Vec<String>,
}
