//! What a program embedding `regel-native` links: the runtime (`regel-runtime`) and the few
//! libraries it uses, never the compiler. The crate's normal dependency tree, as cargo
//! resolves it, is checked, so a dependency added anywhere below it is caught.

use std::process::Command;

/// Crates of the compiler side: none may be linked into a program that embeds decisions.
const COMPILER_SIDE: &[&str] = &["salsa", "pest", "ariadne", "serde_json", "z3"];

/// The packages `regel-native` links, one name per package (build and dev dependencies left
/// out).
fn linked_packages() -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--package",
            "regel-native",
            "--edges",
            "normal",
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

#[test]
fn an_embedding_program_links_the_runtime_and_no_compiler() {
    let linked = linked_packages();
    assert!(
        linked.iter().any(|p| p == "regel-runtime"),
        "the tree was read: {linked:?}"
    );
    let compiler: Vec<&String> = linked
        .iter()
        .filter(|p| {
            let ours =
                p.starts_with("regel-") && !matches!(p.as_str(), "regel-native" | "regel-runtime");
            ours || COMPILER_SIDE.iter().any(|c| p.starts_with(c))
        })
        .collect();
    assert!(
        compiler.is_empty(),
        "regel-native links crates of the compiler side: {compiler:?}"
    );
}
