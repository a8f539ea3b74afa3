//! Which inputs are decided differently, proved: every decision both versions define whose
//! rules or read parameters changed is compared by the solver (`regel_verify::impact`), and
//! each changed part is described in the rules' own words.

use regel_compiler::ItemTag;
use regel_compiler::labels::Kind as Label;
use regel_eval::Engine;
use regel_syntax::{BinaryOp, Expr, ExprKind, ItemKind, Member, UnaryOp};
use regel_verify::Options;
use regel_verify::impact::{self as exact, Branch, Literal, LiteralPlace, Side};

use crate::model::{Impact, ImpactChange, ImpactExample, ImpactParameter, ImpactRange};
use crate::snapshot::{Snapshot, expr_text};

/// The decisions both versions define that changed, in section order: each proved
/// equivalent, or with the parts of its inputs that change.
pub fn run(old: &Snapshot, new: &Snapshot) -> Vec<Impact> {
    // One prover thread, and one solver context, for every decision compared.
    let _prover = regel_verify::prover::Session::open();
    let (Ok(ea), Ok(eb)) = (
        Engine::new(old.program.clone()),
        Engine::new(new.program.clone()),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for db in &new.program.decisions {
        if old.program.decision(&db.name).is_none() || exact::unchanged(&ea, &eb, &db.name) {
            continue;
        }
        let Some(found) = exact::compare(&ea, &eb, &db.name, Options::default()) else {
            continue;
        };
        out.push(described(old, new, &ea, &eb, found));
    }
    out.sort_by(|x, y| {
        crate::compare_numbers(&x.section, &y.section).then_with(|| x.decision.cmp(&y.decision))
    });
    out
}

fn described(
    old: &Snapshot,
    new: &Snapshot,
    ea: &Engine,
    eb: &Engine,
    found: exact::Impact,
) -> Impact {
    let name = found.decision.clone();
    let standing = |s: &Snapshot, tag, name: &str| {
        s.entry(tag, name)
            .map(|e| e.section.clone())
            .unwrap_or_default()
    };
    let section = crate::compare::first_of(
        &standing(old, ItemTag::Decision, &name),
        &standing(new, ItemTag::Decision, &name),
    );
    let (pa, pb) = (exact::params_read(ea, &name), exact::params_read(eb, &name));
    let mut parameters: Vec<ImpactParameter> = pb
        .iter()
        .filter(|(n, v)| pa.iter().find(|(m, _)| m == n).is_none_or(|(_, w)| w != v))
        .map(|(n, _)| ImpactParameter {
            name: n.clone(),
            label: new.program.labels.get(Label::Param, n).map(str::to_owned),
            section: standing(new, ItemTag::Param, n),
        })
        .collect();
    parameters.extend(
        pa.iter()
            .filter(|(n, _)| !pb.iter().any(|(m, _)| m == n))
            .map(|(n, _)| ImpactParameter {
                name: n.clone(),
                label: old.program.labels.get(Label::Param, n).map(str::to_owned),
                section: standing(old, ItemTag::Param, n),
            }),
    );
    let words = Words {
        old: conditions(old, &name),
        new: conditions(new, &name),
    };
    let mut unknown = found.unknown;
    unknown.extend(found.internal.iter().map(|i| format!("internal: {i}")));
    let output_label = |o: &str| output_label(new, &name, o);
    Impact {
        decision: name.clone(),
        label: new
            .program
            .labels
            .get(Label::Decision, &name)
            .map(str::to_owned),
        section,
        equivalent: found.equivalent,
        proved: found.proved,
        list_bound: found.list_bound,
        parameters,
        unknown,
        changes: found
            .changes
            .into_iter()
            .map(|c| ImpactChange {
                condition: words.condition(&c.condition, &old.name, &new.name),
                old: branch(old, &name, &c.old),
                new: branch(new, &name, &c.new),
                outcome_change: c.outcome_change,
                everywhere: c.everywhere,
                output_labels: c.outputs.iter().map(|o| output_label(o)).collect(),
                outputs: c.outputs,
                ranges: c
                    .ranges
                    .into_iter()
                    .map(|r| ImpactRange {
                        label: output_label(&r.output),
                        output: r.output,
                        unit: match r.unit {
                            exact::Unit::Kronor => "kr",
                            exact::Unit::Days => "dagar",
                            exact::Unit::Number => "",
                        }
                        .to_owned(),
                        least: r.least,
                        most: r.most,
                    })
                    .collect(),
                witness: ImpactExample {
                    input: c.witness.input,
                    old: c.witness.old,
                    new: c.witness.new,
                },
            })
            .collect(),
    }
}

/// An output of `decision` by its Swedish label; the reason code and the section, which no
/// doc comment labels, as "skäl" and "avsnitt".
fn output_label(snap: &Snapshot, decision: &str, output: &str) -> String {
    match snap.program.labels.member(Label::Output, decision, output) {
        Some(label) => label.to_owned(),
        None if output == "skal" => "skäl".to_owned(),
        None if output == "paragraf" => "avsnitt".to_owned(),
        None => regel_compiler::labels::humanize(output),
    }
}

/// A decision's conditions as written: the `when` of each rule (`None` for `otherwise`), the
/// decision's `require`s and each rule's own.
#[derive(Default)]
struct Conditions {
    when: Vec<Option<Expr>>,
    requires: Vec<Expr>,
    rule_requires: Vec<Vec<Expr>>,
}

fn conditions(s: &Snapshot, name: &str) -> Conditions {
    let mut c = Conditions::default();
    let Some(ItemKind::Decision(d)) = s.entry(ItemTag::Decision, name).map(|e| &e.item.kind) else {
        return c;
    };
    for m in &d.members {
        match m {
            Member::Require(q) => c.requires.push(q.cond.clone()),
            Member::Rule(r) => {
                c.when.push(r.when.clone());
                c.rule_requires
                    .push(r.requires.iter().map(|q| q.cond.clone()).collect());
            }
            _ => {}
        }
    }
    c
}

struct Words {
    old: Conditions,
    new: Conditions,
}

/// Where a condition stands in the order the decision checks it.
fn order(place: LiteralPlace) -> (usize, usize, usize) {
    match place {
        LiteralPlace::Require(i) => (0, i, 0),
        LiteralPlace::When(r) => (1, r, 0),
        LiteralPlace::RuleRequire(r, k) => (1, r, k + 1),
    }
}

/// `not e`, said plainly: `not not x` is `x`, a negated comparison the opposite comparison.
fn negated(e: Expr) -> Expr {
    let span = e.span;
    let kind = match e.kind {
        ExprKind::Unary(UnaryOp::Not, inner) => return *inner,
        ExprKind::Binary(op, l, r) if opposite(op).is_some() => {
            ExprKind::Binary(opposite(op).unwrap_or(op), l, r)
        }
        kind => ExprKind::Unary(UnaryOp::Not, Box::new(Expr { kind, span })),
    };
    Expr { kind, span }
}

fn opposite(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        BinaryOp::Lt => BinaryOp::Ge,
        BinaryOp::Le => BinaryOp::Gt,
        BinaryOp::Gt => BinaryOp::Le,
        BinaryOp::Ge => BinaryOp::Lt,
        BinaryOp::Eq => BinaryOp::Ne,
        BinaryOp::Ne => BinaryOp::Eq,
        _ => return None,
    })
}

impl Words {
    fn expr(&self, l: &Literal) -> Option<Expr> {
        let side = match l.version {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        match l.place {
            LiteralPlace::When(r) => side.when.get(r).cloned().flatten(),
            LiteralPlace::Require(i) => side.requires.get(i).cloned(),
            LiteralPlace::RuleRequire(r, k) => {
                side.rule_requires.get(r).and_then(|q| q.get(k)).cloned()
            }
        }
    }

    /// The literals joined by `and` in the order the decision checks them, each as written
    /// (negated where it does not hold). A condition written alike in both versions but
    /// holding in one only (it reads a changed parameter) is marked with its version.
    fn condition(&self, literals: &[Literal], from: &str, to: &str) -> String {
        let mut sorted: Vec<&Literal> = literals.iter().collect();
        sorted.sort_by_key(|l| (order(l.place), l.version == Side::Old));
        let written: Vec<(&Literal, Expr)> = sorted
            .into_iter()
            .filter_map(|l| Some((l, self.expr(l)?)))
            .collect();
        let mut parts: Vec<String> = Vec::new();
        for (l, expr) in &written {
            let plain = expr_text(expr);
            let twice = written
                .iter()
                .any(|(m, e)| m.version != l.version && expr_text(e) == plain);
            let mut text = if l.holds {
                plain
            } else {
                expr_text(&negated(expr.clone()))
            };
            if twice {
                let version = if l.version == Side::Old { from } else { to };
                text = format!("({version}) {text}");
            }
            if !parts.contains(&text) {
                parts.push(text);
            }
        }
        let multi = parts.len() > 1;
        parts
            .iter()
            .map(|p| {
                if multi && p.contains(" or ") {
                    format!("({p})")
                } else {
                    p.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

/// Where a run ends, in Swedish, the reason by its label in `snap` and its code.
fn branch(snap: &Snapshot, decision: &str, b: &Branch) -> String {
    let reason = |code: &str| {
        let labels = &snap.program.labels;
        match labels.member(regel_compiler::labels::Kind::Reason, decision, code) {
            Some(label) => format!("”{label}”, `{code}`"),
            None => format!("`{code}`"),
        }
    };
    match b {
        Branch::Invalid => "indata godtas inte".into(),
        Branch::Rejected { reason: code, .. } | Branch::RuleRejected { reason: code, .. } => {
            format!("avvisas ({})", reason(code))
        }
        Branch::Rule { rule, reason: code } => format!("regel {} ({})", rule + 1, reason(code)),
        Branch::Gap => "ingen regel gäller".into(),
        Branch::Error => "fel vid beräkningen".into(),
    }
}
