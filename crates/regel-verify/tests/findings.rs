//! Each kind of finding on a small decision that has the defect, and none on its fixed form.
//! Every counterexample shown has been replayed through the evaluator by `verify` itself; the
//! tests replay them once more.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_eval::{DecideError, Engine, decide_json};
use regel_verify::{Kind, Options, Report, verify};
use serde_json::Value;

/// The engine of a one-file version; errors other than E0300 (which `verify` decides) fail.
fn engine(body: &str) -> Engine {
    regel_testing::engine_of(body, &["E0300"])
}

fn report(body: &str) -> (Engine, Report) {
    let e = engine(body);
    let r = verify(&e, Options::default());
    assert!(r.internal.is_empty(), "{:?}", r.internal);
    (e, r)
}

fn kinds(r: &Report) -> Vec<(&'static str, Option<usize>)> {
    r.findings
        .iter()
        .map(|f| (f.kind.as_str(), f.rule))
        .collect()
}

fn decision(inputs: &str, rules: &str) -> String {
    format!(
        "enum U {{ ja, nej }}\ndecision d {{\n{inputs}\n  output u: U\n  output skal\n  output paragraf\n{rules}\n}}\n"
    )
}

fn snapshot(name: &str, r: &Report) {
    insta::assert_snapshot!(name, serde_json::to_string_pretty(&r.to_json()).unwrap());
}

#[test]
fn the_same_condition_twice_leaves_the_second_rule_unreachable() {
    let (_, r) = report(&decision(
        "  input x: Int",
        "  when x < 10 then { u: ja } because a\n  when x < 10 then { u: nej } because b\n  otherwise then { u: nej } because c",
    ));
    assert_eq!(kinds(&r), vec![("unreachable_rule", Some(2))]);
    assert!(
        r.findings[0].message.contains("rule 1"),
        "{}",
        r.findings[0].message
    );
    snapshot("twice", &r);
}

#[test]
fn a_narrower_condition_after_a_broader_one_is_unreachable() {
    let (_, r) = report(&decision(
        "  input x: Int",
        "  when x < 10 then { u: ja } because a\n  when x < 5 then { u: nej } because b\n  otherwise then { u: nej } because c",
    ));
    assert_eq!(kinds(&r), vec![("unreachable_rule", Some(2))]);
    // Fixed: the narrower rule first.
    let (_, fixed) = report(&decision(
        "  input x: Int",
        "  when x < 5 then { u: nej } because b\n  when x < 10 then { u: ja } because a\n  otherwise then { u: nej } because c",
    ));
    assert_eq!(kinds(&fixed), vec![]);
}

#[test]
fn a_rule_covered_by_the_union_of_earlier_rules_names_them() {
    let (_, r) = report(&decision(
        "  input x: Int\n  input s: Bool",
        "  when x < 5 then { u: ja } because a\n  when s then { u: ja } because s\n  when x >= 5 and x < 10 then { u: nej } because b\n  when x < 8 then { u: nej } because c\n  otherwise then { u: nej } because d",
    ));
    assert_eq!(kinds(&r), vec![("unreachable_rule", Some(4))]);
    let m = &r.findings[0].message;
    // The core: rules 1 and 3, not the unrelated rule 2.
    assert!(
        m.contains("rule 1") && m.contains("rule 3") && !m.contains("rule 2"),
        "{m}"
    );
    snapshot("union", &r);
}

#[test]
fn a_tautology_first_always_holds_and_hides_the_rest() {
    let (_, r) = report(&decision(
        "  input s: Bool",
        "  when s or not s then { u: ja } because a\n  when s then { u: nej } because b\n  otherwise then { u: nej } because c",
    ));
    assert_eq!(
        kinds(&r),
        vec![
            ("always_holds", Some(1)),
            ("unreachable_rule", Some(2)),
            ("unreachable_rule", Some(3))
        ]
    );
}

#[test]
fn a_condition_no_date_meets_never_holds() {
    let (_, r) = report(&decision(
        "  input d: Date",
        "  when d > 2023-12-31 and d < 2023-01-01 then { u: ja } because a\n  otherwise then { u: nej } because b",
    ));
    assert_eq!(kinds(&r), vec![("never_holds", Some(1))]);
    snapshot("no_date", &r);
}

#[test]
fn a_require_no_input_passes_never_holds() {
    let (_, r) = report(&decision(
        "  input x: Int\n  require x > 5 and x < 3 else omojligt",
        "  otherwise then { u: nej } because b",
    ));
    assert_eq!(kinds(&r), vec![("never_holds", None)]);
    assert!(r.findings[0].message.contains("omojligt"));
}

#[test]
fn a_where_no_value_meets_never_holds() {
    let (_, r) = report(&decision(
        "  input x: Int where x > 3 and x < 1",
        "  otherwise then { u: nej } because b",
    ));
    assert_eq!(kinds(&r), vec![("never_holds", None)]);
    assert!(r.findings[0].message.contains("`where` of input `x`"));
}

#[test]
fn rules_exhaustive_by_arithmetic_have_no_gap() {
    let (_, r) = report(&decision(
        "  input x: Int",
        "  when x >= 0 then { u: ja } because a\n  when x < 0 then { u: nej } because b",
    ));
    assert_eq!(kinds(&r), vec![]);
}

#[test]
fn a_gap_comes_with_an_input_no_rule_meets() {
    let (e, r) = report(&decision(
        "  input x: Int",
        "  when x > 0 then { u: ja } because a\n  when x < 0 then { u: nej } because b",
    ));
    assert_eq!(kinds(&r), vec![("gap", None)]);
    let input = r.findings[0].counterexample.clone().unwrap();
    assert_eq!(input, serde_json::json!({"x": 0}));
    match decide_json(&e, "d", &input, false, "") {
        Err(DecideError::Runtime(err)) => assert!(err.message.contains("no rule")),
        other => panic!("{other:?}"),
    }
    snapshot("gap", &r);
}

#[test]
fn an_otherwise_after_exhaustive_rules_is_unreachable() {
    let (_, r) = report(&decision(
        "  input x: Int",
        "  when x >= 0 then { u: ja } because a\n  when x < 0 then { u: nej } because b\n  otherwise then { u: nej } because c",
    ));
    assert_eq!(kinds(&r), vec![("unreachable_rule", Some(3))]);
}

#[test]
fn a_division_by_zero_is_a_runtime_error_with_its_input() {
    let (e, r) = report(
        "decision d {\n  input x: Int\n  input y: Int\n  output v: Decimal = round(y / x, 2)\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    assert_eq!(kinds(&r), vec![("runtime_error", None)]);
    let input = r.findings[0].counterexample.clone().unwrap();
    assert_eq!(input["x"], Value::from(0));
    assert!(matches!(
        decide_json(&e, "d", &input, false, ""),
        Err(DecideError::Runtime(_))
    ));
    // Fixed: guarded.
    let (_, fixed) = report(
        "decision d {\n  input x: Int\n  input y: Int\n  output v: Decimal = if x != 0 then round(y / x, 2) else 0\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    assert_eq!(kinds(&fixed), vec![]);
}

#[test]
fn whole_numbers_overflow_where_the_evaluator_overflows() {
    // The evaluator holds Int as i64 and fails past it; the encoding fails at the same inputs.
    let (e, r) = report(
        "decision d {\n  input n: Int where n >= 0\n  output v: Int = n * 4\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    assert_eq!(kinds(&r), vec![("runtime_error", None)]);
    let input = r.findings[0].counterexample.clone().unwrap();
    assert!(input["n"].as_i64().unwrap() > i64::MAX / 4, "{input}");
    assert!(matches!(
        decide_json(&e, "d", &input, false, ""),
        Err(DecideError::Runtime(_))
    ));
    // At the last value that fits, nothing overflows; a sum of list elements is checked too.
    let (_, fixed) = report(&format!(
        "decision d {{\n  input n: Int where n >= 0 and n <= {}\n  output v: Int = n * 4\n  output paragraf\n  otherwise then {{}} because ok\n}}\n",
        i64::MAX / 4
    ));
    assert_eq!(kinds(&fixed), vec![]);
    let (e, r) = report(
        "decision d {\n  input xs: [Int]\n  output v: Int = sum(xs)\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    assert_eq!(kinds(&r), vec![("runtime_error", None)]);
    let input = r.findings[0].counterexample.clone().unwrap();
    assert!(input["xs"].as_array().unwrap().len() >= 2, "{input}");
    assert!(decide_json(&e, "d", &input, false, "").is_err());
}

#[test]
fn an_empty_sum_of_money_is_0_kr() {
    // 4.6.3's payment over rows: with no rows the sum is 0 kr, so the condition "no rows but
    // a payment" never holds (with the whole 0 it held for every empty list).
    let rules = "record Del { pott: Money, andel: Decimal }
decision d {
  input delar: [Del]
  let summa = sum(delar, del => round(del.pott * del.andel, ore))
  output paragraf
  when count(delar) == 0 and summa != 0 kr then {} because omojlig
  when summa == 0 kr and count(delar) == 0 then {} because inga_rader
  otherwise then {} because vardpeng
}
";
    let (_, r) = report(rules);
    assert_eq!(kinds(&r), vec![("never_holds", Some(1))]);
}

#[test]
fn a_date_made_of_numbers_that_are_no_date_is_a_runtime_error() {
    let (e, r) = report(
        "decision d {\n  input m: Int where m >= 1 and m <= 12\n  output v: Date = date(2023, m, 31)\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    assert_eq!(kinds(&r), vec![("runtime_error", None)]);
    let input = r.findings[0].counterexample.clone().unwrap();
    let m = input["m"].as_i64().unwrap();
    assert!([2, 4, 6, 9, 11].contains(&m), "{input}");
    assert!(matches!(
        decide_json(&e, "d", &input, false, ""),
        Err(DecideError::Runtime(_))
    ));
    // Fixed: the month's last day.
    let (_, fixed) = report(
        "decision d {\n  input m: Int where m >= 1 and m <= 12\n  output v: Date = last_day_of_month(date(2023, m, 1))\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    assert_eq!(kinds(&fixed), vec![]);
}

#[test]
fn an_if_whose_condition_never_or_always_holds() {
    let (_, r) = report(
        "decision d {\n  input x: Int\n  output v: Int = if x > 5 and x < 2 then 1 else 0\n  output w: Int = if x > 5 or x <= 5 then 1 else 0\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    assert_eq!(
        kinds(&r),
        vec![("never_holds", None), ("always_holds", None)]
    );
}

#[test]
fn month_ends_clamp_as_the_catalogue_says() {
    // 2023-05-31 − 3 months = 2023-02-28: `within` is true from 2023-03-01, not 2023-02-28.
    let (_, r) = report(&decision(
        "  input fran: Date\n  require fran >= 2023-01-01 and fran <= 2023-05-31 else utanfor",
        "  when within(fran, 2023-05-31, 3 months) and fran < 2023-03-01 then { u: ja } because a\n  otherwise then { u: nej } because b",
    ));
    assert_eq!(kinds(&r), vec![("never_holds", Some(1))]);
    let (_, r) = report(&decision(
        "  input fran: Date\n  require fran >= 2023-01-01 and fran <= 2023-05-31 else utanfor",
        "  when within(fran, 2023-05-31, 3 months) and fran < 2023-03-02 then { u: ja } because a\n  otherwise then { u: nej } because b",
    ));
    assert_eq!(kinds(&r), vec![]);
}

#[test]
fn list_operators_are_unrolled_up_to_the_bound() {
    // Three elements above 10 need a list of three: found with the bound 8, not with 2.
    let body = decision(
        "  input xs: [Int]",
        "  when count(xs, x => x > 10) >= 3 then { u: ja } because a\n  otherwise then { u: nej } because b",
    );
    let e = engine(&body);
    let small = verify(
        &e,
        Options {
            list_bound: 2,
            ..Options::default()
        },
    );
    assert_eq!(kinds(&small), vec![("never_holds", Some(1))]);
    assert!(small.findings[0].message.contains("up to 2 elements"));
    let (_, r) = report(&body);
    assert_eq!(kinds(&r), vec![]);
}

#[test]
fn every_kind_has_a_stable_code() {
    let codes: Vec<&str> = [
        Kind::UnreachableRule,
        Kind::NeverHolds,
        Kind::AlwaysHolds,
        Kind::Gap,
        Kind::RuntimeError,
    ]
    .iter()
    .map(|k| k.code())
    .collect();
    assert_eq!(codes, ["W0300", "W0301", "W0302", "E0300", "W0303"]);
}

#[test]
fn a_weekday_is_proved_from_its_bounded_remainder_and_refuted_with_a_real_sunday() {
    let (e, r) = report(
        "decision d {\n  input datum: Date\n  output w: Int = weekday(datum)\n  output paragraf\n  otherwise then {} because ok\n}\n\
property \"en veckodag är 1 till 7\" {\n  decide d\n  expect w >= 1 and w <= 7\n}\n\
property \"en vecka senare är samma veckodag\" {\n  decide d\n  when datum < 9999-12-01\n  expect weekday(datum + 7 days) == w\n}\n\
property \"den 18 januari 2023 är en onsdag\" {\n  decide d\n  when datum == 2023-01-18\n  expect w == 3\n}\n\
property \"ingen dag är en söndag\" {\n  decide d\n  expect w != 7\n}\n",
    );
    assert_eq!(kinds(&r), vec![]);
    let status = |name: &str| {
        r.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| (p.status, p.counterexample.clone()))
            .unwrap()
    };
    for name in [
        "en veckodag är 1 till 7",
        "en vecka senare är samma veckodag",
        "den 18 januari 2023 är en onsdag",
    ] {
        assert_eq!(status(name).0, regel_verify::Status::Proved, "{name}");
    }
    let (refuted, input) = status("ingen dag är en söndag");
    assert_eq!(refuted, regel_verify::Status::Refuted);
    let input = input.unwrap();
    let day =
        chrono::NaiveDate::parse_from_str(input["datum"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(
        chrono::Datelike::weekday(&day),
        chrono::Weekday::Sun,
        "{input}"
    );
    let answer = decide_json(&e, "d", &input, false, "").unwrap();
    assert_eq!(answer.output["w"], 7, "{:?}", answer.output);
}

/// A finding in a `let`, an output or an input's `where` stands on that member's line (where
/// its expression starts), not on the decision's: the checker records each member's line.
#[test]
fn a_finding_in_a_let_an_output_or_a_where_stands_on_its_line() {
    // A division makes the later `if`s undecidable (the evaluator rounds its quotient), so the
    // `if`s and the `where` stand in a decision of their own.
    let body = "/// Ett beslut.
decision d {
  /// Antalet.
  input n: Int where n >= 0 and n <= 100
  /// Summan.
  let s = n + 1
  /// Kvoten.
  let q = s / n
  /// Gånger mycket.
  output v: Int = n * 100000000000000000
  output paragraf
  otherwise then {} because ok
}
/// Ett annat beslut.
decision e {
  /// Antalet.
  input n: Int where n >= 0 and n <= 100
  /// Ett värde.
  input x: Int
    where x >= 0 or x < 0
  let k = if n > 5 and n < 2 then 1 else 0
  output w: Int = if n > 7 and n < 3 then 1 else 0
  output paragraf
  otherwise then {} because ok
}
";
    let (_, r) = report(body);
    let text = format!("{}{body}", regel_testing::HEADER);
    // The 1-based line of the file that holds `needle`.
    let line_of = |needle: &str| {
        let at = text.find(needle).unwrap();
        text[..at].matches('\n').count() as u32 + 1
    };
    let mut placed: Vec<(&str, u32)> = r
        .findings
        .iter()
        .map(|f| (f.kind.as_str(), f.line))
        .collect();
    placed.sort_by_key(|(_, line)| *line);
    assert_eq!(
        placed,
        vec![
            ("runtime_error", line_of("s / n")),
            ("runtime_error", line_of("n * 1000")),
            ("always_holds", line_of("where x >= 0")),
            ("never_holds", line_of("if n > 5")),
            ("never_holds", line_of("if n > 7")),
        ],
        "{:#?}",
        r.findings
    );
}
