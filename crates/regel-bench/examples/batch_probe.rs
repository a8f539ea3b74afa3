//! A probe for profilers (`valgrind --tool=callgrind`) of the serve bench's `decide.batch`
//! in-process, on one thread where it can: `read` reads the inputs of the batch from the text
//! of the line (`InputReader::read_at`, as each batch thread does) and nothing else; `line`
//! answers the whole request line (`Server::handle_line`, on every CPU); `serve` sends the line
//! `rounds` times through `regel_rpc::serve` from memory, which reads it in blocks as
//! `regel serve` reads its standard input (`batch_stream.rs`), without the pipes.
//!
//! `cargo run --release -p regel-bench --example batch_probe -- [read|line|serve] [inputs] [rounds]`
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_bench::listning::batch_input;
use regel_eval::{InputReader, Limits};
use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "read".into());
    let n: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    // The line answered, or the inputs read, this many times (two runs differing only here give the cost of
    // reading without the cost of making the inputs).
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let inputs: Vec<_> = (0..n).map(batch_input).collect();
    if which == "line" || which == "serve" {
        let line = json!({"jsonrpc": "2.0", "id": 2, "method": "decide.batch", "params": {
            "version": "2023", "decision": "listning.byte", "inputs": inputs}})
        .to_string();
        let versions = ["2020", "2021", "2023"]
            .map(|v| (v.to_string(), regel_testing::version_files("policies", v)));
        let mut server = regel_rpc::Server::new(versions.into());
        let mut bytes = 0;
        if which == "serve" {
            let lines = format!("{line}\n").repeat(rounds);
            let mut out = Vec::new();
            regel_rpc::serve(&mut server, lines.as_bytes(), &mut out).unwrap();
            bytes = out.len();
        }
        for _ in 0..rounds * usize::from(which == "line") {
            bytes += server.handle_line(&line).unwrap().len();
        }
        println!("{n} inputs: answers of {bytes} bytes");
        return;
    }
    // The inputs one after the other, as the line holds them.
    let mut text = String::new();
    let offsets: Vec<usize> = inputs
        .iter()
        .map(|input| {
            let at = text.len();
            text.push_str(&input.to_string());
            text.push(',');
            at
        })
        .collect();
    let engine = regel_testing::engine_in("policies", "2023");
    let decision = engine
        .program()
        .decision("listning.byte")
        .unwrap()
        .1
        .clone();
    let mut reader = InputReader::new(&engine, &decision, Limits::default());
    let mut values = Vec::new();
    let mut read = 0;
    for _ in 0..rounds {
        for &at in &offsets {
            read += reader.read_at(text.as_bytes(), at, &mut values).unwrap() - at;
        }
    }
    println!("{n} inputs: {read} bytes read");
}
