//! The siting study's section of the HTML report: the proposals by count,
//! the static objective beside the simulated share within the standard,
//! the findings and the jurisdiction check.

use std::fmt::Write as _;

use crate::compare::{letter, signed_pp};
use crate::coverage::svg::escape;

use super::text::StudyReport;

/// `<section id="siting">` for [`crate::html::write_report_with`]. The
/// scenarios after the baseline in the rest of the report are the
/// proposals in the order of this table.
pub fn section(r: &StudyReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, r#"<section id="siting"><h2>Siting study</h2>"#);
    let _ = writeln!(
        o,
        "<p>Objective <b>{}</b>: {}. {} candidate sites; stations that stay: {}.{}</p>",
        r.objective.name(),
        escape(&r.objective_unit),
        r.candidate_count,
        escape(&r.fixed_stations.join(", ")),
        r.template
            .as_ref()
            .map(|t| format!(" New station: {}.", escape(t)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        o,
        r#"<table><tr><th>scenario</th><th>new stations</th><th>solution</th><th>static objective</th><th>gap</th><th>simulated within standard</th><th>95 % CI</th><th>Δ vs today, pp</th><th>95 % CI</th><th>simulated rank</th><th class="l">new sites</th><th class="l">file</th></tr>"#
    );
    for (k, s) in r.solutions.iter().enumerate() {
        let (within, ci, diff, dci, rank) = match &s.simulated {
            Some(c) => (
                format!("{:.1} %", 100.0 * c.within_standard),
                c.within_standard_ci95
                    .map(|[a, b]| format!("[{:.1}, {:.1}]", 100.0 * a, 100.0 * b))
                    .unwrap_or_default(),
                signed_pp(c.within_standard_diff.estimate),
                c.within_standard_diff
                    .ci95
                    .map(|[a, b]| format!("[{}, {}]", signed_pp(a), signed_pp(b)))
                    .unwrap_or_default(),
                c.simulated_rank.to_string(),
            ),
            None => Default::default(),
        };
        let sites: Vec<String> = s
            .new_sites
            .iter()
            .map(|p| {
                let mut t = escape(&p.id);
                if let Some(z) = &p.township {
                    t += &format!(" {}", escape(z));
                }
                t
            })
            .collect();
        let sites = sites.join("<br>");
        let gap = match s.gap {
            Some(0.0) => "optimal".to_string(),
            Some(g) => format!("{:.2} %", 100.0 * g),
            None => "?".into(),
        };
        let _ = writeln!(
            o,
            r#"<tr><td><b>{}</b></td><td>{}</td><td>#{}</td><td>{:.2}</td><td>{gap}</td><td>{within}</td><td>{ci}</td><td>{diff}</td><td>{dci}</td><td>{rank}</td><td class="l" style="white-space:normal">{}</td><td class="l">{}</td></tr>"#,
            letter(k + 1),
            s.count,
            s.rank,
            s.objective,
            sites,
            escape(s.scenario_file.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(o, "</table>");
    let _ = writeln!(
        o,
        "<p>Scenario A is the input as it is; B, C… are the proposals in this table, compared with A in the rest of this report.</p>"
    );
    for f in &r.findings {
        let _ = writeln!(o, r#"<p class="verdict">{}</p>"#, escape(f));
    }
    let _ = writeln!(
        o,
        "<h3>Jurisdictions against the area limit</h3><table><tr><th>new stations</th><th>solution</th><th class=\"l\">station</th><th>jurisdiction km²</th><th>limit km²</th><th>meets</th></tr>"
    );
    for s in &r.solutions {
        let Some(js) = &s.jurisdictions else { continue };
        for j in js.iter().filter(|j| j.limit_km2.is_some()) {
            let meets = match j.meets_limit {
                Some(true) => r#"<td class="good">yes</td>"#,
                Some(false) => r#"<td class="bad">no</td>"#,
                None => "<td></td>",
            };
            let _ = writeln!(
                o,
                r#"<tr><td>{}</td><td>#{}</td><td class="l">{}</td><td>{:.1}</td><td>{:.0}</td>{meets}</tr>"#,
                s.count,
                s.rank,
                escape(j.name.as_deref().unwrap_or(&j.id)),
                j.judged_km2,
                j.limit_km2.unwrap_or(f64::NAN)
            );
        }
    }
    let _ = writeln!(o, "</table></section>");
    o
}
