//! What changed since the previous version, per item: the semantic diff of `regel diff`
//! (regel-diff) between the version that sorts just before a document's and its own. It
//! feeds the "Ändrad sedan 2021" code lens, the diff of one item that lens opens, and the
//! change a hover shows; a parameter's value is shown as its source text (`10 %`, `1 year`),
//! as the author wrote it.

use regel_compiler::{Version, diagnostics, item_syntax};
use regel_diff::{ChangeKind, Kind, Report, Summary};
use regel_syntax::{Item, ItemKind};

use crate::model::defining_item;
use crate::names::Symbol;
use crate::session::Session;

/// Longest value text shown in a hover or an inlay hint before it is cut with `…`.
const SHORT: usize = 40;

/// The diff from the previous version to `version` (memoised until either changes), when both check without errors (a diff
/// of a half-typed version would flicker with every keystroke).
pub fn since_previous(s: &Session, version: Version) -> Option<(Version, &Report)> {
    let db = s.db();
    let previous = s.previous(version)?;
    let clean = |v: Version| !diagnostics(db, v).iter().any(|d| d.is_error());
    if !clean(previous) || !clean(version) {
        return None;
    }
    Some((previous, regel_diff::structural(db, previous, version)))
}

/// The top-level item a change belongs to: its own name for an item, its owner's for a
/// member (a rule, an input, a variant, a list element, …).
fn item_of(change: &regel_diff::Change) -> &str {
    match change.kind {
        Kind::Param | Kind::Enum | Kind::Record | Kind::Decision => &change.name,
        _ => change.owner.as_deref().unwrap_or(&change.name),
    }
}

/// How an item differs from the previous version: `Some(Added)` for a new item,
/// `Some(Changed)` when it or one of its members changed, `None` when it is the same.
pub fn status(report: &Report, name: &str) -> Option<ChangeKind> {
    let mine = report.changes.iter().filter(|c| item_of(c) == name);
    let mut status = None;
    for c in mine {
        let whole_item = matches!(
            c.kind,
            Kind::Param | Kind::Enum | Kind::Record | Kind::Decision
        );
        match c.change {
            ChangeKind::Added if whole_item => return Some(ChangeKind::Added),
            ChangeKind::Removed if whole_item => {}
            _ => status = Some(ChangeKind::Changed),
        }
    }
    status
}

/// The report cut down to one item's changes and the sections they stand in.
pub fn only_item(report: &Report, name: &str) -> Report {
    let changes: Vec<regel_diff::Change> = report
        .changes
        .iter()
        .filter(|c| item_of(c) == name)
        .cloned()
        .collect();
    let sections: Vec<regel_diff::SectionDiff> = report
        .sections
        .iter()
        .filter(|s| changes.iter().any(|c| c.section == s.number))
        .cloned()
        .collect();
    let count = |k: ChangeKind| changes.iter().filter(|c| c.change == k).count();
    Report {
        summary: Summary {
            sections: sections.len(),
            added: count(ChangeKind::Added),
            removed: count(ChangeKind::Removed),
            changed: count(ChangeKind::Changed),
            decisions_with_changed_outcomes: None,
        },
        header: Vec::new(),
        sections,
        changes,
        impact: None,
        ..report.clone()
    }
}

/// One line per change of an item, for its hover, in Swedish: "regel `hogst_tva_byten`
/// ändrad", or for a value "värde `total`: `499.2 → 520.1`".
pub fn describe(report: &Report, name: &str) -> Vec<String> {
    report
        .changes
        .iter()
        .filter(|c| item_of(c) == name && c.kind != Kind::Param)
        .map(|c| {
            let (kind, what) = regel_diff::render::change_words(c.kind, c.change);
            match (&c.delta, c.name == name) {
                // An output of a decision without inputs: its value then and now.
                (Some(d), _) => format!("{kind} `{}`: `{} → {}`", c.name, d.old, d.new),
                (None, true) => format!("{kind} {what}"),
                (None, false) => format!("{kind} `{}` {what}", c.name),
            }
        })
        .collect()
}

/// A parameter's value as written in `version` (`10 %`, `1 year`, `[…]` cut short).
pub fn param_text(s: &Session, version: Version, name: &str) -> Option<String> {
    let db = s.db();
    let (key, ..) = defining_item(db, version, &Symbol::Param(name.to_owned()))?;
    let item = item_syntax(db, version, key)?;
    value_text(&item)
}

fn value_text(item: &Item) -> Option<String> {
    let ItemKind::Param(p) = &item.kind else {
        return None;
    };
    let text = item.text.get(p.value.span.range())?;
    Some(short(text))
}

/// Whitespace collapsed, and cut at [`SHORT`] characters.
pub fn short(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SHORT {
        return flat;
    }
    let cut: String = flat.chars().take(SHORT - 1).collect();
    format!("{}…", cut.trim_end())
}
