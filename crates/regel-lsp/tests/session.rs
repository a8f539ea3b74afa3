//! The session in-process on the real policies: an edit re-checks only what it touched, and
//! no request panics on any prefix of a policy file.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use regel_compiler::{Database, ExecutionLog};
use regel_lsp::{Session, VersionFiles, api};

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
    let root = policies();
    let mut session = Session::with_database(Box::new(load), db);
    session.set_root(root.clone()).unwrap();
    let path = root.join("2023/listning.regel");
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
    }
}

/// Two enums with a variant of the same name: each bare use goes to the enum its place
/// expects, as the checker reads it.
#[test]
fn a_bare_variant_goes_to_the_enum_its_place_expects() {
    let root = std::env::temp_dir().join(format!("regel-lsp-variants-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
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
