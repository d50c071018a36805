//! Key paths into a scenario's merged TOML table: `network.speeds.urban_street`,
//! `stations[2].turnout_s`, or by id, `stations.fulu.turnout_s` (an array of
//! tables is entered by index or by an element's `id`).

/// One step down the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A key of a table.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// A key resolved in one table.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The steps from the root.
    pub steps: Vec<Step>,
    /// The value the file gives; `None` for a key the schema knows that the
    /// file leaves at its default.
    pub current: Option<f64>,
    /// Whether the file gives it as a whole number.
    pub integer: bool,
}

/// Why a key cannot be varied.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyError {
    /// Nothing at that path.
    Unknown {
        /// As typed.
        key: String,
        /// The nearest numeric keys the scenario has.
        nearest: Vec<String>,
    },
    /// The value is not a number.
    NotNumeric {
        /// As typed.
        key: String,
        /// What it is: `string`, `boolean`, `date`, `list` or `table`.
        kind: &'static str,
        /// The nearest numeric keys.
        nearest: Vec<String>,
    },
}

/// How many keys an unknown one is offered.
const SUGGESTIONS: usize = 3;

/// Splits `a.b[2].c` into its steps as typed (an index or a name each).
fn segments(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let mut rest = part;
        while let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(rest[..open].to_string());
            }
            let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
            out.push(rest[open..close.min(rest.len())].to_string() + "]");
            rest = rest.get(close + 1..).unwrap_or("");
        }
        if !rest.is_empty() || part.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// The index an array segment names: `[2]`, `2`, or the `id` of one of
/// its tables.
fn array_index(array: &[toml::Value], segment: &str) -> Option<usize> {
    let bare = segment
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(segment);
    if let Ok(i) = bare.parse::<usize>() {
        return (i < array.len()).then_some(i);
    }
    array.iter().position(|v| {
        v.as_table()
            .and_then(|t| t.get("id"))
            .and_then(toml::Value::as_str)
            == Some(bare)
    })
}

fn kind_of(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "string",
        toml::Value::Boolean(_) => "boolean",
        toml::Value::Datetime(_) => "date",
        toml::Value::Array(_) => "list",
        toml::Value::Table(_) => "table",
        toml::Value::Integer(_) | toml::Value::Float(_) => "number",
    }
}

/// Where `key` leads in `table`: its steps and the value there, `None` for
/// a last step the file does not give that `known` says the schema has
/// (it is then at its default; the caller checks by validating that it
/// reads).
pub fn locate<'t>(
    table: &'t toml::Table,
    key: &str,
    known: &dyn Fn(&str) -> bool,
) -> Result<(Vec<Step>, Option<&'t toml::Value>), KeyError> {
    let unknown = || KeyError::Unknown {
        key: key.to_string(),
        nearest: nearest_numeric(table, key),
    };
    let segs = segments(key);
    if segs.iter().any(String::is_empty) {
        return Err(unknown());
    }
    let mut steps = Vec::new();
    let mut here: Option<&toml::Value> = None;
    for (k, seg) in segs.iter().enumerate() {
        let last = k + 1 == segs.len();
        let next = match here {
            None => table.get(seg.as_str()).map(|v| (v, Step::Key(seg.clone()))),
            Some(toml::Value::Table(t)) => t.get(seg.as_str()).map(|v| (v, Step::Key(seg.clone()))),
            Some(toml::Value::Array(a)) => array_index(a, seg).map(|i| (&a[i], Step::Index(i))),
            Some(_) => None,
        };
        match next {
            Some((v, step)) => {
                steps.push(step);
                here = Some(v);
            }
            None => {
                let in_table = matches!(here, None | Some(toml::Value::Table(_)));
                if last && in_table && known(seg) {
                    steps.push(Step::Key(seg.clone()));
                    return Ok((steps, None));
                }
                return Err(unknown());
            }
        }
    }
    Ok((steps, here))
}

/// Resolves `key` in `table` to a number (see [`locate`]).
pub fn resolve(
    table: &toml::Table,
    key: &str,
    known: &dyn Fn(&str) -> bool,
) -> Result<Resolved, KeyError> {
    let (steps, value) = locate(table, key, known)?;
    match value {
        None => Ok(Resolved {
            steps,
            current: None,
            integer: false,
        }),
        Some(toml::Value::Integer(i)) => Ok(Resolved {
            steps,
            current: Some(*i as f64),
            integer: true,
        }),
        Some(toml::Value::Float(f)) => Ok(Resolved {
            steps,
            current: Some(*f),
            integer: false,
        }),
        Some(v) => Err(KeyError::NotNumeric {
            key: key.to_string(),
            kind: kind_of(v),
            nearest: nearest_numeric(table, key),
        }),
    }
}

/// Sets the value at `steps` (its parent exists: [`resolve`] found it).
pub fn set(table: &mut toml::Table, steps: &[Step], value: toml::Value) {
    let Some((last, parents)) = steps.split_last() else {
        return;
    };
    let mut here: &mut toml::Value = match parents.first() {
        None => {
            if let Step::Key(k) = last {
                table.insert(k.clone(), value);
            }
            return;
        }
        Some(Step::Key(k)) => match table.get_mut(k) {
            Some(v) => v,
            None => return,
        },
        Some(Step::Index(_)) => return,
    };
    for step in &parents[1..] {
        let next = match (here, step) {
            (toml::Value::Table(t), Step::Key(k)) => t.get_mut(k),
            (toml::Value::Array(a), Step::Index(i)) => a.get_mut(*i),
            _ => None,
        };
        match next {
            Some(v) => here = v,
            None => return,
        }
    }
    match (here, last) {
        (toml::Value::Table(t), Step::Key(k)) => {
            t.insert(k.clone(), value);
        }
        (toml::Value::Array(a), Step::Index(i)) => {
            if let Some(slot) = a.get_mut(*i) {
                *slot = value;
            }
        }
        _ => {}
    }
}

/// Every numeric key of `table`, as a path a user would type (elements of
/// arrays of tables by their `id` where they have one).
pub fn numeric_keys(table: &toml::Table) -> Vec<String> {
    fn walk(v: &toml::Value, path: String, out: &mut Vec<String>) {
        match v {
            toml::Value::Integer(_) | toml::Value::Float(_) => out.push(path),
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(v, p, out);
                }
            }
            toml::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    let id = v
                        .as_table()
                        .and_then(|t| t.get("id"))
                        .and_then(toml::Value::as_str);
                    let p = match id {
                        Some(id) if !id.contains(['.', '[']) => format!("{path}.{id}"),
                        _ => format!("{path}[{i}]"),
                    };
                    walk(v, p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, v) in table {
        walk(v, k.clone(), &mut out);
    }
    out
}

/// The numeric keys nearest `key` by edit distance.
pub fn nearest_numeric(table: &toml::Table, key: &str) -> Vec<String> {
    let mut keys: Vec<(usize, String)> = numeric_keys(table)
        .into_iter()
        .map(|k| (strsim::levenshtein(key, &k), k))
        .collect();
    keys.sort();
    keys.into_iter().take(SUGGESTIONS).map(|(_, k)| k).collect()
}

/// A swept key in words for people, in `lang`: a road class's speed
/// (`network.speeds.urban_arterial` → 城市主干道车速), the standard's
/// allowances, a station's turnout, the travel-time spread; any other key
/// as it is written.
pub fn key_label(key: &str, lang: crate::i18n::Lang) -> String {
    if let Some(class) = key.strip_prefix("network.speeds.") {
        return crate::tr!(
            lang,
            "sweep-key-speed",
            class = crate::network::words::road_class(class, lang)
        );
    }
    let id = match key {
        "standard.turnout_s" => "sweep-key-standard-turnout",
        "standard.travel_s" => "sweep-key-standard-travel",
        "simulation.travel_cv" => "sweep-key-travel-cv",
        _ => {
            if let Some(station) = key
                .strip_prefix("stations.")
                .and_then(|k| k.strip_suffix(".turnout_s"))
            {
                return crate::tr!(lang, "sweep-key-station-turnout", station = station);
            }
            return key.to_string();
        }
    };
    lang.t(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> toml::Table {
        toml::from_str(
            r#"
[network.speeds]
urban_street = 25
[[stations]]
id = "urban"
turnout_s = 60.0
at = "n"
[[stations]]
id = "fulu"
at = "f"
"#,
        )
        .unwrap()
    }

    #[test]
    fn keys_resolve_by_name_index_and_id() {
        let t = table();
        let no = |_: &str| false;
        let r = resolve(&t, "network.speeds.urban_street", &no).unwrap();
        assert_eq!((r.current, r.integer), (Some(25.0), true));
        let by_id = resolve(&t, "stations.urban.turnout_s", &no).unwrap();
        let by_index = resolve(&t, "stations[0].turnout_s", &no).unwrap();
        assert_eq!(by_id, by_index);
        assert_eq!(by_id.steps[1], Step::Index(0));
        // absent, but a key the schema knows
        let absent = resolve(&t, "stations.fulu.turnout_s", &|k| k == "turnout_s").unwrap();
        assert_eq!(absent.current, None);
    }

    #[test]
    fn unknown_and_non_numeric_keys_say_what_is_near() {
        let t = table();
        let no = |_: &str| false;
        match resolve(&t, "network.speeds.urban_stret", &no) {
            Err(KeyError::Unknown { nearest, .. }) => {
                assert_eq!(nearest[0], "network.speeds.urban_street")
            }
            other => panic!("{other:?}"),
        }
        match resolve(&t, "stations.urban.at", &no) {
            Err(KeyError::NotNumeric { kind, .. }) => assert_eq!(kind, "string"),
            other => panic!("{other:?}"),
        }
        assert!(resolve(&t, "stations.nowhere.turnout_s", &|_| true).is_err());
        assert!(resolve(&t, "", &no).is_err());
        assert!(resolve(&t, "network..speeds", &no).is_err());
    }

    #[test]
    fn set_replaces_or_adds_the_value() {
        let mut t = table();
        let r = resolve(&t, "stations.fulu.turnout_s", &|_| true).unwrap();
        set(&mut t, &r.steps, toml::Value::Float(90.0));
        let again = resolve(&t, "stations.fulu.turnout_s", &|_| false).unwrap();
        assert_eq!(again.current, Some(90.0));
        let r = resolve(&t, "network.speeds.urban_street", &|_| false).unwrap();
        set(&mut t, &r.steps, toml::Value::Integer(30));
        assert_eq!(
            t["network"]["speeds"]["urban_street"].as_integer(),
            Some(30)
        );
    }
}
