import pytest

from solution import parse_duration


def test_single_units():
    assert parse_duration("45s") == 45
    assert parse_duration("3m") == 180
    assert parse_duration("2h") == 7200
    assert parse_duration("1d") == 86400


def test_combined_units():
    assert parse_duration("1h30m") == 5400
    assert parse_duration("2d4h") == 187200
    assert parse_duration("1d2h3m4s") == 93784


def test_zero_and_surrounding_whitespace():
    assert parse_duration("0s") == 0
    assert parse_duration("  45s \n") == 45
    assert parse_duration("1h0m") == 3600


def test_large_numbers():
    assert parse_duration("90m") == 5400
    assert parse_duration("100000s") == 100000


def test_malformed_raises_value_error():
    for bad in ["", "   ", "5x", "1m1h", "1h1h", "h", "10", "1 h", "1h 30m", "1H", "-5s", "1.5h"]:
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        parse_duration(90)
    with pytest.raises(TypeError):
        parse_duration(None)
