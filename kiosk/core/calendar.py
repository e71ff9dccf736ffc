"""Working days: due dates are counted in them, never in calendar days."""
from collections.abc import Callable
from datetime import date, timedelta


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
