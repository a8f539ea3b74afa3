//! The peer engines of `benches/peers.rs`, behind the `peers` feature: each decision written
//! in Rego (regorus: its interpreter and its compiled RVM), as a GoRules JDM graph
//! (zen-engine), as one bare `zen-expression` expression (zen's fastest path) and, where it can
//! be said as allow/deny, in Cedar (cedar-policy). Each takes the JSON input Regel takes and
//! answers in the shape of Regel's output, so one comparison checks them all.
//!
//! Rego and the bare zen expressions do their own date arithmetic and read amounts from their
//! texts. For the JDM graph, what it is not written to compute is computed in Rust before it,
//! inside the timed call (see [`prepare`]): the month arithmetic with clamping to a month's
//! last day (`datum − 1 year`, `till − 3 months`) and amounts as numbers instead of texts; for
//! Cedar also the switches counted in the period and the defaults of absent inputs.

pub mod cases;
pub mod cedar;
pub mod jdm;
pub mod regel;
pub mod rego;
pub mod zen;

use chrono::Months;
use serde_json::{Value as Json, json};

use crate::listning::date;

/// The four decisions, as the benches name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    ListningByte,
    Kapacitetsstopp,
    SanktionVite,
    ErsattningVardpeng,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::ListningByte,
        Decision::Kapacitetsstopp,
        Decision::SanktionVite,
        Decision::ErsattningVardpeng,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Decision::ListningByte => "listning.byte",
            Decision::Kapacitetsstopp => "kapacitetsstopp.beslut",
            Decision::SanktionVite => "sanktion.vite",
            Decision::ErsattningVardpeng => "ersattning.vardpeng",
        }
    }

    /// The version whose parameters the peers encode.
    pub fn version(self) -> &'static str {
        match self {
            Decision::ErsattningVardpeng => "2021",
            _ => "2023",
        }
    }

    /// The outputs that are amounts (texts with two decimals in Regel's output).
    fn amounts(self) -> &'static [&'static str] {
        match self {
            Decision::SanktionVite => &["tak"],
            Decision::ErsattningVardpeng => {
                &["arlig", "manatlig", "delar/alder", "delar/acg", "delar/cni"]
            }
            _ => &[],
        }
    }
}

/// The input as the JDM peer takes it: the clamped month arithmetic done, amounts as
/// numbers. `None` when a date does not parse or the arithmetic leaves the calendar.
pub fn prepare(decision: Decision, input: &Json) -> Option<Json> {
    let mut input = input.clone();
    match decision {
        Decision::ListningByte => {
            let datum = date(input.get("datum")?.as_str()?)?;
            let start = datum.checked_sub_months(Months::new(12))?;
            input["start"] = json!(start.to_string());
        }
        Decision::Kapacitetsstopp => {
            let till = date(input.get("till")?.as_str()?)?;
            let grans = till.checked_sub_months(Months::new(3))?;
            input["grans"] = json!(grans.to_string());
        }
        Decision::SanktionVite | Decision::ErsattningVardpeng => {
            for value in input.as_object_mut()?.values_mut() {
                if let Json::String(s) = value {
                    *value = serde_json::from_str::<serde_json::Number>(s)
                        .ok()
                        .map(Json::Number)?;
                }
            }
        }
    }
    Some(input)
}

/// A peer's answer in Regel's shape: amounts as texts with two decimals.
pub fn normalize(decision: Decision, mut output: Json) -> Json {
    for pointer in decision.amounts() {
        if let Some(v) = output.pointer_mut(&format!("/{pointer}"))
            && let Some(n) = v.as_f64()
        {
            *v = json!(format!("{n:.2}"));
        }
    }
    output
}
