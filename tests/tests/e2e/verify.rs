//! `regel verify` through the real binary: exit codes, the JSON report, `regel check` showing
//! what the prover finds, and E0300 only where rules leave a gap.

use regel_e2e::{json, regel, stderr, stdout, temp_dir};

const HEADER: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
enum U { ja, nej }
"#;

/// A version folder holding `body` after a header: the folder (removed when dropped) and its
/// path.
fn version(name: &str, body: &str) -> (regel_e2e::TempDir, String) {
    let dir = temp_dir(name).within("2023");
    std::fs::write(dir.join("a.regel"), format!("{HEADER}{body}")).unwrap();
    let path = dir.display().to_string();
    (dir, path)
}

#[test]
fn the_bundled_2023_policies_verify_clean() {
    let out = regel(&["verify", "policies/2023", "--format", "json"], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = json(&out);
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["internal_errors"], serde_json::json!([]));
    // Every question decided: none left open by a solver budget.
    assert_eq!(report["unknown"], serde_json::json!([]));
    for p in report["properties"].as_array().unwrap() {
        assert_eq!(p["status"], "proved", "{p}");
    }
}

#[test]
fn rules_exhaustive_by_arithmetic_need_no_otherwise() {
    let (_folder, dir) = version(
        "verify-exhaustive",
        "decision d {\n  input x: Int\n  output u: U\n  output paragraf\n  when x >= 0 then { u: ja } because a\n  when x < 0 then { u: nej } because b\n}\n",
    );
    let out = regel(&["check", &dir], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = regel(&["verify", &dir], "");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_gap_is_e0300_with_an_input_and_verify_shows_it_in_json() {
    let (_folder, dir) = version(
        "verify-gap",
        "decision d {\n  input x: Int\n  output u: U\n  output paragraf\n  when x > 0 then { u: ja } because a\n  when x < 0 then { u: nej } because b\n  when x < -5 then { u: nej } because c\n}\n",
    );
    let out = regel(&["check", &dir], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("E0300") && err.contains(r#"{"x":0}"#), "{err}");
    let out = regel(&["verify", &dir, "--format", "json"], "");
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let kinds: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["unreachable_rule", "gap"]);
    let gap = &report["findings"][1];
    assert_eq!(gap["code"], "E0300");
    assert_eq!(gap["decision"], "d");
    assert_eq!(gap["counterexample"], serde_json::json!({"x": 0}));
}

#[test]
fn check_warns_of_an_unreachable_rule_once_the_types_check() {
    let (_folder, dir) = version(
        "verify-warn",
        "decision d {\n  input x: Int\n  output u: U\n  output paragraf\n  when x < 10 then { u: ja } because a\n  when x < 5 then { u: nej } because b\n  otherwise then { u: nej } because c\n}\n",
    );
    let out = regel(&["check", &dir], "");
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("W0300") && err.contains("1 warning"), "{err}");
}

#[test]
fn a_list_bound_of_zero_is_a_usage_error() {
    let out = regel(&["verify", "policies/2023", "--list-bound", "0"], "");
    assert_eq!(out.status.code(), Some(2));
}

/// A `let` that divides by an input that may be 0, below doc comments and other members: `regel
/// check` shows the warning under that `let`'s line, and `regel verify` names its line.
#[test]
fn a_finding_in_a_let_is_placed_on_the_lets_line() {
    let body = "/// Ett beslut.\ndecision d {\n  /// Antalet.\n  input n: Int where n >= 0 and n <= 100\n  /// Summan.\n  let s = n + 1\n  /// Kvoten.\n  let q = s / n\n  output paragraf\n  otherwise then {} because ok\n}\n";
    let (_folder, dir) = version("verify-let-line", body);
    let text = format!("{HEADER}{body}");
    let line = text[..text.find("let q").unwrap()].matches('\n').count() + 1;
    let out = regel(&["check", &dir], "");
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("W0303"), "{err}");
    // ariadne's header names the line, and the source line it shows is the `let`.
    assert!(err.contains(&format!("a.regel:{line}:")), "{err}");
    let shown: Vec<&str> = err.lines().filter(|l| l.contains(" │ ")).collect();
    assert!(shown.iter().any(|l| l.contains("let q = s / n")), "{err}");
    assert!(!shown.iter().any(|l| l.contains("decision d")), "{err}");
    let out = regel(&["verify", &dir], "");
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(
        report.contains(&format!("[W0303] 2023/a.regel:{line}: `let q`")),
        "{report}"
    );
}

/// A rule's outcome value that can overflow, below the rule's `when` and another value: `regel
/// check` shows the warning under that value's line, and `regel verify` names its line and says
/// which output of which rule it is (it named the rule's condition, on the rule's first line).
#[test]
fn a_finding_in_an_outcome_value_is_placed_on_its_line() {
    let body = "/// Ett beslut.\ndecision d {\n  /// Antalet.\n  input n: Int where n >= 0 and n <= 100\n  /// Ett.\n  output a: Int\n  /// Gånger mycket.\n  output v: Int\n  output paragraf\n  when n > 50\n    then {\n      a: 1,\n      v: n * 100000000000000000,\n    }\n    because stor\n  otherwise then { a: 0, v: 0 } because liten\n}\n";
    let (_folder, dir) = version("verify-outcome-line", body);
    let text = format!("{HEADER}{body}");
    let line = text[..text.find("v: n * ").unwrap()].matches('\n').count() + 1;
    let out = regel(&["check", &dir], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("W0303"), "{err}");
    assert!(err.contains(&format!("a.regel:{line}:")), "{err}");
    let shown: Vec<&str> = err.lines().filter(|l| l.contains(" │ ")).collect();
    assert!(shown.iter().any(|l| l.contains("v: n * ")), "{err}");
    assert!(!shown.iter().any(|l| l.contains("when n > 50")), "{err}");
    let out = regel(&["verify", &dir], "");
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(
        report.contains(&format!(
            "[W0303] 2023/a.regel:{line}: the value of `v` in rule 1 (`… because stor`)"
        )),
        "{report}"
    );
}
