//! Checking a decision: inputs, lets, requires, outputs and the first-match rule table.

use std::collections::{HashMap, HashSet};

use regel_syntax::{self as ast, Member};

use super::names::Def;
use super::{Cx, line_in, resolve_type};
use crate::diagnostic::Diag;
use crate::index::{OutputKind, index_u32, output_sig};
use crate::ir::{self, OutputSource, Place, Value};
use crate::labels::{finite_verb, label_of};
use crate::ty::Ty;

pub struct ItemContext<'a> {
    pub doc: &'a [String],
    pub section: Option<&'a str>,
    pub text: &'a str,
}

pub fn check(cx: &mut Cx<'_>, d: &ast::Decision, ctx: &ItemContext<'_>) -> ir::Decision {
    cx.names
        .define(d.name.span, Def::Decision(d.name.text()), None);
    cx.names.decision = Some(d.name.text());
    if let Some(cite) = &d.cite {
        cx.cite(cite);
    }
    let cite = d
        .cite
        .as_ref()
        .map(|c| c.value.clone())
        .or_else(|| ctx.section.map(str::to_owned));
    let inputs = inputs(cx, d, ctx.text);
    let mut lets = Vec::new();
    let mut let_lines = Vec::new();
    let mut requires = Vec::new();
    let mut names: HashSet<String> = inputs.iter().map(|i| i.name.clone()).collect();
    for (at, member) in d.members.iter().enumerate() {
        match member {
            Member::Let(l) => {
                if !names.insert(l.name.name.clone()) {
                    cx.report(
                        Diag::error(
                            "E0102",
                            l.name.span,
                            format!("`{}` is defined twice", l.name.name),
                        )
                        .label("defined again here")
                        .help(
                            "an input or `let` of this decision has that name already; rename one",
                        ),
                    );
                }
                let (value, ty) = if cut_short(d, at, l.span, ctx.text) {
                    // The line goes on with text that did not parse (reported): what was read
                    // is only the start of the value, so its errors would mislead.
                    let reported = cx.diags.len();
                    let (value, _) = cx.expr(&l.value, None);
                    cx.diags.truncate(reported);
                    (value, Ty::Error)
                } else {
                    cx.expr(&l.value, None)
                };
                let slot = cx.declare(&l.name.name, ty.clone());
                if let Some(def) = cx.names.local(&l.name.name) {
                    cx.names.bind(slot, def, l.name.span, &ty);
                }
                lets.push((l.name.name.clone(), slot, value));
                let_lines.push(line_in(ctx.text, l.value.span));
            }
            Member::Error(span) => {
                // A line that did not parse but reads as a (misspelled) `input` or `let`: its name
                // is known, of unknown type, so that its uses are not reported as unknown too.
                if let Some(name) = declared_by_broken_line(ctx.text, *span)
                    && !cx.in_scope(name)
                {
                    cx.declare(name, Ty::Error);
                }
            }
            Member::Require(r) => {
                let mut checked = require(cx, r, cite.as_deref(), ctx.text, inputs.len());
                checked.after_lets = index_u32(lets.len());
                requires.push(checked);
            }
            _ => {}
        }
    }
    let outputs = outputs(cx, d, ctx.text);
    let rules = rules(cx, d, &outputs, cite.as_deref(), ctx.text, inputs.len());
    reason_labels(cx, d);
    let types = |name: &str| {
        let from_inputs = inputs.iter().find(|i| i.name == name).map(|i| &i.ty);
        let from_lets = lets
            .iter()
            .find(|(n, ..)| n == name)
            .and_then(|(_, slot, _)| cx.local_types.get(*slot as usize));
        let from_outputs = outputs.iter().find(|o| o.name == name).map(|o| &o.ty);
        from_inputs.or(from_lets).or(from_outputs).cloned()
    };
    let yes_no: Vec<(&ast::Ident, &[String])> = d
        .members
        .iter()
        .filter_map(|m| match m {
            Member::Input(i) => Some((&i.name, i.doc.as_slice())),
            Member::Let(l) => Some((&l.name, l.doc.as_slice())),
            Member::Output(o) => Some((&o.name, o.doc.as_slice())),
            _ => None,
        })
        .filter(|(name, _)| types(&name.name).is_some_and(|t| is_yes_no(&t)))
        .collect();
    statement_labels(cx, &yes_no);
    let mut decision = ir::Decision {
        name: d.name.text(),
        doc: ctx.doc.join("\n"),
        cite: cite.unwrap_or_default(),
        local_names: cx.local_names.clone(),
        local_types: cx.local_types.clone(),
        locals: index_u32(cx.local_names.len()),
        inputs,
        lets,
        let_lines,
        requires,
        outputs,
        rules,
        years: Vec::new(),
        origin: ir::Origin::default(),
    };
    decision.years = decision.find_years();
    // Lines count from the decision's name (its origin), not from the doc comment above it.
    let base = line_in(ctx.text, d.name.span);
    let members = (decision.requires.iter_mut().map(|r| &mut r.line))
        .chain(decision.let_lines.iter_mut())
        .chain(decision.outputs.iter_mut().map(|o| &mut o.line))
        .chain(decision.inputs.iter_mut().map(|i| &mut i.domain_line));
    for line in members.chain(decision.rules.iter_mut().flat_map(|r| {
        (std::iter::once(&mut r.line).chain(r.requires.iter_mut().map(|q| &mut q.line)))
            .chain(r.outcome_lines.iter_mut())
    })) {
        *line = line.saturating_sub(base);
    }
    if decision.rules.is_empty() {
        cx.report(
            Diag::error(
                "E0304",
                d.name.span,
                format!("decision `{}` has no rules", decision.name),
            )
            .label("decides nothing")
            .help("add `when … then { … } because …` rules and an `otherwise`"),
        );
    }
    decision
}

/// W0003: a reason code named by two different labels in one decision. The first place that
/// labels a code names it everywhere (see `labels`), so a second, different label is never
/// read: the memo, the motivering and the API would show the first.
fn reason_labels(cx: &mut Cx<'_>, d: &ast::Decision) {
    let mut named: HashMap<&str, String> = HashMap::new();
    let places = d.members.iter().flat_map(|m| match m {
        Member::Require(r) => vec![(&r.reason, &r.label, &r.doc)],
        Member::Rule(r) => r
            .requires
            .iter()
            .map(|q| (&q.reason, &q.label, &q.doc))
            .chain(std::iter::once((&r.reason, &r.label, &r.doc)))
            .collect(),
        _ => Vec::new(),
    });
    for (reason, label, doc) in places {
        let (text, span) = match label {
            Some(l) if !l.value.trim().is_empty() => (l.value.trim().to_owned(), l.span),
            _ => match label_of(doc) {
                Some(text) => (text, reason.span),
                None => continue,
            },
        };
        match named.get(reason.name.as_str()) {
            None => {
                named.insert(&reason.name, text);
            }
            Some(first) if *first != text => cx.report(
                Diag::warning(
                    "W0003",
                    span,
                    format!(
                        "reason code `{}` is labelled “{first}” and here “{text}”",
                        reason.name
                    ),
                )
                .label("a second label, never shown")
                .help(format!(
                    "a reason code has one Swedish name in a decision, the first label it is given (“{first}”): give this place the same label, or leave the label out"
                )),
            ),
            Some(_) => {}
        }
    }
}

fn is_yes_no(ty: &Ty) -> bool {
    match ty {
        Ty::Bool => true,
        Ty::Optional(inner) => is_yes_no(inner),
        _ => false,
    }
}

/// W0004: a yes/no input, `let` or output whose label is no statement. The memo and the
/// motivering say such a value as its label holding or not ("invändningen har inte kommit in
/// i tid"), which a name ("Invändning i tid") cannot do: it would read "invändning i tid: nej".
/// Statements are found by the finite verbs of `labels::FINITE_VERBS`.
fn statement_labels(cx: &mut Cx<'_>, yes_no: &[(&ast::Ident, &[String])]) {
    for (name, doc) in yes_no {
        let Some(label) = label_of(doc) else { continue };
        if finite_verb(&label).is_some() {
            continue;
        }
        cx.report(
            Diag::warning(
                "W0004",
                name.span,
                format!("the label of yes/no value `{}`, “{label}”, states nothing", name.name),
            )
            .label("labelled by a name, not a statement")
            .help(
                "label a yes/no value by what holds when it is true, with its verb (“Invändningen har kommit in i tid”), so that it reads as holding or not; a verb missing from the lexicon goes into `labels::FINITE_VERBS`",
            ),
        );
    }
}

/// Whether the member at `at` is followed, on its own line, by text that did not parse.
fn cut_short(d: &ast::Decision, at: usize, span: regel_syntax::Span, text: &str) -> bool {
    match d.members.get(at + 1) {
        Some(Member::Error(bad)) => text
            .get(span.end as usize..bad.start as usize)
            .is_some_and(|between| !between.contains('\n')),
        _ => false,
    }
}

/// The name a broken member line declares, when it reads `input NAME …` or `let NAME …` with
/// the keyword perhaps misspelled (`inptu n: Int`).
fn declared_by_broken_line(text: &str, span: regel_syntax::Span) -> Option<&str> {
    let line = text.get(span.range())?;
    let mut words = line.split_whitespace();
    let keyword = words.next()?;
    let rest = words.next()?;
    let name_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = rest.get(..name_len)?;
    let looks_declared = ["input", "let"]
        .iter()
        .any(|k| *k == keyword || (keyword.len() > 2 && strsim::levenshtein(keyword, k) <= 2));
    let is_name = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_');
    (looks_declared && is_name).then_some(name)
}

fn inputs(cx: &mut Cx<'_>, d: &ast::Decision, text: &str) -> Vec<ir::Input> {
    let mut inputs = Vec::new();
    let mut seen = HashSet::new();
    // Inputs declared again: the first declaration is the one names refer to.
    let mut again = Vec::new();
    for member in &d.members {
        let Member::Input(i) = member else { continue };
        again.push(!seen.insert(i.name.name.clone()));
        if again.last() == Some(&true) {
            cx.report(
                Diag::error(
                    "E0102",
                    i.name.span,
                    format!("input `{}` is defined twice", i.name.name),
                )
                .label("defined again here")
                .help("remove or rename one of them"),
            );
        }
        let ty = resolve_type(cx, &i.ty);
        let default = i.default.as_ref().map(|e| cx.expect(e, &ty));
        inputs.push(ir::Input {
            name: i.name.name.clone(),
            ty,
            default,
            domain: None,
            domain_line: 0,
        });
    }
    let declared = || {
        d.members.iter().filter_map(|m| match m {
            Member::Input(i) => Some(i),
            _ => None,
        })
    };
    // Declared after all defaults are checked: a default cannot read another input.
    for ((input, again), decl) in inputs.iter().zip(again).zip(declared()) {
        let def = cx.names.local(&input.name);
        if again {
            // Keeps the slot numbering; no name can refer to it.
            cx.declare(&format!("{} (again)", input.name), input.ty.clone());
            if let Some(def) = def {
                cx.names.define(decl.name.span, def, Some(&input.ty));
            }
        } else {
            let slot = cx.declare(&input.name, input.ty.clone());
            if let Some(def) = def {
                cx.names.bind(slot, def, decl.name.span, &input.ty);
            }
        }
    }
    let declared = declared();
    for (slot, (decl, input)) in declared.zip(inputs.iter_mut()).enumerate() {
        if let Some(domain) = &decl.domain {
            input.domain = Some((
                input_domain(cx, decl, domain, slot),
                text_of(text, domain.span),
            ));
            input.domain_line = line_in(text, domain.span);
        }
    }
    inputs
}

/// A `where` reads its own input only: relations between inputs are `require`s.
fn input_domain(
    cx: &mut Cx<'_>,
    decl: &ast::InputDecl,
    domain: &ast::Expr,
    slot: usize,
) -> ir::Expr {
    let cond = cx.expect(domain, &Ty::Bool);
    if reads(&cond).iter().any(|s| *s as usize != slot) {
        cx.report(
            Diag::error("E0114", domain.span, format!("the domain of `{}` reads another input", decl.name.name))
                .label("reads more than its own input")
                .help("a `where` limits one input's own values; write a relation between inputs as a `require`"),
        );
    }
    cond
}

fn text_of(text: &str, span: regel_syntax::Span) -> String {
    text.get(span.range()).unwrap_or_default().to_owned()
}

fn require(
    cx: &mut Cx<'_>,
    r: &ast::Require,
    cite: Option<&str>,
    text: &str,
    n_inputs: usize,
) -> ir::Require {
    let cond = cx.condition(&r.cond, "require");
    if let Some(def) = cx.names.reason(&r.reason.name) {
        cx.names.define(r.reason.span, def, None);
    }
    if let Some(c) = &r.cite {
        cx.cite(c);
    } else if cite.is_none() {
        cx.report(
            Diag::error(
                "E0511",
                r.reason.span,
                format!("require `{}` cites no section", r.reason.name),
            )
            .label("uncited")
            .help("add `@ \"<section>\"` after the reason, to the decision, or put it under a `section` line: a rejection says which section it rests on"),
        );
    }
    let reads = reads(&cond)
        .into_iter()
        .filter(|s| (*s as usize) < n_inputs)
        .collect();
    ir::Require {
        cond,
        reason: r.reason.name.clone(),
        cite: r
            .cite
            .as_ref()
            .map(|c| c.value.clone())
            .or_else(|| cite.map(str::to_owned))
            .unwrap_or_default(),
        // The condition's line, not the span's first: a `require` of the decision carries its
        // `///` lines in its span, and the trace points at the `require` itself.
        line: line_in(text, r.cond.span),
        reads,
        after_lets: 0,
    }
}

fn outputs(cx: &mut Cx<'_>, d: &ast::Decision, text: &str) -> Vec<ir::Output> {
    let mut outputs = Vec::new();
    let mut seen = HashSet::new();
    for member in &d.members {
        let Member::Output(o) = member else { continue };
        if !seen.insert(o.name.name.clone()) {
            cx.report(
                Diag::error(
                    "E0102",
                    o.name.span,
                    format!("output `{}` is defined twice", o.name.name),
                )
                .label("defined again here"),
            );
            continue;
        }
        let (name, _, kind) = output_sig(cx.sigs, o);
        let ty = match &o.ty {
            Some(t) => resolve_type(cx, t),
            None if kind == OutputKind::PerRule => {
                cx.report(
                    Diag::error(
                        "E0110",
                        o.name.span,
                        format!("output `{name}` needs a type"),
                    )
                    .label("no type")
                    .help(format!(
                        "write `output {name}: Type`; only `skal` and `paragraf` stand bare"
                    )),
                );
                Ty::Error
            }
            None => Ty::Text,
        };
        let source = match (kind, &o.value) {
            (OutputKind::Reason, _) => OutputSource::Reason,
            (OutputKind::Citation, _) => OutputSource::Citation,
            (_, Some(value)) => OutputSource::Computed(cx.expect(value, &ty)),
            (_, None) => OutputSource::PerRule,
        };
        if let Some(def) = cx.names.local(&o.name.name) {
            cx.names.define(o.name.span, def, Some(&ty));
        }
        // The value's line, the expression that can fail (the name's without one).
        let line = line_in(text, o.value.as_ref().map_or(o.name.span, |v| v.span));
        outputs.push(ir::Output {
            name,
            ty,
            source,
            line,
        });
    }
    if !seen.contains("paragraf") {
        cx.report(
            Diag::error(
                "E0512",
                d.name.span,
                format!("the outputs of `{}` carry no `paragraf`", d.name.text()),
            )
            .label("no section in the output")
            .help("add `output paragraf`: every output says which section it rests on"),
        );
    }
    outputs
}

fn rules(
    cx: &mut Cx<'_>,
    d: &ast::Decision,
    outputs: &[ir::Output],
    cite: Option<&str>,
    text: &str,
    n_inputs: usize,
) -> Vec<ir::Rule> {
    let settable: Vec<(String, Ty)> = outputs
        .iter()
        .map(|o| match o.source {
            OutputSource::Reason | OutputSource::Citation => (String::new(), Ty::Error),
            _ => (o.name.clone(), o.ty.clone()),
        })
        .collect();
    let mut rules = Vec::new();
    // The first rule that matches every input, in words.
    let mut catch_all: Option<String> = None;
    let mut has_otherwise = false;
    for member in &d.members {
        let Member::Rule(r) = member else { continue };
        if let Some(first) = &catch_all {
            cx.report(
                Diag::error("E0301", rule_head(r), "this rule can never be reached")
                    .label("unreachable")
                    .help(format!(
                        "{first} above matches every input, so no rule after it is tried; move this rule above it, or remove it"
                    )),
            );
        }
        let when = r.when.as_ref().map(|w| cx.condition(w, "when"));
        let always = matches!(when, None | Some(ir::Expr::Const(Value::Bool(true))));
        has_otherwise |= r.when.is_none();
        let rule_cite = r
            .cite
            .as_ref()
            .map(|c| c.value.clone())
            .or_else(|| cite.map(str::to_owned));
        // A rule's own `require` rests on the rule's section unless it cites its own.
        let requires = r
            .requires
            .iter()
            .map(|q| require(cx, q, rule_cite.as_deref(), text, n_inputs))
            .collect();
        let outcome = outcome(cx, r, outputs, &settable, &d.name.text());
        // Each value's line, for a finding in it (an overflow, a division by zero).
        let outcome_lines = outcome
            .iter()
            .map(|(o, _)| {
                let init = settable
                    .get(*o as usize)
                    .and_then(|(name, _)| r.outcome.iter().find(|f| f.name.name == *name));
                line_in(text, init.map_or(rule_head(r), |f| f.value.span))
            })
            .collect();
        if let Some(def) = cx.names.reason(&r.reason.name) {
            cx.names.define(r.reason.span, def, None);
        }
        if let Some(c) = &r.cite {
            cx.cite(c);
        }
        if rule_cite.is_none() {
            cx.report(
                Diag::error("E0511", r.reason.span, format!("rule `{}` cites no section", r.reason.name))
                    .label("uncited")
                    .help("add `@ \"<section>\"` after the reason, to the decision, or put it under a `section` line: every output says which section it rests on"),
            );
        }
        let line = line_in(text, rule_head(r));
        if always && catch_all.is_none() {
            catch_all = Some(match &r.when {
                None => format!("`otherwise … because {}`", r.reason.name),
                Some(w) => format!(
                    "`when {} … because {}`",
                    text_of(text, w.span),
                    r.reason.name
                ),
            });
        }
        let reads = when.as_ref().map(reads).unwrap_or_default();
        rules.push(ir::Rule {
            when,
            requires,
            outcome,
            outcome_lines,
            reason: r.reason.name.clone(),
            cite: rule_cite.unwrap_or_default(),
            line,
            reads,
        });
    }
    if !has_otherwise && catch_all.is_none() && !rules.is_empty() && !exhaustive(cx, &rules) {
        cx.report(
            Diag::error(
                "E0300",
                d.name.span,
                format!("decision `{}` has no `otherwise`", d.name.text()),
            )
            .label("some inputs match no rule")
            .help("end the rules with `otherwise then { … } because …`"),
        );
    }
    rules
}

/// A rule's first words, `when COND` or `otherwise` (the parser records where they stand),
/// to point at without its whole table row.
fn rule_head(r: &ast::Rule) -> regel_syntax::Span {
    if r.head == regel_syntax::Span::default() {
        r.span
    } else {
        r.head
    }
}

fn outcome(
    cx: &mut Cx<'_>,
    r: &ast::Rule,
    outputs: &[ir::Output],
    settable: &[(String, Ty)],
    decision: &str,
) -> Vec<(u32, ir::Expr)> {
    for init in &r.outcome {
        let implicit = outputs.iter().any(|o| {
            o.name == init.name.name
                && matches!(o.source, OutputSource::Reason | OutputSource::Citation)
        });
        if implicit {
            cx.report(
                Diag::error(
                    "E0303",
                    init.name.span,
                    format!("`{}` is set by the rule itself", init.name.name),
                )
                .label("cannot be set here")
                .help("the reason code comes from `because`, the section from `@`"),
            );
        }
    }
    let fields: Vec<ast::FieldInit> = r
        .outcome
        .iter()
        .filter(|f| {
            settable.iter().any(|(n, _)| *n == f.name.name)
                || !outputs.iter().any(|o| o.name == f.name.name)
        })
        .cloned()
        .collect();
    let values = cx.field_inits(
        &fields,
        settable,
        r.outcome_span,
        (&format!("decision `{decision}`"), "output"),
        false,
    );
    cx.names.decision_members(&fields, settable);
    let missing: Vec<&str> = outputs
        .iter()
        .zip(&values)
        .filter(|(o, v)| v.is_none() && o.source == OutputSource::PerRule)
        .map(|(o, _)| o.name.as_str())
        .collect();
    if !missing.is_empty() {
        cx.report(
            Diag::error(
                "E0302",
                r.outcome_span,
                format!("this rule does not set `{}`", missing.join("`, `")),
            )
            .label(if missing.len() == 1 {
                "output missing"
            } else {
                "outputs missing"
            })
            .help("every rule sets each output that has no `= …` of its own"),
        );
    }
    values
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| Some((index_u32(i), v?)))
        .collect()
}

/// The locals an expression reads (inputs and lets, not lambda parameters bound inside it).
fn reads(e: &ir::Expr) -> Vec<u32> {
    let mut out = Vec::new();
    let mut bound = Vec::new();
    collect(e, &mut out, &mut bound);
    out.sort_unstable();
    out.dedup();
    out
}

fn collect(e: &ir::Expr, out: &mut Vec<u32>, bound: &mut Vec<u32>) {
    match e {
        ir::Expr::Load(Place::Local(s)) if !bound.contains(s) => out.push(*s),
        ir::Expr::Const(_) | ir::Expr::Load(_) => {}
        ir::Expr::Field(b, ..) | ir::Expr::Not(b) | ir::Expr::Neg(_, b) => collect(b, out, bound),
        ir::Expr::Round { value, .. } => collect(value, out, bound),
        ir::Expr::Binary(_, l, r) | ir::Expr::Coalesce(l, r, _) => {
            collect(l, out, bound);
            collect(r, out, bound);
        }
        ir::Expr::If(c, a, b, _) => {
            for x in [c, a, b] {
                collect(x, out, bound);
            }
        }
        ir::Expr::List(_, xs) | ir::Expr::Record(_, xs) | ir::Expr::Call(_, xs) => {
            xs.iter().for_each(|x| collect(x, out, bound));
        }
        ir::Expr::ListOp {
            list, slot, body, ..
        } => {
            collect(list, out, bound);
            if let Some(body) = body {
                bound.push(*slot);
                collect(body, out, bound);
                bound.pop();
            }
        }
    }
}

/// Rules that test one enum (or Bool) local against constants cover every value of it.
fn exhaustive(cx: &Cx<'_>, rules: &[ir::Rule]) -> bool {
    let mut subject: Option<u32> = None;
    let mut covered: HashSet<Value> = HashSet::new();
    for rule in rules {
        let Some(when) = &rule.when else { return true };
        let Some((slot, values)) = tested_values(when) else {
            return false;
        };
        if *subject.get_or_insert(slot) != slot {
            return false;
        }
        covered.extend(values);
    }
    let Some(slot) = subject else { return false };
    match cx.local_type(slot) {
        Some(Ty::Bool) => {
            covered.contains(&Value::Bool(true)) && covered.contains(&Value::Bool(false))
        }
        Some(Ty::Enum(id, _)) => cx.sigs.enums.get(id.0 as usize).is_some_and(|e| {
            (0..e.variants.len()).all(|v| covered.contains(&Value::Enum(id, index_u32(v))))
        }),
        _ => false,
    }
}

fn tested_values(when: &ir::Expr) -> Option<(u32, Vec<Value>)> {
    match when {
        ir::Expr::Load(Place::Local(s)) => Some((*s, vec![Value::Bool(true)])),
        ir::Expr::Not(inner) => match &**inner {
            ir::Expr::Load(Place::Local(s)) => Some((*s, vec![Value::Bool(false)])),
            _ => None,
        },
        ir::Expr::Binary(ir::Op::Compare(ir::Cmp::Eq, _), l, r) => match (&**l, &**r) {
            (ir::Expr::Load(Place::Local(s)), ir::Expr::Const(v)) => Some((*s, vec![v.clone()])),
            _ => None,
        },
        ir::Expr::Binary(ir::Op::In, l, r) => match (&**l, &**r) {
            (ir::Expr::Load(Place::Local(s)), ir::Expr::List(_, items)) => {
                let values = items
                    .iter()
                    .map(|i| match i {
                        ir::Expr::Const(v) => Some(v.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some((*s, values))
            }
            _ => None,
        },
        _ => None,
    }
}
