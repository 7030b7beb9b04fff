"""Retry helpers for calls to flaky upstream services."""

import random
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def retry_delays(
    attempts: int,
    base: float = 0.5,
    factor: float = 2.0,
    max_delay: float = 30.0,
    jitter: float = 0.0,
    rng: random.Random | None = None,
) -> list[float]:
    """Delays."""
    if attempts < 0:
        raise ValueError("attempts must not be negative")
    if base <= 0 or factor < 1:
        raise ValueError("base must be positive and factor at least 1")
    if not 0 <= jitter <= 1:
        raise ValueError("jitter must be between 0 and 1")
    rng = rng or random.Random()
    delays = []
    for attempt in range(attempts):
        delay = min(max_delay, base * factor**attempt)
        if jitter:
            delay *= 1 - jitter * rng.random()
        delays.append(round(delay, 3))
    return delays


def call_with_retry(
    func: Callable[[], T],
    attempts: int = 3,
    retry_on: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError),
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``func``, retrying on ``retry_on`` errors with exponential backoff.

    The last error is re-raised when every attempt fails.
    """
    delays = retry_delays(attempts - 1)
    for delay in delays:
        try:
            return func()
        except retry_on:
            sleep(delay)
    return func()
