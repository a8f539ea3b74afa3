//! The commands README.md shows are true: its Python client example runs against the real
//! server, and its example evaluation gives what it says.

#![allow(clippy::panic)]

use std::process::Command;

use regel_e2e::{regel, regel_bin, root};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

fn block(lang: &str) -> String {
    let text = readme();
    let start = text
        .find(&format!("```{lang}\n"))
        .unwrap_or_else(|| panic!("README has a {lang} block"))
        + lang.len()
        + 4;
    let len = text[start..].find("```").expect("the block ends");
    text[start..start + len].to_owned()
}

#[test]
fn the_python_example_runs_against_regel_serve() {
    let folder = regel_e2e::temp_dir("readme");
    let script = folder.join("example.py");
    std::fs::write(&script, block("python")).expect("write");
    let bin_dir = regel_bin().parent().expect("bin dir").to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("python3")
        .arg(&script)
        .current_dir(root())
        .env("PATH", path)
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("python3 is needed to run the README example: {e}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("'utfall': 'avslas'") && printed.contains("'skal': 'hogst_tva_byten'"),
        "{printed}"
    );
}

#[test]
fn the_example_evaluation_prints_what_the_readme_shows() {
    let input = r#"{"datum":"2023-05-10","tidigare_byten":["2022-09-01","2023-01-15"]}"#;
    let out = regel(&["eval", "--version", "2023", "listning.byte"], input);
    if let Err(why) = shown_in(&readme(), &out) {
        panic!("{why}");
    }
}

/// Whether `out` is a successful run whose output README.md shows. An empty output is in
/// any text, so it must not count (it passed before, as did a failed run).
fn shown_in(readme: &str, out: &std::process::Output) -> Result<(), String> {
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "the example failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if !printed.contains("\"utfall\"") {
        return Err(format!("the example printed no decision:\n{printed}"));
    }
    if !readme.contains(printed.trim()) {
        return Err(format!("README shows the output as printed:\n{printed}"));
    }
    Ok(())
}

#[test]
fn an_empty_or_failed_run_is_not_taken_for_the_readme_output() {
    use std::os::unix::process::ExitStatusExt as _;
    let run = |code: i32, stdout: &str| std::process::Output {
        status: std::process::ExitStatus::from_raw(code << 8),
        stdout: stdout.as_bytes().to_vec(),
        stderr: Vec::new(),
    };
    let readme = "```\n{\n  \"utfall\": \"avslas\"\n}\n```\n";
    assert!(shown_in(readme, &run(0, "{\n  \"utfall\": \"avslas\"\n}\n")).is_ok());
    // The planted faults: nothing printed, a failure exit, another output.
    assert!(shown_in(readme, &run(0, "")).is_err());
    assert!(shown_in(readme, &run(1, "{\n  \"utfall\": \"avslas\"\n}\n")).is_err());
    assert!(shown_in(readme, &run(0, "{\n  \"utfall\": \"beviljas\"\n}\n")).is_err());
}
