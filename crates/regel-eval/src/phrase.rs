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
            Value::Enum(..) => self.mid(value_sv(self.program, v)),
            _ => value_sv(self.program, v),
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

    fn current(&self, place: Place) -> Option<&'a Value> {
        let (params, locals) = self.values?;
        match place {
            Place::Local(s) => locals.get(s as usize),
            Place::Param(p) => params.get(p as usize),
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
                    Some(v) if let Place::Param(p) = place => {
                        format!("{label} ({})", self.param_value(*p, v))
                    }
                    Some(v) if !lambda => format!("{label} ({})", self.value(v)),
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
            Expr::Binary(Op::Arith(arith), a, b) => match arith.written() {
                BinaryOp::Add => format!("{} plus {}", self.term(a), self.term(b)),
                BinaryOp::Sub => format!("{} minus {}", self.term(a), self.term(b)),
                BinaryOp::Mul => format!("{} gånger {}", self.term(a), self.term(b)),
                _ => format!("{} delat med {}", self.term(a), self.term(b)),
            },
            Expr::Binary(..) => self.clause(e, true),
            // With the values known, only the side that counted is read.
            Expr::Coalesce(a, b, _) if self.values.is_some() => match &**a {
                Expr::Load(place) if self.current(*place).is_some_and(|v| *v != Value::Null) => {
                    self.term(a)
                }
                Expr::Load(_) => self.term(b),
                _ => format!("{} (om uppgift saknas: {})", self.term(a), self.term(b)),
            },
            Expr::Coalesce(a, b, _) => {
                format!("{} (om uppgift saknas: {})", self.term(a), self.term(b))
            }
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
            Expr::Record(_, fields) => format!(
                "({})",
                fields
                    .iter()
                    .map(|f| self.term(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
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
                format!("datumet med år {}, månad {} och dag {}", a(0), a(1), a(2))
            }
            Builtin::LastDayOfMonth => format!("sista dagen i månaden för {}", a(0)),
            Builtin::Weekday => format!("veckodagen för {} (måndag 1 … söndag 7)", a(0)),
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
            Expr::Binary(Op::And, a, b) => {
                let word = if positive { "och" } else { "eller" };
                format!(
                    "{} {word} {}",
                    self.clause(a, positive),
                    self.clause(b, positive)
                )
            }
            Expr::Binary(Op::Or, a, b) => {
                let word = if positive { "eller" } else { "och" };
                format!(
                    "{} {word} {}",
                    self.clause(a, positive),
                    self.clause(b, positive)
                )
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
                let word = if present { "är angiven" } else { "saknas" };
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
                let words = comparison_words(op, self.temporal(a) || self.temporal(b));
                let words = match (op, self.main_clause) {
                    (Cmp::Ne, false) => "inte är",
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
                let which = self.element_clause(*slot, body);
                match (op, positive) {
                    (ListOp::Any, true) => format!("något av {list_t} {which}"),
                    (ListOp::Any, false) => format!("inget av {list_t} {which}"),
                    (_, true) => format!("alla {list_t} {which}"),
                    (_, false) => format!("inte alla {list_t} {which}"),
                }
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
            let parts = parts
                .iter()
                .enumerate()
                .map(|(i, p)| match p.strip_prefix("är ") {
                    Some(rest) if i > 0 => rest.to_owned(),
                    _ => p.clone(),
                })
                .collect();
            format!("som {}", join_words(parts, "och"))
        } else {
            format!("där {}", self.sub().clause(body, true))
        }
    }

    /// The comparisons of the element with something else, when that is all `body` is.
    fn element_parts(&self, slot: u32, body: &Expr, parts: &mut Vec<String>) -> bool {
        match body {
            Expr::Binary(Op::And, a, b) => {
                self.element_parts(slot, a, parts) && self.element_parts(slot, b, parts)
            }
            Expr::Binary(Op::Compare(op, _), a, b) => {
                let temporal = self.temporal(a) || self.temporal(b);
                let (op, other) = match (&**a, &**b) {
                    (Expr::Load(Place::Local(s)), other) if *s == slot => (*op, other),
                    (other, Expr::Load(Place::Local(s))) if *s == slot => (op.mirrored(), other),
                    _ => return false,
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
/// `det inte finns några särskilda skäl`, or `inte särskilda skäl` for a label that is no
/// statement.
pub fn negated(clause: &str) -> String {
    match statement(clause) {
        Some((subject, verb, rest)) => match nothing_found(&subject, &verb, &rest, false) {
            Some(none) => format!("{subject} inte {verb} {none}"),
            None => format!("{subject} inte {verb}{}", spaced(&rest)),
        },
        None => format!("inte {clause}"),
    }
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
    if !holds && let Some(none) = nothing_found(&subject, &verb, &rest, true) {
        return Some(format!("{verb} {subject} {none}"));
    }
    let not = if holds { "" } else { " inte" };
    Some(format!("{verb} {subject}{not}{}", spaced(&rest)))
}

/// A statement as a main clause that holds or not: `begäran godtas inte`, `kravet är uppfyllt`,
/// `det finns inga särskilda skäl`; `None` for a label that is no statement.
pub fn stated(label: &str, holds: bool) -> Option<String> {
    let (subject, verb, rest) = statement(label)?;
    if !holds && let Some(none) = nothing_found(&subject, &verb, &rest, true) {
        return Some(format!("{subject} {verb} {none}"));
    }
    let not = if holds { "" } else { " inte" };
    Some(format!("{subject} {verb}{not}{}", spaced(&rest)))
}

/// What `det finns X` finds when it finds nothing: `inga X` in a main clause ("det finns inga
/// särskilda skäl", "det finns ingen enhet"), `några X` in a subordinate one ("om det inte finns
/// några brister"); `None` for a statement of another shape.
fn nothing_found(subject: &str, verb: &str, rest: &str, main: bool) -> Option<String> {
    if !subject.eq_ignore_ascii_case("det") || verb != "finns" || rest.is_empty() {
        return None;
    }
    let (first, noun) = rest.split_once(' ').unwrap_or((rest, ""));
    let (none, any, noun) = match first {
        "en" | "någon" if !noun.is_empty() => ("ingen", "någon", noun),
        "ett" | "något" if !noun.is_empty() => ("inget", "något", noun),
        "några" if !noun.is_empty() => ("inga", "några", noun),
        _ => ("inga", "några", rest),
    };
    Some(format!("{} {noun}", if main { none } else { any }))
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

/// The first letter in lower case, unless the word is an abbreviation (`ACG`).
fn lower_first_letter(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
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
        // Another subject than the formal `det` is denied with `inte`.
        assert_eq!(
            stated("Personal finns", false).as_deref(),
            Some("Personal finns inte")
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
    }
}
