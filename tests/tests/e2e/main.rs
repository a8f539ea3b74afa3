//! End-to-end tests, one binary: each module drives the real `regel` binary (or a front end
//! in-process) the way a user or a script does. One binary rather than one per file keeps
//! the linked test executables (each carries every crate and libz3) to one.

mod catalogue;
mod cli;
mod codegen;
mod coverage;
mod diff;
mod drafts;
mod encoding_eligibility_sanctions;
mod encoding_listing_deadlines;
mod encoding_versions;
mod error_sweep;
mod explain;
mod fmt;
mod frontends;
mod fuzz_corpus;
mod hardening;
mod layers;
mod lsp;
mod memory;
mod motivering;
mod motivering_sweep;
mod not_compared;
mod properties;
mod readme;
mod rpc;
mod schemas;
mod verify;
mod verify_mutants;
