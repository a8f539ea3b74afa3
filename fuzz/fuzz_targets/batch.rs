#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| regel_e2e::fuzz::batch(data));
