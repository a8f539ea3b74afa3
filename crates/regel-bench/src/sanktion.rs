//! `sanktion.vite` (3.10) by hand: the fine open to the region for a major deviation not yet
//! corrected, capped at a tenth of the monthly capitation, floored to öre.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value as Json, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViteInput {
    pub manatlig_vardpeng: Decimal,
    pub storre_avvikelse: bool,
    pub rattelse_skett: bool,
    pub yttrande_mojlighet_given: bool,
    /// `None`: the cap itself.
    pub begart_vite: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViteBeslut {
    pub tak: Decimal,
    pub tillatet: bool,
    pub skal: &'static str,
}

/// The share of the monthly capitation a fine may reach (`vite_andel`, 10 %).
const VITE_ANDEL: Decimal = Decimal::from_parts(10, 0, 0, false, 2);

pub fn vite(input: &ViteInput) -> ViteBeslut {
    let mojligt = input.storre_avvikelse && !input.rattelse_skett;
    let mut tak = if mojligt {
        (input.manatlig_vardpeng * VITE_ANDEL)
            .round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity)
    } else {
        Decimal::ZERO
    };
    tak.rescale(2);
    let begart = input.begart_vite.unwrap_or(tak);
    let (tillatet, skal) = if !input.yttrande_mojlighet_given {
        (false, "yttrande_saknas")
    } else if !input.storre_avvikelse {
        (false, "ej_storre_avvikelse")
    } else if input.rattelse_skett {
        (false, "rattelse_skett")
    } else if begart > tak {
        (false, "overstiger_tak")
    } else {
        (true, "inom_tak")
    };
    ViteBeslut {
        tak,
        tillatet,
        skal,
    }
}

/// A JSON amount (`"1234.50"` or `1234.5`) as a decimal.
pub fn amount(json: &Json) -> Option<Decimal> {
    match json {
        Json::String(s) => s.parse().ok(),
        Json::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// The peer behind a JSON boundary (no error paths: `None`).
pub fn vite_json(input: &Json) -> Option<Json> {
    let flag = |name: &str| input.get(name)?.as_bool();
    let begart_vite = match input.get("begart_vite") {
        None | Some(Json::Null) => None,
        Some(v) => Some(amount(v)?),
    };
    let b = vite(&ViteInput {
        manatlig_vardpeng: amount(input.get("manatlig_vardpeng")?)?,
        storre_avvikelse: flag("storre_avvikelse")?,
        rattelse_skett: flag("rattelse_skett")?,
        yttrande_mojlighet_given: flag("yttrande_mojlighet_given")?,
        begart_vite,
    });
    Some(json!({
        "tak": b.tak.to_string(),
        "tillatet": b.tillatet,
        "skal": b.skal,
        "paragraf": "3.10",
    }))
}
