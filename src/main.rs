//! The `firecover` command line. Exit codes: 0 success, 2 bad input, 1 internal failure.

#[macro_use]
mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use firecover::i18n::Lang;
use firecover::montecarlo;

use cli::EXIT_BAD_INPUT;
use cli::compare::CompareArgs;
use cli::coverage::CoverageArgs;
use cli::network::NetworkCommand;
use cli::run::RunArgs;

/// Emergency-dispatch and fire-station-coverage simulator.
#[derive(Parser)]
#[command(name = "firecover", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of the text and reports: zh or en (default: the scenario's
    /// `[report] lang`, else the locale, LANG; English when it is neither).
    #[arg(long, global = true, value_name = "zh|en")]
    lang: Option<Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a scenario and print response-time statistics with 95 % confidence intervals.
    Run(RunArgs),
    /// Compare siting scenarios against the first (the baseline): the same
    /// alarms in each, every difference with a paired 95 % confidence interval.
    Compare(CompareArgs),
    /// Check a scenario file and print every problem found.
    Validate {
        /// Scenario file (TOML).
        scenario: PathBuf,
    },
    /// Static coverage against the standard: jurisdictions, area limits,
    /// the share reached within 5/10/15/20 minutes, maps.
    Coverage(CoverageArgs),
    /// Road networks: inspect a scenario's graph, regenerate a builtin one.
    #[command(subcommand)]
    Network(NetworkCommand),
    /// Where new stations should go: a location model (cover, lscp, median,
    /// center, backup) solved exactly, each solution checked by simulation.
    Site(Box<cli::site::SiteArgs>),
    /// The partial results of every shard of a run or comparison
    /// (`--shard K/N`), merged into the single run's report exactly.
    Merge(cli::merge::MergeArgs),
    /// Slurm scripts for a sharded run or comparison: an array of shards
    /// and a merge that waits for them; `--submit` submits both.
    Slurm(cli::slurm::SlurmArgs),
    /// A scenario over variations of its assumptions (speeds, turnouts,
    /// shares, a station's site), with common random numbers: how the
    /// figures move and which assumption moves them most (tornado chart).
    Sweep(Box<cli::sweep::SweepArgs>),
    /// The plan's resource indicators (stations per 100k, township-team
    /// coverage, firefighters and vehicles per 10k) next to the plan's figures.
    Indicators {
        /// Scenario file (TOML) with an `[indicators]` table.
        scenario: PathBuf,
    },
}

fn main() -> ExitCode {
    cli::guard_standard_output();
    firecover::atomic_file::install_interrupt_handler();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return cli::args_error::report(e),
    };
    let lang = cli.lang;
    let result = match cli.command {
        Command::Run(args) => cli::run::run(&args, lang),
        Command::Compare(args) => cli::compare::compare(&args, lang),
        Command::Validate { scenario } => cli::validate::validate(&scenario, lang),
        Command::Site(args) => cli::site::site(&args, lang),
        Command::Sweep(args) => cli::sweep::sweep(&args, lang),
        Command::Merge(args) => cli::merge::merge(&args, lang),
        Command::Slurm(args) => cli::slurm::slurm(&args, lang),
        Command::Indicators { scenario } => cli::indicators::indicators(&scenario, lang),
        Command::Coverage(args) => cli::coverage::coverage(&args, lang),
        Command::Network(command) => cli::network::network(&command, lang),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            let lang = cli::language(lang, None);
            note!(
                "{}",
                firecover::tr!(
                    lang,
                    "check-error",
                    message = cli::failure_message(&e, lang)
                )
            );
            // a run the machine cannot hold is the input's size, not a fault
            if let Some(montecarlo::RunError::TooLarge { .. }) = e.downcast_ref() {
                return ExitCode::from(EXIT_BAD_INPUT);
            }
            return ExitCode::FAILURE;
        }
    };
    // the files are written; text that could not be is a failure too
    let lang = cli::language(lang, None);
    if let Some(message) = cli::stdout_failure(lang) {
        note!("{}", firecover::tr!(lang, "check-error", message = message));
        if code == ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    }
    code
}
