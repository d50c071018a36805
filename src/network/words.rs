//! How a road network's own words read in the report's language: its road
//! classes, and the note the builtin schematic graph carries.

use crate::i18n::Lang;
use crate::tr;

/// Suffix of the builtin graph's slower, more winding mountain classes.
const MOUNTAIN_SUFFIX: &str = "_mountain";

/// A road class in `lang`: the builtin and OpenStreetMap classes by name
/// (`county_mountain` → 县道（山区）), any other class as it is written.
pub fn road_class(class: &str, lang: Lang) -> String {
    match class.strip_suffix(MOUNTAIN_SUFFIX) {
        Some(base) => tr!(
            lang,
            "network-class-mountain",
            class = tr!(lang, "network-class", class = base)
        ),
        None => tr!(lang, "network-class", class = class),
    }
}

/// A network's note in `lang`: the builtin schematic graph's from the
/// catalogue, any other (a file's own) as it is written.
pub fn network_note(note: &str, lang: Lang) -> String {
    if note == super::SCHEMATIC_NOTE {
        lang.t("network-note-schematic")
    } else {
        note.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_the_schematic_note_read_in_either_language() {
        assert_eq!(road_class("county_mountain", Lang::Zh), "县道（山区）");
        assert_eq!(road_class("motorway", Lang::Zh), "高速公路");
        assert_eq!(road_class("my_lane", Lang::Zh), "my_lane");
        assert_eq!(road_class("urban_street", Lang::En), "urban street");
        let note = crate::network::SCHEMATIC_NOTE;
        assert!(network_note(note, Lang::Zh).contains("示意"));
        assert_eq!(network_note(note, Lang::En), note);
        assert_eq!(network_note("a file's note", Lang::Zh), "a file's note");
    }
}
