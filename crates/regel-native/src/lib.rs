#![doc = include_str!("../README.md")]

pub use regel_eval::native::NativeDecision;

include!(concat!(env!("OUT_DIR"), "/versions.rs"));
