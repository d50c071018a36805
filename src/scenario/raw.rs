//! Raw serde structs mirroring the scenario file, key for key.
//!
//! Nothing here is checked beyond TOML types; validation turns these
//! into the typed [`super::Scenario`]. Keys not listed here are collected as
//! unknown-key errors by the loader (all at once, with their lines).
//!
//! Why this file is over 800 lines: it is the file format, one struct per
//! table, and `typed.rs` reads the list of known keys (for "did you mean")
//! from this file's own source, so the raw structs stay in one file.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Deserializes a keyword enum from its text only, so that a number or a
/// table gets "expected one of `a`, `b`" rather than serde's enum jargon.
macro_rules! keywords {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const TEXTS: &[&str] = &[$($text),+];
                struct Keyword;
                impl serde::de::Visitor<'_> for Keyword {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("one of ")?;
                        for (i, t) in TEXTS.iter().enumerate() {
                            if i > 0 {
                                f.write_str(", ")?;
                            }
                            write!(f, "\"{t}\"")?;
                        }
                        Ok(())
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        match v {
                            $($text => Ok($name::$variant),)+
                            _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                        }
                    }
                }
                d.deserialize_str(Keyword)
            }
        }
    };
}

keywords!(RawObjective { Cover = "cover", Lscp = "lscp", Median = "median", Center = "center", Backup = "backup" });

keywords!(RawSolver { Auto = "auto", Milp = "milp", Heuristic = "heuristic" });

keywords!(RawStationCategory { Station = "station", TownshipTeam = "township_team", Other = "other" });

keywords!(RawDistKind { Exponential = "exponential", Lognormal = "lognormal", Gamma = "gamma", Fixed = "fixed", Empirical = "empirical" });

keywords!(RawChoose { InOrder = "in_order", Nearest = "nearest" });

keywords!(RawDemandMode { Poisson = "poisson", Counts = "counts", Replay = "replay", Records = "records" });

keywords!(RawBootstrap { None = "none", Years = "years" });

keywords!(RawBusyKeyword { Queue = "queue" });

/// The whole file.
#[derive(Debug, Deserialize)]
pub struct RawScenario {
    /// `[scenario]`: name and description.
    pub scenario: RawMeta,
    /// `[standard]`: the response standard the run is judged by.
    pub standard: RawStandard,
    /// `[network]`: the road graph.
    pub network: RawNetwork,
    /// `[[stations]]`.
    #[serde(default)]
    pub stations: Vec<RawStation>,
    /// `[incident_types.<name>]`.
    #[serde(default)]
    pub incident_types: BTreeMap<String, RawIncidentType>,
    /// `[demand]`.
    pub demand: RawDemand,
    /// `[simulation]`.
    pub simulation: RawSimulation,
    /// `[indicators]`: population and the plan's targets for `firecover indicators`.
    #[serde(default)]
    pub indicators: Option<RawIndicators>,
    /// `[coverage]`: the static coverage analysis.
    #[serde(default)]
    pub coverage: Option<RawCoverage>,
    /// `[siting]`: a siting study for `firecover site`.
    #[serde(default)]
    pub siting: Option<RawSiting>,
    /// `[report]`: how reports are written.
    #[serde(default)]
    pub report: Option<RawReport>,
    /// `[labels]`: display names of ids in each report language.
    #[serde(default)]
    pub labels: Option<RawLabels>,
}

/// `[report]`.
#[derive(Debug, Deserialize)]
pub struct RawReport {
    /// `zh` or `en`: the language of every report of this scenario, unless
    /// `--lang` says otherwise.
    #[serde(default)]
    pub lang: Option<RawLang>,
}

/// Report languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawLang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

keywords!(RawLang { Zh = "zh", En = "en" });

/// `[siting]`: what `firecover site` optimises, where it may put stations
/// and what a new station is.
#[derive(Debug, Deserialize)]
pub struct RawSiting {
    /// `cover`, `lscp`, `median`, `center` or `backup`.
    #[serde(default)]
    pub objective: Option<RawObjective>,
    /// New stations: a count (`3`) or a range of counts (`"1..4"`).
    #[serde(default)]
    pub add: Option<RawAdd>,
    /// For `lscp`: the share of the demand to cover (default 1: every place).
    #[serde(default)]
    pub share: Option<f64>,
    /// `auto`, `milp` or `heuristic`.
    #[serde(default)]
    pub solver: Option<RawSolver>,
    /// Time limit per solve (the exact search or the MILP), seconds.
    #[serde(default)]
    pub time_limit_s: Option<f64>,
    /// Next-best distinct solutions of the largest count to simulate too.
    #[serde(default)]
    pub alternatives: Option<i64>,
    /// Replications of the simulated check (default: `[simulation]`'s).
    #[serde(default)]
    pub replications: Option<i64>,
    /// Ids of stations that may close or move (as `removable = true` on
    /// the station, without listing the stations again).
    #[serde(default)]
    pub removable: Vec<String>,
    /// The station template new sites get.
    #[serde(default)]
    pub station: Option<RawSiteTemplate>,
    /// Where new stations may go.
    #[serde(default)]
    pub candidates: Option<RawCandidates>,
}

/// Location models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawObjective {
    /// Maximal covering.
    Cover,
    /// Set covering.
    Lscp,
    /// p-median.
    Median,
    /// p-center.
    Center,
    /// Backup coverage.
    Backup,
}

/// Solvers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawSolver {
    /// MILP when small enough.
    Auto,
    /// HiGHS.
    Milp,
    /// Greedy and swap.
    Heuristic,
}

/// `add = 3` or `add = "1..4"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawAdd {
    /// One count.
    Count(i64),
    /// A range `"a..b"` (both included).
    Range(String),
}

/// `[siting.station]`: the template of a new station.
#[derive(Debug, Deserialize)]
pub struct RawSiteTemplate {
    /// New station ids are this prefix and a number (default `new`).
    #[serde(default)]
    pub id_prefix: Option<String>,
    /// Display name; a number is appended.
    #[serde(default)]
    pub name: Option<String>,
    /// `station`, `township_team` or `other`.
    #[serde(default)]
    pub category: RawStationCategory,
    /// Turnout time, seconds (default: the standard's).
    #[serde(default)]
    pub turnout_s: Option<f64>,
    /// Full-time firefighters.
    #[serde(default)]
    pub firefighters: Option<i64>,
    /// Vehicles held (default: its unit count).
    #[serde(default)]
    pub vehicles: Option<i64>,
    /// Jurisdiction limit key.
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// Vehicles by kind.
    pub units: Vec<RawUnits>,
}

/// `[siting.candidates]`.
#[derive(Debug, Deserialize)]
pub struct RawCandidates {
    /// GeoJSON polygon the candidate road nodes must lie in (default: the
    /// coverage region).
    #[serde(default)]
    pub within: Option<String>,
    /// Least distance between two candidates, metres (default 250).
    #[serde(default)]
    pub spacing_m: Option<f64>,
    /// A list of sites instead of road nodes: CSV `id,lon,lat[,name]` or
    /// GeoJSON points.
    #[serde(default)]
    pub file: Option<String>,
    /// GeoJSON polygons where no station may go.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Set-backs: no candidate within `distance_m` of these points.
    #[serde(default)]
    pub setback: Vec<RawSetback>,
}

/// One set-back point.
#[derive(Debug, Deserialize)]
pub struct RawSetback {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Metres kept clear.
    pub distance_m: f64,
    /// What it is (a hazardous site...).
    #[serde(default)]
    pub name: Option<String>,
}

/// `[coverage]`.
#[derive(Debug, Deserialize)]
pub struct RawCoverage {
    /// Speed of the leg from a place to its nearest road node, km/h.
    #[serde(default)]
    pub off_road_kmh: Option<f64>,
    /// Margin around the network's hull when no boundary is given, metres.
    #[serde(default)]
    pub margin_m: Option<f64>,
    /// GeoJSON file with the region's outline (Polygon), relative to this file.
    #[serde(default)]
    pub boundary: Option<String>,
    /// GeoJSON file with the built-up area (Polygon), relative to this file.
    #[serde(default)]
    pub builtup: Option<String>,
}

/// `[indicators]`.
#[derive(Debug, Deserialize)]
pub struct RawIndicators {
    /// Resident population.
    pub population: f64,
    /// Township-level units (乡镇（街道）) in the district.
    pub townships: i64,
    /// The plan's figures by label (e.g. `"2020"`, `"2025 target"`).
    #[serde(default)]
    pub plan: BTreeMap<String, RawPlanFigures>,
}

/// The plan's indicator figures for one year.
#[derive(Debug, Deserialize)]
pub struct RawPlanFigures {
    /// Fire-and-rescue stations per 100,000 residents.
    #[serde(default)]
    pub stations_per_100k: Option<f64>,
    /// Townships with a full-time team, percent.
    #[serde(default)]
    pub township_team_coverage_pct: Option<f64>,
    /// Full-time firefighters per 10,000 residents.
    #[serde(default)]
    pub firefighters_per_10k: Option<f64>,
    /// Fire engines per 10,000 residents.
    #[serde(default)]
    pub engines_per_10k: Option<f64>,
}

/// `[scenario]`.
#[derive(Debug, Deserialize)]
pub struct RawMeta {
    /// Display name: one string, or the name in each report language.
    pub name: RawText,
    /// Free text: what the scenario assumes (one string, or in each
    /// language).
    #[serde(default)]
    pub description: Option<RawText>,
}

/// A text a person reads: one string, or `{ en = "...", zh = "..." }`.
#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "a string or { en = \"...\", zh = \"...\" }")]
pub enum RawText {
    /// The same text in every language.
    Plain(String),
    /// The text in each language.
    Both(RawBilingual),
}

/// `{ en = "...", zh = "..." }`: both languages, always.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBilingual {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

/// `[labels]`: display names of the file's own ids in each language.
#[derive(Debug, Deserialize)]
pub struct RawLabels {
    /// `[labels.incident_types]`: `fire = { en = "fire", zh = "火灾扑救" }`.
    #[serde(default)]
    pub incident_types: BTreeMap<String, RawBilingual>,
    /// `[labels.settings]`: `urban = { en = "urban", zh = "城区" }`.
    #[serde(default)]
    pub settings: BTreeMap<String, RawBilingual>,
    /// `[labels.unit_kinds]`: `engine = { en = "engine", zh = "水罐消防车" }`.
    #[serde(default)]
    pub unit_kinds: BTreeMap<String, RawBilingual>,
}

/// `[standard]`.
#[derive(Debug, Deserialize)]
pub struct RawStandard {
    /// Turnout allowance, seconds from dispatch order to wheels rolling.
    pub turnout_s: f64,
    /// Travel allowance, seconds.
    pub travel_s: f64,
    /// Jurisdiction area limits by setting (`urban`, `suburban`, ...), km².
    #[serde(default)]
    pub jurisdiction_km2: BTreeMap<String, f64>,
    /// `[standard.by_setting.<setting>]`: a response limit of its own for
    /// the alarms of a setting (the rural or township yardstick).
    #[serde(default)]
    pub by_setting: BTreeMap<String, RawSettingStandard>,
}

/// `[standard.by_setting.rural]`: each missing key is the standard's own.
#[derive(Debug, Deserialize)]
pub struct RawSettingStandard {
    /// Turnout allowance, seconds.
    #[serde(default)]
    pub turnout_s: Option<f64>,
    /// Travel allowance, seconds.
    #[serde(default)]
    pub travel_s: Option<f64>,
}

/// `[network]`: a builtin district's graph and/or an inline graph.
#[derive(Debug, Deserialize)]
pub struct RawNetwork {
    /// Name of a road graph shipped with firecover (`liangping`).
    #[serde(default)]
    pub builtin: Option<String>,
    /// A road graph file: `.fcnet`, `.osm.pbf` or GeoJSON LineStrings,
    /// relative to the scenario file.
    #[serde(default)]
    pub file: Option<String>,
    /// Fire-vehicle speed per road class, km/h.
    #[serde(default)]
    pub speeds: BTreeMap<String, f64>,
    /// Nodes with WGS84 coordinates.
    #[serde(default)]
    pub nodes: Vec<RawNode>,
    /// Edges, two-way unless `oneway = true`.
    #[serde(default)]
    pub edges: Vec<RawEdge>,
    /// Speed for edges that give neither `time_s` nor `speed_kmh`.
    #[serde(default)]
    pub default_speed_kmh: Option<f64>,
    /// Factor from straight-line to road length for edges without `length_m`.
    #[serde(default)]
    pub circuity: Option<f64>,
    /// Farthest a station's coordinate may lie from the road node it is
    /// snapped to, metres (default 1,000).
    #[serde(default)]
    pub max_snap_m: Option<f64>,
    /// Speed factors per road class in hours of the day (congestion).
    #[serde(default)]
    pub speed_windows: Vec<RawSpeedWindow>,
}

/// `[[network.speed_windows]] from_hour = 7, to_hour = 9, factors = { urban_street = 0.7 }`.
#[derive(Debug, Deserialize)]
pub struct RawSpeedWindow {
    /// First hour of the day in the window (0–23).
    pub from_hour: i64,
    /// Hour the window ends (1–24, after `from_hour`).
    pub to_hour: i64,
    /// Speed factor per road class; `"*"` for every class not named.
    pub factors: BTreeMap<String, f64>,
}

/// `[[stations.shifts]] from_hour = 22, to_hour = 7, turnout_s = 120, staffed = 1`.
#[derive(Debug, Deserialize)]
pub struct RawShift {
    /// First hour of the day in the shift (0–23).
    pub from_hour: i64,
    /// Hour the shift ends (1–24); before `from_hour`, it runs past midnight.
    pub to_hour: i64,
    /// Turnout time of the station's crews in these hours, seconds
    /// (default: the station's).
    #[serde(default)]
    pub turnout_s: Option<f64>,
    /// Coefficient of variation of each turnout in these hours (default:
    /// the station's).
    #[serde(default)]
    pub turnout_cv: Option<f64>,
    /// Units crewed in these hours: the first this many of the station's
    /// units, in the order listed (default: all).
    #[serde(default)]
    pub staffed: Option<i64>,
}

/// One node.
#[derive(Debug, Deserialize)]
pub struct RawNode {
    /// Unique id, referenced by edges, stations and demand points.
    pub id: String,
    /// Longitude, degrees east (WGS84).
    pub lon: f64,
    /// Latitude, degrees north (WGS84).
    pub lat: f64,
    /// Optional display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// One edge.
#[derive(Debug, Deserialize)]
pub struct RawEdge {
    /// Node id where it starts.
    pub from: String,
    /// Node id where it ends.
    pub to: String,
    /// Travel time in seconds; overrides length and speed.
    #[serde(default)]
    pub time_s: Option<f64>,
    /// Road length in metres (default: straight line × network circuity).
    #[serde(default)]
    pub length_m: Option<f64>,
    /// Fire-vehicle speed on this edge (default: network default speed).
    #[serde(default)]
    pub speed_kmh: Option<f64>,
    /// One direction only (`from` → `to`).
    #[serde(default)]
    pub oneway: bool,
    /// Road class, which sets its speed through `[network.speeds]` (default `road`).
    #[serde(default)]
    pub class: Option<String>,
}

/// A place: a node id or a coordinate snapped to the nearest node.
#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "a node id (string) or { lon = .., lat = .. }")]
pub enum RawAt {
    /// A node id.
    Node(String),
    /// A coordinate.
    Coord(RawLonLat),
}

/// `{ lon = .., lat = .. }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

/// `[[stations]]`.
#[derive(Debug, Deserialize)]
pub struct RawStation {
    /// Unique id.
    pub id: String,
    /// Display name (any script).
    #[serde(default)]
    pub name: Option<String>,
    /// Where it is.
    pub at: RawAt,
    /// Turnout time of its crews, seconds (default: the standard's).
    #[serde(default)]
    pub turnout_s: Option<f64>,
    /// Coefficient of variation of each turnout (lognormal, mean
    /// `turnout_s`); 0 or absent: every turnout takes `turnout_s`.
    #[serde(default)]
    pub turnout_cv: Option<f64>,
    /// Vehicles by kind.
    #[serde(default)]
    pub units: Vec<RawUnits>,
    /// What it is, for the indicators (default `station`).
    #[serde(default)]
    pub category: RawStationCategory,
    /// Full-time firefighters on its roll (indicators only).
    #[serde(default)]
    pub firefighters: Option<i64>,
    /// Fire vehicles it holds, crewed or not (indicators; default: its unit count).
    #[serde(default)]
    pub vehicles: Option<i64>,
    /// Key of `[standard] jurisdiction_km2` whose limit applies to its
    /// jurisdiction (default: `urban` or `suburban` by its site for a
    /// station, none for teams).
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// `firecover site` may close or move it (default: it stays).
    #[serde(default)]
    pub removable: bool,
    /// Hours with other crewing (`[[stations.shifts]]`).
    #[serde(default)]
    pub shifts: Vec<RawShift>,
    /// 建标152-2017 class: `first`, `second`, `small` or `special`; sets its
    /// jurisdiction's area limit.
    #[serde(default)]
    pub class: Option<RawStationClass>,
}

/// 建标152-2017 station classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawStationClass {
    /// 一级普通消防站.
    First,
    /// 二级普通消防站.
    Second,
    /// 小型普通消防站.
    Small,
    /// 特勤消防站.
    Special,
}

keywords!(RawStationClass { First = "first", Second = "second", Small = "small", Special = "special" });

/// Station categories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RawStationCategory {
    /// A fire-and-rescue station (消防救援站).
    #[default]
    Station,
    /// A township full-time team (乡镇专职消防队).
    TownshipTeam,
    /// Anything else (enterprise team, volunteer base...).
    Other,
}

/// `{ kind = "engine", count = 2 }`.
#[derive(Debug, Deserialize)]
pub struct RawUnits {
    /// Unit kind, any name.
    pub kind: String,
    /// How many.
    pub count: i64,
}

/// `[incident_types.<name>]`.
#[derive(Debug, Deserialize)]
pub struct RawIncidentType {
    /// On-scene time distribution.
    pub service: RawService,
    /// Units sent, in order.
    pub dispatch: Vec<RawRequirement>,
}

/// Names of the service-time distributions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawDistKind {
    /// Exponential with `mean_s`.
    Exponential,
    /// Log-normal with `mean_s` and `sd_s` (of the time itself).
    Lognormal,
    /// Gamma with `mean_s` and `sd_s`.
    Gamma,
    /// Always `value_s`.
    Fixed,
    /// Piecewise-linear quantile table `quantiles = [[p, seconds], ...]`.
    Empirical,
}

/// `service = { dist = .., ... }`.
#[derive(Debug, Deserialize)]
pub struct RawService {
    /// Which distribution.
    pub dist: RawDistKind,
    /// Mean, seconds.
    #[serde(default)]
    pub mean_s: Option<f64>,
    /// Standard deviation, seconds.
    #[serde(default)]
    pub sd_s: Option<f64>,
    /// Fixed value, seconds.
    #[serde(default)]
    pub value_s: Option<f64>,
    /// Quantile table: `[[probability, seconds], ...]` from p = 0 to p = 1.
    #[serde(default)]
    pub quantiles: Option<Vec<[f64; 2]>>,
}

/// `{ kind = "rescue", count = 1, or = ["engine"] }`.
#[derive(Debug, Deserialize)]
pub struct RawRequirement {
    /// Preferred unit kind.
    pub kind: String,
    /// How many units.
    #[serde(default = "one")]
    pub count: i64,
    /// Fallback kinds, tried in order when no unit of `kind` is free.
    #[serde(default, rename = "or")]
    pub fallback: Vec<String>,
    /// How to choose among the listed kinds (default `in_order`).
    #[serde(default)]
    pub choose: RawChoose,
}

/// `choose = "in_order"` or `"nearest"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RawChoose {
    /// The nearest free unit of `kind`; the `or` kinds, in order, only when none is free.
    #[default]
    InOrder,
    /// The nearest free unit of any listed kind.
    Nearest,
}

fn one() -> i64 {
    1
}

/// Demand modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawDemandMode {
    /// Poisson arrivals at `per_year` rates.
    Poisson,
    /// Recorded yearly counts reproduced exactly, at random times and places.
    Counts,
    /// The old name of `counts` (kept working, with a deprecation warning).
    Replay,
    /// Alarm records (time, place, type) replayed exactly.
    Records,
}

impl RawDemandMode {
    /// Yearly counts (`counts`, or its old name `replay`).
    pub fn is_counts(self) -> bool {
        matches!(self, RawDemandMode::Counts | RawDemandMode::Replay)
    }
}

/// How a record replay resamples its years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawBootstrap {
    /// Every replication replays the records as they are.
    None,
    /// Each replication draws its years from the record's, with replacement.
    Years,
}

/// `[demand]`.
#[derive(Debug, Deserialize)]
pub struct RawDemand {
    /// `poisson`, `counts` (old name `replay`) or `records`.
    pub mode: RawDemandMode,
    /// Records mode: the alarm records file (CSV or GeoJSON), relative to
    /// the scenario file.
    #[serde(default)]
    pub records: Option<String>,
    /// Records mode: `none` (default) or `years`.
    #[serde(default)]
    pub bootstrap: Option<RawBootstrap>,
    /// Records mode: each replication moves every record to one of the road
    /// nodes within this many metres of its place.
    #[serde(default)]
    pub jitter_m: Option<f64>,
    /// Poisson mode: incidents per year by type.
    #[serde(default)]
    pub per_year: Option<BTreeMap<String, f64>>,
    /// Replay mode: recorded counts per year.
    #[serde(default)]
    pub years: Option<Vec<RawYear>>,
    /// Where incidents happen.
    #[serde(default)]
    pub points: Vec<RawPoint>,
    /// Demand places of a builtin district, added to `points`.
    #[serde(default)]
    pub builtin: Option<String>,
    /// Per incident type, the share of incidents in each setting:
    /// `fire = { urban = 0.562, rural = 0.438 }`.
    #[serde(default)]
    pub setting_share: BTreeMap<String, BTreeMap<String, f64>>,
    /// When in the day (and week) alarms come.
    #[serde(default)]
    pub profile: Option<RawProfile>,
}

/// `[demand.profile]`: hourly weights of alarms, hour 0 = 00:00–01:00.
#[derive(Debug, Deserialize)]
pub struct RawProfile {
    /// 24 weights for every day (or for Monday to Friday, with `weekend`).
    pub hourly: Vec<f64>,
    /// 24 weights for Saturdays and Sundays (default: `hourly`).
    #[serde(default)]
    pub weekend: Option<Vec<f64>>,
    /// A type's own profile: `[demand.profile.types.fire] hourly = [...]`.
    #[serde(default)]
    pub types: BTreeMap<String, RawTypeProfile>,
}

/// `[demand.profile.types.<type>]`.
#[derive(Debug, Deserialize)]
pub struct RawTypeProfile {
    /// 24 weights for every day (or weekdays, with `weekend`).
    pub hourly: Vec<f64>,
    /// 24 weights for Saturdays and Sundays (default: `hourly`).
    #[serde(default)]
    pub weekend: Option<Vec<f64>>,
}

/// `{ year = 2016, fire = 66, ... }`.
#[derive(Debug, Deserialize)]
pub struct RawYear {
    /// Calendar year.
    pub year: i64,
    /// Count per incident type.
    #[serde(flatten)]
    pub counts: BTreeMap<String, toml::Value>,
}

/// `{ at = "a", weight = 2.0, zone = "west town" }`.
#[derive(Debug, Deserialize)]
pub struct RawPoint {
    /// Where.
    pub at: RawAt,
    /// Relative share of incidents (default 1).
    #[serde(default = "unit_weight")]
    pub weight: f64,
    /// Reporting zone (default: the node id or the coordinate).
    #[serde(default)]
    pub zone: Option<String>,
    /// Setting (`urban`, `rural`, ...): a second reporting dimension, and
    /// the groups `setting_share` splits incidents between.
    #[serde(default)]
    pub setting: Option<String>,
}

fn unit_weight() -> f64 {
    1.0
}

/// `[simulation]`.
#[derive(Debug, Deserialize)]
pub struct RawSimulation {
    /// Simulated years per replication (Poisson mode).
    #[serde(default)]
    pub years: Option<f64>,
    /// Number of replications.
    pub replications: i64,
    /// Seed of every random stream.
    pub seed: u64,
    /// What happens when no suitable unit is free.
    #[serde(default)]
    pub when_all_busy: Option<RawWhenBusy>,
    /// Coefficient of variation of a trip's travel time (lognormal, mean
    /// the road network's time); 0 or absent: travel is deterministic.
    #[serde(default)]
    pub travel_cv: Option<f64>,
    /// Coefficients of variation per road class (`"*"`: every class not
    /// named; others take `travel_cv`).
    #[serde(default)]
    pub travel_cv_by_class: BTreeMap<String, f64>,
}

/// `"queue"` or `{ mutual_aid_delay_s = 900 }`.
#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "\"queue\" or { mutual_aid_delay_s = SECONDS }")]
pub enum RawWhenBusy {
    /// A keyword.
    Keyword(RawBusyKeyword),
    /// Mutual aid after a delay.
    MutualAid(RawMutualAid),
}

/// Keywords for `when_all_busy`.
#[derive(Debug)]
pub enum RawBusyKeyword {
    /// FCFS queue.
    Queue,
}

/// `{ mutual_aid_delay_s = 900 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMutualAid {
    /// Seconds from the alarm until an outside unit arrives.
    pub mutual_aid_delay_s: f64,
}
