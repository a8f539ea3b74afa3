//! The memo's Swedish: counts, nouns and participles agree ("ett beslut tillagt", "en regel
//! borttagen", "två regler"), on small versions written inline.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{BASE, load};
use regel_compiler::Database;
use regel_diff::{Options, diff, render};

fn memo(old: &str, new: &str) -> String {
    let db = Database::default();
    let (a, b) = (load(&db, "old", old), load(&db, "new", new));
    render::markdown(&diff(&db, a, b, Options::default()))
}

/// One decision added, one rule removed, one parameter changed.
fn edited() -> String {
    let removed = BASE.replace(
        "  when kanal == Kanal.telefon\n    then { utfall: avslas }\n    because fel_kanal\n",
        "",
    );
    assert_ne!(removed, BASE);
    removed.replace("param max_byten: Int = 2", "param max_byten: Int = 3")
        + "\nsection \"2\" \"Gränser\"\n\ndecision val.ny {\n  input n: Int\n  output paragraf\n  otherwise\n    then {}\n    because ok\n}\n"
}

#[test]
fn nouns_numbers_and_participles_agree() {
    let md = memo(BASE, &edited());
    for phrase in [
        "Beslut `val.ny` tillagt",
        "Regel `fel_kanal` borttagen",
        "Två avsnitt med ändrat innehåll",
    ] {
        assert!(md.contains(phrase), "the memo lacks {phrase:?}:\n{md}");
    }
    for wrong in [
        "tillagd i",
        "1 ändrade",
        "1 borttagna",
        "1 tillagda",
        "first match",
    ] {
        assert!(!md.contains(wrong), "the memo says {wrong:?}:\n{md}");
    }
    insta::assert_snapshot!("agreement", md);
}

#[test]
fn one_of_each_is_said_in_the_singular() {
    let new = BASE.replace("param max_byten: Int = 2", "param max_byten: Int = 3");
    let md = memo(BASE, &new);
    assert!(md.contains("Ett avsnitt med ändrat innehåll"), "{md}");
    assert!(md.contains("En del har ändrats."), "{md}");
}

#[test]
fn a_reordering_is_named_in_swedish() {
    let new = BASE.replace(
        "  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n  when byten >= max_byten\n    then { utfall: avslas }\n    because for_manga @ \"2\"\n",
        "  when byten >= max_byten\n    then { utfall: avslas }\n    because for_manga @ \"2\"\n  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n",
    );
    let md = memo(BASE, &new);
    assert!(md.contains("Reglernas ordning ändrad"), "{md}");
    assert!(!md.contains("first match"), "{md}");
}

#[test]
fn a_change_to_a_rules_doc_comment_alone_is_a_word_diff() {
    let rule = "  when byten >= max_byten\n";
    let old = BASE.replace(
        rule,
        &format!("  /// För många byten\n  ///\n  /// Läsning: högst två.\n{rule}"),
    );
    let new = BASE.replace(
        rule,
        &format!("  /// För många byten\n  ///\n  /// Läsning: högst tre.\n{rule}"),
    );
    let md = memo(&old, &new);
    assert!(md.contains("En del har ändrats."), "{md}");
    assert!(
        md.contains("Regel ”För många byten”: beskrivningen ändrad"),
        "{md}"
    );
    assert!(md.contains("~~två.~~ **tre.**"), "{md}");
    // No rule text: only the words changed.
    assert!(!md.contains("```regel"), "{md}");
}

#[test]
fn a_changed_reason_code_is_named_by_its_labels_and_its_codes() {
    let old = BASE.replace(
        "because fel_kanal\n",
        "because fel_kanal label \"Fel kanal\"\n",
    );
    let new = BASE.replace(
        "because fel_kanal\n",
        "because telefon_ej_tillaten label \"Telefon är inte tillåten\"\n",
    );
    let md = memo(&old, &new);
    assert!(
        md.contains(
            "(skäl ”Fel kanal” → ”Telefon är inte tillåten”, kod `fel_kanal` → `telefon_ej_tillaten`)"
        ),
        "{md}"
    );
    // The rule read aloud names the reason by its label.
    assert!(md.contains("(skäl: telefon är inte tillåten"), "{md}");
}

#[test]
fn rules_read_as_the_regions_memo_writes_them() {
    let added = r#"
enum Beslut {
  /// Bytet beviljas
  bifall,
  /// Bytet avslås
  avslag,
}

decision val.vardag {
  /// Dagen är en vardag
  input vardag: Bool
  /// Det finns särskilda skäl
  input sarskilda: Bool = false
  output beslut: Beslut
  /// Kravet är uppfyllt
  output uppfyllt: Bool = vardag and not sarskilda
  /// Office från regionen
  output office: Bool = not vardag
  output skal
  output paragraf
  when not vardag and not sarskilda
    then { beslut: avslag }
    because helgdag label "Inte en vardag" @ "1"
  otherwise
    then { beslut: bifall }
    because vardag_ok @ "1"
}

decision val.sarskilt {
  /// Det finns särskilda skäl
  input sarskilda: Bool
  output paragraf
  when sarskilda
    then {}
    because sarskilt label "Särskilda skäl" @ "1"
  otherwise
    then {}
    because inga @ "1"
}
"#;
    let md = memo(BASE, &format!("{BASE}{added}"));
    for sentence in [
        // `inte` before the verb of the condition, the outcome's verb first after it.
        "Om dagen inte är en vardag och det inte finns några särskilda skäl avslås bytet (skäl: inte en vardag, 1).",
        "I övriga fall beviljas bytet (skäl: vardag ok, 1).",
        // A rule that sets nothing names its reason.
        "Om det finns särskilda skäl är skälet ”särskilda skäl” (1).",
        // A computed condition: a statement holds under it, a noun is answered ja or nej.
        "Kravet är uppfyllt om dagen är en vardag och det inte finns några särskilda skäl, annars inte.",
        "Office från regionen: ja om dagen inte är en vardag, annars nej.",
    ] {
        assert!(md.contains(sentence), "the memo lacks {sentence:?}:\n{md}");
    }
    for wrong in ["Om inte dagen", "blir beslut", " gäller (skäl"] {
        assert!(!md.contains(wrong), "the memo says {wrong:?}:\n{md}");
    }
}

#[test]
fn requires_read_as_what_fails_them_and_a_grant_with_a_denial_reads_men() {
    let added = r#"
decision val.period {
  /// Första dagen
  input fran: Date? = null
  /// Sista dagen
  input till: Date? = null
  /// Ärendet gäller hemsjukvård
  input hemsjukvard: Bool = false
  require (fran == null) == (till == null) else ofullstandig label "Perioden är ofullständig" @ "1"
  require not hemsjukvard or (fran != null and till != null) else saknas label "Perioden saknas" @ "1"
  /// Ansökan godkänns
  output godkand: Bool
  /// Kontrakt kan tecknas
  output kontrakt: Bool
  /// Kvot
  output kvot: Decimal? = if fran == null then null else 0.5
  /// Belopp, mnkr
  let belopp = 1.25
  /// Belopp, mnkr
  output belopp_avrundat: Decimal = round(belopp, 1)
  output skal
  output paragraf
  when fran == null
    then { godkand: true, kontrakt: false }
    because utan_period label "Utan period" @ "1"
  otherwise
    then { godkand: false, kontrakt: false }
    because med_period label "Med period" @ "1"
}

decision val.oppet {
  /// Enheten är en hälsocentral
  input hc: Bool
  /// Öppnar
  input oppnar: Time? = null
  output paragraf
  when hc
    require oppnar != null else saknas label "Öppettider saknas" @ "1"
    then {}
    because hc_regel label "Hälsocentralens öppethållande" @ "1"
  otherwise
    then {}
    because ovrigt @ "1"
}

decision val.jour {
  /// Det är jour
  input jour: Bool = false
  /// Öppnar
  input oppnar: Time? = null
  /// Timmar
  input timmar: Int = 0
  /// Avgift
  output avgift: Int
  output paragraf
  when jour
    require oppnar != null else saknas label "Öppettider saknas" @ "1"
    require timmar == 0 else timmar_jour label "Timmar anges inte för jour" @ "1"
    then { avgift: 10 }
    because jour label "Jour" @ "1"
  otherwise
    then { avgift: 0 }
    because ovrigt @ "1"
}
"#;
    let md = memo(BASE, &format!("{BASE}{added}"));
    for sentence in [
        "Ärendet avvisas om bara en av första dagen och sista dagen har angetts (skäl: perioden är ofullständig, 1).",
        "Ärendet avvisas om ärendet gäller hemsjukvård och antingen första dagen eller sista dagen saknas (skäl: perioden saknas, 1).",
        "Om första dagen saknas godkänns ansökan men kontrakt kan inte tecknas (skäl: utan period, 1).",
        "I övriga fall godkänns ansökan inte och kontrakt kan inte tecknas (skäl: med period, 1).",
        "Kvot saknas om första dagen saknas och är annars 0,5.",
        "Belopp, mnkr avrundas till en decimal.",
        // A rule's require after the rule, as what fails it, not an aside "(annars avvisas
        // ärendet med skäl: …)" before the rule's own "(skäl: …)".
        "Om enheten är en hälsocentral krävs att öppnar har angetts (skäl: hälsocentralens öppethållande, 1). Annars avvisas ärendet (skäl: öppettider saknas).",
        "Om det är jour blir avgift 10 (skäl: jour, 1). Ärendet avvisas i stället om öppnar saknas (skäl: öppettider saknas) eller om timmar inte är 0 (skäl: timmar anges inte för jour).",
    ] {
        assert!(md.contains(sentence), "the memo lacks {sentence:?}:\n{md}");
    }
}

#[test]
fn decisions_read_as_decisions_lists_as_the_region_lists_them() {
    let added = r#"
enum Prov {
  /// Ansökan godkänns
  godkand,
  /// Ansökan avslås
  avslag,
}

decision val.ansokan {
  /// Ansökan är komplett
  input komplett: Bool = true
  /// Handlingarna kom inte före ansökan
  input sena: Bool = false
  /// Det finns en fast tjänst
  input tjanst: Bool = true
  /// Skäl att inte godkännas
  ///
  /// - `ofullstandig`: Ansökan är inte komplett
  /// - `sena_handlingar`: Handlingarna är sena
  let skal_lista = (if komplett then [] else ["ofullstandig"])
      + (if sena then ["sena_handlingar"] else [])
  /// Utfall
  output utfall: Prov
  /// Skäl att inte godkännas
  ///
  /// - `ofullstandig`: Ansökan är inte komplett
  /// - `sena_handlingar`: Handlingarna är sena
  output skal_lista: [Text]
  /// Invändningen har kommit in i tid
  output i_tid: Bool
  /// Sista dag
  output sista: Date?
  /// Grunder
  ///
  /// - `ofullstandig`: Ansökan är inte komplett
  /// - `sena_handlingar`: Handlingarna är sena
  output grunder: [Text] = skal_lista
  output skal
  output paragraf
  when count(skal_lista) > 0 or sena
    then { utfall: avslag, skal_lista: skal_lista, i_tid: false, sista: null }
    because brister @ "1"
  when not tjanst
    then { utfall: godkand, skal_lista: [], i_tid: true, sista: null }
    because ingen_tjanst @ "1"
  otherwise
    then { utfall: godkand, skal_lista: [], i_tid: true, sista: 2023-01-01 }
    because ok @ "1"
}
"#;
    let md = memo(BASE, &format!("{BASE}{added}"));
    for sentence in [
        // Lists joined with `+`: each part with the condition it is there on, the last after
        // "samt".
        "Grunder är ”ansökan är inte komplett” (om ansökan inte är komplett) samt ”handlingarna är sena” (om handlingarna inte kom före ansökan).",
        // A statement labelled inside a subordinate clause puts `inte` before its verb.
        "Om det finns skäl att inte godkännas eller handlingarna inte kom före ansökan avslås ansökan, invändningen har inte kommit in i tid, skäl att inte godkännas blir skäl att inte godkännas och sista dag saknas (skäl: brister, 1).",
        // Nothing found, in a subordinate clause; an empty list is not named beside a decision.
        "Om det inte finns någon fast tjänst godkänns ansökan, invändningen har kommit in i tid och sista dag saknas (skäl: ingen tjanst, 1).",
        "I övriga fall godkänns ansökan, invändningen har kommit in i tid och sista dag blir 2023-01-01 (skäl: ok, 1).",
    ] {
        assert!(md.contains(sentence), "the memo lacks {sentence:?}:\n{md}");
    }
    for wrong in [
        " plus ",
        "blir utfall",
        "i tid ja",
        "i tid nej",
        "blir inga",
    ] {
        assert!(!md.contains(wrong), "the memo says {wrong:?}:\n{md}");
    }
}

#[test]
fn a_moved_part_agrees_and_names_its_sections_in_words() {
    let new = BASE.replace(
        "section \"2\" \"Gränser\"\n\ndecision val.summa",
        "section \"3\" \"Summor\"\n\ndecision val.summa",
    );
    assert_ne!(new, BASE);
    let md = memo(BASE, &new);
    assert!(
        md.contains("(flyttat från avsnitt 2 till avsnitt 3)"),
        "the memo lacks the move:\n{md}"
    );
    assert!(!md.contains("flyttad från avsnitt `"), "{md}");
}

#[test]
fn an_output_that_gives_a_list_of_records_names_the_parameter_that_lists_them() {
    let added = r#"
/// Uppdrag
record Uppdrag {
  /// kod
  kod: Text,
  /// uppdrag
  uppdrag: Text,
}

/// Uppdragen 2023
param uppdragen: [Uppdrag] = [Uppdrag { kod: "asyl", uppdrag: "Hälsoundersökningar" }]

decision val.uppdrag {
  /// Uppdragen
  output uppdrag: [Uppdrag] = uppdragen
  output paragraf
  otherwise
    then {}
    because ok @ "1"
}
"#;
    let md = memo(BASE, &format!("{BASE}{added}"));
    let sentence = "Uppdragen är de som ”Uppdragen 2023” räknar upp.";
    assert!(md.contains(sentence), "the memo lacks {sentence:?}:\n{md}");
    // Not "Uppdragen är uppdragen 2023 ((”asyl”, ”Hälsoundersökningar”))".
    assert!(!md.contains("Uppdragen är uppdragen"), "{md}");
}

#[test]
fn a_value_that_means_none_is_said_as_nothing_set_not_after_blir() {
    let added = r#"
/// Listningsform
enum Form {
  /// passiv
  passiv,
  /// ingen listning
  ingen,
}

/// Utförare
enum Utforare {
  /// flyktingmedicinsk enhet
  enhet,
  /// ingen
  ingen,
}

decision val.listning {
  /// Invånaren har skyddad identitet
  input skyddad: Bool = false
  /// Listning
  output listning: Form
  /// Undersökningens utförare
  output utforare: Utforare
  output skal
  output paragraf
  when skyddad
    then { listning: ingen, utforare: ingen }
    because skyddad @ "1"
  otherwise
    then { listning: passiv, utforare: enhet }
    because ok @ "1"
}
"#;
    let md = memo(BASE, &format!("{BASE}{added}"));
    let sentence = "Om invånaren har skyddad identitet blir det ingen listning och undersökningen får ingen utförare (skäl: skyddad, 1).";
    assert!(md.contains(sentence), "the memo lacks {sentence:?}:\n{md}");
    for wrong in ["blir ingen", "listning ingen listning"] {
        assert!(!md.contains(wrong), "the memo says {wrong:?}:\n{md}");
    }
}

#[test]
fn a_require_with_a_long_fallback_chain_says_what_counts_apart() {
    let added = r#"
decision val.period {
  /// Första dagen
  input fran: Date? = null
  /// Sista dagen
  input till: Date? = null
  /// Patientens födelsedatum
  input fodd: Date? = null
  output paragraf
  require (till ?? fran ?? 2023-01-01) >= (fran ?? till ?? 2023-01-01) else fore
    label "Sista dagen är före första dagen" @ "1"
  require (fodd ?? 2023-01-01) <= (till ?? fodd ?? 2023-01-01) else fodd_efter
    label "Födelsedatum efter sista dagen" @ "1"
  otherwise
    then {}
    because ok @ "1"
}
"#;
    let md = memo(BASE, &format!("{BASE}{added}"));
    for sentence in [
        // One day missing leaves the other on both sides: only both given can fail.
        "Ärendet avvisas om sista dagen och första dagen har angetts och sista dagen är tidigare än första dagen (skäl: sista dagen är före första dagen, 1).",
        "Ärendet avvisas om patientens födelsedatum är senare än sista dagen (skäl: födelsedatum efter sista dagen, 1). Saknas patientens födelsedatum räknas i stället 2023-01-01. Saknas sista dagen räknas i stället patientens födelsedatum, och saknas båda 2023-01-01.",
    ] {
        assert!(md.contains(sentence), "the memo lacks {sentence:?}:\n{md}");
    }
    assert!(!md.contains("om uppgiften saknas"), "{md}");
}
