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
use regel_compiler::labels::{Kind, Labels};
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
}

impl<'a> Phrases<'a> {
    /// Phrases without values (the memo).
    pub fn new(program: &'a Program, decision: &'a Decision) -> Phrases<'a> {
        Phrases {
            program,
            decision,
            values: None,
            lower_labels: false,
        }
    }

    /// The same phrases with labels begun in a small letter, for labels inside a sentence.
    pub fn lower_labels(self) -> Phrases<'a> {
        Phrases {
            lower_labels: true,
            ..self
        }
    }

    fn mid(&self, label: String) -> String {
        if !self.lower_labels {
            return label;
        }
        lower_first_letter(&label)
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

    /// The label of a local: an input's, a `let`'s, or (a lambda's parameter) its name.
    pub fn local_label(&self, slot: u32) -> String {
        let d = self.decision;
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
                    Some(v) if !lambda => format!("{label} ({})", self.value(v)),
                    _ => label,
                }
            }
            Expr::Field(base, i, _) => format!("fält {} i {}", i + 1, self.term(base)),
            Expr::Not(inner) => self.clause(inner, false),
            Expr::Neg(_, inner) => format!("minus {}", self.term(inner)),
            // `beslut - ansokan` counts days, as `days(ansokan, beslut)` does.
            Expr::Binary(Op::Arith(Arith::DateDiffDays), a, b) => {
                format!("antalet dagar från {} till {}", self.term(b), self.term(a))
            }
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
                self.clause(c, true),
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

    fn call(&self, builtin: Builtin, args: &[Expr]) -> String {
        let a = |i: usize| args.get(i).map(|e| self.term(e)).unwrap_or_default();
        match builtin {
            Builtin::Min => format!("det minsta av {} och {}", a(0), a(1)),
            Builtin::Max => format!("det största av {} och {}", a(0), a(1)),
            Builtin::Days => format!("antalet dagar från {} till {}", a(0), a(1)),
            Builtin::Within => self.within(args, true),
            Builtin::PeriodEnd => {
                format!("sista dagen i perioden om {} från {}", a(1), a(0))
            }
            Builtin::Year => format!("året för {}", a(0)),
            Builtin::MakeDate => format!("dagen {}-{}-{}", a(0), a(1), a(2)),
            Builtin::LastDayOfMonth => format!("sista dagen i månaden för {}", a(0)),
            Builtin::Weekday => format!("veckodagen för {} (måndag 1 … söndag 7)", a(0)),
        }
    }

    fn within(&self, args: &[Expr], positive: bool) -> String {
        let a = |i: usize| args.get(i).map(|e| self.term(e)).unwrap_or_default();
        let ryms = if positive { "ryms" } else { "ryms inte" };
        format!("tiden från {} till {} {ryms} inom {}", a(0), a(1), a(2))
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
                        let word = if positive { "finns" } else { "finns inte" };
                        format!("{x_t} {word} bland {}", self.term(other))
                    }
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
                format!(
                    "{subject} {} {}",
                    comparison_words(op, self.temporal(a) || self.temporal(b)),
                    self.term(b)
                )
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
            Expr::Call(Builtin::Within, args) => self.within(args, positive),
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
                stated(&label, yes)
                    .unwrap_or_else(|| format!("{label}: {}", if yes { "ja" } else { "nej" }))
            }
            other => {
                let t = self.term(other);
                if positive { t } else { negated(&t) }
            }
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
        if some {
            format!("det finns {list_t}{which}")
        } else {
            format!("det finns inga {list_t}{which}")
        }
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
            format!("där {}", self.clause(body, true))
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
                parts.push(format!(
                    "{} {}",
                    comparison_words(op, temporal),
                    self.term(other)
                ));
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

/// The finite verbs the labels use: a label holding one is a statement ("Dagen är en vardag",
/// "Bytet avslås"), whose negation puts `inte` before the verb in a subordinate clause and
/// whose verb comes first after one ("Om …, avslås bytet").
const FINITE_VERBS: &[&str] = &[
    "är",
    "har",
    "kan",
    "ska",
    "får",
    "finns",
    "gäller",
    "saknas",
    "kom",
    "bytte",
    "begär",
    "behöver",
    "erbjuder",
    "erbjuds",
    "används",
    "framgår",
    "ligger",
    "tillhör",
    "utför",
    "omfattar",
    "ger",
    "ansvarar",
    "behandlar",
    "kräver",
    "visade",
    "drivs",
    "riktas",
    "lämnades",
    "framstår",
    "behövs",
    "bor",
    "avslås",
    "beviljas",
    "godtas",
    "godkänns",
    "nås",
];

/// A statement split at its finite verb: `("dagen", "är", "en vardag")`. A verb of a clause
/// inside the subject (`den läkare som är i tjänst är …`) is passed over; a label that begins
/// with its verb, or has none, is no statement.
pub fn statement(label: &str) -> Option<(String, String, String)> {
    let words: Vec<&str> = label.split(' ').collect();
    let mut inner_clause = false;
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        // Not `att` or `om`: in a label they are an infinitive's mark and a preposition
        // ("tillfälle att yttra sig har getts", "målet om minst en specialist är nått").
        if matches!(lower.as_str(), "som" | "där" | "när") {
            inner_clause = true;
        } else if FINITE_VERBS.contains(&lower.as_str()) {
            if inner_clause {
                inner_clause = false;
                continue;
            }
            if i == 0 {
                return None;
            }
            let rest = words.get(i + 1..).unwrap_or_default().join(" ");
            return Some((words[..i].join(" "), (*word).to_owned(), rest));
        }
    }
    None
}

/// A condition that does not hold, in a subordinate clause: `dagen inte är en vardag`, or
/// `inte särskilda skäl` for a label that is no statement.
pub fn negated(clause: &str) -> String {
    match statement(clause) {
        Some((subject, verb, rest)) => {
            let rest = if rest.is_empty() {
                rest
            } else {
                format!(" {rest}")
            };
            format!("{subject} inte {verb}{rest}")
        }
        None => format!("inte {clause}"),
    }
}

/// A statement with its verb first, as it stands after a subordinate clause (`avslås bytet`,
/// or `godtas begäran inte` when it does not hold); `None` for a label that is no statement.
pub fn verb_first(label: &str, holds: bool) -> Option<String> {
    let (subject, verb, rest) = statement(label)?;
    let subject = lower_first_letter(&subject);
    let not = if holds { "" } else { " inte" };
    let rest = if rest.is_empty() {
        rest
    } else {
        format!(" {rest}")
    };
    Some(format!("{verb} {subject}{not}{rest}"))
}

/// A statement as a main clause that holds or not: `begäran godtas inte`, `kravet är uppfyllt`;
/// `None` for a label that is no statement.
pub fn stated(label: &str, holds: bool) -> Option<String> {
    let (subject, verb, rest) = statement(label)?;
    let not = if holds { "" } else { " inte" };
    let rest = if rest.is_empty() {
        rest
    } else {
        format!(" {rest}")
    };
    Some(format!("{subject} {verb}{not}{rest}"))
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
        assert_eq!(
            negated("det finns en flyktingmedicinsk enhet"),
            "det inte finns en flyktingmedicinsk enhet"
        );
        assert_eq!(negated("särskilda skäl"), "inte särskilda skäl");
    }

    #[test]
    fn after_a_subordinate_clause_the_verb_comes_first() {
        assert_eq!(
            verb_first("Bytet avslås", true).as_deref(),
            Some("avslås bytet")
        );
        assert_eq!(
            verb_first("Kravet är uppfyllt", false).as_deref(),
            Some("är kravet inte uppfyllt")
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
