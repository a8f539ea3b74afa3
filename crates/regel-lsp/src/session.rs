//! The server's state: the application layer's [`Policies`] (one salsa database for the
//! server's whole life, a [`Version`] per folder under the policies root), the documents the
//! editor has open over them, and the engines of the versions run.
//!
//! An edit sets one [`SourceFile`]'s text ([`Policies::set_source`], as the API's `source.set`
//! does); the next query recomputes only what it touched. Files are read through the front
//! end's loader (the same one `regel check` uses), only from inside the root, and never
//! written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use lsp_server::{Message, Notification};
use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString, Position,
    PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent, Uri,
};
use regel_app::{Engines, Policies, Render};
use regel_compiler::ir::Program;
use regel_compiler::{Database, LineIndex, Severity, SourceFile, Version, diagnostics};
use regel_eval::Engine;

use crate::paths::{self, Placement};
use crate::text;

pub use regel_app::VersionFiles;

/// Reads a policies folder (or one version folder) from disk: the CLI's own reader, which
/// refuses links that lead out of the folder and oversized or non-UTF-8 files.
pub type Loader = Box<dyn Fn(&Path) -> Result<Vec<VersionFiles>, String>>;

/// A request's failure, answered as an LSP error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

/// An error of the application layer keeps its code and words, as the API and `regel eval`
/// answer it.
impl From<regel_app::Error> for Failure {
    fn from(e: regel_app::Error) -> Failure {
        Failure {
            code: i32::try_from(e.code).unwrap_or(lsp_server::ErrorCode::RequestFailed as i32),
            message: e.message,
        }
    }
}

impl Failure {
    /// The request was understood but cannot be carried out (LSP `RequestFailed`).
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: lsp_server::ErrorCode::RequestFailed as i32,
            message: message.into(),
        }
    }

    pub fn invalid_params(message: impl Into<String>) -> Failure {
        Failure {
            code: lsp_server::ErrorCode::InvalidParams as i32,
            message: message.into(),
        }
    }
}

pub struct Session {
    /// The versions under the root, with the open documents' text over what the disk holds.
    pub(crate) policies: Policies,
    pub(crate) root: Option<PathBuf>,
    loader: Loader,
    /// The client's URI of each open document, by path relative to the root.
    open: HashMap<String, Uri>,
    /// Files whose last published diagnostics were not empty, to clear when they become clean.
    shown: HashSet<String>,
    /// Notifications to send after the message being handled.
    pub(crate) outbox: Vec<Message>,
    /// Versions whose checker diagnostics were published and await the prover's round.
    unproved: Vec<Version>,
    /// Engines of programs already evaluated ("Kör").
    engines: Mutex<Engines>,
    /// Open documents over [`MAX_DOCUMENT`] bytes: their text is kept here, edited, and not
    /// checked until it is small enough again (an 11 MB document once stalled every request).
    oversized: HashMap<Uri, String>,
}

/// The largest document checked: a policy file's limit (4 MiB), as the CLI and the API have.
pub const MAX_DOCUMENT: usize = regel_app::limits::MAX_SOURCE_BYTES;

/// A document the server knows: its version and file in the database.
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    pub version: Version,
    pub file: SourceFile,
}

impl Session {
    pub fn new(loader: Loader) -> Session {
        Session::with_database(loader, Database::default())
    }

    /// A session over a given database (one that logs query executions, in tests).
    pub fn with_database(loader: Loader, db: Database) -> Session {
        Session {
            policies: Policies::with_database(Vec::new(), db),
            root: None,
            loader,
            open: HashMap::new(),
            oversized: HashMap::new(),
            shown: HashSet::new(),
            outbox: Vec::new(),
            unproved: Vec::new(),
            engines: Mutex::new(Engines::default()),
        }
    }

    /// Loads every version under `root`; a folder that cannot be read is reported in words.
    /// Refused or not, `root` stays the policies folder: a document opened later from
    /// elsewhere must not become the root (and its folder be read) because this one was
    /// refused.
    pub fn set_root(&mut self, root: PathBuf) -> Result<(), String> {
        let versions = match (self.loader)(&root) {
            Ok(v) => v,
            Err(e) => {
                self.root = Some(root);
                return Err(e);
            }
        };
        self.policies.reload(versions);
        self.root = Some(root);
        Ok(())
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn db(&self) -> &Database {
        &self.policies.db
    }

    pub fn policies(&self) -> &Policies {
        &self.policies
    }

    /// The version whose folder sorts just before `version`'s: the one its changes are shown
    /// against.
    pub(crate) fn previous(&self, version: Version) -> Option<Version> {
        self.policies.previous(version)
    }

    /// The engine of a program, kept while the program is the same `Arc` (salsa hands the
    /// same one back until an edit changes it).
    pub(crate) fn engine(&self, program: &Arc<Program>) -> Result<Engine, Failure> {
        let mut engines = self
            .engines
            .lock()
            .map_err(|_| Failure::failed("the engines' lock was poisoned by an earlier bug"))?;
        Ok(engines.engine(program)?)
    }

    /// Takes the notifications produced so far.
    pub fn take_outbox(&mut self) -> Vec<Message> {
        std::mem::take(&mut self.outbox)
    }

    fn placement(&self, uri: &Uri) -> Result<Placement, String> {
        let path =
            paths::to_path(uri).ok_or_else(|| format!("`{}` is not a local file", uri.as_str()))?;
        let root = self.root.as_deref().ok_or_else(|| {
            format!(
                "`{}` is not under a policies folder (a folder of version folders holding `*.regel` files)",
                path.display()
            )
        })?;
        paths::place(root, &path)
    }

    /// The document a URI names, if it lies under the root in a known version.
    pub fn doc(&self, uri: &Uri) -> Result<Doc, Failure> {
        let place = self.placement(uri).map_err(Failure::failed)?;
        self.find(&place).ok_or_else(|| {
            Failure::failed(format!(
                "`{}` is not loaded; open it in the editor first",
                place.rel
            ))
        })
    }

    fn find(&self, place: &Placement) -> Option<Doc> {
        let version = self.policies.named(&place.version)?;
        let file = self.policies.file(version, &place.rel)?;
        Some(Doc { version, file })
    }

    /// `didOpen`: the editor's text replaces the disk's. A file outside the root gets one
    /// diagnostic saying why it is not checked.
    pub fn open(&mut self, uri: Uri, text: String) {
        if self.root.is_none()
            && let Some(root) = paths::to_path(&uri)
                .as_deref()
                .and_then(Path::parent)
                .and_then(paths::find_root)
            && let Err(e) = self.set_root(root)
        {
            eprintln!("regel lsp: {e}");
        }
        let place = match self.placement(&uri) {
            Ok(p) => p,
            Err(message) => return self.refuse(uri, &message),
        };
        if text.len() > MAX_DOCUMENT {
            self.oversized.insert(uri.clone(), text);
            return self.refuse_oversized(uri);
        }
        self.oversized.remove(&uri);
        // A file not on disk yet (or in a new version folder) joins the database.
        let (version, _) = self.policies.set_source(&place.version, &place.rel, text);
        self.open.insert(place.rel, uri);
        self.publish(version);
    }

    fn refuse(&mut self, uri: Uri, message: &str) {
        eprintln!("regel lsp: {message}");
        let diagnostic = LspDiagnostic {
            range: Range::new(Position::new(0, 0), Position::new(0, 0)),
            severity: Some(DiagnosticSeverity::WARNING),
            source: Some("regel".into()),
            message: format!("{message}; this file is not checked"),
            ..LspDiagnostic::default()
        };
        self.notify_diagnostics(uri, vec![diagnostic]);
    }

    /// `didChange`: the edits in order, each on the text the one before left.
    pub fn change(&mut self, uri: &Uri, changes: &[TextDocumentContentChangeEvent]) {
        if let Some(mut text) = self.oversized.remove(uri) {
            for change in changes {
                text::apply(&mut text, change);
            }
            // Small enough again: checked as if just opened.
            return self.open(uri.clone(), text);
        }
        let Some((place, doc)) = self.placement(uri).ok().and_then(|p| {
            let doc = self.find(&p)?;
            Some((p, doc))
        }) else {
            return;
        };
        let mut text = doc.file.text(self.db()).clone();
        for change in changes {
            text::apply(&mut text, change);
        }
        if text.len() > MAX_DOCUMENT {
            self.oversized.insert(uri.clone(), text);
            return self.refuse_oversized(uri.clone());
        }
        self.policies.set_source(&place.version, &place.rel, text);
        self.publish(doc.version);
    }

    fn refuse_oversized(&mut self, uri: Uri) {
        let size = self.oversized.get(&uri).map_or(0, String::len);
        let message = regel_app::limits::source_too_large("this document", size);
        self.refuse(uri, &message);
    }

    /// `didClose`: the file's text goes back to what the disk holds (a file never saved
    /// leaves the database).
    pub fn close(&mut self, uri: &Uri) {
        self.oversized.remove(uri);
        let Ok(place) = self.placement(uri) else {
            return;
        };
        self.open.remove(&place.rel);
        let (Some(doc), Some(root)) = (self.find(&place), self.root.clone()) else {
            return;
        };
        let on_disk = (self.loader)(&root.join(&place.version))
            .ok()
            .and_then(|versions| {
                let (_, files) = versions.into_iter().next()?;
                files.into_iter().find(|(rel, _)| *rel == place.rel)
            });
        match on_disk {
            Some((rel, text)) => {
                self.policies.set_source(&place.version, &rel, text);
            }
            None => {
                self.policies.remove_file(doc.version, doc.file);
                self.notify_diagnostics(uri.clone(), Vec::new());
            }
        }
        self.publish(doc.version);
    }

    /// The URI to publish a file's diagnostics under: the client's if it is open.
    pub fn uri_of(&self, rel: &str) -> Option<Uri> {
        if let Some(uri) = self.open.get(rel) {
            return Some(uri.clone());
        }
        paths::to_uri(&self.root.as_ref()?.join(rel))
    }

    /// Publishes a version's diagnostics per file, and clears files that became clean. Once
    /// the types check, the prover's findings follow in a second round (each decision verified
    /// by a memoized query, so an edit re-verifies only the decision it touched); they never
    /// hold back the checker's own diagnostics.
    pub fn publish(&mut self, version: Version) {
        let all = diagnostics(self.db(), version);
        self.publish_list(version, &all);
        if !self.unproved.contains(&version) {
            self.unproved.push(version);
        }
    }

    /// The prover's round for the versions published since the last one: their findings (and
    /// E0300 decided by the prover) replace the checker's diagnostics where they differ. The
    /// server calls it after the checker's diagnostics have been written, so the prover never
    /// holds them back.
    pub fn prove_pending(&mut self) {
        for version in std::mem::take(&mut self.unproved) {
            let all = diagnostics(self.db(), version);
            let proved = self.policies.diagnostics_with_findings(version);
            if proved != all {
                self.publish_list(version, &proved);
            }
        }
    }

    fn publish_list(&mut self, version: Version, all: &[regel_compiler::Diagnostic]) {
        let mut by_file: HashMap<String, Vec<LspDiagnostic>> = HashMap::new();
        let db = &self.policies.db;
        for file in version.files(db) {
            let rel = file.path(db).clone();
            let text = file.text(db);
            let lines = LineIndex::new(text);
            let found: Vec<LspDiagnostic> = all
                .iter()
                .filter(|d| d.file == rel)
                .map(|d| to_lsp(d, text, &lines))
                .collect();
            // Open files always hear back, so the editor knows they were checked.
            if !found.is_empty() || self.shown.contains(&rel) || self.open.contains_key(&rel) {
                by_file.insert(rel, found);
            }
        }
        let mut sorted: Vec<_> = by_file.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (rel, found) in sorted {
            if found.is_empty() {
                self.shown.remove(&rel);
            } else {
                self.shown.insert(rel.clone());
            }
            if let Some(uri) = self.uri_of(&rel) {
                self.notify_diagnostics(uri, found);
            }
        }
    }

    fn notify_diagnostics(&mut self, uri: Uri, diagnostics: Vec<LspDiagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.outbox.push(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        )));
    }
}

fn to_lsp(d: &regel_compiler::Diagnostic, text: &str, lines: &LineIndex) -> LspDiagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    LspDiagnostic {
        range: lsp_range(d.range_in(text, lines)),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_owned())),
        source: Some("regel".into()),
        message,
        ..LspDiagnostic::default()
    }
}

fn lsp_range(r: regel_app::Range) -> Range {
    let position = |p: regel_compiler::Position| Position::new(p.line, p.character);
    Range::new(position(r.start), position(r.end))
}
