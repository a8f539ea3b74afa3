//! `regel lsp`: the language server, on standard input and output.
//!
//! Everything `regel check` and `regel test` know reaches the editor as the author types:
//! diagnostics on open and on every change, hover (declaration, doc comment, cited section,
//! a parameter's value in the previous version), definition, references, rename, completion,
//! document and workspace symbols, formatting through `regel-fmt`, semantic tokens, folding,
//! inlay hints with a parameter's value where it is used, and code lenses run through
//! `workspace/executeCommand`: "▶ Kör testet" on tests, "Kör" on decisions (evaluated on their
//! first test's inputs), "Ändrad sedan 2021" on items changed since the previous version.
//!
//! # Why `lsp-server` (rust-analyzer's), not `tower-lsp-server`
//!
//! The compiler is a salsa database with one writer: an edit needs `&mut` access, and the
//! queries after it read what the edit left. `lsp-server` is a plain synchronous loop, so each
//! message is handled to the end before the next is read, on the thread the CLI gives us (with
//! its large stack) — no locks, no cancellation, no ordering surprises between `didChange` and
//! the request that follows it. `tower-lsp-server` runs handlers concurrently on an async
//! runtime; with one database that buys nothing but a lock around it. Regel's files are small
//! and every query answers in milliseconds, so concurrency is not needed.
//!
//! lsp-server's own reader stops at the first malformed message and trusts any
//! `Content-Length`; [`transport`] reads frames itself (bounded, skipping what it cannot
//! parse, answering it with a parse error) and uses lsp-server for the message types and
//! writing. lsp-types gives the protocol's types.
//!
//! # Robustness
//!
//! Every handler runs under `catch_unwind`: a panic is answered as `InternalError`, logged to
//! standard error with the request id, and the server goes on with the same database. The
//! server never writes files (formatting and rename answer edits; the editor applies them),
//! reads only inside the policies root, refuses paths outside it and links that lead out of
//! it, and answers requests on files with syntax errors from whatever parsed.

mod changes;
mod complete;
mod evaluate;
mod handlers;
mod hover;
mod inlay;
mod lens;
mod model;
mod names;
mod navigate;
mod outline;
pub mod paths;
mod server;
mod session;
pub mod text;
mod tokens;
pub mod transport;
mod verdict;

pub use server::{Ending, capabilities, serve};
pub use session::{Doc, Failure, Loader, MAX_DOCUMENT, Session, VersionFiles};

/// Requests answered in-process, for benchmarks and tests: the same code the loop calls.
pub mod api {
    pub use crate::complete::complete;
    pub use crate::hover::hover;
    pub use crate::inlay::inlay_hints;
    pub use crate::lens::{code_lenses, execute};
    pub use crate::navigate::{goto_definition, references, rename};
    pub use crate::outline::{document_symbols, folding_ranges, workspace_symbols};
    pub use crate::tokens::semantic_tokens;
}

/// Serves on standard input and output until `exit`; files are read with `loader`.
pub fn run(loader: Loader) -> std::io::Result<Ending> {
    let mut session = Session::new(loader);
    // The reader runs on its own thread (see `serve`): `Stdin` can move there, its lock cannot.
    serve(
        &mut session,
        std::io::BufReader::new(std::io::stdin()),
        std::io::stdout().lock(),
    )
}
