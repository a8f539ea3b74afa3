//! The canonical layout of a Regel file.
//!
//! [`format`] parses, prints the tree in one layout, and re-parses its own output to make sure
//! the tree is unchanged (as Cedar's formatter does) before returning it. The file is parsed
//! item by item, so only the items whose text the layout changed are parsed again; an output
//! equal to its input is its input's tree. Comments are kept:
//! a comment on its own line stays before the item, decision member or header field that
//! follows it; a comment after code stays at the end of that construct's line. A comment
//! inside a construct the layout does not break up (an expression, a test block, an enum)
//! moves to just before that construct; a parameter's list with a comment inside is laid out
//! one element a line, each comment kept where it was. Blank lines between items and members
//! are normalised to at most one, never removed.

mod expr;
mod layout;

use std::collections::HashMap;
use std::ops::Range;

use regel_syntax::{File, Item, ParseError, Piece, item_chunks, parse, parse_pieces};

/// The widest line the layout aims for.
pub const WIDTH: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The text does not parse; nothing is formatted.
    Syntax(Vec<ParseError>),
    /// The formatter's output would not mean what the input meant. A bug; the input is kept.
    Changed(String),
}

/// `text` in the canonical layout.
pub fn format(text: &str) -> Result<String, FormatError> {
    // A byte order mark at the start is kept, and the rest formatted; syntax errors are those
    // of the whole text, so that their spans count the mark.
    if let Some(rest) = text.strip_prefix('\u{FEFF}') {
        return match format(rest) {
            Ok(out) => Ok(format!("\u{FEFF}{out}")),
            Err(FormatError::Syntax(_)) => Err(FormatError::Syntax(parse(text).errors)),
            Err(e) => Err(e),
        };
    }
    // Parsed piece by piece when every piece parses alone (the same tree, see
    // `regel_syntax::parse_pieces`), so that the output's unchanged pieces need no second parse.
    let (file, pieces) = match parse_pieces(text) {
        Some((file, pieces)) => (file, pieces),
        None => (parse(text), Vec::new()),
    };
    if !file.errors.is_empty() {
        return Err(FormatError::Syntax(file.errors));
    }
    let out = layout::file(text, &file);
    // Text equal to the input parses to the input's tree; anything else is parsed again and
    // compared.
    if out != text && !(same_tree(text, &file, &pieces, &out) && doc_lines(&out) == doc_lines(text))
    {
        return Err(FormatError::Changed(
            "the formatted text would parse to a different program; the file is left as it was"
                .into(),
        ));
    }
    Ok(out)
}

/// Whether `out` parses, without errors, to the items of `file` (parsed from `text`), positions
/// aside. A piece of `out` whose text is a piece of `text` has that piece's items.
fn same_tree(text: &str, file: &File, pieces: &[Piece], out: &str) -> bool {
    let known: HashMap<&str, Range<usize>> = pieces
        .iter()
        .filter_map(|p| Some((text.get(p.text.clone())?, p.items.clone())))
        .collect();
    let mut fresh: Vec<Item> = Vec::new();
    // For each item of the output: the input item it is, or its place in `fresh`.
    let mut items: Vec<Result<usize, usize>> = Vec::new();
    for range in item_chunks(out) {
        let Some(piece) = out.get(range) else {
            return false;
        };
        if let Some(known) = known.get(piece) {
            items.extend(known.clone().map(Ok));
            continue;
        }
        let parsed = parse(piece);
        if !parsed.errors.is_empty() {
            // The cut does not hold for this output: compare whole trees.
            let again = parse(out);
            return again.errors.is_empty() && same_items(&file.items, &again.items);
        }
        items.extend((fresh.len()..fresh.len() + parsed.items.len()).map(Err));
        fresh.extend(parsed.items);
    }
    items.len() == file.items.len()
        && items.iter().enumerate().all(|(at, item)| match item {
            // Two pieces of the same text (two identical tests) share one entry of `known`:
            // the item there must then be the same tree as the one at `at`.
            Ok(known) => {
                *known == at
                    || matches!((file.items.get(*known), file.items.get(at)),
                        (Some(a), Some(b)) if same_item(a, b))
            }
            Err(new) => match (file.items.get(at), fresh.get(*new)) {
                (Some(a), Some(b)) => same_item(a, b),
                _ => false,
            },
        })
}

fn same_items(a: &[Item], b: &[Item]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_item(a, b))
}

/// Same doc comment and same tree, wherever they stand.
fn same_item(a: &Item, b: &Item) -> bool {
    let erased = |item: &Item| {
        let mut kind = item.kind.clone();
        kind.erase_spans();
        kind
    };
    a.doc == b.doc && erased(a) == erased(b)
}

/// A syntax tree printed in the canonical layout (no comments: the tree holds none).
pub fn print(file: &File) -> String {
    layout::file("", file)
}

/// The tree without its positions, for comparing meaning.
pub fn shape(file: &File) -> String {
    let debug = format!(
        "{:?}",
        file.items
            .iter()
            .map(|i| (&i.doc, &i.kind))
            .collect::<Vec<_>>()
    );
    strip_spans(&debug)
}

/// The text of every `///` doc comment: one the tree does not keep must not be dropped.
fn doc_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| {
            let at = line.as_bytes().windows(3).position(|w| w == b"///")?;
            let rest = line.get(at..)?;
            (!rest.starts_with("////")).then(|| rest.trim_start_matches('/').trim())
        })
        .collect()
}

/// Removes `span: Span { start: N, end: M }` and the like from a Debug rendering.
fn strip_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find("Span { start: ") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest.find('}') {
            Some(end) => rest = &rest[end + 1..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text`'s tree and pieces, as `format` has them.
    fn parsed(text: &str) -> (File, Vec<Piece>) {
        parse_pieces(text).unwrap_or_else(|| (parse(text), Vec::new()))
    }

    #[test]
    fn an_output_that_only_moves_and_respaces_items_has_the_same_tree() {
        let text = "param a: Int = 1\nparam b: Int = a+1\n";
        let (file, pieces) = parsed(text);
        let out = "param a: Int = 1\n\nparam b: Int = a + 1\n";
        assert!(same_tree(text, &file, &pieces, out));
    }

    #[test]
    fn an_output_that_changes_a_value_drops_or_adds_an_item_is_caught() {
        let text = "param a: Int = 1\nparam b: Int = a + 1\n";
        let (file, pieces) = parsed(text);
        for (out, expected) in [
            ("param a: Int = 1\nparam b: Int = a + 2\n", false),
            ("param a: Int = 1\n", false),
            (
                "param a: Int = 1\nparam b: Int = a + 1\nparam c: Int = 3\n",
                false,
            ),
            ("/// doc\nparam a: Int = 1\nparam b: Int = a + 1\n", false),
            ("param a: Int = 1\nparam b: Int = a +\n", false),
            // Not cut into pieces, so compared as a whole.
            ("param a: Int = 1 param b: Int = a + 1\n", true),
        ] {
            let whole = parse(out);
            let same = whole.errors.is_empty() && same_items(&file.items, &whole.items);
            assert_eq!(same, expected, "{out:?}");
            assert_eq!(same_tree(text, &file, &pieces, out), expected, "{out:?}");
        }
    }
}
