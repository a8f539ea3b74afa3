//! The names of one item as the checker resolved them: every definition and every use, with
//! the definition it refers to, its span and its type. The checker records them while it
//! resolves (this module only keeps the record); [`item_names`] hands them to the language
//! server, which has no resolver of its own.

use std::sync::Arc;

use regel_syntax::{self as ast, FieldInit, Span, TypeKind};

use super::{CheckInput, Cx, check_syntax};
use crate::db::{Db, Version};
use crate::index::{Signatures, item_index, item_syntax};
use crate::ty::Ty;

/// What a name refers to. Items are known by name; a lambda parameter by where it is bound.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Def {
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
    /// A lambda parameter; `at` is where it is bound, relative to its item.
    Lambda {
        at: u32,
        name: String,
    },
    /// A reason code of a decision: a rule's `because` or a `require`'s `else`.
    Reason {
        decision: String,
        code: String,
    },
}

/// One name in an item: where it stands (relative to the item), what it refers to, whether
/// this is the definition, and its type where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameUse {
    pub span: Span,
    pub def: Def,
    pub defines: bool,
    pub ty: Option<Ty>,
}

/// The names of one item, in the order of their place in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemNames {
    pub uses: Vec<NameUse>,
}

impl ItemNames {
    /// The definition `def` has in this item, if any.
    pub fn definition(&self, def: &Def) -> Option<&NameUse> {
        self.uses.iter().find(|u| u.defines && u.def == *def)
    }
}

/// The names of one item of a version, as its check resolved them (see [`ItemNames`]).
#[salsa::tracked(returns(clone))]
pub fn item_names(db: &dyn Db, version: Version, key: crate::index::ItemKey) -> Arc<ItemNames> {
    let Some(item) = item_syntax(db, version, key) else {
        return Arc::default();
    };
    let section = item_index(db, version)
        .get(key)
        .and_then(|e| e.section.clone());
    let input = CheckInput::new(db, super::ItemByText(item), section);
    check_syntax(db, version, input).names.clone()
}

/// What the checker records while it resolves the names of one item.
#[derive(Debug, Default)]
pub struct Recorder {
    uses: Vec<NameUse>,
    /// What each local slot is (an input, `let` or lambda parameter), when it has a name.
    slots: Vec<Option<Def>>,
    /// The decision whose members are being checked (a test's or property's decision too).
    pub decision: Option<String>,
}

impl Recorder {
    fn push(&mut self, span: Span, def: Def, defines: bool, ty: Option<&Ty>) {
        let ty = ty.filter(|t| !t.is_error()).cloned();
        self.uses.push(NameUse {
            span,
            def,
            defines,
            ty,
        });
    }

    /// A use of `def` at `span`, of type `ty`.
    pub fn refer(&mut self, span: Span, def: Def, ty: Option<&Ty>) {
        self.push(span, def, false, ty);
    }

    /// The definition of `def` at `span`.
    pub fn define(&mut self, span: Span, def: Def, ty: Option<&Ty>) {
        self.push(span, def, true, ty);
    }

    /// A member of the current decision (input, output, `let`).
    pub fn local(&self, name: &str) -> Option<Def> {
        Some(Def::Local {
            decision: self.decision.clone()?,
            name: name.to_owned(),
        })
    }

    /// A reason code of the current decision.
    pub fn reason(&self, code: &str) -> Option<Def> {
        Some(Def::Reason {
            decision: self.decision.clone()?,
            code: code.to_owned(),
        })
    }

    /// Local `slot` is `def`, defined at `span`.
    pub fn bind(&mut self, slot: u32, def: Def, span: Span, ty: &Ty) {
        let at = slot as usize;
        if self.slots.len() <= at {
            self.slots.resize(at + 1, None);
        }
        if let Some(place) = self.slots.get_mut(at) {
            *place = Some(def.clone());
        }
        self.define(span, def, Some(ty));
    }

    /// Local `slot` is the current decision's member `name`, declared elsewhere (a property
    /// reads the inputs and outputs of the decision it states something about).
    pub fn bind_elsewhere(&mut self, slot: u32, name: &str) {
        let at = slot as usize;
        if self.slots.len() <= at {
            self.slots.resize(at + 1, None);
        }
        let def = self.local(name);
        if let Some(place) = self.slots.get_mut(at) {
            *place = def;
        }
    }

    /// A use of local `slot`, when the slot has a name.
    pub fn refer_slot(&mut self, slot: u32, span: Span, ty: &Ty) {
        if let Some(Some(def)) = self.slots.get(slot as usize).cloned() {
            self.refer(span, def, Some(ty));
        }
    }

    /// The names of a written type that are enums or records.
    pub fn type_uses(&mut self, sigs: &Signatures, ty: &ast::TypeExpr) {
        match &ty.kind {
            TypeKind::Named(name) => {
                if let Some((id, e)) = sigs.enum_named(&name.name) {
                    let t = Ty::Enum(id, e.name.as_str().into());
                    self.refer(name.span, Def::Type(e.name.clone()), Some(&t));
                } else if let Some((id, r)) = sigs.record_named(&name.name) {
                    let t = Ty::Record(id, r.name.as_str().into());
                    self.refer(name.span, Def::Type(r.name.clone()), Some(&t));
                }
            }
            TypeKind::List(inner) | TypeKind::Optional(inner) => self.type_uses(sigs, inner),
        }
    }

    /// The names of `{ name: value, … }` that are among `decl` (as [`Cx::field_inits`]
    /// matches them), each referring to what `def` makes of it.
    pub fn members(
        &mut self,
        fields: &[FieldInit],
        decl: &[(String, Ty)],
        def: impl Fn(&str) -> Option<Def>,
    ) {
        for init in fields {
            let name = &init.name.name;
            let Some((_, ty)) = decl.iter().find(|(n, _)| n == name) else {
                continue;
            };
            if let Some(d) = def(name) {
                self.refer(init.name.span, d, Some(ty));
            }
        }
    }

    /// The names of `{ name: value, … }` that are members of the current decision.
    pub fn decision_members(&mut self, fields: &[FieldInit], decl: &[(String, Ty)]) {
        let Some(decision) = self.decision.clone() else {
            return;
        };
        self.members(fields, decl, |name| {
            Some(Def::Local {
                decision: decision.clone(),
                name: name.to_owned(),
            })
        });
    }

    /// The record, in place order. A name checked twice (an operand checked again against
    /// the other side's type) keeps what its last check found.
    pub fn finish(mut self) -> ItemNames {
        let mut seen = std::collections::HashSet::new();
        let mut uses: Vec<NameUse> = Vec::with_capacity(self.uses.len());
        for u in self.uses.drain(..).rev() {
            if seen.insert((u.span.start, u.span.end, u.defines)) {
                uses.push(u);
            }
        }
        uses.sort_by_key(|u| (u.span.start, u.span.end));
        ItemNames { uses }
    }
}

impl Cx<'_> {
    /// A section cited with `@ "…"`: a use of it, and an error when the version does not
    /// cover it.
    pub(crate) fn cite(&mut self, cite: &ast::StrLit) {
        self.names
            .refer(cite.span, Def::Section(cite.value.clone()), None);
        super::cite_covered(self, cite);
    }
}
