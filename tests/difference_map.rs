//! The difference map: what it draws, and that a zoomed map draws nothing
//! outside its frame.

mod common;

use common::{load, repo};
use firecover::coverage::difference::{ZoneChange, render_difference};
use firecover::coverage::svg::Extent;
use firecover::coverage::{self, Coverage};
use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::scenario::Scenario;

fn analysed(file: &str) -> (Scenario, Coverage) {
    let s = load(&repo(file));
    let model = Model::compile(&s).unwrap();
    let c = coverage::analyze(&s, &model, 200.0).unwrap();
    (s, c)
}

/// Every station and zone marker of the map, with its x in pixels.
fn marker_xs(svg: &str) -> Vec<(String, f64)> {
    let doc = roxmltree::Document::parse(svg).expect("the map is well-formed XML");
    let mut xs = Vec::new();
    for group in ["stations", "zones", "labels"] {
        let g = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(group))
            .unwrap_or_else(|| panic!("no group {group}"));
        for n in g.descendants().filter(|n| n.is_element()) {
            if let Some(x) = n.attribute("x").or(n.attribute("cx")) {
                xs.push((
                    format!("{group}/{}", n.tag_name().name()),
                    x.parse().unwrap(),
                ));
            }
        }
    }
    xs
}

#[test]
fn the_map_names_gains_and_new_stations_and_zooms_cleanly() {
    let (sa, ca) = analysed("scenarios/liangping-2020.toml");
    let (sb, cb) = analysed("scenarios/liangping-2025-all-townships.toml");
    let zones = vec![
        ZoneChange {
            name: "双桂街道".into(),
            lon: 107.77,
            lat: 30.65,
            delta: 0.39,
            significant: true,
        },
        ZoneChange {
            name: "福禄镇".into(),
            lon: 107.93,
            lat: 30.66,
            delta: -0.12,
            significant: true,
        },
    ];
    let region = render_difference(
        (&sa, &ca),
        (&sb, &cb),
        &zones,
        "C vs A",
        Extent::Region,
        Lang::En,
    )
    .expect("same region, same grid");
    assert!(region.contains("双桂街道 +39 pp"));
    assert!(region.contains("福禄镇 -12 pp"));
    assert!(region.contains("newly reached:"));
    // 20 new township teams and the industrial-park station: marked, too
    // many to name on the map
    assert_eq!(region.matches("(new)</title>").count(), 21);
    assert!(!region.contains("(new)</text>"));

    let zoom = render_difference(
        (&sa, &ca),
        (&sb, &cb),
        &zones,
        "C vs A",
        Extent::Builtup,
        Lang::En,
    )
    .expect("same grid");
    let xs = marker_xs(&zoom);
    assert!(!xs.is_empty());
    for (what, x) in xs {
        assert!(
            (24.0..=784.0).contains(&x),
            "{what} at x = {x} is outside the map frame"
        );
    }
    // the far towns' stations are off this map
    assert!(zoom.matches("(new)</title>").count() < 21);
}

#[test]
fn no_difference_map_across_different_grids() {
    let (sa, ca) = analysed("scenarios/liangping-2020.toml");
    let (sb, _) = analysed("scenarios/liangping-2025-plan.toml");
    let model = Model::compile(&sb).unwrap();
    let coarse = coverage::analyze(&sb, &model, 500.0).unwrap();
    assert!(
        render_difference(
            (&sa, &ca),
            (&sb, &coarse),
            &[],
            "t",
            Extent::Region,
            Lang::En
        )
        .is_none()
    );
}

#[test]
fn a_moved_station_is_drawn_as_moved_from_its_old_site() {
    let (sa, ca) = analysed("scenarios/liangping-2025-plan.toml");
    let (mut sb, _) = analysed("scenarios/liangping-2025-plan.toml");
    let moved = sb
        .stations
        .iter()
        .position(|s| s.id == "industrial_park")
        .unwrap();
    let new_node = sb.network.node_by_id("u8_8").expect("a built-up node");
    sb.stations[moved].node = new_node;
    let model = Model::compile(&sb).unwrap();
    let cb = coverage::analyze(&sb, &model, 200.0).unwrap();
    let svg = render_difference(
        (&sa, &ca),
        (&sb, &cb),
        &[],
        "moved",
        Extent::Builtup,
        Lang::En,
    )
    .expect("same grid");
    assert!(
        svg.contains("工业园消防站 (moved here)"),
        "the new site is labelled moved"
    );
    assert!(
        svg.contains("工业园消防站: moved from here"),
        "the old site says so"
    );
    assert!(
        !svg.contains("工业园消防站 (new)"),
        "a moved station is not a new one"
    );
    assert!(
        svg.contains(r#"stroke-dasharray="4 2""#),
        "an arrow from old to new"
    );
    // the stations that stay put are neither
    assert!(!svg.contains("梁平区消防救援站 (moved here)"));
}
