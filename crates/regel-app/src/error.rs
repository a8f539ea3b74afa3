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

/// One error code: its name (the OpenRPC document's key for it), what it means and what its
/// `data` holds, member by member.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    pub code: i64,
    pub name: &'static str,
    pub meaning: &'static str,
    pub data: &'static [(&'static str, &'static str)],
}

/// Every code a front end answers with: the table the API's OpenRPC document lists its
/// errors from (a code missing here is missing there, and a test holds the server to it).
pub const CODES: &[Code] = &[
    Code {
        code: PARSE_ERROR,
        name: "ParseError",
        meaning: "the line is not JSON (or not UTF-8)",
        data: &[],
    },
    Code {
        code: INVALID_REQUEST,
        name: "InvalidRequest",
        meaning: "the message is not a JSON-RPC 2.0 request, or its answer would be longer than 64 MiB",
        data: &[(
            "limit",
            "the longest answer, in bytes, when the answer was too long",
        )],
    },
    Code {
        code: METHOD_NOT_FOUND,
        name: "MethodNotFound",
        meaning: "no method of that name",
        data: &[("method", "the name asked")],
    },
    Code {
        code: INVALID_PARAMS,
        name: "InvalidParams",
        meaning: "invalid params: the message says what is wrong (a date that is no day of the calendar names its month's length: \"February 2023 has 28 days\")",
        data: &[
            ("path", "the JSON Pointer of the value"),
            ("expected", "what it should be"),
            ("got", "what it is"),
        ],
    },
    Code {
        code: INTERNAL_ERROR,
        name: "InternalError",
        meaning: "a bug of the server (it keeps serving), or a parameter that cannot be evaluated",
        data: &[],
    },
    Code {
        code: UNKNOWN_VERSION,
        name: "UnknownVersion",
        meaning: "no such version, none in force on `as_of` (or more than one: their validity periods overlap), or no adopted version to answer without `version`",
        data: &[
            ("version", "the name asked"),
            ("as_of", "the date asked"),
            (
                "in_force",
                "the versions in force on it, when more than one is",
            ),
            (
                "drafts",
                "the drafts whose validity period holds it, when no adopted version does (a draft answers only when named)",
            ),
            ("known", "the versions loaded"),
        ],
    },
    Code {
        code: UNKNOWN_DECISION,
        name: "UnknownDecision",
        meaning: "the version asked (by name, as_of or the newest adopted) has no decision of that name; the message names the version",
        data: &[
            ("decision", "the name asked"),
            ("version", "the version that lacks it"),
            ("as_of", "the date that chose the version, when given"),
            ("known", "the decisions it has"),
        ],
    },
    Code {
        code: COMPILE_ERRORS,
        name: "CompileErrors",
        meaning: "the version has compile errors; fix them first",
        data: &[("diagnostics", "the errors, each as `check` lists it")],
    },
    Code {
        code: REJECTED,
        name: "Rejected",
        meaning: "a require rejects the input",
        data: &[
            (
                "reason",
                "the reason code (one of decisions.describe's rejections)",
            ),
            ("paragraf", "its section"),
            (
                "path",
                "the JSON Pointer of the input the failed condition is about",
            ),
            ("motivering", "with explain: the reasons in Swedish"),
            ("trace", "with explain: the rules tried"),
        ],
    },
    Code {
        code: NOT_EVALUATED,
        name: "NotEvaluated",
        meaning: "the decision cannot be evaluated for this input (an overflow, a date past 9999-12-31): an error of the input or the policy, not of the server",
        data: &[("reason", "the evaluator's words")],
    },
];

/// The entry of `code` in [`CODES`].
pub fn code(code: i64) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

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
