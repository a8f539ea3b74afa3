//! What `regel serve` holds resident once `check` has proved every version (Linux: read
//! from /proc). #22 asks for at most 64 MiB. The prover's solver context (libz3's, 16.6 MiB
//! resident from its creation) is deleted once the request that needed it is answered: a
//! server still holding it has 32 MiB or more of anonymous memory here, one without it 15.5
//! (release) to 16.5 MiB (debug build).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use regel_e2e::spawn_serve;

const TARGET_KIB: u64 = 64 * 1024;
/// Between a server without a solver context and one with it.
const WITHOUT_CONTEXT_KIB: u64 = 24 * 1024;

/// `field` of /proc/PID/status, in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim_start_matches(':').split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn serve_after_check_holds_at_most_64_mib_and_no_solver_context() {
    let mut child = spawn_serve(Stdio::null());
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdin
        .write_all(b"{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"check\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let mut answer = String::new();
    stdout.read_line(&mut answer).unwrap();
    assert!(answer.contains("\"diagnostics\""), "{answer}");
    let resident = status_kib(child.id(), "VmRSS");
    let anonymous = status_kib(child.id(), "RssAnon");
    drop(stdin);
    let _ = child.wait();
    assert!(
        resident <= TARGET_KIB,
        "{resident} KiB resident after check"
    );
    assert!(
        anonymous < WITHOUT_CONTEXT_KIB,
        "{anonymous} KiB of anonymous memory after check: the solver context is still held"
    );
}
