//! Engines built from each version's program, kept while the program is unchanged (salsa
//! hands back the same `Arc` until an edit changes it): one per version, the last built.

use std::collections::HashMap;
use std::sync::Arc;

use regel_compiler::ir::{Program, Value};
use regel_eval::Engine;

use crate::error::{Error, INTERNAL_ERROR, INVALID_PARAMS};

#[derive(Default)]
pub struct Engines {
    /// By the version's id.
    built: HashMap<String, (Arc<Program>, Engine)>,
}

impl Engines {
    /// The engine of `program`, built only when it is not the program last built for its
    /// version. Check the version for compile errors first ([`crate::decide::compile_errors`]).
    pub fn engine(&mut self, program: &Arc<Program>) -> Result<Engine, Error> {
        if let Some((p, e)) = self.built.get(&program.info.id)
            && Arc::ptr_eq(p, program)
        {
            return Ok(e.clone());
        }
        let engine = build(program.clone())?;
        self.built
            .insert(program.info.id.clone(), (program.clone(), engine.clone()));
        Ok(engine)
    }
}

/// An engine of `program`: its parameters evaluated once.
pub fn build(program: Arc<Program>) -> Result<Engine, Error> {
    Engine::new(program).map_err(|(p, e)| {
        Error::new(
            INTERNAL_ERROR,
            format!("parameter `{p}` cannot be evaluated: {}", e.message),
        )
    })
}

/// An engine of `program` with `overrides` (a parameter's index and value) in place of the
/// parameters' own values: the what-if of the API's `overrides` and of "Kör" on a test with
/// `with`. A parameter that then cannot be evaluated is an error of the request.
pub fn with_overrides(program: Arc<Program>, overrides: &[(u32, Value)]) -> Result<Engine, Error> {
    Engine::with_overrides(program, overrides).map_err(|(p, e)| {
        Error::new(
            INVALID_PARAMS,
            format!(
                "with these overrides, parameter `{p}` cannot be evaluated: {}",
                e.message
            ),
        )
    })
}

/// Refuses an override of parameter `index` outside the parameter's own domain, as an input
/// outside its own (`got`: the value as the request wrote it): the error of the API's
/// `overrides` at `/overrides/NAME`, and of "Kör" on a test whose `with` gives such a value.
pub fn within_domain(program: &Program, index: u32, value: &Value, got: &str) -> Result<(), Error> {
    let outside = regel_eval::outside_param_domain(program, index, value)
        .map_err(|e| crate::decide::not_evaluated(&e))?;
    let (Some(domain), Some(def)) = (outside, program.params.get(index as usize)) else {
        return Ok(());
    };
    let name = &def.name;
    Err(Error::params(
        format!("`{name}` must satisfy `{domain}`, got {got}"),
        &format!("/overrides/{name}"),
        &format!(
            "{} with {domain}",
            regel_eval::json::expected_form(program, &def.ty)
        ),
        got,
    ))
}
