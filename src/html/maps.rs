//! The maps: the summary's difference map, and each scenario's coverage and difference maps by extent.

use super::*;

/// The summary's one map: the featured (else the last) arm's difference
/// map of the region against the first, or the single run's coverage map.
pub(super) fn summary_map(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    featured: Option<usize>,
    lang: Lang,
) {
    let base = arms[0];
    let shown = featured
        .filter(|&k| k >= 1 && k < arms.len())
        .unwrap_or(arms.len().saturating_sub(1));
    let svg = match (comparison, arms.get(shown)) {
        (Some(c), Some(last)) if shown >= 1 => {
            let (Some(ca), Some(cb)) = (base.coverage, last.coverage) else {
                return;
            };
            // the pairs are each later arm against the first, in order
            let Some(p) = c.pairs.get(shown - 1) else {
                return;
            };
            let zones = zone_changes(base.scenario, p);
            let title = tr!(
                lang,
                "html-difference-title",
                letter = letter(shown),
                extent = lang.t("html-extent-region")
            );
            render_difference(
                (base.scenario, ca),
                (last.scenario, cb),
                &zones,
                &title,
                svg::Extent::Region,
                lang,
            )
        }
        _ => base
            .coverage
            .map(|c| svg::render_extent(base.scenario, c, svg::Extent::Region, lang)),
    };
    if let Some(svg) = svg {
        let _ = writeln!(
            o,
            r#"<figure class="map summary-map">{}</figure>"#,
            scoped_svg(&svg, "summary")
        );
    }
}

/// Each zone's change in the share within the standard, at its
/// demand-weighted centre (zones without one are left out).
pub(super) fn zone_changes(base: &Scenario, p: &compare::PairComparison) -> Vec<ZoneChange> {
    let centres = zone_centres(base);
    p.by_zone
        .iter()
        .filter_map(|z| {
            let idx = base.demand.zones.iter().position(|n| *n == z.group)?;
            let (lon, lat) = centres[idx]?;
            Some(ZoneChange {
                name: z.group.clone(),
                lon,
                lat,
                delta: z.within_standard_diff.estimate,
                significant: z.within_standard_diff.significant,
            })
        })
        .collect()
}

/// The map extents a scenario gets: the whole region, and the built-up area
/// zoomed when it has one (where the standard's area limits apply).
pub(super) fn extents(s: &Scenario, lang: Lang) -> Vec<(svg::Extent, &'static str, String)> {
    let mut v = vec![(svg::Extent::Region, "region", lang.t("html-extent-region"))];
    if s.area.builtup.is_some() {
        v.push((
            svg::Extent::Builtup,
            "builtup",
            lang.t("html-extent-builtup"),
        ));
    }
    v
}

/// Demand-weighted centre of each zone, WGS84.
pub(super) fn zone_centres(s: &Scenario) -> Vec<Option<(f64, f64)>> {
    let mut acc = vec![(0.0, 0.0, 0.0); s.demand.zones.len()];
    for p in &s.demand.points {
        let n = &s.network.nodes()[p.node.index()];
        let a = &mut acc[p.zone.index()];
        a.0 += n.lon * p.weight;
        a.1 += n.lat * p.weight;
        a.2 += p.weight;
    }
    acc.into_iter()
        .map(|(x, y, w)| (w > 0.0).then(|| (x / w, y / w)))
        .collect()
}

pub(super) fn maps_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    lang: Lang,
    pictures: &mut Pictures,
) {
    let _ = writeln!(
        o,
        r#"<section id="maps"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-maps")),
        escape(&lang.t("html-maps-intro"))
    );
    if let Some(why) = &pictures.unavailable {
        let _ = writeln!(
            o,
            r#"<p class="note">{}</p>"#,
            escape(&tr!(lang, "html-no-png", why = why.as_str()))
        );
    }
    // one colour per station id across every scenario
    let mut ids: Vec<&str> = Vec::new();
    for a in arms {
        for st in &a.scenario.stations {
            if !ids.contains(&st.id.as_str()) {
                ids.push(&st.id);
            }
        }
    }
    for (i, a) in arms.iter().enumerate() {
        match a.coverage {
            Some(c) => {
                let colour = |s: usize| {
                    let id = a.scenario.stations[s].id.as_str();
                    station_colour(ids.iter().position(|x| *x == id).unwrap_or(s))
                };
                for (extent, name, what) in extents(a.scenario, lang) {
                    let what = escape(&what);
                    let svg = svg::render_coloured(a.scenario, c, extent, &colour, lang);
                    let link = pictures.add(format!("map-{}-{name}.png", letter(i)), &svg, lang);
                    let _ = writeln!(
                        o,
                        r#"<figure class="map">{}<figcaption>{}: {what}{link}</figcaption></figure>"#,
                        scoped_svg(&svg, &format!("map{i}-{name}")),
                        tag(i, a.run.summary.name(lang))
                    );
                }
            }
            None => {
                let _ = writeln!(
                    o,
                    "<p>{}</p>",
                    tr!(
                        lang,
                        "html-no-map",
                        scenario = tag(i, a.run.summary.name(lang))
                    )
                );
            }
        }
    }
    if let Some(c) = comparison {
        let base = arms[0];
        for (k, p) in c.pairs.iter().enumerate() {
            let arm = arms[k + 1];
            let (Some(ca), Some(cb)) = (base.coverage, arm.coverage) else {
                continue;
            };
            let zones = zone_changes(base.scenario, p);
            for (extent, name, what) in extents(base.scenario, lang) {
                let title = tr!(
                    lang,
                    "html-difference-title",
                    letter = letter(k + 1),
                    extent = what
                );
                let arms = ((base.scenario, ca), (arm.scenario, cb));
                match render_difference(arms.0, arms.1, &zones, &title, extent, lang) {
                    Some(svg) => {
                        let link = pictures.add(
                            format!("difference-{}-{name}.png", letter(k + 1)),
                            &svg,
                            lang,
                        );
                        let _ = writeln!(
                            o,
                            r#"<figure class="map" id="difference-{}-{name}">{}<figcaption>{}{link}</figcaption></figure>"#,
                            k + 1,
                            scoped_svg(&svg, &format!("diff{}-{name}", k + 1)),
                            tr!(
                                lang,
                                "html-difference-caption",
                                scenario = tag(k + 1, c.runs[k + 1].name(lang)),
                                baseline = tag(0, c.runs[0].name(lang))
                            )
                        );
                    }
                    None => {
                        let _ = writeln!(
                            o,
                            "<p>{}</p>",
                            escape(&tr!(lang, "html-no-difference-map", letter = letter(k + 1)))
                        );
                        break;
                    }
                }
            }
        }
    }
    let _ = writeln!(o, "</section>");
}
