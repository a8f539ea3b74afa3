//! Inlay hints: a parameter's value where it is used (`max_byten` shows `= 2` after it), as
//! written in this version, so a rule reads with its numbers.

use std::collections::HashMap;

use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, Range};

use crate::changes::param_text;
use crate::model::item_occurrences;
use crate::names::{Occurrence, Symbol};
use crate::session::{Doc, Session};
use crate::text::Lines;

/// The hints of `doc` inside `range`: one after every use (not the definition, nor its own
/// domain) of a parameter.
pub fn inlay_hints(s: &Session, doc: Doc, range: Range) -> Vec<InlayHint> {
    let db = s.db();
    let lines = Lines::new(doc.file.text(db));
    let (from, to) = (lines.offset(range.start), lines.offset(range.end));
    let mut values: HashMap<String, Option<String>> = HashMap::new();
    item_occurrences(db, doc.version, doc.file)
        .into_iter()
        .flat_map(uses_outside_own_declaration)
        .filter(|o| from <= o.span.start as usize && o.span.end as usize <= to)
        .filter_map(|o| {
            let Symbol::Param(name) = &o.symbol else {
                return None;
            };
            let value = values
                .entry(name.clone())
                .or_insert_with(|| param_text(s, doc.version, name))
                .clone()?;
            Some(InlayHint {
                position: lines.position(o.span.end as usize),
                label: InlayHintLabel::String(format!("= {value}")),
                kind: Some(InlayHintKind::PARAMETER),
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

/// An item's uses of names it does not itself define: a parameter's domain
/// (`param max_byten: Int = 2 where max_byten >= 0`) gets no hint, its value being written
/// just before it.
fn uses_outside_own_declaration(item: Vec<Occurrence>) -> impl Iterator<Item = Occurrence> {
    let defined: Vec<Symbol> = item
        .iter()
        .filter(|o| o.def)
        .map(|o| o.symbol.clone())
        .collect();
    item.into_iter()
        .filter(move |o| !o.def && !defined.contains(&o.symbol))
}
