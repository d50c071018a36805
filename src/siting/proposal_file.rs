//! A proposal as a scenario file: it extends the study's input and lists every station it keeps, moves or adds, with its units and a note of where it is.

use super::Objective;
use super::study::*;
use crate::scenario::{Scenario, SiteTemplate, StationCategory};
use std::path::{Path, PathBuf};

/// A TOML string literal.
pub(super) fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The relative path from folder `from` to `to`, when both resolve;
/// otherwise `to` made absolute.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let (Ok(from), Ok(to)) = (from.canonicalize(), to.canonicalize()) else {
        return std::path::absolute(to).unwrap_or_else(|_| to.to_path_buf());
    };
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c.as_os_str());
    }
    out
}

pub(super) fn category_name(c: StationCategory) -> &'static str {
    match c {
        StationCategory::Station => "station",
        StationCategory::TownshipTeam => "township_team",
        StationCategory::Other => "other",
    }
}

/// Ids the proposal's new stations get: the template's prefix and a
/// number, skipping ids the scenario already uses.
pub fn new_station_ids(scenario: &Scenario, template: &SiteTemplate, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut k = 1;
    while ids.len() < count {
        let id = format!("{}{k}", template.id_prefix);
        if !scenario.stations.iter().any(|s| s.id == id) {
            ids.push(id);
        }
        k += 1;
    }
    ids
}

/// The scenario file of a proposal: it extends `input` (a path relative to
/// the folder the file is written to) and lists every station, since
/// arrays replace in `extends`.
pub fn scenario_toml(
    scenario: &Scenario,
    sp: &SiteProblem,
    spec: &StudySpec,
    proposal: &Proposal,
    input: &Path,
    lang: crate::i18n::Lang,
) -> String {
    let nodes = scenario.network.nodes();
    let mut t = String::new();
    let sites: Vec<String> = proposal
        .new_sites
        .iter()
        .map(|&j| sp.sites[j].id.clone())
        .collect();
    t += &format!(
        "# Written by `firecover site` ({} objective, {} new station(s), solution {} of its count).\n",
        spec.objective.name(),
        proposal.count,
        proposal.rank
    );
    t += "# Every station is listed: the inherited ones are unset and written again,\n# without those this solution closes or moves.\n";
    t += &format!(
        "extends = {}\nunset = [\"stations\"]\n\n",
        quoted(&input.to_string_lossy().replace('\\', "/"))
    );
    t += "[scenario]\n";
    // the name in both report languages, as the scenario's own
    let mut what = format!("+ {} new station(s)", proposal.count);
    let mut what_zh = format!("新建 {} 个站", proposal.count);
    if !proposal.closed.is_empty() {
        what += &format!(", {} moved/closed", proposal.closed.join(", "));
        what_zh += &format!("，{} 迁建或撤并", proposal.closed.join("、"));
    }
    let (suffix, suffix_zh) = if proposal.rank > 1 {
        (
            format!(" (alternative {})", proposal.rank),
            format!("（备选方案 {}）", proposal.rank),
        )
    } else {
        (String::new(), String::new())
    };
    let en = format!(
        "{} {what}{suffix}",
        scenario
            .labels
            .scenario_name(&scenario.name, crate::i18n::Lang::En)
    );
    let zh = format!(
        "{}：{what_zh}{suffix_zh}",
        scenario
            .labels
            .scenario_name(&scenario.name, crate::i18n::Lang::Zh)
    );
    t += &format!("name = {{ en = {}, zh = {} }}\n", quoted(&en), quoted(&zh));
    t += &format!(
        "description = {}\n",
        quoted(&format!(
            "Proposed by firecover site ({}): new sites at {}",
            spec.objective.name(),
            if sites.is_empty() {
                "none".to_string()
            } else {
                sites.join(", ")
            }
        ))
    );
    let units_line = |units: &[(String, u32)]| -> String {
        let parts: Vec<String> = units
            .iter()
            .map(|(k, c)| format!("{{ kind = {}, count = {c} }}", quoted(k)))
            .collect();
        format!("units = [ {} ]\n", parts.join(", "))
    };
    for (s, st) in scenario.stations.iter().enumerate() {
        if proposal.closed.contains(&st.id) {
            continue;
        }
        t += "\n[[stations]]\n";
        t += &format!("id = {}\n", quoted(&st.id));
        if let Some(name) = &st.name {
            t += &format!("name = {}\n", quoted(name));
        }
        t += &format!("at = {}\n", quoted(&nodes[st.node.index()].id));
        t += &format!("turnout_s = {}\n", st.turnout_s);
        if st.turnout_cv > 0.0 {
            t += &format!("turnout_cv = {}\n", st.turnout_cv);
        }
        t += &format!("category = {}\n", quoted(category_name(st.category)));
        t += &format!("firefighters = {}\n", st.firefighters);
        t += &format!("vehicles = {}\n", st.vehicles);
        if let Some(j) = &st.jurisdiction {
            t += &format!("jurisdiction = {}\n", quoted(j));
        }
        if st.removable {
            t += "removable = true\n";
        }
        t += &units_line(&station_units(scenario, s));
        for sh in &st.shifts {
            t += &format!(
                "[[stations.shifts]]\nfrom_hour = {}\nto_hour = {}\nturnout_s = {}\nturnout_cv = {}\nstaffed = {}\n",
                sh.from_hour, sh.to_hour, sh.turnout_s, sh.turnout_cv, sh.staffed
            );
        }
    }
    let tpl = &spec.template;
    let ids = new_station_ids(scenario, tpl, proposal.new_sites.len());
    let moved = moved_to(scenario, proposal);
    // each new site described once: its township names the teams below
    let places: Vec<SitePlace> = proposal
        .new_sites
        .iter()
        .map(|&j| describe_site(scenario, sp, j))
        .collect();
    for (k, (place, id)) in places.iter().zip(&ids).enumerate() {
        t += "\n[[stations]]\n";
        t += &format!("id = {}\n", quoted(id));
        // a township team is named by its township (柏家镇专职消防队), numbered
        // only when the proposal puts two in one township
        let township_name = place
            .township
            .as_ref()
            .filter(|_| tpl.category == StationCategory::TownshipTeam)
            .map(|z| {
                let same: Vec<usize> = places
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.township.as_ref() == Some(z))
                    .map(|(i, _)| i)
                    .collect();
                let team = crate::tr!(lang, "site-team-name", township = z.as_str());
                if same.len() > 1 {
                    let nth = same.iter().position(|&i| i == k).unwrap_or(0) + 1;
                    format!("{team} {nth}")
                } else {
                    team
                }
            });
        let name = match (&tpl.name, township_name) {
            (_, Some(team)) => team,
            (Some(n), None) => format!("{n} {}", k + 1),
            (None, None) => crate::tr!(lang, "site-new-station-name", number = k + 1),
        };
        t += &format!("name = {}\n", quoted(&name));
        let mut note = format!("candidate {}", place.id);
        if let Some(z) = &place.township {
            note += &format!(", in {z}");
        }
        if let Some((s, d)) = &place.near_station {
            note += &format!(", {d:.1} km from {s}");
        }
        if let Some(&from) = moved.get(k).and_then(Option::as_ref) {
            note += &format!("; {} moved here with its units", scenario.stations[from].id);
        }
        t += &format!(
            "at = {}   # {} ({:.5}, {:.5})\n",
            quoted(&place.node),
            note.replace('\n', " "),
            place.lon,
            place.lat
        );
        t += &format!("turnout_s = {}\n", tpl.turnout_s);
        t += &format!("category = {}\n", quoted(category_name(tpl.category)));
        t += &format!("firefighters = {}\n", tpl.firefighters);
        if let Some(v) = tpl.vehicles {
            t += &format!("vehicles = {v}\n");
        }
        if let Some(j) = &tpl.jurisdiction {
            t += &format!("jurisdiction = {}\n", quoted(j));
        }
        // a moved station keeps its own units; a new one has the template's
        match moved.get(k).and_then(Option::as_ref) {
            Some(&from) => t += &units_line(&station_units(scenario, from)),
            None => t += &units_line(&tpl.units),
        }
    }
    // `[siting] removable` may name a station this proposal closes
    if let Some(siting) = &scenario.siting
        && !siting.removable.is_empty()
    {
        let kept: Vec<String> = siting
            .removable
            .iter()
            .map(|&s| &scenario.stations[s].id)
            .filter(|id| !proposal.closed.contains(id))
            .map(|id| quoted(id))
            .collect();
        t += &format!("\n[siting]\nremovable = [{}]\n", kept.join(", "));
    }
    t
}

/// The units of station `s`, by kind in the order they first appear.
pub(super) fn station_units(scenario: &Scenario, s: usize) -> Vec<(String, u32)> {
    let mut units: Vec<(String, u32)> = Vec::new();
    for u in scenario.units.iter().filter(|u| u.station.index() == s) {
        let kind = &scenario.unit_kinds[u.kind.index()];
        match units.iter_mut().find(|(k, _)| k == kind) {
            Some((_, c)) => *c += 1,
            None => units.push((kind.clone(), 1)),
        }
    }
    units
}

/// For each new site of `proposal`, the station it closes that moves
/// there, if any ([`Proposal::moves`]; a moved station keeps its units).
pub(super) fn moved_to(scenario: &Scenario, proposal: &Proposal) -> Vec<Option<usize>> {
    proposal
        .new_sites
        .iter()
        .map(|&j| {
            let m = proposal.moves.iter().find(|m| m.to == j)?;
            scenario.stations.iter().position(|st| st.id == m.station)
        })
        .collect()
}

/// File name of a proposal's scenario.
pub fn scenario_file_name(objective: Objective, proposal: &Proposal) -> String {
    if proposal.rank == 1 {
        format!("site-{}-{}.toml", objective.name(), proposal.count)
    } else {
        format!(
            "site-{}-{}-alt{}.toml",
            objective.name(),
            proposal.count,
            proposal.rank
        )
    }
}
