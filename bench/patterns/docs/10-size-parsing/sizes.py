"""Human-readable byte sizes for the storage quota settings."""

import re

_SIZE = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[kmgtp]?i?b?)", re.IGNORECASE)
_DECIMAL = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12, "p": 10**15}
_BINARY = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40, "p": 2**50}


def parse_size(text: str, default_binary: bool = False, max_bytes: int | None = None) -> int:
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a size: {text!r}")
    unit = match["unit"].lower()
    prefix = unit[:1] if unit[:1] in "kmgtp" else ""
    if unit not in {prefix, prefix + "b", prefix + "ib"} or unit == "ib":
        raise ValueError(f"unknown unit in {text!r}")
    binary = unit.endswith("ib") or (default_binary and not unit.endswith("b"))
    multiplier = (_BINARY if binary else _DECIMAL)[prefix]
    size = int(float(match["number"]) * multiplier)
    if max_bytes is not None and size > max_bytes:
        raise OverflowError(f"{text!r} is larger than the limit of {max_bytes} bytes")
    return size


def format_size(num_bytes: int, binary: bool = True, precision: int = 1) -> str:
    """Format ``num_bytes`` as e.g. ``"1.5 GiB"`` (binary) or ``"1.6 GB"`` (decimal)."""
    if num_bytes < 0:
        raise ValueError("num_bytes must not be negative")
    step = 1024 if binary else 1000
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] if binary else ["B", "kB", "MB", "GB", "TB", "PB"]
    value = float(num_bytes)
    for unit in units:
        if value < step or unit == units[-1]:
            return f"{value:.{precision}f} {unit}" if unit != "B" else f"{num_bytes} B"
        value /= step
    raise AssertionError("unreachable")
