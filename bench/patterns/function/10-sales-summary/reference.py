"""Reference solution: aggregate sales amounts per region from CSV text."""

import csv
import io
import re
from decimal import Decimal

_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def summarize_sales(csv_text: str) -> dict[str, Decimal]:
    """Return exact per-region totals, in order of first appearance."""
    reader = csv.reader(io.StringIO(csv_text))
    header = next(reader, None)
    if header is None:
        raise ValueError("missing header row")
    names = [name.strip() for name in header]
    try:
        region_col = names.index("region")
        amount_col = names.index("amount")
    except ValueError:
        raise ValueError("header must contain region and amount columns") from None
    totals: dict[str, Decimal] = {}
    for rownum, row in enumerate(reader, start=2):
        if all(not cell.strip() for cell in row):
            continue
        region = row[region_col].strip() if region_col < len(row) else ""
        amount_text = row[amount_col].strip() if amount_col < len(row) else ""
        if not region:
            raise ValueError(f"row {rownum}: empty region")
        if not _PLAIN_DECIMAL.fullmatch(amount_text):
            raise ValueError(f"row {rownum}: invalid amount")
        totals[region] = totals.get(region, Decimal(0)) + Decimal(amount_text)
    return totals
