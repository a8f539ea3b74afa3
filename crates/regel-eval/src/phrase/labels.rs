//! Labels: the version's words for locals, parameters, outputs, reason codes, codes and
//! fields, as they stand alone or inside a sentence.

use regel_compiler::ir::{Expr, LocalKind};
use regel_compiler::labels::{Kind, Labels};
use regel_compiler::ty::Ty;

use super::Phrases;
use super::elements::element_words;

impl<'a> Phrases<'a> {
    pub(super) fn mid(&self, label: String) -> String {
        if !self.lower_labels {
            return label;
        }
        inside_sentence(self.labels(), &label)
    }

    pub(super) fn labels(&self) -> &Labels {
        &self.program.labels
    }

    /// The label of a local: an input's, a `let`'s, or for a lambda's parameter (the element
    /// looked at, named by a letter in the code) a word for its type: "dagen", "talet".
    pub fn local_label(&self, slot: u32) -> String {
        let d = self.decision;
        let kind = match d.local_kind(slot) {
            LocalKind::Input => Kind::Input,
            LocalKind::Let(_) => Kind::Let,
            LocalKind::Element => {
                let ty = d.local_types.get(slot as usize).unwrap_or(&Ty::Error);
                return element_words(ty).definite.to_owned();
            }
        };
        let name = d
            .local_names
            .get(slot as usize)
            .cloned()
            .unwrap_or_default();
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

    /// The label of field `index` of the record `base` gives ("kod"), or its place.
    pub(super) fn field_label(&self, base: &Expr, index: u32) -> String {
        let Ty::Record(id, record) = self.ty(base) else {
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

    /// The label of a code the decision gives as text, if its doc comments label it.
    pub fn code_label(&self, code: &str) -> Option<String> {
        self.labels()
            .member(Kind::Code, &self.decision.name, code)
            .map(|l| self.mid(l.to_owned()))
    }
}

/// A label as prose: labels are written for reading, without the code quotes a doc comment
/// may put around a name.
pub fn plain(label: &str) -> String {
    label.replace('`', "")
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

/// A label with the value it stands for in brackets; a label that ends in brackets of its own
/// takes the value inside them ("stoppets sista dag (medräknad, 2023-02-28)", not two pairs).
pub(super) fn with_value(label: &str, value: &str) -> String {
    match label.strip_suffix(')') {
        Some(open) => format!("{open}, {value})"),
        None => format!("{label} ({value})"),
    }
}
