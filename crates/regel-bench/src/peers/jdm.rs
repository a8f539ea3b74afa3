//! The decisions as GoRules JDM graphs, evaluated by zen-engine: input → expression nodes →
//! output. Each stage but the last passes its input through, so a later stage reads what an
//! earlier one computed. The expressions are zen's expression language; dates are compared
//! with `d(…)`, amounts are zen's decimals.

use std::sync::Arc;

use serde_json::{Value as Json, json};
use zen_engine::DecisionEngine;
use zen_engine::model::DecisionContent;

use super::{Decision, normalize, prepare};

type Stage = &'static [(&'static str, &'static str)];

fn stages(decision: Decision) -> &'static [Stage] {
    match decision {
        Decision::ListningByte => &[
            &[
                ("rejected", "some(tidigare_byten, d(#) > d(datum))"),
                (
                    "byten",
                    "count(tidigare_byten, d(#) > d(start) and d(#) <= d(datum))",
                ),
            ],
            &[
                ("rejected", "rejected"),
                ("byten_inom_perioden", "byten"),
                (
                    "utfall",
                    "skyddad_identitet == true or asylsokande == true \
                     or mal_enhet in ['filial', 'servicepunkt'] or listningsstopp_beviljat == true \
                     or (byten >= 2 and sarskilda_skal != true) ? 'avslas' : 'beviljas'",
                ),
                (
                    "skal",
                    "skyddad_identitet == true ? 'skyddad_identitet' \
                     : asylsokande == true ? 'asylsokande' \
                     : mal_enhet in ['filial', 'servicepunkt'] ? 'ej_valbar_enhet' \
                     : listningsstopp_beviljat == true ? 'listningsstopp' \
                     : byten >= 2 and sarskilda_skal != true ? 'hogst_tva_byten' \
                     : byten >= 2 ? 'sarskilda_skal' : 'inom_grans'",
                ),
                (
                    "paragraf",
                    "skyddad_identitet == true ? '3.6.4' \
                     : asylsokande == true ? '3.6.1' \
                     : mal_enhet in ['filial', 'servicepunkt'] ? '4.4.2' \
                     : listningsstopp_beviljat == true ? '3.6.12' : '3.6.1'",
                ),
            ],
        ],
        Decision::Kapacitetsstopp => &[
            &[("risker_antal", "risker == null ? 0 : len(risker)")],
            &[
                ("rejected", "d(till) < d(fran)"),
                (
                    "beslutsfattare",
                    "d(fran) > d(grans) ? 'regiondirektor' : 'regionstyrelsen'",
                ),
                (
                    "villkor_uppfyllda",
                    "skriftlig_anmalan == true and risker_antal > 0",
                ),
                (
                    "brister",
                    "flatten([skriftlig_anmalan == true ? [] : ['skriftlig_anmalan_saknas'], \
                     risker_antal > 0 ? [] : ['risk_ej_angiven']])",
                ),
                ("paragraf", "'3.6.12'"),
            ],
        ],
        Decision::SanktionVite => &[
            &[(
                "taket",
                "storre_avvikelse == true and rattelse_skett != true \
                 ? floor(manatlig_vardpeng * 0.1 * 100) / 100 : 0",
            )],
            &[
                ("rejected", "false"),
                ("tak", "taket"),
                (
                    "tillatet",
                    "yttrande_mojlighet_given == true and storre_avvikelse == true \
                     and rattelse_skett != true and (begart_vite == null ? taket : begart_vite) <= taket",
                ),
                (
                    "skal",
                    "yttrande_mojlighet_given != true ? 'yttrande_saknas' \
                     : storre_avvikelse != true ? 'ej_storre_avvikelse' \
                     : rattelse_skett == true ? 'rattelse_skett' \
                     : (begart_vite == null ? taket : begart_vite) > taket ? 'overstiger_tak' : 'inom_tak'",
                ),
                ("paragraf", "'3.10'"),
            ],
        ],
        Decision::ErsattningVardpeng => &[
            &[
                ("alder", "round(499200000 * andel_alder, 2)"),
                ("acg", "round(194800000 * andel_acg, 2)"),
                ("cni", "round(78000000 * andel_cni, 2)"),
            ],
            &[
                ("rejected", "false"),
                ("arlig", "alder + acg + cni"),
                ("manatlig", "round((alder + acg + cni) / 12, 2)"),
                ("delar.alder", "alder"),
                ("delar.acg", "acg"),
                ("delar.cni", "cni"),
                ("paragraf", "'Tabell 1'"),
            ],
        ],
    }
}

/// The JDM graph of a decision: input, its stages in a row, output.
pub fn graph(decision: Decision) -> Json {
    let stages = stages(decision);
    let mut nodes = vec![json!({"id": "input", "name": "input", "type": "inputNode"})];
    let mut edges = Vec::new();
    let mut previous = "input".to_owned();
    for (i, stage) in stages.iter().enumerate() {
        let id = format!("stage{i}");
        let expressions: Vec<Json> = stage
            .iter()
            .enumerate()
            .map(|(j, (key, value))| json!({"id": format!("e{i}-{j}"), "key": key, "value": value}))
            .collect();
        nodes.push(json!({
            "id": id, "name": id, "type": "expressionNode",
            "content": {"expressions": expressions, "passThrough": i + 1 < stages.len()},
        }));
        edges.push(json!({"id": format!("edge{i}"), "sourceId": previous, "targetId": id}));
        previous = id;
    }
    nodes.push(json!({"id": "output", "name": "output", "type": "outputNode"}));
    edges.push(json!({"id": "edge-out", "sourceId": previous, "targetId": "output"}));
    json!({"nodes": nodes, "edges": edges})
}

/// One compiled zen decision per Regel decision, and a runtime to await them on.
pub struct Jdm {
    decisions: Vec<(Decision, zen_engine::Decision)>,
    runtime: tokio::runtime::Runtime,
}

impl Jdm {
    pub fn new() -> Result<Jdm, String> {
        let engine = DecisionEngine::default();
        let decisions = Decision::ALL
            .iter()
            .map(|d| {
                let content: DecisionContent =
                    serde_json::from_value(graph(*d)).map_err(|e| format!("{}: {e}", d.name()))?;
                let mut decision = engine
                    .create_decision(Arc::new(content))
                    .map_err(|e| format!("{}: {e:?}", d.name()))?;
                decision.compile();
                Ok((*d, decision))
            })
            .collect::<Result<_, String>>()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Jdm { decisions, runtime })
    }

    /// The decision on `input`; `None` when the peer cannot answer.
    pub fn decide(&self, decision: Decision, input: &Json) -> Option<Json> {
        let prepared = prepare(decision, input)?;
        let (_, zen) = self.decisions.iter().find(|(d, _)| *d == decision)?;
        let response = self.runtime.block_on(zen.evaluate(prepared.into())).ok()?;
        let mut output = response.result.to_value();
        let rejected = output.get("rejected").and_then(Json::as_bool)?;
        if rejected {
            let reason = match decision {
                Decision::ListningByte => "tidigare_byte_efter_datum",
                _ => "till_fore_fran",
            };
            return Some(json!({ "rejected": reason }));
        }
        output.as_object_mut()?.remove("rejected");
        Some(normalize(decision, output))
    }
}
