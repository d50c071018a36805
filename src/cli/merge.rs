//! `firecover merge`: the partial results of every shard of a run or
//! comparison, folded in shard order into the single run's report.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::montecarlo::RunOptions;
use firecover::montecarlo::shard::{self, PartHeader, ShardError};
use firecover::scenario::Scenario;

use super::load;
use super::run::Outputs;
use super::shard::{fold_parts, refuse};

#[derive(Args)]
pub struct MergeArgs {
    /// Partial results (.fcpart) of every shard of one run, in any order.
    #[arg(required = true, value_name = "PARTS")]
    pub parts: Vec<PathBuf>,
    /// A folder to look for the scenario files in when they are not where
    /// the parts recorded them, nor in a part's folder or the current one
    /// (a cluster's other mount, a copied study).
    #[arg(long, value_name = "DIR")]
    pub scenario_dir: Option<PathBuf>,
    #[command(flatten)]
    pub outputs: Outputs,
}

pub fn merge(args: &MergeArgs, flag: Option<Lang>) -> anyhow::Result<ExitCode> {
    if let Err(code) = args.outputs.check(flag) {
        return Ok(code);
    }
    let early = super::language(flag, None);
    // every header first: a missing or foreign part is named before any work
    let mut headers: Vec<(String, PartHeader)> = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        match shard::read_header(path) {
            Ok(h) => headers.push((path.display().to_string(), h)),
            Err(e) => return Ok(refuse(&e, early)),
        }
    }
    let order = match shard::order_parts(&headers) {
        Ok(o) => o,
        Err(e) => return Ok(refuse(&e, early)),
    };
    let header = headers[0].1.clone();
    // every scenario the run reads is found before any work; a siting
    // study's proposals (not among its arguments) are made again
    let mut located: Vec<Option<PathBuf>> = Vec::with_capacity(header.scenarios.len());
    for s in &header.scenarios {
        let read = header.command != "site" || header.args.contains(&s.path);
        located.push(if read {
            match super::shard::locate_recorded(
                s,
                &args.parts[order[0]],
                args.scenario_dir.as_deref(),
                early,
            ) {
                Ok(p) => Some(p),
                Err(code) => return Ok(code),
            }
        } else {
            None
        });
    }
    let merged = super::shard::Merged {
        parts: &args.parts,
        order: &order,
        headers: &headers,
        located: &located,
    };
    match header.command.as_str() {
        "site" => return super::site::site_merged(merged, &args.outputs, flag),
        "sweep" => return super::sweep::sweep_merged(merged, &args.outputs, flag),
        _ => {}
    }
    let mut scenarios: Vec<Scenario> = Vec::new();
    for (s, path) in header.scenarios.iter().zip(&located) {
        let path = path.clone().unwrap_or_else(|| PathBuf::from(&s.path));
        let scenario = match load(&path, flag) {
            Ok(sc) => sc,
            Err(code) => return Ok(code),
        };
        match super::shard::scenario_hash(&path, early) {
            Ok(hash) if hash == s.hash => {}
            Ok(_) => {
                return Ok(refuse(
                    &ShardError::Changed {
                        path: path.display().to_string(),
                    },
                    early,
                ));
            }
            Err(code) => return Ok(code),
        }
        scenarios.push(scenario);
    }
    let lang = super::language(flag, scenarios.first());
    let mut models = Vec::new();
    for (s, sc) in header.scenarios.iter().zip(&scenarios) {
        models.push(Model::compile(sc).with_context(|| format!("compiling {}", s.path))?);
    }
    let arms: Vec<(&Scenario, &Model)> = scenarios.iter().zip(&models).collect();
    let compare = header.command == "compare";
    let pairs = if compare {
        firecover::compare::baseline_pairs(&arms)
    } else {
        Vec::new()
    };
    let options = RunOptions {
        replications: header.replications,
        seed: header.seed,
        threads: None,
    };
    let lockstep = match fold_parts(&args.parts, &order, &headers, 0, &arms, &pairs, &options) {
        Ok(l) => l,
        Err(e) => return Ok(refuse(&e, lang)),
    };
    if compare {
        let compared = firecover::compare::compared_runs(&arms, lockstep);
        super::compare::report_compare(&scenarios, compared, &args.outputs, lang)
    } else {
        let Some(output) = lockstep.runs.into_iter().next() else {
            return Ok(refuse(&ShardError::NoParts, lang));
        };
        super::run::report_run(&scenarios[0], &models[0], output, &args.outputs, lang)
    }
}
