from datetime import date

import pytest

from kiosk.core.calendar import add_working_days


def test_weekends_are_skipped():
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1) == date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 3) == date(2026, 11, 25)


def test_receipt_day_does_not_count():
    monday = date(2026, 11, 23)
    assert add_working_days(monday, 5) == date(2026, 11, 30)


def test_zero_days_on_a_weekend_moves_to_monday():
    assert add_working_days(date(2026, 11, 22), 0) == date(2026, 11, 23)


def test_extra_days_off_are_honoured():
    holiday = date(2026, 11, 24)
    assert add_working_days(date(2026, 11, 23), 1, lambda d: d.weekday() >= 5 or d == holiday) == date(2026, 11, 25)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), -1)
