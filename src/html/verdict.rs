//! The summary's verdicts: each scenario's sentence, the key figures table, what the intervals cover, and each comparison's verdict.

use super::*;

pub(super) fn verdict_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    lang: Lang,
) {
    let _ = writeln!(
        o,
        r#"<section id="verdict"><h2>{}</h2>"#,
        escape(&lang.t("html-verdict"))
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(
            o,
            r#"<p class="verdict">{}: {}</p>"#,
            tag(i, a.run.summary.name(lang)),
            escape(&verdict(&a.run.summary, lang))
        );
    }
    // the station count the area limit asks of the built-up area, with
    // the answer (it is the same for every scenario of one district)
    if let Some(n) = arms[0]
        .coverage
        .and_then(|c| c.report.builtup_stations_needed)
    {
        let _ = writeln!(
            o,
            r#"<p class="verdict">{}</p>"#,
            escape(&tr!(lang, "html-stations-needed", count = n))
        );
    }
    let _ = writeln!(
        o,
        "<table><tr>{}</tr>",
        header_cells(
            lang,
            &[
                "html-col-scenario",
                "html-col-alarms",
                "html-col-mean-response",
                "html-col-ci95",
                "html-col-p90",
                "html-col-within",
                "html-col-ci95",
                "html-col-waited",
                "html-col-full-complement",
                "html-col-unreachable",
            ]
        )
    );
    for (i, a) in arms.iter().enumerate() {
        let s = &a.run.summary;
        let _ = writeln!(
            o,
            r#"<tr><td class="l">{}</td><td>{:.1}</td>{}<td>{}</td><td>{:.1}</td></tr>"#,
            tag(i, ""),
            per_year(s.incidents, s.simulated_years),
            key_figures(s)
                .iter()
                .map(|c| format!("<td>{}</td>", escape(c)))
                .collect::<String>(),
            mmss(s.full_complement_s.mean),
            per_year(s.unreachable, s.simulated_years)
        );
    }
    let _ = writeln!(o, "</table>");
    by_setting_table(o, arms, lang);
    // what the intervals are, next to them
    let _ = writeln!(
        o,
        r#"<p class="note">{}</p>"#,
        escape(&lang.t("uncertainty-note"))
    );
    if let Some(c) = comparison {
        let (powers, shared) = compare::text::power_sentences(c, lang);
        for (k, p) in c.pairs.iter().enumerate() {
            let _ = writeln!(
                o,
                r#"<p class="verdict"><b>{}</b>: {}</p>"#,
                escape(&tr!(lang, "html-vs", letter = letter(k + 1))),
                escape(&compare::text::verdict(p, lang)),
            );
            if let Some(power) = &powers[k] {
                let _ = writeln!(o, "<p>{}</p>", escape(power));
            }
        }
        if let Some(power) = &shared {
            let _ = writeln!(o, "<p>{}</p>", escape(power));
        }
    }
    let _ = writeln!(o, "</section>");
}

/// Each scenario by setting (城区, 农村), each judged by its own limit: the
/// standard's share and the assumed yardstick's side by side, not mixed.
fn by_setting_table(o: &mut String, arms: &[ReportArm<'_>], lang: Lang) {
    if arms.iter().all(|a| a.run.summary.by_setting.is_empty()) {
        return;
    }
    let _ = writeln!(
        o,
        "<table><tr>{}</tr>",
        header_cells(
            lang,
            &[
                "html-col-scenario",
                "html-col-setting",
                "html-col-alarms",
                "html-col-time-limit",
                "html-col-mean-response",
                "html-col-p90",
                "html-col-within",
                "html-col-ci95",
            ]
        )
    );
    for (i, a) in arms.iter().enumerate() {
        let s = &a.run.summary;
        for (name, g) in &s.by_setting {
            let limit = s
                .standard
                .by_setting
                .get(name)
                .copied()
                .unwrap_or(s.standard.response_limit_s);
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td class="l">{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                tag(i, ""),
                escape(s.labels.setting(name, lang)),
                per_year(g.incidents, s.simulated_years),
                mmss(limit),
                mmss(g.response_s.mean),
                mmss(g.response_s.p90),
                pct(g.within_standard),
                g.within_standard_ci95
                    .map(|[a, b]| format!("[{:.1}, {:.1}]", 100.0 * a, 100.0 * b))
                    .unwrap_or_default()
            );
        }
    }
    let _ = writeln!(o, "</table>");
}
