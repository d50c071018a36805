//! Replay of liangping-2020.toml reproduces the plan's 专栏2 counts exactly,
//! checked against numbers parsed from the plan text in seeds/.

mod common;

use std::collections::BTreeMap;

use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;

/// (year → [fire, rescue, social aid]) parsed from the 专栏2 table of the plan.
fn plan_table() -> BTreeMap<i32, [u32; 3]> {
    let dir = common::repo("seeds");
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).expect("seeds/ exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            text.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    let start = text.find("专栏2").expect("the plan has 专栏2");
    let end = start
        + text[start..]
            .find("合  计")
            .expect("专栏2 ends with a total row");
    let lines: Vec<&str> = text[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut table = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(year) = line.strip_suffix('年').and_then(|y| y.parse::<i32>().ok()) {
            let nums: Vec<u32> = lines[i + 1..i + 5]
                .iter()
                .map(|l| l.parse().expect("a count"))
                .collect();
            assert_eq!(
                nums[0],
                nums[1] + nums[2] + nums[3],
                "{year}: total = sum of types in the plan"
            );
            table.insert(year, [nums[1], nums[2], nums[3]]);
        }
    }
    table
}

#[test]
fn plan_table_parses_to_907_alarms() {
    let table = plan_table();
    assert_eq!(
        table.keys().copied().collect::<Vec<_>>(),
        vec![2016, 2017, 2018, 2019, 2020]
    );
    let total: u32 = table.values().flat_map(|v| v.iter()).sum();
    assert_eq!(total, 907);
}

#[test]
fn every_replication_replays_the_plan_counts_exactly() {
    let scenario = common::load(&common::repo("scenarios/liangping-2020.toml"));
    let model = Model::compile(&scenario).unwrap();
    let table = plan_table();
    let type_index = |name: &str| {
        scenario
            .incident_types
            .iter()
            .position(|t| t.name == name)
            .unwrap()
    };
    let columns = [
        type_index("fire"),
        type_index("rescue"),
        type_index("social_aid"),
    ];
    let years: Vec<i32> = table.keys().copied().collect();
    let mut ws = Workspace::new();
    for rep in 0..20 {
        simulate_replication(&model, 99, rep, &mut ws);
        let mut counts: BTreeMap<i32, [u32; 3]> = years.iter().map(|&y| (y, [0; 3])).collect();
        for a in &ws.alarms {
            let year = years[a.year as usize];
            let col = columns
                .iter()
                .position(|&c| c == a.incident_type as usize)
                .unwrap();
            counts.get_mut(&year).unwrap()[col] += 1;
        }
        assert_eq!(counts, table, "replication {rep}");
        // every alarm is recorded, none vanishes
        assert_eq!(ws.records.len(), 907);
    }
}

#[test]
fn the_report_by_year_matches_the_plan() {
    let scenario = common::load(&common::repo("scenarios/liangping-2020.toml"));
    let summary = common::run(&scenario, 8, 5, None);
    let by_year = summary.by_year.as_ref().expect("replay reports by year");
    for (year, [fire, rescue, social]) in plan_table() {
        let row = &by_year[&year.to_string()];
        assert_eq!(row["fire"], f64::from(fire), "{year} fire");
        assert_eq!(row["rescue"], f64::from(rescue), "{year} rescue");
        assert_eq!(row["social_aid"], f64::from(social), "{year} social aid");
    }
    assert_eq!(summary.incidents, 907.0);
    assert_eq!(summary.simulated_years, 5.0);
}
