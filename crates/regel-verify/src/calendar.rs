//! The calendar of the decision catalogue in linear integer arithmetic.
//!
//! A date is its day number (days since 1970-01-01). Where a rule needs the year, month and day
//! of a symbolic date, fresh integers `y`, `m`, `d` are tied to it by
//! `days_from_civil(y, m, d) == date` with `m` and `d` in range: that triple is unique, so the
//! tie is an axiom, true of every date. Months and years are added as the evaluator (chrono)
//! does: the day of month kept, clamped to the new month's last day.

use chrono::{Datelike, NaiveDate};
use regel_syntax::DurationUnit;
use z3::ast::{Bool, Int};

use crate::sym::{and, int};

/// The day number of 1970-01-01 counted from 0001-01-01 (chrono's `num_days_from_ce` − 1).
const EPOCH_FROM_CE: i64 = 719_163;

pub fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - EPOCH_FROM_CE
}

pub fn date_of(n: i64) -> Option<NaiveDate> {
    let ce = i32::try_from(n.checked_add(EPOCH_FROM_CE)?).ok()?;
    NaiveDate::from_num_days_from_ce_opt(ce)
}

/// The first and last day numbers chrono (and so the evaluator) knows.
pub fn chrono_range() -> (i64, i64) {
    (day_number(NaiveDate::MIN), day_number(NaiveDate::MAX))
}

/// The dates an input may hold: JSON dates have four-digit years.
pub fn input_range() -> (i64, i64) {
    let first = NaiveDate::from_ymd_opt(0, 1, 1).map_or(0, day_number);
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).map_or(0, day_number);
    (first, last)
}

pub fn is_leap(y: &Int) -> Bool {
    let four = y.modulo(int(4)).eq(int(0));
    let hundred = y.modulo(int(100)).eq(int(0));
    let four_hundred = y.modulo(int(400)).eq(int(0));
    Bool::or(&[&and(&[&four, &hundred.not()]), &four_hundred])
}

/// The number of days of month `m` of year `y`.
pub fn days_in_month(y: &Int, m: &Int) -> Int {
    if let (Some(y), Some(m)) = (y.as_i64(), m.as_i64()) {
        let n = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, 1))
            .and_then(|first| {
                let next = first.checked_add_months(chrono::Months::new(1))?;
                Some(next.signed_duration_since(first).num_days())
            });
        if let Some(n) = n {
            return int(n);
        }
    }
    let short = Bool::or(&[m.eq(int(4)), m.eq(int(6)), m.eq(int(9)), m.eq(int(11))]);
    let feb = is_leap(y).ite(&int(29), &int(28));
    m.eq(int(2)).ite(&feb, &short.ite(&int(30), &int(31)))
}

/// Howard Hinnant's `days_from_civil`: the day number of `y-m-d` (`m`, `d` in range).
pub fn from_civil(y: &Int, m: &Int, d: &Int) -> Int {
    if let (Some(yy), Some(mm), Some(dd)) = (y.as_i64(), m.as_i64(), d.as_i64())
        && let Some(date) = i32::try_from(yy).ok().and_then(|yy| {
            NaiveDate::from_ymd_opt(yy, u32::try_from(mm).ok()?, u32::try_from(dd).ok()?)
        })
    {
        return int(day_number(date));
    }
    let early = m.le(int(2));
    let y = y - &early.ite(&int(1), &int(0));
    let era = y.div(int(400));
    let yoe = &y - &(&era * int(400));
    // Days from 1 March to the first of month `m` (the year counted from March).
    let mut doy_start = int(0);
    for (month, days) in [
        (1, 306),
        (2, 337),
        (3, 0),
        (4, 31),
        (5, 61),
        (6, 92),
        (7, 122),
        (8, 153),
        (9, 184),
        (10, 214),
        (11, 245),
    ] {
        doy_start = m.eq(int(month)).ite(&int(days), &doy_start);
    }
    // December: 275.
    let doy_start = m.eq(int(12)).ite(&int(275), &doy_start);
    let doy = doy_start + d - int(1);
    let doe = &(&(&yoe * int(365)) + &yoe.div(int(4))) - &yoe.div(int(100)) + doy;
    &(&era * int(146_097)) + &doe - int(719_468)
}

/// The year, month and day of a day number: concrete when the day is, else fresh integers
/// with their defining axiom pushed to `axioms`.
pub fn civil(day: &Int, fresh: &mut u32, axioms: &mut Vec<Bool>) -> (Int, Int, Int) {
    if let Some(date) = day.as_i64().and_then(date_of) {
        return (
            int(i64::from(date.year())),
            int(i64::from(date.month())),
            int(i64::from(date.day())),
        );
    }
    *fresh += 1;
    let y = Int::new_const(format!("y!{fresh}"));
    let m = Int::new_const(format!("m!{fresh}"));
    let d = Int::new_const(format!("d!{fresh}"));
    axioms.push(and(&[
        &m.ge(int(1)),
        &m.le(int(12)),
        &d.ge(int(1)),
        &d.le(days_in_month(&y, &m)),
        &from_civil(&y, &m, &d).eq(day),
    ]));
    (y, m, d)
}

/// The ISO weekday of a day number, 1 (Monday) to 7 (Sunday): concrete when the day is, else
/// `day + 3 = 7q + r` with `0 ≤ r ≤ 6` for fresh `q` and `r` (day 0, 1970-01-01, was a
/// Thursday), a remainder in linear arithmetic the solver decides, and the weekday is `r + 1`.
pub fn weekday(day: &Int, fresh: &mut u32, axioms: &mut Vec<Bool>) -> Int {
    if let Some(n) = day.as_i64().and_then(|n| n.checked_add(3)) {
        return int(n.rem_euclid(7) + 1);
    }
    *fresh += 1;
    let q = Int::new_const(format!("wq!{fresh}"));
    let r = Int::new_const(format!("wr!{fresh}"));
    axioms.push(and(&[
        &r.ge(int(0)),
        &r.le(int(6)),
        &(day + int(3)).eq(&(&q * int(7)) + &r),
    ]));
    r + int(1)
}

/// `day + amount × unit` (amount may be negative), months clamped to the month's end, as
/// exact formulas (with the calendar's divisions: slow for the solver; see [`Shifts`]).
pub fn shift(
    day: &Int,
    amount: &Int,
    unit: DurationUnit,
    fresh: &mut u32,
    axioms: &mut Vec<Bool>,
) -> Int {
    if let (Some(dn), Some(n)) = (day.as_i64(), amount.as_i64()) {
        let moved = date_of(dn).and_then(|date| {
            regel_runtime::calendar::add(date, regel_compiler::ir::Duration { amount: n, unit })
        });
        if let Some(moved) = moved {
            return int(day_number(moved));
        }
    }
    match unit {
        DurationUnit::Days => day + amount,
        DurationUnit::Weeks => day + &(amount * int(7)),
        DurationUnit::Months | DurationUnit::Years => {
            let months = if unit == DurationUnit::Years {
                amount * int(12)
            } else {
                amount.clone()
            };
            let (y, m, d) = civil(day, fresh, axioms);
            let total = &(&(&y * int(12)) + &m) - int(1) + months;
            let y2 = total.div(int(12));
            let m2 = total.modulo(int(12)) + int(1);
            let last = days_in_month(&y2, &m2);
            let d2 = d.le(&last).ite(&d, &last);
            from_civil(&y2, &m2, &d2)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use z3::{SatResult, Solver};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The symbolic calendar gives what chrono gives, on the days the catalogue turns on.
    #[test]
    fn symbolic_month_arithmetic_agrees_with_the_evaluator() {
        let cases = [
            ("2023-01-31", 1, DurationUnit::Months),
            ("2024-01-31", 1, DurationUnit::Months),
            ("2024-02-29", -1, DurationUnit::Years),
            ("2023-05-31", -3, DurationUnit::Months),
            ("2023-12-31", 1, DurationUnit::Days),
            ("2000-02-29", 100, DurationUnit::Years),
            ("2023-03-01", -2, DurationUnit::Weeks),
        ];
        for (from, n, unit) in cases {
            let solver = Solver::new();
            let mut axioms = Vec::new();
            let mut fresh = 0;
            let x = Int::new_const("x");
            let moved = shift(&x, &int(n), unit, &mut fresh, &mut axioms);
            for a in &axioms {
                solver.assert(a);
            }
            solver.assert(x.eq(int(day_number(d(from)))));
            assert_eq!(solver.check(), SatResult::Sat);
            let model = solver.get_model().unwrap();
            let got = model.eval(&moved, true).unwrap().as_i64().unwrap();
            let want = regel_runtime::calendar::add(
                d(from),
                regel_compiler::ir::Duration { amount: n, unit },
            )
            .unwrap();
            assert_eq!(date_of(got), Some(want), "{from} + {n} {unit:?}");
        }
    }

    #[test]
    fn leap_days_exist_exactly_in_leap_years() {
        for (y, days) in [(2023, 28), (2024, 29), (1900, 28), (2000, 29)] {
            let solver = Solver::new();
            let n = days_in_month(&Int::new_const("y"), &int(2));
            solver.assert(Int::new_const("y").eq(int(y)));
            assert_eq!(solver.check(), SatResult::Sat);
            let got = solver.get_model().unwrap().eval(&n, true).unwrap();
            assert_eq!(got.as_i64(), Some(days), "{y}");
        }
    }
}

/// Month and year shifts by a constant, abstracted: `to − from` lies between the least and
/// the greatest such difference over the 400-year cycle, and lemmas make it exact where the
/// solver's model needs it (`to − from` is constant on runs of days, so one lemma covers a
/// run). A proof over the abstraction is a proof (it allows more than the calendar); a model
/// is used only once every shift in it is exact.
#[derive(Debug, Default, Clone)]
pub struct Shifts {
    pub sites: Vec<ShiftSite>,
    ranges: Vec<(i64, (i64, i64))>,
}

#[derive(Debug, Clone)]
pub struct ShiftSite {
    pub from: Int,
    pub months: i64,
    pub to: Int,
}

fn shift_months(day: i64, months: i64) -> Option<i64> {
    let date = date_of(day)?;
    let moved = regel_runtime::calendar::add(
        date,
        regel_compiler::ir::Duration {
            amount: months,
            unit: DurationUnit::Months,
        },
    )?;
    Some(day_number(moved))
}

impl Shifts {
    /// The least and greatest `shift(d) − d` over every date (one 400-year cycle).
    fn range(&mut self, months: i64) -> (i64, i64) {
        if let Some((_, r)) = self.ranges.iter().find(|(m, _)| *m == months) {
            return *r;
        }
        let start = NaiveDate::from_ymd_opt(2000, 1, 1).map_or(0, day_number);
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for d in start..start + 146_097 {
            if let Some(to) = shift_months(d, months) {
                lo = lo.min(to - d);
                hi = hi.max(to - d);
            }
        }
        if lo > hi {
            (lo, hi) = (0, 0);
        }
        self.ranges.push((months, (lo, hi)));
        (lo, hi)
    }

    /// A fresh day `from` shifted by `months`, with the abstraction's bounds in `axioms`.
    pub fn add(&mut self, from: &Int, months: i64, fresh: &mut u32, axioms: &mut Vec<Bool>) -> Int {
        if let Some(day) = from.as_i64()
            && let Some(to) = shift_months(day, months)
        {
            return int(to);
        }
        if let Some(site) = self
            .sites
            .iter()
            .find(|s| s.months == months && s.from == *from)
        {
            return site.to.clone();
        }
        *fresh += 1;
        let to = Int::new_const(format!("shift!{fresh}"));
        let (lo, hi) = self.range(months);
        let diff = &to - from;
        axioms.push(and(&[&diff.ge(int(lo)), &diff.le(int(hi))]));
        self.sites.push(ShiftSite {
            from: from.clone(),
            months,
            to: to.clone(),
        });
        to
    }

    /// Lemmas for the shifts the model got wrong (none: the model is exact).
    pub fn lemmas(&self, model: &z3::Model) -> Vec<Bool> {
        let mut out = Vec::new();
        for site in &self.sites {
            let (Some(d), Some(got)) = (
                model.eval(&site.from, true).and_then(|v| v.as_i64()),
                model.eval(&site.to, true).and_then(|v| v.as_i64()),
            ) else {
                continue;
            };
            let Some(want) = shift_months(d, site.months) else {
                continue;
            };
            if got == want {
                continue;
            }
            // The run of days around `d` shifted by the same number of days.
            let c = want - d;
            let same = |x: i64| shift_months(x, site.months) == Some(x + c);
            let (mut a, mut b) = (d, d);
            while a > d - 62 && same(a - 1) {
                a -= 1;
            }
            while b < d + 62 && same(b + 1) {
                b += 1;
            }
            let inside = and(&[&site.from.ge(int(a)), &site.from.le(int(b))]);
            out.push(inside.implies(site.to.eq(&(&site.from + int(c)))));
        }
        out
    }

    /// The exact definitions of every shift, for when the lemmas do not converge.
    pub fn exact(&self, fresh: &mut u32, axioms: &mut Vec<Bool>) {
        for site in &self.sites {
            let exact = shift(
                &site.from,
                &int(site.months),
                DurationUnit::Months,
                fresh,
                axioms,
            );
            axioms.push(site.to.eq(&exact));
        }
    }
}
