//! `[demand]`: demand places, Poisson rates, yearly counts or alarm records, setting shares, time-of-day profiles, and the volume a run can hold.
//!
//! About 800 lines: the three demand modes (Poisson rates, yearly counts,
//! alarm records) share the nearest-place index and the place checks.

use super::*;

/// Whether the demand's builtin places stand on their own district's
/// network (then by node id; otherwise they snap by coordinates).
pub(super) fn own_builtin(network: &RawNetwork, demand: &RawDemand) -> bool {
    network.builtin.is_some() && network.builtin == demand.builtin
}

/// The index of `name` in `names`, added at the end when new (zones and
/// settings are numbered in order of first appearance).
pub(super) fn index_of(names: &mut Vec<String>, name: &str) -> usize {
    match names.iter().position(|z| z == name) {
        Some(i) => i,
        None => {
            names.push(name.to_string());
            names.len() - 1
        }
    }
}

/// The scenario's places in an R-tree of their nodes, for the place nearest
/// a record: a linear scan per record would take records × places
/// distances, hours on a city's records.
pub(super) struct NearestPlaces {
    projection: crate::network::Projection,
    tree: rstar::RTree<rstar::primitives::GeomWithData<[f64; 2], usize>>,
}

impl NearestPlaces {
    fn new(network: &Network, places: &[DemandPoint]) -> NearestPlaces {
        let first = places.first().map(|p| &network.nodes()[p.node.index()]);
        let projection = crate::network::Projection::new(
            first.map_or(0.0, |n| n.lon),
            first.map_or(0.0, |n| n.lat),
        );
        let tree = rstar::RTree::bulk_load(
            places
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let n = &network.nodes()[p.node.index()];
                    let (x, y) = projection.xy(n.lon, n.lat);
                    rstar::primitives::GeomWithData::new([x, y], i)
                })
                .collect(),
        );
        NearestPlaces { projection, tree }
    }

    /// The index of the place nearest `node`; `None` without places.
    fn to(&self, node: &Node) -> Option<usize> {
        let (x, y) = self.projection.xy(node.lon, node.lat);
        self.tree.nearest_neighbor(&[x, y]).map(|hit| hit.data)
    }
}

/// What reading a records file needs.
pub(super) struct RecordInputs<'a> {
    file: &'a str,
    base: &'a std::path::Path,
    types: &'a [IncidentType],
    network: &'a Network,
    seats: &'a [Seat],
    max_snap_m: f64,
    /// Metres a record may move per replication (0: none).
    jitter_m: f64,
    /// The scenario's places (points, builtin places): a record takes its
    /// zone and setting from the nearest.
    places: &'a [DemandPoint],
}

/// A records file, read and checked.
pub(super) struct ReadRecords {
    years: Vec<YearCounts>,
    alarms: Vec<RecordedAlarm>,
    points: Vec<DemandPoint>,
}

/// Road nodes a jittered record may move to at most (the nearest ones
/// within `jitter_m`, its own included).
pub(super) const JITTER_NODES: usize = 16;
/// Largest `jitter_m`: beyond it a record is no longer where it happened.
pub(super) const MAX_JITTER_M: f64 = 5_000.0;

/// Most bad rows of a records file listed one by one.
pub(super) const BAD_ROWS_LISTED: usize = 20;

impl RecordInputs<'_> {
    fn read(
        &self,
        zones: &mut Vec<String>,
        settings: &mut Vec<String>,
        p: &mut Problems,
    ) -> Option<ReadRecords> {
        use super::records::{RecordPlace, read_records, seconds_into_year};
        use chrono::Datelike;
        const KEY: &str = "demand.records";
        if self.file.is_empty() {
            p.error("demand", said!("check-records-needs-file"));
            return None;
        }
        let path = self.base.join(self.file);
        let shown = path.display().to_string();
        let text = match crate::input::read_text(&path, crate::input::Limit::Geodata) {
            Ok(t) => t,
            Err(e) => {
                p.error(KEY, e.said());
                return None;
            }
        };
        let (rows, mut bad) = read_records(&text, self.file);
        // one stated offset for the hours of the day: the first row's;
        // every alarm is placed by its instant, whatever offset it was
        // written with (a UTC row among +08:00 ones is not 8 h early)
        let offset = rows.first().map(|r| *r.time.offset());
        if let Some(offset) = offset
            && let Some(other) = rows.iter().find(|r| *r.time.offset() != offset)
        {
            let differ = rows.iter().filter(|r| *r.time.offset() != offset).count();
            p.warn(
                KEY,
                said!(
                    "check-records-offsets",
                    file = shown.clone(),
                    count = differ,
                    row = other.row,
                    other = other.time.offset().to_string(),
                    offset = offset.to_string()
                ),
            );
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let nearest_places = NearestPlaces::new(self.network, self.places);
        let mut points = Vec::with_capacity(rows.len());
        let mut dated = Vec::with_capacity(rows.len());
        let mut near = Vec::new();
        for r in &rows {
            let fail = |message: Catalogued| super::records::RecordError {
                row: r.row,
                message,
            };
            if let Some(id) = &r.id {
                if let Some(&first) = seen.get(id) {
                    bad.push(fail(said!(
                        "check-record-duplicate-id",
                        id = id,
                        first = first
                    )));
                    continue;
                }
                seen.insert(id.clone(), r.row);
            }
            let Some(t) = type_index(self.types, &r.incident_type) else {
                let names: Vec<&str> = self.types.iter().map(|t| t.name.as_str()).collect();
                bad.push(fail(said!(
                    "check-record-type",
                    value = r.incident_type,
                    types = names.join(", ")
                )));
                continue;
            };
            let node = match &r.place {
                RecordPlace::Coord(lon, lat) => match self.network.nearest_node(*lon, *lat) {
                    Some((node, d)) if d <= self.max_snap_m => node,
                    Some((_, d)) => {
                        bad.push(fail(said!(
                            "check-record-outside",
                            lon = lon,
                            lat = lat,
                            distance = format!("{d:.0}"),
                            max = format!("{:.0}", self.max_snap_m)
                        )));
                        continue;
                    }
                    None => continue,
                },
                RecordPlace::Named(name) => {
                    let seat = seat_named(self.seats, name);
                    let by_id = self
                        .network
                        .node_by_id(name)
                        .or_else(|| seat.and_then(|s| self.network.node_by_id(&s.id)));
                    let by_seat = seat.and_then(|s| {
                        self.network
                            .nearest_node(s.lon, s.lat)
                            .filter(|(_, d)| *d <= self.max_snap_m)
                            .map(|(n, _)| n)
                    });
                    match by_id.or(by_seat) {
                        Some(n) => n,
                        None => {
                            bad.push(fail(said!("check-record-place", value = name)));
                            continue;
                        }
                    }
                }
            };
            let here = &self.network.nodes()[node.index()];
            let nearest_place = nearest_places.to(here);
            let zone = match (&r.zone, nearest_place) {
                (Some(z), _) => index_of(zones, z),
                (None, Some(i)) => self.places[i].zone.index(),
                (None, None) => index_of(zones, &here.id),
            };
            let setting = match (&r.setting, nearest_place) {
                (Some(s), _) => Some(index_of(settings, s) as u32),
                (None, Some(i)) => self.places[i].setting,
                (None, None) => None,
            };
            // the record's own node first, then the others within jitter_m
            let mut at = vec![node];
            if self.jitter_m > 0.0 {
                self.network
                    .nearest_nodes(here.lon, here.lat, JITTER_NODES, &mut near);
                at.extend(
                    near.iter()
                        .filter(|(n, d)| *n != node && *d <= self.jitter_m)
                        .map(|(n, _)| *n),
                );
            }
            let time = offset.map_or(r.time, |o| r.time.with_timezone(&o));
            dated.push((
                time.year(),
                seconds_into_year(&time),
                t as u16,
                points.len() as u32,
                at.len() as u16,
                r.on_scene_min.map(|m| m * 60.0),
            ));
            // one alarm, shared among the nodes it may stand at: static
            // models (coverage, siting) count each record once
            let weight = 1.0 / at.len() as f64;
            points.extend(at.into_iter().map(|node| DemandPoint {
                node,
                weight,
                zone: ZoneId::from_index(zone),
                setting,
            }));
        }
        if !bad.is_empty() {
            bad.sort_by_key(|e| e.row);
            for e in bad.iter().take(BAD_ROWS_LISTED) {
                // every row message begins with the file and the row
                let mut message = e.message.clone();
                message.args.push(("file", shown.clone()));
                message.args.push(("row", e.row.to_string()));
                p.error(KEY, message);
            }
            if bad.len() > BAD_ROWS_LISTED {
                p.error(
                    KEY,
                    said!(
                        "check-record-more",
                        file = shown,
                        more = bad.len() - BAD_ROWS_LISTED,
                        total = bad.len()
                    ),
                );
            }
            return None;
        }
        if dated.is_empty() {
            p.error(KEY, said!("check-records-empty", file = shown));
            return None;
        }
        let first = dated.iter().map(|d| d.0).min().unwrap_or(0);
        let last = dated.iter().map(|d| d.0).max().unwrap_or(0);
        if last - first >= MAX_YEARS as i32 {
            p.error(
                KEY,
                said!("check-years-max", max = MAX_YEARS, value = last - first + 1),
            );
            return None;
        }
        let mut years: Vec<YearCounts> = (first..=last)
            .map(|year| YearCounts {
                year,
                counts: vec![0; self.types.len()],
            })
            .collect();
        let mut alarms: Vec<RecordedAlarm> = dated
            .into_iter()
            .map(|(year, seconds, t, point, alternatives, on_scene_s)| {
                let y = (year - first) as usize;
                years[y].counts[t as usize] += 1;
                RecordedAlarm {
                    year: y as u16,
                    seconds_into_year: seconds,
                    incident_type: t,
                    point,
                    alternatives,
                    on_scene_s,
                }
            })
            .collect();
        // in time order; ties keep the file's order
        alarms.sort_by(|a, b| {
            (a.year, a.seconds_into_year)
                .partial_cmp(&(b.year, b.seconds_into_year))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Some(ReadRecords {
            years,
            alarms,
            points,
        })
    }
}

/// Most far-snapped places an error lists by name.
pub(super) const FAR_PLACES_LISTED: usize = 5;

#[allow(clippy::too_many_arguments)]
pub(super) fn demand(
    raw: &RawDemand,
    types: &[IncidentType],
    network: &Network,
    on_own_network: bool,
    seats: &[Seat],
    max_snap_m: f64,
    records_base: &std::path::Path,
    doc: &Document,
    p: &mut Problems,
) -> Option<Demand> {
    let type_names = || {
        types
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mode = match raw.mode {
        RawDemandMode::Poisson => {
            if raw.years.is_some() {
                p.error("demand.years", said!("check-only-replay"));
            }
            let mut per_year = vec![0.0; types.len()];
            match &raw.per_year {
                None => p.error("demand", said!("check-poisson-needs-rates")),
                Some(rates) => {
                    for (name, rate) in rates {
                        let path = join_key("demand.per_year", name);
                        match type_index(types, name) {
                            Some(t) => {
                                if p.number(&path, *rate, 0.0, false) {
                                    per_year[t] = *rate;
                                }
                            }
                            None => p.error(
                                path,
                                said!("check-unknown-type-list", name = name, types = type_names()),
                            ),
                        }
                    }
                    if per_year.iter().all(|r| *r == 0.0) && !p.has_errors() {
                        p.error("demand.per_year", said!("check-rates-zero"));
                    }
                }
            }
            DemandMode::Poisson { per_year }
        }
        RawDemandMode::Records => {
            for (key, given) in [
                ("demand.per_year", raw.per_year.is_some()),
                ("demand.years", raw.years.is_some()),
                ("demand.setting_share", !raw.setting_share.is_empty()),
            ] {
                if given {
                    p.error(key, said!("check-not-with-records"));
                }
            }
            // filled from the file once the places are known
            DemandMode::Records {
                years: Vec::new(),
                alarms: Vec::new(),
                bootstrap_years: raw.bootstrap == Some(RawBootstrap::Years),
                jitter_m: match raw.jitter_m {
                    Some(j) if p.number("demand.jitter_m", j, 0.0, false) => {
                        if j > MAX_JITTER_M {
                            p.error(
                                "demand.jitter_m",
                                said!("check-jitter-max", max = MAX_JITTER_M, value = show(j)),
                            );
                        }
                        j
                    }
                    _ => 0.0,
                },
                file: raw.records.clone().unwrap_or_default(),
            }
        }
        RawDemandMode::Counts | RawDemandMode::Replay => {
            if raw.mode == RawDemandMode::Replay {
                p.warn("demand.mode", said!("check-replay-renamed"));
            }
            if raw.per_year.is_some() {
                p.error("demand.per_year", said!("check-only-poisson"));
            }
            let mut years = Vec::new();
            match &raw.years {
                None => p.error("demand", said!("check-replay-needs-years")),
                Some(list) if list.is_empty() => p.error("demand.years", said!("check-no-year")),
                Some(list) => {
                    for (i, y) in list.iter().enumerate() {
                        let ypath = join_index("demand.years", i);
                        let year = match i32::try_from(y.year) {
                            Ok(v) if (1..=9999).contains(&v) => v,
                            _ => {
                                p.error(
                                    join_key(&ypath, "year"),
                                    said!("check-not-a-year", value = y.year),
                                );
                                continue;
                            }
                        };
                        if let Some(prev) = years.last().map(|c: &YearCounts| c.year)
                            && year <= prev
                        {
                            p.error(
                                join_key(&ypath, "year"),
                                said!("check-years-increase", year = year, previous = prev),
                            );
                        }
                        let mut counts = vec![0u32; types.len()];
                        for (name, v) in &y.counts {
                            let path = join_key(&ypath, name);
                            let Some(t) = type_index(types, name) else {
                                p.error(
                                    path,
                                    said!(
                                        "check-unknown-type-list",
                                        name = name,
                                        types = type_names()
                                    ),
                                );
                                continue;
                            };
                            match v.as_integer().and_then(|n| u32::try_from(n).ok()) {
                                Some(n) => counts[t] = n,
                                None => p.error(path, said!("check-incident-count", value = v)),
                            }
                        }
                        years.push(YearCounts { year, counts });
                    }
                }
            }
            DemandMode::Replay { years }
        }
    };
    if raw.mode != RawDemandMode::Records {
        for (key, given) in [
            ("demand.records", raw.records.is_some()),
            ("demand.bootstrap", raw.bootstrap.is_some()),
            ("demand.jitter_m", raw.jitter_m.is_some()),
        ] {
            if given {
                p.error(key, said!("check-only-records"));
            }
        }
    }
    let mut builtin_places = Vec::new();
    if let Some(name) = &raw.builtin {
        match doc.builtin(name).and_then(|b| b.places()) {
            Ok(places) => builtin_places = places,
            Err(e) => p.error("demand.builtin", builtin_said(&e)),
        }
    }
    let records = raw.mode == RawDemandMode::Records;
    if raw.points.is_empty() && builtin_places.is_empty() && !records {
        p.error("demand.points", said!("check-no-demand-point"));
    }
    let mut points = Vec::new();
    let mut zones: Vec<String> = Vec::new();
    let mut settings: Vec<String> = Vec::new();
    let mut with_setting = 0usize;
    let mut total_weight = 0.0;
    for (i, pt) in raw.points.iter().enumerate() {
        let path = join_index("demand.points", i);
        let node =
            resolve_at(&pt.at, &join_key(&path, "at"), network, &[], None, p).map(|(n, _)| n);
        let wpath = join_key(&path, "weight");
        if p.number(&wpath, pt.weight, 0.0, false) {
            if pt.weight > MAX_WEIGHT {
                p.error(
                    wpath,
                    said!(
                        "check-weight-max",
                        max = format!("{MAX_WEIGHT:e}"),
                        value = show(pt.weight)
                    ),
                );
            } else {
                total_weight += pt.weight;
            }
        }
        let Some(node) = node else { continue };
        let zone_name = pt
            .zone
            .clone()
            .unwrap_or_else(|| network.nodes()[node.index()].id.clone());
        let zone = index_of(&mut zones, &zone_name);
        let setting = pt
            .setting
            .as_deref()
            .map(|s| index_of(&mut settings, s) as u32);
        with_setting += usize::from(setting.is_some());
        points.push(DemandPoint {
            node,
            weight: pt.weight,
            zone: ZoneId::from_index(zone),
            setting,
        });
    }
    let mut snaps = Vec::new();
    let mut far = Vec::new();
    for place in &builtin_places {
        let node = if on_own_network {
            let Some(node) = network.node_by_id(&place.node) else {
                p.error(
                    "demand.builtin",
                    said!("check-place-not-in-network", node = place.node),
                );
                break;
            };
            node
        } else {
            // another network: the place goes to the node nearest its point
            let Some((node, d)) = network.nearest_node(place.lon, place.lat) else {
                break;
            };
            if d > max_snap_m {
                far.push((place, d));
            }
            snaps.push(d);
            node
        };
        total_weight += place.weight;
        with_setting += 1;
        points.push(DemandPoint {
            node,
            weight: place.weight,
            zone: ZoneId::from_index(index_of(&mut zones, &place.zone)),
            setting: Some(index_of(&mut settings, &place.setting) as u32),
        });
    }
    if !far.is_empty() {
        far.sort_by(|a, b| b.1.total_cmp(&a.1));
        let listed: Vec<String> = far
            .iter()
            .take(FAR_PLACES_LISTED)
            .map(|(place, d)| {
                format!(
                    "{} {} ({:.5}, {:.5}) {:.0} m",
                    place.zone, place.node, place.lon, place.lat, d
                )
            })
            .collect();
        p.error(
            "demand.builtin",
            said!(
                "check-places-snap-too-far",
                count = far.len(),
                total = builtin_places.len(),
                max = format!("{max_snap_m:.0}"),
                places = listed.join("; ")
            ),
        );
    }
    let snapped = (!snaps.is_empty()).then(|| {
        snaps.sort_by(f64::total_cmp);
        PlaceSnap {
            builtin: raw.builtin.clone().unwrap_or_default(),
            places: snaps.len(),
            median_m: snaps[snaps.len() / 2],
            max_m: snaps[snaps.len() - 1],
        }
    });
    let mut mode = mode;
    if let DemandMode::Records {
        years,
        alarms,
        file,
        jitter_m,
        ..
    } = &mut mode
    {
        // each record becomes its own point; the places name its zone and setting
        let places = std::mem::take(&mut points);
        let read = RecordInputs {
            file,
            base: records_base,
            types,
            network,
            seats,
            max_snap_m,
            jitter_m: *jitter_m,
            places: &places,
        };
        match read.read(&mut zones, &mut settings, p) {
            Some(mut r) => {
                // only the zones some record is in are reported
                let mut used: Vec<Option<usize>> = vec![None; zones.len()];
                let mut kept = Vec::new();
                for pt in &mut r.points {
                    let z = pt.zone.index();
                    let new = *used[z].get_or_insert_with(|| {
                        kept.push(zones[z].clone());
                        kept.len() - 1
                    });
                    pt.zone = ZoneId::from_index(new);
                }
                zones = kept;
                *years = r.years;
                *alarms = r.alarms;
                with_setting = r.points.iter().filter(|pt| pt.setting.is_some()).count();
                total_weight = 1.0;
                points = r.points;
            }
            None => return None,
        }
    }
    if with_setting != 0 && with_setting != points.len() {
        p.error(
            "demand.points",
            said!(
                "check-settings-partial",
                with = with_setting,
                total = points.len()
            ),
        );
    }
    if !points.is_empty() && total_weight <= 0.0 {
        p.error("demand.points", said!("check-weights-zero"));
    }
    let mut setting_weight = vec![0.0; settings.len()];
    for point in &points {
        if let Some(s) = point.setting {
            setting_weight[s as usize] += point.weight;
        }
    }
    let setting_share = setting_shares(raw, types, &settings, &setting_weight, p);
    let profiles = profiles(raw, types, p);
    let first_weekday = mode
        .years()
        .and_then(|y| y.first())
        .and_then(|y| chrono::NaiveDate::from_ymd_opt(y.year, 1, 1))
        .map_or(0, |d| {
            use chrono::Datelike;
            d.weekday().num_days_from_monday()
        });
    Some(Demand {
        mode,
        points,
        zones,
        settings,
        setting_share,
        snapped,
        profiles,
        first_weekday,
    })
}

/// `[demand.setting_share]`: per type, a share for every setting, summing to 1.
pub(super) fn setting_shares(
    raw: &RawDemand,
    types: &[IncidentType],
    settings: &[String],
    setting_weight: &[f64],
    p: &mut Problems,
) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); types.len()];
    for (type_name, shares) in &raw.setting_share {
        let path = join_key("demand.setting_share", type_name);
        let Some(t) = type_index(types, type_name) else {
            p.error(path, said!("check-unknown-type", name = type_name));
            continue;
        };
        let mut row = vec![0.0; settings.len()];
        let mut sum = 0.0;
        for (setting, share) in shares {
            let spath = join_key(&path, setting);
            match settings.iter().position(|s| s == setting) {
                Some(i) => {
                    if p.number(&spath, *share, 0.0, false) {
                        row[i] = *share;
                        sum += *share;
                    }
                    // a share needs places to put its alarms in
                    if *share > 0.0 && setting_weight[i] <= 0.0 {
                        p.error(
                            spath,
                            said!(
                                "check-share-without-places",
                                share = show(*share),
                                setting = setting
                            ),
                        );
                    }
                }
                None => p.error(
                    spath,
                    said!(
                        "check-unknown-setting",
                        setting = setting,
                        settings = settings.join(", ")
                    ),
                ),
            }
        }
        for s in settings {
            if !shares.contains_key(s) {
                p.error(
                    path.clone(),
                    format!("no share for setting `{s}`: every setting needs one"),
                );
            }
        }
        if (sum - 1.0).abs() > 1e-6 {
            p.error(path, said!("check-shares-sum", value = show(sum)));
        }
        out[t] = row;
    }
    out
}

/// `[demand.profile]`: per type, its week profile (a type's own, else the
/// common one); empty without a profile.
pub(super) fn profiles(
    raw: &RawDemand,
    types: &[IncidentType],
    p: &mut Problems,
) -> Vec<Option<WeekProfile>> {
    let Some(profile) = &raw.profile else {
        return Vec::new();
    };
    if raw.mode == RawDemandMode::Records {
        p.error("demand.profile", said!("check-not-with-records"));
        return Vec::new();
    }
    let day = |path: &str, w: &[f64], p: &mut Problems| -> bool {
        if w.len() != 24 {
            p.error(path, said!("check-profile-hours", count = w.len()));
            return false;
        }
        let mut ok = true;
        for (h, x) in w.iter().enumerate() {
            ok &= p.number(&join_index(path, h), *x, 0.0, false);
        }
        ok
    };
    let week = |base: &str, hourly: &[f64], weekend: Option<&Vec<f64>>, p: &mut Problems| {
        let ok = day(&join_key(base, "hourly"), hourly, p);
        let weekend = weekend.map(Vec::as_slice).unwrap_or(hourly);
        let ok_end = day(&join_key(base, "weekend"), weekend, p);
        // one day type may be empty (e.g. alarms only at weekends), not both
        if ok && ok_end && hourly.iter().chain(weekend).sum::<f64>() <= 0.0 {
            p.error(join_key(base, "hourly"), said!("check-profile-zero"));
            return None;
        }
        (ok && ok_end).then(|| WeekProfile::new(hourly, weekend))
    };
    let common = week(
        "demand.profile",
        &profile.hourly,
        profile.weekend.as_ref(),
        p,
    );
    let mut out = vec![common; types.len()];
    for (name, own) in &profile.types {
        let path = join_key("demand.profile.types", name);
        match type_index(types, name) {
            Some(t) => out[t] = week(&path, &own.hourly, own.weekend.as_ref(), p),
            None => p.error(path, said!("check-unknown-type", name = name)),
        }
    }
    out
}

/// Rejects demand that would not fit in memory: the alarms of one replication
/// are held at once.
pub(super) fn check_volume(mode: &DemandMode, simulation: &Simulation, p: &mut Problems) {
    let (expected, path) = match mode {
        DemandMode::Poisson { per_year } => (
            per_year.iter().sum::<f64>() * simulation.years,
            "demand.per_year",
        ),
        DemandMode::Replay { years } => (
            years
                .iter()
                .flat_map(|y| y.counts.iter())
                .map(|&c| f64::from(c))
                .sum(),
            "demand.years",
        ),
        DemandMode::Records { alarms, .. } => (alarms.len() as f64, "demand.records"),
    };
    if expected > MAX_ALARMS_PER_REPLICATION {
        p.error(
            path,
            said!(
                "check-alarms-max",
                expected = format!("{expected:.3e}"),
                max = format!("{MAX_ALARMS_PER_REPLICATION:e}"),
                megabytes = (MAX_ALARMS_PER_REPLICATION * BYTES_PER_ALARM / 1e6).round()
            ),
        );
    }
}
