//! Writes a synthetic OpenStreetMap extract (OSM XML on stdout) for scale
//! tests of `firecover network import`: an N × N street grid 100 m apart
//! around Liangping with SHAPE shape nodes on every block side (curves a real
//! road has between junctions), every 10th row a primary road with
//! `maxspeed=50`, every 7th column one-way, and one untagged POI node per
//! 10 junctions (nodes a real extract holds that no road uses). Coordinates
//! carry deterministic jitter so that the file compresses like real data.
//!
//! ```sh
//! cargo run --release --example synthetic_osm -- 535 3 > city.osm   # ~2 M nodes
//! osmium cat city.osm -o city.osm.pbf
//! ```

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: i64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .filter(|&n| n >= 2)
        .unwrap_or(100);
    let shape: i64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .filter(|&s| s >= 0)
        .unwrap_or(3);
    let out = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, out.lock());
    let (lon0, lat0) = (107.70, 30.60);
    let (dlon, dlat) = (100.0 / 95_700.0, 100.0 / 111_195.0);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut jitter = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 0.2
    };
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<osm version="0.6" generator="firecover synthetic_osm">"#
    )?;
    let mut node = |w: &mut BufWriter<_>, id: i64, x: f64, y: f64, tag: &str| {
        writeln!(
            w,
            r#" <node id="{id}" version="1" lat="{:.7}" lon="{:.7}">{tag}</node>"#,
            lat0 + (y + jitter()) * dlat,
            lon0 + (x + jitter()) * dlon
        )
    };
    // junctions 1..=n², then shape nodes of rows, then of columns, then POIs
    let junction = |i: i64, j: i64| j * n + i + 1;
    let row_shape = |i: i64, j: i64, k: i64| n * n + 1 + (j * (n - 1) + i) * shape + k;
    let col_base = n * n + 1 + n * (n - 1) * shape;
    let col_shape = |i: i64, j: i64, k: i64| col_base + (i * (n - 1) + j) * shape + k;
    for j in 0..n {
        for i in 0..n {
            node(&mut w, junction(i, j), i as f64, j as f64, "")?;
        }
    }
    for j in 0..n {
        for i in 0..n - 1 {
            for k in 0..shape {
                let x = i as f64 + (k + 1) as f64 / (shape + 1) as f64;
                node(&mut w, row_shape(i, j, k), x, j as f64, "")?;
            }
        }
    }
    for i in 0..n {
        for j in 0..n - 1 {
            for k in 0..shape {
                let y = j as f64 + (k + 1) as f64 / (shape + 1) as f64;
                node(&mut w, col_shape(i, j, k), i as f64, y, "")?;
            }
        }
    }
    let poi_base = col_base + n * (n - 1) * shape;
    for k in 0..(n * n / 10) {
        let (i, j) = (k % n, (k / n * 10) % n);
        let tag = r#"<tag k="amenity" v="bench"/>"#;
        node(&mut w, poi_base + k, i as f64 + 0.3, j as f64 + 0.3, tag)?;
    }
    let mut way = 1;
    for j in 0..n {
        writeln!(w, r#" <way id="{way}" version="1">"#)?;
        for i in 0..n {
            writeln!(w, r#"  <nd ref="{}"/>"#, junction(i, j))?;
            for k in 0..shape.min(if i + 1 < n { shape } else { 0 }) {
                writeln!(w, r#"  <nd ref="{}"/>"#, row_shape(i, j, k))?;
            }
        }
        if j % 10 == 0 {
            writeln!(
                w,
                r#"  <tag k="highway" v="primary"/><tag k="maxspeed" v="50"/>"#
            )?;
        } else {
            writeln!(w, r#"  <tag k="highway" v="residential"/>"#)?;
        }
        writeln!(w, " </way>")?;
        way += 1;
    }
    for i in 0..n {
        writeln!(w, r#" <way id="{way}" version="1">"#)?;
        for j in 0..n {
            writeln!(w, r#"  <nd ref="{}"/>"#, junction(i, j))?;
            for k in 0..shape.min(if j + 1 < n { shape } else { 0 }) {
                writeln!(w, r#"  <nd ref="{}"/>"#, col_shape(i, j, k))?;
            }
        }
        let oneway = if i % 7 == 3 {
            r#"<tag k="oneway" v="yes"/>"#
        } else {
            ""
        };
        writeln!(w, r#"  <tag k="highway" v="residential"/>{oneway}"#)?;
        writeln!(w, " </way>")?;
        way += 1;
    }
    writeln!(w, "</osm>")?;
    w.flush()
}
