import pytest

from notifications import render_message


def test_order_placed():
    assert render_message({"type": "order_placed", "order_id": "A1"}) == "Thanks! We received order A1."


def test_order_shipped():
    event = {"type": "order_shipped", "order_id": "A1", "carrier": "DHL"}
    assert render_message(event) == "Order A1 has shipped with DHL."


def test_payment_failed():
    event = {"type": "payment_failed", "order_id": "B2", "reason": "card declined"}
    assert render_message(event) == "Payment for order B2 failed: card declined."


def test_password_reset():
    assert render_message({"type": "password_reset", "code": "493021"}) == "Your password reset code is 493021."


def test_unknown_type():
    with pytest.raises(ValueError):
        render_message({"type": "newsletter"})
