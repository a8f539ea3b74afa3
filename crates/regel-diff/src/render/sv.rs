//! Swedish agreement: nouns with their gender and plural, numbers as words in running text
//! (one to twelve, as Swedish prose writes them: "en regel", "två regler", "ett villkor"),
//! and participles that agree with the noun ("beslutet tillagt", "regeln tillagd",
//! "delarna tillagda").

use crate::model::{ChangeKind, Kind};

/// A noun: singular, plural, and whether it is an `ett` word (neuter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Noun {
    pub sg: &'static str,
    pub pl: &'static str,
    pub ett: bool,
}

const fn en(sg: &'static str, pl: &'static str) -> Noun {
    Noun { sg, pl, ett: false }
}

const fn ett(sg: &'static str, pl: &'static str) -> Noun {
    Noun { sg, pl, ett: true }
}

pub(crate) const DEL: Noun = en("del", "delar");
pub(crate) const AVSNITT: Noun = ett("avsnitt", "avsnitt");
pub(crate) const BESLUT: Noun = ett("beslut", "beslut");

/// What a kind of change is called, as a noun.
pub(crate) fn kind_noun(kind: Kind) -> Noun {
    match kind {
        Kind::Param => en("parameter", "parametrar"),
        Kind::Element => ett("listelement", "listelement"),
        Kind::Enum => en("uppräkning", "uppräkningar"),
        Kind::Variant => en("variant", "varianter"),
        Kind::Record => en("posttyp", "posttyper"),
        Kind::Field => ett("fält", "fält"),
        Kind::Decision => BESLUT,
        Kind::Input => ett("indatafält", "indatafält"),
        Kind::Output => ett("utdatafält", "utdatafält"),
        Kind::Let => ett("mellanvärde", "mellanvärden"),
        Kind::Require => en("förutsättning", "förutsättningar"),
        Kind::Rule => en("regel", "regler"),
        Kind::Order => en("regelordning", "regelordningar"),
        Kind::Value => ett("värde", "värden"),
    }
}

/// A change of one part in Swedish: its kind as a noun and the participle agreeing with it
/// (`("regel", "ändrad")`, `("beslut", "tillagt")`), for the language server's hover.
pub fn change_words(kind: Kind, change: ChangeKind) -> (&'static str, &'static str) {
    let noun = kind_noun(kind);
    (noun.sg, participle(change, noun, false))
}

/// `n` in running text: one to twelve as words, agreeing with the noun's gender; larger
/// numbers as digits.
pub(crate) fn number(n: usize, ett_word: bool) -> String {
    const WORDS: [&str; 11] = [
        "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
    ];
    match n {
        0 => if ett_word { "inget" } else { "ingen" }.to_owned(),
        1 => if ett_word { "ett" } else { "en" }.to_owned(),
        2..=12 => WORDS.get(n - 2).copied().unwrap_or_default().to_owned(),
        _ => n.to_string(),
    }
}

/// `n` and the noun in the number it takes: "en regel", "två regler", "inga regler".
pub(crate) fn count(n: usize, noun: Noun) -> String {
    match n {
        0 => format!("inga {}", noun.pl),
        1 => format!("{} {}", number(1, noun.ett), noun.sg),
        _ => format!("{} {}", number(n, noun.ett), noun.pl),
    }
}

/// The participle of a change, agreeing with a noun in the singular (`plural` false) or the
/// plural: tillagd / tillagt / tillagda.
pub(crate) fn participle(change: ChangeKind, noun: Noun, plural: bool) -> &'static str {
    let forms = match change {
        ChangeKind::Added => ["tillagd", "tillagt", "tillagda"],
        ChangeKind::Removed => ["borttagen", "borttaget", "borttagna"],
        ChangeKind::Changed => ["ändrad", "ändrat", "ändrade"],
    };
    match (plural, noun.ett) {
        (true, _) => forms[2],
        (false, false) => forms[0],
        (false, true) => forms[1],
    }
}

/// What happened to `n` parts in the perfect tense: "har lagts till", "har tagits bort",
/// "har ändrats" (the same for one and many).
pub(crate) fn perfect(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "har lagts till",
        ChangeKind::Removed => "har tagits bort",
        ChangeKind::Changed => "har ändrats",
    }
}

/// The first letter in upper case.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parts joined as Swedish lists them: "a, b och c".
pub(crate) fn join_och(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_gender_and_number() {
        let regel = kind_noun(Kind::Rule);
        let villkor = ett("villkor", "villkor");
        assert_eq!(count(1, regel), "en regel");
        assert_eq!(count(2, regel), "två regler");
        assert_eq!(count(1, villkor), "ett villkor");
        assert_eq!(count(3, villkor), "tre villkor");
        assert_eq!(count(0, DEL), "inga delar");
        assert_eq!(count(12, DEL), "tolv delar");
        assert_eq!(count(19, DEL), "19 delar");
        assert_eq!(count(1, BESLUT), "ett beslut");
    }

    #[test]
    fn participles_agree_with_the_noun() {
        let regel = kind_noun(Kind::Rule);
        assert_eq!(participle(ChangeKind::Added, BESLUT, false), "tillagt");
        assert_eq!(participle(ChangeKind::Added, regel, false), "tillagd");
        assert_eq!(participle(ChangeKind::Removed, regel, true), "borttagna");
        assert_eq!(participle(ChangeKind::Removed, BESLUT, false), "borttaget");
        assert_eq!(participle(ChangeKind::Changed, DEL, true), "ändrade");
        assert_eq!(participle(ChangeKind::Changed, AVSNITT, false), "ändrat");
    }

    #[test]
    fn lists_and_capitals() {
        let parts = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(join_och(&parts), "a, b och c");
        assert_eq!(join_och(&parts[..1]), "a");
        assert_eq!(capitalize("två regler"), "Två regler");
        assert_eq!(capitalize("ändrad"), "Ändrad");
    }
}
