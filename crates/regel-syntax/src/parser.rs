//! pest pairs → typed tree. The grammar guarantees the shape of every pair it accepts, so the
//! builder walks them without failing; where a pair is not what it expects it falls back to an
//! empty value instead of panicking.
//!
//! A file is parsed once. The grammar turns what does not parse into `error_item`s (top level)
//! and `bad_member`s (inside a decision); only those slices are parsed again, on their own, to
//! put the error in words ([`errors`]). Two things are checked here rather than in the grammar,
//! because the grammar is faster without them: a keyword used as a name (reported; and where an
//! operand starts, the file is parsed again with `file_strict` so that it recovers as if keywords
//! were never names), and expressions nested deeper than [`MAX_DEPTH`] or taller than
//! [`MAX_HEIGHT`] (reported; the tree and every pass over it recurse).

use std::cell::Cell;
use std::sync::LazyLock;

use pest::Parser as _;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use crate::ast::*;

mod errors;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/regel.pest"]
pub(crate) struct RegelParser;

/// Parses a file. Never fails: what does not parse is reported in [`File::errors`] and the
/// rest is kept.
pub fn parse(text: &str) -> File {
    let (file, keyword_operand) = parse_with(Rule::file, text);
    if keyword_operand {
        // Only a broken file reads a keyword as an operand: parse it again, strictly, so that
        // the errors and the items recovered around them are the right ones.
        return parse_with(Rule::file_strict, text).0;
    }
    file
}

/// Parses with `rule` (`file` or `file_strict`); also says whether a keyword was read as an
/// operand.
fn parse_with(rule: Rule, text: &str) -> (File, bool) {
    let mut file = File::default();
    let mut keyword_operand = false;
    let pairs = match RegelParser::parse(rule, text) {
        Ok(pairs) => pairs,
        Err(e) => {
            // The file rule accepts any text; only a resource limit (a file nested so deeply
            // that the parser would run out of stack) lands here.
            file.errors.push(errors::whole_file(&e, text));
            return (file, false);
        }
    };
    // The item just before, as (start, end), for an error that starts on its last line.
    let mut previous: Option<(usize, usize)> = None;
    let top = pairs.flat_map(|file_pair| file_pair.into_inner());
    for pair in top {
        match pair.as_rule() {
            Rule::item => {
                let start = pair.as_span().start();
                let builder = Builder::new(start);
                let mut item = builder.item(pair, text);
                if let ItemKind::Decision(d) = &mut item.kind {
                    rejoin_broken_rules(&mut d.members, &item.text);
                }
                collect_member_errors(&item, start, text, &mut file.errors);
                file.errors.extend(builder.errors.take());
                keyword_operand |= builder.keyword_operand.get();
                previous = Some((start, start + item.text.len()));
                file.items.push(item);
            }
            Rule::error_item => {
                let (start, end) = (pair.as_span().start(), pair.as_span().end());
                let from = match previous {
                    Some((item_start, item_end)) if same_line(text, item_end, start) => item_start,
                    _ => start,
                };
                file.errors
                    .push(errors::broken_item(text, start, end, from));
                previous = None;
            }
            _ => {}
        }
    }
    // Member errors and the builder's come per item, each in order; merge them into file order.
    file.errors.sort_by_key(|e| e.span.start);
    (file, keyword_operand)
}

/// Whether only spaces and tabs lie between `a` and `b`, so `b` is on the line where `a` is.
fn same_line(text: &str, a: usize, b: usize) -> bool {
    a <= b
        && text
            .get(a..b)
            .is_some_and(|between| !between.contains('\n'))
}

/// A rule whose first line is broken leaves its lines as members of their own: the `when …`
/// line and the `then { … }` line become bad members, but a rule-level `require … else …` line
/// between them parses as a member. Such a `require` belongs to the broken rule: the lines from
/// the `when` to the `then` become one bad member.
fn rejoin_broken_rules(members: &mut Vec<Member>, item_text: &str) {
    let starts_with = |span: Span, word: &str| {
        item_text
            .get(span.range())
            .is_some_and(|t| t.starts_with(word) && !t[word.len()..].starts_with(is_word_char))
    };
    let mut i = 0;
    while i < members.len() {
        let Member::Error(head) = members[i] else {
            i += 1;
            continue;
        };
        let requires = members[i + 1..]
            .iter()
            .take_while(|m| matches!(m, Member::Require(_)))
            .count();
        if requires > 0
            && let Some(Member::Error(tail)) = members.get(i + 1 + requires)
            && (starts_with(head, "when") || starts_with(head, "otherwise"))
            && starts_with(*tail, "then")
        {
            let joined = head.to(*tail);
            members.splice(i..=i + 1 + requires, [Member::Error(joined)]);
        }
        i += 1;
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Consecutive bad member lines of a decision make one error.
fn collect_member_errors(item: &Item, base: usize, text: &str, out: &mut Vec<ParseError>) {
    let ItemKind::Decision(d) = &item.kind else {
        return;
    };
    // (start of the run, end of the run, start of the member it continues)
    let mut run: Option<(usize, usize, usize)> = None;
    // The run so far holds only doc comments (which belong to the line after them).
    let mut only_docs = false;
    let mut previous: Option<Span> = None;
    let flush = |run: &mut Option<(usize, usize, usize)>, out: &mut Vec<ParseError>| {
        if let Some((start, end, from)) = run.take() {
            out.push(errors::broken_member(text, start, end, from));
        }
    };
    for member in &d.members {
        match member {
            Member::Error(span) => {
                let (start, end) = (base + span.start as usize, base + span.end as usize);
                let line = text.get(start..end).unwrap_or_default();
                // The lines of one broken member (`when …` / `then { … }` / `because …`) make
                // one error; a line that starts otherwise starts a new one.
                if !only_docs && !continues_member(line) {
                    flush(&mut run, out);
                }
                let is_doc = line.starts_with("///");
                only_docs = is_doc && (only_docs || run.is_none());
                run = Some(match run {
                    Some((s, _, from)) => (s, end, from),
                    None => {
                        let from = match previous {
                            Some(p) if same_line(text, base + p.end as usize, start) => {
                                base + p.start as usize
                            }
                            _ => start,
                        };
                        (start, end, from)
                    }
                });
            }
            other => {
                flush(&mut run, out);
                previous = member_span(other);
            }
        }
    }
    flush(&mut run, out);
}

/// Whether a bad member line reads as the continuation of the line before: it starts with a
/// word that continues a rule or an expression, or with punctuation.
fn continues_member(line: &str) -> bool {
    if line.starts_with("///") {
        return false;
    }
    let word: String = line
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    word.is_empty()
        || matches!(
            word.as_str(),
            "then" | "because" | "require" | "else" | "and" | "or" | "not" | "in"
        )
}

fn member_span(member: &Member) -> Option<Span> {
    Some(match member {
        Member::Input(m) => m.span,
        Member::Output(m) => m.span,
        Member::Let(m) => m.span,
        Member::Require(m) => m.span,
        Member::Rule(m) => m.span,
        Member::Error(_) => return None,
    })
}

/// How deep expressions and types may nest (parentheses, lists, calls, records, lambdas), and
/// how tall their tree may grow (a chain of `n` operators is `n` levels tall), before the builder
/// stops following them. The builder, the tree's `Drop` and every pass over the tree recurse: a
/// pathological input must give an error, not overflow the stack. Real policies stay far below
/// both.
const MAX_DEPTH: u32 = 64;
const MAX_HEIGHT: u32 = 500;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_coalesce, Assoc::Left))
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
        .op(Op::postfix(Rule::field_access))
});

/// Builds nodes with spans relative to `base`, the item's first byte.
struct Builder {
    base: usize,
    /// How many expressions or types enclose the one being built.
    depth: Cell<u32>,
    /// How tall the tree above the one being built may be: each enclosing expression or type
    /// counts one, plus one per operator it holds.
    height: Cell<u32>,
    /// Errors found while building: a keyword used as a name, an expression nested too deeply.
    errors: Cell<Vec<ParseError>>,
    /// Whether an expression or type nested too deeply was reported (once per item).
    too_deep: Cell<bool>,
    /// Whether a keyword was read as a name where an operand starts.
    keyword_operand: Cell<bool>,
}

fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

impl Builder {
    fn new(base: usize) -> Self {
        Builder {
            base,
            depth: Cell::new(0),
            height: Cell::new(0),
            errors: Cell::new(Vec::new()),
            too_deep: Cell::new(false),
            keyword_operand: Cell::new(false),
        }
    }

    /// Enters the expression or type `pair`: its height (to give back to [`Builder::leave`]),
    /// or `None` (and the place reported) when it would nest too deeply or grow too tall.
    fn enter(&self, pair: &Pair<'_, Rule>, what: &'static str) -> Option<u32> {
        let (depth, height) = (self.depth.get(), self.height.get());
        let own = operators(pair).saturating_add(1);
        if depth >= MAX_DEPTH || height.saturating_add(own) > MAX_HEIGHT {
            if !self.too_deep.replace(true) {
                self.report(errors::too_deep(pair.as_span().start(), what));
            }
            return None;
        }
        self.depth.set(depth + 1);
        self.height.set(height + own);
        Some(own)
    }

    fn leave(&self, own: u32) {
        self.depth.set(self.depth.get().saturating_sub(1));
        self.height.set(self.height.get().saturating_sub(own));
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        Span::new(
            start.saturating_sub(self.base),
            exact_end(pair).saturating_sub(self.base),
        )
    }

    fn report(&self, error: ParseError) {
        let mut errors = self.errors.take();
        errors.push(error);
        self.errors.set(errors);
    }

    /// A name. The grammar reads keywords as names too (it is faster that way); a keyword used
    /// as a name is reported here.
    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        let name = pair.as_str();
        if errors::is_keyword(name) {
            let span = pair.as_span();
            self.report(errors::keyword_as_name(name, span.start(), span.end()));
        }
        Ident {
            name: name.to_owned(),
            span: self.span(&pair),
        }
    }

    fn string(&self, pair: Pair<'_, Rule>) -> StrLit {
        let span = self.span(&pair);
        let raw = pair
            .into_inner()
            .next()
            .map(|p| p.as_str())
            .unwrap_or_default();
        StrLit {
            value: unescape(raw),
            span,
        }
    }

    fn qual_name(&self, pair: Pair<'_, Rule>) -> QualName {
        let span = self.span(&pair);
        QualName {
            parts: pair.into_inner().map(|p| self.ident(p)).collect(),
            span,
        }
    }

    fn docs(&self, pair: Pair<'_, Rule>) -> Vec<String> {
        pair.into_inner()
            .map(|d| {
                let text = d.as_str().trim_start_matches("///");
                text.strip_prefix(' ').unwrap_or(text).trim_end().to_owned()
            })
            .collect()
    }

    fn item(&self, pair: Pair<'_, Rule>, text: &str) -> Item {
        let (start, end) = (pair.as_span().start(), exact_end(&pair));
        let mut inner = pair.into_inner().peekable();
        let doc = match inner.next_if(|p| p.as_rule() == Rule::docs) {
            Some(docs) => self.docs(docs),
            None => Vec::new(),
        };
        let kind = match inner.next() {
            Some(body) => self.item_kind(body),
            None => ItemKind::Section(Section {
                number: empty_str(),
                title: empty_str(),
                descriptive: None,
                span: Span::default(),
            }),
        };
        Item {
            offset: u32::try_from(start).unwrap_or(u32::MAX),
            text: text.get(start..end).unwrap_or_default().to_owned(),
            doc,
            kind,
        }
    }

    fn item_kind(&self, pair: Pair<'_, Rule>) -> ItemKind {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut p = Parts::new(pair);
        match rule {
            Rule::version_item => {
                let id = p.string(self);
                let fields = p
                    .all(Rule::header_field)
                    .into_iter()
                    .map(|f| {
                        let mut fp = Parts::new(f);
                        HeaderField {
                            key: fp.ident(self),
                            value: fp.expr(self),
                        }
                    })
                    .collect();
                ItemKind::Version(VersionHeader { id, fields, span })
            }
            Rule::section_item => ItemKind::Section(Section {
                number: p.string(self),
                title: p.string(self),
                descriptive: p.skip_kw(Rule::kw_descriptive).then(|| p.string(self)),
                span,
            }),
            Rule::param_item => ItemKind::Param(Param {
                name: p.ident(self),
                ty: p.type_expr(self),
                value: p.expr(self),
                domain: p.take(Rule::input_where).map(|w| Parts::new(w).expr(self)),
                cite: p.cite(self),
                span,
            }),
            Rule::enum_item => ItemKind::Enum(EnumDef {
                name: p.ident(self),
                cite: p.cite(self),
                variants: p
                    .all(Rule::variant)
                    .into_iter()
                    .map(|v| {
                        let mut vp = Parts::new(v);
                        Variant {
                            doc: vp.docs(self),
                            name: vp.ident(self),
                        }
                    })
                    .collect(),
                span,
            }),
            Rule::record_item => ItemKind::Record(RecordDef {
                name: p.ident(self),
                cite: p.cite(self),
                fields: p
                    .all(Rule::field_decl)
                    .into_iter()
                    .map(|f| {
                        let mut fp = Parts::new(f);
                        FieldDecl {
                            doc: fp.docs(self),
                            name: fp.ident(self),
                            ty: fp.type_expr(self),
                        }
                    })
                    .collect(),
                span,
            }),
            Rule::decision_item => {
                let name = p.qual_name(self);
                let cite = p.cite(self);
                let members = p.rest().map(|m| self.member(m)).collect();
                ItemKind::Decision(Decision {
                    name,
                    cite,
                    members,
                    span,
                })
            }
            Rule::property_item => {
                let name = p.string(self);
                p.skip_kw(Rule::kw_decide);
                let decision = p.qual_name(self);
                let assume = p.take(Rule::property_when).map(|w| {
                    let mut wp = Parts::new(w);
                    wp.skip_kw(Rule::kw_when);
                    wp.expr(self)
                });
                p.skip_kw(Rule::kw_expect);
                let expect = p.expr(self);
                ItemKind::Property(PropertyBlock {
                    name,
                    decision,
                    assume,
                    expect,
                    span,
                })
            }
            _ => ItemKind::Test(self.test(p, span)),
        }
    }

    fn test(&self, mut p: Parts<'_>, span: Span) -> TestBlock {
        let name = p.string(self);
        let decision = p.qual_name(self);
        let given_pair = p.take(Rule::record_body);
        let given_span = given_pair
            .as_ref()
            .map(|g| self.span(g))
            .unwrap_or_default();
        let given = given_pair.map(|g| self.field_inits(g)).unwrap_or_default();
        let with = if p.skip_kw(Rule::kw_with) {
            p.take(Rule::record_body).map(|w| self.field_inits(w))
        } else {
            None
        };
        p.skip_kw(Rule::kw_expect);
        let expect = match p.next() {
            Some(pair) if pair.as_rule() == Rule::expect_rejected => {
                let espan = self.span(&pair);
                let mut ep = Parts::new(pair);
                Expect::Rejected {
                    reason: ep.ident(self),
                    span: espan,
                }
            }
            Some(pair) => Expect::Output {
                span: self.span(&pair),
                fields: self.field_inits(pair),
            },
            None => Expect::Output {
                fields: Vec::new(),
                span,
            },
        };
        TestBlock {
            name,
            decision,
            given,
            given_span,
            overrides: with.unwrap_or_default(),
            expect,
            span,
        }
    }

    fn member(&self, pair: Pair<'_, Rule>) -> Member {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut p = Parts::new(pair);
        match rule {
            Rule::input_decl => Member::Input(InputDecl {
                doc: p.docs(self),
                name: p.ident(self),
                ty: p.type_expr(self),
                default: p.opt_expr(self),
                domain: p.take(Rule::input_where).map(|w| Parts::new(w).expr(self)),
                span,
            }),
            Rule::output_decl => Member::Output(OutputDecl {
                doc: p.docs(self),
                name: p.ident(self),
                ty: p.opt_type_expr(self),
                value: p.opt_expr(self),
                span,
            }),
            Rule::let_decl => Member::Let(LetDecl {
                doc: p.docs(self),
                name: p.ident(self),
                value: p.expr(self),
                span,
            }),
            Rule::require_decl => {
                let doc = p.docs(self);
                Member::Require(Require {
                    doc,
                    ..self.require(p, span)
                })
            }
            Rule::rule_decl => Member::Rule(self.rule(p, span)),
            _ => Member::Error(span),
        }
    }

    fn require(&self, mut p: Parts<'_>, span: Span) -> Require {
        Require {
            doc: Vec::new(),
            cond: p.expr(self),
            reason: p.ident(self),
            label: p.reason_label(self),
            cite: p.cite(self),
            span,
        }
    }

    fn rule(&self, mut p: Parts<'_>, span: Span) -> Rule_ {
        // Keywords are skipped as punctuation on the way: find `otherwise` before that.
        let otherwise = p
            .pairs
            .clone()
            .find(|k| k.as_rule() == Rule::kw_otherwise)
            .map(|k| self.span(&k));
        let doc = p.docs(self);
        let clause = p.take(Rule::when_clause);
        let head = match &clause {
            Some(w) => self.span(w),
            None => otherwise.unwrap_or_default(),
        };
        let when = clause.map(|w| Parts::new(w).expr(self));
        let requires = p
            .all(Rule::rule_require)
            .into_iter()
            .map(|r| {
                let rspan = self.span(&r);
                self.require(Parts::new(r), rspan)
            })
            .collect();
        let body = p.take(Rule::record_body);
        let outcome_span = body.as_ref().map(|b| self.span(b)).unwrap_or_default();
        let outcome = body.map(|b| self.field_inits(b)).unwrap_or_default();
        Rule_ {
            doc,
            when,
            requires,
            outcome,
            outcome_span,
            reason: p.ident(self),
            label: p.reason_label(self),
            cite: p.cite(self),
            head,
            span,
        }
    }

    fn field_inits(&self, body: Pair<'_, Rule>) -> Vec<FieldInit> {
        body.into_inner()
            .filter(|p| p.as_rule() == Rule::field_init)
            .map(|f| {
                let mut fp = Parts::new(f);
                FieldInit {
                    name: fp.ident(self),
                    value: fp.expr(self),
                }
            })
            .collect()
    }

    fn type_expr(&self, pair: Pair<'_, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let Some(own) = self.enter(&pair, "type") else {
            return error_type(span);
        };
        let ty = self.type_expr_inner(pair, span);
        self.leave(own);
        ty
    }

    fn type_expr_inner(&self, pair: Pair<'_, Rule>, span: Span) -> TypeExpr {
        let mut inner = pair.into_inner();
        let mut ty = match inner.next() {
            Some(atom) if atom.as_rule() == Rule::list_type => {
                let aspan = self.span(&atom);
                let element = atom.into_inner().find(|p| p.as_rule() == Rule::type_expr);
                let element = element
                    .map(|e| self.type_expr(e))
                    .unwrap_or_else(|| error_type(aspan));
                TypeExpr {
                    kind: TypeKind::List(Box::new(element)),
                    span: aspan,
                }
            }
            Some(atom) => TypeExpr {
                span: self.span(&atom),
                kind: TypeKind::Named(self.ident(atom)),
            },
            None => error_type(span),
        };
        for mark in inner {
            let mspan = self.span(&mark);
            ty = TypeExpr {
                span: ty.span.to(mspan),
                kind: TypeKind::Optional(Box::new(ty)),
            };
        }
        ty
    }

    fn expr(&self, pair: Pair<'_, Rule>) -> Expr {
        let Some(own) = self.enter(&pair, "expression") else {
            return null(self.span(&pair));
        };
        let expr = self.expr_inner(pair);
        self.leave(own);
        expr
    }

    /// An expression pair as the grammar shapes it (`prefix* primary postfix* (infix prefix*
    /// primary postfix*)*`), which is all the Pratt parser accepts.
    fn expr_inner(&self, pair: Pair<'_, Rule>) -> Expr {
        // Most expressions are one operand: build it without setting up the Pratt parser.
        let mut children = pair.clone().into_inner();
        if let (Some(only), None) = (children.next(), children.next())
            && is_primary(only.as_rule())
        {
            return self.primary(only);
        }
        PRATT
            .map_primary(|p| self.primary(p))
            .map_prefix(|op, operand| {
                let span = self.span(&op).to(operand.span);
                let op = if op.as_rule() == Rule::op_not {
                    UnaryOp::Not
                } else {
                    UnaryOp::Neg
                };
                Expr {
                    kind: ExprKind::Unary(op, Box::new(operand)),
                    span,
                }
            })
            .map_postfix(|base, op| {
                let span = base.span.to(self.span(&op));
                let field = op
                    .into_inner()
                    .next()
                    .map(|f| self.ident(f))
                    .unwrap_or_else(|| empty_ident(span));
                Expr {
                    kind: ExprKind::Field(Box::new(base), field),
                    span,
                }
            })
            .map_infix(|l, op, r| {
                let span = l.span.to(r.span);
                Expr {
                    kind: ExprKind::Binary(binary_op(op.as_rule()), Box::new(l), Box::new(r)),
                    span,
                }
            })
            .parse(pair.into_inner())
    }

    fn primary(&self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::date_lit => ExprKind::Date(pair.as_str().to_owned()),
            Rule::time_lit => ExprKind::Time(pair.as_str().to_owned()),
            Rule::string => ExprKind::Text(self.string(pair).value),
            Rule::number_lit => number(pair),
            // `(e)` is `e`, its span widened to the parentheses.
            Rule::paren => {
                let inner = pair.into_inner().find(|p| p.as_rule() == Rule::expr);
                let inner = inner.map(|e| self.expr(e)).unwrap_or_else(|| null(span));
                return Expr { span, ..inner };
            }
            Rule::if_expr => {
                let mut parts = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|e| self.expr(e));
                let (c, a, b) = (parts.next(), parts.next(), parts.next());
                let boxed = |e: Option<Expr>| Box::new(e.unwrap_or_else(|| null(span)));
                ExprKind::If(boxed(c), boxed(a), boxed(b))
            }
            Rule::list_lit => ExprKind::List(
                pair.into_inner()
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|e| self.expr(e))
                    .collect(),
            ),
            // `name`, `name(args)` or `Name { fields }`
            Rule::name_expr => {
                let mut inner = pair.into_inner();
                let first = inner.next();
                let tail = inner.next();
                // `true`, `false` and `null` are read as names by the grammar.
                if tail.is_none() {
                    match first.as_ref().map(|n| n.as_str()) {
                        Some("true") => {
                            return Expr {
                                kind: ExprKind::Bool(true),
                                span,
                            };
                        }
                        Some("false") => {
                            return Expr {
                                kind: ExprKind::Bool(false),
                                span,
                            };
                        }
                        Some("null") => {
                            return Expr {
                                kind: ExprKind::Null,
                                span,
                            };
                        }
                        _ => {}
                    }
                }
                if first
                    .as_ref()
                    .is_some_and(|n| errors::is_keyword(n.as_str()))
                {
                    self.keyword_operand.set(true);
                }
                let name = first
                    .map(|n| self.ident(n))
                    .unwrap_or_else(|| empty_ident(span));
                match tail {
                    Some(args) if args.as_rule() == Rule::call_args => ExprKind::Call(
                        name,
                        args.into_inner()
                            .filter(|p| matches!(p.as_rule(), Rule::expr | Rule::lambda))
                            .map(|a| self.arg(a))
                            .collect(),
                    ),
                    Some(body) => ExprKind::Record(Some(name), self.field_inits(body)),
                    None => ExprKind::Name(name),
                }
            }
            Rule::record_body => ExprKind::Record(None, self.field_inits(pair)),
            _ => ExprKind::Null,
        };
        Expr { kind, span }
    }

    fn arg(&self, pair: Pair<'_, Rule>) -> Expr {
        if pair.as_rule() != Rule::lambda {
            return self.expr(pair);
        }
        let span = self.span(&pair);
        let mut p = Parts::new(pair);
        let param = p.ident(self);
        let body = p.expr(self);
        Expr {
            kind: ExprKind::Lambda(param, Box::new(body)),
            span,
        }
    }
}

/// The operators of an expression (or the `?` of a type): each makes its tree one level taller.
fn operators(pair: &Pair<'_, Rule>) -> u32 {
    let count = pair
        .clone()
        .into_inner()
        .filter(|child| {
            let rule = child.as_rule();
            is_infix(rule)
                || matches!(
                    rule,
                    Rule::op_not | Rule::op_neg | Rule::field_access | Rule::optional_mark
                )
        })
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The rules an expression's operand (a Pratt primary) can be.
fn is_primary(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::name_expr
            | Rule::date_lit
            | Rule::time_lit
            | Rule::number_lit
            | Rule::string
            | Rule::paren
            | Rule::list_lit
            | Rule::record_body
            | Rule::if_expr
    )
}

/// A binary operator token (also used to word parse errors).
pub(crate) fn is_infix(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::op_coalesce
            | Rule::op_or
            | Rule::op_and
            | Rule::op_eq
            | Rule::op_ne
            | Rule::op_le
            | Rule::op_ge
            | Rule::op_lt
            | Rule::op_gt
            | Rule::op_in
            | Rule::op_add
            | Rule::op_sub
            | Rule::op_mul
            | Rule::op_div
    )
}

/// Where a pair's own text ends. pest skips white space and comments before trying a trailing
/// optional part (`cite?`, `(assign ~ expr)?`), and keeps them in the pair's span even when the
/// part is absent; the last child's end is where the construct really ends.
fn exact_end(pair: &Pair<'_, Rule>) -> usize {
    if ends_exactly(pair.as_rule()) {
        return pair.as_span().end();
    }
    match pair.clone().into_inner().next_back() {
        Some(last) => exact_end(&last),
        None => pair.as_span().end(),
    }
}

/// Rules whose pair ends at their last token: atomic ones, and those closed by a token or ending
/// in a part that is not optional. (A rule missing here only costs a walk to its last child.)
fn ends_exactly(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::ident
            | Rule::string
            | Rule::qual_name
            | Rule::number
            | Rule::date_lit
            | Rule::time_lit
            | Rule::money_unit
            | Rule::duration_unit
            | Rule::percent_sign
            | Rule::field_access
            | Rule::docs
            | Rule::doc
            | Rule::bad_member
            | Rule::error_item
            | Rule::version_item
            | Rule::enum_item
            | Rule::record_item
            | Rule::decision_item
            | Rule::test_item
            | Rule::property_item
            | Rule::variant
            | Rule::cite
            | Rule::reason_label
            | Rule::expect_rejected
            | Rule::paren
            | Rule::list_lit
            | Rule::call_args
            | Rule::lit_body
            | Rule::record_body
            | Rule::list_type
            | Rule::optional_mark
            | Rule::rbrace
            | Rule::rbrack
            | Rule::rparen
    )
}

// `Rule` is pest's; the syntax tree's rule is renamed here to keep both readable.
use crate::ast::Rule as Rule_;

fn number(pair: Pair<'_, Rule>) -> ExprKind {
    let mut inner = pair.into_inner();
    let digits = inner
        .next()
        .map(|d| d.as_str().to_owned())
        .unwrap_or_default();
    match inner.next() {
        Some(unit) if unit.as_rule() == Rule::money_unit => {
            let unit = if unit.as_str() == "mnkr" {
                MoneyUnit::Mnkr
            } else {
                MoneyUnit::Kr
            };
            ExprKind::Money(digits, unit)
        }
        Some(unit) if unit.as_rule() == Rule::duration_unit => {
            let unit = match unit.as_str().trim_end_matches('s') {
                "day" => DurationUnit::Days,
                "week" => DurationUnit::Weeks,
                "month" => DurationUnit::Months,
                _ => DurationUnit::Years,
            };
            ExprKind::Duration(digits, unit)
        }
        Some(_) => ExprKind::Percent(digits),
        None if digits.contains('.') => ExprKind::Decimal(digits),
        None => ExprKind::Int(digits),
    }
}

fn binary_op(rule: Rule) -> BinaryOp {
    match rule {
        Rule::op_coalesce => BinaryOp::Coalesce,
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_le => BinaryOp::Le,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_in => BinaryOp::In,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        _ => BinaryOp::Div,
    }
}

fn empty_str() -> StrLit {
    StrLit {
        value: String::new(),
        span: Span::default(),
    }
}

fn empty_ident(span: Span) -> Ident {
    Ident {
        name: String::new(),
        span,
    }
}

fn null(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Null,
        span,
    }
}

fn error_type(span: Span) -> TypeExpr {
    TypeExpr {
        kind: TypeKind::Named(empty_ident(span)),
        span,
    }
}

/// The children of a pair, skipping punctuation and keywords, taken in order.
struct Parts<'i> {
    pairs: std::iter::Peekable<Pairs<'i, Rule>>,
}

impl<'i> Parts<'i> {
    fn new(pair: Pair<'i, Rule>) -> Self {
        Parts {
            pairs: pair.into_inner().peekable(),
        }
    }

    fn skip_punctuation(&mut self) {
        while self
            .pairs
            .peek()
            .is_some_and(|p| is_punctuation(p.as_rule()))
        {
            self.pairs.next();
        }
    }

    fn next(&mut self) -> Option<Pair<'i, Rule>> {
        self.skip_punctuation();
        self.pairs.next()
    }

    /// The next child if it is a `rule`.
    fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        self.skip_punctuation();
        if self.pairs.peek().is_some_and(|p| p.as_rule() == rule) {
            self.pairs.next()
        } else {
            None
        }
    }

    fn skip_kw(&mut self, rule: Rule) -> bool {
        if self.pairs.peek().is_some_and(|p| p.as_rule() == rule) {
            self.pairs.next();
            return true;
        }
        false
    }

    fn all(&mut self, rule: Rule) -> Vec<Pair<'i, Rule>> {
        let mut out = Vec::new();
        while let Some(p) = self.take(rule) {
            out.push(p);
        }
        out
    }

    fn rest(&mut self) -> impl Iterator<Item = Pair<'i, Rule>> + '_ {
        std::iter::from_fn(move || self.next())
    }

    fn docs(&mut self, b: &Builder) -> Vec<String> {
        self.take(Rule::docs).map(|d| b.docs(d)).unwrap_or_default()
    }

    fn ident(&mut self, b: &Builder) -> Ident {
        self.take(Rule::ident)
            .map(|p| b.ident(p))
            .unwrap_or_else(|| empty_ident(Span::default()))
    }

    fn string(&mut self, b: &Builder) -> StrLit {
        self.take(Rule::string)
            .map(|p| b.string(p))
            .unwrap_or_else(empty_str)
    }

    fn qual_name(&mut self, b: &Builder) -> QualName {
        self.take(Rule::qual_name)
            .map(|p| b.qual_name(p))
            .unwrap_or(QualName {
                parts: Vec::new(),
                span: Span::default(),
            })
    }

    fn cite(&mut self, b: &Builder) -> Option<StrLit> {
        let cite = self.take(Rule::cite)?;
        cite.into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .map(|s| b.string(s))
    }

    /// `label "…"` after a reason code.
    fn reason_label(&mut self, b: &Builder) -> Option<StrLit> {
        let label = self.take(Rule::reason_label)?;
        label
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .map(|s| b.string(s))
    }

    fn expr(&mut self, b: &Builder) -> Expr {
        self.opt_expr(b).unwrap_or_else(|| null(Span::default()))
    }

    fn opt_expr(&mut self, b: &Builder) -> Option<Expr> {
        self.take(Rule::expr).map(|e| b.expr(e))
    }

    fn type_expr(&mut self, b: &Builder) -> TypeExpr {
        self.opt_type_expr(b)
            .unwrap_or_else(|| error_type(Span::default()))
    }

    fn opt_type_expr(&mut self, b: &Builder) -> Option<TypeExpr> {
        self.take(Rule::type_expr).map(|t| b.type_expr(t))
    }
}

fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lbrack
            | Rule::rbrack
            | Rule::lparen
            | Rule::rparen
            | Rule::colon
            | Rule::comma
            | Rule::assign
            | Rule::at
            | Rule::call_open
            | Rule::lit_open
            | Rule::kw_version
            | Rule::kw_section
            | Rule::kw_param
            | Rule::kw_enum
            | Rule::kw_record
            | Rule::kw_decision
            | Rule::kw_test
            | Rule::kw_property
            | Rule::kw_input
            | Rule::kw_output
            | Rule::kw_let
            | Rule::kw_require
            | Rule::kw_else
            | Rule::kw_when
            | Rule::kw_then
            | Rule::kw_because
            | Rule::kw_otherwise
            | Rule::kw_decide
            | Rule::kw_given
            | Rule::kw_rejected
            | Rule::kw_where
            | Rule::kw_label
    )
}
