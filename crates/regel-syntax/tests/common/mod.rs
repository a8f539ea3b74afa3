//! Helpers shared by the parser's tests: the README example, a compact rendering of
//! expressions and a terminal-like rendering of parse errors for snapshots.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use regel_syntax::*;

/// The example of `grammar/README.md` (its first `regel` code block).
pub fn readme_example() -> String {
    let readme = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../grammar/README.md"
    ))
    .unwrap();
    let start = readme.find("```regel\n").unwrap() + "```regel\n".len();
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].to_owned()
}

/// Parses `text`, which must have no errors.
pub fn parse_ok(text: &str) -> File {
    let file = parse(text);
    assert!(
        file.errors.is_empty(),
        "unexpected errors:\n{}",
        render_errors(text, &file.errors)
    );
    file
}

/// The value of `param p: Int = <src>`.
pub fn expr_of(src: &str) -> Expr {
    let text = format!("param p: Int = {src}\n");
    let file = parse_ok(&text);
    match &file.items[..] {
        [
            Item {
                kind: ItemKind::Param(p),
                ..
            },
        ] => p.value.clone(),
        other => panic!("expected one param, got {other:#?}"),
    }
}

/// `expr_of(src)` as an s-expression.
pub fn sx(src: &str) -> String {
    sexpr(&expr_of(src))
}

/// An expression as an s-expression, without spans: `(+ a (* b c))`.
pub fn sexpr(e: &Expr) -> String {
    let list = |items: &[Expr]| items.iter().map(sexpr).collect::<Vec<_>>().join(" ");
    match &e.kind {
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Null => "null".into(),
        ExprKind::Int(s) => format!("(int {s})"),
        ExprKind::Decimal(s) => format!("(decimal {s})"),
        ExprKind::Money(s, u) => format!("(money {s} {u:?})"),
        ExprKind::Percent(s) => format!("(percent {s})"),
        ExprKind::Date(s) => format!("(date {s})"),
        ExprKind::Time(s) => format!("(time {s})"),
        ExprKind::Duration(s, u) => format!("(duration {s} {u:?})"),
        ExprKind::Text(s) => format!("{s:?}"),
        ExprKind::Name(n) => n.name.clone(),
        ExprKind::Field(base, f) => format!("(. {} {})", sexpr(base), f.name),
        ExprKind::Unary(UnaryOp::Not, x) => format!("(not {})", sexpr(x)),
        ExprKind::Unary(UnaryOp::Neg, x) => format!("(neg {})", sexpr(x)),
        ExprKind::Binary(op, l, r) => format!("({} {} {})", op.symbol(), sexpr(l), sexpr(r)),
        ExprKind::Call(f, args) => format!("(call {} {})", f.name, list(args)),
        ExprKind::Lambda(x, body) => format!("(=> {} {})", x.name, sexpr(body)),
        ExprKind::If(c, a, b) => format!("(if {} {} {})", sexpr(c), sexpr(a), sexpr(b)),
        ExprKind::List(items) => format!("[{}]", list(items)),
        ExprKind::Record(name, fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.name.name, sexpr(&f.value)))
                .collect();
            match name {
                Some(n) => format!("(record {} {})", n.name, fields.join(", ")),
                None => format!("(record {})", fields.join(", ")),
            }
        }
    }
}

/// Errors as a terminal shows them: code, message, the line with the labelled place underlined,
/// and the help.
pub fn render_errors(text: &str, errors: &[ParseError]) -> String {
    errors
        .iter()
        .map(|e| render_error(text, e))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_error(text: &str, e: &ParseError) -> String {
    let start = (e.span.start as usize).min(text.len());
    let end = (e.span.end as usize).clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_no = text[..start].matches('\n').count() + 1;
    let col = text[line_start..start].chars().count() + 1;
    let line = &text[line_start..line_end];
    let marked_end = end.min(line_end).max(start);
    let width = text[start..marked_end].chars().count().max(1);
    let gutter = " ".repeat(line_no.to_string().len());
    let mut out = format!(
        "[{}] error: {}\n{gutter}--> {line_no}:{col}\n{gutter} |\n{line_no} | {line}\n{gutter} | {}{} {}\n",
        e.code,
        e.message,
        " ".repeat(col - 1),
        "^".repeat(width),
        e.label
    );
    if let Some(help) = &e.help {
        out.push_str(&format!("{gutter} = help: {help}\n"));
    }
    out
}

/// The members of the only decision in `file`.
pub fn decision(file: &File) -> &Decision {
    file.items
        .iter()
        .find_map(|i| match &i.kind {
            ItemKind::Decision(d) => Some(d),
            _ => None,
        })
        .unwrap()
}

/// A short description of each item: its kind and name.
pub fn item_summary(file: &File) -> Vec<String> {
    file.items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Version(v) => format!("version {:?}", v.id.value),
            ItemKind::Section(s) => format!("section {:?}", s.number.value),
            ItemKind::Param(p) => format!("param {}", p.name.name),
            ItemKind::Enum(e) => format!("enum {}", e.name.name),
            ItemKind::Record(r) => format!("record {}", r.name.name),
            ItemKind::Decision(d) => format!("decision {}", d.name.text()),
            ItemKind::Test(t) => format!("test {:?}", t.name.value),
            ItemKind::Property(p) => format!("property {:?}", p.name.value),
        })
        .collect()
}

/// A type as written: `[Date]?`.
pub fn ty(t: &TypeExpr) -> String {
    match &t.kind {
        TypeKind::Named(n) => n.name.clone(),
        TypeKind::List(inner) => format!("[{}]", ty(inner)),
        TypeKind::Optional(inner) => format!("{}?", ty(inner)),
    }
}

fn cite(c: &Option<StrLit>) -> String {
    c.as_ref()
        .map(|c| format!(" @ {:?}", c.value))
        .unwrap_or_default()
}

fn fields(fs: &[FieldInit]) -> String {
    let fs: Vec<String> = fs
        .iter()
        .map(|f| format!("{}: {}", f.name.name, sexpr(&f.value)))
        .collect();
    format!("{{{}}}", fs.join(", "))
}

fn docs(d: &[String], indent: &str) -> String {
    d.iter().map(|l| format!("{indent}/// {l}\n")).collect()
}

fn require(r: &Require) -> String {
    format!(
        "require {} else {}{}",
        sexpr(&r.cond),
        r.reason.name,
        cite(&r.cite)
    )
}

/// Items as a readable outline (expressions as s-expressions, no spans).
pub fn outline(file: &File) -> String {
    let mut out = String::new();
    for item in &file.items {
        out.push_str(&docs(&item.doc, ""));
        match &item.kind {
            ItemKind::Version(v) => {
                out.push_str(&format!("version {:?}\n", v.id.value));
                for f in &v.fields {
                    out.push_str(&format!("  {} {}\n", f.key.name, sexpr(&f.value)));
                }
            }
            ItemKind::Section(s) => {
                out.push_str(&format!("section {:?} {:?}", s.number.value, s.title.value));
                if let Some(d) = &s.descriptive {
                    out.push_str(&format!(" descriptive {:?}", d.value));
                }
                out.push('\n');
            }
            ItemKind::Param(p) => out.push_str(&format!(
                "param {}: {} = {}{}\n",
                p.name.name,
                ty(&p.ty),
                sexpr(&p.value),
                cite(&p.cite)
            )),
            ItemKind::Enum(e) => {
                out.push_str(&format!("enum {}{}\n", e.name.name, cite(&e.cite)));
                for v in &e.variants {
                    out.push_str(&docs(&v.doc, "  "));
                    out.push_str(&format!("  {}\n", v.name.name));
                }
            }
            ItemKind::Record(r) => {
                out.push_str(&format!("record {}{}\n", r.name.name, cite(&r.cite)));
                for f in &r.fields {
                    out.push_str(&docs(&f.doc, "  "));
                    out.push_str(&format!("  {}: {}\n", f.name.name, ty(&f.ty)));
                }
            }
            ItemKind::Decision(d) => {
                out.push_str(&format!("decision {}{}\n", d.name.text(), cite(&d.cite)));
                for m in &d.members {
                    let line = match m {
                        Member::Input(i) => {
                            out.push_str(&docs(&i.doc, "  "));
                            let mut s = format!("input {}: {}", i.name.name, ty(&i.ty));
                            if let Some(d) = &i.default {
                                s.push_str(&format!(" = {}", sexpr(d)));
                            }
                            if let Some(w) = &i.domain {
                                s.push_str(&format!(" where {}", sexpr(w)));
                            }
                            s
                        }
                        Member::Output(o) => {
                            out.push_str(&docs(&o.doc, "  "));
                            let mut s = format!("output {}", o.name.name);
                            if let Some(t) = &o.ty {
                                s.push_str(&format!(": {}", ty(t)));
                            }
                            if let Some(v) = &o.value {
                                s.push_str(&format!(" = {}", sexpr(v)));
                            }
                            s
                        }
                        Member::Let(l) => format!("let {} = {}", l.name.name, sexpr(&l.value)),
                        Member::Require(r) => require(r),
                        Member::Rule(r) => {
                            out.push_str(&docs(&r.doc, "  "));
                            let mut s = match &r.when {
                                Some(w) => format!("when {}", sexpr(w)),
                                None => "otherwise".to_owned(),
                            };
                            for q in &r.requires {
                                s.push_str(&format!(" {}", require(q)));
                            }
                            s.push_str(&format!(
                                " then {} because {}{}",
                                fields(&r.outcome),
                                r.reason.name,
                                cite(&r.cite)
                            ));
                            s
                        }
                        Member::Error(span) => format!("<error {}..{}>", span.start, span.end),
                    };
                    out.push_str(&format!("  {line}\n"));
                }
            }
            ItemKind::Test(t) => {
                out.push_str(&format!(
                    "test {:?} decide {} given {}",
                    t.name.value,
                    t.decision.text(),
                    fields(&t.given)
                ));
                if !t.overrides.is_empty() {
                    out.push_str(&format!(" with {}", fields(&t.overrides)));
                }
                match &t.expect {
                    Expect::Output { fields: f, .. } => {
                        out.push_str(&format!(" expect {}\n", fields(f)))
                    }
                    Expect::Rejected { reason, .. } => {
                        out.push_str(&format!(" expect rejected {}\n", reason.name))
                    }
                }
            }
            ItemKind::Property(p) => {
                out.push_str(&format!(
                    "property {:?} decide {}",
                    p.name.value,
                    p.decision.text()
                ));
                if let Some(a) = &p.assume {
                    out.push_str(&format!(" when {}", sexpr(a)));
                }
                out.push_str(&format!(" expect {}\n", sexpr(&p.expect)));
            }
        }
    }
    out
}
