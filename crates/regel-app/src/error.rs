//! The errors every front end answers, with the JSON-RPC codes of `docs/api.md`: the API sends
//! them as they are, `regel eval` prints them in the same form, and the language server
//! answers its requests with them.

use serde_json::{Value, json};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const INTERNAL_ERROR: i64 = -32603;
pub const UNKNOWN_VERSION: i64 = -32001;
pub const UNKNOWN_DECISION: i64 = -32002;
pub const COMPILE_ERRORS: i64 = -32003;
pub const REJECTED: i64 = -32004;
/// The decision could not be evaluated for this input: an overflow, a date past the
/// calendar, a division by zero. An error of the input or the policy, not of the server.
pub const NOT_EVALUATED: i64 = -32005;

/// An error answer: code, message and optional data.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl Error {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            data: None,
        }
    }

    pub fn with(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// A parameter that is wrong: where (a JSON Pointer), what it should be and what it is.
    pub fn params(message: impl Into<String>, path: &str, expected: &str, got: &str) -> Self {
        Error::new(INVALID_PARAMS, message)
            .with(json!({"path": path, "expected": expected, "got": got}))
    }

    pub fn to_json(&self) -> Value {
        match &self.data {
            Some(data) => json!({"code": self.code, "message": self.message, "data": data}),
            None => json!({"code": self.code, "message": self.message}),
        }
    }
}
