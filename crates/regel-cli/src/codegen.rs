//! `regel codegen`: one version's decisions as a Rust module (see `regel_codegen`).

use std::path::Path;

use regel_compiler::program;

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
    let engine = ws
        .compile_errors(*v)
        .map_err(|e| crate::see_check(&e, dir))
        .and_then(|()| regel_app::engines::build(program(&ws.db, *v)).map_err(|e| e.message));
    let engine = match engine {
        Ok(engine) => engine,
        Err(message) => {
            errln!("error: {message}");
            return FAILED;
        }
    };
    let code = regel_codegen::generate(&engine);
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
