//! Text → syntax tree. Knows nothing of types, salsa, files on disk or editors.
//!
//! [`parse`] never fails: it returns the items it could build and the errors it found,
//! recovering at item boundaries (and at member lines inside a decision) so one file can report
//! several errors. [`item_chunks`] cuts a file into pieces that parse on their own, for
//! incremental re-parsing.

pub mod ast;
mod chunks;
mod erase;
pub mod keywords;
mod parser;
mod trivia;

pub use ast::*;
pub use chunks::{Piece, item_chunks, parse_pieces};
pub use parser::parse;
pub use trivia::{Comment, comments};
