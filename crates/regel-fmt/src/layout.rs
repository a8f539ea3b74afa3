//! Items, members and comments laid out line by line.

use regel_syntax::{
    Comment, Decision, EnumDef, Expect, ExprKind, FieldInit, File, HeaderField, Item, ItemKind,
    Member, PropertyBlock, RecordDef, Rule, StrLit, TestBlock, TypeExpr, TypeKind, VersionHeader,
    comments,
};

use crate::WIDTH;
use crate::expr::{broken, expr, field_init, filled_list, record_body, string};

/// The comments of a file, handed out in order as the layout reaches their places.
struct Comments<'t> {
    text: &'t str,
    all: Vec<Comment>,
    next: usize,
}

impl Comments<'_> {
    /// Every comment not yet placed that starts before `pos`.
    fn before(&mut self, pos: usize) -> Vec<Comment> {
        let mut out = Vec::new();
        while let Some(c) = self.all.get(self.next) {
            if c.span.start as usize >= pos {
                break;
            }
            out.push(c.clone());
            self.next += 1;
        }
        out
    }

    /// The comment on the same line right after `end`, if any.
    fn trailing(&mut self, end: usize) -> Option<Comment> {
        let c = self.all.get(self.next)?;
        let between = self.text.get(end..c.span.start as usize)?;
        if c.trailing && !between.contains('\n') {
            self.next += 1;
            return Some(c.clone());
        }
        None
    }
}

/// Whether the original text has a blank line between two positions.
fn blank_between(text: &str, from: usize, to: usize) -> bool {
    text.get(from.min(to)..to)
        .is_some_and(|gap| gap.matches('\n').count() >= 2)
}

struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, indent: &str, content: &str) {
        for (i, l) in content.split('\n').enumerate() {
            if i == 0 {
                self.text.push_str(indent);
            }
            self.text.push_str(l);
            self.text.push('\n');
        }
    }

    fn blank(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// Appends a trailing comment to the last line.
    fn trail(&mut self, comment: Option<Comment>) {
        if let Some(c) = comment {
            if self.text.ends_with('\n') {
                self.text.pop();
            }
            self.text.push_str("  ");
            self.text.push_str(&c.text);
            self.text.push('\n');
        }
    }

    fn comments(&mut self, indent: &str, comments: &[Comment], text: &str, prev_end: &mut usize) {
        for c in comments {
            if blank_between(text, *prev_end, c.span.start as usize) {
                self.blank();
            }
            self.line(indent, &c.text);
            *prev_end = c.span.end as usize;
        }
    }
}

fn docs(out: &mut Out, indent: &str, doc: &[String]) {
    for d in doc {
        if d.is_empty() {
            out.line(indent, "///");
        } else {
            out.line(indent, &format!("/// {d}"));
        }
    }
}

fn is_block(kind: &ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Version(_)
            | ItemKind::Decision(_)
            | ItemKind::Test(_)
            | ItemKind::Property(_)
            | ItemKind::Section(_)
    )
}

pub fn file(text: &str, file: &File) -> String {
    let mut cs = Comments {
        text,
        all: comments(text),
        next: 0,
    };
    let mut out = Out {
        text: String::new(),
    };
    let mut prev_end = 0usize;
    let mut prev_block = false;
    for item in &file.items {
        let start = item.offset as usize;
        let end = start + item.text.len();
        let opaque = !matches!(item.kind, ItemKind::Decision(_) | ItemKind::Version(_))
            && commented_list(&cs, item).is_none();
        let leading = cs.before(if opaque { end } else { start });
        let first_start = leading.first().map_or(start, |c| c.span.start as usize);
        if !out.text.is_empty()
            && (prev_block || is_block(&item.kind) || blank_between(text, prev_end, first_start))
        {
            out.blank();
        }
        out.comments("", &leading, text, &mut prev_end);
        if !leading.is_empty() && blank_between(text, prev_end, start) {
            out.blank();
        }
        docs(&mut out, "", &item.doc);
        item_body(&mut out, &mut cs, item);
        out.trail(cs.trailing(end));
        prev_end = end;
        prev_block = is_block(&item.kind);
    }
    let rest = cs.before(text.len());
    if !rest.is_empty() {
        out.blank();
        out.comments("", &rest, text, &mut prev_end);
    }
    if out.text.is_empty() {
        return String::new();
    }
    out.text
}

fn item_body(out: &mut Out, cs: &mut Comments<'_>, item: &Item) {
    let base = item.offset as usize;
    match &item.kind {
        ItemKind::Version(v) => version(out, cs, v, base),
        ItemKind::Section(s) => {
            let mut line = format!(
                "section {} {}",
                string(&s.number.value),
                string(&s.title.value)
            );
            if let Some(d) = &s.descriptive {
                line.push_str(&format!(" descriptive {}", string(&d.value)));
            }
            out.line("", &line);
        }
        ItemKind::Param(p) if commented_list(cs, item).is_some() => {
            let head = format!("param {}: {} = [", p.name.name, ty(&p.ty));
            out.line("", &head);
            if let ExprKind::List(items) = &p.value.kind {
                let span = p.value.span.shift(base as u32);
                list_lines(out, cs, items, base, span.range());
            }
            out.line("", &format!("]{}{}", param_domain(p, 1), cite(&p.cite)));
        }
        ItemKind::Param(p) => {
            let head = format!("param {}: {} = ", p.name.name, ty(&p.ty));
            let value = match &p.value.kind {
                ExprKind::List(items) => filled_list(items, head.len(), WIDTH, "  ", ""),
                _ => broken(&p.value, head.len(), WIDTH, "    "),
            };
            let column = head.len() + value.lines().last().map_or(0, str::len);
            out.line(
                "",
                &format!("{head}{value}{}{}", param_domain(p, column), cite(&p.cite)),
            );
        }
        ItemKind::Enum(e) => enum_item(out, e),
        ItemKind::Record(r) => record_item(out, r),
        ItemKind::Decision(d) => decision(out, cs, d, base),
        ItemKind::Test(t) => test(out, t),
        ItemKind::Property(p) => property(out, p),
    }
}

/// ` where COND` of a parameter whose line has reached `column`, or nothing; on a line of
/// its own when it would not fit on the parameter's.
fn param_domain(p: &regel_syntax::Param, column: usize) -> String {
    p.domain.as_ref().map_or_else(String::new, |w| {
        let inline = expr(w);
        let cite = p.cite.as_ref().map_or(0, |c| c.value.len() + 5);
        if column + 7 + inline.len() + cite <= WIDTH && !inline.contains('\n') {
            format!(" where {inline}")
        } else {
            format!("\n    where {}", broken(w, 10, WIDTH, "      "))
        }
    })
}

/// The list literal a parameter's value is, if a comment stands inside it: such a list is
/// laid out one element a line, each comment where it was.
fn commented_list<'i>(cs: &Comments<'_>, item: &'i Item) -> Option<&'i [regel_syntax::Expr]> {
    let ItemKind::Param(p) = &item.kind else {
        return None;
    };
    let ExprKind::List(items) = &p.value.kind else {
        return None;
    };
    let span = p.value.span.shift(item.offset);
    cs.all
        .get(cs.next..)?
        .iter()
        .take_while(|c| c.span.start < span.end)
        .any(|c| c.span.start > span.start)
        .then_some(items.as_slice())
}

/// A list's elements, one a line, with the comments before and after each kept in place.
fn list_lines(
    out: &mut Out,
    cs: &mut Comments<'_>,
    items: &[regel_syntax::Expr],
    base: usize,
    list: std::ops::Range<usize>,
) {
    const IN: &str = "  ";
    let mut prev_end = list.start;
    for el in items {
        let (start, end) = (base + el.span.start as usize, base + el.span.end as usize);
        let leading = cs.before(start);
        out.comments(IN, &leading, cs.text, &mut prev_end);
        out.line(IN, &format!("{},", broken(el, IN.len(), WIDTH - 1, "    ")));
        out.trail(cs.trailing(end));
        prev_end = end;
    }
    let dangling = cs.before(list.end);
    out.comments(IN, &dangling, cs.text, &mut prev_end);
}

fn cite(c: &Option<StrLit>) -> String {
    c.as_ref()
        .map(|c| format!(" @ {}", string(&c.value)))
        .unwrap_or_default()
}

pub fn ty(t: &TypeExpr) -> String {
    match &t.kind {
        TypeKind::Named(n) => n.name.clone(),
        TypeKind::List(inner) => format!("[{}]", ty(inner)),
        TypeKind::Optional(inner) => format!("{}?", ty(inner)),
    }
}

fn version(out: &mut Out, cs: &mut Comments<'_>, v: &VersionHeader, base: usize) {
    out.line("", &format!("version {} {{", string(&v.id.value)));
    let mut prev_end = base + v.id.span.end as usize;
    for field in &v.fields {
        let start = base + field.key.span.start as usize;
        let end = base + field.value.span.end as usize;
        let leading = cs.before(end);
        out.comments("  ", &leading, cs.text, &mut prev_end);
        header_field(out, field);
        out.trail(cs.trailing(end));
        prev_end = end.max(start);
    }
    let dangling = cs.before(base + v.span.end as usize);
    out.comments("  ", &dangling, cs.text, &mut prev_end);
    out.line("", "}");
}

fn header_field(out: &mut Out, field: &HeaderField) {
    let head = format!("{} ", field.key.name);
    let value = match &field.value.kind {
        ExprKind::List(items) => filled_list(items, 2 + head.len(), WIDTH, "    ", "  "),
        _ => expr(&field.value),
    };
    out.line("  ", &format!("{head}{value}"));
}

fn enum_item(out: &mut Out, e: &EnumDef) {
    let head = format!("enum {}{}", e.name.name, cite(&e.cite));
    let names: Vec<&str> = e.variants.iter().map(|v| v.name.name.as_str()).collect();
    let one_line = format!("{head} {{ {} }}", names.join(", "));
    if e.variants.iter().all(|v| v.doc.is_empty()) && one_line.len() <= WIDTH {
        out.line("", &one_line);
        return;
    }
    out.line("", &format!("{head} {{"));
    for v in &e.variants {
        docs(out, "  ", &v.doc);
        out.line("  ", &format!("{},", v.name.name));
    }
    out.line("", "}");
}

fn record_item(out: &mut Out, r: &RecordDef) {
    let head = format!("record {}{}", r.name.name, cite(&r.cite));
    let fields: Vec<String> = r
        .fields
        .iter()
        .map(|f| format!("{}: {}", f.name.name, ty(&f.ty)))
        .collect();
    let one_line = format!("{head} {{ {} }}", fields.join(", "));
    if r.fields.iter().all(|f| f.doc.is_empty()) && one_line.len() <= WIDTH {
        out.line("", &one_line);
        return;
    }
    out.line("", &format!("{head} {{"));
    for (f, text) in r.fields.iter().zip(&fields) {
        docs(out, "  ", &f.doc);
        out.line("  ", &format!("{text},"));
    }
    out.line("", "}");
}

fn decision(out: &mut Out, cs: &mut Comments<'_>, d: &Decision, base: usize) {
    out.line(
        "",
        &format!("decision {}{} {{", d.name.text(), cite(&d.cite)),
    );
    let mut prev_end = base + d.name.span.end as usize;
    let mut prev_kind: Option<&'static str> = None;
    for member in &d.members {
        let span = member_span(member);
        let (start, end) = (base + span.start as usize, base + span.end as usize);
        let leading = cs.before(end);
        let first_start = leading.first().map_or(start, |c| c.span.start as usize);
        let kind = member_kind(member);
        let new_group = prev_kind.is_some_and(|k| k != kind && (k == "rule" || kind == "rule"));
        if prev_kind.is_some() && (new_group || blank_between(cs.text, prev_end, first_start)) {
            out.blank();
        }
        out.comments("  ", &leading, cs.text, &mut prev_end);
        member_lines(out, member);
        out.trail(cs.trailing(end));
        prev_end = end;
        prev_kind = Some(kind);
    }
    let dangling = cs.before(base + d.span.end as usize);
    out.comments("  ", &dangling, cs.text, &mut prev_end);
    out.line("", "}");
}

fn member_kind(m: &Member) -> &'static str {
    match m {
        Member::Rule(_) => "rule",
        _ => "other",
    }
}

fn member_span(m: &Member) -> regel_syntax::Span {
    match m {
        Member::Input(i) => i.span,
        Member::Output(o) => o.span,
        Member::Let(l) => l.span,
        Member::Require(r) => r.span,
        Member::Rule(r) => r.span,
        Member::Error(s) => *s,
    }
}

fn member_lines(out: &mut Out, m: &Member) {
    const IN: &str = "  ";
    match m {
        Member::Input(i) => {
            docs(out, IN, &i.doc);
            let mut line = format!("input {}: {}", i.name.name, ty(&i.ty));
            if let Some(d) = &i.default {
                line.push_str(&format!(" = {}", expr(d)));
            }
            if let Some(w) = &i.domain {
                line.push_str(&format!(
                    " where {}",
                    broken(w, IN.len() + line.len() + 7, WIDTH, "      ")
                ));
            }
            out.line(IN, &line);
        }
        Member::Output(o) => {
            docs(out, IN, &o.doc);
            let mut line = format!("output {}", o.name.name);
            if let Some(t) = &o.ty {
                line.push_str(&format!(": {}", ty(t)));
            }
            if let Some(v) = &o.value {
                line.push_str(" = ");
                line.push_str(&broken(v, IN.len() + line.len(), WIDTH, "      "));
            }
            out.line(IN, &line);
        }
        Member::Let(l) => {
            docs(out, IN, &l.doc);
            let head = format!("let {} = ", l.name.name);
            out.line(
                IN,
                &format!(
                    "{head}{}",
                    broken(&l.value, IN.len() + head.len(), WIDTH, "      ")
                ),
            );
        }
        Member::Require(r) => {
            docs(out, IN, &r.doc);
            let cond = broken(&r.cond, IN.len() + 8, WIDTH, "      ");
            let head = format!("require {cond} else {}", r.reason.name);
            reason_line(out, IN, head, &r.label, &r.cite);
        }
        Member::Rule(r) => rule(out, r),
        Member::Error(_) => {}
    }
}

fn rule(out: &mut Out, r: &Rule) {
    const IN: &str = "  ";
    const MORE: &str = "    ";
    docs(out, IN, &r.doc);
    match &r.when {
        Some(w) => out.line(
            IN,
            &format!("when {}", broken(w, IN.len() + 5, WIDTH, "      ")),
        ),
        None => out.line(IN, "otherwise"),
    }
    for q in &r.requires {
        let cond = broken(&q.cond, MORE.len() + 8, WIDTH, "        ");
        let head = format!("require {cond} else {}", q.reason.name);
        reason_line(out, MORE, head, &q.label, &q.cite);
    }
    out.line(
        MORE,
        &format!("then {}", body(&r.outcome, MORE.len() + 5, MORE)),
    );
    let head = format!("because {}", r.reason.name);
    reason_line(out, MORE, head, &r.label, &r.cite);
}

/// `… else code` or `because code`, then its `label "…"` and citation: on the same line when it
/// fits, else on the next line, indented one step further.
fn reason_line(
    out: &mut Out,
    indent: &str,
    head: String,
    label: &Option<StrLit>,
    c: &Option<StrLit>,
) {
    let Some(label) = label else {
        out.line(indent, &format!("{head}{}", cite(c)));
        return;
    };
    let tail = format!("label {}{}", string(&label.value), cite(c));
    let one = format!("{head} {tail}");
    let last = one.rsplit('\n').next().unwrap_or_default();
    let start = if one.contains('\n') { 0 } else { indent.len() };
    if start + last.chars().count() <= WIDTH {
        out.line(indent, &one);
    } else {
        out.line(indent, &format!("{head}\n{indent}  {tail}"));
    }
}

/// `{ a: 1 }` on one line when it fits, else one field a line.
fn body(fields: &[FieldInit], used: usize, indent: &str) -> String {
    let flat = record_body(fields);
    if used + flat.len() <= WIDTH {
        return flat;
    }
    let mut s = String::from("{");
    for f in fields {
        s.push('\n');
        s.push_str(indent);
        s.push_str("  ");
        s.push_str(&field_init(f));
        s.push(',');
    }
    s.push('\n');
    s.push_str(indent);
    s.push('}');
    s
}

fn property(out: &mut Out, p: &PropertyBlock) {
    const IN: &str = "  ";
    out.line("", &format!("property {} {{", string(&p.name.value)));
    out.line(IN, &format!("decide {}", p.decision.text()));
    if let Some(a) = &p.assume {
        out.line(
            IN,
            &format!("when {}", broken(a, IN.len() + 5, WIDTH, "      ")),
        );
    }
    out.line(
        IN,
        &format!(
            "expect {}",
            broken(&p.expect, IN.len() + 7, WIDTH, "      ")
        ),
    );
    out.line("", "}");
}

fn test(out: &mut Out, t: &TestBlock) {
    const IN: &str = "  ";
    out.line("", &format!("test {} {{", string(&t.name.value)));
    out.line(IN, &format!("decide {}", t.decision.text()));
    out.line(IN, &format!("given {}", body(&t.given, IN.len() + 6, IN)));
    if !t.overrides.is_empty() {
        out.line(
            IN,
            &format!("with {}", body(&t.overrides, IN.len() + 5, IN)),
        );
    }
    match &t.expect {
        Expect::Output { fields, .. } => {
            out.line(IN, &format!("expect {}", body(fields, IN.len() + 7, IN)))
        }
        Expect::Rejected { reason, .. } => {
            out.line(IN, &format!("expect rejected {}", reason.name))
        }
    }
    out.line("", "}");
}
