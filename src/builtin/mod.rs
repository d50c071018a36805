//! District data shipped inside the binary (`[network] builtin = "liangping"`),
//! and the generator that makes its schematic road graph.
//!
//! A builtin district is a folder under `scenarios/`: inputs (township table,
//! boundary, `generator.toml`) and generated GeoJSON (roads, demand places,
//! built-up area). The generated files are committed so that a person can
//! open them in QGIS; a test regenerates them and fails if they drift.

pub mod calibration;
pub mod generator;
pub mod townships;

use std::borrow::Cow;

use geo::Polygon;
use geojson::{GeoJson, JsonValue};

pub use townships::{Terrain, Township, read_townships};

/// A Polygon from one of the district's GeoJSON files.
fn read_polygon(text: &str, file: &str) -> Result<Polygon<f64>, BuiltinError> {
    crate::network::geojson::read_polygon(text, file)
        .map_err(|e| BuiltinError::Data(e.render(crate::i18n::Lang::En)))
}

/// Problems with builtin or generator data.
#[derive(Debug, thiserror::Error)]
pub enum BuiltinError {
    /// A named builtin does not exist.
    #[error("unknown builtin district `{0}` (known: {1})")]
    Unknown(String, String),
    /// A data file is malformed; the message names it.
    #[error("{0}")]
    Data(String),
}

/// The files of one builtin district.
#[derive(Debug)]
pub struct Builtin {
    /// Name used in scenarios.
    pub name: &'static str,
    /// Folder in the source tree it came from.
    pub folder: &'static str,
    /// `townships.csv`.
    pub townships: &'static str,
    /// `boundary.geojson`.
    pub boundary: &'static str,
    /// `generator.toml`.
    pub generator: Cow<'static, str>,
    /// `roads.geojson` (generated).
    pub roads: Cow<'static, str>,
    /// `places.geojson` (generated).
    pub places: Cow<'static, str>,
    /// `builtup.geojson` (generated).
    pub builtup: Cow<'static, str>,
    /// `seat_road_km.csv`: road distances between seats measured on a real
    /// network, which the generator is calibrated on.
    pub measured_distances: &'static str,
}

/// Every builtin district.
pub const BUILTINS: &[Builtin] = &[Builtin {
    name: "liangping",
    folder: "scenarios/liangping",
    townships: include_str!("../../scenarios/liangping/townships.csv"),
    boundary: include_str!("../../scenarios/liangping/boundary.geojson"),
    generator: Cow::Borrowed(include_str!("../../scenarios/liangping/generator.toml")),
    roads: Cow::Borrowed(include_str!("../../scenarios/liangping/roads.geojson")),
    places: Cow::Borrowed(include_str!("../../scenarios/liangping/places.geojson")),
    builtup: Cow::Borrowed(include_str!("../../scenarios/liangping/builtup.geojson")),
    measured_distances: include_str!("../../scenarios/liangping/seat_road_km.csv"),
}];

/// The builtin district of this name.
pub fn get(name: &str) -> Result<&'static Builtin, BuiltinError> {
    BUILTINS.iter().find(|b| b.name == name).ok_or_else(|| {
        let known: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
        BuiltinError::Unknown(name.into(), known.join(", "))
    })
}

/// A demand place of a builtin district.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Road node id.
    pub node: String,
    /// Reporting zone (township).
    pub zone: String,
    /// `urban` or `rural`.
    pub setting: String,
    /// Residents represented.
    pub weight: f64,
    /// Longitude of its road node, degrees: where it snaps to on another
    /// network.
    pub lon: f64,
    /// Latitude of its road node, degrees.
    pub lat: f64,
}

impl Builtin {
    /// The demand places.
    pub fn places(&self) -> Result<Vec<Place>, BuiltinError> {
        let bad = |m: String| BuiltinError::Data(format!("{}/places.geojson: {m}", self.folder));
        let doc: GeoJson = self
            .places
            .as_ref()
            .parse()
            .map_err(|e: geojson::Error| bad(e.to_string()))?;
        let GeoJson::FeatureCollection(c) = doc else {
            return Err(bad("expected a FeatureCollection".into()));
        };
        c.features
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let get = |k: &str| f.properties.as_ref().and_then(|p| p.get(k));
                let text = |k: &str| match get(k) {
                    Some(JsonValue::String(s)) => Ok(s.clone()),
                    _ => Err(bad(format!("features[{i}]: missing `{k}`"))),
                };
                let (lon, lat) = match f.geometry.as_ref().map(|g| &g.value) {
                    Some(geojson::GeometryValue::Point { coordinates })
                        if coordinates.len() >= 2 =>
                    {
                        (coordinates[0], coordinates[1])
                    }
                    _ => return Err(bad(format!("features[{i}]: not a Point"))),
                };
                Ok(Place {
                    lon,
                    lat,
                    node: text("node")?,
                    zone: text("zone")?,
                    setting: text("setting")?,
                    weight: get("weight")
                        .and_then(JsonValue::as_f64)
                        .ok_or_else(|| bad(format!("features[{i}]: missing `weight`")))?,
                })
            })
            .collect()
    }

    /// The district outline.
    pub fn boundary_polygon(&self) -> Result<Polygon<f64>, BuiltinError> {
        read_polygon(self.boundary, "boundary.geojson")
    }

    /// The (assumed) built-up area.
    pub fn builtup_polygon(&self) -> Result<Polygon<f64>, BuiltinError> {
        read_polygon(&self.builtup, "builtup.geojson")
    }

    /// The township table.
    pub fn township_table(&self) -> Result<Vec<Township>, BuiltinError> {
        read_townships(self.townships)
    }

    /// The committed road graph against the measured seat-to-seat road
    /// distances (`generator.toml` `[calibration]` names the roads the
    /// measured network lacks).
    pub fn calibration(&self) -> Result<calibration::Calibration, BuiltinError> {
        self.calibration_of(&self.roads)
    }

    /// A road file of this district (e.g. a regenerated one) against the
    /// measured seat-to-seat road distances.
    pub fn calibration_of(&self, roads: &str) -> Result<calibration::Calibration, BuiltinError> {
        let params = generator::read_params(&self.generator)?;
        let measured = calibration::read_measured(
            self.measured_distances,
            &format!("{}/seat_road_km.csv", self.folder),
        )?;
        let townships = self.township_table()?;
        let assumed: Vec<&str> = townships
            .iter()
            .filter(|t| t.coordinate_source.starts_with("ASSUMPTION"))
            .map(|t| t.id.as_str())
            .collect();
        let newer: Vec<&str> = params
            .calibration
            .roads_missing_from_measured
            .iter()
            .map(String::as_str)
            .collect();
        calibration::Calibration::measure(roads, &measured, &newer, &assumed)
    }

    /// The district with another `generator.toml`: its road graph, places
    /// and built-up area generated afresh (a sweep over the generator's
    /// assumptions).
    pub fn with_generator(&self, generator_toml: String) -> Result<Builtin, BuiltinError> {
        let made = generator::generate(
            &generator_toml,
            self.townships,
            self.boundary,
            Some(self.measured_distances),
        )?;
        Ok(Builtin {
            generator: Cow::Owned(generator_toml),
            roads: Cow::Owned(made.roads),
            places: Cow::Owned(made.places),
            builtup: Cow::Owned(made.builtup),
            ..*self
        })
    }

    /// Regenerates the GeoJSON files from the embedded inputs.
    pub fn regenerate(&self) -> Result<generator::Generated, BuiltinError> {
        generator::generate(
            &self.generator,
            self.townships,
            self.boundary,
            Some(self.measured_distances),
        )
    }
}
