//! Expressions, printed with the fewest parentheses that keep the tree, on one line.

use regel_syntax::{BinaryOp, Expr, ExprKind, FieldInit, MoneyUnit, UnaryOp};

/// Binding strength, loosest first; a child that binds looser than its place needs parentheses.
pub fn precedence(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::If(..) | ExprKind::Lambda(..) => 0,
        ExprKind::Binary(op, ..) => op.precedence(),
        ExprKind::Unary(UnaryOp::Not, _) => 4,
        ExprKind::Unary(UnaryOp::Neg, _) => 8,
        _ => 9,
    }
}

/// `e` printed where it must bind at least as tightly as `min`.
pub fn at(e: &Expr, min: u8) -> String {
    let text = expr(e);
    if precedence(e) < min {
        format!("({text})")
    } else {
        text
    }
}

pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Null => "null".into(),
        ExprKind::Int(t) | ExprKind::Decimal(t) | ExprKind::Date(t) | ExprKind::Time(t) => {
            t.clone()
        }
        ExprKind::Money(t, MoneyUnit::Kr) => format!("{t} kr"),
        ExprKind::Money(t, MoneyUnit::Mnkr) => format!("{t} mnkr"),
        ExprKind::Percent(t) => format!("{t} %"),
        ExprKind::Duration(t, unit) => format!("{t} {}", unit.word(t == "1")),
        ExprKind::Text(t) => string(t),
        ExprKind::Name(id) => id.name.clone(),
        ExprKind::Field(base, field) => format!("{}.{}", at(base, 9), field.name),
        ExprKind::Unary(UnaryOp::Not, x) => format!("not {}", at(x, 5)),
        ExprKind::Unary(UnaryOp::Neg, x) => format!("-{}", at(x, 8)),
        ExprKind::Binary(op, l, r) => {
            let p = op.precedence();
            format!(
                "{} {} {}",
                at(l, op.left_precedence()),
                op.symbol(),
                at(r, p + 1)
            )
        }
        ExprKind::Call(f, args) => format!("{}({})", f.name, join(args.iter().map(expr))),
        ExprKind::Lambda(param, body) => format!("{} => {}", param.name, expr(body)),
        ExprKind::If(c, a, b) => format!("if {} then {} else {}", expr(c), expr(a), expr(b)),
        ExprKind::List(items) => format!("[{}]", join(items.iter().map(expr))),
        ExprKind::Record(name, fields) => {
            let body = record_body(fields);
            match name {
                Some(n) => format!("{} {body}", n.name),
                None => body,
            }
        }
    }
}

/// `{ a: 1, b: 2 }`, or `{}`.
pub fn record_body(fields: &[FieldInit]) -> String {
    if fields.is_empty() {
        return "{}".into();
    }
    format!("{{ {} }}", join(fields.iter().map(field_init)))
}

pub fn field_init(f: &FieldInit) -> String {
    format!("{}: {}", f.name.name, expr(&f.value))
}

pub fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join(", ")
}

pub fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The operands of a chain of one left-associative operator: `a and b and c` → [a, b, c].
pub fn chain(e: &Expr) -> Option<(BinaryOp, Vec<&Expr>)> {
    let ExprKind::Binary(op, _, _) = &e.kind else {
        return None;
    };
    let mut operands = Vec::new();
    let mut cur = e;
    while let ExprKind::Binary(o, l, r) = &cur.kind {
        if o != op {
            break;
        }
        operands.push(&**r);
        cur = l;
        if o.left_precedence() != o.precedence() {
            break;
        }
    }
    operands.push(cur);
    operands.reverse();
    Some((*op, operands))
}

/// `e` over several lines when one line would pass `width`: its top-level operator chain is
/// broken before each operator, continuation lines at `indent`.
pub fn broken(e: &Expr, first_line_used: usize, width: usize, indent: &str) -> String {
    let flat = expr(e);
    if first_line_used + flat.len() <= width {
        return flat;
    }
    let Some((op, operands)) = chain(e) else {
        return flat;
    };
    let p = op.precedence();
    let mut out = String::new();
    for (i, operand) in operands.iter().enumerate() {
        if i == 0 {
            out.push_str(&at(operand, op.left_precedence()));
        } else {
            out.push('\n');
            out.push_str(indent);
            out.push_str(op.symbol());
            out.push(' ');
            out.push_str(&at(operand, p + 1));
        }
    }
    out
}

/// A list literal filled over lines at `indent` when it does not fit.
pub fn filled_list(
    items: &[Expr],
    first_line_used: usize,
    width: usize,
    indent: &str,
    closing_indent: &str,
) -> String {
    let flat = format!("[{}]", join(items.iter().map(expr)));
    if first_line_used + flat.len() <= width || items.is_empty() {
        return flat;
    }
    let mut out = String::from("[");
    let mut line = String::new();
    for item in items {
        let piece = format!("{},", expr(item));
        if !line.is_empty() && indent.len() + line.len() + 1 + piece.len() > width {
            out.push('\n');
            out.push_str(indent);
            out.push_str(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    out.push('\n');
    out.push_str(indent);
    out.push_str(&line);
    out.push('\n');
    out.push_str(closing_indent);
    out.push(']');
    out
}
