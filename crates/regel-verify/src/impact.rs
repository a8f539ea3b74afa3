//! Exact impact: which inputs a decision decides differently in two versions, proved.
//!
//! Both versions are encoded into one solver over shared inputs (matched by name; an input
//! only one version has is read only by that one). Each version's run ends in one *branch*
//! (input refused, a `require` failed, rule `r` decided, no rule, a run-time error); the
//! changed region is split by the pair of branches (old, new). For each pair where some
//! input is decided differently, the region is described by the conditions that place an
//! input there (the rules' `when`s and the `require`s, with the ones implied by the others
//! dropped), with the outputs that change and a witness input replayed in both versions.
//! A pair is left out only when the solver proved it changes nothing; every question it could
//! not answer is listed, and then the list of changes is not claimed complete.

use regel_compiler::ir::{Decision, Expr, OutputSource, Program};
use regel_compiler::ty::Ty;
use regel_eval::{DecideError, Engine, decide_json};
use serde_json::{Map, Value as Json, json};
use z3::ast::{Bool, Real};
use z3::{Optimize, Params, SatResult};

use crate::Options;
use crate::ask::{Answer, Asker};
use crate::decision::{Encoded, encode_in};
use crate::encode::Encoder;
use crate::model;
use crate::sym::{Sym, and, and_all, equal, f, or_all, real_of, t};

/// The impact of the change of one decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    pub decision: String,
    /// Proved: no valid input is decided differently.
    pub equivalent: bool,
    /// Every question was answered: `changes` lists every changed part.
    pub proved: bool,
    /// Questions left open (the solver's budget, an encoding that is not exact).
    pub unknown: Vec<String>,
    /// Witnesses that did not behave as the solver claimed (a defect of the encoding).
    pub internal: Vec<String>,
    /// The most elements of a list input considered, when the decision has one.
    pub list_bound: Option<usize>,
    pub changes: Vec<ImpactChange>,
}

/// One part of the changed region: the inputs that end in `old` in the old version and in
/// `new` in the new one, and are decided differently.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactChange {
    pub old: Branch,
    pub new: Branch,
    /// What places an input in this part, in the policy's terms (see [`Literal`]).
    pub condition: Vec<Literal>,
    /// Whether every input of the part changes (else only some do, e.g. where an amount
    /// computed from a changed parameter happens to come out the same).
    pub everywhere: bool,
    /// Whether the outcome changes (a different decision, amount, date or list), not only the
    /// reason code or citation.
    pub outcome_change: bool,
    /// The outputs that differ for some input of the part.
    pub outputs: Vec<String>,
    /// For number, money and date outputs that differ: how far they move over the part.
    pub ranges: Vec<Range>,
    pub witness: Witness,
}

/// How far an output moves over a part: the least and the greatest `new − old` (kronor for
/// money, days for dates), exact decimals; `None` where there is no limit on that side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub output: String,
    pub unit: Unit,
    pub least: Option<String>,
    pub most: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Number,
    Kronor,
    Days,
}

/// Where a version's run ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Branch {
    /// The input is not valid for this version (a type, a `where`, or an input it lacks).
    Invalid,
    /// A `require` (of the decision, index `require`) failed.
    Rejected { require: usize, reason: String },
    /// Rule `rule` was chosen but its `require` number `require` failed.
    RuleRejected {
        rule: usize,
        require: usize,
        reason: String,
    },
    /// Rule `rule` (0-based) decided.
    Rule { rule: usize, reason: String },
    /// No rule matched.
    Gap,
    /// Evaluation failed.
    Error,
}

impl Branch {
    /// A rejection's reason code (the outcome of a refused input).
    fn rejection(&self) -> Option<&str> {
        match self {
            Branch::Rejected { reason, .. } | Branch::RuleRejected { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// A condition of a version's decision that holds (or not) in a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub version: Side,
    pub place: LiteralPlace,
    pub holds: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralPlace {
    /// The `when` of rule `n` (0-based).
    When(usize),
    /// The decision's `require` `n`.
    Require(usize),
    /// `require` `k` of rule `r`.
    RuleRequire(usize, usize),
}

/// An input of the part, run in both versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Witness {
    pub input: Json,
    pub old: Json,
    pub new: Json,
}

/// One version's encoding, with its branches.
struct Side1<'a> {
    encoded: Encoded<'a>,
    valid: Bool,
    branches: Vec<(Branch, Bool)>,
    literals: Vec<(LiteralPlace, Bool)>,
}

/// The impact on `name`, defined in both programs (`None` when one lacks it). A decision
/// whose inputs changed type, or that cannot be encoded, has one unknown question and no
/// changes. Proved on the prover thread (see [`crate::prover`]).
pub fn compare(old: &Engine, new: &Engine, name: &str, options: Options) -> Option<Impact> {
    let (old, new, name) = (old.clone(), new.clone(), name.to_owned());
    crate::prover::run(move || compare_here(&old, &new, &name, options))
}

fn compare_here(old: &Engine, new: &Engine, name: &str, options: Options) -> Option<Impact> {
    let (_, da) = old.program().decision(name)?;
    let (_, db) = new.program().decision(name)?;
    let mut impact = Impact {
        decision: name.to_owned(),
        equivalent: false,
        proved: false,
        unknown: Vec::new(),
        internal: Vec::new(),
        list_bound: (crate::has_list_input(da) || crate::has_list_input(db))
            .then_some(options.list_bound),
        changes: Vec::new(),
    };
    if let Some(input) = retyped_input(old.program(), da, new.program(), db) {
        impact.unknown.push(format!(
            "input `{input}` has another type in the new version"
        ));
        return Some(impact);
    }
    let sides = match encode_both(old, new, da, db, options.list_bound) {
        Ok(s) => s,
        Err(why) => {
            impact.unknown.push(format!("cannot be encoded: {why}"));
            return Some(impact);
        }
    };
    Comparison {
        old,
        new,
        da,
        db,
        a: &sides.0,
        b: &sides.1,
        impact: &mut impact,
        ranges_given_up: false,
    }
    .run(options);
    Some(impact)
}

/// The first input both decisions have with different types.
fn retyped_input(pa: &Program, da: &Decision, pb: &Program, db: &Decision) -> Option<String> {
    da.inputs.iter().find_map(|a| {
        let b = db.inputs.iter().find(|b| b.name == a.name)?;
        (!same_type(pa, &a.ty, pb, &b.ty)).then(|| a.name.clone())
    })
}

/// The same type in both programs: enums with the same variants in the same order (their
/// values are positions), records with the same fields.
fn same_type(pa: &Program, a: &Ty, pb: &Program, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Enum(x, _), Ty::Enum(y, _)) => {
            let variants = |p: &Program, e| p.enum_def(e).map(|d| d.variants.clone());
            variants(pa, *x).is_some() && variants(pa, *x) == variants(pb, *y)
        }
        (Ty::Record(x, _), Ty::Record(y, _)) => {
            match (pa.records.get(x.0 as usize), pb.records.get(y.0 as usize)) {
                (Some(ra), Some(rb)) => {
                    ra.fields.len() == rb.fields.len()
                        && ra
                            .fields
                            .iter()
                            .zip(&rb.fields)
                            .all(|((na, ta), (nb, tb))| na == nb && same_type(pa, ta, pb, tb))
                }
                _ => false,
            }
        }
        (Ty::List(x), Ty::List(y)) | (Ty::Optional(x), Ty::Optional(y)) => same_type(pa, x, pb, y),
        _ => a == b,
    }
}

fn encode_both<'a>(
    old: &'a Engine,
    new: &'a Engine,
    da: &Decision,
    db: &Decision,
    bound: usize,
) -> Result<(Side1<'a>, Side1<'a>), String> {
    let enc = Encoder::new(old.program(), old.params(), bound).map_err(|e| e.0)?;
    let a = encode_in(enc, da, &[], &[]).map_err(|e| e.0)?;
    let shared: Vec<(String, Sym)> = da
        .inputs
        .iter()
        .zip(&a.inputs)
        .filter_map(|(i, s)| {
            let j = db.inputs.iter().find(|j| j.name == i.name)?;
            Some((i.name.clone(), retag(new.program(), s, &j.ty)))
        })
        .collect();
    let mut a = a;
    let enc = Encoder::after(new.program(), new.params(), bound, a.enc.carry()).map_err(|e| e.0)?;
    let b = encode_in(enc, db, &[], &shared).map_err(|e| e.0)?;
    Ok((side(a, da), side(b, db)))
}

/// An old input's symbol with the new program's enum ids (same variants, another position).
fn retag(pb: &Program, s: &Sym, ty: &Ty) -> Sym {
    match (s, ty) {
        (Sym::Enum(_, v), Ty::Enum(id, _)) => Sym::Enum(*id, v.clone()),
        (Sym::Opt { present, value }, Ty::Optional(inner)) => Sym::Opt {
            present: present.clone(),
            value: Box::new(retag(pb, value, inner)),
        },
        (Sym::List { len, items }, Ty::List(inner)) => Sym::List {
            len: len.clone(),
            items: items.iter().map(|i| retag(pb, i, inner)).collect(),
        },
        (Sym::Record(fields), Ty::Record(id, _)) => match pb.records.get(id.0 as usize) {
            Some(def) => Sym::Record(
                fields
                    .iter()
                    .zip(&def.fields)
                    .map(|(f, (_, t))| retag(pb, f, t))
                    .collect(),
            ),
            None => s.clone(),
        },
        _ => s.clone(),
    }
}

fn side<'a>(encoded: Encoded<'a>, d: &Decision) -> Side1<'a> {
    let domains: Vec<Bool> = encoded.domains.iter().map(|(_, b)| b.clone()).collect();
    let valid = and(&[&encoded.well_formed, &and_all(&domains)]);
    let mut branches = vec![(Branch::Invalid, valid.not())];
    let mut literals = Vec::new();
    for (i, r) in encoded.requires.iter().enumerate() {
        let reason = d
            .requires
            .get(i)
            .map(|q| q.reason.clone())
            .unwrap_or_default();
        branches.push((
            Branch::Rejected { require: i, reason },
            and(&[&valid, &r.guard, &r.cond.not()]),
        ));
        literals.push((LiteralPlace::Require(i), r.cond.clone()));
    }
    for (r, reqs) in encoded.rule_requires.iter().enumerate() {
        for (k, q) in reqs.iter().enumerate() {
            let reason = d
                .rules
                .get(r)
                .and_then(|rule| rule.requires.get(k))
                .map(|q| q.reason.clone())
                .unwrap_or_default();
            branches.push((
                Branch::RuleRejected {
                    rule: r,
                    require: k,
                    reason,
                },
                and(&[&valid, &q.guard, &q.cond.not()]),
            ));
            literals.push((LiteralPlace::RuleRequire(r, k), q.cond.clone()));
        }
    }
    for (r, chosen) in encoded.chosen.iter().enumerate() {
        let reason = d.rules.get(r).map(|q| q.reason.clone()).unwrap_or_default();
        branches.push((Branch::Rule { rule: r, reason }, and(&[&valid, chosen])));
        if let (Some(rule), Some(reached)) = (d.rules.get(r), encoded.rules.get(r))
            && rule.when.is_some()
        {
            literals.push((LiteralPlace::When(r), reached.cond.clone()));
        }
    }
    branches.push((Branch::Gap, and(&[&valid, &encoded.gap])));
    let named: Vec<Bool> = branches.iter().map(|(_, b)| b.clone()).collect();
    branches.push((Branch::Error, or_all(&named).not()));
    Side1 {
        encoded,
        valid,
        branches,
        literals,
    }
}

struct Comparison<'c, 'a> {
    old: &'c Engine,
    new: &'c Engine,
    da: &'c Decision,
    db: &'c Decision,
    a: &'c Side1<'a>,
    b: &'c Side1<'a>,
    impact: &'c mut Impact,
    /// Set once a range's bound could not be found within its budget: the decision's other
    /// ranges are not tried (a range is a courtesy to the reader, never worth more time than
    /// the comparison itself).
    ranges_given_up: bool,
}

/// A wall-clock limit per bound, only as a safety net: the budget that decides is
/// [`BOUND_RLIMIT`].
const BOUND_TIMEOUT_MS: u32 = 5000;
/// A budget in the solver's own steps, so a range is found or not alike on a fast or busy machine.
const BOUND_RLIMIT: u32 = 300_000;

impl Comparison<'_, '_> {
    fn run(&mut self, options: Options) {
        let mut asker = Asker::new(
            &self.da.name,
            vec![&self.a.encoded.enc, &self.b.encoded.enc],
            self.a
                .encoded
                .inputs
                .iter()
                .chain(&self.b.encoded.inputs)
                .cloned()
                .collect(),
            options,
        );
        asker.solver.assert(&self.a.encoded.well_formed);
        asker.solver.assert(&self.b.encoded.well_formed);
        // Inputs neither version accepts change nothing.
        asker
            .solver
            .assert(or_all(&[self.a.valid.clone(), self.b.valid.clone()]));
        let mut open = false;
        for (ba, pa) in &self.a.branches {
            for (bb, pb) in &self.b.branches {
                if matches!((ba, bb), (Branch::Invalid, Branch::Invalid)) {
                    continue;
                }
                let part = and(&[pa, pb]);
                let Some((differ, outcome)) = self.differ(ba, bb) else {
                    continue;
                };
                match asker.ask(&and(&[&part, &differ])) {
                    Answer::Unsat => {}
                    Answer::Unknown(why) => {
                        open = true;
                        self.impact.unknown.push(format!(
                            "whether {} → {} changes: {why}",
                            show(ba),
                            show(bb)
                        ));
                    }
                    Answer::Sat(model) => {
                        let change =
                            self.change(&mut asker, ba, bb, &part, &differ, &outcome, &model);
                        match change {
                            Ok(c) => self.impact.changes.push(c),
                            Err(why) => self.impact.internal.push(why),
                        }
                    }
                }
            }
        }
        self.impact.proved = !open && self.impact.internal.is_empty();
        self.impact.equivalent = self.impact.proved && self.impact.changes.is_empty();
    }

    /// Where the two branches give different results, and where the outcome itself differs
    /// (not only the reason code or citation); `None` when they never differ.
    fn differ(&self, ba: &Branch, bb: &Branch) -> Option<(Bool, Bool)> {
        match (ba, bb) {
            (Branch::Rule { .. }, Branch::Rule { .. }) => {
                let (mut all, mut outcome) = (Vec::new(), Vec::new());
                for (_, is_reason, same) in self.outputs() {
                    all.push(same.not());
                    if !is_reason {
                        outcome.push(same.not());
                    }
                }
                Some((or_all(&all), or_all(&outcome)))
            }
            _ if ba.rejection().is_some() && bb.rejection().is_some() => {
                // Refused in both: only the reason code can change.
                (ba.rejection() != bb.rejection()).then(|| (t(), f()))
            }
            (Branch::Gap, Branch::Gap) | (Branch::Error, Branch::Error) => None,
            _ => Some((t(), t())),
        }
    }

    /// The outputs both versions have: (name, whether it is the reason code or citation,
    /// where old and new agree).
    fn outputs(&self) -> Vec<(String, bool, Bool)> {
        let mut out = Vec::new();
        for (j, o) in self.db.outputs.iter().enumerate() {
            let Some(i) = self.da.outputs.iter().position(|p| p.name == o.name) else {
                continue;
            };
            let (Some(x), Some(y)) = (self.a.encoded.outputs.get(i), self.b.encoded.outputs.get(j))
            else {
                continue;
            };
            let reason = matches!(o.source, OutputSource::Reason | OutputSource::Citation);
            out.push((o.name.clone(), reason, self.same(x, y)));
        }
        out
    }

    /// Old and new value equal: enum values by their variants' names.
    fn same(&self, x: &Sym, y: &Sym) -> Bool {
        match (x, y) {
            (Sym::Enum(ea, va), Sym::Enum(eb, vb)) => {
                let names = |p: &Program, e| p.enum_def(e).map(|d| d.variants.clone());
                let (Some(na), Some(nb)) = (
                    names(self.old.program(), *ea),
                    names(self.new.program(), *eb),
                ) else {
                    return f();
                };
                let mut pairs = Vec::new();
                for (i, n) in na.iter().enumerate() {
                    if let Some(k) = nb.iter().position(|m| m == n) {
                        pairs.push(and(&[
                            &va.eq(crate::sym::int(i as i64)),
                            &vb.eq(crate::sym::int(k as i64)),
                        ]));
                    }
                }
                or_all(&pairs)
            }
            (
                Sym::Opt {
                    present: pa,
                    value: xa,
                },
                Sym::Opt {
                    present: pb,
                    value: xb,
                },
            ) => {
                let both = and(&[pa, pb, &self.same(xa, xb)]);
                or_all(&[both, and(&[&pa.not(), &pb.not()])])
            }
            _ => equal(x, y).unwrap_or_else(|_| f()),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn change(
        &mut self,
        asker: &mut Asker<'_, '_>,
        ba: &Branch,
        bb: &Branch,
        part: &Bool,
        differ: &Bool,
        outcome: &Bool,
        model: &z3::Model,
    ) -> Result<ImpactChange, String> {
        // A plain input of the part if there is one (whole kronor, dates of this decade).
        let nicer = self.plain_model(&and(&[part, differ]));
        let witness = self.witness(nicer.as_ref().unwrap_or(model));
        if witness.old == witness.new {
            return Err(format!(
                "{}: the witness {} gives the same result in both versions",
                self.da.name, witness.input
            ));
        }
        let everywhere = self.unsat(asker, &and(&[part, &differ.not()]));
        let outcome_change = !self.unsat(asker, &and(&[part, outcome]));
        let mut outputs = Vec::new();
        if matches!((ba, bb), (Branch::Rule { .. }, Branch::Rule { .. })) {
            for (name, _, same) in self.outputs() {
                if !self.unsat(asker, &and(&[part, &same.not()])) {
                    outputs.push(name);
                }
            }
        }
        let condition = self.condition(asker, ba, bb, part);
        let ranges = self.ranges(&outputs, part);
        Ok(ImpactChange {
            old: ba.clone(),
            new: bb.clone(),
            condition,
            everywhere,
            outcome_change,
            outputs,
            ranges,
            witness,
        })
    }

    /// The range of each numeric or date output of `names` over the part. Left out where the
    /// calendar is abstracted (a bound there could rest on a date no calendar has) or the
    /// solver gives no exact bound.
    fn ranges(&mut self, names: &[String], part: &Bool) -> Vec<Range> {
        let exact = [&self.a.encoded.enc, &self.b.encoded.enc]
            .iter()
            .all(|e| e.shifts.sites.is_empty() && e.approx.is_none());
        if !exact {
            return Vec::new();
        }
        let mut out = Vec::new();
        for name in names {
            let (Some(i), Some(j)) = (
                self.da.outputs.iter().position(|o| o.name == *name),
                self.db.outputs.iter().position(|o| o.name == *name),
            ) else {
                continue;
            };
            let (Some(x), Some(y)) = (self.a.encoded.outputs.get(i), self.b.encoded.outputs.get(j))
            else {
                continue;
            };
            let (delta, unit) = match (x, y) {
                (Sym::Date(x), Sym::Date(y)) => (Real::from_int(&(y - x)), Unit::Days),
                (Sym::Money(x), Sym::Money(y)) => (y - x, Unit::Kronor),
                _ => match (real_of(x), real_of(y)) {
                    (Some(x), Some(y)) => (y - x, Unit::Number),
                    _ => continue,
                },
            };
            let (Some(least), Some(most)) = (
                self.bound(part, &delta.unary_minus()).map(negated),
                self.bound(part, &delta),
            ) else {
                continue;
            };
            out.push(Range {
                output: name.clone(),
                unit,
                least,
                most,
            });
        }
        out
    }

    /// The greatest value of `x` over the part: `Some(None)` when it has no limit, `None` when
    /// the solver gives no exact answer.
    fn bound(&mut self, part: &Bool, x: &Real) -> Option<Option<String>> {
        if self.ranges_given_up {
            return None;
        }
        let found = self.bound_within(part, x);
        self.ranges_given_up = found.is_none();
        found
    }

    fn bound_within(&self, part: &Bool, x: &Real) -> Option<Option<String>> {
        let opt = Optimize::new();
        let mut params = Params::new();
        params.set_u32("timeout", BOUND_TIMEOUT_MS);
        params.set_u32("rlimit", BOUND_RLIMIT);
        opt.set_params(&params);
        for e in [&self.a.encoded.enc, &self.b.encoded.enc] {
            for a in &e.axioms {
                opt.assert(a);
            }
        }
        opt.assert(&self.a.encoded.well_formed);
        opt.assert(&self.b.encoded.well_formed);
        opt.assert(part);
        opt.maximize(x);
        if opt.check(&[]) != SatResult::Sat {
            return None;
        }
        let upper = opt.get_upper(0)?.to_string();
        if upper.contains("oo") {
            return Some(None);
        }
        numeral(&upper).map(Some)
    }

    /// Proved impossible (an unknown answer counts as possible).
    fn unsat(&mut self, asker: &mut Asker<'_, '_>, cond: &Bool) -> bool {
        matches!(asker.ask(cond), Answer::Unsat)
    }

    /// The literals that place an input in the part, each dropped when the others imply it:
    /// the new version's first (a reader looks at the new rules), then the old one's.
    fn condition(
        &mut self,
        asker: &mut Asker<'_, '_>,
        ba: &Branch,
        bb: &Branch,
        part: &Bool,
    ) -> Vec<Literal> {
        let mut candidates = Vec::new();
        for (version, side, branch) in [(Side::New, self.b, bb), (Side::Old, self.a, ba)] {
            for (place, cond) in &side.literals {
                // The value a condition has in the part, when it has one.
                let holds = if self.unsat(asker, &and(&[part, &cond.not()])) {
                    true
                } else if self.unsat(asker, &and(&[part, cond])) {
                    false
                } else {
                    continue;
                };
                if !reads_before(*place, branch) {
                    continue;
                }
                let lit = if holds { cond.clone() } else { cond.not() };
                candidates.push((
                    Literal {
                        version,
                        place: *place,
                        holds,
                    },
                    lit,
                ));
            }
        }
        let valid = or_all(&[self.a.valid.clone(), self.b.valid.clone()]);
        let mut kept: Vec<bool> = vec![true; candidates.len()];
        for i in 0..candidates.len() {
            kept[i] = false;
            let others: Vec<Bool> = candidates
                .iter()
                .zip(&kept)
                .filter(|(_, k)| **k)
                .map(|((_, l), _)| l.clone())
                .collect();
            // Still describes the part without it?
            let rest = and(&[&valid, &and_all(&others), &part.not()]);
            if !self.unsat(asker, &rest) {
                kept[i] = true;
            }
        }
        candidates
            .into_iter()
            .zip(kept)
            .filter(|(_, k)| *k)
            .map(|((l, _), _)| l)
            .collect()
    }

    /// A model of `cond` among plain inputs ([`model::plain`]), found within a budget of the
    /// solver's own steps (so a busy machine finds the same one) and exact at every calendar
    /// shift; `None` when there is none within it.
    fn plain_model(&self, cond: &Bool) -> Option<z3::Model> {
        let solver = z3::Solver::new();
        let mut params = Params::new();
        params.set_u32("rlimit", BOUND_RLIMIT);
        params.set_u32("timeout", BOUND_TIMEOUT_MS);
        solver.set_params(&params);
        let encoders = [&self.a.encoded.enc, &self.b.encoded.enc];
        for e in encoders {
            for a in &e.axioms {
                solver.assert(a);
            }
        }
        solver.assert(&self.a.encoded.well_formed);
        solver.assert(&self.b.encoded.well_formed);
        solver.assert(cond);
        solver.assert(model::plain(&self.plain_inputs()));
        if solver.check() != SatResult::Sat {
            return None;
        }
        let m = solver.get_model()?;
        let exact = encoders.iter().all(|e| e.shifts.lemmas(&m).is_empty());
        exact.then_some(m)
    }

    /// The inputs of both versions (those they share once).
    fn plain_inputs(&self) -> Vec<Sym> {
        let shared = |name: &str| self.da.inputs.iter().any(|i| i.name == name);
        let mut all = self.a.encoded.inputs.clone();
        for (i, s) in self.db.inputs.iter().zip(&self.b.encoded.inputs) {
            if !shared(&i.name) {
                all.push(s.clone());
            }
        }
        all
    }

    /// The model's input, run in both versions.
    fn witness(&self, model: &z3::Model) -> Witness {
        let mut object = Map::new();
        let texts = &self.b.encoded.enc.texts;
        model::add_inputs(
            &mut object,
            self.old.program(),
            texts,
            model,
            &self.da.inputs,
            &self.a.encoded.inputs,
        );
        model::add_inputs(
            &mut object,
            self.new.program(),
            texts,
            model,
            &self.db.inputs,
            &self.b.encoded.inputs,
        );
        let input = Json::Object(object);
        Witness {
            old: outcome(self.old, self.da, &input),
            new: outcome(self.new, self.db, &input),
            input,
        }
    }
}

/// Whether the condition at `place` is evaluated on the way to `branch` (a rule's `when`
/// only up to the rule that decides; a rule's requires only for that rule).
fn reads_before(place: LiteralPlace, branch: &Branch) -> bool {
    let last_rule = match branch {
        Branch::Rule { rule, .. } | Branch::RuleRejected { rule, .. } => Some(*rule),
        Branch::Gap | Branch::Error => Some(usize::MAX),
        Branch::Rejected { .. } | Branch::Invalid => None,
    };
    match (place, branch) {
        (LiteralPlace::Require(i), Branch::Rejected { require, .. }) => i <= *require,
        (LiteralPlace::Require(_), Branch::Invalid) => false,
        (LiteralPlace::Require(_), _) => true,
        (LiteralPlace::When(r), _) => last_rule.is_some_and(|l| r <= l),
        (LiteralPlace::RuleRequire(r, k), Branch::RuleRejected { rule, require, .. }) => {
            r == *rule && k <= *require
        }
        (LiteralPlace::RuleRequire(r, _), Branch::Rule { rule, .. }) => r == *rule,
        (LiteralPlace::RuleRequire(..), _) => false,
    }
}

fn show(b: &Branch) -> String {
    match b {
        Branch::Invalid => "invalid input".into(),
        Branch::Rejected { reason, .. } | Branch::RuleRejected { reason, .. } => {
            format!("rejected ({reason})")
        }
        Branch::Rule { rule, reason } => format!("rule {} ({reason})", rule + 1),
        Branch::Gap => "no rule".into(),
        Branch::Error => "error".into(),
    }
}

/// A decision's outcome as JSON: its output, or why it gave none. Fields the version does not
/// know are left out, so each version sees the input it would accept.
pub fn outcome(engine: &Engine, decision: &Decision, input: &Json) -> Json {
    let mut known = Map::new();
    if let Json::Object(fields) = input {
        for (k, v) in fields {
            if decision.inputs.iter().any(|i| i.name == *k) {
                known.insert(k.clone(), v.clone());
            }
        }
    }
    match decide_json(engine, &decision.name, &Json::Object(known), false, "") {
        Ok(d) => d.output,
        Err(DecideError::Rejected(r)) => json!({"rejected": r.reason}),
        Err(DecideError::Input(e)) => json!({"invalid_input": e.path, "message": e.message}),
        Err(DecideError::Runtime(e)) => json!({"error": e.message}),
        Err(DecideError::UnknownDecision { .. }) => json!({"error": "unknown decision"}),
    }
}

/// The parameters `name` reads in `engine`'s program (directly), by name with their values.
pub fn params_read(engine: &Engine, name: &str) -> Vec<(String, regel_compiler::ir::Value)> {
    let program = engine.program();
    let Some((_, d)) = program.decision(name) else {
        return Vec::new();
    };
    let mut slots = Vec::new();
    for e in decision_exprs(d) {
        loads(e, &mut slots);
    }
    slots.sort_unstable();
    slots.dedup();
    slots
        .into_iter()
        .filter_map(|i| {
            let def = program.params.get(i as usize)?;
            let value = engine.params().get(i as usize)?.clone();
            Some((def.name.clone(), value))
        })
        .collect()
}

/// Whether `name` is the same decision in both versions: the same rules and the same values
/// of the parameters it reads (then it decides every input alike without asking the solver).
pub fn unchanged(old: &Engine, new: &Engine, name: &str) -> bool {
    let (Some((_, da)), Some((_, db))) =
        (old.program().decision(name), new.program().decision(name))
    else {
        return false;
    };
    // Where it stands and its doc comment do not decide anything.
    let placed = |d: &Decision| Decision {
        origin: regel_compiler::ir::Origin {
            file: String::new(),
            line: 0,
        },
        doc: String::new(),
        ..d.clone()
    };
    placed(da) == placed(db)
        && params_read(old, name) == params_read(new, name)
        && old.program().enums == new.program().enums
        && old.program().records == new.program().records
}

/// Every expression of a decision.
fn decision_exprs(d: &Decision) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    for i in &d.inputs {
        out.extend(i.default.iter());
        out.extend(i.domain.iter().map(|(e, _)| e));
    }
    out.extend(d.lets.iter().map(|(_, _, e)| e));
    out.extend(d.requires.iter().map(|q| &q.cond));
    for r in &d.rules {
        out.extend(r.when.iter());
        out.extend(r.requires.iter().map(|q| &q.cond));
        out.extend(r.outcome.iter().map(|(_, e)| e));
    }
    for o in &d.outputs {
        if let OutputSource::Computed(e) = &o.source {
            out.push(e);
        }
    }
    out
}

fn loads(e: &Expr, out: &mut Vec<u32>) {
    if let Expr::Load(regel_compiler::ir::Place::Param(i)) = e {
        out.push(*i);
    }
    for c in crate::children(e) {
        loads(c, out);
    }
}

/// A numeral as the solver prints it (`150`, `1.5`, `(- 30)`, `(/ 3 2)`) as an exact decimal
/// string; `None` for anything else (a bound with an infinitesimal, a decimal without end).
fn numeral(s: &str) -> Option<String> {
    use rust_decimal::Decimal;
    fn value(s: &str) -> Option<Decimal> {
        let s = s.trim();
        if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
            let inner = inner.trim();
            if let Some(rest) = inner.strip_prefix("- ") {
                return value(rest).map(|v| -v);
            }
            let rest = inner.strip_prefix("/ ")?;
            let (n, d) = split_top(rest)?;
            let (n, d) = (value(n)?, value(d)?);
            let q = n.checked_div(d)?;
            return (q * d == n).then_some(q);
        }
        s.parse().ok()
    }
    value(s).map(|v| v.normalize().to_string())
}

/// Two operands at the top level of an s-expression's tail (`3 2`, `(- 3) 2`).
fn split_top(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ' ' if depth == 0 => return Some((&s[..i], &s[i + 1..])),
            _ => {}
        }
    }
    None
}

fn negated(s: Option<String>) -> Option<String> {
    s.map(|v| match v.strip_prefix('-') {
        Some(pos) => pos.to_owned(),
        None if v == "0" => v,
        None => format!("-{v}"),
    })
}
