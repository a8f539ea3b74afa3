//! Code lenses and the commands behind them:
//! - "▶ Kör testet" above each test block: `regel.runTest` (`[uri, name]`), and `regel.runTestAt`
//!   (`[uri, {line, character}]`, the test around a position, for the editor's command). Both
//!   answer `{ name, passed, message }`, the message in Swedish ([`crate::verdict`]);
//!   `regel.runTestAt` answers `null` where no test block stands.
//! - "Kör" above each decision that has a test: `regel.evaluate` (see [`crate::evaluate`]).
//! - "Ändrad sedan 2021" (or "Ny sedan 2021") above each parameter, type and decision that
//!   changed since the previous version: `regel.itemDiff` (`[uri, name]`), which answers
//!   `{ title, html }`, the `regel diff` page of that item's changes.

use std::sync::Arc;

use lsp_types::{CodeLens, Command, Position, Uri};
use regel_compiler::{parse_file, program};
use regel_diff::ChangeKind;
use regel_eval::run_tests;
use regel_syntax::{ItemKind, Span};
use serde_json::{Value, json};

use crate::changes;
use crate::evaluate::{EVALUATE, first_test};
use crate::model::item_at;
use crate::session::{Doc, Failure, Session};
use crate::text::Lines;
use crate::verdict;

pub const RUN_TEST: &str = "regel.runTest";
pub const RUN_TEST_AT: &str = "regel.runTestAt";
pub const ITEM_DIFF: &str = "regel.itemDiff";
/// Every command the server runs, as its capabilities list them.
pub const COMMANDS: [&str; 4] = [RUN_TEST, RUN_TEST_AT, EVALUATE, ITEM_DIFF];

/// The lenses of a file: "▶ Kör testet" on every test block, "Kör" on every decision with a
/// test, "Ändrad sedan …" on every item changed since the previous version.
pub fn code_lenses(s: &Session, uri: &Uri, doc: Doc) -> Vec<CodeLens> {
    let db = s.db();
    let lines = Lines::new(doc.file.text(db));
    let program = program(db, doc.version);
    let since = changes::since_previous(s, doc.version);
    let lens = |span: Span, title: String, command: &str, name: &str| CodeLens {
        range: lines.range(span.start as usize, span.end as usize),
        command: Some(Command {
            title,
            command: command.into(),
            arguments: Some(vec![json!(uri), json!(name)]),
        }),
        data: None,
    };
    let mut lenses = Vec::new();
    for item in &parse_file(db, doc.file).items {
        let (name, span) = match &item.kind {
            ItemKind::Test(t) => {
                let span = t.name.span.shift(item.offset);
                lenses.push(lens(span, "▶ Kör testet".into(), RUN_TEST, &t.name.value));
                continue;
            }
            ItemKind::Decision(d) => (d.name.text(), d.name.span),
            ItemKind::Param(p) => (p.name.name.clone(), p.name.span),
            ItemKind::Enum(e) => (e.name.name.clone(), e.name.span),
            ItemKind::Record(r) => (r.name.name.clone(), r.name.span),
            _ => continue,
        };
        let span = span.shift(item.offset);
        if matches!(item.kind, ItemKind::Decision(_)) && first_test(&program, &name).is_some() {
            lenses.push(lens(span, "Kör".into(), EVALUATE, &name));
        }
        if let Some((previous, report)) = &since {
            let year = previous.name(db);
            let title = match changes::status(report, &name) {
                Some(ChangeKind::Added) => format!("Ny sedan {year}"),
                Some(_) => format!("Ändrad sedan {year}"),
                None => continue,
            };
            lenses.push(lens(span, title, ITEM_DIFF, &name));
        }
    }
    lenses
}

/// `workspace/executeCommand`: the commands of the lenses.
pub fn execute(s: &Session, command: &str, args: &[Value]) -> Result<Value, Failure> {
    let uri: Uri = args
        .first()
        .and_then(|u| serde_json::from_value(u.clone()).ok())
        .ok_or_else(|| {
            Failure::invalid_params(format!("`{command}` takes a document URI first"))
        })?;
    let doc = s.doc(&uri)?;
    let name = match command {
        EVALUATE | ITEM_DIFF => {
            let name = args
                .get(1)
                .and_then(Value::as_str)
                .ok_or_else(|| Failure::invalid_params(format!("`{command}` takes [uri, name]")))?;
            return if command == EVALUATE {
                crate::evaluate::evaluate(s, doc, name)
            } else {
                item_diff(s, doc, name)
            };
        }
        RUN_TEST => args
            .get(1)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Failure::invalid_params("`regel.runTest` takes [uri, test name]"))?,
        RUN_TEST_AT => {
            let at: Position = args
                .get(1)
                .and_then(|p| serde_json::from_value(p.clone()).ok())
                .ok_or_else(|| {
                    Failure::invalid_params("`regel.runTestAt` takes [uri, {line, character}]")
                })?;
            // No test there is not an error: the client says so in its own words.
            let Some(name) = test_at(s, doc, at) else {
                return Ok(Value::Null);
            };
            name
        }
        other => {
            return Err(Failure::invalid_params(format!(
                "unknown command `{other}`"
            )));
        }
    };
    run(s, doc, &name)
}

/// The `regel diff` page of one item's changes since the previous version.
fn item_diff(s: &Session, doc: Doc, name: &str) -> Result<Value, Failure> {
    let (previous, report) = changes::since_previous(s, doc.version).ok_or_else(|| {
        Failure::failed(
            "ingen jämförelse: detta är den första versionen, eller så har denna eller den föregående versionen fel",
        )
    })?;
    let only = changes::only_item(report, name);
    if only.changes.is_empty() {
        return Err(Failure::failed(format!(
            "`{name}` har inte ändrats sedan {}",
            previous.name(s.db())
        )));
    }
    let title = format!(
        "{name}: {} → {}",
        previous.name(s.db()),
        doc.version.name(s.db())
    );
    Ok(json!({"title": title, "html": regel_diff::render::html(&only)}))
}

/// The name of the test block around a position.
fn test_at(s: &Session, doc: Doc, at: Position) -> Option<String> {
    let text = doc.file.text(s.db());
    let byte = crate::text::to_u32(Lines::new(text).offset(at));
    match &item_at(s.db(), doc.file, byte)?.kind {
        ItemKind::Test(t) => Some(t.name.value.clone()),
        _ => None,
    }
}

/// Runs the test `name` of the document's file.
fn run(s: &Session, doc: Doc, name: &str) -> Result<Value, Failure> {
    let db = s.db();
    let answer =
        |passed: bool, message: String| json!({"name": name, "passed": passed, "message": message});
    if let Err(e) = regel_app::compile_errors(db, doc.version) {
        return Ok(answer(false, e.message));
    }
    let full = program(db, doc.version);
    let path = doc.file.path(db);
    let mut one = (*full).clone();
    one.tests
        .retain(|t| t.name == name && t.origin.file == *path);
    let Some(expect) = one.tests.first().map(|t| t.expect.clone()) else {
        return Err(Failure::failed(format!(
            "det finns inget test med namnet ”{name}” i `{path}`"
        )));
    };
    let report = run_tests(&Arc::new(one)).into_iter().next();
    let Some(report) = report else {
        return Err(Failure::failed(format!(
            "det finns inget test med namnet ”{name}” i `{path}`"
        )));
    };
    Ok(
        match verdict::message(&report.decision, &expect, &report.reached, &report.outcome) {
            None => answer(true, verdict::PASSED.into()),
            Some(why) => answer(false, why),
        },
    )
}
