#!/usr/bin/env python3
"""Runs Kiln's five generation patterns on the task set in bench/patterns and grades the results.

Every task was written before any run (spec or module, and hidden grading data the model never
sees). Each task is copied to a fresh directory, Kiln runs there with --json, and the outcome is
graded by Kiln's own sandbox (`kiln validate --tests`), never by running generated code here:

  function, class  Kiln's status, then the hidden grade_test.py against the written solution.py.
  tests            Kiln's status (its tests pass against the module), then each planted-bug mutant
                   in mutants/ is run against the generated tests: a mutant is killed when a test fails.
  refactor         Kiln's status, the target changed, and the hidden grade_test.py still passes.
  docs             Kiln's status and a docstring on every target (the AST check is Kiln's own).

Usage:
  scripts/pattern-eval.py --model qwen2.5-coder-1.5b --results bench/results/patterns-qwen2.5-coder-1.5b.jsonl
  scripts/pattern-eval.py --pattern refactor --resume ...
  scripts/pattern-eval.py --pattern function --pattern class --reference --results ...   (false alarms on right code)
Prints a table per pattern (succeeded / total, median seconds) and, with --json, the summary.
"""

import argparse
import ast
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ["function", "class", "tests", "refactor", "docs"]


def run_kiln(kiln, args, cwd, timeout=900, trace=None):
    env = dict(os.environ, KILN_PROGRESS="none")
    if trace is not None:
        env["KILN_TRACE"] = str(trace)  # every model exchange, one JSON line each
    started = time.monotonic()
    try:
        proc = subprocess.run([kiln, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, 124, time.monotonic() - started, "timed out"
    seconds = time.monotonic() - started
    try:
        payload = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        payload = None
    return payload, proc.returncode, seconds, proc.stderr[-800:]


ARTIFACTS = None  # set from --artifacts: where each task's Kiln output and grading details are kept


def keep(pattern, task, name, data):
    """Saves `data` (text or JSON-able) under ARTIFACTS/pattern/task/name for later inspection."""
    if ARTIFACTS is None:
        return
    folder = ARTIFACTS / pattern / task.name
    folder.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, indent=2)
    (folder / name).write_text(text)


def trace(pattern, task):
    """Where a task's model exchanges are traced (KILN_TRACE) when artifacts are kept, else None."""
    if ARTIFACTS is None:
        return None
    folder = ARTIFACTS / pattern / task.name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trace.jsonl").unlink(missing_ok=True)
    return folder / "trace.jsonl"


def sandbox_tests(kiln, module, tests, cwd):
    """Runs `tests` against `module` in Kiln's sandbox; returns (passed, failed) counts.

    The hidden grading tests are copied in only after Kiln has finished generating."""
    payload, _, _, _ = run_kiln(kiln, ["validate", str(module), "--tests", str(tests), "--json"], cwd, timeout=300)
    results = (payload or {}).get("tests") or []
    passed = sum(1 for t in results if t.get("outcome") == "passed")
    if ARTIFACTS is not None:
        (Path(cwd) / ".grade.json").write_text(json.dumps(results, indent=2))
    return passed, len(results) - passed


def model_args(args):
    return ["--model", args.model] if args.model else []


def seed_args(args):
    return ["--seed", str(args.seed)] if args.seed is not None else []


def gen_args(args):
    """Extra `kiln gen` arguments for the function and class patterns (an experiment's settings)."""
    return [f"--{a}" if not a.startswith("-") else a for a in args.gen_arg or []]


class ReferenceEndpoint:
    """An OpenAI-compatible chat endpoint on loopback that answers every request with the same
    reply, the task's written solution (--reference): Kiln's checks then run on code known to be
    right, and an error they report on it is a false alarm. Model-written cases come back as that
    code too, so nothing is agreed and only the spec's own checks (examples, probes) judge it."""

    def __init__(self, reply):
        body = json.dumps({
            "id": "reference", "object": "chat.completion", "model": "reference",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()

        class Handler(BaseHTTPRequestHandler):
            def answer(self, payload):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):  # noqa: N802 (the standard library's name)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.answer(body)

            def do_GET(self):  # noqa: N802
                self.answer(json.dumps({"object": "list", "data": [{"id": "reference", "object": "model"}]}).encode())

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __exit__(self, *_):
        self.server.shutdown()
        self.server.server_close()


def task_function_or_class(kiln, pattern, task, work, args):
    spec = (task / "spec.txt").read_text().strip()
    command = ["gen", pattern, spec, "--out", "solution.py", "--json"]
    if args.reference:
        with ReferenceEndpoint(f"```python\n{(task / 'reference.py').read_text()}\n```") as endpoint:
            payload, code, seconds, err = run_kiln(
                kiln, [*command, "--endpoint", endpoint, "--model", "reference", "--samples", "1", "--max-repairs", "0"], work)
    else:
        payload, code, seconds, err = run_kiln(
            kiln, [*command, *model_args(args), *seed_args(args), *gen_args(args)], work, trace=trace(pattern, task))
    status = (payload or {}).get("status", f"error (exit {code})")
    record = {"kiln_status": status, "seconds": seconds}
    if args.reference:
        # The findings that failed written, right code: each one is a false alarm.
        record["errors"] = [f"{f.get('rule')}: {f.get('message', '')}"[:300] for f in (payload or {}).get("findings") or []
                            if f.get("severity") == "error"]
    keep(pattern, task, "kiln.json", payload or {"exit": code, "stderr": err})
    # `unverified` code is written too (it passed every check that ran): it is graded like
    # `passed` code, so the precision of each status can be measured. `unvalidated` code (an
    # experiment's --gen-arg no-validate: the model's sample as it came) is graded the same way.
    if status not in ("passed", "unverified", "unvalidated") or not (work / "solution.py").exists():
        return record | {"success": False, "detail": err.strip().splitlines()[-1:] if err else []}
    unchecked = [r["text"] for r in (payload or {}).get("requirements") or [] if r.get("status") != "held"]
    record["unchecked_requirements"] = unchecked
    shutil.copy(task / "grade_test.py", work / "grade_test.py")
    passed, failed = sandbox_tests(kiln, "solution.py", "grade_test.py", work)
    keep(pattern, task, "grade.json", (work / ".grade.json").read_text() if (work / ".grade.json").exists() else "[]")
    return record | {"success": failed == 0 and passed > 0, "grade_passed": passed, "grade_failed": failed}


def task_tests(kiln, task, work, args):
    module = next(p.name for p in task.glob("*.py"))
    payload, code, seconds, err = run_kiln(
        kiln, ["gen", "tests", module, "--out", "test_generated.py", "--json", *model_args(args)], work,
        trace=trace("tests", task))
    status = (payload or {}).get("status", f"error (exit {code})")
    record = {"kiln_status": status, "seconds": seconds}
    keep("tests", task, "kiln.json", payload or {"exit": code, "stderr": err})
    if status != "passed" or not (work / "test_generated.py").exists():
        return record | {"success": False, "detail": err.strip().splitlines()[-1:] if err else []}
    killed, mutants = 0, sorted((task / "mutants").glob("*.py"))
    for mutant in mutants:
        trial = work / f"mutant-{mutant.stem}"
        trial.mkdir()
        shutil.copy(mutant, trial / module)
        shutil.copy(work / "test_generated.py", trial / "test_generated.py")
        passed, failed = sandbox_tests(kiln, module, "test_generated.py", trial)
        killed += 1 if failed > 0 or passed == 0 else 0
    tests = len((payload or {}).get("tests") or [])
    return record | {"success": True, "tests": tests, "mutants_killed": killed, "mutants": len(mutants)}


def task_refactor(kiln, task, work, args):
    spec = json.loads((task / "task.json").read_text())
    module = next(p.name for p in task.glob("*.py") if not p.name.startswith(("test_", "grade_")))
    original = (work / module).read_text()
    payload, code, seconds, err = run_kiln(
        kiln, ["gen", "refactor", f"{module}::{spec['target']}", spec["instruction"], "--json", *model_args(args)], work,
        trace=trace("refactor", task))
    status = (payload or {}).get("status", f"error (exit {code})")
    record = {"kiln_status": status, "seconds": seconds, "oracle": (payload or {}).get("behaviour_oracle")}
    keep("refactor", task, "kiln.json", payload or {"exit": code, "stderr": err})
    changed = (work / module).read_text() != original
    if status != "passed":
        return record | {"success": False, "detail": err.strip().splitlines()[-1:] if err else []}
    shutil.copy(task / "grade_test.py", work / "grade_test.py")
    passed, failed = sandbox_tests(kiln, module, "grade_test.py", work)
    keep("refactor", task, "grade.json", (work / ".grade.json").read_text() if (work / ".grade.json").exists() else "[]")
    return record | {
        "success": changed and failed == 0 and passed > 0, "changed": changed, "grade_passed": passed, "grade_failed": failed}


def task_docs(kiln, task, work, args):
    spec = json.loads((task / "task.json").read_text())
    module = next(p.name for p in task.glob("*.py"))
    target = f"{module}::{spec['target']}" if spec.get("target") else module
    payload, code, seconds, err = run_kiln(
        kiln, ["gen", "docs", target, "--style", spec["style"], "--json", *model_args(args)], work,
        trace=trace("docs", task))
    status = (payload or {}).get("status", f"error (exit {code})")
    record = {"kiln_status": status, "seconds": seconds}
    keep("docs", task, "kiln.json", payload or {"exit": code, "stderr": err})
    if status != "passed":
        return record | {"success": False, "detail": err.strip().splitlines()[-1:] if err else []}
    documented = (payload or {}).get("documented") or []
    tree = ast.parse((work / module).read_text())
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names[node.name] = node
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names[f"{node.name}.{item.name}"] = item
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name not in names:
            names.setdefault(node.name, node)
    missing = [d["name"] for d in documented if d["name"] not in names or not ast.get_docstring(names[d["name"]])]
    return record | {"success": bool(documented) and not missing, "documented": len(documented), "missing": missing}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiln", default=str(ROOT / ".build/debug/kiln"))
    parser.add_argument("--model", help="registry name; Kiln's default when left out")
    parser.add_argument("--pattern", action="append", choices=PATTERNS)
    parser.add_argument("--results", required=True, help="JSONL file, one record per task")
    parser.add_argument("--resume", action="store_true", help="skip tasks already in --results")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--artifacts", help="keep each task's Kiln output, grading details and model exchanges (trace.jsonl) in this folder")
    parser.add_argument("--limit", type=int, help="only the first N tasks of each pattern (a quick before/after check)")
    parser.add_argument("--seed", type=int, help="sampling seed passed to the function and class patterns")
    parser.add_argument("--task", action="append", help="only the tasks with this name (repeatable)")
    parser.add_argument("--kind", choices=["demanding", "everyday"],
                        help="only the demanding tasks (numbered) or the everyday ones (e01, e02, ...)")
    parser.add_argument("--prompts", help="a folder of prompt templates copied to each task's .kiln/prompts (experiments)")
    parser.add_argument("--reference", action="store_true",
                        help="function and class tasks: Kiln's checks on each task's written solution, served as the model's "
                             "only reply by an endpoint on loopback (no model runs); an error on it is a false alarm")
    parser.add_argument("--gen-arg", action="append", metavar="ARG",
                        help="one more `kiln gen` argument for function and class tasks, without its dashes when it has a "
                             "value attached (repeatable): --gen-arg no-validate --gen-arg samples=1 gives the model's first sample")
    args = parser.parse_args()
    global ARTIFACTS
    ARTIFACTS = Path(args.artifacts) if args.artifacts else None

    results_path = Path(args.results)
    done = {}
    if args.resume and results_path.exists():
        for line in results_path.read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                done[(record["pattern"], record["task"])] = record
    elif results_path.exists():
        sys.exit(f"{results_path} exists; pass --resume to continue it or remove it")
    results_path.parent.mkdir(parents=True, exist_ok=True)

    for pattern in args.pattern or PATTERNS:
        tasks = [t for t in sorted((ROOT / "bench/patterns" / pattern).iterdir())
                 if t.is_dir() and (not args.task or t.name in args.task)
                 and (args.kind is None or t.name.startswith("e") == (args.kind == "everyday"))]
        for task in tasks[: args.limit] if args.limit else tasks:
            if (pattern, task.name) in done:
                continue
            with tempfile.TemporaryDirectory(prefix="kiln-pattern-") as scratch:
                work = Path(scratch) / task.name
                ignore = shutil.ignore_patterns("grade_test.py", "reference.py", "mutants", "task.json", "spec.txt")
                shutil.copytree(task, work, ignore=ignore)
                if args.prompts:  # an experiment's templates, found by `--gen-arg template=NAME`
                    shutil.copytree(args.prompts, work / ".kiln/prompts", dirs_exist_ok=True)
                if pattern in ("function", "class"):
                    record = task_function_or_class(args.kiln, pattern, task, work, args)
                else:
                    record = {"tests": task_tests, "refactor": task_refactor, "docs": task_docs}[pattern](
                        args.kiln, task, work, args)
            record = {"pattern": pattern, "task": task.name, "model": args.model or "default"} | record
            done[(pattern, task.name)] = record
            with results_path.open("a") as out:
                out.write(json.dumps(record) + "\n")
            mark = "ok  " if record["success"] else "FAIL"
            print(f"{mark} {pattern:8} {task.name:32} {record['kiln_status']:8} {record['seconds']:6.1f} s", file=sys.stderr)

    summary = {}
    for pattern in PATTERNS:
        records = [r for r in done.values() if r["pattern"] == pattern]
        if not records:
            continue
        entry = {
            "succeeded": sum(r["success"] for r in records), "total": len(records),
            "kiln_passed": sum(r["kiln_status"] == "passed" for r in records),
            "kiln_passed_right": sum(r["kiln_status"] == "passed" and r["success"] for r in records),
            "kiln_unverified": sum(r["kiln_status"] == "unverified" for r in records),
            "kiln_unverified_right": sum(r["kiln_status"] == "unverified" and r["success"] for r in records),
            "median_seconds": round(statistics.median(r["seconds"] for r in records), 1),
        }
        if pattern == "tests":
            entry["mutants_killed"] = sum(r.get("mutants_killed", 0) for r in records)
            entry["mutants"] = sum(r.get("mutants", 0) for r in records if r["success"])
        summary[pattern] = entry
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        # "passed right" is the precision of `passed`: of the tasks Kiln called passed, how many
        # the hidden grading tests also pass.
        print(f"{'pattern':10} {'succeeded':>10} {'passed':>7} {'passed right':>13} {'unverified':>11} {'unverif. right':>15} {'median s':>9}")
        for pattern, entry in summary.items():
            extra = f"   mutants killed {entry['mutants_killed']}/{entry['mutants']}" if pattern == "tests" else ""
            print(f"{pattern:10} {entry['succeeded']:>4}/{entry['total']:<5} {entry['kiln_passed']:>7} {entry['kiln_passed_right']:>13}"
                  f" {entry['kiln_unverified']:>11} {entry['kiln_unverified_right']:>15} {entry['median_seconds']:>9}{extra}")


if __name__ == "__main__":
    main()
