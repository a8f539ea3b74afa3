//! A probe for profilers (`valgrind --tool=callgrind`): formats every file of `policies/2023`
//! `runs` times, as the `fmt/policies-2023` bench does.
//!
//! `cargo run --release -p regel-fmt --example fmt_probe -- [runs]`
#![allow(clippy::unwrap_used, clippy::panic)]

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/2023");
    let texts: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "regel"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for text in &texts {
        assert_eq!(&regel_fmt::format(text).unwrap(), text, "formatted already");
    }
    let start = std::time::Instant::now();
    for _ in 0..runs {
        for text in &texts {
            std::hint::black_box(regel_fmt::format(std::hint::black_box(text)).ok());
        }
    }
    println!("{:?} per pass", start.elapsed() / runs.max(1) as u32);
}
