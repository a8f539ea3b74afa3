//! The versions a front end loaded, in one database, and the choice of the one a request
//! means: by name, by the date it is in force, or the newest adopted one. A draft answers
//! only when named; versions whose validity periods overlap choose none on the days they
//! share.

use std::cmp::Ordering;

use chrono::NaiveDate;
use regel_compiler::{Database, Diagnostic, SourceFile, Version, load_version, program};
use salsa::Setter;
use serde_json::json;

use crate::error::{Error, UNKNOWN_VERSION};

/// One version's files as the front end read them: (version name, [(path, text)]), paths
/// relative to the policies folder (`2023/listning.regel`).
pub type VersionFiles = (String, Vec<(String, String)>);

/// Versions as the front end read them, made inputs of `db`.
pub fn load(db: &Database, versions: Vec<VersionFiles>) -> Vec<Version> {
    versions
        .into_iter()
        .map(|(name, files)| load_version(db, &name, files))
        .collect()
}

/// The versions loaded, in one database.
pub struct Policies {
    pub db: Database,
    pub versions: Vec<Version>,
}

/// Which version a request asks for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Choice<'a> {
    /// By name (a version folder).
    pub version: Option<&'a str>,
    /// The adopted version in force on a date.
    pub as_of: Option<NaiveDate>,
    /// How the front end spells the option that names a version (`--version`,
    /// `` `version` ``), for the error that asks for it.
    pub option: &'a str,
}

impl Policies {
    pub fn new(versions: Vec<VersionFiles>) -> Policies {
        Policies::with_database(versions, Database::default())
    }

    /// The versions in a given database (one that logs query executions, in tests).
    pub fn with_database(versions: Vec<VersionFiles>, db: Database) -> Policies {
        let versions = load(&db, versions);
        Policies { db, versions }
    }

    /// Replaces the loaded versions with `versions` (a folder read again), in the same
    /// database.
    pub fn reload(&mut self, versions: Vec<VersionFiles>) {
        self.versions = load(&self.db, versions);
    }

    /// Sets the text of file `path` of version `version` (an editor's open document, the
    /// API's `source.set`: the text over what was read), adding the file, and the version,
    /// when they are new. Only what the edit touched is computed again.
    pub fn set_source(&mut self, version: &str, path: &str, text: String) -> (Version, SourceFile) {
        let v = match self.named(version) {
            Some(v) => v,
            None => {
                let v = Version::new(&self.db, version.to_owned(), Vec::new());
                self.versions.push(v);
                v
            }
        };
        let file = match self.file(v, path) {
            Some(file) => {
                if *file.text(&self.db) != text {
                    file.set_text(&mut self.db).to(text);
                }
                file
            }
            None => {
                let file = SourceFile::new(&self.db, path.to_owned(), text);
                let mut files = v.files(&self.db).clone();
                files.push(file);
                v.set_files(&mut self.db).to(files);
                file
            }
        };
        (v, file)
    }

    /// Removes `file` from version `v` (a document that was never saved, closed).
    pub fn remove_file(&mut self, v: Version, file: SourceFile) {
        let kept = v
            .files(&self.db)
            .iter()
            .copied()
            .filter(|f| *f != file)
            .collect();
        v.set_files(&mut self.db).to(kept);
    }

    /// The versions in the order of their folder names, numbers compared as numbers.
    pub fn in_order(&self) -> Vec<Version> {
        let mut versions = self.versions.clone();
        versions.sort_by(|a, b| version_order(a.name(&self.db), b.name(&self.db)));
        versions
    }

    /// The version whose folder sorts just before `v`'s (see [`version_order`]): the one a
    /// change of `v` is shown against.
    pub fn previous(&self, v: Version) -> Option<Version> {
        let ordered = self.in_order();
        let at = ordered.iter().position(|o| *o == v)?;
        ordered.get(at.checked_sub(1)?).copied()
    }

    pub fn name(&self, v: Version) -> &str {
        v.name(&self.db)
    }

    pub fn names(&self) -> Vec<String> {
        self.versions
            .iter()
            .map(|v| v.name(&self.db).clone())
            .collect()
    }

    /// The version called `name`, if loaded.
    pub fn named(&self, name: &str) -> Option<Version> {
        self.versions
            .iter()
            .copied()
            .find(|v| v.name(&self.db) == name)
    }

    /// The version called `name`, or the error that lists the known ones.
    pub fn find(&self, name: &str) -> Result<Version, Error> {
        self.named(name).ok_or_else(|| {
            Error::new(UNKNOWN_VERSION, format!("unknown version `{name}`"))
                .with(json!({"version": name, "known": self.names()}))
        })
    }

    pub fn file(&self, v: Version, path: &str) -> Option<SourceFile> {
        v.files(&self.db)
            .iter()
            .copied()
            .find(|f| f.path(&self.db) == path)
    }

    /// The version a request means: named, in force on `as_of`, or the newest adopted one.
    pub fn choose(&self, choice: Choice<'_>) -> Result<Version, Error> {
        match (choice.version, choice.as_of) {
            (Some(name), _) => self.find(name),
            (None, Some(date)) => self.in_force_on(date, choice.option),
            (None, None) => self.newest().ok_or_else(|| {
                let message = if self.versions.is_empty() {
                    "no versions are loaded".to_owned()
                } else {
                    format!(
                        "no adopted version is loaded (a draft answers only when named): name one with {}",
                        choice.option
                    )
                };
                Error::new(UNKNOWN_VERSION, message).with(json!({"known": self.names()}))
            }),
        }
    }

    /// The one adopted version in force on `date`.
    fn in_force_on(&self, date: NaiveDate, option: &str) -> Result<Version, Error> {
        match self.in_force(date).as_slice() {
            [v] => Ok(*v),
            [] => Err(self.none_in_force(date, option)),
            // Overlapping validity periods: no silent pick of one of them.
            several => {
                let names: Vec<&str> = several.iter().map(|v| self.name(*v)).collect();
                Err(Error::new(
                    UNKNOWN_VERSION,
                    format!(
                        "versions {} are {} in force on {date} (their validity periods overlap); name one with {option}",
                        names.join(" and "),
                        if names.len() == 2 { "both" } else { "all" }
                    ),
                )
                .with(json!({"as_of": date.to_string(), "in_force": names, "known": self.names()})))
            }
        }
    }

    /// No adopted version in force on `date`: a draft that covers it is named, since a new
    /// user who just made it with `regel new-version` expects it to answer.
    fn none_in_force(&self, date: NaiveDate, option: &str) -> Error {
        let drafts: Vec<&str> = self
            .covering(date, true)
            .into_iter()
            .map(|v| self.name(v))
            .collect();
        let data = json!({"as_of": date.to_string(), "known": self.names()});
        let (message, data) = match drafts.as_slice() {
            [] => (format!("no version is in force on {date}"), data),
            [one] => (
                format!(
                    "no adopted version is in force on {date}; the draft {one} covers it and answers only when named: name it with {option}"
                ),
                json!({"as_of": date.to_string(), "drafts": drafts, "known": self.names()}),
            ),
            several => (
                format!(
                    "no adopted version is in force on {date}; the drafts {} cover it and answer only when named: name one with {option}",
                    several.join(" and ")
                ),
                json!({"as_of": date.to_string(), "drafts": drafts, "known": self.names()}),
            ),
        };
        Error::new(UNKNOWN_VERSION, message).with(data)
    }

    /// The adopted versions in force on `date`: `valid_from ≤ date ≤ valid_to` (a draft
    /// answers only when named). More than one is an error of the policies (see
    /// [`Self::overlaps`]).
    pub fn in_force(&self, date: NaiveDate) -> Vec<Version> {
        self.covering(date, false)
    }

    /// The versions whose validity period holds `date`, drafts or adopted ones.
    fn covering(&self, date: NaiveDate, drafts: bool) -> Vec<Version> {
        self.versions
            .iter()
            .copied()
            .filter(|v| {
                let info = &program(&self.db, *v).info;
                info.draft == drafts
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

    /// The checker's diagnostics, with `E0300` decided by the prover (see
    /// [`regel_verify::query::proved_diagnostics`]): what decides whether a version runs.
    pub fn diagnostics(&self, v: Version) -> Vec<Diagnostic> {
        regel_verify::query::proved_diagnostics(&self.db, v)
    }

    /// [`Self::diagnostics`] and, once the types check, the prover's findings as warnings.
    pub fn diagnostics_with_findings(&self, v: Version) -> Vec<Diagnostic> {
        regel_verify::query::diagnostics_with_findings(&self.db, v)
    }
}

/// Version folder names in order, numbers compared as numbers (`2023` < `2023b` < `2100`,
/// `9` < `10`).
pub fn version_order(a: &str, b: &str) -> Ordering {
    chunks(a).cmp(&chunks(b))
}

fn chunks(s: &str) -> Vec<(u8, u64, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let digits = c.is_ascii_digit();
        let end = rest
            .find(|ch: char| ch.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(end);
        let number = if digits {
            chunk.parse().unwrap_or(u64::MAX)
        } else {
            0
        };
        out.push((u8::from(!digits), number, chunk.to_owned()));
        rest = tail;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_by_number() {
        let mut names = vec!["2100", "10", "2023b", "9", "2023"];
        names.sort_by(|a, b| version_order(a, b));
        assert_eq!(names, ["9", "10", "2023", "2023b", "2100"]);
    }
}
