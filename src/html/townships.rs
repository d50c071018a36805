//! By zone: each township's alarms, arrival times and share within the standard, slowest first.

use super::*;

pub(super) fn townships_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    lang: Lang,
) {
    let change = if comparison.is_some() {
        lang.t("html-townships-change")
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        r#"<section id="townships"><h2>{}</h2><p>{}</p><table><tr>{}"#,
        escape(&lang.t("html-townships")),
        escape(&tr!(lang, "html-townships-intro", change = change)),
        header_cells(lang, &["html-col-zone", "html-col-alarms"])
    );
    for i in 0..arms.len() {
        let l = letter(i);
        let _ = write!(
            o,
            "<th>{}</th><th>{}</th><th>{}</th>",
            escape(&tr!(lang, "html-col-mean-of", letter = l.as_str())),
            escape(&tr!(lang, "html-col-p90-of", letter = l.as_str())),
            escape(&tr!(lang, "html-col-within-of", letter = l.as_str()))
        );
    }
    if let Some(c) = comparison {
        for k in 0..c.pairs.len() {
            let _ = write!(
                o,
                "<th>{}</th>",
                escape(&tr!(
                    lang,
                    "html-col-delta-within-vs",
                    letter = letter(k + 1)
                ))
            );
        }
    }
    let _ = writeln!(o, "</tr>");
    let base = &arms[0].run.summary;
    let mut zones: Vec<(&String, f64)> = base
        .by_zone
        .iter()
        .filter(|(_, g)| g.incidents > 0.0)
        .map(|(n, g)| (n, g.response_s.mean))
        .collect();
    zones.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    for (name, _) in zones {
        let _ = write!(
            o,
            r#"<tr><td class="l">{}</td><td>{:.1}</td>"#,
            escape(name),
            per_year(base.by_zone[name].incidents, base.simulated_years)
        );
        for a in arms {
            match a.run.summary.by_zone.get(name) {
                Some(g) => {
                    let class = if g.within_standard >= 0.5 {
                        "good"
                    } else {
                        "bad"
                    };
                    let _ = write!(
                        o,
                        r#"<td>{}</td><td>{}</td><td class="{class}">{}</td>"#,
                        mmss(g.response_s.mean),
                        mmss(g.response_s.p90),
                        pct(g.within_standard)
                    );
                }
                None => o.push_str("<td></td><td></td><td></td>"),
            }
        }
        if let Some(c) = comparison {
            for p in &c.pairs {
                match p.by_zone.iter().find(|z| &z.group == name) {
                    Some(z) => {
                        let d = &z.within_standard_diff;
                        let ns = escape(&ns_mark(d, lang));
                        let class = if d.significant && d.estimate > 0.0 {
                            r#" class="good""#
                        } else if d.significant && d.estimate < 0.0 {
                            r#" class="bad""#
                        } else {
                            ""
                        };
                        let _ = write!(o, "<td{class}>{}{ns}</td>", signed_pp(d.estimate));
                    }
                    None => o.push_str("<td></td>"),
                }
            }
        }
        let _ = writeln!(o, "</tr>");
    }
    let _ = writeln!(o, "</table></section>");
}
