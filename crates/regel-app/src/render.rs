//! Diagnostics as the front ends show them: rendered with ariadne for the terminal, placed as
//! LSP ranges (zero-based lines, UTF-16 columns) for editors, and written as the one JSON
//! object `regel check --format json`, the API's `check`, `source.set` and compile errors share.

use std::collections::HashMap;

use regel_compiler::{Database, Diagnostic, LineIndex, Position, Severity, Version};
use serde::{Serialize, Serializer};

/// A span of a file as LSP places it (and JSON writes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Range {
    #[serde(with = "PositionJson")]
    pub start: Position,
    #[serde(with = "PositionJson")]
    pub end: Position,
}

/// How a [`Position`] is written: `{"line": …, "character": …}`.
#[derive(Serialize)]
#[serde(remote = "Position")]
struct PositionJson {
    line: u32,
    character: u32,
}

/// One diagnostic as JSON: the one form `regel check --format json`, the API's `check`,
/// `source.set` and compile errors share (the API's document describes it, `regel-rpc`'s
/// `results.rs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub range: Range,
    #[serde(serialize_with = "severity")]
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// How to fix it (for a prover's finding, the input that shows it), when there is a way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

fn severity<S: Serializer>(severity: &Severity, to: S) -> Result<S::Ok, S::Error> {
    to.serialize_str(severity.as_str())
}

/// A diagnostic placed and rendered.
pub trait Render {
    /// The LSP range of the span: zero-based lines and UTF-16 characters.
    fn range(&self, text: &str) -> Range;
    /// [`Self::range`] with the line index of `text` made once for all of a file's
    /// diagnostics, so that placing them all is linear in the text, not quadratic.
    fn range_in(&self, text: &str, lines: &LineIndex) -> Range;
    /// Renders with ariadne, as a terminal shows it (`color` for a tty).
    fn render(&self, text: &str, color: bool) -> String;
    /// [`Self::render`] with a file's text prepared once for all of its diagnostics, so that
    /// rendering many of them is linear in the text, not quadratic.
    fn render_in(&self, rendering: &Rendering<'_>, color: bool) -> String;
}

impl Render for Diagnostic {
    fn range(&self, text: &str) -> Range {
        Range {
            start: regel_compiler::diagnostic::position(text, self.span.start),
            end: regel_compiler::diagnostic::position(text, self.span.end),
        }
    }

    fn range_in(&self, text: &str, lines: &LineIndex) -> Range {
        let at = |byte: u32| {
            let byte = floor_char_boundary(text, byte as usize);
            lines.position(text, u32::try_from(byte).unwrap_or(u32::MAX))
        };
        Range {
            start: at(self.span.start),
            end: at(self.span.end),
        }
    }

    fn render(&self, text: &str, color: bool) -> String {
        self.render_in(&Rendering::new(text), color)
    }

    fn render_in(&self, rendering: &Rendering<'_>, color: bool) -> String {
        use ariadne::{Config, IndexType, Label, Report, ReportKind};
        let kind = match self.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let text = rendering.text;
        let start = floor_char_boundary(text, self.span.start as usize);
        let end = floor_char_boundary(text, self.span.end as usize).max(start);
        let file = self.file.as_str();
        let label_text = if self.label.is_empty() {
            self.message.clone()
        } else {
            self.label.clone()
        };
        let config = Config::default()
            .with_color(color)
            .with_index_type(IndexType::Byte);
        let mut report = Report::build(kind, (file, start..end))
            .with_config(config)
            .with_code(self.code)
            .with_message(&self.message)
            .with_label(Label::new((file, start..end)).with_message(label_text));
        if let Some(help) = &self.help {
            report = report.with_help(help);
        }
        let mut out = Vec::new();
        let written = report.finish().write((file, &rendering.source), &mut out);
        match written {
            Ok(()) => String::from_utf8_lossy(&out).into_owned(),
            Err(_) => format!(
                "{}[{}]: {}\n",
                self.severity.as_str(),
                self.code,
                self.message
            ),
        }
    }
}

/// A file's text made ready for rendering its diagnostics ([`Render::render_in`]).
pub struct Rendering<'a> {
    text: &'a str,
    source: ariadne::Source<&'a str>,
}

impl<'a> Rendering<'a> {
    pub fn new(text: &'a str) -> Self {
        Rendering {
            text,
            source: ariadne::Source::from(text),
        }
    }
}

/// One diagnostic as JSON: file, range, severity, code, message, and `help` (the fix, and
/// for a prover's finding the input that shows it) when there is one.
pub fn diagnostic_json(d: &Diagnostic, range: Range) -> JsonDiagnostic {
    JsonDiagnostic {
        file: d.file.clone(),
        range,
        severity: d.severity,
        code: d.code.to_owned(),
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

/// The diagnostics of `v` as JSON ([`diagnostic_json`]); each file's line index is made
/// once, so that placing many diagnostics is linear in the text.
pub fn diagnostics_json<'d>(
    db: &Database,
    v: Version,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
) -> Vec<JsonDiagnostic> {
    let mut lines: HashMap<&str, (&str, LineIndex)> = HashMap::new();
    diags
        .into_iter()
        .map(|d| {
            let (text, index) = lines.entry(d.file.as_str()).or_insert_with(|| {
                let text = v
                    .files(db)
                    .iter()
                    .find(|f| *f.path(db) == d.file)
                    .map_or("", |f| f.text(db).as_str());
                (text, LineIndex::new(text))
            });
            diagnostic_json(d, d.range_in(text, index))
        })
        .collect()
}

/// `byte` clamped to the text and moved back to the start of its character.
fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

#[cfg(test)]
mod range_tests {
    use super::*;
    use regel_compiler::Severity;
    use regel_syntax::Span;

    #[test]
    fn a_range_placed_with_the_line_index_is_the_range_placed_by_scanning() {
        let text = "param å: Int = 1\n\n// ⏎ 𝄞 wide\nparam b: Int = å\n";
        let lines = LineIndex::new(text);
        for start in 0..=text.len() + 2 {
            for end in [start, start + 1, text.len()] {
                let d = Diagnostic {
                    code: "E0000",
                    severity: Severity::Error,
                    message: "m".into(),
                    file: "f".into(),
                    span: Span::new(start, end),
                    label: String::new(),
                    help: None,
                };
                assert_eq!(d.range_in(text, &lines), d.range(text), "{start}..{end}");
            }
        }
    }
}
