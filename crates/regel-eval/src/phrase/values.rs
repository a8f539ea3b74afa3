//! Values in the reader's units: Swedish numbers, amounts, dates and times, a parameter
//! in percent, a record by its fields' labels.

use chrono::NaiveDate;
use regel_compiler::ir::{
    Duration, Expr, LocalKind, OutputSource, Place, Program, RoundTo, Value, Written,
};
use regel_compiler::labels::Kind;
use regel_compiler::ty::Ty;
use regel_syntax::DurationUnit;
use rust_decimal::Decimal;

use super::Phrases;
use super::grammar::{join_och, statement};
use super::labels::inside_sentence;

impl<'a> Phrases<'a> {
    /// A value as Swedish text, in the reader's units; a text the decision labels as a code
    /// (a ground in a `brister` list) by its label.
    pub fn value(&self, v: &Value) -> String {
        match v {
            // A section number is read as itself, not as a quoted text.
            Value::Text(t) if self.program.sections.iter().any(|s| *s.number == **t) => {
                t.to_string()
            }
            Value::Text(t) => match self.code_label(t) {
                Some(label) => label,
                None => value_sv(self.program, v),
            },
            Value::List(items) if items.iter().any(|i| matches!(i, Value::Text(_))) => {
                join_och(items.iter().map(|i| self.value(i)).collect())
            }
            // A variant's label is lowered inside a sentence only when it is a statement
            // ("avslås bytet"); one written with a capital otherwise is a name ("Svevac").
            Value::Enum(..) => {
                let label = value_sv(self.program, v);
                if statement(&label).is_some() {
                    self.mid(label)
                } else {
                    label
                }
            }
            _ => value_sv(self.program, v),
        }
    }

    /// The value of `e`, a term beside `other` (compared with it, added to it): a whole
    /// number said as one word where either is a year ("2023",
    /// [`Decision::years`](regel_compiler::ir::Decision::years)), else as
    /// [`Phrases::value`] says it.
    pub fn figure(&self, e: &Expr, v: &Value, other: Option<&Expr>) -> String {
        match v {
            Value::Int(i)
                if self.decision.is_year(e) || other.is_some_and(|o| self.decision.is_year(o)) =>
            {
                i.to_string().replace('-', "−")
            }
            _ => self.value(v),
        }
    }

    /// A value of type `ty`: a record by its fields' labels ("enligt ålder 4 992 000 kr,
    /// enligt ACG 1 948 000 kr och …"), anything else as [`Phrases::value`] says it.
    pub fn typed_value(&self, ty: &Ty, v: &Value) -> String {
        match (ty, v) {
            (Ty::Optional(inner), _) if *v != Value::Null => self.typed_value(inner, v),
            (Ty::Record(id, record), Value::Record(values)) => {
                let Some(def) = self.program.records.get(id.0 as usize) else {
                    return self.value(v);
                };
                let parts = def
                    .fields
                    .iter()
                    .zip(values.iter())
                    .map(|((name, fty), fv)| {
                        let label = self
                            .labels()
                            .or_name(Kind::Field, &format!("{record}/{name}"));
                        format!(
                            "{} {}",
                            inside_sentence(self.labels(), &label),
                            self.typed_value(fty, fv)
                        )
                    });
                join_och(parts.collect())
            }
            _ => self.value(v),
        }
    }

    /// A parameter's value as the policy writes it (`10 %`, not `0,1`; `499,2 mnkr`), else
    /// as [`Phrases::value`] says it.
    pub fn param_value(&self, index: u32, v: &Value) -> String {
        param_sv(self.program, index, v, |v| self.value(v))
    }

    /// Output `index`'s value as rule `rule` set it: a number the expression that gave it
    /// rounds to places (`round(x, 1)`, the rule's own or the output's formula, or a `let`
    /// it copies) with those decimals, as a table writes its column ("78,0"), a parameter it
    /// copies as the policy writes it ("4,3 %"), else as [`Phrases::typed_value`] says it.
    pub fn output_value(&self, rule: usize, index: usize, v: &Value) -> String {
        let Some(output) = self.decision.outputs.get(index) else {
            return self.value(v);
        };
        let set_by_rule = self
            .decision
            .rules
            .get(rule)
            .and_then(|r| r.outcome.iter().find(|(i, _)| *i as usize == index))
            .map(|(_, e)| e);
        let given_by = match (set_by_rule, &output.source) {
            (Some(e), _) | (None, OutputSource::Computed(e)) => Some(e),
            _ => None,
        };
        // An output that copies a parameter says it as the policy writes it ("4,3 %").
        if let Some(Expr::Load(Place::Param(p))) = given_by {
            return self.param_value(*p, v);
        }
        match (v, given_by.and_then(|e| self.rounded_places(e))) {
            (Value::Decimal(d), Some(places)) => decimal_padded_sv(*d, places),
            _ => self.typed_value(&output.ty, v),
        }
    }

    /// The decimal places `e` rounds its number to (`round(x, 1)`), also where it is missing
    /// in some branch (`if … then null else round(x, 2)`) or `e` is a `let` that rounds.
    fn rounded_places(&self, e: &Expr) -> Option<u32> {
        match e {
            Expr::Round {
                to: RoundTo::Places(n),
                ..
            } => Some(*n),
            Expr::If(_, a, b, _) => match (&**a, &**b) {
                (Expr::Const(Value::Null), x) | (x, Expr::Const(Value::Null)) => {
                    self.rounded_places(x)
                }
                (x, y) => self
                    .rounded_places(x)
                    .filter(|n| self.rounded_places(y) == Some(*n)),
            },
            // A `let` reads only the `let`s before it: the lookup ends.
            Expr::Load(Place::Local(s)) => match self.decision.local_kind(*s) {
                LocalKind::Let(value) => self.rounded_places(value),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Parameter `index`'s value as the policy writes it (`10 %`, `499,2 mnkr`), else as `plain`
/// says a value written as its type says: the one rule for a parameter's value, inside a
/// decision's words ([`Phrases::param_value`]) and in a sentence of its own (the memo).
pub fn param_sv(
    program: &Program,
    index: u32,
    v: &Value,
    plain: impl FnOnce(&Value) -> String,
) -> String {
    program
        .params
        .get(index as usize)
        .and_then(|p| written_sv(v, p.written))
        .unwrap_or_else(|| plain(v))
}

/// A number as the policy writes it (see [`Written`]): `10 %`, `499,2 mnkr` (at least one
/// decimal, as Tabell 1); `None` for a plain one, which the reader's units say.
pub fn written_sv(v: &Value, written: Written) -> Option<String> {
    let n = written.scaled(v)?;
    match written {
        Written::Percent => Some(format!("{} %", decimal_sv(n))),
        Written::Mnkr => Some(format!("{} mnkr", decimal_padded_sv(n, 1))),
        Written::Plain => None,
    }
}

/// What `round(x, to)` rounds to, in the one set of words a rounding and a value already
/// rounded both use: "hela ören", "heltal", "en decimal", "två decimaler", "12 decimaler".
pub(super) fn rounding_unit(to: RoundTo) -> String {
    const SPELLED: [&str; 9] = [
        "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio",
    ];
    match to {
        RoundTo::Ore => "hela ören".to_owned(),
        RoundTo::Kronor => "hela kronor".to_owned(),
        RoundTo::Places(0) => "heltal".to_owned(),
        RoundTo::Places(1) => "en decimal".to_owned(),
        RoundTo::Places(n) => match n.checked_sub(1).and_then(|i| SPELLED.get(i as usize)) {
            Some(word) => format!("{word} decimaler"),
            None => format!("{n} decimaler"),
        },
    }
}

/// A value as Swedish text: `ja`, `1 100`, `0,1`, `1 234,50 kr`, `3 månader`, a variant's label;
/// a figure grouped from four digits, whole or not (a year is said by [`Phrases::figure`]).
pub fn value_sv(program: &Program, v: &Value) -> String {
    match v {
        Value::Null => "saknas".to_owned(),
        Value::Bool(true) => "ja".to_owned(),
        Value::Bool(false) => "nej".to_owned(),
        Value::Int(i) => group(&i.to_string()),
        Value::Decimal(d) => decimal_sv(*d),
        Value::Money(d) => money_sv(*d),
        Value::Date(d) => date_sv(*d),
        Value::Time(t) => t.format("%H:%M").to_string(),
        Value::Duration(d) => duration_sv(*d),
        Value::Text(t) => format!("”{t}”"),
        Value::Enum(id, i) => match program.enum_def(*id) {
            Some(def) => {
                let variant = def.variants.get(*i as usize).cloned().unwrap_or_default();
                program
                    .labels
                    .or_name(Kind::Variant, &format!("{}/{variant}", def.name))
            }
            None => String::new(),
        },
        Value::List(items) => {
            if items.is_empty() {
                "inga".to_owned()
            } else {
                join_och(items.iter().map(|i| value_sv(program, i)).collect())
            }
        }
        // A record by its words, its first as its title and the rest after it in brackets
        // ("”Resursenhet för samisk hälsa” (”Jokkmokks hälsocentral”)"); a key for machines
        // in its first field (`kod: "samisk_resursenhet"`) is left out, no other field (a
        // word such as "ja" or "prevention" is information, whatever its letters).
        Value::Record(fields) => {
            let keyed = fields.len() > 1 && fields.first().is_some_and(is_code);
            let mut said = fields[usize::from(keyed)..]
                .iter()
                .map(|f| value_sv(program, f));
            let title = said.next().unwrap_or_default();
            let rest: Vec<String> = said.collect();
            if rest.is_empty() {
                title
            } else {
                format!("{title} ({})", rest.join(", "))
            }
        }
    }
}

/// Whether `v` is a code for machines (`samisk_resursenhet`): a text of small letters, digits
/// and underscores only.
pub fn is_code(v: &Value) -> bool {
    matches!(v, Value::Text(t) if !t.is_empty()
        && t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
}

pub fn date_sv(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `3 månader`, `1 år`, `60 dagar`, `1 vecka`.
pub fn duration_sv(d: Duration) -> String {
    let one = d.amount == 1 || d.amount == -1;
    let unit = match (d.unit, one) {
        (DurationUnit::Days, true) => "dag",
        (DurationUnit::Days, false) => "dagar",
        (DurationUnit::Weeks, true) => "vecka",
        (DurationUnit::Weeks, false) => "veckor",
        (DurationUnit::Months, true) => "månad",
        (DurationUnit::Months, false) => "månader",
        (DurationUnit::Years, _) => "år",
    };
    format!("{} {unit}", group(&d.amount.to_string()))
}

/// `0,125`, `1 250,5`: a decimal comma and spaces between thousands.
pub fn decimal_sv(d: Decimal) -> String {
    decimal_sv_as_is(d.normalize())
}

/// A decimal with the decimals it has: `78.0` → `78,0`.
fn decimal_sv_as_is(d: Decimal) -> String {
    let text = d.to_string();
    match text.split_once('.') {
        Some((whole, frac)) => format!("{},{frac}", group(whole)),
        None => group(&text),
    }
}

/// `78,0`, `0,05`: a decimal padded to at least `places` decimals, as a table writes its
/// column ("mnkr" with one); none it has is dropped.
pub fn decimal_padded_sv(d: Decimal, places: u32) -> String {
    let mut d = d.normalize();
    if d.scale() < places {
        d.rescale(places);
    }
    decimal_sv_as_is(d)
}

/// `1 234,50 kr`, `10 000 kr`.
pub fn money_sv(d: Decimal) -> String {
    let d = d.round_dp(2);
    if d.fract().is_zero() {
        format!("{} kr", group(&d.trunc().to_string()))
    } else {
        let text = format!("{d:.2}");
        let (whole, frac) = text.split_once('.').unwrap_or((&text, "00"));
        format!("{},{frac} kr", group(whole))
    }
}

/// Spaces between groups of three digits (`10000` → `10 000`), from four digits on.
fn group(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("−", rest),
        None => ("", digits),
    };
    if digits.len() < 4 {
        return format!("{sign}{digits}");
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One rule for every figure a person reads: grouped from four digits, whole or not, an
    /// amount or not (a year is one word where the phrase knows it is one: `Phrases::figure`).
    #[test]
    fn a_figure_is_grouped_from_four_digits_whole_or_not() {
        let program = Program::default();
        assert_eq!(value_sv(&program, &Value::Int(999)), "999");
        assert_eq!(value_sv(&program, &Value::Int(1100)), "1\u{a0}100");
        assert_eq!(value_sv(&program, &Value::Int(-1100)), "−1\u{a0}100");
        assert_eq!(value_sv(&program, &Value::Int(12000)), "12\u{a0}000");
        assert_eq!(decimal_padded_sv(Decimal::new(1100, 0), 1), "1\u{a0}100,0");
        assert_eq!(money_sv(Decimal::new(1100, 0)), "1\u{a0}100 kr");
    }

    #[test]
    fn a_record_is_said_by_its_words_and_not_its_code() {
        let program = Program::default();
        let text = |t: &str| Value::Text(t.into());
        let record = Value::Record(
            vec![
                text("samisk_resursenhet"),
                text("Resursenhet för samisk hälsa"),
                text("Jokkmokks hälsocentral"),
            ]
            .into(),
        );
        assert_eq!(
            value_sv(&program, &record),
            "”Resursenhet för samisk hälsa” (”Jokkmokks hälsocentral”)"
        );
        // A record of codes alone keeps them: there is nothing else to say.
        let codes = Value::Record(vec![text("lattakut")].into());
        assert_eq!(value_sv(&program, &codes), "”lattakut”");
        // Only the key is left out: a later field of small letters is information.
        let answered = Value::Record(vec![text("fraga_1"), text("Anmäld"), text("ja")].into());
        assert_eq!(value_sv(&program, &answered), "”Anmäld” (”ja”)");
    }

    #[test]
    fn a_table_column_keeps_its_decimals() {
        assert_eq!(decimal_padded_sv(Decimal::new(78, 0), 1), "78,0");
        assert_eq!(decimal_padded_sv(Decimal::new(11912, 1), 1), "1\u{a0}191,2");
        // A column never drops a decimal the value has.
        assert_eq!(decimal_padded_sv(Decimal::new(-155, 2), 1), "−1,55");
        assert_eq!(decimal_padded_sv(Decimal::new(7800, 2), 1), "78,0");
    }
}
