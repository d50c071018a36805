//! The streaming accumulators: they reproduce what the stored per-replication
//! tallies give, do not depend on the thread count, report percentiles at
//! the sample's precision, and give the 90th percentile an interval that
//! covers the truth.

mod common;

use firecover::model::Model;
use firecover::montecarlo::{self, Keep, RunOptions, RunOutput};
use firecover::stats::{Estimate, mean_estimate, ratio_estimate, share_estimate};

fn run_keeping(path: &str, replications: u32, threads: Option<usize>) -> (RunOutput, Model) {
    let s = common::load(&common::repo(path));
    let model = Model::compile(&s).expect("compiles");
    let options = RunOptions {
        replications,
        seed: 20_260_101,
        threads,
    };
    let out = montecarlo::run_detailed(&s, &model, &options, Keep::Tallies, &|| {}).expect("runs");
    (out, model)
}

fn assert_close(what: &str, a: f64, b: f64) {
    let tolerance = 1e-12 * a.abs().max(b.abs());
    assert!(
        (a - b).abs() <= tolerance || (a.is_nan() && b.is_nan()),
        "{what}: streamed {a} vs stored {b}"
    );
}

fn assert_same(what: &str, streamed: Estimate, stored: Estimate) {
    assert_close(what, streamed.mean, stored.mean);
    match (streamed.ci95, stored.ci95) {
        (Some([a, b]), Some([c, d])) => {
            assert_close(what, a, c);
            assert_close(what, b, d);
        }
        (x, y) => assert_eq!(x, y, "{what}"),
    }
}

/// Every summary figure that the old stored-tally code computed from the
/// per-replication series, recomputed here the old way.
fn check_against_stored(path: &str) {
    let (out, model) = run_keeping(path, 60, None);
    let s = &out.summary;
    let series = |g: usize, f: &dyn Fn(&montecarlo::GroupTally) -> f64| -> Vec<f64> {
        out.tallies.iter().map(|t| f(&t.groups[g])).collect()
    };
    let ratio = |g: usize,
                 num: &dyn Fn(&montecarlo::GroupTally) -> f64,
                 den: &dyn Fn(&montecarlo::GroupTally) -> f64| {
        ratio_estimate(&series(g, num), &series(g, den))
    };
    // shares get the logit interval, from the same per-replication spread
    let n = out.tallies.len();
    let within = share_estimate(
        ratio(0, &|g| g.within_standard.into(), &|g| g.incidents.into()),
        n,
    );
    let response = ratio(0, &|g| g.response_sum_s, &|g| g.answered.into());
    let queued = share_estimate(ratio(0, &|g| g.queued.into(), &|g| g.answered.into()), n);
    let wait = ratio(0, &|g| g.wait_sum_s, &|g| g.answered.into());
    let full = ratio(0, &|g| g.full_sum_s, &|g| g.complete.into());
    let short = share_estimate(
        ratio(0, &|g| (g.answered - g.complete).into(), &|g| {
            g.answered.into()
        }),
        n,
    );
    let incidents = mean_estimate(&series(0, &|g| g.incidents.into()));
    assert_same(
        "within_standard",
        est(s.within_standard, s.within_standard_ci95),
        within,
    );
    assert_close("response mean", s.response_s.mean, response.mean);
    assert_eq!(
        s.response_s.ci95.map(|c| c.map(|v| (v * 1e6).round())),
        response.ci95.map(|c| c.map(|v| (v * 1e6).round())),
        "response CI"
    );
    assert_same("queued", est(s.queued, s.queued_ci95), queued);
    assert_same("queue wait", s.queue_wait_s, wait);
    assert_same("full complement", s.full_complement_s, full);
    assert_same(
        "short of units",
        est(s.short_of_units, s.short_of_units_ci95),
        short,
    );
    assert_close("incidents", s.incidents, incidents.mean);
    for (t, (name, block)) in s.by_type.iter().enumerate() {
        let g = out.layout.of_type(t);
        let w = ratio(g, &|g| g.within_standard.into(), &|g| g.incidents.into());
        assert_close(name, block.within_standard, w.mean);
    }
    for (u, unit) in s.units.iter().enumerate() {
        let busy: Vec<f64> = out
            .tallies
            .iter()
            .map(|t| t.busy_s[u] / model.horizon_s)
            .collect();
        let e = share_estimate(mean_estimate(&busy), busy.len());
        assert_same(&unit.id, est(unit.utilization, unit.utilization_ci95), e);
    }
}

/// A reported share or mean with its interval, as an estimate.
fn est(mean: f64, ci95: Option<[f64; 2]>) -> Estimate {
    Estimate { mean, ci95 }
}

#[test]
fn streaming_equals_stored_tallies_on_liangping_2020() {
    check_against_stored("scenarios/liangping-2020.toml");
}

#[test]
fn streaming_equals_stored_tallies_on_the_2025_plan() {
    check_against_stored("scenarios/liangping-2025-plan.toml");
}

#[test]
fn summaries_do_not_depend_on_the_thread_count() {
    // 70 replications: three parts, the last one short
    let json = |threads| {
        let (out, _) = run_keeping("scenarios/liangping-2020.toml", 70, Some(threads));
        serde_json::to_string(&out.summary).expect("serialises")
    };
    let one = json(1);
    assert_eq!(one, json(2));
    assert_eq!(one, json(3));
}

#[test]
fn constant_responses_give_exact_percentiles() {
    // travel 840 s + turnout 60 s when a unit is free, mutual aid after
    // exactly 900 s when not: every response is 900 s
    let text = r#"
[scenario]
name = "every response 900 s"
[standard]
turnout_s = 60
travel_s = 840
[network]
nodes = [ { id = "s", lon = 107.0, lat = 30.0 }, { id = "p", lon = 107.05, lat = 30.0 } ]
edges = [ { from = "s", to = "p", time_s = 840 } ]
[[stations]]
id = "only"
at = "s"
turnout_s = 60
units = [ { kind = "engine", count = 1 } ]
[incident_types.call]
service = { dist = "exponential", mean_s = 1800 }
dispatch = [ { kind = "engine" } ]
[demand]
mode = "poisson"
per_year = { call = 2000 }
points = [ { at = "p" } ]
[simulation]
years = 1.0
replications = 10
seed = 1
when_all_busy = { mutual_aid_delay_s = 900 }
"#;
    let s = common::parse(text);
    let summary = common::run(&s, 10, 3, None);
    assert!(summary.mutual_aid > 0.1, "both kinds of answer occur");
    let r = &summary.response_s;
    assert_eq!((r.p50, r.p90, r.p95), (900.0, 900.0, 900.0));
    assert_eq!(r.p90_ci95, Some([900.0, 900.0]));
}

/// Exact 90th percentile of the M/M/1 wait in queue: P(W > t) = ρ e^{−(μ−λ)t}.
fn mm1_wait_p90(lambda: f64, mu: f64) -> f64 {
    (10.0 * lambda / mu).ln() / (mu - lambda)
}

#[test]
fn p90_interval_covers_the_exact_mm1_percentile() {
    // one unit at the incidents' node, no turnout: the response is the wait
    let mean_s = 3600.0;
    let per_year = 0.6 * firecover::scenario::SECONDS_PER_YEAR / mean_s;
    let text = common::single_station(1, per_year, mean_s, 2.0, "\"queue\"");
    let s = common::parse(&text);
    let truth = mm1_wait_p90(
        per_year / firecover::scenario::SECONDS_PER_YEAR,
        1.0 / mean_s,
    );
    let mut covered = 0;
    let seeds = 1..=10;
    for seed in seeds.clone() {
        let summary = common::run(&s, 40, seed, None);
        let [lo, hi] = summary.response_s.p90_ci95.expect("an interval");
        assert!(lo < summary.response_s.p90 && summary.response_s.p90 < hi);
        // the interval is informative: within 10 % of the truth
        assert!(hi - lo < 0.2 * truth, "{lo}..{hi} around {truth}");
        covered += u32::from(lo <= truth && truth <= hi);
    }
    // at 95 % coverage, 8 or more of 10 happens with probability 0.99
    assert!(covered >= 8, "covered {covered} of {}", seeds.count());
}

#[test]
fn a_single_replication_reports_no_intervals() {
    let s = common::parse(&common::single_station(1, 500.0, 1800.0, 1.0, "\"queue\""));
    let summary = common::run(&s, 1, 9, None);
    assert!(summary.response_s.p90.is_finite());
    assert_eq!(summary.response_s.ci95, None);
    assert_eq!(summary.response_s.p90_ci95, None);
    assert_eq!(summary.short_of_units_ci95, None);
    assert_eq!(summary.mutual_aid_ci95, None);
    assert_eq!(summary.within_standard_ci95, None);
}
