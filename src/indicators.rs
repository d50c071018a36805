//! The plan's resource indicators (专栏3 of the Liangping plan, and the
//! same ratios for any district): stations per 100,000 residents,
//! township-team coverage, full-time firefighters and fire vehicles per
//! 10,000 residents, computed from a scenario's own stations.

use crate::scenario::{PlanFigures, Scenario, StationCategory};

/// One indicator: the scenario's value, what it was computed from, and the
/// plan's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorRow {
    /// Display name.
    pub name: &'static str,
    /// The scenario's value.
    pub value: f64,
    /// The counts behind it, in words.
    pub inputs: String,
    /// The plan's figure for each label of `[indicators.plan]`, in order.
    pub plan: Vec<Option<f64>>,
}

/// The indicator table of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorTable {
    /// Residents the ratios use.
    pub population: f64,
    /// Labels of the plan's columns.
    pub plan_labels: Vec<String>,
    /// Rows in the plan's order.
    pub rows: Vec<IndicatorRow>,
}

/// Computes the indicators; `None` when the scenario has no `[indicators]`.
pub fn compute(scenario: &Scenario) -> Option<IndicatorTable> {
    let ind = scenario.indicators.as_ref()?;
    let count = |c: StationCategory| scenario.stations.iter().filter(|s| s.category == c).count();
    let stations = count(StationCategory::Station);
    let teams = count(StationCategory::TownshipTeam);
    let firefighters: u64 = scenario
        .stations
        .iter()
        .map(|s| u64::from(s.firefighters))
        .sum();
    let vehicles: u64 = scenario
        .stations
        .iter()
        .filter(|s| s.category != StationCategory::Other)
        .map(|s| u64::from(s.vehicles))
        .sum();
    let per = |n: f64, base: f64| n / ind.population * base;
    let plan = |f: fn(&PlanFigures) -> Option<f64>| ind.plan.iter().map(|(_, p)| f(p)).collect();
    let rows = vec![
        IndicatorRow {
            name: "fire-and-rescue stations per 100,000 residents",
            value: per(stations as f64, 1e5),
            inputs: format!("{stations} station(s)"),
            plan: plan(|p| p.stations_per_100k),
        },
        IndicatorRow {
            name: "township full-time team coverage, %",
            value: teams as f64 / f64::from(ind.townships) * 100.0,
            inputs: format!("{teams} team(s) / {} townships", ind.townships),
            plan: plan(|p| p.township_team_coverage_pct),
        },
        IndicatorRow {
            name: "full-time firefighters per 10,000 residents",
            value: per(firefighters as f64, 1e4),
            inputs: format!("{firefighters} firefighters"),
            plan: plan(|p| p.firefighters_per_10k),
        },
        IndicatorRow {
            name: "fire vehicles per 10,000 residents",
            value: per(vehicles as f64, 1e4),
            inputs: format!("{vehicles} vehicles (stations and teams)"),
            plan: plan(|p| p.engines_per_10k),
        },
    ];
    Some(IndicatorTable {
        population: ind.population,
        plan_labels: ind.plan.iter().map(|(l, _)| l.clone()).collect(),
        rows,
    })
}
