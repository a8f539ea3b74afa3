//! The motivering: a decision's reasons in Swedish prose a case handler can paste into a
//! decision letter (förvaltningslagen 32 §): the outcome, the facts that decided it, the
//! limits applied and the section. Generated from the typed rule that decided, with the
//! version's labels and the values of this case; no decision has hand-written text.

use chrono::{Datelike, Duration as Days, NaiveDate};
use regel_compiler::ir::{Cmp, Decision, Expr, LocalKind, Op, OutputSource, Place, Program, Value};
use regel_compiler::labels::Kind;

use crate::closures::evaluate;
use crate::engine::{Decided, Engine, Failure, Rejection, StepKind, Traced};
use crate::phrase::{self, Phrases, capitalize, date_sv, join_och, plain, statement};

/// How a decision ended, for its motivering.
pub enum Ending<'a> {
    Decided(&'a Decided),
    /// A rejection, with the condition of the `require` that failed when known: the one the
    /// facts explain (another `require` with the same reason may fail too, in a rule never
    /// taken).
    Rejected(&'a Rejection, Option<&'a Expr>),
}

impl<'a> Ending<'a> {
    /// How `traced` ended: decided, or rejected by the `require` its trace ends at; `None`
    /// for a run that failed.
    pub fn of(traced: &'a Traced) -> Option<Ending<'a>> {
        match &traced.result {
            Ok(decided) => Some(Ending::Decided(decided)),
            Err(Failure::Rejected(rejection)) => {
                let failed = traced
                    .steps
                    .last()
                    .filter(|s| s.kind == StepKind::Require && !s.matched)
                    .and_then(|s| s.condition.as_ref());
                Some(Ending::Rejected(rejection, failed))
            }
            Err(Failure::Runtime(_)) => None,
        }
    }
}

/// What `decided` decided, in the words of the motivering's "Beslut" ("bytet beviljas (byten
/// inom perioden: 0)"): outputs by their labels and values in the reader's units, read from
/// the outputs alone.
pub fn outcome_said(program: &Program, decision: &Decision, decided: &Decided) -> String {
    let sv = Phrases::new(program, decision)
        .lower_labels()
        .main_clauses();
    outcome(&sv, decision, decided)
}

/// The motivering of `decision`, from the locals its run left ([`Engine::decide_traced`]:
/// the inputs with defaults applied and the `let`s it computed), which are not evaluated
/// again.
pub fn motivering(
    engine: &Engine,
    decision: &Decision,
    locals: &[Value],
    ending: Ending<'_>,
) -> String {
    let program = engine.program();
    let params = engine.params();
    let locals = facts_of(decision, locals);
    // Labels stand inside sentences: begun in a small letter, a sentence's start capitalised.
    let sv = Phrases::new(program, decision)
        .lower_labels()
        .main_clauses()
        .with_values(params, &locals);
    let mut facts = Facts {
        engine,
        decision,
        sv,
        locals: &locals,
        sentences: Vec::new(),
        params: Vec::new(),
        given: Vec::new(),
    };
    let mut paragraphs = Vec::new();
    if let Some(label) = program.labels.get(Kind::Decision, &decision.name) {
        paragraphs.push(plain(label));
    }
    let cite = match ending {
        Ending::Decided(decided) => {
            let Some(rule) = decision.rules.get(decided.rule) else {
                return String::new();
            };
            // A decision whose only outputs are its reason and section states nothing beyond
            // them: "Skäl" below says what was decided.
            let said = outcome(&sv, decision, decided);
            if !said.is_empty() {
                paragraphs.push(format!("Beslut: {said}."));
            }
            // A reason that only repeats the decision ("Beslut: intyget är tillräckligt nytt.
            // Skäl: intyget är tillräckligt nytt.") is left to the facts below.
            let reason = plain(&sv.reason_label(&rule.reason));
            if reason.to_lowercase() != said.to_lowercase() {
                paragraphs.push(format!("Skäl: {reason}."));
            }
            facts.why_decided(decided.rule);
            rule.cite.clone()
        }
        Ending::Rejected(rejection, failed) => {
            paragraphs.push(format!(
                "Ärendet kan inte prövas på de lämnade uppgifterna: {}.",
                plain(&sv.reason_label(&rejection.reason))
            ));
            if let Some(failed) = failed {
                facts.holds(failed, false);
            }
            rejection.paragraf.clone()
        }
    };
    paragraphs.extend(facts.not_said_in(&paragraphs));
    paragraphs.extend(facts.limits());
    paragraphs.push(ground(engine, &cite));
    paragraphs.join("\n\n")
}

/// `Beslutet grundas på avsnitt 3.6.1 (Invånaren väljer hälsocentral) i Beställning … 2023.`
fn ground(engine: &Engine, cite: &str) -> String {
    let program = engine.program();
    let section = program.sections.iter().find(|s| s.number == cite);
    let document = if program.info.title.is_empty() {
        String::new()
    } else {
        format!(" i {}", program.info.title)
    };
    if cite.is_empty() {
        format!("Beslutet grundas på{document}.")
    } else if cite.starts_with(|c: char| c.is_ascii_digit()) {
        let title = section
            .map(|s| format!(" ({})", s.title))
            .unwrap_or_default();
        format!("Beslutet grundas på avsnitt {cite}{title}{document}.")
    } else {
        // A table or appendix is named by itself: "Tabell 1 ”Ersättningsmodell 2021 …”".
        let title = section
            .map(|s| format!(" ”{}”", s.title))
            .unwrap_or_default();
        format!("Beslutet grundas på {cite}{title}{document}.")
    }
}

/// The outputs the rule set: what was decided, as statements ("bytet avslås", "kontrakt kan
/// inte tecknas"), then the values it gave in brackets ("(byten inom perioden: 2)"), an empty
/// list left out; values alone when nothing is a statement ("årlig vårdpeng: 7 720 000 kr;
/// månatlig …").
fn outcome(sv: &Phrases<'_>, decision: &Decision, decided: &Decided) -> String {
    let mut stated = Vec::new();
    let mut values = Vec::new();
    let set = decision
        .outputs
        .iter()
        .zip(&decided.outputs)
        .enumerate()
        .filter(|(_, (o, _))| {
            matches!(o.source, OutputSource::PerRule | OutputSource::Computed(_))
        });
    for (i, (_, v)) in set {
        let label = plain(&sv.output_label(i));
        // A rounded figure as Tabell 1 and the memo write it: "78,0", not "78".
        let value = sv.output_value(decided.rule, i, v);
        match v {
            Value::Enum(..) if statement(&value).is_some() => stated.push(value),
            Value::Bool(holds) if let Some(said) = phrase::stated(&label, *holds) => {
                stated.push(said)
            }
            // "Det blir ingen listning", not "listning är ingen listning".
            Value::Enum(..) if let Some(said) = phrase::nothing_set(&label, &value, false) => {
                stated.push(said)
            }
            _ => values.push((v, (label, value))),
        }
    }
    // "Ansökan godkänns" needs no "skäl att inte godkännas: inga" or "dagen då avtalet upphör:
    // saknas" beside it.
    let empty =
        |v: &Value| matches!(v, Value::Null) || matches!(v, Value::List(items) if items.is_empty());
    let values: Vec<(String, String, bool)> = values
        .into_iter()
        .filter(|(v, _)| stated.is_empty() || !empty(v))
        .map(|(v, (label, value))| (label, value, empty(v)))
        .collect();
    let listed = || {
        values
            .iter()
            .map(|(label, value, _)| format!("{label}: {value}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match (stated.is_empty(), values.is_empty()) {
        (false, false) => format!("{} ({})", phrase::join_clauses(stated), listed()),
        (false, true) => phrase::join_clauses(stated),
        // A few values read as a sentence ("fristens sista dag är 2024-02-25"); many, or labels
        // with commas of their own ("vårdpeng enligt ålder, mnkr"), as a list.
        // Nothing, or an empty list, "saknas" ("hälsocentral saknas", "möjliga åtgärder
        // saknas"), never "är saknas" or "är inga".
        (true, _) if values.len() <= 3 && values.iter().all(|(l, ..)| !l.contains(',')) => {
            phrase::join_och(
                values
                    .iter()
                    .map(|(label, value, empty)| match empty {
                        true => format!("{label} saknas"),
                        false => format!("{label} är {value}"),
                    })
                    .collect(),
            )
        }
        (true, _) => listed(),
    }
}

/// The run's locals as the facts read them: a list operator's element slot, which the run
/// left holding the element it looked at last, is null again (no element is looked at where
/// a fact is said). A run leaves a value in every slot ([`Traced::locals`]).
fn facts_of(decision: &Decision, locals: &[Value]) -> Vec<Value> {
    let mut facts = locals.to_vec();
    for (slot, value) in (0..).zip(facts.iter_mut()) {
        if decision.local_kind(slot) == LocalKind::Element {
            *value = Value::Null;
        }
    }
    facts
}

/// `a and b and c` as `[a, b, c]`.
fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Binary(Op::And, a, b) => {
            let mut parts = conjuncts(a);
            parts.extend(conjuncts(b));
            parts
        }
        other => vec![other],
    }
}

struct Facts<'a> {
    engine: &'a Engine,
    decision: &'a Decision,
    sv: Phrases<'a>,
    locals: &'a [Value],
    sentences: Vec<String>,
    /// Parameters the facts read, in order of first use.
    params: Vec<u32>,
    /// The sentences that say a value was given ("Dagen för uppsägningen är 2023-03-01."),
    /// each with the words another fact names that value by ("Dagen för uppsägningen
    /// (2023-03-01)").
    given: Vec<(String, String)>,
}

impl Facts<'_> {
    fn truth(&self, e: &Expr) -> Option<bool> {
        match evaluate(e, self.engine.params(), self.locals) {
            Ok(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    fn say(&mut self, sentence: String) {
        if !self.sentences.contains(&sentence) {
            self.sentences.push(sentence);
        }
    }

    /// Why rule `index` decided: each part of its condition holds, or for an `otherwise`, why
    /// each rule before it did not apply.
    fn why_decided(&mut self, index: usize) {
        let rules = &self.decision.rules;
        match rules.get(index).and_then(|r| r.when.as_ref()) {
            Some(when) => {
                for part in conjuncts(when) {
                    self.holds(part, true);
                }
            }
            None => {
                for earlier in rules.iter().take(index) {
                    if let Some(when) = &earlier.when {
                        self.failed(when);
                    }
                }
            }
        }
    }

    /// The facts as one paragraph, without one that only repeats what a paragraph before says
    /// ("Verksamhetsår saknas." after a rejection for that reason); `None` when none is left.
    fn not_said_in(&self, paragraphs: &[String]) -> Option<String> {
        let said_already = |s: &String| {
            paragraphs.iter().any(|p| {
                p.to_lowercase()
                    .ends_with(&format!(": {}", s.to_lowercase()))
            })
        };
        // "Dagen för invändningen är 2023-05-01." beside "Dagen för invändningen (2023-05-01)
        // är senare än …", which says the value too.
        let said_after = |s: &String| {
            self.given.iter().any(|(given, named)| {
                given == s && self.sentences.iter().any(|o| o.contains(named))
            })
        };
        // "Kostnaden (övertid) är varken grundlön, … eller …" beside "Kostnaden är övertid.",
        // which says what it is.
        let what_it_is = |s: &String| {
            self.sentences.iter().any(|o| {
                o.strip_suffix('.')
                    .and_then(|o| o.split_once(" är "))
                    .is_some_and(|(label, value)| {
                        s.starts_with(&format!("{label} ({value}) är varken "))
                    })
            })
        };
        let sentences: Vec<&str> = self
            .sentences
            .iter()
            .filter(|s| !said_already(s) && !said_after(s) && !what_it_is(s))
            .map(String::as_str)
            .collect();
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }

    /// "Tillämpade gränser: …": the parameters the facts read, with their values; a missing
    /// one is no limit (the rejection names it).
    fn limits(&self) -> Option<String> {
        let params = self.engine.params();
        let limits: Vec<String> = self
            .params
            .iter()
            .filter_map(|p| {
                let value = params.get(*p as usize).filter(|v| **v != Value::Null)?;
                Some(format!(
                    "{}: {}",
                    plain(&self.sv.param_label(*p)),
                    self.sv.param_value(*p, value)
                ))
            })
            .collect();
        let word = match limits.len() {
            0 => return None,
            1 => "Tillämpad gräns",
            _ => "Tillämpade gränser",
        };
        Some(format!("{word}: {}.", limits.join("; ")))
    }

    /// A rule that did not apply: the first of its conditions that does not hold.
    fn failed(&mut self, when: &Expr) {
        let parts = conjuncts(when);
        let first_false = parts
            .iter()
            .find(|p| self.truth(p) == Some(false))
            .copied()
            .or(parts.first().copied());
        if let Some(part) = first_false {
            self.holds(part, false);
        }
    }

    /// The condition `e` holds (`positive`) or not, with the facts behind its `let`s. A
    /// conjunction or disjunction is said part by part, each a sentence of its own: every part
    /// when each decided (a conjunction that holds, a disjunction that does not), else the
    /// parts that decided it ("Patienten kan inte uttrycka sig på svenska."), never "a eller
    /// b" where the case has a and not b.
    fn holds(&mut self, e: &Expr, positive: bool) {
        match e {
            Expr::Not(inner) => return self.holds(inner, !positive),
            Expr::Binary(op @ (Op::And | Op::Or), a, b) => {
                let every = (*op == Op::And) == positive;
                let parts = [&**a, &**b];
                let deciding: Vec<&Expr> = parts
                    .into_iter()
                    .filter(|p| every || self.truth(p) == Some(positive))
                    .collect();
                // A part whose truth is unknown (a run error) leaves the whole to be said.
                if !deciding.is_empty() {
                    for part in deciding {
                        self.holds(part, positive);
                    }
                    return;
                }
            }
            _ => {}
        }
        self.explain_lets(e);
        self.note_params(e);
        // A failed `all(xs, x => p)`: name the elements for which `p` does not hold.
        if let (
            false,
            Expr::ListOp {
                op: regel_compiler::ir::ListOp::All,
                list,
                slot,
                body: Some(body),
                ..
            },
        ) = (positive, e)
            && let Some(sentence) = self.failing_elements(list, *slot, body)
        {
            self.say(sentence);
            return;
        }
        let clause = self.sv.clause(e, positive);
        let sentence = format!("{}.", capitalize(&plain(&clause)));
        let mut given = Vec::new();
        phrase::given_slots(e, positive, &mut given);
        if let [slot] = given[..]
            && let Some(v) = self.locals.get(slot as usize)
        {
            let named = format!(
                "{} ({})",
                capitalize(&plain(&self.sv.local_label(slot))),
                self.sv.value(v)
            );
            self.given.push((sentence.clone(), named));
        }
        self.say(sentence);
    }

    fn failing_elements(&self, list: &Expr, slot: u32, body: &Expr) -> Option<String> {
        let mut failing = Vec::new();
        let mut clauses = Vec::new();
        self.elements_where(list, slot, body, false, |item, locals| {
            // A subordinate clause, as after "gäller att".
            let sv = self.sv.sub().with_values(self.engine.params(), locals);
            failing.push(self.sv.value(item));
            clauses.push(plain(&sv.clause(body, false)));
        })?;
        if failing.is_empty() {
            return None;
        }
        let list = self.list_label(list);
        // "Av invånarens tidigare byten är 2023-05-11 senare än dagen för …", the elements
        // named where the predicate's subject stands.
        if let Some(predicate) = self.sv.element_predicate(slot, body, false, true)
            && let Some((verb, rest)) = plain(&predicate).split_once(' ')
        {
            return Some(format!("Av {list} {verb} {} {rest}.", join_och(failing)));
        }
        Some(format!("Bland {list} gäller att {}.", join_och(clauses)))
    }

    /// For each `let` the condition reads that counts or picks from a list: the elements it
    /// found, and the period it looked at.
    fn explain_lets(&mut self, e: &Expr) {
        let mut slots = Vec::new();
        locals_read(e, &mut slots);
        for slot in slots {
            let LocalKind::Let(value) = self.decision.local_kind(slot) else {
                continue;
            };
            self.note_params(value);
            if let Expr::ListOp {
                list,
                slot: element,
                body: Some(body),
                ..
            } = value
                && let Some(sentence) = self.list_fact(list, *element, body)
            {
                self.say(sentence);
            }
        }
    }

    /// `Av tidigare byten ligger 2 inom perioden 2022-05-11–2023-05-10 (2022-09-01 och 2023-01-15).`
    fn list_fact(&self, list: &Expr, slot: u32, body: &Expr) -> Option<String> {
        let mut inside = Vec::new();
        self.elements_where(list, slot, body, true, |item, _| {
            inside.push(self.sv.value(item))
        })?;
        let list_label = self.list_label(list);
        if let Some(sentence) = self.age_fact(list, slot, body, !inside.is_empty()) {
            return Some(sentence);
        }
        // A count is a figure as any other ("1 200" from four digits).
        let n = self
            .sv
            .value(&Value::Int(i64::try_from(inside.len()).unwrap_or(i64::MAX)));
        let found = if inside.is_empty() {
            String::new()
        } else {
            format!(" ({})", join_och(inside))
        };
        Some(match self.period(slot, body) {
            Some((Some(from), Some(to))) => format!(
                "Av {list_label} ligger {n} inom perioden {}–{}{found}.",
                date_sv(from),
                date_sv(to)
            ),
            Some((Some(from), None)) => format!(
                "Av {list_label} ligger {n} från och med {}{found}.",
                date_sv(from)
            ),
            Some((None, Some(to))) => format!(
                "Av {list_label} ligger {n} till och med {}{found}.",
                date_sv(to)
            ),
            _ => {
                let sv = self.sv.sub();
                let which = plain(&sv.count_of(&sv.term(list), slot, body));
                format!("{}: {n}{found}.", capitalize(&which))
            }
        })
    }

    /// `Åldern i hela år på dagen frågan gäller (2023-03-01), räknat från personens
    /// födelsedatum (1973-03-01), är 50, en av åldrarna för …`: a list of ages tested
    /// against the whole years between two days (`Phrases::age_in`), said as the age itself
    /// and whether it is one of them (`found`).
    fn age_fact(&self, list: &Expr, slot: u32, body: &Expr, found: bool) -> Option<String> {
        let (day, born) = self.sv.age_in(slot, body)?;
        let params = self.engine.params();
        let (Ok(Value::Date(d)), Ok(Value::Date(b))) = (
            evaluate(day, params, self.locals),
            evaluate(born, params, self.locals),
        ) else {
            return None;
        };
        // Before the birth there is no age to state (the count below stops at 0 and would
        // say one the policy's own formula does not give).
        if d < b {
            return None;
        }
        // The whole years from `b` to `d` as the calendar counts them (a birthday on 29
        // February falls on 28 February in a common year).
        let mut years = i64::from(d.year() - b.year());
        while years > 0 && regel_runtime::calendar::add_years(b, years).is_none_or(|y| y > d) {
            years -= 1;
        }
        let which = if found { "en" } else { "ingen" };
        let ages = format!(
            "{} ({})",
            self.list_label(list),
            self.sv.value(&evaluate(list, params, self.locals).ok()?)
        );
        let age = format!(
            "Åldern i hela år på {}, räknat från {}, är {years},",
            plain(&self.sv.term(day)),
            plain(&self.sv.term(born))
        );
        // An age a fact before has counted is named by its number: "Åldern (65) är ingen av
        // åldrarna för …", not the days and the count again.
        if self.sentences.iter().any(|s| s.starts_with(&age)) {
            return Some(format!("Åldern ({years}) är {which} av {ages}."));
        }
        Some(format!("{age} {which} av {ages}."))
    }

    /// Calls `found` with each element of `list` for which `body`, the element in `slot`,
    /// gives `holds`, and the locals with that element in its slot; `None` when `list` is no
    /// list.
    fn elements_where(
        &self,
        list: &Expr,
        slot: u32,
        body: &Expr,
        holds: bool,
        mut found: impl FnMut(&Value, &[Value]),
    ) -> Option<()> {
        let params = self.engine.params();
        let Ok(Value::List(items)) = evaluate(list, params, self.locals) else {
            return None;
        };
        let mut locals = self.locals.to_vec();
        for item in items.iter() {
            *locals.get_mut(slot as usize)? = item.clone();
            if matches!(evaluate(body, params, &locals), Ok(Value::Bool(b)) if b == holds) {
                found(item, &locals);
            }
        }
        Some(())
    }

    /// The first and last day an element may have for `body` to hold, when `body` bounds the
    /// element by dates (`s > datum - bytesperiod and s <= datum`).
    fn period(&self, slot: u32, body: &Expr) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        let mut from = None;
        let mut to = None;
        for part in conjuncts(body) {
            let (op, other) = part.compared_local(slot)?;
            let Ok(Value::Date(bound)) = evaluate(other, self.engine.params(), self.locals) else {
                return None;
            };
            let day = Days::days(1);
            match op {
                Cmp::Gt => from = bound.checked_add_signed(day),
                Cmp::Ge => from = Some(bound),
                Cmp::Lt => to = bound.checked_sub_signed(day),
                Cmp::Le => to = Some(bound),
                Cmp::Eq | Cmp::Ne => return None,
            }
        }
        (from.is_some() || to.is_some()).then_some((from, to))
    }

    /// The list by its label alone (its elements are named separately).
    fn list_label(&self, list: &Expr) -> String {
        plain(
            &Phrases::new(self.engine.program(), self.decision)
                .lower_labels()
                .term(list),
        )
    }

    fn note_params(&mut self, e: &Expr) {
        let mut found = Vec::new();
        params_read(e, &mut found);
        for p in found {
            if !self.params.contains(&p) {
                self.params.push(p);
            }
        }
    }
}

/// The parameters `e` reads, in order of first appearance.
pub(crate) fn params_read(e: &Expr, out: &mut Vec<u32>) {
    e.walk(&mut |x| {
        if let Expr::Load(Place::Param(p)) = x
            && !out.contains(p)
        {
            out.push(*p);
        }
    });
}

fn locals_read(e: &Expr, out: &mut Vec<u32>) {
    e.walk(&mut |x| {
        if let Expr::Load(Place::Local(s)) = x
            && !out.contains(s)
        {
            out.push(*s);
        }
    });
}
