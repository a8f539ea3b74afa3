//! Per-item checking and lowering. [`check_item`] is the tracked query: it reads one item's
//! syntax, the version's signatures and the item's section, and nothing else, so an edit to
//! one item re-checks only that item.

mod decision;
mod expr;
mod literal;
mod names;
mod property;

use std::collections::HashSet;
use std::sync::Arc;

use regel_syntax::{self as ast, ExprKind, ItemKind, Span};

use crate::db::{Db, Version};
use crate::diagnostic::{Diag, suggest};
use crate::index::{
    ItemKey, OutputKind, check_signatures, decision_names, decision_signature, item_index,
    item_syntax, signatures,
};
use crate::ir::{self, Value};
use crate::ty::Ty;
pub use expr::{Cx, FUNCTIONS};
pub use names::{Def, ItemNames, NameUse, item_names};

/// What checking one item produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemCheck {
    /// Spans relative to the item.
    pub diags: Vec<Diag>,
    pub lowered: Lowered,
    /// Parameters the item reads.
    pub params_used: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Lowered {
    #[default]
    Nothing,
    Header(ir::VersionInfo),
    Section(ir::SectionInfo),
    Enum(ir::EnumDef),
    Record(ir::RecordDef),
    Param(ir::ParamDef),
    Decision(Arc<ir::Decision>),
    Test(Arc<ir::Test>),
    Property(Arc<ir::Property>),
}

/// What checking an item reads besides the signatures: its syntax and its section. Interned,
/// so that an item checked once is not checked again when it only changed places (its key
/// shifts when an item above it is added, removed or broken).
#[salsa::interned]
struct CheckInput<'db> {
    #[returns(ref)]
    item: ItemByText,
    #[returns(ref)]
    section: Option<String>,
}

/// An item, hashed by its source text (which determines it) rather than by its whole tree.
#[derive(Debug, Clone)]
struct ItemByText(Arc<ast::Item>);

impl PartialEq for ItemByText {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for ItemByText {}

impl std::hash::Hash for ItemByText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.text.hash(state);
    }
}

/// One item of a version, checked and lowered: shared with the check of the same text, so
/// nothing is copied unless a test's decision moved.
#[salsa::tracked(returns(ref))]
pub fn check_item(db: &dyn Db, version: Version, key: ItemKey) -> Arc<ItemCheck> {
    let Some(item) = item_syntax(db, version, key) else {
        return Arc::default();
    };
    let section = item_index(db, version)
        .get(key)
        .and_then(|e| e.section.clone());
    let input = CheckInput::new(db, ItemByText(item.clone()), section);
    let mut checked = check_syntax(db, version, input).check.clone();
    // A test's check does not depend on where its decision stands; its IR says it.
    if let (Lowered::Test(t), ItemKind::Test(syntax)) = (&checked.lowered, &item.kind)
        && let Some((index, _)) = signatures(db, version).decision_named(&syntax.decision.text())
        && t.decision != index
    {
        let placed = ir::Test {
            decision: index,
            ..(**t).clone()
        };
        Arc::make_mut(&mut checked).lowered = Lowered::Test(Arc::new(placed));
    }
    if let (Lowered::Property(p), ItemKind::Property(syntax)) = (&checked.lowered, &item.kind)
        && let Some((index, _)) = signatures(db, version).decision_named(&syntax.decision.text())
        && p.decision != index
    {
        let placed = ir::Property {
            decision: index,
            ..(**p).clone()
        };
        Arc::make_mut(&mut checked).lowered = Lowered::Property(Arc::new(placed));
    }
    checked
}

/// What checking an item's text produced: the check that [`check_item`] hands on, and the
/// names it resolved, which [`item_names`] hands on (apart, so that a change only to where
/// names stand does not reach the program).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checked {
    check: Arc<ItemCheck>,
    names: Arc<ItemNames>,
}

#[salsa::tracked(returns(ref))]
fn check_syntax<'db>(db: &'db dyn Db, version: Version, input: CheckInput<'db>) -> Checked {
    let item = &input.item(db).0;
    let section = input.section(db);
    let sigs = check_signatures(db, version);
    let mut cx = Cx::new(sigs);
    let lowered = match &item.kind {
        ItemKind::Version(v) => Lowered::Header(header(&mut cx, v)),
        ItemKind::Section(s) => {
            let def = Def::Section(s.number.value.clone());
            cx.names.define(s.number.span, def, None);
            cite_covered(&mut cx, &s.number);
            Lowered::Section(ir::SectionInfo {
                number: s.number.value.clone(),
                title: s.title.value.clone(),
                descriptive: s.descriptive.as_ref().map(|d| d.value.clone()),
            })
        }
        ItemKind::Enum(e) => Lowered::Enum(enum_def(&mut cx, e)),
        ItemKind::Record(r) => Lowered::Record(record_def(&mut cx, r)),
        ItemKind::Param(p) => Lowered::Param(param(&mut cx, p, section.as_deref(), &item.text)),
        ItemKind::Decision(d) => {
            let ctx = decision::ItemContext {
                doc: &item.doc,
                section: section.as_deref(),
                text: &item.text,
            };
            Lowered::Decision(Arc::new(decision::check(&mut cx, d, &ctx)))
        }
        ItemKind::Test(t) => {
            let decision = decision_signature(db, version, t.decision.text()).as_ref();
            let names = || decision_names(db, version);
            test(&mut cx, t, decision, names)
                .map_or(Lowered::Nothing, |t| Lowered::Test(Arc::new(t)))
        }
        ItemKind::Property(p) => {
            let decision = decision_signature(db, version, p.decision.text()).as_ref();
            let names = || decision_names(db, version);
            property::check(&mut cx, p, decision, names)
                .map_or(Lowered::Nothing, |p| Lowered::Property(Arc::new(p)))
        }
    };
    Checked {
        check: Arc::new(ItemCheck {
            params_used: cx.params_used.iter().copied().collect(),
            diags: cx.diags,
            lowered,
        }),
        names: Arc::new(cx.names.finish()),
    }
}

/// Reports a citation outside the version's coverage.
pub(crate) fn cite_covered(cx: &mut Cx<'_>, cite: &ast::StrLit) {
    if !cx.sigs.covers_section(&cite.value) {
        let help = cx
            .sigs
            .covers
            .as_ref()
            .and_then(|c| suggest(&cite.value, c.iter().map(String::as_str)))
            .unwrap_or_else(|| {
                format!("add `\"{}\"` to `covers` in the version header", cite.value)
            });
        cx.report(
            Diag::error(
                "E0510",
                cite.span,
                format!("section `{}` is not covered by this version", cite.value),
            )
            .label("not in the header's `covers`")
            .help(help),
        );
    }
}

pub(crate) fn resolve_type(cx: &mut Cx<'_>, ty: &ast::TypeExpr) -> Ty {
    cx.names.type_uses(cx.sigs, ty);
    match cx.sigs.resolve(ty) {
        Ok(t) => t,
        Err((name, span)) => {
            let help = suggest(&name, cx.sigs.type_names().collect::<Vec<_>>());
            cx.report(
                Diag::error("E0101", span, format!("unknown type `{name}`"))
                    .label("no type of that name")
                    .help_opt(help.or_else(|| {
                        Some(format!(
                            "the built-in types: {}",
                            crate::ty::BUILTIN_TYPES.join(", ")
                        ))
                    })),
            );
            Ty::Error
        }
    }
}

fn header(cx: &mut Cx<'_>, v: &ast::VersionHeader) -> ir::VersionInfo {
    const KEYS: &[&str] = &[
        "title",
        "valid_from",
        "valid_to",
        "source",
        "covers",
        "status",
    ];
    // `status` may be left out: a version without it is adopted.
    const OPTIONAL: &[&str] = &["status"];
    let mut info = ir::VersionInfo {
        id: v.id.value.clone(),
        ..Default::default()
    };
    let mut seen = HashSet::new();
    // Known keys an unknown one probably misspells: not reported missing as well.
    let mut misspelled = HashSet::new();
    for field in &v.fields {
        let key = field.key.name.as_str();
        if !seen.insert(key) {
            cx.report(
                Diag::error("E0102", field.key.span, format!("`{key}` is given twice"))
                    .label("again here")
                    .help("give each header field once"),
            );
        }
        let value = |cx: &mut Cx<'_>, ty: &Ty| cx.expect(&field.value, ty);
        match key {
            "title" => info.title = text_of(value(cx, &Ty::Text)),
            "source" => info.source = text_of(value(cx, &Ty::Text)),
            "valid_from" => info.valid_from = date_of(value(cx, &Ty::Date)),
            "valid_to" => info.valid_to = date_of(value(cx, &Ty::Date)),
            "status" => match text_of(value(cx, &Ty::Text)).as_str() {
                "fastställd" => info.draft = false,
                "utkast" => info.draft = true,
                other => cx.report(
                    Diag::error(
                        "E0506",
                        field.value.span,
                        format!("unknown version status `{other}`"),
                    )
                    .label("not a status")
                    .help("write `status \"utkast\"` for a draft or `status \"fastställd\"` for an adopted version"),
                ),
            },
            "covers" => {
                if let ir::Expr::List(_, items) = value(cx, &Ty::list(Ty::Text)) {
                    info.covers = items.into_iter().map(text_of).collect();
                }
            }
            _ => {
                let suggestion = KEYS
                    .iter()
                    .copied()
                    .filter(|k| suggest(key, [*k]).is_some())
                    .max_by(|a, b| {
                        strsim::jaro_winkler(key, a).total_cmp(&strsim::jaro_winkler(key, b))
                    });
                if let Some(k) = suggestion {
                    misspelled.insert(k);
                }
                cx.report(
                    Diag::error(
                        "E0502",
                        field.key.span,
                        format!("unknown header field `{key}`"),
                    )
                    .label("not a header field")
                    .help(match suggestion {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => format!("the header fields: {}", KEYS.join(", ")),
                    }),
                );
            }
        }
    }
    let missing: Vec<&str> = KEYS
        .iter()
        .copied()
        .filter(|k| !seen.contains(k) && !misspelled.contains(k) && !OPTIONAL.contains(k))
        .collect();
    if !missing.is_empty() {
        let examples: Vec<String> = missing
            .iter()
            .map(|k| match *k {
                "title" => "`title \"…\"`".to_owned(),
                "valid_from" | "valid_to" => format!("`{k} YYYY-MM-DD`"),
                "source" => "`source \"<file of the Beställning>\"`".to_owned(),
                _ => "`covers [\"<section>\", …]`".to_owned(),
            })
            .collect();
        cx.report(
            Diag::error(
                "E0503",
                v.id.span,
                format!("the version header lacks `{}`", missing.join("`, `")),
            )
            .label("incomplete header")
            .help(format!("add {} inside its braces", examples.join(", "))),
        );
    }
    if let (Some(from), Some(to)) = (info.valid_from, info.valid_to)
        && to < from
    {
        {
            let span = v
                .fields
                .iter()
                .find(|f| f.key.name == "valid_to")
                .map_or(v.span, |f| f.value.span);
            cx.report(
                Diag::error(
                    "E0504",
                    span,
                    format!("`valid_to` {to} is before `valid_from` {from}"),
                )
                .label("ends before it starts")
                .help("`valid_to` is the version's last day: it is on or after `valid_from`; are the two swapped?"),
            );
        }
    }
    info
}

fn text_of(e: ir::Expr) -> String {
    match e {
        ir::Expr::Const(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    }
}

fn date_of(e: ir::Expr) -> Option<chrono::NaiveDate> {
    match e {
        ir::Expr::Const(Value::Date(d)) => Some(d),
        _ => None,
    }
}

fn duplicates<'n>(cx: &mut Cx<'_>, names: impl IntoIterator<Item = &'n ast::Ident>, what: &str) {
    let mut seen = HashSet::new();
    for name in names {
        if !seen.insert(name.name.as_str()) {
            cx.report(
                Diag::error(
                    "E0102",
                    name.span,
                    format!("{what} `{}` is defined twice", name.name),
                )
                .label("defined again here")
                .help("remove or rename one of them"),
            );
        }
    }
}

fn enum_def(cx: &mut Cx<'_>, e: &ast::EnumDef) -> ir::EnumDef {
    duplicates(cx, e.variants.iter().map(|v| &v.name), "variant");
    let ty = cx
        .sigs
        .enum_named(&e.name.name)
        .map(|(id, sig)| Ty::Enum(id, sig.name.as_str().into()));
    cx.names
        .define(e.name.span, Def::Type(e.name.name.clone()), ty.as_ref());
    for v in &e.variants {
        let def = Def::Variant {
            ty: e.name.name.clone(),
            name: v.name.name.clone(),
        };
        cx.names.define(v.name.span, def, ty.as_ref());
    }
    if let Some(cite) = &e.cite {
        cx.cite(cite);
    }
    if e.variants.is_empty() {
        cx.report(
            Diag::error(
                "E0111",
                e.name.span,
                format!("enum `{}` has no variants", e.name.name),
            )
            .label("empty"),
        );
    }
    ir::EnumDef {
        name: e.name.name.clone(),
        variants: e.variants.iter().map(|v| v.name.name.clone()).collect(),
    }
}

fn record_def(cx: &mut Cx<'_>, r: &ast::RecordDef) -> ir::RecordDef {
    duplicates(cx, r.fields.iter().map(|f| &f.name), "field");
    let ty = cx
        .sigs
        .record_named(&r.name.name)
        .map(|(id, sig)| Ty::Record(id, sig.name.as_str().into()));
    cx.names
        .define(r.name.span, Def::Type(r.name.name.clone()), ty.as_ref());
    if let Some(cite) = &r.cite {
        cx.cite(cite);
    }
    let fields = r
        .fields
        .iter()
        .map(|f| {
            let ty = resolve_type(cx, &f.ty);
            let def = Def::Field {
                ty: r.name.name.clone(),
                name: f.name.name.clone(),
            };
            cx.names.define(f.name.span, def, Some(&ty));
            (f.name.name.clone(), ty)
        })
        .collect();
    ir::RecordDef {
        name: r.name.name.clone(),
        fields,
    }
}

fn param(cx: &mut Cx<'_>, p: &ast::Param, section: Option<&str>, text: &str) -> ir::ParamDef {
    let ty = resolve_type(cx, &p.ty);
    cx.names
        .define(p.name.span, Def::Param(p.name.name.clone()), Some(&ty));
    let value = cx.expect(&p.value, &ty);
    if let Some(cite) = &p.cite {
        cx.cite(cite);
    }
    let cite = p
        .cite
        .as_ref()
        .map(|c| c.value.clone())
        .or_else(|| section.map(str::to_owned));
    if cite.is_none() {
        cx.report(
            Diag::warning(
                "W0001",
                p.name.span,
                format!("parameter `{}` cites no section", p.name.name),
            )
            .label("uncited")
            .help("add `@ \"<section>\"` or put it under a `section` line"),
        );
    }
    let deps = cx.params_used.iter().copied().collect();
    let domain = p.domain.as_ref().map(|d| {
        (
            param_domain(cx, p, d),
            text.get(d.span.range()).unwrap_or_default().to_owned(),
        )
    });
    ir::ParamDef {
        name: p.name.name.clone(),
        ty,
        value,
        cite,
        deps,
        domain,
        written: written(&p.value),
    }
}

/// How a parameter's value is written: every number literal in it a percentage (`10 %`),
/// every one in millions of kronor (`499.2 mnkr - 15.8 mnkr`), or otherwise.
fn written(value: &ast::Expr) -> ir::Written {
    let mut first = None;
    match (same_units(value, &mut first), first) {
        (true, Some(unit)) => unit,
        _ => ir::Written::Plain,
    }
}

/// Whether every number literal in `e` is written in the unit of the first one met, which
/// `first` keeps (anything but a percentage or mnkr counts as plain).
fn same_units(e: &ast::Expr, first: &mut Option<ir::Written>) -> bool {
    let unit = match &e.kind {
        ExprKind::Percent(_) => ir::Written::Percent,
        ExprKind::Money(_, ast::MoneyUnit::Mnkr) => ir::Written::Mnkr,
        ExprKind::Binary(_, l, r) => return same_units(l, first) && same_units(r, first),
        ExprKind::Unary(_, x) => return same_units(x, first),
        _ => ir::Written::Plain,
    };
    *first.get_or_insert(unit) == unit
}

/// A parameter's `where` reads the parameter only (reading it there is no use of it).
fn param_domain(cx: &mut Cx<'_>, p: &ast::Param, domain: &ast::Expr) -> ir::Expr {
    let before = cx.params_used.clone();
    let cond = cx.expect(domain, &Ty::Bool);
    let own = cx.sigs.param_named(&p.name.name).map(|(i, _)| i);
    let others = cx
        .params_used
        .iter()
        .any(|i| !before.contains(i) && Some(*i) != own);
    cx.params_used = before;
    if others {
        cx.report(
            Diag::error(
                "E0115",
                domain.span,
                format!("the domain of parameter `{}` reads another parameter", p.name.name),
            )
            .label("reads more than its own parameter")
            .help("a `where` limits the parameter's own values, e.g. `where vite_andel >= 0 and vite_andel <= 1`"),
        );
    }
    cond
}

/// Checks a test of `decision` (its signature, if there is one of the name the test gives);
/// `names` gives every decision's name, for a suggestion. The test's IR says decision 0:
/// [`check_item`] puts in where the decision stands.
fn test<'n>(
    cx: &mut Cx<'_>,
    t: &ast::TestBlock,
    decision: Option<&crate::index::DecisionSig>,
    names: impl FnOnce() -> &'n Vec<String>,
) -> Option<ir::Test> {
    let name = t.decision.text();
    let index = 0;
    cx.names
        .define(t.name.span, Def::Test(t.name.value.clone()), None);
    let Some(sig) = decision else {
        let help = suggest(
            &name,
            names().iter().map(String::as_str).collect::<Vec<_>>(),
        );
        cx.report(
            Diag::error(
                "E0104",
                t.decision.span,
                format!("unknown decision `{name}`"),
            )
            .label("no decision of that name")
            .help_opt(help),
        );
        return None;
    };
    let sig = sig.clone();
    cx.names
        .refer(t.decision.span, Def::Decision(name.clone()), None);
    cx.names.decision = Some(name.clone());
    let inputs: Vec<(String, Ty)> = sig
        .inputs
        .iter()
        .map(|(n, t, _)| (n.clone(), t.clone()))
        .collect();
    let given = cx.field_inits(
        &t.given,
        &inputs,
        t.given_span,
        (&format!("decision `{name}`"), "input"),
        false,
    );
    cx.names.decision_members(&t.given, &inputs);
    let missing: Vec<&str> = sig
        .inputs
        .iter()
        .zip(&given)
        .filter(|((_, ty, has_default), g)| {
            g.is_none() && !has_default && !matches!(ty, Ty::Optional(_))
        })
        .map(|((n, _, _), _)| n.as_str())
        .collect();
    if !missing.is_empty() {
        cx.report(
            Diag::error(
                "E0112",
                t.given_span,
                format!("the test gives no value for `{}`", missing.join("`, `")),
            )
            .label(if missing.len() == 1 {
                "input missing"
            } else {
                "inputs missing"
            })
            .help("every input without a default needs a value"),
        );
    }
    let given = numbered(given);
    let params: Vec<(String, Ty)> = cx
        .sigs
        .params
        .iter()
        .map(|p| (p.name.clone(), p.ty.clone()))
        .collect();
    let overrides = numbered(cx.field_inits(
        &t.overrides,
        &params,
        t.span,
        ("this version", "parameter"),
        false,
    ));
    cx.names
        .members(&t.overrides, &params, |n| Some(Def::Param(n.to_owned())));
    let expect = match &t.expect {
        ast::Expect::Output { fields, span } => {
            let outputs: Vec<(String, Ty)> = sig
                .outputs
                .iter()
                .map(|(n, t, _)| (n.clone(), t.clone()))
                .collect();
            let values = cx.field_inits(
                fields,
                &outputs,
                *span,
                (&format!("decision `{name}`"), "output"),
                false,
            );
            cx.names.decision_members(fields, &outputs);
            expected_reason(cx, fields, &sig);
            ir::Expectation::Output(numbered(values))
        }
        ast::Expect::Rejected { reason, .. } => {
            if sig.require_reasons.contains(&reason.name) {
                let def = cx.names.reason(&reason.name);
                if let Some(def) = def {
                    cx.names.refer(reason.span, def, None);
                }
            } else {
                let help = suggest(&reason.name, sig.require_reasons.iter().map(String::as_str));
                cx.report(
                    Diag::error(
                        "E0702",
                        reason.span,
                        format!("no `require` of `{name}` fails with `{}`", reason.name),
                    )
                    .label("unknown reason")
                    .help_opt(help),
                );
            }
            ir::Expectation::Rejected(reason.name.clone())
        }
    };
    Some(ir::Test {
        name: t.name.value.clone(),
        decision: index,
        given,
        overrides,
        expect,
        origin: ir::Origin::default(),
    })
}

/// An expected `skal` must be a reason some rule gives.
fn expected_reason(cx: &mut Cx<'_>, fields: &[ast::FieldInit], sig: &crate::index::DecisionSig) {
    let is_reason = |n: &str| {
        sig.outputs
            .iter()
            .any(|(o, _, k)| o == n && *k == OutputKind::Reason)
    };
    for field in fields.iter().filter(|f| is_reason(&f.name.name)) {
        let ExprKind::Text(code) = &field.value.kind else {
            continue;
        };
        if sig.rule_reasons.contains(code) {
            if let Some(def) = cx.names.reason(code) {
                cx.names.refer(field.value.span, def, None);
            }
        } else {
            {
                let help = suggest(code, sig.rule_reasons.iter().map(String::as_str));
                cx.report(
                    Diag::error(
                        "E0702",
                        field.value.span,
                        format!("no rule of `{}` gives `{code}`", sig.name),
                    )
                    .label("unknown reason code")
                    .help_opt(help),
                );
            }
        }
    }
}

fn numbered(values: Vec<Option<ir::Expr>>) -> Vec<(u32, ir::Expr)> {
    values
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| Some((crate::index::index_u32(i), v?)))
        .collect()
}

/// 0-based line of a relative offset within an item's text.
pub(crate) fn line_in(text: &str, span: Span) -> u32 {
    crate::diagnostic::position(text, span.start).line
}
