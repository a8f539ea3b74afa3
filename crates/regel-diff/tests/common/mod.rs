//! The small version the diff tests vary: a header, two sections of rules, a descriptive one.
#![allow(dead_code)]

use regel_compiler::{Database, Version};

pub const HEADER: &str = r#"
version "ID" {
  title "Test"
  valid_from 2023-01-01
  valid_to 2023-12-31
  source "x.txt"
  covers ["1", "2", "3"]
}
"#;

pub const BASE: &str = r#"
section "1" "Val"

enum Utfall { beviljas, avslas }

enum Kanal { brev, telefon, e_tjanst }

record Rad { kod: Text, belopp: Money }

/// The cap.
param max_byten: Int = 2
param grundbelopp: Money = 1000 kr
param rader: [Rad] = [Rad { kod: "a", belopp: 1 kr }, Rad { kod: "b", belopp: 2 kr }]

decision val.byte {
  input byten: Int
  input kanal: Kanal = Kanal.brev
  require byten >= 0 else negativa_byten
  output utfall: Utfall
  output skal
  output paragraf

  when kanal == Kanal.telefon
    then { utfall: avslas }
    because fel_kanal
  when kanal == Kanal.e_tjanst
    then { utfall: beviljas }
    because e_tjanst
  when byten >= max_byten
    then { utfall: avslas }
    because for_manga @ "2"
  otherwise
    then { utfall: beviljas }
    because inom_gransen
}

section "2" "Gränser"

decision val.summa {
  output summa: Money = grundbelopp + grundbelopp
  output paragraf
  otherwise
    then {}
    because summa
}

section "3" "Beskrivning" descriptive "no rule"
"#;

/// The header of version `id`.
pub fn header(id: &str) -> String {
    HEADER.replace("ID", id)
}

/// Loads `body` under a header as version `id`; the fixture must compile.
pub fn load(db: &Database, id: &str, body: &str) -> Version {
    let file = (format!("{id}/a.regel"), header(id) + body);
    regel_testing::load_checked(db, id, vec![file], &[])
}
