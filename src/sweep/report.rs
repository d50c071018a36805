//! A sweep's results: one row per run, the influence of each varied key on
//! the headline measure (the tornado's order), as JSON and text.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Point, Variation};
use crate::compare::{PairComparison, signed_mmss, signed_pp};
use crate::i18n::Lang;
use crate::montecarlo::Summary;
use crate::report::{Table, mmss};
use crate::stats::Difference;
use crate::tr;

/// A key and the value one run gives it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyValue {
    /// The key as the user named it.
    pub key: String,
    /// Its value in this run.
    pub value: String,
}

/// One difference a row reports: overall and by setting.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Differences {
    /// Share within the standard, as a share (0.05 = 5 pp).
    pub within_standard: Difference,
    /// Per setting.
    pub within_standard_by_setting: BTreeMap<String, Difference>,
    /// Mean response, seconds.
    pub mean_response_s: Difference,
}

impl Differences {
    fn of(c: &PairComparison) -> Differences {
        Differences {
            within_standard: c.overall.within_standard_diff,
            within_standard_by_setting: c
                .by_setting
                .iter()
                .map(|g| (g.group.clone(), g.within_standard_diff))
                .collect(),
            mean_response_s: c.overall.mean_response_diff_s,
        }
    }
}

/// One run of the sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepRow {
    /// The varied keys this run sets (none: the scenario as written).
    pub settings: Vec<KeyValue>,
    /// Share of alarms within the standard.
    pub within_standard: f64,
    /// Per setting.
    pub within_standard_by_setting: BTreeMap<String, f64>,
    /// Mean response, seconds.
    pub mean_response_s: f64,
    /// This run − the scenario as written, paired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_written: Option<Differences>,
    /// With `--against`: this run − the baseline run varied the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gain: Option<Differences>,
    /// The measure the influence ranks by.
    pub headline: f64,
}

/// How far one key moves the headline over its values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Influence {
    /// The key.
    pub key: String,
    /// The scenario's own value (`None`: the format's default).
    pub own: Option<String>,
    /// Lowest headline: over its values and, one key at a time, the
    /// scenario as written (in a grid, each value's mean over the other
    /// keys' values).
    pub low: f64,
    /// The value giving it.
    pub low_value: String,
    /// Highest headline.
    pub high: f64,
    /// The value giving it.
    pub high_value: String,
    /// `high − low`.
    pub spread: f64,
}

/// A whole sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepReport {
    /// The scenario swept.
    pub scenario: String,
    /// Display names of the scenario swept and its ids in each language.
    pub labels: crate::labels::Labels,
    /// The baseline's name in each language, when its file gives both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against_label: Option<crate::labels::Bilingual>,
    /// With `--against`: the baseline each run is compared with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against: Option<String>,
    /// Keys the baseline does not have, left as they are there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_in_against: Vec<String>,
    /// Seed of every run.
    pub seed: u64,
    /// Replications of every run.
    pub replications: u32,
    /// Every combination (`true`) or one key at a time.
    pub grid: bool,
    /// The measure: `within_standard` or `within_standard.<setting>`, or
    /// with `--against` the gain in it.
    pub measure: String,
    /// The setting the measure is taken in, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setting: Option<String>,
    /// The scenario as written.
    pub written: SweepRow,
    /// Every run, in order.
    pub rows: Vec<SweepRow>,
    /// Keys by influence on the measure, largest first.
    pub influence: Vec<Influence>,
}

/// What one run gives the report.
#[derive(Clone, Copy, Debug)]
pub struct RunResult<'a> {
    /// Its summary.
    pub summary: &'a Summary,
    /// Against the scenario as written.
    pub vs_written: Option<&'a PairComparison>,
    /// Against the baseline varied the same way.
    pub gain: Option<&'a PairComparison>,
}

fn row(settings: Vec<KeyValue>, r: RunResult<'_>, setting: Option<&str>) -> SweepRow {
    let s = r.summary;
    let by_setting: BTreeMap<String, f64> = s
        .by_setting
        .iter()
        .map(|(k, g)| (k.clone(), g.within_standard))
        .collect();
    let gain = r.gain.map(Differences::of);
    let headline = match (&gain, setting) {
        (Some(g), None) => g.within_standard.estimate,
        (Some(g), Some(k)) => g
            .within_standard_by_setting
            .get(k)
            .map_or(f64::NAN, |d| d.estimate),
        (None, None) => s.within_standard,
        (None, Some(k)) => by_setting.get(k).copied().unwrap_or(f64::NAN),
    };
    SweepRow {
        settings,
        within_standard: s.within_standard,
        within_standard_by_setting: by_setting,
        mean_response_s: s.response_s.mean,
        vs_written: r.vs_written.map(Differences::of),
        gain,
        headline,
    }
}

/// Options of [`build_report`] that name things.
#[derive(Clone, Debug, Default)]
pub struct ReportNames {
    /// The baseline of `--against`.
    pub against: Option<String>,
    /// Its name in each language, when its file gives both.
    pub against_label: Option<crate::labels::Bilingual>,
    /// Keys it lacks.
    pub not_in_against: Vec<String>,
    /// The setting the measure is taken in.
    pub setting: Option<String>,
}

/// Builds the report: `written` is the scenario as written, `runs` one per
/// point, in order.
pub fn build_report(
    variations: &[Variation],
    points: &[Point],
    grid: bool,
    written: RunResult<'_>,
    runs: &[RunResult<'_>],
    names: ReportNames,
) -> SweepReport {
    let setting = names.setting.as_deref();
    let written_headline = row(Vec::new(), written, setting).headline;
    let rows: Vec<SweepRow> = points
        .iter()
        .zip(runs)
        .map(|(p, r)| {
            let settings = variations
                .iter()
                .zip(p)
                .filter_map(|(v, c)| {
                    c.map(|s| KeyValue {
                        key: v.key.clone(),
                        value: v.settings[s].label.clone(),
                    })
                })
                .collect();
            row(settings, *r, setting)
        })
        .collect();
    let mut influence: Vec<Influence> = variations
        .iter()
        .enumerate()
        .map(|(v, var)| {
            // each value's mean headline over the runs that give it
            let means: Vec<(f64, &str)> = var
                .settings
                .iter()
                .enumerate()
                .map(|(s, setting)| {
                    let hs: Vec<f64> = points
                        .iter()
                        .zip(&rows)
                        .filter(|(p, _)| p[v] == Some(s))
                        .map(|(_, r)| r.headline)
                        .collect();
                    (
                        hs.iter().sum::<f64>() / hs.len().max(1) as f64,
                        setting.label.as_str(),
                    )
                })
                .collect();
            // one key at a time: the scenario as written is a value too
            let mut means = means;
            if !grid {
                let own = var.own.as_deref().unwrap_or("");
                means.push((written_headline, own));
            }
            let low = means
                .iter()
                .copied()
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap_or((f64::NAN, ""));
            let high = means
                .iter()
                .copied()
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap_or((f64::NAN, ""));
            Influence {
                key: var.key.clone(),
                own: var.own.clone(),
                low: low.0,
                low_value: low.1.to_string(),
                high: high.0,
                high_value: high.1.to_string(),
                spread: high.0 - low.0,
            }
        })
        .collect();
    influence.sort_by(|a, b| b.spread.total_cmp(&a.spread).then(a.key.cmp(&b.key)));
    let measure = match (&names.against, setting) {
        (None, None) => "within_standard".to_string(),
        (None, Some(k)) => format!("within_standard.{k}"),
        (Some(_), None) => "gain.within_standard".to_string(),
        (Some(_), Some(k)) => format!("gain.within_standard.{k}"),
    };
    SweepReport {
        scenario: written.summary.scenario.clone(),
        labels: written.summary.labels.clone(),
        against_label: names.against_label.clone(),
        against: names.against.clone(),
        not_in_against: names.not_in_against.clone(),
        seed: written.summary.seed,
        replications: written.summary.replications,
        grid,
        measure,
        setting: names.setting.clone(),
        written: row(Vec::new(), written, setting),
        rows,
        influence,
    }
}

fn pct(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1} %", share * 100.0)
    } else {
        "-".into()
    }
}

fn diff_pp(d: &Difference) -> String {
    let ci = d
        .ci95
        .map(|[lo, hi]| format!(" [{}, {}]", signed_pp(lo), signed_pp(hi)))
        .unwrap_or_default();
    format!("{}{ci}", signed_pp(d.estimate))
}

/// The swept scenario's name in `lang`.
pub(super) fn scenario_name(r: &SweepReport, lang: Lang) -> &str {
    r.labels.scenario_name(&r.scenario, lang)
}

/// The baseline's name in `lang`, with `--against`.
fn against_name(r: &SweepReport, lang: Lang) -> Option<&str> {
    let b = r.against.as_deref()?;
    Some(r.against_label.as_ref().map_or(b, |l| l.get(lang)))
}

/// The measure as a person reads it.
pub(super) fn measure_name(r: &SweepReport, lang: Lang) -> String {
    let within = match &r.setting {
        Some(k) => tr!(
            lang,
            "sweep-measure-setting",
            setting = r.labels.setting(k, lang)
        ),
        None => tr!(lang, "sweep-measure-all"),
    };
    match against_name(r, lang) {
        Some(b) => tr!(lang, "sweep-measure-gain", measure = within, baseline = b),
        None => within,
    }
}

/// The headline as shown: a share, or with `--against` a gain in pp.
fn show_headline(r: &SweepReport, v: f64, lang: Lang) -> String {
    if r.against.is_some() {
        tr!(lang, "sweep-pp", pp = signed_pp(v))
    } else {
        pct(v)
    }
}

/// The sweep for a terminal.
pub fn render_text(r: &SweepReport, lang: Lang) -> String {
    let mut out = String::new();
    out += &tr!(
        lang,
        "sweep-title",
        scenario = scenario_name(r, lang),
        runs = r.rows.len(),
        replications = r.replications,
        seed = r.seed.to_string()
    );
    out += "\n";
    if let Some(b) = against_name(r, lang) {
        out += &tr!(lang, "sweep-against", baseline = b);
        out += "\n";
        if !r.not_in_against.is_empty() {
            out += &tr!(
                lang,
                "sweep-not-in-against",
                keys = r.not_in_against.join(", ")
            );
            out += "\n";
        }
    }
    out += &tr!(lang, "sweep-measure", measure = measure_name(r, lang));
    out += "\n\n";
    let settings: Vec<&String> = r.written.within_standard_by_setting.keys().collect();
    let mut header = vec![
        tr!(lang, "sweep-col-run"),
        tr!(lang, "sweep-col-within"),
        tr!(lang, "sweep-col-change"),
    ];
    for k in &settings {
        header.push(r.labels.setting(k, lang).to_string());
    }
    header.push(tr!(lang, "sweep-col-mean"));
    header.push(tr!(lang, "sweep-col-mean-change"));
    if r.against.is_some() {
        header.push(tr!(lang, "sweep-col-gain"));
    }
    let mut table = Table::new(header, 1);
    let rows = std::iter::once(&r.written).chain(&r.rows);
    for row in rows {
        let name = if row.settings.is_empty() {
            tr!(lang, "sweep-as-written")
        } else {
            row.settings
                .iter()
                .map(|kv| format!("{} = {}", super::key::key_label(&kv.key, lang), kv.value))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut cells = vec![
            name,
            pct(row.within_standard),
            row.vs_written
                .as_ref()
                .map(|d| diff_pp(&d.within_standard))
                .unwrap_or_default(),
        ];
        for k in &settings {
            cells.push(
                row.within_standard_by_setting
                    .get(*k)
                    .map(|v| pct(*v))
                    .unwrap_or_default(),
            );
        }
        cells.push(mmss(row.mean_response_s));
        cells.push(
            row.vs_written
                .as_ref()
                .map(|d| signed_mmss(d.mean_response_s.estimate))
                .unwrap_or_default(),
        );
        if r.against.is_some() {
            let gain = row.gain.as_ref().map(|g| match &r.setting {
                Some(k) => g
                    .within_standard_by_setting
                    .get(k)
                    .map(diff_pp)
                    .unwrap_or_default(),
                None => diff_pp(&g.within_standard),
            });
            cells.push(gain.unwrap_or_default());
        }
        table.row(cells);
    }
    table.render(&mut out);
    out += "\n";
    out += &tr!(lang, "sweep-influence", measure = measure_name(r, lang));
    out += "\n";
    for (k, inf) in r.influence.iter().enumerate() {
        out += &tr!(
            lang,
            "sweep-influence-line",
            rank = k + 1,
            key = super::key::key_label(&inf.key, lang),
            low = show_headline(r, inf.low, lang),
            low_value = inf.low_value.as_str(),
            high = show_headline(r, inf.high, lang),
            high_value = inf.high_value.as_str(),
            spread = format!("{:.1}", inf.spread * 100.0)
        );
        out += "\n";
    }
    if let Some(line) = verdict(r, lang) {
        out += "\n";
        out += &line;
        out += "\n";
    }
    out
}

/// With `--against`: the range of the gain over every run, and whether
/// every run's interval excludes zero.
pub fn verdict(r: &SweepReport, lang: Lang) -> Option<String> {
    r.against.as_ref()?;
    let gains: Vec<&Difference> = std::iter::once(&r.written)
        .chain(&r.rows)
        .filter_map(|row| {
            let g = row.gain.as_ref()?;
            match &r.setting {
                Some(k) => g.within_standard_by_setting.get(k),
                None => Some(&g.within_standard),
            }
        })
        .collect();
    if gains.is_empty() {
        return None;
    }
    let lo = gains
        .iter()
        .map(|d| d.estimate)
        .fold(f64::INFINITY, f64::min);
    let hi = gains
        .iter()
        .map(|d| d.estimate)
        .fold(f64::NEG_INFINITY, f64::max);
    let significant = gains.iter().filter(|d| d.significant).count();
    Some(tr!(
        lang,
        "sweep-verdict",
        scenario = scenario_name(r, lang),
        measure = measure_name(r, lang),
        low = signed_pp(lo),
        high = signed_pp(hi),
        runs = gains.len(),
        significant = significant
    ))
}
