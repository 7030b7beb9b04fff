import ast
import json
import os
import sys

request = json.load(sys.stdin)
root = os.path.abspath(request["root"])


def first_line(doc):
    return doc.strip().splitlines()[0] if doc and doc.strip() else None


def signature(node, source):
    segment = ast.get_source_segment(source, node)
    header = segment.split(":\n", 1)[0] if segment else "def " + node.name + "(...)"
    lines = [line for line in header.splitlines()]
    # Decorators stay; the body goes.
    return "\n".join(lines) + ":"


def outline(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    tree = ast.parse(source)
    out, imports = [], []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(ast.get_source_segment(source, node))
            if isinstance(node, ast.ImportFrom) and node.module:
                imports.append((node.level, node.module))
            elif isinstance(node, ast.Import):
                imports.extend((0, alias.name) for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append(signature(node, source))
            doc = first_line(ast.get_docstring(node))
            out.append(f'    """{doc}"""' if doc else "    ...")
        elif isinstance(node, ast.ClassDef):
            bases = ", ".join(ast.get_source_segment(source, b) or "" for b in node.bases)
            out.append(f"class {node.name}({bases}):" if bases else f"class {node.name}:")
            doc = first_line(ast.get_docstring(node))
            if doc:
                out.append(f'    """{doc}"""')
            for item in node.body:
                if isinstance(item, (ast.AnnAssign,)) and isinstance(item.target, ast.Name):
                    out.append("    " + (ast.get_source_segment(source, item) or ""))
                elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out.append("    " + signature(item, source).replace("\n", "\n    "))
                    doc = first_line(ast.get_docstring(item))
                    out.append(f'        """{doc}"""' if doc else "        ...")
        elif isinstance(node, ast.AnnAssign) or (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)):
            segment = ast.get_source_segment(source, node) or ""
            if len(segment) < 200:
                out.append(segment)
    return "\n".join(line for line in out if line), imports


def resolve(importer, level, module):
    base = os.path.dirname(importer) if level else root
    for _ in range(max(level - 1, 0)):
        base = os.path.dirname(base)
    parts = module.split(".")
    for candidate in (os.path.join(base, *parts) + ".py", os.path.join(base, *parts, "__init__.py"),
                      os.path.join(root, "src", *parts) + ".py"):
        if os.path.isfile(candidate) and os.path.abspath(candidate).startswith(root):
            return os.path.abspath(candidate)
    return None


seen, results = set(), []
queue = [(os.path.abspath(f), 0) for f in request["files"]]
while queue:
    path, distance = queue.pop(0)
    if path in seen:
        continue
    seen.add(path)
    try:
        text, imports = outline(path)
    except (OSError, SyntaxError, UnicodeDecodeError) as error:
        text, imports = f"# (could not read: {type(error).__name__})", []
    results.append({"path": path, "text": text, "distance": distance})
    if distance < request["depth"]:
        for level, module in imports:
            target = resolve(path, level, module)
            if target:
                queue.append((target, distance + 1))
print(json.dumps(results))
