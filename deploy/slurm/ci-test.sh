#!/usr/bin/env bash
# End-to-end test on a real Slurm (CI): starts a single-node cluster,
# submits an 8-shard run of liangping-2020 and a 4-shard comparison of the
# three Liangping scenarios with dependent merges, and checks that each
# merged JSON equals the single-machine JSON byte for byte. Then a task
# cancelled by scancel: the merge names the missing index, and that index
# resubmitted alone completes the run identically. A folder whose path holds
# a space, a % and quotes, and a failed shard whose merge must be cancelled,
# not left pending. Stops the daemons it started.
#
#   deploy/slurm/ci-test.sh [FIRECOVER_BINARY]
#
# The default binary is the static one clusters get (`cargo build-static`),
# else target/release/firecover.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DEFAULT_FC=target/x86_64-unknown-linux-gnu/release/firecover
if [ ! -x "$DEFAULT_FC" ]; then DEFAULT_FC=target/release/firecover; fi
FC=$(realpath "${1:-$DEFAULT_FC}")
WORK=$(mktemp -d /tmp/firecover-slurm-ci.XXXXXX)
chmod 755 "$WORK"
STATE=$WORK/slurm
LIMIT_S=${FIRECOVER_SLURM_LIMIT_S:-600}

cleanup() { "$ROOT/deploy/slurm/single-node.sh" stop "$STATE" || true; }
trap cleanup EXIT
started=$("$ROOT/deploy/slurm/single-node.sh" start "$STATE")
eval "$started"
sinfo

# waits until none of the jobs is queued or running
wait_jobs() {
    local deadline=$((SECONDS + LIMIT_S))
    while squeue -h -j "$1" 2>/dev/null | grep -q .; do
        if [ $SECONDS -gt $deadline ]; then
            echo "FAIL: jobs $1 still queued after ${LIMIT_S} s" >&2
            squeue
            exit 1
        fi
        sleep 0.5
    done
}

# submits with firecover slurm --submit; prints the two job ids, and shows
# its output on stderr (through the script's own stderr: `tee /dev/stderr`
# opens the file anew, which truncates a log that stderr is redirected to)
submit() {
    local out
    out=$("$FC" slurm "$@" --submit) || return
    printf '%s\n' "$out" >&2
    printf '%s\n' "$out" | awk '/^squeue -j/ {print $3}'
}

S=$ROOT/scenarios
cd "$WORK"

echo "== 8-shard run of liangping-2020 and 4-shard comparison of the three Liangping scenarios"
run_jobs=$(submit "$S/liangping-2020.toml" --tasks 8 --out run)
cmp_jobs=$(submit "$S/liangping-2020.toml" "$S/liangping-2025-plan.toml" \
    "$S/liangping-2025-all-townships.toml" --tasks 4 --out compare)
"$FC" run "$S/liangping-2020.toml" --json single-run.json >/dev/null
"$FC" compare "$S/liangping-2020.toml" "$S/liangping-2025-plan.toml" \
    "$S/liangping-2025-all-townships.toml" --json single-compare.json >/dev/null
wait_jobs "$run_jobs"
wait_jobs "$cmp_jobs"
cmp run/result.json single-run.json
cmp compare/result.json single-compare.json
echo "merged JSON = single-machine JSON, byte for byte (run and compare)"

echo "== a cancelled shard: named by the merge, resubmitted alone"
"$FC" slurm "$S/liangping-2020.toml" --tasks 4 --out fault >/dev/null
jid=$(sbatch --parsable --hold fault/shards.sbatch)
scancel "${jid}_2"
scontrol release "$jid"
wait_jobs "$jid"
set +e
"$FC" merge fault/parts/*.fcpart --json fault/result.json 2> fault/merge.err
code=$?
set -e
cat fault/merge.err
[ "$code" -eq 2 ] || { echo "FAIL: merge with a missing shard exited $code" >&2; exit 1; }
grep -q "missing: 2;" fault/merge.err || { echo "FAIL: the missing index is not named" >&2; exit 1; }
again=$(sbatch --parsable --array=2 fault/shards.sbatch)
wait_jobs "$again"
"$FC" merge fault/parts/*.fcpart --json fault/result.json >/dev/null
cmp fault/result.json single-run.json
echo "resubmitted shard completes the run identically"
echo "== a folder with a space, a % and quotes: the scripts run as written"
odd="$WORK/odd 100% 'quoted' \$(touch pwned) dir"
mkdir -p "$odd"
odd_jobs=$(submit "$S/liangping-2020.toml" --tasks 2 --replications 20 --out "$odd/study #1")
wait_jobs "$odd_jobs"
"$FC" run "$S/liangping-2020.toml" --replications 20 --json single-20.json >/dev/null
cmp "$odd/study #1/result.json" single-20.json
test -s "$odd/study #1/logs/shard-0.out" && test -s "$odd/study #1/logs/shard-1.out" \
    || { echo "FAIL: the shards' logs are not where --output names them" >&2; ls -R "$odd" >&2; exit 1; }
if [ -e pwned ] || [ -e "$odd/pwned" ] || [ -e "$odd/study #1/pwned" ]; then
    echo "FAIL: a folder name ran as a command" >&2; exit 1
fi
echo "a folder with a space, a % and quotes: merged JSON = single-machine JSON"

echo "== a shard that fails: the merge submitted by --submit is cancelled, not left pending"
node=$(sinfo -h -o %N | head -n 1)
scontrol update nodename="$node" state=drain reason=ci-test
cp "$S/examples/two-stations.toml" doomed.toml
doomed_jobs=$(submit "$WORK/doomed.toml" --tasks 2 --out doomed)
rm doomed.toml
scontrol update nodename="$node" state=resume
wait_jobs "$doomed_jobs"
merge_job=${doomed_jobs##*,}
state=$(scontrol show job "$merge_job" | tr ' ' '\n' | grep '^JobState=' || true)
echo "merge job $merge_job: $state"
[ "$state" = "JobState=CANCELLED" ] || { echo "FAIL: the merge of a failed shard is $state" >&2; exit 1; }
echo "the merge of a failed shard was cancelled"
cd /
cleanup
trap - EXIT
rm -rf "$WORK"
