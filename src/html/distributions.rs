//! The response-time distributions: the charts and their tables.

use super::*;

pub(super) fn distributions_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    lang: Lang,
) -> Result<(), HtmlError> {
    let _ = writeln!(
        o,
        r#"<section id="distributions"><h2>{}</h2><p>{}</p><div class="charts">"#,
        escape(&lang.t("html-distributions")),
        escape(&lang.t("html-distributions-intro"))
    );
    let limit = arms[0].run.summary.standard.response_limit_s;
    let curves = |group: usize| -> Vec<Curve<'_>> {
        arms.iter()
            .enumerate()
            .map(|(i, a)| Curve {
                label: format!("{} {}", letter(i), short(&a.run.summary.scenario, 34)),
                colour: scenario_colour(i),
                hist: a.run.hist.response(group),
            })
            .collect()
    };
    let svg = cumulative_chart(
        &lang.t("html-chart-all"),
        &curves(0),
        limit,
        (1060, 440),
        lang,
    )?;
    let _ = writeln!(o, "<figure>{svg}</figure>");
    for (t, ty) in arms[0].scenario.incident_types.iter().enumerate() {
        let group = arms[0].run.layout.of_type(t);
        // the same type in the other scenarios, by name
        let per_arm: Vec<Curve<'_>> = arms
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let k = a
                    .scenario
                    .incident_types
                    .iter()
                    .position(|x| x.name == ty.name)?;
                let g = if i == 0 {
                    group
                } else {
                    a.run.layout.of_type(k)
                };
                Some(Curve {
                    label: letter(i),
                    colour: scenario_colour(i),
                    hist: a.run.hist.response(g),
                })
            })
            .collect();
        let svg = cumulative_chart(
            &tr!(lang, "html-chart-type", type = ty.name.as_str()),
            &per_arm,
            limit,
            (520, 330),
            lang,
        )?;
        let _ = writeln!(o, "<figure>{svg}</figure>");
    }
    let _ = writeln!(o, "</div></section>");
    Ok(())
}

/// Cuts a label to `n` characters.
pub(super) fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
