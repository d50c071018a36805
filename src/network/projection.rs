//! The local metric projection every geometric computation uses: metres
//! east and north of a centre (equirectangular; its error stays below 0.5 %
//! across a district).

use geo::{Coord, LineString, Polygon};

/// Mean Earth radius, metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Local equirectangular projection around a centre: metres east and north.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    lon0: f64,
    lat0: f64,
    kx: f64,
    ky: f64,
}

impl Projection {
    /// A projection centred at (`lon0`, `lat0`).
    pub fn new(lon0: f64, lat0: f64) -> Projection {
        let ky = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
        Projection {
            lon0,
            lat0,
            kx: ky * lat0.to_radians().cos(),
            ky,
        }
    }

    /// Lon/lat → metres.
    pub fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.lon0) * self.kx, (lat - self.lat0) * self.ky)
    }

    /// Metres → lon/lat.
    pub fn lonlat(&self, x: f64, y: f64) -> (f64, f64) {
        (self.lon0 + x / self.kx, self.lat0 + y / self.ky)
    }

    /// A lon/lat polygon in metres.
    pub fn project_polygon(&self, p: &Polygon<f64>) -> Polygon<f64> {
        let ring = |r: &LineString<f64>| -> LineString<f64> {
            r.coords()
                .map(|c| {
                    let (x, y) = self.xy(c.x, c.y);
                    Coord { x, y }
                })
                .collect()
        };
        Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect())
    }
}
