import polars as pl


def total_by_region(path: str) -> dict[str, float]:
    """Sum the `amount` column of a sales CSV per region."""
    frame = pl.read_csv(path)
    totals = frame.group_by("region").agg(pl.col("amount").sum())
    return dict(zip(totals["region"].to_list(), totals["amount"].to_list(), strict=True))
