import pytest

from solution import TTLCache


class FakeClock:
    def __init__(self):
        self.now = 500.0

    def __call__(self):
        return self.now


def test_set_and_get_before_expiry():
    clock = FakeClock()
    cache = TTLCache(10, clock=clock)
    cache.set("example.com", "93.184.216.34")
    clock.now += 9.5
    assert cache.get("example.com") == "93.184.216.34"


def test_expires_exactly_at_ttl():
    clock = FakeClock()
    cache = TTLCache(10, clock=clock)
    cache.set("k", "v")
    clock.now += 10
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"


def test_reset_expiry_on_set():
    clock = FakeClock()
    cache = TTLCache(10, clock=clock)
    cache.set("k", 1)
    clock.now += 8
    cache.set("k", 2)
    clock.now += 8
    assert cache.get("k") == 2


def test_len_counts_live_entries_only():
    clock = FakeClock()
    cache = TTLCache(5, clock=clock)
    cache.set("a", 1)
    clock.now += 3
    cache.set("b", 2)
    assert len(cache) == 2
    clock.now += 3
    assert len(cache) == 1


def test_delete():
    clock = FakeClock()
    cache = TTLCache(5, clock=clock)
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.delete("a") is True
    assert cache.get("a") is None
    assert cache.delete("a") is False
    assert cache.delete("never") is False
    clock.now += 6
    assert cache.delete("b") is False


def test_purge_returns_count():
    clock = FakeClock()
    cache = TTLCache(5, clock=clock)
    cache.set("a", 1)
    cache.set("b", 2)
    clock.now += 4
    cache.set("c", 3)
    clock.now += 2
    assert cache.purge() == 2
    assert cache.purge() == 0
    assert cache.get("c") == 3


def test_evicts_oldest_when_full():
    clock = FakeClock()
    cache = TTLCache(100, max_entries=2, clock=clock)
    cache.set("a", 1)
    clock.now += 1
    cache.set("b", 2)
    clock.now += 1
    cache.set("c", 3)
    assert cache.get("a") is None
    assert cache.get("b") == 2 and cache.get("c") == 3


def test_purges_expired_before_evicting():
    clock = FakeClock()
    cache = TTLCache(10, max_entries=2, clock=clock)
    cache.set("a", 1)
    clock.now += 5
    cache.set("b", 2)
    clock.now += 6  # "a" is now expired, "b" is live
    cache.set("c", 3)
    assert cache.get("b") == 2
    assert cache.get("c") == 3
    assert len(cache) == 2


def test_updating_existing_key_when_full_does_not_evict():
    clock = FakeClock()
    cache = TTLCache(100, max_entries=2, clock=clock)
    cache.set("a", 1)
    cache.set("b", 2)
    cache.set("b", 3)
    assert cache.get("a") == 1 and cache.get("b") == 3


def test_invalid_arguments():
    for kwargs in ({"ttl": 0}, {"ttl": -1}, {"ttl": 5, "max_entries": 0}):
        with pytest.raises(ValueError):
            TTLCache(**kwargs)
