"""Reference solution: exponential back-off retry policy."""

import math


class RetryPolicy:
    """Decides whether to retry and how long to wait between attempts."""

    def __init__(
        self,
        max_attempts: int = 5,
        base_delay: float = 0.5,
        multiplier: float = 2.0,
        max_delay: float = 30.0,
        retry_on: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError),
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if base_delay < 0 or max_delay < 0:
            raise ValueError("delays must not be negative")
        if multiplier < 1:
            raise ValueError("multiplier must be at least 1")
        self.max_attempts = max_attempts
        self.base_delay = float(base_delay)
        self.multiplier = float(multiplier)
        self.max_delay = float(max_delay)
        self.retry_on = tuple(retry_on)

    def delay(self, attempt: int) -> float:
        """Return the back-off in seconds after the given failed attempt (1-based)."""
        if attempt < 1:
            raise ValueError("attempt must be at least 1")
        if self.base_delay == 0:
            return 0.0
        if self.multiplier > 1:
            # Compare in log space so huge attempts cannot overflow.
            if self.max_delay == 0:
                return 0.0
            limit = math.log(self.max_delay / self.base_delay)
            if (attempt - 1) * math.log(self.multiplier) >= limit:
                return self.max_delay
        return min(self.base_delay * self.multiplier ** (attempt - 1), self.max_delay)

    def should_retry(self, attempt: int, exc: BaseException) -> bool:
        """Return True if another attempt should follow this failure."""
        if attempt < 1:
            raise ValueError("attempt must be at least 1")
        return attempt < self.max_attempts and isinstance(exc, self.retry_on)
