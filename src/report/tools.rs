//! The reports of the tools beside a run: `indicators`, `network info` and `coverage` (terminal text).

use super::*;

/// The indicator table as text: the scenario's values beside the plan's.
pub fn render_indicators(
    scenario: &str,
    t: &crate::indicators::IndicatorTable,
    lang: Lang,
) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{scenario}\n{}",
        tr!(
            lang,
            "indicators-title",
            population = thousands(t.population)
        )
    );
    let mut header: Vec<String> = [
        "indicators-col-indicator",
        "indicators-col-scenario",
        "indicators-col-from",
    ]
    .map(|id| lang.t(id))
    .into();
    header.extend(
        t.plan_labels
            .iter()
            .map(|l| tr!(lang, "indicators-col-plan", label = l.to_string())),
    );
    let mut table = Table::new(header, 1);
    for r in &t.rows {
        let mut cells = vec![
            r.name.to_string(),
            format!("{:.3}", r.value),
            r.inputs.clone(),
        ];
        cells.extend(
            r.plan
                .iter()
                .map(|p| p.map_or_else(|| "—".into(), |v| format!("{v}"))),
        );
        table.row(cells);
    }
    table.render(&mut o);
    let _ = writeln!(o, "{}", lang.t("indicators-rounding"));
    o
}

/// A network summary as text.
pub fn render_network_info(
    scenario: &str,
    info: &crate::network::info::NetworkInfo,
    lang: Lang,
) -> String {
    let mut o = String::new();
    let total: f64 = info.km_by_class.iter().map(|(_, k)| k).sum();
    let _ = writeln!(o, "{}", tr!(lang, "network-title", scenario = scenario));
    let _ = writeln!(
        o,
        "  {}",
        tr!(
            lang,
            "network-size",
            nodes = info.nodes.to_string(),
            edges = info.directed_edges.to_string(),
            km = format!("{total:.1}")
        )
    );
    let _ = writeln!(
        o,
        "  {}",
        tr!(
            lang,
            "network-components",
            components = info.components.to_string(),
            largest = info.largest_component.to_string(),
            share = format!(
                "{:.1}",
                100.0 * info.largest_component as f64 / info.nodes.max(1) as f64
            )
        )
    );
    let _ = writeln!(o, "\n{}", lang.t("network-by-class"));
    let mut t = Table::new(
        ["network-col-class", "network-col-km", "network-col-share"]
            .map(|id| lang.t(id))
            .into(),
        1,
    );
    for (class, km) in &info.km_by_class {
        t.row(vec![
            crate::network::words::road_class(class, lang),
            format!("{km:.1}"),
            pct(km / total.max(f64::MIN_POSITIVE)),
        ]);
    }
    t.render(&mut o);
    if info.circuity.is_empty() {
        let _ = writeln!(o, "\n{}", lang.t("network-no-circuity"));
    } else {
        let _ = writeln!(
            o,
            "\n{}\n  {}",
            {
                let pairs = info.circuity.len().to_string();
                let km = format!("{:.0}", crate::network::info::MIN_CIRCUITY_PAIR_M / 1000.0);
                if info.exhaustive {
                    tr!(lang, "network-circuity-all", pairs = pairs, km = km)
                } else {
                    tr!(lang, "network-circuity", pairs = pairs, km = km)
                }
            },
            tr!(
                lang,
                "network-circuity-figures",
                min = format!("{:.2}", info.circuity_quantile(0.0)),
                p10 = format!("{:.2}", info.circuity_quantile(0.1)),
                median = format!("{:.2}", info.circuity_quantile(0.5)),
                p90 = format!("{:.2}", info.circuity_quantile(0.9)),
                max = format!("{:.2}", info.circuity_quantile(1.0))
            )
        );
    }
    o
}

/// 645315 → "645,315".
pub(super) fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// Where the region's outline came from, in `lang`.
pub(super) fn region_words(c: &crate::coverage::CoverageReport, lang: Lang) -> String {
    match (&c.builtin_outline, c.hull_margin_m) {
        (Some(name), _) => tr!(lang, "coverage-region-builtin", name = name.as_str()),
        (None, Some(margin)) => tr!(
            lang,
            "coverage-region-hull",
            margin = format!("{margin:.0}")
        ),
        (None, None) => c.region_source.clone(),
    }
}

/// The coverage report as text.
pub fn render_coverage(scenario: &str, c: &crate::coverage::CoverageReport, lang: Lang) -> String {
    let mut o = String::new();
    let limit = mmss(c.response_limit_s);
    let _ = writeln!(o, "{scenario}");
    let _ = writeln!(
        o,
        "{}",
        tr!(
            lang,
            "coverage-cells",
            cell = format!("{:.0}", c.cell_m),
            region = region_words(c, lang),
            km2 = format!("{:.1}", c.region_km2),
            builtup = c.builtup_km2.map_or(String::new(), |b| tr!(
                lang,
                "coverage-builtup",
                km2 = format!("{b:.1}")
            )),
            speed = format!("{}", c.off_road_kmh)
        )
    );
    let _ = writeln!(o, "{}\n", lang.t("coverage-times"));
    let failing: Vec<&str> = c
        .stations
        .iter()
        .filter(|s| s.meets_limit == Some(false))
        .map(|s| s.name.as_deref().unwrap_or(&s.id))
        .collect();
    let first = &c.reach[0];
    let town = first.builtup_share.map_or(String::new(), |b| {
        tr!(lang, "coverage-town-share", share = pct(b))
    });
    let stations = if failing.is_empty() {
        lang.t("coverage-all-within-limit")
    } else {
        tr!(lang, "coverage-over-limit", stations = failing.join(", "))
    };
    let _ = writeln!(
        o,
        "{}",
        tr!(
            lang,
            "coverage-verdict",
            town = town,
            region = pct(first.region_share),
            demand = pct(first.demand_share),
            limit = limit.as_str(),
            stations = stations
        )
    );
    if let Some(n) = c.builtup_stations_needed {
        let _ = writeln!(o, "{}", tr!(lang, "coverage-stations-needed", count = n));
    }
    let _ = writeln!(o, "\n{}", lang.t("coverage-stations"));
    let mut t = Table::new(
        vec![
            lang.t("coverage-col-station"),
            lang.t("coverage-col-jurisdiction"),
            lang.t("coverage-col-in-builtup"),
            lang.t("coverage-col-judged"),
            lang.t("coverage-col-limit"),
            lang.t("coverage-col-meets"),
            tr!(lang, "coverage-col-reach", limit = limit.as_str()),
            lang.t("coverage-col-farthest"),
        ],
        1,
    );
    for s in &c.stations {
        t.row(vec![
            s.name.clone().unwrap_or_else(|| s.id.clone()),
            format!("{:.1}", s.jurisdiction_km2),
            format!("{:.1}", s.jurisdiction_builtup_km2),
            if s.limit_km2.is_some() {
                format!("{:.1}", s.judged_km2)
            } else {
                "—".into()
            },
            match (&s.limit_class, s.limit_km2) {
                (Some(k), Some(l)) => format!("{l} ({k})"),
                _ => "—".into(),
            },
            match s.meets_limit {
                Some(true) => lang.t("coverage-yes"),
                Some(false) => lang.t("coverage-no"),
                None => "—".into(),
            },
            format!("{:.1}", s.within_standard_km2),
            mmss(s.farthest_s),
        ]);
    }
    t.render(&mut o);
    let _ = writeln!(o, "  {}", lang.t("coverage-judged-note"));
    let _ = writeln!(o, "\n{}", lang.t("coverage-share-within"));
    let mut t = Table::new(
        [
            "coverage-col-within",
            "coverage-col-region",
            "coverage-col-builtup",
            "coverage-col-residents",
            "coverage-col-alarms",
        ]
        .map(|id| lang.t(id))
        .into(),
        1,
    );
    for r in &c.reach {
        t.row(vec![
            mmss(r.threshold_s),
            pct(r.region_share),
            r.builtup_share.map_or("—".into(), pct),
            pct(r.population_share),
            pct(r.demand_share),
        ]);
    }
    t.render(&mut o);
    if c.unreached_km2 > 0.0 {
        let _ = writeln!(
            o,
            "  {}",
            tr!(
                lang,
                "coverage-unreached",
                km2 = format!("{:.1}", c.unreached_km2)
            )
        );
    }
    let mut barriers = lang.t("coverage-barriers-rule");
    if let Some(note) = &c.network_note {
        let note = crate::network::words::network_note(note, lang);
        barriers.push_str(&tr!(lang, "coverage-this-network", note = note));
    }
    let _ = writeln!(
        o,
        "\n{}",
        tr!(lang, "coverage-barriers", barriers = barriers)
    );
    o
}
