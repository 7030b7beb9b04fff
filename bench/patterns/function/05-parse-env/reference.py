"""Reference solution: a small .env file parser."""

import re

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _double_quoted(raw: str, lineno: int) -> str:
    out = []
    i = 1
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
            continue
        if ch == '"':
            return "".join(out)
        out.append(ch)
        i += 1
    raise ValueError(f"line {lineno}: unterminated double quote")


def parse_env(text: str) -> dict[str, str]:
    """Parse .env text into a dict of string values.

    Raises ValueError on a line without '=', an invalid key or an unterminated quote.
    """
    result: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export "):
            stripped = stripped[len("export "):].lstrip()
        key, sep, value = stripped.partition("=")
        if not sep:
            raise ValueError(f"line {lineno}: missing '='")
        key = key.strip()
        if not _KEY.fullmatch(key):
            raise ValueError(f"line {lineno}: invalid key {key!r}")
        value = value.strip()
        if value.startswith('"'):
            value = _double_quoted(value, lineno)
        elif value.startswith("'"):
            end = value.find("'", 1)
            if end == -1:
                raise ValueError(f"line {lineno}: unterminated single quote")
            value = value[1:end]
        else:
            cut = value.find(" #")
            if cut != -1:
                value = value[:cut].rstrip()
        result[key] = value
    return result
