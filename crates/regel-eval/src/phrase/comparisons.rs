//! Comparisons: the words of a comparison ("är senast", "överstiger inte") and the variants
//! compared with.

use regel_compiler::ir::{Arith, Cmp, Expr, Op, Place, Value};
use regel_compiler::ty::Ty;

use super::Phrases;
use super::grammar::{join_words, means_none, statement};

impl<'a> Phrases<'a> {
    /// The labels of the other variants of the enum of `b`, when `b` is a variant labelled
    /// by a negative ("inget sådant behov"): `a != b` said as what `a` is instead, not as a
    /// double negative ("… inte är inget sådant behov").
    pub(super) fn other_variants(&self, a: &Expr, b: &Expr) -> Option<Vec<String>> {
        let Expr::Const(v @ Value::Enum(id, index)) = b else {
            return None;
        };
        let first = self.value(v);
        let first = first.split(' ').next().unwrap_or_default().to_lowercase();
        if !["ingen", "inget", "inga"].contains(&first.as_str())
            || matches!(self.ty(a), Ty::Optional(_))
        {
            return None;
        }
        let def = self.program.enum_def(*id)?;
        let others: Vec<String> = (0..def.variants.len() as u32)
            .filter(|i| i != index)
            .map(|i| self.value(&Value::Enum(*id, i)))
            .collect();
        (!others.is_empty() && others.len() <= 6).then_some(others)
    }

    /// The variant a fact's local `a` holds, when it is compared with variant `b`: "Läget är
    /// höjd beredskap" says what decided, where "Läget (höjd beredskap) är inte normalt"
    /// says it twice and by what it is not.
    pub(super) fn known_variant(&self, a: &Expr, b: &Expr) -> Option<(String, String)> {
        let (Expr::Load(Place::Local(s)), Expr::Const(Value::Enum(..))) = (a, b) else {
            return None;
        };
        match self.current(Place::Local(*s))? {
            v @ Value::Enum(..) if self.main_clause && !self.is_lambda(*s) => {
                Some((self.local_label(*s), self.value(v)))
            }
            _ => None,
        }
    }

    /// The label of variant `b` compared with `a`, when that label is a statement.
    pub(super) fn variant_statement(&self, a: &Expr, b: &Expr) -> Option<String> {
        let (Expr::Load(_), Expr::Const(v @ Value::Enum(..))) = (a, b) else {
            return None;
        };
        let label = self.value(v);
        statement(&label).is_some().then_some(label)
    }

    /// `a op b` holding (`positive`) or not, in the words [`comparison_words`] gives: a value
    /// compared with a variant said as what it is, a bound met exactly as the value.
    pub(super) fn compared(&self, op: Cmp, a: &Expr, b: &Expr, positive: bool) -> String {
        let op = if positive { op } else { op.negated() };
        // "Typ av frist är årsberättelse", not "Typ av frist (årsberättelse) är
        // årsberättelse": an equality with a constant states the value itself.
        let subject = match (op, a, b) {
            (Cmp::Eq, Expr::Load(Place::Local(s)), Expr::Const(_)) if !self.is_lambda(*s) => {
                self.local_label(*s)
            }
            _ => self.term(a),
        };
        if op == Cmp::Ne
            && let Some((label, actual)) = self.known_variant(a, b)
        {
            // A variant that means none is named as the option it is: "Händelsen … är ”inget
            // val”", not "är inget val" (which says the event is something other than a choice).
            return match means_none(&actual).is_some() {
                true => format!("{label} är ”{actual}”"),
                false => format!("{label} är {actual}"),
            };
        }
        if op == Cmp::Ne
            && let Some(others) = self.other_variants(a, b)
        {
            return format!("{subject} är {}", join_words(others, "eller"));
        }
        // The variant labelled by a negative is none of the others: "patienten är varken
        // döv eller talskadad", not "patienten är inget sådant behov".
        if op == Cmp::Eq
            && let Some(others) = self.other_variants(a, b)
        {
            return format!("{subject} är varken {}", join_words(others, "eller"));
        }
        // "Alla listade är 0", not "Alla listade (0) överstiger inte 0": a bound the
        // value meets exactly is the value.
        if self.main_clause
            && !positive
            && matches!(op, Cmp::Le | Cmp::Ge)
            && let (Expr::Load(Place::Local(s)), Expr::Const(bound)) = (a, b)
            && self.current(Place::Local(*s)) == Some(bound)
        {
            return format!(
                "{} är {}",
                self.local_label(*s),
                self.term_beside(b, Some(a))
            );
        }
        let stance = Stance {
            main: self.main_clause,
            denied: !positive,
        };
        let words = self.comparison(op, a, b, stance);
        format!("{subject} {words} {}", self.term_beside(b, Some(a)))
    }

    /// The words of `a op bound`, `op` as it holds: see [`comparison_words`].
    pub(super) fn comparison(
        &self,
        op: Cmp,
        a: &Expr,
        bound: &Expr,
        stance: Stance,
    ) -> &'static str {
        let temporal = match (self.temporal(a) || self.temporal(bound), offset(bound)) {
            (false, _) => Temporal::No,
            (true, true) => Temporal::Offset,
            (true, false) => Temporal::Day,
        };
        comparison_words(op, temporal, stance)
    }

    /// Whether `e` is a date or a time (compared with "senast", "tidigare än"), as the
    /// checker typed it: a number of days between two dates is a number, not a date.
    fn temporal(&self, e: &Expr) -> bool {
        temporal_ty(&self.ty(e))
    }
}

/// Whether `e` is a day or time counted from another (`datum - 1 year`): "senast 60 dagar
/// efter beslutsdagen" reads as a bound, where "senast beslutsdagen" does not.
fn offset(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Binary(
            Op::Arith(Arith::DateAddDuration | Arith::DateSubDuration),
            ..
        )
    )
}

/// What a comparison compares: numbers, a day or time, or a day counted from another.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Temporal {
    No,
    Day,
    Offset,
}

fn temporal_ty(ty: &Ty) -> bool {
    match ty {
        Ty::Date | Ty::Time => true,
        Ty::Optional(t) => temporal_ty(t),
        _ => false,
    }
}

/// How a comparison stands in its sentence: the word order of its clause, and whether it is
/// a written comparison that does not hold.
#[derive(Clone, Copy)]
pub(super) struct Stance {
    /// A main clause ("är inte", "överstiger inte"), or a subordinate or relative one ("inte
    /// är", "som inte överstiger").
    pub main: bool,
    /// The comparison is the negation of the one written: `x > tak` not holding is a limit
    /// not passed, "x överstiger inte taket", where a written `x <= tak` reads "x är högst
    /// taket".
    pub denied: bool,
}

/// The words of the comparison `op` (as it holds, a denial already applied), of dates or
/// times ("tidigare än"; a bound counted from another day "senast 60 dagar efter …", a day
/// itself "inte senare än beslutsdagen", never "senast beslutsdagen") or of numbers and
/// amounts: the one place that decides them, so that a bound reads alike in a rule, a fact
/// and an element's condition.
fn comparison_words(op: Cmp, temporal: Temporal, stance: Stance) -> &'static str {
    use Temporal::{Day, No, Offset};
    match (op, temporal) {
        (Cmp::Ne, _) if stance.main => "är inte",
        (Cmp::Ne, _) => "inte är",
        (Cmp::Le, No) if stance.denied && stance.main => "överstiger inte",
        (Cmp::Le, No) if stance.denied => "inte överstiger",
        (Cmp::Lt, Day | Offset) => "är tidigare än",
        (Cmp::Le, Offset) => "är senast",
        (Cmp::Le, Day) if stance.main => "är inte senare än",
        (Cmp::Le, Day) => "inte är senare än",
        (Cmp::Gt, Day | Offset) => "är senare än",
        (Cmp::Ge, Offset) => "är tidigast",
        (Cmp::Ge, Day) if stance.main => "är inte tidigare än",
        (Cmp::Ge, Day) => "inte är tidigare än",
        (Cmp::Lt, No) => "är mindre än",
        (Cmp::Le, No) => "är högst",
        (Cmp::Gt, No) => "är större än",
        (Cmp::Ge, No) => "är minst",
        (Cmp::Eq, _) => "är",
    }
}
