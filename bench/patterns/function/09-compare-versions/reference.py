"""Reference solution: Semantic Versioning 2.0.0 precedence comparison."""

import re

_NUM = r"(?:0|[1-9][0-9]*)"
_IDENT = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD_IDENT = r"[0-9A-Za-z-]+"
_SEMVER = re.compile(
    rf"v?({_NUM})\.({_NUM})\.({_NUM})"
    rf"(?:-({_IDENT}(?:\.{_IDENT})*))?"
    rf"(?:\+{_BUILD_IDENT}(?:\.{_BUILD_IDENT})*)?"
)


def _parse(version: str) -> tuple[tuple[int, int, int], list[str] | None]:
    if not isinstance(version, str):
        raise TypeError("version must be a str")
    match = _SEMVER.fullmatch(version)
    if match is None:
        raise ValueError(f"invalid semantic version: {version!r}")
    major, minor, patch, pre = match.groups()
    identifiers = pre.split(".") if pre is not None else None
    return (int(major), int(minor), int(patch)), identifiers


def _cmp(x, y) -> int:
    return (x > y) - (x < y)


def _compare_identifier(x: str, y: str) -> int:
    x_num, y_num = x.isdigit(), y.isdigit()
    if x_num and y_num:
        return _cmp(int(x), int(y))
    if x_num:
        return -1
    if y_num:
        return 1
    return _cmp(x, y)


def compare_versions(a: str, b: str) -> int:
    """Return -1, 0 or 1 comparing a and b by SemVer 2.0.0 precedence."""
    core_a, pre_a = _parse(a)
    core_b, pre_b = _parse(b)
    if core_a != core_b:
        return _cmp(core_a, core_b)
    if pre_a is None or pre_b is None:
        if pre_a is None and pre_b is None:
            return 0
        return 1 if pre_a is None else -1
    for x, y in zip(pre_a, pre_b):
        result = _compare_identifier(x, y)
        if result:
            return result
    return _cmp(len(pre_a), len(pre_b))
