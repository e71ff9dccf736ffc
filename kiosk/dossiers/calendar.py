"""The working-day calendar as this installation keeps it: public holidays plus stored overrides."""
from datetime import date

from sqlalchemy import Date, String, select
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.core.calendar import WorkingCalendar
from kiosk.extensions import db

KINDS = ("day_off", "working_day")


class CalendarOverride(db.Model):
    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # day_off | working_day
    note: Mapped[str] = mapped_column(String(200), default="")


def current_calendar() -> WorkingCalendar:
    rows = db.session.scalars(select(CalendarOverride)).all()
    return WorkingCalendar.with_overrides([r.day for r in rows if r.kind == "day_off"],
                                          [r.day for r in rows if r.kind == "working_day"])


def set_override(day: date, kind: str, note: str = "") -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    db.session.merge(CalendarOverride(day=day, kind=kind, note=note))
    db.session.commit()
