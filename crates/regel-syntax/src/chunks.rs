//! A cheap scanner that cuts a file into pieces that parse on their own, so that an editor's
//! change re-parses one piece instead of the whole file.
//!
//! A piece starts where the grammar would start an item after a broken one: a line that
//! begins, at column 0, with an item keyword, together with the `///` doc lines right above it.
//! The cut is only a guess. When every piece parses without an error, the pieces' items are
//! exactly the file's (each item ends before the next line that starts with an item keyword,
//! and no rule can read such a line as the continuation of an item); when any piece has an
//! error, the caller parses the whole file instead, so that recovery and messages stay the same.

use std::ops::Range;

use crate::ast::File;
use crate::parser::parse;

/// The byte ranges of the pieces of `text`, in order, covering all of it.
pub fn item_chunks(text: &str) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    // Where the `///` lines just above the current line began.
    let mut docs_from: Option<usize> = None;
    let mut line_start = 0;
    while line_start < text.len() {
        let rest = text.get(line_start..).unwrap_or_default();
        let line_end = rest.find('\n').map_or(text.len(), |n| line_start + n + 1);
        if rest.starts_with("///") && !rest.starts_with("////") {
            docs_from.get_or_insert(line_start);
        } else if starts_item(rest) {
            let start = docs_from.take().unwrap_or(line_start);
            if start > 0 {
                starts.push(start);
            }
        } else if !rest.get(..line_end - line_start).is_some_and(is_blank) {
            docs_from = None;
        }
        line_start = line_end;
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().zip(ends).map(|(s, e)| *s..e).collect()
}

/// One piece of a file parsed on its own: its byte range and the range of its items in the
/// file's item list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: Range<usize>,
    pub items: Range<usize>,
}

/// Parses `text` piece by piece ([`item_chunks`]): the same tree as [`parse`] gives, and which
/// items came from which piece, if every piece parsed without an error; otherwise `None`.
pub fn parse_pieces(text: &str) -> Option<(File, Vec<Piece>)> {
    let mut file = File::default();
    let mut pieces = Vec::new();
    for range in item_chunks(text) {
        let parsed = parse(text.get(range.clone())?);
        if !parsed.errors.is_empty() {
            return None;
        }
        let first = file.items.len();
        let base = u32::try_from(range.start).unwrap_or(u32::MAX);
        file.items.extend(parsed.items.into_iter().map(|mut item| {
            item.offset = item.offset.saturating_add(base);
            item
        }));
        pieces.push(Piece {
            text: range,
            items: first..file.items.len(),
        });
    }
    Some((file, pieces))
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Whether `rest` begins with an item keyword that is a whole word.
fn starts_item(rest: &str) -> bool {
    crate::keywords::ITEM.iter().any(|kw| {
        rest.strip_prefix(kw)
            .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        item_chunks(text)
            .into_iter()
            .map(|r| text.get(r).unwrap_or_default())
            .collect()
    }

    #[test]
    fn cuts_before_item_keywords_at_column_zero_with_their_docs() {
        let text = "// head\nparam a: Int = 1\n\n/// Doc.\n\nenum E { x }\n  test\ntesting\ntest \"t\" {}\n";
        assert_eq!(
            pieces(text),
            [
                "// head\n",
                "param a: Int = 1\n\n",
                "/// Doc.\n\nenum E { x }\n  test\ntesting\n",
                "test \"t\" {}\n"
            ]
        );
    }

    #[test]
    fn a_doc_line_not_followed_by_an_item_cuts_nothing() {
        let text = "param a: Int = 1\n/// stray\nx\nparam b: Int = 2";
        assert_eq!(
            pieces(text),
            ["param a: Int = 1\n/// stray\nx\n", "param b: Int = 2"]
        );
        assert_eq!(pieces(""), [""]);
    }
}
