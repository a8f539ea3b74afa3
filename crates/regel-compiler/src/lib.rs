//! The incremental compiler: checked syntax → typed IR, on a salsa database.
//!
//! Inputs are [`SourceFile`]s grouped into [`Version`]s (one folder each). The tracked queries,
//! from text to program:
//! [`file_items`] (a file cut into pieces, each parsed in its own query, so an edit re-parses
//! one item; [`parse_file`] gives the whole tree) → [`item_index`] (names, no bodies) →
//! [`item_syntax`] (one item, offsets removed) → [`signatures`] (every nameable type, built
//! from per-file declarations without bodies or spans) → [`check_item`] (one item checked and
//! lowered, memoized by the item's text and section, so an item that only moved is not checked
//! again) → [`program`] (the version assembled from per-item and per-file parts).
//! [`item_names`] gives every name of an item as that check resolved it (definition, span,
//! type): the language server's hover, navigation, rename and tokens read it.
//! [`check_version`] accumulates every [`Diagnostic`] (placed per file); [`diagnostics`] reads
//! them sorted.
//!
//! No I/O happens here: the front ends read files and hand over their text.

mod check;
mod db;
mod decl;
pub mod diagnostic;
mod index;
pub mod ir;
pub mod labels;
mod source;
pub mod ty;
mod version;

pub use check::{Def, FUNCTIONS, ItemCheck, ItemNames, Lowered, NameUse, check_item, item_names};
pub use db::{Database, Db, ExecutionLog, SourceFile, Version};
pub use diagnostic::{Diagnostic, Position, Severity};
pub use index::{
    DecisionSig, IndexEntry, ItemIndex, ItemKey, ItemTag, OutputKind, Signatures, item_index,
    item_location, item_syntax, signatures,
};
pub use source::{FileItems, LineIndex, Placed, file_items, parse_file};
pub use version::{check_version, diagnostics, program};

/// A version's files as the front end read them: (path relative to the policies folder, text).
pub fn load_version(db: &dyn Db, name: &str, files: Vec<(String, String)>) -> Version {
    let files = files
        .into_iter()
        .map(|(path, text)| SourceFile::new(db, path, text))
        .collect();
    Version::new(db, name.to_owned(), files)
}
