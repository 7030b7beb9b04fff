from datetime import date, datetime

import pytest

from solution import add_business_days

# 2024-03-01 is a Friday.


def test_within_week():
    assert add_business_days(date(2024, 3, 4), 2) == date(2024, 3, 6)


def test_friday_plus_one_is_monday():
    assert add_business_days(date(2024, 3, 1), 1) == date(2024, 3, 4)


def test_weekend_start_moves_to_monday():
    assert add_business_days(date(2024, 3, 2), 1) == date(2024, 3, 4)
    assert add_business_days(date(2024, 3, 3), 1) == date(2024, 3, 4)


def test_full_week_and_month_boundary():
    assert add_business_days(date(2024, 2, 28), 5) == date(2024, 3, 6)
    assert add_business_days(date(2024, 3, 6), 10) == date(2024, 3, 20)


def test_holidays_are_skipped():
    holidays = [date(2024, 3, 4)]
    assert add_business_days(date(2024, 3, 1), 1, holidays) == date(2024, 3, 5)


def test_holidays_as_generator():
    gen = (d for d in [date(2024, 3, 4), date(2024, 3, 5)])
    assert add_business_days(date(2024, 3, 1), 2, gen) == date(2024, 3, 7)


def test_negative_days():
    assert add_business_days(date(2024, 3, 4), -1) == date(2024, 3, 1)
    assert add_business_days(date(2024, 3, 3), -1) == date(2024, 3, 1)
    assert add_business_days(date(2024, 3, 5), -1, {date(2024, 3, 4)}) == date(2024, 3, 1)


def test_zero_days_returns_start_unchanged():
    assert add_business_days(date(2024, 3, 3), 0) == date(2024, 3, 3)
    assert add_business_days(date(2024, 3, 4), 0, [date(2024, 3, 4)]) == date(2024, 3, 4)


def test_type_errors():
    with pytest.raises(TypeError):
        add_business_days(datetime(2024, 3, 1, 9, 0), 1)
    with pytest.raises(TypeError):
        add_business_days("2024-03-01", 1)
    with pytest.raises(TypeError):
        add_business_days(date(2024, 3, 1), 1.5)
