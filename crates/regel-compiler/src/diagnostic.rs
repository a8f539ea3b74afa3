//! Diagnostics: values with a stable code, a message, a labelled span and an optional help
//! line. One value renders both for the terminal (ariadne) and for an editor (LSP ranges).

use regel_syntax::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A diagnostic whose spans are relative to one item (see `regel_syntax::ast`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diag {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

impl Diag {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diag {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            label: String::new(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diag {
            severity: Severity::Warning,
            ..Diag::error(code, span, message)
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help.or(self.help);
        self
    }

    /// Place this diagnostic in a file: `offset` is the item's first byte.
    pub fn locate(&self, file: &str, offset: u32) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            message: self.message.clone(),
            file: file.to_owned(),
            span: self.span.shift(offset),
            label: self.label.clone(),
            help: self.help.clone(),
        }
    }
}

/// A diagnostic placed in a file, spans absolute. Accumulated by the compiler's queries.
#[salsa::accumulator]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The file's path as given to the database (relative to the policies folder).
    pub file: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The LSP range of the span: zero-based lines and UTF-16 characters.
    pub fn range(&self, text: &str) -> Range {
        Range {
            start: position(text, self.span.start),
            end: position(text, self.span.end),
        }
    }

    /// [`Self::range`] with the line index of `text` made once for all of a file's
    /// diagnostics, so that placing them all is linear in the text, not quadratic.
    pub fn range_in(&self, text: &str, lines: &crate::source::LineIndex) -> Range {
        let at = |byte: u32| {
            let byte = floor_char_boundary(text, byte as usize);
            lines.position(text, crate::index::index_u32(byte))
        };
        Range {
            start: at(self.span.start),
            end: at(self.span.end),
        }
    }

    /// Renders with ariadne, as a terminal shows it (`color` for a tty).
    pub fn render(&self, text: &str, color: bool) -> String {
        self.render_in(&Rendering::new(text), color)
    }

    /// [`Self::render`] with a file's text prepared once for all of its diagnostics, so that
    /// rendering many of them is linear in the text, not quadratic.
    pub fn render_in(&self, rendering: &Rendering<'_>, color: bool) -> String {
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

/// A file's text made ready for rendering its diagnostics ([`Diagnostic::render_in`]).
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// Zero-based line and UTF-16 column of a byte offset (clamped to the text).
pub fn position(text: &str, byte: u32) -> Position {
    let byte = floor_char_boundary(text, byte as usize);
    let before = text.get(..byte).unwrap_or(text);
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column: usize = before
        .get(line_start..)
        .unwrap_or("")
        .chars()
        .map(char::len_utf16)
        .sum();
    Position {
        line: clamp_u32(line),
        character: clamp_u32(column),
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, byte: u32) -> u32 {
    position(text, byte).line + 1
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// "did you mean `x`?" for the closest candidate, if one is close enough.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(wrong, candidate);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| format!("did you mean `{name}`?"))
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn a_range_placed_with_the_line_index_is_the_range_placed_by_scanning() {
        let text = "param å: Int = 1\n\n// ⏎ 𝄞 wide\nparam b: Int = å\n";
        let lines = crate::source::LineIndex::new(text);
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
