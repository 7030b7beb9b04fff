#!/usr/bin/env python3
"""Summarises `kiln eval humaneval` result files and draws pass@1, single against pipeline, per model.

    python3 scripts/humaneval-report.py bench/results/humaneval-*.jsonl --svg bench/humaneval-pass-at-1.svg

Only tasks that have a result in both modes count, so a partial run compares like with like; runs
that ended in an error rather than an answer (a dead server, say) are left out, as `--resume` redoes them.
Prints a Markdown table; writes an SVG bar chart when --svg is given; --failures adds where the
pipeline's failures are (what Kiln saw before the hidden tests graded it); --precision adds, for the
pipeline alone (no single-mode records needed), how often `passed` was right by when the first
candidate passed, and what the second opinions for late passes did. Standard library only.
"""
import argparse
import json
import statistics
from collections import defaultdict


def load(paths):
    records = defaultdict(dict)  # (model) -> {(mode, task): record}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    # A run that ended in an error (not an answer) does not count; `--resume` repeats it.
                    if row.get("error"):
                        continue
                    records[row["model"]][(row["mode"], row["task_id"])] = row
    return records


def paired_tasks(rows):
    """The tasks with a result in both modes."""
    return {task for mode, task in rows if mode == "single"} & {task for mode, task in rows if mode == "pipeline"}


def summarise(records):
    table = []
    for model, rows in sorted(records.items()):
        tasks = paired_tasks(rows)
        entry = {"model": model, "tasks": len(tasks)}
        for mode in ("single", "pipeline"):
            chosen = [rows[(mode, task)] for task in tasks]
            seconds = sorted(r["seconds"] for r in chosen) or [0]
            entry[mode] = {
                "passed": sum(r["passed"] for r in chosen),
                "pass_at_1": sum(r["passed"] for r in chosen) / len(chosen) if chosen else 0,
                "median_seconds": statistics.median(seconds),
                "p90_seconds": seconds[min(len(seconds) - 1, int(len(seconds) * 0.9))],
                "repairs": sum(max(r["attempts"] - 1, 0) for r in chosen),
                "tokens": sum(r["completion_tokens"] for r in chosen),
                "model_seconds": sum(r["model_seconds"] for r in chosen),
                "seconds": sum(r["seconds"] for r in chosen),
            }
            # Kiln's own overhead (its time outside the model and the checks) needs check_seconds,
            # which records from before it was added lack.
            timed = [r for r in chosen if r.get("check_seconds") is not None]
            model = sum(r["model_seconds"] for r in timed)
            own = sum(r["seconds"] - r["model_seconds"] - r["check_seconds"] for r in timed)
            entry[mode]["own_overhead"] = own / model if model else None
            entry[mode]["timed_tasks"] = len(timed)
        table.append(entry)
    return table


def markdown(table):
    lines = ["| model | tasks | single pass@1 | pipeline pass@1 | gain | median s (single / pipeline) | p90 s (single / pipeline) | repairs | outside the model (checks + Kiln), % of pipeline time | Kiln's own overhead, % of model time (pipeline) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for e in table:
        s, p = e["single"], e["pipeline"]
        outside = (p["seconds"] - p["model_seconds"]) / p["seconds"] * 100 if p["seconds"] else 0
        lines.append(f"| {e['model']} | {e['tasks']} | {s['pass_at_1']*100:.1f}% ({s['passed']}) | {p['pass_at_1']*100:.1f}% ({p['passed']}) | "
                     f"{(p['pass_at_1']-s['pass_at_1'])*100:+.1f} | {s['median_seconds']:.1f} / {p['median_seconds']:.1f} | "
                     f"{s['p90_seconds']:.1f} / {p['p90_seconds']:.1f} | {p['repairs']} | {outside:.1f}% | "
                     + (f"{p['own_overhead']*100:.1f}% ({p['timed_tasks']} tasks) |" if p["own_overhead"] is not None else "not recorded |"))
    return "\n".join(lines)


def failure_categories(records):
    """Pipeline failures by what the visible checks showed, per model, plus tasks single passed and
    the pipeline lost."""
    lines = []
    for model, rows in sorted(records.items()):
        tasks = paired_tasks(rows)
        categories = defaultdict(list)
        for task in sorted(tasks, key=lambda t: int(t.split("/")[1])):
            single, pipeline = rows[("single", task)], rows[("pipeline", task)]
            if single["passed"] and not pipeline["passed"]:
                categories["lost: single passed, the pipeline did not"].append(task)
            if pipeline["passed"]:
                continue
            shown = "with examples" if (pipeline.get("examples") or 0) > 0 else (
                "without examples" if pipeline.get("examples") == 0 else "examples not recorded")
            if not pipeline.get("passing_candidates"):
                categories[f"no candidate passed the visible checks ({shown})"].append(task)
            elif pipeline.get("selection") == "agreement":
                categories[f"agreement chose a candidate the hidden tests fail ({shown})"].append(task)
            else:
                categories[f"passed the visible checks, failed the hidden tests ({shown})"].append(task)
        lines.append(f"\n{model}: pipeline failures by category")
        for name, members in sorted(categories.items(), key=lambda item: -len(item[1])):
            lines.append(f"- {name}: {len(members)} ({', '.join(t.split('/')[1] for t in members)})")
    return "\n".join(lines)


def precision(records):
    """Pipeline records only: precision of `passed` by when the first candidate passed (the first
    attempt, or later), and the second opinions a late pass waited for."""
    lines = []
    for model, rows in sorted(records.items()):
        pipeline = [r for (mode, _), r in rows.items() if mode == "pipeline"]
        if not pipeline:
            continue
        lines.append(f"\n{model}: pipeline, {len(pipeline)} tasks, {sum(r['passed'] for r in pipeline)} right")
        groups = defaultdict(list)
        for r in pipeline:
            if r["kiln_status"] != "passed":
                groups[r["kiln_status"]].append(r)
            elif (r.get("examples") or 0) == 0:
                groups["passed, no examples (agreement)"].append(r)
            elif r.get("first_passing_attempt") is None and r["attempts"] > 1:
                groups["passed after a failed attempt (older record: first passing attempt not recorded)"].append(r)
            elif r.get("first_passing_attempt", 1) == 1:
                groups["passed at the first attempt"].append(r)
            else:
                groups["passed after a failed attempt"].append(r)
        for name, members in sorted(groups.items()):
            lines.append(f"- {name}: {len(members)}, right {sum(r['passed'] for r in members)}")
        sought = [r for r in pipeline if r.get("second_opinion")]
        if sought:
            voted = [r for r in sought if (r.get("passing_candidates") or 0) > 1]
            changed = [r for r in voted if r.get("chosen_attempt") != r.get("first_passing_attempt")]
            lines.append(
                f"- second opinions sought: {len(sought)}; a second candidate passed and the vote ran: {len(voted)}"
                f" (right {sum(r['passed'] for r in voted)}); the vote chose other than the first to pass: {len(changed)}"
                f" (right {sum(r['passed'] for r in changed)}: {', '.join(r['task_id'].split('/')[1] for r in changed)});"
                f" none came: {len(sought) - len(voted)} (right {sum(r['passed'] for r in sought if r not in voted)})")
    return "\n".join(lines)


def svg(table):
    width, height, left, bottom, bar = 120 + 200 * len(table), 320, 60, 40, 60
    plot = height - bottom - 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<text x="{width/2}" y="18" text-anchor="middle" font-size="14">HumanEval pass@1: model alone vs Kiln pipeline</text>']
    for tick in range(0, 101, 20):
        y = height - bottom - plot * tick / 100
        out.append(f'<line x1="{left}" y1="{y}" x2="{width-10}" y2="{y}" stroke="#ddd"/>')
        out.append(f'<text x="{left-6}" y="{y+4}" text-anchor="end">{tick}%</text>')
    for index, e in enumerate(table):
        x0 = left + 30 + index * 200
        for offset, mode, colour in ((0, "single", "#9aa7b8"), (bar + 8, "pipeline", "#d9622b")):
            value = e[mode]["pass_at_1"] * 100
            h = plot * value / 100
            y = height - bottom - h
            out.append(f'<rect x="{x0+offset}" y="{y}" width="{bar}" height="{h}" fill="{colour}"/>')
            out.append(f'<text x="{x0+offset+bar/2}" y="{y-4}" text-anchor="middle">{value:.1f}%</text>')
            out.append(f'<text x="{x0+offset+bar/2}" y="{height-bottom+14}" text-anchor="middle">{mode}</text>')
        out.append(f'<text x="{x0+bar+4}" y="{height-bottom+30}" text-anchor="middle">{e["model"]} ({e["tasks"]} tasks)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--svg")
    parser.add_argument("--failures", action="store_true", help="list the pipeline's failures by category")
    parser.add_argument("--precision", action="store_true", help="precision of `passed` by when the first candidate passed")
    args = parser.parse_args()
    records = load(args.files)
    table = summarise(records)
    if any(entry["tasks"] for entry in table):
        print(markdown(table))
    if args.failures:
        print(failure_categories(records))
    if args.precision:
        print(precision(records))
    if args.svg:
        with open(args.svg, "w", encoding="utf-8") as handle:
            handle.write(svg(table))
