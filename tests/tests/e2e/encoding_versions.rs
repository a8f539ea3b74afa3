#![allow(clippy::unwrap_used, clippy::panic)]
//! The encodings of the three versions against their sources, in-process:
//!
//! - the budget (Tabell 1 of the 2021 memo): the sums are computed from the rows, 2021 gives
//!   772.0 and 1 191.2 mnkr, 2020 (= 2021 less the change column, row by row) 747.6 and
//!   1 142.6, so the computed change is +48.6 (the memo's total row says +48.7);
//! - the capitation: parts rounded half away from zero to öre add up to `arlig`, shares outside
//!   0..1 are input errors, and 2023 without its pots is rejected naming the pot;
//! - the branch-office rule changing 2020 → 2021 → 2023, and the memo's uppräkning against the
//!   table;
//! - properties (proptest): the rows always add up to the sums, and the parts to `arlig`.

use std::sync::LazyLock;

use proptest::prelude::*;
use regel_e2e::{decide, engine};
use regel_eval::{DecideError, Engine};
use serde_json::{Value, json};

static V2020: LazyLock<Engine> = LazyLock::new(|| engine("2020"));
static V2021: LazyLock<Engine> = LazyLock::new(|| engine("2021"));
static V2023: LazyLock<Engine> = LazyLock::new(|| engine("2023"));

/// A decimal string with exactly `places` decimals as an integer count of its last unit.
fn fixed(v: &Value, places: usize) -> i128 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    assert_eq!(frac.len(), places, "`{s}` should have {places} decimals");
    format!("{whole}{frac}").parse().unwrap()
}

/// mnkr with one decimal (the table's precision) as tenths of a million.
fn tenths(v: &Value) -> i128 {
    fixed(v, 1)
}

/// Money (two decimals) in öre.
fn ore(v: &Value) -> i128 {
    fixed(v, 2)
}

fn ram(engine: &Engine) -> Value {
    decide(engine, "ersattning.ram", json!({})).unwrap()
}

/// An engine with some parameters given other values (what-if), as the API's `overrides`.
fn with(engine: &Engine, overrides: &[(&str, Value)]) -> Engine {
    let program = engine.program().clone();
    let values: Vec<_> = overrides
        .iter()
        .map(|(name, json)| {
            let (index, def) = program
                .param(name)
                .unwrap_or_else(|| panic!("no parameter `{name}`"));
            let value = regel_eval::json::from_json(&program, &def.ty, json, "").unwrap();
            (index, value)
        })
        .collect();
    Engine::with_overrides(program, &values).unwrap()
}

/// Tabell 1: (output field, 2021 amount, change from 2020), in tenths of a million.
const TABELL_1: [(&str, i128, i128); 8] = [
    ("vardpeng_alder", 4992, 158),
    ("vardpeng_acg", 1948, 61),
    ("vardpeng_cni", 780, 25),
    ("lakemedelspeng", 2765, 204),
    ("mal_och_prestationsbaserad_ersattning", 169, 4),
    ("litenhets_och_avstandsersattning", 393, 5),
    ("kompensation_for_avgiftsfria_besok", 764, -2),
    ("filialer_och_servicepunkter", 101, 31),
];

/// The parameter behind each row of [`TABELL_1`], in the same order.
const ROW_PARAMS: [&str; 8] = [
    "ram_vardpeng_alder",
    "ram_vardpeng_acg",
    "ram_vardpeng_cni",
    "ram_lakemedelspeng",
    "ram_mal_och_prestationsbaserad_ersattning",
    "ram_litenhets_och_avstandsersattning",
    "ram_kompensation_for_avgiftsfria_besok",
    "ram_filialer_och_servicepunkter",
];

#[test]
fn the_budget_totals_are_computed_2021_772_0_and_1191_2_2020_747_6_and_1142_6() {
    let (b2021, b2020) = (ram(&V2021), ram(&V2020));
    assert_eq!(b2021["summa_vardpeng"], "772.0");
    assert_eq!(b2021["summa_vardval"], "1191.2");
    assert_eq!(b2020["summa_vardpeng"], "747.6");
    assert_eq!(b2020["summa_vardval"], "1142.6");
    assert_eq!(b2021["paragraf"], "Tabell 1");
    assert_eq!(b2020["paragraf"], "Tabell 1");
    // The computed change: +48.6, where the memo's total row says +48.7.
    let change = tenths(&b2021["summa_vardval"]) - tenths(&b2020["summa_vardval"]);
    assert_eq!(change, 486);
    let vardpeng = tenths(&b2021["summa_vardpeng"]) - tenths(&b2020["summa_vardpeng"]);
    assert_eq!(vardpeng, 244);
    // The change column's rows sum to the computed change, not to the table's 48.7.
    assert_eq!(TABELL_1.iter().map(|r| r.2).sum::<i128>(), 486);
}

#[test]
fn every_row_of_2021_is_tabell_1_and_2020_is_it_less_the_change_column() {
    let (b2021, b2020) = (ram(&V2021), ram(&V2020));
    for (field, amount, change) in TABELL_1 {
        assert_eq!(tenths(&b2021[field]), amount, "2021 {field}");
        assert_eq!(tenths(&b2020[field]), amount - change, "2020 {field}");
    }
    for b in [&b2021, &b2020] {
        assert_eq!(
            [
                &b["fordelning_alder"],
                &b["fordelning_acg"],
                &b["fordelning_cni"]
            ],
            ["0.65", "0.25", "0.10"],
            "Tabell 1's Fördelning, computed"
        );
    }
}

#[test]
fn the_memos_uppräkning_agrees_with_the_table_to_a_tenth_of_a_percentage_point() {
    let u = decide(&V2021, "ersattning.upprakning", json!({})).unwrap();
    assert_eq!(
        u,
        json!({"totalt": "0.043", "vardpeng": "0.032", "lakemedel": "0.08", "paragraf": "Tabell 1"})
    );
    let (b2021, b2020) = (ram(&V2021), ram(&V2020));
    for (stated, field) in [
        ("totalt", "summa_vardval"),
        ("vardpeng", "summa_vardpeng"),
        ("lakemedel", "lakemedelspeng"),
    ] {
        let stated: f64 = u[stated].as_str().unwrap().parse().unwrap();
        let (new, old) = (tenths(&b2021[field]) as f64, tenths(&b2020[field]) as f64);
        let growth = new / old - 1.0;
        assert!(
            (growth - stated).abs() < 0.001,
            "{field}: the table grows {growth:.4}, the memo says {stated}"
        );
    }
    assert!(
        matches!(
            decide(&V2020, "ersattning.upprakning", json!({})),
            Err(DecideError::UnknownDecision { .. })
        ),
        "the memo's uppräkning is 2021's"
    );
}

#[test]
fn the_2021_capitation_of_a_centre() {
    let out = decide(
        &V2021,
        "ersattning.vardpeng",
        json!({"andel_alder": "0.025", "andel_acg": 0.031, "andel_cni": "0.017"}),
    )
    .unwrap();
    assert_eq!(
        out,
        json!({
            "arlig": "19844800.00",
            "manatlig": "1653733.33",
            "delar": {"alder": "12480000.00", "acg": "6038800.00", "cni": "1326000.00"},
            "paragraf": "Tabell 1",
        })
    );
}

#[test]
fn a_share_outside_0_to_1_is_an_input_error_in_every_version() {
    for engine in [&*V2020, &*V2021] {
        for bad in [json!("1.0001"), json!(-0.5)] {
            let input = json!({"andel_alder": "0.1", "andel_acg": bad, "andel_cni": "0.1"});
            match decide(engine, "ersattning.vardpeng", input) {
                Err(DecideError::Input(e)) => assert_eq!(e.path, "/andel_acg"),
                other => panic!("expected an input error, got {other:?}"),
            }
        }
    }
}

#[test]
fn the_branch_office_rule_changes_2020_2021_2023() {
    let ask = |engine: &Engine, samma: bool| {
        decide(
            engine,
            "filial.etablering",
            json!({"samma_kommun_som_huvudmottagning": samma}),
        )
        .unwrap()
    };
    assert_eq!(
        ask(&V2020, false),
        json!({"tillatet": false, "skal": "annan_kommun_ej_tillaten", "paragraf": "4.5"})
    );
    assert_eq!(
        ask(&V2021, false),
        json!({"tillatet": true, "skal": "tillaten", "paragraf": "4.5"})
    );
    assert_eq!(
        ask(&V2020, true),
        json!({"tillatet": true, "skal": "samma_kommun", "paragraf": "4.5"})
    );
}

#[test]
fn the_memos_lists_2020_and_2021() {
    let list = |engine: &Engine| {
        decide(engine, "tillaggsuppdrag.lista", json!({})).unwrap()["tillaggsuppdrag"].clone()
    };
    assert_eq!(list(&V2020), json!([]));
    let l2021 = list(&V2021);
    let kods: Vec<&str> = l2021
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kod"].as_str().unwrap())
        .collect();
    assert_eq!(
        kods,
        ["halsoundersokning_asylsokande", "samisk_resursenhet"]
    );
    let areas = |engine: &Engine| {
        decide(engine, "prioriterade_omraden.lista", json!({})).unwrap()["omraden"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!((areas(&V2020), areas(&V2021)), (0, 4));
}

// ---------------------------------------------------------------- 2023

#[test]
fn in_2023_the_budget_table_is_an_unknown_decision() {
    assert!(matches!(
        decide(&V2023, "ersattning.ram", json!({})),
        Err(DecideError::UnknownDecision { .. })
    ));
}

#[test]
fn in_2023_a_missing_pot_is_rejected_by_name() {
    let input = json!({"andel_alder": "0.1", "andel_acg": "0.1", "andel_cni": "0.1"});
    match decide(&V2023, "ersattning.vardpeng", input.clone()) {
        Err(DecideError::Rejected(r)) => {
            assert_eq!(r.reason, "ram_vardpeng_alder_saknas");
            assert_eq!(r.paragraf, "4.6.3");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    let two = with(
        &V2023,
        &[
            ("ram_vardpeng_alder", json!("499200000")),
            ("ram_vardpeng_acg", json!("194800000")),
        ],
    );
    match decide(&two, "ersattning.vardpeng", input) {
        Err(DecideError::Rejected(r)) => assert_eq!(r.reason, "ram_vardpeng_cni_saknas"),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn in_2023_with_the_2021_pots_the_capitation_is_2021s() {
    let pots = with(
        &V2023,
        &[
            ("ram_vardpeng_alder", json!("499200000")),
            ("ram_vardpeng_acg", json!("194800000.00")),
            ("ram_vardpeng_cni", json!(78000000)),
        ],
    );
    let input = json!({"andel_alder": "0.0123", "andel_acg": "0.0456", "andel_cni": "0.0789"});
    let (a, b) = (
        decide(&pots, "ersattning.vardpeng", input.clone()).unwrap(),
        decide(&V2021, "ersattning.vardpeng", input).unwrap(),
    );
    for field in ["arlig", "manatlig", "delar"] {
        assert_eq!(a[field], b[field], "{field}");
    }
    assert_eq!(a["paragraf"], "4.6.3");
    assert_eq!(
        decide(
            &V2023,
            "filial.etablering",
            json!({"samma_kommun_som_huvudmottagning": false})
        )
        .unwrap(),
        json!({"tillatet": false, "skal": "annan_kommun_kraver_godkannande", "paragraf": "4.3.1"})
    );
}

// ---------------------------------------------------------------- properties

/// A share in 0..=1 with six decimals, as a decimal string and as millionths.
fn share() -> impl Strategy<Value = (String, i128)> {
    prop_oneof![
        1 => Just(0i128),
        1 => Just(1_000_000i128),
        8 => 0i128..=1_000_000,
    ]
    .prop_map(|n| (format!("{}.{:06}", n / 1_000_000, n % 1_000_000), n))
}

/// `pot × share` in öre, rounded half away from zero (both are non-negative).
fn part(pot_ore: i128, millionths: i128) -> i128 {
    (2 * pot_ore * millionths + 1_000_000) / 2_000_000
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(64))]

    /// Whatever the rows (in whole tenths of a million), the sums are theirs, in both versions.
    #[test]
    fn the_budget_rows_add_up_to_the_computed_sums(
        rows in proptest::collection::vec(prop_oneof![1 => Just(0i128), 4 => 0i128..=30_000], 8),
        v2020 in any::<bool>(),
    ) {
        let base = if v2020 { &*V2020 } else { &*V2021 };
        let overrides: Vec<(&str, Value)> = ROW_PARAMS
            .iter()
            .zip(&rows)
            .map(|(name, t)| (*name, json!(format!("{}", t * 100_000))))
            .collect();
        let b = ram(&with(base, &overrides));
        for ((field, _, _), t) in TABELL_1.iter().zip(&rows) {
            prop_assert_eq!(tenths(&b[*field]), *t, "{}", field);
        }
        prop_assert_eq!(tenths(&b["summa_vardpeng"]), rows[..3].iter().sum::<i128>());
        prop_assert_eq!(tenths(&b["summa_vardval"]), rows.iter().sum::<i128>());
        let sum: i128 = TABELL_1.iter().map(|(f, _, _)| tenths(&b[*f])).sum();
        prop_assert_eq!(tenths(&b["summa_vardval"]), sum);
        // The vårdpeng shares are null exactly when there is no vårdpeng.
        prop_assert_eq!(b["fordelning_alder"].is_null(), rows[..3].iter().all(|t| *t == 0));
    }

    /// With the 2021 pots: each part is pot × share rounded half away from zero, the parts add
    /// up to `arlig`, and `manatlig` is `arlig / 12` rounded likewise.
    #[test]
    fn the_parts_of_the_capitation_add_up_to_arlig(
        (alder, a) in share(), (acg, b) in share(), (cni, c) in share(),
    ) {
        let out = decide(
            &V2021,
            "ersattning.vardpeng",
            json!({"andel_alder": alder, "andel_acg": acg, "andel_cni": cni}),
        ).unwrap();
        let delar = [ore(&out["delar"]["alder"]), ore(&out["delar"]["acg"]), ore(&out["delar"]["cni"])];
        prop_assert_eq!(
            delar,
            [part(49_920_000_000, a), part(19_480_000_000, b), part(7_800_000_000, c)]
        );
        let arlig = ore(&out["arlig"]);
        prop_assert_eq!(arlig, delar.iter().sum::<i128>());
        prop_assert_eq!(ore(&out["manatlig"]), (2 * arlig + 12) / 24);
    }

    /// The same for any pots, given as overrides in öre.
    #[test]
    fn the_parts_add_up_to_arlig_for_any_pots(
        pots in proptest::collection::vec(0i128..=100_000_000_000, 3),
        (alder, a) in share(), (acg, b) in share(), (cni, c) in share(),
    ) {
        let money = |o: i128| json!(format!("{}.{:02}", o / 100, o % 100));
        let engine = with(&V2021, &[
            ("ram_vardpeng_alder", money(pots[0])),
            ("ram_vardpeng_acg", money(pots[1])),
            ("ram_vardpeng_cni", money(pots[2])),
        ]);
        let out = decide(
            &engine,
            "ersattning.vardpeng",
            json!({"andel_alder": alder, "andel_acg": acg, "andel_cni": cni}),
        ).unwrap();
        let delar = [ore(&out["delar"]["alder"]), ore(&out["delar"]["acg"]), ore(&out["delar"]["cni"])];
        prop_assert_eq!(delar, [part(pots[0], a), part(pots[1], b), part(pots[2], c)]);
        let arlig = ore(&out["arlig"]);
        prop_assert_eq!(arlig, delar.iter().sum::<i128>());
        prop_assert_eq!(ore(&out["manatlig"]), (2 * arlig + 12) / 24);
    }
}
