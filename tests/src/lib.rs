//! Helpers for the end-to-end tests in `tests/tests/e2e/` (one binary): they drive the real `regel` binary.

#![allow(clippy::panic)]

pub mod fuzz;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A fresh, empty folder for one test: `regel-e2e-<name>-<pid>` in the system's temp folder,
/// removed with everything in it when the value is dropped (also when the test fails), so
/// that test runs leave nothing behind.
pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("regel-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    TempDir {
        path: dir.clone(),
        root: dir,
    }
}

/// A test's temporary folder (see [`temp_dir`]); it reads as the folder's path.
#[derive(Debug)]
pub struct TempDir {
    /// What is removed on drop.
    root: PathBuf,
    /// What the value reads as: the root, or a folder in it.
    path: PathBuf,
}

impl TempDir {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same temporary folder, read as its subfolder `sub` (created); the whole folder is
    /// still removed on drop.
    pub fn within(mut self, sub: &str) -> TempDir {
        self.path = self.root.join(sub);
        if let Err(e) = std::fs::create_dir_all(&self.path) {
            panic!("cannot create {}: {e}", self.path.display());
        }
        self
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// `regel serve --policies policies` running in the workspace root, its standard input and
/// output piped to the test, its standard error as `stderr` says.
pub fn spawn_serve(stderr: Stdio) -> std::process::Child {
    Command::new(regel_bin())
        .args(["serve", "--policies", "policies"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("regel serve does not start: {e}"))
}

/// The `regel` binary, built once per test run with the same profile as the tests.
pub fn regel_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--package",
                "regel-cli",
                "--bin",
                "regel",
            ])
            .current_dir(root())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "building the regel binary failed"
        );
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target"));
        target
            .join("debug")
            .join(format!("regel{}", std::env::consts::EXE_SUFFIX))
    })
    .clone()
}

/// Runs `regel ARGS` in the workspace root with `stdin` as standard input.
pub fn regel(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(regel_bin())
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the regel binary starts");
    // Written on its own thread while the output is read: a server answering long lines
    // before it has read all of its input would otherwise fill both pipes and wait forever.
    let writer = child.stdin.take().map(|mut input| {
        let stdin = stdin.to_owned();
        std::thread::spawn(move || {
            // A command that never reads its input (a usage error) may exit before this write.
            match input.write_all(stdin.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    panic!("stdin is not writable: {e}")
                }
                _ => {}
            }
        })
    });
    let output = child.wait_with_output().expect("regel finishes");
    if let Some(writer) = writer
        && writer.join().is_err()
    {
        panic!("writing standard input failed");
    }
    output
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parses standard output as JSON.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

/// The `*.regel` files of `policies/<version>`, as (path relative to `policies/`, text).
pub fn policy_files(version: &str) -> Vec<(String, String)> {
    policy_files_in(&root().join("policies"), version)
}

/// The `*.regel` files of `<policies>/<version>`, as (path relative to `policies`, text).
pub fn policy_files_in(policies: &std::path::Path, version: &str) -> Vec<(String, String)> {
    let dir = policies.join(version);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                format!("{version}/{name}"),
                std::fs::read_to_string(&p).expect("readable policy"),
            )
        })
        .collect();
    files.sort();
    files
}

/// An engine for a bundled version, compiled in-process; panics if the version has errors.
/// Build it once per test binary (e.g. in a `LazyLock`) and share it.
pub fn engine(version: &str) -> regel_eval::Engine {
    let db = regel_compiler::Database::default();
    let v = regel_compiler::load_version(&db, version, policy_files(version));
    let errors: Vec<_> = regel_compiler::diagnostics(&db, v)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "policies/{version} has errors: {errors:?}"
    );
    regel_eval::Engine::new(regel_compiler::program(&db, v)).expect("the parameters evaluate")
}

/// Decides in-process; `Ok(output)` or `Err(error)` as `decide_json` gives them.
pub fn decide(
    engine: &regel_eval::Engine,
    decision: &str,
    input: serde_json::Value,
) -> Result<serde_json::Value, regel_eval::DecideError> {
    regel_eval::decide_json(engine, decision, &input, false, "").map(|d| d.output)
}

/// Proptest settings for the property tests: `cases` unless `PROPTEST_CASES` says otherwise,
/// and no regression files written into the tree.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..Default::default()
    }
}
