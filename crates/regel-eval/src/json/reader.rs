//! A decision's inputs read straight from JSON text into typed values, without a
//! `serde_json::Value` tree: the fast path of a batch.
//!
//! It reads the well-formed case only. Whatever it does not read plainly (an unknown or
//! repeated field, a wrong type, an escaped key, a bound exceeded, a domain not met, a missing
//! input without default) makes [`InputReader::read`] answer `false`; the caller then decides
//! that input through [`crate::decide_json`], which gives the exact error. So the two paths
//! cannot disagree: this one either gives the values `json::inputs` would, or nothing.
//!
//! [`InputReader::read_at`] goes further for a batch: it reads one input object straight
//! from the bytes of the request line, without serde, and says where it ends. It takes only
//! the plainest JSON (keys and strings without escapes, no nested objects) of the plainest
//! types (booleans, dates, enums, whole numbers, amounts and decimals, lists and optionals of
//! them); for anything else it answers `None` and the caller reads that input the serde way
//! ([`InputReader::read`]). Its numbers are the plain numerals ([`Scan::numeral`]: no
//! exponent, no leading zero, no negative zero, at most 18 digits) that the general path
//! reads as the very value written, scale included:
//! - an `Int` a JSON number without a fraction (`serde_json` reads it as a 64-bit integer);
//! - `Money` a JSON number or string with at most two decimals, at most 15 digits in all for
//!   a number with a fraction (it goes through an `f64`, which keeps 15 digits exactly);
//! - a `Decimal` a string only (a JSON number's scale is that of its `f64` written back).

use std::fmt;
use std::sync::Arc;

use regel_compiler::ir::{Decision, Program, Value};
use regel_compiler::ty::Ty;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use chrono::NaiveDate;

use crate::engine::DomainSlots;
use crate::json::{from_json, parse_date, parse_date_bytes};
use crate::{Engine, Limits};

/// Reads the inputs of one decision; built once per batch.
pub struct InputReader<'e> {
    engine: &'e Engine,
    decision: &'e Decision,
    limits: Limits,
    /// What each input not given takes: its default, computed when the engine was built, or
    /// null.
    missing: Vec<Value>,
    /// The inputs that must be given (no default, or one that could not be computed, and not
    /// optional), one bit each.
    required: u64,
    /// The inputs with a domain (`where …`), one bit each.
    domains: u64,
    /// Every input, one bit each.
    inputs: u64,
    /// For each input, the input whose key followed its key in the last input read, and
    /// last the input whose key came first: a batch writes its keys in one order, so
    /// [`InputReader::read_at`] compares each key with the name it expects first.
    follows: Vec<usize>,
    /// The elements of the lists being read by [`InputReader::read_at`], innermost last.
    items: Vec<Value>,
    /// The dates of a list of dates being read: gathered as dates and turned into values once,
    /// as the list is allocated (a `Value` gathered and then cloned into the list was a
    /// round trip through the stack for every element).
    dates: Vec<NaiveDate>,
    /// Lists of earlier inputs no one else holds, kept to be written over.
    lists: Lists,
    /// Where the domains are checked, kept from input to input; made at the first check
    /// (boxed, out of the way of the fields every read touches).
    domain_slots: Option<Box<DomainSlots>>,
    /// Whether this reader reads the decision's inputs at all: at most 64 of them (the inputs
    /// given are a `u64`), each named as JSON writes the name (always, for identifiers:
    /// [`InputReader::read_at`] compares keys with the names so). Otherwise every input goes
    /// the general way.
    plain: bool,
}

/// The bit of input `i` in a set of inputs.
fn bit(i: usize) -> u64 {
    1u64.checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
        .unwrap_or(0)
}

impl<'e> InputReader<'e> {
    pub fn new(engine: &'e Engine, decision: &'e Decision, limits: Limits) -> InputReader<'e> {
        let inputs = &decision.inputs;
        let (mut missing, mut required, mut domains, mut all) = (Vec::new(), 0, 0, 0);
        for (i, input) in inputs.iter().enumerate() {
            all |= bit(i);
            let default = engine.default_for(decision, i).and_then(Result::ok);
            let optional = matches!(input.ty, Ty::Optional(_)) && input.default.is_none();
            if default.is_none() && !optional {
                required |= bit(i);
            }
            if input.domain.is_some() {
                domains |= bit(i);
            }
            missing.push(default.unwrap_or(Value::Null));
        }
        InputReader {
            engine,
            decision,
            limits,
            missing,
            required,
            domains,
            inputs: all,
            follows: (1..=inputs.len()).chain([0]).collect(),
            items: Vec::new(),
            dates: Vec::new(),
            lists: Lists::new(),
            domain_slots: None,
            plain: inputs.len() <= 64
                && inputs
                    .iter()
                    .all(|i| !i.name.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)),
        }
    }

    /// Reads `text` into `values` (one per input, defaults applied); `false` when the input is
    /// not plainly valid and must go the general way.
    pub fn read(&mut self, text: &str, values: &mut Vec<Value>) -> bool {
        if !self.plain {
            return false;
        }
        values.clear();
        values.resize(self.decision.inputs.len(), Value::Null);
        let mut given = 0;
        let mut de = serde_json::Deserializer::from_str(text);
        let fields = Fields {
            program: self.engine.program(),
            decision: self.decision,
            limits: self.limits,
            values,
            given: &mut given,
        };
        if de.deserialize_map(fields).is_err() || de.end().is_err() {
            return false;
        }
        self.complete(given, values)
    }

    /// Reads the input object starting at `bytes[at]` into `values` as [`InputReader::read`]
    /// does, and gives the index just past it; `None` when it is not of the plainest JSON and
    /// types (then nothing is said about it, nor about what `values` holds: the caller reads it
    /// the serde way, which finds whatever is wrong with it). What it passes over when it
    /// answers is UTF-8, whatever `bytes` hold: ASCII, or keys and words the same bytes as a
    /// name of the program (`regel-rpc` leaves a streamed batch's bytes unchecked for it).
    pub fn read_at(&mut self, bytes: &[u8], at: usize, values: &mut Vec<Value>) -> Option<usize> {
        let inputs = &self.decision.inputs;
        if !self.plain {
            return None;
        }
        // Each slot is written once: a given input as its key is read, the others by
        // `complete` (a pass setting every slot to null first was a second store to each).
        if values.len() != inputs.len() {
            values.clear();
            values.resize(inputs.len(), Value::Null);
        }
        // Left only by an input not read (a call to drop nothing cost more than the test).
        if !self.items.is_empty() {
            self.items.clear();
        }
        let mut scan = Scan { bytes, at };
        scan.byte(b'{')?;
        scan.space();
        let mut given = 0;
        if !scan.eat(b'}') {
            let mut previous = inputs.len();
            loop {
                let i = self.key_at(&mut scan, previous)?;
                if given & bit(i) != 0 {
                    return None;
                }
                given |= bit(i);
                scan.space();
                scan.byte(b':')?;
                scan.space();
                let ty = &self.decision.inputs.get(i)?.ty;
                self.plain_value_into(&mut scan, ty, values.get_mut(i)?)?;
                previous = i;
                scan.space();
                if scan.eat(b'}') {
                    break;
                }
                scan.byte(b',')?;
                scan.space();
            }
        }
        self.complete(given, values).then_some(scan.at)
    }

    /// The index of the input whose name is the key at `scan`, passed over: first the one
    /// whose key followed `previous`'s last time (`previous` the number of inputs at the
    /// start of the object), then every other.
    fn key_at(&mut self, scan: &mut Scan<'_>, previous: usize) -> Option<usize> {
        let inputs = &self.decision.inputs;
        let expected = *self.follows.get(previous)?;
        let i = match inputs.get(expected) {
            Some(input) if scan.key(&input.name) => expected,
            _ => inputs.iter().position(|input| scan.key(&input.name))?,
        };
        if let Some(next) = self.follows.get_mut(previous) {
            *next = i;
        }
        Some(i)
    }

    /// An input's value of type `ty` written straight into its slot: a flag or a date
    /// built in place, for a `Value` returned through memory and copied was read back before
    /// its parts were (a store-forwarding stall, a quarter of `read_at`'s own time).
    fn plain_value_into(&mut self, scan: &mut Scan<'_>, ty: &Ty, slot: &mut Value) -> Option<()> {
        *slot = match ty {
            Ty::Bool => Value::Bool(scan.bool()?),
            Ty::Date => Value::Date(scan.date()?),
            Ty::Int => Value::Int(scan.int()?),
            Ty::Money => Value::Money(scan.money()?),
            // The list comes back in two registers; as a `Value` it came back through memory
            // and was read back in one piece before its two halves were stored (a stall).
            // The slot's list, when no one else holds it, is written over by a list of its
            // length (an allocation and the old list's freeing were a sixth of the reading).
            Ty::List(inner) => {
                if flat(inner) {
                    self.lists.keep(slot);
                }
                Value::List(self.plain_list(scan, inner, 1)?)
            }
            _ => self.plain_value(scan, ty, 0)?,
        };
        Some(())
    }

    /// One value of type `ty` in the plainest JSON, `depth` lists deep.
    fn plain_value(&mut self, scan: &mut Scan<'_>, ty: &Ty, depth: usize) -> Option<Value> {
        match ty {
            Ty::Bool => scan.bool().map(Value::Bool),
            // Only `"YYYY-MM-DD"`: a date spelled with escapes is read the serde way.
            Ty::Date => scan.date().map(Value::Date),
            Ty::Int => scan.int().map(Value::Int),
            Ty::Money => scan.money().map(Value::Money),
            Ty::Decimal => scan.decimal().map(Value::Decimal),
            Ty::Enum(id, _) => {
                let text = scan.plain_string()?;
                let variants = &self.engine.program().enum_def(*id)?.variants;
                let index = variants.iter().position(|v| v.as_bytes() == text)?;
                Some(Value::Enum(*id, u32::try_from(index).ok()?))
            }
            Ty::Optional(inner) => {
                if scan.literal(b"null") {
                    Some(Value::Null)
                } else {
                    self.plain_value(scan, inner, depth)
                }
            }
            // Lists in lists are rare; a bound keeps the nesting far from the line's (128).
            Ty::List(inner) if depth < MAX_PLAIN_DEPTH => {
                self.plain_list(scan, inner, depth + 1).map(Value::List)
            }
            _ => None,
        }
    }

    /// A list of `inner`, its elements gathered at the end of `items` and allocated once.
    fn plain_list(
        &mut self,
        scan: &mut Scan<'_>,
        inner: &Ty,
        depth: usize,
    ) -> Option<Arc<[Value]>> {
        if matches!(inner, Ty::Date) {
            return self.date_list(scan);
        }
        let first = self.items.len();
        scan.elements(self.limits.max_list, |scan| {
            let item = self.plain_value(scan, inner, depth)?;
            self.items.push(item);
            Some(())
        })?;
        Some(self.lists.make(self.items.drain(first..)))
    }

    /// A list of dates, the commonest list (earlier switches, stop days): gathered as dates
    /// and allocated from them.
    fn date_list(&mut self, scan: &mut Scan<'_>) -> Option<Arc<[Value]>> {
        self.dates.clear();
        let dates = &mut self.dates;
        scan.elements(self.limits.max_list, |scan| {
            dates.push(scan.date()?);
            Some(())
        })?;
        Some(self.lists.make(self.dates.iter().map(|&d| Value::Date(d))))
    }

    /// Defaults applied to the inputs not `given` (one bit each) and domains checked for the
    /// inputs given; `false` when an input without default is missing or a domain does not
    /// hold.
    fn complete(&mut self, given: u64, values: &mut [Value]) -> bool {
        if given & self.required != self.required {
            return false;
        }
        let mut missing = self.inputs & !given;
        while missing != 0 {
            let i = missing.trailing_zeros() as usize;
            if let (Some(slot), Some(value)) = (values.get_mut(i), self.missing.get(i)) {
                write_missing(slot, value);
            }
            missing &= missing - 1;
        }
        let domains = given & self.domains;
        domains == 0 || self.domains_hold(domains, values)
    }

    /// Whether the domains of the inputs `domains` hold; kept out of line, away from the
    /// reads of inputs without domains (inlined, it slowed `listning.byte`'s read by a tenth).
    #[inline(never)]
    fn domains_hold(&mut self, mut domains: u64, values: &[Value]) -> bool {
        let (engine, decision) = (self.engine, self.decision);
        let slots = self
            .domain_slots
            .get_or_insert_with(|| Box::new(engine.domain_slots(decision)));
        while domains != 0 {
            let i = domains.trailing_zeros() as usize;
            if !matches!(slots.holds(i, values), Ok(true)) {
                return false;
            }
            domains &= domains - 1;
        }
        true
    }
}

/// `value` written into `slot` where it is not there already: a batch whose inputs leave out
/// the same fields finds each default in its slot from the input before. A flag or an enum
/// is written as such: the general clone copied its bytes through the stack in two
/// overlapping halves and read them back at once, a stall on every default written.
fn write_missing(slot: &mut Value, value: &Value) {
    match (&*slot, value) {
        (Value::Null, Value::Null) => {}
        (Value::Bool(a), Value::Bool(b)) if a == b => {}
        (Value::Enum(a, i), Value::Enum(b, j)) if a == b && i == j => {}
        (_, &Value::Bool(b)) => *slot = Value::Bool(b),
        (_, &Value::Enum(id, i)) => *slot = Value::Enum(id, i),
        _ => slot.clone_from(value),
    }
}

/// Whether values of `ty` hold nothing on the heap: only lists of them are kept to be
/// written over, so a kept list holds no more than its own allocation.
fn flat(ty: &Ty) -> bool {
    match ty {
        Ty::Bool | Ty::Date | Ty::Enum(..) | Ty::Int | Ty::Money | Ty::Decimal => true,
        Ty::Optional(inner) => flat(inner),
        _ => false,
    }
}

/// The longest list kept to be written over, and how many are kept of each length.
const KEPT_LENGTH: usize = 16;
const KEPT_EACH: usize = 4;

/// Lists of the inputs read before that no one else held when the next input was read (not
/// an output, nor a memo, nor a caller kept a clone), by length: a new list of that length is
/// one of them written over, without an allocation, and the empty list is one shared list.
struct Lists {
    empty: Arc<[Value]>,
    /// The lists of length `n + 1` at `n`, at most [`KEPT_EACH`] each.
    by_length: Vec<Vec<Arc<[Value]>>>,
}

impl Lists {
    fn new() -> Lists {
        Lists {
            empty: Arc::from([]),
            by_length: (0..KEPT_LENGTH).map(|_| Vec::new()).collect(),
        }
    }

    /// Takes the list in `slot` (leaving null) when it is held there only and there is room.
    /// Its count is read, not proved with `Arc::get_mut` (a compare-and-swap): [`Lists::make`]
    /// proves it before writing over it, and drops a list it cannot.
    fn keep(&mut self, slot: &mut Value) {
        let Value::List(list) = slot else {
            return;
        };
        let Some(kept) = self.by_length.get_mut(list.len().wrapping_sub(1)) else {
            return;
        };
        if kept.len() < KEPT_EACH
            && Arc::strong_count(list) == 1
            && let Value::List(list) = std::mem::replace(slot, Value::Null)
        {
            kept.push(list);
        }
    }

    /// A list of `items`: a kept list of their length written over, or a new one.
    fn make(&mut self, items: impl ExactSizeIterator<Item = Value>) -> Arc<[Value]> {
        let n = items.len();
        if n == 0 {
            return Arc::clone(&self.empty);
        }
        let kept = self.by_length.get_mut(n - 1).and_then(Vec::pop);
        if let Some(mut list) = kept
            && let Some(slots) = Arc::get_mut(&mut list)
        {
            for (slot, item) in slots.iter_mut().zip(items) {
                *slot = item;
            }
            return list;
        }
        items.collect()
    }
}

/// How deeply lists may nest in an input [`InputReader::read_at`] reads.
const MAX_PLAIN_DEPTH: usize = 16;

/// The most digits of a numeral [`InputReader::read_at`] reads: below 10^18, any fits an
/// `i64`, and `serde_json` reads a whole number of them as an integer.
const MAX_NUMERAL_DIGITS: usize = 18;

/// A place in the bytes of a line, read forward (also by `regel-rpc`'s batch, for the
/// request around the inputs).
#[derive(Debug, Clone, Copy)]
pub struct Scan<'b> {
    pub bytes: &'b [u8],
    /// The index of the next byte to read.
    pub at: usize,
}

impl<'b> Scan<'b> {
    /// Passes over JSON whitespace.
    pub fn space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// Passes over `b` if it comes next.
    pub fn eat(&mut self, b: u8) -> bool {
        let next = self.bytes.get(self.at) == Some(&b);
        if next {
            self.at += 1;
        }
        next
    }

    pub fn byte(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    /// Passes over `word` (`true`, `false`, `null`) if it comes next.
    pub fn literal(&mut self, word: &[u8]) -> bool {
        let next = self
            .bytes
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word));
        if next {
            self.at += word.len();
        }
        next
    }

    /// Passes over a JSON array of at most `max` elements, each read by `element`.
    #[inline(always)]
    pub fn elements(
        &mut self,
        max: usize,
        mut element: impl FnMut(&mut Scan<'b>) -> Option<()>,
    ) -> Option<()> {
        self.byte(b'[')?;
        self.space();
        if self.eat(b']') {
            return Some(());
        }
        for _ in 0..max {
            element(self)?;
            self.space();
            if self.eat(b']') {
                return Some(());
            }
            self.byte(b',')?;
            self.space();
        }
        None
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Option<bool> {
        if self.literal(b"true") {
            Some(true)
        } else if self.literal(b"false") {
            Some(false)
        } else {
            None
        }
    }

    /// Passes over the string `"name"` if it comes next (`name` written in JSON as it is:
    /// without a quote, backslash or control character).
    pub fn key(&mut self, name: &str) -> bool {
        let start = self.at + 1;
        let end = start + name.len();
        let next = self.bytes.get(self.at) == Some(&b'"')
            && self.bytes.get(end) == Some(&b'"')
            && self
                .bytes
                .get(start..end)
                .is_some_and(|key| same(key, name.as_bytes()));
        if next {
            self.at = end + 1;
        }
        next
    }

    /// The date `"YYYY-MM-DD"` if it comes next, written so; `None` for anything else.
    pub fn date(&mut self) -> Option<NaiveDate> {
        let [b'"', date @ .., b'"'] = self.bytes.get(self.at..self.at + 12)? else {
            return None;
        };
        let date = parse_date_bytes(date)?;
        self.at += 12;
        Some(date)
    }

    /// A plain numeral if it comes next: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most
    /// [`MAX_NUMERAL_DIGITS`] digits, not zero with a sign (`serde_json` reads `-0` as the
    /// float `-0.0`), and not followed by anything that would go on with a JSON number (`.`,
    /// an exponent, a sign); its digits as a whole number and how many of them follow the
    /// point. `None` for anything else.
    pub fn numeral(&mut self) -> Option<(i64, u32)> {
        let bytes = self.bytes;
        let negative = bytes.get(self.at) == Some(&b'-');
        let first = self.at + usize::from(negative);
        let mut i = first;
        // Wrapping: a numeral of more digits than an `i64` holds is refused below.
        let mut digits = 0i64;
        let mut run = |i: &mut usize| {
            let start = *i;
            while let Some(&b @ b'0'..=b'9') = bytes.get(*i) {
                digits = digits.wrapping_mul(10).wrapping_add(i64::from(b - b'0'));
                *i += 1;
            }
            *i - start
        };
        let whole = run(&mut i);
        let mut scale = 0;
        if whole > 0 && bytes.get(i) == Some(&b'.') {
            i += 1;
            scale = run(&mut i);
            if scale == 0 {
                return None;
            }
        }
        let plain = whole > 0
            && whole + scale <= MAX_NUMERAL_DIGITS
            && (whole == 1 || bytes.get(first) != Some(&b'0'))
            && !(negative && digits == 0)
            && !matches!(bytes.get(i), Some(b'.' | b'e' | b'E' | b'+' | b'-'));
        if !plain {
            return None;
        }
        self.at = i;
        Some((
            if negative { -digits } else { digits },
            u32::try_from(scale).ok()?,
        ))
    }

    /// A whole number written as a JSON number without a fraction: `serde_json` reads such a
    /// numeral (at most 18 digits) as the 64-bit integer it spells.
    pub fn int(&mut self) -> Option<i64> {
        let mut scan = *self;
        let (digits, 0) = scan.numeral()? else {
            return None;
        };
        *self = scan;
        Some(digits)
    }

    /// An amount: a JSON number or string of at most two decimals, with two decimals (the
    /// scale the general path rescales every amount to). A number with a fraction is read by
    /// `serde_json` as an `f64` and written back by the shortest digits that read as it: the
    /// digits written when there are at most 15 of them (an `f64` keeps 15 decimal digits).
    pub fn money(&mut self) -> Option<rust_decimal::Decimal> {
        let mut scan = *self;
        let quoted = scan.eat(b'"');
        let start = scan.at;
        let (digits, scale) = scan.numeral()?;
        // The numeral's digits: its bytes less a sign and a point.
        let count = scan.at - start - usize::from(digits < 0) - usize::from(scale > 0);
        let exact = quoted || scale == 0 || count <= 15;
        if scale > 2 || !exact || (quoted && !scan.eat(b'"')) {
            return None;
        }
        *self = scan;
        let cents = i128::from(digits) * 10i128.pow(2 - scale);
        Some(rust_decimal::Decimal::from_i128_with_scale(cents, 2))
    }

    /// A decimal written as a string, with the scale written (a JSON number is read the
    /// general way: its scale is that of its `f64` written back).
    pub fn decimal(&mut self) -> Option<rust_decimal::Decimal> {
        let mut scan = *self;
        scan.byte(b'"')?;
        let (digits, scale) = scan.numeral()?;
        scan.byte(b'"')?;
        *self = scan;
        Some(rust_decimal::Decimal::new(digits, scale))
    }

    /// The text of a string without escapes or control characters (what JSON would read as
    /// written); `None` for any other.
    pub fn plain_string(&mut self) -> Option<&'b [u8]> {
        self.byte(b'"')?;
        let start = self.at;
        let rest = self.bytes.get(start..)?;
        let length = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest.get(length) != Some(&b'"') {
            return None;
        }
        self.at = start + length + 1;
        rest.get(..length)
    }
}

/// Whether two short texts (keys) are the same bytes, compared a word at a time: a call to
/// `memcmp` for each key cost more than the comparing (session 14: `key == name` read the
/// serve bench's inputs in 1 664 instructions an input against 1 632, in time no different).
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        // Two overlapping halves, or byte by byte below four.
        let half = |s: &[u8], at: usize| {
            s.get(at..at + 4)
                .and_then(|w| w.try_into().ok())
                .map(u32::from_ne_bytes)
        };
        return match n.checked_sub(4) {
            Some(last) => half(a, 0) == half(b, 0) && half(a, last) == half(b, last),
            None => a.iter().zip(b).all(|(x, y)| x == y),
        };
    }
    // Words from the start, the last one ending where the texts end (overlapping).
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8)
            .and_then(|w| w.try_into().ok())
            .map(u64::from_ne_bytes)
    };
    let last = n - 8;
    (0..last).step_by(8).all(|at| word(a, at) == word(b, at)) && word(a, last) == word(b, last)
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
    /// The inputs given so far, one bit each.
    given: &'a mut u64,
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
            if *self.given & bit(i) != 0 {
                return Err(not_plain());
            }
            *self.given |= bit(i);
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
