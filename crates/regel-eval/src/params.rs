//! The parameters of a version evaluated in dependency order, each held to its domain
//! (`where …`).

use regel_compiler::ir::{Program, Value};
use regel_runtime::error::{RuntimeError, fail};

use crate::closures::constant;

/// Evaluates the parameters of a program in dependency order; `overrides` replace values.
pub fn eval_params(
    program: &Program,
    overrides: &[(u32, Value)],
) -> Result<Vec<Value>, (String, RuntimeError)> {
    let mut params = vec![Value::Null; program.params.len()];
    for &p in &program.param_order {
        let Some(def) = program.params.get(p as usize) else {
            continue;
        };
        let value = match overrides.iter().find(|(i, _)| *i == p) {
            Some((_, v)) => v.clone(),
            None => constant(&def.value, &params).map_err(|e| (def.name.clone(), e))?,
        };
        if let Some(slot) = params.get_mut(p as usize) {
            *slot = value;
        }
        if let Some(domain) = outside_domain(def, p, &params).map_err(|e| (def.name.clone(), e))? {
            let value = params.get(p as usize).unwrap_or(&Value::Null);
            let shown = crate::json::to_json(program, &def.ty, value)
                .map_or_else(|_| "a value".to_owned(), |j| j.to_string());
            let message = format!("`{}` must satisfy `{domain}`, got {shown}", def.name);
            return Err((def.name.clone(), fail(message)));
        }
    }
    Ok(params)
}

/// Every parameter's own value, in the program's order (no overrides): the first that cannot
/// be evaluated, or falls outside its own domain, is the error, with its name.
pub fn param_values(program: &Program) -> Result<Vec<Value>, (String, RuntimeError)> {
    eval_params(program, &[])
}

/// The text of the domain (`where …`) of parameter `index` when its value in `params` is
/// outside it; `None` when it is within (or the parameter has no domain).
fn outside_domain<'d>(
    def: &'d regel_compiler::ir::ParamDef,
    index: u32,
    params: &[Value],
) -> Result<Option<&'d str>, RuntimeError> {
    let Some((cond, text)) = &def.domain else {
        return Ok(None);
    };
    match constant(cond, params)? {
        Value::Bool(true) => Ok(None),
        Value::Bool(false) => Ok(Some(text)),
        _ => Err(fail(format!(
            "internal: the domain of parameter {index} did not give true or false"
        ))),
    }
}

/// The text of the domain of parameter `index` when `value` is outside it (an override
/// checked before it is used); `None` when it is within.
pub fn outside_param_domain<'p>(
    program: &'p Program,
    index: u32,
    value: &Value,
) -> Result<Option<&'p str>, RuntimeError> {
    let Some(def) = program.params.get(index as usize) else {
        return Ok(None);
    };
    let mut params = vec![Value::Null; program.params.len()];
    if let Some(slot) = params.get_mut(index as usize) {
        *slot = value.clone();
    }
    outside_domain(def, index, &params)
}
