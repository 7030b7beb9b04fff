"""Price calculations for the checkout service.

All money values are ``decimal.Decimal`` and results are rounded half-up to cents.
"""

from decimal import ROUND_HALF_UP, Decimal

_CENT = Decimal("0.01")

# (minimum quantity, discount fraction), checked from the largest tier down.
_BULK_TIERS: list[tuple[int, Decimal]] = [
    (100, Decimal("0.15")),
    (50, Decimal("0.10")),
    (10, Decimal("0.05")),
]


def _to_cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def apply_discount(price: Decimal, percent: Decimal) -> Decimal:
    """Return ``price`` reduced by ``percent`` percent, rounded half-up to cents.

    ``percent`` may be anywhere from 0 to 100 inclusive (100 makes the item free).
    Raises ValueError if ``price`` is negative or ``percent`` is outside 0..100.
    """
    if price < 0:
        raise ValueError(f"price must not be negative: {price}")
    if percent < 0 or percent > 100:
        raise ValueError(f"percent must be between 0 and 100: {percent}")
    return _to_cents(price * (Decimal(100) - percent) / Decimal(100))


def bulk_unit_price(base_price: Decimal, quantity: int) -> Decimal:
    """Return the unit price after the volume discount for ``quantity`` units.

    Fewer than 10 units pay ``base_price``; 10-49 units get 5% off, 50-99 units
    10% off and 100 or more units 15% off. The result is rounded half-up to cents.
    Raises ValueError if ``quantity`` is less than 1.
    """
    if quantity < 1:
        raise ValueError(f"quantity must be at least 1: {quantity}")
    for min_quantity, discount in _BULK_TIERS:
        if quantity > min_quantity:
            return _to_cents(base_price * (1 - discount))
    return _to_cents(base_price)


def order_total(lines: list[tuple[Decimal, int]], tax_rate: Decimal = Decimal("0")) -> Decimal:
    """Return the total of an order given as ``(unit_price, quantity)`` lines.

    Each line is priced with ``bulk_unit_price``; tax at ``tax_rate`` (for example
    ``Decimal("0.2")`` for 20%) is added to the subtotal and the total is rounded
    half-up to cents. An empty order totals ``Decimal("0.00")``.
    Raises ValueError if ``tax_rate`` is negative or any quantity is less than 1.
    """
    if tax_rate < 0:
        raise ValueError(f"tax_rate must not be negative: {tax_rate}")
    subtotal = sum((bulk_unit_price(price, qty) * qty for price, qty in lines), Decimal("0"))
    return _to_cents(subtotal * (1 + tax_rate))
