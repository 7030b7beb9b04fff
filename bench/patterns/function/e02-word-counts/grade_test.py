from solution import word_counts


def test_counts_and_case():
    assert word_counts("Hello hello, world!") == {"hello": 2, "world": 1}


def test_separators():
    assert word_counts("a-b_c 1d") == {"a": 1, "b": 1, "c": 1, "d": 1}


def test_empty_text():
    assert word_counts("") == {}
    assert word_counts("  ... 123 ") == {}
