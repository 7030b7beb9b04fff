# Which calls give an argument the spec says is refused with an error
# ({"calls": ["chunk([], 0)", ...], "function": "chunk", "parameters": ["items", "size"],
#   "edges": [{"input": "not_positive", "kind": "raises", "value": "ValueError", "parameter": "size", ...}]}
# on stdin, the edges as the behaviour probes get them). A case that expects a result for such a
# call contradicts the spec, however many samples agree on it. The argument an edge is about is
# the one it names, else the only one the function takes. Prints one JSON line,
# {"refused": [{"call": ..., "edge": ..., "error": ...}]}. With "raising" ([{"call": ..., "error":
# "ValueError"}, ...], cases that expect an error the spec states fully, by the edges given) it also
# prints "unstated": the calls among them whose arguments meet none of the conditions the spec
# states that error for (`chunk([1], 1.5)` expecting ValueError where only "size is less than 1"
# raises it). Nothing is executed: each argument is
# read with ast.literal_eval, or built from literals by the standard library's value types
# (Decimal("..."), Fraction(...), datetime(2024, 1, 1, tzinfo=timezone.utc), ...), in containers.
import ast
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

UNREAD = object()

# The constructors a value may be written with, by the names a case uses for them.
CONSTRUCTORS = {"Decimal": Decimal, "Fraction": Fraction, "date": date, "datetime": datetime, "time": time,
                "timedelta": timedelta, "timezone": timezone}
CONSTANTS = {"UTC": timezone.utc, "timezone.utc": timezone.utc}

# The types a wrong-type edge names, as tests on a value; a name not here decides nothing.
TYPES = {
    "str": lambda v: isinstance(v, str),
    "string": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int),
    "integer": lambda v: isinstance(v, int),
    "float": lambda v: isinstance(v, (int, float)),
    "number": lambda v: isinstance(v, (int, float, Decimal, Fraction)),
    "numeric": lambda v: isinstance(v, (int, float, Decimal, Fraction)),
    "list": lambda v: isinstance(v, list),
    "tuple": lambda v: isinstance(v, tuple),
    "set": lambda v: isinstance(v, (set, frozenset)),
    "dict": lambda v: isinstance(v, dict),
    "dictionary": lambda v: isinstance(v, dict),
    "date": lambda v: isinstance(v, date),
    "datetime": lambda v: isinstance(v, datetime),
    "bytes": lambda v: isinstance(v, bytes),
    "decimal": lambda v: isinstance(v, Decimal),
}


def dotted(node):
    """`datetime.timezone.utc` as text, without its module (`timezone.utc`); None for other nodes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    names = list(reversed(parts))
    return ".".join(names[1:] if names[0] == "datetime" and len(names) > 1 else names)


def value_of(node):
    """The value of an argument written as a literal, or built by CONSTRUCTORS from such values,
    in lists, tuples, sets and dicts; UNREAD for anything else."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = [value_of(item) for item in node.elts]
            if any(item is UNREAD for item in items):
                return UNREAD
            return {ast.List: list, ast.Tuple: tuple, ast.Set: set}[type(node)](items)
        if isinstance(node, ast.Dict) and None not in node.keys:
            keys, values = [value_of(k) for k in node.keys], [value_of(v) for v in node.values]
            return UNREAD if UNREAD in keys or UNREAD in values else dict(zip(keys, values))
        if isinstance(node, (ast.Name, ast.Attribute)):
            return CONSTANTS.get(dotted(node), UNREAD)
        if isinstance(node, ast.Call) and dotted(node.func) in CONSTRUCTORS:
            args = [value_of(arg) for arg in node.args]
            keywords = {k.arg: value_of(k.value) for k in node.keywords if k.arg is not None}
            if len(keywords) != len(node.keywords) or UNREAD in args or UNREAD in keywords.values():
                return UNREAD
            return CONSTRUCTORS[dotted(node.func)](*args, **keywords)
    except (ValueError, TypeError, ArithmeticError, OverflowError, MemoryError, RecursionError):
        return UNREAD
    return UNREAD


def holds_naive(value):
    """Whether `value` is, or holds in its containers, a datetime without a time zone (the same
    test as probes.py's: the helpers run apart and share no module)."""
    if isinstance(value, datetime):
        return value.utcoffset() is None
    if isinstance(value, dict):
        return any(holds_naive(v) for v in [*value.keys(), *value.values()])
    return isinstance(value, (list, tuple, set, frozenset)) and any(holds_naive(v) for v in value)


def arguments(text, function):
    """(positional argument nodes, keyword argument nodes) of the call `function(...)` that `text`
    is; None for any other text."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function):
        return None
    if any(isinstance(arg, ast.Starred) for arg in node.args) or any(k.arg is None for k in node.keywords):
        return None
    return node.args, {k.arg: k.value for k in node.keywords}


def argument(edge, args, keywords, parameters):
    """The node of the argument `edge` is about, or None when the call does not give it."""
    named = edge.get("parameter")
    if named is None:
        # A statement that names no parameter ("Raise ValueError for negative input") is about
        # the only one; with several, which one it means is a guess, and a guess is no reason.
        if len(parameters) != 1:
            return None
        named = parameters[0]
    if named in keywords:
        return keywords[named]
    if named in parameters and parameters.index(named) < len(args):
        return args[parameters.index(named)]
    return None


def is_number(value):
    return isinstance(value, (int, float, Decimal, Fraction)) and not isinstance(value, bool)


def refused(edge, value):
    """Whether `value` is an input `edge` says is refused."""
    kind = edge["input"]
    if kind == "empty":
        return isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and len(value) == 0
    if kind == "none":
        return value is None
    if kind == "negative":
        return is_number(value) and value < 0
    if kind == "not_positive":
        return is_number(value) and value <= 0
    if kind in ("below_range", "above_range"):
        bounds = edge.get("bounds") or []
        if len(bounds) != 2 or not is_number(value):
            return False
        return value < bounds[0] if kind == "below_range" else value > bounds[1]
    if kind == "wrong_type":
        test = TYPES.get((edge.get("type") or "").lower())
        # A bool where an int is asked for is left undecided: specs differ on it.
        return test is not None and not isinstance(value, bool) and not test(value)
    if kind == "naive":
        return holds_naive(value)
    if kind == "excluded_type":
        ruled_out = {"bool": bool, "datetime": datetime, "float": float}.get((edge.get("type") or "").lower())
        return ruled_out is not None and isinstance(value, ruled_out)
    return False


def decided(edge, value):
    """Whether `value` is an input `edge` refuses, or None where reading the value cannot tell
    (a type this reader has no test for, a bool where an int is asked for, a range without ends, a fraction between 0 and 1)."""
    kind = edge["input"]
    if kind == "wrong_type":
        test = TYPES.get((edge.get("type") or "").lower())
        return None if test is None or isinstance(value, bool) else not test(value)
    if kind == "excluded_type" and (edge.get("type") or "").lower() not in ("bool", "datetime", "float"):
        return None
    if kind in ("below_range", "above_range") and len(edge.get("bounds") or []) != 2:
        return None
    if kind == "not_positive" and is_number(value) and 0 < value < 1:
        # Read from "less than 1" as well as "not positive": the two differ between 0 and 1.
        return None
    return refused(edge, value)


def edge_argument(edge, args, keywords, parameters):
    """The node of the argument `edge` is about (every argument, as a tuple, for a naive datetime
    the edge finds wherever it stands), or None when the call does not give it."""
    if edge["input"] == "naive" and edge.get("parameter") is None:
        return ast.Tuple(elts=list(args) + list(keywords.values()), ctx=ast.Load())
    return argument(edge, args, keywords, parameters)


def unstated_calls(raising, function, parameters, edges):
    """The calls among `raising` that expect an error whose every stated condition the call's
    arguments, read without running anything, do not meet: the error is not one the spec asks for
    there. Undecided (an argument not given, not a literal, or a condition this reader cannot
    test) is never unstated."""
    out = []
    for case in raising:
        error = (case.get("error") or "").split(".")[-1]
        stated = [edge for edge in edges
                  if edge.get("kind") == "raises" and not edge.get("methods") and edge.get("value") == error]
        parsed = arguments(case.get("call", ""), function)
        if not stated or parsed is None:
            continue
        args, keywords = parsed
        verdicts = []
        for edge in stated:
            node = edge_argument(edge, args, keywords, parameters)
            value = UNREAD if node is None else value_of(node)
            verdicts.append(None if value is UNREAD else decided(edge, value))
        if all(verdict is False for verdict in verdicts):
            out.append({"call": case["call"], "error": error, "edges": [edge.get("name", edge["input"]) for edge in stated]})
    return out


def refused_calls(calls, function, parameters, edges):
    out = []
    raising = [edge for edge in edges if edge.get("kind") == "raises" and not edge.get("methods")]
    for text in calls:
        parsed = arguments(text, function)
        if parsed is None:
            continue
        args, keywords = parsed
        met = []
        for edge in raising:
            # A naive datetime is refused wherever it stands, unless the edge names a parameter.
            node = edge_argument(edge, args, keywords, parameters)
            if node is None:
                continue
            value = value_of(node)
            if value is not UNREAD and refused(edge, value):
                met.append(edge)
        if met:
            # The first statement it meets names it; every error those statements give is listed,
            # so a call two statements refuse with two different errors is known as such.
            out.append({"call": text, "edge": met[0].get("name", met[0]["input"]), "error": met[0].get("value") or "",
                        "errors": sorted({edge.get("value") or "" for edge in met})})
    return out


if __name__ == "__main__":
    request = json.load(sys.stdin)
    parameters, edges = request.get("parameters", []), request.get("edges", [])
    print(json.dumps({"refused": refused_calls(request.get("calls", []), request["function"], parameters, edges),
                      "unstated": unstated_calls(request.get("raising", []), request["function"], parameters, edges)}))
