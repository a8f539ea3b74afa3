//! `regel verify`: the rules of each version proved with Z3 (see `regel_verify`).

use std::path::Path;

use regel_compiler::program;
use regel_verify::{Options, Report, Status};

use crate::{FAILED, Format, OK, USAGE};

pub(crate) fn run(dir: &Path, format: Format, list_bound: usize) -> u8 {
    if list_bound == 0 {
        errln!("error: --list-bound must be at least 1");
        return USAGE;
    }
    let ws = match crate::workspace::load(dir) {
        Ok(ws) => ws,
        Err(e) => {
            errln!("error: {}", e.0);
            return USAGE;
        }
    };
    let options = Options {
        list_bound,
        // REGEL_VERIFY_TRACE=1: one line per solver question on standard error.
        trace: std::env::var_os("REGEL_VERIFY_TRACE").map(|_| trace_line as fn(&str)),
        ..Options::default()
    };
    let mut failed = false;
    let mut reports = Vec::new();
    for &v in &ws.versions {
        let name = ws.name(v).to_owned();
        // A gap (E0300) is what verifying reports; other errors stop it.
        let errors = ws
            .diagnostics(v)
            .iter()
            .filter(|d| d.is_error() && d.code != "E0300")
            .count();
        if errors > 0 {
            errln!(
                "error: version {name} has {errors} error{}; run `regel check` to see them",
                if errors == 1 { "" } else { "s" }
            );
            failed = true;
            continue;
        }
        let engine = match regel_app::engines::build(program(&ws.db, v)) {
            Ok(engine) => engine,
            Err(e) => {
                errln!("error: {}", e.message);
                failed = true;
                continue;
            }
        };
        let report = regel_verify::verify(&engine, options);
        failed |= !report.clean();
        reports.push((name, report));
    }
    match format {
        Format::Json => {
            let json = match reports.as_slice() {
                [(_, one)] => one.to_json(),
                many => serde_json::Value::Object(
                    many.iter().map(|(n, r)| (n.clone(), r.to_json())).collect(),
                ),
            };
            outln!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Text => {
            for (name, report) in &reports {
                print_text(name, report);
            }
        }
    }
    for (_, report) in &reports {
        for e in &report.internal {
            errln!("internal error: {e}");
        }
    }
    if failed { FAILED } else { OK }
}

fn print_text(version: &str, report: &Report) {
    for f in &report.findings {
        outln!(
            "{} [{}] {}:{}: {}",
            f.kind.as_str(),
            f.kind.code(),
            f.file,
            f.line,
            f.message
        );
        outln!("      help: {}", f.help);
        if let Some(input) = &f.counterexample {
            outln!("      input: {input}");
        }
    }
    for p in &report.properties {
        let mark = match p.status {
            Status::Proved => "proved ",
            Status::Refuted => "REFUTED",
            Status::Unknown => "unknown",
        };
        outln!("{mark} {version} · {} ({}:{})", p.name, p.file, p.line);
        if let Some(input) = &p.counterexample {
            outln!("      input: {input}");
        }
        if let Some(detail) = &p.detail {
            outln!("      {detail}");
        }
    }
    for o in &report.open {
        outln!(
            "unknown {version} · {}: {} ({})",
            o.decision,
            o.question,
            o.reason
        );
    }
    let proved = report
        .properties
        .iter()
        .filter(|p| p.status == Status::Proved)
        .count();
    let bound = if report.bounded.is_empty() {
        String::new()
    } else {
        format!(
            "; decisions with list inputs for lists of up to {} elements",
            report.list_bound
        )
    };
    outln!(
        "{version}: {} finding{}, {proved} of {} propert{} proved{bound}",
        report.findings.len(),
        if report.findings.len() == 1 { "" } else { "s" },
        report.properties.len(),
        if report.properties.len() == 1 {
            "y"
        } else {
            "ies"
        },
    );
}

fn trace_line(line: &str) {
    errln!("{line}");
}
