"""Currency handling for invoices issued in several currencies."""

from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal

BASE_CURRENCY = "EUR"


def minor_units(currency: str) -> int:
    """Number of decimal places used by ``currency`` (JPY has none)."""
    return {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3}.get(currency.upper(), 2)


def convert_currency(
    amount: Decimal,
    from_currency: str,
    to_currency: str,
    rates: Mapping[str, Decimal],
    *,
    places: int | None = None,
) -> Decimal:
    if amount < 0:
        raise ValueError(f"amount must not be negative: {amount}")
    source, target = from_currency.upper(), to_currency.upper()
    for code in (source, target):
        if code != BASE_CURRENCY and code not in rates:
            raise KeyError(f"no exchange rate for {code}")
        if code != BASE_CURRENCY and rates[code] <= 0:
            raise ValueError(f"exchange rate for {code} must be positive")
    in_base = amount if source == BASE_CURRENCY else amount / rates[source]
    converted = in_base if target == BASE_CURRENCY else in_base * rates[target]
    if places is None:
        places = minor_units(target)
    return converted.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def format_money(amount: Decimal, currency: str) -> str:
    """Render ``amount`` with a thousands separator and the currency code."""
    return f"{amount:,.{minor_units(currency)}f} {currency.upper()}"
