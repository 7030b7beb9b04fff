# Runs in the sandbox: loads the candidate, calls the function on each literal-argument call
# with a one-second alarm, and prints the normalised outputs as one JSON line.
import ast
import copy
import io
import json
import math
import signal
import sys

request = json.load(sys.stdin)
real_stdout = sys.stdout
sys.stdout = io.StringIO()


def normalise(value, depth=0):
    if depth > 20:
        return "..."
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return repr(value)
        return float(f"{value:.9g}")
    if isinstance(value, (list, tuple)):
        return type(value)(normalise(v, depth + 1) for v in value)
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(normalise(v, depth + 1)) for v in value))
    if isinstance(value, dict):
        return ("dict", sorted((repr(normalise(k, depth + 1)), repr(normalise(v, depth + 1))) for k, v in value.items()))
    return value


class Timeout(BaseException):
    pass


def on_alarm(*_):
    raise Timeout()


namespace = {"__name__": "candidate"}
try:
    exec(compile(request["code"], "candidate.py", "exec"), namespace)
    function = namespace[request["function"]]
except BaseException as error:
    real_stdout.write(json.dumps({"error": type(error).__name__}) + "\n")
    sys.exit(0)

def read_case(text):
    """`f(args)` or `assert f(args) == result`, literals only: (args, kwargs, stated result or None)."""
    node = ast.parse(text).body[0]
    stated = None
    if isinstance(node, ast.Assert):
        test = node.test
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
            raise ValueError(text)
        call, stated = test.left, "=" + repr(normalise(ast.literal_eval(test.comparators[0])))[:500]
    elif isinstance(node, ast.Expr):
        call = node.value
    else:
        raise ValueError(text)
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == request["function"]):
        raise ValueError(text)
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    return args, kwargs, stated


signal.signal(signal.SIGALRM, on_alarm)
outputs, expected = [], []
for case in request["calls"]:
    try:
        args, kwargs, stated = read_case(case)
    except Exception:
        outputs.append(None)
        expected.append(None)
        continue
    expected.append(stated)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        outcome = "=" + repr(normalise(function(*copy.deepcopy(args), **copy.deepcopy(kwargs))))[:500]
    except Timeout:
        outcome = "!timeout"
    except BaseException as error:
        outcome = "!" + type(error).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    outputs.append(outcome)
real_stdout.write(json.dumps({"outputs": outputs, "expected": expected}) + "\n")
