//! Properties of the diff over versions made by applying random subsets of edits to one
//! fixture: a version diffed with itself is empty, and diff(a, b) mirrors diff(b, a).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{BASE, load};
use proptest::prelude::*;
use regel_compiler::Database;
use regel_diff::{ChangeKind, Options, Report, diff};

/// Edits an author might make, each keeping the version valid on its own and with the others.
const EDITS: &[(&str, &str)] = &[
    ("param max_byten: Int = 2", "param max_byten: Int = 3"),
    ("1000 kr", "1250 kr"),
    ("because for_manga @ \"2\"", "because for_manga @ \"1\""),
    ("  require byten >= 0 else negativa_byten\n", ""),
    (
        "enum Utfall { beviljas, avslas }",
        "enum Utfall { beviljas, avslas, vilande }",
    ),
    ("decision val.summa {", "decision val.total {"),
    (
        r#"Rad { kod: "a", belopp: 1 kr }"#,
        r#"Rad { kod: "a", belopp: 5 kr }"#,
    ),
    (r#", Rad { kod: "b", belopp: 2 kr }]"#, "]"),
    (
        "  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n",
        "",
    ),
    (
        "  input byten: Int\n",
        "  input byten: Int\n  input ny: Bool = false\n",
    ),
    (
        "  otherwise\n    then { utfall: beviljas }\n    because inom_gransen\n",
        "  when byten == 0\n    then { utfall: beviljas }\n    because inga_byten\n  otherwise\n    then { utfall: beviljas }\n    because inom_gransen\n",
    ),
];

fn version(edits: &[bool]) -> String {
    let mut text = BASE.to_owned();
    for ((from, to), on) in EDITS.iter().zip(edits) {
        if *on {
            text = text.replacen(from, to, 1);
        }
    }
    text
}

fn run(a: &str, b: &str) -> Report {
    let db = Database::default();
    let (va, vb) = (load(&db, "a", a), load(&db, "b", b));
    diff(&db, va, vb, Options { impact: true })
}

/// A change as direction-free facts: (section, kind, change, old, new).
type Fact = (String, String, ChangeKind, Option<String>, Option<String>);

fn facts(r: &Report, mirror: bool) -> Vec<Fact> {
    let mut out: Vec<Fact> = r
        .changes
        .iter()
        .map(|c| {
            let kind = format!("{:?}", c.kind);
            if !mirror {
                return (
                    c.section.clone(),
                    kind,
                    c.change,
                    c.old.clone(),
                    c.new.clone(),
                );
            }
            let change = match c.change {
                ChangeKind::Added => ChangeKind::Removed,
                ChangeKind::Removed => ChangeKind::Added,
                ChangeKind::Changed => ChangeKind::Changed,
            };
            (
                c.section.clone(),
                kind,
                change,
                c.new.clone(),
                c.old.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_version_diffed_with_itself_is_empty(edits in prop::collection::vec(any::<bool>(), EDITS.len())) {
        let v = version(&edits);
        let r = run(&v, &v);
        prop_assert!(r.changes.is_empty(), "{:#?}", r.changes);
        prop_assert_eq!(r.impact.as_ref().map(Vec::len), Some(0));
    }

    #[test]
    fn diff_a_b_mirrors_diff_b_a(
        ea in prop::collection::vec(any::<bool>(), EDITS.len()),
        eb in prop::collection::vec(any::<bool>(), EDITS.len()),
    ) {
        let (a, b) = (version(&ea), version(&eb));
        let (ab, ba) = (run(&a, &b), run(&b, &a));
        prop_assert_eq!(facts(&ab, true), facts(&ba, false));
        prop_assert_eq!((ab.summary.added, ab.summary.removed), (ba.summary.removed, ba.summary.added));
        // The same decisions are compared either way, with the same verdict and as many parts;
        // every witness gives different results in the two versions.
        let outcomes = |r: &Report| {
            let mut v: Vec<(String, bool, bool, usize)> = r
                .impact
                .iter()
                .flatten()
                .map(|i| (i.decision.clone(), i.equivalent, i.proved, i.changes.len()))
                .collect();
            v.sort();
            v
        };
        prop_assert_eq!(outcomes(&ab), outcomes(&ba));
        for c in ab.impact.iter().flatten().flat_map(|i| &i.changes) {
            prop_assert_ne!(&c.witness.old, &c.witness.new);
        }
        prop_assert_eq!(ab.changes.is_empty(), ea == eb || a == b);
    }
}
