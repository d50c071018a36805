//! The comparison as terminal text, at most 100 columns wide.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use super::{Comparison, GroupDifference, PairComparison};
use crate::report::{Table, key_figures, mmss};
use crate::stats::Difference;

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

/// Wraps a non-significant estimate in parentheses.
fn marked(d: &Difference, text: String) -> String {
    if d.significant || !d.estimate.is_finite() || d.estimate == 0.0 {
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

fn row(g: &GroupDifference) -> Vec<String> {
    let m = &g.mean_response_diff_s;
    let p = &g.p90_response_diff_s;
    let w = &g.within_standard_diff;
    vec![
        cut(&g.group, GROUP_COLUMNS),
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
            let d = &z.within_standard_diff;
            d.significant && (d.estimate > 0.0) == gains
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

fn mover_list(zones: &[&GroupDifference]) -> String {
    if zones.is_empty() {
        return "none".into();
    }
    let mut parts: Vec<String> = zones
        .iter()
        .take(6)
        .map(|z| {
            format!(
                "{} {} pp",
                z.group,
                signed_pp(z.within_standard_diff.estimate)
            )
        })
        .collect();
    if zones.len() > 6 {
        parts.push(format!("and {} more", zones.len() - 6));
    }
    parts.join(", ")
}

/// One sentence per comparison: the overall change and where it happens.
pub fn verdict(pair: &PairComparison) -> String {
    let o = &pair.overall;
    let m = &o.mean_response_diff_s;
    let w = &o.within_standard_diff;
    let word = |d: &Difference| {
        if d.estimate == 0.0 {
            "no change"
        } else if d.significant {
            "significant"
        } else {
            "not significant"
        }
    };
    format!(
        "mean response {} {} ({}), share within the standard {} pp {} ({}); \
         zones gaining: {}; zones losing: {}",
        signed_mmss(m.estimate),
        signed_ci_mmss(m.ci95),
        word(m),
        signed_pp(w.estimate),
        signed_ci_pp(w.ci95),
        word(w),
        mover_list(&movers(pair, true)),
        mover_list(&movers(pair, false)),
    )
}

/// The power sentence: how long a run would make the least resolved
/// difference significant.
pub fn power_sentence(pair: &PairComparison, replications: u32) -> String {
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
        if all_negligible {
            return format!(
                "No difference shown reaches {} s or {} pp: the two perform alike.",
                super::NEGLIGIBLE_S,
                super::NEGLIGIBLE_SHARE * 100.0
            );
        }
        return format!(
            "Every difference shown of at least {} s or {} pp is significant at 95 %.",
            super::NEGLIGIBLE_S,
            super::NEGLIGIBLE_SHARE * 100.0
        );
    };
    let d = &note.difference;
    let Some(needed) = d.replications_needed else {
        return String::new();
    };
    let size = if note.measure == "within standard" {
        format!("{} pp", signed_pp(d.estimate))
    } else {
        signed_mmss(d.estimate)
    };
    let head = format!(
        "The least resolved difference, {} of {} ({size}), would need about {needed} \
         replications to be significant at 95 % with 80 % power",
        note.measure, note.group
    );
    if needed > u64::from(replications) * IMPRACTICAL_FACTOR {
        format!("{head}: too small to resolve in practice; treat it as no change.")
    } else {
        format!("{head} (this run: {replications}).")
    }
}

/// Wraps `text` at `width` columns, indenting continuation lines by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        if used > 0 && used + 1 + w > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
            used = indent.len();
        } else if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

const WIDTH: usize = 100;

/// The comparison printed by `firecover compare`.
pub fn render_text(c: &Comparison) -> String {
    let mut o = String::new();
    let paired = c.pairs.iter().all(|p| p.paired);
    o.push_str(&wrap(
        &format!(
            "Comparison of {} scenarios: {} replications each, seed {}{}",
            c.runs.len(),
            c.replications,
            c.seed,
            if paired {
                "; common random numbers (the same alarms in every scenario)"
            } else {
                ""
            }
        ),
        WIDTH,
        "  ",
    ));
    if let Some(first) = c.runs.first() {
        let _ = writeln!(
            o,
            "Standard: first unit on scene within {} of the dispatch order; times are m:ss",
            mmss(first.standard.response_limit_s)
        );
    }
    let _ = writeln!(o);
    for (i, s) in c.runs.iter().enumerate() {
        let base = if i == 0 { " (baseline)" } else { "" };
        o.push_str(&wrap(
            &format!("{}  {}{base}", letter(i), s.scenario),
            WIDTH,
            "   ",
        ));
    }
    let _ = writeln!(o);
    let mut t = Table::new(
        &[
            "",
            "mean resp.",
            "95% CI",
            "p90",
            "within std",
            "95% CI",
            "waited",
        ],
        1,
    );
    for (i, s) in c.runs.iter().enumerate() {
        let mut row = vec![letter(i)];
        row.extend(key_figures(s));
        t.row(row);
    }
    t.render(&mut o);

    for (k, pair) in c.pairs.iter().enumerate() {
        let _ = writeln!(o);
        let how = match &pair.not_paired_because {
            None => "paired replications".to_string(),
            Some(why) => format!("NOT paired ({why}): independent runs, Welch intervals"),
        };
        o.push_str(&wrap(
            &format!("{} vs A ({} − A), {how}", letter(k + 1), letter(k + 1)),
            WIDTH,
            "  ",
        ));
        if let Some(note) = &pair.standard_differs {
            o.push_str(&wrap(&format!("Note: {note}."), WIDTH, "  "));
        }
        o.push_str(&wrap(&format!("Verdict: {}", verdict(pair)), WIDTH, "  "));
        let mut t = Table::new(
            &[
                "group",
                "alarms",
                "Δ mean",
                "95% CI",
                "Δ p90",
                "95% CI",
                "Δ within",
                "95% CI, pp",
            ],
            1,
        );
        t.row(row(&pair.overall));
        let blank = || vec![String::new(); 8];
        if !pair.by_type.is_empty() {
            t.row(blank());
            pair.by_type.iter().for_each(|g| t.row(row(g)));
        }
        if !pair.by_setting.is_empty() {
            t.row(blank());
            pair.by_setting.iter().for_each(|g| t.row(row(g)));
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
            zones.iter().take(MAX_ZONE_ROWS).for_each(|g| t.row(row(g)));
        }
        t.render(&mut o);
        if zones.len() > MAX_ZONE_ROWS {
            let _ = writeln!(
                o,
                "  ... and {} more zones (all are in the JSON report)",
                zones.len() - MAX_ZONE_ROWS
            );
        }
        let _ = writeln!(
            o,
            "  Zones by Δ mean, largest gain first. (…) = 95 % CI contains 0: not significant."
        );
        o.push_str(&wrap(
            &format!("  {}", power_sentence(pair, c.replications)),
            WIDTH,
            "  ",
        ));
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
    }
}
