//! Parsing a file piece by piece (`parse_pieces`) must give the tree a parse of the whole file
//! gives, whenever every piece parses alone; and erasing spans makes moved items equal.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use proptest::prelude::*;
use regel_syntax::{ItemKind, parse, parse_pieces};

fn policies() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut texts = Vec::new();
    for year in std::fs::read_dir(&root).unwrap() {
        let year = year.unwrap().path();
        for file in std::fs::read_dir(&year).into_iter().flatten() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "regel") {
                texts.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    texts
}

/// Where both succeed, the trees are the same; the pieces cover the items in order.
fn assert_agrees(text: &str, what: &str) -> bool {
    let Some((pieces_tree, pieces)) = parse_pieces(text) else {
        return false;
    };
    assert_eq!(pieces_tree, parse(text), "{what}");
    let mut next = 0;
    for piece in &pieces {
        assert_eq!(piece.items.start, next, "{what}");
        next = piece.items.end;
        for item in &pieces_tree.items[piece.items.clone()] {
            assert!(piece.text.contains(&(item.offset as usize)), "{what}");
        }
    }
    assert_eq!(next, pieces_tree.items.len(), "{what}");
    true
}

#[test]
fn every_policy_parses_in_pieces_as_a_whole() {
    let texts = policies();
    assert!(texts.len() >= 20);
    for (path, text) in &texts {
        assert!(assert_agrees(text, path), "{path}: a piece has an error");
    }
}

#[test]
fn a_broken_piece_gives_no_pieces() {
    assert!(parse_pieces("param a: Int = 1\nparam b: Int =\nparam c: Int = 3\n").is_none());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn pieces_of_a_mutated_policy_parse_as_the_whole(
        file in 0usize..100, at in 0usize..100_000, cut in 0usize..40,
        insert in prop::sample::select(vec![
            "", "\n", "test ", "\nparam ", "///", "\n/// d\n", "{", "}", "\"", "+ 1", "\nenum ",
        ]),
    ) {
        let texts = policies();
        let (_, text) = &texts[file % texts.len()];
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) { at -= 1; }
        let mut end = (at + cut).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let mutated = format!("{}{insert}{}", &text[..at], &text[end.max(at)..]);
        assert_agrees(&mutated, &mutated);
    }
}

#[test]
fn an_item_moved_and_reindented_is_equal_once_spans_are_erased() {
    let a = parse("param a: Int = 1 + 2 @ \"1\"\n");
    let b = parse("\n\nparam   a :Int=1+2\n  @ \"1\"\n");
    let (mut x, mut y) = (a.items[0].kind.clone(), b.items[0].kind.clone());
    assert_ne!(x, y, "the spans differ");
    x.erase_spans();
    y.erase_spans();
    assert_eq!(x, y);
    let mut z: ItemKind = parse("param a: Int = 1 + 3 @ \"1\"\n").items[0]
        .kind
        .clone();
    z.erase_spans();
    assert_ne!(x, z, "a different value stays different");
}
