import pytest

from solution import parse_range


def test_closed_range():
    assert parse_range("bytes=0-499", 1000) == [(0, 499)]


def test_open_ended_range():
    assert parse_range("bytes=500-", 1000) == [(500, 999)]


def test_suffix_range():
    assert parse_range("bytes=-200", 1000) == [(800, 999)]
    assert parse_range("bytes=-5000", 1000) == [(0, 999)]


def test_multiple_specs_keep_order_and_spaces():
    assert parse_range("bytes=900-, 0-0 ,-1", 1000) == [(900, 999), (0, 0), (999, 999)]


def test_last_is_clamped():
    assert parse_range("bytes=900-2000", 1000) == [(900, 999)]


def test_unsatisfiable_specs_are_dropped():
    assert parse_range("bytes=1000-1200", 1000) == []
    assert parse_range("bytes=-0", 1000) == []
    assert parse_range("bytes=5000-,10-19", 1000) == [(10, 19)]


def test_empty_file():
    assert parse_range("bytes=0-10", 0) == []


def test_malformed_headers_raise():
    malformed = [
        "items=0-1",
        "0-10",
        "bytes=",
        "bytes=  ",
        "bytes=5-2",
        "bytes=a-b",
        "bytes=-",
        "bytes=0-1,,2-3",
        "bytes=1-2-3",
        "bytes=+1-2",
        "bytes=0x10-20",
    ]
    for header in malformed:
        with pytest.raises(ValueError):
            parse_range(header, 1000)


def test_negative_size_raises():
    with pytest.raises(ValueError):
        parse_range("bytes=0-1", -1)
