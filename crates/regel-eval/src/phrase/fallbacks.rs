//! Fallback chains (`a ?? b ?? c`) as a case handler says them: a comparison that a missing
//! value leaves with the same thing on both sides asks only whether the values are given
//! ("om önskat upphörande har angetts och är tidigare än …"); a long chain in the memo's
//! requires reads as its first value, with what counts when it is missing said in sentences
//! of their own ("Saknas dagen insatsen gäller räknas i stället …").

use regel_compiler::ir::{Cmp, Expr, Op, Place, Value};

use super::Phrases;
use super::grammar::{capitalize, join_och, join_words};

/// The comparison `a op b` of fallback chains where any missing value leaves the same thing
/// on both sides (`(x ?? y) < y`; `(till ?? fran ?? d) >= (fran ?? till ?? d)`): the values
/// that may be missing, in order, and the chains' first parts. A comparison with a side
/// equal to itself holds when its operator includes equality, whatever the values, so the
/// comparison says something only when all are given.
pub(super) struct SameWhenMissing<'e> {
    pub loads: Vec<u32>,
    pub a: &'e Expr,
    pub b: &'e Expr,
}

/// [`SameWhenMissing`] for `a op b`, locals in `given` known to be given; `None` for another
/// comparison.
pub(super) fn same_when_missing<'e>(
    a: &'e Expr,
    b: &'e Expr,
    given: &[u32],
) -> Option<SameWhenMissing<'e>> {
    let (mut pa, mut pb) = (Vec::new(), Vec::new());
    coalesced(a, &mut pa);
    coalesced(b, &mut pb);
    if pa.len() < 2 && pb.len() < 2 {
        return None;
    }
    // The locals that may be missing: those a chain falls back from.
    let mut loads: Vec<u32> = Vec::new();
    for part in pa.iter().rev().skip(1).chain(pb.iter().rev().skip(1)) {
        match part {
            Expr::Load(Place::Local(s)) if !given.contains(s) => {
                if !loads.contains(s) {
                    loads.push(*s);
                }
            }
            Expr::Load(Place::Local(_)) => {}
            _ => return None,
        }
    }
    loads.reverse();
    if loads.is_empty() || loads.len() > 4 {
        return None;
    }
    let picked = |parts: &[&'e Expr], missing: &[u32]| -> Option<&'e Expr> {
        let last = parts.len().checked_sub(1)?;
        parts.iter().enumerate().find_map(|(i, part)| match part {
            Expr::Load(Place::Local(s)) if i < last && missing.contains(s) => None,
            other => Some(*other),
        })
    };
    for subset in 1..(1u32 << loads.len()) {
        let missing: Vec<u32> = (0..loads.len())
            .filter(|i| subset & (1 << i) != 0)
            .filter_map(|i| loads.get(i).copied())
            .collect();
        if picked(&pa, &missing)? != picked(&pb, &missing)? {
            return None;
        }
    }
    let (head_a, head_b) = (picked(&pa, &[])?, picked(&pb, &[])?);
    (head_a != head_b).then_some(SameWhenMissing {
        loads,
        a: head_a,
        b: head_b,
    })
}

impl<'a> Phrases<'a> {
    /// `a op b` of [`SameWhenMissing`] chains, holding (`positive`) or not: with the case
    /// known, a missing value is the fact ("Önskat upphörande saknas"); else "X har angetts
    /// och är tidigare än Y" or "X saknas eller är senast Y", as the operator has a side equal
    /// to itself hold or fail.
    pub(super) fn compared_when_given(
        &self,
        op: Cmp,
        chains: &SameWhenMissing<'_>,
        positive: bool,
    ) -> String {
        let labels =
            |slots: &[u32]| -> Vec<String> { slots.iter().map(|s| self.local_label(*s)).collect() };
        if self.values.is_some() {
            let missing: Vec<u32> = chains
                .loads
                .iter()
                .copied()
                .filter(|s| {
                    self.current(Place::Local(*s))
                        .is_none_or(|v| *v == Value::Null)
                })
                .collect();
            if !missing.is_empty() {
                return format!("{} saknas", join_och(labels(&missing)));
            }
        }
        let given = [self.given, &chains.loads].concat();
        let heads = Phrases {
            given: &given,
            ..*self
        };
        let compared = heads.compared(op, chains.a, chains.b, positive);
        if self.values.is_some() {
            return compared;
        }
        // A side equal to itself meets `<=`, `>=` and `==`, not `<`, `>` or `!=`.
        let equal_holds = matches!(op, Cmp::Le | Cmp::Ge | Cmp::Eq);
        let (values, verb, word) = if equal_holds == positive {
            (
                join_words(labels(&chains.loads), "eller"),
                "saknas",
                "eller",
            )
        } else {
            (join_och(labels(&chains.loads)), "har angetts", "och")
        };
        // "önskat upphörande har angetts och är tidigare än …": the one value is said once.
        let subject = heads.term(chains.a);
        let rest = match chains.loads.as_slice() {
            [s] if matches!(chains.a, Expr::Load(Place::Local(a)) if a == s) => compared
                .strip_prefix(&subject)
                .map(|rest| rest.trim_start().to_owned()),
            _ => None,
        };
        match rest {
            Some(rest) => format!("{values} {verb} {word} {rest}"),
            None => format!("{values} {verb} {word} {compared}"),
        }
    }

    /// What counts for each fallback chain of `e` when its first value is missing, a sentence
    /// each ("Saknas dagen insatsen gäller räknas i stället patientens födelsedatum, och saknas
    /// båda 2023-01-01."), for a phrase that reads chains as their first value
    /// ([`Phrases::fallbacks_apart`]); comparisons of [`SameWhenMissing`] chains say theirs.
    pub fn fallback_sentences(&self, e: &Expr) -> Vec<String> {
        let mut chains = Vec::new();
        self.chains_in(e, &mut chains);
        let mut said: Vec<String> = Vec::new();
        for chain in chains {
            let mut parts = Vec::new();
            coalesced(chain, &mut parts);
            let Some((first, rest)) = parts.split_first() else {
                continue;
            };
            let mut sentence = format!("Saknas {}", self.term(first));
            for (i, part) in rest.iter().enumerate() {
                let term = self.term(part);
                match i {
                    0 => sentence.push_str(&format!(" räknas i stället {term}")),
                    1 => sentence.push_str(&format!(", och saknas båda {term}")),
                    _ => sentence.push_str(&format!(", och saknas också de {term}")),
                }
            }
            let sentence = format!("{}.", capitalize(&sentence));
            if !said.contains(&sentence) {
                said.push(sentence);
            }
        }
        said
    }

    /// The fallback chains of `e` that a phrase reading chains apart reads as their first value.
    fn chains_in<'e>(&self, e: &'e Expr, out: &mut Vec<&'e Expr>) {
        match e {
            Expr::Binary(Op::Compare(..), a, b)
                if same_when_missing(a, b, self.given).is_some() => {}
            Expr::Coalesce(..) => {
                let mut parts = Vec::new();
                coalesced(e, &mut parts);
                let given = matches!(parts.first(), Some(Expr::Load(Place::Local(s))) if self.given.contains(s));
                if !given {
                    out.push(e);
                }
            }
            Expr::Not(x) | Expr::Neg(_, x) | Expr::Field(x, ..) | Expr::Round { value: x, .. } => {
                self.chains_in(x, out)
            }
            Expr::Binary(_, a, b) => {
                self.chains_in(a, out);
                self.chains_in(b, out);
            }
            Expr::If(c, a, b, _) => {
                for x in [c, a, b] {
                    self.chains_in(x, out);
                }
            }
            Expr::List(_, items) | Expr::Record(_, items) | Expr::Call(_, items) => {
                for x in items {
                    self.chains_in(x, out);
                }
            }
            Expr::ListOp { list, body, .. } => {
                self.chains_in(list, out);
                if let Some(body) = body {
                    self.chains_in(body, out);
                }
            }
            Expr::Const(_) | Expr::Load(_) => {}
        }
    }
}

/// `a ?? b ?? c` as `[a, b, c]`; another expression as itself.
pub(super) fn coalesced<'e>(e: &'e Expr, parts: &mut Vec<&'e Expr>) {
    match e {
        Expr::Coalesce(a, b, _) => {
            coalesced(a, parts);
            coalesced(b, parts);
        }
        other => parts.push(other),
    }
}

/// Whether `e` holds a fallback chain of three parts or more.
pub fn long_chain(e: &Expr) -> bool {
    let mut found = false;
    e.walk(&mut |x| {
        if let Expr::Coalesce(..) = x {
            let mut parts = Vec::new();
            coalesced(x, &mut parts);
            found |= parts.len() >= 3;
        }
    });
    found
}
