import ast
import json
import sys

request = json.load(sys.stdin)
source = request["source"]


def walk(tree):
    found = []

    def visit(body, prefix):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + node.name
                found.append((name, node))
                if isinstance(node, ast.ClassDef):
                    visit(node.body, name + ".")

    visit(tree.body, "")
    return found


def find(tree, name):
    matches = [node for qualified, node in walk(tree) if qualified == name]
    if not matches:
        raise SystemExit(f"no function or class named {name!r}")
    return matches[0]


def returns_value(node):
    if isinstance(node, ast.ClassDef):
        return False
    for child in ast.walk(node):
        if isinstance(child, ast.Return) and child.value is not None:
            return True
        if isinstance(child, (ast.Yield, ast.YieldFrom)):
            return True
    return False


def raised(node):
    names = set()
    if isinstance(node, ast.ClassDef):
        return []
    for child in ast.walk(node):
        if isinstance(child, ast.Raise) and child.exc is not None:
            target = child.exc.func if isinstance(child.exc, ast.Call) else child.exc
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute):
                names.add(target.attr)
    return sorted(names)


def recursive_calls(tree):
    """Top-level name -> the line of a call that is part of a cycle of calls (a function that
    calls itself, directly or through others: nested helpers, methods through `self`/`cls`,
    module functions), for every definition `walk` lists whose code recurses."""
    functions = {}  # qualified name -> (node, class name or None, listed name)

    def visit(body, prefix, owner, top):
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body, prefix + node.name + ".", prefix + node.name, top)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + node.name
                functions[name] = (node, owner, top or name)
                visit(node.body, name + ".<locals>.", None, top or name)

    visit(tree.body, "", None, None)

    def own_nodes(node):
        """The nodes of a function's body, not those of functions or classes defined in it."""
        stack = list(node.body)
        while stack:
            child = stack.pop()
            yield child
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stack.extend(ast.iter_child_nodes(child))

    def scopes(name):
        """Where a bare name in `name`'s body is looked up: its own nested functions, those of
        each enclosing function, the module (a class's body is no scope for its methods)."""
        found, current = [name + ".<locals>."], name
        while ".<locals>." in current:
            current = current.rsplit(".<locals>.", 1)[0]
            found.append(current + ".<locals>.")
        return found + [""]

    edges = {}
    for name, (node, owner, _) in functions.items():
        calls = {}
        for child in own_nodes(node):
            if not isinstance(child, ast.Call):
                continue
            target = None
            if isinstance(child.func, ast.Name):
                target = next((scope + child.func.id for scope in scopes(name) if scope + child.func.id in functions), None)
            elif (isinstance(child.func, ast.Attribute) and isinstance(child.func.value, ast.Name)
                  and child.func.value.id in ("self", "cls") and owner):
                target = owner + "." + child.func.attr if owner + "." + child.func.attr in functions else None
            if target and target not in calls:
                calls[target] = child.lineno
        edges[name] = calls

    def reaches(start, goal):
        seen, stack = set(), [start]
        while stack:
            current = stack.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                stack.extend(edges.get(current, {}))
        return False

    found = {}
    for name, calls in edges.items():
        for target, line in sorted(calls.items(), key=lambda item: item[1]):
            if reaches(target, name):
                top = functions[name][2]
                found[top] = min(found.get(top, line), line)
                break
    return found


def exception_name(statement):
    target = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
    if isinstance(target, ast.Name):
        return target.id
    return target.attr if isinstance(target, ast.Attribute) else None


def is_zero(node):
    return isinstance(node, ast.Constant) and not isinstance(node.value, bool) and node.value == 0


def condition_kinds(test, params):
    """The kinds of input a condition singles out: `x <= 0` zero and negative, `x < 0` negative,
    `x is None` none, `not x` and `len(x) == 0` empty. Only tests of the parameters count."""
    kinds = set()
    for node in ast.walk(test):
        negated = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        if negated and isinstance(node.operand, ast.Name) and node.operand.id in params:
            kinds.add("empty")
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            continue
        left, op, right = node.left, node.ops[0], node.comparators[0]
        if is_zero(left) or (isinstance(left, ast.Constant) and left.value is None):
            left, right = right, left
            op = {ast.Lt: ast.Gt(), ast.Gt: ast.Lt(), ast.LtE: ast.GtE(), ast.GtE: ast.LtE()}.get(type(op), op)
        is_param = isinstance(left, ast.Name) and left.id in params
        is_length = (isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "len"
                     and left.args and isinstance(left.args[0], ast.Name) and left.args[0].id in params)
        if isinstance(right, ast.Constant) and right.value is None and is_param and isinstance(op, (ast.Is, ast.Eq)):
            kinds.add("none")
        elif is_length and (is_zero(right) and isinstance(op, (ast.Eq, ast.LtE)) or
                            isinstance(right, ast.Constant) and right.value == 1 and isinstance(op, ast.Lt)):
            kinds.add("empty")
        elif is_param and is_zero(right):
            if isinstance(op, ast.LtE):
                kinds |= {"zero", "negative"}
            elif isinstance(op, ast.Lt):
                kinds.add("negative")
            elif isinstance(op, ast.Eq):
                kinds.add("zero")
    return kinds


def isinstance_check(node, names):
    """(variable, allowed type names) for `isinstance(v, T)` or `isinstance(v, (T, U))` with v in names."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance"
            and len(node.args) == 2 and isinstance(node.args[0], ast.Name) and node.args[0].id in names):
        return None
    allowed = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
    return node.args[0].id, [ast.unparse(t) for t in allowed]


def type_kinds(test, annotations):
    """Type checks that reject valid values: `not isinstance(x, float)` where `x: float` rejects
    ints, which Python's numeric tower accepts wherever a float is; an `isinstance` allow-list on a
    parameter annotated `Any` or `object`, or not at all, rejects the other types it allows."""
    kinds = set()
    for node in ast.walk(test):
        if not (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            continue
        check = isinstance_check(node.operand, annotations)
        if check is None:
            continue
        annotation, names = annotations[check[0]], set(check[1])
        if annotation == "float" and "float" in names and "int" not in names:
            kinds.add("integer")
        elif annotation in (None, "Any", "object", "typing.Any"):
            kinds.add("type")
    return kinds


def reads_parameter(node, params):
    return any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(node))


def bound_names(target):
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def element_checks(node, params):
    """Type allow-lists on the *elements* of a parameter that raise for every other type:
    `for x in items: if isinstance(x, list): ... elif isinstance(x, int): ... else: raise`,
    `if not isinstance(x, int): raise` inside such a loop, and `if not all(isinstance(x, int) for x
    in items): raise`. The elements' types are the model's guess unless the spec names them (a
    nested list of "values" may hold strings and None); yields (if node, raise, condition text)."""
    elements = set()
    for child in ast.walk(node):
        if isinstance(child, (ast.For, ast.AsyncFor)) and reads_parameter(child.iter, params):
            elements |= bound_names(child.target)
    found, chained = [], set()
    for child in ast.walk(node):
        if not isinstance(child, ast.If) or id(child) in chained:
            continue
        raised = next((s for s in child.body if isinstance(s, ast.Raise) and s.exc is not None), None)
        test = child.test
        if raised is not None:
            negated = test.operand if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else None
            if negated is not None and isinstance_check(negated, elements):
                found.append((child, raised, ast.unparse(test)))
                continue
            # `not all(isinstance(x, T) for x in param)` / `any(not isinstance(x, T) for x in param)`
            call = negated if negated is not None else test
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in ("all", "any")
                    and len(call.args) == 1 and isinstance(call.args[0], ast.GeneratorExp)):
                generator = call.args[0]
                variables = set().union(*(bound_names(g.target) for g in generator.generators))
                over_parameter = any(reads_parameter(g.iter, params) for g in generator.generators)
                element = generator.elt
                if call.func.id == "any" and negated is None and isinstance(element, ast.UnaryOp) and isinstance(element.op, ast.Not):
                    element = element.operand
                elif not (call.func.id == "all" and negated is not None):
                    continue
                if over_parameter and isinstance_check(element, variables):
                    found.append((child, raised, ast.unparse(test)))
            continue
        # An if/elif chain of isinstance tests on one element whose last `else` raises.
        check = isinstance_check(test, elements)
        if check is None:
            continue
        variable, allowed, branch = check[0], list(check[1]), child
        while len(branch.orelse) == 1 and isinstance(branch.orelse[0], ast.If):
            further = isinstance_check(branch.orelse[0].test, {variable})
            if further is None:
                break
            allowed += further[1]
            branch = branch.orelse[0]
            chained.add(id(branch))
        final = next((s for s in branch.orelse if isinstance(s, ast.Raise) and s.exc is not None), None)
        if final is not None and "object" not in allowed:
            found.append((child, final, f"{variable} is none of {', '.join(allowed)}"))
    return found


def guards(node):
    """`if <test of a parameter>: raise E`: the inputs the code rejects by itself."""
    if isinstance(node, ast.ClassDef):
        return []
    a = node.args
    arguments = [p for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg not in ("self", "cls")]
    params = {p.arg for p in arguments}
    annotations = {p.arg: ast.unparse(p.annotation) if p.annotation else None for p in arguments}
    found = []
    for child in ast.walk(node):
        if not isinstance(child, ast.If):
            continue
        raised = next((s for s in child.body if isinstance(s, ast.Raise) and s.exc is not None), None)
        kinds = condition_kinds(child.test, params) | type_kinds(child.test, annotations) if raised else set()
        if kinds:
            found.append({"kinds": sorted(kinds), "exception": exception_name(raised) or "Exception",
                          "line": child.lineno, "condition": ast.unparse(child.test)[:120]})
    for child, raised, condition in element_checks(node, params):
        found.append({"kinds": ["element-type"], "exception": exception_name(raised) or "Exception",
                      "line": child.lineno, "condition": condition[:120]})
    return sorted(found, key=lambda g: g["line"])


def uses_isinstance(test):
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "isinstance"
               for n in ast.walk(test))


def strip_checks(source, lines):
    """`source` without the checks at `lines` that reject input by themselves, and what went:
    an `assert` on that line, or an `if` with no `else` whose body only raises, found by its raise
    (the probe called the code without it and got a result) or, for a type check, by its own line.
    An `else: raise` after a chain of type tests stays: without it the other types would vanish
    silently. Statements that share a line with others stay as well."""
    tree = ast.parse(source)
    text = source.splitlines(keepends=True)
    targets = set(lines)

    def whole_lines(node):
        before = text[node.lineno - 1][:node.col_offset]
        after = text[node.end_lineno - 1][node.end_col_offset:].strip()
        return not before.strip() and (not after or after.startswith("#"))

    chosen = []
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(parent, field, None)
            if not isinstance(statements, list):
                continue
            for statement in statements:
                if isinstance(statement, ast.Assert):
                    hit = statement.lineno in targets
                elif (isinstance(statement, ast.If) and not statement.orelse and statement.body
                        and all(isinstance(b, ast.Raise) for b in statement.body)):
                    hit = any(b.lineno in targets for b in statement.body) or (
                        statement.lineno in targets and uses_isinstance(statement.test))
                else:
                    hit = False
                if hit and whole_lines(statement):
                    chosen.append((statement, statements))
    removed, drop, replace = [], set(), {}
    for statement, siblings in chosen:
        removed.append({"line": statement.lineno, "text": text[statement.lineno - 1].strip()[:160]})
        drop.update(range(statement.lineno, statement.end_lineno + 1))
        if all(s in [c for c, _ in chosen] for s in siblings):
            # The block would be empty: the first statement becomes `pass`.
            first = siblings[0]
            replace[first.lineno] = " " * first.col_offset + "pass\n"
    out = []
    for number, line in enumerate(text, start=1):
        if number in replace:
            out.append(replace[number])
        elif number not in drop:
            out.append(line)
    updated = "".join(out)
    ast.parse(updated)
    return updated, sorted(removed, key=lambda r: r["line"])


def strip_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


command = request["command"]
if command == "list":
    tree = ast.parse(source)
    recursion = recursive_calls(tree)
    out = []
    for name, node in walk(tree):
        start = min([node.lineno] + [d.lineno for d in node.decorator_list])
        parameters = []
        if not isinstance(node, ast.ClassDef):
            a = node.args
            parameters = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg not in ("self", "cls")]
            if a.vararg:
                parameters.append(a.vararg.arg)
            if a.kwarg:
                parameters.append(a.kwarg.arg)
        out.append({"qualified_name": name, "kind": "class" if isinstance(node, ast.ClassDef) else "function",
                    "line": start, "end_line": node.end_lineno,
                    "source": "".join(source.splitlines(keepends=True)[start - 1:node.end_lineno]),
                    "docstring": ast.get_docstring(node), "parameters": parameters, "returns_value": returns_value(node),
                    "raises": raised(node), "guards": guards(node), "recursive_call": recursion.get(name)})
    print(json.dumps(out))
elif command == "extract":
    tree = ast.parse(source)
    definitions = walk(tree)
    short = request["name"].split(".")[-1]
    chosen = [n for q, n in definitions if q == request["name"]] or [n for q, n in definitions if q.split(".")[-1] == short]
    if not chosen and len(definitions) == 1:
        chosen = [definitions[0][1]]
    print(json.dumps({"docstring": ast.get_docstring(chosen[0], clean=True) if chosen else None}))
elif command == "strip_checks":
    updated, removed = strip_checks(source, [int(n) for n in request["lines"].split(",") if n.strip()])
    print(json.dumps({"source": updated, "removed": removed}))
elif command == "insert":
    tree = ast.parse(source)
    node = find(tree, request["name"])
    lines = source.splitlines(keepends=True)
    first = node.body[0]
    indent = " " * first.col_offset
    text = request["docstring"].strip("\n").replace('"""', '\\"\\"\\"')
    body_lines = text.splitlines()
    if len(body_lines) == 1:
        block = f'{indent}"""{body_lines[0]}"""\n'
    else:
        block = f'{indent}"""' + body_lines[0] + "\n" + "".join(
            (indent + line if line.strip() else "") + "\n" for line in body_lines[1:]) + f'{indent}"""\n'
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    if has_doc:
        lines[first.lineno - 1:first.end_lineno] = [block]
    elif first.lineno == node.lineno:
        raise SystemExit(f"{request['name']} has its body on the def line; put it on its own line first")
    else:
        lines[first.lineno - 1:first.lineno - 1] = [block]
    updated = "".join(lines)
    ast.parse(updated)
    print(json.dumps({"source": updated}))
elif command == "compare":
    print(json.dumps({"same": strip_docstrings(ast.parse(source)) == strip_docstrings(ast.parse(request["other"]))}))
