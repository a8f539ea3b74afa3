//! Rules read aloud: the words a comparison gets follow the types the checker recorded.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_compiler::ir::{Program, Value};
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
        "Cardiolex Lexor inte finns eller leverantören inte har någon skrivare"
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
        "det för någon dag bland dagar gäller att 1 dag efter dagen är senare än datum eller det för någon post bland rader gäller att kod i posten är ”a” och n i posten är större än 1"
    );
}

/// The phrases of the first rule's condition of a decision `body`, after "om" and as a
/// main clause that does not hold.
fn both_ways(body: &str) -> (String, String) {
    let p = compiled(body);
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let sv = Phrases::new(&p, d).lower_labels();
    (sv.clause(when, true), sv.main_clauses().clause(when, false))
}

fn decision(inputs: &str, when: &str) -> String {
    format!(
        "decision d {{\n{inputs}\n  output paragraf\n  when {when} then {{}} because sen\n  otherwise then {{}} because ok\n}}\n"
    )
}

#[test]
fn two_values_given_together_read_as_both_or_neither() {
    let (sub, denied) = both_ways(&decision(
        "  /// Första dagen\n  input fran: Date? = null\n  /// Sista dagen\n  input till: Date? = null",
        "(fran == null) == (till == null)",
    ));
    assert_eq!(
        sub,
        "antingen både första dagen och sista dagen har angetts eller båda saknas"
    );
    assert_eq!(
        denied,
        "bara en av första dagen och sista dagen har angetts"
    );
}

#[test]
fn a_variant_labelled_by_a_negative_is_not_denied_twice() {
    let p = "/// Behov\nenum Behov {\n  /// inget sådant behov\n  inget,\n  /// döv\n  dov,\n  /// talskadad\n  talskadad,\n}\n";
    let (sub, denied) = both_ways(&format!(
        "{p}{}",
        decision("  /// Patienten\n  input behov: Behov", "behov != inget")
    ));
    assert_eq!(sub, "patienten är döv eller talskadad");
    assert_eq!(denied, "patienten är varken döv eller talskadad");
}

#[test]
fn a_date_built_from_parts_names_each_part_once() {
    let said = condition(
        "  /// Året efter verksamhetsåret\n  input ar: Int\n  /// Månad för berättelsen\n  input manad: Int\n  input datum: Date",
        "datum <= date(ar, manad, 25)",
    );
    assert_eq!(
        said,
        "datum inte är senare än datumet som bildas av Året efter verksamhetsåret, Månad för berättelsen och dag 25"
    );
}

#[test]
fn a_sum_inside_a_product_is_grouped_and_a_time_added_to_a_date_reads_efter() {
    let (sub, _) = both_ways(&decision(
        "  /// Åldrar\n  input aldrar: [Int]\n  /// Födelsedatum\n  input fodd: Date\n  /// Dagen\n  input datum: Date",
        "any(aldrar, a => datum >= fodd + a * 1 year and datum < fodd + (a + 1) * 1 year)",
    ));
    // The whole years from a birth date to a day being one of a list: an age, said as one.
    assert_eq!(
        sub,
        "åldern i hela år på dagen, räknat från födelsedatum, är en av åldrar"
    );
    // Two bounds from different days are no age.
    let (sub, _) = both_ways(&decision(
        "  /// Åldrar\n  input aldrar: [Int]\n  /// Födelsedatum\n  input fodd: Date\n  /// Dagen\n  input datum: Date\n  /// Beslutsdagen\n  input beslut: Date",
        "any(aldrar, a => datum >= fodd + a * 1 year and beslut < fodd + (a + 1) * 1 year)",
    ));
    assert!(
        sub.starts_with("det för något tal bland åldrar gäller att"),
        "{sub}"
    );
    // Nor are two bounds from different birth dates.
    let (sub, _) = both_ways(&decision(
        "  /// Åldrar\n  input aldrar: [Int]\n  /// Födelsedatum\n  input fodd: Date\n  /// Annat datum\n  input annat: Date\n  /// Dagen\n  input datum: Date",
        "any(aldrar, a => datum >= fodd + a * 1 year and datum < annat + (a + 1) * 1 year)",
    ));
    assert!(
        sub.starts_with("det för något tal bland åldrar gäller att"),
        "{sub}"
    );
    let said = condition(
        "  input a: Int\n  input b: Int\n  input c: Int",
        "a - (b - c) > (a + b) * c",
    );
    assert_eq!(said, "a minus (b minus c) är större än (a plus b) gånger c");
    let said = condition(
        "  input beslut: Date\n  input svar: Date",
        "svar <= beslut + 3 weeks and svar > beslut - 1 day",
    );
    assert_eq!(
        said,
        "svar är senast 3 veckor efter beslut och svar är senare än dagen före beslut"
    );
}

#[test]
fn values_equal_to_themselves_rounded_have_at_most_that_many_decimals() {
    let (sub, denied) = both_ways(&decision(
        "  /// Tabellens rader\n  input rader: [Decimal]",
        "all(rader, r => r == round(r, 1))",
    ));
    assert_eq!(sub, "alla tabellens rader har högst en decimal");
    assert_eq!(denied, "inte alla tabellens rader har högst en decimal");
}

#[test]
fn and_inside_or_is_grouped() {
    let said = condition(
        "  input a: Bool\n  input b: Bool\n  input c: Bool",
        "not a or (b and c)",
    );
    assert_eq!(said, "inte a eller både b och c");
    let said = condition(
        "  input a: Bool\n  input b: Bool\n  input c: Bool",
        "a and (b or c)",
    );
    assert_eq!(said, "a och antingen b eller c");
}

#[test]
fn a_yes_or_no_compared_with_a_constant_is_said_as_holding_or_not() {
    let said = condition(
        "  /// Utredningen visade fel hos leverantören\n  input fel: Bool",
        "fel == false",
    );
    assert_eq!(said, "Utredningen inte visade fel hos leverantören");
    let said = condition(
        "  /// Utredningen visade fel hos leverantören\n  input fel: Bool",
        "fel != false",
    );
    assert_eq!(said, "Utredningen visade fel hos leverantören");
}

#[test]
fn a_fallback_reads_as_a_person_says_it() {
    let said = condition(
        "  /// Dagen för invändningen\n  input invandning: Date? = null\n  /// Beslutsdagen\n  input beslut: Date\n  /// Fristen\n  input frist: Date",
        "(invandning ?? beslut) >= frist",
    );
    assert_eq!(
        said,
        "Dagen för invändningen eller, om uppgiften saknas, Beslutsdagen inte är tidigare än Fristen"
    );
    // A chain names its last fallback for when both are missing.
    let said = condition(
        "  input a: Date? = null\n  input b: Date? = null",
        "(a ?? b ?? 2023-01-01) >= 2023-01-01",
    );
    assert_eq!(
        said,
        "a eller, om uppgiften saknas, b eller, om båda saknas, 2023-01-01 inte är tidigare än 2023-01-01"
    );
}

#[test]
fn a_comparison_that_a_missing_value_leaves_equal_asks_whether_the_values_are_given() {
    let inputs = "  /// Dagen för invändningen\n  input invandning: Date? = null\n  /// Beslutsdagen\n  input beslut: Date";
    // The fallback is the other side: a missing day compares the decision day with itself.
    assert_eq!(
        condition(inputs, "(invandning ?? beslut) >= beslut"),
        "Dagen för invändningen saknas eller inte är tidigare än Beslutsdagen"
    );
    assert_eq!(
        condition(inputs, "(invandning ?? beslut) < beslut"),
        "Dagen för invändningen har angetts och är tidigare än Beslutsdagen"
    );
    // Two chains over the same days with the same last fallback: one day missing leaves the
    // other on both sides, both missing the fallback.
    let period = "  /// Första dagen\n  input fran: Date? = null\n  /// Sista dagen\n  input till: Date? = null";
    let (sub, _) = both_ways(&decision(
        period,
        "not ((till ?? fran ?? 2023-01-01) >= (fran ?? till ?? 2023-01-01))",
    ));
    assert_eq!(
        sub,
        "sista dagen och första dagen har angetts och sista dagen är tidigare än första dagen"
    );
    // Chains that a missing value leaves different are read whole.
    assert_eq!(
        condition(
            period,
            "(till ?? 2023-01-01) >= (fran ?? till ?? 2023-01-01)"
        ),
        "Sista dagen eller, om uppgiften saknas, 2023-01-01 inte är tidigare än Första dagen eller, om uppgiften saknas, Sista dagen eller, om båda saknas, 2023-01-01"
    );
}

#[test]
fn a_long_chain_read_apart_says_what_counts_when_a_value_is_missing() {
    let p = compiled(
        "decision d {\n  /// Patientens födelsedatum\n  input fodd: Date? = null\n  /// Dagen insatsen gäller\n  input datum: Date? = null\n  output paragraf\n  when (fodd ?? 2023-01-01) > (datum ?? fodd ?? 2023-01-01) then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let sv = Phrases::new(&p, d).lower_labels();
    assert!(regel_eval::phrase::long_chain(when));
    assert_eq!(
        sv.fallbacks_apart().clause(when, true),
        "patientens födelsedatum är senare än dagen insatsen gäller"
    );
    assert_eq!(
        sv.fallbacks_apart().fallback_sentences(when),
        [
            "Saknas patientens födelsedatum räknas i stället 2023-01-01.",
            "Saknas dagen insatsen gäller räknas i stället patientens födelsedatum, och saknas båda 2023-01-01."
        ]
    );
    // Not read apart, the chain is said whole.
    assert!(
        sv.clause(when, true)
            .contains("eller, om båda saknas, 2023-01-01")
    );
}

#[test]
fn a_name_without_small_letters_keeps_its_capitals_and_a_one_letter_word_does_not() {
    let (sub, _) = both_ways(&format!(
        "/// Licens\nenum Licens {{\n  /// ingen licens\n  ingen,\n  /// E3\n  e3,\n  /// E5\n  e5,\n}}\n{}",
        decision(
            "  /// Leverantörens licens\n  input licens: Licens\n  /// I målgruppen\n  input malgrupp: Bool",
            "licens in [e3, e5] and not malgrupp",
        )
    ));
    assert_eq!(
        sub,
        "leverantörens licens är E3 eller E5 och inte i målgruppen"
    );
}

#[test]
fn a_record_value_reads_with_its_fields_labels() {
    let p = compiled(
        "/// Delar\nrecord Delar {\n  /// Enligt ålder\n  alder: Money,\n  /// Enligt ACG\n  acg: Money,\n}\n\ndecision d {\n  input a: Money\n  /// Delarna\n  output delar: Delar = Delar { alder: a, acg: a }\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let output = d.outputs.iter().find(|o| o.name == "delar").unwrap();
    let value = regel_compiler::ir::Value::Record(Arc::from(vec![
        regel_compiler::ir::Value::Money("4992000".parse().unwrap()),
        regel_compiler::ir::Value::Money("1948000.5".parse().unwrap()),
    ]));
    assert_eq!(
        Phrases::new(&p, d).typed_value(&output.ty, &value),
        "enligt ålder 4\u{a0}992\u{a0}000 kr och enligt ACG 1\u{a0}948\u{a0}000,50 kr"
    );
}

#[test]
fn two_things_missing_share_their_verb() {
    let (sub, denied) = both_ways(&decision(
        "  /// Öppningstiden\n  input oppnar: Time? = null\n  /// Stängningstiden\n  input stanger: Time? = null",
        "oppnar == null or stanger == null",
    ));
    assert_eq!(sub, "öppningstiden eller stängningstiden saknas");
    assert_eq!(denied, "öppningstiden och stängningstiden har angetts");
}

#[test]
fn a_time_a_parameter_gives_reads_as_itself_when_known() {
    let p = compiled(
        "/// Svarstid\nparam frist: Duration = 3 weeks\n\ndecision d {\n  input beslut: Date\n  input svar: Date\n  output paragraf\n  when svar <= beslut + frist then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let params = [regel_compiler::ir::Value::Duration(
        regel_compiler::ir::Duration {
            amount: 3,
            unit: regel_syntax::DurationUnit::Weeks,
        },
    )];
    let sv = Phrases::new(&p, d).lower_labels();
    assert_eq!(
        sv.clause(when, true),
        "svar är senast svarstid efter beslut"
    );
    assert_eq!(
        sv.with_param_values(&params).clause(when, true),
        "svar är senast 3 veckor efter beslut"
    );
}

#[test]
fn a_variant_named_with_a_capital_keeps_it_inside_a_sentence() {
    let (sub, _) = both_ways(&format!(
        "/// System\nenum System {{\n  /// Svevac\n  svevac,\n  /// Sectra order management\n  sectra,\n  /// annat system\n  annat,\n}}\n{}",
        decision(
            "  /// Systemet\n  input system: System",
            "system == svevac or system == sectra or system == annat",
        )
    ));
    assert_eq!(
        sub,
        "systemet är Svevac eller systemet är Sectra order management eller systemet är annat system"
    );
}

#[test]
fn a_fallback_never_used_is_not_read() {
    let body = decision(
        "  /// Dagen för uppsägningen\n  input uppsagning: Date? = null\n  /// Driftstart\n  input start: Date",
        "uppsagning != null and (uppsagning ?? start) < start",
    );
    let (sub, _) = both_ways(&body);
    assert_eq!(
        sub,
        "dagen för uppsägningen har angetts och är tidigare än driftstart"
    );
    // Given by a require the phrase stands under.
    let p = compiled(&body);
    let (_, d) = p.decision("d").unwrap();
    let Some(regel_compiler::ir::Expr::Binary(_, _, later)) = d.rules[0].when.as_ref() else {
        panic!("a conjunction");
    };
    let sv = Phrases::new(&p, d).lower_labels();
    assert_eq!(
        sv.clause(later, true),
        "dagen för uppsägningen har angetts och är tidigare än driftstart"
    );
    assert_eq!(
        sv.with_given(&[0]).clause(later, true),
        "dagen för uppsägningen är tidigare än driftstart"
    );
}

#[test]
fn a_parameter_reads_with_its_value_when_known_and_missing_by_its_label() {
    let p = compiled(
        "/// Högsta antal byten\nparam max_byten: Int = 2\n\ndecision d {\n  input n: Int\n  output paragraf\n  when n >= max_byten then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let sv = Phrases::new(&p, d).lower_labels();
    let two = [regel_compiler::ir::Value::Int(2)];
    let missing = [regel_compiler::ir::Value::Null];
    assert_eq!(
        sv.with_param_values(&two).clause(when, true),
        "n är minst högsta antal byten (2)"
    );
    assert_eq!(
        sv.with_param_values(&missing).clause(when, true),
        "n är minst högsta antal byten"
    );
}

#[test]
fn a_limit_not_passed_reads_alike_for_a_value_and_for_an_element() {
    let p = compiled(&decision(
        "  /// Begärt vite\n  input begart: Money\n  /// Beloppen\n  input belopp: [Money]\n  /// Taket\n  input tak: Money",
        "begart > tak or any(belopp, b => b > tak) or any(belopp, b => b <= tak)",
    ));
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let sv = Phrases::new(&p, d).lower_labels().main_clauses();
    let regel_compiler::ir::Expr::Binary(_, left, written_le) = when else {
        panic!("{when:?}")
    };
    let regel_compiler::ir::Expr::Binary(_, value, element) = &**left else {
        panic!("{left:?}")
    };
    // `begart > tak` not holding, as a fact and after "om".
    assert_eq!(sv.clause(value, false), "begärt vite överstiger inte taket");
    assert_eq!(
        Phrases::new(&p, d).lower_labels().clause(value, false),
        "begärt vite inte överstiger taket"
    );
    // The same comparison of an element, not holding, is the same words (the motivering's
    // "Av beloppen överstiger 10 kr inte taket"), where it once read "är högst".
    let regel_compiler::ir::Expr::ListOp { slot, body, .. } = &**element else {
        panic!("{element:?}")
    };
    let body = body.as_deref().unwrap();
    assert_eq!(
        sv.element_predicate(*slot, body, false, true).as_deref(),
        Some("överstiger inte taket")
    );
    assert_eq!(
        sv.element_predicate(*slot, body, true, true).as_deref(),
        Some("är större än taket")
    );
    // A bound written as one reads as a bound: "som är högst taket".
    assert_eq!(
        sv.clause(written_le, true),
        "något av beloppen är högst taket"
    );
}

#[test]
fn an_amount_reads_in_the_unit_the_model_records_not_by_its_labels_words() {
    use regel_compiler::ir::Value;
    use rust_decimal::Decimal;
    let p = compiled(
        "param ram: Money = 499.2 mnkr - 15.8 mnkr @ \"1\"\nparam andel: Decimal = 10 % + 5 % @ \"1\"\nparam belopp: Money = 1000 kr @ \"1\"\n\ndecision d {\n  /// Fördelning\n  input x: Decimal\n  /// Rad\n  output rad: Decimal = round(x, 1)\n  /// Andel\n  output andel_ut: Decimal? = if x == 0 then null else round(x, 2)\n  /// Rå\n  output ra: Decimal = x\n  output paragraf\n  when x > ram / 1 mnkr + andel + belopp / 1 kr then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let sv = Phrases::new(&p, d);
    let param = |name: &str| p.param(name).unwrap().0;
    let money = Value::Money(Decimal::new(4834, 1) * Decimal::from(1_000_000));
    assert_eq!(sv.param_value(param("ram"), &money), "483,4 mnkr");
    let share = Value::Decimal(Decimal::new(15, 2));
    assert_eq!(sv.param_value(param("andel"), &share), "15 %");
    let kronor = Value::Money(Decimal::from(1000));
    assert_eq!(sv.param_value(param("belopp"), &kronor), "1\u{a0}000 kr");
    // The decimals an output's formula rounds to, though no label says "mnkr".
    let whole = Value::Decimal(Decimal::from(78));
    assert_eq!(sv.output_value(0, 0, &whole), "78,0");
    let tenth = Value::Decimal(Decimal::new(1, 1));
    assert_eq!(sv.output_value(0, 1, &tenth), "0,10");
    assert_eq!(sv.output_value(0, 2, &tenth), "0,1");
}

#[test]
fn an_output_a_rule_or_a_let_rounds_keeps_its_decimals() {
    use regel_compiler::ir::Value;
    use rust_decimal::Decimal;
    let p = compiled(
        "decision d {\n  input x: Decimal\n  let avrundad = round(x, 2)\n  output kopia: Decimal = avrundad\n  output satt: Decimal\n  output paragraf\n  when x > 1 then { satt: round(x, 2) } because sen\n  otherwise then { satt: x } because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let sv = Phrases::new(&p, d);
    let tenth = Value::Decimal(Decimal::new(1, 1));
    assert_eq!(sv.output_value(0, 0, &tenth), "0,10");
    assert_eq!(sv.output_value(0, 1, &tenth), "0,10");
    // The rule that decided gave the value unrounded.
    assert_eq!(sv.output_value(1, 1, &tenth), "0,1");
}

#[test]
fn a_number_rounded_to_no_decimals_is_rounded_to_a_whole_number() {
    let said = condition("  input x: Decimal", "round(x, 0) > 1 and floor(x, 1) > 1");
    assert_eq!(
        said,
        "x avrundat till heltal är större än 1 och x avrundat nedåt till en decimal är större än 1"
    );
}

#[test]
fn an_elements_comparison_in_a_main_clause_has_a_main_clauses_word_order() {
    let (sub, denied) = both_ways(&decision(
        "  /// Beloppen\n  input belopp: [Int]",
        "any(belopp, b => b != 0)",
    ));
    assert_eq!(sub, "något av beloppen inte är 0");
    assert_eq!(denied, "inget av beloppen är inte 0");
    let p = compiled(&decision(
        "  /// Beloppen\n  input belopp: [Int]",
        "any(belopp, b => b != 0)",
    ));
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let sv = Phrases::new(&p, d).lower_labels().main_clauses();
    assert_eq!(sv.clause(when, true), "något av beloppen är inte 0");
}

#[test]
fn a_rounding_and_a_value_already_rounded_say_the_decimals_in_the_same_words() {
    let said = condition(
        "  input x: Decimal\n  input xs: [Decimal]",
        "round(x, 2) > 1 and all(xs, r => r == round(r, 2))",
    );
    assert_eq!(
        said,
        "x avrundat till två decimaler är större än 1 och alla xs har högst två decimaler"
    );
}

#[test]
fn a_comparison_on_the_left_of_a_comparison_keeps_its_parentheses_in_the_regel_text() {
    let p = compiled(
        "decision d {\n  input a: Int\n  input b: Int\n  input c: Bool\n  output paragraf\n  \
         when (a == b) == c then {} because lika\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    assert_eq!(regel_eval::phrase::regel_text(&p, d, when), "(a == b) == c");
}

#[test]
fn a_bound_that_must_hold_is_said_as_the_comparison_that_fails_it() {
    let p = compiled(
        "decision d {\n  /// Födelsedatum\n  input fodd: Date\n  /// Dagen\n  input datum: Date\n  \
         /// Tidigare byten\n  input byten: [Date]\n  output paragraf\n  \
         require fodd <= datum else efter\n  require all(byten, b => b <= datum) else senare\n  \
         require all(byten, b => b > fodd) else tidigare\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = p.decision("d").unwrap();
    let sv = Phrases::new(&p, d).lower_labels();
    let said: Vec<String> = d
        .requires
        .iter()
        .map(|r| {
            assert!(regel_eval::phrase::reads_better_denied(&r.cond));
            sv.clause(&r.cond, false)
        })
        .collect();
    // Never "om inte födelsedatum inte är senare än dagen".
    assert_eq!(said[0], "födelsedatum är senare än dagen");
    assert_eq!(said[1], "något av tidigare byten är senare än dagen");
    // After "om" the clause is subordinate: "inte" before the verb, not after it.
    assert_eq!(
        said[2],
        "något av tidigare byten inte är senare än födelsedatum"
    );
}

#[test]
fn a_periods_last_day_reads_pa_not_om_which_reads_as_if() {
    let said = condition(
        "  /// Driftstart\n  input s: Date\n  /// Dagen\n  input t: Date",
        "t > period_end(s, 5 years)",
    );
    assert_eq!(
        said,
        "Dagen är senare än sista dagen i perioden på 5 år från Driftstart"
    );
}

/// A figure is grouped from four digits wherever a person reads it ("5 600", as the memo and
/// the region's own memo write "1 191,2 mnkr"), but a year stays one word ("2023"): the local
/// that gives `date(…)` its year, the input it is counted from, and a number compared with it.
#[test]
fn a_figure_is_grouped_from_four_digits_and_a_year_is_one_word() {
    let p = compiled(
        "decision d {
  /// Verksamhetsår
  input ar: Int?
  /// Antal listade
  input listade: Int
  /// Året efter verksamhetsåret
  let foljande = (ar ?? 0) + 1
  output senast: Date
  output paragraf
  when listade > 1100 and (ar ?? 0) >= 2020 and foljande > 2020
    then { senast: date(foljande, 2, 25) } because sen
  otherwise then { senast: 2023-01-01 } because ok
}
",
    );
    let (_, d) = p.decision("d").unwrap();
    let when = d.rules[0].when.as_ref().unwrap();
    let locals = [Value::Int(2023), Value::Int(5600), Value::Int(2024)];
    let said = Phrases::new(&p, d)
        .lower_labels()
        .with_values(&[], &locals)
        .clause(when, true);
    assert_eq!(
        said,
        "antal listade (5\u{a0}600) är större än 1\u{a0}100 och verksamhetsår (2023) är minst 2020 och året efter verksamhetsåret (2024) är större än 2020"
    );
}
