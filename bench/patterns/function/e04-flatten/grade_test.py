from solution import flatten


def test_nested():
    assert flatten([[1, [2, [3]]], 4]) == [1, 2, 3, 4]
    assert flatten([1, 2, 3]) == [1, 2, 3]


def test_empty_lists_vanish():
    assert flatten([]) == []
    assert flatten([[], [[]], [1, []]]) == [1]


def test_values_of_any_type():
    assert flatten([["a", ["b"]], None, [2.5]]) == ["a", "b", None, 2.5]


def test_input_is_not_changed():
    items = [[1, [2]], 3]
    flatten(items)
    assert items == [[1, [2]], 3]
