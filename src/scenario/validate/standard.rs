//! `[standard]`: the response standard and the limits by setting.

use super::*;

pub(super) fn standard(raw: &RawStandard, p: &mut Problems) -> Standard {
    for (key, value, strict) in [
        ("standard.turnout_s", raw.turnout_s, false),
        ("standard.travel_s", raw.travel_s, true),
    ] {
        if p.number(key, value, 0.0, strict) && value > MAX_STANDARD_S {
            p.error(
                key,
                said!(
                    "check-at-most-a-day",
                    max = MAX_STANDARD_S,
                    value = show(value)
                ),
            );
        }
    }
    for (setting, km2) in &raw.jurisdiction_km2 {
        p.number(
            &join_key("standard.jurisdiction_km2", setting),
            *km2,
            0.0,
            true,
        );
    }
    let mut by_setting = BTreeMap::new();
    for (setting, own) in &raw.by_setting {
        let path = join_key("standard.by_setting", setting);
        let turnout = own.turnout_s.unwrap_or(raw.turnout_s);
        let travel = own.travel_s.unwrap_or(raw.travel_s);
        for (key, value, strict) in [("turnout_s", turnout, false), ("travel_s", travel, true)] {
            let key = join_key(&path, key);
            if p.number(&key, value, 0.0, strict) && value > MAX_STANDARD_S {
                p.error(
                    key,
                    said!(
                        "check-at-most-a-day",
                        max = MAX_STANDARD_S,
                        value = show(value)
                    ),
                );
            }
        }
        by_setting.insert(setting.clone(), (turnout, travel));
    }
    Standard {
        turnout_s: raw.turnout_s,
        travel_s: raw.travel_s,
        jurisdiction_km2: raw.jurisdiction_km2.clone(),
        by_setting,
    }
}
