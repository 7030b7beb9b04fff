"""Reference solution: a circuit breaker with an injectable clock."""

import time
from collections.abc import Callable
from typing import Any


class CircuitOpenError(RuntimeError):
    """Raised when a call is refused because the circuit is open."""


class CircuitBreaker:
    """Stops calling a failing dependency until a recovery timeout has passed."""

    def __init__(
        self,
        failure_threshold: int = 5,
        recovery_timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout must not be negative")
        self._threshold = failure_threshold
        self._timeout = recovery_timeout
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> str:
        """Return "closed", "open" or "half_open"."""
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self._timeout:
            return "half_open"
        return "open"

    def _open(self) -> None:
        self._opened_at = self._clock()

    def call(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Invoke func through the breaker."""
        state = self.state
        if state == "open":
            raise CircuitOpenError("circuit is open")
        try:
            result = func(*args, **kwargs)
        except Exception:
            if state == "half_open":
                self._open()
            else:
                self._failures += 1
                if self._failures >= self._threshold:
                    self._open()
            raise
        self._failures = 0
        self._opened_at = None
        return result
