# Reads Python source on stdin, prints one JSON line. See `prepare(_:path:)`.
import ast
import json
import sys

source = sys.stdin.read()
version = f"{sys.version_info[0]}.{sys.version_info[1]}"
try:
    tree = ast.parse(source)
except SyntaxError as error:
    print(json.dumps({"ok": False, "line": error.lineno, "column": error.offset, "message": error.msg,
                      "text": (error.text or "").strip() or None, "version": version}))
    sys.exit(0)

defined = {node.name for node in tree.body
           if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
DEMO_CALLS = {"print", "input", "exit", "quit", "breakpoint"}


def called_names(node):
    names = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            target = child.func
            while isinstance(target, ast.Attribute):
                target = target.value
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


def is_main_guard(node):
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left, *node.test.comparators]
    return any(isinstance(p, ast.Name) and p.id == "__name__" for p in parts)


def is_docstring(index, node):
    return (index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def is_demo(index, node):
    if is_main_guard(node) or isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Expr):
        return not is_docstring(index, node)
    if isinstance(node, (ast.For, ast.While, ast.With, ast.Try)):
        return bool(called_names(node) & (defined | DEMO_CALLS))
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
        return bool(called_names(node.value) & (defined | DEMO_CALLS))
    return False


def loaded(nodes):
    return {n.id for node in nodes for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def assigned(node):
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return {n.id for t in targets if t is not None for n in ast.walk(t) if isinstance(n, ast.Name)}


removed = {i for i, node in enumerate(tree.body) if is_demo(i, node)}
# Data that only the removed demo code used (`numbers = [3, 1, 2]` before `print(median(numbers))`).
changed = bool(removed)
while changed:
    changed = False
    kept = [node for i, node in enumerate(tree.body) if i not in removed]
    demo_uses = loaded([tree.body[i] for i in removed])
    for i, node in enumerate(tree.body):
        if i in removed or not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        names = assigned(node)
        others = [n for j, n in enumerate(tree.body) if j not in removed and j != i]
        if names and names & demo_uses and not names & loaded(others):
            removed.add(i)
            changed = True

lines = source.splitlines(keepends=True)
drop = set()
report = []
for i in sorted(removed):
    node = tree.body[i]
    start = node.lineno - 1
    # A comment block right above a demo ("# Example usage:") goes with it.
    while start > 0 and lines[start - 1].lstrip().startswith("#") and not lines[start - 1].startswith("#!"):
        start -= 1
    drop.update(range(start, node.end_lineno))
    report.append({"line": node.lineno, "text": lines[node.lineno - 1].rstrip()})

kept_lines = [line for n, line in enumerate(lines) if n not in drop]
text = "".join(kept_lines)
while "\n\n\n\n" in text:
    text = text.replace("\n\n\n\n", "\n\n\n")
text = text.strip("\n") + "\n"
ast.parse(text)
print(json.dumps({"ok": True, "code": text, "removed": report, "version": version}))
