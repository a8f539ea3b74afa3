//! "▶ run test" above each test block, and the commands that run one: `regel.runTest`
//! (`[uri, name]`) and `regel.runTestAt` (`[uri, {line, character}]`, the test around a
//! position). Both answer `{ name, passed, message }`, the message as `regel test` prints it;
//! `regel.runTestAt` answers `null` where no test block stands.

use std::sync::Arc;

use lsp_types::{CodeLens, Command, Position, Uri};
use regel_compiler::{diagnostics, parse_file, program};
use regel_eval::{TestOutcome, run_tests};
use regel_syntax::ItemKind;
use serde_json::{Value, json};

use crate::model::item_at;
use crate::session::{Doc, Failure, Session};
use crate::text::Lines;

pub const RUN_TEST: &str = "regel.runTest";
pub const RUN_TEST_AT: &str = "regel.runTestAt";

/// One lens on the name of every test block of the file.
pub fn code_lenses(s: &Session, uri: &Uri, doc: Doc) -> Vec<CodeLens> {
    let db = s.db();
    let lines = Lines::new(doc.file.text(db));
    parse_file(db, doc.file)
        .items
        .iter()
        .filter_map(|p| match &p.kind {
            ItemKind::Test(t) => {
                let span = t.name.span.shift(p.offset);
                Some(CodeLens {
                    range: lines.range(span.start as usize, span.end as usize),
                    command: Some(Command {
                        title: "▶ run test".into(),
                        command: RUN_TEST.into(),
                        arguments: Some(vec![json!(uri), json!(t.name.value)]),
                    }),
                    data: None,
                })
            }
            _ => None,
        })
        .collect()
}

/// `workspace/executeCommand` for the two test commands.
pub fn execute(s: &Session, command: &str, args: &[Value]) -> Result<Value, Failure> {
    let uri: Uri = args
        .first()
        .and_then(|u| serde_json::from_value(u.clone()).ok())
        .ok_or_else(|| {
            Failure::invalid_params(format!("`{command}` takes a document URI first"))
        })?;
    let doc = s.doc(&uri)?;
    let name = match command {
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
    let errors = diagnostics(db, doc.version)
        .iter()
        .filter(|d| d.is_error())
        .count();
    if errors > 0 {
        let version = doc.version.name(db);
        return Ok(answer(
            false,
            format!("version {version} has {errors} error(s); fix them to run its tests"),
        ));
    }
    let full = program(db, doc.version);
    let path = doc.file.path(db);
    let mut one = (*full).clone();
    one.tests
        .retain(|t| t.name == name && t.origin.file == *path);
    if one.tests.is_empty() {
        return Err(Failure::failed(format!(
            "no test named \"{name}\" in `{path}`"
        )));
    }
    let report = run_tests(&Arc::new(one)).into_iter().next();
    let Some(report) = report else {
        return Err(Failure::failed(format!(
            "no test named \"{name}\" in `{path}`"
        )));
    };
    Ok(match report.outcome {
        TestOutcome::Passed => answer(true, "passed".into()),
        TestOutcome::Failed { expected, actual } => answer(
            false,
            format!(
                "decision: {}\nexpected: {expected}\nactual:   {actual}",
                report.decision
            ),
        ),
        TestOutcome::Error(message) => answer(false, message),
    })
}
