"""Reference solution: split a money amount into near-equal cent shares."""

from decimal import Decimal

_CENT = Decimal("0.01")


def split_amount(total: Decimal, parts: int) -> list[Decimal]:
    """Split total into parts two-place Decimals that sum exactly to total.

    Larger shares (by one cent) come first.
    """
    if not isinstance(total, Decimal):
        raise TypeError("total must be a Decimal")
    if not isinstance(parts, int) or isinstance(parts, bool):
        raise TypeError("parts must be an int")
    if parts < 1:
        raise ValueError("parts must be at least 1")
    if not total.is_finite():
        raise ValueError("total must be finite")
    if total < 0:
        raise ValueError("total must not be negative")
    if total != total.quantize(_CENT):
        raise ValueError("total has more than two decimal places")
    cents = int(total.quantize(_CENT) * 100)
    base, remainder = divmod(cents, parts)
    shares = []
    for index in range(parts):
        amount = base + (1 if index < remainder else 0)
        shares.append((Decimal(amount) / 100).quantize(_CENT))
    return shares
