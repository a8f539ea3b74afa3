//! JSON-RPC 2.0 framing: one message per line, requests, notifications, batches, errors.

use serde_json::{Value, json};

/// The longest line accepted (16 MiB), and the largest policy file text (`source.set`), as
/// every front end has them.
pub use regel_app::limits::{MAX_LINE, MAX_SOURCE_BYTES};
/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;
/// The longest answer line the server writes (64 MiB, four times the longest message): an
/// answer that would be longer is an error, so that what one message costs in memory is
/// bounded, whatever it asks for (a batch of a thousand HTML diffs, traces of 300 000 inputs).
pub const MAX_ANSWER: usize = 64 * 1024 * 1024;
/// The most files one version may hold after `source.set` (a Beställning has about 30).
pub const MAX_VERSION_FILES: usize = 256;
/// The most text one version may hold after `source.set`, all files together.
pub const MAX_VERSION_BYTES: usize = 16 * 1024 * 1024;
/// The most rules and `require`s one request may evaluate (a batch counts each input): with
/// list lengths bounded, this bounds a request's time.
pub const MAX_RULE_EVALUATIONS: usize = 10_000_000;

pub use regel_app::error::Error as RpcError;
/// The error codes and the error answer every front end shares (`regel-app`).
pub use regel_app::error::{
    COMPILE_ERRORS, INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND,
    NOT_EVALUATED, PARSE_ERROR, REJECTED, UNKNOWN_DECISION, UNKNOWN_VERSION,
};

/// The length of `value` written as compact JSON, counted without writing it anywhere.
pub fn json_len(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, value) {
        Ok(()) => count.0,
        Err(_) => usize::MAX,
    }
}

/// The error for an answer that would pass [`MAX_ANSWER`].
pub fn answer_too_long(what: &str) -> RpcError {
    RpcError::new(
        INVALID_REQUEST,
        format!(
            "invalid request: {what} would be longer than 64 MiB ({MAX_ANSWER} bytes); split the request"
        ),
    )
    .with(json!({"limit": MAX_ANSWER}))
}

pub fn response(id: &Value, result: Result<Value, RpcError>) -> Value {
    // Built by hand: `json!` would copy the result through serialization, twice its memory.
    let (key, value) = match result {
        Ok(result) => ("result", result),
        Err(e) => ("error", e.to_json()),
    };
    let mut map = serde_json::Map::new();
    map.insert("jsonrpc".into(), Value::String("2.0".into()));
    map.insert("id".into(), id.clone());
    map.insert(key.into(), value);
    Value::Object(map)
}

/// How deeply arrays and objects nest in `text` (strings skipped), stopping past `limit`.
pub fn depth_exceeds(text: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The index of the `"` that closes the JSON string opening at `open`, or the text's length
/// when none does. The bytes up to the next quote or backslash are passed over at once
/// (`memchr`): most of a batch of inputs is inside strings, and every line is scanned so.
pub(crate) fn closing_quote(bytes: &[u8], open: usize) -> usize {
    let mut from = open + 1;
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let at = from + found;
        if bytes.get(at) == Some(&b'"') {
            return at;
        }
        // A backslash: the byte after it is escaped, whatever it is.
        from = at + 2;
    }
    bytes.len()
}

/// The first key that appears twice in one object of `text` (JSON), if any. JSON parsers
/// differ on which of the two counts (ours took the last, silently); an ambiguous message is
/// refused instead. Keys are compared as written (an escape spelling a key differently is not
/// seen as the same key).
pub fn duplicate_key(text: &str) -> Option<String> {
    enum Frame<'t> {
        Array,
        Object {
            expect_key: bool,
            keys: Vec<&'t [u8]>,
            many: Option<std::collections::HashSet<&'t [u8]>>,
        },
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let start = i + 1;
                let end = closing_quote(bytes, i);
                if let Some(Frame::Object {
                    expect_key: true,
                    keys,
                    many,
                }) = stack.last_mut()
                {
                    let raw = bytes.get(start..end).unwrap_or_default();
                    let key: &[u8] = raw;
                    let seen = match many {
                        Some(set) => !set.insert(key),
                        None => {
                            let seen = keys.contains(&key);
                            keys.push(key);
                            // A large object: a set, so that checking stays linear.
                            if keys.len() > 16 {
                                *many = Some(keys.drain(..).collect());
                            }
                            seen
                        }
                    };
                    if seen {
                        let shown = text.get(start..end).unwrap_or_default();
                        return Some(if raw.contains(&b'\\') {
                            serde_json::from_str::<String>(&format!("\"{shown}\""))
                                .unwrap_or_else(|_| shown.to_owned())
                        } else {
                            shown.to_owned()
                        });
                    }
                }
                i = end + 1;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                expect_key: true,
                keys: Vec::new(),
                many: None,
            }),
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A request checked for shape: method, params and id (absent for a notification).
pub struct Request<'m> {
    pub id: Option<Value>,
    pub method: String,
    /// Borrowed from the message: a batch of 100 000 inputs is never copied.
    pub params: &'m Value,
}

static NO_PARAMS: Value = Value::Null;

/// Checks one message of a line or batch. `Err` carries the id to answer with (null when the
/// message has none we can trust).
pub fn request(message: &Value) -> Result<Request<'_>, Box<(Value, RpcError)>> {
    let invalid = |id: Value, why: &str| {
        Box::new((
            id,
            RpcError::new(INVALID_REQUEST, format!("invalid request: {why}")),
        ))
    };
    let Value::Object(map) = message else {
        return Err(invalid(Value::Null, "a request is a JSON object"));
    };
    let id = match map.get("id") {
        None => None,
        // Only what can be echoed exactly: a number past 64 bits, a fraction or `-0` would
        // come back rewritten (`1e+26`, `-0.0`).
        Some(Value::Number(n)) if !(n.is_i64() || n.is_u64()) => {
            return Err(invalid(
                Value::Null,
                "`id` must be a string, a whole number of at most 64 bits or null: this number could not be echoed exactly; send it as a string",
            ));
        }
        Some(id @ (Value::String(_) | Value::Number(_) | Value::Null)) => Some(id.clone()),
        Some(_) => {
            return Err(invalid(
                Value::Null,
                "`id` must be a string, a number or null",
            ));
        }
    };
    let answer_id = id.clone().unwrap_or(Value::Null);
    if map.get("jsonrpc") != Some(&Value::String("2.0".into())) {
        return Err(invalid(answer_id, "`jsonrpc` must be \"2.0\""));
    }
    let Some(Value::String(method)) = map.get("method") else {
        return Err(invalid(answer_id, "`method` must be a string"));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "jsonrpc" | "id" | "method" | "params"))
    {
        return Err(invalid(answer_id, &format!("unknown member `{key}`")));
    }
    let params = match map.get("params") {
        None => &NO_PARAMS,
        Some(p @ (Value::Object(_) | Value::Array(_))) => p,
        Some(_) => return Err(invalid(answer_id, "`params` must be an object or an array")),
    };
    Ok(Request {
        id,
        method: method.clone(),
        params,
    })
}

#[cfg(test)]
mod duplicate_tests {
    use super::{closing_quote, duplicate_key};

    #[test]
    fn a_string_ends_at_its_first_unescaped_quote() {
        let end = |text: &str| closing_quote(text.as_bytes(), 0);
        assert_eq!(end(r#""abc" x"#), 4);
        assert_eq!(end(r#""a\"b" x"#), 5);
        assert_eq!(end(r#""a\\" x"#), 4);
        assert_eq!(end(r#""\\\"" x"#), 5);
        assert_eq!(end(r#""unclosed"#), 9);
        assert_eq!(end(r#""ends in \"#), 10);
        assert_eq!(end(r#""""#), 1);
        // A key with an escaped quote is one key, compared as written.
        assert_eq!(duplicate_key(r#"{"a\"b":1,"a\"b":2}"#), Some("a\"b".into()));
        assert_eq!(duplicate_key(r#"{"a\\":1,"a":2}"#), None);
    }

    #[test]
    fn a_key_twice_in_one_object_is_found_and_only_then() {
        assert_eq!(duplicate_key(r#"{"a":1,"b":2,"a":3}"#), Some("a".into()));
        assert_eq!(duplicate_key(r#"{"x":{"a":1,"a":2}}"#), Some("a".into()));
        assert_eq!(duplicate_key(r#"[{"a":1},{"a":2}]"#), None);
        assert_eq!(duplicate_key(r#"{"a":{"a":1},"b":"a"}"#), None);
        assert_eq!(
            duplicate_key(r#"{"k\"q":1,"v":"k\"q","k\"q":2}"#),
            Some("k\"q".into())
        );
        assert_eq!(duplicate_key(r#"{"a":[1,{"b":2}],"c":{"b":3}}"#), None);
        // A large object is checked through a set, and still found.
        let many: Vec<String> = (0..1000).map(|i| format!("\"k{i}\":{i}")).collect();
        assert_eq!(duplicate_key(&format!("{{{}}}", many.join(","))), None);
        assert_eq!(
            duplicate_key(&format!("{{{},\"k500\":0}}", many.join(","))),
            Some("k500".into())
        );
        assert_eq!(duplicate_key("not json {\"a"), None);
    }
}
