#![doc = include_str!("../README.md")]

pub use regel_runtime::generated::NativeDecision;

include!(concat!(env!("OUT_DIR"), "/versions.rs"));
