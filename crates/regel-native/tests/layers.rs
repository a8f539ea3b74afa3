//! What a program embedding `regel-native` links and builds: the runtime (`regel-runtime`) and
//! the few libraries it uses, never the compiler, not even as a build dependency (the
//! generated Rust is committed: `crates/regel-testing/tests/native.rs`). The crate's
//! dependency tree, as cargo resolves it, is checked, so a dependency added anywhere below it
//! is caught.

use std::process::Command;

/// Crates of the compiler side: none may be linked into a program that embeds decisions.
const COMPILER_SIDE: &[&str] = &["salsa", "pest", "ariadne", "serde_json", "z3"];

/// The packages `regel-native` needs along `edges` (`normal`: what it links; `normal,build`:
/// also what building it and them compiles), one name per package; dev dependencies left out.
fn packages(edges: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--package",
            "regel-native",
            "--edges",
            edges,
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// Fails when a package along `edges` is of the compiler side; `what` says what that means.
fn no_compiler_along(edges: &str, what: &str) {
    let found = packages(edges);
    assert!(
        found.iter().any(|p| p == "regel-runtime"),
        "the tree was read: {found:?}"
    );
    let compiler: Vec<&String> = found
        .iter()
        .filter(|p| {
            let ours =
                p.starts_with("regel-") && !matches!(p.as_str(), "regel-native" | "regel-runtime");
            ours || COMPILER_SIDE.iter().any(|c| p.starts_with(c))
        })
        .collect();
    assert!(
        compiler.is_empty(),
        "{what} crates of the compiler side: {compiler:?}"
    );
}

#[test]
fn an_embedding_program_links_the_runtime_and_no_compiler() {
    no_compiler_along("normal", "regel-native links");
}

#[test]
fn building_an_embedding_program_compiles_no_compiler() {
    no_compiler_along(
        "normal,build",
        "building regel-native (a build script's dependencies?) compiles",
    );
}
