//! `firecover network calibrate DIR`: a schematic district's seat-to-seat
//! road distances against measured ones, and the fit of its per-township
//! circuity factors. A maintainer's tool, like `network generate`, so its
//! output is English.

use std::path::Path;
use std::process::ExitCode;

use firecover::builtin::calibration::{
    Calibration, RatioSummary, fit_township_circuity, read_measured,
};
use firecover::builtin::generator::{generate_from, read_boundary, read_params};
use firecover::builtin::{BuiltinError, read_townships};

use firecover::i18n::Lang;

use super::EXIT_BAD_INPUT;
use super::refuse;

fn line(label: &str, s: &RatioSummary) -> String {
    format!(
        "  {label:<34} median {:.3}  p10 {:.3}  p90 {:.3}  min {:.2}  max {:.2}  ({} pairs)",
        s.median, s.p10, s.p90, s.min, s.max, s.pairs
    )
}

/// Runs `network calibrate`.
pub fn calibrate(
    dir: &Path,
    fit: Option<usize>,
    worst: usize,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let read = |name: &str| read_district_file(dir, name, lang);
    let texts = (
        read("generator.toml"),
        read("townships.csv"),
        read("boundary.geojson"),
    );
    let (params_text, townships_text, boundary_text) = match texts {
        (Ok(p), Ok(t), Ok(b)) => (p, t, b),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Ok(refuse(e, lang)),
    };
    let inputs = || -> Result<_, BuiltinError> {
        let params = read_params(&params_text)?;
        let townships = read_townships(&townships_text)?;
        let boundary = read_boundary(&boundary_text)?;
        Ok((params, townships, boundary))
    };
    let (mut params, townships, boundary) = match inputs() {
        Ok(i) => i,
        Err(e) => {
            note!("{}: {e}", dir.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let Some(measured_name) = params.calibration.measured.clone() else {
        note!(
            "{}/generator.toml: [calibration] measured: name the file of measured seat distances",
            dir.display()
        );
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    };
    let measured_file = dir.join(&measured_name);
    let measured_text = match read(&measured_name) {
        Ok(t) => t,
        Err(e) => {
            let at = format!("{}/generator.toml: [calibration] measured: ", dir.display());
            return Ok(refuse(at + &e, lang));
        }
    };
    let measured = match read_measured(&measured_text, &measured_file.display().to_string()) {
        Ok(m) => m,
        Err(e) => {
            note!("{e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let assumed: Vec<&str> = townships
        .iter()
        .filter(|t| t.coordinate_source.starts_with("ASSUMPTION"))
        .map(|t| t.id.as_str())
        .collect();
    let newer = params.calibration.roads_missing_from_measured.clone();
    let newer: Vec<&str> = newer.iter().map(String::as_str).collect();
    let without = if newer.is_empty() {
        "whole graph".to_string()
    } else {
        format!("without {}", newer.join(", "))
    };
    if let Some(rounds) = fit {
        let history =
            match fit_township_circuity(&mut params, &townships, &boundary, &measured, rounds) {
                Ok(h) => h,
                Err(e) => {
                    note!("{}: {e}", dir.display());
                    return Ok(ExitCode::from(EXIT_BAD_INPUT));
                }
            };
        sayln!("fit of [township_circuity], graph ÷ measured, known seats:");
        for (k, r) in history.iter().enumerate() {
            let label = if k + 1 == history.len() {
                "rounded".to_string()
            } else {
                format!("round {k}")
            };
            sayln!(
                "{}",
                line(&format!("{label}, {without}:"), &r.without_newer)
            );
            sayln!("{}", line(&format!("{label}, whole graph:"), &r.whole));
        }
        sayln!("\n# put this in {}/generator.toml", dir.display());
        sayln!("[township_circuity]");
        for (t, f) in &params.township_circuity {
            sayln!("{t} = {f:.2}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let calibration = match generate_from(&params, &townships, &boundary, &measured)
        .and_then(|g| Calibration::measure(&g.roads, &measured, &newer, &assumed))
    {
        Ok(c) => c,
        Err(e) => {
            note!("{}: {e}", dir.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let known = calibration.summary(true);
    sayln!(
        "{}: {} measured seat pairs ({} between seats with known positions)",
        measured_file.display(),
        calibration.pairs.len(),
        known.pairs
    );
    sayln!("graph ÷ measured road distance:");
    sayln!("{}", line("known seats, whole graph:", &known));
    sayln!(
        "{}",
        line("every pair, whole graph:", &calibration.summary(false))
    );
    let without_newer = RatioSummary::of(
        calibration
            .pairs
            .iter()
            .filter(|p| !p.seat_assumed)
            .map(|p| p.graph_without_newer_km / p.measured_km),
    );
    sayln!(
        "{}",
        line(&format!("known seats, {without}:"), &without_newer)
    );
    let by_newer = calibration
        .pairs
        .iter()
        .filter(|p| p.shorter_by_newer_road())
        .count();
    sayln!("pairs shorter only by a road the measured network lacks: {by_newer}");
    sayln!("by township (median ratio of its pairs):");
    for (t, s) in calibration.by_township() {
        sayln!("  {t:<10} {:.3}", s.median);
    }
    let mut pairs: Vec<_> = calibration.pairs.iter().collect();
    pairs.sort_by(|a, b| {
        b.ratio()
            .ln()
            .abs()
            .total_cmp(&a.ratio().ln().abs())
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    sayln!("furthest pairs (graph km / measured km):");
    for p in pairs.into_iter().take(worst) {
        let mut why = Vec::new();
        if p.shorter_by_newer_road() {
            why.push(format!(
                "{:.1} km without the newer roads",
                p.graph_without_newer_km
            ));
        }
        if p.seat_assumed {
            why.push("assumed seat".to_string());
        }
        sayln!(
            "  {:<10} {:<10} {:>6.1} {:>6.1}  {:.2}  {}",
            p.from,
            p.to,
            p.graph_km,
            p.measured_km,
            p.ratio(),
            why.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads `name` from a schematic district's folder for the maintainer's
/// tools (`network generate`, `network calibrate`), as every input is
/// read: a regular UTF-8 file within the GeoJSON size limit. The error is
/// the message in `lang`.
pub(super) fn read_district_file(dir: &Path, name: &str, lang: Lang) -> Result<String, String> {
    firecover::input::read_text(&dir.join(name), firecover::input::Limit::Geodata)
        .map_err(|e| e.said().render(lang))
}
