//! The diff's meaning, on small versions written inline: what is a change and what is not.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{BASE, header, load};
use regel_compiler::{Database, load_version};
use regel_diff::{Change, ChangeKind, Coverage, Kind, Options, Report, diff};

fn report(old: &str, new: &str, impact: bool) -> Report {
    let db = Database::default();
    let (a, b) = (load(&db, "old", old), load(&db, "new", new));
    diff(&db, a, b, Options { impact })
}

fn changes(r: &Report) -> Vec<&Change> {
    r.changes.iter().collect()
}

fn edited(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "fixture lacks {from:?}");
    BASE.replacen(from, to, 1)
}

#[test]
fn layout_and_comments_are_not_changes() {
    let new = BASE
        .replace(
            "  when byten >= max_byten\n",
            "  // the cap\n  when   byten>=max_byten\n",
        )
        .replace("/// The cap.\n", "/// The cap.\n// note\n")
        .replace("1000 kr", "1000.00 kr");
    let r = report(BASE, &new, false);
    assert!(changes(&r).is_empty(), "{:#?}", r.changes);
}

#[test]
fn a_changed_doc_comment_of_an_input_is_a_change_of_its_own() {
    let old = BASE.replace(
        "  input byten: Int\n",
        "  /// Antal byten\n  input byten: Int\n",
    );
    let new = BASE.replace(
        "  input byten: Int\n",
        "  /// Antal tidigare byten\n  input byten: Int\n",
    );
    let r = report(&old, &new, false);
    let all = changes(&r);
    assert_eq!(all.len(), 1, "{all:#?}");
    let c = all[0];
    assert_eq!(
        (c.kind, c.name.as_str(), c.owner.as_deref()),
        (Kind::Input, "byten", Some("val.byte"))
    );
    let doc = c.doc.as_ref().unwrap();
    assert_eq!(
        (doc.old.as_deref(), doc.new.as_deref()),
        (Some("Antal byten"), Some("Antal tidigare byten"))
    );
    assert_eq!(c.label.as_deref(), Some("Antal tidigare byten"));
}

#[test]
fn a_changed_doc_comment_is_a_change_of_its_own() {
    // The doc comment is where the policy explains the text and the reading it chose.
    let new = BASE.replace("/// The cap.\n", "/// The cap, reworded.\n");
    let r = report(BASE, &new, false);
    let all = changes(&r);
    assert_eq!(all.len(), 1, "{all:#?}");
    let c = all[0];
    assert_eq!(
        (c.kind, c.change, c.name.as_str()),
        (Kind::Param, ChangeKind::Changed, "max_byten")
    );
    let doc = c.doc.as_ref().unwrap();
    assert_eq!(doc.old.as_deref(), Some("The cap."));
    assert_eq!(doc.new.as_deref(), Some("The cap, reworded."));
    assert_eq!((c.old.as_deref(), c.new.as_deref()), (None, None));
    assert_eq!(r.summary.changed, 1);
    let md = regel_diff::render::markdown(&r);
    assert!(md.contains("beskrivningen ändrad"), "{md}");
    assert!(md.contains("~~cap.~~ **cap, reworded.**"), "{md}");
    let html = regel_diff::render::html(&r);
    assert!(
        html.contains("<del>cap.</del> <ins>cap, reworded.</ins>"),
        "{html}"
    );
}

#[test]
fn reordering_rules_that_cannot_both_match_is_not_a_change() {
    // `kanal == telefon` and `kanal == e_tjanst` exclude each other.
    let new = BASE.replace(
        "  when kanal == Kanal.telefon\n    then { utfall: avslas }\n    because fel_kanal\n  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n",
        "  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n  when kanal == Kanal.telefon\n    then { utfall: avslas }\n    because fel_kanal\n",
    );
    assert_ne!(new, BASE);
    assert!(changes(&report(BASE, &new, false)).is_empty());
}

#[test]
fn reordering_rules_that_may_both_match_is_a_change_of_first_match() {
    let new = BASE.replace(
        "  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n  when byten >= max_byten\n    then { utfall: avslas }\n    because for_manga @ \"2\"\n",
        "  when byten >= max_byten\n    then { utfall: avslas }\n    because for_manga @ \"2\"\n  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n",
    );
    assert_ne!(new, BASE);
    let r = report(BASE, &new, false);
    let all = changes(&r);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        (all[0].kind, all[0].change),
        (Kind::Order, ChangeKind::Changed)
    );
    assert_eq!(
        all[0].old.as_deref(),
        Some("fel_kanal, e_tjanst, for_manga, inom_gransen")
    );
    assert_eq!(
        all[0].new.as_deref(),
        Some("fel_kanal, for_manga, e_tjanst, inom_gransen")
    );
}

#[test]
fn a_changed_rule_shows_old_and_new_with_its_reason_code_and_citation() {
    let new = edited("because for_manga @ \"2\"", "because over_gransen @ \"1\"");
    let r = report(BASE, &new, false);
    let rule = changes(&r)
        .into_iter()
        .find(|c| c.kind == Kind::Rule)
        .unwrap();
    assert_eq!(rule.change, ChangeKind::Changed);
    assert_eq!(rule.owner.as_deref(), Some("val.byte"));
    let reason = rule.reason.as_ref().unwrap();
    assert_eq!(
        (reason.old.as_deref(), reason.new.as_deref()),
        (Some("for_manga"), Some("over_gransen"))
    );
    let cite = rule.citation.as_ref().unwrap();
    assert_eq!(
        (cite.old.as_deref(), cite.new.as_deref()),
        (Some("2"), Some("1"))
    );
    assert_eq!(
        rule.old.as_deref(),
        Some("when byten >= max_byten\n  then { utfall: avslas }\n  because for_manga @ \"2\"")
    );
    // A rule citing its own section is reported there.
    assert_eq!(rule.section, "1");
}

#[test]
fn rules_and_requires_added_and_removed() {
    let new = edited("  require byten >= 0 else negativa_byten\n", "")
        .replace(
            "  otherwise\n    then { utfall: beviljas }\n    because inom_gransen\n",
            "  when byten == 1\n    then { utfall: beviljas }\n    because ett_byte\n  otherwise\n    then { utfall: beviljas }\n    because inom_gransen\n",
        );
    let r = report(BASE, &new, false);
    let got: Vec<(Kind, ChangeKind, &str)> = changes(&r)
        .iter()
        .map(|c| (c.kind, c.change, c.name.as_str()))
        .collect();
    assert!(
        got.contains(&(Kind::Require, ChangeKind::Removed, "negativa_byten")),
        "{got:?}"
    );
    assert!(
        got.contains(&(Kind::Rule, ChangeKind::Added, "ett_byte")),
        "{got:?}"
    );
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn parameters_report_old_new_and_the_change() {
    let new = edited("param max_byten: Int = 2", "param max_byten: Int = 3");
    let r = report(BASE, &new, false);
    let all = changes(&r);
    let p = all.iter().find(|c| c.kind == Kind::Param).unwrap();
    let d = p.delta.as_ref().unwrap();
    assert_eq!(
        (d.old.as_str(), d.new.as_str(), d.absolute.as_str()),
        ("2", "3", "1")
    );
    assert_eq!(d.percent.as_deref(), Some("50.0"));
    assert_eq!(p.new.as_deref(), Some("param max_byten: Int = 3"));
}

#[test]
fn computed_values_of_input_free_decisions_follow_their_parameters() {
    let new = edited("1000 kr", "1250 kr");
    let r = report(BASE, &new, false);
    let value = changes(&r)
        .into_iter()
        .find(|c| c.kind == Kind::Value)
        .unwrap();
    assert_eq!(
        (value.owner.as_deref(), value.name.as_str()),
        (Some("val.summa"), "summa")
    );
    let d = value.delta.as_ref().unwrap();
    assert_eq!(
        (d.unit.as_str(), d.absolute.as_str(), d.percent.as_deref()),
        ("money", "500.00", Some("25.0"))
    );
}

#[test]
fn list_elements_are_added_removed_and_changed_by_their_key() {
    let new = edited(
        r#"[Rad { kod: "a", belopp: 1 kr }, Rad { kod: "b", belopp: 2 kr }]"#,
        r#"[Rad { kod: "b", belopp: 3 kr }, Rad { kod: "c", belopp: 1 kr }]"#,
    );
    let r = report(BASE, &new, false);
    let mut got: Vec<(ChangeKind, &str)> = changes(&r)
        .iter()
        .filter(|c| c.kind == Kind::Element)
        .map(|c| (c.change, c.name.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (ChangeKind::Added, "kod: \"c\""),
            (ChangeKind::Removed, "kod: \"a\""),
            (ChangeKind::Changed, "kod: \"b\"")
        ]
    );
    assert!(
        !changes(&r).iter().any(|c| c.kind == Kind::Param),
        "elements say it all"
    );
}

#[test]
fn enum_variants_and_record_fields() {
    let new = edited(
        "enum Utfall { beviljas, avslas }",
        "enum Utfall { beviljas, avslas, vilande }",
    )
    .replace(
        "record Rad { kod: Text, belopp: Money }",
        "record Rad { kod: Text, belopp: Money, anm: Text? }",
    )
    .replace(
        "Rad { kod: \"a\", belopp: 1 kr }",
        "Rad { kod: \"a\", belopp: 1 kr, anm: null }",
    )
    .replace(
        "Rad { kod: \"b\", belopp: 2 kr }",
        "Rad { kod: \"b\", belopp: 2 kr, anm: null }",
    );
    let r = report(BASE, &new, false);
    let all = changes(&r);
    assert!(
        all.iter().any(|c| (c.kind, c.change, c.name.as_str())
            == (Kind::Variant, ChangeKind::Added, "vilande"))
    );
    let field = all.iter().find(|c| c.kind == Kind::Field).unwrap();
    assert_eq!(
        (field.change, field.new.as_deref()),
        (ChangeKind::Added, Some("anm: Text?"))
    );
}

#[test]
fn a_renamed_decision_in_the_same_section_is_one_change() {
    let new = edited("decision val.summa {", "decision val.total {");
    let r = report(BASE, &new, false);
    let all = changes(&r);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].renamed_from.as_deref(), Some("val.summa"));
    assert_eq!(all[0].name, "val.total");
}

#[test]
fn coverage_tells_not_covered_from_descriptive() {
    let new = edited(
        "section \"3\" \"Beskrivning\" descriptive \"no rule\"",
        "section \"3\" \"Beskrivning\"\n\nparam ny: Int = 1 @ \"3\"",
    );
    let r = report(BASE, &new, false);
    let s3 = r.sections.iter().find(|s| s.number == "3").unwrap();
    assert_eq!(
        (s3.old.coverage, s3.new.coverage),
        (Coverage::Descriptive, Coverage::Encoded)
    );
    let fewer = header("b").replace(r#"["1", "2", "3"]"#, r#"["1", "2"]"#);
    let db = Database::default();
    let a = load_version(&db, "a", vec![("a/a.regel".into(), header("a") + BASE)]);
    let b = load_version(&db, "b", vec![("b/a.regel".into(), fewer + BASE)]);
    let r = diff(&db, a, b, Options::default());
    let s3 = r.sections.iter().find(|s| s.number == "3").unwrap();
    assert_eq!(
        (s3.old.coverage, s3.new.coverage),
        (Coverage::Descriptive, Coverage::NotCovered)
    );
}

#[test]
fn impact_proves_the_only_changed_part_of_a_raised_cap() {
    let new = edited("param max_byten: Int = 2", "param max_byten: Int = 3");
    let r = report(BASE, &new, true);
    let impact = r.impact.as_ref().unwrap();
    assert_eq!(impact.len(), 1, "{impact:#?}");
    let i = &impact[0];
    assert_eq!(i.decision, "val.byte");
    assert!(i.proved && !i.equivalent, "{i:#?}");
    assert_eq!(i.parameters.len(), 1);
    assert_eq!(i.parameters[0].name, "max_byten");
    // Exactly byten = 2 changes, from refused to allowed: one part, proved the only one.
    assert_eq!(i.changes.len(), 1, "{i:#?}");
    let c = &i.changes[0];
    assert!(c.outcome_change && c.everywhere);
    assert_eq!(c.witness.input["byten"], 2);
    assert_eq!(c.witness.old["skal"], "for_manga");
    assert_eq!(c.witness.new["skal"], "inom_gransen");
    let same = report(BASE, BASE, true);
    assert_eq!(same.impact.as_deref(), Some(&[][..]));
}

/// The editor asks for the diff with every lens and hover: it is computed once per pair of
/// versions, again only after an edit, and is the same report `diff` gives.
#[test]
fn the_structural_diff_is_memoised_until_an_edit() {
    use salsa::Setter;
    let (mut db, log) = Database::with_execution_log();
    let (a, b) = (
        load(&db, "old", BASE),
        load(&db, "new", &edited("= 2", "= 3")),
    );
    let runs = |log: &regel_compiler::ExecutionLog| {
        let log = log.lock().unwrap();
        log.iter().filter(|q| q.starts_with("structural(")).count()
    };
    let first = regel_diff::structural(&db, a, b).clone();
    assert_eq!(first, diff(&db, a, b, Options::default()));
    assert_eq!(first.changes.len(), 1, "{first:#?}");
    regel_diff::structural(&db, a, b);
    assert_eq!(runs(&log), 1);

    let file = b.files(&db)[0];
    let text = file.text(&db).replacen("= 3", "= 4", 1);
    file.set_text(&mut db).to(text);
    let again = regel_diff::structural(&db, a, b).clone();
    assert_eq!(runs(&log), 2);
    assert_ne!(again, first);
}
