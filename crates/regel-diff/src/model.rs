//! The report: what changed between two versions, grouped by section. Serialised as the JSON
//! format (schema in [`crate::schema`]); the Markdown and HTML renderings read the same value.

use serde::Serialize;

/// A whole diff between an old and a new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The JSON format's name and revision; a consumer checks it before reading on.
    pub format: &'static str,
    pub from: VersionRef,
    pub to: VersionRef,
    pub summary: Summary,
    /// Changes to the version header (title, validity dates, source, sections covered).
    pub header: Vec<HeaderChange>,
    /// Sections with a change or whose coverage or title differs, sorted by section number.
    pub sections: Vec<SectionDiff>,
    /// Every change, in the order of `sections`; each names its section.
    pub changes: Vec<Change>,
    /// Outcome changes on test and generated inputs (`--impact` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Vec<Impact>>,
}

/// The name of the JSON format; bumped on any incompatible change.
pub const FORMAT: &str = "regel-diff/2";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRef {
    /// The folder name under `policies/`.
    pub name: String,
    /// The header's id.
    pub id: String,
    pub title: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// `fastställd` (adopted) or `utkast` (a draft).
    pub status: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Sections with at least one change (coverage or content).
    pub sections: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// Decisions whose outcome changes on some input (`--impact` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions_with_changed_outcomes: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderChange {
    /// `id`, `title`, `valid_from`, `valid_to`, `source`, or `covers`.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// How a version accounts for a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The header covers it and a decision or parameter cites it.
    Encoded,
    /// The header covers it and the policy says why it holds no decidable rule.
    Descriptive,
    /// The header covers it but nothing accounts for it.
    Missing,
    /// Marked descriptive, yet cited.
    Both,
    /// The header does not cover it: the version does not speak of it.
    NotCovered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    /// The section number (`"3.6.12"`, `"Tabell 1"`), or `""` for items outside any section.
    pub number: String,
    /// The title in the new version, else the old one.
    pub title: String,
    pub old: SectionSide,
    pub new: SectionSide,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionSide {
    pub coverage: Coverage,
    pub title: Option<String>,
}

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Param,
    /// One element of a list-valued parameter.
    Element,
    Enum,
    Variant,
    Record,
    Field,
    Decision,
    Input,
    Output,
    Let,
    Require,
    Rule,
    /// The order of a decision's rules, where it can change which rule matches first.
    Order,
    /// An output of a decision that takes no input, evaluated in both versions (budget rows).
    Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change. `old`/`new` hold the canonical text (the formatter's layout, doc comments
/// left out) or, for a value, the value itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The section the change is listed under (`""`: outside any section).
    pub section: String,
    pub kind: Kind,
    pub change: ChangeKind,
    /// What changed: a parameter, decision, enum or record name; for a member, its name
    /// (`datum`), or for a rule and a `require` its reason code.
    pub name: String,
    /// The item a member belongs to (`filial.etablering`).
    pub owner: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// A numeric change: old and new values and the difference.
    pub delta: Option<Delta>,
    /// The citation (`@ "…"`) changed.
    pub citation: Option<Pair>,
    /// The reason code (`because …` / `else …`) changed.
    pub reason: Option<Pair>,
    /// The item's old name, when it was renamed (same section, same text but for the name).
    pub renamed_from: Option<String>,
    /// The sections the item stands in, when it moved. A moved item's changes are listed
    /// under the section that sorts first, so that a diff and its reverse list them alike.
    pub moved: Option<Pair>,
    /// The doc comment (`///`: the policy's own explanation and the reading it chose)
    /// changed; a change that carries only this has no `old`/`new` text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<Pair>,
    /// The Swedish label of what changed (its doc comment's first line), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The Swedish label of the item it belongs to, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_label: Option<String>,
    /// The Swedish labels of the old and new reason code, when `reason` changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_labels: Option<Pair>,
    /// A rule, `require` or decision read as Swedish sentences, before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_sv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_sv: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Exact decimals as strings (`"15.8"`, `"-0.2"`); `percent` relative to the old value,
/// rounded half away from zero to one decimal, absent when the old value is zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delta {
    /// `int`, `decimal`, `money` (in kronor), `mnkr` (money the policy writes in millions of
    /// kronor, the figures in millions), `percent` (a share the policy writes as `10 %`, the
    /// figures in percent, `absolute` in procentenheter), or a duration's unit (`days`,
    /// `weeks`, `months`, `years`).
    pub unit: String,
    pub old: String,
    pub new: String,
    pub absolute: String,
    pub percent: Option<String>,
}

/// A decision both versions define whose rules or the parameters it reads changed: proved
/// equivalent, or every part of its inputs that is decided differently (`regel_verify::impact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Impact {
    pub decision: String,
    /// The decision's Swedish label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The section the decision stands in; of old and new, the one that sorts first.
    pub section: String,
    /// Proved: no valid input is decided differently.
    pub equivalent: bool,
    /// Every question was answered, so `changes` lists every changed part.
    pub proved: bool,
    /// For decisions with list inputs: lists of up to this many elements were considered.
    pub list_bound: Option<usize>,
    /// The parameters it reads whose value changed, each with its section: what caused the
    /// change when the rules themselves did not change.
    pub parameters: Vec<ImpactParameter>,
    /// Questions the solver left open (then `proved` is false).
    pub unknown: Vec<String>,
    pub changes: Vec<ImpactChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactParameter {
    pub name: String,
    /// The parameter's Swedish label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub section: String,
}

/// One part of the changed inputs: those that end in `old` in the old version and in `new`
/// in the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactChange {
    /// What places an input here, in the rules' own words (`and` between conditions); empty
    /// when every input does.
    pub condition: String,
    /// Where the old version's run ends, in Swedish ("regel 2 (annan_kommun_ej_tillaten)").
    pub old: String,
    pub new: String,
    /// The outcome changes (a different decision, amount, date or list), not only the reason
    /// code or citation.
    pub outcome_change: bool,
    /// Every input of the part changes (else some come out the same).
    pub everywhere: bool,
    /// The outputs that differ for some input of the part.
    pub outputs: Vec<String>,
    /// The outputs' Swedish labels, in the order of `outputs`.
    pub output_labels: Vec<String>,
    /// How far each differing number, amount or date moves over the part (`new − old`).
    pub ranges: Vec<ImpactRange>,
    pub witness: ImpactExample,
}

/// The least and greatest change of an output over a part, exact; `null`: no limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactRange {
    pub output: String,
    /// The output's Swedish label.
    pub label: String,
    /// `kr` for money, `dagar` for dates, empty for numbers.
    pub unit: String,
    pub least: Option<String>,
    pub most: Option<String>,
}

/// An input of the part run in both versions (replayed before it is shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactExample {
    pub input: serde_json::Value,
    pub old: serde_json::Value,
    pub new: serde_json::Value,
}

impl Report {
    /// The changes listed under section `number`.
    pub fn changes_in<'r>(&'r self, number: &'r str) -> impl Iterator<Item = &'r Change> {
        self.changes.iter().filter(move |c| c.section == number)
    }
}

impl Change {
    pub(crate) fn new(kind: Kind, change: ChangeKind, name: impl Into<String>) -> Change {
        Change {
            section: String::new(),
            kind,
            change,
            name: name.into(),
            owner: None,
            old: None,
            new: None,
            delta: None,
            citation: None,
            reason: None,
            renamed_from: None,
            moved: None,
            doc: None,
            label: None,
            owner_label: None,
            reason_labels: None,
            old_sv: None,
            new_sv: None,
        }
    }

    pub(crate) fn owner(mut self, owner: &str) -> Change {
        self.owner = Some(owner.to_owned());
        self
    }

    pub(crate) fn renamed(mut self, from: &str) -> Change {
        self.renamed_from = Some(from.to_owned());
        self
    }

    pub(crate) fn texts(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old = old;
        self.new = new;
        self
    }
}
