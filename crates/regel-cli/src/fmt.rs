//! `regel fmt`: rewrites policy files in the canonical layout, or (`--check`) lists those
//! that would change. A file is written to a temporary file beside it and renamed over the
//! original, so an interrupted run leaves every file either old or new, never truncated.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use regel_app::Render;
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
    let mut written = std::collections::HashSet::new();
    files.retain(|(_, real)| written.insert(real.clone()));
    let (mut changed, mut broken, mut read_only) = (0usize, 0usize, 0usize);
    for (file, real) in &files {
        let text = match fs::read_to_string(real) {
            Ok(t) => t,
            Err(e) => {
                errln!("error: cannot read `{}`: {e}", file.display());
                return USAGE;
            }
        };
        match format(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                if check {
                    changed += 1;
                    outln!("{}", file.display());
                } else if fs::metadata(real).is_ok_and(|m| m.permissions().readonly()) {
                    // As editors do: a read-only file is not rewritten (the rename would),
                    // and the summary counts it as not formatted.
                    read_only += 1;
                    errln!(
                        "error: `{}` is read-only and was left as it was; make it writable to format it",
                        file.display()
                    );
                } else if let Err(e) = write_atomically(real, &formatted) {
                    errln!("error: cannot write `{}`: {e}", file.display());
                    return USAGE;
                } else {
                    changed += 1;
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
        "{} file{} checked, {changed} {verb}, {} not formatted",
        files.len(),
        plural(files.len()),
        broken + read_only
    );
    if read_only > 0 {
        USAGE
    } else if broken > 0 || (check && changed > 0) {
        FAILED
    } else {
        OK
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A file to format: the path shown (as reached from the path named) and its real path (links
/// resolved), which is the one read and written, so that a link stays a link.
type Found = (PathBuf, PathBuf);

/// `path` itself if it is a file, else every `*.regel` below it.
///
/// As `regel check` does, a link that leads outside the folder named is refused; a folder is
/// walked once however many links lead to it (two `-> .` links are no loop), a file reached
/// by several paths is formatted once, and hidden folders (`.git`, a killed `new-version`'s
/// `.NAME.PID.tmp`) are not walked.
fn collect(path: &Path, out: &mut Vec<Found>) -> Result<(), String> {
    let cannot = |p: &Path, e: std::io::Error| format!("cannot read `{}`: {e}", p.display());
    let meta = fs::metadata(path).map_err(|e| cannot(path, e))?;
    let real = fs::canonicalize(path).map_err(|e| cannot(path, e))?;
    if meta.is_file() {
        // A file named is fenced by its folder, as a version's files are by the version.
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let fence = fs::canonicalize(folder).map_err(|e| cannot(folder, e))?;
        inside(&fence, path, &real, folder)?;
        out.push((path.to_path_buf(), real));
        return Ok(());
    }
    let mut seen = std::collections::HashSet::new();
    walk(path, &real, (path, &real), &mut seen, out)
}

fn walk(
    named: &Path,
    fence: &Path,
    (shown, real): (&Path, &Path),
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<Found>,
) -> Result<(), String> {
    if !seen.insert(real.to_path_buf()) {
        return Ok(());
    }
    let entries =
        fs::read_dir(real).map_err(|e| format!("cannot list `{}`: {e}", shown.display()))?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let p = shown.join(entry.file_name());
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let Ok(meta) = fs::metadata(entry.path()) else {
            continue; // a dangling link: nothing to format
        };
        if (meta.is_dir() && hidden)
            || (!meta.is_dir() && p.extension().is_none_or(|x| x != "regel"))
        {
            continue;
        }
        let target = fs::canonicalize(entry.path())
            .map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
        inside(fence, &p, &target, named)?;
        if meta.is_dir() {
            walk(named, fence, (&p, &target), seen, out)?;
        } else if !out.iter().any(|(_, r)| *r == target) {
            out.push((p, target));
        }
    }
    Ok(())
}

/// Refuses `path` (real path `real`) when it leads outside `fence`, the folder named.
fn inside(fence: &Path, path: &Path, real: &Path, named: &Path) -> Result<(), String> {
    if real.starts_with(fence) {
        return Ok(());
    }
    Err(format!(
        "`{}` leads to `{}`, outside `{}`: policies are formatted only inside the folder named; copy the file in instead of linking to it",
        path.display(),
        real.display(),
        named.display()
    ))
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
