//! Same scenario and seed ⇒ the same report, whatever the thread count; the
//! same seed gives two scenarios the same incidents.

mod common;

use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;

#[test]
fn one_and_four_threads_give_identical_reports() {
    for file in [
        "scenarios/liangping-2020.toml",
        "scenarios/examples/two-stations.toml",
        "scenarios/liangping-2020-records.toml",
        "records resampled and jittered",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = if file.starts_with("records") {
            let path = dir.path().join("jittered.toml");
            let text = format!(
                "extends = {:?}\n[demand]\nbootstrap = \"years\"\njitter_m = 300\n",
                common::repo("scenarios/liangping-2020-records.toml")
            );
            std::fs::write(&path, text).unwrap();
            path
        } else {
            common::repo(file)
        };
        let scenario = common::load(&path);
        let one = serde_json::to_string(&common::run(&scenario, 37, 11, Some(1))).unwrap();
        let four = serde_json::to_string(&common::run(&scenario, 37, 11, Some(4))).unwrap();
        assert_eq!(one, four, "{file}");
        let other_seed = serde_json::to_string(&common::run(&scenario, 37, 12, Some(4))).unwrap();
        assert_ne!(one, other_seed, "{file}: the seed must matter");
    }
}

#[test]
fn cli_json_is_identical_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "4"] {
        let json = dir.path().join(format!("t{threads}.json"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_firecover"))
            .args([
                "run",
                "--replications",
                "16",
                "--threads",
                threads,
                "--json",
            ])
            .arg(&json)
            .arg(common::repo("scenarios/examples/two-stations.toml"))
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        outputs.push(std::fs::read_to_string(json).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn scenarios_with_the_same_seed_see_the_same_incidents() {
    let path = common::repo("scenarios/liangping-2020.toml");
    let base = std::fs::read_to_string(&path).unwrap();
    // a different fleet: one more engine in town and a slower turnout everywhere
    let variant = base
        .replace(
            r#"units = [ { kind = "engine", count = 2 }, { kind = "rescue", count = 1 } ]"#,
            r#"units = [ { kind = "engine", count = 3 }, { kind = "rescue", count = 1 } ]"#,
        )
        .replace("turnout_s = 120", "turnout_s = 180");
    assert_ne!(base, variant);
    let a = common::parse_as(&base, &path);
    let b = common::parse_as(&variant, &path);
    let (ma, mb) = (Model::compile(&a).unwrap(), Model::compile(&b).unwrap());
    let (mut wa, mut wb) = (Workspace::new(), Workspace::new());
    for rep in [0, 1, 17] {
        simulate_replication(&ma, 3, rep, &mut wa);
        simulate_replication(&mb, 3, rep, &mut wb);
        assert_eq!(wa.alarms, wb.alarms, "replication {rep}");
        assert_ne!(
            wa.records, wb.records,
            "the fleets differ, so the outcomes should"
        );
    }
}
