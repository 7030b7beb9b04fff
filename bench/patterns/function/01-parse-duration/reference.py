"""Reference solution: parse compact duration strings into seconds."""

import re

_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_ORDER = "dhms"
_TOKEN = re.compile(r"([0-9]+)([a-z])")


def parse_duration(text: str) -> int:
    """Return the number of seconds described by a string like "1h30m".

    Raises TypeError for non-str input and ValueError for malformed input.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    body = text.strip()
    if not body:
        raise ValueError("empty duration")
    total = 0
    pos = 0
    last_index = -1
    while pos < len(body):
        match = _TOKEN.match(body, pos)
        if match is None:
            raise ValueError(f"malformed duration at position {pos}")
        number, unit = match.groups()
        if unit not in _UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        index = _ORDER.index(unit)
        if index <= last_index:
            raise ValueError(f"unit {unit!r} repeated or out of order")
        last_index = index
        total += int(number) * _UNITS[unit]
        pos = match.end()
    return total
