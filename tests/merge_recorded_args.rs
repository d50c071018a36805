//! A sharded sweep's merge sets the sweep up again from the arguments its
//! parts recorded; parts whose arguments no longer parse are refused (exit
//! 2), not merged. Its own test binary: `tests/shards.rs` measures the peak
//! memory of merge children, which would count this test's memory too (a
//! spawned child shares its parent's memory, and so its peak, until exec).

mod common;

use common::firecover_in;

use std::path::Path;

use firecover::montecarlo::shard;

#[test]
fn parts_whose_recorded_arguments_do_not_parse_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let mut parts = Vec::new();
    for k in 0..2 {
        let part = d.join(format!("part-{k}.fcpart"));
        let shard = format!("{k}/2");
        let out = firecover_in(
            d,
            &[
                "sweep",
                scenario.to_str().unwrap(),
                "--replications",
                "4",
                "--vary",
                "network.speeds.urban_street=20..30:2",
                "--shard",
                &shard,
                "--part",
                part.to_str().unwrap(),
            ],
        );
        common::succeeded(&out);
        parts.push(part);
    }
    let merge = |d: &Path| {
        let mut args = vec!["merge".to_string()];
        args.extend(parts.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        firecover_in(d, &args)
    };
    common::succeeded(&merge(d));
    for part in &parts {
        let (mut header, body) = shard::read_part(part).unwrap();
        header.args.push("--no-such-flag".into());
        std::fs::write(part, shard::to_bytes(&header, &body).unwrap()).unwrap();
    }
    let out = merge(d);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("do not parse"), "{stderr}");
}
