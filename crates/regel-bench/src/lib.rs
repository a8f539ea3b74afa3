//! The reference peers of the benchmarks: each decision written by hand in plain Rust (chrono
//! for dates), the practical limit of speed for the same rules. `tests/equivalence.rs` checks
//! that they answer as the policies do on every test input and on boundary inputs; the
//! benches (`benches/core.rs`, `benches/serve.rs`) time Regel beside them, interpreted and
//! compiled (`native`).

pub mod ersattning;
pub mod kapacitetsstopp;
pub mod listning;
pub mod native;
#[cfg(feature = "peers")]
pub mod peers;
pub mod sanktion;
