//! The siting study's section of the HTML report: the proposals by count,
//! the static objective beside the simulated share within the standard,
//! the findings and the jurisdiction check.

use std::fmt::Write as _;

use crate::compare::{letter, signed_pp};
use crate::coverage::svg::{escape, escape_prose};
use crate::i18n::Lang;
use crate::tr;

use super::text::{StudyReport, objective_name};

/// `<section id="siting">` for [`crate::html::write_report_with`]. The
/// scenarios after the baseline in the rest of the report are the
/// proposals in the order of this table.
pub fn section(r: &StudyReport, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<section id="siting"><h2>{}</h2>"#,
        escape(&lang.t("site-html-title"))
    );
    let intro = tr!(
        lang,
        "site-html-intro",
        name = objective_name(r.objective, lang),
        unit = r.objective_unit.as_str(),
        candidates = r.candidate_count,
        stations = r.fixed_stations.join(", ")
    );
    let _ = writeln!(
        o,
        "<p>{}{}</p>",
        escape_prose(&intro),
        r.template
            .as_ref()
            .map(|t| format!(
                "{}{}",
                lang.t("site-sentence-gap"),
                escape_prose(&tr!(lang, "site-html-new-station", template = t.as_str()))
            ))
            .unwrap_or_default()
    );
    let head = |id: &str, class: &str| format!("<th{class}>{}</th>", escape(&lang.t(id)));
    let columns: String = [
        ("site-html-col-scenario", ""),
        ("site-html-col-count", ""),
        ("site-html-col-solution", ""),
        ("site-html-col-objective", ""),
        ("site-html-col-gap", ""),
        ("site-html-col-within", ""),
        ("site-html-col-ci", ""),
        ("site-html-col-diff", ""),
        ("site-html-col-ci", ""),
        ("site-html-col-rank", ""),
        ("site-html-col-sites", r#" class="l""#),
        ("site-html-col-file", r#" class="l""#),
    ]
    .iter()
    .map(|(id, class)| head(id, class))
    .collect();
    let _ = writeln!(o, "<table><tr>{columns}</tr>");
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
        let gap = escape(&super::text::gap_text(r, s, lang));
        let _ = writeln!(
            o,
            r#"<tr><td><b>{}</b></td><td>{}</td><td>#{}</td><td>{:.2}</td><td>{gap}</td><td>{within}</td><td>{ci}</td><td>{diff}</td><td>{dci}</td><td>{rank}</td><td class="l" style="white-space:normal">{}</td><td class="l"><code>{}</code></td></tr>"#,
            letter(k + 1),
            s.count,
            s.rank,
            s.objective,
            sites,
            escape(s.scenario_file.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(o, "</table>");
    let _ = writeln!(o, "<p>{}</p>", escape(&lang.t("site-html-letters")));
    if let Some(note) = super::text::unproven_note(r, lang) {
        let _ = writeln!(o, r#"<p class="verdict">{}</p>"#, escape_prose(&note));
    }
    for f in &r.findings {
        let _ = writeln!(o, r#"<p class="verdict">{}</p>"#, escape(&f.text));
    }
    let _ = writeln!(
        o,
        "<h3>{}</h3><table><tr>{}{}{}{}{}{}</tr>",
        escape(&lang.t("site-html-jurisdictions")),
        head("site-html-col-count", ""),
        head("site-html-col-solution", ""),
        head("site-html-col-station", r#" class="l""#),
        head("site-html-col-area", ""),
        head("site-html-col-limit", ""),
        head("site-html-col-meets", ""),
    );
    for s in &r.solutions {
        let Some(js) = &s.jurisdictions else { continue };
        for j in js.iter().filter(|j| j.limit_km2.is_some()) {
            let meets = match j.meets_limit {
                Some(true) => format!(r#"<td class="good">{}</td>"#, lang.t("site-html-yes")),
                Some(false) => format!(r#"<td class="bad">{}</td>"#, lang.t("site-html-no")),
                None => "<td></td>".into(),
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
