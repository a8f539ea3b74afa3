//! The names an item's check resolved ([`item_names`]): every use points at the definition
//! the checker chose, with the type it found, and a change that only moves names does not
//! re-assemble the program.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_compiler::ty::Ty;
use regel_compiler::{
    Database, Def, ItemKey, ItemTag, Version, item_index, item_names, load_version, program,
};
use salsa::Setter;

const TEXT: &str = r#"version "2023" { title "t" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1"] }
section "1" "Ett"
param grans: Int = 2
param lista: [Int] = []
enum Utfall { ja, nej }
record Rad { belopp: Int }

decision a.val {
  input n: Int
  input rader: [Rad]
  output lista: [Int] = lista
  output utfall: Utfall
  output skal
  output paragraf
  let stora = count(rader, r => r.belopp > grans)
  require n >= 0 else negativ
  when stora >= n then { utfall: Utfall.nej } because over
  otherwise then { utfall: ja } because under
}

test "över" {
  decide a.val
  given { n: 0, rader: [Rad { belopp: 3 }] }
  expect { utfall: nej, skal: "over" }
}

property "ja under" {
  decide a.val
  when stora_namn_finns_inte == 1
  expect n >= 0
}
"#;

fn load(db: &Database, text: &str) -> Version {
    load_version(db, "2023", vec![("2023/a.regel".into(), text.to_owned())])
}

fn key(db: &Database, version: Version, tag: ItemTag) -> ItemKey {
    item_index(db, version).of(tag).next().unwrap().key
}

/// What the name at the `nth` `needle` of the item (counted from the item's first byte)
/// refers to, whether it defines it, and its type.
fn at(
    db: &Database,
    version: Version,
    key: ItemKey,
    needle: &str,
    nth: usize,
) -> (Def, bool, Option<Ty>) {
    let (file, offset) = regel_compiler::item_location(db, version, key).unwrap();
    let text = file.text(db);
    let start = text[offset as usize..]
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {needle:?}"))
        .0 as u32;
    let names = item_names(db, version, key);
    let found = names
        .uses
        .iter()
        .find(|u| u.span.start == start)
        .unwrap_or_else(|| panic!("no name at {needle:?}: {names:?}"));
    (found.def.clone(), found.defines, found.ty.clone())
}

fn local(name: &str) -> Def {
    Def::Local {
        decision: "a.val".into(),
        name: name.into(),
    }
}

#[test]
fn every_name_of_a_decision_points_at_what_the_checker_resolved() {
    let db = Database::default();
    let version = load(&db, TEXT);
    let d = key(&db, version, ItemTag::Decision);
    // A `let` defines a local with the type the checker inferred; a use carries it too.
    assert_eq!(
        at(&db, version, d, "stora", 0),
        (local("stora"), true, Some(Ty::Int))
    );
    assert_eq!(
        at(&db, version, d, "stora", 1),
        (local("stora"), false, Some(Ty::Int))
    );
    // The lambda parameter is known by where it is bound; its field, by its record.
    let (lambda, defines, _) = at(&db, version, d, "r =>", 0);
    assert!(defines && matches!(lambda, Def::Lambda { ref name, .. } if name == "r"));
    assert_eq!(at(&db, version, d, "r.belopp", 0).0, lambda);
    let field = at(&db, version, d, "belopp", 0);
    assert_eq!(
        field.0,
        Def::Field {
            ty: "Rad".into(),
            name: "belopp".into()
        }
    );
    assert_eq!(field.2, Some(Ty::Int));
    assert_eq!(
        at(&db, version, d, "grans", 0).0,
        Def::Param("grans".into())
    );
    // `output lista = lista`: outputs are not in scope, so the value reads the parameter.
    assert_eq!(at(&db, version, d, "lista", 0).0, local("lista"));
    assert_eq!(
        at(&db, version, d, "lista", 1).0,
        Def::Param("lista".into())
    );
    // A bare variant goes to the enum its place expects; a qualified one names its enum.
    let ja = Def::Variant {
        ty: "Utfall".into(),
        name: "ja".into(),
    };
    assert_eq!(at(&db, version, d, "ja }", 0).0, ja);
    assert_eq!(
        at(&db, version, d, "Utfall.nej", 0).0,
        Def::Type("Utfall".into())
    );
    // Reason codes are defined where a rule or a `require` gives them.
    let over = Def::Reason {
        decision: "a.val".into(),
        code: "over".into(),
    };
    assert_eq!(at(&db, version, d, "over", 0), (over, true, None));
    assert!(at(&db, version, d, "negativ", 0).1);
}

#[test]
fn tests_and_properties_refer_to_the_decisions_members() {
    let db = Database::default();
    let version = load(&db, TEXT);
    let t = key(&db, version, ItemTag::Test);
    assert_eq!(
        at(&db, version, t, "a.val", 0).0,
        Def::Decision("a.val".into())
    );
    assert_eq!(at(&db, version, t, "rader", 0).0, local("rader"));
    assert_eq!(
        at(&db, version, t, "belopp", 0).0.clone(),
        Def::Field {
            ty: "Rad".into(),
            name: "belopp".into()
        }
    );
    assert_eq!(
        at(&db, version, t, "\"over\"", 0).0,
        Def::Reason {
            decision: "a.val".into(),
            code: "over".into()
        }
    );
    let p = key(&db, version, ItemTag::Property);
    assert_eq!(
        at(&db, version, p, "n >= 0", 0),
        (local("n"), false, Some(Ty::Int))
    );
    // An unknown name resolves to nothing (the checker reports it).
    let names = item_names(&db, version, p);
    assert!(
        !names
            .uses
            .iter()
            .any(|u| u.span.end - u.span.start == "stora_namn_finns_inte".len() as u32),
        "{names:?}"
    );
}

#[test]
fn spaces_inside_an_item_change_its_names_not_the_program() {
    let (mut db, log) = Database::with_execution_log();
    let version = load(&db, TEXT);
    let d = key(&db, version, ItemTag::Decision);
    let before = item_names(&db, version, d);
    let program_before = program(&db, version);
    log.lock().unwrap().clear();
    let file = version.files(&db)[0];
    file.set_text(&mut db)
        .to(TEXT.replacen("stora >= n", "stora  >=  n", 1));
    let after = item_names(&db, version, d);
    assert_ne!(before, after, "the names after the edit moved");
    let program_after = program(&db, version);
    assert!(
        std::sync::Arc::ptr_eq(&program_before, &program_after),
        "the program is the same: {:?}",
        log.lock().unwrap()
    );
}
