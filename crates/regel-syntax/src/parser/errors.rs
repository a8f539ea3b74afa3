//! Syntax errors in words. The grammar skips a broken item or member; here that slice is
//! parsed again on its own to learn what was expected where. Only broken slices are re-parsed,
//! so a file without errors pays nothing for this.

use pest::Parser as _;
use pest::error::{Error, ErrorVariant, InputLocation};

use super::{RegelParser, Rule, is_infix};
use crate::ast::{ParseError, Span};
use crate::keywords;

/// What a broken slice was meant to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Item,
    Member,
}

impl Context {
    fn rule(self) -> Rule {
        match self {
            Context::Item => Rule::item_only,
            Context::Member => Rule::member_only,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Context::Item => "item",
            Context::Member => "member",
        }
    }
}

/// The error of a top-level slice `text[start..end]` that is no item. `from` is where the
/// construct it belongs to starts: `start` itself, or the start of the item before it when the
/// slice begins on that item's last line (`param p: Int = 1 2`).
pub fn broken_item(text: &str, start: usize, end: usize, from: usize) -> ParseError {
    let slice = text.get(start..end).unwrap_or_default();
    if from == start
        && let Some(e) = unknown_item_keyword(slice, start)
    {
        return e;
    }
    if let Some(e) = unclosed_brace(slice, start) {
        return e;
    }
    if from == start
        && let Some(e) = dangling_docs(slice, start)
    {
        return e;
    }
    reparse(text, from, end, Context::Item)
}

/// `/// …` lines with no item after them.
fn dangling_docs(slice: &str, base: usize) -> Option<ParseError> {
    let trimmed = slice.trim_start();
    let at = base + slice.len() - trimmed.len();
    let all_docs = trimmed.starts_with("///")
        && trimmed
            .lines()
            .map(str::trim)
            .all(|l| l.is_empty() || l.starts_with("//"));
    all_docs.then(|| {
        let first_line = trimmed.lines().next().unwrap_or_default().trim_end();
        ParseError {
            code: "E0002",
            message: "this doc comment documents nothing".into(),
            span: Span::new(at, at + first_line.len()),
            label: "no item follows".into(),
            help: Some(
                "put it right above the item it describes, or make it a `//` comment".into(),
            ),
        }
    })
}

/// The error of a run of lines inside a decision that are no member; `from` as for
/// [`broken_item`], the start of the member before the run when the run begins on its line.
pub fn broken_member(text: &str, start: usize, end: usize, from: usize) -> ParseError {
    let slice = text.get(start..end).unwrap_or_default();
    if let Some(e) = unclosed_brace(slice, start) {
        return e;
    }
    reparse(text, from, end, Context::Member)
}

/// An expression or type nested deeper than the builder follows.
pub fn too_deep(at: usize, what: &str) -> ParseError {
    ParseError {
        code: "E0002",
        message: format!("this {what} is nested too deeply"),
        span: Span::new(at, at + 1),
        label: "nested too deeply".into(),
        help: Some("split it into smaller parts with `let`".into()),
    }
}

pub fn is_keyword(word: &str) -> bool {
    keywords::is_reserved(word)
}

/// `let then = 1`: a keyword where a name belongs.
pub fn keyword_as_name(word: &str, start: usize, end: usize) -> ParseError {
    ParseError {
        code: "E0002",
        message: format!("expected a name, found keyword `{word}`"),
        span: Span::new(start, end),
        label: "a keyword".into(),
        help: Some(format!("`{word}` is a reserved word and cannot be a name")),
    }
}

/// The whole file failed (only a resource limit of the parser does that).
pub fn whole_file(e: &Error<Rule>, text: &str) -> ParseError {
    let mut error = from_pest(e, text, 0, text.len(), Context::Item);
    if let ErrorVariant::CustomError { message } = &e.variant {
        error.message = format!("the file could not be parsed: {message}");
        error.label = "too deep here".into();
        error.help = Some("the file is nested too deeply; split the deepest expression".into());
    }
    error
}

/// Parses `text[from..end]` as one item or member to find the first error in it.
fn reparse(text: &str, from: usize, end: usize, context: Context) -> ParseError {
    let slice = text.get(from..end).unwrap_or_default();
    match RegelParser::parse(context.rule(), slice) {
        Err(e) => from_pest(&e, text, from, end, context),
        // The slice parses on its own (cannot happen for a slice the file rule skipped): say so
        // at its start rather than nothing.
        Ok(_) => {
            let at = skip_trivia(text, from);
            ParseError {
                code: "E0002",
                message: format!("this {} does not parse here", context.noun()),
                span: token_span(text, at, end),
                label: "here".into(),
                help: None,
            }
        }
    }
}

/// `decison foo {`: a word where an item keyword belongs.
fn unknown_item_keyword(slice: &str, base: usize) -> Option<ParseError> {
    let at = skip_trivia(slice, 0);
    let rest = slice.get(at..)?;
    let word = leading_word(rest)?;
    if keywords::ITEM.contains(&word) {
        return None;
    }
    let help = match closest(word, &keywords::ITEM[..]) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("an item starts with {}", list(&keywords::ITEM[..])),
    };
    Some(ParseError {
        code: "E0003",
        message: format!("unknown item keyword `{word}`"),
        span: Span::new(base + at, base + at + word.len()),
        label: "not an item keyword".into(),
        help: Some(help),
    })
}

/// More `{` than `}` in a slice (outside strings and comments): points at the unmatched one.
fn unclosed_brace(slice: &str, base: usize) -> Option<ParseError> {
    let mut open: Vec<usize> = Vec::new();
    let mut in_string = false;
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => in_string = !in_string,
            '\n' => in_string = false,
            '\\' if in_string => {
                chars.next_if(|(_, n)| *n != '\n');
            }
            '/' if !in_string && chars.peek().is_some_and(|(_, n)| *n == '/') => {
                while chars.next_if(|(_, n)| *n != '\n').is_some() {}
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

/// A pest error of the slice `text[from..end]`, in words, located in the file.
fn from_pest(e: &Error<Rule>, text: &str, from: usize, end: usize, context: Context) -> ParseError {
    let pos = match e.location {
        InputLocation::Pos(p) | InputLocation::Span((p, _)) => from + p,
    };
    let positives: &[Rule] = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    // Where the slice runs out, point just after its last token rather than at the white space
    // (often a blank line) before the next item.
    let last = last_token_end(text, from, end);
    let found = if pos >= last {
        None
    } else {
        token(text, pos, end)
    };
    let at = if found.is_none() { last.min(pos) } else { pos };
    let span = match found {
        Some(tok) => Span::new(at, at + tok.len()),
        None => char_span(text, at),
    };

    if let Some(tok) = found
        && let Some(error) = literal_error(tok, at)
    {
        return error;
    }

    if text.get(at..).is_some_and(|rest| rest.starts_with("=>")) {
        return ParseError {
            code: "E0002",
            message: "a lambda `x => …` is allowed only as an argument of a call".into(),
            span: Span::new(at, at + 2),
            label: "a lambda here".into(),
            help: Some(
                "the list operators take one: `count(xs, x => x > 0)`, `all(…)`, `map(…)`".into(),
            ),
        };
    }

    let words = expected(positives, context);
    let label = match found {
        Some(tok) => format!("unexpected `{}`", shorten(tok)),
        None => "expected here".to_owned(),
    };

    // A member keyword misspelled, or something else where a member starts.
    if words == ["a member"]
        && let Some(tok) = found
    {
        let word = leading_word(tok);
        let help = match word.and_then(|w| closest(w, &keywords::MEMBER[..])) {
            Some(k) => format!("did you mean `{k}`?"),
            None => "a decision holds `input`, `output`, `let`, `require`, `when … then { … } because …` and `otherwise`".to_owned(),
        };
        return ParseError {
            code: "E0002",
            message: format!("expected a member, found `{}`", shorten(tok)),
            span,
            label,
            help: Some(help),
        };
    }
    if words == ["an item"]
        && let Some(tok) = found
    {
        return ParseError {
            code: "E0002",
            message: format!("expected an item, found `{}`", shorten(tok)),
            span,
            label,
            help: Some(format!("an item starts with {}", list(&keywords::ITEM[..]))),
        };
    }
    if words == ["the end of the line"]
        && let Some(tok) = found
    {
        return ParseError {
            code: "E0002",
            message: format!("unexpected `{}` after the {}", shorten(tok), context.noun()),
            span,
            label,
            help: Some(format!("start the next {} on a new line", context.noun())),
        };
    }

    let mut message = match words.as_slice() {
        [] => "this does not parse".to_owned(),
        [one] => format!("expected {one}"),
        [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
    };
    let mut help = None;
    if let Some(tok) = found
        && is_keyword(tok)
    {
        if words.contains(&"a name") {
            message = format!("{message}, found keyword `{tok}`");
            help = Some(format!("`{tok}` is a reserved word and cannot be a name"));
        } else if words.contains(&"an expression") {
            message = format!("{message}, found keyword `{tok}`");
        }
    }
    ParseError {
        code: "E0002",
        message,
        span,
        label,
        help,
    }
}

/// An unclosed string, an unknown escape, or a malformed date or time where the error is.
fn literal_error(tok: &str, at: usize) -> Option<ParseError> {
    if tok.starts_with('"') {
        let mut chars = tok.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return None,
                '\\' => match chars.next() {
                    Some((_, '"' | '\\' | 'n' | 't')) => {}
                    Some((j, other)) => {
                        let end = j + other.len_utf8();
                        return Some(ParseError {
                            code: "E0002",
                            message: format!(
                                "unknown escape `{}` in a string",
                                tok.get(i..end).unwrap_or_default()
                            ),
                            span: Span::new(at + i, at + end),
                            label: "unknown escape".into(),
                            help: Some(
                                r#"a string may use the escapes `\"`, `\\`, `\n` and `\t`"#.into(),
                            ),
                        });
                    }
                    None => break,
                },
                _ => {}
            }
        }
        return Some(ParseError {
            code: "E0002",
            message: "unclosed string".into(),
            span: Span::new(at, at + 1),
            label: "this string is never closed".into(),
            help: Some("add `\"` before the end of the line".into()),
        });
    }
    if tok.starts_with(|c: char| c.is_ascii_digit()) {
        // A well-formed date or time here is unexpected, not malformed.
        let shape: String = tok
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect();
        if shape == "9999-99-99" || shape == "99:99" {
            return None;
        }
        let (what, form) = if tok.matches('-').count() >= 2 {
            ("date", "`YYYY-MM-DD`, as in `2023-05-10`")
        } else if tok.contains(':') {
            ("time", "`HH:MM`, as in `08:00`")
        } else {
            return None;
        };
        return Some(ParseError {
            code: "E0002",
            message: format!("malformed {what} `{tok}`"),
            span: Span::new(at, at + tok.len()),
            label: format!("not a {what}"),
            help: Some(format!("a {what} is written {form}")),
        });
    }
    None
}

/// The words for what pest expected. The ways to continue an expression (an operator, `.`, a
/// call's `(`) are offered only when nothing else was expected there.
fn expected(positives: &[Rule], context: Context) -> Vec<&'static str> {
    // Where a member or an item may start, say that rather than list its keywords.
    let starts = |rules: &[Rule]| positives.iter().any(|r| rules.contains(r));
    if context == Context::Member
        && starts(&[
            Rule::kw_input,
            Rule::kw_output,
            Rule::kw_let,
            Rule::input_decl,
            Rule::output_decl,
            Rule::let_decl,
            Rule::member_only,
        ])
    {
        return vec!["a member"];
    }
    if starts(&[
        Rule::kw_version,
        Rule::kw_decision,
        Rule::kw_param,
        Rule::version_item,
        Rule::decision_item,
        Rule::param_item,
        Rule::item,
        Rule::item_any,
        Rule::item_only,
    ]) {
        return vec!["an item"];
    }
    // Where an expression may start, its first tokens (`(`, `[`, a name, a string…) are all
    // reported; they are one thing to the author.
    let collapsed: Vec<Rule>;
    let has = |rule: Rule| positives.contains(&rule);
    let expression_start = positives.iter().any(|r| is_expression_start(*r))
        || (has(Rule::string) && has(Rule::lparen) && has(Rule::lbrack));
    let positives = if expression_start {
        collapsed = positives
            .iter()
            .copied()
            .filter(|r| {
                !matches!(
                    r,
                    Rule::ident
                        | Rule::string
                        | Rule::lparen
                        | Rule::lbrack
                        | Rule::lbrace
                        | Rule::record_body
                )
            })
            .chain([Rule::expr])
            .collect();
        collapsed.as_slice()
    } else {
        positives
    };
    let strong: Vec<Rule> = positives
        .iter()
        .copied()
        .filter(|r| !is_continuation(*r) && !is_infix(*r) && *r != Rule::EOI)
        .collect();
    let chosen: Vec<Rule> = if strong.is_empty() {
        positives
            .iter()
            .copied()
            .filter(|r| !is_continuation(*r))
            .collect()
    } else {
        let mut with_end = strong;
        with_end.extend(positives.iter().copied().filter(|r| *r == Rule::EOI));
        with_end
    };
    let chosen = if chosen.is_empty() {
        positives.to_vec()
    } else {
        chosen
    };
    let mut words: Vec<&'static str> = chosen
        .into_iter()
        .filter_map(|r| word(r, context))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

fn is_expression_start(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::expr
            | Rule::op_neg
            | Rule::op_not
            | Rule::name_expr
            | Rule::date_lit
            | Rule::time_lit
            | Rule::number
            | Rule::number_lit
            | Rule::kw_if
            | Rule::if_expr
            | Rule::paren
            | Rule::list_lit
            | Rule::lambda
    )
}

/// What may follow a complete expression or type: offered only when nothing else is expected.
fn is_continuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::call_open
            | Rule::lit_open
            | Rule::field_access
            | Rule::optional_mark
            | Rule::money_unit
            | Rule::duration_unit
            | Rule::percent_sign
    )
}

/// A rule in words: literal tokens in backticks, the rest as what they are.
fn word(rule: Rule, context: Context) -> Option<&'static str> {
    Some(match rule {
        Rule::lbrace | Rule::record_body | Rule::lit_open | Rule::lit_body => "`{`",
        Rule::rbrace => "`}`",
        Rule::lbrack | Rule::list_type => "`[`",
        Rule::rbrack => "`]`",
        Rule::lparen | Rule::call_open => "`(`",
        Rule::rparen => "`)`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::assign => "`=`",
        Rule::at | Rule::cite => "`@`",
        Rule::field_access => "`.`",
        Rule::optional_mark => "`?`",
        Rule::ident | Rule::qual_name => "a name",
        Rule::string | Rule::string_inner => "a string",
        Rule::expr
        | Rule::number_lit
        | Rule::number
        | Rule::date_lit
        | Rule::time_lit
        | Rule::paren
        | Rule::if_expr
        | Rule::list_lit
        | Rule::name_expr
        | Rule::kw_if
        | Rule::op_neg
        | Rule::op_not
        | Rule::lambda => "an expression",
        Rule::type_expr => "a type",
        Rule::kw_else => "`else`",
        Rule::kw_then => "`then`",
        Rule::kw_because => "`because`",
        Rule::kw_given => "`given`",
        Rule::kw_decide => "`decide`",
        Rule::kw_expect => "`expect`",
        Rule::kw_with => "`with`",
        Rule::kw_where => "`where`",
        Rule::kw_descriptive => "`descriptive`",
        Rule::kw_label | Rule::reason_label => "`label`",
        Rule::kw_rejected | Rule::expect_rejected => "`rejected`",
        Rule::kw_require | Rule::rule_require => "`require`",
        Rule::input_where => "`where`",
        Rule::when_clause | Rule::kw_when => "`when`",
        Rule::kw_otherwise => "`otherwise`",
        Rule::kw_input
        | Rule::kw_output
        | Rule::kw_let
        | Rule::input_decl
        | Rule::output_decl
        | Rule::let_decl
        | Rule::require_decl
        | Rule::rule_decl
        | Rule::member_only => "a member",
        Rule::header_field => "a header field",
        Rule::variant => "a variant",
        Rule::field_decl | Rule::field_init => "a field",
        Rule::money_unit | Rule::duration_unit | Rule::percent_sign => "a unit",
        Rule::docs | Rule::doc if context == Context::Member => "a member",
        Rule::item
        | Rule::item_any
        | Rule::item_only
        | Rule::docs
        | Rule::doc
        | Rule::kw_version
        | Rule::kw_section
        | Rule::kw_param
        | Rule::kw_enum
        | Rule::kw_record
        | Rule::kw_decision
        | Rule::kw_test
        | Rule::kw_property
        | Rule::property_item
        | Rule::version_item
        | Rule::section_item
        | Rule::param_item
        | Rule::enum_item
        | Rule::record_item
        | Rule::decision_item
        | Rule::test_item => "an item",
        Rule::EOI => "the end of the line",
        r if is_infix(r) => "an operator",
        _ => return None,
    })
}

/// The closest keyword within two edits, if any.
fn closest(word: &str, keywords: &[&'static str]) -> Option<&'static str> {
    if word.chars().count() < 2 {
        return None;
    }
    keywords
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len().min(word.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A word at the very start of `s` (a letter or `_`, then letters, digits, `_`).
fn leading_word(s: &str) -> Option<&str> {
    let first = s.chars().next()?;
    if !(first.is_alphabetic() || first == '_') {
        return None;
    }
    let len = s
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(s.len(), |(i, _)| i);
    s.get(..len)
}

/// The offset of the first byte at or after `at` that is no white space, `//` comment or
/// `///` doc comment.
fn skip_trivia(text: &str, mut at: usize) -> usize {
    loop {
        let Some(rest) = text.get(at..) else {
            return at;
        };
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return at;
        }
    }
}

/// The end of the last character in `text[from..end]` that is no white space or comment.
fn last_token_end(text: &str, from: usize, end: usize) -> usize {
    let slice = text.get(from..end).unwrap_or_default();
    let mut last = from;
    for line_start in line_starts(slice) {
        let line = slice.get(line_start..).unwrap_or_default();
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let code = strip_comment(line).trim_end();
        if !code.is_empty() {
            last = from + line_start + code.len();
        }
    }
    last
}

fn line_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(s.match_indices('\n').map(|(i, _)| i + 1))
}

/// The line without a `//` comment (one outside a string).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => in_string = !in_string,
            '\\' if in_string => {
                chars.next();
            }
            '/' if !in_string && chars.peek().is_some_and(|(_, n)| *n == '/') => {
                return line.get(..i).unwrap_or(line);
            }
            _ => {}
        }
    }
    line
}

/// The token starting at `at`: a word, a number-like run (`2023-05-101`), a string up to its
/// closing quote or the end of the line, or one character.
fn token(text: &str, at: usize, end: usize) -> Option<&str> {
    let rest = text.get(at..end.max(at))?;
    let first = rest.chars().next()?;
    let len = if first.is_alphabetic() || first == '_' {
        leading_word(rest).map_or(first.len_utf8(), str::len)
    } else if first.is_ascii_digit() {
        rest.char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | ':' | '.' | '_')))
            .map_or(rest.len(), |(i, _)| i)
    } else if first == '"' {
        let line = rest.find('\n').unwrap_or(rest.len());
        let mut chars = rest.char_indices().skip(1);
        let mut close = line;
        while let Some((i, c)) = chars.next() {
            if i >= line {
                break;
            }
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    close = i + 1;
                    break;
                }
                _ => {}
            }
        }
        close
    } else {
        first.len_utf8()
    };
    rest.get(..len)
}

/// The span of the token at `at`, or one character.
fn token_span(text: &str, at: usize, end: usize) -> Span {
    match token(text, at, end) {
        Some(tok) => Span::new(at, at + tok.len()),
        None => char_span(text, at),
    }
}

/// The character at `at` (a whole one: `\u{a0}` is two bytes), or an empty span at the end.
fn char_span(text: &str, at: usize) -> Span {
    let len = text
        .get(at..)
        .and_then(|r| r.chars().next())
        .map_or(0, char::len_utf8);
    let at = at.min(text.len());
    Span::new(at, at + len)
}

/// A long token (a string) cut for the message.
fn shorten(tok: &str) -> String {
    const MAX: usize = 30;
    // An invisible character is named by its code point.
    if let [c] = tok.chars().collect::<Vec<_>>()[..]
        && (c.is_whitespace() || c.is_control())
    {
        return format!("U+{:04X}", u32::from(c));
    }
    if tok.chars().count() <= MAX {
        tok.to_owned()
    } else {
        let cut: String = tok.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
