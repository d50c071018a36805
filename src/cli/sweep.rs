//! `firecover sweep`: a scenario over variations of its assumptions, with
//! common random numbers, and which assumption moves the result most.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use firecover::atomic_file::OutputSet;
use firecover::compare::{Arm, compare_pair, pair_spec};
use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::montecarlo::{self, Keep, PairSpec, RunOutput};
use firecover::scenario::{Diagnostics, Document, Scenario};
use firecover::sweep::{self, Point, ReportNames, SweepError, Variation};
use firecover::tr;

use super::run::Sampling;
use super::{EXIT_BAD_INPUT, Progress, load, print_diagnostics};

/// Varied runs simulated together, in lockstep with the scenario as written.
const RUNS_PER_BATCH: usize = 8;

#[derive(Args)]
pub struct SweepArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// What to vary: KEY=LO..HI[:STEPS] (STEPS evenly spaced values, 3 by
    /// default; one step: LO), KEY=V1,V2,... or station.ID.site=RADIUS_M (the
    /// station moved to the farthest road node within the radius in each of
    /// eight directions). KEY is a path into the scenario after `extends`,
    /// e.g. network.speeds.urban_street, stations.fulu.turnout_s or
    /// stations[2].turnout_s. Repeat for more keys.
    #[arg(long = "vary", required = true, value_name = "KEY=VALUES")]
    pub vary: Vec<String>,
    /// Every combination of the values, instead of one key at a time.
    #[arg(long)]
    pub grid: bool,
    /// Compare every run with this baseline scenario varied the same way
    /// (keys it lacks stay as they are): how the plan's gain holds up.
    #[arg(long, value_name = "BASELINE")]
    pub against: Option<PathBuf>,
    /// Rank by the share within the standard of this setting (e.g. urban)
    /// instead of all alarms.
    #[arg(long, value_name = "SETTING")]
    pub setting: Option<String>,
    /// Replications of every run (default: the scenario's); at least 2.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
    pub replications: Option<u32>,
    #[command(flatten)]
    pub sampling: Sampling,
    /// Also write the sweep as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the sweep's HTML page (tornado chart and every run) into this
    /// folder (new, empty, or an earlier one, which it replaces whole).
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
    /// Simulate only shard K of N of every run's replications and write a
    /// partial result for `firecover merge`; see `run --shard`.
    #[command(flatten)]
    pub sharding: super::shard::Sharding,
}

/// Parses `sweep` arguments as a shard recorded them, for its merge.
#[derive(clap::Parser)]
#[command(name = "firecover-sweep")]
struct SweepCommandLine {
    #[command(flatten)]
    sweep: SweepArgs,
}

/// `firecover merge` of the parts of a sharded sweep: the sweep set up
/// again from its recorded arguments, each batch of runs merged from the
/// parts, and the reports `outputs` asks for.
pub fn sweep_merged(
    merged: super::shard::Merged<'_>,
    outputs: &super::run::Outputs,
    lang: Option<Lang>,
) -> anyhow::Result<ExitCode> {
    let mut args = match merged.recorded_command::<SweepCommandLine>("sweep", lang) {
        Ok(c) => c.sweep,
        Err(code) => return Ok(code),
    };
    args.sharding.shard = None;
    args.sharding.part = None;
    args.json = outputs.json.clone();
    args.html = outputs.html.clone();
    sweep_with(&args, lang, Mode::Merge(merged))
}

/// How the sweep's runs are simulated.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// All here.
    Simulate,
    /// One shard's replications of every run, into a part.
    Shard(firecover::montecarlo::shard::Shard),
    /// Merged from the parts.
    Merge(super::shard::Merged<'a>),
}

/// A bad `--vary` or `--setting`: the message, exit 2.
fn refuse(e: &SweepError, lang: Lang) -> ExitCode {
    note!("{}", tr!(lang, "check-error", message = e.message(lang)));
    ExitCode::from(EXIT_BAD_INPUT)
}

/// A varied document that does not validate: which run, every problem.
fn refuse_run(variations: &[Variation], point: &Point, d: &Diagnostics, lang: Lang) -> ExitCode {
    note!(
        "{}",
        tr!(
            lang,
            "sweep-err-variation",
            settings = describe(variations, point)
        )
    );
    print_diagnostics(d, lang);
    ExitCode::from(EXIT_BAD_INPUT)
}

fn describe(variations: &[Variation], point: &Point) -> String {
    variations
        .iter()
        .zip(point)
        .filter_map(|(v, c)| c.map(|s| format!("{} = {}", v.key, v.settings[s].label)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a scenario file as a document (after `extends`), printing its
/// problems.
fn document(path: &std::path::Path, lang: Lang) -> Result<Document, ExitCode> {
    Document::load(path).map_err(|problems| {
        print_diagnostics(&Diagnostics(problems), lang);
        ExitCode::from(EXIT_BAD_INPUT)
    })
}

/// A varied document, validated. A key the file left at its default must
/// now be read: one the format has elsewhere but not here is refused.
fn validated(
    doc: &Document,
    variations: &[Variation],
    point: &Point,
    lenient: bool,
    cache: &mut sweep::Regenerated,
    lang: Lang,
) -> Result<Scenario, ExitCode> {
    let (varied, _) =
        sweep::apply(doc, variations, point, lenient, cache).map_err(|e| match e {
            sweep::ApplyError::Key(source) => refuse(
                &SweepError::Key {
                    spec: describe(variations, point),
                    source,
                },
                lang,
            ),
            sweep::ApplyError::Builtin(reason) => {
                note!(
                    "{}",
                    tr!(
                        lang,
                        "sweep-err-regenerate",
                        settings = describe(variations, point),
                        reason = reason.to_string()
                    )
                );
                ExitCode::from(EXIT_BAD_INPUT)
            }
        })?;
    match Scenario::from_document(&varied) {
        Ok((s, warnings)) => {
            let unread: Vec<_> = warnings
                .0
                .iter()
                .filter(|w| {
                    w.catalogued
                        .as_ref()
                        .is_some_and(|c| c.id.starts_with("check-unknown-key"))
                })
                .cloned()
                .collect();
            if unread.is_empty() {
                Ok(s)
            } else {
                Err(refuse_run(variations, point, &Diagnostics(unread), lang))
            }
        }
        Err(problems) => Err(refuse_run(variations, point, &problems, lang)),
    }
}

pub fn sweep(args: &SweepArgs, flag: Option<Lang>) -> anyhow::Result<ExitCode> {
    sweep_with(args, flag, Mode::Simulate)
}

fn sweep_with(args: &SweepArgs, flag: Option<Lang>, mode: Mode<'_>) -> anyhow::Result<ExitCode> {
    if let Err(code) = super::check_outputs(
        &[args.json.as_deref()],
        &[args.html.as_deref()],
        super::language(flag, None),
    ) {
        return Ok(code);
    }
    let scenario = match load(&args.scenario, flag) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let lang = super::language(flag, Some(&scenario));
    let mut specs = Vec::new();
    for text in &args.vary {
        match sweep::parse_vary(text) {
            Ok(spec) => specs.push((text.clone(), spec)),
            Err(e) => return Ok(refuse(&e, lang)),
        }
    }
    let doc = match document(&args.scenario, lang) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let variations = match sweep::resolve(&specs, &doc, &scenario, lang) {
        Ok(v) => v,
        Err(e) => return Ok(refuse(&e, lang)),
    };
    if let Some(k) = &args.setting
        && !scenario.demand.settings.contains(k)
    {
        let e = SweepError::Setting {
            setting: k.clone(),
            known: scenario.demand.settings.join(", "),
        };
        return Ok(refuse(&e, lang));
    }
    let points = match sweep::points(&variations, args.grid) {
        Ok(p) => p,
        Err(e) => return Ok(refuse(&e, lang)),
    };
    let against = match &args.against {
        Some(path) => match (load(path, flag), document(path, lang)) {
            (Ok(s), Ok(d)) => Some((s, d)),
            (Err(code), _) | (_, Err(code)) => return Ok(code),
        },
        None => None,
    };
    let not_in_against: Vec<String> = match &against {
        Some((_, d)) => variations
            .iter()
            .filter(|v| !sweep::applies_to(d, v))
            .map(|v| v.key.clone())
            .collect(),
        None => Vec::new(),
    };
    // every run's scenario, validated before any simulation
    let mut runs: Vec<(Scenario, Option<Scenario>)> = Vec::with_capacity(points.len());
    let mut regenerated = sweep::Regenerated::default();
    for point in &points {
        let s = match validated(&doc, &variations, point, false, &mut regenerated, lang) {
            Ok(s) => s,
            Err(code) => return Ok(code),
        };
        let a = match &against {
            Some((_, d)) => match validated(d, &variations, point, true, &mut regenerated, lang) {
                Ok(a) => Some(a),
                Err(code) => return Ok(code),
            },
            None => None,
        };
        runs.push((s, a));
    }
    let mut options = args.sampling.options(args.replications, &scenario);
    options.replications = options.replications.max(2);
    let paths: Vec<PathBuf> = std::iter::once(args.scenario.clone())
        .chain(args.against.clone())
        .collect();
    let mut mode = mode;
    let wants_reports = args.json.is_some() || args.html.is_some();
    match args
        .sharding
        .shard(&args.scenario, options.replications, wants_reports, lang)
    {
        Ok(Some(shard)) => mode = Mode::Shard(shard),
        Ok(None) => {}
        Err(code) => return Ok(code),
    }
    if let Mode::Merge(merged) = mode {
        match merged.changed_scenario(&paths, lang) {
            Ok(None) => {}
            Ok(Some(path)) => {
                let changed = firecover::montecarlo::shard::ShardError::Changed { path };
                return Ok(super::shard::refuse(&changed, lang));
            }
            Err(code) => return Ok(code),
        }
        let h = &merged.headers[0].1;
        options.replications = h.replications;
        options.seed = h.seed;
    }
    let mut shard_parts = Vec::new();
    let compile = |s: &Scenario| {
        Model::compile(s).with_context(|| format!("compiling {}", args.scenario.display()))
    };
    let written_model = compile(&scenario)?;
    let against_model = match &against {
        Some((s, _)) => Some(compile(s)?),
        None => None,
    };
    let per_run = if against.is_some() { 2 } else { 1 };
    let batches = points.len().div_ceil(RUNS_PER_BATCH).max(1);
    let total =
        u64::from(options.replications) * (batches * per_run + points.len() * per_run) as u64;
    let bar = Progress::new(total, "{spinner} replications {pos}/{len} {wide_bar} {eta}");
    let mut written: Option<(
        RunOutput,
        Option<RunOutput>,
        Option<montecarlo::PairMoments>,
    )> = None;
    let mut results: Vec<RunSet> = Vec::with_capacity(points.len());
    for (batch, chunk) in runs.chunks(RUNS_PER_BATCH).enumerate() {
        let models: Vec<(Model, Option<Model>)> = chunk
            .iter()
            .map(|(s, a)| Ok((compile(s)?, a.as_ref().map(compile).transpose()?)))
            .collect::<anyhow::Result<_>>()?;
        // arms: the scenario as written (and its baseline), then each run
        // (and its baseline varied the same way)
        let mut arms: Vec<(&Scenario, &Model)> = vec![(&scenario, &written_model)];
        if let (Some((a, _)), Some(m)) = (&against, &against_model) {
            arms.push((a, m));
        }
        for ((s, a), (m, am)) in chunk.iter().zip(&models) {
            arms.push((s, m));
            if let (Some(a), Some(am)) = (a, am) {
                arms.push((a, am));
            }
        }
        let spec =
            |i: usize, j: usize| pair_spec((i, arms[i].0, arms[i].1), (j, arms[j].0, arms[j].1));
        let mut pairs: Vec<PairSpec> = Vec::new();
        if per_run == 2 {
            pairs.push(spec(1, 0));
        }
        for k in 0..chunk.len() {
            let own = per_run * (k + 1);
            pairs.push(spec(0, own));
            if per_run == 2 {
                pairs.push(spec(own + 1, own));
            }
        }
        let mut lockstep = match mode {
            Mode::Simulate => {
                montecarlo::run_lockstep(&arms, &pairs, &options, Keep::Summary, &|| bar.tick())?
            }
            Mode::Shard(shard) => {
                shard_parts.push(super::shard::run_piece(
                    &arms,
                    &pairs,
                    &options,
                    shard,
                    &|| bar.tick(),
                )?);
                continue;
            }
            Mode::Merge(merged) => match merged.fold(batch, &arms, &pairs, &options) {
                Ok(l) => l,
                Err(e) => return Ok(super::shard::refuse(&e, lang)),
            },
        };
        let mut pair_moments = lockstep.pairs.drain(..);
        let mut outs = lockstep.runs.drain(..);
        let first = outs.next().context("a lockstep returns every run")?;
        let first_against = if per_run == 2 { outs.next() } else { None };
        let written_gain = if per_run == 2 {
            pair_moments.next()
        } else {
            None
        };
        for _ in 0..chunk.len() {
            let run = outs.next().context("a lockstep returns every run")?;
            let base = if per_run == 2 { outs.next() } else { None };
            let vs_written = pair_moments.next();
            let gain = if per_run == 2 {
                pair_moments.next()
            } else {
                None
            };
            results.push(RunSet {
                run,
                base,
                vs_written,
                gain,
            });
        }
        if written.is_none() {
            written = Some((first, first_against, written_gain));
        }
    }
    bar.finish_and_clear();
    if let Mode::Shard(shard) = mode {
        let of = super::shard::ShardOf {
            command: "sweep",
            paths: &paths,
            args: super::shard::recorded_args("sweep"),
        };
        return super::shard::write_part(of, &options, shard, shard_parts, &args.sharding, lang);
    }
    let Some((written_run, written_base, written_gain)) = written else {
        anyhow::bail!("a sweep has at least one run");
    };
    let against_scenario = against.as_ref().map(|(s, _)| s);
    let written_cmp = match (&written_base, against_scenario) {
        (Some(b), Some(bs)) => Some(compare_pair(
            Arm {
                scenario: bs,
                run: b,
            },
            Arm {
                scenario: &scenario,
                run: &written_run,
            },
            written_gain.as_ref(),
        )),
        _ => None,
    };
    let compared: Vec<(Option<_>, Option<_>)> = results
        .iter()
        .zip(&runs)
        .map(|(r, (s, a))| {
            let vs = compare_pair(
                Arm {
                    scenario: &scenario,
                    run: &written_run,
                },
                Arm {
                    scenario: s,
                    run: &r.run,
                },
                r.vs_written.as_ref(),
            );
            let gain = match (&r.base, a) {
                (Some(b), Some(a)) => Some(compare_pair(
                    Arm {
                        scenario: a,
                        run: b,
                    },
                    Arm {
                        scenario: s,
                        run: &r.run,
                    },
                    r.gain.as_ref(),
                )),
                _ => None,
            };
            (Some(vs), gain)
        })
        .collect();
    let row_inputs: Vec<sweep::report::RunResult> = results
        .iter()
        .zip(&compared)
        .map(|(r, (vs, gain))| sweep::report::RunResult {
            summary: &r.run.summary,
            vs_written: vs.as_ref(),
            gain: gain.as_ref(),
        })
        .collect();
    let report = sweep::build_report(
        &variations,
        &points,
        args.grid,
        sweep::report::RunResult {
            summary: &written_run.summary,
            vs_written: None,
            gain: written_cmp.as_ref(),
        },
        &row_inputs,
        ReportNames {
            against: against_scenario.map(|s| s.name.clone()),
            against_label: against_scenario.and_then(|s| s.labels.scenario.clone()),
            not_in_against,
            setting: args.setting.clone(),
        },
    );
    let mut out = OutputSet::new();
    if let Some(json) = &args.json {
        let text = serde_json::to_string_pretty(&report)?;
        out.file(json, (text + "\n").as_bytes())?;
    }
    if let Some(dir) = &args.html {
        let staged = out.folder(dir)?;
        let files = [
            ("index.html", sweep::tornado::page(&report, lang)),
            ("tornado.svg", sweep::tornado::tornado_svg(&report, lang)),
            ("sweep.json", serde_json::to_string_pretty(&report)? + "\n"),
        ];
        for (name, text) in files {
            let written = firecover::atomic_file::write_file(&staged.join(name), text.as_bytes());
            super::in_report_folder(&staged, dir, written, lang)?;
        }
    }
    out.commit()?;
    say!("{}", sweep::render_text(&report, lang));
    super::say_written(args.json.as_deref(), args.html.as_deref(), lang);
    Ok(ExitCode::SUCCESS)
}

/// One varied run's output and its pairs.
struct RunSet {
    run: RunOutput,
    base: Option<RunOutput>,
    vs_written: Option<montecarlo::PairMoments>,
    gain: Option<montecarlo::PairMoments>,
}
