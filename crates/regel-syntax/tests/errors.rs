//! Parse errors: one per broken item or member, in words, at the right place, and the good
//! items around them kept. Each snapshot shows the errors as a terminal would, then the items
//! that were kept.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use regel_syntax::*;

/// The errors of `text` rendered, then the outline of what was kept.
fn report(text: &str) -> String {
    let file = parse(text);
    format!(
        "{}\n--- kept ---\n{}",
        render_errors(text, &file.errors),
        outline(&file)
    )
}

fn codes(text: &str) -> Vec<&'static str> {
    parse(text).errors.iter().map(|e| e.code).collect()
}

// ---------------------------------------------------------------- the three codes

#[test]
fn unclosed_brace_of_a_decision() {
    let text = "decision a.b {\n  input n: Int\n  otherwise then { u: 1 } because ok\n\ntest \"t\" {\n  decide a.b\n  given { n: 1 }\n  expect { u: 1 }\n}\n";
    assert_eq!(codes(text), ["E0001"]);
    insta::assert_snapshot!(report(text));
}

#[test]
fn unclosed_brace_of_an_outcome_keeps_the_decision() {
    let text = "decision a.b {\n  input n: Int\n  when n > 1 then { u: 1\n    because big\n  otherwise then { u: 2 } because ok\n}\n";
    assert_eq!(codes(text), ["E0001"]);
    insta::assert_snapshot!(report(text));
}

#[test]
fn misspelled_item_keyword() {
    let text = "decison a.b {\n  input n: Int\n}\n\nparam p: Int = 1\n";
    assert_eq!(codes(text), ["E0003"]);
    insta::assert_snapshot!(report(text));
}

#[test]
fn unknown_word_where_an_item_starts() {
    let text = "/// A doc comment, then no item.\nrule foo {\n}\nparam p: Int = 1\n";
    assert_eq!(codes(text), ["E0003"]);
    insta::assert_snapshot!(report(text));
}

#[test]
fn a_label_without_its_text() {
    let text = "decision a.b {\n  otherwise then { u: 1 } because ok label\n}\n";
    assert_eq!(codes(text), ["E0002"]);
    insta::assert_snapshot!(report(text));
}

#[test]
fn expected_words() {
    let cases = [
        // a type
        "param p: = 1\n",
        // an expression, pointed at just after `=` rather than at the blank line
        "param p: Int =\n\nparam q: Int = 2\n",
        // `,` or `}`
        "enum Utfall { ja nej }\n",
        // `:`
        "record Rad { namn Text }\n",
        // `]`
        "param p: [Int = 1\n",
        // `then` (or a rule's `require`)
        "decision a.b {\n  when x y then { u: 1 } because r\n}\n",
        // `because`
        "decision a.b {\n  when x then { u: 1 }\n}\n",
        // `else`
        "decision a.b {\n  require x > 0 because r\n}\n",
        "param p: Int = if a then b\n",
        // `given`
        "test \"t\" {\n  decide a.b { x: 1 }\n  expect { a: 1 }\n}\n",
        // a name after `rejected`
        "test \"t\" {\n  decide a.b\n  given { x: 1 }\n  expect rejected\n}\n",
        // `@` needs a string
        "param p: Int = 1 @ 5\n",
        // `)`
        "param p: Int = f(a, b\n",
        // an expression after an operator
        "param p: Int = 1 + * 2\n",
        // a lambda outside a call
        "param p: Int = x => x\n",
        // a well-formed date in the wrong place is no malformed date
        "param p: Date = 2023-05-10 2023-05-11\n",
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|text| {
            let file = parse(text);
            assert_eq!(file.errors.len(), 1, "{text}\n{:#?}", file.errors);
            assert_eq!(file.errors[0].code, "E0002");
            render_errors(text, &file.errors)
        })
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn literal_errors() {
    let cases = [
        "param p: Date = 2023-05-101\n",
        "param p: Date = 2023-5-1\n",
        "param p: Time = 08:001\n",
        "param p: Time = 8:00\n",
        "param p: Text = \"a\\qb\"\n",
        "param p: Text = \"never closed\nparam q: Int = 1\n",
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|text| {
            let file = parse(text);
            assert_eq!(file.errors.len(), 1, "{text}\n{:#?}", file.errors);
            render_errors(text, &file.errors)
        })
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn keywords_are_no_names() {
    let text = "param then: Int = 1\nrecord R { if: Int }\ndecision a.b {\n  input not: Int\n  let x = else\n}\n";
    insta::assert_snapshot!(report(text));
}

#[test]
fn something_after_a_complete_item_on_its_line() {
    let text = "param p: Int = 1 2\nsection \"1\" \"T\" extra\nparam q: Int = 3\n";
    assert_eq!(codes(text), ["E0002", "E0002"]);
    insta::assert_snapshot!(report(text));
}

// ---------------------------------------------------------------- recovery

#[test]
fn three_broken_items_give_three_errors_and_keep_the_good_ones() {
    let text = r#"version "2023" { title "t" }

param grans: Int =

enum Utfall { ja nej }

record Rad { namn Text }

enum Svar { ja, nej }

decision a.b {
  input n: Int
  output svar: Svar
  when n > grans then { svar: nej } because for_manga
  otherwise then { svar: ja } because ok
}

test "t" {
  decide a.b
  given { n: 1 }
  expect { svar: ja }
}
"#;
    let file = parse(text);
    assert_eq!(
        file.errors.len(),
        3,
        "{}",
        render_errors(text, &file.errors)
    );
    assert_eq!(
        item_summary(&file),
        [
            "version \"2023\"",
            "enum Svar",
            "decision a.b",
            "test \"t\""
        ]
    );
    insta::assert_snapshot!(report(text));
}

#[test]
fn a_bad_member_line_keeps_the_other_members() {
    let text = "decision a.b {\n  input n: Int\n  inptu m: Int\n  output u: Int\n  otherwise then { u: n } because ok\n}\n";
    let file = parse(text);
    assert_eq!(file.errors.len(), 1);
    let d = decision(&file);
    assert_eq!(d.members.len(), 4);
    let Member::Error(span) = d.members[1] else {
        panic!("{:#?}", d.members)
    };
    assert_eq!(&file.items[0].text[span.range()], "inptu m: Int");
    insta::assert_snapshot!(report(text));
}

#[test]
fn each_bad_member_is_one_error_even_over_several_lines() {
    let text = r#"decision a.b {
  input n: Int garbage
  let y = a b
  when n > 1
    require n < 10 else too_big
    then { u: 1 +, }
    because r
  /// Docs before a broken member go with it.
  input m Int
  let ok = 1
  bogus words here
  otherwise then { u: 2 } because s
}
"#;
    let file = parse(text);
    assert_eq!(
        file.errors.len(),
        5,
        "{}",
        render_errors(text, &file.errors)
    );
    insta::assert_snapshot!(report(text));
}

#[test]
fn errors_come_in_file_order() {
    let text = "param a: Int = then\ndecision a.b {\n  let then = 1\n  bad line\n}\nparam b: = 1\n";
    let file = parse(text);
    let starts: Vec<u32> = file.errors.iter().map(|e| e.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    assert_eq!(
        file.errors.len(),
        4,
        "{}",
        render_errors(text, &file.errors)
    );
}

#[test]
fn error_spans_lie_in_the_file() {
    for text in [
        "param p: Int =",
        "decision a.b {",
        "decision a.b {\n  input",
        "test \"t\" { decide",
        "\"",
        "}",
        "param p: Text = \"",
    ] {
        let file = parse(text);
        assert!(!file.errors.is_empty(), "{text:?}");
        for e in &file.errors {
            assert!(e.span.start <= e.span.end, "{text:?} {e:?}");
            assert!(e.span.end as usize <= text.len(), "{text:?} {e:?}");
            assert!(text.is_char_boundary(e.span.start as usize));
            assert!(text.is_char_boundary(e.span.end as usize));
        }
    }
}

#[test]
fn stray_text_at_the_top_level() {
    let text = "}\nparam p: Int = 1\n\n/// Documents nothing.\n";
    assert_eq!(codes(text), ["E0002", "E0002"]);
    insta::assert_snapshot!(report(text));
}

/// A non-breaking space is white space to the parser but two bytes long: the error at it must
/// cover the whole character, or an editor would be handed half of one (found by proptest).
#[test]
fn an_error_at_a_multibyte_space_covers_the_whole_character() {
    for text in ["\u{a0}", "decision\u{a0}", "\u{a0}\u{a0}x"] {
        let file = regel_syntax::parse(text);
        assert!(!file.errors.is_empty(), "{text:?} has an error");
        for e in &file.errors {
            let (start, end) = (e.span.start as usize, e.span.end as usize);
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{text:?}: {e:?}"
            );
        }
    }
}
