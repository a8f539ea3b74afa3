//! Coverage against the source document: the numbered headings of the Beställning as plain
//! text, set beside what a version covers, so that a section deleted from both the policy and
//! its `covers` list is still found missing.
//!
//! A heading is a line that starts with a section number (`3.6.1`, `1.`, at most five levels)
//! followed by a title that starts with a capital letter, is not a sentence (no closing
//! period) and is not long. A title may wrap: the next non-empty line is joined when it starts
//! with a small letter and is short (`… godkännande av` / `vårdgivare`), a hyphenated word is
//! joined whole (`kvali-` / `tetskrav`). The first heading of a number is the one kept (a table
//! of contents comes first and says the same). Titles are compared with white space and the
//! spaces around dashes evened out.

use std::collections::{HashMap, HashSet};

use crate::coverage::{Report, Status};
use crate::sections::compare_numbers;

/// One numbered heading of the source document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub number: String,
    pub title: String,
    /// 1-based line of the document.
    pub line: usize,
}

/// The numbered headings of `text`, in document order, each number once.
pub fn headings(text: &str) -> Vec<Heading> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Heading> = Vec::new();
    let mut seen = HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((number, title)) = heading(line) else {
            continue;
        };
        // A sentence whose last word is split over the line break (`… Primär-` / `vård
        // 2021.`, an item of a numbered list) is no heading.
        let Some(title) = wrapped(title, &lines[i + 1..]) else {
            continue;
        };
        if !seen.insert(number.clone()) {
            continue;
        }
        out.push(Heading {
            number,
            title,
            line: i + 1,
        });
    }
    out
}

/// A heading's title with the lines it wraps onto joined: the next line, as [`continues`]
/// says; more lines, and a closing period, only while the title so far is unfinished (the
/// 2023 text's 4.6.2 runs over three lines: `… patienter med` / `kroniska sjukdomar …`).
/// `None` when a word split at the end of the line goes on in a line that ends a sentence.
fn wrapped(first: &str, after: &[&str]) -> Option<String> {
    let mut title = first.to_owned();
    let mut rest = after;
    for joined in 0.. {
        let Some(k) = rest.iter().take(2).position(|l| !l.trim().is_empty()) else {
            break;
        };
        if split_word(&title) && rest[k].trim().ends_with('.') && starts_small(rest[k].trim()) {
            return None;
        }
        // An unfinished title takes the next line whatever came before, its period dropped;
        // a finished one takes only the first, as `continues` says.
        let next = match unfinished(&title) {
            true => rest[k].trim().trim_end_matches('.'),
            false if joined == 0 => rest[k].trim(),
            false => break,
        };
        if !continues(next) {
            break;
        }
        match title.strip_suffix('-') {
            Some(stem) if !stem.ends_with(' ') => title = format!("{stem}{next}"),
            _ => title = format!("{title} {next}"),
        }
        rest = &rest[k + 1..];
    }
    Some(title)
}

/// Whether a title ends in a word split by a hyphen (`Primär-`), not a dash (`a -`).
fn split_word(title: &str) -> bool {
    title
        .strip_suffix('-')
        .is_some_and(|stem| stem.ends_with(char::is_alphabetic))
}

fn starts_small(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Whether a title stops where no title ends: after a comma or a small word (`med`, `av`).
fn unfinished(title: &str) -> bool {
    const SMALL: [&str; 20] = [
        "av", "med", "och", "i", "för", "till", "eller", "på", "om", "vid", "samt", "som", "inom",
        "från", "mot", "under", "efter", "utan", "enligt", "mellan",
    ];
    title.ends_with(',') || title.rsplit(' ').next().is_some_and(|w| SMALL.contains(&w))
}

/// `3.6.1 Invånaren väljer hälsocentral` → ("3.6.1", "Invånaren väljer hälsocentral").
fn heading(line: &str) -> Option<(String, &str)> {
    let line = line.trim();
    // A table is numbered as "Tabell 1." in the text and "Tabell 1" in a policy.
    if let Some(rest) = line.strip_prefix("Tabell ") {
        let (n, title) = numbered(rest)?;
        return (!n.contains('.')).then(|| (format!("Tabell {n}"), title));
    }
    numbered(line)
}

/// A line that starts with a section number and a title.
fn numbered(line: &str) -> Option<(String, &str)> {
    let line = line.trim();
    let end = line.find(|c: char| c.is_whitespace())?;
    let (head, rest) = line.split_at(end);
    let number = head.strip_suffix('.').unwrap_or(head);
    let parts: Vec<&str> = number.split('.').collect();
    let numeric = parts.len() <= 5
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    if !numeric || parts.first().is_some_and(|p| p.starts_with('0')) {
        return None;
    }
    let title = rest.trim();
    let title = title.strip_suffix(':').unwrap_or(title).trim_end();
    let starts_upper = title.chars().next().is_some_and(char::is_uppercase);
    let sentence = title.ends_with('.') || title.chars().count() > 100;
    (starts_upper && !sentence).then(|| (number.to_owned(), title))
}

/// Whether a line goes on with the heading above it.
fn continues(next: &str) -> bool {
    starts_small(next) && next.chars().count() <= 60 && !next.ends_with('.')
}

/// Titles compared without differences of white space (`inriktning –grunderna` and
/// `inriktning – grunderna` are the same).
pub fn same_title(a: &str, b: &str) -> bool {
    let even = |s: &str| {
        let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
        joined
            .replace(" –", "–")
            .replace("– ", "–")
            .replace(" - ", "-")
    };
    even(a) == even(b)
}

/// How the policy accounts for one section of the document, or one it covers that the
/// document lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceStatus {
    Encoded,
    Descriptive,
    /// In the document, and the policy neither encodes nor describes it (covered or not).
    Missing,
    /// Marked descriptive, yet cited.
    Both,
    /// Covered by the policy, but the document has no such heading.
    NotInSource,
}

impl SourceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceStatus::Encoded => "encoded",
            SourceStatus::Descriptive => "descriptive",
            SourceStatus::Missing => "missing",
            SourceStatus::Both => "both",
            SourceStatus::NotInSource => "not_in_source",
        }
    }

    pub fn is_problem(self) -> bool {
        matches!(
            self,
            SourceStatus::Missing | SourceStatus::Both | SourceStatus::NotInSource
        )
    }
}

/// One section of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub number: String,
    pub status: SourceStatus,
    /// The document's title (none for a section it lacks).
    pub source_title: Option<String>,
    /// The policy's title, when it has a `section` line for it.
    pub policy_title: Option<String>,
    /// Both have a title and they differ.
    pub title_differs: bool,
}

/// The document's sections beside the version's coverage: every heading in the document's
/// order, then the covered sections the document lacks in number order.
pub fn compare(report: &Report, headings: &[Heading]) -> Vec<SourceRow> {
    let rows_by_number: HashMap<&str, &crate::coverage::Row> =
        report.rows.iter().map(|r| (r.number.as_str(), r)).collect();
    let mut rows: Vec<SourceRow> = headings
        .iter()
        .map(|h| {
            let covered = rows_by_number.get(h.number.as_str()).copied();
            let status = match covered.map(|r| r.status) {
                Some(Status::Encoded) => SourceStatus::Encoded,
                Some(Status::Descriptive) => SourceStatus::Descriptive,
                Some(Status::Both) => SourceStatus::Both,
                Some(Status::Missing) | None => SourceStatus::Missing,
            };
            let policy_title = covered.and_then(|r| r.title.clone());
            let title_differs = policy_title
                .as_deref()
                .is_some_and(|t| !same_title(t, &h.title));
            SourceRow {
                number: h.number.clone(),
                status,
                source_title: Some(h.title.clone()),
                policy_title,
                title_differs,
            }
        })
        .collect();
    let in_source: HashSet<&str> = headings.iter().map(|h| h.number.as_str()).collect();
    let mut lacking: Vec<SourceRow> = report
        .rows
        .iter()
        .filter(|r| !in_source.contains(r.number.as_str()))
        .map(|r| SourceRow {
            number: r.number.clone(),
            status: SourceStatus::NotInSource,
            source_title: None,
            policy_title: r.title.clone(),
            title_differs: false,
        })
        .collect();
    lacking.sort_by(|a, b| compare_numbers(&a.number, &b.number));
    rows.extend(lacking);
    rows
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const TEXT: &str = "Förord utan nummer\n\n1. Inledning\n\n1.1 Definitioner\n\nLeverantör  En juridisk person\n\n2 Förutsättningar och godkännande av\n\nvårdgivare\n\n2.1 Styrande dokument och grundläggande kvali-\n\ntetskrav\n\n1. Regionstyrelsen avsätter 1 191,2 mnkr.\n\n3. Regionstyrelsen fattar beslut att godkänna Beställning Primär-\n\nvård 2021.\n\n3 patienter kom i tid\n\n2.2 Primärvårdens inriktning –grunderna\n\nText som börjar med stor bokstav.\n\n1.1 Definitioner igen\n\n4.15 Vissa övriga uppdrag:\n\nTabell 1. Ersättningsmodell 2021 (i miljoner kr)\n";

    #[test]
    fn numbered_headings_wrap_and_sentences_are_not_headings() {
        let got: Vec<(String, String)> = headings(TEXT)
            .into_iter()
            .map(|h| (h.number, h.title))
            .collect();
        let want = [
            ("1", "Inledning"),
            ("1.1", "Definitioner"),
            ("2", "Förutsättningar och godkännande av vårdgivare"),
            ("2.1", "Styrande dokument och grundläggande kvalitetskrav"),
            ("2.2", "Primärvårdens inriktning –grunderna"),
            ("4.15", "Vissa övriga uppdrag"),
            ("Tabell 1", "Ersättningsmodell 2021 (i miljoner kr)"),
        ];
        assert_eq!(
            got,
            want.map(|(n, t)| (n.to_owned(), t.to_owned())).to_vec()
        );
        assert_eq!(headings(TEXT)[0].line, 3);
    }

    #[test]
    fn an_unfinished_title_goes_on_over_more_lines_and_drops_its_period() {
        let text = "4.6.2 Omhändertagandet av patienter med särskilda behov \nav kontinuitet, exempelvis äldre sjuka, patienter med \nkroniska sjukdomar eller patienter i hemsjukvård. \nI de senaste årens utredningar lyfts primärvården.\n4.7 Filial\nsom ligger nära.\nmen inte längre\n";
        let got: Vec<String> = headings(text).into_iter().map(|h| h.title).collect();
        assert_eq!(
            got,
            [
                "Omhändertagandet av patienter med särskilda behov av kontinuitet, exempelvis äldre sjuka, patienter med kroniska sjukdomar eller patienter i hemsjukvård",
                // A finished title takes no second line, and no line that ends a sentence.
                "Filial",
            ]
        );
    }

    #[test]
    fn a_long_line_of_anything_is_no_heading() {
        let long = "Tabell ".repeat(100_000);
        assert!(headings(&long).is_empty());
        assert!(headings(&"9".repeat(1_000_000)).is_empty());
    }

    #[test]
    fn titles_compare_without_white_space_differences() {
        assert!(same_title(
            "Primärvårdens inriktning – grunderna",
            "Primärvårdens inriktning –grunderna"
        ));
        assert!(same_title("a  b", "a b"));
        assert!(!same_title("Filial", "Filialer"));
    }
}
