"""Date arithmetic for subscription billing."""

import calendar
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """Return ``start`` moved by ``months`` calendar months; ``months`` may be negative.

    If the day does not exist in the target month it is clamped to that month's
    last day, so 31 January 2024 plus one month is 29 February 2024.
    """
    index = start.month - 1 + months
    year = start.year + index // 12
    month = index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def billing_dates(anchor: date, count: int) -> list[date]:
    """Return the first ``count`` monthly billing dates of a subscription.

    The first date is ``anchor`` itself. Every date is computed from ``anchor``
    (not from the previous date), so a subscription anchored on the 31st bills
    on the last day of shorter months and goes back to the 31st afterwards.
    Raises ValueError if ``count`` is negative.
    """
    if count < 0:
        raise ValueError(f"count must not be negative: {count}")
    return [add_months(anchor, i) for i in range(count)]


def due_date(issued: date, net_days: int = 30) -> date:
    """Return the payment due date, ``net_days`` after ``issued``.

    A due date that falls on a Saturday or a Sunday moves to the following Monday.
    Raises ValueError if ``net_days`` is negative.
    """
    if net_days < 0:
        raise ValueError(f"net_days must not be negative: {net_days}")
    due = issued + timedelta(days=net_days)
    if due.weekday() > 5:
        due += timedelta(days=7 - due.weekday())
    return due
