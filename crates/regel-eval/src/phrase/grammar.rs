//! Swedish word order on label text: a statement split at its finite verb, denied, put as a
//! subordinate clause or with its verb first; clauses and lists joined.

use regel_compiler::labels::finite_verb;

/// A statement split at its finite verb (the lexicon in `regel_compiler::labels`):
/// `("dagen", "är", "en vardag")`. A verb of a clause inside the subject (`den läkare som är
/// i tjänst är …`) is passed over; a label that begins with its verb, or has none, is no
/// statement.
pub fn statement(label: &str) -> Option<(String, String, String)> {
    let at = finite_verb(label)?;
    let words: Vec<&str> = label.split(' ').collect();
    let verb = (*words.get(at)?).to_owned();
    let rest = words.get(at + 1..).unwrap_or_default().join(" ");
    Some((words[..at].join(" "), verb, rest))
}

/// The word order of a clause: a main clause (`kravet är inte uppfyllt`), a subordinate one
/// (`kravet inte är uppfyllt`), or a main clause with its verb first, as after a subordinate
/// clause (`är kravet inte uppfyllt`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    Main,
    Subordinate,
    VerbFirst,
}

/// The statement `label` holding or not, in the word order `order`; `None` for a label that
/// is no statement. The one place a statement is denied: a label that denies ("… uppfyller
/// inte kraven") not holding loses its "inte", "det finns X" finds none ("inga X", after "om"
/// "inte … några X"), an indefinite subject is denied by its article ("inget FU-stopp
/// pågår"); anything else gains an "inte" where the word order puts it.
fn in_order(label: &str, holds: bool, order: Order) -> Option<String> {
    let (mut subject, mut verb, rest) = statement(label)?;
    // "inte" as a word of its own, the last one too ("… erbjuds inte").
    let (denies, mut rest) = match rest.strip_prefix("inte") {
        Some(after) if after.is_empty() || after.starts_with(' ') => {
            (true, after.trim_start().to_owned())
        }
        _ => (false, rest),
    };
    let mut not = denies == holds;
    if not && !denies {
        if let Some(none) = nothing_found(&subject, &verb, &rest, order != Order::Subordinate) {
            // "det finns inga brister", but "det inte finns några brister".
            (not, rest) = (order == Order::Subordinate, none);
        } else if let Some(none) = no_one(&subject) {
            (not, subject) = (false, none);
        } else if verb == "saknas" {
            // "regionens godkännande finns", not the double negative "… saknas inte".
            (not, verb) = (false, "finns".to_owned());
        }
    }
    Some(arranged(&subject, &verb, not, &rest, order))
}

/// A clause of known parts in the word order `order`, with "inte" (`not`) where the order
/// puts it: after the verb in a main clause, before it in a subordinate one.
pub(super) fn arranged(subject: &str, verb: &str, not: bool, rest: &str, order: Order) -> String {
    let not = if not { " inte" } else { "" };
    let rest = spaced(rest);
    match order {
        Order::Main => format!("{subject} {verb}{not}{rest}"),
        Order::Subordinate => format!("{subject}{not} {verb}{rest}"),
        Order::VerbFirst => format!("{verb} {subject}{not}{rest}"),
    }
}

/// A condition that does not hold, in a subordinate clause: `dagen inte är en vardag`,
/// `det inte finns några särskilda skäl`, `leverantören uppfyller kraven` for a label that
/// denies (`… uppfyller inte kraven`), or `inte särskilda skäl` for a label that is no
/// statement.
pub fn negated(clause: &str) -> String {
    in_order(clause, false, Order::Subordinate).unwrap_or_else(|| format!("inte {clause}"))
}

/// An indefinite subject denied by its article: "ett FU-stopp" → "inget FU-stopp" ("inget
/// FU-stopp pågår", not "ett FU-stopp pågår inte"); `None` for another subject.
fn no_one(subject: &str) -> Option<String> {
    let (article, rest) = subject.split_once(' ')?;
    let none = match article {
        "en" => "ingen",
        "ett" => "inget",
        "En" => "Ingen",
        "Ett" => "Inget",
        _ => return None,
    };
    Some(format!("{none} {rest}"))
}

/// A statement in a subordinate clause's word order: a `inte` after the verb moves before it
/// ("regionens godkännande inte kom före ikraftträdandet"); anything else stays as it is.
pub fn subordinate(clause: &str) -> String {
    in_order(clause, true, Order::Subordinate).unwrap_or_else(|| clause.to_owned())
}

/// A statement with its verb first, as it stands after a subordinate clause (`avslås bytet`,
/// `finns det inga särskilda skäl`, or `godtas begäran inte` when it does not hold); `None`
/// for a label that is no statement. The subject keeps its case: the caller has put it as it
/// stands inside a sentence.
pub fn verb_first(label: &str, holds: bool) -> Option<String> {
    in_order(label, holds, Order::VerbFirst)
}

/// A statement as a main clause that holds or not: `begäran godtas inte`, `kravet är uppfyllt`,
/// `det finns inga särskilda skäl`; `None` for a label that is no statement.
pub fn stated(label: &str, holds: bool) -> Option<String> {
    in_order(label, holds, Order::Main)
}

/// What `det finns X` finds when it finds nothing: `inga X` in a main clause ("det finns inga
/// särskilda skäl", "det finns ingen enhet"), `några X` in a subordinate one ("om det inte finns
/// några brister"); `None` for a statement of another shape.
fn nothing_found(subject: &str, verb: &str, rest: &str, main: bool) -> Option<String> {
    let det_finns = subject.eq_ignore_ascii_case("det") && verb == "finns";
    // "Hälsocentralen har inget beviljat listningsstopp", "personen erbjuds ingen
    // hälsoundersökning", not "har inte ett …", "erbjuds inte en …": what one has, is offered
    // or is given is denied by its article.
    let har_en = matches!(verb, "har" | "erbjuds" | "ges" | "får")
        && (rest.starts_with("en ") || rest.starts_with("ett "));
    if !(det_finns || har_en) || rest.is_empty() {
        return None;
    }
    let (first, noun) = rest.split_once(' ').unwrap_or((rest, ""));
    let (none, any, noun) = match first {
        "en" | "någon" if !noun.is_empty() => ("ingen", "någon", noun),
        "ett" | "något" if !noun.is_empty() => ("inget", "något", noun),
        "några" if !noun.is_empty() => ("inga", "några", noun),
        _ => match singular_noun(first) {
            Some(false) => ("ingen", "någon", rest),
            Some(true) => ("inget", "något", rest),
            None => ("inga", "några", rest),
        },
    };
    Some(format!("{} {noun}", if main { none } else { any }))
}

/// Nouns labels use in the singular without an article ("det finns utrustning …"), with
/// whether each is an `ett` word; other nouns after "det finns" are read as plurals.
const SINGULAR_NOUNS: &[(&str, bool)] = &[
    ("mjukvara", false),
    ("programvara", false),
    ("personal", false),
    ("kompetens", false),
    ("dokumentation", false),
    ("information", false),
    ("tillgång", false),
    ("material", true),
    ("underlag", true),
    ("stöd", true),
];

/// Whether `word` is a noun in the singular: `Some(true)` for an `ett` word, `Some(false)`
/// for an `en` word; `None` when it is not known to be one. Nouns ending in -ning, -het,
/// -else or -tion are `en` words whose plural ends otherwise (-ningar, -heter, …).
fn singular_noun(word: &str) -> Option<bool> {
    let word = word.to_lowercase();
    if let Some((_, ett)) = SINGULAR_NOUNS.iter().find(|(w, _)| *w == word) {
        return Some(*ett);
    }
    ["ning", "het", "else", "tion"]
        .iter()
        .any(|end| word.ends_with(end))
        .then_some(false)
}

/// ` rest`, or nothing for an empty rest.
fn spaced(rest: &str) -> String {
    if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    }
}

/// Clauses of an outcome joined: "ansökan godkänns men kontrakt kan inte tecknas" when the
/// last denies what the one before it grants or requires (a permission, an approval, a duty),
/// else "… och …" ("ansökan avslås och kontrakt kan inte tecknas", "invändningen har kommit
/// in i tid och de nya villkoren är inte tillämpliga": a consequence, no contrast).
pub fn join_clauses(clauses: Vec<String>) -> String {
    let turn = match clauses.as_slice() {
        [.., before, last] => grants(before) && denies(last),
        _ => false,
    };
    // A subject the clause before has is not said again: "leverantören ska använda symbolen,
    // får inte använda regionens logotyp och …", "insatsen ingår i uppdraget men ska inte ges
    // dygnet runt". The formal "det" of "det finns" stays.
    let subjects: Vec<Option<String>> = clauses
        .iter()
        .map(|c| statement(c).map(|(subject, ..)| subject))
        .collect();
    // A clause with its verb first ("ska leverantören använda …", after "Om …") has its
    // subject after the verb.
    let after_verb = |c: &str, subject: &str| {
        c.split_once(' ').is_some_and(|(_, rest)| {
            rest.to_lowercase()
                .starts_with(&format!("{} ", subject.to_lowercase()))
        })
    };
    let clauses: Vec<String> = clauses
        .iter()
        .enumerate()
        .map(|(i, clause)| {
            let clause = clause.clone();
            let this = subjects.get(i).cloned().flatten();
            let before = i.checked_sub(1).and_then(|j| {
                let said = subjects.get(j).cloned().flatten();
                match (&said, &this, clauses.get(j)) {
                    (None, Some(this), Some(c)) if after_verb(c, this) => Some(this.clone()),
                    _ => said,
                }
            });
            match (before, this) {
                (Some(before), Some(this))
                    if before.to_lowercase() == this.to_lowercase()
                        && !this.eq_ignore_ascii_case("det") =>
                {
                    clause
                        .get(this.len()..)
                        .map_or(clause.clone(), |rest| rest.trim_start().to_owned())
                }
                _ => clause,
            }
        })
        .collect();
    join_words(clauses, if turn { "men" } else { "och" })
}

/// The verbs of a clause that grants or requires something, which a denial after it
/// restricts ("godkänns men …", "ska … men … ska inte …").
const GRANTING_VERBS: &[&str] = &[
    "ska",
    "kan",
    "får",
    "godkänns",
    "beviljas",
    "godtas",
    "ingår",
    "erbjuds",
];

/// What a clause with "är" grants: a condition met, an application approved ("villkoren är
/// uppfyllda men ersättning kan inte betalas ut").
const GRANTED_STATES: &[&str] = &[
    "uppfylld",
    "uppfyllt",
    "uppfyllda",
    "godkänd",
    "godkänt",
    "godkända",
    "tillåten",
    "tillåtet",
    "tillåtna",
];

/// Whether `clause` grants or requires something, without denying it: its finite verb is one
/// of [`GRANTING_VERBS`], it says "har rätt", or it is one of [`GRANTED_STATES`].
fn grants(clause: &str) -> bool {
    if denies(clause) {
        return false;
    }
    let words: Vec<&str> = clause.split(' ').collect();
    // "har rätt till", or with its verb first "har mottagaren rätt till".
    let has_right = words.contains(&"rätt") && words.contains(&"har");
    let verb = statement(clause).map(|(_, verb, _)| verb.to_lowercase());
    // A clause with its verb first ("godkänns ansökan") has no subject before its verb.
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let granted = words.iter().any(|w| GRANTED_STATES.contains(w));
    has_right
        || granted
        || verb.is_some_and(|v| GRANTING_VERBS.contains(&v.as_str()))
        || GRANTING_VERBS.contains(&first.as_str())
}

/// Whether `clause` says that something does not hold ("kontrakt kan inte tecknas", "det
/// finns ingen …").
fn denies(clause: &str) -> bool {
    clause
        .split(' ')
        .any(|w| matches!(w, "inte" | "ingen" | "inget" | "inga" | "aldrig"))
}

/// An output set to a value that means none, said as a person says it, not "listning är
/// ingen listning": a value "ingen listning" is "det blir ingen listning"; a value of the one
/// word "ingen" takes its noun from a label "X:s Y" ("undersökningens utförare": "undersökningen
/// får ingen utförare"), else the label's ("det blir ingen beslutsfattare"). `verb_first` puts
/// the verb first, as after "Om …" ("blir det ingen listning"). `None` for another value.
pub fn nothing_set(label: &str, value: &str, verb_first: bool) -> Option<String> {
    let (none, noun) = means_none(value)?;
    let said = |subject: &str, verb: &str, object: String| match verb_first {
        true => format!("{verb} {subject} {object}"),
        false => format!("{subject} {verb} {object}"),
    };
    if !noun.is_empty() {
        return Some(said("det", "blir", format!("{none} {noun}")));
    }
    Some(match owned(label) {
        Some((owner, thing)) => said(owner, "får", format!("{none} {thing}")),
        None => said("det", "blir", format!("{none} {label}")),
    })
}

/// A value that means none ("ingen listning", "Inget"): its "ingen", "inget" or "inga" in
/// small letters and the words after it; `None` for another value.
pub(super) fn means_none(value: &str) -> Option<(String, &str)> {
    let (first, noun) = value.split_once(' ').unwrap_or((value, ""));
    let none = first.to_lowercase();
    matches!(none.as_str(), "ingen" | "inget" | "inga").then_some((none, noun))
}

/// A label "X:s Y" split into its owner and its thing: "undersökningens utförare" is
/// ("undersökningen", "utförare"); `None` for a label of another shape.
fn owned(label: &str) -> Option<(&str, &str)> {
    label.split_once(' ').and_then(|(owner, thing)| {
        let owner = owner.strip_suffix('s')?;
        (!thing.contains(' ') && owner.chars().count() > 1).then_some((owner, thing))
    })
}

/// A fact given as a value that means none, said as what the owner has: "leverantörens
/// licens" given as "ingen licens" is "leverantören har ingen licens" (not "leverantörens
/// licens (ingen licens) är varken E3 eller E5"). `None` for another value, or a label not
/// of the shape "X:s Y".
pub fn nothing_had(label: &str, value: &str) -> Option<String> {
    let (none, noun) = means_none(value)?;
    let (owner, thing) = owned(label)?;
    let thing = if noun.is_empty() { thing } else { noun };
    Some(format!("{owner} har {none} {thing}"))
}

/// `a, b och c`.
pub fn join_och(items: Vec<String>) -> String {
    join_words(items, "och")
}

/// `a, b {word} c`.
pub fn join_words(mut items: Vec<String>, word: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} {word} {last}", items.join(", "))
        }
    }
}

/// The first letter in upper case (a sentence's start).
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_is_split_at_its_finite_verb() {
        let split = |s: &str| statement(s).map(|(a, b, c)| format!("{a}|{b}|{c}"));
        assert_eq!(
            split("Dagen är en vardag").as_deref(),
            Some("Dagen|är|en vardag")
        );
        assert_eq!(split("Bytet avslås").as_deref(), Some("Bytet|avslås|"));
        // The verb of a clause inside the subject is passed over.
        assert_eq!(
            split("Den läkare som är i tjänst är legitimerad").as_deref(),
            Some("Den läkare som är i tjänst|är|legitimerad")
        );
        assert_eq!(
            split("Tillfälle att yttra sig har getts").as_deref(),
            Some("Tillfälle att yttra sig|har|getts")
        );
        assert_eq!(split("Särskilda skäl"), None);
        assert_eq!(split("har lakare"), None);
    }

    #[test]
    fn a_value_that_means_none_is_said_as_nothing_set() {
        assert_eq!(
            nothing_set("listning", "ingen listning", false).as_deref(),
            Some("det blir ingen listning")
        );
        assert_eq!(
            nothing_set("listning", "ingen listning", true).as_deref(),
            Some("blir det ingen listning")
        );
        assert_eq!(
            nothing_set("undersökningens utförare", "ingen", false).as_deref(),
            Some("undersökningen får ingen utförare")
        );
        assert_eq!(
            nothing_set("undersökningens utförare", "ingen", true).as_deref(),
            Some("får undersökningen ingen utförare")
        );
        assert_eq!(
            nothing_set("beslutsfattare", "ingen", false).as_deref(),
            Some("det blir ingen beslutsfattare")
        );
        assert_eq!(nothing_set("listning", "passiv", false), None);
        assert_eq!(
            nothing_had("Leverantörens licens", "ingen licens").as_deref(),
            Some("Leverantören har ingen licens")
        );
        assert_eq!(
            nothing_had("patientens tolk", "ingen").as_deref(),
            Some("patienten har ingen tolk")
        );
        assert_eq!(nothing_had("Leverantörens licens", "E1"), None);
        assert_eq!(nothing_had("licens", "ingen licens"), None);
        assert_eq!(nothing_set("hälsocentral", "ingenstans", false), None);
    }

    #[test]
    fn inte_stands_before_the_verb_of_a_subordinate_clause() {
        assert_eq!(negated("dagen är en vardag"), "dagen inte är en vardag");
        assert_eq!(negated("särskilda skäl"), "inte särskilda skäl");
    }

    #[test]
    fn nothing_found_reads_inga_in_a_main_clause_and_inte_några_in_a_subordinate_one() {
        assert_eq!(
            stated("Det finns särskilda skäl", false).as_deref(),
            Some("Det finns inga särskilda skäl")
        );
        assert_eq!(
            negated("det finns brister enligt 3.4.4"),
            "det inte finns några brister enligt 3.4.4"
        );
        assert_eq!(
            negated("det finns en flyktingmedicinsk enhet"),
            "det inte finns någon flyktingmedicinsk enhet"
        );
        assert_eq!(
            stated("det finns ett avtal", false).as_deref(),
            Some("det finns inget avtal")
        );
        // A singular noun without an article agrees as such: "ingen utrustning", not "inga".
        assert_eq!(
            stated("det finns utrustning och mjukvara som saknas", false).as_deref(),
            Some("det finns ingen utrustning och mjukvara som saknas")
        );
        assert_eq!(
            negated("det finns underlag"),
            "det inte finns något underlag"
        );
        // Something one has is denied by its article.
        assert_eq!(
            stated("Hälsocentralen har ett beviljat listningsstopp", false).as_deref(),
            Some("Hälsocentralen har inget beviljat listningsstopp")
        );
        assert_eq!(
            negated("leverantören har en skrivare"),
            "leverantören inte har någon skrivare"
        );
        assert_eq!(
            stated("Personen erbjuds en kostnadsfri hälsoundersökning", false).as_deref(),
            Some("Personen erbjuds ingen kostnadsfri hälsoundersökning")
        );
        assert_eq!(
            negated("patienten ges ett besked"),
            "patienten inte ges något besked"
        );
        // What one is (not has) keeps its article: "dagen är inte en vardag".
        assert_eq!(
            stated("dagen är en vardag", false).as_deref(),
            Some("dagen är inte en vardag")
        );
        // Another subject than the formal `det` is denied with `inte`.
        assert_eq!(
            stated("Personal finns", false).as_deref(),
            Some("Personal finns inte")
        );
    }

    #[test]
    fn what_is_missing_denied_is_there() {
        assert_eq!(
            stated("Regionens godkännande saknas", false).as_deref(),
            Some("Regionens godkännande finns")
        );
        assert_eq!(negated("det saknas brister"), "det finns brister");
        assert_eq!(
            verb_first("regionens godkännande saknas", false).as_deref(),
            Some("finns regionens godkännande")
        );
        assert_eq!(
            stated("Regionens godkännande saknas", true).as_deref(),
            Some("Regionens godkännande saknas")
        );
    }

    #[test]
    fn a_label_that_denies_loses_its_inte_when_it_does_not_hold() {
        let label = "Leverantören uppfyller inte kvalificeringskraven (2.3.3)";
        assert_eq!(
            stated(label, false).as_deref(),
            Some("Leverantören uppfyller kvalificeringskraven (2.3.3)")
        );
        assert_eq!(
            negated("leverantören uppfyller inte kraven"),
            "leverantören uppfyller kraven"
        );
        assert_eq!(
            verb_first("leverantören uppfyller inte kraven", false).as_deref(),
            Some("uppfyller leverantören kraven")
        );
    }

    #[test]
    fn a_label_ending_in_inte_denies() {
        let label = "tjänsten erbjuds inte";
        assert_eq!(stated(label, false).as_deref(), Some("tjänsten erbjuds"));
        assert_eq!(stated(label, true).as_deref(), Some(label));
        assert_eq!(subordinate(label), "tjänsten inte erbjuds");
        assert_eq!(negated(label), "tjänsten erbjuds");
        // "inte" as part of a longer word is no denial.
        assert_eq!(
            stated("tjänsten erbjuds internt", false).as_deref(),
            Some("tjänsten erbjuds inte internt")
        );
    }

    #[test]
    fn a_label_that_denies_keeps_its_inte_where_each_word_order_puts_it() {
        let label = "regionens godkännande kom inte före ikraftträdandet";
        assert_eq!(
            subordinate(label),
            "regionens godkännande inte kom före ikraftträdandet"
        );
        assert_eq!(stated(label, true).as_deref(), Some(label));
        assert_eq!(
            verb_first(label, true).as_deref(),
            Some("kom regionens godkännande inte före ikraftträdandet")
        );
        assert_eq!(subordinate("särskilda skäl"), "särskilda skäl");
        assert_eq!(subordinate("bytet avslås"), "bytet avslås");
    }

    #[test]
    fn a_denial_after_an_affirmation_is_joined_by_men() {
        let clauses = |c: &[&str]| join_clauses(c.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            clauses(&["ansökan godkänns", "kontrakt kan inte tecknas"]),
            "ansökan godkänns men kontrakt kan inte tecknas"
        );
        assert_eq!(
            clauses(&["godkänns ansökan", "kontrakt kan inte tecknas"]),
            "godkänns ansökan men kontrakt kan inte tecknas"
        );
        assert_eq!(
            clauses(&["villkoren är uppfyllda", "ersättning kan inte betalas ut"]),
            "villkoren är uppfyllda men ersättning kan inte betalas ut"
        );
        // No contrast: a refusal and its consequence, a fact and its consequence.
        assert_eq!(
            clauses(&["ansökan avslås", "kontrakt kan inte tecknas"]),
            "ansökan avslås och kontrakt kan inte tecknas"
        );
        assert_eq!(
            clauses(&[
                "invändningen har kommit in i tid",
                "villkoren är inte tillämpliga"
            ]),
            "invändningen har kommit in i tid och villkoren är inte tillämpliga"
        );
        assert_eq!(
            clauses(&["a ingår inte", "b ges inte"]),
            "a ingår inte och b ges inte"
        );
        // A subject said in the clause before is left out; the formal "det" is not.
        assert_eq!(
            clauses(&[
                "insatsen ingår i uppdraget",
                "insatsen ska inte ges dygnet runt"
            ]),
            "insatsen ingår i uppdraget men ska inte ges dygnet runt"
        );
        assert_eq!(
            clauses(&[
                "leverantören ska använda symbolen",
                "leverantören ska inte använda logotypen",
                "leverantören får inte använda logotypen"
            ]),
            "leverantören ska använda symbolen, ska inte använda logotypen och får inte använda logotypen"
        );
        assert_eq!(
            clauses(&["det finns inga brister", "det finns ett avtal"]),
            "det finns inga brister och det finns ett avtal"
        );
        // After a clause with its verb first ("Om … ska leverantören …").
        assert_eq!(
            clauses(&[
                "ska leverantören använda symbolen",
                "leverantören ska inte använda logotypen"
            ]),
            "ska leverantören använda symbolen men ska inte använda logotypen"
        );
    }

    #[test]
    fn after_a_subordinate_clause_the_verb_comes_first() {
        assert_eq!(
            verb_first("bytet avslås", true).as_deref(),
            Some("avslås bytet")
        );
        assert_eq!(
            verb_first("kravet är uppfyllt", false).as_deref(),
            Some("är kravet inte uppfyllt")
        );
        assert_eq!(
            verb_first("det finns särskilda skäl", false).as_deref(),
            Some("finns det inga särskilda skäl")
        );
        assert_eq!(
            verb_first("ACG är vald", true).as_deref(),
            Some("är ACG vald")
        );
        assert_eq!(verb_first("Utfall", true), None);
        assert_eq!(
            stated("kontrakt kan tecknas", false).as_deref(),
            Some("kontrakt kan inte tecknas")
        );
        // An indefinite subject is denied by its article.
        assert_eq!(
            verb_first("ett FU-stopp pågår", false).as_deref(),
            Some("pågår inget FU-stopp")
        );
        assert_eq!(
            stated("En fast vårdkontakt ska utses", false).as_deref(),
            Some("Ingen fast vårdkontakt ska utses")
        );
        assert_eq!(
            negated("en annan huvudman ansvarar för insatsen"),
            "ingen annan huvudman ansvarar för insatsen"
        );
    }
}
