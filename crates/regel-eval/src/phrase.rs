//! Typed rules read aloud: IR expressions rendered as Swedish phrases with the version's
//! labels (for the motivering and the memo), and as Regel text (for the trace).
//!
//! The renderer knows the shapes the policies use: comparisons (dates read as "senast",
//! "tidigare än"), membership, null checks, the list operators with a condition on the
//! element ("antalet tidigare byten som är senare än …"), the calendar built-ins. Anything
//! else is read operator by operator, so every expression has a phrase.

use chrono::NaiveDate;
use regel_compiler::ir::{
    Arith, Builtin, Cmp, Decision, Duration, Expr, ListOp, Op, Place, Program, RoundMode, RoundTo,
    TypeEnv, Value,
};
use regel_compiler::labels::{Kind, Labels, finite_verb};
use regel_compiler::ty::Ty;
use regel_syntax::{BinaryOp, DurationUnit};
use rust_decimal::Decimal;

/// Renders one decision's expressions.
#[derive(Clone, Copy)]
pub struct Phrases<'a> {
    pub program: &'a Program,
    pub decision: &'a Decision,
    /// The values of the locals, when the phrase should show them (`antal byten (2)`).
    pub values: Option<(&'a [Value], &'a [Value])>,
    /// Labels inside a sentence begin with a small letter ("senare än dagen för det begärda
    /// bytet"), unless they begin with an abbreviation ("ACG").
    pub lower_labels: bool,
    /// Clauses stand as main clauses ("Det finns inga brister.", "Dagen är inte en vardag."),
    /// not as subordinate ones after "om" ("om det inte finns några brister", "om dagen inte
    /// är en vardag"), the default.
    pub main_clause: bool,
    /// The parameters' values, when only they are known (the memo): a time a parameter gives
    /// reads as itself ("60 dagar efter …").
    pub param_values: Option<&'a [Value]>,
    /// Locals known to be given where the phrase stands (a `require` or an earlier "och"
    /// ensures it): a fallback for one of them is never used and is not read.
    pub given: &'a [u32],
}

impl<'a> Phrases<'a> {
    /// Phrases without values (the memo).
    pub fn new(program: &'a Program, decision: &'a Decision) -> Phrases<'a> {
        Phrases {
            program,
            decision,
            values: None,
            lower_labels: false,
            main_clause: false,
            param_values: None,
            given: &[],
        }
    }

    /// The same phrases where the locals `slots` are known to be given.
    pub fn with_given(self, slots: &'a [u32]) -> Phrases<'a> {
        Phrases {
            given: slots,
            ..self
        }
    }

    /// The same phrases knowing the parameters' values (the memo, where no case is known).
    pub fn with_param_values(self, params: &'a [Value]) -> Phrases<'a> {
        Phrases {
            param_values: Some(params),
            ..self
        }
    }

    /// The same phrases with labels begun in a small letter, for labels inside a sentence.
    pub fn lower_labels(self) -> Phrases<'a> {
        Phrases {
            lower_labels: true,
            ..self
        }
    }

    /// The same phrases with conditions said as main clauses (the motivering's facts).
    pub fn main_clauses(self) -> Phrases<'a> {
        Phrases {
            main_clause: true,
            ..self
        }
    }

    /// The same phrases with conditions said as subordinate clauses, as inside "om …".
    fn sub(&self) -> Phrases<'a> {
        Phrases {
            main_clause: false,
            ..*self
        }
    }

    /// A clause whose parts are known (no verb to look for in labels that may hold verbs of
    /// their own), holding or not, in the word order of this phrase's clauses.
    fn said(&self, subject: &str, verb: &str, rest: &str, positive: bool) -> String {
        match (positive, self.main_clause) {
            (true, _) => format!("{subject} {verb} {rest}"),
            (false, true) => format!("{subject} {verb} inte {rest}"),
            (false, false) => format!("{subject} inte {verb} {rest}"),
        }
    }

    /// `clause` not holding, in the word order of this phrase's clauses.
    fn denied(&self, clause: &str) -> String {
        if self.main_clause {
            stated(clause, false).unwrap_or_else(|| negated(clause))
        } else {
            negated(clause)
        }
    }

    fn mid(&self, label: String) -> String {
        if !self.lower_labels {
            return label;
        }
        inside_sentence(self.labels(), &label)
    }

    /// Phrases showing the values of the parameters and of `locals`.
    pub fn with_values(self, params: &'a [Value], locals: &'a [Value]) -> Phrases<'a> {
        Phrases {
            values: Some((params, locals)),
            ..self
        }
    }

    fn labels(&self) -> &Labels {
        &self.program.labels
    }

    /// The label of a local: an input's, a `let`'s, or for a lambda's parameter (the element
    /// looked at, named by a letter in the code) a word for its type: "dagen", "talet".
    pub fn local_label(&self, slot: u32) -> String {
        let d = self.decision;
        if self.is_lambda(slot) {
            let ty = d.local_types.get(slot as usize).unwrap_or(&Ty::Error);
            return element_word(ty).to_owned();
        }
        let name = d
            .local_names
            .get(slot as usize)
            .cloned()
            .unwrap_or_default();
        let kind = if (slot as usize) < d.inputs.len() {
            Kind::Input
        } else {
            Kind::Let
        };
        self.mid(self.labels().member_or_name(kind, &d.name, &name))
    }

    pub fn param_label(&self, index: u32) -> String {
        let name = self
            .program
            .params
            .get(index as usize)
            .map(|p| p.name.as_str())
            .unwrap_or_default();
        self.mid(self.labels().or_name(Kind::Param, name))
    }

    /// The label of the decision's reason code.
    pub fn reason_label(&self, code: &str) -> String {
        self.mid(
            self.labels()
                .member_or_name(Kind::Reason, &self.decision.name, code),
        )
    }

    /// The label of output `index`.
    pub fn output_label(&self, index: usize) -> String {
        let name = self
            .decision
            .outputs
            .get(index)
            .map(|o| o.name.as_str())
            .unwrap_or_default();
        self.mid(
            self.labels()
                .member_or_name(Kind::Output, &self.decision.name, name),
        )
    }

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

    /// The label of field `index` of the record `base` gives ("kod"), or its place.
    fn field_label(&self, base: &Expr, index: u32) -> String {
        let env = TypeEnv {
            locals: &self.decision.local_types,
            params: &self.program.params,
            enums: &self.program.enums,
        };
        let Ty::Record(id, record) = base.ty(&env) else {
            return format!("fält {}", index + 1);
        };
        let field = self
            .program
            .records
            .get(id.0 as usize)
            .and_then(|r| r.fields.get(index as usize));
        match field {
            Some((name, _)) => self.mid(
                self.labels()
                    .or_name(Kind::Field, &format!("{record}/{name}")),
            ),
            None => format!("fält {}", index + 1),
        }
    }

    /// A parameter's value, in percent when the policy writes it so (`10 %`, not `0,1`).
    pub fn param_value(&self, index: u32, v: &Value) -> String {
        let percent = self
            .program
            .params
            .get(index as usize)
            .is_some_and(|p| p.percent);
        match v {
            Value::Decimal(d) if percent => match d.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => format!("{} %", decimal_sv(p)),
                None => self.value(v),
            },
            _ => self.value(v),
        }
    }

    /// The label of a code the decision gives as text, if its doc comments label it.
    pub fn code_label(&self, code: &str) -> Option<String> {
        self.labels()
            .member(Kind::Code, &self.decision.name, code)
            .map(|l| self.mid(l.to_owned()))
    }

    /// The value at `place`, when known: a parameter's in the memo too.
    fn current(&self, place: Place) -> Option<&'a Value> {
        match place {
            Place::Local(s) => self.values?.1.get(s as usize),
            Place::Param(p) => self.param(p),
        }
    }

    fn is_lambda(&self, slot: u32) -> bool {
        let d = self.decision;
        (slot as usize) >= d.inputs.len() && !d.lets.iter().any(|(_, s, _)| *s == slot)
    }

    /// A noun phrase for `e`.
    pub fn term(&self, e: &Expr) -> String {
        match e {
            // A code in a rule is quoted by its label: "”avsändaren framgår inte” (om …)".
            Expr::Const(Value::Text(t)) if let Some(label) = self.code_label(t) => {
                format!("”{label}”")
            }
            Expr::Const(v) => self.value(v),
            Expr::Load(place) => {
                let label = match place {
                    Place::Local(s) => self.local_label(*s),
                    Place::Param(p) => self.param_label(*p),
                };
                let lambda = matches!(place, Place::Local(s) if self.is_lambda(*s));
                match self.current(*place) {
                    // An element being looked at: its value says it all.
                    Some(v) if lambda && *v != Value::Null => self.value(v),
                    // A parameter with its value ("högsta antal byten (2)"); a missing one,
                    // which a require names, by its label alone.
                    Some(v) if let Place::Param(p) = place => match v {
                        Value::Null => label,
                        v => with_value(&label, &self.param_value(*p, v)),
                    },
                    Some(v) if !lambda => with_value(&label, &self.value(v)),
                    _ => label,
                }
            }
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
            Expr::Binary(Op::Arith(arith), a, b) => {
                let op = arith.written();
                let word = match op {
                    BinaryOp::Add => "plus",
                    BinaryOp::Sub => "minus",
                    BinaryOp::Mul => "gånger",
                    _ => "delat med",
                };
                format!(
                    "{} {word} {}",
                    self.operand(a, op, false),
                    self.operand(b, op, true)
                )
            }
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
                op,
                list,
                slot,
                body,
                ..
            } => {
                let list_t = self.term(list);
                let body = body.as_deref();
                match (op, body) {
                    (ListOp::Count, None) => format!("antalet {list_t}"),
                    (ListOp::Count, Some(b)) => {
                        format!("antalet {list_t} {}", self.element_clause(*slot, b))
                    }
                    (ListOp::Sum, None) => format!("summan av {list_t}"),
                    (ListOp::Sum, Some(b)) => {
                        format!("summan av {} för {list_t}", self.term(b))
                    }
                    (ListOp::Filter, Some(b)) => {
                        format!("de {list_t} {}", self.element_clause(*slot, b))
                    }
                    (ListOp::Map, Some(b)) => format!("{} för {list_t}", self.term(b)),
                    (ListOp::Any | ListOp::All, _) => self.clause(e, true),
                    (_, None) => list_t,
                }
            }
            Expr::Round { mode, to, value } => {
                let how = match mode {
                    RoundMode::Nearest => "avrundat till",
                    RoundMode::Down => "avrundat nedåt till",
                    RoundMode::Up => "avrundat uppåt till",
                };
                let unit = match to {
                    RoundTo::Ore => "hela ören".to_owned(),
                    RoundTo::Kronor => "hela kronor".to_owned(),
                    RoundTo::Places(1) => "en decimal".to_owned(),
                    RoundTo::Places(n) => format!("{n} decimaler"),
                };
                format!("{} {how} {unit}", self.term(value))
            }
            Expr::Call(builtin, args) => self.call(*builtin, args),
        }
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
        if self.values.is_some() {
            // Loads known to be missing are skipped; the first other part is the one read.
            let counted = parts.iter().position(|part| match part {
                Expr::Load(place) => self.current(*place).is_some_and(|v| *v != Value::Null),
                _ => true,
            });
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
                format!("sista dagen i perioden om {} från {}", a(1), a(0))
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
    fn operand(&self, e: &Expr, op: BinaryOp, right: bool) -> String {
        let said = self.term(e);
        let inner = match e {
            Expr::Binary(Op::Arith(Arith::DateAddDuration | Arith::DateSubDuration), ..) => None,
            Expr::Binary(Op::Arith(arith), ..) if *arith != Arith::Concat => {
                Some(precedence(arith.written()))
            }
            _ => None,
        };
        let outer = precedence(op);
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
            self.operand(count, BinaryOp::Mul, false)
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

    /// The value of parameter `p`, when known.
    fn param(&self, p: u32) -> Option<&'a Value> {
        match self.values {
            Some((params, _)) => params.get(p as usize),
            None => self.param_values?.get(p as usize),
        }
    }

    /// `tiden från … till … ryms inom …`.
    fn within(&self, args: &[Expr]) -> String {
        let a = |i: usize| args.get(i).map(|e| self.term(e)).unwrap_or_default();
        format!("tiden från {} till {} ryms inom {}", a(0), a(1), a(2))
    }

    /// A clause saying that the condition `e` holds (`positive`) or does not.
    pub fn clause(&self, e: &Expr, positive: bool) -> String {
        match e {
            Expr::Not(inner) => self.clause(inner, !positive),
            Expr::Binary(Op::And | Op::Or, a, b) => {
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
                        if let (Some(x), Some(y)) =
                            (a_said.strip_suffix(verb), b_said.strip_suffix(verb))
                        {
                            return format!("{x} {word} {y}{verb}");
                        }
                    }
                }
                format!("{a_said} {word} {b_said}")
            }
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
                let present = (*op == Cmp::Ne) == positive;
                let subject = match &**a {
                    Expr::Load(Place::Local(s)) if !present => self.local_label(*s),
                    Expr::Load(Place::Param(p)) if !present => self.param_label(*p),
                    other => self.term(other),
                };
                // "har angetts" agrees with any noun ("verksamhetsår", "dagen").
                let word = match (present, self.main_clause) {
                    (false, _) => "saknas",
                    (true, _) => "har angetts",
                };
                format!("{subject} {word}")
            }
            Expr::Binary(Op::In, x, list)
                if positive
                    && let Expr::List(_, items) = &**list
                    && let Some(said) = items
                        .iter()
                        .map(|i| self.variant_statement(x, i))
                        .collect::<Option<Vec<_>>>()
                    && !said.is_empty() =>
            {
                join_words(said, "eller")
            }
            Expr::Binary(Op::In, x, list) => {
                let x_t = self.term(x);
                match &**list {
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
            Expr::Binary(Op::Compare(op, _), a, b) => {
                let op = if positive { *op } else { op.negated() };
                // "Typ av frist är årsberättelse", not "Typ av frist (årsberättelse) är
                // årsberättelse": an equality with a constant states the value itself.
                let subject = match (op, &**a, &**b) {
                    (Cmp::Eq, Expr::Load(Place::Local(s)), Expr::Const(_))
                        if !self.is_lambda(*s) =>
                    {
                        self.local_label(*s)
                    }
                    _ => self.term(a),
                };
                if op == Cmp::Ne
                    && let Some((label, actual)) = self.known_variant(a, b)
                {
                    return format!("{label} är {actual}");
                }
                if op == Cmp::Ne
                    && let Some(others) = self.other_variants(a, b)
                {
                    return format!("{subject} är {}", join_words(others, "eller"));
                }
                // "Alla listade är 0", not "Alla listade (0) överstiger inte 0": a bound the
                // value meets exactly is the value.
                if self.main_clause
                    && !positive
                    && matches!(op, Cmp::Le | Cmp::Ge)
                    && let (Expr::Load(Place::Local(s)), Expr::Const(bound)) = (&**a, &**b)
                    && self.current(Place::Local(*s)) == Some(bound)
                {
                    return format!("{} är {}", self.local_label(*s), self.term(b));
                }
                let temporal = self.temporal(a) || self.temporal(b);
                let words = comparison_words(op, temporal);
                let words = match (op, self.main_clause) {
                    (Cmp::Ne, false) => "inte är",
                    // A limit not passed: "begärt vite överstiger inte taket", not "är högst".
                    (Cmp::Le, true) if !positive && !temporal => "överstiger inte",
                    (Cmp::Le, false) if !positive && !temporal => "inte överstiger",
                    _ => words,
                };
                format!("{subject} {words} {}", self.term(b))
            }
            Expr::ListOp {
                op: op @ (ListOp::Any | ListOp::All),
                list,
                slot,
                body: Some(body),
                ..
            } => {
                let list_t = self.term(list);
                let any = *op == ListOp::Any;
                if any && let Some((day, born)) = self.age_in(*slot, body) {
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
                let mut parts = Vec::new();
                if self.element_parts(*slot, body, &mut parts) {
                    // "alla tidigare byten är senast …", "något av … är senare än …".
                    let said = join_words(predicates(parts), "och");
                    return match (any, positive) {
                        (true, true) => format!("något av {list_t} {said}"),
                        (true, false) => format!("inget av {list_t} {said}"),
                        (false, true) => format!("alla {list_t} {said}"),
                        (false, false) => format!("inte alla {list_t} {said}"),
                    };
                }
                self.for_elements(any, positive, *slot, &list_t, body)
            }
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
            Expr::Load(Place::Local(s)) if self.values.is_some() => {
                // A fact states the value as it is, whichever way the condition reads it.
                let v = self.current(Place::Local(*s));
                let yes = matches!(v, Some(Value::Bool(true)));
                let label = self.local_label(*s);
                // "Invånaren har inte skyddad identitet", or for a label that states nothing
                // "Större avvikelse: nej".
                match (statement(&label), yes) {
                    (Some(_), true) => label,
                    (Some(_), false) => self.denied(&label),
                    (None, _) => format!("{label}: {}", if yes { "ja" } else { "nej" }),
                }
            }
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

    /// `(day, born)` when `body` says that the whole years from `born` to `day` are the
    /// element `slot`: `day >= born + a * 1 year and day < born + (a + 1) * 1 year`.
    fn age_in<'e>(&self, slot: u32, body: &'e Expr) -> Option<(&'e Expr, &'e Expr)> {
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
        let same = |a: &Expr, b: &Expr| self.regel(a) == self.regel(b);
        (same(day, day2) && same(born, born2)).then_some((day, born))
    }

    /// "det för något tal bland åldrar … gäller att …": a condition on the elements of a
    /// list that is more than comparisons of the element, the element named by its type.
    fn for_elements(
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
        let (some, none, every) = element_indefinite(ty);
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

    /// The type `e` has, as the checker recorded it.
    fn ty(&self, e: &Expr) -> Ty {
        let env = TypeEnv {
            locals: &self.decision.local_types,
            params: &self.program.params,
            enums: &self.program.enums,
        };
        e.ty(&env)
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

    /// The labels of the other variants of the enum of `b`, when `b` is a variant labelled
    /// by a negative ("inget sådant behov"): `a != b` said as what `a` is instead, not as a
    /// double negative ("… inte är inget sådant behov").
    fn other_variants(&self, a: &Expr, b: &Expr) -> Option<Vec<String>> {
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
    fn known_variant(&self, a: &Expr, b: &Expr) -> Option<(String, String)> {
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
    fn variant_statement(&self, a: &Expr, b: &Expr) -> Option<String> {
        let (Expr::Load(_), Expr::Const(v @ Value::Enum(..))) = (a, b) else {
            return None;
        };
        let label = self.value(v);
        statement(&label).is_some().then_some(label)
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

    /// `som är senare än … och senast …`: a condition on the element of a list operator.
    fn element_clause(&self, slot: u32, body: &Expr) -> String {
        let mut parts = Vec::new();
        if self.element_parts(slot, body, &mut parts) {
            format!("som {}", join_words(predicates(parts), "och"))
        } else {
            format!("där {}", self.sub().clause(body, true))
        }
    }

    /// What `body`, one comparison of the element `slot` with something else, says of the
    /// element, holding (`positive`) or not, as a main clause's predicate: "är senare än
    /// dagen för det begärda bytet"; `None` for another body.
    pub fn element_predicate(&self, slot: u32, body: &Expr, positive: bool) -> Option<String> {
        let Expr::Binary(_, a, b) = body else {
            return None;
        };
        let (op, other) = body.compared_local(slot)?;
        let op = if positive { op } else { op.negated() };
        let temporal = self.temporal(a) || self.temporal(b);
        Some(format!(
            "{} {}",
            comparison_words(op, temporal),
            self.term(other)
        ))
    }

    /// The comparisons of the element with something else, when that is all `body` is.
    fn element_parts(&self, slot: u32, body: &Expr, parts: &mut Vec<String>) -> bool {
        match body {
            Expr::Binary(Op::And, a, b) => {
                self.element_parts(slot, a, parts) && self.element_parts(slot, b, parts)
            }
            Expr::Binary(Op::Compare(Cmp::Eq, _), a, b)
                if let Some(to) = rounded_to(slot, a, b) =>
            {
                parts.push(rounded_predicate(to));
                true
            }
            Expr::Binary(Op::Compare(..), a, b) => {
                let temporal = self.temporal(a) || self.temporal(b);
                let Some((op, other)) = body.compared_local(slot) else {
                    return false;
                };
                // A relative clause: "som inte är …".
                let words = match op {
                    Cmp::Ne => "inte är",
                    _ => comparison_words(op, temporal),
                };
                parts.push(format!("{words} {}", self.term(other)));
                true
            }
            _ => false,
        }
    }

    /// Whether `e` is a date or a time (compared with "senast", "tidigare än"), as the
    /// checker typed it: a number of days between two dates is a number, not a date.
    fn temporal(&self, e: &Expr) -> bool {
        let env = TypeEnv {
            locals: &self.decision.local_types,
            params: &self.program.params,
            enums: &self.program.enums,
        };
        temporal_ty(&e.ty(&env))
    }

    /// The expression as Regel text (the trace's `condition`).
    pub fn regel(&self, e: &Expr) -> String {
        regel_text(self.program, self.decision, e)
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
        Expr::Binary(Op::Compare(Cmp::Eq | Cmp::Ne, _), a, b) => {
            null_check(a).is_some() && null_check(b).is_some()
        }
        _ => false,
    }
}

/// Predicates of one subject joined: "är senare än … och senast …", the verb said once.
fn predicates(parts: Vec<String>) -> Vec<String> {
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| match p.strip_prefix("är ") {
            Some(rest) if i > 0 => rest.to_owned(),
            _ => p,
        })
        .collect()
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
    match to {
        RoundTo::Ore => "är hela ören".to_owned(),
        RoundTo::Kronor => "är hela kronor".to_owned(),
        RoundTo::Places(0) => "är heltal".to_owned(),
        RoundTo::Places(1) => "har högst en decimal".to_owned(),
        RoundTo::Places(2) => "har högst två decimaler".to_owned(),
        RoundTo::Places(n) => format!("har högst {n} decimaler"),
    }
}

/// The element of a list said indefinitely, for "för något tal bland …": some, none, every.
fn element_indefinite(ty: &Ty) -> (&'static str, &'static str, &'static str) {
    match ty {
        Ty::Date => ("någon dag", "ingen dag", "varje dag"),
        Ty::Time => ("något klockslag", "inget klockslag", "varje klockslag"),
        Ty::Int | Ty::Decimal => ("något tal", "inget tal", "varje tal"),
        Ty::Money => ("något belopp", "inget belopp", "varje belopp"),
        Ty::Duration => ("någon tid", "ingen tid", "varje tid"),
        Ty::Text => ("någon text", "ingen text", "varje text"),
        Ty::Record(..) => ("någon post", "ingen post", "varje post"),
        Ty::Optional(inner) => element_indefinite(inner),
        _ => ("något värde", "inget värde", "varje värde"),
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

/// The parts of `a ?? b ?? …`, in the order they are tried.
fn coalesced<'e>(e: &'e Expr, parts: &mut Vec<&'e Expr>) {
    match e {
        Expr::Coalesce(a, b, _) => {
            coalesced(a, parts);
            coalesced(b, parts);
        }
        other => parts.push(other),
    }
}

fn is_empty_list(e: &Expr) -> bool {
    matches!(e, Expr::List(_, items) if items.is_empty())
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

/// A statement split at its finite verb (the lexicon in `regel_compiler::labels`):
/// `("dagen", "är", "en vardag")`. A verb of a clause inside the subject (`den läkare som är
/// i tjänst är …`) is passed over; a label that begins with its verb, or has none, is no
/// statement.
pub fn statement(label: &str) -> Option<(String, String, String)> {
    let at = finite_verb(label)?;
    let words: Vec<&str> = label.split(' ').collect();
    let verb = (*words.get(at)?).to_owned();
    let rest = words.get(at + 1..).unwrap_or_default().join(" ");
    Some((words[..at].join(" "), verb, rest))
}

/// A condition that does not hold, in a subordinate clause: `dagen inte är en vardag`,
/// `det inte finns några särskilda skäl`, `leverantören uppfyller kraven` for a label that
/// denies (`… uppfyller inte kraven`), or `inte särskilda skäl` for a label that is no
/// statement.
pub fn negated(clause: &str) -> String {
    match statement(clause) {
        Some((subject, verb, rest)) if rest.starts_with("inte ") => {
            format!("{subject} {verb} {}", &rest["inte ".len()..])
        }
        Some((subject, verb, rest)) => match nothing_found(&subject, &verb, &rest, false) {
            Some(none) => format!("{subject} inte {verb} {none}"),
            None => match no_one(&subject) {
                Some(none) => format!("{none} {verb}{}", spaced(&rest)),
                None => format!("{subject} inte {verb}{}", spaced(&rest)),
            },
        },
        None => format!("inte {clause}"),
    }
}

/// An indefinite subject denied by its article: "ett FU-stopp" → "inget FU-stopp" ("inget
/// FU-stopp pågår", not "ett FU-stopp pågår inte"); `None` for another subject.
fn no_one(subject: &str) -> Option<String> {
    let (article, rest) = subject.split_once(' ')?;
    let none = match article {
        "en" => "ingen",
        "ett" => "inget",
        "En" => "Ingen",
        "Ett" => "Inget",
        _ => return None,
    };
    Some(format!("{none} {rest}"))
}

/// A statement in a subordinate clause's word order: a `inte` after the verb moves before it
/// ("regionens godkännande inte kom före ikraftträdandet"); anything else stays as it is.
pub fn subordinate(clause: &str) -> String {
    match statement(clause) {
        Some((subject, verb, rest)) => match rest.strip_prefix("inte ") {
            Some(rest) => format!("{subject} inte {verb} {rest}"),
            None => clause.to_owned(),
        },
        None => clause.to_owned(),
    }
}

/// A statement with its verb first, as it stands after a subordinate clause (`avslås bytet`,
/// `finns det inga särskilda skäl`, or `godtas begäran inte` when it does not hold); `None`
/// for a label that is no statement. The subject keeps its case: the caller has put it as it
/// stands inside a sentence.
pub fn verb_first(label: &str, holds: bool) -> Option<String> {
    let (subject, verb, rest) = statement(label)?;
    if !holds && let Some(rest) = rest.strip_prefix("inte ") {
        return Some(format!("{verb} {subject} {rest}"));
    }
    if !holds && let Some(none) = nothing_found(&subject, &verb, &rest, true) {
        return Some(format!("{verb} {subject} {none}"));
    }
    if !holds && let Some(none) = no_one(&subject) {
        return Some(format!("{verb} {none}{}", spaced(&rest)));
    }
    let not = if holds { "" } else { " inte" };
    Some(format!("{verb} {subject}{not}{}", spaced(&rest)))
}

/// A statement as a main clause that holds or not: `begäran godtas inte`, `kravet är uppfyllt`,
/// `det finns inga särskilda skäl`; `None` for a label that is no statement.
pub fn stated(label: &str, holds: bool) -> Option<String> {
    let (subject, verb, rest) = statement(label)?;
    // A label that denies ("… uppfyller inte kraven") not holding loses its "inte".
    if !holds && let Some(rest) = rest.strip_prefix("inte ") {
        return Some(format!("{subject} {verb} {rest}"));
    }
    if !holds && let Some(none) = nothing_found(&subject, &verb, &rest, true) {
        return Some(format!("{subject} {verb} {none}"));
    }
    if !holds && let Some(none) = no_one(&subject) {
        return Some(format!("{none} {verb}{}", spaced(&rest)));
    }
    let not = if holds { "" } else { " inte" };
    Some(format!("{subject} {verb}{not}{}", spaced(&rest)))
}

/// What `det finns X` finds when it finds nothing: `inga X` in a main clause ("det finns inga
/// särskilda skäl", "det finns ingen enhet"), `några X` in a subordinate one ("om det inte finns
/// några brister"); `None` for a statement of another shape.
fn nothing_found(subject: &str, verb: &str, rest: &str, main: bool) -> Option<String> {
    let det_finns = subject.eq_ignore_ascii_case("det") && verb == "finns";
    // "Hälsocentralen har inget beviljat listningsstopp", not "har inte ett …".
    let har_en = verb == "har" && (rest.starts_with("en ") || rest.starts_with("ett "));
    if !(det_finns || har_en) || rest.is_empty() {
        return None;
    }
    let (first, noun) = rest.split_once(' ').unwrap_or((rest, ""));
    let (none, any, noun) = match first {
        "en" | "någon" if !noun.is_empty() => ("ingen", "någon", noun),
        "ett" | "något" if !noun.is_empty() => ("inget", "något", noun),
        "några" if !noun.is_empty() => ("inga", "några", noun),
        _ => match singular_noun(first) {
            Some(false) => ("ingen", "någon", rest),
            Some(true) => ("inget", "något", rest),
            None => ("inga", "några", rest),
        },
    };
    Some(format!("{} {noun}", if main { none } else { any }))
}

/// Nouns labels use in the singular without an article ("det finns utrustning …"), with
/// whether each is an `ett` word; other nouns after "det finns" are read as plurals.
const SINGULAR_NOUNS: &[(&str, bool)] = &[
    ("mjukvara", false),
    ("programvara", false),
    ("personal", false),
    ("kompetens", false),
    ("dokumentation", false),
    ("information", false),
    ("tillgång", false),
    ("material", true),
    ("underlag", true),
    ("stöd", true),
];

/// Whether `word` is a noun in the singular: `Some(true)` for an `ett` word, `Some(false)`
/// for an `en` word; `None` when it is not known to be one. Nouns ending in -ning, -het,
/// -else or -tion are `en` words whose plural ends otherwise (-ningar, -heter, …).
fn singular_noun(word: &str) -> Option<bool> {
    let word = word.to_lowercase();
    if let Some((_, ett)) = SINGULAR_NOUNS.iter().find(|(w, _)| *w == word) {
        return Some(*ett);
    }
    ["ning", "het", "else", "tion"]
        .iter()
        .any(|end| word.ends_with(end))
        .then_some(false)
}

/// ` rest`, or nothing for an empty rest.
fn spaced(rest: &str) -> String {
    if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    }
}

/// A label inside a sentence: its first letter in lower case, unless its first word is a
/// proper name (`Cardiolex Lexor 2100 …`, as the version's doc comments write it) or an
/// abbreviation (`ACG`).
pub fn inside_sentence(labels: &Labels, label: &str) -> String {
    let first = label.split(' ').next().unwrap_or_default();
    let word = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    if labels.is_proper_name(word) {
        return label.to_owned();
    }
    lower_first_letter(label)
}

/// The first letter in lower case, unless the word begins with an abbreviation (`ACG`,
/// `IT-stöd`) or is a name of more than one letter with no small letter (`E3`); a
/// one-letter word is a word ("I målgruppen" → "i målgruppen").
fn lower_first_letter(s: &str) -> String {
    let word = s.split(' ').next().unwrap_or_default();
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second)
            if first.is_uppercase()
                && !second.is_some_and(char::is_uppercase)
                && (word.chars().count() < 2 || word.chars().any(char::is_lowercase)) =>
        {
            first.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_owned(),
    }
}

/// The element of a list, named by its type: lambdas name it by a letter.
fn element_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::Date => "dagen",
        Ty::Time => "klockslaget",
        Ty::Int | Ty::Decimal => "talet",
        Ty::Money => "beloppet",
        Ty::Duration => "tiden",
        Ty::Text => "texten",
        Ty::Record(..) => "posten",
        Ty::Optional(inner) => element_word(inner),
        _ => "värdet",
    }
}

fn temporal_ty(ty: &Ty) -> bool {
    match ty {
        Ty::Date | Ty::Time => true,
        Ty::Optional(t) => temporal_ty(t),
        _ => false,
    }
}

fn comparison_words(op: Cmp, temporal: bool) -> &'static str {
    match (op, temporal) {
        (Cmp::Ne, _) => "är inte",
        (Cmp::Lt, true) => "är tidigare än",
        (Cmp::Le, true) => "är senast",
        (Cmp::Gt, true) => "är senare än",
        (Cmp::Ge, true) => "är tidigast",
        (Cmp::Lt, false) => "är mindre än",
        (Cmp::Le, false) => "är högst",
        (Cmp::Gt, false) => "är större än",
        (Cmp::Ge, false) => "är minst",
        _ => "är",
    }
}

/// Clauses of an outcome joined: "ansökan godkänns men kontrakt kan inte tecknas" when the
/// last denies what the one before it grants or requires (a permission, an approval, a duty),
/// else "… och …" ("ansökan avslås och kontrakt kan inte tecknas", "invändningen har kommit
/// in i tid och de nya villkoren är inte tillämpliga": a consequence, no contrast).
pub fn join_clauses(clauses: Vec<String>) -> String {
    let turn = match clauses.as_slice() {
        [.., before, last] => grants(before) && denies(last),
        _ => false,
    };
    join_words(clauses, if turn { "men" } else { "och" })
}

/// The verbs of a clause that grants or requires something, which a denial after it
/// restricts ("godkänns men …", "ska … men … ska inte …").
const GRANTING_VERBS: &[&str] = &[
    "ska",
    "kan",
    "får",
    "godkänns",
    "beviljas",
    "godtas",
    "ingår",
    "erbjuds",
];

/// What a clause with "är" grants: a condition met, an application approved ("villkoren är
/// uppfyllda men ersättning kan inte betalas ut").
const GRANTED_STATES: &[&str] = &[
    "uppfylld",
    "uppfyllt",
    "uppfyllda",
    "godkänd",
    "godkänt",
    "godkända",
    "tillåten",
    "tillåtet",
    "tillåtna",
];

/// Whether `clause` grants or requires something, without denying it: its finite verb is one
/// of [`GRANTING_VERBS`], it says "har rätt", or it is one of [`GRANTED_STATES`].
fn grants(clause: &str) -> bool {
    if denies(clause) {
        return false;
    }
    let words: Vec<&str> = clause.split(' ').collect();
    // "har rätt till", or with its verb first "har mottagaren rätt till".
    let has_right = words.contains(&"rätt") && words.contains(&"har");
    let verb = statement(clause).map(|(_, verb, _)| verb.to_lowercase());
    // A clause with its verb first ("godkänns ansökan") has no subject before its verb.
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let granted = words.iter().any(|w| GRANTED_STATES.contains(w));
    has_right
        || granted
        || verb.is_some_and(|v| GRANTING_VERBS.contains(&v.as_str()))
        || GRANTING_VERBS.contains(&first.as_str())
}

/// Whether `clause` says that something does not hold ("kontrakt kan inte tecknas", "det
/// finns ingen …").
fn denies(clause: &str) -> bool {
    clause
        .split(' ')
        .any(|w| matches!(w, "inte" | "ingen" | "inget" | "inga" | "aldrig"))
}

/// `a, b och c`.
pub fn join_och(items: Vec<String>) -> String {
    join_words(items, "och")
}

/// `a, b {word} c`.
pub fn join_words(mut items: Vec<String>, word: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} {word} {last}", items.join(", "))
        }
    }
}

/// The first letter in upper case (a sentence's start).
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A value as Swedish text: `ja`, `2 023`, `0,1`, `1 234,50 kr`, `3 månader`, a variant's label.
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
        Value::Record(fields) => format!(
            "({})",
            fields
                .iter()
                .map(|f| value_sv(program, f))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
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
    let text = d.normalize().to_string();
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w.to_owned(), Some(f.to_owned())),
        None => (text, None),
    };
    match frac {
        Some(f) => format!("{},{f}", group(&whole)),
        None => group(&whole),
    }
}

/// `78,0`: a decimal with `places` decimals, as a table writes its column ("mnkr" with one).
pub fn decimal_places_sv(d: Decimal, places: u32) -> String {
    let text = format!("{:.*}", places as usize, d.round_dp(places));
    match text.split_once('.') {
        Some((whole, frac)) => format!("{},{frac}", group(whole)),
        None => group(&text),
    }
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

/// An expression written back as Regel text, names as the policy spells them.
pub fn regel_text(program: &Program, decision: &Decision, e: &Expr) -> String {
    text(program, decision, e, 0)
}

fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Coalesce => 1,
        BinaryOp::Or => 2,
        BinaryOp::And => 3,
        BinaryOp::Eq
        | BinaryOp::Ne
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::In => 5,
        BinaryOp::Add | BinaryOp::Sub => 6,
        BinaryOp::Mul | BinaryOp::Div => 7,
    }
}

fn text(program: &Program, d: &Decision, e: &Expr, outer: u8) -> String {
    let t = |e: &Expr, p: u8| text(program, d, e, p);
    let (inner, s) = match e {
        Expr::Const(v) => (9, regel_value(program, v)),
        Expr::Load(Place::Local(s)) => (
            9,
            d.local_names.get(*s as usize).cloned().unwrap_or_default(),
        ),
        Expr::Load(Place::Param(p)) => (
            9,
            program
                .params
                .get(*p as usize)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        ),
        Expr::Field(base, i, _) => (9, format!("{}.{}", t(base, 9), i)),
        Expr::Not(inner) => (4, format!("not {}", t(inner, 4))),
        Expr::Neg(_, inner) => (8, format!("-{}", t(inner, 8))),
        Expr::Binary(op, a, b) => {
            let p = precedence(op.written());
            (p, format!("{} {} {}", t(a, p), op.symbol(), t(b, p + 1)))
        }
        Expr::Coalesce(a, b, _) => {
            let p = precedence(BinaryOp::Coalesce);
            (p, format!("{} ?? {}", t(a, p), t(b, p + 1)))
        }
        Expr::If(c, a, b, _) => (
            0,
            format!("if {} then {} else {}", t(c, 0), t(a, 0), t(b, 0)),
        ),
        Expr::List(_, items) => (
            9,
            format!(
                "[{}]",
                items.iter().map(|i| t(i, 0)).collect::<Vec<_>>().join(", ")
            ),
        ),
        Expr::Record(_, fields) => (
            9,
            format!(
                "{{ {} }}",
                fields
                    .iter()
                    .map(|i| t(i, 0))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Expr::ListOp {
            op,
            list,
            slot,
            body,
            ..
        } => {
            let name = match op {
                ListOp::Count => "count",
                ListOp::Sum => "sum",
                ListOp::Any => "any",
                ListOp::All => "all",
                ListOp::Filter => "filter",
                ListOp::Map => "map",
            };
            let var = d
                .local_names
                .get(*slot as usize)
                .cloned()
                .unwrap_or_default();
            let s = match body {
                Some(b) => format!("{name}({}, {var} => {})", t(list, 0), t(b, 0)),
                None => format!("{name}({})", t(list, 0)),
            };
            (9, s)
        }
        Expr::Round { mode, to, value } => {
            let f = match mode {
                RoundMode::Nearest => "round",
                RoundMode::Down => "floor",
                RoundMode::Up => "ceil",
            };
            let to = match to {
                RoundTo::Ore => "ore".to_owned(),
                RoundTo::Kronor => "kronor".to_owned(),
                RoundTo::Places(n) => n.to_string(),
            };
            (9, format!("{f}({}, {to})", t(value, 0)))
        }
        Expr::Call(b, args) => {
            let f = match b {
                Builtin::Min => "min",
                Builtin::Max => "max",
                Builtin::Days => "days",
                Builtin::Within => "within",
                Builtin::PeriodEnd => "period_end",
                Builtin::Year => "year",
                Builtin::MakeDate => "date",
                Builtin::LastDayOfMonth => "last_day_of_month",
                Builtin::Weekday => "weekday",
            };
            let args: Vec<String> = args.iter().map(|a| t(a, 0)).collect();
            (9, format!("{f}({})", args.join(", ")))
        }
    };
    if inner < outer { format!("({s})") } else { s }
}

/// A value as a Regel literal.
pub fn regel_value(program: &Program, v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Decimal(d) => d.normalize().to_string(),
        Value::Money(d) => format!("{} kr", d.normalize()),
        Value::Date(d) => date_sv(*d),
        Value::Time(t) => t.format("%H:%M").to_string(),
        Value::Duration(d) => {
            let unit = match d.unit {
                DurationUnit::Days => "days",
                DurationUnit::Weeks => "weeks",
                DurationUnit::Months => "months",
                DurationUnit::Years => "years",
            };
            let unit = if d.amount == 1 {
                unit.trim_end_matches('s')
            } else {
                unit
            };
            format!("{} {unit}", d.amount)
        }
        Value::Text(t) => format!("{t:?}"),
        Value::Enum(id, i) => program
            .enum_def(*id)
            .and_then(|e| e.variants.get(*i as usize).cloned())
            .unwrap_or_default(),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| regel_value(program, i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Record(fields) => format!(
            "{{ {} }}",
            fields
                .iter()
                .map(|f| regel_value(program, f))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A label with the value it stands for in brackets; a label that ends in brackets of its own
/// takes the value inside them ("stoppets sista dag (medräknad, 2023-02-28)", not two pairs).
fn with_value(label: &str, value: &str) -> String {
    match label.strip_suffix(')') {
        Some(open) => format!("{open}, {value})"),
        None => format!("{label} ({value})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_is_split_at_its_finite_verb() {
        let split = |s: &str| statement(s).map(|(a, b, c)| format!("{a}|{b}|{c}"));
        assert_eq!(
            split("Dagen är en vardag").as_deref(),
            Some("Dagen|är|en vardag")
        );
        assert_eq!(split("Bytet avslås").as_deref(), Some("Bytet|avslås|"));
        // The verb of a clause inside the subject is passed over.
        assert_eq!(
            split("Den läkare som är i tjänst är legitimerad").as_deref(),
            Some("Den läkare som är i tjänst|är|legitimerad")
        );
        assert_eq!(
            split("Tillfälle att yttra sig har getts").as_deref(),
            Some("Tillfälle att yttra sig|har|getts")
        );
        assert_eq!(split("Särskilda skäl"), None);
        assert_eq!(split("har lakare"), None);
    }

    #[test]
    fn inte_stands_before_the_verb_of_a_subordinate_clause() {
        assert_eq!(negated("dagen är en vardag"), "dagen inte är en vardag");
        assert_eq!(negated("särskilda skäl"), "inte särskilda skäl");
    }

    #[test]
    fn nothing_found_reads_inga_in_a_main_clause_and_inte_några_in_a_subordinate_one() {
        assert_eq!(
            stated("Det finns särskilda skäl", false).as_deref(),
            Some("Det finns inga särskilda skäl")
        );
        assert_eq!(
            negated("det finns brister enligt 3.4.4"),
            "det inte finns några brister enligt 3.4.4"
        );
        assert_eq!(
            negated("det finns en flyktingmedicinsk enhet"),
            "det inte finns någon flyktingmedicinsk enhet"
        );
        assert_eq!(
            stated("det finns ett avtal", false).as_deref(),
            Some("det finns inget avtal")
        );
        // A singular noun without an article agrees as such: "ingen utrustning", not "inga".
        assert_eq!(
            stated("det finns utrustning och mjukvara som saknas", false).as_deref(),
            Some("det finns ingen utrustning och mjukvara som saknas")
        );
        assert_eq!(
            negated("det finns underlag"),
            "det inte finns något underlag"
        );
        // Something one has is denied by its article.
        assert_eq!(
            stated("Hälsocentralen har ett beviljat listningsstopp", false).as_deref(),
            Some("Hälsocentralen har inget beviljat listningsstopp")
        );
        assert_eq!(
            negated("leverantören har en skrivare"),
            "leverantören inte har någon skrivare"
        );
        // Another subject than the formal `det` is denied with `inte`.
        assert_eq!(
            stated("Personal finns", false).as_deref(),
            Some("Personal finns inte")
        );
    }

    #[test]
    fn a_table_column_keeps_its_decimals() {
        assert_eq!(decimal_places_sv(Decimal::new(78, 0), 1), "78,0");
        assert_eq!(decimal_places_sv(Decimal::new(11912, 1), 1), "1\u{a0}191,2");
        assert_eq!(decimal_places_sv(Decimal::new(-155, 2), 1), "−1,6");
    }

    #[test]
    fn a_label_that_denies_loses_its_inte_when_it_does_not_hold() {
        let label = "Leverantören uppfyller inte kvalificeringskraven (2.3.3)";
        assert_eq!(
            stated(label, false).as_deref(),
            Some("Leverantören uppfyller kvalificeringskraven (2.3.3)")
        );
        assert_eq!(
            negated("leverantören uppfyller inte kraven"),
            "leverantören uppfyller kraven"
        );
        assert_eq!(
            verb_first("leverantören uppfyller inte kraven", false).as_deref(),
            Some("uppfyller leverantören kraven")
        );
    }

    #[test]
    fn a_denial_after_an_affirmation_is_joined_by_men() {
        let clauses = |c: &[&str]| join_clauses(c.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            clauses(&["ansökan godkänns", "kontrakt kan inte tecknas"]),
            "ansökan godkänns men kontrakt kan inte tecknas"
        );
        assert_eq!(
            clauses(&["godkänns ansökan", "kontrakt kan inte tecknas"]),
            "godkänns ansökan men kontrakt kan inte tecknas"
        );
        assert_eq!(
            clauses(&["villkoren är uppfyllda", "ersättning kan inte betalas ut"]),
            "villkoren är uppfyllda men ersättning kan inte betalas ut"
        );
        // No contrast: a refusal and its consequence, a fact and its consequence.
        assert_eq!(
            clauses(&["ansökan avslås", "kontrakt kan inte tecknas"]),
            "ansökan avslås och kontrakt kan inte tecknas"
        );
        assert_eq!(
            clauses(&[
                "invändningen har kommit in i tid",
                "villkoren är inte tillämpliga"
            ]),
            "invändningen har kommit in i tid och villkoren är inte tillämpliga"
        );
        assert_eq!(
            clauses(&["a ingår inte", "b ges inte"]),
            "a ingår inte och b ges inte"
        );
    }

    #[test]
    fn after_a_subordinate_clause_the_verb_comes_first() {
        assert_eq!(
            verb_first("bytet avslås", true).as_deref(),
            Some("avslås bytet")
        );
        assert_eq!(
            verb_first("kravet är uppfyllt", false).as_deref(),
            Some("är kravet inte uppfyllt")
        );
        assert_eq!(
            verb_first("det finns särskilda skäl", false).as_deref(),
            Some("finns det inga särskilda skäl")
        );
        assert_eq!(
            verb_first("ACG är vald", true).as_deref(),
            Some("är ACG vald")
        );
        assert_eq!(verb_first("Utfall", true), None);
        assert_eq!(
            stated("kontrakt kan tecknas", false).as_deref(),
            Some("kontrakt kan inte tecknas")
        );
        // An indefinite subject is denied by its article.
        assert_eq!(
            verb_first("ett FU-stopp pågår", false).as_deref(),
            Some("pågår inget FU-stopp")
        );
        assert_eq!(
            stated("En fast vårdkontakt ska utses", false).as_deref(),
            Some("Ingen fast vårdkontakt ska utses")
        );
        assert_eq!(
            negated("en annan huvudman ansvarar för insatsen"),
            "ingen annan huvudman ansvarar för insatsen"
        );
    }
}
