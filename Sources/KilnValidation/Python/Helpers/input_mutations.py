# Type-aware mutations of example calls, as EvalPlus grows a test set from seed inputs
# ({"calls": ["f(1, [2, 3])", "assert f(0, []) == 1", ...], "function": "f", "limit": 8} on
# stdin). Each variant changes one argument by one small step of its own type: a number by one
# (or doubled, halved, zero; never across its sign), a string or a container by one element, an
# element of a container by one of these steps; a container of a fixed shape (a tuple, or a short
# list of one length in all of the spec's examples, the first "stated" calls) keeps its length.
# Prints one JSON line, {"calls": [...], "outside": [...]}: bare calls (no stated result), new
# ones only, spread over the seeds and their arguments, and the given calls that break the spec's
# fixed shapes. Nothing is executed: arguments are read with ast.literal_eval.
import ast
import json
import sys


def steps(value, depth=0, fixed_length=False):
    """Values one small step away from `value`, of the same type, most telling first; a container
    of `fixed_length` keeps its length (only its elements step)."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, (int, float)):
        # The sign stays: a negative number where the examples show none is as likely outside
        # the spec's domain as inside it.
        out = [value + 1, value - 1, value * 2, value / 2 if isinstance(value, float) else value // 2, type(value)(0)]
        return [v for v in out if v != value and (value < 0 or v >= 0)]
    if isinstance(value, str):
        out = []
        if value:
            out += [value[1:], value[:-1], value + value[-1], value[::-1], value.swapcase(), ""]
        else:
            out.append("a")
        return out
    if isinstance(value, (list, tuple)):
        kind = type(value)
        out = []
        if value:
            if not fixed_length:
                out += [kind(value[1:]), kind(value[:-1]), kind(list(value) + [value[-1]])]
            out.append(kind(reversed(value)))
            if depth < 2:
                out += [kind([step] + list(value[1:])) for step in steps(value[0], depth + 1)[:2]]
                out += [kind(list(value[:-1]) + [step]) for step in steps(value[-1], depth + 1)[:1]]
            if not fixed_length:
                out.append(kind())
        return out
    if isinstance(value, dict):
        out = []
        if value:
            keys = list(value)
            out.append({k: v for k, v in value.items() if k != keys[-1]})
            if depth < 2:
                out += [{**value, keys[0]: step} for step in steps(value[keys[0]], depth + 1)[:2]]
            out.append({})
        return out
    return []


def seed(text, function):
    """The literal arguments of `function(...)` in `text` (a bare call or an `assert call == x`)."""
    try:
        node = ast.parse(text.strip()).body[0]
    except (SyntaxError, IndexError):
        return None
    if isinstance(node, ast.Assert) and isinstance(node.test, ast.Compare):
        node = node.test.left
    elif isinstance(node, ast.Expr):
        node = node.value
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function):
        return None
    try:
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return args, kwargs


def render(function, args, kwargs):
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{function}({', '.join(parts)})"


def fixed_lengths(seeds, lists=True):
    """Positions whose argument looks like a fixed shape, not a collection of any size: a tuple,
    or a list of at most three elements that has the same length in every one of two or more
    seeds (`match_parens(['()(', ')'])`: "a list of two strings"). A variant of another length
    asks about an input the spec never allows, and answers to it settle nothing."""
    fixed = set()
    for position in range(min((len(args) for args, _ in seeds), default=0)):
        values = [args[position] for args, _ in seeds]
        if not all(isinstance(v, (list, tuple)) for v in values):
            continue
        lengths = {len(v) for v in values}
        if all(isinstance(v, tuple) for v in values) or (
                lists and len(values) >= 2 and len(lengths) == 1 and 0 < min(lengths) <= 3):
            fixed.add(position)
    return fixed


def outside(calls, function, fixed, shapes):
    """The calls whose argument at a fixed position has a length the spec's examples never show."""
    out = []
    for text in calls:
        parsed = seed(text, function)
        if parsed is None:
            continue
        args = parsed[0]
        if any(p < len(args) and isinstance(args[p], (list, tuple)) and len(args[p]) not in shapes[p] for p in fixed):
            out.append(text)
    return out


def variants(calls, function, limit, stated=0):
    """(variants, calls outside the shape): the first `stated` calls are the spec's own examples,
    whose fixed shapes (see `fixed_lengths`) every variant keeps and the other calls are held to."""
    parsed = [seed(text, function) for text in calls]
    seeds = [s for s in parsed if s is not None]
    known = {render(function, *s) for s in seeds}
    spec_seeds = [s for s in parsed[:stated] if s is not None]
    # Without examples from the spec, the model's calls show shapes only as tuples.
    fixed = fixed_lengths(spec_seeds) if spec_seeds else fixed_lengths(seeds, lists=False)
    shapes = {p: {len(args[p]) for args, _ in spec_seeds if p < len(args)} for p in fixed}
    rejected = outside(calls[stated:], function, fixed, shapes) if spec_seeds else []
    seeds = [s for s, text in zip(parsed, calls) if s is not None and text not in rejected]
    # One queue of variants per (seed, argument), taken round-robin so the first few cover
    # every seed and argument rather than exhausting the first.
    queues = []
    for args, kwargs in seeds:
        for position, value in enumerate(args):
            queues.append([render(function, args[:position] + [v] + args[position + 1:], kwargs)
                           for v in steps(value, fixed_length=position in fixed)])
        for key, value in kwargs.items():
            queues.append([render(function, args, {**kwargs, key: v}) for v in steps(value)])
    out = []
    while len(out) < limit and any(queues):
        for queue in queues:
            while queue:
                call = queue.pop(0)
                if call not in known and len(call) <= 300:
                    known.add(call)
                    out.append(call)
                    break
            if len(out) >= limit:
                break
    return out, rejected


if __name__ == "__main__":
    request = json.load(sys.stdin)
    calls, rejected = variants(request["calls"], request["function"], int(request.get("limit", 8)), int(request.get("stated", 0)))
    print(json.dumps({"calls": calls, "outside": rejected}))
