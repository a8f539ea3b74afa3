//! A probe for profilers (`valgrind --tool=callgrind`): decides `listning.byte` with the
//! 10-date history of the benches, or `kapacitetsstopp.beslut`, many times in-process.
//!
//! `cargo run --release -p regel-bench --example eval_probe -- [byte|stopp] [runs]`
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_compiler::{Database, diagnostics, load_version, program};
use regel_eval::Engine;
use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "byte".into());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/2023");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "regel"))
        .map(|p| {
            let name = format!("2023/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    let db = Database::default();
    let version = load_version(&db, "2023", files);
    assert!(diagnostics(&db, version).iter().all(|d| !d.is_error()));
    let engine = Engine::new(program(&db, version)).unwrap();
    let (name, input) = match which.as_str() {
        "stopp" => (
            "kapacitetsstopp.beslut",
            json!({"fran": "2023-01-01", "till": "2023-03-31", "skriftlig_anmalan": true,
                   "risker": ["patientsakerhet"]}),
        ),
        _ => (
            "listning.byte",
            json!({"datum": "2023-05-10", "tidigare_byten": regel_bench::listning::HISTORY}),
        ),
    };
    let d = engine.program().decision(name).unwrap().1.clone();
    let values = regel_eval::json::inputs(&engine, &d, &input, "/input").unwrap();
    let mut rules = 0;
    let mut decider = engine.decider(&d);
    let mut outputs = Vec::new();
    for _ in 0..runs {
        rules += decider
            .decide_into(std::hint::black_box(&values), &mut outputs)
            .unwrap();
    }
    println!("{name}: {runs} runs, rule sum {rules}");
}
