//! The difference tables: each scenario against A, overall, by type and by setting.

use super::*;

/// The header cells after the group column of a difference table of
/// scenario `b` against A, matching [`difference_row`].
pub(super) fn difference_header_cells(b: &str, lang: Lang) -> String {
    let th = |text: String| format!("<th>{}</th>", escape(&text));
    let mut cells = th(lang.t("html-col-alarms"));
    for (of, delta) in [
        ("html-col-mean-of", "html-col-delta-mean"),
        ("html-col-p90-of", "html-col-delta-p90"),
        ("html-col-within-of", "html-col-delta-within"),
    ] {
        for l in ["A", b] {
            cells += &th(match of {
                "html-col-mean-of" => tr!(lang, "html-col-mean-of", letter = l),
                "html-col-p90-of" => tr!(lang, "html-col-p90-of", letter = l),
                _ => tr!(lang, "html-col-within-of", letter = l),
            });
        }
        cells += &th(lang.t(delta));
        cells += &th(lang.t("html-col-ci95"));
    }
    cells
}

/// The summary's differences: overall and by setting, for each pair.
pub(super) fn summary_differences(o: &mut String, c: &Comparison, lang: Lang) {
    for (k, p) in c.pairs.iter().enumerate() {
        let b = letter(k + 1);
        let _ = writeln!(
            o,
            r#"<table class="compact"><tr><th class="l">{}</th>{}</tr>"#,
            escape(&tr!(lang, "html-vs", letter = b.as_str())),
            difference_header_cells(&b, lang)
        );
        for g in std::iter::once(&p.overall).chain(&p.by_setting) {
            difference_row(o, g, years(c), &c.runs[0].labels, lang);
        }
        let _ = writeln!(o, "</table>");
    }
}

pub(super) fn differences_section(o: &mut String, c: &Comparison, lang: Lang) {
    // the message holds markup (a link); only its argument is text
    let _ = writeln!(
        o,
        r##"<section id="differences"><h2>{}</h2><p>{}</p>"##,
        escape(&lang.t("html-differences")),
        tr!(
            lang,
            "html-differences-intro",
            replications = c.replications.to_string()
        )
    );
    for (k, p) in c.pairs.iter().enumerate() {
        let b = letter(k + 1);
        let _ = writeln!(
            o,
            r#"<h3>{}{}</h3><table><tr><th class="l">{}</th>{}</tr>"#,
            escape(&tr!(lang, "html-vs", letter = b.as_str())),
            match &p.not_paired_because {
                Some(why) => escape(&tr!(lang, "html-not-paired", why = why.as_str())),
                None => String::new(),
            },
            escape(&lang.t("html-col-group")),
            difference_header_cells(&b, lang)
        );
        if let Some(note) = &p.standard_differs {
            let _ = writeln!(
                o,
                r#"<p class="note">{}</p>"#,
                escape(&tr!(lang, "html-note", note = note.as_str()))
            );
        }
        let rows = std::iter::once(&p.overall)
            .chain(&p.by_type)
            .chain(&p.by_setting);
        for g in rows {
            difference_row(o, g, years(c), &c.runs[0].labels, lang);
        }
        let _ = writeln!(o, "</table>");
    }
    let _ = writeln!(o, "</section>");
}

pub(super) fn difference_row(
    o: &mut String,
    g: &GroupDifference,
    years: f64,
    labels: &crate::labels::Labels,
    lang: Lang,
) {
    let ns = !g.mean_response_diff_s.significant && !g.within_standard_diff.significant;
    let _ = writeln!(
        o,
        r#"<tr{}><td class="l">{}</td><td>{:.1}</td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td>{}</tr>"#,
        if ns { r#" class="ns""# } else { "" },
        escape(&if g.group == "all" {
            lang.t("html-group-all")
        } else {
            labels.group(&g.group, lang).to_string()
        }),
        per_year(g.incidents, years),
        mmss(g.mean_response_s[0]),
        mmss(g.mean_response_s[1]),
        diff_cells(&g.mean_response_diff_s, &compare::signed_mmss, lang),
        mmss(g.p90_response_s[0]),
        mmss(g.p90_response_s[1]),
        diff_cells(&g.p90_response_diff_s, &compare::signed_mmss, lang),
        pct(g.within_standard[0]),
        pct(g.within_standard[1]),
        diff_cells(&g.within_standard_diff, &signed_pp, lang),
    );
}
