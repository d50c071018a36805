//! Alarm records (`[demand] mode = "records"`): the rows of a 119 centre's
//! CSV or GeoJSON file, read and checked one by one. Every bad row is an
//! error naming its row and column; none is dropped silently.
//!
//! CSV columns (a header row names them; order is free):
//! `time` (ISO 8601 with a UTC offset, `2019-03-04T21:17:05+08:00`),
//! `type` (an incident type of the scenario), `lon` and `lat` or `place`
//! (a road node id or a township seat of the builtin district), and
//! optionally `id` (unique), `on_scene_min`, `zone` and `setting`.
//! GeoJSON: one Point feature per alarm (or a `place` property instead of
//! the geometry) with the same properties.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};
use geojson::{GeoJson, GeometryValue, JsonValue};

use crate::i18n::Catalogued;
use crate::said;

/// Where an alarm was: a coordinate, or a place named in the file.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordPlace {
    /// Longitude and latitude, degrees.
    Coord(f64, f64),
    /// A road node id or a township seat.
    Named(String),
}

/// One alarm as the file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Row in the file: the line of a CSV (the header is row 1, as a
    /// spreadsheet numbers it), the feature index of GeoJSON.
    pub row: usize,
    /// The file's own id, if it has an `id` column.
    pub id: Option<String>,
    /// When the alarm came in, with the offset it was written with.
    pub time: DateTime<FixedOffset>,
    /// The incident type's name.
    pub incident_type: String,
    /// Where.
    pub place: RecordPlace,
    /// Recorded on-scene minutes, if any.
    pub on_scene_min: Option<f64>,
    /// Reporting zone named in the file.
    pub zone: Option<String>,
    /// Setting named in the file.
    pub setting: Option<String>,
}

/// A bad row (or a bad file): the row, the column and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordError {
    /// Row as [`Record::row`]; 0 for the file as a whole.
    pub row: usize,
    /// The message, naming the column.
    pub message: Catalogued,
}

/// The file format, by extension.
fn is_geojson(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.ends_with(".geojson") || lower.ends_with(".json")
}

/// Parses an ISO 8601 time with a UTC offset (`T` or a space between date
/// and time; `Z` for UTC).
pub fn parse_time(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    DateTime::parse_from_rfc3339(t)
        .or_else(|_| DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%:z"))
        .or_else(|_| DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M%:z"))
        .ok()
}

/// Seconds from the start of the time's own calendar year (midnight of
/// 1 January at the same offset) to the time.
pub fn seconds_into_year(time: &DateTime<FixedOffset>) -> f64 {
    let start = NaiveDate::from_ymd_opt(time.year(), 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| time.offset().from_local_datetime(&d).single());
    match start {
        Some(start) => (time.timestamp() - start.timestamp()) as f64,
        None => f64::NAN,
    }
}

/// Reads the rows of a records file (`file` is its name, for the format).
/// Returns the good rows and every bad one.
pub fn read_records(text: &str, file: &str) -> (Vec<Record>, Vec<RecordError>) {
    if is_geojson(file) {
        read_geojson(text)
    } else {
        read_csv(text)
    }
}

/// The fields of one row, by column name.
trait Row {
    fn text(&self, column: &str) -> Option<String>;
}

/// Checks one row's fields.
fn record(
    row: usize,
    fields: &dyn Row,
    geometry: Option<(f64, f64)>,
) -> Result<Record, RecordError> {
    let fail = |message: Catalogued| RecordError { row, message };
    // no text of a record may carry a control character: an escape
    // sequence in a zone's name would reach the terminal raw
    for column in ["id", "time", "type", "place", "zone", "setting"] {
        if let Some(v) = fields.text(column)
            && v.chars().any(char::is_control)
        {
            return Err(fail(said!(
                "check-record-control",
                column = column,
                value = v.escape_debug().to_string()
            )));
        }
    }
    let id = fields.text("id");
    let time_text = fields
        .text("time")
        .ok_or_else(|| fail(said!("check-record-missing", column = "time")))?;
    let time = parse_time(&time_text)
        .ok_or_else(|| fail(said!("check-record-time", value = time_text)))?;
    let incident_type = fields
        .text("type")
        .ok_or_else(|| fail(said!("check-record-missing", column = "type")))?;
    let number = |column: &'static str| -> Result<Option<f64>, RecordError> {
        match fields.text(column) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| fail(said!("check-record-number", column = column, value = v))),
        }
    };
    let place = match (
        geometry,
        number("lon")?,
        number("lat")?,
        fields.text("place"),
    ) {
        (Some((lon, lat)), _, _, _) | (None, Some(lon), Some(lat), _) => {
            if !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
                return Err(fail(said!("check-record-coordinate", lon = lon, lat = lat)));
            }
            RecordPlace::Coord(lon, lat)
        }
        (None, _, _, Some(place)) => RecordPlace::Named(place),
        (None, _, _, None) => return Err(fail(said!("check-record-no-place"))),
    };
    let on_scene_min = number("on_scene_min")?;
    if let Some(m) = on_scene_min
        && !(m > 0.0 && m <= 24.0 * 60.0)
    {
        return Err(fail(said!("check-record-on-scene", value = m)));
    }
    Ok(Record {
        row,
        id,
        time,
        incident_type,
        place,
        on_scene_min,
        zone: fields.text("zone"),
        setting: fields.text("setting"),
    })
}

struct CsvRow<'a> {
    headers: &'a csv::StringRecord,
    record: &'a csv::StringRecord,
}

impl Row for CsvRow<'_> {
    fn text(&self, column: &str) -> Option<String> {
        let i = self.headers.iter().position(|h| h.trim() == column)?;
        let v = self.record.get(i)?.trim();
        (!v.is_empty()).then(|| v.to_string())
    }
}

fn read_csv(text: &str) -> (Vec<Record>, Vec<RecordError>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return (
                Vec::new(),
                vec![RecordError {
                    row: 1,
                    message: said!("check-record-csv", detail = e),
                }],
            );
        }
    };
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for column in ["time", "type"] {
        if !headers.iter().any(|h| h.trim() == column) {
            bad.push(RecordError {
                row: 1,
                message: said!("check-record-no-column", column = column),
            });
        }
    }
    if !bad.is_empty() {
        return (good, bad);
    }
    for result in reader.records() {
        match result {
            Ok(r) => {
                let row = r.position().map_or(0, |p| p.line() as usize);
                let fields = CsvRow {
                    headers: &headers,
                    record: &r,
                };
                match record(row, &fields, None) {
                    Ok(rec) => good.push(rec),
                    Err(e) => bad.push(e),
                }
            }
            Err(e) => bad.push(RecordError {
                row: e.position().map_or(0, |p| p.line() as usize),
                message: said!("check-record-csv", detail = e),
            }),
        }
    }
    (good, bad)
}

struct JsonRow<'a>(Option<&'a geojson::JsonObject>);

impl Row for JsonRow<'_> {
    fn text(&self, column: &str) -> Option<String> {
        match self.0?.get(column)? {
            JsonValue::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            JsonValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

fn read_geojson(text: &str) -> (Vec<Record>, Vec<RecordError>) {
    let whole = |message| (Vec::new(), vec![RecordError { row: 0, message }]);
    let doc: GeoJson = match text.parse() {
        Ok(d) => d,
        Err(e) => return whole(said!("check-record-geojson", detail = e)),
    };
    let GeoJson::FeatureCollection(c) = doc else {
        return whole(said!(
            "check-record-geojson",
            detail = "not a FeatureCollection"
        ));
    };
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, f) in c.features.iter().enumerate() {
        let geometry = match f.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Point { coordinates }) if coordinates.len() >= 2 => {
                Some((coordinates[0], coordinates[1]))
            }
            None => None,
            Some(_) => {
                bad.push(RecordError {
                    row: i,
                    message: said!("check-record-not-point"),
                });
                continue;
            }
        };
        match record(i, &JsonRow(f.properties.as_ref()), geometry) {
            Ok(r) => good.push(r),
            Err(e) => bad.push(e),
        }
    }
    (good, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_offset_and_count_from_new_year() {
        let t = parse_time("2019-01-01T08:00:30+08:00").unwrap();
        assert_eq!(t.year(), 2019);
        assert_eq!(seconds_into_year(&t), 8.0 * 3600.0 + 30.0);
        let space = parse_time("2019-01-01 08:00:30+08:00").unwrap();
        assert_eq!(space, t);
        assert_eq!(parse_time("2019-01-01T00:00:30Z").unwrap(), t);
        for bad in [
            "2019-13-01T00:00:00+08:00",
            "2019-03-04 21:17",
            "yesterday",
            "2019-03-04",
        ] {
            assert!(parse_time(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn csv_rows_are_checked_and_numbered_as_a_spreadsheet_does() {
        let text = "id,time,type,lon,lat,on_scene_min\n\
                    a,2019-03-04T21:17:05+08:00,fire,107.79,30.67,45\n\
                    b,2019-03-04 21:17,fire,107.79,30.67,\n\
                    c,2019-03-05T01:00:00+08:00,fire,,,\n\
                    d,2019-03-05T01:00:00+08:00,fire,207.79,30.67,\n\
                    e,2019-03-05T01:00:00+08:00,fire,107.79,30.67,-3\n";
        let (good, bad) = read_records(text, "alarms.csv");
        assert_eq!(good.len(), 1);
        assert_eq!(good[0].row, 2);
        assert_eq!(good[0].on_scene_min, Some(45.0));
        let ids: Vec<(usize, &str)> = bad.iter().map(|e| (e.row, e.message.id)).collect();
        assert_eq!(
            ids,
            [
                (3, "check-record-time"),
                (4, "check-record-no-place"),
                (5, "check-record-coordinate"),
                (6, "check-record-on-scene"),
            ]
        );
        let (_, bad) = read_records("when,type\n", "alarms.csv");
        assert_eq!(bad[0].message.id, "check-record-no-column");
    }
}
