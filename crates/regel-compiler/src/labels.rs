//! The Swedish names people read: each parameter, decision, input, output, `let`, reason code,
//! enum and variant labelled by the first line of its doc comment (`///`) — a reason code also by
//! a `label "…"` after it, which comes first — for the memo, the motivering and the API's
//! descriptions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use regel_syntax::ast::{ItemKind, Member, StrLit};

use crate::db::{Db, Version};
use crate::source::file_items;

/// Labels by kind and name. A name without a doc comment has no label; [`Labels::or_name`]
/// falls back to the name itself with its underscores as spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Labels {
    map: BTreeMap<(Kind, String), String>,
    /// The codes each output's doc comment labels (`decision/output`), in its order.
    output_codes: BTreeMap<String, Vec<String>>,
    /// Words the doc comments write with a capital letter inside a sentence: proper names
    /// ("Cardiolex", "Norrbotten"), which keep their capital at a label's start too.
    proper_names: BTreeSet<String>,
    /// Words the doc comments also write in lower case: a capital on one of them marks a
    /// sentence's start ("Leverantören ska …" after a quotation), not a proper name.
    common_words: BTreeSet<String>,
}

/// What a label names. Members of a decision (inputs, outputs, lets, reason codes) are named
/// `decision/member`, variants `Enum/variant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Param,
    Decision,
    Input,
    Output,
    Let,
    Reason,
    Enum,
    Variant,
    Record,
    Field,
    /// A text a decision gives as a code (`"ansokan_ofullstandig"` in a list of grounds).
    Code,
}

impl Labels {
    pub fn get(&self, kind: Kind, name: &str) -> Option<&str> {
        self.map.get(&(kind, name.to_owned())).map(String::as_str)
    }

    /// A member of a decision (input, output, let, reason code).
    pub fn member(&self, kind: Kind, decision: &str, name: &str) -> Option<&str> {
        self.get(kind, &format!("{decision}/{name}"))
    }

    /// The label, or the name with `_` read as spaces.
    pub fn or_name(&self, kind: Kind, name: &str) -> String {
        match self.get(kind, name) {
            Some(l) => l.to_owned(),
            None => humanize(name.rsplit('/').next().unwrap_or(name)),
        }
    }

    /// A decision member's label, or its name read as words.
    pub fn member_or_name(&self, kind: Kind, decision: &str, name: &str) -> String {
        match self.member(kind, decision, name) {
            Some(l) => l.to_owned(),
            None => humanize(name),
        }
    }

    /// A reason code's label: its `label "…"`, else its doc comment's first line. The first
    /// place that labels a code names it wherever it recurs.
    fn reason(&mut self, decision: &str, code: &str, label: &Option<StrLit>, doc: &[String]) {
        self.learn_names(doc);
        let name = format!("{decision}/{code}");
        match label {
            Some(l) if !l.value.trim().is_empty() => {
                let text = l.value.trim().to_owned();
                self.map.entry((Kind::Reason, name)).or_insert(text);
            }
            _ => self.insert(Kind::Reason, name, doc),
        }
    }

    /// The codes a doc comment labels, ``- `kod`: Etikett``, as members of `decision`.
    fn codes(&mut self, decision: &str, doc: &[String]) {
        for (code, label) in code_labels(doc) {
            self.map
                .entry((Kind::Code, format!("{decision}/{code}")))
                .or_insert(label);
        }
    }

    /// The codes the doc comment of output `output` of `decision` labels, in its order, with
    /// their labels.
    pub fn output_codes(&self, decision: &str, output: &str) -> Vec<(&str, &str)> {
        self.output_codes
            .get(&format!("{decision}/{output}"))
            .into_iter()
            .flatten()
            .filter_map(|code| Some((code.as_str(), self.member(Kind::Code, decision, code)?)))
            .collect()
    }

    /// Whether `word` is a proper name: Swedish writes a capital letter inside a sentence only
    /// for one, so a word the version's doc comments capitalise there, and never write in
    /// lower case, is one. A label says
    /// that its first word is a proper name by the text around it; "Cardiolex Lexor 2100
    /// EKG-förstärkare finns" stays capitalised inside a sentence, "Regionens godkännande" does
    /// not.
    pub fn is_proper_name(&self, word: &str) -> bool {
        self.proper_names.contains(word) && !self.common_words.contains(&word.to_lowercase())
    }

    fn learn_names(&mut self, doc: &[String]) {
        for line in doc {
            self.proper_names.extend(capitalised_inside(line));
            self.common_words
                .extend(line.split_whitespace().filter_map(|token| {
                    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
                    word.starts_with(char::is_lowercase)
                        .then(|| word.to_owned())
                }));
        }
    }

    fn insert(&mut self, kind: Kind, name: String, doc: &[String]) {
        self.learn_names(doc);
        if let Some(label) = label_of(doc) {
            self.map.entry((kind, name)).or_insert(label);
        }
    }
}

/// The words of `line` written with a capital letter after another word of the same sentence
/// (not after `.`, `:`, `!`, `?`, a list's dash or an opening quote), without punctuation.
fn capitalised_inside(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut previous: Option<&str> = None;
    for token in line.split_whitespace() {
        let after_word = previous.is_some_and(|p| {
            !p.ends_with(['.', ':', '!', '?', '-', '–', '"', '”', '(', '`']) && p != "///"
        });
        previous = Some(token);
        if !after_word || token.starts_with(['"', '”', '(', '`', '\'']) {
            continue;
        }
        let word = token.trim_end_matches(|c: char| !c.is_alphanumeric());
        let mut chars = word.chars();
        let capital = chars.next().is_some_and(char::is_uppercase);
        if capital
            && chars.any(char::is_lowercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '-')
        {
            found.push(word.to_owned());
        }
    }
    found
}

/// `max_byten` → `max byten`.
pub fn humanize(name: &str) -> String {
    name.replace('_', " ")
}

/// The label a doc comment gives: its first line, without the sentence's closing period.
pub fn label_of(doc: &[String]) -> Option<String> {
    let first = doc.iter().map(|l| l.trim()).find(|l| !l.is_empty())?;
    let first = first.strip_suffix('.').unwrap_or(first).trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// The codes a doc comment labels, in its order: each line ``- `kod`: Etikett``.
pub fn code_labels(doc: &[String]) -> Vec<(String, String)> {
    doc.iter()
        .filter_map(|line| {
            let rest = line
                .trim()
                .strip_prefix('-')?
                .trim_start()
                .strip_prefix('`')?;
            let (code, rest) = rest.split_once('`')?;
            let label = rest.trim_start().strip_prefix(':')?.trim();
            let label = label.strip_suffix('.').unwrap_or(label).trim();
            let is_code = !code.is_empty() && code.chars().all(|c| c.is_alphanumeric() || c == '_');
            (is_code && !label.is_empty()).then(|| (code.to_owned(), label.to_owned()))
        })
        .collect()
}

/// Every label of a version, from its files' doc comments.
#[salsa::tracked(returns(clone))]
pub fn labels(db: &dyn Db, version: Version) -> Arc<Labels> {
    let mut labels = Labels::default();
    for file in version.files(db) {
        for placed in &file_items(db, *file).items {
            let item = &placed.item;
            match &item.kind {
                ItemKind::Param(p) => labels.insert(Kind::Param, p.name.name.clone(), &item.doc),
                ItemKind::Enum(e) => {
                    labels.insert(Kind::Enum, e.name.name.clone(), &item.doc);
                    for v in &e.variants {
                        let name = format!("{}/{}", e.name.name, v.name.name);
                        labels.insert(Kind::Variant, name, &v.doc);
                    }
                }
                ItemKind::Record(r) => {
                    labels.insert(Kind::Record, r.name.name.clone(), &item.doc);
                    for f in &r.fields {
                        let name = format!("{}/{}", r.name.name, f.name.name);
                        labels.insert(Kind::Field, name, &f.doc);
                    }
                }
                ItemKind::Decision(d) => {
                    let dname = d.name.text();
                    labels.insert(Kind::Decision, dname.clone(), &item.doc);
                    labels.codes(&dname, &item.doc);
                    for m in &d.members {
                        let (kind, name, doc) = match m {
                            Member::Input(i) => (Kind::Input, &i.name.name, &i.doc),
                            Member::Output(o) => (Kind::Output, &o.name.name, &o.doc),
                            Member::Let(l) => (Kind::Let, &l.name.name, &l.doc),
                            Member::Require(r) => {
                                labels.reason(&dname, &r.reason.name, &r.label, &r.doc);
                                continue;
                            }
                            Member::Rule(r) => {
                                for q in &r.requires {
                                    labels.reason(&dname, &q.reason.name, &q.label, &q.doc);
                                }
                                labels.reason(&dname, &r.reason.name, &r.label, &r.doc);
                                continue;
                            }
                            Member::Error(_) => continue,
                        };
                        if matches!(kind, Kind::Output | Kind::Let) {
                            labels.codes(&dname, doc);
                        }
                        if kind == Kind::Output {
                            let codes = code_labels(doc).into_iter().map(|(c, _)| c).collect();
                            labels.output_codes.insert(format!("{dname}/{name}"), codes);
                        }
                        labels.insert(kind, format!("{dname}/{name}"), doc);
                    }
                }
                _ => {}
            }
        }
    }
    Arc::new(labels)
}

/// The finite verbs labels use, a small Swedish lexicon. A label holding one outside a
/// relative clause is a statement ("Dagen är en vardag", "Bytet avslås"); one without is a
/// name ("Särskilda skäl"). A yes/no value must be labelled by a statement, so that the memo
/// and the motivering can say it holds or not ("invändningen har inte kommit in i tid"): the
/// checker warns (W0004) about a `Bool` whose label this lexicon finds no verb in, so a label
/// that is a statement with a verb missing here is caught when it is written, and the verb
/// added here (`cli::check_of_the_bundled_policies_is_clean` holds every bundled label to
/// it: the bundled policies check without warnings).
///
/// A lexicon rather than a mark in the label: labels are the Beställning's own Swedish, read
/// in hovers and the API's descriptions, and stay free of markup.
pub const FINITE_VERBS: &[&str] = &[
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
    "krävs",
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
    "förstår",
    "medger",
    "påverkar",
    "deltar",
    "nyanskaffas",
    "betalas",
    "betalar",
    "listas",
    "ingår",
    "görs",
    "kostar",
    "beslutar",
    "bär",
    "hör",
    "förändras",
    "etableras",
    "läggs",
    "slås",
    "omvandlas",
    "flyttar",
    "öppnar",
    "stänger",
    "ställer",
    "förskrevs",
    "följer",
    "bjuds",
    "ges",
    "saknar",
    "tillhandahåller",
    "pågår",
    "lämnas",
    "uppfyller",
];

/// The words of a subordinate clause's start: a verb after one belongs to that clause
/// ("den läkare som är i tjänst är …"). Not `att` or `om`: in a label they are an
/// infinitive's mark and a preposition ("tillfälle att yttra sig har getts", "målet om minst
/// en specialist är nått").
const CLAUSE_STARTS: &[&str] = &["som", "där", "när"];

/// The index of a statement's finite verb among its words (split at spaces): the first verb of
/// the lexicon not inside a relative clause, and not the first word (a label that begins with
/// its verb is no statement). `None` for a label that is no statement.
pub fn finite_verb(label: &str) -> Option<usize> {
    let mut inner_clause = false;
    for (i, word) in label.split(' ').enumerate() {
        let lower = word.to_lowercase();
        if CLAUSE_STARTS.contains(&lower.as_str()) {
            inner_clause = true;
        } else if FINITE_VERBS.contains(&lower.as_str()) {
            if inner_clause {
                inner_clause = false;
                continue;
            }
            return (i > 0).then_some(i);
        }
    }
    None
}
