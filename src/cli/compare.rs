//! `firecover compare`: scenarios against the first, in lockstep, every
//! difference with a paired interval.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use firecover::atomic_file::OutputSet;
use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::scenario::Scenario;

use super::run::{Outputs, Sampling};
use super::{Progress, load, provenance};

#[derive(Args)]
pub struct CompareArgs {
    /// Scenario files (TOML); the first is the baseline.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Replications of every run (default: the baseline's); at least 2, for intervals.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
    pub replications: Option<u32>,
    #[command(flatten)]
    pub sampling: Sampling,
    #[command(flatten)]
    pub sharding: super::shard::Sharding,
    #[command(flatten)]
    pub outputs: Outputs,
}

pub fn compare(args: &CompareArgs, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    if let Err(code) = args.outputs.check(lang) {
        return Ok(code);
    }
    let mut scenarios = Vec::new();
    let mut failed = None;
    for path in &args.scenarios {
        match load(path, lang) {
            Ok(s) => scenarios.push(s),
            Err(code) => failed = Some(code),
        }
    }
    if let Some(code) = failed {
        return Ok(code);
    }
    let baseline = &scenarios[0];
    let lang = super::language(lang, Some(baseline));
    let options = args.sampling.options(args.replications, baseline);
    for (path, s) in args.scenarios.iter().zip(&scenarios).skip(1) {
        if args.sampling.seed.is_none() && s.simulation.seed != options.seed {
            note!(
                "note: {}: its seed {} is replaced by the baseline's {} so that every scenario sees the same alarms",
                path.display(),
                s.simulation.seed,
                options.seed
            );
        }
        if args.replications.is_none() && s.simulation.replications != options.replications {
            note!(
                "note: {}: runs the baseline's {} replications instead of its own {}, so that replications pair up",
                path.display(),
                options.replications,
                s.simulation.replications
            );
        }
    }
    let mut models = Vec::new();
    for (path, s) in args.scenarios.iter().zip(&scenarios) {
        models.push(Model::compile(s).with_context(|| format!("compiling {}", path.display()))?);
    }
    let arms: Vec<(&Scenario, &Model)> = scenarios.iter().zip(&models).collect();
    let shard = match args.sharding.shard(
        &args.scenarios[0],
        options.replications,
        args.outputs.wants_reports(),
        lang,
    ) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    if let Some(shard) = shard {
        let pairs = firecover::compare::baseline_pairs(&arms);
        let of = super::shard::ShardOf {
            command: "compare",
            paths: &args.scenarios,
            args: Vec::new(),
        };
        return super::shard::run_shard(of, &arms, &pairs, &options, shard, &args.sharding, lang);
    }
    let total = u64::from(options.replications) * scenarios.len() as u64;
    let bar = Progress::new(total, "{spinner} replications {pos}/{len} {wide_bar} {eta}");
    // in lockstep: the paired intervals stream, memory stays flat in replications
    let compared = firecover::compare::run_and_compare(&arms, &[], &options, &|| bar.tick())?;
    bar.finish_and_clear();
    report_compare(&scenarios, compared, &args.outputs, lang)
}

/// Writes and prints a comparison's reports (shared with `merge`).
pub fn report_compare(
    scenarios: &[Scenario],
    compared: firecover::compare::ComparedRuns,
    outputs: &Outputs,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let firecover::compare::ComparedRuns {
        runs, comparison, ..
    } = compared;
    let mut out = OutputSet::new();
    if let Some(json) = &outputs.json {
        let text = serde_json::to_string_pretty(&comparison)?;
        out.file(json, (text + "\n").as_bytes())?;
    }
    if let Some(dir) = &outputs.html {
        let all: Vec<&Scenario> = scenarios.iter().collect();
        let coverages = super::report_coverages(&all)?;
        let report_arms = super::report_arms(&all, &runs, &coverages);
        let staged = out.folder(dir)?;
        let written = firecover::html::write_report(
            &staged,
            &report_arms,
            Some(&comparison),
            &provenance(&outputs.heading),
            lang,
        );
        super::in_report_folder(&staged, dir, written, lang)?;
    }
    out.commit()?;
    say!("{}", firecover::compare::render_text(&comparison, lang));
    outputs.say_written(lang);
    Ok(ExitCode::SUCCESS)
}
