//! Labels: the Swedish names of reason codes, from `label "…"` or the doc comment's first line.
#![allow(clippy::unwrap_used)]

use regel_compiler::labels::Kind;
use regel_compiler::{Database, diagnostics, load_version, program};

const TEXT: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
enum Utfall { ja, nej }
decision a.b @ "1" {
  input n: Int
  input m: Int? = null
  require n >= 0 else negativt label "Negativt tal"
  /// Talet är för stort enligt dokumentationen
  require n < 1000 else for_stort
  output utfall: Utfall
  output paragraf
  /// Många enligt dokumentationen
  when n > 10
    require m != null else m_saknas label "Uppgift om m saknas"
    then { utfall: nej }
    because manga label "Fler än tio"
  /// Få
  when n > 5
    then { utfall: nej }
    because fa
  when n > 2
    then { utfall: nej }
    because manga
  otherwise then { utfall: ja } because inga
}
"#;

#[test]
fn a_reason_code_is_labelled_by_its_label_else_by_its_doc_comment() {
    let db = Database::default();
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), TEXT.into())]);
    assert!(
        diagnostics(&db, version).is_empty(),
        "{:?}",
        diagnostics(&db, version)
    );
    let program = program(&db, version);
    let reason = |code: &str| program.labels.member(Kind::Reason, "a.b", code);
    assert_eq!(reason("negativt"), Some("Negativt tal"));
    assert_eq!(
        reason("for_stort"),
        Some("Talet är för stort enligt dokumentationen")
    );
    // A rule's own `require` has no doc comment: its label is the only name it can have.
    assert_eq!(reason("m_saknas"), Some("Uppgift om m saknas"));
    // The label comes before the rule's doc comment.
    assert_eq!(reason("manga"), Some("Fler än tio"));
    assert_eq!(reason("fa"), Some("Få"));
    assert_eq!(reason("inga"), None);
}
