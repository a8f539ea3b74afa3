//! Incrementality, proved by counting query executions through salsa's event hook.
#![allow(clippy::unwrap_used)]

use regel_compiler::{Database, ExecutionLog, diagnostics, load_version, program};
use salsa::Setter;

const HEADER: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
param grans: Int = 2
enum Utfall { ja, nej }
"#;

fn decision(name: &str, limit: &str) -> String {
    format!(
        "decision {name} {{\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  when n >= {limit} then {{ utfall: nej }} because over\n  otherwise then {{ utfall: ja }} because under\n}}\n"
    )
}

fn executions(log: &ExecutionLog, query: &str) -> usize {
    let log = log.lock().unwrap();
    log.iter().filter(|e| e.starts_with(query)).count()
}

fn clear(log: &ExecutionLog) {
    log.lock().unwrap().clear();
}

#[test]
fn editing_one_decision_rechecks_only_that_decision() {
    let (mut db, log) = Database::with_execution_log();
    let first = decision("a.forsta", "grans");
    let text = format!(
        "{HEADER}{first}{}{}",
        decision("a.andra", "grans"),
        decision("a.tredje", "grans")
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    assert!(
        diagnostics(&db, version).is_empty(),
        "{:?}",
        diagnostics(&db, version)
    );
    let cold = executions(&log, "check_item");
    assert!(cold >= 7, "every item is checked once when cold: {cold}");

    // The edit changes the first decision's body and its length, so every later item moves.
    clear(&log);
    let edited = text.replacen("n >= grans", "n >= grans + 1", 1);
    let file = version.files(&db)[0];
    file.set_text(&mut db).to(edited);
    assert!(diagnostics(&db, version).is_empty());
    let _ = program(&db, version);
    assert_eq!(
        executions(&log, "check_item"),
        1,
        "only the edited decision is re-checked: {:?}",
        log.lock().unwrap()
    );
    assert_eq!(
        executions(&log, "file_decls"),
        1,
        "the file's declarations are recomputed and found equal"
    );
    assert_eq!(
        executions(&log, "signatures"),
        0,
        "so the signatures are not rebuilt"
    );
}

#[test]
fn editing_a_parameter_type_rechecks_its_readers() {
    let (mut db, log) = Database::with_execution_log();
    let text = format!(
        "{HEADER}{}{}",
        decision("a.forsta", "grans"),
        decision("a.andra", "3")
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    assert!(diagnostics(&db, version).is_empty());
    clear(&log);
    let file = version.files(&db)[0];
    file.set_text(&mut db)
        .to(text.replace("param grans: Int = 2", "param grans: Money = 2 kr"));
    let diags = diagnostics(&db, version);
    assert!(
        diags.iter().any(|d| d.code == "E0201"),
        "Int compared with Money: {diags:?}"
    );
    // A signature changed, so every item that could read it is checked again.
    assert!(executions(&log, "check_syntax") >= 3);
}

#[test]
fn an_unchanged_revision_recomputes_nothing() {
    let (mut db, log) = Database::with_execution_log();
    let text = format!("{HEADER}{}", decision("a.forsta", "grans"));
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    let before = diagnostics(&db, version);
    clear(&log);
    let file = version.files(&db)[0];
    file.set_text(&mut db).to(text);
    assert_eq!(diagnostics(&db, version), before);
    assert_eq!(executions(&log, "check_item"), 0);
    assert_eq!(
        executions(&log, "signatures"),
        0,
        "{:?}",
        log.lock().unwrap()
    );
}

#[test]
fn an_edit_inside_one_item_parses_only_that_item_again() {
    let (mut db, log) = Database::with_execution_log();
    let text = format!(
        "{HEADER}{}{}",
        decision("a.forsta", "grans"),
        decision("a.andra", "grans")
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    assert!(diagnostics(&db, version).is_empty());
    let cold = executions(&log, "parse_chunk");
    assert!(cold >= 6, "one parse per item when cold: {cold}");
    clear(&log);
    let file = version.files(&db)[0];
    file.set_text(&mut db)
        .to(text.replacen("n >= grans", "n >= grans + 1", 1));
    assert!(diagnostics(&db, version).is_empty());
    assert_eq!(
        executions(&log, "parse_chunk"),
        1,
        "only the edited decision is parsed again: {:?}",
        log.lock().unwrap()
    );
}

#[test]
fn items_moved_by_lines_added_above_them_are_not_checked_again() {
    let (mut db, log) = Database::with_execution_log();
    let text = format!(
        "{HEADER}{}{}",
        decision("a.forsta", "grans"),
        decision("a.andra", "grans")
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    assert!(diagnostics(&db, version).is_empty());
    let before = program(&db, version);
    clear(&log);
    let file = version.files(&db)[0];
    // A comment and blank lines above everything: every item moves down three lines.
    file.set_text(&mut db).to(format!("// moved\n\n\n{text}"));
    assert!(diagnostics(&db, version).is_empty());
    let after = program(&db, version);
    assert_eq!(
        executions(&log, "check_item"),
        0,
        "{:?}",
        log.lock().unwrap()
    );
    assert_eq!(executions(&log, "parse_chunk"), 1, "only the new comment");
    // The program still says where each decision now stands.
    let line = |p: &regel_compiler::ir::Program, name: &str| {
        p.decisions
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.origin.line)
            .unwrap()
    };
    assert_eq!(line(&after, "a.andra"), line(&before, "a.andra") + 3);
}

#[test]
fn an_item_added_above_others_is_the_only_one_checked() {
    let (mut db, log) = Database::with_execution_log();
    let text = format!(
        "{HEADER}{}{}",
        decision("a.forsta", "grans"),
        decision("a.andra", "grans")
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    assert!(diagnostics(&db, version).is_empty());
    let _ = program(&db, version);
    clear(&log);
    let file = version.files(&db)[0];
    // A new test before the decisions: every later item's key moves by one.
    let added = text.replacen(
        "decision a.forsta",
        "test \"t\" { decide a.andra given { n: 1 } expect { utfall: ja } }\ndecision a.forsta",
        1,
    );
    file.set_text(&mut db).to(added);
    assert!(diagnostics(&db, version).is_empty());
    assert_eq!(program(&db, version).tests.len(), 1);
    assert_eq!(
        executions(&log, "check_syntax"),
        1,
        "only the new test is checked: {:?}",
        log.lock().unwrap()
    );
}

#[test]
fn breaking_a_decision_rechecks_only_its_tests() {
    let (mut db, log) = Database::with_execution_log();
    let test = |name: &str, decision: &str| {
        format!(
            "test \"{name}\" {{ decide {decision} given {{ n: 1 }} expect {{ utfall: ja }} }}\n"
        )
    };
    let text = format!(
        "{HEADER}{}{}{}{}",
        decision("a.forsta", "grans"),
        decision("a.andra", "grans"),
        test("t1", "a.forsta"),
        test("t2", "a.andra"),
    );
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    assert!(diagnostics(&db, version).is_empty());
    let _ = program(&db, version);
    clear(&log);
    let file = version.files(&db)[0];
    // A brace typed but not yet closed: the decision does not parse.
    file.set_text(&mut db)
        .to(text.replacen("decision a.forsta {", "decision a.forsta @ {", 1));
    let codes: Vec<&str> = diagnostics(&db, version).iter().map(|d| d.code).collect();
    assert!(codes.iter().all(|c| c.starts_with("E00")), "{codes:?}");
    let p = program(&db, version);
    assert_eq!(p.tests.len(), 1, "t2 still runs");
    assert_eq!(
        executions(&log, "check_syntax"),
        1,
        "only t1, whose decision is gone, is checked again: {:?}",
        log.lock().unwrap()
    );
}
