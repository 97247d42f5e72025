#!/usr/bin/env python3
"""Spreadsheet-proof output, checked with readers that are not ozsim's own.

For run (with --trace), compare, sweep, calibrate and sensitivity on the tiny
scenario, the same command is run twice, with the default CSV dialect and with
--csv-dialect nl (and for all but sensitivity, --xlsx with the default dialect).

- Every nl CSV starts with a UTF-8 byte-order mark, reads with Python's csv
  module using ';' as the delimiter, and holds exactly the default file's
  values: each numeric field, with its decimal comma read as a point, is the
  same double; every other field is the same text. No nl number has a '.'.
- manifest.json records the dialect and lists exactly the folder's files.
- With --xlsx, the workbook opens with openpyxl; each sheet that mirrors a CSV
  file has its rows, every numeric CSV field is a number cell (not text) with
  the same value, and the number formats are set (euros '#,##0', shares '0.0%'). A calendar year
  ("2022") is a number cell; a school year ("2021/22") text.
  "The same value" is to 15 significant digits (relative 1e-15): libxlsxwriter
  stores 16 significant digits, and a spreadsheet computes with 15.
  run's summary sheet equals summary.json; its budget sheet's school-year rows
  equal the cost.<payer>.<year> KPIs and every row has n and an interval; its
  timeseries, flows, costs and provision_costs sheets mirror their CSV files, as
  compare's costs, provision_costs (and with --posterior posterior_effects and
  ceac) sheets do. calibrate's fit sheet carries each KPI's
  label and unit.
- compare --posterior reads a posterior.csv in the nl dialect and gives the same
  posterior_effects.csv as from the default one.

Usage: spreadsheet_test.py OZSIM SOURCE_DIR
"""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile

import openpyxl

ozsim, source = sys.argv[1], sys.argv[2]
tiny = os.path.join(source, "scenarios", "tiny.toml")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(args, cwd):
    result = subprocess.run([ozsim, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"ozsim {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def as_number(text, decimal):
    if text == "" or (decimal == "," and "." in text):
        return None
    try:
        value = float(text.replace(",", ".") if decimal == "," else text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # "inf" (a temperature) is a word in both dialects


def read_rows(path, dialect):
    raw = open(path, "rb").read()
    if dialect == "nl":
        check(raw.startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 byte-order mark")
        text = raw.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    check(not raw.startswith(b"\xef\xbb\xbf"), f"{path}: a byte-order mark in the default dialect")
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=","))


WALL_TIME = {"seconds"}  # generations.csv: how long a generation took, which two runs never share


def compare_csv(default_path, nl_path):
    plain, dutch = read_rows(default_path, "rfc4180"), read_rows(nl_path, "nl")
    name = os.path.basename(nl_path)
    check(len(plain) == len(dutch), f"{name}: {len(plain)} rows by default, {len(dutch)} in nl")
    numbers = 0
    header = plain[0] if plain else []
    for r, (a, b) in enumerate(zip(plain, dutch)):
        if len(a) != len(b):
            failures.append(f"{name} row {r}: {len(a)} fields by default, {len(b)} in nl")
            continue
        for column, (x, y) in enumerate(zip(a, b)):
            if r > 0 and header[column] in WALL_TIME:
                check(as_number(y, ",") is not None, f"{name} row {r}: nl {header[column]} '{y}' is not a number")
                continue
            value = as_number(x, ".")
            if value is None:
                check(x == y, f"{name} row {r}: text '{x}' became '{y}'")
                continue
            numbers += 1
            check("." not in y, f"{name} row {r}: nl number '{y}' has a point")
            check(as_number(y, ",") == value, f"{name} row {r}: {x} became {y}")
    check(numbers > 0, f"{name}: no numbers compared")
    return numbers


def check_manifest(folder, dialect):
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    check(manifest.get("csv_dialect") == dialect, f"{folder}: manifest csv_dialect {manifest.get('csv_dialect')}")
    check(sorted(manifest["files"]) == sorted(os.listdir(folder)), f"{folder}: manifest lists {manifest['files']}")
    return manifest


def same(cell, value):
    return isinstance(cell, (int, float)) and math.isclose(float(cell), value, rel_tol=1e-15, abs_tol=1e-300)


LABELS = {"period"}  # "2020" names a calendar year: a label, text in both
# costs.csv's year, "2021/22" or "2022" for a calendar year, is no label: a calendar year is a number cell in
# every sheet, a school year text.


def compare_sheet(book, sheet, csv_path):
    """Every CSV column the sheet has, row by row: numbers as number cells with the same value."""
    rows = read_rows(csv_path, "rfc4180")
    ws = book[sheet]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    header = cells[0]
    check(len(cells) == len(rows), f"{sheet}: {len(cells) - 1} rows, {os.path.basename(csv_path)} {len(rows) - 1}")
    numbers = 0
    for column, name in enumerate(rows[0]):
        if name not in header:
            failures.append(f"{sheet}: no column {name}")
            continue
        at = header.index(name)
        for r in range(1, min(len(rows), len(cells))):
            text, cell = rows[r][column], cells[r][at]
            value = None if name in LABELS else as_number(text, ".")
            if value is None:
                check(str(cell or "") == text, f"{sheet} row {r} {name}: '{cell}' for '{text}'")
            else:
                numbers += 1
                check(isinstance(cell, (int, float)) and not isinstance(cell, bool),
                      f"{sheet} row {r} {name}: {cell!r} is not a number cell")
                check(same(cell, value),
                      f"{sheet} row {r} {name}: {cell!r} for {text}")
    check(numbers > 0, f"{sheet}: no numbers compared")
    return numbers


def formats(book, sheet):
    # A whole number such as an acceptance of 1 reads back as an int: it is a number all the same.
    return {c.number_format for row in book[sheet].iter_rows(min_row=2) for c in row
            if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)}


def check_run_workbook(book, folder):
    summary = json.load(open(os.path.join(folder, "summary.json")))["kpis"]
    cells = [[c.value for c in row] for row in book["summary"].iter_rows()]
    header = cells[0]
    check(len(cells) - 1 == len(summary), f"run summary sheet: {len(cells) - 1} KPIs, summary.json {len(summary)}")
    for row in cells[1:]:
        entry = dict(zip(header, row))
        kpi = summary.get(entry["kpi"])
        if kpi is None:
            failures.append(f"run summary sheet: {entry['kpi']} not in summary.json")
            continue
        check(entry["label_en"] and entry["unit"], f"run summary sheet: {entry['kpi']} has no label or unit")
        for field in ("mean", "lo95", "hi95", "sd", "n"):
            expected = kpi[field]
            check(entry[field] is None if expected is None else same(entry[field], expected),
                  f"run summary sheet: {entry['kpi']} {field} {entry[field]!r}, summary.json {expected!r}")
    budget = [[c.value for c in row] for row in book["budget"].iter_rows()]
    header = budget[0]
    school = 0
    for row in budget[1:]:
        entry = dict(zip(header, row))
        if entry["year_basis"] != "school" or entry["discounted"] != "no" or entry["year"] == "all":
            continue
        kpi = summary.get(f"cost.{entry['payer']}.{entry['year']}" if entry["payer"] != "all payers"
                          else f"cost.total.{entry['year']}")
        if kpi is None:
            continue
        school += 1
        check(same(entry["mean_eur"], kpi["mean"]),
              f"run budget sheet: {entry['payer']} {entry['year']} {entry['mean_eur']} vs {kpi['mean']}")
    check(school > 0, "run budget sheet: no school-year row matched a cost KPI")
    for row in budget[1:]:
        entry = dict(zip(header, row))
        check(entry["n"] == 2 and entry["lo95_eur"] is not None and entry["hi95_eur"] is not None,
              f"run budget sheet: {entry['year_basis']} {entry['payer']} {entry['year']} without n or interval")
    check(any(r[0] == "calendar" for r in budget[1:]), "run budget sheet: no calendar-year rows")
    check("#,##0" in formats(book, "budget"), "run budget sheet: euros without their format")
    check("0.0%" in formats(book, "summary"), "run summary sheet: shares without their format")


def check_calibration_workbook(book):
    cells = [[c.value for c in row] for row in book["fit"].iter_rows()]
    header = cells[0]
    for row in cells[1:]:
        entry = dict(zip(header, row))
        check(entry["label_nl"] and entry["label_en"] and entry["unit"],
              f"calibrate fit sheet: {entry['kpi']} has no label or unit")
    check("0.0%" in formats(book, "generations"), "calibrate generations sheet: acceptance without its format")


data = os.path.join(source, "tests", "app", "data")
calibrate_files = ["--targets", os.path.join(data, "progress_targets.toml"),
                   "--priors", os.path.join(data, "tiny_priors.toml")]
commands = {
    "run": ["run", tiny, "--replications", "2", "--years", "5", "--trace"],
    "compare": ["compare", tiny, os.path.join(source, "scenarios", "tiny.toml"), "--replications", "3"],
    "sweep": ["sweep", tiny, "--set", "provisions.oov.capacity=2,6", "--replications", "2"],
    "calibrate": ["calibrate", tiny, *calibrate_files, "--particles", "12", "--generations", "2",
                  "--predictive-draws", "8", "--max-simulations", "200"],
    "sensitivity": ["sensitivity", tiny, "--params", os.path.join(data, "tiny_priors.toml"), "--trajectories", "4",
                    "--kpi", "count.thuiszitter", "--kpi", "home.mean_days"],
}
mirrors = {"run": {"timeseries": "timeseries.csv", "flows": "flows.csv", "costs": "costs.csv",
                   "provision_costs": "provision_costs.csv"},
           "compare": {"summary": "compare.csv", "budget": "budget.csv",
                       "cost_effectiveness": "cost_effectiveness.csv", "costs": "costs.csv",
                       "provision_costs": "provision_costs.csv"},
           "sweep": {"summary": "sweep.csv"},
           "calibrate": {"summary": "summary.csv", "fit": "fit.csv", "generations": "generations.csv",
                         "posterior": "posterior.csv"},
           "sensitivity": {}}

with tempfile.TemporaryDirectory() as scratch:
    for name, args in commands.items():
        folders = {}
        for dialect in ("rfc4180", "nl"):
            folder = os.path.join(scratch, f"{name}-{dialect}")
            xlsx = ["--xlsx"] if dialect == "rfc4180" and mirrors[name] else []
            run([*args, "--quiet", "--out", folder, "--csv-dialect", dialect, *xlsx], scratch)
            check_manifest(folder, dialect)
            folders[dialect] = folder
        files = sorted(f for f in os.listdir(folders["rfc4180"]) if f.endswith(".csv"))
        check(files == sorted(f for f in os.listdir(folders["nl"]) if f.endswith(".csv")),
              f"{name}: different CSV files per dialect")
        for f in files:
            count = compare_csv(os.path.join(folders["rfc4180"], f), os.path.join(folders["nl"], f))
            print(f"{name}/{f}: {count} numbers equal in both dialects")
        if not mirrors[name]:
            continue
        book = openpyxl.load_workbook(os.path.join(folders["rfc4180"], f"{name}.xlsx"))
        for sheet, csv_file in mirrors[name].items():
            count = compare_sheet(book, sheet, os.path.join(folders["rfc4180"], csv_file))
            print(f"{name}.xlsx/{sheet}: {count} numbers equal to {csv_file}")
        if name == "run":
            check_run_workbook(book, folders["rfc4180"])
        if name == "calibrate":
            check_calibration_workbook(book)
    effects = {}
    for dialect in ("rfc4180", "nl"):
        folder = os.path.join(scratch, f"posterior-{dialect}")
        xlsx = ["--xlsx"] if dialect == "rfc4180" else []
        run(["compare", tiny, tiny, "--replications", "2", "--quiet", "--posterior",
             os.path.join(scratch, f"calibrate-{dialect}", "posterior.csv"), "--draws", "3",
             "--out", folder, *xlsx], scratch)
        effects[dialect] = open(os.path.join(folder, "posterior_effects.csv"), "rb").read()
        if xlsx:
            book = openpyxl.load_workbook(os.path.join(folder, "compare.xlsx"))
            for sheet in ("posterior_effects", "ceac"):
                count = compare_sheet(book, sheet, os.path.join(folder, f"{sheet}.csv"))
                print(f"compare --posterior compare.xlsx/{sheet}: {count} numbers equal to {sheet}.csv")
    check(effects["rfc4180"] == effects["nl"], "compare --posterior: an nl posterior.csv gave other effects")
    expected = {"compare.csv", "budget.csv", "cost_effectiveness.csv"}
    present = set(os.listdir(os.path.join(scratch, "compare-rfc4180")))
    check(expected <= present, f"compare wrote {sorted(present)}")

if failures:
    sys.exit("\n".join(failures[:50]))
print("ok")
