//! `regel test --update`: after an intended change, the expected values of failing tests are
//! rewritten to what the decisions now give, in place, each change shown.
//!
//! Only an `expect { field: value, … }` whose differing fields hold plain values (a number,
//! an amount, a date, a duration, a text, a boolean, a variant, `null`) is rewritten; a list
//! or record value, or `expect rejected …`, is left for the author and the test stays failed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use regel_compiler::ir::Program;
use regel_compiler::ty::Ty;
use regel_syntax::{Expect, ItemKind, parse};
use serde_json::Value as Json;

/// One value to write: in `file` (relative to the policies folder), bytes `start..end`.
pub(crate) struct Edit {
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The edits that make the test `name` (in `file`, of `decision`) expect `actual`, or why
/// it cannot be updated.
pub(crate) fn edits(
    program: &Program,
    source: &str,
    file: &str,
    name: &str,
    decision: &str,
    actual: &Json,
) -> Result<Vec<Edit>, String> {
    let Json::Object(actual) = actual else {
        return Err("not an output to write".into());
    };
    let d = program
        .decisions
        .iter()
        .find(|d| d.name == decision)
        .ok_or("the decision is unknown")?;
    let parsed = parse(source);
    let (offset, test) = parsed
        .items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Test(t) if t.name.value == name => Some((item.offset as usize, t)),
            _ => None,
        })
        .ok_or("the test is not found in its file")?;
    let Expect::Output { fields, .. } = &test.expect else {
        return Err("`expect rejected …` is edited by hand".into());
    };
    let mut out = Vec::new();
    for field in fields {
        let Some(value) = actual.get(&field.name.name) else {
            continue;
        };
        let ty = d
            .outputs
            .iter()
            .find(|o| o.name == field.name.name)
            .map(|o| &o.ty)
            .ok_or_else(|| format!("`{}` is not an output", field.name.name))?;
        let start = offset + field.value.span.start as usize;
        let end = offset + field.value.span.end as usize;
        let old = source.get(start..end).unwrap_or_default();
        let new = literal(ty, value).ok_or_else(|| {
            format!(
                "`{}` is a list or record value: edit it by hand",
                field.name.name
            )
        })?;
        if old != new {
            out.push(Edit {
                file: file.to_owned(),
                start,
                end,
                text: new,
            });
        }
    }
    Ok(out)
}

/// `value` (as the API writes it) as a Regel literal of type `ty`; `None` for a list or a
/// record (not written by `--update`).
fn literal(ty: &Ty, value: &Json) -> Option<String> {
    if value.is_null() {
        return Some("null".into());
    }
    match (ty.non_null(), value) {
        (Ty::Bool, Json::Bool(b)) => Some(b.to_string()),
        (Ty::Int, Json::Number(n)) => Some(n.to_string()),
        (Ty::Decimal, Json::String(s)) => Some(s.clone()),
        (Ty::Money, Json::String(s)) => Some(format!("{s} kr")),
        (Ty::Date | Ty::Duration | Ty::Enum(..), Json::String(s)) => Some(s.clone()),
        (Ty::Text, Json::String(_)) => serde_json::to_string(value).ok(),
        _ => None,
    }
}

/// Applies the edits, file by file, from the end so that earlier offsets hold; each file is
/// written atomically. `root` is the folder the relative paths start from.
pub(crate) fn apply(
    root: &Path,
    edits: Vec<Edit>,
    texts: &HashMap<String, String>,
) -> Result<Vec<PathBuf>, String> {
    let mut by_file: HashMap<String, Vec<Edit>> = HashMap::new();
    for edit in edits {
        by_file.entry(edit.file.clone()).or_default().push(edit);
    }
    let mut written = Vec::new();
    let mut files: Vec<_> = by_file.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (file, mut edits) in files {
        let mut text = texts
            .get(&file)
            .cloned()
            .ok_or_else(|| format!("`{file}` is not loaded"))?;
        edits.sort_by_key(|e| std::cmp::Reverse(e.start));
        for e in edits {
            if e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
            {
                text.replace_range(e.start..e.end, &e.text);
            }
        }
        let path = root.join(&file);
        crate::fmt::write_atomically(&path, &text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
