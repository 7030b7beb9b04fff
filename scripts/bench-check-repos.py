#!/usr/bin/env python3
"""`kiln check` on real projects, next to bandit and ruff's S rules on the same trees.

Each project's source (pyproject.toml included) comes from its PyPI sdist. For each one this
runs, from the sdist's root, with default settings:

    kiln check PACKAGE --format json
    ruff check --select S PACKAGE            (Kiln's tools environment)
    bandit -r PACKAGE                         (Kiln's tools environment)

and writes one JSON result per project under --results (a finished project is skipped, so an
interrupted run resumes). Prints a Markdown table of errors, warnings and seconds per tool.

    python3 scripts/bench-check-repos.py [--kiln .build/release/kiln] [--work /tmp/kiln-repos]
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tarfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
# (PyPI name, version, the package folder inside the sdist)
PROJECTS = [
    ("flask", "3.1.3", "src"),
    ("click", "8.5.1", "src"),
    ("requests", "2.34.2", "src"),
    ("httpx", "0.28.1", "httpx"),
    ("rich", "15.0.0", "rich"),
    ("urllib3", "2.8.0", "src"),
    ("jinja2", "3.1.6", "src"),
    ("fastapi", "0.165.0", "fastapi"),
]


def tools_python():
    home = pathlib.Path(os.environ.get("KILN_HOME", pathlib.Path.home() / ".cache/kiln"))
    return str(home / "tools-venv/bin/python")


def fetch(name, version, work):
    for existing in work.glob(f"{name}-{version}"):
        if existing.is_dir():
            return existing
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", f"{name}=={version}", "-d", str(work)],
        check=True,
    )
    archive = next(work.glob(f"{name}-{version}.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    return work / f"{name}-{version}"


def timed(command, cwd):
    start = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return result, time.monotonic() - start


def python_lines(tree):
    return sum(len(p.read_bytes().splitlines()) for p in tree.rglob("*.py"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiln", default=str(ROOT / ".build/release/kiln"))
    parser.add_argument("--work", default="/tmp/kiln-repos")
    parser.add_argument("--results", default=str(ROOT / "bench/results/check-repos"))
    parser.add_argument("--force", action="store_true", help="rerun projects that have a result")
    arguments = parser.parse_args()
    work, results = pathlib.Path(arguments.work), pathlib.Path(arguments.results)
    arguments.kiln = str(pathlib.Path(arguments.kiln).resolve())
    work.mkdir(parents=True, exist_ok=True)
    results.mkdir(parents=True, exist_ok=True)
    python = tools_python()
    for name, version, package in PROJECTS:
        target = results / f"{name}-{version}.json"
        if target.exists() and not arguments.force:
            continue
        tree = fetch(name, version, work)
        kiln, kiln_seconds = timed([arguments.kiln, "check", package, "--format", "json"], tree)
        if kiln.returncode not in (0, 1):
            print(f"{name}: kiln check failed ({kiln.returncode}): {kiln.stderr[-400:]}", file=sys.stderr)
            continue
        ruff, ruff_seconds = timed(
            [python, "-m", "ruff", "check", "--no-cache", "--isolated", "--exit-zero", "--select", "S", "--output-format", "json", package],
            tree,
        )
        bandit, bandit_seconds = timed([python, "-m", "bandit", "-q", "-r", "-f", "json", package], tree)
        report = json.loads(kiln.stdout)
        findings = report["findings"] if isinstance(report, dict) else report
        bandit_results = json.loads(bandit.stdout)["results"] if bandit.stdout.strip() else []
        record = {
            "project": name,
            "version": version,
            "package": package,
            "lines": python_lines(tree / package),
            "kiln": {
                "exit": kiln.returncode,
                "seconds": round(kiln_seconds, 2),
                "errors": [f for f in findings if f["severity"] == "error"],
                "warnings": sum(1 for f in findings if f["severity"] == "warning"),
                "info": sum(1 for f in findings if f["severity"] == "info"),
            },
            "ruff_s": {"seconds": round(ruff_seconds, 2), "findings": len(json.loads(ruff.stdout or "[]"))},
            "bandit": {
                "seconds": round(bandit_seconds, 2),
                "findings": len(bandit_results),
                "high": sum(1 for r in bandit_results if r["issue_severity"] == "HIGH"),
            },
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        target.write_text(json.dumps(record, indent=1) + "\n")
    print("| project (version, folder) | lines | kiln errors | kiln warnings | kiln s | ruff S findings | ruff S s | bandit findings (high) | bandit s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, version, package in PROJECTS:
        target = results / f"{name}-{version}.json"
        if not target.exists():
            continue
        r = json.loads(target.read_text())
        print(
            f"| {name} {version} (`{package}`) | {r['lines']:,} | {len(r['kiln']['errors'])} | {r['kiln']['warnings']} | "
            f"{r['kiln']['seconds']:.1f} | {r['ruff_s']['findings']} | {r['ruff_s']['seconds']:.1f} | "
            f"{r['bandit']['findings']} ({r['bandit']['high']}) | {r['bandit']['seconds']:.1f} |"
        )
    for name, version, _ in PROJECTS:
        target = results / f"{name}-{version}.json"
        if target.exists():
            for error in json.loads(target.read_text())["kiln"]["errors"]:
                print(f"- {name}: `{error['rule']}` {error.get('path')}:{error.get('line')} {error['message'][:110]}")


if __name__ == "__main__":
    main()
