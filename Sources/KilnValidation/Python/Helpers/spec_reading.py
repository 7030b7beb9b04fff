# Reads a spec ({"spec": text} on stdin) with Python's own parser and prints one JSON line: the
# examples it states (each a check the code must pass) and the example-like lines it could not
# read (reported to the user, never silently dropped). Nothing here runs the spec's code: ast
# only parses.
#
# Forms: `assert f(x) == y` (any spacing, any comparison, `and`/tuples of them), bare
# comparisons, arrows and words (`f(x) -> y`, `=>`, `==>`, `➞`, `→`, `returns`, `should return`,
# `gives`), `f(x) raises E`, trailing comments (`f(x)  # returns y`), `f(x) = y` with literal
# values, doctests (a block that sets things up becomes one script), fenced code blocks with
# asserts and `pytest.raises`, and any of these inside `backticks`. Examples given by their
# inputs, as problem statements write them (`Input: arr = [1, 2], k = 1` then `Output: [2]`;
# `For lst = [1, 2] the output should be 3`), become calls of the function the spec's signature
# names, arguments placed by its parameters.
import ast
import builtins
import io
import json
import operator
import re
import sys
import tokenize

BUILTINS = set(dir(builtins))
ARROWS = ["==>", "➞", "→", "=>", "->", " returns ", " should return ", " gives ", " evaluates to "]
RAISES = [" raises ", " should raise ", " raise "]
VALUE_CALLS = {"float", "set", "frozenset", "tuple", "list", "dict", "complex", "int", "str", "bytes", "range"}
# Values a spec states with the standard library's types (`Decimal("12.50")`, `datetime(2024, 1,
# 1, 9, tzinfo=timezone.utc)`, `timedelta(hours=2)`): values like literals when their arguments
# are, so `f(x) == [Decimal("1.50")]` is an equality, not a claim the whole comparison holds. The
# test module imports them (`SpecExamples.swift`). `timezone.utc` is the one constant read so.
LIBRARY_VALUES = {"Decimal", "Fraction", "datetime", "date", "timedelta", "timezone"}
LIBRARY_CONSTANTS = {("timezone", "utc")}
BULLET = re.compile(r"^(?:[-*•]\s+|\d+[.)]\s+|for\s+|(?:e\.g\.|i\.e\.|eg)[,:]?\s+)")
INPUT_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?:Example\s*\d*\s*:\s*)?Inputs?\s*:\s*(.*)$", re.I)
OUTPUT_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?:Output|Expected(?:\s+output)?)\s*:\s*(.*)$", re.I)
FOR_INPUTS = re.compile(
    r"^\s*(?:[-*•]\s*)?For\s+(.+?)\s*,?\s+(?:the\s+)?(?:output|result|answer|return\s+value)\s+"
    r"(?:should\s+be|is|will\s+be)\s*:?\s+(.+?)\s*$", re.I)
# How prose and other languages write Python's constants: `f(3) => true` means True.
JSON_CONSTANTS = {"true": "True", "false": "False", "null": "None", "none": "None"}
# A value followed by an explanation in brackets: words, not a Python argument list.
EXPLAINED = re.compile(r"^(.*?\S)\s*\((?=[^()]*[A-Za-z]{2,}\s+[A-Za-z]{2,})[^()]*\)$")
# A value written out (a quoted string, a number, a bracketed list) and the value it becomes.
WORDED_LITERAL = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|\[[^\[\]]*\])"""
WORDED_VALUE = re.compile(
    rf"(?<![\w.])({WORDED_LITERAL})\s+(?:becomes|should\s+become|will\s+become|turns\s+into|is\s+turned\s+into|"
    rf"is\s+converted\s+to|→|➞|=>|->)\s+({WORDED_LITERAL})(?![\w(])")
EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Iteration))\s*(?::|$)")


class Reader:
    def __init__(self, spec):
        self.spec = spec
        self.lines = spec.split("\n")
        self.declared = set()
        for line in self.lines:
            match = re.match(r"\s*(?:async\s+def|def|class)\s+([A-Za-z_]\w*)", line)
            if match:
                self.declared.add(match.group(1))
        self.formulas = set()
        self.examples = []
        self.unreadable = []
        self.seen = set()
        self.imports = []

    # ---- expressions --------------------------------------------------------------------

    def bound_names(self, node):
        names = set()
        for child in ast.walk(node):
            if isinstance(child, ast.arg):
                names.add(child.arg)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
        return names

    def free_names(self, node, extra=()):
        functions = {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        constants = {c.value.id for c in ast.walk(node) if isinstance(c, ast.Attribute) and isinstance(c.value, ast.Name)
                     and (c.value.id, c.attr) in LIBRARY_CONSTANTS}
        bound = self.bound_names(node) | BUILTINS | self.declared | functions | constants | set(extra)
        return sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - bound)

    def called(self, node):
        """Names of the non-builtin functions called in `node`, outermost first."""
        names = []
        for child in ast.walk(node):
            if isinstance(child, ast.Call):
                func = child.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                if name in LIBRARY_VALUES and self.is_value(child):
                    continue
                if name and (name not in BUILTINS or name in self.declared) and name not in names:
                    names.append(name)
        return names

    def is_value(self, node):
        """A value an example can state: literals, containers of them, `-1`, `1+2j`, `float('inf')`."""
        if isinstance(node, ast.Constant):
            return node.value is not Ellipsis
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
            return self.is_value(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            return self.is_value(node.left) and self.is_value(node.right)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(self.is_value(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(k is not None and self.is_value(k) for k in node.keys) and all(self.is_value(v) for v in node.values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in VALUE_CALLS | LIBRARY_VALUES:
            if node.func.id in self.declared:
                return False
            # A library value's keywords are part of it (`tzinfo=timezone.utc`, `hours=2`).
            keywords = node.func.id in LIBRARY_VALUES and all(k.arg and self.is_value(k.value) for k in node.keywords)
            return (keywords or not node.keywords) and all(self.is_value(a) for a in node.args)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return (node.value.id, node.attr) in LIBRARY_CONSTANTS and node.value.id not in self.declared
        if isinstance(node, ast.Name) and node.id in self.declared:
            return False
        return False

    @staticmethod
    def expression(text):
        try:
            return ast.parse(text.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return None

    def add(self, kind, call, function, line, text, value=None):
        key = (kind, call, value)
        if key in self.seen:
            return
        self.seen.add(key)
        example = {"kind": kind, "call": call, "function": function, "line": line, "text": text.strip()}
        if value is not None:
            example["value"] = value
        self.examples.append(example)

    def report(self, line, text, reason):
        if not any(u["line"] == line for u in self.unreadable):
            self.unreadable.append({"line": line, "text": text.strip(), "reason": reason})

    def comparison(self, node, line, text, asserted=False):
        """An asserted expression: `call == value` becomes an equality, anything else that calls
        the code with known values a condition that must hold. Returns False when it is not one."""
        if isinstance(node, (ast.Tuple, ast.BoolOp)) and not (isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or)):
            parts = node.elts if isinstance(node, ast.Tuple) else node.values
            if parts and all(isinstance(p, ast.Compare) for p in parts):
                return all([self.comparison(p, line, text, asserted) for p in parts])
        if (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)
                and raised(node.comparators[0]) and self.called(node.left) and not self.free_names(node.left)):
            # `assert f(x) == pytest.raises(ValueError)`: what its writer meant is plain.
            self.add("raises", ast.unparse(node.left), self.called(node.left)[0], line, text, raised(node.comparators[0]))
            return True
        called = self.called(node)
        if not called or self.free_names(node):
            return False
        if (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Is)
                and isinstance(node.comparators[0], ast.Constant) and node.comparators[0].value is None):
            # `f(x) is None`: the result None, stated as a value like any other.
            self.add("equals", ast.unparse(node.left), called[0], line, text, "None")
            return True
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq):
            left, right = node.left, node.comparators[0]
            if self.is_value(left) and not self.is_value(right):
                left, right = right, left
            if self.called(left) and not self.called(right):
                self.add("equals", ast.unparse(left), self.called(left)[0], line, text, folded(right))
                return True
        if not (asserted or isinstance(node, ast.Compare)):
            return False  # `area() and perimeter()` in prose names methods; it asserts nothing
        self.add("holds", ast.unparse(node), called[0], line, text)
        return True

    def bare_method(self, node):
        """`peek()` in prose, no receiver and no arguments, of a name no `def` declares: a method
        named in words ("pop() raises IndexError when empty"), not a call a test could make."""
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.args and not node.keywords
                and node.func.id not in self.declared)

    def call_and_value(self, left_text, right_text, line, text, literal_only=False):
        """`left` a call of the code with known arguments, `right` the value it gives. Returns
        True when read, False when this is not an example, a reason when it looks like one but
        cannot be read."""
        left = self.expression(left_text.strip(" `"))
        if left is None or not self.called(left):
            return False
        if self.free_names(left) or self.bare_method(left):
            return None  # notation such as `fib(n) -> fib(n - 1) + fib(n - 2)`
        value_text = right_text.strip().strip("`").rstrip(".,;").strip().strip("`")
        worked = split_outside(value_text, " = ", last=True)
        if worked:
            value_text = worked[1].strip()
        value = self.expression(JSON_CONSTANTS.get(value_text, value_text))
        if value is None or not self.is_value(value):
            # `'No' (the name should start with a letter)`: the value, then why, in words.
            explained = EXPLAINED.match(value_text)
            if explained:
                value_text = explained.group(1).strip().strip("`").rstrip(".,;")
                value = self.expression(JSON_CONSTANTS.get(value_text, value_text))
        if value is None or not self.is_value(value):
            if literal_only:
                return False
            return f"the expected value `{value_text}` is not a Python value"
        if literal_only and not all(self.is_value(a) for a in getattr(left, "args", [])):
            return False
        self.add("equals", ast.unparse(left), self.called(left)[0], line, text, ast.unparse(value))
        return True

    # ---- one clause of prose ----------------------------------------------------------------

    def clause(self, text, line):
        """Reads one clause. True: an example; False: not one; None: notation that looks like an
        example but is not one (`fib(n) -> ...`); a string: why an example-like clause could not
        be read."""
        text = text.strip().strip("`").strip()
        while True:
            stripped = BULLET.sub("", text, count=1)
            if stripped == text:
                break
            text = stripped
        if not text or text.startswith(("def ", "class ", "async def ", "@")):
            return False
        code, comment = code_and_comment(text)
        if comment is not None:
            for marker in ("returns ", "=> ", "==> ", "-> ", "➞ ", "→ ", "== ", "gives "):
                if comment.startswith(marker):
                    # After an arrow the comment states a value; after a word it may be prose
                    # ("returns the total"), which is no example to report.
                    worded = marker[0].isalpha()
                    return self.call_and_value(code, comment[len(marker):], line, text, literal_only=worded)
            text = code
        if text.startswith("assert "):
            body = text[len("assert "):]
            try:
                node = ast.parse(text).body[0].test
            except (SyntaxError, ValueError, IndexError, AttributeError):
                node = None
            if node is not None and self.comparison(node, line, text, asserted=True):
                return True
            text = body
        equals = split_outside(text, "==")
        if equals and split_outside(equals[1], " = "):
            # A worked example: `f([1, 3]) == 1 + 9 = 10`.
            return self.call_and_value(equals[0], equals[1], line, text)
        node = self.expression(text.rstrip(".,;"))
        if node is not None and not isinstance(node, ast.Call):
            if self.comparison(node, line, text):
                return True
            if self.called(node) and self.free_names(node):
                return None  # `fibfib(n) == fibfib(n-1) + fibfib(n-2)` states a rule, not a case
        for marker in RAISES:
            parts = split_outside(text, marker)
            if parts:
                left = self.expression(parts[0].strip(" `"))
                if left is None or not self.called(left):
                    return False
                if self.free_names(left) or self.bare_method(left):
                    return None
                words = parts[1].strip(" `.").split()
                words = [w for w in words if w not in ("a", "an", "the")]
                exception = words[0].strip("`.,;:") if words else ""
                if not exception.isidentifier():
                    return f"`{exception}` is not an exception name"
                self.add("raises", ast.unparse(left), self.called(left)[0], line, text, exception)
                return True
        for marker in ARROWS:
            parts = split_outside(text, marker)
            if parts:
                if is_signature(text):
                    return None
                return self.call_and_value(parts[0], parts[1], line, text)
        parts = split_outside(text, " = ") or split_outside(text, "=", single=True)
        if parts:
            left = self.expression(parts[0].strip(" `"))
            if left is not None and isinstance(left, ast.Call) and self.called(left):
                name = self.called(left)[0]
                if self.free_names(left) or name in self.formulas:
                    return None
                return self.call_and_value(parts[0], parts[1], line, text, literal_only=True)
        return False

    def prose_line(self, raw, line):
        """A line of prose, clause by clause (`;`), each read whole and then, when that fails,
        sentence by sentence (`.`, `,`, `and`), after any label (`Examples:`, `For example,`).
        Backticks around code are dropped."""
        text = raw.replace("`", " ")
        for piece in split_all(text, "; "):
            outcome = self.piece(piece, line)
            if outcome is True or outcome is None:
                continue
            reasons = [outcome] if isinstance(outcome, str) else []
            parts = [piece]
            for marker in (". ", ", ", " and "):
                parts = [p for part in parts for p in split_all(part, marker)]
            outcomes = [self.piece(part, line) for part in parts] if len(parts) > 1 else []
            if any(o is True for o in outcomes):
                continue
            reasons += [o for o in outcomes if isinstance(o, str)]
            if reasons or (self.looks_like_example(piece) and None not in outcomes):
                self.report(line, piece, reasons[0] if reasons else "Python cannot parse it")

    def piece(self, text, line):
        """`clause` on the text and on what follows each label in it: True, None (notation), a
        reason, or False."""
        starts = [text] + [text[m.end():] for m in re.finditer(r"(?::|,|\bexamples?|\bExamples?)\s+", text)]
        result = False
        for start in starts:
            outcome = self.clause(start, line)
            if outcome is True:
                return True
            if outcome is None and result is False:
                result = None
            elif isinstance(outcome, str):
                result = outcome
        return result

    def looks_like_example(self, text):
        """A call of a declared function (or, when none is declared, of any name) next to an
        example marker: what a reader takes for an example."""
        calls = re.findall(r"([A-Za-z_]\w*)\s*\(", text)
        names = [c for c in calls if c in self.declared] if self.declared else [c for c in calls if c not in BUILTINS]
        if not names:
            return False
        code, _ = code_and_comment(text)
        if is_signature(code):
            return False
        # A marker with nothing after it ("a total that total() returns") states no value.
        marker = r"\)\s*(?:==|->|=>|➞|→|returns\b|raises\b)\s*\S"
        return re.search(marker, code) is not None and not re.match(r"\s*(?:async\s+def|def|class)\s", text)

    # ---- examples given by their inputs ----------------------------------------------------------

    def find_signatures(self):
        """Parameter names of the functions the spec declares: its `def` lines (continued while
        their brackets are open), else `name(a, b)` written in prose when it names one function."""
        self.signatures = {}
        self.required = {}
        self.annotations = {}
        self.last_function = None
        index = 0
        while index < len(self.lines):
            match = re.match(r"\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(", self.lines[index])
            if not match:
                index += 1
                continue
            text = self.lines[index].strip()
            end = index
            while not balanced(text.split("#")[0]) and end + 1 < len(self.lines) and end - index < 20:
                end += 1
                text += " " + self.lines[end].strip()
            header = (split_outside(text, ":", last=True) or [text])[0]
            for candidate in (text.rstrip(":") + ": pass", header + ": pass"):
                try:
                    node = ast.parse(candidate.replace("async def", "def", 1)).body[0]
                except (SyntaxError, IndexError):
                    continue
                self.signatures[match.group(1)] = self.parameters(node.args)
                self.required[match.group(1)] = self.required_count(node.args)
                self.annotations[match.group(1)] = self.first_annotation(node.args)
                self.last_function = match.group(1)
                break
            index = end + 1
        if self.signatures:
            return
        found = {}
        for name, inner in re.findall(r"\b([A-Za-z_]\w*)\(([^()]*)\)", self.spec):
            if name in BUILTINS or not inner.strip():
                continue
            try:
                node = ast.parse(f"def {name}({inner}): pass").body[0]
            except SyntaxError:
                continue
            found.setdefault(name, (self.parameters(node.args), self.required_count(node.args), self.first_annotation(node.args)))
        if len(found) == 1:
            name, (parameters, required, annotation) = next(iter(found.items()))
            self.signatures = {name: parameters}
            self.required = {name: required}
            self.annotations = {name: annotation}
            self.last_function = name

    @staticmethod
    def parameters(args):
        """(positional names, keyword-only names, takes *args) of a signature, `self` left out."""
        positional = [a.arg for a in args.posonlyargs + args.args if a.arg not in ("self", "cls")]
        return positional, [a.arg for a in args.kwonlyargs], args.vararg is not None

    @staticmethod
    def first_annotation(args):
        """The type written for the first parameter (`self` left out), as text; None without one."""
        positional = [a for a in args.posonlyargs + args.args if a.arg not in ("self", "cls")]
        return ast.unparse(positional[0].annotation) if positional and positional[0].annotation else None

    @staticmethod
    def required_count(args):
        """How many arguments a call must give: parameters without a default, `self` left out."""
        positional = [a for a in args.posonlyargs + args.args if a.arg not in ("self", "cls")]
        keyword_only = [d for d in args.kw_defaults if d is None]
        return max(len(positional) - len(args.defaults), 0) + len(keyword_only)

    def worded_values(self):
        """`"Crème Brûlée" becomes "creme-brulee"`, `"1h30m" → 5400`: a value and what it turns
        into, written without the call, in a spec whose one function takes one argument (others
        may have defaults): a call of it. Both sides must be Python values; a class (its name
        capitalised) is never called so, since its constructor returns an object, not the value."""
        function = self.last_function
        if re.search(r"^\s*class\s", self.spec, re.M):
            return  # a method's `def` would be taken for a function of its own
        if (function is None or len(self.signatures) != 1 or function[:1].isupper()
                or self.required.get(function) != 1 or not self.signatures[function][0]):
            return
        for index, raw in enumerate(self.lines):
            if index in self.consumed:
                continue
            for match in WORDED_VALUE.finditer(raw):
                given, result = self.expression(match.group(1)), self.expression(match.group(2))
                if given is None or result is None or not self.is_value(given) or not self.is_value(result):
                    continue
                self.add("equals", f"{function}({ast.unparse(given)})", function, index + 1, match.group(0),
                         ast.unparse(result))

    def stated_inputs(self):
        """Inputs the spec names as ones the function takes, without their results: `converts a
        compact duration such as "1h30m", "45s" or "2d4h" into total seconds`. Only in a spec whose
        one function takes one argument declared `str`, only quoted strings after "such as", "like",
        "e.g." or "for example", and never in a sentence about errors or after a result word
        ("returns a label such as 'high'" names outputs). Each becomes a call the code must not fail
        on inside itself, nor refuse with an error of its own: the spec says it takes it."""
        function = self.last_function
        if re.search(r"^\s*class\s", self.spec, re.M) or function is None or len(self.signatures) != 1 or function[:1].isupper():
            return []  # a class's constructor is not the function the inputs are for
        if self.required.get(function) != 1 or self.annotations.get(function) != "str":
            return []
        calls = []
        for sentence in re.split(r"(?<=[.;!?])\s+|\n", self.spec):
            lead = re.search(r"\b(?:such as|like|e\.g\.?|for example|for instance)[,:]?\s+(?=[\"'])", sentence, re.I)
            if not lead or re.search(r"\b(?:rais\w*|errors?|exceptions?|invalid|malformed|rejects?|refus\w*|not allowed)\b|Error\b",
                                     sentence, re.I):
                continue
            if re.search(r"\b(?:returns?|returning|gives|produces|outputs?|yields|into|to)\b", sentence[:lead.start()], re.I):
                continue
            rest = sentence[lead.end():]
            listed = re.match(r"""((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')(?:\s*(?:,|,?\s*or|,?\s*and)\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))*)""", rest)
            if not listed:
                continue
            for literal in re.findall(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""", listed.group(1)):
                try:
                    value = ast.literal_eval(literal)
                except (ValueError, SyntaxError):
                    continue
                if isinstance(value, str):
                    call = f"{function}({value!r})"
                    if call not in calls:
                        calls.append(call)
        return calls

    def arguments(self, pieces):
        """Named (`k = 3`, `k: 3`) or bare values: a call's argument text for the spec's function,
        or a reason it cannot be one, or None when these are no values at all."""
        named, bare = [], []
        for piece in pieces:
            piece = piece.strip().rstrip(",").strip()
            if not piece:
                continue
            parts = split_outside(piece, "=", single=True) or split_outside(piece, ":")
            if parts and parts[0].strip().isidentifier():
                value = self.expression(JSON_CONSTANTS.get(parts[1].strip(), parts[1].strip()))
                if value is None or not self.is_value(value):
                    return None
                named.append((parts[0].strip(), ast.unparse(value)))
            else:
                value = self.expression(JSON_CONSTANTS.get(piece, piece))
                if value is None or not self.is_value(value):
                    return None
                bare.append(ast.unparse(value))
        if not named and not bare or named and bare:
            return None
        function = self.last_function
        if function is None:
            return "the spec has no signature saying which function these inputs go to"
        params, keyword_only, takes_more = self.signatures[function]
        if bare:
            if len(bare) > len(params) and not takes_more:
                return f"{len(bare)} inputs, but `{function}` takes {len(params)}"
            return function, ", ".join(bare)
        names = [n for n, _ in named]
        if len(named) == 1 and len(params) == 1 and not keyword_only:
            return function, named[0][1]
        if not set(names) <= set(params + keyword_only):
            unknown = ", ".join(n for n in names if n not in params + keyword_only)
            return f"`{unknown}` is not a parameter of `{function}({', '.join(params + keyword_only)})`"
        values = dict(named)
        leading = []
        for name in params:
            if name not in values:
                break
            leading.append(name)
        # Positional where the names are the first parameters (positional-only ones included),
        # by keyword after them.
        placed = [values[p] for p in leading] + [f"{n}={v}" for n, v in named if n not in leading]
        return function, ", ".join(placed)

    def add_input_example(self, pieces, output, line, text):
        arguments = self.arguments(pieces)
        if arguments is None:
            return False
        if isinstance(arguments, str):
            self.report(line, text, arguments)
            return True
        code, _ = code_and_comment(output.strip())
        code = code.strip()
        value = self.expression(JSON_CONSTANTS.get(code, code))
        if value is None or not self.is_value(value):
            code = code.rstrip(".").strip()
            value = self.expression(JSON_CONSTANTS.get(code, code))
        if value is None or not self.is_value(value):
            self.report(line, text, f"the output `{output.strip()}` is not a Python value")
            return True
        function, args = arguments
        self.add("equals", f"{function}({args})", function, line, text, ast.unparse(value))
        return True

    def input_examples(self):
        """`Input:` lines (their values on the line or on the lines below) up to `Output:` and its
        value; `For x = 1, y = 2, the output should be 3`."""
        index = 0
        while index < len(self.lines):
            raw = self.lines[index]
            match = FOR_INPUTS.match(raw)
            if match:
                pieces = []
                for piece in split_all(match.group(1), ", "):
                    if not (split_outside(piece, "=", single=True) or [""])[0].strip().isidentifier():
                        break
                    pieces.append(piece)
                if pieces and self.add_input_example(pieces, match.group(2), index + 1, raw):
                    self.consumed.add(index)
                index += 1
                continue
            match = INPUT_LINE.match(raw)
            if not match:
                index += 1
                continue
            pieces = split_all(match.group(1), ", ") if match.group(1).strip() else []
            end = index + 1
            output = None
            while end < len(self.lines) and end - index <= 12:
                following = self.lines[end]
                found = OUTPUT_LINE.match(following)
                if found:
                    output = found.group(1)
                    if not output.strip() and end + 1 < len(self.lines):
                        end += 1
                        output = self.lines[end]
                    break
                if not following.strip():
                    end += 1
                    continue
                if INPUT_LINE.match(following):
                    break
                pieces += split_all(following.strip(), ", ")
                end += 1
            if output is not None and pieces:
                text = "\n".join(line.strip() for line in self.lines[index:end + 1] if line.strip())
                if self.add_input_example(pieces, output, index + 1, text):
                    self.consumed.update(range(index, end + 1))
                    index = end + 1
                    continue
            index += 1

    # ---- doctests and code blocks -------------------------------------------------------------

    def doctest_blocks(self):
        """Runs of `>>>` examples: (first line, [(source, want lines, line)])."""
        blocks, current, index = [], [], 0
        while index < len(self.lines):
            stripped = self.lines[index].strip()
            if not stripped.startswith(">>>"):
                if current:
                    blocks.append(current)
                    current = []
                index += 1
                continue
            start = index
            source = [stripped[3:].strip()]
            index += 1
            while index < len(self.lines) and self.lines[index].strip().startswith("..."):
                source.append(self.lines[index].strip()[3:].lstrip(" ") if self.lines[index].strip() != "..." else "")
                index += 1
            # The output: one line, going on while its brackets are open; a traceback up to the
            # line naming the exception. What follows is prose again.
            want, indent = [], len(self.lines[start]) - len(self.lines[start].lstrip())
            while index < len(self.lines):
                text = self.lines[index].strip()
                if text == "" or text.startswith(">>>") or text in ('"""', "'''"):
                    break
                if want and want[0].startswith("Traceback"):
                    deeper = len(self.lines[index]) - len(self.lines[index].lstrip()) > indent or text == "..."
                    if not (deeper or EXCEPTION_LINE.match(text)):
                        break
                    want.append(text)
                    index += 1
                    if EXCEPTION_LINE.match(text):
                        break
                    continue
                if want and balanced(" ".join(want)):
                    break
                want.append(text)
                index += 1
            current.append(("\n".join(source), want, start + 1))
            self.consumed.update(range(start, index))
        if current:
            blocks.append(current)
        return blocks

    def doctest_want(self, want):
        """('value', text), ('raises', name), ('none', None) or ('unreadable', reason)."""
        if not want:
            return ("none", None)
        if want[0].startswith("Traceback"):
            for text in want[1:]:
                match = EXCEPTION_LINE.match(text)
                if match:
                    return ("raises", match.group(1).split(".")[-1])
            return ("unreadable", "the traceback names no exception")
        match = EXCEPTION_LINE.match(want[0])
        if match and (len(want[0]) == len(match.group(1)) or want[0][len(match.group(1))] == ":"):
            return ("raises", match.group(1).split(".")[-1])
        text = " ".join(want)
        node = self.expression(text)
        if node is None or not self.is_value(node):
            return ("unreadable", f"the output `{text}` is not a Python value")
        return ("value", ast.unparse(node))

    def doctests(self):
        for block in self.doctest_blocks():
            parsed = []
            for source, want, line in block:
                code, _ = code_and_comment(source) if "\n" not in source else (source, None)
                try:
                    tree = ast.parse(code)
                except SyntaxError as error:
                    self.report(line, ">>> " + source, f"Python cannot parse it: {error.msg}")
                    parsed = None
                    break
                parsed.append((code, tree, want, line))
            if not parsed:
                continue
            statements = any(not (len(t.body) == 1 and isinstance(t.body[0], ast.Expr)) for _, t, _, _ in parsed)
            if not statements:
                for code, tree, want, line in parsed:
                    node = tree.body[0].value
                    kind, value = self.doctest_want(want)
                    if not self.called(node) or self.free_names(node):
                        continue
                    if isinstance(node, ast.Compare) and (not want or value == "True"):
                        # `>>> f(1) == 2` with no output (or `True`): the comparison is the example.
                        self.comparison(node, line, ">>> " + code)
                        continue
                    name = self.called(node)[0]
                    if kind == "value":
                        self.add("equals", ast.unparse(node), name, line, ">>> " + code, value)
                    elif kind == "raises":
                        self.add("raises", ast.unparse(node), name, line, ">>> " + code, value)
                    elif kind == "unreadable":
                        self.report(line, ">>> " + code + "\n" + "\n".join(want), value)
                continue
            # A session that sets things up (`>>> s = Stack()`): one script, in order.
            script, names, first = [], [], parsed[0][3]
            for code, tree, want, line in parsed:
                names += [n for n in self.called(tree) if n not in names]
                single = len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
                kind, value = self.doctest_want(want)
                if single and kind == "value":
                    script.append(f"assert ({ast.unparse(tree.body[0].value)}) == ({value})")
                elif single and kind == "raises":
                    script.append(f"with pytest.raises({value}):\n    {ast.unparse(tree.body[0].value)}")
                elif kind == "unreadable":
                    self.report(line, ">>> " + code + "\n" + "\n".join(want), value)
                    script = None
                    break
                else:
                    script.append(ast.unparse(tree))
            if script and names:
                text = "\n".join(">>> " + c for c, _, _, _ in parsed)
                self.add("script", "\n".join(script), names[0], first, text)

    def code_blocks(self):
        index = 0
        while index < len(self.lines):
            fence = self.lines[index].strip()
            if not fence.startswith("```"):
                index += 1
                continue
            end = index + 1
            while end < len(self.lines) and not self.lines[end].strip().startswith("```"):
                end += 1
            body, close = "\n".join(self.lines[index + 1:end]), end
            try:
                tree = ast.parse(dedent(body))
            except SyntaxError:
                # Read line by line as prose: its readable lines are examples, the others are
                # reported. A block whose first lines are checks (a reply cut off at its token
                # limit) has those read as a block and only the lines from the cut on as prose.
                # A script that breaks off is never read in part: its end may be what its checks
                # depend on.
                tree, cut = parsed_prefix(dedent(body))
                if tree is None or not only_checks(tree):
                    index = close + 1
                    continue
                end = index + cut
            for statement in tree.body:
                if isinstance(statement, (ast.Import, ast.ImportFrom)) and not getattr(statement, "level", 0):
                    text = ast.unparse(statement)
                    if text not in self.imports:
                        self.imports.append(text)
            checks = [s for s in tree.body if isinstance(s, ast.Assert) or is_raises_block(s)]
            if checks:
                self.consumed.update(range(index, end + 1))
                if only_checks(tree):
                    for statement in checks:
                        line = index + 1 + statement.lineno
                        if isinstance(statement, ast.Assert):
                            self.comparison(statement.test, line, ast.unparse(statement), asserted=True)
                        else:
                            self.raises_block(statement, line)
                else:
                    names = self.called(tree)
                    defined = {s.name for s in tree.body if isinstance(s, (ast.FunctionDef, ast.ClassDef))}
                    names = [n for n in names if n not in defined]
                    if names:
                        self.add("script", ast.unparse(tree), names[0], index + 2, body)
            index = close + 1

    def raises_block(self, statement, line):
        exception = statement.items[0].context_expr.args[0]
        for inner in statement.body:
            if isinstance(inner, ast.Expr) and self.called(inner.value) and not self.free_names(inner.value):
                self.add("raises", ast.unparse(inner.value), self.called(inner.value)[0], line, ast.unparse(statement),
                         ast.unparse(exception).split(".")[-1])

    def find_formulas(self):
        """`f(n) = 1 + n / 2` defines f by a formula; `f(1) = 3` then belongs to the definition."""
        for raw in self.lines:
            parts = split_outside(raw.strip(), " = ")
            left = self.expression(parts[0]) if parts else None
            if isinstance(left, ast.Call) and self.called(left) and self.free_names(left):
                self.formulas.add(self.called(left)[0])

    def read(self):
        self.consumed = set()
        self.find_formulas()
        self.find_signatures()
        self.doctests()
        self.code_blocks()
        self.input_examples()
        self.worded_values()
        for index, raw in enumerate(self.lines):
            if index in self.consumed or not raw.strip():
                continue
            self.prose_line(raw, index + 1)
        if self.declared:
            def declared(example):
                return example["function"] in self.declared or any(f"{d}(" in example["call"] for d in self.declared)
            self.examples = [e for e in self.examples if declared(e)]
        stated = [call for call in self.stated_inputs() if not any(e["call"] == call for e in self.examples)]
        return {"examples": self.examples, "unreadable": self.unreadable, "declared": sorted(self.declared),
                "imports": self.imports, "inputs": stated}


SIGNATURE_START = re.compile(r"[A-Za-z_]\w*\((?:[^()]|\([^()]*\))*\)\s*->\s*")


def is_signature(text):
    """`name(value: str) -> bool` in prose: a signature (`def` makes it valid Python), whatever
    prose follows the return type."""
    for match in SIGNATURE_START.finditer(text):
        returned = ""
        for word in re.findall(r"\S+\s*", text[match.end():])[:6]:
            returned += word
            try:
                ast.parse(f"def {match.group(0)}{returned.strip().rstrip('.,;:')}: pass")
                return True
            except SyntaxError:
                continue
    return False


def only_checks(tree):
    """Whether a parsed block holds checks (asserts, `pytest.raises` blocks) and imports only."""
    return any(isinstance(s, ast.Assert) or is_raises_block(s) for s in tree.body) and all(
        isinstance(s, (ast.Assert, ast.Import, ast.ImportFrom)) or is_raises_block(s) for s in tree.body)


def parsed_prefix(text):
    """The longest run of `text`'s first lines that parses (a reply cut off at its token limit in
    the middle of a line), and how many lines that is; (None, 0) when none does. case_reading.py
    reads a cut-off reply the same way."""
    lines = text.split("\n")
    for cut in range(len(lines), 0, -1):
        try:
            return ast.parse("\n".join(lines[:cut])), cut
        except SyntaxError:
            continue
    return None, 0


def raised(node):
    """The exception a result written as an error names: `pytest.raises(E)`, `E` or `E("message")`
    where E's name says it is one (`ValueError`, `InsufficientFundsError`); else None."""
    if (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords
            and (isinstance(node.func, ast.Attribute) and node.func.attr == "raises"
                 or isinstance(node.func, ast.Name) and node.func.id == "raises")):
        return ast.unparse(node.args[0]).split(".")[-1]
    named = node.func if isinstance(node, ast.Call) else node
    if isinstance(named, ast.Name) and EXCEPTION_NAME.fullmatch(named.id):
        return named.id
    return None


EXCEPTION_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?:Error|Exception)")


ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}


def folded(node):
    """A value's text, with arithmetic on plain numbers worked out (`86400 * 2 + 3600 * 4` is
    `187200`), so that answers which write the same number two ways agree."""
    def number(node):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = number(node.operand)
            return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
        if isinstance(node, ast.BinOp):
            left, right = number(node.left), number(node.right)
            if left is None or right is None or type(node.op) not in ARITHMETIC:
                return None
            if isinstance(node.op, ast.Pow) and (abs(right) > 64 or abs(left) > 10 ** 6):
                return None  # a number too large to write out
            try:
                return ARITHMETIC[type(node.op)](left, right)
            except (ArithmeticError, ValueError):
                return None
        return None
    value = number(node) if isinstance(node, ast.BinOp) else None
    return repr(value) if value is not None and not isinstance(value, complex) else ast.unparse(node)


def is_raises_block(statement):
    if not isinstance(statement, ast.With) or len(statement.items) != 1:
        return False
    expr = statement.items[0].context_expr
    return (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "raises"
            and len(expr.args) >= 1)


def dedent(text):
    lines = [line for line in text.split("\n") if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for line in lines), default=0)
    return "\n".join(line[indent:] for line in text.split("\n"))


def balanced(text):
    depth = 0
    for character in text:
        depth += character in "([{"
        depth -= character in ")]}"
    return depth == 0


def scan(text):
    """Yields (index, character, depth) for characters outside string literals."""
    depth, quote, index = 0, None, 0
    while index < len(text):
        character = text[index]
        if quote:
            if character == "\\":
                index += 2
                continue
            if character == quote:
                quote = None
        elif character in "'\"":
            quote = character
        else:
            if character in "([{":
                depth += 1
            elif character in ")]}":
                depth -= 1
            yield index, character, depth
        index += 1


def split_outside(text, marker, last=False, single=False):
    """`text` split at `marker` where it is outside strings and brackets (the first such place,
    or the last); `single` wants a lone `=`, not part of `==`, `<=`, `!=`, `>=`, `=>`."""
    places = []
    for index, _, depth in scan(text):
        if depth == 0 and text.startswith(marker, index):
            if single and (text[index - 1:index] in ("=", "<", ">", "!") or text[index + 1:index + 2] in ("=", ">")):
                continue
            places.append(index)
    if not places:
        return None
    index = places[-1] if last else places[0]
    return text[:index], text[index + len(marker):]


def split_all(text, marker):
    pieces, start = [], 0
    for index, _, depth in scan(text):
        if depth == 0 and index >= start and text.startswith(marker, index):
            pieces.append(text[start:index])
            start = index + len(marker)
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def code_and_comment(text):
    """The code before a `#` comment (outside strings) and the comment's text."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                column = token.start[1]
                return text[:column].rstrip(), text[column + 1:].strip()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        for index, character, _ in scan(text):
            if character == "#":
                return text[:index].rstrip(), text[index + 1:].strip()
    return text, None


if __name__ == "__main__":
    print(json.dumps(Reader(json.load(sys.stdin)["spec"]).read()))
