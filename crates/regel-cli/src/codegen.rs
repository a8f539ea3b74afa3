//! `regel codegen`: one version's decisions as a Rust module (see `regel_eval::rust`).

use std::path::Path;

use regel_compiler::program;
use regel_eval::Engine;

use crate::{FAILED, OK, USAGE};

pub(crate) fn run(dir: &Path, output: Option<&Path>) -> u8 {
    let ws = match crate::workspace::load(dir) {
        Ok(ws) => ws,
        Err(e) => {
            errln!("error: {}", e.0);
            return USAGE;
        }
    };
    let [v] = ws.versions.as_slice() else {
        errln!(
            "error: {} holds {} versions ({}); give one version folder, e.g. {}",
            dir.display(),
            ws.versions.len(),
            ws.names().join(", "),
            dir.join(ws.names().last().map_or("2023", String::as_str))
                .display()
        );
        return USAGE;
    };
    let errors = ws.diagnostics(*v).iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        errln!(
            "error: version {} has {errors} error{}; run `regel check {}` to see them",
            ws.name(*v),
            if errors == 1 { "" } else { "s" },
            dir.display()
        );
        return FAILED;
    }
    let engine = match Engine::new(program(&ws.db, *v)) {
        Ok(engine) => engine,
        Err((param, e)) => {
            errln!(
                "error: parameter `{param}` cannot be evaluated: {}",
                e.message
            );
            return FAILED;
        }
    };
    let code = regel_eval::rust::generate(&engine);
    let Some(path) = output else {
        crate::output::stdout_bytes(code.as_bytes());
        return OK;
    };
    match crate::fmt::write_atomically(path, &code) {
        Ok(()) => OK,
        Err(e) => {
            errln!("error: cannot write {}: {e}", path.display());
            USAGE
        }
    }
}
