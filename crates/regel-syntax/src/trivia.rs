//! Line comments, which the grammar skips: the formatter and the editor need them back.

use crate::ast::Span;

/// A `// …` comment (not a `///` doc comment, which belongs to the tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Absolute byte range, from `//` to the end of the line (newline excluded).
    pub span: Span,
    /// The comment's text, `//` included, trailing white space removed.
    pub text: String,
    /// Code stands before it on its line.
    pub trailing: bool,
}

/// Every line comment of `text`, in order. Strings are skipped, so `"a // b"` holds none.
pub fn comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    let mut code_on_line = false;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        match b {
            b'\n' => {
                code_on_line = false;
                in_string = false;
            }
            b'"' => {
                in_string = !in_string;
                code_on_line = true;
            }
            b'\\' if in_string => i += 1,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                let is_doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                if !is_doc {
                    out.push(Comment {
                        span: Span::new(i, end),
                        text: text.get(i..end).unwrap_or_default().trim_end().to_owned(),
                        trailing: code_on_line,
                    });
                }
                i = end;
                continue;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => code_on_line = true,
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_and_trailing_comments_but_not_docs_or_strings() {
        let text = "// a\nparam x: Text = \"// no\" // b\n/// doc\n//// four\n";
        let found: Vec<(String, bool)> = comments(text)
            .into_iter()
            .map(|c| (c.text, c.trailing))
            .collect();
        assert_eq!(
            found,
            [
                ("// a".into(), false),
                ("// b".into(), true),
                ("//// four".into(), false)
            ]
        );
    }
}
