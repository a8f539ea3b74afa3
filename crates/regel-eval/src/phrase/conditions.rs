//! Clauses: a condition said as holding or not, as a main or a subordinate clause (and/or,
//! null checks, membership, labels that are statements).

use regel_compiler::ir::{Builtin, Cmp, Expr, ListOp, Op, Place, Value};

use super::Phrases;
use super::fallbacks::same_when_missing;
use super::grammar::{
    Order, arranged, join_words, negated, nothing_had, stated, statement, subordinate,
};

impl<'a> Phrases<'a> {
    /// A clause whose parts are known (no verb to look for in labels that may hold verbs of
    /// their own), holding or not, in the word order of this phrase's clauses.
    pub(super) fn said(&self, subject: &str, verb: &str, rest: &str, positive: bool) -> String {
        let order = if self.main_clause {
            Order::Main
        } else {
            Order::Subordinate
        };
        arranged(subject, verb, !positive, rest, order)
    }

    /// `clause` not holding, in the word order of this phrase's clauses.
    fn denied(&self, clause: &str) -> String {
        if self.main_clause {
            stated(clause, false).unwrap_or_else(|| negated(clause))
        } else {
            negated(clause)
        }
    }

    /// A clause saying that the condition `e` holds (`positive`) or does not.
    pub fn clause(&self, e: &Expr, positive: bool) -> String {
        match e {
            Expr::Not(inner) => self.clause(inner, !positive),
            Expr::Binary(Op::And | Op::Or, a, b) => self.connected(e, a, b, positive),
            // `x == false` is said as `x` not holding: "om utredningen inte visade fel …", not
            // "om utredningen visade fel … är nej".
            Expr::Binary(Op::Compare(op @ (Cmp::Eq | Cmp::Ne), _), a, b)
                if let Expr::Const(Value::Bool(v)) = **b =>
            {
                self.clause(a, positive == ((*op == Cmp::Eq) == v))
            }
            // `(a == null) == (b == null)`: both given or both missing.
            Expr::Binary(Op::Compare(op @ (Cmp::Eq | Cmp::Ne), _), a, b)
                if let (Some((x, x_given)), Some((y, y_given))) =
                    (null_check(a), null_check(b)) =>
            {
                let together = ((*op == Cmp::Eq) == (x_given == y_given)) == positive;
                self.given_together(x, y, together)
            }
            Expr::Binary(Op::Compare(op @ (Cmp::Eq | Cmp::Ne), _), a, b)
                if matches!(**b, Expr::Const(Value::Null)) =>
            {
                self.given_or_missing(a, (*op == Cmp::Ne) == positive)
            }
            Expr::Binary(Op::In, x, list) => self.membership(x, list, positive),
            // "Om en ny hälsocentral etableras", not "om orsaken är en ny hälsocentral etableras":
            // a variant labelled by a statement is said as that statement.
            Expr::Binary(Op::Compare(op @ (Cmp::Eq | Cmp::Ne), _), a, b)
                if let Some(said) = self.variant_statement(a, b) =>
            {
                if (*op == Cmp::Eq) == positive {
                    said
                } else {
                    self.denied(&said)
                }
            }
            Expr::Binary(Op::Compare(op, _), a, b) if let Some(found) = some_counted(*op, a, b) => {
                self.found(a, found == positive)
            }
            // "om önskat upphörande har angetts och är tidigare än …", not "om önskat
            // upphörande eller, om uppgiften saknas, tidigaste dag … är tidigare än tidigaste dag".
            Expr::Binary(Op::Compare(op, _), a, b)
                if let Some(chains) = same_when_missing(a, b, self.given) =>
            {
                self.compared_when_given(*op, &chains, positive)
            }
            Expr::Binary(Op::Compare(op, _), a, b) => self.compared(*op, a, b, positive),
            Expr::ListOp {
                op: op @ (ListOp::Any | ListOp::All),
                list,
                slot,
                body: Some(body),
                ..
            } => self.any_or_all(*op == ListOp::Any, list, *slot, body, positive),
            Expr::Call(Builtin::Within, args) => {
                let a = |i: usize| args.get(i).map(|e| self.term(e)).unwrap_or_default();
                let subject = format!("tiden från {} till {}", a(0), a(1));
                self.said(&subject, "ryms", &format!("inom {}", a(2)), positive)
            }
            Expr::Const(Value::Bool(b)) => {
                if *b == positive {
                    "alltid".to_owned()
                } else {
                    "aldrig".to_owned()
                }
            }
            Expr::Load(Place::Local(s)) if self.values.is_some() => self.fact(*s),
            other => {
                let t = self.term(other);
                match (positive, self.main_clause) {
                    (true, true) => t,
                    // "om regionens godkännande inte kom före …", from a label that says
                    // "Regionens godkännande kom inte före …".
                    (true, false) => subordinate(&t),
                    (false, _) => self.denied(&t),
                }
            }
        }
    }

    /// The yes-or-no local `s` as the case has it, whichever way the condition reads it:
    /// "Invånaren har inte skyddad identitet", or for a label that states nothing "Större
    /// avvikelse: nej".
    fn fact(&self, s: u32) -> String {
        let yes = matches!(self.current(Place::Local(s)), Some(Value::Bool(true)));
        let label = self.local_label(s);
        match (statement(&label), yes) {
            (Some(_), true) => label,
            (Some(_), false) => self.denied(&label),
            (None, _) => format!("{label}: {}", if yes { "ja" } else { "nej" }),
        }
    }

    /// `a och b` or `a eller b`: the parts of `e`, a conjunction or disjunction, holding
    /// (`positive`) or not.
    fn connected(&self, e: &Expr, a: &Expr, b: &Expr, positive: bool) -> String {
        let och = connective(e, positive) == Some(true);
        let word = if och { "och" } else { "eller" };
        // After "x har angetts och …", a fallback for x is never used.
        let mut given = self.given.to_vec();
        if och {
            given_slots(a, positive, &mut given);
        }
        let after = Phrases {
            given: &given,
            ..*self
        };
        let (a_said, b_said) = (
            self.grouped(a, positive, och),
            after.grouped(b, positive, och),
        );
        // "öppningstiden eller stängningstiden saknas": two things given or missing
        // share their verb.
        if null_check(a).is_some() && null_check(b).is_some() {
            for verb in [" saknas", " har angetts"] {
                if let (Some(x), Some(y)) = (a_said.strip_suffix(verb), b_said.strip_suffix(verb)) {
                    return format!("{x} {word} {y}{verb}");
                }
            }
        }
        // "dagen för uppsägningen har angetts och är tidigare än driftstart": what is given is
        // named once.
        if och
            && let Some(x) = a_said.strip_suffix(" har angetts")
            && let Some(rest) = b_said.strip_prefix(&format!("{x} "))
        {
            return format!("{a_said} och {rest}");
        }
        format!("{a_said} {word} {b_said}")
    }

    /// `a` given (`present`) or missing: "verksamhetsår saknas", "dagen har angetts" ("har
    /// angetts" agrees with any noun); what is missing is named by its label alone.
    fn given_or_missing(&self, a: &Expr, present: bool) -> String {
        // A fact says what was given: "Aktivt vald hälsocentral är ”HC Kalix”", not
        // "Aktivt vald hälsocentral (”HC Kalix”) har angetts".
        if present
            && self.main_clause
            && let Expr::Load(Place::Local(s)) = a
            && !self.is_lambda(*s)
            && let Some(v) = self
                .current(Place::Local(*s))
                .filter(|v| **v != Value::Null)
        {
            return format!("{} är {}", self.local_label(*s), self.value(v));
        }
        let subject = match a {
            Expr::Load(Place::Local(s)) if !present => self.local_label(*s),
            Expr::Load(Place::Param(p)) if !present => self.param_label(*p),
            other => self.term(other),
        };
        let word = if present { "har angetts" } else { "saknas" };
        format!("{subject} {word}")
    }

    /// `x in list`: variants labelled by statements as those statements ("en ny hälsocentral
    /// etableras eller …"), else "x är a eller b", "x är varken a eller b", "x finns bland …".
    fn membership(&self, x: &Expr, list: &Expr, positive: bool) -> String {
        // A case's variant, one of those listed, is said as itself ("Systemet är SITHS-kort",
        // not "Systemet (SITHS-kort) är skanning … eller SITHS-kort"); one labelled by a
        // statement as that statement, whether listed or not ("Nya bostadsområden etableras").
        if self.main_clause
            && let Expr::Load(Place::Local(s)) = x
            && !self.is_lambda(*s)
            && let Some(v @ Value::Enum(..)) = self.current(Place::Local(*s))
        {
            let said = self.value(v);
            if statement(&said).is_some() {
                return said;
            }
            if positive {
                return format!("{} är {said}", self.local_label(*s));
            }
            // "Leverantören har ingen licens", not "… (ingen licens) är varken E3 eller E5".
            if let Some(had) = nothing_had(&self.local_label(*s), &said) {
                return had;
            }
        }
        if positive
            && let Expr::List(_, items) = list
            && let Some(said) = items
                .iter()
                .map(|i| self.variant_statement(x, i))
                .collect::<Option<Vec<_>>>()
            && !said.is_empty()
        {
            return join_words(said, "eller");
        }
        let x_t = self.term(x);
        match list {
            Expr::List(_, items) if !items.is_empty() => {
                let items: Vec<String> = items.iter().map(|i| self.term(i)).collect();
                if positive {
                    format!("{x_t} är {}", join_words(items, "eller"))
                } else {
                    format!("{x_t} är varken {}", join_words(items, "eller"))
                }
            }
            other => {
                let among = format!("bland {}", self.term(other));
                self.said(&x_t, "finns", &among, positive)
            }
        }
    }

    /// A part of clauses joined by "och" (`och`) or "eller": one joined the other way is
    /// marked as a group, "både … och …" or "antingen … eller …", so that "a och b eller c"
    /// is never left to the reader to group.
    fn grouped(&self, part: &Expr, positive: bool, och: bool) -> String {
        let said = self.clause(part, positive);
        match connective(part, positive) {
            Some(true) if !och => format!("både {said}"),
            Some(false) if och => format!("antingen {said}"),
            _ => said,
        }
    }

    /// Both `x` and `y` given or both missing (`together`), or only one of them given.
    fn given_together(&self, x: &Expr, y: &Expr, together: bool) -> String {
        let (x, y) = (self.term(x), self.term(y));
        match (together, self.main_clause) {
            (true, true) => format!("antingen har både {x} och {y} angetts, eller saknas båda"),
            (true, false) => format!("antingen både {x} och {y} har angetts eller båda saknas"),
            (false, _) => format!("bara en av {x} och {y} har angetts"),
        }
    }

    /// `det finns brister`, `det finns inga brister`: a count compared with none. Any other
    /// count is read as a number.
    fn found(&self, count: &Expr, some: bool) -> String {
        let Expr::ListOp {
            list, slot, body, ..
        } = count
        else {
            return self.term(count);
        };
        // What is missing is named, not its (empty) value.
        let list_t = match (&**list, some) {
            (Expr::Load(Place::Local(s)), false) if !self.is_lambda(*s) => self.local_label(*s),
            _ => self.term(list),
        };
        let which = match body {
            Some(b) => format!(" {}", self.element_clause(*slot, b)),
            None => String::new(),
        };
        let found = format!("det finns {list_t}{which}");
        if some { found } else { self.denied(&found) }
    }
}

/// How the clause `e` (holding or not, `positive`) joins its parts: `Some(true)` by "och",
/// `Some(false)` by "eller", `None` when it is no conjunction or disjunction.
fn connective(e: &Expr, positive: bool) -> Option<bool> {
    match e {
        Expr::Not(inner) => connective(inner, !positive),
        Expr::Binary(Op::And, ..) => Some(positive),
        Expr::Binary(Op::Or, ..) => Some(!positive),
        _ => None,
    }
}

/// Whether a condition that must hold reads better said as what fails it: "Ärendet avvisas
/// om bara en av … har angetts" rather than "om inte antingen både … eller …", "om insatsen
/// är hemsjukvård och …" rather than "om inte insatsen inte är hemsjukvård eller …".
pub fn reads_better_denied(e: &Expr) -> bool {
    match e {
        Expr::Not(_) | Expr::Binary(Op::Or, ..) => true,
        // "om intygets datum är senare än dagen ansökan lämnades", not "om inte intygets datum
        // inte är senare än …": a bound is denied by the comparison that fails it.
        Expr::Binary(Op::Compare(Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge, _), ..) => true,
        // "om något av … är senare än …", not "om inte alla … inte är senare än …".
        Expr::ListOp {
            op: ListOp::All,
            body: Some(body),
            ..
        } => matches!(
            **body,
            Expr::Binary(Op::Compare(Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge, _), ..)
        ),
        // "om verksamhetsår saknas", "om debiterade timmar inte är 0", not "om inte
        // verksamhetsår har angetts", "om inte debiterade timmar är 0": an equality denies
        // itself as a clause does.
        Expr::Binary(Op::Compare(Cmp::Eq | Cmp::Ne, _), ..) => true,
        _ => false,
    }
}

/// `e == null` (`Some((e, false))`), `e != null` (`Some((e, true))`) or their negation.
fn null_check(e: &Expr) -> Option<(&Expr, bool)> {
    match e {
        Expr::Not(inner) => null_check(inner).map(|(x, given)| (x, !given)),
        Expr::Binary(Op::Compare(op @ (Cmp::Eq | Cmp::Ne), _), x, null)
            if matches!(**null, Expr::Const(Value::Null)) =>
        {
            Some((x, *op == Cmp::Ne))
        }
        _ => None,
    }
}

/// The locals that `e` holding (`holds`) or not shows to be given: `x != null`, `not (x ==
/// null)`, and those of each part of a conjunction that holds (or a disjunction that does
/// not).
pub fn given_slots(e: &Expr, holds: bool, out: &mut Vec<u32>) {
    match e {
        Expr::Not(inner) => given_slots(inner, !holds, out),
        Expr::Binary(Op::And, a, b) if holds => {
            given_slots(a, true, out);
            given_slots(b, true, out);
        }
        Expr::Binary(Op::Or, a, b) if !holds => {
            given_slots(a, false, out);
            given_slots(b, false, out);
        }
        Expr::Binary(Op::Compare(op @ (Cmp::Eq | Cmp::Ne), _), x, null)
            if matches!(**null, Expr::Const(Value::Null))
                && let Expr::Load(Place::Local(s)) = **x
                && (*op == Cmp::Ne) == holds =>
        {
            out.push(s);
        }
        _ => {}
    }
}

/// Whether `count OP b` says that something was counted (`> 0`, `>= 1`, `!= 0`: `Some(true)`)
/// or nothing was (`== 0`, `<= 0`, `< 1`: `Some(false)`), for a count on the left.
fn some_counted(op: Cmp, a: &Expr, b: &Expr) -> Option<bool> {
    let (
        Expr::ListOp {
            op: ListOp::Count, ..
        },
        Expr::Const(Value::Int(n)),
    ) = (a, b)
    else {
        return None;
    };
    match (op, n) {
        (Cmp::Gt | Cmp::Ne, 0) | (Cmp::Ge, 1) => Some(true),
        (Cmp::Eq | Cmp::Le, 0) | (Cmp::Lt, 1) => Some(false),
        _ => None,
    }
}
