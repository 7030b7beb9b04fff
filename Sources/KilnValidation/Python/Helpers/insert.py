import ast
import json
import sys

request = json.load(sys.stdin)
module, code = request["module"], request["code"]
tree, new = ast.parse(module), ast.parse(code)
existing = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
existing |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
code_lines = code.splitlines(keepends=True)
imports, rest = [], []
for node in new.body:
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    text = "".join(code_lines[start - 1:node.end_lineno]).rstrip("\n") + "\n"
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        imports.append(text)
    else:
        name = getattr(node, "name", None)
        if name in existing:
            print(json.dumps({"error": f"`{name}` is already defined; use `kiln gen refactor` to change it"}))
            sys.exit(0)
        rest.append(text)
present = {ast.dump(n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))}
imports = [i for i in imports if ast.dump(ast.parse(i).body[0]) not in present]
lines = module.splitlines(keepends=True)
if lines and not lines[-1].endswith("\n"):
    lines[-1] += "\n"
module_imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
if module_imports:
    at = module_imports[-1].end_lineno
elif tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant):
    at = tree.body[0].end_lineno
else:
    at = 0
lines[at:at] = imports
body = "".join(lines)
if rest:
    # Existing bytes stay as they are, trailing blank lines included; the new code follows.
    body += "\n\n" + "\n\n\n".join(r.rstrip("\n") + "\n" for r in rest)
ast.parse(body)
print(json.dumps({"source": body}))
