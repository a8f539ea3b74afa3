//! A `property` block: a claim over one decision's inputs and outputs, type-checked like a
//! condition. Its names are the decision's inputs and outputs (an output shadows an input of
//! the same name) and the version's parameters; `regel verify` proves it.

use regel_syntax::{self as ast};

use super::Cx;
use super::names::Def;
use crate::diagnostic::{Diag, suggest};
use crate::index::DecisionSig;
use crate::ir;

/// Checks a property of `decision` (its signature, if there is one of the name it gives).
/// The IR says decision 0: [`super::check_item`] puts in where the decision stands.
pub(super) fn check<'n>(
    cx: &mut Cx<'_>,
    p: &ast::PropertyBlock,
    decision: Option<&DecisionSig>,
    names: impl FnOnce() -> &'n Vec<String>,
) -> Option<ir::Property> {
    let name = p.decision.text();
    let Some(sig) = decision else {
        let help = suggest(
            &name,
            names().iter().map(String::as_str).collect::<Vec<_>>(),
        );
        cx.report(
            Diag::error(
                "E0104",
                p.decision.span,
                format!("unknown decision `{name}`"),
            )
            .label("no decision of that name")
            .help_opt(help),
        );
        return None;
    };
    cx.names
        .refer(p.decision.span, Def::Decision(name.clone()), None);
    cx.names.decision = Some(name);
    // Locals: the inputs, then the outputs, in the decision's order.
    let members = sig.inputs.iter().map(|(n, t, _)| (n, t));
    for (member, ty) in members.chain(sig.outputs.iter().map(|(n, t, _)| (n, t))) {
        let slot = cx.declare(member, ty.clone());
        cx.names.bind_elsewhere(slot, member);
    }
    let assume = p.assume.as_ref().map(|a| cx.condition(a, "when"));
    let expect = cx.condition(&p.expect, "expect");
    Some(ir::Property {
        name: p.name.value.clone(),
        decision: 0,
        locals: u32::try_from(cx.local_names.len()).unwrap_or(u32::MAX),
        local_types: cx.local_types.clone(),
        assume,
        expect,
        origin: ir::Origin::default(),
    })
}
