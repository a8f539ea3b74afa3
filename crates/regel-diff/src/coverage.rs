//! How a version accounts for each section its header `covers`, in the header's order:
//!
//! - `encoded`: a decision or parameter cites it. A decision cites its own section (its `@`,
//!   else the section it stands in), the section it stands in, and every rule's and
//!   `require`'s section; a parameter cites its `@`, else the section it stands in;
//! - `descriptive`: a `section … descriptive "why"` line says it holds no decidable rule;
//! - `missing`: neither — a problem;
//! - `both`: marked descriptive, yet a decision or parameter cites it — a problem.
//!
//! `regel coverage` prints it; the diff uses it to tell a section a version does not encode
//! from one it does not cover.

use std::collections::HashMap;

use regel_compiler::{Db, ItemTag, Version, item_index, program};

/// How a covered section is accounted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Encoded,
    Descriptive,
    Missing,
    Both,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Encoded => "encoded",
            Status::Descriptive => "descriptive",
            Status::Missing => "missing",
            Status::Both => "both",
        }
    }

    pub fn is_problem(self) -> bool {
        matches!(self, Status::Missing | Status::Both)
    }
}

/// One covered section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: String,
    /// The title of its first `section` line, if the policy has one.
    pub title: Option<String>,
    pub status: Status,
    /// The decisions citing it, in the order the version defines them.
    pub decisions: Vec<String>,
    /// The parameters citing it, in the order the version defines them.
    pub params: Vec<String>,
    /// Why it is descriptive.
    pub reason: Option<String>,
}

/// The coverage of one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub version: String,
    pub title: String,
    pub rows: Vec<Row>,
}

impl Report {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    pub fn problems(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.status.is_problem())
    }
}

/// Adds `name` to the list of `section`, once.
fn cite(map: &mut HashMap<String, Vec<String>>, section: &str, name: &str) {
    if section.is_empty() {
        return;
    }
    let names = map.entry(section.to_owned()).or_default();
    if !names.iter().any(|n| n == name) {
        names.push(name.to_owned());
    }
}

/// The coverage of version `v`, from its checked program and item index.
pub fn report(db: &dyn Db, v: Version) -> Report {
    let program = program(db, v);
    let mut standing: HashMap<&str, &str> = HashMap::new();
    for entry in item_index(db, v).of(ItemTag::Decision) {
        if let Some(section) = &entry.section {
            standing
                .entry(entry.name.as_str())
                .or_insert(section.as_str());
        }
    }

    let mut decisions: HashMap<String, Vec<String>> = HashMap::new();
    for d in &program.decisions {
        let name = d.name.as_str();
        cite(&mut decisions, &d.cite, name);
        if let Some(section) = standing.get(name) {
            cite(&mut decisions, section, name);
        }
        for r in &d.requires {
            cite(&mut decisions, &r.cite, name);
        }
        for rule in &d.rules {
            cite(&mut decisions, &rule.cite, name);
            for r in &rule.requires {
                cite(&mut decisions, &r.cite, name);
            }
        }
    }
    let mut params: HashMap<String, Vec<String>> = HashMap::new();
    for p in &program.params {
        if let Some(section) = &p.cite {
            cite(&mut params, section, &p.name);
        }
    }
    let mut titles: HashMap<&str, &str> = HashMap::new();
    let mut reasons: HashMap<&str, &str> = HashMap::new();
    for s in &program.sections {
        titles.entry(s.number.as_str()).or_insert(s.title.as_str());
        if let Some(why) = &s.descriptive {
            reasons.entry(s.number.as_str()).or_insert(why.as_str());
        }
    }

    let mut rows: Vec<Row> = Vec::new();
    for number in &program.info.covers {
        if rows.iter().any(|r| r.number == *number) {
            continue;
        }
        let decisions = decisions.remove(number).unwrap_or_default();
        let params = params.remove(number).unwrap_or_default();
        let reason = reasons.get(number.as_str()).map(|r| (*r).to_owned());
        let encoded = !decisions.is_empty() || !params.is_empty();
        let status = match (encoded, reason.is_some()) {
            (true, false) => Status::Encoded,
            (false, true) => Status::Descriptive,
            (false, false) => Status::Missing,
            (true, true) => Status::Both,
        };
        rows.push(Row {
            number: number.clone(),
            title: titles.get(number.as_str()).map(|t| (*t).to_owned()),
            status,
            decisions,
            params,
            reason,
        });
    }
    Report {
        version: v.name(db).clone(),
        title: program.info.title.clone(),
        rows,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use regel_compiler::{Database, load_version};

    const POLICY: &str = r#"
version "v" {
  title "A test version"
  valid_from 2023-01-01
  valid_to 2023-12-31
  source "x.txt"
  covers ["1", "2", "2.1", "3", "4", "5"]
}

section "1" "Heading" descriptive "heading only"

section "2" "Rules"

param grans: Int = 2

decision a.b @ "2.1" {
  input n: Int
  require n >= 0 else negativ @ "4"
  output paragraf
  when n > grans
    then { }
    because stor @ "2"
  otherwise
    then { }
    because liten
}

section "3" "Said to be descriptive" descriptive "but a parameter stands in it"

param annan: Int = grans

section "5" "Held by a test only" descriptive "a test does not encode"

test "t" {
  decide a.b
  given { n: 1 }
  expect { paragraf: "2.1" }
}
"#;

    fn sample() -> Report {
        let db = Database::default();
        let v = load_version(&db, "v", vec![("v/a.regel".into(), POLICY.into())]);
        report(&db, v)
    }

    #[test]
    fn sections_are_listed_in_the_order_of_covers_with_their_status() {
        let r = sample();
        let got: Vec<(&str, Status)> = r
            .rows
            .iter()
            .map(|r| (r.number.as_str(), r.status))
            .collect();
        assert_eq!(
            got,
            [
                ("1", Status::Descriptive),
                ("2", Status::Encoded),
                ("2.1", Status::Encoded),
                ("3", Status::Both),
                ("4", Status::Encoded),
                ("5", Status::Descriptive),
            ]
        );
        assert_eq!(r.version, "v");
        assert_eq!(r.title, "A test version");
    }

    #[test]
    fn a_decision_cites_its_section_the_one_it_stands_in_and_its_rules() {
        let r = sample();
        let row = |n: &str| r.rows.iter().find(|r| r.number == n).unwrap();
        // Stands in 2, and a rule cites 2; its own `@` is 2.1; a require cites 4.
        assert_eq!(row("2").decisions, ["a.b"]);
        assert_eq!(row("2").params, ["grans"]);
        assert_eq!(row("2.1").decisions, ["a.b"]);
        assert_eq!(row("4").decisions, ["a.b"]);
        assert_eq!(row("3").params, ["annan"]);
        assert_eq!(row("1").reason.as_deref(), Some("heading only"));
        assert_eq!(row("1").title.as_deref(), Some("Heading"));
        assert_eq!(row("4").title, None);
    }

    #[test]
    fn a_covered_section_nothing_accounts_for_is_missing() {
        let db = Database::default();
        let policy = POLICY.replace(r#""5"]"#, r#""5", "6"]"#);
        let v = load_version(&db, "v", vec![("v/a.regel".into(), policy)]);
        let r = report(&db, v);
        let last = r.rows.last().unwrap();
        assert_eq!((last.number.as_str(), last.status), ("6", Status::Missing));
        assert_eq!(
            r.problems().count(),
            2,
            "section 3 (both) and section 6 (missing)"
        );
    }
}
