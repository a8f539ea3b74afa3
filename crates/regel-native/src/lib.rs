#![doc = include_str!("../README.md")]

pub use regel_runtime::generated::NativeDecision;

// The decisions' Rust, written by regel-codegen and committed: building this crate runs no
// generator (`crates/regel-testing/tests/native.rs` holds the files to what it writes now).
include!("generated/versions.rs");
