//! `regel new-version NEW --from OLD`: next year's draft, copied from this year's folder with
//! the header moved on (id, the old id in the title, validity dates one year later) and marked
//! `status "utkast"`, so it answers only when named until it is adopted. The header file's
//! opening `//` comment, which describes the older version's document, is kept under a note
//! saying what the draft is and that its source is not yet named. The new
//! folder is written under a temporary name and renamed into place, so it appears whole or
//! not at all; an existing folder is never overwritten.

use std::fs;
use std::path::Path;

use chrono::{Months, NaiveDate};
use regel_syntax::{ExprKind, ItemKind, Span, parse};

use crate::{OK, USAGE, workspace};

pub(crate) fn run(new: &str, from: &str, policies: &Path) -> u8 {
    match create(new, from, policies) {
        Ok(files) => {
            outln!(
                "created {} ({files} file{}) from {}",
                policies.join(new).display(),
                if files == 1 { "" } else { "s" },
                policies.join(from).display()
            );
            OK
        }
        Err(message) => {
            errln!("error: {message}");
            USAGE
        }
    }
}

/// A folder name that is one plain path component.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn create(new: &str, from: &str, policies: &Path) -> Result<usize, String> {
    for name in [new, from] {
        if !valid_name(name) {
            return Err(format!(
                "`{name}` is not a version name: use letters, digits, `-`, `_` or `.` (e.g. `2024`)"
            ));
        }
    }
    // Run inside `policies/` with the default `--policies policies`, the folder is not there:
    // say that, rather than "no version 2023 (versions: )".
    if !policies.is_dir() {
        return Err(workspace::missing_folder(policies));
    }
    let (source, target) = (policies.join(from), policies.join(new));
    if target.exists() {
        return Err(format!(
            "`{}` exists already; remove it or choose another name (nothing was written)",
            target.display()
        ));
    }
    if !source.is_dir() {
        let known = workspace::read(policies)
            .map(|vs| {
                vs.into_iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        return Err(format!(
            "there is no version `{from}` under `{}` (versions: {known})",
            policies.display()
        ));
    }
    let versions = workspace::read(&source).map_err(|e| e.0)?;
    let Some((_, files)) = versions.into_iter().next() else {
        return Err(format!("no version in `{}`", source.display()));
    };
    let mut header_seen = false;
    let mut moved = Vec::new();
    for (rel, text) in files {
        let name = Path::new(&rel)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(rel.clone());
        let (text, had_header) = next_year(&text, new)?;
        header_seen |= had_header;
        moved.push((name, text));
    }
    if !header_seen {
        return Err(format!(
            "no `version` header in `{}`; nothing was written",
            source.display()
        ));
    }
    remove_stale(policies);
    write_folder(policies, &target, new, &moved)?;
    Ok(moved.len())
}

/// Removes the temporary folders (`.NAME.PID.tmp`) that a killed `new-version` left under
/// `policies`, those whose process is gone; a folder of a process still running (another
/// `new-version` writing now) is left alone. Where processes cannot be seen (no `/proc`),
/// nothing is removed: the folders are hidden and never read as versions anyway.
fn remove_stale(policies: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(policies) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = temp_pid(&name)
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && !Path::new("/proc").join(pid.to_string()).exists()
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The process id in a temporary folder's name `.NAME.PID.tmp`, if it is one.
fn temp_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (version, pid) = inner.rsplit_once('.')?;
    if !valid_name(version) {
        return None;
    }
    pid.parse().ok()
}

/// Writes every file into a hidden temporary folder, then renames it to `target`.
fn write_folder(
    policies: &Path,
    target: &Path,
    new: &str,
    files: &[(String, String)],
) -> Result<(), String> {
    let tmp = policies.join(format!(".{new}.{}.tmp", std::process::id()));
    let result = (|| {
        fs::create_dir(&tmp)?;
        for (name, text) in files {
            fs::write(tmp.join(name), text)?;
            fs::File::open(tmp.join(name))?.sync_all()?;
        }
        fs::rename(&tmp, target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_dir_all(&tmp);
        format!("cannot write `{}`: {e}", target.display())
    })
}

/// The file's text with its version header moved on to `new`, and whether it had a header.
fn next_year(text: &str, new: &str) -> Result<(String, bool), String> {
    let file = parse(text);
    let Some(item) = file
        .items
        .iter()
        .find(|i| matches!(i.kind, ItemKind::Version(_)))
    else {
        return Ok((text.to_owned(), false));
    };
    let ItemKind::Version(header) = &item.kind else {
        return Ok((text.to_owned(), false));
    };
    let base = item.offset;
    let old_id = header.id.value.clone();
    let mut edits: Vec<(Span, String)> = vec![(header.id.span, quoted(new))];
    // The header's doc comment names the year as the title does ("Beställning 2023").
    let doc_len = doc_length(&item.text);
    let doc = item.text.get(..doc_len).unwrap_or_default();
    let moved = replace_id(doc, &old_id, new);
    if moved != doc {
        edits.push((Span::new(0, doc_len), moved));
    }
    for field in &header.fields {
        let replacement = match (field.key.name.as_str(), &field.value.kind) {
            // As in the doc comment: the year alone, not inside a date ("rev. 2023-08-12").
            ("title", ExprKind::Text(t)) if t.contains(&old_id) => {
                Some(quoted(&replace_id(t, &old_id, new)))
            }
            ("valid_from" | "valid_to", ExprKind::Date(d)) => Some(one_year_on(d)?),
            ("status", _) => Some(quoted("utkast")),
            _ => None,
        };
        if let Some(r) = replacement {
            edits.push((field.value.span, r));
        }
    }
    // The new version is a draft until someone adopts it (`status "fastställd"`).
    if !header.fields.iter().any(|f| f.key.name == "status")
        && let Some(last) = header.fields.last()
    {
        let end = Span::new(last.value.span.end as usize, last.value.span.end as usize);
        edits.push((end, "\n  status \"utkast\"".to_owned()));
    }
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut out = text.to_owned();
    for (span, replacement) in edits {
        let (start, end) = ((base + span.start) as usize, (base + span.end) as usize);
        if start > end || end > out.len() {
            return Err("the version header could not be rewritten; nothing was written".into());
        }
        out.replace_range(start..end, &replacement);
    }
    let opening = opening_comment(&out);
    let note = draft_note(&out[..opening], &old_id, new);
    out.replace_range(..opening, &note);
    Ok((out, true))
}

/// The first line of the note [`draft_note`] writes, up to the new version's name.
const DRAFT: &str = "// Utkast till version ";
/// The line of that note that introduces what the older version's comment said.
const FROM: &str = "// Ur version ";

/// The length of the `//` lines (not `///` doc comments) a file opens with.
fn opening_comment(text: &str) -> usize {
    text.split_inclusive('\n')
        .take_while(|l| {
            let l = l.trim_start();
            l.starts_with("//") && !l.starts_with("///")
        })
        .map(str::len)
        .sum()
}

/// The header file's opening comment for the draft `new` made from `old`: what the draft is,
/// then the older version's comment as it was, under a line saying whose it is (it describes
/// that version's document, which the draft's `source` still names until it gets its own). A
/// draft made from a draft says what it is once, and keeps the comment its note quoted.
fn draft_note(comment: &str, old: &str, new: &str) -> String {
    let mut note = format!(
        "{DRAFT}{new}, gjort med `regel new-version` från version {old}. Dess källa är ännu\n\
         // inte angiven: `source` nedan är kvar från version {old} tills utkastet får en egen.\n"
    );
    let older = if comment.starts_with(DRAFT) {
        comment
            .split_inclusive('\n')
            .skip_while(|l| !l.starts_with(FROM))
            .collect::<String>()
    } else if comment.is_empty() {
        String::new()
    } else {
        format!("{FROM}{old}:\n{comment}")
    };
    if !older.is_empty() {
        note.push_str("//\n");
        note.push_str(&older);
    }
    if !older.ends_with('\n') {
        note.push('\n');
    }
    note
}

/// The length of the `///` lines an item's text opens with.
fn doc_length(text: &str) -> usize {
    text.split_inclusive('\n')
        .take_while(|l| l.trim_start().starts_with("///"))
        .map(str::len)
        .sum()
}

/// `text` with each standalone `old` (not part of a date or a longer number) as `new`.
fn replace_id(text: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        return text.to_owned();
    }
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let (before, after) = (&rest[..at], &rest[at + old.len()..]);
        out.push_str(before);
        let alone = !joined(before.chars().last()) && !joined(after.chars().next());
        out.push_str(if alone { new } else { old });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The date a year later; 29 February becomes 28 February.
fn one_year_on(date: &str) -> Result<String, String> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_months(Months::new(12)))
        .map(|d| d.to_string())
        .ok_or_else(|| format!("`{date}` in the version header is not a date; fix it first"))
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const HEADER: &str = "// 2023\nversion \"2023\" {\n  title \"Beställning 2023\"\n  valid_from 2023-01-01\n  valid_to 2024-02-29\n  source \"x.txt\"\n  covers [\"1\"]\n}\n";

    /// What the draft's header file opens with, made from 2023.
    const NOTE: &str = "// Utkast till version 2024, gjort med `regel new-version` från version 2023. Dess källa är ännu\n// inte angiven: `source` nedan är kvar från version 2023 tills utkastet får en egen.\n";

    #[test]
    fn the_header_moves_one_year_on_and_nothing_else_changes() {
        let (out, had) = next_year(HEADER, "2024").unwrap();
        assert!(had);
        assert_eq!(
            out,
            NOTE.to_owned()
                + "//\n// Ur version 2023:\n// 2023\nversion \"2024\" {\n  title \"Beställning 2024\"\n  valid_from 2024-01-01\n  valid_to 2025-02-28\n  source \"x.txt\"\n  covers [\"1\"]\n  status \"utkast\"\n}\n"
        );
    }

    #[test]
    fn the_headers_doc_comment_names_the_new_year_and_keeps_its_dates() {
        let text = format!(
            "/// Beställning 2023\n///\n/// 2023 års regelbok, daterad 2023-08-12 (20230).\n{}",
            &HEADER[8..]
        );
        let (out, _) = next_year(&text, "2024").unwrap();
        assert!(
            out.starts_with(&format!("{NOTE}\n/// Beställning 2024\n///\n/// 2024 års regelbok, daterad 2023-08-12 (20230).\nversion \"2024\" {{\n  title \"Beställning 2024\"\n")),
            "{out}"
        );
    }

    #[test]
    fn a_date_in_the_title_keeps_its_year() {
        let text = HEADER.replace("Beställning 2023", "Beställning 2023, rev. 2023-08-12");
        let (out, _) = next_year(&text, "2024").unwrap();
        assert!(
            out.contains("title \"Beställning 2024, rev. 2023-08-12\""),
            "{out}"
        );
    }

    /// The header file's opening comment describes the older version's document: the draft
    /// says what it is above it, and keeps it under a line naming the version it is from.
    #[test]
    fn the_drafts_opening_comment_says_what_it_is_and_whose_the_old_one_is() {
        let comment = "// Beställning 2023 (daterad 2022-08-12).\n// Källa: 000_x.txt.\n\n";
        let (out, _) = next_year(&format!("{comment}{}", &HEADER[8..]), "2024").unwrap();
        assert!(
            out.starts_with(&format!(
                "{NOTE}//\n// Ur version 2023:\n{comment}version \"2024\" {{\n"
            )),
            "{out}"
        );
        // Without a comment, the note stands alone above the header.
        let (out, _) = next_year(&HEADER[8..], "2024").unwrap();
        assert!(
            out.starts_with(&format!("{NOTE}\nversion \"2024\" {{\n")),
            "{out}"
        );
        // A draft made from the draft: the newer note replaces the older, the quoted comment
        // keeps the version it came from.
        let (draft, _) = next_year(&format!("{comment}{}", &HEADER[8..]), "2024").unwrap();
        let (out, _) = next_year(&draft, "2025").unwrap();
        let note = NOTE.replace("2024", "2025").replace("2023", "2024");
        assert!(
            out.starts_with(&format!(
                "{note}//\n// Ur version 2023:\n{comment}version \"2025\" {{\n"
            )),
            "{out}"
        );
    }

    #[test]
    fn a_file_without_header_is_copied_as_it_is() {
        let text = "// Ersättningen 2023.\nparam a: Int = 1\n";
        assert_eq!(next_year(text, "2024").unwrap(), (text.to_owned(), false));
    }

    #[test]
    fn temporary_folders_are_known_by_their_name() {
        assert_eq!(temp_pid(".2024.4711.tmp"), Some(4711));
        assert_eq!(temp_pid(".2024-utkast.1.tmp"), Some(1));
        for other in [
            ".2024.tmp",
            "2024.4711.tmp",
            ".git",
            ".2024.x.tmp",
            "..4711.tmp",
        ] {
            assert_eq!(temp_pid(other), None, "{other}");
        }
    }

    #[test]
    fn a_policies_folder_that_is_not_there_is_named_with_the_option_to_give() {
        let missing = Path::new("/nonexistent/regel-new-version/policies");
        let e = create("2024", "2023", missing).unwrap_err();
        assert_eq!(
            e,
            "there is no folder `/nonexistent/regel-new-version/policies` here; run where it is, or name the folder (`--policies DIR` for eval, diff, serve and new-version)"
        );
    }

    #[test]
    fn names_are_single_plain_components() {
        assert!(valid_name("2024"));
        assert!(valid_name("2024-utkast"));
        for bad in ["", "..", ".hidden", "a/b", "../x", "a b"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
