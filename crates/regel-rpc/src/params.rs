//! The parameters of each method, as serde structs that refuse unknown members. Each is
//! declared once, with [`params!`]: the struct, its fields' doc comments and types are what
//! the OpenRPC document (`openrpc.rs`) says of the method's parameters, and what an error
//! names when a parameter is unknown, missing or of the wrong type.
//!
//! Big values (`input`, `inputs`) are only checked for their shape here, never copied: the
//! method reads them from the request by reference.

use std::fmt;

use regel_eval::json as values;
use serde::de::{DeserializeOwned, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value, json};

use crate::protocol::RpcError;

/// A type a parameter (or a member of a result) may have: its JSON Schema, and the words of
/// the error when a value is not of it.
pub(crate) trait ParamType {
    /// Whether a request must give it (and an answer always holds it).
    const REQUIRED: bool = true;
    /// What it should be (the error's `expected`).
    const EXPECTED: &'static str;
    /// The error's message after the parameter's name: "must be a string".
    const MUST_BE: &'static str;
    fn schema() -> Value;
    /// Whether `value` is one (`null` never is: an absent parameter is left out).
    fn accepts(value: &Value) -> bool
    where
        Self: DeserializeOwned,
    {
        !value.is_null() && Self::deserialize(value).is_ok()
    }
    /// Whether an answer leaves this member out (an `Option` that is `None`).
    fn absent(&self) -> bool {
        false
    }
}

impl ParamType for String {
    const EXPECTED: &'static str = "a string";
    const MUST_BE: &'static str = "must be a string";
    fn schema() -> Value {
        json!({"type": "string"})
    }
}

impl ParamType for bool {
    const EXPECTED: &'static str = "a boolean";
    const MUST_BE: &'static str = "must be true or false";
    fn schema() -> Value {
        json!({"type": "boolean"})
    }
}

impl ParamType for Map<String, Value> {
    const EXPECTED: &'static str = "an object";
    const MUST_BE: &'static str = "must be an object";
    fn schema() -> Value {
        json!({"type": "object"})
    }
}

impl<T: ParamType> ParamType for Option<T> {
    const REQUIRED: bool = false;
    const EXPECTED: &'static str = T::EXPECTED;
    const MUST_BE: &'static str = T::MUST_BE;
    fn schema() -> Value {
        T::schema()
    }
    fn absent(&self) -> bool {
        self.is_none()
    }
}

/// A date `YYYY-MM-DD`, as written (whether it is a day of the calendar is said apart, with
/// the month's length).
#[derive(Deserialize, serde::Serialize)]
#[serde(transparent)]
pub(crate) struct Date(pub(crate) String);

impl ParamType for Date {
    const EXPECTED: &'static str = "a date YYYY-MM-DD";
    const MUST_BE: &'static str = "must be a date";
    fn schema() -> Value {
        json!({"type": "string", "format": "date"})
    }
}

/// A decision's input: any JSON here, `null` included (the decision says what is wrong with
/// it, field by field), read by the method from the request.
pub(crate) struct Input;

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(de).map(|_| Input)
    }
}

impl ParamType for Input {
    const EXPECTED: &'static str = "an object";
    const MUST_BE: &'static str = "must be an object";
    fn schema() -> Value {
        json!({"type": "object"})
    }
    fn accepts(_: &Value) -> bool {
        true
    }
}

/// A batch's inputs: an array (how many it holds), its items read by the method one at a time.
pub(crate) struct Inputs(pub(crate) usize);

impl<'de> Deserialize<'de> for Inputs {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct Items;
        impl<'de> Visitor<'de> for Items {
            type Value = Inputs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of input objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Inputs, A::Error> {
                let mut count = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    count += 1;
                }
                Ok(Inputs(count))
            }
        }
        de.deserialize_seq(Items)
    }
}

impl ParamType for Inputs {
    const EXPECTED: &'static str = "an array";
    const MUST_BE: &'static str = "must be an array of input objects";
    fn schema() -> Value {
        json!({"type": "array", "items": {"type": "object"}})
    }
}

/// What `diff` renders besides the report's JSON.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DiffFormat {
    Json,
    /// `md` as the CLI's `--format md` spells it.
    Md,
    Markdown,
    Html,
}

impl ParamType for DiffFormat {
    const EXPECTED: &'static str = "\"json\", \"md\", \"markdown\" or \"html\"";
    const MUST_BE: &'static str = "must be \"json\", \"md\" (or \"markdown\") or \"html\"";
    fn schema() -> Value {
        json!({"enum": ["json", "md", "markdown", "html"]})
    }
}

/// One member of a declared struct (a method's parameter, or a member of an answer): its
/// name, whether it must be there, its description (the field's doc comment) and its schema.
pub(crate) struct Member {
    pub(crate) name: &'static str,
    pub(crate) required: bool,
    pub(crate) description: String,
    pub(crate) schema: Value,
}

impl Member {
    pub(crate) fn of<T: ParamType>(name: &'static str, doc: &[&str]) -> Member {
        let lines: Vec<&str> = doc.iter().map(|line| line.trim()).collect();
        Member {
            name,
            required: T::REQUIRED,
            description: lines.join(" "),
            schema: T::schema(),
        }
    }
}

/// A struct whose fields are declared with doc comments ([`declared!`]): its members, in
/// declared order.
pub(crate) trait Declared {
    /// The members' names, in declared order.
    const NAMES: &'static [&'static str];
    fn members() -> Vec<Member>;
}

/// Declares a struct whose fields' doc comments are their descriptions (an `Option` member is
/// left out of an answer when `None`), or describes one of another crate (`for path { … }`:
/// every field named, or it does not compile).
macro_rules! declared {
    ($(#[$attr:meta])* $vis:vis struct $name:ident {
        $( $(#[doc = $doc:literal])+ $field:ident : $ty:ty ),* $(,)?
    }) => {
        $(#[$attr])*
        $vis struct $name {
            $( $(#[doc = $doc])+
               #[serde(skip_serializing_if = "ParamType::absent")]
               pub $field: $ty, )*
        }
        declared!(@members $name { $( $(#[doc = $doc])+ $field : $ty ),* });
    };
    ($(#[doc = $sdoc:literal])* for $path:path {
        $( $(#[doc = $doc:literal])+ $field:ident : $ty:ty ),* $(,)?
    }) => {
        const _: fn(&$path) = |value| {
            let $path { $($field: _),* } = value;
        };
        declared!(@members $path { $( $(#[doc = $doc])+ $field : $ty ),* } $(#[doc = $sdoc])*);
    };
    (@members $self:ty { $( $(#[doc = $doc:literal])+ $field:ident : $ty:ty ),* }
     $(#[doc = $sdoc:literal])*) => {
        $(#[doc = $sdoc])*
        impl $crate::params::Declared for $self {
            const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];
            fn members() -> Vec<$crate::params::Member> {
                vec![$( $crate::params::Member::of::<$ty>(stringify!($field), &[$($doc),+]) ),*]
            }
        }
    };
}
pub(crate) use declared;

/// A method's parameters, declared with [`params!`].
pub(crate) trait Params: Declared + DeserializeOwned {
    /// The error for parameter `name` given as `value`, or missing when `None`; `None` when
    /// it is fine (or no parameter of this method).
    fn problem(name: &str, value: Option<&Value>) -> Option<RpcError>;
}

/// Declares a method's parameter struct ([`declared!`]), which refuses unknown members.
macro_rules! params {
    ($(#[doc = $sdoc:literal])* $name:ident {
        $( $(#[doc = $doc:literal])+ $field:ident : $ty:ty ),* $(,)?
    }) => {
        declared! {
            $(#[doc = $sdoc])*
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub(crate) struct $name { $( $(#[doc = $doc])+ $field : $ty ),* }
        }

        impl Params for $name {
            fn problem(name: &str, value: Option<&Value>) -> Option<RpcError> {
                match name {
                    $( stringify!($field) => problem::<$ty>(name, value), )*
                    _ => None,
                }
            }
        }
    };
}

params! {
    /// `decisions.describe`.
    Describe {
        /// a version folder
        version: String,
        /// a decision name, e.g. "listning.byte"
        decision: String,
    }
}

params! {
    /// `decide`.
    Decide {
        /// a decision name, e.g. "listning.byte"
        decision: String,
        /// the decision's input
        input: Input,
        /// a version folder, e.g. "2023"; neither this nor as_of: the newest
        version: Option<String>,
        /// pick the version in force on this date
        as_of: Option<Date>,
        /// add the trace of rules tried
        explain: Option<bool>,
        /// parameter values to evaluate with instead (what-if)
        overrides: Option<Map<String, Value>>,
    }
}

params! {
    /// `decide.batch`.
    DecideBatch {
        /// a decision name, e.g. "listning.byte"
        decision: String,
        /// the inputs
        inputs: Inputs,
        /// a version folder, e.g. "2023"; neither this nor as_of: the newest
        version: Option<String>,
        /// pick the version in force on this date
        as_of: Option<Date>,
        /// add the trace of rules tried
        explain: Option<bool>,
        /// parameter values to evaluate with instead (what-if)
        overrides: Option<Map<String, Value>>,
    }
}

params! {
    /// `check`.
    Check {
        /// a version folder, e.g. "2023"; without it, every version
        version: Option<String>,
    }
}

params! {
    /// `source.set`.
    SourceSet {
        /// relative to the policies folder, e.g. "2023/listning.regel"
        path: String,
        /// the new text
        text: String,
    }
}

params! {
    /// `diff`.
    Diff {
        /// the older version
        from: String,
        /// the newer version
        to: String,
        /// a rendered report besides the changes: the memo as Markdown ("md" or "markdown") or as one self-contained HTML page
        format: Option<DiffFormat>,
        /// also prove which inputs each changed decision decides differently (regel_verify::impact)
        impact: Option<bool>,
    }
}

fn problem<T: ParamType + DeserializeOwned>(name: &str, value: Option<&Value>) -> Option<RpcError> {
    match value {
        None if T::REQUIRED => Some(missing(name)),
        None => None,
        Some(v) if T::accepts(v) => None,
        Some(v) => Some(RpcError::params(
            format!("`{name}` {}", T::MUST_BE),
            &format!("/{name}"),
            T::EXPECTED,
            &values::describe(v),
        )),
    }
}

pub(crate) fn missing(key: &str) -> RpcError {
    RpcError::params(
        format!("`{key}` is missing"),
        &format!("/{key}"),
        "a value",
        "nothing",
    )
}

/// `params` read as `P`: an object (or nothing) with only `P`'s members, each of its type.
/// The error names the first parameter that is unknown, then the first (in declared order)
/// that is missing or of the wrong type.
pub(crate) fn parse<P: Params>(params: &Value) -> Result<P, RpcError> {
    let map = match params {
        Value::Object(m) => Some(m),
        Value::Null => None,
        other => {
            return Err(RpcError::params(
                "`params` must be an object",
                "",
                "an object",
                &values::describe(other),
            ));
        }
    };
    let get = |name: &str| map.and_then(|m| m.get(name));
    if let Some(key) = map.and_then(|m| m.keys().find(|k| !P::NAMES.contains(&k.as_str()))) {
        return Err(RpcError::params(
            format!("unknown parameter `{key}`"),
            &format!("/{key}"),
            &format!("one of: {}", P::NAMES.join(", ")),
            &format!("`{key}`"),
        ));
    }
    if let Some(e) = P::NAMES.iter().find_map(|name| P::problem(name, get(name))) {
        return Err(e);
    }
    // No parameters read as an empty object (serde takes `null` for no struct at all).
    let empty = Value::Object(Map::new());
    let whole = if map.is_some() { params } else { &empty };
    P::deserialize(whole).map_err(|e| {
        RpcError::params(
            format!("invalid params: {e}"),
            "",
            "the parameters of the method",
            &values::describe(params),
        )
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_parameter_is_checked_by_its_declared_type() {
        let e = parse::<Decide>(&json!({"decision": "d", "input": {}, "nope": 1})).err();
        assert_eq!(e.unwrap().message, "unknown parameter `nope`");
        let e = parse::<Decide>(&json!({"input": {}})).err();
        assert_eq!(e.unwrap().message, "`decision` is missing");
        let e = parse::<Decide>(&json!({"decision": "d", "input": {}, "version": null})).err();
        assert_eq!(e.unwrap().message, "`version` must be a string");
        let e = parse::<Diff>(&json!({"from": "a", "to": "b", "format": "pdf"})).err();
        let e = e.unwrap();
        assert_eq!(e.data.unwrap()["got"], "\"pdf\"");
        let e = parse::<DecideBatch>(&json!({"decision": "d", "inputs": {}})).err();
        assert_eq!(e.unwrap().data.unwrap()["got"], "an object");
        let ok = parse::<Decide>(&json!({"decision": "d", "input": 5, "explain": true})).unwrap();
        assert_eq!((ok.decision.as_str(), ok.explain), ("d", Some(true)));
        assert!(parse::<Check>(&Value::Null).unwrap().version.is_none());
    }
}
