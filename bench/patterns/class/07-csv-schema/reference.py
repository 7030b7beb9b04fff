"""Reference solution: typed validation of CSV uploads."""

import csv
import io
from typing import Any

_BOOLS = {"true": True, "1": True, "false": False, "0": False}


class SchemaError(ValueError):
    """A CSV file does not match its schema."""

    def __init__(self, message: str, row: int, column: str) -> None:
        super().__init__(message)
        self.row = row
        self.column = column


class CsvSchema:
    """Required columns with their types, applied to CSV text."""

    def __init__(self, columns: dict[str, type]) -> None:
        for name, kind in columns.items():
            if kind not in (int, float, str, bool):
                raise TypeError(f"unsupported type for column {name!r}")
        self.columns = dict(columns)

    @staticmethod
    def _convert(raw: str, kind: type) -> Any:
        if kind is bool:
            return _BOOLS[raw.strip().lower()]
        return kind(raw)

    def validate(self, text: str) -> list[dict]:
        """Return the converted rows, raising SchemaError on the first problem."""
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        for name in self.columns:
            if name not in header:
                raise SchemaError(f"missing column {name!r}", 0, name)
        rows = []
        for number, record in enumerate(reader, start=1):
            converted = {}
            for name, kind in self.columns.items():
                raw = record.get(name)
                try:
                    if raw is None:
                        raise ValueError("missing cell")
                    converted[name] = self._convert(raw, kind)
                except (ValueError, KeyError):
                    message = f"row {number}: bad value for {name!r}"
                    raise SchemaError(message, number, name) from None
            rows.append(converted)
        return rows
