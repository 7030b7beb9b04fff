import ast
import json
import sys

request = json.load(sys.stdin)
source = request["source"]
reasons = {name.split("[")[0].split(".")[-1]: reason for name, reason in request["reasons"].items()}
tree = ast.parse(source)
lines = source.splitlines(keepends=True)
inserts = []  # (line index, text)
for node in ast.walk(tree):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in reasons:
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        indent = node.col_offset
        reason = reasons[node.name].replace("\n", " ")
        inserts.append((first - 1, " " * indent + f"@pytest.mark.xfail(strict=False, reason={reason!r})\n"))
for index, text in sorted(inserts, reverse=True):
    lines.insert(index, text)
has_pytest = any(isinstance(n, ast.Import) and any(a.name == "pytest" and a.asname is None for a in n.names)
                 for n in tree.body)
if inserts and not has_pytest:
    # After a module docstring and `from __future__` imports, which must come first.
    at = 0
    for node in tree.body:
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        if (docstring and at == 0) or future:
            at = node.end_lineno
        else:
            break
    lines.insert(at, "import pytest\n")
print(json.dumps({"source": "".join(lines)}))
