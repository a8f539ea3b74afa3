//! `regel diff OLD NEW`: the semantic diff of two version folders, as Markdown, HTML or JSON.
//!
//! Exit 0 when the versions do not differ, 1 when they do (as `diff` does), 2 on wrong usage,
//! unreadable files or a version that does not compile (nothing is compared then).

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use regel_compiler::{Database, Version, load_version};
use regel_diff::{Options, Report};

use crate::{FAILED, OK, USAGE, workspace};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Markdown for a tjänsteskrivelse: a summary, then section by section.
    Md,
    /// One self-contained HTML page, old and new side by side.
    Html,
    /// JSON in the documented `regel-diff/2` format.
    Json,
}

/// A version folder named on the command line: a path, or a folder name under `policies`.
pub(crate) fn resolve(arg: &Path, policies: &Path) -> Result<PathBuf, String> {
    if arg.is_dir() {
        return Ok(arg.to_path_buf());
    }
    let under = policies.join(arg);
    if arg.components().count() == 1 && under.is_dir() {
        return Ok(under);
    }
    Err(format!(
        "`{}` is neither a version folder nor a version under `{}`",
        arg.display(),
        policies.display()
    ))
}

/// Loads one version folder into `db`; errors name the folder and say what to run.
pub(crate) fn load_one(db: &Database, dir: &Path) -> Result<Version, String> {
    let mut versions = workspace::read(dir).map_err(|e| e.0)?;
    if versions.len() != 1 {
        return Err(format!(
            "`{}` holds {} versions; name one version folder (e.g. `{}/2023`)",
            dir.display(),
            versions.len(),
            dir.display()
        ));
    }
    let Some((name, files)) = versions.pop() else {
        return Err(format!("no version in `{}`", dir.display()));
    };
    let v = load_version(db, &name, files);
    regel_app::compile_errors(db, v).map_err(|e| crate::see_check(&e, dir))?;
    Ok(v)
}

pub(crate) struct Args<'a> {
    pub old: &'a Path,
    pub new: &'a Path,
    pub format: DiffFormat,
    pub impact: bool,
    pub output: Option<&'a Path>,
    pub policies: &'a Path,
}

pub(crate) fn run(args: &Args<'_>) -> u8 {
    let db = Database::default();
    let loaded = resolve(args.old, args.policies)
        .and_then(|d| load_one(&db, &d))
        .and_then(|a| {
            Ok((
                a,
                resolve(args.new, args.policies).and_then(|d| load_one(&db, &d))?,
            ))
        });
    let (a, b) = match loaded {
        Ok(pair) => pair,
        Err(message) => {
            errln!("error: {message}");
            return USAGE;
        }
    };
    let report = regel_diff::diff(
        &db,
        a,
        b,
        Options {
            impact: args.impact,
        },
    );
    let text = render(&report, args.format);
    match args.output {
        None => out!("{text}"),
        Some(path) => {
            if let Err(e) = crate::fmt::write_atomically(path, &text) {
                errln!("error: cannot write `{}`: {e}", path.display());
                return USAGE;
            }
        }
    }
    if report.is_empty() { OK } else { FAILED }
}

pub(crate) fn render(report: &Report, format: DiffFormat) -> String {
    match format {
        DiffFormat::Md => regel_diff::render::markdown(report),
        DiffFormat::Html => regel_diff::render::html(report),
        DiffFormat::Json => {
            let json = serde_json::to_string_pretty(report).unwrap_or_default();
            format!("{json}\n")
        }
    }
}
