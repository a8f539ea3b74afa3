//! Generates Rust for every version under `policies/` with `regel_codegen::generate`.
//! A version that does not check without errors fails the build, naming the first error.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use regel_compiler::{Database, diagnostics, load_version, program};
use regel_eval::Engine;

fn main() -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    println!("cargo::rerun-if-changed={}", root.display());
    let mut versions = Vec::new();
    for entry in fs::read_dir(&root).map_err(|e| format!("{}: {e}", root.display()))? {
        let dir = entry.map_err(|e| e.to_string())?.path();
        if dir.is_dir() {
            println!("cargo::rerun-if-changed={}", dir.display());
            let id = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let code = generate(&dir, &id)?;
            fs::write(out.join(format!("v{id}.rs")), code).map_err(|e| e.to_string())?;
            versions.push(id);
        }
    }
    versions.sort();
    let mut index = index(&versions);
    index.push_str(&fixtures(&out)?);
    fs::write(out.join("versions.rs"), index).map_err(|e| e.to_string())
}

/// The code generator's own fixtures (`tests/fixtures/codegen/<version>`: names that clash
/// with Rust and with the module's imports), compiled here so that a name the generator
/// mishandles fails the build; `tests/agreement.rs` runs them.
fn fixtures(out: &Path) -> Result<String, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codegen");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut modules = String::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .map_err(|e| format!("{}: {e}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        println!("cargo::rerun-if-changed={}", dir.display());
        let id = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        fs::write(out.join(format!("fixture{id}.rs")), generate(&dir, &id)?)
            .map_err(|e| e.to_string())?;
        let _ = writeln!(
            modules,
            "    #[allow(unused_parens, unused_variables, unused_mut, non_snake_case, clippy::all)]\n    pub mod v{id} {{\n        include!(concat!(env!(\"OUT_DIR\"), \"/fixture{id}.rs\"));\n    }}"
        );
    }
    Ok(format!(
        "/// The code generator's test fixtures (`tests/fixtures/codegen`), not policies.\n#[doc(hidden)]\npub mod fixtures {{\n{modules}}}\n"
    ))
}

/// The Rust of one version's folder.
fn generate(dir: &Path, id: &str) -> Result<String, String> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "regel") {
            println!("cargo::rerun-if-changed={}", path.display());
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
            files.push((format!("{id}/{name}"), text));
        }
    }
    files.sort();
    let db = Database::default();
    let version = load_version(&db, id, files);
    if let Some(e) = diagnostics(&db, version).iter().find(|d| d.is_error()) {
        return Err(format!("policies/{id}: {}", e.message));
    }
    let engine = Engine::new(program(&db, version))
        .map_err(|(p, e)| format!("policies/{id}: parameter {p}: {}", e.message))?;
    Ok(regel_codegen::generate(&engine))
}

/// One module per version and a lookup by version id.
fn index(versions: &[String]) -> String {
    let mut s = String::new();
    for v in versions {
        let _ = writeln!(
            s,
            "/// The decisions of `policies/{v}`.\n#[allow(unused_parens, unused_variables, unused_mut, non_snake_case, clippy::all)]\npub mod v{v} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/v{v}.rs\"));\n}}\n"
        );
    }
    let arms: String = versions
        .iter()
        .map(|v| format!("        {v:?} => Some(v{v}::decisions()),\n"))
        .collect();
    let _ = writeln!(
        s,
        "/// The ids of the versions compiled in.\npub const VERSIONS: &[&str] = &[{}];\n\n\
         /// Every decision of a bundled version, or `None` for a version not compiled in.\n\
         pub fn decisions(version: &str) -> Option<Vec<Box<dyn regel_runtime::generated::NativeDecision>>> {{\n    match version {{\n{arms}        _ => None,\n    }}\n}}",
        versions
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    s
}
