//! Exact impact between two versions: the filial rule of 2020 → 2021 read from the text, a
//! parameter changed in a draft, a reordering that changes nothing, and the invariants (a
//! version against itself is equivalent; every witness replays).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use regel_compiler::{Database, load_version, program};
use regel_eval::Engine;
use regel_verify::Options;
use regel_verify::impact::{Branch, Impact, Unit, compare, outcome};

/// The engine of a bundled version folder, with `edit` applied to each file's text.
fn bundled(name: &str, edit: impl Fn(&str) -> String) -> Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .join(name);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let file = format!("{name}/{}", p.file_name().unwrap().to_string_lossy());
            (file, edit(&text))
        })
        .collect();
    files.sort();
    let db = Database::default();
    let version = load_version(&db, name, files);
    Engine::new(program(&db, version)).unwrap()
}

fn impact(old: &Engine, new: &Engine, decision: &str) -> Impact {
    let i = compare(old, new, decision, Options::default()).unwrap();
    assert!(i.internal.is_empty(), "{:?}", i.internal);
    assert!(i.unknown.is_empty(), "{:?}", i.unknown);
    i
}

/// The engine of a one-file version.
fn engine(body: &str) -> Engine {
    let header = "version \"2023\" { title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\"] }\nsection \"1\" \"Ett\"\n";
    let db = Database::default();
    let version = load_version(
        &db,
        "2023",
        vec![("2023/a.regel".into(), format!("{header}{body}"))],
    );
    Engine::new(program(&db, version)).unwrap()
}

/// Every witness gives different results in the two versions when run again here.
fn replayed(old: &Engine, new: &Engine, i: &Impact) {
    let (_, da) = old.program().decision(&i.decision).unwrap();
    let (_, db) = new.program().decision(&i.decision).unwrap();
    for c in &i.changes {
        let w = &c.witness;
        assert_eq!(outcome(old, da, &w.input), w.old);
        assert_eq!(outcome(new, db, &w.input), w.new);
        assert_ne!(w.old, w.new, "{w:?}");
    }
}

/// 2023 and a draft of it with the fine cap share of 3.10 raised from 10 % to 15 %.
fn fine_cap_draft() -> (Engine, Engine) {
    let new = bundled("2023", |t| {
        t.replace(
            "param vite_andel: Decimal = 10 %",
            "param vite_andel: Decimal = 15 %",
        )
    });
    (bundled("2023", str::to_owned), new)
}

#[test]
fn the_filial_rule_2020_to_2021() {
    // 4.5: 2021 drops "inom samma kommun"; a branch elsewhere is refused in 2020, allowed in
    // 2021; in the same municipality only the reason code changes.
    let (old, new) = (
        bundled("2020", str::to_owned),
        bundled("2021", str::to_owned),
    );
    let i = impact(&old, &new, "filial.etablering");
    replayed(&old, &new, &i);
    assert!(!i.equivalent && i.proved);
    assert_eq!(i.changes.len(), 2, "{i:#?}");
    let same = &i.changes[0];
    assert!(!same.outcome_change && same.everywhere);
    assert_eq!(same.outputs, ["skal"]);
    assert_eq!(same.witness.input["samma_kommun_som_huvudmottagning"], true);
    let other = &i.changes[1];
    assert!(other.outcome_change && other.everywhere);
    assert_eq!(other.outputs, ["tillatet", "skal"]);
    assert_eq!(
        other.witness.input["samma_kommun_som_huvudmottagning"],
        false
    );
    assert_eq!(other.witness.old["tillatet"], false);
    assert_eq!(other.witness.new["tillatet"], true);
    // One condition each: the 2020 rule's `when`, true in one part and false in the other.
    assert_eq!(same.condition.len(), 1);
    assert_eq!(other.condition.len(), 1);
    assert!(same.condition[0].holds && !other.condition[0].holds);
}

#[test]
fn a_draft_that_raises_the_fine_cap_share() {
    // 3.10 "högst 10 procent": a 2024 draft with 15 % changes the cap wherever a fine is
    // possible, and allows fines between the old and the new cap that were refused.
    let (old, new) = fine_cap_draft();
    let i = impact(&old, &new, "sanktion.vite");
    replayed(&old, &new, &i);
    assert!(!i.equivalent && i.proved);
    let refused_now_allowed = i
        .changes
        .iter()
        .find(|c| {
            matches!(&c.old, Branch::Rule { reason, .. } if reason == "overstiger_tak")
                && matches!(&c.new, Branch::Rule { reason, .. } if reason == "inom_tak")
        })
        .unwrap_or_else(|| panic!("{i:#?}"));
    assert!(refused_now_allowed.outcome_change);
    assert!(refused_now_allowed.outputs.contains(&"tillatet".to_owned()));
    // Nothing changes where no fine is possible: no change from or to the reason
    // `ej_storre_avvikelse` keeps that reason with another outcome.
    for c in &i.changes {
        if matches!(&c.old, Branch::Rule { reason, .. } if reason == "ej_storre_avvikelse") {
            panic!("no major deviation: the cap is 0 kr in both: {c:#?}");
        }
    }
    // Without the chance to comment, only the cap shown changes (it is an output).
    let no_comment = i
        .changes
        .iter()
        .find(|c| matches!(&c.old, Branch::Rule { reason, .. } if reason == "yttrande_saknas"))
        .unwrap();
    assert_eq!(no_comment.outputs, ["tak"]);
    assert!(
        !no_comment.everywhere,
        "a capitation of 0 kr gives the same cap"
    );
}

#[test]
fn reordering_disjoint_rules_changes_nothing() {
    let decision = |rules: &str| {
        engine(&format!(
            "enum U {{ ja, nej }}\ndecision d @ \"1\" {{\n  input x: Int\n  output u: U\n  output skal\n  output paragraf\n{rules}\n  otherwise then {{ u: nej }} because c @ \"1\"\n}}\n"
        ))
    };
    let a = "  when x < 5 then { u: ja } because a @ \"1\"\n  when x > 10 then { u: ja } because b @ \"1\"";
    let b = "  when x > 10 then { u: ja } because b @ \"1\"\n  when x < 5 then { u: ja } because a @ \"1\"";
    let (old, new) = (decision(a), decision(b));
    let i = impact(&old, &new, "d");
    assert!(i.equivalent && i.proved, "{i:#?}");
    // Overlapping rules reordered: the overlap changes reason, and only it.
    let c = "  when x < 5 then { u: ja } because a @ \"1\"\n  when x < 10 then { u: ja } because b @ \"1\"";
    let d = "  when x < 10 then { u: ja } because b @ \"1\"\n  when x < 5 then { u: ja } because a @ \"1\"";
    let (old, new) = (decision(c), decision(d));
    let i = impact(&old, &new, "d");
    replayed(&old, &new, &i);
    assert_eq!(i.changes.len(), 1, "{i:#?}");
    assert!(!i.changes[0].outcome_change);
    assert!(i.changes[0].witness.input["x"].as_i64().unwrap() < 5);
}

#[test]
fn every_decision_of_2023_is_equivalent_to_itself() {
    let (old, new) = (
        bundled("2023", str::to_owned),
        bundled("2023", str::to_owned),
    );
    for d in &new.program().decisions {
        let i = compare(&old, &new, &d.name, Options::default()).unwrap();
        assert!(i.equivalent && i.proved, "{i:#?}");
    }
}

#[test]
fn amounts_and_dates_say_how_far_they_move() {
    let decision = |price: &str, days: &str| {
        engine(&format!(
            "decision d @ \"1\" {{\n  input x: Int where x >= 0 and x <= 100\n  input start: Date\n  output v: Money = {price} * x\n  output sista: Date = start + {days} days\n  output paragraf\n  otherwise then {{}} because ok @ \"1\"\n}}\n"
        ))
    };
    let (old, new) = (decision("2 kr", "30"), decision("3.50 kr", "60"));
    let i = impact(&old, &new, "d");
    replayed(&old, &new, &i);
    assert_eq!(i.changes.len(), 1, "{i:#?}");
    let ranges = &i.changes[0].ranges;
    let v = ranges.iter().find(|r| r.output == "v").unwrap();
    assert_eq!(v.unit, Unit::Kronor);
    // x = 0 costs the same; x = 100 costs 150 kr more.
    assert_eq!(
        (v.least.as_deref(), v.most.as_deref()),
        (Some("0"), Some("150"))
    );
    let sista = ranges.iter().find(|r| r.output == "sista").unwrap();
    assert_eq!(sista.unit, Unit::Days);
    assert_eq!(
        (sista.least.as_deref(), sista.most.as_deref()),
        (Some("30"), Some("30"))
    );
    // The fine cap of 3.10 at 15 % instead of 10 %: no upper limit, as the capitation has none.
    let (old, new) = fine_cap_draft();
    let i = impact(&old, &new, "sanktion.vite");
    let tak = i
        .changes
        .iter()
        .flat_map(|c| &c.ranges)
        .find(|r| r.output == "tak")
        .unwrap_or_else(|| panic!("{i:#?}"));
    assert_eq!(
        (tak.least.as_deref(), tak.most.as_deref()),
        (Some("0"), None),
        "{tak:?}"
    );
}
