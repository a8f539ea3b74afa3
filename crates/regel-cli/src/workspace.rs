//! Reading policy folders from disk into the compiler's database: the only place files are read.

use std::fs;
use std::path::{Path, PathBuf};

/// The versions found under a folder, loaded into one database (the application layer's
/// [`regel_app::Policies`]: version choice, diagnostics and engines live there).
pub type Workspace = regel_app::Policies;

#[derive(Debug)]
pub struct LoadError(pub String);

/// `dir` is either one version folder (it holds `*.regel` files) or a policies folder whose
/// subfolders are versions.
pub fn load(dir: &Path) -> Result<Workspace, LoadError> {
    Ok(Workspace::new(read(dir)?))
}

/// Why a folder of policies that is not there cannot be read, and how to name it: run inside
/// `policies/` itself, the default `policies` is not there, and `.` is what was meant.
pub(crate) fn missing_folder(dir: &Path) -> String {
    let here = std::env::current_dir().ok();
    let inside = dir.components().count() == 1
        && here.as_deref().and_then(Path::file_name) == dir.file_name();
    let hint = if inside {
        format!("you are inside `{}`: name it `.`", dir.display())
    } else {
        "run where it is, or name the folder (`--policies DIR` for eval, diff, serve and new-version)".to_owned()
    };
    format!("there is no folder `{}` here; {hint}", dir.display())
}

/// The largest policy file read; the server's `source.set` has the same bound.
const MAX_SOURCE_BYTES: u64 = regel_app::limits::MAX_SOURCE_BYTES as u64;

/// The versions under `dir` as (name, [(path relative to the policies folder, text)]).
/// Hidden folders (see [`hidden`]) are skipped. A folder or file that is a link leading out of `dir` is refused, as is a file over
/// [`MAX_SOURCE_BYTES`].
pub fn read(dir: &Path) -> Result<Vec<regel_app::VersionFiles>, LoadError> {
    let meta = fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError(missing_folder(dir)),
        _ => LoadError(format!("cannot read `{}`: {e}", dir.display())),
    })?;
    if !meta.is_dir() {
        let hint = match dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(parent) => format!("; name the folder that holds it (`{}`)", parent.display()),
            None => String::new(),
        };
        return Err(LoadError(format!(
            "`{}` is a file, not a folder of policies{hint}",
            dir.display()
        )));
    }
    let (root, folders) = if regel_files(dir)?.is_empty() {
        let mut folders: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|e| LoadError(format!("cannot list `{}`: {e}", dir.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() && !hidden(p))
            .collect();
        folders.sort();
        (dir.to_path_buf(), folders)
    } else {
        (
            dir.parent().map(Path::to_path_buf).unwrap_or_default(),
            vec![dir.to_path_buf()],
        )
    };
    let fence = fs::canonicalize(dir)
        .map_err(|e| LoadError(format!("cannot read `{}`: {e}", dir.display())))?;
    let mut versions = Vec::new();
    for folder in folders {
        inside(&fence, dir, &folder)?;
        let files = regel_files(&folder)?;
        if files.is_empty() {
            continue;
        }
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut loaded = Vec::new();
        for file in files {
            inside(&fence, dir, &file)?;
            let text = read_source(&file)?;
            let rel = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            loaded.push((rel, text));
        }
        versions.push((name, loaded));
    }
    if versions.is_empty() {
        return Err(LoadError(format!(
            "no `*.regel` files under `{}`",
            dir.display()
        )));
    }
    Ok(versions)
}

/// A folder whose name starts with `.` is never a version: `regel new-version` writes the
/// new folder as `.NAME.PID.tmp` before renaming it into place, and one killed mid-way must
/// not be read as a version (nor editors' and tools' own hidden folders).
pub(crate) fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Refuses `path` when it resolves (through links) to a place outside `fence`, the
/// canonical form of the folder the user named (`dir`).
fn inside(fence: &Path, dir: &Path, path: &Path) -> Result<(), LoadError> {
    let real = fs::canonicalize(path)
        .map_err(|e| LoadError(format!("cannot read `{}`: {e}", path.display())))?;
    if real.starts_with(fence) {
        return Ok(());
    }
    Err(LoadError(format!(
        "`{}` leads to `{}`, outside `{}`: policies are read only from inside the folder named; copy the file in instead of linking to it",
        path.display(),
        real.display(),
        dir.display()
    )))
}

/// A policy file's text, refused when it is larger than [`MAX_SOURCE_BYTES`] or not UTF-8.
fn read_source(file: &Path) -> Result<String, LoadError> {
    let cannot = |e: std::io::Error| LoadError(format!("cannot read `{}`: {e}", file.display()));
    let size = fs::metadata(file).map_err(cannot)?.len();
    if size > MAX_SOURCE_BYTES {
        let what = format!("`{}`", file.display());
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        return Err(LoadError(regel_app::limits::source_too_large(&what, size)));
    }
    let bytes = fs::read(file).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|e| {
        LoadError(format!(
            "`{}` is not UTF-8 text (a bad byte at offset {}): save it as UTF-8",
            file.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn regel_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| LoadError(format!("cannot list `{}`: {e}", dir.display())))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "regel"))
        .collect();
    files.sort();
    Ok(files)
}
