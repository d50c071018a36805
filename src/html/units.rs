//! Units: dispatches, utilisation and the share of alarms that waited.

use super::*;

/// Below this utilisation for every unit, the unit chart and table are
/// folded away: distance, not fleet size, sets the response times.
pub(super) const QUIET_UTILISATION: f64 = 0.02;

pub(super) fn units_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    lang: Lang,
) -> Result<(), HtmlError> {
    let _ = writeln!(
        o,
        r#"<section id="units"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-units")),
        lang.t("html-units-intro")
    );
    let _ = writeln!(
        o,
        r#"<table><tr>{}<th class="l">{}</th>{}</tr>"#,
        header_cells(lang, &["html-col-scenario"]),
        escape(&lang.t("html-col-incident-type")),
        ["html-col-waited", "html-col-alarms"]
            .map(|id| format!("<th>{}</th>", escape(&lang.t(id))))
            .concat()
    );
    for (i, a) in arms.iter().enumerate() {
        let s = &a.run.summary;
        let _ = writeln!(
            o,
            r#"<tr><td class="l">{}</td><td class="l">{}</td><td>{}</td><td>{:.1}</td></tr>"#,
            tag(i, ""),
            escape(&lang.t("html-group-all")),
            pct(s.queued),
            per_year(s.incidents, s.simulated_years)
        );
        for (name, g) in &s.by_type {
            let _ = writeln!(
                o,
                r#"<tr><td class="l"></td><td class="l">{}</td><td>{}</td><td>{:.1}</td></tr>"#,
                escape(s.labels.incident_type(name, lang)),
                pct(g.queued),
                per_year(g.incidents, s.simulated_years)
            );
        }
    }
    let _ = writeln!(o, "</table>");
    let quiet = arms
        .iter()
        .flat_map(|a| &a.run.summary.units)
        .all(|u| u.utilization < QUIET_UTILISATION);
    if quiet {
        let _ = writeln!(
            o,
            "<p>{}</p><details><summary>{}</summary>",
            escape(&tr!(
                lang,
                "html-units-quiet",
                share = pct(QUIET_UTILISATION)
            )),
            escape(&lang.t("html-units-table"))
        );
    }
    let mut rows = Vec::new();
    for (i, a) in arms.iter().enumerate() {
        for u in a.run.summary.units.iter().take(40) {
            rows.push((format!("{} {}", letter(i), u.id), i, u.utilization));
        }
    }
    if !quiet {
        let svg = share_bars(
            &lang.t("html-chart-utilisation"),
            &rows,
            &lang.t("html-chart-utilisation-axis"),
            1060,
        )?;
        let _ = writeln!(o, "<figure>{svg}</figure>");
    }
    let left = |id: &str| format!(r#"<th class="l">{}</th>"#, escape(&lang.t(id)));
    let right = |id: &str| format!("<th>{}</th>", escape(&lang.t(id)));
    let _ = writeln!(
        o,
        "<table><tr>{}{}{}{}{}{}</tr>",
        left("html-col-scenario"),
        left("html-col-unit"),
        left("html-col-kind"),
        right("html-col-dispatches"),
        right("html-col-utilisation"),
        right("html-col-ci95")
    );
    for (i, a) in arms.iter().enumerate() {
        for u in &a.run.summary.units {
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td class="l">{}</td><td class="l">{}</td><td>{:.1}</td><td>{:.2} %</td><td>{}</td></tr>"#,
                tag(i, ""),
                escape(&u.id),
                escape(a.run.summary.labels.unit_kind(&u.kind, lang)),
                u.dispatches,
                u.utilization * 100.0,
                u.utilization_ci95
                    .map(|[a, b]| format!("[{:.2}, {:.2}]", a * 100.0, b * 100.0))
                    .unwrap_or_default()
            );
        }
    }
    let _ = writeln!(o, "</table>");
    if quiet {
        let _ = writeln!(o, "</details>");
    }
    let _ = writeln!(o, "</section>");
    Ok(())
}
