//! `regel serve` over pipes: the error table of api.md, batches, notifications, source.set,
//! determinism and robustness, each through the real binary.

#![allow(clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use regel_e2e::{root, spawn_serve};
use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Client {
    fn start() -> Client {
        let mut child = spawn_serve(Stdio::null());
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Client {
            child,
            stdin,
            stdout,
        }
    }

    fn send(&mut self, line: &str) {
        self.stdin.write_all(line.as_bytes()).expect("write");
        self.stdin.write_all(b"\n").expect("write");
        self.stdin.flush().expect("flush");
    }

    fn recv(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("read");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
    }

    fn call(&mut self, line: &str) -> Value {
        self.send(line);
        self.recv()
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.call(
            &json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string(),
        )
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn code(answer: &Value) -> i64 {
    answer["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not an error: {answer}"))
}

const BYTE: &str = r#"{"datum":"2023-05-10","tidigare_byten":["2022-09-01","2023-01-15"]}"#;

#[test]
fn the_example_of_api_md() {
    let mut c = Client::start();
    let answer = c.call(&format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"decide","params":{{"version":"2023","decision":"listning.byte","input":{BYTE}}}}}"#
    ));
    assert_eq!(
        serde_json::to_string(&answer).unwrap(),
        r#"{"jsonrpc":"2.0","id":1,"result":{"version":"2023","decision":"listning.byte","output":{"utfall":"avslas","skal":"hogst_tva_byten","paragraf":"3.6.1","byten_inom_perioden":2}}}"#
    );
}

#[test]
fn framing_errors() {
    let mut c = Client::start();
    let a = c.call("this is not json");
    assert_eq!((code(&a), &a["id"]), (-32700, &Value::Null));
    assert_eq!(
        code(&c.call(r#"{"id":1,"method":"decide"}"#)),
        -32600,
        "no jsonrpc member"
    );
    assert_eq!(code(&c.call("42")), -32600, "not an object");
    assert_eq!(code(&c.call("[]")), -32600, "empty batch");
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(code(&c.call(&deep)), -32600, "nesting deeper than 128");
    let long = format!(
        r#"{{"jsonrpc":"2.0","id":9,"method":"x","params":{{"pad":"{}"}}}}"#,
        "a".repeat(16 * 1024 * 1024 + 10)
    );
    assert_eq!(code(&c.call(&long)), -32600, "a line over 16 MiB");
    assert_eq!(
        code(&c.call(r#"{"jsonrpc":"2.0","id":2,"method":"no.such"}"#)),
        -32601
    );
    let alive = c.request("policies.list", json!({}));
    assert!(
        alive["result"].as_array().is_some_and(|l| !l.is_empty()),
        "the server keeps serving"
    );
}

#[test]
fn a_mixed_batch_answers_each_request_once_in_order_and_notifications_never() {
    let mut c = Client::start();
    let batch = format!(
        r#"[{{"jsonrpc":"2.0","id":"a","method":"decide","params":{{"version":"2023","decision":"listning.byte","input":{BYTE}}}}},
            {{"jsonrpc":"2.0","method":"decide","params":{{"version":"2023","decision":"listning.byte","input":{BYTE}}}}},
            {{"foo":"bar"}},
            {{"jsonrpc":"2.0","id":"c","method":"nope"}}]"#
    )
    .replace('\n', "");
    let answer = c.call(&batch);
    let answers = answer.as_array().expect("an array");
    assert_eq!(answers.len(), 3, "{answer}");
    assert_eq!(answers[0]["id"], "a");
    assert_eq!(answers[0]["result"]["output"]["utfall"], "avslas");
    assert_eq!(
        (code(&answers[1]), &answers[1]["id"]),
        (-32600, &Value::Null)
    );
    assert_eq!(
        (code(&answers[2]), &answers[2]["id"]),
        (-32601, &json!("c"))
    );
    c.send(r#"{"jsonrpc":"2.0","method":"policies.list"}"#);
    let next = c.request("policies.list", json!({}));
    assert_eq!(next["id"], 1, "a notification is not answered");
}

#[test]
fn decide_errors_of_the_table() {
    let mut c = Client::start();
    let unknown_version = c.request(
        "decide",
        json!({"version": "1999", "decision": "listning.byte", "input": {}}),
    );
    assert_eq!(code(&unknown_version), -32001);
    assert!(
        unknown_version["error"]["data"]["known"]
            .as_array()
            .unwrap()
            .contains(&json!("2023"))
    );

    let unknown_decision = c.request(
        "decide",
        json!({"version": "2023", "decision": "listning.bytes", "input": {}}),
    );
    assert_eq!(code(&unknown_decision), -32002);
    assert!(
        unknown_decision["error"]["data"]["known"]
            .as_array()
            .unwrap()
            .contains(&json!("listning.byte"))
    );

    let ill_typed = c.request(
        "decide",
        json!({"version": "2023", "decision": "listning.byte", "input": {"datum": "2023-05-10", "tidigare_byten": ["2023-01-01", "2023-01-02", 5]}}),
    );
    assert_eq!(code(&ill_typed), -32602);
    assert_eq!(
        ill_typed["error"]["data"]["path"],
        "/input/tidigare_byten/2"
    );
    assert_eq!(ill_typed["error"]["data"]["got"], "the number 5");

    let unknown_field = c.request(
        "decide",
        json!({"version": "2023", "decision": "listning.byte", "input": {"datum": "2023-05-10", "tidigare_byten": [], "sarskilda_skaal": true}}),
    );
    assert_eq!(code(&unknown_field), -32602);
    assert_eq!(
        unknown_field["error"]["data"]["path"],
        "/input/sarskilda_skaal"
    );

    let rejected = c.request(
        "decide",
        json!({"version": "2023", "decision": "kapacitetsstopp.beslut", "input": {"fran": "2023-03-01", "till": "2023-02-28", "skriftlig_anmalan": true}}),
    );
    assert_eq!(code(&rejected), -32004);
    assert_eq!(rejected["error"]["data"]["reason"], "till_fore_fran");
    assert_eq!(rejected["error"]["data"]["paragraf"], "3.6.12");

    let both = c.request(
        "decide",
        json!({"version": "2023", "as_of": "2023-05-01", "decision": "listning.byte", "input": {}}),
    );
    assert_eq!(code(&both), -32602);

    let by_date = c.request("decide", json!({"as_of": "2023-05-01", "decision": "listning.byte", "input": serde_json::from_str::<Value>(BYTE).unwrap()}));
    assert_eq!(by_date["result"]["version"], "2023");

    // The version a date chose lacks the decision: the error names it, and the date.
    let not_then = c.request(
        "decide",
        json!({"as_of": "2021-06-01", "decision": "listning.byte", "input": {}}),
    );
    assert_eq!(code(&not_then), -32002);
    assert_eq!(
        not_then["error"]["message"],
        "version 2021 (in force on 2021-06-01) has no decision `listning.byte`"
    );
    assert_eq!(not_then["error"]["data"]["version"], "2021");
    assert_eq!(not_then["error"]["data"]["as_of"], "2021-06-01");

    // A date of the right form that is no day: say which month and how long it is.
    for (params, path) in [
        (
            json!({"version": "2023", "decision": "listning.byte", "input": {"datum": "2023-02-30", "tidigare_byten": []}}),
            "/input/datum",
        ),
        (
            json!({"as_of": "2023-02-30", "decision": "listning.byte", "input": {}}),
            "/as_of",
        ),
    ] {
        let answer = c.request("decide", params);
        assert_eq!(code(&answer), -32602);
        assert_eq!(answer["error"]["data"]["path"], path);
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains("February 2023 has 28 days"), "{message}");
        assert!(!message.contains("of the form"), "{message}");
    }
    let leap = c.request(
        "decide",
        json!({"version": "2023", "decision": "listning.byte", "input": {"datum": "2023-05-10", "tidigare_byten": ["2024-02-30"]}}),
    );
    let message = leap["error"]["message"].as_str().unwrap();
    assert!(message.contains("February 2024 has 29 days"), "{message}");
    let month = c.request(
        "decide",
        json!({"version": "2023", "decision": "listning.byte", "input": {"datum": "2023-13-01", "tidigare_byten": []}}),
    );
    let message = month["error"]["message"].as_str().unwrap();
    assert!(message.contains("no month 13"), "{message}");
    let shape = c.request(
        "decide",
        json!({"version": "2023", "decision": "listning.byte", "input": {"datum": "10 maj 2023", "tidigare_byten": []}}),
    );
    let message = shape["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("not a date of the form YYYY-MM-DD"),
        "{message}"
    );

    // The rejection points at the switch after `datum`, not at `datum` the require also reads.
    let later = c.request(
        "decide",
        json!({"version": "2023", "decision": "listning.byte", "input": {"datum": "2023-05-10", "tidigare_byten": ["2023-06-01"]}}),
    );
    assert_eq!(code(&later), -32004);
    assert_eq!(later["error"]["data"]["path"], "/input/tidigare_byten");
}

#[test]
fn diff_renders_markdown_as_md_or_markdown() {
    let mut c = Client::start();
    let md = c.request(
        "diff",
        json!({"from": "2020", "to": "2021", "format": "md"}),
    );
    let markdown = c.request(
        "diff",
        json!({"from": "2020", "to": "2021", "format": "markdown"}),
    );
    let text = md["result"]["rendered"].as_str().unwrap();
    assert!(text.starts_with('#'), "{text}");
    assert_eq!(md["result"]["rendered"], markdown["result"]["rendered"]);
    let wrong = c.request(
        "diff",
        json!({"from": "2020", "to": "2021", "format": "pdf"}),
    );
    assert_eq!(code(&wrong), -32602);
    assert!(
        wrong["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"md\""),
        "{wrong}"
    );
}

#[test]
fn a_version_with_compile_errors_answers_32003_and_source_set_fixes_it_in_memory() {
    let mut c = Client::start();
    let path = "2023/kapacitetsstopp.regel";
    let original = std::fs::read_to_string(root().join("policies").join(path)).unwrap();
    let broken = original
        .replacen("fran > till", "fran > tilll", 1)
        .replacen("within(fran, till,", "within(fran, tilll,", 1);
    assert_ne!(broken, original, "the edit applies");
    let set = c.request("source.set", json!({"path": path, "text": broken}));
    assert_eq!(set["result"]["version"], "2023");
    assert!(
        set["result"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "E0100"),
        "{set}"
    );
    let decide = c.request("decide", json!({"version": "2023", "decision": "listning.byte", "input": serde_json::from_str::<Value>(BYTE).unwrap()}));
    assert_eq!(code(&decide), -32003);
    assert!(
        !decide["error"]["data"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        std::fs::read_to_string(root().join("policies").join(path)).unwrap(),
        original,
        "nothing is written to disk"
    );

    let edited = original.replace(
        "param regiondirektorens_grans: Duration = 3 months",
        "param regiondirektorens_grans: Duration = 4 months",
    );
    c.request("source.set", json!({"path": path, "text": edited}));
    let longer = c.request(
        "decide",
        json!({"version": "2023", "decision": "kapacitetsstopp.beslut", "input": {"fran": "2023-01-01", "till": "2023-04-01", "skriftlig_anmalan": true}}),
    );
    assert_eq!(
        longer["result"]["output"]["beslutsfattare"], "regiondirektor",
        "the next decide uses the new text: {longer}"
    );

    for bad in [
        "../x.regel",
        "/etc/passwd",
        "2023/../../x.regel",
        "2023/x.txt",
        "1999/x.regel",
    ] {
        let answer = c.request("source.set", json!({"path": bad, "text": ""}));
        assert!(answer.get("error").is_some(), "{bad} is refused: {answer}");
    }
}

#[test]
fn describe_gives_json_schemas_and_batch_isolates_bad_items() {
    let mut c = Client::start();
    let d = c.request(
        "decisions.describe",
        json!({"version": "2023", "decision": "listning.byte"}),
    );
    let schema = &d["result"]["input_schema"];
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["required"], json!(["datum", "tidigare_byten"]));
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(d["result"]["paragraf"], "3.6.1");
    // Swedish labels from the doc comments' first lines, defaults, the codes `skal` can take
    // and the ways the decision rejects.
    assert_eq!(d["result"]["label"], "Byte av hälsocentral");
    assert_eq!(
        schema["properties"]["datum"]["description"],
        "Dagen för det begärda bytet"
    );
    assert_eq!(schema["properties"]["sarskilda_skal"]["default"], false);
    assert_eq!(schema["properties"]["mal_enhet"]["default"], "halsocentral");
    assert!(schema["properties"]["datum"].get("default").is_none());
    let out = &d["result"]["output_schema"]["properties"];
    let codes = out["skal"]["enum"].as_array().unwrap();
    for code in ["hogst_tva_byten", "inom_grans", "sarskilda_skal"] {
        assert!(codes.contains(&json!(code)), "{code}: {codes:?}");
    }
    assert!(
        !codes.contains(&json!("tidigare_byte_efter_datum")),
        "{codes:?}"
    );
    assert!(
        out["paragraf"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("3.6.1"))
    );
    assert_eq!(
        d["result"]["rejections"],
        json!([{
            "reason": "tidigare_byte_efter_datum",
            "paragraf": "3.6.1",
            "description": "Ett tidigare byte är senare än det begärda bytet"
        }])
    );

    // An enum's variants and the codes a list of texts can hold, each with its label.
    assert_eq!(
        out["utfall"]["oneOf"],
        json!([{"const": "beviljas", "title": "Bytet beviljas"}, {"const": "avslas", "title": "Bytet avslås"}])
    );
    let godkannande = c.request(
        "decisions.describe",
        json!({"version": "2023", "decision": "godkannande.ansokan"}),
    );
    let grounds = &godkannande["result"]["output_schema"]["properties"]["skal"]["items"];
    assert_eq!(grounds["type"], "string");
    assert_eq!(
        grounds["oneOf"][0],
        json!({"const": "ansokan_ofullstandig", "title": "Ansökan är inte komplett ifylld"})
    );

    let batch = c.request(
        "decide.batch",
        json!({"version": "2023", "decision": "listning.byte", "inputs": [serde_json::from_str::<Value>(BYTE).unwrap(), {"datum": "x"}]}),
    );
    let results = batch["result"]["results"].as_array().unwrap();
    assert_eq!(results[0]["output"]["utfall"], "avslas");
    assert_eq!(results[1]["error"]["code"], -32602);
    assert_eq!(results[1]["error"]["data"]["path"], "/inputs/1/datum");
}

#[test]
fn the_same_request_gives_byte_identical_answers_across_processes() {
    let request = format!(
        r#"{{"jsonrpc":"2.0","id":7,"method":"decide","params":{{"version":"2023","decision":"listning.byte","input":{BYTE},"explain":true}}}}"#
    );
    let mut first = Client::start();
    let mut second = Client::start();
    let line = |c: &mut Client| {
        c.send(&request);
        let mut s = String::new();
        c.stdout.read_line(&mut s).unwrap();
        s
    };
    let a = line(&mut first);
    assert_eq!(a, line(&mut first));
    assert_eq!(a, line(&mut second));
}

#[test]
fn ten_thousand_random_and_mutated_messages_never_stop_the_server() {
    let mut c = Client::start();
    let seeds = [
        format!(r#"{{"jsonrpc":"2.0","id":1,"method":"decide","params":{{"version":"2023","decision":"listning.byte","input":{BYTE}}}}}"#),
        r#"[{"jsonrpc":"2.0","id":2,"method":"policies.list"},{"jsonrpc":"2.0","method":"check"}]"#.to_owned(),
        r#"{"jsonrpc":"2.0","id":"s","method":"decisions.describe","params":{"version":"2023","decision":"kapacitetsstopp.beslut"}}"#.to_owned(),
    ];
    let mut state: u64 = 0x5eed_1234_abcd_0001;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = br#"{}[]",:0123456789.-truefalsnl abcxyz\"#;
    let mut expected = 0usize;
    for _ in 0..10_000 {
        let seed = seeds[(next() % seeds.len() as u64) as usize]
            .as_bytes()
            .to_vec();
        let mut bytes = seed;
        for _ in 0..(next() % 4) {
            let at = (next() as usize) % (bytes.len() + 1);
            match next() % 3 {
                0 if at < bytes.len() => {
                    bytes.remove(at);
                }
                1 => bytes.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                _ if at < bytes.len() => bytes[at] = alphabet[(next() as usize) % alphabet.len()],
                _ => {}
            }
        }
        let line = String::from_utf8_lossy(&bytes).replace(['\n', '\r'], " ");
        if line.trim().is_empty() {
            continue;
        }
        // Only messages the server must answer are counted; their answers are read back below.
        let parsed: Option<Value> = serde_json::from_str(&line).ok();
        let answers = match &parsed {
            None => 1,
            Some(Value::Array(items)) if items.is_empty() => 1,
            Some(Value::Array(items)) => usize::from(!items.iter().all(is_notification)),
            Some(v) => usize::from(!is_notification(v)),
        };
        if parsed
            .as_ref()
            .is_some_and(|v| v.get("method") == Some(&json!("shutdown")))
        {
            continue;
        }
        c.send(&line);
        expected += answers;
        for _ in 0..answers {
            let answer = c.recv();
            assert!(answer.is_object() || answer.is_array(), "{answer}");
        }
    }
    assert!(expected > 5_000, "most messages were answered: {expected}");
    let last = c.request("decide", json!({"version": "2023", "decision": "listning.byte", "input": serde_json::from_str::<Value>(BYTE).unwrap()}));
    assert_eq!(last["result"]["output"]["skal"], "hogst_tva_byten");
    assert!(c.child.try_wait().unwrap().is_none(), "still running");
}

/// A well-formed request without an id: the one message the server must not answer.
fn is_notification(v: &Value) -> bool {
    let Value::Object(map) = v else { return false };
    map.get("jsonrpc") == Some(&json!("2.0"))
        && map.get("method").is_some_and(Value::is_string)
        && !map.contains_key("id")
        && map
            .get("params")
            .is_none_or(|p| p.is_object() || p.is_array())
        && map
            .keys()
            .all(|k| matches!(k.as_str(), "jsonrpc" | "method" | "params"))
}

/// `source.set` and `decide` judge rules without `otherwise` by what the prover finds, as
/// `regel check` and the editor do: rules that cover every input by arithmetic need none, and
/// a gap is E0300 with an input that meets no rule (-32003 on `decide`).
#[test]
fn rules_without_otherwise_are_judged_by_the_prover() {
    let mut c = Client::start();
    let text = |second: &str| {
        format!(
            "enum Tecken {{ positivt, negativt }}\ndecision prov.tecken @ \"3.6.1\" {{\n  input x: Int\n  \
             output t: Tecken\n  output skal\n  output paragraf\n  \
             when x >= 0 then {{ t: positivt }} because icke_negativt\n  \
             when {second} then {{ t: negativt }} because negativt\n}}\n"
        )
    };
    let path = "2023/prov.regel";
    let set = c.request("source.set", json!({"path": path, "text": text("x < 0")}));
    assert_eq!(set["result"]["diagnostics"], json!([]), "{set}");
    let decided = c.request(
        "decide",
        json!({"version": "2023", "decision": "prov.tecken", "input": {"x": -1}}),
    );
    assert_eq!(decided["result"]["output"]["t"], "negativt", "{decided}");

    let set = c.request("source.set", json!({"path": path, "text": text("x < -1")}));
    let gaps: Vec<&Value> = set["result"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E0300")
        .collect();
    assert_eq!(gaps.len(), 1, "{set}");
    assert!(gaps[0]["help"].as_str().unwrap().contains("-1"), "{set}");
    let refused = c.request(
        "decide",
        json!({"version": "2023", "decision": "prov.tecken", "input": {"x": 5}}),
    );
    assert_eq!(code(&refused), -32003, "{refused}");
}

/// A `decide.batch` line of `count` varied `listning.byte` inputs, every 997th one wrong
/// (its error names its place in the batch), large enough to be read on every CPU.
fn batch_line(id: u64, count: usize) -> String {
    let inputs: Vec<String> = (0..count)
        .map(|i| {
            if i % 997 == 5 {
                return r#"{"datum":"2023-02-30","tidigare_byten":[]}"#.to_owned();
            }
            let dates: Vec<String> = (0..i % 6)
                .map(|k| {
                    format!(
                        r#""20{}-{:02}-{:02}""#,
                        19 + (i + k) % 5,
                        1 + (i * 7 + k) % 12,
                        1 + (i + 3 * k) % 28
                    )
                })
                .collect();
            format!(
                r#"{{"datum":"2023-12-31","tidigare_byten":[{}],"sarskilda_skal":{}}}"#,
                dates.join(","),
                i % 3 == 0
            )
        })
        .collect();
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"decide.batch","params":{{"version":"2023","decision":"listning.byte","inputs":[{}]}}}}"#,
        inputs.join(",")
    )
}

/// The next answer line as written, newline included.
fn answer_line(c: &mut Client) -> String {
    let mut line = String::new();
    c.stdout.read_line(&mut line).expect("read");
    line
}

#[test]
fn a_batch_line_is_answered_the_same_however_its_bytes_arrive() {
    let (first, second) = (batch_line(1, 6000), batch_line(2, 5000));
    let mut c = Client::start();
    c.send(&first);
    let expected = answer_line(&mut c);
    assert!(expected.ends_with("]}}\n"), "{expected:.300}");
    assert!(
        expected.contains(r#""path":"/inputs/5/datum""#),
        "{expected:.300}"
    );
    assert!(expected.contains(r#""path":"/inputs/5987/datum""#));
    c.send(&second);
    let expected_second = answer_line(&mut c);
    // In many small writes with pauses between them, the last one the newline alone.
    for piece in first.as_bytes().chunks(first.len() / 40 + 1) {
        c.stdin.write_all(piece).expect("write");
        c.stdin.flush().expect("flush");
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    c.stdin.write_all(b"\n").expect("write");
    c.stdin.flush().expect("flush");
    assert_eq!(answer_line(&mut c), expected);
    // Two requests back to back in one write, and a request after them cut across writes;
    // written from another thread, as the first answer comes while the write goes on.
    let both = format!("{first}\n{second}\n{}", &second[..100]);
    let Client { stdin, stdout, .. } = &mut c;
    std::thread::scope(|scope| {
        scope.spawn(|| {
            stdin.write_all(both.as_bytes()).expect("write");
            stdin.flush().expect("flush");
        });
        for answer in [&expected, &expected_second] {
            let mut line = String::new();
            stdout.read_line(&mut line).expect("read");
            assert_eq!(&line, answer);
        }
    });
    c.stdin.write_all(&second.as_bytes()[100..]).expect("write");
    c.send("");
    assert_eq!(answer_line(&mut c), expected_second);
    // The last line without its newline: answered when the input ends, then the server stops.
    drop(c);
    let mut child = spawn_serve(Stdio::null());
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(first.as_bytes()).expect("write");
    drop(stdin);
    let output = child.wait_with_output().expect("the server ends");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn a_reader_gone_mid_answer_ends_the_server_with_an_error_not_a_panic() {
    let mut child = spawn_serve(Stdio::piped());
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    // An answer of some 3 MB: more than any pipe holds, so the server is still writing it.
    let line = batch_line(3, 30_000);
    stdin.write_all(line.as_bytes()).expect("write");
    stdin.write_all(b"\n").expect("write");
    stdin.flush().expect("flush");
    let mut start = [0u8; 4096];
    std::io::Read::read_exact(&mut stdout, &mut start).expect("the answer starts");
    drop(stdout);
    drop(stdin);
    let output = child.wait_with_output().expect("the server ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the connection failed"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `regel serve` widens the pipes it is given (BENCHMARKS.md, "Session 15: the server's
/// pipes"): once it has answered, both read 1 MiB from this side.
#[cfg(target_os = "linux")]
#[test]
fn serve_widens_its_pipes_to_one_mebibyte() {
    use rustix::pipe::fcntl_getpipe_size;
    let mut client = Client::start();
    let answer = client.request("policies.list", json!({}));
    assert!(answer["result"].is_array(), "{answer}");
    assert_eq!(fcntl_getpipe_size(&client.stdin).unwrap(), 1 << 20);
    assert_eq!(
        fcntl_getpipe_size(client.stdout.get_ref()).unwrap(),
        1 << 20
    );
}
