//! Regel itself, on the bundled policies, answering in the peers' terms: the output, or
//! `{"rejected": reason}` when a `require` rejects the input.

use std::path::PathBuf;
use std::sync::Arc;

use regel_compiler::ir::Decision as IrDecision;
use regel_compiler::{Database, diagnostics, load_version, program};
use regel_eval::{DecideError, Engine, decide_json};
use serde_json::{Value as Json, json};

use super::Decision;

pub struct Regel {
    v2021: Engine,
    v2023: Engine,
}

/// The engine of `policies/<version>`, checked without errors.
fn engine(version: &str) -> Result<Engine, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .join(version);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "regel") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            files.push((format!("{version}/{name}"), text));
        }
    }
    files.sort();
    let db = Database::default();
    let v = load_version(&db, version, files);
    if let Some(e) = diagnostics(&db, v).iter().find(|d| d.is_error()) {
        return Err(format!("policies/{version}: {}", e.message));
    }
    Engine::new(program(&db, v)).map_err(|(p, e)| format!("parameter {p}: {}", e.message))
}

impl Regel {
    pub fn new() -> Result<Regel, String> {
        Ok(Regel {
            v2021: engine("2021")?,
            v2023: engine("2023")?,
        })
    }

    pub fn engine(&self, decision: Decision) -> &Engine {
        match decision.version() {
            "2021" => &self.v2021,
            _ => &self.v2023,
        }
    }

    pub fn ir(&self, decision: Decision) -> Option<Arc<IrDecision>> {
        let engine = self.engine(decision);
        engine
            .program()
            .decision(decision.name())
            .map(|(_, d)| d.clone())
    }

    /// The output, or `{"rejected": reason}`; `None` for any other failure.
    pub fn decide(&self, decision: Decision, input: &Json) -> Option<Json> {
        match decide_json(self.engine(decision), decision.name(), input, false, "") {
            Ok(d) => Some(d.output),
            Err(DecideError::Rejected(r)) => Some(json!({ "rejected": r.reason })),
            Err(_) => None,
        }
    }
}
