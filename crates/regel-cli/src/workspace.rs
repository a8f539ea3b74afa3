//! Reading policy folders from disk into the compiler's database: the only place files are read.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use regel_compiler::{Database, Diagnostic, SourceFile, Version, load_version, program};

/// The versions found under a folder, loaded into one database.
pub struct Workspace {
    pub db: Database,
    pub versions: Vec<Version>,
}

#[derive(Debug)]
pub struct LoadError(pub String);

impl Workspace {
    /// `dir` is either one version folder (it holds `*.regel` files) or a policies folder whose
    /// subfolders are versions.
    pub fn load(dir: &Path) -> Result<Workspace, LoadError> {
        let db = Database::default();
        let versions = read(dir)?
            .into_iter()
            .map(|(name, files)| load_version(&db, &name, files))
            .collect();
        Ok(Workspace { db, versions })
    }

    pub fn name(&self, v: Version) -> &str {
        v.name(&self.db)
    }

    /// The checker's diagnostics, with `E0300` decided by the prover (see
    /// [`regel_verify::query::proved_diagnostics`]).
    pub fn diagnostics(&self, v: Version) -> Vec<Diagnostic> {
        regel_verify::query::proved_diagnostics(&self.db, v)
    }

    /// [`Self::diagnostics`] and, once the types check, the prover's findings as warnings.
    pub fn diagnostics_with_findings(&self, v: Version) -> Vec<Diagnostic> {
        regel_verify::query::diagnostics_with_findings(&self.db, v)
    }

    pub fn file(&self, v: Version, path: &str) -> Option<SourceFile> {
        v.files(&self.db)
            .iter()
            .copied()
            .find(|f| f.path(&self.db) == path)
    }

    pub fn find(&self, name: &str) -> Option<Version> {
        self.versions
            .iter()
            .copied()
            .find(|v| v.name(&self.db) == name)
    }

    pub fn names(&self) -> Vec<String> {
        self.versions
            .iter()
            .map(|v| v.name(&self.db).clone())
            .collect()
    }

    /// The adopted versions in force on `date`: `valid_from ≤ date ≤ valid_to` (a draft
    /// answers only when named). More than one is an error of the policies (see
    /// [`Self::overlaps`]).
    pub fn in_force(&self, date: NaiveDate) -> Vec<Version> {
        self.versions
            .iter()
            .copied()
            .filter(|v| {
                let info = &program(&self.db, *v).info;
                !info.draft
                    && matches!((info.valid_from, info.valid_to), (Some(f), Some(t)) if f <= date && date <= t)
            })
            .collect()
    }

    /// Pairs of adopted versions whose validity periods overlap, with the first and last day
    /// they share.
    pub fn overlaps(&self) -> Vec<(Version, Version, NaiveDate, NaiveDate)> {
        let periods: Vec<(Version, NaiveDate, NaiveDate)> = self
            .versions
            .iter()
            .filter_map(|v| {
                let info = &program(&self.db, *v).info;
                match (info.draft, info.valid_from, info.valid_to) {
                    (false, Some(f), Some(t)) => Some((*v, f, t)),
                    _ => None,
                }
            })
            .collect();
        let mut out = Vec::new();
        for (i, (a, fa, ta)) in periods.iter().enumerate() {
            for (b, fb, tb) in periods.iter().skip(i + 1) {
                let (from, to) = ((*fa).max(*fb), (*ta).min(*tb));
                if from <= to {
                    out.push((*a, *b, from, to));
                }
            }
        }
        out
    }

    /// The newest adopted version: the latest `valid_from`, the folder name breaking ties.
    pub fn newest(&self) -> Option<Version> {
        let adopted = self
            .versions
            .iter()
            .copied()
            .filter(|v| !program(&self.db, *v).info.draft);
        adopted.max_by_key(|v| {
            (
                program(&self.db, *v).info.valid_from,
                v.name(&self.db).clone(),
            )
        })
    }
}

/// The largest policy file read; the server's `source.set` has the same bound.
const MAX_SOURCE_BYTES: u64 = regel_rpc::protocol::MAX_SOURCE_BYTES as u64;

/// The versions under `dir` as (name, [(path relative to the policies folder, text)]).
/// Hidden folders (see [`hidden`]) are skipped. A folder or file that is a link leading out of `dir` is refused, as is a file over
/// [`MAX_SOURCE_BYTES`].
pub fn read(dir: &Path) -> Result<Vec<regel_rpc::VersionFiles>, LoadError> {
    let meta = fs::metadata(dir)
        .map_err(|e| LoadError(format!("cannot read `{}`: {e}", dir.display())))?;
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
        return Err(LoadError(format!(
            "`{}` is {size} bytes; a policy file may be at most {MAX_SOURCE_BYTES} bytes (4 MiB): split it into several files",
            file.display()
        )));
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
