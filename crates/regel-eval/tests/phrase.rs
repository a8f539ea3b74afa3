//! Rules read aloud: the words a comparison gets follow the types the checker recorded.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_compiler::ir::Program;
use regel_compiler::{Database, diagnostics, load_version, program};
use regel_eval::phrase::Phrases;
use std::sync::Arc;

const HEADER: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
"#;

fn compiled(body: &str) -> Arc<Program> {
    let db = Database::default();
    let version = load_version(
        &db,
        "2023",
        vec![("2023/a.regel".into(), format!("{HEADER}{body}"))],
    );
    let errors: Vec<_> = diagnostics(&db, version)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    program(&db, version)
}

/// The phrase of the first rule's condition of decision `d` whose inputs are `inputs`.
fn condition(inputs: &str, when: &str) -> String {
    let p = compiled(&format!(
        "decision d {{\n{inputs}\n  output paragraf\n  when {when} then {{}} because sen\n  otherwise then {{}} because ok\n}}\n"
    ));
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    Phrases::new(&p, d).clause(when, true)
}

#[test]
fn days_between_two_dates_are_a_number_not_a_later_date() {
    let said = condition(
        "  input ansokan: Date\n  input beslut: Date",
        "beslut - ansokan > 30",
    );
    assert_eq!(
        said,
        "antalet dagar från ansokan till beslut är större än 30"
    );
}

#[test]
fn the_later_of_two_dates_is_compared_as_a_date() {
    let said = condition(
        "  input ansokan: Date\n  input beslut: Date\n  input frist: Date",
        "max(ansokan, beslut) > min(frist, beslut)",
    );
    assert_eq!(
        said,
        "det största av ansokan och beslut är senare än det minsta av frist och beslut"
    );
}

#[test]
fn a_weekday_reads_with_how_the_days_are_numbered() {
    let said = condition("  input datum: Date", "weekday(datum) == 3");
    assert_eq!(said, "veckodagen för datum (måndag 1 … söndag 7) är 3");
}

#[test]
fn a_proper_name_keeps_its_capital_inside_a_sentence() {
    let p = compiled(
        "/// Utrustning\n///\n/// Förstärkaren Cardiolex Lexor krävs; leverantören köper den.\ndecision d {\n  /// Cardiolex Lexor finns\n  input ekg: Bool\n  /// Leverantören har en skrivare\n  input skrivare: Bool\n  output paragraf\n  when not ekg or not skrivare then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let said = Phrases::new(&p, d).lower_labels().clause(when, true);
    // "Cardiolex" is written with a capital inside a sentence and never in lower case: a
    // name. "Leverantören" is written in lower case too: a sentence's start.
    assert_eq!(
        said,
        "Cardiolex Lexor inte finns eller leverantören inte har en skrivare"
    );
}

#[test]
fn nothing_found_reads_inga_in_a_fact_and_inte_några_after_om() {
    let p = compiled(
        "decision d {\n  input xs: [Int]\n  output paragraf\n  when count(xs) == 0 then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let sv = Phrases::new(&p, d);
    assert_eq!(sv.clause(when, true), "det inte finns några xs");
    assert_eq!(sv.main_clauses().clause(when, true), "det finns inga xs");
}

#[test]
fn a_lambdas_element_is_named_by_its_type_and_a_field_by_its_label() {
    let p = compiled(
        "record Rad {\n  /// Kod\n  kod: Text,\n  n: Int,\n}\n\ndecision d {\n  input dagar: [Date]\n  input datum: Date\n  input rader: [Rad]\n  output paragraf\n  when any(dagar, x => x + 1 day > datum) or any(rader, r => r.kod == \"a\" and r.n > 1) then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    assert_eq!(
        Phrases::new(&p, d).lower_labels().clause(when, true),
        "något av dagar där dagen plus 1 dag är senare än datum eller något av rader där kod i posten är ”a” och n i posten är större än 1"
    );
}
