import csv


def export_rows(rows: list[dict]) -> str:
    """Write the rows to a CSV file and return its path for download."""
    path = "/tmp/export.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
    return path
