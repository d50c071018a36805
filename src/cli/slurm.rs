//! `firecover slurm`: the `sbatch` scripts of a sharded run or comparison
//! (an array of shards and a merge that waits for them), and with
//! `--submit` their submission.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use firecover::i18n::Catalogued;
use firecover::i18n::Lang;
use firecover::montecarlo::shard::Shard;
use firecover::{said, tr};

use super::{EXIT_BAD_INPUT, load};

#[derive(Args)]
pub struct SlurmArgs {
    /// Scenario files: one for a run, several for a comparison (the first
    /// is the baseline).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Array tasks: shards of the replications (at most the replications).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub tasks: u32,
    /// Replications (default: the first scenario's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub replications: Option<u32>,
    /// Seed (default: the first scenario's).
    #[arg(long, value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    pub seed: Option<u64>,
    /// Slurm partition (default: the cluster's).
    #[arg(long)]
    pub partition: Option<String>,
    /// Time limit of each task, in Slurm's notation (e.g. 30, 1:00:00).
    #[arg(long, value_name = "T")]
    pub time: Option<String>,
    /// CPUs per task (its worker threads).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub cpus_per_task: u16,
    /// Folder for the scripts, the parts, the logs and the merged result
    /// (created; default `firecover-slurm`).
    #[arg(long, value_name = "DIR", default_value = "firecover-slurm")]
    pub out: PathBuf,
    /// Submit the array and the merge (with `--dependency=afterok`).
    #[arg(long)]
    pub submit: bool,
}

/// Single-quoted for the shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The file `pattern` (a Slurm file name pattern of ours, such as
/// `shard-%a.out`) in `folder`, for an `#SBATCH` directive: double-quoted
/// (sbatch reads quoted directive arguments, so spaces are kept), the
/// folder's `%` doubled, since Slurm expands `%` patterns in file names.
/// Backslashes and double quotes are refused before (see
/// [`check_script_path`]).
fn directive_path(folder: &str, pattern: &str) -> String {
    format!("\"{}/{pattern}\"", folder.replace('%', "%%"))
}

/// Why a value cannot be written into a script, or `None` when it can.
/// A control character (a newline above all) would start a command of the
/// job or end a directive.
fn unsafe_in_script(value: &str) -> Option<&'static str> {
    value.chars().any(char::is_control).then_some("control")
}

/// A path the scripts name: UTF-8 (it is written as text) and free of
/// control characters; one that goes into a directive also free of `\`
/// (which turns off Slurm's file name patterns) and `"`.
fn check_script_path(option: &str, path: &Path, directive: bool) -> Result<(), Catalogued> {
    let Some(text) = path.to_str() else {
        return Err(said!(
            "slurm-path-not-utf8",
            option = option,
            path = path.display().to_string()
        ));
    };
    if unsafe_in_script(text).is_some() {
        return Err(said!(
            "slurm-control-character",
            option = option,
            value = text.escape_debug().to_string()
        ));
    }
    if directive && text.contains(['\\', '"']) {
        return Err(said!("slurm-path-directive", option = option, path = text));
    }
    Ok(())
}

/// Slurm's partition names: letters, digits, `_`, `.` and `-`, several
/// joined by commas.
fn valid_partition(p: &str) -> bool {
    !p.is_empty()
        && p.split(',').all(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        })
}

/// Slurm's time notation: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`,
/// or `UNLIMITED` / `INFINITE`.
fn valid_time(t: &str) -> bool {
    if t.eq_ignore_ascii_case("unlimited") || t.eq_ignore_ascii_case("infinite") {
        return true;
    }
    let number = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    let (days, rest) = match t.split_once('-') {
        Some((d, rest)) => (Some(d), rest),
        None => (None, t),
    };
    if days.is_some_and(|d| !number(d)) {
        return false;
    }
    let parts: Vec<&str> = rest.split(':').collect();
    parts.len() <= 3 && parts.iter().all(|p| number(p))
}

/// Checks every value the scripts will hold, before anything is written.
fn check_values(args: &SlurmArgs, exe: &Path) -> Result<(), Catalogued> {
    if let Some(p) = &args.partition
        && !valid_partition(p)
    {
        return Err(said!(
            "slurm-bad-partition",
            value = p.escape_debug().to_string()
        ));
    }
    if let Some(t) = &args.time
        && !valid_time(t)
    {
        return Err(said!(
            "slurm-bad-time",
            value = t.escape_debug().to_string()
        ));
    }
    check_script_path("--out", &absolute(&args.out), true)?;
    for scenario in &args.scenarios {
        check_script_path("SCENARIO", &absolute(scenario), false)?;
    }
    check_script_path("firecover", exe, false)?;
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The array script: shard `$SLURM_ARRAY_TASK_ID` of `tasks`, named
/// explicitly so that one index can be resubmitted alone.
fn array_script(
    args: &SlurmArgs,
    exe: &str,
    command: &str,
    scenarios: &[String],
    out: &Path,
) -> String {
    let dir = out.display().to_string();
    let mut s = String::from("#!/bin/bash\n");
    s += "# Shards of a firecover run, one per array task (written by `firecover slurm`).\n";
    s += "# Resubmit lost shards alone: sbatch --array=3,5 THIS_FILE\n";
    s += "#SBATCH --job-name=firecover-shards\n";
    s += &format!("#SBATCH --array=0-{}\n", args.tasks - 1);
    s += &format!(
        "#SBATCH --output={}\n",
        directive_path(&dir, "logs/shard-%a.out")
    );
    s += &format!("#SBATCH --cpus-per-task={}\n", args.cpus_per_task);
    if let Some(p) = &args.partition {
        s += &format!("#SBATCH --partition={p}\n");
    }
    if let Some(t) = &args.time {
        s += &format!("#SBATCH --time={t}\n");
    }
    s += "set -euo pipefail\n";
    s += &format!(
        "exec {exe} {command} {} --replications {} --seed {} --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" \\\n    --shard \"${{SLURM_ARRAY_TASK_ID}}/{}\" --part {}/parts/shard-\"${{SLURM_ARRAY_TASK_ID}}\".fcpart\n",
        scenarios.join(" "),
        args.replications.unwrap_or(0),
        args.seed.unwrap_or(0),
        args.tasks,
        quote(&dir),
    );
    s
}

/// The merge script, run after every shard succeeded.
fn merge_script(args: &SlurmArgs, exe: &str, out: &Path) -> String {
    let dir = out.display().to_string();
    let mut s = String::from("#!/bin/bash\n");
    s += "# Merges every shard's part into the single run's report (written by `firecover slurm`).\n";
    s += "# Submitted with --dependency=afterok on the array; run it by hand after resubmitting a shard.\n";
    s += "#SBATCH --job-name=firecover-merge\n";
    s += &format!(
        "#SBATCH --output={}\n",
        directive_path(&dir, "logs/merge.out")
    );
    if let Some(p) = &args.partition {
        s += &format!("#SBATCH --partition={p}\n");
    }
    s += "set -euo pipefail\n";
    s += &format!(
        "exec {exe} merge {d}/parts/shard-*.fcpart --json {d}/result.json --html {d}/report\n",
        d = quote(&dir)
    );
    s
}

/// `sbatch --parsable ARGS`: the job id.
fn sbatch(args: &[&str]) -> Result<String, String> {
    let out = std::process::Command::new("sbatch")
        .arg("--parsable")
        .args(args)
        .output()
        .map_err(|e| format!("sbatch: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "sbatch {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // `--parsable` prints `id` or `id;cluster`
    Ok(text
        .trim()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string())
}

pub fn slurm(args: &SlurmArgs, flag: Option<Lang>) -> anyhow::Result<ExitCode> {
    // every value the scripts will hold is checked before anything is read
    // or written: none may become a command of the job
    let exe = std::env::current_exe()?;
    if let Err(message) = check_values(args, &exe) {
        return Ok(super::refuse(message, super::language(flag, None)));
    }
    let mut first = None;
    for path in &args.scenarios {
        match load(path, flag) {
            Ok(s) => {
                first.get_or_insert(s);
            }
            Err(code) => return Ok(code),
        }
    }
    let Some(scenario) = first else {
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    };
    let lang = super::language(flag, Some(&scenario));
    let replications = args
        .replications
        .unwrap_or(scenario.simulation.replications);
    let seed = args.seed.unwrap_or(scenario.simulation.seed);
    // said as the option the user gave: --tasks, not a --shard never typed
    if (Shard {
        index: 0,
        count: args.tasks,
    })
    .check(replications)
    .is_err()
    {
        let too_many = said!(
            "slurm-too-many-tasks",
            tasks = args.tasks,
            replications = replications
        );
        return Ok(super::refuse(too_many, lang));
    }
    let command = if args.scenarios.len() == 1 {
        "run"
    } else {
        "compare"
    };
    let out = absolute(&args.out);
    for sub in ["parts", "logs"] {
        std::fs::create_dir_all(out.join(sub))?;
    }
    let exe = quote(&exe.display().to_string());
    let scenarios: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| quote(&absolute(p).display().to_string()))
        .collect();
    let resolved = SlurmArgs {
        replications: Some(replications),
        seed: Some(seed),
        scenarios: Vec::new(),
        partition: args.partition.clone(),
        time: args.time.clone(),
        out: out.clone(),
        ..*args
    };
    let array = out.join("shards.sbatch");
    let merge = out.join("merge.sbatch");
    firecover::atomic_file::write_file(
        &array,
        array_script(&resolved, &exe, command, &scenarios, &out).as_bytes(),
    )?;
    firecover::atomic_file::write_file(&merge, merge_script(&resolved, &exe, &out).as_bytes())?;
    sayln!(
        "{}",
        tr!(
            lang,
            "slurm-written",
            array = array.display().to_string(),
            merge = merge.display().to_string(),
            tasks = args.tasks,
            replications = replications
        )
    );
    // a binary linked against this machine's C library may not start on
    // older compute nodes: say which binary the scripts run, and the cure
    if !cfg!(target_feature = "crt-static") {
        note!(
            "{}",
            tr!(
                lang,
                "slurm-dynamic-binary",
                exe = std::env::current_exe()?.display().to_string()
            )
        );
    }
    if !args.submit {
        sayln!(
            "{}",
            tr!(
                lang,
                "slurm-how",
                array = quote(&array.display().to_string()),
                merge = quote(&merge.display().to_string())
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let array_arg = array.display().to_string();
    let array_id = match sbatch(&[&array_arg]) {
        Ok(id) => id,
        Err(e) => {
            note!("{}", tr!(lang, "check-error", message = e));
            return Ok(ExitCode::FAILURE);
        }
    };
    // a shard that fails cancels the merge (never left pending forever)
    let dependency = format!("--dependency=afterok:{array_id}");
    let merge_arg = merge.display().to_string();
    let merge_id = match sbatch(&[&dependency, "--kill-on-invalid-dep=yes", &merge_arg]) {
        Ok(id) => id,
        Err(e) => {
            note!("{}", tr!(lang, "check-error", message = e));
            return Ok(ExitCode::FAILURE);
        }
    };
    sayln!(
        "{}",
        tr!(
            lang,
            "slurm-submitted",
            array = array_id.as_str(),
            merge = merge_id.as_str(),
            result = out.join("result.json").display().to_string()
        )
    );
    sayln!("squeue -j {array_id},{merge_id}");
    Ok(ExitCode::SUCCESS)
}
