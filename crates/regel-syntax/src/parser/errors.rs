//! Syntax errors in words. The grammar skips a broken item or member; here that slice is
//! parsed again on its own to learn what was expected where.

use pest::Parser as _;
use pest::error::{Error, ErrorVariant, InputLocation};

use super::{RegelParser, Rule};
use crate::ast::{ParseError, Span};

const ITEM_KEYWORDS: &[&str] = &[
    "version", "section", "param", "enum", "record", "decision", "test",
];

/// The error of a top-level slice `text[start..end]` that is no item.
pub fn broken_item(text: &str, start: usize, end: usize) -> ParseError {
    let slice = text.get(start..end).unwrap_or_default();
    if let Some(e) = unclosed_brace(slice, start) {
        return e;
    }
    let first_word: String = slice
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !first_word.is_empty() && !ITEM_KEYWORDS.contains(&first_word.as_str()) {
        let best = ITEM_KEYWORDS
            .iter()
            .map(|k| (strsim::levenshtein(&first_word, k), *k))
            .min()
            .filter(|(d, _)| *d <= 2);
        let help = match best {
            Some((_, k)) => format!("did you mean `{k}`?"),
            None => format!("an item starts with one of: {}", ITEM_KEYWORDS.join(", ")),
        };
        let message = if best.is_some() {
            format!("unknown item keyword `{first_word}`")
        } else {
            format!("expected an item, found `{first_word}`")
        };
        return ParseError {
            code: "E0003",
            message,
            span: Span::new(start, start + first_word.len()),
            label: "not an item keyword".into(),
            help: Some(help),
        };
    }
    match RegelParser::parse(Rule::item_only, slice) {
        Err(e) => from_pest(&e, start, end),
        Ok(_) => generic(start, end),
    }
}

/// The error of lines inside a decision that are no member.
pub fn broken_member(text: &str, start: usize, end: usize) -> ParseError {
    let slice = text.get(start..end).unwrap_or_default();
    if let Some(e) = unclosed_brace(slice, start) {
        return e;
    }
    match RegelParser::parse(Rule::member_only, slice) {
        Err(e) => {
            let mut error = from_pest(&e, start, end);
            if error.span.start as usize == start {
                error.help = Some(
                    "a decision holds `input`, `output`, `let`, `require`, `when … then { … } because …` and `otherwise`"
                        .into(),
                );
            }
            error
        }
        Ok(_) => generic(start, end),
    }
}

fn generic(start: usize, end: usize) -> ParseError {
    ParseError {
        code: "E0002",
        message: "this does not parse".into(),
        span: Span::new(start, end.max(start + 1)),
        label: "here".into(),
        help: None,
    }
}

/// More `{` than `}` in a slice (outside strings and comments): points at the unmatched one.
fn unclosed_brace(slice: &str, base: usize) -> Option<ParseError> {
    let mut open: Vec<usize> = Vec::new();
    let mut in_string = false;
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => in_string = !in_string,
            '\\' if in_string => {
                chars.next();
            }
            '/' if !in_string && chars.peek().is_some_and(|(_, n)| *n == '/') => {
                while chars.peek().is_some_and(|(_, n)| *n != '\n') {
                    chars.next();
                }
            }
            '{' if !in_string => open.push(i),
            '}' if !in_string => {
                open.pop();
            }
            _ => {}
        }
    }
    let at = *open.first()?;
    Some(ParseError {
        code: "E0001",
        message: "unclosed `{`".into(),
        span: Span::new(base + at, base + at + 1),
        label: "this `{` is never closed".into(),
        help: Some("add `}` to close it".into()),
    })
}

/// A pest error, located at `start` + its position, in words.
pub fn from_pest(e: &Error<Rule>, start: usize, end: usize) -> ParseError {
    let (pos, pos_end) = match e.location {
        InputLocation::Pos(p) => (p, p),
        InputLocation::Span((s, t)) => (s, t),
    };
    let at = start + pos;
    let expected = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&str> = positives.iter().filter_map(|r| word(*r)).collect();
            words.sort_unstable();
            words.dedup();
            words
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let message = match expected.as_slice() {
        [] => "this does not parse".to_owned(),
        [one] => format!("expected {one}"),
        [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
    };
    let width = (start + pos_end).saturating_sub(at).max(1);
    let end_of_span = (at + width).min(end.max(at + 1));
    ParseError {
        code: "E0002",
        message,
        span: Span::new(at, end_of_span),
        label: "unexpected here".into(),
        help: None,
    }
}

fn word(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lbrack => "`[`",
        Rule::rbrack => "`]`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::assign => "`=`",
        Rule::at | Rule::cite => "`@`",
        Rule::ident | Rule::qual_name => "a name",
        Rule::string => "a string",
        Rule::expr | Rule::number_lit | Rule::date_lit | Rule::time_lit => "an expression",
        Rule::type_expr => "a type",
        Rule::record_body => "`{`",
        Rule::kw_else => "`else`",
        Rule::kw_then => "`then`",
        Rule::kw_because => "`because`",
        Rule::kw_given => "`given`",
        Rule::kw_decide => "`decide`",
        Rule::kw_expect => "`expect`",
        Rule::kw_with => "`with`",
        Rule::kw_rejected | Rule::expect_rejected => "`rejected`",
        Rule::kw_require | Rule::rule_require | Rule::require_decl => "`require`",
        Rule::kw_when | Rule::when_clause | Rule::rule_decl => "a rule (`when` or `otherwise`)",
        Rule::input_decl => "`input`",
        Rule::output_decl => "`output`",
        Rule::let_decl => "`let`",
        Rule::header_field => "a header field",
        Rule::variant => "a variant",
        Rule::field_decl | Rule::field_init => "a field",
        Rule::op_add | Rule::op_sub | Rule::op_mul | Rule::op_div => "an operator",
        Rule::op_and
        | Rule::op_or
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_lt
        | Rule::op_le
        | Rule::op_gt
        | Rule::op_ge => "an operator",
        Rule::op_in | Rule::op_coalesce => "an operator",
        Rule::item | Rule::docs | Rule::doc => "an item",
        Rule::money_unit | Rule::duration_unit | Rule::percent_sign => "a unit",
        Rule::EOI => "the end of the file",
        _ => return None,
    })
}
