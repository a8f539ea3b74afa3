//! `regel coverage`: for each version, every section its header `covers`, in the header's
//! order, and how the policy accounts for it (computed in `regel_diff::coverage`):
//!
//! - `encoded`: a decision or parameter cites it. A decision cites its own section (its `@`,
//!   else the section it stands in), the section it stands in, and every rule's and
//!   `require`'s section; a parameter cites its `@`, else the section it stands in;
//! - `descriptive`: a `section … descriptive "why"` line says it holds no decidable rule;
//! - `missing`: neither — a problem;
//! - `both`: marked descriptive, yet a decision or parameter cites it — a problem.
//!
//! The text report is for legal review and is in Swedish (`kodat`, `beskrivande`, `SAKNAS`,
//! `BÅDA`); `--format json` keeps the codes above.
//!
//! A header `source` that is neither in the version folder nor beside it is named as unread
//! (`source_not_found` in JSON), so "saknas 0" is not taken for the document's word.
//!
//! Exit 0 when every covered section is encoded or descriptive; 1 when one is missing or both,
//! or when the version does not compile (the report may then be incomplete); 2 on usage errors.

use std::path::{Path, PathBuf};

use regel_diff::coverage::{Report, Row, Status, report};
use regel_diff::source::{SourceRow, SourceStatus, compare, headings};
use serde_json::{Value as Json, json};

use crate::{FAILED, Format, OK, USAGE, load};

/// `regel coverage DIR [--source FILE]`.
pub(crate) fn run(dir: &Path, format: Format, source: Option<&Path>) -> u8 {
    let ws = match load(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    // A source named on the command line must be readable; the header's is read if present.
    let given = match source.map(|p| (p, std::fs::read_to_string(p))) {
        None => None,
        Some((p, Ok(text))) => Some((p.to_path_buf(), text)),
        Some((p, Err(e))) => {
            errln!("error: cannot read `{}`: {e}", p.display());
            return USAGE;
        }
    };
    let mut failed = false;
    for &v in &ws.versions {
        let errors = ws.diagnostics(v).iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            failed = true;
            errln!(
                "error: version {} has {errors} error{}; run `regel check`: the coverage below may be incomplete",
                ws.name(v),
                if errors == 1 { "" } else { "s" }
            );
        }
        let report = report(&ws.db, v);
        failed |= report.problems().next().is_some();
        let source = regel_compiler::program(&ws.db, v).info.source.clone();
        let document = given
            .clone()
            .or_else(|| header_source(dir, ws.name(v), &source));
        // The header names a document that is not there: say so, so that "saknas 0" is not
        // read as the document's word.
        let unread = (document.is_none() && !source.is_empty()).then_some(source);
        let rows = document
            .as_ref()
            .map(|(path, text)| (path, compare(&report, &headings(text))));
        if let Some((_, rows)) = &rows {
            failed |= rows.iter().any(|r| r.status.is_problem());
        }
        match format {
            Format::Text => {
                out!("{}", text(&report));
                if let Some((path, rows)) = &rows {
                    out!("{}", source_text(path, rows));
                }
                if let Some(name) = &unread {
                    outln!("{}", unread_text(name, &version_folder(dir, ws.name(v))));
                }
            }
            Format::Json => {
                let mut j = to_json(&report);
                if let (Some((path, rows)), Json::Object(map)) = (&rows, &mut j) {
                    map.insert("source".into(), source_json(path, rows));
                }
                if let (Some(name), Json::Object(map)) = (&unread, &mut j) {
                    map.insert("source_not_found".into(), json!(name));
                }
                outln!("{j}");
            }
        }
    }
    if failed { FAILED } else { OK }
}

/// The header's `source`, when that file stands in the version folder or beside it.
fn header_source(dir: &Path, name: &str, source: &str) -> Option<(PathBuf, String)> {
    if source.is_empty() || Path::new(source).is_absolute() || source.contains("..") {
        return None;
    }
    let folder = version_folder(dir, name);
    let beside = folder.parent().map(|p| p.join(source));
    [Some(folder.join(source)), beside]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .and_then(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
}

/// The folder of version `name`: `dir` itself, or its subfolder when `dir` holds versions.
fn version_folder(dir: &Path, name: &str) -> PathBuf {
    if dir.join(name).is_dir() {
        dir.join(name)
    } else {
        dir.to_path_buf()
    }
}

/// The line that says the header's source document was not found, so not compared.
fn unread_text(name: &str, folder: &Path) -> String {
    format!(
        "källdokumentet ”{name}” (versionshuvudets source) finns varken i {} eller bredvid: avsnitten är jämförda bara med `covers`, inte med dokumentets rubriker (ange --source FIL)",
        folder.display()
    )
}

/// The comparison with the source document, in Swedish: what the policy lacks, titles that
/// differ, covered sections the document lacks, and the counts.
pub(crate) fn source_text(path: &Path, rows: &[SourceRow]) -> String {
    let in_source = rows
        .iter()
        .filter(|r| r.status != SourceStatus::NotInSource)
        .count();
    let mut out = format!(
        "källdokument {}: {in_source} numrerade rubriker\n",
        path.display()
    );
    let title = |t: &Option<String>| t.clone().unwrap_or_default();
    for r in rows {
        match r.status {
            SourceStatus::Missing => {
                out += &format!(
                    "  saknas i policyn: {} {}\n",
                    r.number,
                    title(&r.source_title)
                );
            }
            SourceStatus::NotInSource => {
                out += &format!(
                    "  finns inte i dokumentet: {} {}\n",
                    r.number,
                    title(&r.policy_title)
                );
            }
            _ => {}
        }
        if r.title_differs {
            out += &format!(
                "  annan rubrik: {} dokumentet ”{}”, policyn ”{}”\n",
                r.number,
                title(&r.source_title),
                title(&r.policy_title)
            );
        }
    }
    let count = |s: SourceStatus| rows.iter().filter(|r| r.status == s).count();
    out += &format!(
        "{in_source} avsnitt i dokumentet: kodade {}, beskrivande {}, saknas i policyn {}; med annan rubrik {}; täckta i policyn men inte i dokumentet {}\n",
        count(SourceStatus::Encoded) + count(SourceStatus::Both),
        count(SourceStatus::Descriptive),
        count(SourceStatus::Missing),
        rows.iter().filter(|r| r.title_differs).count(),
        count(SourceStatus::NotInSource),
    );
    out
}

/// The comparison as JSON: each section with its `status` and both titles.
pub(crate) fn source_json(path: &Path, rows: &[SourceRow]) -> Json {
    let count = |s: SourceStatus| rows.iter().filter(|r| r.status == s).count();
    let sections: Vec<Json> = rows
        .iter()
        .map(|r| {
            json!({
                "number": r.number,
                "status": r.status.as_str(),
                "source_title": r.source_title,
                "policy_title": r.policy_title,
                "title_differs": r.title_differs,
            })
        })
        .collect();
    json!({
        "file": path.display().to_string(),
        "sections": sections,
        "summary": {
            "in_source": rows.len() - count(SourceStatus::NotInSource),
            "encoded": count(SourceStatus::Encoded),
            "descriptive": count(SourceStatus::Descriptive),
            "missing": count(SourceStatus::Missing),
            "both": count(SourceStatus::Both),
            "not_in_source": count(SourceStatus::NotInSource),
            "titles_differ": rows.iter().filter(|r| r.title_differs).count(),
        },
    })
}

/// What cites a section, in Swedish: its decisions, then "parametern x" / "parametrarna x, y".
fn what_cites(row: &Row) -> String {
    let mut parts = Vec::new();
    if !row.decisions.is_empty() {
        parts.push(row.decisions.join(", "));
    }
    if !row.params.is_empty() {
        let label = if row.params.len() == 1 {
            "parametern"
        } else {
            "parametrarna"
        };
        parts.push(format!("{label} {}", row.params.join(", ")));
    }
    parts.join("; ")
}

fn problem_message(row: &Row) -> String {
    match row.status {
        Status::Missing => format!(
            "avsnitt {} är täckt men varken kodat eller beskrivande: hänvisa till det från en regel eller parameter, eller lägg till `section \"{}\" \"…\" descriptive \"varför\"`",
            row.number, row.number
        ),
        Status::Both => format!(
            "avsnitt {} är markerat som beskrivande, men {} hänvisar till det",
            row.number,
            what_cites(row),
        ),
        Status::Encoded | Status::Descriptive => String::new(),
    }
}

/// A section's status as the text report words it.
fn status_word(status: Status) -> &'static str {
    match status {
        Status::Encoded => "kodat",
        Status::Descriptive => "beskrivande",
        Status::Missing => "SAKNAS",
        Status::Both => "BÅDA",
    }
}

/// The report as text, in Swedish: one line per section, then the counts and the problems.
pub(crate) fn text(report: &Report) -> String {
    let mut out = format!("version {} · {}\n", report.version, report.title);
    let width = report
        .rows
        .iter()
        .map(|r| r.number.chars().count())
        .max()
        .unwrap_or(0);
    for row in &report.rows {
        let title = row.title.as_deref().unwrap_or("");
        let detail = match row.status {
            Status::Encoded => what_cites(row),
            Status::Descriptive => row.reason.clone().unwrap_or_default(),
            Status::Missing => "varken kodat eller beskrivande".to_owned(),
            Status::Both => format!(
                "beskrivande ({}), men {} hänvisar hit",
                row.reason.as_deref().unwrap_or_default(),
                what_cites(row)
            ),
        };
        let status = status_word(row.status);
        let sep = if title.is_empty() { "" } else { ": " };
        out += &format!(
            "  {:<width$}  {status:<11}  {title}{sep}{detail}\n",
            row.number
        );
    }
    let covered = report.rows.len();
    out += &format!(
        "{covered} {}: kodade {}, beskrivande {}, saknas {}, både beskrivande och kodade {}\n",
        if covered == 1 {
            "täckt avsnitt"
        } else {
            "täckta avsnitt"
        },
        report.count(Status::Encoded),
        report.count(Status::Descriptive),
        report.count(Status::Missing),
        report.count(Status::Both),
    );
    for row in report.problems() {
        out += &format!("problem: {}\n", problem_message(row));
    }
    out
}

/// The report as one JSON object.
pub(crate) fn to_json(report: &Report) -> Json {
    let sections: Vec<Json> = report
        .rows
        .iter()
        .map(|r| {
            json!({
                "number": r.number,
                "title": r.title,
                "status": r.status.as_str(),
                "decisions": r.decisions,
                "parameters": r.params,
                "reason": r.reason,
            })
        })
        .collect();
    let problems: Vec<Json> = report
        .problems()
        .map(|r| json!({"section": r.number, "problem": r.status.as_str(), "message": problem_message(r)}))
        .collect();
    json!({
        "version": report.version,
        "title": report.title,
        "sections": sections,
        "summary": {
            "covered": report.rows.len(),
            "encoded": report.count(Status::Encoded),
            "descriptive": report.count(Status::Descriptive),
            "missing": report.count(Status::Missing),
            "both": report.count(Status::Both),
        },
        "problems": problems,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn row(number: &str, status: Status) -> Row {
        Row {
            number: number.into(),
            title: Some(format!("Section {number}")),
            status,
            decisions: vec![],
            params: vec![],
            reason: None,
        }
    }

    /// Rendering only: the statuses themselves are computed and tested in `regel_diff::coverage`.
    fn sample() -> Report {
        let mut both = row("3", Status::Both);
        both.params = vec!["annan".into()];
        both.reason = Some("but a parameter stands in it".into());
        let mut encoded = row("2", Status::Encoded);
        encoded.decisions = vec!["a.b".into()];
        let mut descriptive = row("1", Status::Descriptive);
        descriptive.reason = Some("heading only".into());
        Report {
            version: "v".into(),
            title: "A test version".into(),
            rows: vec![descriptive, encoded, both, row("6", Status::Missing)],
        }
    }

    #[test]
    fn text_and_json_report_the_counts_and_problems() {
        let r = sample();
        let t = text(&r);
        assert!(
            t.contains(
                "4 täckta avsnitt: kodade 1, beskrivande 1, saknas 1, både beskrivande och kodade 1"
            ),
            "{t}"
        );
        assert!(
            t.contains("problem: avsnitt 3 är markerat som beskrivande, men parametern annan hänvisar till det"),
            "{t}"
        );
        assert!(
            t.contains("problem: avsnitt 6 är täckt men varken kodat eller beskrivande"),
            "{t}"
        );
        let j = to_json(&r);
        assert_eq!(j["summary"]["both"], 1);
        assert_eq!(j["problems"][0]["section"], "3");
        assert_eq!(j["sections"][0]["status"], "descriptive");
        assert_eq!(j["sections"][1]["decisions"][0], "a.b");
    }
}
