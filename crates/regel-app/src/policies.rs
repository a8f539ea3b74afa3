//! The versions a front end loaded, in one database, and the choice of the one a request
//! means: by name, by the date it is in force, or the newest adopted one. A draft answers
//! only when named; versions whose validity periods overlap choose none on the days they
//! share.

use chrono::NaiveDate;
use regel_compiler::{Database, Diagnostic, SourceFile, Version, load_version, program};
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
            [] => Err(
                Error::new(UNKNOWN_VERSION, format!("no version is in force on {date}"))
                    .with(json!({"as_of": date.to_string(), "known": self.names()})),
            ),
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
