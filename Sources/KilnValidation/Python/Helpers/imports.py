# Reads a JSON list of {"path"} or {"name", "source"} on stdin; prints {name or path: imports}.
# Relative imports (`from . import x`) are left out: they name the project's own modules. An
# import is guarded when a `try` around it catches ImportError, ModuleNotFoundError or
# Exception. An import is typing-only when it sits under `if TYPE_CHECKING:` (however typing's
# flag is spelled or renamed) or in a `.pyi` stub: it never runs.
import ast
import json
import sys

GUARDS = {"ImportError", "ModuleNotFoundError", "Exception"}
TRIES = tuple(t for t in (getattr(ast, "Try", None), getattr(ast, "TryStar", None)) if t)
TYPING_MODULES = {"typing", "typing_extensions"}


def typing_names(tree):
    """The names that stand for typing's TYPE_CHECKING flag in this module, and its modules' aliases."""
    flags, modules = {"TYPE_CHECKING"}, set(TYPING_MODULES)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in TYPING_MODULES:
            flags |= {alias.asname or alias.name for alias in node.names if alias.name == "TYPE_CHECKING"}
        elif isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name for alias in node.names if alias.name in TYPING_MODULES}
    return flags, modules


def is_type_checking(test, names):
    flags, modules = names
    if isinstance(test, ast.Name):
        return test.id in flags
    if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
        return isinstance(test.value, ast.Name) and test.value.id in modules
    # `if TYPE_CHECKING and sys.version_info < (3, 11):` never runs unless type checking either.
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(is_type_checking(value, names) for value in test.values)
    return False


def imports(body, guarded, typing_only, names, found):
    # Imports are statements, so only statement lists are searched: expressions, the bulk of
    # a tree, are never visited.
    for node in body:
        if isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported = [node.module] if node.level == 0 and node.module else []
        elif isinstance(node, TRIES):
            caught = set()
            for handler in node.handlers:
                kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                caught |= {k.id for k in kinds if isinstance(k, ast.Name)}
            imports(node.body, guarded or bool(caught & GUARDS), typing_only, names, found)
            for handler in node.handlers:
                imports(handler.body, guarded, typing_only, names, found)
            imports(node.orelse, guarded, typing_only, names, found)
            imports(node.finalbody, guarded, typing_only, names, found)
            continue
        elif isinstance(node, ast.If) and is_type_checking(node.test, names):
            imports(node.body, guarded, True, names, found)
            imports(node.orelse, guarded, typing_only, names, found)
            continue
        else:
            for field in ("body", "orelse", "finalbody"):
                child = getattr(node, field, None)
                if isinstance(child, list):
                    imports(child, guarded, typing_only, names, found)
            for case in getattr(node, "cases", ()):
                imports(case.body, guarded, typing_only, names, found)
            continue
        for name in imported:
            found.append({"module": name.split(".")[0], "name": name, "line": node.lineno,
                          "column": node.col_offset + 1, "guarded": guarded, "typing_only": typing_only})


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
    stub = str(key).endswith(".pyi")
    imports(tree.body, False, stub, typing_names(tree), found)
    found.sort(key=lambda entry: (entry["line"], entry["column"]))
    result[key] = found
print(json.dumps(result))
