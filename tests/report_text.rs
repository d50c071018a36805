//! The printed summary carries the verdict and the tables a planner reads,
//! consistent with the numbers in the report.

mod common;

use firecover::report::{render_text, verdict};

#[test]
fn verdict_counts_the_zones_that_miss_the_standard() {
    let scenario = common::load(&common::repo("scenarios/liangping-2020.toml"));
    let summary = common::run(&scenario, 20, 3, None);
    let missing = summary
        .by_zone
        .values()
        .filter(|z| z.within_standard < 0.5)
        .count();
    assert!(missing > 0 && missing < summary.by_zone.len());
    let text = verdict(&summary);
    assert!(
        text.contains(&format!(
            "in {missing} of {} zones most alarms do not",
            summary.by_zone.len()
        )),
        "{text}"
    );
    assert!(
        text.starts_with(&format!("{:.1} %", summary.within_standard * 100.0)),
        "{text}"
    );

    let page = render_text(&summary);
    for heading in [
        "Verdict:",
        "By incident type",
        "By zone",
        "Alarms replayed per year",
        "By unit",
    ] {
        assert!(page.contains(heading), "missing {heading}");
    }
    // every zone and unit appears (Liangping has fewer than the table cap)
    for zone in summary.by_zone.keys() {
        assert!(page.contains(zone.as_str()), "missing zone {zone}");
    }
    for unit in &summary.units {
        assert!(page.contains(&unit.id), "missing unit {}", unit.id);
    }
}

#[test]
fn verdict_when_every_zone_meets_the_standard() {
    let scenario = common::load(&common::repo("scenarios/examples/two-stations.toml"));
    let summary = common::run(&scenario, 10, 3, None);
    assert!(summary.by_zone.values().all(|z| z.within_standard >= 0.5));
    assert!(verdict(&summary).ends_with("in every one of the 3 zones most alarms do"));
}
