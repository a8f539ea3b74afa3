//! `explain` as a case handler and a policy author read it (issue 20, item 2), through the real
//! binary: `regel eval --explain` and the API's `explain: true` give a motivering; a rejection
//! (-32004) carries its motivering and trace in `error.data`; each step of the trace gives its
//! condition as written and the parameters it read; a `require` that holds says so (and no
//! `matched` beside its rejection code); and every line points at the `require` or rule
//! itself, not at the `///` lines above it or above the decision.
#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::{Value, json};

use regel_e2e::{json, regel, stderr, temp_dir};

/// A decision with multi-line doc comments above it, its `require` and its rules.
const POLICY: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"

/// Gräns
param grans: Int = 5

/// Beslutet
///
/// En förklaring
/// över två rader.
decision d {
  /// Talet
  input n: Int
  output paragraf
  /// Talet är inte negativt
  ///
  /// En förklaring
  /// över två rader.
  require n >= 0 else negativt
  /// Stort tal
  ///
  /// En förklaring.
  when n > grans then {} because stor
  /// Litet tal
  ///
  /// En förklaring.
  otherwise then {} because liten
}
"#;

/// A policies folder holding [`POLICY`] as version 2023.
fn policies(name: &str) -> regel_e2e::TempDir {
    let dir = temp_dir(name);
    std::fs::create_dir(dir.join("2023")).unwrap();
    std::fs::write(dir.join("2023/a.regel"), POLICY).unwrap();
    dir
}

/// The 1-based line of [`POLICY`] that starts (after indentation) with `start`.
fn line_of(start: &str) -> u64 {
    let at = POLICY
        .lines()
        .position(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}"));
    at as u64 + 1
}

fn eval(dir: &std::path::Path, input: &str) -> (Option<i32>, Value) {
    let out = regel(
        &[
            "eval",
            "--policies",
            dir.to_str().unwrap(),
            "d",
            "--explain",
        ],
        input,
    );
    (out.status.code(), json(&out))
}

#[test]
fn the_trace_reads_each_step_in_its_own_words_at_its_own_line() {
    let dir = policies("explain-trace");
    let (code, answer) = eval(&dir, r#"{"n": 9}"#);
    assert_eq!(code, Some(0), "{answer}");
    let motivering = answer["motivering"].as_str().unwrap_or_default();
    assert!(motivering.contains("avsnitt 1"), "{answer}");
    let trace = answer["trace"].as_array().unwrap();
    let require = &trace[0];
    assert_eq!(require["kind"], "require");
    assert_eq!(require["condition"], "n >= 0");
    assert_eq!(require["holds"], true, "a require that holds reads so");
    assert!(require.get("matched").is_none(), "{require}");
    assert_eq!(require["rejects_with"], "negativt");
    assert_eq!(require["line"], line_of("require n >= 0"), "{require}");
    let rule = &trace[1];
    assert_eq!(
        (&rule["kind"], &rule["condition"], &rule["matched"]),
        (&json!("rule"), &json!("n > grans"), &json!(true))
    );
    assert_eq!(rule["params"], json!({"grans": 5}), "the limit it applied");
    assert_eq!(rule["values"], json!({"n": 9}));
    assert_eq!(rule["line"], line_of("when n > grans"), "{rule}");

    let (_, answer) = eval(&dir, r#"{"n": 1}"#);
    let otherwise = &answer["trace"][2];
    assert_eq!(otherwise["skal"], "liten");
    assert_eq!(otherwise["line"], line_of("otherwise"), "{otherwise}");
}

#[test]
fn a_rejection_carries_its_motivering_in_the_cli_and_the_api() {
    let dir = policies("explain-rejection");
    let (code, cli) = eval(&dir, r#"{"n": -1}"#);
    assert_eq!(code, Some(1), "{cli}");
    let error = &cli["error"];
    assert_eq!(error["code"], -32004);
    let motivering = error["data"]["motivering"].as_str().unwrap_or_default();
    assert!(motivering.contains("avsnitt 1"), "{cli}");
    let step = &error["data"]["trace"][0];
    assert_eq!(
        (&step["holds"], &step["condition"]),
        (&json!(false), &json!("n >= 0"))
    );
    assert_eq!(step["line"], line_of("require n >= 0"), "{step}");

    let request = |n: i64| {
        json!({"jsonrpc": "2.0", "id": 1, "method": "decide",
            "params": {"decision": "d", "input": {"n": n}, "explain": true}})
    };
    let out = regel(
        &["serve", "--policies", dir.to_str().unwrap()],
        &format!("{}\n{}\n", request(-1), request(9)),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let answers: Vec<Value> = regel_e2e::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (api, decided) = (&answers[0], &answers[1]["result"]);
    let (_, cli_decided) = eval(&dir, r#"{"n": 9}"#);
    assert_eq!(
        decided["motivering"], cli_decided["motivering"],
        "{decided}"
    );
    assert_eq!(decided["trace"], cli_decided["trace"]);
    assert_eq!(api["error"]["code"], -32004, "{api}");
    assert_eq!(api["error"]["data"]["path"], "/input/n");
    assert_eq!(
        api["error"]["data"]["motivering"], error["data"]["motivering"],
        "the API and the CLI say it alike"
    );
    assert_eq!(api["error"]["data"]["trace"], error["data"]["trace"]);
}
