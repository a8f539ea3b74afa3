//! The item index and the version's signatures: everything a body may refer to, without the
//! bodies themselves. Editing a decision's rules leaves both equal, so salsa backdates them and
//! the other decisions are not re-checked.

use std::collections::HashMap;
use std::sync::Arc;

use regel_syntax::{self as ast, ItemKind, Span, TypeKind};

use crate::db::{Db, SourceFile, Version};
use crate::decl::file_decls;
use crate::source::file_items;
use crate::ty::{EnumId, RecordId, Ty, builtin_type};

/// Which item of a version: file index in [`Version::files`], item index in that file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub file: u32,
    pub item: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemTag {
    Version,
    Section,
    Param,
    Enum,
    Record,
    Decision,
    Test,
    Property,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexEntry {
    pub key: ItemKey,
    pub tag: ItemTag,
    pub name: String,
    /// Relative to the item.
    pub name_span: Span,
    /// The number of the section the item stands in.
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemIndex {
    pub entries: Vec<IndexEntry>,
}

impl ItemIndex {
    pub fn of(&self, tag: ItemTag) -> impl Iterator<Item = &IndexEntry> {
        self.entries.iter().filter(move |e| e.tag == tag)
    }

    pub fn get(&self, key: ItemKey) -> Option<&IndexEntry> {
        // Entries are in key order: files in order, items in order within each.
        let at = self.entries.binary_search_by_key(&key, |e| e.key).ok()?;
        self.entries.get(at)
    }
}

pub(crate) fn index_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One file's part of the index: equal after an edit that renames nothing, so the version's
/// index is not rebuilt.
#[salsa::tracked(returns(ref))]
fn file_entries(db: &dyn Db, file: SourceFile) -> Vec<IndexEntry> {
    let mut section = None;
    let mut entries = Vec::new();
    for (item_no, placed) in file_items(db, file).items.iter().enumerate() {
        let (tag, name, name_span) = describe(&placed.item.kind);
        if let ItemKind::Section(s) = &placed.item.kind {
            section = Some(s.number.value.clone());
        }
        entries.push(IndexEntry {
            key: ItemKey {
                file: 0,
                item: index_u32(item_no),
            },
            tag,
            name,
            name_span,
            section: section.clone(),
        });
    }
    entries
}

#[salsa::tracked(returns(ref))]
pub fn item_index(db: &dyn Db, version: Version) -> ItemIndex {
    let mut entries = Vec::new();
    for (file_no, file) in version.files(db).iter().enumerate() {
        entries.extend(file_entries(db, *file).iter().map(|e| IndexEntry {
            key: ItemKey {
                file: index_u32(file_no),
                item: e.key.item,
            },
            ..e.clone()
        }));
    }
    ItemIndex { entries }
}

/// Where an item's name stands, relative to the item.
pub(crate) fn name_span(kind: &ItemKind) -> Span {
    match kind {
        ItemKind::Version(v) => v.id.span,
        ItemKind::Section(s) => s.number.span,
        ItemKind::Param(p) => p.name.span,
        ItemKind::Enum(e) => e.name.span,
        ItemKind::Record(r) => r.name.span,
        ItemKind::Decision(d) => d.name.span,
        ItemKind::Test(t) => t.name.span,
        ItemKind::Property(p) => p.name.span,
    }
}

fn describe(kind: &ItemKind) -> (ItemTag, String, Span) {
    match kind {
        ItemKind::Version(v) => (ItemTag::Version, v.id.value.clone(), v.id.span),
        ItemKind::Section(s) => (ItemTag::Section, s.number.value.clone(), s.number.span),
        ItemKind::Param(p) => (ItemTag::Param, p.name.name.clone(), p.name.span),
        ItemKind::Enum(e) => (ItemTag::Enum, e.name.name.clone(), e.name.span),
        ItemKind::Record(r) => (ItemTag::Record, r.name.name.clone(), r.name.span),
        ItemKind::Decision(d) => (ItemTag::Decision, d.name.text(), d.name.span),
        ItemKind::Test(t) => (ItemTag::Test, t.name.value.clone(), t.name.span),
        ItemKind::Property(p) => (ItemTag::Property, p.name.value.clone(), p.name.span),
    }
}

/// One item's syntax with its offset zeroed: equal whenever the item's text is, wherever it
/// stands in the file.
#[salsa::tracked(returns(clone))]
pub fn item_syntax(db: &dyn Db, version: Version, key: ItemKey) -> Option<Arc<ast::Item>> {
    let file = version.files(db).get(key.file as usize)?;
    let placed = file_items(db, *file).items.get(key.item as usize)?;
    Some(placed.item.clone())
}

/// Where an item starts in its file, and the file's path.
pub fn item_location(db: &dyn Db, version: Version, key: ItemKey) -> Option<(SourceFile, u32)> {
    let file = *version.files(db).get(key.file as usize)?;
    let offset = file_items(db, file).items.get(key.item as usize)?.offset;
    Some((file, offset))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumSig {
    pub name: String,
    pub variants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSig {
    pub name: String,
    pub fields: Vec<(String, Ty)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSig {
    pub name: String,
    pub ty: Ty,
    pub key: ItemKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    PerRule,
    Computed,
    Reason,
    Citation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionSig {
    pub name: String,
    pub key: ItemKey,
    /// (name, type, has a default)
    pub inputs: Vec<(String, Ty, bool)>,
    pub outputs: Vec<(String, Ty, OutputKind)>,
    /// Reason codes of its `require`s.
    pub require_reasons: Vec<String>,
    /// Reason codes of its rules.
    pub rule_reasons: Vec<String>,
}

impl DecisionSig {
    /// The declared type of an input or output (an input first), unless it is unknown.
    pub fn local_type(&self, name: &str) -> Option<Ty> {
        let input = self
            .inputs
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, t, _)| t);
        let output = self
            .outputs
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, t, _)| t);
        input.or(output).filter(|t| !t.is_error()).cloned()
    }
}

/// The types of everything nameable in a version, in index order. The first definition of a
/// duplicated name wins; the duplicate is reported by the version check.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signatures {
    pub enums: Vec<EnumSig>,
    pub records: Vec<RecordSig>,
    pub params: Vec<ParamSig>,
    pub decisions: Vec<DecisionSig>,
    /// The sections the version header says it covers; `None` without a readable header.
    pub covers: Option<Vec<String>>,
    /// Each name's place in its list, made by [`Signatures::indexed`] once the lists are
    /// whole: looking a name up is then constant, not a walk of every declaration (which
    /// made checking quadratic in the number of parameters).
    names: Names,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Names {
    built: bool,
    enums: HashMap<String, u32>,
    records: HashMap<String, u32>,
    params: HashMap<String, u32>,
    decisions: HashMap<String, u32>,
}

/// `items[i]` of the name at `i` in `index`, or a walk of the list while it is being built.
fn named<'a, T>(
    built: bool,
    index: &HashMap<String, u32>,
    items: &'a [T],
    name: &str,
    name_of: impl Fn(&T) -> &str,
) -> Option<(u32, &'a T)> {
    if built {
        let i = *index.get(name)?;
        return items.get(i as usize).map(|t| (i, t));
    }
    position(items, |t| name_of(t) == name)
}

fn index_of<T>(items: &[T], name_of: impl Fn(&T) -> &str) -> HashMap<String, u32> {
    let mut index = HashMap::with_capacity(items.len());
    for (i, t) in items.iter().enumerate() {
        // The first of a duplicated name wins, as a walk of the list finds it.
        index.entry(name_of(t).to_owned()).or_insert(index_u32(i));
    }
    index
}

impl Signatures {
    /// The same signatures with the name index built (see `names`).
    pub fn indexed(mut self) -> Self {
        self.names = Names {
            built: true,
            enums: index_of(&self.enums, |e| &e.name),
            records: index_of(&self.records, |r| &r.name),
            params: index_of(&self.params, |p| &p.name),
            decisions: index_of(&self.decisions, |d| &d.name),
        };
        self
    }

    pub fn enum_named(&self, name: &str) -> Option<(EnumId, &EnumSig)> {
        named(
            self.names.built,
            &self.names.enums,
            &self.enums,
            name,
            |e| &e.name,
        )
        .map(|(i, e)| (EnumId(i), e))
    }

    pub fn record_named(&self, name: &str) -> Option<(RecordId, &RecordSig)> {
        named(
            self.names.built,
            &self.names.records,
            &self.records,
            name,
            |r| &r.name,
        )
        .map(|(i, r)| (RecordId(i), r))
    }

    pub fn param_named(&self, name: &str) -> Option<(u32, &ParamSig)> {
        named(
            self.names.built,
            &self.names.params,
            &self.params,
            name,
            |p| &p.name,
        )
    }

    pub fn decision_named(&self, name: &str) -> Option<(u32, &DecisionSig)> {
        named(
            self.names.built,
            &self.names.decisions,
            &self.decisions,
            name,
            |d| &d.name,
        )
    }

    pub fn covers_section(&self, number: &str) -> bool {
        self.covers
            .as_ref()
            .is_none_or(|c| c.iter().any(|s| s == number))
    }

    /// Every type name in scope, for suggestions.
    pub fn type_names(&self) -> impl Iterator<Item = &str> {
        let builtins = crate::ty::BUILTIN_TYPES.iter().copied();
        builtins
            .chain(self.enums.iter().map(|e| e.name.as_str()))
            .chain(self.records.iter().map(|r| r.name.as_str()))
    }

    /// Resolves a written type; `None` names the unknown type.
    pub fn resolve(&self, ty: &ast::TypeExpr) -> Result<Ty, (String, Span)> {
        match &ty.kind {
            TypeKind::Named(name) => builtin_type(&name.name)
                .or_else(|| {
                    self.enum_named(&name.name)
                        .map(|(id, e)| Ty::Enum(id, e.name.as_str().into()))
                })
                .or_else(|| {
                    let (id, r) = self.record_named(&name.name)?;
                    Some(Ty::Record(id, r.name.as_str().into()))
                })
                .ok_or_else(|| (name.name.clone(), name.span)),
            TypeKind::List(inner) => self.resolve(inner).map(Ty::list),
            TypeKind::Optional(inner) => self.resolve(inner).map(Ty::optional),
        }
    }

    fn resolve_or_error(&self, ty: &ast::TypeExpr) -> Ty {
        self.resolve(ty).unwrap_or(Ty::Error)
    }
}

fn position<T>(items: &[T], pred: impl Fn(&T) -> bool) -> Option<(u32, &T)> {
    items
        .iter()
        .enumerate()
        .find(|(_, t)| pred(t))
        .map(|(i, t)| (index_u32(i), t))
}

#[salsa::tracked(returns(ref))]
pub fn signatures(db: &dyn Db, version: Version) -> Signatures {
    let mut items: Vec<(ItemKey, &ItemKind)> = Vec::new();
    for (file_no, file) in version.files(db).iter().enumerate() {
        let decls = file_decls(db, *file).iter().enumerate();
        items.extend(decls.filter_map(|(item_no, decl)| {
            let key = ItemKey {
                file: index_u32(file_no),
                item: index_u32(item_no),
            };
            Some((key, decl.as_ref()?))
        }));
    }
    let mut sigs = Signatures::default();
    let mut seen: HashMap<(bool, String), ()> = HashMap::new();
    let mut first =
        |is_type: bool, name: &str| seen.insert((is_type, name.to_owned()), ()).is_none();
    // Types first, so that fields, params and inputs can name them.
    for (_, kind) in &items {
        match kind {
            ItemKind::Enum(e) if first(true, &e.name.name) => sigs.enums.push(EnumSig {
                name: e.name.name.clone(),
                variants: e.variants.iter().map(|v| v.name.name.clone()).collect(),
            }),
            ItemKind::Record(r) if first(true, &r.name.name) => sigs.records.push(RecordSig {
                name: r.name.name.clone(),
                fields: Vec::new(),
            }),
            _ => {}
        }
    }
    let record_fields: Vec<Vec<(String, Ty)>> = items
        .iter()
        .filter_map(|(_, kind)| match kind {
            ItemKind::Record(r) => Some(r),
            _ => None,
        })
        .filter(|r| first(false, &format!("record {}", r.name.name)))
        .map(|r| {
            r.fields
                .iter()
                .map(|f| (f.name.name.clone(), sigs.resolve_or_error(&f.ty)))
                .collect()
        })
        .collect();
    for (record, fields) in sigs.records.iter_mut().zip(record_fields) {
        record.fields = fields;
    }
    for (key, kind) in &items {
        match kind {
            ItemKind::Param(p) if first(false, &p.name.name) => sigs.params.push(ParamSig {
                name: p.name.name.clone(),
                ty: sigs.resolve_or_error(&p.ty),
                key: *key,
            }),
            ItemKind::Decision(d) if first(false, &d.name.text()) => {
                let sig = decision_sig(&sigs, *key, d);
                sigs.decisions.push(sig);
            }
            ItemKind::Version(v) if sigs.covers.is_none() => sigs.covers = Some(covers(v)),
            _ => {}
        }
    }
    sigs.indexed()
}

const NOWHERE: ItemKey = ItemKey { file: 0, item: 0 };

/// The signatures an item's check reads: without the keys of the items they come from, and
/// without the decisions (only a test reads one, through [`decision_signature`]). Equal when
/// items only moved (an item added above them shifts their keys) or a decision changed, so no
/// other item is checked again.
#[salsa::tracked(returns(ref))]
pub(crate) fn check_signatures(db: &dyn Db, version: Version) -> Signatures {
    let sigs = signatures(db, version);
    Signatures {
        enums: sigs.enums.clone(),
        records: sigs.records.clone(),
        params: sigs
            .params
            .iter()
            .map(|p| ParamSig {
                key: NOWHERE,
                ..p.clone()
            })
            .collect(),
        decisions: Vec::new(),
        covers: sigs.covers.clone(),
        names: Names::default(),
    }
    .indexed()
}

/// The signature of the decision a test names, without its key: only the tests of a decision
/// whose signature changed are checked again.
#[salsa::tracked(returns(ref))]
pub(crate) fn decision_signature(
    db: &dyn Db,
    version: Version,
    name: String,
) -> Option<DecisionSig> {
    let (_, sig) = signatures(db, version).decision_named(&name)?;
    Some(DecisionSig {
        key: NOWHERE,
        ..sig.clone()
    })
}

/// Every decision's name, to suggest one for a name that is none.
#[salsa::tracked(returns(ref))]
pub(crate) fn decision_names(db: &dyn Db, version: Version) -> Vec<String> {
    let sigs = signatures(db, version);
    sigs.decisions.iter().map(|d| d.name.clone()).collect()
}

fn decision_sig(sigs: &Signatures, key: ItemKey, d: &ast::Decision) -> DecisionSig {
    let mut sig = DecisionSig {
        name: d.name.text(),
        key,
        inputs: Vec::new(),
        outputs: Vec::new(),
        require_reasons: Vec::new(),
        rule_reasons: Vec::new(),
    };
    for member in &d.members {
        match member {
            ast::Member::Input(i) => sig.inputs.push((
                i.name.name.clone(),
                sigs.resolve_or_error(&i.ty),
                i.default.is_some(),
            )),
            ast::Member::Output(o) => sig.outputs.push(output_sig(sigs, o)),
            ast::Member::Require(r) => sig.require_reasons.push(r.reason.name.clone()),
            ast::Member::Rule(r) => {
                sig.require_reasons
                    .extend(r.requires.iter().map(|q| q.reason.name.clone()));
                sig.rule_reasons.push(r.reason.name.clone());
            }
            ast::Member::Let(_) | ast::Member::Error(_) => {}
        }
    }
    sig
}

pub(crate) fn output_sig(sigs: &Signatures, o: &ast::OutputDecl) -> (String, Ty, OutputKind) {
    let name = o.name.name.clone();
    match (&o.ty, &o.value) {
        (None, _) if name == "skal" => (name, Ty::Text, OutputKind::Reason),
        (None, _) if name == "paragraf" => (name, Ty::Text, OutputKind::Citation),
        (None, _) => (name, Ty::Error, OutputKind::PerRule),
        (Some(ty), value) => {
            let kind = if value.is_some() {
                OutputKind::Computed
            } else {
                OutputKind::PerRule
            };
            (name, sigs.resolve_or_error(ty), kind)
        }
    }
}

fn covers(v: &ast::VersionHeader) -> Vec<String> {
    let field = v.fields.iter().find(|f| f.key.name == "covers");
    match field.map(|f| &f.value.kind) {
        Some(ast::ExprKind::List(items)) => items
            .iter()
            .filter_map(|e| match &e.kind {
                ast::ExprKind::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
