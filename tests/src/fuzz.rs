//! The fuzz targets' bodies, shared by `fuzz/` (cargo fuzz, libFuzzer) and by
//! `tests/tests/e2e/fuzz_corpus.rs`, which replays the committed corpus on every test run. Each
//! takes arbitrary bytes; a panic is a bug, except the assertions here, which state the
//! properties a target checks.

use std::sync::LazyLock;

use regel_app::Render;
use regel_compiler::{Database, diagnostics, load_version, program};
use regel_eval::Engine;

use crate::{engine, policy_files};

/// The parser never panics, on any text.
pub fn parse(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = regel_syntax::parse(text);
    }
}

/// Parser and checker: diagnostics, their rendering and ranges, and the program assemble on
/// any text.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let db = Database::default();
    let v = load_version(&db, "f", vec![("f/a.regel".into(), text.to_owned())]);
    for d in diagnostics(&db, v) {
        let _ = d.render(text, false);
        let _ = d.range(text);
    }
    let _ = program(&db, v);
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| engine("2023"));

/// The JSON boundary: the first byte picks a decision of policies/2023, the rest is its input.
/// An input that reads is also decided by the plain evaluator (`regel_eval::reference`), the
/// oracle: the engine, with its lowering, memos and kernels, must come to the same answer.
pub fn json_input(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = serde_json::from_slice::<serde_json::Value>(rest) else {
        return;
    };
    let decisions = &ENGINE.program().decisions;
    if decisions.is_empty() {
        return;
    }
    let d = &decisions[usize::from(pick) % decisions.len()];
    let _ = regel_eval::decide_json(&ENGINE, &d.name, &input, pick % 2 == 0, "/input");
    if let Ok(values) = regel_eval::json::inputs(&ENGINE, d, &input, "/input") {
        let engine = ENGINE
            .decide(d, values.clone())
            .map(|decided| (decided.rule, decided.outputs));
        let plain = regel_eval::reference::decide(ENGINE.params(), d, &values);
        assert_eq!(
            came(engine),
            came(plain),
            "the engine and the plain evaluator differ on {} {input}",
            d.name
        );
    }
}

/// What a decision came to, comparable between evaluators: a run-time error's wording is each
/// evaluator's own; that both fail is what must agree.
#[derive(Debug, PartialEq)]
enum Came {
    Decided(usize, Vec<regel_compiler::ir::Value>),
    Rejected(String),
    Failed,
}

fn came(r: Result<(usize, Vec<regel_compiler::ir::Value>), regel_eval::Failure>) -> Came {
    match r {
        Ok((rule, outputs)) => Came::Decided(rule, outputs),
        Err(regel_eval::Failure::Rejected(r)) => Came::Rejected(r.reason),
        Err(regel_eval::Failure::Runtime(_)) => Came::Failed,
    }
}

static VERSIONS: LazyLock<Vec<regel_rpc::VersionFiles>> = LazyLock::new(|| {
    ["2020", "2021", "2023"]
        .iter()
        .map(|v| ((*v).to_owned(), policy_files(v)))
        .collect()
});

/// The JSON-RPC message handler: each line of the input is one message to a fresh server,
/// and every request gets one answer that is JSON.
pub fn rpc(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut server = regel_rpc::Server::new(VERSIONS.clone());
    for line in text.lines() {
        if let Some(answer) = server.handle_line(line) {
            assert!(
                serde_json::from_str::<serde_json::Value>(&answer).is_ok(),
                "an answer that is not JSON: {answer}"
            );
        }
    }
}

thread_local! {
    /// A server with the fast batch path and one without, kept across runs (building one
    /// compiles both versions).
    static BATCH_SERVERS: std::cell::RefCell<(regel_rpc::Server, regel_rpc::Server)> =
        std::cell::RefCell::new((
            regel_rpc::Server::new(VERSIONS.clone()),
            regel_rpc::Server::new(VERSIONS.clone()).general_only(),
        ));
}

/// `decide.batch` on the fast path answers byte for byte as the general path: the input is
/// the inside of the `inputs` array, the first byte picks the decision.
pub fn batch(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(inputs) = std::str::from_utf8(rest) else {
        return;
    };
    if inputs.contains(['\n', '\r']) {
        return;
    }
    let (version, decision) = match first % 4 {
        0 => ("2023", "listning.byte"),
        1 => ("2023", "kapacitetsstopp.beslut"),
        2 => ("2023", "sanktion.vite"),
        _ => ("2021", "ersattning.vardpeng"),
    };
    let line = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"decide.batch","params":{{"version":"{version}","decision":"{decision}","inputs":[{inputs}]}}}}"#
    );
    BATCH_SERVERS.with(|servers| {
        let (fast, general) = &mut *servers.borrow_mut();
        assert_eq!(
            fast.handle_line(&line),
            general.handle_line(&line),
            "{line}"
        );
    });
}

/// The formatter: whatever it formats, formatting again changes nothing.
pub fn format(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(once) = regel_fmt::format(text) {
        let twice = regel_fmt::format(&once);
        assert_eq!(
            twice.as_deref(),
            Ok(once.as_str()),
            "formatting is not idempotent"
        );
    }
}

/// The language server's message loop: the first byte picks the mode. Even: the rest is one
/// JSON message per line, each framed with its `Content-Length` here (so the fuzzer explores
/// what the messages say); odd: the rest is the raw byte stream (so it explores the framing).
/// An `initialize` over the bundled policies (held in memory) comes first either way.
pub fn lsp(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let frame = |body: &[u8]| {
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend_from_slice(body);
        out
    };
    let root = crate::root().join("policies");
    let uri = format!("file://{}", root.display());
    let init = format!(
        r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"capabilities":{{}},"rootUri":"{uri}"}}}}"#
    );
    let mut stream = frame(init.as_bytes());
    stream.extend(frame(
        br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    if mode % 2 == 0 {
        for line in rest.split(|b| *b == b'\n') {
            stream.extend(frame(line));
        }
    } else {
        stream.extend_from_slice(rest);
    }
    let versions = VERSIONS.clone();
    let loader: regel_lsp::Loader = Box::new(move |_| Ok(versions.clone()));
    let mut session = regel_lsp::Session::new(loader);
    let mut output = Vec::new();
    let _ = regel_lsp::serve(&mut session, std::io::Cursor::new(stream), &mut output);
}
