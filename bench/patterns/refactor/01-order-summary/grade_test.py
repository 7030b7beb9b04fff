import pytest

from orders import OrderLine, format_order_summary


def test_exact_multi_line_output():
    lines = [OrderLine("TEE-M", 3, 12.0), OrderLine("CAP", 1, 9.99), OrderLine("SOCK", 4, 2.5)]
    expected = (
        "Order 2024-0001\n"
        "1. TEE-M x3 @ 12.00 = 36.00\n"
        "2. CAP x1 @ 9.99 = 9.99\n"
        "3. SOCK x4 @ 2.50 = 10.00\n"
        "Subtotal: 55.99 USD"
    )
    assert format_order_summary("2024-0001", lines) == expected


def test_no_items_marker_and_zero_subtotal():
    assert format_order_summary("Z", [], "GBP") == "Order Z\n(no items)\nSubtotal: 0.00 GBP"


def test_no_trailing_newline():
    assert not format_order_summary("N1", [OrderLine("A", 1, 1.0)]).endswith("\n")


def test_prices_rounded_to_two_places():
    text = format_order_summary("R", [OrderLine("BOLT", 3, 0.333)])
    assert "1. BOLT x3 @ 0.33 = 1.00\n" in text
    assert text.endswith("Subtotal: 1.00 USD")


def test_zero_quantity_line_is_listed():
    text = format_order_summary("Q", [OrderLine("FREEBIE", 0, 4.0)])
    assert text == "Order Q\n1. FREEBIE x0 @ 4.00 = 0.00\nSubtotal: 0.00 USD"


def test_numbering_goes_past_nine():
    lines = [OrderLine(f"S{n}", 1, 1.0) for n in range(11)]
    text = format_order_summary("BIG", lines)
    assert "10. S9 x1 @ 1.00 = 1.00\n11. S10 x1 @ 1.00 = 1.00\n" in text
    assert text.count("\n") == 12


def test_large_amounts_have_no_thousands_separator():
    text = format_order_summary("L", [OrderLine("SOFA", 2, 1250.5)])
    assert "= 2501.00\n" in text and text.endswith("Subtotal: 2501.00 USD")


def test_empty_order_id_raises_value_error():
    with pytest.raises(ValueError, match="order_id"):
        format_order_summary("", [OrderLine("A", 1, 1.0)])


def test_input_lines_not_modified():
    lines = [OrderLine("A", 1, 1.0)]
    format_order_summary("X", lines)
    assert lines == [OrderLine("A", 1, 1.0)]
