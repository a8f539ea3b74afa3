//! The decision catalogue in the repository, `docs/decisions.md`: its reference part (between
//! the `generated` markers) is written from the bundled policies, so it cannot drift from them.
//! A decision added, removed or changed (an input, its type or default, an output, a reason
//! code, a rejection, a section, a label) fails this test until the catalogue is regenerated:
//!
//! ```sh
//! UPDATE_CATALOGUE=1 cargo test -p regel-e2e --test e2e -- catalogue::
//! ```
//!
//! A second test holds the policies to the contract of the catalogue's second edition (the
//! names, input and output fields and reason codes other systems rely on).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;

use regel_compiler::ir::{Decision, OutputSource, Program};
use regel_compiler::labels::Kind;
use regel_compiler::ty::Ty;
use regel_e2e::{engine, root};

const VERSIONS: [&str; 3] = ["2023", "2021", "2020"];
const BEGIN: &str = "<!-- generated: begin (tests/tests/e2e/catalogue.rs) -->";
const END: &str = "<!-- generated: end -->";

/// A Markdown table cell: one line, no column breaks.
fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn ty(program: &Program, t: &Ty) -> String {
    match t {
        Ty::Enum(_, name) => {
            let variants = program
                .enums
                .iter()
                .find(|e| e.name == **name)
                .map(|e| e.variants.join(" \\| "))
                .unwrap_or_default();
            format!("{name} ({variants})")
        }
        Ty::List(inner) => format!("[{}]", ty(program, inner)),
        Ty::Optional(inner) => format!("{}?", ty(program, inner)),
        other => other.to_string(),
    }
}

fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn decision(out: &mut String, version: &str, program: &Program, d: &Decision) {
    let label = program.labels.get(Kind::Decision, &d.name);
    let _ = writeln!(out, "### `{}` ({version})\n", d.name);
    let mut paragraphs = d.doc.split("\n\n");
    // The doc comment's first paragraph is the label when there is one.
    if label.is_some() {
        paragraphs.next();
    }
    let _ = writeln!(out, "**{}** · § {}\n", label.unwrap_or(&d.name), d.cite);
    let rest: Vec<&str> = paragraphs.filter(|p| !p.trim().is_empty()).collect();
    if !rest.is_empty() {
        let _ = writeln!(out, "{}\n", rest.join("\n\n"));
    }

    if d.inputs.is_empty() {
        out.push_str("Input: none.\n\n");
    } else {
        let schema = regel_rpc::schema::input(program, d);
        out.push_str("| input | type | default | meaning |\n|---|---|---|---|\n");
        for input in &d.inputs {
            let default = match (
                &input.default,
                schema["properties"][&input.name].get("default"),
            ) {
                (_, Some(json)) => format!("`{json}`"),
                (Some(_), None) => "computed".to_owned(),
                (None, None) if matches!(input.ty, Ty::Optional(_)) => "`null`".to_owned(),
                (None, None) => "required".to_owned(),
            };
            let meaning = program
                .labels
                .member(Kind::Input, &d.name, &input.name)
                .unwrap_or("");
            let _ = writeln!(
                out,
                "| `{}` | {} | {default} | {} |",
                input.name,
                ty(program, &input.ty),
                cell(meaning)
            );
        }
        out.push('\n');
    }

    let codes = distinct(d.rules.iter().map(|r| r.reason.as_str()));
    let sections = distinct(
        d.rules
            .iter()
            .map(|r| r.cite.as_str())
            .chain(d.requires.iter().map(|r| r.cite.as_str()))
            .chain(
                d.rules
                    .iter()
                    .flat_map(|r| r.requires.iter().map(|q| q.cite.as_str())),
            ),
    );
    out.push_str("| output | type | meaning |\n|---|---|---|\n");
    for o in &d.outputs {
        let t = match o.source {
            OutputSource::Reason => "reason code (below)".to_owned(),
            OutputSource::Citation => "section".to_owned(),
            _ => ty(program, &o.ty),
        };
        let meaning = program
            .labels
            .member(Kind::Output, &d.name, &o.name)
            .unwrap_or("");
        let _ = writeln!(out, "| `{}` | {t} | {} |", o.name, cell(meaning));
    }
    out.push('\n');

    let reasons: Vec<String> = codes
        .iter()
        .map(|c| match program.labels.member(Kind::Reason, &d.name, c) {
            Some(l) => format!("`{c}` ({})", cell(l)),
            None => format!("`{c}`"),
        })
        .collect();
    let _ = writeln!(
        out,
        "Reason codes, in rule order: {}.\n",
        reasons.join(", ")
    );
    let rejections = regel_rpc::schema::rejections(program, d);
    let rejections: Vec<String> = rejections
        .iter()
        .map(|r| format!("`{}` (§ {})", r.reason, r.paragraf))
        .collect();
    if !rejections.is_empty() {
        let _ = writeln!(out, "Rejections (-32004): {}.\n", rejections.join(", "));
    }
    let _ = writeln!(out, "Sections: {}.\n", sections.join(", "));
}

/// The generated part of the catalogue: every decision of every bundled version.
fn generated() -> String {
    let mut out = String::new();
    for version in VERSIONS {
        let engine = engine(version);
        let program = engine.program();
        let mut decisions: Vec<&Decision> = program.decisions.iter().map(AsRef::as_ref).collect();
        decisions.sort_by(|a, b| a.name.cmp(&b.name));
        let _ = writeln!(
            out,
            "## Version {version} — {} ({} decisions)\n",
            program.info.title,
            decisions.len()
        );
        let names: Vec<String> = decisions.iter().map(|d| format!("`{}`", d.name)).collect();
        let _ = writeln!(out, "{}.\n", names.join(", "));
        for d in decisions {
            decision(&mut out, version, program, d);
        }
    }
    out
}

fn catalogue_path() -> std::path::PathBuf {
    root().join("docs").join("decisions.md")
}

#[test]
fn the_catalogue_lists_every_decision_as_the_policies_define_it() {
    let path = catalogue_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("{} has no generated part ({BEGIN} … {END})", path.display());
    };
    let fresh = generated();
    if std::env::var_os("UPDATE_CATALOGUE").is_some() {
        let updated = format!(
            "{}{BEGIN}\n\n{fresh}{END}{}",
            &text[..begin],
            &text[end + END.len()..]
        );
        std::fs::write(&path, updated).unwrap();
        return;
    }
    let current = &text[begin + BEGIN.len()..end];
    // Every decision first, by name, so that a missing one is named plainly.
    for version in VERSIONS {
        for d in &engine(version).program().decisions {
            let heading = format!("### `{}` ({version})", d.name);
            assert!(
                current.contains(&heading),
                "docs/decisions.md lacks {} of version {version}; run UPDATE_CATALOGUE=1 cargo test -p regel-e2e --test e2e -- catalogue::",
                d.name
            );
        }
    }
    if current.trim() != fresh.trim() {
        let (old, new): (Vec<&str>, Vec<&str>) =
            (current.lines().collect(), fresh.lines().collect());
        let first = old
            .iter()
            .zip(&new)
            .position(|(a, b)| a != b)
            .unwrap_or(old.len().min(new.len()));
        panic!(
            "docs/decisions.md differs from the policies from its generated line {}:\n  catalogue: {:?}\n  policies:  {:?}\nrun UPDATE_CATALOGUE=1 cargo test -p regel-e2e --test e2e -- catalogue::",
            first + 1,
            old.get(first).unwrap_or(&"(end)"),
            new.get(first).unwrap_or(&"(end)")
        );
    }
}

/// The contract of the catalogue's second edition (`shared/spec/decisions.md`): each decision
/// with its input fields, output fields and reason codes, as other systems call them. The
/// policies may add to it, never take away.
#[test]
fn the_second_edition_contract_holds() {
    type Entry = (
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    );
    const CONTRACT: &[Entry] = &[
        (
            "listning.byte",
            &[
                "datum",
                "tidigare_byten",
                "sarskilda_skal",
                "skyddad_identitet",
                "asylsokande",
                "mal_enhet",
                "listningsstopp_beviljat",
            ],
            &["utfall", "skal", "paragraf", "byten_inom_perioden"],
            &[
                "skyddad_identitet",
                "asylsokande",
                "ej_valbar_enhet",
                "listningsstopp",
                "hogst_tva_byten",
                "sarskilda_skal",
                "inom_grans",
            ],
        ),
        (
            "listning.passiv",
            &[
                "handelse",
                "skyddad_identitet",
                "asylsokande",
                "aktivt_val",
                "nuvarande_halsocentral",
                "moderns_halsocentral",
                "sammanslagen_halsocentral",
                "narmaste_halsocentral",
                "omradets_halsocentral",
                "bor_inom_sammanslaget_omrade",
            ],
            &["halsocentral", "listning", "skal", "paragraf"],
            &[
                "skyddad_identitet",
                "asylsokande",
                "aktivt_val",
                "moderns_halsocentral",
                "narmaste",
                "kvar_vid_flytt",
                "ingen_omlistning",
                "omradet",
                "sammanslagen",
                "icke_valsalternativ",
            ],
        ),
        (
            "kapacitetsstopp.beslut",
            &["fran", "till", "skriftlig_anmalan", "risker"],
            &["beslutsfattare", "villkor_uppfyllda", "brister", "paragraf"],
            &[],
        ),
        (
            "sanktion.vite",
            &[
                "manatlig_vardpeng",
                "storre_avvikelse",
                "rattelse_skett",
                "yttrande_mojlighet_given",
                "begart_vite",
            ],
            &["tak", "tillatet", "skal", "paragraf"],
            &[
                "yttrande_saknas",
                "ej_storre_avvikelse",
                "rattelse_skett",
                "overstiger_tak",
                "inom_tak",
            ],
        ),
        (
            "sanktion.atgarder",
            &[
                "brist_konstaterad",
                "storre_avvikelse",
                "rattelse_skett",
                "yttrande_mojlighet_given",
                "uppfyller_ej_kvalificeringskrav",
                "kontrakt_havt",
            ],
            &["mojliga_atgarder", "skal", "paragraf"],
            &[
                "kontrakt_havt",
                "yttrande_saknas",
                "brist_konstaterad",
                "kvalificeringskrav",
                "ingen_brist",
            ],
        ),
        (
            "godkannande.ansokan",
            &[
                "inkommen",
                "ansokan_komplett",
                "handlingar_bifogade",
                "komplettering_begard",
                "komplettering_lamnad",
                "lag_kreditvardighet_som_paverkar",
                "nystartad_utan_ekonomisk_stabilitet",
                "ekonomisk_plan_begard",
                "ekonomisk_plan_godtagbar",
                "risk_for_obestand",
                "obetalda_skatter_eller_avgifter",
                "upprepade_tidigare_skulder",
                "flera_tidigare_konkurser",
                "juridisk_person",
                "foretag_under_bildande",
            ],
            &[
                "utfall",
                "skal",
                "beslut_senast",
                "kontrakt_kan_tecknas",
                "paragraf",
            ],
            &[],
        ),
        (
            "ersattning.vardpeng",
            &["andel_alder", "andel_acg", "andel_cni"],
            &["arlig", "manatlig", "delar", "paragraf"],
            &[],
        ),
        (
            "avtal.kontraktstid",
            &["driftstart", "uppsagning"],
            &[
                "avtal_slut",
                "forlangt_slut",
                "sista_dag_forlangningsavisering",
                "upphor_efter_uppsagning",
                "paragraf",
            ],
            &[],
        ),
        (
            "villkorsandring.frister",
            &["beslut", "meddelat", "invandning"],
            &[
                "tidigast_ikrafttradande",
                "sista_dag_invandning",
                "invandning_i_tid",
                "avtalet_upphor",
                "nya_villkor_galler",
                "paragraf",
            ],
            &[],
        ),
        (
            "frister.rapportering",
            &["typ", "verksamhetsar", "mottaget"],
            &["senast", "paragraf"],
            &[],
        ),
        (
            "enhet.oppethallande",
            &[
                "typ",
                "oppnar",
                "stanger",
                "dagar_per_vecka",
                "oppet_var_nte_vecka",
            ],
            &["uppfyller", "brister", "paragraf"],
            &[],
        ),
        (
            "bemanning.lakartathet",
            &["listade", "distriktslakare"],
            &["listade_per_lakare", "uppfyller_mal", "paragraf"],
            &[],
        ),
        (
            "filial.etablering",
            &["samma_kommun_som_huvudmottagning", "regionens_godkannande"],
            &["tillatet", "skal", "paragraf"],
            &[
                "samma_kommun",
                "godkand_av_regionen",
                "annan_kommun_kraver_godkannande",
            ],
        ),
    ];
    let engine = engine("2023");
    let program = engine.program();
    for (name, inputs, outputs, codes) in CONTRACT {
        let Some((_, d)) = program.decision(name) else {
            panic!("policies/2023 lacks the catalogue's decision {name}");
        };
        for i in *inputs {
            assert!(
                d.inputs.iter().any(|x| x.name == *i),
                "{name}: input {i} missing"
            );
        }
        for o in *outputs {
            assert!(
                d.outputs.iter().any(|x| x.name == *o),
                "{name}: output {o} missing"
            );
        }
        let reasons: Vec<&str> = d.rules.iter().map(|r| r.reason.as_str()).collect();
        for c in *codes {
            assert!(reasons.contains(c), "{name}: reason code {c} missing");
        }
    }
    // The catalogue states the rejection of an uppsagning before driftstart by its reason.
    let (_, kontrakt) = program.decision("avtal.kontraktstid").unwrap();
    let rejections = regel_rpc::schema::rejections(program, kontrakt);
    let reasons: Vec<&str> = rejections.iter().map(|r| r.reason.as_str()).collect();
    assert!(
        reasons.contains(&"uppsagning_fore_driftstart"),
        "{reasons:?}"
    );
}
