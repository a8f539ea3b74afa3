//! Completion. The text being typed rarely parses, so the context is read from the characters
//! before the cursor: after `@ "` the sections the version covers, after `name.` the record's
//! fields, the enum's variants or the rest of a decision's name; elsewhere keywords and every
//! name in scope.

use lsp_types::{CompletionItem, CompletionItemKind};
use regel_compiler::ty::{BUILTIN_TYPES, Ty};
use regel_compiler::{Signatures, signatures};
use regel_syntax::{ItemKind, Member};

use crate::model::{item_at, key_at, section_title};
use crate::names::{Symbol, occurrences};
use crate::session::{Doc, Session};

/// The words completion offers besides names: the reserved words and the units.
fn keywords() -> impl Iterator<Item = &'static str> {
    regel_syntax::keywords::RESERVED
        .into_iter()
        .chain(regel_syntax::keywords::UNITS)
}

/// The built-in functions: the checker's list, so the two cannot drift apart.
pub use regel_compiler::FUNCTIONS;

/// The completions at `byte` of `doc`.
pub fn complete(s: &Session, doc: Doc, byte: u32) -> Vec<CompletionItem> {
    let db = s.db();
    let text = doc.file.text(db);
    let before = text.get(..byte as usize).unwrap_or(text);
    let line = before.rsplit('\n').next().unwrap_or(before);
    let sigs = signatures(db, doc.version);
    if in_citation(line) {
        return sections(s, doc, sigs);
    }
    let word_start = line.trim_end_matches(is_word).len();
    let head = line.get(..word_start).unwrap_or_default();
    if let Some(base) = head.strip_suffix('.') {
        let base = base
            .rsplit(|c: char| !(is_word(c) || c == '.'))
            .next()
            .unwrap_or_default();
        return members(s, doc, sigs, base, byte);
    }
    everything(s, doc, sigs, byte)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Inside the string of `@ "…` (or a `covers [ "…`): an open quote after an `@`.
fn in_citation(line: &str) -> bool {
    let quotes = line.matches('"').count();
    if quotes.is_multiple_of(2) {
        return false;
    }
    let open = line.rfind('"').unwrap_or(0);
    let head = line.get(..open).unwrap_or_default().trim_end();
    head.ends_with('@') || line.trim_start().starts_with("covers")
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

/// The section numbers of the version's coverage, titled.
fn sections(s: &Session, doc: Doc, sigs: &Signatures) -> Vec<CompletionItem> {
    let covers = sigs.covers.clone().unwrap_or_default();
    covers
        .iter()
        .map(|n| {
            let title = section_title(s.db(), doc.version, n);
            item(n, CompletionItemKind::REFERENCE, title)
        })
        .collect()
}

/// After `base.`: an enum's variants, a record's fields, or decision names that go on.
fn members(s: &Session, doc: Doc, sigs: &Signatures, base: &str, byte: u32) -> Vec<CompletionItem> {
    if let Some((_, e)) = sigs.enum_named(base) {
        let detail = Some(e.name.clone());
        return e
            .variants
            .iter()
            .map(|v| item(v, CompletionItemKind::ENUM_MEMBER, detail.clone()))
            .collect();
    }
    let prefix = format!("{base}.");
    let decisions: Vec<CompletionItem> = sigs
        .decisions
        .iter()
        .filter_map(|d| d.name.strip_prefix(&prefix))
        .map(|rest| item(rest, CompletionItemKind::FUNCTION, Some("decision".into())))
        .collect();
    if !decisions.is_empty() {
        return decisions;
    }
    let Some(Ty::Record(_, record)) = type_of_path(s, doc, sigs, base, byte) else {
        return Vec::new();
    };
    let Some((_, r)) = sigs.record_named(&record) else {
        return Vec::new();
    };
    r.fields
        .iter()
        .map(|(name, ty)| item(name, CompletionItemKind::FIELD, Some(ty.to_string())))
        .collect()
}

/// The type of `a` or `a.b.c`: `a` as the checker typed it in the enclosing decision (an
/// input, output or `let`), else the declared type of the decision's input or output (when
/// the decision did not parse) or of a parameter; then the fields of records.
fn type_of_path(s: &Session, doc: Doc, sigs: &Signatures, path: &str, byte: u32) -> Option<Ty> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let decision = enclosing_decision(s, doc, byte);
    let checked = decision.as_deref().and_then(|d| {
        let (key, offset) = key_at(s.db(), doc, byte)?;
        let local = Symbol::Local {
            decision: d.to_owned(),
            name: first.to_owned(),
        };
        occurrences(s.db(), doc.version, key, offset)
            .into_iter()
            .find(|o| o.def && o.symbol == local)?
            .ty
    });
    let declared = || {
        decision
            .as_deref()
            .and_then(|d| sigs.decision_named(d))
            .and_then(|(_, d)| d.local_type(first))
    };
    let mut ty = checked
        .or_else(declared)
        .or_else(|| sigs.param_named(first).map(|(_, p)| p.ty.clone()))?;
    for field in parts {
        let Ty::Record(_, record) = ty.non_null().clone() else {
            return None;
        };
        let (_, r) = sigs.record_named(&record)?;
        ty = r.fields.iter().find(|(n, _)| n == field)?.1.clone();
    }
    Some(ty.non_null().clone())
}

/// The decision whose item holds `byte` (or the decision a test block decides). While the
/// author types, the decision often does not parse: then the last `decision` line above.
fn enclosing_decision(s: &Session, doc: Doc, byte: u32) -> Option<String> {
    match item_at(s.db(), doc.file, byte).map(|item| &item.kind) {
        Some(ItemKind::Decision(d)) => return Some(d.name.text()),
        Some(ItemKind::Test(t)) => return Some(t.decision.text()),
        Some(_) => return None,
        None => {}
    }
    let text = doc.file.text(s.db());
    let before = text.get(..byte as usize)?;
    let line = before.lines().rev().find(|l| l.starts_with("decision "))?;
    let name = line.strip_prefix("decision ")?.split_whitespace().next()?;
    Some(name.to_owned())
}

/// Keywords, types, functions, and every name in scope.
fn everything(s: &Session, doc: Doc, sigs: &Signatures, byte: u32) -> Vec<CompletionItem> {
    use CompletionItemKind as K;
    let mut out: Vec<CompletionItem> = Vec::new();
    out.extend(keywords().map(|k| item(k, K::KEYWORD, None)));
    out.extend(BUILTIN_TYPES.iter().map(|t| item(t, K::CLASS, None)));
    out.extend(
        FUNCTIONS
            .iter()
            .map(|f| item(f, K::FUNCTION, Some("built-in".into()))),
    );
    for p in &sigs.params {
        out.push(item(&p.name, K::CONSTANT, Some(p.ty.to_string())));
    }
    for e in &sigs.enums {
        out.push(item(&e.name, K::ENUM, None));
        let detail = Some(e.name.clone());
        out.extend(
            e.variants
                .iter()
                .map(|v| item(v, K::ENUM_MEMBER, detail.clone())),
        );
    }
    for r in &sigs.records {
        out.push(item(&r.name, K::STRUCT, None));
    }
    for d in &sigs.decisions {
        out.push(item(&d.name, K::FUNCTION, Some("decision".into())));
    }
    out.extend(locals(s, doc, sigs, byte));
    // Among names the typed prefix matches equally, the decision's own come first, then the
    // parameters, then the version's other names, then what the language itself offers.
    for i in &mut out {
        let rank = match i.kind {
            Some(K::VARIABLE | K::FIELD) => 0,
            Some(K::CONSTANT) => 1,
            Some(K::ENUM | K::ENUM_MEMBER | K::STRUCT) => 2,
            Some(K::FUNCTION) if i.detail.as_deref() == Some("decision") => 2,
            Some(K::KEYWORD) => 4,
            _ => 3,
        };
        i.sort_text = Some(format!("{rank}{}", i.label));
    }
    out
}

/// The inputs, `let`s and outputs of the decision around `byte` (or that a test decides).
fn locals(s: &Session, doc: Doc, sigs: &Signatures, byte: u32) -> Vec<CompletionItem> {
    use CompletionItemKind as K;
    let Some(found) = item_at(s.db(), doc.file, byte) else {
        return Vec::new();
    };
    match &found.kind {
        ItemKind::Decision(d) => d
            .members
            .iter()
            .filter_map(|m| match m {
                Member::Input(i) => Some(item(&i.name.name, K::VARIABLE, Some("input".into()))),
                Member::Let(l) => Some(item(&l.name.name, K::VARIABLE, Some("let".into()))),
                Member::Output(o) => Some(item(&o.name.name, K::FIELD, Some("output".into()))),
                _ => None,
            })
            .collect(),
        ItemKind::Test(t) => {
            let Some((_, d)) = sigs.decision_named(&t.decision.text()) else {
                return Vec::new();
            };
            let inputs = d.inputs.iter().map(|(n, ty, _)| (n, ty, "input"));
            let outputs = d.outputs.iter().map(|(n, ty, _)| (n, ty, "output"));
            inputs
                .chain(outputs)
                .map(|(n, ty, kind)| item(n, K::FIELD, Some(format!("{kind}: {ty}"))))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// A word the grammar reserves (or a unit), which no name may take.
pub fn is_keyword(word: &str) -> bool {
    regel_syntax::keywords::is_reserved(word) || regel_syntax::keywords::UNITS.contains(&word)
}
