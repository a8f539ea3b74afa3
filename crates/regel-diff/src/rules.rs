//! Rules are matched old to new, then their order is checked: first match means that moving a
//! rule changes the outcome only when it overtakes a rule whose condition may hold at the same
//! time, so a reordering of rules that cannot both match is not a change.

use regel_syntax::{BinaryOp, Expr, ExprKind, Member, Rule, UnaryOp};

use crate::compare::doc_text;
use crate::model::{Change, ChangeKind, Kind, Pair};
use crate::snapshot::member_text;

/// A rule with its canonical text.
pub struct Text<'a> {
    pub rule: &'a Rule,
    pub text: String,
}

impl<'a> Text<'a> {
    pub fn new(rule: &'a Rule) -> Text<'a> {
        Text {
            rule,
            text: member_text(&Member::Rule(rule.clone())),
        }
    }
}

fn same_when(a: &Rule, b: &Rule) -> bool {
    match (&a.when, &b.when) {
        (Some(x), Some(y)) => condition_text(x) == condition_text(y),
        _ => false,
    }
}

/// Whether an old and a new rule are the same rule, in one round of [`pair`].
type Matcher = dyn Fn(&Text<'_>, &Text<'_>) -> bool;

/// Pairs of (old index, new index), found in rounds from the surest to the loosest:
/// the same text, both `otherwise`, the same reason code, the same condition.
pub fn pair(old: &[Text<'_>], new: &[Text<'_>]) -> Vec<(usize, usize)> {
    let rounds: [&Matcher; 4] = [
        &|a, b| a.text == b.text,
        &|a, b| a.rule.when.is_none() && b.rule.when.is_none(),
        &|a, b| a.rule.reason.name == b.rule.reason.name,
        &|a, b| same_when(a.rule, b.rule),
    ];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for round in rounds {
        for (i, a) in old.iter().enumerate() {
            if pairs.iter().any(|p| p.0 == i) {
                continue;
            }
            let found = new
                .iter()
                .enumerate()
                .find(|(j, b)| !pairs.iter().any(|p| p.1 == *j) && round(a, b));
            if let Some((j, _)) = found {
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// The changes between two decisions' rules: added, removed and changed rules, and a
/// reordering that may change which rule matches first.
pub fn compare(owner: &str, old: &[&Rule], new: &[&Rule]) -> Vec<(Option<String>, Change)> {
    let old: Vec<Text<'_>> = old.iter().map(|r| Text::new(r)).collect();
    let new: Vec<Text<'_>> = new.iter().map(|r| Text::new(r)).collect();
    let pairs = pair(&old, &new);
    let mut out = Vec::new();
    for (j, b) in new.iter().enumerate() {
        match pairs.iter().find(|p| p.1 == j) {
            None => out.push(rule_change(owner, ChangeKind::Added, None, Some(b))),
            Some(&(i, _)) => {
                let Some(a) = old.get(i) else { continue };
                let doc = doc_change(a.rule, b.rule);
                if a.text != b.text {
                    let (cited, mut change) =
                        rule_change(owner, ChangeKind::Changed, Some(a), Some(b));
                    change.doc = doc;
                    out.push((cited, change));
                } else if doc.is_some() {
                    // Only the rule's doc comment changed: the change carries no rule text.
                    let (cited, mut change) =
                        rule_change(owner, ChangeKind::Changed, None, Some(b));
                    change.new = None;
                    change.doc = doc;
                    out.push((cited, change));
                }
            }
        }
    }
    for (i, a) in old.iter().enumerate() {
        if !pairs.iter().any(|p| p.0 == i) {
            out.push(rule_change(owner, ChangeKind::Removed, Some(a), None));
        }
    }
    if let Some(change) = reordering(owner, &old, &new, &pairs) {
        out.push((None, change));
    }
    out
}

/// The rule's doc comment (`///` above `when`), old and new, when it changed.
fn doc_change(a: &Rule, b: &Rule) -> Option<Pair> {
    let (old, new) = (doc_text(&a.doc), doc_text(&b.doc));
    (old != new).then_some(Pair { old, new })
}

/// The section a rule cites, if it cites one of its own.
fn cite(rule: &Rule) -> Option<String> {
    rule.cite.as_ref().map(|c| c.value.clone())
}

fn rule_change(
    owner: &str,
    kind: ChangeKind,
    old: Option<&Text<'_>>,
    new: Option<&Text<'_>>,
) -> (Option<String>, Change) {
    let named = new.or(old).map(|t| t.rule.reason.name.clone());
    let mut change = Change::new(Kind::Rule, kind, named.unwrap_or_default())
        .owner(owner)
        .texts(old.map(|t| t.text.clone()), new.map(|t| t.text.clone()));
    if let (Some(a), Some(b)) = (old, new) {
        if a.rule.reason.name != b.rule.reason.name {
            change.reason = Some(Pair {
                old: Some(a.rule.reason.name.clone()),
                new: Some(b.rule.reason.name.clone()),
            });
        }
        let (ca, cb) = (cite(a.rule), cite(b.rule));
        if ca != cb {
            change.citation = Some(Pair { old: ca, new: cb });
        }
    }
    let section = match (
        old.and_then(|t| cite(t.rule)),
        new.and_then(|t| cite(t.rule)),
    ) {
        (Some(a), Some(b)) => Some(crate::compare::first_of(&a, &b)),
        (a, b) => a.or(b),
    };
    (section, change)
}

/// A change of order, when two paired rules swap places and their conditions may both hold.
fn reordering(
    owner: &str,
    old: &[Text<'_>],
    new: &[Text<'_>],
    pairs: &[(usize, usize)],
) -> Option<Change> {
    let swapped = pairs.iter().enumerate().any(|(k, &(i1, j1))| {
        pairs.iter().skip(k + 1).any(|&(i2, j2)| {
            let crossed = (i1 < i2) != (j1 < j2);
            let may_overlap = match (old.get(i1), old.get(i2)) {
                (Some(a), Some(b)) => !disjoint(a.rule, b.rule),
                _ => true,
            };
            crossed && may_overlap
        })
    });
    if !swapped {
        return None;
    }
    let order = |texts: &[Text<'_>]| {
        texts
            .iter()
            .map(|t| t.rule.reason.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(
        Change::new(Kind::Order, ChangeKind::Changed, "ordning")
            .owner(owner)
            .texts(Some(order(old)), Some(order(new))),
    )
}

/// The condition in the canonical layout, for comparing conditions.
fn condition_text(e: &Expr) -> String {
    let rule = Rule {
        doc: Vec::new(),
        when: Some(e.clone()),
        requires: Vec::new(),
        outcome: Vec::new(),
        outcome_span: Default::default(),
        reason: regel_syntax::Ident {
            name: String::new(),
            span: Default::default(),
        },
        label: None,
        cite: None,
        head: Default::default(),
        span: Default::default(),
    };
    Text::new(&rule).text
}

/// A fact a condition's conjunction states about one place: `x` is (not) true, or `x` is
/// (not) equal to a literal.
#[derive(Debug, PartialEq, Eq)]
enum Fact {
    Is(String, bool),
    Equals(String, String, bool),
}

/// Whether two rules can never both match: their conditions state contradicting facts.
/// `otherwise` overlaps everything; anything not understood is taken to overlap.
fn disjoint(a: &Rule, b: &Rule) -> bool {
    let (Some(x), Some(y)) = (&a.when, &b.when) else {
        return false;
    };
    let (fx, fy) = (facts(x), facts(y));
    fx.iter().any(|f| fy.iter().any(|g| contradict(f, g)))
}

fn contradict(f: &Fact, g: &Fact) -> bool {
    match (f, g) {
        (Fact::Is(p, a), Fact::Is(q, b)) => p == q && a != b,
        (Fact::Equals(p, v, a), Fact::Equals(q, w, b)) => {
            p == q && ((v == w && a != b) || (v != w && *a && *b))
        }
        _ => false,
    }
}

fn facts(e: &Expr) -> Vec<Fact> {
    match &e.kind {
        ExprKind::Binary(BinaryOp::And, l, r) => {
            let mut out = facts(l);
            out.extend(facts(r));
            out
        }
        ExprKind::Name(n) => vec![Fact::Is(n.name.clone(), true)],
        ExprKind::Unary(UnaryOp::Not, inner) => match &inner.kind {
            ExprKind::Name(n) => vec![Fact::Is(n.name.clone(), false)],
            _ => Vec::new(),
        },
        ExprKind::Binary(op @ (BinaryOp::Eq | BinaryOp::Ne), l, r) => {
            let equal = *op == BinaryOp::Eq;
            match (literal(r), literal(l)) {
                (Some(v), _) => vec![Fact::Equals(condition_text(l), v, equal)],
                (None, Some(v)) => vec![Fact::Equals(condition_text(r), v, equal)],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// A literal's canonical text: a constant, or an enum variant written `Enum.variant`.
fn literal(e: &Expr) -> Option<String> {
    let constant = matches!(
        e.kind,
        ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Money(..)
            | ExprKind::Percent(_)
            | ExprKind::Date(_)
            | ExprKind::Text(_)
    );
    let variant =
        matches!(&e.kind, ExprKind::Field(base, _) if matches!(base.kind, ExprKind::Name(_)));
    (constant || variant).then(|| condition_text(e))
}
