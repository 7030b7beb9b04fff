import pytest

from shipping import shipping_cost


def test_eu_standard_rounded():
    assert shipping_cost(1.5, "eu", 10.0) == 14.3


def test_eu_express_adds_eu_fee():
    assert shipping_cost(1.5, "eu", 10.0, express=True) == 23.3


def test_domestic_express_adds_domestic_fee():
    assert shipping_cost(1.0, "domestic", 10.0, express=True) == 11.3


def test_member_free_shipping_still_pays_express_fee():
    assert shipping_cost(3.0, "domestic", 50.0, express=True, member=True) == 6.0


def test_free_shipping_threshold_is_inclusive_and_domestic_only():
    assert shipping_cost(1.0, "domestic", 50.0, member=True) == 0.0
    assert shipping_cost(1.0, "domestic", 49.99, member=True) == 5.3
    assert shipping_cost(1.0, "eu", 500.0, member=True) == 13.2


def test_non_member_pays_even_above_threshold():
    assert shipping_cost(1.0, "domestic", 500.0) == 5.3


def test_max_weight_is_allowed():
    assert shipping_cost(30.0, "world", 0.0) == 159.0


@pytest.mark.parametrize("weight", [0, -1.0])
def test_weight_must_be_positive(weight):
    with pytest.raises(ValueError, match="weight must be positive"):
        shipping_cost(weight, "domestic", 10.0)


def test_weight_checked_before_zone():
    with pytest.raises(ValueError, match="weight"):
        shipping_cost(-2.0, "nowhere", 10.0)


def test_zone_checked_before_weight_limit():
    with pytest.raises(ValueError, match="unknown zone"):
        shipping_cost(99.0, "mars", 10.0)


def test_over_limit_message():
    with pytest.raises(ValueError, match="freight"):
        shipping_cost(30.01, "domestic", 10.0)
