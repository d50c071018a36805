//! How the report was made: version, seed, replications, the command and the files' checksums.

use super::*;

pub(super) fn reproduce_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    provenance: &Provenance,
    downloads: &[String],
    lang: Lang,
) {
    let s = &arms[0].run.summary;
    let t = |id: &str| escape(&lang.t(id));
    let _ = writeln!(
        o,
        r#"<section id="reproduce"><h2>{}</h2><table><tr><td class="l">firecover</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr></table><p>{}</p><pre>{}</pre><p>{}</p><ul>"#,
        t("html-reproduce"),
        env!("CARGO_PKG_VERSION"),
        t("html-generated"),
        escape(&provenance.generated),
        t("html-seed"),
        s.seed,
        t("html-replications"),
        s.replications,
        t("html-years"),
        s.simulated_years,
        t("html-command"),
        escape(&provenance.command),
        t("html-files")
    );
    let mut seen = Vec::new();
    for a in arms {
        for f in &a.scenario.files {
            if seen.contains(f) {
                continue;
            }
            seen.push(f.clone());
            let crc = std::fs::read(f)
                .map(|b| format!("{:08x}", crc32fast::hash(&b)))
                .unwrap_or_else(|e| tr!(lang, "html-unreadable", why = e.to_string()));
            let _ = writeln!(
                o,
                "<li><code>{}</code> {crc}</li>",
                escape(&f.display().to_string())
            );
        }
    }
    let _ = writeln!(
        o,
        "</ul><p>{}</p><h3>{}</h3><ul>",
        t("html-same-numbers"),
        t("html-tables")
    );
    for d in downloads {
        let _ = writeln!(
            o,
            r#"<li><a href="{0}"><code>{0}</code></a></li>"#,
            escape(d)
        );
    }
    let _ = writeln!(o, "</ul></section>");
}
