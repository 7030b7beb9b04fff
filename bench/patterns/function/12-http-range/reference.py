"""Reference solution: HTTP byte-range header parsing."""

import re

_SPEC = re.compile(r"([0-9]*)-([0-9]*)")


def parse_range(header: str, size: int) -> list[tuple[int, int]]:
    """Return satisfiable inclusive byte ranges for a Range header and a file size."""
    if size < 0:
        raise ValueError("size must not be negative")
    unit, sep, specs = header.partition("=")
    if not sep or unit.strip() != "bytes":
        raise ValueError("unsupported or missing range unit")
    if not specs.strip():
        raise ValueError("empty range list")
    ranges: list[tuple[int, int]] = []
    for raw in specs.split(","):
        spec = raw.strip()
        match = _SPEC.fullmatch(spec)
        if match is None:
            raise ValueError("malformed range spec")
        first_text, last_text = match.groups()
        if not first_text and not last_text:
            raise ValueError("range spec without numbers")
        if not first_text:
            length = int(last_text)
            if length == 0 or size == 0:
                continue
            ranges.append((max(size - length, 0), size - 1))
            continue
        first = int(first_text)
        if last_text:
            last = int(last_text)
            if last < first:
                raise ValueError("range end before start")
        else:
            last = size - 1
        if first >= size:
            continue
        ranges.append((first, min(last, size - 1)))
    return ranges
