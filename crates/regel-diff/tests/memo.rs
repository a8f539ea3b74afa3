//! The memo's Swedish: counts, nouns and participles agree ("ett beslut tillagt", "en regel
//! borttagen", "två regler"), on small versions written inline.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{BASE, load};
use regel_compiler::Database;
use regel_diff::{Options, diff, render};

fn memo(old: &str, new: &str) -> String {
    let db = Database::default();
    let (a, b) = (load(&db, "old", old), load(&db, "new", new));
    render::markdown(&diff(&db, a, b, Options::default()))
}

/// One decision added, one rule removed, one parameter changed.
fn edited() -> String {
    let removed = BASE.replace(
        "  when kanal == Kanal.telefon\n    then { utfall: avslas }\n    because fel_kanal\n",
        "",
    );
    assert_ne!(removed, BASE);
    removed.replace("param max_byten: Int = 2", "param max_byten: Int = 3")
        + "\nsection \"2\" \"Gränser\"\n\ndecision val.ny {\n  input n: Int\n  output paragraf\n  otherwise\n    then {}\n    because ok\n}\n"
}

#[test]
fn nouns_numbers_and_participles_agree() {
    let md = memo(BASE, &edited());
    for phrase in [
        "Beslut `val.ny` tillagt",
        "Regel `fel_kanal` borttagen",
        "Två avsnitt med ändrat innehåll",
    ] {
        assert!(md.contains(phrase), "the memo lacks {phrase:?}:\n{md}");
    }
    for wrong in [
        "tillagd i",
        "1 ändrade",
        "1 borttagna",
        "1 tillagda",
        "first match",
    ] {
        assert!(!md.contains(wrong), "the memo says {wrong:?}:\n{md}");
    }
    insta::assert_snapshot!("agreement", md);
}

#[test]
fn one_of_each_is_said_in_the_singular() {
    let new = BASE.replace("param max_byten: Int = 2", "param max_byten: Int = 3");
    let md = memo(BASE, &new);
    assert!(md.contains("Ett avsnitt med ändrat innehåll"), "{md}");
    assert!(md.contains("En del har ändrats."), "{md}");
}

#[test]
fn a_reordering_is_named_in_swedish() {
    let new = BASE.replace(
        "  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n  when byten >= max_byten\n    then { utfall: avslas }\n    because for_manga @ \"2\"\n",
        "  when byten >= max_byten\n    then { utfall: avslas }\n    because for_manga @ \"2\"\n  when kanal == Kanal.e_tjanst\n    then { utfall: beviljas }\n    because e_tjanst\n",
    );
    let md = memo(BASE, &new);
    assert!(md.contains("Reglernas ordning ändrad"), "{md}");
    assert!(!md.contains("first match"), "{md}");
}
