//! Conditions on the elements of a list: "som är senare än …", "alla … är …", an age in
//! whole years, "för något tal bland … gäller att …".

use regel_compiler::ir::{Arith, Cmp, Expr, Op, Place, RoundTo, Value};
use regel_compiler::ty::Ty;
use regel_syntax::DurationUnit;

use super::Phrases;
use super::comparisons::Stance;
use super::grammar::join_words;
use super::values::rounding_unit;

impl<'a> Phrases<'a> {
    /// `any(list, x => body)` (`any`) or `all(…)` holding or not: an age in whole years, the
    /// element's comparisons as one predicate ("alla tidigare byten är senast …"), or "för
    /// något tal bland … gäller att …".
    pub(super) fn any_or_all(
        &self,
        any: bool,
        list: &Expr,
        slot: u32,
        body: &Expr,
        positive: bool,
    ) -> String {
        let list_t = self.term(list);
        if any && let Some((day, born)) = self.age_in(slot, body) {
            // "åldern i hela år på dagen frågan gäller, räknat från personens
            // födelsedatum, är en av åldrarna (40, 50 och 60)".
            let age = format!(
                "åldern i hela år på {}, räknat från {},",
                self.term(day),
                self.term(born)
            );
            return match positive {
                true => format!("{age} är en av {list_t}"),
                false => self.said(&age, "är", &format!("någon av {list_t}"), false),
            };
        }
        // Not all of them meets one bound: some of them fails it ("något av … är senare än
        // dagen …", not "inte alla … inte är senare än …").
        if !any
            && !positive
            && matches!(
                body,
                Expr::Binary(Op::Compare(Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge, _), ..)
            )
            && let Some(failed) = self.element_predicate(slot, body, false, self.main_clause)
        {
            return format!("något av {list_t} {failed}");
        }
        let mut parts = Vec::new();
        if self.element_parts(slot, body, self.main_clause, &mut parts) {
            // "alla tidigare byten är senast …", "något av … är senare än …".
            let said = join_words(predicates(parts), "och");
            return match (any, positive) {
                (true, true) => format!("något av {list_t} {said}"),
                (true, false) => format!("inget av {list_t} {said}"),
                (false, true) => format!("alla {list_t} {said}"),
                (false, false) => format!("inte alla {list_t} {said}"),
            };
        }
        self.for_elements(any, positive, slot, &list_t, body)
    }

    /// `(day, born)` when `body` says that the whole years from `born` to `day` are the
    /// element `slot`: `day >= born + a * 1 year and day < born + (a + 1) * 1 year`.
    pub(crate) fn age_in<'e>(&self, slot: u32, body: &'e Expr) -> Option<(&'e Expr, &'e Expr)> {
        let Expr::Binary(Op::And, lower, upper) = body else {
            return None;
        };
        let bound = |e: &'e Expr, want: Cmp| match e {
            Expr::Binary(Op::Compare(op, _), day, moved) if *op == want => match &**moved {
                Expr::Binary(Op::Arith(Arith::DateAddDuration), born, years)
                    if years_of_element(slot, years) =>
                {
                    Some((&**day, &**born))
                }
                _ => None,
            },
            _ => None,
        };
        let (day, born) = bound(lower, Cmp::Ge)?;
        let (day2, born2) = bound(upper, Cmp::Lt)?;
        // The IR keeps no spans, so its equality is the expressions' structure.
        (day == day2 && born == born2).then_some((day, born))
    }

    /// "det för något tal bland åldrar … gäller att …": a condition on the elements of a
    /// list that is more than comparisons of the element, the element named by its type.
    pub(super) fn for_elements(
        &self,
        any: bool,
        positive: bool,
        slot: u32,
        list: &str,
        body: &Expr,
    ) -> String {
        let ty = self
            .decision
            .local_types
            .get(slot as usize)
            .unwrap_or(&Ty::Error);
        let ElementWords {
            some, none, every, ..
        } = element_words(ty);
        let that = self.sub().clause(body, true);
        match (any, positive, self.main_clause) {
            (true, true, true) => format!("för {some} bland {list} gäller att {that}"),
            (true, true, false) => format!("det för {some} bland {list} gäller att {that}"),
            (true, false, true) => format!("för {none} bland {list} gäller att {that}"),
            (true, false, false) => format!("det inte för {some} bland {list} gäller att {that}"),
            (false, true, true) => format!("för {every} bland {list} gäller att {that}"),
            (false, true, false) => format!("det för {every} bland {list} gäller att {that}"),
            (false, false, true) => format!("det gäller inte för {every} bland {list} att {that}"),
            (false, false, false) => {
                format!("det inte för {every} bland {list} gäller att {that}")
            }
        }
    }

    /// `som är senare än … och senast …`: a condition on the element of a list operator.
    pub(super) fn element_clause(&self, slot: u32, body: &Expr) -> String {
        let mut parts = Vec::new();
        if self.element_parts(slot, body, false, &mut parts) {
            format!("som {}", join_words(predicates(parts), "och"))
        } else {
            format!("där {}", self.sub().clause(body, true))
        }
    }

    /// What `body`, one comparison of the element `slot` with something else, says of the
    /// element, holding (`positive`) or not, as a main clause's predicate (`main`: "är inte
    /// senare än dagen för det begärda bytet") or a subordinate one's ("inte är senare än …");
    /// `None` for another body.
    pub fn element_predicate(
        &self,
        slot: u32,
        body: &Expr,
        positive: bool,
        main: bool,
    ) -> Option<String> {
        let Expr::Binary(_, a, _) = body else {
            return None;
        };
        let (op, other) = body.compared_local(slot)?;
        let op = if positive { op } else { op.negated() };
        let stance = Stance {
            main,
            denied: !positive,
        };
        Some(format!(
            "{} {}",
            self.comparison(op, a, other, stance),
            self.term(other)
        ))
    }

    /// The comparisons of the element with something else, when that is all `body` is, as
    /// the predicates of a main clause (`main`: "något av beloppen är inte 0") or of a
    /// relative one ("som inte är 0").
    pub(super) fn element_parts(
        &self,
        slot: u32,
        body: &Expr,
        main: bool,
        parts: &mut Vec<String>,
    ) -> bool {
        match body {
            Expr::Binary(Op::And, a, b) => {
                self.element_parts(slot, a, main, parts) && self.element_parts(slot, b, main, parts)
            }
            Expr::Binary(Op::Compare(Cmp::Eq, _), a, b)
                if let Some(to) = rounded_to(slot, a, b) =>
            {
                parts.push(rounded_predicate(to));
                true
            }
            Expr::Binary(Op::Compare(..), a, _) => {
                let Some((op, other)) = body.compared_local(slot) else {
                    return false;
                };
                // The comparison as written.
                let stance = Stance {
                    main,
                    denied: false,
                };
                let words = self.comparison(op, a, other, stance);
                parts.push(format!("{words} {}", self.term(other)));
                true
            }
            _ => false,
        }
    }
}

/// Predicates of one subject joined: "är senare än … och senast …", the verb said once.
pub(super) fn predicates(parts: Vec<String>) -> Vec<String> {
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| match p.strip_prefix("är ") {
            Some(rest) if i > 0 => rest.to_owned(),
            _ => p,
        })
        .collect()
}

/// What `x == round(x, to)` (either way round) rounds the element `slot` to: the element
/// has no more decimals than that.
fn rounded_to(slot: u32, a: &Expr, b: &Expr) -> Option<RoundTo> {
    let is_element = |e: &Expr| matches!(e, Expr::Load(Place::Local(s)) if *s == slot);
    match (a, b) {
        (x, Expr::Round { to, value, .. }) | (Expr::Round { to, value, .. }, x)
            if is_element(x) && is_element(value) =>
        {
            Some(*to)
        }
        _ => None,
    }
}

/// What a value equal to itself rounded to `to` is: "har högst en decimal", "är hela kronor".
fn rounded_predicate(to: RoundTo) -> String {
    let unit = rounding_unit(to);
    match to {
        RoundTo::Ore | RoundTo::Kronor | RoundTo::Places(0) => format!("är {unit}"),
        RoundTo::Places(_) => format!("har högst {unit}"),
    }
}

/// The words for the element of a list, which lambdas name by a letter.
pub(super) struct ElementWords {
    /// "dagen".
    pub definite: &'static str,
    /// For "för något tal bland …": "någon dag", "ingen dag", "varje dag".
    pub some: &'static str,
    pub none: &'static str,
    pub every: &'static str,
}

/// The words for the element of a list of `ty`.
pub(super) fn element_words(ty: &Ty) -> ElementWords {
    let [definite, some, none, every] = match ty {
        Ty::Date => ["dagen", "någon dag", "ingen dag", "varje dag"],
        Ty::Time => [
            "klockslaget",
            "något klockslag",
            "inget klockslag",
            "varje klockslag",
        ],
        Ty::Int | Ty::Decimal => ["talet", "något tal", "inget tal", "varje tal"],
        Ty::Money => ["beloppet", "något belopp", "inget belopp", "varje belopp"],
        Ty::Duration => ["tiden", "någon tid", "ingen tid", "varje tid"],
        Ty::Text => ["texten", "någon text", "ingen text", "varje text"],
        Ty::Record(..) => ["posten", "någon post", "ingen post", "varje post"],
        Ty::Optional(inner) => return element_words(inner),
        _ => ["värdet", "något värde", "inget värde", "varje värde"],
    };
    ElementWords {
        definite,
        some,
        none,
        every,
    }
}

/// Whether `e` is a number of years that reads the element `slot`: `a * 1 year`, `(a + 1) *
/// 1 year`.
fn years_of_element(slot: u32, e: &Expr) -> bool {
    let Expr::Binary(Op::Arith(Arith::IntMulDuration), count, unit) = e else {
        return false;
    };
    let one_year = matches!(&**unit, Expr::Const(Value::Duration(d))
        if d.amount == 1 && d.unit == DurationUnit::Years);
    let mut reads = false;
    count.walk(&mut |x| reads |= matches!(x, Expr::Load(Place::Local(s)) if *s == slot));
    one_year && reads
}
