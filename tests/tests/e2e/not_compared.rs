//! The memo names the sections it could not compare rule by rule (issue 20, item 1): encoded
//! in one version and descriptive in the other, or encoded in one version only. A section
//! encoded in both is compared and not listed.
#![allow(clippy::unwrap_used, clippy::panic)]

use regel_e2e::{regel, stderr, stdout, temp_dir};

/// Section 1 goes from encoded to descriptive, 2 the other way, 3 is encoded in both (its
/// parameter changes), 4 is new and encoded in 2023 only.
const OLD: &str = r#"version "2022" { title "A" valid_from 2022-01-01 valid_to 2022-12-31 source "s" covers ["1", "2", "3"] }

section "1" "Ett"

/// Gräns ett
param a: Int = 1

section "2" "Två" descriptive "ingen regel"

section "3" "Tre"

/// Gräns tre
param c: Int = 3
"#;

const NEW: &str = r#"version "2023" { title "B" valid_from 2023-01-01 valid_to 2023-12-31 source "s" covers ["1", "2", "3", "4"] }

section "1" "Ett" descriptive "ingen regel längre"

section "2" "Två"

/// Gräns två
param b: Int = 2

section "3" "Tre"

/// Gräns tre
param c: Int = 4

section "4" "Fyra"

/// Gräns fyra
param d: Int = 5
"#;

/// The lines between a heading that contains `heading` and the next heading of its level
/// (`## ` in Markdown, `<h2` in HTML).
fn part<'a>(text: &'a str, heading: &str, level: &str) -> &'a str {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}:\n{text}"));
    let rest = &text[start + heading.len()..];
    let end = rest.find(level).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_memo_lists_the_sections_only_one_version_encodes_or_describes() {
    let dir = temp_dir("not-compared");
    for (name, text) in [("2022", OLD), ("2023", NEW)] {
        std::fs::create_dir(dir.join(name)).unwrap();
        std::fs::write(dir.join(name).join("a.regel"), text).unwrap();
    }
    let p = dir.to_str().unwrap();
    let diff = |format: &str| {
        let out = regel(
            &["diff", "2022", "2023", "--policies", p, "--format", format],
            "",
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        stdout(&out)
    };

    let md = diff("md");
    let summary = part(&md, "## Sammanfattning", "\n## ");
    assert!(
        summary.contains("Tre avsnitt kunde inte jämföras"),
        "{summary}"
    );
    let listed = part(&md, "## Ej jämförda avsnitt", "\n## ");
    let rows: Vec<&str> = listed.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows[1..],
        [
            "| 1 Ett | kodat | beskrivande (ingen beslutsbar regel) |",
            "| 2 Två | beskrivande (ingen beslutsbar regel) | kodat |",
            "| 4 Fyra | ingår inte i versionen | kodat |",
        ],
        "{listed}"
    );
    // Section 3 is compared: its parameter's row, under its own heading.
    assert!(
        part(&md, "## 3 Tre", "\n## ").contains("| 3 | 4 | +1 |"),
        "{md}"
    );

    let html = diff("html");
    assert!(
        html.contains("<li><a href=\"#ej-jamforda\">Ej jämförda avsnitt</a></li>"),
        "the table of contents names the list"
    );
    let listed = part(&html, "<h2 id=\"ej-jamforda\">", "<h2");
    for section in ["1 Ett", "2 Två", "4 Fyra"] {
        assert!(
            listed.contains(&format!("<tr><td>{section}</td>")),
            "{section}:\n{listed}"
        );
    }
    assert!(!listed.contains("3 Tre"), "{listed}");
}
