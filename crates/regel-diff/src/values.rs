//! Numbers and their changes: parameter values, and the outputs of decisions that take no
//! input (a budget table's rows and sums), evaluated in both versions.

use regel_compiler::ir::{Decision, Value};
use regel_eval::Engine;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::json;

use crate::model::{Change, ChangeKind, Delta, Kind};
use crate::snapshot::Snapshot;

/// A value's unit and magnitude, when it is a number (a duration counts in its own unit).
fn number(v: &Value) -> Option<(&'static str, Decimal)> {
    match v {
        Value::Int(i) => Some(("int", Decimal::from(*i))),
        Value::Decimal(d) => Some(("decimal", *d)),
        Value::Money(m) => Some(("money", *m)),
        Value::Duration(d) => Some((d.unit.word(false), Decimal::from(d.amount))),
        _ => None,
    }
}

/// How the policy writes a value, when the figures should follow it (the checker records it).
pub use regel_compiler::ir::Written;

/// `delta` in the unit the policy writes both values in; `None` when either is not of that
/// unit's kind ([`Written::scaled`] checks it: the checker writes only a share in percent and
/// only an amount in mnkr) or the unit puts it out of range.
pub fn delta_as_written(old: &Value, new: &Value, written: Written) -> Option<Delta> {
    let unit = match written {
        Written::Plain => return delta(old, new),
        Written::Percent => "percent",
        Written::Mnkr => "mnkr",
    };
    let scaled = |v: &Value| Some(Value::Decimal(written.scaled(v)?.normalize()));
    let mut d = delta(&scaled(old)?, &scaled(new)?)?;
    d.unit = unit.to_owned();
    Some(d)
}

/// The change from `old` to `new`, when both are numbers of the same unit.
pub fn delta(old: &Value, new: &Value) -> Option<Delta> {
    let (unit, a) = number(old)?;
    let (unit_new, b) = number(new)?;
    if unit != unit_new {
        return None;
    }
    // Values near the ends of the decimal range have no difference to show (no overflow).
    let difference = b.checked_sub(a)?;
    let percent = (!a.is_zero())
        .then(|| {
            difference
                .checked_div(a)?
                .checked_mul(Decimal::ONE_HUNDRED)
                .map(|p| {
                    p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                        .to_string()
                })
        })
        .flatten();
    // Money shows öre, as the JSON boundary writes it.
    let show = |mut d: Decimal| {
        if unit == "money" && d.scale() < 2 {
            d.rescale(2);
        }
        d.to_string()
    };
    Some(Delta {
        unit: unit.to_owned(),
        old: show(a),
        new: show(b),
        absolute: show(difference),
        percent,
    })
}

/// The outputs of a decision that needs no input (every input has a default), or `None`
/// when it needs one or does not evaluate.
fn constant_outputs(engine: &Engine, decision: &Decision) -> Option<Vec<Value>> {
    if decision.inputs.iter().any(|i| i.default.is_none()) {
        return None;
    }
    let inputs = regel_eval::json::inputs(engine, decision, &json!({}), "").ok()?;
    engine.decide(decision, inputs).ok().map(|d| d.outputs)
}

/// The numeric outputs that differ, for every decision both versions define without inputs,
/// in the new version's output order: (the decision's name, the change).
pub fn constant_changes(old: &Snapshot, new: &Snapshot) -> Vec<(String, Change)> {
    let (Ok(old_engine), Ok(new_engine)) = (
        Engine::new(old.program.clone()),
        Engine::new(new.program.clone()),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d_new in &new.program.decisions {
        let Some((_, d_old)) = old.program.decision(&d_new.name) else {
            continue;
        };
        let (Some(values_old), Some(values_new)) = (
            constant_outputs(&old_engine, d_old),
            constant_outputs(&new_engine, d_new),
        ) else {
            continue;
        };
        for (i, output) in d_new.outputs.iter().enumerate() {
            let Some(j) = d_old.outputs.iter().position(|o| o.name == output.name) else {
                continue;
            };
            let (Some(a), Some(b)) = (values_old.get(j), values_new.get(i)) else {
                continue;
            };
            if a == b {
                continue;
            }
            let Some(delta) = delta(a, b) else {
                continue;
            };
            let mut change = Change::new(Kind::Value, ChangeKind::Changed, output.name.clone())
                .owner(&d_new.name)
                .texts(Some(delta.old.clone()), Some(delta.new.clone()));
            change.delta = Some(delta);
            out.push((d_new.name.clone(), change));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Value {
        Value::Decimal(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn delta_is_exact_and_percent_rounds_half_away_from_zero() {
        let d = delta(&dec("1142.6"), &dec("1191.2")).unwrap();
        assert_eq!(
            (d.absolute.as_str(), d.percent.as_deref()),
            ("48.6", Some("4.3"))
        );
        let d = delta(&dec("76.6"), &dec("76.4")).unwrap();
        assert_eq!(
            (d.absolute.as_str(), d.percent.as_deref()),
            ("-0.2", Some("-0.3"))
        );
        // 0.05 % exactly rounds away from zero.
        let d = delta(&dec("2000"), &dec("2001")).unwrap();
        assert_eq!(d.percent.as_deref(), Some("0.1"));
    }

    #[test]
    fn the_ends_of_the_decimal_range_give_no_delta_and_no_panic() {
        assert_eq!(
            delta(
                &dec("-79228162514264337593543950335"),
                &dec("79228162514264337593543950335")
            ),
            None
        );
        let tiny = delta(
            &dec("0.0000000000000000000000000001"),
            &dec("79228162514264337593543950335"),
        )
        .unwrap();
        assert_eq!(tiny.percent, None);
        assert!(
            delta_as_written(
                &dec("79228162514264337593543950335"),
                &dec("1"),
                Written::Percent
            )
            .is_none()
        );
    }

    #[test]
    fn no_percent_from_zero_and_no_delta_across_units() {
        assert_eq!(delta(&Value::Int(0), &Value::Int(3)).unwrap().percent, None);
        assert_eq!(delta(&Value::Int(1), &dec("1")), None);
        assert_eq!(delta(&Value::Bool(true), &Value::Bool(false)), None);
    }
}
