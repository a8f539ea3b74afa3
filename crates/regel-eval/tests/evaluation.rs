//! The evaluator on small policies: rounding, money, the JSON boundary, requires, the trace.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;

use regel_compiler::ir;
use regel_compiler::{Database, diagnostics, load_version, program};
use regel_eval::{DecideError, Engine, decide_json, reference};
use regel_testing::HEADER;
use serde_json::{Value, json};

/// The engine of a one-file version of `body`, which must compile.
fn engine(body: &str) -> Engine {
    regel_testing::engine_of(body, &[])
}

/// A decision `d` with the given inputs whose one output `v` is `expr`.
fn formula(inputs: &str, ty: &str, expr: &str) -> Engine {
    engine(&format!(
        "decision d {{\n{inputs}\n  output v: {ty} = {expr}\n  output paragraf\n  otherwise then {{}} because ok\n}}\n"
    ))
}

fn eval(engine: &Engine, input: Value) -> Result<Value, DecideError> {
    decide_json(engine, "d", &input, false, "/input").map(|d| d.output["v"].clone())
}

#[test]
fn a_cap_is_rounded_down_to_ore() {
    let e = formula(
        "  input vardpeng: Money",
        "Money",
        "floor(vardpeng * 10 %, ore)",
    );
    assert_eq!(
        eval(&e, json!({"vardpeng": "1234567.89"})).unwrap(),
        json!("123456.78")
    );
    assert_eq!(
        eval(&e, json!({"vardpeng": "1234567.80"})).unwrap(),
        json!("123456.78")
    );
    assert_eq!(eval(&e, json!({"vardpeng": 100})).unwrap(), json!("10.00"));
}

#[test]
fn amounts_paid_round_half_away_from_zero() {
    let e = formula(
        "  input x: Money\n  input andel: Decimal",
        "Money",
        "round(x * andel, ore)",
    );
    assert_eq!(
        eval(&e, json!({"x": "1.00", "andel": "0.125"})).unwrap(),
        json!("0.13")
    );
    assert_eq!(
        eval(&e, json!({"x": "-1.00", "andel": "0.125"})).unwrap(),
        json!("-0.13")
    );
    assert_eq!(
        eval(&e, json!({"x": "1.00", "andel": "0.124"})).unwrap(),
        json!("0.12")
    );
    let kronor = formula("  input x: Money", "Money", "round(x, kronor)");
    assert_eq!(
        eval(&kronor, json!({"x": "10.50"})).unwrap(),
        json!("11.00")
    );
    assert_eq!(
        eval(&kronor, json!({"x": "-10.50"})).unwrap(),
        json!("-11.00")
    );
    let up = formula("  input x: Money", "Money", "ceil(x * 0.001, ore)");
    assert_eq!(eval(&up, json!({"x": "1.00"})).unwrap(), json!("0.01"));
}

#[test]
fn unrounded_money_is_an_error_not_a_silent_rounding() {
    let e = formula("  input x: Money", "Money", "x * 0.125");
    match eval(&e, json!({"x": "1.00"})) {
        Err(DecideError::Runtime(r)) => assert!(r.message.contains("round"), "{}", r.message),
        other => panic!("expected a runtime error, got {other:?}"),
    }
}

#[test]
fn an_output_date_past_the_calendar_is_an_error_not_a_five_digit_year() {
    let e = formula("  input beslut: Date", "Date", "beslut + 90 days");
    assert_eq!(
        eval(&e, json!({"beslut": "9999-10-02"})).unwrap(),
        json!("9999-12-31")
    );
    for beslut in ["9999-10-03", "9999-12-30"] {
        match eval(&e, json!({"beslut": beslut})) {
            Err(DecideError::Runtime(r)) => assert!(
                r.message.contains("outside the calendar")
                    && r.message.contains("after 9999-12-31"),
                "{}",
                r.message
            ),
            other => panic!("{beslut}: expected a runtime error, got {other:?}"),
        }
    }
    let before = formula("  input d: Date", "Date", "d - 1 day");
    assert_eq!(
        eval(&before, json!({"d": "0000-01-02"})).unwrap(),
        json!("0000-01-01")
    );
    match eval(&before, json!({"d": "0000-01-01"})) {
        Err(DecideError::Runtime(r)) => {
            assert!(r.message.contains("before 0000-01-01"), "{}", r.message)
        }
        other => panic!("expected a runtime error, got {other:?}"),
    }
    // A date past the calendar inside the rules is no error: only writing it out is.
    let inside = formula("  input d: Date", "Bool", "d + 90 days > d");
    assert_eq!(
        eval(&inside, json!({"d": "9999-12-30"})).unwrap(),
        json!(true)
    );
}

#[test]
fn decimals_round_to_a_number_of_places_and_keep_them() {
    let e = formula(
        "  input listade: Int\n  input lakare: Decimal",
        "Decimal",
        "round(listade / lakare, 1)",
    );
    assert_eq!(
        eval(&e, json!({"listade": 2200, "lakare": "2"})).unwrap(),
        json!("1100.0")
    );
    assert_eq!(
        eval(&e, json!({"listade": 1000, "lakare": "3"})).unwrap(),
        json!("333.3")
    );
    match eval(&e, json!({"listade": 1000, "lakare": 0})) {
        Err(DecideError::Runtime(r)) => assert!(r.message.contains("division by zero")),
        other => panic!("expected division by zero, got {other:?}"),
    }
}

#[test]
fn calendar_arithmetic_clamps_and_counts_days() {
    let e = formula("  input d: Date", "Date", "d + 1 month");
    assert_eq!(
        eval(&e, json!({"d": "2023-01-31"})).unwrap(),
        json!("2023-02-28")
    );
    assert_eq!(
        eval(&e, json!({"d": "2024-01-31"})).unwrap(),
        json!("2024-02-29")
    );
    let back = formula("  input d: Date", "Date", "d - 1 year");
    assert_eq!(
        eval(&back, json!({"d": "2024-02-29"})).unwrap(),
        json!("2023-02-28")
    );
    let days = formula("  input a: Date\n  input b: Date", "Int", "b - a");
    assert_eq!(
        eval(&days, json!({"a": "2023-12-31", "b": "2024-03-01"})).unwrap(),
        json!(61)
    );
    let end = formula("  input s: Date", "Date", "period_end(s, 5 years)");
    assert_eq!(
        eval(&end, json!({"s": "2023-03-01"})).unwrap(),
        json!("2028-02-29")
    );
    assert_eq!(
        eval(&end, json!({"s": "2024-02-29"})).unwrap(),
        json!("2029-02-28")
    );
}

#[test]
fn list_operators_are_bounded_and_typed() {
    let e = formula(
        "  input xs: [Money]",
        "Money",
        "sum(filter(xs, x => x > 10 kr))",
    );
    assert_eq!(
        eval(&e, json!({"xs": ["5.00", "20.50", "30"]})).unwrap(),
        json!("50.50")
    );
    assert_eq!(eval(&e, json!({"xs": []})).unwrap(), json!("0.00"));
    let m = formula("  input xs: [Int]", "[Int]", "map(xs, x => x * 2)");
    assert_eq!(
        eval(&m, json!({"xs": [1, 2, 3]})).unwrap(),
        json!([2, 4, 6])
    );
    let a = formula(
        "  input xs: [Int]",
        "Bool",
        "any(xs, x => x > 2) and all(xs, x => x > 0)",
    );
    assert_eq!(eval(&a, json!({"xs": [1, 3]})).unwrap(), json!(true));
}

/// 4.6.3's payment written over rows: each part is pot × share rounded to öre, the year's
/// payment their sum; a unit with no rows is paid nothing.
const VARDPENG_PER_RAD: &str = "record Del { pott: Money, andel: Decimal }
decision d {
  input delar: [Del]
  let summa = sum(delar, del => round(del.pott * del.andel, ore))
  output arlig: Money = summa
  output andelar: Decimal = sum(map(delar, del => del.andel))
  output skal
  output paragraf
  when summa == 0 kr then {} because ingen_vardpeng
  otherwise then {} because vardpeng
}
";

#[test]
fn an_empty_sum_of_money_is_0_kr() {
    let e = engine(VARDPENG_PER_RAD);
    let paid = |delar: Value| decide_json(&e, "d", &json!({ "delar": delar }), false, "").unwrap();
    let none = paid(json!([]));
    assert_eq!(
        none.output["skal"],
        json!("ingen_vardpeng"),
        "{:?}",
        none.output
    );
    assert_eq!(none.output["arlig"], json!("0.00"));
    assert_eq!(none.output["andelar"], json!("0"));
    let some = paid(json!([{ "pott": "100.00", "andel": "0.5" }]));
    assert_eq!(some.output["skal"], json!("vardpeng"));
    assert_eq!(some.output["arlig"], json!("50.00"));
    let zero = paid(json!([{ "pott": "100.00", "andel": "0" }]));
    assert_eq!(zero.output["skal"], json!("ingen_vardpeng"));
    // The plain evaluator: the first rule, and 0 kr and a Decimal 0 as the sums.
    let (_, d) = e.program().decision("d").unwrap();
    let no_rows = ir::Value::List(Arc::from(Vec::new()));
    let (rule, outputs) = reference::decide(e.params(), d, &[no_rows]).unwrap();
    assert_eq!(rule, 0);
    assert_eq!(
        outputs[..2],
        [ir::Value::Money(0.into()), ir::Value::Decimal(0.into())]
    );
    assert!(matches!(outputs[0], ir::Value::Money(_)), "{outputs:?}");
    assert!(matches!(outputs[1], ir::Value::Decimal(_)), "{outputs:?}");
}

#[test]
fn json_input_errors_name_the_field_and_the_expected_form() {
    let e = formula(
        "  input belopp: Money\n  input dagar: [Date]\n  input n: Int = 1",
        "Int",
        "n",
    );
    let err = |input: Value| match eval(&e, input) {
        Err(DecideError::Input(i)) => i,
        other => panic!("expected an input error, got {other:?}"),
    };
    let i = err(json!({"belopp": "1.005", "dagar": []}));
    assert_eq!(i.path, "/input/belopp");
    assert!(i.message.contains("two decimals"), "{}", i.message);
    let i = err(json!({"belopp": "1.00", "dagar": ["2023-01-01", "2023-5-1"]}));
    assert_eq!(i.path, "/input/dagar/1");
    let i = err(json!({"belopp": "1.00", "dagar": [], "n": 1.5}));
    assert_eq!(
        (i.path.as_str(), i.expected.as_str()),
        ("/input/n", "a whole number")
    );
    let i = err(json!({"belopp": "1.00"}));
    assert_eq!(i.path, "/input/dagar");
    assert!(i.message.contains("missing"));
    let i = err(json!({"belopp": "1 kr", "dagar": []}));
    assert_eq!(i.path, "/input/belopp");
    let i = err(json!({"belopp": "1.00", "dagar": [], "okand": 1}));
    assert_eq!(i.path, "/input/okand");
    let i = err(json!([1]));
    assert_eq!(i.path, "/input");
    assert_eq!(
        eval(&e, json!({"belopp": 12.5, "dagar": []})).unwrap(),
        json!(1),
        "money as a JSON number"
    );
}

#[test]
fn a_rule_level_require_is_checked_only_when_its_rule_is_reached() {
    let e = engine(
        "decision d {\n  input a: Bool\n  input x: Text? = null\n  output v: Text\n  output paragraf\n\
           when a then { v: \"a\" } because forst\n\
           otherwise require x != null else x_saknas then { v: x ?? \"\" } because annars\n}\n",
    );
    assert_eq!(eval(&e, json!({"a": true})).unwrap(), json!("a"));
    match eval(&e, json!({"a": false})) {
        Err(DecideError::Rejected(r)) => {
            assert_eq!((r.reason.as_str(), r.paragraf.as_str()), ("x_saknas", "1"));
            assert_eq!(r.inputs, ["x"]);
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(eval(&e, json!({"a": false, "x": "y"})).unwrap(), json!("y"));
}

#[test]
fn a_rejection_names_the_input_it_is_about_first() {
    // `datum` is declared first and read by every part; the part that fails decides.
    let e = engine(
        "decision d {\n  input datum: Date\n  input byten: [Date]\n  input slut: Date\n  \
           let senast = slut\n  \
           require all(byten, s => s <= datum) and datum <= senast else fel\n  \
           output v: Int = count(byten)\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    let inputs = |input: Value| match eval(&e, input) {
        Err(DecideError::Rejected(r)) => r.inputs,
        other => panic!("expected a rejection, got {other:?}"),
    };
    // An element of `byten` after `datum`: the list is what is wrong.
    assert_eq!(
        inputs(json!({"datum": "2023-05-10", "byten": ["2024-01-01"], "slut": "2023-12-31"})),
        ["byten", "datum"]
    );
    // `datum` after `slut` (read through the `let`): the second part, in declaration order.
    assert_eq!(
        inputs(json!({"datum": "2023-05-10", "byten": [], "slut": "2023-01-01"})),
        ["datum", "slut", "byten"]
    );
}

#[test]
fn parameters_can_be_computed_from_parameters_and_overridden() {
    let db = Database::default();
    let body = "param a: Money = 10 kr\nparam b: Money = a + a\ndecision d {\n  output v: Money = b\n  output paragraf\n  otherwise then {} because ok\n}\n";
    let version = load_version(
        &db,
        "2023",
        vec![("2023/a.regel".into(), format!("{HEADER}{body}"))],
    );
    let p: Arc<_> = program(&db, version);
    let e = Engine::new(p.clone()).unwrap();
    assert_eq!(eval(&e, json!({})).unwrap(), json!("20.00"));
    let (a, _) = p.param("a").unwrap();
    let e = Engine::with_overrides(p, &[(a, regel_compiler::ir::Value::Money(7.into()))]).unwrap();
    assert_eq!(eval(&e, json!({})).unwrap(), json!("14.00"));
}

#[test]
fn the_trace_lists_rules_tried_with_their_values() {
    let e = engine(
        "decision d {\n  input n: Int\n  output paragraf\n\
           when n > 5 then {} because stor @ \"1\"\n\
           when n > 2 then {} because mellan\n\
           otherwise then {} because liten\n}\n",
    );
    let out = decide_json(&e, "d", &json!({"n": 3}), true, "").unwrap();
    let trace = out.trace.unwrap();
    assert_eq!(trace.as_array().unwrap().len(), 2);
    assert_eq!(trace[0]["matched"], json!(false));
    assert_eq!(trace[1]["matched"], json!(true));
    assert_eq!(trace[1]["skal"], json!("mellan"));
    assert_eq!(trace[1]["values"], json!({"n": 3}));
    assert_eq!(
        trace[1]["line"],
        json!(7),
        "the rule's line in the file: header 1–2, decision from 3"
    );
    assert_eq!(trace[1]["file"], json!("2023/a.regel"));
}

#[test]
fn an_input_outside_its_domain_is_an_input_error() {
    let e = formula(
        "  input andel: Decimal where andel >= 0 and andel <= 1",
        "Decimal",
        "andel",
    );
    assert_eq!(eval(&e, json!({"andel": "1"})).unwrap(), json!("1"));
    assert_eq!(eval(&e, json!({"andel": 0})).unwrap(), json!("0"));
    match eval(&e, json!({"andel": "1.01"})) {
        Err(DecideError::Input(i)) => {
            assert_eq!(i.path, "/input/andel");
            assert!(
                i.message.contains("andel >= 0 and andel <= 1"),
                "{}",
                i.message
            );
        }
        other => panic!("expected an input error, got {other:?}"),
    }
    let money = formula(
        "  input belopp: Money where belopp >= 0 kr",
        "Money",
        "belopp",
    );
    assert!(matches!(
        eval(&money, json!({"belopp": "-0.01"})),
        Err(DecideError::Input(_))
    ));
}

#[test]
fn a_domain_reading_another_input_is_refused() {
    let db = Database::default();
    let body = "decision d {\n  input a: Int\n  input b: Int where b > a\n  output paragraf\n  otherwise then {} because ok\n}\n";
    let version = load_version(
        &db,
        "2023",
        vec![("2023/a.regel".into(), format!("{HEADER}{body}"))],
    );
    let codes: Vec<_> = diagnostics(&db, version).iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0114"]);
}

/// `count`, `all` and `any` over dates with a conjunction of comparisons run as a kernel (one
/// interval of dates); the same operators written with `not`, which the kernel does not take,
/// run the general way. Both must agree on every list, bounds and order of operands.
mod kernel {
    use super::*;
    use proptest::prelude::*;

    const POLICY: &str = "decision d {
  input xs: [Date]
  input a: Date
  input b: Date
  output c1: Int = count(xs, s => s > a and s <= b)
  output c2: Int = count(xs, s => not (s <= a) and not (s > b))
  output k1: Bool = all(xs, s => s >= a and b > s)
  output k2: Bool = all(xs, s => not (s < a) and not (b <= s))
  output y1: Bool = any(xs, s => b == s)
  output y2: Bool = any(xs, s => not (b != s))
  output e1: Int = count(xs, s => s != a and s < b)
  output e2: Int = count(xs, s => not (s == a) and not (s >= b))
  output paragraf
  otherwise then {} because ok
}
";

    fn date(day: u32) -> String {
        let d =
            chrono::NaiveDate::from_ymd_opt(2024, 2, 20).unwrap() + chrono::Days::new(day.into());
        d.format("%Y-%m-%d").to_string()
    }

    /// The kernels are planned by the lowering (one IR-to-IR pass), not by the closures, so
    /// the Rust generator, which starts from the same lowered form, gets them too.
    #[test]
    fn the_lowering_plans_the_kernels_for_both_back_ends() {
        use regel_eval::lower::{Node, OutNode, lower};
        let engine = engine(POLICY);
        let d = &engine.program().decisions[0];
        let lowered = lower(d, engine.params());
        let planned: Vec<&str> = d
            .outputs
            .iter()
            .zip(&lowered.rules[0].outputs)
            .filter(|(_, o)| matches!(o, OutNode::Code(Node::DateRange(_))))
            .map(|(output, _)| output.name.as_str())
            .collect();
        assert_eq!(planned, ["c1", "k1", "y1", "e1"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn the_kernel_and_the_general_path_agree(
            xs in prop::collection::vec(0u32..20, 0..8),
            a in 0u32..20,
            b in 0u32..20,
        ) {
            static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(|| engine(POLICY));
            let input = json!({
                "xs": xs.iter().map(|d| date(*d)).collect::<Vec<_>>(),
                "a": date(a),
                "b": date(b),
            });
            let before = regel_eval::kernel_runs();
            let out = decide_json(&ENGINE, "d", &input, false, "/input").unwrap().output;
            // c1, k1, y1 and e1 (the `!=` term) run as kernels on a list that is not empty
            // (`all` and `any` may stop early, but each runs its loop once).
            if !xs.is_empty() {
                prop_assert_eq!(regel_eval::kernel_runs() - before, 4, "kernels on {}", input);
            }
            for (kernel, general) in [("c1", "c2"), ("k1", "k2"), ("y1", "y2"), ("e1", "e2")] {
                prop_assert_eq!(&out[kernel], &out[general], "{} vs {} on {}", kernel, general, input);
            }
            let (lo, hi) = (a, b);
            let expected = xs.iter().filter(|x| **x > lo && **x <= hi).count();
            prop_assert_eq!(&out["c1"], &json!(expected));
        }
    }
}

/// The batch's straight reader takes a list of dates up to the limit, as `read` does, and
/// leaves one past it to the general path; dates in lists of lists are read the same way.
#[test]
fn a_list_of_dates_is_read_straight_up_to_the_limit_and_no_further() {
    let e = engine(
        "decision d {\n  input s: [Date]\n  input t: [[Date]] = []\n  output v: Int = count(s)\n  output paragraf\n  otherwise then {} because ok\n}\n",
    );
    let decision = e.program().decision("d").unwrap().1.clone();
    let limits = regel_eval::Limits {
        max_list: 3,
        ..regel_eval::Limits::default()
    };
    let mut reader = regel_eval::InputReader::new(&e, &decision, limits);
    let date = |d: u32| ir::Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 2, d).unwrap());
    let mut straight = Vec::new();
    let mut general = Vec::new();
    for (text, read) in [
        (r#"{"s": []}"#, true),
        (r#"{"s": ["2024-02-27", "2024-02-28","2024-02-29"]}"#, true),
        (
            r#"{"s": ["2024-02-27", "2024-02-28", "2024-02-29", "2024-02-29"]}"#,
            false,
        ),
        (r#"{"s": ["2024-02-30"]}"#, false),
        (
            r#"{"s": ["2024-02-29"], "t": [["2024-02-28", "2024-02-29"], []]}"#,
            true,
        ),
    ] {
        let at = reader.read_at(text.as_bytes(), 0, &mut straight);
        assert_eq!(at, read.then_some(text.len()), "{text}");
        assert_eq!(reader.read(text, &mut general), read, "{text}");
        if read {
            assert_eq!(straight, general, "{text}");
        }
    }
    assert_eq!(
        straight,
        [
            ir::Value::List(Arc::from([date(29)])),
            ir::Value::List(Arc::from([
                ir::Value::List(Arc::from([date(28), date(29)])),
                ir::Value::List(Arc::from([])),
            ])),
        ]
    );
}

/// The batch's straight reader writes a new list over the slot's old one only when no one
/// else holds it: an output that is the input list, kept by the caller past the next input,
/// keeps its dates; a list held by nothing else is written over (the same allocation).
#[test]
fn a_list_kept_elsewhere_is_not_written_over_by_the_next_input() {
    let e = formula("  input s: [Date]", "[Date]", "s");
    let decision = e.program().decision("d").unwrap().1.clone();
    let mut reader = regel_eval::InputReader::new(&e, &decision, regel_eval::Limits::default());
    let mut decider = e.decider(&decision);
    let date = |d: u32| ir::Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 2, d).unwrap());
    let list = |ds: &[u32]| ir::Value::List(ds.iter().map(|&d| date(d)).collect());
    let texts = [
        (r#"{"s": ["2024-02-01", "2024-02-02"]}"#, [1, 2]),
        (r#"{"s": ["2024-02-03", "2024-02-04"]}"#, [3, 4]),
        (r#"{"s": ["2024-02-05", "2024-02-06"]}"#, [5, 6]),
    ];
    let (mut values, mut kept) = (Vec::new(), Vec::new());
    for (text, dates) in texts {
        reader.read_at(text.as_bytes(), 0, &mut values).unwrap();
        assert_eq!(values, [list(&dates)], "{text}");
        let mut outputs = Vec::new();
        decider.decide_into(&values, &mut outputs).unwrap();
        // The output is the input's list itself, so the reader's slot does not hold it alone.
        assert!(matches!((&values[..], outputs.first()),
            ([ir::Value::List(input)], Some(ir::Value::List(output))) if Arc::ptr_eq(input, output)));
        kept.push((outputs, dates));
    }
    for (outputs, dates) in &kept {
        assert_eq!(outputs.first(), Some(&list(dates)));
    }
    let address = |values: &[ir::Value]| match values {
        [ir::Value::List(l)] => Arc::as_ptr(l).cast::<u8>(),
        _ => panic!("{values:?}"),
    };
    // Held by nothing else now (the outputs dropped): written over, in the same place.
    drop(kept);
    let before = address(&values);
    let text = r#"{"s": ["2024-02-07", "2024-02-08"]}"#;
    reader.read_at(text.as_bytes(), 0, &mut values).unwrap();
    assert_eq!(values, [list(&[7, 8])]);
    assert_eq!(address(&values), before);
    // Held by a clone: the clone keeps its dates, the slot has a new list.
    let clone = values.clone();
    let text = r#"{"s": ["2024-02-09", "2024-02-10"]}"#;
    reader.read_at(text.as_bytes(), 0, &mut values).unwrap();
    assert_eq!(
        (clone, values.clone()),
        (vec![list(&[7, 8])], vec![list(&[9, 10])])
    );
    // Held weakly: the reader keeps it by its count alone, but writes over it only once
    // `Arc::get_mut` proves it held once; a weak holder never sees it written over.
    let [ir::Value::List(held)] = &values[..] else {
        panic!("{values:?}")
    };
    let weak = Arc::downgrade(held);
    for (text, dates) in [
        (r#"{"s": ["2024-02-11", "2024-02-12"]}"#, [11, 12]),
        (r#"{"s": ["2024-02-13", "2024-02-14"]}"#, [13, 14]),
    ] {
        reader.read_at(text.as_bytes(), 0, &mut values).unwrap();
        assert_eq!(values, [list(&dates)]);
        if let Some(old) = weak.upgrade() {
            assert_eq!(ir::Value::List(old), list(&[9, 10]));
        }
    }
}

/// The batch's straight reader against the general path, one reader for every input in turn
/// (it learns the order of the keys and leaves each slot as the last input set it): any
/// object of known and unknown keys, in any order, once or twice, with right and wrong
/// values, is read straight only into the values the general path gives, and the serde
/// reader agrees.
mod straight_reader {
    use super::*;
    use proptest::prelude::*;

    const POLICY: &str = "enum Farg {\n  rod,\n  gron,\n}\n\ndecision d {\n  input a: Date where a >= 2000-01-01\n  input b: [Date]\n  input c: Bool = true\n  input e: Farg = gron\n  input f: Date?\n  input g: Date? = 2020-02-29\n  input h: [[Date]] = []\n  input tidigare_byten: Bool = false\n  input sarskilda_skal: Bool = false\n  input n: Int?\n  input m: Money?\n  input q: Decimal?\n  input ns: [Int] = []\n  input ms: [Money?] = []\n  output v: Int = count(b)\n  output paragraf\n  otherwise then {} because ok\n}\n";

    /// A number as JSON may write it, or not: plain numerals of every length around the
    /// limits, with and without a fraction and a sign, and spellings read only the general
    /// way (or not at all: `01`, `1.`).
    fn numeral() -> impl Strategy<Value = String> {
        let whole = prop_oneof![
            2 => 0u64..1000,
            1 => 0u64..10_000_000_000_000,
            1 => 99_999_999_999_990u64..100_000_000_000_010,
            1 => 999_999_999_999_999_990u64..1_000_000_000_000_000_010,
            1 => any::<u64>(),
        ];
        let fraction = prop_oneof![
            3 => Just(String::new()),
            1 => "\\.[0-9]",
            2 => "\\.[0-9]{2}",
            1 => "\\.[0-9]{3,5}",
            1 => "\\.0{1,3}",
        ];
        let written = (any::<bool>(), whole, fraction)
            .prop_map(|(minus, w, f)| format!("{}{w}{f}", if minus { "-" } else { "" }));
        const ODD: &[&str] = &[
            "1e2",
            "1E2",
            "0.1e1",
            "-1e-2",
            "1.50",
            "1.500",
            "-0",
            "-0.0",
            "-0.00",
            "01",
            "-01",
            "00.5",
            "1.0",
            "1.",
            "-",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551616",
            "1234567.89",
            "123456789012345.6",
            "12345678901234.56",
            "1234567890123.45",
        ];
        let odd = prop::sample::select(ODD).prop_map(str::to_owned);
        prop_oneof![4 => written, 1 => odd]
    }

    /// A number written as a JSON number or as a string.
    fn number() -> impl Strategy<Value = String> {
        (numeral(), prop::bool::weighted(0.3))
            .prop_map(|(n, quoted)| if quoted { format!("\"{n}\"") } else { n })
    }

    /// A value for any of the inputs: right for some, wrong for others.
    fn value() -> impl Strategy<Value = String> {
        let date = (1990u32..2030, 0u32..14, 0u32..32)
            .prop_map(|(y, m, d)| format!("\"{y:04}-{m:02}-{d:02}\""));
        prop_oneof![
            4 => date.clone(),
            3 => prop::collection::vec(date.clone(), 0..4).prop_map(|ds| format!("[{}]", ds.join(", "))),
            1 => prop::collection::vec(prop::collection::vec(date, 0..3), 0..3).prop_map(|dss| {
                let lists: Vec<String> = dss.iter().map(|ds| format!("[{}]", ds.join(","))).collect();
                format!("[{}]", lists.join(","))
            }),
            2 => prop_oneof![Just("true"), Just("false"), Just("null"), Just("\"rod\""), Just("\"gron\""), Just("\"bla\""), Just("1"), Just("{}")].prop_map(str::to_owned),
            3 => number(),
            1 => prop::collection::vec(prop_oneof![4 => number(), 1 => Just("null".to_owned())], 0..4)
                .prop_map(|ns| format!("[{}]", ns.join(","))),
        ]
    }

    fn input() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            3 => Just("a"), 3 => Just("b"), 1 => Just("c"), 1 => Just("e"), 1 => Just("f"),
            1 => Just("g"), 1 => Just("h"), 1 => Just("tidigare_byten"), 1 => Just("sarskilda_skal"),
            1 => Just("x"), 1 => Just("tidigare_bytem"), 2 => Just("n"), 2 => Just("m"),
            1 => Just("q"), 1 => Just("ns"), 1 => Just("ms"),
        ];
        let space = prop_oneof![6 => Just(""), 1 => Just(" ")];
        let field = (key, space, value()).prop_map(|(k, s, v)| format!("\"{k}\"{s}:{s}{v}"));
        prop::collection::vec(field, 0..6).prop_map(|fs| format!("{{{}}}", fs.join(",")))
    }

    static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(|| engine(POLICY));

    /// Reads each text in turn with one reader: straight, by serde and the general way.
    fn read_all(texts: &[String]) -> Result<usize, TestCaseError> {
        let decision = ENGINE.program().decision("d").unwrap().1.clone();
        let mut reader =
            regel_eval::InputReader::new(&ENGINE, &decision, regel_eval::Limits::default());
        let (mut straight, mut serde, mut read) = (Vec::new(), Vec::new(), 0);
        for text in texts {
            // Not JSON (`01`, `1.`): neither reader takes it.
            let Ok(json) = serde_json::from_str::<Value>(text) else {
                prop_assert_eq!(
                    reader.read_at(text.as_bytes(), 0, &mut straight),
                    None,
                    "{}",
                    text
                );
                prop_assert!(!reader.read(text, &mut serde), "{}", text);
                continue;
            };
            // Compared as written too: `1.5` and `1.50` are equal decimals of other scales.
            let general = regel_eval::json::inputs(&ENGINE, &decision, &json, "")
                .map(|values| format!("{values:?}"));
            if let Some(end) = reader.read_at(text.as_bytes(), 0, &mut straight) {
                prop_assert_eq!(end, text.len(), "{}", text);
                prop_assert_eq!(Ok(format!("{straight:?}")), general.clone(), "{}", text);
                read += 1;
            }
            if reader.read(text, &mut serde) {
                prop_assert_eq!(Ok(format!("{serde:?}")), general, "{}", text);
            }
        }
        Ok(read)
    }

    /// A numeral of the plain subset `read_at` takes for `ty` ("Int", "Money" or "Decimal"):
    /// no exponent, no leading zero, no negative zero; an amount with a fraction of at most
    /// 15 digits in all.
    fn plain(ty: &'static str) -> impl Strategy<Value = String> {
        let whole = prop_oneof![
            0u64..1000,
            0u64..1_000_000_000_000,
            0u64..1_000_000_000_000_000_000
        ];
        let fraction = match ty {
            "Int" => Just(0usize).boxed(),
            "Money" => (0usize..=2).boxed(),
            _ => (0usize..=6).boxed(),
        };
        (any::<bool>(), whole, fraction, any::<u64>()).prop_map(move |(minus, w, f, bits)| {
            let w = if ty == "Money" && f > 0 {
                w % 10_000_000_000_000
            } else {
                w
            };
            let digits = format!("{:06}", bits % 1_000_000);
            let w = if f == 0 && minus && w == 0 { 1 } else { w };
            let w = if f + w.to_string().len() > 18 {
                w / 1_000_000
            } else {
                w
            };
            let f = if f > 0 {
                format!(".{}", &digits[..f])
            } else {
                String::new()
            };
            let n = format!("{w}{f}");
            let zero = n.bytes().all(|b| b == b'0' || b == b'.');
            format!("{}{n}", if minus && !zero { "-" } else { "" })
        })
    }

    proptest! {
        /// Plain numbers are read straight: whole numbers, amounts written as numbers and as
        /// strings, decimals as strings, and lists of them.
        #[test]
        fn plain_numbers_are_read_straight(
            n in plain("Int"),
            m in plain("Money"),
            quoted in any::<bool>(),
            q in plain("Decimal"),
            ns in prop::collection::vec(plain("Int"), 0..4),
            ms in prop::collection::vec(plain("Money"), 0..4),
        ) {
            let m = if quoted { format!("\"{m}\"") } else { m };
            let ms: Vec<String> = ms.into_iter().chain(["null".to_owned()]).collect();
            let text = format!(
                r#"{{"a":"2023-12-31","b":[],"n":{n},"m":{m},"q":"{q}","ns":[{}],"ms":[{}]}}"#,
                ns.join(","),
                ms.join(","),
            );
            prop_assert_eq!(read_all(std::slice::from_ref(&text))?, 1, "{}", text);
        }
    }

    /// Numbers at the edges of what is read straight, and just past them.
    #[test]
    fn numbers_at_the_edges_are_read_straight_or_left_to_the_general_path() {
        let cases = [
            (r#""n":0"#, true),
            (r#""n":-7"#, true),
            (r#""n":999999999999999999"#, true),
            (r#""n":-999999999999999999"#, true),
            (r#""n":1000000000000000000"#, false),
            (r#""n":1.0"#, false),
            (r#""n":1e2"#, false),
            (r#""n":-0"#, false),
            (r#""n":"5""#, false),
            (r#""m":12.5"#, true),
            (r#""m":1.50"#, true),
            (r#""m":-0.07"#, true),
            (r#""m":"1234567.89""#, true),
            (r#""m":1234567890123.45"#, true),
            (r#""m":12345678901234.56"#, false),
            (r#""m":999999999999999999"#, true),
            (r#""m":"9999999999999999.99""#, true),
            (r#""m":1.500"#, false),
            (r#""m":1e2"#, false),
            (r#""m":-0.00"#, false),
            (r#""m":"-0""#, false),
            (r#""q":"0.025""#, true),
            (r#""q":"1.50""#, true),
            (r#""q":0.025"#, false),
            (r#""ns":[1,-2,3]"#, true),
            (r#""ms":[1.5,"2.25",null]"#, true),
        ];
        for (field, straight) in cases {
            let text = format!(r#"{{"a":"2023-12-31","b":[],{field}}}"#);
            assert_eq!(
                read_all(std::slice::from_ref(&text)).ok(),
                Some(usize::from(straight)),
                "{text}"
            );
        }
    }

    proptest! {
        #[test]
        fn the_straight_reader_reads_only_what_the_general_path_reads_the_same(
            texts in prop::collection::vec(input(), 1..12),
        ) {
            read_all(&texts)?;
        }
    }

    /// Plain inputs whose keys come in one order, then another, then with some left out:
    /// each read straight, whatever order the reader expected.
    #[test]
    fn keys_in_any_order_are_read_straight() {
        let texts: Vec<String> = [
            r#"{"a":"2023-12-31","b":["2023-01-01"],"c":false}"#,
            r#"{"a":"2023-12-31","b":[],"c":true}"#,
            r#"{"c":false,"b":["2024-02-29","2023-01-01"],"a":"2023-12-31"}"#,
            r#"{"c":false,"b":[],"a":"2023-12-31"}"#,
            r#"{"b":[],"a":"2023-12-31","e":"rod","g":null,"f":"2001-01-01"}"#,
            r#"{"b":["2000-01-01"],"a":"2000-01-01"}"#,
            r#"{"sarskilda_skal":true,"b":[],"tidigare_byten":true,"a":"2023-12-31","h":[[],["2022-02-02"]]}"#,
            r#"{"a":"2023-12-31","b":[]}"#,
        ]
        .map(str::to_owned)
        .into();
        assert_eq!(read_all(&texts).ok(), Some(texts.len()));
    }
}

/// The batch's output writer keeps the texts an output held: texts that alternate, more of
/// them than it keeps, some escaped, the same text in another `Arc`, and texts that are new
/// every time, are each written as the general writer writes them.
#[test]
fn texts_that_alternate_are_written_as_the_general_writer_writes_them() {
    let e = formula("  input s: Text", "Text", "s");
    let d = e.program().decision("d").unwrap().1.clone();
    let mut writer = regel_eval::json::OutputWriter::new(e.program(), &d);
    let texts: Vec<Arc<str>> = (0..24)
        .map(|i| Arc::from(format!("{i} \"kapitel\" 3.{}\n", i % 5).as_str()))
        .collect();
    for round in 0..3 {
        for (i, text) in texts.iter().enumerate() {
            // Every other text in a fresh `Arc` of the same letters in the later rounds.
            let text = if round > 0 && i % 2 == 0 {
                Arc::from(&**text)
            } else {
                text.clone()
            };
            let outputs = [ir::Value::Text(text), ir::Value::Text("3.6.1".into())];
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            writer.write(e.program(), &d, &outputs, &mut fast).unwrap();
            regel_eval::json::write_outputs(e.program(), &d, &outputs, &mut general).unwrap();
            assert_eq!(String::from_utf8(fast), String::from_utf8(general), "{i}");
        }
    }
    // Then a text made anew for every input, past the kept ones many times in a row (the
    // writer then compares the kept texts by address only), among kept texts in their own
    // `Arc`s and in fresh ones.
    for i in 0..200 {
        let text = match i % 40 {
            30 => Arc::from(&*texts[i % 24]),
            35 => texts[i % 24].clone(),
            _ => Arc::from(format!("inkommen {i}\t\"{}\"", i * 7).as_str()),
        };
        let outputs = [ir::Value::Text(text), ir::Value::Text("3.6.1".into())];
        let (mut fast, mut general) = (Vec::new(), Vec::new());
        writer.write(e.program(), &d, &outputs, &mut fast).unwrap();
        regel_eval::json::write_outputs(e.program(), &d, &outputs, &mut general).unwrap();
        assert_eq!(String::from_utf8(fast), String::from_utf8(general), "{i}");
    }
}

#[test]
fn a_rejection_is_explained_by_the_require_that_failed_not_another_with_its_reason() {
    // Both rules' requires reject with `saknas` and both fail here; only the second rule is
    // taken, so only its require was checked.
    let e = engine(
        "decision d {\n  input a: Bool\n  /// Första dagen\n  input x: Date? = null\n  \
           /// Sista dagen\n  input y: Date? = null\n  output paragraf\n\
           when a require x != null else saknas then {} because forst\n\
           otherwise require y != null else saknas then {} because annars\n}\n",
    );
    let input = json!({"a": false});
    let explained = regel_eval::json::decide::explain_rejection(&e, "d", &input, "/input").unwrap();
    let said = explained.motivering;
    assert!(said.contains("Sista dagen saknas."), "{said}");
    assert!(!said.contains("Första dagen"), "{said}");
}

#[test]
fn a_traced_run_leaves_its_locals_and_holds_its_trace_once() {
    let e = engine(
        "decision d {\n  input n: Int\n  input xs: [Int]\n  require n > 0 else noll\n  \
           let stora = count(xs, x => x > n)\n  output v: Int = stora\n  output paragraf\n  \
           otherwise then {} because ok\n}\n",
    );
    let (_, d) = e.program().decision("d").unwrap();
    let stora = d.lets[0].1 as usize;
    let element = (0..d.locals)
        .find(|s| d.local_kind(*s) == ir::LocalKind::Element)
        .unwrap() as usize;
    let list = ir::Value::List(vec![ir::Value::Int(1), ir::Value::Int(5)].into());
    // A require that fails: the `let` after it is never reached and stays null.
    let traced = e.decide_traced(d, vec![ir::Value::Int(0), list.clone()]);
    assert!(matches!(
        traced.result,
        Err(regel_eval::Failure::Rejected(_))
    ));
    assert_eq!(traced.locals[stora], ir::Value::Null);
    assert_eq!(traced.steps.len(), 1);
    // Decided: the let's value, and the element the count looked at last in its slot.
    let traced = e.decide_traced(d, vec![ir::Value::Int(2), list]);
    let decided = traced.result.as_ref().unwrap();
    assert_eq!(decided.outputs[0], ir::Value::Int(1), "v = stora");
    assert_eq!(traced.locals[stora], ir::Value::Int(1));
    assert_eq!(traced.locals[element], ir::Value::Int(5));
    assert!(!traced.steps.is_empty());
    // The motivering's facts name no element's value: the run left 5 in the element's slot.
    let e = engine(
        "decision d {\n  input n: Int\n  input xs: [Int]\n  output paragraf\n  \
           when any(xs, x => x * 2 > n) then {} because stor\n  otherwise then {} because ok\n}\n",
    );
    let (_, d) = e.program().decision("d").unwrap();
    let list = ir::Value::List(vec![ir::Value::Int(1), ir::Value::Int(5)].into());
    let traced = e.decide_traced(d, vec![ir::Value::Int(2), list]);
    assert_eq!(traced.locals.last(), Some(&ir::Value::Int(5)));
    let ending = regel_eval::motivering::Ending::of(&traced).unwrap();
    let said = regel_eval::motivering::motivering(&e, d, &traced.locals, ending);
    assert!(said.contains("talet gånger 2"), "{said}");
}

#[test]
fn a_decision_that_states_only_its_reason_has_no_empty_beslut() {
    let e = engine(
        "decision d {\n  input a: Bool\n  output paragraf\n  \
           when a then {} because ja label \"Villkoret är uppfyllt\"\n  \
           otherwise then {} because nej\n}\n",
    );
    let (_, d) = e.program().decision("d").unwrap();
    let traced = e.decide_traced(d, vec![ir::Value::Bool(true)]);
    let ending = regel_eval::motivering::Ending::of(&traced).unwrap();
    let said = regel_eval::motivering::motivering(&e, d, &traced.locals, ending);
    assert!(!said.contains("Beslut:"), "{said}");
    assert!(said.starts_with("Skäl: villkoret är uppfyllt."), "{said}");
}

/// A domain that looks at each element of a list input (`where all(xs, x => …)`) is checked
/// with the element in a slot of its own, beside the inputs: both readers (the straight one of
/// a batch and the general one) take the list that holds and refuse the one that does not.
#[test]
fn a_domain_over_a_lists_elements_holds_or_not_element_by_element() {
    let e = regel_testing::engine_of(
        "decision d {\n  input xs: [Int] where all(xs, x => x >= 0)\n  input y: Int = 1\n  \
         output n: Int = count(xs)\n  output paragraf\n  otherwise then {} because ok\n}\n",
        &[],
    );
    let (_, d) = e.program().decision("d").unwrap();
    let mut reader = regel_eval::InputReader::new(&e, d, regel_eval::Limits::default());
    for (text, holds) in [(r#"{"xs":[0,1,2]}"#, true), (r#"{"xs":[3,-1]}"#, false)] {
        let general = regel_eval::json::inputs(&e, d, &serde_json::from_str(text).unwrap(), "");
        assert_eq!(general.is_ok(), holds, "{text}: {general:?}");
        let mut values = Vec::new();
        let straight = reader.read_at(text.as_bytes(), 0, &mut values);
        assert_eq!(straight.is_some(), holds, "{text}");
        if holds {
            assert_eq!(values, general.unwrap(), "{text}");
        }
        assert_eq!(reader.read(text, &mut values), holds, "{text}");
    }
}
