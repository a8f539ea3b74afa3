//! The prover gives its memory back: libz3's solver context (some 17 MB, resident from its
//! creation) lives on a prover thread that ends with the proofs, so a long-running front end
//! (`regel serve`) does not hold it between requests. The only test of its executable, so
//! that the process's own figures (`/proc/self/status`) are this test's.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_compiler::{Database, diagnostics, load_version};
use regel_testing::version_files;
use regel_verify::query::version_findings;

/// What one solver context holds resident once created (measured with libz3 4.8: 16.6 MiB).
const CONTEXT_KIB: u64 = 16 * 1024;

/// The process's anonymous resident memory (heap and stacks), in KiB.
fn resident_anonymous() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn proving_a_version_leaves_no_solver_context_resident() {
    let db = Database::default();
    let version = load_version(&db, "2023", version_files("policies", "2023"));
    // Checked first: what grows below is the prover's alone.
    let checked = diagnostics(&db, version);
    assert!(checked.iter().all(|d| !d.is_error()), "{checked:?}");
    let before = resident_anonymous();
    let (_, decided) = version_findings(&db, version);
    let grown = resident_anonymous().saturating_sub(before);
    assert!(!decided.is_empty(), "the prover ran");
    assert!(
        grown < CONTEXT_KIB,
        "proving grew resident memory by {grown} KiB: a solver context is still held"
    );
}
