import math

from solution import ShoppingCart


def test_total_of_items():
    cart = ShoppingCart()
    cart.add_item("apple", 0.5, 4)
    cart.add_item("bread", 2.25)
    assert math.isclose(cart.total(), 4.25)


def test_remove_item():
    cart = ShoppingCart()
    cart.add_item("apple", 0.5, 4)
    cart.add_item("milk", 1.0, 2)
    cart.remove_item("apple")
    assert math.isclose(cart.total(), 2.0)


def test_empty_cart_total():
    assert ShoppingCart().total() == 0
