//! `[demand.profile]`: alarms by hour of the day and week, for yearly counts
//! and Poisson arrivals.

mod common;

use std::ffi::OsStr;

use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;

/// liangping-2020 with extra lines appended (its demand is yearly counts
/// from 2016, whose 1 January is a Friday).
fn liangping_with(extra: &str) -> firecover::scenario::Scenario {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profiled.toml");
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\n{extra}\n",
            common::repo("scenarios/liangping-2020.toml")
        ),
    )
    .unwrap();
    common::load(&file)
}

fn hours(one: usize, weight: f64) -> String {
    let w: Vec<String> = (0..24)
        .map(|h| {
            if h == one {
                weight.to_string()
            } else {
                "0".into()
            }
        })
        .collect();
    format!("[{}]", w.join(", "))
}

fn replications(s: &firecover::scenario::Scenario, n: u32, check: impl Fn(&Workspace)) {
    let model = Model::compile(s).unwrap();
    let mut ws = Workspace::new();
    for rep in 0..n {
        simulate_replication(&model, 11, rep, &mut ws);
        check(&ws);
    }
}

#[test]
fn all_weight_in_one_hour_puts_every_alarm_in_that_hour() {
    let s = liangping_with(&format!("[demand.profile]\nhourly = {}", hours(3, 1.0)));
    replications(&s, 20, |ws| {
        assert_eq!(ws.alarms.len(), 907, "the yearly counts stay");
        for a in &ws.alarms {
            let hour = (a.time_s % 86_400.0 / 3_600.0) as u32;
            assert_eq!(hour, 3, "{}", a.time_s);
        }
        assert!(ws.alarms.windows(2).all(|w| w[0].time_s <= w[1].time_s));
    });
}

#[test]
fn a_weekend_only_profile_puts_every_alarm_on_a_saturday_or_sunday() {
    let s = liangping_with(&format!(
        "[demand.profile]\nhourly = {}\nweekend = {}",
        hours(0, 0.0),
        "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"
    ));
    replications(&s, 10, |ws| {
        for a in &ws.alarms {
            // day 0 is Friday 1 January 2016
            let weekday = (4 + (a.time_s / 86_400.0) as u64) % 7;
            assert!(weekday >= 5, "{} is weekday {weekday}", a.time_s);
        }
    });
}

#[test]
fn types_keep_their_own_hours() {
    let s = liangping_with(&format!(
        "[demand.profile]\nhourly = {}\n[demand.profile.types.fire]\nhourly = {}",
        hours(13, 2.0),
        hours(1, 1.0)
    ));
    replications(&s, 5, |ws| {
        for a in &ws.alarms {
            let hour = (a.time_s % 86_400.0 / 3_600.0) as u32;
            let fire = a.incident_type == 0;
            assert_eq!(hour, if fire { 1 } else { 13 });
        }
    });
}

#[test]
fn poisson_arrivals_are_thinned_to_the_profile_and_keep_their_rate() {
    let text = common::single_station(1, 5000.0, 60.0, 2.0, "\"queue\"");
    let profiled = format!(
        "{text}\n[demand.profile]\nhourly = {}\n",
        "[0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 3, 3, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0]"
    );
    let plain = common::parse(&text);
    let s = common::parse(&profiled);
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    let mut total = 0usize;
    let mut by_hour = [0usize; 24];
    let n = 20;
    for rep in 0..n {
        simulate_replication(&model, 11, rep, &mut ws);
        total += ws.alarms.len();
        for a in &ws.alarms {
            by_hour[(a.time_s % 86_400.0 / 3_600.0) as usize] += 1;
        }
    }
    // 5,000 a year for 2 years: mean 10,000 per replication, sd 100
    let mean = total as f64 / f64::from(n);
    assert!(
        (mean - 10_000.0).abs() < 4.0 * 100.0 / f64::from(n).sqrt(),
        "{mean}"
    );
    assert!(by_hour[..8].iter().chain(&by_hour[20..]).all(|&c| c == 0));
    // 12:00–16:00 three times as busy as 08:00–12:00
    let (morning, noon): (usize, usize) =
        (by_hour[8..12].iter().sum(), by_hour[12..16].iter().sum());
    let ratio = noon as f64 / morning as f64;
    assert!((ratio - 3.0).abs() < 0.15, "{ratio}");
    // the scenario without a profile spreads the same rate over all hours
    let model = Model::compile(&plain).unwrap();
    simulate_replication(&model, 11, 0, &mut ws);
    let night = ws
        .alarms
        .iter()
        .filter(|a| a.time_s % 86_400.0 < 8.0 * 3_600.0)
        .count() as f64;
    let share = night / ws.alarms.len() as f64;
    assert!((share - 1.0 / 3.0).abs() < 0.03, "{share}");
}

#[test]
fn bad_profiles_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    let all_zero = hours(0, 0.0);
    for (extra, expected) in [
        (
            "[demand.profile]\nhourly = [1, 2, 3]".to_string(),
            "24 hourly weights are needed",
        ),
        (
            format!("[demand.profile]\nhourly = {}", hours(5, -1.0)),
            "demand.profile.hourly[5]",
        ),
        (
            format!("[demand.profile]\nhourly = {all_zero}"),
            "must not all be zero",
        ),
        (
            format!(
                "[demand.profile]\nhourly = {}\n[demand.profile.types.flood]\nhourly = {}",
                hours(1, 1.0),
                hours(1, 1.0)
            ),
            "demand.profile.types.flood",
        ),
    ] {
        std::fs::write(
            &file,
            format!(
                "extends = {:?}\n{extra}\n",
                common::repo("scenarios/liangping-2020.toml")
            ),
        )
        .unwrap();
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra}: {stderr}");
        assert!(stderr.contains(expected), "{extra}: {stderr}");
    }
    // alarm records carry their own times
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\n[demand.profile]\nhourly = {}\n",
            common::repo("scenarios/liangping-2020-records.toml"),
            hours(1, 1.0)
        ),
    )
    .unwrap();
    let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("demand.profile: not used with mode = \"records\""),
        "{stderr}"
    );
}

#[test]
fn results_come_by_hour_of_the_day_when_the_day_is_not_uniform() {
    let s = liangping_with(&format!(
        "[demand.profile]\nhourly = {}",
        "[0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]"
    ));
    let run = common::run(&s, 10, 4, Some(2));
    assert_eq!(run.by_hour.len(), 24);
    let (three, last) = (&run.by_hour["03"], &run.by_hour["23"]);
    assert!((three.incidents + last.incidents - 907.0).abs() < 1e-9);
    assert!(three.incidents > 150.0 && last.incidents > 3.0 * three.incidents * 0.8);
    assert_eq!(run.by_hour["12"].incidents, 0.0);
    let json = serde_json::to_string(&run).unwrap();
    assert!(json.contains("\"by_hour\""));
    // the text report has the table
    let text = firecover::report::render_text(&run, firecover::i18n::Lang::En);
    assert!(text.contains("By hour of the day of the alarm"), "{text}");
    assert!(text.contains("23:00"), "{text}");
    // a uniform day: no hourly groups, and the JSON as before
    let plain = common::run(
        &common::load(&common::repo("scenarios/liangping-2020.toml")),
        10,
        4,
        Some(2),
    );
    assert!(plain.by_hour.is_empty());
    assert!(!serde_json::to_string(&plain).unwrap().contains("by_hour"));
}

#[test]
fn the_html_report_has_an_hourly_section_only_when_the_day_varies() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profiled.toml");
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\n[demand.profile]\nhourly = {}\n",
            common::repo("scenarios/liangping-2020.toml"),
            hours(9, 1.0)
        ),
    )
    .unwrap();
    for (scenario, hourly) in [
        (file.clone(), true),
        (common::repo("scenarios/liangping-2020.toml"), false),
    ] {
        let html = dir.path().join(format!("html-{hourly}"));
        let out = common::firecover([
            OsStr::new("run"),
            scenario.as_os_str(),
            OsStr::new("--replications"),
            OsStr::new("3"),
            OsStr::new("--no-png"),
            OsStr::new("--html"),
            html.as_os_str(),
        ]);
        common::succeeded(&out);
        let page = std::fs::read_to_string(html.join("index.html")).unwrap();
        assert_eq!(page.contains(r#"<section id="hours">"#), hourly);
        if hourly {
            assert!(page.contains("09:00"));
            assert!(page.contains("Share within the standard by hour of the alarm"));
        }
    }
}
