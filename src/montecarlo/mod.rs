//! Replications over rayon: per-replication random streams, merging in
//! replication order, so results do not depend on the thread count.

mod summary;
mod tally;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rayon::prelude::*;
use thiserror::Error;

pub use summary::{GroupBlock, ResponseBlock, StandardBlock, Summary, TravelBlock, UnitBlock};
pub use tally::{
    GroupLayout, GroupTally, Histograms, QuantileScratch, ReplicationTally, nearest_rank_quantile,
};

use crate::engine::{self, Workspace};
use crate::model::Model;
use crate::scenario::Scenario;

/// Random streams each replication owns: `replication * STREAMS + purpose`.
const STREAMS_PER_REPLICATION: u64 = 4;
/// Stream purpose: when, where and which incidents happen.
const DEMAND_STREAM: u64 = 0;
/// Stream purpose: on-scene times.
const SERVICE_STREAM: u64 = 1;

/// How to run.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Number of replications.
    pub replications: u32,
    /// Seed of every stream.
    pub seed: u64,
    /// Worker threads (default: rayon's choice).
    pub threads: Option<usize>,
}

/// A run that could not start.
#[derive(Debug, Error)]
pub enum RunError {
    /// The thread pool could not be built.
    #[error("cannot start {threads} worker threads: {source}")]
    Threads {
        /// Requested threads.
        threads: usize,
        /// Rayon's reason.
        source: rayon::ThreadPoolBuildError,
    },
}

/// The generator of one purpose of one replication.
pub fn stream(seed: u64, replication: u32, purpose: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::from(replication) * STREAMS_PER_REPLICATION + purpose);
    rng
}

/// Runs replication `i` in `ws`: draws its alarms and simulates them.
pub fn simulate_replication(model: &Model, seed: u64, i: u32, ws: &mut Workspace) {
    let mut demand_rng = stream(seed, i, DEMAND_STREAM);
    model.demand.generate(&mut demand_rng, &mut ws.alarms);
    let mut service_rng = stream(seed, i, SERVICE_STREAM);
    engine::run_replication(model, &mut service_rng, ws);
}

/// What one worker accumulates.
struct Accumulator {
    ws: Workspace,
    hist: Histograms,
    scratch: QuantileScratch,
    tallies: Vec<(u32, ReplicationTally)>,
}

/// A finished run: its summary and what it was built from, which paired
/// comparisons and charts need.
#[derive(Clone, Debug)]
pub struct RunOutput {
    /// The merged result.
    pub summary: Summary,
    /// One tally per replication, in replication order.
    pub tallies: Vec<ReplicationTally>,
    /// Pooled histograms.
    pub hist: Histograms,
    /// Where each group sits in the tallies and histograms.
    pub layout: GroupLayout,
}

/// Runs all replications and summarises them. `progress` is called once per
/// finished replication, from worker threads.
pub fn run(
    scenario: &Scenario,
    model: &Model,
    options: &RunOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<Summary, RunError> {
    run_detailed(scenario, model, options, progress).map(|out| out.summary)
}

/// [`run`], keeping the per-replication tallies and pooled histograms.
pub fn run_detailed(
    scenario: &Scenario,
    model: &Model,
    options: &RunOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<RunOutput, RunError> {
    let layout = GroupLayout::of(model);
    let work = || {
        (0..options.replications)
            .into_par_iter()
            .fold(
                || Accumulator {
                    ws: Workspace::new(),
                    hist: Histograms::new(layout),
                    scratch: QuantileScratch::new(),
                    tallies: Vec::new(),
                },
                |mut acc, i| {
                    simulate_replication(model, options.seed, i, &mut acc.ws);
                    let tally = ReplicationTally::read(
                        model,
                        layout,
                        &acc.ws,
                        &mut acc.hist,
                        &mut acc.scratch,
                    );
                    acc.tallies.push((i, tally));
                    progress();
                    acc
                },
            )
            .map(|acc| (acc.hist, acc.tallies))
            .reduce(
                || (Histograms::new(layout), Vec::new()),
                |(mut h1, mut t1), (h2, t2)| {
                    h1.merge(&h2);
                    t1.extend(t2);
                    (h1, t1)
                },
            )
    };
    let (hist, mut tallies) = match options.threads {
        Some(threads) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| RunError::Threads { threads, source })?
            .install(work),
        None => work(),
    };
    // merge in replication order: floating-point sums then do not depend on scheduling
    tallies.sort_by_key(|(i, _)| *i);
    let tallies: Vec<ReplicationTally> = tallies.into_iter().map(|(_, t)| t).collect();
    let summary = Summary::build(scenario, model, options, layout, &tallies, &hist);
    Ok(RunOutput {
        summary,
        tallies,
        hist,
        layout,
    })
}
