//! A probe for profilers (`valgrind --tool=callgrind`): checks `policies/2023` cold, then
//! re-checks it after one-rule edits of `listning.regel`, as the benches do.
//!
//! `cargo run --release -p regel-compiler --example check_probe -- [cold|edit] [runs]`
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_compiler::{Database, diagnostics, load_version, program};
use salsa::Setter;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "edit".into());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
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
    if mode == "cold" {
        for _ in 0..runs {
            let db = Database::default();
            let version = load_version(&db, "2023", files.clone());
            std::hint::black_box((diagnostics(&db, version), program(&db, version)));
        }
        return;
    }
    let (mut db, log) = if mode.ends_with("log") {
        Database::with_execution_log()
    } else {
        (Database::default(), Default::default())
    };
    let version = load_version(&db, "2023", files);
    let _ = (diagnostics(&db, version), program(&db, version));
    let file = version
        .files(&db)
        .iter()
        .copied()
        .find(|f| f.path(&db).ends_with("listning.regel"))
        .unwrap();
    let original = file.text(&db).clone();
    // `edit`: an equivalent rule; `typo`: one character that breaks the parse, as while typing.
    let edited = match mode.as_str() {
        "typo" | "typolog" => original.replacen("byten >= max_byten", "byten >= (max_byten", 1),
        _ => original.replacen("byten >= max_byten", "byten > max_byten - 1", 1),
    };
    assert_ne!(original, edited);
    let mut times = Vec::new();
    for run in 0..runs {
        let text = if run % 2 == 0 { &edited } else { &original };
        let start = std::time::Instant::now();
        file.set_text(&mut db).to(text.clone());
        log.lock().unwrap().clear();
        std::hint::black_box((diagnostics(&db, version), program(&db, version)));
        times.push(start.elapsed());
    }
    times.sort();
    if let Some(median) = times.get(times.len() / 2) {
        println!("{mode}: median {median:?} over {runs} edits");
    }
    if mode == "log" || mode == "typolog" {
        let mut counts = std::collections::BTreeMap::new();
        for entry in log.lock().unwrap().iter() {
            let query = entry.split('(').next().unwrap_or(entry).to_owned();
            *counts.entry(query).or_insert(0) += 1;
        }
        println!("executed in the last edit: {counts:?}");
    }
}
