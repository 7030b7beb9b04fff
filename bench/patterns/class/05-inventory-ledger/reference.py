"""Reference solution: a per-SKU inventory ledger."""


class InsufficientStockError(ValueError):
    """Raised when shipping more units than are on hand."""


class InventoryLedger:
    """Tracks stock levels and movement history per SKU."""

    def __init__(self) -> None:
        self._stock: dict[str, int] = {}
        self._history: dict[str, list[tuple[str, int]]] = {}

    @staticmethod
    def _validate(sku: str, qty: int) -> None:
        if not isinstance(qty, int) or isinstance(qty, bool):
            raise TypeError("qty must be an int")
        if not isinstance(sku, str) or not sku:
            raise ValueError("sku must be a non-empty str")
        if qty <= 0:
            raise ValueError("qty must be positive")

    def receive(self, sku: str, qty: int) -> None:
        """Add qty units of sku."""
        self._validate(sku, qty)
        self._stock[sku] = self._stock.get(sku, 0) + qty
        self._history.setdefault(sku, []).append(("receive", qty))

    def ship(self, sku: str, qty: int) -> None:
        """Remove qty units of sku, refusing to go below zero."""
        self._validate(sku, qty)
        if qty > self._stock.get(sku, 0):
            raise InsufficientStockError(f"not enough stock of {sku}")
        self._stock[sku] -= qty
        self._history[sku].append(("ship", qty))

    def on_hand(self, sku: str) -> int:
        """Return the quantity currently in stock for sku."""
        return self._stock.get(sku, 0)

    def history(self, sku: str) -> list[tuple[str, int]]:
        """Return a copy of the movements recorded for sku."""
        return list(self._history.get(sku, []))
