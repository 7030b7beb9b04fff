import pytest

from solution import to_roman


def test_small_numbers():
    assert [to_roman(n) for n in (1, 2, 3, 4, 5, 9, 14)] == ["I", "II", "III", "IV", "V", "IX", "XIV"]


def test_subtractive_forms():
    assert to_roman(40) == "XL"
    assert to_roman(90) == "XC"
    assert to_roman(400) == "CD"
    assert to_roman(944) == "CMXLIV"


def test_large_numbers():
    assert to_roman(1994) == "MCMXCIV"
    assert to_roman(3999) == "MMMCMXCIX"


def test_out_of_range():
    for n in (0, -1, 4000):
        with pytest.raises(ValueError):
            to_roman(n)
