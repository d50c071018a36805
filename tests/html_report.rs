//! The HTML report: self-contained, every section present, CSV tables
//! complete, and (where Chromium is installed) loading in a real browser
//! without console errors.
//!
//! The browser check runs when `chromium` (or `chromium-browser`,
//! `google-chrome`) is on the PATH, the printed page's text check when
//! poppler's `pdftotext` is too, and the PNG maps need a CJK font;
//! `FIRECOVER_REQUIRE_BROWSER`, `FIRECOVER_REQUIRE_PDFTOTEXT` and
//! `FIRECOVER_REQUIRE_CJK_FONT` (set by `.ci/run`) turn a missing one into
//! a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{firecover, repo, required, required_tool, succeeded};

const SECTIONS: [&str; 10] = [
    "summary",
    "verdict",
    "differences",
    "maps",
    "distributions",
    "townships",
    "units",
    "stations",
    "assumptions",
    "reproduce",
];

fn compare_report(dir: &Path) -> String {
    let out = firecover([
        "compare".as_ref(),
        repo("scenarios/liangping-2020.toml").as_os_str(),
        repo("scenarios/liangping-2025-plan.toml").as_os_str(),
        "--replications".as_ref(),
        "20".as_ref(),
        "--html".as_ref(),
        dir.as_os_str(),
    ]);
    let text = succeeded(&out);
    assert!(text.contains("HTML report written to"), "{text}");
    std::fs::read_to_string(dir.join("index.html")).expect("index.html written")
}

/// Values of every `attr="..."` in `html`.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn the_report_is_self_contained_and_has_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let html = compare_report(dir.path());
    for id in SECTIONS {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "section {id} missing"
        );
    }
    // nothing fetched: no scripts, stylesheets or remote references
    for banned in ["<script", "<link", "@import", "<iframe", "url(http"] {
        assert!(!html.contains(banned), "{banned} in the report");
    }
    let sources = attribute_values(&html, "src");
    assert!(
        sources.is_empty(),
        "the report loads {sources:?}; everything must be inline"
    );
    for href in attribute_values(&html, "href") {
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "dangling {href}"
            );
        } else {
            assert!(!href.contains(':'), "external link {href}");
            assert!(dir.path().join(href).is_file(), "link to missing {href}");
        }
    }
    // two coverage maps and one difference map, each of the region and
    // zoomed on the built-up area; charts from plotters
    assert_eq!(html.matches("<figure class=\"map\"").count(), 6);
    assert!(html.contains("id=\"difference-1-region\""));
    assert!(html.contains("id=\"difference-1-builtup\""));
    assert!(html.contains("Incident type: fire"));
    assert!(html.contains("the standard: 5:00"));
    // Chinese names and the provenance block
    assert!(html.contains("双桂街道"));
    assert!(html.contains("工业园消防站"));
    assert!(html.contains("liangping/base.toml"));
    assert!(html.contains(&format!(
        "<td class=\"l\">{}</td>",
        env!("CARGO_PKG_VERSION")
    )));
    // ids inside the inline SVGs are unique across the page
    let mut ids = attribute_values(&html, "id");
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids in the page");
}

#[test]
fn csv_tables_hold_every_row() {
    let dir = tempfile::tempdir().unwrap();
    compare_report(dir.path());
    let rows = |name: &str| -> Vec<csv::StringRecord> {
        let mut r = csv::Reader::from_path(dir.path().join(name)).unwrap();
        r.records().map(|x| x.unwrap()).collect()
    };
    // two scenarios × three incident types / 33 zones
    assert_eq!(rows("by_type.csv").len(), 6);
    assert_eq!(rows("by_zone.csv").len(), 66);
    // 9 units in 2020, 13 in 2025
    assert_eq!(rows("units.csv").len(), 22);
    // 1 + 3 + 2 + 33 groups × 4 measures
    let diffs = rows("differences.csv");
    assert_eq!(diffs.len(), (1 + 3 + 2 + 33) * 4);
    let header = csv::Reader::from_path(dir.path().join("differences.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .clone();
    assert_eq!(&header[0], "scenario");
    assert!(header.iter().any(|h| h == "95% CI low"));
    let bytes = std::fs::read(dir.path().join("by_zone.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a UTF-8 BOM for Excel and WPS"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json["pairs"].as_array().unwrap().len(), 1);
}

#[test]
fn run_writes_a_single_scenario_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = firecover([
        "run".as_ref(),
        repo("scenarios/liangping-2025-plan.toml").as_os_str(),
        "--replications".as_ref(),
        "10".as_ref(),
        "--html".as_ref(),
        dir.path().as_os_str(),
    ]);
    succeeded(&out);
    let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    for id in SECTIONS.iter().filter(|s| **s != "differences") {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert!(!html.contains("<section id=\"differences\">"));
    assert_eq!(html.matches("<figure class=\"map\"").count(), 2);
}

/// Chromium, or `None` (the test is skipped, saying so) when it is missing
/// and `FIRECOVER_REQUIRE_BROWSER` is not set; CI sets it.
fn required_chromium() -> Option<PathBuf> {
    required_tool(
        &["chromium", "chromium-browser", "google-chrome"],
        "BROWSER",
    )
}

/// Loads `page` in headless Chromium; returns the DOM after load and the
/// console messages logged.
fn load_in_browser(browser: &Path, page: &Path) -> (String, Vec<String>) {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

#[test]
fn the_report_loads_in_chromium_without_console_errors() {
    let Some(browser) = required_chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    compare_report(dir.path());
    // the check itself must see errors where there are some
    let broken = dir.path().join("broken.html");
    std::fs::write(
        &broken,
        "<!DOCTYPE html><html><body><script>throw new Error('boom')</script></body></html>",
    )
    .unwrap();
    let (_, console) = load_in_browser(&browser, &broken);
    assert!(
        console.iter().any(|l| l.contains("boom")),
        "console errors are not detected: {console:?}"
    );

    let (dom, console) = load_in_browser(&browser, &dir.path().join("index.html"));
    assert!(console.is_empty(), "console messages: {console:#?}");
    for id in SECTIONS {
        assert!(
            dom.contains(&format!("<section id=\"{id}\">")),
            "{id} not in the DOM"
        );
    }
    assert!(
        dom.matches("<svg").count() >= 6,
        "maps and charts in the DOM"
    );
    assert!(dom.contains("</html>"));
}

/// The text of page `page` (1-based) of a PDF, by poppler's pdftotext.
fn pdf_page_text(pdf: &Path, page: u32) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_printed_report_opens_with_a_one_page_summary_under_its_title() {
    let Some(browser) = required_chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let out = firecover([
        "compare".as_ref(),
        repo("scenarios/liangping-2020.toml").as_os_str(),
        repo("scenarios/liangping-2025-plan.toml").as_os_str(),
        "--replications".as_ref(),
        "20".as_ref(),
        "--title".as_ref(),
        "Station siting review".as_ref(),
        "--author".as_ref(),
        "Planning office".as_ref(),
        "--html".as_ref(),
        report.as_os_str(),
    ]);
    succeeded(&out);
    let pdf = dir.path().join("report.pdf");
    let printed = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", report.join("index.html").display()))
        .output()
        .expect("chromium runs");
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    assert!(std::fs::metadata(&pdf).is_ok_and(|m| m.len() > 0), "no PDF");
    if required_tool(&["pdftotext"], "PDFTOTEXT").is_none() {
        return;
    }
    // pdftotext breaks lines where the layout does: compare words only
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = words(&pdf_page_text(&pdf, 1));
    for expected in [
        "Station siting review",
        "Prepared by Planning office",
        "Verdict",
        "B vs A",
        "within standard",
    ] {
        assert!(
            first.contains(expected),
            "page 1 lacks {expected:?}:\n{first}"
        );
    }
    // the details start on the next page
    assert!(!first.contains("Details"), "{first}");
    let second = words(&pdf_page_text(&pdf, 2));
    assert!(second.starts_with("Details"), "{second}");
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |r: std::ops::Range<usize>| u32::from_be_bytes(bytes[r].try_into().unwrap());
    (be(16..20), be(20..24))
}

/// The `width` and `height` attributes of an SVG's root element.
fn svg_size(svg: &str) -> (f64, f64) {
    let root = &svg[svg.find("<svg").unwrap()..];
    let root = &root[..root.find('>').unwrap()];
    let attr = |name: &str| -> f64 {
        let at = root.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        root[at..at + root[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    (attr("width"), attr("height"))
}

#[test]
fn maps_come_as_png_too_drawn_with_a_cjk_font_or_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo("scenarios/liangping-2025-plan.toml");
    let (svg, png) = (dir.path().join("map.svg"), dir.path().join("map.png"));
    let out = firecover([
        "coverage".as_ref(),
        scenario.as_os_str(),
        "--svg".as_ref(),
        svg.as_os_str(),
        "--png".as_ref(),
        png.as_os_str(),
    ]);
    if !out.status.success() && !required("CJK_FONT") {
        common::skip_note(
            "the PNG maps: no CJK font here (.ci/run installs one and sets FIRECOVER_REQUIRE_CJK_FONT)",
        );
    } else {
        // CI installs the CJK fonts: the PNG must be made
        succeeded(&out);
        let (w, h) = png_size(&std::fs::read(&png).unwrap());
        let (sw, sh) = svg_size(&std::fs::read_to_string(&svg).unwrap());
        assert_eq!((w, h), ((sw * 1.8).ceil() as u32, (sh * 1.8).ceil() as u32));
        // the HTML report carries a PNG of every map it shows
        let report = dir.path().join("report");
        let out = firecover([
            "run".as_ref(),
            scenario.as_os_str(),
            "--replications".as_ref(),
            "5".as_ref(),
            "--html".as_ref(),
            report.as_os_str(),
        ]);
        succeeded(&out);
        let html = std::fs::read_to_string(report.join("index.html")).unwrap();
        let pngs: Vec<&str> = attribute_values(&html, "href")
            .into_iter()
            .filter(|h| h.ends_with(".png"))
            .collect();
        assert_eq!(pngs.len(), 2, "region and built-up maps: {pngs:?}");
        for p in pngs {
            let (w, h) = png_size(&std::fs::read(report.join(p)).unwrap());
            assert!(w > 1500 && h > 500, "{p}: {w} × {h}");
        }
        // --no-png leaves them out, links and files
        let out = firecover([
            "run".as_ref(),
            scenario.as_os_str(),
            "--replications".as_ref(),
            "5".as_ref(),
            "--no-png".as_ref(),
            "--html".as_ref(),
            report.as_os_str(),
        ]);
        succeeded(&out);
        let html = std::fs::read_to_string(report.join("index.html")).unwrap();
        assert!(!html.contains(".png\""), "a PNG link without PNGs");
        assert!(!report.join("maps").exists());
        assert!(html.contains("<svg"));
    }
    // no CJK font: a clear error, and no file
    let empty = dir.path().join("no-fonts");
    std::fs::create_dir(&empty).unwrap();
    let without_fonts = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_firecover"))
            .args(args)
            .env("FIRECOVER_FONT_DIR", &empty)
            .output()
            .unwrap()
    };
    let other = dir.path().join("other.png");
    let coverage_png = |lang: &str| {
        let out = without_fonts(&[
            "coverage".as_ref(),
            scenario.as_os_str(),
            "--png".as_ref(),
            other.as_os_str(),
            "--lang".as_ref(),
            lang.as_ref(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(!other.exists());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let report_of = |lang: &str| {
        let report = dir.path().join(format!("report-no-png-{lang}"));
        succeeded(&without_fonts(&[
            "run".as_ref(),
            scenario.as_os_str(),
            "--replications".as_ref(),
            "5".as_ref(),
            "--lang".as_ref(),
            lang.as_ref(),
            "--html".as_ref(),
            report.as_os_str(),
        ]));
        assert!(!report.join("maps").exists());
        std::fs::read_to_string(report.join("index.html")).unwrap()
    };
    let stderr = coverage_png("en");
    assert!(
        stderr.contains("no font with Chinese glyphs was found"),
        "{stderr}"
    );
    assert!(stderr.contains("fonts-noto-cjk"), "{stderr}");
    // the HTML report is still written, and says why it has no PNG
    let html = report_of("en");
    assert!(html.contains("No PNG copies of the maps"));
    assert!(html.contains("no font with Chinese glyphs was found in FIRECOVER_FONT_DIR"));
    // in Chinese, the note and the error are Chinese too
    let html = report_of("zh");
    assert!(
        html.contains("未生成地图的 PNG 图片：FIRECOVER_FONT_DIR（"),
        "{html}"
    );
    assert!(html.contains("中没有可显示中文的字体"));
    assert!(!html.contains("no font with Chinese glyphs"));
    let stderr = coverage_png("zh");
    assert!(stderr.contains("中没有可显示中文的字体"), "{stderr}");
}

#[test]
fn the_chinese_report_loads_in_chromium_in_chinese_without_console_errors() {
    let Some(browser) = required_chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = firecover([
        "compare".as_ref(),
        repo("scenarios/liangping-2020.toml").as_os_str(),
        repo("scenarios/liangping-2025-plan.toml").as_os_str(),
        "--replications".as_ref(),
        "10".as_ref(),
        "--lang".as_ref(),
        "zh".as_ref(),
        "--html".as_ref(),
        dir.path().as_os_str(),
    ]);
    succeeded(&out);
    let (dom, console) = load_in_browser(&browser, &dir.path().join("index.html"));
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(dom.contains("<html lang=\"zh-Hans\">"));
    for text in ["结论", "与基准的差异", "覆盖图", "到场时间分布"] {
        assert!(dom.contains(text), "{text} not in the DOM");
    }
    // the page's first font family is installed, so the glyphs are drawn
    // (the PNG test draws them with the same font)
    let fonts = Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output();
    if let Ok(fonts) = fonts {
        let families = String::from_utf8_lossy(&fonts.stdout);
        assert!(
            families.contains("Noto Sans CJK SC") || !required("CJK_FONT"),
            "no Noto Sans CJK SC: {families}"
        );
    }
}
