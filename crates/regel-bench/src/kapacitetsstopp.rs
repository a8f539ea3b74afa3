//! `kapacitetsstopp.beslut` (3.6.12) by hand: a stop of up to three months is decided by the
//! regiondirektör, a longer one by the regionstyrelsen.

use chrono::{Months, NaiveDate};
use serde_json::{Value as Json, json};

use crate::listning::date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beslut {
    pub beslutsfattare: &'static str,
    pub villkor_uppfyllda: bool,
    pub brister: Vec<&'static str>,
    pub skal: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fel {
    TillForeFran,
    UtanforKalendern,
}

/// The regiondirektör's limit, in calendar months.
const GRANS_MANADER: u32 = 3;

pub fn beslut(
    fran: NaiveDate,
    till: NaiveDate,
    skriftlig: bool,
    risker: usize,
) -> Result<Beslut, Fel> {
    if till < fran {
        return Err(Fel::TillForeFran);
    }
    // Within the limit when `fran > till − 3 months`, months clamped to the month's end.
    let grans = till
        .checked_sub_months(Months::new(GRANS_MANADER))
        .ok_or(Fel::UtanforKalendern)?;
    let (beslutsfattare, skal) = if fran > grans {
        ("regiondirektor", "upp_till_tre_manader")
    } else {
        ("regionstyrelsen", "langre_an_tre_manader")
    };
    let mut brister = Vec::new();
    if !skriftlig {
        brister.push("skriftlig_anmalan_saknas");
    }
    if risker == 0 {
        brister.push("risk_ej_angiven");
    }
    Ok(Beslut {
        beslutsfattare,
        villkor_uppfyllda: skriftlig && risker > 0,
        brister,
        skal,
    })
}

/// The peer behind a JSON boundary (no error paths: `None`).
pub fn beslut_json(input: &Json) -> Option<Json> {
    let fran = date(input.get("fran")?.as_str()?)?;
    let till = date(input.get("till")?.as_str()?)?;
    let skriftlig = input.get("skriftlig_anmalan")?.as_bool()?;
    let risker = match input.get("risker") {
        None => 0,
        Some(r) => r.as_array()?.len(),
    };
    let b = beslut(fran, till, skriftlig, risker).ok()?;
    Some(json!({
        "beslutsfattare": b.beslutsfattare,
        "villkor_uppfyllda": b.villkor_uppfyllda,
        "brister": b.brister,
        "paragraf": "3.6.12",
    }))
}
