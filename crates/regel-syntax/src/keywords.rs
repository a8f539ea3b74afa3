//! Every reserved word of the language, listed once. The grammar's `keyword` rule names the
//! same words (a test reads `grammar/regel.pest` and compares); the parser's messages, the
//! splitting of a file into items and the language server's completion and highlighting take
//! them from here.

/// Words an item starts with, at the start of a line.
pub const ITEM: [&str; 8] = [
    "version", "section", "param", "enum", "record", "decision", "test", "property",
];

/// Words a member of a decision starts with.
pub const MEMBER: [&str; 6] = ["input", "output", "let", "require", "when", "otherwise"];

/// Every word that cannot be a name: the grammar's keywords and the literals.
pub const RESERVED: [&str; 33] = [
    "version",
    "section",
    "param",
    "enum",
    "record",
    "decision",
    "test",
    "property",
    "descriptive",
    "label",
    "input",
    "output",
    "let",
    "require",
    "else",
    "when",
    "then",
    "because",
    "otherwise",
    "decide",
    "given",
    "with",
    "expect",
    "rejected",
    "where",
    "and",
    "or",
    "not",
    "in",
    "if",
    "true",
    "false",
    "null",
];

/// The words after an amount: money (`kr`, `mnkr`), durations, and rounding (`ore`, `kronor`).
pub const UNITS: [&str; 8] = [
    "kr", "mnkr", "days", "weeks", "months", "years", "ore", "kronor",
];

/// Whether `word` is reserved ([`RESERVED`]). A `match` compiles to a switch on the length and
/// a few comparisons: this runs for every name of a file.
pub fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "version"
            | "section"
            | "param"
            | "enum"
            | "record"
            | "decision"
            | "test"
            | "property"
            | "descriptive"
            | "label"
            | "input"
            | "output"
            | "let"
            | "require"
            | "else"
            | "when"
            | "then"
            | "because"
            | "otherwise"
            | "decide"
            | "given"
            | "with"
            | "expect"
            | "rejected"
            | "where"
            | "and"
            | "or"
            | "not"
            | "in"
            | "if"
            | "true"
            | "false"
            | "null"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of the grammar's `keyword` rule.
    fn grammar_keywords() -> Vec<String> {
        let grammar = include_str!("../../../grammar/regel.pest");
        let rule = grammar
            .split("\nkeyword = @{")
            .nth(1)
            .and_then(|r| r.split('}').next())
            .unwrap_or_default();
        rule.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_grammar_and_this_table_list_the_same_keywords() {
        let mut grammar = grammar_keywords();
        grammar.sort();
        let mut here: Vec<String> = RESERVED
            .iter()
            .filter(|w| !matches!(**w, "true" | "false" | "null"))
            .map(|w| (*w).to_owned())
            .collect();
        here.sort();
        assert_eq!(grammar, here);
    }

    #[test]
    fn the_fast_test_agrees_with_the_table() {
        for w in RESERVED {
            assert!(is_reserved(w), "{w}");
        }
        for w in ["when_", "When", "byten", "", "kr", "propert"] {
            assert!(!is_reserved(w), "{w}");
        }
        for w in ITEM.iter().chain(&MEMBER) {
            assert!(RESERVED.contains(w), "{w}");
        }
    }
}
