"""Reference solution: a time-to-live cache with an injectable clock."""

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class TTLCache:
    """Mapping whose entries expire ttl seconds after they were set."""

    def __init__(
        self,
        ttl: float,
        max_entries: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl <= 0 or max_entries <= 0:
            raise ValueError("ttl and max_entries must be positive")
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()

    def _expired(self, stored_at: float, now: float) -> bool:
        return now - stored_at >= self._ttl

    def set(self, key: Hashable, value: Any) -> None:
        """Store value under key with a fresh expiry."""
        now = self._clock()
        if key in self._data:
            del self._data[key]
        elif len(self._data) >= self._max:
            self.purge()
            if len(self._data) >= self._max:
                self._data.popitem(last=False)
        self._data[key] = (now, value)

    def get(self, key: Hashable, default: Any = None) -> Any:
        """Return the live value for key, or default."""
        entry = self._data.get(key)
        if entry is None:
            return default
        stored_at, value = entry
        if self._expired(stored_at, self._clock()):
            del self._data[key]
            return default
        return value

    def delete(self, key: Hashable) -> bool:
        """Remove key; return True if a live entry was removed."""
        entry = self._data.pop(key, None)
        if entry is None:
            return False
        return not self._expired(entry[0], self._clock())

    def purge(self) -> int:
        """Drop all expired entries and return how many were dropped."""
        now = self._clock()
        dead = [
            key
            for key, (stored_at, _) in self._data.items()
            if self._expired(stored_at, now)
        ]
        for key in dead:
            del self._data[key]
        return len(dead)

    def __len__(self) -> int:
        now = self._clock()
        live = [s for s, _ in self._data.values() if not self._expired(s, now)]
        return len(live)
