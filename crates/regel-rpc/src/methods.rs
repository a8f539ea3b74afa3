//! The methods of the API.

use std::collections::HashMap;
use std::sync::Arc;

use regel_compiler::ir::{Program, Value as IrValue};
use regel_compiler::labels::Kind;
use regel_compiler::{SourceFile, Version, program};
use regel_eval::{DecideError, Engine, decide_json, json as values};
use regel_verify::query::proved_diagnostics;
use salsa::Setter;
use serde_json::{Map, Value, json};

use crate::protocol::*;
use crate::{Server, openrpc, schema};

type Answer = Result<Value, RpcError>;

/// Engines built from each version's program, kept while the program is unchanged.
#[derive(Default)]
pub struct Engines {
    built: HashMap<String, (Arc<Program>, Engine)>,
}

impl Server {
    pub(crate) fn dispatch(&mut self, method: &str, params: &Value) -> Answer {
        match method {
            "rpc.discover" => Ok(openrpc::document()),
            "policies.list" => Ok(self.policies_list()),
            "decisions.describe" => self.describe(params),
            "decide" => self.decide(params),
            "decide.batch" => self.decide_batch(params),
            "check" => self.check(params),
            "source.set" => self.source_set(params),
            "diff" => self.diff(params),
            "shutdown" => {
                self.stopping = true;
                Ok(Value::Null)
            }
            #[cfg(debug_assertions)]
            "regel.debug.panic" => debug_panic(),
            other => Err(
                RpcError::new(METHOD_NOT_FOUND, format!("unknown method `{other}`"))
                    .with(json!({"method": other})),
            ),
        }
    }

    fn names(&self) -> Vec<String> {
        self.versions
            .iter()
            .map(|v| v.name(&self.db).clone())
            .collect()
    }

    fn find(&self, name: &str) -> Result<Version, RpcError> {
        self.versions
            .iter()
            .copied()
            .find(|v| v.name(&self.db) == name)
            .ok_or_else(|| {
                RpcError::new(UNKNOWN_VERSION, format!("unknown version `{name}`"))
                    .with(json!({"version": name, "known": self.names()}))
            })
    }

    /// `version`, `as_of`, or the newest.
    fn choose(&self, p: &Map<String, Value>) -> Result<Version, RpcError> {
        match (p.get("version"), p.get("as_of")) {
            (Some(_), Some(_)) => Err(RpcError::params(
                "give `version` or `as_of`, not both",
                "/as_of",
                "one of them",
                "both",
            )),
            (Some(Value::String(name)), None) => self.find(name),
            (Some(other), None) => Err(RpcError::params(
                "`version` must be a string",
                "/version",
                "a string",
                &values::describe(other),
            )),
            (None, Some(Value::String(date))) => {
                let day = values::parse_date(date).ok_or_else(|| {
                    RpcError::params(
                        format!("`as_of`: {}", values::not_a_date(date)),
                        "/as_of",
                        "a date YYYY-MM-DD",
                        &format!("\"{date}\""),
                    )
                })?;
                let in_force: Vec<Version> = self
                    .versions
                    .iter()
                    .copied()
                    .filter(|v| {
                        let info = &program(&self.db, *v).info;
                        !info.draft
                            && matches!((info.valid_from, info.valid_to), (Some(f), Some(t)) if f <= day && day <= t)
                    })
                    .collect();
                match in_force.as_slice() {
                    [v] => Ok(*v),
                    [] => Err(RpcError::new(
                        UNKNOWN_VERSION,
                        format!("no version is in force on {date}"),
                    )
                    .with(json!({"as_of": date, "known": self.names()}))),
                    // Overlapping validity periods: no silent pick of one of them.
                    several => {
                        let names: Vec<String> =
                            several.iter().map(|v| v.name(&self.db).clone()).collect();
                        Err(RpcError::new(
                            UNKNOWN_VERSION,
                            format!(
                                "versions {} are {} in force on {date} (their validity periods overlap); name one with `version`",
                                names.join(" and "),
                                if names.len() == 2 { "both" } else { "all" }
                            ),
                        )
                        .with(json!({"as_of": date, "in_force": names, "known": self.names()})))
                    }
                }
            }
            (None, Some(other)) => Err(RpcError::params(
                "`as_of` must be a date",
                "/as_of",
                "a date YYYY-MM-DD",
                &values::describe(other),
            )),
            // The newest adopted version: a draft answers only when named.
            (None, None) => self
                .versions
                .iter()
                .copied()
                .filter(|v| !program(&self.db, *v).info.draft)
                .max_by_key(|v| {
                    (
                        program(&self.db, *v).info.valid_from,
                        v.name(&self.db).clone(),
                    )
                })
                .ok_or_else(|| {
                    RpcError::new(UNKNOWN_VERSION, "no versions are loaded")
                        .with(json!({"known": []}))
                }),
        }
    }

    fn compile_errors(&self, v: Version) -> Result<(), RpcError> {
        let diagnostics = proved_diagnostics(&self.db, v);
        let errors = self.diagnostics_json(v, diagnostics.iter().filter(|d| d.is_error()));
        if errors.is_empty() {
            return Ok(());
        }
        Err(RpcError::new(
            COMPILE_ERRORS,
            format!("version {} has compile errors", v.name(&self.db)),
        )
        .with(json!({"diagnostics": errors})))
    }

    /// The diagnostics of `v` as the API writes them; each file's line index is made once,
    /// so that placing many diagnostics is linear in the text (it was quadratic).
    fn diagnostics_json<'d>(
        &self,
        v: Version,
        diags: impl IntoIterator<Item = &'d regel_compiler::Diagnostic>,
    ) -> Vec<Value> {
        let mut lines: HashMap<String, (Option<SourceFile>, regel_compiler::LineIndex)> =
            HashMap::new();
        diags
            .into_iter()
            .map(|d| {
                let (file, index) = lines.entry(d.file.clone()).or_insert_with(|| {
                    let file = v
                        .files(&self.db)
                        .iter()
                        .copied()
                        .find(|f| *f.path(&self.db) == d.file);
                    let text = file.map_or("", |f| f.text(&self.db).as_str());
                    (file, regel_compiler::LineIndex::new(text))
                });
                let text = file.map_or("", |f| f.text(&self.db).as_str());
                self.diagnostic_json(d, d.range_in(text, index))
            })
            .collect()
    }

    fn diagnostic_json(&self, d: &regel_compiler::Diagnostic, r: regel_compiler::Range) -> Value {
        let mut out = json!({
            "file": d.file,
            "range": {"start": {"line": r.start.line, "character": r.start.character},
                      "end": {"line": r.end.line, "character": r.end.character}},
            "severity": d.severity.as_str(),
            "code": d.code,
            "message": d.message,
        });
        // The fix, and for a prover's finding the input that shows it.
        if let Some(help) = &d.help {
            out["help"] = json!(help);
        }
        out
    }

    /// The engine of a version, rebuilt only when its program changed.
    fn engine(&mut self, v: Version) -> Result<Engine, RpcError> {
        self.compile_errors(v)?;
        let current = program(&self.db, v);
        let name = v.name(&self.db).clone();
        if let Some((p, e)) = self.engines.built.get(&name)
            && Arc::ptr_eq(p, &current)
        {
            return Ok(e.clone());
        }
        let engine = Engine::new(current.clone()).map_err(|(p, e)| {
            RpcError::new(
                INTERNAL_ERROR,
                format!("parameter `{p}` could not be evaluated: {}", e.message),
            )
        })?;
        self.engines.built.insert(name, (current, engine.clone()));
        Ok(engine)
    }

    fn policies_list(&self) -> Value {
        let list: Vec<Value> = self
            .versions
            .iter()
            .map(|v| {
                let p = program(&self.db, *v);
                let ok = proved_diagnostics(&self.db, *v)
                    .iter()
                    .all(|d| !d.is_error());
                json!({
                    "version": v.name(&self.db),
                    "title": p.info.title,
                    "valid_from": p.info.valid_from.map(|d| d.to_string()),
                    "valid_to": p.info.valid_to.map(|d| d.to_string()),
                    "source": p.info.source,
                    "covers": p.info.covers,
                    "status": if p.info.draft { "utkast" } else { "fastställd" },
                    "decisions": p.decisions.iter().map(|d| d.name.clone()).collect::<Vec<_>>(),
                    "ok": ok,
                })
            })
            .collect();
        Value::Array(list)
    }

    fn describe(&mut self, params: &Value) -> Answer {
        let p = object(params, &["version", "decision"])?;
        let version = self.find(string(p, "version")?)?;
        let name = string(p, "decision")?;
        let program = program(&self.db, version);
        let (_, d) = decision_of(&program, name, version.name(&self.db), None)?;
        Ok(json!({
            "name": d.name,
            "label": program.labels.get(Kind::Decision, &d.name),
            "paragraf": d.cite,
            "doc": d.doc,
            "input_schema": schema::input(&program, d),
            "output_schema": schema::output(&program, d),
            "rejections": schema::rejections(&program, d),
        }))
    }

    fn decide(&mut self, params: &Value) -> Answer {
        let p = object(
            params,
            &[
                "decision",
                "input",
                "version",
                "as_of",
                "explain",
                "overrides",
            ],
        )?;
        let (engine, version, name, explain) = self.prepare(p)?;
        let input = p.get("input").ok_or_else(|| missing("input"))?;
        self.limits
            .check(input, "/input")
            .map_err(|e| decide_error(DecideError::Input(e), "/input"))?;
        let decided = decide_json(&engine, &name, input, explain, "/input").map_err(|e| {
            let explained = match (&e, explain) {
                (DecideError::Rejected(_), true) => {
                    regel_eval::explain_rejection(&engine, &name, input, "/input")
                }
                _ => None,
            };
            with_explanation(decide_error(e, "/input"), explained)
        })?;
        let mut result = fields([
            ("version", Value::String(version)),
            ("decision", Value::String(name)),
            ("output", decided.output),
        ]);
        if let (Some(trace), Value::Object(map)) = (decided.trace, &mut result) {
            map.insert("trace".into(), trace);
        }
        if let (Some(m), Value::Object(map)) = (decided.motivering, &mut result) {
            map.insert("motivering".into(), Value::String(m));
        }
        Ok(result)
    }

    fn decide_batch(&mut self, params: &Value) -> Answer {
        let p = object(
            params,
            &[
                "decision",
                "inputs",
                "version",
                "as_of",
                "explain",
                "overrides",
            ],
        )?;
        let (engine, version, name, explain) = self.prepare(p)?;
        let Some(Value::Array(inputs)) = p.get("inputs") else {
            return Err(RpcError::params(
                "`inputs` must be an array of input objects",
                "/inputs",
                "an array",
                "something else",
            ));
        };
        within_budget(engine.program(), &name, inputs.len())?;
        // The results are written as text as they come (a trace's tree is many times its
        // text), and the answer's `null` is replaced by them (`Server::one`).
        let mut results = vec![b'['];
        for (i, input) in inputs.iter().enumerate() {
            let prefix = format!("/inputs/{i}");
            let result =
                crate::batch::result(&engine, &name, input, &prefix, &self.limits, explain);
            if i > 0 {
                results.push(b',');
            }
            serde_json::to_writer(&mut results, &result).map_err(|e| {
                RpcError::new(INTERNAL_ERROR, format!("internal error: a result: {e}"))
            })?;
            // Stop as soon as the answer could not be written (traces of 300 000 inputs).
            if results.len() > self.room {
                return Err(batch_too_long(inputs.len()));
            }
        }
        results.push(b']');
        self.raw_results = Some(String::from_utf8(results).map_err(|e| {
            RpcError::new(INTERNAL_ERROR, format!("internal error: a result: {e}"))
        })?);
        Ok(fields([
            ("version", Value::String(version)),
            ("decision", Value::String(name)),
            ("results", Value::Null),
        ]))
    }

    /// The engine (with overrides), version name, decision name and `explain` of a decide.
    pub(crate) fn prepare(
        &mut self,
        p: &Map<String, Value>,
    ) -> Result<(Engine, String, String, bool), RpcError> {
        let version = self.choose(p)?;
        let name = string(p, "decision")?.to_owned();
        let explain = match p.get("explain") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(RpcError::params(
                    "`explain` must be true or false",
                    "/explain",
                    "a boolean",
                    &values::describe(other),
                ));
            }
        };
        let engine = self.engine(version)?;
        let as_of = match p.get("as_of") {
            Some(Value::String(day)) => Some(day.as_str()),
            _ => None,
        };
        decision_of(engine.program(), &name, version.name(&self.db), as_of)?;
        let engine = match p.get("overrides") {
            None => engine,
            Some(Value::Object(o)) => with_overrides(engine, o)?,
            Some(other) => {
                return Err(RpcError::params(
                    "`overrides` must be an object",
                    "/overrides",
                    "an object",
                    &values::describe(other),
                ));
            }
        };
        Ok((engine, version.name(&self.db).clone(), name, explain))
    }

    /// The semantic diff of two versions: the report's JSON, and `rendered` (Markdown or
    /// HTML) when a `format` other than `json` is asked for.
    fn diff(&self, params: &Value) -> Answer {
        let p = object(params, &["from", "to", "format", "impact"])?;
        let (from, to) = (self.find(string(p, "from")?)?, self.find(string(p, "to")?)?);
        let format = match p.get("format") {
            None => "json",
            // `md` as the CLI's `--format md` spells it.
            Some(Value::String(f)) if ["md", "markdown"].contains(&f.as_str()) => "markdown",
            Some(Value::String(f)) if ["json", "html"].contains(&f.as_str()) => f,
            Some(other) => {
                return Err(RpcError::params(
                    "`format` must be \"json\", \"md\" (or \"markdown\") or \"html\"",
                    "/format",
                    "\"json\", \"md\", \"markdown\" or \"html\"",
                    &values::describe(other),
                ));
            }
        };
        let impact = match p.get("impact") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(RpcError::params(
                    "`impact` must be true or false",
                    "/impact",
                    "a boolean",
                    &values::describe(other),
                ));
            }
        };
        self.compile_errors(from)?;
        self.compile_errors(to)?;
        let report = regel_diff::diff(&self.db, from, to, regel_diff::Options { impact });
        let mut result = serde_json::to_value(&report).map_err(|e| {
            RpcError::new(INTERNAL_ERROR, format!("internal error: the report: {e}"))
        })?;
        let rendered = match format {
            "markdown" => Some(regel_diff::render::markdown(&report)),
            "html" => Some(regel_diff::render::html(&report)),
            _ => None,
        };
        if let (Some(text), Value::Object(map)) = (rendered, &mut result) {
            map.insert("rendered".into(), Value::String(text));
        }
        Ok(result)
    }

    fn check(&self, params: &Value) -> Answer {
        let p = object(params, &["version"])?;
        let versions = match p.get("version") {
            None => self.versions.clone(),
            Some(_) => vec![self.find(string(p, "version")?)?],
        };
        let all: Vec<Value> = versions
            .iter()
            .flat_map(|v| self.diagnostics_json(*v, &proved_diagnostics(&self.db, *v)))
            .collect();
        Ok(json!({"diagnostics": all}))
    }

    fn source_set(&mut self, params: &Value) -> Answer {
        let p = object(params, &["path", "text"])?;
        let path = string(p, "path")?.to_owned();
        let text = string(p, "text")?.to_owned();
        if text.len() > MAX_SOURCE_BYTES {
            return Err(RpcError::params(
                format!(
                    "`text` is {} bytes; a policy file may be at most {MAX_SOURCE_BYTES} bytes (4 MiB)",
                    text.len()
                ),
                "/text",
                "at most 4 MiB of text",
                &format!("{} bytes", text.len()),
            ));
        }
        let (folder, _) = safe_path(&path)?;
        let version = self.find(folder)?;
        let existing: Option<SourceFile> = version
            .files(&self.db)
            .iter()
            .copied()
            .find(|f| *f.path(&self.db) == path);
        self.version_room(version, existing, &text)?;
        match existing {
            Some(file) => {
                file.set_text(&mut self.db).to(text);
            }
            None => {
                let file = SourceFile::new(&self.db, path, text);
                let mut files = version.files(&self.db).clone();
                files.push(file);
                version.set_files(&mut self.db).to(files);
            }
        }
        let diags = self.diagnostics_json(version, &proved_diagnostics(&self.db, version));
        Ok(json!({"version": version.name(&self.db), "diagnostics": diags}))
    }
}

impl Server {
    /// Refuses a `source.set` after which `version` would hold more than
    /// [`MAX_VERSION_FILES`] files or [`MAX_VERSION_BYTES`] bytes of text (`replaced` is the
    /// file the new `text` replaces, if any), so that the server's memory stays bounded.
    fn version_room(
        &self,
        version: Version,
        replaced: Option<SourceFile>,
        text: &str,
    ) -> Result<(), RpcError> {
        let files = version.files(&self.db);
        let count = files.len() + usize::from(replaced.is_none());
        if count > MAX_VERSION_FILES {
            return Err(RpcError::params(
                format!(
                    "version {} holds {} files; a version may hold at most {MAX_VERSION_FILES}",
                    version.name(&self.db),
                    files.len()
                ),
                "/path",
                "one of the version's files",
                "a new file",
            ));
        }
        let bytes: usize = files
            .iter()
            .filter(|f| Some(**f) != replaced)
            .map(|f| f.text(&self.db).len())
            .sum::<usize>()
            + text.len();
        if bytes > MAX_VERSION_BYTES {
            return Err(RpcError::params(
                format!(
                    "version {} would hold {bytes} bytes of text; a version may hold at most {MAX_VERSION_BYTES} bytes (16 MiB)",
                    version.name(&self.db)
                ),
                "/text",
                "at most 16 MiB of text in the version, all files together",
                &format!("{} bytes", text.len()),
            ));
        }
        Ok(())
    }
}

/// The error for a `decide.batch` whose answer would pass [`MAX_ANSWER`].
pub(crate) fn batch_too_long(inputs: usize) -> RpcError {
    RpcError::params(
        format!(
            "the answer to this batch of {inputs} inputs would be longer than 64 MiB ({MAX_ANSWER} bytes): split it"
        ),
        "/inputs",
        "a batch whose answer fits in 64 MiB",
        &format!("{inputs} inputs"),
    )
}

/// Refuses a batch that would evaluate more than [`MAX_RULE_EVALUATIONS`] rules and `require`s.
pub(crate) fn within_budget(program: &Program, name: &str, inputs: usize) -> Result<(), RpcError> {
    let (_, d) = decision_of(program, name, &program.info.id, None)?;
    let per_input = d.requires.len() + d.rules.iter().map(|r| 1 + r.requires.len()).sum::<usize>();
    let total = per_input.saturating_mul(inputs);
    if total <= MAX_RULE_EVALUATIONS {
        return Ok(());
    }
    Err(RpcError::params(
        format!(
            "this batch could evaluate {total} rules ({inputs} inputs × {per_input}); at most {MAX_RULE_EVALUATIONS} per request: split it"
        ),
        "/inputs",
        &format!("at most {} inputs", MAX_RULE_EVALUATIONS / per_input.max(1)),
        &format!("{inputs} inputs"),
    ))
}

/// A method that panics, to prove that a bug in a handler is answered and survived.
/// Debug builds only: the release binary has no such method.
#[cfg(debug_assertions)]
#[expect(clippy::panic, reason = "the method exists to panic")]
fn debug_panic() -> Answer {
    panic!("regel.debug.panic was called")
}

/// `2023/x.regel` → ("2023", "x.regel"); anything that could leave the policies folder is refused.
fn safe_path(path: &str) -> Result<(&str, &str), RpcError> {
    let refuse = |why: &str| {
        RpcError::params(
            format!("`path` {why}"),
            "/path",
            "a path inside the policies folder, like \"2023/listning.regel\"",
            &format!("\"{path}\""),
        )
    };
    if path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Err(refuse("must be relative to the policies folder"));
    }
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    if parts
        .iter()
        .any(|p| *p == ".." || *p == "." || p.is_empty())
    {
        return Err(refuse("must not contain `..`, `.` or empty parts"));
    }
    match parts.as_slice() {
        [folder, file] if file.ends_with(".regel") => Ok((folder, file)),
        _ => Err(refuse("must name a `.regel` file in a version folder")),
    }
}

fn with_overrides(engine: Engine, overrides: &Map<String, Value>) -> Result<Engine, RpcError> {
    let program = engine.program().clone();
    let mut values: Vec<(u32, IrValue)> = Vec::new();
    for (name, json) in overrides {
        let path = format!("/overrides/{name}");
        let Some((index, def)) = program.param(name) else {
            let known: Vec<&str> = program.params.iter().map(|p| p.name.as_str()).collect();
            return Err(RpcError::params(
                format!("the version has no parameter `{name}`"),
                &path,
                &format!("one of: {}", known.join(", ")),
                &format!("`{name}`"),
            ));
        };
        let value = values::from_json(&program, &def.ty, json, &path)
            .map_err(|e| RpcError::params(e.message, &e.path, &e.expected, &e.got))?;
        values.push((index, value));
    }
    Engine::with_overrides(program, &values).map_err(|(p, e)| {
        RpcError::new(
            INVALID_PARAMS,
            format!(
                "with these overrides, parameter `{p}` cannot be evaluated: {}",
                e.message
            ),
        )
    })
}

/// The decision `name` of `version`; the error names the version asked (and the date that
/// chose it), since another version may well have the decision.
fn decision_of<'p>(
    program: &'p Program,
    name: &str,
    version: &str,
    as_of: Option<&str>,
) -> Result<(u32, &'p Arc<regel_compiler::ir::Decision>), RpcError> {
    program.decision(name).ok_or_else(|| {
        let chosen = match as_of {
            Some(day) => format!("version {version} (in force on {day})"),
            None => format!("version {version}"),
        };
        let known: Vec<String> = program.decisions.iter().map(|d| d.name.clone()).collect();
        let mut data = json!({"decision": name, "version": version, "known": known});
        if let (Some(day), Value::Object(map)) = (as_of, &mut data) {
            map.insert("as_of".into(), Value::String(day.to_owned()));
        }
        RpcError::new(
            UNKNOWN_DECISION,
            format!("{chosen} has no decision `{name}`"),
        )
        .with(data)
    })
}

/// A rejection's error with the motivering and trace `explain` asked for, in its `data`.
pub(crate) fn with_explanation(
    mut error: RpcError,
    explained: Option<regel_eval::Explanation>,
) -> RpcError {
    if let (Some(e), Some(Value::Object(map))) = (explained, error.data.as_mut()) {
        map.insert("motivering".into(), Value::String(e.motivering));
        map.insert("trace".into(), e.trace);
    }
    error
}

pub(crate) fn decide_error(e: DecideError, prefix: &str) -> RpcError {
    match e {
        DecideError::UnknownDecision { decision, known } => {
            RpcError::new(UNKNOWN_DECISION, format!("unknown decision `{decision}`"))
                .with(json!({"decision": decision, "known": known}))
        }
        DecideError::Input(i) => RpcError::params(i.message, &i.path, &i.expected, &i.got),
        DecideError::Rejected(r) => {
            let mut data = json!({"paragraf": r.paragraf, "reason": r.reason});
            if let (Some(first), Value::Object(map)) = (r.inputs.first(), &mut data) {
                map.insert("path".into(), Value::String(format!("{prefix}/{first}")));
            }
            RpcError::new(
                REJECTED,
                format!("the policy rejects the input: {}", r.reason),
            )
            .with(data)
        }
        DecideError::Runtime(e) => {
            eprintln!("regel serve: evaluation failed: {}", e.message);
            RpcError::new(INTERNAL_ERROR, format!("internal error: {}", e.message))
        }
    }
}

/// An object of owned values. (`json!` would copy each value through serde first: for a
/// batch's results, that copy cost more than deciding them.)
pub(crate) fn fields<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut map = Map::with_capacity(N);
    for (key, value) in members {
        map.insert(key.to_owned(), value);
    }
    Value::Object(map)
}

static NO_MEMBERS: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// `params` as an object with only the `allowed` members (borrowed, never copied).
pub(crate) fn object<'p>(
    params: &'p Value,
    allowed: &[&str],
) -> Result<&'p Map<String, Value>, RpcError> {
    let map = match params {
        Value::Object(m) => m,
        Value::Null => &*NO_MEMBERS,
        other => {
            return Err(RpcError::params(
                "`params` must be an object",
                "",
                "an object",
                &values::describe(other),
            ));
        }
    };
    if let Some(key) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(RpcError::params(
            format!("unknown parameter `{key}`"),
            &format!("/{key}"),
            &format!("one of: {}", allowed.join(", ")),
            &format!("`{key}`"),
        ));
    }
    Ok(map)
}

fn string<'m>(p: &'m Map<String, Value>, key: &str) -> Result<&'m str, RpcError> {
    match p.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(RpcError::params(
            format!("`{key}` must be a string"),
            &format!("/{key}"),
            "a string",
            &values::describe(other),
        )),
        None => Err(missing(key)),
    }
}

fn missing(key: &str) -> RpcError {
    RpcError::params(
        format!("`{key}` is missing"),
        &format!("/{key}"),
        "a value",
        "nothing",
    )
}
