//! A researcher's own cost matrix (like spopt's `from_cost_matrix`): a CSV
//! whose header is `demand` then the candidate ids, one row per demand
//! place (its id, then its cost to each candidate, any unit, `inf` where a
//! candidate cannot reach it), and optionally a weights CSV `demand,weight`.

use std::collections::HashMap;
use std::path::Path;

use super::{Problem, SitingError};
use crate::i18n::Catalogued;
use crate::said;

/// A problem at `line` of `path`: the message's own arguments plus the
/// file and line its text begins with.
fn bad(path: &Path, line: u64, mut said: Catalogued) -> SitingError {
    said.args.push(("file", path.display().to_string()));
    said.args.push(("line", line.to_string()));
    SitingError::input(said)
}

/// A CSV reader over the file's text, read as every user file is (a
/// regular file, at most the size of a GeoJSON or CSV, UTF-8 with the line
/// named when it is not).
fn reader(path: &Path) -> Result<csv::Reader<std::io::Cursor<Vec<u8>>>, SitingError> {
    let text = crate::input::read_text(path, crate::input::Limit::Geodata)
        .map_err(|e| SitingError::input(e.said()))?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(std::io::Cursor::new(text.into_bytes())))
}

/// A row the CSV reader cannot take, named by its line.
fn unreadable(path: &Path, e: &csv::Error) -> SitingError {
    let line = e.position().map_or(1, |p| p.line());
    bad(path, line, said!("site-matrix-unreadable"))
}

/// An id that would reach the terminal raw: one with a control character
/// (an escape sequence, a line break) is refused.
fn check_id(path: &Path, line: u64, id: &str) -> Result<(), SitingError> {
    if id.chars().any(char::is_control) {
        return Err(bad(
            path,
            line,
            said!("site-matrix-control", id = id.escape_debug().to_string()),
        ));
    }
    Ok(())
}

fn number(path: &Path, line: u64, column: &str, text: &str) -> Result<f64, SitingError> {
    let v: f64 = match text.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => f64::INFINITY,
        _ => text.parse().map_err(|_| {
            bad(
                path,
                line,
                said!(
                    "site-matrix-not-a-number",
                    column = column,
                    text = text.escape_debug().to_string()
                ),
            )
        })?,
    };
    if v.is_nan() {
        return Err(bad(path, line, said!("site-matrix-nan", column = column)));
    }
    if v < 0.0 {
        return Err(bad(
            path,
            line,
            said!("site-matrix-negative", column = column, value = v),
        ));
    }
    Ok(v)
}

/// Reads a cost matrix and optional weights (every place weighs 1 without
/// them) into a problem with this coverage radius.
pub fn read(costs: &Path, weights: Option<&Path>, radius: f64) -> Result<Problem, SitingError> {
    let mut rd = reader(costs)?;
    let header = rd.headers().map_err(|e| unreadable(costs, &e))?.clone();
    let candidates: Vec<String> = header.iter().skip(1).map(str::to_owned).collect();
    if candidates.is_empty() {
        return Err(bad(costs, 1, said!("site-matrix-header")));
    }
    // each candidate once: an answer must say which column it means
    let mut columns_of: HashMap<&str, usize> = HashMap::new();
    for (k, id) in candidates.iter().enumerate() {
        check_id(costs, 1, id)?;
        if let Some(first) = columns_of.insert(id.as_str(), k + 2) {
            return Err(bad(
                costs,
                1,
                said!(
                    "site-matrix-candidate-again",
                    candidate = id.as_str(),
                    first = first,
                    second = k + 2
                ),
            ));
        }
    }
    let m = candidates.len();
    let mut demand = Vec::new();
    let mut rows: Vec<f64> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in rd.records() {
        let record = record.map_err(|e| unreadable(costs, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != m + 1 {
            return Err(bad(
                costs,
                line,
                said!(
                    "site-matrix-ragged",
                    values = record.len().saturating_sub(1),
                    candidates = m
                ),
            ));
        }
        let id = record[0].to_owned();
        check_id(costs, line, &id)?;
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(bad(
                costs,
                line,
                said!("site-matrix-demand-again", demand = id, first = first),
            ));
        }
        for (k, text) in record.iter().skip(1).enumerate() {
            rows.push(number(costs, line, &candidates[k], text)?);
        }
        demand.push(id);
    }
    if demand.is_empty() {
        return Err(bad(costs, 2, said!("site-matrix-no-rows")));
    }
    let n = demand.len();
    let weights = match weights {
        None => vec![1.0; n],
        Some(path) => read_weights(path, &demand)?,
    };
    // demand-major rows → candidate-major columns
    let mut columns = vec![0.0; n * m];
    for i in 0..n {
        for j in 0..m {
            columns[j * n + i] = rows[i * m + j];
        }
    }
    Problem::new(demand, weights, candidates, columns, radius)
}

fn read_weights(path: &Path, demand: &[String]) -> Result<Vec<f64>, SitingError> {
    let mut rd = reader(path)?;
    let index: HashMap<&str, usize> = demand
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let mut weights = vec![f64::NAN; demand.len()];
    for record in rd.records() {
        let record = record.map_err(|e| unreadable(path, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != 2 {
            return Err(bad(
                path,
                line,
                said!("site-weights-columns", values = record.len()),
            ));
        }
        let Some(&i) = index.get(&record[0]) else {
            return Err(bad(
                path,
                line,
                said!(
                    "site-weights-unknown",
                    demand = record[0].escape_debug().to_string()
                ),
            ));
        };
        if !weights[i].is_nan() {
            return Err(bad(
                path,
                line,
                said!(
                    "site-weights-again",
                    demand = record[0].escape_debug().to_string()
                ),
            ));
        }
        let w = number(path, line, "weight", &record[1])?;
        if w.is_infinite() {
            return Err(bad(path, line, said!("site-weights-infinite")));
        }
        weights[i] = w;
    }
    let missing: Vec<&str> = demand
        .iter()
        .zip(&weights)
        .filter(|(_, w)| w.is_nan())
        .map(|(d, _)| d.as_str())
        .take(10)
        .collect();
    if !missing.is_empty() {
        return Err(SitingError::input(said!(
            "site-weights-missing",
            file = path.display(),
            demand = missing.join(", ")
        )));
    }
    Ok(weights)
}
