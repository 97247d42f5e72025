#!/usr/bin/env python3
"""Runs every example in `ozsim --help` and in each subcommand's --help, as written.

Examples are the lines starting with "  ozsim " in a help text (a trailing
backslash continues the line). They run in a scratch directory that holds the
bundled scenarios and calibration files under their repository names, so
relative paths mean what they mean in the repository. An example passes when it
exits 0; a sweep example must also change at least one KPI between its points
(a sweep of something no pupil reaches says nothing).
"""
import csv
import os
import re
import shlex
import subprocess
import sys
import tempfile

ozsim, source = sys.argv[1], sys.argv[2]


def help_text(args):
    return subprocess.run([ozsim, *args, "--help"], capture_output=True, text=True, check=True).stdout


def examples(text):
    lines, found, current = text.splitlines(), [], None
    for line in lines:
        stripped = line.strip()
        if current is not None:
            current += " " + stripped.rstrip("\\").strip()
            if not stripped.endswith("\\"):
                found.append(current)
                current = None
            continue
        if line.startswith("  ozsim ") or line.startswith("ozsim "):
            command = stripped
            # The top-level help explains examples after two spaces; drop the explanation.
            command = re.split(r"\s{2,}", command)[0]
            if command.endswith("\\"):
                current = command.rstrip("\\").strip()
            else:
                found.append(command)
    return found


def subcommands(text):
    names, in_list = [], False
    for line in text.splitlines():
        if line.strip().upper().startswith("SUBCOMMANDS"):
            in_list = True
            continue
        if in_list:
            if not line.startswith("  ") or not line.strip():
                if names:
                    break
                continue
            names.append(line.split()[0])
    return names


top = help_text([])
all_examples = examples(top)
for sub in subcommands(top):
    all_examples += examples(help_text([sub]))
if len(all_examples) < 5:
    sys.exit(f"only {len(all_examples)} examples found; the help format changed?")

failures = []
with tempfile.TemporaryDirectory() as scratch:
    for folder in ("scenarios", "calibration"):
        os.symlink(os.path.join(source, folder), os.path.join(scratch, folder))
    for example in all_examples:
        # "a && b" runs b only after a succeeded, as a shell would.
        for part in example.split("&&"):
            argv = shlex.split(part)
            argv[0] = ozsim
            run = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, timeout=300)
            status = "ok" if run.returncode == 0 else f"exit {run.returncode}"
            if run.returncode != 0:
                break
        if run.returncode == 0 and argv[1] == "sweep":
            out = argv[argv.index("--out") + 1] if "--out" in argv else "ozsim-out"
            with open(os.path.join(scratch, out, "sweep.csv"), newline="") as f:
                means = {}
                for row in csv.DictReader(f):
                    means.setdefault(row["kpi"], set()).add(row["mean"])
            if not any(len(values) > 1 for values in means.values()):
                status = "no KPI differs between the sweep's points"
        print(f"{status:>8}  {example}")
        if status != "ok":
            failures.append(f"{example}\n{run.stderr[-2000:]}")
if failures:
    sys.exit("examples that fail as written:\n" + "\n".join(failures))
