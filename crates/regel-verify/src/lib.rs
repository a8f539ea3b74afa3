//! `regel verify`: what the rules of a decision do, proved with the Z3 solver.
//!
//! Each decision is encoded exactly into SMT ([`encode`], [`decision`]): its inputs as
//! symbols (lists up to a bound of elements), its requires, `let`s, rules and outputs as the
//! evaluator runs them. Questions are then asked of the solver, each with a time budget:
//! can a rule be reached, can a condition be true (or false), do inputs meet no rule, can an
//! expression fail, does a `property` hold. A "no" (unsat) is a proof; a "yes" comes with an
//! input, which is run through the evaluator before it is shown, and must behave as claimed
//! (a mismatch is an internal error, never a result). A question the solver cannot answer in
//! time, or one whose encoding is not exact, is `unknown` with its reason, never proved.
//!
//! No I/O happens here.

mod ask;
mod calendar;
mod decision;
mod encode;
pub mod impact;
mod model;
pub mod prover;
pub mod query;
mod sym;

use std::sync::Arc;

use regel_compiler::ir::{Decision, Expr, Program, Property};
use regel_compiler::{Diagnostic, Severity};
use regel_eval::Engine;
use regel_syntax::Span;
use serde_json::{Value as Json, json};
use z3::SatResult;
use z3::ast::Bool;

use ask::{Answer, Asker};
use decision::Encoded;
use encode::Site;
use sym::{and, and2, or_all};

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The most elements of a list input considered.
    pub list_bound: usize,
    /// The solver's budget for one question, in milliseconds.
    pub timeout_ms: u32,
    /// Told one line per question asked (its time, refinement rounds, answer), for a front end
    /// to show when asked to; nothing here prints.
    pub trace: Option<fn(&str)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            list_bound: 8,
            timeout_ms: 5000,
            trace: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    UnreachableRule,
    NeverHolds,
    AlwaysHolds,
    Gap,
    RuntimeError,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::UnreachableRule => "unreachable_rule",
            Kind::NeverHolds => "never_holds",
            Kind::AlwaysHolds => "always_holds",
            Kind::Gap => "gap",
            Kind::RuntimeError => "runtime_error",
        }
    }

    /// The stable diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Gap => "E0300",
            Kind::UnreachableRule => "W0300",
            Kind::NeverHolds => "W0301",
            Kind::AlwaysHolds => "W0302",
            Kind::RuntimeError => "W0303",
        }
    }
}

/// Where in a decision a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The decision itself (a gap).
    Decision,
    /// Rule `n` (0-based) and its `when`.
    Rule(usize),
    Require(usize),
    RuleRequire(usize, usize),
    Domain(usize),
    Let(usize),
    Output(usize),
    /// The value rule `r` (0-based) gives output `j`.
    Outcome(usize, usize),
    /// The `k`-th `if` (0-based, in source order) of a member.
    If(Box<Place>, usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    pub decision: String,
    pub place: Place,
    /// 1-based rule number, when the finding concerns a rule.
    pub rule: Option<usize>,
    pub message: String,
    pub help: String,
    /// An input object as `decide` takes it.
    pub counterexample: Option<Json>,
    pub file: String,
    /// 1-based line in `file`.
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Proved,
    Refuted,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proved => "proved",
            Status::Refuted => "refuted",
            Status::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PropertyResult {
    pub name: String,
    pub decision: String,
    pub status: Status,
    pub counterexample: Option<Json>,
    /// Why it is unknown, or what the counterexample gives.
    pub detail: Option<String>,
    pub file: String,
    pub line: u32,
}

/// A question the solver left open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    pub decision: String,
    pub question: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub properties: Vec<PropertyResult>,
    pub open: Vec<Open>,
    /// Counterexamples the evaluator did not confirm: bugs of this crate, never results.
    pub internal: Vec<String>,
    pub list_bound: usize,
    /// Decisions with list inputs (their results hold for lists up to the bound).
    pub bounded: Vec<String>,
}

impl Report {
    /// Whether the gaps of `decision` were decided (proved absent, or found): true unless the
    /// decision could not be encoded or the solver left the question open.
    pub fn gaps_decided(&self, decision: &str) -> bool {
        !self.open.iter().any(|o| {
            o.decision == decision && (o.question == WHOLE_DECISION || o.question == GAP_QUESTION)
        })
    }

    /// The findings as diagnostics (a gap is the error E0300, the rest warnings), each on the
    /// line it concerns; `text` gives a file's text by path.
    pub fn diagnostics(&self, text: impl Fn(&str) -> Option<String>) -> Vec<Diagnostic> {
        self.findings
            .iter()
            .map(|f| {
                let span = text(&f.file)
                    .map(|t| line_span(&t, f.line))
                    .unwrap_or_default();
                let help = match &f.counterexample {
                    Some(input) => format!("{} (for example the input {input})", f.help),
                    None => f.help.clone(),
                };
                Diagnostic {
                    code: f.kind.code(),
                    severity: if f.kind == Kind::Gap {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    message: f.message.clone(),
                    file: f.file.clone(),
                    span,
                    label: f.kind.as_str().replace('_', " "),
                    help: Some(help),
                }
            })
            .collect()
    }

    /// Nothing found, every property proved, nothing internal.
    pub fn clean(&self) -> bool {
        self.findings.is_empty()
            && self.internal.is_empty()
            && self.properties.iter().all(|p| p.status == Status::Proved)
    }

    pub fn to_json(&self) -> Json {
        let findings: Vec<Json> = self
            .findings
            .iter()
            .map(|f| {
                json!({
                    "kind": f.kind.as_str(),
                    "code": f.kind.code(),
                    "decision": f.decision,
                    "rule": f.rule,
                    "message": f.message,
                    "help": f.help,
                    "file": f.file,
                    "line": f.line,
                    "counterexample": f.counterexample,
                })
            })
            .collect();
        let properties: Vec<Json> = self
            .properties
            .iter()
            .map(|p| {
                json!({
                    "name": p.name,
                    "decision": p.decision,
                    "status": p.status.as_str(),
                    "counterexample": p.counterexample,
                    "detail": p.detail,
                    "file": p.file,
                    "line": p.line,
                })
            })
            .collect();
        let open: Vec<Json> = self
            .open
            .iter()
            .map(|o| json!({"decision": o.decision, "question": o.question, "reason": o.reason}))
            .collect();
        json!({
            "findings": findings,
            "properties": properties,
            "unknown": open,
            "internal_errors": self.internal,
            "list_bound": self.list_bound,
        })
    }
}

/// Verifies every decision and property of a checked program.
pub fn verify(engine: &Engine, options: Options) -> Report {
    verify_some(engine, options, |_| true)
}

/// Verifies the decisions `wanted` accepts (by name), and their properties.
pub fn verify_some(engine: &Engine, options: Options, wanted: impl Fn(&str) -> bool) -> Report {
    let program = engine.program().clone();
    let mut report = Report {
        list_bound: options.list_bound,
        ..Report::default()
    };
    for (index, decision) in program.decisions.iter().enumerate() {
        if !wanted(&decision.name) {
            continue;
        }
        let properties: Vec<(usize, &Property)> = program
            .properties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.decision as usize == index)
            .map(|(i, p)| (i, p.as_ref()))
            .collect();
        verify_decision(
            engine,
            &program,
            decision,
            &properties,
            options,
            &mut report,
        );
    }
    report
        .properties
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    report
}

const WHOLE_DECISION: &str = "the whole decision";
const GAP_QUESTION: &str = "whether some input meets no rule";

/// The span of 1-based line `line` of `text`, without its indentation.
fn line_span(text: &str, line: u32) -> Span {
    let mut start = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let body = l.trim_end();
            let indent = body.len() - body.trim_start().len();
            return Span::new(start + indent, start + body.len());
        }
        start += l.len();
    }
    Span::default()
}

/// Verifies one decision (and its properties) into `report`.
pub fn verify_decision(
    engine: &Engine,
    program: &Arc<Program>,
    decision: &Decision,
    properties: &[(usize, &Property)],
    options: Options,
    report: &mut Report,
) {
    if has_list_input(decision) {
        report.bounded.push(decision.name.clone());
    }
    let encoded = match decision::encode(
        program,
        engine.params(),
        decision,
        properties,
        options.list_bound,
    ) {
        Ok(e) => e,
        Err(why) => {
            report.open.push(Open {
                decision: decision.name.clone(),
                question: WHOLE_DECISION.into(),
                reason: why.0.clone(),
            });
            for (_, p) in properties {
                report.properties.push(PropertyResult {
                    name: p.name.clone(),
                    decision: decision.name.clone(),
                    status: Status::Unknown,
                    counterexample: None,
                    detail: Some(format!("the decision cannot be encoded: {}", why.0)),
                    file: p.origin.file.clone(),
                    line: p.origin.line,
                });
            }
            return;
        }
    };
    let mut run = Run {
        engine,
        decision,
        encoded: &encoded,
        asker: Asker::new(
            &decision.name,
            vec![&encoded.enc],
            encoded.inputs.clone(),
            options,
        ),
        report,
        bounded: has_list_input(decision).then_some(options.list_bound),
    };
    run.asker.solver.assert(&encoded.well_formed);
    run.domains();
    run.requires();
    run.rules();
    run.gap();
    run.errors();
    run.ifs();
    run.properties(properties);
}

fn has_list_input(d: &Decision) -> bool {
    fn list(t: &regel_compiler::ty::Ty) -> bool {
        match t {
            regel_compiler::ty::Ty::List(_) => true,
            regel_compiler::ty::Ty::Optional(i) => list(i),
            _ => false,
        }
    }
    d.inputs.iter().any(|i| list(&i.ty))
}

struct Run<'r, 'a> {
    engine: &'r Engine,
    decision: &'r Decision,
    encoded: &'r Encoded<'a>,
    asker: Asker<'r, 'a>,
    report: &'r mut Report,
    bounded: Option<usize>,
}

impl Run<'_, '_> {
    fn ask(&mut self, cond: &Bool) -> Answer {
        self.asker.ask(cond)
    }

    fn open(&mut self, question: String, reason: String) {
        self.report.open.push(Open {
            decision: self.decision.name.clone(),
            question,
            reason,
        });
    }

    fn line_of(&self, place: &Place) -> u32 {
        let d = self.decision;
        let rel = match place {
            Place::Rule(r) => d.rules.get(*r).map(|r| r.line),
            Place::Require(i) => d.requires.get(*i).map(|q| q.line),
            Place::RuleRequire(r, k) => d
                .rules
                .get(*r)
                .and_then(|r| r.requires.get(*k))
                .map(|q| q.line),
            Place::Domain(i) => d.inputs.get(*i).map(|x| x.domain_line),
            Place::Let(i) => d.let_lines.get(*i).copied(),
            Place::Output(j) => d.outputs.get(*j).map(|o| o.line),
            Place::Outcome(r, j) => d.rules.get(*r).and_then(|r| {
                let at = r.outcome.iter().position(|(o, _)| *o as usize == *j)?;
                r.outcome_lines.get(at).copied()
            }),
            Place::If(inner, _) => return self.line_of(inner),
            Place::Decision => None,
        };
        d.origin.line + rel.unwrap_or(0)
    }

    fn finding(
        &mut self,
        kind: Kind,
        place: Place,
        message: String,
        help: String,
        cx: Option<Json>,
    ) {
        let rule = match &place {
            Place::Rule(r) | Place::RuleRequire(r, _) | Place::Outcome(r, _) => Some(r + 1),
            Place::If(inner, _) => match **inner {
                Place::Rule(r) | Place::RuleRequire(r, _) | Place::Outcome(r, _) => Some(r + 1),
                _ => None,
            },
            _ => None,
        };
        let line = self.line_of(&place);
        let message = match self.bounded {
            Some(n) if cx.is_none() && kind != Kind::RuntimeError => {
                format!("{message} (for lists of up to {n} elements)")
            }
            _ => message,
        };
        self.report.findings.push(Finding {
            kind,
            decision: self.decision.name.clone(),
            place,
            rule,
            message,
            help,
            counterexample: cx,
            file: self.decision.origin.file.clone(),
            line,
        });
    }

    fn rule_name(&self, r: usize) -> String {
        match self.decision.rules.get(r) {
            Some(rule) if rule.when.is_none() => {
                format!("rule {} (`otherwise … because {}`)", r + 1, rule.reason)
            }
            Some(rule) => format!("rule {} (`… because {}`)", r + 1, rule.reason),
            None => format!("rule {}", r + 1),
        }
    }

    /// A condition reached under `guard` that never holds, or always does.
    fn never_always(&mut self, reached: &decision::Reached, place: Place, what: &str) -> bool {
        let name = self.decision.name.clone();
        match self.ask(&reached.guard) {
            Answer::Sat(_) => {}
            // Not reached at all: what stands before it is reported.
            Answer::Unsat => return false,
            Answer::Unknown(why) => {
                self.open(format!("whether {what} is reached"), why);
                return false;
            }
        }
        match self.ask(&and2(&reached.guard, &reached.cond)) {
            Answer::Unsat => {
                self.finding(
                    Kind::NeverHolds,
                    place,
                    format!("{what} of `{name}` is never true for a valid input"),
                    "no input meets it where it stands: check its comparisons and the conditions before it, or remove it".into(),
                    None,
                );
                return true;
            }
            Answer::Unknown(why) => self.open(format!("whether {what} can be true"), why),
            Answer::Sat(_) => {}
        }
        match self.ask(&and2(&reached.guard, &reached.cond.not())) {
            Answer::Unsat => {
                self.finding(
                    Kind::AlwaysHolds,
                    place,
                    format!("{what} of `{name}` is true for every valid input that reaches it"),
                    "it decides nothing: remove it, or check whether it says what the text says"
                        .into(),
                    None,
                );
                true
            }
            Answer::Unknown(why) => {
                self.open(format!("whether {what} can be false"), why);
                false
            }
            Answer::Sat(_) => false,
        }
    }

    /// Each `where`: one no value meets, or every value does; then all of them are assumed.
    fn domains(&mut self) {
        for (i, holds) in &self.encoded.domains {
            let name = self
                .decision
                .inputs
                .get(*i)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            let reached = decision::Reached {
                guard: sym::t(),
                cond: holds.clone(),
            };
            self.never_always(
                &reached,
                Place::Domain(*i),
                &format!("the `where` of input `{name}`"),
            );
        }
        for (_, holds) in &self.encoded.domains {
            self.asker.solver.assert(holds);
        }
    }

    fn requires(&mut self) {
        for (i, reached) in self.encoded.requires.clone().iter().enumerate() {
            if !self
                .decision
                .requires
                .get(i)
                .is_some_and(|q| depends(&q.cond, &self.encoded.enc.dependent))
            {
                continue;
            }
            let reason = self
                .decision
                .requires
                .get(i)
                .map(|q| q.reason.clone())
                .unwrap_or_default();
            self.never_always(
                reached,
                Place::Require(i),
                &format!("`require … else {reason}`"),
            );
        }
        for (r, reqs) in self.encoded.rule_requires.clone().iter().enumerate() {
            for (k, reached) in reqs.iter().enumerate() {
                let constant = self
                    .decision
                    .rules
                    .get(r)
                    .and_then(|rule| rule.requires.get(k))
                    .is_none_or(|q| !depends(&q.cond, &self.encoded.enc.dependent));
                if constant {
                    continue;
                }
                let reason = self
                    .decision
                    .rules
                    .get(r)
                    .and_then(|rule| rule.requires.get(k))
                    .map(|q| q.reason.clone())
                    .unwrap_or_default();
                self.never_always(
                    reached,
                    Place::RuleRequire(r, k),
                    &format!("`require … else {reason}` of rule {}", r + 1),
                );
            }
        }
    }

    fn rules(&mut self) {
        let rules = self.encoded.rules.clone();
        let base = rules.first().map(|r| r.guard.clone());
        let Some(base) = base else { return };
        // Rules after one that always holds are reported once, as unreachable.
        for (i, reached) in rules.iter().enumerate() {
            let rule = self.decision.rules.get(i);
            let is_otherwise = rule.is_some_and(|r| r.when.is_none());
            let name = self.rule_name(i);
            match self.ask(&and2(&reached.guard, &reached.cond)) {
                Answer::Sat(_) => {
                    if !is_otherwise && i + 1 < rules.len() {
                        // A `when` true for every input that passes the requires.
                        if let Answer::Unsat = self.ask(&and2(&base, &reached.cond.not())) {
                            self.finding(
                                Kind::AlwaysHolds,
                                Place::Rule(i),
                                format!("the condition of {name} of `{}` is true for every valid input", self.decision.name),
                                "no rule after it is ever tried: write it as `otherwise`, or correct the condition".into(),
                                None,
                            );
                        }
                    }
                    continue;
                }
                Answer::Unknown(why) => {
                    self.open(format!("whether {name} is reached"), why);
                    continue;
                }
                Answer::Unsat => {}
            }
            // Unreached: because its condition never holds, or because earlier rules take
            // every input it would.
            if !is_otherwise && let Answer::Unsat = self.ask(&and2(&base, &reached.cond)) {
                self.finding(
                    Kind::NeverHolds,
                    Place::Rule(i),
                    format!(
                        "the condition of {name} of `{}` is never true for a valid input",
                        self.decision.name
                    ),
                    "no input meets it: check its comparisons, or remove the rule".into(),
                    None,
                );
                continue;
            }
            if matches!(self.ask(&base), Answer::Unsat) {
                // The requires reject everything; reported there.
                continue;
            }
            let cover = self.cover(i, &base, &reached.cond, &rules);
            let names: Vec<String> = cover.iter().map(|j| self.rule_name(*j)).collect();
            let message = if is_otherwise {
                format!(
                    "{name} of `{}` is never reached: the rules before it cover every valid input",
                    self.decision.name
                )
            } else {
                format!(
                    "{name} of `{}` is never reached: {} {} every input it matches",
                    self.decision.name,
                    names.join(" and "),
                    if names.len() == 1 {
                        "takes"
                    } else {
                        "together take"
                    }
                )
            };
            let help = if is_otherwise {
                format!(
                    "the rules are exhaustive without it ({}); remove the `otherwise`",
                    names.join(", ")
                )
            } else {
                if names.len() == 1 {
                    "move it above that rule if it is meant to win, or remove it".into()
                } else {
                    "move it above them if it is meant to win, or remove it".into()
                }
            };
            self.finding(Kind::UnreachableRule, Place::Rule(i), message, help, None);
        }
    }

    /// The earlier rules that together take every input rule `i` matches (an unsat core).
    fn cover(
        &mut self,
        i: usize,
        base: &Bool,
        cond: &Bool,
        rules: &[decision::Reached],
    ) -> Vec<usize> {
        let all: Vec<usize> = (0..i).collect();
        self.asker.solver.push();
        self.asker.solver.assert(base);
        self.asker.solver.assert(cond);
        let mut marks = Vec::new();
        for (j, r) in rules.iter().enumerate().take(i) {
            let mark = Bool::new_const(format!("cover!{j}"));
            self.asker.solver.assert(mark.implies(r.cond.not()));
            marks.push((j, mark));
        }
        let assumptions: Vec<Bool> = marks.iter().map(|(_, m)| m.clone()).collect();
        let result = match self.asker.solver.check_assumptions(&assumptions) {
            SatResult::Unsat => {
                let core = self.asker.solver.get_unsat_core();
                let mut picked: Vec<usize> = marks
                    .iter()
                    .filter(|(_, m)| core.iter().any(|c| c == m))
                    .map(|(j, _)| *j)
                    .collect();
                picked.sort_unstable();
                if picked.is_empty() { all } else { picked }
            }
            _ => all,
        };
        self.asker.solver.pop(1);
        result
    }

    fn gap(&mut self) {
        let has_otherwise = self.decision.rules.iter().any(|r| r.when.is_none());
        if has_otherwise || self.decision.rules.is_empty() {
            return;
        }
        let name = self.decision.name.clone();
        match self.ask(&self.encoded.gap) {
            Answer::Unsat => {}
            Answer::Unknown(why) => {
                self.open(GAP_QUESTION.into(), why.clone());
                self.finding(
                    Kind::Gap,
                    Place::Decision,
                    format!("`{name}` has no `otherwise`, and its rules could not be proved to cover every input ({why})"),
                    "end the rules with `otherwise then { … } because …`".into(),
                    None,
                );
            }
            Answer::Sat(model) => {
                let input = model::input(self, &model);
                let confirmed = self.replay_failure(&input, |m| m.contains("matched"));
                if let Some(input) = confirmed {
                    self.finding(
                        Kind::Gap,
                        Place::Decision,
                        format!("some inputs of `{name}` meet no rule, and there is no `otherwise`"),
                        "add a rule for them, or end the rules with `otherwise then { … } because …`".into(),
                        Some(input),
                    );
                }
            }
        }
    }

    fn errors(&mut self) {
        let errors = self.encoded.enc.errors.clone();
        if errors.is_empty() {
            return;
        }
        let any = or_all(&errors.iter().map(|e| e.when.clone()).collect::<Vec<_>>());
        match self.ask(&any) {
            Answer::Unsat => return,
            Answer::Unknown(why) => {
                self.open("whether an expression can fail".into(), why);
                return;
            }
            Answer::Sat(_) => {}
        }
        let mut seen: Vec<(Site, String)> = Vec::new();
        for e in &errors {
            if e.site == Site::Property || seen.iter().any(|(s, m)| *s == e.site && *m == e.message)
            {
                continue;
            }
            seen.push((e.site, e.message.clone()));
            let same: Vec<Bool> = errors
                .iter()
                .filter(|x| x.site == e.site && x.message == e.message)
                .map(|x| x.when.clone())
                .collect();
            match self.ask(&or_all(&same)) {
                Answer::Sat(model) => {
                    let input = model::input(self, &model);
                    if let Some(input) = self.replay_failure(&input, |_| true) {
                        let place = place_of(e.site);
                        let what = self.describe(&place);
                        self.finding(
                            Kind::RuntimeError,
                            place,
                            format!("{what} of `{}` fails for some valid inputs: {}", self.decision.name, e.message),
                            "guard it (`if … then … else …`, `??`), or add a `require` that rejects such inputs".into(),
                            Some(input),
                        );
                    }
                }
                Answer::Unknown(why) => self.open(format!("whether {} can fail", e.message), why),
                Answer::Unsat => {}
            }
        }
    }

    fn describe(&self, place: &Place) -> String {
        let d = self.decision;
        match place {
            Place::Decision => "the decision".into(),
            Place::Rule(r) => format!("the condition of {}", self.rule_name(*r)),
            Place::Require(i) => format!(
                "`require … else {}`",
                d.requires.get(*i).map(|q| q.reason.as_str()).unwrap_or("")
            ),
            Place::RuleRequire(r, _) => format!("a `require` of {}", self.rule_name(*r)),
            Place::Domain(i) => format!(
                "the domain of `{}`",
                d.inputs.get(*i).map(|x| x.name.as_str()).unwrap_or("")
            ),
            Place::Let(i) => format!(
                "`let {}`",
                d.lets.get(*i).map(|x| x.0.as_str()).unwrap_or("")
            ),
            Place::Output(j) => format!(
                "output `{}`",
                d.outputs.get(*j).map(|x| x.name.as_str()).unwrap_or("")
            ),
            Place::Outcome(r, j) => format!(
                "the value of `{}` in {}",
                d.outputs.get(*j).map(|x| x.name.as_str()).unwrap_or(""),
                self.rule_name(*r)
            ),
            Place::If(inner, k) => format!("`if` number {} in {}", k + 1, self.describe(inner)),
        }
    }

    fn ifs(&mut self) {
        let ifs = self.encoded.enc.ifs.clone();
        let mut nodes: Vec<(Site, usize)> = Vec::new();
        for s in &ifs {
            if !nodes.contains(&(s.site, s.node)) && s.site != Site::Property && s.reads_locals {
                nodes.push((s.site, s.node));
            }
        }
        for (site, node) in nodes {
            let (guards, trues): (Vec<Bool>, Vec<Bool>) = ifs
                .iter()
                .filter(|s| s.site == site && s.node == node)
                .map(|s| (s.guard.clone(), and2(&s.guard, &s.cond)))
                .unzip();
            let falses: Vec<Bool> = ifs
                .iter()
                .filter(|s| s.site == site && s.node == node)
                .map(|s| and2(&s.guard, &s.cond.not()))
                .collect();
            let reached = decision::Reached {
                guard: or_all(&guards),
                cond: t_or(&trues),
            };
            let place = Place::If(
                Box::new(place_of(site)),
                if_index(self.decision, site, node),
            );
            // `guard ∧ cond` over every unrolling: true somewhere, false somewhere.
            match self.ask(&reached.guard) {
                Answer::Sat(_) => {}
                _ => continue,
            }
            let what = format!("the condition of {}", self.describe(&place));
            match self.ask(&reached.cond) {
                Answer::Unsat => {
                    self.finding(
                        Kind::NeverHolds,
                        place,
                        format!("{what} of `{}` is never true for a valid input", self.decision.name),
                        "its `then` branch is never taken: correct the condition or remove the `if`".into(),
                        None,
                    );
                    continue;
                }
                Answer::Unknown(why) => self.open(format!("whether {what} can be true"), why),
                Answer::Sat(_) => {}
            }
            match self.ask(&or_all(&falses)) {
                Answer::Unsat => self.finding(
                    Kind::AlwaysHolds,
                    place,
                    format!(
                        "{what} of `{}` is true for every valid input",
                        self.decision.name
                    ),
                    "its `else` branch is never taken: correct the condition or remove the `if`"
                        .into(),
                    None,
                ),
                Answer::Unknown(why) => self.open(format!("whether {what} can be false"), why),
                Answer::Sat(_) => {}
            }
        }
    }

    fn properties(&mut self, properties: &[(usize, &Property)]) {
        for (index, formula) in &self.encoded.properties {
            let Some((_, property)) = properties.iter().find(|(i, _)| i == index) else {
                continue;
            };
            let mut result = PropertyResult {
                name: property.name.clone(),
                decision: self.decision.name.clone(),
                status: Status::Unknown,
                counterexample: None,
                detail: None,
                file: property.origin.file.clone(),
                line: property.origin.line,
            };
            match formula {
                Err(why) => result.detail = Some(why.0.clone()),
                Ok((assume, claim)) => {
                    let refute = and(&[&self.encoded.decided, assume, &claim.not()]);
                    match self.ask(&refute) {
                        Answer::Unsat => {
                            result.status = Status::Proved;
                            result.detail = self
                                .bounded
                                .map(|n| format!("for lists of up to {n} elements"));
                        }
                        Answer::Unknown(why) => result.detail = Some(why),
                        Answer::Sat(model) => {
                            let input = model::input(self, &model);
                            match self.replay_property(&input, property) {
                                Ok(detail) => {
                                    result.status = Status::Refuted;
                                    result.counterexample = Some(input);
                                    result.detail = Some(detail);
                                }
                                Err(why) => {
                                    self.report.internal.push(format!(
                                        "property `{}`: the counterexample {input} did not replay: {why}",
                                        property.name
                                    ));
                                    result.detail = Some("internal error".into());
                                }
                            }
                        }
                    }
                }
            }
            self.report.properties.push(result);
        }
    }

    /// Runs `input` through the evaluator, which must fail at run time (with a message
    /// `expected` accepts); the input when it does, else an internal error is recorded.
    fn replay_failure(&mut self, input: &Json, expected: impl Fn(&str) -> bool) -> Option<Json> {
        let outcome = regel_eval::decide_json(self.engine, &self.decision.name, input, false, "");
        match outcome {
            Err(regel_eval::DecideError::Runtime(e)) if expected(&e.message) => Some(input.clone()),
            other => {
                let got = match other {
                    Ok(d) => format!("it decided {}", d.output),
                    Err(e) => format!("{e:?}"),
                };
                self.report.internal.push(format!(
                    "`{}`: the counterexample {input} did not replay as a run-time failure: {got}",
                    self.decision.name
                ));
                None
            }
        }
    }

    /// Runs `input` and checks that the property fails on it; what the outputs were.
    fn replay_property(&self, input: &Json, property: &Property) -> Result<String, String> {
        let values = regel_eval::json::inputs(self.engine, self.decision, input, "")
            .map_err(|e| format!("not a valid input: {}", e.message))?;
        let decided = self
            .engine
            .decide(self.decision, values.clone())
            .map_err(|e| format!("the decision did not decide: {e:?}"))?;
        let mut locals = values;
        locals.extend(decided.outputs.iter().cloned());
        locals.resize(property.locals as usize, regel_compiler::ir::Value::Null);
        let shown =
            regel_eval::json::outputs(self.engine.program(), self.decision, &decided.outputs)
                .map(|o| o.to_string())
                .unwrap_or_default();
        let assumed = match &property.assume {
            Some(a) => self.engine.holds(a, &locals).unwrap_or(false),
            None => true,
        };
        if !assumed {
            return Err(format!("its `when` does not hold (outputs {shown})"));
        }
        match self.engine.holds(&property.expect, &locals) {
            Ok(false) => Ok(format!("the decision gives {shown}")),
            Err(e) => Ok(format!(
                "the claim fails to evaluate: {} (outputs {shown})",
                e.message
            )),
            Ok(true) => Err(format!("the claim holds on it (outputs {shown})")),
        }
    }
}

/// The sub-expressions of `e`.
fn children(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Const(_) | Expr::Load(_) => vec![],
        Expr::Field(b, ..) | Expr::Not(b) | Expr::Neg(_, b) => vec![b],
        Expr::Round { value, .. } => vec![value],
        Expr::Binary(_, l, r) | Expr::Coalesce(l, r, _) => vec![l, r],
        Expr::If(c, a, b, _) => vec![c, a, b],
        Expr::List(_, xs) | Expr::Record(_, xs) | Expr::Call(_, xs) => xs.iter().collect(),
        Expr::ListOp { list, body, .. } => {
            let mut v: Vec<&Expr> = vec![list];
            if let Some(b) = body {
                v.push(b);
            }
            v
        }
    }
}

/// Whether `e` depends on the inputs: reads an input, or a local in `dependent` (the `let`s
/// that do). A condition that does not is constant (it tests parameters), and saying it never
/// or always holds says nothing of the rules.
pub(crate) fn depends(e: &Expr, dependent: &[u32]) -> bool {
    match e {
        Expr::Load(regel_compiler::ir::Place::Local(s)) => dependent.contains(s),
        // A lambda's parameter is as dependent as its list.
        Expr::ListOp {
            list, slot, body, ..
        } => {
            if depends(list, dependent) {
                return true;
            }
            body.as_deref().is_some_and(|b| {
                let inner: Vec<u32> = dependent.iter().copied().filter(|s| s != slot).collect();
                depends(b, &inner)
            })
        }
        _ => children(e).into_iter().any(|c| depends(c, dependent)),
    }
}

/// The locals of `d` that depend on its inputs: the inputs and the `let`s that read them.
pub(crate) fn dependent_locals(d: &Decision) -> Vec<u32> {
    let mut dependent: Vec<u32> = (0..d.inputs.len() as u32).collect();
    for (_, slot, value) in &d.lets {
        if depends(value, &dependent) {
            dependent.push(*slot);
        }
    }
    dependent
}

fn t_or(xs: &[Bool]) -> Bool {
    or_all(xs)
}

fn place_of(site: Site) -> Place {
    match site {
        Site::Domain(i) => Place::Domain(i),
        Site::Require(i) => Place::Require(i),
        Site::Let(i) => Place::Let(i),
        Site::When(r) => Place::Rule(r),
        Site::RuleRequire(r, k) => Place::RuleRequire(r, k),
        Site::Outcome(r, j) => Place::Outcome(r, j),
        Site::Output(j) => Place::Output(j),
        Site::Property => Place::Decision,
    }
}

/// The position (in source order) of the `if` at address `node` within the member at `site`.
fn if_index(d: &Decision, site: Site, node: usize) -> usize {
    fn walk(e: &Expr, node: usize, count: &mut usize) -> Option<usize> {
        if let Expr::If(..) = e {
            if e as *const Expr as usize == node {
                return Some(*count);
            }
            *count += 1;
        }
        children(e).into_iter().find_map(|c| walk(c, node, count))
    }
    let exprs: Vec<&Expr> = match site {
        Site::Domain(i) => d
            .inputs
            .get(i)
            .and_then(|x| x.domain.as_ref())
            .map(|(e, _)| e)
            .into_iter()
            .collect(),
        Site::Require(i) => d.requires.get(i).map(|q| &q.cond).into_iter().collect(),
        Site::Let(i) => d.lets.get(i).map(|l| &l.2).into_iter().collect(),
        Site::When(r) => d
            .rules
            .get(r)
            .and_then(|r| r.when.as_ref())
            .into_iter()
            .collect(),
        Site::RuleRequire(r, k) => d
            .rules
            .get(r)
            .and_then(|r| r.requires.get(k))
            .map(|q| &q.cond)
            .into_iter()
            .collect(),
        Site::Outcome(r, j) => d
            .rules
            .get(r)
            .and_then(|r| r.outcome.iter().find(|(o, _)| *o as usize == j))
            .map(|(_, e)| e)
            .into_iter()
            .collect(),
        Site::Output(j) => match d.outputs.get(j).map(|o| &o.source) {
            Some(regel_compiler::ir::OutputSource::Computed(e)) => vec![e],
            _ => vec![],
        },
        Site::Property => vec![],
    };
    let mut count = 0;
    exprs
        .into_iter()
        .find_map(|e| walk(e, node, &mut count))
        .unwrap_or(0)
}
