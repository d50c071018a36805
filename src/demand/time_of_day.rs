//! When in the week alarms come: a [`WeekProfile`] compiled for sampling.
//!
//! Yearly counts draw each alarm's day (weighted by its day type's total,
//! by rejection), its hour from that day type's alias table and its time
//! uniformly within the hour. Poisson arrivals are thinned: candidates come
//! at the profile's peak rate and each is kept with probability weight ÷
//! peak weight of its hour of the week.

use rand::{Rng, RngExt};

use super::AliasTable;
use crate::scenario::WeekProfile;

/// Seconds in an hour and in a day.
const HOUR_S: f64 = 3_600.0;
const DAY_S: f64 = 86_400.0;

/// One incident type's week profile, ready to sample.
#[derive(Clone, Debug)]
pub struct TimeOfDay {
    /// Normalised weight of each hour of the week (mean 1), Monday first.
    by_hour_of_week: Vec<f64>,
    /// Hours of a weekday [0] and of a weekend day [1].
    hours: [AliasTable; 2],
    /// Total weight of a weekday [0] and a weekend day [1], over the larger.
    day_accept: [f64; 2],
    /// Largest hourly weight (mean 1): the peak rate over the mean.
    peak: f64,
    /// Weekday of simulated day 0 (0 = Monday).
    first_weekday: u32,
}

impl TimeOfDay {
    /// Compiles a profile whose simulated day 0 is `first_weekday`.
    pub fn new(profile: &WeekProfile, first_weekday: u32) -> Result<TimeOfDay, String> {
        let w = &profile.by_hour_of_week;
        let weekday = &w[0..24];
        let weekend = &w[5 * 24..6 * 24];
        let totals = [weekday.iter().sum::<f64>(), weekend.iter().sum::<f64>()];
        let larger = totals[0].max(totals[1]);
        let table = |h: &[f64]| AliasTable::new(h).map_err(|e| format!("hourly profile: {e}"));
        // a day type with no weight at all is never drawn: its table is unused
        let hours_or_flat = |h: &[f64]| {
            if h.iter().sum::<f64>() > 0.0 {
                table(h)
            } else {
                table(&[1.0; 24])
            }
        };
        Ok(TimeOfDay {
            by_hour_of_week: w.clone(),
            hours: [hours_or_flat(weekday)?, hours_or_flat(weekend)?],
            day_accept: [totals[0] / larger, totals[1] / larger],
            peak: w.iter().copied().fold(0.0, f64::max),
            first_weekday,
        })
    }

    /// The peak rate over the mean rate (≥ 1).
    pub fn peak(&self) -> f64 {
        self.peak
    }

    /// 0 for a weekday, 1 for Saturday and Sunday.
    fn day_kind(&self, day: u64) -> usize {
        usize::from((u64::from(self.first_weekday) + day) % 7 >= 5)
    }

    /// A time within the `days` whole days from `start_s` (itself a whole
    /// number of days from simulated day 0), following the profile.
    pub fn time_in<R: Rng + ?Sized>(&self, rng: &mut R, start_s: f64, days: u64) -> f64 {
        let first_day = (start_s / DAY_S).round() as u64;
        loop {
            let d = rng.random_range(0..days);
            let kind = self.day_kind(first_day + d);
            if rng.random::<f64>() < self.day_accept[kind] {
                let h = self.hours[kind].sample(rng) as f64;
                return start_s + d as f64 * DAY_S + (h + rng.random::<f64>()) * HOUR_S;
            }
        }
    }

    /// Whether a candidate at `time_s` from a process at the peak rate is
    /// kept (thinning).
    pub fn keep<R: Rng + ?Sized>(&self, rng: &mut R, time_s: f64) -> bool {
        let hour = (time_s / HOUR_S) as u64;
        let kind_day = (u64::from(self.first_weekday) + hour / 24) % 7;
        let w = self.by_hour_of_week[(kind_day * 24 + hour % 24) as usize];
        rng.random::<f64>() * self.peak < w
    }
}
