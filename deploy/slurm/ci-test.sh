#!/usr/bin/env bash
# End-to-end test on a real Slurm (CI): starts a single-node cluster,
# submits an 8-shard run of liangping-2020 and a 4-shard comparison of the
# three Liangping scenarios with dependent merges, and checks that each
# merged JSON equals the single-machine JSON byte for byte. Then a task
# cancelled by scancel: the merge names the missing index, and that index
# resubmitted alone completes the run identically. Stops the daemons it
# started.
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
cd /
cleanup
trap - EXIT
rm -rf "$WORK"
