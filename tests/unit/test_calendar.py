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


def test_public_holidays_include_lunar_tet():
    from kiosk.core.calendar import WorkingCalendar

    calendar = WorkingCalendar()
    assert calendar.is_day_off(date(2026, 2, 17))  # Tết
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)  # Fri before Tết -> Mon after
    assert calendar.add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)  # 30/4 and 1/5, weekend


def test_overrides_add_days_off_and_working_saturdays():
    from kiosk.core.calendar import WorkingCalendar

    calendar = WorkingCalendar.with_overrides(days_off=[date(2026, 12, 1)], working=[date(2026, 12, 5)])
    assert calendar.add_working_days(date(2026, 11, 30), 1) == date(2026, 12, 2)
    assert calendar.add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 5)  # the worked Saturday
