//! Deciding: requires, first-match rules, outputs, and the trace that explains them.

use std::sync::Arc;

use regel_compiler::ir::{Decision, Expr, Program, Require, Value};

use crate::compiled::{self, Compiled, Node, Out};
use crate::interp::{RuntimeError, eval_params};
use crate::vm::Vm;

/// A program with its parameters evaluated and its decisions lowered, ready to decide.
#[derive(Debug, Clone)]
pub struct Engine {
    program: Arc<Program>,
    params: Arc<[Value]>,
    /// One per decision of the program, in its order.
    compiled: Arc<[Arc<Compiled>]>,
}

/// Why a decision gave no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A `require` failed: the policy rejects the input.
    Rejected(Rejection),
    /// The policy could not be evaluated (overflow, division by zero, …).
    Runtime(RuntimeError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub reason: String,
    pub paragraf: String,
    /// The inputs the failed condition reads.
    pub inputs: Vec<String>,
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
    pub trace: Option<Vec<Step>>,
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
            .map(|d| Arc::new(compiled::compile(d, &params)))
            .collect();
        Ok(Engine {
            program,
            params: params.into(),
            compiled,
        })
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
            None => Arc::new(compiled::compile(decision, &self.params)),
        }
    }

    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    pub fn params(&self) -> &[Value] {
        &self.params
    }

    /// Decides with one value per input (defaults already applied; see [`crate::json`]).
    pub fn decide(
        &self,
        decision: &Decision,
        inputs: Vec<Value>,
        explain: bool,
    ) -> Result<Decided, Failure> {
        let compiled = self.compiled(decision);
        let mut locals = inputs;
        locals.resize(decision.locals as usize, Value::Null);
        let mut run = Run {
            vm: Vm::new(locals, compiled.memos),
            decision,
            compiled: &compiled,
            trace: explain.then(Vec::new),
        };
        run.decide()
    }

    /// The value of an input's default, evaluated against the parameters.
    pub fn default_of(&self, default: &Expr) -> Result<Value, RuntimeError> {
        compiled::constant(default, &self.params)
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
        let (node, memos) = compiled::expression(domain, &self.params);
        Vm::new(inputs.to_vec(), memos).truth(&node)
    }

    /// Whether input `index` of `decision` lies in its domain (true when it has none).
    pub fn domain_holds(
        &self,
        decision: &Decision,
        index: usize,
        inputs: &[Value],
    ) -> Result<bool, RuntimeError> {
        let compiled = self.compiled(decision);
        match compiled.domains.get(index) {
            Some(Some(node)) => Vm::new(inputs.to_vec(), compiled.memos).truth(node),
            _ => Ok(true),
        }
    }

    /// Evaluates a constant expression (test inputs, expected values).
    pub fn constant(&self, e: &Expr) -> Result<Value, RuntimeError> {
        self.default_of(e)
    }
}

struct Run<'a> {
    vm: Vm,
    decision: &'a Decision,
    compiled: &'a Compiled,
    trace: Option<Vec<Step>>,
}

impl Run<'_> {
    fn decide(&mut self) -> Result<Decided, Failure> {
        let (d, c) = (self.decision, self.compiled);
        // Lets and decision-level requires run in source order, so a require may guard a let.
        let mut evaluated = 0;
        for (require, cond) in d.requires.iter().zip(&c.requires) {
            self.lets(&mut evaluated, require.after_lets as usize)?;
            self.require(require, cond)?;
        }
        self.lets(&mut evaluated, d.lets.len())?;
        for (index, (rule, lowered)) in d.rules.iter().zip(&c.rules).enumerate() {
            let matched = match &lowered.when {
                None => true,
                Some(when) => self.vm.truth(when).map_err(Failure::Runtime)?,
            };
            if let Some(trace) = &mut self.trace {
                let values = rule
                    .reads
                    .iter()
                    .map(|s| local_value(&self.vm, d, *s))
                    .collect();
                trace.push(Step {
                    kind: StepKind::Rule,
                    rule: index as u32 + 1,
                    reason: rule.reason.clone(),
                    paragraf: rule.cite.clone(),
                    file: d.origin.file.clone(),
                    line: d.origin.line + rule.line,
                    matched,
                    values,
                });
            }
            if !matched {
                continue;
            }
            for (require, cond) in rule.requires.iter().zip(&lowered.requires) {
                self.require(require, cond)?;
            }
            let outputs = self.outputs(index)?;
            return Ok(Decided {
                outputs,
                rule: index,
                trace: self.trace.take(),
            });
        }
        Err(Failure::Runtime(RuntimeError {
            message: format!("no rule of `{}` matched", d.name),
        }))
    }

    fn lets(&mut self, evaluated: &mut usize, upto: usize) -> Result<(), Failure> {
        while *evaluated < upto {
            let Some((slot, value)) = self.compiled.lets.get(*evaluated) else {
                break;
            };
            let v = self.vm.eval(value).map_err(Failure::Runtime)?;
            if let Some(slot) = self.vm.locals.get_mut(*slot as usize) {
                *slot = v;
            }
            *evaluated += 1;
        }
        Ok(())
    }

    fn require(&mut self, require: &Require, cond: &Node) -> Result<(), Failure> {
        let holds = self.vm.truth(cond).map_err(Failure::Runtime)?;
        let d = self.decision;
        if let Some(trace) = &mut self.trace {
            let values = require
                .reads
                .iter()
                .map(|s| local_value(&self.vm, d, *s))
                .collect();
            trace.push(Step {
                kind: StepKind::Require,
                rule: 0,
                reason: require.reason.clone(),
                paragraf: require.cite.clone(),
                file: d.origin.file.clone(),
                line: d.origin.line + require.line,
                matched: holds,
                values,
            });
        }
        if holds {
            return Ok(());
        }
        let inputs = require
            .reads
            .iter()
            .filter_map(|s| d.inputs.get(*s as usize).map(|i| i.name.clone()))
            .collect();
        Err(Failure::Rejected(Rejection {
            reason: require.reason.clone(),
            paragraf: require.cite.clone(),
            inputs,
        }))
    }

    fn outputs(&mut self, index: usize) -> Result<Vec<Value>, Failure> {
        let Some(rule) = self.compiled.rules.get(index) else {
            return Ok(Vec::new());
        };
        let mut values = Vec::with_capacity(rule.outputs.len());
        for out in &rule.outputs {
            values.push(match out {
                Out::Node(node) => self.vm.eval(node).map_err(Failure::Runtime)?,
                Out::Value(v) => v.clone(),
            });
        }
        Ok(values)
    }
}

fn local_value(vm: &Vm, d: &Decision, slot: u32) -> (String, Value) {
    let name = d
        .local_names
        .get(slot as usize)
        .cloned()
        .unwrap_or_default();
    let value = vm.locals.get(slot as usize).cloned().unwrap_or(Value::Null);
    (name, value)
}
