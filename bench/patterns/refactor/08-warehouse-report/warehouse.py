"""In-memory model of a warehouse's storage bins."""


class Warehouse:
    """Stock held in named bins; one SKU may be spread across several bins."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.bins: dict[str, dict[str, int]] = {}

    def put(self, bin_id: str, sku: str, quantity: int) -> None:
        """Add ``quantity`` units of ``sku`` to ``bin_id``."""
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        contents = self.bins.setdefault(bin_id, {})
        contents[sku] = contents.get(sku, 0) + quantity

    def total_quantity(self, sku: str) -> int:
        """Return the units of ``sku`` across all bins."""
        return sum(contents.get(sku, 0) for contents in self.bins.values())

    def low_stock_report(self, threshold: int = 5) -> list[tuple[str, int]]:
        """Return (sku, total units) for SKUs below ``threshold``, lowest first."""
        if threshold < 0:
            raise ValueError("threshold must not be negative")
        totals = {}
        for bin_id in self.bins:
            for sku in self.bins[bin_id]:
                if sku in totals:
                    totals[sku] = totals[sku] + self.bins[bin_id][sku]
                else:
                    totals[sku] = self.bins[bin_id][sku]
        report = []
        for sku in totals:
            if totals[sku] < threshold:
                report.append((sku, totals[sku]))
        for i in range(len(report)):
            for j in range(0, len(report) - i - 1):
                a = report[j]
                b = report[j + 1]
                if a[1] > b[1] or (a[1] == b[1] and a[0] > b[0]):
                    report[j] = b
                    report[j + 1] = a
        return report
