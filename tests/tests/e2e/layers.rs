//! ARCHITECTURE.md's rule, checked: below the front ends (`regel-cli` and the servers it runs,
//! `regel-rpc` and `regel-lsp`) no crate reads files, reads the environment or prints: not
//! even `regel-app`, the layer the front ends share.

use regel_e2e::root;

const BELOW: [&str; 10] = [
    "regel-runtime",
    "regel-codegen",
    "regel-app",
    "regel-syntax",
    "regel-compiler",
    "regel-eval",
    "regel-verify",
    "regel-diff",
    "regel-fmt",
    "regel-native",
];

const IO: [&str; 8] = [
    "std::fs::",
    "std::env::",
    "println!",
    "eprintln!",
    "print!(",
    "eprint!(",
    "std::io::stdout",
    "std::io::stdin",
];

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_crate_below_the_front_ends_does_io() {
    let mut found = Vec::new();
    for krate in BELOW {
        let mut files = Vec::new();
        sources(&root().join("crates").join(krate).join("src"), &mut files);
        assert!(!files.is_empty(), "{krate} has no sources");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            // Unit tests inside a module may read fixtures.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                let line = line.trim_start();
                if line.starts_with("//") {
                    continue;
                }
                if let Some(io) = IO.iter().find(|io| line.contains(*io)) {
                    found.push(format!("{}:{}: {io}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "I/O below the front ends:\n{}",
        found.join("\n")
    );
}
