//! `parse` never panics, and what it returns is consistent with the text: on arbitrary strings,
//! on token soup, and on copies of the README example with pieces cut, inserted, repeated or
//! swapped.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::readme_example;
use proptest::prelude::*;
use regel_syntax::*;

/// The items' texts are their slices of the file, and every error points into the file.
fn check(text: &str) -> Result<(), TestCaseError> {
    let file = parse(text);
    let mut last_end = 0;
    for item in &file.items {
        let start = item.offset as usize;
        prop_assert!(start >= last_end, "items overlap or are out of order");
        prop_assert_eq!(
            text.get(start..start + item.text.len()),
            Some(item.text.as_str())
        );
        last_end = start + item.text.len();
    }
    for e in &file.errors {
        let (start, end) = (e.span.start as usize, e.span.end as usize);
        prop_assert!(
            start <= end && end <= text.len(),
            "{:?} in {} bytes",
            e,
            text.len()
        );
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        prop_assert!(!e.message.is_empty());
    }
    // Parsing is a function of the text.
    prop_assert_eq!(parse(text), file);
    Ok(())
}

/// Punctuation, units and odd words; the reserved words come from `keywords`.
const OTHER_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    ",",
    "=",
    "=>",
    "@",
    ".",
    "?",
    "??",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "kr",
    "mnkr",
    "days",
    "x",
    "å",
    "_",
    "\"",
    "\"s\"",
    "\\",
    "42",
    "0.5",
    "2023-05-10",
    "2023-05-1",
    "08:00",
    "8:0",
    "//",
    "///",
    "////",
    "\n",
    " ",
    "\t",
    "\r\n",
    "é",
    "😀",
];

/// Every reserved word (so `property` and any word added later are tried) and the rest.
fn tokens() -> Vec<&'static str> {
    regel_syntax::keywords::RESERVED
        .iter()
        .chain(OTHER_TOKENS)
        .copied()
        .collect()
}

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(tokens()), 0..60).prop_map(|tokens| tokens.join(" "))
}

#[derive(Debug, Clone)]
enum Mutation {
    Cut { at: usize, len: usize },
    Insert { at: usize, what: String },
    Repeat { at: usize, len: usize },
    Swap { a: usize, b: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Cut { at, len }),
        (
            any::<usize>(),
            prop_oneof![
                prop::sample::select(tokens()).prop_map(str::to_owned),
                "\\PC{0,8}",
            ]
        )
            .prop_map(|(at, what)| Mutation::Insert { at, what }),
        (any::<usize>(), 1usize..80).prop_map(|(at, len)| Mutation::Repeat { at, len }),
        (any::<usize>(), any::<usize>(), 1usize..30).prop_map(|(a, b, len)| Mutation::Swap {
            a,
            b,
            len
        }),
    ]
}

/// The largest char boundary at or below `i`.
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, m: &Mutation) {
    let n = text.len().max(1);
    match m {
        Mutation::Cut { at, len } => {
            let a = floor(text, at % n);
            let b = floor(text, a + len);
            text.replace_range(a..b, "");
        }
        Mutation::Insert { at, what } => {
            let a = floor(text, at % n);
            text.insert_str(a, what);
        }
        Mutation::Repeat { at, len } => {
            let a = floor(text, at % n);
            let b = floor(text, a + len);
            let piece = text[a..b].to_owned();
            text.insert_str(b, &piece);
        }
        Mutation::Swap { a, b, len } => {
            let (mut a, mut b) = (floor(text, a % n), floor(text, b % n));
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            let a_end = floor(text, (a + len).min(b));
            let b_end = floor(text, b + len);
            let first = text[a..a_end].to_owned();
            let second = text[b..b_end].to_owned();
            text.replace_range(b..b_end, &first);
            text.replace_range(a..a_end, &second);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings(text in "\\PC*") {
        check(&text)?;
    }

    #[test]
    fn arbitrary_bytes_as_text(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn token_soups(text in token_soup()) {
        check(&text)?;
    }

    #[test]
    fn mutated_readme_example(mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut text = readme_example();
        for m in &mutations {
            apply(&mut text, m);
        }
        check(&text)?;
    }
}

#[test]
fn the_unmutated_example_is_consistent() {
    let text = readme_example();
    check(&text).unwrap();
    assert!(parse(&text).errors.is_empty());
}
