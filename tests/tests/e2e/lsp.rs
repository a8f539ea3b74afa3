//! `regel lsp` driven over stdio as an editor drives it: Content-Length frames in and out,
//! responses snapshotted with the temporary folder's path replaced by `<root>`.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use regel_e2e::{TempDir, regel_bin, root, temp_dir};
use serde_json::{Value, json};

/// A copy of `policies/` the server may be pointed at; the originals stay untouched.
fn workspace(name: &str) -> TempDir {
    let dir = temp_dir(&format!("lsp-{name}"));
    for version in ["2020", "2021", "2023"] {
        let to = dir.join("policies").join(version);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(root().join("policies").join(version)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications received while waiting for responses.
    notes: Vec<Value>,
    /// The folder whose path is replaced by `<root>` in snapshots.
    dir: PathBuf,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(regel_bin())
            .arg("lsp")
            .current_dir(dir)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Client {
            child,
            input,
            output,
            next_id: 0,
            notes: Vec::new(),
            dir: dir.to_path_buf(),
        }
    }

    /// Started and initialized on `dir` as the workspace folder.
    fn initialized(dir: &Path) -> (Client, Value) {
        let mut client = Client::start(dir);
        let answer = client.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(dir), "capabilities": {},
                   "workspaceFolders": [{"uri": uri(dir), "name": "w"}]}),
        );
        client.notify("initialized", json!({}));
        (client, answer)
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.input, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.input.write_all(body).unwrap();
        self.input.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    fn receive(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(
                self.output.read_line(&mut line).unwrap() > 0,
                "the server closed its output"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = Some(n.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.unwrap()];
        self.output.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The whole response (`result` or `error`) to a request.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response_to(&json!(id))
    }

    fn response_to(&mut self, id: &Value) -> Value {
        loop {
            let message = self.receive();
            if message.get("id") == Some(id) && message.get("method").is_none() {
                return message;
            }
            self.notes.push(message);
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let answer = self.request(method, params);
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }

    /// The diagnostics published since the last call, by file name (sent before the answer
    /// to a request that follows them).
    fn published(&mut self) -> Vec<(String, Value)> {
        self.result("workspace/symbol", json!({"query": "no such name"}));
        let notes = std::mem::take(&mut self.notes);
        notes
            .into_iter()
            .filter(|n| n["method"] == "textDocument/publishDiagnostics")
            .map(|n| {
                let uri = n["params"]["uri"].as_str().unwrap().to_owned();
                let name = uri.rsplit('/').take(2).collect::<Vec<_>>();
                (
                    format!("{}/{}", name[1], name[0]),
                    n["params"]["diagnostics"].clone(),
                )
            })
            .collect()
    }

    fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        self.open_text(path, &text);
        text
    }

    fn open_text(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "regel", "version": 1, "text": text}}),
        );
    }

    /// The server's text of a document (a debug-only request).
    fn server_text(&mut self, path: &Path) -> String {
        let text = self.result("regel/debugText", json!({"uri": uri(path)}));
        text.as_str().unwrap().to_owned()
    }

    /// `shutdown`, `exit`, and the process's exit code and standard error.
    fn finish(mut self) -> (Option<i32>, String) {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code(), err)
    }

    /// `value` with the workspace's path written `<root>`.
    fn normal(&self, value: &Value) -> Value {
        let text = value
            .to_string()
            .replace(&self.dir.display().to_string(), "<root>");
        serde_json::from_str(&text).unwrap()
    }
}

/// The LSP position (UTF-16 columns) of the `nth` occurrence of `needle`, `skip` characters in.
fn position(text: &str, needle: &str, nth: usize, skip: usize) -> Value {
    let (at, _) = text.match_indices(needle).nth(nth).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column: usize = text[start..at].chars().map(char::len_utf16).sum::<usize>() + skip;
    json!({"line": line, "character": column})
}

fn at(path: &Path, text: &str, needle: &str, nth: usize) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": position(text, needle, nth, 1)})
}

/// The policy files of a workspace, to prove the server wrote none of them.
fn snapshot_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for version in std::fs::read_dir(dir.join("policies")).unwrap() {
        for file in std::fs::read_dir(version.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            files.push((path, text));
        }
    }
    files.sort();
    files
}

#[test]
fn initialize_advertises_every_feature_and_the_test_commands() {
    let dir = workspace("init");
    let (client, answer) = Client::initialized(&dir);
    let caps = &answer["result"]["capabilities"];
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!([
            "regel.runTest",
            "regel.runTestAt",
            "regel.evaluate",
            "regel.itemDiff"
        ])
    );
    insta::assert_json_snapshot!("lsp_initialize", client.normal(&answer["result"]));
    let (code, _) = client.finish();
    assert_eq!(code, Some(0));
}

#[test]
fn navigation_hover_completion_and_symbols() {
    let dir = workspace("nav");
    let (mut client, _) = Client::initialized(&dir);
    let listning = dir.join("policies/2023/listning.regel");
    let text = client.open(&listning);
    let published = client.published();
    assert_eq!(
        published,
        [("2023/listning.regel".to_owned(), json!([]))],
        "a clean file is published clean"
    );

    let hover_param = client.result(
        "textDocument/hover",
        at(&listning, &text, "max_byten and", 0),
    );
    let hover_variant = client.result("textDocument/hover", at(&listning, &text, "avslas }", 0));
    let hover_input = client.result(
        "textDocument/hover",
        at(&listning, &text, "tidigare_byten, s", 0),
    );
    let hover_lambda = client.result("textDocument/hover", at(&listning, &text, "s <= datum", 0));
    let ersattning = dir.join("policies/2023/ersattning.regel");
    let ers_text = client.open(&ersattning);
    let hover_previous = client.result(
        "textDocument/hover",
        at(&ersattning, &ers_text, "ram_vardpeng_alder !=", 0),
    );
    assert!(
        hover_previous["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("I 2021:"),
        "{hover_previous}"
    );
    insta::assert_json_snapshot!(
        "lsp_hover",
        client.normal(
            &json!({"param": hover_param, "variant": hover_variant, "input": hover_input,
                              "lambda": hover_lambda, "previous_version": hover_previous})
        )
    );

    let definition = client.result(
        "textDocument/definition",
        at(&listning, &text, "max_byten and", 0),
    );
    let mut references = at(&listning, &text, "max_byten and", 0);
    references["context"] = json!({"includeDeclaration": true});
    let references = client.result("textDocument/references", references);
    assert_eq!(
        references.as_array().unwrap().len(),
        text.matches("max_byten").count()
    );
    insta::assert_json_snapshot!(
        "lsp_definition_references",
        client.normal(&json!({"definition": definition, "references": references}))
    );

    let symbols = client.result(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&listning)}}),
    );
    let outline: Vec<String> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let children = s["children"].as_array().map_or(0, Vec::len);
            format!("{} ({children} items)", s["name"].as_str().unwrap())
        })
        .collect();
    let workspace_symbols = client.result("workspace/symbol", json!({"query": "listning.by"}));
    let found: Vec<String> = workspace_symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} in {}",
                s["name"].as_str().unwrap(),
                s["containerName"].as_str().unwrap()
            )
        })
        .collect();
    let folds = client.result(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri(&listning)}}),
    );
    insta::assert_json_snapshot!(
        "lsp_symbols",
        json!({"outline": outline, "workspace": found, "folds": folds.as_array().unwrap().len()})
    );
    client.finish();
}

/// Labels of a completion answer.
fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

fn edit(path: &Path, version: i32, changes: Value) -> Value {
    json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": changes})
}

#[test]
fn completion_knows_the_context() {
    let dir = workspace("complete");
    let (mut client, _) = Client::initialized(&dir);
    let listning = dir.join("policies/2023/listning.regel");
    let text = client.open(&listning);
    client.published();
    // In a rule: keywords, names in scope, the decision's own inputs.
    let answer = client.result(
        "textDocument/completion",
        at(&listning, &text, "skyddad_identitet\n", 0),
    );
    // The decision's own names sort before the version's other names and the keywords (an
    // enum variant elsewhere with the same prefix must not be the one Enter accepts).
    let sort = |label: &str| {
        answer
            .as_array()
            .into_iter()
            .flatten()
            .chain(answer["items"].as_array().into_iter().flatten())
            .find(|i| i["label"] == label)
            .and_then(|i| i["sortText"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("{label} has no sortText: {answer}"))
    };
    assert!(sort("tidigare_byten") < sort("max_byten"));
    assert!(sort("max_byten") < sort("Enhetstyp"));
    assert!(sort("Enhetstyp") < sort("when"));
    let anywhere = labels(&answer);
    for expected in [
        "when",
        "max_byten",
        "Enhetstyp",
        "tidigare_byten",
        "count",
        "listning.byte",
    ] {
        assert!(
            anywhere.iter().any(|l| l == expected),
            "{expected} missing: {anywhere:?}"
        );
    }
    // After `Enhetstyp.`: its variants. In `@ "`: the sections the version covers.
    let line = position(&text, "  let byten", 0, 0);
    let typed = "  let probe = Enhetstyp.\n  let cite = 1 @ \"\n";
    client.notify(
        "textDocument/didChange",
        edit(
            &listning,
            2,
            json!([{"range": {"start": line, "end": line}, "text": typed}]),
        ),
    );
    let new_text = client.server_text(&listning);
    let variants = client.result(
        "textDocument/completion",
        at(&listning, &new_text, "Enhetstyp.\n", 0).tap(|v| {
            v["position"]["character"] = json!(v["position"]["character"].as_u64().unwrap() + 9)
        }),
    );
    let sections = client.result(
        "textDocument/completion",
        at(&listning, &new_text, "@ \"\n", 0).tap(|v| {
            v["position"]["character"] = json!(v["position"]["character"].as_u64().unwrap() + 2)
        }),
    );
    let sections: Vec<String> = sections
        .as_array()
        .unwrap()
        .iter()
        .take(5)
        .map(|s| {
            format!(
                "{} {}",
                s["label"].as_str().unwrap(),
                s["detail"].as_str().unwrap_or("")
            )
        })
        .collect();
    // After `delar.`, an output of a record type, while the decision does not parse.
    let ersattning = dir.join("policies/2023/ersattning.regel");
    let ers_text = client.open(&ersattning);
    let line = position(&ers_text, "  output delar", 0, 0);
    client.notify(
        "textDocument/didChange",
        edit(
            &ersattning,
            2,
            json!([{"range": {"start": line, "end": line}, "text": "  let probe = delar.\n"}]),
        ),
    );
    let ers_text = client.server_text(&ersattning);
    let fields = client.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&ersattning)}, "position": position(&ers_text, "delar.\n", 0, 6)}),
    );
    insta::assert_json_snapshot!(
        "lsp_completion",
        json!({"after_enum_dot": labels(&variants), "in_citation_first_5": sections,
               "record_fields": labels(&fields)})
    );
    client.finish();
}

trait Tap {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}

impl Tap for Value {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}

#[test]
fn rename_formatting_tokens_and_no_file_is_written() {
    let dir = workspace("edit");
    let before = snapshot_files(&dir);
    let (mut client, _) = Client::initialized(&dir);
    let listning = dir.join("policies/2023/listning.regel");
    let text = client.open(&listning);
    client.published();

    let mut rename = at(&listning, &text, "max_byten and", 0);
    rename["newName"] = json!("hogsta_antal_byten");
    let renamed = client.result("textDocument/rename", rename.clone());
    let edits = &renamed["changes"][uri(&listning)];
    assert_eq!(
        edits.as_array().unwrap().len(),
        text.matches("max_byten").count()
    );
    rename["newName"] = json!("bytesperiod");
    let taken = client.request("textDocument/rename", rename.clone());
    rename["newName"] = json!("två byten");
    let not_identifier = client.request("textDocument/rename", rename.clone());
    rename["newName"] = json!("when");
    let keyword = client.request("textDocument/rename", rename);
    insta::assert_json_snapshot!(
        "lsp_rename",
        client.normal(&json!({"first_edit": edits[0], "taken": taken["error"],
                              "not_identifier": not_identifier["error"], "keyword": keyword["error"]}))
    );

    // Formatting answers one edit; the server does not apply it.
    let messy = text.replacen("param max_byten: Int = 2", "param   max_byten :Int=2", 1);
    client.notify(
        "textDocument/didChange",
        edit(&listning, 2, json!([{"text": messy}])),
    );
    let formatted = client.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri(&listning)}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(
        formatted[0]["newText"].as_str().unwrap(),
        text,
        "formatting restores the layout"
    );
    assert_eq!(
        client.server_text(&listning),
        messy,
        "the server's text is the client's until it applies the edit"
    );

    let tokens = client.result(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri(&listning)}}),
    );
    insta::assert_json_snapshot!(
        "lsp_semantic_tokens",
        decode_tokens(&messy, &tokens["data"], 40)
    );

    client.finish();
    assert_eq!(
        snapshot_files(&dir),
        before,
        "the language server wrote no file"
    );
}

/// The first `n` tokens as `line:col text → type`, decoded with the legend's order.
fn decode_tokens(text: &str, data: &Value, n: usize) -> Vec<String> {
    const TYPES: [&str; 11] = [
        "keyword",
        "type",
        "enumMember",
        "parameter",
        "variable",
        "function",
        "string",
        "number",
        "comment",
        "property",
        "namespace",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let (mut line, mut col) = (0usize, 0usize);
    data.as_array()
        .unwrap()
        .chunks(5)
        .take(n)
        .map(|t| {
            let delta_line = t[0].as_u64().unwrap() as usize;
            let delta_col = t[1].as_u64().unwrap() as usize;
            if delta_line > 0 {
                line += delta_line;
                col = delta_col;
            } else {
                col += delta_col;
            }
            let len = t[2].as_u64().unwrap() as usize;
            let units: Vec<u16> = lines[line].encode_utf16().collect();
            let word = String::from_utf16_lossy(&units[col..col + len]);
            format!(
                "{}:{} {word} → {}",
                line + 1,
                col,
                TYPES[t[3].as_u64().unwrap() as usize]
            )
        })
        .collect()
}

#[test]
fn code_lens_runs_tests_and_reports_the_difference() {
    let dir = workspace("lens");
    let (mut client, _) = Client::initialized(&dir);
    let listning = dir.join("policies/2023/listning.regel");
    let text = client.open(&listning);
    client.published();
    let lenses = client.result(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri(&listning)}}),
    );
    // "▶ Kör testet" on every test ("Kör" and "Ny sedan 2021": crates/regel-lsp/tests/session.rs).
    let tests: Vec<&Value> = lenses
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["command"]["command"] == "regel.runTest")
        .collect();
    assert_eq!(tests.len(), text.matches("\ntest \"").count());
    let command = tests[0]["command"].clone();
    let passed = client.result(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    // Break the first test's expectation, then run it by position.
    let broken = text.replacen("byten_inom_perioden: 0 }", "byten_inom_perioden: 7 }", 1);
    client.notify(
        "textDocument/didChange",
        edit(&listning, 2, json!([{"text": broken}])),
    );
    let inside = position(&broken, "byten_inom_perioden: 7", 0, 0);
    let failed = client.result(
        "workspace/executeCommand",
        json!({"command": "regel.runTestAt", "arguments": [uri(&listning), inside]}),
    );
    let nowhere = client.request(
        "workspace/executeCommand",
        json!({"command": "regel.runTestAt", "arguments": [uri(&listning), {"line": 0, "character": 0}]}),
    );
    insta::assert_json_snapshot!(
        "lsp_code_lens",
        client.normal(
            &json!({"first_lens": tests[0], "passed": passed, "failed": failed,
                              "no_test_here": nowhere})
        )
    );
    client.finish();
}

#[test]
fn incremental_edits_keep_the_servers_text_equal_to_the_clients() {
    let dir = workspace("sync");
    let (mut client, _) = Client::initialized(&dir);
    let listning = dir.join("policies/2023/listning.regel");
    let mut mine = client.open(&listning);
    client.published();
    // Each edit is a range in the text the one before left; Swedish letters move columns.
    let edits: Vec<(&str, usize, &str)> = vec![
        ("param max_byten: Int = 2", 23, "3"),
        ("Invånaren väljer", 10, "Å"),
        ("param max_byten: Int = 3", 0, "/// Ändrad.\n"),
        ("hälsocentral\"", 0, "ö"),
    ];
    for (version, (needle, skip, insert)) in edits.iter().enumerate() {
        let start = position(&mine, needle, 0, *skip);
        let end_skip = if insert.len() == 1 && insert.chars().all(|c| c.is_ascii_digit()) {
            skip + 1
        } else {
            *skip
        };
        let end = position(&mine, needle, 0, end_skip);
        client.notify(
            "textDocument/didChange",
            edit(
                &listning,
                version as i32 + 2,
                json!([{"range": {"start": start, "end": end}, "text": insert}]),
            ),
        );
        let from = byte_at(&mine, &start);
        let to = byte_at(&mine, &end);
        mine.replace_range(from..to, insert);
        assert_eq!(client.server_text(&listning), mine, "after edit {version}");
    }
    // Two changes in one notification apply in order.
    let a = position(&mine, "section \"3.6.1\"", 0, 0);
    client.notify(
        "textDocument/didChange",
        edit(
            &listning,
            9,
            json!([
                {"range": {"start": a, "end": a}, "text": "// ett\n"},
                {"range": {"start": a, "end": a}, "text": "// två\n"},
            ]),
        ),
    );
    let from = byte_at(&mine, &a);
    mine.insert_str(from, "// två\n// ett\n");
    assert_eq!(client.server_text(&listning), mine);

    // A type error is published, and cleared when undone.
    let at_value = position(&mine, "param max_byten: Int = 3", 0, 23);
    let after = position(&mine, "param max_byten: Int = 3", 0, 24);
    client.notify(
        "textDocument/didChange",
        edit(
            &listning,
            10,
            json!([{"range": {"start": at_value, "end": after}, "text": "\"tre\""}]),
        ),
    );
    let with_error = client.published();
    let end = position(&client.server_text(&listning), "\"tre\"", 0, 5);
    client.notify(
        "textDocument/didChange",
        edit(
            &listning,
            11,
            json!([{"range": {"start": at_value, "end": end}, "text": "3"}]),
        ),
    );
    let cleared = client.published();
    insta::assert_json_snapshot!(
        "lsp_incremental_diagnostics",
        json!({"with_error": with_error, "cleared": cleared})
    );
    client.finish();
}

/// The byte offset of an LSP position in `text`.
fn byte_at(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let column = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= column {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[test]
fn a_file_with_syntax_errors_still_answers_every_request() {
    let dir = workspace("broken");
    let (mut client, _) = Client::initialized(&dir);
    let listning = dir.join("policies/2023/listning.regel");
    let text = std::fs::read_to_string(&listning).unwrap();
    let broken =
        text.replacen("let byten = count(", "let byten = count(((", 1) + "\ndecision { when\n";
    client.open_text(&listning, &broken);
    let published = client.published();
    let errors = published[0].1.as_array().unwrap().len();
    assert!(errors > 0, "{published:?}");
    for (method, params) in [
        ("textDocument/hover", at(&listning, &broken, "max_byten", 1)),
        (
            "textDocument/definition",
            at(&listning, &broken, "max_byten", 1),
        ),
        (
            "textDocument/completion",
            at(&listning, &broken, "count(((", 0),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri(&listning)}}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(&listning)}}),
        ),
        (
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri(&listning)}}),
        ),
        (
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri(&listning)}}),
        ),
    ] {
        let answer = client.request(method, params);
        assert!(answer.get("result").is_some(), "{method}: {answer}");
    }
    let formatting = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri(&listning)}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    insta::assert_json_snapshot!(
        "lsp_syntax_errors",
        json!({"diagnostics": published[0].1, "formatting": formatting["error"]})
    );
    let (code, _) = client.finish();
    assert_eq!(code, Some(0));
}

#[test]
fn a_panic_and_malformed_messages_are_answered_and_the_server_goes_on() {
    let dir = workspace("panic");
    let (mut client, _) = Client::initialized(&dir);
    let listning = dir.join("policies/2023/listning.regel");
    let text = client.open(&listning);
    let panicked = client.request("regel/debugPanic", json!({}));
    assert_eq!(panicked["error"]["code"], -32603, "{panicked}");
    client.send_raw(b"{this is not json");
    let malformed = client.response_to(&Value::Null);
    client.send_raw(
        br#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"nonsense":1}}"#,
    );
    let bad_params = client.response_to(&json!(99));
    let unknown = client.request("textDocument/unknownThing", json!({}));
    // The same database still answers.
    let hover = client.result(
        "textDocument/hover",
        at(&listning, &text, "max_byten and", 0),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("param max_byten: Int")
    );
    insta::assert_json_snapshot!(
        "lsp_survives",
        json!({"panic": panicked, "malformed": malformed, "bad_params": bad_params["error"]["code"],
               "unknown": unknown["error"]})
    );
    let (code, stderr) = client.finish();
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("internal error in `regel/debugPanic` (request id 2)"),
        "{stderr}"
    );
}

#[test]
fn files_outside_the_root_and_links_out_of_it_are_refused() {
    let dir = workspace("outside");
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let stray = elsewhere.join("stray.regel");
    std::fs::write(&stray, "param x: Int = 1\n").unwrap();
    let (mut client, _) = Client::initialized(&dir.join("policies"));
    client.dir = dir.to_path_buf();
    // Made after the server loaded the folder (the loader refuses a folder holding one).
    let link = dir.join("policies/2023/link.regel");
    std::os::unix::fs::symlink(&stray, &link).unwrap();
    client.open(&stray);
    client.open(&link);
    let published = client.published();
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&stray)}, "position": {"line": 0, "character": 7}}),
    );
    insta::assert_json_snapshot!(
        "lsp_outside",
        client.normal(&json!({"published": published, "hover": hover["error"]}))
    );
    client.finish();
}

/// A diagnostic's code and message.
type Coded = (String, String);

/// The prover's findings reach the editor: a rule a broader one before it covers is reported
/// (W0300), rules exhaustive by arithmetic need no `otherwise` (no E0300), and a gap is E0300
/// with an input that falls through; each arrives after an edit, in the same session.
#[test]
fn the_provers_findings_are_published_as_the_author_types() {
    let dir = temp_dir("lsp-prover");
    let file = dir.join("policies/2023/a.regel");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let header = "version \"2023\" { title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 \
                  source \"s\" covers [\"1\"] }\nsection \"1\" \"Ett\"\n\
                  enum U { ja, nej }\ndecision d @ \"1\" {\n  input x: Int\n  output u: U\n  \
                  output skal\n  output paragraf\n";
    let with_rules = |rules: &str| format!("{header}{rules}}}\n");
    std::fs::write(
        &file,
        with_rules(
            "  when x < 10 then { u: ja } because a\n  when x < 5 then { u: nej } because b\n  otherwise then { u: nej } because c\n",
        ),
    )
    .unwrap();
    let (mut client, _) = Client::initialized(&dir.join("policies"));
    client.open(&file);
    // The latest diagnostics of the file, once they meet `want`: the prover's round runs when
    // no message waits, so the client leaves the server idle a moment between its questions.
    let codes = |client: &mut Client, want: &dyn Fn(&[Coded]) -> bool| {
        let mut last: Vec<Coded> = Vec::new();
        for _ in 0..100 {
            let published = client.published();
            if let Some((_, d)) = published
                .iter()
                .rev()
                .find(|(name, _)| name == "2023/a.regel")
            {
                last = d
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|d| {
                        let code = d["code"].as_str().unwrap_or("").to_owned();
                        (code, d["message"].as_str().unwrap_or("").to_owned())
                    })
                    .collect();
            }
            if want(&last) {
                return last;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the diagnostics never became what the test waits for; last: {last:?}");
    };
    codes(&mut client, &|d| {
        d.iter().any(|(c, m)| c == "W0300" && m.contains("rule 2"))
    });

    let change = |client: &mut Client, version: i32, rules: &str| {
        client.notify(
            "textDocument/didChange",
            edit(&file, version, json!([{"text": with_rules(rules)}])),
        );
    };
    change(
        &mut client,
        2,
        "  when x >= 0 then { u: ja } because a\n  when x < 0 then { u: nej } because b\n",
    );
    // The checker alone sees no `otherwise` (E0300); the prover finds the rules exhaustive.
    codes(&mut client, &|d| d.is_empty());

    change(
        &mut client,
        3,
        "  when x > 0 then { u: ja } because a\n  when x < 0 then { u: nej } because b\n",
    );
    codes(&mut client, &|d| {
        d.iter().any(|(c, m)| c == "E0300" && m.contains('0'))
    });
    let (code, _) = client.finish();
    assert_eq!(code, Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_code_1_as_the_specification_says() {
    let dir = root();
    // `exit` with no `shutdown` before it.
    let (mut client, _) = Client::initialized(&dir);
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
    // The client goes away (its end of the pipe closes) without either.
    let (client, _) = Client::initialized(&dir);
    let Client {
        mut child, input, ..
    } = client;
    drop(input);
    assert_eq!(child.wait().unwrap().code(), Some(1));
    // `shutdown`, then `exit`: 0.
    let (client, _) = Client::initialized(&dir);
    assert_eq!(client.finish().0, Some(0));
}
