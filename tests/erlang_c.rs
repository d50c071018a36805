//! One station, c units, Poisson arrivals, exponential service, no travel:
//! the engine is an M/M/c queue, so the share that waits and the mean wait
//! must match Erlang C within the run's 95 % confidence interval.

mod common;

/// Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ.
fn erlang_c(c: u32, a: f64) -> f64 {
    let mut term = 1.0; // a^k / k!
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    let top = term * f64::from(c) / (f64::from(c) - a);
    top / (sum + top)
}

fn check(c: u32, load: f64) {
    let mean_s = 3600.0;
    let per_year = load / mean_s * firecover::scenario::SECONDS_PER_YEAR;
    let text = common::single_station(c, per_year, mean_s, 4.0, "\"queue\"");
    let scenario = common::parse(&text);
    let summary = common::run(&scenario, 40, 2024, None);

    let p_wait = erlang_c(c, load);
    let lambda = load / mean_s;
    let mean_wait = p_wait / (f64::from(c) / mean_s - lambda);

    let [lo, hi] = summary.queued_ci95.unwrap();
    assert!(
        lo <= p_wait && p_wait <= hi,
        "c={c} a={load}: P(wait) {p_wait:.4} outside [{lo:.4}, {hi:.4}]"
    );
    let [lo, hi] = summary.queue_wait_s.ci95.unwrap();
    assert!(
        lo <= mean_wait && mean_wait <= hi,
        "c={c} a={load}: Wq {mean_wait:.1} s outside [{lo:.1}, {hi:.1}]"
    );
    // the intervals must be informative, not trivially wide
    assert!(
        hi - lo < 0.2 * mean_wait,
        "c={c} a={load}: CI too wide: [{lo}, {hi}]"
    );
    // the response time is wait + service start: no travel, no turnout
    assert!((summary.response_s.mean - summary.queue_wait_s.mean).abs() < 1e-6);
}

#[test]
fn erlang_c_two_units_load_1_2() {
    check(2, 1.2);
}

#[test]
fn erlang_c_three_units_load_2_4() {
    check(3, 2.4);
}

#[test]
fn erlang_c_formula_sanity() {
    // M/M/1: P(wait) = ρ
    assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
    // tabulated: c = 2, a = 1 → 1/3
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
}
