//! A mutation fuzzer that stays: the scenario loader (and model compile),
//! GeoJSON roads and outlines, `.fcnet` files and OSM PBF import are fed
//! mutated copies of the corpus in `tests/fuzz/<target>/` (bit flips,
//! hostile tokens such as `1e308`, `nan` or a lone quote, deleted,
//! duplicated and spliced ranges). Every input must give `Ok` or a clean
//! error: a panic fails the test and the input is saved under
//! `target/fuzz-failures/` to reproduce it.
//!
//! `FIRECOVER_FUZZ_SECONDS` (default 1.5) is each target's time budget and
//! `FIRECOVER_FUZZ_SEED` (default 1) the seed; `.ci/run` runs a longer,
//! freshly seeded round and prints the seed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use firecover::model::Model;
use firecover::network::{fcnet, geojson, osm};
use firecover::scenario::Scenario;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert!(!seeds.is_empty(), "empty corpus {}", dir.display());
    seeds
}

const TOKENS: &[&[u8]] = &[
    b"1e308",
    b"-1",
    b"nan",
    b"inf",
    b"0",
    b"-0.0",
    b"99999999999999999999",
    b"4294967296",
    b"\"",
    b"[",
    b"]]",
    b"{}",
    b",",
    b"=",
    b"\n[x]\n",
    b"\xef\xbb\xbf",
    b"\xc6\xdf",
    "七星镇".as_bytes(),
    b"extends = \"/dev/zero\"\n",
    b"\x00",
    b"[[stations]]\n",
    b"{\"type\":\"Point\",\"coordinates\":[1]}",
];

/// One to eight mutations of a corpus entry (sometimes spliced with another).
fn mutate(rng: &mut ChaCha8Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.random_range(0..seeds.len())].clone();
    for _ in 0..rng.random_range(1..=8) {
        let len = data.len();
        let at = if len == 0 {
            0
        } else {
            rng.random_range(0..len)
        };
        match rng.random_range(0..6) {
            0 if len > 0 => data[at] ^= 1 << rng.random_range(0..8),
            1 => {
                let t = TOKENS[rng.random_range(0..TOKENS.len())];
                data.splice(at..at, t.iter().copied());
            }
            2 if len > 0 => {
                let end = (at + rng.random_range(1..64)).min(len);
                data.drain(at..end);
            }
            3 if len > 0 => {
                let end = (at + rng.random_range(1..64)).min(len);
                let piece = data[at..end].to_vec();
                data.splice(at..at, piece);
            }
            4 => {
                let other = &seeds[rng.random_range(0..seeds.len())];
                if !other.is_empty() {
                    let from = rng.random_range(0..other.len());
                    let to = (from + rng.random_range(1..256)).min(other.len());
                    data.splice(at..at, other[from..to].iter().copied());
                }
            }
            _ if len > 0 => data[at] = rng.random(),
            _ => {}
        }
    }
    data
}

fn budget() -> Duration {
    let s: f64 = std::env::var("FIRECOVER_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.5);
    Duration::from_secs_f64(s)
}

fn seed() -> u64 {
    std::env::var("FIRECOVER_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Feeds mutated inputs to `target` until the budget is spent; fails with
/// the saved inputs that panicked.
fn fuzz(name: &str, mut target: impl FnMut(&[u8])) {
    let seeds = corpus(name);
    let mut rng = ChaCha8Rng::seed_from_u64(seed() ^ name.len() as u64);
    let deadline = Instant::now() + budget();
    let mut runs = 0u64;
    let mut failures = Vec::new();
    // the corpus itself first, then mutants
    for s in &seeds {
        if catch_unwind(AssertUnwindSafe(|| target(s))).is_err() {
            failures.push(save(name, runs, s));
        }
        runs += 1;
    }
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &seeds);
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            failures.push(save(name, runs, &input));
        }
        runs += 1;
    }
    eprintln!(
        "fuzz {name}: {runs} inputs in {:.1} s, seed {}",
        budget().as_secs_f64(),
        seed()
    );
    assert!(failures.is_empty(), "{name}: panicked on {failures:?}");
}

fn save(name: &str, n: u64, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}-{n}", seed()));
    std::fs::write(&path, input).unwrap();
    path
}

#[test]
fn fuzz_scenario_loader() {
    let dir = tempfile::tempdir().unwrap();
    for (k, s) in corpus("scenario").iter().enumerate() {
        // files a mutant may name in `extends`
        std::fs::write(dir.path().join(format!("base{k}.toml")), s).unwrap();
    }
    let name = dir.path().join("fuzz.toml");
    fuzz("scenario", |bytes| {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return;
        };
        if let Ok((scenario, _)) = Scenario::from_str(text, &name) {
            let _ = Model::compile(&scenario);
        }
    });
}

#[test]
fn fuzz_geojson_roads_and_outlines() {
    fuzz("geojson", |bytes| {
        let text = String::from_utf8_lossy(bytes);
        let _ = geojson::read_roads(&text);
        let _ = geojson::read_polygon(&text, "fuzz.geojson");
    });
}

#[test]
fn fuzz_fcnet() {
    fuzz("fcnet", |bytes| {
        let _ = fcnet::from_bytes(bytes, "fuzz.fcnet");
    });
}

#[test]
fn fuzz_pbf_import() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.osm.pbf");
    fuzz("pbf", |bytes| {
        std::fs::write(&path, bytes).unwrap();
        let _ = osm::import(&path, &osm::Clip::None, &|_, _| {});
    });
}

#[test]
fn fuzz_records_reader() {
    fuzz("records", |bytes| {
        let text = String::from_utf8_lossy(bytes);
        let _ = firecover::scenario::records::read_records(&text, "fuzz.csv");
    });
}

#[test]
fn fuzz_cost_matrix_reader() {
    use firecover::siting::matrix;
    let dir = tempfile::tempdir().unwrap();
    let costs = dir.path().join("costs.csv");
    let weights = dir.path().join("weights.csv");
    fuzz("costs", |bytes| {
        // a mutant is read as the matrix, and as weights for the corpus's
        // first matrix
        std::fs::write(&costs, bytes).unwrap();
        if let Ok(problem) = matrix::read(&costs, None, 300.0) {
            let _ = problem.evaluate(firecover::siting::Objective::Median, &[0]);
        }
        std::fs::write(&weights, bytes).unwrap();
        std::fs::write(&costs, &corpus("costs")[0]).unwrap();
        let _ = matrix::read(&costs, Some(&weights), 300.0);
    });
}

#[test]
fn fuzz_partial_results() {
    use firecover::montecarlo::shard;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.fcpart");
    fuzz("fcpart", |bytes| {
        std::fs::write(&path, bytes).unwrap();
        let _ = shard::read_header(&path);
        let _ = shard::read_part(&path);
        // the checksum stops almost every mutant above: seal it again so
        // the decoder behind it is fuzzed too
        let payload = bytes.get(firecover::sealed::PREFIX_LEN..).unwrap_or(&[]);
        let resealed = firecover::sealed::seal(shard::MAGIC, shard::FORMAT, payload);
        std::fs::write(&path, resealed).unwrap();
        let _ = shard::read_part(&path);
    });
}
