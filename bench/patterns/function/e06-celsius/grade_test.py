import math

from solution import celsius_to_fahrenheit


def test_fixed_points():
    assert celsius_to_fahrenheit(0) == 32
    assert celsius_to_fahrenheit(100) == 212
    assert celsius_to_fahrenheit(-40) == -40


def test_fractions():
    assert math.isclose(celsius_to_fahrenheit(37.5), 99.5)
    assert math.isclose(celsius_to_fahrenheit(-273.15), -459.67)
