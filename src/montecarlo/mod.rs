//! Replications over rayon: per-replication random streams, merging in
//! replication order, so results do not depend on the thread count.

pub mod fold;
mod in_order;
pub mod memory;
mod moments;
mod paired;
pub mod shard;
mod summary;
mod tally;

use std::sync::Mutex;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use thiserror::Error;

pub use fold::{Block, Foldable, TreeFold};
pub use moments::{GroupMoments, LockstepMoments, RunMoments};
pub use paired::{GroupPairMoments, PairMoments, PairSpec, PairedMeasure};
pub use summary::{GroupBlock, ResponseBlock, StandardBlock, Summary, TravelBlock, UnitBlock};
pub use tally::{GroupLayout, GroupTally, Histograms, QuantileScratch, ReplicationTally};

use crate::engine::{self, Workspace};
use crate::model::Model;
use crate::scenario::Scenario;
use in_order::InOrder;

/// Random streams each replication owns: `replication * STREAMS + purpose`.
const STREAMS_PER_REPLICATION: u64 = 4;
/// Stream purpose: when, where and which incidents happen.
const DEMAND_STREAM: u64 = 0;
/// Stream purpose: on-scene times.
const SERVICE_STREAM: u64 = 1;
/// Stream of the travel-time noise's key.
const TRAVEL_STREAM: u64 = 2;

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
    /// The run would need more memory than the machine allows.
    #[error(
        "this run needs about {} of memory with {threads} worker thread(s) ({groups} result groups: zones, incident types and settings, each with its own histograms per thread) but {} is available; {}",
        megabytes(*needed), megabytes(*allowed), fit_advice(*fits)
    )]
    TooLarge {
        /// Estimated bytes.
        needed: u64,
        /// Bytes the machine allows.
        allowed: u64,
        /// Worker threads asked for.
        threads: usize,
        /// Groups over all runs.
        groups: usize,
        /// Most threads that fit (0: none).
        fits: usize,
    },
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 10 << 30 {
        format!("{:.0} GB", bytes as f64 / f64::from(1u32 << 30))
    } else {
        format!("{:.0} MB", bytes as f64 / f64::from(1u32 << 20))
    }
}

fn fit_advice(fits: usize) -> String {
    match fits {
        0 => "even one thread does not fit: use fewer zones (demand points' `zone`) or fewer scenarios at once".into(),
        n => format!("--threads {n} fits"),
    }
}

/// The generator the engine draws from: PCG64 (128-bit multiplicative
/// congruential, XSL-RR output; `rand_pcg`, a fixed, documented algorithm
/// that passes BigCrush and PractRand). It costs a multiply per draw where
/// ChaCha8 cost a block function, a tenth of a hypercube replication.
pub type StreamRng = Pcg64Mcg;

/// The generator of one purpose of one replication. Its 128-bit state is
/// drawn from ChaCha8 stream `replication × 4 + purpose` of the seed, whose
/// streams are disjoint, so every (replication, purpose) gets its own
/// state whatever thread asks; two of the at most 2³² × 4 sequences of
/// 2¹²⁶ draws overlap within the ~10⁶ draws of a replication with
/// probability far below 10⁻¹⁵.
pub fn stream(seed: u64, replication: u32, purpose: u64) -> StreamRng {
    let mut key = ChaCha8Rng::seed_from_u64(seed);
    key.set_stream(u64::from(replication) * STREAMS_PER_REPLICATION + purpose);
    // the multiplicative generator needs an odd state
    Pcg64Mcg::new(key.random::<u128>() | 1)
}

/// Runs replication `i` in `ws`: draws its alarms and simulates them.
pub fn simulate_replication(model: &Model, seed: u64, i: u32, ws: &mut Workspace) {
    let mut demand_rng = stream(seed, i, DEMAND_STREAM);
    model
        .demand
        .generate(&mut demand_rng, &mut ws.alarms, &mut ws.alarm_sort);
    let mut service_rng = stream(seed, i, SERVICE_STREAM);
    if model.noisy {
        ws.travel_key = stream(seed, i, TRAVEL_STREAM).random::<u64>();
    }
    engine::run_replication(model, &mut service_rng, ws);
}

/// Most replications per part: each part is simulated in order on one
/// thread and parts are merged in order, so sums do not depend on the
/// thread count.
const PART_MAX: u32 = 32;
/// Parts a run is cut into at least (when it has that many replications),
/// so that a short run of a large model still spreads over the threads.
const PARTS_MIN: u32 = 256;

/// Replications per part: a function of the replication count alone.
fn part_size(replications: u32) -> u32 {
    (replications / PARTS_MIN).clamp(1, PART_MAX)
}
/// Parts a worker may run ahead of the oldest unfinished part, per thread:
/// the bound on finished parts waiting to be merged in order.
const PARTS_PER_THREAD: usize = 4;

/// Replications one after another on one thread, reusing the engine's
/// buffers, a tally to read into and this thread's share of the pooled
/// histograms: once warm, a replication allocates nothing.
#[derive(Debug)]
pub struct Replicator {
    layout: GroupLayout,
    /// The engine's buffers, holding the last replication's records.
    pub ws: Workspace,
    tally: ReplicationTally,
    scratch: QuantileScratch,
    /// Durations of every replication run here.
    pub hist: Histograms,
}

impl Replicator {
    /// Empty buffers for a model laid out as `layout`.
    pub fn new(layout: GroupLayout) -> Replicator {
        Replicator {
            layout,
            ws: Workspace::new(),
            tally: ReplicationTally::new(),
            scratch: QuantileScratch::new(),
            hist: Histograms::new(layout),
        }
    }

    /// Simulates replication `i` of `seed` and tallies it. Never inlined:
    /// the engine is then compiled the same way whatever calls it (its
    /// speed moved by 5 % with unrelated changes to the callers).
    #[inline(never)]
    pub fn replicate(&mut self, model: &Model, seed: u64, i: u32) -> &ReplicationTally {
        simulate_replication(model, seed, i, &mut self.ws);
        self.tally.read_into(
            model,
            self.layout,
            &self.ws,
            &mut self.hist,
            &mut self.scratch,
        );
        &self.tally
    }
}

/// Idle workers; a worker goes back when its rayon job ends. A worker holds
/// one [`Replicator`] per run of a lockstep. The histograms hold integer
/// counts, so however they are shared out among workers, their sum is the
/// same.
struct WorkerPool {
    idle: Mutex<Vec<Vec<Replicator>>>,
    layouts: Vec<GroupLayout>,
}

/// A worker on loan from the pool; it returns on drop.
struct Loan<'p> {
    pool: &'p WorkerPool,
    worker: Option<Vec<Replicator>>,
}

impl WorkerPool {
    fn take(&self) -> Loan<'_> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let worker =
            idle.unwrap_or_else(|| self.layouts.iter().map(|&l| Replicator::new(l)).collect());
        Loan {
            pool: self,
            worker: Some(worker),
        }
    }

    /// The pooled histograms of every worker, per run.
    fn into_histograms(self) -> Vec<Histograms> {
        let mut total: Vec<Histograms> = self.layouts.iter().map(|&l| Histograms::new(l)).collect();
        let workers = self.idle.into_inner().unwrap_or_else(|e| e.into_inner());
        for w in &workers {
            for (t, r) in total.iter_mut().zip(w) {
                t.merge(&r.hist);
            }
        }
        for t in &mut total {
            t.complete();
        }
        total
    }
}

impl Drop for Loan<'_> {
    fn drop(&mut self) {
        // a worker's histograms must reach the total even if another
        // thread panicked while holding the lock
        if let Some(w) = self.worker.take() {
            let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
            idle.push(w);
        }
    }
}

/// A finished run: its summary and what it was built from, which paired
/// comparisons and charts need.
#[derive(Clone, Debug)]
pub struct RunOutput {
    /// The merged result.
    pub summary: Summary,
    /// The streamed per-replication moments the summary was built from
    /// (unpaired comparisons take each side's spread from them).
    pub moments: RunMoments,
    /// One tally per replication, in replication order, when the run was
    /// asked to keep them ([`Keep::Tallies`]); empty otherwise.
    pub tallies: Vec<ReplicationTally>,
    /// Pooled histograms.
    pub hist: Histograms,
    /// Where each group sits in the tallies and histograms.
    pub layout: GroupLayout,
}

/// What a run keeps beyond its streaming accumulators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: memory does not grow with replications.
    Summary,
    /// Also every replication's tally, for checks against the streamed
    /// results (memory grows by a few hundred bytes per group and
    /// replication).
    Tallies,
}

/// Runs all replications and summarises them. `progress` is called once per
/// finished replication, from worker threads.
pub fn run(
    scenario: &Scenario,
    model: &Model,
    options: &RunOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<Summary, RunError> {
    run_detailed(scenario, model, options, Keep::Summary, progress).map(|out| out.summary)
}

/// [`run`], also returning the pooled histograms and, with
/// [`Keep::Tallies`], the per-replication tallies.
pub fn run_detailed(
    scenario: &Scenario,
    model: &Model,
    options: &RunOptions,
    keep: Keep,
    progress: &(dyn Fn() + Sync),
) -> Result<RunOutput, RunError> {
    let mut out = run_lockstep(&[(scenario, model)], &[], options, keep, progress)?;
    Ok(out.runs.remove(0))
}

/// Refuses a run whose estimated memory exceeds what the machine allows.
fn check_memory(
    arms: &[(&Scenario, &Model)],
    pairs: &[PairSpec],
    options: &RunOptions,
) -> Result<(), RunError> {
    let Some(allowed) = memory::allowed() else {
        return Ok(());
    };
    let threads = options.threads.unwrap_or_else(rayon::current_num_threads);
    let models: Vec<&Model> = arms.iter().map(|(_, m)| *m).collect();
    let pair_groups = pairs.iter().map(|p| p.groups.len()).sum();
    let needed = memory::estimate(&models, pair_groups, threads);
    if needed <= memory::usable(allowed) {
        return Ok(());
    }
    Err(RunError::TooLarge {
        needed,
        allowed,
        threads,
        groups: models.iter().map(|m| GroupLayout::of(m).len()).sum(),
        fits: memory::threads_that_fit(&models, pair_groups, allowed),
    })
}

/// Runs made together, replication by replication, and their pairs.
#[derive(Clone, Debug)]
pub struct Lockstep {
    /// Per run, in the order given.
    pub runs: Vec<RunOutput>,
    /// Per [`PairSpec`], in the order given.
    pub pairs: Vec<PairMoments>,
}

/// One part's folded moments (runs and pairs together) and, when kept,
/// its tallies per run.
struct Part {
    blocks: Vec<Block<LockstepMoments>>,
    kept: Vec<Vec<ReplicationTally>>,
}

/// A range of a lockstep's replications, simulated but not yet finished:
/// the blocks of its fold and its pooled histograms. Pieces covering every
/// replication in order finish ([`finish_lockstep`]) exactly as the run in
/// one piece.
#[derive(Debug)]
pub struct LockstepPiece {
    /// The fold's finished blocks, oldest first.
    pub blocks: Vec<Block<LockstepMoments>>,
    /// Pooled histograms per run.
    pub hists: Vec<Histograms>,
    /// Per run, one tally per replication, when kept.
    pub kept: Vec<Vec<ReplicationTally>>,
}

/// Runs every `(scenario, model)` with the same options, in lockstep: each
/// replication of every run is simulated by one worker, one after another,
/// and the pairs in `pairs` accumulate their joint moments from it. Memory
/// does not grow with replications (unless `keep` asks for the tallies);
/// `progress` is called once per replication of each run.
pub fn run_lockstep(
    arms: &[(&Scenario, &Model)],
    pairs: &[PairSpec],
    options: &RunOptions,
    keep: Keep,
    progress: &(dyn Fn() + Sync),
) -> Result<Lockstep, RunError> {
    let piece = run_lockstep_range(
        arms,
        pairs,
        options,
        0..options.replications,
        keep,
        progress,
    )?;
    let mut fold = TreeFold::new();
    for block in piece.blocks {
        if let Err(e) = fold.push(block) {
            unreachable!("a piece's own blocks follow each other: {e}")
        }
    }
    let moments = fold
        .finish()
        .unwrap_or_else(|| LockstepMoments::for_arms(arms, pairs));
    Ok(finish_lockstep(
        arms,
        options,
        moments,
        piece.hists,
        piece.kept,
    ))
}

/// Replications `range` of a lockstep (see [`run_lockstep`]): a shard's
/// share of a run.
pub fn run_lockstep_range(
    arms: &[(&Scenario, &Model)],
    pairs: &[PairSpec],
    options: &RunOptions,
    range: std::ops::Range<u32>,
    keep: Keep,
    progress: &(dyn Fn() + Sync),
) -> Result<LockstepPiece, RunError> {
    let layouts: Vec<GroupLayout> = arms.iter().map(|(_, m)| GroupLayout::of(m)).collect();
    check_memory(arms, pairs, options)?;
    let template = LockstepMoments::for_arms(arms, pairs);
    let pool = WorkerPool {
        idle: Mutex::new(Vec::new()),
        layouts: layouts.clone(),
    };
    // parts are cut from the whole run's replications, whatever the range
    let reps = options.replications;
    let part_len = part_size(reps);
    let first_part = range.start / part_len;
    let parts_end = range.end.div_ceil(part_len);
    let simulate_part = |loan: &mut Loan<'_>, part: u32| -> Part {
        let Some(workers) = loan.worker.as_mut() else {
            unreachable!("a loan holds its worker until dropped")
        };
        let mut fold = TreeFold::new();
        let mut kept = vec![Vec::new(); arms.len()];
        let from = (part * part_len).max(range.start);
        let to = ((part + 1) * part_len).min(range.end);
        for i in from..to {
            for (w, (_, model)) in workers.iter_mut().zip(arms) {
                w.replicate(model, options.seed, i);
                progress();
            }
            let mut acc = fold.leaf(&template);
            for (m, w) in acc.runs.iter_mut().zip(workers.iter()) {
                m.add(&w.tally);
            }
            for p in &mut acc.pairs {
                p.add(|k| &workers[k].tally);
            }
            fold.push_replication(i, acc);
            if keep == Keep::Tallies {
                for (k, w) in kept.iter_mut().zip(workers.iter()) {
                    k.push(w.tally.clone());
                }
            }
        }
        Part {
            blocks: fold.into_blocks(),
            kept,
        }
    };
    let work = || {
        let threads = rayon::current_num_threads();
        let window = (threads * PARTS_PER_THREAD) as u32;
        let sink = (TreeFold::new(), vec![Vec::new(); arms.len()]);
        let merge = InOrder::new(first_part, parts_end, window, sink);
        // merged in replication order as parts finish: sums then do not
        // depend on scheduling, and no thread waits at a batch's end
        let merge_part = |(total, kept): &mut (TreeFold<LockstepMoments>, Vec<Vec<_>>),
                          part: Part| {
            for block in part.blocks {
                if let Err(e) = total.push(block) {
                    unreachable!("parts are merged in order: {e}")
                }
            }
            for (a, b) in kept.iter_mut().zip(part.kept) {
                a.extend(b);
            }
        };
        rayon::scope(|s| {
            for _ in 0..threads {
                s.spawn(|_| {
                    let mut loan = pool.take();
                    while let Some(claim) = merge.claim() {
                        let done = simulate_part(&mut loan, claim.index());
                        claim.deposit(done, merge_part);
                    }
                });
            }
        });
        match merge.into_sink() {
            Some(sink) => sink,
            None => unreachable!("a part left unmerged panics its scope"),
        }
    };
    let (total, kept) = match options.threads {
        Some(threads) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| RunError::Threads { threads, source })?
            .install(work),
        None => work(),
    };
    Ok(LockstepPiece {
        blocks: total.into_blocks(),
        hists: pool.into_histograms(),
        kept,
    })
}

/// The runs and pairs of a lockstep from its folded moments and pooled
/// histograms (per run), as [`run_lockstep`] returns them.
pub fn finish_lockstep(
    arms: &[(&Scenario, &Model)],
    options: &RunOptions,
    moments: LockstepMoments,
    hists: Vec<Histograms>,
    kept: Vec<Vec<ReplicationTally>>,
) -> Lockstep {
    let runs = arms
        .iter()
        .zip(moments.runs)
        .zip(kept)
        .zip(hists)
        .map(|(((&(scenario, model), moments), tallies), hist)| {
            let layout = GroupLayout::of(model);
            RunOutput {
                summary: Summary::build(scenario, options, layout, &moments, &hist),
                moments,
                tallies,
                hist,
                layout,
            }
        })
        .collect();
    Lockstep {
        runs,
        pairs: moments.pairs,
    }
}
