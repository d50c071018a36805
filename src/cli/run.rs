//! `firecover run`: simulate one scenario, print its statistics and write
//! its reports; with the flags `compare` shares.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use firecover::atomic_file::OutputSet;
use firecover::html;
use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::montecarlo::{self, RunOptions};
use firecover::report;
use firecover::scenario::Scenario;

use super::{Progress, load, provenance};

#[derive(Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Replications (default: the scenario's `simulation.replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub replications: Option<u32>,
    #[command(flatten)]
    pub sampling: Sampling,
    #[command(flatten)]
    pub sharding: super::shard::Sharding,
    #[command(flatten)]
    pub outputs: Outputs,
}

/// Seed and threads, shared by `run` and `compare`.
#[derive(Args)]
pub struct Sampling {
    /// Seed, 0 to 2^63 − 1 as in scenario files (default: the scenario's `simulation.seed`; the baseline's for `compare`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core; at most 1,024). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
}

impl Sampling {
    /// How to run: the flags given, else the scenario's own settings.
    pub fn options(&self, replications: Option<u32>, scenario: &Scenario) -> RunOptions {
        RunOptions {
            replications: replications.unwrap_or(scenario.simulation.replications),
            seed: self.seed.unwrap_or(scenario.simulation.seed),
            threads: self.threads.map(usize::from),
        }
    }
}

/// Report files, shared by `run` and `compare`.
#[derive(Args)]
pub struct Outputs {
    /// Also write the results as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the HTML report (index.html, CSV tables, JSON) into this folder
    /// (new, empty, or an earlier report, which it replaces whole).
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub heading: super::Heading,
}

impl Outputs {
    /// Checks the output paths before any work (exit 2 on a problem).
    pub fn check(&self, lang: Option<Lang>) -> Result<(), ExitCode> {
        super::check_outputs(
            &[self.json.as_deref()],
            &[self.html.as_deref()],
            super::language(lang, None),
        )
    }

    /// Whether a JSON or HTML report is asked for.
    pub fn wants_reports(&self) -> bool {
        self.json.is_some() || self.html.is_some()
    }

    /// Says where the committed reports are.
    pub fn say_written(&self, lang: Lang) {
        super::say_written(self.json.as_deref(), self.html.as_deref(), lang);
    }
}

pub fn run(args: &RunArgs, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    if let Err(code) = args.outputs.check(lang) {
        return Ok(code);
    }
    let scenario = match load(&args.scenario, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let lang = super::language(lang, Some(&scenario));
    let model = Model::compile(&scenario).context("compiling the scenario")?;
    let options = args.sampling.options(args.replications, &scenario);
    let shard = match args.sharding.shard(
        &args.scenario,
        options.replications,
        args.outputs.wants_reports(),
        lang,
    ) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    if let Some(shard) = shard {
        let arms = [(&scenario, &model)];
        let of = super::shard::ShardOf {
            command: "run",
            paths: std::slice::from_ref(&args.scenario),
            args: Vec::new(),
        };
        return super::shard::run_shard(of, &arms, &[], &options, shard, &args.sharding, lang);
    }
    let bar = Progress::new(
        u64::from(options.replications),
        "{spinner} replications {pos}/{len} {wide_bar} {eta}",
    );
    let output = montecarlo::run_detailed(
        &scenario,
        &model,
        &options,
        montecarlo::Keep::Summary,
        &|| bar.tick(),
    )?;
    bar.finish_and_clear();
    report_run(&scenario, &model, output, &args.outputs, lang)
}

/// Writes and prints a run's reports (shared with `merge`).
pub fn report_run(
    scenario: &Scenario,
    model: &Model,
    mut output: montecarlo::RunOutput,
    outputs: &Outputs,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let coverage = if outputs.json.is_some() || outputs.html.is_some() {
        // one file holds the static and the dynamic view
        let cell_m = firecover::coverage::DEFAULT_CELL_M;
        match firecover::coverage::analyze(scenario, model, cell_m) {
            Ok(c) => Some(c),
            Err(e) => {
                note!(
                    "{}",
                    firecover::tr!(lang, "coverage-skipped-analysis", reason = e.message(lang))
                );
                None
            }
        }
    } else {
        None
    };
    output.summary.coverage = coverage.as_ref().map(|c| c.report.clone());
    let summary = &output.summary;
    let mut out = OutputSet::new();
    if let Some(json) = &outputs.json {
        out.file(json, report::json_text(summary)?.as_bytes())?;
    }
    if let Some(dir) = &outputs.html {
        let arm = html::ReportArm {
            scenario,
            run: &output,
            coverage: coverage.as_ref(),
        };
        let staged = out.folder(dir)?;
        let written =
            html::write_report(&staged, &[arm], None, &provenance(&outputs.heading), lang);
        super::in_report_folder(&staged, dir, written, lang)?;
    }
    out.commit()?;
    say!("{}", report::render_text(summary, lang));
    say!(
        "\n{}\n{}",
        lang.t("report-stations"),
        report::station_nodes(scenario, lang)
    );
    if let Some(line) = report::places_snapped(scenario, lang) {
        sayln!("{line}");
    }
    outputs.say_written(lang);
    Ok(ExitCode::SUCCESS)
}
