//! `--shard K/N` of `run` and `compare`: run a share of the replications and
//! write a partial result for `firecover merge`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::montecarlo::shard::{
    self, LockstepPart, PartBody, PartHeader, PartScenario, Shard, ShardError, ShardSpec,
};
use firecover::montecarlo::{
    self, GroupLayout, Histograms, Keep, LockstepMoments, PairSpec, RunOptions, TreeFold,
};
use firecover::said;
use firecover::scenario::{Diagnostics, Document, Scenario};
use firecover::tr;

use super::{EXIT_BAD_INPUT, Progress, print_diagnostics};

/// `--shard` and where its partial result goes.
#[derive(Args)]
pub struct Sharding {
    /// Run only shard K of N of the replications (0 ≤ K < N ≤ replications)
    /// and write a partial result for `firecover merge`, which gives the
    /// single run's report exactly. `auto`: the Slurm array task
    /// (SLURM_ARRAY_TASK_ID from SLURM_ARRAY_TASK_MIN, of
    /// SLURM_ARRAY_TASK_COUNT); `auto/N`: the task id of N (Slurm's, else
    /// Kubernetes' JOB_COMPLETION_INDEX).
    #[arg(long, value_name = "K/N|auto|auto/N")]
    pub shard: Option<String>,
    /// The partial result's file (default: STEM.shard-K-of-N.fcpart in the
    /// current folder, STEM the first scenario's file name).
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub part: Option<PathBuf>,
}

/// A shard or merge error: its message, exit 2.
pub fn refuse(e: &shard::ShardError, lang: Lang) -> ExitCode {
    note!("{}", tr!(lang, "check-error", message = e.message(lang)));
    ExitCode::from(EXIT_BAD_INPUT)
}

impl Sharding {
    /// The shard to run, if any: `--shard` checked against the
    /// replications (exit 2 on a bad one, or when `reports` are asked for:
    /// they belong to the merge).
    pub fn shard(
        &self,
        first: &Path,
        replications: u32,
        reports: bool,
        lang: Lang,
    ) -> Result<Option<Shard>, ExitCode> {
        let Some(text) = &self.shard else {
            return Ok(None);
        };
        if reports {
            note!(
                "{}",
                tr!(lang, "check-error", message = tr!(lang, "shard-no-reports"))
            );
            return Err(ExitCode::from(EXIT_BAD_INPUT));
        }
        let shard = ShardSpec::parse(text)
            .and_then(|spec| spec.resolve(&|k| std::env::var(k).ok()))
            .and_then(|s| s.check(replications))
            .map_err(|e| refuse(&e, lang))?;
        // the part's path is checked before the shard runs, not after
        let part = self.part_path(first, shard);
        if let Err(e) = firecover::atomic_file::check_file_target(&part) {
            note!("{}", tr!(lang, "check-error", message = e.render(lang)));
            return Err(ExitCode::from(EXIT_BAD_INPUT));
        }
        Ok(Some(shard))
    }

    /// Where shard `shard` of a run of `first` writes (checked by
    /// [`Sharding::shard`]).
    fn part_path(&self, first: &Path, shard: Shard) -> PathBuf {
        self.part.clone().unwrap_or_else(|| {
            let stem = first
                .file_stem()
                .map_or_else(|| "firecover".into(), |s| s.to_string_lossy().into_owned());
            PathBuf::from(format!(
                "{stem}.shard-{}-of-{}.fcpart",
                shard.index, shard.count
            ))
        })
    }
}

/// The content hash of a scenario file, as a part records it.
pub fn scenario_hash(path: &Path, lang: Lang) -> Result<String, ExitCode> {
    Document::load(path)
        .map(|d| d.content_hash())
        .map_err(|problems| {
            print_diagnostics(&Diagnostics(problems), lang);
            ExitCode::from(EXIT_BAD_INPUT)
        })
}

/// What a shard is a share of: the command, its scenario files (for
/// `site`, the input then the proposals) and, for `site`, its arguments.
pub struct ShardOf<'a> {
    /// `run`, `compare` or `site`.
    pub command: &'a str,
    /// The scenario files, in arm order.
    pub paths: &'a [PathBuf],
    /// The command's arguments a merge re-runs (`site`); empty otherwise.
    pub args: Vec<String>,
}

/// Runs shard `shard` of `arms` (and `pairs`) and writes its part.
pub fn run_shard(
    of: ShardOf<'_>,
    arms: &[(&Scenario, &Model)],
    pairs: &[PairSpec],
    options: &RunOptions,
    shard: Shard,
    sharding: &Sharding,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let range = shard.range(options.replications);
    let bar = Progress::new(
        u64::from(range.end - range.start) * arms.len() as u64,
        "{spinner} replications {pos}/{len} {wide_bar} {eta}",
    );
    let piece = run_piece(arms, pairs, options, shard, &|| bar.tick())?;
    bar.finish_and_clear();
    write_part(of, options, shard, vec![piece], sharding, lang)
}

/// Shard `shard`'s replications of one lockstep, as a part holds them.
pub fn run_piece(
    arms: &[(&Scenario, &Model)],
    pairs: &[PairSpec],
    options: &RunOptions,
    shard: Shard,
    progress: &(dyn Fn() + Sync),
) -> Result<LockstepPart, montecarlo::RunError> {
    let range = shard.range(options.replications);
    let piece =
        montecarlo::run_lockstep_range(arms, pairs, options, range, Keep::Summary, progress)?;
    Ok(LockstepPart {
        blocks: piece.blocks,
        hists: piece
            .hists
            .iter()
            .map(|h| {
                let (response, travel) = h.to_parts();
                (response.to_vec(), travel.clone())
            })
            .collect(),
    })
}

/// Writes shard `shard`'s part: its locksteps' shares and the header.
pub fn write_part(
    of: ShardOf<'_>,
    options: &RunOptions,
    shard: Shard,
    locksteps: Vec<LockstepPart>,
    sharding: &Sharding,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let paths = of.paths;
    let mut scenarios = Vec::new();
    for path in paths {
        match scenario_hash(path, lang) {
            Ok(hash) => scenarios.push(PartScenario {
                path: path.display().to_string(),
                hash,
            }),
            Err(code) => return Ok(code),
        }
    }
    let range = shard.range(options.replications);
    let header = PartHeader {
        program: env!("CARGO_PKG_VERSION").to_string(),
        command: of.command.to_string(),
        scenarios,
        seed: options.seed,
        replications: options.replications,
        shard,
        args: of.args,
    };
    let bytes = shard::to_bytes(&header, &PartBody { locksteps })?;
    let path = sharding.part_path(&paths[0], shard);
    firecover::atomic_file::write_file(&path, &bytes)?;
    sayln!(
        "{}",
        tr!(
            lang,
            "shard-written",
            index = shard.index,
            count = shard.count,
            from = range.start + 1,
            to = range.end,
            replications = options.replications,
            file = path.display().to_string()
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// The parts of a run to merge, read and ordered by shard.
#[derive(Clone, Copy)]
pub struct Merged<'a> {
    /// The part files as given.
    pub parts: &'a [PathBuf],
    /// Shard order: indices into `parts`.
    pub order: &'a [usize],
    /// Each part's file name and header, as `parts`.
    pub headers: &'a [(String, PartHeader)],
    /// Where each scenario the first part recorded is now (see
    /// [`locate_recorded`]); `None` for one the merge makes again (a
    /// siting study's proposals).
    pub located: &'a [Option<PathBuf>],
}

/// Where a scenario file a part recorded as `recorded` is now. A recorded
/// path only locates a file, it never identifies it (a relative and an
/// absolute path name one file, and cluster nodes mount folders in other
/// places): the path as recorded when absolute, then the recorded path and
/// its file name in the part's folder, the current folder and
/// `scenario_dir`. The first whose content is the recorded one is it; when
/// files are found but none has that content, the first found (the merge
/// then says it changed). Exit 2, naming the part and the folders looked
/// in, when none is found.
pub fn locate_recorded(
    recorded: &PartScenario,
    part: &Path,
    scenario_dir: Option<&Path>,
    lang: Lang,
) -> Result<PathBuf, ExitCode> {
    let path = Path::new(&recorded.path);
    let part_dir = part
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let folders: Vec<&Path> = [Some(part_dir), Some(Path::new(".")), scenario_dir]
        .into_iter()
        .flatten()
        .collect();
    let mut candidates: Vec<PathBuf> = Vec::new();
    if path.is_absolute() {
        candidates.push(path.to_path_buf());
    }
    for folder in &folders {
        if path.is_relative() {
            candidates.push(folder.join(path));
        }
        if let Some(name) = path.file_name() {
            candidates.push(folder.join(name));
        }
    }
    let mut first_found: Option<PathBuf> = None;
    for c in candidates {
        if !c.is_file() {
            continue;
        }
        if scenario_hash(&c, lang)? == recorded.hash {
            return Ok(c);
        }
        first_found.get_or_insert(c);
    }
    if let Some(found) = first_found {
        return Ok(found);
    }
    let looked: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
    let missing = firecover::said!(
        "part-scenario-not-found",
        path = recorded.path.as_str(),
        part = part.display().to_string(),
        folders = looked.join(", ")
    );
    Err(super::refuse(missing, lang))
}

impl Merged<'_> {
    /// The arguments the shards of `command` recorded (the first part's
    /// header; every part's agrees), parsed by `C` as the command line once
    /// was, for the merge that re-runs the command; exit 2, the part being
    /// damaged, when they do not parse.
    pub fn recorded_command<C: clap::Parser>(
        &self,
        command: &str,
        lang: Option<Lang>,
    ) -> Result<C, ExitCode> {
        let (file, header) = &self.headers[0];
        // the scenario paths as located now, not as recorded
        let located = |arg: &String| {
            header
                .scenarios
                .iter()
                .zip(self.located)
                .find_map(|(s, l)| (&s.path == arg).then_some(l.as_ref()).flatten())
                .map_or_else(|| arg.clone(), |l| l.display().to_string())
        };
        let argv =
            std::iter::once(format!("firecover-{command}")).chain(header.args.iter().map(located));
        C::try_parse_from(argv).map_err(|e| {
            let damaged = shard::ShardError::Damaged {
                file: file.clone(),
                why: firecover::said!(
                    "part-why-arguments",
                    command = command,
                    detail = e.to_string().trim_end()
                )
                .into(),
            };
            refuse(&damaged, super::language(lang, None))
        })
    }

    /// Lockstep `index` of every part, folded (see [`fold_parts`]).
    pub fn fold(
        &self,
        index: usize,
        arms: &[(&Scenario, &Model)],
        pairs: &[PairSpec],
        options: &RunOptions,
    ) -> Result<montecarlo::Lockstep, shard::ShardError> {
        fold_parts(
            self.parts,
            self.order,
            self.headers,
            index,
            arms,
            pairs,
            options,
        )
    }

    /// The first of `paths` whose content is not what its shards recorded
    /// (`None`: all are); exit 2 when one cannot be read.
    pub fn changed_scenario(
        &self,
        paths: &[PathBuf],
        lang: Lang,
    ) -> Result<Option<String>, ExitCode> {
        let recorded = &self.headers[0].1.scenarios;
        if recorded.len() != paths.len() {
            return Ok(Some(self.headers[0].0.clone()));
        }
        for (p, r) in paths.iter().zip(recorded) {
            if scenario_hash(p, lang)? != r.hash {
                return Ok(Some(p.display().to_string()));
            }
        }
        Ok(None)
    }
}

/// The arguments after the subcommand `command` (global flags before it
/// aside), without the shard's own `--shard` and `--part`: the same for
/// every shard of one study, for a merge that re-runs it.
pub fn recorded_args(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = std::env::args().skip_while(|a| a != command).skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shard" | "--part" => {
                args.next();
            }
            _ if a.starts_with("--shard=") || a.starts_with("--part=") => {}
            _ => out.push(a),
        }
    }
    out
}

/// Folds lockstep `index` of the parts (`order`: shard order into
/// `parts`, `headers` as read), a lockstep of `arms` and `pairs`, into its
/// runs and pairs, one part in memory at a time.
pub fn fold_parts(
    parts: &[PathBuf],
    order: &[usize],
    headers: &[(String, PartHeader)],
    index: usize,
    arms: &[(&Scenario, &Model)],
    pairs: &[montecarlo::PairSpec],
    options: &RunOptions,
) -> Result<montecarlo::Lockstep, ShardError> {
    let layouts: Vec<GroupLayout> = arms.iter().map(|(_, m)| GroupLayout::of(m)).collect();
    let mut hists: Vec<Histograms> = layouts.iter().map(|&l| Histograms::new(l)).collect();
    let mut fold: TreeFold<LockstepMoments> = TreeFold::new();
    for &k in order {
        let path = &parts[k];
        let file = path.display().to_string();
        let damaged = |why: firecover::i18n::Catalogued| ShardError::Damaged {
            file: file.clone(),
            why: why.into(),
        };
        let (h, mut body) = shard::read_part(path)?;
        if h != headers[k].1 {
            return Err(damaged(said!("part-why-changed")));
        }
        if index >= body.locksteps.len() {
            return Err(damaged(said!("part-why-fewer-runs")));
        }
        let body = body.locksteps.swap_remove(index);
        let range = h.shard.range(h.replications);
        let mut covered = range.start;
        for block in body.blocks {
            let shape_ok = block.start == covered
                && block.value.runs.len() == arms.len()
                && block.value.pairs.len() == pairs.len();
            if !shape_ok {
                return Err(damaged(said!("part-why-blocks")));
            }
            // a checksum proves the bytes unchanged since they were sealed,
            // not that whoever sealed them wrote a simulation's numbers
            let implausible = block
                .value
                .runs
                .iter()
                .find_map(|r| r.implausible(u64::from(block.len)));
            if let Some(what) = implausible {
                return Err(damaged(said!("part-why-implausible", what = what)));
            }
            covered = block.start + block.len;
            fold.push(block)
                .map_err(|e| damaged(said!("part-why-undecodable", detail = e)))?;
        }
        if covered != range.end || body.hists.len() != arms.len() {
            return Err(damaged(said!("part-why-blocks")));
        }
        for ((total, (response, travel)), &layout) in hists.iter_mut().zip(body.hists).zip(&layouts)
        {
            let part = Histograms::from_parts(layout, response, travel)
                .ok_or_else(|| damaged(said!("part-why-histograms")))?;
            total.merge(&part);
        }
    }
    for h in &mut hists {
        h.complete();
    }
    let moments = fold.finish().ok_or(ShardError::NoParts)?;
    let kept = vec![Vec::new(); arms.len()];
    Ok(montecarlo::finish_lockstep(
        arms, options, moments, hists, kept,
    ))
}
