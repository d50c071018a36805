//! Rendering a [`Summary`] for people (terminal text) and machines (JSON).

use std::fmt::Write as _;
use std::io;

use unicode_width::UnicodeWidthStr;

use crate::montecarlo::{GroupBlock, ResponseBlock, Summary};

/// The JSON report (pretty-printed, stable keys, a final newline).
pub fn json_text(summary: &Summary) -> io::Result<String> {
    let text = serde_json::to_string_pretty(summary).map_err(io::Error::other)?;
    Ok(text + "\n")
}

/// `m:ss` for a duration in seconds; `-` when undefined.
pub fn mmss(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "-".into();
    }
    let s = seconds.round() as i64;
    format!("{}:{:02}", s / 60, s % 60)
}

pub(crate) fn pct(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1} %", share * 100.0)
    } else {
        "-".into()
    }
}

pub(crate) fn ci_mmss(ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("[{}, {}]", mmss(lo), mmss(hi)),
        None => String::new(),
    }
}

pub(crate) fn ci_pct(ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("[{:.1}, {:.1}]", lo * 100.0, hi * 100.0),
        None => String::new(),
    }
}

/// A plain text table whose columns line up for CJK text too.
pub(crate) struct Table {
    pub(crate) header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns aligned left (the rest align right).
    left: usize,
}

impl Table {
    pub(crate) fn new(header: &[&str], left: usize) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
            left,
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub(crate) fn render(&self, out: &mut String) {
        let cols = self.header.len();
        let mut widths = vec![0; cols];
        for r in std::iter::once(&self.header).chain(&self.rows) {
            for (c, cell) in r.iter().enumerate() {
                widths[c] = widths[c].max(cell.width());
            }
        }
        for r in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::from("  ");
            for (c, cell) in r.iter().enumerate() {
                let pad = " ".repeat(widths[c] - cell.width());
                if c < self.left {
                    line.push_str(cell);
                    line.push_str(&pad);
                } else {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
                line.push_str("  ");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

fn group_row(name: &str, g: &GroupBlock) -> Vec<String> {
    vec![
        name.to_string(),
        format!("{:.1}", g.incidents),
        if g.unreachable > 0.0 {
            format!("{:.1}", g.unreachable)
        } else {
            "0".into()
        },
        mmss(g.response_s.mean),
        ci_mmss(g.response_s.ci95),
        mmss(g.response_s.p90),
        pct(g.within_standard),
        pct(g.queued),
    ]
}

/// Longest zone or unit table printed; the JSON report has every row.
const MAX_ROWS: usize = 40;

const GROUP_HEADER: [&str; 8] = [
    "",
    "incidents",
    "unreach.",
    "mean resp.",
    "95% CI",
    "p90",
    "within std",
    "waited",
];

fn response_line(r: &ResponseBlock) -> String {
    format!(
        "mean {} {}   median {}   p90 {} {}   p95 {}",
        mmss(r.mean),
        ci_mmss(r.ci95),
        mmss(r.p50),
        mmss(r.p90),
        ci_mmss(r.p90_ci95),
        mmss(r.p95)
    )
}

/// A run's key figures as cells: mean response, its CI, p90, share within
/// the standard, its CI, share that waited.
pub(crate) fn key_figures(s: &Summary) -> [String; 6] {
    [
        mmss(s.response_s.mean),
        ci_mmss(s.response_s.ci95),
        mmss(s.response_s.p90),
        pct(s.within_standard),
        ci_pct(s.within_standard_ci95),
        pct(s.queued),
    ]
}

/// One sentence a planner can quote: the share reached in time and the zones
/// where most alarms are not.
pub fn verdict(s: &Summary) -> String {
    let limit = mmss(s.standard.response_limit_s);
    let failing: Vec<&String> = s
        .by_zone
        .iter()
        .filter(|(_, z)| {
            z.incidents > 0.0 && (z.within_standard.is_nan() || z.within_standard < 0.5)
        })
        .map(|(name, _)| name)
        .collect();
    let zones = s.by_zone.values().filter(|z| z.incidents > 0.0).count();
    let zones_part = if failing.is_empty() {
        format!("in every one of the {zones} zones most alarms do")
    } else {
        format!("in {} of {zones} zones most alarms do not", failing.len())
    };
    let mut text = format!(
        "{} of alarms see a first unit within {limit} of the dispatch order; {zones_part}",
        pct(s.within_standard),
    );
    if s.unreachable > 0.0 {
        let _ = write!(
            text,
            "; {:.1} alarms per replication cannot be reached at all",
            s.unreachable
        );
    }
    text
}

/// The readable summary printed by `firecover run`.
pub fn render_text(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", s.scenario);
    let busy = match s.mutual_aid_delay_s {
        Some(delay) => format!("mutual aid arrives {} after the alarm", mmss(delay)),
        None => "the alarm waits for the first unit to come free (FCFS)".into(),
    };
    let _ = writeln!(
        o,
        "{} simulated year(s) × {} replications, seed {}; when all suitable units are busy, {busy}",
        s.simulated_years, s.replications, s.seed
    );
    let _ = writeln!(
        o,
        "Standard: first unit on scene within {} of the dispatch order (turnout {} + travel {}); times are m:ss from the alarm\n",
        mmss(s.standard.response_limit_s),
        mmss(s.standard.turnout_s),
        mmss(s.standard.travel_s)
    );
    if let Some(note) = &s.network_note {
        let _ = writeln!(o, "Road network: {note}\n");
    }
    let _ = writeln!(o, "Verdict: {}\n", verdict(s));
    let _ = writeln!(
        o,
        "All incidents: {:.1} per replication, {:.1} unreachable",
        s.incidents, s.unreachable
    );
    let _ = writeln!(o, "  response time     {}", response_line(&s.response_s));
    let _ = writeln!(
        o,
        "  travel time       mean {}   p90 {}",
        mmss(s.travel_s.mean),
        mmss(s.travel_s.p90)
    );
    let _ = writeln!(
        o,
        "  within standard   {} {}",
        pct(s.within_standard),
        ci_pct(s.within_standard_ci95)
    );
    let _ = writeln!(
        o,
        "  waited for a unit {} {}   mean wait {}",
        pct(s.queued),
        ci_pct(s.queued_ci95),
        mmss(s.queue_wait_s.mean)
    );
    if s.mutual_aid > 0.0 {
        let _ = writeln!(
            o,
            "  mutual aid        {} {}",
            pct(s.mutual_aid),
            ci_pct(s.mutual_aid_ci95)
        );
    }
    let _ = writeln!(
        o,
        "  full complement   mean {} {}",
        mmss(s.full_complement_s.mean),
        ci_mmss(s.full_complement_s.ci95)
    );
    if s.short_of_units > 0.0 {
        let _ = writeln!(
            o,
            "  short of units    {} {} of answered alarms never got every unit their rule asks for",
            pct(s.short_of_units),
            ci_pct(s.short_of_units_ci95)
        );
    }

    let _ = writeln!(o, "\nBy incident type");
    let mut t = Table::new(&GROUP_HEADER, 1);
    t.header[0] = "type".into();
    for (name, g) in &s.by_type {
        t.row(group_row(name, g));
    }
    t.render(&mut o);

    if !s.by_setting.is_empty() {
        let _ = writeln!(o, "\nBy setting");
        let mut t = Table::new(&GROUP_HEADER, 1);
        t.header[0] = "setting".into();
        for (name, g) in &s.by_setting {
            t.row(group_row(name, g));
        }
        t.render(&mut o);
    }

    let _ = writeln!(o, "\nBy zone, slowest mean response first");
    let mut t = Table::new(&GROUP_HEADER, 1);
    t.header[0] = "zone".into();
    let mut zones: Vec<(&String, &GroupBlock)> = s.by_zone.iter().collect();
    zones.sort_by(|a, b| {
        let key = |g: &GroupBlock| {
            if g.response_s.mean.is_nan() {
                f64::INFINITY
            } else {
                g.response_s.mean
            }
        };
        key(b.1).total_cmp(&key(a.1)).then(a.0.cmp(b.0))
    });
    let shown = zones.len().min(MAX_ROWS);
    for (name, g) in &zones[..shown] {
        t.row(group_row(name, g));
    }
    t.render(&mut o);
    if zones.len() > shown {
        let _ = writeln!(
            o,
            "  ... and {} faster zones (all are in the JSON report)",
            zones.len() - shown
        );
    }

    if let Some(by_year) = &s.by_year {
        let _ = writeln!(o, "\nAlarms replayed per year");
        let types: Vec<&String> = s.by_type.keys().collect();
        let mut header = vec!["year"];
        header.extend(types.iter().map(|t| t.as_str()));
        let mut t = Table::new(&header, 1);
        for (year, counts) in by_year {
            let mut row = vec![year.clone()];
            row.extend(
                types
                    .iter()
                    .map(|ty| format!("{}", counts.get(*ty).copied().unwrap_or(0.0))),
            );
            t.row(row);
        }
        t.render(&mut o);
    }

    let _ = writeln!(o, "\nBy unit");
    let mut t = Table::new(&["unit", "kind", "dispatches/rep", "utilization"], 2);
    for u in s.units.iter().take(MAX_ROWS) {
        t.row(vec![
            u.id.clone(),
            u.kind.clone(),
            format!("{:.1}", u.dispatches),
            format!("{:.2} %", u.utilization * 100.0),
        ]);
    }
    t.render(&mut o);
    if s.units.len() > MAX_ROWS {
        let _ = writeln!(
            o,
            "  ... and {} more units (all are in the JSON report)",
            s.units.len() - MAX_ROWS
        );
    }
    o
}

/// The indicator table as text: the scenario's values beside the plan's.
pub fn render_indicators(scenario: &str, t: &crate::indicators::IndicatorTable) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{scenario}\nIndicators from the scenario's own stations and {} residents",
        thousands(t.population)
    );
    let mut header = vec!["indicator", "scenario", "from"];
    let labels: Vec<String> = t.plan_labels.iter().map(|l| format!("plan {l}")).collect();
    header.extend(labels.iter().map(String::as_str));
    let mut table = Table::new(&header, 1);
    for r in &t.rows {
        let mut cells = vec![
            r.name.to_string(),
            format!("{:.3}", r.value),
            r.inputs.clone(),
        ];
        cells.extend(
            r.plan
                .iter()
                .map(|p| p.map_or_else(|| "—".into(), |v| format!("{v}"))),
        );
        table.row(cells);
    }
    table.render(&mut o);
    let _ = writeln!(
        o,
        "The plan rounds to 2 decimals (1 for %); a difference in the last digit can come from the population it used."
    );
    o
}

/// A network summary as text.
pub fn render_network_info(label: &str, info: &crate::network::info::NetworkInfo) -> String {
    let mut o = String::new();
    let total: f64 = info.km_by_class.iter().map(|(_, k)| k).sum();
    let _ = writeln!(o, "{label}");
    let _ = writeln!(
        o,
        "  {} nodes, {} directed edges, {:.1} km of road",
        info.nodes, info.directed_edges, total
    );
    let _ = writeln!(
        o,
        "  {} strongly connected component(s); the largest holds {} nodes ({:.1} %)",
        info.components,
        info.largest_component,
        100.0 * info.largest_component as f64 / info.nodes.max(1) as f64
    );
    let _ = writeln!(o, "\nRoad length by class");
    let mut t = Table::new(&["class", "km", "share"], 1);
    for (class, km) in &info.km_by_class {
        t.row(vec![
            class.clone(),
            format!("{km:.1}"),
            pct(km / total.max(f64::MIN_POSITIVE)),
        ]);
    }
    t.render(&mut o);
    if info.circuity.is_empty() {
        let _ = writeln!(
            o,
            "\nCircuity: no pair of nodes far enough apart to measure it"
        );
    } else {
        let _ = writeln!(
            o,
            "\nCircuity (shortest road distance / straight line) on {} random pairs at least {:.0} km apart:\n  min {:.2}   p10 {:.2}   median {:.2}   p90 {:.2}   max {:.2}",
            info.circuity.len(),
            crate::network::info::MIN_CIRCUITY_PAIR_M / 1000.0,
            info.circuity_quantile(0.0),
            info.circuity_quantile(0.1),
            info.circuity_quantile(0.5),
            info.circuity_quantile(0.9),
            info.circuity_quantile(1.0)
        );
    }
    o
}

/// 645315 → "645,315".
fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// The coverage report as text.
pub fn render_coverage(scenario: &str, c: &crate::coverage::CoverageReport) -> String {
    let mut o = String::new();
    let limit = mmss(c.response_limit_s);
    let _ = writeln!(o, "{scenario}");
    let _ = writeln!(
        o,
        "Coverage on {:.0} m cells over {}: {:.1} km²{}; off-road legs at {} km/h",
        c.cell_m,
        c.region_source,
        c.region_km2,
        c.builtup_km2
            .map_or(String::new(), |b| format!(", built-up area {b:.1} km²")),
        c.off_road_kmh
    );
    let _ = writeln!(
        o,
        "Times are from the dispatch order (turnout + travel), every unit free.\n"
    );
    let failing: Vec<&str> = c
        .stations
        .iter()
        .filter(|s| s.meets_limit == Some(false))
        .map(|s| s.name.as_deref().unwrap_or(&s.id))
        .collect();
    let first = &c.reach[0];
    let town = first.builtup_share.map_or(String::new(), |b| {
        format!("{} of the built-up area, ", pct(b))
    });
    let _ = writeln!(
        o,
        "Verdict: {town}{} of the region and {} of expected alarms are reached within {limit}; {}",
        pct(first.region_share),
        pct(first.demand_share),
        if failing.is_empty() {
            "every station's jurisdiction is within its area limit".to_string()
        } else {
            format!("over the area limit: {}", failing.join(", "))
        }
    );
    if let Some(n) = c.builtup_stations_needed {
        let _ = writeln!(
            o,
            "The area rule alone asks for at least {n} ordinary station(s) in the built-up area."
        );
    }
    let _ = writeln!(
        o,
        "\nStations (jurisdiction = the cells a station reaches first)"
    );
    let mut t = Table::new(
        &[
            "station",
            "jurisdiction km²",
            "in built-up",
            "judged",
            "limit",
            "meets",
            &format!("reach ≤{limit} km²"),
            "farthest",
        ],
        1,
    );
    for s in &c.stations {
        t.row(vec![
            s.name.clone().unwrap_or_else(|| s.id.clone()),
            format!("{:.1}", s.jurisdiction_km2),
            format!("{:.1}", s.jurisdiction_builtup_km2),
            if s.limit_km2.is_some() {
                format!("{:.1}", s.judged_km2)
            } else {
                "—".into()
            },
            match (&s.limit_class, s.limit_km2) {
                (Some(k), Some(l)) => format!("{l} ({k})"),
                _ => "—".into(),
            },
            match s.meets_limit {
                Some(true) => "yes".into(),
                Some(false) => "NO".into(),
                None => "—".into(),
            },
            format!("{:.1}", s.within_standard_km2),
            mmss(s.farthest_s),
        ]);
    }
    t.render(&mut o);
    let _ = writeln!(
        o,
        "  judged: the built-up part of an `urban` station's jurisdiction, else all of it"
    );
    let _ = writeln!(o, "\nShare reached within");
    let mut t = Table::new(
        &[
            "within",
            "region",
            "built-up",
            "residents",
            "expected alarms",
        ],
        1,
    );
    for r in &c.reach {
        t.row(vec![
            mmss(r.threshold_s),
            pct(r.region_share),
            r.builtup_share.map_or("—".into(), pct),
            pct(r.population_share),
            pct(r.demand_share),
        ]);
    }
    t.render(&mut o);
    if c.unreached_km2 > 0.0 {
        let _ = writeln!(o, "  {:.1} km² are reached by no station", c.unreached_km2);
    }
    let _ = writeln!(o, "\nBarriers: {}", c.barriers);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_seconds() {
        assert_eq!(mmss(0.0), "0:00");
        assert_eq!(mmss(299.6), "5:00");
        assert_eq!(mmss(3725.0), "62:05");
        assert_eq!(mmss(f64::NAN), "-");
    }

    #[test]
    fn cjk_columns_line_up() {
        let mut t = Table::new(&["zone", "n"], 1);
        t.row(vec!["梁山街道".into(), "1".into()]);
        t.row(vec!["west".into(), "22".into()]);
        let mut out = String::new();
        t.render(&mut out);
        let widths: Vec<usize> = out.lines().map(|l| l.width()).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{out}");
    }
}
