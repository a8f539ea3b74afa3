//! The session in-process on the real policies: an edit re-checks only what it touched, and
//! no request panics on any prefix of a policy file.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use regel_compiler::{Database, ExecutionLog};
use regel_lsp::{Session, VersionFiles, api};
use serde_json::{Value, json};

/// A fresh temporary folder `regel-lsp-<name>-<pid>`, removed with its contents when dropped
/// (also when the test fails), so that test runs leave nothing behind.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("regel-lsp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .canonicalize()
        .unwrap()
}

/// A plain reader of the policies folder (the CLI passes its own, checked one).
fn load(dir: &Path) -> Result<Vec<VersionFiles>, String> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let read = |folder: &Path| {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<(String, String)> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "regel"))
            .map(|p| {
                let file = p.file_name().unwrap().to_string_lossy().into_owned();
                (
                    format!("{name}/{file}"),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        (name, files)
    };
    Ok(folders.iter().map(|f| read(f)).collect())
}

fn session(db: Database) -> (Session, Uri, String) {
    session_on(&policies(), "2023/listning.regel", db)
}

/// A session on the policies folder `root` with `rel` open, its first diagnostics taken.
fn session_on(root: &Path, rel: &str, db: Database) -> (Session, Uri, String) {
    let mut session = Session::with_database(Box::new(load), db);
    session.set_root(root.to_path_buf()).unwrap();
    let path = root.join(rel);
    let uri = Uri::from_str(&format!("file://{}", path.display())).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    session.open(uri.clone(), text.clone());
    session.take_outbox();
    (session, uri, text)
}

fn executions(log: &ExecutionLog, query: &str) -> usize {
    log.lock()
        .unwrap()
        .iter()
        .filter(|e| e.starts_with(query))
        .count()
}

#[test]
fn a_one_character_edit_rechecks_only_the_item_it_touched() {
    let (db, log) = Database::with_execution_log();
    let (mut session, uri, text) = session(db);
    let line = text[..text.find("param max_byten").unwrap()]
        .matches('\n')
        .count() as u32;
    assert!(executions(&log, "check_item") > 10, "the first check ran");
    log.lock().unwrap().clear();
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(Position::new(line, 23), Position::new(line, 24))),
        range_length: None,
        text: "3".into(),
    };
    session.change(&uri, &[change]);
    assert_eq!(
        session.take_outbox().len(),
        1,
        "listning.regel's diagnostics"
    );
    assert_eq!(
        executions(&log, "check_item"),
        1,
        "only the edited parameter is checked again: {:?}",
        log.lock().unwrap()
    );
}

#[test]
fn no_request_panics_on_any_prefix_of_a_policy_file() {
    let (mut session, uri, text) = session(Database::default());
    let cuts: Vec<usize> = (0..text.len())
        .step_by(311)
        .filter(|i| text.is_char_boundary(*i))
        .collect();
    for cut in cuts {
        let prefix = &text[..cut];
        session.open(uri.clone(), format!("{prefix}\n when ( {{ . @ \""));
        session.take_outbox();
        let doc = session.doc(&uri).unwrap();
        let len = prefix.len() as u32;
        for byte in [
            0,
            len / 3,
            len / 2,
            len.saturating_sub(1),
            len + 5,
            len + 12,
        ] {
            api::hover(&session, doc, byte);
            api::complete(&session, doc, byte);
            api::goto_definition(&session, doc, byte);
            api::references(&session, doc, byte, true);
            let _ = api::rename(&session, doc, byte, "nytt_namn");
        }
        api::semantic_tokens(&session, doc);
        api::document_symbols(&session, doc);
        api::folding_ranges(&session, doc.file);
        api::code_lenses(&session, &uri, doc);
        let whole = Range::new(Position::new(0, 0), Position::new(100_000, 0));
        api::inlay_hints(&session, doc, whole);
        for command in ["regel.evaluate", "regel.itemDiff"] {
            let _ = api::execute(&session, command, &[json!(uri), json!("listning.byte")]);
        }
    }
}

/// Two enums with a variant of the same name: each bare use goes to the enum its place
/// expects, as the checker reads it.
#[test]
fn a_bare_variant_goes_to_the_enum_its_place_expects() {
    let root = Scratch::new("variants");
    std::fs::create_dir_all(root.join("2099")).unwrap();
    let text = "version \"2099\" {\n  title \"t\"\n  valid_from 2099-01-01\n  valid_to 2099-12-31\n  source \"x.txt\"\n  covers [\"1\"]\n}\n\nsection \"1\" \"Ljus\"\n\nenum Farg { rod, gron }\n\nenum Signal { gron, gul }\n\ndecision ljus.val {\n  input signal: Signal = gron\n  output farg: Farg\n  output skal\n  output paragraf\n\n  when signal == gron\n    then { farg: gron }\n    because gront\n  when signal in [gul, gron]\n    then { farg: if signal == gul then rod else gron }\n    because ocksa\n  otherwise\n    then { farg: rod }\n    because annat\n}\n\ntest \"grönt ljus\" {\n  decide ljus.val\n  given { signal: gron }\n  expect { farg: gron }\n}\n";
    let path = root.join("2099/a.regel");
    std::fs::write(&path, text).unwrap();
    let root = root.canonicalize().unwrap();
    let mut session = Session::with_database(Box::new(load), Database::default());
    session.set_root(root.clone()).unwrap();
    let uri = Uri::from_str(&format!("file://{}", root.join("2099/a.regel").display())).unwrap();
    session.open(uri.clone(), text.to_owned());
    session.take_outbox();
    let doc = session.doc(&uri).unwrap();
    // The line (0-based) each enum is declared on.
    let (farg, signal) = (10, 12);
    let cases = [
        ("signal: Signal = gron", signal),
        ("signal == gron", signal),
        ("farg: gron }", farg),
        ("signal in [gul, gron]", signal),
        ("else gron", farg),
        ("given { signal: gron", signal),
        ("expect { farg: gron", farg),
    ];
    for (context, line) in cases {
        let at = text.find(context).unwrap() + context.find("gron").unwrap();
        let location = api::goto_definition(&session, doc, at as u32)
            .unwrap_or_else(|| panic!("no definition for `gron` in `{context}`"));
        assert_eq!(location.range.start.line, line, "`gron` in `{context}`");
    }
}

fn open(session: &mut Session, rel: &str) -> (Uri, String) {
    let path = policies().join(rel);
    let uri = Uri::from_str(&format!("file://{}", path.display())).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    session.open(uri.clone(), text.clone());
    session.take_outbox();
    (uri, text)
}

fn byte_of(text: &str, needle: &str) -> u32 {
    text.find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in the file")) as u32
}

fn line_of(text: &str, needle: &str) -> u32 {
    text[..byte_of(text, needle) as usize].matches('\n').count() as u32
}

/// The lines of the prover's W0303 warnings on `text`, written as `2023/a.regel` under `root`
/// and opened in a session that has proved what was pending.
fn w0303_lines(root: &Path, text: &str) -> Vec<u32> {
    std::fs::write(root.join("2023/a.regel"), text).unwrap();
    let (mut session, _, _) = session_on(root, "2023/a.regel", Database::default());
    session.prove_pending();
    session
        .take_outbox()
        .iter()
        .map(|m| serde_json::to_value(m).unwrap())
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .flat_map(|m| {
            m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter(|d| d["code"] == "W0303")
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap() as u32)
        .collect()
}

fn hover_text(session: &Session, uri: &Uri, byte: u32) -> String {
    let doc = session.doc(uri).unwrap();
    let hover = api::hover(session, doc, byte).expect("a hover");
    serde_json::to_value(hover).unwrap()["contents"]["value"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// (line, title, name) of every lens.
fn lenses(session: &Session, uri: &Uri) -> Vec<(u32, String, String)> {
    let doc = session.doc(uri).unwrap();
    api::code_lenses(session, uri, doc)
        .into_iter()
        .map(|l| {
            let c = l.command.unwrap();
            let name = c.arguments.unwrap()[1].as_str().unwrap().to_owned();
            (l.range.start.line, c.title, name)
        })
        .collect()
}

#[test]
fn a_parameter_hover_shows_its_value_then_and_now() {
    let (mut session, ..) = session(Database::default());
    let (uri, text) = open(&mut session, "2023/ersattning.regel");
    let hover = hover_text(&session, &uri, byte_of(&text, "ram_vardpeng_alder") + 2);
    assert!(
        hover.contains("param ram_vardpeng_alder: Money? = null"),
        "{hover}"
    );
    let old = std::fs::read_to_string(policies().join("2021/ersattning.regel")).unwrap();
    let old_value = old[byte_of(&old, "param ram_vardpeng_alder") as usize..]
        .lines()
        .next()
        .unwrap()
        .split(" = ")
        .nth(1)
        .unwrap()
        .trim();
    assert!(
        hover.contains(&format!("I 2021: `{old_value}` → `null`")),
        "{hover}"
    );
    // A parameter new in 2023 has its value and no line about 2021.
    let (uri, text) = open(&mut session, "2023/listning.regel");
    let hover = hover_text(&session, &uri, byte_of(&text, "max_byten") + 2);
    assert!(hover.contains("param max_byten: Int = 2"), "{hover}");
    assert!(!hover.contains("2021"), "{hover}");
}

#[test]
fn lenses_run_tests_evaluate_decisions_and_mark_what_changed_since_2021() {
    let (mut session, ..) = session(Database::default());
    let (uri, text) = open(&mut session, "2023/ersattning.regel");
    let all = lenses(&session, &uri);
    let tests = all.iter().filter(|l| l.1 == "▶ Kör testet").count();
    assert_eq!(tests, text.matches("\ntest \"").count(), "{all:?}");
    let changed = |name: &str| {
        all.iter()
            .find(|l| l.2 == name && l.1 != "Kör")
            .map(|l| (l.0, l.1.clone()))
    };
    let param_line = line_of(&text, "param ram_vardpeng_alder");
    assert_eq!(
        changed("ram_vardpeng_alder"),
        Some((param_line, "Ändrad sedan 2021".to_owned()))
    );
    let decision_line = line_of(&text, "decision ersattning.vardpeng");
    assert!(
        all.contains(&(
            decision_line,
            "Kör".to_owned(),
            "ersattning.vardpeng".to_owned()
        )),
        "{all:?}"
    );
    // The lens's diff holds that item's change and no other item's.
    let diff = api::execute(
        &session,
        "regel.itemDiff",
        &[json!(uri), json!("ram_vardpeng_alder")],
    )
    .unwrap();
    let html = diff["html"].as_str().unwrap();
    assert!(html.contains("ram_vardpeng_alder"), "{html}");
    assert!(!html.contains("ram_vardpeng_acg"), "{html}");
    assert_eq!(diff["title"], "ram_vardpeng_alder: 2021 → 2023");
    // An item new in 2023 says so; after an edit, the hover shows the edited value.
    let (uri, text) = open(&mut session, "2023/listning.regel");
    assert_eq!(
        lenses(&session, &uri)
            .iter()
            .find(|l| l.2 == "max_byten")
            .map(|l| l.1.clone()),
        Some("Ny sedan 2021".to_owned())
    );
    let change = TextDocumentContentChangeEvent {
        range: None,
        range_length: None,
        text: text.replace("param max_byten: Int = 2", "param max_byten: Int = 3"),
    };
    session.change(&uri, &[change]);
    let hover = hover_text(&session, &uri, byte_of(&text, "max_byten") + 2);
    assert!(hover.contains("param max_byten: Int = 3"), "{hover}");
}

#[test]
fn kor_evaluates_a_decision_on_its_first_tests_inputs() {
    let (mut session, ..) = session(Database::default());
    let (uri, text) = open(&mut session, "2023/listning.regel");
    let answer = api::execute(
        &session,
        "regel.evaluate",
        &[json!(uri), json!("listning.byte")],
    )
    .unwrap();
    // The first test of listning.byte, as written in the file.
    let first = &text[byte_of(&text, "decide listning.byte") as usize..];
    let test_name = text[..byte_of(&text, "decide listning.byte") as usize]
        .rsplit("test \"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(answer["test"], test_name);
    let expect = first[first.find("expect").unwrap()..]
        .lines()
        .next()
        .unwrap();
    let outcome = answer["outcome"]["utfall"].as_str().unwrap();
    assert!(expect.contains(outcome), "{expect} vs {answer}");
    assert_eq!(answer["rejected"], false);
    assert_eq!(answer["reason"], "inom_grans");
    // The outcome in words, by the outputs' labels: what the inline result shows.
    assert_eq!(answer["said"], "bytet beviljas (byten inom perioden: 0)");
    // The words a reviewer reads: the code's `label "…"`.
    assert_eq!(answer["label"], "Inom gränsen för antal byten");
    assert_eq!(answer["section"], "3.6.1");
    // A decision that does not exist is refused in the words and with the code the API and
    // `regel eval` answer (the application layer's one error).
    let e = api::execute(
        &session,
        "regel.evaluate",
        &[json!(uri), json!("ingen.sadan")],
    )
    .unwrap_err();
    assert_eq!(e.message, "version 2023 has no decision `ingen.sadan`");
    assert_eq!(i64::from(e.code), regel_app::error::UNKNOWN_DECISION);
}

#[test]
fn inlay_hints_show_a_parameters_value_where_it_is_used() {
    let (mut session, ..) = session(Database::default());
    let (uri, text) = open(&mut session, "2023/listning.regel");
    let hints = |session: &Session| -> Vec<(u32, String)> {
        let doc = session.doc(&uri).unwrap();
        let whole = Range::new(Position::new(0, 0), Position::new(100_000, 0));
        api::inlay_hints(session, doc, whole)
            .into_iter()
            .map(|h| {
                let label: Value = serde_json::to_value(&h.label).unwrap();
                (h.position.line, label.as_str().unwrap().to_owned())
            })
            .collect()
    };
    let used = line_of(&text, "when byten >= max_byten and not");
    let defined = line_of(&text, "param max_byten");
    let found = hints(&session);
    assert!(found.contains(&(used, "= 2".to_owned())), "{found:?}");
    assert!(!found.iter().any(|h| h.0 == defined), "{found:?}");
    let change = TextDocumentContentChangeEvent {
        range: None,
        range_length: None,
        text: text.replace("param max_byten: Int = 2", "param max_byten: Int = 3"),
    };
    session.change(&uri, &[change]);
    assert!(hints(&session).contains(&(used, "= 3".to_owned())));
}

#[test]
fn a_decision_hover_lists_its_changes_with_values_then_and_now() {
    let (mut session, ..) = session(Database::default());
    let (uri, text) = open(&mut session, "2021/ersattning.regel");
    let hover = hover_text(
        &session,
        &uri,
        byte_of(&text, "decision ersattning.ram") + 12,
    );
    // In the words of the "Ändrad sedan 2020" lens, each change in Swedish.
    assert!(hover.contains("Ändrad sedan 2020:"), "{hover}");
    let value = hover
        .lines()
        .find(|l| l.starts_with("- värde `"))
        .unwrap_or_else(|| panic!("no value line: {hover}"));
    let (old, new) = value
        .rsplit_once(": `")
        .and_then(|(_, v)| v.trim_end_matches('`').split_once(" → "))
        .unwrap();
    assert_ne!(old, new, "{value}");
}

#[test]
fn the_checker_publishes_before_the_prover_runs() {
    // An edit's diagnostics are the checker's alone; the prover's round comes after they are
    // sent (the server calls `prove_pending` once the outbox is written).
    let (db, log) = Database::with_execution_log();
    let (mut session, uri, text) = session(db);
    session.prove_pending();
    session.take_outbox();
    log.lock().unwrap().clear();
    let line = text[..text.find("param max_byten").unwrap()]
        .matches('\n')
        .count() as u32;
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(Position::new(line, 23), Position::new(line, 24))),
        range_length: None,
        text: "3".into(),
    };
    session.change(&uri, &[change]);
    let published = session.take_outbox();
    assert!(!published.is_empty(), "the checker's diagnostics are out");
    assert_eq!(executions(&log, "decision_report"), 0, "no prover yet");
    session.prove_pending();
    assert!(
        executions(&log, "decision_report") > 0,
        "the prover's round ran"
    );
}

#[test]
fn a_rename_that_would_change_what_a_name_means_is_refused_with_the_reason() {
    let (session, uri, text) = session(Database::default());
    let doc = session.doc(&uri).unwrap();
    let rename = |needle: &str, skip: u32, new: &str| {
        api::rename(&session, doc, byte_of(&text, needle) + skip, new)
    };
    // The parameter, where the `let byten` of listning.byte would hide it: `byten >= byten`.
    let refused = rename("max_byten and not", 0, "byten").unwrap_err();
    assert!(
        refused.message.contains("`let` `byten` dölja det"),
        "{}",
        refused.message
    );
    // The lambda parameter renamed to an input it reads: `datum => datum <= datum`.
    let refused = rename("s => s <= datum", 0, "datum").unwrap_err();
    assert!(
        refused
            .message
            .contains("lambdaparametern dölja indata, utdata eller `let` `datum`"),
        "{}",
        refused.message
    );
    // The input renamed to the lambda parameter that reads it inside.
    let refused = rename("datum: Date", 0, "s").unwrap_err();
    assert!(
        refused
            .message
            .contains("en lambdaparameter `s` skulle dölja det"),
        "{}",
        refused.message
    );
    // Names that capture nothing are renamed.
    assert!(rename("max_byten and not", 0, "hogsta_antal_byten").is_ok());
    assert!(rename("s => s <= datum", 0, "tidigare").is_ok());
}

#[test]
fn a_document_over_4_mib_is_not_checked_until_it_is_small_again() {
    use lsp_types::TextDocumentContentChangeEvent;
    let (mut session, uri, text) = session(Database::default());
    session.take_outbox();
    // Grown past the limit: refused with a diagnostic that says why, and nothing is checked.
    let big = format!("{text}//{}\n", " ".repeat(regel_lsp::MAX_DOCUMENT));
    let whole = |t: &str| TextDocumentContentChangeEvent {
        range: None,
        range_length: None,
        text: t.to_owned(),
    };
    session.change(&uri, &[whole(&big)]);
    let notes = format!("{:?}", session.take_outbox());
    assert!(
        notes.contains("a policy file may be at most 4194304 bytes"),
        "{notes}"
    );
    let doc = session.doc(&uri).unwrap();
    assert_eq!(
        *doc.file.text(session.db()),
        text,
        "the checked text stays the last small one"
    );
    // Back under the limit: checked again.
    session.change(&uri, &[whole(&text)]);
    let notes = format!("{:?}", session.take_outbox());
    assert!(!notes.contains("at most 4194304 bytes"), "{notes}");
    assert!(
        api::hover(
            &session,
            session.doc(&uri).unwrap(),
            byte_of(&text, "max_byten")
        )
        .is_some()
    );
}

#[test]
fn outside_documents_stay_refused_after_the_policies_folder_was_refused() {
    let base = Scratch::new("fence");
    let refused = base.join("ws").join("policies");
    std::fs::create_dir_all(refused.join("2023")).unwrap();
    let outside = base.join("outside").join("2023");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("a.regel"), "param a: Int = 1\n").unwrap();
    std::fs::write(outside.join("b.regel"), "param aldrig_oppnad: Int = 2\n").unwrap();
    let (refused, outside) = (
        refused.canonicalize().unwrap(),
        outside.canonicalize().unwrap(),
    );
    // The folder is refused (as the CLI's loader refuses a link leading outside).
    let fence = refused.clone();
    let loader = move |dir: &Path| {
        if dir.starts_with(&fence) {
            Err("`2023/x.regel` leads outside".to_owned())
        } else {
            load(dir)
        }
    };
    let mut session = Session::with_database(Box::new(loader), Database::default());
    assert!(session.set_root(refused.clone()).is_err());
    let uri = Uri::from_str(&format!("file://{}", outside.join("a.regel").display())).unwrap();
    session.open(uri.clone(), "param a: Int = 1\n".to_owned());
    let notes = format!("{:?}", session.take_outbox());
    assert!(notes.contains("is outside the policies folder"), "{notes}");
    assert!(session.doc(&uri).is_err());
    assert_eq!(session.root(), Some(refused.as_path()));
    assert!(api::workspace_symbols(&session, "aldrig_oppnad").is_empty());
}

/// The names of a property are the decision's inputs and outputs: finding the references of
/// an input, or renaming it, reaches the properties that read it.
#[test]
fn an_inputs_references_and_rename_reach_the_properties_that_read_it() {
    let (mut session, ..) = session(Database::default());
    let (uri, text) = open(&mut session, "2023/sanktioner.regel");
    let doc = session.doc(&uri).unwrap();
    let at = byte_of(&text, "input manatlig_vardpeng") + "input ".len() as u32;
    let found = api::references(&session, doc, at, false);
    let in_properties = found
        .iter()
        .filter(|l| l.uri.as_str().ends_with("egenskaper.regel"))
        .count();
    assert!(in_properties >= 3, "{found:?}");
    let edit = api::rename(&session, doc, at, "vardpeng_per_manad").unwrap();
    let files: Vec<String> = edit
        .changes
        .into_iter()
        .flatten()
        .map(|(uri, _)| uri.as_str().to_owned())
        .collect();
    assert!(
        files.iter().any(|u| u.ends_with("egenskaper.regel")),
        "{files:?}"
    );
}

/// `output tillaggsuppdrag: … = tillaggsuppdrag`: outputs are not in scope in a decision's
/// expressions, so the value is the parameter of that name, as the checker reads it.
#[test]
fn an_outputs_value_is_the_parameter_it_names_not_the_output() {
    let (mut session, ..) = session(Database::default());
    let (uri, text) = open(&mut session, "2023/uppdrag.regel");
    let doc = session.doc(&uri).unwrap();
    let value = "= tillaggsuppdrag\n";
    let at = byte_of(&text, value) + 2;
    let location = api::goto_definition(&session, doc, at).unwrap();
    assert_eq!(
        location.range.start.line,
        line_of(&text, "param tillaggsuppdrag")
    );
}

#[test]
fn a_let_hover_shows_the_type_the_checker_inferred() {
    let (session, uri, text) = session(Database::default());
    let hover = hover_text(&session, &uri, byte_of(&text, "let byten") + 5);
    assert!(
        hover.contains("let byten: Int  // i listning.byte"),
        "{hover}"
    );
}

/// Two versions of one decision, for the hover on a reason code: a rule whose condition
/// changed, one that is new, one unchanged, and a `require`.
fn reason_workspace(name: &str) -> (Session, Uri, String, Scratch) {
    let root = Scratch::new(name);
    let header = |year: &str| {
        format!(
            "version \"{year}\" {{\n  title \"t\"\n  valid_from {year}-01-01\n  valid_to {year}-12-31\n  source \"x.txt\"\n  covers [\"1\", \"2\"]\n}}\n\nsection \"1\" \"Byten\"\n\nsection \"2\" \"Undantag\"\n\nenum Utfall {{ ja, nej }}\n\n"
        )
    };
    let decision = |limit: &str, cite: &str, extra: &str| {
        format!(
            "decision byte.prov @ \"1\" {{\n  input n: Int\n  output utfall: Utfall\n  output skal\n  output paragraf\n\n  /// Antalet kan inte vara negativt.\n  require n >= 0 else negativt label \"Negativt antal\"\n  /// Högst två byten per år.\n  /// Fler byten kräver särskilda skäl.\n  when n > {limit}\n    then {{ utfall: nej }}\n    because for_manga @ \"{cite}\"\n{extra}  otherwise\n    then {{ utfall: ja }}\n    because inom_gransen\n}}\n\ntest \"för många\" {{\n  decide byte.prov\n  given {{ n: 9 }}\n  expect {{ utfall: nej, skal: \"for_manga\" }}\n}}\n\ntest \"negativt\" {{\n  decide byte.prov\n  given {{ n: -1 }}\n  expect rejected negativt\n}}\n"
        )
    };
    let new_rule =
        "  /// Exakt noll byten.\n  when n == 0\n    then { utfall: ja }\n    because inga_byten\n";
    for (year, body) in [
        ("2098", decision("3", "1", "")),
        ("2099", decision("2", "2", new_rule)),
    ] {
        std::fs::create_dir_all(root.join(year)).unwrap();
        std::fs::write(root.join(year).join("a.regel"), header(year) + &body).unwrap();
    }
    let (session, uri, text) = session_on(
        &root.canonicalize().unwrap(),
        "2099/a.regel",
        Database::default(),
    );
    (session, uri, text, root)
}

#[test]
fn a_reason_code_hover_shows_its_label_section_and_the_previous_versions_rule() {
    let (session, uri, text, _folder) = reason_workspace("reason-hover");
    let doc = session.doc(&uri).unwrap();
    assert!(
        api::semantic_tokens(&session, doc).data.len() > 10,
        "the workspace checks"
    );
    let changed = hover_text(&session, &uri, byte_of(&text, "for_manga @") + 2);
    for part in [
        "rule for_manga  // i byte.prov",
        "Högst två byten per år",
        "§ 2 Undantag",
        "Ändrad sedan 2098, tidigare med hänvisning till § 1 (nu § 2):",
        "n > 3",
    ] {
        assert!(changed.contains(part), "{part:?} in {changed}");
    }
    assert!(!changed.contains("Fler byten"), "only the label: {changed}");
    // The keyword that opens the rule shows the same.
    let when = byte_of(&text, "when n > 2") + 1;
    assert_eq!(hover_text(&session, &uri, when), changed);
    let added = hover_text(&session, &uri, byte_of(&text, "inga_byten") + 1);
    assert!(added.contains("Exakt noll byten"), "{added}");
    assert!(added.contains("Ny sedan 2098"), "{added}");
    // Unchanged, cited by the decision: its section, and the same code in 2098.
    let require = hover_text(&session, &uri, byte_of(&text, "negativt label") + 1);
    for part in [
        "require negativt  // i byte.prov",
        "Negativt antal",
        "§ 1 Byten",
        "I 2098: oförändrad",
    ] {
        assert!(require.contains(part), "{part:?} in {require}");
    }
    assert!(
        !require.contains("Antalet"),
        "the label, not the doc: {require}"
    );
    // A test's expected code is the same reason code.
    let expected = hover_text(&session, &uri, byte_of(&text, "\"for_manga\"") + 2);
    assert_eq!(expected, changed);
}

#[test]
fn a_reason_codes_uses_are_found_and_its_rename_is_refused_with_the_catalogue() {
    let (session, uri, text, _folder) = reason_workspace("reason-rename");
    let doc = session.doc(&uri).unwrap();
    let at = byte_of(&text, "negativt label") + 1;
    let found = api::references(&session, doc, at, true);
    let lines: Vec<u32> = found.iter().map(|l| l.range.start.line).collect();
    assert_eq!(
        lines,
        [
            line_of(&text, "require n >= 0"),
            line_of(&text, "expect rejected negativt")
        ]
    );
    let refused = api::rename(&session, doc, at, "under_noll").unwrap_err();
    assert!(
        refused
            .message
            .contains("beslutskatalogen (docs/decisions.md)"),
        "{}",
        refused.message
    );
}

/// After `rad.` the fields of the record a `let` holds: its type is the checker's, which a
/// decision's signature does not have.
#[test]
fn completion_after_a_lets_name_offers_the_fields_of_its_record() {
    let root = Scratch::new("let-fields");
    std::fs::create_dir_all(root.join("2099")).unwrap();
    let text = "version \"2099\" {\n  title \"t\"\n  valid_from 2099-01-01\n  valid_to 2099-12-31\n  source \"x.txt\"\n  covers [\"1\"]\n}\n\nsection \"1\" \"Ett\"\n\nrecord Rad { belopp: Int, antal: Int }\n\ndecision a.rad {\n  input n: Int\n  output utfall: Int\n  output paragraf\n  let rad = Rad { belopp: n, antal: 1 }\n  when rad.\n  otherwise then { utfall: 1 } because annat\n}\n";
    std::fs::write(root.join("2099/a.regel"), text).unwrap();
    let root = root.canonicalize().unwrap();
    let mut session = Session::with_database(Box::new(load), Database::default());
    session.set_root(root.clone()).unwrap();
    let uri = Uri::from_str(&format!("file://{}", root.join("2099/a.regel").display())).unwrap();
    session.open(uri.clone(), text.to_owned());
    session.take_outbox();
    let doc = session.doc(&uri).unwrap();
    let at = byte_of(text, "when rad.") + "when rad.".len() as u32;
    let labels: Vec<String> = api::complete(&session, doc, at)
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert_eq!(labels, ["belopp", "antal"]);
}

/// Content-Length framing of one message.
fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Gives its bytes, then holds back the end of the input until the prover has run `rounds`
/// queries (or a minute has passed): the server is idle in between, as after a burst of typing.
struct ThenIdle {
    bytes: std::io::Cursor<Vec<u8>>,
    log: ExecutionLog,
    rounds: usize,
}

impl std::io::Read for ThenIdle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.bytes.read(buf)?;
        if n == 0 {
            let start = std::time::Instant::now();
            while executions(&self.log, "decision_report") < self.rounds
                && start.elapsed() < std::time::Duration::from_secs(60)
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
        Ok(n)
    }
}

#[test]
fn the_prover_waits_until_no_message_does() {
    // One round of the prover after one edit, for comparison.
    let (db, log) = Database::with_execution_log();
    let (mut session, uri, text) = session(db);
    session.prove_pending();
    session.take_outbox();
    let line = text[..text.find("param max_byten").unwrap()]
        .matches('\n')
        .count() as u32;
    let edit = |digit: &str, version: i32| {
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri.as_str(), "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 23},
                "end": {"line": line, "character": 24}}, "text": digit}]}})
    };
    // Each `serve` is a new connection: it is initialized first (the session keeps its root).
    let start = [
        frame(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})),
        frame(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})),
    ]
    .concat();
    let mut input = [start.clone(), frame(&edit("3", 2))].concat();
    log.lock().unwrap().clear();
    let idle = |bytes: Vec<u8>, rounds: usize| {
        std::io::BufReader::new(ThenIdle {
            bytes: std::io::Cursor::new(bytes),
            log: log.clone(),
            rounds,
        })
    };
    let mut output = Vec::new();
    regel_lsp::serve(&mut session, idle(input.clone(), 1), &mut output).unwrap();
    let one_round = executions(&log, "decision_report");
    assert!(one_round > 0, "an edit to max_byten is proved again");

    // A burst of five edits and a hover, all waiting: answered first, then one round.
    input = start;
    for (i, digit) in ["2", "3", "2", "3", "4"].iter().enumerate() {
        input.extend(frame(&edit(digit, 3 + i as i32)));
    }
    let at = text[..text.find("when byten >= max_byten").unwrap()]
        .matches('\n')
        .count();
    input.extend(frame(
        &json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri.as_str()},
            "position": {"line": at, "character": 18}}}),
    ));
    log.lock().unwrap().clear();
    let mut output = Vec::new();
    regel_lsp::serve(&mut session, idle(input, one_round), &mut output).unwrap();
    let written = String::from_utf8(output).unwrap();
    assert!(written.contains("param max_byten: Int = 4"), "{written}");
    // One round after the burst (a second if the reader thread fell behind the loop for a
    // moment); a round per edit would be five.
    let rounds = executions(&log, "decision_report");
    assert!(
        (one_round..3 * one_round).contains(&rounds),
        "{rounds} prover queries after five edits; one round is {one_round}"
    );
}

/// The prover's warning on a `let` that can fail is shown on that `let`'s line, below the doc
/// comments and members before it, not on `decision …`.
#[test]
fn a_finding_in_a_let_is_shown_on_the_lets_line() {
    let root = Scratch::new("let-line");
    std::fs::create_dir_all(root.join("2023")).unwrap();
    let text = "version \"2023\" { title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\"] }
section \"1\" \"Ett\"
/// Ett beslut.
decision d {
  /// Antalet.
  input n: Int where n >= 0 and n <= 100
  /// Summan.
  let s = n + 1
  /// Kvoten.
  let q = s / n
  output paragraf
  otherwise then {} because ok
}
";
    assert_eq!(
        w0303_lines(&root, text),
        [line_of(text, "let q")],
        "the prover's W0303 stands on its own line"
    );
}

/// The prover's warning on a rule's outcome value that can overflow is shown on that value's
/// line, not on the rule's `when`.
#[test]
fn a_finding_in_an_outcome_value_is_shown_on_its_line() {
    let root = Scratch::new("outcome-line");
    std::fs::create_dir_all(root.join("2023")).unwrap();
    let text = "version \"2023\" { title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\"] }
section \"1\" \"Ett\"
/// Ett beslut.
decision d {
  /// Antalet.
  input n: Int where n >= 0 and n <= 100
  /// Gånger mycket.
  output v: Int
  output paragraf
  when n > 50
    then {
      v: n * 100000000000000000,
    }
    because stor
  otherwise then { v: 0 } because liten
}
";
    assert_eq!(
        w0303_lines(&root, text),
        [line_of(text, "v: n * ")],
        "the prover's W0303 stands on its own line"
    );
}
