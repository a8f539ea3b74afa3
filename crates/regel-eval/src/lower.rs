//! The lowering: decisions lowered once per engine into a form that is cheap to run, which
//! both back ends (the closures of [`crate::closures`] and the Rust of `regel-codegen`) start
//! from: parameters are
//! constants, constant sub-expressions are folded, the texts of reason codes and citations
//! are built once, and a sub-expression of a list operator's body that does not depend on the
//! element is computed once per run of the operator (`datum - bytesperiod` in
//! `count(tidigare_byten, s => s > datum - bytesperiod)`), not once per element.

use std::collections::BTreeSet;

use regel_compiler::ir::{
    Builtin, Cmp, Compared, Decision, Expr, ListOp, Num, Op, OutputSource, Place, RoundMode,
    RoundTo, Value,
};

use regel_runtime::builtins::call_builtin;
use regel_runtime::ops;

use crate::operators::binary_values;

/// An expression ready to run.
#[derive(Debug, Clone)]
pub enum Node {
    Const(Value),
    Local(u32),
    Field(Box<Node>, u32),
    Not(Box<Node>),
    Neg(Num, Box<Node>),
    Binary(Op, Box<Node>, Box<Node>),
    /// `value ?? fallback`.
    Coalesce(Box<Node>, Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    List(Vec<Node>),
    Record(Vec<Node>),
    ListOp {
        op: ListOp,
        list: Box<Node>,
        slot: u32,
        body: Option<Box<Node>>,
        /// The memo slots inside the body, cleared each time the operator starts.
        memos: Vec<u32>,
        /// Where a `sum` starts: the 0 of its type (`0 kr` for Money).
        zero: Value,
    },
    /// The value, computed on first use within a run of the enclosing list operator.
    Memo(u32, Box<Node>),
    Round {
        mode: RoundMode,
        to: RoundTo,
        value: Box<Node>,
    },
    Call(Builtin, Vec<Node>),
    /// `count`, `all` or `any` over a list of dates planned as one interval test per
    /// element ([`RangePlan`]).
    DateRange(Box<RangePlan>),
}

/// `count`, `all` or `any` over a list local whose body is a conjunction of comparisons of
/// the element (a date, by its type) with values that do not depend on it, as in
/// `count(tidigare_byten, s => s > datum - bytesperiod and s <= datum)`: the bounds can be
/// computed once and each date tested against the interval they make
/// ([`regel_runtime::range::DateRange`]). Both back ends run it so; when anything is not as
/// planned (an element or a bound that is not a date, a bound that fails to compute) they run
/// `general`, the operator as lowered, from the start, with its own order of evaluation and
/// errors. Conditions are pure, so both ways give the same answer.
#[derive(Debug, Clone)]
pub struct RangePlan {
    pub op: ListOp,
    /// The local that holds the list.
    pub list: u32,
    /// `element cmp bound`, each bound a local, a constant or a memo.
    pub terms: Vec<(Cmp, Node)>,
    /// The memo slots inside the body, cleared each time the operator starts.
    pub memos: Vec<u32>,
    /// The operator as lowered.
    pub general: Node,
}

/// What a rule gives an output, before compiling.
#[derive(Debug, Clone)]
pub enum OutNode {
    Code(Node),
    Value(Value),
}

/// A rule lowered, before compiling.
#[derive(Debug, Clone)]
pub struct RuleNodes {
    pub when: Option<Node>,
    pub requires: Vec<Node>,
    pub outputs: Vec<OutNode>,
}

/// A decision lowered with the version's parameter values: the form both the closures here
/// and the Rust code generator (`regel-codegen`) start from.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub lets: Vec<(u32, Node)>,
    pub requires: Vec<Node>,
    pub rules: Vec<RuleNodes>,
    pub memos: u32,
}

/// Lowers the lets, requires and rules of `d` with the version's parameter values.
pub fn lower(d: &Decision, params: &[Value]) -> Lowered {
    let mut c = Lowering { params, memos: 0 };
    let lets = d
        .lets
        .iter()
        .map(|(_, slot, e)| (*slot, c.top(e)))
        .collect();
    let requires = d.requires.iter().map(|r| c.top(&r.cond)).collect();
    let rules = d
        .rules
        .iter()
        .map(|rule| {
            let outputs = d
                .outputs
                .iter()
                .enumerate()
                .map(|(i, output)| {
                    let set = rule.outcome.iter().find(|(o, _)| *o as usize == i);
                    match (&output.source, set) {
                        (_, Some((_, e))) | (OutputSource::Computed(e), None) => {
                            OutNode::Code(c.top(e))
                        }
                        (OutputSource::Reason, None) => {
                            OutNode::Value(Value::Text(rule.reason.as_str().into()))
                        }
                        (OutputSource::Citation, None) => {
                            OutNode::Value(Value::Text(rule.cite.as_str().into()))
                        }
                        (OutputSource::PerRule, None) => OutNode::Value(Value::Null),
                    }
                })
                .collect();
            RuleNodes {
                when: rule.when.as_ref().map(|e| c.top(e)),
                requires: rule.requires.iter().map(|r| c.top(&r.cond)).collect(),
                outputs,
            }
        })
        .collect();
    Lowered {
        lets,
        requires,
        rules,
        memos: c.memos,
    }
}

/// A decision-level `require all(xs, …)` and a `let n = count(xs, …)` after it over the same
/// list, both planned as interval kernels, as in `listning.byte`'s
/// `require all(tidigare_byten, s => s <= datum)` and
/// `let byten = count(tidigare_byten, s => s > datum - bytesperiod and s <= datum)`: the closure
/// back end runs the two in one pass over the list, the require's test writing the count into
/// the `let`'s slot. Only where the count reads nothing the require cannot (inputs, and `let`s
/// computed before the require), so the count is the one the `let` would compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fused {
    /// The index of the require among the decision's requires.
    pub require: usize,
    /// The index of the `let` among the decision's lets.
    pub count: usize,
}

/// The requires and lets of `d` ([`Fused`]) that can run as one pass, each at most once.
pub fn fusions(d: &Decision, lowered: &Lowered) -> Vec<Fused> {
    let mut fused: Vec<Fused> = Vec::new();
    for (r, (require, node)) in d.requires.iter().zip(&lowered.requires).enumerate() {
        let Node::DateRange(all) = node else { continue };
        if all.op != ListOp::All {
            continue;
        }
        let before = require.after_lets as usize;
        // What the require may read: the inputs and the lets computed before it.
        let early = |s: u32| {
            (s as usize) < d.inputs.len()
                || lowered.lets.iter().take(before).any(|(slot, _)| *slot == s)
        };
        let found = lowered
            .lets
            .iter()
            .enumerate()
            .skip(before)
            .find(|(l, (_, node))| {
                matches!(node, Node::DateRange(count)
                if count.op == ListOp::Count
                    && count.list == all.list
                    && free_locals(&count.general).into_iter().all(early)
                    && !fused.iter().any(|f| f.count == *l))
            });
        if let Some((count, _)) = found {
            fused.push(Fused { require: r, count });
        }
    }
    fused
}

/// The locals `node` reads, less the elements of its list operators.
fn free_locals(node: &Node) -> BTreeSet<u32> {
    let (mut read, mut bound) = (BTreeSet::new(), BTreeSet::new());
    lambda_slots(node, &mut bound);
    visit(node, &mut |n| {
        if let Node::Local(s) = n
            && !bound.contains(s)
        {
            read.insert(*s);
        }
    });
    read
}

/// One expression lowered with the version's parameter values, its memos numbered from
/// `memos` (the slots already taken); also the slots taken after it.
pub fn lower_expr(e: &Expr, params: &[Value], memos: u32) -> (Node, u32) {
    let mut c = Lowering { params, memos };
    let node = c.top(e);
    (node, c.memos)
}

struct Lowering<'p> {
    params: &'p [Value],
    memos: u32,
}

impl Lowering<'_> {
    /// A whole expression: lowered, folded and hoisted, then its interval kernels planned.
    fn top(&mut self, e: &Expr) -> Node {
        plan_ranges(self.lower(e))
    }

    fn lower(&mut self, e: &Expr) -> Node {
        let node = self.lower_children(e);
        fold(node)
    }

    fn boxed(&mut self, e: &Expr) -> Box<Node> {
        Box::new(self.lower(e))
    }

    fn lower_children(&mut self, e: &Expr) -> Node {
        match e {
            Expr::Const(v) => Node::Const(v.clone()),
            Expr::Load(Place::Local(s)) => Node::Local(*s),
            Expr::Load(Place::Param(p)) => {
                Node::Const(self.params.get(*p as usize).cloned().unwrap_or(Value::Null))
            }
            Expr::Field(b, i, _) => Node::Field(self.boxed(b), *i),
            Expr::Not(x) => Node::Not(self.boxed(x)),
            Expr::Neg(num, x) => Node::Neg(*num, self.boxed(x)),
            Expr::Binary(op, l, r) => Node::Binary(*op, self.boxed(l), self.boxed(r)),
            Expr::Coalesce(l, r, _) => Node::Coalesce(self.boxed(l), self.boxed(r)),
            Expr::If(c, a, b, _) => Node::If(self.boxed(c), self.boxed(a), self.boxed(b)),
            Expr::List(_, items) => Node::List(items.iter().map(|i| self.lower(i)).collect()),
            Expr::Record(_, items) => Node::Record(items.iter().map(|i| self.lower(i)).collect()),
            Expr::ListOp {
                op,
                list,
                slot,
                body,
                ty,
            } => {
                let list = self.boxed(list);
                let mut memos = Vec::new();
                let body = body.as_ref().map(|b| {
                    let lowered = self.lower(b);
                    let mut bound = BTreeSet::from([*slot]);
                    lambda_slots(&lowered, &mut bound);
                    Box::new(self.hoist(lowered, &bound, &mut memos))
                });
                Node::ListOp {
                    op: *op,
                    list,
                    slot: *slot,
                    body,
                    memos,
                    zero: regel_compiler::ir::zero_of(ty),
                }
            }
            Expr::Round { mode, to, value } => Node::Round {
                mode: *mode,
                to: *to,
                value: self.boxed(value),
            },
            Expr::Call(b, args) => Node::Call(*b, args.iter().map(|a| self.lower(a)).collect()),
        }
    }

    /// Wraps each largest sub-expression of a list operator's body that reads none of the
    /// `bound` slots (the element, and the elements of operators nested in it) in a memo.
    fn hoist(&mut self, node: Node, bound: &BTreeSet<u32>, memos: &mut Vec<u32>) -> Node {
        let cheap = matches!(node, Node::Const(_) | Node::Local(_) | Node::Memo(..));
        if !cheap && !reads_any(&node, bound) {
            let slot = self.memos;
            self.memos += 1;
            memos.push(slot);
            return Node::Memo(slot, Box::new(node));
        }
        match node {
            // A nested list operator keeps its own memos; a memo is already hoisted.
            Node::ListOp { .. } | Node::Memo(..) => node,
            _ => map_children(node, &mut |n| self.hoist(n, bound, memos)),
        }
    }
}

/// The lambda slots of the list operators inside `node`.
fn lambda_slots(node: &Node, out: &mut BTreeSet<u32>) {
    visit(node, &mut |n| {
        if let Node::ListOp { slot, .. } = n {
            out.insert(*slot);
        }
    });
}

fn reads_any(node: &Node, slots: &BTreeSet<u32>) -> bool {
    let mut found = false;
    visit(node, &mut |n| {
        if let Node::Local(s) = n {
            found |= slots.contains(s);
        }
    });
    found
}

fn visit(node: &Node, f: &mut dyn FnMut(&Node)) {
    f(node);
    match node {
        Node::Const(_) | Node::Local(_) => {}
        Node::Field(x, _) | Node::Not(x) | Node::Neg(_, x) | Node::Memo(_, x) => visit(x, f),
        Node::Round { value, .. } => visit(value, f),
        Node::Binary(_, a, b) | Node::Coalesce(a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Node::If(a, b, c) => {
            visit(a, f);
            visit(b, f);
            visit(c, f);
        }
        Node::List(items) | Node::Record(items) | Node::Call(_, items) => {
            items.iter().for_each(|i| visit(i, f));
        }
        Node::ListOp { list, body, .. } => {
            visit(list, f);
            if let Some(b) = body {
                visit(b, f);
            }
        }
        Node::DateRange(plan) => visit(&plan.general, f),
    }
}

/// A node whose operands are all constants, evaluated now by the runtime's operators; one that
/// would fail is kept, so that it fails when (and only if) it runs.
fn fold(node: Node) -> Node {
    match constant_value(&node) {
        Some(v) => Node::Const(v),
        None => node,
    }
}

/// The value of a node whose operands are all constants, as either back end computes it;
/// `None` when an operand is not a constant or the node would fail.
fn constant_value(node: &Node) -> Option<Value> {
    fn c(n: &Node) -> Option<&Value> {
        match n {
            Node::Const(v) => Some(v),
            _ => None,
        }
    }
    let truth = |n: &Node| match c(n)? {
        Value::Bool(b) => Some(*b),
        _ => None,
    };
    let all = |items: &[Node]| {
        items
            .iter()
            .map(|i| c(i).cloned())
            .collect::<Option<Vec<_>>>()
    };
    match node {
        Node::Field(x, i) => ops::field(c(x)?, *i as usize).ok(),
        Node::Not(x) => Some(Value::Bool(!truth(x)?)),
        Node::Neg(num, x) => ops::negate_num(*num, c(x)?).ok(),
        // Both sides constant: `and` and `or` are decided, short-circuit as when they run.
        Node::Binary(Op::And, a, b) => Some(Value::Bool(truth(a)? && truth(b)?)),
        Node::Binary(Op::Or, a, b) => Some(Value::Bool(truth(a)? || truth(b)?)),
        Node::Binary(op, a, b) => binary_values(*op, c(a)?, c(b)?).ok(),
        Node::Coalesce(a, b) => match (c(a)?, c(b)?) {
            (Value::Null, fallback) => Some(fallback.clone()),
            (v, _) => Some(v.clone()),
        },
        Node::If(cond, a, b) => {
            let (a, b) = (c(a)?, c(b)?);
            Some(if truth(cond)? { a } else { b }.clone())
        }
        Node::List(items) => Some(Value::List(all(items)?.into())),
        Node::Record(items) => Some(Value::Record(all(items)?.into())),
        Node::Round { mode, to, value } => ops::round(*mode, *to, c(value)?).ok(),
        Node::Call(builtin, args) => call_builtin(*builtin, &all(args)?).ok(),
        Node::Const(_)
        | Node::Local(_)
        | Node::Memo(..)
        | Node::ListOp { .. }
        | Node::DateRange(_) => None,
    }
}

/// Plans the interval kernels of a lowered expression: each `count`, `all` or `any` of the
/// shape [`RangePlan`] describes, at any depth, becomes a [`Node::DateRange`].
fn plan_ranges(node: Node) -> Node {
    let node = map_children(node, &mut plan_ranges);
    match range_plan(&node) {
        Some(plan) => Node::DateRange(Box::new(plan)),
        None => node,
    }
}

/// `node` with `f` applied to each of its children.
fn map_children(node: Node, f: &mut dyn FnMut(Node) -> Node) -> Node {
    let mut go = |n: Box<Node>| Box::new(f(*n));
    match node {
        Node::Field(b, i) => Node::Field(go(b), i),
        Node::Not(x) => Node::Not(go(x)),
        Node::Neg(num, x) => Node::Neg(num, go(x)),
        Node::Memo(m, x) => Node::Memo(m, go(x)),
        Node::Binary(op, l, r) => {
            let l = go(l);
            Node::Binary(op, l, go(r))
        }
        Node::Coalesce(l, r) => {
            let l = go(l);
            Node::Coalesce(l, go(r))
        }
        Node::If(c, a, b) => {
            let c = go(c);
            let a = go(a);
            Node::If(c, a, go(b))
        }
        Node::Round { mode, to, value } => Node::Round {
            mode,
            to,
            value: go(value),
        },
        Node::ListOp {
            op,
            list,
            slot,
            body,
            memos,
            zero,
        } => {
            let list = go(list);
            Node::ListOp {
                op,
                list,
                slot,
                body: body.map(go),
                memos,
                zero,
            }
        }
        Node::Call(b, args) => Node::Call(b, args.into_iter().map(&mut *f).collect()),
        Node::List(items) => Node::List(items.into_iter().map(&mut *f).collect()),
        Node::Record(items) => Node::Record(items.into_iter().map(&mut *f).collect()),
        leaf @ (Node::Const(_) | Node::Local(_) | Node::DateRange(_)) => leaf,
    }
}

/// The interval plan of a list operator, when it has that shape.
fn range_plan(node: &Node) -> Option<RangePlan> {
    let Node::ListOp {
        op: op @ (ListOp::Count | ListOp::All | ListOp::Any),
        list,
        slot,
        body: Some(body),
        memos,
        ..
    } = node
    else {
        return None;
    };
    let Node::Local(list) = **list else {
        return None;
    };
    let mut terms = Vec::new();
    conjunction(body, *slot, &mut terms)?;
    (terms.len() <= regel_runtime::range::MOST).then(|| RangePlan {
        op: *op,
        list,
        terms,
        memos: memos.clone(),
        general: node.clone(),
    })
}

/// The comparisons of a conjunction of the element (in `slot`) with bounds that are a local,
/// a constant or a memo; `None` for anything else.
fn conjunction(node: &Node, slot: u32, terms: &mut Vec<(Cmp, Node)>) -> Option<()> {
    match node {
        Node::Binary(Op::And, l, r) => {
            conjunction(l, slot, terms)?;
            conjunction(r, slot, terms)
        }
        // Only dates: the checker's types say which comparisons compare dates.
        Node::Binary(Op::Compare(op, Compared::Date), l, r) => {
            let element = |n: &Node| matches!(n, Node::Local(s) if *s == slot);
            let (op, bound) = match (element(l), element(r)) {
                (true, false) => (*op, &**r),
                (false, true) => (op.mirrored(), &**l),
                _ => return None,
            };
            if !matches!(bound, Node::Local(_) | Node::Const(_) | Node::Memo(..)) {
                return None;
            }
            terms.push((op, bound.clone()));
            Some(())
        }
        _ => None,
    }
}
