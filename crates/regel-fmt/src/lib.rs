//! The canonical layout of a Regel file.
//!
//! [`format`] parses, prints the tree in one layout, and re-parses its own output to make sure
//! the tree is unchanged (as Cedar's formatter does) before returning it. Comments are kept:
//! a comment on its own line stays before the item, decision member or header field that
//! follows it; a comment after code stays at the end of that construct's line. A comment
//! inside a construct the layout does not break up (an expression, a test block, an enum)
//! moves to just before that construct. Blank lines between items and members are normalised
//! to at most one, never removed.

mod expr;
mod layout;

use regel_syntax::{File, ParseError, parse};

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
    let file = parse(text);
    if !file.errors.is_empty() {
        return Err(FormatError::Syntax(file.errors));
    }
    let out = layout::file(text, &file);
    let again = parse(&out);
    if !again.errors.is_empty()
        || shape(&again) != shape(&file)
        || doc_lines(&out) != doc_lines(text)
    {
        return Err(FormatError::Changed(
            "the formatted text would parse to a different program; the file is left as it was"
                .into(),
        ));
    }
    Ok(out)
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
            let at = line.find("///")?;
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
