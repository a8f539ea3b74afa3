//! The application layer of Regel's front ends: what `regel` on the command line
//! (`regel-cli`), the JSON-RPC API (`regel-rpc`) and the language server (`regel-lsp`) each
//! need and must do alike, done once.
//!
//! - [`Policies`]: the versions loaded into one database, and the [`Choice`] of the version
//!   a request means (by name, `as_of`, or the newest adopted; drafts only when named;
//!   overlapping validity periods choose none).
//! - [`Engines`]: an engine per version, rebuilt only when its program changed.
//! - [`decide`]: one JSON input decided, and every error of deciding as an [`Error`] with the
//!   codes of `docs/api.md` ([`error`]).
//! - [`limits`]: the bounds on messages and policy files, and the errors past them.
//! - [`render`]: diagnostics rendered with ariadne for the terminal, placed as LSP ranges,
//!   and written as JSON (one form, with `help`, for every front end).
//!
//! No I/O happens here: the front ends read the files and hand over their text, and write
//! what this layer answers.

pub mod decide;
pub mod engines;
pub mod error;
pub mod limits;
pub mod policies;
pub mod render;

pub use decide::{
    Decided, compile_errors, decide, decide_error, decide_input, decision_of, fields,
    with_explanation,
};
pub use engines::Engines;
pub use error::Error;
pub use policies::{Choice, Policies, VersionFiles};
pub use render::{JsonDiagnostic, Range, Render, Rendering, diagnostic_json, diagnostics_json};
