//! Decisions compiled to Rust source, for programs that embed a fixed version of the policy
//! and need its decisions at the speed of hand-written code.
//!
//! The second back end. The generator starts from the same lowered form as the evaluator's
//! closures ([`regel_eval::lower`]: parameters folded to constants, element-independent parts
//! of list bodies memoized) and gives each expression a Rust representation: booleans, whole
//! numbers, dates, durations and enum variants as plain Rust values, everything else as
//! [`Value`] handled by [`regel_runtime::generated`], which fails with the evaluator's
//! messages. A decision becomes a struct implementing
//! [`NativeDecision`](regel_runtime::generated::NativeDecision); its answers are the
//! [`regel_eval::Decider`]'s, which the `regel-native` crate tests on every bundled decision.
//! The generated module needs `regel-runtime` only.

use std::fmt::Write as _;

use Arith::{MoneyDivNumber, MoneyMulNumber, NumberMulMoney};
use regel_compiler::ir::{Arith, Builtin, Cmp, Decision, ListOp, Op, RoundMode, RoundTo, Value};

use regel_eval::lower::{self, Lowered, Node, RangePlan};
use repr::{Code, Repr, Scalar};

mod interface;
mod repr;

pub use interface::generate;

/// `listning.byte` → `ListningByte`.
fn type_name(decision: &str) -> String {
    decision
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// A constant as a Rust expression of type `Value`.
fn value_expr(v: &Value) -> String {
    let many = |items: &[Value]| items.iter().map(value_expr).collect::<Vec<_>>().join(", ");
    match v {
        Value::Null => "Value::Null".into(),
        Value::Bool(b) => format!("Value::Bool({b})"),
        Value::Int(i) => format!("Value::Int({i}i64)"),
        Value::Decimal(d) => format!("Value::Decimal({})", decimal_expr(d)),
        Value::Money(d) => format!("Value::Money({})", decimal_expr(d)),
        Value::Date(d) => format!("Value::Date({})", date_expr(*d)),
        Value::Time(t) => {
            use chrono::Timelike;
            format!(
                "Value::Time(const {{ rt::time({}, {}) }})",
                t.num_seconds_from_midnight(),
                t.nanosecond()
            )
        }
        Value::Duration(d) => format!("Value::Duration({})", duration_expr(d)),
        Value::Text(t) => format!("Value::Text(Arc::from({:?}))", &**t),
        Value::Enum(id, i) => format!("Value::Enum(EnumId({}), {i})", id.0),
        Value::List(items) => format!("Value::List(Arc::from(vec![{}]))", many(items)),
        Value::Record(items) => format!("Value::Record(Arc::from(vec![{}]))", many(items)),
    }
}

fn decimal_expr(d: &rust_decimal::Decimal) -> String {
    let m = d.mantissa().unsigned_abs();
    let part = |shift: u32| (m >> shift) as u32;
    format!(
        "Decimal::from_parts({}, {}, {}, {}, {})",
        part(0),
        part(32),
        part(64),
        d.is_sign_negative(),
        d.scale()
    )
}

fn date_expr(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "const {{ rt::date({}, {}, {}) }}",
        d.year(),
        d.month(),
        d.day()
    )
}

fn duration_expr(d: &regel_compiler::ir::Duration) -> String {
    format!(
        "Duration {{ amount: {}, unit: DurationUnit::{:?} }}",
        d.amount, d.unit
    )
}

/// A constant divisor as the runtime's `Whole` takes it apart (sign, magnitude), when it is
/// one: a whole number, not zero, below 2^64.
fn whole(n: &Value) -> Option<(bool, u64)> {
    let d = match n {
        Value::Int(i) => rust_decimal::Decimal::from(*i),
        Value::Decimal(d) | Value::Money(d) => *d,
        _ => return None,
    };
    regel_runtime::decimal::Whole::of(d).map(regel_runtime::decimal::Whole::parts)
}

/// The generator of one decision.
struct DecisionGen<'a> {
    decision: &'a Decision,
    lowered: &'a Lowered,
    /// How each memo is held, known once its node is generated (a list operator's body is
    /// generated before the head that declares its memos).
    memos: Vec<Option<Repr>>,
    /// Constants held as `Value`s in the struct (`self.k[i]`).
    consts: Vec<Value>,
    /// How each input arrives in the typed interface.
    input_reprs: Vec<Repr>,
    /// The requires whose `all` computes a later `count` in its loop ([`lower::Fused`]), as
    /// the interpreter's kernel does.
    fused: Vec<lower::Fused>,
}

impl<'a> DecisionGen<'a> {
    fn new(decision: &'a Decision, lowered: &'a Lowered) -> DecisionGen<'a> {
        DecisionGen {
            decision,
            lowered,
            memos: vec![None; lowered.memos as usize],
            consts: Vec::new(),
            input_reprs: decision
                .inputs
                .iter()
                .map(|i| Repr::of_input(&i.ty))
                .collect(),
            fused: lower::fusions(decision, lowered),
        }
    }

    /// How local `slot` is held: by its type, which the checker recorded.
    fn slot_repr(&self, slot: u32) -> Repr {
        self.decision
            .local_types
            .get(slot as usize)
            .map_or(Repr::Owned, Repr::of_ty)
    }

    fn memo_repr(&self, m: u32) -> Repr {
        self.memos
            .get(m as usize)
            .copied()
            .flatten()
            .unwrap_or(Repr::Owned)
    }

    /// `let`s up to `upto`, each bound in its local's representation.
    fn lets(&mut self, evaluated: &mut usize, upto: usize) -> String {
        let mut s = String::new();
        while *evaluated < upto {
            let Some((slot, node)) = self.lowered.lets.get(*evaluated) else {
                break;
            };
            let name = self
                .decision
                .lets
                .get(*evaluated)
                .map_or("", |(n, _, _)| n.as_str());
            let _ = writeln!(s, "        // let `{name}`");
            if let Some(f) = self.fused.iter().find(|f| f.count == *evaluated) {
                // Counted in the require's loop; a failure counting stands here, where the
                // count stands, after what comes before it has passed.
                let r = f.require;
                let _ = writeln!(
                    s,
                    "        if let Some(e) = f{r}_failed {{ return Err(e); }}"
                );
                let counted = Code::new(format!("f{r}_n"), Repr::Plain(Scalar::Int));
                s.push_str(&self.bind(*slot, counted));
            } else {
                let code = self.value(node);
                s.push_str(&self.bind(*slot, code));
            }
            *evaluated += 1;
        }
        s
    }

    /// Binds local `slot` to `code` in the slot's representation (boxed: a `&Value`).
    fn bind(&self, slot: u32, code: Code) -> String {
        let repr = self.slot_repr(slot);
        if repr.boxed() {
            if code.repr == Repr::Ref {
                return format!("        let l{slot}: &Value = {};\n", code.text);
            }
            return format!(
                "        let l{slot}_value: Value = {};\n        let l{slot}: &Value = &l{slot}_value;\n",
                code.owned()
            );
        }
        format!(
            "        let l{slot}: {} = {};\n",
            repr.rust_type(),
            code.to(repr)
        )
    }

    /// Decision-level require `index`: its condition, or the loop that also counts.
    fn decision_require(
        &mut self,
        index: usize,
        require: &regel_compiler::ir::Require,
        node: &Node,
    ) -> String {
        let count = self
            .fused
            .iter()
            .find(|f| f.require == index)
            .and_then(|f| self.lowered.lets.get(f.count));
        if let (Node::DateRange(all), Some((_, Node::DateRange(count)))) = (node, count)
            && let Some(code) = self.all_then_count(index, all, count)
        {
            let cond = format!("f{index}_holds");
            return code + &self.require_code(require, &cond);
        }
        // Not fused after all: the count is computed where it stands.
        self.fused.retain(|f| f.require != index);
        self.require(require, node)
    }

    /// One loop for `require all(xs, …)` and a later `count(xs, …)` (as the interpreter's
    /// fused kernel): the `all` stops at the first element that fails it, as alone; the
    /// count's condition runs on each element the `all` passed, and its first failure is
    /// kept for the count's place (if the `all` fails later, the rejection comes first, as
    /// apart). Binds `f{index}_holds`, `f{index}_n` and `f{index}_failed`.
    fn all_then_count(
        &mut self,
        index: usize,
        all: &RangePlan,
        count: &RangePlan,
    ) -> Option<String> {
        let Node::ListOp {
            op: ListOp::All,
            list,
            slot: a_slot,
            body: Some(a_body),
            memos: a_memos,
            ..
        } = &all.general
        else {
            return None;
        };
        let Node::ListOp {
            op: ListOp::Count,
            slot: c_slot,
            body: Some(c_body),
            memos: c_memos,
            ..
        } = &count.general
        else {
            return None;
        };
        // `lower::fusions` pairs the same list only; the loop walks the `all`'s.
        if all.list != count.list {
            return None;
        }
        let holds_all = self.cond(a_body);
        let holds_count = self.cond(c_body);
        let mut head = String::new();
        for m in c_memos {
            let ty = self.memo_repr(*m).rust_type();
            let _ = write!(head, "let mut m{m}: Option<{ty}> = None; ");
        }
        let (walk, bind_all, _) = self.walk(list, *a_slot, a_memos, true);
        let element = match self.slot_repr(*a_slot) {
            Repr::Owned => Repr::Ref,
            r => r,
        };
        let bind_count = self
            .bind(*c_slot, Code::new(format!("l{a_slot}"), element))
            .trim()
            .to_owned();
        // The walk's head is its memos and `for eN in ITEMS`: the items are held, so that a
        // failure counting ends the counting and the rest is checked by the `all` alone.
        let at = walk.rfind(&format!("for e{a_slot} in "))?;
        let (memos, items) = walk.split_at(at);
        let items = &items[format!("for e{a_slot} in ").len()..];
        let all_fails = |leave: &str| {
            format!("{bind_all} if !({holds_all}) {{ holds = false; break{leave}; }}")
        };
        let (first, rest) = (all_fails(" 'fused"), all_fails(""));
        Some(format!(
            "        let (f{index}_holds, f{index}_n, f{index}_failed) = {{ let mut holds = true; let mut n: i64 = 0; let mut failed: Option<Failure> = None; {head}{memos}let mut items = IntoIterator::into_iter({items}); 'fused: {{ for e{a_slot} in &mut items {{ {first} {bind_count} match (|| -> Result<bool, Failure> {{ Ok({holds_count}) }})() {{ Ok(true) => n += 1, Ok(false) => {{}} Err(e) => {{ failed = Some(e); break; }} }} }} for e{a_slot} in items {{ {rest} }} }} (holds, n, failed) }};\n"
        ))
    }

    fn require(&mut self, require: &regel_compiler::ir::Require, node: &Node) -> String {
        let cond = self.cond(node);
        self.require_code(require, &cond)
    }

    /// The rejection unless `cond` holds.
    fn require_code(&self, require: &regel_compiler::ir::Require, cond: &str) -> String {
        let inputs = require
            .reads
            .iter()
            .filter_map(|s| self.decision.inputs.get(*s as usize))
            .map(|i| format!("{:?}.into()", i.name))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "        if !({cond}) {{\n            return Err(Failure::Rejected(Rejection {{ reason: {:?}.into(), paragraf: {:?}.into(), inputs: vec![{inputs}] }}));\n        }}\n",
            require.reason, require.cite
        )
    }

    /// A constant: plain values inline, the rest from the struct's table.
    fn constant(&mut self, v: &Value) -> Code {
        match v {
            Value::Bool(b) => Code::new(b.to_string(), Repr::Plain(Scalar::Bool)),
            Value::Int(i) => Code::new(format!("{i}i64"), Repr::Plain(Scalar::Int)),
            Value::Date(d) => Code::new(date_expr(*d), Repr::Plain(Scalar::Date)),
            Value::Duration(d) => Code::new(duration_expr(d), Repr::Plain(Scalar::Duration)),
            Value::Enum(id, i) => Code::new(format!("{i}u32"), Repr::Plain(Scalar::Enum(id.0))),
            Value::Money(d) => Code::new(
                format!("const {{ {} }}", decimal_expr(d)),
                Repr::Plain(Scalar::Money),
            )
            .held_as(self.held(v)),
            other => Code::new(self.held(other), Repr::Ref),
        }
    }

    /// A constant in the struct's table, as a `&Value`.
    fn held(&mut self, v: &Value) -> String {
        let i = match self.consts.iter().position(|c| c == v) {
            Some(i) => i,
            None => {
                self.consts.push(v.clone());
                self.consts.len() - 1
            }
        };
        format!("&self.k[{i}]")
    }

    /// A condition, as a Rust `bool` expression.
    fn cond(&mut self, node: &Node) -> String {
        match node {
            Node::Not(x) => format!("!({})", self.cond(x)),
            Node::Binary(Op::And, l, r) => format!("({} && {})", self.cond(l), self.cond(r)),
            Node::Binary(Op::Or, l, r) => format!("({} || {})", self.cond(l), self.cond(r)),
            Node::Binary(Op::Compare(cmp, _), l, r) => self.comparison(*cmp, l, r),
            Node::Binary(Op::In, l, r) => self.membership(l, r),
            Node::ListOp {
                op: op @ (ListOp::Any | ListOp::All),
                list,
                slot,
                body,
                memos,
                ..
            } => self.any_all(*op == ListOp::All, list, *slot, body.as_deref(), memos),
            other => self.value(other).to(Repr::Plain(Scalar::Bool)),
        }
    }

    fn comparison(&mut self, op: Cmp, l: &Node, r: &Node) -> String {
        let (a, b) = (self.value(l), self.value(r));
        let native = match (a.repr, b.repr) {
            (Repr::Plain(Scalar::Int), Repr::Plain(Scalar::Int))
            | (Repr::Plain(Scalar::Date), Repr::Plain(Scalar::Date)) => true,
            (Repr::Plain(Scalar::Bool), Repr::Plain(Scalar::Bool)) => !op.is_ordering(),
            (Repr::Plain(Scalar::Enum(x)), Repr::Plain(Scalar::Enum(y))) => {
                x == y && !op.is_ordering()
            }
            _ => false,
        };
        if native {
            return format!("({} {} {})", a.text, op.symbol(), b.text);
        }
        if (a.repr, b.repr) == (Repr::Plain(Scalar::Money), Repr::Plain(Scalar::Money)) {
            return format!("rt::compare_amounts(Cmp::{op:?}, {}, {})", a.text, b.text);
        }
        format!(
            "rt::compare(Cmp::{op:?}, {}, {})?",
            a.borrowed(),
            b.borrowed()
        )
    }

    /// `x in list`; an enum against a list of its variants is a `matches!`.
    fn membership(&mut self, l: &Node, r: &Node) -> String {
        let x = self.value(l);
        if let (Repr::Plain(Scalar::Enum(id)), Node::Const(Value::List(items))) = (x.repr, r) {
            let variants: Option<Vec<String>> = items
                .iter()
                .map(|i| match i {
                    Value::Enum(e, v) if e.0 == id => Some(v.to_string()),
                    _ => None,
                })
                .collect();
            if let Some(vs) = variants.filter(|vs| !vs.is_empty()) {
                return format!("matches!({}, {})", x.text, vs.join(" | "));
            }
        }
        let list = self.value(r);
        format!("rt::member({}, {})?", x.borrowed(), list.borrowed())
    }

    /// A value, in whatever representation suits it.
    fn value(&mut self, node: &Node) -> Code {
        match node {
            Node::Const(v) => self.constant(v),
            Node::Local(s) => {
                let repr = match self.input_reprs.get(*s as usize) {
                    Some(input) => *input,
                    None => match self.slot_repr(*s) {
                        Repr::Owned => Repr::Ref,
                        r => r,
                    },
                };
                Code::new(format!("l{s}"), repr)
            }
            Node::Field(base, i) => {
                let base = self.value(base).borrowed();
                Code::new(format!("rt::field({base}, {i})?"), Repr::Owned)
            }
            Node::Not(_)
            | Node::Binary(Op::And | Op::Or | Op::Compare(..) | Op::In, ..)
            | Node::ListOp {
                op: ListOp::Any | ListOp::All,
                ..
            } => Code::new(self.cond(node), Repr::Plain(Scalar::Bool)),
            Node::Neg(num, x) => {
                let x = self.value(x);
                match x.repr {
                    Repr::Plain(Scalar::Int) => Code::new(
                        format!("rt::int_neg({})?", x.text),
                        Repr::Plain(Scalar::Int),
                    ),
                    Repr::Plain(Scalar::Money) => {
                        Code::new(format!("(-{})", x.text), Repr::Plain(Scalar::Money))
                    }
                    _ => Code::new(
                        format!("rt::negate(Num::{num:?}, {})?", x.borrowed()),
                        Repr::Owned,
                    ),
                }
            }
            Node::Coalesce(l, r) => {
                let (l, r) = (self.value(l).owned(), self.value(r).owned());
                Code::new(
                    format!("match {l} {{ Value::Null => {r}, v => v }}"),
                    Repr::Owned,
                )
            }
            Node::Binary(Op::Arith(arith), l, r) => self.arithmetic(*arith, l, r),
            Node::If(c, a, b) => {
                let c = self.cond(c);
                let (a, b) = (self.value(a), self.value(b));
                // Plain values, or two borrows of values that outlive the `if` (locals,
                // constants): no clone.
                if a.repr == b.repr && (!a.repr.boxed() || a.repr == Repr::Ref) {
                    let repr = a.repr;
                    return Code::new(
                        format!("if {c} {{ {} }} else {{ {} }}", a.text, b.text),
                        repr,
                    );
                }
                Code::new(
                    format!("if {c} {{ {} }} else {{ {} }}", a.owned(), b.owned()),
                    Repr::Owned,
                )
            }
            Node::List(items) | Node::Record(items) => {
                let kind = if matches!(node, Node::List(_)) {
                    "List"
                } else {
                    "Record"
                };
                let items: Vec<String> = items.iter().map(|i| self.value(i).owned()).collect();
                // From an array: one allocation, where a `Vec` is a second and a copy.
                Code::new(
                    format!("Value::{kind}(Arc::from([{}]))", items.join(", ")),
                    Repr::Owned,
                )
            }
            Node::ListOp {
                op,
                list,
                slot,
                body,
                memos,
                zero,
            } => self.list_op(*op, list, *slot, body.as_deref(), memos, zero),
            Node::Memo(m, inner) => {
                let inner = self.value(inner);
                let repr = match inner.repr {
                    plain @ Repr::Plain(_) => plain,
                    _ => Repr::Owned,
                };
                if let Some(slot) = self.memos.get_mut(*m as usize) {
                    *slot = Some(repr);
                }
                let inner = inner.to(repr);
                Code::new(format!("rt::memo(&mut m{m}, || Ok({inner}))?"), repr)
            }
            Node::Round { mode, to, value } => self.round(*mode, *to, value),
            Node::Call(builtin, args) => self.call(*builtin, args),
            Node::DateRange(plan) => self.date_range(plan),
        }
    }

    /// `round`, `floor`, `ceil`. An amount's product or quotient rounded in one step where it
    /// can be (a constant whole divisor taken apart when the code is compiled); an amount held
    /// as its decimal stays one.
    fn round(&mut self, mode: RoundMode, to: RoundTo, value: &Node) -> Code {
        let how = format!("RoundMode::{mode:?}, RoundTo::{to:?}");
        let money = Repr::Plain(Scalar::Money);
        let Node::Binary(Op::Arith(op @ (MoneyMulNumber | NumberMulMoney | MoneyDivNumber)), l, r) =
            value
        else {
            let v = self.value(value);
            if v.repr == money {
                return Code::new(format!("rt::round_money({how}, {})", v.text), money);
            }
            let v = v.borrowed();
            return Code::new(format!("rt::round({how}, {v})?"), Repr::Owned);
        };
        let (a, b) = (self.value(l), self.value(r));
        let whole = match (*op, a.repr, &**r) {
            (MoneyDivNumber, Repr::Plain(Scalar::Money), Node::Const(n)) => whole(n),
            _ => None,
        };
        if let Some((negative, magnitude)) = whole {
            let n = b.borrowed();
            return Code::new(
                format!(
                    "rt::round_amount_by({how}, {}, const {{ rt::whole({negative}, {magnitude}) }}, {n})?",
                    a.text
                ),
                money,
            );
        }
        let typed = match op {
            NumberMulMoney => b.repr == money,
            _ => a.repr == money,
        };
        if typed {
            let (a, b) = (a.operand(), b.operand());
            return Code::new(
                format!("rt::round_amount({how}, Arith::{op:?}, {a}, {b})?"),
                money,
            );
        }
        let (a, b) = (a.borrowed(), b.borrowed());
        Code::new(
            format!("rt::round_arith({how}, Arith::{op:?}, {a}, {b})?"),
            Repr::Owned,
        )
    }

    /// A planned interval kernel runs here as its general operator: over a typed slice the
    /// generated loop is already plain comparisons of dates, and the kernel's set-up (one
    /// `DateRange` per run) measured slower on the 10-date history of `listning.byte`.
    fn date_range(&mut self, plan: &RangePlan) -> Code {
        self.value(&plan.general)
    }

    fn arithmetic(&mut self, op: Arith, l: &Node, r: &Node) -> Code {
        use Arith::*;
        let (a, b) = (self.value(l), self.value(r));
        match (op, a.repr, b.repr) {
            (Concat, _, _) => Code::new(
                format!("rt::join({}, {})?", a.borrowed(), b.borrowed()),
                Repr::Owned,
            ),
            (AddInt | SubInt | MulInt, Repr::Plain(Scalar::Int), Repr::Plain(Scalar::Int)) => {
                Code::new(
                    format!("rt::int(Arith::{op:?}, {}, {})?", a.text, b.text),
                    Repr::Plain(Scalar::Int),
                )
            }
            (
                DateAddDuration | DateSubDuration,
                Repr::Plain(Scalar::Date),
                Repr::Plain(Scalar::Duration),
            ) => Code::new(
                format!("rt::shift(Arith::{op:?}, {}, {})?", a.text, b.text),
                Repr::Plain(Scalar::Date),
            ),
            (DateDiffDays, Repr::Plain(Scalar::Date), Repr::Plain(Scalar::Date)) => Code::new(
                format!("rt::days_between({}, {})", a.text, b.text),
                Repr::Plain(Scalar::Int),
            ),
            (
                AddMoney | SubMoney | MoneyMulNumber | MoneyDivNumber,
                Repr::Plain(Scalar::Money),
                _,
            )
            | (AddMoney | SubMoney | NumberMulMoney, _, Repr::Plain(Scalar::Money)) => {
                let (a, b) = (a.operand(), b.operand());
                Code::new(
                    format!("rt::amount(Arith::{op:?}, {a}, {b})?"),
                    Repr::Plain(Scalar::Money),
                )
            }
            _ => Code::new(
                format!(
                    "rt::arith(Arith::{op:?}, {}, {})?",
                    a.borrowed(),
                    b.borrowed()
                ),
                Repr::Owned,
            ),
        }
    }

    fn call(&mut self, builtin: Builtin, args: &[Node]) -> Code {
        let codes: Vec<Code> = args.iter().map(|a| self.value(a)).collect();
        let reprs: Vec<Repr> = codes.iter().map(|c| c.repr).collect();
        let texts: Vec<&str> = codes.iter().map(|c| c.text.as_str()).collect();
        let typed = match (builtin, reprs.as_slice(), texts.as_slice()) {
            (Builtin::Min | Builtin::Max, [x, y], [a, b])
                if x == y
                    && matches!(x, Repr::Plain(Scalar::Int | Scalar::Date | Scalar::Money)) =>
            {
                let max = builtin == Builtin::Max;
                Some(Code::new(format!("rt::min_max({max}, {a}, {b})"), *x))
            }
            (Builtin::Days, [Repr::Plain(Scalar::Date), Repr::Plain(Scalar::Date)], [a, b]) => {
                Some(Code::new(
                    format!("rt::days_between({b}, {a})"),
                    Repr::Plain(Scalar::Int),
                ))
            }
            (
                Builtin::Within,
                [
                    Repr::Plain(Scalar::Date),
                    Repr::Plain(Scalar::Date),
                    Repr::Plain(Scalar::Duration),
                ],
                [a, b, p],
            ) => Some(Code::new(
                format!("rt::within({a}, {b}, {p})?"),
                Repr::Plain(Scalar::Bool),
            )),
            _ => None,
        };
        if let Some(code) = typed {
            return code;
        }
        let args: Vec<String> = codes.into_iter().map(Code::owned).collect();
        let called = Code::new(
            format!("rt::call(Builtin::{builtin:?}, &[{}])?", args.join(", ")),
            Repr::Owned,
        );
        // Held as its result type says (a date from `period_end`, a number from `year`).
        match regel_compiler::ir::builtin_result(builtin)
            .as_ref()
            .and_then(Scalar::of_ty)
        {
            Some(scalar) => Code::new(called.to(Repr::Plain(scalar)), Repr::Plain(scalar)),
            None => called,
        }
    }

    /// The loop head shared by the list operators (memos reset, each element bound to the
    /// lambda's parameter when there is one), and the element as a `Value`. Called after the
    /// body is generated, so the memos' representations are known.
    fn walk(
        &mut self,
        list: &Node,
        slot: u32,
        memos: &[u32],
        lambda: bool,
    ) -> (String, String, String) {
        let list = self.value(list);
        let mut head = String::new();
        for m in memos {
            let ty = self.memo_repr(*m).rust_type();
            let _ = write!(head, "let mut m{m}: Option<{ty}> = None; ");
        }
        let element = match list.repr {
            Repr::Slice(scalar) => {
                let _ = write!(head, "for e{slot} in {}.iter()", list.text);
                Code::new(scalar.read(&format!("e{slot}")), Repr::Plain(scalar))
            }
            _ => {
                let _ = write!(head, "for e{slot} in rt::items({})?", list.borrowed());
                Code::new(format!("e{slot}"), Repr::Ref)
            }
        };
        let owned = Code::new(element.text.clone(), element.repr).owned();
        let bind = if lambda {
            self.bind(slot, element).trim().to_owned()
        } else {
            String::new()
        };
        (head, bind, owned)
    }

    fn any_all(
        &mut self,
        all: bool,
        list: &Node,
        slot: u32,
        body: Option<&Node>,
        memos: &[u32],
    ) -> String {
        let holds = body.map_or_else(|| "true".to_owned(), |b| self.cond(b));
        let (head, bind, _) = self.walk(list, slot, memos, body.is_some());
        let (start, test) = if all {
            ("true", format!("!({holds})"))
        } else {
            ("false", holds)
        };
        format!(
            "{{ let mut found = {start}; {head} {{ {bind} if {test} {{ found = !found; break; }} }} found }}"
        )
    }

    fn list_op(
        &mut self,
        op: ListOp,
        list: &Node,
        slot: u32,
        body: Option<&Node>,
        memos: &[u32],
        zero: &Value,
    ) -> Code {
        if op == ListOp::Count && body.is_none() {
            let list = self.value(list);
            let length = match list.repr {
                Repr::Slice(_) => format!("rt::len({}.len())", list.text),
                _ => format!("rt::length({})?", list.borrowed()),
            };
            return Code::new(length, Repr::Plain(Scalar::Int));
        }
        if matches!(op, ListOp::Any | ListOp::All) {
            let all = op == ListOp::All;
            return Code::new(
                self.any_all(all, list, slot, body, memos),
                Repr::Plain(Scalar::Bool),
            );
        }
        let body_code = match op {
            ListOp::Any | ListOp::All | ListOp::Count | ListOp::Filter => {
                body.map(|b| self.cond(b))
            }
            ListOp::Map => body.map(|b| self.value(b).owned()),
            ListOp::Sum => body.map(|b| self.value(b).borrowed()),
        };
        let (head, bind, element) = self.walk(list, slot, memos, body.is_some());
        let (init, step, result, repr) = match op {
            ListOp::Any | ListOp::All | ListOp::Count => {
                let holds = body_code.unwrap_or_else(|| "true".to_owned());
                (
                    "let mut n: i64 = 0;".to_owned(),
                    format!("if {holds} {{ n += 1; }}"),
                    "n",
                    Repr::Plain(Scalar::Int),
                )
            }
            ListOp::Filter => {
                let holds = body_code.unwrap_or_else(|| "true".to_owned());
                (
                    "let mut kept: Vec<Value> = Vec::new();".to_owned(),
                    format!("if {holds} {{ kept.push({element}); }}"),
                    "Value::List(Arc::from(kept))",
                    Repr::Owned,
                )
            }
            ListOp::Map => {
                let v = body_code.unwrap_or(element);
                (
                    "let mut mapped: Vec<Value> = Vec::new();".to_owned(),
                    format!("mapped.push({v});"),
                    "Value::List(Arc::from(mapped))",
                    Repr::Owned,
                )
            }
            ListOp::Sum => {
                let v = body_code.unwrap_or_else(|| format!("&{element}"));
                (
                    format!("let mut total = {};", value_expr(zero)),
                    format!("total = rt::add(&total, {v})?;"),
                    "total",
                    Repr::Owned,
                )
            }
        };
        Code::new(
            format!("{{ {init} {head} {{ {bind} {step} }} {result} }}"),
            repr,
        )
    }
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}
