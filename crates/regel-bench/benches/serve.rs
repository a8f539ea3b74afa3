//! `regel serve` end to end through pipes, as another system sees it: resident memory with
//! every version loaded, the latency of single `decide` round trips, and the throughput of a
//! `decide.batch` of 100 000 `listning.byte` inputs. The release binary is used
//! (`target/release/regel`, built by `cargo bench` with the workspace, or by
//! `cargo build --release -p regel-cli`); `REGEL_BINARIES=a:b:…` times the batch with several
//! binaries instead, alternating between them round by round (a before/after on a shared
//! machine). Beside the batch it prints what bounds it, each part timed alone on every CPU:
//! the pipes (`cat` echoing the line), reading the inputs from the line, deciding them,
//! writing the outputs, and the server answering the line in-process (no pipes). Prints a
//! table; BENCHMARKS.md records it.
//!
//! The client leaves its pipes as the kernel makes them (64 KiB); `regel serve` widens them itself;
//! `REGEL_PIPES=wide` widens the batch's to [`WIDE_PIPE`]. `cat` is timed through both.
//!
//! The client is a buffered one: it writes each request with one `write_all` and reads the
//! answer line with a 1 MiB `BufReader`, as bytes, into a buffer it keeps from answer to
//! answer; it hands those bytes to its JSON parser as they are (`serde_json::from_slice`
//! checks UTF-8 as it reads the strings), as a client that parses the answer does — reading
//! them into a `String` checked all 9.7 MB as UTF-8 once more.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use regel_compiler::ir::Value;
use regel_eval::json::OutputWriter;
use regel_eval::{Engine, InputReader, Limits};
use serde_json::{Value as Json, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn binary() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let bin = target.join("release").join("regel");
    assert!(
        bin.is_file(),
        "no release binary at {}: run `cargo build --release -p regel-cli` first",
        bin.display()
    );
    bin
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// The last answer's bytes, its buffer kept from call to call as a client that reads many
    /// answers keeps it: a batch's 9.7 MB are not faulted in afresh for every answer.
    answer: Vec<u8>,
}

/// The binaries the batch is timed with: `REGEL_BINARIES` (separated by `:`), or the one
/// `cargo build --release` made.
fn binaries() -> Vec<PathBuf> {
    match std::env::var("REGEL_BINARIES") {
        Ok(list) if !list.is_empty() => list.split(':').map(PathBuf::from).collect(),
        _ => vec![binary()],
    }
}

impl Server {
    fn start() -> Server {
        Server::spawn(&binary(), &["serve", "--policies", "policies"], widened())
    }

    /// `program` with `args`, talked to over pipes (`cat` for the bound of the pipes),
    /// widened to [`WIDE_PIPE`] when `wide`.
    fn spawn(program: &Path, args: &[&str], wide: bool) -> Server {
        let mut child = Command::new(program)
            .args(args)
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        if wide {
            widen(&stdin);
            widen(&stdout);
        }
        let stdout = BufReader::with_capacity(1 << 20, stdout);
        Server {
            child,
            stdin,
            stdout,
            answer: Vec::new(),
        }
    }

    /// Sends `line` and reads the answer line's bytes into `answer`.
    fn send(&mut self, line: &str) {
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.write_all(b"\n").unwrap();
        self.stdin.flush().unwrap();
        self.answer.clear();
        self.stdout.read_until(b'\n', &mut self.answer).unwrap();
    }

    /// `send`, the answer as text (a short one: the batch's is parsed from its bytes).
    fn call(&mut self, line: &str) -> &str {
        self.send(line);
        std::str::from_utf8(&self.answer).unwrap()
    }

    /// `call` for a server that answers while it reads (`cat`): the line is written from
    /// another thread, or both sides would wait on full pipes.
    fn echo(&mut self, line: &str) -> &[u8] {
        let Server {
            stdin,
            stdout,
            answer,
            ..
        } = self;
        answer.clear();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                stdin.write_all(line.as_bytes()).unwrap();
                stdin.write_all(b"\n").unwrap();
                stdin.flush().unwrap();
            });
            stdout.read_until(b'\n', answer).unwrap();
        });
        answer
    }

    fn cpu_time(&self) -> Duration {
        cpu_time(&self.child.id().to_string())
    }

    /// (VmRSS, VmHWM) in KiB from /proc.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CPU time, user and system, of process `pid` (or `self`) so far: every thread's, ended
/// ones included (the kernel counts in clock ticks, so sum many batches).
fn cpu_time(pid: &str) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command's name in parentheses: the state, …, utime (12th) and stime (13th).
    let fields = &stat[stat.rfind(')').unwrap() + 2..];
    let ticks: u64 = fields
        .split(' ')
        .skip(11)
        .take(2)
        .map(|t| t.parse::<u64>().unwrap())
        .sum();
    Duration::from_secs_f64(ticks as f64 / rustix::param::clock_ticks_per_second() as f64)
}

/// What a widened pipe holds: Linux's most without privileges.
const WIDE_PIPE: usize = 1 << 20;

/// Whether the client widens the batch's pipes (`REGEL_PIPES=wide`).
fn widened() -> bool {
    std::env::var("REGEL_PIPES").is_ok_and(|pipes| pipes == "wide")
}

/// Asks the kernel to let the pipe `fd` hold [`WIDE_PIPE`] bytes.
fn widen(fd: impl std::os::fd::AsFd) {
    let size = rustix::pipe::fcntl_setpipe_size(&fd, WIDE_PIPE).unwrap();
    assert!(size >= WIDE_PIPE, "{size}");
}

/// The inputs of the batch.
const BATCH: u64 = 100_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that names another bench skips this one.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !filter.is_empty() && !filter.iter().any(|f| "serve".contains(f.as_str())) {
        return;
    }
    let mut server = Server::start();
    let check = server.call(r#"{"jsonrpc":"2.0","id":0,"method":"check"}"#);
    assert!(check.contains("\"diagnostics\""), "{check}");
    let (rss_loaded, _) = server.memory();

    let single = json!({"jsonrpc": "2.0", "id": 1, "method": "decide", "params": {
        "version": "2023", "decision": "listning.byte",
        "input": {"datum": "2023-05-10", "tidigare_byten": ["2022-09-01", "2023-01-15"]}}})
    .to_string();
    let expected = r#"{"jsonrpc":"2.0","id":1,"result":{"version":"2023","decision":"listning.byte","output":{"utfall":"avslas","skal":"hogst_tva_byten","paragraf":"3.6.1","byten_inom_perioden":2}}}"#;
    assert_eq!(server.call(&single).trim_end(), expected);
    for _ in 0..2_000 {
        server.call(&single);
    }
    let mut times: Vec<Duration> = (0..20_000)
        .map(|_| {
            let t = Instant::now();
            server.call(&single);
            t.elapsed()
        })
        .collect();
    times.sort();

    let inputs: Vec<Json> = (0..BATCH).map(regel_bench::listning::batch_input).collect();
    let batch = json!({"jsonrpc": "2.0", "id": 2, "method": "decide.batch", "params": {
        "version": "2023", "decision": "listning.byte", "inputs": inputs}})
    .to_string();
    // Each round starts a fresh server per binary and sends the batch three times; the
    // memory is read after the third.
    let binaries = binaries();
    let rounds = if binaries.len() > 1 { 5 } else { 2 };
    let mut batch_times: Vec<Vec<Duration>> = vec![Vec::new(); binaries.len()];
    let mut memory = vec![(0, 0); binaries.len()];
    // CPU time per binary over all its batches: the server's (every thread) and this client's.
    let mut cpu = vec![(Duration::ZERO, Duration::ZERO); binaries.len()];
    for _ in 0..rounds {
        for (b, bin) in binaries.iter().enumerate() {
            let mut server = Server::spawn(bin, &["serve", "--policies", "policies"], widened());
            server.call(r#"{"jsonrpc":"2.0","id":0,"method":"check"}"#);
            for _ in 0..3 {
                let (server_before, client_before) = (server.cpu_time(), cpu_time("self"));
                let t = Instant::now();
                server.send(&batch);
                batch_times[b].push(t.elapsed());
                cpu[b].0 += server.cpu_time() - server_before;
                cpu[b].1 += cpu_time("self") - client_before;
                check_answer(&server.answer);
            }
            memory[b] = server.memory();
        }
    }
    let bounds = Bounds::measure(&batch, &inputs);
    let bests: Vec<Duration> = batch_times
        .iter()
        .map(|t| *t.iter().min().unwrap())
        .collect();

    println!("regel serve, end to end over pipes (release binary)");
    println!(
        "  resident memory, all versions loaded:   {} KiB",
        rss_loaded
    );
    println!(
        "  decide round trip (20 000 sequential):  p50 {:?}  p90 {:?}  p99 {:?}",
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99)
    );
    for (bin, times) in binaries.iter().zip(&mut batch_times) {
        times.sort();
        println!(
            "  decide.batch of {BATCH} listning.byte:  {:?} best of {} = {:.0} decisions/s, median {:?} ({} bytes in; {})",
            times[0],
            times.len(),
            BATCH as f64 / times[0].as_secs_f64(),
            percentile(times, 0.5),
            batch.len(),
            bin.display()
        );
    }
    for (bin, (rss, hwm)) in binaries.iter().zip(&memory) {
        println!(
            "  resident memory after three batches:   {rss} KiB (peak {hwm} KiB; {})",
            bin.display()
        );
    }
    bounds.print(&binaries, &bests);
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    for ((bin, (server_cpu, client_cpu)), best) in binaries.iter().zip(&cpu).zip(&bests) {
        let batches = (rounds * 3) as u32;
        let (server_cpu, client_cpu) = (*server_cpu / batches, *client_cpu / batches);
        let floor = (server_cpu + client_cpu) / cpus as u32;
        println!(
            "  CPU time per batch, mean: server {server_cpu:?} (in-process {:?}), client {client_cpu:?}; on {cpus} CPUs no batch can take less than {floor:?} = {:.0}/s (the best whole ÷ that: {:.2}; {})",
            bounds.in_process_cpu,
            BATCH as f64 / floor.as_secs_f64(),
            best.as_secs_f64() / floor.as_secs_f64(),
            bin.display()
        );
    }
    println!(
        "  load average: {} (the batch's pipes {})",
        load_average(),
        if widened() {
            "widened by the client"
        } else {
            "not widened by the client"
        }
    );
}

/// Checks that every input of the batch was decided.
fn check_answer(answer: &[u8]) {
    let answer: Json = serde_json::from_slice(answer).unwrap();
    let results = answer["result"]["results"].as_array().unwrap();
    assert_eq!(results.len() as u64, BATCH);
    assert!(
        results.iter().all(|r| r["output"]["utfall"].is_string()),
        "every input decided"
    );
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// What bounds the batch, each part best of five, on every CPU as the server runs it.
struct Bounds {
    /// `cat` echoing the line over pipes as the kernel makes them (13 MB each way).
    pipes: Duration,
    /// The same through pipes widened to [`WIDE_PIPE`].
    wide_pipes: Duration,
    /// The inputs read from the line into values (`InputReader::read_at`), not decided.
    read: Duration,
    /// The values decided (`Decider::decide_into`).
    decide: Duration,
    /// The outputs written (`OutputWriter`).
    write: Duration,
    /// `Server::handle_line` on the line, in-process: the whole answer without the pipes.
    in_process: Duration,
    /// The CPU time of one in-process answer, every thread (mean of the five): the work the
    /// server does for a batch without the pipes, to set beside its CPU time over stdio.
    in_process_cpu: Duration,
}

impl Bounds {
    fn measure(line: &str, inputs: &[Json]) -> Bounds {
        let echoed = |wide: bool| {
            let mut cat = Server::spawn(Path::new("cat"), &[], wide);
            best_of(5, || {
                let echo = cat.echo(line);
                assert_eq!(echo.len(), line.len() + 1);
            })
        };
        let (pipes, wide_pipes) = (echoed(false), echoed(true));
        // The inputs as the line holds them, one after the other.
        let texts: Vec<String> = inputs.iter().map(Json::to_string).collect();
        let mut offsets = Vec::with_capacity(texts.len());
        let mut joined = String::new();
        for text in &texts {
            offsets.push(joined.len());
            joined.push_str(text);
            joined.push(',');
        }
        let engine = engine_2023();
        let d = engine
            .program()
            .decision("listning.byte")
            .unwrap()
            .1
            .clone();
        let limits = Limits::default();
        let read_part = |engine: &Engine, part: Range<usize>| {
            let mut reader = InputReader::new(engine, &d, limits);
            let mut values = Vec::new();
            for &at in &offsets[part] {
                black_box(reader.read_at(joined.as_bytes(), at, &mut values).unwrap());
            }
        };
        let read = best_of(5, || on_every_cpu(&engine, offsets.len(), read_part));
        let values: Vec<Vec<Value>> = on_every_cpu(&engine, offsets.len(), |engine, part| {
            let mut reader = InputReader::new(engine, &d, limits);
            offsets[part]
                .iter()
                .map(|&at| {
                    let mut values = Vec::new();
                    reader.read_at(joined.as_bytes(), at, &mut values).unwrap();
                    values
                })
                .collect::<Vec<_>>()
        })
        .concat();
        let decide = best_of(5, || {
            on_every_cpu(&engine, values.len(), |engine, part| {
                let mut decider = engine.decider(&d);
                let mut outputs = Vec::new();
                for v in &values[part] {
                    black_box(decider.decide_into(v, &mut outputs).unwrap());
                }
            })
        });
        let outputs: Vec<Vec<Value>> = values
            .iter()
            .map(|v| engine.decider(&d).decide(v).unwrap().outputs)
            .collect();
        let write = best_of(5, || {
            on_every_cpu(&engine, outputs.len(), |engine, part| {
                let mut writer = OutputWriter::new(engine.program(), &d);
                let mut out = Vec::with_capacity(part.len() * 100);
                for o in &outputs[part] {
                    writer.write(engine.program(), &d, o, &mut out).unwrap();
                }
                black_box(out);
            })
        });
        let mut server = regel_rpc::Server::new(versions());
        let cpu_before = cpu_time("self");
        let in_process = best_of(5, || {
            black_box(server.handle_line(line).unwrap());
        });
        let in_process_cpu = (cpu_time("self") - cpu_before) / 5;
        Bounds {
            pipes,
            wide_pipes,
            read,
            decide,
            write,
            in_process,
            in_process_cpu,
        }
    }

    /// The bounds, and each binary's best batch beside the nearest: the answer in-process
    /// with the pipes on top.
    fn print(&self, binaries: &[PathBuf], bests: &[Duration]) {
        let rate = |d: Duration| BATCH as f64 / d.as_secs_f64();
        println!("  what bounds the batch (each alone, best of 5, on every CPU):");
        for (what, d) in [
            ("as the kernel makes them", self.pipes),
            ("widened to 1 MiB", self.wide_pipes),
        ] {
            println!(
                "    the pipes (`cat` echoing the line), {what}: {d:?} ({:.0} lines of this batch/s)",
                1.0 / d.as_secs_f64()
            );
        }
        for (what, d) in [
            ("reading the inputs from the line", self.read),
            ("deciding them (Decider)", self.decide),
            ("writing the outputs", self.write),
            ("the whole answer in-process", self.in_process),
        ] {
            println!("    {what:<37} {d:?} = {:.0}/s", rate(d));
        }
        let sum = self.read + self.decide + self.write;
        println!(
            "    read + decide + write:                {sum:?} = {:.0}/s",
            rate(sum)
        );
        let bound = self.in_process + self.pipes;
        println!(
            "    in-process + the pipes:               {bound:?} = {:.0}/s",
            rate(bound)
        );
        for (bin, best) in binaries.iter().zip(bests) {
            println!(
                "    the whole over stdio ÷ that bound:    {:.2} ({})",
                best.as_secs_f64() / bound.as_secs_f64(),
                bin.display()
            );
        }
    }
}

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// `work` on `0..n` cut in one part per CPU, each with an engine of its own (as the server
/// forks one per thread), the results in order.
fn on_every_cpu<T: Send>(
    engine: &Engine,
    n: usize,
    work: impl Fn(&Engine, Range<usize>) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = n.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let work = &work;
                let engine = engine.fork();
                scope.spawn(move || work(&engine, start..(start + chunk).min(n)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// The policies of every version, as `regel serve --policies policies` reads them.
fn versions() -> Vec<regel_rpc::VersionFiles> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|dir| dir.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let files = regel_testing::version_files("policies", &name);
            (name, files)
        })
        .collect()
}

/// The engine of `policies/2023`.
fn engine_2023() -> Engine {
    let db = regel_compiler::Database::default();
    let (_, files) = versions().into_iter().find(|(v, _)| v == "2023").unwrap();
    let version = regel_compiler::load_version(&db, "2023", files);
    Engine::new(regel_compiler::program(&db, version)).unwrap()
}
