//! The siting solvers against brute force and hand-solvable cases. The
//! MILP's checks need the `highs` feature; the heuristic's run in every
//! build.

#[cfg(feature = "highs")]
use firecover::siting::milp;
use firecover::siting::{Objective, Problem, SolveOptions, SolverChoice, heuristic, solve};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

const OBJECTIVES: [Objective; 5] = [
    Objective::Cover,
    Objective::Lscp { share: 1.0 },
    Objective::Median,
    Objective::Center,
    Objective::Backup,
];

/// Random points in a 10 × 10 square; costs are Manhattan distances, some
/// pairs unreachable; one or two staying stations on some instances.
fn random_problem(seed: u64, n: usize, m: usize, fixed: usize) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let pt = |rng: &mut ChaCha8Rng| (rng.random_range(0.0..10.0), rng.random_range(0.0..10.0));
    let demand: Vec<(f64, f64)> = (0..n).map(|_| pt(&mut rng)).collect();
    let sites: Vec<(f64, f64)> = (0..m + fixed).map(|_| pt(&mut rng)).collect();
    let weights: Vec<f64> = (0..n)
        .map(|_| {
            if rng.random_bool(0.1) {
                0.0
            } else {
                rng.random_range(0.5..5.0)
            }
        })
        .collect();
    let cost = |d: (f64, f64), s: (f64, f64), rng: &mut ChaCha8Rng| {
        if rng.random_bool(0.05) {
            f64::INFINITY
        } else {
            // whole units make ties, which the chains must handle
            ((d.0 - s.0).abs() + (d.1 - s.1).abs()).round()
        }
    };
    let mut costs = Vec::new();
    for s in &sites[..m] {
        for d in &demand {
            costs.push(cost(*d, *s, &mut rng));
        }
    }
    let mut problem = Problem::new(
        (0..n).map(|i| format!("d{i}")).collect(),
        weights,
        (0..m).map(|j| format!("c{j}")).collect(),
        costs,
        5.0,
    )
    .unwrap();
    for s in &sites[m..] {
        let col: Vec<f64> = demand.iter().map(|d| cost(*d, *s, &mut rng)).collect();
        problem.add_fixed(&col).unwrap();
    }
    problem
}

/// Every subset of `p` of `m` candidates.
fn subsets(m: usize, p: usize) -> Vec<Vec<usize>> {
    (0u32..1 << m)
        .filter(|mask| mask.count_ones() as usize == p)
        .map(|mask| (0..m).filter(|j| mask & (1 << j) != 0).collect())
        .collect()
}

/// The best value by enumeration (for lscp: the fewest sites that meet it).
fn brute_force(problem: &Problem, objective: Objective, p: usize) -> f64 {
    let m = problem.m();
    if let Objective::Lscp { .. } = objective {
        for k in 0..=m {
            if subsets(m, k)
                .iter()
                .any(|s| problem.evaluate(objective, s).is_finite())
            {
                return k as f64;
            }
        }
        return f64::INFINITY;
    }
    let values = subsets(m, p)
        .into_iter()
        .map(|s| problem.evaluate(objective, &s));
    if objective.maximises() {
        values.fold(f64::NEG_INFINITY, f64::max)
    } else {
        values.fold(f64::INFINITY, f64::min)
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

/// The heuristic's value is never past the optimum, its bound never past
/// it on the other side, and the optimum lies within its reported gap.
fn check_heuristic(problem: &Problem, objective: Objective, p: usize, truth: f64, what: &str) {
    let Ok(h) = heuristic::solve(problem, objective, p) else {
        return;
    };
    if matches!(objective, Objective::Cover | Objective::Median) {
        assert!(
            h.gap.is_some_and(f64::is_finite),
            "{what}: the heuristic reports no finite gap: {h:?}"
        );
    }
    if objective.maximises() {
        assert!(
            h.objective <= truth + 1e-9,
            "{what}: heuristic beats optimum"
        );
    } else {
        assert!(
            h.objective >= truth - 1e-9,
            "{what}: heuristic beats optimum"
        );
    }
    if let (Some(bound), Some(gap)) = (h.bound, h.gap) {
        // the bound is a true bound and the gap covers the optimum
        if objective.maximises() {
            assert!(
                bound >= truth - 1e-6,
                "{what}: upper bound {bound} below optimum {truth}"
            );
        } else {
            assert!(
                bound <= truth + 1e-6,
                "{what}: lower bound {bound} above optimum {truth}"
            );
        }
        assert!(
            (h.objective - truth).abs() <= gap * h.objective.abs() + 1e-6,
            "{what}: heuristic outside its reported gap"
        );
    }
}

/// The small instances both solvers are checked on by brute force: 12
/// seeds × every objective × p ∈ {1, 3}, each with its true optimum
/// (infinite where no set meets the objective).
fn small_instances() -> impl Iterator<Item = (String, Problem, Objective, usize, f64)> {
    (0..12u64).flat_map(|seed| {
        let problem = random_problem(seed, 40, 12, (seed % 3) as usize);
        OBJECTIVES.into_iter().flat_map(move |objective| {
            let problem = problem.clone();
            [1usize, 3].into_iter().map(move |p| {
                let truth = brute_force(&problem, objective, p);
                let what = format!("seed {seed} {objective:?} p={p}");
                (what, problem.clone(), objective, p, truth)
            })
        })
    })
}

#[test]
fn heuristic_stays_within_its_gap_of_brute_force() {
    let mut checked = 0;
    for (what, problem, objective, p, truth) in small_instances() {
        if !truth.is_finite() {
            continue;
        }
        check_heuristic(&problem, objective, p, truth, &what);
        checked += 1;
    }
    assert!(checked > 100, "only {checked} instances checked");
}

#[cfg(feature = "highs")]
#[test]
fn milp_equals_brute_force() {
    let mut checked = 0;
    for (what, problem, objective, p, truth) in small_instances() {
        let exact = milp::solve(&problem, objective, p, &[], None, 60.0);
        if !truth.is_finite() {
            assert!(exact.is_err(), "{what}: should be infeasible");
            continue;
        }
        let exact = exact.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            close(exact.objective, truth),
            "{what}: milp {} vs brute force {truth}",
            exact.objective
        );
        assert_eq!(exact.gap, Some(0.0), "{what}");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} instances checked");
}

#[test]
fn places_with_their_own_radius_are_covered_by_it_in_every_solver() {
    let mut differed = 0;
    for seed in 40..46u64 {
        let mut problem = random_problem(seed, 36, 11, (seed % 2) as usize);
        // a third of the places, the "rural" ones, have three times the radius
        let radii: Vec<f64> = (0..problem.n())
            .map(|i| if i % 3 == 0 { 15.0 } else { 5.0 })
            .collect();
        let uniform = problem.clone();
        problem.set_place_radii(radii.clone()).unwrap();
        assert!(problem.has_place_radii() && !uniform.has_place_radii());
        for objective in [
            Objective::Cover,
            Objective::Backup,
            Objective::Lscp { share: 1.0 },
        ] {
            for p in [1usize, 2] {
                let truth = brute_force(&problem, objective, p);
                if truth != brute_force(&uniform, objective, p) {
                    differed += 1;
                }
                #[cfg(feature = "highs")]
                {
                    let exact = milp::solve(&problem, objective, p, &[], None, 60.0);
                    if !truth.is_finite() {
                        assert!(exact.is_err(), "seed {seed} {objective:?}: infeasible");
                        continue;
                    }
                    let exact = exact.unwrap();
                    assert!(
                        close(exact.objective, truth),
                        "seed {seed} {objective:?} p={p}: milp {} vs brute force {truth}",
                        exact.objective
                    );
                }
                if !truth.is_finite() {
                    continue;
                }
                if let Ok(h) = heuristic::solve(&problem, objective, p) {
                    let h_value = problem.evaluate(objective, &h.open);
                    assert!(close(h.objective, h_value), "heuristic's own value");
                    if objective.maximises() {
                        assert!(h.objective <= truth + 1e-9);
                    }
                }
            }
        }
        // a place counts as covered exactly when a site is within its own radius
        let open = [0usize, 1];
        let by_hand: f64 = (0..problem.n())
            .filter(|&i| {
                let fixed =
                    (0..problem.fixed_count()).any(|f| problem.fixed_column(f)[i] <= radii[i]);
                fixed || open.iter().any(|&j| problem.cost(i, j) <= radii[i])
            })
            .map(|i| problem.weights[i])
            .sum();
        assert!(close(problem.evaluate(Objective::Cover, &open), by_hand));
    }
    assert!(differed > 3, "the radii changed too few optima: {differed}");
}

#[cfg(feature = "highs")]
#[test]
fn adding_a_candidate_never_worsens_the_optimum() {
    for seed in 20..26u64 {
        let full = random_problem(seed, 30, 10, 1);
        // the same problem with the last candidate removed
        let n = full.n();
        let m = full.m();
        let mut costs = Vec::new();
        for j in 0..m - 1 {
            costs.extend_from_slice(full.column(j));
        }
        let mut fewer = Problem::new(
            full.demand.clone(),
            full.weights.clone(),
            full.candidates[..m - 1].to_vec(),
            costs,
            full.radius,
        )
        .unwrap();
        fewer.add_fixed(full.fixed_column(0)).unwrap();
        assert_eq!(fewer.n(), n);
        for objective in [
            Objective::Cover,
            Objective::Median,
            Objective::Center,
            Objective::Backup,
        ] {
            let a = milp::solve(&fewer, objective, 2, &[], None, 60.0).unwrap();
            let b = milp::solve(&full, objective, 2, &[], None, 60.0).unwrap();
            if objective.maximises() {
                assert!(b.objective >= a.objective - 1e-9, "{objective:?}");
            } else {
                assert!(b.objective <= a.objective + 1e-9, "{objective:?}");
            }
        }
    }
}

/// Places on a line at 0..10 with weights: the 1-median is the weighted
/// median, and two clusters get one site each.
#[test]
fn hand_solvable_line_and_clusters() {
    let xs: Vec<f64> = (0..11).map(f64::from).collect();
    let weights = vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 9.0, 1.0, 1.0, 1.0];
    // total 19: the weighted median is at x = 7 (cumulative 7 + 9 ≥ 9.5)
    let mut costs = Vec::new();
    for s in &xs {
        for d in &xs {
            costs.push((s - d).abs());
        }
    }
    let names: Vec<String> = xs.iter().map(|x| format!("x{x}")).collect();
    let line = Problem::new(names.clone(), weights, names.clone(), costs, 2.0).unwrap();
    let s = solve(&line, Objective::Median, 1, &[], &SolveOptions::default()).unwrap();
    assert_eq!(s.open, vec![7]);
    let h = heuristic::solve(&line, Objective::Median, 1).unwrap();
    assert_eq!(h.open, vec![7]);

    // two symmetric clusters around x = 0 and x = 100
    let pts: Vec<f64> = vec![-2.0, -1.0, 0.0, 1.0, 2.0, 98.0, 99.0, 100.0, 101.0, 102.0];
    let mut costs = Vec::new();
    for s in &pts {
        for d in &pts {
            costs.push((s - d).abs());
        }
    }
    let names: Vec<String> = (0..pts.len()).map(|i| format!("p{i}")).collect();
    let clusters = Problem::new(names.clone(), vec![1.0; pts.len()], names, costs, 3.0).unwrap();
    for objective in [Objective::Median, Objective::Center, Objective::Cover] {
        let s = solve(&clusters, objective, 2, &[], &SolveOptions::default()).unwrap();
        assert!(
            s.open.iter().any(|&j| j < 5) && s.open.iter().any(|&j| j >= 5),
            "{objective:?}: {:?} is not one site per cluster",
            s.open
        );
    }
    let med = solve(
        &clusters,
        Objective::Median,
        2,
        &[],
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(med.open, vec![2, 7]);
    assert_eq!(med.objective, 12.0);
    let lscp = solve(
        &clusters,
        Objective::Lscp { share: 1.0 },
        0,
        &[],
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(lscp.open.len(), 2);
}

#[test]
fn next_best_solutions_are_distinct_and_no_better() {
    let problem = random_problem(7, 40, 12, 1);
    // the MILP where this build has it, else the heuristic's own search
    let options = SolveOptions {
        solver: if firecover::siting::MILP_AVAILABLE {
            SolverChoice::Milp
        } else {
            SolverChoice::Heuristic
        },
        time_limit_s: 60.0,
    };
    let mut found: Vec<Vec<usize>> = Vec::new();
    let mut last = f64::NEG_INFINITY;
    for _ in 0..4 {
        let s = solve(&problem, Objective::Cover, 3, &found, &options).unwrap();
        assert!(!found.contains(&s.open));
        if last.is_finite() {
            assert!(s.objective <= last + 1e-9);
        }
        last = s.objective;
        found.push(s.open);
    }
    let best = subsets(12, 3)
        .into_iter()
        .map(|s| problem.evaluate(Objective::Cover, &s))
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        found
            .iter()
            .all(|s| problem.evaluate(Objective::Cover, s) <= best + 1e-9)
    );
    if !firecover::siting::MILP_AVAILABLE {
        return;
    }
    // the MILP's second is the best of all sets other than the first
    let first = &found[0];
    let second_truth = subsets(12, 3)
        .into_iter()
        .filter(|s| s != first)
        .map(|s| problem.evaluate(Objective::Cover, &s))
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(close(
        problem.evaluate(Objective::Cover, &found[1]),
        second_truth
    ));
}

#[test]
fn bad_requests_are_refused() {
    let problem = random_problem(3, 10, 4, 0);
    let e = solve(&problem, Objective::Cover, 5, &[], &SolveOptions::default()).unwrap_err();
    assert!(e.to_string().contains("only 4 candidate"), "{e}");
    // lscp with a place no candidate reaches names it
    let mut costs = vec![1.0; 3 * 2];
    costs[2] = 50.0; // candidate 0 → place 2
    costs[5] = 60.0; // candidate 1 → place 2
    let names = |p: &str, k: usize| (0..k).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    let far = Problem::new(names("place", 3), vec![1.0; 3], names("c", 2), costs, 10.0).unwrap();
    let e = solve(
        &far,
        Objective::Lscp { share: 1.0 },
        0,
        &[],
        &SolveOptions::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("place2"), "{e}");
    // a share the others can meet is fine
    let ok = solve(
        &far,
        Objective::Lscp { share: 0.6 },
        0,
        &[],
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(ok.open.len(), 1);
    assert!(Problem::new(names("d", 1), vec![f64::NAN], names("c", 1), vec![1.0], 1.0).is_err());
    assert!(Problem::new(names("d", 1), vec![1.0], names("c", 1), vec![-1.0], 1.0).is_err());
    assert!(Problem::new(names("d", 2), vec![1.0], names("c", 1), vec![1.0, 1.0], 1.0).is_err());
}

/// The pure-Rust answer against HiGHS's proven optimum: its value never
/// better, its bound never past the optimum, the optimum within its
/// reported gap, and equal to it where it claims a zero gap.
#[cfg(feature = "highs")]
fn cross_check(problem: &Problem, objective: Objective, p: usize, what: &str) -> bool {
    let exact = match milp::solve(problem, objective, p, &[], None, 120.0) {
        Ok(s) => s,
        Err(firecover::siting::SitingError::Infeasible(_)) => {
            let pure = heuristic::solve(problem, objective, p);
            assert!(
                pure.is_err(),
                "{what}: infeasible for HiGHS, not for the heuristic"
            );
            return false;
        }
        Err(e) => panic!("{what}: {e}"),
    };
    if exact.gap != Some(0.0) {
        eprintln!("{what}: HiGHS proved no optimum within its time limit; not compared");
        return false;
    }
    let truth = exact.objective;
    let pure = solve(
        problem,
        objective,
        p,
        &[],
        &SolveOptions {
            solver: SolverChoice::Heuristic,
            time_limit_s: 60.0,
        },
    )
    .unwrap_or_else(|e| panic!("{what}: the pure-Rust solver failed where HiGHS solved: {e}"));
    check_heuristic(problem, objective, p, truth, what);
    assert!(
        close(problem.evaluate(objective, &pure.open), pure.objective),
        "{what}: the pure-Rust value is not its sites' value"
    );
    if pure.gap == Some(0.0) {
        assert!(
            close(pure.objective, truth),
            "{what}: pure-Rust claims optimal {} but HiGHS proves {truth}",
            pure.objective
        );
    }
    true
}

/// At least 50 random instances per objective, larger than brute force
/// reaches: the pure-Rust solver on the right side of HiGHS's optimum.
#[cfg(feature = "highs")]
#[test]
fn pure_rust_answers_sit_on_the_right_side_of_highs_optimum() {
    for objective in OBJECTIVES {
        let mut compared = 0;
        for seed in 0..60u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(1_000 + seed);
            let n = rng.random_range(40..120);
            let m = rng.random_range(12..40);
            let problem = random_problem(2_000 + seed, n, m, (seed % 3) as usize);
            let p = rng.random_range(1..=5);
            let what = format!("seed {seed} {objective:?} n={n} m={m} p={p}");
            if cross_check(&problem, objective, p, &what) {
                compared += 1;
            }
        }
        assert!(
            compared >= 50,
            "{objective:?}: only {compared} instances compared"
        );
    }
}

/// The shipped Liangping siting studies, each objective at the counts
/// their files ask for, where the MILP is small enough for `auto`.
#[cfg(feature = "highs")]
#[test]
fn pure_rust_answers_on_the_liangping_studies_against_highs() {
    use firecover::model::Model;
    use firecover::scenario::Scenario;
    use firecover::siting::study::{SiteProblem, StudySpec, TemplateSource};
    let mut compared = 0;
    for file in [
        "scenarios/liangping-siting-urban.toml",
        "scenarios/liangping-siting-industrial-park.toml",
        "scenarios/liangping-siting-townships.toml",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let (scenario, _) = Scenario::load(&path).expect("the study loads");
        let model = Model::compile(&scenario).expect("compiles");
        let siting = scenario.siting.clone().expect("a [siting] table");
        let spec = StudySpec {
            objective: Objective::Cover,
            add: siting.add.unwrap_or((1, 1)),
            solve: SolveOptions::default(),
            alternatives: 0,
            template: siting.template.clone().expect("a station template"),
            template_source: TemplateSource::Table,
            removable: (0..scenario.stations.len())
                .filter(|&k| scenario.stations[k].removable || siting.removable.contains(&k))
                .collect(),
            candidates: siting.candidates.clone(),
        };
        let problem = SiteProblem::build(&scenario, &model, &spec)
            .expect("the problem builds")
            .problem;
        for objective in OBJECTIVES {
            let limit = match objective {
                Objective::Median | Objective::Center => {
                    firecover::siting::AUTO_MILP_NONZEROS_MEDIAN
                }
                _ => firecover::siting::AUTO_MILP_NONZEROS,
            };
            if milp::estimated_nonzeros(&problem, objective) > limit {
                continue;
            }
            // as the study solves: the stations that may move count among
            // the sites to open
            let counts: Vec<usize> = if objective.takes_count() {
                (spec.add.0..=spec.add.1)
                    .map(|count| count + spec.removable.len())
                    .filter(|&p| p > 0)
                    .collect()
            } else {
                vec![0]
            };
            for p in counts {
                let what = format!("{file} {objective:?} p={p}");
                if cross_check(&problem, objective, p, &what) {
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 10, "only {compared} Liangping solves compared");
}

/// The pure-Rust solver's next-best solutions differ from every one found
/// before, for every objective (its final improvement by the relaxation's
/// choices could swap back to the best solution, so a study listed the
/// optimum as its own alternative).
#[test]
fn the_heuristics_next_best_solutions_are_distinct_for_every_objective() {
    let options = SolveOptions {
        solver: SolverChoice::Heuristic,
        time_limit_s: 60.0,
    };
    for seed in 30..36u64 {
        let problem = random_problem(seed, 40, 10, (seed % 2) as usize);
        for objective in [
            Objective::Cover,
            Objective::Median,
            Objective::Center,
            Objective::Backup,
        ] {
            let mut found: Vec<Vec<usize>> = Vec::new();
            for _ in 0..4 {
                match solve(&problem, objective, 2, &found, &options) {
                    Ok(s) => {
                        assert!(
                            !found.contains(&s.open),
                            "seed {seed} {objective:?}: {:?} found again after {found:?}",
                            s.open
                        );
                        found.push(s.open);
                    }
                    Err(_) => break,
                }
            }
            assert!(found.len() >= 2, "seed {seed} {objective:?}: {found:?}");
        }
    }
    // the hand case: three candidates, the best pair {a, b}, then {a, c}
    let costs = vec![1.0, 100.0, 4.0, 100.0, 2.0, 100.0, 5.0, 3.0, 100.0];
    let names = |p: &str, k: usize| (0..k).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    let line = Problem::new(names("d", 3), vec![1.0; 3], names("c", 3), costs, 0.0).unwrap();
    let best = solve(&line, Objective::Median, 2, &[], &options).unwrap();
    assert_eq!(best.open, vec![0, 1]);
    let next = solve(
        &line,
        Objective::Median,
        2,
        std::slice::from_ref(&best.open),
        &options,
    )
    .unwrap();
    assert_eq!((next.open, next.objective), (vec![0, 2], 8.0));
}

/// The exact solver (`auto` for every objective) equals
/// brute force on every small instance, proves it (gap 0), and its bound is
/// the optimum.
#[test]
fn the_exact_solver_equals_brute_force() {
    let options = SolveOptions::default();
    let mut checked = 0;
    for (what, problem, objective, p, truth) in small_instances() {
        if !firecover::siting::exact::handles(objective) || !truth.is_finite() {
            continue;
        }
        let s = solve(&problem, objective, p, &[], &options).unwrap();
        assert_eq!(s.solver, "exact", "{what}");
        assert!(
            close(s.objective, truth),
            "{what}: {} vs {truth}",
            s.objective
        );
        assert!(
            close(problem.evaluate(objective, &s.open), s.objective),
            "{what}"
        );
        assert_eq!(s.gap, Some(0.0), "{what}: {s:?}");
        assert!(close(s.bound.unwrap(), truth), "{what}: {s:?}");
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} instances checked");
}

/// Larger random instances (brute force over 20 candidates), p = 2..5: the
/// search with branching, fixing and ties.
#[test]
fn the_exact_solver_equals_brute_force_where_it_must_branch() {
    let options = SolveOptions::default();
    for seed in 0..6u64 {
        let problem = random_problem(100 + seed, 60, 16, (seed % 2) as usize);
        for objective in OBJECTIVES
            .into_iter()
            .chain([Objective::Lscp { share: 0.8 }])
        {
            for p in [2usize, 5] {
                let truth = brute_force(&problem, objective, p);
                let what = format!("seed {seed} {objective:?} p={p}");
                let Ok(s) = solve(&problem, objective, p, &[], &options) else {
                    // only set covering is refused, where no set meets it
                    assert!(!truth.is_finite(), "{what}: refused, yet {truth}");
                    continue;
                };
                assert_eq!(s.solver, "exact", "{what}");
                assert!(
                    close(s.objective, truth),
                    "{what}: {} vs {truth}",
                    s.objective
                );
                assert!(
                    close(problem.evaluate(objective, &s.open), s.objective),
                    "{what}"
                );
                assert_eq!(s.gap, Some(0.0), "{what}");
            }
        }
    }
}

/// `--alternatives` through the exact solver: each next solution is the
/// best of the sets not yet found, distinct and never better.
#[test]
fn the_exact_solvers_next_best_solutions_are_the_next_best() {
    let problem = random_problem(7, 40, 12, 1);
    let options = SolveOptions::default();
    for objective in OBJECTIVES
        .into_iter()
        .chain([Objective::Lscp { share: 0.8 }])
    {
        let mut found: Vec<Vec<usize>> = Vec::new();
        for _ in 0..4 {
            let s = solve(&problem, objective, 3, &found, &options).unwrap();
            assert_eq!(s.solver, "exact", "{objective:?}");
            assert_eq!(s.gap, Some(0.0), "{objective:?}");
            // set covering's next-best may take any count; the others three
            let sets: Vec<Vec<usize>> = if objective.takes_count() {
                subsets(12, 3)
            } else {
                (0..=12).flat_map(|k| subsets(12, k)).collect()
            };
            let truth = sets
                .into_iter()
                .filter(|set| !found.contains(set))
                .map(|set| problem.evaluate(objective, &set))
                .fold(
                    if objective.maximises() {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    },
                    |a, b| {
                        if objective.maximises() {
                            a.max(b)
                        } else {
                            a.min(b)
                        }
                    },
                );
            assert!(!found.contains(&s.open), "{objective:?}");
            assert!(
                close(s.objective, truth),
                "{objective:?}: {} vs {truth}",
                s.objective
            );
            found.push(s.open);
        }
    }
}

/// With a time limit too short to prove anything, the answer is still a
/// valid set and its gap a true gap (the bound on the right side of the
/// optimum).
#[test]
fn a_tiny_time_limit_gives_a_valid_answer_and_a_true_gap() {
    let problem = random_problem(3, 200, 60, 0);
    let truth_side = |objective: Objective, bound: f64, value: f64| {
        if objective.maximises() {
            bound >= value - 1e-9
        } else {
            bound <= value + 1e-9
        }
    };
    for objective in OBJECTIVES {
        let exact = solve(&problem, objective, 6, &[], &SolveOptions::default()).unwrap();
        assert_eq!(exact.gap, Some(0.0), "{objective:?}");
        let options = SolveOptions {
            solver: SolverChoice::Auto,
            time_limit_s: 1e-6,
        };
        let s = solve(&problem, objective, 6, &[], &options).unwrap();
        if objective.takes_count() {
            assert_eq!(s.open.len(), 6);
        }
        assert!(close(problem.evaluate(objective, &s.open), s.objective));
        let bound = s.bound.unwrap();
        // the bound is on the far side of the proven optimum
        assert!(
            truth_side(objective, bound, exact.objective),
            "{objective:?}: {s:?} vs {exact:?}"
        );
        let gap = s.gap.unwrap();
        assert!(gap.is_finite(), "{objective:?}: {s:?}");
        assert!((s.objective - exact.objective).abs() <= gap * s.objective.abs() + 1e-6);
    }
}
