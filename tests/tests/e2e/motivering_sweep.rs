//! A motivering for every decision (issue 20, item 2), not only those with a snapshot in
//! `motivering.rs`: every test input of every bundled version, decided or rejected, is
//! explained in Swedish that names the section it rests on and no identifier of the code.

use regel_e2e::engine;
use regel_eval::motivering::{Ending, motivering};
use regel_eval::{Failure, test_inputs};

/// What a motivering must not hold: code where prose belongs.
fn code_in(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '.' | ':' | ';'))
        .find(|w| {
            // `kod_med_understreck` outside quotes is a name of the code; JSON is code too.
            (w.contains('_') && !w.contains('”') && !w.contains('"'))
                || matches!(*w, "true" | "false" | "null" | "{" | "}")
        })
}

/// A word said twice in a row ("uppfyller inte inte"), which a person never writes.
fn doubled(text: &str) -> Option<&str> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // Numbers repeat groups ("772 000 000 kr").
    let word = |w: &str| w.chars().any(char::is_alphabetic);
    words
        .windows(2)
        .find(|w| w[0] == w[1] && word(w[0]))
        .map(|w| w[0])
}

/// A value that means none said after "är" or "blir" ("listning är ingen listning", "utförare
/// blir ingen"), where a person says "det blir ingen listning".
fn none_after_copula(text: &str) -> Option<&str> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // "det blir ingen listning" and "åldern är ingen av åldrarna …" say it right.
    words
        .windows(4)
        .find(|w| {
            !w[0].eq_ignore_ascii_case("det")
                && matches!(w[1], "är" | "blir")
                && matches!(
                    w[2].trim_end_matches(['.', ',', ')', ';']),
                    "ingen" | "inget" | "inga"
                )
                && w[3] != "av"
        })
        .map(|w| w[2])
}

/// The problems of every motivering of `version`, and the decisions explained.
fn sweep(version: &str) -> (Vec<String>, usize) {
    let engine = engine(version);
    let program = engine.program().clone();
    let mut problems = Vec::new();
    let mut explained = std::collections::BTreeSet::new();
    for test in program.tests.iter().filter(|t| t.overrides.is_empty()) {
        let Some(d) = program.decisions.get(test.decision as usize) else {
            continue;
        };
        let values = test_inputs(&engine, d, test).expect("constant inputs");
        let traced = engine.decide_traced(d, values);
        let cite = match &traced.result {
            // The checker gave a rule without a section of its own the decision's.
            Ok(decided) => d.rules[decided.rule].cite.clone(),
            Err(Failure::Rejected(r)) => r.paragraf.clone(),
            Err(Failure::Runtime(_)) => continue,
        };
        let Some(ending) = Ending::of(&traced) else {
            continue;
        };
        let text = motivering(&engine, d, &traced.locals, ending);
        explained.insert(d.name.clone());
        let at = format!("{version} {} «{}»", d.name, test.name);
        // "grundas på avsnitt 3.6.1 (…)", or on a table: "grundas på Tabell 1 ”…”".
        let grounds = [
            format!("grundas på avsnitt {cite} "),
            format!("grundas på {cite} "),
        ];
        if !grounds.iter().any(|g| text.contains(g.as_str())) {
            problems.push(format!("{at}: does not cite {cite}:\n{text}"));
        }
        if let Some(word) = code_in(&text) {
            problems.push(format!("{at}: code `{word}` in:\n{text}"));
        }
        if let Some(word) = none_after_copula(&text) {
            problems.push(format!("{at}: `är {word}` in:\n{text}"));
        }
        if let Some(word) = doubled(&text) {
            problems.push(format!("{at}: `{word}` twice in a row in:\n{text}"));
        }
    }
    if explained.len() < program.decisions.len() {
        problems.push(format!(
            "{version}: {} of {} decisions have a test input to explain",
            explained.len(),
            program.decisions.len()
        ));
    }
    (problems, explained.len())
}

#[test]
fn every_test_input_of_every_version_gets_a_motivering_that_cites_its_section_in_prose() {
    let mut problems = Vec::new();
    let mut explained = 0;
    for version in ["2020", "2021", "2023"] {
        let (mut found, n) = sweep(version);
        problems.append(&mut found);
        explained += n;
    }
    assert!(
        problems.is_empty(),
        "{}\n\n{} problems",
        problems.join("\n\n"),
        problems.len()
    );
    // 5 + 6 + 67 decisions: the sweep reaches every one.
    assert_eq!(explained, 78);
}
