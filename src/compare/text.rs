//! The comparison as terminal text, at most 100 columns wide.

use crate::text_wrap::wrap;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use super::{Comparison, GroupDifference, PairComparison};
use crate::i18n::Lang;
use crate::report::{Table, key_figures, mmss};
use crate::stats::Difference;
use crate::tr;

/// Longest zone list printed; the JSON has every zone.
const MAX_ZONE_ROWS: usize = 40;
/// Group names are cut to this many columns.
const GROUP_COLUMNS: usize = 14;
/// A difference needing more than this many times the replications run is
/// called too small to resolve in practice.
const IMPRACTICAL_FACTOR: u64 = 100;

/// Scenario letters: A is the baseline.
pub fn letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(k) if k < 26 => char::from(b'A' + k).to_string(),
        _ => format!("S{}", i + 1),
    }
}

/// `+m:ss` / `-m:ss`; `0:00` for zero.
pub fn signed_mmss(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "-".into();
    }
    let rounded = seconds.round();
    let sign = if rounded > 0.0 {
        "+"
    } else if rounded < 0.0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{}", mmss(rounded.abs()))
}

/// Percentage points, signed, one decimal.
pub fn signed_pp(share: f64) -> String {
    if !share.is_finite() {
        return "-".into();
    }
    let pp = share * 100.0;
    if pp.abs() < 0.05 {
        "0.0".into()
    } else {
        format!("{pp:+.1}")
    }
}

fn signed_ci_mmss(ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("[{}, {}]", signed_mmss(lo), signed_mmss(hi)),
        None => String::new(),
    }
}

fn signed_ci_pp(ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("[{}, {}]", signed_pp(lo), signed_pp(hi)),
        None => String::new(),
    }
}

/// Wraps a non-significant estimate (its interval contains 0) in
/// parentheses, whatever it rounds to: the legend's one rule.
fn marked(d: &Difference, text: String) -> String {
    if d.significant || !d.estimate.is_finite() {
        text
    } else {
        format!("({text})")
    }
}

/// Cuts `name` to `columns` display columns, ending in `…` when cut.
fn cut(name: &str, columns: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total: usize = name.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= columns {
        return name.to_string();
    }
    for c in name.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > columns {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

fn row(g: &GroupDifference, labels: &crate::labels::Labels, lang: Lang) -> Vec<String> {
    let m = &g.mean_response_diff_s;
    let p = &g.p90_response_diff_s;
    let w = &g.within_standard_diff;
    vec![
        cut(labels.group(&g.group, lang), GROUP_COLUMNS),
        format!("{:.1}", g.incidents),
        marked(m, signed_mmss(m.estimate)),
        signed_ci_mmss(m.ci95),
        marked(p, signed_mmss(p.estimate)),
        signed_ci_mmss(p.ci95),
        marked(w, signed_pp(w.estimate)),
        signed_ci_pp(w.ci95),
    ]
}

/// The zones that gain or lose significantly in the share within the
/// standard, largest change first.
fn movers(pair: &PairComparison, gains: bool) -> Vec<&GroupDifference> {
    let mut v: Vec<&GroupDifference> = pair
        .by_zone
        .iter()
        .filter(|z| {
            // by the same rule as the marks, and no smaller than the negligible size
            let d = &z.within_standard_diff;
            d.significant
                && d.estimate.abs() >= super::NEGLIGIBLE_SHARE
                && (d.estimate > 0.0) == gains
        })
        .collect();
    v.sort_by(|a, b| {
        b.within_standard_diff
            .estimate
            .abs()
            .total_cmp(&a.within_standard_diff.estimate.abs())
    });
    v
}

fn mover_list(zones: &[&GroupDifference], lang: Lang) -> String {
    if zones.is_empty() {
        return lang.t("compare-none");
    }
    let mut parts: Vec<String> = zones
        .iter()
        .take(6)
        .map(|z| {
            tr!(
                lang,
                "compare-mover",
                zone = z.group.as_str(),
                pp = signed_pp(z.within_standard_diff.estimate)
            )
        })
        .collect();
    if zones.len() > 6 {
        parts.push(tr!(lang, "compare-and-more", count = zones.len() - 6));
    }
    parts.join(", ")
}

/// One sentence per comparison: the overall change and where it happens.
pub fn verdict(pair: &PairComparison, lang: Lang) -> String {
    let o = &pair.overall;
    let m = &o.mean_response_diff_s;
    let w = &o.within_standard_diff;
    // a difference below the negligible size is called so, significant
    // or not: "+0:01 [0:00, +0:01] (significant)" would mislead
    let word = |d: &Difference, negligible: f64| {
        lang.t(
            if d.estimate == 0.0 && d.ci95.is_some_and(|[a, b]| a == 0.0 && b == 0.0) {
                "compare-no-change"
            } else if d.estimate.abs() < negligible {
                "compare-negligible"
            } else if d.significant {
                "compare-significant"
            } else {
                "compare-not-significant"
            },
        )
    };
    tr!(
        lang,
        "compare-verdict-text",
        mean = signed_mmss(m.estimate),
        mean_ci = signed_ci_mmss(m.ci95),
        mean_word = word(m, super::NEGLIGIBLE_S),
        within = signed_pp(w.estimate),
        within_ci = signed_ci_pp(w.ci95),
        within_word = word(w, super::NEGLIGIBLE_SHARE),
        gaining = mover_list(&movers(pair, true), lang),
        losing = mover_list(&movers(pair, false), lang)
    )
}

/// The words of a measure named in [`super::ResolutionNote::measure`].
fn measure_words(measure: &str, lang: Lang) -> String {
    match measure {
        "mean response" => lang.t("compare-measure-mean"),
        "p90 response" => lang.t("compare-measure-p90"),
        "within standard" => lang.t("compare-measure-within"),
        other => other.to_string(),
    }
}

/// The words of a group: "all" is every incident.
fn group_words(group: &str, lang: Lang) -> String {
    if group == "all" {
        lang.t("compare-group-all")
    } else {
        group.to_string()
    }
}

/// Each pair's power sentence, and the one they all share: a sentence
/// every pair has (say, "every difference listed is significant") is said
/// once, after them, and left out of each pair (`None`).
pub fn power_sentences(c: &Comparison, lang: Lang) -> (Vec<Option<String>>, Option<String>) {
    let all: Vec<String> = c
        .pairs
        .iter()
        .map(|p| power_sentence(p, c.replications, lang))
        .collect();
    let shared = all.len() > 1 && all.iter().all(|s| *s == all[0]);
    if shared {
        (vec![None; all.len()], Some(all[0].clone()))
    } else {
        (all.into_iter().map(Some).collect(), None)
    }
}

/// The power sentence: how long a run would make the least resolved
/// difference significant.
pub fn power_sentence(pair: &PairComparison, replications: u32, lang: Lang) -> String {
    let seconds = format!("{}", super::NEGLIGIBLE_S);
    let pp = format!("{}", super::NEGLIGIBLE_SHARE * 100.0);
    let Some(note) = &pair.least_resolved else {
        let negligible =
            |d: &Difference, limit: f64| d.estimate.is_nan() || d.estimate.abs() < limit;
        let all_negligible = std::iter::once(&pair.overall)
            .chain(&pair.by_type)
            .chain(&pair.by_setting)
            .chain(&pair.by_zone)
            .all(|g| {
                negligible(&g.mean_response_diff_s, super::NEGLIGIBLE_S)
                    && negligible(&g.p90_response_diff_s, super::NEGLIGIBLE_S)
                    && negligible(&g.within_standard_diff, super::NEGLIGIBLE_SHARE)
            });
        return if all_negligible {
            tr!(lang, "compare-alike", seconds = seconds, pp = pp)
        } else {
            tr!(lang, "compare-all-significant", seconds = seconds, pp = pp)
        };
    };
    let d = &note.difference;
    let Some(needed) = d.replications_needed else {
        return String::new();
    };
    let size = if note.measure == "within standard" {
        tr!(lang, "compare-pp", pp = signed_pp(d.estimate))
    } else {
        signed_mmss(d.estimate)
    };
    let head = tr!(
        lang,
        "compare-least-resolved",
        measure = measure_words(&note.measure, lang),
        group = group_words(&note.group, lang),
        size = size,
        needed = needed.to_string()
    );
    if needed > u64::from(replications) * IMPRACTICAL_FACTOR {
        tr!(lang, "compare-impractical", head = head)
    } else {
        tr!(
            lang,
            "compare-this-run",
            head = head,
            replications = replications.to_string()
        )
    }
}

const WIDTH: usize = 100;

/// The comparison printed by `firecover compare`.
pub fn render_text(c: &Comparison, lang: Lang) -> String {
    let mut o = String::new();
    let paired = c.pairs.iter().all(|p| p.paired);
    o.push_str(&wrap(
        &tr!(
            lang,
            "compare-head",
            scenarios = c.runs.len().to_string(),
            replications = c.replications.to_string(),
            seed = c.seed.to_string(),
            crn = if paired {
                lang.t("compare-crn")
            } else {
                String::new()
            }
        ),
        WIDTH,
        "  ",
    ));
    if let Some(first) = c.runs.first() {
        let _ = writeln!(
            o,
            "{}",
            tr!(
                lang,
                "compare-standard",
                limit = crate::report::labelled_yardstick(&first.standard, &first.labels, lang)
            )
        );
    }
    let _ = writeln!(o);
    for (i, s) in c.runs.iter().enumerate() {
        let base = if i == 0 {
            lang.t("compare-baseline")
        } else {
            String::new()
        };
        o.push_str(&wrap(
            &format!("{}  {}{base}", letter(i), s.name(lang)),
            WIDTH,
            "   ",
        ));
    }
    let _ = writeln!(o);
    let mut t = Table::new(
        vec![
            String::new(),
            lang.t("col-mean-response"),
            lang.t("col-ci95"),
            lang.t("col-p90"),
            lang.t("col-within-standard"),
            lang.t("col-ci95"),
            lang.t("col-waited"),
        ],
        1,
    );
    for (i, s) in c.runs.iter().enumerate() {
        let mut row = vec![letter(i)];
        row.extend(key_figures(s));
        t.row(row);
    }
    t.render(&mut o);

    let (powers, shared_power) = power_sentences(c, lang);
    let labels = &c.runs[0].labels;
    for (k, pair) in c.pairs.iter().enumerate() {
        let _ = writeln!(o);
        let how = match &pair.not_paired_because {
            None => lang.t("compare-paired"),
            Some(why) => tr!(lang, "compare-not-paired", why = why.as_str()),
        };
        o.push_str(&wrap(
            &tr!(lang, "compare-pair-head", letter = letter(k + 1), how = how),
            WIDTH,
            "  ",
        ));
        if let Some(note) = &pair.standard_differs {
            o.push_str(&wrap(
                &tr!(lang, "compare-note", note = note.as_str()),
                WIDTH,
                "  ",
            ));
        }
        o.push_str(&wrap(
            &tr!(lang, "compare-verdict", verdict = verdict(pair, lang)),
            WIDTH,
            "  ",
        ));
        let mut t = Table::new(
            vec![
                lang.t("compare-col-group"),
                lang.t("compare-col-alarms"),
                lang.t("compare-col-mean"),
                lang.t("col-ci95"),
                lang.t("compare-col-p90"),
                lang.t("col-ci95"),
                lang.t("compare-col-within"),
                lang.t("compare-col-ci-pp"),
            ],
            1,
        );
        let mut overall = row(&pair.overall, labels, lang);
        overall[0] = cut(&group_words(&pair.overall.group, lang), GROUP_COLUMNS);
        t.row(overall);
        let blank = || vec![String::new(); 8];
        if !pair.by_type.is_empty() {
            t.row(blank());
            pair.by_type
                .iter()
                .for_each(|g| t.row(row(g, labels, lang)));
        }
        if !pair.by_setting.is_empty() {
            t.row(blank());
            pair.by_setting
                .iter()
                .for_each(|g| t.row(row(g, labels, lang)));
        }
        let mut zones: Vec<&GroupDifference> = pair.by_zone.iter().collect();
        zones.sort_by(|a, b| {
            let key = |g: &GroupDifference| {
                let e = g.mean_response_diff_s.estimate;
                if e.is_nan() { f64::INFINITY } else { e }
            };
            key(a).total_cmp(&key(b)).then(a.group.cmp(&b.group))
        });
        if !zones.is_empty() {
            t.row(blank());
            zones
                .iter()
                .take(MAX_ZONE_ROWS)
                .for_each(|g| t.row(row(g, labels, lang)));
        }
        t.render(&mut o);
        if zones.len() > MAX_ZONE_ROWS {
            let _ = writeln!(
                o,
                "  {}",
                tr!(
                    lang,
                    "compare-more-zones",
                    count = zones.len() - MAX_ZONE_ROWS
                )
            );
        }
        let _ = writeln!(o, "  {}", lang.t("compare-legend"));
        if let Some(sentence) = &powers[k] {
            o.push_str(&wrap(&format!("  {sentence}"), WIDTH, "  "));
        }
    }
    if let Some(sentence) = &shared_power {
        let _ = writeln!(o);
        o.push_str(&wrap(sentence, WIDTH, ""));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_formats() {
        assert_eq!(signed_mmss(-95.0), "-1:35");
        assert_eq!(signed_mmss(95.4), "+1:35");
        assert_eq!(signed_mmss(0.2), "0:00");
        assert_eq!(signed_pp(0.1164), "+11.6");
        assert_eq!(signed_pp(-0.0004), "0.0");
    }

    #[test]
    fn cutting_counts_display_columns() {
        assert_eq!(cut("双桂街道", 14), "双桂街道");
        assert_eq!(cut("一二三四五六七八", 14), "一二三四五六…");
        assert_eq!(cut("social_aid", 14), "social_aid");
    }

    #[test]
    fn wrapping_respects_the_width() {
        let text = "word ".repeat(50);
        for line in wrap(&text, 20, "  ").lines() {
            assert!(line.len() <= 20, "{line:?}");
        }
        let text = "平均到场时间 -1:35 [-1:40, -1:30]（显著），达标率 +11.6 个百分点".repeat(4);
        let wrapped = wrap(&text, 30, "  ");
        for line in wrapped.lines() {
            let w: usize = line.chars().map(|c| c.width().unwrap_or(0)).sum();
            assert!(w <= 30, "{line:?}");
        }
        assert!(wrapped.lines().count() > 4);
        // nothing is lost but the break points
        let joined: String = wrapped.split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(joined, original);
    }
}
