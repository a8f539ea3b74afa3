//! Expressions written back as Regel text (the trace's `condition`).

use regel_compiler::ir::{
    Builtin, Decision, Expr, ListOp, Place, Program, RoundMode, RoundTo, Value,
};
use regel_syntax::BinaryOp;

use super::values::date_sv;

/// An expression written back as Regel text, names as the policy spells them.
pub fn regel_text(program: &Program, decision: &Decision, e: &Expr) -> String {
    text(program, decision, e, 0)
}

fn text(program: &Program, d: &Decision, e: &Expr, outer: u8) -> String {
    let t = |e: &Expr, p: u8| text(program, d, e, p);
    let (inner, s) = match e {
        Expr::Const(v) => (9, regel_value(program, v)),
        Expr::Load(Place::Local(s)) => (
            9,
            d.local_names.get(*s as usize).cloned().unwrap_or_default(),
        ),
        Expr::Load(Place::Param(p)) => (
            9,
            program
                .params
                .get(*p as usize)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        ),
        Expr::Field(base, i, _) => (9, format!("{}.{}", t(base, 9), i)),
        Expr::Not(inner) => (4, format!("not {}", t(inner, 4))),
        Expr::Neg(_, inner) => (8, format!("-{}", t(inner, 8))),
        Expr::Binary(op, a, b) => {
            let written = op.written();
            let p = written.precedence();
            let left = t(a, written.left_precedence());
            (p, format!("{left} {} {}", op.symbol(), t(b, p + 1)))
        }
        Expr::Coalesce(a, b, _) => {
            let p = BinaryOp::Coalesce.precedence();
            (p, format!("{} ?? {}", t(a, p), t(b, p + 1)))
        }
        Expr::If(c, a, b, _) => (
            0,
            format!("if {} then {} else {}", t(c, 0), t(a, 0), t(b, 0)),
        ),
        Expr::List(_, items) => (
            9,
            format!(
                "[{}]",
                items.iter().map(|i| t(i, 0)).collect::<Vec<_>>().join(", ")
            ),
        ),
        Expr::Record(_, fields) => (
            9,
            format!(
                "{{ {} }}",
                fields
                    .iter()
                    .map(|i| t(i, 0))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Expr::ListOp {
            op,
            list,
            slot,
            body,
            ..
        } => {
            let name = match op {
                ListOp::Count => "count",
                ListOp::Sum => "sum",
                ListOp::Any => "any",
                ListOp::All => "all",
                ListOp::Filter => "filter",
                ListOp::Map => "map",
            };
            let var = d
                .local_names
                .get(*slot as usize)
                .cloned()
                .unwrap_or_default();
            let s = match body {
                Some(b) => format!("{name}({}, {var} => {})", t(list, 0), t(b, 0)),
                None => format!("{name}({})", t(list, 0)),
            };
            (9, s)
        }
        Expr::Round { mode, to, value } => {
            let f = match mode {
                RoundMode::Nearest => "round",
                RoundMode::Down => "floor",
                RoundMode::Up => "ceil",
            };
            let to = match to {
                RoundTo::Ore => "ore".to_owned(),
                RoundTo::Kronor => "kronor".to_owned(),
                RoundTo::Places(n) => n.to_string(),
            };
            (9, format!("{f}({}, {to})", t(value, 0)))
        }
        Expr::Call(b, args) => {
            let f = match b {
                Builtin::Min => "min",
                Builtin::Max => "max",
                Builtin::Days => "days",
                Builtin::Within => "within",
                Builtin::PeriodEnd => "period_end",
                Builtin::Year => "year",
                Builtin::MakeDate => "date",
                Builtin::LastDayOfMonth => "last_day_of_month",
                Builtin::Weekday => "weekday",
            };
            let args: Vec<String> = args.iter().map(|a| t(a, 0)).collect();
            (9, format!("{f}({})", args.join(", ")))
        }
    };
    if inner < outer { format!("({s})") } else { s }
}

/// A value as a Regel literal.
pub fn regel_value(program: &Program, v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Decimal(d) => d.normalize().to_string(),
        Value::Money(d) => format!("{} kr", d.normalize()),
        Value::Date(d) => date_sv(*d),
        Value::Time(t) => t.format("%H:%M").to_string(),
        Value::Duration(d) => format!("{} {}", d.amount, d.unit.word(d.amount == 1)),
        Value::Text(t) => format!("{t:?}"),
        Value::Enum(id, i) => program
            .enum_def(*id)
            .and_then(|e| e.variants.get(*i as usize).cloned())
            .unwrap_or_default(),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| regel_value(program, i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Record(fields) => format!(
            "{{ {} }}",
            fields
                .iter()
                .map(|f| regel_value(program, f))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
