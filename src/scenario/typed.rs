//! Reading the merged table into the raw structs, reporting every type
//! error, missing key and unknown key at once.
//!
//! serde stops at the first error. To find the next one the offending value
//! is taken out of a working copy and the reading repeated: a wrong value, or
//! the table that misses a required key, is removed (an array element with
//! it, so later indices shift; paths are mapped back to the file's). A
//! required key removed this way is not reported a second time as missing.

use std::collections::{BTreeMap, BTreeSet};

use super::raw::RawScenario;
use super::source::{is_below, join_index, join_key};
use crate::i18n::{Catalogued, Said};
use crate::said;

/// Most readings before giving up (each finds one problem).
const MAX_PASSES: usize = 50;

/// One step of a key path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// What reading the table found.
pub(super) struct Reading {
    /// The raw scenario, when there was no type error.
    pub raw: Option<RawScenario>,
    /// (key path, message) of each type error or missing key.
    pub errors: Vec<(String, Said)>,
    /// Key paths nothing reads.
    pub unknown: Vec<String>,
}

/// Reads `table`, collecting every problem serde reports.
pub(super) fn read(table: &toml::Table) -> Reading {
    // the copy values are taken out of, made at the first error
    let mut work: Option<toml::Value> = None;
    let mut shifts = Shifts::default();
    let mut errors: Vec<(String, Said)> = Vec::new();
    let mut unknown = BTreeSet::new();
    for _ in 0..MAX_PASSES {
        let mut track = serde_path_to_error::Track::new();
        let mut ignored = Vec::new();
        let value = match &work {
            Some(w) => w.clone(),
            None => toml::Value::Table(table.clone()),
        };
        let de = serde_path_to_error::Deserializer::new(value, &mut track);
        let result: Result<RawScenario, _> =
            serde_ignored::deserialize(de, |p| ignored.push(ignored_steps(&p)));
        for steps in ignored {
            unknown.insert(shifts.original(&steps));
        }
        let error = match result {
            Ok(raw) => {
                return Reading {
                    raw: errors.is_empty().then_some(raw),
                    errors,
                    unknown: unknown.into_iter().collect(),
                };
            }
            Err(e) => e,
        };
        let at = error_steps(&track.path());
        let message = error.message().trim().to_string();
        let (path, message) = match missing_field(&message) {
            Some(field) => {
                let mut key = at.clone();
                key.push(Step::Key(field.to_string()));
                (shifts.original(&key), said!("check-missing-key").into())
            }
            None => (shifts.original(&at), type_problem(&message)),
        };
        // a path at or inside one already reported (the root holds all)
        let already = errors
            .iter()
            .any(|(p, _)| p == &path || path.is_empty() || is_below(p, &path));
        if !already {
            errors.push((path, message));
        }
        let work = work.get_or_insert_with(|| toml::Value::Table(table.clone()));
        if at.is_empty() || !shifts.remove(work, &at) {
            break;
        }
    }
    if errors.len() >= MAX_PASSES {
        errors.push((
            String::new(),
            said!("check-too-many-type-errors", count = MAX_PASSES).into(),
        ));
    }
    Reading {
        raw: None,
        errors,
        unknown: unknown.into_iter().collect(),
    }
}

/// Every key the file format has: the fields of the raw structs (read from
/// their source, so the list cannot drift), with their serde renames.
pub(super) fn known_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = BTreeSet::new();
        let mut rename: Option<String> = None;
        for line in include_str!("raw.rs").lines().map(str::trim) {
            if let Some(at) = line.find("rename = \"") {
                let rest = &line[at + 10..];
                rename = rest.find('"').map(|end| rest[..end].to_string());
                continue;
            }
            let Some(field) = line.strip_prefix("pub ") else {
                continue;
            };
            let Some((name, _)) = field.split_once(':') else {
                continue;
            };
            if name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                keys.insert(rename.take().unwrap_or_else(|| name.to_string()));
            }
            rename = None;
        }
        keys.into_iter().collect()
    })
}

/// The known key nearest in spelling to the last key of `path`, when one is
/// close (edit distance at most a third of its length).
pub(super) fn suggestion(path: &str) -> Option<&'static str> {
    let key = path
        .rsplit(['.', ']'])
        .next()
        .unwrap_or(path)
        .trim_matches('"');
    let limit = (key.chars().count() / 3).max(1);
    known_keys()
        .iter()
        .map(|k| (strsim::levenshtein(key, k), k))
        .filter(|(d, _)| (1..=limit).contains(d))
        .min()
        .map(|(_, k)| k.as_str())
}

/// The field name of serde's "missing field `x`".
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// A serde message as a catalogued one: "invalid type: X, expected Y",
/// "invalid value: ..." and "unknown variant ..." in a translated frame,
/// with what was found and what was expected named by kind (a select in
/// the catalogue) where serde's words are known, and as serde says them
/// otherwise.
fn type_problem(message: &str) -> Said {
    let message = plain_words(message);
    let frames = [
        ("invalid type: ", "check-wrong-type"),
        ("invalid value: ", "check-wrong-value"),
        ("unknown variant ", "check-unknown-choice"),
    ];
    for (prefix, id) in frames {
        let Some((found, expected)) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once(", expected "))
        else {
            continue;
        };
        let (found_kind, found_value) = found_kind(found);
        let (expected_kind, choices) = expected_kind(expected);
        // a choice names what was given as it is written
        let found_args = if id == "check-unknown-choice" {
            vec![("found", found.to_string())]
        } else {
            vec![
                ("found_kind", found_kind.to_string()),
                ("found", found_value),
            ]
        };
        let said = Catalogued {
            id,
            args: found_args
                .into_iter()
                .chain([
                    ("expected_kind", expected_kind.to_string()),
                    ("expected", choices),
                ])
                .collect(),
            nested: Vec::new(),
        };
        return said.into();
    }
    message.into()
}

/// What serde found, as (kind, the value): `string "x"` → ("string",
/// `"x"`); an unknown description is kind "other" with the whole text.
fn found_kind(found: &str) -> (&'static str, String) {
    const KINDS: [(&str, &str); 8] = [
        ("string ", "string"),
        ("integer ", "integer"),
        ("floating point ", "float"),
        ("boolean ", "boolean"),
        ("character ", "string"),
        ("table", "table"),
        ("array", "array"),
        ("date", "date"),
    ];
    for (prefix, kind) in KINDS {
        if let Some(value) = found.strip_prefix(prefix) {
            return (kind, value.trim().to_string());
        }
    }
    ("other", found.to_string())
}

/// What serde expected, as (kind, the rest): `one of "a", "b"` → ("one-of",
/// `"a", "b"`); an unknown phrase is kind "other" with the whole text.
fn expected_kind(expected: &str) -> (&'static str, String) {
    const KINDS: [(&str, &str); 10] = [
        ("a whole number, 0 or more", "count"),
        ("a whole number", "whole"),
        ("a number", "number"),
        ("a string", "string"),
        ("true or false", "boolean"),
        ("an array", "array"),
        ("a table", "table"),
        ("a node id (string) or { lon = .., lat = .. }", "place"),
        ("\"queue\" or { mutual_aid_delay_s = SECONDS }", "when-busy"),
        ("one of ", "one-of"),
    ];
    for (phrase, kind) in KINDS {
        if let Some(rest) = expected.strip_prefix(phrase) {
            if kind == "one-of" {
                return (kind, rest.to_string());
            }
            if rest.is_empty() || rest.starts_with(' ') || rest.starts_with(':') {
                return (kind, String::new());
            }
        }
    }
    ("other", expected.to_string())
}

/// serde's type names in the words of a scenario file.
fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 10] = [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected an array [ .. ]"),
        ("expected a map", "expected a table { .. }"),
        ("expected struct ", "expected a table: "),
        ("invalid type: map", "invalid type: table"),
        ("invalid type: sequence", "invalid type: array"),
    ];
    let mut out = message.to_string();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    out
}

/// Array elements taken out of the working copy, by the array's path in the
/// file, so that a path in the copy maps back to the file's.
#[derive(Default)]
struct Shifts {
    removed: BTreeMap<String, Vec<usize>>,
}

impl Shifts {
    /// The file's key path of a path in the working copy.
    fn original(&self, steps: &[Step]) -> String {
        let mut path = String::new();
        for step in steps {
            path = match step {
                Step::Key(k) => join_key(&path, k),
                Step::Index(i) => {
                    let index = self.original_index(&path, *i);
                    join_index(&path, index)
                }
            };
        }
        path
    }

    /// The file's index of element `i` in the copy of the array at `array_path`.
    fn original_index(&self, array_path: &str, i: usize) -> usize {
        let mut index = i;
        for &g in self.removed.get(array_path).into_iter().flatten() {
            if g <= index {
                index += 1;
            } else {
                break;
            }
        }
        index
    }

    /// Removes the value at `steps` from the copy; false when there is none.
    fn remove(&mut self, work: &mut toml::Value, steps: &[Step]) -> bool {
        let Some((last, parent_steps)) = steps.split_last() else {
            return false;
        };
        let mut parent = &mut *work;
        for step in parent_steps {
            let next = match (step, parent) {
                (Step::Key(k), toml::Value::Table(t)) => t.get_mut(k),
                (Step::Index(i), toml::Value::Array(a)) => a.get_mut(*i),
                _ => None,
            };
            match next {
                Some(v) => parent = v,
                None => return false,
            }
        }
        match (last, parent) {
            (Step::Key(k), toml::Value::Table(t)) => t.remove(k).is_some(),
            (Step::Index(i), toml::Value::Array(a)) if *i < a.len() => {
                let array_path = self.original(parent_steps);
                let index = self.original_index(&array_path, *i);
                a.remove(*i);
                let gone = self.removed.entry(array_path).or_default();
                let at = gone.partition_point(|&g| g < index);
                gone.insert(at, index);
                true
            }
            _ => false,
        }
    }
}

fn ignored_steps(p: &serde_ignored::Path<'_>) -> Vec<Step> {
    use serde_ignored::Path as P;
    match p {
        P::Root => Vec::new(),
        P::Seq { parent, index } => {
            let mut s = ignored_steps(parent);
            s.push(Step::Index(*index));
            s
        }
        P::Map { parent, key } => {
            let mut s = ignored_steps(parent);
            s.push(Step::Key(key.clone()));
            s
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            ignored_steps(parent)
        }
    }
}

fn error_steps(p: &serde_path_to_error::Path) -> Vec<Step> {
    use serde_path_to_error::Segment as S;
    p.iter()
        .filter_map(|seg| match seg {
            S::Seq { index } => Some(Step::Index(*index)),
            S::Map { key } => Some(Step::Key(key.clone())),
            S::Enum { .. } | S::Unknown => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, String)> {
        let table: toml::Table = text.parse().unwrap();
        read(&table)
            .errors
            .into_iter()
            .map(|(path, said)| (path, said.render(crate::i18n::Lang::En)))
            .collect()
    }

    const GOOD: &str = r#"
[scenario]
name = "t"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [ { id = "a", lon = 107.7, lat = 30.6 } ]
edges = []
[[stations]]
id = "s1"
at = "a"
units = [ { kind = "engine", count = 1 } ]
[[stations]]
id = "s2"
at = "a"
units = [ { kind = "engine", count = 1 } ]
[[stations]]
id = "s3"
at = "a"
units = [ { kind = "engine", count = 1 } ]
[incident_types.fire]
service = { dist = "exponential", mean_s = 100 }
dispatch = [ { kind = "engine", count = 1 } ]
[demand]
mode = "poisson"
per_year = { fire = 1 }
points = [ { at = "a" } ]
[simulation]
years = 1
replications = 10
seed = 1
"#;

    #[test]
    fn a_good_table_reads() {
        let table: toml::Table = GOOD.parse().unwrap();
        let reading = read(&table);
        assert!(reading.errors.is_empty(), "{:?}", reading.errors);
        assert!(reading.raw.is_some());
    }

    #[test]
    fn every_missing_key_and_wrong_type_is_reported_with_file_indices() {
        let text = GOOD
            .replacen("id = \"s1\"\n", "", 1)
            .replacen("id = \"s2\"\nat = \"a\"\n", "id = \"s2\"\n", 1)
            .replacen(
                "id = \"s3\"\nat = \"a\"\nunits = [ { kind = \"engine\", count = 1 } ]",
                "id = \"s3\"\nat = \"a\"\nunits = [ { kind = \"engine\", count = \"one\" } ]",
                1,
            )
            .replace("mean_s = 100", "mean_s = \"long\"");
        let found = problems(&text);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "incident_types.fire.service.mean_s",
                "stations[0].id",
                "stations[1].at",
                "stations[2].units[0].count",
            ],
            "{found:?}"
        );
        assert!(found[1].1.contains("required"), "{found:?}");
        assert!(found[0].1.contains("expected a number"), "{found:?}");
        assert!(found[3].1.contains("whole number"), "{found:?}");
        assert!(found.iter().all(|(_, m)| !m.contains('\n')));
    }

    #[test]
    fn unknown_keys_past_the_first_error_are_found() {
        let text = GOOD
            .replacen("id = \"s1\"\n", "", 1)
            .replace("mode = \"poisson\"", "mode = \"poisson\"\nmood = 1");
        let table: toml::Table = text.parse().unwrap();
        let reading = read(&table);
        assert_eq!(reading.unknown, ["demand.mood"]);
        assert_eq!(reading.errors.len(), 1);
    }

    #[test]
    fn unknown_keys_get_the_nearest_known_one() {
        assert_eq!(suggestion("stations[0].turnout"), Some("turnout_s"));
        assert_eq!(suggestion("simulation.sead"), Some("seed"));
        assert_eq!(suggestion("incident_types.fire.dispatch[0].or_else"), None);
        assert_eq!(suggestion("zzzzzzzz"), None);
        // renamed fields are known by their file name
        assert!(known_keys().iter().any(|k| k == "or"));
        assert!(known_keys().iter().any(|k| k == "by_setting"));
    }

    #[test]
    fn removed_elements_map_back() {
        let mut shifts = Shifts::default();
        let mut v: toml::Value = toml::Value::Table("a = [1, 2, 3, 4]".parse().unwrap());
        let at = |i| vec![Step::Key("a".into()), Step::Index(i)];
        assert!(shifts.remove(&mut v, &at(1)));
        assert_eq!(shifts.original(&at(1)), "a[2]");
        assert!(shifts.remove(&mut v, &at(0)));
        assert_eq!(shifts.original(&at(0)), "a[2]");
        assert_eq!(shifts.original(&at(1)), "a[3]");
    }
}
