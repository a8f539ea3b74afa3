//! The memo's words for a change: the Swedish label of what changed and of the decision it
//! belongs to (the first line of its doc comment), and each rule, `require` and new decision
//! read as Swedish sentences generated from the typed rule ("Om … blir utfall avslås
//! (skäl: …, 3.6.1)."), so that legal review reads the rule, not its code.

use regel_compiler::ir::{Decision, Expr, OutputSource, Place, Program, Require, Rule, Value};
use regel_compiler::labels::Kind as Label;
use regel_compiler::ty::Ty;
use regel_eval::phrase::{self, Phrases, is_code, plain, value_sv, verb_first};

use crate::model::{Change, ChangeKind, Kind, Pair};
use crate::snapshot::Snapshot;

/// Fills in the labels and sentences of `changes`, from the version each side stands in.
pub fn enrich(old: &Snapshot, new: &Snapshot, changes: &mut [Change]) {
    for c in changes {
        let side = |program: &Program| label(program, c);
        c.label = side(&new.program).or_else(|| side(&old.program));
        if c.kind == Kind::Element
            && let Some(owner) = c.owner.as_deref()
        {
            let of = |snap: &Snapshot| element_label(snap, owner, &c.name);
            c.label = of(new).or_else(|| of(old));
        }
        c.owner_label = c.owner.as_ref().and_then(|owner| {
            let of = |p: &Program| owner_label(p, owner);
            of(&new.program).or_else(|| of(&old.program))
        });
        c.reason_labels = reason_labels(old, new, c);
        // A change to the doc comment alone is read as its words, not as the rule.
        let only_doc = c.doc.is_some() && c.old.is_none() && c.new.is_none();
        let (was, is) = (
            c.change != ChangeKind::Added && !only_doc,
            c.change != ChangeKind::Removed && !only_doc,
        );
        c.old_sv = was.then(|| sentence(old, c, true)).flatten();
        c.new_sv = is.then(|| sentence(new, c, false)).flatten();
    }
}

/// The label of what `c` names, in `program`.
fn label(program: &Program, c: &Change) -> Option<String> {
    let labels = &program.labels;
    let owner = c.owner.as_deref().unwrap_or_default();
    let found = match c.kind {
        Kind::Param => labels.get(Label::Param, &c.name),
        Kind::Decision => labels.get(Label::Decision, &c.name),
        Kind::Enum => labels.get(Label::Enum, &c.name),
        Kind::Record => labels.get(Label::Record, &c.name),
        Kind::Variant => labels.get(Label::Variant, &format!("{owner}/{}", c.name)),
        Kind::Field => labels.get(Label::Field, &format!("{owner}/{}", c.name)),
        Kind::Input => labels.member(Label::Input, owner, &c.name),
        Kind::Output | Kind::Value => labels.member(Label::Output, owner, &c.name),
        Kind::Let => labels.member(Label::Let, owner, &c.name),
        Kind::Rule | Kind::Require => {
            let code = c.name.split('#').next().unwrap_or_default();
            labels.member(Label::Reason, owner, code)
        }
        Kind::Element | Kind::Order => None,
    };
    found.map(str::to_owned)
}

/// The labels of a changed reason code, each from its own version; `None` when neither has one.
fn reason_labels(old: &Snapshot, new: &Snapshot, c: &Change) -> Option<Pair> {
    let pair = c.reason.as_ref()?;
    let owner = c.owner.as_deref()?;
    let of = |snap: &Snapshot, code: &Option<String>| {
        let code = code.as_deref()?;
        let labels = &snap.program.labels;
        labels.member(Label::Reason, owner, code).map(str::to_owned)
    };
    let labels = Pair {
        old: of(old, &pair.old),
        new: of(new, &pair.new),
    };
    (labels.old.is_some() || labels.new.is_some()).then_some(labels)
}

/// The label of the item a member belongs to: a decision, a list parameter, an enum or a
/// record.
fn owner_label(program: &Program, owner: &str) -> Option<String> {
    let labels = &program.labels;
    [Label::Decision, Label::Param, Label::Enum, Label::Record]
        .into_iter()
        .find_map(|kind| labels.get(kind, owner))
        .map(str::to_owned)
}

/// The Swedish reading of a rule, a `require`, a whole decision or a parameter's value (one
/// not shown in a table of figures), as the version `snap` has it.
fn sentence(snap: &Snapshot, c: &Change, old_side: bool) -> Option<String> {
    // A rule whose reason code changed is found by the code it had on that side.
    let code = match (&c.reason, old_side) {
        (Some(pair), true) => pair.old.clone(),
        (Some(pair), false) => pair.new.clone(),
        (None, _) => None,
    }
    .unwrap_or_else(|| c.name.clone());
    let code = code.split('#').next().unwrap_or_default();
    let program = &*snap.program;
    match c.kind {
        Kind::Param if c.delta.is_none() => {
            let value = snap.param_value(&c.name)?;
            Some(format!(
                "Värde: {}.",
                param_as_written(program, &c.name, value)
            ))
        }
        Kind::Element => element_sentence(snap, c.owner.as_deref()?, &c.name),
        Kind::Rule => {
            let (_, d) = program.decision(c.owner.as_deref()?)?;
            let rule = d.rules.iter().find(|r| r.reason == code)?;
            Some(rule_sentence(snap, d, rule))
        }
        Kind::Require => {
            let (_, d) = program.decision(c.owner.as_deref()?)?;
            let require = d.requires.iter().find(|r| r.reason == code)?;
            Some(require_sentence(snap, d, require))
        }
        Kind::Decision if c.citation.is_none() => {
            let (_, d) = program.decision(&c.name)?;
            Some(decision_sentences(snap, d)).filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// An element of a list parameter in words: a record's fields by their labels
/// ("Uppdrag: ”Resursenhet för samisk hälsa”, utförare: ”Jokkmokks hälsocentral”"), its key
/// left out when a code (`samisk_resursenhet`): the reader knows the element by its words.
fn element_sentence(snap: &Snapshot, owner: &str, key: &str) -> Option<String> {
    let program = &*snap.program;
    // A text element is its words, quoted as a value is ("”Prevention”."), its Regel text
    // behind it.
    if let Some(text) = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .filter(|t| !t.contains('"'))
    {
        return Some(format!("”{text}”."));
    }
    let (record, fields) = element_fields(snap, owner, key)?;
    // The key the diff knows the element by is its first field; a code there is left out,
    // any other field is said, whatever its letters ("ja", "prevention").
    let keyed = usize::from(fields.len() > 1 && fields.first().is_some_and(|(_, v)| is_code(v)));
    let parts: Vec<String> = fields[keyed..]
        .iter()
        .map(|(name, v)| {
            let label = program
                .labels
                .get(Label::Field, &format!("{record}/{name}"))
                .map_or_else(|| name.replace('_', " "), str::to_owned);
            format!(
                "{}: {}",
                phrase::inside_sentence(&program.labels, &label),
                value_sv(program, v)
            )
        })
        .collect();
    Some(format!(
        "{}.",
        regel_eval::phrase::capitalize(&parts.join(", "))
    ))
}

/// The name a record element of a list parameter is known by: its first text in words, not a
/// code ("Hälsoundersökningar av asylsökande", not `halsoundersokning_asylsokande`).
fn element_label(snap: &Snapshot, owner: &str, key: &str) -> Option<String> {
    let (_, fields) = element_fields(snap, owner, key)?;
    fields.into_iter().find_map(|(_, v)| match &v {
        Value::Text(t) if !is_code(&v) => Some(t.to_string()),
        _ => None,
    })
}

/// The record element of list parameter `owner` the diff keyed `key` (`kod: "…"`): its record
/// type's name and its fields with their values.
fn element_fields(
    snap: &Snapshot,
    owner: &str,
    key: &str,
) -> Option<(String, Vec<(String, Value)>)> {
    let program = &*snap.program;
    let (_, def) = program.param(owner)?;
    let Value::List(items) = snap.param_value(owner)? else {
        return None;
    };
    let fields = match &def.ty {
        Ty::List(inner) => match &**inner {
            Ty::Record(id, record) => program
                .records
                .get(id.0 as usize)
                .map(|r| (record.to_string(), r.fields.clone())),
            _ => None,
        },
        _ => None,
    };
    // A plain value (a text, a number) already reads as itself in the title.
    let (record, fields) = fields?;
    let item = items.iter().find(|v| match (v, fields.first()) {
        (Value::Record(values), Some((name, _))) => values.first().is_some_and(|first| {
            format!(
                "{name}: {}",
                regel_eval::phrase::regel_value(program, first)
            ) == key
        }),
        _ => false,
    })?;
    let Value::Record(values) = item else {
        return None;
    };
    let fields = fields
        .into_iter()
        .zip(values.iter())
        .map(|((name, _), v)| (name, v.clone()))
        .collect();
    Some((record, fields))
}

/// "Om … avslås bytet (skäl: …, 3.6.1)." or "I övriga fall …".
pub fn rule_sentence(snap: &Snapshot, d: &Decision, rule: &Rule) -> String {
    // The condition and the rule's requires are read where the decision's requires hold; the
    // outcome where the rule's requires and its condition hold too.
    let required = required_given(d);
    let checked = phrases(snap, d).with_given(&required);
    let mut given = required.clone();
    for q in &rule.requires {
        phrase::given_slots(&q.cond, true, &mut given);
    }
    if let Some(when) = &rule.when {
        phrase::given_slots(when, true, &mut given);
    }
    let sv = phrases(snap, d).with_given(&given);
    let head = match &rule.when {
        Some(when) => format!("Om {}", checked.clause(when, true)),
        None => "I övriga fall".to_owned(),
    };
    let reason = plain(&sv.reason_label(&rule.reason));
    let said = outcome(&sv, d, &rule.outcome);
    let said_nothing = said.is_none();
    let mut text = match said {
        // A rule that sets nothing but its reason: "Om … är skälet ”brister i ansökans form” (2.2.3)."
        None if rule.requires.is_empty() => {
            let cited = if rule.cite.is_empty() {
                String::new()
            } else {
                format!(" ({})", rule.cite)
            };
            return format!("{head} är skälet ”{reason}”{cited}.");
        }
        // A rule that only checks its inputs: "Om enheten är en hälsocentral krävs att …".
        None => format!("{head} krävs"),
        // "Om … avslås bytet": the outcome's first clause with its verb first.
        Some(said) => format!("{head} {said}"),
    };
    // The rule's requires after it, what fails each said as a top-level require is: "… (skäl:
    // läkare saknas högst en dag, 3.1.4). Ärendet avvisas i stället om första dagen utan läkare
    // saknas (skäl: perioden utan läkare saknas)." One "(annars avvisas …)" after another
    // inside the sentence read as two asides in a row.
    let fails: Vec<String> = rule
        .requires
        .iter()
        .map(|q| {
            format!(
                "om {} (skäl: {})",
                failing(&checked, &q.cond),
                plain(&sv.reason_label(&q.reason))
            )
        })
        .collect();
    // "Om enheten är en hälsocentral krävs att öppnar har angetts (skäl: …). Annars avvisas
    // ärendet (skäl: öppettider saknas)."
    if said_nothing && let [q] = rule.requires.as_slice() {
        return format!(
            "{text} att {} (skäl: {reason}{}). Annars avvisas ärendet (skäl: {}).",
            checked.clause(&q.cond, true),
            cite(&rule.cite),
            plain(&sv.reason_label(&q.reason))
        );
    }
    if said_nothing {
        let joined: Vec<String> = rule
            .requires
            .iter()
            .map(|q| checked.clause(&q.cond, true))
            .collect();
        text.push_str(&format!(" att {}", joined.join(" och att ")));
    }
    let mut said = format!("{text} (skäl: {reason}{}).", cite(&rule.cite));
    if !fails.is_empty() {
        said.push_str(&format!(
            " Ärendet avvisas i stället {}.",
            phrase::join_words(fails, "eller")
        ));
    }
    said
}

/// The words after "Ärendet avvisas om" for a require `cond` that fails: "bara en av … har
/// angetts", "inte …" where the denial reads worse.
fn failing(sv: &Phrases<'_>, cond: &Expr) -> String {
    if phrase::reads_better_denied(cond) {
        sv.clause(cond, false)
    } else {
        format!("inte {}", sv.clause(cond, true))
    }
}

/// A long fallback chain reads as its first value, what counts when it is missing in
/// sentences after it ("Saknas dagen insatsen gäller räknas i stället …").
fn require_sentence(snap: &Snapshot, d: &Decision, r: &Require) -> String {
    let mut sv = phrases(snap, d);
    if phrase::long_chain(&r.cond) {
        sv = sv.fallbacks_apart();
    }
    let when = failing(&sv, &r.cond);
    let mut said = format!(
        "Ärendet avvisas om {when} (skäl: {}{}).",
        plain(&sv.reason_label(&r.reason)),
        cite(&r.cite)
    );
    if sv.fallbacks_apart {
        for sentence in sv.fallback_sentences(&r.cond) {
            said.push(' ');
            said.push_str(&sentence);
        }
    }
    said
}

/// A new or removed decision: its requires, the outputs it computes and its rules, one
/// sentence each (an `otherwise` that sets nothing says nothing).
fn decision_sentences(snap: &Snapshot, d: &Decision) -> String {
    let program = &*snap.program;
    let given = required_given(d);
    let sv = phrases(snap, d).with_given(&given);
    // A parameter read as it is says its value in the unit the policy writes it ("499,2
    // mnkr"), beside its label alone.
    let bare = Phrases::new(program, d).lower_labels();
    let term = |e: &Expr| match e {
        Expr::Load(Place::Param(i)) => program
            .params
            .get(*i as usize)
            .and_then(|p| {
                let value = snap.param_value(&p.name)?;
                Some(format!(
                    "{} ({})",
                    bare.term(e),
                    bare.param_value(*i, value)
                ))
            })
            .unwrap_or_else(|| sv.term(e)),
        _ => sv.term(e),
    };
    let requires = d.requires.iter().map(|r| require_sentence(snap, d, r));
    let computed = d
        .outputs
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match &o.source {
            OutputSource::Computed(e) => {
                let label = plain(&sv.output_label(i));
                // An output that gives a `let` says what the `let` computes.
                let e = match e {
                    Expr::Load(Place::Local(slot)) => d
                        .lets
                        .iter()
                        .find(|(_, s, _)| s == slot)
                        .map_or(e, |(_, _, value)| value),
                    _ => e,
                };
                // "Leverantören bär sina egna kostnader.", not "… om alltid, annars inte."
                if let Expr::Const(Value::Bool(holds)) = e
                    && let Some(said) = phrase::stated(&label, *holds)
                {
                    return Some(format!("{}.", phrase::capitalize(&said)));
                }
                if o.ty == Ty::Bool {
                    // "Ansökans form är godtagbar om …, annars inte.", or for a label that
                    // states nothing "Office och e-post från regionen: ja om …, annars nej."
                    let when = sv.clause(e, true);
                    let label = phrase::capitalize(&label);
                    return Some(match phrase::statement(&label) {
                        Some(_) => format!("{label} om {when}, annars inte."),
                        None => format!("{label}: ja om {when}, annars nej."),
                    });
                }
                // "Fördelning, ACG saknas om … och är annars …", not "… är saknas om …".
                if let Expr::If(c, a, b, _) = e {
                    let when = sv.clause(c, true);
                    let label = regel_eval::phrase::capitalize(&label);
                    match (&**a, &**b) {
                        (Expr::Const(Value::Null), other) => {
                            return Some(format!(
                                "{label} saknas om {when} och är annars {}.",
                                term(other)
                            ));
                        }
                        (other, Expr::Const(Value::Null)) => {
                            return Some(format!(
                                "{label} är {} om {when} och saknas annars.",
                                term(other)
                            ));
                        }
                        _ => {}
                    }
                }
                // "Filialer, mnkr avrundas till en decimal", not "Filialer, mnkr är filialer,
                // mnkr avrundat till en decimal": a value rounded under its own label.
                if let Expr::Round { value, .. } = e
                    && term(value) == label
                    && let Some(rest) = term(e).strip_prefix(&format!("{label} avrundat"))
                {
                    return Some(format!(
                        "{} avrundas{rest}.",
                        regel_eval::phrase::capitalize(&label)
                    ));
                }
                // A list of records is listed with its parameter, not inside a sentence:
                // "Tilläggsuppdragen är de som ”Tilläggsuppdragen 2021” räknar upp".
                if let Some(listed) = records_of(snap, program, d, e) {
                    let label = regel_eval::phrase::capitalize(&label);
                    return Some(format!("{label} är de som ”{listed}” räknar upp."));
                }
                let mut value = term(e);
                // "Uppräkning totalt är uppräkning totalt (4,3 %)" says it twice.
                if let Some(rest) = value.strip_prefix(&label.to_lowercase())
                    && let Some(inner) = rest.strip_prefix(" (").and_then(|r| r.strip_suffix(')'))
                {
                    value = inner.to_owned();
                }
                Some(format!(
                    "{} är {value}.",
                    regel_eval::phrase::capitalize(&label)
                ))
            }
            _ => None,
        });
    let rules = d
        .rules
        .iter()
        .filter(|r| r.when.is_some() || !r.outcome.is_empty() || !r.requires.is_empty())
        .map(|r| rule_sentence(snap, d, r));
    requires
        .chain(computed)
        .chain(rules)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The label of the parameter `e` reads, when its value is a list of records (its elements
/// are listed with the parameter in the memo).
fn records_of(snap: &Snapshot, program: &Program, d: &Decision, e: &Expr) -> Option<String> {
    let Expr::Load(Place::Param(i)) = e else {
        return None;
    };
    let p = program.params.get(*i as usize)?;
    match snap.param_value(&p.name)? {
        Value::List(items) if items.iter().any(|v| matches!(v, Value::Record(_))) => {
            Some(Phrases::new(program, d).param_label(*i))
        }
        _ => None,
    }
}

/// Parameter `name`'s value as the policy writes it: `4,3 %`, `499,2 mnkr`, else in the
/// reader's units (a sentence of its own, outside any decision's words).
fn param_as_written(program: &Program, name: &str, v: &Value) -> String {
    let plain = |v: &Value| value_sv(program, v);
    match program.param(name) {
        Some((i, _)) => phrase::param_sv(program, i, v, plain),
        None => plain(v),
    }
}

/// An output a rule sets, in words.
enum Said {
    /// A statement that holds or not ("bytet avslås", "kontrakt kan inte tecknas"), or that
    /// holds when a condition does ("… om kontraktet är uppsagt av regionen").
    Stated {
        label: String,
        holds: bool,
        when: Option<String>,
    },
    /// A value by its label: "dagen då avtalet upphör" and "dagen för uppsägningen plus …".
    Value { label: String, value: String },
    /// No value: "avtalsparten saknas", or for a statement "det anges inte om invändningen har
    /// kommit in i tid".
    Missing { label: String },
    /// A value that means none, said whole: "det blir ingen listning", "undersökningen får
    /// ingen utförare" ([`phrase::nothing_set`]).
    Nothing { label: String, value: String },
}

impl Said {
    /// The clause after a subordinate clause, its verb first: "avslås bytet", "blir
    /// beslutsfattare regionstyrelsen".
    fn verb_first(&self) -> String {
        match self {
            Said::Stated { label, holds, when } => {
                let said = verb_first(label, *holds).unwrap_or_else(|| label.clone());
                format!("{said}{}", condition(when))
            }
            Said::Value { label, value } => format!("blir {label} {value}"),
            Said::Missing { label } if phrase::statement(label).is_some() => {
                format!("anges det inte om {label}")
            }
            Said::Missing { label } => format!("saknas {label}"),
            Said::Nothing { label, value } => phrase::nothing_set(label, value, true)
                .unwrap_or_else(|| format!("blir {label} {value}")),
        }
    }

    /// The clause in its own word order: "kontrakt kan inte tecknas", "skälen blir …".
    fn straight(&self) -> String {
        match self {
            Said::Stated { label, holds, when } => {
                let said = phrase::stated(label, *holds).unwrap_or_else(|| label.clone());
                format!("{said}{}", condition(when))
            }
            Said::Value { label, value } => format!("{label} blir {value}"),
            Said::Missing { label } if phrase::statement(label).is_some() => {
                format!("det anges inte om {label}")
            }
            Said::Missing { label } => format!("{label} saknas"),
            Said::Nothing { label, value } => phrase::nothing_set(label, value, false)
                .unwrap_or_else(|| format!("{label} blir {value}")),
        }
    }
}

fn condition(when: &Option<String>) -> String {
    when.as_ref()
        .map(|w| format!(" om {w}"))
        .unwrap_or_default()
}

/// The outputs a rule sets as one clause list after its condition: the statements first, the
/// first with its verb first as after "Om …" ("avslås ansökan, kontrakt kan inte tecknas och
/// skäl att inte godkännas blir …"), then the values. A list set empty is left out when
/// something else is said (an approval names no grounds). `None` when the rule sets nothing.
fn outcome(sv: &Phrases<'_>, d: &Decision, outcome: &[(u32, Expr)]) -> Option<String> {
    let mut stated = Vec::new();
    let mut values = Vec::new();
    let mut empty_lists = Vec::new();
    for (i, e) in outcome {
        let set = d
            .outputs
            .get(*i as usize)
            .is_some_and(|o| matches!(o.source, OutputSource::PerRule | OutputSource::Computed(_)));
        if !set {
            continue;
        }
        let label = plain(&sv.output_label(*i as usize));
        let is_statement = phrase::statement(&label).is_some();
        match e {
            Expr::Const(v @ Value::Enum(..)) if phrase::statement(&sv.value(v)).is_some() => {
                stated.push(Said::Stated {
                    label: sv.value(v),
                    holds: true,
                    when: None,
                });
            }
            Expr::Const(Value::Bool(holds)) if is_statement => stated.push(Said::Stated {
                label,
                holds: *holds,
                when: None,
            }),
            _ if is_statement && d.outputs.get(*i as usize).is_some_and(|o| o.ty == Ty::Bool) => {
                stated.push(Said::Stated {
                    label,
                    holds: true,
                    when: Some(sv.clause(e, true)),
                })
            }
            Expr::Const(Value::Null) => values.push(Said::Missing { label }),
            Expr::Const(v @ Value::Enum(..))
                if phrase::nothing_set(&label, &sv.value(v), false).is_some() =>
            {
                values.push(Said::Nothing {
                    label,
                    value: sv.value(v),
                })
            }
            Expr::List(_, items) if items.is_empty() => empty_lists.push(Said::Value {
                label,
                value: sv.term(e),
            }),
            _ => values.push(Said::Value {
                label,
                value: sv.term(e),
            }),
        }
    }
    let mut said = stated;
    said.extend(values);
    if said.is_empty() {
        said = empty_lists;
    }
    let (first, rest) = said.split_first()?;
    let mut clauses = vec![first.verb_first()];
    clauses.extend(rest.iter().map(Said::straight));
    Some(phrase::join_clauses(clauses))
}

/// The locals the decision's requires ensure are given wherever its outputs are computed.
fn required_given(d: &Decision) -> Vec<u32> {
    let mut given = Vec::new();
    for r in &d.requires {
        phrase::given_slots(&r.cond, true, &mut given);
    }
    given
}

/// The phrases of decision `d` in the memo: labels inside sentences, the version's parameter
/// values known.
fn phrases<'a>(snap: &'a Snapshot, d: &'a Decision) -> Phrases<'a> {
    let sv = Phrases::new(&snap.program, d).lower_labels();
    match &snap.params {
        Some(params) => sv.with_param_values(params),
        None => sv,
    }
}

fn cite(section: &str) -> String {
    if section.is_empty() {
        String::new()
    } else {
        format!(", {section}")
    }
}
