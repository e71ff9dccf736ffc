"""The working-day calendar as this installation keeps it: public holidays plus stored overrides."""
from datetime import date

from sqlalchemy import select

from kiosk.core.calendar import WorkingCalendar
from kiosk.extensions import db

from .models import CalendarOverride

KINDS = ("day_off", "working_day")


def current_calendar() -> WorkingCalendar:
    rows = db.session.scalars(select(CalendarOverride)).all()
    return WorkingCalendar.with_overrides([r.day for r in rows if r.kind == "day_off"],
                                          [r.day for r in rows if r.kind == "working_day"])


def set_override(day: date, kind: str, note: str = "") -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    db.session.merge(CalendarOverride(day=day, kind=kind, note=note))
    db.session.commit()
