//! Deciding: requires, first-match rules, outputs, and the trace that explains them.

use std::sync::Arc;

use regel_compiler::ir::{Decision, Expr, OutputSource, Program, Require, Value};

use crate::interp::{Frame, RuntimeError, eval_params};

/// A program with its parameters evaluated, ready to decide.
#[derive(Debug, Clone)]
pub struct Engine {
    program: Arc<Program>,
    params: Arc<[Value]>,
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
        Ok(Engine {
            program,
            params: params.into(),
        })
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
        let mut run = Run {
            frame: Frame {
                locals: inputs,
                params: &self.params,
            },
            decision,
            trace: explain.then(Vec::new),
        };
        run.frame
            .locals
            .resize(decision.locals as usize, Value::Null);
        run.decide()
    }

    /// The value of an input's default, evaluated against the parameters.
    pub fn default_of(&self, default: &Expr) -> Result<Value, RuntimeError> {
        Frame {
            locals: Vec::new(),
            params: &self.params,
        }
        .eval(default)
    }

    /// Whether an input's domain holds, with the decision's inputs as locals.
    pub fn holds(&self, domain: &Expr, inputs: &[Value]) -> Result<bool, RuntimeError> {
        Frame {
            locals: inputs.to_vec(),
            params: &self.params,
        }
        .truth(domain)
    }

    /// Evaluates a constant expression (test inputs, expected values).
    pub fn constant(&self, e: &Expr) -> Result<Value, RuntimeError> {
        self.default_of(e)
    }
}

struct Run<'a> {
    frame: Frame<'a>,
    decision: &'a Decision,
    trace: Option<Vec<Step>>,
}

impl Run<'_> {
    fn decide(&mut self) -> Result<Decided, Failure> {
        let d = self.decision;
        // Lets and decision-level requires run in source order, so a require may guard a let.
        let mut evaluated = 0;
        for require in &d.requires {
            self.lets(&mut evaluated, require.after_lets as usize)?;
            self.require(require)?;
        }
        self.lets(&mut evaluated, d.lets.len())?;
        for (index, rule) in d.rules.iter().enumerate() {
            let matched = match &rule.when {
                None => true,
                Some(when) => self.frame.truth(when).map_err(Failure::Runtime)?,
            };
            if let Some(trace) = &mut self.trace {
                let values = rule
                    .reads
                    .iter()
                    .map(|s| local_value(&self.frame, d, *s))
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
            for require in &rule.requires {
                self.require(require)?;
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
            let Some((_, slot, value)) = self.decision.lets.get(*evaluated) else {
                break;
            };
            let v = self.frame.eval(value).map_err(Failure::Runtime)?;
            if let Some(slot) = self.frame.locals.get_mut(*slot as usize) {
                *slot = v;
            }
            *evaluated += 1;
        }
        Ok(())
    }

    fn require(&mut self, require: &Require) -> Result<(), Failure> {
        let holds = self.frame.truth(&require.cond).map_err(Failure::Runtime)?;
        let d = self.decision;
        if let Some(trace) = &mut self.trace {
            let values = require
                .reads
                .iter()
                .map(|s| local_value(&self.frame, d, *s))
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
        let d = self.decision;
        let Some(rule) = d.rules.get(index) else {
            return Ok(Vec::new());
        };
        let mut values = Vec::with_capacity(d.outputs.len());
        for (i, output) in d.outputs.iter().enumerate() {
            let set = rule
                .outcome
                .iter()
                .find(|(o, _)| *o as usize == i)
                .map(|(_, e)| e);
            let value = match (&output.source, set) {
                (_, Some(e)) | (OutputSource::Computed(e), None) => {
                    self.frame.eval(e).map_err(Failure::Runtime)?
                }
                (OutputSource::Reason, None) => Value::Text(rule.reason.as_str().into()),
                (OutputSource::Citation, None) => Value::Text(rule.cite.as_str().into()),
                (OutputSource::PerRule, None) => Value::Null,
            };
            values.push(value);
        }
        Ok(values)
    }
}

fn local_value(frame: &Frame<'_>, d: &Decision, slot: u32) -> (String, Value) {
    let name = d
        .local_names
        .get(slot as usize)
        .cloned()
        .unwrap_or_default();
    let value = frame
        .locals
        .get(slot as usize)
        .cloned()
        .unwrap_or(Value::Null);
    (name, value)
}
