//! Verification as salsa queries: an edit re-verifies only the decision it touched, and its
//! findings follow the text.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use regel_compiler::{Database, ExecutionLog, diagnostics, load_version};
use regel_verify::query::version_findings;
use salsa::Setter;

const HEADER: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
param grans: Int = 10
enum Utfall { ja, nej }
"#;

fn decision(name: &str, second: &str) -> String {
    format!(
        "decision {name} {{\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  when n < grans then {{ utfall: nej }} because under\n  when {second} then {{ utfall: nej }} because andra\n  otherwise then {{ utfall: ja }} because over\n}}\n"
    )
}

fn executions(log: &ExecutionLog, query: &str) -> usize {
    log.lock()
        .unwrap()
        .iter()
        .filter(|e| e.starts_with(query))
        .count()
}

#[test]
fn editing_one_decision_reverifies_only_that_decision() {
    let (mut db, log) = Database::with_execution_log();
    let text = format!(
        "{HEADER}{}{}{}",
        decision("a.forsta", "n < 5"),
        decision("a.andra", "n > 20"),
        decision("a.tredje", "n > 30")
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    assert!(diagnostics(&db, version).is_empty());
    let (found, _) = version_findings(&db, version);
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["W0300"], "{found:?}");
    assert_eq!(executions(&log, "decision_report"), 3);

    // Fix the first decision: it alone is verified again, and its warning goes.
    log.lock().unwrap().clear();
    let edited = text.replacen("n < 5", "n > 50", 1);
    let file = version.files(&db)[0];
    file.set_text(&mut db).to(edited);
    let started = Instant::now();
    let (found, _) = version_findings(&db, version);
    let took = started.elapsed();
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(
        executions(&log, "decision_report"),
        1,
        "{:?}",
        log.lock().unwrap()
    );
    eprintln!("re-verifying one edited decision took {took:?}");
}

#[test]
fn a_finding_points_at_its_rule_in_the_file() {
    let db = Database::default();
    let text = format!("{HEADER}\n\n{}", decision("a.forsta", "n < 5"));
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    let (found, _) = version_findings(&db, version);
    let [d] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!(d.file, "2023/a.regel");
    assert_eq!(
        &text[d.span.range()],
        "when n < 5 then { utfall: nej } because andra"
    );
}

#[test]
fn a_finding_below_a_doc_comment_points_at_its_rule() {
    // The IR counts lines from the decision's name; the item starts at its doc comment.
    let db = Database::default();
    let text = format!(
        "{HEADER}\n\n/// Rubrik\n///\n/// Mer text.\n{}",
        decision("a.forsta", "n < 5")
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    let (found, _) = version_findings(&db, version);
    let [d] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!(
        &text[d.span.range()],
        "when n < 5 then { utfall: nej } because andra"
    );
}
