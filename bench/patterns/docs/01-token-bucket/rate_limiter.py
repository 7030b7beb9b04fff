"""Per-client rate limiting for the public API."""

import time
from collections.abc import Callable


class TokenBucket:
    def __init__(
        self,
        capacity: int,
        refill_per_second: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if refill_per_second <= 0:
            raise ValueError("refill_per_second must be positive")
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self._clock = clock
        self._tokens = float(capacity)
        self._updated = clock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.capacity, self._tokens + elapsed * self.refill_per_second)
        self._updated = now

    @property
    def available(self) -> float:
        self._refill()
        return self._tokens

    def try_acquire(self, tokens: int = 1) -> bool:
        if tokens < 1:
            raise ValueError("tokens must be at least 1")
        self._refill()
        if self._tokens >= tokens:
            self._tokens -= tokens
            return True
        return False

    def wait_time(self, tokens: int = 1) -> float:
        if tokens > self.capacity:
            raise ValueError(f"cannot ever acquire {tokens} tokens; capacity is {self.capacity}")
        self._refill()
        missing = tokens - self._tokens
        return max(0.0, missing / self.refill_per_second)


def limiter_for(plan: str) -> TokenBucket:
    limits = {"free": (10, 0.5), "pro": (100, 10.0), "enterprise": (1000, 100.0)}
    capacity, rate = limits[plan]
    return TokenBucket(capacity, rate)
