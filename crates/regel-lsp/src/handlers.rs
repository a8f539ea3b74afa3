//! From LSP methods to the features: parameters parsed, positions turned into byte offsets,
//! answers turned into JSON.

use lsp_types::{
    CodeLensParams, CompletionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentFormattingParams, DocumentSymbolParams,
    ExecuteCommandParams, FoldingRangeParams, GotoDefinitionParams, HoverParams, InlayHintParams,
    Position, ReferenceParams, RenameParams, SemanticTokensParams, TextDocumentPositionParams,
    TextEdit, WorkspaceSymbolParams,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::session::{Doc, Failure, Session};
use crate::text::{Lines, to_u32};
use crate::{complete, hover, inlay, lens, navigate, outline, tokens};

fn parse<P: DeserializeOwned>(method: &str, params: Value) -> Result<P, Failure> {
    serde_json::from_value(params)
        .map_err(|e| Failure::invalid_params(format!("bad parameters for `{method}`: {e}")))
}

fn json(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure::failed(format!("cannot encode: {e}")))
}

/// The document and byte offset of a text position.
fn at(s: &Session, p: &TextDocumentPositionParams) -> Result<(Doc, u32), Failure> {
    let doc = s.doc(&p.text_document.uri)?;
    let byte = byte_of(s, doc, p.position);
    Ok((doc, byte))
}

fn byte_of(s: &Session, doc: Doc, position: Position) -> u32 {
    to_u32(Lines::new(doc.file.text(s.db())).offset(position))
}

pub fn request(s: &mut Session, method: &str, params: Value) -> Result<Value, Failure> {
    match method {
        "textDocument/hover" => {
            let p: HoverParams = parse(method, params)?;
            let (doc, byte) = at(s, &p.text_document_position_params)?;
            json(hover::hover(s, doc, byte))
        }
        "textDocument/definition" => {
            let p: GotoDefinitionParams = parse(method, params)?;
            let (doc, byte) = at(s, &p.text_document_position_params)?;
            json(navigate::goto_definition(s, doc, byte))
        }
        "textDocument/references" => {
            let p: ReferenceParams = parse(method, params)?;
            let (doc, byte) = at(s, &p.text_document_position)?;
            let with = p.context.include_declaration;
            json(navigate::references(s, doc, byte, with))
        }
        "textDocument/rename" => {
            let p: RenameParams = parse(method, params)?;
            let (doc, byte) = at(s, &p.text_document_position)?;
            json(navigate::rename(s, doc, byte, &p.new_name)?)
        }
        "textDocument/completion" => {
            let p: CompletionParams = parse(method, params)?;
            let (doc, byte) = at(s, &p.text_document_position)?;
            json(complete::complete(s, doc, byte))
        }
        "textDocument/documentSymbol" => {
            let p: DocumentSymbolParams = parse(method, params)?;
            let doc = s.doc(&p.text_document.uri)?;
            json(outline::document_symbols(s, doc))
        }
        "workspace/symbol" => {
            let p: WorkspaceSymbolParams = parse(method, params)?;
            json(outline::workspace_symbols(s, &p.query))
        }
        "textDocument/formatting" => {
            let p: DocumentFormattingParams = parse(method, params)?;
            let doc = s.doc(&p.text_document.uri)?;
            json(format(s, doc)?)
        }
        "textDocument/semanticTokens/full" => {
            let p: SemanticTokensParams = parse(method, params)?;
            let doc = s.doc(&p.text_document.uri)?;
            json(tokens::semantic_tokens(s, doc))
        }
        "textDocument/foldingRange" => {
            let p: FoldingRangeParams = parse(method, params)?;
            let doc = s.doc(&p.text_document.uri)?;
            json(outline::folding_ranges(s, doc.file))
        }
        "textDocument/codeLens" => {
            let p: CodeLensParams = parse(method, params)?;
            let doc = s.doc(&p.text_document.uri)?;
            json(lens::code_lenses(s, &p.text_document.uri, doc))
        }
        "textDocument/inlayHint" => {
            let p: InlayHintParams = parse(method, params)?;
            let doc = s.doc(&p.text_document.uri)?;
            json(inlay::inlay_hints(s, doc, p.range))
        }
        "workspace/executeCommand" => {
            let p: ExecuteCommandParams = parse(method, params)?;
            lens::execute(s, &p.command, &p.arguments)
        }
        #[cfg(debug_assertions)]
        "regel/debugPanic" => debug_panic(),
        // Debug builds only: the server's text of a document, for tests of incremental sync.
        #[cfg(debug_assertions)]
        "regel/debugText" => {
            let p: lsp_types::TextDocumentIdentifier = parse(method, params)?;
            json(s.doc(&p.uri)?.file.text(s.db()))
        }
        other => Err(Failure {
            code: lsp_server::ErrorCode::MethodNotFound as i32,
            message: format!("unknown method `{other}`"),
        }),
    }
}

/// Debug builds only: proves that a panicking handler is answered and survived.
#[cfg(debug_assertions)]
#[expect(clippy::panic, reason = "the method exists to panic")]
fn debug_panic() -> Result<Value, Failure> {
    panic!("regel/debugPanic was called")
}

/// The whole document in the canonical layout, as one edit (none when it already is).
fn format(s: &Session, doc: Doc) -> Result<Vec<TextEdit>, Failure> {
    let text = doc.file.text(s.db());
    let formatted = regel_fmt::format(text).map_err(|e| match e {
        regel_fmt::FormatError::Syntax(errors) => Failure::failed(format!(
            "filen har {} syntaxfel; rätta dem innan den formateras (det första: {})",
            errors.len(),
            errors
                .first()
                .map(|e| e.message.as_str())
                .unwrap_or_default()
        )),
        regel_fmt::FormatError::Changed(why) => Failure::failed(why),
    })?;
    if formatted == *text {
        return Ok(Vec::new());
    }
    let lines = Lines::new(text);
    Ok(vec![TextEdit::new(lines.range(0, text.len()), formatted)])
}

pub fn notification(s: &mut Session, method: &str, params: Value) -> Result<(), Failure> {
    match method {
        "textDocument/didOpen" => {
            let p: DidOpenTextDocumentParams = parse(method, params)?;
            s.open(p.text_document.uri, p.text_document.text);
        }
        "textDocument/didChange" => {
            let p: DidChangeTextDocumentParams = parse(method, params)?;
            s.change(&p.text_document.uri, &p.content_changes);
        }
        "textDocument/didClose" => {
            let p: DidCloseTextDocumentParams = parse(method, params)?;
            s.close(&p.text_document.uri);
        }
        _ => {}
    }
    Ok(())
}
