//! `ersattning.vardpeng` (2021, Tabell 1) by hand: a centre's capitation from its shares of the
//! three pots, each part rounded half away from zero to öre, the month a twelfth of the year.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value as Json, json};

use crate::sanktion::amount;

/// The 2021 pots in kronor: age-weighted, ACG-weighted, CNI-weighted.
const RAM_ALDER: Decimal = Decimal::from_parts(499_200_000, 0, 0, false, 0);
const RAM_ACG: Decimal = Decimal::from_parts(194_800_000, 0, 0, false, 0);
const RAM_CNI: Decimal = Decimal::from_parts(78_000_000, 0, 0, false, 0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vardpeng {
    pub arlig: Decimal,
    pub manatlig: Decimal,
    pub alder: Decimal,
    pub acg: Decimal,
    pub cni: Decimal,
}

fn ore(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

pub fn vardpeng(andel_alder: Decimal, andel_acg: Decimal, andel_cni: Decimal) -> Vardpeng {
    let (alder, acg, cni) = (
        ore(RAM_ALDER * andel_alder),
        ore(RAM_ACG * andel_acg),
        ore(RAM_CNI * andel_cni),
    );
    let arlig = alder + acg + cni;
    Vardpeng {
        arlig,
        manatlig: ore(arlig / Decimal::from(12)),
        alder,
        acg,
        cni,
    }
}

/// The peer behind a JSON boundary (no error paths: `None`).
pub fn vardpeng_json(input: &Json) -> Option<Json> {
    let share = |name: &str| amount(input.get(name)?);
    let v = vardpeng(
        share("andel_alder")?,
        share("andel_acg")?,
        share("andel_cni")?,
    );
    Some(json!({
        "arlig": v.arlig.to_string(),
        "manatlig": v.manatlig.to_string(),
        "delar": {"alder": v.alder.to_string(), "acg": v.acg.to_string(), "cni": v.cni.to_string()},
        "paragraf": "Tabell 1",
    }))
}
