//! Verification as salsa queries, for the language server: one query per decision, reading the
//! decision's checked IR (memoized by its text) and the version's types and parameters (a
//! query of their own, equal after an edit that does not touch them). An edit re-verifies only
//! the decision it touched; placing the findings in the file is a separate, cheap query.

use std::sync::Arc;

use regel_compiler::ir::{self, Program};
use regel_compiler::{
    Db, Diagnostic, ItemKey, ItemTag, Lowered, Version, check_item, item_index, item_location,
    item_syntax, program,
};
use regel_eval::Engine;

use crate::{Finding, Options, Report};

/// What verifying any decision reads besides the decision itself.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Context {
    enums: Vec<ir::EnumDef>,
    records: Vec<ir::RecordDef>,
    params: Vec<ir::ParamDef>,
    param_order: Vec<u32>,
}

#[salsa::tracked(returns(ref))]
fn context(db: &dyn Db, version: Version) -> Arc<Context> {
    let p = program(db, version);
    Arc::new(Context {
        enums: p.enums.clone(),
        records: p.records.clone(),
        params: p.params.clone(),
        param_order: p.param_order.clone(),
    })
}

/// The findings on one decision, with lines relative to the decision's first line (0-based)
/// and no file: what the item's text and the context determine.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionReport {
    pub findings: Vec<Finding>,
    /// Whether a gap (E0300) was decided: proved absent or found.
    pub gaps_decided: bool,
}

impl Eq for DecisionReport {}

/// Verifies the decision at `key` (nothing for another kind of item).
#[salsa::tracked(returns(ref))]
pub fn decision_report(db: &dyn Db, version: Version, key: ItemKey) -> Arc<DecisionReport> {
    let checked = check_item(db, version, key);
    let Lowered::Decision(d) = &checked.lowered else {
        return Arc::new(DecisionReport {
            findings: Vec::new(),
            gaps_decided: true,
        });
    };
    let cx = context(db, version);
    let program = Arc::new(Program {
        enums: cx.enums.clone(),
        records: cx.records.clone(),
        params: cx.params.clone(),
        param_order: cx.param_order.clone(),
        decisions: vec![d.clone()],
        ..Program::default()
    });
    let decision = d.clone();
    let Some(report) = crate::prover::run(move || {
        let engine = Engine::new(program.clone()).ok()?;
        let mut report = Report::default();
        crate::verify_decision(
            &engine,
            &program,
            &decision,
            &[],
            Options::default(),
            &mut report,
        );
        Some(report)
    }) else {
        return Arc::new(DecisionReport {
            findings: Vec::new(),
            gaps_decided: false,
        });
    };
    Arc::new(DecisionReport {
        gaps_decided: report.gaps_decided(&d.name),
        findings: report.findings,
    })
}

/// The findings of every decision of `version`, placed in their files, and the decisions
/// whose gaps were decided (the checker's syntactic E0300 on them is superseded).
/// The decisions that need proving share one prover thread (see [`crate::prover`]).
pub fn version_findings(db: &dyn Db, version: Version) -> (Vec<Diagnostic>, Vec<String>) {
    let _prover = crate::prover::Session::open();
    let mut out = Vec::new();
    let mut decided = Vec::new();
    for entry in item_index(db, version).of(ItemTag::Decision) {
        let report = decision_report(db, version, entry.key);
        if report.gaps_decided {
            decided.push(entry.name.clone());
        }
        if report.findings.is_empty() {
            continue;
        }
        let Some((file, offset)) = item_location(db, version, entry.key) else {
            continue;
        };
        let text = file.text(db);
        let path = file.path(db).clone();
        // A finding's line counts from the decision's name line (the IR's origin), which stands
        // below the decision's doc comment: the item starts at the comment.
        let name = match item_syntax(db, version, entry.key)
            .as_deref()
            .map(|i| &i.kind)
        {
            Some(regel_syntax::ItemKind::Decision(d)) => d.name.span.start,
            _ => 0,
        };
        let first_line = text
            .get(..(offset + name) as usize)
            .map_or(0, |before| before.matches('\n').count());
        let placed = Report {
            findings: report
                .findings
                .iter()
                .map(|f| Finding {
                    file: path.clone(),
                    line: f.line + first_line as u32 + 1,
                    ..f.clone()
                })
                .collect(),
            ..Report::default()
        };
        out.extend(placed.diagnostics(|_| Some(text.clone())));
    }
    (out, decided)
}

/// The checker's diagnostics with `E0300` decided by the prover, as every front end shows them:
/// rules without `otherwise` that provably cover every input need none, and a gap is shown with
/// an input no rule meets. The prover runs only when the checker saw a possible gap and no
/// other error, so a clean version costs nothing more than the checker.
pub fn proved_diagnostics(db: &dyn Db, version: Version) -> Vec<Diagnostic> {
    let all = regel_compiler::diagnostics(db, version);
    if has_other_errors(&all) {
        return all;
    }
    if let Some(param) = param_diagnostic(db, version) {
        return merge(all, [param.clone()], &[]);
    }
    if !all.iter().any(|d| d.code == "E0300") {
        return all;
    }
    let (findings, decided) = version_findings(db, version);
    merge(
        all,
        findings.into_iter().filter(|d| d.code == "E0300"),
        &decided,
    )
}

/// [`proved_diagnostics`] and, once the types check, every finding of the prover (warnings
/// beside the gaps): what the language server publishes and `regel check` prints.
pub fn diagnostics_with_findings(db: &dyn Db, version: Version) -> Vec<Diagnostic> {
    let all = regel_compiler::diagnostics(db, version);
    if has_other_errors(&all) {
        return all;
    }
    if let Some(param) = param_diagnostic(db, version) {
        return merge(all, [param.clone()], &[]);
    }
    let (findings, decided) = version_findings(db, version);
    merge(all, findings, &decided)
}

/// The first parameter (in evaluation order) whose own value falls outside its `where`, or
/// cannot be evaluated at all (an overflow): E0116 on its name. Every decision would fail
/// on it, so the version does not compile. It reads the version's program as it is (a copy
/// of the parameters, as [`context`] makes, would cost some 400 bytes a parameter).
#[salsa::tracked(returns(ref))]
fn param_diagnostic(db: &dyn Db, version: Version) -> Option<Diagnostic> {
    let program = program(db, version);
    let (name, error) = regel_eval::param_values(&program).err()?;
    let entry = item_index(db, version)
        .of(ItemTag::Param)
        .find(|e| e.name == name)?
        .key;
    let (file, offset) = item_location(db, version, entry)?;
    let span = match item_syntax(db, version, entry).as_deref().map(|i| &i.kind) {
        Some(regel_syntax::ItemKind::Param(p)) => p.name.span,
        _ => regel_syntax::Span::default(),
    };
    Some(Diagnostic {
        code: "E0116",
        severity: regel_compiler::Severity::Error,
        message: format!("parameter `{name}` cannot take its value: {}", error.message),
        file: file.path(db).clone(),
        span: span.shift(offset),
        label: "its value".into(),
        help: Some(
            "give the parameter a value within its `where` (and within the calendar and the size of numbers)"
                .into(),
        ),
    })
}

fn has_other_errors(all: &[Diagnostic]) -> bool {
    all.iter().any(|d| d.is_error() && d.code != "E0300")
}

/// The checker's diagnostics without the syntactic E0300 of decisions the prover decided,
/// with the prover's own `findings` added, sorted as the checker sorts.
fn merge(
    all: Vec<Diagnostic>,
    findings: impl IntoIterator<Item = Diagnostic>,
    decided: &[String],
) -> Vec<Diagnostic> {
    let superseded = |d: &Diagnostic| {
        d.code == "E0300"
            && d.message
                .split('`')
                .nth(1)
                .is_some_and(|name| decided.iter().any(|n| n == name))
    };
    let mut out: Vec<Diagnostic> = all.into_iter().filter(|d| !superseded(d)).collect();
    out.extend(findings);
    out.sort_by(|a, b| (&a.file, a.span.start, a.code).cmp(&(&b.file, b.span.start, b.code)));
    out
}
