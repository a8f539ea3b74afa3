#![allow(clippy::unwrap_used, clippy::panic)]
//! `regel coverage` end to end: every numbered section of the 2023 Beställning (175, 1 through
//! 6.6.1) is either encoded or descriptive, never missing nor both; the memo versions cover
//! their four sections; and a folder with problems is reported and exits 1.

use regel_e2e::{json, regel, stderr, stdout};
use serde_json::Value;

/// The 2023 Beställning has 175 numbered sections, from "1" Inledning to "6.6.1" Priser.
const SECTIONS_2023: usize = 175;

fn coverage_json(dir: &str) -> (Option<i32>, Value) {
    let out = regel(&["coverage", dir, "--format", "json"], "");
    (out.status.code(), json(&out))
}

fn row<'a>(report: &'a Value, number: &str) -> &'a Value {
    report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == number)
        .unwrap_or_else(|| panic!("section {number} is not in the report"))
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect()
}

#[test]
fn the_2023_report_lists_all_175_sections_in_document_order() {
    let (_, report) = coverage_json("policies/2023");
    assert_eq!(report["version"], "2023");
    let sections = report["sections"].as_array().unwrap();
    assert_eq!(sections.len(), SECTIONS_2023);
    assert_eq!(report["summary"]["covered"], SECTIONS_2023);
    let numbers: Vec<&str> = sections
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers[..5], ["1", "1.1", "1.2", "1.3", "1.4"]);
    assert_eq!(numbers[SECTIONS_2023 - 3..], ["6.5", "6.6", "6.6.1"]);
    let at = |n: &str| numbers.iter().position(|x| *x == n).unwrap();
    assert!(at("3.6.9") < at("3.6.10") && at("3.6.12") < at("3.7"));
    assert!(at("6.1.4") < at("6.1.4.1") && at("6.1.4.3") < at("6.1.5"));

    let heading = row(&report, "1");
    assert_eq!(heading["status"], "descriptive");
    assert_eq!(heading["title"], "Inledning");
    assert!(heading["reason"].as_str().unwrap().contains("rubrik"));

    let fysisk = row(&report, "4.3.1");
    assert_eq!(fysisk["status"], "encoded");
    assert_eq!(names(&fysisk["decisions"]), ["filial.etablering"]);

    let vardpeng = row(&report, "4.6.3");
    assert_eq!(vardpeng["status"], "encoded");
    assert_eq!(names(&vardpeng["decisions"]), ["ersattning.vardpeng"]);
    assert_eq!(
        names(&vardpeng["parameters"]),
        ["ram_vardpeng_alder", "ram_vardpeng_acg", "ram_vardpeng_cni"]
    );

    let priser = row(&report, "6.6.1");
    assert_eq!(priser["status"], "encoded");
    assert_eq!(names(&priser["decisions"]), ["it.pris"]);
    assert_eq!(
        names(&priser["parameters"]),
        ["teknikakuten_arsavgift", "it_timpris"]
    );

    let stopp = row(&report, "3.6.12");
    assert_eq!(stopp["status"], "encoded");
    assert!(names(&stopp["decisions"]).contains(&"kapacitetsstopp.beslut"));

    // 6.3.2's support hours and the billing of hours only for a fault at the provider.
    let support = row(&report, "6.3.2");
    assert_eq!(support["status"], "encoded");
    assert!(names(&support["decisions"]).contains(&"it.support"));

    // The P2 and P3 sections of the encoding audit, once descriptive, each answered by its
    // decisions.
    for (section, decisions) in [
        ("1.1", &["akutuppdrag.ansvar"][..]),
        ("3.1.8", &["fast_vardkontakt.utses"][..]),
        ("3.1.9", &["fast_vardkontakt.utses"][..]),
        ("3.4.5", &["symbol.anvandning"][..]),
        ("4.10", &["kvalitetsregister.lista"][..]),
        ("6.3.3", &["it.underhallsstopp"][..]),
        ("6.4.2", &["it.microsoftlicens"][..]),
        ("3.2.2", &["samarbete.villkor"][..]),
        ("3.7.10", &["journal.kopia", "journal.gallring"][..]),
        ("3.9.6", &["personuppgifter.ansvar"][..]),
        ("4.2.2", &["uppdrag.omfattning"][..]),
        ("5.3", &["uppfoljning.medverkan"][..]),
    ] {
        let r = row(&report, section);
        assert_eq!(r["status"], "encoded", "{section}");
        let encoded = names(&r["decisions"]);
        for d in decisions {
            assert!(encoded.contains(d), "{section}: {d} in {encoded:?}");
        }
    }
}

/// What must hold once every section is written: nothing missing, nothing both descriptive
/// and encoded, and the command exits 0.
#[test]
fn every_2023_section_is_encoded_or_descriptive() {
    let (code, report) = coverage_json("policies/2023");
    let problems: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} ({})", p["section"], p["problem"]))
        .collect();
    assert!(
        problems.is_empty(),
        "sections not accounted for: {problems:?}"
    );
    let summary = &report["summary"];
    assert_eq!(summary["missing"], 0);
    assert_eq!(summary["both"], 0);
    assert_eq!(
        summary["encoded"].as_u64().unwrap() + summary["descriptive"].as_u64().unwrap(),
        SECTIONS_2023 as u64
    );
    assert_eq!(code, Some(0));
}

#[test]
fn the_memo_versions_cover_their_four_sections() {
    for version in ["2020", "2021"] {
        let out = regel(&["coverage", &format!("policies/{version}")], "");
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
        assert!(
            text.contains("4 täckta avsnitt: kodade 4, beskrivande 0, saknas 0"),
            "{text}"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].trim_start().starts_with("4.5 "), "{text}");
        assert!(
            lines[4].trim_start().starts_with("Tabell 1  kodat"),
            "{text}"
        );
        assert!(lines[4].contains("ersattning.ram"), "{text}");
    }
}

#[test]
fn a_policies_folder_gives_one_json_object_per_version() {
    let out = regel(&["coverage", "policies", "--format", "json"], "");
    let versions: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["version"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(
        versions.starts_with(&["2020".to_owned(), "2021".to_owned()]),
        "{versions:?}"
    );
    assert!(versions.contains(&"2023".to_owned()), "{versions:?}");
}

#[test]
fn missing_and_both_are_flagged_and_exit_1() {
    let dir = regel_e2e::temp_dir("coverage-flags").within("v");
    std::fs::write(
        dir.join("a.regel"),
        r#"version "v" {
  title "Scratch"
  valid_from 2023-01-01
  valid_to 2023-12-31
  source "x.txt"
  covers ["1", "2", "3"]
}

section "1" "Regler"

param grans: Int = 2

decision a.b {
  input n: Int
  output storre: Bool = n > grans
  output paragraf
  otherwise
    then { }
    because klart
}

section "2" "Beskrivande men kodad" descriptive "no rule"

param annan: Int = grans + 1

decision c.d {
  output n: Int = annan
  output paragraf
  otherwise
    then { }
    because klart
}
"#,
    )
    .unwrap();
    let path = dir.to_string_lossy().into_owned();
    let out = regel(&["coverage", &path], "");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.contains(
            "3 täckta avsnitt: kodade 1, beskrivande 0, saknas 1, både beskrivande och kodade 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("problem: avsnitt 2 är markerat som beskrivande, men c.d; parametern annan hänvisar till det"),
        "{text}"
    );
    assert!(
        text.contains("problem: avsnitt 3 är täckt men varken kodat eller beskrivande"),
        "{text}"
    );

    let out = regel(&["coverage", &path, "--format", "json"], "");
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let problems: Vec<(&str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["section"].as_str().unwrap(),
                p["problem"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(problems, [("2", "both"), ("3", "missing")]);
    assert_eq!(
        row(&report, "1")["parameters"],
        serde_json::json!(["grans"])
    );
}

#[test]
fn an_unreadable_folder_is_a_usage_error() {
    let out = regel(&["coverage", "no/such/folder"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("there is no folder `no/such/folder` here"),
        "{}",
        stderr(&out)
    );
}

/// A version of three sections and the text it is said to come from, written by the test:
/// section 2 is deleted from both the policy and its `covers`, so only the document shows it
/// missing; 3's title differs; 4 is covered but not in the document.
fn with_source(name: &str, header_source: &str) -> regel_e2e::TempDir {
    let dir = regel_e2e::temp_dir(name);
    let version = dir.join("v");
    std::fs::create_dir_all(&version).unwrap();
    std::fs::write(
        version.join("a.regel"),
        format!(
            r#"version "v" {{
  title "Test"
  valid_from 2023-01-01
  valid_to 2023-12-31
  source "{header_source}"
  covers ["1", "1.1", "3", "4"]
}}

section "1" "Inledning" descriptive "heading only"

section "1.1" "Definitioner av begrepp" descriptive "definitions"

section "3" "Val av hälsocentral" descriptive "none yet"

section "4" "Ersättning" descriptive "none yet"
"#
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("bestallning.txt"),
        "Beställning\n\n1. Inledning\n\nText om allt.\n\n1.1 Definitioner av\n\nbegrepp\n\n2 Förutsättningar och godkännande\n\n1. Detta är en numrerad mening.\n\n3 Invånaren väljer hälsocentral\n",
    )
    .unwrap();
    dir
}

#[test]
fn coverage_against_the_source_finds_what_both_lost() {
    let dir = with_source("coverage-source", "bestallning.txt");
    let source = dir.join("bestallning.txt");
    let v = dir.join("v");
    let (v, source) = (v.to_str().unwrap(), source.to_str().unwrap());

    // A document named on the command line must be there.
    let alone = regel(&["coverage", v, "--source", "/no/such/file.txt"], "");
    assert_eq!(alone.status.code(), Some(2), "{}", stderr(&alone));

    let out = regel(&["coverage", v, "--source", source], "");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    for line in [
        "saknas i policyn: 2 Förutsättningar och godkännande",
        "annan rubrik: 3 dokumentet ”Invånaren väljer hälsocentral”, policyn ”Val av hälsocentral”",
        "finns inte i dokumentet: 4 Ersättning",
        "4 avsnitt i dokumentet: kodade 0, beskrivande 3, saknas i policyn 1; med annan rubrik 1; täckta i policyn men inte i dokumentet 1",
    ] {
        assert!(text.contains(line), "lacks {line:?}:\n{text}");
    }
    // The wrapped heading 1.1 is read whole, so its title agrees.
    assert!(!text.contains("annan rubrik: 1.1"), "{text}");

    let out = regel(&["coverage", v, "--source", source, "--format", "json"], "");
    let report = json(&out);
    let statuses: Vec<(&str, &str)> = report["source"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["number"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("1", "descriptive"),
            ("1.1", "descriptive"),
            ("2", "missing"),
            ("3", "descriptive"),
            ("4", "not_in_source"),
        ]
    );
    assert_eq!(report["source"]["summary"]["titles_differ"], 1);

    // The header's `source`, found beside the version folder, is read without --source.
    let out = regel(&["coverage", v], "");
    assert!(
        stdout(&out).contains("saknas i policyn: 2 Förutsättningar"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_header_source_that_is_not_there_is_not_read() {
    let dir = with_source("coverage-no-source", "elsewhere.txt");
    let v = dir.join("v");
    let out = regel(&["coverage", v.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(!text.contains("numrerade rubriker"), "{text}");
    // The reader is told the document was not read, so "saknas 0" is not taken for its word.
    assert!(
        text.contains("källdokumentet ”elsewhere.txt” (versionshuvudets source) finns varken i")
            && text.contains("ange --source FIL"),
        "{text}"
    );
    let out = regel(&["coverage", v.to_str().unwrap(), "--format", "json"], "");
    let report = json(&out);
    assert_eq!(report["source_not_found"], "elsewhere.txt");
    assert!(report.get("source").is_none(), "{report}");
}
