//! The scenario file format: raw serde structs, `extends` resolution, and
//! validation into a typed [`Scenario`] whose references are dense ids.
//!
//! Every problem names the file, the key path and the line, and all of them
//! are reported at once (see [`Diagnostics`]).

pub mod diagnostic;
pub mod raw;
pub mod records;
pub mod siting_terms;
pub mod source;
mod typed;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::i18n::{Catalogued, Said};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use source::Document;

/// Whether the scenario format has a key of this name anywhere.
pub fn is_format_key(name: &str) -> bool {
    typed::known_keys().iter().any(|k| k == name)
}

use crate::ids::{NodeId, StationId, UnitKindId, ZoneId};
use crate::network::Network;

/// Seconds in a 365.25-day year: the unit of Poisson rates.
pub const SECONDS_PER_YEAR: f64 = 365.25 * 86_400.0;

/// The response standard a run is judged by.
#[derive(Clone, Debug, PartialEq)]
pub struct Standard {
    /// Turnout allowance, seconds.
    pub turnout_s: f64,
    /// Travel allowance, seconds.
    pub travel_s: f64,
    /// Jurisdiction area limits by setting, km².
    pub jurisdiction_km2: BTreeMap<String, f64>,
    /// Settings judged by a yardstick of their own: (turnout, travel), s.
    pub by_setting: BTreeMap<String, (f64, f64)>,
}

impl Standard {
    /// Seconds from the dispatch order to arrival that meet the standard.
    pub fn response_limit_s(&self) -> f64 {
        self.turnout_s + self.travel_s
    }

    /// The limit alarms of `setting` are judged by: its own when
    /// `[standard.by_setting]` gives one, else the standard's.
    pub fn limit_for(&self, setting: Option<&str>) -> f64 {
        setting
            .and_then(|s| self.by_setting.get(s))
            .map_or_else(|| self.response_limit_s(), |(t, v)| t + v)
    }
}

/// A station or team base.
#[derive(Clone, Debug, PartialEq)]
pub struct Station {
    /// Id from the file.
    pub id: String,
    /// Display name, if given.
    pub name: Option<String>,
    /// Where its units leave from and return to.
    pub node: NodeId,
    /// How far its given coordinate lies from `node`, metres (`None` when
    /// the file names the node).
    pub snap_m: Option<f64>,
    /// Turnout time of its crews, seconds.
    pub turnout_s: f64,
    /// Coefficient of variation of each turnout (0: always `turnout_s`).
    pub turnout_cv: f64,
    /// What it is.
    pub category: StationCategory,
    /// Full-time firefighters on its roll.
    pub firefighters: u32,
    /// Fire vehicles it holds (crewed or not).
    pub vehicles: u32,
    /// Key of [`Standard::jurisdiction_km2`] its jurisdiction is judged by,
    /// when the file names one.
    pub jurisdiction: Option<String>,
    /// `firecover site` may close or move it.
    pub removable: bool,
    /// Its 建标152-2017 class, when the file gives one.
    pub class: Option<StationClass>,
    /// Hours with other crewing, not overlapping; empty: its turnout and
    /// every unit all day.
    pub shifts: Vec<Shift>,
}

/// Hours of the day in which a station turns out at another speed or
/// crews fewer units (`[[stations.shifts]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// First hour in the shift.
    pub from_hour: u32,
    /// Hour it ends (exclusive); at or before `from_hour`, it runs past
    /// midnight.
    pub to_hour: u32,
    /// Turnout of the station's crews in these hours, seconds.
    pub turnout_s: f64,
    /// Its coefficient of variation.
    pub turnout_cv: f64,
    /// Units crewed: the first this many of the station's, in file order.
    pub staffed: u32,
}

impl Shift {
    /// Whether hour `h` (0–23) of the day falls in the shift.
    pub fn covers(&self, h: u32) -> bool {
        if self.from_hour < self.to_hour {
            (self.from_hour..self.to_hour).contains(&h)
        } else {
            h >= self.from_hour || h < self.to_hour
        }
    }
}

/// The day cut into the hours that share their road speeds and crewing:
/// each window is one combination of a speed window and a shift per
/// station, in the order the day first meets it.
#[derive(Clone, Debug, PartialEq)]
pub struct DayWindows {
    /// The distinct combinations; one (nothing in force) when the day is
    /// uniform.
    pub windows: Vec<DayWindow>,
    /// Window of each hour of the day.
    pub of_hour: [u8; 24],
}

/// What is in force in one [`DayWindows`] window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayWindow {
    /// Index into [`Simulation::speed_windows`], if any.
    pub speed: Option<usize>,
    /// Per station, the index of its shift in force, if any.
    pub shifts: Vec<Option<usize>>,
}

/// A station's class under 建标152-2017 (城市消防站建设标准), which sets
/// the area limit of its jurisdiction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StationClass {
    /// 一级普通消防站: 7 km².
    First,
    /// 二级普通消防站: 4 km².
    Second,
    /// 小型普通消防站: 2 km².
    Small,
    /// 特勤消防站: judged as a first-class station, 7 km².
    Special,
}

impl StationClass {
    /// Its key in `[standard] jurisdiction_km2`, which may override the limit.
    pub fn key(self) -> &'static str {
        match self {
            StationClass::First => "first",
            StationClass::Second => "second",
            StationClass::Small => "small",
            StationClass::Special => "special",
        }
    }

    /// 建标152-2017's jurisdiction limit in a built-up area, km².
    pub fn standard_km2(self) -> f64 {
        match self {
            StationClass::First | StationClass::Special => 7.0,
            StationClass::Second => 4.0,
            StationClass::Small => 2.0,
        }
    }

    /// An ordinary (普通) station: outside the built-up area its limit is the
    /// suburban one (15 km²).
    pub fn is_ordinary(self) -> bool {
        matches!(self, StationClass::First | StationClass::Second)
    }
}

/// 建标152-2017's limit for an ordinary station in a suburb, km².
pub const SUBURBAN_ORDINARY_KM2: f64 = 15.0;

/// What a station is, for the plan's indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StationCategory {
    /// A fire-and-rescue station (消防救援站).
    Station,
    /// A township full-time team (乡镇专职消防队).
    TownshipTeam,
    /// Anything else.
    Other,
}

/// Population and plan targets for the indicator table.
#[derive(Clone, Debug)]
pub struct Indicators {
    /// Resident population.
    pub population: f64,
    /// Township-level units.
    pub townships: u32,
    /// The plan's figures by label.
    pub plan: Vec<(String, PlanFigures)>,
}

/// The plan's indicator figures for one label.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlanFigures {
    /// Stations per 100,000 residents.
    pub stations_per_100k: Option<f64>,
    /// Township-team coverage, percent.
    pub township_team_coverage_pct: Option<f64>,
    /// Full-time firefighters per 10,000 residents.
    pub firefighters_per_10k: Option<f64>,
    /// Fire engines per 10,000 residents.
    pub engines_per_10k: Option<f64>,
}

/// One vehicle with its crew.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// Generated id: `<station>/<kind>-<n>`.
    pub id: String,
    /// Home station.
    pub station: StationId,
    /// Kind.
    pub kind: UnitKindId,
}

/// On-scene time distribution.
#[derive(Clone, Debug, PartialEq)]
pub enum ServiceDist {
    /// Exponential with this mean.
    Exponential {
        /// Mean, seconds.
        mean_s: f64,
    },
    /// Log-normal with this mean and standard deviation of the time itself.
    LogNormal {
        /// Mean, seconds.
        mean_s: f64,
        /// Standard deviation, seconds.
        sd_s: f64,
    },
    /// Gamma with this mean and standard deviation.
    Gamma {
        /// Mean, seconds.
        mean_s: f64,
        /// Standard deviation, seconds.
        sd_s: f64,
    },
    /// Always the same.
    Fixed {
        /// Seconds.
        value_s: f64,
    },
    /// Piecewise-linear inverse CDF through `(probability, seconds)` points,
    /// from p = 0 to p = 1.
    Empirical {
        /// The quantile table.
        quantiles: Vec<(f64, f64)>,
    },
}

/// One line of a dispatch rule: `count` units of the first kind, falling back
/// to the later kinds in order when none of the first is free.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// Preferred kind first, then fallbacks.
    pub kinds: Vec<UnitKindId>,
    /// Units needed.
    pub count: u32,
    /// Take the nearest free unit of any listed kind instead of trying the
    /// kinds in order.
    pub nearest_of_any: bool,
}

/// An incident type and how it is answered.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentType {
    /// Name from the file.
    pub name: String,
    /// On-scene time.
    pub service: ServiceDist,
    /// Units sent.
    pub dispatch: Vec<Requirement>,
}

/// Recorded incident counts of one year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearCounts {
    /// Calendar year.
    pub year: i32,
    /// Count per incident type, indexed by [`crate::ids::IncidentTypeId`].
    pub counts: Vec<u32>,
}

impl YearCounts {
    /// Seconds in this calendar year (leap years have 366 days).
    pub fn length_s(&self) -> f64 {
        let y = self.year;
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        (if leap { 366.0 } else { 365.0 }) * 86_400.0
    }
}

/// How many incidents happen.
#[derive(Clone, Debug, PartialEq)]
pub enum DemandMode {
    /// Poisson arrivals; rate per year by incident type.
    Poisson {
        /// Incidents per year, indexed by [`crate::ids::IncidentTypeId`].
        per_year: Vec<f64>,
    },
    /// Recorded yearly counts, reproduced exactly; times uniform within each
    /// year, places by weight (`mode = "counts"`, formerly `"replay"`).
    Replay {
        /// Years in order.
        years: Vec<YearCounts>,
    },
    /// Alarm records replayed exactly (`mode = "records"`): each record is
    /// its own demand point (weight 1, split among its jitter alternatives,
    /// so that static models count each record once).
    Records {
        /// Every calendar year from the first record's to the last's, with
        /// the records' counts.
        years: Vec<YearCounts>,
        /// The alarms in time order.
        alarms: Vec<RecordedAlarm>,
        /// Each replication draws its years with replacement.
        bootstrap_years: bool,
        /// Each replication moves every record to a road node within this
        /// many metres (0: none).
        jitter_m: f64,
        /// The file they came from, as the scenario names it.
        file: String,
    },
}

/// One recorded alarm.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedAlarm {
    /// Index into `years`.
    pub year: u16,
    /// Seconds from the start of its calendar year.
    pub seconds_into_year: f64,
    /// Incident type.
    pub incident_type: u16,
    /// Its demand point, an index into [`Demand::points`]; with
    /// `jitter_m`, the first of its `alternatives` consecutive points.
    pub point: u32,
    /// Points it may stand at (1 without jitter): each replication picks
    /// one of `point .. point + alternatives` uniformly.
    pub alternatives: u16,
    /// Recorded on-scene seconds; drawn per replication when absent.
    pub on_scene_s: Option<f64>,
}

impl DemandMode {
    /// The years of counts or of records.
    pub fn years(&self) -> Option<&[YearCounts]> {
        match self {
            DemandMode::Poisson { .. } => None,
            DemandMode::Replay { years } | DemandMode::Records { years, .. } => Some(years),
        }
    }
}

/// A place where incidents happen.
#[derive(Clone, Debug, PartialEq)]
pub struct DemandPoint {
    /// Road node the incident is reached at.
    pub node: NodeId,
    /// Relative share of incidents.
    pub weight: f64,
    /// Reporting zone.
    pub zone: ZoneId,
    /// Setting index into [`Demand::settings`], when the scenario uses settings.
    pub setting: Option<u32>,
}

/// Where and how many incidents happen.
#[derive(Clone, Debug, PartialEq)]
pub struct Demand {
    /// Counts or rates.
    pub mode: DemandMode,
    /// Places.
    pub points: Vec<DemandPoint>,
    /// Zone names, indexed by [`ZoneId`], in order of first appearance.
    pub zones: Vec<String>,
    /// Setting names (`urban`, `rural`...), in order of first appearance;
    /// empty when no point names one.
    pub settings: Vec<String>,
    /// Per incident type, the share of its incidents in each setting
    /// (indexed `[type][setting]`); empty for a type that follows the point
    /// weights alone.
    pub setting_share: Vec<Vec<f64>>,
    /// How far a builtin district's places moved to reach this network's
    /// nodes, when the network is not that district's own.
    pub snapped: Option<PlaceSnap>,
    /// Per incident type, when in the week its alarms come (`None`:
    /// uniformly); empty when no profile is given.
    pub profiles: Vec<Option<WeekProfile>>,
    /// Weekday of the first simulated day (0 = Monday): 1 January of the
    /// first year of counts, a Monday for Poisson arrivals.
    pub first_weekday: u32,
}

/// Alarm weights by hour of the week, normalised to a mean of 1.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekProfile {
    /// 168 weights: Monday 00:00–01:00 first.
    pub by_hour_of_week: Vec<f64>,
}

impl WeekProfile {
    /// From 24 weekday and 24 weekend weights (not all zero).
    pub fn new(weekday: &[f64], weekend: &[f64]) -> WeekProfile {
        let mut w: Vec<f64> = (0..7)
            .flat_map(|d| if d < 5 { weekday } else { weekend }.iter().copied())
            .collect();
        let mean = w.iter().sum::<f64>() / w.len() as f64;
        for x in &mut w {
            *x /= mean;
        }
        WeekProfile { by_hour_of_week: w }
    }
}

/// A builtin district's demand places snapped by their coordinates to
/// another network (e.g. an OpenStreetMap import of the district).
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceSnap {
    /// The builtin district.
    pub builtin: String,
    /// Places snapped.
    pub places: usize,
    /// Median snap distance, metres.
    pub median_m: f64,
    /// Largest snap distance, metres.
    pub max_m: f64,
}

impl Demand {
    /// The relative weight of every point for one incident type: the point
    /// weights, rescaled so that each setting receives its share.
    pub fn weights_for(&self, incident_type: usize) -> Vec<f64> {
        let shares = self
            .setting_share
            .get(incident_type)
            .filter(|s| !s.is_empty());
        let Some(shares) = shares else {
            return self.points.iter().map(|p| p.weight).collect();
        };
        let mut totals = vec![0.0; self.settings.len()];
        for p in &self.points {
            if let Some(s) = p.setting {
                totals[s as usize] += p.weight;
            }
        }
        self.points
            .iter()
            .map(|p| match p.setting {
                Some(s) if totals[s as usize] > 0.0 => {
                    p.weight / totals[s as usize] * shares[s as usize]
                }
                _ => 0.0,
            })
            .collect()
    }
}

/// What happens when no suitable unit is free.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WhenAllBusy {
    /// The incident waits; a freed unit takes the oldest waiting incident.
    Queue,
    /// An outside unit arrives this many seconds after the alarm.
    MutualAid {
        /// Seconds from alarm to the outside unit's arrival.
        delay_s: f64,
    },
}

/// Run settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    /// Simulated years per replication (Poisson mode).
    pub years: f64,
    /// Replications.
    pub replications: u32,
    /// Seed of all random streams.
    pub seed: u64,
    /// Busy policy.
    pub when_all_busy: WhenAllBusy,
    /// Coefficient of variation of each trip's travel time (0: none).
    pub travel_cv: f64,
    /// Per road class of the network, the coefficient of variation of the
    /// time on it (`[simulation] travel_cv_by_class`); empty: `travel_cv`
    /// for every trip.
    pub travel_cv_by_class: Vec<f64>,
    /// Hours of the day with other road speeds (`[[network.speed_windows]]`),
    /// in order, not overlapping; empty: the same speeds all day.
    pub speed_windows: Vec<SpeedWindow>,
}

/// Hours of the day in which road classes drive at a factor of their speed.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeedWindow {
    /// First hour in the window.
    pub from_hour: u32,
    /// Hour it ends (exclusive).
    pub to_hour: u32,
    /// Speed factor per road class, indexed as [`Network::classes`].
    pub factor_by_class: Vec<f64>,
}

/// A validated scenario: every reference resolved to a dense id.
#[derive(Debug)]
pub struct Scenario {
    /// Display name.
    pub name: String,
    /// Free-text description.
    pub description: Option<String>,
    /// Display names of the scenario and its ids in each report language.
    pub labels: crate::labels::Labels,
    /// The file it was loaded from.
    pub source: PathBuf,
    /// Every file read: the named one first, then the files it extends.
    pub files: Vec<PathBuf>,
    /// The standard.
    pub standard: Standard,
    /// The road network.
    pub network: Network,
    /// Stations, indexed by [`StationId`].
    pub stations: Vec<Station>,
    /// Unit kind names, indexed by [`UnitKindId`].
    pub unit_kinds: Vec<String>,
    /// Units, indexed by [`crate::ids::UnitId`], grouped by station.
    pub units: Vec<Unit>,
    /// Incident types, indexed by [`crate::ids::IncidentTypeId`], sorted by name.
    pub incident_types: Vec<IncidentType>,
    /// Demand.
    pub demand: Demand,
    /// Run settings.
    pub simulation: Simulation,
    /// Population and plan targets, when the scenario gives them.
    pub indicators: Option<Indicators>,
    /// The area the coverage analysis covers.
    pub area: AreaSettings,
    /// The siting study, when the file has a `[siting]` table.
    pub siting: Option<Siting>,
    /// `[report] lang`: the reports' language, unless the command line gives one.
    pub lang: Option<crate::i18n::Lang>,
}

/// `[siting]`: a siting study's settings; the command line overrides each.
#[derive(Clone, Debug, Default)]
pub struct Siting {
    /// The location model.
    pub objective: Option<siting_terms::Objective>,
    /// New stations: `(from, to)` counts, both included.
    pub add: Option<(usize, usize)>,
    /// Which solver.
    pub solver: Option<siting_terms::SolverChoice>,
    /// Time limit per solve (the exact search or the MILP), seconds.
    pub time_limit_s: Option<f64>,
    /// Next-best distinct solutions of the largest count to simulate.
    pub alternatives: Option<usize>,
    /// Replications of the simulated check.
    pub replications: Option<u32>,
    /// Indices of stations `[siting] removable` names.
    pub removable: Vec<usize>,
    /// What a new station is.
    pub template: Option<SiteTemplate>,
    /// Where new stations may go.
    pub candidates: CandidateSettings,
}

/// The station a new site gets.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteTemplate {
    /// Ids are this prefix and a number.
    pub id_prefix: String,
    /// Display name, numbered.
    pub name: Option<String>,
    /// What it is.
    pub category: StationCategory,
    /// Turnout, seconds.
    pub turnout_s: f64,
    /// Full-time firefighters.
    pub firefighters: u32,
    /// Vehicles held (default: its units).
    pub vehicles: Option<u32>,
    /// Jurisdiction limit key.
    pub jurisdiction: Option<String>,
    /// Units by kind.
    pub units: Vec<(String, u32)>,
}

/// Where new stations may go.
#[derive(Clone, Debug)]
pub struct CandidateSettings {
    /// Candidate road nodes lie in this polygon (default: the region).
    pub within: Option<geo::Polygon<f64>>,
    /// The polygon's file.
    pub within_source: Option<String>,
    /// Least distance between candidates, metres.
    pub spacing_m: f64,
    /// A list of sites (CSV or GeoJSON) instead of road nodes.
    pub file: Option<PathBuf>,
    /// Polygons where no station may go, with their files.
    pub exclude: Vec<(String, geo::Polygon<f64>)>,
    /// Points to keep stations away from.
    pub setbacks: Vec<Setback>,
}

impl Default for CandidateSettings {
    fn default() -> Self {
        CandidateSettings {
            within: None,
            within_source: None,
            spacing_m: 250.0,
            file: None,
            exclude: Vec::new(),
            setbacks: Vec::new(),
        }
    }
}

/// No station within `distance_m` of a point (the standard's set-backs,
/// e.g. 200 m from hazardous sites).
#[derive(Clone, Debug, PartialEq)]
pub struct Setback {
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Metres.
    pub distance_m: f64,
    /// What it is.
    pub name: Option<String>,
}

/// The region of the coverage analysis and how places reach the roads.
#[derive(Clone, Debug)]
pub struct AreaSettings {
    /// The region's outline (WGS84), if known; else the network's hull is used.
    pub boundary: Option<geo::Polygon<f64>>,
    /// Where the outline came from, in words.
    pub boundary_source: Option<String>,
    /// The builtin district whose outline is `boundary`, if it is one.
    pub builtin_outline: Option<String>,
    /// The built-up area (WGS84), if known.
    pub builtup: Option<geo::Polygon<f64>>,
    /// Speed of the leg from a place to its nearest road node, km/h.
    pub off_road_kmh: f64,
    /// Margin around the network's hull when there is no outline, metres.
    pub margin_m: f64,
}

impl Scenario {
    /// The windows of the day: where speed windows and station shifts
    /// start and end.
    pub fn day_windows(&self) -> DayWindows {
        let mut windows: Vec<DayWindow> = Vec::new();
        let mut of_hour = [0u8; 24];
        for (h, slot) in (0u32..).zip(of_hour.iter_mut()) {
            let here = DayWindow {
                speed: self
                    .simulation
                    .speed_windows
                    .iter()
                    .position(|w| (w.from_hour..w.to_hour).contains(&h)),
                shifts: self
                    .stations
                    .iter()
                    .map(|s| s.shifts.iter().position(|sh| sh.covers(h)))
                    .collect(),
            };
            let w = match windows.iter().position(|w| *w == here) {
                Some(w) => w,
                None => {
                    windows.push(here);
                    windows.len() - 1
                }
            };
            // at most 24 windows
            *slot = w as u8;
        }
        DayWindows { windows, of_hour }
    }

    /// Validates a scenario document (a file after `extends`, perhaps
    /// edited in memory, as a sweep does).
    pub fn from_document(doc: &Document) -> Result<(Scenario, Diagnostics), Diagnostics> {
        validate::validate(doc)
    }

    /// Reads and validates a scenario file. On success also returns the
    /// warnings; on failure every problem found.
    pub fn load(path: &Path) -> Result<(Scenario, Diagnostics), Diagnostics> {
        let doc = Document::load(path).map_err(Diagnostics)?;
        validate::validate(&doc)
    }

    /// Validates a scenario held in memory; `name` stands for its file in messages.
    pub fn from_str(text: &str, name: &Path) -> Result<(Scenario, Diagnostics), Diagnostics> {
        let doc = Document::from_str(text, name).map_err(Diagnostics)?;
        validate::validate(&doc)
    }

    /// Simulated seconds per replication.
    pub fn horizon_s(&self) -> f64 {
        match &self.demand.mode {
            DemandMode::Poisson { .. } => self.simulation.years * SECONDS_PER_YEAR,
            DemandMode::Replay { years } | DemandMode::Records { years, .. } => {
                years.iter().map(YearCounts::length_s).sum()
            }
        }
    }

    /// Simulated years per replication.
    pub fn simulated_years(&self) -> f64 {
        match &self.demand.mode {
            DemandMode::Poisson { .. } => self.simulation.years,
            DemandMode::Replay { years } | DemandMode::Records { years, .. } => years.len() as f64,
        }
    }
}
