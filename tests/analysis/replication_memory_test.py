#!/usr/bin/env python3
"""Memory does not grow with the number of replications (issue: -r 100000 needed ~35 GB).

Runs scenarios/tiny.toml with 100 and with 100,000 replications, each in its own
child process, and compares their peak resident sets (ru_maxrss, measured by
tests/analysis/peak_rss.cc: a child of Python would report Python's size). The 100,000-replication run must stay below twice the 100-replication
one: before replications were reduced as they finished, each kept ~150 KB until
the end (15 GB here). What does grow, by design, is one 8-byte fingerprint per
replication and its 17 characters in summary.json.

To keep the run near half a minute on two cores, the horizon is one school year
without warm-up and the population one cohort of 100 pupils: the memory a
finished replication leaves behind depends on the KPIs it reports, not on how
many pupils it simulated. Prints both peaks and the growth per replication.
"""
import json
import os
import subprocess
import sys
import tempfile

ozsim, source, peak_rss = sys.argv[1], sys.argv[2], sys.argv[3]
SHORT = [
    "--years", "1", "--set", "simulation.warmup_years=0",
    "--set", "population.initial=[{ age_from = 12.0, age_to = 16.0, count = 100 }]",
    "--set", "initial_state.stocks=[]",
    "--threads", "2", "--seed", "5",
]


def peak_kb(replications, out):
    """Runs ozsim in a child process; returns its peak resident set in KB (Linux reports KB)."""
    args = [ozsim, "run", os.path.join(source, "scenarios", "tiny.toml"), "-r", str(replications), "--out", out, *SHORT]
    done = subprocess.run([peak_rss, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited with {done.returncode}: {done.stderr}")
    last = done.stderr.strip().splitlines()[-1].split()
    if len(last) != 2 or last[0] != "peak_rss_kb":
        sys.exit(f"FAIL: no peak from peak_rss: {done.stderr}")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    if summary["replications"] != replications or len(summary["fingerprints"]) != replications:
        sys.exit(f"FAIL: summary.json of {replications} replications lists {summary['replications']}")
    for name, kpi in summary["kpis"].items():
        if kpi["n"] > replications:
            sys.exit(f"FAIL: {name} has n = {kpi['n']} > {replications}")
    return int(last[1])


with tempfile.TemporaryDirectory() as scratch:
    small = peak_kb(100, os.path.join(scratch, "r100"))
    large = peak_kb(100_000, os.path.join(scratch, "r100000"))
growth = (large - small) * 1024 / (100_000 - 100)
print(f"peak resident set: 100 replications {small} KB, 100,000 replications {large} KB "
      f"({large / small:.2f}x; {growth:.0f} bytes per extra replication)")
if large >= 2 * small:
    sys.exit(f"FAIL: 100,000 replications peaked at {large} KB, not below twice the {small} KB of 100")
