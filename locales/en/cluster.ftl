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
part-duplicate = shard {$index} is given twice: {$first} and {$second}; keep the one you want
part-missing = {$missing} of {$count} shard(s) missing: {$list}; run just those again (Slurm: sbatch --array={$list} ...) and merge once more
part-changed = {$path} has changed since the shards ran (its content differs); restore it, or run every shard again
part-none = no partial result given
slurm-written = wrote {$array} (an array of {$tasks} shard(s) of {$replications} replications) and {$merge} (their merge)
slurm-how = submit: jid=$(sbatch --parsable {$array}) && sbatch --dependency=afterok:$jid {$merge}   (or run `firecover slurm ... --submit`)
slurm-submitted = submitted the shards as job {$array} and their merge as job {$merge} (after every shard succeeds); the result will be {$result}. Progress:
