# Shards of a run over a cluster, and their merge

shard-syntax = --shard {$text}: expected K/N (shard K of N, counted from 0), auto (a Slurm array task) or auto/N (a Kubernetes Indexed Job of N)
shard-range = --shard {$index}/{$count}: needs 0 ≤ K < N and N at most the replications ({$replications})
shard-environment = --shard auto: {$variable} is not set; run it as a Slurm array task, or give auto/N in a Kubernetes Indexed Job
shard-environment-value = --shard auto: {$variable} = `{$value}` is not a whole number
shard-written = shard {$index} of {$count}: replications {$from}–{$to} of {$replications} written to {$file}; merge every shard with `firecover merge`
shard-no-reports = --shard writes a partial result only; --json and --html belong to `firecover merge`
part-magic = {$file}: not a firecover partial result (.fcpart): wrong magic bytes
part-format = {$file}: partial-result format {$found}, this firecover reads format {$format}; run the shard again with this version
part-damaged = {$file}: damaged partial result: {$why}; run its shard again
part-mismatch = {$file}: from another run than {$first}: its { $what ->
    [program] program version
    [command] command
    [files] scenario files
    [content] scenario content
    [seed] seed
    [replications] replication count
    [arguments] command-line arguments
   *[count] shard count
} differs
part-mismatch-argument = {$file}: from another run than {$first}: its arguments differ: `{$theirs}` here, `{$ours}` there (worker threads and output paths may differ)
part-scenario-not-found = {$path}, which {$part} names, is not there, nor in {$folders}; give the folder that holds it with --scenario-dir
slurm-too-many-tasks = --tasks {$tasks}: each array task runs at least one replication, and the run has {$replications}; use --tasks {$replications} or fewer, or more --replications
part-why-truncated-header = the file ends inside its header
part-why-length = the header announces {$announced} bytes of data, the file holds {$holds} (cut short while copying?)
part-why-checksum = checksum mismatch
part-why-sections = bad section lengths
part-why-undecodable = its data cannot be decoded ({$detail})
part-why-shard = it says it is shard {$index} of {$count}, which a run of {$replications} replications cannot have
part-why-arguments = its {$command} arguments do not parse: {$detail}
part-why-changed = it changed during the merge
part-why-fewer-runs = it holds fewer runs than its command makes
part-why-blocks = its blocks do not fit its shard
part-why-histograms = its histograms do not fit the scenario
part-why-implausible = its numbers cannot come from a run ({$what})
part-duplicate = shard {$index} is given twice: {$first} and {$second}; keep the one you want
part-missing = {$missing} of {$count} shard(s) missing: {$list}; run just those again (Slurm: sbatch --array={$list} ...) and merge once more
part-changed = {$path} has changed since the shards ran (its content differs); restore it, or run every shard again
part-none = no partial result given
slurm-written = wrote {$array} (an array of {$tasks} shard(s) of {$replications} replications) and {$merge} (their merge)
slurm-dynamic-binary = note: the scripts run {$exe}, which is linked to this machine's C library (glibc) and will not start on compute nodes with an older one (RHEL 8, CentOS 7); for those, build the static binary with `cargo build-static` and write the scripts with it (docs/cluster.md)
slurm-how = submit: jid=$(sbatch --parsable {$array}) && sbatch --dependency=afterok:$jid --kill-on-invalid-dep=yes {$merge}   (or run `firecover slurm ... --submit`)
slurm-submitted = submitted the shards as job {$array} and their merge as job {$merge} (after every shard succeeds); the result will be {$result}. Progress:
slurm-path-not-utf8 = {$option} {$path}: the path is not UTF-8 text, which a script cannot name safely; use another folder
slurm-control-character = {$option} `{$value}`: holds a control character (a line break, say), which would become a command of the job; refused
slurm-path-directive = {$option} {$path}: a backslash or a double quote in this folder's path cannot be written into an #SBATCH directive (Slurm reads them itself); use a folder without them
slurm-bad-partition = --partition `{$value}`: not a Slurm partition name (letters, digits, _ . - ; several joined by commas)
slurm-bad-time = --time `{$value}`: not a Slurm time limit (minutes, M:S, H:M:S, D-H, D-H:M, D-H:M:S, or UNLIMITED)
