//! Every name in an item, resolved: the one walk behind hover, definition, references,
//! rename and semantic tokens.
//!
//! Resolution follows the checker's scopes closely enough for an editor: lambda parameters,
//! then the decision's inputs, `let`s and outputs, then parameters, then enum variants. A
//! variant written bare belongs, like in the checker, to the enum its place expects (an
//! output's or input's type, a parameter's, a record field's, the other side of `==` or
//! `in`), and otherwise to the first enum that has it.

use regel_compiler::ty::Ty;
use regel_compiler::{DecisionSig, Signatures};
use regel_syntax::{self as ast, Expr, ExprKind, ItemKind, Member, Span, TypeExpr, TypeKind};

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// An enum or a record.
    Type(String),
    Param(String),
    Decision(String),
    Test(String),
    Section(String),
    Variant {
        ty: String,
        name: String,
    },
    Field {
        ty: String,
        name: String,
    },
    /// An input, `let` or output of a decision.
    Local {
        decision: String,
        name: String,
    },
    /// A lambda parameter, known by where it is bound (absolute offset in its file).
    Lambda {
        at: u32,
        name: String,
    },
}

/// One name in a file: absolute byte span, what it refers to, and whether it defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub span: Span,
    pub symbol: Symbol,
    pub def: bool,
}

/// The names of one item whose first byte is at `offset` in its file.
pub fn occurrences(sigs: &Signatures, item: &ast::Item, offset: u32) -> Vec<Occurrence> {
    let mut walk = Walk {
        sigs,
        offset,
        out: Vec::new(),
        decision: None,
        lets: Vec::new(),
        lambdas: Vec::new(),
    };
    walk.item(item);
    walk.out
}

struct Walk<'a> {
    sigs: &'a Signatures,
    offset: u32,
    out: Vec<Occurrence>,
    decision: Option<&'a DecisionSig>,
    /// The `let`s of the decision walked so far.
    lets: Vec<String>,
    /// Lambda parameters in scope: name, binding offset, element type when known.
    lambdas: Vec<(String, u32, Option<Ty>)>,
}

impl<'a> Walk<'a> {
    fn push(&mut self, span: Span, symbol: Symbol, def: bool) {
        self.out.push(Occurrence {
            span: span.shift(self.offset),
            symbol,
            def,
        });
    }

    fn item(&mut self, item: &ast::Item) {
        match &item.kind {
            ItemKind::Version(_) => {}
            ItemKind::Section(s) => {
                self.push(s.number.span, Symbol::Section(s.number.value.clone()), true);
            }
            ItemKind::Param(p) => {
                self.push(p.name.span, Symbol::Param(p.name.name.clone()), true);
                self.ty(&p.ty);
                let expected = self
                    .sigs
                    .param_named(&p.name.name)
                    .map(|(_, s)| s.ty.clone());
                self.expr_as(&p.value, expected.as_ref());
                self.cite(p.cite.as_ref());
            }
            ItemKind::Enum(e) => {
                self.push(e.name.span, Symbol::Type(e.name.name.clone()), true);
                for v in &e.variants {
                    let symbol = Symbol::Variant {
                        ty: e.name.name.clone(),
                        name: v.name.name.clone(),
                    };
                    self.push(v.name.span, symbol, true);
                }
                self.cite(e.cite.as_ref());
            }
            ItemKind::Record(r) => {
                self.push(r.name.span, Symbol::Type(r.name.name.clone()), true);
                for f in &r.fields {
                    let symbol = Symbol::Field {
                        ty: r.name.name.clone(),
                        name: f.name.name.clone(),
                    };
                    self.push(f.name.span, symbol, true);
                    self.ty(&f.ty);
                }
                self.cite(r.cite.as_ref());
            }
            ItemKind::Decision(d) => self.decision(d),
            ItemKind::Test(t) => self.test(t),
            ItemKind::Property(p) => {
                let decision = p.decision.text();
                if self.sigs.decision_named(&decision).is_some() {
                    self.push(p.decision.span, Symbol::Decision(decision), false);
                }
            }
        }
    }

    fn cite(&mut self, cite: Option<&ast::StrLit>) {
        if let Some(c) = cite {
            self.push(c.span, Symbol::Section(c.value.clone()), false);
        }
    }

    fn ty(&mut self, ty: &TypeExpr) {
        match &ty.kind {
            TypeKind::Named(name) => {
                let known = self.sigs.enum_named(&name.name).is_some()
                    || self.sigs.record_named(&name.name).is_some();
                if known {
                    self.push(name.span, Symbol::Type(name.name.clone()), false);
                }
            }
            TypeKind::List(inner) | TypeKind::Optional(inner) => self.ty(inner),
        }
    }

    fn local(&self, decision: &str, name: &str) -> Symbol {
        Symbol::Local {
            decision: decision.to_owned(),
            name: name.to_owned(),
        }
    }

    fn decision(&mut self, d: &ast::Decision) {
        let name = d.name.text();
        self.push(d.name.span, Symbol::Decision(name.clone()), true);
        self.cite(d.cite.as_ref());
        self.decision = self.sigs.decision_named(&name).map(|(_, s)| s);
        for member in &d.members {
            match member {
                Member::Input(i) => {
                    self.push(i.name.span, self.local(&name, &i.name.name), true);
                    self.ty(&i.ty);
                    let expected = self.decision.and_then(|d| local_type(d, &i.name.name));
                    if let Some(default) = &i.default {
                        self.expr_as(default, expected.as_ref());
                    }
                    self.exprs(i.domain.iter());
                }
                Member::Output(o) => {
                    self.push(o.name.span, self.local(&name, &o.name.name), true);
                    if let Some(ty) = &o.ty {
                        self.ty(ty);
                    }
                    let expected = self.decision.and_then(|d| local_type(d, &o.name.name));
                    if let Some(value) = &o.value {
                        self.expr_as(value, expected.as_ref());
                    }
                }
                Member::Let(l) => {
                    self.push(l.name.span, self.local(&name, &l.name.name), true);
                    self.expr(&l.value);
                    self.lets.push(l.name.name.clone());
                }
                Member::Require(r) => self.require(r),
                Member::Rule(r) => {
                    self.exprs(r.when.iter());
                    r.requires.iter().for_each(|q| self.require(q));
                    for f in &r.outcome {
                        self.push(f.name.span, self.local(&name, &f.name.name), false);
                        let expected = self.decision.and_then(|d| local_type(d, &f.name.name));
                        self.expr_as(&f.value, expected.as_ref());
                    }
                    self.cite(r.cite.as_ref());
                }
                Member::Error(_) => {}
            }
        }
        self.decision = None;
        self.lets.clear();
    }

    fn require(&mut self, r: &ast::Require) {
        self.expr(&r.cond);
        self.cite(r.cite.as_ref());
    }

    fn test(&mut self, t: &ast::TestBlock) {
        self.push(t.name.span, Symbol::Test(t.name.value.clone()), true);
        let decision = t.decision.text();
        if self.sigs.decision_named(&decision).is_some() {
            self.push(t.decision.span, Symbol::Decision(decision.clone()), false);
        }
        let tested = self.sigs.decision_named(&decision).map(|(_, s)| s);
        let typed = |f: &ast::FieldInit| tested.and_then(|d| local_type(d, &f.name.name));
        for f in &t.given {
            self.push(f.name.span, self.local(&decision, &f.name.name), false);
            self.expr_as(&f.value, typed(f).as_ref());
        }
        for f in &t.overrides {
            self.push(f.name.span, Symbol::Param(f.name.name.clone()), false);
            let expected = self
                .sigs
                .param_named(&f.name.name)
                .map(|(_, p)| p.ty.clone());
            self.expr_as(&f.value, expected.as_ref());
        }
        if let ast::Expect::Output { fields, .. } = &t.expect {
            for f in fields {
                self.push(f.name.span, self.local(&decision, &f.name.name), false);
                self.expr_as(&f.value, typed(f).as_ref());
            }
        }
    }

    fn exprs<'e>(&mut self, exprs: impl Iterator<Item = &'e Expr>) {
        for e in exprs {
            self.expr(e);
        }
    }

    fn expr(&mut self, e: &Expr) {
        self.expr_as(e, None);
    }

    /// An expression whose place expects a value of type `expected`, when that is known.
    fn expr_as(&mut self, e: &Expr, expected: Option<&Ty>) {
        match &e.kind {
            ExprKind::Name(id) => {
                if let Some(symbol) = self.resolve_as(&id.name, expected) {
                    self.push(id.span, symbol, false);
                }
            }
            ExprKind::Field(base, field) => self.field(base, field),
            ExprKind::Unary(_, x) => self.expr(x),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, expected),
            ExprKind::Call(_, args) => self.call(args),
            ExprKind::Lambda(param, body) => {
                self.lambda_scope(param, None, body);
            }
            ExprKind::If(c, a, b) => {
                self.expr(c);
                self.expr_as(a, expected);
                self.expr_as(b, expected);
            }
            ExprKind::List(items) => {
                let element = match expected.map(Ty::non_null) {
                    Some(Ty::List(t)) => Some(&**t),
                    _ => None,
                };
                for item in items {
                    self.expr_as(item, element);
                }
            }
            ExprKind::Record(name, fields) => self.record(name.as_ref(), fields),
            _ => {}
        }
    }

    /// `count(xs, x => …)`: `x` has the element type of `xs` when that is known.
    fn call(&mut self, args: &[Expr]) {
        let element = args.first().and_then(|xs| match self.type_of(xs) {
            Some(Ty::List(t)) => Some(*t),
            _ => None,
        });
        for arg in args {
            match &arg.kind {
                ExprKind::Lambda(param, body) => self.lambda_scope(param, element.clone(), body),
                _ => self.expr(arg),
            }
        }
    }

    fn lambda_scope(&mut self, param: &ast::Ident, ty: Option<Ty>, body: &Expr) {
        let at = param.span.start.saturating_add(self.offset);
        let symbol = Symbol::Lambda {
            at,
            name: param.name.clone(),
        };
        self.push(param.span, symbol, true);
        self.lambdas.push((param.name.clone(), at, ty));
        self.expr(body);
        self.lambdas.pop();
    }

    fn record(&mut self, name: Option<&ast::Ident>, fields: &[ast::FieldInit]) {
        let ty = name.map(|n| n.name.clone());
        if let Some(n) = name
            && self.sigs.record_named(&n.name).is_some()
        {
            self.push(n.span, Symbol::Type(n.name.clone()), false);
        }
        for f in fields {
            if let Some(ty) = &ty {
                let symbol = Symbol::Field {
                    ty: ty.clone(),
                    name: f.name.name.clone(),
                };
                self.push(f.name.span, symbol, false);
            }
            let expected = ty
                .as_ref()
                .and_then(|r| self.sigs.record_named(r))
                .and_then(|(_, sig)| sig.fields.iter().find(|(n, _)| *n == f.name.name))
                .map(|(_, t)| t.clone());
            self.expr_as(&f.value, expected.as_ref());
        }
    }

    /// `a == b`, `a in [..]`: each side expects the other's type; both sides of `??` expect
    /// what the place does.
    fn binary(&mut self, op: ast::BinaryOp, a: &Expr, b: &Expr, expected: Option<&Ty>) {
        use ast::BinaryOp::*;
        match op {
            Eq | Ne | Lt | Le | Gt | Ge => {
                let (ta, tb) = (self.type_of(a), self.type_of(b));
                self.expr_as(a, tb.as_ref());
                self.expr_as(b, ta.as_ref());
            }
            In => {
                let (ta, tb) = (self.type_of(a), self.type_of(b));
                let element = match tb.as_ref().map(Ty::non_null) {
                    Some(Ty::List(t)) => Some((**t).clone()),
                    _ => None,
                };
                self.expr_as(a, element.as_ref());
                self.expr_as(b, ta.map(Ty::list).as_ref());
            }
            Coalesce => {
                self.expr_as(a, expected);
                self.expr_as(b, expected);
            }
            _ => {
                self.expr(a);
                self.expr(b);
            }
        }
    }

    fn field(&mut self, base: &Expr, field: &ast::Ident) {
        if let ExprKind::Name(id) = &base.kind
            && self.resolve(&id.name).is_none()
            && let Some((_, e)) = self.sigs.enum_named(&id.name)
        {
            self.push(id.span, Symbol::Type(e.name.clone()), false);
            let symbol = Symbol::Variant {
                ty: e.name.clone(),
                name: field.name.clone(),
            };
            self.push(field.span, symbol, false);
            return;
        }
        self.expr(base);
        if let Some(Ty::Record(_, record)) = self.type_of(base).map(|t| t.non_null().clone()) {
            let symbol = Symbol::Field {
                ty: record.to_string(),
                name: field.name.clone(),
            };
            self.push(field.span, symbol, false);
        }
    }

    /// A bare name, innermost scope first.
    fn resolve(&self, name: &str) -> Option<Symbol> {
        if let Some((_, at, _)) = self.lambdas.iter().rev().find(|(n, ..)| n == name) {
            return Some(Symbol::Lambda {
                at: *at,
                name: name.to_owned(),
            });
        }
        if let Some(d) = self.decision
            && (is_local(d, name) || self.lets.iter().any(|l| l == name))
        {
            return Some(self.local(&d.name, name));
        }
        if self.sigs.param_named(name).is_some() {
            return Some(Symbol::Param(name.to_owned()));
        }
        let e = self
            .sigs
            .enums
            .iter()
            .find(|e| e.variants.iter().any(|v| v == name))?;
        Some(Symbol::Variant {
            ty: e.name.clone(),
            name: name.to_owned(),
        })
    }

    /// A bare name where a value of type `expected` is wanted: a variant of that enum when
    /// it has one by this name, else as [`Walk::resolve`].
    fn resolve_as(&self, name: &str, expected: Option<&Ty>) -> Option<Symbol> {
        let symbol = self.resolve(name)?;
        if let (Symbol::Variant { .. }, Some(Ty::Enum(_, wanted))) =
            (&symbol, expected.map(Ty::non_null))
            && let Some((_, e)) = self.sigs.enum_named(wanted)
            && e.variants.iter().any(|v| v == name)
        {
            return Some(Symbol::Variant {
                ty: e.name.clone(),
                name: name.to_owned(),
            });
        }
        Some(symbol)
    }

    /// The declared type of a name or field access, when the signatures know it.
    fn type_of(&self, e: &Expr) -> Option<Ty> {
        match &e.kind {
            ExprKind::Name(id) => match self.resolve(&id.name)? {
                Symbol::Lambda { at, .. } => {
                    let found = self.lambdas.iter().rev().find(|(_, a, _)| *a == at);
                    found.and_then(|(_, _, ty)| ty.clone())
                }
                Symbol::Local { name, .. } => self.decision.and_then(|d| local_type(d, &name)),
                Symbol::Param(name) => self.sigs.param_named(&name).map(|(_, p)| p.ty.clone()),
                _ => None,
            },
            ExprKind::Field(base, field) => match self.type_of(base)?.non_null() {
                Ty::Record(_, r) => {
                    let (_, sig) = self.sigs.record_named(r)?;
                    let found = sig.fields.iter().find(|(n, _)| *n == field.name);
                    found.map(|(_, t)| t.clone())
                }
                _ => None,
            },
            ExprKind::List(items) => items.iter().find_map(|i| self.type_of(i)).map(Ty::list),
            _ => None,
        }
    }
}

fn is_local(d: &DecisionSig, name: &str) -> bool {
    d.inputs.iter().any(|(n, ..)| n == name) || d.outputs.iter().any(|(n, ..)| n == name)
}

/// An input's or output's type (a `let`'s is not in the signatures).
pub fn local_type(d: &DecisionSig, name: &str) -> Option<Ty> {
    let input = d.inputs.iter().find(|(n, ..)| n == name).map(|(_, t, _)| t);
    let output = d
        .outputs
        .iter()
        .find(|(n, ..)| n == name)
        .map(|(_, t, _)| t);
    input.or(output).filter(|t| !t.is_error()).cloned()
}
