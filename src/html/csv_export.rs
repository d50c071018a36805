//! CSV tables for people who continue in a spreadsheet: per incident type,
//! per zone and per unit (one row per scenario and group), and the
//! comparison's differences.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::compare::{Comparison, GroupDifference};
use crate::montecarlo::{GroupBlock, Summary};
use crate::stats::Difference;

/// Text as a spreadsheet cell: one that starts with `=`, `+`, `-`, `@` or a
/// tab or carriage return would be taken for a formula by Excel and WPS
/// (`=HYPERLINK(...)`), so it is prefixed with an apostrophe, which the
/// spreadsheet shows as plain text.
pub fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One group of one scenario. Times in seconds, shares as fractions.
#[derive(Serialize)]
struct GroupRow<'a> {
    scenario: Cow<'a, str>,
    group: Cow<'a, str>,
    incidents_per_replication: Option<f64>,
    unreachable_per_replication: Option<f64>,
    mean_response_s: Option<f64>,
    mean_response_ci_low_s: Option<f64>,
    mean_response_ci_high_s: Option<f64>,
    p50_response_s: Option<f64>,
    p90_response_s: Option<f64>,
    p95_response_s: Option<f64>,
    within_standard: Option<f64>,
    within_standard_ci_low: Option<f64>,
    within_standard_ci_high: Option<f64>,
    waited: Option<f64>,
}

impl<'a> GroupRow<'a> {
    fn new(scenario: &'a str, group: &'a str, g: &GroupBlock) -> GroupRow<'a> {
        GroupRow {
            scenario: cell(scenario),
            group: cell(group),
            incidents_per_replication: num(g.incidents),
            unreachable_per_replication: num(g.unreachable),
            mean_response_s: num(g.response_s.mean),
            mean_response_ci_low_s: g.response_s.ci95.map(|c| c[0]),
            mean_response_ci_high_s: g.response_s.ci95.map(|c| c[1]),
            p50_response_s: num(g.response_s.p50),
            p90_response_s: num(g.response_s.p90),
            p95_response_s: num(g.response_s.p95),
            within_standard: num(g.within_standard),
            within_standard_ci_low: g.within_standard_ci95.map(|c| c[0]),
            within_standard_ci_high: g.within_standard_ci95.map(|c| c[1]),
            waited: num(g.queued),
        }
    }
}

#[derive(Serialize)]
struct UnitRow<'a> {
    scenario: Cow<'a, str>,
    unit: Cow<'a, str>,
    station: Cow<'a, str>,
    kind: Cow<'a, str>,
    dispatches_per_replication: Option<f64>,
    utilization: Option<f64>,
    utilization_ci_low: Option<f64>,
    utilization_ci_high: Option<f64>,
}

#[derive(Serialize)]
struct DifferenceRow<'a> {
    scenario: Cow<'a, str>,
    baseline: Cow<'a, str>,
    breakdown: &'a str,
    group: Cow<'a, str>,
    measure: &'a str,
    baseline_value: Option<f64>,
    scenario_value: Option<f64>,
    difference: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    significant: bool,
    paired: bool,
    replications_needed: Option<u64>,
}

/// A number for a spreadsheet: empty where undefined (NaN) rather than `NaN`.
fn num(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn write_rows<T: Serialize>(path: &Path, rows: impl IntoIterator<Item = T>) -> io::Result<()> {
    let mut w = csv::Writer::from_path(path).map_err(io::Error::other)?;
    for r in rows {
        w.serialize(r).map_err(io::Error::other)?;
    }
    w.flush()
}

/// Writes `by_type.csv`, `by_zone.csv` and `units.csv` (every run) into
/// `dir`, and `differences.csv` when there is a comparison; returns the
/// files written.
pub fn write(
    dir: &Path,
    runs: &[&Summary],
    comparison: Option<&Comparison>,
) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut table = |name: &str, rows: Vec<GroupRow<'_>>| -> io::Result<()> {
        let path = dir.join(name);
        write_rows(&path, rows)?;
        written.push(path);
        Ok(())
    };
    let groups = |pick: fn(&Summary) -> &std::collections::BTreeMap<String, GroupBlock>| {
        runs.iter()
            .flat_map(|s| {
                pick(s)
                    .iter()
                    .map(|(name, g)| GroupRow::new(&s.scenario, name, g))
            })
            .collect::<Vec<_>>()
    };
    table("by_type.csv", groups(|s| &s.by_type))?;
    table("by_zone.csv", groups(|s| &s.by_zone))?;
    let units = dir.join("units.csv");
    write_rows(
        &units,
        runs.iter().flat_map(|s| {
            s.units.iter().map(|u| UnitRow {
                scenario: cell(&s.scenario),
                unit: cell(&u.id),
                station: cell(&u.station),
                kind: cell(&u.kind),
                dispatches_per_replication: num(u.dispatches),
                utilization: num(u.utilization),
                utilization_ci_low: u.utilization_ci95.map(|c| c[0]),
                utilization_ci_high: u.utilization_ci95.map(|c| c[1]),
            })
        }),
    )?;
    written.push(units);
    if let Some(c) = comparison {
        let path = dir.join("differences.csv");
        let mut rows = Vec::new();
        for p in &c.pairs {
            let sections: [(&str, &[GroupDifference]); 4] = [
                ("all", std::slice::from_ref(&p.overall)),
                ("type", &p.by_type),
                ("setting", &p.by_setting),
                ("zone", &p.by_zone),
            ];
            for (breakdown, groups) in sections {
                for g in groups {
                    let measures: [(&str, [f64; 2], &Difference); 4] = [
                        (
                            "mean_response_s",
                            g.mean_response_s,
                            &g.mean_response_diff_s,
                        ),
                        ("p90_response_s", g.p90_response_s, &g.p90_response_diff_s),
                        (
                            "within_standard",
                            g.within_standard,
                            &g.within_standard_diff,
                        ),
                        ("mean_travel_s", g.mean_travel_s, &g.mean_travel_diff_s),
                    ];
                    for (measure, values, d) in measures {
                        rows.push(DifferenceRow {
                            scenario: cell(&p.scenario),
                            baseline: cell(&p.baseline),
                            breakdown,
                            group: cell(&g.group),
                            measure,
                            baseline_value: num(values[0]),
                            scenario_value: num(values[1]),
                            difference: num(d.estimate),
                            ci_low: d.ci95.map(|c| c[0]),
                            ci_high: d.ci95.map(|c| c[1]),
                            significant: d.significant,
                            paired: d.paired,
                            replications_needed: d.replications_needed,
                        });
                    }
                }
            }
        }
        write_rows(&path, rows)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod cell_tests {
    use super::cell;

    #[test]
    fn a_name_never_becomes_a_formula() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(s).starts_with('\''), "{s}");
        }
        assert_eq!(cell("七星镇"), "七星镇");
        assert_eq!(cell("a=b"), "a=b");
    }
}
