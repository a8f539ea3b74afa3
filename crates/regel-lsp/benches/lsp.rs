//! The language server in-process, on the real policies: a one-character `didChange` in
//! `policies/2023/listning.regel` until its diagnostics are ready (published to the outbox),
//! a hover, and a completion. Criterion's estimates, then the medians of a plain sample.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use regel_lsp::{Doc, Session, VersionFiles, api};

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

/// Reads the policies folder the way the CLI's loader does, without its checks.
fn load(dir: &Path) -> Result<Vec<VersionFiles>, String> {
    let mut versions = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&folder).map_err(|e| e.to_string())? {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "regel") {
                let file = path.file_name().unwrap().to_string_lossy();
                files.push((
                    format!("{name}/{file}"),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
        files.sort();
        versions.push((name, files));
    }
    Ok(versions)
}

struct Fixture {
    session: Session,
    uri: Uri,
    text: String,
}

impl Fixture {
    fn new() -> Fixture {
        let root = policies().canonicalize().unwrap();
        let mut session = Session::new(Box::new(load));
        session.set_root(root.clone()).unwrap();
        let path = root.join("2023/listning.regel");
        let uri = Uri::from_str(&format!("file://{}", path.display())).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        session.open(uri.clone(), text.clone());
        session.take_outbox();
        Fixture { session, uri, text }
    }

    fn doc(&self) -> Doc {
        self.session.doc(&self.uri).unwrap()
    }

    /// The byte offset `skip` bytes into the first `needle`.
    fn byte(&self, needle: &str, skip: usize) -> u32 {
        (self.text.find(needle).unwrap() + skip) as u32
    }

    /// Replaces the digit of `param max_byten: Int = 2` with `digit`; diagnostics follow.
    fn type_digit(&mut self, digit: &str) {
        let line = self.text[..self.text.find("param max_byten").unwrap()]
            .matches('\n')
            .count() as u32;
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(line, 23), Position::new(line, 24))),
            range_length: None,
            text: digit.into(),
        };
        self.session.change(&self.uri, &[change]);
        let published = self.session.take_outbox();
        assert!(!published.is_empty(), "diagnostics are published");
    }
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..300)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn benches(c: &mut Criterion) {
    let mut fx = Fixture::new();
    let mut flip = false;
    c.bench_function("lsp/didChange one character → diagnostics (2023)", |b| {
        b.iter(|| {
            flip = !flip;
            fx.type_digit(if flip { "3" } else { "2" });
        });
    });
    let hover_at = fx.byte("max_byten and", 1);
    c.bench_function("lsp/hover on a parameter", |b| {
        b.iter(|| api::hover(&fx.session, fx.doc(), hover_at).unwrap());
    });
    let complete_at = fx.byte("skyddad_identitet\n", 3);
    c.bench_function("lsp/completion in a rule", |b| {
        b.iter(|| api::complete(&fx.session, fx.doc(), complete_at));
    });
    c.bench_function("lsp/code lenses of listning.regel (2023)", |b| {
        b.iter(|| api::code_lenses(&fx.session, &fx.uri, fx.doc()));
    });

    let mut flip = false;
    let change = median(|| {
        flip = !flip;
        fx.type_digit(if flip { "3" } else { "2" });
    });
    // Hover right after an edit: what the editor asks as the author types.
    let mut after_edit: Vec<Duration> = (0..300)
        .map(|_| {
            flip = !flip;
            fx.type_digit(if flip { "3" } else { "2" });
            let start = Instant::now();
            api::hover(&fx.session, fx.doc(), hover_at).unwrap();
            start.elapsed()
        })
        .collect();
    after_edit.sort();
    let hover_after_edit = after_edit[after_edit.len() / 2];
    let hover = median(|| {
        api::hover(&fx.session, fx.doc(), hover_at).unwrap();
    });
    let completion = median(|| {
        api::complete(&fx.session, fx.doc(), complete_at);
    });
    let lenses = median(|| {
        let all = api::code_lenses(&fx.session, &fx.uri, fx.doc());
        assert!(all.iter().any(|l| {
            l.command
                .as_ref()
                .is_some_and(|c| c.title.contains(" sedan "))
        }));
    });
    println!(
        "medians of 300: didChange → diagnostics {change:?}; hover {hover:?}; completion {completion:?}; hover just after an edit {hover_after_edit:?}; code lenses of the file {lenses:?}"
    );
}

criterion_group! {
    name = group;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}

fn main() {
    group();
    Criterion::default().final_summary();
}
