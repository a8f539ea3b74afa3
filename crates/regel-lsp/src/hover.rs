//! Hover: what a name is (its declaration and type, a parameter's value), the author's doc
//! comment, the section it cites, and what changed since the previous version: a parameter's
//! value then and now (`2 → 3`), a decision's changed members.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use regel_compiler::{ItemKey, Version, item_syntax, signatures};
use regel_syntax::{Item, ItemKind, Member, Span};

mod reason;

use crate::changes;
use crate::model::{defining_item, definition_of, key_at, section_of, section_title, symbol_at};
use crate::names::Symbol;
use crate::session::{Doc, Session};
use crate::text::Lines;

/// The hover at `byte` of `doc`, or `None` where no name stands: a name, or the keyword
/// that opens a rule or a `require` (which is described by its reason code).
pub fn hover(s: &Session, doc: Doc, byte: u32) -> Option<Hover> {
    let db = s.db();
    let (symbol, span) = match symbol_at(db, doc, byte) {
        Some(found) => (found.symbol, found.span),
        None => rule_keyword_at(db, doc, byte)?,
    };
    let mut parts = match &symbol {
        Symbol::Reason { decision, code } => reason::describe(s, doc, decision, code, byte)?,
        _ => describe(s, doc.version, &symbol)?,
    };
    parts.retain(|p| !p.is_empty());
    let text = doc.file.text(db);
    let lines = Lines::new(text);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n"),
        }),
        range: Some(lines.range(span.start as usize, span.end as usize)),
    })
}

/// The `when`, `otherwise` or `require` that opens a rule or a `require` at `byte`: its
/// reason code, and the keyword's span.
fn rule_keyword_at(db: &regel_compiler::Database, doc: Doc, byte: u32) -> Option<(Symbol, Span)> {
    let (key, offset) = key_at(db, doc, byte)?;
    let item = item_syntax(db, doc.version, key)?;
    let ItemKind::Decision(d) = &item.kind else {
        return None;
    };
    let (code, keyword) = reason::opened_at(d, &item.text, byte.checked_sub(offset)?)?;
    let symbol = Symbol::Reason {
        decision: d.name.text(),
        code,
    };
    Some((symbol, keyword.shift(offset)))
}

/// Markdown paragraphs: the declaration, the doc comment, the citation, the previous value.
fn describe(s: &Session, version: Version, symbol: &Symbol) -> Option<Vec<String>> {
    let db = s.db();
    let sigs = signatures(db, version);
    if let Symbol::Lambda { name, .. } = symbol {
        return Some(vec![code(&format!("{name}  // lambdaparameter"))]);
    }
    if let Symbol::Section(number) = symbol {
        let title = section_title(db, version, number).unwrap_or_default();
        return Some(vec![format!("§ {number} {title}")]);
    }
    let (key, ..) = defining_item(db, version, symbol)?;
    let item = item_syntax(db, version, key)?;
    let citation = citation(s, version, key, &item);
    let mut parts = match (symbol, &item.kind) {
        (Symbol::Param(name), _) => {
            let ty = sigs.param_named(name).map(|(_, p)| p.ty.to_string());
            let value = changes::param_text(s, version, name)
                .map(|v| format!(" = {v}"))
                .unwrap_or_default();
            let mut parts = vec![
                code(&format!("param {name}: {}{value}", ty.unwrap_or_default())),
                item.doc.join("\n"),
                citation,
            ];
            parts.extend(previous_value(s, version, name));
            parts
        }
        (Symbol::Decision(name), ItemKind::Decision(_)) => {
            let mut parts = vec![code(&header(&item)), item.doc.join("\n"), citation];
            parts.extend(decision_changes(s, version, name));
            parts
        }
        (Symbol::Variant { ty, name }, ItemKind::Enum(e)) => {
            let doc = e.variants.iter().find(|v| v.name.name == *name);
            let doc = doc.map(|v| v.doc.join("\n")).unwrap_or_default();
            vec![code(&format!("{ty}.{name}")), doc, citation]
        }
        (Symbol::Field { ty, name }, ItemKind::Record(r)) => {
            let field = r.fields.iter().find(|f| f.name.name == *name);
            let (ty_text, doc) = field
                .map(|f| (type_text(&item, f.ty.span), f.doc.join("\n")))
                .unwrap_or_default();
            vec![code(&format!("{ty}.{name}: {ty_text}")), doc, citation]
        }
        (Symbol::Local { decision, name }, ItemKind::Decision(d)) => {
            let (kind, doc) = member(d, name);
            let ty = definition_of(db, version, symbol).and_then(|(_, o)| o.ty);
            let ty = ty.map(|t| format!(": {t}")).unwrap_or_default();
            vec![
                code(&format!("{kind} {name}{ty}  // i {decision}")),
                doc,
                citation,
            ]
        }
        _ => vec![code(&header(&item)), item.doc.join("\n"), citation],
    };
    parts.retain(|p| !p.is_empty());
    Some(parts)
}

pub(crate) fn code(text: &str) -> String {
    format!("```regel\n{text}\n```")
}

fn type_text(item: &Item, span: regel_syntax::Span) -> String {
    item.text.get(span.range()).unwrap_or_default().to_owned()
}

/// An item's first line of code, without its doc comment.
fn header(item: &Item) -> String {
    let code = item
        .text
        .lines()
        .find(|l| !l.trim_start().starts_with("///"))
        .unwrap_or_default();
    code.trim_end_matches('{').trim().to_owned()
}

/// What a decision member named `name` is, and its doc comment.
fn member(d: &regel_syntax::Decision, name: &str) -> (&'static str, String) {
    for m in &d.members {
        match m {
            Member::Input(i) if i.name.name == name => return ("input", i.doc.join("\n")),
            Member::Output(o) if o.name.name == name => return ("output", o.doc.join("\n")),
            Member::Let(l) if l.name.name == name => return ("let", String::new()),
            _ => {}
        }
    }
    ("name", String::new())
}

/// "§ 3.6.1 Title": the item's own `@` citation, or the section it stands in.
pub(crate) fn citation(s: &Session, version: Version, key: ItemKey, item: &Item) -> String {
    let db = s.db();
    let own = match &item.kind {
        ItemKind::Param(p) => p.cite.as_ref(),
        ItemKind::Enum(e) => e.cite.as_ref(),
        ItemKind::Record(r) => r.cite.as_ref(),
        ItemKind::Decision(d) => d.cite.as_ref(),
        _ => None,
    };
    let found = match own {
        Some(c) => Some((
            c.value.clone(),
            section_title(db, version, &c.value).unwrap_or_default(),
        )),
        None => section_of(db, version, key),
    };
    found
        .map(|(number, title)| format!("§ {number} {title}").trim_end().to_owned())
        .unwrap_or_default()
}

/// "I 2021: `2` → `3`" (or "I 2021: `2` (oförändrat)"): the parameter's value as written in
/// the version that sorts just before this one.
fn previous_value(s: &Session, version: Version, name: &str) -> Option<String> {
    let previous = s.previous(version)?;
    let old = changes::param_text(s, previous, name)?;
    let new = changes::param_text(s, version, name)?;
    let year = previous.name(s.db());
    Some(if old == new {
        format!("I {year}: `{old}` (oförändrat)")
    } else {
        format!("I {year}: `{old}` → `{new}`")
    })
}

/// "Ändrad sedan 2021:" and one line per changed member of the decision (the words of the
/// "Ändrad sedan 2021" lens).
fn decision_changes(s: &Session, version: Version, name: &str) -> Option<String> {
    let (previous, report) = changes::since_previous(s, version)?;
    let year = previous.name(s.db());
    match changes::status(report, name)? {
        regel_diff::ChangeKind::Added => Some(format!("Ny sedan {year}")),
        _ => {
            let lines = changes::describe(report, name);
            let list: Vec<String> = lines.iter().map(|l| format!("- {l}")).collect();
            Some(format!("Ändrad sedan {year}:\n{}", list.join("\n")))
        }
    }
}
