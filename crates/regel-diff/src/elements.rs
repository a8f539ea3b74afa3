//! The elements of a list-valued parameter: added, removed, or changed (a record element
//! whose first field, its key, stays the same).

use regel_syntax::{Expr, ExprKind};

use crate::model::{Change, ChangeKind, Kind};
use crate::snapshot::expr_text;

struct Element {
    key: String,
    text: String,
}

fn elements(list: &Expr) -> Vec<Element> {
    let ExprKind::List(items) = &list.kind else {
        return Vec::new();
    };
    items
        .iter()
        .map(|e| {
            let text = expr_text(e);
            let key = match &e.kind {
                ExprKind::Record(_, fields) => fields
                    .first()
                    .map(|f| format!("{}: {}", f.name.name, expr_text(&f.value))),
                _ => None,
            };
            Element {
                key: key.unwrap_or_else(|| text.clone()),
                text,
            }
        })
        .collect()
}

/// The element changes of parameter `owner` from list `old` to list `new`.
pub fn changes(owner: &str, old: &Expr, new: &Expr) -> Vec<Change> {
    let (mut old, mut new) = (elements(old), elements(new));
    // Elements in both, as many times as they occur in both, are unchanged.
    old.retain(|a| match new.iter().position(|b| b.text == a.text) {
        Some(j) => {
            new.remove(j);
            false
        }
        None => true,
    });
    let mut out = Vec::new();
    for b in &new {
        let change = match old.iter().position(|a| a.key == b.key) {
            Some(i) => {
                let a = old.remove(i);
                Change::new(Kind::Element, ChangeKind::Changed, b.key.clone())
                    .texts(Some(a.text), Some(b.text.clone()))
            }
            None => Change::new(Kind::Element, ChangeKind::Added, b.key.clone())
                .texts(None, Some(b.text.clone())),
        };
        out.push(change.owner(owner));
    }
    for a in old {
        out.push(
            Change::new(Kind::Element, ChangeKind::Removed, a.key.clone())
                .owner(owner)
                .texts(Some(a.text), None),
        );
    }
    out
}
