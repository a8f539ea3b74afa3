//! Expressions of the IR as solver terms: a symbolic run of the evaluator.
//!
//! Each operator is encoded as the evaluator computes it (`regel_runtime::ops`,
//! `builtins`, `calendar`), on the values' shapes rather than on recorded types, as the evaluator
//! dispatches on values. Evaluation order and short-circuits are kept: the right side of
//! `and`/`or`, the branches of `if`, the fallback of `??` and the bodies of list operators
//! are encoded under the condition that they run (`guard`), so a run-time error is recorded
//! with exactly the inputs that meet it.

use std::collections::HashMap;

use regel_compiler::ir::{
    Arith, Builtin, Cmp, Expr, ListOp, Op, Place, Program, RoundMode, RoundTo, Value,
};
use regel_compiler::ty::Ty;
use regel_syntax::{BinaryOp, DurationUnit};
use rust_decimal::Decimal;
use z3::ast::{Ast, Bool, Int, Real};

use crate::calendar;
use crate::sym::{
    Enc, Sym, and, and_all, and2, equal, int, merge, or, or_all, real_of, t, unsupported,
};

/// Texts by number: each text constant of the program gets one; an input's text is any
/// number, and a number no constant has stands for a text unlike all of them.
#[derive(Debug, Default)]
pub struct Texts {
    ids: HashMap<String, i64>,
    pub names: Vec<String>,
}

impl Texts {
    pub fn id(&mut self, s: &str) -> i64 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = self.names.len() as i64;
        self.ids.insert(s.to_owned(), id);
        self.names.push(s.to_owned());
        id
    }

    pub fn text(&self, id: i64) -> String {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.names.get(i))
            .cloned()
            .unwrap_or_else(|| format!("annan text {id}"))
    }
}

/// Where in a decision an expression stands (for findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Site {
    Domain(usize),
    Require(usize),
    Let(usize),
    When(usize),
    RuleRequire(usize, usize),
    Outcome(usize, usize),
    Output(usize),
    Property,
}

/// A run-time error some inputs may meet.
#[derive(Debug, Clone)]
pub struct ErrorSite {
    pub site: Site,
    pub when: Bool,
    pub message: String,
}

/// One evaluation of an `if` condition: reached under `guard`, true when `cond`.
#[derive(Debug, Clone)]
pub struct IfSite {
    pub site: Site,
    /// The `If` node's address in the IR (the same node unrolled over list elements).
    pub node: usize,
    pub guard: Bool,
    pub cond: Bool,
    /// Whether the condition reads an input, `let` or lambda parameter (else it is constant).
    pub reads_locals: bool,
}

pub struct Encoder<'a> {
    pub program: &'a Program,
    params: Vec<Sym>,
    pub texts: Texts,
    pub axioms: Vec<Bool>,
    pub shifts: calendar::Shifts,
    /// Terms defined by axioms (a period's end, a date's year, month and day), by what they
    /// are of, so an equal computation gets the same terms (also in a version compared).
    memo: HashMap<String, Vec<Int>>,
    /// The Decimal inputs: a model must give each a terminating decimal.
    pub decimals: Vec<Real>,
    pub fresh: u32,
    /// The most elements of a list input.
    pub bound: usize,
    /// Set when an operation was encoded inexactly: no result may then be claimed proved.
    pub approx: Option<String>,
    /// The locals that depend on the inputs (see [`crate::dependent_locals`]).
    pub dependent: Vec<u32>,
    /// The division being encoded is rounded at once (see `Expr::Round`).
    rounded_division: bool,
    pub locals: Vec<Option<Sym>>,
    pub guard: Bool,
    pub site: Site,
    pub errors: Vec<ErrorSite>,
    pub ifs: Vec<IfSite>,
}

/// What one encoder hands to the next that shares its solver (see [`Encoder::after`]).
#[derive(Default)]
pub struct Carried {
    texts: Texts,
    shifts: calendar::Shifts,
    memo: HashMap<String, Vec<Int>>,
    fresh: u32,
}

impl<'a> Encoder<'a> {
    /// The texts and shifts, taken for the next encoder; fresh names continue after a gap.
    pub fn carry(&mut self) -> Carried {
        Carried {
            texts: std::mem::take(&mut self.texts),
            shifts: std::mem::take(&mut self.shifts),
            memo: std::mem::take(&mut self.memo),
            fresh: self.fresh + 100_000,
        }
    }

    pub fn new(program: &'a Program, params: &[Value], bound: usize) -> Enc<Encoder<'a>> {
        Encoder::after(program, params, bound, Carried::default())
    }

    /// An encoder whose terms live beside another's in one solver (two versions of a decision
    /// compared): the texts keep their numbers, a date shifted by the same months is the same
    /// term, and fresh names start after the other's.
    pub fn after(
        program: &'a Program,
        params: &[Value],
        bound: usize,
        carried: Carried,
    ) -> Enc<Encoder<'a>> {
        let Carried {
            texts,
            shifts,
            memo,
            fresh,
        } = carried;
        let mut enc = Encoder {
            program,
            params: Vec::new(),
            texts,
            axioms: Vec::new(),
            shifts,
            memo,
            decimals: Vec::new(),
            fresh,
            bound,
            approx: None,
            dependent: Vec::new(),
            rounded_division: false,
            locals: Vec::new(),
            guard: t(),
            site: Site::Property,
            errors: Vec::new(),
            ifs: Vec::new(),
        };
        let mut syms = Vec::with_capacity(params.len());
        for p in params {
            syms.push(enc.constant(p)?);
        }
        enc.params = syms;
        Ok(enc)
    }

    pub fn constant(&mut self, v: &Value) -> Enc<Sym> {
        Ok(match v {
            Value::Null => Sym::Null,
            Value::Bool(b) => Sym::Bool(Bool::from_bool(*b)),
            Value::Int(i) => Sym::Int(int(*i)),
            Value::Decimal(d) => Sym::Decimal(real_const(*d)?),
            Value::Money(d) => Sym::Money(real_const(*d)?),
            Value::Date(d) => Sym::Date(int(calendar::day_number(*d))),
            Value::Time(tm) => {
                use chrono::Timelike;
                Sym::Time(int(i64::from(tm.hour() * 60 + tm.minute())))
            }
            Value::Duration(d) => Sym::Duration(int(d.amount), d.unit),
            Value::Text(s) => Sym::Text(int(self.texts.id(s))),
            Value::Enum(e, i) => Sym::Enum(*e, int(i64::from(*i))),
            Value::List(items) => Sym::List {
                len: int(items.len() as i64),
                items: items
                    .iter()
                    .map(|i| self.constant(i))
                    .collect::<Enc<Vec<_>>>()?,
            },
            Value::Record(fields) => Sym::Record(
                fields
                    .iter()
                    .map(|i| self.constant(i))
                    .collect::<Enc<Vec<_>>>()?,
            ),
        })
    }

    /// A fresh symbolic value of type `ty`, and what makes it a value JSON can give.
    pub fn input(&mut self, ty: &Ty, name: &str) -> Enc<(Sym, Bool)> {
        self.fresh += 1;
        let name = format!("{name}!{}", self.fresh);
        Ok(match ty {
            Ty::Bool => (Sym::Bool(Bool::new_const(name)), t()),
            Ty::Int => {
                let x = Int::new_const(name);
                let ok = and2(&x.ge(int(i64::MIN)), &x.le(int(i64::MAX)));
                (Sym::Int(x), ok)
            }
            Ty::Decimal => {
                let x = Real::new_const(name);
                self.decimals.push(x.clone());
                (Sym::Decimal(x), t())
            }
            Ty::Money => {
                // A whole number of öre.
                let ore = Int::new_const(name);
                let kronor = Real::from_int(&ore) / crate::sym::rat(100, 1);
                (Sym::Money(kronor), t())
            }
            Ty::Date => {
                let x = Int::new_const(name);
                let (lo, hi) = calendar::input_range();
                (Sym::Date(x.clone()), and2(&x.ge(int(lo)), &x.le(int(hi))))
            }
            Ty::Time => {
                let x = Int::new_const(name);
                (
                    Sym::Time(x.clone()),
                    and2(&x.ge(int(0)), &x.lt(int(24 * 60))),
                )
            }
            Ty::Text => (Sym::Text(Int::new_const(name)), t()),
            Ty::Enum(id, _) => {
                let n = self
                    .program
                    .enum_def(*id)
                    .map_or(0, |e| e.variants.len() as i64);
                let x = Int::new_const(name);
                (
                    Sym::Enum(*id, x.clone()),
                    and2(&x.ge(int(0)), &x.lt(int(n))),
                )
            }
            Ty::Optional(inner) => {
                let present = Bool::new_const(format!("{name}?"));
                let (value, ok) = self.input(inner, &name)?;
                (
                    Sym::Opt {
                        present: present.clone(),
                        value: Box::new(value),
                    },
                    present.implies(&ok),
                )
            }
            Ty::List(inner) => {
                let len = Int::new_const(format!("{name}#"));
                let mut ok = vec![len.ge(int(0)), len.le(int(self.bound as i64))];
                let mut items = Vec::with_capacity(self.bound);
                for i in 0..self.bound {
                    let (item, item_ok) = self.input(inner, &format!("{name}[{i}]"))?;
                    ok.push(len.gt(int(i as i64)).implies(&item_ok));
                    items.push(item);
                }
                (Sym::List { len, items }, and_all(&ok))
            }
            Ty::Record(id, _) => {
                let fields = self
                    .program
                    .records
                    .get(id.0 as usize)
                    .map(|r| r.fields.clone())
                    .unwrap_or_default();
                let mut syms = Vec::new();
                let mut ok = Vec::new();
                for (field, fty) in &fields {
                    let (s, o) = self.input(fty, &format!("{name}.{field}"))?;
                    syms.push(s);
                    ok.push(o);
                }
                (Sym::Record(syms), and_all(&ok))
            }
            Ty::Duration => return unsupported("an input of type Duration"),
            Ty::Null | Ty::EmptyList | Ty::Error => {
                return unsupported(format!("an input of type {ty}"));
            }
        })
    }

    /// Records that evaluation fails, under the current guard, when `when` holds.
    fn fail(&mut self, when: Bool, message: impl Into<String>) {
        let when = and2(&self.guard, &when);
        if when.simplify().as_bool() == Some(false) {
            return;
        }
        self.errors.push(ErrorSite {
            site: self.site,
            when,
            message: message.into(),
        });
    }

    /// A whole number as the evaluator holds it (i64): a result outside that range is the
    /// evaluator's overflow error, so the encoding fails exactly where evaluation does.
    fn whole(&mut self, x: Int) -> Int {
        let outside = or(&[&x.lt(int(i64::MIN)), &x.gt(int(i64::MAX))]);
        self.fail(outside, "the result is too large");
        x
    }

    /// Runs `body` with `cond` added to the guard.
    fn under<T>(&mut self, cond: &Bool, body: impl FnOnce(&mut Self) -> Enc<T>) -> Enc<T> {
        let saved = self.guard.clone();
        self.guard = and2(&saved, cond);
        let r = body(self);
        self.guard = saved;
        r
    }

    /// A value that must be present: an error when it is `null`.
    fn needed(&mut self, s: Sym, message: &str) -> Enc<Sym> {
        match s {
            Sym::Null => {
                self.fail(t(), message);
                unsupported("a value that is always null where one is needed")
            }
            Sym::Opt { present, value } => {
                self.fail(present.not(), message);
                Ok(*value)
            }
            other => Ok(other),
        }
    }

    pub fn condition(&mut self, e: &Expr) -> Enc<Bool> {
        let v = self.expr(e)?;
        self.truth(v)
    }

    fn truth(&mut self, v: Sym) -> Enc<Bool> {
        match self.needed(v, "a condition did not give true or false")? {
            Sym::Bool(b) => Ok(b),
            other => unsupported(format!("a condition of kind {}", other.kind())),
        }
    }

    pub fn expr(&mut self, e: &Expr) -> Enc<Sym> {
        match e {
            Expr::Const(v) => self.constant(v),
            Expr::Load(Place::Local(s)) => match self.locals.get(*s as usize) {
                Some(Some(v)) => Ok(v.clone()),
                _ => unsupported("a read of a local before it is set"),
            },
            Expr::Load(Place::Param(p)) => match self.params.get(*p as usize) {
                Some(v) => Ok(v.clone()),
                None => unsupported("an unknown parameter"),
            },
            Expr::Field(base, i, _) => {
                let base = self.expr(base)?;
                field(&base, *i as usize)
            }
            Expr::Not(x) => Ok(Sym::Bool(self.condition(x)?.not())),
            Expr::Neg(_, x) => {
                let v = self.expr(x)?;
                match self.needed(v, "only numbers can be negated")? {
                    Sym::Int(i) => Ok(Sym::Int(self.whole(i.unary_minus()))),
                    Sym::Decimal(r) => Ok(Sym::Decimal(r.unary_minus())),
                    Sym::Money(r) => Ok(Sym::Money(r.unary_minus())),
                    other => unsupported(format!("negating a {}", other.kind())),
                }
            }
            Expr::Binary(op, l, r) => self.binary(*op, l, r),
            Expr::Coalesce(l, r, _) => {
                let a = self.expr(l)?;
                match a {
                    Sym::Null => self.expr(r),
                    Sym::Opt { present, value } => {
                        let b = self.under(&present.not(), |s| s.expr(r))?;
                        merge(&present, &value, &b)
                    }
                    plain => Ok(plain),
                }
            }
            Expr::If(c, a, b, _) => {
                let reads_locals = crate::depends(c, &self.dependent);
                let c = self.condition(c)?;
                self.ifs.push(IfSite {
                    reads_locals,
                    site: self.site,
                    node: e as *const Expr as usize,
                    guard: self.guard.clone(),
                    cond: c.clone(),
                });
                let a = self.under(&c, |s| s.expr(a))?;
                let b = self.under(&c.not(), |s| s.expr(b))?;
                merge(&c, &a, &b)
            }
            Expr::List(_, items) => {
                let items = items
                    .iter()
                    .map(|i| self.expr(i))
                    .collect::<Enc<Vec<_>>>()?;
                Ok(Sym::List {
                    len: int(items.len() as i64),
                    items,
                })
            }
            Expr::Record(_, fields) => Ok(Sym::Record(
                fields
                    .iter()
                    .map(|i| self.expr(i))
                    .collect::<Enc<Vec<_>>>()?,
            )),
            Expr::ListOp {
                op,
                list,
                slot,
                body,
                ty,
            } => self.list_op(*op, list, *slot, body.as_deref(), ty),
            Expr::Round { mode, to, value } => {
                // A quotient rounded at once to a few places is exact: the evaluator's
                // quotient is within 10^-26 (relative) of the true one, which moves the rounded
                // result only for a quotient that close to a midpoint without being one.
                let few = match to {
                    RoundTo::Places(p) => *p <= 10,
                    _ => true,
                };
                let v = match &**value {
                    Expr::Binary(op @ Op::Arith(arith), l, r)
                        if few && arith.written() == BinaryOp::Div =>
                    {
                        let (a, b) = (self.expr(l)?, self.expr(r)?);
                        self.rounded_division = true;
                        let q = self.binary_values(*op, a, b);
                        self.rounded_division = false;
                        q?
                    }
                    other => self.expr(other)?,
                };
                round(*mode, *to, &v)
            }
            Expr::Call(builtin, args) => {
                let args = args.iter().map(|a| self.expr(a)).collect::<Enc<Vec<_>>>()?;
                self.call(*builtin, &args)
            }
        }
    }

    fn binary(&mut self, op: Op, l: &Expr, r: &Expr) -> Enc<Sym> {
        match op {
            Op::And => {
                let a = self.condition(l)?;
                let b = self.under(&a, |s| s.condition(r))?;
                Ok(Sym::Bool(and2(&a, &b)))
            }
            Op::Or => {
                let a = self.condition(l)?;
                let b = self.under(&a.not(), |s| s.condition(r))?;
                Ok(Sym::Bool(or(&[&a, &b])))
            }
            _ => {
                let a = self.expr(l)?;
                let b = self.expr(r)?;
                self.binary_values(op, a, b)
            }
        }
    }

    fn binary_values(&mut self, op: Op, a: Sym, b: Sym) -> Enc<Sym> {
        match op {
            Op::Compare(Cmp::Eq, _) => Ok(Sym::Bool(equal(&a, &b)?)),
            Op::Compare(Cmp::Ne, _) => Ok(Sym::Bool(equal(&a, &b)?.not())),
            Op::Compare(cmp, _) => {
                let msg = "a comparison met a missing (null) value";
                let a = self.needed(a, msg)?;
                let b = self.needed(b, msg)?;
                Ok(Sym::Bool(compare(cmp, &a, &b)?))
            }
            Op::In => match b {
                Sym::List { len, items } => {
                    let mut hits = Vec::new();
                    for (i, item) in items.iter().enumerate() {
                        hits.push(and2(&len.gt(int(i as i64)), &equal(&a, item)?));
                    }
                    Ok(Sym::Bool(or_all(&hits)))
                }
                _ => unsupported("`in` on something that is not a list"),
            },
            Op::Arith(arith) => {
                let msg = "arithmetic met a missing (null) value";
                let a = self.needed(a, msg)?;
                let b = self.needed(b, msg)?;
                self.arithmetic(arith, a, b)
            }
            Op::And | Op::Or => unsupported("internal: short-circuit operator"),
        }
    }

    /// A resolved arithmetic operator on two present values. A whole number may stand for a
    /// Decimal (and the whole 0 a `sum` starts from for Money): two whole numbers are added,
    /// subtracted and multiplied as such, as the evaluator does.
    fn arithmetic(&mut self, arith: Arith, a: Sym, b: Sym) -> Enc<Sym> {
        use Arith::*;
        let op = arith.written();
        match (arith, &a, &b) {
            (_, Sym::Int(x), Sym::Int(y)) if op != BinaryOp::Div => {
                Ok(Sym::Int(self.whole(match op {
                    BinaryOp::Add => x + y,
                    BinaryOp::Sub => x - y,
                    _ => x * y,
                })))
            }
            (DateAddDuration | DateSubDuration, Sym::Date(d), Sym::Duration(n, unit)) => {
                let amount = if arith == DateAddDuration {
                    n.clone()
                } else {
                    n.unary_minus()
                };
                let moved = self.shift(d, &amount, *unit);
                let (lo, hi) = calendar::chrono_range();
                let outside = or(&[&moved.lt(int(lo)), &moved.gt(int(hi))]);
                self.fail(outside, "the date falls outside the calendar");
                Ok(Sym::Date(moved))
            }
            (Concat, Sym::List { .. }, Sym::List { .. }) => Ok(join(&a, &b)?),
            (DateDiffDays, Sym::Date(x), Sym::Date(y)) => Ok(Sym::Int(x - y)),
            (DurationMulInt, Sym::Duration(d, unit), Sym::Int(n))
            | (IntMulDuration, Sym::Int(n), Sym::Duration(d, unit)) => {
                Ok(Sym::Duration(self.whole(d * n), *unit))
            }
            (AddMoney | SubMoney | MoneyMulNumber | NumberMulMoney | MoneyDivNumber, _, _) => {
                self.decimal_op(op, &a, &b).map(Sym::Money)
            }
            _ => self.decimal_op(op, &a, &b).map(Sym::Decimal),
        }
    }

    fn decimal_op(&mut self, op: BinaryOp, a: &Sym, b: &Sym) -> Enc<Real> {
        let (Some(x), Some(y)) = (real_of(a), real_of(b)) else {
            return unsupported(format!(
                "`{}` on a {} and a {}",
                op.symbol(),
                a.kind(),
                b.kind()
            ));
        };
        Ok(match op {
            BinaryOp::Add => x + y,
            BinaryOp::Sub => x - y,
            BinaryOp::Mul => x * y,
            _ => {
                self.fail(y.eq(crate::sym::rat(0, 1)), "division by zero");
                if !terminating(&y) && !std::mem::take(&mut self.rounded_division) {
                    self.approx.get_or_insert_with(|| {
                        "a division whose quotient the evaluator rounds to 28 digits".into()
                    });
                }
                x / y
            }
        })
    }

    fn list_op(
        &mut self,
        op: ListOp,
        list: &Expr,
        slot: u32,
        body: Option<&Expr>,
        ty: &Ty,
    ) -> Enc<Sym> {
        let element_depends = crate::depends(list, &self.dependent);
        let saved_dependent = self.dependent.clone();
        self.dependent.retain(|s| *s != slot);
        if element_depends {
            self.dependent.push(slot);
        }
        let r = self.list_op_inner(op, list, slot, body, ty);
        self.dependent = saved_dependent;
        r
    }

    fn list_op_inner(
        &mut self,
        op: ListOp,
        list: &Expr,
        slot: u32,
        body: Option<&Expr>,
        ty: &Ty,
    ) -> Enc<Sym> {
        let (len, items) = match self.expr(list)? {
            Sym::Null => (int(0), Vec::new()),
            Sym::List { len, items } => (len, items),
            Sym::Opt { present, value } => match *value {
                Sym::List { len, items } => (present.ite(&len, &int(0)), items),
                _ => return unsupported("a list operator on something that is not a list"),
            },
            _ => return unsupported("a list operator on something that is not a list"),
        };
        let slot = slot as usize;
        if self.locals.len() <= slot {
            self.locals.resize(slot + 1, None);
        }
        let saved = self.locals.get(slot).cloned().flatten();
        // `any` and `all` stop at the first element that decides; the others walk them all.
        let mut undecided = t();
        let mut results: Vec<(Bool, Option<Sym>)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let inside = len.gt(int(i as i64));
            let runs = and2(&inside, &undecided);
            if let Some(s) = self.locals.get_mut(slot) {
                *s = Some(item.clone());
            }
            let predicate = matches!(
                op,
                ListOp::Count | ListOp::Filter | ListOp::Any | ListOp::All
            );
            let value = match body {
                None => None,
                Some(b) => Some(self.under(&runs, |s| {
                    let v = s.expr(b)?;
                    if predicate {
                        Ok(Sym::Bool(s.truth(v)?))
                    } else {
                        Ok(v)
                    }
                })?),
            };
            if matches!(op, ListOp::Any | ListOp::All) {
                let holds = match &value {
                    Some(v) => self.truth(v.clone())?,
                    None => t(),
                };
                let decides = if op == ListOp::Any {
                    holds
                } else {
                    holds.not()
                };
                undecided = and2(&undecided, &or(&[&inside.not(), &decides.not()]));
            }
            results.push((inside, value));
        }
        if let Some(s) = self.locals.get_mut(slot) {
            *s = saved;
        }
        match op {
            ListOp::Any => Ok(Sym::Bool(undecided.not())),
            ListOp::All => Ok(Sym::Bool(undecided)),
            ListOp::Count => {
                if body.is_none() {
                    return Ok(Sym::Int(len));
                }
                let mut terms = Vec::new();
                for (inside, value) in results {
                    let holds = match value {
                        Some(v) => self.truth(v)?,
                        None => t(),
                    };
                    terms.push(and2(&inside, &holds).ite(&int(1), &int(0)));
                }
                Ok(Sym::Int(sum_ints(&terms)))
            }
            ListOp::Sum => {
                let add = match ty {
                    Ty::Int => Arith::AddInt,
                    Ty::Money => Arith::AddMoney,
                    _ => Arith::AddDecimal,
                };
                let mut total = self.constant(&regel_compiler::ir::zero_of(ty))?;
                for ((inside, value), item) in results.into_iter().zip(&items) {
                    let v = value.unwrap_or_else(|| item.clone());
                    let v = self.under(&inside, |s| {
                        s.needed(v, "arithmetic met a missing (null) value")
                    })?;
                    let added = self.under(&inside, |s| s.arithmetic(add, total.clone(), v))?;
                    total = merge(&inside, &added, &total)?;
                }
                Ok(total)
            }
            ListOp::Map => {
                let mapped = results
                    .into_iter()
                    .zip(&items)
                    .map(|((_, v), item)| v.unwrap_or_else(|| item.clone()))
                    .collect();
                Ok(Sym::List { len, items: mapped })
            }
            ListOp::Filter => {
                let mut keep = Vec::new();
                for (inside, value) in &results {
                    let holds = match value {
                        Some(v) => self.truth(v.clone())?,
                        None => t(),
                    };
                    keep.push(and2(inside, &holds));
                }
                filtered(&keep, &items)
            }
        }
    }

    fn call(&mut self, builtin: Builtin, args: &[Sym]) -> Enc<Sym> {
        let outside = "the date falls outside the calendar";
        match builtin {
            Builtin::Min | Builtin::Max => {
                let [a, b] = args else {
                    return unsupported("min/max of other than two values");
                };
                let a = self.needed(a.clone(), "these values cannot be compared")?;
                let b = self.needed(b.clone(), "these values cannot be compared")?;
                let greater = compare(Cmp::Gt, &a, &b)?;
                let a_first = if builtin == Builtin::Max {
                    greater
                } else {
                    greater.not()
                };
                merge(&a_first, &a, &b)
            }
            Builtin::Days => {
                let (x, y) = (self.date_arg(args, 0)?, self.date_arg(args, 1)?);
                Ok(Sym::Int(y - x))
            }
            Builtin::Within => {
                let (from, to) = (self.date_arg(args, 0)?, self.date_arg(args, 1)?);
                let Some(Sym::Duration(n, unit)) = args.get(2) else {
                    return unsupported("`within` without a duration");
                };
                let start = self.shift(&to, &n.unary_minus(), *unit);
                Ok(Sym::Bool(from.gt(&start)))
            }
            Builtin::PeriodEnd => {
                let start = self.date_arg(args, 0)?;
                let Some(Sym::Duration(n, unit)) = args.get(1) else {
                    return unsupported("`period_end` without a duration");
                };
                // The largest `b` with `b − p < start`: `b − p` never decreases as `b` grows.
                let key = format!("period_end {start} {n} {unit:?}");
                let b = match self.memo.get(&key).and_then(|v| v.first()) {
                    Some(b) => b.clone(),
                    None => {
                        let b = self.fresh_int("period_end");
                        let minus = n.unary_minus();
                        let back = self.shift(&b, &minus, *unit);
                        let next = &b + int(1);
                        let back_next = self.shift(&next, &minus, *unit);
                        self.axioms
                            .push(and2(&back.lt(&start), &back_next.ge(&start)));
                        self.memo.insert(key, vec![b.clone()]);
                        b
                    }
                };
                let (lo, hi) = calendar::chrono_range();
                self.fail(or(&[&b.lt(int(lo)), &b.gt(int(hi - 1))]), outside);
                Ok(Sym::Date(b))
            }
            Builtin::Year => {
                let d = self.date_arg(args, 0)?;
                let (y, _, _) = self.civil(&d);
                Ok(Sym::Int(y))
            }
            Builtin::Weekday => {
                let d = self.date_arg(args, 0)?;
                Ok(Sym::Int(self.weekday(&d)))
            }
            Builtin::LastDayOfMonth => {
                let d = self.date_arg(args, 0)?;
                let (y, m, _) = self.civil(&d);
                let last = calendar::days_in_month(&y, &m);
                Ok(Sym::Date(calendar::from_civil(&y, &m, &last)))
            }
            Builtin::MakeDate => {
                let mut parts = Vec::new();
                for i in 0..3 {
                    match args
                        .get(i)
                        .cloned()
                        .map(|a| self.needed(a, "expected a whole number"))
                    {
                        Some(Ok(Sym::Int(n))) => parts.push(n),
                        _ => return unsupported("`date` of other than three whole numbers"),
                    }
                }
                let [y, m, d] = parts.as_slice() else {
                    return unsupported("`date` of other than three whole numbers");
                };
                let (lo, hi) = calendar::chrono_range();
                let (ylo, yhi) = (
                    calendar::date_of(lo).map_or(0, |d| i64::from(chrono::Datelike::year(&d))),
                    calendar::date_of(hi).map_or(0, |d| i64::from(chrono::Datelike::year(&d))),
                );
                let valid = and(&[
                    &m.ge(int(1)),
                    &m.le(int(12)),
                    &d.ge(int(1)),
                    &d.le(calendar::days_in_month(y, m)),
                    &y.ge(int(ylo)),
                    &y.le(int(yhi)),
                ]);
                self.fail(valid.not(), "the numbers are not a date");
                Ok(Sym::Date(calendar::from_civil(y, m, d)))
            }
        }
    }

    /// `day + amount × unit`: days and weeks linear, constant months and years through the
    /// abstraction of [`calendar::Shifts`], anything else exactly.
    fn shift(&mut self, day: &Int, amount: &Int, unit: DurationUnit) -> Int {
        match (unit, amount.simplify().as_i64()) {
            (DurationUnit::Days, _) => day + amount,
            (DurationUnit::Weeks, _) => day + &(amount * int(7)),
            (DurationUnit::Months, Some(n)) => {
                self.shifts.add(day, n, &mut self.fresh, &mut self.axioms)
            }
            (DurationUnit::Years, Some(n)) => {
                self.shifts
                    .add(day, n * 12, &mut self.fresh, &mut self.axioms)
            }
            _ => calendar::shift(day, amount, unit, &mut self.fresh, &mut self.axioms),
        }
    }

    /// The year, month and day of `day`, one set of terms per day term.
    fn civil(&mut self, day: &Int) -> (Int, Int, Int) {
        let key = format!("civil {day}");
        if let Some([y, m, d]) = self.memo.get(&key).map(Vec::as_slice) {
            return (y.clone(), m.clone(), d.clone());
        }
        let (y, m, d) = calendar::civil(day, &mut self.fresh, &mut self.axioms);
        self.memo.insert(key, vec![y.clone(), m.clone(), d.clone()]);
        (y, m, d)
    }

    /// The weekday of `day`, one term per day term.
    fn weekday(&mut self, day: &Int) -> Int {
        let key = format!("weekday {day}");
        if let Some([w]) = self.memo.get(&key).map(Vec::as_slice) {
            return w.clone();
        }
        let w = calendar::weekday(day, &mut self.fresh, &mut self.axioms);
        self.memo.insert(key, vec![w.clone()]);
        w
    }

    fn fresh_int(&mut self, what: &str) -> Int {
        self.fresh += 1;
        Int::new_const(format!("{what}!{}", self.fresh))
    }

    fn date_arg(&mut self, args: &[Sym], i: usize) -> Enc<Int> {
        let Some(a) = args.get(i).cloned() else {
            return unsupported("a missing argument");
        };
        match self.needed(a, "expected a date")? {
            Sym::Date(d) => Ok(d),
            other => unsupported(format!("a {} where a date is needed", other.kind())),
        }
    }
}

fn real_const(d: Decimal) -> Enc<Real> {
    let den = 10i128.pow(d.scale());
    let num = d.mantissa();
    Real::from_rational_str(&num.to_string(), &den.to_string())
        .map_or_else(|| unsupported("a number too large"), Ok)
}

/// Whether dividing by `y` keeps a decimal exact: `y` is a constant `2^a·5^b` times a
/// terminating decimal. A symbolic divisor is not.
fn terminating(y: &Real) -> bool {
    let Some((num, _)) = y.simplify().as_rational() else {
        return false;
    };
    let mut n = num.unsigned_abs();
    if n == 0 {
        return true;
    }
    for p in [2, 5] {
        while n % p == 0 {
            n /= p;
        }
    }
    n == 1
}

fn sum_ints(terms: &[Int]) -> Int {
    if terms.is_empty() {
        return int(0);
    }
    Int::add(terms)
}

fn field(base: &Sym, i: usize) -> Enc<Sym> {
    match base {
        Sym::Record(fields) => fields
            .get(i)
            .cloned()
            .map_or_else(|| unsupported("no such field"), Ok),
        Sym::Null => Ok(Sym::Null),
        Sym::Opt { present, value } => {
            let inner = field(value, i)?;
            let (p, v) = inner.unwrap_opt();
            Ok(Sym::Opt {
                present: and2(present, &p),
                value: Box::new(v),
            })
        }
        other => unsupported(format!("a field of a {}", other.kind())),
    }
}

/// `< <= > >=` on two present values.
pub fn compare(op: Cmp, a: &Sym, b: &Sym) -> Enc<Bool> {
    fn ints(op: Cmp, x: &Int, y: &Int) -> Bool {
        match op {
            Cmp::Lt => x.lt(y),
            Cmp::Le => x.le(y),
            Cmp::Gt => x.gt(y),
            _ => x.ge(y),
        }
    }
    match (a, b) {
        (Sym::Int(x), Sym::Int(y))
        | (Sym::Date(x), Sym::Date(y))
        | (Sym::Time(x), Sym::Time(y)) => Ok(ints(op, x, y)),
        _ => {
            let (Some(x), Some(y)) = (real_of(a), real_of(b)) else {
                return unsupported(format!("comparing a {} with a {}", a.kind(), b.kind()));
            };
            Ok(match op {
                Cmp::Lt => x.lt(&y),
                Cmp::Le => x.le(&y),
                Cmp::Gt => x.gt(&y),
                _ => x.ge(&y),
            })
        }
    }
}

fn round(mode: RoundMode, to: RoundTo, v: &Sym) -> Enc<Sym> {
    let places = match to {
        RoundTo::Ore => 2,
        RoundTo::Kronor => 0,
        RoundTo::Places(p) => p,
    };
    let scale = Real::from_rational_str(&10i128.pow(places.min(18)).to_string(), "1")
        .map_or_else(|| unsupported("rounding to too many places"), Ok)?;
    let rounded = |x: &Real| -> Real {
        let scaled = x * &scale;
        let half = crate::sym::rat(1, 2);
        let whole = match mode {
            RoundMode::Down => scaled.to_int(),
            RoundMode::Up => scaled.unary_minus().to_int().unary_minus(),
            RoundMode::Nearest => {
                let up = (&scaled + &half).to_int();
                let down = (scaled.unary_minus() + &half).to_int().unary_minus();
                scaled.ge(crate::sym::rat(0, 1)).ite(&up, &down)
            }
        };
        Real::from_int(&whole) / &scale
    };
    match v {
        Sym::Money(x) => Ok(Sym::Money(rounded(x))),
        Sym::Decimal(x) => Ok(Sym::Decimal(rounded(x))),
        Sym::Int(_) | Sym::Null => Ok(v.clone()),
        Sym::Opt { present, value } => Ok(Sym::Opt {
            present: present.clone(),
            value: Box::new(round(mode, to, value)?),
        }),
        other => unsupported(format!("rounding a {}", other.kind())),
    }
}

/// Two lists joined: element `i` is `a[i]` below `a`'s length, else `b[i − len a]`.
fn join(a: &Sym, b: &Sym) -> Enc<Sym> {
    let (Sym::List { len: la, items: xa }, Sym::List { len: lb, items: xb }) = (a, b) else {
        return unsupported("joining what is not a list");
    };
    if xa.is_empty() {
        return Ok(b.clone());
    }
    if xb.is_empty() {
        return Ok(a.clone());
    }
    let n = xa.len() + xb.len();
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        // From `b` when `la == i − j` for the `j` it would be; from `a` when `i < la`.
        let mut v: Option<Sym> = None;
        for (j, y) in xb.iter().enumerate().rev() {
            if j > i {
                continue;
            }
            let here = la.eq(int((i - j) as i64));
            v = over(v, &here, y)?;
        }
        if let Some(x) = xa.get(i) {
            let from_a = la.gt(int(i as i64));
            v = over(v, &from_a, x)?;
        }
        if let Some(v) = v {
            items.push(v);
        }
    }
    Ok(Sym::List {
        len: la + lb,
        items,
    })
}

/// `x` where `when` holds, else what `below` holds (`x` alone when nothing is below): one
/// element of a list built from candidates, the first that applies on top.
fn over(below: Option<Sym>, when: &Bool, x: &Sym) -> Enc<Option<Sym>> {
    Ok(Some(match below {
        None => x.clone(),
        Some(other) => merge(when, x, &other)?,
    }))
}

/// The elements whose `keep` holds, in order.
fn filtered(keep: &[Bool], items: &[Sym]) -> Enc<Sym> {
    // `before[i]`: how many elements before `i` are kept.
    let mut before = Vec::with_capacity(keep.len() + 1);
    let mut count = int(0);
    for k in keep {
        before.push(count.clone());
        count = &count + &k.ite(&int(1), &int(0));
    }
    let mut out = Vec::with_capacity(items.len());
    for slot in 0..items.len() {
        let mut v: Option<Sym> = None;
        for (i, item) in items.iter().enumerate().skip(slot).rev() {
            let (Some(k), Some(b)) = (keep.get(i), before.get(i)) else {
                continue;
            };
            let lands = and2(k, &b.eq(int(slot as i64)));
            v = over(v, &lands, item)?;
        }
        if let Some(v) = v {
            out.push(v);
        }
    }
    Ok(Sym::List {
        len: count,
        items: out,
    })
}
