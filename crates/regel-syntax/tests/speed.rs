//! How long a 2000-line policy takes to parse. Timing depends on the machine, so this is not run
//! by default:
//!
//! ```text
//! cargo test --release -p regel-syntax --test speed -- --ignored --nocapture
//! ```
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

/// The README example repeated (decisions and tests renamed) up to `lines` lines.
fn policy(lines: usize) -> String {
    let example = common::readme_example();
    let mut text = String::new();
    let mut copy = 0;
    while text.lines().count() < lines {
        if copy == 0 {
            text.push_str(&example);
        } else {
            // Everything but the version header, with its own names.
            let body = &example[example.find("section").unwrap()..];
            text.push_str(&body.replace("listning.byte", &format!("listning.byte{copy}")));
        }
        text.push('\n');
        copy += 1;
    }
    text
}

#[test]
#[ignore = "timing; run in release with --ignored"]
fn a_2000_line_policy_parses_in_well_under_5_ms() {
    let text = policy(2000);
    let file = regel_syntax::parse(&text);
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    let runs: usize = std::env::var("REGEL_SPEED_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let best = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(regel_syntax::parse(std::hint::black_box(&text)));
            start.elapsed()
        })
        .min()
        .unwrap();
    println!(
        "{} lines, {} bytes, {} items: best of {runs} parses {best:?}",
        text.lines().count(),
        text.len(),
        file.items.len()
    );
    if !cfg!(debug_assertions) {
        assert!(best < Duration::from_millis(5), "{best:?}");
    }
}
