import pytest

from solution import slugify


def test_basic_title():
    assert slugify("Hello, World!") == "hello-world"


def test_accents_are_transliterated():
    assert slugify("Crème Brûlée") == "creme-brulee"
    assert slugify("Ångström Über Café") == "angstrom-uber-cafe"


def test_runs_and_edges_collapse():
    assert slugify("  --Rust & Python 3.12--  ") == "rust-python-3-12"
    assert slugify("a___b   c") == "a-b-c"


def test_non_ascii_characters_are_dropped():
    assert slugify("Tokyo 東京 guide") == "tokyo-guide"


def test_truncation_exact_boundary():
    assert slugify("The quick brown fox", max_length=9) == "the-quick"


def test_truncation_strips_trailing_hyphen():
    assert slugify("The quick brown fox", max_length=10) == "the-quick"


def test_short_title_not_truncated_by_default():
    title = "word " * 5
    assert slugify(title) == "word-word-word-word-word"
    long_slug = slugify("x" * 100)
    assert long_slug == "x" * 60


def test_empty_slug_raises():
    for title in ["!!!", "", "   ", "日本語"]:
        with pytest.raises(ValueError):
            slugify(title)


def test_bad_max_length_raises():
    with pytest.raises(ValueError):
        slugify("hello", max_length=0)


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        slugify(None)
    with pytest.raises(TypeError):
        slugify(b"hello")
