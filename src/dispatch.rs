//! Who goes: the nearest free units by turnout + travel, per dispatch rule,
//! with fallback kinds. Pure functions of the incident, a read-only view of
//! the fleet and the model's tables; they never touch the clock or the queue.

use crate::ids::{PointId, UnitId};
use crate::model::{Model, RequirementModel};

/// The nearest free unit for one requirement at `point`: by default the
/// nearest free unit of the preferred kind, else of the first fallback kind
/// that has one free; with `nearest_of_any`, the nearest free unit of any
/// listed kind (ties go to the earlier kind).
#[inline]
pub fn nearest_free(
    model: &Model,
    free: &[bool],
    requirement: &RequirementModel,
    point: PointId,
) -> Option<UnitId> {
    let first_free = |kind: u16| {
        model
            .candidates_for(point, kind)
            .iter()
            .find(|&&u| free[u as usize])
            .map(|&u| UnitId(u))
    };
    if !requirement.nearest_of_any {
        return requirement.kinds.iter().find_map(|&kind| first_free(kind));
    }
    let mut best: Option<(f64, UnitId)> = None;
    for &kind in &requirement.kinds {
        if let Some(u) = first_free(kind) {
            let t = response_s(model, u, point);
            if best.is_none_or(|(bt, _)| t < bt) {
                best = Some((t, u));
            }
        }
    }
    best.map(|(_, u)| u)
}

/// Turnout plus travel of a unit to a point, seconds.
#[inline]
pub fn response_s(model: &Model, unit: UnitId, point: PointId) -> f64 {
    model.turnout_s(unit, point) + model.travel_out_s(model.station_of(unit), point)
}

/// Which open requirement of a waiting incident a just-freed `unit` can fill:
/// the first requirement with an open slot that accepts the unit's kind, when
/// the unit can reach the incident and return.
#[inline]
pub fn slot_for_freed_unit(
    model: &Model,
    incident_type: usize,
    point: PointId,
    open_slots: &[u16],
    unit: UnitId,
) -> Option<usize> {
    let kind = model.unit_kind[unit.index()];
    let station = model.station_of(unit);

    if !(model.travel_out_s(station, point).is_finite()
        && model.travel_back_s(station, point).is_finite())
    {
        return None;
    }
    model.types[incident_type]
        .requirements
        .iter()
        .zip(open_slots)
        .position(|(req, &open)| open > 0 && req.kinds.contains(&kind))
}
