//! CSV tables for people who continue in a spreadsheet: per incident type,
//! per zone and per unit (one row per scenario and group), and the
//! comparison's differences.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use crate::compare::{Comparison, GroupDifference};
use crate::i18n::Lang;
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

/// A compared measure: its column name's message, both values, their
/// difference and how to format them.
type Measure<'a> = (&'a str, [f64; 2], &'a Difference, fn(f64) -> String);

/// A time in minutes, 2 decimals; empty where undefined.
fn minutes(seconds: f64) -> String {
    if seconds.is_finite() {
        format!("{:.2}", seconds / 60.0)
    } else {
        String::new()
    }
}

/// A share in percent, 2 decimals; empty where undefined.
fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.2}", share * 100.0)
    } else {
        String::new()
    }
}

/// A count or rate, 2 decimals; empty where undefined.
fn amount(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        String::new()
    }
}

fn interval(ci: Option<[f64; 2]>, f: fn(f64) -> String) -> [String; 2] {
    ci.map_or([String::new(), String::new()], |[a, b]| [f(a), f(b)])
}

/// Writes a table: a UTF-8 byte-order mark (so that Excel and WPS read
/// 七星镇 as text, not as mojibake), the header, then the rows.
fn write_table(path: &Path, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut bytes);
        w.write_record(header).map_err(io::Error::other)?;
        for r in rows {
            w.write_record(r).map_err(io::Error::other)?;
        }
        w.flush()?;
    }
    crate::atomic_file::write(path, &bytes)
}

fn header(lang: Lang, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| lang.t(id)).collect()
}

fn group_rows(
    runs: &[&Summary],
    pick: fn(&Summary) -> &BTreeMap<String, GroupBlock>,
) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for s in runs {
        for (name, g) in pick(s) {
            let [ci_lo, ci_hi] = interval(g.response_s.ci95, minutes);
            let [w_lo, w_hi] = interval(g.within_standard_ci95, percent);
            rows.push(vec![
                cell(&s.scenario).into_owned(),
                cell(name).into_owned(),
                amount(g.incidents),
                amount(g.unreachable),
                minutes(g.response_s.mean),
                ci_lo,
                ci_hi,
                minutes(g.response_s.p50),
                minutes(g.response_s.p90),
                minutes(g.response_s.p95),
                percent(g.within_standard),
                w_lo,
                w_hi,
                percent(g.queued),
            ]);
        }
    }
    rows
}

const GROUP_COLUMNS: [&str; 13] = [
    "csv-scenario",
    "csv-alarms",
    "csv-unreachable",
    "csv-mean-min",
    "csv-mean-ci-low-min",
    "csv-mean-ci-high-min",
    "csv-p50-min",
    "csv-p90-min",
    "csv-p95-min",
    "csv-within-pct",
    "csv-within-ci-low-pct",
    "csv-within-ci-high-pct",
    "csv-waited-pct",
];

fn group_header(lang: Lang, group: &str) -> Vec<String> {
    let mut h = header(lang, &GROUP_COLUMNS);
    h.insert(1, lang.t(group));
    h
}

/// Writes `by_type.csv`, `by_zone.csv` and `units.csv` (every run) into
/// `dir`, and `differences.csv` when there is a comparison, headers in
/// `lang`; returns the files written. Times are minutes and shares percent,
/// both with 2 decimals.
pub fn write(
    dir: &Path,
    runs: &[&Summary],
    comparison: Option<&Comparison>,
    lang: Lang,
) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, group, pick) in [
        (
            "by_type.csv",
            "csv-type",
            (|s: &Summary| &s.by_type) as fn(&Summary) -> &BTreeMap<String, GroupBlock>,
        ),
        ("by_zone.csv", "csv-zone", |s: &Summary| &s.by_zone),
    ] {
        let path = dir.join(name);
        write_table(&path, &group_header(lang, group), &group_rows(runs, pick))?;
        written.push(path);
    }
    let units: Vec<Vec<String>> = runs
        .iter()
        .flat_map(|s| {
            s.units.iter().map(|u| {
                let [lo, hi] = interval(u.utilization_ci95, percent);
                vec![
                    cell(&s.scenario).into_owned(),
                    cell(&u.id).into_owned(),
                    cell(&u.station).into_owned(),
                    cell(&u.kind).into_owned(),
                    amount(u.dispatches),
                    percent(u.utilization),
                    lo,
                    hi,
                ]
            })
        })
        .collect();
    let path = dir.join("units.csv");
    write_table(
        &path,
        &header(
            lang,
            &[
                "csv-scenario",
                "csv-unit",
                "csv-station",
                "csv-kind",
                "csv-dispatches",
                "csv-utilisation-pct",
                "csv-utilisation-ci-low-pct",
                "csv-utilisation-ci-high-pct",
            ],
        ),
        &units,
    )?;
    written.push(path);
    if let Some(c) = comparison {
        let mut rows = Vec::new();
        for p in &c.pairs {
            let sections: [(&str, &[GroupDifference]); 4] = [
                ("csv-breakdown-all", std::slice::from_ref(&p.overall)),
                ("csv-type", &p.by_type),
                ("csv-setting", &p.by_setting),
                ("csv-zone", &p.by_zone),
            ];
            for (breakdown, groups) in sections {
                for g in groups {
                    let measures: [Measure<'_>; 4] = [
                        (
                            "csv-measure-mean-min",
                            g.mean_response_s,
                            &g.mean_response_diff_s,
                            minutes,
                        ),
                        (
                            "csv-measure-p90-min",
                            g.p90_response_s,
                            &g.p90_response_diff_s,
                            minutes,
                        ),
                        (
                            "csv-measure-within-pct",
                            g.within_standard,
                            &g.within_standard_diff,
                            percent,
                        ),
                        (
                            "csv-measure-travel-min",
                            g.mean_travel_s,
                            &g.mean_travel_diff_s,
                            minutes,
                        ),
                    ];
                    for (measure, values, d, f) in measures {
                        let [lo, hi] = interval(d.ci95, f);
                        let yes_no = |b: bool| lang.t(if b { "csv-yes" } else { "csv-no" });
                        rows.push(vec![
                            cell(&p.scenario).into_owned(),
                            cell(&p.baseline).into_owned(),
                            lang.t(breakdown),
                            cell(&g.group).into_owned(),
                            lang.t(measure),
                            f(values[0]),
                            f(values[1]),
                            f(d.estimate),
                            lo,
                            hi,
                            yes_no(d.significant),
                            yes_no(d.paired),
                            d.replications_needed
                                .map(|n| n.to_string())
                                .unwrap_or_default(),
                        ]);
                    }
                }
            }
        }
        let path = dir.join("differences.csv");
        write_table(
            &path,
            &header(
                lang,
                &[
                    "csv-scenario",
                    "csv-baseline",
                    "csv-breakdown",
                    "csv-group",
                    "csv-measure",
                    "csv-baseline-value",
                    "csv-scenario-value",
                    "csv-difference",
                    "csv-ci-low",
                    "csv-ci-high",
                    "csv-significant",
                    "csv-paired",
                    "csv-replications-needed",
                ],
            ),
            &rows,
        )?;
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
