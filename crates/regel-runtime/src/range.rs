//! The dates a conjunction of comparisons with fixed dates admits, as one interval test: what
//! a planned `count`, `all` or `any` over dates runs per element, in the evaluator's closures
//! and in generated Rust alike.

use chrono::NaiveDate;

use crate::Cmp;

/// The most comparisons a planned operator takes.
pub const MOST: usize = 4;

/// An interval of dates (empty when `from > to`) less the dates `!=` excludes.
#[derive(Debug, Clone, Copy)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
    except: [NaiveDate; MOST],
    excepted: usize,
}

impl DateRange {
    /// The dates `d` with `d cmp bound` for every term (at most [`MOST`] are read).
    pub fn new(terms: impl IntoIterator<Item = (Cmp, NaiveDate)>) -> DateRange {
        let mut range = DateRange {
            from: NaiveDate::MIN,
            to: NaiveDate::MAX,
            except: [NaiveDate::MIN; MOST],
            excepted: 0,
        };
        let mut empty = false;
        for (op, x) in terms.into_iter().take(MOST) {
            let (from, to) = match op {
                Cmp::Eq => (Some(x), Some(x)),
                Cmp::Ge => (Some(x), None),
                Cmp::Le => (None, Some(x)),
                // Nothing lies after the last date or before the first.
                Cmp::Gt => match x.succ_opt() {
                    Some(next) => (Some(next), None),
                    None => {
                        empty = true;
                        (None, None)
                    }
                },
                Cmp::Lt => match x.pred_opt() {
                    Some(before) => (None, Some(before)),
                    None => {
                        empty = true;
                        (None, None)
                    }
                },
                Cmp::Ne => {
                    if let Some(slot) = range.except.get_mut(range.excepted) {
                        *slot = x;
                        range.excepted += 1;
                    }
                    (None, None)
                }
            };
            range.from = from.map_or(range.from, |f| f.max(range.from));
            range.to = to.map_or(range.to, |t| t.min(range.to));
        }
        if empty {
            (range.from, range.to) = (NaiveDate::MAX, NaiveDate::MIN);
        }
        range
    }

    /// Whether `d` meets every comparison.
    #[inline]
    pub fn holds(&self, d: NaiveDate) -> bool {
        self.from <= d
            && d <= self.to
            && (self.excepted == 0 || !self.except.iter().take(self.excepted).any(|x| *x == d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_range_admits_exactly_the_dates_each_comparison_admits() {
        let bounds = [d(2023, 1, 31), d(2023, 3, 1), d(2023, 2, 14)];
        let plans = [
            vec![(Cmp::Gt, bounds[0]), (Cmp::Le, bounds[1])],
            vec![
                (Cmp::Ge, bounds[0]),
                (Cmp::Lt, bounds[1]),
                (Cmp::Ne, bounds[2]),
            ],
            vec![(Cmp::Eq, bounds[2])],
            vec![(Cmp::Gt, NaiveDate::MAX)],
            vec![(Cmp::Lt, NaiveDate::MIN), (Cmp::Ne, bounds[0])],
        ];
        for terms in plans {
            let range = DateRange::new(terms.iter().copied());
            let mut day = d(2023, 1, 25);
            while day < d(2023, 3, 5) {
                let each = terms.iter().all(|(op, b)| op.holds(day.cmp(b)));
                assert_eq!(range.holds(day), each, "{terms:?} on {day}");
                day = day.succ_opt().unwrap_or(NaiveDate::MAX);
            }
            for edge in [NaiveDate::MIN, NaiveDate::MAX] {
                let each = terms.iter().all(|(op, b)| op.holds(edge.cmp(b)));
                assert_eq!(range.holds(edge), each, "{terms:?} on {edge}");
            }
        }
    }
}
