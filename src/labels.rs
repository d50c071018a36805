//! Display names, in both report languages, of the scenario itself and of
//! the ids its file chooses: incident types, settings and unit kinds
//! (`[labels]`, and `name = { en = "...", zh = "..." }` in `[scenario]`).
//! Reports show the label of the reader's language; an id without one is
//! shown as it is. Files and JSON keep the ids.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::i18n::Lang;

/// A text in English and in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bilingual {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Bilingual {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// The display names of one scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// The scenario's name in both languages, when the file gives both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Bilingual>,
    /// Its description in both languages, when the file gives both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario_description: Option<Bilingual>,
    /// Incident types, by id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub incident_types: BTreeMap<String, Bilingual>,
    /// Settings (urban, rural...), by id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Bilingual>,
    /// Unit kinds, by id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unit_kinds: BTreeMap<String, Bilingual>,
}

fn look_up<'a>(map: &'a BTreeMap<String, Bilingual>, id: &'a str, lang: Lang) -> &'a str {
    map.get(id).map_or(id, |b| b.get(lang))
}

impl Labels {
    /// The scenario's name in `lang`, else `name` as the file gives it.
    pub fn scenario_name<'a>(&'a self, name: &'a str, lang: Lang) -> &'a str {
        self.scenario.as_ref().map_or(name, |b| b.get(lang))
    }

    /// The scenario's description in `lang`, else `description` as the
    /// file gives it.
    pub fn scenario_description<'a>(&'a self, description: &'a str, lang: Lang) -> &'a str {
        self.scenario_description
            .as_ref()
            .map_or(description, |b| b.get(lang))
    }

    /// An incident type's label in `lang`, else its id.
    pub fn incident_type<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        look_up(&self.incident_types, id, lang)
    }

    /// A setting's label in `lang`, else its id.
    pub fn setting<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        look_up(&self.settings, id, lang)
    }

    /// A unit kind's label in `lang`, else its id.
    pub fn unit_kind<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        look_up(&self.unit_kinds, id, lang)
    }

    /// A result group's label (an incident type or a setting; zones are
    /// named by the data): the first that has one, else the id.
    pub fn group<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        self.incident_types
            .get(id)
            .or_else(|| self.settings.get(id))
            .map_or(id, |b| b.get(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fall_back_to_ids() {
        let mut l = Labels::default();
        l.settings.insert(
            "urban".into(),
            Bilingual {
                en: "urban".into(),
                zh: "城区".into(),
            },
        );
        assert_eq!(l.setting("urban", Lang::Zh), "城区");
        assert_eq!(l.setting("rural", Lang::Zh), "rural");
        assert_eq!(l.group("urban", Lang::Zh), "城区");
        assert_eq!(l.scenario_name("Plan", Lang::Zh), "Plan");
    }
}
