import pytest

from notifications import render_message


@pytest.mark.parametrize(
    "event, expected",
    [
        ({"type": "order_placed", "order_id": "X-9"}, "Thanks! We received order X-9."),
        ({"type": "order_shipped", "order_id": "X-9", "carrier": "UPS"}, "Order X-9 has shipped with UPS."),
        ({"type": "order_delivered", "order_id": "X-9"}, "Order X-9 was delivered. Enjoy!"),
        ({"type": "payment_failed", "order_id": "X-9", "reason": "expired card"},
         "Payment for order X-9 failed: expired card."),
        ({"type": "refund_issued", "order_id": "X-9", "amount": "$12.50"}, "We refunded $12.50 for order X-9."),
        ({"type": "password_reset", "code": "000111"}, "Your password reset code is 000111."),
    ],
)
def test_every_event_type(event, expected):
    assert render_message(event) == expected


def test_extra_fields_are_ignored():
    event = {"type": "order_delivered", "order_id": "7", "recipient": "a@b.c", "carrier": "DPD"}
    assert render_message(event) == "Order 7 was delivered. Enjoy!"


def test_braces_in_values_are_kept_verbatim():
    event = {"type": "payment_failed", "order_id": "{id}", "reason": "bad {reason}"}
    assert render_message(event) == "Payment for order {id} failed: bad {reason}."


def test_missing_type_raises_value_error():
    with pytest.raises(ValueError, match="unknown event type"):
        render_message({"order_id": "1"})


def test_unknown_type_message_names_the_type():
    with pytest.raises(ValueError, match="'gift_card'"):
        render_message({"type": "gift_card", "order_id": "1"})


def test_missing_field_raises_key_error():
    with pytest.raises(KeyError):
        render_message({"type": "order_shipped", "order_id": "1"})


def test_type_is_case_sensitive():
    with pytest.raises(ValueError):
        render_message({"type": "Order_Placed", "order_id": "1"})
