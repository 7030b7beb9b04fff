"""Reference solution: merge booking slots into their union."""

from datetime import datetime


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


Slot = tuple[datetime, datetime]


def merge_slots(slots: list[Slot]) -> list[Slot]:
    """Return the sorted union of (start, end) slots.

    Overlapping or touching slots are merged; comparisons use absolute instants.
    """
    for start, end in slots:
        if not (_is_aware(start) and _is_aware(end)):
            raise ValueError("slot datetimes must be timezone-aware")
        if end <= start:
            raise ValueError("slot end must be after its start")
    merged: list[Slot] = []
    for start, end in sorted(slots, key=lambda slot: slot[0]):
        if merged and start <= merged[-1][1]:
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged
