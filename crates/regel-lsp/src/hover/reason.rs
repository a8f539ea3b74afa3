//! Hover on a reason code, or on the `when`, `otherwise` or `require` that opens its rule: the
//! code's Swedish label (its `label "…"`, else the first line of its rule's `///` doc), the
//! section it cites, and what the previous version had under the same code, with the change.

use regel_compiler::labels::{Kind as Label, labels};
use regel_compiler::{Version, item_syntax, signatures};
use regel_diff::{ChangeKind, Kind};
use regel_syntax::{Citation, Decision, ItemKind, Member, Span};

use super::{citation, code};
use crate::changes;
use crate::model::{defining_item, section_title};
use crate::names::Symbol;
use crate::session::{Doc, Session};

/// A rule or `require`: the reason code it gives, and what a hover shows of it.
struct Giver<'d> {
    /// `when`, `otherwise` or `require`.
    keyword: &'static str,
    /// The keyword's span, relative to the item.
    opens: Span,
    whole: Span,
    cite: Option<&'d Citation>,
    code: &'d str,
}

/// The rules and `require`s of a decision (a rule's own `require`s after it), each with the
/// keyword that opens it, where that keyword stands in `text` (the item's text).
fn givers<'d>(d: &'d Decision, text: &str) -> Vec<Giver<'d>> {
    let mut out = Vec::new();
    for member in &d.members {
        match member {
            Member::Rule(r) => {
                let keyword = if r.when.is_some() {
                    "when"
                } else {
                    "otherwise"
                };
                let start = if r.head == Span::default() {
                    r.span.start
                } else {
                    r.head.start
                };
                out.push(Giver {
                    keyword,
                    opens: opening(start, keyword),
                    whole: r.span,
                    cite: r.cite.as_ref(),
                    code: &r.reason.name,
                });
                out.extend(r.requires.iter().map(|q| require(q, text)));
            }
            Member::Require(q) => out.push(require(q, text)),
            _ => {}
        }
    }
    out.retain(|g| text.get(g.opens.range()) == Some(g.keyword));
    out
}

/// A `require`, whose span holds its doc comment: the keyword is the last before its
/// condition.
fn require<'d>(q: &'d regel_syntax::Require, text: &str) -> Giver<'d> {
    let before = text.get(..q.cond.span.start as usize).unwrap_or_default();
    let start = before.rfind("require").unwrap_or_default();
    Giver {
        keyword: "require",
        opens: Span::new(start, start + "require".len()),
        whole: q.span,
        cite: q.cite.as_ref(),
        code: &q.reason.name,
    }
}

fn opening(start: u32, keyword: &str) -> Span {
    Span::new(start as usize, start as usize + keyword.len())
}

/// The reason code of the rule or `require` whose opening keyword holds `at` (relative to
/// the item), and the keyword's span.
pub(super) fn opened_at(d: &Decision, text: &str, at: u32) -> Option<(String, Span)> {
    givers(d, text)
        .into_iter()
        .find(|g| g.opens.start <= at && at <= g.opens.end)
        .map(|g| (g.code.to_owned(), g.opens))
}

/// The paragraphs of the hover on reason code `code` of `decision`, hovered at `byte` of
/// `doc`: the rule or `require` that holds `byte` when there is one, else the first that
/// gives the code.
pub(super) fn describe(
    s: &Session,
    doc: Doc,
    decision: &str,
    code_name: &str,
    byte: u32,
) -> Option<Vec<String>> {
    let db = s.db();
    let version = doc.version;
    let symbol = Symbol::Reason {
        decision: decision.to_owned(),
        code: code_name.to_owned(),
    };
    let (key, offset, file) = defining_item(db, version, &symbol)?;
    let item = item_syntax(db, version, key)?;
    let ItemKind::Decision(d) = &item.kind else {
        return None;
    };
    let here = byte.checked_sub(offset).filter(|_| file == doc.file);
    let holds = |g: &Giver<'_>| here.is_some_and(|at| g.whole.start <= at && at <= g.whole.end);
    let givers = givers(d, &item.text);
    let giver = givers
        .iter()
        .filter(|g| g.code == code_name)
        .min_by_key(|g| !holds(g))?;
    let kind = if giver.keyword == "require" {
        "require"
    } else {
        "rule"
    };
    let cited = match giver.cite {
        Some(c) => {
            let title = section_title(db, version, &c.value).unwrap_or_default();
            format!("§ {} {title}", c.value).trim_end().to_owned()
        }
        None => citation(s, version, key, &item),
    };
    // The code's name wherever it recurs: its `label "…"`, else its doc comment's first line.
    let names = labels(db, version);
    let label = names.member(Label::Reason, decision, code_name);
    let mut parts = vec![
        code(&format!("{kind} {code_name}  // i {decision}")),
        label.unwrap_or_default().to_owned(),
        cited,
    ];
    parts.extend(previous(s, version, decision, code_name));
    Some(parts)
}

/// What the version before `version` had under the code: "Ny sedan 2021", "Ändrad sedan
/// 2021" with the rule as it was then, or "I 2021: oförändrad".
fn previous(s: &Session, version: Version, decision: &str, code_name: &str) -> Option<String> {
    let db = s.db();
    let (previous, report) = changes::since_previous(s, version)?;
    let year = previous.name(db);
    let change = report.changes.iter().find(|c| {
        matches!(c.kind, Kind::Rule | Kind::Require)
            && c.owner.as_deref() == Some(decision)
            && c.name == code_name
    });
    if let Some(c) = change {
        if c.change == ChangeKind::Added {
            return Some(format!("Ny sedan {year}"));
        }
        // What it was then: "tidigare med koden `x` och med hänvisning till § 1 (nu § 2)".
        let mut then = Vec::new();
        if let Some(old) = c.reason.as_ref().and_then(|p| p.old.as_deref()) {
            then.push(format!("med koden `{old}`"));
        }
        if let Some(cited) = &c.citation {
            let section = |s: &Option<String>| match s {
                Some(number) => format!("§ {number}"),
                None => "beslutets avsnitt".to_owned(),
            };
            then.push(format!(
                "med hänvisning till {} (nu {})",
                section(&cited.old),
                section(&cited.new)
            ));
        }
        let then = if then.is_empty() {
            String::new()
        } else {
            format!(", tidigare {}", then.join(" och "))
        };
        let old = c.old.as_deref().unwrap_or_default();
        return Some(format!("Ändrad sedan {year}{then}:\n\n{}", code(old)));
    }
    let had = signatures(db, previous)
        .decision_named(decision)
        .is_some_and(|(_, d)| {
            d.rule_reasons
                .iter()
                .chain(&d.require_reasons)
                .any(|r| r == code_name)
        });
    had.then(|| format!("I {year}: oförändrad"))
}
