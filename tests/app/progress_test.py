#!/usr/bin/env python3
"""Progress on stderr, read as a batch job's log reads it (stderr not a terminal).

With --progress-every 0 every step but the last writes a plain line, so the
test does not depend on how fast the machine is:
- run, compare, sweep, sensitivity and calibrate write their progress lines
  ("ozsim: run: 3 of 6 replications (50%), 0.1 s elapsed, about 0.1 s left"),
  each count once;
- --quiet writes nothing on stderr, and the output files are byte-identical
  with and without progress (manifest.json differs only in the command line;
  a calibration's wall times are left out, they are measured, not computed);
- manifest.json of every folder written here (run, compare, sweep,
  sensitivity with Morris and with Sobol, calibrate, a resumed calibrate)
  names exactly its files;
- Ctrl-C (SIGINT) in a run that replaces an earlier output folder ends it
  within seconds, says nothing was written, and leaves the earlier folder as
  it was, with no staging directory or lock beside it;
- Ctrl-C (SIGINT) in a calibration after its first generation ends it within
  seconds with a message that says nothing was written and how to resume;
  the output folder does not exist, the checkpoint does, and the same command
  with --resume finishes the calibration from it.

Usage: progress_test.py OZSIM SOURCE_DIR
"""
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ozsim, source = sys.argv[1], sys.argv[2]
tiny = os.path.join(source, "scenarios", "tiny.toml")
data = os.path.join(source, "tests", "app", "data")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(args):
    result = subprocess.run([ozsim, *args], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"FAIL: ozsim {' '.join(args)} exited with {result.returncode}:\n{result.stderr}")
    return result.stderr


def counts(log, task, total, unit):
    """The step counts of the plain progress lines of `task`; fails on any other stderr line."""
    pattern = re.compile(rf"^ozsim: {re.escape(task)}: (\d+) of {total} {unit} \((\d+)%\), "
                         rf"\d+\.\d s elapsed, about \d+\.\d s left$")
    found = []
    for line in log.splitlines():
        m = pattern.match(line)
        if not m:
            continue
        done, percent = int(m.group(1)), int(m.group(2))
        check(percent == done * 100 // total, f"{task}: {done} of {total} shown as {percent}%")
        found.append(done)
    return found


def files(folder):
    return {name: open(os.path.join(folder, name), "rb").read() for name in sorted(os.listdir(folder))}


def same_outputs(loud, quiet, what, measured=()):
    """Every file equal, but manifest.json's command line and the measured wall times in `measured`."""
    a, b = files(loud), files(quiet)
    check(a.keys() == b.keys(), f"{what}: files {sorted(a)} with progress, {sorted(b)} with --quiet")
    for name in a.keys() & b.keys():
        if name == "manifest.json":
            ma, mb = json.loads(a[name]), json.loads(b[name])
            ma.pop("command_line"), mb.pop("command_line")
            check(ma == mb, f"{what}: manifest.json differs beyond the command line")
        elif name in measured:
            continue
        else:
            check(a[name] == b[name], f"{what}: {name} differs with --quiet")


def check_manifest(folder):
    """manifest.json names exactly the files in the folder (itself included)."""
    listed = json.load(open(os.path.join(folder, "manifest.json")))["files"]
    check(sorted(listed) == sorted(os.listdir(folder)), f"{folder}: manifest lists {sorted(listed)}, "
                                                        f"the folder holds {sorted(os.listdir(folder))}")


def without_seconds(path):
    rows = list(csv.DictReader(open(path)))
    for row in rows:
        row.pop("seconds")
    return rows


with tempfile.TemporaryDirectory() as scratch:
    out = lambda name: os.path.join(scratch, name)

    # run: one line per replication but the last, in order; --quiet: nothing, and the same files.
    run_args = ["run", tiny, "-r", "6", "--progress-every", "0"]
    log = run([*run_args, "--out", out("run")])
    check(counts(log, "run", 6, "replications") == [1, 2, 3, 4, 5], f"run: progress lines\n{log}")
    check(run([*run_args, "--quiet", "--out", out("run-quiet")]) == "", "run --quiet wrote on stderr")
    same_outputs(out("run"), out("run-quiet"), "run")

    log = run(["compare", tiny, tiny, "-r", "3", "--progress-every", "0", "--out", out("compare")])
    check(counts(log, "compare", 6, "replications") == [1, 2, 3, 4, 5], f"compare: progress lines\n{log}")

    log = run(["sweep", tiny, "--set", "provisions.oov.capacity=2,6", "-r", "2", "--progress-every", "0",
               "--out", out("sweep")])
    check(counts(log, "sweep", 4, "replications") == [1, 2, 3], f"sweep: progress lines\n{log}")

    # Morris: 10 trajectories of 2 points (one free key); the model runs finish in any order.
    sens = ["sensitivity", tiny, "--params", os.path.join(data, "tiny_priors.toml"), "--progress-every", "0"]
    log = run([*sens, "--out", out("sensitivity")])
    # 40 trajectories (the default) x (1 parameter + the start + the noise-floor dummy) = 120 model runs.
    check(sorted(counts(log, "sensitivity", 120, "model runs")) == list(range(1, 120)),
          f"sensitivity: progress lines\n{log}")
    check(run([*sens, "--quiet", "--out", out("sensitivity-quiet")]) == "", "sensitivity --quiet wrote on stderr")
    same_outputs(out("sensitivity"), out("sensitivity-quiet"), "sensitivity")

    calibrate = ["calibrate", tiny, "--targets", os.path.join(data, "progress_targets.toml"),
                 "--priors", os.path.join(data, "tiny_priors.toml"), "--particles", "30",
                 "--predictive-draws", "20", "--threads", "2", "--progress-every", "0"]
    log = run([*calibrate, "--generations", "3", "--out", out("calibration")])
    for g in range(3):
        # From generation 1 on: what the likelihood was divided by, and how many proposals lay above it.
        normaliser = (r"; likelihood over the best seen \(log -?[0-9.e+-]+\), \d+ above it \(accepted for sure\)"
                      if g > 0 else "")
        check(re.search(rf"^ozsim: calibrate: generation {g} done: temperature \S+, acceptance \d+\.\d%, "
                        rf"ESS \d+, \d+ simulations \(\d+ in all\), \d+\.\d s{normaliser}$", log, re.M),
              f"calibrate: no line for generation {g} done\n{log}")
    check(re.search(r"^ozsim: calibrate: generation 1, \d+ of 30 particles \(\d+%\), \d+\.\d s elapsed, "
                    r"about \S+ s left in this generation; ends within about .* \(--max-simulations\)$",
                    log, re.M), f"calibrate: no line within generation 1\n{log}")
    check(re.search(r"^ozsim: calibrate: generation 2, \d+ of 30 particles .* left \(the last generation\)$",
                    log, re.M), f"calibrate: no line within the last generation\n{log}")
    check(sorted(counts(log, "calibrate: predictive check", 40, "model runs")) == list(range(1, 40)),
          f"calibrate: predictive check lines\n{log}")
    check(run([*calibrate, "--generations", "3", "--quiet", "--out", out("calibration-quiet")]) == "",
          "calibrate --quiet wrote")
    same_outputs(out("calibration"), out("calibration-quiet"), "calibrate",
                 measured=("generations.csv", "calibration.json", "checkpoint.json"))
    check(without_seconds(out("calibration/generations.csv")) ==
          without_seconds(out("calibration-quiet/generations.csv")), "calibrate: generations.csv differs")

    # Sobol indices: their progress counts samples x (parameters + 2) model runs.
    sobol = ["sensitivity", tiny, "--params", os.path.join(data, "tiny_priors.toml"), "--method", "sobol",
             "--samples", "8", "--progress-every", "0"]
    log = run([*sobol, "--out", out("sobol")])
    check(sorted(counts(log, "sensitivity", 24, "model runs")) == list(range(1, 24)),
          f"sensitivity --method sobol: progress lines\n{log}")

    # Ctrl-C in a run that would replace an earlier folder: prompt, nothing written, the earlier set kept.
    before = {name: open(os.path.join(out("run"), name), "rb").read() for name in os.listdir(out("run"))}
    long_run = ["run", tiny, "--replications", "100000", "--threads", "2", "--progress-every", "0.2",
                "--out", out("run")]
    child = subprocess.Popen([ozsim, *long_run], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in child.stderr:
        if "replications" in line:
            break
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    _, rest = child.communicate(timeout=60)
    waited = time.monotonic() - sent
    check(child.returncode == -signal.SIGINT, f"interrupted run exited with {child.returncode}")
    check(waited < 5.0, f"run took {waited:.1f} s to stop after SIGINT")
    message = rest.splitlines()[-1] if rest.strip() else ""
    check(message == f"ozsim: interrupted; nothing written, '{out('run')}' still holds the previous complete "
                     f"output (if any)", f"run interrupt message: {message!r}")
    after = {name: open(os.path.join(out("run"), name), "rb").read() for name in os.listdir(out("run"))}
    check(after == before, "the interrupted run changed the earlier output folder")
    leftovers = [name for name in os.listdir(scratch) if name.startswith("run.") or name.startswith(".run")]
    check(not leftovers, f"the interrupted run left {leftovers} beside its folder")
    print(f"run: SIGINT to exit: {waited:.2f} s")

    # Ctrl-C after the first generation: prompt, says what it left, and --resume finishes the job.
    interrupted = [*calibrate, "--generations", "4", "--out", out("interrupted")]
    child = subprocess.Popen([ozsim, *interrupted], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in child.stderr:
        seen.append(line)
        if "generation 0 done" in line:
            break
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    _, rest = child.communicate(timeout=60)
    waited = time.monotonic() - sent
    check(child.returncode == -signal.SIGINT, f"interrupted calibrate exited with {child.returncode}")
    check(waited < 5.0, f"calibrate took {waited:.1f} s to stop after SIGINT")
    checkpoint = out("interrupted") + ".checkpoint.json"
    message = rest.splitlines()[-1] if rest.strip() else ""
    check(message == f"ozsim: interrupted; nothing written, '{out('interrupted')}' still holds the previous "
                     f"complete output (if any); '{checkpoint}' keeps the last complete generation (if one was "
                     f"complete): the same command with --resume continues from it",
          f"interrupt message: {message!r}")
    check(not os.path.exists(out("interrupted")), "the interrupted calibration left its output folder")
    check(os.path.exists(checkpoint), "the interrupted calibration left no checkpoint")
    check(os.path.exists(checkpoint) and json.load(open(checkpoint))["generation"] == 0,
          "the checkpoint is not of generation 0")
    run([*interrupted, "--resume", "--quiet"])
    check(os.path.exists(out("interrupted/posterior.csv")), "--resume wrote no posterior.csv")
    check(not os.path.exists(checkpoint), "--resume left the live checkpoint behind")
    print(f"SIGINT to exit: {waited:.2f} s")
    for folder in ("run", "run-quiet", "compare", "sweep", "sensitivity", "sobol", "calibration",
                   "calibration-quiet", "interrupted"):
        check_manifest(out(folder))

if failures:
    sys.exit("FAIL:\n" + "\n".join(failures[:40]))
print("ok")
