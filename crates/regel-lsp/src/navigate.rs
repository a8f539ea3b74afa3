//! Go to definition, find references, rename.

use std::collections::HashMap;

use lsp_types::{Location, TextEdit, Uri, WorkspaceEdit};
use regel_compiler::{SourceFile, item_index, signatures};
use regel_syntax::Span;

use crate::model::{definition, key_at, symbol_at, uses};
use crate::names::{Symbol, occurrences};
use crate::session::{Doc, Failure, Session};
use crate::text::Lines;

fn location(s: &Session, file: SourceFile, span: Span) -> Option<Location> {
    let db = s.db();
    let uri = s.uri_of(file.path(db))?;
    let lines = Lines::new(file.text(db));
    Some(Location::new(
        uri,
        lines.range(span.start as usize, span.end as usize),
    ))
}

pub fn goto_definition(s: &Session, doc: Doc, byte: u32) -> Option<Location> {
    let found = symbol_at(s.db(), doc, byte)?;
    let (file, span) = definition(s.db(), doc, &found.symbol)?;
    location(s, file, span)
}

/// Every use of the name at `byte`; its definition too when asked.
pub fn references(s: &Session, doc: Doc, byte: u32, with_definition: bool) -> Vec<Location> {
    let Some(found) = symbol_at(s.db(), doc, byte) else {
        return Vec::new();
    };
    uses(s.db(), doc, &found.symbol)
        .into_iter()
        .filter(|(_, o)| with_definition || !o.def)
        .filter_map(|(file, o)| location(s, file, o.span))
        .collect()
}

/// The edits that rename the name at `byte` everywhere in its version, or why not.
#[expect(
    clippy::mutable_key_type,
    reason = "lsp-types' WorkspaceEdit keys its changes by Uri"
)]
pub fn rename(s: &Session, doc: Doc, byte: u32, new_name: &str) -> Result<WorkspaceEdit, Failure> {
    let db = s.db();
    let found =
        symbol_at(db, doc, byte).ok_or_else(|| Failure::failed("här finns inget namn att byta"))?;
    check_name(&found.symbol, new_name)?;
    if let Some(owner) = taken(s, doc, &found.symbol, new_name) {
        return Err(Failure::failed(format!(
            "`{new_name}` är redan namnet på {owner}; välj ett annat namn"
        )));
    }
    if let Some(why) = captured(s, doc, &found.symbol, new_name) {
        return Err(Failure::failed(format!(
            "att byta till `{new_name}` skulle ändra vad ett namn betyder: {why}; välj ett annat namn"
        )));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, o) in uses(db, doc, &found.symbol) {
        let Some(place) = location(s, file, o.span) else {
            continue;
        };
        changes
            .entry(place.uri)
            .or_default()
            .push(TextEdit::new(place.range, new_name.to_owned()));
    }
    Ok(WorkspaceEdit::new(changes))
}

/// Why a reason code is not renamed here. A reason code is what a caller of the decision
/// receives in `skal` and matches on: the decision catalogue (docs/decisions.md) lists every
/// code as part of the API, so renaming it breaks callers unless the catalogue changes first,
/// and a rename confined to one version would make the same rule answer different codes by
/// year.
const REASON_RENAME: &str = "skälkoder ingår i beslutskatalogen (docs/decisions.md), som anropare förlitar sig på: byt namn där först och ändra sedan `because`/`else` och testerna för hand";

fn check_name(symbol: &Symbol, new_name: &str) -> Result<(), Failure> {
    let what = match symbol {
        Symbol::Test(_) => Some("ett tests namn är en text; ändra det där det står"),
        Symbol::Section(_) => {
            Some("ett avsnitts nummer kommer från Beställningen; ändra det där det står")
        }
        Symbol::Reason { .. } => Some(REASON_RENAME),
        _ => None,
    };
    if let Some(why) = what {
        return Err(Failure::failed(why));
    }
    let parts_ok = |s: &str| {
        s.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        })
    };
    let dotted = matches!(symbol, Symbol::Decision(_));
    let keyword = crate::complete::is_keyword(new_name);
    if keyword || !parts_ok(new_name) || (!dotted && new_name.contains('.')) {
        let form = if dotted {
            "ord förenade med `.`"
        } else {
            "en bokstav eller `_` följd av bokstäver, siffror eller `_`"
        };
        return Err(Failure::failed(format!(
            "`{new_name}` är inget giltigt namn: ett namn är {form} och inget nyckelord"
        )));
    }
    Ok(())
}

/// Why renaming `symbol` to `name` would make a name mean something else, in words: where it
/// is used, a nearer binder of `name` would hide it (a parameter used where a `let` or lambda
/// parameter `name` is in scope), or it would hide another name (a lambda parameter renamed
/// to an input's name). Judged per item, conservatively: a binder of `name` anywhere in an
/// item that uses `symbol` refuses the rename.
fn captured(s: &Session, doc: Doc, symbol: &Symbol, name: &str) -> Option<String> {
    let db = s.db();
    for (file, o) in uses(db, doc, symbol) {
        let here = Doc {
            version: doc.version,
            file,
        };
        let Some((key, offset)) = key_at(db, here, o.span.start) else {
            continue;
        };
        let around = occurrences(db, doc.version, key, offset);
        let binder = around.iter().find_map(|other| match &other.symbol {
            Symbol::Local { decision, name: n } if n == name => match symbol {
                Symbol::Param(_) => Some(format!(
                    "i `{decision}` skulle indata, utdata eller `let` `{name}` dölja det"
                )),
                Symbol::Lambda { .. } => Some(format!(
                    "i `{decision}` skulle lambdaparametern dölja indata, utdata eller `let` `{name}`"
                )),
                _ => None,
            },
            Symbol::Lambda { at, name: n } if n == name => match symbol {
                Symbol::Param(_) | Symbol::Local { .. } => {
                    Some(format!("en lambdaparameter `{name}` skulle dölja det där det används"))
                }
                Symbol::Lambda { at: own, .. } if own != at => {
                    Some(format!("en annan lambdaparameter `{name}` finns i samma del"))
                }
                _ => None,
            },
            _ => None,
        });
        if binder.is_some() {
            return binder;
        }
    }
    None
}

/// What already has `name` in the namespace of `symbol`, in words.
fn taken(s: &Session, doc: Doc, symbol: &Symbol, name: &str) -> Option<String> {
    let db = s.db();
    let sigs = signatures(db, doc.version);
    let index = item_index(db, doc.version);
    let item_named = |what: &str| {
        index
            .entries
            .iter()
            .find(|e| e.name == name)
            .map(|_| format!("{what} `{name}`"))
    };
    match symbol {
        Symbol::Type(_) => (sigs.enum_named(name).is_some() || sigs.record_named(name).is_some())
            .then(|| format!("typen `{name}`")),
        Symbol::Param(_) => sigs
            .param_named(name)
            .map(|_| format!("parametern `{name}`")),
        Symbol::Decision(_) => sigs
            .decision_named(name)
            .map(|_| format!("beslutet `{name}`")),
        Symbol::Variant { ty, .. } => sigs
            .enum_named(ty)
            .filter(|(_, e)| e.variants.iter().any(|v| v == name))
            .map(|_| format!("en variant av `{ty}`")),
        Symbol::Field { ty, .. } => sigs
            .record_named(ty)
            .filter(|(_, r)| r.fields.iter().any(|(f, _)| f == name))
            .map(|_| format!("ett fält i `{ty}`")),
        Symbol::Local { decision, .. } => {
            let local = Symbol::Local {
                decision: decision.clone(),
                name: name.to_owned(),
            };
            let clash = !uses(db, doc, &local).is_empty() || sigs.param_named(name).is_some();
            clash.then(|| format!("ett namn som syns i `{decision}`"))
        }
        Symbol::Lambda { .. } => sigs
            .param_named(name)
            .map(|_| format!("parametern `{name}`")),
        Symbol::Test(_) | Symbol::Section(_) | Symbol::Reason { .. } => item_named("delen"),
    }
}
