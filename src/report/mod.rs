//! Rendering a [`Summary`] for people (terminal text) and machines (JSON).

use std::fmt::Write as _;
use std::io;

use unicode_width::UnicodeWidthStr;

use crate::i18n::Lang;
use crate::montecarlo::{GroupBlock, ResponseBlock, Summary};
use crate::tr;

mod tools;
pub use tools::{render_coverage, render_indicators, render_network_info};

/// The JSON report (pretty-printed, stable keys, a final newline).
pub fn json_text(summary: &Summary) -> io::Result<String> {
    let text = serde_json::to_string_pretty(summary).map_err(io::Error::other)?;
    Ok(text + "\n")
}

/// `m:ss` for a duration in seconds, its sign once in front (`-3:08`);
/// `-` when undefined.
pub fn mmss(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "-".into();
    }
    let s = seconds.round() as i64;
    let sign = if s < 0 { "-" } else { "" };
    let a = s.unsigned_abs();
    format!("{sign}{}:{:02}", a / 60, a % 60)
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
    pub(crate) fn new(header: Vec<String>, left: usize) -> Table {
        Table {
            header,
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

/// The header of a group table whose first column is `first`.
fn group_table(lang: Lang, first: &str) -> Table {
    let header: Vec<String> = [
        first.to_string(),
        lang.t("col-incidents"),
        lang.t("col-unreachable"),
        lang.t("col-mean-response"),
        lang.t("col-ci95"),
        lang.t("col-p90"),
        lang.t("col-within-standard"),
        lang.t("col-waited"),
    ]
    .into();
    Table::new(header, 1)
}

fn response_line(lang: Lang, r: &ResponseBlock) -> String {
    format!(
        "{} {} {}   {} {}   {} {} {}   {} {}",
        lang.t("report-mean"),
        mmss(r.mean),
        ci_mmss(r.ci95),
        lang.t("report-median"),
        mmss(r.p50),
        lang.t("col-p90"),
        mmss(r.p90),
        ci_mmss(r.p90_ci95),
        lang.t("col-p95"),
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

/// The limit alarms are judged by, as text: `5:00`, or with the settings
/// that have their own, `5:00 (rural 15:00)`.
pub fn yardstick(standard: &crate::montecarlo::StandardBlock) -> String {
    labelled_yardstick(standard, &crate::labels::Labels::default(), Lang::En)
}

/// [`yardstick`] with each setting by its label in `lang`.
pub fn labelled_yardstick(
    standard: &crate::montecarlo::StandardBlock,
    labels: &crate::labels::Labels,
    lang: Lang,
) -> String {
    let base = mmss(standard.response_limit_s);
    if standard.by_setting.is_empty() {
        return base;
    }
    let own: Vec<String> = standard
        .by_setting
        .iter()
        .map(|(setting, limit)| format!("{} {}", labels.setting(setting, lang), mmss(*limit)))
        .collect();
    format!("{base} ({})", own.join(", "))
}

/// One sentence a planner can quote: the share reached in time and the zones
/// where most alarms are not.
pub fn verdict(s: &Summary, lang: Lang) -> String {
    let limit = labelled_yardstick(&s.standard, &s.labels, lang);
    let failing = s
        .by_zone
        .values()
        .filter(|z| z.incidents > 0.0 && (z.within_standard.is_nan() || z.within_standard < 0.5))
        .count();
    let zones = s.by_zone.values().filter(|z| z.incidents > 0.0).count();
    let zones_part = if failing == 0 {
        tr!(lang, "verdict-every-zone", zones = zones)
    } else {
        tr!(lang, "verdict-some-zones", failing = failing, zones = zones)
    };
    // settings judged by the standard's own limit, when others have one of
    // their own: their share first, as the standard measures it; the share
    // of every alarm, each by its own limit, beside it as the mixed figure
    let standard_settings: Vec<(&String, &crate::montecarlo::GroupBlock)> = s
        .by_setting
        .iter()
        .filter(|(name, g)| !s.standard.by_setting.contains_key(*name) && g.incidents > 0.0)
        .collect();
    let mut text = if s.standard.by_setting.is_empty() || standard_settings.is_empty() {
        tr!(
            lang,
            "verdict-run",
            share = pct(s.within_standard),
            limit = limit,
            zones_part = zones_part
        )
    } else {
        // a group's share is over all its alarms, the unreachable included
        let total: f64 = standard_settings.iter().map(|(_, g)| g.incidents).sum();
        let within: f64 = standard_settings
            .iter()
            .map(|(_, g)| g.within_standard * g.incidents)
            .sum();
        let names: Vec<&str> = standard_settings
            .iter()
            .map(|(name, _)| s.labels.setting(name, lang))
            .collect();
        tr!(
            lang,
            "verdict-run-by-standard",
            settings = names.join("、"),
            share = pct(if total > 0.0 {
                within / total
            } else {
                f64::NAN
            }),
            limit = mmss(s.standard.response_limit_s),
            mixed = pct(s.within_standard),
            yardstick = limit,
            zones_part = zones_part
        )
    };
    if s.unreachable > 0.0 {
        text.push_str(&tr!(
            lang,
            "verdict-unreachable",
            unreachable = format!("{:.1}", s.unreachable)
        ));
    }
    text
}

/// `label   figure` with the label padded to `width` display columns.
fn labelled(label: &str, width: usize) -> String {
    let pad = width.saturating_sub(label.width());
    format!("  {label}{}", " ".repeat(pad + 1))
}

/// Where each station stands on the road network: the node it leaves
/// from and, for one given by coordinates, how far it was snapped.
pub fn station_nodes(scenario: &crate::scenario::Scenario, lang: Lang) -> String {
    let mut t = Table::new(
        ["col-station", "col-node", "col-snapped"]
            .map(|id| lang.t(id))
            .into(),
        2,
    );
    for s in &scenario.stations {
        let node = &scenario.network.nodes()[s.node.index()];
        let name = match &s.name {
            Some(n) => format!("{} {n}", s.id),
            None => s.id.clone(),
        };
        t.row(vec![
            name,
            node.id.clone(),
            s.snap_m
                .map_or_else(|| lang.t("station-named-node"), |d| format!("{d:.0} m")),
        ]);
    }
    let mut o = String::new();
    t.render(&mut o);
    o
}

/// How far a builtin district's demand places moved to reach the
/// scenario's network, when it is not the district's own.
pub fn places_snapped(scenario: &crate::scenario::Scenario, lang: Lang) -> Option<String> {
    let s = scenario.demand.snapped.as_ref()?;
    Some(tr!(
        lang,
        "report-places-snapped",
        builtin = s.builtin.as_str(),
        places = s.places,
        median = format!("{:.0}", s.median_m),
        max = format!("{:.0}", s.max_m)
    ))
}

/// The readable summary printed by `firecover run`.
pub fn render_text(s: &Summary, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", s.name(lang));
    let busy = match s.mutual_aid_delay_s {
        Some(delay) => tr!(lang, "report-busy-mutual-aid", delay = mmss(delay)),
        None => lang.t("report-busy-queue"),
    };
    let _ = writeln!(
        o,
        "{}",
        tr!(
            lang,
            "report-replications",
            years = format!("{}", s.simulated_years),
            replications = format!("{}", s.replications),
            seed = format!("{}", s.seed),
            busy = busy
        )
    );
    if let Some(r) = &s.records {
        let _ = writeln!(
            o,
            "{}",
            tr!(
                lang,
                "report-records",
                file = r.file.as_str(),
                rows = r.rows,
                first = r.years[0],
                last = r.years[1],
                with_on_scene = r.rows_with_on_scene_time,
                how = if r.bootstrap_years {
                    "bootstrap"
                } else {
                    "exact"
                }
            )
        );
    }
    let _ = writeln!(
        o,
        "{}\n",
        tr!(
            lang,
            "report-standard",
            limit = labelled_yardstick(&s.standard, &s.labels, lang),
            turnout = mmss(s.standard.turnout_s),
            travel = mmss(s.standard.travel_s)
        )
    );
    if let Some(note) = &s.network_note {
        let note = crate::network::words::network_note(note, lang);
        let _ = writeln!(o, "{}\n", tr!(lang, "report-network", note = note));
    }
    let _ = writeln!(
        o,
        "{}\n",
        tr!(lang, "report-verdict", verdict = verdict(s, lang))
    );
    let _ = writeln!(
        o,
        "{}",
        tr!(
            lang,
            "report-all-incidents",
            incidents = format!("{:.1}", s.incidents),
            unreachable = format!("{:.1}", s.unreachable)
        )
    );
    let labels = [
        "report-response-time",
        "report-travel-time",
        "report-within-standard",
        "report-waited",
        "report-mutual-aid",
        "report-full-complement",
        "report-short-of-units",
    ]
    .map(|id| lang.t(id));
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let [response, travel, within, waited, aid, full, short] = labels;
    let mean = lang.t("report-mean");
    let _ = writeln!(
        o,
        "{}{}",
        labelled(&response, width),
        response_line(lang, &s.response_s)
    );
    let _ = writeln!(
        o,
        "{}{mean} {}   {} {}",
        labelled(&travel, width),
        mmss(s.travel_s.mean),
        lang.t("col-p90"),
        mmss(s.travel_s.p90)
    );
    let _ = writeln!(
        o,
        "{}{} {}",
        labelled(&within, width),
        pct(s.within_standard),
        ci_pct(s.within_standard_ci95)
    );
    let _ = writeln!(
        o,
        "{}{} {}   {} {}",
        labelled(&waited, width),
        pct(s.queued),
        ci_pct(s.queued_ci95),
        lang.t("report-mean-wait"),
        mmss(s.queue_wait_s.mean)
    );
    if s.mutual_aid > 0.0 {
        let _ = writeln!(
            o,
            "{}{} {}",
            labelled(&aid, width),
            pct(s.mutual_aid),
            ci_pct(s.mutual_aid_ci95)
        );
    }
    let _ = writeln!(
        o,
        "{}{mean} {} {}",
        labelled(&full, width),
        mmss(s.full_complement_s.mean),
        ci_mmss(s.full_complement_s.ci95)
    );
    if s.short_of_units > 0.0 {
        let _ = writeln!(
            o,
            "{}{} {} {}",
            labelled(&short, width),
            pct(s.short_of_units),
            ci_pct(s.short_of_units_ci95),
            lang.t("report-short-of-units-note")
        );
    }
    o.push_str("  ");
    o.push_str(&crate::text_wrap::wrap(
        &lang.t("uncertainty-note"),
        98,
        "  ",
    ));

    let _ = writeln!(o, "\n{}", lang.t("report-by-type"));
    let mut t = group_table(lang, &lang.t("col-type"));
    for (name, g) in &s.by_type {
        t.row(group_row(s.labels.incident_type(name, lang), g));
    }
    t.render(&mut o);

    if !s.by_setting.is_empty() {
        let _ = writeln!(o, "\n{}", lang.t("report-by-setting"));
        let mut t = group_table(lang, &lang.t("col-setting"));
        for (name, g) in &s.by_setting {
            t.row(group_row(s.labels.setting(name, lang), g));
        }
        t.render(&mut o);
    }

    if !s.by_hour.is_empty() {
        let _ = writeln!(o, "\n{}", lang.t("report-by-hour"));
        let mut t = group_table(lang, &lang.t("col-hour"));
        for (name, g) in &s.by_hour {
            t.row(group_row(&format!("{name}:00"), g));
        }
        t.render(&mut o);
    }

    let _ = writeln!(o, "\n{}", lang.t("report-by-zone"));
    let mut t = group_table(lang, &lang.t("col-zone"));
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
            "  {}",
            tr!(lang, "report-more-zones", count = zones.len() - shown)
        );
    }

    if let Some(by_year) = &s.by_year {
        let _ = writeln!(o, "\n{}", lang.t("report-by-year"));
        let types: Vec<&String> = s.by_type.keys().collect();
        let mut header = vec![lang.t("col-year")];
        header.extend(
            types
                .iter()
                .map(|t| s.labels.incident_type(t, lang).to_string()),
        );
        let mut t = Table::new(header, 1);
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

    let _ = writeln!(o, "\n{}", lang.t("report-by-unit"));
    let mut t = Table::new(
        ["col-unit", "col-kind", "col-dispatches", "col-utilization"]
            .map(|id| lang.t(id))
            .into(),
        2,
    );
    for u in s.units.iter().take(MAX_ROWS) {
        t.row(vec![
            u.id.clone(),
            s.labels.unit_kind(&u.kind, lang).to_string(),
            format!("{:.1}", u.dispatches),
            format!("{:.2} %", u.utilization * 100.0),
        ]);
    }
    t.render(&mut o);
    if s.units.len() > MAX_ROWS {
        let _ = writeln!(
            o,
            "  {}",
            tr!(lang, "report-more-units", count = s.units.len() - MAX_ROWS)
        );
    }
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
        let mut t = Table::new(vec!["zone".into(), "n".into()], 1);
        t.row(vec!["梁山街道".into(), "1".into()]);
        t.row(vec!["west".into(), "22".into()]);
        let mut out = String::new();
        t.render(&mut out);
        let widths: Vec<usize> = out.lines().map(|l| l.width()).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{out}");
    }
}
