import pytest

from shipping import shipping_cost


def test_domestic_standard():
    assert shipping_cost(2.0, "domestic", 20.0) == 6.1


def test_world_express():
    assert shipping_cost(1.0, "world", 100.0, express=True) == 48.5


def test_member_free_domestic_shipping():
    assert shipping_cost(5.0, "domestic", 80.0, member=True) == 0.0


def test_unknown_zone():
    with pytest.raises(ValueError):
        shipping_cost(1.0, "moon", 10.0)


def test_non_positive_weight():
    with pytest.raises(ValueError):
        shipping_cost(0, "eu", 10.0)


def test_too_heavy():
    with pytest.raises(ValueError):
        shipping_cost(31.0, "eu", 10.0)
