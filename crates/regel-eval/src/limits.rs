//! Bounds on what one input may hold, checked before anything is converted: every list
//! operator walks its list and every text is copied, so a caller's bug must not become
//! unbounded work or memory. Exceeding one is an ill-typed input with its JSON Pointer.

use serde_json::Value as Json;

use crate::json::InputError;

/// Limits on an input. `regel serve --max-list/--max-text` set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most elements of any one list in an input.
    pub max_list: usize,
    /// The most characters of any one text in an input.
    pub max_text: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_list: 100_000,
            max_text: 100_000,
        }
    }
}

impl Limits {
    /// The first list or text in `json` over a limit, as an input error at its place.
    pub fn check(&self, json: &Json, path: &str) -> Result<(), InputError> {
        match json {
            Json::Array(items) if items.len() > self.max_list => Err(InputError {
                path: path.to_owned(),
                expected: format!("a list of at most {} elements", self.max_list),
                got: format!("{} elements", items.len()),
                message: format!(
                    "the list at `{path}` has {} elements; at most {} are accepted (split the request)",
                    items.len(),
                    self.max_list
                ),
            }),
            Json::String(s) if s.chars().count() > self.max_text => Err(InputError {
                path: path.to_owned(),
                expected: format!("a text of at most {} characters", self.max_text),
                got: format!("{} characters", s.chars().count()),
                message: format!(
                    "the text at `{path}` has {} characters; at most {} are accepted",
                    s.chars().count(),
                    self.max_text
                ),
            }),
            Json::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| self.check(item, &format!("{path}/{i}"))),
            Json::Object(fields) => fields.iter().try_for_each(|(key, value)| {
                let key = key.replace('~', "~0").replace('/', "~1");
                self.check(value, &format!("{path}/{key}"))
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    const SMALL: Limits = Limits {
        max_list: 3,
        max_text: 5,
    };

    #[test]
    fn a_list_at_the_limit_passes_one_over_fails_with_its_place() {
        assert_eq!(SMALL.check(&json!({"a": [1, 2, 3]}), "/input"), Ok(()));
        let e = SMALL
            .check(&json!({"a": [1, 2, 3, 4]}), "/input")
            .unwrap_err();
        assert_eq!(e.path, "/input/a");
        assert!(
            e.message.contains("has 4 elements; at most 3"),
            "{}",
            e.message
        );
    }

    #[test]
    fn texts_count_characters_not_bytes_and_nested_places_are_pointers() {
        assert_eq!(SMALL.check(&json!(["åäöåä"]), ""), Ok(()));
        let e = SMALL
            .check(&json!({"x/y": [{"t": "åäöåäö"}]}), "/input")
            .unwrap_err();
        assert_eq!(e.path, "/input/x~1y/0/t");
    }
}
