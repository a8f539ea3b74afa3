//! The compiler parses a file piece by piece (one piece per item, re-parsed only when its text
//! changes). Whatever the text, and whatever edits led to it, the tree must be the one a parse
//! of the whole file gives.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use proptest::prelude::*;
use regel_compiler::{Database, SourceFile, parse_file};
use salsa::Setter;

fn policy_texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut texts = Vec::new();
    for year in std::fs::read_dir(&root).unwrap() {
        let year = year.unwrap().path();
        if !year.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&year).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "regel") {
                let text = std::fs::read_to_string(&path).unwrap();
                texts.push((path.display().to_string(), text));
            }
        }
    }
    texts.sort();
    texts
}

/// Sets `text` on the file and compares the compiler's tree with a whole-file parse.
fn assert_same_tree(db: &mut Database, file: SourceFile, text: &str, what: &str) {
    file.set_text(db).to(text.to_owned());
    let whole = regel_syntax::parse(text);
    assert!(
        *parse_file(db, file) == whole,
        "{what}: the pieces' tree differs from the whole file's"
    );
}

#[test]
fn every_policy_file_parses_in_pieces_as_a_whole() {
    let texts = policy_texts();
    assert!(texts.len() >= 20, "the policies are found: {}", texts.len());
    let mut db = Database::default();
    let file = SourceFile::new(&db, String::new(), String::new());
    for (path, text) in &texts {
        assert_same_tree(&mut db, file, text, path);
    }
}

/// Edits that move the cut or break it: a keyword or a doc line at column 0, a brace, a line
/// joined to the one before, a character deleted.
const EDITS: [&str; 8] = [
    "\n",
    "test ",
    "\nparam ",
    "///",
    "\n/// d\n",
    "{",
    "}",
    "\"",
];

#[test]
fn edits_all_through_a_policy_keep_the_tree_of_the_whole_file() {
    let texts = policy_texts();
    let mut db = Database::default();
    let file = SourceFile::new(&db, String::new(), String::new());
    for (path, text) in texts.iter().filter(|(p, _)| p.ends_with("listning.regel")) {
        for (n, at) in (0..text.len())
            .step_by(97)
            .filter(|i| text.is_char_boundary(*i))
            .enumerate()
        {
            let edit = EDITS[n % EDITS.len()];
            let inserted = format!("{}{edit}{}", &text[..at], &text[at..]);
            assert_same_tree(
                &mut db,
                file,
                &inserted,
                &format!("{path}: {edit:?} at {at}"),
            );
            let end = (at + 1..=text.len())
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(text.len());
            let deleted = format!("{}{}", &text[..at], &text[end..]);
            assert_same_tree(&mut db, file, &deleted, &format!("{path}: delete at {at}"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn pieces_of_arbitrary_policy_like_text_parse_as_the_whole(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "param a: Int = 1", "param b: Int = a", "/// doc", "//// note", "",
                "enum E { x, y }", "decision d {", "  input n: Int", "  output o: Int = n",
                "otherwise then { } because r", "}", "test \"t\" {", "decide d given { n: 1 }",
                "expect { o: 1 } }", "  when n > 1", "test", "section \"1\" \"a\"",
                "  + 2", "version \"2023\" {", "record R { a: Int }",
            ]),
            0..40,
        )
    ) {
        let text = lines.join("\n");
        let mut db = Database::default();
        let file = SourceFile::new(&db, String::new(), String::new());
        assert_same_tree(&mut db, file, &text, &text);
    }
}
