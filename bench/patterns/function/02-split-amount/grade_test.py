from decimal import Decimal

import pytest

from solution import split_amount


def D(text):
    return Decimal(text)


def test_even_split():
    assert split_amount(D("90.00"), 3) == [D("30.00"), D("30.00"), D("30.00")]


def test_remainder_goes_to_first_shares():
    assert split_amount(D("100.00"), 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert split_amount(D("0.05"), 3) == [D("0.02"), D("0.02"), D("0.01")]


def test_more_parts_than_cents():
    assert split_amount(D("0.01"), 3) == [D("0.01"), D("0.00"), D("0.00")]


def test_shares_have_two_places_and_sum_exactly():
    total = D("1234.57")
    shares = split_amount(total, 7)
    assert len(shares) == 7
    assert sum(shares, D("0")) == total
    assert all(isinstance(s, Decimal) for s in shares)
    assert all(s.as_tuple().exponent == -2 for s in shares)
    assert max(shares) - min(shares) <= D("0.01")
    assert shares == sorted(shares, reverse=True)


def test_whole_number_total_and_single_part():
    shares = split_amount(D("10"), 1)
    assert shares == [D("10.00")]
    assert shares[0].as_tuple().exponent == -2


def test_zero_total():
    shares = split_amount(D("0"), 4)
    assert shares == [D("0.00")] * 4
    assert all(s.as_tuple().exponent == -2 for s in shares)


def test_value_errors():
    for total, parts in [(D("10.00"), 0), (D("10.00"), -2), (D("-1.00"), 2), (D("10.005"), 2)]:
        with pytest.raises(ValueError):
            split_amount(total, parts)


def test_type_errors():
    with pytest.raises(TypeError):
        split_amount(10.0, 2)
    with pytest.raises(TypeError):
        split_amount(10, 2)
    with pytest.raises(TypeError):
        split_amount(D("10.00"), 2.0)
