//! Assumptions and sources: each scenario's description and the files it reads.

use super::*;

pub(super) fn assumptions_section(o: &mut String, arms: &[ReportArm<'_>], lang: Lang) {
    let _ = writeln!(
        o,
        r#"<section id="assumptions"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-assumptions")),
        escape(&lang.t("html-assumptions-intro"))
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", tag(i, a.run.summary.name(lang)));
        if let Some(d) = &a.scenario.description {
            let d = a.scenario.labels.scenario_description(d, lang);
            let _ = writeln!(o, "<p>{}</p>", escape(d));
        }
        let (shown, new): (Vec<&PathBuf>, Vec<PathBuf>) = {
            let earlier: Vec<&PathBuf> = arms[..i].iter().flat_map(|b| &b.scenario.files).collect();
            let (seen, new): (Vec<&PathBuf>, Vec<&PathBuf>) =
                a.scenario.files.iter().partition(|f| earlier.contains(f));
            (seen, new.into_iter().cloned().collect())
        };
        for f in shown {
            let _ = writeln!(
                o,
                "<p>{}</p>",
                tr!(
                    lang,
                    "html-also-uses",
                    file = escape(&f.display().to_string())
                )
            );
        }
        for f in &new {
            if let Some(h) = std::fs::read_to_string(f)
                .ok()
                .and_then(|t| assumptions::header(&t))
            {
                let _ = writeln!(
                    o,
                    "<p><code>{}</code>: {}</p>",
                    escape(&f.display().to_string()),
                    escape(&h)
                );
            }
        }
        let found = assumptions::of_files(&new);
        if found.is_empty() {
            let _ = writeln!(o, "<p>{}</p>", escape(&lang.t("html-no-assumptions")));
            continue;
        }
        let _ = writeln!(o, r#"<ul class="assumptions">"#);
        for x in found {
            let _ = writeln!(
                o,
                "<li><code>{}:{}{}</code> {}</li>",
                escape(&x.file.display().to_string()),
                x.line,
                x.key
                    .map(|k| format!(" {}", escape(&k)))
                    .unwrap_or_default(),
                escape(&x.text)
            );
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "</section>");
}
