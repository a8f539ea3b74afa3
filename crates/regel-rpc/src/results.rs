//! What each method answers, declared once ([`results!`]): a struct the method builds and
//! serialises as its answer, or a struct of the application layer (`regel_app`) the other
//! front ends write too, described here field by field. The fields' types and doc comments
//! are the `result` schemas of the OpenRPC document (`openrpc.rs`), so the document cannot
//! say other than what the server answers; the tests hold real answers to it. An `Option`
//! member is left out when `None`; a [`Nullable`] one is always there and may be `null`.

use std::marker::PhantomData;

use regel_compiler::Severity;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::params::{Date, Declared, Member, ParamType, declared};

/// Declares a result struct ([`declared!`]) that the method serialises as its answer, or
/// describes one of another crate (`for path { … }`); either is an object schema of its
/// members.
macro_rules! results {
    ($(#[$attr:meta])* $vis:vis struct $name:ident { $($fields:tt)* }) => {
        declared! {
            $(#[$attr])*
            #[derive(serde::Serialize)]
            $vis struct $name { $($fields)* }
        }
        results!(@object $name);
    };
    ($(#[doc = $sdoc:literal])* for $path:path { $($fields:tt)* }) => {
        declared! { $(#[doc = $sdoc])* for $path { $($fields)* } }
        results!(@object $path);
    };
    (@object $self:ty) => {
        impl ParamType for $self {
            const EXPECTED: &'static str = "an object";
            const MUST_BE: &'static str = "must be an object";
            fn schema() -> Value {
                object(<$self as Declared>::members())
            }
        }
    };
}

/// A member that is always there, and may be `null`.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct Nullable<T>(pub(crate) Option<T>);

impl<T: ParamType> ParamType for Nullable<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    const MUST_BE: &'static str = T::MUST_BE;
    fn schema() -> Value {
        json!({"anyOf": [T::schema(), {"type": "null"}]})
    }
}

impl<T: ParamType> ParamType for Vec<T> {
    const EXPECTED: &'static str = "an array";
    const MUST_BE: &'static str = "must be an array";
    fn schema() -> Value {
        json!({"type": "array", "items": T::schema()})
    }
}

/// A list written into the answer as text once the answer is made (`decide.batch`'s
/// results, see `Server::one`): `null` in the answer's tree, an array of `T` in its text.
pub(crate) struct Written<T>(PhantomData<T>);

impl<T> Written<T> {
    pub(crate) fn later() -> Self {
        Written(PhantomData)
    }
}

impl<T> Serialize for Written<T> {
    fn serialize<S: Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_unit()
    }
}

impl<T: ParamType> ParamType for Written<T> {
    const EXPECTED: &'static str = "an array";
    const MUST_BE: &'static str = "must be an array";
    fn schema() -> Value {
        Vec::<T>::schema()
    }
}

impl ParamType for u32 {
    const EXPECTED: &'static str = "a whole number";
    const MUST_BE: &'static str = "must be a whole number";
    fn schema() -> Value {
        json!({"type": "integer", "minimum": 0})
    }
}

/// Any JSON value (an output's, a trace's, a schema's members are the decision's own).
impl ParamType for Value {
    const EXPECTED: &'static str = "a value";
    const MUST_BE: &'static str = "must be a value";
    fn schema() -> Value {
        json!({})
    }
}

/// The object schema of `members`, each described by its doc comment.
fn object(members: Vec<Member>) -> Value {
    let required: Vec<&str> = members
        .iter()
        .filter(|m| m.required)
        .map(|m| m.name)
        .collect();
    let properties: Map<String, Value> = members
        .into_iter()
        .map(|mut m| {
            if let Value::Object(map) = &mut m.schema {
                map.insert("description".into(), Value::String(m.description));
            }
            (m.name.to_owned(), m.schema)
        })
        .collect();
    json!({"type": "object", "required": required, "properties": properties,
           "additionalProperties": false})
}

/// `"error"` or `"warning"`.
impl ParamType for Severity {
    const EXPECTED: &'static str = "\"error\" or \"warning\"";
    const MUST_BE: &'static str = "must be \"error\" or \"warning\"";
    fn schema() -> Value {
        json!({"enum": ["error", "warning"]})
    }
}

/// `"fastställd"` or `"utkast"`.
#[derive(Serialize)]
pub(crate) enum Status {
    #[serde(rename = "fastställd")]
    Adopted,
    #[serde(rename = "utkast")]
    Draft,
}

impl ParamType for Status {
    const EXPECTED: &'static str = "\"fastställd\" or \"utkast\"";
    const MUST_BE: &'static str = "must be \"fastställd\" or \"utkast\"";
    fn schema() -> Value {
        json!({"enum": ["fastställd", "utkast"]})
    }
}

/// A JSON Schema (2020-12) of a decision's input or output.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct JsonSchema(pub(crate) Value);

impl ParamType for JsonSchema {
    const EXPECTED: &'static str = "a JSON Schema";
    const MUST_BE: &'static str = "must be a JSON Schema";
    fn schema() -> Value {
        json!({"type": "object"})
    }
}

results! {
    /// One entry of `policies.list`.
    pub(crate) struct VersionSummary {
        /// the version folder
        version: String,
        /// the version's title
        title: String,
        /// the first day it is in force
        valid_from: Nullable<Date>,
        /// the last day it is in force
        valid_to: Nullable<Date>,
        /// the source document
        source: String,
        /// the sections of the Beställning it covers
        covers: Vec<String>,
        /// adopted or a draft (a draft answers only when named)
        status: Status,
        /// its decisions, by name
        decisions: Vec<String>,
        /// whether it checks without errors
        ok: bool,
    }
}

results! {
    /// One way a decision rejects an input.
    pub struct Rejection {
        /// the reason code
        reason: String,
        /// the section it cites
        paragraf: String,
        /// the reason code's Swedish label
        description: Option<String>,
    }
}

results! {
    /// `decisions.describe`.
    pub(crate) struct Described {
        /// the decision's name
        name: String,
        /// the decision's Swedish label: the first line of its doc comment
        label: Nullable<String>,
        /// the section the decision rests on
        paragraf: String,
        /// the decision's doc comment (Swedish), with the reading it chose
        doc: String,
        /// the input: each property described by its Swedish label, with its `default` where it has one; those without one required
        input_schema: JsonSchema,
        /// the output: each property described by its Swedish label; `skal` lists the reason codes the rules give (`oneOf` with each code's label, where it has one) and `paragraf` the sections they cite
        output_schema: JsonSchema,
        /// the ways the decision rejects an input (error -32004), in the order they are checked
        rejections: Vec<Rejection>,
    }
}

results! {
    /// `decide`.
    for regel_app::Decided {
        /// the version that decided
        version: String,
        /// the decision
        decision: String,
        /// the outputs, with `skal` and `paragraf`
        output: Map<String, Value>,
        /// with explain: the rules tried, each with its condition text and the parameter values it used
        trace: Option<Value>,
        /// with explain: the reasons in Swedish, for a decision letter
        motivering: Option<String>,
    }
}

results! {
    /// One item of `decide.batch`: its output, or its error (written by `batch.rs`, on both
    /// of its paths, as text).
    pub(crate) struct BatchItem {
        /// the outputs, as `decide` answers them
        output: Option<Map<String, Value>>,
        /// with explain: the rules tried
        trace: Option<Value>,
        /// with explain: the reasons in Swedish
        motivering: Option<String>,
        /// the item's error, as `decide` answers it
        error: Option<Map<String, Value>>,
    }
}

results! {
    /// `decide.batch`.
    pub(crate) struct Batch {
        /// the version that decided
        version: String,
        /// the decision
        decision: String,
        /// one per input, in order
        results: Written<BatchItem>,
    }
}

results! {
    /// A place in a file.
    for regel_compiler::Position {
        /// the line, from 0
        line: u32,
        /// the character in the line (UTF-16 units), from 0
        character: u32,
    }
}

results! {
    /// A span of a file.
    for regel_app::Range {
        /// where it starts
        start: regel_compiler::Position,
        /// where it ends
        end: regel_compiler::Position,
    }
}

results! {
    /// A diagnostic, as `regel check --format json` writes it.
    for regel_app::JsonDiagnostic {
        /// the file, relative to the policies folder
        file: String,
        /// where in it
        range: regel_app::Range,
        /// error or warning
        severity: Severity,
        /// its code, e.g. E0100
        code: String,
        /// what is wrong
        message: String,
        /// how to fix it; for a prover's finding, an input that shows it
        help: Option<String>,
    }
}

results! {
    /// `check`.
    pub(crate) struct Checked {
        /// the diagnostics of the versions checked
        diagnostics: Vec<regel_app::JsonDiagnostic>,
    }
}

results! {
    /// `source.set`.
    pub(crate) struct SourceSetResult {
        /// the version the file belongs to
        version: String,
        /// the version's diagnostics after the edit
        diagnostics: Vec<regel_app::JsonDiagnostic>,
    }
}
