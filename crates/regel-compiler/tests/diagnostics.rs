//! One snapshot per diagnostic situation: what a policy author sees in the terminal.
//!
//! Each test loads a small version, renders its diagnostics without colour and snapshots the
//! text; it also asserts the codes, so a change that loses or adds a diagnostic fails with a
//! readable message before the snapshot is even compared.
#![allow(clippy::unwrap_used)]

use regel_app::Render;
use regel_compiler::{Database, diagnostics, load_version, program};

/// A valid header and a section, so that the items below are cited.
const HEADER: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1", "2"] }
section "1" "Ett"
"#;

/// The diagnostics of a version made of `files`, rendered as the terminal shows them, and
/// their codes in order.
fn check_files(version: &str, files: &[(&str, &str)]) -> (Vec<&'static str>, String) {
    let db = Database::default();
    let loaded = load_version(
        &db,
        version,
        files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect(),
    );
    let diags = diagnostics(&db, loaded);
    let codes = diags.iter().map(|d| d.code).collect();
    let rendered = diags
        .iter()
        .map(|d| {
            let text = files
                .iter()
                .find(|(path, _)| *path == d.file)
                .map_or("", |(_, text)| *text);
            d.render(text, false)
        })
        .collect::<Vec<_>>()
        .join("\n");
    (codes, rendered)
}

/// One file, `2023/a.regel`, in version `2023`.
fn check(text: &str) -> (Vec<&'static str>, String) {
    check_files("2023", &[("2023/a.regel", text)])
}

/// The header, an enum `Utfall { ja, nej }` and a decision `a.b` with the outputs `utfall`,
/// `skal` and `paragraf`, followed by `members`.
fn in_decision(members: &str) -> String {
    format!(
        "{HEADER}enum Utfall {{ ja, nej }}\n\ndecision a.b {{\n  output utfall: Utfall\n  output skal\n  output paragraf\n{members}}}\n"
    )
}

/// Asserts the codes, then snapshots the rendering.
macro_rules! assert_diagnostics {
    ($text:expr, [$($code:literal),* $(,)?]) => {{
        let (codes, rendered) = check(&$text);
        let expected: &[&str] = &[$($code),*];
        assert_eq!(codes, expected, "\n{rendered}");
        insta::assert_snapshot!(rendered);
    }};
}

// ---------------------------------------------------------------- syntax

#[test]
fn unclosed_brace_in_decision() {
    let text = format!(
        "{HEADER}enum Utfall {{ ja, nej }}\n\ndecision a.b {{\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  otherwise then {{ utfall: ja }} because ok\n\ntest \"t\" {{\n  decide a.b\n  given {{ n: 1 }}\n  expect {{ utfall: ja }}\n}}\n"
    );
    assert_diagnostics!(text, ["E0001"]);
}

#[test]
fn misspelled_item_keyword() {
    let text = format!(
        "{HEADER}enum Utfall {{ ja, nej }}\n\ndecison a.b {{\n  output utfall: Utfall\n  output paragraf\n  otherwise then {{ utfall: ja }} because ok\n}}\n"
    );
    assert_diagnostics!(text, ["E0003"]);
}

#[test]
fn tests_of_a_broken_decision_are_not_reported_again() {
    let text = format!(
        "{HEADER}enum Utfall {{ ja, nej }}\n\ndecison a.b {{\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  otherwise then {{ utfall: ja }} because ok\n}}\n\ntest \"t\" {{\n  decide a.b\n  given {{ n: 1 }}\n  expect {{ utfall: ja }}\n}}\n"
    );
    assert_diagnostics!(text, ["E0003"]);
}

#[test]
fn misspelled_member_keyword() {
    let text = in_decision(
        "  inptu n: Int\n  when n > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0002"]);
}

#[test]
fn input_without_colon() {
    let text = in_decision(
        "  input n Int\n  when n > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0002"]);
}

#[test]
fn several_broken_items_all_reported_good_items_kept() {
    let text = format!(
        "{HEADER}param grans: Int = \n\nenum Utfall {{ ja nej }}\n\nrecord Rad {{ namn Text }}\n\nenum Svar {{ ja, nej }}\n\ndecision a.b {{\n  input n: Int\n  output svar: Svar\n  output paragraf\n  when n > 2 then {{ svar: nej }} because for_manga\n  otherwise then {{ svar: ja }} because ok\n}}\n"
    );
    let (codes, rendered) = check(&text);
    assert_eq!(codes, ["E0002", "E0002", "E0002"], "\n{rendered}");
    // The good items after the broken ones are kept and lowered.
    let db = Database::default();
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.clone())]);
    let program = program(&db, version);
    assert_eq!(program.decisions.len(), 1);
    assert_eq!(program.enums.len(), 1);
    insta::assert_snapshot!(rendered);
}

#[test]
fn output_without_type() {
    let text = in_decision(
        "  input n: Int\n  output belopp\n  otherwise then { utfall: ja, belopp: 1 kr } because ok\n",
    );
    assert_diagnostics!(text, ["E0110"]);
}

// ---------------------------------------------------------------- names and types

#[test]
fn unknown_name_with_suggestion() {
    let text = in_decision(
        "  input datum: Date\n  input tidigare_byten: [Date]\n  let byten = count(tidigare_bytne, s => s <= datum)\n  when byten > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0100"]);
}

#[test]
fn bare_variant_of_two_enums_without_context() {
    let text = format!(
        "{HEADER}enum Utfall {{ ja, nej }}\n\nenum Svar {{ ja, kanske }}\n\ndecision a.b {{\n  input svar: Svar\n  output utfall: Utfall\n  output skal\n  output paragraf\n  when ja in [svar] then {{ utfall: ja }} because ok\n  otherwise then {{ utfall: nej }} because annat\n}}\n"
    );
    assert_diagnostics!(text, ["E0107"]);
}

#[test]
fn unknown_type_with_suggestion() {
    let text = in_decision(
        "  input belopp: Mony\n  when belopp > 100 kr then { utfall: nej } because for_dyrt\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0101"]);
}

#[test]
fn money_compared_with_date() {
    let text = in_decision(
        "  input belopp: Money\n  input datum: Date\n  when belopp > datum then { utfall: nej } because for_sent\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0201"]);
}

#[test]
fn money_plus_int() {
    let text = in_decision(
        "  input belopp: Money\n  let totalt = belopp + 5\n  when totalt > 100 kr then { utfall: nej } because for_dyrt\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0202"]);
}

#[test]
fn date_plus_int() {
    let text = in_decision(
        "  input datum: Date\n  let sista = datum + 30\n  when sista > 2023-06-30 then { utfall: nej } because for_sent\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0202"]);
}

#[test]
fn count_without_arguments() {
    let text = in_decision(
        "  input byten: [Date]\n  when count() > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0203"]);
}

#[test]
fn within_with_two_arguments() {
    let text = in_decision(
        "  input fran: Date\n  input till: Date\n  when within(fran, till) then { utfall: ja } because kort\n  otherwise then { utfall: nej } because lang\n",
    );
    assert_diagnostics!(text, ["E0203"]);
}

#[test]
fn lambda_in_a_let() {
    let text = in_decision(
        "  input byten: [Date]\n  let sena = s => s > 2023-06-01\n  otherwise then { utfall: ja } because ok\n",
    );
    // A syntax error only: the `let` read up to `s` is not checked, so `s` is not reported
    // as an unknown name as well.
    assert_diagnostics!(text, ["E0002"]);
}

#[test]
fn lambda_as_argument_of_a_non_list_function() {
    let text = in_decision(
        "  input datum: Date\n  when year(d => d) > 2022 then { utfall: nej } because for_sent\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0204"]);
}

#[test]
fn when_condition_not_bool() {
    let text = in_decision(
        "  input n: Int\n  when n then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0200"]);
}

#[test]
fn optional_in_arithmetic_without_fallback() {
    let text = in_decision(
        "  input avgift: Money?\n  let totalt = avgift + 100 kr\n  when totalt > 500 kr then { utfall: nej } because for_dyrt\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0202"]);
}

// ---------------------------------------------------------------- records and enums

const RECORD: &str = "record Rad { namn: Text, belopp: Money }\n\n";

#[test]
fn unknown_field_access() {
    let text = format!(
        "{HEADER}{RECORD}enum Utfall {{ ja, nej }}\n\ndecision a.b {{\n  input rad: Rad\n  output utfall: Utfall\n  output paragraf\n  when rad.belop > 100 kr then {{ utfall: nej }} because for_dyrt\n  otherwise then {{ utfall: ja }} because ok\n}}\n"
    );
    assert_diagnostics!(text, ["E0103"]);
}

#[test]
fn unknown_field_in_record_literal() {
    let text = format!(
        "{HEADER}{RECORD}param standard: Rad = Rad {{ namn: \"x\", belopp: 1 kr, summa: 2 kr }}\n\ndecision a.b {{\n  output rad: Rad = standard\n  output paragraf\n  otherwise then {{ }} because ok\n}}\n"
    );
    assert_diagnostics!(text, ["E0103"]);
}

#[test]
fn missing_record_field() {
    let text = format!(
        "{HEADER}{RECORD}param standard: Rad = Rad {{ namn: \"x\" }}\n\ndecision a.b {{\n  output rad: Rad = standard\n  output paragraf\n  otherwise then {{ }} because ok\n}}\n"
    );
    assert_diagnostics!(text, ["E0109"]);
}

#[test]
fn unknown_enum_variant() {
    let text = in_decision(
        "  input svar: Utfall\n  when svar == Utfall.kanske then { utfall: nej } because oklart\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0105"]);
}

// ---------------------------------------------------------------- literals

#[test]
fn date_with_no_such_day() {
    let text = in_decision(
        "  input datum: Date\n  when datum > 2023-02-30 then { utfall: nej } because for_sent\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0400"]);
}

#[test]
fn date_with_no_such_month() {
    let text = in_decision(
        "  input datum: Date\n  when datum > 2023-13-01 then { utfall: nej } because for_sent\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0400"]);
}

#[test]
fn time_out_of_range() {
    let text = in_decision(
        "  input tid: Time\n  when tid > 25:00 then { utfall: nej } because for_sent\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0401"]);
}

#[test]
fn money_with_three_decimals() {
    let text = in_decision(
        "  input belopp: Money\n  when belopp > 10.125 kr then { utfall: nej } because for_dyrt\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0404"]);
}

// ---------------------------------------------------------------- rule tables

#[test]
fn missing_otherwise() {
    let text = in_decision(
        "  input n: Int\n  when n > 2 then { utfall: nej } because for_manga\n  when n == 0 then { utfall: ja } because inga\n",
    );
    assert_diagnostics!(text, ["E0300"]);
}

#[test]
fn rule_after_otherwise_is_unreachable() {
    let text = in_decision(
        "  input n: Int\n  otherwise then { utfall: ja } because ok\n  when n > 2 then { utfall: nej } because for_manga\n",
    );
    assert_diagnostics!(text, ["E0301"]);
}

#[test]
fn rule_after_when_true_is_unreachable() {
    let text = in_decision(
        "  input n: Int\n  when true then { utfall: ja } because alltid\n  when n > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: nej } because annars\n",
    );
    assert_diagnostics!(text, ["E0301", "E0301"]);
}

#[test]
fn rule_does_not_set_an_output() {
    let text = in_decision(
        "  input n: Int\n  output antal: Int\n  when n > 2 then { utfall: nej, antal: n } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0302"]);
}

#[test]
fn rule_sets_skal() {
    let text = in_decision(
        "  input n: Int\n  when n > 2 then { utfall: nej, skal: \"for_manga\" } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0303"]);
}

// ---------------------------------------------------------------- duplicates

#[test]
fn duplicate_parameter() {
    let text = in_decision(
        "  input n: Int\n  when n > grans then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    )
    .replace(
        "enum Utfall",
        "param grans: Int = 2\nparam grans: Int = 3\n\nenum Utfall",
    );
    assert_diagnostics!(text, ["E0102"]);
}

#[test]
fn duplicate_decision() {
    let decision = "decision a.b {\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  otherwise then { utfall: ja } because ok\n}\n";
    let text = format!("{HEADER}enum Utfall {{ ja, nej }}\n\n{decision}\n{decision}");
    assert_diagnostics!(text, ["E0102"]);
}

#[test]
fn duplicate_input() {
    let text = in_decision(
        "  input n: Int\n  input n: Date\n  when n > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0102"]);
}

// ---------------------------------------------------------------- citations

#[test]
fn uncited_rule() {
    let header = HEADER.lines().next().unwrap();
    let text = format!(
        "{header}\nenum Utfall {{ ja, nej }}\n\ndecision a.b {{\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  when n > 2 then {{ utfall: nej }} because for_manga @ \"1\"\n  otherwise then {{ utfall: ja }} because ok\n}}\n"
    );
    assert_diagnostics!(text, ["E0511"]);
}

#[test]
fn uncited_require() {
    let header = HEADER.lines().next().unwrap();
    let text = format!(
        "{header}\nenum Utfall {{ ja, nej }}\n\ndecision a.b @ \"1\" {{\n  input n: Int\n  require n >= 0 else negativt\n  output utfall: Utfall\n  output paragraf\n  otherwise then {{ utfall: ja }} because ok\n}}\n"
    );
    let (codes, _) = check(&text);
    assert!(
        codes.is_empty(),
        "the decision's citation covers its require: {codes:?}"
    );
    let uncited = text
        .replace("decision a.b @ \"1\"", "decision a.b")
        .replace("because ok", "because ok @ \"1\"");
    assert_diagnostics!(uncited, ["E0511"]);
}

#[test]
fn decision_without_paragraf() {
    let text = format!(
        "{HEADER}enum Utfall {{ ja, nej }}\n\ndecision a.b {{\n  input n: Int\n  output utfall: Utfall\n  output skal\n  when n > 2 then {{ utfall: nej }} because for_manga\n  otherwise then {{ utfall: ja }} because ok\n}}\n"
    );
    assert_diagnostics!(text, ["E0512"]);
}

#[test]
fn a_reason_code_labelled_twice_differently() {
    let text = in_decision(
        "  input n: Int\n  require n >= 0 else negativt label \"Negativt tal\"\n  when n > 2 then { utfall: nej } because for_manga label \"För många\"\n  when n > 1 then { utfall: nej } because for_manga label \"Fler än ett\"\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["W0003"]);
}

#[test]
fn a_reason_code_labelled_the_same_twice_or_once_is_no_warning() {
    // The same label again, a place without a label, and a doc comment that says the same.
    let text = in_decision(
        "  input n: Int\n  when n > 2 then { utfall: nej } because for_manga label \"För många\"\n  when n > 1 then { utfall: nej } because for_manga label \"För många\"\n  when n > 0 then { utfall: nej } because for_manga\n  /// För många.\n  when n < 0 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    let (codes, rendered) = check(&text);
    assert!(codes.is_empty(), "{rendered}");
}

#[test]
fn uncited_parameter_is_a_warning() {
    let header = HEADER.lines().next().unwrap();
    let text = format!("{header}\nparam grans: Int = 2\n");
    let (codes, _) = check(&text);
    assert!(codes.contains(&"W0001"), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with('E')), "{codes:?}");
}

#[test]
fn citation_outside_coverage() {
    let text = in_decision(
        "  input n: Int\n  when n > 2 then { utfall: nej } because for_manga @ \"3.6.1\"\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0510"]);
}

// ---------------------------------------------------------------- the version header

const BODY: &str = "section \"1\" \"Ett\"\nenum Utfall { ja, nej }\n\ndecision a.b {\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  otherwise then { utfall: ja } because ok\n}\n";

#[test]
fn unknown_header_field() {
    let text = format!(
        "version \"2023\" {{\n  titel \"t\"\n  valid_from 2023-01-01\n  valid_to 2023-12-31\n  source \"s\"\n  covers [\"1\"]\n}}\n{BODY}"
    );
    assert_diagnostics!(text, ["E0502"]);
}

#[test]
fn missing_header_fields() {
    let text = format!("version \"2023\" {{\n  title \"t\"\n  covers [\"1\"]\n}}\n{BODY}");
    assert_diagnostics!(text, ["E0503"]);
}

#[test]
fn valid_to_before_valid_from() {
    let text = format!(
        "version \"2023\" {{\n  title \"t\"\n  valid_from 2023-12-31\n  valid_to 2023-01-01\n  source \"s\"\n  covers [\"1\"]\n}}\n{BODY}"
    );
    assert_diagnostics!(text, ["E0504"]);
}

#[test]
fn version_id_not_matching_folder() {
    let text = format!(
        "version \"2024\" {{ title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\"] }}\n{BODY}"
    );
    assert_diagnostics!(text, ["E0505"]);
}

#[test]
fn no_header() {
    assert_diagnostics!(BODY, ["E0500"]);
}

// ---------------------------------------------------------------- parameters

#[test]
fn parameter_cycle() {
    let text = in_decision(
        "  input n: Int\n  when n > a then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    )
    .replace(
        "enum Utfall",
        "param a: Int = b + 1\nparam b: Int = a * 2\n\nenum Utfall",
    );
    assert_diagnostics!(text, ["E0600"]);
}

#[test]
fn parameter_cycle_of_three() {
    let text = in_decision(
        "  input n: Int\n  when n > a then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    )
    .replace(
        "enum Utfall",
        "param a: Int = b + 1\nparam b: Int = c\nparam c: Int = a - 1\n\nenum Utfall",
    );
    assert_diagnostics!(text, ["E0600"]);
}

#[test]
fn parameter_reads_itself() {
    let text = in_decision(
        "  input n: Int\n  when n > a then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    )
    .replace("enum Utfall", "param a: Int = a + 1\n\nenum Utfall");
    assert_diagnostics!(text, ["E0600"]);
}

#[test]
fn unused_parameter() {
    let text = in_decision(
        "  input n: Int\n  when n > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    )
    .replace("enum Utfall", "param grans: Int = 2\n\nenum Utfall");
    assert_diagnostics!(text, ["W0002"]);
}

// ---------------------------------------------------------------- tests

/// A decision with inputs `datum` and `n`, a require and two rules, then `test`.
fn with_test(test: &str) -> String {
    in_decision(
        "  input datum: Date\n  input n: Int\n  require n >= 0 else negativt\n  when n > 2 then { utfall: nej } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    ) + "\n"
        + test
}

#[test]
fn unknown_decision_in_test() {
    let text = with_test(
        "test \"t\" {\n  decide a.c\n  given { datum: 2023-05-10, n: 1 }\n  expect { utfall: ja }\n}\n",
    );
    assert_diagnostics!(text, ["E0104"]);
}

#[test]
fn unknown_input_in_test() {
    let text = with_test(
        "test \"t\" {\n  decide a.b\n  given { datum: 2023-05-10, n: 1, antal: 2 }\n  expect { utfall: ja }\n}\n",
    );
    assert_diagnostics!(text, ["E0103"]);
}

#[test]
fn missing_input_in_test() {
    let text =
        with_test("test \"t\" {\n  decide a.b\n  given { n: 1 }\n  expect { utfall: ja }\n}\n");
    assert_diagnostics!(text, ["E0112"]);
}

#[test]
fn expected_rejection_no_require_gives() {
    let text = with_test(
        "test \"t\" {\n  decide a.b\n  given { datum: 2023-05-10, n: -1 }\n  expect rejected negativ\n}\n",
    );
    assert_diagnostics!(text, ["E0702"]);
}

#[test]
fn expected_skal_no_rule_gives() {
    let text = with_test(
        "test \"t\" {\n  decide a.b\n  given { datum: 2023-05-10, n: 5 }\n  expect { utfall: nej, skal: \"for_mang\" }\n}\n",
    );
    assert_diagnostics!(text, ["E0702"]);
}

#[test]
fn unknown_parameter_override_in_test() {
    let text = with_test(
        "test \"t\" {\n  decide a.b\n  given { datum: 2023-05-10, n: 1 }\n  with { grans: 3 }\n  expect { utfall: ja }\n}\n",
    );
    assert_diagnostics!(text, ["E0103"]);
}

#[test]
fn unknown_output_in_expectation() {
    let text = with_test(
        "test \"t\" {\n  decide a.b\n  given { datum: 2023-05-10, n: 1 }\n  expect { utfal: ja }\n}\n",
    );
    assert_diagnostics!(text, ["E0103"]);
}

#[test]
fn unknown_output_in_rule() {
    let text = in_decision(
        "  input n: Int\n  when n > 2 then { utfall: nej, belopp: 5 kr } because for_manga\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0103"]);
}

#[test]
fn require_condition_not_bool() {
    let text = in_decision(
        "  input avgift: Money?\n  require avgift else avgift_saknas\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0200"]);
}

#[test]
fn item_left_unfinished() {
    let text = format!(
        "{HEADER}param grans: Int =\n\nenum Utfall {{ ja, nej }}\n\ndecision a.b {{\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  otherwise then {{ utfall: ja }} because ok\n}}\n"
    );
    assert_diagnostics!(text, ["E0002"]);
}

// ---------------------------------------------------------------- two files

#[test]
fn duplicate_decision_across_files() {
    let decision = "decision a.b {\n  input n: Int\n  output utfall: Utfall\n  output paragraf\n  otherwise then { utfall: ja } because ok\n}\n";
    let first = format!("{HEADER}enum Utfall {{ ja, nej }}\n\n{decision}");
    let second = format!("section \"2\" \"Två\"\n\n{decision}");
    let (codes, rendered) = check_files(
        "2023",
        &[("2023/a.regel", &first), ("2023/b.regel", &second)],
    );
    assert_eq!(codes, ["E0102"], "\n{rendered}");
    insta::assert_snapshot!(rendered);
}

// ---------------------------------------------------------------- properties

#[test]
fn a_property_of_an_unknown_decision() {
    assert_diagnostics!(
        format!(
            "{}property \"p\" {{\n  decide a.c\n  expect utfall == ja\n}}\n",
            in_decision("  otherwise then { utfall: ja } because r\n")
        ),
        ["E0104"]
    );
}

#[test]
fn a_property_whose_claim_is_not_a_condition_or_names_nothing() {
    assert_diagnostics!(
        format!(
            "{}property \"p\" {{\n  decide a.b\n  when utfal == ja\n  expect 3\n}}\n",
            in_decision("  otherwise then { utfall: ja } because r\n")
        ),
        ["E0100", "E0200"]
    );
}

#[test]
fn weekday_of_a_number() {
    let text = in_decision(
        "  input n: Int\n  when weekday(n) == 3 then { utfall: nej } because onsdag\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["E0200"]);
}

#[test]
fn a_yes_no_value_labelled_by_a_name() {
    // An input, a `let` and an output of type Bool labelled by names; one labelled by a
    // statement, one with no label and a Bool? labelled by a name (warned as well).
    let text = in_decision(
        "  /// Regionens godkännande\n  input godkannande: Bool\n  /// Regionen har godkänt filialen\n  input godkand: Bool\n  input omarkt: Bool\n  /// Brist konstaterad\n  input brist: Bool? = null\n  /// Godkänd av båda\n  let bada = godkannande and godkand\n  /// Tillåtet\n  output tillatet: Bool = bada or omarkt\n  otherwise then { utfall: ja } because ok\n",
    );
    assert_diagnostics!(text, ["W0004", "W0004", "W0004", "W0004"]);
}

#[test]
fn a_variant_a_rule_tests_without_a_label() {
    // `e3` and `e5` are tested and unlabelled: warned. `e1` is labelled; `ingen` is only a
    // default, which no rule tests.
    let text = in_decision(
        "  input licens: Licens = ingen\n  when licens in [e3, e5] or licens == e1 then { utfall: ja } because ok\n  otherwise then { utfall: nej } because lag\n",
    ) + "\nenum Licens {\n  ingen,\n  /// E1\n  e1,\n  e3,\n  e5,\n}\n";
    assert_diagnostics!(text, ["W0005", "W0005"]);
}
