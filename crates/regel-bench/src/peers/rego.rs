//! The decisions in Rego (`peers/*.rego`), evaluated by regorus two ways: its interpreter
//! (`Engine::eval_rule`) and its compiled path, the RVM (the policy compiled with
//! `Engine::compile_with_entrypoint`, then to an RVM program by
//! `languages::rego::compiler::Compiler::compile_from_policy`, run by `rvm::vm::RegoVM`).
//! The modules take Regel's JSON input as it is: they do their own date arithmetic and read
//! amounts from their texts.

use std::sync::Arc;

use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::Program;
use regorus::rvm::vm::RegoVM;
use serde_json::Value as Json;

use super::{Decision, normalize};

/// The module of a decision (`peers/*.rego`).
pub fn source(decision: Decision) -> &'static str {
    module(decision).0
}

fn module(decision: Decision) -> (&'static str, &'static str) {
    match decision {
        Decision::ListningByte => (include_str!("../../peers/listning.rego"), "listning"),
        Decision::Kapacitetsstopp => (
            include_str!("../../peers/kapacitetsstopp.rego"),
            "kapacitetsstopp",
        ),
        Decision::SanktionVite => (include_str!("../../peers/sanktion.rego"), "sanktion"),
        Decision::ErsattningVardpeng => (include_str!("../../peers/ersattning.rego"), "ersattning"),
    }
}

/// A regorus engine holding the decision's module, and the rule that answers it.
fn engine(decision: Decision) -> Result<(regorus::Engine, String), String> {
    let (text, package) = module(decision);
    engine_of(text, package)
}

/// A regorus engine holding `text`, a module of package `regel.<package>`, and its rule.
fn engine_of(text: &str, package: &str) -> Result<(regorus::Engine, String), String> {
    let mut engine = regorus::Engine::new();
    engine
        .add_policy(format!("{package}.rego"), text.to_owned())
        .map_err(|e| format!("{package}.rego: {e}"))?;
    Ok((engine, format!("data.regel.{package}.beslut")))
}

/// A regorus answer in Regel's shape; `None` when it is not JSON.
fn answer(decision: Decision, value: &regorus::Value) -> Option<Json> {
    Some(normalize(decision, serde_json::to_value(value).ok()?))
}

/// regorus's interpreter: one engine per decision, its module parsed and prepared once.
pub struct Rego {
    engines: Vec<(Decision, regorus::Engine, String)>,
}

impl Rego {
    pub fn new() -> Result<Rego, String> {
        let engines = Decision::ALL
            .iter()
            .map(|d| engine(*d).map(|(engine, rule)| (*d, engine, rule)))
            .collect::<Result<_, String>>()?;
        Ok(Rego { engines })
    }

    /// The decision on `input`; `None` when the peer cannot answer.
    pub fn decide(&mut self, decision: Decision, input: &Json) -> Option<Json> {
        let (_, engine, rule) = self.engines.iter_mut().find(|(d, ..)| *d == decision)?;
        engine.set_input(regorus::Value::from(input.clone()));
        let value = engine.eval_rule(rule.clone()).ok()?;
        answer(decision, &value)
    }
}

/// regorus's compiled path: the decision's rule compiled to an RVM program, run by a VM that
/// is kept across evaluations (as regorus's own benches do).
pub struct Rvm {
    vm: RegoVM,
    decision: Decision,
}

/// The RVM program of a decision's rule in `text`.
fn program(decision: Decision, text: &str) -> Result<Arc<Program>, String> {
    let (mut engine, rule) = engine_of(text, module(decision).1)?;
    let policy = engine
        .compile_with_entrypoint(&rule.as_str().into())
        .map_err(|e| format!("{}: {e}", decision.name()))?;
    Compiler::compile_from_policy(&policy, &[rule.as_str()])
        .map_err(|e| format!("{}: {e}", decision.name()))
}

impl Rvm {
    pub fn new(decision: Decision) -> Result<Rvm, String> {
        Rvm::with_source(decision, module(decision).0)
    }

    /// The decision written as `text` (a module of the package its `peers/*.rego` has).
    pub fn with_source(decision: Decision, text: &str) -> Result<Rvm, String> {
        let mut vm = RegoVM::new();
        vm.load_program(program(decision, text)?);
        Ok(Rvm { vm, decision })
    }

    /// The input in regorus's own value type, built before an evaluation is timed.
    pub fn input(input: &Json) -> regorus::Value {
        regorus::Value::from(input.clone())
    }

    /// The RVM program of the decision written as `text`, as regorus lists it.
    pub fn listing(decision: Decision, text: &str) -> Result<String, String> {
        use regorus::rvm::program::{AssemblyListingConfig, generate_assembly_listing};
        let program = program(decision, text)?;
        Ok(generate_assembly_listing(
            &program,
            &AssemblyListingConfig::default(),
        ))
    }

    /// Eval only: the rule on an input already in regorus's value type.
    pub fn eval(&mut self, input: &regorus::Value) -> Option<regorus::Value> {
        self.vm.set_input(input.clone());
        self.vm.execute().ok()
    }

    /// End to end: JSON text in, JSON text out.
    pub fn eval_json(&mut self, input: &str) -> Option<String> {
        self.vm
            .set_input(regorus::Value::from_json_str(input).ok()?);
        serde_json::to_string(&self.vm.execute().ok()?).ok()
    }

    /// The decision on `input` in Regel's shape; `None` when the peer cannot answer.
    pub fn decide(&mut self, input: &Json) -> Option<Json> {
        let value = self.eval(&Rvm::input(input))?;
        answer(self.decision, &value)
    }

    /// The same through the JSON texts of [`Rvm::eval_json`].
    pub fn decide_json(&mut self, input: &Json) -> Option<Json> {
        let text = self.eval_json(&input.to_string())?;
        Some(normalize(self.decision, serde_json::from_str(&text).ok()?))
    }
}
