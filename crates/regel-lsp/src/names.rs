//! Every name of an item as the checker resolved it ([`regel_compiler::item_names`]), placed
//! in its file: the one table behind hover, definition, references, rename, semantic tokens
//! and inlay hints. The server resolves no name itself.

use regel_compiler::ty::Ty;
use regel_compiler::{Database, ItemKey, Version, item_names};
use regel_syntax::Span;

/// What a name refers to: the checker's `Def`, here with a lambda parameter known by the
/// absolute offset in its file where it is bound (see `placed`). No intra-doc link here:
/// rustdoc 1.95 stops with an internal error on one on this re-export.
pub use regel_compiler::Def as Symbol;

/// One name in a file: absolute byte span, what it refers to, whether it defines it, and its
/// type where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub span: Span,
    pub symbol: Symbol,
    pub def: bool,
    pub ty: Option<Ty>,
}

/// The names of item `key` of `version`, whose first byte is at `offset` in its file.
pub fn occurrences(db: &Database, version: Version, key: ItemKey, offset: u32) -> Vec<Occurrence> {
    item_names(db, version, key)
        .uses
        .iter()
        .map(|u| Occurrence {
            span: u.span.shift(offset),
            symbol: placed(&u.def, offset),
            def: u.defines,
            ty: u.ty.clone(),
        })
        .collect()
}

/// A lambda parameter's binding moved from its item to its file.
fn placed(def: &Symbol, offset: u32) -> Symbol {
    match def {
        Symbol::Lambda { at, name } => Symbol::Lambda {
            at: at.saturating_add(offset),
            name: name.clone(),
        },
        other => other.clone(),
    }
}
