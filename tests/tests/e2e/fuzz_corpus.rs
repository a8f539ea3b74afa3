//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the same target bodies
//! `cargo fuzz` runs, so every input that once found a crash, and the coverage the fuzzers
//! reached, is checked on every test run without a nightly toolchain. HARDENING.md says how
//! the corpus was made.

use std::path::Path;

use regel_e2e::{fuzz, root};

fn replay(target: &str, run: fn(&[u8])) {
    let dir = root().join("fuzz").join("corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no corpus for `{target}` at {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus of `{target}` is empty");
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.file_name().map(Path::new).unwrap_or(file);
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "`{target}` fails on {}", name.display());
    }
}

#[test]
fn parse_corpus() {
    replay("parse", fuzz::parse);
}

#[test]
fn check_corpus() {
    replay("check", fuzz::check);
}

#[test]
fn format_corpus() {
    replay("format", fuzz::format);
}

#[test]
fn json_input_corpus() {
    replay("json_input", fuzz::json_input);
}

#[test]
fn rpc_corpus() {
    replay("rpc", fuzz::rpc);
}

#[test]
fn lsp_corpus() {
    replay("lsp", fuzz::lsp);
}

#[test]
fn batch_corpus() {
    replay("batch", fuzz::batch);
}
