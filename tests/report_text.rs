//! The printed summary carries the verdict and the tables a planner reads,
//! consistent with the numbers in the report.

mod common;

use firecover::i18n::Lang;
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
    let text = verdict(&summary, Lang::En);
    assert!(
        text.contains(&format!(
            "in {missing} of {} zones most alarms do not",
            summary.by_zone.len()
        )),
        "{text}"
    );
    // the urban share by the standard's 5:00 first, the mixed share of
    // every alarm by its own limit beside it, labelled as mixed
    let urban = &summary.by_setting["urban"];
    assert!(
        text.starts_with(&format!(
            "{:.1} % of urban alarms see a first unit within 5:00",
            urban.within_standard * 100.0
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{:.1} % (a mixed figure)",
            summary.within_standard * 100.0
        )),
        "{text}"
    );

    let page = render_text(&summary, Lang::En);
    for heading in [
        "Verdict:",
        "By incident type",
        "By zone",
        "Alarms per year",
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
    assert!(verdict(&summary, Lang::En).ends_with("in every one of the 3 zones most alarms do"));
}

#[test]
fn one_replication_has_no_interval_and_still_reports() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("one.json");
    let example = common::repo("scenarios/examples/two-stations.toml");
    let stdout = common::succeeded(&common::firecover([
        "run".as_ref(),
        "--replications".as_ref(),
        "1".as_ref(),
        "--json".as_ref(),
        json.as_os_str(),
        example.as_os_str(),
    ]));
    assert!(stdout.contains("Verdict:"), "{stdout}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(report["replications"], 1);
    assert!(
        report["response_s"]["ci95"].is_null(),
        "no interval from one replication"
    );
    assert!(report["within_standard_ci95"].is_null());
    assert!(report["response_s"]["mean"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_zone_without_incidents_reports_no_numbers_rather_than_zeros() {
    // a weight-0 point never gets an alarm
    let text = std::fs::read_to_string(common::repo("scenarios/examples/two-stations.toml"))
        .unwrap()
        .replace(
            r#"{ at = "c", weight = 1.0, zone = "east town" }"#,
            r#"{ at = "c", weight = 0.0, zone = "east town" }"#,
        );
    let summary = common::run(&common::parse(&text), 5, 1, None);
    let east = &summary.by_zone["east town"];
    assert_eq!(east.incidents, 0.0);
    assert!(east.response_s.mean.is_nan() && east.within_standard.is_nan());
    let page = render_text(&summary, Lang::En);
    assert!(page.contains("east town"));
    assert!(
        !verdict(&summary, Lang::En).contains("of 3 zones"),
        "an empty zone is not counted as failing"
    );
}

/// Times carry their sign once (`-3:08`, never `-3:-8`), and the interval
/// of a time, which cannot be negative, stops at 0:00: in the text, the
/// HTML and the JSON (item 8 of the third hardening round).
#[test]
fn times_print_their_sign_once_and_intervals_of_times_stop_at_zero() {
    assert_eq!(firecover::report::mmss(-188.0), "-3:08");
    assert_eq!(firecover::report::mmss(-33.0), "-0:33");
    assert_eq!(firecover::report::mmss(3.0), "0:03");
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report");
    let json = dir.path().join("r.json");
    let out = common::firecover([
        "run".as_ref(),
        common::repo("scenarios/examples/two-stations.toml").as_os_str(),
        "--replications".as_ref(),
        "2".as_ref(),
        "--json".as_ref(),
        json.as_os_str(),
        "--html".as_ref(),
        html.as_os_str(),
    ]);
    let text = common::succeeded(&out);
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    let broken = regex::Regex::new(r"-?\d+:-\d|\[-\d+:\d\d").unwrap();
    for (what, t) in [("text", &text), ("html", &page)] {
        assert!(!broken.is_match(t), "{what}: {:?}", broken.find(t));
    }
    // two replications make wide intervals: some reach 0:00
    assert!(text.contains("[0:00, "), "{text}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut lows = Vec::new();
    for group in ["by_zone", "by_setting", "by_type"] {
        for (_, g) in report[group].as_object().unwrap() {
            if let Some(lo) = g["response_s"]["ci95"][0].as_f64() {
                lows.push(lo);
            }
        }
    }
    assert!(
        !lows.is_empty() && lows.iter().all(|&lo| lo >= 0.0),
        "{lows:?}"
    );
}
