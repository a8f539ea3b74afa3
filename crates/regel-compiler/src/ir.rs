//! The checked program: names resolved to slots and indices, every expression typed.
//! The evaluator walks this; it never sees syntax.
//!
//! Types are recorded where a consumer needs them, so none works them out again: the type of
//! every local (inputs, `let`s, lambda parameters: [`Decision::local_types`]), the operator of
//! every arithmetic, comparison and negation resolved by its operands' types ([`Op`],
//! [`Num`]), and the type on each node whose type its operator does not fix (`if`, `??`,
//! lists, records, fields, list operators). [`Expr::ty`] reads any node's type from these.

use std::sync::Arc;

use chrono::NaiveDate;

use regel_runtime::BinaryOp;

use crate::ty::{EnumId, Ty};

/// The values and the resolved operators live in the runtime, the lowest layer, which
/// generated code calls without the compiler; what about them depends on types is here.
pub use regel_runtime::{Arith, Builtin, Cmp, Duration, Num, RoundMode, RoundTo, Value};

/// The 0 of a numeric type, in that type's representation: what `sum` of an empty list
/// gives (`0 kr` for Money, so that `sum(rader) == 0 kr` holds when there are no rows).
pub fn zero_of(ty: &Ty) -> Value {
    match ty {
        Ty::Money => Value::Money(rust_decimal::Decimal::ZERO),
        Ty::Decimal => Value::Decimal(rust_decimal::Decimal::ZERO),
        _ => Value::Int(0),
    }
}

/// A resolved name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// An input, a `let` or a lambda parameter of the decision being evaluated.
    Local(u32),
    /// A parameter of the version.
    Param(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListOp {
    Count,
    Sum,
    Any,
    All,
    Filter,
    Map,
}

/// The type of a built-in's result; `None` for `min` and `max`, whose result has their
/// operands' type.
pub fn builtin_result(builtin: Builtin) -> Option<Ty> {
    match builtin {
        Builtin::Min | Builtin::Max => None,
        Builtin::Days | Builtin::Year | Builtin::Weekday => Some(Ty::Int),
        Builtin::Within => Some(Ty::Bool),
        Builtin::PeriodEnd | Builtin::MakeDate | Builtin::LastDayOfMonth => Some(Ty::Date),
    }
}

/// What a comparison compares, from its operands' types: decides how it compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compared {
    Int,
    /// Decimals, or a decimal with a whole number: compared as numbers (`1 == 1.0`).
    Decimal,
    Money,
    Date,
    Time,
    Bool,
    Text,
    Enum,
    Duration,
    /// Lists, records, optional values and `null`: compared element by element.
    Other,
}

impl Compared {
    /// How two operands of types `l` and `r` (which the checker accepted) are compared.
    pub fn of(l: &Ty, r: &Ty) -> Compared {
        match (l, r) {
            (Ty::Int, Ty::Int) => Compared::Int,
            (Ty::Int | Ty::Decimal, Ty::Int | Ty::Decimal) => Compared::Decimal,
            (Ty::Money, Ty::Money) => Compared::Money,
            (Ty::Date, Ty::Date) => Compared::Date,
            (Ty::Time, Ty::Time) => Compared::Time,
            (Ty::Bool, Ty::Bool) => Compared::Bool,
            (Ty::Text, Ty::Text) => Compared::Text,
            (Ty::Enum(a, _), Ty::Enum(b, _)) if a == b => Compared::Enum,
            (Ty::Duration, Ty::Duration) => Compared::Duration,
            _ => Compared::Other,
        }
    }
}

/// The type of an arithmetic operator's result (for `Concat`, the lists' type, which
/// [`Expr::ty`] reads).
pub fn arith_result(arith: Arith) -> Ty {
    use Arith::*;
    match arith {
        AddInt | SubInt | MulInt | DateDiffDays => Ty::Int,
        DivInt | AddDecimal | SubDecimal | MulDecimal | DivDecimal | MoneyDivMoney => Ty::Decimal,
        AddMoney | SubMoney | MoneyMulNumber | NumberMulMoney | MoneyDivNumber => Ty::Money,
        DateAddDuration | DateSubDuration => Ty::Date,
        DurationMulInt | IntMulDuration => Ty::Duration,
        Concat => Ty::EmptyList,
    }
}

/// The arithmetic operator `op` on operands of types `l` and `r`, with its result type;
/// `None` when the operator is not defined on them.
pub fn resolve_arith(op: BinaryOp, l: &Ty, r: &Ty) -> Option<(Arith, Ty)> {
    use Arith::*;
    let (add, sub, mul, div) = (
        op == BinaryOp::Add,
        op == BinaryOp::Sub,
        op == BinaryOp::Mul,
        op == BinaryOp::Div,
    );
    let pick = |a, b, m, d| {
        if add {
            a
        } else if sub {
            b
        } else if mul {
            m
        } else {
            d
        }
    };
    let number = |t: &Ty| matches!(t, Ty::Int | Ty::Decimal);
    Some(match (l, r) {
        (Ty::Int, Ty::Int) if div => (DivInt, Ty::Decimal),
        (Ty::Int, Ty::Int) => (pick(AddInt, SubInt, MulInt, MulInt), Ty::Int),
        (a, b) if number(a) && number(b) => (
            pick(AddDecimal, SubDecimal, MulDecimal, DivDecimal),
            Ty::Decimal,
        ),
        (Ty::Money, Ty::Money) if add || sub => {
            (pick(AddMoney, SubMoney, AddMoney, AddMoney), Ty::Money)
        }
        (Ty::Money, Ty::Money) if div => (MoneyDivMoney, Ty::Decimal),
        (Ty::Money, b) if mul && number(b) => (MoneyMulNumber, Ty::Money),
        (a, Ty::Money) if mul && number(a) => (NumberMulMoney, Ty::Money),
        (Ty::Money, b) if div && number(b) => (MoneyDivNumber, Ty::Money),
        (Ty::Date, Ty::Duration) if add => (DateAddDuration, Ty::Date),
        (Ty::Date, Ty::Duration) if sub => (DateSubDuration, Ty::Date),
        (Ty::Date, Ty::Date) if sub => (DateDiffDays, Ty::Int),
        (Ty::Duration, Ty::Int) if mul => (DurationMulInt, Ty::Duration),
        (Ty::Int, Ty::Duration) if mul => (IntMulDuration, Ty::Duration),
        (Ty::List(_) | Ty::EmptyList, Ty::List(_) | Ty::EmptyList) if add => (Concat, l.join(r)?),
        _ => return None,
    })
}

/// A binary operator, resolved by the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    And,
    Or,
    /// `x in list`.
    In,
    Compare(Cmp, Compared),
    Arith(Arith),
}

impl Op {
    /// The operator as written.
    pub fn written(self) -> BinaryOp {
        match self {
            Op::And => BinaryOp::And,
            Op::Or => BinaryOp::Or,
            Op::In => BinaryOp::In,
            Op::Compare(c, _) => c.written(),
            Op::Arith(a) => a.written(),
        }
    }

    pub fn symbol(self) -> &'static str {
        self.written().symbol()
    }
}

/// The number type of `ty`, for a negation; `None` when it is not a number.
pub fn num_of(ty: &Ty) -> Option<Num> {
    match ty {
        Ty::Int => Some(Num::Int),
        Ty::Decimal => Some(Num::Decimal),
        Ty::Money => Some(Num::Money),
        _ => None,
    }
}

/// The type of a number of kind `num`.
pub fn num_ty(num: Num) -> Ty {
    match num {
        Num::Int => Ty::Int,
        Num::Decimal => Ty::Decimal,
        Num::Money => Ty::Money,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    Const(Value),
    Load(Place),
    /// Field `index` of a record, and the field's type.
    Field(Box<Expr>, u32, Ty),
    Not(Box<Expr>),
    Neg(Num, Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    /// `value ?? fallback`, and its type.
    Coalesce(Box<Expr>, Box<Expr>, Ty),
    /// `if c then a else b`, and its type.
    If(Box<Expr>, Box<Expr>, Box<Expr>, Ty),
    /// A list literal, and its type.
    List(Ty, Vec<Expr>),
    /// A record literal, and its type.
    Record(Ty, Vec<Expr>),
    /// A list operator; each element lives in local `slot` (whose type is the element type):
    /// the lambda's parameter, or an unnamed local where there is no lambda (`count(xs)`).
    /// `ty` is the operator's result type (for `sum`, the type whose 0 an empty list gives).
    ListOp {
        op: ListOp,
        list: Box<Expr>,
        slot: u32,
        body: Option<Box<Expr>>,
        ty: Ty,
    },
    Round {
        mode: RoundMode,
        to: RoundTo,
        value: Box<Expr>,
    },
    Call(Builtin, Vec<Expr>),
}

/// What [`Expr::ty`] reads: the types of the locals in scope, and the version's parameters and
/// enums.
#[derive(Debug, Clone, Copy)]
pub struct TypeEnv<'a> {
    pub locals: &'a [Ty],
    pub params: &'a [ParamDef],
    pub enums: &'a [EnumDef],
}

impl Expr {
    /// This expression as a comparison of the local `slot` (a lambda's element) with another
    /// expression, turned so the local stands on the left: `s > d` and `d < s` both give
    /// `(Gt, d)`; `None` for anything else.
    pub fn compared_local(&self, slot: u32) -> Option<(Cmp, &Expr)> {
        let Expr::Binary(Op::Compare(op, _), a, b) = self else {
            return None;
        };
        match (&**a, &**b) {
            (Expr::Load(Place::Local(s)), other) if *s == slot => Some((*op, other)),
            (other, Expr::Load(Place::Local(s))) if *s == slot => Some((op.mirrored(), other)),
            _ => None,
        }
    }

    /// Calls `f` on `self` and every expression inside it, `self` first.
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        match self {
            Expr::Const(_) | Expr::Load(_) => {}
            Expr::Field(a, ..) | Expr::Not(a) | Expr::Neg(_, a) => a.walk(f),
            Expr::Round { value, .. } => value.walk(f),
            Expr::Binary(_, a, b) | Expr::Coalesce(a, b, _) => {
                a.walk(f);
                b.walk(f);
            }
            Expr::If(a, b, c, _) => {
                a.walk(f);
                b.walk(f);
                c.walk(f);
            }
            Expr::List(_, xs) | Expr::Record(_, xs) | Expr::Call(_, xs) => {
                xs.iter().for_each(|x| x.walk(f));
            }
            Expr::ListOp { list, body, .. } => {
                list.walk(f);
                if let Some(b) = body {
                    b.walk(f);
                }
            }
        }
    }

    /// The expression's type, read from what the checker recorded (no inference): only
    /// `round`, `min`/`max` and `list + list` look at an operand, whose type theirs is.
    pub fn ty(&self, env: &TypeEnv<'_>) -> Ty {
        match self {
            Expr::Const(v) => value_ty(v, env),
            Expr::Load(Place::Local(s)) => {
                env.locals.get(*s as usize).cloned().unwrap_or(Ty::Error)
            }
            Expr::Load(Place::Param(p)) => env
                .params
                .get(*p as usize)
                .map_or(Ty::Error, |p| p.ty.clone()),
            Expr::Field(_, _, ty)
            | Expr::Coalesce(_, _, ty)
            | Expr::If(_, _, _, ty)
            | Expr::List(ty, _)
            | Expr::Record(ty, _)
            | Expr::ListOp { ty, .. } => ty.clone(),
            Expr::Not(_) => Ty::Bool,
            Expr::Neg(num, _) => num_ty(*num),
            Expr::Binary(Op::Arith(Arith::Concat), l, r) => match l.ty(env) {
                Ty::EmptyList => r.ty(env),
                t => t,
            },
            Expr::Binary(Op::Arith(a), _, _) => arith_result(*a),
            Expr::Binary(_, _, _) => Ty::Bool,
            Expr::Round { value, .. } => value.ty(env),
            Expr::Call(builtin, args) => builtin_result(*builtin)
                .unwrap_or_else(|| args.first().map_or(Ty::Error, |a| a.ty(env))),
        }
    }
}

/// The type of a constant the checker wrote (a literal or an enum variant).
fn value_ty(v: &Value, env: &TypeEnv<'_>) -> Ty {
    match v {
        Value::Null => Ty::Null,
        Value::Bool(_) => Ty::Bool,
        Value::Int(_) => Ty::Int,
        Value::Decimal(_) => Ty::Decimal,
        Value::Money(_) => Ty::Money,
        Value::Date(_) => Ty::Date,
        Value::Time(_) => Ty::Time,
        Value::Duration(_) => Ty::Duration,
        Value::Text(_) => Ty::Text,
        Value::Enum(id, _) => match env.enums.get(id.0 as usize) {
            Some(e) => Ty::Enum(*id, e.name.as_str().into()),
            None => Ty::Error,
        },
        // Lists and records are written as `Expr::List` and `Expr::Record`, not constants.
        Value::List(_) | Value::Record(_) => Ty::Error,
    }
}

/// Where an item came from, for traces and messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Origin {
    pub file: String,
    /// 1-based line of the item's first line.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumDef {
    pub name: String,
    pub variants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordDef {
    pub name: String,
    pub fields: Vec<(String, Ty)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParamDef {
    pub name: String,
    pub ty: Ty,
    pub value: Expr,
    pub cite: Option<String>,
    /// Parameters the value reads.
    pub deps: Vec<u32>,
    /// The parameter's own domain (`where …`), reading only the parameter, and its source
    /// text: its value and every override must meet it.
    pub domain: Option<(Expr, String)>,
    /// How the policy writes the value, so people read it so.
    pub written: Written,
}

/// How a parameter's value is written: the unit the memo and the motivering show it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Written {
    /// As its type says: kronor, a number, a time.
    #[default]
    Plain,
    /// In percent (`10 %`): read in percent, a change in procentenheter.
    Percent,
    /// In millions of kronor (`499.2 mnkr`), as Tabell 1 writes its rows.
    Mnkr,
}

impl Written {
    /// `v` in the unit the policy writes it in: a share in percent (× 100), an amount in
    /// millions of kronor (÷ 1 000 000); `None` for a plain one, a value of another type, or
    /// one the unit puts out of range.
    pub fn scaled(self, v: &Value) -> Option<rust_decimal::Decimal> {
        match (self, v) {
            (Written::Percent, Value::Decimal(d)) => {
                d.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
            }
            (Written::Mnkr, Value::Money(d)) => {
                d.checked_div(rust_decimal::Decimal::from(1_000_000))
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Input {
    pub name: String,
    pub ty: Ty,
    pub default: Option<Expr>,
    /// The input's own domain (`where …`), reading only this input, and its source text.
    pub domain: Option<(Expr, String)>,
    /// 0-based line of the domain's condition within the decision's item (0 without one).
    pub domain_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OutputSource {
    /// Set by each rule's outcome.
    PerRule,
    /// Computed the same way for every rule (a rule may override it).
    Computed(Expr),
    /// The matched rule's reason code.
    Reason,
    /// The matched rule's citation.
    Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Output {
    pub name: String,
    pub ty: Ty,
    pub source: OutputSource,
    /// 0-based line within the decision's item: its value's, or its name's without one.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Require {
    pub cond: Expr,
    pub reason: String,
    pub cite: String,
    /// 0-based line within the decision's item.
    pub line: u32,
    /// The inputs the condition reads (for the error's `path`).
    pub reads: Vec<u32>,
    /// How many `let`s stand before it: those are evaluated before it is checked.
    pub after_lets: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rule {
    pub when: Option<Expr>,
    pub requires: Vec<Require>,
    /// (output index, value) for the outputs this rule sets.
    pub outcome: Vec<(u32, Expr)>,
    /// 0-based line of each outcome value within the decision's item, in the order of
    /// `outcome`.
    pub outcome_lines: Vec<u32>,
    pub reason: String,
    pub cite: String,
    /// 0-based line within the decision's item.
    pub line: u32,
    /// Locals the condition reads, shown in the trace as the values that decided.
    pub reads: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decision {
    pub name: String,
    pub doc: String,
    pub cite: String,
    pub inputs: Vec<Input>,
    /// `let`s, in order: (name, local slot, value).
    pub lets: Vec<(String, u32, Expr)>,
    /// 0-based line of each `let`'s value within the decision's item, in the order of `lets`.
    pub let_lines: Vec<u32>,
    /// Locals needed, lambda parameters included.
    pub locals: u32,
    /// Names of all locals, for traces.
    pub local_names: Vec<String>,
    /// Types of all locals: the inputs', the `let`s', and each lambda parameter's (the element
    /// type of the list it walks).
    pub local_types: Vec<Ty>,
    pub requires: Vec<Require>,
    pub outputs: Vec<Output>,
    pub rules: Vec<Rule>,
    /// The locals that hold a year, recorded by the checker ([`Decision::find_years`]).
    pub years: Vec<u32>,
    pub origin: Origin,
}

/// What a local slot of a decision holds ([`Decision::local_kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKind<'d> {
    Input,
    /// A `let`, with its value.
    Let(&'d Expr),
    /// The element a list operator's lambda names (`s` in `any(xs, s => …)`).
    Element,
}

impl Decision {
    /// What local `slot` holds: an input (the first slots), a `let`, or else a lambda's
    /// element.
    pub fn local_kind(&self, slot: u32) -> LocalKind<'_> {
        if (slot as usize) < self.inputs.len() {
            return LocalKind::Input;
        }
        match self.lets.iter().find(|(_, s, _)| *s == slot) {
            Some((_, _, value)) => LocalKind::Let(value),
            None => LocalKind::Element,
        }
    }

    /// Calls `f` on every expression of the decision's conditions: its requires and its
    /// rules' conditions and requires, each walked whole.
    pub fn walk_conditions<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        let rules = self.rules.iter().flat_map(|r| r.when.iter());
        let requires = self
            .requires
            .iter()
            .chain(self.rules.iter().flat_map(|r| r.requires.iter()))
            .map(|r| &r.cond);
        for e in rules.chain(requires) {
            e.walk(f);
        }
    }

    /// The locals that hold a year, a number said as one word ("2023", never "2 023"): one
    /// that gives `date(…)` its year or is given by `year(…)`, and those a year is counted
    /// from or to by adding or taking a number (`(verksamhetsar ?? 0) + 1`) or choosing
    /// between such (`??`, `if`). The checker records them in [`Decision::years`].
    pub fn find_years(&self) -> Vec<u32> {
        let mut years: Vec<u32> = Vec::new();
        let mut exprs: Vec<&Expr> = self.lets.iter().map(|l| &l.2).collect();
        exprs.extend(
            self.inputs
                .iter()
                .filter_map(|i| i.domain.as_ref().map(|d| &d.0)),
        );
        exprs.extend(self.requires.iter().map(|r| &r.cond));
        for r in &self.rules {
            exprs.extend(r.when.iter());
            exprs.extend(r.requires.iter().map(|q| &q.cond));
            exprs.extend(r.outcome.iter().map(|o| &o.1));
        }
        exprs.extend(self.outputs.iter().filter_map(|o| match &o.source {
            OutputSource::Computed(e) => Some(e),
            _ => None,
        }));
        for e in exprs {
            e.walk(&mut |x| {
                if let Expr::Call(Builtin::MakeDate, args) = x
                    && let Some(year) = args.first()
                {
                    year_roots(year, &mut years);
                }
            });
        }
        years.sort_unstable();
        years.dedup();
        // A `let` that is a year makes its roots years, and one counted from a year is a year.
        loop {
            let before = years.len();
            for (_, slot, value) in &self.lets {
                let mut roots = Vec::new();
                let Some(by_itself) = year_roots(value, &mut roots) else {
                    continue;
                };
                if years.contains(slot) {
                    years.extend(roots);
                } else if by_itself || roots.iter().any(|r| years.contains(r)) {
                    years.push(*slot);
                }
            }
            years.sort_unstable();
            years.dedup();
            if years.len() == before {
                return years;
            }
        }
    }

    /// Whether `e` is a year ([`Decision::years`]): `year(d)`, a local that holds one, or a
    /// number added to or taken from one.
    pub fn is_year(&self, e: &Expr) -> bool {
        let mut roots = Vec::new();
        match year_roots(e, &mut roots) {
            Some(true) => true,
            Some(false) => roots.iter().any(|r| self.years.contains(r)),
            None => false,
        }
    }
}

/// The locals a year expression `e` is counted from (pushed on `roots`), when it has a
/// year's shape: `Some(true)` when it is a year by itself (`year(d)`), `Some(false)` when
/// only through its locals, `None` when it is not a year's shape (`a * b`).
fn year_roots(e: &Expr, roots: &mut Vec<u32>) -> Option<bool> {
    match e {
        Expr::Load(Place::Local(s)) => {
            roots.push(*s);
            Some(false)
        }
        Expr::Call(Builtin::Year, _) => Some(true),
        Expr::Binary(Op::Arith(Arith::AddInt | Arith::SubInt), a, b) => match (&**a, &**b) {
            (x, Expr::Const(_)) | (Expr::Const(_), x) => year_roots(x, roots),
            _ => None,
        },
        Expr::Coalesce(a, b, _) | Expr::If(_, a, b, _) => {
            let sides = [&**a, &**b].map(|x| match x {
                Expr::Const(_) => None,
                x => year_roots(x, roots),
            });
            sides.into_iter().flatten().reduce(|x, y| x || y)
        }
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expectation {
    /// (output index, expected value)
    Output(Vec<(u32, Expr)>),
    Rejected(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Test {
    pub name: String,
    pub decision: u32,
    /// One entry per input given: (input index, value).
    pub given: Vec<(u32, Expr)>,
    /// (parameter index, value)
    pub overrides: Vec<(u32, Expr)>,
    pub expect: Expectation,
    pub origin: Origin,
}

/// A `property`: a claim over a decision's inputs and outputs that must hold for every valid
/// input the decision decides (`regel verify` proves or refutes it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Property {
    pub name: String,
    pub decision: u32,
    /// Locals: the decision's inputs, then its outputs, then the lambda parameters.
    pub locals: u32,
    /// The type of each local.
    pub local_types: Vec<Ty>,
    /// `when COND`: only inputs (and outputs) meeting it are considered.
    pub assume: Option<Expr>,
    /// `expect COND`: the claim.
    pub expect: Expr,
    pub origin: Origin,
}

/// The version header.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct VersionInfo {
    pub id: String,
    pub title: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub source: String,
    pub covers: Vec<String>,
    /// `status "utkast"`: a draft, which answers only when named. Without `status`, or with
    /// `status "fastställd"`, the version is adopted.
    pub draft: bool,
}

/// A section header: number and title.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SectionInfo {
    pub number: String,
    pub title: String,
    /// Why the section holds no decidable rule, when the policy says so.
    pub descriptive: Option<String>,
}

/// One checked version, ready to evaluate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Program {
    pub info: VersionInfo,
    pub sections: Vec<SectionInfo>,
    pub enums: Vec<EnumDef>,
    pub records: Vec<RecordDef>,
    pub params: Vec<ParamDef>,
    /// Parameters in an order where each comes after those it reads.
    pub param_order: Vec<u32>,
    pub decisions: Vec<Arc<Decision>>,
    pub tests: Vec<Arc<Test>>,
    pub properties: Vec<Arc<Property>>,
    /// The Swedish labels of the version's names, from their doc comments.
    pub labels: Arc<crate::labels::Labels>,
}

impl Program {
    pub fn decision(&self, name: &str) -> Option<(u32, &Arc<Decision>)> {
        self.decisions
            .iter()
            .enumerate()
            .find(|(_, d)| d.name == name)
            .map(|(i, d)| (u32::try_from(i).unwrap_or(u32::MAX), d))
    }

    pub fn param(&self, name: &str) -> Option<(u32, &ParamDef)> {
        self.params
            .iter()
            .enumerate()
            .find(|(_, p)| p.name == name)
            .map(|(i, p)| (u32::try_from(i).unwrap_or(u32::MAX), p))
    }

    pub fn enum_def(&self, id: EnumId) -> Option<&EnumDef> {
        self.enums.get(id.0 as usize)
    }
}
