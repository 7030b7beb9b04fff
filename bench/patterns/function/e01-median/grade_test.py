from solution import median


def test_odd_and_even():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5


def test_negative_and_float_values():
    assert median([-5, -1, -3]) == -3
    assert median([0.5, 1.5]) == 1.0


def test_single_value():
    assert median([7]) == 7


def test_empty_list_gives_none():
    assert median([]) is None


def test_argument_is_left_alone():
    values = [3, 1, 2]
    median(values)
    assert values == [3, 1, 2]
