//! Positions removed from a tree, so that two trees compare by what they say, not where: the
//! formatter compares its output's tree with its input's this way.

use crate::ast::*;

impl ItemKind {
    /// Sets every span in the item to zero.
    pub fn erase_spans(&mut self) {
        match self {
            ItemKind::Version(v) => {
                v.id.span = Span::default();
                for f in &mut v.fields {
                    ident(&mut f.key);
                    expr(&mut f.value);
                }
                v.span = Span::default();
            }
            ItemKind::Section(s) => {
                s.number.span = Span::default();
                s.title.span = Span::default();
                if let Some(d) = &mut s.descriptive {
                    d.span = Span::default();
                }
                s.span = Span::default();
            }
            ItemKind::Param(p) => {
                ident(&mut p.name);
                ty(&mut p.ty);
                expr(&mut p.value);
                p.domain.iter_mut().for_each(expr);
                cite(&mut p.cite);
                p.span = Span::default();
            }
            ItemKind::Enum(e) => {
                ident(&mut e.name);
                e.variants.iter_mut().for_each(|v| ident(&mut v.name));
                cite(&mut e.cite);
                e.span = Span::default();
            }
            ItemKind::Record(r) => {
                ident(&mut r.name);
                for f in &mut r.fields {
                    ident(&mut f.name);
                    ty(&mut f.ty);
                }
                cite(&mut r.cite);
                r.span = Span::default();
            }
            ItemKind::Decision(d) => {
                qual_name(&mut d.name);
                cite(&mut d.cite);
                d.members.iter_mut().for_each(member);
                d.span = Span::default();
            }
            ItemKind::Test(t) => test(t),
            ItemKind::Property(p) => {
                p.name.span = Span::default();
                qual_name(&mut p.decision);
                p.assume.iter_mut().for_each(expr);
                expr(&mut p.expect);
                p.span = Span::default();
            }
        }
    }
}

fn test(t: &mut TestBlock) {
    t.name.span = Span::default();
    qual_name(&mut t.decision);
    fields(&mut t.given);
    t.given_span = Span::default();
    fields(&mut t.overrides);
    match &mut t.expect {
        Expect::Output { fields: f, span } => {
            fields(f);
            *span = Span::default();
        }
        Expect::Rejected { reason, span } => {
            ident(reason);
            *span = Span::default();
        }
    }
    t.span = Span::default();
}

fn member(m: &mut Member) {
    match m {
        Member::Input(i) => {
            ident(&mut i.name);
            ty(&mut i.ty);
            i.default.iter_mut().for_each(expr);
            i.domain.iter_mut().for_each(expr);
            i.span = Span::default();
        }
        Member::Output(o) => {
            ident(&mut o.name);
            o.ty.iter_mut().for_each(ty);
            o.value.iter_mut().for_each(expr);
            o.span = Span::default();
        }
        Member::Let(l) => {
            ident(&mut l.name);
            expr(&mut l.value);
            l.span = Span::default();
        }
        Member::Require(r) => require(r),
        Member::Rule(r) => {
            r.when.iter_mut().for_each(expr);
            r.requires.iter_mut().for_each(require);
            fields(&mut r.outcome);
            r.outcome_span = Span::default();
            r.head = Span::default();
            ident(&mut r.reason);
            cite(&mut r.label);
            cite(&mut r.cite);
            r.span = Span::default();
        }
        Member::Error(span) => *span = Span::default(),
    }
}

fn require(r: &mut Require) {
    expr(&mut r.cond);
    ident(&mut r.reason);
    cite(&mut r.label);
    cite(&mut r.cite);
    r.span = Span::default();
}

fn fields(fields: &mut [FieldInit]) {
    for f in fields {
        ident(&mut f.name);
        expr(&mut f.value);
    }
}

fn ident(i: &mut Ident) {
    i.span = Span::default();
}

fn qual_name(q: &mut QualName) {
    q.parts.iter_mut().for_each(ident);
    q.span = Span::default();
}

fn cite(c: &mut Option<Citation>) {
    if let Some(c) = c {
        c.span = Span::default();
    }
}

fn ty(t: &mut TypeExpr) {
    match &mut t.kind {
        TypeKind::Named(name) => ident(name),
        TypeKind::List(inner) | TypeKind::Optional(inner) => ty(inner),
    }
    t.span = Span::default();
}

fn expr(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::Name(name) => ident(name),
        ExprKind::Field(inner, name) => {
            expr(inner);
            ident(name);
        }
        ExprKind::Unary(_, inner) => expr(inner),
        ExprKind::Binary(_, a, b) => {
            expr(a);
            expr(b);
        }
        ExprKind::Call(name, args) => {
            ident(name);
            args.iter_mut().for_each(expr);
        }
        ExprKind::Lambda(param, body) => {
            ident(param);
            expr(body);
        }
        ExprKind::If(c, t, f) => {
            expr(c);
            expr(t);
            expr(f);
        }
        ExprKind::List(items) => items.iter_mut().for_each(expr),
        ExprKind::Record(name, inits) => {
            name.iter_mut().for_each(ident);
            fields(inits);
        }
        ExprKind::Bool(_)
        | ExprKind::Null
        | ExprKind::Int(_)
        | ExprKind::Decimal(_)
        | ExprKind::Money(..)
        | ExprKind::Percent(_)
        | ExprKind::Date(_)
        | ExprKind::Time(_)
        | ExprKind::Duration(..)
        | ExprKind::Text(_) => {}
    }
    e.span = Span::default();
}
