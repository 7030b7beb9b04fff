import pytest

from solution import LRUCache


def test_put_and_get():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    assert cache.get("b") == 2
    assert len(cache) == 2


def test_missing_key_returns_default():
    cache = LRUCache(1)
    assert cache.get("nope") is None
    assert cache.get("nope", "fallback") == "fallback"


def test_stored_none_is_returned_not_default():
    cache = LRUCache(1)
    cache.put("k", None)
    assert cache.get("k", "fallback") is None


def test_evicts_least_recently_used():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert "a" not in cache
    assert cache.get("b") == 2 and cache.get("c") == 3
    assert len(cache) == 2


def test_get_refreshes_recency():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert "a" in cache and "c" in cache
    assert "b" not in cache


def test_update_refreshes_and_does_not_evict():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    assert len(cache) == 2
    assert cache.get("a") == 10
    cache.put("c", 3)
    assert "b" not in cache
    assert cache.get("a") == 10


def test_contains_does_not_refresh():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert "a" in cache
    cache.put("c", 3)
    assert "a" not in cache
    assert "b" in cache


def test_capacity_one_and_tuple_keys():
    cache = LRUCache(1)
    cache.put(("user", 1), "x")
    cache.put(("user", 2), "y")
    assert len(cache) == 1
    assert cache.get(("user", 2)) == "y"
    assert ("user", 1) not in cache


def test_invalid_capacity():
    for bad in (0, -3):
        with pytest.raises(ValueError):
            LRUCache(bad)
    for bad in (2.5, "3", None):
        with pytest.raises(TypeError):
            LRUCache(bad)
