//! Noun phrases: an expression as what it names ("antalet dagar från … till …", "60 dagar
//! efter beslutsdagen", fallbacks, joined lists, the built-ins).

use regel_compiler::ir::{
    Arith, Builtin, Duration, Expr, ListOp, Op, Place, RoundMode, RoundTo, Value,
};
use regel_syntax::{BinaryOp, DurationUnit};

use super::Phrases;
use super::fallbacks::coalesced;
use super::grammar::{join_och, join_words};
use super::labels::with_value;
use super::values::{duration_sv, rounding_unit};

impl<'a> Phrases<'a> {
    /// A noun phrase for `e`.
    pub fn term(&self, e: &Expr) -> String {
        match e {
            // A code in a rule is quoted by its label: "”avsändaren framgår inte” (om …)".
            Expr::Const(Value::Text(t)) if let Some(label) = self.code_label(t) => {
                format!("”{label}”")
            }
            Expr::Const(v) => self.value(v),
            Expr::Load(place) => self.loaded(*place),
            Expr::Field(base, i, _) => {
                format!("{} i {}", self.field_label(base, *i), self.term(base))
            }
            Expr::Not(inner) => self.clause(inner, false),
            Expr::Neg(_, inner) => format!("minus {}", self.term(inner)),
            // `beslut - ansokan` counts days, as `days(ansokan, beslut)` does.
            Expr::Binary(Op::Arith(Arith::DateDiffDays), a, b) => {
                format!("antalet dagar från {} till {}", self.term(b), self.term(a))
            }
            Expr::Binary(Op::Arith(Arith::Concat), ..) => self.joined(e),
            Expr::Binary(
                Op::Arith(arith @ (Arith::DateAddDuration | Arith::DateSubDuration)),
                a,
                b,
            ) => self.moved_date(*arith == Arith::DateAddDuration, a, b),
            Expr::Binary(
                Op::Arith(arith @ (Arith::IntMulDuration | Arith::DurationMulInt)),
                a,
                b,
            ) if let Some(said) = self.times_unit(*arith, a, b) => said,
            Expr::Binary(Op::Arith(arith), a, b) => self.arithmetic(*arith, a, b),
            Expr::Binary(..) => self.clause(e, true),
            Expr::Coalesce(..) => self.fallbacks(e),
            Expr::If(c, a, b, _) => format!(
                "{} om {}, annars {}",
                self.term(a),
                self.sub().clause(c, true),
                self.term(b)
            ),
            Expr::List(_, items) => {
                if items.is_empty() {
                    "inga".to_owned()
                } else {
                    join_och(items.iter().map(|i| self.term(i)).collect())
                }
            }
            Expr::Record(_, fields) => join_och(fields.iter().map(|f| self.term(f)).collect()),
            Expr::ListOp {
                op: ListOp::Any | ListOp::All,
                ..
            } => self.clause(e, true),
            Expr::ListOp {
                op,
                list,
                slot,
                body,
                ..
            } => self.list_term(*op, list, *slot, body.as_deref()),
            Expr::Round { mode, to, value } => self.rounded(*mode, *to, value),
            Expr::Call(builtin, args) => self.call(*builtin, args),
        }
    }

    /// A noun phrase for `e` beside `other` (compared with it, added to it): a whole number
    /// beside a year is one word as the year is ("året efter 2023", [`Phrases::figure`]).
    pub(super) fn term_beside(&self, e: &Expr, other: Option<&Expr>) -> String {
        match e {
            Expr::Const(v @ Value::Int(_)) => self.figure(e, v, other),
            _ => self.term(e),
        }
    }

    /// A local or a parameter by its label, with its value when known ("högsta antal byten
    /// (2)"); an element being looked at by its value alone, which says it all.
    fn loaded(&self, place: Place) -> String {
        let label = match place {
            Place::Local(s) => self.local_label(s),
            Place::Param(p) => self.param_label(p),
        };
        let lambda = matches!(place, Place::Local(s) if self.is_lambda(s));
        match self.current(place) {
            Some(v) if lambda && *v != Value::Null => self.figure(&Expr::Load(place), v, None),
            // A missing parameter, which a require names, by its label alone.
            Some(v) if let Place::Param(p) = place => match v {
                Value::Null => label,
                v => with_value(&label, &self.param_value(p, v)),
            },
            Some(v) if !lambda => with_value(&label, &self.figure(&Expr::Load(place), v, None)),
            _ => label,
        }
    }

    /// The label of what `place` names.
    fn place_label(&self, place: Place) -> String {
        match place {
            Place::Local(s) => self.local_label(s),
            Place::Param(p) => self.param_label(p),
        }
    }

    /// "tidigaste dag för upphörande, 2024-03-15": a value after its label, for inside
    /// brackets of their own.
    fn named(&self, place: Place) -> String {
        let label = self.place_label(place);
        match (place, self.current(place)) {
            (_, None | Some(Value::Null)) => label,
            (Place::Param(p), Some(v)) => format!("{label}, {}", self.param_value(p, v)),
            (Place::Local(_), Some(v)) => format!("{label}, {}", self.value(v)),
        }
    }

    /// `a + b`, `a * b`, …: "a plus b", "(a plus b) gånger c".
    fn arithmetic(&self, arith: Arith, a: &Expr, b: &Expr) -> String {
        let op = arith.written();
        let word = match op {
            BinaryOp::Add => "plus",
            BinaryOp::Sub => "minus",
            BinaryOp::Mul => "gånger",
            _ => "delat med",
        };
        format!(
            "{} {word} {}",
            self.operand(a, op, false, Some(b)),
            self.operand(b, op, true, Some(a))
        )
    }

    /// `count`, `sum`, `filter` and `map` of `list`, each with its condition or value on the
    /// element `slot`: "antalet …", "summan av … för …", "de … som …".
    fn list_term(&self, op: ListOp, list: &Expr, slot: u32, body: Option<&Expr>) -> String {
        let list_t = self.term(list);
        match (op, body) {
            (ListOp::Count, None) => format!("antalet {list_t}"),
            (ListOp::Count, Some(b)) => self.count_of(&list_t, slot, b),
            (ListOp::Sum, None) => format!("summan av {list_t}"),
            (ListOp::Sum, Some(b)) => format!("summan av {} för {list_t}", self.term(b)),
            (ListOp::Filter, Some(b)) => format!("de {list_t} {}", self.element_clause(slot, b)),
            (ListOp::Map, Some(b)) => format!("{} för {list_t}", self.term(b)),
            (_, _) => list_t,
        }
    }

    /// `round(x, 1)`: "x avrundat till en decimal", "… nedåt till hela ören".
    fn rounded(&self, mode: RoundMode, to: RoundTo, value: &Expr) -> String {
        let how = match mode {
            RoundMode::Nearest => "avrundat till",
            RoundMode::Down => "avrundat nedåt till",
            RoundMode::Up => "avrundat uppåt till",
        };
        let unit = rounding_unit(to);
        format!("{} {how} {unit}", self.term(value))
    }

    /// "antalet tidigare byten som är senare än …": the elements of the list said `list` for
    /// which `body` holds of the element `slot`, counted.
    pub fn count_of(&self, list: &str, slot: u32, body: &Expr) -> String {
        format!("antalet {list} {}", self.element_clause(slot, body))
    }

    /// `a ?? b ?? c` as a person says it: "dagen för invändningen eller, om uppgiften saknas,
    /// beslutsdagen", a third fallback "eller, om båda saknas, …". With the values known,
    /// only the part that counted is read.
    fn fallbacks(&self, e: &Expr) -> String {
        let mut parts = Vec::new();
        coalesced(e, &mut parts);
        if let Some(first @ Expr::Load(Place::Local(s))) = parts.first()
            && self.given.contains(s)
        {
            return self.term(first);
        }
        // Read apart: what counts when it is missing has sentences of its own
        // ([`Phrases::fallback_sentences`]).
        if self.fallbacks_apart
            && self.values.is_none()
            && let Some(first) = parts.first()
        {
            return self.term(first);
        }
        if self.values.is_some() {
            // Loads known to be missing are skipped; the first other part is the one read.
            let counted = parts.iter().position(|part| match part {
                Expr::Load(place) => self.current(*place).is_some_and(|v| *v != Value::Null),
                _ => true,
            });
            let last = parts.len().saturating_sub(1);
            let used = counted.unwrap_or(last);
            // "patientens födelsedatum (saknas, räknas som 2023-01-01)": a missing value is
            // named with what counts in its place, never the fallback alone ("2023-01-01 är
            // senare än …", a day the case does not give).
            if used > 0
                && let Some(Expr::Load(head)) = parts.first()
                && let Some(part) = parts.get(used)
                && (used == last || matches!(part, Expr::Load(_)))
            {
                let counts = match part {
                    Expr::Load(place) => self.named(*place),
                    other => self.term(other),
                };
                let also: Vec<String> = parts
                    .get(1..used)
                    .unwrap_or_default()
                    .iter()
                    .map(|p| match p {
                        Expr::Load(place) => self.place_label(*place),
                        other => self.term(other),
                    })
                    .collect();
                let also = match also.is_empty() {
                    true => String::new(),
                    false => format!(", liksom {}", join_och(also)),
                };
                return format!(
                    "{} (saknas{also}, räknas som {counts})",
                    self.place_label(*head)
                );
            }
            match counted {
                Some(i) if parts.get(i).is_some_and(|p| matches!(p, Expr::Load(_))) => {
                    return parts.get(i).map(|p| self.term(p)).unwrap_or_default();
                }
                Some(i) => {
                    parts.drain(..i);
                }
                None => return parts.last().map(|p| self.term(p)).unwrap_or_default(),
            }
        }
        let mut said = String::new();
        for (i, part) in parts.iter().enumerate() {
            let term = self.term(part);
            match i {
                0 => said = term,
                1 => said.push_str(&format!(" eller, om uppgiften saknas, {term}")),
                2 => said.push_str(&format!(" eller, om båda saknas, {term}")),
                _ => said.push_str(&format!(" eller, om också de saknas, {term}")),
            }
        }
        said
    }

    /// Lists joined (`a + b + …`) as the region lists things: each part with the condition it
    /// is there on, the last after "samt" ("”avsändaren framgår inte” (om avsändaren inte
    /// framgår) samt brister enligt 3.4.4"); a part that is an empty list says nothing.
    fn joined(&self, e: &Expr) -> String {
        let mut parts = Vec::new();
        concatenated(e, &mut parts);
        let said: Vec<String> = parts
            .into_iter()
            .filter_map(|part| self.list_part(part))
            .collect();
        if said.is_empty() {
            return "inga".to_owned();
        }
        join_words(said, "samt")
    }

    /// One part of joined lists: `if c then [x] else []` as `x (om c)`, `if c then [] else
    /// [x]` as `x (om inte c)`; `None` for an empty list.
    fn list_part(&self, part: &Expr) -> Option<String> {
        match part {
            Expr::List(_, items) if items.is_empty() => None,
            Expr::If(c, a, b, _) => match (is_empty_list(a), is_empty_list(b)) {
                (true, true) => None,
                (false, true) => Some(format!(
                    "{} (om {})",
                    self.term(a),
                    self.sub().clause(c, true)
                )),
                (true, false) => Some(format!(
                    "{} (om {})",
                    self.term(b),
                    self.sub().clause(c, false)
                )),
                (false, false) => Some(self.term(part)),
            },
            _ => Some(self.term(part)),
        }
    }

    fn call(&self, builtin: Builtin, args: &[Expr]) -> String {
        let a = |i: usize| args.get(i).map(|e| self.term(e)).unwrap_or_default();
        match builtin {
            Builtin::Min => format!("det minsta av {} och {}", a(0), a(1)),
            Builtin::Max => format!("det största av {} och {}", a(0), a(1)),
            Builtin::Days => format!("antalet dagar från {} till {}", a(0), a(1)),
            Builtin::Within => self.within(args),
            Builtin::PeriodEnd => {
                format!("sista dagen i perioden på {} från {}", a(1), a(0))
            }
            Builtin::Year => format!("året för {}", a(0)),
            Builtin::MakeDate => {
                let part = |i: usize, word: &str| {
                    let said = a(i);
                    // "året efter verksamhetsåret", "månad för årsberättelsen": the part's
                    // name is not said twice.
                    let first = said.split(' ').next().unwrap_or_default().to_lowercase();
                    if first.starts_with(word) {
                        said
                    } else {
                        format!("{word} {said}")
                    }
                };
                format!(
                    "datumet som bildas av {}, {} och {}",
                    part(0, "år"),
                    part(1, "månad"),
                    part(2, "dag")
                )
            }
            Builtin::LastDayOfMonth => format!("sista dagen i månaden för {}", a(0)),
            Builtin::Weekday => format!("veckodagen för {} (måndag 1 … söndag 7)", a(0)),
        }
    }

    /// An operand of the arithmetic operator `op`, in brackets when it binds less tightly
    /// than `op` (or as tightly, on the right of `-` and `/`): "(talet plus 1) gånger 2", never
    /// re-associated as "talet plus 1 gånger 2".
    fn operand(&self, e: &Expr, op: BinaryOp, right: bool, beside: Option<&Expr>) -> String {
        let said = self.term_beside(e, beside);
        let inner = match e {
            Expr::Binary(Op::Arith(Arith::DateAddDuration | Arith::DateSubDuration), ..) => None,
            Expr::Binary(Op::Arith(arith), ..) if *arith != Arith::Concat => {
                Some(arith.written().precedence())
            }
            _ => None,
        };
        let outer = op.precedence();
        let grouped = inner.is_some_and(|inner| {
            inner < outer
                || (right && inner == outer && matches!(op, BinaryOp::Sub | BinaryOp::Div))
        });
        if grouped { format!("({said})") } else { said }
    }

    /// `n * 1 year` as a time: "talet år", "(talet plus 1) år"; `None` for another duration
    /// than one unit.
    fn times_unit(&self, arith: Arith, a: &Expr, b: &Expr) -> Option<String> {
        let (count, unit) = match arith {
            Arith::IntMulDuration => (a, b),
            _ => (b, a),
        };
        let Expr::Const(Value::Duration(d)) = unit else {
            return None;
        };
        if d.amount != 1 {
            return None;
        }
        let many = Duration {
            amount: 2,
            unit: d.unit,
        };
        let word = duration_sv(many);
        let word = word.split_once(' ').map_or(word.as_str(), |(_, w)| w);
        Some(format!(
            "{} {word}",
            self.operand(count, BinaryOp::Mul, false, None)
        ))
    }

    /// A date moved by a time, as Swedish says it: "60 dagar efter beslutsdagen", "dagen efter
    /// avtalstidens sista dag", "avisering om förlängning före dagen efter …".
    fn moved_date(&self, forward: bool, date: &Expr, by: &Expr) -> String {
        let way = if forward { "efter" } else { "före" };
        // Not "dagen efter dagen" for an element named "dagen".
        let element = matches!(date, Expr::Load(Place::Local(s)) if self.is_lambda(*s));
        let one_day = !element
            && matches!(by, Expr::Const(Value::Duration(d))
                if d.amount == 1 && d.unit == DurationUnit::Days);
        if one_day {
            return format!("dagen {way} {}", self.term(date));
        }
        // A time a parameter gives reads as itself: "senast 60 dagar efter beslutsdagen", not
        // "senast frist för invändning (60 dagar) efter …"; the motivering names the parameter
        // among the limits applied, the memo beside its value.
        let by_said = match by {
            Expr::Load(Place::Param(p)) => match self.param(*p) {
                Some(v @ Value::Duration(_)) => self.param_value(*p, v),
                _ => self.term(by),
            },
            _ => self.term(by),
        };
        format!("{by_said} {way} {}", self.term(date))
    }

    /// `tiden från … till … ryms inom …`.
    fn within(&self, args: &[Expr]) -> String {
        let a = |i: usize| args.get(i).map(|e| self.term(e)).unwrap_or_default();
        format!("tiden från {} till {} ryms inom {}", a(0), a(1), a(2))
    }
}

/// The parts of `a + b + …` joining lists, in order.
fn concatenated<'e>(e: &'e Expr, parts: &mut Vec<&'e Expr>) {
    match e {
        Expr::Binary(Op::Arith(Arith::Concat), a, b) => {
            concatenated(a, parts);
            concatenated(b, parts);
        }
        other => parts.push(other),
    }
}

fn is_empty_list(e: &Expr) -> bool {
    matches!(e, Expr::List(_, items) if items.is_empty())
}
