//! A square-cell grid over a region, in a local metric projection.

use geo::{LineString, Polygon};

pub use crate::network::Projection;

/// Cells of `cell_m` metres covering a projected region; cell `(ix, iy)` has
/// index `iy * nx + ix` and its centre at `x0 + (ix + ½)·cell_m`,
/// `y0 + (iy + ½)·cell_m`.
#[derive(Clone, Debug)]
pub struct Grid {
    /// The projection the grid lives in.
    pub projection: Projection,
    /// Cell side, metres.
    pub cell_m: f64,
    /// West edge, metres.
    pub x0: f64,
    /// South edge, metres.
    pub y0: f64,
    /// Columns.
    pub nx: usize,
    /// Rows.
    pub ny: usize,
    /// Whether each cell's centre lies in the region.
    pub inside: Vec<bool>,
    /// Whether each cell's centre lies in the built-up area.
    pub builtup: Vec<bool>,
}

impl Grid {
    /// Cells of `cell_m` over `region` (projected metres); `builtup` marks
    /// the cells of the built-up area.
    pub fn new(
        projection: Projection,
        region: &Polygon<f64>,
        builtup: Option<&Polygon<f64>>,
        cell_m: f64,
    ) -> Grid {
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for c in region.exterior().coords() {
            min_x = min_x.min(c.x);
            min_y = min_y.min(c.y);
            max_x = max_x.max(c.x);
            max_y = max_y.max(c.y);
        }
        if min_x > max_x {
            (min_x, min_y, max_x, max_y) = (0.0, 0.0, 0.0, 0.0);
        }
        let nx = (((max_x - min_x) / cell_m).ceil() as usize).max(1);
        let ny = (((max_y - min_y) / cell_m).ceil() as usize).max(1);
        let mut grid = Grid {
            projection,
            cell_m,
            x0: min_x,
            y0: min_y,
            nx,
            ny,
            inside: Vec::new(),
            builtup: Vec::new(),
        };
        grid.inside = grid.rasterize(region);
        grid.builtup = match builtup {
            Some(b) => grid.rasterize(b),
            None => vec![false; nx * ny],
        };
        grid
    }

    /// Cell count, inside the region or not.
    pub fn len(&self) -> usize {
        self.nx * self.ny
    }

    /// True when the grid has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Centre of a cell, metres.
    pub fn centre(&self, index: usize) -> (f64, f64) {
        let (ix, iy) = (index % self.nx, index / self.nx);
        (
            self.x0 + (ix as f64 + 0.5) * self.cell_m,
            self.y0 + (iy as f64 + 0.5) * self.cell_m,
        )
    }

    /// Area of one cell, km².
    pub fn cell_km2(&self) -> f64 {
        self.cell_m * self.cell_m / 1e6
    }

    /// Cells whose centre is inside a projected polygon (even-odd rule over
    /// all its rings), by scanning each row's crossings.
    fn rasterize(&self, polygon: &Polygon<f64>) -> Vec<bool> {
        let mut out = vec![false; self.len()];
        let rings: Vec<&LineString<f64>> = std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .collect();
        let mut crossings = Vec::new();
        for iy in 0..self.ny {
            let y = self.y0 + (iy as f64 + 0.5) * self.cell_m;
            crossings.clear();
            for ring in &rings {
                for seg in ring.lines() {
                    let (a, b) = (seg.start, seg.end);
                    if (a.y <= y) != (b.y <= y) {
                        crossings.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
                    }
                }
            }
            crossings.sort_by(f64::total_cmp);
            for pair in crossings.chunks_exact(2) {
                let first = ((pair[0] - self.x0) / self.cell_m - 0.5).ceil().max(0.0) as usize;
                let last = ((pair[1] - self.x0) / self.cell_m - 0.5).floor();
                if last < 0.0 {
                    continue;
                }
                let last = (last as usize).min(self.nx - 1);
                for ix in first..=last {
                    out[iy * self.nx + ix] = true;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn rasterized_square_and_hole() {
        let square = polygon![
            exterior: [(x: 0.0, y: 0.0), (x: 1000.0, y: 0.0), (x: 1000.0, y: 1000.0), (x: 0.0, y: 1000.0), (x: 0.0, y: 0.0)],
            interiors: [[(x: 400.0, y: 400.0), (x: 600.0, y: 400.0), (x: 600.0, y: 600.0), (x: 400.0, y: 600.0), (x: 400.0, y: 400.0)]],
        ];
        let g = Grid::new(Projection::new(107.0, 30.0), &square, None, 100.0);
        assert_eq!((g.nx, g.ny), (10, 10));
        // 100 cells minus the 2 × 2 hole
        assert_eq!(g.inside.iter().filter(|&&b| b).count(), 96);
        let (x, y) = g.centre(0);
        assert_eq!((x, y), (50.0, 50.0));
        let p = Projection::new(107.7, 30.6);
        let (lon, lat) = p.lonlat(1234.0, -987.0);
        let (x, y) = p.xy(lon, lat);
        assert!((x - 1234.0).abs() < 1e-6 && (y + 987.0).abs() < 1e-6);
    }
}
