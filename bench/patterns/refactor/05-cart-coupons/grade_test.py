import pytest

from cart import Cart


def cart_with(*prices: float) -> Cart:
    cart = Cart()
    for n, price in enumerate(prices):
        cart.add(f"SKU{n}", price)
    return cart


def test_save20_rounds_discount_to_cents():
    cart = cart_with(100.0, 23.33)
    assert cart.apply_coupon("SAVE20") == 24.67
    assert cart.discount == 24.67
    assert cart.coupon == "SAVE20"
    assert cart.total() == 98.66


def test_save10_rounding():
    cart = cart_with(33.33)
    assert cart.apply_coupon("SAVE10") == 3.33


def test_minimums_are_inclusive():
    assert cart_with(20.0).apply_coupon("SAVE10") == 2.0
    assert cart_with(100.0).apply_coupon("SAVE20") == 20.0
    assert cart_with(15.0).apply_coupon("FIVEOFF") == 5.0


def test_code_is_normalised():
    cart = cart_with(40.0)
    assert cart.apply_coupon("  save10 ") == 4.0
    assert cart.coupon == "SAVE10"


@pytest.mark.parametrize(
    "code, amount, message",
    [
        ("SAVE10", 19.99, "SAVE10 needs a subtotal of at least 20.00"),
        ("SAVE20", 99.99, "SAVE20 needs a subtotal of at least 100.00"),
        ("FIVEOFF", 14.99, "FIVEOFF needs a subtotal of at least 15.00"),
    ],
)
def test_minimum_error_messages(code, amount, message):
    cart = cart_with(amount)
    with pytest.raises(ValueError) as info:
        cart.apply_coupon(code)
    assert str(info.value) == message


def test_failed_coupon_leaves_cart_unchanged():
    cart = cart_with(10.0)
    with pytest.raises(ValueError):
        cart.apply_coupon("SAVE10")
    assert cart.coupon is None
    assert cart.discount == 0.0
    cart.add("EXTRA", 5.0)
    assert cart.apply_coupon("FIVEOFF") == 5.0


def test_unknown_code_message_uses_normalised_code():
    with pytest.raises(ValueError) as info:
        cart_with(50.0).apply_coupon(" bogus ")
    assert str(info.value) == "unknown coupon: BOGUS"


def test_second_coupon_message_names_first():
    cart = cart_with(200.0)
    cart.apply_coupon("save20")
    with pytest.raises(ValueError) as info:
        cart.apply_coupon("FIVEOFF")
    assert str(info.value) == "coupon SAVE20 is already applied"
    assert cart.discount == 40.0


def test_already_applied_checked_before_unknown_code():
    cart = cart_with(50.0)
    cart.apply_coupon("SAVE10")
    with pytest.raises(ValueError, match="already applied"):
        cart.apply_coupon("NOPE")


def test_empty_cart_rejects_coupons():
    with pytest.raises(ValueError):
        Cart().apply_coupon("FIVEOFF")
