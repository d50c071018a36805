//! The exact solver on published instances (vendored in `tests/data/siting`,
//! see its README for sources): Beasley's OR-Library p-median instances and
//! PySAL spopt's San Francisco case give their published optima, proven
//! (gap 0). A missing data file fails the test; it never skips.

use std::path::PathBuf;

use firecover::siting::{Objective, Problem, SolveOptions, matrix, or_library, solve};

fn data(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/siting")
        .join(name);
    assert!(path.is_file(), "{} is missing", path.display());
    path
}

/// An OR-Library pmed file of the vendored data as a problem, and its p.
fn pmed(name: &str) -> (Problem, usize) {
    let text = std::fs::read_to_string(data(name)).unwrap();
    or_library::pmed(&text).unwrap()
}

/// PySAL spopt's San Francisco case: 205 tracts × 16 sites, radius 5 km.
fn san_francisco() -> Problem {
    matrix::read(
        &data("sf_costs.csv"),
        Some(&data("sf_weights.csv")),
        5_000.0,
    )
    .unwrap()
}

#[test]
fn or_library_pmed_instances_give_their_published_optima_proven() {
    for (name, optimum) in [
        ("pmed1.txt", 5819.0),
        ("pmed5.txt", 1355.0),
        ("pmed11.txt", 7696.0),
        ("pmed26.txt", 9917.0),
        ("pmed40.txt", 5128.0),
    ] {
        let (problem, p) = pmed(name);
        let s = solve(
            &problem,
            Objective::Median,
            p,
            &[],
            &SolveOptions::default(),
        )
        .unwrap();
        assert_eq!(s.objective, optimum, "{name}: {s:?}");
        assert_eq!(s.gap, Some(0.0), "{name}: {s:?}");
        assert_eq!(s.open.len(), p, "{name}");
        assert_eq!(problem.evaluate(Objective::Median, &s.open), optimum);
    }
}

#[test]
fn the_san_francisco_case_gives_spopts_answers_proven() {
    let problem = san_francisco();
    let options = SolveOptions::default();
    let median = solve(&problem, Objective::Median, 4, &[], &options).unwrap();
    let mean = median.objective / problem.total_weight();
    assert!((mean - 2982.13).abs() < 0.005, "mean {mean}");
    assert_eq!(median.gap, Some(0.0));
    let cover = solve(&problem, Objective::Cover, 4, &[], &options).unwrap();
    assert_eq!(cover.gap, Some(0.0));
    let share = cover.objective / problem.total_weight();
    assert!((share - 0.916).abs() < 0.0005, "share {share}");
}

/// Every set of `p` of the San Francisco case's 16 sites (for set covering,
/// every set), by enumeration: the best value.
fn enumerate_sf(problem: &Problem, objective: Objective, p: usize) -> f64 {
    let m = problem.m();
    let sets = (0u32..1 << m)
        .filter(|mask| !objective.takes_count() || mask.count_ones() as usize == p)
        .map(|mask| {
            (0..m)
                .filter(|j| mask & (1 << j) != 0)
                .collect::<Vec<usize>>()
        });
    let values = sets.map(|set| problem.evaluate(objective, &set));
    if objective.maximises() {
        values.fold(f64::NEG_INFINITY, f64::max)
    } else {
        values.fold(f64::INFINITY, f64::min)
    }
}

/// All five objectives on the San Francisco case (p = 4; set covering of
/// every tract, and of 90 % of the population), proven (gap 0) and equal to
/// the enumeration of every set.
#[test]
fn the_san_francisco_case_is_proven_for_every_objective() {
    let problem = san_francisco();
    let options = SolveOptions::default();
    for objective in [
        Objective::Median,
        Objective::Cover,
        Objective::Backup,
        Objective::Center,
        Objective::Lscp { share: 0.9 },
        Objective::Lscp { share: 1.0 },
    ] {
        let truth = enumerate_sf(&problem, objective, 4);
        let what = format!("{objective:?}");
        if !truth.is_finite() {
            // no set of sites covers every tract within 5 km: refused
            assert!(
                solve(&problem, objective, 4, &[], &options).is_err(),
                "{what}"
            );
            continue;
        }
        let s = solve(&problem, objective, 4, &[], &options).unwrap();
        assert_eq!(s.solver, "exact", "{what}");
        assert_eq!(s.gap, Some(0.0), "{what}: {s:?}");
        assert!(
            (s.objective - truth).abs() <= 1e-9 * truth.abs().max(1.0),
            "{what}: {} vs {truth}",
            s.objective
        );
        // spopt's own answers: the p-center's 7403.06 m, LSCP's 8 sites
        match objective {
            Objective::Center => assert!((s.objective - 7403.06).abs() < 0.005, "{s:?}"),
            Objective::Lscp { share } if share >= 1.0 => assert_eq!(s.objective, 8.0),
            _ => {}
        }
    }
}
