//! `[[stations]]`: where each station stands (a node, a township seat or coordinates), its units, crews and shifts.

use super::*;

/// A township seat of a builtin district, which `at` may name.
pub(super) struct Seat {
    /// Node id on the district's own network (`yunlong`).
    pub(super) id: String,
    /// Chinese name (`云龙镇`).
    pub(super) name_zh: String,
    /// Longitude, degrees.
    pub(super) lon: f64,
    /// Latitude, degrees.
    pub(super) lat: f64,
}

/// The seats of the scenario's builtin district: the network's, or else the
/// demand's (then, on another network, a seat named in `at` snaps by its
/// coordinates). Empty when neither is builtin.
pub(super) fn district_seats(
    network: &RawNetwork,
    demand: &RawDemand,
    doc: &Document,
) -> Vec<Seat> {
    network
        .builtin
        .as_deref()
        .or(demand.builtin.as_deref())
        .and_then(|name| doc.builtin(name).ok())
        .and_then(|b| b.township_table().ok())
        .map(|table| {
            table
                .into_iter()
                .map(|t| Seat {
                    id: t.id,
                    name_zh: t.name_zh,
                    lon: t.lon,
                    lat: t.lat,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The seat `name` stands for: its id (`yunlong`), its full name (`云龙镇`)
/// or the name without its 镇, 乡 or 街道 (`云龙`).
pub(super) fn seat_named<'a>(seats: &'a [Seat], name: &str) -> Option<&'a Seat> {
    seats.iter().find(|seat| {
        seat.id == name
            || seat.name_zh == name
            || ["街道", "镇", "乡"]
                .iter()
                .any(|suffix| seat.name_zh.strip_suffix(suffix) == Some(name))
    })
}

/// Resolves `at` to a node: an id, a township seat of the builtin district
/// ([`district_seats`]: on another network it snaps by its coordinates), or
/// a coordinate snapped to the nearest node (with the distance). A snap farther than `max_snap_m`, when given, is an error;
/// else one over [`SNAP_WARNING_M`] a warning.
pub(super) fn resolve_at(
    at: &RawAt,
    path: &str,
    network: &Network,
    seats: &[Seat],
    max_snap_m: Option<f64>,
    p: &mut Problems,
) -> Option<(NodeId, Option<f64>)> {
    match at {
        RawAt::Node(id) => {
            let seat = seat_named(seats, id);
            let node = network
                .node_by_id(id)
                .or_else(|| seat.and_then(|s| network.node_by_id(&s.id)));
            if let (None, Some(seat)) = (node, seat) {
                // the district's seat, on a network that is not the district's own
                let at = RawAt::Coord(RawLonLat {
                    lon: seat.lon,
                    lat: seat.lat,
                });
                return resolve_at(&at, path, network, &[], max_snap_m, p);
            }
            if node.is_none() {
                let similar = similar_node_ids(network, id);
                if similar.is_empty() {
                    p.error(path, said!("check-unknown-node", node = id));
                } else {
                    p.error(
                        path,
                        said!(
                            "check-unknown-node-suggest",
                            node = id,
                            similar = similar.join(", ")
                        ),
                    );
                }
            }
            node.map(|n| (n, None))
        }
        RawAt::Coord(c) => {
            if !check_coordinate(path, c.lon, c.lat, p) {
                return None;
            }
            let (node, d) = network.nearest_node(c.lon, c.lat)?;
            let name = &network.nodes()[node.index()].id;
            match max_snap_m {
                Some(max) if d > max => p.error(
                    path,
                    said!(
                        "check-snap-too-far",
                        node = name,
                        distance = format!("{d:.0}"),
                        max = format!("{max:.0}")
                    ),
                ),
                _ if d > SNAP_WARNING_M => {
                    p.warn(
                        path,
                        said!(
                            "check-snapped-far",
                            node = name,
                            distance = format!("{d:.0}")
                        ),
                    );
                }
                _ => {}
            }
            Some((node, Some(d)))
        }
    }
}

pub(super) fn stations(
    raw: &[RawStation],
    network: &Network,
    names: &[Seat],
    default_turnout: f64,
    max_snap_m: f64,
    p: &mut Problems,
) -> (Vec<Station>, Vec<String>, Vec<Unit>) {
    if raw.is_empty() {
        p.error("stations", said!("check-no-station"));
    }
    let mut stations = Vec::new();
    let mut kinds: Vec<String> = Vec::new();
    let mut units = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, s) in raw.iter().enumerate() {
        let path = join_index("stations", i);
        if let Some(&first) = seen.get(s.id.as_str()) {
            p.error(
                join_key(&path, "id"),
                said!("check-duplicate-station", station = s.id, first = first),
            );
        } else {
            seen.insert(&s.id, i);
        }
        if s.id.is_empty() {
            p.error(join_key(&path, "id"), said!("check-empty"));
        }
        let node = resolve_at(
            &s.at,
            &join_key(&path, "at"),
            network,
            names,
            Some(max_snap_m),
            p,
        );
        let turnout_s = s.turnout_s.unwrap_or(default_turnout);
        if p.number(&join_key(&path, "turnout_s"), turnout_s, 0.0, false)
            && turnout_s > MAX_STANDARD_S
        {
            p.error(
                join_key(&path, "turnout_s"),
                said!(
                    "check-at-most-a-day",
                    max = MAX_STANDARD_S,
                    value = show(turnout_s)
                ),
            );
        }
        if s.units.is_empty() {
            p.warn(join_key(&path, "units"), said!("check-no-units"));
        }
        let station = StationId::from_index(stations.len());
        let mut unit_count: i64 = 0;
        for (j, u) in s.units.iter().enumerate() {
            let upath = join_index(&join_key(&path, "units"), j);
            if u.kind.trim().is_empty() {
                p.error(join_key(&upath, "kind"), said!("check-empty"));
            }
            if u.count < 1 {
                p.error(join_key(&upath, "count"), said!("check-at-least-one"));
                continue;
            }
            if u.count > MAX_UNITS_PER_LINE {
                p.error(
                    join_key(&upath, "count"),
                    said!(
                        "check-units-per-line",
                        max = MAX_UNITS_PER_LINE,
                        value = u.count
                    ),
                );
                continue;
            }
            if units.len() + u.count as usize > MAX_UNITS {
                p.error(
                    join_key(&upath, "count"),
                    said!("check-too-many-units", max = MAX_UNITS),
                );
                break;
            }
            let kind = match kinds.iter().position(|k| k == &u.kind) {
                Some(k) => k,
                None => {
                    kinds.push(u.kind.clone());
                    kinds.len() - 1
                }
            };
            unit_count += u.count;
            let already = units
                .iter()
                .filter(|x: &&Unit| x.station == station && x.kind.index() == kind)
                .count();
            for n in 0..u.count as usize {
                units.push(Unit {
                    id: format!("{}/{}-{}", s.id, u.kind, already + n + 1),
                    station,
                    kind: UnitKindId::from_index(kind),
                });
            }
        }
        let mut count = |key: &str, value: Option<i64>, default: i64| -> u32 {
            let v = value.unwrap_or(default);
            u32::try_from(v).unwrap_or_else(|_| {
                p.error(
                    join_key(&path, key),
                    said!("check-count-range", min = 0, max = u32::MAX, value = v),
                );
                0
            })
        };
        let firefighters = count("firefighters", s.firefighters, 0);
        let vehicles = count("vehicles", s.vehicles, unit_count);
        if i64::from(vehicles) < unit_count {
            p.error(
                join_key(&path, "vehicles"),
                said!("check-vehicles", vehicles = vehicles, units = unit_count),
            );
        }
        let turnout_cv = match s.turnout_cv {
            Some(cv) => coefficient_of_variation(&join_key(&path, "turnout_cv"), cv, p),
            None => 0.0,
        };
        let shifts = shifts(&s.shifts, &path, (turnout_s, turnout_cv), unit_count, p);
        stations.push(Station {
            id: s.id.clone(),
            name: s.name.clone(),
            node: node.map_or(NodeId(0), |(n, _)| n),
            snap_m: node.and_then(|(_, d)| d),
            turnout_s,
            turnout_cv,
            category: match s.category {
                RawStationCategory::Station => StationCategory::Station,
                RawStationCategory::TownshipTeam => StationCategory::TownshipTeam,
                RawStationCategory::Other => StationCategory::Other,
            },
            firefighters,
            vehicles,
            jurisdiction: s.jurisdiction.clone(),
            removable: s.removable,
            class: s.class.map(|c| match c {
                RawStationClass::First => StationClass::First,
                RawStationClass::Second => StationClass::Second,
                RawStationClass::Small => StationClass::Small,
                RawStationClass::Special => StationClass::Special,
            }),
            shifts,
        });
    }
    (stations, kinds, units)
}

/// A coefficient of variation at `path`: at least 0, at most
/// [`MAX_CV`]; 0 when it is not.
pub(super) fn coefficient_of_variation(path: &str, cv: f64, p: &mut Problems) -> f64 {
    if !p.number(path, cv, 0.0, false) {
        return 0.0;
    }
    if cv > MAX_CV {
        p.error(path, said!("check-cv-max", max = MAX_CV, value = show(cv)));
        return 0.0;
    }
    cv
}

/// `[[stations.shifts]]` of one station: hours in range, not overlapping,
/// a turnout like the station's and at most its units staffed.
pub(super) fn shifts(
    raw: &[RawShift],
    station: &str,
    (turnout_s, turnout_cv): (f64, f64),
    units: i64,
    p: &mut Problems,
) -> Vec<Shift> {
    let mut out: Vec<(usize, Shift)> = Vec::new();
    for (i, sh) in raw.iter().enumerate() {
        let path = join_index(&join_key(station, "shifts"), i);
        let (from, to) = (sh.from_hour, sh.to_hour);
        if !(0..24).contains(&from) || !(1..=24).contains(&to) || from == to {
            p.error(&path, said!("check-shift-hours", from = from, to = to));
            continue;
        }
        let mut ok = true;
        let turnout = sh.turnout_s.unwrap_or(turnout_s);
        if sh.turnout_s.is_some() {
            let key = join_key(&path, "turnout_s");
            if !p.number(&key, turnout, 0.0, false) {
                ok = false;
            } else if turnout > MAX_STANDARD_S {
                p.error(
                    key,
                    said!(
                        "check-at-most-a-day",
                        max = MAX_STANDARD_S,
                        value = show(turnout)
                    ),
                );
                ok = false;
            }
        }
        let staffed = sh.staffed.unwrap_or(units);
        if !(0..=units).contains(&staffed) {
            p.error(
                join_key(&path, "staffed"),
                said!("check-shift-staffed", value = staffed, units = units),
            );
            ok = false;
        }
        let cv = match sh.turnout_cv {
            Some(cv) => coefficient_of_variation(&join_key(&path, "turnout_cv"), cv, p),
            None => turnout_cv,
        };
        let shift = Shift {
            from_hour: from as u32,
            to_hour: to as u32,
            turnout_s: turnout,
            turnout_cv: cv,
            staffed: staffed.clamp(0, units) as u32,
        };
        if let Some((j, other)) = out
            .iter()
            .find(|(_, o)| (0..24).any(|h| o.covers(h) && shift.covers(h)))
        {
            p.error(
                &path,
                said!(
                    "check-shift-overlap",
                    from = from,
                    to = to,
                    other = j,
                    other_from = other.from_hour,
                    other_to = other.to_hour
                ),
            );
            continue;
        }
        if ok {
            out.push((i, shift));
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}
