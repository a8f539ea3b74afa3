//! `regel`: check, test and evaluate the Beställning policies.

#[macro_use]
mod output;

mod codegen;
mod coverage;
mod diff;
mod fmt;
mod new_version;
mod update;
mod verify;
mod workspace;

use regel_rpc::protocol;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use regel_app::Render;
use regel_compiler::{Severity, Version, program};
use regel_eval::{TestOutcome, run_tests};
use serde_json::{Value as Json, json};

use workspace::Workspace;

/// Exit codes scripts can rely on.
pub(crate) const OK: u8 = 0;
/// Errors in the policies, failed tests, or an input the policy rejects.
pub(crate) const FAILED: u8 = 1;
/// Wrong usage or unreadable files.
pub(crate) const USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "regel",
    version,
    about = "Check, test and evaluate Region Norrbotten's Beställning Vårdval primärvård, encoded as typed policies.",
    long_about = "Regel reads policy folders (one per yearly version, `*.regel` files) and checks them, \
runs the tests written next to the rules, and evaluates decisions on JSON input.\n\n\
Exit codes: 0 success; 1 errors in the policies, failing tests or a rejected input; 2 wrong usage or unreadable files.",
    after_help = "Examples:\n  regel check policies\n  regel test policies/2023\n  echo '{\"datum\":\"2023-05-10\",\"tidigare_byten\":[]}' | regel eval --version 2023 listning.byte"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check policies for errors and warnings (syntax, names, types, rules, citations).
    Check {
        /// A policies folder (holding one folder per version) or one version folder.
        #[arg(default_value = "policies")]
        dir: PathBuf,
        /// `text` renders each diagnostic with its source; `json` prints one object per line.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 on warnings too, not only on errors (for CI).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run the `test` blocks of the policies; a failure shows the output fields that differ.
    ///
    /// A version with errors is not tested: its errors are shown instead. Exit 0 when every
    /// test and property passes, 1 otherwise (or when `--filter` matches nothing).
    #[command(
        after_help = "Examples:\n  regel test policies/2023\n  regel test --filter listning.byte\n  regel test --filter 'tredje byte'"
    )]
    Test {
        /// A policies folder (holding one folder per version) or one version folder.
        #[arg(default_value = "policies")]
        dir: PathBuf,
        /// Run only the tests and properties whose name contains TEXT, and those of the
        /// decision TEXT names (`listning.byte`) or of the decisions under it (`listning`).
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// After an intended change: rewrite the expected values of failing tests to what the
        /// decisions now give, in the files, showing each change.
        #[arg(long)]
        update: bool,
        /// Also report, per decision, the rules no test reaches and the `require`s no test
        /// makes fail.
        #[arg(long)]
        coverage: bool,
    },
    /// Rewrite policy files in the canonical layout (`--check`: only list those that would change).
    Fmt {
        /// Files or folders (every `*.regel` below them).
        #[arg(default_value = "policies")]
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that are not formatted and exit 1 if there are any.
        #[arg(long)]
        check: bool,
    },
    /// Serve the JSON-RPC 2.0 API on standard input and output (one message per line).
    ///
    /// Limits: a message may be 16 MiB and nest 128 deep; a policy text (`source.set`) 4 MiB,
    /// a version 256 files and 16 MiB;
    /// one request may evaluate 10 000 000 rules; an input's lists and texts are bounded by
    /// the options below. A bug inside a method is answered as -32603, logged to standard
    /// error with the request id, and the server goes on.
    Serve {
        /// The policies folder: every version folder under it is served.
        #[arg(long, default_value = "policies", value_name = "DIR")]
        policies: PathBuf,
        /// The most elements of any one list in an input.
        #[arg(long, default_value_t = regel_eval::Limits::default().max_list, value_name = "N")]
        max_list: usize,
        /// The most characters of any one text in an input.
        #[arg(long, default_value_t = regel_eval::Limits::default().max_text, value_name = "N")]
        max_text: usize,
    },
    /// Run the language server on standard input and output (LSP, for editors).
    ///
    /// The policies folder is the workspace folder's `policies/`, or the nearest folder of
    /// version folders. Diagnostics as you type, hover, definition, references, rename,
    /// completion, symbols, formatting, semantic tokens, folding and "▶ Kör testet". Never
    /// writes files; a bug inside a request is answered as an internal error and logged to
    /// standard error, and the server goes on.
    Lsp,
    /// List every section a version's header covers as encoded, descriptive or missing (exit 1 if one is missing).
    Coverage {
        /// A version folder, or a policies folder (each version is reported).
        dir: PathBuf,
        /// `text` prints one line per section; `json` prints one object per version.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The source document as plain text: its numbered headings are set beside the
        /// version (sections the policy lacks, titles that differ, covered sections the
        /// document lacks). Without it, the header's `source` is read when that file stands
        /// in or beside the version folder.
        #[arg(long, value_name = "FILE")]
        source: Option<PathBuf>,
    },
    /// Compare two versions section by section: what was added, removed or changed, by meaning.
    ///
    /// Whitespace, comments and rule reorderings that cannot change which rule matches first
    /// are not changes. Exit 0 when the versions do not differ, 1 when they do, 2 on wrong
    /// usage, unreadable files or a version with errors (nothing is compared then).
    #[command(
        after_help = "Examples:\n  regel diff 2021 2023\n  regel diff policies/2020 policies/2021 --format html -o diff.html\n  regel diff 2022 2023 --impact --format json"
    )]
    Diff {
        /// The old version: a version folder, or a folder name under `--policies`.
        old: PathBuf,
        /// The new version, the same way.
        new: PathBuf,
        /// `md` (Markdown, in Swedish), `html` (one self-contained page) or `json` (format `regel-diff/2`).
        #[arg(long, value_enum, default_value = "md")]
        format: diff::DiffFormat,
        /// Also prove, with the Z3 solver, which inputs each changed decision decides differently (every such part, described in the rules' words, with an input run in both versions).
        #[arg(long)]
        impact: bool,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The policies folder the version names are looked up in.
        #[arg(long, default_value = "policies", value_name = "DIR")]
        policies: PathBuf,
    },
    /// Start next year's draft: copy a version folder and move its header one year on.
    ///
    /// The id becomes NEW, the old id in the title becomes NEW, and the validity dates move one
    /// year later. Refuses to overwrite an existing folder. Exit 0 on success, 2 otherwise.
    #[command(
        name = "new-version",
        after_help = "Example:\n  regel new-version 2024 --from 2023"
    )]
    NewVersion {
        /// The new version's folder name (and id), e.g. `2024`.
        new: String,
        /// The version to copy, a folder name under `--policies`.
        #[arg(long, value_name = "OLD")]
        from: String,
        /// The policies folder.
        #[arg(long, default_value = "policies", value_name = "DIR")]
        policies: PathBuf,
    },
    /// Write one version's decisions as a Rust module, for programs that embed that version.
    ///
    /// Per decision: a struct with `decide` on typed inputs (an input struct, an output struct
    /// with reason codes and citations as `&'static str`) and the `Value` interface of
    /// `regel_runtime::generated::NativeDecision`; parameters are compiled in. The module needs the
    /// `regel-runtime` crate only. Exit 0 on success, 1 if the version has errors, 2 on wrong usage.
    #[command(after_help = "Example:\n  regel codegen policies/2023 -o src/policy_2023.rs")]
    Codegen {
        /// One version folder.
        dir: PathBuf,
        /// Write the module to FILE (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Prove what the rules do, with the Z3 solver: unreachable rules, conditions that never
    /// (or always) hold, inputs no rule meets, expressions that can fail, and `property` blocks.
    ///
    /// Every counterexample is an input as `regel eval` takes it, replayed through the
    /// evaluator before it is shown. Exit 0 when nothing is found and every property is
    /// proved, 1 on a finding or a refuted (or unknown) property, 2 on wrong usage.
    #[command(
        after_help = "Examples:\n  regel verify policies/2023\n  regel verify policies/2023 --format json --list-bound 4"
    )]
    Verify {
        /// A policies folder (holding one folder per version) or one version folder.
        #[arg(default_value = "policies")]
        dir: PathBuf,
        /// `text` for people; `json`: `{"findings": […], "properties": […]}`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The most elements of a list input considered; results on decisions with list
        /// inputs hold for lists of up to this many elements.
        #[arg(long, default_value_t = 8, value_name = "N")]
        list_bound: usize,
    },
    /// Evaluate one decision on a JSON input and print the output as JSON.
    Eval {
        /// The decision, e.g. `listning.byte`.
        decision: String,
        /// The version (folder name, e.g. `2023`). Without it and `--as-of`, the newest adopted
        /// version: a draft (`status "utkast"`) answers only when named.
        #[arg(long = "version", value_name = "V", conflicts_with = "as_of")]
        version: Option<String>,
        /// Pick the adopted version in force on this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// A JSON file with the input object, or `-` for standard input.
        #[arg(long, short, value_name = "FILE", default_value = "-")]
        input: String,
        /// Add the trace (the rules tried, their conditions, which matched, the values and
        /// limits that decided, their sections) and the motivering (the reasons in Swedish).
        #[arg(long)]
        explain: bool,
        /// The policies folder.
        #[arg(long, default_value = "policies", value_name = "DIR")]
        policies: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    regel_eval::json::parse_date(s).ok_or_else(|| regel_eval::json::not_a_date(s))
}

/// The compiler and evaluator recurse over the syntax tree; the parser bounds its depth, and
/// the work runs on a thread with a stack sized for that bound, as compilers do.
const STACK: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let worker = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || run(cli));
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => ExitCode::from(code),
        _ => {
            errln!(
                "error: regel stopped on an internal error; please report it with the input that caused it"
            );
            ExitCode::from(70)
        }
    }
}

fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check {
            dir,
            format,
            deny_warnings,
        } => check(&dir, format, deny_warnings),
        Command::Test {
            dir,
            filter,
            update,
            coverage,
        } => test(&dir, filter.as_deref(), update, coverage),
        Command::Serve {
            policies,
            max_list,
            max_text,
        } => serve(&policies, regel_eval::Limits { max_list, max_text }),
        Command::Lsp => {
            let loader = |dir: &std::path::Path| workspace::read(dir).map_err(|e| e.0);
            match regel_lsp::run(Box::new(loader)) {
                Ok(ending) => ending.code(),
                Err(e) => {
                    errln!("error: the connection failed: {e}");
                    FAILED
                }
            }
        }
        Command::Coverage {
            dir,
            format,
            source,
        } => coverage::run(&dir, format, source.as_deref()),
        Command::Verify {
            dir,
            format,
            list_bound,
        } => verify::run(&dir, format, list_bound),
        Command::Codegen { dir, output } => codegen::run(&dir, output.as_deref()),
        Command::Diff {
            old,
            new,
            format,
            impact,
            output,
            policies,
        } => diff::run(&diff::Args {
            old: &old,
            new: &new,
            format,
            impact,
            output: output.as_deref(),
            policies: &policies,
        }),
        Command::NewVersion {
            new,
            from,
            policies,
        } => new_version::run(&new, &from, &policies),
        Command::Fmt { paths, check } => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            fmt::run(&paths, check, color)
        }
        Command::Eval {
            decision,
            version,
            as_of,
            input,
            explain,
            policies,
        } => eval(
            &policies,
            &decision,
            version.as_deref(),
            as_of,
            &input,
            explain,
        ),
    }
}

fn load(dir: &std::path::Path) -> Result<Workspace, u8> {
    crate::workspace::load(dir).map_err(|e| {
        errln!("error: {}", e.0);
        USAGE
    })
}

fn check(dir: &std::path::Path, format: Format, deny_warnings: bool) -> u8 {
    let ws = match load(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (mut errors, mut warnings) = (0, 0);
    // Every version proved with one solver context, not one each (`regel_verify::prover`).
    let _prover = regel_verify::prover::Session::open();
    for &v in &ws.versions {
        // Each file's line index once: placing many diagnostics stays linear in the text.
        let mut lines = std::collections::HashMap::new();
        for d in ws.diagnostics_with_findings(v) {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let text = ws.file(v, &d.file).map_or("", |f| f.text(&ws.db).as_str());
            let (rendering, index) = lines.entry(d.file.clone()).or_insert_with(|| {
                (
                    regel_app::Rendering::new(text),
                    regel_compiler::LineIndex::new(text),
                )
            });
            match format {
                Format::Text => err!("{}", d.render_in(rendering, color)),
                Format::Json => {
                    let line = regel_app::diagnostic_json(&d, d.range_in(text, index));
                    outln!("{}", serde_json::to_string(&line).unwrap_or_default());
                }
            }
        }
    }
    // Versions in force on the same day: `as_of` could not choose between them.
    for (a, b, from, to) in ws.overlaps() {
        errors += 1;
        errln!(
            "error: versions {} and {} are both in force from {from} to {to}: their validity periods overlap, so a date there picks no one version; let one end the day before the other starts",
            ws.name(a),
            ws.name(b)
        );
    }
    let versions = ws.versions.len();
    let denied = if deny_warnings && warnings > 0 {
        " (warnings denied)"
    } else {
        ""
    };
    errln!(
        "checked {versions} version{}: {errors} error{}, {warnings} warning{}{denied}",
        plural(versions),
        plural(errors),
        plural(warnings)
    );
    if errors > 0 || !denied.is_empty() {
        FAILED
    } else {
        OK
    }
}

/// A version's compile errors, as the other front ends say them, and where to see them.
pub(crate) fn see_check(e: &regel_app::Error, dir: &std::path::Path) -> String {
    format!("{} (see `regel check {}`)", e.message, dir.display())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn test(dir: &std::path::Path, filter: Option<&str>, update: bool, coverage: bool) -> u8 {
    let ws = match load(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let wanted =
        |name: &str, decision: &str| filter.is_none_or(|f| filter_matches(f, name, decision));
    let (mut passed, mut failed, mut skipped, mut not_run) = (0usize, 0usize, 0usize, 0usize);
    let (mut updated, mut edits, mut texts) =
        (0usize, Vec::new(), std::collections::HashMap::new());
    for &v in &ws.versions {
        let name = ws.name(v);
        let errors: Vec<_> = ws
            .diagnostics(v)
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        if !errors.is_empty() {
            // The errors themselves, not a failed count the author must go and explain.
            for d in &errors {
                let text = ws
                    .file(v, &d.file)
                    .map(|f| f.text(&ws.db).clone())
                    .unwrap_or_default();
                err!("{}", d.render(&text, color));
            }
            outln!(
                "ERROR {name}: {} error{} (shown above); its tests were not run",
                errors.len(),
                plural(errors.len())
            );
            not_run += 1;
            continue;
        }
        let checked = program(&ws.db, v);
        skipped += checked
            .properties
            .iter()
            .filter(|p| {
                let decision = checked.decisions.get(p.decision as usize);
                !wanted(&p.name, decision.map_or("", |d| d.name.as_str()))
            })
            .count();
        let (p, f) = properties(name, &checked, &wanted);
        passed += p;
        failed += f;
        let mut reached: Vec<(String, regel_eval::Reached)> = Vec::new();
        let mut taken: Vec<(String, Vec<(usize, bool)>)> = Vec::new();
        for report in run_tests(&checked) {
            if !wanted(&report.name, &report.decision) {
                skipped += 1;
                continue;
            }
            reached.push((report.decision.clone(), report.reached.clone()));
            taken.push((report.decision.clone(), report.branches.clone()));
            let place = format!("{}:{}", report.origin.file, report.origin.line);
            match report.outcome {
                TestOutcome::Passed => {
                    passed += 1;
                    outln!("ok    {name} · {} ({place})", report.name);
                }
                TestOutcome::Failed { expected, actual } if update => {
                    let file = &report.origin.file;
                    let text = ws.file(v, file).map_or("", |f| f.text(&ws.db).as_str());
                    let found = update::edits(
                        &checked,
                        text,
                        file,
                        &report.name,
                        &report.decision,
                        &actual,
                    );
                    match found {
                        Ok(mut found) => {
                            updated += 1;
                            outln!("UPDATE {name} · {} ({place})", report.name);
                            show_difference(&expected, &actual);
                            texts.insert(file.clone(), text.to_owned());
                            edits.append(&mut found);
                        }
                        Err(why) => {
                            failed += 1;
                            outln!("FAIL  {name} · {} ({place})", report.name);
                            outln!("      decision: {}", report.decision);
                            show_difference(&expected, &actual);
                            outln!("      not updated: {why}");
                        }
                    }
                }
                TestOutcome::Failed { expected, actual } => {
                    failed += 1;
                    outln!("FAIL  {name} · {} ({place})", report.name);
                    outln!("      decision: {}", report.decision);
                    show_difference(&expected, &actual);
                }
                TestOutcome::Error(message) => {
                    failed += 1;
                    outln!("ERROR {name} · {} ({place})", report.name);
                    outln!("      {message}");
                }
            }
        }
        if coverage {
            show_coverage(name, &checked, &reached, &taken, &wanted);
        }
    }
    if !edits.is_empty() {
        match update::apply(policies_root(dir), edits, &texts) {
            Ok(files) => {
                for f in files {
                    outln!("updated {}", f.display());
                }
            }
            Err(message) => {
                errln!("error: {message}");
                return USAGE;
            }
        }
    }
    let mut summary = format!("{passed} passed, {failed} failed");
    if update {
        summary.push_str(&format!(", {updated} updated"));
    }
    if skipped > 0 {
        summary.push_str(&format!(", {skipped} filtered out"));
    }
    if not_run > 0 {
        summary.push_str(&format!(
            "; {not_run} version{} not tested because of errors",
            plural(not_run)
        ));
    }
    outln!("{summary}");
    if let (Some(f), 0, 0, 0, 0) = (filter, passed, failed, not_run, updated) {
        errln!(
            "error: no test or property has a name containing `{f}` or is of a decision it names"
        );
        return FAILED;
    }
    if failed > 0 || not_run > 0 {
        FAILED
    } else {
        OK
    }
}

/// Whether `regel test --filter TEXT` runs the test or property `name` of `decision`: its name
/// contains TEXT (as the output shows it), or TEXT names its decision or a group of decisions
/// it is in (`listning` for `listning.byte`; `byte` names no decision).
fn filter_matches(text: &str, name: &str, decision: &str) -> bool {
    name.contains(text)
        || decision
            .strip_prefix(text)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The branches of `if` in `d` no test takes (`taken`: which way each test's input took each
/// `if`, by decision): how many are taken, then each one not, with where its `if` stands.
fn show_branches(d: &regel_compiler::ir::Decision, taken: &[(String, Vec<(usize, bool)>)]) {
    let mine: Vec<&(usize, bool)> = taken
        .iter()
        .filter(|(name, _)| *name == d.name)
        .flat_map(|(_, t)| t)
        .collect();
    let ifs = regel_eval::branches::ifs(d);
    if ifs.is_empty() {
        return;
    }
    let missed: Vec<(&regel_eval::branches::If, &str)> = ifs
        .iter()
        .flat_map(|i| [(i, true, "then"), (i, false, "else")])
        .filter(|(i, way, _)| !mine.contains(&&(i.key, *way)))
        .map(|(i, _, name)| (i, name))
        .collect();
    outln!(
        "      {} of {} branches of `if` taken",
        2 * ifs.len() - missed.len(),
        2 * ifs.len()
    );
    for (i, way) in missed {
        outln!(
            "      the `{way}` branch of the {} in {} ({}:{}) is taken by no test",
            i.which(),
            i.within,
            d.origin.file,
            d.origin.line + i.line
        );
    }
}

/// Per decision (those `wanted`), the rules no test reached and the `require`s no test made
/// fail.
fn show_coverage(
    version: &str,
    program: &regel_compiler::ir::Program,
    reached: &[(String, regel_eval::Reached)],
    taken: &[(String, Vec<(usize, bool)>)],
    wanted: &dyn Fn(&str, &str) -> bool,
) {
    for d in &program.decisions {
        if !wanted("", &d.name) && !reached.iter().any(|(name, _)| *name == d.name) {
            continue;
        }
        let mine = || {
            reached
                .iter()
                .filter(|(name, _)| *name == d.name)
                .map(|(_, r)| r)
        };
        let rules: Vec<bool> = (0..d.rules.len())
            .map(|i| mine().any(|r| *r == regel_eval::Reached::Rule(i)))
            .collect();
        let requires: Vec<&regel_compiler::ir::Require> = d
            .requires
            .iter()
            .chain(d.rules.iter().flat_map(|r| r.requires.iter()))
            .collect();
        let failing: Vec<bool> = requires
            .iter()
            .map(|q| mine().any(|r| *r == regel_eval::Reached::Rejected(q.reason.clone())))
            .collect();
        let at = |line: u32| format!("{}:{}", d.origin.file, d.origin.line + line);
        outln!(
            "cover {version} · {}: {} of {} rules reached, {} of {} requires made to fail",
            d.name,
            rules.iter().filter(|r| **r).count(),
            rules.len(),
            failing.iter().filter(|r| **r).count(),
            failing.len()
        );
        for (rule, hit) in d.rules.iter().zip(&rules) {
            if !hit {
                outln!(
                    "      rule `{}` ({}) is reached by no test",
                    rule.reason,
                    at(rule.line)
                );
            }
        }
        for (require, hit) in requires.iter().zip(&failing) {
            if !hit {
                outln!(
                    "      require `{}` ({}) fails in no test",
                    require.reason,
                    at(require.line)
                );
            }
        }
        show_branches(d, taken);
    }
}

/// The folder the workspace's file paths are relative to: `dir` itself when it holds version
/// folders, its parent when it is one version folder (as `workspace::read` names files).
fn policies_root(dir: &std::path::Path) -> &std::path::Path {
    let holds_files = std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().is_file() && e.path().extension().is_some_and(|x| x == "regel"))
    });
    if holds_files {
        dir.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
    } else {
        dir
    }
}

/// A failed test's expected and actual values: for outputs, only the fields that differ
/// (`field: expected X, actual Y`, nested fields by path), then how many agree.
fn show_difference(expected: &Json, actual: &Json) {
    let (Json::Object(_), Json::Object(_)) = (expected, actual) else {
        outln!("      expected: {expected}");
        outln!("      actual:   {actual}");
        return;
    };
    let mut differing = Vec::new();
    let mut agreeing = 0usize;
    differences("", expected, actual, &mut differing, &mut agreeing);
    for (path, want, got) in &differing {
        outln!("      {path}: expected {want}, actual {got}");
    }
    if agreeing > 0 {
        outln!(
            "      ({agreeing} other field{} as expected)",
            plural(agreeing)
        );
    }
}

/// The leaves where `want` and `got` differ, by path (`a.b`, `a[2]`); objects and lists of
/// the same length are compared element by element, anything else whole.
fn differences(
    path: &str,
    want: &Json,
    got: &Json,
    out: &mut Vec<(String, Json, Json)>,
    agreeing: &mut usize,
) {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (want, got) {
        (Json::Object(w), Json::Object(g)) => {
            for (key, wv) in w {
                match g.get(key) {
                    Some(gv) => differences(&at(key), wv, gv, out, agreeing),
                    None => out.push((at(key), wv.clone(), Json::Null)),
                }
            }
        }
        (Json::Array(w), Json::Array(g)) if w.len() == g.len() && !w.is_empty() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                differences(&format!("{path}[{i}]"), wv, gv, out, agreeing);
            }
        }
        _ if want == got => *agreeing += 1,
        _ => out.push((path.to_owned(), want.clone(), got.clone())),
    }
}

/// The `property` blocks of a version, proved by `regel verify`: (proved, not proved).
fn properties(
    version: &str,
    checked: &std::sync::Arc<regel_compiler::ir::Program>,
    wanted: &dyn Fn(&str, &str) -> bool,
) -> (usize, usize) {
    let decision_of = |p: &regel_compiler::ir::Property| {
        checked
            .decisions
            .get(p.decision as usize)
            .map_or("", |d| d.name.as_str())
    };
    if !checked
        .properties
        .iter()
        .any(|p| wanted(&p.name, decision_of(p)))
    {
        return (0, 0);
    }
    let engine = match regel_app::engines::build(checked.clone()) {
        Ok(engine) => engine,
        Err(e) => {
            outln!("ERROR {version} · {}", e.message);
            return (0, checked.properties.len());
        }
    };
    let with_properties: Vec<&str> = checked
        .properties
        .iter()
        .filter(|p| wanted(&p.name, decision_of(p)))
        .map(|p| decision_of(p))
        .collect();
    let report = regel_verify::verify_some(&engine, regel_verify::Options::default(), |d| {
        with_properties.contains(&d)
    });
    let (mut passed, mut failed) = (0, 0);
    for p in report
        .properties
        .iter()
        .filter(|p| wanted(&p.name, &p.decision))
    {
        let place = format!("{}:{}", p.file, p.line);
        if p.status == regel_verify::Status::Proved {
            passed += 1;
            outln!("ok    {version} · property {} ({place})", p.name);
        } else {
            failed += 1;
            outln!(
                "FAIL  {version} · property {} ({place}): {}",
                p.name,
                p.status.as_str()
            );
            if let Some(input) = &p.counterexample {
                outln!("      input:  {input}");
            }
            if let Some(detail) = &p.detail {
                outln!("      {detail}");
            }
        }
    }
    (passed, failed)
}

fn eval(
    dir: &std::path::Path,
    decision: &str,
    version: Option<&str>,
    as_of: Option<NaiveDate>,
    input: &str,
    explain: bool,
) -> u8 {
    let ws = match load(dir) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let chosen = ws.choose(regel_app::Choice {
        version,
        as_of,
        option: "--version",
    });
    let v = match chosen {
        Ok(v) => v,
        Err(e) => return fail(error_json(e)),
    };
    let text = match read_input(input) {
        Ok(Some(t)) => t,
        // As the API answers a line over the same limit.
        Ok(None) => {
            return fail(error_json(regel_app::limits::too_long("the input")));
        }
        Err(message) => {
            errln!("error: {message}");
            return USAGE;
        }
    };
    if let Some(key) = protocol::duplicate_key(&text) {
        return fail(error_json(regel_app::limits::duplicate_key(&key)));
    }
    // A number the reading would change is refused, as the API refuses it.
    if let Some(number) = regel_rpc::numbers::inexact(&text).first() {
        return fail(error_json(number.refusal()));
    }
    let json_input: Json = match serde_json::from_str(&text) {
        Ok(j) => j,
        Err(e) => {
            return fail(error_json(regel_app::limits::not_json("the input", &e)));
        }
    };
    match decide(&ws, v, decision, as_of, &json_input, explain) {
        Ok(out) => {
            outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            OK
        }
        Err(e) => fail(error_json(e)),
    }
}

/// What `regel eval` answers: as the API's `decide` (the same checks, output and errors).
fn decide(
    ws: &Workspace,
    v: Version,
    decision: &str,
    as_of: Option<NaiveDate>,
    input: &Json,
    explain: bool,
) -> Result<regel_app::Decided, regel_app::Error> {
    ws.compile_errors(v)?;
    let engine = regel_app::engines::build(program(&ws.db, v))?;
    let as_of = as_of.map(|d| d.to_string());
    regel_app::decision_of(engine.program(), decision, ws.name(v), as_of.as_deref())?;
    let limits = regel_eval::Limits::default();
    regel_app::decide(&engine, ws.name(v), decision, input, explain, "", &limits)
}

/// An error as `regel eval` prints it: the API's error object, `data` always present.
fn error_json(e: regel_app::Error) -> Json {
    json!({"error": {"code": e.code, "message": e.message, "data": e.data.unwrap_or(Json::Null)}})
}

fn fail(error: Json) -> u8 {
    outln!(
        "{}",
        serde_json::to_string_pretty(&error).unwrap_or_default()
    );
    FAILED
}

/// The input's text, `None` when it is longer than the API's longest line (16 MiB): no more
/// than that is ever read, so `--input /dev/zero` stops at the limit.
fn read_input(input: &str) -> Result<Option<String>, String> {
    let limit = u64::try_from(regel_app::limits::MAX_LINE).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    if input == "-" {
        if std::io::stdin().is_terminal() {
            return Err(
                "give the input with `--input FILE`, or pipe JSON into standard input".into(),
            );
        }
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        std::fs::File::open(input)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|e| format!("cannot read `{input}`: {e}"))?;
    }
    if bytes.len() as u64 > limit {
        return Ok(None);
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let name = if input == "-" {
            "standard input".to_owned()
        } else {
            format!("`{input}`")
        };
        format!(
            "{name} is not UTF-8 text (a bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn serve(policies: &std::path::Path, limits: regel_eval::Limits) -> u8 {
    let versions = match workspace::read(policies) {
        Ok(v) => v,
        Err(e) => {
            errln!("error: {}", e.0);
            return USAGE;
        }
    };
    let mut server = regel_rpc::Server::new(versions).with_limits(limits);
    match regel_rpc::serve_stdio(&mut server) {
        Ok(()) => OK,
        Err(e) => {
            errln!("error: the connection failed: {e}");
            FAILED
        }
    }
}
