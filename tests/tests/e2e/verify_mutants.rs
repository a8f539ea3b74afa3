//! Mutants of the 2023 policies: a number changed against the text of the Beställning, a
//! comparison loosened or tightened. Each must make `regel verify` refute a property of
//! `policies/2023/egenskaper.regel`, with a counterexample the evaluator confirms (`verify`
//! replays every one; an unconfirmed one would be an internal error). The unchanged policies
//! prove every property.

use regel_compiler::{Database, diagnostics, load_version, program};
use regel_e2e::policy_files;
use regel_eval::Engine;
use regel_verify::{Options, Report, Status, verify};

/// The 2023 policies with `from` replaced by `to` in `file` (which must contain it once).
fn mutant(file: &str, from: &str, to: &str) -> Report {
    let mut files = policy_files("2023");
    let (_, text) = files
        .iter_mut()
        .find(|(path, _)| path.ends_with(file))
        .unwrap_or_else(|| panic!("no {file}"));
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {file}");
    *text = text.replacen(from, to, 1);
    run(files)
}

fn run(files: Vec<(String, String)>) -> Report {
    let db = Database::default();
    let v = load_version(&db, "2023", files);
    let errors: Vec<_> = diagnostics(&db, v)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let engine = Engine::new(program(&db, v)).unwrap();
    let report = verify(&engine, Options::default());
    assert!(report.internal.is_empty(), "{:?}", report.internal);
    report
}

/// The properties the mutant refutes, each with its counterexample.
fn refuted(report: &Report) -> Vec<&str> {
    report
        .properties
        .iter()
        .filter(|p| p.status == Status::Refuted)
        .inspect(|p| assert!(p.counterexample.is_some(), "{p:?}"))
        .map(|p| p.name.as_str())
        .collect()
}

#[test]
fn the_policies_as_written_prove_every_property() {
    let report = run(policy_files("2023"));
    let not_proved: Vec<_> = report
        .properties
        .iter()
        .filter(|p| p.status != Status::Proved)
        .collect();
    assert!(not_proved.is_empty(), "{not_proved:?}");
    assert!(report.properties.len() >= 20);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn a_fine_share_above_ten_percent_is_refuted() {
    let r = mutant(
        "sanktioner.regel",
        "param vite_andel: Decimal = 10 %",
        "param vite_andel: Decimal = 11 %",
    );
    assert!(
        refuted(&r).contains(&"vitet överstiger aldrig tio procent av den månatliga vårdpengen")
    );
}

#[test]
fn a_fine_share_below_ten_percent_is_refuted() {
    let r = mutant(
        "sanktioner.regel",
        "param vite_andel: Decimal = 10 %",
        "param vite_andel: Decimal = 9 %",
    );
    assert_eq!(
        refuted(&r),
        ["taket ligger inom ett öre under tio procent när vite får tas ut"]
    );
}

#[test]
fn a_fine_allowed_above_the_cap_is_refuted() {
    let r = mutant(
        "sanktioner.regel",
        "when begart > taket",
        "when begart > taket + 1 kr",
    );
    assert!(refuted(&r).contains(&"ett vite tillåts bara upp till taket"));
}

#[test]
fn four_months_for_the_director_is_refuted() {
    let r = mutant(
        "kapacitetsstopp.regel",
        "param regiondirektorens_grans: Duration = 3 months",
        "param regiondirektorens_grans: Duration = 90 days",
    );
    assert_eq!(
        refuted(&r),
        ["regiondirektören beslutar exakt när stoppet ryms inom tre månader"]
    );
}

#[test]
fn three_switches_a_year_is_refuted() {
    let r = mutant(
        "listning.regel",
        "param max_byten: Int = 2",
        "param max_byten: Int = 3",
    );
    assert_eq!(
        refuted(&r),
        ["ett byte utan särskilda skäl beviljas bara efter färre än två byten det senaste året"]
    );
}

#[test]
fn a_switch_limit_loosened_from_at_least_to_more_than_is_refuted() {
    let r = mutant(
        "listning.regel",
        "when byten >= max_byten and not sarskilda_skal",
        "when byten > max_byten and not sarskilda_skal",
    );
    assert!(refuted(&r).contains(
        &"ett byte utan särskilda skäl beviljas bara efter färre än två byten det senaste året"
    ));
}

#[test]
fn a_61_day_decision_deadline_is_refuted() {
    let r = mutant(
        "godkannande.regel",
        "param beslutsfrist: Duration = 60 days",
        "param beslutsfrist: Duration = 2 months",
    );
    assert_eq!(
        refuted(&r),
        ["beslut om godkännande senast sextio dagar efter ansökan"]
    );
}

#[test]
fn a_59_day_objection_period_is_refuted() {
    let r = mutant(
        "avtal.regel",
        "param invandningsfrist: Duration = 60 days",
        "param invandningsfrist: Duration = 59 days",
    );
    assert!(refuted(&r).contains(&"invändning inom sextio dagar efter beslutet"));
}

#[test]
fn a_three_month_notice_of_change_is_refuted() {
    let r = mutant(
        "avtal.regel",
        "param varsel_villkorsandring: Duration = 90 days",
        "param varsel_villkorsandring: Duration = 3 months",
    );
    assert_eq!(
        refuted(&r),
        [
            "ändrade villkor gäller tidigast nittio dagar efter beslutet",
            "ändrade villkor gäller tidigast nittio dagar efter meddelandet",
        ]
    );
}

#[test]
fn a_six_year_contract_is_refuted() {
    let r = mutant(
        "avtal.regel",
        "param avtalstid: Duration = 5 years",
        "param avtalstid: Duration = 60 months",
    );
    // 60 months is 5 years: the same periods, nothing refuted.
    assert_eq!(refuted(&r), Vec::<&str>::new());
    let r = mutant(
        "avtal.regel",
        "param avtalstid: Duration = 5 years",
        "param avtalstid: Duration = 6 years",
    );
    assert_eq!(
        refuted(&r),
        ["kontraktstiden är fem år enligt periodregeln"]
    );
}

#[test]
fn a_staffing_goal_of_1200_or_a_strict_comparison_is_refuted() {
    let r = mutant(
        "bemanning.regel",
        "param listade_per_distriktslakare_mal: Int = 1100",
        "param listade_per_distriktslakare_mal: Int = 1200",
    );
    assert_eq!(
        refuted(&r),
        ["bemanningsmålet är högst 1100 listade per distriktsläkare"]
    );
    let r = mutant(
        "bemanning.regel",
        "when listade <= listade_per_distriktslakare_mal * distriktslakare",
        "when listade < listade_per_distriktslakare_mal * distriktslakare",
    );
    assert_eq!(
        refuted(&r),
        ["bemanningsmålet är högst 1100 listade per distriktsläkare"]
    );
}

#[test]
fn measures_out_of_order_or_a_fine_without_cause_are_refuted() {
    let r = mutant(
        "sanktioner.regel",
        "let vid_brist = [begaran_om_rattelse, erinran, varning]",
        "let vid_brist = [erinran, begaran_om_rattelse, varning]",
    );
    assert_eq!(
        refuted(&r),
        ["åtgärderna vid brist i ordning från den mildaste"]
    );
    let r = mutant(
        "sanktioner.regel",
        "(if vite_mojligt then [vite] else [])",
        "(if storre_avvikelse then [vite] else [])",
    );
    assert_eq!(
        refuted(&r),
        ["vite bara vid större avvikelse som inte rättats"]
    );
}

#[test]
fn listing_a_protected_identity_is_refuted() {
    let r = mutant(
        "listning.regel",
        "    then { halsocentral: null, listning: ingen }\n    because skyddad_identitet",
        "    then { halsocentral: narmaste_halsocentral, listning: passiv }\n    because skyddad_identitet",
    );
    assert_eq!(refuted(&r), ["skyddad identitet listas aldrig passivt"]);
}
