# Reads Python source on stdin, prints one JSON line. See `prepare(_:path:imports:)`.
# argv[1], when given: a JSON list of the spec's own import statements.
import ast
import builtins
import importlib
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


def free_names(tree, builtin_too=False):
    """Names the code reads but binds nowhere (scopes are not told apart: a name bound anywhere
    counts as bound, so this can miss a missing import but never invents one). Built-in names
    count as bound unless `builtin_too`."""
    bound = (set() if builtin_too else set(dir(builtins))) | {"__file__", "__name__", "__doc__", "__spec__", "__builtins__"}
    read = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
    return read - bound


def only_as_module(tree, parents, name):
    """`name` is only ever read as `name.attribute` (how a module is used)."""
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name]
    return bool(uses) and all(isinstance(parents.get(n), ast.Attribute) and parents[n].value is n for n in uses)


def missing_imports(tree, spec_imports):
    """Imports the code needs and left out: the spec's own (`from typing import List` in the stub
    the spec shows) and standard-library modules used as `math.sqrt`. Only names the code reads
    and binds nowhere; each import keeps just the names that are missing."""
    free = free_names(tree)
    added = []
    for statement in spec_imports:
        try:
            node = ast.parse(statement).body[0]
        except (SyntaxError, IndexError):
            continue
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or getattr(node, "level", 0):
            continue
        wanted = [a for a in node.names if a.name != "*" and (a.asname or a.name).split(".")[0] in free]
        if not wanted:
            continue
        free -= {(a.asname or a.name).split(".")[0] for a in wanted}
        node.names = wanted
        added.append(ast.unparse(node))
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    modules = sorted(name for name in free if name in stdlib and not name.startswith("_"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)} if modules else {}
    for name in modules:
        if only_as_module(tree, parents, name):
            added.append(f"import {name}")
    return added


# Standard modules whose star import is written out by name. Importing them here has no side
# effects; a star import of any other module is left as it is (ruff still reports it).
STAR_MODULES = {
    "abc", "base64", "bisect", "calendar", "cmath", "collections", "collections.abc", "copy", "csv", "dataclasses",
    "datetime", "decimal", "enum", "fractions", "functools", "hashlib", "heapq", "hmac", "ipaddress", "itertools",
    "json", "math", "numbers", "operator", "os.path", "pathlib", "posixpath", "random", "re", "secrets", "statistics",
    "string", "textwrap", "time", "typing", "unicodedata", "urllib.parse", "uuid",
}


def explicit_star_imports(text, tree):
    """`text` with each top-level `from M import *` of a standard module in STAR_MODULES replaced by
    the names the code reads from it (the statement goes when it reads none), and what changed.

    A star import hides which names come from where, and it turns an undefined name into ruff's
    "may be undefined" warning (F405) instead of an error (F821), so a missing import goes
    unnoticed until the code runs. A name two star imports both bind is taken from the later
    one, as Python binds it, and so is a built-in name a star import shadows (`compile` after
    `from re import *` is `re.compile`, `pow` after `from math import *` is `math.pow`)."""
    lines = text.splitlines(keepends=True)
    stars = [node for node in tree.body
             if isinstance(node, ast.ImportFrom) and not node.level and node.module in STAR_MODULES
             and [alias.name for alias in node.names] == ["*"] and node.lineno == node.end_lineno
             and lines[node.lineno - 1].strip() == ast.get_source_segment(text, node)]
    if not stars:
        return text, []
    free = free_names(tree, builtin_too=True)
    source_of = {}
    for node in stars:
        module = importlib.import_module(node.module)
        public = getattr(module, "__all__", None) or [name for name in dir(module) if not name.startswith("_")]
        for name in public:
            if name in free:
                source_of[name] = node
    changes = []
    for node in reversed(stars):
        names = sorted(name for name, star in source_of.items() if star is node)
        now = f"from {node.module} import {', '.join(names)}" if names else None
        lines[node.lineno - 1] = now + "\n" if now else ""
        changes.append({"star": f"from {node.module} import *", "now": now})
    return "".join(lines), list(reversed(changes))


def with_imports(text, tree, added):
    """`text` with `added` after its docstring and `from __future__` imports."""
    after = 0
    for index, node in enumerate(tree.body):
        if is_docstring(index, node) or (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            after = node.end_lineno
        else:
            break
    lines = text.splitlines(keepends=True)
    block = "".join(line + "\n" for line in added)
    head = "".join(lines[:after])
    rest = "".join(lines[after:])
    return head + ("\n" if after else "") + block + ("\n" if rest.strip() and not rest.startswith("\n") else "") + rest


spec_imports = json.loads(sys.argv[1]) if len(sys.argv) > 1 else []
text, explicit = explicit_star_imports(text, ast.parse(text))
final_tree = ast.parse(text)
added = missing_imports(final_tree, spec_imports)
if added:
    text = with_imports(text, final_tree, added)
    ast.parse(text)
print(json.dumps({"ok": True, "code": text, "removed": report, "added": added, "explicit": explicit, "version": version}))
