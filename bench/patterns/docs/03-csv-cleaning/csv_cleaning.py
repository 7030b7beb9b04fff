"""Cleaning of supplier product feeds before they are loaded into the catalogue."""

import csv
import io
import re
from collections.abc import Iterable, Mapping

_SEPARATORS = re.compile(r"[\s\-/]+")


def _is_blank(value: str | None) -> bool:
    return value is None or value.strip() == ""


def normalize_header(name: str) -> str:
    cleaned = _SEPARATORS.sub("_", name.strip().lower())
    cleaned = re.sub(r"[^a-z0-9_]", "", cleaned).strip("_")
    if not cleaned:
        raise ValueError(f"header {name!r} has no usable characters")
    return cleaned


def clean_row(
    row: Mapping[str, str | None],
    required: Iterable[str],
    defaults: Mapping[str, str] | None = None,
) -> dict[str, str]:
    defaults = defaults or {}
    cleaned = {key: (value or "").strip() for key, value in row.items()}
    for key, fallback in defaults.items():
        if _is_blank(cleaned.get(key)):
            cleaned[key] = fallback
    missing = [key for key in required if _is_blank(cleaned.get(key))]
    if missing:
        raise ValueError(f"missing required fields: {', '.join(missing)}")
    return cleaned


def read_clean_rows(
    text: str,
    required: Iterable[str] = ("sku",),
    delimiter: str = ",",
    skip_invalid: bool = False,
) -> list[dict[str, str]]:
    required = list(required)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [normalize_header(name) for name in next(reader)]
    except StopIteration:
        return []
    if len(set(header)) != len(header):
        raise ValueError("duplicate column names after normalisation")
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        try:
            rows.append(clean_row(dict(zip(header, values)), required))
        except ValueError:
            if not skip_invalid:
                raise
    return rows
