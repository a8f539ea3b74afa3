//! Run-time values.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

/// Index of an enum in a program's enums (and in the version's signatures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);

/// The unit of a calendar duration, as written (`3 months`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl DurationUnit {
    /// The unit's word as written in Regel: `day` for one, `days` for any other amount.
    pub fn word(self, one: bool) -> &'static str {
        match (self, one) {
            (DurationUnit::Days, true) => "day",
            (DurationUnit::Days, false) => "days",
            (DurationUnit::Weeks, true) => "week",
            (DurationUnit::Weeks, false) => "weeks",
            (DurationUnit::Months, true) => "month",
            (DurationUnit::Months, false) => "months",
            (DurationUnit::Years, true) => "year",
            (DurationUnit::Years, false) => "years",
        }
    }
}

/// A calendar duration: `3 months` is not `90 days`, so the unit is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: i64,
    pub unit: DurationUnit,
}

/// A run-time value. Money and Decimal are exact (`rust_decimal`), never floats.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    Money(Decimal),
    Date(NaiveDate),
    Time(NaiveTime),
    Duration(Duration),
    Text(Arc<str>),
    Enum(EnumId, u32),
    List(Arc<[Value]>),
    Record(Arc<[Value]>),
}
