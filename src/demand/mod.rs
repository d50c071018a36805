//! Incident generation: when, where and of which type incidents happen, and
//! how long each keeps its units on scene.
//!
//! Everything here is compiled once from the [`Scenario`] and then sampled
//! per replication into a reused buffer, without allocation.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp, Gamma, LogNormal};

use crate::scenario::{DemandMode, SECONDS_PER_YEAR, Scenario, ServiceDist};

mod alias;
mod time_of_day;

pub use alias::{AliasError, AliasTable};
pub use time_of_day::TimeOfDay;

/// The hour of the day (0–23) of a time in seconds from the start of the
/// replication, which starts at midnight.
#[inline]
pub fn hour_of_day(time_s: f64) -> usize {
    ((time_s.rem_euclid(86_400.0) / 3_600.0) as usize).min(23)
}

/// One alarm of a replication.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alarm {
    /// Seconds since the start of the replication.
    pub time_s: f64,
    /// Incident type index.
    pub incident_type: u16,
    /// Demand point index.
    pub point: u32,
    /// Index of the simulated (or replayed) year it falls in.
    pub year: u16,
}

/// On-scene time sampler of one incident type.
#[derive(Clone, Debug)]
pub enum ServiceSampler {
    /// Exponential.
    Exponential(Exp<f64>),
    /// Log-normal.
    LogNormal(LogNormal<f64>),
    /// Gamma.
    Gamma(Gamma<f64>),
    /// Constant.
    Fixed(f64),
    /// Piecewise-linear inverse CDF.
    Empirical {
        /// Probabilities, increasing from 0 to 1.
        p: Vec<f64>,
        /// Seconds at those probabilities.
        s: Vec<f64>,
    },
}

impl ServiceSampler {
    /// Builds the sampler of a validated distribution.
    pub fn new(dist: &ServiceDist) -> Result<ServiceSampler, String> {
        Ok(match dist {
            ServiceDist::Exponential { mean_s } => {
                ServiceSampler::Exponential(Exp::new(1.0 / mean_s).map_err(|e| e.to_string())?)
            }
            ServiceDist::LogNormal { mean_s, sd_s } => ServiceSampler::LogNormal(
                LogNormal::from_mean_cv(*mean_s, sd_s / mean_s).map_err(|e| e.to_string())?,
            ),
            ServiceDist::Gamma { mean_s, sd_s } => {
                let shape = (mean_s / sd_s).powi(2);
                let scale = sd_s * sd_s / mean_s;
                ServiceSampler::Gamma(Gamma::new(shape, scale).map_err(|e| e.to_string())?)
            }
            ServiceDist::Fixed { value_s } => ServiceSampler::Fixed(*value_s),
            ServiceDist::Empirical { quantiles } => ServiceSampler::Empirical {
                p: quantiles.iter().map(|q| q.0).collect(),
                s: quantiles.iter().map(|q| q.1).collect(),
            },
        })
    }

    /// Draws one on-scene time, seconds.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            ServiceSampler::Exponential(d) => d.sample(rng),
            ServiceSampler::LogNormal(d) => d.sample(rng),
            ServiceSampler::Gamma(d) => d.sample(rng),
            ServiceSampler::Fixed(v) => *v,
            ServiceSampler::Empirical { p, s } => {
                let u: f64 = rng.random();
                inverse_cdf(p, s, u)
            }
        }
    }
}

/// The order alarms are sorted in: time (non-negative times order like
/// their bits), then type and place for equal times (probability zero).
#[inline]
fn sort_key(a: &Alarm) -> (u64, u64) {
    (
        a.time_s.to_bits(),
        (u64::from(a.incident_type) << 32) | u64::from(a.point),
    )
}

/// Reusable buffers of the bucket sort of replayed alarms.
#[derive(Clone, Debug, Default)]
pub struct AlarmSort {
    copy: Vec<Alarm>,
    /// Per alarm of the block, its bucket.
    buckets: Vec<u32>,
    starts: Vec<u32>,
}

impl AlarmSort {
    /// Sorts alarms whose times are uniform over `[start, start + length)`:
    /// scattered into as many equal-width buckets as there are alarms
    /// (bucket order is time order), then an insertion sort finishes
    /// within buckets, which hold about one alarm each. The result is the
    /// order of [`sort_key`], as a comparison sort would give.
    pub fn sort_uniform(&mut self, block: &mut [Alarm], start: f64, length: f64) {
        let n = block.len();
        if n < 2 {
            return;
        }
        let scale = n as f64 / length;
        if !scale.is_finite() || scale <= 0.0 {
            block.sort_unstable_by_key(sort_key);
            return;
        }
        // monotone in time: each floating-point step is
        let bucket = |a: &Alarm| (((a.time_s - start) * scale).max(0.0) as usize).min(n - 1);
        self.buckets.clear();
        self.buckets.extend(block.iter().map(|a| bucket(a) as u32));
        self.starts.clear();
        self.starts.resize(n + 1, 0);
        for &b in &self.buckets {
            self.starts[b as usize + 1] += 1;
        }
        for b in 1..=n {
            self.starts[b] += self.starts[b - 1];
        }
        self.copy.clear();
        self.copy.extend_from_slice(block);
        for (a, &b) in self.copy.iter().zip(&self.buckets) {
            let slot = &mut self.starts[b as usize];
            block[*slot as usize] = *a;
            *slot += 1;
        }
        // insertion: each alarm moves down past the few later ones before it
        for i in 1..n {
            let alarm = block[i];
            let key = sort_key(&alarm);
            let mut j = i;
            while j > 0 && key < sort_key(&block[j - 1]) {
                block[j] = block[j - 1];
                j -= 1;
            }
            block[j] = alarm;
        }
    }
}

/// Linear interpolation in a quantile table at probability `u`.
fn inverse_cdf(p: &[f64], s: &[f64], u: f64) -> f64 {
    let i = p.partition_point(|&x| x <= u).clamp(1, p.len() - 1);
    let (p0, p1, s0, s1) = (p[i - 1], p[i], s[i - 1], s[i]);
    s0 + (s1 - s0) * (u - p0) / (p1 - p0)
}

/// How many incidents of each type, and when.
#[derive(Clone, Debug)]
enum Arrivals {
    Poisson {
        gap: Exp<f64>,
        /// Incident types by rate; `None` with a single type (no draw).
        types: Option<AliasTable>,
        horizon_s: f64,
    },
    Replay {
        /// (start, length, counts by type) per year.
        years: Vec<(f64, f64, Vec<u32>)>,
    },
    Records {
        /// Every recorded alarm in time order, timed from the first year's start.
        alarms: Vec<Alarm>,
        /// Per year: its start, its length and the range of its alarms.
        years: Vec<(f64, f64, std::ops::Range<usize>)>,
        /// Each replication draws its years with replacement.
        bootstrap_years: bool,
        /// Per point: how many points, from it on, a record standing there
        /// may move to (`jitter_m`); empty without jitter.
        alternatives: Vec<u16>,
    },
}

/// Moves each recorded alarm to one of its place's alternatives (none
/// without jitter: `alternatives` is empty).
fn jitter<R: Rng + ?Sized>(alarms: &mut [Alarm], alternatives: &[u16], rng: &mut R) {
    if alternatives.is_empty() {
        return;
    }
    for a in alarms {
        let k = alternatives[a.point as usize];
        if k > 1 {
            a.point += rng.random_range(0..u32::from(k));
        }
    }
}

/// The compiled demand model of a scenario.
#[derive(Clone, Debug)]
pub struct DemandModel {
    arrivals: Arrivals,
    /// Where incidents happen, one table per incident type (the tables
    /// differ only when the scenario splits types between settings).
    points: Vec<AliasTable>,
    /// Mean alarms per replication.
    expected_alarms: f64,
    /// Per incident type, when in the week its alarms come (`None`:
    /// uniformly); empty without `[demand.profile]`.
    time_of_day: Vec<Option<TimeOfDay>>,
    /// With speed windows: per hour of the day, the offset of the window's
    /// copy of the points in the model's tables (`w * point count`); empty
    /// without.
    window_offset_by_hour: Vec<u32>,
}

impl DemandModel {
    /// Compiles the scenario's demand. Fails only on weights the validator
    /// would have rejected.
    pub fn new(scenario: &Scenario) -> Result<DemandModel, String> {
        let records = matches!(scenario.demand.mode, DemandMode::Records { .. });
        // recorded alarms carry their own places: no table to draw from
        let point_types = if records {
            0
        } else {
            scenario.incident_types.len()
        };
        let points = (0..point_types)
            .map(|t| {
                AliasTable::new(&scenario.demand.weights_for(t)).map_err(|e| {
                    format!(
                        "demand point weights of `{}`: {e}",
                        scenario.incident_types[t].name
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let time_of_day: Vec<Option<TimeOfDay>> = scenario
            .demand
            .profiles
            .iter()
            .map(|p| {
                p.as_ref()
                    .map(|p| TimeOfDay::new(p, scenario.demand.first_weekday))
                    .transpose()
            })
            .collect::<Result<_, _>>()?;
        let arrivals = match &scenario.demand.mode {
            DemandMode::Poisson { per_year } => {
                // with profiles, candidates come at each type's peak rate
                // and are thinned back to its hour's rate
                let candidate_rates: Vec<f64> = per_year
                    .iter()
                    .enumerate()
                    .map(|(t, r)| {
                        let peak = time_of_day
                            .get(t)
                            .and_then(Option::as_ref)
                            .map_or(1.0, TimeOfDay::peak);
                        r * peak
                    })
                    .collect();
                let total: f64 = candidate_rates.iter().sum();
                Arrivals::Poisson {
                    gap: Exp::new(total / SECONDS_PER_YEAR).map_err(|e| e.to_string())?,
                    types: match per_year.len() {
                        1 => None,
                        _ => Some(
                            AliasTable::new(&candidate_rates)
                                .map_err(|e| format!("incident rates: {e}"))?,
                        ),
                    },
                    horizon_s: scenario.horizon_s(),
                }
            }
            DemandMode::Replay { years } => {
                let mut start = 0.0;
                let mut out = Vec::with_capacity(years.len());
                for y in years {
                    out.push((start, y.length_s(), y.counts.clone()));
                    start += y.length_s();
                }
                Arrivals::Replay { years: out }
            }
            DemandMode::Records {
                years,
                alarms,
                bootstrap_years,
                ..
            } => {
                let mut starts = Vec::with_capacity(years.len());
                let mut start = 0.0;
                for y in years {
                    starts.push((start, y.length_s()));
                    start += y.length_s();
                }
                let timed: Vec<Alarm> = alarms
                    .iter()
                    .map(|a| Alarm {
                        time_s: starts[a.year as usize].0 + a.seconds_into_year,
                        incident_type: a.incident_type,
                        point: a.point,
                        year: a.year,
                    })
                    .collect();
                let mut out = Vec::with_capacity(years.len());
                let mut first = 0;
                for (y, &(start, length)) in starts.iter().enumerate() {
                    let end = first + timed[first..].partition_point(|a| usize::from(a.year) == y);
                    out.push((start, length, first..end));
                    first = end;
                }
                let mut alternatives = Vec::new();
                if alarms.iter().any(|a| a.alternatives > 1) {
                    alternatives = vec![1; scenario.demand.points.len()];
                    for a in alarms {
                        alternatives[a.point as usize] = a.alternatives;
                    }
                }
                Arrivals::Records {
                    alarms: timed,
                    years: out,
                    bootstrap_years: *bootstrap_years,
                    alternatives,
                }
            }
        };
        let expected_alarms = match &scenario.demand.mode {
            DemandMode::Poisson { per_year } => {
                per_year.iter().sum::<f64>() * scenario.horizon_s() / SECONDS_PER_YEAR
            }
            DemandMode::Replay { years } => years
                .iter()
                .flat_map(|y| y.counts.iter())
                .map(|&c| f64::from(c))
                .sum(),
            DemandMode::Records { alarms, .. } => alarms.len() as f64,
        };
        let days = scenario.day_windows();
        let mut window_offset_by_hour = Vec::new();
        if days.windows.len() > 1 {
            let points = scenario.demand.points.len() as u32;
            window_offset_by_hour = days
                .of_hour
                .iter()
                .map(|&w| u32::from(w) * points)
                .collect();
        }
        Ok(DemandModel {
            arrivals,
            points,
            expected_alarms,
            time_of_day,
            window_offset_by_hour,
        })
    }

    /// Mean number of alarms in one replication.
    pub fn expected_alarms(&self) -> f64 {
        self.expected_alarms
    }

    /// Draws one replication's alarms into `out`, sorted by time; `scratch`
    /// holds the sort's buffers between replications.
    pub fn generate<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        out: &mut Vec<Alarm>,
        scratch: &mut AlarmSort,
    ) {
        out.clear();
        match &self.arrivals {
            Arrivals::Poisson {
                gap,
                types,
                horizon_s,
            } => {
                let mut t = 0.0;
                loop {
                    t += gap.sample(rng);
                    if t >= *horizon_s {
                        break;
                    }
                    let incident_type = types.as_ref().map_or(0, |types| types.sample(rng));
                    if let Some(Some(profile)) = self.time_of_day.get(incident_type)
                        && !profile.keep(rng, t)
                    {
                        continue;
                    }
                    out.push(Alarm {
                        time_s: t,
                        incident_type: incident_type as u16,
                        point: self.points[incident_type].sample(rng) as u32,
                        year: (t / SECONDS_PER_YEAR) as u16,
                    });
                }
            }
            Arrivals::Replay { years } => {
                for (y, (start, length, counts)) in years.iter().enumerate() {
                    let first = out.len();
                    for (incident_type, &n) in counts.iter().enumerate() {
                        let points = &self.points[incident_type];
                        let profile = self.time_of_day.get(incident_type).and_then(Option::as_ref);
                        let days = (length / 86_400.0).round() as u64;
                        for _ in 0..n {
                            let time_s = match profile {
                                Some(p) => p.time_in(rng, *start, days),
                                None => start + rng.random::<f64>() * length,
                            };
                            out.push(Alarm {
                                time_s,
                                incident_type: incident_type as u16,
                                point: points.sample(rng) as u32,
                                year: y as u16,
                            });
                        }
                    }
                    // years follow each other: sorting each year's block sorts all
                    scratch.sort_uniform(&mut out[first..], *start, *length);
                }
            }
            Arrivals::Records {
                alarms,
                bootstrap_years: false,
                alternatives,
                ..
            } => {
                out.extend_from_slice(alarms);
                jitter(out, alternatives, rng);
            }
            Arrivals::Records {
                alarms,
                years,
                bootstrap_years: true,
                alternatives,
            } => {
                for (target, &(start, length, _)) in years.iter().enumerate() {
                    let (from, _, ref range) = years[rng.random_range(0..years.len())];
                    // a leap year's last day drawn into a shorter year ends
                    // on its last instant, so times stay in order
                    let last = f64::from_bits(length.to_bits() - 1);
                    out.extend(alarms[range.clone()].iter().map(|a| Alarm {
                        time_s: start + (a.time_s - from).min(last),
                        year: target as u16,
                        ..*a
                    }));
                }
                jitter(out, alternatives, rng);
            }
        }
        // the window of the day (speeds, crewing) at each alarm picks its
        // copy of the model's tables
        if !self.window_offset_by_hour.is_empty() {
            for a in out.iter_mut() {
                a.point += self.window_offset_by_hour[hour_of_day(a.time_s)];
            }
        }
    }

    /// Number of calendar (or simulated) years the alarms are spread over.
    pub fn year_count(&self) -> usize {
        match &self.arrivals {
            Arrivals::Poisson { horizon_s, .. } => {
                (horizon_s / SECONDS_PER_YEAR).ceil().max(1.0) as usize
            }
            Arrivals::Replay { years } => years.len(),
            Arrivals::Records { years, .. } => years.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn bucket_sort_equals_a_comparison_sort() {
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(5);
        let mut scratch = AlarmSort::default();
        for n in [0usize, 1, 2, 3, 17, 907, 5000] {
            let (start, length) = (1000.0, 31_536_000.0);
            let mut block: Vec<Alarm> = (0..n)
                .map(|k| Alarm {
                    time_s: start + rng.random::<f64>() * length,
                    incident_type: (k % 3) as u16,
                    point: (k % 7) as u32,
                    year: 0,
                })
                .collect();
            // a few exact ties, and the ends of the range
            if n > 10 {
                block[3].time_s = block[4].time_s;
                block[5].time_s = start;
                block[6].time_s = start + length;
            }
            let mut expected = block.clone();
            expected.sort_unstable_by_key(sort_key);
            scratch.sort_uniform(&mut block, start, length);
            assert_eq!(block, expected, "n = {n}");
        }
        // a year of no length cannot be bucketed: the comparison sort takes over
        let mut block: Vec<Alarm> = [3u32, 1, 2]
            .iter()
            .map(|&p| Alarm {
                time_s: 50.0,
                incident_type: 0,
                point: p,
                year: 0,
            })
            .collect();
        scratch.sort_uniform(&mut block, 50.0, 0.0);
        let points: Vec<u32> = block.iter().map(|a| a.point).collect();
        assert_eq!(points, [1, 2, 3]);
    }

    #[test]
    fn empirical_inverse_cdf_interpolates() {
        let p = [0.0, 0.5, 1.0];
        let s = [0.0, 100.0, 300.0];
        assert_eq!(inverse_cdf(&p, &s, 0.0), 0.0);
        assert_eq!(inverse_cdf(&p, &s, 0.25), 50.0);
        assert_eq!(inverse_cdf(&p, &s, 0.75), 200.0);
        assert!((inverse_cdf(&p, &s, 0.999_999) - 300.0).abs() < 1e-3);
    }

    #[test]
    fn sampler_means_match_parameters() {
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        for dist in [
            ServiceDist::Exponential { mean_s: 2700.0 },
            ServiceDist::LogNormal {
                mean_s: 3000.0,
                sd_s: 2400.0,
            },
            ServiceDist::Gamma {
                mean_s: 1800.0,
                sd_s: 600.0,
            },
            ServiceDist::Empirical {
                quantiles: vec![(0.0, 600.0), (0.5, 1800.0), (1.0, 7200.0)],
            },
        ] {
            let s = ServiceSampler::new(&dist).unwrap();
            let n = 200_000;
            let mean = (0..n).map(|_| s.sample(&mut rng)).sum::<f64>() / n as f64;
            let expected = match dist {
                ServiceDist::Exponential { mean_s }
                | ServiceDist::LogNormal { mean_s, .. }
                | ServiceDist::Gamma { mean_s, .. } => mean_s,
                // trapezoids of the quantile table: 0.5 × 1200 + 0.5 × 4500
                _ => 2850.0,
            };
            assert!(
                (mean / expected - 1.0).abs() < 0.02,
                "{dist:?}: {mean} vs {expected}"
            );
        }
    }
}
