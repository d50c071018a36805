//! The event core on hand-made alarms whose outcome can be worked out on paper.

mod common;

use firecover::demand::Alarm;
use firecover::engine::{MUTUAL_AID, Workspace, run_replication};
use firecover::model::Model;
use rand::SeedableRng;

/// Two nodes 60 s apart; station `near` at `a` with one engine (turnout 30 s),
/// station `far` at `b` with one engine and one rescue (turnout 0 s). Fixed
/// service times make every outcome exact.
fn scenario(busy: &str, rescue_choose: &str) -> String {
    format!(
        r#"
[scenario]
name = "paper"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [ {{ id = "a", lon = 107.0, lat = 30.0 }}, {{ id = "b", lon = 107.01, lat = 30.0 }} ]
edges = [ {{ from = "a", to = "b", time_s = 60 }} ]
[[stations]]
id = "near"
at = "a"
turnout_s = 30
units = [ {{ kind = "engine", count = 1 }} ]
[[stations]]
id = "far"
at = "b"
turnout_s = 0
units = [ {{ kind = "engine", count = 1 }}, {{ kind = "rescue", count = 1 }} ]
[incident_types.fire]
service = {{ dist = "fixed", value_s = 100 }}
dispatch = [ {{ kind = "engine", count = 2 }} ]
[incident_types.rescue]
service = {{ dist = "fixed", value_s = 100 }}
dispatch = [ {{ kind = "rescue", or = ["engine"], choose = "{rescue_choose}" }} ]
[incident_types.small]
service = {{ dist = "fixed", value_s = 1000 }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
mode = "poisson"
per_year = {{ fire = 1, rescue = 1, small = 1 }}
points = [ {{ at = "a" }}, {{ at = "b" }} ]
[simulation]
years = 1
replications = 1
seed = 1
when_all_busy = {busy}
"#
    )
}

/// Simulates hand-made alarms `(time, type name, point)`.
fn simulate(text: &str, alarms: &[(f64, &str, u32)]) -> (Model, Workspace) {
    let s = common::parse(text);
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    ws.alarms = alarms
        .iter()
        .map(|&(time_s, name, point)| Alarm {
            time_s,
            incident_type: s
                .incident_types
                .iter()
                .position(|t| t.name == name)
                .unwrap() as u16,
            point,
            year: 0,
        })
        .collect();
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(0);
    run_replication(&model, &mut rng, &mut ws);
    (model, ws)
}

#[test]
fn two_engines_first_arrival_and_full_complement() {
    // fire at b: far engine (0 + 0 s) arrives at once, near engine after 30 + 60 s
    let (_, ws) = simulate(&scenario("\"queue\"", "in_order"), &[(0.0, "fire", 1)]);
    let r = ws.records[0];
    assert_eq!(r.response_s, 0.0);
    assert_eq!(r.full_complement_s, 90.0);
    assert_eq!(r.first_unit, 1, "the far engine (unit 1) is first");
    assert_eq!(r.wait_s, 0.0);
    // both engines busy from 0: near one until 90 + 100 + 60 = 250, far one until 100
    assert_eq!(ws.units.busy_s[0], 250.0);
    assert_eq!(ws.units.busy_s[1], 100.0);
}

#[test]
fn fcfs_queue_oldest_first() {
    // three 'small' calls at b, each needing one engine for 1000 s
    let (_, ws) = simulate(
        &scenario("\"queue\"", "in_order"),
        &[
            (0.0, "small", 1),
            (10.0, "small", 1),
            (20.0, "small", 1),
            (30.0, "small", 1),
        ],
    );
    let r: Vec<_> = ws
        .records
        .iter()
        .map(|r| (r.wait_s, r.response_s, r.first_unit, r.queued))
        .collect();
    // far engine (unit 1) takes call 0: busy 0..1000; near engine (unit 0) call 1: 10 + 30 + 60 = 100,
    // on scene until 1100, back at 1160
    assert_eq!(r[0], (0.0, 0.0, 1, false));
    assert_eq!(r[1], (0.0, 90.0, 0, false));
    // call 2 (oldest waiting) gets the far engine when it is free at 1000
    assert_eq!(r[2], (980.0, 980.0, 1, true));
    // call 3 gets the near engine back at 1160: 1160 + 90 - 30
    assert_eq!(r[3], (1130.0, 1220.0, 0, true));
}

#[test]
fn a_freed_unit_skips_waiting_incidents_it_cannot_serve() {
    // rescue vehicle and both engines busy; then a rescue call (only the
    // rescue vehicle or an engine can take it) and a small call (engine only)
    let text = scenario("\"queue\"", "in_order");
    let (_, ws) = simulate(
        &text,
        &[
            (0.0, "fire", 1),
            (1.0, "rescue", 1),
            (2.0, "rescue", 1),
            (3.0, "small", 1),
        ],
    );
    // far engine frees first (at 100); the oldest waiting call is rescue #2, which an engine may take
    assert_eq!(ws.records[2].first_unit, 1);
    assert_eq!(ws.records[2].wait_s, 98.0);
    // the rescue vehicle is back at 101 but cannot take the small call (engine
    // only); the far engine, back from rescue #2 at 200, takes it
    assert_eq!(ws.records[3].first_unit, 1);
    assert_eq!(ws.records[3].wait_s, 197.0);
}

#[test]
fn fallback_in_order_versus_nearest() {
    // rescue at a: the rescue vehicle is at b (60 s away), the near engine at a (30 s turnout)
    let (_, ws) = simulate(&scenario("\"queue\"", "in_order"), &[(0.0, "rescue", 0)]);
    assert_eq!(
        ws.records[0].first_unit, 2,
        "in order: the rescue vehicle, though farther"
    );
    assert_eq!(ws.records[0].response_s, 60.0);
    let (_, ws) = simulate(&scenario("\"queue\"", "nearest"), &[(0.0, "rescue", 0)]);
    assert_eq!(ws.records[0].first_unit, 0, "nearest: the engine at a");
    assert_eq!(ws.records[0].response_s, 30.0);
}

#[test]
fn mutual_aid_after_the_delay() {
    let (_, ws) = simulate(
        &scenario("{ mutual_aid_delay_s = 900 }", "in_order"),
        &[(0.0, "small", 1), (5.0, "small", 1), (6.0, "small", 1)],
    );
    let third = ws.records[2];
    assert!(third.mutual_aid && !third.queued);
    assert_eq!(third.first_unit, MUTUAL_AID);
    assert_eq!(third.response_s, 900.0);
    assert_eq!(third.wait_s, 0.0);
    assert!(third.travel_s.is_nan());
    // a fire with one engine free gets it now and the second engine from outside
    let (_, ws) = simulate(
        &scenario("{ mutual_aid_delay_s = 900 }", "in_order"),
        &[(0.0, "small", 1), (10.0, "fire", 1)],
    );
    let fire = ws.records[1];
    assert_eq!(fire.first_unit, 0);
    assert_eq!(
        fire.response_s, 90.0,
        "near engine: 30 s turnout + 60 s travel"
    );
    assert_eq!(fire.full_complement_s, 900.0);
    assert!(fire.mutual_aid);
}

#[test]
fn events_at_equal_times_keep_their_order() {
    // two calls at the same instant: the first listed gets the nearer unit
    let (_, ws) = simulate(
        &scenario("\"queue\"", "in_order"),
        &[(0.0, "small", 1), (0.0, "small", 1)],
    );
    assert_eq!(ws.records[0].first_unit, 1);
    assert_eq!(ws.records[1].first_unit, 0);
}

#[test]
fn units_still_awaited_when_the_incident_is_over_are_not_sent() {
    // the far engine is busy with a long call; a fire at b gets the near engine
    // (arrives 1 + 90 = 91, clears at 191); its second engine is never sent
    let (_, ws) = simulate(
        &scenario("\"queue\"", "in_order"),
        &[(0.0, "small", 1), (1.0, "fire", 1)],
    );
    let fire = ws.records[1];
    assert_eq!(fire.first_unit, 0);
    assert_eq!(fire.response_s, 90.0);
    assert_eq!(fire.full_complement_s, 90.0, "only one engine came");
    assert!(fire.queued && !fire.complete);
    assert_eq!(
        ws.units.dispatches,
        vec![1, 1, 0],
        "the far engine went only to its own call"
    );
    // a complete incident is marked so
    let (_, ws) = simulate(&scenario("\"queue\"", "in_order"), &[(0.0, "fire", 1)]);
    assert!(ws.records[0].complete);
}
