//! `regel diff` and `regel new-version` through the real binary. The memo of 2021
//! (seed 002) is the test: the diff of policies/2020 and policies/2021 must show what the
//! memo lists for the encoded sections, and the budget table's change column exactly.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_e2e::{json, regel, root, stderr, stdout, temp_dir};
use serde_json::Value as Json;

fn changes(report: &Json) -> Vec<&Json> {
    report["changes"].as_array().unwrap().iter().collect()
}

#[test]
fn the_memo_of_2021_is_what_the_diff_shows() {
    let out = regel(
        &["diff", "policies/2020", "policies/2021", "--format", "json"],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "versions differ: {}",
        stderr(&out)
    );
    let report = json(&out);
    let all = changes(&report);

    // 4.5: the rule that kept a branch in the main centre's municipality is removed.
    let filial: Vec<&&Json> = all
        .iter()
        .filter(|c| c["owner"] == "filial.etablering")
        .collect();
    assert!(
        filial.iter().any(|c| c["kind"] == "rule"
            && c["change"] == "removed"
            && c["name"] == "samma_kommun")
    );
    let otherwise = filial
        .iter()
        .find(|c| c["kind"] == "rule" && c["change"] == "changed")
        .unwrap();
    assert_eq!(otherwise["reason"]["old"], "annan_kommun_ej_tillaten");
    assert_eq!(otherwise["reason"]["new"], "tillaten");

    // 4.9: the two new tilläggsuppdrag.
    let added: Vec<&str> = all
        .iter()
        .filter(|c| {
            c["owner"] == "tillaggsuppdrag" && c["kind"] == "element" && c["change"] == "added"
        })
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        added,
        [
            "kod: \"halsoundersokning_asylsokande\"",
            "kod: \"samisk_resursenhet\""
        ]
    );

    // Tabell 1: the memo's change column, row by row, and the total computed from the rows.
    let column: Vec<(&str, &str)> = all
        .iter()
        .filter(|c| c["kind"] == "value" && c["owner"] == "ersattning.ram")
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["delta"]["absolute"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        column,
        [
            ("vardpeng_alder", "15.8"),
            ("vardpeng_acg", "6.1"),
            ("vardpeng_cni", "2.5"),
            ("summa_vardpeng", "24.4"),
            ("lakemedelspeng", "20.4"),
            ("mal_och_prestationsbaserad_ersattning", "0.4"),
            ("litenhets_och_avstandsersattning", "0.5"),
            ("kompensation_for_avgiftsfria_besok", "-0.2"),
            ("filialer_och_servicepunkter", "3.1"),
            ("summa_vardval", "48.6"),
        ]
    );
    let total = all.iter().find(|c| c["name"] == "summa_vardval").unwrap();
    assert_eq!(total["delta"]["percent"], "4.3");
    assert_eq!(
        (total["old"].as_str(), total["new"].as_str()),
        (Some("1142.6"), Some("1191.2"))
    );
}

#[test]
fn the_memo_diff_in_markdown_reads_like_the_memo() {
    let out = regel(&["diff", "2020", "2021"], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = stdout(&out);
    for row in [
        "+15,8",
        "+6,1",
        "+2,5",
        "+24,4",
        "+20,4",
        "+0,4",
        "+0,5",
        "−0,2",
        "+3,1",
        "+48,6 | +4,3 %",
    ] {
        assert!(md.contains(row), "the Markdown lacks {row}:\n{md}");
    }
    assert!(
        !md.contains("+48,7"),
        "the total is computed from the rows, not the memo's rounding"
    );
    // A new tilläggsuppdrag in words, field by field, named by its words, not its code.
    assert!(
        md.contains("Listelement ”Resursenhet för samisk hälsa” tillagt")
            && md.contains("Uppdrag: ”Resursenhet för samisk hälsa”")
            && !md.contains("samisk_resursenhet”"),
        "the element in words:\n{md}"
    );
    insta::assert_snapshot!("memo_2020_2021_md", md);
}

#[test]
fn the_memos_quoted_prose_names_no_code() {
    // A doc comment's word diff is read by legal reviewers: "den årliga vårdpengen", not
    // "`arlig`".
    for (a, b) in [("2020", "2021"), ("2021", "2023")] {
        let md = stdout(&regel(&["diff", a, b], ""));
        let quoted = md.lines().filter(|l| l.trim_start().starts_with("> "));
        for line in quoted {
            let code = line.split('`').nth(1);
            assert!(code.is_none(), "{a}→{b}: code `{code:?}` in prose: {line}");
        }
    }
}

#[test]
fn no_memo_folds_away_an_empty_regel_text() {
    // The Tilläggsuppdrag decision only moved from 4.9 to 4.5: its words, and no empty fold.
    let md = stdout(&regel(&["diff", "2021", "2023"], ""));
    assert!(
        !md.contains("<summary>Regeltext</summary>\n\n  </details>"),
        "{md}"
    );
    let html = stdout(&regel(&["diff", "2021", "2023", "--format", "html"], ""));
    assert!(
        !html.contains("<td class=\"old\"></td><td class=\"new\"></td>"),
        "an empty fold in the HTML"
    );
}

#[test]
fn the_memo_diff_in_json_is_stable() {
    let out = regel(&["diff", "2020", "2021", "--format", "json"], "");
    insta::assert_snapshot!("memo_2020_2021_json", stdout(&out));
}

#[test]
fn the_json_report_validates_against_its_schema() {
    let schema_out = regel(
        &["diff", "2020", "2021", "--format", "json", "--impact"],
        "",
    );
    let report = json(&schema_out);
    let schema = regel_diff::schema::report();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn html_is_one_self_contained_page_with_a_table_of_contents() {
    let dir = temp_dir("diff-html");
    let file = dir.join("diff.html");
    let out = regel(
        &[
            "diff",
            "2020",
            "2021",
            "--format",
            "html",
            "-o",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "-o writes the file, not standard output");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for external in [
        "<script", "<link", "src=", "http://", "https://", "@import", "url(",
    ] {
        assert!(
            !html.contains(external),
            "the page loads nothing from outside: {external}"
        );
    }
    assert!(
        html.contains("<nav><h2>Innehåll</h2>"),
        "a table of contents"
    );
    assert!(html.contains("@media print"), "a print layout");
    assert!(
        html.contains("<td class=\"old\"><pre>when samma_kommun_som_huvudmottagning"),
        "old beside new"
    );
    // The rule read in Swedish first, its Regel text folded beneath.
    assert!(
        html.contains(
            "<p>I övriga fall är filialen tillåten (skäl: filial tillåten i alla kommuner, 4.5).</p>"
        ),
        "the rule as a sentence"
    );
    let folded = html.find("<details><summary>Regeltext</summary>").unwrap();
    assert!(
        folded
            < html
                .find("<pre>when samma_kommun_som_huvudmottagning")
                .unwrap()
    );
    let leftovers = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn a_version_diffed_with_itself_is_empty_and_exits_0() {
    for v in ["2020", "2021", "2023"] {
        let out = regel(&["diff", v, v, "--format", "json", "--impact"], "");
        assert_eq!(out.status.code(), Some(0), "{v}: {}", stderr(&out));
        let report = json(&out);
        assert_eq!(report["sections"], Json::Array(vec![]), "{v}");
        assert_eq!(report["changes"], Json::Array(vec![]), "{v}");
        assert_eq!(report["header"], Json::Array(vec![]), "{v}");
        assert_eq!(report["impact"], Json::Array(vec![]), "{v}");
    }
}

/// The report read the other way: added ↔ removed, old ↔ new (percentages, being relative to
/// the old value, are left out).
fn mirrored(report: &Json) -> Json {
    let mut r = report.clone();
    let tmp = r["from"].take();
    r["from"] = r["to"].take();
    r["to"] = tmp;
    let (added, removed) = (r["summary"]["added"].take(), r["summary"]["removed"].take());
    r["summary"]["added"] = removed;
    r["summary"]["removed"] = added;
    for h in r["header"].as_array_mut().unwrap() {
        swap(h);
    }
    for s in r["sections"].as_array_mut().unwrap() {
        swap(s);
        // The section's title is the new version's, else the old one's.
        let title = match (&s["new"]["title"], &s["old"]["title"]) {
            (Json::Null, Json::Null) => Json::String(String::new()),
            (Json::Null, t) | (t, _) => t.clone(),
        };
        s["title"] = title;
    }
    for c in r["changes"].as_array_mut().unwrap() {
        mirror_change(c);
    }
    // The impact is compared apart (see `impact_mirrors`): witnesses are the solver's choice.
    r["impact"] = Json::Null;
    normalised(&r)
}

fn swap(o: &mut Json) {
    let (old, new) = (o["old"].take(), o["new"].take());
    o["old"] = new;
    o["new"] = old;
}

fn mirror_change(c: &mut Json) {
    swap(c);
    // The Swedish readings follow their side.
    if let Json::Object(map) = c {
        let (old, new) = (map.remove("old_sv"), map.remove("new_sv"));
        if let Some(v) = new {
            map.insert("old_sv".into(), v);
        }
        if let Some(v) = old {
            map.insert("new_sv".into(), v);
        }
    }
    c["change"] = match c["change"].as_str().unwrap() {
        "added" => "removed".into(),
        "removed" => "added".into(),
        other => other.into(),
    };
    for pair in ["reason", "reason_labels", "citation", "moved", "doc"] {
        if c[pair].is_object() {
            swap(&mut c[pair]);
        }
    }
    // A changed rule is named by its new reason code, a renamed item by its new name.
    if c["kind"] == "rule" && c["reason"].is_object() {
        c["name"] = c["reason"]["new"].clone();
    }
    if c["renamed_from"].is_string() {
        let from = c["renamed_from"].take();
        c["renamed_from"] = c["name"].take();
        c["name"] = from;
    }
    if c["delta"].is_object() {
        let d = &mut c["delta"];
        swap(d);
        let abs = d["absolute"].as_str().unwrap().to_owned();
        d["absolute"] = match abs.strip_prefix('-') {
            Some(pos) => pos.into(),
            None if abs.chars().all(|ch| ch == '0' || ch == '.') => abs.into(),
            None => format!("-{abs}").into(),
        };
    }
}

/// Percentages left out and changes sorted, for comparing a diff with a mirrored one.
fn normalised(report: &Json) -> Json {
    let mut r = report.clone();
    let changes = r["changes"].as_array_mut().unwrap();
    for c in changes.iter_mut() {
        if c["delta"].is_object() {
            c["delta"]["percent"] = Json::Null;
        }
        // Labels come from the newer side where both have one: words, not meaning.
        if let Json::Object(map) = c {
            map.remove("label");
            map.remove("owner_label");
        }
    }
    changes.sort_by_key(|c| c.to_string());
    r
}

#[test]
fn diff_a_b_mirrors_diff_b_a() {
    for (a, b) in [("2020", "2021"), ("2021", "2023"), ("2020", "2023")] {
        let ab = json(&regel(&["diff", a, b, "--format", "json", "--impact"], ""));
        let ba = json(&regel(&["diff", b, a, "--format", "json", "--impact"], ""));
        let (m, n) = (mirrored(&ab), normalised(&ba));
        for (x, y) in m["changes"]
            .as_array()
            .unwrap()
            .iter()
            .zip(n["changes"].as_array().unwrap())
        {
            assert_eq!(
                x, y,
                "{a} → {b} does not mirror {b} → {a} in section {}",
                x["section"]
            );
        }
        assert_eq!(
            impact_parts(&ab, true),
            impact_parts(&ba, false),
            "{a} → {b} impact does not mirror {b} → {a}"
        );
        let mut n = n;
        n["impact"] = Json::Null;
        assert_eq!(m, n, "{a} → {b} does not mirror {b} → {a}");
    }
}

/// Per decision: whether it is equivalent, and its changed parts as (old end, new end,
/// outcome changed), old and new swapped when `flip`; sorted. Each witness replays as shown.
type Parts = Vec<(String, bool, Vec<(String, String, bool)>)>;

fn impact_parts(report: &Json, flip: bool) -> Parts {
    let mut out = Vec::new();
    for i in report["impact"].as_array().unwrap() {
        let mut parts: Vec<(String, String, bool)> = i["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let (o, n) = (c["old"].as_str().unwrap(), c["new"].as_str().unwrap());
                let (o, n) = if flip { (n, o) } else { (o, n) };
                (
                    o.to_owned(),
                    n.to_owned(),
                    c["outcome_change"].as_bool().unwrap(),
                )
            })
            .collect();
        parts.sort();
        out.push((
            i["decision"].as_str().unwrap().to_owned(),
            i["equivalent"].as_bool().unwrap(),
            parts,
        ));
    }
    out.sort();
    out
}

#[test]
fn impact_lists_the_decisions_whose_outcome_changes() {
    let out = regel(
        &["diff", "2020", "2021", "--impact", "--format", "json"],
        "",
    );
    let report = json(&out);
    let impact = report["impact"].as_array().unwrap();
    let filial = impact
        .iter()
        .find(|i| i["decision"] == "filial.etablering")
        .unwrap();
    // 4.5: another municipality goes from refused to allowed; the same municipality keeps
    // its outcome and only changes its reason code; nothing else changes, proved.
    assert_eq!(filial["section"], "4.5");
    assert_eq!(filial["proved"], true);
    assert_eq!(filial["equivalent"], false);
    let changes = filial["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{filial}");
    assert_eq!(changes[0]["condition"], "samma_kommun_som_huvudmottagning");
    assert_eq!(changes[0]["outcome_change"], false);
    assert_eq!(changes[0]["outputs"], serde_json::json!(["skal"]));
    assert_eq!(
        changes[1]["condition"],
        "not samma_kommun_som_huvudmottagning"
    );
    assert_eq!(changes[1]["outcome_change"], true);
    assert_eq!(changes[1]["witness"]["old"]["tillatet"], false);
    assert_eq!(changes[1]["witness"]["new"]["tillatet"], true);
    // A parameter-only change names its parameter and section.
    let lista = impact
        .iter()
        .find(|i| i["decision"] == "tillaggsuppdrag.lista")
        .unwrap();
    assert_eq!(
        lista["parameters"],
        serde_json::json!([{"name": "tillaggsuppdrag", "label": "Tilläggsuppdragen 2021", "section": "4.9"}])
    );
    assert_eq!(
        report["summary"]["decisions_with_changed_outcomes"],
        impact.iter().filter(|i| i["equivalent"] == false).count()
    );
    // Every witness is decided as shown by `regel eval`, in each version.
    for i in impact {
        for c in i["changes"].as_array().unwrap() {
            for (v, side) in [("2020", "old"), ("2021", "new")] {
                let out = regel(
                    &[
                        "eval",
                        "--policies",
                        "policies",
                        "--version",
                        v,
                        i["decision"].as_str().unwrap(),
                    ],
                    &c["witness"]["input"].to_string(),
                );
                let got: Json = serde_json::from_str(&stdout(&out)).unwrap_or(Json::Null);
                if c["witness"][side].get("rejected").is_none() {
                    assert_eq!(got["output"], c["witness"][side], "{v} {c}");
                }
            }
        }
    }
}

#[test]
fn the_impact_2020_2021_reads_as_the_memo_shows_it() {
    let md = stdout(&regel(&["diff", "2020", "2021", "--impact"], ""));
    let impact = &md[md.find("## Ändrade utfall").unwrap()..];
    insta::assert_snapshot!("impact_2020_2021", impact);
}

/// A policies folder under `dir` with a copy of 2023 and a 2024 draft `regel new-version`
/// started from it.
fn draft_2024(dir: &std::path::Path) -> std::path::PathBuf {
    let policies = dir.join("policies");
    std::fs::create_dir_all(policies.join("2023")).unwrap();
    for entry in std::fs::read_dir(root().join("policies/2023")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, policies.join("2023").join(path.file_name().unwrap())).unwrap();
    }
    let p = policies.to_str().unwrap();
    let out = regel(
        &["new-version", "2024", "--from", "2023", "--policies", p],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    policies
}

#[test]
fn new_version_starts_next_years_draft_and_the_diff_shows_only_the_header() {
    let dir = temp_dir("diff-new-version");
    let policies = draft_2024(&dir);
    let p = policies.to_str().unwrap();
    assert_eq!(
        std::fs::read_dir(&policies).unwrap().count(),
        2,
        "no temporary folder is left"
    );

    let out = regel(
        &["diff", "2023", "2024", "--policies", p, "--format", "json"],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(
        report["sections"],
        Json::Array(vec![]),
        "only the header changes"
    );
    let header: Vec<(&str, &str, &str)> = report["header"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["field"].as_str().unwrap(),
                h["old"].as_str().unwrap(),
                h["new"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        header,
        [
            ("id", "2023", "2024"),
            (
                "title",
                "Beställning Vårdval primärvård 2023",
                "Beställning Vårdval primärvård 2024"
            ),
            ("valid_from", "2023-01-01", "2024-01-01"),
            ("valid_to", "2023-12-31", "2024-12-31"),
            ("status", "fastställd", "utkast"),
        ]
    );
    // The header file's opening comment said which document 2023 encodes: the draft says
    // what it is above it and keeps it as 2023's.
    let header_file = std::fs::read_to_string(policies.join("2024/bestallning.regel")).unwrap();
    let old_file = std::fs::read_to_string(policies.join("2023/bestallning.regel")).unwrap();
    let note = "// Utkast till version 2024, gjort med `regel new-version` från version 2023. Dess källa är ännu\n// inte angiven: `source` nedan är kvar från version 2023 tills utkastet får en egen.\n//\n// Ur version 2023:\n// Beställning Vårdval primärvård 2023, Region Norrbotten";
    assert!(header_file.starts_with(note), "{header_file}");
    assert!(old_file.starts_with("// Beställning Vårdval primärvård 2023"));
    let check = regel(&["check", policies.join("2024").to_str().unwrap()], "");
    assert_eq!(
        check.status.code(),
        Some(0),
        "the draft checks: {}",
        stderr(&check)
    );

    // An existing folder is never overwritten.
    let again = regel(
        &["new-version", "2024", "--from", "2023", "--policies", p],
        "",
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("exists already"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn usage_errors_say_what_is_wrong_and_exit_2() {
    let out = regel(&["diff", "2020", "1999"], "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `1999` is neither a version folder nor a version under `policies`\n"
    );
    let out = regel(&["diff", "policies", "2021"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("holds 3 versions; name one version folder"),
        "{}",
        stderr(&out)
    );
    let out = regel(&["new-version", "../x", "--from", "2023"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a version name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_version_with_errors_is_not_compared() {
    let dir = temp_dir("diff-broken");
    let v = dir.join("2099");
    std::fs::create_dir_all(&v).unwrap();
    std::fs::write(v.join("a.regel"), "param a: Int = \"text\"\n").unwrap();
    let out = regel(&["diff", "2021", v.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(" compile errors; fix them first (see `regel check"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_api_diff_method_answers_the_same_report() {
    let requests = [
        r#"{"jsonrpc":"2.0","id":1,"method":"diff","params":{"from":"2020","to":"2021"}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"diff","params":{"from":"2020","to":"2021","format":"markdown","impact":true}}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"diff","params":{"from":"2020","to":"1999"}}"#,
        r#"{"jsonrpc":"2.0","id":4,"method":"diff","params":{"from":"2020","to":"2021","format":"pdf"}}"#,
    ]
    .join("\n");
    let out = regel(
        &["serve", "--policies", "policies"],
        &format!("{requests}\n"),
    );
    let answers: Vec<Json> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 4, "{}", stdout(&out));

    let cli = json(&regel(&["diff", "2020", "2021", "--format", "json"], ""));
    assert_eq!(
        answers[0]["result"], cli,
        "the API and the CLI give one report"
    );

    let md = stdout(&regel(&["diff", "2020", "2021", "--impact"], ""));
    assert_eq!(answers[1]["result"]["rendered"], Json::String(md));
    assert!(answers[1]["result"]["impact"].is_array());

    assert_eq!(answers[2]["error"]["code"], -32001, "{}", answers[2]);
    assert_eq!(
        answers[2]["error"]["data"]["known"],
        serde_json::json!(["2020", "2021", "2023"])
    );
    assert_eq!(answers[3]["error"]["code"], -32602, "{}", answers[3]);
    assert_eq!(answers[3]["error"]["data"]["path"], "/format");
}

/// A 2024 draft that raises the fine cap of 3.10 from 10 % to 15 %: the impact names the
/// parameter and its section, lists the parts where the cap moves (with no upper limit, as the
/// capitation has none) and the one where a refused fine becomes allowed, and says nothing
/// else changes; the cap's range and every witness are exact.
#[test]
fn the_impact_of_a_draft_that_raises_the_fine_cap() {
    let dir = temp_dir("diff-impact-draft");
    let policies = draft_2024(&dir);
    let p = policies.to_str().unwrap();
    let file = policies.join("2024/sanktioner.regel");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace(
        "param vite_andel: Decimal = 10 %",
        "param vite_andel: Decimal = 15 %",
    );
    assert_ne!(text, edited);
    std::fs::write(&file, edited).unwrap();

    let report = json(&regel(
        &[
            "diff",
            "2023",
            "2024",
            "--impact",
            "--format",
            "json",
            "--policies",
            p,
        ],
        "",
    ));
    let impact = report["impact"].as_array().unwrap();
    assert_eq!(impact.len(), 1, "{impact:#?}");
    let vite = &impact[0];
    assert_eq!(vite["decision"], "sanktion.vite");
    assert_eq!(
        (&vite["proved"], &vite["equivalent"]),
        (&Json::Bool(true), &Json::Bool(false))
    );
    assert_eq!(
        vite["parameters"],
        serde_json::json!([{"name": "vite_andel", "label": "Vitets andel av den månatliga vårdpengen", "section": "3.10"}])
    );
    let allowed = vite["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["old"] == "regel 4 (”Vitet överstiger taket”, `overstiger_tak`)"
                && c["new"] == "regel 5 (”Vitet ryms inom taket”, `inom_tak`)"
        })
        .unwrap_or_else(|| panic!("{vite:#}"));
    assert_eq!(allowed["outcome_change"], true);
    assert_eq!(allowed["witness"]["old"]["tillatet"], false);
    assert_eq!(allowed["witness"]["new"]["tillatet"], true);
    let md = stdout(&regel(
        &["diff", "2023", "2024", "--impact", "--policies", p],
        "",
    ));
    // Under the section that changed, what its change does.
    // (The memo names the parameter by its label, so the section is found by its heading.)
    let section = &md[md.find("## 3.10").unwrap()..md.find("## Ändrade utfall").unwrap()];
    assert!(
        section.contains("Påverkan på beslut (se Ändrade utfall): ”Vite vid brist”"),
        "{section}"
    );
    insta::assert_snapshot!(
        "impact_draft_fine_cap",
        &md[md.find("## Ändrade utfall").unwrap()..]
    );
}
