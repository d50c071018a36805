//! `[simulation]`: years, replications, seed and what happens when all units are busy.

use super::*;

pub(super) fn simulation(raw: &RawSimulation, demand: &RawDemand, p: &mut Problems) -> Simulation {
    let years = match (demand.mode, raw.years) {
        (RawDemandMode::Poisson, Some(y)) => {
            if p.number("simulation.years", y, 0.0, true) && y > MAX_YEARS {
                p.error(
                    "simulation.years",
                    said!("check-years-max", max = MAX_YEARS, value = y),
                );
            }
            y
        }
        (RawDemandMode::Poisson, None) => {
            p.error("simulation", said!("check-poisson-needs-years"));
            0.0
        }
        (RawDemandMode::Counts | RawDemandMode::Replay | RawDemandMode::Records, Some(_)) => {
            p.warn("simulation.years", said!("check-years-ignored"));
            0.0
        }
        (RawDemandMode::Counts | RawDemandMode::Replay | RawDemandMode::Records, None) => 0.0,
    };
    let replications = match u32::try_from(raw.replications) {
        Ok(n) if n >= 1 => n,
        _ => {
            p.error(
                "simulation.replications",
                said!(
                    "check-count-range",
                    min = 1,
                    max = u32::MAX,
                    value = raw.replications
                ),
            );
            1
        }
    };
    let when_all_busy = match &raw.when_all_busy {
        None | Some(RawWhenBusy::Keyword(RawBusyKeyword::Queue)) => WhenAllBusy::Queue,
        Some(RawWhenBusy::MutualAid(m)) => {
            p.number(
                "simulation.when_all_busy.mutual_aid_delay_s",
                m.mutual_aid_delay_s,
                0.0,
                false,
            );
            WhenAllBusy::MutualAid {
                delay_s: m.mutual_aid_delay_s,
            }
        }
    };
    let travel_cv = raw.travel_cv.map_or(0.0, |cv| {
        coefficient_of_variation("simulation.travel_cv", cv, p)
    });
    Simulation {
        years,
        replications,
        seed: raw.seed,
        when_all_busy,
        travel_cv,
        travel_cv_by_class: Vec::new(),
        speed_windows: Vec::new(),
    }
}
