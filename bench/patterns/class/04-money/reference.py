"""Reference solution: an immutable Money value type."""

from decimal import ROUND_HALF_UP, Decimal

_CENT = Decimal("0.01")


class Money:
    """An amount of money in one currency, always held to two decimal places."""

    __slots__ = ("_amount", "_currency")

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        if isinstance(amount, float):
            raise TypeError("float amounts are not allowed")
        if isinstance(amount, bool) or not isinstance(amount, (Decimal, int, str)):
            raise TypeError("amount must be a Decimal, int or str")
        if not isinstance(currency, str):
            raise TypeError("currency must be a str")
        code = currency.upper()
        if len(code) != 3 or not all("A" <= ch <= "Z" for ch in code):
            raise ValueError("currency must be a three-letter code")
        value = Decimal(amount)
        if not value.is_finite():
            raise ValueError("amount must be finite")
        rounded = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        object.__setattr__(self, "_amount", rounded)
        object.__setattr__(self, "_currency", code)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    @property
    def amount(self) -> Decimal:
        return self._amount

    @property
    def currency(self) -> str:
        return self._currency

    def _check(self, other: object) -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise ValueError("currency mismatch")
        return other

    def __add__(self, other: object) -> "Money":
        checked = self._check(other)
        if checked is NotImplemented:
            return NotImplemented
        return Money(self.amount + checked.amount, self.currency)

    def __sub__(self, other: object) -> "Money":
        checked = self._check(other)
        if checked is NotImplemented:
            return NotImplemented
        return Money(self.amount - checked.amount, self.currency)

    def __mul__(self, factor: object) -> "Money":
        if isinstance(factor, bool) or not isinstance(factor, (int, Decimal)):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.amount == other.amount and self.currency == other.currency

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency}')"

    def allocate(self, ratios: list[int]) -> list["Money"]:
        """Split into shares proportional to ratios.

        Shares are rounded down to whole cents; leftover cents go to the first shares.
        """
        if not ratios or any(r < 0 for r in ratios) or sum(ratios) == 0:
            raise ValueError("ratios must be non-empty, non-negative and not all zero")
        cents = int(self.amount * 100)
        total = sum(ratios)
        shares = [cents * r // total for r in ratios]
        leftover = cents - sum(shares)
        for index in range(leftover):
            shares[index] += 1
        return [Money(Decimal(c) / 100, self.currency) for c in shares]
