from datetime import datetime, timedelta, timezone

import pytest

from solution import merge_slots

UTC = timezone.utc
CEST = timezone(timedelta(hours=2))


def at(hour, minute=0, tz=UTC):
    return datetime(2024, 5, 6, hour, minute, tzinfo=tz)


def test_empty():
    assert merge_slots([]) == []


def test_disjoint_slots_are_sorted():
    slots = [(at(14), at(15)), (at(9), at(10))]
    assert merge_slots(slots) == [(at(9), at(10)), (at(14), at(15))]


def test_overlapping_slots_merge():
    slots = [(at(9), at(11)), (at(10), at(12)), (at(13), at(14))]
    assert merge_slots(slots) == [(at(9), at(12)), (at(13), at(14))]


def test_touching_slots_merge():
    slots = [(at(10), at(11)), (at(9), at(10))]
    assert merge_slots(slots) == [(at(9), at(11))]


def test_contained_slot_is_absorbed():
    slots = [(at(8), at(18)), (at(9), at(10)), (at(12), at(13))]
    assert merge_slots(slots) == [(at(8), at(18))]


def test_different_time_zones_compare_as_instants():
    # 12:30-13:30 at UTC+2 is 10:30-11:30 UTC, which overlaps 10:00-11:00 UTC.
    slots = [(at(10), at(11)), (at(12, 30, CEST), at(13, 30, CEST)), (at(15, 0, CEST), at(16, 0, CEST))]
    result = merge_slots(slots)
    assert len(result) == 2
    assert result[0][0] == at(10) and result[0][1] == at(11, 30)
    assert result[1][0] == at(13) and result[1][1] == at(14)


def test_input_not_modified():
    slots = [(at(11), at(12)), (at(9), at(11, 30))]
    copy = list(slots)
    merge_slots(slots)
    assert slots == copy


def test_end_not_after_start_raises():
    with pytest.raises(ValueError):
        merge_slots([(at(10), at(10))])
    with pytest.raises(ValueError):
        merge_slots([(at(9), at(10)), (at(12), at(11))])


def test_naive_datetime_raises():
    with pytest.raises(ValueError):
        merge_slots([(datetime(2024, 5, 6, 9), datetime(2024, 5, 6, 10))])
    with pytest.raises(ValueError):
        merge_slots([(at(9), datetime(2024, 5, 6, 10))])
