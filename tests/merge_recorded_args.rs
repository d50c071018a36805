//! A sharded sweep's merge sets the sweep up again from the arguments its
//! parts recorded; parts whose arguments no longer parse are refused (exit
//! 2), not merged; parts edited and sealed again are refused too. Its own test binary: `tests/shards.rs` measures the peak
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

#[test]
fn a_resealed_part_with_a_share_above_one_is_refused() {
    use firecover::stats::RatioMoments;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let run = ["run", scenario.to_str().unwrap(), "--replications", "8"];
    let mut parts = Vec::new();
    for k in 0..2 {
        let part = d.join(format!("part-{k}.fcpart"));
        let shard = format!("{k}/2");
        let mut args = run.to_vec();
        args.extend(["--shard", &shard, "--part", part.to_str().unwrap()]);
        common::succeeded(&firecover_in(d, &args));
        parts.push(part);
    }
    let (header, mut body) = shard::read_part(&parts[0]).unwrap();
    // every alarm within the standard, and a hair more: 1.000000000000007
    let block = &mut body.locksteps[0].blocks[0];
    let mut share = RatioMoments::default();
    for _ in 0..block.len {
        share.add(3.0 * (1.0 + 7e-15), 3.0);
    }
    block.value.runs[0].groups[0].within = share;
    let edited = d.join("edited.fcpart");
    std::fs::write(&edited, shard::to_bytes(&header, &body).unwrap()).unwrap();
    let (e, p1) = (edited.display().to_string(), parts[1].display().to_string());
    let out = firecover_in(d, &["merge", &e, &p1]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot come from a run (group 0: within)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the same part resealed unchanged still merges
    let (header, body) = shard::read_part(&parts[0]).unwrap();
    std::fs::write(&edited, shard::to_bytes(&header, &body).unwrap()).unwrap();
    common::succeeded(&firecover_in(d, &["merge", &e, &p1]));
}
