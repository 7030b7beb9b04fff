import csv
from collections import defaultdict


def total_by_region(path: str) -> dict[str, float]:
    """Sum the `amount` column of a sales CSV per region."""
    totals: defaultdict[str, float] = defaultdict(float)
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            totals[row["region"]] += float(row["amount"])
    return dict(totals)
