//! Beasley's OR-Library p-median files (`pmedN.txt`): first line `n edges
//! p`, then `i j cost` per edge, 1-based; a repeated edge takes its last
//! listed cost. Every vertex is a demand place of weight 1 and a candidate;
//! costs are all-pairs shortest paths (Floyd–Warshall). Used to hold the
//! solvers to the published optima (tests, benchmarks).

use super::{Problem, SitingError};

/// Most vertices read (Floyd–Warshall is n³; the family's largest is 900).
const MAX_VERTICES: usize = 5_000;

/// The problem of a pmed file's text, and its p.
pub fn pmed(text: &str) -> Result<(Problem, usize), SitingError> {
    let bad = |what: &str| SitingError::input(format!("not an OR-Library pmed file: {what}"));
    let mut numbers = text.split_whitespace().map(str::parse::<usize>);
    let mut next = |what: &str| match numbers.next() {
        Some(Ok(v)) => Ok(v),
        _ => Err(bad(what)),
    };
    let (n, edges, p) = (next("n")?, next("edges")?, next("p")?);
    if n == 0 || n > MAX_VERTICES || p == 0 || p > n {
        return Err(bad("n or p out of range"));
    }
    let mut d = vec![f64::INFINITY; n * n];
    for i in 0..n {
        d[i * n + i] = 0.0;
    }
    for _ in 0..edges {
        let (i, j, c) = (next("edge")?, next("edge")?, next("edge cost")?);
        if !(1..=n).contains(&i) || !(1..=n).contains(&j) {
            return Err(bad("a vertex out of range"));
        }
        let (i, j) = (i - 1, j - 1);
        if i != j {
            d[i * n + j] = c as f64;
            d[j * n + i] = c as f64;
        }
    }
    for k in 0..n {
        for i in 0..n {
            let dik = d[i * n + k];
            if !dik.is_finite() {
                continue;
            }
            for j in 0..n {
                let via = dik + d[k * n + j];
                if via < d[i * n + j] {
                    d[i * n + j] = via;
                }
            }
        }
    }
    let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    // symmetric: the candidate-major columns are the rows
    let problem = Problem::new(ids.clone(), vec![1.0; n], ids, d, 0.0)?;
    Ok((problem, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::siting::Objective;

    #[test]
    fn a_small_file_reads_with_shortest_paths_and_the_last_repeated_cost() {
        // 1–2 costs 5 then 1 (the last counts); 2–3 costs 2: 1→3 is 3
        let (problem, p) = pmed("3 3 1\n1 2 5\n2 3 2\n1 2 1\n").unwrap();
        assert_eq!(p, 1);
        assert_eq!(problem.cost(0, 2), 3.0);
        assert_eq!(problem.evaluate(Objective::Median, &[1]), 3.0);
        assert!(pmed("3 1 1\n1 9 2\n").is_err());
        assert!(pmed("3 2").is_err());
    }
}
