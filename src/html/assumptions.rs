//! The assumptions a scenario writes down: TOML comments containing the
//! word `ASSUMPTION`, with the file and line they sit on.

use std::path::{Path, PathBuf};

/// One marked assumption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// The file.
    pub file: PathBuf,
    /// 1-based line of the comment block's first line.
    pub line: usize,
    /// The setting it annotates (the key on the line, for an end-of-line
    /// comment), if any.
    pub key: Option<String>,
    /// The comment text, `#` removed, lines joined.
    pub text: String,
}

/// The comment part of a TOML line (after a `#` outside a string), if any.
fn comment_of(line: &str) -> Option<(&str, &str)> {
    let mut in_string: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match in_string {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    in_string = None;
                }
            }
            None => match c {
                '"' | '\'' => in_string = Some(c),
                '#' => return Some((line[..i].trim(), line[i + 1..].trim())),
                _ => {}
            },
        }
    }
    None
}

/// Assumptions marked in `text` (the contents of `file`): each comment block
/// (consecutive whole-line comments) or end-of-line comment that contains
/// `ASSUMPTION`.
pub fn extract(file: &Path, text: &str) -> Vec<Assumption> {
    let mut found = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut block_start = 0;
    let flush = |block: &mut Vec<&str>, start: usize, found: &mut Vec<Assumption>| {
        let joined = block.join(" ");
        if joined.contains("ASSUMPTION") {
            found.push(Assumption {
                file: file.to_path_buf(),
                line: start,
                key: None,
                text: joined,
            });
        }
        block.clear();
    };
    for (k, line) in text.lines().enumerate() {
        match comment_of(line) {
            Some(("", comment)) => {
                if block.is_empty() {
                    block_start = k + 1;
                }
                block.push(comment);
            }
            Some((code, comment)) => {
                flush(&mut block, block_start, &mut found);
                if comment.contains("ASSUMPTION") {
                    let key = code.split('=').next().map(|k| k.trim().to_string());
                    found.push(Assumption {
                        file: file.to_path_buf(),
                        line: k + 1,
                        key: key.filter(|k| !k.is_empty()),
                        text: comment.to_string(),
                    });
                }
            }
            None => flush(&mut block, block_start, &mut found),
        }
    }
    flush(&mut block, block_start, &mut found);
    found
}

/// The comment block a file opens with (its own account of what it is and
/// where its figures come from), `#` removed, lines joined; `None` when the
/// file does not open with a comment.
pub fn header(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    let joined = lines.join(" ").trim().to_string();
    (!joined.is_empty()).then_some(joined)
}

/// The assumptions of every file; a file that cannot be read again is
/// reported as such rather than skipped silently.
pub fn of_files(files: &[PathBuf]) -> Vec<Assumption> {
    files
        .iter()
        .flat_map(|f| match std::fs::read_to_string(f) {
            Ok(text) => extract(f, &text),
            Err(e) => vec![Assumption {
                file: f.clone(),
                line: 0,
                key: None,
                text: format!("(could not read the file again: {e})"),
            }],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opening_comment_is_the_header() {
        assert_eq!(
            header("# Liangping 2025\n# (附件1)\nextends = \"b.toml\"\n# later").as_deref(),
            Some("Liangping 2025 (附件1)")
        );
        assert_eq!(header("[scenario]\n# not a header"), None);
    }

    #[test]
    fn blocks_and_end_of_line_comments() {
        let text = "# plain comment\n\
                    # ASSUMPTION: two engines\n\
                    # because of X\n\
                    count = 2\n\
                    at = { lon = 1.0 }   # ASSUMPTION, as in 2020\n\
                    name = \"a # not a comment ASSUMPTION\"\n\
                    # ASSUMPTION at the end";
        let a = extract(Path::new("s.toml"), text);
        assert_eq!(a.len(), 3, "{a:?}");
        assert_eq!(a[0].line, 1);
        assert_eq!(
            a[0].text,
            "plain comment ASSUMPTION: two engines because of X"
        );
        assert_eq!(a[1].line, 5);
        assert_eq!(a[1].key.as_deref(), Some("at"));
        assert_eq!(a[1].text, "ASSUMPTION, as in 2020");
        assert_eq!(a[2].line, 7);
    }
}
