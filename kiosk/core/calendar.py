"""Working days: due dates are counted in them, never in calendar days."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

# Vietnam's public holidays of the years a terminal meets, as the `holidays` package gives them, kept as data:
# that package loads the holidays of every country (~300 modules, ~14 MB) to give one, which weighed on a
# terminal's memory budget from its first filing on (kiosk bench soak). Years outside the table still ask it.
# tests/unit/test_calendar.py checks the table against the package; `write_holiday_table()` rewrites it.
HOLIDAY_TABLE = Path(__file__).with_name("public_holidays_vn.yaml")
HOLIDAY_TABLE_YEARS = range(2020, 2041)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def add_working_days(start: date, days: int, is_day_off: Callable[[date], bool] = is_weekend) -> date:
    """The date `days` working days after `start` (the day of receipt does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if not is_day_off(current):
            remaining -= 1
    while is_day_off(current):  # a zero-day procedure received on a Sunday is due on Monday
        current += timedelta(days=1)
    return current


@cache
def public_holidays(year: int) -> frozenset[date]:
    """Vietnam's public holidays of a year, lunar Tết included (the `holidays` package's, see HOLIDAY_TABLE)."""
    table = _holiday_table()
    return table[year] if year in table else _from_package(year)


@cache
def _holiday_table() -> dict[int, frozenset[date]]:
    found = yaml.safe_load(HOLIDAY_TABLE.read_text(encoding="utf-8"))
    return {int(year): frozenset(days) for year, days in found.items()}


def _from_package(year: int) -> frozenset[date]:
    import holidays  # only for a year outside the table

    return frozenset(holidays.country_holidays("VN", years=year))


def write_holiday_table() -> None:
    """Rewrite HOLIDAY_TABLE from the `holidays` package (after upgrading it)."""
    table = {year: sorted(_from_package(year)) for year in HOLIDAY_TABLE_YEARS}
    HOLIDAY_TABLE.write_text("# Written by kiosk.core.calendar.write_holiday_table() from the holidays package.\n"
                             + yaml.safe_dump(table, sort_keys=True), encoding="utf-8")


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekends and public holidays off, corrected by the administrator's overrides: extra days off
    (a decision to close) and working days (a Saturday worked to bridge a holiday)."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    working_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_overrides(cls, days_off: Iterable[date] = (), working: Iterable[date] = ()) -> "WorkingCalendar":
        return cls(frozenset(days_off), frozenset(working))

    def is_day_off(self, day: date) -> bool:
        if day in self.working_days:
            return False
        return day in self.extra_days_off or is_weekend(day) or day in public_holidays(day.year)

    def add_working_days(self, start: date, days: int) -> date:
        return add_working_days(start, days, self.is_day_off)

    def add_days(self, start: date, days: int) -> date:
        """`days` calendar days after `start`; a period ending on a day off ends on the next working day
        (Civil Code 2015, art. 148)."""
        end = start + timedelta(days=days)
        while self.is_day_off(end):
            end += timedelta(days=1)
        return end

    def due_on(self, start: date, days: int, unit: str) -> date:
        """The appointment date for a time limit the law counts in working days or in calendar days."""
        return self.add_days(start, days) if unit == "days" else self.add_working_days(start, days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (a dossier's processing time)."""
        return sum(not self.is_day_off(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
