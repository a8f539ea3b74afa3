//! Type checking and lowering of expressions.

use std::collections::BTreeSet;

use regel_syntax::{BinaryOp, Expr, ExprKind, FieldInit, Ident, Span, UnaryOp};

use super::literal;
use super::names::Def;
use crate::diagnostic::{Diag, suggest};
use crate::index::{Signatures, index_u32};
use crate::ir::{self, Builtin, Cmp, Compared, ListOp, Op, Place, RoundMode, RoundTo, Value};
use crate::ty::{EnumId, Ty};

/// The checking context of one item: what is in scope and what was found.
pub struct Cx<'a> {
    pub sigs: &'a Signatures,
    pub diags: Vec<Diag>,
    /// Innermost last: (name, local slot, type).
    scope: Vec<(String, u32, Ty)>,
    pub local_names: Vec<String>,
    pub local_types: Vec<Ty>,
    pub params_used: BTreeSet<u32>,
    /// Every name resolved, with what it refers to (see [`super::names`]).
    pub names: super::names::Recorder,
}

type Typed = (ir::Expr, Ty);

fn error() -> Typed {
    (ir::Expr::Const(Value::Null), Ty::Error)
}

impl<'a> Cx<'a> {
    pub fn new(sigs: &'a Signatures) -> Self {
        Cx {
            sigs,
            diags: Vec::new(),
            scope: Vec::new(),
            local_names: Vec::new(),
            local_types: Vec::new(),
            params_used: BTreeSet::new(),
            names: super::names::Recorder::default(),
        }
    }

    pub fn report(&mut self, diag: Diag) {
        self.diags.push(diag);
    }

    /// Declares a local and returns its slot.
    pub fn declare(&mut self, name: &str, ty: Ty) -> u32 {
        let slot = index_u32(self.local_names.len());
        self.local_names.push(name.to_owned());
        self.local_types.push(ty.clone());
        self.scope.push((name.to_owned(), slot, ty));
        slot
    }

    /// A local no name refers to: the element slot of a list operator without a lambda
    /// (`count(xs)`), declared so that every slot in the IR has a type and a frame holds it.
    fn declare_unnamed(&mut self, ty: Ty) -> u32 {
        let slot = index_u32(self.local_names.len());
        self.local_names.push(String::new());
        self.local_types.push(ty);
        slot
    }

    pub fn local_type(&self, slot: u32) -> Option<Ty> {
        self.local_types.get(slot as usize).cloned()
    }

    pub fn in_scope(&self, name: &str) -> bool {
        self.scope.iter().any(|(n, _, _)| n == name)
    }

    /// Checks `e` and reports a mismatch with `expected`.
    pub fn expect(&mut self, e: &Expr, expected: &Ty) -> ir::Expr {
        let (ir, ty) = self.expr(e, Some(expected));
        if !ty.fits(expected) {
            self.mismatch(e.span, expected, &ty);
        }
        ir
    }

    /// Checks the condition of a `when` or `require` (named by `keyword`): a Bool.
    pub fn condition(&mut self, e: &Expr, keyword: &str) -> ir::Expr {
        let (ir, ty) = self.expr(e, Some(&Ty::Bool));
        if ty.fits(&Ty::Bool) {
            return ir;
        }
        let name = match &e.kind {
            ExprKind::Name(id) => id.name.as_str(),
            _ => "x",
        };
        let example = match ty.non_null() {
            _ if matches!(ty, Ty::Optional(_)) => format!("`{name} != null`"),
            Ty::Int | Ty::Decimal => format!("`{name} > 0`"),
            Ty::Money => format!("`{name} > 0 kr`"),
            Ty::Date => format!("`{name} <= 2023-12-31`"),
            Ty::Text => format!("`{name} == \"…\"`"),
            Ty::Enum(..) => format!("`{name} == …`"),
            Ty::List(_) | Ty::EmptyList => format!("`count({name}) > 0`"),
            _ => "`n > 0`".to_owned(),
        };
        self.report(
            Diag::error(
                "E0200",
                e.span,
                format!("the condition of `{keyword}` is `{ty}`, not `Bool`"),
            )
            .label(format!("this is `{ty}`"))
            .help(format!(
                "a condition is true or false: compare the value, e.g. {example}"
            )),
        );
        ir
    }

    pub fn mismatch(&mut self, span: Span, expected: &Ty, found: &Ty) {
        let diag = Diag::error(
            "E0200",
            span,
            format!("expected `{expected}`, found `{found}`"),
        )
        .label(format!("this is `{found}`"));
        let help = match (expected, found) {
            (Ty::Money, Ty::Int | Ty::Decimal) => {
                Some("write money with its unit: `100 kr`".into())
            }
            (Ty::Optional(_), _) | (_, Ty::Optional(_))
                if found.non_null() == expected.non_null() =>
            {
                Some("this may be null: give a fallback with `??`".into())
            }
            (Ty::Text, Ty::Enum(..)) => None,
            _ => None,
        };
        self.report(diag.help_opt(help));
    }

    pub fn expr(&mut self, e: &Expr, expected: Option<&Ty>) -> Typed {
        let span = e.span;
        let lit = |r: Result<Value, Diag>, ty: Ty, cx: &mut Self| match r {
            Ok(v) => (ir::Expr::Const(v), ty),
            Err(d) => {
                cx.report(d);
                error()
            }
        };
        match &e.kind {
            ExprKind::Bool(b) => (ir::Expr::Const(Value::Bool(*b)), Ty::Bool),
            ExprKind::Null => (ir::Expr::Const(Value::Null), Ty::Null),
            ExprKind::Int(t) => match expected.map(Ty::non_null) {
                Some(Ty::Decimal) => lit(
                    literal::decimal(t, span).map(Value::Decimal),
                    Ty::Decimal,
                    self,
                ),
                _ => lit(literal::int(t, span), Ty::Int, self),
            },
            ExprKind::Decimal(t) => lit(
                literal::decimal(t, span).map(Value::Decimal),
                Ty::Decimal,
                self,
            ),
            ExprKind::Money(t, unit) => lit(literal::money(t, *unit, span), Ty::Money, self),
            ExprKind::Percent(t) => lit(literal::percent(t, span), Ty::Decimal, self),
            ExprKind::Date(t) => lit(literal::date(t, span), Ty::Date, self),
            ExprKind::Time(t) => lit(literal::time(t, span), Ty::Time, self),
            ExprKind::Duration(t, u) => lit(literal::duration(t, *u, span), Ty::Duration, self),
            ExprKind::Text(t) => (ir::Expr::Const(Value::Text(t.as_str().into())), Ty::Text),
            ExprKind::Name(id) => self.name(id, expected),
            ExprKind::Field(base, field) => self.field(base, field, expected),
            ExprKind::Unary(op, operand) => self.unary(*op, operand, span),
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, span),
            ExprKind::Call(f, args) => self.call(f, args, span, expected),
            ExprKind::Lambda(param, _) => {
                self.report(
                    Diag::error(
                        "E0204",
                        span,
                        "a lambda can only be an argument of a list operator",
                    )
                    .label(format!("`{} => …` stands alone here", param.name))
                    .help("use it inside `count`, `sum`, `any`, `all`, `filter` or `map`"),
                );
                error()
            }
            ExprKind::If(c, a, b) => self.if_(c, a, b, expected),
            ExprKind::List(items) => self.list(items, span, expected),
            ExprKind::Record(name, fields) => self.record(name.as_ref(), fields, span, expected),
        }
    }

    fn name(&mut self, id: &Ident, expected: Option<&Ty>) -> Typed {
        if let Some((_, slot, ty)) = self.scope.iter().rev().find(|(n, _, _)| *n == id.name) {
            self.names.refer_slot(*slot, id.span, ty);
            return (ir::Expr::Load(Place::Local(*slot)), ty.clone());
        }
        if let Some((index, param)) = self.sigs.param_named(&id.name) {
            self.params_used.insert(index);
            let def = Def::Param(id.name.clone());
            self.names.refer(id.span, def, Some(&param.ty));
            return (ir::Expr::Load(Place::Param(index)), param.ty.clone());
        }
        match self.variant(&id.name, expected) {
            Variant::Found(found) => {
                if let Ty::Enum(_, ty) = &found.1 {
                    let def = Def::Variant {
                        ty: ty.to_string(),
                        name: id.name.clone(),
                    };
                    self.names.refer(id.span, def, Some(&found.1));
                }
                return found;
            }
            Variant::Ambiguous(owners) => return self.ambiguous(id, &owners),
            Variant::None => {}
        }
        let candidates: Vec<&str> = self
            .scope
            .iter()
            .map(|(n, _, _)| n.as_str())
            .chain(self.sigs.params.iter().map(|p| p.name.as_str()))
            .chain(
                self.sigs
                    .enums
                    .iter()
                    .flat_map(|e| e.variants.iter().map(String::as_str)),
            )
            .collect();
        let diag = Diag::error("E0100", id.span, format!("unknown name `{}`", id.name))
            .label("not an input, `let`, parameter or enum variant");
        self.report(diag.help_opt(suggest(&id.name, candidates)));
        error()
    }

    /// A bare enum variant: the expected enum's, else the only enum that has it.
    fn variant(&mut self, name: &str, expected: Option<&Ty>) -> Variant {
        let enum_const = |id: EnumId, e: &crate::index::EnumSig| {
            let v = e.variants.iter().position(|v| v == name)?;
            Some((
                ir::Expr::Const(Value::Enum(id, index_u32(v))),
                Ty::Enum(id, e.name.as_str().into()),
            ))
        };
        let wanted = match expected.map(Ty::non_null) {
            Some(Ty::List(inner)) => Some(inner.non_null().clone()),
            other => other.cloned(),
        };
        if let Some(Ty::Enum(id, _)) = wanted
            && let Some(found) = self
                .sigs
                .enums
                .get(id.0 as usize)
                .and_then(|e| enum_const(id, e))
        {
            return Variant::Found(found);
        }
        let mut owners: Vec<(Typed, &str)> = self
            .sigs
            .enums
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((enum_const(EnumId(index_u32(i)), e)?, e.name.as_str())))
            .collect();
        match owners.len() {
            0 => Variant::None,
            1 => owners
                .pop()
                .map_or(Variant::None, |(found, _)| Variant::Found(found)),
            _ => Variant::Ambiguous(owners.iter().map(|(_, e)| (*e).to_owned()).collect()),
        }
    }

    /// A bare variant that `owners` all have, where nothing says which is meant.
    fn ambiguous(&mut self, id: &Ident, owners: &[String]) -> Typed {
        let qualified: Vec<String> = owners
            .iter()
            .map(|e| format!("`{e}.{}`", id.name))
            .collect();
        let diag = Diag::error(
            "E0107",
            id.span,
            format!(
                "`{}` is a variant of {}; which one is not clear here",
                id.name,
                owners.join(" and ")
            ),
        )
        .label("nothing here says which enum is meant")
        .help(format!("write {}", qualified.join(" or ")));
        self.report(diag);
        error()
    }

    fn field(&mut self, base: &Expr, field: &Ident, expected: Option<&Ty>) -> Typed {
        if let ExprKind::Name(type_name) = &base.kind
            && !self.in_scope(&type_name.name)
            && self.sigs.param_named(&type_name.name).is_none()
            && let Some((id, e)) = self.sigs.enum_named(&type_name.name)
        {
            {
                {
                    let ty = Ty::Enum(id, e.name.as_str().into());
                    self.names
                        .refer(type_name.span, Def::Type(e.name.clone()), Some(&ty));
                    if let Some(v) = e.variants.iter().position(|v| *v == field.name) {
                        let def = Def::Variant {
                            ty: e.name.clone(),
                            name: field.name.clone(),
                        };
                        self.names.refer(field.span, def, Some(&ty));
                        return (ir::Expr::Const(Value::Enum(id, index_u32(v))), ty);
                    }
                    let help = suggest(&field.name, e.variants.iter().map(String::as_str));
                    let diag = Diag::error(
                        "E0105",
                        field.span,
                        format!("enum `{}` has no variant `{}`", e.name, field.name),
                    )
                    .label("unknown variant")
                    .help_opt(
                        help.or_else(|| Some(format!("its variants: {}", e.variants.join(", ")))),
                    );
                    self.report(diag);
                    return error();
                }
            }
        }
        let _ = expected;
        let (base_ir, base_ty) = self.expr(base, None);
        match &base_ty {
            Ty::Error => error(),
            Ty::Record(id, name) => {
                let Some(record) = self.sigs.records.get(id.0 as usize) else {
                    return error();
                };
                if let Some(i) = record.fields.iter().position(|(n, _)| *n == field.name) {
                    let ty = record.fields.get(i).map_or(Ty::Error, |(_, t)| t.clone());
                    let def = Def::Field {
                        ty: name.to_string(),
                        name: field.name.clone(),
                    };
                    self.names.refer(field.span, def, Some(&ty));
                    return (
                        ir::Expr::Field(Box::new(base_ir), index_u32(i), ty.clone()),
                        ty,
                    );
                }
                let help = suggest(&field.name, record.fields.iter().map(|(n, _)| n.as_str()));
                self.report(
                    Diag::error(
                        "E0103",
                        field.span,
                        format!("record `{name}` has no field `{}`", field.name),
                    )
                    .label("unknown field")
                    .help_opt(help),
                );
                error()
            }
            Ty::Optional(_) => {
                self.report(
                    Diag::error(
                        "E0207",
                        base.span,
                        format!("this may be null (`{base_ty}`)"),
                    )
                    .label("may be null")
                    .help("check it with `!= null` first, or give a fallback with `??`"),
                );
                error()
            }
            other => {
                self.report(
                    Diag::error(
                        "E0103",
                        field.span,
                        format!("`{other}` has no field `{}`", field.name),
                    )
                    .label("not a record"),
                );
                error()
            }
        }
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Typed {
        match op {
            UnaryOp::Not => {
                let ir = self.expect(operand, &Ty::Bool);
                (ir::Expr::Not(Box::new(ir)), Ty::Bool)
            }
            UnaryOp::Neg => {
                let (ir, ty) = self.expr(operand, None);
                if !(ty.is_numeric() || ty.is_error()) {
                    self.report(
                        Diag::error("E0202", span, format!("`-` is not defined for `{ty}`"))
                            .label("cannot be negated"),
                    );
                    return error();
                }
                match ir::num_of(&ty) {
                    Some(num) => (ir::Expr::Neg(num, Box::new(ir)), ty),
                    None => error(),
                }
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, l: &Expr, r: &Expr, span: Span) -> Typed {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let li = self.expect(l, &Ty::Bool);
                let ri = self.expect(r, &Ty::Bool);
                let op = if op == BinaryOp::And { Op::And } else { Op::Or };
                (ir::Expr::Binary(op, Box::new(li), Box::new(ri)), Ty::Bool)
            }
            BinaryOp::In => {
                let (li, lt) = self.expr(l, None);
                let (ri, rt) = self.expr(r, Some(&Ty::list(lt.clone())));
                let ok = match &rt {
                    Ty::List(elem) => elem.fits(&lt) || lt.fits(elem),
                    Ty::EmptyList | Ty::Error => true,
                    _ => false,
                };
                if !ok {
                    self.incomparable(op, &lt, &rt, span);
                }
                (
                    ir::Expr::Binary(Op::In, Box::new(li), Box::new(ri)),
                    Ty::Bool,
                )
            }
            BinaryOp::Coalesce => {
                let (li, lt) = self.expr(l, None);
                let (ri, rt) = self.expr(r, Some(lt.non_null()));
                let ty = match lt.non_null().join(&rt) {
                    Some(t) => t,
                    None => {
                        self.mismatch(r.span, lt.non_null(), &rt);
                        Ty::Error
                    }
                };
                (
                    ir::Expr::Coalesce(Box::new(li), Box::new(ri), ty.clone()),
                    ty,
                )
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                let (li, lt) = self.expr(l, None);
                let (ri, rt) = self.expr(r, Some(&lt));
                let (li, lt) = if lt == Ty::Null {
                    self.expr(l, Some(&rt))
                } else {
                    (li, lt)
                };
                if lt.join(&rt).is_none() {
                    self.incomparable(op, &lt, &rt, span);
                }
                (comparison(op, li, ri, (&lt, &rt)), Ty::Bool)
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let (li, lt) = self.expr(l, None);
                let (ri, rt) = self.expr(r, Some(&lt));
                let ordered = |t: &Ty| {
                    matches!(
                        t,
                        Ty::Int | Ty::Decimal | Ty::Money | Ty::Date | Ty::Time | Ty::Error
                    )
                };
                let alike = lt.is_error()
                    || rt.is_error()
                    || lt == rt
                    || (lt.is_numeric() && rt.is_numeric() && lt != Ty::Money && rt != Ty::Money);
                if !(ordered(&lt) && ordered(&rt) && alike) {
                    self.incomparable(op, &lt, &rt, span);
                }
                (comparison(op, li, ri, (&lt, &rt)), Ty::Bool)
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                let (li, lt) = self.expr(l, None);
                let (ri, rt) = self.expr(r, None);
                if lt.is_error() || rt.is_error() {
                    return error();
                }
                let (arith, ty) = match ir::resolve_arith(op, &lt, &rt) {
                    Some(found) => found,
                    None => {
                        let help = null_help(op, (l, &lt), (r, &rt))
                            .or_else(|| arithmetic_help(op, (l, &lt), (r, &rt)));
                        self.report(
                            Diag::error(
                                "E0202",
                                span,
                                format!("`{}` is not defined for `{lt}` and `{rt}`", op.symbol()),
                            )
                            .label(format!("`{lt}` {} `{rt}`", op.symbol()))
                            .help_opt(help),
                        );
                        return error();
                    }
                };
                (
                    ir::Expr::Binary(Op::Arith(arith), Box::new(li), Box::new(ri)),
                    ty,
                )
            }
        }
    }

    fn incomparable(&mut self, op: BinaryOp, lt: &Ty, rt: &Ty, span: Span) {
        if lt.is_error() || rt.is_error() {
            return;
        }
        let help = if lt.non_null() == rt.non_null() {
            Some("one side may be null: compare with `!= null` first, or use `??`".to_owned())
        } else {
            Some("only values of the same type can be compared".to_owned())
        };
        self.report(
            Diag::error("E0201", span, format!("cannot compare `{lt}` with `{rt}`"))
                .label(format!("`{lt}` {} `{rt}`", op.symbol()))
                .help_opt(help),
        );
    }

    fn if_(&mut self, c: &Expr, a: &Expr, b: &Expr, expected: Option<&Ty>) -> Typed {
        let ci = self.expect(c, &Ty::Bool);
        let (ai, at) = self.expr(a, expected);
        let (bi, bt) = self.expr(b, expected.or(Some(&at)));
        let ty = match at.join(&bt) {
            Some(t) => t,
            None => {
                self.mismatch(b.span, &at, &bt);
                Ty::Error
            }
        };
        (
            ir::Expr::If(Box::new(ci), Box::new(ai), Box::new(bi), ty.clone()),
            ty,
        )
    }

    fn list(&mut self, items: &[Expr], span: Span, expected: Option<&Ty>) -> Typed {
        let mut elem = match expected.map(Ty::non_null) {
            Some(Ty::List(inner)) => Some((**inner).clone()),
            _ => None,
        };
        let mut irs = Vec::with_capacity(items.len());
        for item in items {
            let (ir, ty) = self.expr(item, elem.as_ref());
            elem = match elem.as_ref().map(|e| e.join(&ty)) {
                None => Some(ty),
                Some(Some(joined)) => Some(joined),
                Some(None) => {
                    if let Some(e) = &elem {
                        self.mismatch(item.span, e, &ty);
                    }
                    elem
                }
            };
            irs.push(ir);
        }
        let _ = span;
        let ty = match elem {
            Some(e) if !items.is_empty() || expected.is_some() => Ty::list(e),
            _ => Ty::EmptyList,
        };
        (ir::Expr::List(ty.clone(), irs), ty)
    }

    fn record(
        &mut self,
        name: Option<&Ident>,
        fields: &[FieldInit],
        span: Span,
        expected: Option<&Ty>,
    ) -> Typed {
        let id = match (name, expected.map(Ty::non_null)) {
            (Some(n), _) => match self.sigs.record_named(&n.name) {
                Some((id, r)) => {
                    let ty = Ty::Record(id, r.name.as_str().into());
                    self.names
                        .refer(n.span, Def::Type(r.name.clone()), Some(&ty));
                    id
                }
                None => {
                    let names: Vec<&str> =
                        self.sigs.records.iter().map(|r| r.name.as_str()).collect();
                    self.report(
                        Diag::error("E0101", n.span, format!("unknown record `{}`", n.name))
                            .label("no record of that name")
                            .help_opt(suggest(&n.name, names)),
                    );
                    return error();
                }
            },
            (None, Some(Ty::Record(id, _))) => *id,
            (None, _) => {
                self.report(
                    Diag::error("E0108", span, "cannot tell which record this is")
                        .label("a record without a name")
                        .help("write the record's name before the braces: `Name { … }`"),
                );
                return error();
            }
        };
        let Some(record) = self.sigs.records.get(id.0 as usize) else {
            return error();
        };
        let record_fields = record.fields.clone();
        let record_name = record.name.clone();
        let values = self.field_inits(
            fields,
            &record_fields,
            span,
            (&format!("record `{record_name}`"), "field"),
            true,
        );
        self.names.members(fields, &record_fields, |f| {
            Some(Def::Field {
                ty: record_name.clone(),
                name: f.to_owned(),
            })
        });
        let irs = values
            .into_iter()
            .map(|v| v.unwrap_or(ir::Expr::Const(Value::Null)))
            .collect();
        let ty = Ty::Record(id, record_name.as_str().into());
        (ir::Expr::Record(ty.clone(), irs), ty)
    }

    /// Checks `{ name: value, … }` against the fields `decl`; returns one slot per declared
    /// field (None when not given). `what` owns the fields and `member` names one of them in
    /// messages ("record `Rad`" has no "field"). `all_required` reports fields left out.
    pub fn field_inits(
        &mut self,
        fields: &[FieldInit],
        decl: &[(String, Ty)],
        span: Span,
        (what, member): (&str, &str),
        all_required: bool,
    ) -> Vec<Option<ir::Expr>> {
        let mut values: Vec<Option<ir::Expr>> = vec![None; decl.len()];
        for init in fields {
            let Some(i) = decl.iter().position(|(n, _)| *n == init.name.name) else {
                let names: Vec<&str> = decl
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .filter(|n| !n.is_empty())
                    .collect();
                let help = suggest(&init.name.name, names.iter().copied()).or_else(|| {
                    Some(match names.as_slice() {
                        [] => format!("{what} has no {member}s at all"),
                        _ if names.len() > 12 => format!(
                            "its {member}s: {}, …",
                            names.get(..12).unwrap_or_default().join(", ")
                        ),
                        _ => format!("its {member}s: {}", names.join(", ")),
                    })
                });
                self.report(
                    Diag::error(
                        "E0103",
                        init.name.span,
                        format!("{what} has no {member} `{}`", init.name.name),
                    )
                    .label(format!("unknown {member}"))
                    .help_opt(help),
                );
                self.expr(&init.value, None);
                continue;
            };
            let ty = decl.get(i).map_or(Ty::Error, |(_, t)| t.clone());
            let ir = self.expect(&init.value, &ty);
            match values.get_mut(i) {
                Some(slot @ None) => *slot = Some(ir),
                _ => self.report(
                    Diag::error(
                        "E0102",
                        init.name.span,
                        format!("{member} `{}` is given twice", init.name.name),
                    )
                    .label("given again here")
                    .help("give each one value"),
                ),
            }
        }
        if all_required {
            let missing: Vec<&str> = decl
                .iter()
                .zip(&values)
                .filter(|((_, ty), v)| v.is_none() && !matches!(ty, Ty::Optional(_)))
                .map(|((n, _), _)| n.as_str())
                .collect();
            if !missing.is_empty() {
                let plural = if missing.len() == 1 { "" } else { "s" };
                self.report(
                    Diag::error(
                        "E0109",
                        span,
                        format!("{what} is missing `{}`", missing.join("`, `")),
                    )
                    .label(format!("{member}{plural} missing"))
                    .help(format!(
                        "give every {member} a value; only an optional one (`T?`) may be left out"
                    )),
                );
            }
        }
        values
    }

    fn call(&mut self, f: &Ident, args: &[Expr], span: Span, expected: Option<&Ty>) -> Typed {
        let list_op = match f.name.as_str() {
            "count" => Some(ListOp::Count),
            "sum" => Some(ListOp::Sum),
            "any" => Some(ListOp::Any),
            "all" => Some(ListOp::All),
            "filter" => Some(ListOp::Filter),
            "map" => Some(ListOp::Map),
            _ => None,
        };
        if let Some(op) = list_op {
            return self.list_op(op, f, args, span);
        }
        let round = match f.name.as_str() {
            "round" => Some(RoundMode::Nearest),
            "floor" => Some(RoundMode::Down),
            "ceil" => Some(RoundMode::Up),
            _ => None,
        };
        if let Some(mode) = round {
            return self.round(mode, f, args, span);
        }
        let (builtin, arity) =
            match f.name.as_str() {
                "min" => (Builtin::Min, 2),
                "max" => (Builtin::Max, 2),
                "days" => (Builtin::Days, 2),
                "within" => (Builtin::Within, 3),
                "period_end" => (Builtin::PeriodEnd, 2),
                "year" => (Builtin::Year, 1),
                "date" => (Builtin::MakeDate, 3),
                "last_day_of_month" => (Builtin::LastDayOfMonth, 1),
                "weekday" => (Builtin::Weekday, 1),
                _ => {
                    let help = suggest(&f.name, FUNCTIONS.iter().copied());
                    self.report(
                        Diag::error("E0106", f.span, format!("unknown function `{}`", f.name))
                            .label("no such function")
                            .help_opt(help.or_else(|| {
                                Some(format!("the functions: {}", FUNCTIONS.join(", ")))
                            })),
                    );
                    for a in args {
                        self.expr(a, None);
                    }
                    return error();
                }
            };
        if !self.arity(f, args.len(), arity, arity, span) {
            return error();
        }
        let _ = expected;
        let (irs, tys): (Vec<_>, Vec<_>) = args.iter().map(|a| self.expr(a, None)).unzip();
        let params: &[Ty] = match builtin {
            Builtin::Min | Builtin::Max => {
                let t = tys.first().cloned().unwrap_or(Ty::Error);
                let ok = matches!(
                    t,
                    Ty::Int | Ty::Decimal | Ty::Money | Ty::Date | Ty::Time | Ty::Error
                );
                if ok && tys.iter().all(|u| u.fits(&t)) {
                    return (ir::Expr::Call(builtin, irs), t);
                }
                self.report(
                    Diag::error(
                        "E0200",
                        span,
                        format!("`{}` needs two values of one ordered type", f.name),
                    )
                    .label(format!(
                        "given `{}`",
                        tys.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("`, `")
                    )),
                );
                return error();
            }
            Builtin::Days => &[Ty::Date, Ty::Date],
            Builtin::Within => &[Ty::Date, Ty::Date, Ty::Duration],
            Builtin::PeriodEnd => &[Ty::Date, Ty::Duration],
            Builtin::Year | Builtin::LastDayOfMonth | Builtin::Weekday => &[Ty::Date],
            Builtin::MakeDate => &[Ty::Int, Ty::Int, Ty::Int],
        };
        for ((arg, ty), want) in args.iter().zip(&tys).zip(params) {
            if !ty.fits(want) {
                self.mismatch(arg.span, want, ty);
            }
        }
        let ty = ir::builtin_result(builtin).unwrap_or(Ty::Error);
        (ir::Expr::Call(builtin, irs), ty)
    }

    fn arity(&mut self, f: &Ident, found: usize, min: usize, max: usize, span: Span) -> bool {
        if (min..=max).contains(&found) {
            return true;
        }
        let wanted = if min == max {
            format!("{min}")
        } else {
            format!("{min} or {max}")
        };
        let plural = if max == 1 { "argument" } else { "arguments" };
        self.report(
            Diag::error(
                "E0203",
                span,
                format!("`{}` takes {wanted} {plural}, found {found}", f.name),
            )
            .label(format!("{found} given"))
            .help(signature_help(&f.name)),
        );
        false
    }

    fn list_op(&mut self, op: ListOp, f: &Ident, args: &[Expr], span: Span) -> Typed {
        let (min, max) = match op {
            ListOp::Count | ListOp::Sum => (1, 2),
            _ => (2, 2),
        };
        if !self.arity(f, args.len(), min, max, span) {
            for a in args {
                if !matches!(a.kind, ExprKind::Lambda(..)) {
                    self.expr(a, None);
                }
            }
            return error();
        }
        let Some(list_arg) = args.first() else {
            return error();
        };
        let (list_ir, list_ty) = self.expr(list_arg, None);
        let elem = match &list_ty {
            Ty::List(e) => (**e).clone(),
            Ty::EmptyList | Ty::Error => Ty::Error,
            other => {
                self.report(
                    Diag::error(
                        "E0200",
                        list_arg.span,
                        format!("`{}` needs a list, found `{other}`", f.name),
                    )
                    .label("not a list"),
                );
                Ty::Error
            }
        };
        let slot = index_u32(self.local_names.len());
        let (body, body_ty) = match args.get(1) {
            None => {
                let slot_here = self.declare_unnamed(elem.clone());
                debug_assert_eq!(slot, slot_here);
                (None, elem.clone())
            }
            Some(Expr {
                kind: ExprKind::Lambda(param, body),
                ..
            }) => {
                let slot_here = self.declare(&param.name, elem.clone());
                let def = Def::Lambda {
                    at: param.span.start,
                    name: param.name.clone(),
                };
                self.names.bind(slot_here, def, param.span, &elem);
                let want = match op {
                    ListOp::Count | ListOp::Any | ListOp::All | ListOp::Filter => Some(Ty::Bool),
                    ListOp::Sum | ListOp::Map => None,
                };
                let (ir, ty) = match &want {
                    Some(t) => (self.expect(body, t), t.clone()),
                    None => self.expr(body, None),
                };
                self.scope.pop();
                debug_assert_eq!(slot, slot_here);
                (Some(Box::new(ir)), ty)
            }
            Some(other) => {
                self.report(
                    Diag::error(
                        "E0204",
                        other.span,
                        format!("`{}` needs a lambda here", f.name),
                    )
                    .label("not a lambda")
                    .help(signature_help(&f.name)),
                );
                return error();
            }
        };
        let ty = match op {
            ListOp::Count => Ty::Int,
            ListOp::Any | ListOp::All => Ty::Bool,
            ListOp::Filter => list_ty.clone(),
            ListOp::Map => Ty::list(body_ty),
            ListOp::Sum => {
                if !(body_ty.is_numeric() || body_ty.is_error()) {
                    self.report(
                        Diag::error(
                            "E0202",
                            span,
                            format!("`sum` needs numbers or money, found `{body_ty}`"),
                        )
                        .label("cannot be added up"),
                    );
                    Ty::Error
                } else {
                    body_ty
                }
            }
        };
        (
            ir::Expr::ListOp {
                op,
                list: Box::new(list_ir),
                slot,
                body,
                ty: ty.clone(),
            },
            ty,
        )
    }

    fn round(&mut self, mode: RoundMode, f: &Ident, args: &[Expr], span: Span) -> Typed {
        if !self.arity(f, args.len(), 2, 2, span) {
            return error();
        }
        let (Some(value), Some(unit)) = (args.first(), args.get(1)) else {
            return error();
        };
        let (ir, ty) = self.expr(value, None);
        if !matches!(ty, Ty::Money | Ty::Decimal | Ty::Error) {
            self.report(
                Diag::error(
                    "E0200",
                    value.span,
                    format!("`{}` rounds Money or Decimal, found `{ty}`", f.name),
                )
                .label("cannot be rounded"),
            );
        }
        let to = match &unit.kind {
            ExprKind::Name(n) if n.name == "ore" => RoundTo::Ore,
            ExprKind::Name(n) if n.name == "kronor" => RoundTo::Kronor,
            ExprKind::Int(places) if ty != Ty::Money => match places.parse::<u32>() {
                Ok(p) if p <= 10 => RoundTo::Places(p),
                _ => {
                    self.report(
                        Diag::error("E0200", unit.span, "round to between 0 and 10 decimals")
                            .label("too many decimals"),
                    );
                    return error();
                }
            },
            _ => {
                self.report(
                    Diag::error("E0200", unit.span, "round to `ore` or `kronor`")
                        .label("not a rounding unit")
                        .help(signature_help(&f.name)),
                );
                return error();
            }
        };
        (
            ir::Expr::Round {
                mode,
                to,
                value: Box::new(ir),
            },
            ty,
        )
    }
}

/// A comparison (`== != < <= > >=`, as written `op`) of operands of types `lt` and `rt`.
fn comparison(op: BinaryOp, l: ir::Expr, r: ir::Expr, (lt, rt): (&Ty, &Ty)) -> ir::Expr {
    let cmp = match op {
        BinaryOp::Eq => Cmp::Eq,
        BinaryOp::Ne => Cmp::Ne,
        BinaryOp::Lt => Cmp::Lt,
        BinaryOp::Le => Cmp::Le,
        BinaryOp::Gt => Cmp::Gt,
        _ => Cmp::Ge,
    };
    ir::Expr::Binary(
        Op::Compare(cmp, Compared::of(lt, rt)),
        Box::new(l),
        Box::new(r),
    )
}

fn arithmetic_help(op: BinaryOp, (l, lt): (&Expr, &Ty), (r, rt): (&Expr, &Ty)) -> Option<String> {
    // The number as written, when it is a literal: `5` in `belopp + 5`.
    let number = |e: &Expr, fallback: &str| match &e.kind {
        ExprKind::Int(t) | ExprKind::Decimal(t) => t.clone(),
        _ => fallback.to_owned(),
    };
    // A value that may be null would still not fit once given a fallback: say what would.
    match (op, lt.non_null(), rt.non_null()) {
        (BinaryOp::Add | BinaryOp::Sub, Ty::Money, Ty::Int | Ty::Decimal) => {
            Some(format!("give the number its unit: `{} kr`", number(r, "5")))
        }
        (BinaryOp::Add | BinaryOp::Sub, Ty::Int | Ty::Decimal, Ty::Money) => {
            Some(format!("give the number its unit: `{} kr`", number(l, "5")))
        }
        (BinaryOp::Add | BinaryOp::Sub, Ty::Date, Ty::Int) => {
            let date = match &l.kind {
                ExprKind::Name(id) => id.name.as_str(),
                _ => "datum",
            };
            Some(format!(
                "a date moves by a duration, not a number: `{date} {} {} days`",
                op.symbol(),
                number(r, "30")
            ))
        }
        _ => None,
    }
}

/// When an operand may be null and the operator is defined on its value: how to give it a
/// fallback, with a zero of its type (`(avgift ?? 0 kr) + 100 kr`).
fn null_help(op: BinaryOp, (l, lt): (&Expr, &Ty), (r, rt): (&Expr, &Ty)) -> Option<String> {
    ir::resolve_arith(op, lt.non_null(), rt.non_null())?;
    let (e, ty) = match (lt, rt) {
        (Ty::Optional(inner), _) => (l, &**inner),
        (_, Ty::Optional(inner)) => (r, &**inner),
        _ => return None,
    };
    let zero = match ty {
        Ty::Int | Ty::Decimal => "0",
        Ty::Money => "0 kr",
        Ty::Duration => "0 days",
        _ => "…",
    };
    Some(match &e.kind {
        ExprKind::Name(id) => format!(
            "`{}` may be null: give it a fallback first, e.g. `({} ?? {zero})`",
            id.name, id.name
        ),
        _ => format!("this value may be null: give it a fallback first, e.g. `(x ?? {zero})`"),
    })
}

/// The built-in functions, by the names policies call them (the language server completes and
/// colours these).
pub const FUNCTIONS: &[&str] = &[
    "count",
    "sum",
    "any",
    "all",
    "filter",
    "map",
    "round",
    "floor",
    "ceil",
    "min",
    "max",
    "days",
    "within",
    "period_end",
    "year",
    "date",
    "last_day_of_month",
    "weekday",
];

fn signature_help(name: &str) -> String {
    let form = match name {
        "count" => return "write it as `count(list)` or `count(list, x => condition)`".into(),
        "sum" => return "write it as `sum(list)` or `sum(list, x => amount)`".into(),
        "any" | "all" | "filter" => return format!("write it as `{name}(list, x => condition)`"),
        "map" => "map(list, x => value)",
        "round" | "floor" | "ceil" => {
            return format!(
                "write it as `{name}(amount, ore)`, `{name}(amount, kronor)` or, for a Decimal, `{name}(x, 1)`"
            );
        }
        "min" | "max" => return format!("write it as `{name}(a, b)`"),
        "days" => "days(from, to)",
        "within" => "within(from, to, 3 months)",
        "period_end" => "period_end(start, 5 years)",
        "year" => "year(date)",
        "date" => "date(year, month, day)",
        "last_day_of_month" => "last_day_of_month(date)",
        "weekday" => "weekday(date)",
        _ => return "see the list of functions in grammar/README.md".into(),
    };
    format!("write it as `{form}`")
}

/// What a bare name finds among the enum variants.
enum Variant {
    Found(Typed),
    /// The enums that have a variant of this name, none of them expected here.
    Ambiguous(Vec<String>),
    None,
}
