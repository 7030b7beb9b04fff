#!/usr/bin/env python3
"""Score `kiln check` against the labeled corpus in Tests/Corpus.

Runs `kiln check Tests/Corpus --format json --fail-on info` once from the repository root (with
`--with bandit` when given `--bandit`) and compares its findings with Tests/Corpus/expected.json:

- detected: the expected rule is reported at the expected line of the case's vulnerable.py
  (bandit's B602 and ruff's S602 are the same check and count as the same rule);
- false positive: the case's clean.py has a finding of the case's category at severity error or
  warning.

The binary is $KILN, or .build/debug/kiln. Prints a table per category and a total; exits 0
(it measures, it does not gate). Standard library only.
"""

import json
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join("Tests", "Corpus")


def canonical(rule: str) -> str:
    """`bandit/B602` and `ruff/S602` are one check: both become `security/602`."""
    match = re.fullmatch(r"(?:bandit/B|ruff/S)(\d+)", rule)
    return f"security/{match.group(1)}" if match else rule


def main() -> int:
    kiln = os.environ.get("KILN", os.path.join(".build", "debug", "kiln"))
    with open(os.path.join(ROOT, CORPUS, "expected.json"), encoding="utf-8") as handle:
        expected = json.load(handle)

    result = subprocess.run(
        [kiln, "check", CORPUS, "--format", "json", "--fail-on", "info", *(["--with", "bandit"] if "--bandit" in sys.argv else [])],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    try:
        findings = json.loads(result.stdout)["findings"]
    except (json.JSONDecodeError, KeyError):
        print(f"kiln check failed (exit {result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}", file=sys.stderr)
        return 0

    by_path = defaultdict(list)
    for finding in findings:
        by_path[os.path.normpath(finding.get("path") or "")].append(finding)

    stats = defaultdict(lambda: {"cases": 0, "detected": 0, "false_positives": 0})
    misses, false_positives = [], []
    for case, label in sorted(expected.items()):
        category = label["category"]
        stats[category]["cases"] += 1
        vulnerable = os.path.normpath(os.path.join(CORPUS, case, "vulnerable.py"))
        clean = os.path.normpath(os.path.join(CORPUS, case, "clean.py"))
        if any(canonical(f["rule"]) == canonical(label["rule"]) and f.get("line") == label["line"] for f in by_path[vulnerable]):
            stats[category]["detected"] += 1
        else:
            got = [f"{f['rule']}@{f.get('line')}" for f in by_path[vulnerable] if f["category"] == category]
            misses.append(f"{case}: expected {label['rule']}@{label['line']}, got {', '.join(got) or 'nothing'}")
        noisy = [f for f in by_path[clean] if f["category"] == category and f["severity"] in ("error", "warning")]
        if noisy:
            stats[category]["false_positives"] += 1
            false_positives.append(f"{case}: " + ", ".join(f"{f['rule']}@{f.get('line')} ({f['severity']})" for f in noisy))

    print(f"{'category':<12} {'cases':>5} {'detected':>8} {'recall':>7} {'false_pos':>9}")
    total = {"cases": 0, "detected": 0, "false_positives": 0}
    for category in sorted(stats):
        row = stats[category]
        for key in total:
            total[key] += row[key]
        print(f"{category:<12} {row['cases']:>5} {row['detected']:>8} {row['detected'] / row['cases']:>7.1%} {row['false_positives']:>9}")
    recall = total["detected"] / total["cases"] if total["cases"] else 0.0
    print(f"{'total':<12} {total['cases']:>5} {total['detected']:>8} {recall:>7.1%} {total['false_positives']:>9}")
    if misses:
        print("\nmissed:")
        for line in misses:
            print(f"  {line}")
    if false_positives:
        print("\nfalse positives (clean.py):")
        for line in false_positives:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
