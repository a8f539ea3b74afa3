//! From a file's text to its items, re-parsing only the pieces an edit touched.
//!
//! The text is cut into pieces ([`regel_syntax::item_chunks`]); each piece is interned and
//! parsed in its own query, so a piece whose text did not change is not parsed again and keeps
//! its items (the same `Arc`s, compared by pointer). If any piece has a syntax error, the whole
//! file is parsed as before, so that recovery and messages do not depend on the cut.

use std::sync::Arc;

use regel_syntax::{self as ast, ParseError};

use crate::db::{Db, SourceFile};

/// One piece of a file's text.
#[salsa::interned]
pub(crate) struct Chunk<'db> {
    #[returns(ref)]
    pub text: String,
}

/// An item and where it starts (its first byte, doc comment included). The item's own
/// `offset` is zero, so an item that moved is equal to what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub offset: u32,
    pub item: Arc<ast::Item>,
}

/// A file's items and syntax errors, and where its lines start.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileItems {
    pub items: Vec<Placed>,
    pub errors: Vec<ParseError>,
    pub lines: LineIndex,
}

/// The byte offset of every line's first byte, to turn offsets into line numbers without
/// counting newlines from the start of the file each time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let newlines = text.bytes().enumerate().filter(|(_, b)| *b == b'\n');
        let starts = std::iter::once(0)
            .chain(newlines.map(|(i, _)| crate::index::index_u32(i + 1)))
            .collect();
        LineIndex { starts }
    }

    /// The LSP position (zero-based line, UTF-16 column) of a byte offset of `text`, the
    /// text this index was made of: as [`crate::diagnostic::position`], without scanning the
    /// text before the line.
    pub fn position(&self, text: &str, byte: u32) -> crate::diagnostic::Position {
        let line = self.starts.partition_point(|start| *start <= byte).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0) as usize;
        let end = (byte as usize).min(text.len());
        let column: usize = text
            .get(start..end)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        crate::diagnostic::Position {
            line: crate::index::index_u32(line),
            character: crate::index::index_u32(column),
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, byte: u32) -> u32 {
        let line = self.starts.partition_point(|start| *start <= byte);
        crate::index::index_u32(line.max(1))
    }
}

/// A piece's items, offsets relative to the piece, or `None` if it has a syntax error.
#[salsa::tracked(returns(ref))]
fn parse_chunk<'db>(db: &'db dyn Db, chunk: Chunk<'db>) -> Option<Vec<Placed>> {
    let file = regel_syntax::parse(chunk.text(db));
    file.errors.is_empty().then(|| placed(file.items, 0))
}

/// The items as `Arc`s in a vector of their own size: collecting in place would keep the
/// parser's vector (room for four whole items, some 1.2 KB, where a piece holds one) alive as
/// long as the query's result.
fn placed(items: Vec<ast::Item>, base: u32) -> Vec<Placed> {
    let mut out = Vec::with_capacity(items.len());
    out.extend(items.into_iter().map(|item| Placed {
        offset: base.saturating_add(item.offset),
        item: Arc::new(ast::Item { offset: 0, ..item }),
    }));
    out
}

/// The items of a file. An edit inside one item parses that item's piece again, nothing else.
#[salsa::tracked(returns(ref))]
pub fn file_items(db: &dyn Db, file: SourceFile) -> FileItems {
    let text = file.text(db);
    let lines = LineIndex::new(text);
    let mut items = Vec::new();
    for range in regel_syntax::item_chunks(text) {
        let base = crate::index::index_u32(range.start);
        let chunk = Chunk::new(db, text.get(range).unwrap_or_default().to_owned());
        let Some(parsed) = parse_chunk(db, chunk) else {
            let file = regel_syntax::parse(text);
            return FileItems {
                items: placed(file.items, 0),
                errors: file.errors,
                lines,
            };
        };
        items.extend(parsed.iter().map(|p| Placed {
            offset: base.saturating_add(p.offset),
            item: p.item.clone(),
        }));
    }
    FileItems {
        items,
        errors: Vec::new(),
        lines,
    }
}

/// A file's syntax errors: equal (and so not propagated) after an edit that leaves them as
/// they were.
#[salsa::tracked(returns(ref))]
pub fn file_errors(db: &dyn Db, file: SourceFile) -> Vec<ParseError> {
    file_items(db, file).errors.clone()
}

/// The syntax tree of a file, item offsets absolute, as [`regel_syntax::parse`] gives it.
#[salsa::tracked(returns(ref))]
pub fn parse_file(db: &dyn Db, file: SourceFile) -> ast::File {
    let parsed = file_items(db, file);
    ast::File {
        items: parsed
            .items
            .iter()
            .map(|p| ast::Item {
                offset: p.offset,
                ..(*p.item).clone()
            })
            .collect(),
        errors: parsed.errors.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_are_one_based_and_a_newline_ends_its_line() {
        let lines = LineIndex::new("ab\ncd\n\ne");
        let found: Vec<u32> = [0, 2, 3, 5, 6, 7, 8, 99]
            .iter()
            .map(|b| lines.line_of(*b))
            .collect();
        assert_eq!(found, [1, 1, 2, 2, 3, 4, 4, 4]);
    }
}
