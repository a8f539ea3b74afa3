//! Deciding: requires, first-match rules, outputs, and the trace that explains them.

use std::sync::Arc;

use regel_compiler::ir::{Decision, Expr, Program, Require, Value};

use regel_runtime::RuntimeError;
pub use regel_runtime::{Failure, Rejection};

use crate::closures::{self, Compiled, Frame, Out, Slots, Test};
use crate::params::eval_params;

/// A program with its parameters evaluated and its decisions lowered, ready to decide.
#[derive(Debug, Clone)]
pub struct Engine {
    program: Arc<Program>,
    params: Arc<[Value]>,
    /// One per decision of the program, in its order.
    compiled: Arc<[Arc<Compiled>]>,
}

/// One step of the trace: a `require` checked or a rule tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    /// 1-based rule number within the decision (requires: 0).
    pub rule: u32,
    pub reason: String,
    pub paragraf: String,
    pub file: String,
    pub line: u32,
    /// Whether the rule matched (for a require: whether it held).
    pub matched: bool,
    /// The values of the inputs and `let`s the condition read.
    pub values: Vec<(String, Value)>,
    /// The condition tried (none for `otherwise`).
    pub condition: Option<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Require,
    Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// One value per output of the decision, in declared order.
    pub outputs: Vec<Value>,
    /// Index of the rule that matched.
    pub rule: usize,
}

/// What one run on a fresh frame left ([`Engine::decide`], [`Engine::decide_traced`]).
struct FreshRun {
    rule: Result<usize, Failure>,
    outputs: Vec<Value>,
    trace: Option<Vec<Step>>,
    locals: Vec<Value>,
}

/// A decision run with its trace ([`Engine::decide_traced`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    /// What was decided, or why not.
    pub result: Result<Decided, Failure>,
    /// The steps, up to the `require` that failed when one did.
    pub steps: Vec<Step>,
    /// The locals as the run left them: the inputs, each `let` it reached (null after a
    /// `require` that failed, except a count the `require`'s own pass over the list already
    /// gave: `lower::Fused`), and the element each list operator looked at last.
    pub locals: Vec<Value>,
}

impl Engine {
    /// Evaluates the parameters. Fails only when a parameter's own formula does.
    pub fn new(program: Arc<Program>) -> Result<Engine, (String, RuntimeError)> {
        Engine::with_overrides(program, &[])
    }

    /// As [`Engine::new`], with some parameters given other values (what-if).
    pub fn with_overrides(
        program: Arc<Program>,
        overrides: &[(u32, Value)],
    ) -> Result<Engine, (String, RuntimeError)> {
        let params = eval_params(&program, overrides)?;
        let compiled = program
            .decisions
            .iter()
            .map(|d| Arc::new(closures::compile(d, &params)))
            .collect();
        Ok(Engine {
            program,
            params: params.into(),
            compiled,
        })
    }

    /// The same engine with decisions lowered anew: its constants are its own, so threads
    /// deciding side by side with forks share no reference counts to bump.
    pub fn fork(&self) -> Engine {
        self.fork_where(|_| true)
    }

    /// [`Engine::fork`] for a thread that decides only the decision `name`: that one is
    /// lowered anew, the others are shared. A batch forks an engine per thread and batch;
    /// lowering every decision of the program was some ten million instructions each time.
    pub fn fork_for(&self, name: &str) -> Engine {
        self.fork_where(|d| d.name == name)
    }

    fn fork_where(&self, anew: impl Fn(&Decision) -> bool) -> Engine {
        let compiled = self
            .program
            .decisions
            .iter()
            .zip(self.compiled.iter())
            .map(|(d, compiled)| {
                if anew(d) {
                    Arc::new(closures::compile(d, &self.params))
                } else {
                    Arc::clone(compiled)
                }
            })
            .collect();
        Engine {
            program: self.program.clone(),
            params: self.params.clone(),
            compiled,
        }
    }

    /// The lowered form of `decision`: one of the program's (found by address), or lowered
    /// now for a decision from elsewhere.
    fn compiled(&self, decision: &Decision) -> Arc<Compiled> {
        let found = self
            .program
            .decisions
            .iter()
            .position(|d| std::ptr::eq(d.as_ref(), decision));
        match found.and_then(|i| self.compiled.get(i)) {
            Some(c) => c.clone(),
            None => Arc::new(closures::compile(decision, &self.params)),
        }
    }

    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    pub fn params(&self) -> &[Value] {
        &self.params
    }

    /// Decides with one value per input (defaults already applied; see [`crate::json`]);
    /// [`Engine::decide_traced`] gives the trace too.
    pub fn decide(&self, decision: &Decision, inputs: Vec<Value>) -> Result<Decided, Failure> {
        let run = self.run_fresh(decision, inputs, None);
        Ok(Decided {
            rule: run.rule?,
            outputs: run.outputs,
        })
    }

    /// Decides with the trace, and gives the trace also when no output was reached (a
    /// rejection's trace ends at the `require` that failed), with the locals the run left
    /// (what the motivering reads, so nothing is evaluated again).
    pub fn decide_traced(&self, decision: &Decision, inputs: Vec<Value>) -> Traced {
        let run = self.run_fresh(decision, inputs, Some(Vec::new()));
        let result = run.rule.map(|rule| Decided {
            outputs: run.outputs,
            rule,
        });
        Traced {
            result,
            steps: run.trace.unwrap_or_default(),
            locals: run.locals,
        }
    }

    /// One run of `decision` on a frame of its own, tracing into `trace` when given.
    fn run_fresh(
        &self,
        decision: &Decision,
        inputs: Vec<Value>,
        trace: Option<Vec<Step>>,
    ) -> FreshRun {
        let compiled = self.compiled(decision);
        let mut locals = inputs;
        locals.resize(decision.locals as usize, Value::Null);
        let mut slots = Slots::new(locals, compiled.memos);
        let mut outputs = Vec::with_capacity(decision.outputs.len());
        let mut run = Run {
            frame: &mut slots.frame(),
            decision,
            compiled: &compiled,
            trace,
        };
        let rule = run.decide(&mut outputs);
        let trace = run.trace.take();
        FreshRun {
            rule,
            outputs,
            trace,
            locals: slots.locals,
        }
    }

    /// A [`Decider`] for `decision`, which keeps its frame from one decision to the next.
    pub fn decider(&self, decision: &Arc<Decision>) -> Decider {
        let compiled = self.compiled(decision);
        let slots = Slots::new(vec![Value::Null; decision.locals as usize], compiled.memos);
        Decider {
            decision: decision.clone(),
            compiled,
            slots,
        }
    }

    /// The value of an input's default, evaluated against the parameters.
    pub fn default_of(&self, default: &Expr) -> Result<Value, RuntimeError> {
        closures::constant(default, &self.params)
    }

    /// Input `index` of `decision`'s default, computed when the engine was built.
    pub fn default_for(
        &self,
        decision: &Decision,
        index: usize,
    ) -> Option<Result<Value, RuntimeError>> {
        self.compiled(decision)
            .defaults
            .get(index)
            .cloned()
            .flatten()
    }

    /// Whether an input's domain holds, with the decision's inputs as locals.
    pub fn holds(&self, domain: &Expr, inputs: &[Value]) -> Result<bool, RuntimeError> {
        let (cond, memos) = closures::condition(domain, &self.params);
        cond(&mut Slots::new(inputs.to_vec(), memos).frame())
    }

    /// Whether input `index` of `decision` lies in its domain (true when it has none).
    pub fn domain_holds(
        &self,
        decision: &Decision,
        index: usize,
        inputs: &[Value],
    ) -> Result<bool, RuntimeError> {
        self.domain_slots(decision).holds(index, inputs)
    }

    /// The slots `decision`'s input domains are checked in, for a reader that checks many
    /// inputs to keep.
    pub(crate) fn domain_slots(&self, decision: &Decision) -> DomainSlots {
        let compiled = self.compiled(decision);
        let slots = Slots::new(vec![Value::Null; decision.locals as usize], compiled.memos);
        DomainSlots { compiled, slots }
    }

    /// Evaluates a constant expression (test inputs, expected values).
    pub fn constant(&self, e: &Expr) -> Result<Value, RuntimeError> {
        self.default_of(e)
    }
}

/// Where a decision's input domains (`where …`) are checked: the inputs read where the caller
/// holds them, as a [`Decider`] reads them, and the other slots (a lambda's element) and memos
/// kept from check to check. A check copied every input into slots of its own, about 870
/// instructions a check of `ersattning.vardpeng`'s, more than reading the input.
#[derive(Debug)]
pub(crate) struct DomainSlots {
    compiled: Arc<Compiled>,
    slots: Slots,
}

impl DomainSlots {
    /// Whether input `index`'s domain holds for `inputs` (one value per input).
    pub(crate) fn holds(&mut self, index: usize, inputs: &[Value]) -> Result<bool, RuntimeError> {
        match self.compiled.domains.get(index) {
            Some(Some(cond)) => cond(&mut Frame {
                inputs,
                locals: &mut self.slots.locals,
                memos: &mut self.slots.memos,
            }),
            _ => Ok(true),
        }
    }
}

/// Decides one decision many times (a batch, a benchmark) with one frame, so a decision
/// allocates nothing but what its outputs hold.
#[derive(Debug)]
pub struct Decider {
    decision: Arc<Decision>,
    compiled: Arc<Compiled>,
    /// The locals and memos kept from one decision to the next (no inputs: those are read
    /// where each call holds them).
    slots: Slots,
}

impl Decider {
    pub fn decision(&self) -> &Arc<Decision> {
        &self.decision
    }

    /// Decides on one value per input (defaults already applied).
    pub fn decide(&mut self, inputs: &[Value]) -> Result<Decided, Failure> {
        let mut outputs = Vec::with_capacity(self.decision.outputs.len());
        let rule = self.run(inputs, |run| run.decide(&mut outputs));
        Ok(Decided {
            outputs,
            rule: rule?,
        })
    }

    /// Decides without a trace, writing the outputs into `outputs` (in place of what it held:
    /// afterwards it holds exactly the outputs, or on a failure those computed before it), and
    /// gives the index of the rule that matched.
    pub fn decide_into(
        &mut self,
        inputs: &[Value],
        outputs: &mut Vec<Value>,
    ) -> Result<usize, Failure> {
        // The planned run's answer comes back in registers; a `Result` carrying a `Failure`
        // comes back through memory, and copying it on stalled the load that read it.
        match self.run(inputs, |run| run.planned(outputs)) {
            Some(rule) => Ok(rule),
            None => self.general_into(inputs, outputs),
        }
    }

    /// [`Decider::decide_into`] on the general path, after the planned run gave up.
    #[cold]
    #[inline(never)]
    fn general_into(
        &mut self,
        inputs: &[Value],
        outputs: &mut Vec<Value>,
    ) -> Result<usize, Failure> {
        self.run(inputs, |run| run.general(outputs))
    }

    /// `go` on a frame that reads `inputs` in place; the frame's locals and memos are kept
    /// for the next decision.
    #[inline]
    fn run<R>(&mut self, inputs: &[Value], go: impl FnOnce(&mut Run) -> R) -> R {
        let n = self.decision.inputs.len().min(inputs.len());
        let (own, extra) = inputs.split_at(n);
        let mut frame = Frame {
            inputs: own,
            locals: &mut self.slots.locals,
            memos: &mut self.slots.memos,
        };
        // The other locals start as null, as they would in a frame of their own; values given
        // beyond the decision's inputs stand in the slots that follow, as they always did.
        // With exactly the decision's inputs this is skipped: every `let` and
        // element slot is written before it is read, so what the last decision left there is
        // never seen.
        let locals = &mut *frame.locals;
        let size = self.decision.locals as usize;
        let stale = locals.len() != size;
        if stale {
            locals.resize(size, Value::Null);
        }
        if stale || inputs.len() != self.decision.inputs.len() {
            let mut extra = extra.iter();
            for slot in locals.iter_mut().skip(n) {
                *slot = extra.next().cloned().unwrap_or(Value::Null);
            }
        }
        go(&mut Run {
            frame: &mut frame,
            decision: &self.decision,
            compiled: &self.compiled,
            trace: None,
        })
    }
}

struct Run<'a, 'i> {
    frame: &'a mut Frame<'i>,
    decision: &'a Decision,
    compiled: &'a Compiled,
    trace: Option<Vec<Step>>,
}

impl<'a> Run<'a, '_> {
    /// Runs requires, lets and rules; the matched rule's outputs are written into `outputs`
    /// (in place of what it held; emptied when no rule is reached).
    fn decide(&mut self, outputs: &mut Vec<Value>) -> Result<usize, Failure> {
        if self.trace.is_none()
            && let Some(index) = self.planned(outputs)
        {
            return Ok(index);
        }
        self.general(outputs)
    }

    /// Runs requires, lets and rules on the general path, with the trace if one is kept.
    fn general(&mut self, outputs: &mut Vec<Value>) -> Result<usize, Failure> {
        match self.choose() {
            Ok(index) => self.outputs(index, outputs).map(|()| index),
            Err(failure) => {
                outputs.clear();
                Err(failure)
            }
        }
    }

    /// The decision on the planned path, without a trace: typed closures and plain values,
    /// no `Result` carried through each step. `None` when anything is not as planned (a
    /// closure that gives up, a failure, a `require` that does not hold, no rule that
    /// matches): the general run then decides from the start, with its own errors and
    /// rejections. Conditions and values are pure, so what this run left in the frame and in
    /// `outputs` is written again.
    fn planned(&mut self, outputs: &mut Vec<Value>) -> Option<usize> {
        let c = self.compiled;
        let mut evaluated = 0;
        for (after, test) in c.planned_after.iter().zip(&c.requires) {
            self.planned_lets(&mut evaluated, *after)?;
            if !test.fast(self.frame)? {
                return None;
            }
        }
        self.planned_lets(&mut evaluated, c.planned_lets.len())?;
        let (index, rule) = self.planned_rule()?;
        // Only when the length differs: `truncate` calls the drop of an empty tail. Then each
        // output is written over its slot, with no bounds check or push per output.
        if outputs.len() != rule.outputs.len() {
            outputs.resize(rule.outputs.len(), Value::Null);
        }
        for (out, slot) in rule.outputs.iter().zip(outputs.iter_mut()) {
            out.write_fast(self.frame, slot)?;
        }
        Some(index)
    }

    /// The `let`s up to `upto`, on the planned path.
    #[inline(always)]
    fn planned_lets(&mut self, evaluated: &mut usize, upto: usize) -> Option<()> {
        while *evaluated < upto {
            let (slot, value) = self.compiled.planned_lets.get(*evaluated)?;
            value.set_fast(self.frame, *slot as usize)?;
            *evaluated += 1;
        }
        Some(())
    }

    /// The first rule that matches and whose own requires hold, on the planned path.
    #[inline(always)]
    fn planned_rule(&mut self) -> Option<(usize, &'a closures::Rule)> {
        let c: &'a Compiled = self.compiled;
        for (index, rule) in c.rules.iter().enumerate() {
            let matched = match &rule.when {
                None => true,
                Some(when) => when.fast(self.frame)?,
            };
            if !matched {
                continue;
            }
            for test in &rule.requires {
                if !test.fast(self.frame)? {
                    return None;
                }
            }
            return Some((index, rule));
        }
        None
    }

    /// Runs requires, lets and rules up to the rule that matches (with its own requires).
    fn choose(&mut self) -> Result<usize, Failure> {
        let (d, c) = (self.decision, self.compiled);
        // Lets and decision-level requires run in source order, so a require may guard a let.
        let mut evaluated = 0;
        for (require, cond) in d.requires.iter().zip(&c.requires) {
            self.lets(&mut evaluated, require.after_lets as usize)?;
            self.require(require, cond)?;
        }
        self.lets(&mut evaluated, d.lets.len())?;
        for (index, lowered) in c.rules.iter().enumerate() {
            let matched = match &lowered.when {
                None => true,
                Some(when) => when.holds(self.frame).map_err(Failure::Runtime)?,
            };
            if self.trace.is_some() {
                self.record_rule(index, matched);
            }
            if !matched {
                continue;
            }
            if let Some(rule) = d.rules.get(index) {
                for (require, cond) in rule.requires.iter().zip(&lowered.requires) {
                    self.require(require, cond)?;
                }
            }
            return Ok(index);
        }
        Err(Failure::Runtime(RuntimeError {
            message: format!("no rule of `{}` matched", d.name),
        }))
    }

    #[inline]
    fn lets(&mut self, evaluated: &mut usize, upto: usize) -> Result<(), Failure> {
        while *evaluated < upto {
            let Some((slot, value)) = self.compiled.lets.get(*evaluated) else {
                break;
            };
            let v = value.run(self.frame).map_err(Failure::Runtime)?;
            self.frame.set(*slot as usize, v);
            *evaluated += 1;
        }
        Ok(())
    }

    #[inline]
    fn require(&mut self, require: &Require, test: &Test) -> Result<(), Failure> {
        let holds = test.holds(self.frame).map_err(Failure::Runtime)?;
        if self.trace.is_some() {
            self.record_require(require, holds);
        }
        if holds {
            return Ok(());
        }
        Err(rejection(self.decision, require))
    }

    /// The trace's step for rule `index`, tried (kept out of the untraced path).
    #[cold]
    fn record_rule(&mut self, index: usize, matched: bool) {
        let Some(rule) = self.decision.rules.get(index) else {
            return;
        };
        let tried = Tried {
            kind: StepKind::Rule,
            rule: index as u32 + 1,
            reason: &rule.reason,
            cite: &rule.cite,
            line: rule.line,
            reads: &rule.reads,
            condition: rule.when.as_ref(),
        };
        self.record(tried, matched);
    }

    /// The trace's step for a `require`, checked.
    #[cold]
    fn record_require(&mut self, require: &Require, holds: bool) {
        let tried = Tried {
            kind: StepKind::Require,
            rule: 0,
            reason: &require.reason,
            cite: &require.cite,
            line: require.line,
            reads: &require.reads,
            condition: Some(&require.cond),
        };
        self.record(tried, holds);
    }

    fn record(&mut self, tried: Tried<'_>, matched: bool) {
        let d = self.decision;
        let values = tried
            .reads
            .iter()
            .map(|s| local_value(self.frame, d, *s))
            .collect();
        if let Some(trace) = &mut self.trace {
            trace.push(Step {
                kind: tried.kind,
                rule: tried.rule,
                reason: tried.reason.to_owned(),
                paragraf: tried.cite.to_owned(),
                file: d.origin.file.clone(),
                line: d.origin.line + tried.line,
                matched,
                values,
                condition: tried.condition.cloned(),
            });
        }
    }

    /// Writes rule `index`'s outputs over what `values` held, and drops any beyond them; on a
    /// failure `values` keeps the outputs computed before it.
    fn outputs(&mut self, index: usize, values: &mut Vec<Value>) -> Result<(), Failure> {
        let outs: &[Out] = match self.compiled.rules.get(index) {
            Some(rule) => &rule.outputs,
            None => &[],
        };
        values.truncate(outs.len());
        for (i, out) in outs.iter().enumerate() {
            let written = match values.get_mut(i) {
                Some(slot) => out.write(self.frame, slot),
                None => {
                    let mut slot = Value::Null;
                    let written = out.write(self.frame, &mut slot);
                    values.push(slot);
                    written
                }
            };
            if let Err(e) = written {
                values.truncate(i);
                return Err(Failure::Runtime(e));
            }
        }
        Ok(())
    }
}

/// A `require` or a rule as the trace records it.
struct Tried<'d> {
    kind: StepKind,
    /// 1-based rule number (requires: 0).
    rule: u32,
    reason: &'d str,
    cite: &'d str,
    line: u32,
    reads: &'d [u32],
    condition: Option<&'d Expr>,
}

/// The rejection of a `require` that does not hold.
#[cold]
fn rejection(d: &Decision, require: &Require) -> Failure {
    let inputs = require
        .reads
        .iter()
        .filter_map(|s| d.inputs.get(*s as usize).map(|i| i.name.clone()))
        .collect();
    Failure::Rejected(Rejection {
        reason: require.reason.clone(),
        paragraf: require.cite.clone(),
        inputs,
    })
}

fn local_value(frame: &Frame<'_>, d: &Decision, slot: u32) -> (String, Value) {
    let name = d
        .local_names
        .get(slot as usize)
        .cloned()
        .unwrap_or_default();
    let value = frame.get(slot as usize).cloned().unwrap_or(Value::Null);
    (name, value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const POLICY: &str = r#"
decision a {
  input n: Int
  output m: Int = n + 1
  output skal
  output paragraf
  otherwise
    then {}
    because ok
}

decision b {
  input n: Int
  output m: Int = n * 2
  output skal
  output paragraf
  otherwise
    then {}
    because ok
}
"#;

    #[test]
    fn a_fork_for_one_decision_lowers_that_one_anew_and_shares_the_others() {
        let engine = Engine::new(regel_testing::program_of(POLICY)).unwrap();
        let fork = engine.fork_for("b");
        let lowered_anew: Vec<bool> = engine
            .compiled
            .iter()
            .zip(fork.compiled.iter())
            .map(|(a, b)| !Arc::ptr_eq(a, b))
            .collect();
        assert_eq!(lowered_anew, [false, true]);
        let all = engine.fork();
        assert!(
            engine
                .compiled
                .iter()
                .zip(all.compiled.iter())
                .all(|(a, b)| !Arc::ptr_eq(a, b))
        );
        for (name, m) in [("a", 8), ("b", 14)] {
            let d = engine.program().decision(name).unwrap().1;
            for e in [&engine, &fork, &all] {
                let decided = e.decide(d, vec![Value::Int(7)]).unwrap();
                assert_eq!(decided.outputs[0], Value::Int(m), "{name}");
            }
        }
    }
}
