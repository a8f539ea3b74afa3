//! The inputs every engine must answer alike: the `test` blocks of the policies (copied as
//! JSON), then the edges (leap days, month ends, the exact boundary of a cap, rejections).

use serde_json::{Value as Json, json};

use super::Decision;

/// The input the benches time, for each decision.
pub fn bench_input(decision: Decision) -> Json {
    match decision {
        Decision::ListningByte => {
            json!({"datum": "2023-05-10", "tidigare_byten": crate::listning::HISTORY})
        }
        Decision::Kapacitetsstopp => json!({"fran": "2023-01-01", "till": "2023-03-31",
            "skriftlig_anmalan": true, "risker": ["patientsakerhet"]}),
        Decision::SanktionVite => {
            json!({"manatlig_vardpeng": "1234567.89", "storre_avvikelse": true,
            "rattelse_skett": false, "yttrande_mojlighet_given": true})
        }
        Decision::ErsattningVardpeng => {
            json!({"andel_alder": "0.025", "andel_acg": "0.031", "andel_cni": "0.017"})
        }
    }
}

pub fn cases(decision: Decision) -> Vec<Json> {
    let mut cases = vec![bench_input(decision)];
    cases.extend(match decision {
        Decision::ListningByte => listning(),
        Decision::Kapacitetsstopp => kapacitetsstopp(),
        Decision::SanktionVite => sanktion(),
        Decision::ErsattningVardpeng => ersattning(),
    });
    cases
}

fn listning() -> Vec<Json> {
    let d = "2023-05-10";
    vec![
        json!({"datum": d, "tidigare_byten": []}),
        json!({"datum": d, "tidigare_byten": [], "skyddad_identitet": true}),
        json!({"datum": d, "tidigare_byten": [], "skyddad_identitet": true, "asylsokande": true}),
        json!({"datum": d, "tidigare_byten": [], "asylsokande": true}),
        json!({"datum": d, "tidigare_byten": [], "mal_enhet": "filial"}),
        json!({"datum": d, "tidigare_byten": ["2023-01-01", "2023-02-01"], "mal_enhet": "servicepunkt"}),
        json!({"datum": d, "tidigare_byten": [], "listningsstopp_beviljat": true}),
        json!({"datum": d, "tidigare_byten": ["2022-09-01", "2023-01-15"]}),
        json!({"datum": d, "tidigare_byten": ["2022-09-01", "2023-01-15"], "sarskilda_skal": true}),
        // The period's edges: exactly one year before has left it, a day later has not.
        json!({"datum": d, "tidigare_byten": ["2022-05-10", "2023-01-15"]}),
        json!({"datum": d, "tidigare_byten": ["2022-05-11", "2023-01-15"]}),
        json!({"datum": d, "tidigare_byten": ["2023-05-10", "2023-05-10"]}),
        // Leap days and the turn of the year.
        json!({"datum": "2024-02-29", "tidigare_byten": ["2023-02-28", "2023-06-01"]}),
        json!({"datum": "2024-02-29", "tidigare_byten": ["2023-03-01", "2023-06-01"]}),
        json!({"datum": "2025-02-28", "tidigare_byten": ["2024-02-29", "2024-12-01"]}),
        json!({"datum": "2024-01-01", "tidigare_byten": ["2023-01-01", "2023-12-31"]}),
        json!({"datum": "2024-01-01", "tidigare_byten": ["2023-01-02", "2023-12-31"]}),
        // Rejected: an earlier switch after the day asked for.
        json!({"datum": d, "tidigare_byten": ["2023-05-11"]}),
    ]
}

fn kapacitetsstopp() -> Vec<Json> {
    let stopp = |fran: &str, till: &str, skriftlig: bool, risker: &[&str]| json!({"fran": fran, "till": till, "skriftlig_anmalan": skriftlig, "risker": risker});
    vec![
        stopp("2023-01-31", "2023-04-30", true, &["arbetsmiljo"]),
        stopp("2023-01-01", "2023-04-01", true, &["arbetsmiljo"]),
        stopp("2023-01-31", "2023-05-01", true, &["arbetsmiljo"]),
        stopp("2023-06-15", "2023-06-15", true, &["patientsakerhet"]),
        stopp("2022-11-30", "2023-02-28", true, &["patientsakerhet"]),
        stopp("2023-11-30", "2024-02-29", true, &["patientsakerhet"]),
        stopp("2023-11-29", "2024-02-29", true, &["patientsakerhet"]),
        stopp("2023-03-01", "2023-03-31", false, &["arbetsmiljo"]),
        json!({"fran": "2023-03-01", "till": "2023-03-31", "skriftlig_anmalan": true}),
        json!({"fran": "2023-03-01", "till": "2023-09-30", "skriftlig_anmalan": false}),
        // Rejected: the stop ends before it starts.
        json!({"fran": "2023-03-01", "till": "2023-02-28", "skriftlig_anmalan": true}),
    ]
}

fn sanktion() -> Vec<Json> {
    let vite =
        |vardpeng: &str, storre: bool, rattelse: bool, yttrande: bool, begart: Option<&str>| {
            let mut input = json!({"manatlig_vardpeng": vardpeng, "storre_avvikelse": storre,
            "rattelse_skett": rattelse, "yttrande_mojlighet_given": yttrande});
            if let Some(b) = begart {
                input["begart_vite"] = json!(b);
            }
            input
        };
    vec![
        // The exact boundary of the cap: 123 456.78 is allowed, one öre more is not.
        vite("1234567.89", true, false, true, Some("123456.78")),
        vite("1234567.89", true, false, true, Some("123456.79")),
        vite("500000.00", true, false, true, Some("10000.00")),
        vite("0.00", true, false, true, None),
        vite("0.09", true, false, true, None),
        vite("500000.00", true, false, false, None),
        vite("500000.00", false, false, true, None),
        vite("500000.00", true, true, true, None),
    ]
}

fn ersattning() -> Vec<Json> {
    let andel =
        |a: &str, b: &str, c: &str| json!({"andel_alder": a, "andel_acg": b, "andel_cni": c});
    vec![
        andel("0.1", "0.1", "0.1"),
        andel("0", "0", "0"),
        andel("1", "1", "1"),
        // Half an öre, rounded away from zero.
        andel("0.000000001171875", "0", "0"),
        andel("0.002003204928", "0", "0"),
    ]
}
