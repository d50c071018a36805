//! The one-way stairs and the documentation's links:
//!
//! - every top-level module of `src/` is on a floor of ARCHITECTURE.md's
//!   `floors` block, imports (`crate::` and `$crate::` paths outside test
//!   modules) never run up a floor, and no two modules import each other
//!   through any chain;
//! - every relative link in the README, ARCHITECTURE.md and `docs/` names
//!   a file that exists;
//! - the README's two commands are the ones CI runs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Module → floor, from the `floors` block of ARCHITECTURE.md.
fn floors(text: &str) -> BTreeMap<String, u32> {
    let block = text
        .split("```floors\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```floors block");
    let mut out = BTreeMap::new();
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let (floor, modules) = line.split_once(':').expect("`N: modules`");
        let floor: u32 = floor.trim().parse().expect("a floor number");
        for m in modules.split_whitespace() {
            assert!(
                out.insert(m.to_string(), floor).is_none(),
                "{m} is on two floors"
            );
        }
    }
    out
}

/// The top-level module a path under `src/` belongs to (`None` for
/// `main.rs` and `lib.rs`).
fn module_of(src: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "main" | "lib")).then(|| name.to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Which top-level modules each one imports: `crate::m` and `$crate::m`
/// paths, and `use crate::{m::..., ...}` groups, outside comments and test
/// modules (everything after the first `#[cfg(test)]`).
fn imports(src: &Path, modules: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in files {
        let Some(me) = module_of(src, &path) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap()
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let mut found = BTreeSet::new();
        for piece in code.split("crate::").skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
            // a group: crate::{a::X, b::{Y, Z}}
            if let Some(group) = piece.strip_prefix('{') {
                let group = group.split(';').next().unwrap_or("");
                for part in group.split([',', '{', ' ', '\n']) {
                    if let Some((name, _)) = part.trim().split_once("::") {
                        found.insert(name.to_string());
                    }
                }
            }
        }
        let entry = out.entry(me.clone()).or_default();
        for m in found {
            if m != me && modules.contains(&m) {
                entry.insert(m);
            }
        }
    }
    // `cli` lives in the binary and names the library `firecover::`
    out
}

/// Imports that run up a floor, and the modules on a cycle.
fn violations(
    floors: &BTreeMap<String, u32>,
    edges: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (a, targets) in edges {
        for b in targets {
            match (floors.get(a), floors.get(b)) {
                (Some(fa), Some(fb)) if fb > fa => {
                    out.push(format!("{a} (floor {fa}) imports {b} (floor {fb})"))
                }
                (None, _) => out.push(format!("{a} is on no floor")),
                (_, None) => out.push(format!("{b} is on no floor")),
                _ => {}
            }
        }
    }
    // a cycle: a module that reaches itself
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = edges[start].iter().collect();
        while let Some(m) = stack.pop() {
            if m == start {
                out.push(format!("{start} imports itself through a chain of modules"));
                break;
            }
            if seen.insert(m.clone())
                && let Some(next) = edges.get(m)
            {
                stack.extend(next);
            }
        }
    }
    out
}

#[test]
fn modules_import_only_from_their_floor_or_below_and_never_in_a_cycle() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let floors = floors(&text);
    let src = root().join("src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .filter_map(|e| module_of(&src, &e.unwrap().path()))
        .collect();
    for m in &modules {
        assert!(
            floors.contains_key(m),
            "src/{m} is on no floor of ARCHITECTURE.md"
        );
    }
    for m in floors.keys() {
        assert!(
            modules.contains(m),
            "ARCHITECTURE.md names {m}, which src/ has not"
        );
    }
    let edges = imports(&src, &modules);
    assert!(
        edges.get("engine").is_some_and(|e| e.contains("model")),
        "the reader found no imports: {edges:?}"
    );
    let bad = violations(&floors, &edges);
    assert!(bad.is_empty(), "the stairs run up:\n{}", bad.join("\n"));
}

/// The check itself fails on a back edge: `network` importing `scenario`.
#[test]
fn the_floor_check_finds_a_back_edge_and_a_cycle() {
    let floors = floors("```floors\n2: scenario\n1: network\n```\n");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges
        .entry("scenario".into())
        .or_default()
        .insert("network".into());
    assert!(violations(&floors, &edges).is_empty());
    edges
        .entry("network".into())
        .or_default()
        .insert("scenario".into());
    let bad = violations(&floors, &edges);
    assert!(
        bad.iter()
            .any(|b| b.contains("network (floor 1) imports scenario (floor 2)")),
        "{bad:?}"
    );
    assert!(bad.iter().any(|b| b.contains("through a chain")), "{bad:?}");
}

/// Relative link targets of the markdown `text`: `](target)`, without
/// web links, anchors and `mailto:`.
fn relative_links(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|t| t.split('#').next().unwrap_or("").trim().to_string())
        .filter(|t| {
            !t.is_empty() && !t.contains("://") && !t.starts_with("mailto:") && !t.contains(' ')
        })
        .collect()
}

fn broken_links(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let dir = file.parent().unwrap();
    relative_links(&text)
        .into_iter()
        .filter(|t| !dir.join(t).exists())
        .map(|t| format!("{}: {t}", file.display()))
        .collect()
}

#[test]
fn every_relative_link_in_the_documentation_names_a_file_that_exists() {
    let mut files = vec![
        root().join("README.md"),
        root().join("ARCHITECTURE.md"),
        root().join("QUICKSTART.md"),
        root().join("QUICKSTART.zh.md"),
    ];
    let zh = root().join("README.zh.md");
    if zh.exists() {
        files.push(zh);
    }
    fn markdown(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                markdown(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    markdown(&root().join("docs"), &mut files);
    let broken: Vec<String> = files.iter().flat_map(|f| broken_links(f)).collect();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The link check fails on a broken link.
#[test]
fn the_link_check_finds_a_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("there.md"), "x").unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(
        &page,
        "[ok](there.md) [web](https://example.org/x) [anchor](#top) [gone](missing.md#part)",
    )
    .unwrap();
    assert_eq!(
        broken_links(&page),
        vec![format!("{}: missing.md", page.display())]
    );
}

/// The commands of the README's "Two commands" section are the ones
/// `.ci/run` runs.
#[test]
fn the_readmes_two_commands_are_the_ones_ci_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    let section = readme
        .split("## Two commands")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Two commands section");
    let commands: Vec<&str> = section
        .split("```sh\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .flat_map(str::lines)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    for c in commands {
        assert!(ci.contains(c.trim()), "CI does not run `{c}`");
    }
}
