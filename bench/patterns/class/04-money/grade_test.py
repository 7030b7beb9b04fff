from decimal import Decimal

import pytest

from solution import Money


def test_construction_and_rounding():
    assert Money("12.5", "eur").amount == Decimal("12.50")
    assert Money("12.5", "eur").currency == "EUR"
    assert Money(10, "USD").amount == Decimal("10.00")
    assert Money(Decimal("1.005"), "USD").amount == Decimal("1.01")
    assert Money("2.675", "USD").amount == Decimal("2.68")
    assert Money("-1.005", "USD").amount == Decimal("-1.01")
    assert isinstance(Money("1", "USD").amount, Decimal)


def test_str():
    assert str(Money("12.5", "EUR")) == "12.50 EUR"
    assert str(Money(3, "jpy")) == "3.00 JPY"


def test_equality():
    assert Money("1.5", "EUR") == Money("1.50", "EUR")
    assert Money("1.50", "EUR") != Money("1.50", "USD")
    assert Money("1.50", "EUR") != Money("1.51", "EUR")


def test_add_and_subtract():
    assert Money("10.10", "EUR") + Money("0.95", "EUR") == Money("11.05", "EUR")
    assert Money("10.00", "EUR") - Money("12.50", "EUR") == Money("-2.50", "EUR")


def test_currency_mismatch():
    with pytest.raises(ValueError):
        Money("1", "EUR") + Money("1", "USD")
    with pytest.raises(ValueError):
        Money("1", "EUR") - Money("1", "USD")


def test_multiply_rounds_half_up():
    assert Money("19.99", "EUR") * 3 == Money("59.97", "EUR")
    assert Money("10.00", "EUR") * Decimal("0.0825") == Money("0.83", "EUR")
    assert Money("0.10", "EUR") * Decimal("0.25") == Money("0.03", "EUR")


def test_invalid_construction():
    with pytest.raises(TypeError):
        Money(1.5, "EUR")
    for code in ("EURO", "EU", "E1R", "", "€UR"):
        with pytest.raises(ValueError):
            Money("1", code)


def test_allocate():
    assert Money("100.00", "EUR").allocate([1, 1, 1]) == [
        Money("33.34", "EUR"),
        Money("33.33", "EUR"),
        Money("33.33", "EUR"),
    ]
    assert Money("0.05", "USD").allocate([3, 7]) == [Money("0.02", "USD"), Money("0.03", "USD")]
    assert Money("10.00", "USD").allocate([1]) == [Money("10.00", "USD")]


def test_allocate_always_sums_to_original():
    original = Money("1234.57", "GBP")
    parts = original.allocate([5, 3, 2, 1, 1])
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    assert total == original
    assert all(p.currency == "GBP" for p in parts)


def test_allocate_invalid_ratios():
    money = Money("10.00", "EUR")
    for ratios in ([], [1, -1], [0, 0]):
        with pytest.raises(ValueError):
            money.allocate(ratios)
