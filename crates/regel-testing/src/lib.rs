//! What the crates' tests share, so each loads a version one way: a small version written in
//! the test (`HEADER` and a body) or a folder of the workspace, checked, with any compile
//! error failing the test. A dev-dependency only; nothing ships with it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use regel_compiler::ir::Program;
use regel_compiler::{Database, Version, diagnostics, load_version, program};
use regel_eval::Engine;

/// The header of the small test versions: version "2023" with one section, "1".
pub const HEADER: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
"#;

/// Loads `files` as version `id` and fails the test on any compile error, except those whose
/// code is in `allowed` (E0300 where the test runs the prover, which decides it).
pub fn load_checked(
    db: &Database,
    id: &str,
    files: Vec<(String, String)>,
    allowed: &[&str],
) -> Version {
    let version = load_version(db, id, files);
    let errors: Vec<_> = diagnostics(db, version)
        .into_iter()
        .filter(|d| d.is_error() && !allowed.contains(&d.code))
        .collect();
    assert!(errors.is_empty(), "version {id} has errors: {errors:#?}");
    version
}

/// [`HEADER`] and `body` as the one file of version "2023", checked.
pub fn small_version(db: &Database, body: &str, allowed: &[&str]) -> Version {
    let file = ("2023/a.regel".to_owned(), format!("{HEADER}{body}"));
    load_checked(db, "2023", vec![file], allowed)
}

/// The program of [`HEADER`] and `body`, which must compile.
pub fn program_of(body: &str) -> Arc<Program> {
    let db = Database::default();
    let version = small_version(&db, body, &[]);
    program(&db, version)
}

/// The engine of [`HEADER`] and `body`, which must compile but for the codes in `allowed`.
pub fn engine_of(body: &str, allowed: &[&str]) -> Engine {
    let db = Database::default();
    let version = small_version(&db, body, allowed);
    engine(program(&db, version))
}

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `*.regel` files of `<folder>/<id>` (a folder of the workspace), named `<id>/<file>`
/// and sorted.
pub fn version_files(folder: &str, id: &str) -> Vec<(String, String)> {
    let dir = workspace().join(folder).join(id);
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    let mut files: Vec<(String, String)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| fail(&format!("{}: {e}", p.display())));
            (format!("{id}/{}", name.unwrap_or_default()), text)
        })
        .collect();
    files.sort();
    files
}

/// The engine of the version in `<folder>/<id>` (`"policies"`, `"2023"`), which must compile.
pub fn engine_in(folder: &str, id: &str) -> Engine {
    let db = Database::default();
    let version = load_checked(&db, id, version_files(folder, id), &[]);
    engine(program(&db, version))
}

fn engine(program: Arc<Program>) -> Engine {
    Engine::new(program).unwrap_or_else(|(param, e)| {
        fail(&format!(
            "parameter `{param}` cannot be evaluated: {}",
            e.message
        ))
    })
}

/// Fails the test with `message` (the workspace denies `panic!` outside tests; this crate
/// exists for tests).
#[allow(clippy::panic)]
fn fail(message: &str) -> ! {
    panic!("{message}")
}

/// A small deterministic generator (xorshift) for property tests that draw many values from
/// one seed, so a failing case is the seed proptest prints.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One of `xs`, which must not be empty.
    pub fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        let i = self.below(xs.len() as u64) as usize;
        xs.get(i)
            .cloned()
            .unwrap_or_else(|| fail("pick from an empty list"))
    }
}
