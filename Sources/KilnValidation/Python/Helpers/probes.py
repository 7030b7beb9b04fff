# Reads the configuration on stdin, prints one JSON line with a report per public function.
import ast
import collections.abc
import copy
import functools
import importlib
import inspect
import json
import math
import random
import signal
import sys
import textwrap
import time
import traceback
import types
import typing
from datetime import date, datetime, timedelta

config = json.load(sys.stdin)
random.seed(20261124)
module = importlib.import_module(config["module"])
print(config["imported_marker"], flush=True)


class Unsupported(Exception):
    pass


def make(hint, size=None):
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is int:
        return random.randint(-50, 50)
    if hint is float:
        return round(random.uniform(-100, 100), 2)
    if hint is str:
        return "".join(random.choice("abcdefgh XYZ") for _ in range(random.randint(0, 12)))
    if hint is bool:
        return random.random() < 0.5
    if hint is datetime:
        return datetime(2024, 3, 1, 9, 30) + timedelta(days=random.randint(0, 300))
    if hint is date:
        return date(2024, 3, 1) + timedelta(days=random.randint(0, 300))
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return make(options[0], size) if options else None
    if hint in (list, collections.abc.Sequence) or origin in (list, collections.abc.Sequence, collections.abc.Iterable, collections.abc.Collection):
        inner = args[0] if args else int
        count = size if size is not None else random.randint(1, 8)
        return [make(inner) for _ in range(count)]
    if origin is tuple and args and args[-1] is not Ellipsis:
        return tuple(make(a) for a in args)
    if hint is dict or origin is dict:
        key, value = args if args else (str, int)
        return {make(key): make(value) for _ in range(random.randint(1, 5))}
    raise Unsupported(repr(hint))


def range_values(kind, hint, bounds):
    """One step outside the stated range and the end it steps from: (outside, end)."""
    if not bounds or hint not in (int, float):
        raise Unsupported(kind)
    low, high = bounds
    if hint is int:
        if low != int(low) or high != int(high):
            raise Unsupported(kind)
        low, high = int(low), int(high)
    return (low - 1, low) if kind == "below_range" else (high + 1, high)


def edge_value(kind, hint, bounds=None):
    origin = typing.get_origin(hint)
    if kind in ("below_range", "above_range"):
        return range_values(kind, hint, bounds)[0]
    if kind == "none":
        return None
    listy = hint in (list, collections.abc.Sequence) or origin in (list, collections.abc.Sequence, collections.abc.Iterable, collections.abc.Collection)
    if kind == "empty":
        if hint is str:
            return ""
        if hint is dict or origin is dict:
            return {}
        if listy:
            return []
        raise Unsupported("empty")
    if kind == "negative":
        if hint is int:
            return -7
        if hint is float:
            return -7.5
        if listy:
            return [-3, -1, -2]
        raise Unsupported("negative")
    raise Unsupported(kind)


class Timeout(BaseException):
    pass


def on_alarm(*_):
    raise Timeout()


# How long one call on a probe's input may take. Most of the inputs are made up (random values of
# the hinted types), and correct code may be slow on them (the 37th prime Fibonacci number): such a
# call says nothing about the code, so it is cut off and left undecided instead of letting the
# whole run hit the sandbox's limit, which would read as an endless loop.
CALL_SECONDS = 1.0


def call(function, args, keywords=None, seconds=CALL_SECONDS):
    """("returned", value), ("raised", error), or ("timeout", None) past `seconds`."""
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return ("returned", function(*args, **(keywords or {})))
    except Timeout:
        return ("timeout", None)
    except (Exception, SystemExit) as error:
        return ("raised", error)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fully_typed(hint):
    """Whether `make` builds every part of a value of `hint` from the hint itself, not a guess
    (a bare `list` gets ints, which the code may rightly not expect)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in (int, float, str, bool, datetime, date):
        return True
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return bool(options) and fully_typed(options[0])
    if origin in (list, collections.abc.Sequence, collections.abc.Iterable, collections.abc.Collection, dict):
        return bool(args) and all(fully_typed(a) for a in args)
    if origin is tuple:
        return bool(args) and args[-1] is not Ellipsis and all(fully_typed(a) for a in args)
    return False


def value_types(value, found):
    found.add(type(value))
    if isinstance(value, dict):
        for key, item in value.items():
            value_types(key, found)
            value_types(item, found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            value_types(item, found)
    return found


@functools.cache
def explicit_raise_lines():
    """Lines of the module's own `raise` statements (read once, when a TypeError asks)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return None
    return {line for node in ast.walk(tree) if isinstance(node, ast.Raise)
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)}


def raised_by_python_in_module(error):
    """The error came from Python itself running a line of the module (`slot[0] = x` on a tuple),
    not from the module's own `raise` or from outside it (a call the probe got wrong)."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    raises = explicit_raise_lines()
    if frame is None or raises is None:
        return False
    return frame.tb_frame.f_code.co_filename == getattr(module, "__file__", None) and frame.tb_lineno not in raises


def raised_on_purpose(error):
    """Whether the error came from one of the module's own `raise` lines or an `assert` of its
    own: a refusal, not a failure of the code."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    raises = explicit_raise_lines()
    if frame is None or frame.tb_frame.f_code.co_filename != getattr(module, "__file__", None):
        return False
    return isinstance(error, AssertionError) or (raises is not None and frame.tb_lineno in raises)


def check_stated_inputs(name, function, calls):
    """Calls the function on each input the spec names as one it takes (`such as "1h30m"`); reports
    each that raised, saying whether the code refused it with its own `raise` or failed on it."""
    failures = []
    for text in calls:
        arguments = literal_calls(name, [text])
        if not arguments:
            continue
        outcome = call(function, copy.deepcopy(arguments[0]))
        if outcome[0] != "raised":
            continue
        error = outcome[1]
        failures.append({"call": text[:160], "raised": f"{type(error).__name__}: {error}"[:200],
                         "on_purpose": raised_on_purpose(error), "line": error_line(error)})
    return failures


def error_line(error):
    """The module's line the error ended in, or None where it ended elsewhere."""
    frame, line = error.__traceback__, None
    while frame is not None:
        if frame.tb_frame.f_code.co_filename == getattr(module, "__file__", None):
            line = frame.tb_lineno
        frame = frame.tb_next
    return line


def crashed_on_declared_types(error, args):
    """An error no specification asks for, raised on an input built exactly from the function's
    own type hints: an attribute read from a value of one of the declared types that the type does
    not have (`slot.start` on a tuple); a name the code never bound; a TypeError Python itself
    raised on a line of the module (`pair[0] = start` on a tuple), not one the code raises, which a
    spec may ask for. Not an attribute of something the code made itself (`None.group` after a
    failed match on a made-up string: the string may simply be one the spec never allows), not
    ValueError, and no TypeError where the input holds datetimes (the made-up ones are naive, and
    code written for aware ones rightly fails to compare them with its own)."""
    if type(error) is NameError:
        return True
    if isinstance(error, AttributeError):
        obj = getattr(error, "obj", None)
        return obj is not None and type(obj) in value_types(args, set())
    if type(error) is TypeError:
        return not holds_naive(args) and raised_by_python_in_module(error)
    return False


def holds_naive(value):
    """Whether `value` is, or holds in its containers, a datetime without a time zone."""
    if isinstance(value, datetime):
        return value.utcoffset() is None
    if isinstance(value, dict):
        return any(holds_naive(v) for v in [*value.keys(), *value.values()])
    return isinstance(value, (list, tuple, set, frozenset)) and any(holds_naive(v) for v in value)


def describe(outcome):
    kind, value = outcome
    if kind == "raised":
        return f"raised {type(value).__name__}: {value}"
    if kind == "timeout":
        return f"did not return within {CALL_SECONDS:g} s"
    return f"returned {value!r}"[:200]


def mutations(value):
    """Inputs of the same kind as one the spec gives a result for, that the spec may not exclude:
    (kind, value). Zero, negatives, a float among ints, empty and one-element containers."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        out = [("zero", 0), ("float", value + 0.5)]
        if value != 0:
            out.append(("negative", -abs(value)))
        return out
    if isinstance(value, float):
        return [("zero", 0.0), ("negative", -abs(value) or -1.5)]
    if isinstance(value, str):
        return [("empty", "")] if value else []
    if isinstance(value, (list, tuple)):
        out = [("empty", type(value)())] if value else []
        if len(value) > 1:
            out.append(("single", type(value)(value[:1])))
        numbers = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if value and len(numbers) == len(value):
            out.append(("negative", type(value)(-abs(v) for v in value)))
        return out
    if isinstance(value, dict):
        return [("empty", {})] if value else []
    return []


def explicit_rejection(error):
    """The `raise`/`assert` line of the generated module that rejected the input, if the
    innermost frame is the module's own and is one: validation the code added itself."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return None
    last = frames[-1]
    if not last.filename.endswith(config["module"] + ".py"):
        return None
    line = (last.line or "").strip()
    return (last.lineno, line) if line.startswith(("raise", "assert")) else None


def without_guard(function, lines):
    """`function` recompiled without the `raise`/`assert` statements at `lines` of its module, and
    the line of the `if` that holds the first of them (or that statement's own); None where that
    cannot be done. A raise in an `except` handler becomes a bare `raise`: the handler only renames
    an error the code's own computation raised (`float('')`), and without it that error still
    comes through."""
    try:
        source, first = inspect.getsourcelines(function)
        tree = ast.parse(textwrap.dedent("".join(source)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    # The module's own line numbers, so that an error the stripped code raises points at them.
    ast.increment_lineno(tree, first - 1)
    targets, head = set(lines), lines[0]
    found = {}

    class Strip(ast.NodeTransformer):
        def generic_visit(self, node):
            super().generic_visit(node)
            for field in ("body", "orelse", "finalbody"):
                statements = getattr(node, field, None)
                if not isinstance(statements, list):
                    continue
                changed, kept = False, []
                for statement in statements:
                    if isinstance(statement, (ast.Raise, ast.Assert)) and statement.lineno in targets:
                        changed = True
                        if isinstance(node, ast.ExceptHandler):
                            kept.append(ast.copy_location(ast.Raise(exc=None, cause=None), statement))
                        if statement.lineno == head:
                            found["guard"] = node.lineno if isinstance(node, ast.If) else head
                    else:
                        kept.append(statement)
                if changed:
                    setattr(node, field, kept or [ast.Pass()])
            return node

    tree = ast.fix_missing_locations(Strip().visit(tree))
    if "guard" not in found or not tree.body or not isinstance(tree.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    tree.body[0].decorator_list = []
    namespace = {}
    try:
        exec(compile(tree, inspect.getsourcefile(function) or "<probe>", "exec"), function.__globals__, namespace)
    except Exception:
        return None
    stripped = namespace.get(tree.body[0].name)
    return (stripped, found["guard"]) if callable(stripped) else None


def result_without_guard(function, line, args):
    """What the code does for `args` once its own check at `line` is gone: ("returned", value)
    when the rest of it handles the input, ("raised", error) or None otherwise. A check whose
    removal uncovers another of the code's own checks (a handler that renames an error an earlier
    `raise` in its `try` made) goes too, a few deep."""
    lines = [line]
    for _ in range(3):
        stripped = without_guard(function, lines)
        if stripped is None:
            return None, None
        outcome = call(stripped[0], copy.deepcopy(args))
        if outcome[0] == "timeout":
            return None, stripped[1]
        deeper = explicit_rejection(outcome[1]) if outcome[0] == "raised" else None
        if not deeper or deeper[0] in lines:
            return outcome, stripped[1]
        lines.append(deeper[0])
    return outcome, stripped[1]


def literal_calls(name, texts):
    """The argument lists of the direct literal calls of `name` among `texts`."""
    found = []
    for text in texts:
        try:
            node = ast.parse(text, mode="eval").body
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name and not node.keywords:
                found.append([ast.literal_eval(a) for a in node.args])
        except (SyntaxError, ValueError, TypeError, AttributeError):
            continue
    return found


def rejections(name, function, examples):
    """Calls the function on mutations of the spec's own example inputs; reports the inputs its
    own code rejects with a raise or an assert, which the spec never excluded, where the rest of
    the code would have returned a result (the check invents the error). A check without which
    the code fails anyway (an empty list's mean divides by zero) guards an input that has no
    result; it is not reported, and its lines are returned as cleared.
    Returns (rejections, cleared lines)."""
    excluded = set(config.get("excluded_mutations", []))
    allowed = set(config.get("allowed_exceptions", []))
    found, kinds, cleared = [], set(), set()
    if "all" in excluded:
        return found, cleared
    for args in literal_calls(name, examples):
        candidates = []
        for position, value in enumerate(args):
            for kind, new in mutations(value):
                candidates.append((kind, args[:position] + [new] + args[position + 1:]))
        lists = [i for i, v in enumerate(args) if isinstance(v, (list, tuple)) and len(v) > 1]
        if len(lists) >= 2 and len({len(args[i]) for i in lists}) == 1:
            shorter = list(args)
            shorter[lists[-1]] = type(args[lists[-1]])(args[lists[-1]][:-1])
            candidates.append(("unequal", shorter))
        for kind, new_args in candidates:
            if kind in excluded or kind in kinds:
                continue
            shown = f"{name}({', '.join(repr(a) for a in new_args)})"
            outcome = call(function, copy.deepcopy(new_args))
            # A slow call rejects nothing.
            if outcome[0] == "raised":
                error = outcome[1]
                if any(k.__name__ in allowed for k in type(error).__mro__):
                    continue
                where = explicit_rejection(error)
                if where:
                    outcome, guard = result_without_guard(function, where[0], new_args)
                    if outcome is None or outcome[0] != "returned":
                        cleared.update({where[0]} | ({guard} if guard else set()))
                        continue
                    kinds.add(kind)
                    found.append({"kind": kind, "call": shown, "raised": f"{type(error).__name__}: {error}"[:160],
                                  "line": where[0], "source": where[1][:120],
                                  "without_check": f"{outcome[1]!r}"[:120]})
            if len(found) >= 2:
                return found, cleared
    return found, cleared


def hint_of(value):
    """The type hint a literal value stands for: `[3, 1, 2]` is `list[int]`."""
    if isinstance(value, list):
        return list[type(value[0])] if value and not isinstance(value[0], (list, dict, tuple)) else list
    if isinstance(value, dict):
        return dict
    if isinstance(value, (bool, int, float, str)):
        return type(value)
    return None


def example_hints(name, examples):
    """Hints for each positional parameter, read from the first direct literal call in the examples."""
    for text in examples:
        try:
            node = ast.parse(text, mode="eval").body
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
                return [hint_of(ast.literal_eval(a)) for a in node.args]
        except (SyntaxError, ValueError, TypeError):
            continue
    return []


# A value of another type than the one a spec requires ("Raise TypeError if text is not a str").
OTHER_TYPE = {"str": 42, "string": 42, "int": "7", "integer": "7", "float": "7.5", "number": "7", "numeric": "7",
              "list": 7, "tuple": 7, "set": 7, "dict": 7, "dictionary": 7, "bool": "yes", "boolean": "yes",
              "bytes": "text", "decimal": 7.5, "date": "2024-03-01", "datetime": "2024-03-01 09:30"}
# A value of a type the spec rules out although Python counts it as the required one ("Raise
# TypeError if start is a datetime.datetime rather than a plain date", "bool is rejected too").
RULED_OUT = {"datetime": datetime(2024, 3, 1, 9, 30), "bool": True, "float": 7.5}


def judge(edge, outcome):
    """Whether `outcome` is what the edge case states, and the statement in words."""
    if edge["kind"] == "raises":
        ok = outcome[0] == "raised" and any(k.__name__ == edge["value"] for k in type(outcome[1]).__mro__)
        return ok, f"raises {edge['value']}"
    if edge["kind"] == "returns":
        return outcome[0] == "returned" and outcome[1] == eval(edge["value"], {}), f"returns {edge['value']}"
    crashes = (IndexError, ZeroDivisionError, KeyError, AttributeError, UnboundLocalError, RecursionError, SystemExit)
    return outcome[0] != "timeout" and not (outcome[0] == "raised" and isinstance(outcome[1], crashes)), "is handled"


def without_arguments(function):
    """Whether `function` (a class, a bound method) can be called with no arguments."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters)


def emptiness(instance):
    """How `instance` says it is empty ("len() is 0"), or None when it says it is not or has no
    way to say: a fresh object is not assumed to be empty."""
    if hasattr(type(instance), "__len__"):
        outcome = call(len, [instance])
        return "len() is 0" if outcome[0] == "returned" and outcome[1] == 0 else None
    for name in ("is_empty", "isEmpty", "empty"):
        method = getattr(instance, name, None)
        if callable(method) and without_arguments(method):
            outcome = call(method, [])
            return f"{name}() is True" if outcome[0] == "returned" and outcome[1] is True else None
    return None


def check_empty_objects(name, cls, edges):
    """"pop() and peek() raise IndexError when the stack is empty": each named method on a new
    instance built without arguments that says it is empty. An edge gets a result only when
    every method it names was called; otherwise it is left unchecked."""
    results = []
    for edge in edges:
        methods = edge.get("methods") or []
        if not methods or edge["input"] != "empty" or not without_arguments(cls):
            continue
        if not all(callable(getattr(cls, method, None)) for method in methods):
            continue
        judged, witness = [], None
        for method in methods:
            built = call(cls, [])
            if built[0] != "returned":
                results.append(not_built(edge, f"{name}()", built))
                break
            witness = emptiness(built[1])
            if witness is None or not without_arguments(getattr(built[1], method)):
                break
            outcome = call(getattr(built[1], method), [])
            judged.append((f"{name}().{method}()", outcome, *judge(edge, outcome)))
        if len(judged) != len(methods):
            continue
        results.append(verdict(edge, judged, f"an empty {name} (a new {name}() whose {witness})"))
    return results


def not_built(edge, shown, outcome):
    """An edge no call could be made for, because building its object failed: reported as not
    run, with the reason, rather than dropped."""
    return {"input": edge["input"], "name": edge["name"], "not_run": f"`{shown}` {describe(outcome)}"[:240]}


def verdict(edge, judged, subject):
    """One result for an edge from its judged calls, each (shown call, outcome, held, expected):
    it holds only when every call did, and shows the first that did not (else the last)."""
    shown, outcome, _, expected = next((j for j in judged if not j[2]), judged[-1])
    result = {"input": edge["input"], "name": edge["name"], "call": shown, "expected": expected,
              "observed": describe(outcome), "ok": all(j[2] for j in judged)}
    if subject:
        result["subject"] = subject
    return result


def only_required(function, skip_self=False):
    """The names of the parameters `function` requires (no default), or None where its signature
    cannot be read."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    if skip_self and parameters and parameters[0].name in ("self", "cls"):
        parameters = parameters[1:]
    return [p.name for p in parameters
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def by_keyword(cls, named):
    """A way to get a callable that builds `cls` with one value, given as its parameter `named`."""
    return lambda: ("returned", lambda number: cls(**{named: number}))


def keyword_parameter(function, named):
    """Whether `function` takes a parameter `named` that a keyword can give."""
    try:
        parameter = inspect.signature(function).parameters.get(named)
    except (TypeError, ValueError):
        return False
    return parameter is not None and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)


def member_values(edge, hint):
    """The values a class edge passes as its parameter (whose hint is `hint`), or None where it
    has none for that parameter: zero and a negative number, of the hinted kind, for a number
    that is not positive; a value of another type, or of the type ruled out, for a type."""
    if edge["input"] == "not_positive":
        if hint not in (None, int, float):
            return None  # a Decimal or a str parameter: 0 and -7 are not its values
        return (0.0, -7.5) if hint is float else (0, -7)
    value = (OTHER_TYPE if edge["input"] == "wrong_type" else RULED_OUT).get((edge.get("type") or "").lower())
    return None if value is None else (value,)


def member_subject(edge, named):
    if edge["input"] == "not_positive":
        return f"{'an' if named[0].lower() in 'aeiou' else 'a'} {named} that is not positive"
    if edge["input"] == "excluded_type":
        return f"a {edge.get('type')} as `{named}`"
    return None  # another type: the edge's own words, as for a function


def check_member_edges(name, cls, edges):
    """"Raise ValueError for an amount that is not positive", "for non-positive ttl", "Raise
    TypeError if capacity is not an int", "float amounts raise TypeError": the values of the
    edge (`member_values`) passed as the named parameter to the constructor when it is the only
    one the constructor requires (by keyword when it requires none: `RetryPolicy(max_attempts=0)`),
    and to each public method, of a new instance built without arguments, whose only required
    parameter it is. Nothing else is made up: a method that needs another argument too
    (`ship(sku, qty)`) is not called, since a made-up one could be what it rejects."""
    results = []
    for edge in edges:
        named = edge.get("parameter")
        if edge["input"] not in ("not_positive", "wrong_type", "excluded_type") or not named:
            continue
        # (shown callable, a way to get it, its type hints, the keyword the value goes by, if any)
        targets = []
        required = only_required(cls)
        if required == [named]:
            targets.append((name, lambda: ("returned", cls), getattr(cls, "__init__", None), None))
        elif required == [] and keyword_parameter(cls, named):
            targets.append((name, by_keyword(cls, named), getattr(cls, "__init__", None), named))
        if without_arguments(cls):
            for member_name, member in sorted(vars(cls).items()):
                if member_name.startswith("_") or not inspect.isfunction(member):
                    continue
                if only_required(member, skip_self=True) == [named]:
                    def bound(member_name=member_name):
                        built = call(cls, [])
                        return ("returned", getattr(built[1], member_name)) if built[0] == "returned" else built
                    targets.append((f"{name}().{member_name}", bound, member, None))
        judged, unbuilt = [], None
        for shown, get, typed, keyword in targets:
            try:
                hint = typing.get_type_hints(typed).get(named) if typed is not None else None
            except Exception:
                hint = None
            values = member_values(edge, hint)
            if values is None:
                continue
            mine = []
            for value in values:
                target = get()
                if target[0] != "returned":
                    unbuilt = unbuilt or not_built(edge, f"{name}()", target)
                    break
                outcome = call(target[1], [value])
                if outcome[0] == "timeout":
                    break
                given = f"{keyword}={value!r}" if keyword else repr(value)
                mine.append((f"{shown}({given})", outcome, *judge(edge, outcome)))
            if len(mine) == len(values):  # every value, or no verdict from this one
                judged += mine
        if not judged:
            if unbuilt:
                results.append(unbuilt)
            continue
        results.append(verdict(edge, judged, member_subject(edge, named)))
    return results


def own_default_rejected(name, cls):
    """Builds a class whose constructor takes only parameters with defaults, with none given: the
    code's own `raise` or `assert` rejecting that means it refuses its own defaults (`balance=0`
    with a setter requiring more than 0). Parameters that all default to None are left alone:
    "give one of these" is a design, not a contradiction. Functions are not called this way: a
    function with nothing required may be a `serve()` or a `main()`."""
    try:
        parameters = [p for p in inspect.signature(cls).parameters.values()
                      if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    except (TypeError, ValueError):
        return None
    if not parameters or any(p.default is p.empty for p in parameters):
        return None
    if all(p.default is None for p in parameters):
        return None
    outcome = call(cls, [])
    where = explicit_rejection(outcome[1]) if outcome[0] == "raised" else None
    if not where:
        return None
    return {"call": f"{name}()", "raised": f"{type(outcome[1]).__name__}: {outcome[1]}"[:160], "line": where[0],
            "source": where[1][:120], "defaults": ", ".join(f"{p.name}={p.default!r}" for p in parameters)[:120]}


def placement(function, named, required, given):
    """How to call `function` with a value as its parameter `named` and `given` for the others,
    in their places (positional up to a `*args`; a keyword-only parameter by keyword): (value ->
    (args, keywords), (name, value) -> the call as shown), or None where the parameter is not the
    function's or `given` lacks a value for another parameter it requires."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return None
    parameter = parameters.get(named) if named else None
    if parameter is None or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
        return None
    positional = []
    for candidate in parameters.values():
        if candidate.kind not in (candidate.POSITIONAL_ONLY, candidate.POSITIONAL_OR_KEYWORD):
            break
        positional.append(candidate.name)
    others = [p for p in required if p != named]
    if any(p in positional and positional.index(p) >= len(given) for p in others):
        return None
    position = positional.index(named) if named in positional else None
    if position is not None and position <= len(given):
        def build(value):
            args = list(given)
            args[position:position + 1] = [value]
            return args, {}
    elif parameter.kind != parameter.POSITIONAL_ONLY:
        def build(value):
            return list(given), {named: value}
    else:
        return None

    def shown(name, value):
        args, keywords = build(value)
        parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in keywords.items()]
        return f"{name}({', '.join(parts)})"[:160]
    return build, shown


def number_hint(function, named, known=None):
    """int or float, where the parameter `named` takes a plain number (its hint, else the type
    `known` gives it (read from the spec's examples for untyped code), else its default's); None
    otherwise."""
    try:
        parameter = inspect.signature(function).parameters.get(named) if named else None
    except (TypeError, ValueError):
        return None
    if parameter is None:
        return None
    try:
        hint = typing.get_type_hints(function).get(named)
    except Exception:
        hint = None
    if hint is None:
        hint = (known or {}).get(named)
    if hint is None and type(parameter.default) in (int, float):
        hint = type(parameter.default)
    return hint if hint in (int, float) else None


def with_argument(function, named, required, example_args, known=None):
    """How to call `function` with a number as its parameter `named` and a spec example's values
    for the other parameters it requires: (int or float, value -> (args, keywords), value -> the
    call as shown), or None where no such call can be made without making up an argument (no
    example gives the others) or the parameter takes no plain number."""
    hint = number_hint(function, named, known)
    if hint is None:
        return None
    others = [p for p in required if p != named]
    placed = placement(function, named, required, list(example_args or []) if others else [])
    return (hint, *placed) if placed else None


def held_apart(build):
    """`build` whose arguments are fresh copies each time: a call that changes a made-up list
    must not change the next call's."""
    def fresh(value):
        return copy.deepcopy(build(value))
    return fresh


def control_returns(function, build, value):
    """Whether the call with a value the spec allows for the parameter returns: then the other
    arguments, made up, are ones the code takes, and what the same call does with the edge's value
    is about that value alone."""
    return call(function, *build(value))[0] == "returned"


def typed_argument(function, named, required, example_args, hints):
    """How to call `function` with any value as its parameter `named`: the other parameters it
    requires from a spec example where one gives them all, else made up from their hints. Returns
    (value -> (args, keywords), (name, value) -> the call as shown, whether others were made up),
    or None where the parameter is not the function's or an argument cannot be made."""
    others = [p for p in required if p != named]
    placed = placement(function, named, required, list(example_args or []) if others else [])
    if placed or not others:
        return (*placed, False) if placed else None
    try:
        made = [make(hints[p]) if p != named else None for p in required]
    except (Unsupported, KeyError):
        return None
    placed = placement(function, named, required, made)
    return (*placed, True) if placed else None


def check_edges(name, function, edges, hint_list, parameters, example_args=None):
    """Calls `function` on each edge input built from the first parameter's hint. A wrong or
    ruled-out type, and a number that is not positive, as the parameter the spec names (the
    function's only one when it names none) wherever it stands."""
    results = []
    for edge in edges:
        if edge.get("methods"):
            continue  # an empty object's methods: check_empty_objects
        if edge["input"] in ("wrong_type", "excluded_type"):
            # As the parameter it names (the function's only one when it names none); the other
            # arguments a spec example's, else made up from their hints. With made-up ones only a
            # call that returns is a verdict: what it raised may be about them.
            named = edge.get("parameter") or (parameters[0] if len(parameters) == 1 else None)
            values = OTHER_TYPE if edge["input"] == "wrong_type" else RULED_OUT
            value = values.get((edge.get("type") or "").lower())
            hints = dict(zip(parameters, hint_list))
            placed = typed_argument(function, named, parameters, example_args, hints)
            if value is None or placed is None:
                continue
            build, shown_call, made_up = placed
            build = held_apart(build) if made_up else build
            outcome = call(function, *build(value))
            ok, expected = judge(edge, outcome)
            if outcome[0] == "timeout":
                continue
            if made_up and not ok and outcome[0] == "raised":
                # Another error, with the other arguments made up: a verdict only where the same
                # call with a value of the required type returns.
                try:
                    allowed = make(hints[named]) if edge["input"] == "wrong_type" and fully_typed(hints[named]) else None
                except (Unsupported, KeyError):
                    allowed = None
                if allowed is None or not control_returns(function, build, allowed):
                    continue
            result = {"input": edge["input"], "name": edge.get("name"), "call": shown_call(name, value),
                      "expected": expected, "observed": describe(outcome), "ok": ok}
            if edge["input"] == "excluded_type":
                result["subject"] = f"a {edge.get('type')} as `{named}`"
            results.append(result)
            continue
        elif edge["input"] == "naive":
            # Arguments made up from the hints, whose datetimes have no time zone: made up, so
            # only a call that returns is a verdict (an error may be about another made-up value:
            # a slot that ends before it starts). It can find the statement broken, never hold it.
            try:
                args = [make(hint) for hint in hint_list]
            except Unsupported:
                continue
            if not any(holds_naive(value) for value in args):
                continue
            outcome = call(function, args)
            if outcome[0] != "returned":
                continue
            ok, expected = judge(edge, outcome)
            results.append({"input": edge["input"], "name": edge.get("name"), "expected": expected,
                            "call": f"{name}({', '.join(repr(a) for a in args)})"[:300],
                            "observed": describe(outcome), "ok": ok, "subject": "a datetime without a time zone"})
            continue
        elif edge["input"] == "not_positive":
            # Zero and a negative number, both held to the statement, as the parameter it names
            # (the only one the function requires when it names none); the other arguments a
            # spec example's, as for a wrong type.
            named = edge.get("parameter") or (parameters[0] if len(parameters) == 1 else None)
            hints = dict(zip(parameters, hint_list))
            placed = with_argument(function, named, parameters, example_args, hints)
            if placed is None:
                # No spec example gives the other arguments: made up from their hints, and the
                # edge judged only where the same call with 1 returns (chunk(items, size) "Raise
                # ValueError if size is less than 1", without examples, was never probed).
                number = number_hint(function, named, hints)
                typed = typed_argument(function, named, parameters, None, hints) if number else None
                if typed is None:
                    continue
                build, shown_call = held_apart(typed[0]), typed[1]
                if not control_returns(function, build, number(1)):
                    continue
            else:
                number, build, shown_call = placed
            zero, negative = (0, -7) if number is int else (0.0, -7.5)
            judged = [(value, call(function, *build(value))) for value in (zero, negative)]
            if any(outcome[0] == "timeout" for _, outcome in judged):
                continue
            value, outcome = next(((v, o) for v, o in judged if not judge(edge, o)[0]), judged[-1])
            results.append({"input": edge["input"], "name": edge.get("name"),
                            "call": shown_call(name, value), "expected": judge(edge, outcome)[1],
                            "observed": describe(outcome), "ok": all(judge(edge, o)[0] for _, o in judged)})
            continue
        else:
            try:
                value = edge_value(edge["input"], hint_list[0], edge.get("bounds"))
            except Unsupported:
                continue
            args = [value] + [make(h) for h in hint_list[1:]]
        outcome = call(function, args)
        shown = f"{name}({value!r}{', ...' if len(args) > 1 else ''})"
        if outcome[0] == "timeout" and len(args) > 1:
            # The other arguments were made up; the slowness may be theirs: no verdict.
            continue
        if edge["input"] in ("below_range", "above_range") and edge["kind"] == "raises":
            # The end of the range is inside it: raising there is the off-by-one the check is for.
            end = range_values(edge["input"], hint_list[0], edge.get("bounds"))[1]
            inside = call(function, [end] + args[1:])
            if inside[0] == "raised":
                results.append({"input": edge["input"], "name": edge.get("name"), "call": f"{name}({end!r}{', ...' if len(args) > 1 else ''})",
                                "expected": "returns a result (the end of the stated range is inside it)",
                                "observed": describe(inside), "ok": False})
                continue
        ok, expected = judge(edge, outcome)
        results.append({"input": edge["input"], "name": edge.get("name"), "call": shown, "expected": expected,
                        "observed": describe(outcome), "ok": ok})
    return results


def plain(value):
    """A number, a string, or a tuple of them, without NaN: values whose order means one thing."""
    if isinstance(value, float):
        return not math.isnan(value)
    if isinstance(value, (int, str)):
        return True
    return isinstance(value, tuple) and all(plain(v) for v in value)


def in_order(value, order):
    """Whether a list or tuple of two or more plain values is in `order`; None when there is
    nothing to judge (another type, fewer than two values, values that do not compare)."""
    if not isinstance(value, (list, tuple)) or len(value) < 2 or not all(plain(v) for v in value):
        return None
    try:
        pairs = list(zip(value, value[1:]))
        return all(a <= b for a, b in pairs) if order == "ascending" else all(a >= b for a, b in pairs)
    except Exception:
        return None


def shown_value(value, limit=160):
    try:
        return repr(value)[:limit]
    except Exception:
        return f"<{type(value).__name__}>"


def check_order(name, function, examples, order, hint_list):
    """Calls the function on the spec's example inputs, their variations and inputs made from the
    type hints, and checks that every list or tuple it returns is in the order the spec states.
    None when the spec's own example results are not in that order (the statement is about
    something else) or no result could be judged. At most ORDER_SECONDS in all, so the check
    never pushes the probe run past the sandbox's limit."""
    for example in examples:
        try:
            stated = ast.literal_eval(example.get("expected") or "None")
        except (SyntaxError, ValueError, TypeError):
            continue
        if in_order(stated, order) is False:
            return None
    inputs = []
    for args in literal_calls(name, [e["call"] for e in examples]):
        inputs.append(args)
        for position, value in enumerate(args):
            variations = [new for _, new in mutations(value)]
            if isinstance(value, (list, tuple)) and len(value) > 1:
                # The same values in another order: code that keeps the input's order shows it here.
                variations += [type(value)(reversed(value)), type(value)(value[1:] + value[:1])]
            inputs += [args[:position] + [new] + args[position + 1:] for new in variations]
    if hint_list:
        for _ in range(8):
            try:
                inputs.append([make(h) for h in hint_list])
            except Unsupported:
                break
    checked, deadline = 0, time.perf_counter() + ORDER_SECONDS
    for args in inputs:
        if time.perf_counter() > deadline:
            break
        outcome = call(function, copy.deepcopy(args))
        if outcome[0] == "timeout":
            break
        if outcome[0] != "returned":
            continue
        verdict = in_order(outcome[1], order)
        if verdict is None:
            continue
        if not verdict:
            shown = f"{name}({', '.join(shown_value(a, 60) for a in args)})"
            return {"checked": checked + 1, "ok": False, "call": shown[:160], "returned": shown_value(outcome[1])}
        checked += 1
    return {"checked": checked, "ok": True} if checked else None


ORDER_SECONDS = 3.0


def is_public_function(name, value):
    return not name.startswith("_") and inspect.isfunction(value) and value.__module__ == module.__name__


reports = []
public = [name for name, value in vars(module).items() if is_public_function(name, value)]
# The order is the result's of the function the spec is about (the one its examples call, or the
# module's only public function), not of a helper that returns, say, a sequence in its natural order.
order_subjects = {e["function"] for e in config.get("examples", [])} or set(public[:1] if len(public) == 1 else [])
for name, function in sorted(vars(module).items()):
    if not is_public_function(name, function):
        continue
    report = {"function": name}
    hint_list = None
    examples = [e for e in config.get("examples", []) if e["function"] == name]
    if examples:
        report["rejections"], cleared = rejections(name, function, [e["call"] for e in examples])
        report["cleared_guards"] = sorted(cleared)
    stated_inputs = [c for c in config.get("stated_inputs", []) if c.startswith(f"{name}(")]
    if stated_inputs:
        report["stated_inputs"] = check_stated_inputs(name, function, stated_inputs)
    try:
        hints = typing.get_type_hints(function)
        required = [p for p in inspect.signature(function).parameters.values()
                    if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if not required:
            raise Unsupported("no parameters")
        if any(p.name not in hints for p in required):
            # Untyped code: the spec's own example shows what each parameter takes.
            shown = example_hints(name, [e["call"] for e in examples])
            for position, parameter in enumerate(required):
                if parameter.name not in hints and position < len(shown) and shown[position] is not None:
                    hints[parameter.name] = shown[position]
        if any(p.name not in hints for p in required):
            raise Unsupported("parameters without type hints")
        hint_list = [hints[p.name] for p in required]
        mutated, nondeterministic, crash = set(), False, None
        typed = all(fully_typed(h) for h in hint_list)
        for _ in range(6):
            args = [make(h) for h in hint_list]
            before = copy.deepcopy(args)
            first = call(function, args)
            second = call(function, copy.deepcopy(before)) if first[0] != "timeout" else first
            if "timeout" in (first[0], second[0]):
                # Made-up input, slow code: stop probing it this way; nothing is concluded.
                report["slow_input"] = f"{name}({', '.join(repr(a) for a in before)})"[:160]
                break
            if crash is None and typed and first[0] == "raised" and crashed_on_declared_types(first[1], before):
                shown = f"{name}({', '.join(repr(a) for a in before)})"
                crash = {"call": shown if len(shown) <= 160 else shown[:150] + " …)",
                         "raised": f"{type(first[1]).__name__}: {first[1]}"[:200]}
            for parameter, old, new in zip(required, before, args):
                if old != new:
                    mutated.add(parameter.name)
            if first[0] == second[0] == "returned":
                a, b = first[1], second[1]
                same = a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
                nondeterministic |= not same
        report["mutates"] = sorted(mutated)
        report["nondeterministic"] = nondeterministic
        if crash:
            report["crash"] = crash
        names = [p.name for p in required]
        example_args = next(iter(literal_calls(name, [e["call"] for e in examples])), None)
        edges = check_edges(name, function, config["edges"], hint_list, names, example_args)
        claims = check_edges(name, function, config.get("claims", {}).get(name, []), hint_list, names, example_args)
        if claims:
            report["claims"] = claims
        report["edges"] = edges
        growth_max = config.get("growth_max")
        first_hint = hint_list[0]
        if growth_max and growth_max >= 1000 and typing.get_origin(first_hint) in (list, collections.abc.Sequence):
            # Double n from a small size until the call takes about a second or reaches the
            # stated size: quadratic code stops early, linear code goes all the way.
            top = min(growth_max, 160_000)
            sizes, seconds, size = [], [], max(top // 128, 250)
            while size <= top:
                args = [make(first_hint, size)] + [make(h) for h in hint_list[1:]]
                best = float("inf")
                for _ in range(2):
                    copies = copy.deepcopy(args)
                    start = time.perf_counter()
                    # Cut off at 5 s: slower than the 1 s that ends the doubling anyway.
                    call(function, copies, seconds=5.0)
                    best = min(best, time.perf_counter() - start)
                sizes.append(size)
                seconds.append(best)
                if best > 1.0:
                    break
                size *= 2
            usable = [i for i, t in enumerate(seconds) if t > 0.002]
            if len(usable) >= 3 and seconds[usable[-1]] > 0.02:
                first, last = usable[0], usable[-1]
                report["growth"] = {"sizes": sizes[first:last + 1], "seconds": seconds[first:last + 1],
                                    "exponent": math.log(seconds[last] / seconds[first]) / math.log(sizes[last] / sizes[first])}
    except Unsupported as reason:
        report["skipped"] = str(reason)
    if config.get("result_order") and name in order_subjects:
        order = check_order(name, function, examples, config["result_order"], hint_list)
        if order:
            report["order"] = order
    reports.append(report)
# Classes: the edge cases a spec states about an empty object, called on a new one.
for name, value in sorted(vars(module).items()):
    if name.startswith("_") or not inspect.isclass(value) or value.__module__ != module.__name__:
        continue
    checked = check_empty_objects(name, value, config["edges"]) + check_member_edges(name, value, config["edges"])
    report = {"function": name, "edges": [c for c in checked if "not_run" not in c],
              "not_run": [c for c in checked if "not_run" in c]}
    rejected = own_default_rejected(name, value)
    if rejected:
        report["own_default"] = rejected
    if checked or rejected:
        reports.append(report)
print(json.dumps(reports))
