//! The `regel` command as a user and a script see it: output, exit codes, messages.

use regel_e2e::{json, regel, stderr, stdout};
use serde_json::json;

#[test]
fn check_of_the_bundled_policies_is_clean() {
    let out = regel(&["check", "policies"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn tests_of_the_bundled_policies_pass() {
    let out = regel(&["test", "policies"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.ends_with(" passed, 0 failed"), "{summary}");
    assert!(!summary.starts_with("0 passed"), "no test ran: {summary}");
}

#[test]
fn eval_gives_the_catalogue_example() {
    let input = r#"{"datum":"2023-05-10","tidigare_byten":["2022-09-01","2023-01-15"]}"#;
    let out = regel(&["eval", "--version", "2023", "listning.byte"], input);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        json(&out),
        json!({"version":"2023","decision":"listning.byte","output":{"utfall":"avslas","skal":"hogst_tva_byten","paragraf":"3.6.1","byten_inom_perioden":2}})
    );
    let keys: Vec<String> = json(&out)["output"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        keys,
        ["utfall", "skal", "paragraf", "byten_inom_perioden"],
        "output fields keep the catalogue's order"
    );
}

#[test]
fn eval_explain_traces_the_rules_tried() {
    let input = r#"{"datum":"2023-05-10","tidigare_byten":["2022-09-01","2023-01-15"]}"#;
    let out = regel(
        &["eval", "--version", "2023", "listning.byte", "--explain"],
        input,
    );
    let trace = json(&out)["trace"].as_array().cloned().unwrap_or_default();
    let matched: Vec<_> = trace
        .iter()
        .filter(|s| s["matched"] == json!(true) && s["kind"] == "rule")
        .collect();
    assert_eq!(matched.len(), 1, "{trace:?}");
    assert_eq!(matched[0]["skal"], "hogst_tva_byten");
    assert_eq!(matched[0]["paragraf"], "3.6.1");
    assert_eq!(matched[0]["file"], "2023/listning.regel");
    assert_eq!(matched[0]["values"]["byten"], 2);
    assert!(matched[0]["line"].as_u64().unwrap() > 1);
    let tried: Vec<_> = trace
        .iter()
        .filter(|s| s["kind"] == "rule")
        .map(|s| s["skal"].clone())
        .collect();
    assert_eq!(
        tried,
        [
            json!("skyddad_identitet"),
            json!("asylsokande"),
            json!("ej_valbar_enhet"),
            json!("listningsstopp"),
            json!("hogst_tva_byten")
        ]
    );
}

#[test]
fn eval_by_date_picks_the_version_in_force() {
    let input = r#"{"fran":"2023-01-31","till":"2023-04-30","skriftlig_anmalan":true,"risker":["arbetsmiljo"]}"#;
    let out = regel(
        &["eval", "--as-of", "2023-06-01", "kapacitetsstopp.beslut"],
        input,
    );
    assert_eq!(json(&out)["output"]["beslutsfattare"], "regiondirektor");
    let out = regel(
        &["eval", "--as-of", "1999-06-01", "kapacitetsstopp.beslut"],
        input,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["code"], -32001);
}

#[test]
fn a_require_failure_is_its_own_error() {
    let input = r#"{"fran":"2023-03-01","till":"2023-02-28","skriftlig_anmalan":true}"#;
    let out = regel(
        &["eval", "--version", "2023", "kapacitetsstopp.beslut"],
        input,
    );
    assert_eq!(out.status.code(), Some(1));
    let error = &json(&out)["error"];
    assert_eq!(error["code"], -32004);
    assert_eq!(error["data"]["reason"], "till_fore_fran");
    assert_eq!(error["data"]["paragraf"], "3.6.12");

    // The require reads `datum` too; the switch after it is what is wrong.
    let out = regel(
        &["eval", "--version", "2023", "listning.byte"],
        r#"{"datum":"2023-05-10","tidigare_byten":["2022-09-01","2024-01-15"]}"#,
    );
    let error = &json(&out)["error"];
    assert_eq!(error["data"]["reason"], "tidigare_byte_efter_datum");
    assert_eq!(error["data"]["path"], "/tidigare_byten");
}

#[test]
fn ill_typed_and_unknown_fields_name_their_json_pointer() {
    let out = regel(
        &["eval", "--version", "2023", "listning.byte"],
        r#"{"datum":"2023-05-10","tidigare_byten":["2023-01-01","2023-02-30"]}"#,
    );
    let error = &json(&out)["error"];
    assert_eq!(error["code"], -32602);
    assert_eq!(error["data"]["path"], "/tidigare_byten/1");
    assert!(
        error["message"].as_str().unwrap().contains("2023-02-30"),
        "{error}"
    );

    let out = regel(
        &["eval", "--version", "2023", "listning.byte"],
        r#"{"datum":"2023-05-10","tidigare_byten":[],"sarskilda_skäl":true}"#,
    );
    let error = &json(&out)["error"];
    assert_eq!(error["code"], -32602);
    assert_eq!(error["data"]["path"], "/sarskilda_skäl");

    let out = regel(
        &["eval", "--version", "2023", "listning.byte"],
        r#"{"tidigare_byten":[]}"#,
    );
    assert_eq!(json(&out)["error"]["data"]["path"], "/datum");

    let out = regel(
        &["eval", "--version", "2023", "listning.byte"],
        r#"{"datum":"2023-05-10","tidigare_byten":[],"mal_enhet":"sjukhus"}"#,
    );
    let error = &json(&out)["error"];
    assert_eq!(error["data"]["path"], "/mal_enhet");
    assert!(
        error["data"]["expected"]
            .as_str()
            .unwrap()
            .contains("\"filial\""),
        "{error}"
    );
}

#[test]
fn unknown_version_and_decision_list_the_known_ones() {
    let out = regel(&["eval", "--version", "1999", "listning.byte"], "{}");
    assert!(
        json(&out)["error"]["data"]["known"]
            .as_array()
            .unwrap()
            .contains(&json!("2023"))
    );
    let out = regel(&["eval", "--version", "2023", "listning.bytee"], "{}");
    let error = &json(&out)["error"];
    assert_eq!(error["code"], -32002);
    assert!(
        error["data"]["known"]
            .as_array()
            .unwrap()
            .contains(&json!("listning.byte"))
    );
}

#[test]
fn usage_errors_exit_2_and_help_explains() {
    let out = regel(
        &[
            "eval",
            "--version",
            "2023",
            "--as-of",
            "2023-01-01",
            "listning.byte",
        ],
        "{}",
    );
    assert_eq!(out.status.code(), Some(2), "both --version and --as-of");
    let out = regel(&["check", "no/such/folder"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/folder"));
    let out = regel(&["--help"], "");
    assert_eq!(out.status.code(), Some(0));
    for command in ["check", "test", "eval"] {
        assert!(stdout(&out).contains(command), "--help lists `{command}`");
    }
    let out = regel(&["eval", "--help"], "");
    assert!(stdout(&out).contains("--explain"));
}

#[test]
fn check_reports_errors_with_place_and_exit_1() {
    let dir = regel_e2e::temp_dir("check");
    let version = dir.join("2023");
    std::fs::create_dir_all(&version).unwrap();
    std::fs::write(
        version.join("a.regel"),
        "version \"2023\" { title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\"] }\nsection \"1\" \"Ett\"\nparam p: Money = 10 kr + 2\n",
    )
    .unwrap();
    let out = regel(&["check", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("E0202"), "{err}");
    assert!(err.contains("2023/a.regel:3"), "{err}");
    let out = regel(&["check", "--format", "json", dir.to_str().unwrap()], "");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let error = lines
        .iter()
        .find(|d| d["code"] == "E0202")
        .expect("the Money + Int error");
    assert_eq!(error["severity"], "error");
    assert_eq!(error["range"]["start"], json!({"line": 2, "character": 17}));
    assert!(
        lines
            .iter()
            .any(|d| d["code"] == "W0002" && d["severity"] == "warning"),
        "the unused parameter"
    );
}

/// A copy of `policies/2023` in a fresh folder, with `edit` applied to `listning.regel`.
fn edited_2023(name: &str, edit: impl Fn(&str) -> String) -> regel_e2e::TempDir {
    let dir = regel_e2e::temp_dir(name).within("2023");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(regel_e2e::root().join("policies/2023")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let file = dir.join("listning.regel");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, edit(&text)).unwrap();
    dir
}

#[test]
fn a_failing_test_shows_only_the_fields_that_differ() {
    // Next year's change: three switches a year instead of two.
    let dir = edited_2023("cli-test-diff", |t| {
        t.replace("param max_byten: Int = 2", "param max_byten: Int = 3")
    });
    let d = dir.to_str().unwrap();
    let out = regel(&["test", d, "--filter", "ett tredje byte inom ett år"], "");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("FAIL  2023 · ett tredje byte inom ett år avslås"),
        "{text}"
    );
    assert!(
        text.contains("      utfall: expected \"avslas\", actual \"beviljas\"\n"),
        "{text}"
    );
    assert!(text.contains("other fields as expected)"), "{text}");
    assert!(!text.contains("expected: {"), "no whole objects: {text}");
    assert!(text.contains("filtered out"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("FAIL")).count(),
        1,
        "{text}"
    );
}

#[test]
fn filter_picks_tests_by_name_or_decision_and_says_when_nothing_matches() {
    let all = regel(&["test", "policies/2023"], "");
    let by_decision = regel(&["test", "policies/2023", "--filter", "listning.byte"], "");
    assert_eq!(
        by_decision.status.code(),
        Some(0),
        "{}",
        stdout(&by_decision)
    );
    let ran = |o: &std::process::Output| {
        stdout(o)
            .lines()
            .filter(|l| l.starts_with("ok ") || l.starts_with("FAIL"))
            .count()
    };
    assert!(ran(&by_decision) > 0 && ran(&by_decision) < ran(&all));
    let by_name = regel(&["test", "policies/2023", "--filter", "leap day"], "");
    assert!(
        stdout(&by_name)
            .lines()
            .filter(|l| l.starts_with("ok "))
            .all(|l| l.contains("leap day")),
        "{}",
        stdout(&by_name)
    );
    let none = regel(&["test", "policies/2023", "--filter", "no such test"], "");
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains(
            "no test or property has a name containing `no such test` or is of a decision it names"
        ),
        "{}",
        stderr(&none)
    );
}

#[test]
fn filter_matches_names_as_shown_and_decisions_only_by_their_name_or_group() {
    let ran = |filter: &str| -> Vec<String> {
        let out = regel(&["test", "policies/2023", "--filter", filter], "");
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        let text = stdout(&out);
        let ran = text.lines().filter(|l| l.starts_with("ok "));
        ran.map(str::to_owned).collect()
    };
    // A part of a word in a decision's name picks no test of it: only names that show it.
    let byte = ran("byte");
    assert!(byte.iter().all(|l| l.contains("byte")), "{byte:#?}");
    assert!(
        !byte
            .iter()
            .any(|l| l.contains("· en asylsökande listas inte ("))
    );
    // The decision's name picks its tests and properties, whatever they are called.
    let decision = ran("listning.byte");
    for name in [
        "· en asylsökande listas inte (",
        "· property skyddad identitet listas aldrig vid byte (",
    ] {
        assert!(decision.iter().any(|l| l.contains(name)), "{decision:#?}");
    }
    assert!(
        !decision
            .iter()
            .any(|l| l.contains("· skyddad identitet listas aldrig ("))
    );
    // The group's name picks the tests of every decision in it.
    let group = ran("listning");
    for name in [
        "· en asylsökande listas inte (",
        "· skyddad identitet listas aldrig (",
    ] {
        assert!(group.iter().any(|l| l.contains(name)), "{group:#?}");
    }
}

#[test]
fn a_version_with_errors_shows_the_errors_instead_of_a_failed_count() {
    let dir = edited_2023("cli-test-errors", |t| {
        format!("{t}\nparam x: Int = \"a\"\n")
    });
    let out = regel(&["test", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("[E0200]"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("param x: Int = \"a\""),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("ERROR 2023: 1 error (shown above); its tests were not run"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).ends_with("0 passed, 0 failed; 1 version not tested because of errors\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_deny_warnings_fails_on_a_warning() {
    let dir = edited_2023("cli-deny", |t| format!("{t}\nparam oanvand: Int = 1\n"));
    let d = dir.to_str().unwrap();
    let out = regel(&["check", d], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("[W0002]"), "{}", stderr(&out));
    let out = regel(&["check", d, "--deny-warnings"], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 errors, 1 warning (warnings denied)"),
        "{}",
        stderr(&out)
    );
    let out = regel(&["check", "policies", "--deny-warnings"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn money_with_spaces_is_refused_as_a_date_with_spaces_is() {
    let input = |money: &str| {
        format!(
            r#"{{"manatlig_vardpeng": "{money}", "storre_avvikelse": false, "rattelse_skett": true, "yttrande_mojlighet_given": true}}"#
        )
    };
    let out = regel(
        &["eval", "--version", "2023", "sanktion.vite"],
        &input("100"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    for spaced in [" 100 ", "100 ", " 100"] {
        let out = regel(
            &["eval", "--version", "2023", "sanktion.vite"],
            &input(spaced),
        );
        assert_eq!(out.status.code(), Some(1), "{spaced:?}");
        let answer = json(&out);
        assert_eq!(answer["error"]["code"], -32602, "{answer}");
        assert_eq!(
            answer["error"]["data"]["path"], "/manatlig_vardpeng",
            "{answer}"
        );
    }
}

#[test]
fn test_update_rewrites_the_expected_values_of_failing_tests() {
    let dir = edited_2023("cli-test-update", |t| {
        t.replace("param max_byten: Int = 2", "param max_byten: Int = 3")
    });
    let d = dir.to_str().unwrap();
    let before = regel(&["test", d, "--filter", "tredje byte"], "");
    assert_eq!(before.status.code(), Some(1));
    let out = regel(&["test", d, "--filter", "tredje byte", "--update"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("UPDATE 2023 · ett tredje byte inom ett år avslås"),
        "{text}"
    );
    assert!(
        text.contains("      utfall: expected \"avslas\", actual \"beviljas\""),
        "{text}"
    );
    assert!(
        text.contains("updated ") && text.contains("listning.regel"),
        "{text}"
    );
    assert!(text.contains("0 failed, 2 updated"), "{text}");
    let file = std::fs::read_to_string(dir.join("listning.regel")).unwrap();
    assert!(
        file.contains("expect { utfall: beviljas, skal: \"inom_grans\", paragraf: \"3.6.1\", byten_inom_perioden: 2 }"),
        "{file}"
    );
    // Now they pass, and the version still checks clean.
    let after = regel(&["test", d, "--filter", "tredje byte"], "");
    assert_eq!(after.status.code(), Some(0), "{}", stdout(&after));
    assert!(!stdout(&after).contains("FAIL"), "{}", stdout(&after));
    assert_eq!(regel(&["check", d], "").status.code(), Some(0));
}

#[test]
fn test_coverage_names_the_rules_and_requires_no_test_reaches() {
    let count = |out: &str| -> usize {
        let line = out
            .lines()
            .find(|l| l.starts_with("cover 2023 · listning.byte: "))
            .unwrap_or_else(|| panic!("{out}"));
        line.split(' ').nth(4).unwrap().parse().unwrap()
    };
    let out = regel(
        &[
            "test",
            "policies/2023",
            "--filter",
            "listning.byte",
            "--coverage",
        ],
        "",
    );
    let all = stdout(&out);
    assert!(
        !all.contains("rule `asylsokande` (2023/listning.regel"),
        "{all}"
    );
    // The one test of the `asylsokande` rule removed: that rule is reached by no test.
    let dir = edited_2023("cli-test-coverage", |t| {
        let at = t
            .find("given { datum: 2023-05-10, tidigare_byten: [], asylsokande: true }")
            .unwrap();
        let start = t[..at].rfind("test \"").unwrap();
        let end = at + t[at..].find("\n}\n").unwrap() + 3;
        format!("{}{}", &t[..start], &t[end..])
    });
    let out = regel(
        &[
            "test",
            dir.to_str().unwrap(),
            "--filter",
            "listning.byte",
            "--coverage",
        ],
        "",
    );
    let fewer = stdout(&out);
    assert_eq!(count(&fewer) + 1, count(&all), "{fewer}");
    // The rule is named by the line of its `when` in the file.
    let text = std::fs::read_to_string(dir.join("listning.regel")).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.trim() == "when asylsokande")
        .unwrap();
    let unreached =
        format!("      rule `asylsokande` (2023/listning.regel:{line}) is reached by no test");
    assert!(fewer.contains(&unreached), "{fewer}");
}

#[test]
fn test_coverage_names_the_branches_of_if_no_test_takes() {
    // A decision whose one rule holds an `if`, and a test that takes only its `then`.
    let decision = "\ndecision prov.grenar @ \"3.6.1\" {\n  input x: Int\n  output y: Int\n  output skal\n  output paragraf\n\n  otherwise then { y: if x > 0 then 1 else 2 } because alltid\n}\n\ntest \"positivt\" {\n  decide prov.grenar\n  given { x: 5 }\n  expect { y: 1 }\n}\n";
    let run = |name: &str, extra: &str| {
        let text = format!("{decision}{extra}");
        let dir = edited_2023(name, |t| format!("{t}{text}"));
        let out = regel(
            &[
                "test",
                dir.to_str().unwrap(),
                "--filter",
                "prov.grenar",
                "--coverage",
            ],
            "",
        );
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        stdout(&out)
    };
    let one = run("cli-coverage-if-one", "");
    assert!(one.contains("      1 of 2 branches of `if` taken"), "{one}");
    assert!(
        one.contains("      the `else` branch of the `if` in rule `alltid` (2023/listning.regel:"),
        "{one}"
    );
    assert!(!one.contains("the `then` branch"), "{one}");
    // A second test takes the `else`: every branch is taken.
    let both = run(
        "cli-coverage-if-both",
        "\ntest \"negativt\" {\n  decide prov.grenar\n  given { x: -5 }\n  expect { y: 2 }\n}\n",
    );
    assert!(
        both.contains("      2 of 2 branches of `if` taken"),
        "{both}"
    );
    assert!(!both.contains("is taken by no test"), "{both}");
}

/// A newcomer's first try, inside `policies/` with the default `--policies policies`: each
/// command says the folder is not there and that `.` is the one meant, with exit code 2.
#[test]
fn a_command_run_inside_the_policies_folder_says_to_name_it_dot() {
    let inside = regel_e2e::root().join("policies");
    for args in [
        &["eval", "--version", "2023", "listning.byte"][..],
        &["check"],
        &["new-version", "2024", "--from", "2023"],
    ] {
        let out = std::process::Command::new(regel_e2e::regel_bin())
            .args(args)
            .current_dir(&inside)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "there is no folder `policies` here; you are inside `policies`: name it `.`"
            ),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
