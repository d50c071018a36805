//! By hour of the day, when the scenario varies by time of day.

use super::*;

/// Results by hour of the day of the alarm, when a scenario varies by time
/// of day: a chart of the share within the standard and a table.
pub(super) fn hours_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    lang: Lang,
) -> Result<(), HtmlError> {
    if arms.iter().all(|a| a.run.summary.by_hour.is_empty()) {
        return Ok(());
    }
    let _ = writeln!(
        o,
        r#"<section id="hours"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-hours")),
        escape(&lang.t("html-hours-intro"))
    );
    let mut rows = Vec::new();
    for (i, a) in arms.iter().enumerate() {
        for (h, g) in &a.run.summary.by_hour {
            if g.incidents > 0.0 {
                rows.push((format!("{} {h}:00", letter(i)), i, g.within_standard));
            }
        }
    }
    let svg = share_bars(
        &lang.t("html-chart-hours"),
        &rows,
        &lang.t("html-chart-hours-axis"),
        1060,
    )?;
    let _ = writeln!(o, "<figure>{svg}</figure>");
    let _ = writeln!(
        o,
        r#"<table><tr>{}<th class="l">{}</th>{}</tr>"#,
        header_cells(lang, &["html-col-scenario"]),
        escape(&lang.t("col-hour")),
        [
            "html-col-alarms",
            "html-col-mean-response",
            "html-col-within"
        ]
        .map(|id| format!("<th>{}</th>", escape(&lang.t(id))))
        .concat()
    );
    for (i, a) in arms.iter().enumerate() {
        for (h, g) in &a.run.summary.by_hour {
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td class="l">{h}:00</td><td>{:.1}</td><td>{}</td><td>{}</td></tr>"#,
                tag(i, ""),
                per_year(g.incidents, a.run.summary.simulated_years),
                if g.response_s.mean.is_nan() {
                    "–".to_string()
                } else {
                    crate::report::mmss(g.response_s.mean)
                },
                pct(g.within_standard)
            );
        }
    }
    let _ = writeln!(o, "</table></section>");
    Ok(())
}
