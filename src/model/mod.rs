//! The compiled model the engine runs on: dense ids, travel-time tables,
//! sorted candidate lists and pre-built samplers. Built once per run.

mod travel_noise;
pub use travel_noise::TravelNoise;

use thiserror::Error;

use crate::demand::{DemandModel, ServiceSampler};
use crate::ids::{PointId, StationId, UnitId};
use crate::scenario::{Scenario, WhenAllBusy};

/// Trip numbers of turnout draws in the noise stream (travel uses 2k and
/// 2k + 1 below it).
const TURNOUT_TRIPS: u32 = 1 << 31;

/// [`Model::point_setting`] of a point without a setting.
pub const NO_SETTING: u32 = u32::MAX;

/// Why a validated scenario could not be compiled.
#[derive(Debug, Error)]
pub enum CompileError {
    /// A service-time distribution rand_distr rejects.
    #[error("incident type `{incident_type}`: service time: {reason}")]
    Service {
        /// Incident type name.
        incident_type: String,
        /// rand_distr's reason.
        reason: String,
    },
    /// Demand weights or rates rand_distr rejects.
    #[error("demand: {0}")]
    Demand(String),
}

/// One line of a dispatch rule, compiled.
#[derive(Clone, Debug)]
pub struct RequirementModel {
    /// Accepted unit kinds, preferred first.
    pub kinds: Vec<u16>,
    /// Units needed.
    pub count: u16,
    /// Nearest free unit of any listed kind, instead of kind by kind.
    pub nearest_of_any: bool,
}

/// An incident type, compiled.
#[derive(Clone, Debug)]
pub struct TypeModel {
    /// On-scene time sampler.
    pub service: ServiceSampler,
    /// Dispatch rule.
    pub requirements: Vec<RequirementModel>,
}

/// Everything the engine needs, in flat arrays indexed by dense ids.
#[derive(Clone, Debug)]
pub struct Model {
    /// Home station of each unit.
    pub unit_station: Vec<u32>,
    /// Kind of each unit.
    pub unit_kind: Vec<u16>,
    /// Turnout seconds of each unit in each window of the day,
    /// `[window * units + unit]`: its station's, or its shift's.
    unit_turnout_s: Vec<f64>,
    /// Whether each unit is crewed in each window, same layout; empty when
    /// no station has shifts (every unit always is).
    unit_staffed: Vec<bool>,
    /// The σ of each unit's lognormal turnout in each window, same layout;
    /// empty when every turnout is fixed.
    unit_turnout_sigma: Vec<f64>,
    /// Some trip or turnout is random: dispatches are numbered and drawn
    /// from the replication's noise key.
    pub noisy: bool,
    /// Window of the day of each hour (see [`crate::scenario::DayWindows`]).
    window_of_hour: [u8; 24],
    /// Number of demand points.
    pub point_count: usize,
    /// Number of stations.
    pub station_count: usize,
    /// Number of unit kinds.
    pub kind_count: usize,
    /// Zone of each demand point.
    pub point_zone: Vec<u32>,
    /// Setting of each demand point ([`NO_SETTING`] when the scenario has none).
    pub point_setting: Vec<u32>,
    /// Number of settings.
    pub setting_count: usize,
    /// Incident types.
    pub types: Vec<TypeModel>,
    /// Most requirements any type has.
    pub max_requirements: usize,
    /// Travel seconds station → point, `[point * station_count + station]`:
    /// point-major, so one incident's lookups share a cache line or two.
    travel_out_s: Vec<f64>,
    /// Travel seconds point → station, same layout.
    travel_back_s: Vec<f64>,
    /// Per (point, kind): serving units sorted by turnout + travel.
    candidate_offsets: Vec<u32>,
    candidates: Vec<u32>,
    /// Per (point, type, requirement): units that can ever fill it, capped at its count.
    fillable: Vec<u16>,
    /// Per (point, type): whether any unit can ever answer.
    reachable: Vec<bool>,
    /// Incident generation.
    pub demand: DemandModel,
    /// Standard: seconds from dispatch order to arrival.
    pub response_limit_s: f64,
    /// Per point: the limit its alarms are judged by (its setting's, when
    /// `[standard.by_setting]` gives one).
    pub point_limit_s: Vec<f64>,
    /// Busy policy.
    pub when_all_busy: WhenAllBusy,
    /// Simulated seconds per replication.
    pub horizon_s: f64,
    /// Years the alarms are reported by.
    pub year_count: usize,
    /// Per point, the on-scene seconds an alarm record gives (NaN where it
    /// gives none); empty unless some record does.
    pub recorded_on_scene_s: Vec<f64>,
    /// Lognormal travel-time noise (`[simulation] travel_cv`,
    /// `travel_cv_by_class`); `None`: every trip takes the road network's
    /// time.
    pub travel_noise: Option<TripNoise>,
    /// Results are tallied by hour of the day too: the scenario varies by
    /// time of day (a demand profile, speed windows).
    pub by_hour_of_day: bool,
    /// Copies of the demand points in the tables: one per window of the
    /// day (speed windows and station shifts; 1 without). An alarm's point
    /// is `w * point_count + p` for demand point `p` in window `w`: the
    /// demand model sets it from the alarm's hour, and every per-point
    /// table, the zone, setting and limit included, holds a copy per
    /// window. Candidate lists leave out the units not crewed in it.
    pub window_count: usize,
}

/// How trips' times vary.
#[derive(Clone, Debug)]
pub enum TripNoise {
    /// One lognormal for every trip (`[simulation] travel_cv`).
    Uniform(TravelNoise),
    /// Each trip's own lognormal σ, from its path's mix of road classes
    /// (`travel_cv_by_class`), station → point and point → station, laid
    /// out as the travel tables.
    ByPath {
        /// Outward trips.
        sigma_out: Vec<f64>,
        /// Trips home.
        sigma_back: Vec<f64>,
    },
}

/// A per-point table repeated for every speed window's copy of the points.
fn per_window<T: Clone>(values: impl Iterator<Item = T>, window_count: usize) -> Vec<T> {
    let one: Vec<T> = values.collect();
    let mut all = Vec::with_capacity(one.len() * window_count);
    for _ in 0..window_count {
        all.extend_from_slice(&one);
    }
    all
}

/// Forward and backward adjacency of `network` with every edge's time
/// divided by its class's factor in `window`.
fn scaled_network(
    network: &crate::network::Network,
    window: &crate::scenario::SpeedWindow,
) -> (crate::network::Csr, crate::network::Csr) {
    let time = |e: &crate::network::Edge| {
        let f = window
            .factor_by_class
            .get(usize::from(e.class))
            .copied()
            .unwrap_or(1.0);
        e.time_s / f
    };
    let n = network.nodes().len();
    let fwd =
        crate::network::Csr::build(n, network.edges().iter().map(|e| (e.from, e.to, time(e))));
    let bwd =
        crate::network::Csr::build(n, network.edges().iter().map(|e| (e.to, e.from, time(e))));
    (fwd, bwd)
}

/// The scenario's travel noise: one lognormal for every trip, or with
/// per-class noise the σ of each trip's, out and back, laid out as the
/// travel tables (its cv is the time-weighted mean of its road classes'
/// cvs along the shortest path: the delays on one trip move together).
fn trip_noise(s: &Scenario, days: &crate::scenario::DayWindows) -> Option<TripNoise> {
    let by_class = &s.simulation.travel_cv_by_class;
    if by_class.is_empty() {
        return TravelNoise::new(s.simulation.travel_cv).map(TripNoise::Uniform);
    }
    if by_class.iter().all(|&cv| cv <= 0.0) {
        return None;
    }
    let point_count = s.demand.points.len();
    let station_count = s.stations.len();
    let block = point_count * station_count;
    let mut out = vec![0.0; block * days.windows.len()];
    let mut back = out.clone();
    let n = s.network.nodes().len();
    let mut dist = Vec::new();
    for (w, day) in days.windows.iter().enumerate() {
        if let Some(same) = days.windows[..w].iter().position(|d| d.speed == day.speed) {
            out.copy_within(same * block..(same + 1) * block, w * block);
            back.copy_within(same * block..(same + 1) * block, w * block);
            continue;
        }
        let factor = |e: &crate::network::Edge| {
            day.speed
                .and_then(|k| {
                    s.simulation.speed_windows[k]
                        .factor_by_class
                        .get(usize::from(e.class))
                })
                .copied()
                .unwrap_or(1.0)
        };
        let time = |e: &crate::network::Edge| e.time_s / factor(e);
        let spread = |e: &crate::network::Edge| {
            time(e) * by_class.get(usize::from(e.class)).copied().unwrap_or(0.0)
        };
        let edges = s.network.edges();
        let csr = |f: &dyn Fn(&crate::network::Edge) -> f64, reverse: bool| {
            crate::network::Csr::build(
                n,
                edges.iter().map(move |e| {
                    if reverse {
                        (e.to, e.from, f(e))
                    } else {
                        (e.from, e.to, f(e))
                    }
                }),
            )
        };
        for reverse in [false, true] {
            let times = csr(&time, reverse);
            let values = csr(&spread, reverse);
            let table = if reverse { &mut back } else { &mut out };
            for (st, station) in s.stations.iter().enumerate() {
                times.dijkstra(station.node, &mut dist);
                let sums = times.tree_sums(&dist, &values);
                for (p, point) in s.demand.points.iter().enumerate() {
                    let (t, v) = (dist[point.node.index()], sums[point.node.index()]);
                    let cv = if t > 0.0 && t.is_finite() { v / t } else { 0.0 };
                    table[(w * point_count + p) * station_count + st] = TravelNoise::sigma_of(cv);
                }
            }
        }
    }
    Some(TripNoise::ByPath {
        sigma_out: out,
        sigma_back: back,
    })
}

/// Per window of the day and unit (`[window * units + unit]`), its turnout,
/// whether it is crewed and the σ of its lognormal turnout; the second is
/// empty when no station has shifts, the third when every turnout is
/// fixed. A shift crews the first `staffed` units of its station.
fn crewing(s: &Scenario, days: &crate::scenario::DayWindows) -> (Vec<f64>, Vec<bool>, Vec<f64>) {
    let any_shift = s.stations.iter().any(|st| !st.shifts.is_empty());
    let any_cv = s
        .stations
        .iter()
        .any(|st| st.turnout_cv > 0.0 || st.shifts.iter().any(|sh| sh.turnout_cv > 0.0));
    let mut turnout = Vec::with_capacity(days.windows.len() * s.units.len());
    let mut staffed = Vec::new();
    let mut sigma = Vec::new();
    for day in &days.windows {
        let mut rank = vec![0u32; s.stations.len()];
        for u in &s.units {
            let st = u.station.index();
            let station = &s.stations[st];
            let shift = day.shifts[st].map(|k| &station.shifts[k]);
            turnout.push(shift.map_or(station.turnout_s, |sh| sh.turnout_s));
            if any_cv {
                let cv = shift.map_or(station.turnout_cv, |sh| sh.turnout_cv);
                sigma.push(TravelNoise::sigma_of(cv));
            }
            if any_shift {
                staffed.push(shift.is_none_or(|sh| rank[st] < sh.staffed));
            }
            rank[st] += 1;
        }
    }
    (turnout, staffed, sigma)
}

/// Per point, the recorded on-scene seconds of its alarm record (records
/// mode: one point per record), NaN where none; empty when no record has one.
fn recorded_on_scene_s(s: &Scenario) -> Vec<f64> {
    let crate::scenario::DemandMode::Records { alarms, .. } = &s.demand.mode else {
        return Vec::new();
    };
    if alarms.iter().all(|a| a.on_scene_s.is_none()) {
        return Vec::new();
    }
    let mut out = vec![f64::NAN; s.demand.points.len()];
    for a in alarms {
        if let Some(v) = a.on_scene_s {
            let first = a.point as usize;
            out[first..first + usize::from(a.alternatives)].fill(v);
        }
    }
    out
}

impl Model {
    /// Compiles a validated scenario: one forward and one backward shortest
    /// path tree per station.
    pub fn compile(s: &Scenario) -> Result<Model, CompileError> {
        let point_count = s.demand.points.len();
        let station_count = s.stations.len();
        let kind_count = s.unit_kinds.len();
        // each window of the day has its own copy of every per-point
        // table, as points `w * P + p`
        let days = s.day_windows();
        let windows = &s.simulation.speed_windows;
        let window_count = days.windows.len();
        let table_points = point_count * window_count;
        let mut travel_out_s = vec![f64::INFINITY; station_count * table_points];
        let mut travel_back_s = vec![f64::INFINITY; station_count * table_points];
        let mut tree = Vec::new();
        let block = point_count * station_count;
        for (w, day) in days.windows.iter().enumerate() {
            // windows that differ only in crewing share their travel times
            if let Some(same) = days.windows[..w].iter().position(|d| d.speed == day.speed) {
                for table in [&mut travel_out_s, &mut travel_back_s] {
                    table.copy_within(same * block..(same + 1) * block, w * block);
                }
                continue;
            }
            let scaled = day.speed.map(|k| scaled_network(&s.network, &windows[k]));
            for (st, station) in s.stations.iter().enumerate() {
                for back in [false, true] {
                    match (&scaled, back) {
                        (None, false) => s.network.times_from(station.node, &mut tree),
                        (None, true) => s.network.times_to(station.node, &mut tree),
                        (Some((fwd, _)), false) => fwd.dijkstra(station.node, &mut tree),
                        (Some((_, bwd)), true) => bwd.dijkstra(station.node, &mut tree),
                    }
                    let table = if back {
                        &mut travel_back_s
                    } else {
                        &mut travel_out_s
                    };
                    for (p, point) in s.demand.points.iter().enumerate() {
                        table[(w * point_count + p) * station_count + st] =
                            tree[point.node.index()];
                    }
                }
            }
        }

        let travel_noise = trip_noise(s, &days);

        let unit_station: Vec<u32> = s.units.iter().map(|u| u.station.0).collect();
        let unit_kind: Vec<u16> = s.units.iter().map(|u| u.kind.0 as u16).collect();
        let (unit_turnout_s, unit_staffed, unit_turnout_sigma) = crewing(s, &days);
        let unit_count = unit_station.len();
        let turnout = |w: usize, u: usize| unit_turnout_s[w * unit_count + u];
        let staffed =
            |w: usize, u: usize| unit_staffed.is_empty() || unit_staffed[w * unit_count + u];

        // candidate lists: serving units of each kind, nearest first (ties by unit id)
        let mut candidate_offsets = Vec::with_capacity(table_points * kind_count + 1);
        let mut candidates = Vec::new();
        candidate_offsets.push(0);
        for p in 0..table_points {
            for k in 0..kind_count {
                let start = candidates.len();
                let w = p / point_count;
                for (u, &kind) in unit_kind.iter().enumerate() {
                    let st = unit_station[u] as usize;
                    let serves = travel_out_s[p * station_count + st].is_finite()
                        && travel_back_s[p * station_count + st].is_finite()
                        && staffed(w, u);
                    if kind as usize == k && serves {
                        candidates.push(u as u32);
                    }
                }
                let response = |u: u32| {
                    turnout(w, u as usize)
                        + travel_out_s[p * station_count + unit_station[u as usize] as usize]
                };
                candidates[start..]
                    .sort_by(|&a, &b| response(a).total_cmp(&response(b)).then(a.cmp(&b)));
                candidate_offsets.push(candidates.len() as u32);
            }
        }

        let mut types = Vec::with_capacity(s.incident_types.len());
        for t in &s.incident_types {
            let service =
                ServiceSampler::new(&t.service).map_err(|reason| CompileError::Service {
                    incident_type: t.name.clone(),
                    reason,
                })?;
            let requirements = t
                .dispatch
                .iter()
                .map(|r| RequirementModel {
                    kinds: r.kinds.iter().map(|k| k.0 as u16).collect(),
                    count: r.count.min(u32::from(u16::MAX)) as u16,
                    nearest_of_any: r.nearest_of_any,
                })
                .collect();
            types.push(TypeModel {
                service,
                requirements,
            });
        }
        let max_requirements = types
            .iter()
            .map(|t| t.requirements.len())
            .max()
            .unwrap_or(0);

        let mut model = Model {
            station_count,
            unit_station,
            unit_kind,
            unit_turnout_s,
            unit_staffed,
            noisy: travel_noise.is_some() || !unit_turnout_sigma.is_empty(),
            unit_turnout_sigma,
            window_of_hour: days.of_hour,
            point_count,
            kind_count,
            point_zone: per_window(s.demand.points.iter().map(|p| p.zone.0), window_count),
            point_setting: per_window(
                s.demand
                    .points
                    .iter()
                    .map(|p| p.setting.unwrap_or(NO_SETTING)),
                window_count,
            ),
            setting_count: s.demand.settings.len(),
            types,
            max_requirements,
            travel_out_s,
            travel_back_s,
            candidate_offsets,
            candidates,
            fillable: Vec::new(),
            reachable: Vec::new(),
            demand: DemandModel::new(s).map_err(CompileError::Demand)?,
            response_limit_s: s.standard.response_limit_s(),
            point_limit_s: per_window(
                s.demand.points.iter().map(|p| {
                    let setting = p.setting.map(|k| s.demand.settings[k as usize].as_str());
                    s.standard.limit_for(setting)
                }),
                window_count,
            ),
            when_all_busy: s.simulation.when_all_busy,
            horizon_s: s.horizon_s(),
            year_count: 0,
            recorded_on_scene_s: {
                let v = recorded_on_scene_s(s);
                if v.is_empty() {
                    v
                } else {
                    per_window(v.into_iter(), window_count)
                }
            },
            travel_noise,
            by_hour_of_day: !s.demand.profiles.is_empty() || window_count > 1,
            window_count,
        };
        model.year_count = model.demand.year_count();
        let type_count = model.types.len();
        let mut fillable = vec![0u16; type_count * max_requirements * table_points];
        let mut reachable = vec![false; model.types.len() * table_points];
        for (t, ty) in model.types.iter().enumerate() {
            for (r, req) in ty.requirements.iter().enumerate() {
                for p in 0..table_points {
                    let serving: usize = req
                        .kinds
                        .iter()
                        .map(|&k| model.candidates_for(PointId(p as u32), k).len())
                        .sum();
                    let n = serving.min(usize::from(req.count)) as u16;
                    fillable[(p * type_count + t) * max_requirements + r] = n;
                    if n > 0 {
                        reachable[p * type_count + t] = true;
                    }
                }
            }
        }
        model.fillable = fillable;
        model.reachable = reachable;
        Ok(model)
    }

    /// Number of units.
    #[inline]
    pub fn unit_count(&self) -> usize {
        self.unit_station.len()
    }

    /// Travel seconds from a station to a point (infinite if unreachable).
    #[inline]
    pub fn travel_out_s(&self, station: StationId, point: PointId) -> f64 {
        self.travel_out_s[point.index() * self.station_count + station.index()]
    }

    /// Travel seconds from a point back to a station.
    #[inline]
    pub fn travel_back_s(&self, station: StationId, point: PointId) -> f64 {
        self.travel_back_s[point.index() * self.station_count + station.index()]
    }

    /// Units of `kind` that can serve `point`, nearest (turnout + travel) first.
    #[inline]
    pub fn candidates_for(&self, point: PointId, kind: u16) -> &[u32] {
        let i = point.index() * self.kind_count + kind as usize;
        &self.candidates[self.candidate_offsets[i] as usize..self.candidate_offsets[i + 1] as usize]
    }

    /// Units that can ever fill requirement `r` of type `t` at `point`, at most its count.
    #[inline]
    pub fn fillable(&self, t: usize, r: usize, point: PointId) -> u16 {
        self.fillable[(point.index() * self.types.len() + t) * self.max_requirements + r]
    }

    /// Whether any unit can ever answer an incident of type `t` at `point`.
    #[inline]
    pub fn reachable(&self, t: usize, point: PointId) -> bool {
        self.reachable[point.index() * self.types.len() + t]
    }

    /// Bytes the per-point tables hold: travel times both ways, candidate
    /// lists, fillable counts and reachability.
    pub fn table_bytes(&self) -> usize {
        use std::mem::size_of_val;
        size_of_val(self.travel_out_s.as_slice())
            + size_of_val(self.travel_back_s.as_slice())
            + size_of_val(self.candidate_offsets.as_slice())
            + size_of_val(self.candidates.as_slice())
            + size_of_val(self.fillable.as_slice())
            + size_of_val(self.reachable.as_slice())
    }

    /// The shortest and the longest turnout plus travel of any unit to the
    /// points of each zone (index: zone), and to every point (last), in
    /// seconds: where a run's response times start from, before waits and
    /// noise. (0, 0) for a zone nothing reaches.
    pub fn response_spans_s(&self) -> Vec<(f64, f64)> {
        let (mut t_lo, mut t_hi) = (f64::INFINITY, 0.0f64);
        for &t in self.unit_turnout_s.iter().filter(|t| t.is_finite()) {
            t_lo = t_lo.min(t);
            t_hi = t_hi.max(t);
        }
        let zones = self
            .point_zone
            .iter()
            .map(|&z| z as usize + 1)
            .max()
            .unwrap_or(0);
        let mut spans = vec![(f64::INFINITY, 0.0f64); zones + 1];
        let stations = self.station_count.max(1);
        for (p, row) in self.travel_out_s.chunks(stations).enumerate() {
            let zone = self.point_zone[p % self.point_count.max(1)] as usize;
            for &d in row.iter().filter(|d| d.is_finite()) {
                for k in [zone, zones] {
                    spans[k] = (spans[k].0.min(t_lo + d), spans[k].1.max(t_hi + d));
                }
            }
        }
        spans
            .into_iter()
            .map(|(lo, hi)| if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) })
            .collect()
    }

    /// Turnout seconds of `unit` sent to `point` (a table point: the
    /// window of the day is part of it).
    #[inline]
    pub fn turnout_s(&self, unit: UnitId, point: PointId) -> f64 {
        if self.window_count == 1 {
            return self.unit_turnout_s[unit.index()];
        }
        self.unit_turnout_s[self.unit_in_window(unit, point)]
    }

    /// The turnout of `unit` sent to `point` as the k-th unit of alarm
    /// `alarm` (`key` the replication's noise key): its expected turnout
    /// times its lognormal draw, when turnouts are random.
    #[inline]
    pub fn drawn_turnout_s(
        &self,
        unit: UnitId,
        point: PointId,
        (key, alarm, k): (u64, u32, u32),
    ) -> f64 {
        let expected = self.turnout_s(unit, point);
        if self.unit_turnout_sigma.is_empty() {
            return expected;
        }
        let sigma = self.unit_turnout_sigma[self.unit_in_window(unit, point)];
        // turnouts draw from their own trips of the counter-based stream
        expected * TravelNoise::multiplier_of(sigma, key, alarm, TURNOUT_TRIPS | k)
    }

    /// Index of `unit` in the per-window unit tables, for an alarm at table
    /// point `point` (`[window * units + unit]`).
    #[inline]
    fn unit_in_window(&self, unit: UnitId, point: PointId) -> usize {
        (point.index() / self.point_count) * self.unit_station.len() + unit.index()
    }

    /// Whether `unit` is crewed at simulated second `time_s`.
    #[inline]
    pub fn staffed_at(&self, unit: UnitId, time_s: f64) -> bool {
        if self.unit_staffed.is_empty() {
            return true;
        }
        let window = usize::from(self.window_of_hour[crate::demand::hour_of_day(time_s)]);
        self.unit_staffed[window * self.unit_station.len() + unit.index()]
    }

    /// The travel-noise multiplier of trip `trip` of alarm `alarm` from
    /// `station` to `point` (`back`: from `point` home), keyed `key`.
    #[inline]
    pub fn trip_multiplier(
        &self,
        noise: &TripNoise,
        station: StationId,
        point: PointId,
        back: bool,
        (key, alarm, trip): (u64, u32, u32),
    ) -> f64 {
        match noise {
            TripNoise::Uniform(n) => n.multiplier(key, alarm, trip),
            TripNoise::ByPath {
                sigma_out,
                sigma_back,
            } => {
                let table = if back { sigma_back } else { sigma_out };
                let sigma = table[point.index() * self.station_count + station.index()];
                TravelNoise::multiplier_of(sigma, key, alarm, trip)
            }
        }
    }

    /// Home station of a unit.
    #[inline]
    pub fn station_of(&self, unit: UnitId) -> StationId {
        StationId(self.unit_station[unit.index()])
    }
}
