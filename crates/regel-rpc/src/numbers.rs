//! JSON numbers that could not be read exactly.
//!
//! `serde_json` reads a number with a fraction or an exponent, or a whole number past 64
//! bits, as an `f64`: `1.0000000000000000000000001` becomes `1.0` and `1e-400` becomes `0`,
//! and an amount of money written so was accepted, rounded, where `1.234` is refused. Every
//! number of a message is therefore checked against its own text: a number whose `f64` is
//! not the very value written is refused (naming it and where it stands), so that whatever
//! is accepted is read exactly, whatever its spelling.

use crate::protocol::RpcError;

/// A number in a message that reading would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inexact {
    /// Its JSON Pointer from the root of the text (`/params/input/belopp`).
    pub pointer: String,
    /// The number as written.
    pub text: String,
    /// The number it would have been read as.
    pub read_as: String,
}

impl Inexact {
    /// The message of its refusal.
    pub fn message(&self) -> String {
        let example = if self.text.contains(['e', 'E']) {
            String::new()
        } else {
            format!(", e.g. \"{}\"", self.text)
        };
        format!(
            "the number {} cannot be read exactly (a JSON number is read as a 64-bit floating-point number, which would make it {}): write an amount or a decimal as a string{example}",
            self.text, self.read_as
        )
    }

    /// What is accepted instead, for an error's `expected`.
    pub const EXPECTED: &'static str =
        "a number of at most 17 significant digits, or an amount or decimal as a string";

    /// The refusal of a request holding this number (its pointer relative to the request):
    /// -32602 at its place in the params.
    pub fn refusal(&self) -> RpcError {
        let path = self
            .pointer
            .strip_prefix("/params")
            .unwrap_or(&self.pointer);
        RpcError::params(
            self.message(),
            path,
            Self::EXPECTED,
            &format!("the number {}", self.text),
        )
    }
}

/// The first of `found` inside the value at `prefix` (`/3`: the fourth request of a batch;
/// `""`: the whole message), its pointer made relative to that value.
pub fn within(found: &[Inexact], prefix: &str) -> Option<Inexact> {
    found.iter().find_map(|n| {
        let rest = n.pointer.strip_prefix(prefix)?;
        rest.starts_with('/').then(|| Inexact {
            pointer: rest.to_owned(),
            ..n.clone()
        })
    })
}

/// Every number of the JSON `text` that would not be read as the value written, in order.
/// One pass over the text; the pointers are worked out only when one is found.
pub fn inexact(text: &str) -> Vec<Inexact> {
    let found = inexact_offsets(text);
    if found.is_empty() {
        return Vec::new();
    }
    let pointers = pointers_at(text, &found);
    found
        .into_iter()
        .zip(pointers)
        .map(|((start, end, read_as), pointer)| Inexact {
            pointer,
            text: text.get(start..end).unwrap_or_default().to_owned(),
            read_as,
        })
        .collect()
}

/// (start, end, what it is read as) of each number token that reading would change.
fn inexact_offsets(text: &str) -> Vec<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => i = string_end(bytes, i),
            b'-' | b'0'..=b'9' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                {
                    i += 1;
                }
                let token = text.get(start..i).unwrap_or_default();
                if let Some(read_as) = changed_by_reading(token) {
                    found.push((start, i, read_as));
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// The index just past the string starting at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    (crate::protocol::closing_quote(bytes, start) + 1).min(bytes.len())
}

/// What `token` is read as, when that is not the value it spells; `None` when it is read
/// exactly (or is no number at all: the parser reports that).
fn changed_by_reading(token: &str) -> Option<String> {
    let digits = token.trim_start_matches('-');
    // A whole number of at most 18 digits fits 64 bits: read exactly, without a look.
    if digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: serde_json::Number = serde_json::from_str(token).ok()?;
    let read_as = number.to_string();
    (value_of(token)? != value_of(&read_as)?).then_some(read_as)
}

/// The value a decimal numeral spells: sign, significant digits and the power of ten of the
/// last one (zero has no digits and no sign). `None` when the exponent is past `i64`.
fn value_of(numeral: &str) -> Option<(bool, String, i64)> {
    let (negative, unsigned) = match numeral.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, numeral),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = whole.chars().chain(fraction.chars()).collect();
    let significant = all.trim_start_matches('0');
    let kept = significant.trim_end_matches('0');
    if kept.is_empty() {
        return Some((false, String::new(), 0));
    }
    let dropped = i64::try_from(significant.len() - kept.len()).ok()?;
    let scale = i64::try_from(fraction.len()).ok()?;
    let power = exponent.checked_sub(scale)?.checked_add(dropped)?;
    Some((negative, kept.to_owned(), power))
}

/// The JSON Pointer of the value starting at each of `found`'s offsets (in order).
fn pointers_at(text: &str, found: &[(usize, usize, String)]) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut pointers = Vec::with_capacity(found.len());
    let mut next = found.iter().map(|(start, ..)| *start).peekable();
    let mut i = 0;
    while let (Some(&b), Some(&target)) = (bytes.get(i), next.peek()) {
        if i == target {
            pointers.push(render(&stack));
            next.next();
        }
        match b {
            b'"' => {
                let end = string_end(bytes, i);
                if expect_key && let Some(Frame::Object(key)) = stack.last_mut() {
                    *key = unescape(text.get(i..end).unwrap_or_default());
                }
                i = end;
                continue;
            }
            b'{' => {
                stack.push(Frame::Object(String::new()));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            b':' => expect_key = false,
            _ => {}
        }
        i += 1;
    }
    pointers
}

/// An array (the index of the element being read) or an object (the key being read).
enum Frame {
    Array(usize),
    Object(String),
}

fn render(stack: &[Frame]) -> String {
    stack
        .iter()
        .map(|frame| match frame {
            Frame::Array(n) => format!("/{n}"),
            Frame::Object(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
        })
        .collect()
}

/// A JSON string literal's text (`"a\"b"`) as the string it spells.
fn unescape(literal: &str) -> String {
    serde_json::from_str(literal).unwrap_or_else(|_| literal.trim_matches('"').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(json: &str) -> Vec<(String, String)> {
        inexact(json)
            .into_iter()
            .map(|n| (n.pointer, n.text))
            .collect()
    }

    #[test]
    fn numbers_read_exactly_pass_and_the_others_are_found_where_they_stand() {
        let exact = r#"{"a":[1,-7,0.5,1234.50,1e2,1.5E-3,-0,0.0,18446744073709551615,
            -9223372036854775808,1e20,0.1,123456789.12],"b":"1e-400 1.0000000000000000000000001"}"#;
        assert_eq!(texts(exact), Vec::<(String, String)>::new());
        let json = r#"{"params":{"input":{"x~/y":1.0000000000000000000000001,
            "l":[1,2,1e-400]}},"id":99999999999999999999999999,"z":[[123456789012345678901.5]]}"#;
        assert_eq!(
            texts(json),
            [
                ("/params/input/x~0~1y", "1.0000000000000000000000001"),
                ("/params/input/l/2", "1e-400"),
                ("/id", "99999999999999999999999999"),
                ("/z/0/0", "123456789012345678901.5"),
            ]
            .map(|(p, t)| (p.to_owned(), t.to_owned()))
        );
        let found = inexact("[1e-400]");
        assert_eq!(found.first().map(|n| n.read_as.as_str()), Some("0.0"));
        // A number too large for any `f64` is left to the parser, which refuses it.
        assert_eq!(texts("1e400"), Vec::<(String, String)>::new());
    }

    #[test]
    fn a_numeral_s_value_ignores_how_it_is_spelled() {
        let v = |s: &str| value_of(s);
        assert_eq!(v("1.50"), v("15e-1"));
        assert_eq!(v("0.0"), v("-0"));
        assert_eq!(v("1e20"), v("100000000000000000000"));
        assert_ne!(v("1.0000000000000000000000001"), v("1.0"));
        assert_eq!(v("1e99999999999999999999"), None);
    }
}
