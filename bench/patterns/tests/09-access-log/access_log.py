"""Summaries of web-server access logs in Common Log Format."""

import re
from collections.abc import Iterable
from typing import TypedDict

_LINE = re.compile(
    r'(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>\S+)[^"]*" (?P<status>\d{3}) (?P<size>\d+|-)'
)


class LogEntry(TypedDict):
    ip: str
    time: str
    method: str
    path: str
    status: int
    size: int


def parse_line(line: str) -> LogEntry:
    """Parse one Common Log Format line, for example
    ``127.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326``.

    ``status`` and ``size`` are ints; a size written as ``-`` counts as 0.
    Fields after the size (referrer, user agent) are ignored.
    Raises ValueError if the line does not match the format.
    """
    match = _LINE.match(line.strip())
    if match is None:
        raise ValueError(f"unparseable log line: {line!r}")
    size = match["size"]
    return LogEntry(
        ip=match["ip"],
        time=match["time"],
        method=match["method"],
        path=match["path"],
        status=int(match["status"]),
        size=0 if size == "-" else int(size),
    )


def status_histogram(lines: Iterable[str]) -> dict[str, int]:
    """Count requests per status class (keys like ``"2xx"``, ``"4xx"``); malformed lines are skipped."""
    counts: dict[str, int] = {}
    for line in lines:
        try:
            entry = parse_line(line)
        except ValueError:
            continue
        key = f"{entry['status'] // 100}xx"
        counts[key] = counts.get(key, 0) + 1
    return counts


def error_rate(lines: Iterable[str]) -> float:
    """Return the fraction of well-formed lines whose status is 500 or higher.

    Malformed lines are ignored entirely (they count neither as errors nor in
    the total). Returns 0.0 when there is no well-formed line.
    """
    total = errors = 0
    for line in lines:
        try:
            entry = parse_line(line)
        except ValueError:
            continue
        total += 1
        if entry["status"] >= 500:
            errors += 1
    return errors / total if total else 0.0
