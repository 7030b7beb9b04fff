"""Working-day slot calculations for the appointment booking service.

Times are minutes after midnight; intervals are half-open ``(start, end)`` tuples.
"""

Interval = tuple[int, int]


def parse_hhmm(text: str) -> int:
    """Convert a 24-hour ``"HH:MM"`` time to minutes after midnight.

    Hours run 0-23 and minutes 00-59; a one-digit hour such as ``"9:05"`` is
    accepted and surrounding whitespace is ignored.
    Raises ValueError for any other format or an out-of-range hour or minute.
    """
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit():
        raise ValueError(f"invalid time: {text!r}")
    if len(hours) > 2 or len(minutes) != 2:
        raise ValueError(f"invalid time: {text!r}")
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        raise ValueError(f"time out of range: {text!r}")
    return h * 60 + m


def overlaps(a: Interval, b: Interval) -> bool:
    """Return True if intervals ``a`` and ``b`` share at least one minute.

    Intervals that only touch (one ends exactly where the other starts) do not
    overlap. Raises ValueError if either interval has ``start >= end``.
    """
    for start, end in (a, b):
        if start >= end:
            raise ValueError(f"empty or reversed interval: {(start, end)}")
    return a[0] < b[1] and b[0] < a[1]


def free_slots(
    busy: list[Interval], day_start: int, day_end: int, min_length: int = 15
) -> list[Interval]:
    """Return the free intervals between ``day_start`` and ``day_end``, in time order.

    ``busy`` may be unsorted, its intervals may overlap or contain each other,
    and they may extend past either end of the day. Only gaps of at least
    ``min_length`` minutes are returned.
    Raises ValueError if ``day_start >= day_end`` or ``min_length`` is less than 1.
    """
    if day_start >= day_end:
        raise ValueError("day_start must be before day_end")
    if min_length < 1:
        raise ValueError("min_length must be at least 1")
    slots: list[Interval] = []
    cursor = day_start
    for start, end in sorted(busy):
        start, end = max(start, day_start), min(end, day_end)
        if start >= end:
            continue  # entirely outside the working day
        if start - cursor >= min_length:
            slots.append((cursor, start))
        cursor = end
    if day_end - cursor >= min_length:
        slots.append((cursor, day_end))
    return slots
