//! The motivering of every decision of the catalogue: an outcome, and a rejection where the
//! decision has a `require`, as a case handler would paste them into a decision letter.

use std::sync::LazyLock;

use regel_e2e::engine;
use regel_eval::{DecideError, Engine, decide_json, explain_rejection};
use serde_json::{Value, json};

static V2021: LazyLock<Engine> = LazyLock::new(|| engine("2021"));
static V2023: LazyLock<Engine> = LazyLock::new(|| engine("2023"));

/// The motivering of a decided input; panics when the input is not decided.
fn outcome(engine: &Engine, decision: &str, input: Value) -> String {
    let decided = decide_json(engine, decision, &input, true, "")
        .unwrap_or_else(|e| panic!("{decision} on {input}: {e:?}"));
    let motivering = decided.motivering.expect("explain gives a motivering");
    assert!(decided.trace.is_some(), "explain gives a trace");
    format!("utfall: {}\n\n{motivering}", decided.output)
}

/// The motivering of a rejected input; panics when the input is not rejected.
fn rejection(engine: &Engine, decision: &str, input: Value) -> String {
    match decide_json(engine, decision, &input, true, "") {
        Err(DecideError::Rejected(r)) => {
            let e = explain_rejection(engine, decision, &input, "")
                .expect("a rejected input is explained");
            assert!(
                e.motivering.contains(&r.paragraf),
                "the motivering cites {}",
                r.paragraf
            );
            format!("avvisat: {}\n\n{}", r.reason, e.motivering)
        }
        other => panic!("{decision} on {input} was not rejected: {other:?}"),
    }
}

fn both(out: String, rejected: String) -> String {
    format!("{out}\n\n----\n\n{rejected}")
}

#[test]
fn listning_byte() {
    let e = &*V2023;
    insta::assert_snapshot!(both(
        outcome(
            e,
            "listning.byte",
            json!({"datum": "2023-05-10", "tidigare_byten": ["2022-09-01", "2023-01-15"]})
        ),
        rejection(
            e,
            "listning.byte",
            json!({"datum": "2023-05-10", "tidigare_byten": ["2023-05-11", "2023-01-15"]})
        ),
    ));
}

#[test]
fn listning_byte_granted_names_every_rule_that_did_not_apply() {
    insta::assert_snapshot!(outcome(
        &V2023,
        "listning.byte",
        json!({"datum": "2023-05-10", "tidigare_byten": ["2022-05-10", "2023-01-15"]})
    ));
}

#[test]
fn listning_passiv() {
    let e = &*V2023;
    insta::assert_snapshot!(both(
        outcome(
            e,
            "listning.passiv",
            json!({"handelse": "flytt_inom_lanet", "nuvarande_halsocentral": "HC Kiruna",
                   "narmaste_halsocentral": "HC Luleå", "omradets_halsocentral": "HC Hertsön"})
        ),
        rejection(
            e,
            "listning.passiv",
            json!({"handelse": "nyfodd", "narmaste_halsocentral": "HC Boden",
                   "omradets_halsocentral": "HC Boden"})
        ),
    ));
}

#[test]
fn kapacitetsstopp_beslut() {
    let e = &*V2023;
    insta::assert_snapshot!(both(
        outcome(
            e,
            "kapacitetsstopp.beslut",
            json!({"fran": "2023-01-01", "till": "2023-04-01", "skriftlig_anmalan": true,
                   "risker": ["patientsakerhet"]})
        ),
        rejection(
            e,
            "kapacitetsstopp.beslut",
            json!({"fran": "2023-03-01", "till": "2023-02-28", "skriftlig_anmalan": true})
        ),
    ));
}

#[test]
fn sanktion_vite() {
    insta::assert_snapshot!(outcome(
        &V2023,
        "sanktion.vite",
        json!({"manatlig_vardpeng": "1234567.89", "storre_avvikelse": true,
               "rattelse_skett": false, "yttrande_mojlighet_given": true,
               "begart_vite": "200000.00"})
    ));
}

#[test]
fn sanktion_atgarder() {
    insta::assert_snapshot!(outcome(
        &V2023,
        "sanktion.atgarder",
        json!({"brist_konstaterad": true, "yttrande_mojlighet_given": true})
    ));
}

#[test]
fn beredskap_ianspraktagande_states_the_variants_given() {
    // "Läget är höjd beredskap", not "Läget (höjd beredskap) är inte normalt".
    insta::assert_snapshot!(outcome(
        &V2023,
        "beredskap.ianspraktagande",
        json!({"lage": "hojd_beredskap", "privat_leverantor": true,
               "beslutat_av": "krisledningsnamnden"})
    ));
}

#[test]
fn a_fine_at_exactly_its_cap_is_allowed_and_one_ore_more_is_not() {
    // 3.10: the cap is a tenth of 500 000 kr, 50 000 kr; a fine of exactly that is within it.
    let vite = |begart: &str| {
        outcome(
            &V2023,
            "sanktion.vite",
            json!({"manatlig_vardpeng": "500000", "storre_avvikelse": true,
                   "rattelse_skett": false, "yttrande_mojlighet_given": true,
                   "begart_vite": begart}),
        )
    };
    let at = vite("50000.00");
    assert!(at.contains(r#""tillatet":true,"skal":"inom_tak""#), "{at}");
    let cap = "Begärt vite (50\u{a0}000 kr) överstiger inte vitets tak (50\u{a0}000 kr).";
    assert!(at.contains(cap), "{at}");
    let over = vite("50000.01");
    assert!(
        over.contains(r#""tillatet":false,"skal":"overstiger_tak""#),
        "{over}"
    );
    let above = "Begärt vite (50\u{a0}000,01 kr) är större än vitets tak (50\u{a0}000 kr).";
    assert!(over.contains(above), "{over}");
}

#[test]
fn a_fine_within_its_cap_does_not_exceed_it() {
    let vite = outcome(
        &V2023,
        "sanktion.vite",
        json!({"manatlig_vardpeng": "500000", "storre_avvikelse": true,
               "rattelse_skett": false, "yttrande_mojlighet_given": true,
               "begart_vite": "10000"}),
    );
    // Not "är högst vitets tak", nor "Avvikelsen är större".
    let cap = "Begärt vite (10\u{a0}000 kr) överstiger inte vitets tak (50\u{a0}000 kr).";
    assert!(vite.contains(cap), "{vite}");
    assert!(
        vite.contains("Det är fråga om en större avvikelse."),
        "{vite}"
    );
}

#[test]
fn a_bound_met_exactly_reads_as_the_value() {
    let none = rejection(
        &V2023,
        "samverkan.kostnadsandel",
        json!({"kostnad": "1000", "egna_listade": 0, "alla_listade": 0}),
    );
    // Not "Alla listade … (0) överstiger inte 0" nor "är högst 0".
    let fact = "Alla listade hos de leverantörer som delar kostnaden är 0.";
    assert!(none.contains(fact), "{none}");
}

#[test]
fn conditions_met_but_no_payment_read_with_men() {
    let st = outcome(
        &V2023,
        "st_lakare.villkor",
        json!({"legitimation": "2022-12-31", "tjanstgoring_borjar": "2023-01-01",
               "handledare_specialist": true, "handledarutbildning": true}),
    );
    assert!(
        st.contains("villkoren är uppfyllda men ersättning för ST-läkaren kan inte betalas ut"),
        "{st}"
    );
}

#[test]
fn godkannande_ansokan() {
    insta::assert_snapshot!(outcome(
        &V2023,
        "godkannande.ansokan",
        json!({"inkommen": "2023-03-01", "ansokan_komplett": false})
    ));
}

#[test]
fn ersattning_vardpeng() {
    insta::assert_snapshot!(both(
        outcome(
            &V2021,
            "ersattning.vardpeng",
            json!({"andel_alder": "0.01", "andel_acg": "0.01", "andel_cni": "0.01"})
        ),
        rejection(
            &V2023,
            "ersattning.vardpeng",
            json!({"andel_alder": "0.1", "andel_acg": "0.1", "andel_cni": "0.1"})
        ),
    ));
}

#[test]
fn ersattning_ram() {
    insta::assert_snapshot!(outcome(&V2021, "ersattning.ram", json!({})));
}

#[test]
fn avtal_kontraktstid() {
    insta::assert_snapshot!(outcome(
        &V2023,
        "avtal.kontraktstid",
        json!({"driftstart": "2023-03-01"})
    ));
}

#[test]
fn villkorsandring_frister() {
    let e = &*V2023;
    insta::assert_snapshot!(both(
        outcome(
            e,
            "villkorsandring.frister",
            json!({"beslut": "2023-03-01", "invandning": "2023-04-15"})
        ),
        rejection(
            e,
            "villkorsandring.frister",
            json!({"beslut": "2023-06-15", "invandning": "2023-06-14"})
        ),
    ));
}

#[test]
fn frister_rapportering() {
    let e = &*V2023;
    insta::assert_snapshot!(both(
        outcome(
            e,
            "frister.rapportering",
            json!({"typ": "patientsakerhetsberattelse", "verksamhetsar": 2023})
        ),
        rejection(
            e,
            "frister.rapportering",
            json!({"typ": "patientsakerhetsberattelse"})
        ),
    ));
}

#[test]
fn enhet_oppethallande() {
    let e = &*V2023;
    insta::assert_snapshot!(both(
        outcome(
            e,
            "enhet.oppethallande",
            json!({"typ": "halsocentral", "oppnar": "09:00", "stanger": "17:00",
                   "dagar_per_vecka": 5, "oppet_var_nte_vecka": 1})
        ),
        rejection(
            e,
            "enhet.oppethallande",
            json!({"typ": "halsocentral", "dagar_per_vecka": 5, "oppet_var_nte_vecka": 1})
        ),
    ));
}

#[test]
fn bemanning_lakartathet() {
    insta::assert_snapshot!(outcome(
        &V2023,
        "bemanning.lakartathet",
        json!({"listade": 5600, "distriktslakare": 5})
    ));
}

#[test]
fn filial_etablering() {
    insta::assert_snapshot!(outcome(
        &V2023,
        "filial.etablering",
        json!({"samma_kommun_som_huvudmottagning": false, "regionens_godkannande": true})
    ));
}

#[test]
fn a_decision_without_labels_reads_its_names_as_words() {
    // Guards the fallback: a name without a doc comment is read with spaces, never empty.
    let m = outcome(
        &V2023,
        "listning.byte",
        json!({"datum": "2023-05-10", "tidigare_byten": []}),
    );
    assert!(m.contains("Beslutet grundas på avsnitt 3.6.1"), "{m}");
    assert!(!m.contains("``"), "{m}");
}

#[test]
fn labels_stand_in_small_letters_and_a_value_is_said_once() {
    let e = &*V2023;
    let byte = outcome(
        e,
        "listning.byte",
        json!({"datum": "2023-05-10", "tidigare_byten": ["2022-09-01", "2023-01-15"]}),
    );
    // Labels inside a sentence begin in a small letter; the reason and the outcome by label.
    assert!(
        byte.contains("Av invånarens tidigare byten ligger 2"),
        "{byte}"
    );
    assert!(
        byte.contains("Skäl: högsta antalet byten är uppnått."),
        "{byte}"
    );
    // A variant labelled as a statement is the outcome itself.
    assert!(byte.contains("Beslut: bytet avslås"), "{byte}");
    let frist = outcome(
        e,
        "frister.rapportering",
        json!({"typ": "arsberattelse", "verksamhetsar": 2023}),
    );
    // An equality with a variant labelled as a statement is that statement, said once.
    assert!(
        frist.contains("\n\nFristen gäller årsberättelsen.\n\n"),
        "{frist}"
    );
}

#[test]
fn codes_given_as_text_read_as_their_labels() {
    let e = &*V2023;
    let refused = outcome(
        e,
        "godkannande.ansokan",
        json!({"inkommen": "2023-03-01", "ansokan_komplett": false, "risk_for_obestand": true}),
    );
    let prose = refused
        .split_once("\n\n")
        .map(|(_, p)| p)
        .unwrap_or_default();
    // The grounds by their labels, the sections as numbers, a count as what it found.
    assert!(
        prose.contains("ansökan är inte komplett ifylld och risk för obestånd"),
        "{prose}"
    );
    assert!(!prose.contains("ansokan_ofullstandig"), "{prose}");
    assert!(prose.contains("grundas på: 2.3.2 och 2.4.4"), "{prose}");
    assert!(
        prose.contains("Det finns obligatoriska skäl att inte godkännas ("),
        "{prose}"
    );
    let met = outcome(
        e,
        "bemanning.kompetens",
        json!({"specialister_i_allmanmedicin": 1, "verksamhetschef_ar_lakare": true}),
    );
    assert!(met.contains("Det finns inga brister."), "{met}");
}
