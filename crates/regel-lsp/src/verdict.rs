//! A test's result in the words the editor shows ("▶ Kör testet"): Swedish, as the lenses and
//! the memo are, since a test states what the Beställning decides for an input. The CLI's
//! `regel test` keeps its own (English) report; this reads the same outcome.

use regel_compiler::ir::Expectation;
use regel_eval::{Reached, TestOutcome};
use serde_json::Value as Json;

/// The message of a passed test.
pub const PASSED: &str = "gick igenom";

/// The message of a test that did not pass, or `None` for one that did.
pub fn message(
    decision: &str,
    expect: &Expectation,
    reached: &Reached,
    outcome: &TestOutcome,
) -> Option<String> {
    match outcome {
        TestOutcome::Passed => None,
        TestOutcome::Error(why) => Some(format!("kunde inte köras: {why}")),
        TestOutcome::Failed { expected, actual } => Some(format!(
            "{decision}: {}",
            difference(expect, reached, expected, actual)
        )),
    }
}

/// "förväntat … men fick …", field by field where both sides are outputs.
fn difference(expect: &Expectation, reached: &Reached, expected: &Json, actual: &Json) -> String {
    let rejected = |reason: &str| format!("avvisat (skäl {reason})");
    match (expect, reached) {
        (Expectation::Rejected(want), Reached::Rejected(got)) => {
            format!("förväntat {} men fick {}", rejected(want), rejected(got))
        }
        (Expectation::Rejected(want), _) => format!(
            "förväntat {} men fick ett utfall ({})",
            rejected(want),
            fields(actual)
        ),
        (Expectation::Output(_), Reached::Rejected(got)) => {
            format!("förväntat ett utfall men fick {}", rejected(got))
        }
        (Expectation::Output(_), _) => outputs(expected, actual),
    }
}

/// The output fields that differ, then how many agree.
fn outputs(expected: &Json, actual: &Json) -> String {
    let (Json::Object(want), Json::Object(got)) = (expected, actual) else {
        return format!("förväntat {} men fick {}", shown(expected), shown(actual));
    };
    let mut parts: Vec<String> = want
        .iter()
        .filter(|(k, w)| got.get(*k) != Some(*w))
        .map(|(k, w)| {
            let g = got.get(k).unwrap_or(&Json::Null);
            format!("{k} förväntat {} men fick {}", shown(w), shown(g))
        })
        .collect();
    let agreeing = want.len() - parts.len();
    match agreeing {
        0 => {}
        1 => parts.push("1 annat fält som förväntat".into()),
        n => parts.push(format!("{n} andra fält som förväntat")),
    }
    parts.join("; ")
}

/// Every field of an outcome, `namn värde`, as `outputs` shows one.
fn fields(value: &Json) -> String {
    match value {
        Json::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{k} {}", shown(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => shown(other),
    }
}

/// A value as written in a test: strings (enum variants, dates, money) without quotes.
fn shown(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BYTE: &str = "listning.byte";

    #[test]
    fn differing_outputs_read_field_by_field_with_the_rest_counted() {
        let expected =
            json!({"utfall": "beviljas", "skal": "inom_grans", "byten_inom_perioden": 1});
        let actual =
            json!({"utfall": "avslas", "skal": "hogst_tva_byten", "byten_inom_perioden": 1});
        let outcome = TestOutcome::Failed { expected, actual };
        let said = message(
            BYTE,
            &Expectation::Output(vec![]),
            &Reached::Rule(0),
            &outcome,
        );
        assert_eq!(
            said.as_deref(),
            Some(
                "listning.byte: utfall förväntat beviljas men fick avslas; \
                 skal förväntat inom_grans men fick hogst_tva_byten; 1 annat fält som förväntat"
            )
        );
    }

    #[test]
    fn a_rejection_on_either_side_is_named_by_its_reason() {
        let expect = Expectation::Rejected("tidigare_byte_efter_datum".into());
        let outcome = TestOutcome::Failed {
            expected: json!("rejected tidigare_byte_efter_datum"),
            actual: json!({"utfall": "beviljas", "byten_inom_perioden": 0}),
        };
        assert_eq!(
            message(BYTE, &expect, &Reached::Rule(1), &outcome).as_deref(),
            Some(
                "listning.byte: förväntat avvisat (skäl tidigare_byte_efter_datum) \
                 men fick ett utfall (utfall beviljas, byten_inom_perioden 0)"
            )
        );
        let other = Reached::Rejected("annat_skal".into());
        assert_eq!(
            message(BYTE, &expect, &other, &outcome).as_deref(),
            Some(
                "listning.byte: förväntat avvisat (skäl tidigare_byte_efter_datum) \
                 men fick avvisat (skäl annat_skal)"
            )
        );
        let said = message(BYTE, &Expectation::Output(vec![]), &other, &outcome);
        assert_eq!(
            said.as_deref(),
            Some("listning.byte: förväntat ett utfall men fick avvisat (skäl annat_skal)")
        );
    }

    #[test]
    fn a_pass_has_no_message_and_an_error_says_the_test_could_not_run() {
        let none = Expectation::Output(vec![]);
        let passed = message(BYTE, &none, &Reached::Rule(0), &TestOutcome::Passed);
        assert_eq!(passed, None);
        let error = TestOutcome::Error("division by zero".into());
        assert_eq!(
            message(BYTE, &none, &Reached::Nothing, &error).as_deref(),
            Some("kunde inte köras: division by zero")
        );
    }
}
