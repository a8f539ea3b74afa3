//! A decision's inputs read straight from JSON text into typed values, without a
//! `serde_json::Value` tree: the fast path of a batch.
//!
//! It reads the well-formed case only. Whatever it does not read plainly (an unknown or
//! repeated field, a wrong type, an escaped key, a bound exceeded, a domain not met, a missing
//! input without default) makes [`InputReader::read`] answer `false`; the caller then decides
//! that input through [`crate::decide_json`], which gives the exact error. So the two paths
//! cannot disagree: this one either gives the values `json::inputs` would, or nothing.

use std::fmt;

use regel_compiler::ir::{Decision, Program, Value};
use regel_compiler::ty::Ty;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use crate::json::{from_json, parse_date};
use crate::{Engine, Limits};

/// Reads the inputs of one decision; built once per batch.
pub struct InputReader<'e> {
    engine: &'e Engine,
    decision: &'e Decision,
    limits: Limits,
    /// Each input's default, computed when the engine was built (`None`: no default).
    defaults: Vec<Option<Value>>,
    given: Vec<bool>,
}

impl<'e> InputReader<'e> {
    pub fn new(engine: &'e Engine, decision: &'e Decision, limits: Limits) -> InputReader<'e> {
        let defaults = (0..decision.inputs.len())
            .map(|i| engine.default_for(decision, i).and_then(Result::ok))
            .collect();
        InputReader {
            engine,
            decision,
            limits,
            defaults,
            given: vec![false; decision.inputs.len()],
        }
    }

    /// Reads `text` into `values` (one per input, defaults applied); `false` when the input is
    /// not plainly valid and must go the general way.
    pub fn read(&mut self, text: &str, values: &mut Vec<Value>) -> bool {
        values.clear();
        values.resize(self.decision.inputs.len(), Value::Null);
        self.given.iter_mut().for_each(|g| *g = false);
        let mut de = serde_json::Deserializer::from_str(text);
        let fields = Fields {
            program: self.engine.program(),
            decision: self.decision,
            limits: self.limits,
            values,
            given: &mut self.given,
        };
        if de.deserialize_map(fields).is_err() || de.end().is_err() {
            return false;
        }
        for (i, input) in self.decision.inputs.iter().enumerate() {
            if self.given.get(i) == Some(&true) {
                if input.domain.is_some()
                    && !matches!(self.engine.domain_holds(self.decision, i, values), Ok(true))
                {
                    return false;
                }
                continue;
            }
            match (self.defaults.get(i), &input.ty) {
                (Some(Some(default)), _) => {
                    if let Some(v) = values.get_mut(i) {
                        *v = default.clone();
                    }
                }
                (_, Ty::Optional(_)) if input.default.is_none() => {}
                _ => return false,
            }
        }
        true
    }
}

/// Anything not read plainly; the reason does not matter (the general path finds it).
#[derive(Debug)]
struct NotPlain;

impl fmt::Display for NotPlain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a plain input")
    }
}

fn not_plain<E: de::Error>() -> E {
    E::custom(NotPlain)
}

/// The input object: each known field read with its type, once.
struct Fields<'a> {
    program: &'a Program,
    decision: &'a Decision,
    limits: Limits,
    values: &'a mut Vec<Value>,
    given: &'a mut Vec<bool>,
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of inputs")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<&'de str>()? {
            let Some(i) = self.decision.inputs.iter().position(|i| i.name == key) else {
                return Err(not_plain());
            };
            match self.given.get_mut(i) {
                Some(given @ false) => *given = true,
                _ => return Err(not_plain()),
            }
            let ty = self.decision.inputs.get(i).map(|i| &i.ty);
            let typed = Typed {
                program: self.program,
                ty: ty.unwrap_or(&Ty::Error),
                limits: self.limits,
            };
            let value = map.next_value_seed(typed)?;
            if let Some(slot) = self.values.get_mut(i) {
                *slot = value;
            }
        }
        Ok(())
    }
}

/// One value of a known type.
#[derive(Clone, Copy)]
struct Typed<'a> {
    program: &'a Program,
    ty: &'a Ty,
    limits: Limits,
}

impl<'de> DeserializeSeed<'de> for Typed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        match self.ty {
            Ty::Bool => de.deserialize_bool(self),
            Ty::Date | Ty::Enum(..) => de.deserialize_str(self),
            Ty::List(_) => de.deserialize_seq(self),
            Ty::Optional(_) => de.deserialize_option(self),
            // The rarer types: a small tree, converted as the general path converts it.
            _ => {
                let json = Json::deserialize(de)?;
                if self.limits.check(&json, "").is_err() {
                    return Err(not_plain());
                }
                from_json(self.program, self.ty, &json, "").map_err(|_| not_plain())
            }
        }
    }
}

impl<'de> Visitor<'de> for Typed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.ty)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        match self.ty {
            Ty::Bool => Ok(Value::Bool(b)),
            _ => Err(not_plain()),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Value, E> {
        self.visit_str(s)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        match self.ty {
            Ty::Date => parse_date(s).map(Value::Date).ok_or_else(not_plain),
            Ty::Enum(id, _) => {
                let variants = self.program.enum_def(*id).map(|e| e.variants.as_slice());
                let index = variants
                    .unwrap_or_default()
                    .iter()
                    .position(|v| v == s)
                    .ok_or_else(not_plain)?;
                Ok(Value::Enum(
                    *id,
                    u32::try_from(index).map_err(|_| not_plain())?,
                ))
            }
            _ => Err(not_plain()),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        match self.ty {
            Ty::Optional(_) => Ok(Value::Null),
            _ => Err(not_plain()),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        match self.ty {
            Ty::Optional(inner) => Typed { ty: inner, ..self }.deserialize(de),
            _ => Err(not_plain()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let Ty::List(inner) = self.ty else {
            return Err(not_plain());
        };
        let element = Typed { ty: inner, ..self };
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(element)? {
            if items.len() == self.limits.max_list {
                return Err(not_plain());
            }
            items.push(item);
        }
        Ok(Value::List(items.into()))
    }
}
