//! File URIs, the policies root, and the fence around it: the server reads nothing outside
//! the root, and a link that leads out of it is refused.

use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path of a `file:` URI.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path` names another machine; only `file:///path` is local.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    Some(PathBuf::from(percent_decode(path)?))
}

/// The `file:` URI of a local path, reserved characters percent-encoded.
pub fn to_uri(path: &Path) -> Option<Uri> {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Uri::from_str(&out).ok()
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The policies root for a workspace folder: its `policies/`, the folder itself when it
/// holds version folders, or the nearest ancestor that does.
pub fn find_root(folder: &Path) -> Option<PathBuf> {
    let policies = folder.join("policies");
    if holds_versions(&policies) {
        return Some(policies);
    }
    folder
        .ancestors()
        .find(|a| holds_versions(a))
        .map(Path::to_path_buf)
}

/// Some subfolder holds `*.regel` files.
fn holds_versions(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .any(|p| p.is_dir() && !hidden(&p) && holds_policies(&p))
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn holds_policies(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "regel"))
    })
}

/// Where a file stands under the root: its version folder's name and its path relative to
/// the root (`2023/listning.regel`), as the compiler names files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub version: String,
    pub rel: String,
}

/// Places `path` under `root`, or says in words why it is refused: outside the root, not
/// directly in a version folder, not a `.regel` file, or a link that leads out.
pub fn place(root: &Path, path: &Path) -> Result<Placement, String> {
    let outside = || {
        format!(
            "`{}` is outside the policies folder `{}`; the language server reads only files inside it",
            path.display(),
            root.display()
        )
    };
    let rest = path.strip_prefix(root).map_err(|_| outside())?;
    let parts: Vec<&str> = rest
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()
        .ok_or_else(outside)?;
    let [version, name] = parts.as_slice() else {
        return Err(format!(
            "`{}` is not in a version folder: policy files stand directly in `{}/<version>/`",
            path.display(),
            root.display()
        ));
    };
    if !name.ends_with(".regel") {
        return Err(format!("`{}` is not a `.regel` file", path.display()));
    }
    // A hidden folder (`regel new-version` writes `.NAME.PID.tmp` first) is never a version.
    if version.starts_with('.') {
        return Err(format!(
            "`{}` is in the hidden folder `{version}`, which is not a version",
            path.display()
        ));
    }
    fenced(root, path)?;
    Ok(Placement {
        version: (*version).to_owned(),
        rel: format!("{version}/{name}"),
    })
}

/// Refuses a path that resolves, through links, outside the root. A file not yet saved is
/// judged by its folder.
fn fenced(root: &Path, path: &Path) -> Result<(), String> {
    let fence = std::fs::canonicalize(root)
        .map_err(|e| format!("cannot read the policies folder `{}`: {e}", root.display()))?;
    let existing = path.ancestors().find(|a| a.exists()).unwrap_or(root);
    let real = std::fs::canonicalize(existing)
        .map_err(|e| format!("cannot read `{}`: {e}", existing.display()))?;
    if real.starts_with(&fence) {
        return Ok(());
    }
    Err(format!(
        "`{}` leads to `{}`, outside the policies folder `{}`; copy the file in instead of linking to it",
        path.display(),
        real.display(),
        root.display()
    ))
}

pub use regel_app::policies::version_order;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip_swedish_and_spaces() {
        let path = Path::new("/tmp/Beställning 2023/a.regel");
        let uri = to_uri(path);
        assert_eq!(
            uri.as_ref().map(|u| u.as_str().to_owned()),
            Some("file:///tmp/Best%C3%A4llning%202023/a.regel".to_owned())
        );
        assert_eq!(uri.and_then(|u| to_path(&u)), Some(path.to_path_buf()));
    }

    #[test]
    fn paths_outside_or_too_deep_are_refused() {
        let root = std::env::temp_dir();
        assert!(place(&root, Path::new("/etc/passwd")).is_err());
        assert!(place(&root, &root.join("a/b/c.regel")).is_err());
        assert!(place(&root, &root.join("a/c.txt")).is_err());
        assert!(place(&root, &root.join(".2024.4711.tmp/x.regel")).is_err());
        assert_eq!(
            place(&root, &root.join("2023/x.regel")).map(|p| p.rel),
            Ok("2023/x.regel".to_owned())
        );
    }
}
