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


def test_the_shipped_holiday_table_is_the_holidays_package_s():
    """The table a terminal reads instead of loading every country's holidays (kiosk/core/calendar.py) must
    say what the package says; after upgrading it, rewrite the table with `write_holiday_table()`."""
    import holidays

    from kiosk.core import calendar

    table = calendar._holiday_table()
    assert sorted(table) == list(calendar.HOLIDAY_TABLE_YEARS)
    for year in calendar.HOLIDAY_TABLE_YEARS:
        assert table[year] == frozenset(holidays.country_holidays("VN", years=year)), year
    assert date(2026, 2, 17) in table[2026] and date(2026, 9, 2) in table[2026]  # Tết, National Day


def test_a_year_in_the_table_does_not_load_the_holidays_package():
    import subprocess
    import sys

    code = ("import sys; from datetime import date; from kiosk.core.calendar import WorkingCalendar, public_holidays; "
            "assert WorkingCalendar().is_day_off(date(2026, 2, 17)); assert 'holidays' not in sys.modules; "
            "assert date(2051, 1, 1) in public_holidays(2051); assert 'holidays' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
