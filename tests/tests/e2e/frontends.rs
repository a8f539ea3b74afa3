//! One application layer (`regel-app`) under the three front ends: the same error gets the
//! same code and words from `regel eval`, the API and the language server, and a diagnostic
//! is the same JSON in `regel check --format json` and the API's `check`.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_e2e::{json, regel, root, stdout, temp_dir};
use serde_json::{Value, json};

/// A policies folder holding a copy of 2023 whose `listning.regel` ends with `extra`.
fn copy_of_2023(name: &str, extra: &str) -> regel_e2e::TempDir {
    let dir = temp_dir(name);
    std::fs::create_dir(dir.join("2023")).unwrap();
    for entry in std::fs::read_dir(root().join("policies/2023")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("2023").join(path.file_name().unwrap())).unwrap();
    }
    let file = dir.join("2023/listning.regel");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n{extra}")).unwrap();
    dir
}

/// The API's answer to one request, over the same files.
fn api(dir: &std::path::Path, method: &str, params: Value) -> Value {
    let files = regel_e2e::policy_files_in(dir, "2023");
    let mut server = regel_rpc::Server::new(vec![("2023".into(), files)]);
    let line = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    serde_json::from_str(&server.handle_line(&line.to_string()).unwrap()).unwrap()
}

/// `regel eval`'s error and the API's `decide` error for the same request.
fn eval_and_decide(dir: &std::path::Path, decision: &str) -> (Value, Value) {
    let input = r#"{"datum":"2023-05-10","tidigare_byten":[]}"#;
    let p = dir.to_str().unwrap();
    let cli = json(&regel(
        &["eval", "--policies", p, "--version", "2023", decision],
        input,
    ));
    let params = json!({"decision": decision, "version": "2023",
                        "input": serde_json::from_str::<Value>(input).unwrap()});
    (
        cli["error"].clone(),
        api(dir, "decide", params)["error"].clone(),
    )
}

#[test]
fn an_unknown_decision_is_one_error_on_the_command_line_and_in_the_api() {
    let dir = copy_of_2023("frontends-unknown", "");
    let (cli, api) = eval_and_decide(&dir, "ingen.sadan");
    assert_eq!(cli["code"], -32002, "{cli}");
    assert_eq!(cli, api);
    assert_eq!(cli["message"], "version 2023 has no decision `ingen.sadan`");
}

#[test]
fn compile_errors_are_one_error_with_the_diagnostics_in_full() {
    let dir = copy_of_2023("frontends-broken", "param trasig: Int = \"x\"\n");
    let (cli, api) = eval_and_decide(&dir, "listning.byte");
    assert_eq!(cli["code"], -32003, "{cli}");
    assert_eq!(cli, api);
    assert_eq!(
        cli["message"],
        "version 2023 has 1 compile error; fix it first"
    );
    // Each diagnostic as `check` writes it: placed, with its severity.
    let first = &cli["data"]["diagnostics"][0];
    assert_eq!(first["file"], "2023/listning.regel", "{first}");
    assert!(
        first["range"]["start"]["line"].as_u64().unwrap() > 0,
        "{first}"
    );
    assert_eq!(first["severity"], "error", "{first}");
}

/// A decision whose second rule no input reaches: the prover's finding, a warning.
const UNREACHABLE: &str = "enum Svar { ja, nej }
decision frontends.d {
  input x: Int
  output u: Svar
  output paragraf
  when x < 10 then { u: ja } because a
  when x < 5 then { u: nej } because b
  otherwise then { u: nej } because c
}
";

#[test]
fn check_writes_a_diagnostic_as_the_api_does_help_included() {
    // A parameter no decision reads (a warning with a help line), and a rule the prover finds
    // unreachable: `regel check` and the API's `check` list the same, written alike.
    let extra = format!("param oanvand: Int = 1\n{UNREACHABLE}");
    let dir = copy_of_2023("frontends-check", &extra);
    let p = dir.to_str().unwrap();
    let out = regel(&["check", "--format", "json", p], "");
    let cli: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let api = api(&dir, "check", json!({}))["result"]["diagnostics"].clone();
    assert!(!cli.is_empty(), "{}", stdout(&out));
    assert!(cli.iter().any(|d| d.get("help").is_some()), "{cli:?}");
    assert!(cli.iter().any(|d| d["code"] == "W0300"), "{cli:?}");
    assert_eq!(Value::Array(cli), api);
}

/// A decision that cannot be evaluated on its test's input (nor on `eval_and_decide`'s): a
/// division by the number of earlier switches, which is none.
const DIVIDED_BY_NONE: &str = r#"decision frontends.kvot {
  input datum: Date
  input tidigare_byten: [Date]
  output v: Decimal = 1 / count(tidigare_byten)
  output paragraf
  otherwise then {} because ok
}
test "kvot" {
  decide frontends.kvot
  given { datum: 2023-05-10, tidigare_byten: [] }
  expect { v: 1 }
}
"#;

/// The language server's "Kör" on `decision` of the copy's `listning.regel`.
fn kor(dir: &std::path::Path, decision: &str) -> regel_lsp::Failure {
    let root = dir.canonicalize().unwrap();
    let files = regel_e2e::policy_files_in(dir, "2023");
    let loader: regel_lsp::Loader =
        Box::new(move |_: &std::path::Path| Ok(vec![("2023".into(), files.clone())]));
    let mut session = regel_lsp::Session::new(loader);
    session.set_root(root.clone()).unwrap();
    let path = root.join("2023/listning.regel");
    let uri = regel_lsp::paths::to_uri(&path).unwrap();
    session.open(uri.clone(), std::fs::read_to_string(&path).unwrap());
    let args = [json!(uri.as_str()), json!(decision)];
    regel_lsp::api::execute(&session, "regel.evaluate", &args).unwrap_err()
}

#[test]
fn the_language_server_answers_the_same_errors_with_the_same_codes() {
    for (name, extra, decision, code) in [
        ("frontends-lsp-unknown", "", "ingen.sadan", -32002),
        (
            "frontends-lsp-broken",
            "param trasig: Int = \"x\"\n",
            "listning.byte",
            -32003,
        ),
        (
            "frontends-lsp-runtime",
            DIVIDED_BY_NONE,
            "frontends.kvot",
            -32005,
        ),
    ] {
        let dir = copy_of_2023(name, extra);
        let (_, api) = eval_and_decide(&dir, decision);
        assert_eq!(api["code"], code, "{api}");
        let lsp = kor(&dir, decision);
        assert_eq!(lsp.message, api["message"], "{api}");
        assert_eq!(json!(lsp.code), api["code"], "{api}");
    }
}

/// A decision whose test overrides a parameter that another is computed from, too far: the
/// other overflows.
const OVERFLOWING_OVERRIDE: &str = r#"param frontends_bas: Int = 1
param frontends_stor: Int = frontends_bas * 4611686018427387904
decision frontends.stor {
  input datum: Date
  output v: Int = frontends_stor
  output paragraf
  otherwise then {} because ok
}
test "stor" {
  decide frontends.stor
  given { datum: 2023-05-10 }
  with { frontends_bas: 4 }
  expect { v: 1 }
}
"#;

/// A decision whose test overrides a parameter with a value outside its domain.
const OVERRIDE_OUTSIDE_DOMAIN: &str = r#"param frontends_grans: Int = 2 where frontends_grans >= 0
decision frontends.grans {
  input datum: Date
  output v: Int = frontends_grans
  output paragraf
  otherwise then {} because ok
}
test "grans" {
  decide frontends.grans
  given { datum: 2023-05-10 }
  with { frontends_grans: -5 }
  expect { v: 1 }
}
"#;

#[test]
fn kor_with_overrides_a_parameter_cannot_take_is_the_apis_error() {
    for (name, extra, decision, overrides) in [
        (
            "frontends-lsp-override",
            OVERFLOWING_OVERRIDE,
            "frontends.stor",
            json!({"frontends_bas": 4}),
        ),
        (
            "frontends-lsp-domain",
            OVERRIDE_OUTSIDE_DOMAIN,
            "frontends.grans",
            json!({"frontends_grans": -5}),
        ),
    ] {
        let dir = copy_of_2023(name, extra);
        let params = json!({"decision": decision, "version": "2023",
                            "input": {"datum": "2023-05-10"}, "overrides": overrides});
        let api = api(&dir, "decide", params)["error"].clone();
        assert_eq!(api["code"], -32602, "{api}");
        let lsp = kor(&dir, decision);
        assert_eq!(lsp.message, api["message"], "{api}");
        assert_eq!(json!(lsp.code), api["code"], "{api}");
    }
}

#[test]
fn a_key_twice_is_one_error_on_the_command_line_and_in_the_api() {
    let input = r#"{"datum":"2023-05-10","datum":"2023-05-11","tidigare_byten":[]}"#;
    let cli = json(&regel(
        &["eval", "--version", "2023", "listning.byte"],
        input,
    ));
    let line = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"decide","params":{{"decision":"listning.byte","version":"2023","input":{input}}}}}"#
    );
    let mut server = regel_rpc::Server::new(vec![("2023".into(), regel_e2e::policy_files("2023"))]);
    let api: Value = serde_json::from_str(&server.handle_line(&line).unwrap()).unwrap();
    assert_eq!(cli["error"]["code"], -32600, "{cli}");
    assert_eq!(cli["error"], api["error"]);
}
