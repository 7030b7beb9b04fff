"""Reference solution: business-day arithmetic with holidays."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta


def add_business_days(start: date, days: int, holidays: Iterable[date] = ()) -> date:
    """Move days business days (Mon-Fri, not in holidays) from start."""
    if isinstance(start, datetime) or not isinstance(start, date):
        raise TypeError("start must be a datetime.date, not a datetime")
    if not isinstance(days, int) or isinstance(days, bool):
        raise TypeError("days must be an int")
    closed = set(holidays)
    step = timedelta(days=1 if days > 0 else -1)
    current = start
    for _ in range(abs(days)):
        current += step
        while current.weekday() >= 5 or current in closed:
            current += step
    return current
