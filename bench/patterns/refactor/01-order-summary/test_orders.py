import pytest

from orders import OrderLine, format_order_summary


def test_single_line():
    text = format_order_summary("A-100", [OrderLine("MUG-01", 2, 7.5)])
    assert text == "Order A-100\n1. MUG-01 x2 @ 7.50 = 15.00\nSubtotal: 15.00 USD"


def test_lines_are_numbered_from_one():
    lines = [OrderLine("PEN", 10, 0.99), OrderLine("PAD", 1, 3.25)]
    text = format_order_summary("B7", lines)
    assert "1. PEN x10 @ 0.99 = 9.90\n" in text
    assert "2. PAD x1 @ 3.25 = 3.25\n" in text


def test_empty_order():
    assert format_order_summary("C1", []) == "Order C1\n(no items)\nSubtotal: 0.00 USD"


def test_currency_argument():
    assert format_order_summary("D2", [OrderLine("X", 1, 1.0)], currency="EUR").endswith("1.00 EUR")


def test_empty_order_id_rejected():
    with pytest.raises(ValueError):
        format_order_summary("", [])
