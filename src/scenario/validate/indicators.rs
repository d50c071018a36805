//! `[indicators]`: population and the plan's targets.

use super::*;

pub(super) fn indicators(raw: &RawIndicators, p: &mut Problems) -> Indicators {
    p.number("indicators.population", raw.population, 0.0, true);
    let townships = u32::try_from(raw.townships)
        .ok()
        .filter(|&t| t > 0)
        .unwrap_or_else(|| {
            p.error(
                "indicators.townships",
                said!("check-not-at-least", min = 1, value = raw.townships),
            );
            1
        });
    let mut plan = Vec::new();
    for (label, f) in &raw.plan {
        let path = join_key("indicators.plan", label);
        for (key, v) in [
            ("stations_per_100k", f.stations_per_100k),
            ("township_team_coverage_pct", f.township_team_coverage_pct),
            ("firefighters_per_10k", f.firefighters_per_10k),
            ("engines_per_10k", f.engines_per_10k),
        ] {
            if let Some(v) = v {
                p.number(&join_key(&path, key), v, 0.0, false);
            }
        }
        plan.push((
            label.clone(),
            PlanFigures {
                stations_per_100k: f.stations_per_100k,
                township_team_coverage_pct: f.township_team_coverage_pct,
                firefighters_per_10k: f.firefighters_per_10k,
                engines_per_10k: f.engines_per_10k,
            },
        ));
    }
    Indicators {
        population: raw.population,
        townships,
        plan,
    }
}
