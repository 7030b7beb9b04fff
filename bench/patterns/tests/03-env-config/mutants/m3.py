"""Parsing helpers for service settings taken from the environment."""

import re

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_DURATION = re.compile(r"(\d+)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_bool(value: str) -> bool:
    """Parse a boolean flag.

    Accepts ``1``/``true``/``yes``/``on`` and ``0``/``false``/``no``/``off`` in
    any letter case; surrounding whitespace is ignored.
    Raises ValueError for any other value.
    """
    normalized = value.strip().lower()
    if normalized in _TRUE:
        return True
    if normalized in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def parse_duration(value: str) -> int:
    """Parse a duration such as ``"90"``, ``"45s"``, ``"5m"``, ``"2h"`` or ``"1d"`` into seconds.

    A bare number means seconds; whitespace around the value and between the
    number and the unit is ignored.
    Raises ValueError for an empty string, a negative or fractional number,
    or an unknown unit.
    """
    match = _DURATION.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"invalid duration: {value!r}")
    amount, unit = match.groups()
    return int(amount) * _UNIT_SECONDS[unit]


def parse_env_file(text: str) -> dict[str, str]:
    """Parse the contents of a ``.env`` file into a dict.

    Blank lines and lines starting with ``#`` are skipped. Every other line must
    be ``KEY=VALUE``: only the first ``=`` separates key from value, whitespace
    around both is stripped, and a value wrapped in matching single or double
    quotes loses the quotes. A later duplicate key overrides an earlier one.
    Raises ValueError whose message names the 1-based line number (``"line 3: ..."``)
    for a line without ``=`` or with an empty key.
    """
    result: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise ValueError(f"line {lineno}: expected KEY=VALUE, got {raw!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        result[key] = value
    return result
