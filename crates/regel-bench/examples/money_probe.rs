//! Time on a shared machine: the least time per decision over many short batches, each
//! function's batches taken in turn, so a batch another process interrupted does not count and
//! a slower or faster minute of the machine reaches every function alike. The two decisions of
//! money arithmetic (`sanktion.vite`, `ersattning.vardpeng`) on the peers bench's inputs, by the
//! `Decider` and by hand; `native`: the compiled `ersattning.vardpeng`; `compiled`: both
//! decisions by the `Decider` beside the compiled `decide_into`; `ops`: decimal division
//! through the runtime's operator (`ops::arithmetic`) against `rust_decimal`'s.
//!
//! `cargo run --release -p regel-bench --example money_probe -- [decide|native|compiled|ops] [batches]`
#![allow(clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant;

use regel_eval::Engine;
use regel_runtime::{BinaryOp, Value, ops};
use rust_decimal::Decimal;
use serde_json::json;

/// Calls in one batch.
const BATCH: usize = 2000;

/// The engine of the bundled version `year` (which must check without errors).
fn engine(year: &str) -> Engine {
    regel_testing::engine_in("policies", year)
}

/// The least nanoseconds per call of each function, over `batches` rounds.
fn least(batches: usize, functions: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let mut best = vec![f64::MAX; functions.len()];
    for _ in 0..batches {
        for (f, best) in functions.iter_mut().zip(&mut best) {
            let t = Instant::now();
            for _ in 0..BATCH {
                f();
            }
            *best = best.min(t.elapsed().as_nanos() as f64 / BATCH as f64);
        }
    }
    best
}

/// The two decisions' engines, decisions and input values, as the peers bench gives them.
struct Money {
    e2023: Engine,
    e2021: Engine,
    vite: std::sync::Arc<regel_compiler::ir::Decision>,
    vardpeng: std::sync::Arc<regel_compiler::ir::Decision>,
    vite_values: Vec<Value>,
    vardpeng_values: Vec<Value>,
}

fn money() -> Money {
    let (e2023, e2021) = (engine("2023"), engine("2021"));
    let vite = e2023.program().decision("sanktion.vite").unwrap().1.clone();
    let vardpeng = e2021
        .program()
        .decision("ersattning.vardpeng")
        .unwrap()
        .1
        .clone();
    let vite_input = json!({"manatlig_vardpeng": "1234567.89", "storre_avvikelse": true,
                   "rattelse_skett": false, "yttrande_mojlighet_given": true});
    let vardpeng_input =
        json!({"andel_alder": "0.025", "andel_acg": "0.031", "andel_cni": "0.017"});
    let vite_values = regel_eval::json::inputs(&e2023, &vite, &vite_input, "/input").unwrap();
    let vardpeng_values =
        regel_eval::json::inputs(&e2021, &vardpeng, &vardpeng_input, "/input").unwrap();
    Money {
        e2023,
        e2021,
        vite,
        vardpeng,
        vite_values,
        vardpeng_values,
    }
}

/// The least time per decision of both decisions by the `Decider`, each beside another way
/// of deciding it (`vite`, `vardpeng`), printed as `name: Decider …, {other} … (ratio)` with
/// `ratio(decider, other)`.
fn against_decider(
    batches: usize,
    m: &Money,
    other: &str,
    vite: &mut dyn FnMut(),
    vardpeng: &mut dyn FnMut(),
    ratio: fn(f64, f64) -> f64,
) {
    let (mut vite_decider, mut vardpeng_decider) =
        (m.e2023.decider(&m.vite), m.e2021.decider(&m.vardpeng));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let t = least(
        batches,
        &mut [
            &mut || {
                let r = vite_decider.decide_into(black_box(&m.vite_values), &mut a);
                black_box(r.unwrap());
            },
            vite,
            &mut || {
                let r = vardpeng_decider.decide_into(black_box(&m.vardpeng_values), &mut b);
                black_box(r.unwrap());
            },
            vardpeng,
        ],
    );
    println!(
        "sanktion.vite: Decider {:.1} ns, {other} {:.1} ns ({:.2}x) | \
         ersattning.vardpeng: Decider {:.1} ns, {other} {:.1} ns ({:.2}x)",
        t[0],
        t[1],
        ratio(t[0], t[1]),
        t[2],
        t[3],
        ratio(t[2], t[3])
    );
}

/// The `Decider` against the hand-written functions (the ratio `Decider ÷ hand-written`).
fn decide(batches: usize) {
    let m = money();
    let hand_vite = regel_bench::sanktion::ViteInput {
        manatlig_vardpeng: "1234567.89".parse().unwrap(),
        storre_avvikelse: true,
        rattelse_skett: false,
        yttrande_mojlighet_given: true,
        begart_vite: None,
    };
    let share = |s: &str| -> Decimal { s.parse().unwrap() };
    let (alder, acg, cni) = (share("0.025"), share("0.031"), share("0.017"));
    against_decider(
        batches,
        &m,
        "hand-written",
        &mut || {
            black_box(regel_bench::sanktion::vite(black_box(&hand_vite)));
        },
        &mut || {
            let (x, y, z) = (black_box(alder), black_box(acg), black_box(cni));
            black_box(regel_bench::ersattning::vardpeng(x, y, z));
        },
        |decider, hand| decider / hand,
    );
}

fn native(batches: usize) {
    use regel_native::v2021;
    let decision = v2021::ErsattningVardpeng::new();
    let share = |s: &str| Value::Decimal(s.parse().unwrap());
    let (alder, acg, cni) = (share("0.025"), share("0.031"), share("0.017"));
    let input = v2021::ErsattningVardpengInput {
        andel_alder: &alder,
        andel_acg: &acg,
        andel_cni: &cni,
    };
    let t = least(
        batches,
        &mut [&mut || {
            black_box(decision.decide(black_box(&input)).unwrap());
        }],
    );
    println!("ersattning.vardpeng compiled: {:.1} ns", t[0]);
}

/// The `Decider` against the compiled decision's `Value` interface (the ratio
/// `compiled ÷ Decider`).
fn compiled(batches: usize) {
    let m = money();
    let checked = |e: &Engine, year, name, values| {
        regel_bench::native::checked(e, year, name, values).unwrap()
    };
    let vite = checked(&m.e2023, "2023", "sanktion.vite", &m.vite_values);
    let vardpeng = checked(&m.e2021, "2021", "ersattning.vardpeng", &m.vardpeng_values);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    against_decider(
        batches,
        &m,
        "compiled",
        &mut || {
            black_box(vite.decide_into(black_box(&m.vite_values), &mut a).unwrap());
        },
        &mut || {
            black_box(
                vardpeng
                    .decide_into(black_box(&m.vardpeng_values), &mut b)
                    .unwrap(),
            );
        },
        |decider, compiled| compiled / decider,
    );
}

/// Divisions of the size the catalogue meets: the month of a year's capitation, an amount by
/// a small whole number, an amount by an amount.
fn divisions(batches: usize) {
    let d = |s: &str| -> Decimal { s.parse().unwrap() };
    let sets: [(&str, Vec<(Decimal, Decimal)>); 3] = [
        ("77200000.00 / 12", vec![(d("77200000.00"), d("12")); 16]),
        (
            "amount / small whole",
            (0..16)
                .map(|i| {
                    (
                        Decimal::new(123_457 * (i + 1) + 7, 2),
                        Decimal::from(3 + i % 9),
                    )
                })
                .collect(),
        ),
        (
            "amount / amount",
            (0..16)
                .map(|i| {
                    (
                        Decimal::new(499_200_000 + i * 37, 1),
                        Decimal::new(7_720_000_000 + i, 2),
                    )
                })
                .collect(),
        ),
    ];
    for (name, pairs) in &sets {
        let by_operator = |x: Decimal, y: Decimal| {
            ops::arithmetic(BinaryOp::Div, &Value::Decimal(x), &Value::Decimal(y))
        };
        let t = least(
            batches,
            &mut [
                &mut || {
                    for (x, y) in pairs {
                        black_box(by_operator(black_box(*x), black_box(*y)).unwrap());
                    }
                },
                &mut || {
                    for (x, y) in pairs {
                        black_box(black_box(*x).checked_div(black_box(*y)));
                    }
                },
            ],
        );
        let n = pairs.len() as f64;
        println!(
            "{name}: ops::arithmetic {:.1} ns, rust_decimal {:.1} ns",
            t[0] / n,
            t[1] / n
        );
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "decide".into());
    let batches = args.next().and_then(|n| n.parse().ok()).unwrap_or(300);
    match which.as_str() {
        "native" => native(batches),
        "compiled" => compiled(batches),
        "ops" => divisions(batches),
        _ => decide(batches),
    }
}
