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

#[test]
fn codes_given_as_text_are_labelled_by_their_outputs_doc_comment() {
    let text = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
decision a.b @ "1" {
  input skriftlig: Bool
  /// Brister
  ///
  /// - `ej_skriftlig`: Ansökan är inte skriftlig.
  /// - `ingen kod`: inte en kod
  /// - `tom`:
  /// Annan text om `ej_skriftlig`: ingen etikett
  let brister_lista = if skriftlig then [] else ["ej_skriftlig"]
  /// Krav som inte är uppfyllda
  ///
  /// - `ej_skriftlig`: Ansökan är inte skriftlig
  /// - `ej_svenska`: Ansökan är inte på svenska
  output brister: [Text] = brister_lista
  output paragraf
  otherwise then {} because klar
}
"#;
    let db = Database::default();
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.into())]);
    assert!(
        diagnostics(&db, version).is_empty(),
        "{:?}",
        diagnostics(&db, version)
    );
    let program = program(&db, version);
    let code = |c: &str| program.labels.member(Kind::Code, "a.b", c);
    assert_eq!(code("ej_skriftlig"), Some("Ansökan är inte skriftlig"));
    assert_eq!(code("ej_svenska"), Some("Ansökan är inte på svenska"));
    // Only a line `- `kod`: Etikett` labels a code.
    assert_eq!(code("ingen kod"), None);
    assert_eq!(code("tom"), None);
    assert_eq!(
        program.labels.member(Kind::Code, "a.c", "ej_skriftlig"),
        None
    );
    // The output lists its own codes, in its order; the `let` lists none.
    assert_eq!(
        program.labels.output_codes("a.b", "brister"),
        [
            ("ej_skriftlig", "Ansökan är inte skriftlig"),
            ("ej_svenska", "Ansökan är inte på svenska")
        ]
    );
    assert!(
        program
            .labels
            .output_codes("a.b", "brister_lista")
            .is_empty()
    );
}
