//! pest pairs → typed tree. The grammar guarantees the shape of every pair it accepts, so the
//! builder walks them without failing; where a pair is not what it expects it falls back to an
//! empty value instead of panicking.

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
    let mut file = File::default();
    let pairs = match RegelParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(e) => {
            // The file rule accepts any text; only a pathological input (a call limit) lands here.
            file.errors.push(errors::from_pest(&e, 0, text.len()));
            return file;
        }
    };
    for pair in pairs
        .flatten()
        .filter(|p| matches!(p.as_rule(), Rule::item | Rule::error_item))
    {
        match pair.as_rule() {
            Rule::item => {
                let base = pair.as_span().start();
                let builder = Builder { base };
                let item = builder.item(pair.clone(), text);
                collect_member_errors(&item, base, text, &mut file.errors);
                file.items.push(item);
            }
            _ => file.errors.push(errors::broken_item(
                text,
                pair.as_span().start(),
                pair.as_span().end(),
            )),
        }
    }
    file
}

/// Consecutive bad member lines of a decision make one error.
fn collect_member_errors(item: &Item, base: usize, text: &str, out: &mut Vec<ParseError>) {
    let ItemKind::Decision(d) = &item.kind else {
        return;
    };
    let mut run: Option<Span> = None;
    let flush = |run: &mut Option<Span>, out: &mut Vec<ParseError>| {
        if let Some(span) = run.take() {
            out.push(errors::broken_member(
                text,
                base + span.start as usize,
                base + span.end as usize,
            ));
        }
    };
    for member in &d.members {
        match member {
            Member::Error(span) => {
                run = Some(run.map_or(*span, |r| r.to(*span)));
            }
            _ => flush(&mut run, out),
        }
    }
    flush(&mut run, out);
}

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
}

fn unescape(raw: &str) -> String {
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
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        Span::new(
            start.saturating_sub(self.base),
            exact_end(pair).saturating_sub(self.base),
        )
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_owned(),
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
        let mut inner = pair.into_inner();
        let doc = inner.next().map(|d| self.docs(d)).unwrap_or_default();
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
            Rule::let_decl => {
                p.docs(self);
                Member::Let(LetDecl {
                    name: p.ident(self),
                    value: p.expr(self),
                    span,
                })
            }
            Rule::require_decl => {
                p.docs(self);
                Member::Require(self.require(p, span))
            }
            Rule::rule_decl => Member::Rule(self.rule(p, span)),
            _ => Member::Error(span),
        }
    }

    fn require(&self, mut p: Parts<'_>, span: Span) -> Require {
        Require {
            cond: p.expr(self),
            reason: p.ident(self),
            cite: p.cite(self),
            span,
        }
    }

    fn rule(&self, mut p: Parts<'_>, span: Span) -> Rule_ {
        let doc = p.docs(self);
        let when = p.take(Rule::when_clause).map(|w| Parts::new(w).expr(self));
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
            cite: p.cite(self),
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
        let text = pair.as_str().to_owned();
        let kind = match pair.as_rule() {
            Rule::kw_true => ExprKind::Bool(true),
            Rule::kw_false => ExprKind::Bool(false),
            Rule::kw_null => ExprKind::Null,
            Rule::date_lit => ExprKind::Date(text),
            Rule::time_lit => ExprKind::Time(text),
            Rule::string => ExprKind::Text(self.string(pair).value),
            Rule::ident => ExprKind::Name(self.ident(pair)),
            Rule::number_lit => number(pair),
            Rule::paren => {
                let inner = pair.into_inner().find(|p| p.as_rule() == Rule::expr);
                return inner.map(|e| self.expr(e)).unwrap_or_else(|| null(span));
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
            Rule::call => {
                let mut inner = pair.into_inner();
                let name = inner
                    .next()
                    .map(|n| self.ident(n))
                    .unwrap_or_else(|| empty_ident(span));
                let args = inner
                    .filter(|p| matches!(p.as_rule(), Rule::expr | Rule::lambda))
                    .map(|a| self.arg(a))
                    .collect();
                ExprKind::Call(name, args)
            }
            Rule::record_lit => {
                let mut name = None;
                let mut fields = Vec::new();
                for part in pair.into_inner() {
                    match part.as_rule() {
                        Rule::ident => name = Some(self.ident(part)),
                        _ => fields = self.field_inits(part),
                    }
                }
                ExprKind::Record(name, fields)
            }
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

/// Where a pair's own text ends. pest skips white space and comments before trying a trailing
/// optional part (`cite?`, `(assign ~ expr)?`), and keeps them in the pair's span even when the
/// part is absent; the last child's end is where the construct really ends.
fn exact_end(pair: &Pair<'_, Rule>) -> usize {
    if matches!(
        pair.as_rule(),
        Rule::string | Rule::qual_name | Rule::ident | Rule::bad_member
    ) {
        return pair.as_span().end();
    }
    match pair.clone().into_inner().last() {
        Some(last) => exact_end(&last),
        None => pair.as_span().end(),
    }
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
            | Rule::kw_version
            | Rule::kw_section
            | Rule::kw_param
            | Rule::kw_enum
            | Rule::kw_record
            | Rule::kw_decision
            | Rule::kw_test
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
    )
}
