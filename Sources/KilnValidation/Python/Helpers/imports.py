# Reads a JSON list of {"path"} or {"name", "source"} on stdin; prints {name or path: imports}.
# Relative imports (`from . import x`) are left out: they name the project's own modules. An
# import is guarded when a `try` around it catches ImportError, ModuleNotFoundError or
# Exception.
import ast
import json
import sys

GUARDS = {"ImportError", "ModuleNotFoundError", "Exception"}
TRIES = tuple(t for t in (getattr(ast, "Try", None), getattr(ast, "TryStar", None)) if t)


def imports(body, guarded, found):
    # Imports are statements, so only statement lists are searched: expressions, the bulk of
    # a tree, are never visited.
    for node in body:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module] if node.level == 0 and node.module else []
        elif isinstance(node, TRIES):
            caught = set()
            for handler in node.handlers:
                kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                caught |= {k.id for k in kinds if isinstance(k, ast.Name)}
            imports(node.body, guarded or bool(caught & GUARDS), found)
            for handler in node.handlers:
                imports(handler.body, guarded, found)
            imports(node.orelse, guarded, found)
            imports(node.finalbody, guarded, found)
            continue
        else:
            for field in ("body", "orelse", "finalbody"):
                child = getattr(node, field, None)
                if isinstance(child, list):
                    imports(child, guarded, found)
            for case in getattr(node, "cases", ()):
                imports(case.body, guarded, found)
            continue
        for name in names:
            found.append({"module": name.split(".")[0], "name": name, "line": node.lineno,
                          "column": node.col_offset + 1, "guarded": guarded})


result = {}
for item in json.load(sys.stdin):
    key = item.get("path") or item["name"]
    try:
        if "source" in item:
            text = item["source"]
        else:
            with open(item["path"], "rb") as handle:
                text = handle.read()
        tree = ast.parse(text)
    except (SyntaxError, ValueError, OSError):
        continue
    found = []
    imports(tree.body, False, found)
    found.sort(key=lambda entry: (entry["line"], entry["column"]))
    result[key] = found
print(json.dumps(result))
