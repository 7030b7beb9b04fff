import pytest

from cart import Cart


def make_cart(amount: float) -> Cart:
    cart = Cart()
    cart.add("SKU", amount)
    return cart


def test_save10():
    cart = make_cart(50.0)
    assert cart.apply_coupon("SAVE10") == 5.0
    assert cart.total() == 45.0


def test_fiveoff():
    cart = make_cart(15.0)
    assert cart.apply_coupon("fiveoff") == 5.0
    assert cart.total() == 10.0


def test_minimum_not_reached():
    with pytest.raises(ValueError):
        make_cart(99.0).apply_coupon("SAVE20")


def test_unknown_code():
    with pytest.raises(ValueError):
        make_cart(50.0).apply_coupon("FREESTUFF")


def test_only_one_coupon():
    cart = make_cart(200.0)
    cart.apply_coupon("SAVE20")
    with pytest.raises(ValueError):
        cart.apply_coupon("SAVE10")
