//! `regel fmt`: rewrites policy files in the canonical layout, or (`--check`) lists those
//! that would change. A file is written to a temporary file beside it and renamed over the
//! original, so an interrupted run leaves every file either old or new, never truncated.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use regel_compiler::{Diagnostic, Severity};
use regel_fmt::{FormatError, format};

use crate::{FAILED, OK, USAGE};

pub fn run(paths: &[PathBuf], check: bool, color: bool) -> u8 {
    let mut files = Vec::new();
    for path in paths {
        if let Err(message) = collect(path, &mut files) {
            errln!("error: {message}");
            return USAGE;
        }
    }
    files.sort();
    let (mut changed, mut broken) = (0usize, 0usize);
    for file in &files {
        let text = match fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                errln!("error: cannot read `{}`: {e}", file.display());
                return USAGE;
            }
        };
        match format(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                changed += 1;
                if check {
                    outln!("{}", file.display());
                } else if let Err(e) = write_atomically(file, &formatted) {
                    errln!("error: cannot write `{}`: {e}", file.display());
                    return USAGE;
                }
            }
            Err(FormatError::Syntax(errors)) => {
                broken += 1;
                for e in errors {
                    let diagnostic = Diagnostic {
                        code: e.code,
                        severity: Severity::Error,
                        message: e.message,
                        file: file.display().to_string(),
                        span: e.span,
                        label: e.label,
                        help: e.help,
                    };
                    err!("{}", diagnostic.render(&text, color));
                }
                errln!(
                    "note: `{}` has syntax errors and was left as it was",
                    file.display()
                );
            }
            Err(FormatError::Changed(message)) => {
                broken += 1;
                errln!(
                    "error: `{}`: {message} (please report this)",
                    file.display()
                );
            }
        }
    }
    let verb = if check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    errln!(
        "{} file{} checked, {changed} {verb}, {broken} not formatted",
        files.len(),
        plural(files.len())
    );
    if broken > 0 || (check && changed > 0) {
        FAILED
    } else {
        OK
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `path` itself if it is a file, else every `*.regel` below it.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let entries =
        fs::read_dir(path).map_err(|e| format!("cannot list `{}`: {e}", path.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "regel") {
            out.push(p);
        }
    }
    Ok(())
}

/// Writes `text` to a temporary file in the same folder, flushes it to disk, then renames it
/// over `path`: a crash or a full disk leaves the original untouched.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
