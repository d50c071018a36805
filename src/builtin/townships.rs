//! The township table and polygons of a builtin district.

use serde::Deserialize;

use super::BuiltinError;

/// Terrain of a township, which sets the class of the roads reaching it.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Terrain {
    /// Plain or low hills.
    Plain,
    /// Mountain: slower, more winding roads.
    Mountain,
}

/// One row of `townships.csv`.
#[derive(Clone, Debug, Deserialize)]
pub struct Township {
    /// Short Latin id (pinyin), used as the seat's node id.
    pub id: String,
    /// Statistical code.
    pub code: String,
    /// Chinese name, used as the reporting zone.
    pub name_zh: String,
    /// 街道, 镇 or 乡.
    pub kind: String,
    /// Seat longitude.
    pub lon: f64,
    /// Seat latitude.
    pub lat: f64,
    /// Where the coordinate came from (or the assumption).
    pub coordinate_source: String,
    /// Resident population (2020 census), where known.
    pub population_2020: Option<u32>,
    /// Area, km², where known.
    pub area_km2: Option<f64>,
    /// Terrain.
    pub terrain: Terrain,
    /// Where the terrain came from (or the assumption).
    pub terrain_source: String,
}

/// Parses `townships.csv`; errors name the line.
pub fn read_townships(text: &str) -> Result<Vec<Township>, BuiltinError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for row in reader.deserialize() {
        let t: Township = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            BuiltinError::Data(format!("townships.csv:{line}: {e}"))
        })?;
        out.push(t);
    }
    Ok(out)
}
