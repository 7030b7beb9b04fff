#!/usr/bin/env python3
"""Compares `kiln eval humaneval` runs of one mode task by task: the prompt experiments' table.

    python3 scripts/humaneval-compare.py --mode single BASE.jsonl OTHER.jsonl [MORE.jsonl ...]

Each file after the first is compared with the first on the tasks both have (records that ended in
an error are left out, as `--resume` redoes them): passed, pass@1, median seconds and completion
tokens, the tasks gained and lost, and an exact two-sided sign test on gained against lost, which
says whether a difference is more than what rewording a prompt does to a greedy decode anyway.
Prints Markdown. Standard library only.
"""
import argparse
import json
import math
import statistics


def load(path, mode):
    rows = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("error") or row["mode"] != mode:
                continue
            rows[row["task_id"]] = row
    return rows


def sign_test(gained, lost):
    """Exact two-sided binomial test of gained against lost at p = 1/2."""
    n = gained + lost
    if n == 0:
        return 1.0
    k = min(gained, lost)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def p_value(p):
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def task_number(task):
    return int(task.split("/")[1])


def label(rows, path):
    templates = {row.get("template") or "function 1.1.0" for row in rows.values()}
    return ", ".join(sorted(templates)) + f" (`{path.rsplit('/', 1)[-1]}`)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base")
    parser.add_argument("others", nargs="+")
    parser.add_argument("--mode", default="single", choices=["single", "pipeline"])
    args = parser.parse_args()
    base = load(args.base, args.mode)
    print("| run | tasks | passed | pass@1 | median s | median tokens | gained | lost | sign test p |")
    print("|---|---|---|---|---|---|---|---|---|")
    details = []
    for path in [args.base] + args.others:
        other = load(path, args.mode)
        common = sorted(set(base) & set(other), key=task_number)
        if not common:
            print(f"| {label(other, path)} | 0 | – | – | – | – | – | – | – |")
            continue
        passed = sum(other[t]["passed"] for t in common)
        gained = [t for t in common if other[t]["passed"] and not base[t]["passed"]]
        lost = [t for t in common if base[t]["passed"] and not other[t]["passed"]]
        seconds = statistics.median(other[t]["seconds"] for t in common)
        tokens = statistics.median(other[t]["completion_tokens"] for t in common)
        same = path == args.base
        print(
            f"| {label(other, path)} | {len(common)} | {passed} | {100 * passed / len(common):.1f}% | {seconds:.1f} | "
            f"{tokens:.0f} | {'–' if same else len(gained)} | {'–' if same else len(lost)} | "
            f"{'–' if same else p_value(sign_test(len(gained), len(lost)))} |"
        )
        if not same:
            details.append((path, gained, lost))
    for path, gained, lost in details:
        short = lambda tasks: ", ".join(str(task_number(t)) for t in tasks) or "none"
        print(f"\n`{path.rsplit('/', 1)[-1]}` against `{args.base.rsplit('/', 1)[-1]}`: gained {short(gained)}; lost {short(lost)}.")


if __name__ == "__main__":
    main()
