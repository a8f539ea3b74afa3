//! The trees the parser builds: the README example, every literal, precedence, spans relative
//! to their item, doc comments.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use regel_syntax::*;

// ---------------------------------------------------------------- the README example

#[test]
fn readme_example_parses_without_errors() {
    let text = readme_example();
    let file = parse_ok(&text);
    insta::assert_debug_snapshot!(item_summary(&file), @r#"
    [
        "version \"2023\"",
        "section \"3.6.1\"",
        "param max_byten_per_ar",
        "param bytesperiod",
        "enum Utfall",
        "enum Enhetstyp",
        "record Rad",
        "decision listning.byte",
        "test \"a third switch within a year is refused\"",
        "test \"a switch dated after datum is rejected\"",
    ]
    "#);
}

#[test]
fn readme_example_tree() {
    let file = parse_ok(&readme_example());
    insta::assert_snapshot!(outline(&file));
}

#[test]
fn item_text_is_the_source_of_the_item_without_trailing_trivia() {
    let text = readme_example();
    let file = parse_ok(&text);
    for item in &file.items {
        let start = item.offset as usize;
        assert_eq!(&text[start..start + item.text.len()], item.text);
        assert_eq!(item.text.trim(), item.text, "{:?}", item.text);
    }
    // The doc comment belongs to the item below it.
    let param = &file.items[2];
    assert!(
        param.text.starts_with("/// Doc comments"),
        "{:?}",
        param.text
    );
    assert_eq!(
        param.doc,
        ["Doc comments (three slashes) describe the item below them, in the author's words."]
    );
}

// ---------------------------------------------------------------- literals

#[test]
fn literals() {
    let cases = [
        "42",
        "0.125",
        "1234.50 kr",
        "499.2 mnkr",
        "10 %",
        "2023-05-10",
        "08:00",
        "3 months",
        "1 month",
        "60 days",
        "1 day",
        "4 weeks",
        "1 week",
        "5 years",
        "1 year",
        r#""plain""#,
        r#""esc \" \\ \n \t end""#,
        r#""Beställning Vårdval""#,
        "true",
        "false",
        "null",
        "-5",
        "-0.5 kr",
        "2023-02-30",
    ];
    let rendered: Vec<String> = cases
        .iter()
        .map(|c| format!("{c}  =>  {}", sx(c)))
        .collect();
    insta::assert_snapshot!(rendered.join("\n"), @r#"
    42  =>  (int 42)
    0.125  =>  (decimal 0.125)
    1234.50 kr  =>  (money 1234.50 Kr)
    499.2 mnkr  =>  (money 499.2 Mnkr)
    10 %  =>  (percent 10)
    2023-05-10  =>  (date 2023-05-10)
    08:00  =>  (time 08:00)
    3 months  =>  (duration 3 Months)
    1 month  =>  (duration 1 Months)
    60 days  =>  (duration 60 Days)
    1 day  =>  (duration 1 Days)
    4 weeks  =>  (duration 4 Weeks)
    1 week  =>  (duration 1 Weeks)
    5 years  =>  (duration 5 Years)
    1 year  =>  (duration 1 Years)
    "plain"  =>  "plain"
    "esc \" \\ \n \t end"  =>  "esc \" \\ \n \t end"
    "Beställning Vårdval"  =>  "Beställning Vårdval"
    true  =>  true
    false  =>  false
    null  =>  null
    -5  =>  (neg (int 5))
    -0.5 kr  =>  (neg (money 0.5 Kr))
    2023-02-30  =>  (date 2023-02-30)
    "#);
}

#[test]
fn a_date_is_no_subtraction_and_a_time_no_pair_of_numbers() {
    assert_eq!(
        sx("2023-05-10 - 2023-01-01"),
        "(- (date 2023-05-10) (date 2023-01-01))"
    );
    assert_eq!(sx("2023 - 05 - 10"), "(- (- (int 2023) (int 05)) (int 10))");
    assert_eq!(sx("datum - 3 months"), "(- datum (duration 3 Months))");
    assert_eq!(sx("[08:00, 17:30]"), "[(time 08:00) (time 17:30)]");
}

#[test]
fn unit_words_are_names_except_after_a_number() {
    assert_eq!(sx("round(x, ore)"), "(call round x ore)");
    assert_eq!(sx("ceil(x, kronor)"), "(call ceil x kronor)");
    assert_eq!(sx("kr + days"), "(+ kr days)");
    assert_eq!(sx("5 kr"), "(money 5 Kr)");
}

#[test]
fn names_may_be_swedish() {
    assert_eq!(sx("låg_ålder + _x + Öre2"), "(+ (+ låg_ålder _x) Öre2)");
}

// ---------------------------------------------------------------- expressions

#[test]
fn precedence() {
    let cases = [
        "a or b and not c == d + e * f",
        "a ?? b or c",
        "a ?? b ?? c",
        "not a and b",
        "not a == b",
        "a - b - c",
        "a / b * c",
        "-a * b",
        "-a.b",
        "a < b == c",
        "x in [a, b] and y",
        "a + b in xs",
        "(a + b) * c",
        "if a then b else c + 1",
        "1 + if a then b else c",
        "if a then if b then c else d else e",
        "if a or b then [1] else []",
    ];
    let rendered: Vec<String> = cases
        .iter()
        .map(|c| format!("{c}  =>  {}", sx(c)))
        .collect();
    insta::assert_snapshot!(rendered.join("\n"), @r"
    a or b and not c == d + e * f  =>  (or a (and b (not (== c (+ d (* e f))))))
    a ?? b or c  =>  (?? a (or b c))
    a ?? b ?? c  =>  (?? (?? a b) c)
    not a and b  =>  (and (not a) b)
    not a == b  =>  (not (== a b))
    a - b - c  =>  (- (- a b) c)
    a / b * c  =>  (* (/ a b) c)
    -a * b  =>  (* (neg a) b)
    -a.b  =>  (neg (. a b))
    a < b == c  =>  (== (< a b) c)
    x in [a, b] and y  =>  (and (in x [a b]) y)
    a + b in xs  =>  (in (+ a b) xs)
    (a + b) * c  =>  (* (+ a b) c)
    if a then b else c + 1  =>  (if a b (+ c (int 1)))
    1 + if a then b else c  =>  (+ (int 1) (if a b c))
    if a then if b then c else d else e  =>  (if a (if b c d) e)
    if a or b then [1] else []  =>  (if (or a b) [(int 1)] [])
    ");
}

#[test]
fn postfix_chains_calls_and_records() {
    let cases = [
        "a.b.c",
        "Enhetstyp.filial",
        "r.belopp * 2",
        "f(x).y",
        "max(a, b).c.d",
        "count(xs)",
        "date(2023, 5, 10)",
        "min(a,)",
        "f()",
        "Rad { namn: \"x\", belopp: 1 kr }",
        "Rad { }",
        "{ a: 1, b: [x], }",
        "{ inner: Rad { namn: \"y\" } }.inner.namn",
        "[]",
        "[1, 2,]",
        "[[a], [b, c]]",
    ];
    let rendered: Vec<String> = cases
        .iter()
        .map(|c| format!("{c}  =>  {}", sx(c)))
        .collect();
    insta::assert_snapshot!(rendered.join("\n"), @r#"
    a.b.c  =>  (. (. a b) c)
    Enhetstyp.filial  =>  (. Enhetstyp filial)
    r.belopp * 2  =>  (* (. r belopp) (int 2))
    f(x).y  =>  (. (call f x) y)
    max(a, b).c.d  =>  (. (. (call max a b) c) d)
    count(xs)  =>  (call count xs)
    date(2023, 5, 10)  =>  (call date (int 2023) (int 5) (int 10))
    min(a,)  =>  (call min a)
    f()  =>  (call f )
    Rad { namn: "x", belopp: 1 kr }  =>  (record Rad namn: "x", belopp: (money 1 Kr))
    Rad { }  =>  (record Rad )
    { a: 1, b: [x], }  =>  (record a: (int 1), b: [x])
    { inner: Rad { namn: "y" } }.inner.namn  =>  (. (. (record inner: (record Rad namn: "y")) inner) namn)
    []  =>  []
    [1, 2,]  =>  [(int 1) (int 2)]
    [[a], [b, c]]  =>  [[a] [b c]]
    "#);
}

#[test]
fn lambdas_are_call_arguments() {
    let cases = [
        "count(xs, x => x > 0)",
        "all(tidigare_byten, s => s <= datum)",
        "sum(rader, r => r.belopp * 2)",
        "any(xs, x => any(x.ys, y => y == x.z))",
        "filter(xs, x => if x.a then x.b else false)",
    ];
    let rendered: Vec<String> = cases
        .iter()
        .map(|c| format!("{c}  =>  {}", sx(c)))
        .collect();
    insta::assert_snapshot!(rendered.join("\n"), @r"
    count(xs, x => x > 0)  =>  (call count xs (=> x (> x (int 0))))
    all(tidigare_byten, s => s <= datum)  =>  (call all tidigare_byten (=> s (<= s datum)))
    sum(rader, r => r.belopp * 2)  =>  (call sum rader (=> r (* (. r belopp) (int 2))))
    any(xs, x => any(x.ys, y => y == x.z))  =>  (call any xs (=> x (call any (. x ys) (=> y (== y (. x z))))))
    filter(xs, x => if x.a then x.b else false)  =>  (call filter xs (=> x (if (. x a) (. x b) false)))
    ");
    // Nowhere else.
    assert!(!parse("param p: Int = x => x\n").errors.is_empty());
    assert!(!parse("param p: Int = [x => x]\n").errors.is_empty());
}

#[test]
fn expression_spans_cover_their_tokens() {
    let text = "param p: Int = -a.b + f(x, 2) * (c)\n";
    let file = parse_ok(text);
    let ItemKind::Param(p) = &file.items[0].kind else {
        panic!()
    };
    let src = |e: &Expr| &file.items[0].text[e.span.range()];
    assert_eq!(src(&p.value), "-a.b + f(x, 2) * (c)");
    let ExprKind::Binary(_, l, r) = &p.value.kind else {
        panic!()
    };
    assert_eq!(src(l), "-a.b");
    assert_eq!(src(r), "f(x, 2) * (c)");
}

// ---------------------------------------------------------------- items

#[test]
fn every_item_form() {
    let text = r#"version "2023" { title "t" valid_from 2023-01-01 covers ["1", "2.3"] }
section "3.6.1" "Val av hälsocentral"
section "9" "Bakgrund" descriptive "no rule here"
param p: [Date]? = null @ "3.6.1"
enum E @ "1" { a, b, c, }
record R @ "2" { f: Int, g: [Text]? }
decision a.b.c @ "3" {
  input x: Int
  input y: Money = 0 kr where y >= 0 kr
  output o
  output u: Int = x
  let z = x + 1
  require z > 0 else negativ @ "3.1"
  when x > 1 require y > 0 kr else ingen_lon then { u: 1 } because stor @ "3.2"
  otherwise then { u: 2 } because liten
}
test "t" {
  decide a.b.c
  given { x: 1 }
  with { p: null }
  expect rejected negativ
}
"#;
    let file = parse_ok(text);
    insta::assert_snapshot!(outline(&file));
}

/// One small item in full, spans included: they are relative to the item's first byte (its doc
/// comment).
#[test]
fn a_small_item_in_full() {
    let text = "\n\n/// Doc.\ndecision a.b @ \"1\" {\n  input x: Int? = null\n  when x ?? 0 > 1 then { u: [x] } because stor\n}\n";
    let file = parse_ok(text);
    insta::assert_debug_snapshot!(file.items);
}

#[test]
fn a_rule_outcome_may_span_lines_and_a_condition_may_name_a_record() {
    let text = "decision a.b {\n  when r == Rad { namn: \"x\" }\n    then {\n      utfall: ja,\n    }\n    because r1\n  otherwise then { utfall: nej } because r2\n}\n";
    let file = parse_ok(text);
    let d = decision(&file);
    let [Member::Rule(first), Member::Rule(second)] = &d.members[..] else {
        panic!("{:#?}", d.members)
    };
    assert_eq!(
        sexpr(first.when.as_ref().unwrap()),
        "(== r (record Rad namn: \"x\"))"
    );
    let item = &file.items[0].text;
    assert_eq!(
        &item[first.outcome_span.range()],
        "{\n      utfall: ja,\n    }"
    );
    assert!(second.when.is_none());
    assert_eq!(&item[second.outcome_span.range()], "{ utfall: nej }");
    assert_eq!(
        &item[second.span.range()],
        "otherwise then { utfall: nej } because r2"
    );
}

#[test]
fn a_reason_code_may_carry_a_label_before_its_citation() {
    let text = "decision a.b {\n  require n > 0 else negativ label \"Negativt \\\"tal\\\"\"\n  when n > 1\n    require n < 9 else stor label \"För stort\" @ \"1.2\"\n    then { u: 1 }\n    because mer\n      label \"Mer än ett\" @ \"3.6.1\"\n  otherwise then { u: 2 } because annat\n}\n";
    let file = parse_ok(text);
    let d = decision(&file);
    let [
        Member::Require(req),
        Member::Rule(first),
        Member::Rule(second),
    ] = &d.members[..]
    else {
        panic!("{:#?}", d.members)
    };
    let value = |l: &Option<StrLit>| l.as_ref().map(|l| l.value.clone());
    assert_eq!(value(&req.label).as_deref(), Some("Negativt \"tal\""));
    assert_eq!(req.cite, None);
    assert_eq!(
        value(&first.requires[0].label).as_deref(),
        Some("För stort")
    );
    assert_eq!(value(&first.requires[0].cite).as_deref(), Some("1.2"));
    assert_eq!(value(&first.label).as_deref(), Some("Mer än ett"));
    assert_eq!(value(&first.cite).as_deref(), Some("3.6.1"));
    assert_eq!(first.reason.name, "mer");
    assert_eq!(second.label, None);
    // The label lies inside the rule's span.
    assert!(file.items[0].text[first.span.range()].ends_with("@ \"3.6.1\""));
}

#[test]
fn label_is_a_keyword_not_a_name() {
    let file = parse("param label: Int = 1\n");
    assert!(!file.errors.is_empty());
}

#[test]
fn a_test_block_with_overrides_and_an_expected_output() {
    let text = "test \"x\" {\n  decide a.b\n  given { d: 2023-05-10, xs: [2022-09-01] }\n  with { vite_andel: 20 % }\n  expect { utfall: avslas, skal: \"r\" }\n}\n";
    let file = parse_ok(text);
    let ItemKind::Test(t) = &file.items[0].kind else {
        panic!()
    };
    let item = &file.items[0].text;
    assert_eq!(t.decision.text(), "a.b");
    assert_eq!(
        &item[t.given_span.range()],
        "{ d: 2023-05-10, xs: [2022-09-01] }"
    );
    assert_eq!(t.overrides.len(), 1);
    let Expect::Output { fields, span } = &t.expect else {
        panic!()
    };
    assert_eq!(fields.len(), 2);
    assert_eq!(&item[span.range()], "{ utfall: avslas, skal: \"r\" }");
}

#[test]
fn comments_are_trivia_anywhere() {
    let text = "// head\nparam p: Int = // the value\n  1 + // more\n  2 // done\n//// not a doc\nparam q: Int = 3\n";
    let file = parse_ok(text);
    assert_eq!(file.items.len(), 2);
    assert_eq!(
        file.items[0].text,
        "param p: Int = // the value\n  1 + // more\n  2"
    );
    assert!(file.items[1].doc.is_empty());
    assert_eq!(file.items[1].text, "param q: Int = 3");
}

// ---------------------------------------------------------------- spans

#[test]
fn spans_are_relative_to_the_item() {
    let decision = "/// Doc.\ndecision a.b {\n  input x: Int\n  when x > 1 then { u: 1 } because stor\n  otherwise then { u: 2 } because liten\n}\n";
    let first = parse_ok(decision);
    let moved_text =
        format!("// a comment that moves everything\n\nparam p: Int = 1\n\n{decision}");
    let moved = parse_ok(&moved_text);
    let (a, b) = (&first.items[0], &moved.items[1]);
    assert_eq!(a.kind, b.kind);
    assert_eq!(a.doc, b.doc);
    assert_eq!(a.text, b.text);
    assert_ne!(a.offset, b.offset);
    assert_eq!(
        &moved_text[b.offset as usize..b.offset as usize + b.text.len()],
        b.text
    );
    // A span inside the item, shifted by the offset, is the place in the file.
    let ItemKind::Decision(d) = &b.kind else {
        panic!()
    };
    let abs = d.name.span.shift(b.offset);
    assert_eq!(&moved_text[abs.range()], "a.b");
    let Member::Input(input) = &d.members[0] else {
        panic!()
    };
    assert_eq!(&b.text[input.span.range()], "input x: Int");
    assert_eq!(&b.text[input.ty.span.range()], "Int");
}

#[test]
fn member_and_item_spans_end_at_their_last_token() {
    let text = "decision a.b {\n  input x: Int   // trailing\n\n  output o   \n  require x > 0 else neg   // why\n  otherwise then { o: 1 } because r   \n}\nparam p: Int = 1   // c\n\n";
    let file = parse_ok(text);
    let d = decision(&file);
    let item = &file.items[0].text;
    let spans: Vec<&str> = d
        .members
        .iter()
        .map(|m| match m {
            Member::Input(m) => &item[m.span.range()],
            Member::Output(m) => &item[m.span.range()],
            Member::Require(m) => &item[m.span.range()],
            Member::Rule(m) => &item[m.span.range()],
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        spans,
        [
            "input x: Int",
            "output o",
            "require x > 0 else neg",
            "otherwise then { o: 1 } because r"
        ]
    );
    assert_eq!(file.items[1].text, "param p: Int = 1");
}

// ---------------------------------------------------------------- doc comments

#[test]
fn doc_comments_attach_to_what_follows() {
    let text = r#"/// The outcome.
///
///   Indented.
enum Utfall {
  /// Granted.
  beviljas,
  avslas,
}

record Rad {
  /// The name.
  namn: Text,
}

decision a.b {
  /// The day.
  input datum: Date
  /// The result.
  output utfall: Utfall
  /// Too many.
  when datum > 2023-01-01 then { utfall: avslas } because for_manga
  otherwise then { utfall: beviljas } because ok
}
"#;
    let file = parse_ok(text);
    assert_eq!(file.items[0].doc, ["The outcome.", "", "  Indented."]);
    let ItemKind::Enum(e) = &file.items[0].kind else {
        panic!()
    };
    assert_eq!(e.variants[0].doc, ["Granted."]);
    assert!(e.variants[1].doc.is_empty());
    let ItemKind::Record(r) = &file.items[1].kind else {
        panic!()
    };
    assert_eq!(r.fields[0].doc, ["The name."]);
    let d = decision(&file);
    let docs: Vec<&[String]> = d
        .members
        .iter()
        .map(|m| match m {
            Member::Input(m) => &m.doc[..],
            Member::Output(m) => &m.doc[..],
            Member::Rule(m) => &m.doc[..],
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        docs,
        [
            &["The day.".to_owned()][..],
            &["The result.".to_owned()][..],
            &["Too many.".to_owned()][..],
            &[][..]
        ]
    );
}

// ---------------------------------------------------------------- robustness

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for text in [
        format!("param p: Int = {}1{}\n", "(".repeat(100), ")".repeat(100)),
        format!("param p: Int = {}1{}\n", "[".repeat(100), "]".repeat(100)),
        format!("param p: Int = {}1\n", "not ".repeat(10_000)),
        format!("param p: Int = {}1\n", "1 + ".repeat(10_000)),
        format!("param p: {}Int{} = 1\n", "[".repeat(100), "]".repeat(100)),
        format!("param p: Int{} = 1\n", "?".repeat(10_000)),
        format!("param p: Int = {}\n", "(".repeat(100_000)),
        format!("param p: Int = f({}\n", "g(".repeat(100_000)),
        // Each level is short, together they make a tree thousands of levels tall.
        format!("param p: Int = {}\n", nested_chains(20, 400)),
    ] {
        let file = parse(&text);
        assert!(!file.errors.is_empty(), "{}", &text[..40]);
    }
    // Moderate nesting and long chains are fine.
    let text = format!("param p: Int = {}1{}\n", "(".repeat(30), ")".repeat(30));
    parse_ok(&text);
    parse_ok(&format!("param p: Int = {}\n", nested_chains(3, 100)));
}

/// `((1 + 1 …) + 1 …) + 1 …`: `levels` parenthesised chains of `ops` additions.
fn nested_chains(levels: usize, ops: usize) -> String {
    let mut body = "1".to_owned();
    for _ in 0..levels {
        body = format!("({body}){}", " + 1".repeat(ops));
    }
    body
}

#[test]
fn empty_and_blank_files() {
    for text in ["", "\n\n", "// only a comment", "   \t\r\n// c\n"] {
        let file = parse(text);
        assert!(file.items.is_empty() && file.errors.is_empty(), "{text:?}");
    }
}

#[test]
fn crlf_line_ends() {
    let text = readme_example().replace('\n', "\r\n");
    let file = parse_ok(&text);
    assert_eq!(file.items.len(), 10);
    assert_eq!(
        file.items[2].doc,
        ["Doc comments (three slashes) describe the item below them, in the author's words."]
    );
}

#[test]
fn a_property_block_with_and_without_when() {
    let text = "property \"p\" {\n  decide a.b\n  when x > 3\n  expect u == ja\n}\nproperty \"q\" { decide a.b expect not s }\n";
    let file = parse_ok(text);
    let ItemKind::Property(p) = &file.items[0].kind else {
        panic!()
    };
    let item = &file.items[0].text;
    assert_eq!(p.name.value, "p");
    assert_eq!(p.decision.text(), "a.b");
    assert_eq!(&item[p.assume.as_ref().unwrap().span.range()], "x > 3");
    assert_eq!(&item[p.expect.span.range()], "u == ja");
    let ItemKind::Property(q) = &file.items[1].kind else {
        panic!()
    };
    assert!(q.assume.is_none());
}

#[test]
fn a_byte_order_mark_at_the_start_is_skipped_and_only_there() {
    let text = "param a: Int = 1\n";
    let with_mark = format!("\u{feff}{text}");
    let file = parse(&with_mark);
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    assert_eq!(file.items.len(), 1);
    // Spans count the mark's three bytes.
    assert_eq!(file.items[0].offset, 3);
    let inside = "param a: Int = 1\n\u{feff}param b: Int = 2\n";
    assert!(!parse(inside).errors.is_empty());
}
