"""A small in-process cache with per-entry expiry, used in front of the pricing API."""

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class TTLCache:
    """Bounded mapping whose entries expire after a time-to-live.

    When the cache is full the least recently written entry is evicted.
    """

    def __init__(
        self,
        max_entries: int = 1024,
        default_ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Create an empty cache holding at most ``max_entries`` entries."""
        self.max_entries = max_entries
        self.default_ttl = default_ttl
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()

    def get(self, key: Hashable, default: Any = None) -> Any:
        """Return the cached value for ``key``, or ``default`` if absent or expired."""
        entry = self._entries.get(key)
        if entry is None:
            return default
        expires_at, value = entry
        if expires_at <= self._clock():
            del self._entries[key]
            return default
        return value

    def set(self, key: Hashable, value: Any, ttl: float | None = None) -> Hashable | None:
        ttl = self.default_ttl if ttl is None else ttl
        if ttl <= 0:
            raise ValueError(f"ttl must be positive: {ttl}")
        evicted = None
        if key in self._entries:
            del self._entries[key]
        elif len(self._entries) >= self.max_entries:
            evicted, _ = self._entries.popitem(last=False)
        self._entries[key] = (self._clock() + ttl, value)
        return evicted

    def purge_expired(self) -> int:
        """Drop every expired entry and return how many were dropped."""
        now = self._clock()
        expired = [key for key, (expires_at, _) in self._entries.items() if expires_at <= now]
        for key in expired:
            del self._entries[key]
        return len(expired)
