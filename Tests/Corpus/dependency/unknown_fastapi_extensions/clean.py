import functools
import time
from collections import deque

CATALOGUE = ["red kettle", "blue kettle", "teapot", "coffee grinder"]


def rate_limiter(calls: int, period: float):
    """Allow at most `calls` calls of the decorated function per `period` seconds."""
    def decorator(function):
        history: deque[float] = deque()

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            now = time.monotonic()
            while history and now - history[0] > period:
                history.popleft()
            if len(history) >= calls:
                raise RuntimeError("rate limit exceeded")
            history.append(now)
            return function(*args, **kwargs)

        return wrapper

    return decorator


@rate_limiter(calls=10, period=60)
def search(query: str) -> list[str]:
    """Search the catalogue; at most 10 calls a minute."""
    return [item for item in CATALOGUE if query.lower() in item.lower()]
