#![allow(clippy::unwrap_used, clippy::panic)]
//! Properties of the bundled 2023 policies and of the front end, checked with proptest, all
//! in-process (no `regel` binary):
//!
//! - `listning.byte`: a simulated resident never gets three switches inside one calendar year,
//!   and `byten_inom_perioden` is the catalogue's count;
//! - `kapacitetsstopp.beslut`: the regiondirektör decides exactly the stops that lie within
//!   three months, by an oracle written without chrono's month arithmetic;
//! - evaluation is deterministic, across runs and across separately built engines (a second
//!   database, its files handed over in the reverse order);
//! - the parser, the checker and the test runner never panic, on arbitrary text, on token soup,
//!   on generated (mostly well-typed) programs and on mutated copies of the bundled policies,
//!   and deeply nested expressions give an error rather than a stack overflow;
//! - protected identity always wins, and `till` before `fran` is always rejected.

use std::path::Path;
use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use regel_eval::{DecideError, Engine, decide_json};
use serde_json::{Value, json};

// ---------------------------------------------------------------- the bundled policies

/// The `*.regel` files of `policies/2023`, sorted, as (path relative to `policies/`, text).
fn policy_files() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/2023");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (format!("2023/{name}"), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no policy in {}", dir.display());
    files
}

static FILES: LazyLock<Vec<(String, String)>> = LazyLock::new(policy_files);

/// Compiles version 2023 on a fresh database; panics on any error.
fn build_engine(files: Vec<(String, String)>) -> Engine {
    let db = regel_compiler::Database::default();
    let version = regel_compiler::load_version(&db, "2023", files);
    let errors: Vec<_> = regel_compiler::diagnostics(&db, version)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "policies/2023 has errors: {errors:?}");
    Engine::new(regel_compiler::program(&db, version)).unwrap()
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| build_engine(FILES.clone()));

/// A second engine, on its own database, its files handed over in the reverse order.
static SECOND_ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let mut files = FILES.clone();
    files.reverse();
    build_engine(files)
});

fn decide(decision: &str, input: &Value) -> Result<Value, DecideError> {
    decide_json(&ENGINE, decision, input, false, "").map(|d| d.output)
}

// ---------------------------------------------------------------- dates

const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();

fn day(offset: u64) -> NaiveDate {
    FIRST_DAY.checked_add_days(Days::new(offset)).unwrap()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn in_range(d: NaiveDate) -> bool {
    (2000..=2100).contains(&d.year())
}

/// `d − 1 year` by the catalogue's rule (clamped to the month's end), with chrono.
fn one_year_before(d: NaiveDate) -> NaiveDate {
    d.checked_sub_months(Months::new(12)).unwrap()
}

/// A day of 2000-01-01 ..= 2100-12-31.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..=36889).prop_map(day)
}

/// Days where calendar arithmetic is delicate: leap days, the days around them, year ends.
fn edge_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (0i32..=24).prop_map(|k| NaiveDate::from_ymd_opt(2000 + 4 * k, 2, 29).unwrap()),
        (2000i32..=2100).prop_map(|y| NaiveDate::from_ymd_opt(y, 2, 28).unwrap()),
        (2000i32..=2100).prop_map(|y| NaiveDate::from_ymd_opt(y, 3, 1).unwrap()),
        (2000i32..=2100).prop_map(|y| NaiveDate::from_ymd_opt(y, 12, 31).unwrap()),
        (2000i32..=2100).prop_map(|y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap()),
    ]
}

/// A move away from a cluster's anchor: a few days, or about a calendar year (or two, or half).
fn offset() -> impl Strategy<Value = (i32, i64)> {
    (
        prop_oneof![
            4 => Just(0i32),
            2 => Just(12),
            2 => Just(-12),
            1 => Just(24),
            1 => Just(6),
        ],
        prop_oneof![3 => -3i64..=3, 1 => -60i64..=60],
    )
}

fn shifted(anchor: NaiveDate, (months, days): (i32, i64)) -> Option<NaiveDate> {
    let m = Months::new(months.unsigned_abs());
    let d = if months >= 0 {
        anchor.checked_add_months(m)?
    } else {
        anchor.checked_sub_months(m)?
    };
    let shifted = if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))?
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))?
    };
    in_range(shifted).then_some(shifted)
}

/// Requested switch dates, sorted: a few clusters around ordinary or delicate days.
fn requested_switches() -> impl Strategy<Value = Vec<NaiveDate>> {
    let anchor = prop_oneof![2 => any_date(), 1 => edge_date()];
    prop::collection::vec((anchor, prop::collection::vec(offset(), 1..7)), 1..6).prop_map(
        |clusters| {
            let mut dates: Vec<NaiveDate> = clusters
                .into_iter()
                .flat_map(|(a, offs)| offs.into_iter().filter_map(move |o| shifted(a, o)))
                .collect();
            dates.sort();
            dates
        },
    )
}

// ---------------------------------------------------------------- (a) the switch invariant

/// Asks `listning.byte` for each requested day in turn, passing the switches granted so far;
/// checks each answer against an independent count and returns the granted days.
fn simulate_resident(requested: &[NaiveDate], sarskilda_skal: bool) -> Vec<NaiveDate> {
    let mut granted: Vec<NaiveDate> = Vec::new();
    for &d in requested {
        let input = json!({
            "datum": iso(d),
            "tidigare_byten": granted.iter().map(|s| iso(*s)).collect::<Vec<_>>(),
            "sarskilda_skal": sarskilda_skal,
        });
        let out = decide("listning.byte", &input)
            .unwrap_or_else(|e| panic!("{input}: no decision: {e:?}"));
        let start = one_year_before(d);
        let in_period = granted.iter().filter(|s| **s > start && **s <= d).count();
        let (utfall, skal) = match (in_period >= 2, sarskilda_skal) {
            (false, _) => ("beviljas", "inom_grans"),
            (true, false) => ("avslas", "hogst_tva_byten"),
            (true, true) => ("beviljas", "sarskilda_skal"),
        };
        assert_eq!(
            out,
            json!({
                "utfall": utfall,
                "skal": skal,
                "paragraf": "3.6.1",
                "byten_inom_perioden": in_period,
            }),
            "input {input}"
        );
        if out["utfall"] == "beviljas" {
            granted.push(d);
        }
    }
    granted
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(256))]

    #[test]
    fn granted_switches_never_put_three_inside_one_year(requested in requested_switches()) {
        let granted = simulate_resident(&requested, false);
        // `granted` is sorted. Three switches lie within one year when `s1 > s3 − 1 year`.
        for (i, s1) in granted.iter().enumerate() {
            for (j, s2) in granted.iter().enumerate().skip(i + 1) {
                for s3 in granted.iter().skip(j + 1) {
                    prop_assert!(
                        *s1 <= one_year_before(*s3),
                        "three switches within a year: {s1}, {s2}, {s3} (granted {granted:?})"
                    );
                }
            }
        }
    }

    #[test]
    fn special_reasons_grant_every_switch(requested in requested_switches()) {
        let granted = simulate_resident(&requested, true);
        prop_assert_eq!(granted, requested);
    }

    #[test]
    fn an_earlier_switch_after_datum_is_rejected(
        datum in any_date(),
        before in prop::collection::vec(0u64..800, 0..4),
        after in 1u64..800,
    ) {
        let mut byten: Vec<String> = before
            .iter()
            .filter_map(|n| datum.checked_sub_days(Days::new(*n)))
            .map(iso)
            .collect();
        byten.push(iso(datum.checked_add_days(Days::new(after)).unwrap()));
        let input = json!({"datum": iso(datum), "tidigare_byten": byten});
        match decide("listning.byte", &input) {
            Err(DecideError::Rejected(r)) => prop_assert_eq!(r.reason, "tidigare_byte_efter_datum"),
            other => prop_assert!(false, "{input}: {other:?}"),
        }
    }
}

/// One input of `listning.byte` as JSON, from generated parts.
/// `back` counts days before `datum`; a negative count is a day after it.
fn byte_input(datum: NaiveDate, back: &[i64], flags: u8, enhet: usize) -> Value {
    let byten: Vec<String> = back
        .iter()
        .filter_map(|n| match u64::try_from(*n) {
            Ok(n) => datum.checked_sub_days(Days::new(n)),
            Err(_) => datum.checked_add_days(Days::new(n.unsigned_abs())),
        })
        .map(iso)
        .collect();
    let enhet = ["halsocentral", "filial", "servicepunkt"][enhet % 3];
    json!({
        "datum": iso(datum),
        "tidigare_byten": byten,
        "sarskilda_skal": flags & 1 != 0,
        "skyddad_identitet": flags & 2 != 0,
        "listningsstopp_beviljat": flags & 4 != 0,
        "mal_enhet": enhet,
    })
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(64))]

    /// A `Decider` keeps its frame (locals, list-operator memos) from one decision to the next;
    /// nothing of an earlier decision may leak into a later one, so a run of inputs decided with
    /// one decider gives what deciding each afresh gives, rejections included.
    #[test]
    fn a_reused_decider_decides_as_a_fresh_engine(
        inputs in prop::collection::vec(
            (edge_date(), prop::collection::vec(-20i64..900, 0..6), 0u8..8, 0usize..3),
            1..12,
        ),
    ) {
        let engine = &*ENGINE;
        let d = engine.program().decision("listning.byte").unwrap().1.clone();
        let mut decider = engine.decider(&d);
        let mut outputs = Vec::new();
        for (datum, back, flags, enhet) in inputs {
            // A switch after `datum` now and then: the require rejects those inputs.
            let input = byte_input(datum, &back, flags, enhet);
            let fresh = decide("listning.byte", &input);
            let values = regel_eval::json::inputs(engine, &d, &input, "").unwrap();
            let reused = decider.decide_into(&values, &mut outputs);
            match (fresh, reused) {
                (Ok(want), Ok(_)) => {
                    let got = regel_eval::json::outputs(engine.program(), &d, &outputs).unwrap();
                    prop_assert_eq!(got, want, "{}", input);
                }
                (Err(DecideError::Rejected(want)), Err(regel_eval::Failure::Rejected(got))) => {
                    // The JSON boundary puts the input the rejection is about first.
                    let (mut a, mut b) = (got.inputs.clone(), want.inputs.clone());
                    a.sort();
                    b.sort();
                    prop_assert_eq!((got.reason, got.paragraf, a), (want.reason, want.paragraf, b));
                }
                (fresh, reused) => prop_assert!(false, "{input}: {fresh:?} vs {reused:?}"),
            }
        }
    }
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(64))]

    /// The batch's reader takes a plain input straight from its text to the values the general
    /// conversion gives, and leaves an input it cannot take plainly (here: a switch after
    /// `datum` is still plain; an unknown field or a wrong type is not) to the general path.
    #[test]
    fn the_input_reader_gives_the_values_of_the_general_conversion(
        datum in edge_date(),
        back in prop::collection::vec(-20i64..900, 0..6),
        flags in 0u8..8,
        enhet in 0usize..3,
        spoil in 0usize..4,
    ) {
        let engine = &*ENGINE;
        let d = engine.program().decision("listning.byte").unwrap().1.clone();
        let mut input = byte_input(datum, &back, flags, enhet);
        match spoil {
            1 => input["okand"] = json!(1),
            2 => input["sarskilda_skal"] = json!("ja"),
            _ => {}
        }
        let mut reader = regel_eval::InputReader::new(engine, &d, regel_eval::Limits::default());
        let mut values = Vec::new();
        let read = reader.read(&input.to_string(), &mut values);
        match regel_eval::json::inputs(engine, &d, &input, "") {
            Ok(want) if spoil == 0 || spoil == 3 => {
                prop_assert!(read, "{input} is plain");
                prop_assert_eq!(values, want);
            }
            _ => prop_assert!(!read, "{input} is not plain"),
        }
    }
}

// ---------------------------------------------------------------- (b) capacity-stop authority

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn month_len(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// `(y, m, d) − n months` on plain numbers: the same day of month, clamped to the month's end.
fn minus_months((y, m, d): (i32, u32, u32), n: u32) -> (i32, u32, u32) {
    let index = y * 12 + i32::try_from(m).unwrap() - 1 - i32::try_from(n).unwrap();
    let year = index.div_euclid(12);
    let month = u32::try_from(index.rem_euclid(12)).unwrap() + 1;
    (year, month, d.min(month_len(year, month)))
}

fn ymd(d: NaiveDate) -> (i32, u32, u32) {
    (d.year(), d.month(), d.day())
}

/// The stop `fran..till` lies within 3 months: `fran > till − 3 months`, computed by hand.
fn stop_within_three_months(fran: NaiveDate, till: NaiveDate) -> bool {
    ymd(fran) > minus_months(ymd(till), 3)
}

/// A day near the end of a month: the 28th to the 31st, clamped to the month.
fn late_in_month(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day.min(month_len(year, month))).unwrap()
}

fn fran_till() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    let random = ((0u64..36524), (0u64..=200)).prop_map(|(f, n)| {
        let fran = day(f);
        (fran, fran.checked_add_days(Days::new(n)).unwrap())
    });
    // Both ends late in their month, two to four months apart: every clamping case.
    let month_ends = (2000i32..2100, 1u32..=12, 28u32..=31, 2u32..=4, 26u32..=31).prop_map(
        |(y, m, fd, k, td)| {
            let fran = late_in_month(y, m, fd);
            let first_of_till = NaiveDate::from_ymd_opt(y, m, 1)
                .unwrap()
                .checked_add_months(Months::new(k))
                .unwrap();
            (
                fran,
                late_in_month(first_of_till.year(), first_of_till.month(), td),
            )
        },
    );
    // A delicate first day and a length around three months.
    let edges = (edge_date(), 80u64..=100).prop_filter_map("before 2100", |(fran, n)| {
        let till = fran.checked_add_days(Days::new(n))?;
        (till.year() < 2101).then_some((fran, till))
    });
    prop_oneof![random, month_ends, edges]
}

fn risker() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(
        prop::sample::select(vec!["patientsakerhet", "arbetsmiljo"]),
        0..3,
    )
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(256))]

    #[test]
    fn the_regiondirektor_decides_exactly_the_stops_within_three_months(
        (fran, till) in fran_till(),
        skriftlig_anmalan in any::<bool>(),
        risker in risker(),
    ) {
        // The oracle agrees with chrono's clamping subtraction.
        prop_assert_eq!(
            stop_within_three_months(fran, till),
            fran > till.checked_sub_months(Months::new(3)).unwrap()
        );
        let input = json!({
            "fran": iso(fran),
            "till": iso(till),
            "skriftlig_anmalan": skriftlig_anmalan,
            "risker": risker,
        });
        let out = decide("kapacitetsstopp.beslut", &input)
            .unwrap_or_else(|e| panic!("{input}: no decision: {e:?}"));
        let beslutsfattare = if stop_within_three_months(fran, till) {
            "regiondirektor"
        } else {
            "regionstyrelsen"
        };
        let mut brister = Vec::new();
        if !skriftlig_anmalan {
            brister.push("skriftlig_anmalan_saknas");
        }
        if risker.is_empty() {
            brister.push("risk_ej_angiven");
        }
        prop_assert_eq!(
            out,
            json!({
                "beslutsfattare": beslutsfattare,
                "villkor_uppfyllda": skriftlig_anmalan && !risker.is_empty(),
                "brister": brister,
                "paragraf": "3.6.12",
            }),
            "input {}", input
        );
    }
}

#[test]
fn the_hand_written_oracle_knows_the_catalogue_examples() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    for (fran, till, within) in [
        ("2023-01-01", "2023-03-31", true),
        ("2023-01-31", "2023-04-30", true),
        ("2022-11-30", "2023-02-28", true),
        ("2023-11-30", "2024-02-29", true),
        ("2023-01-01", "2023-04-01", false),
        ("2023-01-31", "2023-05-01", false),
        ("2023-11-29", "2024-02-29", false),
    ] {
        assert_eq!(
            stop_within_three_months(d(fran), d(till)),
            within,
            "{fran}..{till}"
        );
    }
}

// ---------------------------------------------------------------- (c) determinism

fn listning_input() -> impl Strategy<Value = Value> {
    (
        any_date(),
        prop::collection::vec(0u64..900, 0..5),
        prop::option::of(0u64..30),
        any::<[bool; 4]>(),
        prop::sample::select(vec!["halsocentral", "filial", "servicepunkt"]),
    )
        .prop_map(|(datum, back, later, flags, mal_enhet)| {
            let mut byten: Vec<String> = back
                .iter()
                .filter_map(|n| datum.checked_sub_days(Days::new(*n)))
                .map(iso)
                .collect();
            // Sometimes a switch after `datum`, which the policy rejects.
            if let Some(n) = later {
                byten.push(iso(datum.checked_add_days(Days::new(n + 1)).unwrap()));
            }
            let [
                sarskilda_skal,
                skyddad_identitet,
                asylsokande,
                listningsstopp,
            ] = flags;
            json!({
                "datum": iso(datum),
                "tidigare_byten": byten,
                "sarskilda_skal": sarskilda_skal,
                "skyddad_identitet": skyddad_identitet,
                "asylsokande": asylsokande,
                "mal_enhet": mal_enhet,
                "listningsstopp_beviljat": listningsstopp,
            })
        })
}

fn kapacitetsstopp_input() -> impl Strategy<Value = Value> {
    (any_date(), -30i64..200, any::<bool>(), risker()).prop_map(
        |(fran, n, skriftlig_anmalan, risker)| {
            let till = if n >= 0 {
                fran.checked_add_days(Days::new(n.unsigned_abs()))
            } else {
                fran.checked_sub_days(Days::new(n.unsigned_abs()))
            }
            .unwrap();
            json!({
                "fran": iso(fran),
                "till": iso(till),
                "skriftlig_anmalan": skriftlig_anmalan,
                "risker": risker,
            })
        },
    )
}

/// Everything a decision gives, output and trace or the error, as one string.
fn rendered(engine: &Engine, decision: &str, input: &Value, explain: bool) -> String {
    match decide_json(engine, decision, input, explain, "/input") {
        Ok(d) => format!(
            "ok {} {}",
            serde_json::to_string(&d.output).unwrap(),
            serde_json::to_string(&d.trace).unwrap()
        ),
        Err(e) => format!("err {e:?}"),
    }
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(256))]

    #[test]
    fn the_same_input_gives_the_same_bytes_every_time_and_on_every_engine(
        (decision, input) in prop_oneof![
            listning_input().prop_map(|i| ("listning.byte", i)),
            kapacitetsstopp_input().prop_map(|i| ("kapacitetsstopp.beslut", i)),
        ],
        explain in any::<bool>(),
    ) {
        let first = rendered(&ENGINE, decision, &input, explain);
        prop_assert_eq!(&first, &rendered(&ENGINE, decision, &input, explain));
        prop_assert_eq!(&first, &rendered(&SECOND_ENGINE, decision, &input, explain));
    }
}

// ---------------------------------------------------------------- (d) no panics in the front end

/// Parses `text`, then checks it as a version (with `others` beside it) and, when it has no
/// errors, runs the version's tests. Returns whether it had errors.
fn check_fully(others: &[(String, String)], path: &str, text: &str) -> bool {
    let _ = regel_syntax::parse(text);
    let db = regel_compiler::Database::default();
    let mut files = others.to_vec();
    files.push((path.to_owned(), text.to_owned()));
    let version = regel_compiler::load_version(&db, "2023", files);
    let diagnostics = regel_compiler::diagnostics(&db, version);
    let program = regel_compiler::program(&db, version);
    let has_errors = diagnostics.iter().any(|d| d.is_error());
    if !has_errors {
        let _ = regel_eval::run_tests(&program);
    }
    has_errors
}

#[rustfmt::skip]
const TOKENS: &[&str] = &[
    // keywords
    "version", "section", "param", "enum", "record", "decision", "test", "input", "output", "let",
    "require", "else", "when", "then", "because", "otherwise", "decide", "given", "with", "expect",
    "rejected", "and", "or", "not", "in", "if", "true", "false", "null", "where", "descriptive",
    // punctuation and operators
    "{", "}", "[", "]", "(", ")", ":", ",", "=", "=>", "@", "\"", "?", ".", "==", "!=", "<", "<=",
    ">", ">=", "+", "-", "*", "/", "??", "%", "//", "///", "\n", "\\",
    // names
    "listning.byte", "kapacitetsstopp.beslut", "datum", "tidigare_byten", "s", "x", "Utfall",
    "beviljas", "avslas", "max_byten", "bytesperiod", "Int", "Date", "Bool", "Money", "Decimal",
    "Duration", "Text", "Time", "[Date]", "Int?", "count", "sum", "any", "all", "filter", "map",
    "within", "period_end", "round", "floor", "ceil", "min", "max", "days", "year", "date",
    "last_day_of_month", "weekday", "ore", "kronor", "skal", "paragraf", "_", "å",
    // literals
    "2023-05-10", "2024-02-29", "2023-02-30", "0000-00-00", "9999-99-99", "08:00", "25:61", "0",
    "42", "0.125", "-1", "9223372036854775807", "99999999999999999999999999999", "1e9", "10 %",
    "1234.50 kr", "499.2 mnkr", "3 months", "1 year", "60 days", "4 weeks", "\"3.6.1\"", "\"x\"",
    "\"\"", "\"\\\"",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(TOKENS),
            prop::sample::select(&[" ", " ", "\n", ""][..]),
        ),
        0..80,
    )
    .prop_map(|parts| parts.into_iter().flat_map(|(t, s)| [t, s]).collect())
}

/// The header and section a generated program needs to stand alone as version 2023.
const FUZZ_HEADER: &str = "version \"2023\" {\n  title \"fuzz\"\n  valid_from 2023-01-01\n  \
     valid_to 2023-12-31\n  source \"fuzz.txt\"\n  covers [\"3.6.1\"]\n}\n\n\
     section \"3.6.1\" \"Fuzz\"\n";

#[derive(Clone, Copy)]
enum Ty {
    Int,
    Dec,
    Money,
    Date,
    Dur,
    Bool,
    Text,
}

/// Renders expressions of a wanted type from a stream of random choices, so that most of
/// them type-check and reach the evaluator.
struct Gen<'a> {
    choices: &'a [u8],
    at: usize,
    /// Inside a decision (inputs and parameters are in scope) rather than a parameter.
    in_decision: bool,
    /// How many lambdas enclose the expression; their parameters are `s0`, `s1`, ….
    lambdas: usize,
    /// The `let v` is defined (it may be read).
    has_let: bool,
}

impl Gen<'_> {
    /// A choice among `n`; 0 (a leaf, for every type) once the choices run out.
    fn pick(&mut self, n: usize) -> usize {
        let c = self.choices.get(self.at).map_or(0, |c| usize::from(*c) % n);
        self.at += 1;
        c
    }

    fn one<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[self.pick(options.len())]
    }

    fn lambda(&mut self, depth: u32, body: Ty) -> String {
        let var = format!("s{}", self.lambdas);
        self.lambdas += 1;
        let body = self.expr(body, depth);
        self.lambdas -= 1;
        format!("{var} => {body}")
    }

    fn expr(&mut self, ty: Ty, depth: u32) -> String {
        let leaf = depth == 0 || self.at >= self.choices.len();
        let d = depth.saturating_sub(1);
        let choice = if leaf { 0 } else { 1 + self.pick(12) };
        match ty {
            Ty::Int => match choice {
                0 => {
                    let mut leaves = vec!["0", "1", "2", "7", "9223372036854775807", "4294967296"];
                    if self.in_decision {
                        leaves.extend(["a", "p_int", "count(xs)"]);
                    }
                    if self.has_let {
                        leaves.push("v");
                    }
                    self.one(&leaves).to_owned()
                }
                1 => format!("({} + {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                2 => format!("({} - {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                3 => format!("({} * {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                4 => format!("max({}, {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                5 => format!("(-{})", self.expr(Ty::Int, d)),
                6 if self.in_decision => format!("count(xs, {})", self.lambda(d, Ty::Bool)),
                7 => format!(
                    "days({}, {})",
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Date, d)
                ),
                8 => format!("year({})", self.expr(Ty::Date, d)),
                9 => format!("min({}, {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                10 if self.in_decision => format!("sum(map(xs, {}))", self.lambda(d, Ty::Int)),
                11 => format!("weekday({})", self.expr(Ty::Date, d)),
                _ => self.if_expr(Ty::Int, d),
            },
            Ty::Dec => match choice {
                0 => {
                    let mut leaves = vec!["0.125", "10 %", "1.5", "0.0", "99999999999999999999.99"];
                    if self.in_decision {
                        leaves.push("c");
                    }
                    self.one(&leaves).to_owned()
                }
                1 => format!("({} * {})", self.expr(Ty::Dec, d), self.expr(Ty::Dec, d)),
                2 => format!("({} / {})", self.expr(Ty::Dec, d), self.expr(Ty::Dec, d)),
                3 => format!("({} + {})", self.expr(Ty::Dec, d), self.expr(Ty::Dec, d)),
                4 => format!("({} - {})", self.expr(Ty::Dec, d), self.expr(Ty::Dec, d)),
                5 => format!("round({}, ore)", self.expr(Ty::Dec, d)),
                6 => format!("floor({}, kronor)", self.expr(Ty::Dec, d)),
                7 => format!("max({}, {})", self.expr(Ty::Dec, d), self.expr(Ty::Dec, d)),
                8 => format!("(-{})", self.expr(Ty::Dec, d)),
                _ => self.if_expr(Ty::Dec, d),
            },
            Ty::Money => match choice {
                0 => {
                    let mut leaves = vec!["1234.50 kr", "499.2 mnkr", "0 kr", "0.01 kr"];
                    if self.in_decision {
                        leaves.push("m");
                    }
                    self.one(&leaves).to_owned()
                }
                1 => format!(
                    "({} + {})",
                    self.expr(Ty::Money, d),
                    self.expr(Ty::Money, d)
                ),
                2 => format!(
                    "({} - {})",
                    self.expr(Ty::Money, d),
                    self.expr(Ty::Money, d)
                ),
                3 => format!("({} * {})", self.expr(Ty::Money, d), self.expr(Ty::Dec, d)),
                4 => format!("({} / {})", self.expr(Ty::Money, d), self.expr(Ty::Dec, d)),
                5 => format!("round({}, ore)", self.expr(Ty::Money, d)),
                6 => format!("floor({}, ore)", self.expr(Ty::Money, d)),
                7 => format!("ceil({}, kronor)", self.expr(Ty::Money, d)),
                8 if self.in_decision => format!("sum(map(xs, {}))", self.lambda(d, Ty::Money)),
                9 => format!(
                    "min({}, {})",
                    self.expr(Ty::Money, d),
                    self.expr(Ty::Money, d)
                ),
                _ => self.if_expr(Ty::Money, d),
            },
            Ty::Date => match choice {
                0 => {
                    let mut leaves = vec![
                        "2023-05-10",
                        "2024-02-29",
                        "2023-12-31",
                        "9999-12-31",
                        "0001-01-01",
                    ];
                    let vars: Vec<String> = (0..self.lambdas).map(|i| format!("s{i}")).collect();
                    leaves.extend(vars.iter().map(String::as_str));
                    if self.in_decision {
                        leaves.push("b");
                    }
                    self.one(&leaves).to_owned()
                }
                1 | 2 => format!("({} + {})", self.expr(Ty::Date, d), self.expr(Ty::Dur, d)),
                3 | 4 => format!("({} - {})", self.expr(Ty::Date, d), self.expr(Ty::Dur, d)),
                5 => format!(
                    "date({}, {}, {})",
                    self.expr(Ty::Int, d),
                    self.expr(Ty::Int, d),
                    self.expr(Ty::Int, d)
                ),
                6 => format!("last_day_of_month({})", self.expr(Ty::Date, d)),
                7 => format!(
                    "period_end({}, {})",
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Dur, d)
                ),
                8 => format!(
                    "max({}, {})",
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Date, d)
                ),
                _ => self.if_expr(Ty::Date, d),
            },
            Ty::Dur => {
                if choice == 1 && self.in_decision {
                    return "p_dur".to_owned();
                }
                let n = self.one(&[
                    "1",
                    "0",
                    "3",
                    "12",
                    "60",
                    "999999999",
                    "9223372036854775807",
                ]);
                let unit = self.one(&["days", "weeks", "months", "years", "day", "year"]);
                format!("{n} {unit}")
            }
            Ty::Bool => match choice {
                0 => {
                    let mut leaves = vec!["true", "false"];
                    if self.in_decision {
                        leaves.push("flag");
                    }
                    self.one(&leaves).to_owned()
                }
                1 => {
                    let op = self.one(&["<", "<=", ">", ">=", "==", "!="]);
                    format!("({} {op} {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d))
                }
                2 => {
                    let op = self.one(&["<", "<=", ">", ">=", "==", "!="]);
                    format!(
                        "({} {op} {})",
                        self.expr(Ty::Date, d),
                        self.expr(Ty::Date, d)
                    )
                }
                3 => {
                    let op = self.one(&["<", ">=", "=="]);
                    format!(
                        "({} {op} {})",
                        self.expr(Ty::Money, d),
                        self.expr(Ty::Money, d)
                    )
                }
                4 => format!(
                    "within({}, {}, {})",
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Dur, d)
                ),
                5 if self.in_decision => format!("any(xs, {})", self.lambda(d, Ty::Bool)),
                6 if self.in_decision => format!("all(xs, {})", self.lambda(d, Ty::Bool)),
                7 => format!("(not {})", self.expr(Ty::Bool, d)),
                8 => format!(
                    "({} and {})",
                    self.expr(Ty::Bool, d),
                    self.expr(Ty::Bool, d)
                ),
                9 => format!("({} or {})", self.expr(Ty::Bool, d), self.expr(Ty::Bool, d)),
                10 => format!(
                    "({} in [{}, {}])",
                    self.expr(Ty::Int, d),
                    self.expr(Ty::Int, d),
                    self.expr(Ty::Int, d)
                ),
                11 => format!("({} > {})", self.expr(Ty::Dec, d), self.expr(Ty::Dec, d)),
                _ => self.if_expr(Ty::Bool, d),
            },
            Ty::Text => match choice {
                0 => self.one(&["\"x\"", "\"åäö\"", "\"\""]).to_owned(),
                _ => self.if_expr(Ty::Text, d),
            },
        }
    }

    fn if_expr(&mut self, ty: Ty, d: u32) -> String {
        format!(
            "(if {} then {} else {})",
            self.expr(Ty::Bool, d),
            self.expr(ty, d),
            self.expr(ty, d)
        )
    }

    /// A whole version: two parameters, a decision using every type, and a test of it.
    fn program(&mut self) -> String {
        self.in_decision = false;
        self.has_let = false;
        let p_int = self.expr(Ty::Int, 2);
        let p_dur = self.expr(Ty::Dur, 1);
        self.in_decision = true;
        let depth = 4;
        let require = self.expr(Ty::Bool, depth);
        let v = self.expr(Ty::Int, depth);
        self.has_let = true;
        let o_int = self.expr(Ty::Int, depth);
        let o_dec = self.expr(Ty::Dec, depth);
        let o_money = self.expr(Ty::Money, depth);
        let o_date = self.expr(Ty::Date, depth);
        let o_bool = self.expr(Ty::Bool, depth);
        let o_text = self.expr(Ty::Text, depth);
        let when = self.expr(Ty::Bool, depth);
        let then = self.expr(Ty::Date, depth);
        let otherwise = self.expr(Ty::Date, depth);
        let a = self.one(&["0", "1", "-1", "9223372036854775807", "2023"]);
        let b = self.one(&["2023-05-10", "2024-02-29", "0001-01-01", "9999-12-31"]);
        let c = self.one(&["0.125", "0.0", "-1.5", "99999999999999999999.99"]);
        let m = self.one(&["1234.50 kr", "0 kr", "499.2 mnkr"]);
        let xs = self.one(&["", "2023-01-01", "2024-02-29, 2023-02-28", "9999-12-31"]);
        format!(
            "{FUZZ_HEADER}\n\
             param p_int: Int = {p_int}\n\
             param p_dur: Duration = {p_dur}\n\n\
             decision fuzz.d {{\n  \
               input a: Int\n  input b: Date\n  input c: Decimal\n  input m: Money\n  \
               input xs: [Date]\n  input flag: Bool = false\n  \
               require {require} else fuzz_krav\n  \
               let v = {v}\n  \
               output o_int: Int = {o_int}\n  output o_dec: Decimal = {o_dec}\n  \
               output o_money: Money = {o_money}\n  output o_date: Date = {o_date}\n  \
               output o_bool: Bool = {o_bool}\n  output o_text: Text = {o_text}\n  \
               output o_rule: Date\n  output skal\n  output paragraf\n  \
               when flag and {when}\n    then {{ o_rule: {then} }}\n    because forsta\n  \
               otherwise\n    then {{ o_rule: {otherwise} }}\n    because annars\n\
             }}\n\n\
             test \"fuzz\" {{\n  decide fuzz.d\n  \
               given {{ a: {a}, b: {b}, c: {c}, m: {m}, xs: [{xs}] }}\n  \
               expect {{ skal: \"forsta\" }}\n\
             }}\n"
        )
    }
}

fn generated_program() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..400).prop_map(|choices| {
        Gen {
            choices: &choices,
            at: 0,
            in_decision: false,
            lambdas: 0,
            has_let: false,
        }
        .program()
    })
}

/// One edit of a file: delete a range, duplicate a range, or insert a token.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index, usize),
    Duplicate(Index, usize),
    Insert(Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1usize..200).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), 1usize..200).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        (any::<Index>(), prop::sample::select(TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
    ]
}

fn mutate(text: &str, m: &Mutation) -> String {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let range = |at: &Index, len: usize| {
        let start = at.index(boundaries.len());
        let end = boundaries[(start + len).min(boundaries.len() - 1)];
        (boundaries[start], end)
    };
    match m {
        Mutation::Delete(at, len) => {
            let (a, b) = range(at, *len);
            format!("{}{}", &text[..a], &text[b..])
        }
        Mutation::Duplicate(at, len) => {
            let (a, b) = range(at, *len);
            format!("{}{}", &text[..b], &text[a..])
        }
        Mutation::Insert(at, token) => {
            let a = boundaries[at.index(boundaries.len())];
            format!("{} {token} {}", &text[..a], &text[a..])
        }
    }
}

proptest! {
    #![proptest_config(regel_e2e::proptest_config(256))]

    #[test]
    fn arbitrary_text_never_panics_the_front_end(text in ".*") {
        check_fully(&[], "2023/fuzz.regel", &text);
    }

    #[test]
    fn token_soup_never_panics_the_front_end(text in token_soup()) {
        check_fully(&[], "2023/fuzz.regel", &text);
        check_fully(&[], "2023/fuzz.regel", &format!("{FUZZ_HEADER}{text}"));
    }
}

proptest! {
    // About 25 ms a case in debug.
    #![proptest_config(regel_e2e::proptest_config(128))]

    #[test]
    fn generated_programs_never_panic_the_checker_or_the_evaluator(text in generated_program()) {
        check_fully(&[], "2023/fuzz.regel", &text);
    }
}

proptest! {
    // About 100 ms a case in debug: the three files are parsed and checked again each time.
    #![proptest_config(regel_e2e::proptest_config(64))]

    #[test]
    fn mutated_policies_never_panic_the_front_end(
        file in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let files = &*FILES;
        let chosen = file.index(files.len());
        let mut text = files[chosen].1.clone();
        for m in &mutations {
            text = mutate(&text, m);
        }
        let mut others = files.clone();
        let (path, _) = others.remove(chosen);
        check_fully(&others, &path, &text);
    }
}

/// Texts whose expressions are deeply nested, or long chains that parse into deep trees.
fn deep_text(shape: &str) -> String {
    let body = match shape {
        "chain" => format!("1{}", " + 1".repeat(5_000)),
        "and_chain" => format!("true{}", " and true".repeat(5_000)),
        "parens" => format!("{}1{}", "(".repeat(5_000), ")".repeat(5_000)),
        "negations" => format!("{}1", "-".repeat(5_000)),
        "nots" => format!("{}true", "not ".repeat(5_000)),
        "lists" => format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000)),
        "ifs" => format!(
            "{}1{}",
            "if true then ".repeat(2_000),
            " else 1".repeat(2_000)
        ),
        // Each level alone is short and shallow; together they make a tree 8000 deep.
        "nested_chains" => {
            let mut body = "1".to_owned();
            for _ in 0..20 {
                body = format!("({body}){}", " + 1".repeat(400));
            }
            body
        }
        other => panic!("unknown shape {other}"),
    };
    format!("{FUZZ_HEADER}param p: Int = {body}\n")
}

/// Checks `deep_text(shape)` in a child process: this test binary again, running
/// `deep_expressions_do_not_overflow_the_stack` with `REGEL_DEEP_SHAPE` set, its threads given
/// 8 MiB of stack (as much as a main thread has). A stack overflow aborts the whole process, so
/// it cannot be caught in this one. Returns how the child failed, if it did.
fn crash_in_child(shape: &str) -> Option<String> {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "deep_expressions_do_not_overflow_the_stack",
            "--test-threads=1",
        ])
        .env("REGEL_DEEP_SHAPE", shape)
        .env("RUST_MIN_STACK", (8usize << 20).to_string())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let why = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    (!out.status.success()).then(|| format!("{shape}: {} ({why})", out.status))
}

/// A deep expression must give a result or an error, never a stack overflow.
/// The parser bounds nesting (64) and tree height (500); the `regel` binary also runs on a
/// 256 MiB stack.
#[test]
fn deep_expressions_do_not_overflow_the_stack() {
    if let Ok(shape) = std::env::var("REGEL_DEEP_SHAPE") {
        check_fully(&[], "2023/fuzz.regel", &deep_text(&shape));
        return;
    }
    let crashed: Vec<String> = [
        "chain",
        "and_chain",
        "parens",
        "negations",
        "nots",
        "lists",
        "ifs",
    ]
    .into_iter()
    .filter_map(crash_in_child)
    .collect();
    assert!(crashed.is_empty(), "crashed on: {crashed:#?}");
}

/// Parenthesised chains nested in one another: every level is within the parser's limits (64
/// levels, 500 operators), yet the checker recurses once per operator of all levels together.
#[test]
fn nested_chains_do_not_overflow_the_stack() {
    if let Some(crash) = crash_in_child("nested_chains") {
        panic!("crashed on {crash}");
    }
}

/// The generator is worth its keep only if its programs often type-check and often evaluate
/// to the end (the test then fails on its expectation instead of stopping on an error).
#[test]
fn generated_programs_mostly_check_and_run() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = generated_program();
    let (mut clean, mut ran) = (0, 0);
    for _ in 0..40 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let db = regel_compiler::Database::default();
        let version =
            regel_compiler::load_version(&db, "2023", vec![("2023/fuzz.regel".into(), text)]);
        if regel_compiler::diagnostics(&db, version)
            .iter()
            .any(|d| d.is_error())
        {
            continue;
        }
        clean += 1;
        let reports = regel_eval::run_tests(&regel_compiler::program(&db, version));
        if reports
            .iter()
            .any(|r| !matches!(r.outcome, regel_eval::TestOutcome::Error(_)))
        {
            ran += 1;
        }
    }
    assert!(clean >= 20, "only {clean} of 40 generated programs check");
    assert!(ran >= 8, "only {ran} of 40 generated programs evaluate");
}

#[test]
fn the_bundled_policies_check_cleanly_and_their_tests_pass() {
    let files = &*FILES;
    let (last, others) = files.split_last().unwrap();
    assert!(!check_fully(others, &last.0, &last.1));
    let db = regel_compiler::Database::default();
    let version = regel_compiler::load_version(&db, "2023", files.clone());
    let reports = regel_eval::run_tests(&regel_compiler::program(&db, version));
    assert!(!reports.is_empty());
    for r in reports {
        assert_eq!(r.outcome, regel_eval::TestOutcome::Passed, "{}", r.name);
    }
}

// ---------------------------------------------------------------- (e) precedence and rejection

proptest! {
    #![proptest_config(regel_e2e::proptest_config(256))]

    #[test]
    fn protected_identity_is_refused_whatever_the_rest(mut input in listning_input()) {
        // A switch after `datum` is rejected before any rule; keep the input valid.
        let datum = input["datum"].clone();
        if let Some(byten) = input["tidigare_byten"].as_array_mut() {
            byten.retain(|s| s.as_str() <= datum.as_str());
        }
        input["skyddad_identitet"] = json!(true);
        let out = decide("listning.byte", &input)
            .unwrap_or_else(|e| panic!("{input}: no decision: {e:?}"));
        prop_assert_eq!(&out["utfall"], "avslas", "input {}", input);
        prop_assert_eq!(&out["skal"], "skyddad_identitet", "input {}", input);
        prop_assert_eq!(&out["paragraf"], "3.6.4", "input {}", input);
    }

    #[test]
    fn a_stop_ending_before_it_starts_is_rejected(
        fran in any_date(),
        back in 1u64..2000,
        skriftlig_anmalan in any::<bool>(),
        risker in risker(),
    ) {
        let till = fran.checked_sub_days(Days::new(back)).unwrap();
        let input = json!({
            "fran": iso(fran),
            "till": iso(till),
            "skriftlig_anmalan": skriftlig_anmalan,
            "risker": risker,
        });
        match decide("kapacitetsstopp.beslut", &input) {
            Err(DecideError::Rejected(r)) => {
                prop_assert_eq!(r.reason, "till_fore_fran");
                prop_assert_eq!(r.paragraf, "3.6.12");
            }
            other => prop_assert!(false, "{input}: {other:?}"),
        }
    }
}
