import csv
import tempfile


def export_rows(rows: list[dict]) -> str:
    """Write the rows to a CSV file and return its path for download."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", encoding="utf-8", delete=False) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
    return handle.name
