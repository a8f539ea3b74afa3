//! The message loop: one message at a time on one thread, so the salsa database has its one
//! writer (a second thread only reads frames off the input). Every handler runs under
//! `catch_unwind`: a panic is answered as an internal error, logged to standard error with the
//! request id, and the loop goes on.

use std::io::{self, BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, sync_channel};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeLensOptions, CompletionOptions, ExecuteCommandOptions, FoldingRangeProviderCapability,
    HoverProviderCapability, OneOf, SemanticTokensFullOptions, SemanticTokensOptions,
    SemanticTokensServerCapabilities, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind,
};
use serde_json::{Value, json};

use crate::session::{Failure, Session};
use crate::transport::{self, Frame};
use crate::{handlers, lens, tokens};

/// How a session ended. The LSP specification asks for exit code 0 when `shutdown` came
/// before `exit` (or before the end of the input), and 1 otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    AfterShutdown,
    WithoutShutdown,
}

impl Ending {
    /// The process's exit code.
    pub fn code(self) -> u8 {
        match self {
            Ending::AfterShutdown => 0,
            Ending::WithoutShutdown => 1,
        }
    }
}

/// Serves until `exit` or the end of the input. Answers every request, whatever it holds.
///
/// Messages are read on a thread of their own, so the loop knows whether another one waits:
/// the prover's round (which can take seconds on a large version, a loaded machine or a debug
/// build) runs only when none does. Keystrokes and the completion they ask for are answered
/// first; one round follows the burst, not one per keystroke.
pub fn serve(
    session: &mut Session,
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
) -> io::Result<Ending> {
    // An editor proves at every edit: one prover thread, with its solver context, kept for
    // the whole session rather than one made (10–20 ms) per round (`regel_verify::prover`).
    let _prover = regel_verify::prover::Session::open();
    let frames = read_frames(input);
    let mut state = State::default();
    let mut waiting = None;
    loop {
        let frame = match waiting.take() {
            Some(frame) => frame,
            None => frames.recv().unwrap_or(Ok(Frame::End)),
        };
        let message = match frame? {
            Frame::End => return Ok(state.ending()),
            Frame::Bad(why) => {
                eprintln!("regel lsp: skipped a message: {why}");
                transport::write_parse_error(&mut output, &why)?;
                continue;
            }
            Frame::Message(m) => m,
        };
        let reply = match message {
            Message::Request(r) => Some(state.request(session, r)),
            Message::Notification(n) if n.method == "exit" => return Ok(state.ending()),
            Message::Notification(n) => {
                state.notification(session, n);
                None
            }
            Message::Response(_) => None,
        };
        if let Some(reply) = reply {
            transport::write(&mut output, &Message::Response(reply))?;
        }
        for note in session.take_outbox() {
            transport::write(&mut output, &note)?;
        }
        // The checker's diagnostics are out; the prover's come as a second publication, once
        // no message waits.
        output.flush()?;
        waiting = frames.try_recv().ok();
        if waiting.is_some() {
            continue;
        }
        session.prove_pending();
        for note in session.take_outbox() {
            transport::write(&mut output, &note)?;
        }
        output.flush()?;
    }
}

/// Reads frames on their own thread until the end of the input (or a read error, which ends
/// the session like the end of the input does, after it is reported).
fn read_frames(mut input: impl BufRead + Send + 'static) -> Receiver<io::Result<Frame>> {
    let (send, frames) = sync_channel(64);
    std::thread::spawn(move || {
        loop {
            let frame = transport::read(&mut input);
            let last = !matches!(frame, Ok(Frame::Message(_) | Frame::Bad(_)));
            if send.send(frame).is_err() || last {
                return;
            }
        }
    });
    frames
}

#[derive(Default)]
struct State {
    initialized: bool,
    shut_down: bool,
}

impl State {
    fn ending(&self) -> Ending {
        if self.shut_down {
            Ending::AfterShutdown
        } else {
            Ending::WithoutShutdown
        }
    }

    fn request(&mut self, session: &mut Session, r: Request) -> Response {
        let answer = match r.method.as_str() {
            "initialize" => {
                self.initialized = true;
                Ok(initialize(session, &r.params))
            }
            _ if !self.initialized => Err(Failure {
                code: ErrorCode::ServerNotInitialized as i32,
                message: "the server is not initialized; send `initialize` first".into(),
            }),
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            _ if self.shut_down => Err(Failure {
                code: ErrorCode::InvalidRequest as i32,
                message: "the server is shut down; send `exit`".into(),
            }),
            method => guarded(&r.id, method, || {
                handlers::request(session, method, r.params)
            }),
        };
        match answer {
            Ok(value) => Response::new_ok(r.id, value),
            Err(f) => Response::new_err(r.id, f.code, f.message),
        }
    }

    fn notification(&mut self, session: &mut Session, n: Notification) {
        if !self.initialized || self.shut_down {
            return;
        }
        let id = RequestId::from(format!("notification {}", n.method));
        let method = n.method.clone();
        let done = guarded(&id, &method, || {
            handlers::notification(session, &method, n.params).map(|()| Value::Null)
        });
        if let Err(f) = done {
            eprintln!("regel lsp: {method}: {}", f.message);
        }
    }
}

/// Runs a handler; a panic becomes an internal error, logged with the request id.
fn guarded(
    id: &RequestId,
    method: &str,
    handler: impl FnOnce() -> Result<Value, Failure>,
) -> Result<Value, Failure> {
    match catch_unwind(AssertUnwindSafe(handler)) {
        Ok(answer) => answer,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            eprintln!("regel lsp: internal error in `{method}` (request id {id}): {what}");
            Err(Failure {
                code: ErrorCode::InternalError as i32,
                message: format!("internal error in `{method}`: {what}; the server goes on"),
            })
        }
    }
}

/// Finds the policies root from the workspace folder and answers what the server can do.
fn initialize(session: &mut Session, params: &Value) -> Value {
    let folder = params
        .pointer("/workspaceFolders/0/uri")
        .or_else(|| params.get("rootUri"))
        .and_then(Value::as_str)
        .and_then(|u| u.parse().ok())
        .and_then(|u| crate::paths::to_path(&u));
    if let Some(root) = folder.as_deref().and_then(crate::paths::find_root)
        && let Err(e) = session.set_root(root)
    {
        eprintln!("regel lsp: {e}");
        let shown = lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: format!("Regel: mappen med regelverken kunde inte läsas in: {e}"),
        };
        let note = Notification::new("window/showMessage".into(), shown);
        session.outbox.push(Message::Notification(note));
    }
    json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "regel".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    })
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "\"".into()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..SemanticTokensOptions::default()
            },
        )),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: lens::COMMANDS.iter().map(|c| (*c).to_owned()).collect(),
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}
