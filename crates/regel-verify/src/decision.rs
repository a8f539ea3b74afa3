//! One decision as formulas: which inputs are valid, which reach each `require` and rule, which
//! meet no rule, and what the outputs are. Built by running the [`Encoder`] over the decision
//! in the evaluator's order (`regel_eval::engine`): requires and `let`s in source order, then
//! the rules first-match, then the matched rule's requires and outputs.

use regel_compiler::ir::{Decision, OutputSource, Program, Property, Value};
use z3::ast::Bool;

use crate::encode::{Encoder, Site};
use crate::sym::{Enc, Sym, and, and2, int, merge, or_all, t};

/// A condition reached under `guard`.
#[derive(Debug, Clone)]
pub struct Reached {
    pub guard: Bool,
    pub cond: Bool,
}

pub struct Encoded<'a> {
    pub enc: Encoder<'a>,
    /// One symbolic value per input.
    pub inputs: Vec<Sym>,
    /// The inputs JSON can give (types, list lengths, date ranges).
    pub well_formed: Bool,
    /// Per input with a `where`: (input index, the inputs that meet it).
    pub domains: Vec<(usize, Bool)>,
    pub requires: Vec<Reached>,
    /// Per rule: its `when` (true for `otherwise`) and where it is tried.
    pub rules: Vec<Reached>,
    pub rule_requires: Vec<Vec<Reached>>,
    /// The inputs that pass every `require` and no rule matches (rules without `otherwise`).
    pub gap: Bool,
    /// The inputs the decision decides: a rule matched, its requires hold, no error.
    pub decided: Bool,
    /// Properties of this decision: (index in the program, assumption, claim).
    pub properties: Vec<(usize, Enc<(Bool, Bool)>)>,
    /// Per rule: the inputs for which it is the rule that decides (its requires hold).
    pub chosen: Vec<Bool>,
    /// The outputs, in the decision's order (meaningful where `decided`).
    pub outputs: Vec<Sym>,
}

/// The errors recorded since `from`, as one condition.
fn errors_since(enc: &Encoder<'_>, from: usize) -> Bool {
    let conds: Vec<Bool> = enc
        .errors
        .get(from..)
        .unwrap_or_default()
        .iter()
        .map(|e| e.when.clone())
        .collect();
    or_all(&conds)
}

pub fn encode<'a>(
    program: &'a Program,
    params: &[Value],
    decision: &Decision,
    properties: &[(usize, &Property)],
    bound: usize,
) -> Enc<Encoded<'a>> {
    let enc = Encoder::new(program, params, bound)?;
    encode_in(enc, decision, properties, &[])
}

/// `decision` encoded by `enc`; an input named in `given` takes that symbolic value (shared
/// with another encoding, which states its well-formedness) instead of a fresh one.
pub fn encode_in<'a>(
    mut enc: Encoder<'a>,
    decision: &Decision,
    properties: &[(usize, &Property)],
    given: &[(String, Sym)],
) -> Enc<Encoded<'a>> {
    enc.dependent = crate::dependent_locals(decision);
    let mut inputs = Vec::with_capacity(decision.inputs.len());
    let mut formed = Vec::new();
    for input in &decision.inputs {
        if let Some((_, sym)) = given.iter().find(|(n, _)| *n == input.name) {
            inputs.push(sym.clone());
            continue;
        }
        let (sym, ok) = enc.input(&input.ty, &input.name)?;
        inputs.push(sym);
        formed.push(ok);
    }
    let mut domains = Vec::new();
    enc.locals = inputs.iter().cloned().map(Some).collect();
    enc.locals.resize(decision.locals as usize, None);
    // Domains: an input outside its domain, or whose domain cannot be evaluated, is invalid.
    for (i, input) in decision.inputs.iter().enumerate() {
        let Some((domain, _)) = &input.domain else {
            continue;
        };
        enc.site = Site::Domain(i);
        enc.guard = t();
        let from = enc.errors.len();
        let holds = enc.condition(domain)?;
        let failed = errors_since(&enc, from);
        enc.errors.truncate(from);
        domains.push((i, and2(&holds, &failed.not())));
    }
    let well_formed = crate::sym::and_all(&formed);

    // Requires and lets, in source order.
    let mut guard = t();
    let mut lets_done = 0usize;
    let mut requires = Vec::new();
    let mut run_lets = |enc: &mut Encoder<'_>, guard: &mut Bool, upto: usize| -> Enc<()> {
        while lets_done < upto {
            let Some((_, slot, value)) = decision.lets.get(lets_done) else {
                break;
            };
            enc.site = Site::Let(lets_done);
            enc.guard = guard.clone();
            let from = enc.errors.len();
            let v = enc.expr(value)?;
            if let Some(s) = enc.locals.get_mut(*slot as usize) {
                *s = Some(v);
            }
            *guard = and2(guard, &errors_since(enc, from).not());
            lets_done += 1;
        }
        Ok(())
    };
    for (i, require) in decision.requires.iter().enumerate() {
        run_lets(&mut enc, &mut guard, require.after_lets as usize)?;
        enc.site = Site::Require(i);
        enc.guard = guard.clone();
        let from = enc.errors.len();
        let cond = enc.condition(&require.cond)?;
        guard = and2(&guard, &errors_since(&enc, from).not());
        requires.push(Reached {
            guard: guard.clone(),
            cond: cond.clone(),
        });
        guard = and2(&guard, &cond);
    }
    run_lets(&mut enc, &mut guard, decision.lets.len())?;

    // Rules, first match.
    let mut rules = Vec::new();
    let mut rule_requires = Vec::new();
    let mut chosen = Vec::new();
    for (r, rule) in decision.rules.iter().enumerate() {
        enc.site = Site::When(r);
        enc.guard = guard.clone();
        let from = enc.errors.len();
        let cond = match &rule.when {
            Some(w) => enc.condition(w)?,
            None => t(),
        };
        guard = and2(&guard, &errors_since(&enc, from).not());
        rules.push(Reached {
            guard: guard.clone(),
            cond: cond.clone(),
        });
        let mut matched = and2(&guard, &cond);
        let mut reqs = Vec::new();
        for (k, q) in rule.requires.iter().enumerate() {
            enc.site = Site::RuleRequire(r, k);
            enc.guard = matched.clone();
            let from = enc.errors.len();
            let c = enc.condition(&q.cond)?;
            matched = and2(&matched, &errors_since(&enc, from).not());
            reqs.push(Reached {
                guard: matched.clone(),
                cond: c.clone(),
            });
            matched = and2(&matched, &c);
        }
        rule_requires.push(reqs);
        chosen.push(matched);
        guard = and2(&guard, &cond.not());
    }
    let gap = guard;

    // Outputs: each rule's, merged by which rule was chosen.
    let out_from = enc.errors.len();
    let mut outputs = Vec::with_capacity(decision.outputs.len());
    for (j, output) in decision.outputs.iter().enumerate() {
        let mut per_rule: Vec<Option<Sym>> = Vec::with_capacity(decision.rules.len());
        let mut computed: Option<Sym> = None;
        for (r, rule) in decision.rules.iter().enumerate() {
            let here = chosen.get(r).cloned().unwrap_or_else(crate::sym::f);
            let set = rule.outcome.iter().find(|(o, _)| *o as usize == j);
            let v = match (&output.source, set) {
                (_, Some((_, e))) => {
                    enc.site = Site::Outcome(r, j);
                    enc.guard = here;
                    Some(enc.expr(e)?)
                }
                (OutputSource::Reason, None) => Some(Sym::Text(int(enc.texts.id(&rule.reason)))),
                (OutputSource::Citation, None) => Some(Sym::Text(int(enc.texts.id(&rule.cite)))),
                (OutputSource::Computed(e), None) => {
                    if computed.is_none() {
                        // Evaluated once, under every rule that does not set it itself.
                        let users: Vec<Bool> = decision
                            .rules
                            .iter()
                            .enumerate()
                            .filter(|(_, q)| !q.outcome.iter().any(|(o, _)| *o as usize == j))
                            .filter_map(|(q, _)| chosen.get(q).cloned())
                            .collect();
                        enc.site = Site::Output(j);
                        enc.guard = or_all(&users);
                        computed = Some(enc.expr(e)?);
                    }
                    computed.clone()
                }
                (OutputSource::PerRule, None) => None,
            };
            per_rule.push(v);
        }
        // The last rule's value stands where no rule was chosen (then nothing is decided).
        let mut merged: Option<Sym> = None;
        for (r, v) in per_rule.into_iter().enumerate().rev() {
            let Some(v) = v else { continue };
            merged = Some(match merged {
                None => v,
                Some(other) => {
                    let here = chosen.get(r).cloned().unwrap_or_else(crate::sym::f);
                    merge(&here, &v, &other)?
                }
            });
        }
        outputs.push(merged.unwrap_or(Sym::Null));
    }
    let output_errors = errors_since(&enc, out_from);
    let decided = and2(&or_all(&chosen), &output_errors.not());
    let chosen: Vec<Bool> = chosen
        .iter()
        .map(|c| and2(c, &output_errors.not()))
        .collect();

    // Properties, over inputs and outputs.
    let mut props = Vec::new();
    for (index, property) in properties {
        props.push((
            *index,
            property_formula(&mut enc, &inputs, &outputs, property),
        ));
    }

    Ok(Encoded {
        enc,
        inputs,
        well_formed,
        domains,
        requires,
        rules,
        rule_requires,
        gap,
        decided,
        properties: props,
        chosen,
        outputs,
    })
}

/// A property's assumption and claim; a claim that fails to evaluate does not hold.
fn property_formula(
    enc: &mut Encoder<'_>,
    inputs: &[Sym],
    outputs: &[Sym],
    property: &Property,
) -> Enc<(Bool, Bool)> {
    let saved = std::mem::take(&mut enc.locals);
    enc.locals = inputs.iter().chain(outputs).cloned().map(Some).collect();
    enc.locals.resize(property.locals as usize, None);
    enc.site = Site::Property;
    enc.guard = t();
    let from = enc.errors.len();
    let result = (|| {
        let assume = match &property.assume {
            Some(a) => enc.condition(a)?,
            None => t(),
        };
        let assume_failed = errors_since(enc, from);
        let mid = enc.errors.len();
        let claim = enc.condition(&property.expect)?;
        let claim_failed = errors_since(enc, mid);
        Ok((
            and2(&assume, &assume_failed.not()),
            and(&[&claim, &claim_failed.not()]),
        ))
    })();
    enc.errors.truncate(from);
    enc.locals = saved;
    result
}
