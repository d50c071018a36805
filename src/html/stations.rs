//! Stations: where each stands on the road network.

use super::*;

pub(super) fn stations_section(o: &mut String, arms: &[ReportArm<'_>], lang: Lang) {
    let _ = writeln!(
        o,
        r#"<section id="stations"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-stations")),
        escape(&lang.t("html-stations-intro"))
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", tag(i, a.run.summary.name(lang)));
        let Some(c) = a.coverage else {
            let _ = writeln!(o, "<p>{}</p>", escape(&lang.t("html-no-coverage")));
            continue;
        };
        let _ = writeln!(
            o,
            r#"<table><tr>{}<th class="l">{}</th>{}</tr>"#,
            header_cells(
                lang,
                &[
                    "html-col-station",
                    "html-col-jurisdiction",
                    "html-col-judged"
                ]
            ),
            escape(&lang.t("html-col-limit-class")),
            ["html-col-limit", "html-col-meets", "html-col-farthest"]
                .map(|id| format!("<th>{}</th>", escape(&lang.t(id))))
                .concat()
        );
        for st in &c.report.stations {
            let meets = match st.meets_limit {
                Some(true) => format!(r#"<td class="good">{}</td>"#, escape(&lang.t("html-yes"))),
                Some(false) => format!(r#"<td class="bad">{}</td>"#, escape(&lang.t("html-no"))),
                None => "<td>–</td>".to_string(),
            };
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td>{:.1}</td><td>{:.1}</td><td class="l">{}</td><td>{}</td>{meets}<td>{}</td></tr>"#,
                escape(st.name.as_deref().unwrap_or(&st.id)),
                st.jurisdiction_km2,
                st.judged_km2,
                escape(st.limit_class.as_deref().unwrap_or("–")),
                st.limit_km2
                    .map(|l| format!("{l}"))
                    .unwrap_or_else(|| "–".into()),
                mmss(st.farthest_s)
            );
        }
        let _ = writeln!(o, "</table>");
        if let Some(n) = c.report.builtup_stations_needed {
            let _ = writeln!(
                o,
                "<p>{}</p>",
                escape(&tr!(lang, "html-stations-needed", count = n))
            );
        }
    }
    let _ = writeln!(o, "</section>");
}
