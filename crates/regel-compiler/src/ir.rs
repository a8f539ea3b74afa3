//! The checked program: names resolved to slots and indices, every expression typed.
//! The evaluator walks this; it never sees syntax.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use regel_syntax::{BinaryOp, DurationUnit};
use rust_decimal::Decimal;

use crate::ty::{EnumId, Ty};

/// A calendar duration: `3 months` is not `90 days`, so the unit is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: i64,
    pub unit: DurationUnit,
}

/// A run-time value. Money and Decimal are exact (`rust_decimal`), never floats.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    Money(Decimal),
    Date(NaiveDate),
    Time(NaiveTime),
    Duration(Duration),
    Text(Arc<str>),
    Enum(EnumId, u32),
    List(Arc<[Value]>),
    Record(Arc<[Value]>),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundMode {
    /// Half away from zero: amounts paid.
    Nearest,
    /// Towards negative infinity: caps.
    Down,
    Up,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundTo {
    Ore,
    Kronor,
    /// A number of decimals, for Decimal values (`round(x, 1)`).
    Places(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    Min,
    Max,
    /// `days(a, b)`: whole days from a to b.
    Days,
    /// `within(from, to, d)`: `from > to − d`.
    Within,
    /// `period_end(start, d)`: the largest `b` with `b − d < start`.
    PeriodEnd,
    Year,
    MakeDate,
    LastDayOfMonth,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    Const(Value),
    Load(Place),
    /// Field `index` of a record.
    Field(Box<Expr>, u32),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    Record(Vec<Expr>),
    /// A list operator; the lambda's parameter lives in local `slot`.
    ListOp {
        op: ListOp,
        list: Box<Expr>,
        slot: u32,
        body: Option<Box<Expr>>,
    },
    Round {
        mode: RoundMode,
        to: RoundTo,
        value: Box<Expr>,
    },
    Call(Builtin, Vec<Expr>),
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
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Input {
    pub name: String,
    pub ty: Ty,
    pub default: Option<Expr>,
    /// The input's own domain (`where …`), reading only this input, and its source text.
    pub domain: Option<(Expr, String)>,
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
    /// Locals needed, lambda parameters included.
    pub locals: u32,
    /// Names of all locals, for traces.
    pub local_names: Vec<String>,
    pub requires: Vec<Require>,
    pub outputs: Vec<Output>,
    pub rules: Vec<Rule>,
    pub origin: Origin,
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
