//! A binary operator as the checker resolved it ([`Op`]), on two evaluated operands: the
//! runtime's comparison, membership and arithmetic, chosen by the operator.

use regel_compiler::ir::{Op, Value};
use regel_runtime::builtins::{arith_values, compare_values, member};
use regel_runtime::error::{Eval, fail};

/// A binary operator on two evaluated operands (not `and`, `or`).
pub fn binary_values(op: Op, a: &Value, b: &Value) -> Eval {
    match op {
        Op::Compare(cmp, _) => compare_values(cmp, a, b).map(Value::Bool),
        Op::In => member(a, b).map(Value::Bool),
        Op::Arith(arith) => arith_values(arith, a, b),
        Op::And | Op::Or => Err(fail("internal: short-circuit operator")),
    }
}
