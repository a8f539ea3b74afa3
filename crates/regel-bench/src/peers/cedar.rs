//! The two decisions that can be put as allow/deny, in Cedar (`peers/*.cedar`).
//!
//! Cedar answers whether a principal may take an action; it has no dates, lists of dates or
//! month arithmetic. So for `listning.byte` the switches in the period are counted in Rust and
//! handed over with the flags (absent ones at their defaults) as the request's context, and
//! Cedar decides whether the switch is granted (`utfall == beviljas`); for
//! `kapacitetsstopp.beslut` whether the stop lies within three months is computed in Rust, and
//! Cedar decides whether the regiondirektör may decide it (`beslutsfattare == regiondirektor`).
//! The other outputs (reason, citation, the count itself) are not Cedar's to give.

use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision as Answer, Entities, EntityUid, PolicySet, Request,
};
use chrono::Months;
use serde_json::{Value as Json, json};

use super::Decision;
use crate::listning::date;

pub struct Cedar {
    authorizer: Authorizer,
    listning: PolicySet,
    stopp: PolicySet,
    entities: Entities,
    uids: [EntityUid; 4],
}

fn uid(text: &str) -> Result<EntityUid, String> {
    EntityUid::from_str(text).map_err(|e| e.to_string())
}

impl Cedar {
    pub fn new() -> Result<Cedar, String> {
        let policies = |text: &str| PolicySet::from_str(text).map_err(|e| e.to_string());
        Ok(Cedar {
            authorizer: Authorizer::new(),
            listning: policies(include_str!("../../peers/listning.cedar"))?,
            stopp: policies(include_str!("../../peers/kapacitetsstopp.cedar"))?,
            entities: Entities::empty(),
            uids: [
                uid(r#"Invanare::"x""#)?,
                uid(r#"Action::"byta""#)?,
                uid(r#"Beslutsfattare::"regiondirektor""#)?,
                uid(r#"Action::"besluta""#)?,
            ],
        })
    }

    /// Allow or deny, for the decisions Cedar can express; `None` otherwise.
    pub fn decide(&self, decision: Decision, input: &Json) -> Option<bool> {
        let [invanare, byta, regiondirektor, besluta] = &self.uids;
        let (principal, action, context, policies) = match decision {
            Decision::ListningByte => (invanare, byta, listning_context(input)?, &self.listning),
            Decision::Kapacitetsstopp => {
                (regiondirektor, besluta, stopp_context(input)?, &self.stopp)
            }
            _ => return None,
        };
        let context = Context::from_json_value(context, None).ok()?;
        let request = Request::new(
            principal.clone(),
            action.clone(),
            principal.clone(),
            context,
            None,
        )
        .ok()?;
        let response = self
            .authorizer
            .is_authorized(&request, policies, &self.entities);
        Some(response.decision() == Answer::Allow)
    }
}

fn flag(input: &Json, name: &str) -> bool {
    input.get(name).and_then(Json::as_bool).unwrap_or(false)
}

/// The count of switches in the period and the flags; `None` for a rejected input.
fn listning_context(input: &Json) -> Option<Json> {
    let datum = date(input.get("datum")?.as_str()?)?;
    let start = datum.checked_sub_months(Months::new(12))?;
    let mut byten = 0i64;
    for s in input.get("tidigare_byten")?.as_array()? {
        let s = date(s.as_str()?)?;
        if s > datum {
            return None;
        }
        byten += i64::from(s > start);
    }
    Some(json!({
        "byten": byten,
        "sarskilda_skal": flag(input, "sarskilda_skal"),
        "skyddad_identitet": flag(input, "skyddad_identitet"),
        "asylsokande": flag(input, "asylsokande"),
        "listningsstopp_beviljat": flag(input, "listningsstopp_beviljat"),
        "mal_enhet": input.get("mal_enhet").and_then(Json::as_str).unwrap_or("halsocentral"),
    }))
}

/// Whether the stop lies within three months; `None` for a rejected input.
fn stopp_context(input: &Json) -> Option<Json> {
    let fran = date(input.get("fran")?.as_str()?)?;
    let till = date(input.get("till")?.as_str()?)?;
    if till < fran {
        return None;
    }
    let grans = till.checked_sub_months(Months::new(3))?;
    Some(json!({ "inom_tre_manader": fran > grans }))
}
