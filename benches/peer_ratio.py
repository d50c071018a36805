#!/usr/bin/env python3
"""firecover's speed against the SimPy peer, measured the only way that
means something on a machine whose speed drifts: alternately, in one sitting.

Each round runs SimPy on the hypercube model, firecover on the same model,
SimPy again, firecover on liangping-2020 and SimPy a third time.
firecover's rate is the whole process (start to exit) on one thread; each
of its runs is set against the mean of the two SimPy runs around it. Liangping has no SimPy peer, so its
rate is also given scaled to the peer's reference machine (SimPy at
130,000 incidents/s, as ../shared/peers/README.md states), which is how the
8 M/s target reads on a slower or faster day.

    python3 benches/peer_ratio.py                      # 10 rounds
    python3 benches/peer_ratio.py --rounds 5 --peers ../shared/peers

Needs a release build (cargo build --release) and SimPy (pip install simpy).
Exits 2 on a missing binary, peer file or SimPy, 1 when a run fails.
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
# SimPy's rate on the hypercube model on the peers' reference machine
SIMPY_REFERENCE_PER_S = 130_000.0


def fail(message, code=2):
    print(f"peer_ratio: {message}", file=sys.stderr)
    sys.exit(code)


def run(cmd, cwd):
    """Runs `cmd` and returns (wall seconds, stdout)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        fail(f"{' '.join(map(str, cmd))} exited {done.returncode}: {done.stderr.strip()}", 1)
    return seconds, done.stdout


def simpy_rate(peers):
    _, out = run([sys.executable, "simpy_dispatch.py", "hypercube-model.json", "1", "1"], peers)
    try:
        return float(json.loads(out)["incidents_per_s"])
    except (ValueError, KeyError, TypeError) as e:
        fail(f"simpy_dispatch.py printed no incidents_per_s ({e}): {out[:200]!r}", 1)


def firecover_rate(binary, scenario, replications, json_path):
    """Incidents per wall second of a one-thread run, whole process."""
    # the last run's report must not stand in for this one's
    pathlib.Path(json_path).unlink(missing_ok=True)
    seconds, _ = run(
        [binary, "run", scenario, "--threads", "1", "--replications", str(replications),
         "--json", json_path],
        ROOT,
    )
    try:
        report = json.loads(pathlib.Path(json_path).read_text())
        return report["incidents"] * report["replications"] / seconds, seconds
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"{json_path}: no incidents and replications in firecover's JSON ({e})", 1)


def spread(values):
    return f"{min(values):.1f}-{max(values):.1f} (median {statistics.median(values):.1f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=pathlib.Path, default=ROOT.parent / "shared" / "peers")
    parser.add_argument("--firecover", type=pathlib.Path,
                        default=ROOT / "target" / "release" / "firecover")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--hypercube-replications", type=int, default=200)
    parser.add_argument("--liangping-replications", type=int, default=20_000)
    args = parser.parse_args()
    if args.rounds < 1:
        fail("--rounds must be at least 1")
    if not args.firecover.is_file():
        fail(f"{args.firecover}: no such binary (run cargo build --release first)")
    for name in ("simpy_dispatch.py", "hypercube-model.json", "hypercube.toml"):
        if not (args.peers / name).is_file():
            fail(f"{args.peers / name}: missing (give the peers folder with --peers)")
    if subprocess.run([sys.executable, "-c", "import simpy"], capture_output=True).returncode:
        fail("SimPy is not installed for this python3 (pip install simpy)")
    liangping = ROOT / "scenarios" / "liangping-2020.toml"

    ratios, hypercube, liangping_rates, liangping_scaled = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = str(pathlib.Path(tmp) / "r.json")
        for round_no in range(1, args.rounds + 1):
            before = simpy_rate(args.peers)
            hc, hc_s = firecover_rate(args.firecover, args.peers / "hypercube.toml",
                                      args.hypercube_replications, out)
            between = simpy_rate(args.peers)
            lp, lp_s = firecover_rate(args.firecover, liangping, args.liangping_replications, out)
            after = simpy_rate(args.peers)
            simpy = (before + between) / 2
            ratios.append(hc / simpy)
            hypercube.append(hc / 1e6)
            liangping_rates.append(lp / 1e6)
            liangping_scaled.append(lp / ((between + after) / 2) * SIMPY_REFERENCE_PER_S / 1e6)
            print(f"round {round_no}: hypercube {hc_s:.2f} s, {hc / 1e6:.2f} M/s; SimPy "
                  f"{before / 1e3:.0f}, {between / 1e3:.0f}, {after / 1e3:.0f} k/s; "
                  f"ratio {hc / simpy:.1f}x; "
                  f"liangping-2020 {lp_s:.2f} s, {lp / 1e6:.2f} M/s "
                  f"({liangping_scaled[-1]:.2f} M/s at the reference speed)", flush=True)
    print(f"hypercube: {spread(hypercube)} M incidents/s; ratio to SimPy {spread(ratios)}x, "
          f"{sum(r >= 100 for r in ratios)} of {len(ratios)} rounds at 100x or more")
    print(f"liangping-2020: {spread(liangping_rates)} M incidents/s; "
          f"at the reference speed {spread(liangping_scaled)} M/s")


if __name__ == "__main__":
    main()
