//! The methods of the API.

use regel_app::{Choice, decision_of, diagnostics_json};
use regel_compiler::ir::{Program, Value as IrValue};
use regel_compiler::labels::Kind;
use regel_compiler::{SourceFile, Version, program};
use regel_eval::{Engine, json as values};
use serde_json::{Map, Value, json};

use crate::params::{self, Date, DiffFormat};
use crate::protocol::*;
use crate::results::{
    Batch, Checked, Described, JsonSchema, Nullable, SourceSetResult, Status, VersionSummary,
    Written,
};
use crate::{Server, openrpc, schema};

type Answer = Result<Value, RpcError>;

impl Server {
    pub(crate) fn dispatch(&mut self, method: &str, params: &Value) -> Answer {
        match method {
            "rpc.discover" => Ok(openrpc::document()),
            "policies.list" => self.policies_list(),
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

    /// `version`, `as_of`, or the newest.
    fn choose(&self, version: Option<&str>, as_of: Option<&Date>) -> Result<Version, RpcError> {
        if version.is_some() && as_of.is_some() {
            return Err(RpcError::params(
                "give `version` or `as_of`, not both",
                "/as_of",
                "one of them",
                "both",
            ));
        }
        let as_of = match as_of {
            Some(Date(date)) => Some(values::parse_date(date).ok_or_else(|| {
                RpcError::params(
                    format!("`as_of`: {}", values::not_a_date(date)),
                    "/as_of",
                    "a date YYYY-MM-DD",
                    &format!("\"{date}\""),
                )
            })?),
            None => None,
        };
        self.policies.choose(Choice {
            version,
            as_of,
            option: "`version`",
        })
    }

    /// The engine of a version without compile errors, rebuilt only when its program changed.
    fn engine(&mut self, v: Version) -> Result<Engine, RpcError> {
        self.policies.compile_errors(v)?;
        self.engines.engine(&program(&self.policies.db, v))
    }

    fn policies_list(&self) -> Answer {
        let list: Vec<VersionSummary> = self
            .policies
            .versions
            .iter()
            .map(|v| {
                let p = program(&self.policies.db, *v);
                let day = |d: Option<chrono::NaiveDate>| Nullable(d.map(|d| Date(d.to_string())));
                VersionSummary {
                    version: v.name(&self.policies.db).clone(),
                    title: p.info.title.clone(),
                    valid_from: day(p.info.valid_from),
                    valid_to: day(p.info.valid_to),
                    source: p.info.source.clone(),
                    covers: p.info.covers.clone(),
                    status: if p.info.draft {
                        Status::Draft
                    } else {
                        Status::Adopted
                    },
                    decisions: p.decisions.iter().map(|d| d.name.clone()).collect(),
                    ok: self.policies.diagnostics(*v).iter().all(|d| !d.is_error()),
                }
            })
            .collect();
        answer(&list)
    }

    fn describe(&mut self, params: &Value) -> Answer {
        let p: params::Describe = params::parse(params)?;
        let version = self.policies.find(&p.version)?;
        let name = p.decision.as_str();
        let program = program(&self.policies.db, version);
        let (_, d) = decision_of(&program, name, version.name(&self.policies.db), None)?;
        answer(&Described {
            name: d.name.clone(),
            label: Nullable(
                program
                    .labels
                    .get(Kind::Decision, &d.name)
                    .map(str::to_owned),
            ),
            paragraf: d.cite.clone(),
            doc: d.doc.clone(),
            input_schema: JsonSchema(schema::input(&program, d)),
            output_schema: JsonSchema(schema::output(&program, d)),
            rejections: schema::rejections(&program, d),
        })
    }

    fn decide(&mut self, params: &Value) -> Answer {
        let p: params::Decide = params::parse(params)?;
        let (engine, version, name, explain) = self.prepare(&p.target())?;
        // The input's presence was checked; it is read from the request, not copied.
        let params::Input = p.input;
        let input = params
            .get("input")
            .ok_or_else(|| params::missing("input"))?;
        let decided = regel_app::decide(
            &engine,
            &version,
            &name,
            input,
            explain,
            "/input",
            &self.limits,
        )
        .inspect_err(log_internal)?;
        answer(&decided)
    }

    fn decide_batch(&mut self, params: &Value) -> Answer {
        let p: params::DecideBatch = params::parse(params)?;
        let (engine, version, name, explain) = self.prepare(&p.target())?;
        within_budget(engine.program(), &name, p.inputs.0)?;
        let Some(Value::Array(inputs)) = params.get("inputs") else {
            return Err(params::missing("inputs"));
        };
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
        answer(&Batch {
            version,
            decision: name,
            results: Written::later(),
        })
    }

    /// The engine (with overrides), version name, decision name and `explain` of a decide.
    pub(crate) fn prepare(
        &mut self,
        p: &Target<'_>,
    ) -> Result<(Engine, String, String, bool), RpcError> {
        let version = self.choose(p.version, p.as_of)?;
        let engine = self.engine(version)?;
        let as_of = p.as_of.map(|Date(day)| day.as_str());
        let name = version.name(&self.policies.db).clone();
        decision_of(engine.program(), p.decision, &name, as_of)?;
        let engine = match p.overrides {
            None => engine,
            Some(o) => with_overrides(engine, o)?,
        };
        Ok((
            engine,
            name,
            p.decision.to_owned(),
            p.explain.unwrap_or(false),
        ))
    }

    /// The semantic diff of two versions: the report's JSON, and `rendered` (Markdown or
    /// HTML) when a `format` other than `json` is asked for.
    fn diff(&self, params: &Value) -> Answer {
        let p: params::Diff = params::parse(params)?;
        let (from, to) = (self.policies.find(&p.from)?, self.policies.find(&p.to)?);
        let impact = p.impact.unwrap_or(false);
        self.policies.compile_errors(from)?;
        self.policies.compile_errors(to)?;
        let report = regel_diff::diff(&self.policies.db, from, to, regel_diff::Options { impact });
        let mut result = serde_json::to_value(&report).map_err(|e| {
            RpcError::new(INTERNAL_ERROR, format!("internal error: the report: {e}"))
        })?;
        let rendered = match p.format {
            Some(DiffFormat::Md | DiffFormat::Markdown) => {
                Some(regel_diff::render::markdown(&report))
            }
            Some(DiffFormat::Html) => Some(regel_diff::render::html(&report)),
            Some(DiffFormat::Json) | None => None,
        };
        if let (Some(text), Value::Object(map)) = (rendered, &mut result) {
            map.insert("rendered".into(), Value::String(text));
        }
        Ok(result)
    }

    fn check(&self, params: &Value) -> Answer {
        let p: params::Check = params::parse(params)?;
        let versions = match &p.version {
            None => self.policies.versions.clone(),
            Some(name) => vec![self.policies.find(name)?],
        };
        let diagnostics = versions
            .iter()
            .flat_map(|v| {
                let all = self.policies.diagnostics_with_findings(*v);
                diagnostics_json(&self.policies.db, *v, &all)
            })
            .collect();
        answer(&Checked { diagnostics })
    }

    fn source_set(&mut self, params: &Value) -> Answer {
        let params::SourceSet { path, text } = params::parse(params)?;
        if text.len() > MAX_SOURCE_BYTES {
            return Err(RpcError::params(
                regel_app::limits::source_too_large("`text`", text.len()),
                "/text",
                "at most 4 MiB of text",
                &format!("{} bytes", text.len()),
            ));
        }
        let (folder, _) = safe_path(&path)?;
        let version = self.policies.find(folder)?;
        let existing = self.policies.file(version, &path);
        self.version_room(version, existing, &text)?;
        self.policies.set_source(folder, &path, text);
        let diagnostics = diagnostics_json(
            &self.policies.db,
            version,
            &self.policies.diagnostics(version),
        );
        answer(&SourceSetResult {
            version: version.name(&self.policies.db).clone(),
            diagnostics,
        })
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
        let files = version.files(&self.policies.db);
        let count = files.len() + usize::from(replaced.is_none());
        if count > MAX_VERSION_FILES {
            return Err(RpcError::params(
                format!(
                    "version {} holds {} files; a version may hold at most {MAX_VERSION_FILES}",
                    version.name(&self.policies.db),
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
            .map(|f| f.text(&self.policies.db).len())
            .sum::<usize>()
            + text.len();
        if bytes > MAX_VERSION_BYTES {
            return Err(RpcError::params(
                format!(
                    "version {} would hold {bytes} bytes of text; a version may hold at most {MAX_VERSION_BYTES} bytes (16 MiB)",
                    version.name(&self.policies.db)
                ),
                "/text",
                "at most 16 MiB of text in the version, all files together",
                &format!("{} bytes", text.len()),
            ));
        }
        Ok(())
    }
}

/// A method's answer: its result struct, serialised (the struct is what the document says).
fn answer(result: &impl serde::Serialize) -> Answer {
    serde_json::to_value(result)
        .map_err(|e| RpcError::new(INTERNAL_ERROR, format!("internal error: an answer: {e}")))
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
        regel_app::engines::within_domain(&program, index, &value, &values::describe(json))?;
        values.push((index, value));
    }
    regel_app::engines::with_overrides(program, &values)
}

/// An evaluation failure is logged: it is a bug of the policy or of the evaluator, not of
/// the caller.
pub(crate) fn log_internal(e: &RpcError) {
    if e.code == INTERNAL_ERROR {
        eprintln!("regel serve: evaluation failed: {}", e.message);
    }
}

/// What a `decide` or `decide.batch` asks for, apart from its inputs.
pub(crate) struct Target<'p> {
    pub(crate) decision: &'p str,
    pub(crate) version: Option<&'p str>,
    pub(crate) as_of: Option<&'p Date>,
    pub(crate) explain: Option<bool>,
    pub(crate) overrides: Option<&'p Map<String, Value>>,
}

/// `decide` and `decide.batch` name what they decide with the same members.
macro_rules! target {
    ($($method:ty),*) => {$(
        impl $method {
            pub(crate) fn target(&self) -> Target<'_> {
                Target {
                    decision: &self.decision,
                    version: self.version.as_deref(),
                    as_of: self.as_of.as_ref(),
                    explain: self.explain,
                    overrides: self.overrides.as_ref(),
                }
            }
        }
    )*};
}

target!(params::Decide, params::DecideBatch);
