//! Benchmarks of the core: checking `policies/2023` cold and after a one-rule edit, and
//! deciding in-process, with a hand-written Rust `listning.byte` as the reference peer.
//!
//! Run with `cargo bench -p regel-bench --bench core`; figures and targets are in
//! `BENCHMARKS.md`. Every benchmark first checks that its path gives the answer
//! `shared/spec/decisions.md` expects, so a failing path is never timed.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};
use regel_bench::kapacitetsstopp;
use regel_bench::listning::{
    ByteBeslut, ByteInput, HISTORY, Utfall, date, hand_written_json, listning_byte,
};
use regel_compiler::ir::{Decision, Program, Value};
use regel_compiler::{
    Database, Diagnostic, SourceFile, Version, diagnostics, load_version, program,
};
use regel_eval::{Engine, TestOutcome, decide_json, run_tests};
use salsa::Setter;
use serde_json::{Value as Json, json};

/// The file the incremental benchmark edits, and the rule condition it rewrites to an
/// equivalent one of another length (every later item moves).
const EDITED_FILE: &str = "2023/listning.regel";
const RULE_BEFORE: &str = "when byten >= max_byten and not sarskilda_skal";
const RULE_AFTER: &str = "when byten > max_byten - 1 and not sarskilda_skal";

/// The `*.regel` files of `policies/2023` as the CLI hands them over:
/// (path relative to the policies folder, text), sorted by path.
fn read_policies_2023() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies/2023");
    assert!(dir.is_dir(), "{} is not a folder", dir.display());
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "regel"))
        .collect();
    paths.sort();
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (format!("2023/{name}"), fs::read_to_string(p).unwrap())
        })
        .collect();
    assert!(!files.is_empty(), "no *.regel files in {}", dir.display());
    assert!(
        files.iter().any(|(path, _)| path == EDITED_FILE),
        "{EDITED_FILE} is missing"
    );
    files
}

/// The cold check: a fresh database, the version loaded, diagnostics and program.
/// The database is returned so that dropping it is not timed.
fn check_cold(files: Vec<(String, String)>) -> (Database, Vec<Diagnostic>, Arc<Program>) {
    let db = Database::default();
    let version = load_version(&db, "2023", files);
    let diags = diagnostics(&db, version);
    let program = program(&db, version);
    (db, diags, program)
}

fn assert_no_errors(diags: &[Diagnostic], what: &str) {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{what}: errors {errors:#?}");
}

/// Every `test` block of the program passes.
fn assert_tests_pass(program: &Arc<Program>, what: &str) {
    let reports = run_tests(program);
    assert!(!reports.is_empty(), "{what}: no tests");
    let failed: Vec<_> = reports
        .iter()
        .filter(|r| r.outcome != TestOutcome::Passed)
        .collect();
    assert!(failed.is_empty(), "{what}: failing tests {failed:#?}");
}

fn source_file(db: &Database, version: Version, path: &str) -> SourceFile {
    version
        .files(db)
        .iter()
        .copied()
        .find(|f| f.path(db) == path)
        .unwrap()
}

fn bench_check(c: &mut Criterion) {
    let files = read_policies_2023();
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    // What was measured, for BENCHMARKS.md: the file set changes as policies are written, and
    // the machine may be shared.
    let names: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    eprintln!(
        "policies/2023: {} files, {bytes} bytes: {}",
        files.len(),
        names.join(", ")
    );
    if let Ok(load) = fs::read_to_string("/proc/loadavg") {
        eprintln!("load average at start: {}", load.trim());
    }

    // Verify once: the version checks without errors, has the decisions benchmarked below,
    // and its tests pass.
    let (_db, diags, cold_program) = check_cold(files.clone());
    assert_no_errors(&diags, "policies/2023");
    for name in ["listning.byte", "kapacitetsstopp.beslut"] {
        assert!(cold_program.decision(name).is_some(), "{name} is missing");
    }
    assert_tests_pass(&cold_program, "policies/2023");

    let mut cold = c.benchmark_group("check/cold");
    cold.throughput(Throughput::Bytes(bytes as u64));
    cold.bench_function("policies-2023", |b| {
        b.iter_batched(
            || files.clone(),
            |files| check_cold(black_box(files)),
            BatchSize::SmallInput,
        );
    });
    cold.finish();

    // One database, warmed; the edit alternates between the original and an equivalent rule.
    let mut db = Database::default();
    let version = load_version(&db, "2023", files.clone());
    assert_no_errors(&diagnostics(&db, version), "warm");
    let file = source_file(&db, version, EDITED_FILE);
    let original = file.text(&db).clone();
    assert_eq!(
        original.matches(RULE_BEFORE).count(),
        1,
        "{EDITED_FILE} should hold `{RULE_BEFORE}` once"
    );
    let edited = original.replacen(RULE_BEFORE, RULE_AFTER, 1);
    // The edited text checks clean and decides the same (its tests still pass), and so does
    // the original when set back.
    for (text, what) in [(&edited, "edited"), (&original, "original")] {
        file.set_text(&mut db).to(text.clone());
        assert_no_errors(&diagnostics(&db, version), what);
        assert_tests_pass(&program(&db, version), what);
    }
    let texts = [original, edited];

    let mut incremental = c.benchmark_group("check/incremental");
    let mut next = 0usize;
    incremental.bench_function("one-rule-edit", |b| {
        b.iter_batched(
            || {
                next ^= 1;
                texts[next].clone()
            },
            |text| {
                let old = file.set_text(&mut db).to(text);
                let diags = diagnostics(&db, version);
                let program = program(&db, version);
                (old, diags, program)
            },
            BatchSize::SmallInput,
        );
    });
    // The floor under any re-check: nothing changed, every query is a memo hit.
    incremental.bench_function("no-edit", |b| {
        b.iter(|| (diagnostics(&db, version), program(&db, version)));
    });
    incremental.finish();
}

/// The program of `policies/2023`, checked clean.
fn program_2023() -> Arc<Program> {
    let (_db, diags, program) = check_cold(read_policies_2023());
    assert_no_errors(&diags, "policies/2023");
    program
}

fn decision(engine: &Engine, name: &str) -> Arc<Decision> {
    engine.program().decision(name).unwrap().1.clone()
}

/// Checks that `decide_json` and `Engine::decide` on the inputs converted once both give
/// `expected`, and returns those inputs.
fn verified_inputs(engine: &Engine, name: &str, input: &Json, expected: &Json) -> Vec<Value> {
    let via_json = decide_json(engine, name, input, false, "/input").unwrap();
    assert_eq!(&via_json.output, expected, "{name} through decide_json");
    let d = decision(engine, name);
    let values = regel_eval::json::inputs(engine, &d, input, "/input").unwrap();
    let decided = engine.decide(&d, values.clone()).unwrap();
    let output = regel_eval::json::outputs(engine.program(), &d, &decided.outputs).unwrap();
    assert_eq!(&output, expected, "{name} through Engine::decide");
    values
}

fn bench_listning_byte(c: &mut Criterion) {
    let engine = Engine::new(program_2023()).unwrap();
    let d = decision(&engine, "listning.byte");
    let input = json!({ "datum": "2023-05-10", "tidigare_byten": HISTORY });
    let expected = json!({
        "utfall": "avslas",
        "skal": "hogst_tva_byten",
        "paragraf": "3.6.1",
        "byten_inom_perioden": 2,
    });
    let values = verified_inputs(&engine, "listning.byte", &input, &expected);

    // The peer agrees with the policy on the benchmark input and on the edges of its tests.
    let agreements = [
        input.clone(),
        json!({ "datum": "2023-05-10", "tidigare_byten": [] }),
        json!({ "datum": "2023-05-10", "tidigare_byten": [], "skyddad_identitet": true, "asylsokande": true }),
        json!({ "datum": "2023-05-10", "tidigare_byten": [], "asylsokande": true }),
        json!({ "datum": "2023-05-10", "tidigare_byten": ["2023-01-01", "2023-02-01"], "mal_enhet": "servicepunkt" }),
        json!({ "datum": "2023-05-10", "tidigare_byten": [], "listningsstopp_beviljat": true }),
        json!({ "datum": "2023-05-10", "tidigare_byten": ["2022-09-01", "2023-01-15"], "sarskilda_skal": true }),
        json!({ "datum": "2023-05-10", "tidigare_byten": ["2022-05-10", "2023-01-15"] }),
        json!({ "datum": "2023-05-10", "tidigare_byten": ["2022-05-11", "2023-01-15"] }),
        json!({ "datum": "2024-02-29", "tidigare_byten": ["2023-02-28", "2023-06-01"] }),
        json!({ "datum": "2024-02-29", "tidigare_byten": ["2023-03-01", "2023-06-01"] }),
        json!({ "datum": "2025-02-28", "tidigare_byten": ["2024-02-29", "2024-12-01"] }),
    ];
    for case in &agreements {
        let policy = decide_json(&engine, "listning.byte", case, false, "/input").unwrap();
        assert_eq!(
            Some(policy.output),
            hand_written_json(case),
            "the peer disagrees on {case}"
        );
    }
    let history: Vec<NaiveDate> = HISTORY.iter().map(|s| date(s).unwrap()).collect();
    let typed = ByteInput::plain(date("2023-05-10").unwrap(), &history);
    assert_eq!(
        listning_byte(&typed),
        Ok(ByteBeslut {
            utfall: Utfall::Avslas,
            skal: "hogst_tva_byten",
            paragraf: "3.6.1",
            byten_inom_perioden: 2,
        })
    );

    let mut group = c.benchmark_group("eval/listning.byte/10-date-history");
    group.throughput(Throughput::Elements(1));
    group.bench_function("decide_json", |b| {
        b.iter(|| decide_json(&engine, "listning.byte", black_box(&input), false, "/input"));
    });
    group.bench_function("engine.decide", |b| {
        b.iter_batched(
            || values.clone(),
            |values| engine.decide(&d, black_box(values)),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("decider", |b| {
        let mut decider = engine.decider(&d);
        let mut outputs = Vec::new();
        b.iter(|| decider.decide_into(black_box(&values), &mut outputs));
    });
    bench_native(&mut group, &engine, "2023", "listning.byte", &values);
    // The compiled decision's typed interface, the hand-written function's terms.
    let native = regel_native::v2023::ListningByte::new();
    let native_input = regel_bench::native::plain_byte_input(typed.datum, &history);
    let (rule, decided) = native.decide(&native_input).unwrap();
    assert_eq!(
        (
            rule,
            decided.utfall,
            decided.skal,
            decided.paragraf,
            decided.byten_inom_perioden
        ),
        (
            4,
            regel_native::v2023::Utfall::Avslas,
            "hogst_tva_byten",
            "3.6.1",
            2
        )
    );
    group.bench_function("native-typed", |b| {
        b.iter(|| native.decide(black_box(&native_input)));
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| listning_byte(black_box(&typed)));
    });
    group.bench_function("hand-written+json", |b| {
        b.iter(|| hand_written_json(black_box(&input)));
    });
    group.finish();
}

fn bench_kapacitetsstopp(c: &mut Criterion) {
    let engine = Engine::new(program_2023()).unwrap();
    let d = decision(&engine, "kapacitetsstopp.beslut");
    let input = json!({
        "fran": "2023-01-01",
        "till": "2023-03-31",
        "skriftlig_anmalan": true,
        "risker": ["patientsakerhet"],
    });
    let expected = json!({
        "beslutsfattare": "regiondirektor",
        "villkor_uppfyllda": true,
        "brister": [],
        "paragraf": "3.6.12",
    });
    let values = verified_inputs(&engine, "kapacitetsstopp.beslut", &input, &expected);

    let mut group = c.benchmark_group("eval/kapacitetsstopp.beslut");
    group.throughput(Throughput::Elements(1));
    group.bench_function("decide_json", |b| {
        b.iter(|| {
            decide_json(
                &engine,
                "kapacitetsstopp.beslut",
                black_box(&input),
                false,
                "/input",
            )
        });
    });
    group.bench_function("engine.decide", |b| {
        b.iter_batched(
            || values.clone(),
            |values| engine.decide(&d, black_box(values)),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("decider", |b| {
        let mut decider = engine.decider(&d);
        let mut outputs = Vec::new();
        b.iter(|| decider.decide_into(black_box(&values), &mut outputs));
    });
    let fran = date("2023-01-01").unwrap();
    let till = date("2023-03-31").unwrap();
    assert_eq!(
        kapacitetsstopp::beslut_json(&input).as_ref(),
        Some(&expected),
        "the hand-written peer agrees"
    );
    bench_native(
        &mut group,
        &engine,
        "2023",
        "kapacitetsstopp.beslut",
        &values,
    );
    let native = regel_native::v2023::KapacitetsstoppBeslut::new();
    let risker = [regel_native::v2023::Risk::Patientsakerhet];
    let native_input = regel_native::v2023::KapacitetsstoppBeslutInput {
        fran,
        till,
        skriftlig_anmalan: true,
        risker: &risker,
    };
    let (rule, decided) = native.decide(&native_input).unwrap();
    assert_eq!(
        (
            rule,
            decided.beslutsfattare,
            decided.villkor_uppfyllda,
            decided.paragraf
        ),
        (
            0,
            regel_native::v2023::Beslutsfattare::Regiondirektor,
            true,
            "3.6.12"
        )
    );
    assert_eq!(decided.brister, Value::List(Arc::from(vec![])));
    group.bench_function("native-typed", |b| {
        b.iter(|| native.decide(black_box(&native_input)));
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| kapacitetsstopp::beslut(black_box(fran), black_box(till), true, 1));
    });
    group.bench_function("hand-written+json", |b| {
        b.iter(|| kapacitetsstopp::beslut_json(black_box(&input)));
    });
    group.finish();
}

/// `sanktion.vite` (2023) and `ersattning.vardpeng` (2021: the 2023 version leaves the pots
/// unset, and the decision then rejects), through the JSON boundary and in-process.
fn bench_payments(c: &mut Criterion) {
    let engine_of = |v: &str| {
        let db = Database::default();
        let version = load_version(&db, v, read_version(v));
        assert_no_errors(&diagnostics(&db, version), v);
        Engine::new(program(&db, version)).unwrap()
    };
    let (e2023, e2021) = (engine_of("2023"), engine_of("2021"));
    let cases = [
        (
            &e2023,
            "2023",
            "sanktion.vite",
            json!({"manatlig_vardpeng": "1234567.89", "storre_avvikelse": true,
                   "rattelse_skett": false, "yttrande_mojlighet_given": true}),
        ),
        (
            &e2021,
            "2021",
            "ersattning.vardpeng",
            json!({"andel_alder": "0.025", "andel_acg": "0.031", "andel_cni": "0.017"}),
        ),
    ];
    for (engine, version, name, input) in cases {
        let expected = decide_json(engine, name, &input, false, "/input")
            .unwrap()
            .output;
        let values = verified_inputs(engine, name, &input, &expected);
        let d = decision(engine, name);
        let mut group = c.benchmark_group(format!("eval/{name}"));
        group.throughput(Throughput::Elements(1));
        group.bench_function("decide_json", |b| {
            b.iter(|| decide_json(engine, name, black_box(&input), false, "/input"));
        });
        group.bench_function("engine.decide", |b| {
            b.iter_batched(
                || values.clone(),
                |values| engine.decide(&d, black_box(values)),
                BatchSize::SmallInput,
            );
        });
        group.bench_function("decider", |b| {
            let mut decider = engine.decider(&d);
            let mut outputs = Vec::new();
            b.iter(|| decider.decide_into(black_box(&values), &mut outputs));
        });
        bench_native(&mut group, engine, version, name, &values);
        hand_written_payment(&mut group, name, &input, &expected);
        group.finish();
    }
}

/// The hand-written `sanktion.vite` or `ersattning.vardpeng` on the bench's input, after
/// checking that it answers as the interpreter does.
fn hand_written_payment(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    input: &Json,
    expected: &Json,
) {
    let amount = |field: &str| regel_bench::sanktion::amount(&input[field]).unwrap();
    if name == "sanktion.vite" {
        assert_eq!(
            regel_bench::sanktion::vite_json(input).as_ref(),
            Some(expected),
            "the hand-written peer agrees"
        );
        let vite = regel_bench::sanktion::ViteInput {
            manatlig_vardpeng: amount("manatlig_vardpeng"),
            storre_avvikelse: true,
            rattelse_skett: false,
            yttrande_mojlighet_given: true,
            begart_vite: None,
        };
        group.bench_function("hand-written", |b| {
            b.iter(|| regel_bench::sanktion::vite(black_box(&vite)));
        });
    } else {
        assert_eq!(
            regel_bench::ersattning::vardpeng_json(input).as_ref(),
            Some(expected),
            "the hand-written peer agrees"
        );
        let (alder, acg, cni) = (
            amount("andel_alder"),
            amount("andel_acg"),
            amount("andel_cni"),
        );
        group.bench_function("hand-written", |b| {
            b.iter(|| {
                regel_bench::ersattning::vardpeng(black_box(alder), black_box(acg), black_box(cni))
            });
        });
    }
}

/// The decision compiled to Rust at build time (`regel-native`), after checking that it
/// answers as the interpreter does on the benchmark's input.
fn bench_native(
    group: &mut BenchmarkGroup<'_, WallTime>,
    engine: &Engine,
    version: &str,
    name: &str,
    values: &[Value],
) {
    let native = regel_bench::native::checked(engine, version, name, values).unwrap();
    let mut compiled = Vec::new();
    group.bench_function("native", |b| {
        b.iter(|| native.decide_into(black_box(values), &mut compiled));
    });
}

/// The `*.regel` files of `policies/<v>`, sorted, as the CLI hands them over.
fn read_version(v: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .join(v);
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (format!("{v}/{name}"), fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// `regel diff policies/2021 policies/2023`, in memory from the texts (target: 50 ms), and with
/// `--impact` (target: 2 s).
fn bench_diff(c: &mut Criterion) {
    let (old, new) = (read_version("2021"), read_version("2023"));
    let run = |impact: bool| {
        let db = Database::default();
        let a = load_version(&db, "2021", old.clone());
        let b = load_version(&db, "2023", new.clone());
        regel_diff::diff(&db, a, b, regel_diff::Options { impact })
    };
    assert!(!run(false).changes.is_empty(), "2021 and 2023 differ");
    let mut group = c.benchmark_group("diff/2021-2023");
    group.bench_function("structure", |b| b.iter(|| black_box(run(false))));
    group.bench_function("with-impact", |b| b.iter(|| black_box(run(true))));
    group.finish();
}

// The reference peer: `listning.byte` of `policies/2023/listning.regel` written by hand in
// plain Rust with chrono, as a programmer would without Regel.

/// `regel fmt` over every file of `policies/2023`, in memory (issue target: under 10 ms).
fn bench_fmt(c: &mut Criterion) {
    let files = read_policies_2023();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    for (path, text) in &files {
        let formatted = regel_fmt::format(text).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert_eq!(
            &formatted, text,
            "{path} is formatted, so the bench times the usual case"
        );
    }
    let mut group = c.benchmark_group("fmt");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("policies-2023", |b| {
        b.iter(|| {
            for (_, text) in &files {
                std::hint::black_box(regel_fmt::format(std::hint::black_box(text)).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_fmt,
    bench_check,
    bench_listning_byte,
    bench_kapacitetsstopp,
    bench_payments,
    bench_diff
);
criterion_main!(benches);
