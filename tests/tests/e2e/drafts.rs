//! Drafts: `regel new-version` marks the new folder `status "utkast"`, and a call without a
//! version or date never answers from a draft; naming the draft does.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

use regel_e2e::{json, regel, regel_bin, root, stderr, temp_dir};

/// A policies folder holding a copy of 2023 and a 2024 draft made from it.
fn with_draft(name: &str) -> regel_e2e::TempDir {
    let dir = temp_dir(name);
    let from = root().join("policies/2023");
    std::fs::create_dir(dir.join("2023")).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("2023").join(path.file_name().unwrap())).unwrap();
    }
    let p = dir.to_str().unwrap();
    let out = regel(
        &["new-version", "2024", "--from", "2023", "--policies", p],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let header = std::fs::read_to_string(dir.join("2024/bestallning.regel")).unwrap();
    assert!(header.contains("status \"utkast\""), "{header}");
    dir
}

/// Replaces the first `from` in the draft's `file` by `to`.
fn edit(dir: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = dir.join("2024").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const INPUT: &str = r#"{"datum":"2024-05-10","tidigare_byten":[]}"#;

#[test]
fn a_draft_never_answers_by_default() {
    let dir = with_draft("drafts-default");
    let p = dir.to_str().unwrap();
    let newest = json(&regel(&["eval", "--policies", p, "listning.byte"], INPUT));
    assert_eq!(newest["version"], "2023", "{newest}");

    // 2024-05-10 lies in the draft's validity only: no adopted version is in force then.
    let dated = regel(
        &[
            "eval",
            "--policies",
            p,
            "--as-of",
            "2024-05-10",
            "listning.byte",
        ],
        INPUT,
    );
    assert_eq!(json(&dated)["error"]["code"], -32001, "{}", json(&dated));

    let named = json(&regel(
        &[
            "eval",
            "--policies",
            p,
            "--version",
            "2024",
            "listning.byte",
        ],
        INPUT,
    ));
    assert_eq!(named["version"], "2024", "{named}");
}

#[test]
fn adopting_the_draft_makes_it_the_default() {
    let dir = with_draft("drafts-adopted");
    let file = dir.join("2024/bestallning.regel");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("status \"utkast\"", "status \"fastställd\""),
    )
    .unwrap();
    let p = dir.to_str().unwrap();
    let newest = json(&regel(&["eval", "--policies", p, "listning.byte"], INPUT));
    assert_eq!(newest["version"], "2024", "{newest}");
}

#[test]
fn the_api_lists_the_status_and_answers_from_the_adopted_version() {
    let dir = with_draft("drafts-api");
    let mut child = Command::new(regel_bin())
        .args(["serve", "--policies", dir.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let requests = format!(
        "{}\n{}\n{}\n",
        r#"{"jsonrpc":"2.0","id":1,"method":"policies.list"}"#,
        format_args!(
            r#"{{"jsonrpc":"2.0","id":2,"method":"decide","params":{{"decision":"listning.byte","input":{INPUT}}}}}"#
        ),
        format_args!(
            r#"{{"jsonrpc":"2.0","id":3,"method":"decide","params":{{"decision":"listning.byte","as_of":"2024-05-10","input":{INPUT}}}}}"#
        ),
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(requests.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let list = lines[0]["result"].as_array().unwrap();
    let status: Vec<(&str, &str)> = list
        .iter()
        .map(|v| {
            (
                v["version"].as_str().unwrap(),
                v["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(status.contains(&("2023", "fastställd")), "{status:?}");
    assert!(status.contains(&("2024", "utkast")), "{status:?}");
    assert_eq!(lines[1]["result"]["version"], "2023", "{}", lines[1]);
    assert_eq!(lines[2]["error"]["code"], -32001, "{}", lines[2]);
}

#[test]
fn an_unknown_status_is_an_error() {
    let dir = with_draft("drafts-unknown");
    let file = dir.join("2024/bestallning.regel");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("status \"utkast\"", "status \"draft\"")).unwrap();
    let out = regel(&["check", dir.join("2024").to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let text = format!("{}{}", regel_e2e::stdout(&out), stderr(&out));
    assert!(text.contains("E0506"), "{text}");
}

/// The memo of a draft with the three edits a legal reviewer tried (issue 20): the fine cap
/// 10 % → 15 %, switches per year 2 → 3, the regiondirektör's limit 3 → 4 months. Each is a
/// row in the reader's units under its Swedish label, and the draft says it is one.
#[test]
fn the_memo_of_a_draft_speaks_in_the_policys_units() {
    let dir = with_draft("drafts-memo");
    edit(
        &dir,
        "sanktioner.regel",
        "param vite_andel: Decimal = 10 %",
        "param vite_andel: Decimal = 15 %",
    );
    edit(
        &dir,
        "listning.regel",
        "param max_byten: Int = 2",
        "param max_byten: Int = 3",
    );
    edit(
        &dir,
        "kapacitetsstopp.regel",
        "param regiondirektorens_grans: Duration = 3 months",
        "param regiondirektorens_grans: Duration = 4 months",
    );
    let p = dir.to_str().unwrap();
    let out = regel(&["diff", "2023", "2024", "--policies", p], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = regel_e2e::stdout(&out);
    for row in [
        "| 10 % | 15 % | +5 procentenheter | +50,0 % |",
        "| 2 | 3 | +1 | +50,0 % |",
        "| 3 månader | 4 månader | +1 månad | +33,3 % |",
        "(utkast)",
        "Tre delar har ändrats.",
    ] {
        assert!(md.contains(row), "the memo lacks {row:?}:\n{md}");
    }
    for code in [
        "vite_andel",
        "max_byten",
        "regiondirektorens_grans",
        "0,15",
        "Duration",
    ] {
        assert!(!md.contains(code), "the memo shows {code:?}:\n{md}");
    }
    insta::assert_snapshot!("memo_draft_2024_md", md);
}

/// A change to a `///` doc comment alone (where the policy quotes the Beställning and says
/// which reading it chose) is a change of its own, shown word by word (issue 20).
#[test]
fn a_changed_doc_comment_alone_is_shown_word_by_word() {
    let dir = with_draft("drafts-doc");
    edit(
        &dir,
        "listning.regel",
        "/// Så många byten får invånaren göra under en period",
        "/// Så många byten får invånaren göra under ett år",
    );
    let p = dir.to_str().unwrap();
    let out = regel(&["diff", "2023", "2024", "--policies", p], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = regel_e2e::stdout(&out);
    for said in [
        "En del har ändrats.",
        "beskrivningen ändrad",
        "under ~~en period~~ **ett år**",
    ] {
        assert!(md.contains(said), "the memo lacks {said:?}:\n{md}");
    }
    let out = regel(
        &["diff", "2023", "2024", "--policies", p, "--format", "html"],
        "",
    );
    let html = regel_e2e::stdout(&out);
    assert!(
        html.contains("under <del>en period</del> <ins>ett år</ins>"),
        "{html}"
    );
}
