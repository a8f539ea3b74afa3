//! Bad input from the file system: links that leave the policies folder, oversized and
//! non-UTF-8 files, and runs killed while they write.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use regel_e2e::{regel, regel_bin, root, stderr, temp_dir};

fn copy_version(from: &str, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(root().join("policies").join(from)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn links_that_leave_the_policies_folder_are_refused() {
    let dir = temp_dir("hard-links");
    let outside = dir.join("outside");
    copy_version("2021", &outside.join("2021"));
    let policies = dir.join("policies");
    copy_version("2020", &policies.join("2020"));
    std::os::unix::fs::symlink(outside.join("2021"), policies.join("2021")).unwrap();
    let out = regel(&["check", policies.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("copy the file in instead of linking"),
        "{}",
        stderr(&out)
    );

    // A file linked from outside into a version folder, too.
    std::fs::remove_file(policies.join("2021")).unwrap();
    std::os::unix::fs::symlink(
        outside.join("2021").join("filial.regel"),
        policies.join("2020").join("extra.regel"),
    )
    .unwrap();
    let out = regel(&["test", policies.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("extra.regel` leads to"),
        "{}",
        stderr(&out)
    );

    // A link that stays inside is fine.
    std::fs::remove_file(policies.join("2020").join("extra.regel")).unwrap();
    std::fs::create_dir_all(policies.join("store")).unwrap();
    std::fs::rename(policies.join("2020"), policies.join("store").join("2020")).unwrap();
    std::os::unix::fs::symlink(policies.join("store").join("2020"), policies.join("2020")).unwrap();
    let out = regel(&["check", policies.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn oversized_and_non_utf8_files_are_refused_with_the_limit() {
    let dir = temp_dir("hard-sizes");
    std::fs::write(dir.join("big.regel"), vec![b'/'; 4 * 1024 * 1024 + 1]).unwrap();
    let out = regel(&["check", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is 4194305 bytes; a policy file may be at most 4194304 bytes"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(dir.join("big.regel")).unwrap();
    std::fs::write(dir.join("latin1.regel"), b"// H\xe4lsocentral\n").unwrap();
    let out = regel(&["check", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not UTF-8 text (a bad byte at offset 4)"),
        "{}",
        stderr(&out)
    );
}

/// Starts `regel ARGS`, kills it after `delay`, and waits.
fn killed_after(args: &[&str], delay: Duration) {
    let mut child = Command::new(regel_bin())
        .args(args)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_killed_fmt_leaves_every_file_old_or_new_never_truncated() {
    let dir = temp_dir("hard-fmt-kill");
    let messy = "param   a :Int=1\n\n\n\nparam b: Int = a   // kept\n";
    let clean = "param a: Int = 1\n\nparam b: Int = a  // kept\n";
    for round in 0..8u64 {
        let folder = dir.join(format!("round{round}"));
        std::fs::create_dir_all(&folder).unwrap();
        for i in 0..400 {
            std::fs::write(folder.join(format!("f{i:03}.regel")), messy).unwrap();
        }
        killed_after(
            &["fmt", folder.to_str().unwrap()],
            Duration::from_millis(2 + round * 6),
        );
        let mut formatted = 0;
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "regel") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    text == messy || text == clean,
                    "{} is neither old nor new: {text:?}",
                    path.display()
                );
                formatted += usize::from(text == clean);
            }
        }
        eprintln!("round {round}: {formatted} of 400 files formatted before the kill");
    }
}

#[test]
fn a_killed_new_version_leaves_no_half_folder() {
    let dir = temp_dir("hard-nv-kill");
    let policies = dir.join("policies");
    copy_version("2023", &policies.join("2023"));
    let expected = std::fs::read_dir(policies.join("2023")).unwrap().count();
    for round in 0..6u64 {
        let name = format!("2{round:03}");
        let p = policies.to_str().unwrap();
        killed_after(
            &["new-version", &name, "--from", "2023", "--policies", p],
            Duration::from_millis(round * 4),
        );
        let target = policies.join(&name);
        if target.exists() {
            assert_eq!(
                std::fs::read_dir(&target).unwrap().count(),
                expected,
                "{name} is whole"
            );
        }
    }
}

/// The answers of `regel serve ARGS` to `lines`, and what it wrote to standard error.
fn serve(args: &[&str], lines: &[String]) -> (Vec<serde_json::Value>, String) {
    let mut all = vec!["serve", "--policies", "policies"];
    all.extend_from_slice(args);
    let out = regel(&all, &(lines.join("\n") + "\n"));
    let answers = regel_e2e::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (answers, stderr(&out))
}

fn byte_request(id: u32, switches: usize) -> String {
    let dates = vec!["2020-01-01"; switches];
    serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "decide", "params": {
        "version": "2023", "decision": "listning.byte",
        "input": {"datum": "2023-05-10", "tidigare_byten": dates}}})
    .to_string()
}

#[test]
fn a_panic_in_a_method_is_answered_logged_with_its_id_and_survived() {
    let panic = r#"{"jsonrpc":"2.0","id":"p-7","method":"regel.debug.panic"}"#.to_owned();
    let (answers, log) = serve(&[], &[panic, byte_request(8, 1)]);
    assert_eq!(answers[0]["id"], "p-7");
    assert_eq!(answers[0]["error"]["code"], -32603);
    assert_eq!(
        answers[0]["error"]["message"],
        "internal error: the server hit a bug; it keeps serving"
    );
    assert!(
        log.contains("internal error in `regel.debug.panic`"),
        "{log}"
    );
    assert!(log.contains("p-7"), "the log names the request: {log}");
    assert_eq!(
        answers[1]["result"]["output"]["utfall"], "beviljas",
        "{}",
        answers[1]
    );
}

#[test]
fn lists_and_texts_over_the_limits_are_ill_typed_inputs_at_their_place() {
    let (answers, _) = serve(
        &["--max-list", "3"],
        &[byte_request(1, 3), byte_request(2, 4)],
    );
    assert!(answers[0]["result"].is_object(), "{}", answers[0]);
    assert_eq!(answers[1]["error"]["code"], -32602);
    assert_eq!(answers[1]["error"]["data"]["path"], "/input/tidigare_byten");
    assert!(
        answers[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("has 4 elements; at most 3"),
        "{}",
        answers[1]
    );

    let long = serde_json::json!({"jsonrpc": "2.0", "id": 3, "method": "decide", "params": {
        "version": "2023", "decision": "listning.byte",
        "input": {"datum": "x".repeat(21), "tidigare_byten": []}}})
    .to_string();
    let (answers, _) = serve(&["--max-text", "20"], &[long]);
    assert_eq!(
        answers[0]["error"]["data"]["path"], "/input/datum",
        "{}",
        answers[0]
    );

    // The default list limit holds for `regel eval` too.
    let input =
        serde_json::json!({"datum": "2023-05-10", "tidigare_byten": vec!["2020-01-01"; 100_001]});
    let out = regel(
        &["eval", "--version", "2023", "listning.byte"],
        &input.to_string(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(regel_e2e::stdout(&out).contains("at most 100000 are accepted"));
}

#[test]
fn a_policy_text_over_4_mib_is_refused_by_source_set() {
    let text = "/".repeat(4 * 1024 * 1024 + 1);
    let set = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "source.set",
        "params": {"path": "2023/x.regel", "text": text}})
    .to_string();
    let (answers, _) = serve(&[], &[set]);
    assert_eq!(answers[0]["error"]["code"], -32602);
    assert_eq!(answers[0]["error"]["data"]["path"], "/text");
}

#[test]
fn a_batch_that_would_evaluate_too_many_rules_is_refused_whole() {
    let inputs = vec![serde_json::json!({}); 2_000_000];
    let batch = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "decide.batch",
        "params": {"version": "2023", "decision": "listning.byte", "inputs": inputs}})
    .to_string();
    let (answers, _) = serve(&[], &[batch]);
    assert_eq!(
        answers[0]["error"]["code"], -32602,
        "{}",
        answers[0]["error"]
    );
    let message = answers[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("at most 10000000 per request: split it"),
        "{message}"
    );
}

/// Runs `regel ARGS` with its standard output closed before it writes (a reader that stopped
/// early, as `| head -0` does).
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(regel_bin())
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    if let Some(mut input) = child.stdin.take() {
        use std::io::Write as _;
        let _ = input.write_all(br#"{"datum": "2023-05-10", "tidigare_byten": []}"#);
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_141() {
    for args in [
        &["test", "policies"][..],
        &["diff", "2020", "2021"],
        &["diff", "2020", "2021", "--format", "html"],
        &["coverage", "policies"],
        &["codegen", "policies/2023"],
        &["check", "policies", "--format", "json"],
        &["eval", "listning.byte", "--version", "2023", "--explain"],
        &["fmt", "--check", "policies"],
    ] {
        let out = with_closed_stdout(args);
        // `check --format json` and `fmt --check` of clean policies write nothing to
        // standard output, so they end as usual; every other command has output to lose.
        let expected = if args[0] == "check" || args[0] == "fmt" {
            0
        } else {
            141
        };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{args:?}: {}",
            stderr(&out)
        );
        let err = stderr(&out);
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "{args:?}: {err}"
        );
        if expected == 141 {
            assert!(err.is_empty(), "{args:?}: {err}");
        }
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_exit_2() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(regel_bin())
        .args(["test", "policies"])
        .current_dir(root())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: cannot write to standard output: No space left on device"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn a_killed_new_versions_temporary_folder_is_never_a_version_and_is_cleaned_up() {
    let dir = temp_dir("hard-nv-tmp");
    let policies = dir.join("policies");
    copy_version("2023", &policies.join("2023"));
    // What a `new-version 2024` killed mid-way leaves: a hidden folder, half written, named
    // after a process that is gone.
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = policies.join(format!(".2024.{dead}.tmp"));
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(
        stale.join("huvud.regel"),
        "version \"2024\" {\n  title \"Bes",
    )
    .unwrap();
    // One of a process still running (this test) is another `new-version` at work.
    let live = policies.join(format!(".2025.{}.tmp", std::process::id()));
    std::fs::create_dir_all(&live).unwrap();
    std::fs::write(live.join("huvud.regel"), "version \"2025\" {").unwrap();
    let p = policies.to_str().unwrap();

    let out = regel(&["check", p], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("checked 1 version:"),
        "{}",
        stderr(&out)
    );
    let out = regel(&["test", p], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let request = r#"{"jsonrpc": "2.0", "id": 1, "method": "decide", "params": {"decision": "listning.byte", "input": {"datum": "2023-05-10", "tidigare_byten": []}}}"#;
    let out = regel(&["serve", "--policies", p], &format!("{request}\n"));
    let answer: serde_json::Value = serde_json::from_str(regel_e2e::stdout(&out).trim()).unwrap();
    assert_eq!(answer["result"]["version"], "2023", "{answer}");
    let out = regel(
        &[
            "eval",
            "listning.byte",
            "--as-of",
            "2023-05-10",
            "--policies",
            p,
        ],
        r#"{"datum": "2023-05-10", "tidigare_byten": []}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = regel(
        &["new-version", "2024", "--from", "2023", "--policies", p],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stale.exists(), "the dead process's folder is removed");
    assert!(live.exists(), "a running process's folder is left alone");
    let out = regel(&["check", p], "");
    assert!(
        stderr(&out).contains("checked 2 versions:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn eval_reads_no_more_than_16_mib_of_input() {
    // `/dev/zero` never ends: before the cap, `eval` read until memory ran out.
    let out = regel(
        &[
            "eval",
            "listning.byte",
            "--version",
            "2023",
            "--input",
            "/dev/zero",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let answer = regel_e2e::json(&out);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("longer than 16 MiB"),
        "{answer}"
    );
    // Just under the limit is read (and then judged as JSON).
    let dir = temp_dir("hard-eval-input");
    let file = dir.join("input.json");
    let mut text = vec![b' '; 16 * 1024 * 1024 - 64];
    text.extend_from_slice(br#"{"datum": "2023-05-10", "tidigare_byten": []}"#);
    std::fs::write(&file, &text).unwrap();
    let out = regel(
        &[
            "eval",
            "listning.byte",
            "--version",
            "2023",
            "--input",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", regel_e2e::stdout(&out));
}

#[test]
fn a_byte_order_mark_is_accepted_and_kept_by_fmt() {
    let dir = temp_dir("hard-bom");
    let version = dir.join("policies").join("2023");
    copy_version("2023", &version);
    let first = std::fs::read_dir(&version)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .min()
        .unwrap();
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, format!("\u{feff}{text}")).unwrap();
    let v = version.to_str().unwrap();
    let out = regel(&["check", v], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = regel(&["test", v], "");
    assert_eq!(out.status.code(), Some(0), "{}", regel_e2e::stdout(&out));
    let out = regel(&["fmt", "--check", v], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Unformatted, then formatted: the mark stays.
    std::fs::write(
        &first,
        format!("\u{feff}{}", text.replacen("\n\n", "\n\n\n\n", 1)),
    )
    .unwrap();
    let out = regel(&["fmt", first.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        format!("\u{feff}{text}")
    );
}

const UNFORMATTED: &str = "param a: Int = 1\n\n\n\nparam b: Int = 2\n";
const FORMATTED: &str = "param a: Int = 1\n\nparam b: Int = 2\n";

#[test]
fn fmt_leaves_a_read_only_file_as_it_was() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = temp_dir("hard-fmt-ro");
    let file = dir.join("a.regel");
    std::fs::write(&file, UNFORMATTED).unwrap();
    std::fs::write(dir.join("b.regel"), UNFORMATTED).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = regel(&["fmt", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a.regel` is read-only and was left as it was"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    // The summary counts it as not formatted, not as reformatted.
    assert!(
        stderr(&out).contains("2 files checked, 1 reformatted, 1 not formatted"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), UNFORMATTED);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o444
    );
    // The writable file beside it is formatted all the same.
    assert_eq!(
        std::fs::read_to_string(dir.join("b.regel")).unwrap(),
        FORMATTED
    );
}

#[test]
fn fmt_keeps_links_refuses_outward_ones_and_walks_no_loop() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("hard-fmt-links");
    let folder = dir.join("policies");
    std::fs::create_dir_all(folder.join("2023")).unwrap();
    std::fs::write(folder.join("2023").join("a.regel"), UNFORMATTED).unwrap();
    symlink("a.regel", folder.join("2023").join("b.regel")).unwrap();
    symlink(".", folder.join("2023").join("loop")).unwrap();
    symlink("..", folder.join("2023").join("up")).unwrap();
    let f = folder.to_str().unwrap();

    // Two links back up make no loop: each folder is walked once, the file listed once.
    let started = std::time::Instant::now();
    let out = regel(&["fmt", "--check", f], "");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        regel_e2e::stdout(&out).lines().count(),
        1,
        "{}",
        regel_e2e::stdout(&out)
    );

    // Formatting writes the target and leaves the link a link.
    let out = regel(&["fmt", f], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let b = folder.join("2023").join("b.regel");
    assert!(
        std::fs::symlink_metadata(&b)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("2023").join("a.regel")).unwrap(),
        FORMATTED
    );

    // A link that leads outside is refused, as `check` refuses it, and nothing is written.
    let outside = dir.join("outside.regel");
    std::fs::write(&outside, UNFORMATTED).unwrap();
    symlink(&outside, folder.join("2023").join("c.regel")).unwrap();
    for args in [&["fmt", f][..], &["fmt", "--check", f]] {
        let out = regel(args, "");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), UNFORMATTED);
    let c = folder.join("2023").join("c.regel");
    let out = regel(&["fmt", c.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), UNFORMATTED);
    assert!(
        std::fs::symlink_metadata(&c)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn source_set_caps_a_versions_files_and_text() {
    let dir = temp_dir("hard-source-caps");
    let policies = dir.join("policies");
    std::fs::create_dir_all(policies.join("v")).unwrap();
    std::fs::write(policies.join("v").join("a.regel"), "param a: Int = 1\n").unwrap();
    let set = |id: usize, path: &str, text: &str| {
        serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "source.set",
            "params": {"path": path, "text": text}})
        .to_string()
    };
    // The version holds one file: 255 more are accepted, the 257th is not; replacing one of
    // them still is.
    let mut lines: Vec<String> = (1..=256)
        .map(|i| set(i, &format!("v/f{i}.regel"), ""))
        .collect();
    lines.push(set(300, "v/f1.regel", "param b: Int = 2\n"));
    let out = regel(
        &["serve", "--policies", policies.to_str().unwrap()],
        &(lines.join("\n") + "\n"),
    );
    let answers: Vec<serde_json::Value> = regel_e2e::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 257);
    assert!(answers[..255].iter().all(|a| a.get("result").is_some()));
    let refused = &answers[255];
    assert_eq!(refused["error"]["code"], -32602, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("holds 256 files; a version may hold at most 256"),
        "{refused}"
    );
    assert!(answers[256].get("result").is_some(), "{}", answers[256]);

    // Four files of 4 MiB each and the one there already: over 16 MiB in all.
    let big = format!("//{}\n", " ".repeat(4 * 1024 * 1024 - 3));
    let lines: Vec<String> = (1..=4)
        .map(|i| set(i, &format!("v/big{i}.regel"), &big))
        .chain([set(5, "v/a.regel", "param a: Int = 2\n")])
        .collect();
    let out = regel(
        &["serve", "--policies", policies.to_str().unwrap()],
        &(lines.join("\n") + "\n"),
    );
    let answers: Vec<serde_json::Value> = regel_e2e::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 5);
    assert!(answers[..3].iter().all(|a| a.get("result").is_some()));
    assert_eq!(answers[3]["error"]["code"], -32602, "{}", answers[3]);
    assert_eq!(answers[3]["error"]["data"]["path"], "/text");
    assert!(
        answers[3]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("a version may hold at most 16777216 bytes (16 MiB)"),
        "{}",
        answers[3]
    );
    // The server goes on.
    assert!(answers[4].get("result").is_some(), "{}", answers[4]);
}

#[test]
fn answers_past_64_mib_are_errors_and_the_server_goes_on() {
    use serde_json::json;
    // A batch of 500 HTML diffs (each answer some 160 KB; the whole over 64 MiB).
    let diffs: Vec<serde_json::Value> = (0..500)
        .map(|i| {
            json!({"jsonrpc": "2.0", "id": i, "method": "diff",
            "params": {"from": "2021", "to": "2023", "format": "html"}})
        })
        .collect();
    // 40 000 inputs explained (some 2 KB each, on the general path) ...
    let input = json!({"datum": "2023-05-10", "tidigare_byten": ["2022-09-01", "2023-01-15"]});
    let explained = json!({"jsonrpc": "2.0", "id": "explained", "method": "decide.batch",
        "params": {"decision": "listning.byte", "version": "2023", "explain": true,
                   "inputs": vec![input.clone(); 40_000]}});
    // ... and a million empty inputs (some 400 bytes of answer each, on the fast path).
    let plain = format!(
        r#"{{"jsonrpc":"2.0","id":"plain","method":"decide.batch","params":{{"decision":"ersattning.ram","version":"2021","inputs":[{}]}}}}"#,
        vec!["{}"; 1_000_000].join(",")
    );
    let next = |id: &str| {
        json!({"jsonrpc": "2.0", "id": id, "method": "decide",
            "params": {"decision": "listning.byte", "version": "2023", "input": input}})
        .to_string()
    };
    let lines = [
        serde_json::Value::Array(diffs).to_string(),
        next("after diffs"),
        explained.to_string(),
        next("after explained"),
        plain,
        next("after plain"),
    ];
    let out = regel(
        &["serve", "--policies", "policies"],
        &(lines.join("\n") + "\n"),
    );
    let text = regel_e2e::stdout(&out);
    let answers: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 6, "{}", stderr(&out));
    assert!(text.lines().all(|l| l.len() < 64 * 1024 * 1024));

    // The batch: each request answered with its id; those whose answers would not fit are
    // errors, and once there is no room, the rest are not run.
    let batch = answers[0].as_array().unwrap();
    assert_eq!(batch.len(), 500);
    for (i, a) in batch.iter().enumerate() {
        assert_eq!(a["id"], i, "{}", a["error"]);
    }
    let done = batch
        .iter()
        .take_while(|a| a.get("result").is_some())
        .count();
    assert!(done > 100 && done < 500, "{done} diffs answered");
    assert!(batch[done..].iter().all(|a| {
        a["error"]["code"] == -32600
            && a["error"]["message"]
                .as_str()
                .unwrap()
                .contains("would be longer than 64 MiB")
    }));

    for (answer, id) in [(&answers[2], "explained"), (&answers[4], "plain")] {
        assert_eq!(answer["id"], id);
        assert_eq!(answer["error"]["code"], -32602, "{answer}");
        assert_eq!(answer["error"]["data"]["path"], "/inputs", "{answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("would be longer than 64 MiB (67108864 bytes): split it"),
            "{answer}"
        );
    }
    for (answer, id) in [
        (&answers[1], "after diffs"),
        (&answers[3], "after explained"),
        (&answers[5], "after plain"),
    ] {
        assert_eq!(answer["id"], id);
        assert_eq!(answer["result"]["output"]["utfall"], "avslas", "{answer}");
    }
}

#[test]
fn versions_whose_periods_overlap_are_an_error_naming_both() {
    let dir = temp_dir("hard-overlap");
    let policies = dir.join("policies");
    copy_version("2021", &policies.join("2021"));
    copy_version("2023", &policies.join("2023"));
    let header = policies.join("2021").join("bestallning.regel");
    let text = std::fs::read_to_string(&header).unwrap();
    std::fs::write(
        &header,
        text.replace("valid_to 2021-12-31", "valid_to 2023-03-31"),
    )
    .unwrap();
    let p = policies.to_str().unwrap();

    let out = regel(&["check", p], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "error: versions 2021 and 2023 are both in force from 2023-01-01 to 2023-03-31"
        ),
        "{}",
        stderr(&out)
    );
    let input = r#"{"datum": "2023-02-01", "tidigare_byten": []}"#;
    let out = regel(
        &[
            "eval",
            "listning.byte",
            "--as-of",
            "2023-02-01",
            "--policies",
            p,
        ],
        input,
    );
    assert_eq!(out.status.code(), Some(1));
    let answer = regel_e2e::json(&out);
    assert_eq!(answer["error"]["code"], -32001, "{answer}");
    assert_eq!(
        answer["error"]["data"]["in_force"],
        serde_json::json!(["2021", "2023"])
    );
    let request = |day: &str| {
        serde_json::json!({"jsonrpc": "2.0", "id": day, "method": "decide",
            "params": {"decision": "listning.byte", "as_of": day,
                       "input": {"datum": day, "tidigare_byten": []}}})
        .to_string()
    };
    let lines = [request("2023-02-01"), request("2023-06-01")].join("\n") + "\n";
    let out = regel(&["serve", "--policies", p], &lines);
    let answers: Vec<serde_json::Value> = regel_e2e::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers[0]["error"]["code"], -32001, "{}", answers[0]);
    assert!(
        answers[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("versions 2021 and 2023 are both in force on 2023-02-01"),
        "{}",
        answers[0]
    );
    // Outside the overlap, the one version in force answers.
    assert_eq!(answers[1]["result"]["version"], "2023", "{}", answers[1]);
}

#[test]
fn a_key_twice_in_one_object_is_refused_not_guessed() {
    let out = regel(
        &["eval", "listning.byte", "--version", "2023"],
        r#"{"datum": "2023-05-10", "tidigare_byten": [], "datum": "2023-06-01"}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    let answer = regel_e2e::json(&out);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert_eq!(answer["error"]["data"]["key"], "datum", "{answer}");
    // The API, on both paths (a plain `decide.batch` is the fast one), answers with the id,
    // and goes on.
    let lines = [
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","version":"2023","input":{"datum":"2023-05-10","tidigare_byten":[],"datum":"2023-06-01"}}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"decide.batch","params":{"decision":"listning.byte","version":"2023","inputs":[{"datum":"2023-05-10","tidigare_byten":[],"tidigare_byten":["2023-01-01"]}]}}"#,
        r#"{"jsonrpc":"2.0","id":3,"id":4,"method":"versions"}"#,
        r#"{"jsonrpc":"2.0","id":5,"method":"decide","params":{"decision":"listning.byte","version":"2023","input":{"datum":"2023-05-10","tidigare_byten":[]}}}"#,
    ];
    let (answers, _) = serve(&[], &lines.map(str::to_owned));
    for (answer, id) in answers.iter().zip([1, 2]) {
        assert_eq!(answer["id"], id, "{answer}");
        assert_eq!(answer["error"]["code"], -32600, "{answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("appears twice in one object"),
            "{answer}"
        );
    }
    assert_eq!(answers[2]["error"]["code"], -32600, "{}", answers[2]);
    assert_eq!(answers[2]["error"]["data"]["key"], "id", "{}", answers[2]);
    assert!(answers[3].get("result").is_some(), "{}", answers[3]);
}

#[test]
fn an_id_that_could_not_be_echoed_exactly_is_refused() {
    let line = |id: &str| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"decide.batch","params":{{"decision":"listning.byte","version":"2023","inputs":[]}}}}"#
        )
    };
    let ids = [
        "99999999999999999999999999",
        "-0",
        "1.5",
        "18446744073709551615",
        "-7",
        "\"x\"",
    ];
    let (answers, _) = serve(&[], &ids.map(line));
    for (answer, id) in answers.iter().zip(ids).take(3) {
        assert_eq!(answer["error"]["code"], -32600, "{id}: {answer}");
        assert_eq!(answer["id"], serde_json::Value::Null, "{id}: {answer}");
    }
    // Whole numbers of 64 bits and strings come back as sent.
    let text = regel(
        &["serve", "--policies", "policies"],
        &(ids[3..]
            .iter()
            .map(|id| line(id))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"),
    );
    let lines: Vec<String> = regel_e2e::stdout(&text)
        .lines()
        .map(str::to_owned)
        .collect();
    for (answer, id) in lines.iter().zip(&ids[3..]) {
        assert!(
            answer.starts_with(&format!(r#"{{"jsonrpc":"2.0","id":{id},"result""#)),
            "{answer}"
        );
    }
}

fn share_request(id: usize, kostnad: &str) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"decide","params":{{"decision":"samverkan.kostnadsandel","version":"2023","input":{{"kostnad":{kostnad},"egna_listade":1,"alla_listade":2}}}}}}"#
    )
}

#[test]
fn numbers_are_read_exactly_or_refused_whatever_their_spelling() {
    // Each amount as written, and the cost share it gives (half), or the refusal.
    let cases = [
        ("1.0000000000000000000000001", Err("cannot be read exactly")),
        ("1e-400", Err("cannot be read exactly")),
        ("99999999999999999999.5", Err("cannot be read exactly")),
        (
            "\"1.0000000000000000000000000000001\"",
            Err("at most two decimals"),
        ),
        ("1.234", Err("more than two decimals")),
        ("1234e-3", Err("more than two decimals")),
        ("1.5e2", Ok("75.00")),
        ("1e20", Ok("50000000000000000000.00")),
        ("\"99999999999999999999.50\"", Ok("49999999999999999999.75")),
    ];
    let lines: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (kostnad, _))| share_request(i, kostnad))
        .collect();
    let (answers, _) = serve(&[], &lines);
    for (answer, (kostnad, expected)) in answers.iter().zip(cases) {
        match expected {
            Ok(belopp) => assert_eq!(answer["result"]["output"]["belopp"], belopp, "{kostnad}"),
            Err(words) => {
                assert_eq!(answer["error"]["code"], -32602, "{kostnad}: {answer}");
                assert_eq!(
                    answer["error"]["data"]["path"], "/input/kostnad",
                    "{answer}"
                );
                let message = answer["error"]["message"].as_str().unwrap();
                assert!(message.contains(words), "{kostnad}: {message}");
            }
        }
    }
    // In a batch, only the request holding the number is refused, at its place.
    let batch = format!(
        "[{},{}]",
        share_request(1, "\"10\""),
        share_request(2, "\"10\"").replace(r#""egna_listade":1"#, r#""egna_listade":1e-400"#)
    );
    let (answers, _) = serve(&[], &[batch]);
    assert_eq!(answers[0][0]["result"]["output"]["belopp"], "5.00");
    assert_eq!(answers[0][1]["id"], 2);
    assert_eq!(
        answers[0][1]["error"]["data"]["path"],
        "/input/egna_listade"
    );
    // `regel eval` reads its input the same way.
    let out = regel(
        &["eval", "samverkan.kostnadsandel", "--version", "2023"],
        r#"{"kostnad":1.0000000000000000000000001,"egna_listade":1,"alla_listade":2}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    let answer = regel_e2e::json(&out);
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert_eq!(answer["error"]["data"]["path"], "/kostnad", "{answer}");
}

#[test]
fn an_input_the_policy_cannot_be_evaluated_for_is_not_answered_as_a_bug() {
    let input = r#"{"listade":9223372036854775807,"distriktslakare":"0.0000000000000000001"}"#;
    let line = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"decide","params":{{"decision":"bemanning.lakartathet","version":"2023","input":{input}}}}}"#
    );
    let batch = format!(
        r#"{{"jsonrpc":"2.0","id":2,"method":"decide.batch","params":{{"decision":"bemanning.lakartathet","version":"2023","inputs":[{input}]}}}}"#
    );
    let (answers, log) = serve(&[], &[line, batch]);
    let error = &answers[0]["error"];
    assert_eq!(error["code"], -32005, "{error}");
    assert_eq!(
        error["message"],
        "the decision cannot be evaluated for this input: the result is too large"
    );
    assert_eq!(error["data"]["reason"], "the result is too large");
    assert_eq!(answers[1]["result"]["results"][0]["error"], *error);
    assert!(!log.contains("internal"), "{log}");
    let out = regel(
        &["eval", "bemanning.lakartathet", "--version", "2023"],
        input,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(regel_e2e::json(&out)["error"]["code"], -32005);
}

#[test]
fn every_2023_parameter_has_a_domain_and_an_override_outside_it_is_refused() {
    // Each domain is a sanity bound (a month is 1–12, a count is not negative, a list names
    // nothing twice), not a reading of the text: the value a what-if can never mean.
    let db = regel_compiler::Database::default();
    let files = std::fs::read_dir(root().join("policies/2023"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = format!("2023/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let version = regel_compiler::load_version(&db, "2023", files);
    let program = regel_compiler::program(&db, version);
    let without: Vec<&str> = program
        .params
        .iter()
        .filter(|p| p.domain.is_none())
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        without.is_empty(),
        "parameters without a domain: {without:?}"
    );

    let outside = [
        ("max_byten", "-1"),
        ("minsta_antal_analysomraden", "-3"),
        ("listade_per_distriktslakare_mal", "0"),
        ("halsocentral_dagar_per_vecka", "8"),
        ("servicepunkt_oppet_var_nte_vecka", "0"),
        ("patientsakerhetsberattelse_manad", "13"),
        ("arsberattelse_dag", "32"),
        ("lakarbedomning_inom_minuter", "-120"),
        ("patientnamnd_svarstid", r#""-4 weeks""#),
        ("vaccination_over_alder", r#""-65 years""#),
        ("halsocentral_oppnar_senast", r#""13:00""#),
        ("support_stanger", r#""06:00""#),
        ("halsosamtal_aldrar", "[40, -50]"),
        (
            "kvalitetsregister",
            r#"["Svenska palliativregistret", "Svenska palliativregistret"]"#,
        ),
        ("digitala_kontakter_senast", r#""2222-12-31""#),
    ];
    let decide = |id: usize, name: &str, value: &str| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"decide","params":{{"decision":"listning.byte","version":"2023","input":{{"datum":"2023-05-10","tidigare_byten":[]}},"overrides":{{"{name}":{value}}}}}}}"#
        )
    };
    let lines: Vec<String> = outside
        .iter()
        .enumerate()
        .map(|(id, (name, value))| decide(id, name, value))
        .collect();
    let (answers, _) = serve(&[], &lines);
    for ((name, value), answer) in outside.iter().zip(&answers) {
        let error = &answer["error"];
        assert_eq!(error["code"], -32602, "{name} = {value}: {answer}");
        assert_eq!(
            error["data"]["path"],
            format!("/overrides/{name}"),
            "{answer}"
        );
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with(&format!("`{name}` must satisfy `")),
            "{name} = {value}: {message}"
        );
    }
    // The bundled values themselves meet their domains: the same decision without overrides
    // is decided.
    let (plain, _) = serve(&[], &[decide(0, "max_byten", "2")]);
    assert_eq!(
        plain[0]["result"]["output"]["utfall"], "beviljas",
        "{}",
        plain[0]
    );
}

/// `policies/2023` copied to a temporary folder with `edit` applied to `sanktioner.regel`.
fn sanctions_edited(name: &str, edit: impl Fn(String) -> String) -> regel_e2e::TempDir {
    let dir = temp_dir(name);
    copy_version("2023", &dir.join("2023"));
    let file = dir.join("2023").join("sanktioner.regel");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, edit(text)).unwrap();
    dir
}

#[test]
fn a_parameter_carries_its_domain_for_its_value_and_every_override() {
    // The bundled 2023 share and durations have domains; an override outside one is refused
    // with the parameter's name and the domain's text, at its place.
    let lines = [
        r#"{"jsonrpc":"2.0","id":1,"method":"decide","params":{"decision":"listning.byte","version":"2023","input":{"datum":"2023-05-10","tidigare_byten":[]},"overrides":{"bytesperiod":"-1 years"}}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"decide","params":{"decision":"listning.byte","version":"2023","input":{"datum":"2023-05-10","tidigare_byten":[]},"overrides":{"bytesperiod":"2 years"}}}"#,
    ]
    .map(str::to_owned);
    let (answers, _) = serve(&[], &lines);
    let error = &answers[0]["error"];
    assert_eq!(error["code"], -32602, "{error}");
    assert_eq!(error["data"]["path"], "/overrides/bytesperiod");
    assert_eq!(
        error["message"],
        "`bytesperiod` must satisfy `2023-01-01 + bytesperiod >= 2023-01-01`, got \"-1 years\""
    );
    assert_eq!(answers[1]["result"]["output"]["utfall"], "beviljas");

    // A test's `with` outside the domain: the test cannot run, and says why.
    let dir = sanctions_edited("param-domain-with", |t| {
        t.replace("with { vite_andel: 20 % }", "with { vite_andel: 120 % }")
    });
    let out = regel(&["test", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let text = regel_e2e::stdout(&out) + &stderr(&out);
    assert!(
        text.contains(
            "`vite_andel` must satisfy `vite_andel >= 0 and vite_andel <= 1`, got \"1.2\""
        ),
        "{text}"
    );

    // The parameter's own value outside its domain is an error of `regel check`.
    let dir = sanctions_edited("param-domain-own", |t| {
        t.replace(
            "param vite_andel: Decimal = 10 %",
            "param vite_andel: Decimal = 110 %",
        )
    });
    let out = regel(&["check", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = regel_e2e::stdout(&out) + &stderr(&out);
    assert!(text.contains("[E0116]"), "{text}");
    assert!(
        text.contains("parameter `vite_andel` cannot take its value: `vite_andel` must satisfy"),
        "{text}"
    );

    // A domain reads its own parameter only.
    let dir = sanctions_edited("param-domain-other", |t| {
        t.replace("vite_andel <= 1", "vite_andel <= aterkallelse_frist")
    });
    let out = regel(&["check", dir.to_str().unwrap()], "");
    let text = regel_e2e::stdout(&out) + &stderr(&out);
    assert!(text.contains("[E0115]"), "{text}");
    assert!(text.contains("reads another parameter"), "{text}");
}
