"""A pytest plugin (loaded with -p) that reads docstring examples the way their writer meant them.

doctest compares printed text: `>>> count_nums([]) == 0` with no output line below it expects no
output and fails on the `True` it prints, and `"21"` below a call that returns '21' fails on the
quotes; `None` below a call that returns None fails on the nothing the prompt prints for it. All
three are common in docstrings (HumanEval's own prompts have the first two, the 1.5B writes the
third) and all failed right code. Here an `==` comparison with no output line expects True, `None`
holds where nothing was printed, and an output that is a Python literal is compared by value and
type with the printed result when the text differs. Anything else is doctest's own comparison.
"""

import ast
import doctest

_parse = doctest.DocTestParser.parse
_check_output = doctest.OutputChecker.check_output


def _is_equality(source):
    try:
        node = ast.parse(source, mode="eval").body
    except SyntaxError:
        return False
    return isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)


def parse(self, string, name="<string>"):
    pieces = _parse(self, string, name)
    for piece in pieces:
        if isinstance(piece, doctest.Example) and not piece.want and _is_equality(piece.source):
            piece.want = "True\n"
    return pieces


def check_output(self, want, got, optionflags):
    if _check_output(self, want, got, optionflags):
        return True
    # The prompt prints nothing for a None result; a writer who shows `None` means "returns None".
    if want.strip() == "None" and not got:
        return True
    # By value and type: repr of both values, so "21" holds for '21' but 2 does not hold for 2.0
    # (the `/` for `//` mistake) nor 1 for True.
    try:
        return repr(ast.literal_eval(want.strip())) == repr(ast.literal_eval(got.strip()))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


doctest.DocTestParser.parse = parse
doctest.OutputChecker.check_output = check_output
