#!/usr/bin/env bash
# A single-node Slurm on this machine, for CI and for trying the templates:
# munged, slurmctld and slurmd started as root without systemd, no
# accounting, one node with the machine's CPUs and memory, one partition.
#
#   deploy/slurm/single-node.sh start [STATE_DIR]   # prints: export SLURM_CONF=...
#   deploy/slurm/single-node.sh stop  [STATE_DIR]
#
# Needs Debian's slurmctld, slurmd, slurm-client and munge (22.05) and root.
# Everything it writes stays under STATE_DIR (default /tmp/firecover-slurm)
# except munge's key and run folders; `stop` ends the daemons it started by
# their pid files and returns once they have exited.
set -euo pipefail
action=${1:-start}
STATE=${2:-/tmp/firecover-slurm}
CONF=$STATE/slurm.conf
NODE=$(hostname -s)

# whether a process runs; a zombie, one that has exited but that no process
# has reaped yet (a container whose first process does not reap), has exited
alive() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

# ends a daemon by its pid file and waits until it has exited: slurmctld
# saves its state under spool/ctld as it stops, so a caller that removes
# STATE_DIR right after a kill that did not wait races with that save
# ("rm: cannot remove .../spool/ctld: Directory not empty"). A daemon still
# there after 30 s is killed outright.
stop_daemon() {
    local file=$1 pid
    [ -s "$file" ] || return 0
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 150); do
        alive "$pid" || break
        sleep 0.2
    done
    if alive "$pid"; then
        echo "$0: pid $pid (from $file) still running after 30 s; killing it" >&2
        kill -9 "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            alive "$pid" || break
            sleep 0.1
        done
    fi
    rm -f "$file"
}

stop() {
    for file in "$STATE/run/slurmd.pid" "$STATE/run/slurmctld.pid" "$STATE/munge/munged.pid"; do
        stop_daemon "$file"
    done
}

if [ "$action" = stop ]; then
    stop
    exit 0
fi
if [ "$action" != start ]; then
    echo "usage: $0 start|stop [STATE_DIR]" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "$0: the daemons run as root here; run it as root" >&2
    exit 2
fi

mkdir -p "$STATE/run" "$STATE/log" "$STATE/spool/ctld" "$STATE/spool/d" "$STATE/munge"
# munged, as the munge user, must reach its pid folder
chmod 755 "$STATE"

# munge: a key, its folders, the daemon as the munge user
if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key
fi
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge "$STATE/munge"
chmod 400 /etc/munge/munge.key
if ! munge -n >/dev/null 2>&1; then
    # munged writes its pid file as the munge user, in a folder of its own
    runuser -u munge -- /usr/sbin/munged --pid-file="$STATE/munge/munged.pid"
fi

MEM_MB=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
cat > "$CONF" <<CONF
ClusterName=firecover
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/spool/ctld
SlurmdSpoolDir=$STATE/spool/d
SlurmctldPidFile=$STATE/run/slurmctld.pid
SlurmdPidFile=$STATE/run/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MaxArraySize=10001
NodeName=$NODE CPUs=$(nproc) RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

export SLURM_CONF=$CONF
/usr/sbin/slurmctld -f "$CONF"
/usr/sbin/slurmd -f "$CONF" -N "$NODE"
# ready when the node is idle
for _ in $(seq 100); do
    if sinfo -h -o %T 2>/dev/null | grep -q idle; then
        echo "export SLURM_CONF=$CONF"
        exit 0
    fi
    sleep 0.2
done
echo "$0: the node did not come up; see $STATE/log/" >&2
tail -n 20 "$STATE/log/slurmctld.log" "$STATE/log/slurmd.log" >&2 || true
stop
exit 1
