//! The error-quality sweep: bad invocations of every command and bad messages to every API
//! method, with the exact message a user sees. The snapshot is the table of HARDENING.md.
//! No message may be a Rust `Debug` print or a panic text, and each says what is wrong.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write;

use regel_e2e::{regel, root, stderr, stdout};

/// Marks of a message written for programmers, not users.
const DEBUG_MARKS: &[&str] = &[
    "panicked",
    "unwrap()",
    "Os {",
    "kind: ",
    "Error {",
    "Some(",
    "None",
    "RUST_BACKTRACE",
    "\\\"",
];

fn assert_for_people(what: &str, message: &str) {
    assert!(!message.trim().is_empty(), "{what}: no message");
    for mark in DEBUG_MARKS {
        assert!(!message.contains(mark), "{what}: `{mark}` in {message:?}");
    }
}

/// Temp paths and the process id vary between runs.
fn stable(text: &str) -> String {
    let tmp = std::env::temp_dir().to_string_lossy().into_owned();
    text.replace(&tmp, "$TMP")
        .replace(&format!("{}", std::process::id()), "$PID")
        .replace(&root().to_string_lossy().into_owned(), "$ROOT")
}

#[test]
fn every_command_explains_bad_input() {
    let dir = regel_e2e::temp_dir("sweep");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::create_dir_all(dir.join("broken")).unwrap();
    std::fs::write(dir.join("broken/a.regel"), "param a: Int = \n").unwrap();
    let d = dir.to_str().unwrap();
    let broken = format!("{d}/broken/a.regel");
    let empty = format!("{d}/empty");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check", "no-such-folder"], ""),
        (vec!["check", "README.md"], ""),
        (vec!["test", &empty], ""),
        (vec!["check", &broken], ""),
        (vec!["eval", "nope.beslut", "--version", "2023"], "{}"),
        (vec!["eval", "listning.byte", "--version", "1999"], "{}"),
        (
            vec!["eval", "listning.byte", "--version", "2023"],
            "not json",
        ),
        (
            vec!["eval", "listning.byte", "--version", "2023"],
            r#"{"datum": 5, "tidigare_byten": []}"#,
        ),
        (
            vec!["eval", "listning.byte", "--version", "2023"],
            r#"{"datum": "2023-05-10"}"#,
        ),
        (
            vec!["eval", "listning.byte", "--version", "2023"],
            r#"{"datum": "2023-05-10", "tidigare_byten": [], "x": 1}"#,
        ),
        (vec!["eval", "listning.byte", "--as-of", "2023-13-01"], "{}"),
        (
            vec![
                "eval",
                "listning.byte",
                "--version",
                "2023",
                "--as-of",
                "2023-01-01",
            ],
            "{}",
        ),
        (
            vec!["eval", "listning.byte", "--input", "no-such-file.json"],
            "",
        ),
        (vec!["fmt", "no-such-file.regel"], ""),
        (vec!["fmt", &broken], ""),
        (vec!["coverage", "no-such-folder"], ""),
        (vec!["diff", "2020", "1999"], ""),
        (vec!["diff", "policies", "2021"], ""),
        (vec!["diff", "2020", "2021", "--format", "pdf"], ""),
        (
            vec!["diff", "2020", "2021", "-o", "no-such-folder/d.md"],
            "",
        ),
        (vec!["new-version", "2023", "--from", "2021"], ""),
        (vec!["new-version", "2030", "--from", "1999"], ""),
        (vec!["new-version", "../x", "--from", "2023"], ""),
        (vec!["serve", "--policies", "no-such-folder"], ""),
        (vec!["frobnicate"], ""),
    ];
    let mut table = String::new();
    for (args, input) in &cases {
        let out = regel(args, input);
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 1 || code == 2,
            "regel {}: exit {code}",
            args.join(" ")
        );
        let message = stderr(&out);
        let shown = if message.trim().is_empty() {
            stdout(&out)
        } else {
            message
        };
        let first: String = shown.lines().take(3).collect::<Vec<_>>().join(" ⏎ ");
        assert_for_people(&args.join(" "), &first);
        let _ = writeln!(
            table,
            "regel {} | stdin {input:?} | exit {code} | {}",
            args.join(" "),
            first
        );
    }
    insta::assert_snapshot!("cli_errors", stable(&table));
}

#[test]
fn every_api_method_explains_bad_params() {
    let lines = [
        "not json",
        r#"{"jsonrpc":"2.0","id":1}"#,
        "[]",
        r#"{"jsonrpc":"2.0","id":1,"method":"nope"}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"policies.list","params":[1]}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decisions.describe","params":{"version":"1999","decision":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decisions.describe","params":{"version":"2023","decision":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{"datum":5,"tidigare_byten":[]},"version":"2023"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{"datum":"2023-05-10","tidigare_byten":[],"x":1},"version":"2023"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{"datum":"2023-05-10","tidigare_byten":["2024-01-01"]},"version":"2023"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{},"version":"2023","as_of":"2023-01-01"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{},"overrides":{"nope":1}}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide.batch","params":{"decision":"listning.byte","inputs":{}}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"check","params":{"version":7}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"source.set","params":{"path":"../etc/passwd","text":""}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"source.set","params":{"path":"/etc/passwd","text":""}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"diff","params":{"from":"2020"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"diff","params":{"from":"2020","to":"2021","impact":"yes"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"diff","params":{"from":"2020","to":"2021","format":"pdf"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{},"bogus":1}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{},"version":null}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":[1]}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decisions.describe","params":{"version":"2023"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"source.set","params":{"path":"2023/listning.regel","text":"param a: Int = \"x\""}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","input":{},"version":"2023"}}"#,
    ];
    let out = regel(
        &["serve", "--policies", "policies"],
        &(lines.join("\n") + "\n"),
    );
    let mut table = String::new();
    let text = stdout(&out);
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(answers.len(), lines.len(), "one answer a line: {text}");
    for (line, answer) in lines.iter().zip(&answers) {
        let v: serde_json::Value = serde_json::from_str(answer).unwrap();
        let (code, message) = match &v {
            serde_json::Value::Array(_) => (0, "(a batch)".to_owned()),
            _ if v["error"].is_object() => (
                v["error"]["code"].as_i64().unwrap(),
                v["error"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ),
            _ => (0, "(a result)".to_owned()),
        };
        assert_for_people(line, &message);
        let _ = writeln!(table, "{line} | {code} | {message}");
    }
    insta::assert_snapshot!("api_errors", table);
}
