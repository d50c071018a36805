//! Reading scenario files: TOML parsing, `extends` resolution and the map from
//! key paths to the file and line that set them.
//!
//! `extends = "base.toml"` merges this file over its base: tables merge key by
//! key, any other value (arrays included) replaces the base's, with a warning
//! when an inherited array is replaced. `<key>_add` (e.g. `[[stations_add]]`)
//! appends to the inherited array `<key>` instead, and `unset = ["a.b", ...]`
//! removes inherited keys first. A relative path resolves against the
//! directory of the file that names it. A cycle is an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Catalogued, Said};
use crate::said;

/// Most files an `extends` chain may pass through (each is a level of
/// recursion; a chain of thousands would overflow the stack).
const MAX_EXTENDS_DEPTH: usize = 32;

/// Where a key was written: index into [`Document::files`] and 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    /// Index into [`Document::files`].
    pub file: usize,
    /// 1-based line.
    pub line: u32,
}

/// A scenario after `extends` resolution: one merged TOML table plus, for
/// every key path, where it was written.
#[derive(Clone, Debug)]
pub struct Document {
    /// The merged table, `extends` removed.
    pub table: toml::Table,
    /// Files read, the named one first.
    pub files: Vec<PathBuf>,
    locations: BTreeMap<String, Loc>,
    /// (key path, message): what the merge did that may surprise.
    pub warnings: Vec<(String, Said)>,
    /// Builtin districts that replace the shipped ones of the same name
    /// (a sweep over a district's generator); empty when read from files.
    pub builtins: Vec<std::sync::Arc<crate::builtin::Builtin>>,
}

impl Document {
    /// Reads `path` and every file it extends.
    pub fn load(path: &Path) -> Result<Document, Vec<Diagnostic>> {
        let mut files = Vec::new();
        let mut chain = Vec::new();
        let mut warnings = Vec::new();
        let (mut table, mut locations) =
            load_file(path, &mut chain, &mut files, None, &mut warnings)?;
        fold_additions(&mut table, &mut locations, "");
        Ok(Document {
            table,
            files,
            locations,
            warnings,
            builtins: Vec::new(),
        })
    }

    /// Parses a scenario held in memory (no `extends` allowed relative to a
    /// directory other than the current one). `name` is used in messages.
    pub fn from_str(text: &str, name: &Path) -> Result<Document, Vec<Diagnostic>> {
        let mut files = vec![name.to_path_buf()];
        let mut warnings = Vec::new();
        let (mut table, mut locations) = parse_text(text, 0, name)?;
        if table.contains_key("extends") {
            let mut chain = vec![name.to_path_buf()];
            let base_dir = name.parent().unwrap_or(Path::new("")).to_path_buf();
            let (t, l) = resolve_extends(
                table,
                locations,
                0,
                &base_dir,
                &mut chain,
                &mut files,
                &mut warnings,
            )?;
            table = t;
            locations = l;
        }
        fold_additions(&mut table, &mut locations, "");
        Ok(Document {
            table,
            files,
            locations,
            warnings,
            builtins: Vec::new(),
        })
    }

    /// SHA-256 of everything the scenario is made of: its merged table,
    /// the bytes of every file of its `extends` chain and of every file a
    /// string value of it names (a road graph, alarm records, outlines),
    /// and the generator of any regenerated builtin district, never the
    /// folder it lies in. Shards of one run carry it, so a merge can refuse
    /// parts of a changed scenario.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(toml::to_string(&self.table).unwrap_or_default().as_bytes());
        // each file by a name that does not depend on where the scenario
        // lies (its file name; a named file as the scenario writes it), so
        // a file found through another path or mount hashes the same
        let hash_file = |h: &mut Sha256, label: &str, path: &Path| {
            if let Ok(mut f) = std::fs::File::open(path) {
                h.update(label.as_bytes());
                h.update([0]);
                let _ = std::io::copy(&mut f, h);
            }
        };
        for f in &self.files {
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            hash_file(&mut h, &name, f);
        }
        let mut named = Vec::new();
        collect_strings(
            &toml::Value::Table(self.table.clone()),
            String::new(),
            &mut named,
        );
        for (key, value) in named {
            let dir = self
                .locate(&key)
                .and_then(|(f, _)| f.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            let path = dir.join(&value);
            if path.is_file() {
                hash_file(&mut h, &value, &path);
            }
        }
        for b in &self.builtins {
            h.update(b.name.as_bytes());
            h.update(b.generator.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The builtin district of this name: one this document carries, else
    /// the shipped one.
    pub fn builtin(
        &self,
        name: &str,
    ) -> Result<&crate::builtin::Builtin, crate::builtin::BuiltinError> {
        match self.builtins.iter().find(|b| b.name == name) {
            Some(b) => Ok(b),
            None => crate::builtin::get(name),
        }
    }

    /// The file and line for a key path, falling back to the nearest enclosing
    /// key that has one.
    pub fn locate(&self, path: &str) -> Option<(&Path, u32)> {
        let mut p = path;
        loop {
            if let Some(loc) = self.locations.get(p) {
                return Some((self.files[loc.file].as_path(), loc.line));
            }
            p = parent_path(p)?;
        }
    }

    /// Builds a located diagnostic for `path`.
    pub fn diagnostic(&self, severity: Severity, path: &str, said: Said) -> Diagnostic {
        let (file, line) = match self.locate(path) {
            Some((f, l)) => (Some(f.to_path_buf()), Some(l)),
            None => (Some(self.files[0].clone()), None),
        };
        Diagnostic::new(severity, file, line, path.to_string(), said)
    }
}

/// Every string value of `v` with its key path (`a.b[2].c`).
fn collect_strings(v: &toml::Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::String(s) => out.push((path, s.clone())),
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                collect_strings(v, p, out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                collect_strings(v, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The path one level up: `a.b[2]` → `a.b`, `a.b` → `a`, `a` → none.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        return path.rfind('[').map(|i| &path[..i]);
    }
    match path.rfind('.') {
        Some(i) => Some(&path[..i]),
        None => Some(""),
    }
}

/// Appends a key to a path, quoting keys that are not bare TOML keys.
pub fn join_key(prefix: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if bare {
        key.to_string()
    } else {
        format!("{key:?}")
    };
    if prefix.is_empty() {
        key
    } else {
        format!("{prefix}.{key}")
    }
}

/// Appends an array index to a path.
pub fn join_index(prefix: &str, index: usize) -> String {
    format!("{prefix}[{index}]")
}

type Located = (toml::Table, BTreeMap<String, Loc>);

fn load_file(
    path: &Path,
    chain: &mut Vec<PathBuf>,
    files: &mut Vec<PathBuf>,
    named_at: Option<(usize, u32)>,
    warnings: &mut Vec<(String, Said)>,
) -> Result<Located, Vec<Diagnostic>> {
    let here = |said: Said| -> Vec<Diagnostic> {
        let (file, line) = match named_at {
            Some((f, l)) => (Some(files[f].clone()), Some(l)),
            None => (Some(path.to_path_buf()), None),
        };
        let key = if named_at.is_some() {
            "extends".into()
        } else {
            String::new()
        };
        vec![Diagnostic::new(Severity::Error, file, line, key, said)]
    };
    if chain.len() >= MAX_EXTENDS_DEPTH {
        return Err(here(
            said!(
                "check-extends-too-deep",
                depth = MAX_EXTENDS_DEPTH,
                file = path.display()
            )
            .into(),
        ));
    }
    let canonical = path
        .canonicalize()
        .map_err(|e| here(crate::input::io_said(path, &e).into()))?;
    if let Some(pos) = chain.iter().position(|p| p == &canonical) {
        let mut cycle: Vec<String> = chain[pos..]
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        cycle.push(canonical.display().to_string());
        return Err(here(
            said!("check-extends-cycle", files = cycle.join(" -> ")).into(),
        ));
    }
    let text =
        crate::input::read_text(path, crate::input::Limit::Scenario).map_err(|e| here(e.said()))?;
    let file_index = files.len();
    files.push(path.to_path_buf());
    let (table, locations) = parse_text(&text, file_index, path)?;
    chain.push(canonical);
    let base_dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let result = resolve_extends(
        table, locations, file_index, &base_dir, chain, files, warnings,
    );
    chain.pop();
    result
}

fn resolve_extends(
    mut table: toml::Table,
    mut locations: BTreeMap<String, Loc>,
    file_index: usize,
    base_dir: &Path,
    chain: &mut Vec<PathBuf>,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<(String, Said)>,
) -> Result<Located, Vec<Diagnostic>> {
    let Some(extends) = table.remove("extends") else {
        return Ok((table, locations));
    };
    let unset = table.remove("unset");
    let unset_line = locations.remove("unset").map(|l| l.line);
    let line = locations.get("extends").map(|l| l.line).unwrap_or(0);
    locations.remove("extends");
    let toml::Value::String(base_name) = extends else {
        return Err(vec![Diagnostic::new(
            Severity::Error,
            Some(files[file_index].clone()),
            Some(line),
            "extends".into(),
            said!("check-extends-not-a-path"),
        )]);
    };
    let base_path = base_dir.join(base_name);
    let base_name = base_path.display().to_string();
    let (mut base, mut base_locs) =
        load_file(&base_path, chain, files, Some((file_index, line)), warnings)?;
    if let Some(unset) = unset {
        let at = |said: Catalogued| {
            Diagnostic::new(
                Severity::Error,
                Some(files[file_index].clone()),
                unset_line,
                "unset".into(),
                said,
            )
        };
        let toml::Value::Array(keys) = unset else {
            return Err(vec![at(said!("check-unset-not-an-array"))]);
        };
        for key in keys {
            let toml::Value::String(key) = key else {
                return Err(vec![at(said!("check-unset-not-a-path"))]);
            };
            if !remove_path(&mut base, &key) {
                return Err(vec![at(said!("check-unset-unknown", key = key))]);
            }
            remove_subtree(&mut base_locs, &key);
            base_locs.remove(&key);
        }
    }
    merge(
        &mut base,
        &mut base_locs,
        table,
        &locations,
        "",
        &base_name,
        warnings,
    );
    Ok((base, base_locs))
}

/// Removes the table key at dotted `path` (no array indices); false when
/// there is none.
fn remove_path(table: &mut toml::Table, path: &str) -> bool {
    match path.split_once('.') {
        None => table.remove(path).is_some(),
        Some((head, rest)) => match table.get_mut(head) {
            Some(toml::Value::Table(t)) => remove_path(t, rest),
            _ => false,
        },
    }
}

/// Suffix of a key that appends to the inherited array of the same name.
const ADD_SUFFIX: &str = "_add";

/// Turns `<key>_add` arrays left after merging (a file without `extends`, or
/// a key its base lacks) into `<key>`, appended to what is there.
fn fold_additions(table: &mut toml::Table, locs: &mut BTreeMap<String, Loc>, prefix: &str) {
    let adds: Vec<String> = table
        .keys()
        .filter(|k| k.ends_with(ADD_SUFFIX) && matches!(table[k.as_str()], toml::Value::Array(_)))
        .cloned()
        .collect();
    for add in adds {
        let Some(toml::Value::Array(items)) = table.remove(&add) else {
            continue;
        };
        let key = add.trim_end_matches(ADD_SUFFIX).to_string();
        append(table, locs, prefix, &key, &add, items, locs.clone());
    }
    for (key, value) in table.iter_mut() {
        if let toml::Value::Table(t) = value {
            fold_additions(t, locs, &join_key(prefix, key));
        }
    }
}

/// Appends `items` (written as `add_key` in a file whose locations are
/// `from`) to the array `key` of `table`, moving their locations along.
fn append(
    table: &mut toml::Table,
    locs: &mut BTreeMap<String, Loc>,
    prefix: &str,
    key: &str,
    add_key: &str,
    items: Vec<toml::Value>,
    from: BTreeMap<String, Loc>,
) {
    let path = join_key(prefix, key);
    let add_path = join_key(prefix, add_key);
    let entry = table
        .entry(key.to_string())
        .or_insert_with(|| toml::Value::Array(Vec::new()));
    if !matches!(entry, toml::Value::Array(_)) {
        // not an array: the validator reports the type; keep the file's value
        *entry = toml::Value::Array(Vec::new());
    }
    let toml::Value::Array(existing) = entry else {
        return;
    };
    let offset = existing.len();
    for (i, item) in items.into_iter().enumerate() {
        let old = join_index(&add_path, i);
        let new = join_index(&path, offset + i);
        for (k, v) in from
            .range(old.clone()..)
            .take_while(|(k, _)| k.starts_with(&old))
        {
            if k == &old || is_below(k, &old) {
                locs.insert(format!("{new}{}", &k[old.len()..]), *v);
            }
        }
        existing.push(item);
    }
    if let Some(l) = from.get(&add_path) {
        locs.entry(path).or_insert(*l);
    }
    locs.retain(|k, _| !(k == &add_path || is_below(k, &add_path)));
}

/// Merges `child` over `base`: tables merge, `<key>_add` arrays append,
/// everything else replaces (an inherited array with a warning).
fn merge(
    base: &mut toml::Table,
    base_locs: &mut BTreeMap<String, Loc>,
    child: toml::Table,
    child_locs: &BTreeMap<String, Loc>,
    prefix: &str,
    base_name: &str,
    warnings: &mut Vec<(String, Said)>,
) {
    for (key, value) in child {
        let path = join_key(prefix, &key);
        if let (Some(target), toml::Value::Array(items)) = (key.strip_suffix(ADD_SUFFIX), &value)
            && matches!(base.get(target), Some(toml::Value::Array(_)))
        {
            append(
                base,
                base_locs,
                prefix,
                target,
                &key,
                items.clone(),
                child_locs.clone(),
            );
            continue;
        }
        if let (Some(toml::Value::Array(old)), toml::Value::Array(_)) = (base.get(&key), &value)
            && !old.is_empty()
            && old.iter().all(|v| matches!(v, toml::Value::Table(_)))
        {
            warnings.push((
                path.clone(),
                said!(
                    "check-replaces-inherited",
                    count = old.len(),
                    file = base_name,
                    add = format!("{key}{ADD_SUFFIX}")
                )
                .into(),
            ));
        }
        if let Some(loc) = child_locs.get(&path) {
            base_locs.insert(path.clone(), *loc);
        }
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(c)) => {
                merge(b, base_locs, c, child_locs, &path, base_name, warnings);
            }
            (_, value) => {
                remove_subtree(base_locs, &path);
                copy_subtree(base_locs, child_locs, &path);
                base.insert(key, value);
            }
        }
    }
}

/// True when `candidate` is a key path inside `path`.
pub(super) fn is_below(candidate: &str, path: &str) -> bool {
    candidate.len() > path.len()
        && candidate.starts_with(path)
        && matches!(candidate.as_bytes()[path.len()], b'.' | b'[')
}

fn remove_subtree(locs: &mut BTreeMap<String, Loc>, path: &str) {
    let below: Vec<String> = locs
        .range(path.to_string()..)
        .take_while(|(k, _)| k.starts_with(path))
        .filter(|(k, _)| is_below(k, path))
        .map(|(k, _)| k.clone())
        .collect();
    for k in below {
        locs.remove(&k);
    }
}

fn copy_subtree(to: &mut BTreeMap<String, Loc>, from: &BTreeMap<String, Loc>, path: &str) {
    for (k, v) in from
        .range(path.to_string()..)
        .take_while(|(k, _)| k.starts_with(path))
    {
        if k == path || is_below(k, path) {
            to.insert(k.clone(), *v);
        }
    }
}

fn parse_text(text: &str, file_index: usize, path: &Path) -> Result<Located, Vec<Diagnostic>> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map(|s| line_of(text, s.start));
        let said = match e.message() {
            m if m.contains("value was too large") => said!("check-toml-integer", detail = m),
            m => said!("check-toml", detail = m),
        };
        vec![Diagnostic::new(
            Severity::Error,
            Some(path.to_path_buf()),
            line,
            String::new(),
            said,
        )]
    })?;
    let mut locations = BTreeMap::new();
    if let Ok(spanned) = DeTable::parse(text) {
        let lines = LineIndex::new(text);
        collect_table(spanned.get_ref(), "", &lines, file_index, &mut locations);
    }
    Ok((table, locations))
}

fn collect_table(
    table: &DeTable<'_>,
    prefix: &str,
    text: &LineIndex,
    file: usize,
    out: &mut BTreeMap<String, Loc>,
) {
    for (key, value) in table.iter() {
        let path = join_key(prefix, key.get_ref());
        let line = text.line_of(key.span().start);
        out.insert(path.clone(), Loc { file, line });
        collect_value(value.get_ref(), &path, text, file, out);
    }
}

fn collect_value(
    value: &DeValue<'_>,
    path: &str,
    text: &LineIndex,
    file: usize,
    out: &mut BTreeMap<String, Loc>,
) {
    match value {
        DeValue::Table(t) => collect_table(t, path, text, file, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_path = join_index(path, i);
                let line = text.line_of(item.span().start);
                out.insert(item_path.clone(), Loc { file, line });
                collect_value(item.get_ref(), &item_path, text, file, out);
            }
        }
        _ => {}
    }
}

/// Where each line of a text starts, so that a byte offset's line is a
/// binary search (a scenario with 50,000 places has 250,000 keys).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line number of a byte offset.
    fn line_of(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> u32 {
    LineIndex::new(text).line_of(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_nested_keys_and_array_tables() {
        let text = "[a]\nx = 1\n\n[[s]]\nid = \"p\"\nunits = [ { k = 1 },\n  { k = 2 } ]\n[[s]]\nid = \"q\"\n";
        let doc = Document::from_str(text, Path::new("t.toml")).unwrap();
        assert_eq!(doc.locate("a.x").unwrap().1, 2);
        assert_eq!(doc.locate("s[0].id").unwrap().1, 5);
        assert_eq!(doc.locate("s[0].units[1].k").unwrap().1, 7);
        assert_eq!(doc.locate("s[1].id").unwrap().1, 9);
        // unknown deeper keys fall back to their nearest known parent
        assert_eq!(
            doc.locate("s[1].nope").unwrap().1,
            doc.locate("s[1]").unwrap().1
        );
    }

    #[test]
    fn parent_paths() {
        assert_eq!(parent_path("a.b[2]"), Some("a.b"));
        assert_eq!(parent_path("a.b"), Some("a"));
        assert_eq!(parent_path("a"), Some(""));
        assert_eq!(parent_path(""), None);
    }

    #[test]
    fn quoted_keys() {
        assert_eq!(join_key("by_zone", "west town"), "by_zone.\"west town\"");
        assert_eq!(join_key("", "fire"), "fire");
    }
}
