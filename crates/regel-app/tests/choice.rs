//! The choice of a version, as every front end makes it.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use regel_app::error::UNKNOWN_VERSION;
use regel_app::{Choice, Policies};

/// A version folder `name` valid from `from` to `to`, a draft when `draft`.
fn version(name: &str, from: &str, to: &str, draft: bool) -> regel_app::VersionFiles {
    let status = if draft { "status \"utkast\"" } else { "" };
    let header = format!(
        "version \"{name}\" {{ title \"t\" valid_from {from} valid_to {to} source \"s\" covers [\"1\"] {status} }}\nsection \"1\" \"Ett\"\n"
    );
    (name.into(), vec![(format!("{name}/b.regel"), header)])
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn drafts_alone_answer_only_when_named_and_the_error_lists_them() {
    let policies = Policies::new(vec![version("2024", "2024-01-01", "2024-12-31", true)]);
    let e = policies
        .choose(Choice {
            option: "--version",
            ..Choice::default()
        })
        .unwrap_err();
    assert_eq!(e.code, UNKNOWN_VERSION);
    assert_eq!(
        e.message,
        "no adopted version is loaded (a draft answers only when named): name one with --version"
    );
    assert_eq!(e.data.unwrap()["known"], serde_json::json!(["2024"]));
    let named = policies.choose(Choice {
        version: Some("2024"),
        ..Choice::default()
    });
    assert_eq!(policies.name(named.unwrap()), "2024");
}

#[test]
fn overlapping_versions_choose_none_and_the_error_says_how_to_name_one() {
    let policies = Policies::new(vec![
        version("a", "2023-01-01", "2023-12-31", false),
        version("b", "2023-06-01", "2024-12-31", false),
    ]);
    let choice = |date: &str, option| Choice {
        as_of: Some(day(date)),
        option,
        ..Choice::default()
    };
    let e = policies
        .choose(choice("2023-07-01", "`version`"))
        .unwrap_err();
    assert_eq!(
        e.message,
        "versions a and b are both in force on 2023-07-01 (their validity periods overlap); name one with `version`"
    );
    let e = policies
        .choose(choice("2023-07-01", "--version"))
        .unwrap_err();
    assert!(
        e.message.ends_with("name one with --version"),
        "{}",
        e.message
    );
    assert_eq!(
        policies.name(policies.choose(choice("2023-02-01", "")).unwrap()),
        "a"
    );
    // Without a name or a date: the newest adopted version.
    assert_eq!(
        policies.name(policies.choose(Choice::default()).unwrap()),
        "b"
    );
}

#[test]
fn a_date_only_a_draft_covers_names_the_draft_and_how_to_ask_for_it() {
    let policies = Policies::new(vec![
        version("2023", "2023-01-01", "2023-12-31", false),
        version("2024", "2024-01-01", "2024-12-31", true),
    ]);
    let choice = |date: &str| Choice {
        as_of: Some(day(date)),
        option: "--version",
        ..Choice::default()
    };
    let e = policies.choose(choice("2024-05-10")).unwrap_err();
    assert_eq!(e.code, UNKNOWN_VERSION);
    assert_eq!(
        e.message,
        "no adopted version is in force on 2024-05-10; the draft 2024 covers it and answers only when named: name it with --version"
    );
    assert_eq!(e.data.unwrap()["drafts"], serde_json::json!(["2024"]));
    // A date no version covers says only that.
    let e = policies.choose(choice("2025-01-01")).unwrap_err();
    assert_eq!(e.message, "no version is in force on 2025-01-01");
    assert!(e.data.unwrap().get("drafts").is_none());
}
