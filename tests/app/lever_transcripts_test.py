#!/usr/bin/env python3
"""A transcript per bundled lever scenario: `ozsim compare` run as a planner runs it, BASE = the Midden-Holland
baseline and every lever scenario in scenarios/ as an ALT, 30 paired replications. For each lever the
headline KPI its mechanism is meant to move (and what else it must move: its own places used, its cost) must
move that way, with a 95% interval that excludes zero, and
the transcript must show the lever's comparison block. Each lever scenario must also say, in its header, what
the seed describes, what the model does and what is assumed, and state the year each of its levers starts.

A lever scenario added to scenarios/ without an expectation here fails: say what it should move.

Usage: lever_transcripts_test.py OZSIM_BINARY SOURCE_DIR
"""
import csv
import pathlib
import re
import subprocess
import sys
import tempfile

BASE = "midden-holland.toml"
REPLICATIONS = 30

# scenario file -> [(KPI, direction, why)]: the mechanism's headline first, then what else it must move.
EXPECTED = {
    "opbouwarrangement.toml": [
        ("count.risicoleerling", "down", "absent VO pupils taken into the arrangement"),
        ("entries.opbouwarrangement.per_year", "up", "its places are used"),
        ("home.months.per_year", "down", "thuiszitters among them leave home sooner"),
        ("cost.total.per_year", "up", "EUR 631,000 a year, used or not")],
    "herstart.toml": [
        ("count.risicoleerling", "down", "absent primary pupils taken into Herstart"),
        ("entries.oza.per_year", "up", "its places are used")],
    "sbo-jeugdzorg.toml": [
        ("count.dagbesteding", "down", "primary pupils taken out of dagbesteding"),
        ("flow.dagbesteding.oza.per_year", "up", "out of dagbesteding into the combined place")],
    "mdo-escalation.toml": [
        ("home.months.per_year", "down", "stuck absence shortened"),
        ("count.risicoleerling", "down", "stuck absence shortened"),
        ("cost.total.per_year", "up", "a cost per case discussed")],
    "ret.toml": [
        ("count.home_over_norm", "down", "stuck cases get a bespoke place"),
        ("entries.maatwerk.per_year", "up", "bespoke places outside every provision"),
        ("home.months.per_year", "down", "stuck cases leave home")],
    "oza.toml": [
        ("count.risicoleerling", "down", "pupils kept in school with an education-care place"),
        ("entries.oza.per_year", "up", "its places are used"),
        ("cost.total.per_year", "up", "its places are paid")],
    "jos.toml": [
        ("count.risicoleerling", "down", "more problems dealt with in school"),
        ("jos.prevented.per_year", "up", "more cases taken up at once")],
    "jos-stop-2026.toml": [
        ("count.risicoleerling", "up", "fewer problems dealt with in school"),
        ("entries.risicoleerling.per_year", "up", "more problems become absence")],
    "oov-12-months.toml": [
        ("flow.oov.dagbesteding.per_year", "down", "fewer leave a too-short OOV for dagbesteding"),
        ("flow.oov.risicoleerling.per_year", "down", "fewer leave it for absence")],
    "cluster4-extra-group.toml": [
        ("waiting.cluster4_out_of_region", "down", "primary cluster-4 pupils placed"),
        ("waiting.so_cluster4", "down", "its list shortens")],
    "dagbesteding-agreements.toml": [("flow.dagbesteding.attending.per_year", "up", "more return to school")],
    "structuurgroepen.toml": [("entries.sbo.per_year", "down", "referrals to SBO prevented")],
    "vrijstelling-review.toml": [("count.vrijstelling_5a", "down", "exempted pupils back into education")],
    "priority-norm-first.toml": [("count.home_over_norm", "down", "pupils past the norm served first")],
    "risk-growth-continues.toml": [
        ("count.risicoleerling", "up", "incidence keeps rising"),
        ("entries.risicoleerling.per_year", "up", "incidence keeps rising")],
    "combined-package.toml": [
        ("home.months.per_year", "down", "every lever at once"),
        ("count.dagbesteding", "down", "every lever at once")],
}

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def header_and_sections(path):
    header, sections, current = [], {}, None
    in_header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if in_header and line.startswith("#"):
            header.append(line)
            continue
        in_header = False
        m = re.match(r"^\[interventions\.([a-z0-9_]+)\]", line)
        if m:
            current = m.group(1)
            sections[current] = []
        elif line.startswith("["):
            current = None
        elif current is not None:
            sections[current].append(line)
    return "\n".join(header), sections


def main():
    binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
    scenarios = source / "scenarios"
    # A lever scenario: the baseline plus [interventions.<lever>] sections (tiny.toml and nederland.toml are
    # other regions built on it, not levers).
    def is_lever(path):
        text = path.read_text(encoding="utf-8")
        return (re.search(r'^base\s*=\s*"' + re.escape(BASE) + '"', text, re.M) is not None
                and re.search(r"^\[interventions\.", text, re.M) is not None)

    levers = sorted(p.name for p in scenarios.glob("*.toml") if is_lever(p))
    for name in sorted(set(levers) - set(EXPECTED)):
        fail(f"{name}: a lever scenario with no expected headline KPI in this test")
    for name in sorted(set(EXPECTED) - set(levers)):
        fail(f"{name}: expected here but not a lever scenario in scenarios/")

    names = {}
    for name in levers:
        path = scenarios / name
        header, sections = header_and_sections(path)
        for part in ("What the seed", "What the model does", "ssumption"):
            if part not in header:
                fail(f"{name}: the header comment does not say '{part}...'")
        if not sections:
            fail(f"{name}: no [interventions.<lever>] section")
        for lever, lines in sections.items():
            if not any(re.match(r"^(start_year|end_year)\s*=", line) for line in lines):
                fail(f"{name}: [interventions.{lever}] states no start_year (or end_year)")
        m = re.search(r'^name\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8"), re.M)
        names[name] = m.group(1) if m else path.stem

    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "out"
        command = [binary, "compare", str(scenarios / BASE)] + [str(scenarios / n) for n in levers] + [
            "--replications", str(REPLICATIONS), "--seed", "1", "--quiet", "--out", str(out)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"ozsim compare exited {done.returncode}: {done.stderr.strip()}")
            return
        transcript = done.stdout
        rows = {(r["scenario"], r["kpi"]): r for r in csv.DictReader(open(out / "compare.csv", newline=""))}

    for name in levers:
        scenario = names[name]
        if f"=== {scenario} (ALT) versus" not in transcript:
            fail(f"{name}: the transcript has no comparison block for '{scenario}'")
        for kpi, direction, why in EXPECTED.get(name, []):
            row = rows.get((scenario, kpi))
            if row is None:
                fail(f"{name}: compare.csv has no {kpi}")
                continue
            diff, lo, hi = float(row["diff_mean"]), float(row["diff_lo95"]), float(row["diff_hi95"])
            moved = hi < 0 if direction == "down" else lo > 0
            print(f"{'ok' if moved else 'FAIL'}: {name}: {kpi} {direction} ({why}): {diff:+.4g} [{lo:.4g}, {hi:.4g}]")
            if not moved:
                fail(f"{name}: {kpi} did not go {direction}: {diff:+.4g} [{lo:.4g}, {hi:.4g}]")

if __name__ == "__main__":
    main()
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("every lever moved its headline KPI the way its mechanism says")
