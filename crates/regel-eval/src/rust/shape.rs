//! What the generator knows of each expression's values before writing it: the `Shape`
//! of every local, memo and node, inferred from the inputs' types and the lowered nodes (the
//! IR carries no types of its own for `let`s and lambda parameters).

use regel_compiler::ir::{Builtin, ListOp, Value};
use regel_compiler::ty::Ty;
use regel_syntax::BinaryOp;

use super::DecisionGen;
use super::repr::{Repr, Scalar};
use crate::compiled::{Node, OutNode};

/// What the generator knows of an expression's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    Bool,
    Int,
    Date,
    Duration,
    Enum(u32),
    List(Box<Shape>),
    Other,
}

impl Shape {
    pub(super) fn of_ty(ty: &Ty) -> Shape {
        match ty {
            Ty::Bool => Shape::Bool,
            Ty::Int => Shape::Int,
            Ty::Date => Shape::Date,
            Ty::Duration => Shape::Duration,
            Ty::Enum(id, _) => Shape::Enum(id.0),
            Ty::List(of) => Shape::List(Box::new(Shape::of_ty(of))),
            _ => Shape::Other,
        }
    }

    pub(super) fn of_value(v: &Value) -> Shape {
        match v {
            Value::Bool(_) => Shape::Bool,
            Value::Int(_) => Shape::Int,
            Value::Date(_) => Shape::Date,
            Value::Duration(_) => Shape::Duration,
            Value::Enum(id, _) => Shape::Enum(id.0),
            Value::List(items) => Shape::List(Box::new(common(items.iter().map(Shape::of_value)))),
            _ => Shape::Other,
        }
    }

    fn element(&self) -> Shape {
        match self {
            Shape::List(of) => (**of).clone(),
            _ => Shape::Other,
        }
    }

    /// How values of this shape are held in generated code.
    pub(super) fn repr(&self) -> Repr {
        match self {
            Shape::Bool => Repr::Plain(Scalar::Bool),
            Shape::Int => Repr::Plain(Scalar::Int),
            Shape::Date => Repr::Plain(Scalar::Date),
            Shape::Duration => Repr::Plain(Scalar::Duration),
            Shape::Enum(id) => Repr::Plain(Scalar::Enum(*id)),
            Shape::List(_) | Shape::Other => Repr::Owned,
        }
    }
}

/// How an input of type `ty` arrives in the typed interface: plain, as a slice of plain
/// values, or as a `&Value`.
pub(super) fn input_repr(ty: &Ty) -> Repr {
    match Shape::of_ty(ty) {
        Shape::List(of) => of.repr().scalar().map_or(Repr::Ref, Repr::Slice),
        shape => match shape.repr() {
            Repr::Owned => Repr::Ref,
            plain => plain,
        },
    }
}

/// The shape all of `shapes` have, or `Other` (also when there are none).
pub(super) fn common(mut shapes: impl Iterator<Item = Shape>) -> Shape {
    let Some(first) = shapes.next() else {
        return Shape::Other;
    };
    if shapes.all(|s| s == first) {
        first
    } else {
        Shape::Other
    }
}

impl DecisionGen<'_> {
    pub(super) fn infer_all(&mut self) {
        let l = self.lowered;
        for (slot, node) in &l.lets {
            let shape = self.infer(node);
            self.assign(*slot, shape);
        }
        for node in &l.requires {
            self.infer(node);
        }
        for rule in &l.rules {
            let nodes = rule.when.iter().chain(&rule.requires);
            let outputs = rule.outputs.iter().filter_map(|o| match o {
                OutNode::Code(n) => Some(n),
                OutNode::Value(_) => None,
            });
            for node in nodes.chain(outputs) {
                self.infer(node);
            }
        }
    }

    fn assign(&mut self, slot: u32, shape: Shape) {
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = Some(match s.take() {
                None => shape,
                Some(old) if old == shape => old,
                Some(_) => Shape::Other,
            });
        }
    }

    pub(super) fn slot(&self, slot: u32) -> Shape {
        self.slots
            .get(slot as usize)
            .cloned()
            .flatten()
            .unwrap_or(Shape::Other)
    }

    pub(super) fn memo_shape(&self, m: u32) -> Shape {
        self.memos
            .get(m as usize)
            .cloned()
            .flatten()
            .unwrap_or(Shape::Other)
    }

    pub(super) fn infer(&mut self, node: &Node) -> Shape {
        use BinaryOp::*;
        match node {
            Node::Const(v) => Shape::of_value(v),
            Node::Local(s) => self.slot(*s),
            Node::Field(base, _) => {
                self.infer(base);
                Shape::Other
            }
            Node::Not(x) => {
                self.infer(x);
                Shape::Bool
            }
            Node::Neg(x) => match self.infer(x) {
                Shape::Int => Shape::Int,
                _ => Shape::Other,
            },
            Node::Binary(op, l, r) => {
                let (a, b) = (self.infer(l), self.infer(r));
                match (op, a, b) {
                    (And | Or | Eq | Ne | Lt | Le | Gt | Ge | In, _, _) => Shape::Bool,
                    (Add | Sub | Mul, Shape::Int, Shape::Int) => Shape::Int,
                    (Add | Sub, Shape::Date, Shape::Duration) => Shape::Date,
                    (Sub, Shape::Date, Shape::Date) => Shape::Int,
                    (Add, a @ Shape::List(_), b @ Shape::List(_)) => {
                        Shape::List(Box::new(common([a.element(), b.element()].into_iter())))
                    }
                    _ => Shape::Other,
                }
            }
            Node::If(c, a, b) => {
                self.infer(c);
                let (a, b) = (self.infer(a), self.infer(b));
                common([a, b].into_iter())
            }
            Node::List(items) => {
                let shapes: Vec<Shape> = items.iter().map(|i| self.infer(i)).collect();
                Shape::List(Box::new(common(shapes.into_iter())))
            }
            Node::Record(items) => {
                for i in items {
                    self.infer(i);
                }
                Shape::Other
            }
            Node::ListOp {
                op,
                list,
                slot,
                body,
                ..
            } => {
                let list = self.infer(list);
                self.assign(*slot, list.element());
                let body = body.as_deref().map(|b| self.infer(b));
                match op {
                    ListOp::Count => Shape::Int,
                    ListOp::Any | ListOp::All => Shape::Bool,
                    ListOp::Filter => match list {
                        Shape::List(_) => list,
                        _ => Shape::Other,
                    },
                    ListOp::Map => Shape::List(Box::new(body.unwrap_or_else(|| list.element()))),
                    ListOp::Sum => Shape::Other,
                }
            }
            Node::Memo(m, inner) => {
                let shape = self.infer(inner);
                if let Some(s) = self.memos.get_mut(*m as usize) {
                    *s = Some(shape.clone());
                }
                shape
            }
            Node::Round { value, .. } => {
                self.infer(value);
                Shape::Other
            }
            Node::Call(builtin, args) => {
                let shapes: Vec<Shape> = args.iter().map(|a| self.infer(a)).collect();
                match builtin {
                    Builtin::Min | Builtin::Max => match common(shapes.into_iter()) {
                        s @ (Shape::Int | Shape::Date) => s,
                        _ => Shape::Other,
                    },
                    Builtin::Days | Builtin::Year => Shape::Int,
                    Builtin::Within => Shape::Bool,
                    Builtin::PeriodEnd | Builtin::LastDayOfMonth | Builtin::MakeDate => Shape::Date,
                }
            }
        }
    }
}
