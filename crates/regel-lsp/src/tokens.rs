//! Semantic tokens: a lexical pass over the text (comments, strings, numbers, keywords) with
//! every name coloured by what it resolves to (see [`crate::names`]).

use std::collections::HashMap;

use lsp_types::{SemanticToken, SemanticTokenType, SemanticTokens, SemanticTokensLegend};
use regel_compiler::ty::BUILTIN_TYPES;

use crate::complete::{FUNCTIONS, is_keyword};
use crate::model::file_occurrences;
use crate::names::Symbol;
use crate::session::{Doc, Session};
use crate::text::{Lines, to_u32};

/// The token types, in legend order; a token's type is its index here.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::TYPE,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::NAMESPACE,
];

#[derive(Clone, Copy)]
enum Kind {
    Keyword,
    Type,
    EnumMember,
    Parameter,
    Variable,
    Function,
    Str,
    Number,
    Comment,
    Property,
    Namespace,
}

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: Vec::new(),
    }
}

/// A reason code has no colour of its own: it reads as the word (or, in a test, the text)
/// it is.
fn of_symbol(symbol: &Symbol) -> Option<Kind> {
    Some(match symbol {
        Symbol::Type(_) => Kind::Type,
        Symbol::Param(_) => Kind::Parameter,
        Symbol::Decision(_) => Kind::Function,
        Symbol::Test(_) => Kind::Str,
        Symbol::Section(_) => Kind::Namespace,
        Symbol::Variant { .. } => Kind::EnumMember,
        Symbol::Field { .. } => Kind::Property,
        Symbol::Local { .. } | Symbol::Lambda { .. } => Kind::Variable,
        Symbol::Reason { .. } => return None,
    })
}

/// The tokens of a whole file, delta-encoded as the protocol wants.
pub fn semantic_tokens(s: &Session, doc: Doc) -> SemanticTokens {
    let db = s.db();
    let text = doc.file.text(db);
    let names: HashMap<u32, (u32, Kind)> = file_occurrences(db, doc.version, doc.file)
        .into_iter()
        .filter_map(|o| Some((o.span.start, (o.span.end, of_symbol(&o.symbol)?))))
        .collect();
    let lines = Lines::new(text);
    let mut encoder = Encoder {
        lines: &lines,
        text,
        data: Vec::new(),
        last: (0, 0),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let (end, kind) = match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => (line_end(text, i), Some(Kind::Comment)),
            b'"' => {
                let end = string_end(bytes, i);
                let kind = names.get(&to_u32(i)).map_or(Kind::Str, |(_, k)| *k);
                (end, Some(kind))
            }
            b'0'..=b'9' => (number_end(bytes, i), Some(Kind::Number)),
            _ if is_word_start(text, i) => {
                let word_end = word_end(text, i);
                match names.get(&to_u32(i)) {
                    Some((end, kind)) => ((*end as usize).max(word_end), Some(*kind)),
                    None => {
                        let word = text.get(i..word_end).unwrap_or("");
                        let called = text.get(word_end..).is_some_and(|t| t.starts_with('('));
                        (word_end, word_kind(word, called))
                    }
                }
            }
            _ => (next_char(text, i), None),
        };
        if let Some(kind) = kind {
            encoder.push(start, end.min(line_end(text, start)), kind);
        }
        i = end.max(start + 1);
    }
    SemanticTokens {
        result_id: None,
        data: encoder.data,
    }
}

/// A word no name resolved: `year(d)` is the function, `1 year` the unit.
fn word_kind(word: &str, called: bool) -> Option<Kind> {
    if called && FUNCTIONS.contains(&word) {
        Some(Kind::Function)
    } else if is_keyword(word) || UNITS.contains(&word) {
        Some(Kind::Keyword)
    } else if BUILTIN_TYPES.contains(&word) {
        Some(Kind::Type)
    } else {
        None
    }
}

/// Duration units in the singular (the plurals are keywords already).
const UNITS: &[&str] = &["day", "week", "month", "year"];

fn next_char(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|t| t.chars().next())
        .map_or(i + 1, |c| i + c.len_utf8())
}

fn is_word_start(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

fn word_end(text: &str, i: usize) -> usize {
    let rest = text.get(i..).unwrap_or("");
    i + rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len())
}

fn line_end(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |n| i + n)
}

fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Digits with the `.`, `-` and `:` of decimals, dates and times; never ending on one.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => end = i + 1,
            b'.' | b'-' | b':' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {}
            _ => break,
        }
        i += 1;
    }
    end
}

struct Encoder<'a> {
    lines: &'a Lines<'a>,
    text: &'a str,
    data: Vec<SemanticToken>,
    last: (u32, u32),
}

impl Encoder<'_> {
    fn push(&mut self, start: usize, end: usize, kind: Kind) {
        let at = self.lines.position(start);
        let length: usize = self
            .text
            .get(start..end)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        if length == 0 {
            return;
        }
        let (line, character) = self.last;
        let delta_start = if at.line == line {
            at.character.saturating_sub(character)
        } else {
            at.character
        };
        self.data.push(SemanticToken {
            delta_line: at.line.saturating_sub(line),
            delta_start,
            length: to_u32(length),
            token_type: kind as u32,
            token_modifiers_bitset: 0,
        });
        self.last = (at.line, at.character);
    }
}
