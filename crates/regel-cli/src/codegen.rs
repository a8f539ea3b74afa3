//! `regel codegen`: one version's decisions as a Rust module (see `regel_eval::rust`).

use std::io::Write as _;
use std::path::Path;

use regel_compiler::program;
use regel_eval::Engine;

use crate::workspace::Workspace;
use crate::{FAILED, OK, USAGE};

pub(crate) fn run(dir: &Path, output: Option<&Path>) -> u8 {
    let ws = match Workspace::load(dir) {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("error: {}", e.0);
            return USAGE;
        }
    };
    let [v] = ws.versions.as_slice() else {
        eprintln!(
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
        eprintln!(
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
            eprintln!(
                "error: parameter `{param}` cannot be evaluated: {}",
                e.message
            );
            return FAILED;
        }
    };
    let code = regel_eval::rust::generate(&engine);
    let written = match output {
        Some(path) => crate::fmt::write_atomically(path, &code),
        None => std::io::stdout().lock().write_all(code.as_bytes()),
    };
    match written {
        Ok(()) => OK,
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if output.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            let to = output.map_or("standard output".into(), |p| p.display().to_string());
            eprintln!("error: cannot write {to}: {e}");
            USAGE
        }
    }
}
