//! The motivering of small decisions, read as a case handler reads it: the facts that decided,
//! values in the reader's units, no "är saknas" or "a eller b" where the case has only a.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_eval::motivering::{Ending, motivering};
use serde_json::{Value, json};

/// The motivering of decision `d` in a one-file version of `body` on `input`.
fn said(body: &str, input: Value) -> String {
    let e = regel_testing::engine_of(body, &[]);
    let (_, d) = e.program().decision("d").unwrap();
    let values = regel_eval::json::inputs(&e, d, &input, "").unwrap();
    let traced = e.decide_traced(d, values);
    let ending = Ending::of(&traced).unwrap();
    motivering(&e, d, &traced.locals, ending)
}

const TOLK: &str = "decision d {\n  /// Patienten förstår svenska\n  input forstar: Bool\n  \
    /// Patienten kan uttrycka sig på svenska\n  input uttrycker: Bool\n  output paragraf\n  \
    when not forstar or not uttrycker then {} because tolk label \"Tolk behövs\"\n  \
    otherwise then {} because ingen label \"Inget tolkbehov\"\n}\n";

#[test]
fn a_disjunction_that_holds_names_the_parts_that_hold_and_no_others() {
    let text = said(TOLK, json!({"forstar": true, "uttrycker": false}));
    assert!(
        text.contains("Patienten kan inte uttrycka sig på svenska."),
        "{text}"
    );
    // Never "förstår svenska eller kan inte …": what held is said, what did not is left out.
    assert!(!text.contains("förstår"), "{text}");
    // Both held: both are said, each a sentence of its own.
    let text = said(TOLK, json!({"forstar": false, "uttrycker": false}));
    assert!(
        text.contains(
            "Patienten förstår inte svenska. Patienten kan inte uttrycka sig på svenska."
        ),
        "{text}"
    );
    // Neither held (the rule after it decided): each part is said as it is.
    let text = said(TOLK, json!({"forstar": true, "uttrycker": true}));
    assert!(
        text.contains("Patienten förstår svenska. Patienten kan uttrycka sig på svenska."),
        "{text}"
    );
}

#[test]
fn a_failed_conjunction_names_the_part_that_failed() {
    let body = "decision d {\n  /// Öppningstiden\n  input oppnar: Time? = null\n  \
        /// Stängningstiden\n  input stanger: Time? = null\n  output paragraf\n  \
        require oppnar != null and stanger != null else saknas label \"Öppettider saknas\"\n  \
        otherwise then {} because ok\n}\n";
    let text = said(body, json!({"oppnar": "08:00"}));
    assert!(text.contains("Stängningstiden saknas."), "{text}");
    assert!(!text.contains("Öppningstiden"), "{text}");
}

#[test]
fn nothing_decided_is_missing_not_är_saknas_or_är_inga() {
    let body = "decision d {\n  input a: Bool\n  /// hälsocentral\n  output hc: Text?\n  \
        /// möjliga åtgärder\n  output atgarder: [Text]\n  output paragraf\n  \
        when a then { hc: null, atgarder: [] } because inget\n  \
        otherwise then { hc: \"HC Kalix\", atgarder: [\"erinran\"] } because ok\n}\n";
    let text = said(body, json!({"a": true}));
    assert!(
        text.contains("Beslut: hälsocentral saknas och möjliga åtgärder saknas."),
        "{text}"
    );
    let text = said(body, json!({"a": false}));
    assert!(
        text.contains("hälsocentral är ”HC Kalix” och möjliga åtgärder är ”erinran”"),
        "{text}"
    );
}

#[test]
fn an_age_tested_against_a_list_of_ages_is_said_as_the_age() {
    let body = "/// åldrarna för hälsosamtal\nparam aldrar: [Int] = [40, 50, 60]\n\
        decision d {\n  /// personens födelsedatum\n  input fodd: Date\n  \
        /// dagen frågan gäller\n  input datum: Date\n  output paragraf\n  \
        /// Personen är i en ålder för hälsosamtal\n  \
        let alder = any(aldrar, a => datum >= fodd + a * 1 year and datum < fodd + (a + 1) * 1 year)\n  \
        when alder then {} because ja\n  otherwise then {} because nej\n}\n";
    let text = said(body, json!({"fodd": "1973-03-02", "datum": "2023-03-01"}));
    assert!(
        text.contains(
            "Åldern i hela år på dagen frågan gäller (2023-03-01), räknat från personens \
             födelsedatum (1973-03-02), är 49, ingen av åldrarna för hälsosamtal (40, 50 och 60)."
        ),
        "{text}"
    );
    // Born on 29 February: 60 on 28 February of a common year, as the calendar counts.
    let text = said(body, json!({"fodd": "1963-02-28", "datum": "2023-02-28"}));
    assert!(text.contains("är 60, en av åldrarna"), "{text}");
    // Not yet born on the day: no age is said (the calendar's whole years would be −1 or
    // less, which no person has).
    let text = said(body, json!({"fodd": "2023-06-01", "datum": "2022-05-01"}));
    assert!(!text.contains("Åldern i hela år"), "{text}");
}

#[test]
fn a_variant_among_those_listed_is_said_as_itself() {
    let body = "/// Licens\nenum Licens {\n  /// ingen licens\n  ingen,\n  /// E1\n  e1,\n  \
        /// E3\n  e3,\n  /// E5\n  e5,\n}\n\
        decision d {\n  /// Leverantörens licens\n  input licens: Licens\n  output paragraf\n  \
        when licens in [e3, e5] then {} because ja\n  otherwise then {} because nej\n}\n";
    let text = said(body, json!({"licens": "e5"}));
    assert!(text.contains("Leverantörens licens är E5."), "{text}");
    let text = said(body, json!({"licens": "e1"}));
    assert!(
        text.contains("Leverantörens licens (E1) är varken E3 eller E5."),
        "{text}"
    );
    // A value that means none is what the owner does not have.
    let text = said(body, json!({"licens": "ingen"}));
    assert!(text.contains("Leverantören har ingen licens."), "{text}");
    assert!(!text.contains("varken"), "{text}");
}

#[test]
fn an_output_that_copies_a_parameter_in_percent_reads_in_percent() {
    let body = "/// Uppräkning totalt\nparam upprakning: Decimal = 4.3 %\n\
        decision d {\n  /// uppräkning totalt\n  output totalt: Decimal = upprakning\n  \
        output paragraf\n  otherwise then {} because ok\n}\n";
    let text = said(body, json!({}));
    assert!(text.contains("uppräkning totalt är 4,3 %"), "{text}");
}

#[test]
fn a_day_is_not_later_than_a_day_but_at_the_latest_a_time_after_it() {
    let body = "/// frist\nparam frist: Duration = 60 days\n\
        decision d {\n  /// Dagen för invändningen\n  input invandning: Date\n  \
        /// beslutsdagen\n  input beslut: Date\n  output paragraf\n  \
        when invandning >= beslut and invandning <= beslut + frist then {} because i_tid\n  \
        otherwise then {} because sent\n}\n";
    let text = said(
        body,
        json!({"invandning": "2023-03-10", "beslut": "2023-03-01"}),
    );
    assert!(
        text.contains(
            "Dagen för invändningen (2023-03-10) är inte tidigare än beslutsdagen (2023-03-01)."
        ),
        "{text}"
    );
    assert!(
        text.contains("Dagen för invändningen (2023-03-10) är senast 60 dagar efter beslutsdagen (2023-03-01)."),
        "{text}"
    );
}

#[test]
fn a_reason_that_repeats_the_decision_is_not_said_twice() {
    let body = "decision d {\n  input a: Bool\n  /// Intyget är tillräckligt nytt\n  output nytt: Bool\n  \
        output paragraf\n  when a then { nytt: true } because nytt label \"Intyget är tillräckligt nytt\"\n  \
        otherwise then { nytt: false } because gammalt label \"Intyget är för gammalt\"\n}\n";
    let text = said(body, json!({"a": true}));
    assert!(
        text.contains("Beslut: intyget är tillräckligt nytt."),
        "{text}"
    );
    assert!(!text.contains("Skäl:"), "{text}");
    let text = said(body, json!({"a": false}));
    assert!(text.contains("Skäl: intyget är för gammalt."), "{text}");
}

#[test]
fn a_comparison_a_missing_value_leaves_equal_says_the_value_is_missing() {
    let body = "decision d {\n  /// Önskat upphörande\n  input onskat: Date? = null\n  \
        /// Tidigaste dag för upphörande\n  input tidigast: Date\n  output paragraf\n  \
        when (onskat ?? tidigast) < tidigast then {} because kort label \"För kort varsel\"\n  \
        otherwise then {} because ok label \"Begäran i tid\"\n}\n";
    let text = said(body, json!({"tidigast": "2024-03-15"}));
    assert!(text.contains("Önskat upphörande saknas."), "{text}");
    // Never the day compared with itself.
    assert!(
        !text.contains("Tidigaste dag för upphörande (2024-03-15) är"),
        "{text}"
    );
    let text = said(
        body,
        json!({"onskat": "2024-03-16", "tidigast": "2024-03-15"}),
    );
    assert!(
        text.contains(
            "Önskat upphörande (2024-03-16) är inte tidigare än tidigaste dag för upphörande (2024-03-15)."
        ),
        "{text}"
    );
}

#[test]
fn a_value_given_is_said_as_the_value_and_not_again_beside_a_fact_that_names_it() {
    let body = "decision d {\n  /// Dagen för uppsägningen\n  input uppsagning: Date? = null\n  \
        /// Driftstart\n  input start: Date\n  output paragraf\n  \
        when uppsagning != null and (uppsagning ?? start) < start then {} because fore label \"Före start\"\n  \
        when uppsagning != null then {} because uppsagd label \"Uppsagt\"\n  \
        otherwise then {} because ok label \"Ej uppsagt\"\n}\n";
    let text = said(
        body,
        json!({"uppsagning": "2023-03-01", "start": "2023-03-01"}),
    );
    assert!(
        text.contains("Dagen för uppsägningen är 2023-03-01."),
        "{text}"
    );
    assert!(!text.contains("har angetts"), "{text}");
    // The comparison names the value: it is not said twice.
    let text = said(
        body,
        json!({"uppsagning": "2023-02-28", "start": "2023-03-01"}),
    );
    assert!(
        text.contains(
            "\n\nDagen för uppsägningen (2023-02-28) är tidigare än driftstart (2023-03-01).\n"
        ),
        "{text}"
    );
    assert!(!text.contains("Dagen för uppsägningen är"), "{text}");
}

#[test]
fn an_age_counted_once_is_named_by_its_number_the_second_time() {
    let body = "/// åldrarna för hälsosamtal\nparam aldrar: [Int] = [40, 50, 60]\n\
        /// åldrarna för testning\nparam testaldrar: [Int] = [50, 56]\n\
        decision d {\n  /// personens födelsedatum\n  input fodd: Date\n  \
        /// dagen frågan gäller\n  input datum: Date\n  output paragraf\n  \
        /// Personen är i en ålder för hälsosamtal\n  \
        let alder = any(aldrar, a => datum >= fodd + a * 1 year and datum < fodd + (a + 1) * 1 year)\n  \
        /// Personen är i en ålder för testning\n  \
        let testning = any(testaldrar, a => datum >= fodd + a * 1 year and datum < fodd + (a + 1) * 1 year)\n  \
        when alder or testning then {} because ja\n  otherwise then {} because nej\n}\n";
    let text = said(body, json!({"fodd": "1973-03-02", "datum": "2023-03-01"}));
    assert!(
        text.contains(
            "Åldern i hela år på dagen frågan gäller (2023-03-01), räknat från personens \
             födelsedatum (1973-03-02), är 49, ingen av åldrarna för hälsosamtal (40, 50 och 60)."
        ),
        "{text}"
    );
    assert!(
        text.contains("Åldern (49) är ingen av åldrarna för testning (50 och 56)."),
        "{text}"
    );
    assert_eq!(text.matches("Åldern i hela år").count(), 1, "{text}");
}

#[test]
fn a_missing_value_a_fallback_stands_for_is_named_with_what_counts_in_its_place() {
    let body = "decision d {\n  /// Patientens födelsedatum\n  input fodd: Date? = null\n  \
        /// Dagen insatsen gäller\n  input datum: Date? = null\n  output paragraf\n  \
        require (fodd ?? 2023-01-01) <= (datum ?? fodd ?? 2023-01-01) else efter label \"Födelsedatum efter dagen\"\n  \
        otherwise then {} because ok label \"Prövat\"\n}\n";
    let text = said(body, json!({"datum": "2022-06-01"}));
    // Never "2023-01-01 är senare än …": the day the case does not give is named as such.
    assert!(
        text.contains(
            "Patientens födelsedatum (saknas, räknas som 2023-01-01) är senare än dagen insatsen gäller (2022-06-01)."
        ),
        "{text}"
    );
    // A fallback to another value names that value with its own.
    let body = "decision d {\n  /// Dagen insatsen gäller\n  input datum: Date? = null\n  \
        /// Driftstart\n  input start: Date\n  /// Fristen\n  input frist: Date\n  output paragraf\n  \
        when (datum ?? start) > frist then {} because sen label \"Sent\"\n  \
        otherwise then {} because ok label \"I tid\"\n}\n";
    let text = said(body, json!({"start": "2023-03-01", "frist": "2023-02-01"}));
    assert!(
        text.contains(
            "Dagen insatsen gäller (saknas, räknas som driftstart, 2023-03-01) är senare än fristen (2023-02-01)."
        ),
        "{text}"
    );
}

#[test]
fn what_a_variant_is_not_is_left_out_beside_what_it_is() {
    let body = "/// Kostnad\nenum Kostnad {\n  /// grundlön\n  grundlon,\n  /// resor\n  resor,\n  \
        /// övertid\n  overtid,\n}\n\
        decision d {\n  /// Kostnaden\n  input kostnad: Kostnad\n  output paragraf\n  \
        when kostnad in [grundlon, resor] then {} because ja\n  \
        when not (kostnad in [grundlon, resor]) and kostnad == overtid then {} because over\n  \
        otherwise then {} because nej\n}\n";
    let text = said(body, json!({"kostnad": "overtid"}));
    assert!(text.contains("Kostnaden är övertid."), "{text}");
    assert!(!text.contains("varken"), "{text}");
}

#[test]
fn what_one_is_not_offered_is_denied_by_its_article() {
    let body = "decision d {\n  /// Personen är i målgruppen\n  input malgrupp: Bool\n  \
        /// Personen erbjuds en kostnadsfri hälsoundersökning\n  output erbjuds: Bool\n  \
        output paragraf\n  when not malgrupp then { erbjuds: false } because utanfor \
        label \"Utanför målgruppen\"\n  otherwise then { erbjuds: true } because ok\n}\n";
    let text = said(body, json!({"malgrupp": false}));
    assert!(
        text.contains("Beslut: personen erbjuds ingen kostnadsfri hälsoundersökning."),
        "{text}"
    );
    let text = said(body, json!({"malgrupp": true}));
    assert!(
        text.contains("Beslut: personen erbjuds en kostnadsfri hälsoundersökning."),
        "{text}"
    );
}
