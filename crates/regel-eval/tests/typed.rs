//! The typed closures (`typed.rs`: conditions as `bool`, counts and sums as `i64`, dates,
//! amounts) held to the plain evaluator on random inputs that reach their edges: whole numbers
//! that overflow, dates and durations that leave the calendar, a division by zero, null where an
//! optional is absent, and values in another representation of their type (a whole number as a
//! decimal). The engine, a `Decider` reused from one input to the next, and the plain evaluator
//! give the same rule and outputs, the same rejection, or all fail (the engine and the
//! `Decider` with the same message); none panics.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use proptest::prelude::*;
use regel_compiler::ir::{Duration, Value};
use regel_compiler::ty::Ty;
use regel_eval::{Engine, Failure, reference};
use regel_syntax::DurationUnit;
use regel_testing::Rng;
use rust_decimal::Decimal;

const POLICY: &str = r#"
enum Farg {
  rod,
  gron,
  bla,
}

decision d {
  input a: Int
  input b: Int
  input x: Date
  input y: Date
  input p: Duration
  input m: Money
  input n: Money?
  input q: Decimal
  input k: Farg
  input xs: [Date]
  input ns: [Int]
  input flag: Bool

  require y >= x - p or flag else fore

  let summa = a + b * a - b
  let motsatt = -a
  let dagar = y - x
  let flyttad = x + p
  let bakat = y - p
  let belopp = round(m * q, ore) + m / a - 2 * m
  let taket = floor(m * 10 %, ore)
  let delad = round(m / a, ore) + floor(m / 3, ore) + ceil(q * m, ore) - round(m * q, kronor)
    + floor(m / -3, ore) + round(m / 2.5, ore)
  let valt = n ?? taket
  let antal = count(xs, s => s > x - p and s <= y)
  let utanfor = count(xs, s => s != y and s >= x)
  let alla = all(ns, v => v > a)
  let nagon = any(xs, s => s == y or s < x)
  let stora = count(ns, v => v * b > a)
  let inom = within(x, y, p)
  let dagar_nu = days(x, y)

  output summa_ut: Int = summa
  output motsatt_ut: Int = motsatt
  output dagar_ut: Int = dagar + dagar_nu
  output flyttad_ut: Date = flyttad
  output bakat_ut: Date = if flag then bakat else flyttad
  output belopp_ut: Money = belopp
  output valt_ut: Money = -valt
  output delad_ut: Money = delad
  output antal_ut: Int = antal + utanfor + stora + count(ns)
  output villkor: Bool = alla or nagon and not inom
  output tal: Bool = q >= 1 and a == 2 or q != 0.5
  output brister: [Text] = (if flag then [] else ["a"]) + (if a > b then ["b"] else [])
      + (if k == gron then [] else ["c"])
  output paragraf

  when inom and k in [rod, bla]
    then {}
    because inom_och_farg
  when valt > m and flag
    then {}
    because over
  when k == gron and antal >= 2
    then {}
    because gron_farg
  otherwise
    then {}
    because annars
}
"#;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| regel_testing::engine_of(POLICY, &[]));

/// What a decision came to; a run-time error's message is kept where two runs of the engine
/// must agree on it, and left out where the plain evaluator words it its own way.
#[derive(Debug, PartialEq)]
enum Came {
    Decided(usize, Vec<Value>),
    Rejected(String),
    Failed(String),
}

fn came(r: Result<(usize, Vec<Value>), Failure>, keep_message: bool) -> Came {
    match r {
        Ok((rule, outputs)) => Came::Decided(rule, outputs),
        Err(Failure::Rejected(r)) => Came::Rejected(r.reason),
        Err(Failure::Runtime(e)) if keep_message => Came::Failed(e.message),
        Err(Failure::Runtime(_)) => Came::Failed(String::new()),
    }
}

/// Values of the decisions' types, drawn from one seed.
struct Gen(Rng);

impl Gen {
    /// Now and then (one time in eight) a value at an edge.
    fn edge(&mut self) -> bool {
        self.0.below(8) == 0
    }

    fn int(&mut self) -> i64 {
        if self.edge() {
            return self.0.pick(&[
                i64::MAX,
                i64::MIN,
                i64::MAX / 2,
                i64::MIN / 3,
                3_037_000_500,
            ]);
        }
        self.0.pick(&[0, 1, -1, 2, 3, 7, 1000])
    }

    /// Dates near the turn of a year, a leap day, and the calendar's ends.
    fn date(&mut self) -> NaiveDate {
        let mut bases = vec![
            NaiveDate::from_ymd_opt(2023, 1, 31).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(),
        ];
        if self.edge() {
            bases = vec![NaiveDate::MIN, NaiveDate::MAX];
        }
        let base = self.0.pick(&bases);
        let shift = self.0.below(200) as i64 - 100;
        base.checked_add_signed(chrono::Duration::days(shift))
            .unwrap_or(base)
    }

    fn decimal(&mut self) -> Decimal {
        if self.edge() {
            return self.0.pick(&[
                Decimal::MAX,
                Decimal::MIN,
                Decimal::new(1, 28),
                Decimal::from_i128_with_scale(i128::from(u64::MAX), 3),
                Decimal::from_i128_with_scale(i128::from(u64::MAX) + 1, 3),
            ]);
        }
        self.0.pick(&[
            Decimal::ZERO,
            Decimal::new(5, 1),
            Decimal::ONE,
            Decimal::new(-12345, 2),
            Decimal::new(123_456_789, 2),
            Decimal::new(125, 3),
            Decimal::new(-1, 3),
        ])
    }

    fn amount(&mut self) -> i64 {
        if self.edge() {
            return self.0.pick(&[400_000, i64::MAX, i64::MIN]);
        }
        self.0.pick(&[0, 1, 3, 12, -2])
    }

    /// A value of type `ty`; now and then null, or a whole number written as a decimal, where
    /// the type says otherwise.
    fn value(&mut self, ty: &Ty) -> Value {
        match self.0.below(60) {
            0 => return Value::Null,
            1 if *ty == Ty::Int => return Value::Decimal(Decimal::from(self.int())),
            _ => {}
        }
        match ty {
            Ty::Bool => Value::Bool(self.0.below(2) == 1),
            Ty::Int => Value::Int(self.int()),
            Ty::Decimal => Value::Decimal(self.decimal()),
            Ty::Money => Value::Money(self.decimal()),
            Ty::Date => Value::Date(self.date()),
            Ty::Duration => Value::Duration(Duration {
                amount: self.amount(),
                unit: self.0.pick(&[
                    DurationUnit::Days,
                    DurationUnit::Weeks,
                    DurationUnit::Months,
                    DurationUnit::Years,
                ]),
            }),
            Ty::Enum(id, _) => Value::Enum(*id, self.0.below(3) as u32),
            Ty::List(inner) => {
                let n = self.0.below(6);
                Value::List((0..n).map(|_| self.value(inner)).collect::<Vec<_>>().into())
            }
            Ty::Optional(inner) if self.0.below(2) == 0 => Value::Null,
            Ty::Optional(inner) => self.value(inner),
            _ => Value::Null,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn typed_closures_agree_with_the_plain_evaluator_at_the_edges(seed in 1u64..u64::MAX) {
        let engine = &*ENGINE;
        let d = engine.program().decision("d").unwrap().1.clone();
        let mut decider = engine.decider(&d);
        let mut outputs = Vec::new();
        let mut g = Gen(Rng(seed));
        for _ in 0..16 {
            let inputs: Vec<Value> = d.inputs.iter().map(|i| g.value(&i.ty)).collect();
            let engine_came = came(
                engine.decide(&d, inputs.clone()).map(|x| (x.rule, x.outputs)),
                true,
            );
            let decider_came = came(
                decider.decide_into(&inputs, &mut outputs).map(|rule| (rule, outputs.clone())),
                true,
            );
            prop_assert_eq!(&decider_came, &engine_came, "the Decider on {:?}", inputs);
            let plain = came(reference::decide(engine.params(), &d, &inputs), false);
            let fast = match engine_came {
                Came::Failed(_) => Came::Failed(String::new()),
                other => other,
            };
            prop_assert_eq!(fast, plain, "on {:?}", inputs);
        }
    }
}

/// An ordinary input of `d`: `a`, the variant `k` of `Farg` and `flag` as given.
fn ordinary(a: Value, k: u32, flag: bool) -> Vec<Value> {
    let date = |s: &str| Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
    vec![
        a,
        Value::Int(3),
        date("2023-01-31"),
        date("2023-03-31"),
        Value::Duration(Duration {
            amount: 3,
            unit: DurationUnit::Months,
        }),
        Value::Money(Decimal::new(123_456, 2)),
        Value::Null,
        Value::Decimal(Decimal::new(5, 1)),
        Value::Enum(regel_compiler::ty::EnumId(0), k),
        Value::List(Arc::from(vec![date("2023-02-01"), date("2023-03-31")])),
        Value::List(Arc::from(vec![Value::Int(1), Value::Int(5)])),
        Value::Bool(flag),
    ]
}

#[test]
fn the_typed_closures_take_the_ordinary_inputs() {
    // One ordinary input decides as the plain evaluator does, through the typed closures.
    let engine = &*ENGINE;
    let d = engine.program().decision("d").unwrap().1.clone();
    let inputs = ordinary(Value::Int(2), 2, false);
    let decided = engine.decide(&d, inputs.clone()).unwrap();
    let plain = reference::decide(engine.params(), &d, &inputs).unwrap();
    assert_eq!((decided.rule, decided.outputs), plain);
    assert_eq!(decided.rule, 0, "within 3 months, and bla is in [rod, bla]");
}

#[test]
fn a_choice_of_constants_is_the_general_paths_value() {
    // `brister` is planned as tests over the joined constants: every way through them, and an
    // operand the typed test does not take (a whole number written as a decimal, null), gives
    // what the general path alone (the traced run) gives, error message included.
    let engine = &*ENGINE;
    let d = engine.program().decision("d").unwrap().1.clone();
    let mut decider = engine.decider(&d);
    let mut outputs = Vec::new();
    let brister = d.outputs.iter().position(|o| o.name == "brister").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for flag in [false, true] {
        for a in [
            Value::Int(1),
            Value::Int(5),
            Value::Decimal(5.into()),
            Value::Null,
        ] {
            for k in [0, 1] {
                let inputs = ordinary(a.clone(), k, flag);
                let general = engine
                    .decide(&d, inputs.clone())
                    .map(|x| (x.rule, x.outputs));
                let planned = decider
                    .decide_into(&inputs, &mut outputs)
                    .map(|rule| (rule, outputs.clone()));
                assert_eq!(
                    came(planned, true),
                    came(general.clone(), true),
                    "on {inputs:?}"
                );
                if let Ok((_, outs)) = general {
                    seen.insert(format!("{:?}", outs.get(brister)));
                }
            }
        }
    }
    // Each of the eight lists `flag`, `a > b` and `k` choose between was reached.
    assert_eq!(seen.len(), 8, "{seen:?}");
}

#[test]
fn a_date_moved_by_the_least_whole_number_fails_without_a_panic() {
    // The error's message names the duration; its amount has no positive counterpart.
    let least = Duration {
        amount: i64::MIN,
        unit: DurationUnit::Months,
    };
    assert_eq!(
        regel_runtime::ops::show_duration(least),
        format!("{} months", i64::MIN)
    );
}

/// Interval kernels whose terms are at most one lower and one upper bound (read as the
/// interval's two ends), a lower bound computed (`x - p`) and an upper bound alone.
const ENDS: &str = r#"
decision k {
  input x: Date
  input p: Duration
  input xs: [Date]

  let antal = count(xs, s => s > x - p and s <= x)
  let alla = all(xs, s => x - p <= s)
  let fore = count(xs, s => s < x)

  output n: Int = antal + fore
  output a: Bool = alla
  output paragraf

  otherwise
    then {}
    because ok
}
"#;

#[test]
fn a_kernels_ends_are_the_general_paths_and_a_bound_that_fails_takes_the_general_path() {
    // The kernels run on the planned path; a lower bound past the calendar's start makes them
    // give up, and the general closures fail with their message, as the traced run and the
    // plain evaluator do: a kernel that read the failed bound as some date would decide.
    let engine = regel_testing::engine_of(ENDS, &[]);
    let d = engine.program().decision("k").unwrap().1.clone();
    let mut decider = engine.decider(&d);
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let years = |amount| {
        Value::Duration(Duration {
            amount,
            unit: DurationUnit::Years,
        })
    };
    let dates = |xs: &[NaiveDate]| Value::List(xs.iter().map(|x| Value::Date(*x)).collect());
    let history = [date("2022-05-10"), date("2022-05-11"), date("2023-05-10")];
    let first = NaiveDate::MIN.succ_opt().unwrap();
    let cases = [
        (date("2023-05-10"), years(1), dates(&history), "decided"),
        (date("2023-05-10"), years(0), dates(&history), "decided"),
        (date("2023-05-10"), years(1), dates(&[]), "decided"),
        // `x - p` is the calendar's last day: nothing lies after it.
        (
            NaiveDate::MAX,
            years(0),
            dates(&[NaiveDate::MAX]),
            "decided",
        ),
        (first, years(1), dates(&[first]), "failed"),
        // An upper bound alone, strict, at the calendar's first day: nothing lies before it.
        (
            NaiveDate::MIN,
            years(0),
            dates(&[NaiveDate::MIN]),
            "decided",
        ),
    ];
    for (x, p, xs, expected) in cases {
        let inputs = vec![Value::Date(x), p, xs];
        assert_planned_is_general(&engine, &mut decider, &inputs, expected, 3);
    }
}

#[test]
fn a_list_element_that_is_not_a_date_takes_the_general_path() {
    // The `Decider` reads its inputs in place, unchecked: an element that is not a date makes
    // each kernel give up, and the general closures meet it with their own order and errors.
    // A kernel that skipped the element, or read it as some date, would decide.
    let engine = regel_testing::engine_of(ENDS, &[]);
    let d = engine.program().decision("k").unwrap().1.clone();
    let mut decider = engine.decider(&d);
    let x = NaiveDate::from_ymd_opt(2023, 5, 10).unwrap();
    let year = Value::Duration(Duration {
        amount: 1,
        unit: DurationUnit::Years,
    });
    let list = |xs: Vec<Value>| Value::List(xs.into());
    let cases = [
        vec![Value::Date(x), Value::Int(7)],
        vec![Value::Int(7), Value::Date(x)],
        // Long enough for any loop that treats long lists apart.
        std::iter::repeat_n(Value::Date(x), 40)
            .chain([Value::Null])
            .collect(),
    ];
    for xs in cases {
        let inputs = vec![Value::Date(x), year.clone(), list(xs)];
        assert_planned_is_general(&engine, &mut decider, &inputs, "failed", 3);
    }
}

/// The `Decider`'s planned run gives what the traced run (the general path) and the plain
/// evaluator give on `inputs`, which come to `expected` ("decided" or "failed"), and each of
/// the decision's `kernels` ran when it decided (debug builds).
fn assert_planned_is_general(
    engine: &Engine,
    decider: &mut regel_eval::Decider,
    inputs: &[Value],
    expected: &str,
    kernels: usize,
) {
    let d = decider.decision().clone();
    let mut outputs = Vec::new();
    let general = came(
        engine
            .decide(&d, inputs.to_vec())
            .map(|x| (x.rule, x.outputs)),
        true,
    );
    let before = regel_eval::kernel_runs();
    let planned = came(
        decider
            .decide_into(inputs, &mut outputs)
            .map(|rule| (rule, outputs.clone())),
        true,
    );
    assert_eq!(planned, general, "on {inputs:?}");
    let plain = came(reference::decide(engine.params(), &d, inputs), false);
    let unworded = match &planned {
        Came::Failed(_) => Came::Failed(String::new()),
        Came::Decided(rule, outs) => Came::Decided(*rule, outs.clone()),
        Came::Rejected(r) => Came::Rejected(r.clone()),
    };
    assert_eq!(unworded, plain, "the plain evaluator on {inputs:?}");
    let what = match &general {
        Came::Decided(..) => "decided",
        _ => "failed",
    };
    assert_eq!(what, expected, "on {inputs:?}: {general:?}");
    if cfg!(debug_assertions) && what == "decided" {
        assert_eq!(
            regel_eval::kernel_runs() - before,
            kernels,
            "every kernel ran on {inputs:?}"
        );
    }
}

/// Interval kernels whose bound is a date moved by a parameter's whole years (computed in the
/// kernel, not by a closure of its own), with each end alone and both.
const YEARS: &str = r#"
/// Perioden
param period: Duration = 1 year where 2023-01-01 + period >= 2023-01-01
/// Framåt
param fram: Duration = 2 years where 2023-01-01 + fram >= 2023-01-01

decision y {
  input x: Date
  input xs: [Date]

  let antal = count(xs, s => s > x - period and s <= x)
  let alla = all(xs, s => s <= x + fram)
  let nagon = any(xs, s => s >= x - period)

  output n: Int = antal
  output a: Bool = alla
  output b: Bool = nagon
  output paragraf

  otherwise
    then {}
    because ok
}
"#;

#[test]
fn a_bound_moved_by_whole_years_is_the_general_paths_and_past_the_calendar_takes_it() {
    // A bound moved past the calendar (a year before its first day, two after its last) makes
    // the kernel give up, and the general closures fail: a kernel that read the failed bound
    // as some date, or skipped the general path, would decide.
    let engine = regel_testing::engine_of(YEARS, &[]);
    let d = engine.program().decision("y").unwrap().1.clone();
    let mut decider = engine.decider(&d);
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let dates = |xs: &[&str]| Value::List(xs.iter().map(|x| Value::Date(date(x))).collect());
    let leap = ["2023-02-28", "2023-03-01", "2024-02-29", "2026-03-01"];
    let last = NaiveDate::MAX.to_string();
    let cases = [
        ("2024-02-29", dates(&leap), "decided"),
        ("2025-02-28", dates(&leap), "decided"),
        // After February, from a common year into a leap year and back (the day of the year
        // one more or less), and the year's turn.
        (
            "2025-03-01",
            dates(&["2024-02-29", "2024-03-01", "2024-03-02"]),
            "decided",
        ),
        (
            "2024-03-01",
            dates(&["2023-02-28", "2023-03-01", "2023-03-02"]),
            "decided",
        ),
        (
            "2024-01-01",
            dates(&["2023-01-01", "2023-01-02", "2023-12-31"]),
            "decided",
        ),
        (
            "2023-05-10",
            dates(&["2022-05-10", "2022-05-11", "2023-05-10"]),
            "decided",
        ),
        ("2023-05-10", dates(&[]), "decided"),
        // An empty list: no element asks for the bound, so the general path decides.
        (&*last, dates(&[]), "decided"),
        (&*last, dates(&["2023-01-01"]), "failed"),
    ];
    for (x, xs, expected) in cases {
        let inputs = vec![Value::Date(date(x)), xs];
        assert_planned_is_general(&engine, &mut decider, &inputs, expected, 3);
    }
    let first = vec![Value::Date(NaiveDate::MIN), dates(&["2023-01-01"])];
    assert_planned_is_general(&engine, &mut decider, &first, "failed", 3);
}

/// A `require all(…)` and a `count(…)` after it over the same list, run as one pass
/// (`lower::Fused`): as in `listning.byte` (`f`), with both ends of the `all` and a count
/// whose upper end the `all` does not imply (`h`), and a count that reads a `let` computed
/// after the require, which must not be fused (`g`: the pass would read the previous
/// decision's `grans`).
const FUSED: &str = r#"
/// Perioden
param period: Duration = 1 year where 2023-01-01 + period >= 2023-01-01

decision f {
  input x: Date
  input xs: [Date]

  require all(xs, s => s <= x) else senare

  let antal = count(xs, s => s > x - period and s <= x)

  output n: Int = antal
  output paragraf

  otherwise
    then {}
    because ok
}

decision g {
  input x: Date
  input xs: [Date]

  require all(xs, s => s <= x) else senare

  let grans = x - period
  let antal = count(xs, s => s > grans and s <= x)

  output n: Int = antal
  output paragraf

  otherwise
    then {}
    because ok
}

decision h {
  input x: Date
  input xs: [Date]

  require all(xs, s => s >= 2020-01-01 and s <= x) else utanfor

  let antal = count(xs, s => s >= x - period and s < x)

  output n: Int = antal
  output paragraf

  otherwise
    then {}
    because ok
}
"#;

#[test]
fn a_require_and_a_count_in_one_pass_are_the_general_paths() {
    // Each decision decided by one `Decider` over cases one after another, held to the traced
    // run and the plain evaluator: the period's ends and 29 February, an empty list, a date
    // after `x` (rejected), an element that is not a date before and after such a date, and a
    // bound past the calendar. `f` and `h` decide with one kernel loop (fused), `g` with two.
    let engine = regel_testing::engine_of(FUSED, &[]);
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let dates = |xs: &[&str]| Value::List(xs.iter().map(|x| Value::Date(date(x))).collect());
    let mixed = |xs: Vec<Value>| Value::List(xs.into());
    let first = NaiveDate::MIN.to_string();
    // Each case with the decisions that decide it (the others reject it or fail): a date
    // after `x` is rejected by all three, one before 2020 by `h` alone; an element that is not
    // a date, or a null, fails or is rejected; at the calendar's first day `x - period` does
    // not exist, so the count of `f` and the let of `g` fail, and `h` rejects it.
    let cases = [
        (
            "2023-05-10",
            dates(&["2022-05-10", "2022-05-11", "2023-05-10"]),
            "fgh",
        ),
        (
            "2023-05-10",
            dates(&["2022-05-09", "2023-05-09", "2023-05-10"]),
            "fgh",
        ),
        (
            "2024-02-29",
            dates(&["2023-02-28", "2023-03-01", "2024-02-28"]),
            "fgh",
        ),
        (
            "2025-02-28",
            dates(&["2024-02-28", "2024-02-29", "2025-02-28"]),
            "fgh",
        ),
        (
            "2025-03-01",
            dates(&["2024-02-29", "2024-03-01", "2024-03-02"]),
            "fgh",
        ),
        ("2023-05-10", dates(&[]), "fgh"),
        (
            "2023-05-10",
            dates(&["2023-05-09", "2023-05-11", "2023-01-01"]),
            "",
        ),
        ("2020-06-01", dates(&["2019-12-31", "2020-01-01"]), "fg"),
        (
            "2023-05-10",
            mixed(vec![Value::Date(date("2023-01-01")), Value::Int(7)]),
            "",
        ),
        (
            "2023-05-10",
            mixed(vec![Value::Date(date("2023-06-01")), Value::Null]),
            "",
        ),
        (
            "2023-05-10",
            mixed(vec![Value::Null, Value::Date(date("2023-06-01"))]),
            "",
        ),
        (&*first, dates(&[&*first]), ""),
    ];
    for (name, kernels) in [("f", 1), ("g", 2), ("h", 1)] {
        let d = engine.program().decision(name).unwrap().1.clone();
        let mut decider = engine.decider(&d);
        for (x, xs, deciders) in &cases {
            let inputs = vec![Value::Date(date(x)), xs.clone()];
            let expected = if deciders.contains(name) {
                "decided"
            } else {
                "failed"
            };
            assert_planned_is_general(&engine, &mut decider, &inputs, expected, kernels);
        }
        // `x - period` before the calendar's first day: the pass gives up, and the general
        // path, which asks no element for the bound of an empty list, decides without a kernel
        // (`g` fails at its `let`).
        let inputs = vec![Value::Date(NaiveDate::MIN), dates(&[])];
        let expected = if name == "g" { "failed" } else { "decided" };
        assert_planned_is_general(&engine, &mut decider, &inputs, expected, 0);
        // Random lists before dates around a year's turn and a leap day, one decider throughout.
        let mut g = Gen(Rng(0x5eed_f00d));
        for _ in 0..400 {
            let x = g.date();
            if x - NaiveDate::MIN < chrono::Duration::days(400) {
                // Past the calendar, shown above.
                continue;
            }
            let n = g.0.below(6);
            let xs: Vec<Value> = (0..n)
                .map(|_| {
                    // Mostly before `x`, now and then after it, often at the period's ends.
                    let back = match g.0.below(40) {
                        0 => return Value::Null,
                        1..=12 => g.0.pick(&[0, 364, 365, 366, 367]),
                        _ => g.0.below(800) as i64 - 20,
                    };
                    let day = x.checked_sub_signed(chrono::Duration::days(back));
                    Value::Date(day.unwrap_or(x))
                })
                .collect();
            let inputs = vec![Value::Date(x), Value::List(xs.into())];
            // Whether it is decided, by the plain evaluator (not by the engine it checks).
            let expected = match reference::decide(engine.params(), &d, &inputs) {
                Ok(_) => "decided",
                Err(_) => "failed",
            };
            assert_planned_is_general(&engine, &mut decider, &inputs, expected, kernels);
        }
    }
}
