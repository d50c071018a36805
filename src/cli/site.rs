//! `firecover site`: where new stations should go, proposed by a location
//! model and checked by simulation.
//!
//! Why this file is over 800 lines: the scenario study and the `--costs`
//! matrix study share the command's arguments, checks and output set; the
//! matrix study (`matrix_study`) is the part to move to a file of its own
//! when either grows.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use firecover::i18n::Lang;
use firecover::i18n::{Catalogued, Said};
use firecover::model::Model;
use firecover::montecarlo::RunOptions;
use firecover::scenario::{Scenario, SiteTemplate, StationCategory};
use firecover::siting::study::{self, Proposal, SiteProblem, StudySpec, TemplateSource};
use firecover::siting::text::{self, SimulationBlock, SolutionReport, StudyReport};
use firecover::siting::{self, Objective, SitingError, SolveOptions, SolverChoice};
use firecover::{said, tr};

use super::{Progress, load, provenance};

/// `firecover site` flags; each overrides the scenario's `[siting]`.
#[derive(Args)]
pub struct SiteArgs {
    /// Scenario file (TOML); leave out with --costs.
    #[arg(required_unless_present = "costs")]
    scenario: Option<PathBuf>,
    /// New stations: a count (3) or a range of counts (1..4), each solved.
    #[arg(long, value_name = "P|A..B")]
    add: Option<String>,
    /// cover (MCLP), lscp, median, center or backup.
    #[arg(long, value_parser = ["cover", "lscp", "median", "center", "backup"])]
    objective: Option<String>,
    /// For lscp: share of the demand to cover, in (0, 1].
    #[arg(long, value_parser = share)]
    share: Option<f64>,
    /// A list of candidate sites (CSV id,lon,lat[,name] or GeoJSON points)
    /// instead of road nodes.
    #[arg(long, value_name = "FILE")]
    candidates: Option<PathBuf>,
    /// Least distance between candidate road nodes, metres.
    #[arg(long, value_name = "M")]
    spacing_m: Option<f64>,
    /// Mark a station removable (it may close or move); repeatable.
    #[arg(long, value_name = "ID")]
    removable: Vec<String>,
    /// Keep a station where it is even if the file marks it removable; repeatable.
    #[arg(long, value_name = "ID")]
    keep: Vec<String>,
    /// New station's units, e.g. engine:2,rescue:1 (default: [siting.station],
    /// else a copy of the scenario's first fire-and-rescue station).
    #[arg(long, value_name = "KIND:N,...")]
    units: Option<String>,
    /// New station's turnout, seconds.
    #[arg(long, value_name = "S")]
    turnout_s: Option<f64>,
    /// New station's category: station, township_team or other.
    #[arg(long, value_parser = ["station", "township_team", "other"])]
    category: Option<String>,
    /// auto, milp or heuristic (milp only in a build with the `highs`
    /// feature).
    #[arg(long, value_parser = ["auto", "milp", "heuristic"])]
    solver: Option<String>,
    /// Time limit per solve (the exact search or the MILP), seconds: the best solution so far and its
    /// proven gap are reported.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    time_limit: Option<f64>,
    /// Next-best distinct solutions of the largest count to simulate too.
    #[arg(long, value_name = "K")]
    alternatives: Option<usize>,
    /// Replications of the simulated check (default: [siting] replications,
    /// else the scenario's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
    replications: Option<u32>,
    /// Seed (default: the scenario's).
    #[arg(long, value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Worker threads. Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Solve only: no simulated check.
    #[arg(long)]
    no_simulate: bool,
    /// Folder for the proposed scenario files and the maps (default:
    /// site-<scenario>/ in the current folder).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write the study as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write the HTML report of the proposals against the scenario.
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
    #[command(flatten)]
    heading: super::Heading,
    /// A cost matrix instead of a scenario: CSV, header `demand,<candidate
    /// ids>`, one row per demand place.
    #[arg(long, value_name = "FILE", conflicts_with = "scenario")]
    costs: Option<PathBuf>,
    /// Demand weights for --costs: CSV `demand,weight` (default: 1 each).
    #[arg(long, value_name = "FILE", requires = "costs")]
    weights: Option<PathBuf>,
    /// Coverage radius for --costs, in the matrix's unit.
    #[arg(long, value_name = "R", requires = "costs")]
    radius: Option<f64>,
    /// Simulate only shard K of N of the replications (after solving, which
    /// every shard does alike) and write a partial result for `firecover
    /// merge`; see `run --shard`.
    #[command(flatten)]
    sharding: super::shard::Sharding,
}

/// Parses `site` arguments as a shard recorded them, for its merge.
#[derive(clap::Parser)]
#[command(name = "firecover-site")]
struct SiteCommandLine {
    #[command(flatten)]
    site: SiteArgs,
}

/// Where the simulated check comes from.
enum Check<'a> {
    /// Simulated here, in full.
    Simulate,
    /// Merged from the parts of a sharded run of the same study.
    Merge(super::shard::Merged<'a>),
}

fn share(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(format!("a share in (0, 1], not {v}"))
    }
}

/// Bad input: print it in `lang` and exit 2 (see [`super::refuse`]).
fn refuse(message: impl Into<Said>, lang: Lang) -> anyhow::Result<ExitCode> {
    Ok(super::refuse(message, lang))
}

fn siting_failure(e: SitingError, lang: Lang) -> anyhow::Result<ExitCode> {
    match e {
        SitingError::Solver(_) => Err(e.into()),
        other => refuse(other.render(lang), lang),
    }
}

/// Runs `firecover site`.
pub fn site(args: &SiteArgs, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    site_with(args, lang, Check::Simulate)
}

/// `firecover merge` of the parts of a sharded `site`: the study solved
/// again from its recorded arguments (its proposals must come out as the
/// shards wrote them), its simulated check merged from the parts, and the
/// reports `outputs` asks for.
pub fn site_merged(
    merged: super::shard::Merged<'_>,
    outputs: &super::run::Outputs,
    lang: Option<Lang>,
) -> anyhow::Result<ExitCode> {
    let mut args = match merged.recorded_command::<SiteCommandLine>("site", lang) {
        Ok(c) => c.site,
        Err(code) => return Ok(code),
    };
    args.sharding.shard = None;
    args.sharding.part = None;
    args.json = outputs.json.clone();
    args.html = outputs.html.clone();
    args.heading = outputs.heading.clone();
    site_with(&args, lang, Check::Merge(merged))
}

fn site_with(args: &SiteArgs, lang: Option<Lang>, check: Check<'_>) -> anyhow::Result<ExitCode> {
    // output paths are checked before any solving or simulating
    if let Err(code) = super::check_outputs(
        &[args.json.as_deref()],
        &[args.html.as_deref()],
        super::language(lang, None),
    ) {
        return Ok(code);
    }
    // the MILP is refused at once in a build without it, never swapped
    // for another solver
    if args.solver.as_deref() == Some("milp") && !siting::MILP_AVAILABLE {
        return refuse(said!("site-milp-not-built"), super::language(lang, None));
    }
    if let Some(costs) = &args.costs {
        return matrix_study(args, costs, super::language(lang, None));
    }
    let Some(path) = args.scenario.as_deref() else {
        return refuse(said!("site-needs-input"), super::language(lang, None));
    };
    let scenario = match load(path, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let lang = super::language(lang, Some(&scenario));
    let spec = match spec(args, &scenario) {
        Ok(s) => s,
        Err(message) => {
            let message = format!("{}: {}", path.display(), message.render(lang));
            return refuse(message, lang);
        }
    };
    let out_dir = args.out.clone().unwrap_or_else(|| {
        let stem = path
            .file_stem()
            .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from(format!("site-{stem}"))
    });
    // the proposals' folder is checked before the solving, which may be
    // long, and made once a solution is there to fill it: a folder there
    // already must be empty or an earlier study's (it is replaced whole)
    if let Err(e) = firecover::atomic_file::check_folder_creatable(&out_dir).and_then(|()| {
        if out_dir.is_dir() {
            firecover::atomic_file::check_folder_target(&out_dir)
        } else {
            Ok(())
        }
    }) {
        return refuse(e.render(lang), lang);
    }
    // options that conflict are refused here, before the solve
    let options = RunOptions {
        replications: args
            .replications
            .or(scenario.siting.as_ref().and_then(|s| s.replications))
            .unwrap_or(scenario.simulation.replications)
            .max(2),
        seed: args.seed.unwrap_or(scenario.simulation.seed),
        threads: args.threads.map(usize::from),
    };
    if args.no_simulate && args.html.is_some() {
        return refuse(said!("site-html-needs-simulation"), lang);
    }
    if args.no_simulate && args.sharding.shard.is_some() {
        return refuse(said!("site-shard-needs-simulation"), lang);
    }
    let shard = match args.sharding.shard(
        path,
        options.replications,
        args.json.is_some() || args.html.is_some(),
        lang,
    ) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let model = Model::compile(&scenario).context("compiling the scenario")?;
    let sp = match SiteProblem::build(&scenario, &model, &spec) {
        Ok(sp) => sp,
        Err(e) => return siting_failure(e, lang),
    };
    let proposals = match study::propose(&sp, &scenario, &spec) {
        Ok(p) => p,
        Err(e) => return siting_failure(e, lang),
    };
    // the proposals and their maps are written in a staged folder beside
    // --out (so that their relative paths to the input are the same),
    // each loaded back through validation, and the folder then replaces
    // --out whole: never a half-written study, never an earlier one's
    // files left beside the new ones
    if let Some(parent) = out_dir.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(e) = firecover::atomic_file::prepare_folder(parent)
    {
        return refuse(e.render(lang), lang);
    }
    let mut study_folder = firecover::atomic_file::OutputSet::new();
    let staged = match study_folder.folder(&out_dir) {
        Ok(dir) => dir,
        Err(e) => return refuse(e.render(lang), lang),
    };
    let input = study::relative_path(&out_dir, path);
    let mut files = Vec::new();
    let mut written = Vec::new();
    for p in &proposals {
        let name = study::scenario_file_name(spec.objective, p);
        let text = study::scenario_toml(&scenario, &sp, &spec, p, &input, lang);
        let file = staged.join(&name);
        std::fs::write(&file, text.as_bytes()).map_err(|source| {
            firecover::atomic_file::OutputError::Io {
                path: out_dir.join(&name),
                source,
            }
        })?;
        let loaded = match Scenario::load(&file) {
            Ok((s, _)) => s,
            Err(problems) => {
                // said in the run's language, naming the file where it
                // would be, not its hidden staging copy
                for mut d in problems.0 {
                    if d.file.as_deref() == Some(file.as_path()) {
                        d.file = Some(out_dir.join(&name));
                    }
                    note!("{}", d.render(lang));
                }
                let file = out_dir.join(&name).display().to_string();
                note!(
                    "{}",
                    tr!(
                        lang,
                        "check-error",
                        message = tr!(lang, "site-proposal-invalid", file = file)
                    )
                );
                return Ok(ExitCode::FAILURE);
            }
        };
        files.push(out_dir.join(&name));
        written.push(loaded);
    }
    let maps = firecover::siting::map::write(
        &staged,
        spec.objective,
        &scenario,
        &sp,
        &proposals,
        &written,
        lang,
    );
    let maps = super::in_report_folder(&staged, &out_dir, maps, lang)?;
    study_folder.commit()?;
    // the scenarios as they are now, in --out
    let mut written = Vec::with_capacity(files.len());
    for file in &files {
        match Scenario::load(file) {
            Ok((s, _)) => written.push(s),
            Err(_) => anyhow::bail!("cannot load back {}", file.display()),
        }
    }
    // the simulated check
    let mut simulation = None;
    let mut checks = Vec::new();
    let mut sim_output = None;
    if !args.no_simulate {
        let total = u64::from(options.replications) * (written.len() as u64 + 1);
        let rivals = study::rivals(&proposals);
        let all: Vec<&Scenario> = std::iter::once(&scenario).chain(&written).collect();
        let models = match study::compile_all(&all) {
            Ok(m) => m,
            Err(e) => return siting_failure(e, lang),
        };
        let arms: Vec<(&Scenario, &Model)> = all.iter().copied().zip(&models).collect();
        let pairs = study::simulation_pairs(&arms, &rivals);
        let paths: Vec<PathBuf> = std::iter::once(path.to_path_buf())
            .chain(files.iter().cloned())
            .collect();
        if let Some(shard) = shard {
            let of = super::shard::ShardOf {
                command: "site",
                paths: &paths,
                args: super::shard::recorded_args("site"),
            };
            return super::shard::run_shard(
                of,
                &arms,
                &pairs,
                &options,
                shard,
                &args.sharding,
                lang,
            );
        }
        let simulated = match check {
            Check::Simulate => {
                let bar =
                    Progress::new(total, "{spinner} replications {pos}/{len} {wide_bar} {eta}");
                let lockstep = match firecover::montecarlo::run_lockstep(
                    &arms,
                    &pairs,
                    &options,
                    firecover::montecarlo::Keep::Summary,
                    &|| bar.tick(),
                ) {
                    Ok(l) => l,
                    Err(e @ firecover::montecarlo::RunError::TooLarge { .. }) => {
                        return siting_failure(SitingError::input(e.to_string()), lang);
                    }
                    Err(e) => return Err(e.into()),
                };
                bar.finish_and_clear();
                study::simulation_of(&arms, lockstep)
            }
            Check::Merge(merged) => {
                // the re-solved study must be the one the shards simulated
                let header = &merged.headers[0].1;
                match merged.changed_scenario(&paths, lang) {
                    Ok(None) => {}
                    Ok(Some(file)) => {
                        return refuse(said!("site-merge-differs", file = file), lang);
                    }
                    Err(code) => return Ok(code),
                }
                let merged_options = firecover::montecarlo::RunOptions {
                    replications: header.replications,
                    seed: header.seed,
                    threads: None,
                };
                match merged.fold(0, &arms, &pairs, &merged_options) {
                    Ok(l) => study::simulation_of(&arms, l),
                    Err(e) => return Ok(super::shard::refuse(&e, lang)),
                }
            }
        };
        let comparison = &simulated.comparison;
        checks = study::checks(&proposals, comparison);
        let base = &comparison.runs[0];
        simulation = Some(SimulationBlock {
            seed: options.seed,
            replications: options.replications,
            baseline_within_standard: base.within_standard,
            baseline_within_standard_ci95: base.within_standard_ci95,
            baseline_mean_response_s: base.response_s.mean,
        });
        sim_output = Some(simulated);
    }
    let findings = match &sim_output {
        Some(simulated) => text::findings(
            &proposals,
            &checks,
            &|a, b| simulated.rival_difference(&written, a, b),
            lang,
        ),
        None => Vec::new(),
    };
    let solutions: Vec<SolutionReport> = proposals
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let sites = p
                .new_sites
                .iter()
                .map(|&j| {
                    let mut place = study::describe_site(&scenario, &sp, j);
                    place.moved_from = p
                        .moves
                        .iter()
                        .find(|m| m.to == j)
                        .map(|m| (m.station.clone(), m.km));
                    place
                })
                .collect();
            let file = files[k]
                .file_name()
                .map(|f| f.to_string_lossy().into_owned());
            SolutionReport {
                simulated: checks.get(k).cloned(),
                jurisdictions: study::jurisdictions(&written[k]).map(|j| j.stations),
                ..SolutionReport::of(p, sites, file)
            }
        })
        .collect();
    let removable_open: Vec<usize> = (0..sp.sites.len())
        .filter(|&j| sp.sites[j].existing.is_some())
        .collect();
    let report = StudyReport {
        scenario: scenario.name.clone(),
        labels: scenario.labels.clone(),
        objective: spec.objective,
        objective_unit: text::objective_unit(spec.objective, true, lang),
        radius: sp.problem.radius,
        setting_limits_s: scenario
            .standard
            .by_setting
            .iter()
            .map(|(setting, (turnout, travel))| (setting.clone(), turnout + travel))
            .collect(),
        demand_places: sp.problem.n(),
        total_demand: sp.problem.total_weight(),
        unservable_places: sp.problem.unservable().len(),
        candidates: Some(sp.report.clone()),
        candidate_count: sp.sites.len(),
        fixed_stations: sp
            .fixed
            .iter()
            .map(|&s| scenario.stations[s].id.clone())
            .collect(),
        removable_stations: spec
            .removable
            .iter()
            .map(|&s| scenario.stations[s].id.clone())
            .collect(),
        template: Some(template_text(
            &spec.template,
            &spec.template_source,
            &scenario.labels,
            lang,
        )),
        objective_now: sp.problem.evaluate(spec.objective, &removable_open),
        simulation,
        solutions,
        findings,
    };
    say!("{}", text::render(&report, &sp.problem, true, lang));
    sayln!(
        "\n{}",
        tr!(
            lang,
            "site-wrote",
            files = files.len(),
            maps = maps,
            dir = out_dir.display().to_string(),
            input = input.display().to_string()
        )
    );
    // the JSON and the HTML report appear together or not at all
    let mut out = firecover::atomic_file::OutputSet::new();
    if let Some(json) = &args.json {
        let text = serde_json::to_string_pretty(&report)? + "\n";
        out.file(json, text.as_bytes())?;
    }
    if let Some(dir) = &args.html {
        let Some(study::Simulation {
            runs, comparison, ..
        }) = &sim_output
        else {
            return refuse(said!("site-html-needs-simulation"), lang);
        };
        let all: Vec<&Scenario> = std::iter::once(&scenario).chain(&written).collect();
        let coverages = super::report_coverages(&all)?;
        let arms = super::report_arms(&all, runs, &coverages);
        let section = firecover::siting::html::section(&report, lang);
        let staged = out.folder(dir)?;
        let written = firecover::html::write_report_with(
            &staged,
            &arms,
            Some(comparison),
            &firecover::html::Provenance {
                // the recommended solution (the largest count's best) first
                featured: proposals
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.rank == 1)
                    .max_by_key(|(k, p)| (p.count, std::cmp::Reverse(*k)))
                    .map(|(k, _)| k + 1),
                title: Some(args.heading.title.clone().unwrap_or_else(|| {
                    tr!(
                        lang,
                        "site-html-page-title",
                        scenario = scenario.labels.scenario_name(&scenario.name, lang)
                    )
                })),
                ..provenance(&args.heading)
            },
            Some(&section),
            lang,
        );
        super::in_report_folder(&staged, dir, written, lang)?;
    }
    out.commit()?;
    super::say_written(args.json.as_deref(), args.html.as_deref(), lang);
    Ok(ExitCode::SUCCESS)
}

fn template_text(
    t: &SiteTemplate,
    source: &TemplateSource,
    labels: &firecover::labels::Labels,
    lang: Lang,
) -> String {
    let units: Vec<String> = t
        .units
        .iter()
        .map(|(k, c)| format!("{} ×{c}", labels.unit_kind(k, lang)))
        .collect();
    let category = match t.category {
        StationCategory::Station => lang.t("site-category-station"),
        StationCategory::TownshipTeam => lang.t("site-category-township-team"),
        StationCategory::Other => lang.t("site-category-other"),
    };
    tr!(
        lang,
        "site-template",
        category = category,
        units = units.join(", "),
        turnout = firecover::report::mmss(t.turnout_s),
        source = source.text(lang)
    )
}

/// The longest turnout a station may have (a day), as validation checks
/// a station's own.
const MAX_TURNOUT_S: f64 = 86_400.0;

/// The study's settings: flags over the file's `[siting]` over defaults.
fn spec(args: &SiteArgs, scenario: &Scenario) -> Result<StudySpec, Said> {
    let file = scenario.siting.clone().unwrap_or_default();
    let share = args.share.unwrap_or(match file.objective {
        Some(Objective::Lscp { share }) => share,
        _ => 1.0,
    });
    let objective = match &args.objective {
        Some(name) => {
            Objective::parse(name, share).ok_or_else(|| format!("unknown objective `{name}`"))?
        }
        None => match file.objective {
            Some(Objective::Lscp { .. }) => Objective::Lscp { share },
            Some(o) => o,
            None => Objective::Cover,
        },
    };
    let add = match &args.add {
        Some(text) => siting::parse_add(text)
            .map_err(|e| Said::from(said!("site-option", option = "--add").nest("reason", e)))?,
        None => file.add.unwrap_or((1, 1)),
    };
    let solver = match args.solver.as_deref() {
        Some("milp") => SolverChoice::Milp,
        Some("heuristic") => SolverChoice::Heuristic,
        Some(_) => SolverChoice::Auto,
        None => file.solver.unwrap_or(SolverChoice::Auto),
    };
    let time_limit_s = args
        .time_limit
        .or(file.time_limit_s)
        .unwrap_or(SolveOptions::default().time_limit_s);
    if !(time_limit_s.is_finite() && time_limit_s > 0.0) {
        return Err(said!("site-time-limit-invalid", value = time_limit_s).into());
    }
    let mut removable: Vec<usize> = scenario
        .stations
        .iter()
        .enumerate()
        .filter(|(k, s)| s.removable || file.removable.contains(k))
        .map(|(k, _)| k)
        .collect();
    for id in &args.removable {
        let k = scenario
            .stations
            .iter()
            .position(|s| &s.id == id)
            .ok_or_else(|| said!("site-no-such-station", option = "--removable", station = id))?;
        if !removable.contains(&k) {
            removable.push(k);
        }
    }
    for id in &args.keep {
        let k = scenario
            .stations
            .iter()
            .position(|s| &s.id == id)
            .ok_or_else(|| said!("site-no-such-station", option = "--keep", station = id))?;
        removable.retain(|&r| r != k);
    }
    removable.sort_unstable();
    if removable.len() == scenario.stations.len() && add.1 == 0 && objective.takes_count() {
        return Err(said!("site-nothing-stays").into());
    }
    let (mut template, mut source) = match &file.template {
        Some(t) => (t.clone(), TemplateSource::Table),
        None => {
            let Some(st) = scenario
                .stations
                .iter()
                .position(|s| s.category == StationCategory::Station)
            else {
                return Err(said!("site-no-template").into());
            };
            let s = &scenario.stations[st];
            let mut units: Vec<(String, u32)> = Vec::new();
            for u in scenario.units.iter().filter(|u| u.station.index() == st) {
                let kind = &scenario.unit_kinds[u.kind.index()];
                match units.iter_mut().find(|(k, _)| k == kind) {
                    Some((_, c)) => *c += 1,
                    None => units.push((kind.clone(), 1)),
                }
            }
            (
                SiteTemplate {
                    id_prefix: "new".into(),
                    name: None,
                    category: s.category,
                    turnout_s: s.turnout_s,
                    firefighters: s.firefighters,
                    vehicles: None,
                    jurisdiction: None,
                    units,
                },
                TemplateSource::CopyOf(s.id.clone()),
            )
        }
    };
    if let Some(units) = &args.units {
        template.units = parse_units(units)?;
        template.vehicles = None;
        source = TemplateSource::Units;
    }
    if let Some(t) = args.turnout_s {
        if !(t.is_finite() && t >= 0.0) {
            return Err(said!("site-not-negative", option = "--turnout-s", value = t).into());
        }
        // as a station's own turnout is checked: the proposals must
        // validate, and this is known before the solve
        if t > MAX_TURNOUT_S {
            return Err(said!("site-turnout-over-a-day", value = t, max = MAX_TURNOUT_S).into());
        }
        template.turnout_s = t;
    }
    if let Some(c) = &args.category {
        template.category = match c.as_str() {
            "township_team" => StationCategory::TownshipTeam,
            "other" => StationCategory::Other,
            _ => StationCategory::Station,
        };
    }
    let mut settings = file.candidates.clone();
    if let Some(c) = &args.candidates {
        settings.file = Some(c.clone());
    }
    if let Some(s) = args.spacing_m {
        if !(s.is_finite() && s >= 0.0) {
            return Err(said!("site-not-negative", option = "--spacing-m", value = s).into());
        }
        settings.spacing_m = s;
    }
    Ok(StudySpec {
        candidates: settings,
        objective,
        add,
        solve: SolveOptions {
            solver,
            time_limit_s,
        },
        alternatives: args.alternatives.or(file.alternatives).unwrap_or(4).min(50),
        template,
        template_source: source,
        removable,
    })
}

/// `engine:2,rescue:1`.
fn parse_units(text: &str) -> Result<Vec<(String, u32)>, Catalogued> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let (kind, count) = part.split_once(':').map_or((part, "1"), |(k, c)| (k, c));
        let kind = kind.trim();
        let count: u32 = count
            .trim()
            .parse()
            .ok()
            .filter(|c| (1..=10_000).contains(c))
            .ok_or_else(|| said!("site-units-count", part = part))?;
        if kind.is_empty() {
            return Err(said!("site-units-kind", part = part));
        }
        out.push((kind.to_string(), count));
    }
    Ok(out)
}

/// The study on a researcher's cost matrix: solve and report, no simulation.
fn matrix_study(args: &SiteArgs, costs: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    let Some(radius) = args.radius.or(
        if matches!(args.objective.as_deref(), Some("median" | "center")) {
            Some(0.0)
        } else {
            None
        },
    ) else {
        return refuse(said!("site-costs-need-radius"), lang);
    };
    let problem = match siting::matrix::read(costs, args.weights.as_deref(), radius) {
        Ok(p) => p,
        Err(e) => return siting_failure(e, lang),
    };
    let share = args.share.unwrap_or(1.0);
    let objective = Objective::parse(args.objective.as_deref().unwrap_or("cover"), share)
        .unwrap_or(Objective::Cover);
    let options = SolveOptions {
        solver: match args.solver.as_deref() {
            Some("milp") => SolverChoice::Milp,
            Some("heuristic") => SolverChoice::Heuristic,
            _ => SolverChoice::Auto,
        },
        time_limit_s: args
            .time_limit
            .unwrap_or(SolveOptions::default().time_limit_s),
    };
    let (from, to) = match args.add.as_deref().map(siting::parse_add) {
        Some(Ok(range)) => range,
        Some(Err(e)) => {
            return refuse(
                said!("site-option", option = "--add").nest("reason", e),
                lang,
            );
        }
        None => (1, 1),
    };
    let alternatives = args.alternatives.unwrap_or(0).min(50);
    let mut proposals: Vec<Proposal> = Vec::new();
    let counts: Vec<usize> = if objective.takes_count() {
        (from.max(1)..=to).collect()
    } else {
        vec![0]
    };
    for &p in &counts {
        let mut found: Vec<Vec<usize>> = Vec::new();
        let extra = if p == *counts.last().unwrap_or(&p) {
            alternatives
        } else {
            0
        };
        for rank in 1..=extra + 1 {
            match siting::solve(&problem, objective, p, &found, &options) {
                Ok(s) => {
                    found.push(s.open.clone());
                    proposals.push(Proposal {
                        count: s.open.len(),
                        rank,
                        new_sites: s.open.clone(),
                        closed: Vec::new(),
                        kept: Vec::new(),
                        moves: Vec::new(),
                        solution: s,
                    });
                }
                Err(SitingError::Infeasible(_)) if rank > 1 => break,
                Err(e) => return siting_failure(e, lang),
            }
        }
    }
    let solutions = proposals
        .iter()
        .map(|p| {
            let sites = p
                .new_sites
                .iter()
                .map(|&j| study::SitePlace {
                    id: problem.candidates[j].clone(),
                    node: problem.candidates[j].clone(),
                    lon: f64::NAN,
                    lat: f64::NAN,
                    township: None,
                    near_station: None,
                    moved_from: None,
                })
                .collect();
            SolutionReport::of(p, sites, None)
        })
        .collect();
    let report = StudyReport {
        scenario: costs.display().to_string(),
        labels: Default::default(),
        objective,
        objective_unit: text::objective_unit(objective, false, lang),
        radius,
        setting_limits_s: Vec::new(),
        demand_places: problem.n(),
        total_demand: problem.total_weight(),
        unservable_places: problem.unservable().len(),
        candidates: None,
        candidate_count: problem.m(),
        fixed_stations: Vec::new(),
        removable_stations: Vec::new(),
        template: None,
        objective_now: problem.evaluate(objective, &[]),
        simulation: None,
        solutions,
        findings: Vec::new(),
    };
    say!("{}", text::render(&report, &problem, false, lang));
    if let Some(json) = &args.json {
        let text = serde_json::to_string_pretty(&report)? + "\n";
        firecover::atomic_file::write_file(json, text.as_bytes())?;
    }
    super::say_written(args.json.as_deref(), None, lang);
    Ok(ExitCode::SUCCESS)
}
