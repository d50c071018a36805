//! The discrete-event core: alarm → dispatch → arrival on scene → clear →
//! back at station, for every unit, over one replication.
//!
//! State lives in `Vec`s indexed by dense ids inside a reusable [`Workspace`];
//! after the first replication nothing in the loop allocates, hashes or
//! touches strings. Travel times are fixed, so a unit's arrival is recorded
//! when it is sent; the only events are crews clearing and units getting
//! home, one pending per busy unit ([`EventSet`]). Events at equal times run
//! in unit order; an alarm at the same instant as an event runs after it.
//! An incident is over when the first crew on scene clears; units still
//! awaited for it are then no longer sent.

mod events;
mod waiting;

use rand::Rng;

pub use crate::model::TravelNoise;
pub use events::EventSet;
use waiting::WaitingQueue;

use crate::demand::{Alarm, AlarmSort};
use crate::dispatch;
use crate::ids::{PointId, UnitId};
use crate::model::Model;
use crate::scenario::WhenAllBusy;

/// `first_unit` of an incident answered first by mutual aid.
pub const MUTUAL_AID: u32 = u32::MAX;
/// `first_unit` of an incident nobody reached.
pub const NO_UNIT: u32 = u32::MAX - 1;

/// What happened to one incident.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IncidentRecord {
    /// The alarm.
    pub alarm: Alarm,
    /// No unit can ever reach the place (and come back).
    pub unreachable: bool,
    /// At least one of its units had to wait for a unit to come free.
    pub queued: bool,
    /// At least one slot was filled by mutual aid.
    pub mutual_aid: bool,
    /// Seconds from the alarm to the first dispatch order (0 when a unit was free).
    pub wait_s: f64,
    /// Seconds from the alarm to the first arrival (waiting + turnout + travel).
    pub response_s: f64,
    /// Seconds from the alarm to the arrival of the last unit that came.
    pub full_complement_s: f64,
    /// Every unit the rule asks for arrived (false when some could never
    /// reach the place, or were still awaited when the incident was over).
    pub complete: bool,
    /// Travel seconds of the first arriving unit (NaN for mutual aid).
    pub travel_s: f64,
    /// First arriving unit, [`MUTUAL_AID`] or [`NO_UNIT`].
    pub first_unit: u32,
}

/// What a busy unit does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// On its way or on scene: its crew clears at the scheduled time.
    Clearing,
    /// Driving home: available at the scheduled time.
    Returning,
}

/// Per-unit activity totals of one replication.
#[derive(Clone, Debug, Default)]
pub struct UnitActivity {
    /// Times dispatched, per unit.
    pub dispatches: Vec<u32>,
    /// Seconds from dispatch to back at station, per unit.
    pub busy_s: Vec<f64>,
}

/// A busy unit: the incident it serves, what it does next and since when
/// it has been away. Kept together, since the engine reads them together.
#[derive(Clone, Copy, Debug)]
struct BusyUnit {
    busy_since: f64,
    incident: u32,
    phase: Phase,
}

impl BusyUnit {
    const IDLE: BusyUnit = BusyUnit {
        busy_since: 0.0,
        incident: 0,
        phase: Phase::Clearing,
    };
}

/// What the engine tracks of an incident besides its record.
#[derive(Clone, Copy, Debug)]
struct IncidentState {
    /// Its on-scene time, seconds.
    service_s: f64,
    /// Units still awaited (0 once nothing more will be sent).
    outstanding: u16,
    /// The first crew on scene has cleared.
    over: bool,
}

impl IncidentState {
    const NEW: IncidentState = IncidentState {
        service_s: 0.0,
        outstanding: 0,
        over: false,
    };
}

/// Reusable buffers for replications; one per worker.
#[derive(Debug, Default)]
pub struct Workspace {
    /// The replication's alarms, sorted by time (filled by the demand model).
    pub alarms: Vec<Alarm>,
    /// One record per alarm, in alarm order.
    pub records: Vec<IncidentRecord>,
    /// Per-unit totals.
    pub units: UnitActivity,
    /// Buffers of the demand model's sort of replayed alarms.
    pub alarm_sort: AlarmSort,
    /// This replication's key of the travel-time noise (see
    /// [`TravelNoise::multiplier`]); unused without noise.
    pub travel_key: u64,
    /// Per alarm, units sent to it so far (each one's trips are numbered).
    sent_count: Vec<u16>,
    /// Per unit, its place in the order units were sent to its incident.
    unit_trip: Vec<u16>,
    events: EventSet,
    /// Per unit, whether it is at station and free (dispatch scans these).
    free: Vec<bool>,
    /// Per unit, what it is doing while busy.
    busy: Vec<BusyUnit>,
    /// Per alarm, the state of its incident.
    incidents: Vec<IncidentState>,
    open_slots: Vec<u16>,
    waiting: WaitingQueue,
    /// Units sent to the alarm being handled, with the time their crews
    /// clear: their next event waits until it is known whether the incident
    /// still waits for more.
    sent: Vec<(u32, f64)>,
}

impl Workspace {
    /// An empty workspace; buffers grow on first use and are then reused.
    pub fn new() -> Workspace {
        Workspace::default()
    }

    fn reset(&mut self, model: &Model) {
        let n_units = model.unit_count();
        let n = self.alarms.len();
        self.records.clear();
        self.records.reserve(n);
        self.events.reset(n_units);
        self.free.clear();
        self.free.resize(n_units, true);
        self.busy.clear();
        self.busy.resize(n_units, BusyUnit::IDLE);
        self.units.dispatches.clear();
        self.units.dispatches.resize(n_units, 0);
        self.units.busy_s.clear();
        self.units.busy_s.resize(n_units, 0.0);
        self.incidents.clear();
        self.incidents.resize(n, IncidentState::NEW);
        self.open_slots.clear();
        self.open_slots.resize(n * model.max_requirements, 0);
        // trips are numbered only for travel noise
        self.sent_count.clear();
        self.unit_trip.clear();
        if model.noisy {
            self.sent_count.resize(n, 0);
            self.unit_trip.resize(n_units, 0);
        }
        self.waiting.clear();
        self.sent.clear();
    }
}

/// Runs one replication over `ws.alarms`, drawing on-scene times from
/// `service_rng` (one draw per alarm, in alarm order, so the draws line up
/// across scenarios). Results are left in `ws.records` and `ws.units`.
/// Never inlined, so that the engine's loop compiles alike whatever calls
/// it (as `Replicator::replicate`).
#[inline(never)]
pub fn run_replication<R: Rng + ?Sized>(model: &Model, service_rng: &mut R, ws: &mut Workspace) {
    ws.reset(model);
    for i in 0..ws.alarms.len() {
        let alarm_bits = ws.alarms[i].time_s.to_bits();
        // events due no later than the alarm go first
        while let Some((time, unit)) = ws.events.peek() {
            if time.to_bits() > alarm_bits {
                break;
            }
            handle_event(model, ws, time, unit);
        }
        handle_alarm(model, service_rng, ws, i);
    }
    while let Some((time, unit)) = ws.events.peek() {
        handle_event(model, ws, time, unit);
    }
}

fn handle_alarm<R: Rng + ?Sized>(model: &Model, rng: &mut R, ws: &mut Workspace, i: usize) {
    let alarm = ws.alarms[i];
    let now = alarm.time_s;
    let t = alarm.incident_type as usize;
    let point = PointId(alarm.point);
    let drawn = model.types[t].service.sample(rng);
    // a record's own on-scene time replaces the draw (drawn all the same,
    // so the draws of later alarms line up across scenarios)
    ws.incidents[i].service_s = match model.recorded_on_scene_s.get(point.index()) {
        Some(&recorded) if !recorded.is_nan() => recorded,
        _ => drawn,
    };
    let reachable = model.reachable(t, point);
    ws.records.push(IncidentRecord {
        alarm,
        unreachable: !reachable,
        queued: false,
        mutual_aid: false,
        wait_s: f64::NAN,
        response_s: f64::NAN,
        full_complement_s: f64::NAN,
        complete: reachable,
        travel_s: f64::NAN,
        first_unit: NO_UNIT,
    });
    if !reachable {
        return;
    }
    let base = i * model.max_requirements;
    let mut outstanding = 0u16;
    for (r, req) in model.types[t].requirements.iter().enumerate() {
        let mut need = model.fillable(t, r, point);
        if need < req.count {
            ws.records[i].complete = false;
        }
        while need > 0 {
            match dispatch::nearest_free(model, &ws.free, req, point) {
                Some(u) => {
                    let clears_at = assign(model, ws, u, i, now);
                    ws.sent.push((u.0, clears_at));
                    need -= 1;
                }
                None => break,
            }
        }
        ws.open_slots[base + r] = need;
        outstanding += need;
    }
    if outstanding > 0 {
        handle_shortfall(model, ws, i, outstanding);
    }
    for k in 0..ws.sent.len() {
        let (u, clears_at) = ws.sent[k];
        schedule_next(model, ws, u, i, clears_at);
    }
    ws.sent.clear();
}

/// Some unit the rule asks for is busy: the incident waits (FCFS queue)
/// or mutual aid answers instead.
fn handle_shortfall(model: &Model, ws: &mut Workspace, i: usize, outstanding: u16) {
    let base = i * model.max_requirements;
    ws.records[i].queued = matches!(model.when_all_busy, WhenAllBusy::Queue);
    match model.when_all_busy {
        WhenAllBusy::Queue => {
            ws.incidents[i].outstanding = outstanding;
            ws.waiting.push(i as u32);
        }
        WhenAllBusy::MutualAid { delay_s } => {
            ws.records[i].mutual_aid = true;
            if ws.records[i].wait_s.is_nan() {
                ws.records[i].wait_s = 0.0;
            }
            // outside help has no crew of ours to follow: only its arrival counts
            record_arrival(&mut ws.records[i], delay_s, MUTUAL_AID, f64::NAN);
            for r in 0..model.max_requirements {
                ws.open_slots[base + r] = 0;
            }
        }
    }
}

/// Sends `unit` to incident `i` at `now`. Its arrival is known at once
/// (travel times are fixed), so it is recorded now; returns when the crew
/// clears, one on-scene time after arriving (see [`schedule_next`]).
#[inline(always)]
fn assign(model: &Model, ws: &mut Workspace, unit: UnitId, i: usize, now: f64) -> f64 {
    let u = unit.index();
    ws.free[u] = false;
    ws.busy[u] = BusyUnit {
        busy_since: now,
        incident: i as u32,
        phase: ws.busy[u].phase,
    };
    ws.units.dispatches[u] += 1;
    let alarm = ws.alarms[i];
    let point = PointId(alarm.point);
    let mut travel = model.travel_out_s(model.station_of(unit), point);
    let mut turnout = model.turnout_s(unit, point);
    // dispatch chose by the expected times; the crew and the trip take their own
    if model.noisy {
        (turnout, travel) = noisy_dispatch(model, ws, u, i, travel);
    }
    let arrive = now + turnout + travel;
    // from the alarm: the wait, then turnout and travel (exact when no wait)
    let since_alarm = (now - alarm.time_s) + (turnout + travel);
    let record = &mut ws.records[i];
    // the first dispatch order ends the wait
    if record.wait_s.is_nan() {
        record.wait_s = now - alarm.time_s;
    }
    record_arrival(record, since_alarm, unit.0, travel);
    arrive + ws.incidents[i].service_s
}

/// Schedules the next event of `unit`, just sent to incident `i`. While the
/// incident still waits for units, its crew's clearing matters (the first
/// to clear ends the wait); once nothing more will be sent it changes
/// nothing, so the unit is scheduled straight for its return home, at the
/// same time the clearing would have set.
#[inline(always)]
fn schedule_next(model: &Model, ws: &mut Workspace, unit: u32, i: usize, clears_at: f64) {
    let u = unit as usize;
    if ws.incidents[i].outstanding > 0 {
        ws.busy[u].phase = Phase::Clearing;
        ws.events.schedule(unit, clears_at);
    } else {
        let back = travel_home_s(model, ws, unit, i);
        ws.busy[u].phase = Phase::Returning;
        ws.events.schedule(unit, clears_at + back);
    }
}

/// Seconds `unit` takes from incident `i` back to its station: the road
/// network's time, times its return trip's noise.
#[inline]
fn travel_home_s(model: &Model, ws: &Workspace, unit: u32, i: usize) -> f64 {
    let point = PointId(ws.alarms[i].point);
    let back = model.travel_back_s(model.station_of(UnitId(unit)), point);
    match &model.travel_noise {
        Some(noise) => noisy_trip_back(model, noise, ws, unit as usize, i, back),
        None => back,
    }
}

/// The turnout and outward trip of the next unit sent to incident `i`
/// when some are random: numbers the dispatch and draws its turnout and
/// travel multipliers. Out of line, so that runs without noise keep the
/// engine's loop as it was.
#[inline(never)]
fn noisy_dispatch(
    model: &Model,
    ws: &mut Workspace,
    u: usize,
    i: usize,
    expected: f64,
) -> (f64, f64) {
    let k = ws.sent_count[i];
    ws.sent_count[i] = k.saturating_add(1);
    ws.unit_trip[u] = k;
    let (unit, point) = (UnitId(u as u32), PointId(ws.alarms[i].point));
    let turnout = model.drawn_turnout_s(unit, point, (ws.travel_key, i as u32, u32::from(k)));
    let travel = match &model.travel_noise {
        Some(noise) => {
            let trip = (ws.travel_key, i as u32, 2 * u32::from(k));
            expected * model.trip_multiplier(noise, model.station_of(unit), point, false, trip)
        }
        None => expected,
    };
    (turnout, travel)
}

/// The return trip of unit `u` from incident `i` with noise.
#[inline(never)]
fn noisy_trip_back(
    model: &Model,
    noise: &crate::model::TripNoise,
    ws: &Workspace,
    u: usize,
    i: usize,
    expected: f64,
) -> f64 {
    let k = u32::from(ws.unit_trip[u]);
    let (station, point) = (
        model.station_of(UnitId(u as u32)),
        PointId(ws.alarms[i].point),
    );
    let trip = (ws.travel_key, i as u32, 2 * k + 1);
    expected * model.trip_multiplier(noise, station, point, true, trip)
}

/// Notes an arrival `since_alarm` seconds after the alarm. Arrivals are
/// recorded in the order units were sent, so on a tie the unit sent first
/// counts as first.
fn record_arrival(rec: &mut IncidentRecord, since_alarm: f64, unit: u32, travel_s: f64) {
    if rec.first_unit == NO_UNIT || since_alarm < rec.response_s {
        rec.first_unit = unit;
        rec.response_s = since_alarm;
        rec.travel_s = travel_s;
    }
    if rec.full_complement_s.is_nan() || since_alarm > rec.full_complement_s {
        rec.full_complement_s = since_alarm;
    }
}

/// The unit's pending event at `now`: its crew clears, or it is home.
/// Inlined into the engine's loop, where the event set's update inlines
/// too: 2.2–2.3 % fewer instructions per replication than a call.
#[inline(always)]
fn handle_event(model: &Model, ws: &mut Workspace, now: f64, unit: u32) {
    let u = unit as usize;
    let busy = ws.busy[u];
    match busy.phase {
        Phase::Clearing => {
            let i = busy.incident as usize;
            if !ws.incidents[i].over {
                incident_over(model, ws, i);
            }
            let home = now + travel_home_s(model, ws, unit, i);
            ws.busy[u].phase = Phase::Returning;
            ws.events.schedule(unit, home);
        }
        Phase::Returning => {
            ws.free[u] = true;
            ws.units.busy_s[u] += now - busy.busy_since;
            // checked here, so that the common case (nobody waits) makes
            // no call
            if ws.waiting.is_empty() || !take_oldest_waiting(model, ws, UnitId(unit), now) {
                ws.events.cancel(unit);
            }
        }
    }
}

/// The first crew on scene has finished: the incident is over, and units
/// still awaited for it are no longer needed.
fn incident_over(model: &Model, ws: &mut Workspace, i: usize) {
    let incident = &mut ws.incidents[i];
    incident.over = true;
    if incident.outstanding == 0 {
        return;
    }
    incident.outstanding = 0;
    let base = i * model.max_requirements;
    ws.open_slots[base..base + model.max_requirements].fill(0);
    ws.waiting.remove_incident(i as u32);
    ws.records[i].complete = false;
}

/// A freed unit takes the oldest waiting incident it can serve (FCFS),
/// if it is crewed now; false when none needs it. Its caller checks first
/// that some incident waits (an empty queue also gives false).
fn take_oldest_waiting(model: &Model, ws: &mut Workspace, unit: UnitId, now: f64) -> bool {
    if !model.staffed_at(unit, now) {
        return false;
    }
    let found = ws
        .waiting
        .as_slice()
        .iter()
        .enumerate()
        .find_map(|(q, &i)| {
            let i = i as usize;
            let alarm = &ws.alarms[i];
            let base = i * model.max_requirements;
            let open = &ws.open_slots[base..base + model.max_requirements];
            dispatch::slot_for_freed_unit(
                model,
                alarm.incident_type as usize,
                PointId(alarm.point),
                open,
                unit,
            )
            .map(|r| (q, i, r))
        });
    let Some((q, i, r)) = found else {
        return false;
    };
    ws.open_slots[i * model.max_requirements + r] -= 1;
    ws.incidents[i].outstanding -= 1;
    if ws.incidents[i].outstanding == 0 {
        ws.waiting.remove(q);
    }
    let clears_at = assign(model, ws, unit, i, now);
    schedule_next(model, ws, unit.0, i, clears_at);
    true
}
