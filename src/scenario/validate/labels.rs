//! `[scenario]` names and descriptions in both languages, and `[labels]`: display names of the file's ids.

use super::*;

/// A text of the file as the scenario keeps it (the English of a
/// bilingual one) and its bilingual form; an empty one is an error.
pub(super) fn text_of(
    text: &RawText,
    path: &str,
    p: &mut Problems,
) -> (String, Option<crate::labels::Bilingual>) {
    match text {
        RawText::Plain(s) => {
            if s.trim().is_empty() {
                p.error(path, said!("check-empty"));
            }
            (s.clone(), None)
        }
        RawText::Both(b) => {
            for (lang, s) in [("en", &b.en), ("zh", &b.zh)] {
                if s.trim().is_empty() {
                    p.error(format!("{path}.{lang}"), said!("check-empty"));
                }
            }
            (
                b.en.clone(),
                Some(crate::labels::Bilingual {
                    en: b.en.clone(),
                    zh: b.zh.clone(),
                }),
            )
        }
    }
}

/// `[labels]`: each id it names must be one of the file's (incident
/// types, settings, unit kinds), each label non-empty.
pub(super) fn labels(
    raw: Option<&RawLabels>,
    scenario: Option<crate::labels::Bilingual>,
    incident_types: &[IncidentType],
    unit_kinds: &[String],
    settings: &[String],
    p: &mut Problems,
) -> crate::labels::Labels {
    let mut out = crate::labels::Labels {
        scenario,
        ..Default::default()
    };
    let Some(raw) = raw else {
        return out;
    };
    let types: Vec<String> = incident_types.iter().map(|t| t.name.clone()).collect();
    let tables = [
        (
            "incident_types",
            &raw.incident_types,
            &types[..],
            &mut out.incident_types,
        ),
        ("settings", &raw.settings, settings, &mut out.settings),
        (
            "unit_kinds",
            &raw.unit_kinds,
            unit_kinds,
            &mut out.unit_kinds,
        ),
    ];
    for (table, given, known, labels) in tables {
        for (id, b) in given {
            let path = format!("labels.{table}.{id}");
            if !known.contains(id) {
                p.error(
                    path.clone(),
                    said!(
                        "check-label-unknown-id",
                        id = id.as_str(),
                        known = known.join(", ")
                    ),
                );
                continue;
            }
            for (lang, s) in [("en", &b.en), ("zh", &b.zh)] {
                if s.trim().is_empty() {
                    p.error(format!("{path}.{lang}"), said!("check-empty"));
                }
            }
            labels.insert(
                id.clone(),
                crate::labels::Bilingual {
                    en: b.en.clone(),
                    zh: b.zh.clone(),
                },
            );
        }
    }
    out
}
