//! A probe for profilers (`valgrind --tool=callgrind`): decides one decision of the peers
//! bench many times in-process through the interpreter's `Decider`, on the bench's input:
//! `listning.byte` with the 10-date history (`byte`), `kapacitetsstopp.beslut` (`stopp`),
//! `sanktion.vite` 2023 (`vite`) or `ersattning.vardpeng` 2021 (`vardpeng`). With `native`
//! after the runs, the same values go through the compiled decision's `Value` interface
//! (`regel-native`'s `decide_into`, what the peers bench times as `regel.native`) instead.
//!
//! `cargo run --release -p regel-bench --example eval_probe -- [byte|stopp|vite|vardpeng] [runs] [native]`
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_eval::Engine;
use serde_json::json;

/// The engine of the bundled version `year` (which must check without errors).
fn engine(year: &str) -> Engine {
    regel_testing::engine_in("policies", year)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "byte".into());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let (year, name, input) = match which.as_str() {
        "stopp" => (
            "2023",
            "kapacitetsstopp.beslut",
            json!({"fran": "2023-01-01", "till": "2023-03-31", "skriftlig_anmalan": true,
                   "risker": ["patientsakerhet"]}),
        ),
        "vite" => (
            "2023",
            "sanktion.vite",
            json!({"manatlig_vardpeng": "1234567.89", "storre_avvikelse": true,
                   "rattelse_skett": false, "yttrande_mojlighet_given": true}),
        ),
        "vardpeng" => (
            "2021",
            "ersattning.vardpeng",
            json!({"andel_alder": "0.025", "andel_acg": "0.031", "andel_cni": "0.017"}),
        ),
        _ => (
            "2023",
            "listning.byte",
            json!({"datum": "2023-05-10", "tidigare_byten": regel_bench::listning::HISTORY}),
        ),
    };
    let engine = engine(year);
    let d = engine.program().decision(name).unwrap().1.clone();
    let values = regel_eval::json::inputs(&engine, &d, &input, "/input").unwrap();
    let mut rules = 0;
    let mut outputs = Vec::new();
    if args.next().as_deref() == Some("native") {
        let native = regel_bench::native::checked(&engine, year, name, &values).unwrap();
        for _ in 0..runs {
            rules += native
                .decide_into(std::hint::black_box(&values), &mut outputs)
                .unwrap();
        }
        println!("{name} compiled: {runs} runs, rule sum {rules}");
        return;
    }
    let mut decider = engine.decider(&d);
    for _ in 0..runs {
        rules += decider
            .decide_into(std::hint::black_box(&values), &mut outputs)
            .unwrap();
    }
    println!("{name}: {runs} runs, rule sum {rules}");
}
