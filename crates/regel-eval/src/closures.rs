//! The closure back end: lowered [`Node`]s compiled once into closures, and the [`Frame`]
//! they run on.
//!
//! Each node becomes one closure that calls its children's closures directly, so a run does no
//! `match` on the node kind, and the shapes that dominate the catalogue's decisions get their
//! own closure: a condition on a boolean input, a comparison of two locals or of a local with
//! a constant or memo (dates and whole numbers compared without the general path), `x in
//! [constants]`, and `count`/`all`/`any` that walk a list input in place, without copying it.
//! Conditions are closures returning `bool`, so no `Value::Bool` is built to be taken apart.

use std::sync::Arc;

use chrono::NaiveDate;
use regel_compiler::ir::{
    Arith, Cmp, Decision, Expr, ListOp, Op, Value, arith_result, builtin_result,
};
use regel_compiler::ty::Ty;
use regel_runtime::builtins::{call_builtin, compare_values};
use regel_runtime::error::{Eval, RuntimeError, fail};
use regel_runtime::{BinaryOp, EnumId};
use regel_runtime::{calendar, ops};

use crate::kernel::Kernel;
use crate::lower::{self, Node, OutNode, RangePlan};
use crate::operators::binary_values;
use crate::typed::{self, Fast, Repr};

/// The locals of one decision and the memos of its list operators, which a [`Frame`]
/// borrows. A [`crate::Decider`] keeps them from one decision to the next, so deciding
/// allocates nothing for them, and lends them to each decision's frame without moving them.
#[derive(Debug, Default)]
pub(crate) struct Slots {
    pub locals: Vec<Value>,
    pub memos: Vec<Option<Value>>,
}

impl Slots {
    pub fn new(locals: Vec<Value>, memos: u32) -> Slots {
        Slots {
            locals,
            memos: vec![None; memos as usize],
        }
    }

    /// A frame over these slots whose locals are all in `locals` (no inputs read in place).
    pub fn frame(&mut self) -> Frame<'_> {
        Frame {
            inputs: &[],
            locals: &mut self.locals,
            memos: &mut self.memos,
        }
    }
}

/// What closures run on: the inputs, read where the caller holds them (slots below
/// `inputs.len()`), not copied; the other locals (`let`s, list elements) in `locals`, whose
/// first `inputs.len()` slots stay unused; the memos.
#[derive(Debug)]
pub(crate) struct Frame<'i> {
    pub inputs: &'i [Value],
    pub locals: &'i mut Vec<Value>,
    pub memos: &'i mut Vec<Option<Value>>,
}

impl Frame<'_> {
    /// The value in slot `s`.
    #[inline]
    pub fn get(&self, s: usize) -> Option<&Value> {
        match self.inputs.get(s) {
            Some(v) => Some(v),
            None => self.locals.get(s),
        }
    }

    /// Writes slot `s` (a `let` or a list element: never an input read in place). Inlined,
    /// so the value is stored from registers: passed by reference to a call, it was written
    /// in parts and read back whole, which stalled the read.
    #[inline(always)]
    pub fn set(&mut self, s: usize, v: Value) {
        if let Some(slot) = self.locals.get_mut(s) {
            put(slot, v);
        }
    }
}

/// Writes `v` over `slot`. A value that holds no allocation (a number, a date, a boolean, …)
/// needs no drop, so the common overwrite of one such value by another costs no call.
#[inline(always)]
pub(crate) fn put(slot: &mut Value, v: Value) {
    match slot {
        Value::Text(_) | Value::List(_) | Value::Record(_) => *slot = v,
        _ => std::mem::forget(std::mem::replace(slot, v)),
    }
}

pub(crate) type ValueFn = Box<dyn Fn(&mut Frame<'_>) -> Eval + Send + Sync>;
pub(crate) type CondFn = Box<dyn Fn(&mut Frame<'_>) -> Result<bool, RuntimeError> + Send + Sync>;

/// What a rule gives an output.
pub(crate) enum Out {
    Code(Compute),
    /// A constant text (a reason code, a citation), told from the slot's by its address alone:
    /// no `match` on both values' kinds.
    Text(Arc<str>),
    /// A constant variant (`utfall: avslas`), written from registers.
    Variant(EnumId, u32),
    /// Any other constant (`tillatet: false`), or null for an output the rule does not set.
    Value(Value),
}

impl Out {
    fn constant(v: &Value) -> Out {
        match v {
            Value::Text(t) => Out::Text(t.clone()),
            Value::Enum(e, i) => Out::Variant(*e, *i),
            v => Out::Value(v.clone()),
        }
    }

    /// Writes the output into `slot`, which holds what the previous decision wrote there (or
    /// null). A constant text, list or record already in the slot is the same value, so it is
    /// left as it is: no reference count is touched for it.
    #[inline(always)]
    pub fn write(&self, f: &mut Frame<'_>, slot: &mut Value) -> Result<(), RuntimeError> {
        match self {
            Out::Code(code) => code.write(f, slot),
            _ => {
                self.write_constant(slot);
                Ok(())
            }
        }
    }

    /// [`Out::write`] on the planned path: `None` when a typed closure gives up or anything
    /// fails (the general run then writes the slot again).
    #[inline(always)]
    pub fn write_fast(&self, f: &mut Frame<'_>, slot: &mut Value) -> Option<()> {
        match self {
            Out::Code(code) => code.write_fast(f, slot),
            _ => {
                self.write_constant(slot);
                Some(())
            }
        }
    }

    /// Writes a constant output over `slot`, leaving the same text, list or record alone.
    #[inline(always)]
    fn write_constant(&self, slot: &mut Value) {
        match self {
            Out::Text(t) => {
                if !matches!(slot, Value::Text(a) if Arc::ptr_eq(a, t)) {
                    *slot = Value::Text(t.clone());
                }
            }
            Out::Variant(e, i) => put(slot, Value::Enum(*e, *i)),
            Out::Value(v) => {
                if !same_constant(slot, v) {
                    *slot = v.clone();
                }
            }
            Out::Code(_) => {}
        }
    }
}

/// Writes the amount `d` over `slot`: into the amount it holds already (a `let`'s slot holds
/// the previous decision's), else as a new value. An amount sits at an odd offset in a
/// `Value`, and a whole `Value` built around it and copied into the slot was read back across
/// the parts just written, which stalled.
#[inline(always)]
fn put_money(slot: &mut Value, d: rust_decimal::Decimal) {
    match slot {
        Value::Money(x) => *x = d,
        _ => put(slot, Value::Money(d)),
    }
}

/// Whether `slot` already holds the constant `v` itself (the same allocation).
#[inline]
fn same_constant(slot: &Value, v: &Value) -> bool {
    match (slot, v) {
        (Value::Text(a), Value::Text(b)) => Arc::ptr_eq(a, b),
        (Value::List(a), Value::List(b)) | (Value::Record(a), Value::Record(b)) => {
            Arc::ptr_eq(a, b)
        }
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Enum(e, a), Value::Enum(f, b)) => e == f && a == b,
        _ => false,
    }
}

pub(crate) struct Rule {
    pub when: Option<Test>,
    pub requires: Vec<Test>,
    pub outputs: Vec<Out>,
}

/// A condition the engine decides: a boolean local read in place, a typed closure with the
/// general one behind it, or the general closure alone. An enum the engine matches on, so the
/// common cases cost no call through a second closure.
pub(crate) enum Test {
    Local(usize),
    /// `not x`, `x` a local.
    NotLocal(usize),
    Typed(Fast<bool>, CondFn),
    General(CondFn),
}

impl Test {
    pub fn of(node: &Node) -> Test {
        match node {
            Node::Local(s) => Test::Local(*s as usize),
            Node::Not(x) => match **x {
                Node::Local(s) => Test::NotLocal(s as usize),
                _ => Test::typed(node),
            },
            _ => Test::typed(node),
        }
    }

    fn typed(node: &Node) -> Test {
        match node {
            Node::Const(_) => Test::General(general_cond(node)),
            _ => match typed::compile::<bool>(node) {
                Some(fast) => Test::Typed(fast, general_cond(node)),
                None => Test::General(general_cond(node)),
            },
        }
    }

    #[inline(always)]
    pub fn holds(&self, f: &mut Frame<'_>) -> Result<bool, RuntimeError> {
        match self {
            Test::Local(s) => truth_of(local(f, *s)?),
            Test::NotLocal(s) => truth_of(local(f, *s)?).map(|b| !b),
            Test::Typed(fast, general) => match fast(f) {
                Some(b) => Ok(b),
                None => general(f),
            },
            Test::General(general) => general(f),
        }
    }

    /// [`Test::holds`] on the planned path: `None` when the typed closure gives up or anything
    /// fails (the general run then decides it, with its own error).
    #[inline(always)]
    pub fn fast(&self, f: &mut Frame<'_>) -> Option<bool> {
        match self {
            Test::Local(s) => bool::read(f.get(*s)?),
            Test::NotLocal(s) => bool::read(f.get(*s)?).map(|b| !b),
            Test::Typed(fast, _) => fast(f),
            Test::General(general) => general(f).ok(),
        }
    }
}

/// A value the engine computes (a `let`, an output): a local read in place, a typed closure
/// of the value's type with the general one behind it, or the general closure alone.
pub(crate) enum Compute {
    Local(usize),
    Bool(Fast<bool>, ValueFn),
    Int(Fast<i64>, ValueFn),
    Date(Fast<NaiveDate>, ValueFn),
    Money(Fast<typed::Money>, ValueFn),
    /// A record's fields, each computed as [`compute`] does: a decision's output record
    /// (`Vardpengsdelar { … }`) is written into the previous decision's record when no one
    /// else holds it, so it is not allocated anew each decision.
    Record(Vec<Compute>),
    /// One of a few constants chosen by conditions ([`Pick`]), with the general closure.
    Pick(Box<Pick>, ValueFn),
    General(ValueFn),
}

/// A value that is one of a few constants chosen by conditions: `if`s whose branches are
/// constants, and lists of such joined by `+`, as in `brister`'s
/// `(if skriftlig_anmalan then [] else ["…"]) + (if count(risker) > 0 then [] else ["…"])`.
/// Each join is pushed down to the leaves and computed when compiling, so deciding tests the
/// conditions in their written order and reaches a constant: an output slot that holds it
/// already is left alone, and nothing is joined or allocated.
pub(crate) enum Pick {
    Leaf(Value),
    If(Test, Box<Pick>, Box<Pick>),
}

/// The most leaves a [`Pick`] is planned with (each join multiplies them).
const PICK_LEAVES: usize = 8;

impl Pick {
    /// The plan of `node` when it is an `if` or a join of that shape.
    fn of(node: &Node) -> Option<Pick> {
        if !matches!(
            node,
            Node::If(..) | Node::Binary(Op::Arith(Arith::Concat), ..)
        ) {
            return None;
        }
        let tree = choices(node)?;
        if leaves(&tree) > PICK_LEAVES {
            return None;
        }
        Pick::compile(&tree)
    }

    /// The plan of a tree [`choices`] made (only `if`s over constants; `None` for anything
    /// else, never a made-up leaf).
    fn compile(tree: &Node) -> Option<Pick> {
        Some(match tree {
            Node::If(c, a, b) => Pick::If(
                Test::of(c),
                Box::new(Pick::compile(a)?),
                Box::new(Pick::compile(b)?),
            ),
            Node::Const(v) => Pick::Leaf(v.clone()),
            _ => return None,
        })
    }

    /// The constant the conditions choose; `None` when a test gives up (planned path).
    fn leaf(&self, f: &mut Frame<'_>) -> Option<&Value> {
        let mut at = self;
        loop {
            match at {
                Pick::Leaf(v) => return Some(v),
                Pick::If(test, a, b) => at = if test.fast(f)? { a } else { b },
            }
        }
    }
}

/// `node` as a tree of `if`s over constants, each join of two such trees pushed down to its
/// leaves and computed; `None` for any other shape, a join that would fail, or a tree past
/// [`PICK_LEAVES`] leaves.
fn choices(node: &Node) -> Option<Node> {
    match node {
        Node::Const(_) => Some(node.clone()),
        Node::If(c, a, b) => Some(Node::If(
            c.clone(),
            Box::new(choices(a)?),
            Box::new(choices(b)?),
        )),
        Node::Binary(Op::Arith(Arith::Concat), l, r) => {
            let (l, r) = (choices(l)?, choices(r)?);
            if leaves(&l) * leaves(&r) > PICK_LEAVES {
                return None;
            }
            joined(&l, &r)
        }
        _ => None,
    }
}

/// `l + r` of two trees: the left's conditions first, then the right's, as written.
fn joined(l: &Node, r: &Node) -> Option<Node> {
    let branch = |c: &Node, a: Option<Node>, b: Option<Node>| {
        Some(Node::If(Box::new(c.clone()), Box::new(a?), Box::new(b?)))
    };
    match (l, r) {
        (Node::If(c, a, b), _) => branch(c, joined(a, r), joined(b, r)),
        (Node::Const(_), Node::If(c, a, b)) => branch(c, joined(l, a), joined(l, b)),
        (Node::Const(x), Node::Const(y)) => binary_values(Op::Arith(Arith::Concat), x, y)
            .ok()
            .map(Node::Const),
        _ => None,
    }
}

fn leaves(tree: &Node) -> usize {
    match tree {
        Node::If(_, a, b) => leaves(a) + leaves(b),
        _ => 1,
    }
}

impl Compute {
    /// `node`, of type `ty`.
    pub fn of(node: &Node, ty: &Ty) -> Compute {
        fn fast<T: typed::Repr>(
            node: &Node,
            made: fn(Fast<T>, ValueFn) -> Compute,
        ) -> Option<Compute> {
            Some(made(typed::compile::<T>(node)?, general_value(node)))
        }
        let typed = match (node, ty) {
            (Node::Local(s), _) => return Compute::Local(*s as usize),
            (Node::Record(items), _) => {
                return Compute::Record(items.iter().map(compute).collect());
            }
            (Node::Const(_), _) => None,
            _ if let Some(pick) = Pick::of(node) => {
                return Compute::Pick(Box::new(pick), general_value(node));
            }
            (_, Ty::Bool) => fast(node, Compute::Bool),
            (_, Ty::Int) => fast(node, Compute::Int),
            (_, Ty::Date) => fast(node, Compute::Date),
            (_, Ty::Money) => fast(node, Compute::Money),
            _ => None,
        };
        typed.unwrap_or_else(|| Compute::General(general_value(node)))
    }

    #[inline]
    pub fn run(&self, f: &mut Frame<'_>) -> Eval {
        fn or<T>(fast: &Fast<T>, general: &ValueFn, f: &mut Frame<'_>, to: fn(T) -> Value) -> Eval {
            match fast(f) {
                Some(v) => Ok(to(v)),
                None => general(f),
            }
        }
        match self {
            Compute::Local(s) => local(f, *s).cloned(),
            Compute::Bool(fast, general) => or(fast, general, f, Value::Bool),
            Compute::Int(fast, general) => or(fast, general, f, Value::Int),
            Compute::Date(fast, general) => or(fast, general, f, Value::Date),
            Compute::Money(fast, general) => or(fast, general, f, |m| Value::Money(m.0)),
            Compute::Record(items) => {
                let fields = items
                    .iter()
                    .map(|i| i.run(f))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Value::Record(fields.into()))
            }
            Compute::Pick(_, general) | Compute::General(general) => general(f),
        }
    }

    /// [`Compute::run`] on the planned path: `None` when the typed closure gives up or
    /// anything fails (the general run then computes it, with its own error).
    #[inline(always)]
    pub fn fast(&self, f: &mut Frame<'_>) -> Option<Value> {
        Some(match self {
            Compute::Local(s) => f.get(*s)?.clone(),
            Compute::Bool(fast, _) => Value::Bool(fast(f)?),
            Compute::Int(fast, _) => Value::Int(fast(f)?),
            Compute::Date(fast, _) => Value::Date(fast(f)?),
            Compute::Money(fast, _) => Value::Money(fast(f)?.0),
            Compute::Pick(pick, _) => pick.leaf(f)?.clone(),
            Compute::Record(_) | Compute::General(_) => self.run(f).ok()?,
        })
    }

    /// [`Compute::write`] on the planned path (`None` as [`Compute::fast`]).
    #[inline]
    pub fn write_fast(&self, f: &mut Frame<'_>, slot: &mut Value) -> Option<()> {
        match self {
            Compute::Record(items) => {
                if let Value::Record(fields) = slot
                    && fields.len() == items.len()
                    && let Some(fields) = Arc::get_mut(fields)
                {
                    for (field, item) in fields.iter_mut().zip(items) {
                        *field = item.fast(f)?;
                    }
                    return Some(());
                }
                *slot = self.run(f).ok()?;
            }
            // The constant already in the slot is left alone: no reference count is touched.
            Compute::Pick(pick, _) => {
                let v = pick.leaf(f)?;
                if !same_constant(slot, v) {
                    *slot = v.clone();
                }
            }
            // A typed value is stored from registers ([`Compute::set_fast`]).
            Compute::Bool(fast, _) => put(slot, Value::Bool(fast(f)?)),
            Compute::Int(fast, _) => put(slot, Value::Int(fast(f)?)),
            Compute::Date(fast, _) => put(slot, Value::Date(fast(f)?)),
            // A count copied out (`byten_inom_perioden = byten`) without `Value::clone`'s
            // jump on the tag.
            Compute::Local(s) if let Some(Value::Int(n)) = f.get(*s) => put(slot, Value::Int(*n)),
            _ => put(slot, self.fast(f)?),
        }
        Some(())
    }

    /// Computes the value into local `s` on the planned path (`None` as [`Compute::fast`]). A
    /// typed value is stored from registers: built as an `Option<Value>` on the stack, its
    /// copy into the slot read back whole what had just been written in parts, which stalled.
    #[inline(always)]
    pub fn set_fast(&self, f: &mut Frame<'_>, s: usize) -> Option<()> {
        match self {
            Compute::Bool(fast, _) => {
                let b = fast(f)?;
                f.set(s, Value::Bool(b));
            }
            Compute::Int(fast, _) => {
                let n = fast(f)?;
                f.set(s, Value::Int(n));
            }
            Compute::Date(fast, _) => {
                let d = fast(f)?;
                f.set(s, Value::Date(d));
            }
            Compute::Money(fast, _) => {
                let m = fast(f)?;
                if let Some(slot) = f.locals.get_mut(s) {
                    put_money(slot, m.0);
                }
            }
            _ => {
                let v = self.fast(f)?;
                f.set(s, v);
            }
        }
        Some(())
    }

    /// Computes the value into `slot` (what [`Compute::run`] gives, written there). A record
    /// is written field by field into the record already in the slot when this is its only
    /// holder and it has as many fields; a failure leaves the slot partly written.
    #[inline]
    pub fn write(&self, f: &mut Frame<'_>, slot: &mut Value) -> Result<(), RuntimeError> {
        if let (Compute::Record(items), Value::Record(fields)) = (self, &mut *slot)
            && fields.len() == items.len()
            && let Some(fields) = Arc::get_mut(fields)
        {
            for (field, item) in fields.iter_mut().zip(items) {
                *field = item.run(f)?;
            }
            return Ok(());
        }
        *slot = self.run(f)?;
        Ok(())
    }
}

/// The [`Compute`] of a node whose type is what its operator gives ([`value`]'s choice).
fn compute(node: &Node) -> Compute {
    Compute::of(node, &operator_type(node))
}

/// A decision lowered for one engine (one set of parameter values) and compiled to closures.
pub(crate) struct Compiled {
    pub lets: Vec<(u32, Compute)>,
    /// The lets the planned path computes: all but those the fused test of a require writes
    /// ([`lower::Fused`]), each compiled a second time.
    pub planned_lets: Vec<(u32, Compute)>,
    /// For each require, how many of `planned_lets` come before it.
    pub planned_after: Vec<usize>,
    pub requires: Vec<Test>,
    pub rules: Vec<Rule>,
    pub memos: u32,
    /// Each input's default, computed once (defaults read only parameters).
    pub defaults: Vec<Option<Result<Value, RuntimeError>>>,
    /// Each input's domain (`where …`).
    pub domains: Vec<Option<CondFn>>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled")
            .field("lets", &self.lets.len())
            .field("requires", &self.requires.len())
            .field("rules", &self.rules.len())
            .field("memos", &self.memos)
            .finish_non_exhaustive()
    }
}

/// Lowers `d` with the version's parameter values and compiles it to closures.
pub(crate) fn compile(d: &Decision, params: &[Value]) -> Compiled {
    let lowered = lower::lower(d, params);
    let mut fused = Vec::new();
    for lower::Fused { require, count } in lower::fusions(d, &lowered) {
        if let (Some(Node::DateRange(all)), Some((slot, Node::DateRange(plan)))) =
            (lowered.requires.get(require), lowered.lets.get(count))
            && let Some(test) = typed::all_then_count(all, plan, *slot as usize)
        {
            fused.push((require, count, test));
        }
    }
    let let_of = |(slot, node): &(u32, Node)| {
        let ty = d.local_types.get(*slot as usize).unwrap_or(&Ty::Error);
        (*slot, Compute::of(node, ty))
    };
    let lets = lowered.lets.iter().map(let_of).collect();
    // The planned path leaves out the lets a fused test computes, and says anew how many of
    // the rest each require follows.
    let planned = |i: &usize| !fused.iter().any(|(_, count, _)| count == i);
    let planned_lets = (0..lowered.lets.len())
        .filter(planned)
        .filter_map(|i| lowered.lets.get(i).map(let_of))
        .collect();
    let planned_after = d
        .requires
        .iter()
        .map(|r| (0..r.after_lets as usize).filter(planned).count())
        .collect();
    let mut requires: Vec<Test> = lowered.requires.iter().map(Test::of).collect();
    for (require, _, test) in fused {
        if let (Some(at), Some(node)) = (requires.get_mut(require), lowered.requires.get(require)) {
            *at = Test::Typed(test, general_cond(node));
        }
    }
    let rules = lowered
        .rules
        .iter()
        .map(|rule| Rule {
            when: rule.when.as_ref().map(Test::of),
            requires: rule.requires.iter().map(Test::of).collect(),
            outputs: rule
                .outputs
                .iter()
                .zip(&d.outputs)
                .map(|(o, output)| match o {
                    OutNode::Code(Node::Const(v)) | OutNode::Value(v) => Out::constant(v),
                    OutNode::Code(node) => Out::Code(Compute::of(node, &output.ty)),
                })
                .collect(),
        })
        .collect();
    let mut memos = lowered.memos;
    let defaults = d
        .inputs
        .iter()
        .map(|i| i.default.as_ref().map(|e| constant(e, params)))
        .collect();
    let domains = d
        .inputs
        .iter()
        .map(|i| {
            i.domain.as_ref().map(|(e, _)| {
                // The domain's memos follow the decision's own.
                let (node, taken) = lower::lower_expr(e, params, memos);
                memos = taken;
                cond(&node)
            })
        })
        .collect();
    Compiled {
        lets,
        planned_lets,
        planned_after,
        requires,
        rules,
        memos,
        defaults,
        domains,
    }
}

/// An expression that reads no locals, evaluated with the parameters.
pub(crate) fn constant(e: &Expr, params: &[Value]) -> Result<Value, RuntimeError> {
    let (node, memos) = lower::lower_expr(e, params, 0);
    run_constant(&node, memos)
}

/// A condition compiled on its own (with its memo count), to run against given locals.
pub(crate) fn condition(e: &Expr, params: &[Value]) -> (CondFn, u32) {
    let (node, memos) = lower::lower_expr(e, params, 0);
    (cond(&node), memos)
}

/// Evaluates `e` once against `locals` (the motivering's look at the values that decided).
pub(crate) fn evaluate(
    e: &Expr,
    params: &[Value],
    locals: &[Value],
) -> Result<Value, RuntimeError> {
    let (node, memos) = lower::lower_expr(e, params, 0);
    value(&node)(&mut Slots::new(locals.to_vec(), memos).frame())
}

/// Runs a node once on an empty frame (constants, folding).
pub(crate) fn run_constant(node: &Node, memos: u32) -> Eval {
    value(node)(&mut Slots::new(Vec::new(), memos).frame())
}

/// The closure computing `node`'s value: the typed closure of the type its operator gives,
/// where there is one ([`typed`]), the general closure otherwise.
pub(crate) fn value(node: &Node) -> ValueFn {
    typed_value(node, &operator_type(node))
}

/// The type of the value `node`'s operator gives, where the operator alone says it
/// ([`Ty::Error`] otherwise).
fn operator_type(node: &Node) -> Ty {
    match node {
        Node::Binary(Op::Arith(arith), ..) => arith_result(*arith),
        Node::ListOp {
            op: ListOp::Count, ..
        } => Ty::Int,
        Node::DateRange(plan) if plan.op == ListOp::Count => Ty::Int,
        Node::Call(builtin, _) => builtin_result(*builtin).unwrap_or(Ty::Error),
        _ => Ty::Error,
    }
}

/// The closure computing `node`'s value, of type `ty`: typed where it can be, with the general
/// closure behind it.
pub(crate) fn typed_value(node: &Node, ty: &Ty) -> ValueFn {
    match Compute::of(node, ty) {
        // A choice of constants pays only where its slot keeps the constant: a value computed
        // for another node takes the general closure.
        Compute::General(general) | Compute::Pick(_, general) => general,
        typed => Box::new(move |f| typed.run(f)),
    }
}

/// The general closure computing `node`'s value, on [`Value`]s.
pub(crate) fn general_value(node: &Node) -> ValueFn {
    match node {
        Node::Const(v) => {
            let v = v.clone();
            Box::new(move |_| Ok(v.clone()))
        }
        Node::Local(s) => {
            let s = *s as usize;
            Box::new(move |f| local(f, s).cloned())
        }
        Node::Field(base, i) => {
            let (base, i) = (value(base), *i as usize);
            Box::new(move |f| ops::field(&base(f)?, i).map_err(fail))
        }
        Node::Neg(num, x) => {
            let (num, x) = (*num, value(x));
            Box::new(move |f| ops::negate_num(num, &x(f)?).map_err(fail))
        }
        Node::Not(_) | Node::Binary(Op::And | Op::Or | Op::Compare(..) | Op::In, ..) => {
            let c = cond(node);
            Box::new(move |f| c(f).map(Value::Bool))
        }
        Node::Coalesce(l, r) => {
            let (l, r) = (value(l), value(r));
            Box::new(move |f| match l(f)? {
                Value::Null => r(f),
                v => Ok(v),
            })
        }
        // `datum - bytesperiod`: a date moved by a calendar duration.
        Node::Binary(
            Op::Arith(arith @ (Arith::DateAddDuration | Arith::DateSubDuration)),
            l,
            r,
        ) => {
            let (add, l, r) = (*arith == Arith::DateAddDuration, value(l), value(r));
            let op = Op::Arith(*arith);
            Box::new(move |f| {
                let (date, duration) = (l(f)?, r(f)?);
                let moved = match (&date, &duration) {
                    (Value::Date(d), Value::Duration(p)) if add => calendar::add(*d, *p),
                    (Value::Date(d), Value::Duration(p)) => calendar::sub(*d, *p),
                    _ => None,
                };
                match moved {
                    Some(d) => Ok(Value::Date(d)),
                    // Outside the calendar, or null: the general operator says why.
                    None => binary_values(op, &date, &duration),
                }
            })
        }
        Node::Binary(op, l, r) => {
            let (op, l, r) = (*op, value(l), value(r));
            Box::new(move |f| binary_values(op, &l(f)?, &r(f)?))
        }
        Node::If(c, a, b) => {
            let (c, a, b) = (cond(c), value(a), value(b));
            Box::new(move |f| if c(f)? { a(f) } else { b(f) })
        }
        Node::List(items) => {
            let items = all(items);
            Box::new(move |f| Ok(Value::List(each(f, &items)?.into())))
        }
        Node::Record(items) => {
            let items = all(items);
            Box::new(move |f| Ok(Value::Record(each(f, &items)?.into())))
        }
        Node::ListOp {
            op,
            list,
            slot,
            body,
            memos,
            zero,
        } => list_op(*op, walk_of(list, *slot, memos), body.as_deref(), zero),
        Node::DateRange(plan) => date_range(plan),
        Node::Memo(m, inner) => {
            let (m, inner) = (*m as usize, value(inner));
            Box::new(move |f| memo(f, m, &inner).cloned())
        }
        Node::Round { mode, to, value: x } => {
            let (mode, to, x) = (*mode, *to, value(x));
            Box::new(move |f| ops::round(mode, to, &x(f)?).map_err(fail))
        }
        Node::Call(builtin, args) => call(*builtin, args),
    }
}

/// The closure deciding a condition: the typed closure where there is one, with the general
/// closure behind it.
pub(crate) fn cond(node: &Node) -> CondFn {
    if matches!(node, Node::Const(_) | Node::Local(_)) {
        return general_cond(node);
    }
    match typed::compile::<bool>(node) {
        Some(fast) => {
            let general = general_cond(node);
            Box::new(move |f| match fast(f) {
                Some(b) => Ok(b),
                None => general(f),
            })
        }
        None => general_cond(node),
    }
}

/// The general closure deciding a condition.
fn general_cond(node: &Node) -> CondFn {
    match node {
        Node::Const(Value::Bool(b)) => {
            let b = *b;
            Box::new(move |_| Ok(b))
        }
        Node::Local(s) => {
            let s = *s as usize;
            Box::new(move |f| truth_of(local(f, s)?))
        }
        Node::Not(x) => {
            let x = cond(x);
            Box::new(move |f| Ok(!x(f)?))
        }
        Node::Binary(Op::And, l, r) => {
            let (l, r) = (cond(l), cond(r));
            Box::new(move |f| Ok(l(f)? && r(f)?))
        }
        Node::Binary(Op::Or, l, r) => {
            let (l, r) = (cond(l), cond(r));
            Box::new(move |f| Ok(l(f)? || r(f)?))
        }
        Node::Binary(Op::Compare(cmp, _), l, r) => comparison(*cmp, l, r),
        Node::Binary(Op::In, l, r) => membership(l, r),
        Node::ListOp {
            op: op @ (ListOp::Any | ListOp::All),
            list,
            slot,
            body,
            memos,
            ..
        } => any_or_all(*op, walk_of(list, *slot, memos), body.as_deref()),
        Node::DateRange(plan) => date_range_cond(plan),
        other => {
            let v = value(other);
            Box::new(move |f| truth_of(&v(f)?))
        }
    }
}

fn truth_of(v: &Value) -> Result<bool, RuntimeError> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(fail("a condition did not give true or false")),
    }
}

fn local<'f>(f: &'f Frame<'_>, s: usize) -> Result<&'f Value, RuntimeError> {
    f.get(s).ok_or_else(|| fail("read of an unset local"))
}

pub(crate) fn memo<'f>(
    f: &'f mut Frame<'_>,
    m: usize,
    inner: &ValueFn,
) -> Result<&'f Value, RuntimeError> {
    if !matches!(f.memos.get(m), Some(Some(_))) {
        let v = inner(f)?;
        if let Some(slot) = f.memos.get_mut(m) {
            *slot = Some(v);
        }
    }
    match f.memos.get(m) {
        Some(Some(v)) => Ok(v),
        _ => Err(fail("internal: a memo outside the frame")),
    }
}

fn all(items: &[Node]) -> Vec<ValueFn> {
    items.iter().map(value).collect()
}

fn each(f: &mut Frame<'_>, items: &[ValueFn]) -> Result<Vec<Value>, RuntimeError> {
    items.iter().map(|i| i(f)).collect()
}

/// A built-in on up to three arguments is called with them on the stack.
fn call(builtin: regel_compiler::ir::Builtin, args: &[Node]) -> ValueFn {
    let args = all(args);
    if args.len() > 3 {
        return Box::new(move |f| call_builtin(builtin, &each(f, &args)?));
    }
    Box::new(move |f| {
        let mut on_stack: [Value; 3] = [Value::Null, Value::Null, Value::Null];
        for (slot, arg) in on_stack.iter_mut().zip(&args) {
            *slot = arg(f)?;
        }
        call_builtin(builtin, on_stack.get(..args.len()).unwrap_or_default())
    })
}

/// Where a comparison finds an operand.
pub(crate) enum Operand {
    Local(usize),
    Const(Value),
    Memo(usize, ValueFn),
    Computed(ValueFn),
}

pub(crate) fn operand(node: &Node) -> Operand {
    match node {
        Node::Local(s) => Operand::Local(*s as usize),
        Node::Const(v) => Operand::Const(v.clone()),
        Node::Memo(m, inner) => Operand::Memo(*m as usize, value(inner)),
        other => Operand::Computed(value(other)),
    }
}

/// `l op r` for `== != < <= > >=`, with closures for the common operand pairs.
fn comparison(op: Cmp, l: &Node, r: &Node) -> CondFn {
    match (operand(l), operand(r)) {
        (Operand::Local(a), Operand::Local(b)) => {
            Box::new(move |f| compare(op, local(f, a)?, local(f, b)?))
        }
        (Operand::Local(a), Operand::Const(c)) => Box::new(move |f| compare(op, local(f, a)?, &c)),
        (Operand::Const(c), Operand::Local(b)) => Box::new(move |f| compare(op, &c, local(f, b)?)),
        (Operand::Local(a), Operand::Memo(m, inner)) => Box::new(move |f| {
            memo(f, m, &inner)?;
            compare(op, local(f, a)?, memo_value(f, m)?)
        }),
        (Operand::Memo(m, inner), Operand::Local(b)) => Box::new(move |f| {
            memo(f, m, &inner)?;
            compare(op, memo_value(f, m)?, local(f, b)?)
        }),
        (a, b) => Box::new(move |f| {
            let (left, right) = (prepare(f, &a)?, prepare(f, &b)?);
            compare(op, peek(f, &a, &left)?, peek(f, &b, &right)?)
        }),
    }
}

fn memo_value<'f>(f: &'f Frame<'_>, m: usize) -> Result<&'f Value, RuntimeError> {
    match f.memos.get(m) {
        Some(Some(v)) => Ok(v),
        _ => Err(fail("internal: a memo read before it was computed")),
    }
}

/// An operand's value when it must be computed; `None` when [`peek`] can borrow it.
fn prepare(f: &mut Frame<'_>, o: &Operand) -> Result<Option<Value>, RuntimeError> {
    match o {
        Operand::Local(_) | Operand::Const(_) => Ok(None),
        Operand::Memo(m, inner) => memo(f, *m, inner).map(|_| None),
        Operand::Computed(v) => v(f).map(Some),
    }
}

fn peek<'v>(
    f: &'v Frame<'_>,
    o: &'v Operand,
    computed: &'v Option<Value>,
) -> Result<&'v Value, RuntimeError> {
    match (computed, o) {
        (Some(v), _) => Ok(v),
        (None, Operand::Local(s)) => local(f, *s),
        (None, Operand::Const(v)) => Ok(v),
        (None, Operand::Memo(m, _)) => memo_value(f, *m),
        (None, Operand::Computed(_)) => Err(fail("internal: an operand that was not computed")),
    }
}

/// One comparison; dates and whole numbers take the short way.
#[inline]
fn compare(op: Cmp, a: &Value, b: &Value) -> Result<bool, RuntimeError> {
    let order = match (a, b) {
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        _ => return compare_values(op, a, b),
    };
    Ok(op.holds(order))
}

/// `x in list`; a constant list (`mal_enhet in [filial, servicepunkt]`) is searched in place.
fn membership(l: &Node, r: &Node) -> CondFn {
    let needle = operand(l);
    let found = |x: &Value, items: &[Value]| items.iter().any(|i| ops::equal(x, i));
    match (needle, r) {
        (Operand::Local(s), Node::Const(Value::List(items))) => {
            let items = items.clone();
            Box::new(move |f| Ok(found(local(f, s)?, &items)))
        }
        (needle, _) => {
            let list = value(r);
            Box::new(move |f| {
                let x = prepare(f, &needle)?;
                let list = list(f)?;
                match list {
                    Value::List(items) => Ok(found(peek(f, &needle, &x)?, &items)),
                    _ => Err(fail("`in` needs a list")),
                }
            })
        }
    }
}

/// Where a list operator takes its list from: a local is walked in place.
enum Source {
    Local(usize),
    Computed(ValueFn),
}

/// What a list operator runs on each element, with its element slot and memos to clear.
struct Walk {
    source: Source,
    slot: usize,
    memos: Vec<usize>,
}

fn walk_of(list: &Node, slot: u32, memos: &[u32]) -> Walk {
    let source = match list {
        Node::Local(s) => Source::Local(*s as usize),
        other => Source::Computed(value(other)),
    };
    Walk {
        source,
        slot: slot as usize,
        memos: memos.iter().map(|m| *m as usize).collect(),
    }
}

fn not_a_list() -> RuntimeError {
    fail(ops::NOT_A_LIST)
}

impl Walk {
    /// Puts each element in the slot and calls `visit` until it says stop (`false`).
    fn run(
        &self,
        f: &mut Frame<'_>,
        mut visit: impl FnMut(&mut Frame<'_>) -> Result<bool, RuntimeError>,
    ) -> Result<(), RuntimeError> {
        for m in &self.memos {
            if let Some(memo) = f.memos.get_mut(*m) {
                *memo = None;
            }
        }
        if f.locals.len() <= self.slot {
            f.locals.resize(self.slot + 1, Value::Null);
        }
        match &self.source {
            // An input is read where the caller holds it, so it is walked without a copy.
            Source::Local(s) if *s < f.inputs.len() => {
                let inputs: &[Value] = f.inputs;
                let list = inputs.get(*s).unwrap_or(&Value::Null);
                for item in ops::items(list).map_err(fail)? {
                    self.put(f, item.clone());
                    if !visit(f)? {
                        break;
                    }
                }
            }
            Source::Local(s) => {
                // By index, reading the list anew each time, so it is neither copied nor
                // borrowed while the body writes the frame.
                for i in 0.. {
                    let item = match f.locals.get(*s) {
                        Some(Value::List(items)) => match items.get(i) {
                            Some(item) => item.clone(),
                            None => break,
                        },
                        Some(Value::Null) => break,
                        _ => return Err(not_a_list()),
                    };
                    self.put(f, item);
                    if !visit(f)? {
                        break;
                    }
                }
            }
            Source::Computed(list) => {
                let list = list(f)?;
                for item in ops::items(&list).map_err(fail)? {
                    self.put(f, item.clone());
                    if !visit(f)? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    fn put(&self, f: &mut Frame<'_>, item: Value) {
        f.set(self.slot, item);
    }

    /// The number of elements (`count(list)` without a condition).
    fn length(&self, f: &mut Frame<'_>) -> Result<i64, RuntimeError> {
        let computed;
        let list = match &self.source {
            Source::Local(s) => local(f, *s)?,
            Source::Computed(list) => {
                computed = list(f)?;
                &computed
            }
        };
        let n = ops::items(list).map_err(fail)?.len();
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }

    fn element(&self, f: &Frame<'_>) -> Value {
        f.get(self.slot).cloned().unwrap_or(Value::Null)
    }
}

/// `any` and `all` as conditions.
fn any_or_all(op: ListOp, walk: Walk, body: Option<&Node>) -> CondFn {
    let body = body.map(cond);
    let want_all = op == ListOp::All;
    Box::new(move |f| {
        let mut result = want_all;
        walk.run(f, |f| {
            let holds = match &body {
                Some(b) => b(f)?,
                None => true,
            };
            if holds != want_all {
                result = !want_all;
                return Ok(false);
            }
            Ok(true)
        })?;
        Ok(result)
    })
}

/// A planned interval kernel's value, or the general closure's when the plan does not hold.
fn date_range(plan: &RangePlan) -> ValueFn {
    let (kernel, general) = (Kernel::of(plan), value(&plan.general));
    Box::new(move |f| match kernel.value(f) {
        Some(v) => Ok(v),
        None => general(f),
    })
}

/// [`date_range`] as a condition (`any`, `all`).
fn date_range_cond(plan: &RangePlan) -> CondFn {
    let (kernel, general) = (Kernel::of(plan), cond(&plan.general));
    Box::new(move |f| match kernel.value(f) {
        Some(v) => truth_of(&v),
        None => general(f),
    })
}

/// A list operator's value: `walk` gives the elements, `body` the lambda's body.
fn list_op(op: ListOp, walk: Walk, body: Option<&Node>, zero: &Value) -> ValueFn {
    match op {
        ListOp::Any | ListOp::All => {
            let c = any_or_all(op, walk, body);
            Box::new(move |f| c(f).map(Value::Bool))
        }
        ListOp::Count => match body.map(cond) {
            None => Box::new(move |f| walk.length(f).map(Value::Int)),
            Some(body) => Box::new(move |f| {
                let mut n = 0i64;
                walk.run(f, |f| {
                    n += i64::from(body(f)?);
                    Ok(true)
                })?;
                Ok(Value::Int(n))
            }),
        },
        ListOp::Filter => {
            let body = body.map(cond);
            Box::new(move |f| {
                let mut kept = Vec::new();
                walk.run(f, |f| {
                    if body.as_ref().map_or(Ok(true), |b| b(f))? {
                        kept.push(walk.element(f));
                    }
                    Ok(true)
                })?;
                Ok(Value::List(kept.into()))
            })
        }
        ListOp::Map | ListOp::Sum => {
            let body = body.map(value);
            let sum = op == ListOp::Sum;
            let zero = zero.clone();
            Box::new(move |f| {
                let mut mapped = Vec::new();
                let mut total = zero.clone();
                walk.run(f, |f| {
                    let v = match &body {
                        Some(b) => b(f)?,
                        None => walk.element(f),
                    };
                    if sum {
                        total = ops::arithmetic(BinaryOp::Add, &total, &v).map_err(fail)?;
                    } else {
                        mapped.push(v);
                    }
                    Ok(true)
                })?;
                Ok(if sum {
                    total
                } else {
                    Value::List(Arc::from(mapped))
                })
            })
        }
    }
}
