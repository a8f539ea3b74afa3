//! `regel serve` end to end through pipes, as another system sees it: resident memory with
//! every version loaded, the latency of single `decide` round trips, and the throughput of a
//! `decide.batch` of 100 000 `listning.byte` inputs. The release binary is used
//! (`target/release/regel`, built by `cargo bench` with the workspace, or by
//! `cargo build --release -p regel-cli`). Prints a table; BENCHMARKS.md records it.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn binary() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let bin = target.join("release").join("regel");
    assert!(
        bin.is_file(),
        "no release binary at {}: run `cargo build --release -p regel-cli` first",
        bin.display()
    );
    bin
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(binary())
            .args(["serve", "--policies", "policies"])
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Server {
            child,
            stdin,
            stdout,
        }
    }

    fn call(&mut self, line: &str) -> String {
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.write_all(b"\n").unwrap();
        self.stdin.flush().unwrap();
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).unwrap();
        answer
    }

    /// (VmRSS, VmHWM) in KiB from /proc.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A varied, valid `listning.byte` input: up to ten earlier switches before the date.
fn input(i: u64) -> Json {
    let mut x = i
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |n: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51afd7ed558ccd);
        (x >> 11) % n
    };
    let dates: Vec<String> = (0..next(11))
        .map(|_| {
            format!(
                "20{:02}-{:02}-{:02}",
                19 + next(5),
                1 + next(12),
                1 + next(28)
            )
        })
        .collect();
    json!({"datum": "2023-12-31", "tidigare_byten": dates, "sarskilda_skal": next(2) == 1})
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that names another bench skips this one.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !filter.is_empty() && !filter.iter().any(|f| "serve".contains(f.as_str())) {
        return;
    }
    let mut server = Server::start();
    let check = server.call(r#"{"jsonrpc":"2.0","id":0,"method":"check"}"#);
    assert!(check.contains("\"diagnostics\""), "{check}");
    let (rss_loaded, _) = server.memory();

    let single = json!({"jsonrpc": "2.0", "id": 1, "method": "decide", "params": {
        "version": "2023", "decision": "listning.byte",
        "input": {"datum": "2023-05-10", "tidigare_byten": ["2022-09-01", "2023-01-15"]}}})
    .to_string();
    let expected = r#"{"jsonrpc":"2.0","id":1,"result":{"version":"2023","decision":"listning.byte","output":{"utfall":"avslas","skal":"hogst_tva_byten","paragraf":"3.6.1","byten_inom_perioden":2}}}"#;
    assert_eq!(server.call(&single).trim_end(), expected);
    for _ in 0..2_000 {
        server.call(&single);
    }
    let mut times: Vec<Duration> = (0..20_000)
        .map(|_| {
            let t = Instant::now();
            server.call(&single);
            t.elapsed()
        })
        .collect();
    times.sort();

    const BATCH: u64 = 100_000;
    let inputs: Vec<Json> = (0..BATCH).map(input).collect();
    let batch = json!({"jsonrpc": "2.0", "id": 2, "method": "decide.batch", "params": {
        "version": "2023", "decision": "listning.byte", "inputs": inputs}})
    .to_string();
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let answer = server.call(&batch);
        best = best.min(t.elapsed());
        let answer: Json = serde_json::from_str(&answer).unwrap();
        let results = answer["result"]["results"].as_array().unwrap();
        assert_eq!(results.len() as u64, BATCH);
        assert!(
            results.iter().all(|r| r["output"]["utfall"].is_string()),
            "every input decided"
        );
    }
    let (rss_after, hwm) = server.memory();

    println!("regel serve, end to end over pipes (release binary)");
    println!(
        "  resident memory, all versions loaded:   {} KiB",
        rss_loaded
    );
    println!(
        "  decide round trip (20 000 sequential):  p50 {:?}  p90 {:?}  p99 {:?}",
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99)
    );
    println!(
        "  decide.batch of {BATCH} listning.byte:  {:?} best of 3 = {:.0} decisions/s ({} bytes in)",
        best,
        BATCH as f64 / best.as_secs_f64(),
        batch.len()
    );
    println!("  resident memory after the batches:     {rss_after} KiB (peak {hwm} KiB)");
}
