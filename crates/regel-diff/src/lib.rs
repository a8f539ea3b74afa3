//! A semantic diff between two yearly versions, for legal review.
//!
//! Items are matched by qualified name (then, for what is left, by section and text: a
//! rename) and compared in the formatter's canonical text, so whitespace, comments and layout
//! are never changes. Rules are matched within their decision and a reordering is reported
//! only where it can change which rule matches first. Parameters and the outputs of
//! decisions that take no input are compared by value, with the absolute and relative change.
//! Everything is grouped by the section it rests on and sorted by section number; each
//! section says how both versions account for it ([`coverage`]).
//!
//! [`diff`] builds the [`Report`]; [`render`] turns it into Markdown or HTML and [`schema`]
//! describes its JSON. [`impact`] proves which inputs each changed decision decides differently.
//! No I/O happens here: the front ends load the versions into a database.

mod compare;
pub mod coverage;
mod elements;
pub mod impact;
mod model;
pub mod render;
mod rules;
pub mod schema;
mod sections;
mod snapshot;
pub mod source;
mod values;
mod words;

use std::collections::BTreeMap;

use regel_compiler::ir::VersionInfo;
use regel_compiler::{Db, Version};

pub use model::*;
pub use sections::compare_numbers;
use snapshot::Snapshot;

/// What to compute besides the structural diff.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Run both versions on test and generated inputs and report changed outcomes.
    pub impact: bool,
}

/// The structural diff (no impact) from `old` to `new`, memoised by salsa: the editor asks
/// for it with every code lens and hover, and it changes only when one of the two versions
/// does.
#[salsa::tracked(returns(ref))]
pub fn structural(db: &dyn Db, old: Version, new: Version) -> Report {
    diff(db, old, new, Options::default())
}

/// The diff from version `old` to version `new`.
pub fn diff(db: &dyn Db, old: Version, new: Version, options: Options) -> Report {
    let (a, b) = (Snapshot::new(db, old), Snapshot::new(db, new));
    let mut placed = compare::items(&a, &b);
    for (decision, change) in values::constant_changes(&a, &b) {
        let standing = |s: &Snapshot| {
            s.entry(regel_compiler::ItemTag::Decision, &decision)
                .map(|e| e.section.clone())
                .unwrap_or_default()
        };
        placed.push((compare::first_of(&standing(&a), &standing(&b)), change));
    }
    let (sections, mut changes) = group(&a, &b, placed);
    words::enrich(&a, &b, &mut changes);
    let impact = options.impact.then(|| impact::run(&a, &b));
    let summary = summarise(&sections, &changes, impact.as_deref());
    Report {
        format: FORMAT,
        from: version_ref(&a.name, &a.program.info),
        to: version_ref(&b.name, &b.program.info),
        summary,
        header: header(&a.program.info, &b.program.info),
        sections,
        changes,
        impact,
    }
}

fn version_ref(name: &str, info: &VersionInfo) -> VersionRef {
    VersionRef {
        name: name.to_owned(),
        id: info.id.clone(),
        title: info.title.clone(),
        valid_from: info.valid_from.map(|d| d.to_string()),
        valid_to: info.valid_to.map(|d| d.to_string()),
        status: status(info).to_owned(),
    }
}

/// The version's status as the memo and the API write it.
pub fn status(info: &VersionInfo) -> &'static str {
    if info.draft { "utkast" } else { "fastställd" }
}

fn header(a: &VersionInfo, b: &VersionInfo) -> Vec<HeaderChange> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let covers = |i: &VersionInfo| Some(format!("[{}]", i.covers.join(", ")));
    let fields = [
        ("id", Some(a.id.clone()), Some(b.id.clone())),
        ("title", Some(a.title.clone()), Some(b.title.clone())),
        ("valid_from", date(a.valid_from), date(b.valid_from)),
        ("valid_to", date(a.valid_to), date(b.valid_to)),
        ("source", Some(a.source.clone()), Some(b.source.clone())),
        ("covers", covers(a), covers(b)),
        (
            "status",
            Some(status(a).to_owned()),
            Some(status(b).to_owned()),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| HeaderChange {
            field: field.to_owned(),
            old,
            new,
        })
        .collect()
}

/// The sections, each with its coverage in both versions, and the changes in their order; a
/// section appears when it has a change or its coverage or title differs.
fn group(
    a: &Snapshot,
    b: &Snapshot,
    placed: Vec<(String, Change)>,
) -> (Vec<SectionDiff>, Vec<Change>) {
    let mut by_section: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for (section, change) in placed {
        by_section.entry(section).or_default().push(change);
    }
    let numbers = a
        .coverage
        .rows
        .iter()
        .chain(&b.coverage.rows)
        .map(|r| r.number.clone());
    for number in numbers
        .chain(a.titles.keys().cloned())
        .chain(b.titles.keys().cloned())
    {
        by_section.entry(number).or_default();
    }
    let mut groups: Vec<(SectionDiff, Vec<Change>)> = by_section
        .into_iter()
        .filter_map(|(number, changes)| {
            let old = side(a, &number);
            let new = side(b, &number);
            let differs = old != new || !changes.is_empty();
            let title = new.title.clone().or_else(|| old.title.clone());
            let section = SectionDiff {
                title: title.unwrap_or_default(),
                number,
                old,
                new,
            };
            differs.then_some((section, changes))
        })
        .collect();
    groups.sort_by(|x, y| compare_numbers(&x.0.number, &y.0.number));
    let mut sections = Vec::new();
    let mut changes = Vec::new();
    for (section, group) in groups {
        changes.extend(group.into_iter().map(|c| Change {
            section: section.number.clone(),
            ..c
        }));
        sections.push(section);
    }
    (sections, changes)
}

fn side(s: &Snapshot, number: &str) -> SectionSide {
    SectionSide {
        coverage: s.coverage_of(number),
        title: s.titles.get(number).cloned(),
    }
}

fn summarise(sections: &[SectionDiff], changes: &[Change], impact: Option<&[Impact]>) -> Summary {
    let mut summary = Summary {
        sections: sections.len(),
        decisions_with_changed_outcomes: impact.map(|i| i.iter().filter(|x| !x.equivalent).count()),
        ..Summary::default()
    };
    for c in changes {
        match c.change {
            ChangeKind::Added => summary.added += 1,
            ChangeKind::Removed => summary.removed += 1,
            ChangeKind::Changed => summary.changed += 1,
        }
    }
    summary
}

impl Report {
    /// Whether the two versions differ at all (header included).
    pub fn is_empty(&self) -> bool {
        self.header.is_empty()
            && self.sections.is_empty()
            && self
                .impact
                .as_ref()
                .is_none_or(|i| i.iter().all(|x| x.equivalent))
    }
}
