//! Item by item: parameters, enums, records and decisions matched by name (then, for the
//! unmatched, by section and text: a rename), and their members compared in canonical text.

use regel_compiler::ItemTag;
use regel_syntax::{Decision, ExprKind, Item, ItemKind, Member, Rule};

use crate::model::{Change, ChangeKind, Kind, Pair};
use crate::rules;
use crate::snapshot::{Entry, Snapshot, item_text, member_text};
use crate::values::Written;

/// A change and the section it belongs to.
pub type Placed = (String, Change);

/// Every item-level change between the two versions, each placed in its section.
pub fn items(old: &Snapshot, new: &Snapshot) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut added: Vec<&Entry> = Vec::new();
    for b in &new.entries {
        match old.entry(b.tag, &b.name) {
            Some(a) => out.extend(entry(old, new, a, b)),
            None => added.push(b),
        }
    }
    let removed: Vec<&Entry> = old
        .entries
        .iter()
        .filter(|a| new.entry(a.tag, &a.name).is_none())
        .collect();
    let renames = renames(&removed, &added);
    for b in added {
        match renames.iter().find(|(_, to)| std::ptr::eq(*to, b)) {
            Some((from, _)) => out.push((b.section.clone(), renamed(from, b))),
            None => out.push(whole(ChangeKind::Added, b)),
        }
    }
    for a in removed {
        if !renames.iter().any(|(from, _)| std::ptr::eq(*from, a)) {
            out.push(whole(ChangeKind::Removed, a));
        }
    }
    out
}

fn kind_of(tag: ItemTag) -> Kind {
    match tag {
        ItemTag::Param => Kind::Param,
        ItemTag::Enum => Kind::Enum,
        ItemTag::Record => Kind::Record,
        _ => Kind::Decision,
    }
}

fn whole(change: ChangeKind, e: &Entry) -> Placed {
    let text = Some(item_text(&e.item));
    let (old, new) = match change {
        ChangeKind::Removed => (text, None),
        _ => (None, text),
    };
    let c = Change::new(kind_of(e.tag), change, e.name.clone()).texts(old, new);
    (e.section.clone(), c)
}

/// Unmatched items of the same kind in the same section whose text differs only by the name.
fn renames<'a>(removed: &[&'a Entry], added: &[&'a Entry]) -> Vec<(&'a Entry, &'a Entry)> {
    let mut out: Vec<(&Entry, &Entry)> = Vec::new();
    for a in removed {
        let text = item_text(&a.item);
        let found = added.iter().find(|b| {
            b.tag == a.tag
                && b.section == a.section
                && !out.iter().any(|(_, to)| std::ptr::eq(*to, **b))
                && text.replacen(&a.name, &b.name, 1) == item_text(&b.item)
        });
        if let Some(b) = found {
            out.push((a, b));
        }
    }
    out
}

fn renamed(a: &Entry, b: &Entry) -> Change {
    Change::new(kind_of(b.tag), ChangeKind::Changed, b.name.clone())
        .texts(Some(item_text(&a.item)), Some(item_text(&b.item)))
        .renamed(&a.name)
}

/// Of two sections, the one that sorts first: where a change that concerns both is listed.
pub fn first_of(a: &str, b: &str) -> String {
    match crate::compare_numbers(a, b) {
        std::cmp::Ordering::Greater => b.to_owned(),
        _ => a.to_owned(),
    }
}

/// The changes of one item both versions define; a move to another section is one of them.
fn entry(old: &Snapshot, new: &Snapshot, a: &Entry, b: &Entry) -> Vec<Placed> {
    let section = first_of(&a.section, &b.section);
    let mut out = Vec::new();
    if a.section != b.section {
        let mut moved = Change::new(kind_of(b.tag), ChangeKind::Changed, b.name.clone());
        moved.moved = Some(Pair {
            old: Some(a.section.clone()),
            new: Some(b.section.clone()),
        });
        out.push((section.clone(), moved));
    }
    if item_text(&a.item) != item_text(&b.item) {
        out.extend(changed_entry(old, new, a, b, &section));
    } else if let (ItemKind::Decision(x), ItemKind::Decision(y)) = (&a.item.kind, &b.item.kind) {
        // Same text: only the members' and rules' doc comments may differ.
        out.extend(member_doc_changes(&b.name, &section, x, y));
        out.extend(rule_changes(&b.name, &section, x, y));
    }
    let (doc_a, doc_b) = (doc_text(&a.item.doc), doc_text(&b.item.doc));
    if doc_a != doc_b {
        let mut c = Change::new(kind_of(b.tag), ChangeKind::Changed, b.name.clone());
        c.doc = Some(Pair {
            old: doc_a,
            new: doc_b,
        });
        out.push((section.clone(), c));
    }
    out
}

/// A doc comment as one text: its lines joined, blank lines kept as paragraph breaks; `None`
/// when there is none.
pub(crate) fn doc_text(doc: &[String]) -> Option<String> {
    let text = doc.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn changed_entry(
    old: &Snapshot,
    new: &Snapshot,
    a: &Entry,
    b: &Entry,
    section: &str,
) -> Vec<Placed> {
    let section = section.to_owned();
    match (&a.item.kind, &b.item.kind) {
        (ItemKind::Decision(x), ItemKind::Decision(y)) => decision(&b.name, &section, x, y),
        (ItemKind::Param(x), ItemKind::Param(y)) => {
            let same_value = matches!(
                (old.param_value(&a.name), new.param_value(&b.name)),
                (Some(u), Some(v)) if u == v
            );
            let same_rest =
                type_text(&x.ty) == type_text(&y.ty) && cite_text(&x.cite) == cite_text(&y.cite);
            if same_value && same_rest {
                // `1000 kr` and `1000.00 kr`: spelt differently, the same value.
                return Vec::new();
            }
            let list = |k: &ExprKind| matches!(k, ExprKind::List(_));
            let mut out = Vec::new();
            if list(&x.value.kind) && list(&y.value.kind) {
                out.extend(crate::elements::changes(&b.name, &x.value, &y.value));
            }
            let same_but_elements =
                type_text(&x.ty) == type_text(&y.ty) && cite_text(&x.cite) == cite_text(&y.cite);
            if out.is_empty() || !same_but_elements {
                out.push(param(old, new, a, b, &x.cite, &y.cite));
            }
            out.into_iter().map(|c| (section.clone(), c)).collect()
        }
        _ => {
            let mut out = members_of(&b.name, &a.item, &b.item);
            let (ca, cb) = (item_cite(&a.item), item_cite(&b.item));
            if out.is_empty() || ca != cb {
                let mut c = Change::new(kind_of(b.tag), ChangeKind::Changed, b.name.clone())
                    .texts(Some(item_text(&a.item)), Some(item_text(&b.item)));
                if ca != cb {
                    c.citation = Some(Pair { old: ca, new: cb });
                }
                out.push(c);
            }
            out.into_iter().map(|c| (section.clone(), c)).collect()
        }
    }
}

fn item_cite(item: &Item) -> Option<String> {
    match &item.kind {
        ItemKind::Enum(e) => cite_text(&e.cite),
        ItemKind::Record(r) => cite_text(&r.cite),
        _ => None,
    }
}

fn cite_text(c: &Option<regel_syntax::Citation>) -> Option<String> {
    c.as_ref().map(|c| c.value.clone())
}

fn param(
    old: &Snapshot,
    new: &Snapshot,
    a: &Entry,
    b: &Entry,
    cite_a: &Option<regel_syntax::Citation>,
    cite_b: &Option<regel_syntax::Citation>,
) -> Change {
    let mut c = Change::new(Kind::Param, ChangeKind::Changed, b.name.clone())
        .texts(Some(item_text(&a.item)), Some(item_text(&b.item)));
    if let (Some(x), Some(y)) = (old.param_value(&a.name), new.param_value(&b.name)) {
        c.delta = crate::values::delta_as_written(x, y, written(old, new, &a.name, &b.name));
    }
    let (ca, cb) = (cite_text(cite_a), cite_text(cite_b));
    if ca != cb {
        c.citation = Some(Pair { old: ca, new: cb });
    }
    c
}

/// How both versions write a parameter's value (as the checker recorded it): as a
/// percentage, in millions of kronor, or otherwise (then the figures follow the type).
fn written(old: &Snapshot, new: &Snapshot, name_a: &str, name_b: &str) -> Written {
    let of = |snap: &Snapshot, name: &str| snap.program.param(name).map(|(_, p)| p.written);
    match (of(old, name_a), of(new, name_b)) {
        (Some(x), Some(y)) if x == y => x,
        _ => Written::Plain,
    }
}

/// Variants of an enum, fields of a record: added and removed by name.
fn members_of(owner: &str, a: &Item, b: &Item) -> Vec<Change> {
    let names = |item: &Item| -> Vec<(String, String)> {
        match &item.kind {
            ItemKind::Enum(e) => e
                .variants
                .iter()
                .map(|v| (v.name.name.clone(), v.name.name.clone()))
                .collect(),
            ItemKind::Record(r) => r
                .fields
                .iter()
                .map(|f| {
                    (
                        f.name.name.clone(),
                        format!("{}: {}", f.name.name, type_text(&f.ty)),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let kind = if matches!(b.kind, ItemKind::Enum(_)) {
        Kind::Variant
    } else {
        Kind::Field
    };
    keyed(owner, kind, &names(a), &names(b))
}

fn type_text(t: &regel_syntax::TypeExpr) -> String {
    match &t.kind {
        regel_syntax::TypeKind::Named(n) => n.name.clone(),
        regel_syntax::TypeKind::List(inner) => format!("[{}]", type_text(inner)),
        regel_syntax::TypeKind::Optional(inner) => format!("{}?", type_text(inner)),
    }
}

/// Added, removed and changed members matched by key: (key, canonical text) on each side.
fn keyed(
    owner: &str,
    kind: Kind,
    old: &[(String, String)],
    new: &[(String, String)],
) -> Vec<Change> {
    let mut out = Vec::new();
    for (key, text) in new {
        match old.iter().find(|(k, _)| k == key) {
            None => out.push(
                Change::new(kind, ChangeKind::Added, key.clone())
                    .owner(owner)
                    .texts(None, Some(text.clone())),
            ),
            Some((_, was)) if was != text => out.push(
                Change::new(kind, ChangeKind::Changed, key.clone())
                    .owner(owner)
                    .texts(Some(was.clone()), Some(text.clone())),
            ),
            Some(_) => {}
        }
    }
    for (key, text) in old {
        if !new.iter().any(|(k, _)| k == key) {
            out.push(
                Change::new(kind, ChangeKind::Removed, key.clone())
                    .owner(owner)
                    .texts(Some(text.clone()), None),
            );
        }
    }
    out
}

/// A decision's members by kind: inputs, outputs and lets by name; `require`s by reason code
/// (the n-th of a code with the n-th); rules by [`rules::compare`].
fn decision(owner: &str, section: &str, a: &Decision, b: &Decision) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::new();
    let at = |c: Change| (section.to_owned(), c);
    let (ca, cb) = (cite_text(&a.cite), cite_text(&b.cite));
    if ca != cb {
        let mut c = Change::new(Kind::Decision, ChangeKind::Changed, owner);
        c.citation = Some(Pair { old: ca, new: cb });
        out.push(at(c));
    }
    for kind in [Kind::Input, Kind::Output, Kind::Let, Kind::Require] {
        let changes = keyed(owner, kind, &member_keys(a, kind), &member_keys(b, kind));
        out.extend(changes.into_iter().map(|c| {
            let cited = (kind == Kind::Require).then(|| require_cite(&c)).flatten();
            (cited.unwrap_or_else(|| section.to_owned()), c)
        }));
    }
    out.extend(member_doc_changes(owner, section, a, b));
    out.extend(rule_changes(owner, section, a, b));
    out
}

/// The rules added, removed or changed (their doc comments included), listed under the section
/// each cites.
fn rule_changes(owner: &str, section: &str, a: &Decision, b: &Decision) -> Vec<Placed> {
    let rules_of = |d: &Decision| -> Vec<Rule> {
        d.members
            .iter()
            .filter_map(|m| match m {
                Member::Rule(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    };
    let (ra, rb) = (rules_of(a), rules_of(b));
    let (ra, rb): (Vec<&Rule>, Vec<&Rule>) = (ra.iter().collect(), rb.iter().collect());
    rules::compare(owner, &ra, &rb)
        .into_iter()
        .map(|(cited, c)| (cited.unwrap_or_else(|| section.to_owned()), c))
        .collect()
}

/// The section a `require` line cites (`@ "…"` at its end), if any; of old and new, the one
/// that sorts first.
fn require_cite(c: &Change) -> Option<String> {
    let cite = |text: &Option<String>| {
        let text = text.as_ref()?;
        let at = text.rfind("@ \"")?;
        let rest = text.get(at + 3..)?;
        Some(rest.trim_end().trim_end_matches('"').to_owned())
    };
    match (cite(&c.old), cite(&c.new)) {
        (Some(a), Some(b)) => Some(first_of(&a, &b)),
        (a, b) => a.or(b),
    }
}

/// The members both versions have whose doc comment changed (a label, a reading).
fn member_doc_changes(owner: &str, section: &str, a: &Decision, b: &Decision) -> Vec<Placed> {
    let mut out = Vec::new();
    for kind in [Kind::Input, Kind::Output, Kind::Let, Kind::Require] {
        let docs_b = member_docs(b, kind);
        for (key, doc_a) in member_docs(a, kind) {
            let Some((_, doc_b)) = docs_b.iter().find(|(k, _)| *k == key) else {
                continue;
            };
            if doc_a != *doc_b {
                let mut c = Change::new(kind, ChangeKind::Changed, key).owner(owner);
                c.doc = Some(Pair {
                    old: doc_a,
                    new: doc_b.clone(),
                });
                out.push((section.to_owned(), c));
            }
        }
    }
    out
}

/// The doc comments of a decision's members of `kind`, keyed as [`member_keys`] keys them.
fn member_docs(d: &Decision, kind: Kind) -> Vec<(String, Option<String>)> {
    let docs = d.members.iter().filter_map(|m| match (m, kind) {
        (Member::Input(i), Kind::Input) => Some(&i.doc),
        (Member::Output(o), Kind::Output) => Some(&o.doc),
        (Member::Let(l), Kind::Let) => Some(&l.doc),
        (Member::Require(r), Kind::Require) => Some(&r.doc),
        _ => None,
    });
    member_keys(d, kind)
        .into_iter()
        .zip(docs)
        .map(|((key, _), doc)| (key, doc_text(doc)))
        .collect()
}

fn member_keys(d: &Decision, kind: Kind) -> Vec<(String, String)> {
    let mut seen: Vec<String> = Vec::new();
    d.members
        .iter()
        .filter_map(|m| {
            let name = match (m, kind) {
                (Member::Input(i), Kind::Input) => i.name.name.clone(),
                (Member::Output(o), Kind::Output) => o.name.name.clone(),
                (Member::Let(l), Kind::Let) => l.name.name.clone(),
                (Member::Require(r), Kind::Require) => r.reason.name.clone(),
                _ => return None,
            };
            // The second `require … else x` is keyed `x#2`.
            let n = seen.iter().filter(|s| **s == name).count();
            seen.push(name.clone());
            let key = if n == 0 {
                name
            } else {
                format!("{name}#{}", n + 1)
            };
            Some((key, member_text(m)))
        })
        .collect()
}
