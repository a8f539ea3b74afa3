//! `regel fmt` through the real binary: rewrites, `--check`, and files with syntax errors.

use regel_e2e::{regel, stderr, stdout, temp_dir};

#[test]
fn fmt_rewrites_and_check_reports_unformatted_files() {
    let dir = temp_dir("fmt");
    let file = dir.join("a.regel");
    std::fs::write(&file, "param   a :Int=1 // kept\n\n\n\nparam b: Int = a\n").expect("write");
    let path = file.to_str().expect("utf-8 path");

    let out = regel(&["fmt", "--check", path], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("a.regel"), "--check lists the file");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "param   a :Int=1 // kept\n\n\n\nparam b: Int = a\n",
        "--check writes nothing"
    );

    let out = regel(&["fmt", path], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "param a: Int = 1  // kept\n\nparam b: Int = a\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left behind: {leftovers:?}"
    );

    let out = regel(&["fmt", "--check", path], "");
    assert_eq!(out.status.code(), Some(0), "formatted files pass --check");
}

#[test]
fn a_file_with_syntax_errors_is_left_untouched_and_reported() {
    let dir = temp_dir("fmt-broken");
    let file = dir.join("b.regel");
    let broken = "decision x {\n  input a: Int\n";
    std::fs::write(&file, broken).expect("write");
    let out = regel(&["fmt", file.to_str().expect("utf-8")], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("E0001"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), broken);
}

#[test]
fn the_bundled_policies_are_formatted() {
    let out = regel(&["fmt", "--check", "policies"], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "run `regel fmt policies`:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
}
