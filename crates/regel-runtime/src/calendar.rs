//! Calendar arithmetic exactly as the decision catalogue defines it.
//!
//! `d ± N months/years` keeps the day of month, clamped to the month's last day
//! (2023-01-31 + 1 month = 2023-02-28; 2024-02-29 − 1 year = 2023-02-28).
//! The days `a..b` lie within a duration `p` exactly when `a > b − p`.
//! The last day of the period `p` starting on `s` is the largest `b` with `b − p < s`.

use crate::{Duration, DurationUnit};
use chrono::{Datelike, Days, Months, NaiveDate};

/// `date + n × unit`, or `None` outside the calendar chrono knows.
pub fn add(date: NaiveDate, d: Duration) -> Option<NaiveDate> {
    shift(date, d.amount, d.unit)
}

/// `date − n × unit`.
pub fn sub(date: NaiveDate, d: Duration) -> Option<NaiveDate> {
    shift(date, d.amount.checked_neg()?, d.unit)
}

fn shift(date: NaiveDate, amount: i64, unit: DurationUnit) -> Option<NaiveDate> {
    let months = |n: i64| -> Option<NaiveDate> {
        let magnitude = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
        // chrono clamps to the month's last day, which is the rule.
        if n >= 0 {
            date.checked_add_months(magnitude)
        } else {
            date.checked_sub_months(magnitude)
        }
    };
    let days = |n: i64| -> Option<NaiveDate> {
        let magnitude = Days::new(n.unsigned_abs());
        if n >= 0 {
            date.checked_add_days(magnitude)
        } else {
            date.checked_sub_days(magnitude)
        }
    };
    match unit {
        DurationUnit::Days => days(amount),
        DurationUnit::Weeks => days(amount.checked_mul(7)?),
        DurationUnit::Months => months(amount),
        DurationUnit::Years => add_years(date, amount),
    }
}

/// `date + n years`: `12n` months, which keep the day and month and clamp only 29 February
/// to the 28th in a year that is not a leap year. Kept as the day of the year: the same up to
/// 28 February, one more or less after it as the two years' leap days differ (29 February into
/// a common year lands on the 28th), where chrono's `with_year` goes through the month and
/// day and back (two table reads in a chain on the path of every `datum - 1 year`).
///
/// A target year of four digits starts from its first day in [`JANUARY_FIRSTS`], whose leap
/// year it tells, and sets the day of the year there (chrono's `with_ordinal`: a mask and a
/// compare); chrono's `from_yo_opt`, kept for the other years, works the year's kind of
/// calendar out each time, a division by 400 and a table read in a chain on the path of every
/// `datum - 1 year`.
#[inline]
pub fn add_years(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    let year = i32::try_from(i64::from(date.year()).checked_add(n)?).ok()?;
    let day = date.ordinal();
    let shifted = |leap_to: bool| {
        if day < 60 {
            day
        } else {
            day - u32::from(date.leap_year()) + u32::from(leap_to)
        }
    };
    match usize::try_from(year)
        .ok()
        .and_then(|y| JANUARY_FIRSTS.get(y))
    {
        Some(first) => first.with_ordinal(shifted(first.leap_year())),
        None => NaiveDate::from_yo_opt(year, shifted(leap(year))),
    }
}

/// The first day of each year from 0000 to 9999, the years a date of four digits names
/// (40 KB, made by the compiler): a date in such a year is its first day with the day of the
/// year set, which chrono checks in a few instructions (its constructors work out the year's
/// kind of calendar, a division and a table, each time). The JSON reader's dates and
/// [`add_years`] start from it.
pub static JANUARY_FIRSTS: [NaiveDate; 10_000] = january_firsts();

const fn january_firsts() -> [NaiveDate; 10_000] {
    let mut firsts = [NaiveDate::MIN; 10_000];
    let mut year = 0;
    while year < firsts.len() {
        // Every year of four digits is in chrono's range (the JSON reader's test of every
        // day holds each year to chrono).
        if let Some(first) = NaiveDate::from_yo_opt(year as i32, 1) {
            firsts[year] = first;
        }
        year += 1;
    }
    firsts
}

/// Whether `year` has a 29 February (the proleptic Gregorian calendar chrono keeps).
fn leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Whether the days `from..to` (both included) lie within `p`: `from > to − p`.
pub fn within(from: NaiveDate, to: NaiveDate, p: Duration) -> Option<bool> {
    Some(from > sub(to, p)?)
}

/// The last day of the period `p` that starts on `start`: the largest `b` with `b − p < start`.
/// `b − p` never decreases as `b` grows, so the answer is found by stepping from `start + p`.
pub fn period_end(start: NaiveDate, p: Duration) -> Option<NaiveDate> {
    let mut b = add(start, p)?;
    // A calendar month or year moves the start by at most a few days when clamped.
    for _ in 0..8 {
        if sub(b, p)? < start {
            break;
        }
        b = b.pred_opt()?;
    }
    for _ in 0..8 {
        let next = b.succ_opt()?;
        if sub(next, p)? >= start {
            break;
        }
        b = next;
    }
    (sub(b, p)? < start).then_some(b)
}

/// The day of the week as ISO 8601 numbers it: 1 (Monday) to 7 (Sunday).
pub fn weekday(date: NaiveDate) -> i64 {
    i64::from(date.weekday().number_from_monday())
}

pub fn last_day_of_month(date: NaiveDate) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn months(n: i64) -> Duration {
        Duration {
            amount: n,
            unit: DurationUnit::Months,
        }
    }
    fn years(n: i64) -> Duration {
        Duration {
            amount: n,
            unit: DurationUnit::Years,
        }
    }

    #[test]
    fn month_arithmetic_clamps_to_the_last_day() {
        assert_eq!(add(d("2023-01-31"), months(1)), Some(d("2023-02-28")));
        assert_eq!(add(d("2024-01-31"), months(1)), Some(d("2024-02-29")));
        assert_eq!(sub(d("2024-02-29"), years(1)), Some(d("2023-02-28")));
        assert_eq!(sub(d("2023-05-31"), months(3)), Some(d("2023-02-28")));
        assert_eq!(
            add(
                d("2023-12-31"),
                Duration {
                    amount: 1,
                    unit: DurationUnit::Days
                }
            ),
            Some(d("2024-01-01"))
        );
        assert_eq!(
            add(
                d("2023-02-22"),
                Duration {
                    amount: 4,
                    unit: DurationUnit::Weeks
                }
            ),
            Some(d("2023-03-22"))
        );
    }

    #[test]
    fn a_shift_by_years_is_a_shift_by_twelve_months_each() {
        // Every day of years around leap days and a century that is not a leap year (1896-02-29
        // four years on is 1900-02-28), of the first and last years of `JANUARY_FIRSTS` (a shift
        // from them leaves the table), and the calendar's ends, by whole years either way, some
        // past the calendar.
        let days = |from: &str, to: &str| {
            let to = d(to);
            d(from).iter_days().take_while(move |x| *x <= to)
        };
        let mut dates: Vec<NaiveDate> = days("1895-12-01", "1901-03-31")
            .chain(days("2023-01-01", "2025-03-31"))
            .chain(days("0000-01-01", "0001-03-31"))
            .chain(days("9998-12-01", "9999-12-31"))
            .collect();
        for end in [NaiveDate::MIN, NaiveDate::MAX] {
            dates.extend((0..400).filter_map(|k| end.checked_add_days(Days::new(k))));
            dates.extend((0..400).filter_map(|k| end.checked_sub_days(Days::new(k))));
        }
        let amounts = [
            0,
            1,
            -1,
            2,
            -3,
            4,
            100,
            -100,
            262_143,
            -262_143,
            600_000,
            i64::MAX,
        ];
        for date in dates {
            for n in amounts.into_iter().chain(amounts.map(i64::wrapping_neg)) {
                let by_months = n
                    .checked_mul(12)
                    .and_then(|m| super::shift(date, m, DurationUnit::Months));
                assert_eq!(add_years(date, n), by_months, "{date} + {n} years");
            }
        }
    }

    #[test]
    fn within_three_months_follows_the_catalogue_examples() {
        assert_eq!(
            within(d("2023-01-01"), d("2023-03-31"), months(3)),
            Some(true)
        );
        assert_eq!(
            within(d("2023-01-31"), d("2023-04-30"), months(3)),
            Some(true)
        );
        assert_eq!(
            within(d("2022-11-30"), d("2023-02-28"), months(3)),
            Some(true)
        );
        assert_eq!(
            within(d("2023-01-01"), d("2023-04-01"), months(3)),
            Some(false)
        );
        assert_eq!(
            within(d("2023-01-31"), d("2023-05-01"), months(3)),
            Some(false)
        );
    }

    #[test]
    fn period_end_follows_the_catalogue_examples() {
        assert_eq!(period_end(d("2023-03-01"), years(5)), Some(d("2028-02-29")));
        assert_eq!(period_end(d("2024-02-29"), years(5)), Some(d("2029-02-28")));
        assert_eq!(period_end(d("2023-03-01"), years(6)), Some(d("2029-02-28")));
        assert_eq!(period_end(d("2023-01-01"), years(1)), Some(d("2023-12-31")));
        assert_eq!(
            period_end(d("2023-01-31"), months(1)),
            Some(d("2023-02-28"))
        );
    }

    #[test]
    fn weekday_counts_monday_as_one_on_both_sides_of_1970() {
        assert_eq!(weekday(d("2023-01-18")), 3);
        assert_eq!(weekday(d("1970-01-01")), 4);
        assert_eq!(weekday(d("1969-12-28")), 7);
        assert_eq!(weekday(d("2024-02-29")), 4);
        assert_eq!(weekday(d("0001-01-01")), 1);
        assert_eq!(weekday(d("9999-12-31")), 5);
    }

    #[test]
    fn last_day_of_month_knows_leap_years() {
        assert_eq!(last_day_of_month(d("2024-02-10")), Some(d("2024-02-29")));
        assert_eq!(last_day_of_month(d("2100-02-10")), Some(d("2100-02-28")));
        assert_eq!(last_day_of_month(d("2023-12-01")), Some(d("2023-12-31")));
    }
}
