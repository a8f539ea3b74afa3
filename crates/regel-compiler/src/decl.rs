//! What each item declares to the rest of the version, stripped of bodies and spans: the input
//! of [`crate::signatures`]. An edit inside a rule, or one that shifts the members below it,
//! leaves its file's declarations equal, so the signatures are not rebuilt.

use regel_syntax::{self as ast, ExprKind, ItemKind, Span};

use crate::db::{Db, SourceFile};
use crate::source::file_items;

/// Every item's declaration, in file order; `None` for items that declare nothing typed
/// (sections, tests).
#[salsa::tracked(returns(ref))]
pub(crate) fn file_decls(db: &dyn Db, file: SourceFile) -> Vec<Option<ItemKind>> {
    file_items(db, file)
        .items
        .iter()
        .map(|p| declaration(&p.item.kind))
        .collect()
}

fn declaration(kind: &ItemKind) -> Option<ItemKind> {
    Some(match kind {
        ItemKind::Enum(e) => ItemKind::Enum(ast::EnumDef {
            name: ident(&e.name),
            variants: e
                .variants
                .iter()
                .map(|v| ast::Variant {
                    doc: Vec::new(),
                    name: ident(&v.name),
                })
                .collect(),
            cite: None,
            span: Span::default(),
        }),
        ItemKind::Record(r) => ItemKind::Record(ast::RecordDef {
            name: ident(&r.name),
            fields: r
                .fields
                .iter()
                .map(|f| ast::FieldDecl {
                    doc: Vec::new(),
                    name: ident(&f.name),
                    ty: ty(&f.ty),
                })
                .collect(),
            cite: None,
            span: Span::default(),
        }),
        ItemKind::Param(p) => ItemKind::Param(ast::Param {
            name: ident(&p.name),
            ty: ty(&p.ty),
            value: nothing(),
            domain: None,
            cite: None,
            span: Span::default(),
        }),
        ItemKind::Decision(d) => ItemKind::Decision(ast::Decision {
            name: ast::QualName {
                parts: d.name.parts.iter().map(ident).collect(),
                span: Span::default(),
            },
            cite: None,
            members: d.members.iter().filter_map(member).collect(),
            span: Span::default(),
        }),
        ItemKind::Version(v) => ItemKind::Version(v.clone()),
        ItemKind::Section(_) | ItemKind::Test(_) | ItemKind::Property(_) => return None,
    })
}

/// A member as far as the decision's signature reads it: names, types, whether a value is
/// given, and reason codes.
fn member(m: &ast::Member) -> Option<ast::Member> {
    Some(match m {
        ast::Member::Input(i) => ast::Member::Input(ast::InputDecl {
            doc: Vec::new(),
            name: ident(&i.name),
            ty: ty(&i.ty),
            default: i.default.as_ref().map(|_| nothing()),
            domain: None,
            span: Span::default(),
        }),
        ast::Member::Output(o) => ast::Member::Output(ast::OutputDecl {
            doc: Vec::new(),
            name: ident(&o.name),
            ty: o.ty.as_ref().map(ty),
            value: o.value.as_ref().map(|_| nothing()),
            span: Span::default(),
        }),
        ast::Member::Require(r) => ast::Member::Require(require(r)),
        ast::Member::Rule(r) => ast::Member::Rule(ast::Rule {
            doc: Vec::new(),
            when: None,
            requires: r.requires.iter().map(require).collect(),
            outcome: Vec::new(),
            outcome_span: Span::default(),
            reason: ident(&r.reason),
            label: None,
            cite: None,
            head: Span::default(),
            span: Span::default(),
        }),
        ast::Member::Let(_) | ast::Member::Error(_) => return None,
    })
}

fn require(r: &ast::Require) -> ast::Require {
    ast::Require {
        doc: Vec::new(),
        cond: nothing(),
        reason: ident(&r.reason),
        label: None,
        cite: None,
        span: Span::default(),
    }
}

fn ident(i: &ast::Ident) -> ast::Ident {
    ast::Ident {
        name: i.name.clone(),
        span: Span::default(),
    }
}

fn ty(t: &ast::TypeExpr) -> ast::TypeExpr {
    let kind = match &t.kind {
        ast::TypeKind::Named(name) => ast::TypeKind::Named(ident(name)),
        ast::TypeKind::List(inner) => ast::TypeKind::List(Box::new(ty(inner))),
        ast::TypeKind::Optional(inner) => ast::TypeKind::Optional(Box::new(ty(inner))),
    };
    ast::TypeExpr {
        kind,
        span: Span::default(),
    }
}

/// Stands for an expression whose text the signatures do not read.
fn nothing() -> ast::Expr {
    ast::Expr {
        kind: ExprKind::Null,
        span: Span::default(),
    }
}
