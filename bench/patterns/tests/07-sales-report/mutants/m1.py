"""Daily sales report built from the regional CSV export."""

import csv
import io
from typing import TypedDict

REQUIRED_COLUMNS = ("date", "region", "amount")


class Sale(TypedDict):
    date: str
    region: str
    amount: float


def parse_sales_csv(text: str) -> list[Sale]:
    """Parse CSV text with a header row into a list of sales.

    The header must contain ``date``, ``region`` and ``amount``; other columns
    are ignored and the order does not matter. ``date`` and ``region`` are
    returned stripped of surrounding whitespace and ``amount`` as a float.
    Blank lines are skipped.
    Raises ValueError if a required column is missing from the header, or if a
    row has too few fields or an amount that is not a number; the message of a
    row error names the row (``"row 2: ..."``, counting data rows from 1).
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    sales: list[Sale] = []
    for row_number, row in enumerate(reader, start=1):
        if any(row[column] is None for column in REQUIRED_COLUMNS):
            raise ValueError(f"row {row_number}: too few fields")
        try:
            amount = float(row["amount"])
        except ValueError:
            raise ValueError(f"row {row_number}: invalid amount {row['amount']!r}") from None
        sales.append(Sale(date=row["date"].strip(), region=row["region"].strip(), amount=amount))
    return sales


def totals_by_region(sales: list[Sale]) -> dict[str, float]:
    """Sum the amounts per region; each total is rounded to 2 decimal places."""
    totals: dict[str, float] = {}
    for sale in sales:
        totals[sale["region"]] = totals.get(sale["region"], 0.0) + sale["amount"]
    return {region: round(total, 2) for region, total in totals.items()}


def top_regions(totals: dict[str, float], n: int = 3) -> list[tuple[str, float]]:
    """Return the ``n`` regions with the highest totals as ``(region, total)`` pairs.

    Pairs are sorted by total, highest first; equal totals are ordered by region
    name alphabetically. All regions are returned if there are fewer than ``n``,
    and ``n == 0`` gives an empty list. Raises ValueError if ``n`` is negative.
    """
    if n < 0:
        raise ValueError(f"n must not be negative: {n}")
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return ranked[:n]
