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

/// What was over a limit, and the way down to it (innermost step first).
struct Excess {
    steps: Vec<String>,
    list: Option<usize>,
    text: Option<usize>,
}

impl Limits {
    /// The first list or text in `json` over a limit, as an input error at its place. The
    /// walk allocates nothing unless it finds one.
    pub fn check(&self, json: &Json, path: &str) -> Result<(), InputError> {
        let Some(excess) = self.excess(json) else {
            return Ok(());
        };
        let mut at = path.to_owned();
        for step in excess.steps.iter().rev() {
            at.push('/');
            at.push_str(step);
        }
        Err(match (excess.list, excess.text) {
            (Some(n), _) => InputError {
                expected: format!("a list of at most {} elements", self.max_list),
                got: format!("{n} elements"),
                message: format!(
                    "the list at `{at}` has {n} elements; at most {} are accepted (split the request)",
                    self.max_list
                ),
                path: at,
            },
            (None, n) => {
                let n = n.unwrap_or_default();
                InputError {
                    expected: format!("a text of at most {} characters", self.max_text),
                    got: format!("{n} characters"),
                    message: format!(
                        "the text at `{at}` has {n} characters; at most {} are accepted",
                        self.max_text
                    ),
                    path: at,
                }
            }
        })
    }

    fn excess(&self, json: &Json) -> Option<Excess> {
        let found = |list, text| {
            Some(Excess {
                steps: Vec::new(),
                list,
                text,
            })
        };
        match json {
            Json::Array(items) if items.len() > self.max_list => found(Some(items.len()), None),
            // Bytes bound characters from above: count characters only for long texts.
            Json::String(s) if s.len() > self.max_text && s.chars().count() > self.max_text => {
                found(None, Some(s.chars().count()))
            }
            Json::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                let mut e = self.excess(item)?;
                e.steps.push(i.to_string());
                Some(e)
            }),
            Json::Object(fields) => fields.iter().find_map(|(key, value)| {
                let mut e = self.excess(value)?;
                e.steps.push(key.replace('~', "~0").replace('/', "~1"));
                Some(e)
            }),
            _ => None,
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
