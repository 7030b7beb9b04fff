# Reads model-written test cases ({"code": text, "subject": name} on stdin) with Python's own
# parser and prints one JSON line. Nothing here runs the code: ast only parses.
#
# A case is an assert or a `pytest.raises` block. Cases come in blocks: a comment line holding
# only a tag (`# R2`) starts one, and the statements after it (`s = Stack()`, `s.push(1)`) set up
# every case below them in that block. A trailing tag on the case's own line (`assert f(1) == 2
# # R1`) also names it. A case without setup is its expression; a case with setup is a test body
# (kind "script") that runs the setup, skips itself when the setup fails, then checks the last
# expression. An earlier assert in the block is replayed by its call alone (its side effects, not
# its claimed value).
#
# An assignment of a fresh object (`t = Tally()`) after a check starts a new scenario too, so a
# copy that dropped the tag lines reads the same. A case outside any tagged scenario has tag "".
# Written as pytest tests instead (`def test_push():`, methods of a `class TestStack:`), each test
# function is a scenario of its own, tagged by a tag comment above or on its `def` line, or by its
# name (`test_r2_...`). A tagged block that does not open by building a fresh object goes on from
# the block before it (its setup carried over), and a check counts as a case only when it uses the
# subject or a name the setup built from it.
#
# Reply: {"cases": [{"tag", "kind": "equals"|"raises"|"script", "call", "value", "text", "attributes"}],
#         "blocks": [{"tag", "question"}]}: each block as a question for an independent answer,
# its claimed values replaced by `...` and its raises blocks by asserts, so nothing of the
# proposal's answers is shown. `attributes` names every attribute a case uses (`push`, `total`),
# so a caller can drop cases that use names the spec never mentions. Because a failed setup skips
# the case, a raised error is only ever the checked expression's.
import ast
import io
import json
import re
import sys
import tokenize

TAG_LINE = re.compile(r"#\s*([A-Z]\d+)\b")
# Appended to a failed comparison's message: both types when they differ, which the two reprs
# alone leave to the reader ("returned 2.3, expected '2,3'").
TYPE_NOTE = ('("" if type(result) is type(expected) else " (type %s, where the expected value has type %s)"'
             ' % (type(result).__name__, type(expected).__name__))')


# The standard library's value types a case may state (`Decimal("1.50")`, `datetime(2024, 1, 1,
# tzinfo=timezone.utc)`), read as values when their arguments are; the test module imports them
# (`SpecExamples.swift`). spec_reading.py reads the same ones.
LIBRARY_VALUES = {"Decimal", "Fraction", "datetime", "date", "timedelta", "timezone"}
LIBRARY_CONSTANTS = {("timezone", "utc")}


def is_value(node):
    """A value the harness can compare: numbers, strings, containers of them, True/False/None and
    the library's values above."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in LIBRARY_VALUES:
        return all(is_value(a) for a in node.args) and all(k.arg and is_value(k.value) for k in node.keywords)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return (node.value.id, node.attr) in LIBRARY_CONSTANTS
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(is_value(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and is_value(k) for k in node.keys) and all(is_value(v) for v in node.values)
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return not (isinstance(node, ast.Constant) and node.value is Ellipsis)


def raised(statement):
    """The exception name of a `with pytest.raises(E):` block, else None."""
    if not isinstance(statement, ast.With) or len(statement.items) != 1:
        return None
    expr = statement.items[0].context_expr
    if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "raises"
            and expr.args):
        return None
    return ast.unparse(expr.args[0]).split(".")[-1]


def as_expression(statement):
    """A setup statement as an expression with the same effect, or None when it has none."""
    if isinstance(statement, ast.Expr):
        return statement.value
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name):
            return ast.NamedExpr(target=ast.Name(target.id, ast.Store()), value=statement.value)
        if isinstance(target, ast.Attribute):
            return ast.Call(ast.Name("setattr", ast.Load()), [target.value, ast.Constant(target.attr), statement.value], [])
        if isinstance(target, ast.Subscript):
            method = ast.Attribute(target.value, "__setitem__", ast.Load())
            return ast.Call(method, [target.slice, statement.value], [])
    if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        name = statement.target.id
        value = ast.BinOp(ast.Name(name, ast.Load()), statement.op, statement.value)
        return ast.NamedExpr(target=ast.Name(name, ast.Store()), value=value)
    return None


def script(setup, expression, kind, value):
    """The case as a test body: the setup, then the check. A setup that fails (the scenario
    constructs the object in a way the code does not take) skips the test: the case's claim is
    about its last expression, and a failure before it is neither a pass nor a contradiction."""
    lines = []
    if setup:
        # SpecExamples.swift (`setupSkip`) turns the skip line into `raise` for a case run as a use.
        lines += ["try:"] + [f"    {line}" for line in setup]
        lines += ["except Exception as error:", "    pytest.skip(f\"the scenario's setup failed: {error!r}\")"]
    shown = ast.unparse(expression)
    if kind == "raises":
        lines += [f"with pytest.raises({value}):", f"    {shown}"]
    else:
        lines += [f"result = {shown}", f"expected = {value}",
                  f"assert result == expected, {shown!r} + ' returned %r, expected %r' % (result, expected) + {TYPE_NOTE}"]
    return "\n".join(lines)


def comments(code):
    """Line number -> the tag in that line's comment; and the lines that hold only a comment."""
    tags, comment_only = {}, set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                match = TAG_LINE.match(token.string)
                if match:
                    tags[token.start[0]] = match.group(1)
                if not token.line[:token.start[1]].strip():
                    comment_only.add(token.start[0])
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return tags, comment_only


def constructs(statement, subject):
    """`name = Subject(...)`: a fresh object."""
    return (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Call) and isinstance(statement.value.func, ast.Name)
            and statement.value.func.id == subject)


def mentions(node, subject):
    return any(isinstance(n, ast.Name) and n.id == subject for n in ast.walk(node))


def bound(setup, subject):
    """Names the setup binds to something built from the subject (`cache := LRUCache(3)`)."""
    names = set()
    for statement in setup:
        if isinstance(statement, ast.NamedExpr) and (mentions(statement.value, subject) or uses(statement.value, names)):
            names.add(statement.target.id)
    return names


def uses(node, names):
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


NAME_TAG = re.compile(r"(?:^|_)[rR](\d+)(?:_|$)")


def flattened(body):
    """The statements in order, each with the test function it opens (None for the others): the
    bodies of `test*` functions and of `Test*` classes' `test*` methods are read as scenarios."""
    for statement in body:
        if isinstance(statement, ast.ClassDef) and statement.name.startswith("Test"):
            yield from flattened([s for s in statement.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))])
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if statement.name.startswith("test") and statement.body:
                for index, inner in enumerate(statement.body):
                    yield inner, (statement if index == 0 else None)
            else:
                yield statement, None
        else:
            yield statement, None


def parsed_prefix(text):
    """The longest run of `text`'s first lines that parses (a reply cut off at its token limit in
    the middle of a line), and how many lines that is; (None, 0) when none does. Every check
    before the cut has its setup before it too. spec_reading.py reads a cut-off block the same way."""
    lines = text.split("\n")
    for cut in range(len(lines), 0, -1):
        try:
            return ast.parse("\n".join(lines[:cut])), cut
        except SyntaxError:
            continue
    return None, 0


def read(code, subject):
    tree, cut = parsed_prefix(code)
    if tree is None:
        return {"cases": [], "blocks": []}
    code = "\n".join(code.split("\n")[:cut])
    tags, comment_only = comments(code)
    block_starts = sorted(line for line in tags if line in comment_only)
    cases, blocks = [], []
    state = {"tag": None, "header": False, "setup": [], "text": [], "question": [], "usable": True, "checked": False,
             "opening": False}

    def start(tag, carry=False):
        """A new block. With `carry`, it goes on from the previous block's setup unless it opens by
        constructing a fresh object: the 1.5B often writes one scenario across several tags
        (`cache = LRUCache(3)` under R1, `cache.put(...)` under R2)."""
        carry = carry and state["usable"]
        setup, text = (list(state["setup"]), list(state["text"])) if carry else ([], [])
        state.update(tag=tag, header=tag is not None, setup=setup, text=text, question=list(text), usable=True,
                     checked=False, opening=True)

    def close():
        if state["tag"] and any("..." in line for line in state["question"]):
            header = [f"# {state['tag']}"] if state["header"] else []
            blocks.append({"tag": state["tag"], "question": "\n".join(header + state["question"])})

    def case(kind, tag, expression, value, text, question):
        """Records a case; outside a tagged block, a case with its own tag ends its implicit block."""
        setup = state["setup"]
        state["checked"] = True
        if mentions(expression, subject) or uses(expression, bound(setup, subject)):
            used = sorted({n.attr for node in list(setup) + [expression] for n in ast.walk(node)
                           if isinstance(n, ast.Attribute)})
            with_setup = bool(state["text"])
            cases.append({"tag": tag, "kind": "script" if with_setup else kind,
                          "call": script(state["text"], expression, kind, value) if with_setup else ast.unparse(expression),
                          "value": value, "text": "; ".join(state["text"] + [text]), "attributes": used})
        state["question"].append(question)
        if state["tag"] is None and tag:
            state["tag"] = tag
            close()
            start(None)
            return False
        return True

    def replay(expression, text, question):
        state["setup"].append(expression)
        state["text"].append(text)
        state["question"].append(question)

    previous_end = 0
    for statement, function in flattened(tree.body):
        if function is not None:
            # A test function is a scenario: its tag comes from a tag comment above it, on its
            # `def` line or at the top of its body, else from its name.
            tagged = [tags[line] for line in sorted(tags) if previous_end < line < statement.lineno]
            by_name = NAME_TAG.search(function.name)
            close()
            start(tagged[-1] if tagged else (f"R{by_name.group(1)}" if by_name else None))
            state["header"] = state["tag"] is not None
        else:
            started = [line for line in block_starts if previous_end < line < statement.lineno]
            if started:
                close()
                start(tags[started[-1]], carry=True)
        previous_end = statement.end_lineno
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring or a stray literal sets nothing up
        own_tag = None
        for line in (statement.lineno, statement.end_lineno):
            if line in tags and line not in comment_only:
                own_tag = own_tag or tags[line]
        if isinstance(statement, (ast.Import, ast.ImportFrom)) or not state["usable"]:
            continue
        if (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Compare)
                and any(isinstance(n, ast.Call) for n in ast.walk(statement.value))):
            statement = ast.Assert(test=statement.value)  # `s.pop() == 2` written without `assert`
        if (state["checked"] or state["opening"]) and constructs(statement, subject):
            # A fresh object after a check starts a new scenario (answers often drop the tag
            # lines), and a block that opens with one carries nothing over.
            if state["opening"]:
                state["question"] = []
            state.update(setup=[], text=[], checked=False)
        state["opening"] = False
        tag = own_tag or state["tag"] or ""
        suffix = f"  # {own_tag}" if own_tag and state["tag"] is None else ""
        exception = raised(statement)
        if isinstance(statement, ast.Assert):
            test = statement.test
            left = right = None
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.Is)):
                left, right = test.left, test.comparators[0]
                if is_value(left) and not is_value(right):
                    left, right = right, left
                if isinstance(right, ast.Constant) and right.value is Ellipsis:
                    # Left open (an answer that could not work it out): the call still runs.
                    replay(left, ast.unparse(left), f"assert {ast.unparse(left)} == ...")
                    continue
                if not (is_value(right) and not is_value(left)):
                    left = right = None
            elif isinstance(test, ast.Call) or (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
                                                and isinstance(test.operand, ast.Call)):
                # `assert s.is_empty()`, `assert not s.is_empty()`: a claimed truth value.
                negated = isinstance(test, ast.UnaryOp)
                left, right = (test.operand if negated else test), ast.Constant(not negated)
            if left is None:
                # A comparison the reader cannot state as one value: it still runs, as setup.
                replay(test, ast.unparse(statement), ast.unparse(statement))
                continue
            shown = ast.unparse(left)
            if case("equals", tag, left, ast.unparse(right), ast.unparse(statement), f"assert {shown} == ...{suffix}"):
                replay(left, shown, None)
                state["question"].pop()
        elif exception:
            inner = [s for s in statement.body if isinstance(s, ast.Expr)]
            if not inner or len(inner) != len(statement.body):
                state["usable"] = False
                continue
            for expression in inner:
                shown = ast.unparse(expression.value)
                if not case("raises", tag, expression.value, exception, f"{shown} raises {exception}",
                            f"assert {shown} == ...{suffix}"):
                    break
        else:
            expression = as_expression(statement)
            if expression is None:
                state["usable"] = False  # a loop or a definition: the block's later cases cannot be replayed
                continue
            replay(expression, ast.unparse(statement), ast.unparse(statement))
    close()
    return {"cases": cases, "blocks": blocks}


if __name__ == "__main__":
    request = json.load(sys.stdin)
    print(json.dumps(read(request["code"], request["subject"])))
