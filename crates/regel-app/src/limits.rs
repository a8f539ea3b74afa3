//! The bounds every front end holds its inputs to, and the words it says them in.

use serde_json::json;

use crate::error::{Error, INVALID_REQUEST, PARSE_ERROR};

/// The longest message accepted (16 MiB): an API line, a `regel eval` input.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// The largest policy file text accepted (the CLI reading folders, the API's `source.set`,
/// the language server's documents): a Beställning's biggest file is about 20 KB.
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// Why `what` (a file, a document, a text), `size` bytes long, is refused.
pub fn source_too_large(what: &str, size: usize) -> String {
    format!(
        "{what} is {size} bytes; a policy file may be at most {MAX_SOURCE_BYTES} bytes (4 MiB): split it into several files"
    )
}

/// `what` (the message, the input) is longer than [`MAX_LINE`].
pub fn too_long(what: &str) -> Error {
    Error::new(
        INVALID_REQUEST,
        format!("invalid request: {what} is longer than 16 MiB ({MAX_LINE} bytes): split it"),
    )
    .with(json!({"limit": MAX_LINE}))
}

/// `what` (the line, the input) does not parse as JSON.
pub fn not_json(what: &str, e: &serde_json::Error) -> Error {
    Error::new(
        PARSE_ERROR,
        format!("parse error: {what} is not JSON ({e})"),
    )
}

/// A key twice in one object: which of the two values counts is not for Regel to guess.
pub fn duplicate_key(key: &str) -> Error {
    Error::new(
        INVALID_REQUEST,
        format!(
            "invalid request: the key `{key}` appears twice in one object; which one counts would be a guess"
        ),
    )
    .with(json!({"key": key}))
}
