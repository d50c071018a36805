//! `compare`: paired differences with common random numbers.

mod common;

use std::fmt::Write as _;

use common::{firecover, load, parse, repo, succeeded};
use firecover::compare::{self, Arm, GroupDifference, PairComparison};
use firecover::model::Model;
use firecover::montecarlo::{self, Keep, PairMoments, RunOptions, RunOutput};
use firecover::scenario::Scenario;
use unicode_width::UnicodeWidthStr;

fn run(s: &Scenario, replications: u32, seed: u64) -> RunOutput {
    let model = Model::compile(s).expect("compiles");
    let options = RunOptions {
        replications,
        seed,
        threads: None,
    };
    montecarlo::run_detailed(s, &model, &options, Keep::Summary, &|| {}).expect("runs")
}

/// Two scenarios run in lockstep, with the joint moments of every group
/// the comparison reports; `keep` also keeps the tallies.
fn run_pair(
    a: &Scenario,
    b: &Scenario,
    replications: u32,
    seed: u64,
    keep: Keep,
) -> (RunOutput, RunOutput, PairMoments) {
    let (ma, mb) = (
        Model::compile(a).expect("compiles"),
        Model::compile(b).expect("compiles"),
    );
    let options = RunOptions {
        replications,
        seed,
        threads: None,
    };
    let spec = compare::pair_spec((0, a, &ma), (1, b, &mb));
    let mut out = montecarlo::run_lockstep(&[(a, &ma), (b, &mb)], &[spec], &options, keep, &|| {})
        .expect("runs");
    let pair = out.pairs.remove(0);
    let second = out.runs.remove(1);
    (out.runs.remove(0), second, pair)
}

/// `compare_pair` of two scenarios run in lockstep.
fn compared(a: &Scenario, b: &Scenario, replications: u32, seed: u64) -> PairComparison {
    let (ra, rb, pair) = run_pair(a, b, replications, seed, Keep::Summary);
    compare::compare_pair(
        Arm {
            scenario: a,
            run: &ra,
        },
        Arm {
            scenario: b,
            run: &rb,
        },
        Some(&pair),
    )
}

/// Runs `firecover compare` on repository files with extra arguments.
fn compare_cli(files: &[&str], extra: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut args: Vec<std::ffi::OsString> = vec!["compare".into()];
    args.extend(files.iter().map(|f| repo(f).into_os_string()));
    args.extend(extra.iter().map(|a| a.to_os_string()));
    firecover(args)
}

fn all_groups(p: &PairComparison) -> impl Iterator<Item = &GroupDifference> {
    std::iter::once(&p.overall)
        .chain(&p.by_type)
        .chain(&p.by_setting)
        .chain(&p.by_zone)
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let s = load(&repo("scenarios/liangping-2020.toml"));
    let pair = compared(&s, &s, 20, 7);
    assert!(pair.paired);
    assert_eq!(pair.by_type.len(), 3);
    assert_eq!(pair.by_setting.len(), 2);
    assert_eq!(pair.by_zone.len(), 33);
    for g in all_groups(&pair) {
        for d in [
            g.mean_response_diff_s,
            g.p90_response_diff_s,
            g.within_standard_diff,
            g.mean_travel_diff_s,
        ] {
            assert_eq!(d.estimate, 0.0, "{}", g.group);
            assert_eq!(d.ci95, Some([0.0, 0.0]), "{}", g.group);
            assert!(!d.significant);
            assert_eq!(d.replications_needed, None);
        }
    }
    assert!(pair.least_resolved.is_none());
}

/// A 6 × 6 grid of two-way roads with uneven link times, a demand point at
/// every node (zone = row), one station at the corner and, optionally, a
/// second one; every station has far more units than alarms ever overlap, so
/// nothing waits.
fn grid_scenario(second_station: Option<(usize, usize)>) -> String {
    const N: usize = 6;
    let id = |r: usize, c: usize| format!("n{r}{c}");
    let mut t = String::from(
        "[scenario]\nname = \"grid\"\n[standard]\nturnout_s = 60\ntravel_s = 240\n[network]\nnodes = [\n",
    );
    for r in 0..N {
        for c in 0..N {
            let _ = writeln!(
                t,
                "  {{ id = \"{}\", lon = {}, lat = {} }},",
                id(r, c),
                107.0 + c as f64 * 0.01,
                30.0 + r as f64 * 0.01
            );
        }
    }
    t.push_str("]\nedges = [\n");
    let mut k = 0u32;
    let mut time = || {
        k += 1;
        60 + (k * 37) % 90
    };
    for r in 0..N {
        for c in 0..N {
            if c + 1 < N {
                let _ = writeln!(
                    t,
                    "  {{ from = \"{}\", to = \"{}\", time_s = {}, oneway = false }},",
                    id(r, c),
                    id(r, c + 1),
                    time()
                );
            }
            if r + 1 < N {
                let _ = writeln!(
                    t,
                    "  {{ from = \"{}\", to = \"{}\", time_s = {}, oneway = false }},",
                    id(r, c),
                    id(r + 1, c),
                    time()
                );
            }
        }
    }
    t.push_str("]\n");
    let station = |name: &str, at: String| {
        format!(
            "[[stations]]\nid = \"{name}\"\nat = \"{at}\"\nturnout_s = 60\nunits = [ {{ kind = \"engine\", count = 40 }} ]\n"
        )
    };
    t.push_str(&station("first", id(0, 0)));
    if let Some((r, c)) = second_station {
        t.push_str(&station("second", id(r, c)));
    }
    t.push_str(
        "[incident_types.fire]\nservice = { dist = \"exponential\", mean_s = 1200 }\ndispatch = [ { kind = \"engine\" } ]\n[demand]\nmode = \"poisson\"\nper_year = { fire = 200 }\npoints = [\n",
    );
    for r in 0..N {
        for c in 0..N {
            let _ = writeln!(
                t,
                "  {{ at = \"{}\", weight = {}, zone = \"row{r}\" }},",
                id(r, c),
                1 + (r * 7 + c * 3) % 5
            );
        }
    }
    t.push_str("]\n[simulation]\nyears = 1\nreplications = 10\nseed = 3\n");
    t
}

#[test]
fn adding_a_station_never_lengthens_first_arrival_travel_without_queueing() {
    let base = parse(&grid_scenario(None));
    let base_run = run(&base, 10, 11);
    assert_eq!(base_run.summary.queued, 0.0, "the grid must not queue");
    let mut improved_somewhere = false;
    for (r, c) in [(0, 0), (0, 5), (2, 3), (5, 5), (5, 0), (3, 1)] {
        let more = parse(&grid_scenario(Some((r, c))));
        let more_run = run(&more, 10, 11);
        assert_eq!(more_run.summary.queued, 0.0);
        let pair = compared(&base, &more, 10, 11);
        assert!(pair.paired, "{:?}", pair.not_paired_because);
        for g in all_groups(&pair) {
            let d = g.mean_travel_diff_s.estimate;
            assert!(
                d <= 0.0,
                "second station at n{r}{c}: {} travel {d:+} s",
                g.group
            );
            improved_somewhere |= d < 0.0;
        }
    }
    assert!(improved_somewhere, "some site must shorten travel");
}

#[test]
fn paired_intervals_are_narrower_than_unpaired_on_liangping_2020_vs_2025() {
    let a_s = load(&repo("scenarios/liangping-2020.toml"));
    let b_s = load(&repo("scenarios/liangping-2025-plan.toml"));
    let (a, b, moments) = run_pair(&a_s, &b_s, 100, 20210101, Keep::Summary);
    let arms = (
        Arm {
            scenario: &a_s,
            run: &a,
        },
        Arm {
            scenario: &b_s,
            run: &b,
        },
    );
    let paired = compare::compare_pair(arms.0, arms.1, Some(&moments));
    let unpaired = compare::compare_unpaired(arms.0, arms.1);
    assert!(paired.paired && !unpaired.paired);
    let width = |ci: Option<[f64; 2]>| {
        let [lo, hi] = ci.expect("100 replications give an interval");
        hi - lo
    };
    for (measure, p, u) in [
        (
            "mean response (s)",
            paired.overall.mean_response_diff_s,
            unpaired.overall.mean_response_diff_s,
        ),
        (
            "within standard",
            paired.overall.within_standard_diff,
            unpaired.overall.within_standard_diff,
        ),
        (
            "p90 response (s)",
            paired.overall.p90_response_diff_s,
            unpaired.overall.p90_response_diff_s,
        ),
    ] {
        assert_eq!(p.estimate, u.estimate, "{measure}: same point estimate");
        let (wp, wu) = (width(p.ci95), width(u.ci95));
        eprintln!("{measure}: paired CI width {wp:.4}, unpaired {wu:.4}");
        assert!(
            wp < wu,
            "{measure}: paired {wp} should be narrower than unpaired {wu}"
        );
    }
}

#[test]
fn different_demand_is_compared_unpaired_and_says_why() {
    let a_s = load(&repo("scenarios/liangping-2020.toml"));
    let text = std::fs::read_to_string(repo("scenarios/liangping-2020.toml")).unwrap();
    // the same resources, fires moved towards the town
    let b_s = common::parse_as(
        &format!("{text}\n[demand.setting_share]\nfire = {{ urban = 0.8, rural = 0.2 }}\n"),
        &repo("scenarios/liangping-2020-urban-fires.toml"),
    );
    let pair = compared(&a_s, &b_s, 10, 1);
    assert!(!pair.paired);
    assert_eq!(
        pair.not_paired_because.as_deref(),
        Some("the zones, settings or setting shares differ")
    );
    assert!(!pair.overall.mean_response_diff_s.paired);
}

#[test]
fn the_compare_command_fits_100_columns_and_writes_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("cmp.json");
    let out = compare_cli(
        &[
            "scenarios/liangping-2020.toml",
            "scenarios/liangping-2025-plan.toml",
            "scenarios/liangping-2025-all-townships.toml",
        ],
        &[
            "--replications".as_ref(),
            "30".as_ref(),
            "--json".as_ref(),
            json.as_os_str(),
        ],
    );
    let text = succeeded(&out);
    for line in text.lines() {
        assert!(line.width() <= 100, "{} columns: {line}", line.width());
    }
    for needle in [
        "B vs A (B − A), paired",
        "C vs A (C − A), paired",
        "双桂街道",
        "Verdict:",
    ] {
        assert!(text.contains(needle), "missing {needle:?}:\n{text}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["replications"], 30);
    assert_eq!(v["runs"].as_array().unwrap().len(), 3);
    let overall = &v["pairs"][0]["overall"];
    assert!(
        overall["mean_response_diff_s"]["estimate"]
            .as_f64()
            .unwrap()
            < 0.0
    );
    assert_eq!(overall["mean_response_diff_s"]["significant"], true);
    assert_eq!(v["pairs"][1]["by_zone"].as_array().unwrap().len(), 33);
}

#[test]
fn compare_needs_two_valid_scenarios() {
    let one = firecover(["compare", "scenarios/liangping-2020.toml"]);
    assert!(!one.status.success());
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = 1\n").unwrap();
    let out = firecover([
        "compare".as_ref(),
        repo("scenarios/liangping-2020.toml").as_os_str(),
        bad.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&*bad.display().to_string()) && err.contains("scenario.name"),
        "{err}"
    );
}

#[test]
fn comparisons_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut texts = Vec::new();
    for threads in ["1", "2"] {
        let json = dir.path().join(format!("t{threads}.json"));
        let out = compare_cli(
            &[
                "scenarios/liangping-2020.toml",
                "scenarios/liangping-2025-plan.toml",
            ],
            &[
                "--replications".as_ref(),
                "40".as_ref(),
                "--threads".as_ref(),
                threads.as_ref(),
                "--json".as_ref(),
                json.as_os_str(),
            ],
        );
        succeeded(&out);
        texts.push(std::fs::read_to_string(&json).unwrap());
    }
    assert_eq!(texts[0], texts[1]);
}

#[test]
fn a_different_standard_is_pointed_out() {
    let out = compare_cli(
        &[
            "scenarios/liangping-2025-plan.toml",
            "scenarios/liangping-2025-plan-nfpa1710.toml",
        ],
        &["--replications".as_ref(), "5".as_ref()],
    );
    let text = succeeded(&out);
    assert!(
        text.contains(
            "Note: the scenario's response limit is 5:20 (rural 15:20) and the baseline's 5:00 (rural 15:00)"
        ),
        "{text}"
    );
    // same stations, same alarms: response times do not move at all
    assert!(
        text.contains("Verdict: mean response 0:00 [0:00, 0:00] (no change)"),
        "{text}"
    );
}

#[test]
fn identical_scenarios_are_said_to_perform_alike() {
    let file = "scenarios/examples/two-stations.toml";
    let out = compare_cli(&[file, file], &["--replications".as_ref(), "10".as_ref()]);
    let text = succeeded(&out);
    assert!(
        text.contains("No difference shown reaches 5 s or 0.5 pp"),
        "{text}"
    );
    assert!(
        text.contains("zones gaining: none; zones losing: none"),
        "{text}"
    );
}

/// The paired intervals stream (joint moments per replication, nothing kept)
/// and must equal what the kept replications give: the interval of the
/// replication-wise differences of influence values, and of per-replication
/// 90th percentiles.
#[test]
fn streamed_paired_intervals_equal_the_kept_replications() {
    use firecover::montecarlo::GroupTally;
    use firecover::stats::{difference, ratio_influence};
    let a_s = load(&repo("scenarios/liangping-2020.toml"));
    let b_s = load(&repo("scenarios/liangping-2025-plan.toml"));
    let (a, b, moments) = run_pair(&a_s, &b_s, 60, 5, Keep::Tallies);
    assert_eq!(a.tallies.len(), 60);
    let pair = compare::compare_pair(
        Arm {
            scenario: &a_s,
            run: &a,
        },
        Arm {
            scenario: &b_s,
            run: &b,
        },
        Some(&moments),
    );
    assert!(pair.paired);
    let series = |run: &RunOutput, g: usize, f: &dyn Fn(&GroupTally) -> f64| -> Vec<f64> {
        run.tallies.iter().map(|t| f(&t.groups[g])).collect()
    };
    let influence = |run: &RunOutput,
                     g: usize,
                     num: &dyn Fn(&GroupTally) -> f64,
                     den: &dyn Fn(&GroupTally) -> f64| {
        let (r, u) = ratio_influence(&series(run, g, num), &series(run, g, den)).unwrap();
        (r, u.into_iter().map(Some).collect::<Vec<_>>())
    };
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0);
    let layout = a.layout;
    // all incidents, a type, a setting and a zone
    let groups = [
        ("all", 0, &pair.overall),
        ("fire", layout.of_type(0), &pair.by_type[0]),
        ("urban", layout.of_setting(0), &pair.by_setting[0]),
        ("a zone", layout.of_zone(0), &pair.by_zone[0]),
    ];
    let answered = |g: &GroupTally| f64::from(g.answered);
    let within = |g: &GroupTally| f64::from(g.within_standard);
    let incidents = |g: &GroupTally| f64::from(g.incidents);
    let response = |g: &GroupTally| g.response_sum_s;
    for (name, g, streamed) in groups {
        assert_eq!(streamed.group, pair_group_name(&a_s, &layout, g, name));
        for (measure, num, den, got) in [
            (
                "mean response",
                &response as &dyn Fn(&GroupTally) -> f64,
                &answered as &dyn Fn(&GroupTally) -> f64,
                streamed.mean_response_diff_s,
            ),
            (
                "within standard",
                &within,
                &incidents,
                streamed.within_standard_diff,
            ),
        ] {
            let (ra, ua) = influence(&a, g, num, den);
            let (rb, ub) = influence(&b, g, num, den);
            let want = difference(rb - ra, &ua, &ub, true);
            assert!(close(got.estimate, want.estimate), "{name} {measure}");
            let (gc, wc) = (got.ci95.unwrap(), want.ci95.unwrap());
            assert!(
                close(gc[0], wc[0]) && close(gc[1], wc[1]),
                "{name} {measure}: {gc:?} vs {wc:?}"
            );
            assert_eq!(
                got.replications_needed, want.replications_needed,
                "{name} {measure}"
            );
        }
        let p90s = |run: &RunOutput| -> Vec<Option<f64>> {
            run.tallies
                .iter()
                .map(|t| t.groups[g].response_p90_s)
                .collect()
        };
        let est = streamed.p90_response_diff_s.estimate;
        let want = difference(est, &p90s(&a), &p90s(&b), true);
        let (gc, wc) = (
            streamed.p90_response_diff_s.ci95.unwrap(),
            want.ci95.unwrap(),
        );
        assert!(
            close(gc[0], wc[0]) && close(gc[1], wc[1]),
            "{name} p90: {gc:?} vs {wc:?}"
        );
    }
}

/// The name a comparison gives group `g`, for the test above.
fn pair_group_name(
    s: &Scenario,
    layout: &firecover::montecarlo::GroupLayout,
    g: usize,
    fallback: &str,
) -> String {
    if g == 0 {
        return "all".into();
    }
    if g == layout.of_type(0) {
        return s.incident_types[0].name.clone();
    }
    if g == layout.of_setting(0) {
        return s.demand.settings[0].clone();
    }
    if g == layout.of_zone(0) {
        return s.demand.zones[0].clone();
    }
    fallback.into()
}

#[test]
fn the_html_header_shows_each_scenarios_standard_when_they_differ() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let out = firecover([
        "compare".as_ref(),
        repo("scenarios/liangping-2025-plan.toml").as_os_str(),
        repo("scenarios/liangping-2025-plan-nfpa1710.toml").as_os_str(),
        "--replications".as_ref(),
        "5".as_ref(),
        "--lang".as_ref(),
        "en".as_ref(),
        "--html".as_ref(),
        report.as_os_str(),
    ]);
    succeeded(&out);
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("— judged by 5:00 (rural 15:00) (turnout 1:00 + travel 4:00)</li>"));
    assert!(html.contains("— judged by 5:20 (rural 15:20) (turnout 1:20 + travel 4:00)</li>"));
    // the same standard: no per-scenario line
    let same = dir.path().join("same");
    let out = firecover([
        "compare".as_ref(),
        repo("scenarios/liangping-2020.toml").as_os_str(),
        repo("scenarios/liangping-2025-plan.toml").as_os_str(),
        "--replications".as_ref(),
        "5".as_ref(),
        "--html".as_ref(),
        same.as_os_str(),
    ]);
    succeeded(&out);
    let html = std::fs::read_to_string(same.join("index.html")).unwrap();
    assert!(!html.contains("— judged by"));
}
