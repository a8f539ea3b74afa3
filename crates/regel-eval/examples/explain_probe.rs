//! A probe for profilers (`valgrind --tool=callgrind`): explains one decision many times
//! in-process, as `regel eval --explain` and the API's `explain: true` do (the decision with
//! its trace, then the motivering): `listning.byte` 2023 with a ten-date history (`byte`),
//! or `sanktion.vite` 2023 (`vite`).
//!
//! `cargo run --release -p regel-eval --example explain_probe -- [byte|vite] [runs]`
#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "byte".into());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let (name, input) = match which.as_str() {
        "vite" => (
            "sanktion.vite",
            json!({"manatlig_vardpeng": "500000", "storre_avvikelse": true,
                   "rattelse_skett": false, "yttrande_mojlighet_given": true,
                   "begart_vite": "10000"}),
        ),
        _ => (
            "listning.byte",
            json!({"datum": "2023-05-10", "tidigare_byten": [
                "2021-01-04", "2021-03-15", "2021-06-01", "2021-09-20", "2021-12-01",
                "2022-02-14", "2022-05-30", "2022-09-01", "2023-01-15", "2023-04-02"]}),
        ),
    };
    let engine = regel_testing::engine_in("policies", "2023");
    let mut said = 0;
    for _ in 0..runs {
        let explained =
            regel_eval::decide_json(&engine, name, std::hint::black_box(&input), true, "/input")
                .unwrap();
        said += explained.motivering.map_or(0, |m| m.len());
    }
    println!("{name} explained: {runs} runs, {said} bytes of motivering");
}
