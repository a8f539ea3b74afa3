//! The decisions in Rego, evaluated by regorus (`peers/*.rego`).

use serde_json::Value as Json;

use super::{Decision, normalize, prepare};

/// One regorus engine per decision, its module parsed and prepared once.
pub struct Rego {
    engines: Vec<(Decision, regorus::Engine, String)>,
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

impl Rego {
    pub fn new() -> Result<Rego, String> {
        let engines = Decision::ALL
            .iter()
            .map(|d| {
                let (text, package) = module(*d);
                let mut engine = regorus::Engine::new();
                engine
                    .add_policy(format!("{package}.rego"), text.to_owned())
                    .map_err(|e| format!("{package}.rego: {e}"))?;
                Ok((*d, engine, format!("data.regel.{package}.beslut")))
            })
            .collect::<Result<_, String>>()?;
        Ok(Rego { engines })
    }

    /// The decision on `input`; `None` when the peer cannot answer.
    pub fn decide(&mut self, decision: Decision, input: &Json) -> Option<Json> {
        let prepared = prepare(decision, input)?;
        let (_, engine, rule) = self.engines.iter_mut().find(|(d, ..)| *d == decision)?;
        engine.set_input(regorus::Value::from(prepared));
        let value = engine.eval_rule(rule.clone()).ok()?;
        Some(normalize(decision, serde_json::to_value(&value).ok()?))
    }
}
