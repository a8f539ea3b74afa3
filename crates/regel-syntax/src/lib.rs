//! Text → syntax tree. Knows nothing of types, salsa, files on disk or editors.
//!
//! [`parse`] never fails: it returns the items it could build and the errors it found,
//! recovering at item boundaries (and at member lines inside a decision) so one file can report
//! several errors.

pub mod ast;
mod parser;
mod trivia;

pub use ast::*;
pub use parser::parse;
pub use trivia::{Comment, comments};
