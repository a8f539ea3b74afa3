//! Typed rules read aloud: IR expressions rendered as Swedish phrases with the version's
//! labels (for the motivering and the memo), and as Regel text (for the trace).
//!
//! The renderer knows the shapes the policies use: comparisons (dates read as "senast",
//! "tidigare än"), membership, null checks, the list operators with a condition on the
//! element ("antalet tidigare byten som är senare än …"), the calendar built-ins. Anything
//! else is read operator by operator, so every expression has a phrase.
//!
//! The module's files: `labels` (the version's words for what an expression names), `values`
//! (values in the reader's units), `terms` (noun phrases), `conditions` (clauses),
//! `comparisons` (the words of a comparison), `elements` (conditions on a list's elements),
//! `fallbacks` (chains of `??` as a case handler says them), `grammar` (Swedish word order on
//! label text) and `regel` (expressions as Regel text).

mod comparisons;
mod conditions;
mod elements;
mod fallbacks;
mod grammar;
mod labels;
mod regel;
mod terms;
mod values;

pub use conditions::{given_slots, reads_better_denied};
pub use fallbacks::long_chain;
pub use grammar::{
    capitalize, join_clauses, join_och, join_words, negated, nothing_set, stated, statement,
    subordinate, verb_first,
};
pub use labels::{inside_sentence, plain};
pub use regel::{regel_text, regel_value};
pub use values::{
    date_sv, decimal_padded_sv, decimal_sv, duration_sv, is_code, money_sv, param_sv, value_sv,
    written_sv,
};

use regel_compiler::ir::{Decision, Expr, LocalKind, Place, Program, TypeEnv, Value};
use regel_compiler::ty::Ty;

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
    /// Fallback chains read as their first value, what counts when it is missing said apart
    /// ([`Phrases::fallback_sentences`]); only where no case is known.
    pub fallbacks_apart: bool,
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
            fallbacks_apart: false,
        }
    }

    /// The same phrases where the locals `slots` are known to be given.
    pub fn with_given(self, slots: &'a [u32]) -> Phrases<'a> {
        Phrases {
            given: slots,
            ..self
        }
    }

    /// The same phrases reading fallback chains as their first value (the memo's requires
    /// with a long chain: "Ärendet avvisas om patientens födelsedatum är senare än …").
    pub fn fallbacks_apart(self) -> Phrases<'a> {
        Phrases {
            fallbacks_apart: true,
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
    pub fn sub(&self) -> Phrases<'a> {
        Phrases {
            main_clause: false,
            ..*self
        }
    }

    /// Phrases showing the values of the parameters and of `locals`.
    pub fn with_values(self, params: &'a [Value], locals: &'a [Value]) -> Phrases<'a> {
        Phrases {
            values: Some((params, locals)),
            ..self
        }
    }

    /// The value at `place`, when known: a parameter's in the memo too.
    fn current(&self, place: Place) -> Option<&'a Value> {
        match place {
            Place::Local(s) => self.values?.1.get(s as usize),
            Place::Param(p) => self.param(p),
        }
    }

    fn is_lambda(&self, slot: u32) -> bool {
        self.decision.local_kind(slot) == LocalKind::Element
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

    /// The value of parameter `p`, when known.
    fn param(&self, p: u32) -> Option<&'a Value> {
        match self.values {
            Some((params, _)) => params.get(p as usize),
            None => self.param_values?.get(p as usize),
        }
    }
}
