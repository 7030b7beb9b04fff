"""Stock bookkeeping for the warehouse service.

Stock levels are plain ``{sku: units_on_hand}`` dicts.
"""


def reserve(stock: dict[str, int], sku: str, quantity: int) -> dict[str, int]:
    """Return a copy of ``stock`` with ``quantity`` units of ``sku`` taken out.

    The input dict is not modified. Reserving exactly all units on hand is
    allowed and leaves the SKU at 0.
    Raises KeyError if ``sku`` is not in ``stock``, and ValueError if
    ``quantity`` is not positive or is more than the units on hand.
    """
    if sku not in stock:
        raise KeyError(sku)
    if quantity <= 0:
        raise ValueError(f"quantity must be positive: {quantity}")
    available = stock[sku]
    if quantity >= available:
        raise ValueError(f"only {available} units of {sku} on hand, asked for {quantity}")
    updated = dict(stock)
    updated[sku] = available - quantity
    return updated


def skus_to_reorder(
    stock: dict[str, int],
    reorder_levels: dict[str, int],
    default_level: int = 0,
) -> list[str]:
    """Return the SKUs of ``stock`` that are at or below their reorder level.

    A SKU missing from ``reorder_levels`` uses ``default_level``. The result is
    sorted alphabetically.
    """
    return sorted(
        sku
        for sku, on_hand in stock.items()
        if on_hand <= reorder_levels.get(sku, default_level)
    )


def merge_counts(*counts: dict[str, int]) -> dict[str, int]:
    """Add up several stock-count dicts SKU by SKU.

    SKUs whose total is 0 are left out of the result; with no arguments the
    result is ``{}``. Raises ValueError if any count is negative.
    """
    total: dict[str, int] = {}
    for count in counts:
        for sku, qty in count.items():
            if qty < 0:
                raise ValueError(f"negative count for {sku}: {qty}")
            total[sku] = total.get(sku, 0) + qty
    return {sku: qty for sku, qty in total.items() if qty != 0}
