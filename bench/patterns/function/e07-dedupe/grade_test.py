from solution import dedupe


def test_order_of_first_occurrences():
    assert dedupe([3, 1, 3, 2, 1]) == [3, 1, 2]
    assert dedupe(["b", "a", "b"]) == ["b", "a"]


def test_no_duplicates_and_empty():
    assert dedupe([1, 2, 3]) == [1, 2, 3]
    assert dedupe([]) == []


def test_input_is_not_changed():
    items = [1, 1, 2]
    dedupe(items)
    assert items == [1, 1, 2]
