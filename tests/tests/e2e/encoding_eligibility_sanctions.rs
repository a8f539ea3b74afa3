#![allow(clippy::unwrap_used, clippy::panic)]
//! Properties of the 2023 encoding of eligibility (2.3.2, 2.3.4, 2.4.4, 2.4.7, 2.4.8, 2.5.2) and
//! sanctions (2.3.3, 3.10), checked with proptest against oracles written from the decision
//! catalogue, in-process:
//!
//! - `sanktion.vite`: the cap is never above 10 % of `manatlig_vardpeng` and never more than one
//!   öre below it (compared exactly, in integer öre), and a requested fine is allowed exactly
//!   when the table says so;
//! - `godkannande.ansokan`: any mandatory ground refuses the application whatever else holds,
//!   listing every mandatory ground in the catalogue's order;
//! - `sanktion.atgarder`: the measures are always in the catalogue's order;
//! - the deadlines of 2.5.2 and 2.3.4 agree with chrono's calendar.

use std::sync::LazyLock;

use chrono::{Days, Months, NaiveDate};
use proptest::prelude::*;
use regel_eval::{DecideError, Engine};
use serde_json::{Map, Value, json};

static E: LazyLock<Engine> = LazyLock::new(|| regel_e2e::engine("2023"));

fn decide(decision: &str, input: Value) -> Result<Value, DecideError> {
    regel_e2e::decide(&E, decision, input)
}

// ---------------------------------------------------------------- money in öre

/// An amount in öre as the API's money string, `"1234.50"`.
fn money(ore: i128) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A money string of the output (exactly two decimals) as öre.
fn ore(value: &Value) -> i128 {
    let s = value
        .as_str()
        .unwrap_or_else(|| panic!("money is a string: {value}"));
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (kronor, ore) = digits
        .split_once('.')
        .unwrap_or_else(|| panic!("money has decimals: {s}"));
    assert_eq!(ore.len(), 2, "money has exactly two decimals: {s}");
    let n = kronor.parse::<i128>().unwrap() * 100 + ore.parse::<i128>().unwrap();
    if negative { -n } else { n }
}

/// Monthly capitations in öre: small ones, round ones and large ones.
fn vardpeng() -> impl Strategy<Value = i128> {
    prop_oneof![
        0i128..=1_000,
        (0i128..=100_000).prop_map(|k| k * 1_000),
        0i128..=100_000_000_000_000,
    ]
}

// ---------------------------------------------------------------- sanktion.vite

proptest! {
    #![proptest_config(regel_e2e::proptest_config(512))]

    /// 3.10 "högst 10 procent": `tak` ≤ 0.10 × vårdpeng exactly, and at most one öre below it;
    /// 0 without a major deviation or after correction.
    #[test]
    fn the_fine_cap_is_ten_percent_rounded_down(
        vp in vardpeng(),
        storre in any::<bool>(),
        rattelse in any::<bool>(),
        yttrande in any::<bool>(),
    ) {
        let out = decide("sanktion.vite", json!({
            "manatlig_vardpeng": money(vp),
            "storre_avvikelse": storre,
            "rattelse_skett": rattelse,
            "yttrande_mojlighet_given": yttrande,
        })).unwrap();
        let tak = ore(&out["tak"]);
        prop_assert!(tak >= 0);
        // tak ≤ vp / 10, exactly: 10 · tak ≤ vp.
        prop_assert!(10 * tak <= vp, "tak {tak} öre above 10 % of {vp} öre");
        if storre && !rattelse {
            // Never more than one öre below: vp / 10 < tak + 1 öre.
            prop_assert!(10 * (tak + 1) > vp, "tak {tak} öre more than an öre below 10 % of {vp}");
        } else {
            prop_assert_eq!(tak, 0);
        }
        // The requested fine defaults to the cap, so it is allowed exactly when a fine may be
        // imposed at all.
        prop_assert_eq!(&out["tillatet"], &json!(yttrande && storre && !rattelse));
        prop_assert_eq!(&out["paragraf"], &json!("3.10"));
    }

    /// A requested fine is allowed exactly when the table's first four rows pass and it is at
    /// most the cap; the reason is the first row that holds.
    #[test]
    fn a_requested_fine_follows_the_table(
        vp in vardpeng(),
        delta in -3i128..=3,
        far in 0i128..=1_000_000,
        near in any::<bool>(),
        storre in any::<bool>(),
        rattelse in any::<bool>(),
        yttrande in any::<bool>(),
    ) {
        let cap = if storre && !rattelse { vp / 10 } else { 0 };
        let begart = if near { (cap + delta).max(0) } else { far };
        let out = decide("sanktion.vite", json!({
            "manatlig_vardpeng": money(vp),
            "storre_avvikelse": storre,
            "rattelse_skett": rattelse,
            "yttrande_mojlighet_given": yttrande,
            "begart_vite": money(begart),
        })).unwrap();
        prop_assert_eq!(ore(&out["tak"]), cap);
        let skal = if !yttrande {
            "yttrande_saknas"
        } else if !storre {
            "ej_storre_avvikelse"
        } else if rattelse {
            "rattelse_skett"
        } else if begart > cap {
            "overstiger_tak"
        } else {
            "inom_tak"
        };
        prop_assert_eq!(&out["skal"], &json!(skal));
        prop_assert_eq!(&out["tillatet"], &json!(skal == "inom_tak"));
    }
}

#[test]
fn the_exact_cap_of_the_catalogue() {
    let out = decide(
        "sanktion.vite",
        json!({
            "manatlig_vardpeng": "1234567.89",
            "storre_avvikelse": true,
            "rattelse_skett": false,
            "yttrande_mojlighet_given": true,
        }),
    )
    .unwrap();
    assert_eq!(
        out,
        json!({"tak": "123456.78", "tillatet": true, "skal": "inom_tak", "paragraf": "3.10"})
    );
}

#[test]
fn negative_amounts_are_outside_the_inputs_domain() {
    let base = json!({
        "manatlig_vardpeng": "1000.00",
        "storre_avvikelse": true,
        "rattelse_skett": false,
        "yttrande_mojlighet_given": true,
    });
    for (field, value) in [("manatlig_vardpeng", "-0.01"), ("begart_vite", "-0.01")] {
        let mut input = base.clone();
        input[field] = json!(value);
        match decide("sanktion.vite", input) {
            Err(DecideError::Input(e)) => assert_eq!(e.path, format!("/{field}")),
            other => panic!("a negative {field} is an input error, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------- godkannande.ansokan

/// The Bool inputs of `godkannande.ansokan`, in the catalogue's order.
const ANSOKAN_FIELDS: [&str; 14] = [
    "ansokan_komplett",
    "handlingar_bifogade",
    "komplettering_begard",
    "komplettering_lamnad",
    "lag_kreditvardighet_som_paverkar",
    "nystartad_utan_ekonomisk_stabilitet",
    "ekonomisk_plan_begard",
    "ekonomisk_plan_godtagbar",
    "risk_for_obestand",
    "obetalda_skatter_eller_avgifter",
    "upprepade_tidigare_skulder",
    "flera_tidigare_konkurser",
    "juridisk_person",
    "foretag_under_bildande",
];

/// The catalogue's oracle: (mandatory grounds of 2.3.2, of 2.4.4, discretionary grounds).
fn grounds(b: &[bool; 14]) -> (Vec<&'static str>, Vec<&'static str>, Vec<&'static str>) {
    let [
        komplett,
        bifogade,
        kompl_begard,
        kompl_lamnad,
        kredit,
        stabilitet,
        plan_begard,
        plan_godtagbar,
        obestand,
        skatter,
        skulder,
        konkurser,
        _,
        _,
    ] = *b;
    let pick = |rows: &[(bool, &'static str)]| -> Vec<&'static str> {
        rows.iter().filter(|(c, _)| *c).map(|(_, s)| *s).collect()
    };
    (
        pick(&[
            (!komplett, "ansokan_ofullstandig"),
            (!bifogade, "handlingar_saknas"),
            (kompl_begard && !kompl_lamnad, "komplettering_ej_lamnad"),
        ]),
        pick(&[
            (kredit, "lag_kreditvardighet"),
            (stabilitet, "ekonomisk_stabilitet_saknas"),
            (
                plan_begard && !plan_godtagbar,
                "ekonomisk_plan_ej_godtagbar",
            ),
            (obestand, "risk_for_obestand"),
            (skatter, "obetalda_skatter"),
        ]),
        pick(&[
            (skulder, "upprepade_skulder"),
            (konkurser, "flera_konkurser"),
        ]),
    )
}

fn ansokan_input(inkommen: &str, b: &[bool; 14]) -> Value {
    let mut input = Map::new();
    input.insert("inkommen".into(), json!(inkommen));
    for (field, value) in ANSOKAN_FIELDS.iter().zip(b) {
        input.insert((*field).into(), json!(value));
    }
    Value::Object(input)
}

/// The Bool inputs of `godkannande.ansokan`, each true or false with even odds.
fn ansokan_bools() -> impl Strategy<Value = [bool; 14]> {
    any::<[bool; 14]>()
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(512))]

    /// Any mandatory ground gives `avslag`, whatever else holds, listing every mandatory
    /// ground in order; otherwise a discretionary ground gives `provning`; otherwise `godkand`.
    #[test]
    fn any_mandatory_ground_refuses(b in ansokan_bools()) {
        let out = decide("godkannande.ansokan", ansokan_input("2023-03-01", &b)).unwrap();
        let (g232, g244, discretionary) = grounds(&b);
        let mandatory: Vec<&str> = g232.iter().chain(&g244).copied().collect();
        let (utfall, skal) = if !mandatory.is_empty() {
            ("avslag", mandatory)
        } else if !discretionary.is_empty() {
            ("provning", discretionary.clone())
        } else {
            ("godkand", Vec::new())
        };
        prop_assert_eq!(&out["utfall"], &json!(utfall));
        prop_assert_eq!(&out["skal"], &json!(skal));
        let none = utfall == "godkand";
        let mut paragraf = Vec::new();
        if !g232.is_empty() || none {
            paragraf.push("2.3.2");
        }
        if !g244.is_empty() || !discretionary.is_empty() || none {
            paragraf.push("2.4.4");
        }
        prop_assert_eq!(&out["paragraf"], &json!(paragraf));
        let (juridisk, under_bildande) = (b[12], b[13]);
        prop_assert_eq!(
            &out["kontrakt_kan_tecknas"],
            &json!(none && juridisk && !under_bildande)
        );
        prop_assert_eq!(&out["beslut_senast"], &json!("2023-04-30"));
    }

    /// A mandatory ground refuses alone or with any other inputs: set one at random on top of
    /// random inputs and the outcome is `avslag` with that ground listed.
    #[test]
    fn one_mandatory_ground_refuses_whatever_else_holds(
        mut b in ansokan_bools(),
        which in 0usize..8,
    ) {
        let (field, ground) = match which {
            0 => { b[0] = false; (0, "ansokan_ofullstandig") }
            1 => { b[1] = false; (1, "handlingar_saknas") }
            2 => { b[2] = true; b[3] = false; (2, "komplettering_ej_lamnad") }
            3 => { b[4] = true; (4, "lag_kreditvardighet") }
            4 => { b[5] = true; (5, "ekonomisk_stabilitet_saknas") }
            5 => { b[6] = true; b[7] = false; (6, "ekonomisk_plan_ej_godtagbar") }
            6 => { b[8] = true; (8, "risk_for_obestand") }
            _ => { b[9] = true; (9, "obetalda_skatter") }
        };
        let out = decide("godkannande.ansokan", ansokan_input("2023-03-01", &b)).unwrap();
        prop_assert_eq!(&out["utfall"], &json!("avslag"), "{} set", ANSOKAN_FIELDS[field]);
        prop_assert!(out["skal"].as_array().unwrap().contains(&json!(ground)));
        prop_assert_eq!(&out["kontrakt_kan_tecknas"], &json!(false));
    }

    /// 2.5.2: the decision is due 60 days after the complete application came in.
    #[test]
    fn the_decision_is_due_sixty_days_after(offset in 0u64..40_000) {
        let inkommen = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Days::new(offset);
        let out = decide(
            "godkannande.ansokan",
            json!({"inkommen": inkommen.format("%Y-%m-%d").to_string()}),
        ).unwrap();
        let due = inkommen + Days::new(60);
        prop_assert_eq!(&out["beslut_senast"], &json!(due.format("%Y-%m-%d").to_string()));
    }

    /// 2.3.4: bound until the contract is signed, at most six months after the approval.
    #[test]
    fn the_application_binds_at_most_six_months(
        offset in 0u64..40_000,
        signed in proptest::option::of(0u64..400),
    ) {
        let meddelat = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Days::new(offset);
        let langst = meddelat.checked_add_months(Months::new(6)).unwrap();
        let mut input = json!({"godkannande_meddelat": meddelat.format("%Y-%m-%d").to_string()});
        let signed = signed.map(|d| meddelat + Days::new(d));
        if let Some(s) = signed {
            input["kontrakt_undertecknat"] = json!(s.format("%Y-%m-%d").to_string());
        }
        let out = decide("ansokan.giltighet", input).unwrap();
        let bunden = signed.map_or(langst, |s| s.min(langst));
        prop_assert_eq!(&out["bunden_till"], &json!(bunden.format("%Y-%m-%d").to_string()));
        prop_assert_eq!(&out["paragraf"], &json!("2.3.4"));
    }
}

// ---------------------------------------------------------------- sanktion.atgarder

/// The measures in the catalogue's order.
const ATGARDER: [&str; 5] = [
    "begaran_om_rattelse",
    "erinran",
    "varning",
    "vite",
    "aterkallande_av_godkannande",
];

proptest! {
    #![proptest_config(regel_e2e::proptest_config(256))]

    /// The measures are always in the catalogue's order (no repeats), and are the ones the
    /// table gives.
    #[test]
    fn the_measures_are_in_catalogue_order(b in any::<[bool; 6]>()) {
        let [brist, storre, rattelse, yttrande, kvalificering, havt] = b;
        let out = decide("sanktion.atgarder", json!({
            "brist_konstaterad": brist,
            "storre_avvikelse": storre,
            "rattelse_skett": rattelse,
            "yttrande_mojlighet_given": yttrande,
            "uppfyller_ej_kvalificeringskrav": kvalificering,
            "kontrakt_havt": havt,
        })).unwrap();
        let list: Vec<&str> = out["mojliga_atgarder"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let positions: Vec<usize> = list
            .iter()
            .map(|m| ATGARDER.iter().position(|a| a == m).unwrap())
            .collect();
        prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order: {list:?}");

        let (expected, skal, paragraf): (Vec<&str>, &str, &str) = if havt {
            (vec![ATGARDER[4]], "kontrakt_havt", "2.3.3")
        } else if !yttrande {
            (vec![], "yttrande_saknas", "3.10")
        } else if brist {
            let mut m = ATGARDER[..3].to_vec();
            if storre && !rattelse {
                m.push(ATGARDER[3]);
            }
            if kvalificering {
                m.push(ATGARDER[4]);
            }
            (m, "brist_konstaterad", "3.10")
        } else if kvalificering {
            (vec![ATGARDER[4]], "kvalificeringskrav", "2.3.3")
        } else {
            (vec![], "ingen_brist", "3.10")
        };
        prop_assert_eq!(list, expected);
        prop_assert_eq!(&out["skal"], &json!(skal));
        prop_assert_eq!(&out["paragraf"], &json!(paragraf));
    }
}
